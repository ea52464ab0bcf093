//! Every output format of a statement as a user meets it: the text (English
//! numbers) and Markdown as snapshots an auditor reads, the CSV parsed back with
//! a CSV reader, and the xlsx workbook opened back with a spreadsheet reader and
//! compared cell by cell with the JSON figures. Then hostile names (formulas,
//! markup, separators, quotes, a very long name) through every format of the
//! statement, the ledger, the risk curve, what-if and the measurement, each
//! read back to the name as written.

mod hostile;

use std::collections::{BTreeSet, HashMap};
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use rust_decimal::Decimal;
use serde_json::Value;
use utfall::engine::{
    Contract, Ledger, MonthlySeries, NationalIndex, Note, Outcome, RiskCurve, Statement, WhatIf, settle,
};
use utfall::render::{
    CSV_HEADER, Style, render_csv, render_json, render_ledger_csv, render_ledger_json, render_ledger_markdown,
    render_ledger_text, render_ledger_xlsx, render_markdown, render_risk_csv, render_risk_svg, render_text,
    render_whatif_csv, render_whatif_text, render_xlsx,
};

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

// Hostile names. A contract may give its name, its funder and its providers
// any text the contract file accepts; each format must show that text as
// written, and never as markup, a formula or broken XML. The names are in
// `hostile::names()`; each test below puts each of them in each role.

/// A contract whose name, funder and two providers are hostile names.
struct Hostile {
    name: String,
    funder: String,
    providers: [String; 2],
    contract: Contract,
}

/// Every hostile name in every role: the contract, the funder and the two
/// providers are four consecutive names of the list, taken round.
fn hostile_contracts() -> Vec<Hostile> {
    let names = hostile::names();
    (0..names.len())
        .map(|i| {
            let at = |k: usize| names[(i + k) % names.len()].clone();
            let (name, funder, first, second) = (at(0), at(1), at(2), at(3));
            let toml = hostile::contract_toml(&name, &funder, &first, &second);
            let contract = Contract::from_toml_str(&toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
            Hostile {
                name,
                funder,
                providers: [first, second],
                contract,
            }
        })
        .collect()
}

fn illustrative_series() -> MonthlySeries {
    MonthlySeries::from_csv_str(&read("examples/illustrative/monthly.csv")).unwrap()
}

fn illustrative_index() -> NationalIndex {
    NationalIndex::from_csv_str(&read("examples/illustrative/index.csv")).unwrap()
}

impl Hostile {
    /// Settled on the illustrative monthly series, and on a stated value high
    /// enough that both providers are capped (a note naming each).
    fn statements(&self) -> [Statement; 2] {
        let monthly =
            Outcome::from_monthly(&self.contract, &illustrative_series(), Some(&illustrative_index())).unwrap();
        let high = Outcome::from_value(&self.contract, "80000000".parse().unwrap(), Some(6350)).unwrap();
        let high = settle(&self.contract, &high).unwrap();
        let named: BTreeSet<&str> = high.notes().iter().filter_map(note_provider).collect();
        assert_eq!(named.len(), 2, "both providers are named in the notes");
        [settle(&self.contract, &monthly).unwrap(), high]
    }

    fn ledger(&self) -> Ledger {
        let ledger = Ledger::run(
            &self.contract,
            &illustrative_series(),
            Some(&illustrative_index()),
            None,
        )
        .unwrap();
        assert_eq!(
            ledger.parties(),
            [self.funder.as_str(), &self.providers[0], &self.providers[1]]
        );
        ledger
    }
}

/// The provider a note names, if it names one.
fn note_provider(note: &Note) -> Option<&str> {
    match note {
        Note::Capped { provider }
        | Note::StatedShare { provider, .. }
        | Note::AmendedShare { provider, .. }
        | Note::PremiumAboveBound { provider, .. } => Some(provider),
        _ => None,
    }
}

/// Each note as written that names a provider starts with the name.
fn assert_notes_name_providers(statement: &Statement, written: &[String]) {
    assert_eq!(written.len(), statement.notes().len());
    for (text, note) in written.iter().zip(statement.notes()) {
        if let Some(provider) = note_provider(note) {
            assert!(text.starts_with(&format!("{provider}: ")), "{text:?}");
        }
    }
}

#[test]
fn hostile_names_come_back_from_the_text() {
    for h in hostile_contracts() {
        for style in [Style::swedish(), Style::english()] {
            for statement in h.statements() {
                let text = render_text(&statement, &style);
                let lines: Vec<&str> = text.lines().collect();
                let title = format!("Settlement statement: {}", h.name);
                assert_eq!(lines[0], title);
                assert_eq!(lines[1].chars().count(), title.chars().count());
                for provider in &h.providers {
                    assert!(
                        lines.contains(&format!("{provider}, measured window").as_str()),
                        "{provider}"
                    );
                }
                let notes: Vec<String> = lines
                    .iter()
                    .filter_map(|l| l.strip_prefix("  * "))
                    .map(str::to_owned)
                    .collect();
                assert_notes_name_providers(&statement, &notes);
                for (i, source) in statement.sources().iter().enumerate() {
                    let line = format!("  [{}] {}: {}", i + 1, source.term, source.source);
                    assert!(lines.contains(&line.as_str()), "{line}");
                }
            }

            let ledger = h.ledger();
            let text = render_ledger_text(&ledger, &style).unwrap();
            assert!(text.starts_with(&format!("Settlements: {}\n", h.name)));
            for party in ledger.parties() {
                assert!(text.lines().any(|l| l == format!("Ledger of {party}")), "{party}");
                for (payment, _) in ledger.party(party).unwrap().lines {
                    assert!(text.lines().any(|l| l.ends_with(&format!("   {}", payment.line))));
                }
            }

            let what_if = WhatIf::new(&h.contract, 6350, None).unwrap();
            let text = render_whatif_text(&what_if, &style);
            assert!(text.starts_with(&format!("What-if: {}\n", h.name)));
            for provider in &h.providers {
                assert!(text.contains(&format!(" {provider}: P")), "{provider}");
                let threshold = format!("  cap: {provider} ");
                assert!(text.lines().any(|l| l.starts_with(&threshold)), "{provider}");
                assert!(text.lines().any(|l| l.ends_with(&format!("  ← cap: {provider}"))));
            }
        }
    }
}

/// Every table row of `md` has as many cells as its header: no text splits a
/// cell or breaks a row.
fn assert_markdown_tables(md: &str) {
    let mut columns = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let cells = if line.starts_with("|:") || line.starts_with("|-") {
            line.matches('|').count() - 1
        } else {
            hostile::md_cells(line).len()
        };
        assert_eq!(*columns.get_or_insert(cells), cells, "{line}");
    }
}

/// The rows of the table that starts on the first line of `text` starting
/// with `|`, without its header, as cells (still escaped).
fn markdown_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(hostile::md_cells)
        .collect()
}

#[test]
fn hostile_names_come_back_from_the_markdown() {
    use hostile::md_unescape;
    for h in hostile_contracts() {
        for statement in h.statements() {
            let md = render_markdown(&statement, &Style::swedish());
            assert_markdown_tables(&md);
            let heading = md.lines().next().unwrap();
            assert_eq!(
                md_unescape(heading.strip_prefix("# Settlement statement: ").unwrap()),
                h.name
            );
            // Each `## HEADING` with what follows it, by its heading as shown.
            let parts: HashMap<String, &str> = md
                .split("\n## ")
                .skip(1)
                .map(|part| {
                    let (heading, rest) = part.split_once('\n').unwrap();
                    (md_unescape(heading), rest)
                })
                .collect();
            for section in statement.sections() {
                let part = parts.get(&section.title).unwrap_or_else(|| panic!("{}", section.title));
                let rows = markdown_rows(part);
                assert_eq!(rows.len(), section.lines.len(), "{}", section.title);
                for (row, line) in rows.iter().zip(&section.lines) {
                    assert_eq!(row.len(), 4);
                    let label = md_unescape(&row[0]);
                    assert!(label.starts_with(&format!("{} [§", line.label)), "{label:?}");
                }
            }
            let (_, notes) = md.split_once("\n## Notes\n\n").unwrap();
            let notes: Vec<String> = notes
                .lines()
                .map_while(|l| l.strip_prefix("- "))
                .map(|item| {
                    hostile::assert_no_block_start(item);
                    md_unescape(item)
                })
                .collect();
            assert_notes_name_providers(&statement, &notes);
            let (_, sources) = md.split_once("\n## Sources of the contract's terms\n\n").unwrap();
            let items: Vec<&str> = sources.lines().collect();
            assert_eq!(items.len(), statement.sources().len());
            for (i, (item, source)) in items.iter().zip(statement.sources()).enumerate() {
                let (term, rest) = hostile::md_code_span(item.strip_prefix(&format!("{}. ", i + 1)).unwrap());
                assert_eq!(term, source.term);
                assert_eq!(md_unescape(rest.strip_prefix(": ").unwrap()), source.source);
            }
        }

        let ledger = h.ledger();
        let md = render_ledger_markdown(&ledger, &Style::english()).unwrap();
        assert_markdown_tables(&md);
        let heading = md.lines().next().unwrap();
        assert_eq!(md_unescape(heading.strip_prefix("# Settlements: ").unwrap()), h.name);
        let providers: Vec<String> = markdown_rows(&md).iter().map(|row| md_unescape(&row[1])).collect();
        let expected: Vec<&str> = ledger
            .settlements
            .iter()
            .flat_map(|s| s.providers.iter().map(|p| p.name.as_str()))
            .collect();
        assert_eq!(providers, expected);
        let parts: Vec<&str> = md.split("\n## Ledger of ").skip(1).collect();
        assert_eq!(parts.len(), 3);
        for (part, party) in parts.iter().zip(ledger.parties()) {
            assert_eq!(md_unescape(part.lines().next().unwrap()), party);
            let view = ledger.party(party).unwrap();
            let rows = markdown_rows(part);
            assert_eq!(rows.len(), view.lines.len() + 1);
            for (row, (payment, _)) in rows.iter().zip(&view.lines) {
                let other = if payment.payee == party {
                    &payment.payer
                } else {
                    &payment.payee
                };
                assert_eq!(&md_unescape(&row[2]), other);
                assert_eq!(md_unescape(&row[4]), payment.line);
            }
        }
    }
}

#[test]
fn hostile_names_come_back_from_the_json() {
    for h in hostile_contracts() {
        for statement in h.statements() {
            let json: Value = serde_json::from_str(&render_json(&statement).unwrap()).unwrap();
            assert_eq!(json["contract"], h.name.as_str());
            let providers: Vec<&str> = json["providers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            assert_eq!(providers, h.providers);
            let notes = json["notes"].as_array().unwrap();
            assert_eq!(notes.len(), statement.notes().len());
            for (written, note) in notes.iter().zip(statement.notes()) {
                if let Some(provider) = note_provider(note) {
                    assert_eq!(written["provider"], provider);
                }
            }
            let lines = json_lines(&json);
            let expected: Vec<_> = statement
                .sections()
                .iter()
                .flat_map(|s| s.lines.iter().map(move |l| (s, l)))
                .collect();
            assert_eq!(lines.len(), expected.len());
            for ((title, written), (section, line)) in lines.iter().zip(expected) {
                assert_eq!(*title, section.title);
                assert_eq!(written["id"], line.id.as_str());
                assert_eq!(written["label"], line.label.as_str());
            }
            let sources = json["sources"].as_array().unwrap();
            assert_eq!(sources.len(), statement.sources().len());
            for (written, source) in sources.iter().zip(statement.sources()) {
                assert_eq!(written["term"], source.term.as_str());
                assert_eq!(written["source"], source.source.as_str());
            }
        }

        let ledger = h.ledger();
        let json: Value = serde_json::from_str(&render_ledger_json(&ledger).unwrap()).unwrap();
        assert_eq!(json["contract"], h.name.as_str());
        assert_eq!(json["funder"], h.funder.as_str());
        assert_eq!(json["providers"], serde_json::json!(h.providers));
        for (written, settlement) in json["settlements"].as_array().unwrap().iter().zip(&ledger.settlements) {
            for (w, p) in written["providers"]
                .as_array()
                .unwrap()
                .iter()
                .zip(&settlement.providers)
            {
                assert_eq!(w["name"], p.name.as_str());
            }
        }
        let payments = json["payments"].as_array().unwrap();
        assert_eq!(payments.len(), ledger.payments.len());
        for (written, payment) in payments.iter().zip(&ledger.payments) {
            assert_eq!(written["payer"], payment.payer.as_str());
            assert_eq!(written["payee"], payment.payee.as_str());
            assert_eq!(written["line"], payment.line.as_str());
        }
        for (written, party) in json["parties"].as_array().unwrap().iter().zip(ledger.parties()) {
            assert_eq!(written["party"], party);
            for (w, (payment, _)) in written["payments"]
                .as_array()
                .unwrap()
                .iter()
                .zip(ledger.party(party).unwrap().lines)
            {
                let other = if payment.payee == party {
                    &payment.payer
                } else {
                    &payment.payee
                };
                assert_eq!(w["counterparty"], other.as_str());
            }
        }
    }
}

#[test]
fn hostile_names_come_back_from_every_csv() {
    for h in hostile_contracts() {
        for statement in h.statements() {
            let rows = hostile::read_csv(&render_csv(&statement));
            assert_eq!(rows[0].join(","), CSV_HEADER);
            let lines: Vec<_> = statement
                .sections()
                .iter()
                .flat_map(|s| s.lines.iter().map(move |l| (s, l)))
                .collect();
            assert_eq!(rows.len(), 1 + lines.len());
            for (row, (section, line)) in rows[1..].iter().zip(lines) {
                assert_eq!(row[0], section.title);
                assert_eq!(row[1], line.id);
                assert_eq!(row[2], line.label);
                assert_eq!(row[3], line.formula);
                assert_eq!(row[5], line.result.to_string());
                let cited: Vec<String> = line
                    .cites
                    .iter()
                    .map(|term| format!("{term}: {}", statement.source(term).unwrap()))
                    .collect();
                assert_eq!(row[9], cited.join("\n"), "{}", line.id);
            }
        }

        let ledger = h.ledger();
        let rows = hostile::read_csv(&render_ledger_csv(&ledger));
        assert_eq!(rows[0].join(","), utfall::render::LEDGER_CSV_HEADER);
        let mut rows = rows[1..].iter();
        for party in ledger.parties() {
            for (payment, _) in ledger.party(party).unwrap().lines {
                let row = rows.next().unwrap();
                let other = if payment.payee == party {
                    &payment.payer
                } else {
                    &payment.payee
                };
                assert_eq!(row[0], party);
                assert_eq!(&row[3], other);
                assert_eq!(row[6], payment.line);
            }
        }
        assert!(rows.next().is_none());

        let curve = RiskCurve::new(&h.contract, 40).unwrap();
        let rows = hostile::read_csv(&render_risk_csv(&curve));
        let mut header = vec!["value".to_owned(), "saved_days".to_owned()];
        for provider in &h.providers {
            header.extend(["outcome_payment", "pay", "result"].map(|c| format!("{provider} {c}")));
        }
        header.extend(["funder_result", "net_result", "marker"].map(str::to_owned));
        assert_eq!(rows[0], header);
        let markers: BTreeSet<&str> = rows[1..].iter().map(|r| r.last().unwrap().as_str()).collect();
        let expected: BTreeSet<String> = ["".to_owned(), "break-even".to_owned()]
            .into_iter()
            .chain(h.providers.iter().map(|p| format!("cap: {p}")))
            .collect();
        assert_eq!(markers, expected.iter().map(String::as_str).collect());

        let what_if = WhatIf::new(&h.contract, 6350, None).unwrap();
        let rows = hostile::read_csv(&render_whatif_csv(&what_if));
        let mut header = vec!["per_employee".to_owned(), "value".to_owned()];
        for provider in &h.providers {
            header.extend(["outcome_payment", "pay"].map(|c| format!("{provider} {c}")));
        }
        header.extend(["funder_keeps", "net_result", "threshold"].map(str::to_owned));
        assert_eq!(rows[0], header);
        let thresholds: BTreeSet<&str> = rows[1..].iter().map(|r| r.last().unwrap().as_str()).collect();
        assert_eq!(thresholds, expected.iter().map(String::as_str).collect());
    }
}

/// No cell of any sheet holds a formula.
fn assert_no_formulas<R: std::io::Read + std::io::Seek>(book: &mut Xlsx<R>) {
    for sheet in book.sheet_names() {
        let formulas = book.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} has a formula"
        );
    }
}

#[test]
fn hostile_names_come_back_from_the_xlsx() {
    for h in hostile_contracts() {
        for statement in h.statements() {
            let mut book = open_xlsx(&statement);
            assert_no_formulas(&mut book);
            let title = format!("Settlement statement: {}", h.name);
            assert_eq!(book.workbook_properties().unwrap().title.as_ref(), Some(&title));
            let sheet = book.worksheet_range("Statement").unwrap();
            assert_eq!(text_at(&sheet, 0, 0), title);
            let end = sheet.end().unwrap().0;
            let notes: Vec<String> = (1..end)
                .filter(|&r| text_at(&sheet, r, 0) == "note")
                .map(|r| text_at(&sheet, r, 1))
                .collect();
            assert_notes_name_providers(&statement, &notes);
            let top = (0..end).find(|&r| text_at(&sheet, r, 0) == "section").unwrap();
            let lines: Vec<_> = statement
                .sections()
                .iter()
                .flat_map(|s| s.lines.iter().map(move |l| (s, l)))
                .collect();
            for (row, (section, line)) in (top + 1..).zip(&lines) {
                assert_eq!(text_at(&sheet, row, 0), section.title);
                assert_eq!(text_at(&sheet, row, 1), line.label);
                assert_eq!(text_at(&sheet, row, 6), line.id);
            }
            let first_source = top + u32::try_from(lines.len()).unwrap() + 3;
            for (row, source) in (first_source..).zip(statement.sources()) {
                assert_eq!(text_at(&sheet, row, 0), source.term);
                assert_eq!(text_at(&sheet, row, 1), source.source);
            }
            let trace = book.worksheet_range("Trace").unwrap();
            for (row, (_, line)) in (1..).zip(&lines) {
                assert_eq!(text_at(&trace, row, 0), line.id);
                assert_eq!(text_at(&trace, row, 1), line.label);
                assert_eq!(text_at(&trace, row, 8), line.cites.join("; "));
            }
        }

        let ledger = h.ledger();
        let bytes = render_ledger_xlsx(&ledger).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_no_formulas(&mut book);
        assert_eq!(
            book.workbook_properties().unwrap().title,
            Some(format!("Ledger: {}", h.name))
        );
        let settlements = book.worksheet_range("Settlements").unwrap();
        let rows = ledger.settlements.iter().flat_map(|s| &s.providers);
        for (row, p) in (1..).zip(rows) {
            assert_eq!(text_at(&settlements, row, 1), p.name);
        }
        let payments = book.worksheet_range("Payments").unwrap();
        let balances = book.worksheet_range("Balances").unwrap();
        let mut row = 1;
        for (i, party) in (1..).zip(ledger.parties()) {
            assert_eq!(text_at(&balances, i, 0), party);
            for (payment, _) in ledger.party(party).unwrap().lines {
                let other = if payment.payee == party {
                    &payment.payer
                } else {
                    &payment.payee
                };
                assert_eq!(text_at(&payments, row, 0), party);
                assert_eq!(&text_at(&payments, row, 3), other);
                assert_eq!(text_at(&payments, row, 6), payment.line);
                row += 1;
            }
        }
    }
}

#[test]
fn hostile_names_come_back_from_the_risk_chart() {
    for h in hostile_contracts() {
        let curve = RiskCurve::new(&h.contract, 40).unwrap();
        for style in [Style::swedish(), Style::english()] {
            let svg = render_risk_svg(&curve, &style);
            let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {}", h.name));
            let texts: Vec<&str> = doc
                .descendants()
                .filter(|n| n.has_tag_name("text"))
                .map(|n| n.text().unwrap_or_default())
                .collect();
            assert!(texts.contains(&format!("Risk sharing: {}", h.name).as_str()));
            let series: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("data-series")).collect();
            let legend: Vec<String> = h
                .providers
                .iter()
                .map(|p| format!("{p}: pay (A + P)"))
                .chain(["funder: net result".to_owned()])
                .collect();
            assert_eq!(series, legend);
            for (provider, legend) in h.providers.iter().zip(&legend) {
                assert!(texts.contains(&legend.as_str()), "{legend}");
                let marker = format!("cap: {provider} (");
                assert!(texts.iter().any(|t| t.starts_with(&marker)), "{marker}");
            }
        }
    }
}

/// Group values and employee ids that a spreadsheet would take for formulas,
/// numbers, separators and quotes come back as written from every table of
/// the measurement and from its JSON.
#[test]
fn hostile_group_names_and_ids_come_back_from_the_measurement() {
    use utfall::absence::{Headcount, Options, measure};
    let departments = ["=1+1", "-7", "@x", "a,b", "'q'", "<d> & \"e\""];
    let sexes = ["+F", "-", "x\"y"];
    let ids = [
        "=1+1",
        "-7",
        "@x",
        "a,b",
        "'q",
        "+46 8",
        "\"quoted\"",
        "-0012",
        "7",
        "\tx",
    ];
    // A field as the absence and headcount files quote it.
    let quote = |f: &str| {
        if f.contains([',', '"']) {
            format!("\"{}\"", f.replace('"', "\"\""))
        } else {
            f.to_owned()
        }
    };
    let mut headcount = String::from("month,department,sex,employees\n");
    for month in 1..=6 {
        for department in departments {
            for sex in sexes {
                headcount.push_str(&format!("2020-{month:02},{},{},10\n", quote(department), quote(sex)));
            }
        }
    }
    // Each employee is off one day in each of six months: six spells, so in
    // the repeated-absence group from the fourth month.
    let mut absence = String::from("employee_id,date,hours,department,sex\n");
    let group = |k: usize| (departments[k % departments.len()], sexes[k % sexes.len()]);
    for (k, id) in ids.iter().enumerate() {
        let (department, sex) = group(k);
        for month in 1..=6 {
            absence.push_str(&format!(
                "{},2020-{month:02}-{:02},8,{},{}\n",
                quote(id),
                10 + k,
                quote(department),
                quote(sex)
            ));
        }
    }
    let headcount = Headcount::from_csv_str(&headcount).unwrap();
    let options = Options {
        detail: true,
        ..Options::default()
    };
    let m = measure(|| Ok(absence.as_bytes()), &headcount, &options, &mut |_| {}).unwrap();
    let write = |f: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        hostile::read_csv(&String::from_utf8(out).unwrap())
    };
    let set = |values: &[&str]| values.iter().map(|v| (*v).to_owned()).collect::<BTreeSet<String>>();
    let groups = |rows: &[Vec<String>], kind: &str| -> BTreeSet<String> {
        rows[1..]
            .iter()
            .filter(|r| r[1] == kind)
            .map(|r| r[2].clone())
            .collect()
    };

    for rows in [
        write(&|w| m.write_net_days(w)),
        write(&|w| m.write_repeated_flags(w)),
        write(&|w| m.write_repeated_inflow(w)),
    ] {
        assert_eq!(rows[0][2], "group_value");
        assert_eq!(groups(&rows, "department"), set(&departments));
        assert_eq!(groups(&rows, "sex"), set(&sexes));
        assert_eq!(groups(&rows, "total"), set(&["all"]));
    }

    let spells = write(&|w| m.write_spells(w));
    assert_eq!(spells.len(), 1 + 6 * ids.len());
    for row in &spells[1..] {
        let k = ids
            .iter()
            .position(|id| *id == row[0])
            .unwrap_or_else(|| panic!("{row:?}"));
        assert_eq!((row[5].as_str(), row[6].as_str()), group(k));
    }
    let flagged = write(&|w| m.write_flagged(w));
    assert_eq!(
        flagged[1..].iter().map(|r| r[1].clone()).collect::<BTreeSet<_>>(),
        set(&ids)
    );
    for row in &flagged[1..] {
        let k = ids.iter().position(|id| *id == row[1]).unwrap();
        assert_eq!((row[3].as_str(), row[4].as_str()), group(k));
    }

    let json: Value = serde_json::from_str(&serde_json::to_string(&m.to_json()).unwrap()).unwrap();
    for table in ["net_days", "repeated"] {
        let values = |kind: &str| -> BTreeSet<String> {
            json[table]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["group_type"] == kind)
                .map(|r| r["group_value"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(values("department"), set(&departments));
        assert_eq!(values("sex"), set(&sexes));
    }
}

/// A curve a library user builds with names the contract file would refuse
/// (control characters, a terminal's escape) still makes a well-formed chart:
/// a tab, line break or carriage return reads back as written, any other
/// character XML cannot hold as U+FFFD.
#[test]
fn control_characters_keep_the_risk_chart_well_formed() {
    let mut curve = RiskCurve::new(&contract("examples/botkyrka/contract.toml"), 8).unwrap();
    let name = "a\u{1}b\u{1b}[31m\tc\r\nd <&> \"e\" \u{202e}f\u{fffe}";
    let shown = "a\u{fffd}b\u{fffd}[31m\tc\r\nd <&> \"e\" \u{202e}f\u{fffd}";
    curve.contract = name.to_owned();
    for point in &mut curve.points {
        for provider in &mut point.providers {
            provider.name = name.to_owned();
        }
    }
    for marker in &mut curve.markers {
        marker.label = format!("cap: {name}");
    }
    let svg = render_risk_svg(&curve, &Style::swedish());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default())
        .collect();
    assert!(texts.contains(&format!("Risk sharing: {shown}").as_str()), "{texts:?}");
    let series = format!("{shown}: pay (A + P)");
    assert!(texts.contains(&series.as_str()));
    assert!(
        doc.descendants()
            .any(|n| n.attribute("data-series") == Some(series.as_str()))
    );
    assert!(texts.iter().any(|t| t.starts_with(&format!("cap: {shown} ("))));
}
