//! Monthly data and the national index, as `Outcome::from_monthly` refuses
//! them under [`BASE`](super::BASE): missing months, a headcount of 0, an index
//! given or missing against the contract's trend setting.

use utfall::engine::{Contract, Error, ErrorKind, MonthlySeries, NationalIndex, Outcome};

use super::{BASE, assert_at, with};

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
