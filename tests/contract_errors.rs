//! Every validation error of the contract loader (`docs/formats.md`, *Contract*), and the
//! errors of monthly data and the national index that reach the user through
//! `Outcome::from_monthly`: the kind, the line, the field and the whole message.
//!
//! Each test starts from a valid contract, [`BASE`], and changes one thing.

use utfall::engine::{Contract, Error, ErrorKind, MonthlySeries, NationalIndex, Outcome};

/// Botkyrka's contract (examples/botkyrka/contract.toml) without its comments,
/// so that line numbers are easy to count:
///
/// ```text
///  1 name            7 term.start        15 measurement.end     19 provider[0].name
///  2 currency        8 term.end          16 measurement.trend   20 provider[0].contract_value
///  3 investment     10 [reference]       18 [[provider]]        21 provider[0].outcome_share
///  4 day_value      11 reference.start                          22 provider[0].cap
///  6 [term]         12 reference.end
///                   14 [measurement]
/// ```
const BASE: &str = r#"name = "Arbetsmiljö och Hälsa i Fokus, Botkyrka"
currency = "SEK"
investment = "22870000"
day_value = "2080"

[term]
start = "2018-10"
end = "2021-09"

[reference]
start = "2017-08"
end = "2018-07"

[measurement]
end = "2020-02"
trend = "none"

[[provider]]
name = "Aino Health"
contract_value = "8405100"
outcome_share = "0.5"
cap = "1.5"
"#;

/// A second provider, appended to [`BASE`]: its `name` is on line 25,
/// `contract_value` 26, `outcome_share` 27, `cap` 28.
fn second_provider(name: &str, contract_value: &str, extra: &str) -> String {
    format!(
        "{BASE}\n[[provider]]\nname = \"{name}\"\ncontract_value = \"{contract_value}\"\noutcome_share = \"0.5\"\ncap = \"1.5\"\n{extra}"
    )
}

/// [`BASE`] with `old`, which must occur exactly once, replaced by `new`.
fn with(old: &str, new: &str) -> String {
    assert_eq!(BASE.matches(old).count(), 1, "{old:?} must occur once in BASE");
    BASE.replacen(old, new, 1)
}

fn refused(text: &str) -> Error {
    match Contract::from_toml_str(text) {
        Ok(_) => panic!("the contract was accepted:\n{text}"),
        Err(e) => e,
    }
}

fn assert_at(err: &Error, line: Option<usize>, field: Option<&str>, message: &str) {
    assert_eq!(err.to_string(), message);
    assert_eq!(err.location().line(), line, "line of {message:?}");
    assert_eq!(err.location().field(), field, "field of {message:?}");
    assert_eq!(err.location().file(), None);
    assert!(!message.contains('\n'), "one line: {message:?}");
}

#[test]
fn base_contract_is_valid() {
    let contract = Contract::from_toml_str(BASE).unwrap();
    assert_eq!(contract.window().len(), 17);
}

// --- amounts -----------------------------------------------------------------------

#[test]
fn amount_not_quoted_integer() {
    let err = refused(&with("investment = \"22870000\"", "investment = 22870000"));
    assert!(matches!(err.kind(), ErrorKind::NotQuoted { found: "integer", .. }));
    assert_at(
        &err,
        Some(3),
        Some("investment"),
        "line 3: field investment: amounts are quoted decimal strings, found the integer 22870000: write \"22870000\"",
    );
}

#[test]
fn amount_not_quoted_float() {
    let err = refused(&with("cap = \"1.5\"", "cap = 1.5"));
    assert!(matches!(err.kind(), ErrorKind::NotQuoted { found: "float", .. }));
    assert_at(
        &err,
        Some(22),
        Some("provider[0].cap"),
        "line 22: field provider[0].cap: amounts are quoted decimal strings, found the float 1.5: write \"1.5\"",
    );
}

#[test]
fn amount_not_quoted_is_quoted_as_written_with_a_decimal_to_write() {
    // TOML reads `1e3` as the float 1000.0; the message shows what the user wrote
    // and suggests a decimal string that loads.
    let err = refused(&with("day_value = \"2080\"", "day_value = 1e3"));
    assert!(
        matches!(err.kind(), ErrorKind::NotQuoted { found: "float", value, suggestion } if value == "1e3" && suggestion.as_deref() == Some("1000"))
    );
    assert_at(
        &err,
        Some(4),
        Some("day_value"),
        "line 4: field day_value: amounts are quoted decimal strings, found the float 1e3: write \"1000\"",
    );
}

#[test]
fn amount_with_too_many_digits() {
    let err = refused(&with(
        "investment = \"22870000\"",
        "investment = \"99999999999999999999999999999\"",
    ));
    assert!(matches!(err.kind(), ErrorKind::TooPrecise { .. }));
    assert_at(
        &err,
        Some(3),
        Some("investment"),
        "line 3: field investment: \"99999999999999999999999999999\" has more digits than an exact decimal can hold (at most 28 significant digits)",
    );
}

#[test]
fn amount_with_exponent_is_not_decimal() {
    let err = refused(&with("day_value = \"2080\"", "day_value = \"1e3\""));
    assert!(matches!(err.kind(), ErrorKind::NotDecimal { value } if value == "1e3"));
    assert_at(
        &err,
        Some(4),
        Some("day_value"),
        "line 4: field day_value: \"1e3\" is not a decimal number: write digits with an optional leading '-' and '.', such as \"-1234.5\" (no spaces, '+', ',' or exponent)",
    );
}

#[test]
fn amount_with_spaces_is_not_decimal() {
    let err = refused(&with("investment = \"22870000\"", "investment = \"22 870 000\""));
    assert!(matches!(err.kind(), ErrorKind::NotDecimal { value } if value == "22 870 000"));
    assert_at(
        &err,
        Some(3),
        Some("investment"),
        "line 3: field investment: \"22 870 000\" is not a decimal number: write digits with an optional leading '-' and '.', such as \"-1234.5\" (no spaces, '+', ',' or exponent)",
    );
}

#[test]
fn amount_with_decimal_comma_is_not_decimal() {
    let err = refused(&with("cap = \"1.5\"", "cap = \"1,5\""));
    assert!(matches!(err.kind(), ErrorKind::NotDecimal { value } if value == "1,5"));
    assert_at(
        &err,
        Some(22),
        Some("provider[0].cap"),
        "line 22: field provider[0].cap: \"1,5\" is not a decimal number: write digits with an optional leading '-' and '.', such as \"-1234.5\" (no spaces, '+', ',' or exponent)",
    );
}

#[test]
fn non_positive_investment() {
    let err = refused(&with("investment = \"22870000\"", "investment = \"0\""));
    assert!(matches!(err.kind(), ErrorKind::NotPositive { .. }));
    assert_at(
        &err,
        Some(3),
        Some("investment"),
        "line 3: field investment: 0 must be above zero",
    );

    let err = refused(&with("investment = \"22870000\"", "investment = \"-22870000\""));
    assert!(matches!(err.kind(), ErrorKind::NotPositive { .. }));
    assert_at(
        &err,
        Some(3),
        Some("investment"),
        "line 3: field investment: -22870000 must be above zero",
    );
}

#[test]
fn non_positive_day_value() {
    let err = refused(&with("day_value = \"2080\"", "day_value = \"0.00\""));
    assert!(matches!(err.kind(), ErrorKind::NotPositive { .. }));
    assert_at(
        &err,
        Some(4),
        Some("day_value"),
        "line 4: field day_value: 0.00 must be above zero",
    );
}

#[test]
fn non_positive_contract_value() {
    let err = refused(&with("contract_value = \"8405100\"", "contract_value = \"-1\""));
    assert!(matches!(err.kind(), ErrorKind::NotPositive { .. }));
    assert_at(
        &err,
        Some(20),
        Some("provider[0].contract_value"),
        "line 20: field provider[0].contract_value: -1 must be above zero",
    );
}

#[test]
fn contract_value_above_the_investment() {
    let err = refused(&with(
        "contract_value = \"8405100\"",
        "contract_value = \"22870000.01\"",
    ));
    assert!(matches!(err.kind(), ErrorKind::ContractValueAboveInvestment { .. }));
    assert_at(
        &err,
        Some(20),
        Some("provider[0].contract_value"),
        "line 20: field provider[0].contract_value: contract value 22870000.01 is above the investment 22870000",
    );
}

#[test]
fn contract_values_summing_above_the_investment() {
    let err = refused(&second_provider("Second", "14464900.01", ""));
    assert!(matches!(err.kind(), ErrorKind::ContractValuesAboveInvestment { .. }));
    assert_at(
        &err,
        Some(18),
        Some("provider"),
        "line 18: field provider: the providers' contract values sum to 22870000.01, above the investment 22870000",
    );
}

// --- shares and cap ------------------------------------------------------------------

#[test]
fn outcome_share_below_zero() {
    let err = refused(&with("outcome_share = \"0.5\"", "outcome_share = \"-0.1\""));
    assert!(matches!(err.kind(), ErrorKind::ShareOutOfRange { .. }));
    assert_at(
        &err,
        Some(21),
        Some("provider[0].outcome_share"),
        "line 21: field provider[0].outcome_share: -0.1 is outside 0 to 1 (a share is a fraction: write 0.184 for 18.4 %)",
    );
}

#[test]
fn outcome_share_above_one() {
    let err = refused(&with("outcome_share = \"0.5\"", "outcome_share = \"1.01\""));
    assert!(matches!(err.kind(), ErrorKind::ShareOutOfRange { .. }));
    assert_at(
        &err,
        Some(21),
        Some("provider[0].outcome_share"),
        "line 21: field provider[0].outcome_share: 1.01 is outside 0 to 1 (a share is a fraction: write 0.184 for 18.4 %)",
    );
}

#[test]
fn value_share_outside_zero_to_one() {
    let err = refused(&with("cap = \"1.5\"\n", "cap = \"1.5\"\nvalue_share = \"18.4\"\n"));
    assert!(matches!(err.kind(), ErrorKind::ShareOutOfRange { .. }));
    assert_at(
        &err,
        Some(23),
        Some("provider[0].value_share"),
        "line 23: field provider[0].value_share: 18.4 is outside 0 to 1 (a share is a fraction: write 0.184 for 18.4 %)",
    );

    let err = refused(&with("cap = \"1.5\"\n", "cap = \"1.5\"\nvalue_share = \"-0.184\"\n"));
    assert!(matches!(err.kind(), ErrorKind::ShareOutOfRange { .. }));
    assert_at(
        &err,
        Some(23),
        Some("provider[0].value_share"),
        "line 23: field provider[0].value_share: -0.184 is outside 0 to 1 (a share is a fraction: write 0.184 for 18.4 %)",
    );
}

#[test]
fn value_shares_summing_above_one() {
    let text = second_provider("Second", "1000000", "value_share = \"0.5\"\n").replacen(
        "cap = \"1.5\"\n",
        "cap = \"1.5\"\nvalue_share = \"0.6\"\n",
        1,
    );
    let err = refused(&text);
    assert!(matches!(err.kind(), ErrorKind::ValueSharesAboveOne { .. }));
    assert_at(
        &err,
        Some(18),
        Some("provider"),
        "line 18: field provider: the providers' value shares sum to 1.1, above 1",
    );
}

#[test]
fn cap_below_one() {
    let err = refused(&with("cap = \"1.5\"", "cap = \"0.99\""));
    assert!(matches!(err.kind(), ErrorKind::CapBelowOne { .. }));
    assert_at(
        &err,
        Some(22),
        Some("provider[0].cap"),
        "line 22: field provider[0].cap: cap 0.99 is below 1",
    );
}

// --- months ----------------------------------------------------------------------------

#[test]
fn bad_month_out_of_range() {
    let err = refused(&with("start = \"2018-10\"", "start = \"2018-13\""));
    assert!(matches!(err.kind(), ErrorKind::BadMonth { value, .. } if value == "2018-13"));
    assert_at(
        &err,
        Some(7),
        Some("term.start"),
        "line 7: field term.start: \"2018-13\" is not a month: the month must be 01 to 12",
    );
}

#[test]
fn bad_month_shape() {
    let err = refused(&with("end = \"2018-07\"", "end = \"2018-7\""));
    assert!(matches!(err.kind(), ErrorKind::BadMonth { value, .. } if value == "2018-7"));
    assert_at(
        &err,
        Some(12),
        Some("reference.end"),
        "line 12: field reference.end: \"2018-7\" is not a month: a month is written YYYY-MM",
    );

    let err = refused(&with("end = \"2020-02\"", "end = \"2020-02-29\""));
    assert!(matches!(err.kind(), ErrorKind::BadMonth { .. }));
    assert_at(
        &err,
        Some(15),
        Some("measurement.end"),
        "line 15: field measurement.end: \"2020-02-29\" is not a month: a month is written YYYY-MM",
    );
}

#[test]
fn term_end_before_start() {
    let err = refused(&with("end = \"2021-09\"", "end = \"2018-09\""));
    assert!(matches!(err.kind(), ErrorKind::EndBeforeStart { .. }));
    assert_at(
        &err,
        Some(8),
        Some("term.end"),
        "line 8: field term.end: the end 2018-09 comes before the start 2018-10",
    );
}

#[test]
fn reference_not_twelve_months() {
    let err = refused(&with("start = \"2017-08\"", "start = \"2017-09\""));
    assert!(matches!(
        err.kind(),
        ErrorKind::ReferenceNotTwelveMonths { months: 11, .. }
    ));
    assert_at(
        &err,
        Some(10),
        Some("reference"),
        "line 10: field reference: the reference period 2017-09 – 2018-07 is 11 months long; it must be 12, one of each calendar month",
    );
}

#[test]
fn reference_overlapping_the_term() {
    let text = with(
        "start = \"2017-08\"\nend = \"2018-07\"",
        "start = \"2018-09\"\nend = \"2019-08\"",
    );
    let err = refused(&text);
    assert!(matches!(err.kind(), ErrorKind::ReferenceOverlapsTerm { .. }));
    assert_at(
        &err,
        Some(10),
        Some("reference"),
        "line 10: field reference: the reference period 2018-09 – 2019-08 overlaps the term 2018-10 – 2021-09",
    );
}

#[test]
fn measurement_end_after_the_term() {
    let err = refused(&with("end = \"2020-02\"", "end = \"2021-10\""));
    assert!(matches!(err.kind(), ErrorKind::MeasurementEndOutsideTerm { .. }));
    assert_at(
        &err,
        Some(15),
        Some("measurement.end"),
        "line 15: field measurement.end: the measurement end 2021-10 is outside the term 2018-10 – 2021-09",
    );
}

#[test]
fn measurement_end_before_the_term() {
    let err = refused(&with("end = \"2020-02\"", "end = \"2018-09\""));
    assert!(matches!(err.kind(), ErrorKind::MeasurementEndOutsideTerm { .. }));
    assert_at(
        &err,
        Some(15),
        Some("measurement.end"),
        "line 15: field measurement.end: the measurement end 2018-09 is outside the term 2018-10 – 2021-09",
    );
}

// --- keys, names, trend, providers ---------------------------------------------------------

#[test]
fn unknown_key_at_top_level() {
    let err = refused(&with(
        "day_value = \"2080\"\n",
        "day_value = \"2080\"\nday_valeu = \"2080\"\n",
    ));
    assert!(matches!(err.kind(), ErrorKind::Toml { .. }));
    assert_at(
        &err,
        Some(5),
        None,
        "line 5: unknown field `day_valeu`, expected one of `name`, `funder`, `currency`, `investment`, `day_value`, `term`, `reference`, `measurement`, `provider`, `schedule`, `amendment`, `sources`",
    );
}

#[test]
fn unknown_key_in_term() {
    let err = refused(&with("end = \"2021-09\"", "stop = \"2021-09\""));
    assert!(matches!(err.kind(), ErrorKind::Toml { .. }));
    assert_at(
        &err,
        Some(8),
        None,
        "line 8: unknown field `stop`, expected `start` or `end`",
    );
}

#[test]
fn unknown_key_in_measurement() {
    let err = refused(&with("trend = \"none\"", "trend_adjustment = \"none\""));
    assert!(matches!(err.kind(), ErrorKind::Toml { .. }));
    assert_at(
        &err,
        Some(16),
        None,
        "line 16: unknown field `trend_adjustment`, expected `end` or `trend`",
    );
}

#[test]
fn unknown_key_in_provider() {
    let err = refused(&with("cap = \"1.5\"\n", "cap = \"1.5\"\nvalue_shares = \"0.184\"\n"));
    assert!(matches!(err.kind(), ErrorKind::Toml { .. }));
    assert_at(
        &err,
        Some(23),
        None,
        "line 23: unknown field `value_shares`, expected one of `name`, `contract_value`, `outcome_share`, `cap`, `value_share`, `sources`",
    );
}

#[test]
fn unknown_trend() {
    let err = refused(&with("trend = \"none\"", "trend = \"national\""));
    assert!(matches!(err.kind(), ErrorKind::UnknownTrend { value } if value == "national"));
    assert_at(
        &err,
        Some(16),
        Some("measurement.trend"),
        "line 16: field measurement.trend: \"national\" is not a trend adjustment: write \"none\" or \"national-index\"",
    );
}

#[test]
fn missing_provider() {
    let at = BASE.find("\n[[provider]]").unwrap();
    let err = refused(BASE.get(..at).unwrap());
    assert!(matches!(err.kind(), ErrorKind::NoProvider));
    // No [[provider]] at all: there is no line to point to.
    assert_at(&err, None, None, "a contract needs at least one [[provider]]");
}

#[test]
fn empty_provider_array() {
    let at = BASE.find("\n[[provider]]").unwrap();
    let text = with("day_value = \"2080\"\n", "day_value = \"2080\"\nprovider = []\n");
    let text = text.get(..at + "provider = []\n".len()).unwrap();
    let err = refused(text);
    assert!(matches!(err.kind(), ErrorKind::NoProvider));
    assert_at(
        &err,
        Some(5),
        Some("provider"),
        "line 5: field provider: a contract needs at least one [[provider]]",
    );
}

#[test]
fn duplicate_provider_name() {
    let err = refused(&second_provider("Aino Health", "1000000", ""));
    assert!(
        matches!(err.kind(), ErrorKind::DuplicateProvider { name, first, first_line: 19 } if name == "Aino Health" && first == name)
    );
    assert_at(
        &err,
        Some(25),
        Some("provider[1].name"),
        "line 25: field provider[1].name: provider \"Aino Health\" is named twice (first on line 19)",
    );
}

#[test]
fn bad_currency() {
    let err = refused(&with("currency = \"SEK\"", "currency = \"kr\""));
    assert!(matches!(err.kind(), ErrorKind::BadText { value, .. } if value == "kr"));
    assert_at(
        &err,
        Some(2),
        Some("currency"),
        "line 2: field currency: \"kr\" is not a currency code of three capital letters, such as \"SEK\"",
    );

    let err = refused(&with("currency = \"SEK\"", "currency = \"sek\""));
    assert!(matches!(err.kind(), ErrorKind::BadText { value, .. } if value == "sek"));
    assert_at(
        &err,
        Some(2),
        Some("currency"),
        "line 2: field currency: \"sek\" is not a currency code of three capital letters, such as \"SEK\"",
    );
}

#[test]
fn empty_contract_name() {
    let err = refused(&with(
        "name = \"Arbetsmiljö och Hälsa i Fokus, Botkyrka\"",
        "name = \"  \"",
    ));
    assert!(matches!(err.kind(), ErrorKind::BadText { value, .. } if value == "  "));
    assert_at(
        &err,
        Some(1),
        Some("name"),
        "line 1: field name: \"  \" is not a name (it is empty)",
    );
}

#[test]
fn empty_provider_name() {
    let err = refused(&with("name = \"Aino Health\"", "name = \"\""));
    assert!(matches!(err.kind(), ErrorKind::BadText { value, .. } if value.is_empty()));
    assert_at(
        &err,
        Some(19),
        Some("provider[0].name"),
        "line 19: field provider[0].name: \"\" is not a name (it is empty)",
    );
}

// --- monthly data and the national index, through Outcome::from_monthly ---------------------

/// Botkyrka's reference period 2017-08 – 2018-07 and window 2018-10 – 2020-02.
fn months_needed() -> Vec<String> {
    let mut months = Vec::new();
    for (year, first, last) in [(2017, 8, 12), (2018, 1, 7), (2018, 10, 12), (2019, 1, 12), (2020, 1, 2)] {
        for month in first..=last {
            months.push(format!("{year}-{month:02}"));
        }
    }
    months
}

/// A series for [`BASE`] without the months `skip` and with headcount 0 in the
/// month `zero`. The first data row is line 2.
fn monthly(skip: &str, zero: &str) -> MonthlySeries {
    let mut text = String::from("month,net_days,headcount\n");
    for month in months_needed().iter().filter(|m| *m != skip) {
        let headcount = if month == zero { 0 } else { 6300 };
        text.push_str(&format!("{month},3000.5,{headcount}\n"));
    }
    MonthlySeries::from_csv_str(&text).unwrap()
}

fn index(skip: &str) -> NationalIndex {
    let mut text = String::from("month,index\n");
    for month in months_needed().iter().filter(|m| *m != skip) {
        text.push_str(&format!("{month},9.8\n"));
    }
    NationalIndex::from_csv_str(&text).unwrap()
}

fn trend_adjusted() -> Contract {
    Contract::from_toml_str(&with("trend = \"none\"", "trend = \"national-index\"")).unwrap()
}

fn not_measured(contract: &Contract, series: &MonthlySeries, index: Option<&NationalIndex>) -> Error {
    match Outcome::from_monthly(contract, series, index) {
        Ok(_) => panic!("the outcome was measured"),
        Err(e) => e,
    }
}

#[test]
fn complete_monthly_data_is_measured() {
    let contract = Contract::from_toml_str(BASE).unwrap();
    assert!(Outcome::from_monthly(&contract, &monthly("", ""), None).is_ok());
    assert!(Outcome::from_monthly(&trend_adjusted(), &monthly("", ""), Some(&index(""))).is_ok());
}

#[test]
fn missing_window_month() {
    let contract = Contract::from_toml_str(BASE).unwrap();
    let err = not_measured(&contract, &monthly("2019-05", ""), None);
    assert!(matches!(err.kind(), ErrorKind::MissingMonth { month, .. } if month.to_string() == "2019-05"));
    assert_at(
        &err,
        None,
        None,
        "month 2019-05 is missing; it is needed as a month of the measured window",
    );
}

#[test]
fn missing_reference_month() {
    let contract = Contract::from_toml_str(BASE).unwrap();
    let err = not_measured(&contract, &monthly("2018-02", ""), None);
    assert!(matches!(err.kind(), ErrorKind::MissingMonth { month, .. } if month.to_string() == "2018-02"));
    assert_at(
        &err,
        None,
        None,
        "month 2018-02 is missing; it is needed as the reference month of 2019-02",
    );
}

#[test]
fn zero_headcount_in_a_window_month() {
    let contract = Contract::from_toml_str(BASE).unwrap();
    // Rows: 12 reference months on lines 2–13, then 2018-10 on line 14, … 2019-01 on 17.
    let err = not_measured(&contract, &monthly("", "2019-01"), None);
    assert!(matches!(err.kind(), ErrorKind::ZeroHeadcount { month } if month.to_string() == "2019-01"));
    assert_at(
        &err,
        Some(17),
        Some("headcount"),
        "line 17: field headcount: month 2019-01 has headcount 0; days per employee cannot be computed",
    );
}

#[test]
fn zero_headcount_in_a_reference_month() {
    let contract = Contract::from_toml_str(BASE).unwrap();
    // 2017-12 is on line 6; it is first needed for 2018-12.
    let err = not_measured(&contract, &monthly("", "2017-12"), None);
    assert!(matches!(err.kind(), ErrorKind::ZeroHeadcount { month } if month.to_string() == "2017-12"));
    assert_at(
        &err,
        Some(6),
        Some("headcount"),
        "line 6: field headcount: month 2017-12 has headcount 0; days per employee cannot be computed",
    );
}

#[test]
fn zero_average_headcount_with_a_stated_value() {
    let contract = Contract::from_toml_str(BASE).unwrap();
    let err = match Outcome::from_value(&contract, "14700000".parse().unwrap(), Some(0)) {
        Ok(_) => panic!("a zero headcount was accepted"),
        Err(e) => e,
    };
    assert!(matches!(err.kind(), ErrorKind::ZeroAverageHeadcount));
    assert_at(
        &err,
        None,
        Some("headcount"),
        "field headcount: the average headcount is 0; days per employee cannot be computed",
    );
}

#[test]
fn missing_index_month_in_the_window() {
    let err = not_measured(&trend_adjusted(), &monthly("", ""), Some(&index("2019-03")));
    assert!(matches!(err.kind(), ErrorKind::MissingIndexMonth { month, .. } if month.to_string() == "2019-03"));
    assert_at(
        &err,
        None,
        None,
        "month 2019-03 is missing from the national index; it is needed as a month of the measured window",
    );
}

#[test]
fn missing_index_month_in_the_reference_period() {
    let err = not_measured(&trend_adjusted(), &monthly("", ""), Some(&index("2017-08")));
    assert!(matches!(err.kind(), ErrorKind::MissingIndexMonth { month, .. } if month.to_string() == "2017-08"));
    assert_at(
        &err,
        None,
        None,
        "month 2017-08 is missing from the national index; it is needed as the reference month of 2019-08",
    );
}

#[test]
fn index_given_with_trend_none() {
    let contract = Contract::from_toml_str(BASE).unwrap();
    let err = not_measured(&contract, &monthly("", ""), Some(&index("")));
    assert!(matches!(err.kind(), ErrorKind::IndexNotUsed));
    assert_at(
        &err,
        None,
        None,
        "a national index was given, but the contract sets trend = \"none\"; set trend = \"national-index\" in [measurement] or leave the index out",
    );
}

#[test]
fn index_missing_with_trend_national_index() {
    let err = not_measured(&trend_adjusted(), &monthly("", ""), None);
    assert!(matches!(err.kind(), ErrorKind::IndexRequired));
    assert_at(
        &err,
        None,
        None,
        "the contract sets trend = \"national-index\", so a national index file is needed",
    );
}
