//! `botkyrka`: the settlement of Botkyrka's outcome contract with Aino Health for
//! October 2018 – February 2020, from the value of saved days that RISE's report
//! states, reconciled line by line with the report.
//!
//! ```sh
//! cargo run --example botkyrka
//! ```
//!
//! It settles twice: with the exact share of each saved krona, `s = r·C/I`, and
//! with the report's rounded `s = 18.4 %`; then, on the illustrative synthetic
//! monthly data, the same terms settled quarterly with the amendment as dated
//! data, and each party's ledger. The data are under
//! `examples/botkyrka/`: `contract.toml`, `contract-stated-share.toml` and
//! `report.toml` (the report's figures, each with its quote).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use utfall::engine::{
    Contract, Ledger, MonthlySeries, NationalIndex, Outcome, ReportedFigures, Statement, reconcile, settle,
};
use utfall::render::{Style, render_ledger_text, render_reconciliation, render_text};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/botkyrka");

fn main() -> ExitCode {
    match run() {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("botkyrka: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn read(name: &str) -> Result<(String, String)> {
    let path = Path::new(DATA).join(name);
    let shown = format!("examples/botkyrka/{name}");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok((text, shown))
}

fn contract(name: &str) -> Result<Contract> {
    let (text, shown) = read(name)?;
    Ok(Contract::from_toml_str(&text).map_err(|e| e.in_file(shown))?)
}

fn run() -> Result<String> {
    let exact = contract("contract.toml")?;
    let stated = contract("contract-stated-share.toml")?;
    let (text, shown) = read("report.toml")?;
    let report = ReportedFigures::from_toml_str(&text).map_err(|e| e.in_file(&shown))?;
    let reported = report
        .outcome
        .as_ref()
        .with_context(|| format!("{shown}: the [outcome] table with the stated value is missing"))?;

    let settle_on = |contract: &Contract| -> Result<Statement> {
        let outcome = Outcome::from_value(contract, reported.value, reported.headcount)?;
        Ok(settle(contract, &outcome)?)
    };
    let with_exact = settle_on(&exact)?;
    let with_stated = settle_on(&stated)?;
    let rows = reconcile(&report, &[("exact", &with_exact), ("stated", &with_stated)])?;

    let style = Style::swedish();
    let mut out = String::new();
    out.push_str("Botkyrka × Aino Health: settlement October 2018 – February 2020\n");
    out.push_str("from the value of saved days stated in RISE's report (001_d9a983413e1d7c3c.txt,\n");
    out.push_str("SUMMERING AV EKONOMISKT UTFALL oktober 2018-februari 2020), settled twice:\n");
    out.push_str("  exact:  with the share s = r·C/I that the contract terms imply\n");
    out.push_str("  stated: with the report's rounded share s = 18.4 %\n\n");
    out.push_str(&render_text(&with_exact, &style));
    out.push('\n');
    out.push_str(&render_text(&with_stated, &style));
    let title = "Reconciliation with the report";
    out.push_str(&format!("\n{title}\n{}\n", "=".repeat(title.len())));
    out.push_str(&render_reconciliation(&rows, with_exact.currency(), &style));

    // The same terms settled quarterly on account, with the pandemic amendment
    // as dated data, on the illustrative monthly data (synthetic: Botkyrka's
    // monthly figures are not published).
    let illustrative = |name: &str| -> Result<String> {
        let path = Path::new(DATA).join("../illustrative").join(name);
        std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))
    };
    let quarterly = Contract::from_toml_str(&illustrative("contract-quarterly.toml")?)
        .map_err(|e| e.in_file("examples/illustrative/contract-quarterly.toml"))?;
    let series = MonthlySeries::from_csv_str(&illustrative("monthly.csv")?)
        .map_err(|e| e.in_file("examples/illustrative/monthly.csv"))?;
    let index = NationalIndex::from_csv_str(&illustrative("index.csv")?)
        .map_err(|e| e.in_file("examples/illustrative/index.csv"))?;
    let ledger = Ledger::run(&quarterly, &series, Some(&index), None)?;
    let title = "Settled quarterly on account (illustrative synthetic monthly data)";
    out.push_str(&format!("\n{title}\n{}\n\n", "=".repeat(title.chars().count())));
    out.push_str(&render_ledger_text(&ledger, &style));
    Ok(out)
}
