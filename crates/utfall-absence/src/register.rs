//! The employee register (`docs/formats.md`, *Employee register*): each
//! employee's employments (start and end dates) and, optionally, department,
//! workplace, sex and birth year; and the age groups of the key figures for
//! the mandatory sick-leave reporting ([`age_group`]).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;

use chrono::{Datelike, NaiveDate};

use utfall_engine::Month;

use crate::Headcount;
use crate::columns::{Columns, Format, read_table};
use crate::fields::INTERNED;
use crate::fields::{MAX_FIELD, Splitter, format_day, parse_date, text, too_long};
use crate::headcount::HeadcountRow;
use crate::options::{CsvForm, Ids, Options};
use crate::records::RecordReader;
use crate::{Error, ErrorKind, Excerpt};

mod groups;

pub(crate) use groups::{AGE_SLOTS, Groups, Heads, NO_GROUP};

/// The register's columns, in the order of [`Format::REGISTER`].
const START: usize = 1;
const END: usize = 2;
const DEPARTMENT: usize = 3;
const WORKPLACE: usize = 4;
const SEX: usize = 5;
const BIRTH_YEAR: usize = 6;

/// The employment index of a row when there is no register.
pub(crate) const NO_EMPLOYMENT: u32 = u32::MAX;

/// The employment index of a row whose date the reader left to the tracker
/// to check against the register (a plain-number id: see
/// [`Register::employment_of_key`]).
pub(crate) const UNCHECKED: u32 = u32::MAX - 1;

/// One row of the register: an employment of one employee, from `from` to
/// `to` (day numbers, inclusive; `i32::MAX` while still employed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Employment {
    pub key: u64,
    pub from: i32,
    pub to: i32,
    pub birth_year: Option<u16>,
    pub line: u64,
}

/// The employee register: who was employed when, and in which groups
/// (`docs/method.md` §6.11).
///
/// # Example
/// ```
/// use utfall_absence::{Ids, Register};
///
/// let file = "employee_id,start,end,department,birth_year\n\
///             7,2019-08-01,,Skola,1980\n\
///             8,2020-01-15,2020-03-31,Vård,1995\n";
/// let register = Register::from_csv_str(file, Ids::Normalised)?;
/// assert_eq!(register.rows(), 2);
/// assert_eq!(register.columns(), ["department", "birth_year"]);
///
/// let overlap = "employee_id,start,end\n7,2020-01-01,2020-06-30\n7,2020-06-01,\n";
/// let err = Register::from_csv_str(overlap, Ids::Normalised).unwrap_err();
/// assert_eq!(err.to_string(), "line 3: field start: employee 7's employments on line 3 and line 2 overlap on 2020-06-01");
/// # Ok::<(), utfall_absence::Error>(())
/// ```
pub struct Register {
    /// Sorted by employee and start.
    employments: Vec<Employment>,
    /// The optional columns the file has, in the order of the format.
    columns: Vec<&'static str>,
    /// The reader that keeps the ids.
    ids: Box<RecordReader>,
    /// The groups of each employment, for the follow-up tables.
    groups: Groups,
    /// Each employment's key, first and last day, beside `employments`, in
    /// 16 bytes: sick dates sorted by id within a date sweep it in order
    /// ([`Register::numeric_span`]), one cache line for key and dates.
    spans: Vec<(u64, i32, i32)>,
    /// The first employment of each plain-number key from `base`, when the
    /// keys are compact (as employee numbers usually are): the tracker's
    /// first search for an employee is one read, not a binary search.
    first_of: Option<(u64, Vec<u32>)>,
}

/// The first employment of each key from the least (`NO_EMPLOYMENT` for a
/// key without one), when every key is a plain number and they span at
/// most eight times as many numbers as there are employments (4 bytes a
/// number: at most 32 bytes an employment).
fn first_of(spans: &[(u64, i32, i32)]) -> Option<(u64, Vec<u32>)> {
    let (base, last) = (spans.first()?.0, spans.last()?.0);
    if spans.iter().any(|s| s.0 & INTERNED != 0) {
        return None;
    }
    let range = usize::try_from(last - base).ok()?.checked_add(1)?;
    if range > spans.len().saturating_mul(8).max(1024) {
        return None;
    }
    let mut first = vec![NO_EMPLOYMENT; range];
    for (at, span) in spans.iter().enumerate().rev() {
        if let Some(f) = usize::try_from(span.0 - base).ok().and_then(|i| first.get_mut(i)) {
            *f = u32::try_from(at).unwrap_or(NO_EMPLOYMENT);
        }
    }
    Some((base, first))
}

impl fmt::Debug for Register {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Register")
            .field("rows", &self.employments.len())
            .field("columns", &self.columns)
            .finish()
    }
}

impl Register {
    /// Reads a register file; `ids` says how its employee ids are compared,
    /// as [`Options::ids`] does for the absence file.
    ///
    /// # Errors
    /// As [`Register::from_reader_as`].
    pub fn from_csv_str(text: &str, ids: Ids) -> Result<Self, Error> {
        Self::from_reader_as(text.as_bytes(), ids, &CsvForm::default())
    }

    /// Reads a register file written in `form`: its encoding, its separator
    /// (given or found) and its names for our columns
    /// (`--register-columns`).
    ///
    /// # Errors
    /// With line and field: a missing or unknown column; a bad id or date
    /// (`start` is required, an empty `end` means still employed); an
    /// employment that ends before it starts
    /// ([`ErrorKind::EmploymentEndsBeforeStart`]); a `birth_year` that is not
    /// four digits ([`ErrorKind::BadBirthYear`]); a field longer than 256
    /// bytes; two employments of one employee on one date
    /// ([`ErrorKind::EmploymentOverlap`], naming both lines); one id written
    /// in two ways ([`ErrorKind::SameEmployee`], with [`Ids::Normalised`]);
    /// no rows ([`ErrorKind::NoRegisterRows`]).
    ///
    /// # Example
    /// ```
    /// use utfall_absence::{CsvForm, Encoding, Format, Ids, Mapping, Register};
    /// let form = CsvForm {
    ///     encoding: Encoding::Windows1252,
    ///     columns: Mapping::parse("employee_id=Anstnr,start=Fr\u{e5}n,end=Till,sex=K\u{f6}n", &Format::REGISTER)?,
    ///     ..CsvForm::default()
    /// };
    /// let file = b"Anstnr;Fr\xe5n;Till;K\xf6n\n7;2020-01-01;;K\n";
    /// assert_eq!(Register::from_reader_as(&file[..], Ids::Normalised, &form)?.columns(), ["sex"]);
    /// # Ok::<(), utfall_absence::Error>(())
    /// ```
    pub fn from_reader_as(reader: impl Read, ids: Ids, form: &CsvForm) -> Result<Self, Error> {
        Self::read(reader, ids, form).map_err(|e| form.columns.shown(e))
    }

    fn read(reader: impl Read, ids: Ids, form: &CsvForm) -> Result<Self, Error> {
        let mut records = RecordReader::new(&Options {
            ids,
            ..Options::default()
        });
        let mut employments = Vec::new();
        let mut names = Names::default();
        let columns = read_table(reader, form, &Format::REGISTER, |number, line, columns, splitter, _| {
            employments.push(employment(line, number, columns, splitter, &mut records, &mut names)?);
            Ok(())
        })?;
        employments.sort_unstable_by_key(|(e, _)| (e.key, e.from, e.line));
        // The group names go into the groups' tables; an employment keeps
        // their indices only (`Groups::of`), not three strings of its own.
        let (employments, rows): (Vec<Employment>, Vec<[u32; 3]>) = employments.into_iter().unzip();
        check(&employments, &records)?;
        let present = Format::REGISTER
            .columns
            .iter()
            .enumerate()
            .skip(DEPARTMENT)
            .filter(|(i, _)| columns.place(*i).is_some())
            .map(|(_, c)| c.name)
            .collect();
        let groups = Groups::new(&employments, &rows, names);
        drop(rows);
        let spans: Vec<(u64, i32, i32)> = employments.iter().map(|e| (e.key, e.from, e.to)).collect();
        let first_of = first_of(&spans);
        Ok(Self {
            employments,
            columns: present,
            ids: Box::new(records),
            groups,
            spans,
            first_of,
        })
    }

    /// Rows of the register (employments).
    pub fn rows(&self) -> usize {
        self.employments.len()
    }

    /// The optional columns the file has (`department`, `workplace`, `sex`,
    /// `birth_year`), in that order.
    pub fn columns(&self) -> &[&'static str] {
        &self.columns
    }

    /// Checks that the employee of `id` (as the absence file writes it; `ids`
    /// as for the register) was employed on `date`, returning the line of
    /// the register's employment that covers it.
    ///
    /// # Errors
    /// [`ErrorKind::NotInRegister`]; [`ErrorKind::OutsideEmployment`];
    /// with [`Ids::Normalised`], [`ErrorKind::SameEmployeeInRegister`] for an
    /// id the register writes otherwise.
    ///
    /// # Example
    /// ```
    /// use utfall_absence::{Ids, NaiveDate, Register};
    /// let register = Register::from_csv_str("employee_id,start,end\n7,2020-01-01,2020-06-30\n", Ids::Normalised)?;
    /// let day = |text: &str| text.parse::<NaiveDate>().unwrap();
    /// assert_eq!(register.employment(b"7", day("2020-06-30"), Ids::Normalised)?, 2);
    /// let err = register.employment(b"7", day("2020-07-01"), Ids::Normalised).unwrap_err();
    /// assert_eq!(err.to_string(), "2020-07-01 is outside employee 7's employments in the register");
    /// # Ok::<(), utfall_absence::Error>(())
    /// ```
    pub fn employment(&self, id: &[u8], date: NaiveDate, ids: Ids) -> Result<u64, Error> {
        let day = date.num_days_from_ce();
        let (_, rows) = self.rows_of(id, ids)?;
        match rows.iter().find(|e| e.from <= day && day <= e.to) {
            Some(employment) => Ok(employment.line),
            None => Err(outside(id, day)),
        }
    }

    /// Checks that the employee of `id` was employed on every day from `from`
    /// to `to`; an error about a date names the field `date_field` gives for
    /// it, one about the id `employee_id`.
    ///
    /// # Errors
    /// As [`Register::employment`].
    #[allow(
        clippy::too_many_arguments,
        reason = "the id as written and as a key, the dates, the id rule, the search cursor and the field namer are each needed"
    )]
    pub(crate) fn check_days(
        &self,
        id: &[u8],
        key: u64,
        from: i32,
        to: i32,
        ids: Ids,
        cursor: &mut usize,
        date_field: impl Fn(i32) -> &'static str,
    ) -> Result<u32, Error> {
        // The common case, a plain-number id inside one employment, without
        // touching the employments themselves.
        if let Some(at) = self.numeric_span(key, from, to, cursor) {
            return Ok(at);
        }
        let (first, rows) = self.rows_of(id, ids).map_err(|e| e.at_field("employee_id"))?;
        let mut day = from;
        let mut covering = None;
        for (at, employment) in rows.iter().enumerate() {
            if employment.to < day {
                continue;
            }
            if employment.from > day {
                break;
            }
            covering = covering.or(Some(first + at));
            if employment.to >= to {
                return Ok(covering.and_then(|at| u32::try_from(at).ok()).unwrap_or(NO_EMPLOYMENT));
            }
            day = employment.to.saturating_add(1);
        }
        Err(outside(id, day).at_field(date_field(day)))
    }

    /// The employment of a plain-number `key` (the absence file's and the
    /// register's are the same number for the same text) that covers `from`
    /// to `to` whole; `None` otherwise, to be decided the slow way.
    #[inline]
    fn numeric_span(&self, key: u64, from: i32, to: i32, cursor: &mut usize) -> Option<u32> {
        if key & INTERNED != 0 {
            return None;
        }
        let mut at = self.first_index(key, cursor)?;
        while let Some(&(k, f, t)) = self.spans.get(at)
            && k == key
        {
            if f <= from && to <= t {
                return u32::try_from(at).ok();
            }
            at += 1;
        }
        None
    }

    /// The index of the first employment of a plain-number `key`, `None`
    /// when the register lacks it: read from the direct table when the keys
    /// are compact, else searched from `cursor`, where the last key was
    /// found: sick dates come sorted by id within a date more often than
    /// not, so the next key is a short gallop ahead in the sorted keys, not
    /// a search of the whole register.
    #[inline]
    pub(crate) fn first_index(&self, key: u64, cursor: &mut usize) -> Option<usize> {
        let spans = &self.spans;
        if let Some((base, first)) = &self.first_of {
            // Exact: made from the keys themselves.
            let at = *first.get(usize::try_from(key.checked_sub(*base)?).ok()?)?;
            return (at != NO_EMPLOYMENT).then_some(at as usize);
        }
        let mut lo = *cursor;
        if spans.get(lo).is_none_or(|s| s.0 > key) {
            lo = 0;
        }
        // The next sick employee of a date is a few dozen employments on:
        // a short walk, then a gallop for longer strides.
        let walk_end = lo.saturating_add(64).min(spans.len());
        while lo < walk_end && spans.get(lo).is_some_and(|s| s.0 < key) {
            lo += 1;
        }
        let mut step = 1;
        let mut hi = lo;
        while spans.get(hi).is_some_and(|s| s.0 < key) {
            lo = hi;
            hi = hi.saturating_add(step);
            step = step.saturating_mul(2);
        }
        let window = spans.get(lo..hi.saturating_add(1).min(spans.len()))?;
        let start = lo + window.partition_point(|s| s.0 < key);
        *cursor = start;
        spans.get(start).filter(|s| s.0 == key).map(|_| start)
    }

    /// The least key and the number of keys from it, when the keys are
    /// plain numbers compact enough to index a table directly.
    pub(crate) fn key_range(&self) -> Option<(u64, usize)> {
        self.first_of.as_ref().map(|(base, first)| (*base, first.len()))
    }

    /// Whether the reader may leave a plain-number id's dates to the
    /// tracker ([`UNCHECKED`]): when no employment index is that number, as
    /// in any register under four billion rows.
    pub(crate) fn defers(&self) -> bool {
        self.employments.len() < UNCHECKED as usize
    }

    /// The employment of a plain-number `key` covering `day`, searched from
    /// `after` (the key's first employment, or one found for an earlier
    /// day), with its last day; `None` when the key has no employment
    /// covering the day, which the reader's own check
    /// ([`Register::check_days`]) then reports with its line.
    pub(crate) fn employment_of_key(&self, key: u64, day: i32, after: u32) -> Option<(u32, i32)> {
        let mut at = after as usize;
        while let Some(&(k, from, to)) = self.spans.get(at)
            && k == key
        {
            if from > day {
                return None;
            }
            if day <= to {
                return Some((u32::try_from(at).ok()?, to));
            }
            at += 1;
        }
        None
    }

    /// The employment of `day` among the employee's from `at` (an index
    /// [`Register::check_days`] gave for an earlier or the same day) on.
    pub(crate) fn employment_from(&self, at: u32, day: i32) -> u32 {
        let mut at = at;
        while let Some(e) = self.employments.get(at as usize)
            && e.to < day
            && self
                .employments
                .get(at as usize + 1)
                .is_some_and(|next| next.key == e.key)
        {
            at += 1;
        }
        at
    }

    /// The groups of each employment.
    pub(crate) fn groups(&self) -> &Groups {
        &self.groups
    }

    /// The headcounts of every follow-up group for `span` months from `first`.
    pub(crate) fn heads(&self, first: Month, span: usize) -> Heads {
        Heads::new(&self.employments, &self.groups, first, span)
    }

    /// The index of the first employment of the employee of `id` (the
    /// others follow it); `None` when the register lacks the id.
    pub(crate) fn first_employment(&self, id: &[u8], ids: Ids) -> Option<usize> {
        self.rows_of(id, ids).ok().map(|(at, _)| at)
    }

    /// The employment at an index.
    pub(crate) fn employment_at(&self, at: usize) -> Option<&Employment> {
        self.employments.get(at)
    }

    /// The employments of the employee of `id`, sorted by start.
    /// Also gives the index of the first.
    fn rows_of(&self, id: &[u8], ids: Ids) -> Result<(usize, &[Employment]), Error> {
        let rows = |key: u64| {
            let from = self.spans.partition_point(|s| s.0 < key);
            let to = self.spans.partition_point(|s| s.0 <= key);
            self.employments
                .get(from..to)
                .filter(|rows| !rows.is_empty())
                .map(|rows| (from, rows))
        };
        if let Some(rows) = self.ids.known_key(id).and_then(rows) {
            return Ok(rows);
        }
        let normalised = crate::fields::normalised_id(id);
        let other = self
            .ids
            .known_key(normalised)
            .into_iter()
            .chain(self.ids.alias(normalised))
            .find_map(|key| rows(key).and_then(|(_, rows)| rows.first()).map(|row| (key, row.line)));
        match other {
            Some((key, line)) if ids == Ids::Normalised && !normalised.is_empty() => {
                Err(Error::new(ErrorKind::SameEmployeeInRegister {
                    id: Excerpt::of(id),
                    other: Excerpt::of(self.ids.id_text(key).as_bytes()),
                    other_line: line,
                }))
            }
            _ => Err(Error::new(ErrorKind::NotInRegister { employee: text(id) })),
        }
    }

    /// The headcount of each month from `first` to `last` (`docs/method.md`
    /// §6.11): the employees employed on at least one day of the month, per
    /// department and sex when the register has the column. An employee in
    /// two employments of a month counts once, in the group of the later.
    /// A group (or, without group columns, a month) with no one employed has
    /// no headcount row.
    ///
    /// # Errors
    /// [`ErrorKind::NoneEmployed`] when no one is employed in any of the
    /// months; [`ErrorKind::TooManyGroups`] and [`ErrorKind::TooManyCells`]
    /// as for a headcount file.
    ///
    /// # Example
    /// ```
    /// use utfall_absence::{Headcount, Ids, Register};
    /// let register = Register::from_csv_str(
    ///     "employee_id,start,end\n7,2019-08-01,\n8,2020-01-31,2020-02-01\n",
    ///     Ids::Normalised,
    /// )?;
    /// let derived = register.headcounts("2020-01".parse().unwrap(), "2020-03".parse().unwrap())?;
    /// assert_eq!(derived, Headcount::from_csv_str("month,employees\n2020-01,2\n2020-02,2\n2020-03,1\n")?);
    /// # Ok::<(), utfall_absence::Error>(())
    /// ```
    pub fn headcounts(&self, first: Month, last: Month) -> Result<Headcount, Error> {
        let department = self.columns.contains(&"department");
        let sex = self.columns.contains(&"sex");
        let mut counts: BTreeMap<(Month, Option<&String>, Option<&String>), u32> = BTreeMap::new();
        let g = &self.groups;
        let months = first.months_until(last).max(-1);
        for month in (0..=months).filter_map(|n| first.add_months(n).ok()) {
            let (Some(from), Some(to)) = (first_day(month), month.add_months(1).ok().and_then(first_day)) else {
                continue;
            };
            // Employments sorted by employee and start: the last one of an
            // employee that overlaps the month is the later.
            let mut chosen: Option<(u64, usize)> = None;
            for (at, employment) in self.employments.iter().enumerate() {
                if chosen.is_some_and(|(key, _)| key != employment.key) {
                    count(&mut counts, month, g, chosen.take(), department, sex);
                }
                if employment.from < to && employment.to >= from {
                    chosen = Some((employment.key, at));
                }
            }
            count(&mut counts, month, g, chosen, department, sex);
        }
        if counts.is_empty() {
            return Err(Error::new(ErrorKind::NoneEmployed { first, last }));
        }
        let rows: Vec<HeadcountRow> = counts
            .into_iter()
            .map(|((month, d, s), n)| (0, month, d.cloned(), s.cloned(), n))
            .collect();
        Headcount::from_rows(rows, department.then_some(0), sex.then_some(0))
    }
}

/// Counts the employee of `employment`, if any, in `month`.
fn count<'a>(
    counts: &mut BTreeMap<(Month, Option<&'a String>, Option<&'a String>), u32>,
    month: Month,
    groups: &'a Groups,
    employment: Option<(u64, usize)>,
    department: bool,
    sex: bool,
) {
    if let Some(of) = employment.and_then(|(_, at)| groups.of.get(at)) {
        let key = (
            month,
            groups.department(of.department).filter(|_| department),
            groups.sexes.get(of.sex as usize).filter(|_| sex),
        );
        let n = counts.entry(key).or_default();
        *n = n.saturating_add(1);
    }
}

/// The error of a sick date outside the employee's employments.
fn outside(id: &[u8], day: i32) -> Error {
    Error::new(ErrorKind::OutsideEmployment {
        employee: text(id),
        date: format_day(day),
    })
}

/// The day number of the first day of `month`.
fn first_day(month: Month) -> Option<i32> {
    NaiveDate::from_ymd_opt(month.year(), month.month(), 1).map(|d| d.num_days_from_ce())
}

/// The department, workplace and sex names of a register, each once, in the
/// order first seen: a row keeps their indices (a national register repeats
/// some 85 000 workplace names over 1.5 million rows).
#[derive(Default)]
pub(crate) struct Names {
    /// By column: the names, and the index of each.
    pub columns: [(Vec<String>, NameIndex); 3],
}

/// The index of each name as written.
pub(crate) type NameIndex = HashMap<Box<[u8]>, u32>;

impl Names {
    /// The index of `value` in column `c`, added when new.
    fn index(&mut self, c: usize, value: &[u8]) -> u32 {
        let Some((names, map)) = self.columns.get_mut(c) else {
            return NO_GROUP;
        };
        if let Some(&at) = map.get(value) {
            return at;
        }
        let at = u32::try_from(names.len()).unwrap_or(NO_GROUP);
        names.push(text(value));
        map.insert(value.into(), at);
        at
    }
}

/// One row of a register file.
fn employment(
    line: &[u8],
    number: u64,
    columns: &Columns<7>,
    splitter: &mut Splitter,
    records: &mut RecordReader,
    names: &mut Names,
) -> Result<(Employment, [u32; 3]), Error> {
    columns.split(splitter, line)?;
    let name = |i: usize| Format::REGISTER.columns.get(i).map_or("", |c| c.name);
    let field = |i: usize| columns.place(i).map(|at| splitter.get(line, at));
    let key = records
        .key(field(0).unwrap_or_default(), number)
        .map_err(|e| e.at_field("employee_id"))?;
    let date = |i: usize| {
        parse_date(field(i).unwrap_or_default())
            .map(|(day, _)| day)
            .map_err(|e| e.at_field(name(i)))
    };
    let from = date(START)?;
    let to = match field(END).unwrap_or_default() {
        b"" => i32::MAX,
        _ => date(END)?,
    };
    if to < from {
        return Err(Error::new(ErrorKind::EmploymentEndsBeforeStart {
            from: format_day(from),
            to: format_day(to),
        })
        .at_field("end"));
    }
    let mut group = |c: usize, i: usize| -> Result<u32, Error> {
        match field(i) {
            Some(value) if value.len() > MAX_FIELD => Err(too_long(value, MAX_FIELD).at_field(name(i))),
            Some(value) => Ok(names.index(c, value)),
            None => Ok(NO_GROUP),
        }
    };
    let birth_year = match field(BIRTH_YEAR) {
        Some(value) => Some(parse_birth_year(value).map_err(|e| e.at_field("birth_year"))?),
        None => None,
    };
    Ok((
        Employment {
            key,
            from,
            to,
            birth_year,
            line: number,
        },
        [group(0, DEPARTMENT)?, group(1, WORKPLACE)?, group(2, SEX)?],
    ))
}

/// A birth year: four digits, from 1000.
fn parse_birth_year(value: &[u8]) -> Result<u16, Error> {
    match value {
        [a @ b'1'..=b'9', rest @ ..] if rest.len() == 3 && rest.iter().all(u8::is_ascii_digit) => Ok(rest
            .iter()
            .fold(u16::from(a - b'0'), |n, b| n * 10 + u16::from(b - b'0'))),
        _ => Err(Error::new(ErrorKind::BadBirthYear {
            value: Excerpt::of(value),
        })),
    }
}

impl crate::dated::Dated for Employment {
    fn span(&self) -> (u64, i32, i32, u64) {
        (self.key, self.from, self.to, self.line)
    }
}

/// The checks across rows sorted by employee and start (`dated::check`).
fn check(rows: &[Employment], records: &RecordReader) -> Result<(), Error> {
    crate::dated::check(
        rows,
        records,
        ErrorKind::NoRegisterRows,
        |o| ErrorKind::EmploymentOverlap {
            employee: o.employee,
            line: o.line,
            other_line: o.other_line,
            date: o.date,
        },
        "start",
    )
}

/// An age group of SKR's key figures for the mandatory sick-leave reporting
/// (`docs/method.md` §6.11).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum AgeGroup {
    /// 29 and under.
    UpTo29,
    /// 30 to 49.
    From30To49,
    /// 50 and over.
    From50,
}

impl fmt::Display for AgeGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::UpTo29 => "29 and under",
            Self::From30To49 => "30–49",
            Self::From50 => "50 and over",
        })
    }
}

/// The age group of an employee born in `birth_year` in a month of `year`:
/// the age is the year less the birth year, whatever the month and birthday
/// (`docs/method.md` §6.11).
///
/// # Example
/// ```
/// use utfall_absence::{AgeGroup, age_group};
/// assert_eq!(age_group(2020, 1991), AgeGroup::UpTo29);
/// assert_eq!(age_group(2020, 1990), AgeGroup::From30To49);
/// assert_eq!(age_group(2020, 1971), AgeGroup::From30To49);
/// assert_eq!(age_group(2020, 1971).to_string(), "30–49");
/// assert_eq!(age_group(2020, 1970), AgeGroup::From50);
/// ```
pub fn age_group(year: i32, birth_year: u16) -> AgeGroup {
    match year.saturating_sub(i32::from(birth_year)) {
        ..=29 => AgeGroup::UpTo29,
        30..=49 => AgeGroup::From30To49,
        _ => AgeGroup::From50,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Delimiter, Encoding, Mapping};

    const HEADER: &str = "employee_id,start,end,department,workplace,sex,birth_year\n";

    fn error(file: &str) -> String {
        Register::from_csv_str(file, Ids::Normalised).unwrap_err().to_string()
    }

    /// The walk and gallop from the last employee found give what a search
    /// of the whole register gives, forwards, backwards, near and far.
    #[test]
    fn the_search_from_the_last_employee_finds_every_employment() {
        let mut file = String::from("employee_id,start,end\n");
        for id in 1..=300u32 {
            // Even ids have two employments, the second from 2020-07-01.
            if id % 2 == 0 {
                file.push_str(&format!("{id},2020-01-01,2020-06-30\n{id},2020-07-01,\n"));
            } else if id != 151 {
                file.push_str(&format!("{id},2020-01-01,\n"));
            }
        }
        let r = Register::from_csv_str(&file, Ids::Normalised).unwrap();
        let day = |text: &str| parse_date(text.as_bytes()).unwrap().0;
        let mut cursor = 0;
        let mut find = |id: u64, date: &str| {
            r.check_days(
                id.to_string().as_bytes(),
                id,
                day(date),
                day(date),
                Ids::Normalised,
                &mut cursor,
                |_| "date",
            )
            .map(|at| {
                r.employment_at(at as usize)
                    .map(|e| (e.key, e.from == day("2020-07-01")))
            })
        };
        assert_eq!(find(5, "2020-03-01").unwrap(), Some((5, false)));
        assert_eq!(find(6, "2020-08-01").unwrap(), Some((6, true)));
        assert_eq!(find(6, "2020-06-30").unwrap(), Some((6, false)));
        assert_eq!(find(250, "2020-03-01").unwrap(), Some((250, false)));
        assert_eq!(find(3, "2020-03-01").unwrap(), Some((3, false)));
        assert_eq!(find(300, "2021-01-01").unwrap(), Some((300, true)));
        assert!(find(151, "2020-03-01").is_err());
        assert!(find(301, "2020-03-01").is_err());
        assert_eq!(find(1, "2020-03-01").unwrap(), Some((1, false)));
    }

    #[test]
    fn rows_are_read_with_their_groups() {
        let file = format!("{HEADER}A1,2020-01-01,,Skola,Ekdalen,K,1980\n7,2019-01-01,2019-12-31,Vård,,M,2001\n");
        let r = Register::from_csv_str(&file, Ids::Normalised).unwrap();
        assert_eq!(r.columns(), ["department", "workplace", "sex", "birth_year"]);
        let first = r.employments.first().unwrap();
        assert_eq!((first.line, format_day(first.to).as_str()), (3, "2019-12-31"));
        let of = r.groups.of.first().unwrap();
        assert_eq!(r.groups.department(of.department).map(String::as_str), Some("Vård"));
        assert_eq!(
            r.groups.workplaces.get(of.workplace as usize).map(|w| w.1.as_str()),
            Some("")
        );
        assert_eq!(first.birth_year, Some(2001));
        let second = r.employments.get(1).unwrap();
        assert_eq!((r.ids.id_text(second.key).as_str(), second.to), ("A1", i32::MAX));
        // Employments of one employee one after the other are fine.
        let file = "employee_id,start,end\n7,2020-01-01,2020-01-31\n7,2020-02-01,\n";
        assert_eq!(
            Register::from_csv_str(file, Ids::Normalised).unwrap().columns(),
            [""; 0]
        );
    }

    #[test]
    fn bad_rows() {
        for (row, message) in [
            (
                "7,2020-02-01,2020-01-31,,,,1980",
                "line 2: field end: the employment ends on 2020-01-31, before it starts on 2020-02-01",
            ),
            (
                "7,,2020-01-31,,,,1980",
                "line 2: field start: \"\" is not a date: a date is written YYYY-MM-DD",
            ),
            (
                "7,2020-02-30,,,,,1980",
                "line 2: field start: \"2020-02-30\" is not a date: there is no such day",
            ),
            (
                "7,2020-01-01,,,,,80",
                "line 2: field birth_year: \"80\" is not a birth year: write it in four digits",
            ),
            (
                "7,2020-01-01,,,,,0980",
                "line 2: field birth_year: \"0980\" is not a birth year: write it in four digits",
            ),
            (
                "7,2020-01-01,,,,,",
                "line 2: field birth_year: \"\" is not a birth year: write it in four digits",
            ),
            ("7,2020-01-01,,,,K", "line 2: the row has 6 fields, the header 7"),
            (
                ",2020-01-01,,,,K,1980",
                "line 2: field employee_id: the employee id is empty",
            ),
        ] {
            assert_eq!(error(&format!("{HEADER}{row}\n")), message, "{row}");
        }
        let long = "x".repeat(257);
        assert!(error(&format!("{HEADER}7,2020-01-01,,{long},,,1980\n")).starts_with("line 2: field department: "));
        assert_eq!(error(HEADER), "the register has no rows");
        assert!(error("").starts_with("line 1: "));
        assert!(error("employee_id,start\n").starts_with("line 1: "));
    }

    #[test]
    fn overlapping_employments_name_both_lines() {
        let file = "employee_id,start,end\n7,2020-03-01,\n8,2020-01-01,\n7,2019-01-01,2020-03-01\n";
        assert_eq!(
            error(file),
            "line 4: field start: employee 7's employments on line 4 and line 2 overlap on 2020-03-01"
        );
        let file = "employee_id,start,end\n7,2019-01-01,\n7,2020-03-01,2020-04-01\n";
        assert_eq!(
            error(file),
            "line 3: field start: employee 7's employments on line 3 and line 2 overlap on 2020-03-01"
        );
    }

    #[test]
    fn ids_written_two_ways() {
        let file = "employee_id,start,end\n007,2020-01-01,\n7,2019-01-01,2019-12-31\n";
        assert!(
            error(file).starts_with("line 3: field employee_id: employee id \"7\" on line 3 and \"007\" on line 2"),
            "{}",
            error(file)
        );
        assert_eq!(Register::from_csv_str(file, Ids::AsWritten).unwrap().rows(), 2);
    }

    #[test]
    fn dialects_encodings_and_mappings() {
        let semicolons = "employee_id;start;end;sex\n7;2020-01-01;;K\n";
        let tabs = "employee_id\tstart\tend\tsex\n7\t2020-01-01\t\tK\n";
        for file in [semicolons, tabs] {
            assert_eq!(
                Register::from_csv_str(file, Ids::Normalised).unwrap().columns(),
                ["sex"]
            );
        }
        let form = CsvForm {
            encoding: Encoding::Windows1252,
            columns: Mapping::parse(
                "employee_id=Anstnr,start=Anst\u{e4}lld,department=Avdelning",
                &Format::REGISTER,
            )
            .unwrap(),
            ..CsvForm::default()
        };
        let file = b"Anstnr;Anst\xe4lld;end;Avdelning\n7;2020-01-01;;F\xf6rskola\n";
        let r = Register::from_reader_as(&file[..], Ids::Normalised, &form).unwrap();
        assert_eq!(r.groups.departments, ["Förskola"]);
        let file = b"Anstnr;Anst\xe4lld;end;Avdelning\n7;2020-01-01;;F\xf6rskola\n7;2020-02-01;;x\n";
        assert_eq!(
            Register::from_reader_as(&file[..], Ids::Normalised, &form)
                .unwrap_err()
                .to_string(),
            "line 3: field Anst\u{e4}lld: employee 7's employments on line 3 and line 2 overlap on 2020-02-01"
        );
        let commas = CsvForm {
            dialect: crate::CsvDialect {
                delimiter: Some(Delimiter::Comma),
            },
            ..CsvForm::default()
        };
        assert!(Register::from_reader_as(semicolons.as_bytes(), Ids::Normalised, &commas).is_err());
        assert_eq!(
            error("Anstnr,start,end\n7,2020-01-01,\n"),
            "line 1: column \"Anstnr\" is none of employee_id,start,end and optionally \
             department,workplace,sex,birth_year; if it is one of them under another name, map it: \
             --register-columns OURS=\"Anstnr\""
        );
    }

    #[test]
    fn employment_on_a_date() {
        let file = "employee_id,start,end\n7,2020-01-01,2020-01-31\n7,2020-03-01,\nA1,2020-01-01,\n";
        let r = Register::from_csv_str(file, Ids::Normalised).unwrap();
        let day = |text: &str| text.parse::<NaiveDate>().unwrap();
        let on = |id: &str, date: &str, ids| r.employment(id.as_bytes(), day(date), ids).map_err(|e| e.to_string());
        assert_eq!(on("7", "2020-01-01", Ids::Normalised), Ok(2));
        assert_eq!(on("7", "2020-01-31", Ids::Normalised), Ok(2));
        assert_eq!(on("7", "2030-01-01", Ids::Normalised), Ok(3));
        assert_eq!(on("A1", "2030-01-01", Ids::Normalised), Ok(4));
        assert_eq!(
            on("7", "2020-02-01", Ids::Normalised),
            Err("2020-02-01 is outside employee 7's employments in the register".into())
        );
        assert_eq!(
            on("7", "2019-12-31", Ids::Normalised),
            Err("2019-12-31 is outside employee 7's employments in the register".into())
        );
        assert_eq!(
            on("8", "2020-01-01", Ids::Normalised),
            Err("employee 8 is not in the register".into())
        );
        assert_eq!(
            on("007", "2020-01-01", Ids::Normalised),
            Err(
                "employee id \"007\" and \"7\" on line 2 of the register are the same once spaces and leading \
                 zeros are set aside; write them alike, or measure them as written with --ids as-written"
                    .into()
            )
        );
        assert_eq!(
            on("007", "2020-01-01", Ids::AsWritten),
            Err("employee 007 is not in the register".into())
        );
    }

    #[test]
    fn headcounts_per_month_and_group() {
        let month = |text: &str| text.parse::<Month>().unwrap();
        // 7 moves from Skola to Vård on 2020-02-10: in February only in Vård.
        // 8 leaves on 2020-02-01 and counts in February; 9 starts on
        // 2020-03-31; A1 has no department (an empty one).
        let file = "employee_id,start,end,department,sex,birth_year\n\
                    7,2019-01-01,2020-02-09,Skola,K,1980\n\
                    8,2018-05-01,2020-02-01,Skola,M,1990\n\
                    7,2020-02-10,,Vård,K,1980\n\
                    9,2020-03-31,,Vård,K,2000\n\
                    A1,2020-01-01,2020-01-31,,M,1970\n";
        let r = Register::from_csv_str(file, Ids::Normalised).unwrap();
        let by_hand = "month,department,sex,employees\n\
                       2020-01,,M,1\n2020-01,Skola,K,1\n2020-01,Skola,M,1\n\
                       2020-02,Skola,M,1\n2020-02,Vård,K,1\n\
                       2020-03,Vård,K,2\n";
        let hand = Headcount::from_csv_str(by_hand).unwrap();
        let derived = r.headcounts(month("2020-01"), month("2020-03")).unwrap();
        assert_eq!(derived, hand);
        // The same outputs, byte for byte.
        let records = "employee_id,date,hours,department,sex\n\
                       7,2020-01-02,8,Skola,K\n7,2020-02-12,8,Vård,K\n8,2020-02-01,4,Skola,M\n\
                       9,2020-03-31,8,Vård,K\nA1,2020-01-15,8,,M\n";
        let options = crate::Options {
            min_group: 0,
            ..crate::Options::default()
        };
        let measure = |headcount: &Headcount| {
            let m = crate::measure(|| Ok(records.as_bytes()), headcount, &options, &mut |_| {}).unwrap();
            let mut bytes = Vec::new();
            m.write_net_days(&mut bytes).unwrap();
            m.write_series(&mut bytes).unwrap();
            (bytes, m.to_json().to_string())
        };
        assert_eq!(measure(&derived), measure(&hand));
        assert!(String::from_utf8_lossy(&measure(&hand).0).contains("Vård"));
        // Without group columns: one row a month; a month with no one has none.
        let r = Register::from_csv_str("employee_id,start,end\n7,2020-01-01,2020-01-31\n", Ids::Normalised).unwrap();
        assert_eq!(
            r.headcounts(month("2019-12"), month("2020-02")).unwrap(),
            Headcount::from_csv_str("month,employees\n2020-01,1\n").unwrap()
        );
        assert_eq!(
            r.headcounts(month("2020-02"), month("2020-05"))
                .unwrap_err()
                .to_string(),
            "no one in the register is employed from 2020-02 to 2020-05"
        );
        assert!(r.headcounts(month("2020-02"), month("2020-01")).is_err());
    }

    /// Keys far apart (no direct table: the tracker finds an employee's
    /// first employment by search) are checked and attributed as compact
    /// ones are.
    #[test]
    fn sparse_keys_are_checked_as_compact_ones() {
        use std::sync::Arc;
        let headcount = Headcount::from_csv_str("month,employees\n2020-01,2\n").unwrap();
        let records =
            "employee_id,date,hours\n7,2020-01-15,8\n5000000,2020-01-16,8\n7,2020-01-16,8\n5000000,2020-01-17,4\n";
        let run = |register: &str, records: &str| {
            let register = Arc::new(Register::from_csv_str(register, Ids::Normalised).unwrap());
            let direct = register.key_range().is_some();
            let options = crate::Options {
                register: Some(register),
                ..crate::Options::default()
            };
            let m = crate::measure(|| Ok(records.as_bytes()), &headcount, &options, &mut |_| {});
            (
                direct,
                m.map(|m| m.follow_up().map(|f| f.net_days().to_vec()))
                    .map_err(|e| e.to_string()),
            )
        };
        let sparse = "employee_id,start,end,department\n7,2020-01-01,2020-01-15,a\n7,2020-01-16,2020-01-20,b\n5000000,2020-01-01,,a\n";
        let compact = sparse.replace("5000000", "8");
        let (direct, by_search) = run(sparse, records);
        assert!(!direct);
        let (direct, by_table) = run(&compact, &records.replace("5000000", "8"));
        assert!(direct);
        assert_eq!(by_search.unwrap(), by_table.unwrap());
        assert_eq!(
            run(sparse, "employee_id,date,hours\n5000000,2020-01-02,8\n7,2020-01-21,8\n")
                .1
                .unwrap_err(),
            "line 3: field date: 2020-01-21 is outside employee 7's employments in the register"
        );
    }

    #[test]
    fn sick_dates_must_be_in_an_employment() {
        use std::sync::Arc;
        let register = "employee_id,start,end\n7,2020-01-01,2020-01-15\n7,2020-01-16,2020-01-20\nA1,2020-01-01,\n";
        let register = Arc::new(Register::from_csv_str(register, Ids::Normalised).unwrap());
        let headcount = Headcount::from_csv_str("month,employees\n2020-01,2\n").unwrap();
        let options = crate::Options {
            register: Some(register),
            schedule: Some(Arc::new(
                crate::Schedule::default_hours(rust_decimal::Decimal::new(8, 0), crate::Workdays::default()).unwrap(),
            )),
            ..crate::Options::default()
        };
        let one_thread = crate::Options {
            threads: crate::Threads::One,
            ..options.clone()
        };
        let measure = |records: &str| {
            let on = |options| {
                crate::measure(|| Ok(records.as_bytes()), &headcount, options, &mut |_| {}).map_err(|e| e.to_string())
            };
            let (two, one) = (on(&options), on(&one_thread));
            // The same on one thread (the tracker's check, the same errors).
            assert_eq!(two.as_ref().err(), one.as_ref().err(), "{records}");
            two
        };
        let daily = "employee_id,date,hours\n7,2020-01-15,8\nA1,2020-01-31,8\n7,2020-01-16,8\n";
        assert_eq!(measure(daily).unwrap().summary().spells, 2);
        for (records, message) in [
            (
                "employee_id,date,hours\n7,2020-01-20,8\n7,2020-01-21,8\n",
                "line 3: field date: 2020-01-21 is outside employee 7's employments in the register",
            ),
            (
                "employee_id,date,hours\nA1,2020-01-02,8\n8,2020-01-02,8\n",
                "line 3: field employee_id: employee 8 is not in the register",
            ),
            // The tracker checks a plain-number id's dates and the file is
            // read again for the line: the first bad row of the file, also
            // when a later line is bad in another way, when the rows are
            // out of order (sorted first: tracked by employee), and for an
            // id the register has as text.
            (
                "employee_id,date,hours\n7,2020-01-14,8\n7,2020-01-21,8\n7,2020-01-22,x\n",
                "line 3: field date: 2020-01-21 is outside employee 7's employments in the register",
            ),
            (
                "employee_id,date,hours\nA1,2020-01-05,8\n7,2020-01-22,8\n7,2020-01-03,8\n7,2020-01-21,8\nA1,2020-01-02,8\n",
                "line 3: field date: 2020-01-22 is outside employee 7's employments in the register",
            ),
            (
                "employee_id,date,hours\n7,2020-01-02,8\nB2,2020-01-03,8\n",
                "line 3: field employee_id: employee B2 is not in the register",
            ),
            (
                "employee_id,date,hours\n7,2020-01-02,8\n7,2020-01-10,8\n7,2020-01-16,8\n7,2020-01-20,8\n7,2020-01-21,8\n",
                "line 6: field date: 2020-01-21 is outside employee 7's employments in the register",
            ),
            (
                "employee_id,from,to,extent\n7,2020-01-02,2020-01-20,1\n7,2020-01-10,2020-01-21,0.5\n",
                "line 3: field to: 2020-01-21 is outside employee 7's employments in the register",
            ),
            (
                "employee_id,from,to,extent\nA1,2020-01-02,,1\n8,2020-01-02,2020-01-03,1\n",
                "line 3: field employee_id: employee 8 is not in the register",
            ),
        ] {
            assert_eq!(measure(records).unwrap_err(), message, "{records}");
        }
        // A period open to the end of January, across both of 7's employments.
        let periods = "employee_id,from,to,extent\n7,2020-01-02,2020-01-20,1\nA1,2020-01-30,,1\n";
        assert_eq!(measure(periods).unwrap().summary().spells, 2);
    }

    #[test]
    fn age_groups_at_their_edges() {
        for (year, birth, group) in [
            (2020, 2020, AgeGroup::UpTo29),
            (2020, 2030, AgeGroup::UpTo29),
            (2020, 1991, AgeGroup::UpTo29),
            (2020, 1990, AgeGroup::From30To49),
            (2020, 1971, AgeGroup::From30To49),
            (2020, 1970, AgeGroup::From50),
            (2020, 1969, AgeGroup::From50),
            (2020, 1000, AgeGroup::From50),
            (i32::MIN, 1980, AgeGroup::UpTo29),
        ] {
            assert_eq!(age_group(year, birth), group, "{year} {birth}");
        }
        assert_eq!(AgeGroup::UpTo29.to_string(), "29 and under");
        assert_eq!(AgeGroup::From50.to_string(), "50 and over");
    }
}
