//! The fields and rows of the CSV files utfall writes, safe to open in a
//! spreadsheet: every writer quotes through [`csv_field`], and a writer
//! that has its row as text joins it with [`csv_row`]. [`CsvOutput`] says
//! how a file is laid out: the machine CSV (the default), or for Excel set
//! to Swedish.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::Delimiter;
use crate::arith::parse_decimal;

/// How a CSV file utfall writes is laid out (`docs/formats.md`, *CSV for
/// Swedish Excel*): the dialect of the writers, as [`CsvDialect`](crate::CsvDialect)
/// is of the readers.
///
/// # Example
/// ```
/// use utfall_engine::{CsvOutput, Decimal, Delimiter};
/// let sv: CsvOutput = "excel-sv".parse()?;
/// assert_eq!(sv.delimiter(), Delimiter::Semicolon);
/// assert_eq!(sv.number("-2701245.52".parse::<Decimal>().unwrap()), "-2701245,52");
/// assert_eq!(sv.row(&["Aino Health", "2701245,52", "a; b"]), "Aino Health;2701245,52;\"a; b\"\r\n");
/// assert_eq!(sv.preamble(), "\u{feff}");
/// let machine = CsvOutput::default();
/// assert_eq!(machine.row(&["Aino Health", "2701245.52", "a; b"]), "Aino Health,2701245.52,a; b\n");
/// # Ok::<(), utfall_engine::CsvErrorKind>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CsvOutput {
    /// For programs: `,` between fields, `.` before decimals, rows ending
    /// with `\n`, UTF-8 without a byte-order mark, English column names.
    #[default]
    Machine,
    /// For Excel set to Swedish, which opens such a file with a double
    /// click: `;` between fields, a decimal comma in every number (no
    /// grouping), a UTF-8 byte-order mark (so that Excel reads å, ä, ö),
    /// rows ending with `\r\n`, and the header and labels in Swedish.
    ExcelSv,
}

impl CsvOutput {
    /// Both dialects, in the order messages list them.
    pub const ALL: [CsvOutput; 2] = [CsvOutput::Machine, CsvOutput::ExcelSv];

    /// The name on the command line: `machine` or `excel-sv`.
    pub const fn name(self) -> &'static str {
        match self {
            CsvOutput::Machine => "machine",
            CsvOutput::ExcelSv => "excel-sv",
        }
    }

    /// The separator of the fields.
    pub const fn delimiter(self) -> Delimiter {
        match self {
            CsvOutput::Machine => Delimiter::Comma,
            CsvOutput::ExcelSv => Delimiter::Semicolon,
        }
    }

    /// The end of each row.
    pub const fn line_end(self) -> &'static str {
        match self {
            CsvOutput::Machine => "\n",
            CsvOutput::ExcelSv => "\r\n",
        }
    }

    /// What the file starts with: nothing, or the byte-order mark.
    pub const fn preamble(self) -> &'static str {
        match self {
            CsvOutput::Machine => "",
            CsvOutput::ExcelSv => "\u{feff}",
        }
    }

    /// Whether the words of the file (its header, labels and marks) are
    /// Swedish.
    pub const fn swedish(self) -> bool {
        matches!(self, CsvOutput::ExcelSv)
    }

    /// An exact decimal as this dialect writes it: every digit, `-` before a
    /// negative number, no grouping; `.` before decimals, or `,` where the
    /// comma does not separate fields.
    pub fn number(self, value: Decimal) -> String {
        self.decimal_text(&value.to_string()).into_owned()
    }

    /// A decimal already written with `.` (`2701245.52`), as this dialect
    /// writes it.
    pub fn decimal_text(self, text: &str) -> Cow<'_, str> {
        if self.delimiter().decimal_comma() && text.contains('.') {
            Cow::Owned(text.replacen('.', ",", 1))
        } else {
            Cow::Borrowed(text)
        }
    }

    /// `text` as one field of this dialect: as [`csv_field`] writes it, with
    /// the dialect's separator in place of the comma, and a number with a
    /// decimal comma (`-4722,22`) left a number.
    pub fn field(self, text: &str) -> Cow<'_, str> {
        field_in(text, self.delimiter())
    }

    /// One row: each of `fields` as [`CsvOutput::field`] writes it,
    /// separated by the dialect's separator, ending with its line end.
    pub fn row(self, fields: &[&str]) -> String {
        let mut row = String::new();
        let separator = char::from(self.delimiter().byte());
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                row.push(separator);
            }
            row.push_str(&self.field(field));
        }
        row.push_str(self.line_end());
        row
    }
}

impl fmt::Display for CsvOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `machine` or `excel-sv`.
impl FromStr for CsvOutput {
    type Err = crate::CsvErrorKind;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|d| d.name() == text)
            .ok_or_else(|| crate::CsvErrorKind::UnknownCsvOutput {
                value: crate::Excerpt::of(text),
            })
    }
}

/// `text` as one CSV field: quoted as RFC 4180 says when it must be (a field
/// with `,`, `"` or a line break is put in double quotes and its `"`
/// doubled), and neutralised when a spreadsheet would take it for a formula.
///
/// A text field that starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return gets a `'` in front, as the OWASP guidance on CSV injection says,
/// so that a contract name or an employee id such as `=HYPERLINK(…)` is shown
/// as text and never run. A field that starts with `'` gets one more, so that
/// a reader takes back the text as written by removing one leading `'` from
/// every field that starts with one. Numbers (`-4722.22`) are left as they
/// are: they stay numbers.
///
/// # Example
/// ```
/// use utfall_engine::csv_field;
/// assert_eq!(csv_field("Aino Health"), "Aino Health");
/// assert_eq!(csv_field("clamp(V, 0, k · I_w)"), "\"clamp(V, 0, k · I_w)\"");
/// assert_eq!(csv_field("-4722.22"), "-4722.22");
/// assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
/// assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
/// assert_eq!(csv_field("'quoted"), "''quoted");
/// ```
pub fn csv_field(text: &str) -> Cow<'_, str> {
    field_in(text, Delimiter::Comma)
}

/// [`csv_field`] for a file separated by `delimiter`.
fn field_in(text: &str, delimiter: Delimiter) -> Cow<'_, str> {
    let number = || {
        parse_decimal(text).is_ok()
            || (delimiter.decimal_comma() && !text.contains('.') && parse_decimal(&text.replacen(',', ".", 1)).is_ok())
    };
    let starts_formula = text.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) && !number();
    let text: Cow<'_, str> = if starts_formula {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    };
    if text.contains([char::from(delimiter.byte()), '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        text
    }
}

/// One row of a CSV file: each of `fields` as [`csv_field`] writes it,
/// separated by commas, ending with `\n`.
///
/// # Example
/// ```
/// use utfall_engine::csv_row;
/// assert_eq!(csv_row(&["Aino Health", "-4722.22", "a, b", "=1+2"]), "Aino Health,-4722.22,\"a, b\",'=1+2\n");
/// assert_eq!(csv_row(&[]), "\n");
/// ```
pub fn csv_row(fields: &[&str]) -> String {
    let mut row = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            row.push(',');
        }
        row.push_str(&csv_field(field));
    }
    row.push('\n');
    row
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    /// What a reader does: RFC 4180 unquoting, then one leading `'` removed.
    fn read_back(field: &str) -> String {
        let unquoted = match field.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
            Some(inner) => inner.replace("\"\"", "\""),
            None => field.to_owned(),
        };
        unquoted.strip_prefix('\'').map_or(unquoted.clone(), str::to_owned)
    }

    #[test]
    fn every_text_reads_back_as_written() {
        for text in [
            "plain",
            "",
            "=1+2",
            "+46 8 123",
            "-x",
            "@cmd",
            "\tTab",
            "\rCR",
            "'",
            "''=",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "-12.5",
            "−12,5",
        ] {
            assert_eq!(read_back(&csv_field(text)), text, "{text:?}");
        }
    }

    #[test]
    fn numbers_stay_numbers() {
        for number in ["0", "-0.00", "-4722.2222222222222222", "22870000"] {
            assert_eq!(csv_field(number), number);
        }
        assert_eq!(csv_field("-1e3"), "'-1e3");
    }

    #[test]
    fn excel_sv_quotes_semicolons_and_keeps_decimal_commas_numbers() {
        use super::CsvOutput;
        let sv = CsvOutput::ExcelSv;
        assert_eq!(sv.field("-4722,22"), "-4722,22");
        assert_eq!(sv.field("a, b"), "a, b");
        assert_eq!(sv.field("a; b"), "\"a; b\"");
        assert_eq!(sv.field("-x;y"), "\"'-x;y\"");
        // `-1,2,3` is no number: a formula guard, as in the machine CSV.
        assert_eq!(sv.field("-1,2,3"), "'-1,2,3");
        assert_eq!(CsvOutput::Machine.field("-4722,22"), "\"'-4722,22\"");
        assert_eq!(sv.number("22870000".parse().unwrap()), "22870000");
        assert_eq!(
            "excel".parse::<CsvOutput>().unwrap_err().to_string(),
            "\"excel\" is not a CSV dialect: write machine or excel-sv"
        );
    }
}
