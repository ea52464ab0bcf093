//! Every output format of a statement as a user meets it. Here: the text
//! (English numbers) and Markdown as snapshots an auditor reads. Below: the CSV
//! parsed back with a CSV reader (`statement_csv`), the xlsx workbook opened
//! back with a spreadsheet reader and compared cell by cell with the JSON
//! figures (`statement_xlsx`), the HTML page's rows and markup
//! (`statement_html`), and hostile names (formulas, markup, separators,
//! quotes, a very long name) through every format of the statement, the ledger,
//! the risk curve, what-if and the measurement, each read back to the name as
//! written (`hostile`, `hostile_text`, `hostile_tables`).

mod hostile;
mod hostile_tables;
mod hostile_text;
mod statement_csv;
mod statement_html;
#[cfg(feature = "xlsx")]
mod statement_xlsx;
#[cfg(feature = "xlsx")]
mod xlsx_recalc;

use crate::common::summary;
use serde_json::Value;
use utfall::engine::{Contract, Line, MonthlySeries, Outcome, Section, Statement, settle};
use utfall::render::{Style, render_markdown, render_text};

use crate::common::examples::{BOTKYRKA, BOTKYRKA_INPUTS, ILLUSTRATIVE_INPUTS, botkyrka, illustrative};
use crate::common::{read, snapshot};

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

/// Every line of `statement` in order, with the section it is in.
fn lines_with_sections(statement: &Statement) -> Vec<(&Section, &Line)> {
    statement
        .sections()
        .iter()
        .flat_map(|s| s.lines.iter().map(move |l| (s, l)))
        .collect()
}

/// The JSON's lines in order, each with its section's title.
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

#[test]
fn botkyrka_markdown() {
    snapshot!(
        "botkyrka_markdown",
        format!("{BOTKYRKA_INPUTS}; Markdown, locale sv"),
        render_markdown(&botkyrka(BOTKYRKA), &summary(&botkyrka(BOTKYRKA)), &Style::swedish())
    );
}

#[test]
fn botkyrka_text_english() {
    snapshot!(
        "botkyrka_text_en",
        format!("{BOTKYRKA_INPUTS}; text, locale en"),
        render_text(&botkyrka(BOTKYRKA), &summary(&botkyrka(BOTKYRKA)), &Style::english())
    );
}

#[test]
fn illustrative_markdown() {
    snapshot!(
        "illustrative_trend_markdown",
        format!("{ILLUSTRATIVE_INPUTS}; Markdown, locale sv"),
        render_markdown(&illustrative(), &summary(&illustrative()), &Style::swedish())
    );
}

/// The English text shows the same lines as the Swedish, with its own words
/// and number style: every trace line's worked formula is there in both, and
/// the amounts are the same figures.
#[test]
fn english_text_shows_the_swedish_figures_in_english() {
    let statement = botkyrka(BOTKYRKA);
    let sv = render_text(&statement, &summary(&statement), &Style::swedish());
    let en = render_text(&statement, &summary(&statement), &Style::english());
    let formulas = |text: &str| {
        text.lines()
            .filter(|l| l.starts_with("      ") && !l[6..].starts_with(' '))
            .count()
    };
    assert_eq!(formulas(&sv), statement.lines().count());
    assert_eq!(formulas(&en), statement.lines().count());
    assert!(sv.contains("−8 170 000,00 kr") && en.contains("-8,170,000.00 SEK"));
    assert!(sv.contains("3 183 569,76 kr") && en.contains("3,183,569.76 SEK"));
    // (The sources quote the report's "2080 kr", so look at the amount column.)
    assert!(
        !en.lines().any(|l| l.ends_with(" kr")),
        "English money is written with the code"
    );
    assert!(en.lines().any(|l| l.ends_with(" 2,701,245.52 SEK")));
    assert!(sv.starts_with("Avräkning: ") && en.starts_with("Settlement statement: "));
}

/// A Markdown table row has as many cells as its header, whatever the text.
#[test]
fn markdown_tables_are_well_formed() {
    for statement in [botkyrka(BOTKYRKA), illustrative(), monthly_without_trend()] {
        let md = render_markdown(&statement, &summary(&statement), &Style::swedish());
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
    let md = render_markdown(
        &monthly_without_trend(),
        &summary(&monthly_without_trend()),
        &Style::english(),
    );
    assert!(md.contains("| month | ref | net days | h | ref days | ref h | x(m) | x(ref) | δ(m) | S(m) |"));
}
