//! The one error type of this crate: what went wrong and where (file, line,
//! field). The wrapper that keeps the location, the way a value is quoted
//! ([`Excerpt`]) and what can be wrong with a CSV file as CSV
//! ([`CsvErrorKind`]) are the engine's, shared with its CSV readers; the
//! kinds here are what only absence data can get wrong.

pub use utfall_engine::{CsvErrorKind, Excerpt};
use utfall_engine::{Located, Month};

/// An error from reading absence records or headcount, or from measuring:
/// what went wrong ([`ErrorKind`]) and where ([`Location`](crate::Location):
/// file, line, field), the engine's [`Located`] of this crate's kinds.
///
/// Its message is one lowercase line naming the line and field and quoting the
/// bad value: `absence.csv:12: field hours: "25" is above 24`. The readers know
/// the line and field; the caller adds the file name with
/// [`in_file`](Located::in_file).
///
/// # Example
/// ```
/// use utfall_absence::{CsvErrorKind, ErrorKind, Headcount};
/// let err = Headcount::from_csv_str("month,employees\n2020-01,ten\n").unwrap_err().in_file("headcount.csv");
/// assert_eq!(err.to_string(), "headcount.csv:2: field employees: \"ten\" is not a whole number");
/// let ErrorKind::Csv(CsvErrorKind::NotWholeNumber { value }) = err.kind() else { panic!() };
/// assert_eq!(value.text(), "ten");
///
/// let err = Headcount::from_csv_str("").unwrap_err().in_file("h.csv");
/// assert!(err.to_string().starts_with("h.csv:1: "));
/// ```
pub type Error = Located<ErrorKind>;

/// What went wrong. New kinds may be added in any release.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading failed.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// What is wrong with a CSV file as CSV, whatever it holds: no header,
    /// a missing or unknown column, a malformed row or a wrong number of
    /// fields, a headcount that is not a whole number. The message is the
    /// [`CsvErrorKind`]'s.
    #[error(transparent)]
    Csv(#[from] CsvErrorKind),
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
    /// An extent of sick leave (a period's `extent`) that cannot be read or
    /// is out of range: a fraction above 0 and at most 1, or a percentage
    /// with `%` above 0 and at most 100.
    #[error("{value} {reason}")]
    BadExtent {
        /// The text found.
        value: Excerpt,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A sick-leave period that ends before it starts.
    #[error("the period ends {to}, before it starts on {from}")]
    PeriodEndsBeforeStart {
        /// The first date.
        from: String,
        /// The last date, and why it is the last when the period is open.
        to: String,
    },
    /// Overlapping sick-leave periods of one employee whose extents sum
    /// above 100 % on a date.
    #[error(
        "employee {employee}'s periods on line {line} and line {other_line} overlap on {date}, where the extents \
         sum to {percent} %, above 100 %"
    )]
    PeriodsOverlap {
        /// The employee id.
        employee: String,
        /// The later period's line.
        line: u64,
        /// The line of a period it overlaps.
        other_line: u64,
        /// The first date the sum is above 100 %.
        date: String,
        /// The sum, in percent.
        percent: String,
    },
    /// Overlapping sick-leave periods of one employee in different groups
    /// (department or sex): the shared dates would belong to two.
    #[error(
        "employee {employee}'s periods on line {line} and line {other_line} overlap on {date} but give different \
         departments or sexes"
    )]
    PeriodGroupsDiffer {
        /// The employee id.
        employee: String,
        /// The later period's line.
        line: u64,
        /// The line of the period it overlaps.
        other_line: u64,
        /// The first shared date.
        date: String,
    },
    /// A file of sick-leave periods measured without schedules.
    #[error(
        "a file of sick-leave periods needs the employees' working hours: give a schedule file \
         (--schedule FILE) or default hours (--hours-per-day 8 --workdays mon-fri)"
    )]
    NoScheduleGiven,
    /// An employee of the period file whom the schedule file does not have.
    #[error("employee {employee} has no rows in the schedule file")]
    NoSchedule {
        /// The employee id.
        employee: String,
    },
    /// A sick date outside every validity of the employee's schedule.
    #[error("{date} is outside every validity of employee {employee}'s schedule in the schedule file")]
    OutsideSchedule {
        /// The employee id.
        employee: String,
        /// The date.
        date: String,
    },
    /// Two schedule rows of one employee valid on the same date.
    #[error("employee {employee}'s schedule rows on line {line} and line {other_line} are both valid on {date}")]
    ScheduleOverlap {
        /// The employee id.
        employee: String,
        /// The later row's line.
        line: u64,
        /// The earlier row's line.
        other_line: u64,
        /// The first date both cover.
        date: String,
    },
    /// An employee id of the period file written otherwise than in the
    /// schedule file, the same once surrounding spaces and leading zeros are
    /// set aside (with [`Ids::Normalised`](crate::Ids)).
    #[error(
        "employee id {id} and {other} on line {other_line} of the schedule file are the same once spaces and leading \
         zeros are set aside; write them alike, or measure them as written with --ids as-written"
    )]
    SameEmployeeInSchedule {
        /// The id as the period file writes it.
        id: Excerpt,
        /// The id as the schedule file writes it.
        other: Excerpt,
        /// Its line in the schedule file.
        other_line: u64,
    },
    /// A schedule file with no rows.
    #[error("the schedule file has no rows")]
    NoScheduleRows,
    /// An employment of the register that ends before it starts.
    #[error("the employment ends on {to}, before it starts on {from}")]
    EmploymentEndsBeforeStart {
        /// The first date.
        from: String,
        /// The last date.
        to: String,
    },
    /// Two employments of one employee in the register on the same date.
    #[error("employee {employee}'s employments on line {line} and line {other_line} overlap on {date}")]
    EmploymentOverlap {
        /// The employee id.
        employee: String,
        /// The later row's line.
        line: u64,
        /// The earlier row's line.
        other_line: u64,
        /// The first date both cover.
        date: String,
    },
    /// A birth year that is not four digits.
    #[error("{value} is not a birth year: write it in four digits")]
    BadBirthYear {
        /// The text found.
        value: Excerpt,
    },
    /// A register file with no rows.
    #[error("the register has no rows")]
    NoRegisterRows,
    /// An employee of the absence file whom the register does not have.
    #[error("employee {employee} is not in the register")]
    NotInRegister {
        /// The employee id.
        employee: String,
    },
    /// A sick date outside every employment of the employee in the register.
    #[error("{date} is outside employee {employee}'s employments in the register")]
    OutsideEmployment {
        /// The employee id.
        employee: String,
        /// The date.
        date: String,
    },
    /// An employee id of the absence file written otherwise than in the
    /// register, the same once surrounding spaces and leading zeros are set
    /// aside (with [`Ids::Normalised`](crate::Ids)).
    #[error(
        "employee id {id} and {other} on line {other_line} of the register are the same once spaces and leading \
         zeros are set aside; write them alike, or measure them as written with --ids as-written"
    )]
    SameEmployeeInRegister {
        /// The id as the absence file writes it.
        id: Excerpt,
        /// The id as the register writes it.
        other: Excerpt,
        /// Its line in the register.
        other_line: u64,
    },
    /// A register with no one employed in the months measured.
    #[error("no one in the register is employed from {first} to {last}")]
    NoneEmployed {
        /// The first month.
        first: Month,
        /// The last month.
        last: Month,
    },
    /// Cohort periods that cannot be read
    /// ([`CohortPeriods`](crate::CohortPeriods)).
    #[error("{value:?}: {reason}")]
    BadCohort {
        /// The text given.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A line of the treated file naming a workplace the register does not
    /// have.
    #[error("workplace {workplace:?}{} is not in the register", department.as_ref().map(|d| format!(" of department {d:?}")).unwrap_or_default())]
    UnknownWorkplace {
        /// The department, when the file names one.
        department: Option<String>,
        /// The workplace.
        workplace: String,
    },
    /// A treated workplace's `from` that is not a month.
    #[error("{value} is not a month YYYY-MM")]
    BadTreatedMonth {
        /// The text found.
        value: Excerpt,
    },
    /// One workplace on two lines of the treated file.
    #[error("workplace {workplace:?} is on line {other_line} already")]
    TreatedTwice {
        /// The workplace.
        workplace: String,
        /// The earlier line.
        other_line: u64,
    },
    /// A treated file's row with an empty workplace.
    #[error("the workplace is empty")]
    EmptyWorkplace,
    /// A treated file with a header and no rows.
    #[error("the treated-workplace file has no rows")]
    NoTreatedRows,
    /// Weekdays that cannot be read (`mon-fri`, `mon,tue,thu`).
    #[error("{value} {reason}")]
    BadWorkdays {
        /// The text found.
        value: Excerpt,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A measurement config that cannot be read: bad TOML, an unknown key, a
    /// value of the wrong type. The message is the TOML reader's.
    #[error("{message}")]
    Config {
        /// The reader's message, on one line.
        message: String,
    },
    /// A workbook that cannot be read, or a sheet that cannot be read as CSV.
    #[error("cannot read the workbook: {message}")]
    Workbook {
        /// What is wrong, lowercase.
        message: String,
    },
    /// A sheet the workbook does not have.
    #[error("the workbook has no sheet {name} (its sheets: {sheets})")]
    UnknownSheet {
        /// The sheet asked for.
        name: Excerpt,
        /// Its sheets, quoted.
        sheets: String,
    },
    /// A cell of a workbook that cannot be read as text: an error value, a
    /// line break.
    #[error("cell {cell} {error}")]
    Cell {
        /// The cell, such as `C5`.
        cell: String,
        /// What it holds.
        error: String,
    },
    /// Text that names no encoding (`--encoding`, a measurement config).
    #[error("{value} is not an encoding: write utf-8 or windows-1252 (iso-8859-1 is read as windows-1252)")]
    UnknownEncoding {
        /// The text found.
        value: Excerpt,
    },
    /// A column mapping that names a column the format does not have.
    #[error("the column mapping names {column}, which {what} do not have (columns: {expected})")]
    UnknownMappedColumn {
        /// The name found.
        column: Excerpt,
        /// What the format holds: `absence records`.
        what: &'static str,
        /// The format's columns.
        expected: &'static str,
    },
    /// A column mapping that maps one column twice, or gives one name to two.
    #[error("the column mapping gives {name} twice")]
    MappedTwice {
        /// The column or name given twice.
        name: Excerpt,
    },
    /// A part of a column mapping without `=NAME`.
    #[error("the column mapping gives no name for {column}: write {}=NAME", column.text())]
    MappingWithoutName {
        /// Our column.
        column: Excerpt,
    },
    /// A header with a column that is none of the format's: most likely one
    /// of ours under the file's own name, which a mapping gives.
    #[error(
        "column {column} is none of {expected}; if it is one of them under another name, map it: {flag} OURS={column}"
    )]
    UnmappedColumn {
        /// The column found.
        column: Excerpt,
        /// The format's columns.
        expected: &'static str,
        /// The flag that maps names (`--columns`, `--headcount-columns`).
        flag: &'static str,
    },
    /// A header without the column a mapping names.
    #[error("the header has no column {name}, which the column mapping gives for {column}")]
    MappedColumnMissing {
        /// The file's name, as mapped.
        name: Excerpt,
        /// Our column.
        column: &'static str,
    },
}
