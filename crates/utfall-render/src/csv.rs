//! The statement as CSV, one row per line, for programs.

use utfall_engine::{CsvOutput, Line, Statement, Unit};

use crate::text::Citations;
use crate::words::{self, Language, Text};

/// The header row of [`render_csv`].
pub const CSV_HEADER: &str = "section,id,label,formula,inputs,amount,unit,currency,rule,sources";

/// Renders a statement as CSV: a header row, then one row per statement line
/// in the order of the statement, with the columns
///
/// | column | holds |
/// |---|---|
/// | `section` | the title of the line's section, such as `Aino Health, measured window` |
/// | `id` | the line's stable id, such as `provider[Aino Health].outcome_payment` (see [`json`](crate::json)) |
/// | `label` | what the figure is, in words |
/// | `formula` | how it is computed, in the symbols of `docs/method.md`, or `given` for an input |
/// | `inputs` | the formula's inputs as `SYMBOL = VALUE (FROM)`, separated by `; `, such as `I = 22870000 (contract.investment); n = 17 (window.months)`; empty when there are none |
/// | `amount` | the exact result, nothing rounded |
/// | `unit` | `money`, `days`, `days_per_employee`, `share` (0.25 for 25 %), `months`, `employees` or `index`, as in the JSON |
/// | `currency` | the statement's currency code for a `money` line, else empty |
/// | `rule` | the rule the line applies, a section of the method: `docs/method.md §3.2 Investment attributable to the window` |
/// | `sources` | where the terms the line uses come from, as the contract says: one `TERM: SOURCE` per line of the field (`contract.investment: …`); empty when the contract gives no source for them |
///
/// Every number (`amount` and the values in `inputs`) is written the same way
/// whatever the locale: digits, `.` before decimals, `-` before a negative
/// number, no grouping and no currency, so that a program reads it back
/// exactly. Fields are quoted as RFC 4180 says (a field with `,`, `"`, or a line
/// break is put in double quotes and its `"` doubled), and a text that starts
/// with `=`, `+`, `-`, `@`, a tab, a carriage return or `'` gets a `'` in front
/// so that a spreadsheet does not run it as a formula (a reader takes one
/// leading `'` off; see [`csv_field`](utfall_engine::csv_field)); rows end
/// with `\n`; the text is UTF-8 without a byte-order mark.
///
/// # Example
/// ```
/// use utfall_engine::{settle, Contract, Outcome};
/// use utfall_render::{render_csv, CSV_HEADER};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// let csv = render_csv(&statement);
/// assert_eq!(csv.lines().next(), Some(CSV_HEADER));
/// assert!(csv.contains(
///     "\nMeasured window 2018-10 – 2020-02 (17 of 36 months),window.investment,investment attributable to the window,\
///      I · n / N,I = 22870000 (contract.investment); n = 17 (window.months); N = 36 (term.months),\
///      10799722.2222222222222222,money,SEK,docs/method.md §3.2 Investment attributable to the window,\
///      \"contract.investment: RISE (2021), Arbetsmiljö och Hälsa i Fokus, Finansiella parametrar för projektets parter: \
///      «Total beräknad projektinvestering: 22 870 000 kr»\"\n"
/// ));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_csv(statement: &Statement) -> String {
    render_csv_in(statement, CsvOutput::Machine)
}

/// [`render_csv`] in the CSV dialect `csv`. [`CsvOutput::Machine`] is
/// [`render_csv`]'s. [`CsvOutput::ExcelSv`] is for Excel set to Swedish:
/// `;` between fields, a decimal comma in every number (the amount and the
/// values in `inputs`; no grouping), a UTF-8 byte-order mark, rows ending
/// with `\r\n`, and the header, section titles, labels and the words in
/// formulas and inputs, the units and the rules' titles in Swedish
/// (`avsnitt;id;benämning;formel;indata;belopp;enhet;valuta;regel;källor`).
/// Ids, currencies and the contract's sources are as in the machine CSV.
///
/// # Example
/// ```
/// use utfall_engine::{settle, Contract, CsvOutput, Outcome};
/// use utfall_render::render_csv_in;
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// let csv = render_csv_in(&statement, CsvOutput::ExcelSv);
/// assert!(csv.starts_with("\u{feff}avsnitt;id;benämning;formel;indata;belopp;enhet;valuta;regel;källor\r\n"));
/// assert!(csv.contains(";provider[Aino Health].outcome_payment;Aino Healths utfallsersättning;"));
/// assert!(csv.contains(";2701245,52;belopp;SEK;docs/method.md §3.11 Avrundning;"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_csv_in(statement: &Statement, csv: CsvOutput) -> String {
    let mut out = String::from(csv.preamble());
    let citations = Citations::new(statement);
    let sources = |line: &Line| {
        line.cites
            .iter()
            .filter_map(|term| Some(format!("{term}: {}", citations.source(term)?)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let sv = Language::Swedish;
    if csv.swedish() {
        let header = [
            Text::CsvSection,
            Text::CsvId,
            Text::CsvLabel,
            Text::CsvFormula,
            Text::CsvInputs,
            Text::CsvAmount,
            Text::CsvUnit,
            Text::CsvCurrency,
            Text::CsvRule,
            Text::CsvSources,
        ]
        .map(|t| words::text(sv, t));
        out.push_str(&csv.row(&header));
    } else {
        out.push_str(&csv.row(&CSV_HEADER.split(',').collect::<Vec<_>>()));
    }
    for section in statement.sections() {
        let title = if csv.swedish() {
            words::section_title(sv, section, statement)
        } else {
            section.title.clone()
        };
        for line in &section.lines {
            let currency = if line.unit == Unit::Money {
                statement.currency()
            } else {
                ""
            };
            let (label, formula, inputs, unit, rule) = if csv.swedish() {
                (
                    words::label(sv, line, statement),
                    words::formula(sv, &line.formula),
                    inputs_text_in(line, csv),
                    words::unit_word(sv, line.unit).to_owned(),
                    format!(
                        "{} §{} {}",
                        utfall_engine::METHOD,
                        line.rule.section(),
                        words::rule_title(sv, line.rule)
                    ),
                )
            } else {
                (
                    line.label.clone(),
                    line.formula.clone(),
                    inputs_text(line),
                    unit_name(line.unit),
                    line.rule.to_string(),
                )
            };
            let fields = [
                title.as_str(),
                &line.id,
                &label,
                &formula,
                &inputs,
                &csv.number(line.result),
                &unit,
                currency,
                &rule,
                &sources(line),
            ];
            out.push_str(&csv.row(&fields));
        }
    }
    out
}

/// A line's inputs in the dialect `csv`: for Excel in Swedish,
/// `I = 22870000 (contract.investment); x = 1,5 (månadsserien)`.
pub(crate) fn inputs_text_in(line: &Line, csv: CsvOutput) -> String {
    line.inputs
        .iter()
        .map(|i| {
            // A line's or a term's id (`window.months`) is kept as it is.
            let from = if i.from.contains('.') {
                i.from.clone()
            } else {
                words::input_from(Language::Swedish, &i.from)
            };
            format!("{} = {} ({from})", i.symbol, csv.number(i.value))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A line's inputs as `I = 22870000 (contract.investment); n = 17 (window.months)`,
/// the values exact with `.` decimals.
pub(crate) fn inputs_text(line: &Line) -> String {
    line.inputs
        .iter()
        .map(|i| format!("{} = {} ({})", i.symbol, i.value, i.from))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The unit's name as the JSON writes it: `money`, `days_per_employee`, ….
pub(crate) fn unit_name(unit: Unit) -> String {
    match serde_json::to_value(unit) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{unit:?}"),
    }
}

#[cfg(test)]
mod tests {
    use utfall_engine::csv_row;

    use super::*;

    #[test]
    fn quotes_only_what_must_be_quoted() {
        assert_eq!(
            csv_row(&["plain text", "clamp(V, 0, k · I_w)", "says \"hi\"", "two\nlines", ""]),
            "plain text,\"clamp(V, 0, k · I_w)\",\"says \"\"hi\"\"\",\"two\nlines\",\n"
        );
    }

    #[test]
    fn unit_names_are_the_json_names() {
        assert_eq!(unit_name(Unit::Money), "money");
        assert_eq!(unit_name(Unit::DaysPerEmployee), "days_per_employee");
        assert_eq!(unit_name(Unit::Index), "index");
    }
}
