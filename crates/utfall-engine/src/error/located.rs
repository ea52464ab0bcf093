//! An error and where it was found: [`Located`] holds a kind of error and a
//! [`Location`] (file, line, field), which its message puts first. Generic
//! over the kind, so that each utfall crate that reads input (this one,
//! `utfall-absence`) has one error type of its own kinds and all of them
//! keep and show locations one way.

use std::fmt;

use super::quote::cut;

/// What went wrong, a `K`, and where, a [`Location`]: the error type of
/// each utfall crate that reads input, each with its own kinds of what can
/// go wrong ([`Error`](crate::Error) is `Located<ErrorKind>`,
/// `utfall_absence::Error` is `Located<utfall_absence::ErrorKind>`).
///
/// Its message is the location, then the kind's message:
/// `contract.toml:22: field provider[0].cap: cap 0.9 is below 1`. A reader
/// knows the line and the field of what it reads; the caller that read the
/// file adds the file's name with [`Located::in_file`].
///
/// # Example
/// ```
/// use utfall_engine::{ErrorKind, Located, Location};
///
/// let err: Located<ErrorKind> = Located::new(ErrorKind::NoProvider).at_line(3).in_file("contract.toml");
/// assert_eq!(err.location(), &Location::default().with_file("contract.toml").with_line(3));
/// assert_eq!(err.to_string(), "contract.toml:3: a contract needs at least one [[provider]]");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<K>(Box<Inner<K>>);

/// Boxed so that `Result<T, Located<K>>` stays one pointer wide on the happy
/// path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner<K> {
    kind: K,
    location: Location,
}

impl<K> Located<K> {
    /// An error of `kind` (or of what converts into one, such as a
    /// [`CsvErrorKind`](crate::CsvErrorKind)) with no location yet.
    pub fn new(kind: impl Into<K>) -> Self {
        Self(Box::new(Inner {
            kind: kind.into(),
            location: Location::default(),
        }))
    }

    /// What went wrong.
    pub fn kind(&self) -> &K {
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

    /// The same error, said to be at line `line` (counted from 1; a number
    /// beyond `usize` is taken as `usize::MAX`). Readers count lines in
    /// `usize` or, streaming, in `u64`.
    #[must_use]
    pub fn at_line(mut self, line: impl TryInto<usize>) -> Self {
        self.0.location.line = Some(line.try_into().unwrap_or(usize::MAX));
        self
    }

    /// The same error, said to be in the field `field` (a TOML key path or
    /// a CSV column).
    #[must_use]
    pub fn at_field(mut self, field: impl Into<String>) -> Self {
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

impl<K: fmt::Display> fmt::Display for Located<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.0.location, self.0.kind)
    }
}

/// No source: the message already says what the kind says, so a chain of
/// causes would say it twice.
impl<K: fmt::Debug + fmt::Display> std::error::Error for Located<K> {}

/// An I/O error, for a crate whose kinds hold one (reading a file as it is
/// parsed), so that `?` takes it.
impl<K: From<std::io::Error>> From<std::io::Error> for Located<K> {
    fn from(error: std::io::Error) -> Self {
        Self::new(error)
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

    /// The file, as named by [`Located::in_file`].
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
