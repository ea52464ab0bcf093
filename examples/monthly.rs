//! Settling from monthly data with the national trend removed: Botkyrka's
//! terms on a synthetic monthly series (Botkyrka's own monthly figures are
//! not published), month by month.
//!
//! ```sh
//! cargo run -p utfall-examples --example monthly
//! ```
#![allow(clippy::print_stdout)]

use utfall::engine::{Basis, Contract, MonthlySeries, NationalIndex, Outcome, settle};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let contract = Contract::from_toml_str(include_str!("illustrative/contract.toml"))?;
    let series = MonthlySeries::from_csv_str(include_str!("illustrative/monthly.csv"))?;
    let index = NationalIndex::from_csv_str(include_str!("illustrative/index.csv"))?;
    let outcome = Outcome::from_monthly(&contract, &series, Some(&index))?;

    if let Basis::Monthly { months, .. } = outcome.basis() {
        println!("month    reference  x(m)    x(ref)  x_adj(m)  δ(m)     S(m)");
        for m in months {
            println!(
                "{}  {}    {:.4}  {:.4}  {:.4}    {:+.4}  {:+.1}",
                m.month,
                m.reference_month,
                m.per_employee,
                m.reference_per_employee,
                m.adjusted_per_employee,
                m.delta,
                m.saved_days
            );
        }
    }
    let statement = settle(&contract, &outcome)?;
    println!("value of saved days  {}", outcome.value().round_dp(2));
    for provider in statement.providers() {
        println!(
            "{}: outcome payment {} (capped: {})",
            provider.name, provider.outcome_payment, provider.capped
        );
    }
    println!("funder keeps         {}", statement.figure("window.funder_keeps")?);
    Ok(())
}
