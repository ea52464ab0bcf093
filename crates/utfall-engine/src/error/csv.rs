//! [`CsvErrorKind`]: what can be wrong with a CSV file as CSV, whatever the
//! file holds. The engine's readers (the monthly series, the national index)
//! and `utfall-absence`'s (absence records, headcount) refuse the same things
//! with the same words; each crate's kind of error holds one of these.

use super::quote::{Excerpt, quote};

/// What is wrong with a CSV file as CSV: no header line, a column missing,
/// unknown or repeated, a row that is not well-formed, a count that is not a
/// whole number or is too large. New kinds may be added in any release.
///
/// # Example
/// ```
/// use utfall_engine::{CsvErrorKind, ErrorKind, MonthlySeries};
/// let err = MonthlySeries::from_csv_str("month,net_days\n").unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::Csv(CsvErrorKind::MissingColumn { column: "headcount", .. })));
/// assert_eq!(
///     err.to_string(),
///     "line 1: the header has no column \"headcount\" (columns: month,net_days,headcount)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CsvErrorKind {
    /// A file with no header line.
    #[error("the file is empty: it needs a header line with the columns {expected}")]
    Empty {
        /// The columns the format needs.
        expected: &'static str,
    },
    /// A header without a column the format needs.
    #[error("the header has no column {} (columns: {expected})", quote(.column))]
    MissingColumn {
        /// The missing column.
        column: &'static str,
        /// The format's columns.
        expected: &'static str,
    },
    /// A header with a column the format does not have, or has twice.
    #[error("column {column} is unknown or repeated (columns: {expected})")]
    UnknownColumn {
        /// The column found.
        column: Excerpt,
        /// The format's columns.
        expected: &'static str,
    },
    /// A row that is not well-formed CSV (a quote not closed, text after a
    /// closing quote, not UTF-8, only commas) or has another number of fields
    /// than the header.
    #[error("{message}")]
    Malformed {
        /// What is wrong, quoting what was read.
        message: String,
    },
    /// Text that is not a whole number (a headcount).
    #[error("{value} is not a whole number")]
    NotWholeNumber {
        /// The text found.
        value: Excerpt,
    },
    /// A whole number with more digits than the field takes (a headcount has
    /// at most nine).
    #[error("{value} is above {limit}")]
    WholeNumberTooLarge {
        /// The text found.
        value: Excerpt,
        /// The largest value the field takes.
        limit: u32,
    },
    /// A header line that holds more than one of the separators `,` `;` and
    /// tab outside quotes: which one separates the fields is not guessed.
    #[error(
        "the header line holds both {first} and {second} outside quotes, so which one separates the fields is not clear; say it with --delimiter"
    )]
    AmbiguousDelimiter {
        /// The first separator found, as messages name it (`','`).
        first: &'static str,
        /// Another separator found.
        second: &'static str,
    },
    /// Text that names no separator (`--delimiter`, a measurement config).
    #[error("{value} is not a separator: write ',', ';' or tab")]
    UnknownDelimiter {
        /// The text found.
        value: Excerpt,
    },
    /// Text that names no CSV dialect to write (`--csv`).
    #[error("{value} is not a CSV dialect: write machine or excel-sv")]
    UnknownCsvOutput {
        /// The text found.
        value: Excerpt,
    },
    /// A number with a decimal comma in a comma-separated file, where a comma
    /// separates fields and a decimal comma is not read.
    #[error(
        "{value} has a decimal comma, which is read only in a ';'- or tab-separated file; write a decimal point ({suggestion:?}) or separate the fields with ';'"
    )]
    DecimalComma {
        /// The text found.
        value: Excerpt,
        /// The same number with a decimal point.
        suggestion: String,
    },
    /// Bytes that are not UTF-8 in a file read as UTF-8.
    #[error(
        "{value} is not UTF-8 (byte {byte} of the line); if the file is Windows-1252 or ISO-8859-1 (Latin-1), as older Swedish exports are, read it with --encoding windows-1252"
    )]
    NotUtf8 {
        /// The field or line, the bytes that are not UTF-8 shown as
        /// replacement characters.
        value: Excerpt,
        /// The place (from 1) of the first byte that is not UTF-8 in its line.
        byte: usize,
    },
}
