//! A statement's xlsx workbook opened back with a spreadsheet reader and
//! compared cell by cell with the JSON's figures.

use crate::common::summary;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use rust_decimal::Decimal;
use serde_json::Value;
use utfall::engine::Statement;
use utfall::render::{render_json, render_xlsx};

use super::{json_lines, monthly_without_trend};
use crate::common::examples::{BOTKYRKA, botkyrka, illustrative};

pub fn open_xlsx(statement: &Statement) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = render_xlsx(
        statement,
        &crate::common::summary(statement),
        &utfall::render::Style::english(),
    )
    .unwrap();
    calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

pub fn text_at(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        other => panic!("({row}, {col}) is not text: {other:?}"),
    }
}

fn number_at(range: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    match range.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("({row}, {col}) is not a number: {other:?}"),
    }
}

/// `number` is the decimal string `exact` as a spreadsheet holds it: within a
/// millionth, relatively (compared in decimals: the shortest decimal that reads
/// back as `number`).
fn assert_close(number: f64, exact: &str, what: &str) {
    let expected: Decimal = exact.parse().unwrap();
    let got: Decimal = number.to_string().parse().unwrap();
    let tolerance = expected.abs() * Decimal::new(1, 6);
    assert!((got - expected).abs() <= tolerance, "{what}: {number} is not {exact}");
}

/// The workbook read back by a spreadsheet reader: every amount cell is a number
/// within a millionth of the JSON's figure, with the JSON's exact string beside
/// it, and money is formatted as money.
#[test]
fn xlsx_opens_back_with_the_json_figures() {
    for (statement, months) in [
        (botkyrka(BOTKYRKA), false),
        (illustrative(), true),
        (monthly_without_trend(), true),
    ] {
        let json: Value = serde_json::from_str(&render_json(&statement, &summary(&statement)).unwrap()).unwrap();
        let lines = json_lines(&json);
        let mut book = open_xlsx(&statement);
        let expected_sheets: &[&str] = if months {
            &["Summary", "Calculation", "Statement", "Months", "Trace"]
        } else {
            &["Summary", "Calculation", "Statement", "Trace"]
        };
        assert_eq!(book.sheet_names(), expected_sheets);
        statement_sheet(&mut book, &json, &lines);
        trace_sheet(&mut book, &lines);
        if months {
            months_sheet(&mut book, &json);
        }
    }
}

/// The workbook of a statement, read back.
type Book = Xlsx<Cursor<Vec<u8>>>;

/// Statement: a header block, then the table from the row that starts with `section`.
fn statement_sheet(book: &mut Book, json: &Value, lines: &[(String, &Value)]) {
    let sheet = book.worksheet_range("Statement").unwrap();
    let styles = book.worksheet_style("Statement").unwrap();
    assert_eq!(
        text_at(&sheet, 0, 0),
        format!("Settlement statement: {}", json["contract"].as_str().unwrap())
    );
    let top = (0..sheet.end().unwrap().0)
        .find(|&r| text_at(&sheet, r, 0) == "section")
        .unwrap();
    let header: Vec<String> = (0..7).map(|c| text_at(&sheet, top, c)).collect();
    assert_eq!(header, ["section", "line", "amount", "exact", "formula", "unit", "id"]);
    // The table, then (when the contract gives sources) a blank row, a
    // heading and one row per source.
    let sources = json["sources"].as_array().unwrap();
    let table_end = top + u32::try_from(lines.len()).unwrap();
    if sources.is_empty() {
        assert_eq!(sheet.end().unwrap().0, table_end);
    } else {
        assert_eq!(text_at(&sheet, table_end + 2, 0), "Sources of the contract's terms");
        for (row, source) in (table_end + 3..).zip(sources) {
            assert_eq!(text_at(&sheet, row, 0), source["term"].as_str().unwrap());
            assert_eq!(text_at(&sheet, row, 1), source["source"].as_str().unwrap());
        }
        assert_eq!(
            sheet.end().unwrap().0,
            table_end + 2 + u32::try_from(sources.len()).unwrap()
        );
    }
    for (row, (title, line)) in (top + 1..).zip(lines) {
        let id = line["id"].as_str().unwrap();
        let exact = line["result"].as_str().unwrap();
        assert_eq!(text_at(&sheet, row, 6), id);
        assert_eq!(&text_at(&sheet, row, 0), title);
        assert_eq!(text_at(&sheet, row, 1), line["label"].as_str().unwrap());
        assert_close(number_at(&sheet, row, 2), exact, id);
        assert_eq!(text_at(&sheet, row, 3), exact, "{id}");
        assert_eq!(text_at(&sheet, row, 4), line["formula"].as_str().unwrap());
        assert_eq!(text_at(&sheet, row, 5), line["unit"].as_str().unwrap());
        let format = styles
            .get((row, 2))
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.as_str());
        match line["unit"].as_str().unwrap() {
            "money" => assert_eq!(format, Some("#,##0.00 \"kr\""), "{id}"),
            "share" => assert_eq!(format, Some("0.0000%"), "{id}"),
            _ => {}
        }
    }
}

/// Trace: every line with its inputs.
fn trace_sheet(book: &mut Book, lines: &[(String, &Value)]) {
    let trace = book.worksheet_range("Trace").unwrap();
    let header: Vec<String> = (0..9).map(|c| text_at(&trace, 0, c)).collect();
    assert_eq!(
        header,
        [
            "id",
            "label",
            "formula",
            "inputs",
            "result",
            "result, exact",
            "unit",
            "rule",
            "sources"
        ]
    );
    assert_eq!(trace.end().unwrap().0, u32::try_from(lines.len()).unwrap());
    for (row, (_, line)) in (1..).zip(lines) {
        let id = line["id"].as_str().unwrap();
        let exact = line["result"].as_str().unwrap();
        assert_eq!(text_at(&trace, row, 0), id);
        assert_close(number_at(&trace, row, 4), exact, id);
        assert_eq!(text_at(&trace, row, 5), exact, "{id}");
        let inputs: Vec<String> = line["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                format!(
                    "{} = {} ({})",
                    i["symbol"].as_str().unwrap(),
                    i["value"].as_str().unwrap(),
                    i["from"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(text_at(&trace, row, 3), inputs.join("; "), "{id}");
        let rule = &line["rule"];
        assert_eq!(
            text_at(&trace, row, 7),
            format!(
                "docs/method.md §{} {}",
                rule["section"].as_str().unwrap(),
                rule["title"].as_str().unwrap()
            )
        );
        let cites: Vec<&str> = line["cites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(text_at(&trace, row, 8), cites.join("; "), "{id}");
    }
}

/// Months: the month-by-month table, numbers and exact strings.
fn months_sheet(book: &mut Book, json: &Value) {
    let table = book.worksheet_range("Months").unwrap();
    let header: Vec<String> = (0..=table.end().unwrap().1).map(|c| text_at(&table, 0, c)).collect();
    let column = |name: &str| u32::try_from(header.iter().position(|h| h == name).unwrap()).unwrap();
    let json_months = json["outcome"]["basis"]["months"].as_array().unwrap();
    assert_eq!(table.end().unwrap().0, u32::try_from(json_months.len()).unwrap());
    let trend = json["outcome"]["basis"]["trend"] == "national-index";
    assert_eq!(header.iter().any(|h| h.starts_with("idx(m)")), trend);
    let mut fields = vec![
        ("net_days", "net days"),
        ("reference_net_days", "reference net days"),
        ("per_employee", "x(m), days per employee"),
        ("reference_per_employee", "x(ref)"),
        ("delta", "δ(m), days saved per employee"),
        ("saved_days", "S(m), days saved"),
    ];
    if trend {
        fields.extend([
            ("index", "idx(m), national index"),
            ("reference_index", "idx(ref)"),
            ("adjusted_per_employee", "x_adj(m), trend-adjusted"),
        ]);
    }
    assert_eq!(header.len(), 4 + 2 * fields.len());
    for (row, m) in (1..).zip(json_months) {
        assert_eq!(text_at(&table, row, column("month")), m["month"].as_str().unwrap());
        assert_eq!(
            text_at(&table, row, column("reference month")),
            m["reference_month"].as_str().unwrap()
        );
        assert_eq!(
            number_at(&table, row, column("headcount")),
            m["headcount"].as_f64().unwrap()
        );
        assert_eq!(
            number_at(&table, row, column("reference headcount")),
            m["reference_headcount"].as_f64().unwrap()
        );
        for (key, name) in &fields {
            let exact = m[key].as_str().unwrap();
            let what = format!("{} {key}", m["month"]);
            assert_close(number_at(&table, row, column(name)), exact, &what);
            assert_eq!(text_at(&table, row, column(&format!("{name}, exact"))), exact, "{what}");
        }
    }
}
