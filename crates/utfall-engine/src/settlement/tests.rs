//! Every formula of `docs/method.md` §3 on small numbers worked by hand.
use super::*;

use crate::hand::{contract, d};

/// A contract with I = 1 000 and d = 1 over the months 2020-01 to `end`,
/// measured throughout, with the `providers`.
fn thousand(end: &str, providers: &[String]) -> Contract {
    Contract::from_toml_str(&format!(
        "name = \"thousand\"\ncurrency = \"SEK\"\ninvestment = \"1000\"\nday_value = \"1\"\n\
         term = {{ start = \"2020-01\", end = \"{end}\" }}\nreference = {{ start = \"2019-01\", end = \"2019-12\" }}\n{}",
        providers.concat()
    ))
    .unwrap()
}

/// A `[[provider]]` table with C, r and k.
fn provider(name: &str, contract_value: &str, outcome_share: &str, cap: &str) -> String {
    format!(
        "[[provider]]\nname = \"{name}\"\ncontract_value = \"{contract_value}\"\noutcome_share = \"{outcome_share}\"\ncap = \"{cap}\"\n"
    )
}

fn at(contract: &Contract, value: &str) -> Statement {
    settle(contract, &Outcome::from_value(contract, d(value), None).unwrap()).unwrap()
}

#[test]
fn window_figures() {
    let s = at(&contract(""), "400");
    let f = |id: &str| s.figure(id).unwrap();
    assert_eq!(f("window.investment_per_month"), d("100")); // 1 200 / 12
    assert_eq!(f("window.investment"), d("600")); // 1 200 · 6 / 12
    assert_eq!(f("window.net_result"), d("-200")); // 400 − 600
    assert_eq!(f("window.break_even_days"), d("60")); // 600 / 10
    assert_eq!(f("provider[P].value_share"), d("0.25")); // 0.5 · 600 / 1 200
    assert_eq!(f("provider[P].investment_share"), d("0.5")); // 600 / 1 200
    assert_eq!(f("provider[P].cap_value"), d("900")); // 1.5 · 600
    assert_eq!(f("provider[P].outcome_cap"), d("225")); // 0.25 · 900
    assert_eq!(f("provider[P].outcome_payment"), d("100")); // 0.25 · 400
    assert_eq!(f("provider[P].activity_fee"), d("150")); // 0.5 · 600 · 6 / 12
    assert_eq!(f("provider[P].total"), d("250"));
    assert_eq!(f("provider[P].contract_value_window"), d("300"));
    assert_eq!(f("provider[P].premium"), d("-0.1666666666666667")); // 250 / 300 − 1
    assert_eq!(f("provider[P].premium_bound"), d("0.25")); // 0.5 · (1.5 − 1)
    assert_eq!(f("window.funder_keeps"), d("300")); // 400 − 100
    assert_eq!(f("window.funder_share"), d("0.75"));
}

#[test]
fn whole_term_figures() {
    let s = at(&contract(""), "400");
    let f = |id: &str| s.figure(id).unwrap();
    assert_eq!(f("term.investment"), d("1200"));
    assert_eq!(f("term.net_result"), d("-800")); // 400 − 1 200
    assert_eq!(f("term.provider[P].activity_fee"), d("300")); // 0.5 · 600
    assert_eq!(f("term.provider[P].outcome_payment"), d("100"));
    assert_eq!(f("term.provider[P].outcome_cap"), d("450")); // 0.5 · 1.5 · 600
    assert_eq!(f("term.provider[P].total"), d("400"));
    assert_eq!(f("term.provider[P].premium"), d("-0.3333333333333333")); // 400 / 600 − 1
    assert!(s.amended());
    assert!(s.notes().iter().any(|n| {
        n.to_string()
            .contains("only the activity fee is paid for the remaining 6 months")
    }));
}

/// The hand contract extended from 12 to 18 months by an amendment
/// agreed in December 2020 (`docs/method.md` §4.2).
const EXTENDED: &str = "[[amendment]]\nagreed = \"2020-12\"\nterm_end = \"2021-06\"\n";

#[test]
fn an_extension_leaves_the_window_as_agreed() {
    let c = contract(EXTENDED);
    assert_eq!((c.agreed_term().len(), c.term().len(), c.window().len()), (12, 18, 6));
    let s = at(&c, "400");
    let f = |id: &str| s.figure(id).unwrap();
    assert_eq!(f("term.months"), d("12")); // N, as agreed
    assert_eq!(f("term.months_extended"), d("18")); // N'
    assert_eq!(s.line("term.months_extended").unwrap().formula, "N'");
    assert_eq!(f("window.months"), d("6"));
    // The same figures as without the extension (`window_figures`).
    assert_eq!(f("window.investment_per_month"), d("100")); // 1 200 / 12
    assert_eq!(f("window.investment"), d("600")); // 1 200 · 6 / 12, not 1 200 · 6 / 18 = 400
    assert_eq!(f("window.net_result"), d("-200")); // 400 − 600
    assert_eq!(f("window.break_even_days"), d("60")); // 600 / 10
    assert_eq!(f("provider[P].investment_share"), d("0.5")); // 600 / 1 200
    assert_eq!(f("provider[P].value_share"), d("0.25")); // 0.5 · 600 / 1 200
    assert_eq!(f("provider[P].cap_value"), d("900")); // 1.5 · 1 200 · 6 / 12
    assert_eq!(f("provider[P].counted_value"), d("400"));
    assert_eq!(f("provider[P].outcome_payment_exact"), d("100")); // 0.5 · 600 · 400 / 1 200
    assert_eq!(f("provider[P].outcome_cap"), d("225")); // 0.5 · 600 · 1.5 · 6 / 12
    assert_eq!(f("provider[P].outcome_payment"), d("100"));
    assert_eq!(f("provider[P].activity_fee_exact"), d("150")); // 0.5 · 600 · 6 / 12
    assert_eq!(f("provider[P].activity_fee"), d("150"));
    assert_eq!(f("provider[P].total"), d("250")); // 150 + 100
    assert_eq!(f("provider[P].contract_value_window"), d("300")); // 600 · 6 / 12
    assert_eq!(f("provider[P].premium"), d("-0.1666666666666667")); // 250 / 300 − 1
    assert_eq!(f("provider[P].premium_bound"), d("0.25")); // 0.5 · (1.5 − 1)
    assert_eq!(f("window.outcome_payments"), d("100"));
    assert_eq!(f("window.funder_keeps"), d("300")); // 400 − 100
    assert_eq!(f("window.funder_share"), d("0.75")); // 1 − 0.25
}

#[test]
fn an_extension_continues_the_whole_term_at_the_agreed_monthly_rate() {
    let s = at(&contract(EXTENDED), "400");
    let f = |id: &str| s.figure(id).unwrap();
    let formula = |id: &str| s.line(id).unwrap().formula.clone();
    assert_eq!(f("term.investment"), d("1800")); // I' = 1 200 · 18 / 12
    assert_eq!(formula("term.investment"), "I' = I · N' / N");
    assert_eq!(f("term.net_result"), d("-1400")); // V − I' = 400 − 1 800
    assert_eq!(formula("term.net_result"), "V − I'");
    assert_eq!(f("term.provider[P].contract_value"), d("900")); // C' = 600 · 18 / 12
    assert_eq!(formula("term.provider[P].contract_value"), "C' = C · N' / N");
    assert_eq!(f("term.provider[P].activity_fee_exact"), d("450")); // 0.5 · 600 · 18 / 12
    assert_eq!(
        formula("term.provider[P].activity_fee_exact"),
        "A = (1 − r) · C · N' / N"
    );
    assert_eq!(f("term.provider[P].activity_fee"), d("450"));
    assert_eq!(f("term.provider[P].outcome_payment"), d("100")); // the window's
    assert_eq!(f("term.provider[P].outcome_cap"), d("675")); // 0.5 · 1.5 · 600 · 18 / 12
    assert_eq!(formula("term.provider[P].outcome_cap"), "r · k · C · N' / N");
    assert_eq!(f("term.provider[P].total"), d("550")); // 450 + 100
    assert_eq!(f("term.provider[P].premium"), d("-0.3888888888888889")); // 550 / 900 − 1
    assert_eq!(formula("term.provider[P].premium"), "(A + P) / C' − 1");
    // The lines of the extension cite the rule of amendments.
    assert_eq!(s.line("term.investment").unwrap().rule, Rule::Amendments);
    // The window was measured for 6 of 18 months.
    assert!(s.notes().iter().any(|n| n.to_string().contains("(6 of 18 months)")));
    // With a stated share, the full-term cap is s · k · I · N' / N.
    let stated = at(&contract(&format!("value_share = \"0.3\"\n{EXTENDED}")), "400");
    assert_eq!(stated.figure("term.provider[P].outcome_cap").unwrap(), d("810")); // 0.3 · 1.5 · 1 200 · 18 / 12
    assert_eq!(stated.figure("provider[P].outcome_cap").unwrap(), d("270")); // 0.3 · 1.5 · 1 200 · 6 / 12
    // Seen from before it was agreed, the extension is not known.
    let before = at(&contract(EXTENDED).as_of("2020-11".parse().unwrap()).unwrap(), "400");
    assert!(before.line("term.months_extended").is_err());
    assert_eq!(before.figure("term.investment").unwrap(), d("1200"));
}

#[test]
fn the_cap_holds_and_the_premium_reaches_its_bound() {
    let s = at(&contract(""), "1000");
    assert_eq!(s.figure("provider[P].counted_value").unwrap(), d("900"));
    assert_eq!(s.figure("provider[P].outcome_payment").unwrap(), d("225"));
    assert_eq!(s.figure("provider[P].premium").unwrap(), d("0.25")); // (150 + 225) / 300 − 1
    assert!(s.providers()[0].capped);
    assert!(s.notes().iter().any(|n| n.to_string().contains("capped")));
}

#[test]
fn nothing_is_paid_on_a_loss() {
    let s = at(&contract(""), "-50");
    assert_eq!(s.figure("provider[P].outcome_payment").unwrap(), d("0"));
    assert_eq!(s.figure("window.funder_keeps").unwrap(), d("-50"));
    assert!(s.notes().iter().any(|n| n.to_string().contains("negative")));
}

#[test]
fn a_stated_share_is_used_and_its_gap_reported() {
    let s = at(&contract("value_share = \"0.3\""), "400");
    let f = |id: &str| s.figure(id).unwrap();
    assert_eq!(f("provider[P].value_share_derived"), d("0.25"));
    assert_eq!(f("provider[P].value_share"), d("0.3"));
    assert_eq!(f("provider[P].value_share_difference"), d("0.05"));
    assert_eq!(f("provider[P].outcome_payment"), d("120")); // 0.3 · 400
    assert_eq!(f("provider[P].outcome_cap"), d("270")); // 0.3 · 1.5 · 1 200 · 6 / 12
    assert_eq!(f("provider[P].premium_bound_stated"), d("0.4")); // 0.3 · 1.5 · 1 200 / 600 − 0.5
    assert_eq!(f("term.provider[P].outcome_cap"), d("540")); // 0.3 · 1.5 · 1 200
    assert!(
        s.notes()
            .iter()
            .any(|n| n.to_string().contains("premium can reach 0.4"))
    );
}

#[test]
fn payments_round_to_ore_half_away_from_zero() {
    // 0.25 · 0.02 = 0.005 → 0.01
    assert_eq!(at(&contract(""), "0.02").providers()[0].outcome_payment, d("0.01"));
    // 0.25 · 333.333 = 83.33325 → 83.33
    assert_eq!(at(&contract(""), "333.333").providers()[0].outcome_payment, d("83.33"));
}

#[test]
fn rounding_never_lifts_a_payment_above_its_cap() {
    // s = 0.5, cap value k · I = 1 000.01, cap 500.005: rounded half up the
    // payment would be 500.01, above the cap; it is paid as 500.00.
    let c = thousand("2020-01", &[provider("P", "1000", "0.5", "1.00001")]);
    let s = at(&c, "5000");
    assert_eq!(s.figure("provider[P].outcome_payment_exact").unwrap(), d("500.005"));
    assert_eq!(s.figure("provider[P].outcome_cap").unwrap(), d("500.005"));
    assert_eq!(s.providers()[0].outcome_payment, d("500.00"));
}

#[test]
fn several_providers_each_get_their_own_share() {
    let c = thousand(
        "2020-12",
        &[provider("A", "400", "0.5", "1.5"), provider("B", "200", "1", "2")],
    );
    let s = at(&c, "1600");
    // A: s = 0.2, cap value 1 500 → 0.2 · 1 500 = 300. B: s = 0.2, cap value 2 000 → 320.
    assert_eq!(s.figure("provider[A].outcome_payment").unwrap(), d("300"));
    assert_eq!(s.figure("provider[B].outcome_payment").unwrap(), d("320"));
    assert_eq!(s.figure("window.funder_keeps").unwrap(), d("980"));
    assert_eq!(s.figure("window.funder_share").unwrap(), d("0.6"));
}

#[test]
fn a_missing_line_is_an_error_naming_it() {
    let s = at(&contract(""), "1");
    assert_eq!(
        s.figure("nope").unwrap_err().to_string(),
        "the statement has no line \"nope\""
    );
}

#[test]
fn an_outcome_measured_over_another_window_is_a_window_mismatch() {
    // Measured as of March, the window is January – March; the contract
    // settles January – June.
    let c = contract("");
    let march = c.as_of("2020-03".parse().unwrap()).unwrap();
    let outcome = Outcome::from_value(&march, d("400"), None).unwrap();
    let err = settle(&c, &outcome).unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::WindowMismatch { measured, expected }
            if (measured.len(), expected.len()) == (3, 6)
    ));
    assert_eq!(
        err.to_string(),
        "the outcome was measured over 2020-01 – 2020-03, but the contract measures 2020-01 – 2020-06: \
         measure the outcome under the contract that settles it, as of the same month"
    );
}

#[test]
fn amounts_too_small_to_divide_by_are_a_division_by_zero() {
    // C = 10⁻²⁸: C · n / N rounds to 0 at 16 places, and the premium divides by it.
    let c = thousand(
        "2020-12",
        &[provider("P", "0.0000000000000000000000000001", "0.5", "1.5")],
    );
    let err = settle(&c, &Outcome::from_value(&c, d("400"), None).unwrap()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::DivisionByZero { figure } if figure == "premium"));
}
