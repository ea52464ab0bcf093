//! How a CSV file is written ([`CsvDialect`]): which byte separates its
//! fields ([`Delimiter`]: `,`, `;` or tab), given or found from the header
//! line, and so whether its numbers may have a decimal comma. Shared by the
//! engine's readers (the monthly series, the national index) and
//! `utfall-absence`'s (absence records, headcount), so that the four files are
//! read by one rule (`docs/formats.md`, *CSV inputs in general*).
//!
//! Detection never guesses: a header line with one kind of separator outside
//! quotes has that one; with none, the comma (a header of one column, which
//! every format then refuses for its missing columns); with two kinds, an
//! error that asks for `--delimiter`.

use std::fmt;
use std::str::FromStr;

use crate::{CsvErrorKind, Excerpt};

/// The byte that separates the fields of a CSV file.
///
/// # Example
/// ```
/// use utfall_engine::Delimiter;
/// let semicolon: Delimiter = ";".parse()?;
/// assert_eq!((semicolon.byte(), semicolon.decimal_comma()), (b';', true));
/// assert_eq!("tab".parse::<Delimiter>()?, Delimiter::Tab);
/// assert!(!Delimiter::Comma.decimal_comma());
/// assert_eq!(Delimiter::Semicolon.to_string(), "';'");
/// # Ok::<(), utfall_engine::CsvErrorKind>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Delimiter {
    /// `,`: the plain CSV of most programs.
    #[default]
    Comma,
    /// `;`: what Excel writes as "CSV" where the decimal mark is a comma, as
    /// in Sweden.
    Semicolon,
    /// A tab.
    Tab,
}

impl Delimiter {
    /// Every separator, in the order messages list them.
    pub const ALL: [Delimiter; 3] = [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab];

    /// The byte.
    pub const fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }

    /// Whether numbers may be written with a decimal comma (`7,5`): when the
    /// comma does not separate fields.
    pub const fn decimal_comma(self) -> bool {
        !matches!(self, Delimiter::Comma)
    }

    /// How messages name it: `','`, `';'`, `tab`.
    pub const fn name(self) -> &'static str {
        match self {
            Delimiter::Comma => "','",
            Delimiter::Semicolon => "';'",
            Delimiter::Tab => "tab",
        }
    }

    /// The separator of a header line (without its line end): the one of
    /// `,` `;` and tab that occurs outside double quotes, or the comma when
    /// none does.
    ///
    /// # Errors
    /// [`CsvErrorKind::AmbiguousDelimiter`] when more than one kind occurs.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::Delimiter;
    /// assert_eq!(Delimiter::detect(b"month;net_days;headcount")?, Delimiter::Semicolon);
    /// assert_eq!(Delimiter::detect(b"\"a,b\";c")?, Delimiter::Semicolon);
    /// assert_eq!(Delimiter::detect(b"month")?, Delimiter::Comma);
    /// assert!(Delimiter::detect(b"a,b;c").is_err());
    /// # Ok::<(), utfall_engine::CsvErrorKind>(())
    /// ```
    pub fn detect(header: &[u8]) -> Result<Self, CsvErrorKind> {
        let mut seen = [false; 3];
        let mut quoted = false;
        for &b in header {
            if b == b'"' {
                quoted = !quoted;
            } else if !quoted
                && let Some(slot) = Self::ALL
                    .iter()
                    .position(|d| d.byte() == b)
                    .and_then(|at| seen.get_mut(at))
            {
                *slot = true;
            }
        }
        let mut found = Self::ALL.iter().zip(seen).filter(|(_, seen)| *seen).map(|(d, _)| *d);
        match (found.next(), found.next()) {
            (None, _) => Ok(Delimiter::Comma),
            (Some(one), None) => Ok(one),
            (Some(first), Some(second)) => Err(CsvErrorKind::AmbiguousDelimiter {
                first: first.name(),
                second: second.name(),
            }),
        }
    }
}

impl fmt::Display for Delimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `,` or `comma`, `;` or `semicolon`, a tab or `tab`.
impl FromStr for Delimiter {
    type Err = CsvErrorKind;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "," | "comma" => Ok(Delimiter::Comma),
            ";" | "semicolon" => Ok(Delimiter::Semicolon),
            "\t" | "tab" | "\\t" => Ok(Delimiter::Tab),
            _ => Err(CsvErrorKind::UnknownDelimiter {
                value: Excerpt::of(text),
            }),
        }
    }
}

/// How a CSV file is written: its separator, given or (by default) found from
/// its header line.
///
/// # Example
/// ```
/// use utfall_engine::{CsvDialect, Delimiter};
/// assert_eq!(CsvDialect::AUTO.resolve(b"month\tindex")?, Delimiter::Tab);
/// let given = CsvDialect::given(Delimiter::Semicolon);
/// assert_eq!(given.resolve(b"month,index")?, Delimiter::Semicolon);
/// # Ok::<(), utfall_engine::CsvErrorKind>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CsvDialect {
    /// The separator, or `None` to find it from the header line
    /// ([`Delimiter::detect`]).
    pub delimiter: Option<Delimiter>,
}

impl CsvDialect {
    /// The separator found from the header line.
    pub const AUTO: CsvDialect = CsvDialect { delimiter: None };

    /// A given separator.
    pub const fn given(delimiter: Delimiter) -> Self {
        Self {
            delimiter: Some(delimiter),
        }
    }

    /// The separator of a file whose header line is `header`: the one given,
    /// or the one detected.
    ///
    /// # Errors
    /// [`CsvErrorKind::AmbiguousDelimiter`] when it is to be detected and the
    /// header holds more than one kind.
    pub fn resolve(&self, header: &[u8]) -> Result<Delimiter, CsvErrorKind> {
        match self.delimiter {
            Some(given) => Ok(given),
            None => Delimiter::detect(header),
        }
    }
}

/// The first line of `text`, without its line end and a UTF-8 byte-order mark.
///
/// # Example
/// ```
/// assert_eq!(utfall_engine::header_line(b"\xef\xbb\xbfa;b\r\n1;2\n"), b"a;b");
/// ```
pub fn header_line(text: &[u8]) -> &[u8] {
    let text = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(text);
    let end = text
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(text.len());
    text.get(..end).unwrap_or_default()
}

/// A decimal number as written in a file separated by `delimiter`, as the
/// plain `.` decimal [`parse_decimal`](crate::parse_decimal) reads: with a
/// decimal comma (`7,5`) where the separator allows one, `7.5` either way.
///
/// # Errors
/// [`CsvErrorKind::DecimalComma`] for a decimal comma in a comma-separated
/// file (where it can only stand in a quoted field). Text that is not a number
/// is given back as written, for the parser to refuse with its own words.
///
/// # Example
/// ```
/// use utfall_engine::{Delimiter, decimal_point};
/// assert_eq!(decimal_point("7,5", Delimiter::Semicolon)?, "7.5");
/// assert_eq!(decimal_point("7.5", Delimiter::Tab)?, "7.5");
/// assert!(decimal_point("7,5", Delimiter::Comma).is_err());
/// # Ok::<(), utfall_engine::CsvErrorKind>(())
/// ```
pub fn decimal_point(text: &str, delimiter: Delimiter) -> Result<std::borrow::Cow<'_, str>, CsvErrorKind> {
    // One comma between digits, and no point: a decimal comma. Anything else
    // (`1.234,5`, `7,,5`) is left for the parser to refuse as written.
    let one_comma = text.matches(',').count() == 1 && !text.contains('.');
    if !one_comma {
        return Ok(std::borrow::Cow::Borrowed(text));
    }
    let with_point = text.replacen(',', ".", 1);
    if delimiter.decimal_comma() {
        Ok(std::borrow::Cow::Owned(with_point))
    } else {
        Err(CsvErrorKind::DecimalComma {
            value: Excerpt::of(text),
            suggestion: with_point,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_one_outside_quotes() {
        for (header, expected) in [
            ("employee_id,date,hours", Delimiter::Comma),
            ("employee_id;date;hours", Delimiter::Semicolon),
            ("employee_id\tdate\thours", Delimiter::Tab),
            ("\"a;b\",c", Delimiter::Comma),
            ("\"a,b\"\t\"c;d\"", Delimiter::Tab),
            ("one", Delimiter::Comma),
            ("", Delimiter::Comma),
        ] {
            assert_eq!(Delimiter::detect(header.as_bytes()), Ok(expected), "{header:?}");
        }
        let err = Delimiter::detect(b"a;b\tc,d").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the header line holds both ',' and ';' outside quotes, so which one separates the fields is not clear; say it with --delimiter"
        );
    }

    #[test]
    fn separators_are_named_by_character_or_word() {
        for (text, expected) in [
            (",", Delimiter::Comma),
            ("semicolon", Delimiter::Semicolon),
            ("\t", Delimiter::Tab),
        ] {
            assert_eq!(text.parse::<Delimiter>(), Ok(expected));
        }
        assert_eq!(
            "|".parse::<Delimiter>().unwrap_err().to_string(),
            "\"|\" is not a separator: write ',', ';' or tab"
        );
    }

    #[test]
    fn a_decimal_comma_is_read_where_the_comma_does_not_separate() {
        assert_eq!(decimal_point("3600,5", Delimiter::Semicolon).unwrap(), "3600.5");
        assert_eq!(decimal_point("1.234,5", Delimiter::Semicolon).unwrap(), "1.234,5");
        assert_eq!(decimal_point("12", Delimiter::Comma).unwrap(), "12");
        assert_eq!(
            decimal_point("3600,5", Delimiter::Comma).unwrap_err().to_string(),
            "\"3600,5\" has a decimal comma, which is read only in a ';'- or tab-separated file; write a decimal point (\"3600.5\") or separate the fields with ';'"
        );
    }
}
