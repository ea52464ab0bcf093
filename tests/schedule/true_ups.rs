//! A fall in the outcome to date between settlements: carried forward or
//! clawed back, as the contract says (`docs/method.md` §4.1).

use utfall::engine::{Contract, Kind, Ledger, MonthlySeries};

use super::six_months;
use crate::common::d;

/// A contract on a 6-month term with monthly data made to fall: the outcome to
/// date drops between settlements.
fn falling(negative: &str) -> (Contract, MonthlySeries) {
    // Saved: 4, 4, then 6 days *lost*, then 2 saved each month.
    six_months(
        &format!("schedule = {{ every = \"month\", negative = \"{negative}\" }}\n"),
        "1.5",
        "",
        ["60", "60", "160", "80", "80", "80"],
    )
}

#[test]
fn a_fall_is_carried_forward_or_clawed_back_as_the_contract_says() {
    // Saved days to date: 40, 80, 20, 40, 60, 80 → value 400, 800, 200, 400, 600, 800.
    // The cap on the value grows with the window: 1.5 · 1 200 · m / 6 = 300 · m,
    // so January counts 300 of 400 and February 600 of 800.
    // s = 0.25: payments to date 75, 150, 50, 100, 150, 200.
    let outcome = |negative| {
        let (contract, series) = falling(negative);
        let ledger = Ledger::run(&contract, &series, None, None).unwrap();
        ledger
            .payments
            .iter()
            .filter(|p| p.kind != Kind::ActivityFee)
            .map(|p| (p.month.to_string(), p.kind, p.amount))
            .collect::<Vec<_>>()
    };
    let m = |s: &str| s.to_string();
    assert_eq!(
        outcome("claw-back"),
        [
            (m("2020-01"), Kind::OnAccount, d("75")),
            (m("2020-02"), Kind::OnAccount, d("75")),
            (m("2020-03"), Kind::TrueUp, d("-100")),
            (m("2020-04"), Kind::OnAccount, d("50")),
            (m("2020-05"), Kind::OnAccount, d("50")),
            (m("2020-06"), Kind::Final, d("50")),
        ]
    );
    // Carried forward: nothing paid back in March; April and May pay nothing
    // while the 150 already paid is not earned again; the final settlement
    // pays the rest.
    assert_eq!(
        outcome("carry-forward"),
        [
            (m("2020-01"), Kind::OnAccount, d("75")),
            (m("2020-02"), Kind::OnAccount, d("75")),
            (m("2020-06"), Kind::Final, d("50")),
        ]
    );
    let (contract, series) = falling("carry-forward");
    let ledger = Ledger::run(&contract, &series, None, None).unwrap();
    let march = &ledger.settlements[2].providers[0];
    assert_eq!(
        (march.to_date, march.paid_before, march.carried),
        (d("50"), d("150"), d("-100"))
    );
    // Activity fees: 300 over 6 months, 50 a month.
    assert!(
        ledger
            .payments
            .iter()
            .filter(|p| p.kind == Kind::ActivityFee)
            .all(|p| p.amount == d("50"))
    );
}
