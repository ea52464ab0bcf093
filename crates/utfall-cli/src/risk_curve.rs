//! `utfall risk-curve`: how a contract shares the risk before the outcome is
//! known, as an SVG chart and a CSV table, with the measured outcome and the
//! target marked when known.

use anyhow::Result;
use utfall_engine::{Outcome, RiskCurve, WhatIf};
use utfall_render::{render_risk_csv_in, render_risk_svg};

use crate::args::RiskCurveArgs;
use crate::output::{self, Outputs};
use crate::same_file::Files;
use crate::{input, interrupt};

/// Runs `utfall risk-curve`.
///
/// # Errors
/// Bad or unreadable input, or an output that cannot be written.
pub fn run(args: RiskCurveArgs) -> Result<()> {
    Files::new()
        .input("--contract", Some(&args.contract))
        .input("--monthly", args.monthly.as_deref())
        .input("--index", args.index.as_deref())
        .output("--svg", args.svg.as_deref())
        .output("--csv", args.csv.as_deref())
        .refuse_same("risk-curve")?;
    let contract = input::contract(&args.contract)?;
    interrupt::check()?;
    let mut curve = RiskCurve::new(&contract, args.steps)?;
    if let Some(value) = args.value {
        curve = curve.with_measured(&contract, value)?;
    }
    if let Some(monthly) = &args.monthly {
        let series = input::series(monthly, &args.dialect)?;
        let index = input::index(args.index.as_deref(), &args.dialect)?;
        let outcome = Outcome::from_monthly(&contract, &series, index.as_ref())
            .map_err(|e| input::blame(e, monthly, args.index.as_deref()))?;
        curve = curve.with_measured(&contract, outcome.value())?;
        // The target is marked when one is given or the contract states one.
        if args.target.is_some() || contract.target_reduction().is_some() {
            let at = WhatIf::at_target(&contract, &series, args.target).map_err(|e| input::blame(e, monthly, None))?;
            curve = curve.with_target(&contract, &at)?;
        }
    }
    let dialect = args.csv_dialect.map(|c| c.output()).unwrap_or_default();
    if args.svg.is_none() && args.csv.is_none() {
        return output::to_stdout(render_risk_csv_in(&curve, dialect).as_bytes());
    }
    // Both files are in place, or neither is replaced.
    let mut outputs = Outputs::new();
    if let Some(svg) = &args.svg {
        outputs.bytes(svg, render_risk_svg(&curve, &args.locale.style()).as_bytes())?;
    }
    if let Some(csv) = &args.csv {
        outputs.bytes(csv, render_risk_csv_in(&curve, dialect).as_bytes())?;
    }
    outputs.commit().map(drop)
}
