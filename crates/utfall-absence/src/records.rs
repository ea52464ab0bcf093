//! Reading absence records (`docs/formats.md`, *Absence records*) in large
//! chunks, one row at a time, into compact [`Row`]s.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use utfall_engine::Month;

use crate::fields::{
    INTERNED, MAX_FIELD, MAX_ID, Splitter, csv_error, normalised_id, numeric_id, parse_date, parse_hours, text,
    too_long,
};
use crate::lines::Lines;
use crate::measure::{Ids, Options};
use crate::{CsvErrorKind, Error, ErrorKind, Excerpt, Headcount};

const COLUMNS: &str = "employee_id,date,hours and optionally department,sex";

/// One record, compact: 16 bytes, so that a batch stays in cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    /// The employee: a plain number, or an interned index with [`INTERNED`] set.
    pub key: u64,
    /// Day number of the date.
    pub day: i32,
    /// Sick-leave hours × 100.
    pub centi: u16,
    /// Department index (0 when departments are not measured).
    pub department: u8,
    /// Sex index (0 when sexes are not measured).
    pub sex: u8,
}

/// Rows handed on at a time.
pub(crate) const BATCH: usize = 1 << 14;

/// Which months records may fall in: those with headcount, and with history
/// any month before the first.
#[derive(Clone, Debug)]
pub(crate) struct MonthCheck {
    pub first: Month,
    pub has_headcount: Vec<bool>,
    pub history: bool,
}

impl MonthCheck {
    pub(crate) fn new(headcount: &Headcount, history: bool) -> Result<Self, Error> {
        let months = headcount.months();
        let (Some(first), Some(last)) = (months.first(), months.last()) else {
            return Err(Error::new(ErrorKind::NoHeadcountRows));
        };
        let span = usize::try_from(first.months_until(*last)).unwrap_or(0) + 1;
        let mut has_headcount = vec![false; span];
        for m in &months {
            if let Some(slot) = usize::try_from(first.months_until(*m))
                .ok()
                .and_then(|i| has_headcount.get_mut(i))
            {
                *slot = true;
            }
        }
        Ok(Self {
            first: *first,
            has_headcount,
            history,
        })
    }

    /// The month's offset from the first headcount month, if records may
    /// fall in it.
    fn check(&self, date: &[u8], month: Month) -> Result<i32, Error> {
        let offset = self.first.months_until(month);
        let ok = match usize::try_from(offset) {
            Ok(m) => self.has_headcount.get(m) == Some(&true),
            Err(_) => self.history,
        };
        if ok {
            return Ok(offset);
        }
        Err(Error::new(ErrorKind::NoHeadcount {
            date: text(date),
            month,
            hint: if offset < 0 {
                "; to use records before the first headcount month for spells and repeated absence only, \
                 measure with history (utfall measure --history, or Options::history)"
            } else {
                ""
            },
        })
        .at_field("date"))
    }
}

/// What to do after a row.
pub(crate) enum Flow {
    Continue,
    Stop,
}

/// Maps a group column's values to the headcount file's indices.
struct Dictionary {
    column: &'static str,
    names: Vec<Vec<u8>>,
    /// Each name's length and its first and last eight bytes: equal to a
    /// value's exactly when the name is the value, for names of up to 16 bytes.
    packed: Vec<(usize, u64, u64)>,
}

/// A value's length and its first and last eight bytes (zero-padded).
fn pack(value: &[u8]) -> (usize, u64, u64) {
    let word = |bytes: &[u8]| {
        let mut w = [0u8; 8];
        for (slot, b) in w.iter_mut().zip(bytes) {
            *slot = *b;
        }
        u64::from_le_bytes(w)
    };
    let tail = value.get(value.len().saturating_sub(8)..).unwrap_or_default();
    (value.len(), word(value), word(tail))
}

impl Dictionary {
    fn new(column: &'static str, names: &[String]) -> Self {
        Self {
            column,
            names: names.iter().map(|n| n.as_bytes().to_vec()).collect(),
            packed: names.iter().map(|n| pack(n.as_bytes())).collect(),
        }
    }

    fn index(&self, value: &[u8]) -> Result<u8, Error> {
        let key = pack(value);
        let found = self
            .packed
            .iter()
            .zip(&self.names)
            .position(|(p, name)| *p == key && (value.len() <= 16 || name.as_slice() == value));
        match found {
            // At most 255 names (Headcount checks), so the index fits a u8.
            Some(i) => Ok(i as u8),
            None if value.len() > MAX_FIELD => Err(too_long(value, MAX_FIELD).at_field(self.column)),
            None => Err(Error::new(ErrorKind::UnknownGroup {
                column: self.column,
                value: Excerpt::of(value),
            })
            .at_field(self.column)),
        }
    }
}

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
    /// Rows whose hours had more than two decimals and were rounded.
    pub rounded_rows: u64,
}

/// The headcount cells of the dimensions in use.
struct GroupCheck {
    present: Vec<bool>,
    departments: usize,
    sexes: usize,
}

/// An employee id written in two ways (see [`crate::Ids`]): the key of one
/// form as written and its line, and the other's.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clash {
    pub key: u64,
    pub line: u64,
    pub other_key: u64,
    pub other_line: u64,
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
            rounded_rows: 0,
        }
    }

    /// The line of the first row of an interned id.
    pub(crate) fn first_line(&self, key: u64) -> u64 {
        let index = usize::try_from(key & !INTERNED).unwrap_or(usize::MAX);
        self.first_lines.get(index).copied().unwrap_or(0)
    }

    /// Ids written otherwise whose normalised form is a plain number: the
    /// number (the key of that form as written) and the interned key of the
    /// first such id, by line. Whether the number occurs as written is known
    /// only once every row is tracked.
    pub(crate) fn numeric_aliases(&self) -> Vec<(u64, u64)> {
        let mut aliases: Vec<(u64, u64)> = self
            .aliases
            .iter()
            .filter_map(|(normalised, key)| numeric_id(normalised).map(|n| (n, *key)))
            .collect();
        aliases.sort_by_key(|(_, key)| self.first_line(*key));
        aliases
    }

    /// The printable id of a key.
    pub(crate) fn id_text(&self, key: u64) -> String {
        if key & INTERNED == 0 {
            key.to_string()
        } else {
            let index = usize::try_from(key & !INTERNED).unwrap_or(usize::MAX);
            self.names.get(index).cloned().unwrap_or_default()
        }
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

    fn scan<R: Read>(
        &mut self,
        reader: R,
        headcount: &Headcount,
        months: &MonthCheck,
        progress: &mut dyn FnMut(u64),
        mut each: impl FnMut(Row, u64, Dimensions) -> Result<Flow, Error>,
    ) -> Result<Dimensions, Error> {
        let mut lines = Lines::new(reader);
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
            return Err(Error::new(CsvErrorKind::Empty { expected: COLUMNS }).at_line(1));
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
        if self.groups.is_some() {
            self.rows::<true, R>(&mut lines, &mut refilled, &columns, months, &mut each)?;
        } else {
            self.rows::<false, R>(&mut lines, &mut refilled, &columns, months, &mut each)?;
        }
        progress(lines.position());
        Ok(dimensions)
    }

    /// The rows after the header; with `GROUPS`, each checked to have a
    /// headcount row for its group in its month.
    fn rows<const GROUPS: bool, R: Read>(
        &mut self,
        lines: &mut Lines<R>,
        refilled: &mut impl FnMut(u64) -> Result<(), Error>,
        columns: &Columns,
        months: &MonthCheck,
        each: &mut impl FnMut(Row, u64) -> Result<Flow, Error>,
    ) -> Result<(), Error> {
        let mut splitter = Splitter::default();
        let mut last_date = LastDate::default();
        lines.for_each(refilled, |number, text| {
            if text.is_empty() {
                return Ok(Flow::Continue);
            }
            let row = self
                .row(text, number, columns, months, &mut splitter, &mut last_date)
                .map_err(|e| e.at_line(number))?;
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
        let mut splitter = Splitter::default();
        splitter.split(line).map_err(|e| e.at_line(1))?;
        const NAMES: [&str; 5] = ["employee_id", "date", "hours", "department", "sex"];
        let mut at: [Option<usize>; 5] = [None; 5];
        let mut names = Vec::with_capacity(splitter.len());
        for i in 0..splitter.len() {
            let name = splitter.get(line, i);
            let known = NAMES.iter().position(|c| c.as_bytes() == name);
            let slot = known.and_then(|p| at.get_mut(p)).filter(|slot| slot.is_none());
            match slot {
                Some(slot) => {
                    *slot = Some(i);
                    names.extend(known.and_then(|p| NAMES.get(p)));
                }
                None => {
                    return Err(Error::new(CsvErrorKind::UnknownColumn {
                        column: Excerpt::of(name),
                        expected: COLUMNS,
                    })
                    .at_line(1));
                }
            }
        }
        let required = |i: usize, column| {
            at.get(i).copied().flatten().ok_or_else(|| {
                Error::new(CsvErrorKind::MissingColumn {
                    column,
                    expected: COLUMNS,
                })
                .at_line(1)
            })
        };
        let [_, _, _, department, sex] = at;
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
        Ok(Columns {
            count: splitter.len(),
            names,
            employee: required(0, "employee_id")?,
            date: required(1, "date")?,
            hours: required(2, "hours")?,
            department: department.filter(|_| self.departments.is_some()),
            sex: sex.filter(|_| self.sexes.is_some()),
        })
    }

    fn row(
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
        for (i, &b) in line.iter().enumerate() {
            if b == b',' {
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
        let same_date = last_date.valid && <[u8; 10]>::try_from(date).is_ok_and(|d| d == last_date.bytes);
        let day = if same_date {
            last_date.day
        } else {
            let (day, month) = parse_date(date).map_err(|e| e.at_field("date"))?;
            let offset = months.check(date, month)?;
            // A parsed date is exactly ten bytes.
            last_date.bytes.copy_from_slice(date.get(..10).unwrap_or(b"0000-00-00"));
            last_date.day = day;
            last_date.offset = offset;
            last_date.valid = true;
            day
        };
        let (centi, rounded) = parse_hours(field(cols.hours)).map_err(|e| e.at_field("hours"))?;
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
        })
    }
}

/// The last date read and its day number: payroll exports often come sorted by
/// date, so most rows repeat the previous row's date.
#[derive(Default)]
struct LastDate {
    bytes: [u8; 10],
    day: i32,
    /// Its month's offset from the first headcount month.
    offset: i32,
    valid: bool,
}

/// [`ErrorKind::Interrupted`] when the flag is set.
pub(crate) fn interrupted(flag: Option<&AtomicBool>) -> Result<(), Error> {
    match flag {
        Some(flag) if flag.load(Ordering::Relaxed) => Err(Error::new(ErrorKind::Interrupted)),
        _ => Ok(()),
    }
}

impl RecordReader {
    /// Adds an id that is not a plain number to the interned ids; with
    /// [`Ids::Normalised`], first checks it against the ids written otherwise
    /// that normalise alike (the hot path, plain numbers, never comes here).
    #[cold]
    fn intern(&mut self, id: &[u8], line: u64) -> Result<u64, Error> {
        if id.is_empty() {
            return Err(Error::new(ErrorKind::EmptyEmployee));
        }
        if id.len() > MAX_ID {
            return Err(too_long(id, MAX_ID));
        }
        let key = INTERNED | self.names.len() as u64;
        if self.ids == Ids::Normalised {
            let normalised = normalised_id(id);
            if normalised.is_empty() {
                return Err(Error::new(ErrorKind::BlankEmployee { id: Excerpt::of(id) }));
            }
            let other = if normalised == id {
                // As it normalises: clashes with an id written otherwise.
                self.aliases.get(normalised).copied()
            } else {
                // Written otherwise: clashes with another such id, or with the
                // normalised form as written (a plain number is checked at the end).
                let other = self
                    .aliases
                    .get(normalised)
                    .or_else(|| self.interned.get(normalised))
                    .copied();
                self.aliases.entry(normalised.to_vec()).or_insert(key);
                other
            };
            if let Some(other_key) = other {
                return Err(self.clash_error(
                    Clash {
                        key,
                        line,
                        other_key,
                        other_line: self.first_line(other_key),
                    },
                    id,
                ));
            }
        }
        self.interned.insert(id.to_vec(), key);
        self.names.push(text(id));
        self.first_lines.push(line);
        Ok(key)
    }

    /// The error for two forms of one id; `id` is the text of `clash.key` when
    /// it is not interned yet.
    pub(crate) fn clash_error(&self, clash: Clash, id: &[u8]) -> Error {
        let shown = |key: u64| {
            let known = key & INTERNED == 0 || usize::try_from(key & !INTERNED).is_ok_and(|i| i < self.names.len());
            if known {
                Excerpt::of(self.id_text(key).as_bytes())
            } else {
                Excerpt::of(id)
            }
        };
        // The later line first.
        let (later, earlier) = if clash.line >= clash.other_line {
            ((clash.key, clash.line), (clash.other_key, clash.other_line))
        } else {
            ((clash.other_key, clash.other_line), (clash.key, clash.line))
        };
        Error::new(ErrorKind::SameEmployee {
            id: shown(later.0),
            line: later.1,
            other: shown(earlier.0),
            other_line: earlier.1,
        })
        .at_line(later.1)
        .at_field("employee_id")
    }
}

impl GroupCheck {
    /// The cells of the headcount file, collapsed to the group columns in use;
    /// `None` when no group column is, or when every month with headcount has
    /// a row for every group (then nothing needs checking).
    fn new(
        headcount: &Headcount,
        months: &MonthCheck,
        departments: Option<&Dictionary>,
        sexes: Option<&Dictionary>,
    ) -> Option<Self> {
        if departments.is_none() && sexes.is_none() {
            return None;
        }
        let size = |d: Option<&Dictionary>| d.map_or(1, |d| d.names.len().max(1));
        let (d, s) = (size(departments), size(sexes));
        let mut present = vec![false; months.has_headcount.len() * d * s];
        for (month, dep, sex) in headcount.cells().keys() {
            let Ok(m) = usize::try_from(months.first.months_until(*month)) else {
                continue;
            };
            let dep = if departments.is_some() { usize::from(*dep) } else { 0 };
            let sex = if sexes.is_some() { usize::from(*sex) } else { 0 };
            if let Some(cell) = present.get_mut((m * d + dep) * s + sex) {
                *cell = true;
            }
        }
        let complete = months
            .has_headcount
            .iter()
            .zip(present.chunks(d * s))
            .all(|(has, cells)| !has || cells.iter().all(|c| *c));
        (!complete).then_some(Self {
            present,
            departments: d,
            sexes: s,
        })
    }

    /// Whether a record of the month (offset) and group has a headcount row.
    /// Months before the first (history) have none and need none.
    #[inline]
    fn has(&self, offset: i32, department: u8, sex: u8) -> bool {
        let Ok(m) = usize::try_from(offset) else {
            return true;
        };
        let cell = (m * self.departments + usize::from(department)) * self.sexes + usize::from(sex);
        self.present.get(cell) == Some(&true)
    }

    /// The error for a record whose group has no headcount row in its month.
    #[cold]
    fn missing(&self, offset: i32, department: u8, sex: u8, months: &MonthCheck, reader: &RecordReader) -> Error {
        let m = usize::try_from(offset).unwrap_or(0);
        let (d, s) = (self.departments, self.sexes);
        let cell = |dep: usize, sex: usize| self.present.get((m * d + dep) * s + sex) == Some(&true);
        let name = |dictionary: &Option<Dictionary>, index: u8| {
            dictionary
                .as_ref()
                .and_then(|d| d.names.get(usize::from(index)))
                .map(|n| Excerpt::of(n).to_string())
                .unwrap_or_default()
        };
        let department_name = format!("department {}", name(&reader.departments, department));
        let sex_name = format!("sex {}", name(&reader.sexes, sex));
        let (group, field) = if reader.departments.is_some() && !(0..s).any(|x| cell(usize::from(department), x)) {
            (department_name, "department")
        } else if reader.sexes.is_some() && !(0..d).any(|x| cell(x, usize::from(sex))) {
            (sex_name, "sex")
        } else {
            (format!("{department_name}, {sex_name}"), "sex")
        };
        let month = months.first.add_months(offset).unwrap_or(months.first);
        Error::new(ErrorKind::NoGroupHeadcount { group, month }).at_field(field)
    }
}
