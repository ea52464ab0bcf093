//! Botkyrka's settlement for October 2018 – February 2020 in library calls:
//! the contract's terms, the value of saved days that RISE's evaluation
//! report states, the settlement, and the report's figures checked exactly
//! (`docs/method.md` §7).
//!
//! ```sh
//! cargo run -p utfall-examples --example botkyrka
//! ```
//!
//! `utfall botkyrka` prints the same settlement in full and reconciles it
//! line by line with the report.
#![allow(clippy::print_stdout)]

use utfall::engine::{Contract, Outcome, settle};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The terms, each with the passage of the report it comes from ([sources]).
    let contract = Contract::from_toml_str(include_str!("botkyrka/contract.toml"))?;

    // The report publishes the value of the days saved over the 17 measured
    // months, not the monthly data: «Totalt värde av sparade dagar under
    // perioden ≈ 14 700 000 kr», with 4 900 + 1 450 employees on average.
    let outcome = Outcome::from_value(&contract, "14700000".parse()?, Some(6350))?;
    let statement = settle(&contract, &outcome)?;

    // Every figure is a line of the trace: its formula, inputs and exact result.
    for id in [
        "outcome.delta",
        "window.investment_per_month",
        "window.investment",
        "window.net_result",
        "provider[Aino Health].value_share",
        "provider[Aino Health].outcome_payment",
        "window.funder_keeps",
        "term.provider[Aino Health].outcome_cap",
    ] {
        let line = statement.line(id)?;
        println!("{:<50} {:>28}  {}", line.label, line.result, line.formula);
    }

    // The report rounds; the engine does not.
    let figure = |id: &str| statement.figure(id).map(|f| f.round_dp(2).to_string());
    assert_eq!(figure("window.investment")?, "10799722.22"); // report: ≈ 10 795 000
    assert_eq!(figure("window.net_result")?, "3900277.78"); // report: ≈ 3 905 000
    assert_eq!(figure("provider[Aino Health].outcome_payment")?, "2701245.52"); // ≈ 2 700 000
    assert_eq!(figure("window.funder_keeps")?, "11998754.48"); // ≈ 11 995 000
    assert_eq!(figure("term.provider[Aino Health].outcome_cap")?, "6303825"); // 6 303 825
    Ok(())
}
