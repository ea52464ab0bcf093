//! Reading absence records (`docs/formats.md`, *Absence records*) in large
//! chunks, one row at a time, into compact [`Row`]s: the header, the fields of
//! each row, the date's month against the headcount months. The group columns
//! are in [`groups`], the employee ids in [`ids`].

use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

mod groups;
mod ids;
mod shared;

pub(crate) use ids::Clash;

use self::groups::{Dictionary, GroupCheck};
use crate::columns::{Format, header};
use crate::encoding::{Decoded, check_line};
use crate::fields::INTERNED;
use crate::fields::{Splitter, csv_error, numeric_id, parse_date, parse_hours};
use crate::lines::{Flow, Lines};
use crate::months::MonthCheck;
use crate::options::{CsvForm, Ids, Options};
use crate::register::{NO_EMPLOYMENT, UNCHECKED};
use crate::{CsvErrorKind, Error, ErrorKind, Headcount, Register};

/// One record, compact: 16 bytes, so that a batch stays in cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    /// The employee: a plain number, or an interned index with [`INTERNED`](crate::fields::INTERNED) set.
    pub key: u64,
    /// Day number of the date.
    pub day: i32,
    /// Sick-leave hours × 100.
    pub centi: u16,
    /// Department index (0 when departments are not measured).
    pub department: u8,
    /// Sex index (0 when sexes are not measured).
    pub sex: u8,
    /// The register's employment the date falls in (`NO_EMPLOYMENT` without a
    /// register), for the follow-up tables.
    pub employment: u32,
}

/// Rows handed on at a time.
pub(crate) const BATCH: usize = 1 << 14;

/// Reads rows; keeps the interned employee ids for output.
pub(crate) struct RecordReader {
    departments: Option<Dictionary>,
    sexes: Option<Dictionary>,
    /// Which (month offset, department, sex) cells have headcount rows, when
    /// groups are measured: `(months × departments + department) × sexes + sex`.
    groups: Option<GroupCheck>,
    interned: HashMap<Vec<u8>, u64>,
    /// Interned ids by index.
    pub names: Vec<String>,
    /// The line of each interned id's first row, by index.
    first_lines: Vec<u64>,
    /// Ids written otherwise than they normalise to (`" 7"`, `"007"`), by
    /// their normalised form: the interned key of the first such id.
    aliases: HashMap<Vec<u8>, u64>,
    ids: Ids,
    interrupt: Option<Arc<AtomicBool>>,
    /// How the file is written.
    form: CsvForm,
    /// Rows whose hours had more than two decimals and were rounded.
    pub rounded_rows: u64,
    /// The register every sick date must be in an employment of.
    register: Option<Arc<Register>>,
    /// Where in the register the last row's employee was found.
    register_cursor: usize,
    /// Whether a plain-number id's date is left to the tracker to check
    /// against the register ([`UNCHECKED`]): it holds each employee's
    /// current employment and checks a date without a search; should it
    /// find a date outside, the file is read again with this off, for the
    /// error and its line.
    pub(crate) defer_register: bool,
}

/// Which group columns a measurement uses: those both files have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Dimensions {
    pub departments: usize,
    pub sexes: usize,
    /// Whether hours are measured per department (both files have the column).
    pub by_department: bool,
    /// Whether hours are measured per sex.
    pub by_sex: bool,
}

struct Columns {
    count: usize,
    /// The separator's byte.
    delimiter: u8,
    /// Whether hours may have a decimal comma.
    decimal_comma: bool,
    /// The column names by place, for naming the field of an error.
    names: Vec<&'static str>,
    employee: usize,
    date: usize,
    hours: usize,
    department: Option<usize>,
    sex: Option<usize>,
}

impl RecordReader {
    pub(crate) fn new(options: &Options) -> Self {
        Self {
            departments: None,
            sexes: None,
            groups: None,
            interned: HashMap::new(),
            names: Vec::new(),
            first_lines: Vec::new(),
            aliases: HashMap::new(),
            ids: options.ids,
            interrupt: options.interrupt.clone(),
            form: options.input.clone(),
            rounded_rows: 0,
            register: options.register.clone(),
            register_cursor: 0,
            defer_register: false,
        }
    }

    /// The register every sick date must be in an employment of, if any.
    pub(crate) fn register(&self) -> Option<&Register> {
        self.register.as_deref()
    }

    /// How ids are compared.
    pub(crate) fn ids(&self) -> Ids {
        self.ids
    }

    /// Reads every row of `reader`, handing them on in batches of up to
    /// [`BATCH`] with the line of each batch's first row, and calling `progress`
    /// with the bytes read so far after each chunk. Returns the dimensions in use.
    pub(crate) fn read(
        &mut self,
        reader: impl Read,
        headcount: &Headcount,
        months: &MonthCheck,
        progress: &mut dyn FnMut(u64),
        mut each: impl FnMut(&mut Vec<Row>, Dimensions) -> Result<Flow, Error>,
    ) -> Result<Dimensions, Error> {
        let mut batch = Vec::with_capacity(BATCH);
        let dimensions = self.scan(reader, headcount, months, progress, |row, _, dimensions| {
            batch.push(row);
            if batch.len() == BATCH {
                let flow = each(&mut batch, dimensions)?;
                batch.clear();
                return Ok(flow);
            }
            Ok(Flow::Continue)
        })?;
        if !batch.is_empty() {
            each(&mut batch, dimensions)?;
        }
        Ok(dimensions)
    }

    /// Reads rows one at a time with their line numbers.
    pub(crate) fn read_lines(
        &mut self,
        reader: impl Read,
        headcount: &Headcount,
        months: &MonthCheck,
        mut each: impl FnMut(Row, u64) -> Result<Flow, Error>,
    ) -> Result<Dimensions, Error> {
        self.scan(reader, headcount, months, &mut |_| {}, |row, line, _| each(row, line))
    }

    /// Reads every row; an error names its field as the file names it.
    fn scan<R: Read>(
        &mut self,
        reader: R,
        headcount: &Headcount,
        months: &MonthCheck,
        progress: &mut dyn FnMut(u64),
        each: impl FnMut(Row, u64, Dimensions) -> Result<Flow, Error>,
    ) -> Result<Dimensions, Error> {
        self.scan_rows(reader, headcount, months, progress, each)
            .map_err(|e| self.form.columns.shown(e))
    }

    fn scan_rows<R: Read>(
        &mut self,
        reader: R,
        headcount: &Headcount,
        months: &MonthCheck,
        progress: &mut dyn FnMut(u64),
        mut each: impl FnMut(Row, u64, Dimensions) -> Result<Flow, Error>,
    ) -> Result<Dimensions, Error> {
        let mut lines = Lines::new(Decoded::new(reader, self.form.encoding));
        let interrupt = self.interrupt.clone();
        let mut refilled = |done| {
            progress(done);
            interrupted(interrupt.as_deref())
        };
        let mut columns = None;
        lines.for_each(&mut refilled, |_, text| {
            columns = Some(self.header(text, headcount, months)?);
            Ok(Flow::Stop)
        })?;
        let Some(columns) = columns else {
            return Err(Error::new(CsvErrorKind::Empty {
                expected: Format::ABSENCE.expected,
            })
            .at_line(1));
        };
        let dimensions = Dimensions {
            departments: self.departments.as_ref().map_or(1, |d| d.names.len().max(1)),
            sexes: self.sexes.as_ref().map_or(1, |d| d.names.len().max(1)),
            by_department: self.departments.is_some(),
            by_sex: self.sexes.is_some(),
        };
        let mut each = |row, number| each(row, number, dimensions);
        // The check of groups against the headcount, compiled only into the
        // loop that needs it: even never taken, it slowed the common loop.
        // The comma, the common separator, is a constant of its own loops.
        let comma = columns.delimiter == b',';
        match (self.groups.is_some(), comma) {
            (true, true) => self.rows::<true, true, R>(&mut lines, &mut refilled, &columns, months, &mut each)?,
            (true, false) => self.rows::<true, false, R>(&mut lines, &mut refilled, &columns, months, &mut each)?,
            (false, true) => self.rows::<false, true, R>(&mut lines, &mut refilled, &columns, months, &mut each)?,
            (false, false) => self.rows::<false, false, R>(&mut lines, &mut refilled, &columns, months, &mut each)?,
        }
        progress(lines.position());
        Ok(dimensions)
    }

    /// The rows after the header; with `GROUPS`, each checked to have a
    /// headcount row for its group in its month.
    fn rows<const GROUPS: bool, const COMMA: bool, R: Read>(
        &mut self,
        lines: &mut Lines<Decoded<R>>,
        refilled: &mut impl FnMut(u64) -> Result<(), Error>,
        columns: &Columns,
        months: &MonthCheck,
        each: &mut impl FnMut(Row, u64) -> Result<Flow, Error>,
    ) -> Result<(), Error> {
        let mut splitter = Splitter::new(columns.delimiter);
        let mut last_date = LastDate::default();
        lines.for_each(refilled, |number, text| {
            if text.is_empty() {
                return Ok(Flow::Continue);
            }
            let row = self
                .row::<COMMA>(text, number, columns, months, &mut splitter, &mut last_date)
                .map_err(|e| self.failed(e, text, number, columns))?;
            if GROUPS
                && let Some(groups) = &self.groups
                && !groups.has(last_date.offset, row.department, row.sex)
            {
                let e = groups.missing(last_date.offset, row.department, row.sex, months, self);
                return Err(e.at_line(number));
            }
            each(row, number)
        })
    }

    fn header(&mut self, line: &[u8], headcount: &Headcount, months: &MonthCheck) -> Result<Columns, Error> {
        let delimiter = self.form.resolve(line)?;
        let mut splitter = Splitter::new(delimiter.byte());
        let places = header(&mut splitter, line, 1, &Format::ABSENCE, &self.form.columns)?;
        let place = |i: usize| places.get(i).copied().flatten();
        let (department, sex) = (place(3), place(4));
        let mut names = vec![""; splitter.len()];
        for (column, at) in Format::ABSENCE.columns.iter().zip(&places) {
            if let Some(slot) = at.and_then(|at| names.get_mut(at)) {
                *slot = column.name;
            }
        }
        // A group column counts only when both files have it.
        self.departments = match (department, headcount.departments()) {
            (Some(_), Some(names)) => Some(Dictionary::new("department", names)),
            _ => None,
        };
        self.sexes = match (sex, headcount.sexes()) {
            (Some(_), Some(names)) => Some(Dictionary::new("sex", names)),
            _ => None,
        };
        self.groups = GroupCheck::new(headcount, months, self.departments.as_ref(), self.sexes.as_ref());
        // The required columns are there: `header` checked.
        Ok(Columns {
            count: splitter.len(),
            delimiter: delimiter.byte(),
            decimal_comma: delimiter.decimal_comma(),
            names,
            employee: place(0).unwrap_or(0),
            date: place(1).unwrap_or(0),
            hours: place(2).unwrap_or(0),
            department: department.filter(|_| self.departments.is_some()),
            sex: sex.filter(|_| self.sexes.is_some()),
        })
    }

    /// The error of a row that cannot be read, as it is reported: at its
    /// line; about the line's encoding when the line is not UTF-8 (what
    /// failed may be a consequence). Off the fast path: rows that read are
    /// never checked here.
    #[cold]
    fn failed(&self, e: Error, line: &[u8], number: u64, columns: &Columns) -> Error {
        check_line(line, columns.delimiter, &columns.names)
            .unwrap_or(e)
            .at_line(number)
    }

    /// One row; with `COMMA` the separator is the comma, a constant.
    fn row<const COMMA: bool>(
        &mut self,
        line: &[u8],
        line_no: u64,
        cols: &Columns,
        months: &MonthCheck,
        splitter: &mut Splitter,
        last_date: &mut LastDate,
    ) -> Result<Row, Error> {
        // The fields' bounds, found in one pass; a quoted field takes the general path.
        let mut bounds = [(0usize, 0usize); 5];
        let mut count = 0;
        let mut start = 0;
        let mut quoted = false;
        let delimiter = if COMMA { b',' } else { cols.delimiter };
        for (i, &b) in line.iter().enumerate() {
            if b == delimiter {
                if let Some(slot) = bounds.get_mut(count) {
                    *slot = (start, i);
                }
                count += 1;
                start = i + 1;
            } else if b == b'"' {
                quoted = true;
                break;
            }
        }
        if let Some(slot) = bounds.get_mut(count) {
            *slot = (start, line.len());
        }
        count += 1;
        let source = if quoted {
            splitter
                .split(line)
                .map_err(|e| match cols.names.get(splitter.failed_field()) {
                    Some(name) => e.at_field(*name),
                    None => e,
                })?;
            count = splitter.len();
            for (i, slot) in bounds.iter_mut().enumerate() {
                *slot = splitter.span(i);
            }
            splitter.source(line)
        } else {
            line
        };
        let field = |i: usize| bounds.get(i).and_then(|&(a, b)| source.get(a..b)).unwrap_or_default();
        if count != cols.count {
            return Err(csv_error(format!(
                "the row has {count} fields, the header {}",
                cols.count
            )));
        }
        let id = field(cols.employee);
        let key = match numeric_id(id) {
            Some(key) => key,
            None => match self.interned.get(id) {
                Some(key) => *key,
                None => self.intern(id, line_no).map_err(|e| e.at_field("employee_id"))?,
            },
        };
        let date = field(cols.date);
        // Payroll exports come sorted by date more often than not: reuse the last parse.
        let same_date = last_date.valid
            && match <[u8; 10]>::try_from(date) {
                Ok(d) => last_date.length == 10 && d == last_date.bytes,
                Err(_) => last_date.length == date.len() && last_date.long.get(..date.len()) == Some(date),
            };
        let day = if same_date {
            last_date.day
        } else {
            let (day, month) = parse_date(date).map_err(|e| e.at_field("date"))?;
            let offset = months.check(date, month)?;
            last_date.keep(date);
            last_date.day = day;
            last_date.offset = offset;
            last_date.valid = true;
            day
        };
        let employment = match &self.register {
            Some(register) if self.defer_register && key & INTERNED == 0 && register.defers() => UNCHECKED,
            Some(register) => {
                register.check_days(id, key, day, day, self.ids, &mut self.register_cursor, |_| "date")?
            }
            None => NO_EMPLOYMENT,
        };
        let (centi, rounded) =
            parse_hours(field(cols.hours), !COMMA && cols.decimal_comma).map_err(|e| e.at_field("hours"))?;
        self.rounded_rows += u64::from(rounded);
        let department = match (&mut self.departments, cols.department) {
            (Some(dictionary), Some(at)) => dictionary.index(field(at))?,
            _ => 0,
        };
        let sex = match (&mut self.sexes, cols.sex) {
            (Some(dictionary), Some(at)) => dictionary.index(field(at))?,
            _ => 0,
        };

        Ok(Row {
            key,
            day,
            centi,
            department,
            sex,
            employment,
        })
    }
}

/// The last date read and its day number: payroll exports often come sorted by
/// date, so most rows repeat the previous row's date.
#[derive(Default)]
struct LastDate {
    /// A date of ten bytes, `YYYY-MM-DD`: the common case, compared whole.
    bytes: [u8; 10],
    /// A date of another length (`YYYYMMDD`, with a time), up to 32 bytes.
    long: [u8; 32],
    /// Its length (0: too long to keep).
    length: usize,
    day: i32,
    /// Its month's offset from the first headcount month.
    offset: i32,
    valid: bool,
}

impl LastDate {
    /// Keeps the text of a date parsed.
    fn keep(&mut self, date: &[u8]) {
        self.length = date.len();
        if let Ok(ten) = <[u8; 10]>::try_from(date) {
            self.bytes = ten;
        } else if let Some(long) = self.long.get_mut(..date.len()) {
            long.copy_from_slice(date);
        } else {
            self.length = 0;
        }
    }
}

/// [`ErrorKind::Interrupted`] when the flag is set.
pub(crate) fn interrupted(flag: Option<&AtomicBool>) -> Result<(), Error> {
    match flag {
        Some(flag) if flag.load(Ordering::Relaxed) => Err(Error::new(ErrorKind::Interrupted)),
        _ => Ok(()),
    }
}
