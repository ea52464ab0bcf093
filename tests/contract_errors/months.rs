//! Months, the term, the reference period and the measurement end.

use utfall::engine::ErrorKind;

use super::{assert_at, refused, with};

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
