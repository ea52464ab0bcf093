//! Interim settlements, amendments and ledgers (issue 5): what a schedule pays
//! and when, statements as of a month, and errors for bad schedules and
//! amendments. Here: the ledger's running sums against settling in full at
//! each settlement month, on random contracts, and the illustrative ledgers'
//! snapshot; the illustrative quarterly contract, true-ups and amendments in
//! the modules below.

mod amendments;
mod illustrative;
mod true_ups;

use proptest::prelude::*;
use rust_decimal::Decimal;
use utfall::engine::{
    Contract, ErrorKind, Kind, Ledger, Month, MonthlySeries, NationalIndex, Outcome, Payment, ProviderSettlementToDate,
    settle,
};

use crate::common::contracts::SmallContract;
use crate::common::examples::illustrative_quarterly;
use crate::common::{d, series_of, snapshot};

/// The small contract (`SmallContract`) on a 6-month term, 2020-01 – 2020-06,
/// with cap `cap`: `top` goes before the provider, `after` after it. The
/// reference has 100 net days (10 per employee, 10 employees) a month; the
/// term's months have `net` days.
fn six_months(top: &str, cap: &str, after: &str, net: [&str; 6]) -> (Contract, MonthlySeries) {
    let text = SmallContract {
        term_end: "2020-06",
        top,
        cap,
        after,
    }
    .toml();
    let contract = Contract::from_toml_str(&text).unwrap();
    let month = |text: String| -> Month { text.parse().unwrap() };
    let reference = (1..=12).map(|m| (month(format!("2019-{m:02}")), d("100"), 10));
    let term = (1..=6)
        .zip(net)
        .map(|(m, net)| (month(format!("2020-{m:02}")), d(net), 10));
    (contract, series_of(reference.chain(term)))
}

#[test]
fn quarterly_ledgers_snapshot() {
    let (contract, series, index) = illustrative_quarterly();
    let ledger = Ledger::run(&contract, &series, Some(&index), None).unwrap();
    snapshot!(
        "illustrative_quarterly_ledgers",
        "contract: examples/illustrative/contract-quarterly.toml (quarterly, carry-forward, amendment agreed 2020-03: measurement_end 2020-02); monthly: examples/illustrative/monthly.csv; index: examples/illustrative/index.csv (synthetic data)",
        utfall::render::render_ledger_text(&ledger, &utfall::render::Style::swedish()).unwrap()
    );
}

/// The ledger as it was first computed, and as `docs/method.md` §4.1 states
/// it: at each settlement month the contract as it stood then
/// (`Contract::as_of`) settled in full, every statement line of it. Slow
/// (quadratic in the term's months), and the oracle of the ledger's running
/// sums. Each settlement is `(month, is_final, providers)`; each payment
/// `(month, payee, kind, amount)`.
#[allow(clippy::type_complexity)]
fn ledger_in_full(
    contract: &Contract,
    series: &MonthlySeries,
    index: Option<&NationalIndex>,
) -> (
    Vec<(Month, bool, Vec<ProviderSettlementToDate>)>,
    Vec<(Month, String, Kind, Decimal)>,
) {
    let negative_claw_back = contract.schedule().is_some_and(|s| s.negative.as_str() == "claw-back");
    let providers = contract.providers();
    let mut paid_outcome = vec![Decimal::ZERO; providers.len()];
    let mut paid_fees = vec![Decimal::ZERO; providers.len()];
    let (mut settlements, mut payments) = (Vec::new(), Vec::new());
    let r16 = |x: Decimal| x.round_dp_with_strategy(16, rust_decimal::RoundingStrategy::MidpointNearestEven);
    for month in contract.settlement_months() {
        let then = contract.as_of(month).unwrap();
        let statement = settle(&then, &Outcome::from_monthly(&then, series, index).unwrap()).unwrap();
        let is_final = month == contract.term().end();
        let elapsed = Decimal::from(contract.term().start().months_until(month) + 1);
        // N: the term as first agreed (the statement's line says so).
        let agreed = statement.figure("term.months").unwrap();
        let mut to_date = Vec::new();
        for (i, (terms, s)) in providers.iter().zip(statement.providers()).enumerate() {
            // (1 − r) · C · m / N, each product and quotient at 16 places, rounded down to öre.
            let fee_exact =
                r16(r16(r16((Decimal::ONE - terms.outcome_share()) * terms.contract_value()) * elapsed) / agreed);
            let fee = fee_exact.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToNegativeInfinity);
            if fee != paid_fees[i] {
                payments.push((month, terms.name().to_owned(), Kind::ActivityFee, fee - paid_fees[i]));
                paid_fees[i] = fee;
            }
            let due = s.outcome_payment - paid_outcome[i];
            let mut carried = Decimal::ZERO;
            let kind = if is_final {
                Some(Kind::Final)
            } else if due > Decimal::ZERO {
                Some(Kind::OnAccount)
            } else if due < Decimal::ZERO && negative_claw_back {
                Some(Kind::TrueUp)
            } else {
                carried = due.min(Decimal::ZERO);
                None
            };
            if let Some(kind) = kind.filter(|k| *k == Kind::Final || !due.is_zero()) {
                payments.push((month, terms.name().to_owned(), kind, due));
            }
            to_date.push(ProviderSettlementToDate {
                name: terms.name().to_owned(),
                to_date: s.outcome_payment,
                paid_before: paid_outcome[i],
                due,
                carried,
            });
            if kind.is_some() {
                paid_outcome[i] = s.outcome_payment;
            }
        }
        settlements.push((month, is_final, to_date));
    }
    (settlements, payments)
}

/// One amendment of a random contract: agreed in month `agreed` of the term
/// as first agreed (from 0), changing one thing.
#[derive(Clone, Debug)]
enum Change {
    /// Measurement stops after month `.0` of the term.
    MeasurementEnd(u32),
    /// The term is extended by `.0` months.
    Extend(u32),
    /// The day value is `.1` from month `.0` on.
    DayValue(u32, u32),
    /// Provider `.1`'s share is `.2` (in thousandths) from month `.0` on.
    Share(u32, usize, u32),
}

/// A random contract's TOML: `months` months from 2020-01, providers with the
/// given (contract value in thousands, outcome share in quarters, cap in
/// halves, stated share in thousandths), a schedule, and amendments.
fn random_contract(
    months: u32,
    providers: &[(u32, u32, u32, Option<u32>)],
    schedule: &str,
    trend: bool,
    amendments: &[(u32, Change)],
) -> String {
    let month = |k: u32| {
        let k = k as i32;
        format!("{}-{:02}", 2020 + k.div_euclid(12), k.rem_euclid(12) + 1)
    };
    let mut text = format!(
        "name = \"random\"\nfunder = \"F\"\ncurrency = \"SEK\"\ninvestment = \"1000000\"\nday_value = \"2000\"\n\
         term = {{ start = \"2020-01\", end = \"{}\" }}\nreference = {{ start = \"2019-01\", end = \"2019-12\" }}\n\
         measurement = {{ trend = \"{}\" }}\n{schedule}\n",
        month(months - 1),
        if trend { "national-index" } else { "none" },
    );
    for (i, (value, share, cap, stated)) in providers.iter().enumerate() {
        text.push_str(&format!(
            "[[provider]]\nname = \"P{i}\"\ncontract_value = \"{}\"\noutcome_share = \"{}\"\ncap = \"{}\"\n",
            value * 1000,
            Decimal::from(*share) / Decimal::from(4),
            Decimal::from(*cap) / Decimal::from(2),
        ));
        if let Some(stated) = stated {
            text.push_str(&format!("value_share = \"{}\"\n", Decimal::new(i64::from(*stated), 3)));
        }
    }
    for (agreed, change) in amendments {
        text.push_str(&format!("[[amendment]]\nagreed = \"{}\"\n", month(*agreed)));
        match change {
            Change::MeasurementEnd(end) => text.push_str(&format!("measurement_end = \"{}\"\n", month(*end))),
            Change::Extend(by) => text.push_str(&format!("term_end = \"{}\"\n", month(months - 1 + by))),
            Change::DayValue(from, d) => text.push_str(&format!("from = \"{}\"\nday_value = \"{d}\"\n", month(*from))),
            Change::Share(from, p, s) => text.push_str(&format!(
                "from = \"{}\"\nprovider = \"P{p}\"\nvalue_share = \"{}\"\n",
                month(*from),
                Decimal::new(i64::from(*s), 3)
            )),
        }
    }
    text
}

fn change() -> impl Strategy<Value = (u32, Change)> {
    // Months are drawn below 40 and folded into the term by the test.
    (
        0..40u32,
        prop_oneof![
            (0..40u32).prop_map(Change::MeasurementEnd),
            (1..13u32).prop_map(Change::Extend),
            (0..40u32, 500..4000u32).prop_map(|(m, d)| Change::DayValue(m, d)),
            (0..40u32, 0..3usize, 0..300u32).prop_map(|(m, p, s)| Change::Share(m, p, s)),
        ],
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// The ledger's running sums give every settlement and every payment of
    /// settling in full at each settlement month: random terms, providers,
    /// schedules, amendments agreed at random months (measurement end,
    /// extension, day value and share from a month) and monthly data.
    #[test]
    fn the_ledger_settles_as_settling_in_full_at_each_month_does(
        months in 1..30u32,
        providers in proptest::collection::vec((1..300u32, 0..=4u32, 2..=4u32, proptest::option::weighted(0.3, 0..300u32)), 1..=3),
        every in 0..5u32,
        listed in proptest::collection::vec(0..40u32, 0..6),
        claw_back in any::<bool>(),
        trend in any::<bool>(),
        amendments in proptest::collection::vec(change(), 0..5),
        data in proptest::collection::vec((0..3000u32, 50..150u32, 90..110u32), 60),
    ) {
        let negative = if claw_back { "claw-back" } else { "carry-forward" };
        let schedule = match every {
            0 => String::new(),
            1 => format!("[schedule]\nevery = \"month\"\nnegative = \"{negative}\""),
            2 => format!("[schedule]\nevery = \"quarter\"\nnegative = \"{negative}\""),
            3 => format!("[schedule]\nevery = \"year\"\nnegative = \"{negative}\""),
            _ => {
                let list: Vec<String> = listed.iter().map(|k| format!("\"2020-{:02}\"", k % months.min(12) + 1)).collect();
                format!("[schedule]\nmonths = [{}]\nnegative = \"{negative}\"", list.join(", "))
            }
        };
        // Amendments are agreed within the term as first agreed; their months
        // fall in the term (an extension's months too, when there is one).
        let extension = amendments.iter().find_map(|(_, c)| match c { Change::Extend(by) => Some(*by), _ => None });
        let mut seen_extension = false;
        let amendments: Vec<(u32, Change)> = amendments
            .into_iter()
            .filter(|(_, c)| !matches!(c, Change::Extend(_)) || !std::mem::replace(&mut seen_extension, true))
            .map(|(agreed, c)| {
                let within = months + extension.unwrap_or(0);
                let c = match c {
                    Change::MeasurementEnd(m) => Change::MeasurementEnd(m % months),
                    Change::DayValue(m, d) => Change::DayValue(m % within, d),
                    Change::Share(m, p, s) => Change::Share(m % within, p % providers.len(), s),
                    other => other,
                };
                (agreed % months, c)
            })
            .collect();
        let text = random_contract(months, &providers, &schedule, trend, &amendments);
        // Shares summing above 1, or two amendments of one month setting one
        // term, are refused: such draws are not contracts.
        let contract = match Contract::from_toml_str(&text) {
            Ok(contract) => contract,
            Err(e) => {
                let refused = matches!(e.kind(), ErrorKind::ValueSharesAboveOne { .. } | ErrorKind::OverlappingAmendments { .. } | ErrorKind::ContractValuesAboveInvestment { .. });
                prop_assert!(refused, "{e}\n{text}");
                return Ok(());
            }
        };
        let mut rows = Vec::new();
        let mut index_text = String::from("month,index\n");
        for ((net, headcount, idx), m) in data.iter().zip(contract.reference().iter().chain(contract.term().iter())) {
            let reference = m < contract.term().start();
            let net = if reference { Decimal::from(1500 + net % 500) } else { Decimal::new(i64::from(*net) * 10 + 5, 1) };
            rows.push((m, net, *headcount));
            index_text.push_str(&format!("{m},{}\n", Decimal::new(i64::from(*idx), 1)));
        }
        let series = series_of(rows);
        let index = NationalIndex::from_csv_str(&index_text).unwrap();
        let index = trend.then_some(&index);
        let ledger = Ledger::run(&contract, &series, index, None).unwrap();
        let (settlements, payments) = ledger_in_full(&contract, &series, index);
        let got: Vec<(Month, bool, Vec<ProviderSettlementToDate>)> =
            ledger.settlements.iter().map(|s| (s.month, s.is_final, s.providers.clone())).collect();
        prop_assert_eq!(got, settlements, "{}", text);
        let got: Vec<(Month, String, Kind, Decimal)> =
            ledger.payments.iter().map(|p: &Payment| (p.month, p.payee.clone(), p.kind, p.amount)).collect();
        prop_assert_eq!(got, payments, "{}", text);
        // And the ledger ends where a single settlement of the whole term does.
        let whole = settle(&contract, &Outcome::from_monthly(&contract, &series, index).unwrap()).unwrap();
        for (p, s) in contract.providers().iter().zip(whole.providers()) {
            prop_assert_eq!(ledger.party(p.name()).unwrap().balance, s.total_term);
        }
    }
}
