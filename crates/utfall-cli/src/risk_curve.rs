//! `utfall risk-curve`: how a contract shares the risk before the outcome is
//! known, as an SVG chart and a CSV table.

use anyhow::Result;
use utfall_engine::RiskCurve;
use utfall_render::{render_risk_csv, render_risk_svg};

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
        .output("--svg", args.svg.as_deref())
        .output("--csv", args.csv.as_deref())
        .refuse_same("risk-curve")?;
    let contract = input::contract(&args.contract)?;
    interrupt::check()?;
    let curve = RiskCurve::new(&contract, args.steps)?;
    if args.svg.is_none() && args.csv.is_none() {
        return output::to_stdout(render_risk_csv(&curve).as_bytes());
    }
    // Both files are in place, or neither is replaced.
    let mut outputs = Outputs::new();
    if let Some(svg) = &args.svg {
        outputs.bytes(svg, render_risk_svg(&curve, &args.locale.style()).as_bytes())?;
    }
    if let Some(csv) = &args.csv {
        outputs.bytes(csv, render_risk_csv(&curve).as_bytes())?;
    }
    outputs.commit().map(drop)
}
