//! Settling on account: a contract with a quarterly schedule and a dated
//! amendment, settled at each quarter as it stood then; each party's ledger,
//! and the same ledger as an Excel workbook (the `xlsx` feature, which this
//! examples crate turns on).
//!
//! ```sh
//! cargo run -p utfall-examples --example ledger
//! ```
#![allow(clippy::print_stdout)]

use utfall::engine::{Contract, Ledger, MonthlySeries, NationalIndex};
use utfall::render::render_ledger_xlsx;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let contract = Contract::from_toml_str(include_str!("illustrative/contract-quarterly.toml"))?;
    let series = MonthlySeries::from_csv_str(include_str!("illustrative/monthly.csv"))?;
    let index = NationalIndex::from_csv_str(include_str!("illustrative/index.csv"))?;
    let ledger = Ledger::run(&contract, &series, Some(&index), None)?;

    for settlement in &ledger.settlements {
        for p in &settlement.providers {
            println!(
                "{}  {:<12} to date {:>14}  due {:>14}",
                settlement.month, p.name, p.to_date, p.due
            );
        }
    }
    for party in ledger.parties() {
        println!("balance of {party}: {}", ledger.party(party)?.balance);
    }

    let path = std::env::temp_dir().join("utfall-ledger-example.xlsx");
    std::fs::write(&path, render_ledger_xlsx(&ledger, &utfall::render::Style::swedish())?)?;
    println!("workbook: {}", path.display());
    Ok(())
}
