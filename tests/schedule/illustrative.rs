//! The illustrative contract settled quarterly
//! (`examples/illustrative/contract-quarterly.toml`): its ledger against the
//! whole term's statement, statements as of a month, and any other schedule
//! of it against a single final settlement.

use proptest::prelude::*;
use rust_decimal::Decimal;
use utfall::engine::{Contract, ErrorKind, Kind, Ledger, Note, Outcome, settle};

use crate::common::examples::illustrative_quarterly;
use crate::common::{d, read, series_of};

#[test]
fn quarterly_ledger_reconciles_with_the_whole_term_statement() {
    let (contract, series, index) = illustrative_quarterly();
    let ledger = Ledger::run(&contract, &series, Some(&index), None).unwrap();
    let whole = settle(
        &contract,
        &Outcome::from_monthly(&contract, &series, Some(&index)).unwrap(),
    )
    .unwrap();
    let aino = &whole.providers()[0];
    let paid = |kind: Kind| -> Decimal {
        ledger
            .payments
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| p.amount)
            .sum()
    };
    assert_eq!(paid(Kind::ActivityFee), aino.activity_fee_term);
    assert_eq!(
        paid(Kind::OnAccount) + paid(Kind::TrueUp) + paid(Kind::Final),
        aino.outcome_payment
    );
    assert_eq!(ledger.party("Aino Health").unwrap().balance, aino.total_term);
    assert_eq!(ledger.party("Botkyrka kommun").unwrap().balance, -aino.total_term);
    // Every payment names the statement line it comes from.
    assert!(
        ledger
            .payments
            .iter()
            .all(|p| p.line.starts_with(&format!("as of {}: ", p.month)))
    );
    // Settlements: quarters from the term's start, the last one final.
    let months: Vec<String> = ledger.settlements.iter().map(|s| s.month.to_string()).collect();
    assert_eq!(months[..3], ["2018-12", "2019-03", "2019-06"]);
    assert!(ledger.settlements.last().unwrap().is_final);
    // After the amendment nothing more is measured: no outcome payment after 2020-03.
    assert!(
        ledger
            .payments
            .iter()
            .filter(|p| p.kind != Kind::ActivityFee)
            .all(|p| p.month <= "2020-03".parse().unwrap() || p.kind == Kind::Final)
    );
}

#[test]
fn a_statement_as_of_a_month_is_the_one_true_then() {
    let (contract, series, index) = illustrative_quarterly();
    let then = contract.as_of("2019-06".parse().unwrap()).unwrap();
    assert_eq!(then.window().to_string(), "2018-10 – 2019-06");
    let statement = settle(&then, &Outcome::from_monthly(&then, &series, Some(&index)).unwrap()).unwrap();
    assert!(
        matches!(statement.notes()[0], Note::Interim { .. }),
        "{:?}",
        statement.notes()
    );
    assert_eq!(statement.figure("window.months").unwrap(), d("9"));
    // Before the amendment was agreed, 2020-02 was not the end of measurement.
    let before = contract.as_of("2020-02".parse().unwrap()).unwrap();
    assert!(!before.is_amended());
    let after = contract.as_of("2020-03".parse().unwrap()).unwrap();
    assert!(after.is_amended());
    assert_eq!(after.window().to_string(), "2018-10 – 2020-02");
    assert!(matches!(
        contract.as_of("2018-09".parse().unwrap()).unwrap_err().kind(),
        ErrorKind::AsOfOutsideTerm { .. }
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any schedule ends at the same totals as a single final settlement, and
    /// no payment to date passes the cap.
    #[test]
    fn any_schedule_ends_at_the_single_final_settlement(
        months in proptest::sample::subsequence((1..=17u32).collect::<Vec<_>>(), 0..17),
        claw_back in any::<bool>(),
        savings in proptest::collection::vec(-40i64..120, 17),
    ) {
        let (contract, _, index) = illustrative_quarterly();
        // Own monthly data: reference 4 000 days, savings by month (some negative).
        let reference = contract.reference().iter().map(|m| (m, d("4000"), 6350));
        let window = contract.window().iter().zip(&savings).map(|(m, saved)| (m, Decimal::from(4000 - saved * 10), 6350));
        let series = series_of(reference.chain(window));
        let list: Vec<String> = months.iter().map(|i| format!("\"{}\"", contract.term().iter().nth(*i as usize).unwrap())).collect();
        let text = read("examples/illustrative/contract-quarterly.toml").replace(
            "every = \"quarter\"\nnegative = \"carry-forward\"",
            &format!("months = [{}]\nnegative = \"{}\"", list.join(", "), if claw_back { "claw-back" } else { "carry-forward" }),
        );
        let scheduled = Contract::from_toml_str(&text).unwrap();
        let ledger = Ledger::run(&scheduled, &series, Some(&index), None).unwrap();
        let single = settle(&scheduled, &Outcome::from_monthly(&scheduled, &series, Some(&index)).unwrap()).unwrap();
        let aino = &single.providers()[0];
        prop_assert_eq!(ledger.party("Aino Health").unwrap().balance, aino.total_term);
        let outcome: Decimal = ledger.payments.iter().filter(|p| p.kind != Kind::ActivityFee).map(|p| p.amount).sum();
        prop_assert_eq!(outcome, aino.outcome_payment);
        for s in &ledger.settlements {
            let then = scheduled.as_of(s.month).unwrap();
            let statement = settle(&then, &Outcome::from_monthly(&then, &series, Some(&index)).unwrap()).unwrap();
            let cap = statement.providers()[0].outcome_cap;
            prop_assert!(s.providers[0].to_date <= cap && s.providers[0].to_date >= Decimal::ZERO);
        }
    }
}
