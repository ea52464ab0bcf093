//! How to measure: [`Options`], the comparison of employee ids, [`Ids`], and
//! how an input file is written, [`CsvForm`]. Plain settings, kept apart from
//! the code that reads them (the reader, the passes, the report) so that each
//! can take them without the others.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;

use crate::{FollowUpOptions, Register, Schedule};
use utfall_engine::{CsvDialect, Delimiter};

use crate::Error;
use crate::columns::Mapping;
use crate::encoding::{Decoded, Encoding};
use crate::lines::Lines;

#[cfg(doc)]
use crate::ErrorKind;

/// How to measure.
///
/// # Example
/// ```
/// use utfall_absence::Options;
/// let options = Options { history: true, ..Options::default() };
/// assert_eq!(options.sort_memory_rows, 1 << 24);
/// ```
#[derive(Clone, Debug)]
pub struct Options {
    /// Accept records before the first headcount month as history: they shape
    /// spells and the repeated-absence group but are not reported. Without it
    /// such a record is an error ([`ErrorKind::NoHeadcount`]).
    pub history: bool,
    /// Keep every spell and every flagged employee for the detail files.
    pub detail: bool,
    /// Rows held in memory to sort an input whose employees' records are not
    /// in date order (16 bytes a row); beyond, rows spill to temporary files
    /// split by employee. Default 16 Mi rows (256 MiB); `usize::MAX` never
    /// spills, and sorts every row in memory (the default on `wasm32`; on
    /// `wasm32-unknown-unknown`, which has no file system, rows never spill
    /// whatever this says).
    pub sort_memory_rows: usize,
    /// Whether records in date order are parsed on a thread of their own
    /// while the calling thread builds spells ([`Threads::Two`], the default),
    /// or both on the calling thread ([`Threads::One`], the default on
    /// `wasm32`; on `wasm32-unknown-unknown`, a browser's WebAssembly without
    /// threads, always). The results are the same.
    pub threads: Threads,
    /// The folder in which the temporary files of a spill get a private
    /// folder of their own (`utfall-spill-PID-RANDOM`, mode 0700, files 0600),
    /// removed when `measure` returns, whatever it returns. Default the
    /// system's temporary folder ([`std::env::temp_dir`], from `TMPDIR`). It
    /// must exist: it is never created.
    pub temp_dir: Option<std::path::PathBuf>,
    /// How employee ids are compared.
    pub ids: Ids,
    /// Set it (from a signal handler, another thread) to stop the measurement:
    /// `measure` looks at it at least once a batch of rows, in every phase, and
    /// returns [`ErrorKind::Interrupted`] after removing its temporary files.
    /// The library installs no signal handler.
    pub interrupt: Option<Arc<AtomicBool>>,
    /// The re-illness rule (`docs/method.md` §6.8): a spell whose first date
    /// is at most this many calendar days after the last date of the
    /// employee's previous spell continues that spell's day count, so its
    /// days fall in the band of the count and not from day 1 again. Spells
    /// still count one by one for the repeated-absence group. `Some(5)` is the
    /// sick-pay act's five days; `None` (the default) numbers every spell from
    /// day 1; 0 and 1 change nothing (a spell never starts the day after
    /// another ends).
    pub reillness_days: Option<u32>,
    /// Small groups are not shown (`docs/method.md` §6.9): a department or
    /// sex with fewer employees than this in a month has its figures of that
    /// month suppressed in the group tables (marked, never dropped), and so,
    /// where that one could be worked out from the total, has the next
    /// smallest of its kind. Totals are never suppressed. Default 11: groups
    /// of ten or fewer are hidden. 0 shows every figure, and the tables have
    /// the reference implementations' columns exactly.
    pub min_group: u32,
    /// Whether the absence file holds one row per sick date or sick-leave
    /// periods; by default its header decides.
    pub absence_format: AbsenceFormat,
    /// The working hours that turn a period's extent into hours per date
    /// (`docs/method.md` §6.10); required for a file of periods, unused for
    /// daily records.
    pub schedule: Option<Arc<Schedule>>,
    /// The last day of an open period (one with an empty `to`); by default
    /// the last day of the last month with headcount.
    pub until: Option<NaiveDate>,
    /// How the absence file is written: its separator, encoding and column
    /// names. Default: the separator found from the header line, UTF-8, the
    /// columns under their own names.
    pub input: CsvForm,
    /// The employee register (`docs/method.md` §6.11): when given, every sick
    /// date must be in an employment of its employee, and an employee the
    /// register lacks is an error, each naming the absence file's line.
    pub register: Option<Arc<Register>>,
    /// The follow-up tables' settings (`docs/method.md` §6.12), used with a
    /// register.
    pub follow_up: FollowUpOptions,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            history: false,
            detail: false,
            sort_memory_rows: if cfg!(target_arch = "wasm32") {
                usize::MAX
            } else {
                1 << 24
            },
            threads: Threads::default(),
            temp_dir: None,
            ids: Ids::default(),
            interrupt: None,
            reillness_days: None,
            min_group: 11,
            absence_format: AbsenceFormat::default(),
            schedule: None,
            until: None,
            input: CsvForm::default(),
            register: None,
            follow_up: FollowUpOptions::default(),
        }
    }
}

/// Options are equal when their settings are and they share the same
/// interrupt flag, if any.
impl PartialEq for Options {
    fn eq(&self, other: &Self) -> bool {
        let same_flag = match (&self.interrupt, &other.interrupt) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        self.history == other.history
            && self.detail == other.detail
            && self.sort_memory_rows == other.sort_memory_rows
            && self.threads == other.threads
            && self.temp_dir == other.temp_dir
            && self.ids == other.ids
            && self.reillness_days == other.reillness_days
            && self.min_group == other.min_group
            && self.input == other.input
            && same_flag
            && self.absence_format == other.absence_format
            && same_schedule(self.schedule.as_ref(), other.schedule.as_ref())
            && self.until == other.until
            && self.follow_up == other.follow_up
            && match (&self.register, &other.register) {
                (None, None) => true,
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                _ => false,
            }
    }
}

impl Eq for Options {}

/// How employee ids are compared (`docs/formats.md`, *Absence records*).
///
/// # Example
/// ```
/// use utfall_absence::{measure, measure_reader, Headcount, Ids, Options};
/// let headcount = Headcount::from_csv_str("month,employees\n2020-01,10\n")?;
/// let records = "employee_id,date,hours\n7,2020-01-02,8\n007,2020-01-03,8\n";
/// let err = measure_reader(records.as_bytes(), &headcount).unwrap_err();
/// assert!(err.to_string().starts_with("line 3: field employee_id: employee id \"007\" on line 3 and \"7\" on line 2 are the same"));
///
/// let as_written = Options { ids: Ids::AsWritten, ..Options::default() };
/// let m = measure(|| Ok(records.as_bytes()), &headcount, &as_written, &mut |_| {})?;
/// assert_eq!(m.summary().employees, 2);
/// # Ok::<(), utfall_absence::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Ids {
    /// Ids are compared as written, and two ids that are the same once
    /// surrounding spaces and leading zeros are set aside (`7`, ` 7`, `007`)
    /// but written differently are an error ([`ErrorKind::SameEmployee`]). An
    /// id of only zeros is its own (`0` and `00` differ), and an id of only
    /// spaces is an error ([`ErrorKind::BlankEmployee`]).
    #[default]
    Normalised,
    /// Ids are compared as written, without the check: `7`, ` 7` and `007`
    /// are three employees.
    AsWritten,
}

/// How many threads a measurement runs on ([`Options::threads`]).
///
/// # Example
/// ```
/// use utfall_absence::{measure, Headcount, Options, Threads};
/// let headcount = Headcount::from_csv_str("month,employees\n2020-01,10\n")?;
/// let records = "employee_id,date,hours\n7,2020-01-02,8\n7,2020-01-03,8\n";
/// // In memory and on this thread only: no temporary file, no thread.
/// let here = Options { threads: Threads::One, sort_memory_rows: usize::MAX, ..Options::default() };
/// let m = measure(|| Ok(records.as_bytes()), &headcount, &here, &mut |_| {})?;
/// assert_eq!(m.summary().spells, 1);
/// # Ok::<(), utfall_absence::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Threads {
    /// Everything on the calling thread.
    One,
    /// A reader thread parses records in date order while the calling
    /// thread tracks them.
    Two,
}

impl Default for Threads {
    /// [`Threads::Two`], or [`Threads::One`] on `wasm32`.
    fn default() -> Self {
        if cfg!(target_arch = "wasm32") {
            Self::One
        } else {
            Self::Two
        }
    }
}

/// Schedules are the same when both are absent or both are one.
fn same_schedule(a: Option<&Arc<Schedule>>, b: Option<&Arc<Schedule>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        _ => false,
    }
}

/// What an absence file holds (`docs/formats.md`, *Absence records* and
/// *Sick-leave periods*).
///
/// # Example
/// ```
/// use utfall_absence::AbsenceFormat;
/// let header = "employee_id,from,to,extent\n7,2020-01-02,,50 %\n";
/// assert_eq!(AbsenceFormat::detect(header.as_bytes())?, AbsenceFormat::Periods);
/// assert_eq!(AbsenceFormat::detect("employee_id,date,hours\n".as_bytes())?, AbsenceFormat::Daily);
/// # Ok::<(), utfall_absence::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AbsenceFormat {
    /// The header decides ([`AbsenceFormat::detect`]): a column `from`, `to`
    /// or `extent` and none `date` make it a file of periods, anything else
    /// one of daily records.
    #[default]
    Detect,
    /// One row per employee and sick date: `employee_id,date,hours`.
    Daily,
    /// One row per sick-leave period: `employee_id,from,to,extent`.
    Periods,
}

/// How a CSV input is written (`docs/formats.md`, *CSV inputs in general*):
/// its separator, its character encoding and the names of its columns.
///
/// # Example
/// ```
/// use utfall_absence::{CsvDialect, CsvForm, Delimiter, Encoding, Format, Headcount, Mapping};
/// let form = CsvForm {
///     encoding: Encoding::Windows1252,
///     columns: Mapping::parse("month=M\u{e5}nad,employees=Antal", &Format::HEADCOUNT)?,
///     ..CsvForm::default()
/// };
/// let file = b"M\xe5nad;Antal\n2020-01;12\n";
/// assert_eq!(form.delimiter(&file[..])?, Delimiter::Semicolon);
/// assert_eq!(form.describe(Delimiter::Semicolon), "';'-separated, decimal comma, Windows-1252, columns month=M\u{e5}nad,employees=Antal");
/// let h = Headcount::from_reader_as(&file[..], &form)?;
/// assert_eq!(h.total("2020-01".parse().unwrap()), Some(12));
/// # Ok::<(), utfall_absence::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CsvForm {
    /// The separator: given, or found from the header line.
    pub dialect: CsvDialect,
    /// The character encoding.
    pub encoding: Encoding,
    /// The names the file uses for our columns.
    pub columns: Mapping,
}

impl CsvForm {
    /// The separator of the file `reader` reads: the one given, or the one
    /// its header line has. Reads the first line only.
    ///
    /// # Errors
    /// [`CsvErrorKind::AmbiguousDelimiter`](crate::CsvErrorKind::AmbiguousDelimiter)
    /// at line 1, [`ErrorKind::LineTooLong`](crate::ErrorKind::LineTooLong),
    /// [`ErrorKind::Io`](crate::ErrorKind::Io).
    pub fn delimiter(&self, reader: impl Read) -> Result<Delimiter, Error> {
        if let Some(given) = self.dialect.delimiter {
            return Ok(given);
        }
        let mut lines = Lines::new(Decoded::new(reader, self.encoding));
        let header = lines.next_line()?.map(|line| line.text).unwrap_or_default();
        self.resolve(header)
    }

    /// The separator of a file whose header line is `header`.
    pub(crate) fn resolve(&self, header: &[u8]) -> Result<Delimiter, Error> {
        self.dialect.resolve(header).map_err(|e| Error::new(e).at_line(1))
    }

    /// How a file of this form separated by `delimiter` is read, in words:
    /// `';'-separated, decimal comma, Windows-1252`, and the columns mapped.
    pub fn describe(&self, delimiter: Delimiter) -> String {
        let mut text = format!("{delimiter}-separated");
        if delimiter.decimal_comma() {
            text.push_str(", decimal comma");
        }
        text.push_str(", ");
        text.push_str(self.encoding.name());
        if !self.columns.is_empty() {
            text.push_str(&format!(", columns {}", self.columns));
        }
        text
    }
}
