//! Bad schedules and amendments refused with clear errors, and amendments
//! that change the day value or a provider's share from a month on
//! (`docs/method.md` §4.2).

use rust_decimal::Decimal;
use utfall::engine::{Contract, Ledger, MonthlySeries, Note, Outcome, settle};

use super::six_months;
use crate::common::contracts::SmallContract;
use crate::common::d;

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
            "field amendment[0].measurement_end: the amendment's measurement end 2021-06 is outside the term 2020-01 – 2020-12",
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
        let err = Contract::from_toml_str(&SmallContract::with(extra)).unwrap_err();
        assert_eq!(err.to_string(), message, "{extra}");
    }
    // An extension is fine, and moves the final settlement.
    let extended = Contract::from_toml_str(&SmallContract::with(
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
    // Seen from June, May is at the new 20 kr; seen from January, before the
    // amendment was agreed, at 10 kr.
    let june = contract.as_of("2020-06".parse().unwrap()).unwrap();
    assert_eq!(june.day_value_at("2020-05".parse().unwrap()), d("20"));
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
            "field amendment[0].from: the amendment applies from 2020-09, outside the term 2020-01 – 2020-06",
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
        let text = SmallContract {
            term_end: "2020-06",
            after: amendment,
            ..SmallContract::default()
        }
        .toml();
        let err = Contract::from_toml_str(&text).unwrap_err().to_string();
        assert!(err.ends_with(message), "{amendment}: {err}");
    }
}
