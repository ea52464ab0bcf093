//! Reading a file of sick-leave periods (`docs/formats.md`, *Sick-leave
//! periods*): `employee_id,from,to,extent[,department,sex]`, one row per
//! period, into compact [`Period`]s, each checked against the headcount
//! months and groups of every month it covers. The extent is read apart from
//! the splitting ([`parse_extent`]); `expand` turns periods into days.

use std::io::Read;

use crate::columns::{Columns, Format};
use crate::encoding::Decoded;
use crate::fields::{Splitter, format_day, parse_date};
use crate::lines::{Flow, Lines};
use crate::months::{MonthCheck, month_of_day};
use crate::options::{AbsenceFormat, CsvForm, Options};
use crate::records::{RecordReader, interrupted};
use crate::{Error, ErrorKind, Excerpt, Headcount};

/// An extent of 100 %: extents are held in millionths.
pub(crate) const WHOLE: u32 = 1_000_000;

/// One period, compact (32 bytes): the employee's key (as records are
/// keyed), its first and last day numbers, its extent in millionths, its
/// group indices and its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Period {
    pub key: u64,
    pub line: u64,
    pub from: i32,
    pub to: i32,
    pub extent: u32,
    pub department: u8,
    pub sex: u8,
    /// The register's employment of `from` (`NO_EMPLOYMENT` without one).
    pub employment: u32,
}

/// An extent of sick leave as millionths of the scheduled hours: a fraction
/// above 0 and at most 1 with up to six decimals (`0.5`, `1`), or a
/// percentage above 0 and at most 100 with up to four decimals and a `%`,
/// spaces before it allowed (`50 %`, `12.5%`). With `decimal_comma` a comma
/// may stand for the point (`0,5`, `12,5 %`). Nothing is rounded.
///
/// # Errors
/// [`ErrorKind::BadExtent`]: not a number, 0, a bare number above 1, a
/// percentage above 100, too many decimals.
pub(crate) fn parse_extent(bytes: &[u8], decimal_comma: bool) -> Result<u32, Error> {
    let bad = |reason| {
        Error::new(ErrorKind::BadExtent {
            value: Excerpt::of(bytes),
            reason,
        })
    };
    let (number, percent) = match bytes.strip_suffix(b"%") {
        Some(number) => (number.trim_ascii_end(), true),
        None => (bytes, false),
    };
    let point = number.iter().position(|&b| b == b'.' || (decimal_comma && b == b','));
    let (whole, fraction) = match point {
        Some(at) => (number.get(..at).unwrap_or_default(), number.get(at + 1..)),
        None => (number, None),
    };
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return Err(bad(if decimal_comma {
            "is not an extent (write a fraction such as 0,5 or a percentage such as 50 %)"
        } else {
            "is not an extent (write a fraction such as 0.5 or a percentage such as 50 %)"
        }));
    }
    let fraction = fraction.unwrap_or_default();
    let (places, above) = if percent {
        (4, "is above 100 %")
    } else {
        (
            6,
            "is above 1; a fraction is at most 1, and a percentage is written with %, such as 50 %",
        )
    };
    let whole = match whole.iter().position(|&b| b != b'0') {
        Some(at) => whole.get(at..).unwrap_or_default(),
        None => &b""[..],
    };
    if whole.len() > 3 {
        return Err(bad(above));
    }
    if fraction.len() > places {
        return Err(bad(if percent {
            "has more than four decimals; an extent is exact to a millionth"
        } else {
            "has more than six decimals; an extent is exact to a millionth"
        }));
    }
    let value = |s: &[u8]| s.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    let scale = |n: usize| 10u64.pow(u32::try_from(n).unwrap_or(0));
    let millionths = value(whole) * scale(places) + value(fraction) * scale(places - fraction.len());
    match u32::try_from(millionths) {
        Ok(0) => Err(bad("is 0; a period of sick leave has an extent above 0")),
        Ok(m) if m <= WHOLE => Ok(m),
        _ => Err(bad(above)),
    }
}

/// Whether an absence file holds periods: as [`Options::absence_format`]
/// says, or when it says [`AbsenceFormat::Detect`], as
/// [`AbsenceFormat::detect`] finds.
///
/// # Errors
/// [`ErrorKind::Io`], a line too long.
pub(crate) fn holds_periods(input: impl Read, options: &Options) -> Result<bool, Error> {
    match options.absence_format {
        AbsenceFormat::Daily => Ok(false),
        AbsenceFormat::Periods => Ok(true),
        AbsenceFormat::Detect => Ok(AbsenceFormat::detect_as(input, &options.input)? == AbsenceFormat::Periods),
    }
}

/// Opens the absence file's first line to see whether it holds periods
/// ([`holds_periods`]); gives the answer and the input as if unread.
///
/// # Errors
/// [`ErrorKind::Io`], a line too long.
pub(crate) fn peek<R: Read>(mut input: R, options: &Options) -> Result<(bool, impl Read + use<R>), Error> {
    let mut start = Vec::new();
    if options.absence_format == AbsenceFormat::Detect {
        // The header, whole: up to a line end, or past the longest line.
        let mut chunk = [0u8; 4096];
        loop {
            let n = input.read(&mut chunk)?;
            start.extend_from_slice(chunk.get(..n).unwrap_or_default());
            let ended = memchr::memchr2(b'\n', b'\r', &start).is_some();
            if n == 0 || ended || start.len() > crate::lines::MAX_LINE {
                break;
            }
        }
    }
    let periods = holds_periods(start.as_slice(), options)?;
    Ok((periods, std::io::Cursor::new(start).chain(input)))
}

/// The names of a header line's columns, split as a row at its separator
/// (the one given, else the one found; a comma when none is found).
pub(crate) fn header_names(line: &[u8], form: &CsvForm) -> Vec<Vec<u8>> {
    let delimiter = form.resolve(line).map_or(b',', |d| d.byte());
    let mut splitter = Splitter::new(delimiter);
    if splitter.split(line).is_err() {
        return Vec::new();
    }
    (0..splitter.len()).map(|i| splitter.get(line, i).to_vec()).collect()
}

impl AbsenceFormat {
    /// What an absence file holds, by its header: [`AbsenceFormat::Periods`]
    /// when it has a column `from`, `to` or `extent` and none `date` (so that
    /// a period file with a misspelt column is told what a period file
    /// needs), else [`AbsenceFormat::Daily`]. Only the first line is read.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when reading fails, [`ErrorKind::LineTooLong`].
    ///
    /// # Example
    /// ```
    /// use utfall_absence::AbsenceFormat;
    /// let periods = "extent,to,from,employee_id\n";
    /// assert_eq!(AbsenceFormat::detect(periods.as_bytes())?, AbsenceFormat::Periods);
    /// # Ok::<(), utfall_absence::Error>(())
    /// ```
    pub fn detect(input: impl Read) -> Result<Self, Error> {
        Self::detect_as(input, &CsvForm::default())
    }

    /// As [`AbsenceFormat::detect`], for a file written in `form`: its
    /// encoding, its separator, and its names for our columns.
    ///
    /// # Errors
    /// As [`AbsenceFormat::detect`].
    pub fn detect_as(input: impl Read, form: &CsvForm) -> Result<Self, Error> {
        let mut found = Self::Daily;
        Lines::new(Decoded::new(input, form.encoding)).for_each(
            |_| Ok(()),
            |_, line| {
                let names = header_names(line, form);
                let has = |column: &str| names.iter().any(|n| n == form.columns.file_name(column).as_bytes());
                if !has("date") && (has("from") || has("to") || has("extent")) {
                    found = Self::Periods;
                }
                Ok(Flow::Stop)
            },
        )?;
        Ok(found)
    }
}

/// Reads periods; keeps the ids and groups in a [`RecordReader`] for the
/// report.
pub(crate) struct PeriodReader<'a> {
    pub records: RecordReader,
    headcount: &'a Headcount,
    pub months: &'a MonthCheck,
    /// The last day of an open period.
    open_end: i32,
    /// Why it is the last, for a message.
    open_end_text: String,
}

impl<'a> PeriodReader<'a> {
    pub(crate) fn new(options: &Options, headcount: &'a Headcount, months: &'a MonthCheck) -> Self {
        let last_month = months.month_at(i32::try_from(months.span()).unwrap_or(1) - 1);
        let last_day = crate::months::first_day(last_month)
            .and_then(month_of_day)
            .map(|(_, days)| *days.end());
        let (open_end, open_end_text) = match (options.until.map(|d| chrono::Datelike::num_days_from_ce(&d)), last_day)
        {
            (Some(until), _) => (until, format!("on {} (open, so at --until)", format_day(until))),
            (None, Some(day)) => (
                day,
                format!(
                    "on {} (open, so at the end of the last headcount month)",
                    format_day(day)
                ),
            ),
            (None, None) => (i32::MAX, "never".to_owned()),
        };
        Self {
            records: RecordReader::new(options),
            headcount,
            months,
            open_end,
            open_end_text,
        }
    }

    /// A reader of the same file afresh, with no ids or groups read yet.
    pub(crate) fn again(&self, options: &Options) -> Self {
        Self::new(options, self.headcount, self.months)
    }

    /// Reads every period of `input` in file order, calling `progress` with
    /// the bytes read so far now and then.
    pub(crate) fn scan(
        &mut self,
        input: impl Read,
        options: &Options,
        progress: &mut dyn FnMut(u64),
        mut each: impl FnMut(Period, &RecordReader) -> Result<Flow, Error>,
    ) -> Result<(), Error> {
        let mut lines = Lines::new(Decoded::new(input, options.input.encoding));
        let mut columns = None;
        let mut splitter = Splitter::default();
        let mut decimal_comma = false;
        let interrupt = options.interrupt.as_deref();
        let mut refilled = |done| {
            progress(done);
            interrupted(interrupt)
        };
        lines.for_each(&mut refilled, |number, line| match &columns {
            None => {
                let delimiter = options.input.resolve(line)?;
                splitter = Splitter::new(delimiter.byte());
                decimal_comma = delimiter.decimal_comma();
                let read = Columns::read(&mut splitter, line, &Format::PERIODS, &options.input.columns)?;
                let (department, sex) = (read.place(4).is_some(), read.place(5).is_some());
                self.records.use_groups(department, sex, self.headcount, self.months);
                columns = Some(read);
                Ok(Flow::Continue)
            }
            Some(_) if line.is_empty() => Ok(Flow::Continue),
            Some(columns) => {
                let period = self.period(line, number, columns, &mut splitter, decimal_comma);
                each(period.map_err(|e| e.at_line(number))?, &self.records)
            }
        })?;
        progress(lines.position());
        if columns.is_none() {
            return Err(Error::new(crate::CsvErrorKind::Empty {
                expected: Format::PERIODS.expected,
            })
            .at_line(1));
        }
        Ok(())
    }

    fn period(
        &mut self,
        line: &[u8],
        number: u64,
        columns: &Columns<6>,
        splitter: &mut Splitter,
        decimal_comma: bool,
    ) -> Result<Period, Error> {
        columns.split(splitter, line)?;
        let field = |i: usize| columns.place(i).map_or(&b""[..], |at| splitter.get(line, at));
        let key = self
            .records
            .key(field(0), number)
            .map_err(|e| e.at_field("employee_id"))?;
        let (from, _) = parse_date(field(1)).map_err(|e| e.at_field("from"))?;
        let to = match field(2) {
            b"" => self.open_end,
            text => parse_date(text).map_err(|e| e.at_field("to"))?.0,
        };
        if to < from {
            let to = match field(2) {
                b"" => self.open_end_text.clone(),
                _ => format!("on {}", format_day(to)),
            };
            let from = format_day(from);
            return Err(Error::new(ErrorKind::PeriodEndsBeforeStart { from, to }).at_field("to"));
        }
        let employment = match self.records.register() {
            Some(register) => register.check_days(field(0), key, from, to, self.records.ids(), &mut 0, |day| {
                if day == from { "from" } else { "to" }
            })?,
            None => crate::register::NO_EMPLOYMENT,
        };
        let extent = parse_extent(field(3), decimal_comma).map_err(|e| e.at_field("extent"))?;
        let group = |i: usize, sex: bool| match columns.place(i) {
            Some(at) => self.records.group_index(sex, splitter.get(line, at)),
            None => Ok(0),
        };
        let (department, sex) = (group(4, false)?, group(5, true)?);
        self.check_months(from, to, department, sex)?;
        Ok(Period {
            key,
            line: number,
            from,
            to,
            extent,
            department,
            sex,
            employment,
        })
    }

    /// Checks that every month the period covers has headcount (or is
    /// history), and its group too.
    fn check_months(&self, from: i32, to: i32, department: u8, sex: u8) -> Result<(), Error> {
        let mut day = from;
        while day <= to {
            let Some((month, days)) = month_of_day(day) else {
                return Ok(());
            };
            let field = if day == from { "from" } else { "to" };
            let offset = self
                .months
                .check(format_day(day).as_bytes(), month)
                .map_err(|e| e.at_field(field))?;
            self.records
                .check_group(offset, department, sex, self.months)
                .map_err(|e| e.at_field(field))?;
            // History months need no check of their own: go to the first month.
            day = if offset < 0 {
                crate::months::first_day(self.months.first).unwrap_or(i32::MAX)
            } else {
                days.end().saturating_add(1)
            };
            if day == i32::MAX {
                break;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extents() {
        for (text, comma, millionths) in [
            ("1", false, WHOLE),
            ("0.5", false, 500_000),
            ("0.25", false, 250_000),
            ("0.333333", false, 333_333),
            ("1.0", false, WHOLE),
            ("00.5", false, 500_000),
            (".5", false, 0),
            ("50 %", false, 500_000),
            ("50%", false, 500_000),
            ("12.5 %", false, 125_000),
            ("100 %", false, WHOLE),
            ("33.3333 %", false, 333_333),
            ("0,5", true, 500_000),
            ("12,5 %", true, 125_000),
        ] {
            let got = parse_extent(text.as_bytes(), comma);
            if millionths == 0 {
                assert!(got.is_err(), "{text}");
            } else {
                assert_eq!(got.unwrap(), millionths, "{text}");
            }
        }
        for (text, message) in [
            ("0", "\"0\" is 0; a period of sick leave has an extent above 0"),
            ("0 %", "\"0 %\" is 0; a period of sick leave has an extent above 0"),
            (
                "1.5",
                "\"1.5\" is above 1; a fraction is at most 1, and a percentage is written with %, such as 50 %",
            ),
            (
                "50",
                "\"50\" is above 1; a fraction is at most 1, and a percentage is written with %, such as 50 %",
            ),
            ("150 %", "\"150 %\" is above 100 %"),
            ("100000 %", "\"100000 %\" is above 100 %"),
            (
                "0,5",
                "\"0,5\" is not an extent (write a fraction such as 0.5 or a percentage such as 50 %)",
            ),
            (
                "-0.5",
                "\"-0.5\" is not an extent (write a fraction such as 0.5 or a percentage such as 50 %)",
            ),
            (
                "0.1234567",
                "\"0.1234567\" has more than six decimals; an extent is exact to a millionth",
            ),
            (
                "",
                "\"\" is not an extent (write a fraction such as 0.5 or a percentage such as 50 %)",
            ),
            (
                "%",
                "\"%\" is not an extent (write a fraction such as 0.5 or a percentage such as 50 %)",
            ),
        ] {
            assert_eq!(
                parse_extent(text.as_bytes(), false).unwrap_err().to_string(),
                message,
                "{text}"
            );
        }
    }
}
