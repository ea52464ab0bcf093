//! The headcount file (`docs/formats.md`, *Headcount*): employees per month and,
//! optionally, per department and sex.

use std::collections::BTreeMap;
use std::io::Read;

use utfall_engine::Month;

use crate::columns::{Format, header};
use crate::encoding::{Decoded, check_line};
use crate::fields::{MAX_FIELD, Splitter, text, too_long};
use crate::lines::Lines;
use crate::options::CsvForm;
use crate::{CsvErrorKind, Error, ErrorKind, Excerpt};

const COLUMNS: &str = Format::HEADCOUNT.expected;

/// Most cells (months from the first to the last × departments × sexes) a
/// measurement holds: 16 Mi, about 45 bytes each in its tables (750 MiB);
/// 255 departments of two sexes over 2 700 years.
const MAX_CELLS: u64 = 1 << 24;

/// Employees per month and group: `month,employees[,department][,sex]`.
///
/// With `department` and `sex` columns there is one row per month and group, and
/// the whole organisation's headcount is their sum.
///
/// # Example
/// ```
/// use utfall_absence::Headcount;
/// let h = Headcount::from_csv_str("\
/// month,department,sex,employees
/// 2020-01,Skola,F,30
/// 2020-01,Skola,M,10
/// 2020-01,Vård,F,50
/// ")?;
/// assert_eq!(h.total("2020-01".parse().unwrap()), Some(90));
/// assert_eq!(h.departments(), Some(&["Skola".to_string(), "Vård".to_string()][..]));
///
/// let err = Headcount::from_csv_str("month,employees\n2020-01,5\n2020-01,6\n").unwrap_err();
/// assert_eq!(err.to_string(), "line 3: headcount for 2020-01 the whole organisation is given twice (first on line 2)");
/// # Ok::<(), utfall_absence::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Headcount {
    departments: Option<Vec<String>>,
    sexes: Option<Vec<String>>,
    /// (month, department index, sex index) → employees; index 0 when the column
    /// is absent.
    cells: BTreeMap<(Month, u8, u8), u32>,
}

impl Headcount {
    /// Reads headcount CSV text.
    ///
    /// # Errors
    /// With line and column: a missing or unknown column, a bad month, an
    /// employee count that is not a whole number, a line longer than 64 KiB or
    /// a field longer than 256 bytes, a month and group given twice,
    /// a month whose rows sum to more than `u32::MAX` employees
    /// ([`ErrorKind::HeadcountTooLarge`]), more than 255 departments or sexes,
    /// more than 16 Mi cells of months × departments × sexes
    /// ([`ErrorKind::TooManyCells`]), malformed CSV, no rows.
    ///
    /// # Example
    /// ```
    /// use utfall_absence::Headcount;
    /// assert!(Headcount::from_csv_str("employees,month\n12,2020-01\n").is_ok());
    /// assert!(Headcount::from_csv_str("month,employees\n2020-1,12\n").is_err());
    /// ```
    pub fn from_csv_str(text: &str) -> Result<Self, Error> {
        Self::from_reader(text.as_bytes())
    }

    /// Reads headcount CSV from a reader (see [`Headcount::from_csv_str`]).
    ///
    /// # Errors
    /// As [`Headcount::from_csv_str`], and [`ErrorKind::Io`] if reading fails.
    ///
    /// # Example
    /// ```
    /// use utfall_absence::Headcount;
    /// let h = Headcount::from_reader(&b"month,employees\n2020-01,12\n"[..])?;
    /// assert_eq!(h.months().len(), 1);
    /// # Ok::<(), utfall_absence::Error>(())
    /// ```
    pub fn from_reader(reader: impl Read) -> Result<Self, Error> {
        Self::from_reader_as(reader, &CsvForm::default())
    }

    /// Reads headcount CSV written as `form` says: its separator, encoding
    /// and column names (see [`CsvForm`]).
    ///
    /// # Errors
    /// As [`Headcount::from_csv_str`]; a header naming no separator clearly
    /// ([`CsvErrorKind::AmbiguousDelimiter`]); a line that is not UTF-8 in a
    /// file read as UTF-8 ([`CsvErrorKind::NotUtf8`]); a column the mapping
    /// names that the header lacks ([`ErrorKind::MappedColumnMissing`]).
    ///
    /// # Example
    /// ```
    /// use utfall_absence::{CsvForm, Encoding, Headcount};
    /// let latin = CsvForm { encoding: Encoding::Windows1252, ..CsvForm::default() };
    /// let h = Headcount::from_reader_as(&b"month;department;employees\n2020-01;F\xf6rskola;12\n"[..], &latin)?;
    /// assert_eq!(h.departments(), Some(&["Förskola".to_string()][..]));
    /// # Ok::<(), utfall_absence::Error>(())
    /// ```
    pub fn from_reader_as(reader: impl Read, form: &CsvForm) -> Result<Self, Error> {
        Self::read(reader, form).map_err(|e| form.columns.shown(e))
    }

    fn read(reader: impl Read, form: &CsvForm) -> Result<Self, Error> {
        let mut lines = Lines::new(Decoded::new(reader, form.encoding));
        let header = match lines.next_line()? {
            Some(line) if !line.text.is_empty() => line.text.to_vec(),
            _ => return Err(Error::new(CsvErrorKind::Empty { expected: COLUMNS }).at_line(1)),
        };
        let delimiter = form.resolve(&header)?;
        let mut splitter = Splitter::new(delimiter.byte());
        let Columns {
            month_at,
            employees_at,
            department_at,
            sex_at,
        } = Columns::of(&mut splitter, &header, form)?;
        let columns = splitter.len();
        let name_of = |at: usize| {
            [
                (Some(month_at), "month"),
                (Some(employees_at), "employees"),
                (department_at, "department"),
                (sex_at, "sex"),
            ]
            .into_iter()
            .find(|(place, _)| *place == Some(at))
            .map(|(_, name)| name)
        };

        let names: Vec<&str> = (0..columns).map(|at| name_of(at).unwrap_or_default()).collect();
        let mut rows = Vec::new();
        while let Some(line) = lines.next_line()? {
            let (line_no, line) = (line.number, line.text);
            if line.is_empty() {
                continue;
            }
            // A small file: every line is checked to be text.
            if let Some(e) = check_line(line, delimiter.byte(), &names) {
                return Err(e.at_line(line_no));
            }
            splitter.split(line).map_err(|e| {
                let e = e.at_line(line_no);
                match name_of(splitter.failed_field()) {
                    Some(name) => e.at_field(name),
                    None => e,
                }
            })?;
            if splitter.len() != columns {
                return Err(Error::new(CsvErrorKind::Malformed {
                    message: format!("the row has {} fields, the header {columns}", splitter.len()),
                })
                .at_line(line_no));
            }
            let field = |at: usize| splitter.get(line, at);
            if let Some(at) = (0..columns).find(|&at| field(at).len() > MAX_FIELD) {
                let e = too_long(field(at), MAX_FIELD).at_line(line_no);
                return Err(match name_of(at) {
                    Some(name) => e.at_field(name),
                    None => e,
                });
            }
            let month_text = field(month_at);
            // Not UTF-8: quoted with replacement characters, not as "".
            let month: Month = text(month_text).parse().map_err(|e: utfall_engine::Error| {
                // The engine quotes the whole field: a month is 7 bytes, so say
                // what a long field is in a short excerpt of our own.
                let message = match Excerpt::of(month_text) {
                    long if long.is_cut() => format!("{long} is not a month: a month is written YYYY-MM"),
                    _ => e.to_string(),
                };
                Error::new(ErrorKind::BadMonth(message))
                    .at_line(line_no)
                    .at_field("month")
            })?;
            let count = field(employees_at);
            let bad = |kind| Error::new(kind).at_line(line_no).at_field("employees");
            if count.is_empty() || !count.iter().all(u8::is_ascii_digit) {
                return Err(bad(CsvErrorKind::NotWholeNumber {
                    value: Excerpt::of(count),
                }));
            }
            let digits = count
                .iter()
                .position(|&b| b != b'0')
                .map_or(&b""[..], |at| count.get(at..).unwrap_or_default());
            if digits.len() > 9 {
                return Err(bad(CsvErrorKind::WholeNumberTooLarge {
                    value: Excerpt::of(count),
                    limit: 999_999_999,
                }));
            }
            // At most nine digits: below 10⁹, so the sum cannot overflow.
            let employees = digits.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
            let department = department_at.map(|at| text(field(at)));
            let sex = sex_at.map(|at| text(field(at)));
            rows.push((line_no, month, department, sex, employees));
        }
        if rows.is_empty() {
            return Err(Error::new(ErrorKind::NoHeadcountRows));
        }
        Self::from_rows(rows, department_at, sex_at)
    }

    /// The headcount of the rows read: group names sorted into dictionaries,
    /// the size of the tables a measurement would make checked, the rows of a
    /// month summed.
    pub(crate) fn from_rows(
        rows: Vec<HeadcountRow>,
        department_at: Option<usize>,
        sex_at: Option<usize>,
    ) -> Result<Self, Error> {
        let dictionary = |values: Vec<&String>, column: &'static str| -> Result<Vec<String>, Error> {
            let mut names: Vec<String> = values.into_iter().cloned().collect();
            names.sort();
            names.dedup();
            if names.len() > usize::from(u8::MAX) {
                return Err(Error::new(ErrorKind::TooManyGroups { column, limit: 255 }));
            }
            Ok(names)
        };
        let departments = match department_at {
            Some(_) => Some(dictionary(
                rows.iter().filter_map(|r| r.2.as_ref()).collect(),
                "department",
            )?),
            None => None,
        };
        let sexes = match sex_at {
            Some(_) => Some(dictionary(rows.iter().filter_map(|r| r.3.as_ref()).collect(), "sex")?),
            None => None,
        };
        let index = |names: &Option<Vec<String>>, value: &Option<String>| -> u8 {
            match (names, value) {
                // The dictionaries hold at most 255 names, so the position fits a u8.
                (Some(names), Some(value)) => names.binary_search(value).map_or(0, |i| i as u8),
                _ => 0,
            }
        };
        // The measurement keeps a table of months × departments × sexes: refuse
        // a file whose table would not fit in memory (a stray year 0001 or 9999
        // with hundreds of groups) rather than fail allocating it.
        let (first, last) = (rows.iter().map(|r| r.1).min(), rows.iter().map(|r| r.1).max());
        if let (Some(first), Some(last)) = (first, last) {
            let months = u64::from(first.months_until(last).unsigned_abs()) + 1;
            let size = |names: &Option<Vec<String>>| names.as_ref().map_or(1, |n| n.len().max(1) as u64);
            let (departments, sexes) = (size(&departments), size(&sexes));
            let cells = months * departments * sexes;
            if cells > MAX_CELLS {
                return Err(Error::new(ErrorKind::TooManyCells {
                    months,
                    departments,
                    sexes,
                    cells,
                    limit: MAX_CELLS,
                }));
            }
        }
        let mut cells = BTreeMap::new();
        let mut first_lines = BTreeMap::new();
        // The whole organisation's headcount of a month is the sum of its rows.
        let mut totals: BTreeMap<Month, u32> = BTreeMap::new();
        for (line_no, month, department, sex, employees) in &rows {
            let total = totals.entry(*month).or_default();
            *total = total.checked_add(*employees).ok_or_else(|| {
                Error::new(ErrorKind::HeadcountTooLarge {
                    month: *month,
                    limit: u32::MAX,
                })
                .at_line(*line_no)
                .at_field("employees")
            })?;
            let key = (*month, index(&departments, department), index(&sexes, sex));
            if let Some(first_line) = first_lines.insert(key, *line_no) {
                let quoted = |name: &String| Excerpt::of(name.as_bytes());
                let group = match (department, sex) {
                    (None, None) => "the whole organisation".to_owned(),
                    (Some(d), None) => format!("department {}", quoted(d)),
                    (None, Some(s)) => format!("sex {}", quoted(s)),
                    (Some(d), Some(s)) => format!("department {}, sex {}", quoted(d), quoted(s)),
                };
                return Err(Error::new(ErrorKind::DuplicateHeadcount {
                    month: *month,
                    group,
                    first_line,
                })
                .at_line(*line_no));
            }
            cells.insert(key, *employees);
        }
        Ok(Self {
            departments,
            sexes,
            cells,
        })
    }

    /// The departments, sorted, when the file has a `department` column.
    pub fn departments(&self) -> Option<&[String]> {
        self.departments.as_deref()
    }

    /// The sexes, sorted, when the file has a `sex` column.
    pub fn sexes(&self) -> Option<&[String]> {
        self.sexes.as_deref()
    }

    /// The months with headcount rows, in order.
    pub fn months(&self) -> Vec<Month> {
        let mut months: Vec<Month> = self.cells.keys().map(|k| k.0).collect();
        months.dedup();
        months
    }

    /// The whole organisation's headcount in `month`, if the file covers it.
    pub fn total(&self, month: Month) -> Option<u32> {
        let mut cells = self.cells.range((month, 0, 0)..=(month, u8::MAX, u8::MAX)).peekable();
        cells.peek()?;
        Some(cells.fold(0u32, |sum, (_, n)| sum.saturating_add(*n)))
    }

    /// Employees per (month, department index, sex index).
    pub(crate) fn cells(&self) -> &BTreeMap<(Month, u8, u8), u32> {
        &self.cells
    }
}

/// One row as read: its line, month, department, sex and employees.
pub(crate) type HeadcountRow = (u64, Month, Option<String>, Option<String>, u32);

/// The places of the headcount file's columns.
struct Columns {
    month_at: usize,
    employees_at: usize,
    department_at: Option<usize>,
    sex_at: Option<usize>,
}

impl Columns {
    /// The columns of the header line (line 1).
    fn of(splitter: &mut Splitter, line: &[u8], form: &CsvForm) -> Result<Self, Error> {
        let places = header(splitter, line, 1, &Format::HEADCOUNT, &form.columns)?;
        let place = |i: usize| places.get(i).copied().flatten();
        // `header` checked that the required columns are there.
        Ok(Self {
            month_at: place(0).unwrap_or(0),
            employees_at: place(1).unwrap_or(0),
            department_at: place(2),
            sex_at: place(3),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_lf_crlf_and_a_lone_cr() {
        let lf = Headcount::from_csv_str("month,employees\n2020-01,5\n2020-02,6\n").unwrap();
        for text in [
            "month,employees\r\n2020-01,5\r\n2020-02,6\r\n",
            "month,employees\r2020-01,5\r2020-02,6\r",
            "\u{feff}month,employees\r2020-01,5\r\r2020-02,6",
        ] {
            assert_eq!(Headcount::from_csv_str(text).unwrap(), lf, "{text:?}");
        }
        // Lines are counted as the monthly series counts them: \r\r is two line ends.
        let err = Headcount::from_csv_str("month,employees\r2020-01,5\r\r2020-01,6\r").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 4: headcount for 2020-01 the whole organisation is given twice (first on line 2)"
        );
    }

    #[test]
    fn long_lines_and_fields_are_refused_with_short_quotes() {
        let name = "D".repeat(MAX_FIELD);
        let text = format!("month,department,employees\n2020-01,{name},5\n");
        assert_eq!(Headcount::from_csv_str(&text).unwrap().departments(), Some(&[name][..]));
        let text = format!("month,department,employees\n2020-01,{},5\n", "D".repeat(MAX_FIELD + 1));
        assert_eq!(
            Headcount::from_csv_str(&text).unwrap_err().to_string(),
            format!(
                "line 2: field department: \"{}\"… is longer than 256 bytes",
                "D".repeat(40)
            )
        );
        let text = format!("month,employees\n{},5\n", "2020-01".repeat(20));
        assert_eq!(
            Headcount::from_csv_str(&text).unwrap_err().to_string(),
            format!(
                "line 2: field month: \"{}\"… is not a month: a month is written YYYY-MM",
                &"2020-01".repeat(6)[..40]
            )
        );
        let text = format!("month,employees,{}\n2020-01,5\n", "x".repeat(1000));
        assert_eq!(
            Headcount::from_csv_str(&text).unwrap_err().to_string(),
            format!(
                "line 1: column \"{0}\"… is none of month,employees and optionally department,sex; if it is one of them under another name, map it: --headcount-columns OURS=\"{0}\"…",
                "x".repeat(40)
            )
        );
        let text = format!("month,employees\n2020-01,5{}\n", "0".repeat(crate::lines::MAX_LINE));
        assert_eq!(
            Headcount::from_csv_str(&text).unwrap_err().to_string(),
            format!(
                "line 2: the line is longer than 65536 bytes; it starts \"2020-01,5{}\"…",
                "0".repeat(31)
            )
        );
    }
}
