//! The *Summary* sheet, the one the workbook opens on: the statement's
//! summary as a committee reads it, in the style's language. The figures of
//! what each party pays and receives are formulas over the *Calculation*
//! sheet's names (`=Payment_1`, `=PayWindow_1+PayWindow_2`) where that sheet
//! has the figure, so that a change of an input there shows here too; the
//! others (the whole term's results) are the engine's numbers. Every formula
//! caches the engine's figure.

use rust_xlsxwriter::{Formula, Worksheet};

use super::{Book, float};
use crate::Error;
use crate::summary_words::{self, PartyKey};
use crate::words::{Text, fill, text};

/// Writes the *Summary* sheet and makes it the one a spreadsheet opens on.
///
/// # Errors
/// When the workbook writer fails.
pub(super) fn summary_sheet(workbook: &mut rust_xlsxwriter::Workbook, book: &Book<'_>) -> Result<(), Error> {
    let (summary, style, formats) = (book.summary, book.style, &book.formats);
    let language = style.language;
    let mut sheet = Worksheet::new();
    sheet.set_name(text(language, Text::XlsxSummarySheet))?.set_active(true);
    sheet.set_column_width(0, 58.0)?;
    sheet.set_column_width(1, 24.0)?;
    sheet.set_column_width(2, 24.0)?;
    let title = fill(
        language,
        text(language, Text::StatementTitle),
        &[("contract", &summary.contract)],
    );
    sheet.write_string_with_format(0, 0, title, &formats.title)?;
    let basis = crate::text::basis_text(book.statement, language);
    let mut row = 1;
    for (key, value) in summary_words::head(summary, style, &basis) {
        sheet.write_string_with_format(row, 0, key, &formats.bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    row += 1;
    for sentence in summary_words::outcome(summary, style) {
        sheet.write_string(row, 0, sentence)?;
        row += 1;
    }
    row += 1;
    let (what, window, term) = summary_words::party_columns(summary, language);
    for (col, name) in (0u16..).zip([what, window, term]) {
        sheet.write_string_with_format(row, col, name, &formats.header)?;
    }
    let providers = summary.providers.len();
    for party in summary_words::parties(summary, language) {
        row += 1;
        let label_format = if party.result { &formats.bold } else { &formats.text };
        sheet.write_string_with_format(row, 0, &party.label, label_format)?;
        let (window_name, term_name) = names(party.key, providers);
        write_figure(&mut sheet, row, 1, party.window, window_name, book)?;
        if let Some(term) = party.term {
            write_figure(&mut sheet, row, 2, term, term_name, book)?;
        }
    }
    row += 2;
    for sentence in summary_words::closing(summary, style) {
        sheet.write_string(row, 0, sentence)?;
        row += 1;
    }
    if !book.statement.notes().is_empty() {
        row += 1;
        sheet.write_string_with_format(row, 0, text(language, Text::Notes), &formats.bold)?;
        for note in book.statement.notes() {
            row += 1;
            sheet.write_string(row, 0, crate::words::note(style, note))?;
        }
    }
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
    workbook.push_worksheet(sheet);
    Ok(())
}

/// A money figure: a formula over the *Calculation* sheet's names when it
/// has them, caching `value`; else the number.
fn write_figure(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: rust_decimal::Decimal,
    formula: Option<String>,
    book: &Book<'_>,
) -> Result<(), Error> {
    match formula {
        Some(formula) => {
            let formula = Formula::new(format!("={formula}")).set_result(float(value).to_string());
            sheet.write_formula_with_format(row, col, formula, &book.formats.money)?;
        }
        None => {
            sheet.write_number_with_format(row, col, float(value), &book.formats.money)?;
        }
    }
    Ok(())
}

/// The *Calculation* sheet's names a row's figures are over the window and
/// over the whole term, where that sheet has them.
fn names(key: PartyKey, providers: usize) -> (Option<String>, Option<String>) {
    let all = |base: &str| {
        (1..=providers)
            .map(|i| format!("{base}_{i}"))
            .collect::<Vec<_>>()
            .join("+")
    };
    match key {
        PartyKey::FunderPays => (Some(all("PayWindow")), Some(all("PayTerm"))),
        PartyKey::FunderKeeps => (Some("FunderKeeps".to_owned()), Some("FunderKeeps".to_owned())),
        PartyKey::FunderRuns => (Some("FunderRuns".to_owned()), None),
        PartyKey::Fee(i) => (Some(format!("FeeWindow_{i}")), Some(format!("FeeTerm_{i}"))),
        PartyKey::Payment(i) => (Some(format!("Payment_{i}")), Some(format!("Payment_{i}"))),
        PartyKey::Receives(i) => (Some(format!("PayWindow_{i}")), Some(format!("PayTerm_{i}"))),
        PartyKey::FunderNet => (Some("FunderNetResult".to_owned()), None),
        PartyKey::ProviderResult(i) => (Some(format!("Result_{i}")), None),
        PartyKey::ProjectNet => (Some("NetResult".to_owned()), None),
    }
}
