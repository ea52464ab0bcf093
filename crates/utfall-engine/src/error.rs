//! The one error type of this crate: what went wrong ([`ErrorKind`]) and where
//! ([`Location`]: file, line, field).

use std::fmt;

use rust_decimal::Decimal;

use crate::{Month, MonthRange};

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

/// The most characters of a value an error message quotes: a longer one is
/// cut there and followed by `…`.
pub const QUOTE_CHARS: usize = 40;

/// The most characters of a field path an error names (a path holds the
/// file's keys, which may be long).
const FIELD_CHARS: usize = 80;

/// Whether `c` is a Unicode bidirectional control: the embeddings and
/// overrides U+202A–U+202E, the isolates U+2066–U+2069, the marks U+200E,
/// U+200F and U+061C. Text holding one may show in another order than it is
/// read (the "Trojan Source" attack).
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// The first character of `text` that is a control character or a
/// bidirectional control, if any: such text is refused in names.
pub(crate) fn unsafe_character(text: &str) -> Option<char> {
    text.chars().find(|&c| c.is_control() || is_bidi_control(c))
}

/// `text` as an error quotes it: in double quotes with control characters and
/// bidirectional controls escaped (`"a\u{1b}b"`), and cut after
/// [`QUOTE_CHARS`] characters, the cut marked by `…` after the closing quote.
pub(crate) fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        None => format!("{text:?}"),
        Some((at, _)) => format!("{:?}…", text.get(..at).unwrap_or_default()),
    }
}

/// `text` without quotes, as an error shows a value written in the file
/// (a number, a TOML value): control characters and bidirectional controls
/// escaped, cut after `limit` characters with `…`.
fn cut(text: &str, limit: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == limit {
            out.push('…');
            break;
        }
        if c.is_control() || is_bidi_control(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// A value written in the file, as an error shows it: see [`cut`].
pub(crate) fn excerpt(text: &str) -> String {
    cut(text, QUOTE_CHARS)
}

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

/// What went wrong. New kinds may be added in any release.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The TOML could not be read: bad syntax, an unknown or missing key, a value
    /// of the wrong type. The message is the TOML reader's.
    #[error("{message}")]
    Toml {
        /// The reader's message, lowercase.
        message: String,
    },
    /// The CSV could not be read: bad quoting, a row with the wrong number of
    /// fields, text that is not UTF-8.
    #[error("{message}")]
    Csv {
        /// What the reader found.
        message: String,
    },
    /// An amount written as a TOML number instead of a quoted decimal string.
    #[error("amounts are quoted decimal strings, found the {found} {}: {}", excerpt(.value), match suggestion {
        Some(text) => format!("write {}", quote(text)),
        None => "write a decimal such as \"1234.5\"".to_owned(),
    })]
    NotQuoted {
        /// The TOML type found: `float`, `integer`, …
        found: &'static str,
        /// The value as written.
        value: String,
        /// The same number as a decimal string, when it has one (`1e3` is
        /// `"1000"`; `inf` has none).
        suggestion: Option<String>,
    },
    /// A value of the wrong TOML type where text was expected.
    #[error("expected {expected}, found the {found} {}", excerpt(.value))]
    WrongType {
        /// What the field takes.
        expected: &'static str,
        /// The TOML type found.
        found: &'static str,
        /// The value as written.
        value: String,
    },
    /// Text that is not a plain decimal number (`-`, digits, an optional `.` and
    /// digits).
    #[error(
        "{} is not a decimal number: write digits with an optional leading '-' and '.', such as \"-1234.5\" (no spaces, '+', ',' or exponent)",
        quote(.value)
    )]
    NotDecimal {
        /// The text found.
        value: String,
    },
    /// A decimal with more significant digits than exact arithmetic holds (28).
    #[error("{} has more digits than an exact decimal can hold (at most 28 significant digits)", quote(.value))]
    TooPrecise {
        /// The text found.
        value: String,
    },
    /// Text that is not a whole number.
    #[error("{} is not a whole number", quote(.value))]
    NotWholeNumber {
        /// The text found.
        value: String,
    },
    /// A whole number with more digits than the field takes (a headcount has
    /// at most nine).
    #[error("{} is above {limit}", quote(.value))]
    WholeNumberTooLarge {
        /// The text found.
        value: String,
        /// The largest value the field takes.
        limit: u32,
    },
    /// Text that is not a month `YYYY-MM`.
    #[error("{} is not a month: {reason}", quote(.value))]
    BadMonth {
        /// The text found.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A range whose end comes before its start.
    #[error("the end {end} comes before the start {start}")]
    EndBeforeStart {
        /// The start.
        start: Month,
        /// The end.
        end: Month,
    },
    /// A reference period that is not 12 months long.
    #[error("the reference period {range} is {months} months long; it must be 12, one of each calendar month")]
    ReferenceNotTwelveMonths {
        /// The period.
        range: MonthRange,
        /// Its length.
        months: u32,
    },
    /// A reference period that shares months with the term.
    #[error("the reference period {reference} overlaps the term {term}")]
    ReferenceOverlapsTerm {
        /// The reference period.
        reference: MonthRange,
        /// The term.
        term: MonthRange,
    },
    /// A measurement end month outside the term.
    #[error("the measurement end {end} is outside the term {term}")]
    MeasurementEndOutsideTerm {
        /// The end month given.
        end: Month,
        /// The term.
        term: MonthRange,
    },
    /// An unknown trend adjustment.
    #[error("{} is not a trend adjustment: write \"none\" or \"national-index\"", quote(.value))]
    UnknownTrend {
        /// The text found.
        value: String,
    },
    /// A share (outcome share or value share) outside 0 to 1.
    #[error("{value} is outside 0 to 1 (a share is a fraction: write 0.184 for 18.4 %)")]
    ShareOutOfRange {
        /// The value found.
        value: Decimal,
    },
    /// A cap multiple below 1.
    #[error("cap {value} is below 1")]
    CapBelowOne {
        /// The value found.
        value: Decimal,
    },
    /// An amount that must be above zero.
    #[error("{value} must be above zero")]
    NotPositive {
        /// The value found.
        value: Decimal,
    },
    /// An amount that must not be negative.
    #[error("{value} is negative")]
    Negative {
        /// The value found.
        value: Decimal,
    },
    /// A provider's contract value above the investment.
    #[error("contract value {value} is above the investment {investment}")]
    ContractValueAboveInvestment {
        /// The provider's contract value.
        value: Decimal,
        /// The investment.
        investment: Decimal,
    },
    /// Providers whose contract values together exceed the investment.
    #[error("the providers' contract values sum to {sum}, above the investment {investment}")]
    ContractValuesAboveInvestment {
        /// The sum of the contract values.
        sum: Decimal,
        /// The investment.
        investment: Decimal,
    },
    /// Providers whose value shares together exceed 1: they would be paid more
    /// than the value of the saved days.
    #[error("the providers' value shares sum to {sum}, above 1")]
    ValueSharesAboveOne {
        /// The sum of the shares in use (stated or derived).
        sum: Decimal,
    },
    /// A contract with no `[[provider]]`.
    #[error("a contract needs at least one [[provider]]")]
    NoProvider,
    /// Two providers with the same name, compared without case and without
    /// spaces at either end (`Aino Health`, `aino health ` are one name).
    #[error("provider {} is named twice{}", quote(.name), if name == first {
        format!(" (first on line {first_line})")
    } else {
        format!(": {} on line {first_line} is the same name (names are compared without case and spaces at either end)", quote(first))
    })]
    DuplicateProvider {
        /// The name, as written the second time.
        name: String,
        /// The name as written the first time.
        first: String,
        /// The line it was first written on.
        first_line: usize,
    },
    /// A provider with the funder's name (compared as provider names are),
    /// or named like the funder the contract gets when it names none: the
    /// ledgers of the two could not be told apart.
    #[error("provider {} {}", quote(.name), if *default_funder {
        format!("has the name the funder gets when the contract does not name it ({}): name the funder with funder = \"…\"", quote(funder))
    } else {
        format!("has the funder's name {} (names are compared without case and spaces at either end): the two ledgers could not be told apart", quote(funder))
    })]
    ProviderNamedLikeFunder {
        /// The provider's name.
        name: String,
        /// The funder's name.
        funder: String,
        /// Whether the funder's name is the default, `"funder"`, because the
        /// contract gives none.
        default_funder: bool,
    },
    /// Text with a control character (a line break, a tab, an escape) or a
    /// Unicode bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E,
    /// U+200F, U+061C), which could break a line or show the text in another
    /// order than it is read.
    #[error("{} holds U+{:04X}, {}; write it without", quote(.value), u32::from(*character), if is_bidi_control(*character) {
        "a bidirectional control, which can show text in another order than it is read"
    } else {
        "a control character"
    })]
    UnsafeCharacter {
        /// The text found.
        value: String,
        /// The first character refused.
        character: char,
    },
    /// An input larger than the engine reads.
    #[error("the {what} is {bytes} bytes, above the limit of {limit} bytes")]
    TooLarge {
        /// What: `contract`, …
        what: &'static str,
        /// Its size.
        bytes: usize,
        /// The most the engine reads.
        limit: usize,
    },
    /// A CSV line longer than the engine reads.
    #[error("the line is {bytes} bytes long, above the limit of {limit} bytes")]
    LineTooLong {
        /// The line's length.
        bytes: usize,
        /// The longest line read.
        limit: usize,
    },
    /// A CSV field longer than the engine reads.
    #[error("the field is {bytes} bytes long, above the limit of {limit} bytes: {}", quote(.value))]
    FieldTooLong {
        /// The field's text.
        value: String,
        /// Its length.
        bytes: usize,
        /// The longest field read.
        limit: usize,
    },
    /// Text that may not be empty, or a currency that is not three capital letters.
    #[error("{} is not {expected}", quote(.value))]
    BadText {
        /// The text found.
        value: String,
        /// What was expected.
        expected: &'static str,
    },
    /// A CSV header that lacks a column.
    #[error("the header has no column {} (expected columns: {expected})", quote(.column))]
    MissingColumn {
        /// The missing column.
        column: &'static str,
        /// All the columns of the format.
        expected: &'static str,
    },
    /// A CSV header with a column the format does not have, or has twice.
    #[error("column {} is unknown or repeated (expected columns: {expected})", quote(.column))]
    UnknownColumn {
        /// The column found.
        column: String,
        /// All the columns of the format.
        expected: &'static str,
    },
    /// A CSV file with no header line.
    #[error("the file is empty: it needs the header line {expected}")]
    Empty {
        /// The header the format needs.
        expected: &'static str,
    },
    /// A month given twice in a series.
    #[error("month {month} appears twice (first on line {first_line})")]
    DuplicateMonth {
        /// The month.
        month: Month,
        /// The line it first appeared on.
        first_line: usize,
    },
    /// A month that a calculation needs and the series lacks.
    #[error("month {month} is missing; it is needed as {needed_as}")]
    MissingMonth {
        /// The month.
        month: Month,
        /// Why it is needed: `a month of the measured window`, …
        needed_as: String,
    },
    /// A month that a trend adjustment needs and the national index lacks.
    #[error("month {month} is missing from the national index; it is needed as {needed_as}")]
    MissingIndexMonth {
        /// The month.
        month: Month,
        /// Why it is needed.
        needed_as: String,
    },
    /// A month whose headcount is zero, so no per-employee figure exists.
    #[error("month {month} has headcount 0; days per employee cannot be computed")]
    ZeroHeadcount {
        /// The month.
        month: Month,
    },
    /// A stated average headcount of zero.
    #[error("the average headcount is 0; days per employee cannot be computed")]
    ZeroAverageHeadcount,
    /// A national index value that is zero or negative.
    #[error("month {month} has index {value}; the national index must be above zero")]
    NonPositiveIndex {
        /// The month.
        month: Month,
        /// The value found.
        value: Decimal,
    },
    /// The contract asks for trend adjustment and no national index was given.
    #[error("the contract sets trend = \"national-index\", so a national index file is needed")]
    IndexRequired,
    /// A national index was given to a contract that does not use one.
    #[error(
        "a national index was given, but the contract sets trend = \"none\"; set trend = \"national-index\" in [measurement] or leave the index out"
    )]
    IndexNotUsed,
    /// A figure outside the range of exact decimal arithmetic (about ±7.9·10²⁸).
    #[error("arithmetic overflow computing {figure}: the amounts are beyond exact decimal range")]
    Overflow {
        /// The figure being computed.
        figure: String,
    },
    /// A division whose divisor is zero. Inputs that would divide by zero
    /// have kinds of their own ([`ErrorKind::ZeroHeadcount`], …); this one is
    /// left for a divisor that is a product of amounts so small that it rounds
    /// to zero at [`FIGURE_DP`](crate::FIGURE_DP) places.
    #[error(
        "division by zero computing {figure}: its divisor is 0 at {} decimal places; an amount, day value or index this small cannot be computed with exactly, so write it in a larger unit",
        crate::FIGURE_DP
    )]
    DivisionByZero {
        /// The figure being computed.
        figure: String,
    },
    /// An outcome settled under a contract whose measured window is not the
    /// one the outcome was measured over: measured under another contract, or
    /// the same contract as of another month.
    #[error(
        "the outcome was measured over {measured}, but the contract measures {expected}: measure the outcome under the contract that settles it, as of the same month"
    )]
    WindowMismatch {
        /// The window the outcome was measured over.
        measured: MonthRange,
        /// The contract's measured window.
        expected: MonthRange,
    },
    /// A what-if step so small that the sensitivity table would have more
    /// rows than it may.
    #[error("step {step} gives more than {limit} rows up to {top} days per employee: choose a larger step")]
    TooManySteps {
        /// The step given.
        step: Decimal,
        /// The table's last row, 1.25 times the highest threshold.
        top: Decimal,
        /// The most rows a table may have.
        limit: u32,
    },
    /// A `[schedule]` that is not `every = "month" | "quarter" | "year"` or
    /// `months = [...]`.
    #[error(
        "{} is not a schedule: write every = \"month\", \"quarter\" or \"year\", or months = [\"YYYY-MM\", ...]",
        quote(.value)
    )]
    BadSchedule {
        /// What was found.
        value: String,
    },
    /// A `[schedule]` with both `every` and `months`, or neither.
    #[error(
        "give either every = \"month\", \"quarter\" or \"year\", or months = [\"YYYY-MM\", ...]; not both, not neither"
    )]
    ScheduleEveryOrMonths,
    /// An unknown rule for negative true-ups.
    #[error("{} is not a rule for negative true-ups: write \"carry-forward\" or \"claw-back\"", quote(.value))]
    BadNegative {
        /// What was found.
        value: String,
    },
    /// A settlement month outside the term.
    #[error("settlement month {month} is outside the term {term}")]
    ScheduleOutsideTerm {
        /// The month.
        month: Month,
        /// The term.
        term: MonthRange,
    },
    /// An amendment agreed outside the term it amends.
    #[error("the amendment is agreed in {month}, outside the term {term}")]
    AmendmentOutsideTerm {
        /// The month agreed.
        month: Month,
        /// The term.
        term: MonthRange,
    },
    /// An extension that does not extend.
    #[error("term_end {end} does not extend the term {term}")]
    TermNotExtended {
        /// The new end.
        end: Month,
        /// The term.
        term: MonthRange,
    },
    /// An amendment missing a field that goes with another.
    #[error("{needs}")]
    IncompleteAmendment {
        /// What is missing.
        needs: &'static str,
    },
    /// An amendment for a provider the contract does not have.
    #[error("there is no provider {} in the contract", quote(.name))]
    UnknownProvider {
        /// The name given.
        name: String,
    },
    /// An amendment that changes nothing.
    #[error("an amendment needs measurement_end, term_end, day_value or value_share")]
    EmptyAmendment,
    /// Two amendments agreed in the same month setting the same term.
    #[error("two amendments agreed in {agreed} set the same term; say in one which holds")]
    OverlappingAmendments {
        /// The month both were agreed.
        agreed: Month,
    },
    /// A statement asked for as of a month before the term.
    #[error("{month} is before the term {term}")]
    AsOfOutsideTerm {
        /// The month asked for.
        month: Month,
        /// The term.
        term: MonthRange,
    },
    /// A source given for a key that names no term.
    #[error("there is no term {} to give a source for (the terms are {terms})", quote(.key))]
    UnknownSourceKey {
        /// The key found.
        key: String,
        /// The keys the table takes.
        terms: String,
    },
    /// A term given two sources (a quoted dotted key and a nested one).
    #[error("{key} has two sources; give one")]
    SourceGivenTwice {
        /// The term's key.
        key: String,
    },
    /// A source for a term the contract does not set.
    #[error("the contract does not set {key}, so it cannot have a source")]
    SourceForUnsetTerm {
        /// The term's key.
        key: String,
    },
    /// A statement line asked for that the statement does not have.
    #[error("the statement has no line {}", quote(.id))]
    NoSuchLine {
        /// The line id asked for.
        id: String,
    },
}
