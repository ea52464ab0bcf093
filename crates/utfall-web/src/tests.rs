//! The functions as the page calls them, natively: the figures and errors the
//! program gives.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use super::*;

const BOTKYRKA: &str = include_str!("../../../examples/botkyrka/contract.toml");
const PAYROLL: &str = include_str!("../../../examples/payroll/contract.toml");
const ABSENCE: &[u8] = include_bytes!("../../../tests/fixtures/absence/generated/absence.csv");
const HEADCOUNT: &[u8] = include_bytes!("../../../tests/fixtures/absence/generated/headcount.csv");

fn stated<'a>(contract: &'a str, format: Format, locale: &'a str) -> SettleRequest<'a> {
    SettleRequest {
        contract: File::new("contract.toml", contract.as_bytes()),
        monthly: None,
        index: None,
        value: Some("14700000"),
        headcount: Some("6350"),
        as_of: None,
        issued: "2026-11-29",
        format,
        locale,
    }
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

#[test]
fn botkyrka_on_the_stated_value_in_every_format() {
    let sv = text(settle_statement(&stated(BOTKYRKA, Format::Text, "sv")).unwrap());
    assert!(sv.contains("2 701 245,52 kr"), "{sv}");
    let en = text(settle_statement(&stated(BOTKYRKA, Format::Text, "en")).unwrap());
    assert!(en.contains("2,701,245.52 SEK"), "{en}");
    let html = text(settle_statement(&stated(BOTKYRKA, Format::Html, "sv")).unwrap());
    assert!(html.contains("2 701 245,52 kr") && html.contains("<svg"));
    let json: serde_json::Value =
        serde_json::from_slice(&settle_statement(&stated(BOTKYRKA, Format::Json, "sv")).unwrap()).unwrap();
    assert_eq!(json["summary"]["issued"], "2026-11-29");
    let csv = text(settle_statement(&stated(BOTKYRKA, Format::Csv, "sv")).unwrap());
    assert!(csv.starts_with(utfall_render::CSV_HEADER));
    let xlsx = settle_statement(&stated(BOTKYRKA, Format::Xlsx, "sv")).unwrap();
    assert!(utfall_absence::is_workbook(&xlsx));
}

#[test]
fn errors_are_the_programs_one_line_naming_the_file() {
    let mut bad = stated("[contract\n", Format::Json, "sv");
    let err = settle_statement(&bad).unwrap_err();
    assert!(err.starts_with("utfall settle: contract.toml:"), "{err}");
    assert!(!err.contains('\n'), "{err}");
    bad = stated(PAYROLL, Format::Json, "sv");
    bad.value = None;
    bad.monthly = Some(File::new("series.csv", b"month,nonsense\n"));
    let err = settle_statement(&bad).unwrap_err();
    assert!(
        err.starts_with("utfall settle: series.csv:1: column \"nonsense\""),
        "{err}"
    );
    let err = settle_statement(&SettleRequest {
        issued: "2026-13-01",
        ..stated(BOTKYRKA, Format::Json, "sv")
    })
    .unwrap_err();
    assert_eq!(
        err,
        "utfall settle: \"2026-13-01\" is not a date YYYY-MM-DD (such as 2026-11-29)"
    );
    let err = measure(
        &File::new("absence.csv", b"employee_id,date,hours\n7,2020-01-02,25\n"),
        &File::new("headcount.csv", b"month,employees\n2020-01,10\n"),
        &MeasureRequest::default(),
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(err, "utfall measure: absence.csv:2: field hours: \"25\" is above 24");
}

#[test]
fn measured_in_memory_then_settled_is_the_payroll_example() {
    let mut read = 0;
    let m = measure(
        &File::new("absence.csv", ABSENCE),
        &File::new("headcount.csv", HEADCOUNT),
        &MeasureRequest::default(),
        &mut |done| read = done,
    )
    .unwrap();
    assert_eq!(read, ABSENCE.len() as u64);
    let json: serde_json::Value = serde_json::from_str(&m.json).unwrap();
    assert!(json.is_object());
    let request = SettleRequest {
        monthly: Some(File::new("series.csv", m.series.as_bytes())),
        value: None,
        headcount: None,
        ..stated(PAYROLL, Format::Text, "sv")
    };
    let statement = text(settle_statement(&request).unwrap());
    let value = statement
        .lines()
        .find(|l| l.contains("värdet av sparade dagar ["))
        .unwrap();
    assert!(value.ends_with(" 198 616,40 kr"), "{value}");
}

#[test]
fn ledger_risk_curve_and_what_if() {
    let contract = File::new("contract.toml", BOTKYRKA.as_bytes());
    let svg = risk_curve(&contract, None, None, Some("14700000"), true, "en").unwrap();
    assert!(svg.starts_with("<svg") || svg.contains("<svg"), "{svg}");
    let csv = risk_curve(&contract, None, None, None, false, "sv").unwrap();
    assert!(csv.lines().count() > 10);
    let whatif = what_if(&contract, None, Some(6350), false, "sv").unwrap();
    assert!(!whatif.is_empty());
    let err = what_if(&contract, None, None, false, "sv").unwrap_err();
    assert_eq!(err, "utfall what-if: give a headcount, or a monthly series");
    let err = ledger(&contract, &File::new("m.csv", b""), None, Format::Json, "sv").unwrap_err();
    assert!(err.starts_with("utfall ledger: "), "{err}");
}
