//! The ledger as an Excel workbook (feature `xlsx`).

use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};
use utfall_engine::{Ledger, PartyLedger};

use super::{counterparty, exact, unsigned_zero};
use crate::words::{Language, Text, columns as columns_of, fill, kind, payment_line, text};
use crate::xlsx::{Formats, float, header};
use crate::{Error, ErrorKind, Style};

/// Renders a ledger as an Excel workbook (`.xlsx`) with three sheets:
///
/// * **Settlements**: one row per settlement and provider with the columns
///   *month*, *provider*, *to date*, *paid before*, *due*, *carried forward*
///   (money as numbers in the currency's format), *final* (marked on the final
///   settlement), and then the four amounts again as exact decimal text.
/// * **Payments**: each party's ledger (the funder, then the providers), one
///   row per payment with *party*, *month*, *kind* in words, *counterparty*,
///   *amount* signed from the party's side as a number and as exact text, and
///   the statement *line* it comes from.
/// * **Balances**: one row per party with its balance as a number and as exact
///   text.
///
/// As in [`render_xlsx`](crate::render_xlsx), **the numbers are for reading
/// and for a spreadsheet's own sums only**: a spreadsheet holds them as binary
/// floating-point values. The exact columns (`.` before decimals, as in
/// [`render_ledger_json`](crate::render_ledger_json)) are the record. The
/// workbook's creation time is the time of the call.
///
/// # Errors
/// [`ErrorKind::Xlsx`] if the workbook writer fails, which it does not for a
/// ledger the engine made.
/// [`ErrorKind::Engine`] when a party's balance
/// leaves the range of exact decimals.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, Ledger, MonthlySeries, NationalIndex};
/// use utfall_render::{render_ledger_xlsx, Style};
/// # let read = |f: &str| std::fs::read_to_string(format!("{}/../../examples/illustrative/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
/// # let contract = Contract::from_toml_str(&read("contract-quarterly.toml"))?;
/// # let series = MonthlySeries::from_csv_str(&read("monthly.csv"))?;
/// # let index = NationalIndex::from_csv_str(&read("index.csv"))?;
/// let ledger = Ledger::run(&contract, &series, Some(&index), None)?;
/// let bytes = render_ledger_xlsx(&ledger, &Style::swedish())?;
/// assert!(bytes.starts_with(b"PK")); // an xlsx file is a zip archive
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_ledger_xlsx(ledger: &Ledger, style: &Style) -> Result<Vec<u8>, Error> {
    let views: Vec<PartyLedger> = ledger
        .parties()
        .into_iter()
        .map(|p| ledger.party(p))
        .collect::<Result<_, _>>()?;
    workbook(ledger, &views, style.language).map_err(|e| Error::new(ErrorKind::Xlsx { message: e.to_string() }))
}

fn workbook(ledger: &Ledger, views: &[PartyLedger], language: Language) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new(&ledger.currency);
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(fill(
                language,
                text(language, Text::XlsxLedgerTitle),
                &[("contract", &ledger.contract)],
            ))
            .set_comment("Written by utfall. The exact columns hold the exact decimals; the numbers are for reading."),
    );
    settlements_sheet(workbook.add_worksheet(), ledger, &formats, language)?;
    payments_sheet(workbook.add_worksheet(), views, &formats, language)?;
    balances_sheet(workbook.add_worksheet(), views, &formats, language)?;
    workbook.save_to_buffer()
}

/// The columns of a sheet: the names of `columns` in `language`, then those
/// of the amounts again with `, exact`, with their widths.
fn named(language: Language, columns: Text, exact_of: &[usize], widths: &[f64]) -> Vec<(String, f64)> {
    let names = columns_of(language, columns);
    let suffix = text(language, Text::XlsxExactSuffix);
    let mut out: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    out.extend(
        exact_of
            .iter()
            .filter_map(|&i| names.get(i))
            .map(|n| format!("{n}{suffix}")),
    );
    out.into_iter().zip(widths.iter().copied()).collect()
}

fn settlements_sheet(
    sheet: &mut Worksheet,
    ledger: &Ledger,
    formats: &Formats,
    language: Language,
) -> Result<(), XlsxError> {
    sheet.set_name(text(language, Text::XlsxLedgerSettlementsSheet))?;
    let columns = named(
        language,
        Text::LedgerSettlementColumns,
        &[2, 3, 4, 5],
        &[10.0, 30.0, 18.0, 18.0, 18.0, 18.0, 8.0, 24.0, 24.0, 24.0, 24.0],
    );
    let columns: Vec<(&str, f64)> = columns.iter().map(|(n, w)| (n.as_str(), *w)).collect();
    header(sheet, 0, &columns, formats)?;
    let rows = ledger
        .settlements
        .iter()
        .flat_map(|s| s.providers.iter().map(move |p| (s, p)));
    for (row, (s, p)) in (1u32..).zip(rows) {
        sheet.write_string(row, 0, s.month.to_string())?;
        sheet.write_string(row, 1, &p.name)?;
        let amounts = [p.to_date, p.paid_before, p.due, p.carried];
        for ((col, exact_col), amount) in (2u16..).zip(7u16..).zip(amounts) {
            sheet.write_number_with_format(row, col, float(unsigned_zero(amount)), &formats.money)?;
            sheet.write_string_with_format(row, exact_col, exact(amount), &formats.exact)?;
        }
        if s.is_final {
            sheet.write_string(row, 6, text(language, Text::LedgerFinal))?;
        }
    }
    Ok(())
}

fn payments_sheet(
    sheet: &mut Worksheet,
    views: &[PartyLedger],
    formats: &Formats,
    language: Language,
) -> Result<(), XlsxError> {
    sheet.set_name(text(language, Text::XlsxLedgerPaymentsSheet))?;
    let names = columns_of(language, Text::XlsxLedgerPaymentColumns);
    let columns: Vec<(&str, f64)> = names
        .iter()
        .copied()
        .zip([30.0, 10.0, 28.0, 30.0, 18.0, 24.0, 90.0])
        .collect();
    header(sheet, 0, &columns, formats)?;
    let rows = views
        .iter()
        .flat_map(|v| v.lines.iter().map(move |(p, signed)| (v.party.as_str(), p, *signed)));
    for (row, (party, payment, signed)) in (1u32..).zip(rows) {
        sheet.write_string(row, 0, party)?;
        sheet.write_string(row, 1, payment.month.to_string())?;
        sheet.write_string(row, 2, kind(language, payment.kind))?;
        sheet.write_string(row, 3, counterparty(payment, party))?;
        sheet.write_number_with_format(row, 4, float(unsigned_zero(signed)), &formats.money)?;
        sheet.write_string_with_format(row, 5, exact(signed), &formats.exact)?;
        sheet.write_string(row, 6, payment_line(language, &payment.line))?;
    }
    Ok(())
}

fn balances_sheet(
    sheet: &mut Worksheet,
    views: &[PartyLedger],
    formats: &Formats,
    language: Language,
) -> Result<(), XlsxError> {
    sheet.set_name(text(language, Text::XlsxLedgerBalancesSheet))?;
    let names = columns_of(language, Text::XlsxLedgerBalanceColumns);
    let columns: Vec<(&str, f64)> = names.iter().copied().zip([30.0, 18.0, 24.0]).collect();
    header(sheet, 0, &columns, formats)?;
    for (row, view) in (1u32..).zip(views) {
        sheet.write_string(row, 0, &view.party)?;
        sheet.write_number_with_format(row, 1, float(unsigned_zero(view.balance)), &formats.money)?;
        sheet.write_string_with_format(row, 2, exact(view.balance), &formats.exact)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Range, Reader, Xlsx};
    use rust_decimal::Decimal;

    use super::*;
    use crate::ledger::testdata;

    fn open(ledger: &Ledger) -> Xlsx<Cursor<Vec<u8>>> {
        calamine::open_workbook_from_rs(Cursor::new(
            render_ledger_xlsx(ledger, &crate::Style::english()).unwrap(),
        ))
        .unwrap()
    }

    fn text(range: &Range<Data>, row: u32, col: u32) -> String {
        match range.get_value((row, col)) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Empty) | None => String::new(),
            other => panic!("({row}, {col}) is not text: {other:?}"),
        }
    }

    fn number(range: &Range<Data>, row: u32, col: u32) -> f64 {
        match range.get_value((row, col)) {
            Some(Data::Float(f)) => *f,
            other => panic!("({row}, {col}) is not a number: {other:?}"),
        }
    }

    /// The exact text of a cell read back as a decimal, checking that the
    /// number beside it is that decimal as the nearest `f64`, with no sign on
    /// a zero.
    fn amount(range: &Range<Data>, row: u32, number_col: u32, exact_col: u32) -> Decimal {
        let exact = text(range, row, exact_col);
        let number = number(range, row, number_col);
        assert_eq!(number, exact.parse::<f64>().unwrap(), "({row}, {number_col})");
        assert!(
            number.is_sign_positive() || exact.starts_with('-'),
            "({row}, {number_col})"
        );
        exact.parse().unwrap()
    }

    fn header_row(range: &Range<Data>) -> Vec<String> {
        (0..range.width() as u32).map(|c| text(range, 0, c)).collect()
    }

    #[test]
    fn the_sheets_and_the_title() {
        let ledger = testdata::quarterly();
        let mut book = open(&ledger);
        assert_eq!(book.sheet_names(), ["Settlements", "Payments", "Balances"]);
        let title = book.workbook_properties().unwrap().title;
        assert_eq!(title, Some(format!("Ledger: {}", ledger.contract)));
    }

    #[test]
    fn settlements_hold_the_exact_amounts() {
        let ledger = testdata::quarterly();
        let mut book = open(&ledger);
        let sheet = book.worksheet_range("Settlements").unwrap();
        assert_eq!(
            header_row(&sheet),
            [
                "month",
                "provider",
                "to date",
                "paid before",
                "due",
                "carried forward",
                "final",
                "to date, exact",
                "paid before, exact",
                "due, exact",
                "carried forward, exact"
            ]
        );
        assert_eq!(sheet.height(), 1 + ledger.settlements.len());
        let styles = book.worksheet_style("Settlements").unwrap();
        for col in 2..6 {
            let format = styles.get((1, col)).and_then(|s| s.number_format.as_ref());
            assert_eq!(format.map(|f| f.format_code.as_str()), Some("#,##0.00 \"kr\""));
        }
        for (row, s) in (1u32..).zip(&ledger.settlements) {
            let p = s.providers.first().unwrap();
            assert_eq!(text(&sheet, row, 0), s.month.to_string());
            assert_eq!(text(&sheet, row, 1), p.name);
            assert_eq!(amount(&sheet, row, 2, 7), p.to_date);
            assert_eq!(amount(&sheet, row, 3, 8), p.paid_before);
            assert_eq!(amount(&sheet, row, 4, 9), p.due);
            assert_eq!(amount(&sheet, row, 5, 10), p.carried);
            assert_eq!(text(&sheet, row, 6), if s.is_final { "final" } else { "" });
        }
    }

    #[test]
    fn payments_and_balances_are_each_partys_ledger() {
        let ledger = testdata::quarterly();
        let mut book = open(&ledger);
        let payments = book.worksheet_range("Payments").unwrap();
        let balances = book.worksheet_range("Balances").unwrap();
        assert_eq!(
            header_row(&payments),
            [
                "party",
                "month",
                "kind",
                "counterparty",
                "amount",
                "amount, exact",
                "line"
            ]
        );
        assert_eq!(header_row(&balances), ["party", "balance", "balance, exact"]);
        let mut row = 1u32;
        for (i, party) in (1u32..).zip(ledger.parties()) {
            let view = ledger.party(party).unwrap();
            let mut sum = Decimal::ZERO;
            for (p, signed) in &view.lines {
                assert_eq!(text(&payments, row, 0), party);
                assert_eq!(text(&payments, row, 1), p.month.to_string());
                assert_eq!(text(&payments, row, 2), p.kind.label());
                assert_eq!(text(&payments, row, 3), counterparty(p, party));
                assert_eq!(amount(&payments, row, 4, 5), *signed);
                assert_eq!(text(&payments, row, 6), p.line);
                sum += *signed;
                row += 1;
            }
            assert_eq!(text(&balances, i, 0), party);
            assert_eq!(amount(&balances, i, 1, 2), view.balance);
            assert_eq!(view.balance, sum);
        }
        assert_eq!(payments.height() as u32, row);
        let funder: Decimal = text(&balances, 1, 2).parse().unwrap();
        let provider: Decimal = text(&balances, 2, 2).parse().unwrap();
        assert_eq!(funder, -provider);
    }

    #[test]
    fn two_providers_are_three_parties() {
        let ledger = testdata::two_providers();
        let mut book = open(&ledger);
        let balances = book.worksheet_range("Balances").unwrap();
        let parties: Vec<String> = (1..balances.height() as u32).map(|r| text(&balances, r, 0)).collect();
        assert_eq!(parties, ["Botkyrka kommun", "Aino Health", "Bruk & Co, \"Tumba\""]);
        let settlements = book.worksheet_range("Settlements").unwrap();
        assert_eq!(settlements.height(), 1 + 2 * ledger.settlements.len());
    }
}
