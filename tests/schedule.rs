//! Interim settlements, amendments and ledgers (issue 5): what a schedule pays
//! and when, statements as of a month, and errors for bad schedules and
//! amendments.

// Test helpers may stop on the first surprise (clippy.toml covers #[test] fns only).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use utfall::engine::{
    Contract, ErrorKind, Kind, Ledger, MonthData, MonthlySeries, NationalIndex, Note, Outcome, settle,
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
            let cap = s.statement.providers()[0].outcome_cap;
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
