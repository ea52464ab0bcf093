//! Property tests of the settlement on random contracts (`docs/method.md` §2
//! and §3), written as TOML text and loaded with `Contract::from_toml_str`
//! (see `generate`).
//!
//! Every figure of a statement is held against the reference settlement
//! (`common::reference`), which computes it again from the inputs by the
//! method's formulas and roundings: a stated value, and monthly data with and
//! without the national index. Beside that, the invariants the method
//! promises whatever the formulas: payments in whole öre between zero and the
//! cap, never more than a provider's share of the value, the premium within
//! `r·(k − 1)`, more saved never paying less, and the order of the input rows
//! changing nothing.

mod generate;

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::test_runner::Config;
use utfall::engine::{Basis, Contract, Decimal, Outcome, Statement, settle};

use crate::common::reference::{self, OutcomeInput};
use generate::{Row, TrendKey, data, index, reference_rows, series, terms, terms_and_rows, value_at_a_cap, value_for};

/// Cases per property: enough to find the edges, few enough to run in seconds
/// in debug mode. Failures are not persisted: these tests write no files.
fn config() -> Config {
    Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    }
}

fn figure(statement: &Statement, id: &str) -> Decimal {
    match statement.figure(id) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    }
}

/// A note as the reference writes it: its kind, and the provider it names.
fn note_text(note: &utfall::engine::Note) -> String {
    let json = serde_json::to_value(note).unwrap();
    let kind = json["kind"].as_str().unwrap();
    match json["provider"].as_str() {
        Some(provider) => format!("{kind}: {provider}"),
        None => kind.to_owned(),
    }
}

/// The statement shows the reference's lines, no other, each with the
/// reference's result; its key figures, its outcome, its months and its
/// notes are the reference's too.
fn assert_is_the_reference(statement: &Statement, expected: &reference::Settlement) -> Result<(), TestCaseError> {
    let ids: Vec<&str> = statement.lines().map(|l| l.id.as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    prop_assert_eq!(unique.len(), ids.len(), "a line id repeats");
    let expected_ids: BTreeSet<&str> = expected.lines.keys().map(String::as_str).collect();
    prop_assert_eq!(&unique, &expected_ids);
    // As written, too: a payment in whole öre is `12.50`, a quotient has no
    // trailing zeros.
    for line in statement.lines() {
        let want = expected.figure(&line.id);
        prop_assert_eq!(
            line.result.to_string(),
            want.to_string(),
            "{} ({})",
            line.id,
            line.formula
        );
    }

    let outcome = statement.outcome();
    prop_assert_eq!(outcome.value(), expected.figure("outcome.value"));
    prop_assert_eq!(outcome.saved_days(), expected.figure("outcome.saved_days"));
    prop_assert_eq!(
        outcome.delta_per_employee(),
        expected.lines.get("outcome.delta").copied()
    );
    match outcome.basis() {
        Basis::Monthly { months, .. } => {
            prop_assert_eq!(months.len(), expected.months.len());
            for (got, want) in months.iter().zip(&expected.months) {
                prop_assert_eq!((got.month.year(), got.month.month()), want.month, "{}", got.month);
                prop_assert_eq!(
                    (got.reference_month.year(), got.reference_month.month()),
                    want.reference_month
                );
                prop_assert_eq!(got.per_employee, want.per_employee, "x({})", got.month);
                prop_assert_eq!(got.reference_per_employee, want.reference_per_employee);
                prop_assert_eq!(got.adjusted_per_employee, want.adjusted_per_employee);
                prop_assert_eq!(got.delta, want.delta);
                prop_assert_eq!(got.saved_days, want.saved_days);
            }
        }
        _ => prop_assert!(
            expected.months.is_empty(),
            "a monthly outcome settled as a stated value"
        ),
    }

    prop_assert_eq!(statement.providers().len(), expected.capped.len());
    for (p, capped) in statement.providers().iter().zip(&expected.capped) {
        let line = |key: &str| expected.figure(&format!("provider[{}].{key}", p.name));
        let term = |key: &str| expected.figure(&format!("term.provider[{}].{key}", p.name));
        prop_assert_eq!(p.value_share, line("value_share"), "{}", p.name);
        let stated = expected
            .lines
            .contains_key(&format!("provider[{}].value_share_derived", p.name));
        prop_assert_eq!(p.value_share_stated, stated);
        prop_assert_eq!(p.outcome_payment, line("outcome_payment"));
        prop_assert_eq!(p.outcome_cap, line("outcome_cap"));
        prop_assert_eq!(p.capped, *capped);
        prop_assert_eq!(p.activity_fee_window, line("activity_fee"));
        prop_assert_eq!(p.activity_fee_term, term("activity_fee"));
        prop_assert_eq!(p.total_window, line("total"));
        prop_assert_eq!(p.total_term, term("total"));
        prop_assert_eq!(p.premium_window, line("premium"));
        prop_assert_eq!(p.premium_bound, line("premium_bound"));
    }

    let notes: Vec<String> = statement.notes().iter().map(note_text).collect();
    prop_assert_eq!(&notes, &expected.notes);
    Ok(())
}

/// A random value for `terms`, now and then at a cap.
fn value(terms: &generate::Terms) -> BoxedStrategy<Decimal> {
    prop_oneof![4 => value_for(terms.investment), 1 => value_at_a_cap(terms)].boxed()
}

/// A random stated value with an average headcount or none, for random terms.
fn terms_and_value() -> impl Strategy<Value = (generate::Terms, Decimal, Option<u32>)> {
    terms().prop_flat_map(|t| {
        let v = value(&t);
        (Just(t), v, prop::option::of(1u32..=100_000))
    })
}

/// Settles the generated data on `terms` with the trend `trend` (the index
/// given when it asks for one), by the engine and by the reference.
fn settle_monthly(terms: &generate::Terms, rows: &[Row], trend: TrendKey) -> (Statement, reference::Settlement) {
    let terms = terms.with_trend(trend);
    let contract = terms.contract();
    let index = index(rows);
    let index = (trend == TrendKey::NationalIndex).then_some(&index);
    let outcome = Outcome::from_monthly(&contract, &series(rows), index).unwrap();
    let statement = settle(&contract, &outcome).unwrap();
    let input = OutcomeInput::Monthly {
        rows: reference_rows(rows, trend),
    };
    (statement, reference::settle(&terms.reference(), &input))
}

fn payments(statement: &Statement) -> Vec<Decimal> {
    statement.providers().iter().map(|p| p.outcome_payment).collect()
}

proptest! {
    #![proptest_config(config())]

    /// From a stated value (§2.5), every line is the method's.
    #[test]
    fn every_figure_from_a_stated_value_is_the_methods((terms, value, headcount) in terms_and_value()) {
        let contract = terms.contract();
        let statement = settle(&contract, &Outcome::from_value(&contract, value, headcount).unwrap()).unwrap();
        let expected = reference::settle(&terms.reference(), &OutcomeInput::Stated { value, headcount });
        assert_is_the_reference(&statement, &expected)?;
    }

    /// From monthly data (§2.2–§2.4), with the trend setting left out, set
    /// to none, or set to the national index with a random index, every line
    /// is the method's, month by month.
    #[test]
    fn every_figure_from_monthly_data_is_the_methods(
        (terms, rows, trend) in terms_and_rows().prop_flat_map(|(terms, rows, _)| {
            let trend = prop_oneof![Just(TrendKey::Omitted), Just(TrendKey::None), Just(TrendKey::NationalIndex)];
            (Just(terms), Just(rows), trend)
        })
    ) {
        let (statement, expected) = settle_monthly(&terms, &rows, trend);
        assert_is_the_reference(&statement, &expected)?;
    }

    /// Payments lie in [0, cap] in whole öre, the cap being the method's
    /// `s·k·I_w` rounded down; no provider gets more than its share `s` of the
    /// value counted (half an öre of rounding aside), so the funder keeps at
    /// least its own share of a positive value and all of a negative one;
    /// and the premium stays within `r·(k − 1)` when `s` is derived.
    #[test]
    fn stated_value_settles_within_bounds((terms, value, headcount) in terms_and_value()) {
        let contract = terms.contract();
        let statement = settle(&contract, &Outcome::from_value(&contract, value, headcount).unwrap()).unwrap();
        let method = reference::settle(&terms.reference(), &OutcomeInput::Stated { value, headcount });
        // Half an öre of rounding, and a hair for products kept to 28 digits.
        let slack = Decimal::new(5, 3) + Decimal::new(1, 6);
        let mut shares = Decimal::ZERO;
        for (p, settled) in terms.providers.iter().zip(statement.providers()) {
            let name = &p.name;
            let of = |key: &str| method.figure(&format!("provider[{name}].{key}"));
            let payment = settled.outcome_payment;
            prop_assert!(payment >= Decimal::ZERO, "{name}: payment {payment} below zero");
            let cap = of("outcome_cap").round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToNegativeInfinity);
            prop_assert!(payment <= cap, "{name}: payment {payment} above its cap {cap}");
            prop_assert_eq!(payment.round_dp(2), payment, "{}: payment {} not in whole öre", name, payment);
            let share = of("value_share");
            let most = share * of("counted_value") + slack;
            prop_assert!(payment <= most, "{name}: payment {payment} above s = {share} of the value counted");
            if p.value_share.is_none() {
                let premium = figure(&statement, &format!("provider[{name}].premium"));
                let bound = p.outcome_share * (p.cap - Decimal::ONE);
                prop_assert!(premium <= bound, "{name}: premium {premium} above r·(k − 1) = {bound}");
            }
            shares += share;
        }
        prop_assert!(shares <= Decimal::ONE, "the shares sum to {shares}");
        let keeps = figure(&statement, "window.funder_keeps");
        if value <= Decimal::ZERO {
            prop_assert_eq!(keeps, value, "nothing is paid on a loss");
        } else {
            let least = (Decimal::ONE - shares) * value - slack * Decimal::from(terms.providers.len());
            prop_assert!(keeps >= least, "the funder keeps {keeps} of {value}, less than its share");
        }
    }

    /// More value saved never pays a provider less.
    #[test]
    fn payment_is_monotone_in_the_value(
        (terms, a, b) in terms().prop_flat_map(|t| {
            let (a, b) = (value(&t), value(&t));
            (Just(t), a, b)
        })
    ) {
        let contract = terms.contract();
        let (low, high) = (a.min(b), a.max(b));
        let settled = |v| settle(&contract, &Outcome::from_value(&contract, v, None).unwrap()).unwrap();
        let (at_low, at_high) = (settled(low), settled(high));
        for p in &terms.providers {
            let id = format!("provider[{}].outcome_payment", p.name);
            let (p_low, p_high) = (figure(&at_low, &id), figure(&at_high, &id));
            prop_assert!(p_low <= p_high, "{}: pays {} at V = {} but {} at V = {}", p.name, p_low, low, p_high, high);
        }
    }

    /// Fewer sick days in one month of the window are more days saved: the
    /// value rises and no provider is paid less.
    #[test]
    fn payment_is_monotone_in_saved_days(
        (terms, rows, month, fewer) in terms_and_rows().prop_flat_map(|(terms, rows, _)| {
            let window = terms.window_months as usize;
            (Just(terms), Just(rows), 0..window, 1i64..=1_000_000)
        })
    ) {
        let at = rows.iter().position(|r| r.month == terms.window()[month]).unwrap();
        let mut better = rows.clone();
        let cut = Decimal::new(fewer, 3).min(rows[at].net_days);
        prop_assume!(cut > Decimal::ZERO);
        better[at].net_days -= cut;
        let (before, _) = settle_monthly(&terms, &rows, TrendKey::None);
        let (after, _) = settle_monthly(&terms, &better, TrendKey::None);
        prop_assert!(after.outcome().saved_days() > before.outcome().saved_days());
        prop_assert!(after.outcome().value() > before.outcome().value());
        for ((p, was), now) in terms.providers.iter().zip(payments(&before)).zip(payments(&after)) {
            prop_assert!(now >= was, "{}: {} days fewer in {} pay {} instead of {}", p.name, cut, terms.window()[month], now, was);
        }
    }

    /// The monthly outcome does not depend on the order of the CSV rows; only the
    /// line numbers the series records differ, and the statement carries none.
    #[test]
    fn monthly_outcome_ignores_row_order((terms, rows, shuffled) in terms_and_rows()) {
        let contract = terms.contract();
        let (in_order, reordered) = (series(&rows), series(&shuffled));
        prop_assert_eq!(data(&in_order), data(&reordered));
        let first = settle(&contract, &Outcome::from_monthly(&contract, &in_order, None).unwrap()).unwrap();
        let second = settle(&contract, &Outcome::from_monthly(&contract, &reordered, None).unwrap()).unwrap();
        prop_assert_eq!(&first, &second);
        let (_, expected) = settle_monthly(&terms, &shuffled, terms.trend);
        assert_is_the_reference(&second, &expected)?;
    }

    /// A national index that is the same in every month adjusts nothing.
    #[test]
    fn constant_national_index_changes_nothing(
        (terms, rows, (level, scale)) in terms_and_rows()
            .prop_flat_map(|(terms, rows, _)| (Just(terms), Just(rows), (1i64..=1_000_000, 0u32..=3)))
    ) {
        let level = Decimal::new(level, scale);
        let flat: Vec<Row> = rows.iter().map(|r| Row { index: level, ..*r }).collect();
        let (without, _) = settle_monthly(&terms, &flat, TrendKey::None);
        let (with, _) = settle_monthly(&terms, &flat, TrendKey::NationalIndex);
        prop_assert_eq!(with.outcome().value(), without.outcome().value());
        prop_assert_eq!(with.outcome().saved_days(), without.outcome().saved_days());
        prop_assert_eq!(with.outcome().delta_per_employee(), without.outcome().delta_per_employee());
        prop_assert_eq!(with.providers(), without.providers());
    }
}

/// Regression: `docs/method.md` §3.7 says that with `s = r·C/I` the window premium is at
/// most `r·(k − 1)`. The activity fee `(1 − r)·C·n/N` here is 16 666.666…; rounded
/// half up to 16 666.67 with the payment at its whole-öre cap 25 000 the premium
/// was 41 666.67 / 33 333.33… − 1 = 0.2500001 > 0.25. Fees are now rounded down.
#[test]
fn premium_stays_within_its_bound_when_the_fee_has_fractional_ore() {
    let contract = Contract::from_toml_str(
        r#"
        name = "fee rounds up"
        currency = "SEK"
        investment = "1000000"
        day_value = "1000"
        term = { start = "2020-01", end = "2020-03" }
        reference = { start = "2019-01", end = "2019-12" }
        measurement = { end = "2020-01" }
        [[provider]]
        name = "p"
        contract_value = "100000"
        outcome_share = "0.5"
        cap = "1.5"
        "#,
    )
    .unwrap();
    let outcome = Outcome::from_value(&contract, Decimal::new(1_000_000, 0), None).unwrap();
    let statement = settle(&contract, &outcome).unwrap();
    assert_eq!(
        statement.figure("provider[p].activity_fee").unwrap(),
        Decimal::new(1_666_666, 2)
    );
    assert_eq!(
        statement.figure("provider[p].outcome_payment").unwrap(),
        Decimal::new(2_500_000, 2)
    );
    let premium = statement.figure("provider[p].premium").unwrap();
    let bound = statement.figure("provider[p].premium_bound").unwrap();
    assert!(premium <= bound, "premium {premium} above r·(k − 1) = {bound}");
}
