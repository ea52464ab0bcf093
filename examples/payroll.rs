//! From payroll records to a settlement: measure short-term sick leave in a
//! payroll export (synthetic: 150 positions over 50 months), hand the monthly
//! series to the settlement.
//!
//! ```sh
//! cargo run -p utfall-examples --example payroll
//! ```
#![allow(clippy::print_stdout)]

use utfall::absence::{Headcount, measure_reader};
use utfall::engine::{Contract, MonthlySeries, Outcome, settle};

const ABSENCE: &[u8] = include_bytes!("../tests/fixtures/absence/generated/absence.csv");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let headcount = Headcount::from_csv_str(include_str!("../tests/fixtures/absence/generated/headcount.csv"))?;
    // Default options; `measure` takes options, reports progress and opens a
    // file larger than memory afresh for each reading (as `utfall measure` does).
    let measurement = measure_reader(ABSENCE, &headcount)?;
    let summary = measurement.summary();
    println!(
        "{} rows, {} employees, {} spells, {} – {}",
        summary.rows, summary.employees, summary.spells, summary.first_date, summary.last_date
    );

    // The monthly series the settlement reads: days 1–14, whole organisation.
    let mut series = Vec::new();
    measurement.write_series(&mut series)?;
    let series = MonthlySeries::from_csv_str(std::str::from_utf8(&series)?)?;

    let contract = Contract::from_toml_str(include_str!("payroll/contract.toml"))?;
    let statement = settle(&contract, &Outcome::from_monthly(&contract, &series, None)?)?;
    for id in [
        "outcome.saved_days",
        "outcome.value",
        "provider[Provider].outcome_payment",
    ] {
        let line = statement.line(id)?;
        println!("{:<40} {:>24}", line.label, line.result.round_dp(2));
    }
    Ok(())
}
