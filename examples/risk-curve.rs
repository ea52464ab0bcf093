//! `risk-curve`: how a contract shares the risk before the outcome is known
//! (the report's Figure 3, *Ekonomisk riskdelning*): each provider's pay and
//! the funder's net result as the value of saved days runs from 0 to twice the
//! investment, over the whole term as agreed, with break-even and the caps
//! marked.
//!
//! ```text
//! risk-curve --contract FILE [--svg FILE] [--csv FILE] [--steps N]
//! ```
//!
//! Without `--svg` or `--csv` the table goes to standard output as CSV. The
//! Botkyrka chart is committed as `examples/botkyrka/risk-curve.svg` (and
//! `.csv`), made with
//! `risk-curve --contract examples/botkyrka/contract.toml --svg examples/botkyrka/risk-curve.svg --csv examples/botkyrka/risk-curve.csv`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

#[path = "common/cli.rs"]
mod cli;
use cli::usage;

use anyhow::{Context, Result};
use utfall::engine::{Contract, RiskCurve};
use utfall::render::{Style, render_risk_csv, render_risk_svg};

const USAGE: &str = "usage: risk-curve --contract FILE [--svg FILE] [--csv FILE] [--steps N]";

/// Steps from 0 to twice the investment unless `--steps` says otherwise.
const STEPS: u32 = 40;

fn main() -> ExitCode {
    cli::exit("risk-curve", USAGE, run(std::env::args().skip(1).collect()))
}

fn run(args: Vec<String>) -> Result<()> {
    let (mut contract, mut svg, mut csv, mut steps) = (None, None, None, None);
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let slot = match flag.as_str() {
            "--contract" => &mut contract,
            "--svg" => &mut svg,
            "--csv" => &mut csv,
            "--steps" => &mut steps,
            "--help" | "-h" => return Err(usage("draws the risk-sharing curve of a contract")),
            other => return Err(usage(format!("unknown argument {other:?}"))),
        };
        let value = args.next().ok_or_else(|| usage(format!("{flag} needs a value")))?;
        if slot.replace(value).is_some() {
            return Err(usage(format!("{flag} is given twice")));
        }
    }
    let path: String = contract.ok_or_else(|| usage("--contract is required"))?;
    let steps = match steps {
        Some(s) => s
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=10_000).contains(n))
            .ok_or_else(|| usage(format!("--steps: {s:?} is not a whole number from 1 to 10000")))?,
        None => STEPS,
    };
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read the contract file {path:?}"))?;
    let contract = Contract::from_toml_str(&text).map_err(|e| e.in_file(&path))?;
    let curve = RiskCurve::new(&contract, steps)?;
    if let Some(file) = &svg {
        std::fs::write(file, render_risk_svg(&curve, &Style::swedish()))
            .with_context(|| format!("cannot write {file:?}"))?;
    }
    if let Some(file) = &csv {
        std::fs::write(file, render_risk_csv(&curve)).with_context(|| format!("cannot write {file:?}"))?;
    }
    if svg.is_none() && csv.is_none() {
        print!("{}", render_risk_csv(&curve));
    }
    Ok(())
}
