//! The one error type of this crate: what went wrong and where (file, line,
//! field).

use std::fmt;

use utfall_engine::{Location, Month};

/// An error from reading absence records or headcount, or from measuring.
///
/// Its message is one lowercase line naming the line and field and quoting the
/// bad value: `absence.csv:12: field hours: "25" is above 24`. The readers know
/// the line and field; the caller adds the file name with [`Error::in_file`].
///
/// # Example
/// ```
/// use utfall_absence::Headcount;
/// let err = Headcount::from_csv_str("month,employees\n2020-01,ten\n").unwrap_err().in_file("headcount.csv");
/// assert_eq!(err.to_string(), "headcount.csv:2: field employees: \"ten\" is not a whole number");
/// ```
#[derive(Debug, thiserror::Error)]
#[error("{}{}", .0.location, .0.kind)]
pub struct Error(Box<Inner>);

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    location: Location,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self(Box::new(Inner {
            kind,
            location: Location::default(),
        }))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Where, as far as known: file, line and column.
    pub fn location(&self) -> &Location {
        &self.0.location
    }

    /// The same error, said to be in `file`.
    ///
    /// # Example
    /// ```
    /// use utfall_absence::Headcount;
    /// let err = Headcount::from_csv_str("").unwrap_err().in_file("h.csv");
    /// assert!(err.to_string().starts_with("h.csv:1: "));
    /// ```
    #[must_use]
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.0.location = std::mem::take(&mut self.0.location).with_file(file);
        self
    }

    pub(crate) fn at_line(mut self, line: u64) -> Self {
        let line = usize::try_from(line).unwrap_or(usize::MAX);
        self.0.location = std::mem::take(&mut self.0.location).with_line(line);
        self
    }

    pub(crate) fn at_field(mut self, field: impl Into<String>) -> Self {
        self.0.location = std::mem::take(&mut self.0.location).with_field(field);
        self
    }
}

/// Input text as an error message quotes it: in double quotes with escapes, and
/// only its first 40 characters, followed by `…` after the closing quote when it
/// has more, so that a message stays short and on one line whatever the input.
///
/// # Example
/// ```
/// use utfall_absence::Headcount;
/// let long = "x".repeat(100);
/// let err = Headcount::from_csv_str(&format!("month,employees\n2020-01,{long}\n")).unwrap_err();
/// let utfall_absence::ErrorKind::NotWholeNumber { value } = err.kind() else { panic!() };
/// assert_eq!((value.text().len(), value.is_cut()), (40, true));
/// assert_eq!(value.to_string(), format!("\"{}\"…", "x".repeat(40)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    text: String,
    cut: bool,
}

/// Characters an [`Excerpt`] keeps.
const EXCERPT_CHARS: usize = 40;

impl Excerpt {
    /// The excerpt of `bytes` (not UTF-8: with replacement characters).
    pub(crate) fn of(bytes: &[u8]) -> Self {
        // Four bytes a character at most: enough bytes for one character more
        // than kept, so that a cut is seen.
        let head = bytes.get(..4 * (EXCERPT_CHARS + 1)).unwrap_or(bytes);
        let lossy = String::from_utf8_lossy(head);
        let mut chars = lossy.chars();
        let text: String = chars.by_ref().take(EXCERPT_CHARS).collect();
        let cut = chars.next().is_some();
        Self { text, cut }
    }

    /// The characters quoted: all of the text, or its first 40.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the text was longer than the excerpt.
    pub fn is_cut(&self) -> bool {
        self.cut
    }
}

impl fmt::Display for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text)?;
        if self.cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// What went wrong. New kinds may be added in any release.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading failed.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// A file with no header line.
    #[error("the file is empty: it needs a header line with the columns {expected}")]
    Empty {
        /// The columns the format needs.
        expected: &'static str,
    },
    /// A header without a required column.
    #[error("the header has no column {column:?} (columns: {expected})")]
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
    /// A row that is not well-formed CSV or has the wrong number of fields.
    #[error("{message}")]
    Csv {
        /// What is wrong.
        message: String,
    },
    /// Text that is not a date `YYYY-MM-DD`.
    #[error("{value} is not a date: {reason}")]
    BadDate {
        /// The text found.
        value: Excerpt,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Sick-leave hours that cannot be read or are out of range.
    #[error("{value} {reason}")]
    BadHours {
        /// The text found.
        value: Excerpt,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An empty employee id.
    #[error("the employee id is empty")]
    EmptyEmployee,
    /// Text that is not a whole number (a headcount).
    #[error("{value} is not a whole number")]
    NotWholeNumber {
        /// The text found.
        value: Excerpt,
    },
    /// A count with more digits than a headcount takes (nine).
    #[error("{value} is above {limit}")]
    WholeNumberTooLarge {
        /// The text found.
        value: Excerpt,
        /// The largest count read.
        limit: u32,
    },
    /// Text that is not a month `YYYY-MM`.
    #[error("{0}")]
    BadMonth(String),
    /// Two rows for the same employee and date.
    #[error("employee {employee} has two rows for {date} (the first on line {first_line}); aggregate them first")]
    Duplicate {
        /// The employee id.
        employee: String,
        /// The date.
        date: String,
        /// The line of the first row.
        first_line: u64,
    },
    /// Two headcount rows for the same month and group.
    #[error("headcount for {month} {group} is given twice (first on line {first_line})")]
    DuplicateHeadcount {
        /// The month.
        month: Month,
        /// The group, such as `department "Utbildning", sex "F"`.
        group: String,
        /// The line of the first row.
        first_line: u64,
    },
    /// A record in a month the headcount file does not cover.
    #[error("{date} is in {month}, which has no headcount rows{hint}")]
    NoHeadcount {
        /// The record's date.
        date: String,
        /// Its month.
        month: Month,
        /// How to proceed, when there is a way.
        hint: &'static str,
    },
    /// A department or sex that the headcount file never mentions: its hours
    /// would have no denominator.
    #[error("{column} {value} does not occur in the headcount file, so its hours would have no headcount")]
    UnknownGroup {
        /// `department` or `sex`.
        column: &'static str,
        /// The value.
        value: Excerpt,
    },
    /// A record of a department or sex (or both) that has no headcount row
    /// in the record's month: its hours would count without its employees.
    #[error("{group} has no headcount row for {month} in the headcount file")]
    NoGroupHeadcount {
        /// The group, such as `department "Vård"` or `department "Vård", sex "M"`.
        group: String,
        /// The record's month.
        month: Month,
    },
    /// An employee id written in two ways that are the same once surrounding
    /// spaces and leading zeros are set aside (with [`Ids::Normalised`](crate::Ids)).
    #[error(
        "employee id {id} on line {line} and {other} on line {other_line} are the same once spaces and leading zeros \
         are set aside; write them alike, or measure them as written with --ids as-written"
    )]
    SameEmployee {
        /// The id as written on the later line.
        id: Excerpt,
        /// The later line.
        line: u64,
        /// The id as written on the earlier line.
        other: Excerpt,
        /// The earlier line.
        other_line: u64,
    },
    /// An employee id of nothing but spaces (with [`Ids::Normalised`](crate::Ids)).
    #[error("the employee id {id} is only spaces")]
    BlankEmployee {
        /// The id.
        id: Excerpt,
    },
    /// A line longer than a line may be.
    #[error("the line is longer than {limit} bytes; it starts {start}")]
    LineTooLong {
        /// The line's first characters.
        start: Excerpt,
        /// The most bytes a line may have, without its line end.
        limit: usize,
    },
    /// A field longer than the field may be.
    #[error("{value} is longer than {limit} bytes")]
    FieldTooLong {
        /// The field.
        value: Excerpt,
        /// The most bytes the field may have.
        limit: usize,
    },
    /// More departments or sexes than the measurement can tell apart.
    #[error("more than {limit} distinct values of {column}")]
    TooManyGroups {
        /// The column.
        column: &'static str,
        /// The limit.
        limit: usize,
    },
    /// A temporary file for sorting could not be written or read.
    #[error("cannot use the temporary file {path}: {error}")]
    TempFile {
        /// The file.
        path: String,
        /// What went wrong.
        error: std::io::Error,
    },
    /// The folder for temporary files is missing, or a private folder cannot
    /// be made in it.
    #[error("cannot use {path:?} for temporary files: {error}")]
    TempFolder {
        /// The folder.
        path: String,
        /// What went wrong.
        error: std::io::Error,
    },
    /// [`Options::interrupt`](crate::Options::interrupt) was set.
    #[error("the measurement was interrupted")]
    Interrupted,
    /// A spell with more sick-leave hours than a spell's sum holds (about
    /// 1.8 million days of 24 hours): not a real spell.
    #[error("employee {employee} has a spell of more than 42949672.95 hours by {date}; check the dates of the records")]
    SpellTooLong {
        /// The employee id.
        employee: String,
        /// The date at which the sum passed the limit.
        date: String,
    },
    /// The headcount of one month, summed over its groups, above what a count
    /// holds.
    #[error("the employees of {month} sum to more than {limit}")]
    HeadcountTooLarge {
        /// The month.
        month: Month,
        /// The most a month may have.
        limit: u32,
    },
    /// A headcount file whose months and groups would need too large a table.
    #[error(
        "the headcount file spans {months} months × {departments} departments × {sexes} sexes = {cells} cells; at most {limit} are measured"
    )]
    TooManyCells {
        /// Months from the first to the last.
        months: u64,
        /// Departments (1 without the column).
        departments: u64,
        /// Sexes (1 without the column).
        sexes: u64,
        /// Their product.
        cells: u64,
        /// The most cells a measurement holds.
        limit: u64,
    },
    /// No records at all.
    #[error("the absence file has no records")]
    NoRecords,
    /// A headcount file with no rows.
    #[error("the headcount file has no rows")]
    NoHeadcountRows,
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Self {
        Error::new(ErrorKind::Io(error))
    }
}
