//! Reading absence records (`docs/formats.md`, *Absence records*) in large
//! chunks, one row at a time, into compact [`Row`]s.

use std::collections::HashMap;
use std::io::Read;

use utfall_engine::Month;

use crate::fields::{INTERNED, Splitter, csv_error, numeric_id, parse_date, parse_hours, text};
use crate::{Error, ErrorKind, Headcount};

const COLUMNS: &str = "employee_id,date,hours and optionally department,sex";

/// Bytes read at a time.
const CHUNK: usize = 256 << 10;

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

    fn check(&self, date: &[u8], month: Month) -> Result<(), Error> {
        let offset = self.first.months_until(month);
        let ok = match usize::try_from(offset) {
            Ok(m) => self.has_headcount.get(m) == Some(&true),
            Err(_) => self.history,
        };
        if ok {
            return Ok(());
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
            None => Err(Error::new(ErrorKind::UnknownGroup {
                column: self.column,
                value: text(value),
            })
            .at_field(self.column)),
        }
    }
}

/// Reads rows; keeps the interned employee ids for output.
pub(crate) struct RecordReader {
    departments: Option<Dictionary>,
    sexes: Option<Dictionary>,
    interned: HashMap<Vec<u8>, u64>,
    /// Interned ids by index.
    pub names: Vec<String>,
    /// Rows whose hours had more than two decimals and were rounded.
    pub rounded_rows: u64,
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
    pub(crate) fn new() -> Self {
        Self {
            departments: None,
            sexes: None,
            interned: HashMap::new(),
            names: Vec::new(),
            rounded_rows: 0,
        }
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

    fn scan(
        &mut self,
        mut reader: impl Read,
        headcount: &Headcount,
        months: &MonthCheck,
        progress: &mut dyn FnMut(u64),
        mut each: impl FnMut(Row, u64, Dimensions) -> Result<Flow, Error>,
    ) -> Result<Dimensions, Error> {
        let mut buffer = vec![0u8; CHUNK];
        let mut filled = 0;
        let mut consumed_total = 0u64;
        let mut line_no = 0u64;
        let mut splitter = Splitter::default();
        let mut columns: Option<Columns> = None;
        let mut dimensions = Dimensions {
            departments: 1,
            sexes: 1,
            by_department: false,
            by_sex: false,
        };
        let mut last_date = LastDate::default();
        let mut at_end = false;
        loop {
            if !at_end {
                if filled == buffer.len() {
                    // A line longer than the buffer: grow it.
                    buffer.resize(buffer.len() * 2, 0);
                }
                let n = read_some(&mut reader, buffer.get_mut(filled..).unwrap_or_default())?;
                at_end = n == 0;
                filled += n;
            }
            let data = buffer.get(..filled).unwrap_or_default();
            let mut start = 0;
            // Complete lines; at the end of input the rest is a last line without `\n`.
            loop {
                let (line, next) = match memchr::memchr(b'\n', data.get(start..).unwrap_or_default()) {
                    Some(at) => (data.get(start..start + at).unwrap_or_default(), start + at + 1),
                    None if at_end && start < data.len() => (data.get(start..).unwrap_or_default(), data.len()),
                    None => break,
                };
                start = next;
                line_no += 1;
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                let line = if line_no == 1 {
                    line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line)
                } else {
                    line
                };
                let Some(cols) = &columns else {
                    let cols = self.header(line, headcount)?;
                    dimensions = Dimensions {
                        departments: self.departments.as_ref().map_or(1, |d| d.names.len().max(1)),
                        sexes: self.sexes.as_ref().map_or(1, |d| d.names.len().max(1)),
                        by_department: self.departments.is_some(),
                        by_sex: self.sexes.is_some(),
                    };
                    columns = Some(cols);
                    continue;
                };
                if line.is_empty() {
                    continue;
                }
                let row = self
                    .row(line, cols, months, &mut splitter, &mut last_date)
                    .map_err(|e| e.at_line(line_no))?;
                if let Flow::Stop = each(row, line_no, dimensions)? {
                    return Ok(dimensions);
                }
            }
            consumed_total += start as u64;
            progress(consumed_total);
            if at_end {
                break;
            }
            buffer.copy_within(start..filled, 0);
            filled -= start;
        }
        if columns.is_none() {
            return Err(Error::new(ErrorKind::Empty { expected: COLUMNS }).at_line(1));
        }
        Ok(dimensions)
    }

    fn header(&mut self, line: &[u8], headcount: &Headcount) -> Result<Columns, Error> {
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
                    return Err(Error::new(ErrorKind::UnknownColumn {
                        column: text(name),
                        expected: COLUMNS,
                    })
                    .at_line(1));
                }
            }
        }
        let required = |i: usize, column| {
            at.get(i).copied().flatten().ok_or_else(|| {
                Error::new(ErrorKind::MissingColumn {
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
            None if id.is_empty() => return Err(Error::new(ErrorKind::EmptyEmployee).at_field("employee_id")),
            None => match self.interned.get(id) {
                Some(key) => *key,
                None => {
                    let key = INTERNED | self.names.len() as u64;
                    self.interned.insert(id.to_vec(), key);
                    self.names.push(text(id));
                    key
                }
            },
        };
        let date = field(cols.date);
        // Payroll exports come sorted by date more often than not: reuse the last parse.
        let same_date = last_date.valid && <[u8; 10]>::try_from(date).is_ok_and(|d| d == last_date.bytes);
        let day = if same_date {
            last_date.day
        } else {
            let (day, month) = parse_date(date).map_err(|e| e.at_field("date"))?;
            months.check(date, month)?;
            // A parsed date is exactly ten bytes.
            last_date.bytes.copy_from_slice(date.get(..10).unwrap_or(b"0000-00-00"));
            last_date.day = day;
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
    valid: bool,
}

/// Reads until the buffer has data or the input ends; retries on interruption.
fn read_some(reader: &mut impl Read, buffer: &mut [u8]) -> Result<usize, Error> {
    loop {
        match reader.read(buffer) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
}
