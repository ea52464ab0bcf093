//! Interim settlements, amendments and ledgers (issue 5): what a schedule pays
//! and when, statements as of a month, and errors for bad schedules and
//! amendments.

use proptest::prelude::*;
use rust_decimal::Decimal;
use utfall::engine::{
    Contract, ErrorKind, Kind, Ledger, Month, MonthData, MonthlySeries, NationalIndex, Note, Outcome, Payment,
    ProviderSettlementToDate, settle,
};

fn read(file: &str) -> String {
    std::fs::read_to_string(format!("{}/examples/illustrative/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn illustrative() -> (Contract, MonthlySeries, NationalIndex) {
    (
        Contract::from_toml_str(&read("contract-quarterly.toml")).unwrap(),
        MonthlySeries::from_csv_str(&read("monthly.csv")).unwrap(),
        NationalIndex::from_csv_str(&read("index.csv")).unwrap(),
    )
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn quarterly_ledger_reconciles_with_the_whole_term_statement() {
    let (contract, series, index) = illustrative();
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
    let (contract, series, index) = illustrative();
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

/// A contract on a 6-month term with monthly data made to fall: the outcome to
/// date drops between settlements.
fn falling(negative: &str) -> (Contract, MonthlySeries) {
    // Saved: 4, 4, then 6 days *lost*, then 2 saved each month.
    six_months(
        &format!("schedule = {{ every = \"month\", negative = \"{negative}\" }}"),
        "1.5",
        "",
        ["60", "60", "160", "80", "80", "80"],
    )
}

/// A 6-month term (2020-01 – 2020-06) with I = 1 200, d = 10 and one provider
/// P (C = 600, r = 0.5, cap `cap`): `top` goes before the provider, `after` after
/// it. The reference has 100 net days (10 per employee, 10 employees) a month;
/// the term's months have `net` days.
fn six_months(top: &str, cap: &str, after: &str, net: [&str; 6]) -> (Contract, MonthlySeries) {
    let contract = Contract::from_toml_str(&format!(
        r#"
        name = "six months"
        currency = "SEK"
        investment = "1200"
        day_value = "10"
        term = {{ start = "2020-01", end = "2020-06" }}
        reference = {{ start = "2019-01", end = "2019-12" }}
        {top}
        [[provider]]
        name = "P"
        contract_value = "600"
        outcome_share = "0.5"
        cap = "{cap}"
        {after}
        "#
    ))
    .unwrap();
    let mut series = MonthlySeries::default();
    let month = |text: String| text.parse().unwrap();
    for m in 1..=12 {
        series.insert(
            month(format!("2019-{m:02}")),
            MonthData {
                net_days: d("100"),
                headcount: 10,
                line: 0,
            },
        );
    }
    for (m, net) in (1..=6).zip(net) {
        series.insert(
            month(format!("2020-{m:02}")),
            MonthData {
                net_days: d(net),
                headcount: 10,
                line: 0,
            },
        );
    }
    (contract, series)
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

fn base(extra: &str) -> String {
    format!(
        r#"
name = "x"
currency = "SEK"
investment = "1200"
day_value = "10"
term = {{ start = "2020-01", end = "2020-12" }}
reference = {{ start = "2019-01", end = "2019-12" }}
[[provider]]
name = "P"
contract_value = "600"
outcome_share = "0.5"
cap = "1.5"
{extra}"#
    )
}

#[test]
fn bad_schedules_and_amendments_are_clear_errors() {
    let cases = [
        (
            "[schedule]\nevery = \"week\"\n",
            "line 14: field schedule.every: \"week\" is not a schedule: write every = \"month\", \"quarter\" or \"year\", or months = [\"YYYY-MM\", ...]",
        ),
        (
            "[schedule]\n",
            "line 13: field schedule: give either every = \"month\", \"quarter\" or \"year\", or months = [\"YYYY-MM\", ...]; not both, not neither",
        ),
        (
            "[schedule]\nmonths = [\"2021-03\"]\n",
            "field schedule.months: settlement month 2021-03 is outside the term 2020-01 – 2020-12",
        ),
        (
            "[schedule]\nevery = \"month\"\nnegative = \"forgive\"\n",
            "line 15: field schedule.negative: \"forgive\" is not a rule for negative true-ups: write \"carry-forward\" or \"claw-back\"",
        ),
        (
            "[[amendment]]\nagreed = \"2021-02\"\nmeasurement_end = \"2020-06\"\n",
            "line 14: field amendment[0].agreed: the amendment is agreed in 2021-02, outside the term 2020-01 – 2020-12",
        ),
        (
            "[[amendment]]\nagreed = \"2020-03\"\nmeasurement_end = \"2021-06\"\n",
            "field amendment: the measurement end 2021-06 is outside the term 2020-01 – 2020-12",
        ),
        (
            "[[amendment]]\nagreed = \"2020-03\"\nterm_end = \"2020-06\"\n",
            "line 15: field amendment[0].term_end: term_end 2020-06 does not extend the term 2020-01 – 2020-12",
        ),
        (
            "[[amendment]]\nagreed = \"2020-03\"\n",
            "line 13: field amendment[0]: an amendment needs measurement_end, term_end, day_value or value_share",
        ),
        (
            "[[amendment]]\nagreed = \"2020-03\"\nmeasurement_end = \"2020-02\"\n[[amendment]]\nagreed = \"2020-03\"\nmeasurement_end = \"2020-04\"\n",
            "field amendment: two amendments agreed in 2020-03 set the same term; say in one which holds",
        ),
        (
            "[[amendment]]\nagreed = \"2020-3\"\nterm_end = \"2021-06\"\n",
            "line 14: field amendment[0].agreed: \"2020-3\" is not a month: a month is written YYYY-MM",
        ),
    ];
    for (extra, message) in cases {
        let err = Contract::from_toml_str(&base(extra)).unwrap_err();
        assert_eq!(err.to_string(), message, "{extra}");
    }
    // An extension is fine, and moves the final settlement.
    let extended = Contract::from_toml_str(&base(
        "[schedule]\nevery = \"quarter\"\n[[amendment]]\nagreed = \"2020-10\"\nterm_end = \"2021-03\"\n",
    ))
    .unwrap();
    assert_eq!(extended.term().len(), 15);
    assert_eq!(extended.settlement_months().last().unwrap().to_string(), "2021-03");
    assert_eq!(extended.as_of("2020-09".parse().unwrap()).unwrap().term().len(), 12);
    // What loads writes back and loads the same.
    assert_eq!(
        Contract::from_toml_str(&extended.to_toml_string().unwrap()).unwrap(),
        extended
    );
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
        let (contract, _, index) = illustrative();
        // Own monthly data: reference 4 000 days, savings by month (some negative).
        let mut series = MonthlySeries::default();
        for m in contract.reference().iter() {
            series.insert(m, MonthData { net_days: d("4000"), headcount: 6350, line: 0 });
        }
        for (m, saved) in contract.window().iter().zip(&savings) {
            series.insert(m, MonthData { net_days: Decimal::from(4000 - saved * 10), headcount: 6350, line: 0 });
        }
        let list: Vec<String> = months.iter().map(|i| format!("\"{}\"", contract.term().iter().nth(*i as usize).unwrap())).collect();
        let text = read("contract-quarterly.toml").replace(
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

#[test]
fn quarterly_ledgers_snapshot() {
    let (contract, series, index) = illustrative();
    let ledger = Ledger::run(&contract, &series, Some(&index), None).unwrap();
    insta::with_settings!({
        description => "contract: examples/illustrative/contract-quarterly.toml (quarterly, carry-forward, amendment agreed 2020-03: measurement_end 2020-02); monthly: examples/illustrative/monthly.csv; index: examples/illustrative/index.csv (synthetic data)",
        omit_expression => true,
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!("illustrative_quarterly_ledgers", utfall::render::render_ledger_text(&ledger, &utfall::render::Style::swedish()).unwrap());
    });
}

/// A 6-month contract with savings of 4 days (of 10 per employee, 10
/// employees) in every month, and `amendments` appended.
fn steady(amendments: &str) -> (Contract, MonthlySeries) {
    six_months("", "3", amendments, ["60"; 6])
}

#[test]
fn a_new_day_value_applies_from_its_month() {
    let (contract, series) = steady("[[amendment]]\nagreed = \"2020-02\"\nfrom = \"2020-04\"\nday_value = \"20\"\n");
    // 40 days saved a month: 3 months at 10 kr and 3 at 20 kr = 1 200 + 2 400.
    let statement = settle(&contract, &Outcome::from_monthly(&contract, &series, None).unwrap()).unwrap();
    assert_eq!(statement.figure("outcome.value").unwrap(), d("3600"));
    assert_eq!(statement.figure("month[2020-04].value").unwrap(), d("800"));
    // Seen from January, before it was agreed, every month is at 10 kr.
    let january = contract.as_of("2020-06".parse().unwrap()).unwrap();
    assert_eq!(january.day_value_at("2020-05".parse().unwrap()), d("20"));
    let before = contract.as_of("2020-01".parse().unwrap()).unwrap();
    assert_eq!(before.day_value_at("2020-05".parse().unwrap()), d("10"));
    // It survives writing the contract back.
    assert_eq!(
        Contract::from_toml_str(&contract.to_toml_string().unwrap()).unwrap(),
        contract
    );
}

#[test]
fn a_new_share_weighs_each_month_by_its_value() {
    let (contract, series) =
        steady("[[amendment]]\nagreed = \"2020-03\"\nfrom = \"2020-05\"\nprovider = \"P\"\nvalue_share = \"0.5\"\n");
    // s = 0.25 (r·C/I) for January–April, 0.5 for May–June; each month is worth
    // 400: s = (0.25 · 1 600 + 0.5 · 800) / 2 400 = 1/3, and P = s · 2 400 = 800.
    let statement = settle(&contract, &Outcome::from_monthly(&contract, &series, None).unwrap()).unwrap();
    let line = statement.line("provider[P].value_share").unwrap();
    assert_eq!(line.formula, "s = Σ s(m) · V⁺(m) / Σ V⁺(m)");
    let inputs: Vec<(String, Decimal)> = line.inputs.iter().map(|i| (i.symbol.clone(), i.value)).collect();
    assert_eq!(
        inputs,
        [
            ("s1".into(), d("0.25")),
            ("V⁺1".into(), d("1600")),
            ("s2".into(), d("0.5")),
            ("V⁺2".into(), d("800"))
        ]
    );
    assert_eq!(line.result, d("0.3333333333333333"));
    assert_eq!(statement.providers()[0].outcome_payment, d("800.00"));
    assert!(statement.notes().iter().any(|n| matches!(n, Note::AmendedShare { .. })));
    // A ledger run monthly pays 100 a month (s = 0.25) until May, then catches up.
    let monthly = Contract::from_toml_str(
        &contract
            .to_toml_string()
            .unwrap()
            .replace("[[provider]]", "[schedule]\nevery = \"month\"\n\n[[provider]]"),
    )
    .unwrap();
    let ledger = Ledger::run(&monthly, &series, None, None).unwrap();
    let to_date: Vec<Decimal> = ledger.settlements.iter().map(|s| s.providers[0].to_date).collect();
    assert_eq!(to_date, [d("100"), d("200"), d("300"), d("400"), d("600"), d("800")]);
}

#[test]
fn bad_value_amendments_are_clear_errors() {
    let cases = [
        (
            "[[amendment]]\nagreed = \"2020-02\"\nday_value = \"20\"\n",
            "a new day_value or value_share needs from = \"YYYY-MM\", the first month it applies to",
        ),
        (
            "[[amendment]]\nagreed = \"2020-02\"\nfrom = \"2020-03\"\nprovider = \"Q\"\nvalue_share = \"0.5\"\n",
            "there is no provider \"Q\" in the contract",
        ),
        (
            "[[amendment]]\nagreed = \"2020-02\"\nfrom = \"2020-03\"\nvalue_share = \"0.5\"\n",
            "value_share needs the provider it is for: provider = \"NAME\"",
        ),
        (
            "[[amendment]]\nagreed = \"2020-02\"\nfrom = \"2020-03\"\nprovider = \"P\"\nvalue_share = \"1.5\"\n",
            "1.5 is outside 0 to 1 (a share is a fraction: write 0.184 for 18.4 %)",
        ),
        (
            "[[amendment]]\nagreed = \"2020-02\"\nfrom = \"2020-03\"\nday_value = \"0\"\n",
            "0 must be above zero",
        ),
        (
            "[[amendment]]\nagreed = \"2020-02\"\nfrom = \"2020-09\"\nday_value = \"20\"\n",
            "settlement month 2020-09 is outside the term 2020-01 – 2020-06",
        ),
        (
            "[[amendment]]\nagreed = \"2020-02\"\nfrom = \"2020-03\"\nmeasurement_end = \"2020-04\"\n",
            "from goes with a new day_value or value_share",
        ),
        (
            "[[amendment]]\nagreed = \"2020-02\"\nfrom = \"2020-03\"\nday_value = \"20\"\n[[amendment]]\nagreed = \"2020-02\"\nfrom = \"2020-03\"\nday_value = \"30\"\n",
            "two amendments agreed in 2020-02 set the same term; say in one which holds",
        ),
    ];
    for (amendment, message) in cases {
        let text = format!(
            "name = \"x\"\ncurrency = \"SEK\"\ninvestment = \"1200\"\nday_value = \"10\"\nterm = {{ start = \"2020-01\", end = \"2020-06\" }}\nreference = {{ start = \"2019-01\", end = \"2019-12\" }}\n[[provider]]\nname = \"P\"\ncontract_value = \"600\"\noutcome_share = \"0.5\"\ncap = \"1.5\"\n{amendment}"
        );
        let err = Contract::from_toml_str(&text).unwrap_err().to_string();
        assert!(err.ends_with(message), "{amendment}: {err}");
    }
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
        let mut series = MonthlySeries::default();
        let mut index_text = String::from("month,index\n");
        for ((net, headcount, idx), m) in data.iter().zip(contract.reference().iter().chain(contract.term().iter())) {
            let reference = m < contract.term().start();
            let net = if reference { Decimal::from(1500 + net % 500) } else { Decimal::new(i64::from(*net) * 10 + 5, 1) };
            series.insert(m, MonthData { net_days: net, headcount: *headcount, line: 0 });
            index_text.push_str(&format!("{m},{}\n", Decimal::new(i64::from(*idx), 1)));
        }
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
