//! Employees' working hours for a file of sick-leave periods
//! (`docs/formats.md`, *Schedule*): a [`Schedule`] read from a schedule
//! file (hours per weekday per employee, with validity dates) or the default
//! hours of every employee ([`Schedule::default_hours`], public holidays
//! off), and the [`Workdays`] of the default.

use std::fmt;
use std::io::Read;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::columns::{Columns, Format, read_table};
use crate::fields::{Splitter, format_day, parse_date, parse_hours};
use crate::options::{CsvForm, Ids, Options};
use crate::records::RecordReader;
use crate::{Error, ErrorKind, Excerpt};

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// One row of a schedule file: an employee's hours per weekday (Monday
/// first, in centi-hours) from `from` to `to` (day numbers, inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub key: u64,
    pub from: i32,
    pub to: i32,
    pub hours: [u16; 7],
    pub line: u64,
}

/// The working hours of the employees of a file of sick-leave periods, which
/// turn a period's extent into hours per date (`docs/method.md` §6.10).
///
/// # Example
/// ```
/// use utfall_absence::{Ids, Schedule, Workdays};
///
/// let file = "employee_id,valid_from,valid_to,mon,tue,wed,thu,fri,sat,sun\n\
///             7,2020-01-01,,8,8,8,8,8,0,0\n";
/// let schedule = Schedule::from_csv_str(file, Ids::Normalised)?;
/// assert_eq!(schedule.rows(), 1);
///
/// let office = Schedule::default_hours("7.5".parse().unwrap(), "mon-fri".parse()?)?;
/// assert_eq!(office.rows(), 0);
/// # Ok::<(), utfall_absence::Error>(())
/// ```
pub struct Schedule {
    kind: Kind,
}

enum Kind {
    /// Every employee the same hours per weekday, public holidays off.
    Default([u16; 7]),
    /// Rows per employee, sorted by employee and start; the reader keeps
    /// the ids.
    File {
        entries: Vec<Entry>,
        ids: Box<RecordReader>,
    },
}

/// Where an employee's hours come from.
#[derive(Clone, Copy)]
pub(crate) enum Hours<'a> {
    /// The default hours per weekday, public holidays off.
    Default([u16; 7]),
    /// The employee's rows of the schedule file, by start.
    Rows(&'a [Entry]),
}

impl fmt::Debug for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Default(hours) => f.debug_tuple("Schedule::Default").field(hours).finish(),
            Kind::File { entries, .. } => f.debug_struct("Schedule::File").field("rows", &entries.len()).finish(),
        }
    }
}

impl Schedule {
    /// Reads a schedule file (`docs/formats.md`, *Schedule*); `ids` says how
    /// its employee ids are compared, as [`Options::ids`] does for the
    /// periods.
    ///
    /// # Errors
    /// As [`Schedule::from_reader`].
    ///
    /// # Example
    /// ```
    /// use utfall_absence::{Ids, Schedule};
    /// let file = "employee_id,valid_from,valid_to,mon,tue,wed,thu,fri,sat,sun\n\
    ///             7,2020-01-01,2020-06-30,8,8,8,8,8,0,0\n\
    ///             7,2020-06-01,,4,4,4,4,4,0,0\n";
    /// let err = Schedule::from_csv_str(file, Ids::Normalised).unwrap_err();
    /// assert_eq!(err.to_string(), "line 3: field valid_from: employee 7's schedule rows on line 3 and line 2 are both valid on 2020-06-01");
    /// ```
    pub fn from_csv_str(text: &str, ids: Ids) -> Result<Self, Error> {
        Self::from_reader(text.as_bytes(), ids)
    }

    /// Reads a schedule file from a reader.
    ///
    /// # Errors
    /// A missing or unknown column; a row with a bad id, date or hours (0 to
    /// 24, as in the absence records), with its line and field; a row valid
    /// until before it is valid from; two rows of one employee valid on the
    /// same date ([`ErrorKind::ScheduleOverlap`]); one id written in two ways
    /// ([`ErrorKind::SameEmployee`], with [`Ids::Normalised`]); no rows.
    ///
    /// # Example
    /// ```
    /// use utfall_absence::{Ids, Schedule};
    /// let file = "employee_id,valid_from,valid_to,mon,tue,wed,thu,fri,sat,sun\n7,,,8,8,8,8,8,0,0\n";
    /// assert_eq!(Schedule::from_reader(file.as_bytes(), Ids::AsWritten)?.rows(), 1);
    /// # Ok::<(), utfall_absence::Error>(())
    /// ```
    pub fn from_reader(reader: impl Read, ids: Ids) -> Result<Self, Error> {
        Self::from_reader_as(reader, ids, &CsvForm::default())
    }

    /// As [`Schedule::from_reader`], for a file written in `form`: its
    /// encoding, its separator (given or found; with `;` or tab, hours may
    /// have a decimal comma) and its names for our columns.
    ///
    /// # Errors
    /// As [`Schedule::from_reader`], and the header errors of
    /// [`CsvForm`].
    ///
    /// # Example
    /// ```
    /// use utfall_absence::{CsvForm, Ids, Schedule};
    /// let file = "employee_id;valid_from;valid_to;mon;tue;wed;thu;fri;sat;sun\n7;;;7,5;8;8;8;8;0;0\n";
    /// assert_eq!(Schedule::from_reader_as(file.as_bytes(), Ids::Normalised, &CsvForm::default())?.rows(), 1);
    /// # Ok::<(), utfall_absence::Error>(())
    /// ```
    pub fn from_reader_as(reader: impl Read, ids: Ids, form: &CsvForm) -> Result<Self, Error> {
        let mut records = RecordReader::new(&Options {
            ids,
            ..Options::default()
        });
        let mut entries = Vec::new();
        read_table(
            reader,
            form,
            &Format::SCHEDULE,
            |number, line, columns, splitter, delimiter| {
                entries.push(entry(
                    line,
                    number,
                    columns,
                    splitter,
                    &mut records,
                    delimiter.decimal_comma(),
                )?);
                Ok(())
            },
        )?;
        entries.sort_unstable_by_key(|e| (e.key, e.from, e.line));
        check(&entries, &records)?;
        Ok(Self {
            kind: Kind::File {
                entries,
                ids: Box::new(records),
            },
        })
    }

    /// The same hours on each workday for every employee, other days and
    /// Swedish public holidays off (with midsommarafton, julafton and
    /// nyårsafton; `docs/method.md` §6.10): `--hours-per-day 8 --workdays
    /// mon-fri`.
    ///
    /// # Errors
    /// [`ErrorKind::BadHours`] for hours not above 0 and at most 24, or with
    /// more than two decimals.
    ///
    /// # Example
    /// ```
    /// use utfall_absence::Schedule;
    /// let err = Schedule::default_hours("25".parse().unwrap(), "mon-fri".parse()?).unwrap_err();
    /// assert_eq!(err.to_string(), "\"25\" is above 24");
    /// # Ok::<(), utfall_absence::Error>(())
    /// ```
    pub fn default_hours(hours: Decimal, workdays: Workdays) -> Result<Self, Error> {
        let text = hours.normalize().to_string();
        let bad = |reason| {
            Error::new(ErrorKind::BadHours {
                value: Excerpt::of(text.as_bytes()),
                reason,
            })
        };
        let (centi, rounded) = parse_hours(text.as_bytes(), false)?;
        if rounded {
            return Err(bad("has more than two decimals; hours are whole hundredths"));
        }
        if centi == 0 {
            return Err(bad("is 0; a workday has hours above 0"));
        }
        let mut per_day = [0; 7];
        for (slot, works) in per_day.iter_mut().zip(workdays.0) {
            *slot = if works { centi } else { 0 };
        }
        Ok(Self {
            kind: Kind::Default(per_day),
        })
    }

    /// Rows of the schedule file (0 for default hours).
    pub fn rows(&self) -> usize {
        match &self.kind {
            Kind::Default(_) => 0,
            Kind::File { entries, .. } => entries.len(),
        }
    }

    /// The hours of the employee of `id` (as the period file writes it).
    ///
    /// # Errors
    /// [`ErrorKind::NoSchedule`], or with [`Ids::Normalised`]
    /// [`ErrorKind::SameEmployeeInSchedule`] for an id the schedule file
    /// writes otherwise.
    pub(crate) fn hours(&self, id: &[u8], ids: Ids) -> Result<Hours<'_>, Error> {
        let (entries, records) = match &self.kind {
            Kind::Default(hours) => return Ok(Hours::Default(*hours)),
            Kind::File { entries, ids } => (entries, ids),
        };
        let rows = |key: u64| {
            let from = entries.partition_point(|e| e.key < key);
            let to = entries.partition_point(|e| e.key <= key);
            entries.get(from..to).filter(|rows| !rows.is_empty())
        };
        if let Some(rows) = records.known_key(id).and_then(rows) {
            return Ok(Hours::Rows(rows));
        }
        let normalised = crate::fields::normalised_id(id);
        let other = records
            .known_key(normalised)
            .into_iter()
            .chain(records.alias(normalised))
            .find_map(|key| rows(key).and_then(|rows| rows.first()).map(|row| (key, row.line)));
        match other {
            Some((key, line)) if ids == Ids::Normalised && !normalised.is_empty() => {
                Err(Error::new(ErrorKind::SameEmployeeInSchedule {
                    id: Excerpt::of(id),
                    other: Excerpt::of(records.id_text(key).as_bytes()),
                    other_line: line,
                }))
            }
            _ => Err(Error::new(ErrorKind::NoSchedule {
                employee: crate::fields::text(id),
            })),
        }
    }
}

/// One row of a schedule file.
fn entry(
    line: &[u8],
    number: u64,
    columns: &Columns<10>,
    splitter: &mut Splitter,
    records: &mut RecordReader,
    decimal_comma: bool,
) -> Result<Entry, Error> {
    columns.split(splitter, line)?;
    let field = |i: usize| columns.place(i).map_or(&b""[..], |at| splitter.get(line, at));
    let key = records.key(field(0), number).map_err(|e| e.at_field("employee_id"))?;
    let date = |i: usize, open: i32| match field(i) {
        b"" => Ok(open),
        text => parse_date(text)
            .map(|(day, _)| day)
            .map_err(|e| e.at_field(Format::SCHEDULE.columns.get(i).map_or("", |c| c.name))),
    };
    let from = date(1, i32::MIN)?;
    let to = date(2, i32::MAX)?;
    if to < from {
        return Err(Error::new(ErrorKind::PeriodEndsBeforeStart {
            from: format_day(from),
            to: format!("on {}", format_day(to)),
        })
        .at_field("valid_to"));
    }
    let mut hours = [0; 7];
    for (i, (slot, name)) in hours.iter_mut().zip(DAYS).enumerate() {
        let (centi, _) = parse_hours(field(i + 3), decimal_comma).map_err(|e| e.at_field(name))?;
        *slot = centi;
    }
    Ok(Entry {
        key,
        from,
        to,
        hours,
        line: number,
    })
}

impl crate::dated::Dated for Entry {
    fn span(&self) -> (u64, i32, i32, u64) {
        (self.key, self.from, self.to, self.line)
    }
}

/// The checks across rows sorted by employee and start (`dated::check`).
fn check(rows: &[Entry], records: &RecordReader) -> Result<(), Error> {
    crate::dated::check(
        rows,
        records,
        ErrorKind::NoScheduleRows,
        |o| ErrorKind::ScheduleOverlap {
            employee: o.employee,
            line: o.line,
            other_line: o.other_line,
            date: o.date,
        },
        "valid_from",
    )
}

/// The days of the week an employee works under default hours, Monday
/// first: written `mon-fri`, `mon,tue,thu` or `mon-wed,sat` (also in
/// Swedish, `mån-fre`).
///
/// # Example
/// ```
/// use utfall_absence::Workdays;
/// let days: Workdays = "mon-wed,fri".parse()?;
/// assert_eq!(days.to_string(), "mon,tue,wed,fri");
/// assert!("fri-mon".parse::<Workdays>().is_err());
/// # Ok::<(), utfall_absence::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Workdays([bool; 7]);

impl Default for Workdays {
    /// Monday to Friday.
    fn default() -> Self {
        Self([true, true, true, true, true, false, false])
    }
}

impl FromStr for Workdays {
    type Err = Error;

    /// # Errors
    /// [`ErrorKind::BadWorkdays`].
    fn from_str(text: &str) -> Result<Self, Error> {
        const SWEDISH: [&str; 7] = ["mån", "tis", "ons", "tor", "fre", "lör", "sön"];
        let bad = |reason| {
            Error::new(ErrorKind::BadWorkdays {
                value: Excerpt::of(text.as_bytes()),
                reason,
            })
        };
        let day = |name: &str| {
            let name = name.trim().to_lowercase();
            DAYS.iter()
                .position(|d| *d == name)
                .or_else(|| SWEDISH.iter().position(|d| *d == name))
                .ok_or_else(|| bad("names a day other than mon, tue, wed, thu, fri, sat, sun"))
        };
        let mut days = [false; 7];
        for part in text.split(',') {
            let (first, last) = match part.split_once('-') {
                Some((first, last)) => (day(first)?, day(last)?),
                None => (day(part)?, day(part)?),
            };
            if last < first {
                return Err(bad(
                    "has a range that ends before it starts (write mon-fri, or sat,sun)",
                ));
            }
            for slot in days.iter_mut().take(last + 1).skip(first) {
                *slot = true;
            }
        }
        Ok(Self(days))
    }
}

impl fmt::Display for Workdays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = DAYS.iter().zip(self.0).filter(|(_, on)| *on).map(|(d, _)| *d).collect();
        f.write_str(&names.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "employee_id,valid_from,valid_to,mon,tue,wed,thu,fri,sat,sun\n";

    #[test]
    fn rows_are_found_by_id_as_written() {
        let file = format!("{HEADER}A1,,,8,8,8,8,8,0,0\n7,2020-01-01,,6,6,6,6,6,0,0\n");
        let s = Schedule::from_csv_str(&file, Ids::Normalised).unwrap();
        assert!(matches!(s.hours(b"A1", Ids::Normalised), Ok(Hours::Rows([e])) if e.hours[0] == 800));
        assert!(matches!(s.hours(b"7", Ids::Normalised), Ok(Hours::Rows([e])) if e.line == 3));
        assert_eq!(
            s.hours(b"007", Ids::Normalised).err().unwrap().to_string(),
            "employee id \"007\" and \"7\" on line 3 of the schedule file are the same once spaces and leading zeros \
             are set aside; write them alike, or measure them as written with --ids as-written"
        );
        assert_eq!(
            s.hours(b"007", Ids::AsWritten).err().unwrap().to_string(),
            "employee 007 has no rows in the schedule file"
        );
        assert_eq!(
            s.hours(b"8", Ids::Normalised).err().unwrap().to_string(),
            "employee 8 has no rows in the schedule file"
        );
    }

    #[test]
    fn ids_written_two_ways_in_the_schedule() {
        let file = format!("{HEADER}007,,,8,8,8,8,8,0,0\n7,2020-01-01,,6,6,6,6,6,0,0\n");
        let err = Schedule::from_csv_str(&file, Ids::Normalised).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("line 3: field employee_id: employee id \"7\" on line 3 and \"007\" on line 2"),
            "{err}"
        );
        assert_eq!(Schedule::from_csv_str(&file, Ids::AsWritten).unwrap().rows(), 2);
    }

    #[test]
    fn bad_rows() {
        for (row, message) in [
            (
                "7,2020-02-01,2020-01-31,8,8,8,8,8,0,0",
                "line 2: field valid_to: the period ends on 2020-01-31, before it starts on 2020-02-01",
            ),
            ("7,,,8,8,8,8,25,0,0", "line 2: field fri: \"25\" is above 24"),
            ("7,,,8,8,8,8,8,0", "line 2: the row has 9 fields, the header 10"),
        ] {
            let file = format!("{HEADER}{row}\n");
            assert_eq!(
                Schedule::from_csv_str(&file, Ids::Normalised).unwrap_err().to_string(),
                message
            );
        }
        assert!(Schedule::from_csv_str(HEADER, Ids::Normalised).is_err());
        assert!(Schedule::from_csv_str("employee_id,valid_from,valid_to,mon\n", Ids::Normalised).is_err());
    }

    #[test]
    fn workdays() {
        for (text, shown) in [
            ("mon-fri", "mon,tue,wed,thu,fri"),
            ("mon,tue,thu", "mon,tue,thu"),
            ("Mon-Wed, sat", "mon,tue,wed,sat"),
            ("mån-fre", "mon,tue,wed,thu,fri"),
            ("sun", "sun"),
        ] {
            assert_eq!(text.parse::<Workdays>().unwrap().to_string(), shown);
        }
        assert_eq!(
            "mon-fry".parse::<Workdays>().unwrap_err().to_string(),
            "\"mon-fry\" names a day other than mon, tue, wed, thu, fri, sat, sun"
        );
        let hours = Schedule::default_hours(Decimal::new(75, 1), "mon,wed".parse().unwrap()).unwrap();
        assert!(matches!(hours.kind, Kind::Default([750, 0, 750, 0, 0, 0, 0])));
        assert!(Schedule::default_hours(Decimal::new(8125, 3), Workdays::default()).is_err());
        assert!(Schedule::default_hours(Decimal::ZERO, Workdays::default()).is_err());
    }
}
