//! The statement as an Excel workbook (feature `xlsx`).

mod calc_words;
mod calculation;
mod summary;

use rust_decimal::Decimal;
use rust_xlsxwriter::utility::{cell_range_absolute, quote_sheet_name};
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use utfall_engine::{Basis, Line, MonthOutcome, Statement, Unit};

use self::calc_words::{CalcWords, ENGLISH, SWEDISH};

use crate::csv::inputs_text;
use crate::number::currency_word;
use crate::text::{basis_text, has_trend, note_text, term_text, window_text};
use crate::words::{self, Language, Text, fill, text};
use crate::{Error, ErrorKind, Style, Summary};

/// Renders a statement as an Excel workbook (`.xlsx`) with five sheets (four
/// without a monthly outcome), the first one open, named and worded in the
/// style's [`Language`] (*Sammanfattning*, *Beräkning*, *Avräkning*,
/// *Månader*, *Beräkningsspår* in Swedish):
///
/// * **Summary**: the statement's [`Summary`] as a committee reads it: the
///   head's facts, the outcome's sentences, the table of what each party pays
///   and receives over the window and the whole term, the named results,
///   break-even, the caps, the target and the notes. The table's figures are
///   formulas over the *Calculation* sheet's names where it has the figure
///   (`=Payment_1`, `=PayWindow_1`, `=FunderNetResult`, …), each caching the
///   engine's figure; the whole term's results are numbers.
/// * **Calculation**: the settlement as live formulas a reader can follow and
///   change. Under the title, an *Inputs* block holds the numbers the
///   settlement starts from, each named for the formulas: `Inv` (`I`),
///   `DayValue` (`d`), `TermMonths` (`N`), `TermMonthsExtended` (`N'`, when an
///   amendment extends the term), `Measured` (`n`), `SavedValue` (`V`), and for
///   the provider numbered `i` in the contract's order `ContractValue_i`
///   (`C`), `OutcomeShare_i` (`r`), `CapMultiple_i` (`k`) and, when the share
///   is stated or amended, `Share_i` (`s`). `V` is a number when stated (or
///   when the day value changes within the window), and for an outcome
///   measured month by month the formula `SavedDays*DayValue`, with `SavedDays`
///   `=SUM(…)` over the *Months* sheet's `S(m)` column. Then one row per
///   figure: the window's `I_w`, net result and break-even days; for each
///   provider its share, the value where its cap is reached, the value counted,
///   the outcome payment before rounding, its cap, the payment
///   `MIN(ROUND(exact,2),ROUNDDOWN(cap,2))`, the activity fee
///   `ROUNDDOWN((1-r)*C*n/N,2)`, its pay, its contract value over the window
///   and its result `A_w + P − C · n / N`; the funder's outcome payments, the
///   value it keeps, the part of the window's investment it runs itself
///   `I_w − Σ C · n / N` and its net result `V − (I_w − Σ C_w) − Σ (A_w + P)`;
///   and each provider's fee (times `N' / N` when extended) and pay over the
///   whole term. Each row has the columns *figure*, *name* (the cell's
///   workbook name), *value* (the formula, its cached result the engine's
///   figure), *formula* (as the engine writes it, `I · n / N`), *exact* (the
///   engine's decimal as text) and *from* (the statement line). A payment or fee whose amount before rounding lies
///   within a trillionth of the point where its rounding changes (an engine
///   figure such as 649.99999999999998, from a share held to 16 places) is
///   the engine's number instead of a formula, and its *from* says why: a
///   spreadsheet's binary floating point cannot tell which side it is on.
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
/// The *Summary* sheet's figures and the *Calculation* sheet's value column
/// hold the only formulas of the workbook; no text of the inputs (a name, a source) is ever written as one.
///
/// **The numbers are for reading and for a spreadsheet's own sums only.** A
/// spreadsheet holds a number as a binary floating-point value of about 15
/// significant digits, so `10 799 722,2222222222222222` becomes
/// `10799722.222222222`, and it computes the *Calculation* sheet's formulas in
/// the same binary floating point: their results are the engine's figures to
/// the öre (the tests recalculate them in LibreOffice), but not digit for
/// digit. The exact decimal strings in the *exact* columns (`.` before
/// decimals, as in [`render_json`](crate::render_json)) are the record; check a
/// figure against them, not against the number.
///
/// A spreadsheet application shows the numbers with its own locale's
/// separators; the notes and sentences are text and write their numbers in
/// the style's. The workbook's creation time (in `docProps/core.xml`) is
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
/// use utfall_render::{render_xlsx, Style, Summary};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// let summary = Summary::new(&statement, None)?;
/// let bytes = render_xlsx(&statement, &summary, &Style::swedish())?;
/// assert!(bytes.starts_with(b"PK")); // an xlsx file is a zip archive
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_xlsx(statement: &Statement, summary: &Summary, style: &Style) -> Result<Vec<u8>, Error> {
    let words = match style.language {
        Language::Swedish => &SWEDISH,
        Language::English => &ENGLISH,
    };
    workbook(statement, summary, style, words)
}

impl From<XlsxError> for Error {
    fn from(error: XlsxError) -> Self {
        Error::new(ErrorKind::Xlsx {
            message: error.to_string(),
        })
    }
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
    /// A share where it multiplies millions: to a millionth of a percent.
    pub(crate) share_precise: Format,
    /// Text set off from a number to its left.
    pub(crate) indented: Format,
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
            share_precise: Format::new().set_num_format("0.00000000%"),
            indented: Format::new().set_indent(1),
            whole: Format::new().set_num_format("#,##0"),
            general: Format::new(),
        }
    }

    pub(crate) fn of(&self, unit: Unit) -> &Format {
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

/// What every sheet of a statement's workbook is written from.
pub(crate) struct Book<'a> {
    pub(crate) statement: &'a Statement,
    pub(crate) summary: &'a Summary,
    pub(crate) style: &'a Style,
    pub(crate) formats: Formats,
    pub(crate) words: &'a CalcWords,
}

/// A step that adds one sheet (or none) to the workbook.
type SheetStep = fn(&mut Workbook, &Book<'_>) -> Result<(), Error>;

/// The workbook's sheets in order: a sheet is added in front (a summary,
/// say) by putting its step first. The *Calculation* sheet is the active
/// one, the one a spreadsheet opens on.
const SHEETS: [SheetStep; 5] = [
    summary::summary_sheet,
    calculation::calculation_sheet,
    |workbook, book| statement_sheet(workbook.add_worksheet(), book),
    |workbook, book| {
        if let Basis::Monthly { months, .. } = book.statement.outcome().basis() {
            months_sheet(workbook.add_worksheet(), months, book)?;
        }
        Ok(())
    },
    |workbook, book| Ok(trace_sheet(workbook.add_worksheet(), book)?),
];

/// The statement's workbook, with the words of `words` on the
/// *Calculation* sheet.
fn workbook(statement: &Statement, summary: &Summary, style: &Style, words: &CalcWords) -> Result<Vec<u8>, Error> {
    let language = style.language;
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(fill(
                language,
                text(language, Text::StatementTitle),
                &[("contract", statement.contract())],
            ))
            .set_comment("Written by utfall. The exact columns hold the exact decimals; the numbers are for reading."),
    );
    let book = Book {
        statement,
        summary,
        style,
        formats: Formats::new(statement.currency()),
        words,
    };
    for step in SHEETS {
        step(&mut workbook, &book)?;
    }
    Ok(workbook.save_to_buffer()?)
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

fn statement_sheet(sheet: &mut Worksheet, book: &Book<'_>) -> Result<(), Error> {
    let (statement, formats, style) = (book.statement, &book.formats, book.style);
    let language = style.language;
    sheet.set_name(text(language, Text::XlsxStatementSheet))?;
    sheet.write_string_with_format(
        0,
        0,
        fill(
            language,
            text(language, Text::StatementTitle),
            &[("contract", statement.contract())],
        ),
        &formats.title,
    )?;
    let note = text(language, Text::XlsxNote);
    let mut about = vec![
        (text(language, Text::Term), term_text(statement, language)),
        (text(language, Text::Window), window_text(statement, language)),
        (text(language, Text::Basis), basis_text(statement, language)),
        (
            text(language, Text::XlsxAmountsKey),
            fill(
                language,
                text(language, Text::XlsxAmounts),
                &[("currency", statement.currency())],
            ),
        ),
    ];
    about.extend(statement.notes().iter().map(|n| (note, note_text(n, style))));
    let mut row = 1;
    for (key, value) in about {
        sheet.write_string_with_format(row, 0, key, &formats.bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    row += 1;
    let names = words::columns(language, Text::XlsxStatementColumns);
    let columns: Vec<(&str, f64)> = names
        .iter()
        .copied()
        .zip([52.0, 60.0, 20.0, 30.0, 50.0, 18.0, 45.0])
        .collect();
    header(sheet, row, &columns, formats)?;
    for section in statement.sections() {
        let title = words::section_title(language, section, statement);
        for line in &section.lines {
            row += 1;
            sheet.write_string_with_format(row, 0, &title, &formats.text)?;
            sheet.write_string(row, 1, words::label(language, line, statement))?;
            sheet.write_number_with_format(row, 2, float(line.result), formats.of(line.unit))?;
            sheet.write_string_with_format(row, 3, line.result.to_string(), &formats.exact)?;
            sheet.write_string(row, 4, words::formula(language, &line.formula))?;
            sheet.write_string(row, 5, words::unit_word(language, line.unit))?;
            sheet.write_string(row, 6, &line.id)?;
        }
    }
    if !statement.sources().is_empty() {
        row += 2;
        sheet.write_string_with_format(row, 0, text(language, Text::SourcesTitle), &formats.bold)?;
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
    /// The name in Swedish.
    name_sv: &'static str,
    value: fn(&MonthOutcome) -> Option<Decimal>,
    format: fn(&Formats) -> &Format,
    /// Shown only when the outcome is trend-adjusted.
    trend: bool,
}

/// The month table's first decimal column, after the two months and the
/// two headcounts.
const FIRST_DECIMAL_COLUMN: u16 = 4;

/// The name of the column of `S(m)`, which the *Calculation* sheet sums.
const SAVED_DAYS: &str = "S(m), days saved";

const MONTH_COLUMNS: [MonthColumn; 9] = [
    MonthColumn {
        name: "net days",
        name_sv: "nettodagar",
        value: |m| Some(m.net_days),
        format: |f| &f.days,
        trend: false,
    },
    MonthColumn {
        name: "reference net days",
        name_sv: "nettodagar i referensmånaden",
        value: |m| Some(m.reference_net_days),
        format: |f| &f.days,
        trend: false,
    },
    MonthColumn {
        name: "x(m), days per employee",
        name_sv: "x(m), dagar per anställd",
        value: |m| Some(m.per_employee),
        format: |f| &f.per_employee,
        trend: false,
    },
    MonthColumn {
        name: "x(ref)",
        name_sv: "x(ref)",
        value: |m| Some(m.reference_per_employee),
        format: |f| &f.per_employee,
        trend: false,
    },
    MonthColumn {
        name: "idx(m), national index",
        name_sv: "idx(m), nationellt index",
        value: |m| m.index,
        format: |f| &f.general,
        trend: true,
    },
    MonthColumn {
        name: "idx(ref)",
        name_sv: "idx(ref)",
        value: |m| m.reference_index,
        format: |f| &f.general,
        trend: true,
    },
    MonthColumn {
        name: "x_adj(m), trend-adjusted",
        name_sv: "x_adj(m), trendjusterat",
        value: |m| Some(m.adjusted_per_employee),
        format: |f| &f.per_employee,
        trend: true,
    },
    MonthColumn {
        name: "δ(m), days saved per employee",
        name_sv: "δ(m), sparade dagar per anställd",
        value: |m| Some(m.delta),
        format: |f| &f.per_employee,
        trend: false,
    },
    MonthColumn {
        name: SAVED_DAYS,
        name_sv: "S(m), sparade dagar",
        value: |m| Some(m.saved_days),
        format: |f| &f.days,
        trend: false,
    },
];

/// The decimal columns of the month table: without a trend adjustment the
/// index columns, and x_adj(m) = x(m), are left out.
fn month_columns(months: &[MonthOutcome]) -> Vec<&'static MonthColumn> {
    let trend = has_trend(months);
    MONTH_COLUMNS.iter().filter(|c| trend || !c.trend).collect()
}

/// The cells of the month table's `S(m)` numbers, as a reference from
/// another sheet (`Months!$M$2:$M$18`), when the outcome was measured month
/// by month.
fn saved_days_range(statement: &Statement, language: Language) -> Option<String> {
    let Basis::Monthly { months, .. } = statement.outcome().basis() else {
        return None;
    };
    let position = month_columns(months).iter().position(|c| c.name == SAVED_DAYS)?;
    let col = FIRST_DECIMAL_COLUMN.checked_add(u16::try_from(position).ok()?)?;
    let last = u32::try_from(months.len()).ok()?;
    (last > 0).then(|| {
        format!(
            "{}!{}",
            quote_sheet_name(text(language, Text::XlsxMonthsSheet)),
            cell_range_absolute(1, col, last, col)
        )
    })
}

fn months_sheet(sheet: &mut Worksheet, months: &[MonthOutcome], book: &Book<'_>) -> Result<(), XlsxError> {
    let (formats, language) = (&book.formats, book.style.language);
    sheet.set_name(text(language, Text::XlsxMonthsSheet))?;
    let decimals = month_columns(months);
    let name = |c: &MonthColumn| match language {
        Language::Swedish => c.name_sv,
        Language::English => c.name,
    };
    let mut columns: Vec<(String, f64)> = words::columns(language, Text::XlsxMonthColumns)
        .into_iter()
        .zip([10.0, 10.0, 11.0, 11.0])
        .map(|(n, w)| (n.to_owned(), w))
        .collect();
    columns.extend(decimals.iter().map(|c| (name(c).to_owned(), 14.0)));
    let exact = text(language, Text::XlsxExactSuffix);
    columns.extend(decimals.iter().map(|c| (format!("{}{exact}", name(c)), 24.0)));
    let named: Vec<(&str, f64)> = columns.iter().map(|(n, w)| (n.as_str(), *w)).collect();
    header(sheet, 0, &named, formats)?;
    for (row, m) in (1u32..).zip(months) {
        sheet.write_string(row, 0, m.month.to_string())?;
        sheet.write_string(row, 1, m.reference_month.to_string())?;
        sheet.write_number_with_format(row, 2, m.headcount, &formats.whole)?;
        sheet.write_number_with_format(row, 3, m.reference_headcount, &formats.whole)?;
        let exact_from = FIRST_DECIMAL_COLUMN + u16::try_from(decimals.len()).unwrap_or(0);
        for ((col, exact_col), column) in (FIRST_DECIMAL_COLUMN..).zip(exact_from..).zip(&decimals) {
            if let Some(value) = (column.value)(m) {
                sheet.write_number_with_format(row, col, float(value), (column.format)(formats))?;
                sheet.write_string_with_format(row, exact_col, value.to_string(), &formats.exact)?;
            }
        }
    }
    Ok(())
}

fn trace_sheet(sheet: &mut Worksheet, book: &Book<'_>) -> Result<(), XlsxError> {
    let (statement, formats, language) = (book.statement, &book.formats, book.style.language);
    sheet.set_name(text(language, Text::XlsxTraceSheet))?;
    let names = words::columns(language, Text::XlsxTraceColumns);
    let columns: Vec<(&str, f64)> = names
        .iter()
        .copied()
        .zip([45.0, 60.0, 50.0, 80.0, 20.0, 30.0, 18.0, 45.0, 80.0])
        .collect();
    header(sheet, 0, &columns, formats)?;
    let lines: Vec<&Line> = statement.lines().collect();
    for (row, line) in (1u32..).zip(lines) {
        let (inputs, rule) = match language {
            Language::Swedish => (
                crate::csv::inputs_text_in(line, utfall_engine::CsvOutput::Machine),
                format!(
                    "{} §{} {}",
                    utfall_engine::METHOD,
                    line.rule.section(),
                    words::rule_title(language, line.rule)
                ),
            ),
            Language::English => (inputs_text(line), line.rule.to_string()),
        };
        sheet.write_string(row, 0, &line.id)?;
        sheet.write_string(row, 1, words::label(language, line, statement))?;
        sheet.write_string(row, 2, words::formula(language, &line.formula))?;
        sheet.write_string(row, 3, inputs)?;
        sheet.write_number_with_format(row, 4, float(line.result), formats.of(line.unit))?;
        sheet.write_string_with_format(row, 5, line.result.to_string(), &formats.exact)?;
        sheet.write_string(row, 6, words::unit_word(language, line.unit))?;
        sheet.write_string(row, 7, rule)?;
        sheet.write_string(row, 8, line.cites.join("; "))?;
    }
    Ok(())
}
