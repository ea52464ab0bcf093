//! `ledger`: settles a contract at each month of its payment schedule and
//! prints the settlements and each party's ledger.
//!
//! ```text
//! ledger --contract FILE --monthly FILE [--index FILE] [--until MONTH]
//! ```
//!
//! At each settlement month the contract is settled as it stood then (the
//! amendments agreed by then, the outcome measured up to then); the outcome
//! payment due is the payment to date less what was paid before. `--until`
//! stops after that month, as a steering group would see the ledger then.
//!
//! ```sh
//! cargo run --example ledger -- --contract examples/illustrative/contract-quarterly.toml \
//!     --monthly examples/illustrative/monthly.csv --index examples/illustrative/index.csv
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

#[path = "common/cli.rs"]
mod cli;
use cli::usage;

use anyhow::{Context, Result};
use utfall::engine::{Contract, ErrorKind, Ledger, Month, MonthlySeries, NationalIndex};
use utfall::render::{Style, render_ledger_text};

const USAGE: &str = "usage: ledger --contract FILE --monthly FILE [--index FILE] [--until MONTH]";

fn main() -> ExitCode {
    cli::exit("ledger", USAGE, run(std::env::args().skip(1).collect()))
}

fn run(args: Vec<String>) -> Result<()> {
    let (mut contract, mut monthly, mut index, mut until) = (None, None, None, None);
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let slot = match flag.as_str() {
            "--contract" => &mut contract,
            "--monthly" => &mut monthly,
            "--index" => &mut index,
            "--until" => &mut until,
            "--help" | "-h" => return Err(usage("settles a contract at each month of its payment schedule")),
            other => return Err(usage(format!("unknown argument {other:?}"))),
        };
        let value = args.next().ok_or_else(|| usage(format!("{flag} needs a value")))?;
        if slot.replace(value).is_some() {
            return Err(usage(format!("{flag} is given twice")));
        }
    }
    let contract_path: String = contract.ok_or_else(|| usage("--contract is required"))?;
    let monthly_path: String = monthly.ok_or_else(|| usage("--monthly is required"))?;
    let until: Option<Month> = match until {
        Some(m) => Some(m.parse().map_err(|e| usage(format!("--until: {e}")))?),
        None => None,
    };
    let read = |path: &str, what: &str| {
        std::fs::read_to_string(path).with_context(|| format!("cannot read the {what} file {path:?}"))
    };
    let contract =
        Contract::from_toml_str(&read(&contract_path, "contract")?).map_err(|e| e.in_file(&contract_path))?;
    let series =
        MonthlySeries::from_csv_str(&read(&monthly_path, "monthly series")?).map_err(|e| e.in_file(&monthly_path))?;
    let index_path = index;
    let index = match &index_path {
        Some(path) => Some(NationalIndex::from_csv_str(&read(path, "national index")?).map_err(|e| e.in_file(path))?),
        None => None,
    };
    // A month missing from the index is the index file's fault; every other
    // error here is about the series.
    let ledger = Ledger::run(&contract, &series, index.as_ref(), until).map_err(|e| match (e.kind(), &index_path) {
        (ErrorKind::MissingIndexMonth { .. }, Some(path)) => e.in_file(path),
        _ => e.in_file(&monthly_path),
    })?;
    print!("{}", render_ledger_text(&ledger, &Style::swedish()));
    Ok(())
}
