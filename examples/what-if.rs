//! `what-if`: the saved days per employee a contract needs to break even and to
//! reach its cap over the measured window, and a table of payments by saved
//! days per employee.
//!
//! ```text
//! what-if --contract FILE --headcount N [--step DAYS] [--format text|csv]
//! ```
//!
//! `--headcount` is the average number of employees (Botkyrka: 6 350, the
//! report's 4 900 women and 1 450 men); `--step` the table's step in saved days
//! per employee (default: a round step giving about 15 rows).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

#[path = "common/cli.rs"]
mod cli;
use cli::usage;

use anyhow::{Context, Result};
use utfall::engine::{Contract, WhatIf, parse_decimal};
use utfall::render::{Style, render_whatif_csv, render_whatif_text};

const USAGE: &str = "usage: what-if --contract FILE --headcount N [--step DAYS] [--format text|csv]";

fn main() -> ExitCode {
    cli::exit("what-if", USAGE, run(std::env::args().skip(1).collect()))
}

fn run(args: Vec<String>) -> Result<()> {
    let (mut contract, mut headcount, mut step, mut format) = (None, None, None, None);
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let slot = match flag.as_str() {
            "--contract" => &mut contract,
            "--headcount" => &mut headcount,
            "--step" => &mut step,
            "--format" => &mut format,
            "--help" | "-h" => return Err(usage("what a contract needs to break even and to reach its cap")),
            other => return Err(usage(format!("unknown argument {other:?}"))),
        };
        let value = args.next().ok_or_else(|| usage(format!("{flag} needs a value")))?;
        if slot.replace(value).is_some() {
            return Err(usage(format!("{flag} is given twice")));
        }
    }
    let path: String = contract.ok_or_else(|| usage("--contract is required"))?;
    let headcount: String = headcount.ok_or_else(|| usage("--headcount is required"))?;
    let headcount = headcount
        .parse::<u32>()
        .ok()
        .filter(|h| *h > 0)
        .ok_or_else(|| usage(format!("--headcount: {headcount:?} is not a whole number above 0")))?;
    let step = match step {
        Some(s) => Some(parse_decimal(&s).map_err(|e| usage(format!("--step: {e}")))?),
        None => None,
    };
    let format = format.unwrap_or_else(|| "text".to_owned());
    if !matches!(format.as_str(), "text" | "csv") {
        return Err(usage(format!("--format {format:?} is not one of text, csv")));
    }
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read the contract file {path:?}"))?;
    let contract = Contract::from_toml_str(&text).map_err(|e| e.in_file(&path))?;
    let whatif = WhatIf::new(&contract, headcount, step)?;
    match format.as_str() {
        "csv" => print!("{}", render_whatif_csv(&whatif)),
        _ => print!("{}", render_whatif_text(&whatif, &Style::swedish())),
    }
    Ok(())
}
