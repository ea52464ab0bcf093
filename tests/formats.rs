//! Every output format of a statement as a user meets it: the text (English
//! numbers) and Markdown as snapshots an auditor reads, the CSV parsed back with
//! a CSV reader, and the xlsx workbook opened back with a spreadsheet reader and
//! compared cell by cell with the JSON figures.

// Test helpers may stop on the first surprise (clippy.toml covers #[test] fns only).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use rust_decimal::Decimal;
use serde_json::Value;
use utfall::engine::{Contract, MonthlySeries, NationalIndex, Outcome, Statement, settle};
use utfall::render::{CSV_HEADER, Style, render_csv, render_json, render_markdown, render_text, render_xlsx};

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {}: {e}", full.display()))
}

fn contract(path: &str) -> Contract {
    Contract::from_toml_str(&read(path)).unwrap_or_else(|e| panic!("{}", e.in_file(path)))
}

/// Botkyrka from the report's stated value, 14 700 000 kr, 6 350 employees.
fn botkyrka() -> Statement {
    let contract = contract("examples/botkyrka/contract.toml");
    let outcome = Outcome::from_value(&contract, "14700000".parse().unwrap(), Some(6350)).unwrap();
    settle(&contract, &outcome).unwrap()
}

/// The trend-adjusted monthly case on synthetic data.
fn illustrative() -> Statement {
    let contract = contract("examples/illustrative/contract.toml");
    let series = MonthlySeries::from_csv_str(&read("examples/illustrative/monthly.csv")).unwrap();
    let index = NationalIndex::from_csv_str(&read("examples/illustrative/index.csv")).unwrap();
    let outcome = Outcome::from_monthly(&contract, &series, Some(&index)).unwrap();
    settle(&contract, &outcome).unwrap()
}

/// A monthly case without a trend adjustment: the illustrative data with
/// `trend = "none"`.
fn monthly_without_trend() -> Statement {
    let text = read("examples/illustrative/contract.toml").replace("trend = \"national-index\"", "trend = \"none\"");
    assert!(text.contains("trend = \"none\""));
    let contract = Contract::from_toml_str(&text).unwrap();
    let series = MonthlySeries::from_csv_str(&read("examples/illustrative/monthly.csv")).unwrap();
    let outcome = Outcome::from_monthly(&contract, &series, None).unwrap();
    settle(&contract, &outcome).unwrap()
}

macro_rules! snapshot {
    ($name:expr, $inputs:expr, $value:expr) => {
        insta::with_settings!({ description => $inputs, omit_expression => true, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!($name, $value);
        });
    };
}

const BOTKYRKA_INPUTS: &str = "contract: examples/botkyrka/contract.toml (s = r·C/I); outcome: stated value V = 14 700 000, headcount 6 350 (report.toml)";
const ILLUSTRATIVE_INPUTS: &str = "contract: examples/illustrative/contract.toml (trend = national-index); monthly: examples/illustrative/monthly.csv; index: examples/illustrative/index.csv (synthetic data)";

#[test]
fn botkyrka_markdown() {
    snapshot!(
        "botkyrka_markdown",
        format!("{BOTKYRKA_INPUTS}; Markdown, locale sv"),
        render_markdown(&botkyrka(), &Style::swedish())
    );
}

#[test]
fn botkyrka_text_english() {
    snapshot!(
        "botkyrka_text_en",
        format!("{BOTKYRKA_INPUTS}; text, locale en"),
        render_text(&botkyrka(), &Style::english())
    );
}

#[test]
fn illustrative_markdown() {
    snapshot!(
        "illustrative_trend_markdown",
        format!("{ILLUSTRATIVE_INPUTS}; Markdown, locale sv"),
        render_markdown(&illustrative(), &Style::swedish())
    );
}

/// The English text is the Swedish text with other numbers, line for line: the
/// words and the layout do not change with the locale.
#[test]
fn english_text_differs_from_swedish_only_in_numbers() {
    let statement = botkyrka();
    let sv = render_text(&statement, &Style::swedish());
    let en = render_text(&statement, &Style::english());
    assert_eq!(sv.lines().count(), en.lines().count());
    let words = |line: &str| -> String {
        line.split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty() && *w != "kr" && *w != "SEK")
            .collect()
    };
    for (s, e) in sv.lines().zip(en.lines()) {
        assert_eq!(words(s), words(e), "\n{s}\n{e}");
    }
    assert!(sv.contains("−8 170 000,00 kr") && en.contains("-8,170,000.00 SEK"));
    // (The sources quote the report's "2080 kr", so look at the amount column.)
    assert!(
        !en.lines().any(|l| l.ends_with(" kr")),
        "English money is written with the code"
    );
    assert!(en.lines().any(|l| l.ends_with(" 2,701,245.52 SEK")));
}

/// A Markdown table row has as many cells as its header, whatever the text.
#[test]
fn markdown_tables_are_well_formed() {
    for statement in [botkyrka(), illustrative(), monthly_without_trend()] {
        let md = render_markdown(&statement, &Style::swedish());
        let mut columns = None;
        for line in md.lines() {
            if !line.starts_with('|') {
                columns = None;
                continue;
            }
            // Cells are split at `|` not escaped with `\`.
            let cells = line.replace("\\|", "").matches('|').count() - 1;
            assert_eq!(*columns.get_or_insert(cells), cells, "{line}");
        }
    }
    let md = render_markdown(&monthly_without_trend(), &Style::english());
    assert!(md.contains(
        "| month | reference | net days | headcount | ref. net days | ref. headcount | x(m) | x(ref) | δ(m) | S(m) |"
    ));
}

fn unit_name(unit: utfall::engine::Unit) -> String {
    serde_json::to_value(unit).unwrap().as_str().unwrap().to_owned()
}

/// The CSV read back by a CSV reader: one record per statement line, in order,
/// with the line's section, id, label, formula, inputs, exact amount, unit,
/// rule and cited sources; every field that needed quoting comes back as it was.
#[test]
fn csv_parses_back_to_the_statement() {
    for statement in [botkyrka(), illustrative(), monthly_without_trend()] {
        let text = render_csv(&statement);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(header.join(","), CSV_HEADER);
        assert_eq!(
            header,
            [
                "section", "id", "label", "formula", "inputs", "amount", "unit", "currency", "rule", "sources"
            ]
        );
        let records: Vec<HashMap<String, String>> = reader.deserialize().map(Result::unwrap).collect();
        let lines: Vec<_> = statement
            .sections()
            .iter()
            .flat_map(|s| s.lines.iter().map(move |l| (s, l)))
            .collect();
        assert_eq!(records.len(), lines.len());
        let mut quoted = 0;
        for (record, (section, line)) in records.iter().zip(lines) {
            let field = |name: &str| record[name].as_str();
            assert_eq!(field("section"), section.title);
            assert_eq!(field("id"), line.id);
            assert_eq!(field("label"), line.label);
            assert_eq!(field("formula"), line.formula);
            assert_eq!(field("rule"), line.rule.to_string());
            // One `TERM: SOURCE` per cited term, each the contract's source.
            let cited: Vec<String> = line
                .cites
                .iter()
                .map(|term| {
                    let source = statement.sources().iter().find(|s| s.term == *term).unwrap();
                    format!("{term}: {}", source.source)
                })
                .collect();
            let written: Vec<&str> = field("sources").split('\n').filter(|l| !l.is_empty()).collect();
            assert_eq!(written, cited, "{}", line.id);
            // The amount: a plain decimal, read back to the line's exact result.
            let amount = field("amount");
            assert!(
                amount
                    .trim_start_matches('-')
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.'),
                "{}: {amount}",
                line.id
            );
            assert_eq!(amount.parse::<Decimal>().unwrap(), line.result, "{}", line.id);
            assert_eq!(amount, line.result.to_string(), "{}", line.id);
            assert_eq!(field("unit"), unit_name(line.unit));
            let money = line.unit == utfall::engine::Unit::Money;
            assert_eq!(field("currency"), if money { "SEK" } else { "" }, "{}", line.id);
            // The inputs: `SYMBOL = VALUE (FROM)`, separated by `; `.
            let inputs: Vec<&str> = if field("inputs").is_empty() {
                vec![]
            } else {
                field("inputs").split("; ").collect()
            };
            assert_eq!(inputs.len(), line.inputs.len(), "{}", line.id);
            for (text, input) in inputs.iter().zip(&line.inputs) {
                let (symbol, rest) = text.split_once(" = ").unwrap();
                let (value, from) = rest.split_once(" (").unwrap();
                assert_eq!(symbol, input.symbol);
                assert_eq!(value.parse::<Decimal>().unwrap(), input.value);
                assert_eq!(from.strip_suffix(')').unwrap(), input.from);
            }
            quoted += usize::from(
                [
                    field("section"),
                    field("label"),
                    field("formula"),
                    field("inputs"),
                    field("sources"),
                ]
                .iter()
                .any(|f| f.contains([',', '"'])),
            );
        }
        assert!(quoted > 0, "the statement has fields with commas and quotes");
    }
}

fn open_xlsx(statement: &Statement) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = render_xlsx(statement).unwrap();
    calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

fn text_at(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
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

/// The JSON's lines by id, each with its section's title.
fn json_lines(json: &Value) -> Vec<(String, &Value)> {
    json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| (s["title"].as_str().unwrap().to_owned(), l))
        })
        .collect()
}

/// The workbook read back by a spreadsheet reader: every amount cell is a number
/// within a millionth of the JSON's figure, with the JSON's exact string beside
/// it, and money is formatted as money.
#[test]
fn xlsx_opens_back_with_the_json_figures() {
    for (statement, months) in [
        (botkyrka(), false),
        (illustrative(), true),
        (monthly_without_trend(), true),
    ] {
        let json: Value = serde_json::from_str(&render_json(&statement).unwrap()).unwrap();
        let lines = json_lines(&json);
        let mut book = open_xlsx(&statement);
        let expected_sheets: &[&str] = if months {
            &["Statement", "Months", "Trace"]
        } else {
            &["Statement", "Trace"]
        };
        assert_eq!(book.sheet_names(), expected_sheets);

        // Statement: a header block, then the table from the row that starts with `section`.
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
        for (row, (title, line)) in (top + 1..).zip(&lines) {
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

        // Trace: every line with its inputs.
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
        for (row, (_, line)) in (1..).zip(&lines) {
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

        // Months: the month-by-month table, numbers and exact strings.
        if months {
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
    }
}
