//! Property tests: invariants of the settlement (`docs/method.md` §2 and §3) on random
//! contracts, written as TOML text and loaded with `Contract::from_toml_str`.
//!
//! Every contract has a term of 1–60 months, the reference period the 12 months
//! before it, a measurement end inside the term, and 1–3 providers whose
//! contract values sum to at most the investment and whose value shares (stated
//! or derived) sum to at most 1. Amounts are decimals with a few places, built
//! from integers.

use proptest::prelude::*;
use proptest::test_runner::Config;
use rust_decimal::RoundingStrategy;
use utfall::engine::{Contract, Decimal, Month, MonthlySeries, NationalIndex, Outcome, Statement, settle};

/// Cases per property: enough to find the edges, few enough to run in seconds
/// in debug mode. Failures are not persisted: these tests write no files.
fn config() -> Config {
    Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    }
}

// --- contracts -----------------------------------------------------------------

#[derive(Clone, Debug)]
struct ProviderTerms {
    name: String,
    contract_value: Decimal,
    outcome_share: Decimal,
    cap: Decimal,
    value_share: Option<Decimal>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TrendKey {
    /// No `trend` key: the default, "none".
    Omitted,
    None,
    NationalIndex,
}

#[derive(Clone, Debug)]
struct Terms {
    investment: Decimal,
    day_value: Decimal,
    start: Month,
    term_months: u32,
    window_months: u32,
    /// Whether `[measurement] end` is written (always when the window is shorter
    /// than the term).
    write_end: bool,
    trend: TrendKey,
    providers: Vec<ProviderTerms>,
}

fn month_after(start: Month, months: u32) -> Month {
    start.add_months(i32::try_from(months).unwrap()).unwrap()
}

impl Terms {
    fn term_end(&self) -> Month {
        month_after(self.start, self.term_months - 1)
    }

    fn window_end(&self) -> Month {
        month_after(self.start, self.window_months - 1)
    }

    fn reference_start(&self) -> Month {
        self.start.add_months(-12).unwrap()
    }

    /// The 12 reference months, then every month of the term.
    fn months(&self) -> Vec<Month> {
        (0..12 + self.term_months)
            .map(|i| month_after(self.reference_start(), i))
            .collect()
    }

    fn with_trend(&self, trend: TrendKey) -> Self {
        Self { trend, ..self.clone() }
    }

    fn toml(&self) -> String {
        let mut text = format!(
            "name = \"random contract\"\ncurrency = \"SEK\"\ninvestment = \"{}\"\nday_value = \"{}\"\n\n\
             [term]\nstart = \"{}\"\nend = \"{}\"\n\n\
             [reference]\nstart = \"{}\"\nend = \"{}\"\n",
            self.investment,
            self.day_value,
            self.start,
            self.term_end(),
            self.reference_start(),
            self.start.add_months(-1).unwrap(),
        );
        let end = (self.write_end || self.window_months < self.term_months)
            .then(|| format!("end = \"{}\"\n", self.window_end()));
        let trend = match self.trend {
            TrendKey::Omitted => None,
            TrendKey::None => Some("trend = \"none\"\n"),
            TrendKey::NationalIndex => Some("trend = \"national-index\"\n"),
        };
        if end.is_some() || trend.is_some() {
            text.push_str("\n[measurement]\n");
            text.push_str(end.as_deref().unwrap_or(""));
            text.push_str(trend.unwrap_or(""));
        }
        for p in &self.providers {
            text.push_str(&format!(
                "\n[[provider]]\nname = \"{}\"\ncontract_value = \"{}\"\noutcome_share = \"{}\"\ncap = \"{}\"\n",
                p.name, p.contract_value, p.outcome_share, p.cap
            ));
            if let Some(s) = p.value_share {
                text.push_str(&format!("value_share = \"{s}\"\n"));
            }
        }
        text
    }

    fn contract(&self) -> Contract {
        let text = self.toml();
        match Contract::from_toml_str(&text) {
            Ok(contract) => contract,
            Err(e) => panic!("a generated contract is refused: {e}\n{text}"),
        }
    }
}

/// Random terms. Provider `i` gets `w_i` thousandths of the investment (rounded
/// down to öre) with `Σ w_i ≤ 1000`, and, sometimes, a stated value share of at
/// most `1 / count`; a derived share `r·C/I` is at most `w_i / 1000 ≤ 1 / count`,
/// so the shares in use never sum above 1.
fn terms() -> impl Strategy<Value = Terms> {
    (1usize..=3).prop_flat_map(|count| {
        let most_w = 1000 / i64::try_from(count).unwrap();
        let most_stated = 10_000 / i64::try_from(count).unwrap();
        let provider = (
            1..=most_w,
            0i64..=1000,
            1000i64..=3000,
            prop::option::of(0..=most_stated),
        );
        (
            (1_000i64..=1_000_000_000, 0u32..=2),
            (1i64..=1_000_000, 0u32..=2),
            (2000i32..=2030, 1u32..=12),
            1u32..=60,
            0u32..60,
            any::<bool>(),
            prop_oneof![Just(TrendKey::Omitted), Just(TrendKey::None)],
            prop::collection::vec(provider, count),
        )
            .prop_map(
                |((inv, inv_scale), (day, day_scale), (year, month), term_months, end_at, write_end, trend, ps)| {
                    let investment = Decimal::new(inv, inv_scale);
                    let providers = ps
                        .into_iter()
                        .enumerate()
                        .map(|(i, (w, r, k, stated))| ProviderTerms {
                            name: format!("Provider {i}"),
                            contract_value: (investment * Decimal::new(w, 3))
                                .round_dp_with_strategy(2, RoundingStrategy::ToZero),
                            outcome_share: Decimal::new(r, 3),
                            cap: Decimal::new(k, 3),
                            value_share: stated.map(|s| Decimal::new(s, 4)),
                        })
                        .collect();
                    Terms {
                        investment,
                        day_value: Decimal::new(day, day_scale),
                        start: Month::new(year, month).unwrap(),
                        term_months,
                        window_months: end_at % term_months + 1,
                        write_end,
                        trend,
                        providers,
                    }
                },
            )
    })
}

/// A value of saved days: mostly a multiple of the investment from −1 to 4
/// (the cap `k·I_w` is at most 3·I, so this covers below zero, the clamp range
/// and above the cap) plus up to ±100 kr with four places; sometimes any amount.
fn value_for(investment: Decimal) -> impl Strategy<Value = Decimal> {
    prop_oneof![
        4 => (-1000i64..=4000, -1_000_000i64..=1_000_000)
            .prop_map(move |(f, jitter)| investment * Decimal::new(f, 3) + Decimal::new(jitter, 4)),
        1 => (-1_000_000_000_000i64..=1_000_000_000_000, 0u32..=4).prop_map(|(v, scale)| Decimal::new(v, scale)),
        1 => Just(Decimal::ZERO),
    ]
}

// --- checks ----------------------------------------------------------------------

fn figure(statement: &Statement, id: &str) -> Decimal {
    match statement.figure(id) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    }
}

/// The invariants every statement must hold, whatever the outcome.
fn check_statement(terms: &Terms, statement: &Statement) -> Result<(), TestCaseError> {
    let value = statement.outcome().value();
    prop_assert_eq!(figure(statement, "outcome.value"), value);
    let mut paid = Decimal::ZERO;
    for (p, settled) in terms.providers.iter().zip(statement.providers()) {
        let name = &p.name;
        prop_assert_eq!(&settled.name, name);
        let payment = figure(statement, &format!("provider[{name}].outcome_payment"));
        let cap = figure(statement, &format!("provider[{name}].outcome_cap"));
        prop_assert_eq!(settled.outcome_payment, payment);
        prop_assert!(payment >= Decimal::ZERO, "{name}: payment {payment} below zero");
        prop_assert!(payment <= cap, "{name}: payment {payment} above its cap {cap}");
        prop_assert_eq!(
            payment.round_dp(2),
            payment,
            "{}: payment {} not in whole öre",
            name,
            payment
        );
        if p.value_share.is_none() {
            let premium = figure(statement, &format!("provider[{name}].premium"));
            let bound = figure(statement, &format!("provider[{name}].premium_bound"));
            prop_assert!(premium <= bound, "{name}: premium {premium} above r·(k − 1) = {bound}");
        }
        paid += payment;
    }
    prop_assert_eq!(statement.providers().len(), terms.providers.len());
    let keeps = figure(statement, "window.funder_keeps");
    prop_assert_eq!(keeps + paid, value, "funder keeps {} and providers get {}", keeps, paid);
    Ok(())
}

// --- monthly data ------------------------------------------------------------------

/// One CSV row per reference and term month (term months after the window are
/// extra and must be ignored): `net_days` with 0–3 places, `headcount ≥ 1`.
fn rows_for(terms: &Terms) -> impl Strategy<Value = Vec<String>> + use<> {
    let months = terms.months();
    let row = ((0i64..=2_000_000, 0u32..=3), 1u32..=20_000);
    prop::collection::vec(row, months.len()).prop_map(move |data| {
        months
            .iter()
            .zip(data)
            .map(|(month, ((net, scale), headcount))| format!("{month},{},{headcount}", Decimal::new(net, scale)))
            .collect()
    })
}

fn csv(header: &str, rows: &[String]) -> String {
    let mut text = format!("{header}\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

fn series(rows: &[String]) -> MonthlySeries {
    match MonthlySeries::from_csv_str(&csv("month,net_days,headcount", rows)) {
        Ok(series) => series,
        Err(e) => panic!("a generated series is refused: {e}"),
    }
}

/// The series' data without the line numbers it was read from.
fn data(series: &MonthlySeries) -> Vec<(Month, Decimal, u32)> {
    series.iter().map(|(m, d)| (m, d.net_days, d.headcount)).collect()
}

fn terms_and_rows() -> impl Strategy<Value = (Terms, Vec<String>, Vec<String>)> {
    terms().prop_flat_map(|terms| {
        rows_for(&terms).prop_flat_map(move |rows| (Just(terms.clone()), Just(rows.clone()), Just(rows).prop_shuffle()))
    })
}

proptest! {
    #![proptest_config(config())]

    /// Payments lie in [0, cap] in whole öre, the funder keeps the rest of `V`
    /// exactly, and the premium stays within `r·(k − 1)` when `s` is derived.
    #[test]
    fn stated_value_settles_within_bounds(
        (terms, value) in terms().prop_flat_map(|t| {
            let investment = t.investment;
            (Just(t), value_for(investment))
        })
    ) {
        let contract = terms.contract();
        let outcome = Outcome::from_value(&contract, value, None).unwrap();
        let statement = settle(&contract, &outcome).unwrap();
        prop_assert_eq!(statement.outcome().value(), value);
        check_statement(&terms, &statement)?;
    }

    /// More value saved never pays a provider less.
    #[test]
    fn payment_is_monotone_in_the_value(
        (terms, a, b) in terms().prop_flat_map(|t| {
            let investment = t.investment;
            (Just(t), value_for(investment), value_for(investment))
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

    /// The monthly outcome does not depend on the order of the CSV rows; only the
    /// line numbers the series records differ, and the statement carries none.
    #[test]
    fn monthly_outcome_ignores_row_order((terms, rows, shuffled) in terms_and_rows()) {
        let contract = terms.contract();
        let (in_order, reordered) = (series(&rows), series(&shuffled));
        prop_assert_eq!(data(&in_order), data(&reordered));
        let first = settle(&contract, &Outcome::from_monthly(&contract, &in_order, None).unwrap()).unwrap();
        let second = settle(&contract, &Outcome::from_monthly(&contract, &reordered, None).unwrap()).unwrap();
        prop_assert_eq!(first.providers(), second.providers());
        let results = |s: &Statement| s.lines().map(|l| (l.id.clone(), l.result)).collect::<Vec<_>>();
        prop_assert_eq!(results(&first), results(&second));
        prop_assert_eq!(&first, &second);
        check_statement(&terms, &first)?;
    }

    /// A national index that is the same in every month adjusts nothing.
    #[test]
    fn constant_national_index_changes_nothing(
        (terms, rows, (level, scale)) in terms_and_rows()
            .prop_flat_map(|(terms, rows, _)| (Just(terms), Just(rows), (1i64..=1_000_000, 0u32..=3)))
    ) {
        let plain = terms.with_trend(TrendKey::None).contract();
        let adjusted = terms.with_trend(TrendKey::NationalIndex).contract();
        let series = series(&rows);
        let level = Decimal::new(level, scale);
        let index_rows: Vec<String> = terms.months().iter().map(|m| format!("{m},{level}")).collect();
        let index = NationalIndex::from_csv_str(&csv("month,index", &index_rows)).unwrap();

        let without = Outcome::from_monthly(&plain, &series, None).unwrap();
        let with = Outcome::from_monthly(&adjusted, &series, Some(&index)).unwrap();
        prop_assert_eq!(with.value(), without.value());
        prop_assert_eq!(with.saved_days(), without.saved_days());
        prop_assert_eq!(with.delta_per_employee(), without.delta_per_employee());
        let settled_without = settle(&plain, &without).unwrap();
        let settled_with = settle(&adjusted, &with).unwrap();
        prop_assert_eq!(settled_with.providers(), settled_without.providers());
        check_statement(&terms, &settled_with)?;
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
