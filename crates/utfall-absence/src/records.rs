//! Reading absence records (SPEC.md section 4, *Absence records*) in large
//! chunks, one row at a time, into compact [`Row`]s.

use std::collections::HashMap;
use std::io::Read;

use utfall_engine::Month;

use crate::fields::{INTERNED, Splitter, csv_error, numeric_id, parse_date, parse_hours, text};
use crate::{Error, ErrorKind, Headcount};

const COLUMNS: &str = "employee_id,date,hours and optionally department,sex";

/// Bytes read at a time.
const CHUNK: usize = 4 << 20;

/// One record, compact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    /// The employee: a plain number, or an interned index with [`INTERNED`] set.
    pub key: u64,
    /// Day number of the date.
    pub day: i32,
    /// The date's month.
    pub month: Month,
    /// Sick-leave hours × 100.
    pub centi: u16,
    /// Department index (0 when departments are not measured).
    pub department: u8,
    /// Sex index (0 when sexes are not measured).
    pub sex: u8,
    /// Line in the file.
    pub line: u64,
}

/// What to do after a row.
pub(crate) enum Flow {
    Continue,
    Stop,
}

/// Maps a group column's values to the headcount file's indices.
struct Dictionary {
    column: &'static str,
    names: Vec<String>,
    last: Option<(Vec<u8>, u8)>,
}

impl Dictionary {
    fn index(&mut self, value: &[u8]) -> Result<u8, Error> {
        if let Some((bytes, index)) = &self.last {
            if bytes.as_slice() == value {
                return Ok(*index);
            }
        }
        let found = self.names.iter().position(|n| n.as_bytes() == value);
        match found {
            // At most 255 names (Headcount checks), so the index fits a u8.
            Some(i) => {
                self.last = Some((value.to_vec(), i as u8));
                Ok(i as u8)
            }
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

    /// Reads every row of `reader`, calling `each` for each, and `progress` with
    /// the bytes read so far after each chunk. Returns the dimensions in use.
    pub(crate) fn read(
        &mut self,
        mut reader: impl Read,
        headcount: &Headcount,
        progress: &mut dyn FnMut(u64),
        mut each: impl FnMut(Row, Dimensions) -> Result<Flow, Error>,
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
        let mut last_date: Option<(Vec<u8>, i32, Month)> = None;
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
                    .row(line, line_no, cols, &mut splitter, &mut last_date)
                    .map_err(|e| e.at_line(line_no))?;
                if let Flow::Stop = each(row, dimensions)? {
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
        let mut at: [Option<usize>; 5] = [None; 5];
        for i in 0..splitter.len() {
            let name = splitter.get(line, i);
            let slot = ["employee_id", "date", "hours", "department", "sex"]
                .iter()
                .position(|c| c.as_bytes() == name)
                .and_then(|p| at.get_mut(p))
                .filter(|slot| slot.is_none());
            match slot {
                Some(slot) => *slot = Some(i),
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
            (Some(_), Some(names)) => Some(Dictionary {
                column: "department",
                names: names.to_vec(),
                last: None,
            }),
            _ => None,
        };
        self.sexes = match (sex, headcount.sexes()) {
            (Some(_), Some(names)) => Some(Dictionary {
                column: "sex",
                names: names.to_vec(),
                last: None,
            }),
            _ => None,
        };
        Ok(Columns {
            count: splitter.len(),
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
        splitter: &mut Splitter,
        last_date: &mut Option<(Vec<u8>, i32, Month)>,
    ) -> Result<Row, Error> {
        splitter.split(line)?;
        if splitter.len() != cols.count {
            return Err(csv_error(format!(
                "the row has {} fields, the header {}",
                splitter.len(),
                cols.count
            )));
        }
        let id = splitter.get(line, cols.employee);
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
        let date = splitter.get(line, cols.date);
        // Payroll exports come sorted by date more often than not: reuse the last parse.
        let (day, month) = match last_date {
            Some((bytes, day, month)) if bytes.as_slice() == date => (*day, *month),
            _ => {
                let (day, month) = parse_date(date).map_err(|e| e.at_field("date"))?;
                *last_date = Some((date.to_vec(), day, month));
                (day, month)
            }
        };
        let centi = parse_hours(splitter.get(line, cols.hours)).map_err(|e| e.at_field("hours"))?;
        let department = match (&mut self.departments, cols.department) {
            (Some(dictionary), Some(at)) => dictionary.index(splitter.get(line, at))?,
            _ => 0,
        };
        let sex = match (&mut self.sexes, cols.sex) {
            (Some(dictionary), Some(at)) => dictionary.index(splitter.get(line, at))?,
            _ => 0,
        };
        Ok(Row {
            key,
            day,
            month,
            centi,
            department,
            sex,
            line: line_no,
        })
    }
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
