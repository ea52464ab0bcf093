//! The *Calculation* sheet: the settlement as live spreadsheet formulas over
//! labelled input cells (`docs/method.md` §3), so that a finance officer can
//! change an input and follow every figure, or check the formulas one by one.
//!
//! Every derived cell is a formula over workbook names (`Inv`, `Measured`,
//! `Payment_1`, …) with the engine's figure as its cached result, so that a
//! reader that does not recalculate shows the engine's figures. Beside it
//! stand the formula as the engine writes it (`I · n / N`), the engine's exact
//! decimal as text, and the line of the statement it is (or, for the figures
//! the statement has no line for yet, a remark saying so).

mod rows;

use rust_xlsxwriter::utility::{quote_sheet_name, row_col_to_cell_absolute};
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};
use utfall_engine::Unit;

use self::rows::{Item, Row, Value, items};
use super::{Book, Formats, float, header, saved_days_range};
use crate::Error;

/// The column of the values and formulas (C).
const VALUE_COLUMN: u16 = 2;

/// Writes the *Calculation* sheet and defines the names its formulas use.
///
/// # Errors
/// When the statement lacks a line the sheet shows (it does not, for a
/// statement the engine made), when a figure computed here leaves the range
/// of exact decimals, or when the workbook writer fails.
pub(super) fn calculation_sheet(workbook: &mut Workbook, book: &Book<'_>) -> Result<(), Error> {
    let words = book.words;
    let items = items(
        book.statement,
        words,
        saved_days_range(book.statement, book.style.language).as_deref(),
    )?;
    let mut sheet = Worksheet::new();
    sheet.set_name(words.sheet)?;
    let formats = &book.formats;
    sheet.write_string_with_format(
        0,
        0,
        format!("{}{}", words.title, book.statement.contract()),
        &formats.title,
    )?;
    sheet.write_string(1, 0, words.about)?;
    let widths = [60.0, 18.0, 20.0, 50.0, 30.0, 45.0];
    let columns: Vec<(&str, f64)> = words.columns.iter().copied().zip(widths).collect();
    header(&mut sheet, 2, &columns, formats)?;
    let quoted = quote_sheet_name(words.sheet);
    let mut names = Vec::new();
    let mut row = 3;
    for item in &items {
        match item {
            Item::Heading(text) => {
                row += 1;
                sheet.write_string_with_format(row, 0, text, &formats.bold)?;
            }
            Item::Figure(figure) => {
                write_row(&mut sheet, row, figure, formats)?;
                names.push((
                    figure.name.as_str(),
                    format!("={quoted}!{}", row_col_to_cell_absolute(row, VALUE_COLUMN)),
                ));
            }
        }
        row += 1;
    }
    workbook.push_worksheet(sheet);
    for (name, cell) in names {
        workbook.define_name(name, &cell)?;
    }
    Ok(())
}

fn write_row(sheet: &mut Worksheet, row: u32, figure: &Row, formats: &Formats) -> Result<(), Error> {
    let format = value_format(figure.unit, formats);
    sheet.write_string(row, 0, &figure.label)?;
    sheet.write_string(row, 1, &figure.name)?;
    let exact = match &figure.value {
        Value::Given(value) => {
            sheet.write_number_with_format(row, VALUE_COLUMN, float(*value), format)?;
            value
        }
        Value::Formula(excel, result) => {
            let formula = Formula::new(format!("={excel}")).set_result(float(*result).to_string());
            sheet.write_formula_with_format(row, VALUE_COLUMN, formula, format)?;
            result
        }
    };
    sheet.write_string_with_format(row, 3, &figure.formula, &formats.indented)?;
    sheet.write_string_with_format(row, 4, exact.to_string(), &formats.exact)?;
    sheet.write_string(row, 5, &figure.from)?;
    Ok(())
}

/// The format of a value cell: as in the other sheets, except that a share
/// shows more places, since it multiplies millions.
fn value_format(unit: Unit, formats: &Formats) -> &Format {
    match unit {
        Unit::Share => &formats.share_precise,
        _ => formats.of(unit),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Range, Reader, Xlsx};
    use utfall_engine::{Contract, Outcome, Statement, settle};

    use super::super::calc_words::{CalcWords, ENGLISH, SWEDISH};
    use super::super::workbook;
    use super::*;

    fn botkyrka() -> Statement {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml");
        let contract = Contract::from_toml_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let outcome = Outcome::from_value(&contract, "14700000".parse().unwrap(), None).unwrap();
        settle(&contract, &outcome).unwrap()
    }

    fn open(statement: &Statement, words: &CalcWords) -> Xlsx<Cursor<Vec<u8>>> {
        let summary = crate::Summary::new(statement, None).unwrap();
        let style = if std::ptr::eq(words, &SWEDISH) {
            crate::Style::swedish()
        } else {
            crate::Style::english()
        };
        calamine::open_workbook_from_rs(Cursor::new(workbook(statement, &summary, &style, words).unwrap())).unwrap()
    }

    fn text(range: &Range<Data>, row: u32, col: u32) -> String {
        match range.get_value((row, col)) {
            Some(Data::String(s)) => s.clone(),
            _ => String::new(),
        }
    }

    /// Cells of a sheet as `(row, column, text)`.
    type Cells = Vec<(u32, u32, String)>;

    /// The sheet's text cells, and each formula as written.
    fn cells(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> (Cells, Cells) {
        let range = book.worksheet_range(sheet).unwrap();
        let labels = range
            .used_cells()
            .filter_map(|(r, c, v)| match v {
                Data::String(s) => Some((r as u32, c as u32, s.clone())),
                _ => None,
            })
            .collect();
        let formulas = book.worksheet_formula(sheet).unwrap();
        let (top, left) = formulas.start().unwrap();
        let formulas = formulas
            .used_cells()
            .filter(|(_, _, f)| !f.is_empty())
            .map(|(r, c, f)| (top + r as u32, left + c as u32, f.clone()))
            .collect();
        (labels, formulas)
    }

    /// The Swedish sheet is the English one in other words: the same cells,
    /// the same formulas over the same names, under its own sheet name.
    #[test]
    fn swedish_words_change_only_the_words() {
        let statement = botkyrka();
        let mut en = open(&statement, &ENGLISH);
        let mut sv = open(&statement, &SWEDISH);
        // After the summary, which the workbook opens on.
        assert_eq!(en.sheet_names().get(1).map(String::as_str), Some("Calculation"));
        assert_eq!(sv.sheet_names().get(1).map(String::as_str), Some("Beräkning"));
        let (en_labels, en_formulas) = cells(&mut en, "Calculation");
        let (sv_labels, sv_formulas) = cells(&mut sv, "Beräkning");
        assert_eq!(en_formulas, sv_formulas);
        assert_eq!(en_formulas.len(), 19);
        let at = |labels: &[(u32, u32, String)]| labels.iter().map(|(r, c, _)| (*r, *c)).collect::<Vec<_>>();
        assert_eq!(at(&en_labels), at(&sv_labels));
        let range = sv.worksheet_range("Beräkning").unwrap();
        assert_eq!(text(&range, 0, 0), format!("Beräkning: {}", statement.contract()));
        assert_eq!(text(&range, 2, 3), "formel");
        // The names point into the Swedish sheet: 'Beräkning'!$C$6 and so on.
        let names = sv.defined_names().to_vec();
        // (Excel needs no quotes around a name of letters, ä among them.)
        assert!(
            names.iter().any(|(n, r)| n == "Inv" && r.starts_with("Beräkning!$C$")),
            "{names:?}"
        );
    }

    /// Every figure row: the name beside the value, the engine's formula, its
    /// exact decimal and its line; the names are the ones the formulas use.
    #[test]
    fn every_formula_names_only_defined_names() {
        let statement = botkyrka();
        let mut book = open(&statement, &ENGLISH);
        let names: Vec<String> = book.defined_names().iter().map(|(n, _)| n.clone()).collect();
        let (_, formulas) = cells(&mut book, "Calculation");
        let range = book.worksheet_range("Calculation").unwrap();
        for (row, col, formula) in formulas {
            assert_eq!(col, u32::from(VALUE_COLUMN));
            assert!(names.contains(&text(&range, row, 1)), "row {row}");
            let words = formula.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
            for word in words.filter(|w| w.starts_with(|c: char| c.is_ascii_alphabetic())) {
                assert!(
                    names.iter().any(|n| n == word) || ["MIN", "MAX", "ROUND", "ROUNDDOWN"].contains(&word),
                    "{formula}: {word}"
                );
            }
        }
    }
}
