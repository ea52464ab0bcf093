//! The statement as an Excel workbook (feature `xlsx`).

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use utfall_engine::{Basis, Line, MonthOutcome, Statement, Unit};

use crate::csv::{inputs_text, unit_name};
use crate::number::currency_word;
use crate::text::{basis_text, has_trend, note_text, term_text, window_text};
use crate::{Error, ErrorKind, Style};

/// Renders a statement as an Excel workbook (`.xlsx`) with three sheets:
///
/// * **Statement**: the contract, term, measured window and notes at the top,
///   then one row per statement line with the columns *section*, *line*,
///   *amount* (a number, formatted for its unit: money as `#,##0.00 "kr"` for
///   SEK, shares as percentages), *exact* (the exact decimal as text), *formula*,
///   *unit* and *id*.
/// * **Months**, when the outcome was measured month by month: one row per month
///   with month, reference month, net days, headcount, the reference month's net
///   days and headcount, x(m), x(ref), the national index of both months and
///   x_adj(m) when the outcome is trend-adjusted, δ(m) and S(m) as numbers, and
///   then the same decimals again as exact text.
/// * **Trace**: every line with its id, label, formula, inputs (as in
///   [`render_csv`](crate::render_csv): `SYMBOL = VALUE (FROM); …`), result as a
///   number and as exact text, unit, the rule applied (a section of
///   `docs/method.md`) and the terms whose sources it cites; the *Statement*
///   sheet ends with the contract's sources.
///
/// **The numbers are for reading and for a spreadsheet's own sums only.** A
/// spreadsheet holds a number as a binary floating-point value of about 15
/// significant digits, so `10 799 722,2222222222222222` becomes
/// `10799722.222222222`. The exact decimal strings in the *exact* columns
/// (`.` before decimals, as in [`render_json`](crate::render_json)) are the
/// record; check a figure against them, not against the number.
///
/// A spreadsheet application shows the numbers with its own locale's
/// separators; the notes at the top are text and write their numbers in
/// [`Style::english`]. The workbook's creation time (in `docProps/core.xml`) is
/// the time of the call, so two renderings of the same statement differ in
/// that field only.
///
/// # Errors
/// [`ErrorKind::Xlsx`] if the workbook writer fails, which it does not for a
/// statement the engine made.
///
/// # Example
/// ```
/// use utfall_engine::{settle, Contract, Outcome};
/// use utfall_render::render_xlsx;
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// let bytes = render_xlsx(&statement)?;
/// assert!(bytes.starts_with(b"PK")); // an xlsx file is a zip archive
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_xlsx(statement: &Statement) -> Result<Vec<u8>, Error> {
    workbook(statement).map_err(|e| Error::new(ErrorKind::Xlsx { message: e.to_string() }))
}

/// The formats of the workbook's cells.
pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) bold: Format,
    pub(crate) header: Format,
    pub(crate) text: Format,
    pub(crate) exact: Format,
    pub(crate) money: Format,
    pub(crate) days: Format,
    pub(crate) per_employee: Format,
    pub(crate) share: Format,
    pub(crate) whole: Format,
    pub(crate) general: Format,
}

impl Formats {
    pub(crate) fn new(currency: &str) -> Self {
        // A currency code is three capital letters (the contract checks); a
        // quote would end the format's literal.
        let word = currency_word(currency).replace('"', "");
        Self {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            header: Format::new().set_bold().set_align(FormatAlign::Center).set_text_wrap(),
            text: Format::new().set_align(FormatAlign::Top),
            // Exact decimals are text, right-aligned beside their numbers.
            exact: Format::new().set_align(FormatAlign::Right).set_indent(1),
            money: Format::new().set_num_format(format!("#,##0.00 \"{word}\"")),
            days: Format::new().set_num_format("#,##0.00"),
            per_employee: Format::new().set_num_format("0.0000"),
            share: Format::new().set_num_format("0.0000%"),
            whole: Format::new().set_num_format("#,##0"),
            general: Format::new(),
        }
    }

    fn of(&self, unit: Unit) -> &Format {
        match unit {
            Unit::Money => &self.money,
            Unit::Days => &self.days,
            Unit::DaysPerEmployee => &self.per_employee,
            Unit::Share => &self.share,
            Unit::Months | Unit::Employees => &self.whole,
            _ => &self.general,
        }
    }
}

/// `value` as the nearest binary floating-point number: its decimal text read
/// as `f64`, which rounds correctly.
pub(crate) fn float(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or(f64::NAN)
}

fn workbook(statement: &Statement) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new(statement.currency());
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Settlement statement: {}", statement.contract()))
            .set_comment("Written by utfall. The exact columns hold the exact decimals; the numbers are for reading."),
    );
    statement_sheet(workbook.add_worksheet(), statement, &formats)?;
    if let Basis::Monthly { months, .. } = statement.outcome().basis() {
        months_sheet(workbook.add_worksheet(), months, &formats)?;
    }
    trace_sheet(workbook.add_worksheet(), statement, &formats)?;
    workbook.save_to_buffer()
}

/// The header row of a table at `row`, with column widths, frozen on screen
/// and repeated on every printed page.
pub(crate) fn header(
    sheet: &mut Worksheet,
    row: u32,
    columns: &[(&str, f64)],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (col, (name, width)) in (0u16..).zip(columns) {
        sheet.write_string_with_format(row, col, *name, &formats.header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    // Printed: across the page, one page wide, the header row on every page.
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(row, row)?;
    Ok(())
}

fn statement_sheet(sheet: &mut Worksheet, statement: &Statement, formats: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Statement")?;
    let style = Style::english();
    sheet.write_string_with_format(
        0,
        0,
        format!("Settlement statement: {}", statement.contract()),
        &formats.title,
    )?;
    let mut about = vec![
        ("term", term_text(statement, crate::Language::English)),
        ("outcome measured", window_text(statement, crate::Language::English)),
        ("outcome from", basis_text(statement, crate::Language::English)),
        (
            "amounts",
            format!(
                "in {}; payments in whole öre; the amount column is for reading, the exact column is the record",
                statement.currency()
            ),
        ),
    ];
    about.extend(statement.notes().iter().map(|n| ("note", note_text(n, &style))));
    let mut row = 1;
    for (key, value) in about {
        sheet.write_string_with_format(row, 0, key, &formats.bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    row += 1;
    header(
        sheet,
        row,
        &[
            ("section", 52.0),
            ("line", 60.0),
            ("amount", 20.0),
            ("exact", 30.0),
            ("formula", 50.0),
            ("unit", 18.0),
            ("id", 45.0),
        ],
        formats,
    )?;
    for section in statement.sections() {
        for line in &section.lines {
            row += 1;
            sheet.write_string_with_format(row, 0, &section.title, &formats.text)?;
            sheet.write_string(row, 1, &line.label)?;
            sheet.write_number_with_format(row, 2, float(line.result), formats.of(line.unit))?;
            sheet.write_string_with_format(row, 3, line.result.to_string(), &formats.exact)?;
            sheet.write_string(row, 4, &line.formula)?;
            sheet.write_string(row, 5, unit_name(line.unit))?;
            sheet.write_string(row, 6, &line.id)?;
        }
    }
    if !statement.sources().is_empty() {
        row += 2;
        sheet.write_string_with_format(row, 0, "Sources of the contract's terms", &formats.bold)?;
        for source in statement.sources() {
            row += 1;
            sheet.write_string(row, 0, &source.term)?;
            sheet.write_string(row, 1, &source.source)?;
        }
    }
    Ok(())
}

/// A decimal column of the month table.
struct MonthColumn {
    name: &'static str,
    value: fn(&MonthOutcome) -> Option<Decimal>,
    format: fn(&Formats) -> &Format,
    /// Shown only when the outcome is trend-adjusted.
    trend: bool,
}

const MONTH_COLUMNS: [MonthColumn; 9] = [
    MonthColumn {
        name: "net days",
        value: |m| Some(m.net_days),
        format: |f| &f.days,
        trend: false,
    },
    MonthColumn {
        name: "reference net days",
        value: |m| Some(m.reference_net_days),
        format: |f| &f.days,
        trend: false,
    },
    MonthColumn {
        name: "x(m), days per employee",
        value: |m| Some(m.per_employee),
        format: |f| &f.per_employee,
        trend: false,
    },
    MonthColumn {
        name: "x(ref)",
        value: |m| Some(m.reference_per_employee),
        format: |f| &f.per_employee,
        trend: false,
    },
    MonthColumn {
        name: "idx(m), national index",
        value: |m| m.index,
        format: |f| &f.general,
        trend: true,
    },
    MonthColumn {
        name: "idx(ref)",
        value: |m| m.reference_index,
        format: |f| &f.general,
        trend: true,
    },
    MonthColumn {
        name: "x_adj(m), trend-adjusted",
        value: |m| Some(m.adjusted_per_employee),
        format: |f| &f.per_employee,
        trend: true,
    },
    MonthColumn {
        name: "δ(m), days saved per employee",
        value: |m| Some(m.delta),
        format: |f| &f.per_employee,
        trend: false,
    },
    MonthColumn {
        name: "S(m), days saved",
        value: |m| Some(m.saved_days),
        format: |f| &f.days,
        trend: false,
    },
];

fn months_sheet(sheet: &mut Worksheet, months: &[MonthOutcome], formats: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Months")?;
    // Without a trend adjustment the index columns, and x_adj(m) = x(m), are left out.
    let trend = has_trend(months);
    let decimals: Vec<&MonthColumn> = MONTH_COLUMNS.iter().filter(|c| trend || !c.trend).collect();
    let mut columns: Vec<(String, f64)> = vec![
        ("month".to_owned(), 10.0),
        ("reference month".to_owned(), 10.0),
        ("headcount".to_owned(), 11.0),
        ("reference headcount".to_owned(), 11.0),
    ];
    columns.extend(decimals.iter().map(|c| (c.name.to_owned(), 14.0)));
    columns.extend(decimals.iter().map(|c| (format!("{}, exact", c.name), 24.0)));
    let named: Vec<(&str, f64)> = columns.iter().map(|(n, w)| (n.as_str(), *w)).collect();
    header(sheet, 0, &named, formats)?;
    for (row, m) in (1u32..).zip(months) {
        sheet.write_string(row, 0, m.month.to_string())?;
        sheet.write_string(row, 1, m.reference_month.to_string())?;
        sheet.write_number_with_format(row, 2, m.headcount, &formats.whole)?;
        sheet.write_number_with_format(row, 3, m.reference_headcount, &formats.whole)?;
        let exact_from = 4 + u16::try_from(decimals.len()).unwrap_or(0);
        for ((col, exact_col), column) in (4u16..).zip(exact_from..).zip(&decimals) {
            if let Some(value) = (column.value)(m) {
                sheet.write_number_with_format(row, col, float(value), (column.format)(formats))?;
                sheet.write_string_with_format(row, exact_col, value.to_string(), &formats.exact)?;
            }
        }
    }
    Ok(())
}

fn trace_sheet(sheet: &mut Worksheet, statement: &Statement, formats: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Trace")?;
    header(
        sheet,
        0,
        &[
            ("id", 45.0),
            ("label", 60.0),
            ("formula", 50.0),
            ("inputs", 80.0),
            ("result", 20.0),
            ("result, exact", 30.0),
            ("unit", 18.0),
            ("rule", 45.0),
            ("sources", 80.0),
        ],
        formats,
    )?;
    let lines: Vec<&Line> = statement.lines().collect();
    for (row, line) in (1u32..).zip(lines) {
        sheet.write_string(row, 0, &line.id)?;
        sheet.write_string(row, 1, &line.label)?;
        sheet.write_string(row, 2, &line.formula)?;
        sheet.write_string(row, 3, inputs_text(line))?;
        sheet.write_number_with_format(row, 4, float(line.result), formats.of(line.unit))?;
        sheet.write_string_with_format(row, 5, line.result.to_string(), &formats.exact)?;
        sheet.write_string(row, 6, unit_name(line.unit))?;
        sheet.write_string(row, 7, line.rule.to_string())?;
        sheet.write_string(row, 8, line.cites.join("; "))?;
    }
    Ok(())
}
