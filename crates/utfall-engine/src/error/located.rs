//! An error and where it was found: [`Error`] holds an [`ErrorKind`] and a
//! [`Location`] (file, line, field), which its message puts first.

use std::fmt;

use super::ErrorKind;
use super::quote::cut;

/// An error from loading contract terms or data, or from settling.
///
/// Its message is one lowercase line that says where the problem is and quotes
/// the bad value: `contract.toml:22: field provider[0].cap: cap 0.9 is below 1`.
/// The parsers know the line and field; the caller that read the file adds its
/// name with [`Error::in_file`].
///
/// # Example
/// ```
/// use utfall_engine::{Contract, ErrorKind};
///
/// let text = r#"
/// name = "x"
/// currency = "SEK"
/// investment = 22870000.0
/// day_value = "2080"
/// term = { start = "2018-10", end = "2021-09" }
/// reference = { start = "2017-08", end = "2018-07" }
/// [[provider]]
/// name = "p"
/// contract_value = "8405100"
/// outcome_share = "0.5"
/// cap = "1.5"
/// "#;
/// let err = Contract::from_toml_str(text).unwrap_err().in_file("contract.toml");
/// assert!(matches!(err.kind(), ErrorKind::NotQuoted { .. }));
/// assert_eq!(err.location().line(), Some(4));
/// assert_eq!(err.location().field(), Some("investment"));
/// assert_eq!(
///     err.to_string(),
///     "contract.toml:4: field investment: amounts are quoted decimal strings, \
///      found the float 22870000.0: write \"22870000.0\"",
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}", .0.location, .0.kind)]
pub struct Error(Box<Inner>);

/// Boxed so that `Result<T, Error>` stays one pointer wide on the happy path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    location: Location,
}

impl Error {
    /// An error of `kind` with no location yet.
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

    /// Where it went wrong, as far as known.
    pub fn location(&self) -> &Location {
        &self.0.location
    }

    /// The same error, said to be in the file `file` (a path or any name the user
    /// knows the input by).
    ///
    /// # Example
    /// ```
    /// use utfall_engine::MonthlySeries;
    /// let err = MonthlySeries::from_csv_str("month,net_days,headcount\n2018-1,5,10\n")
    ///     .unwrap_err()
    ///     .in_file("monthly.csv");
    /// assert!(err.to_string().starts_with("monthly.csv:2: field month: "));
    /// ```
    #[must_use]
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.0.location.file = Some(file.into());
        self
    }

    pub(crate) fn at_line(mut self, line: usize) -> Self {
        self.0.location.line = Some(line);
        self
    }

    pub(crate) fn at_field(mut self, field: impl Into<String>) -> Self {
        self.0.location.field = Some(field.into());
        self
    }

    /// Keep a field already set (a more precise one found deeper), else set this one.
    pub(crate) fn or_field(self, field: impl Into<String>) -> Self {
        if self.0.location.field.is_some() {
            self
        } else {
            self.at_field(field)
        }
    }
}

/// Where an error was found: any of file, line (1-based) and field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    file: Option<String>,
    line: Option<usize>,
    field: Option<String>,
}

impl Location {
    /// The same location in the file `file`.
    ///
    /// The other utfall crates' errors use this type too.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::Location;
    /// let at = Location::default().with_file("absence.csv").with_line(12).with_field("hours");
    /// assert_eq!(at.to_string(), "absence.csv:12: field hours: ");
    /// ```
    #[must_use]
    pub fn with_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// The same location at line `line` (counted from 1).
    #[must_use]
    pub fn with_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// The same location in the field `field`.
    #[must_use]
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The file, as named by [`Error::in_file`].
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The line, counted from 1.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The field: a TOML key path such as `provider[0].cap`, or a CSV column.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }
}

/// The most characters of a field path an error names (a path holds the
/// file's keys, which may be long).
const FIELD_CHARS: usize = 80;

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            (None, Some(line)) => write!(f, "line {line}: ")?,
            (None, None) => {}
        }
        if let Some(field) = &self.field {
            write!(f, "field {}: ", cut(field, FIELD_CHARS))?;
        }
        Ok(())
    }
}
