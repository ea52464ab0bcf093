//! Columns by name, for every CSV format of this crate: a format's columns
//! ([`Format`]: our names, required or optional), the names a file uses
//! instead ([`Mapping`], `--columns employee_id=Anstnr`), and the reading of
//! a header line into the place of each column ([`header`]).

use std::fmt;

use crate::fields::Splitter;
use crate::{CsvErrorKind, Error, ErrorKind, Excerpt};

/// One column of a format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// Its name, as a file's header has it unless mapped.
    pub name: &'static str,
    /// Whether every file must have it.
    pub required: bool,
}

/// The columns of a CSV format.
///
/// # Example
/// ```
/// use utfall_absence::Format;
/// let names: Vec<_> = Format::ABSENCE.columns.iter().map(|c| c.name).collect();
/// assert_eq!(names, ["employee_id", "date", "hours", "department", "sex"]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    /// What the file holds, for messages: `absence records`.
    pub what: &'static str,
    /// Its columns.
    pub columns: &'static [Column],
    /// The columns as messages list them.
    pub expected: &'static str,
    /// The flag that maps the file's names for its columns to ours
    /// (`--columns`), for a message about a column of another name; `None`
    /// when the format's columns are not mapped.
    pub mapping_flag: Option<&'static str>,
}

const fn required(name: &'static str) -> Column {
    Column { name, required: true }
}

const fn optional(name: &'static str) -> Column {
    Column { name, required: false }
}

impl Format {
    /// Absence records, one row per employee and sick date.
    pub const ABSENCE: Format = Format {
        what: "absence records",
        columns: &[
            required("employee_id"),
            required("date"),
            required("hours"),
            optional("department"),
            optional("sex"),
        ],
        expected: "employee_id,date,hours and optionally department,sex",
        mapping_flag: Some("--columns"),
    };

    /// Headcount, one row per month (and group).
    pub const HEADCOUNT: Format = Format {
        what: "headcount",
        columns: &[
            required("month"),
            required("employees"),
            optional("department"),
            optional("sex"),
        ],
        expected: "month,employees and optionally department,sex",
        mapping_flag: Some("--headcount-columns"),
    };

    /// Sick-leave periods, one row per employee and period (`docs/formats.md`,
    /// *Sick-leave periods*).
    pub const PERIODS: Format = Format {
        what: "sick-leave periods",
        columns: &[
            required("employee_id"),
            required("from"),
            required("to"),
            required("extent"),
            optional("department"),
            optional("sex"),
        ],
        expected: "employee_id,from,to,extent and optionally department,sex",
        mapping_flag: Some("--columns"),
    };

    /// Either form of absence file, for checking a column mapping given
    /// before the file's header says which it is (`--columns`, a
    /// measurement config's `[columns]`): every column of
    /// [`Format::ABSENCE`] and [`Format::PERIODS`]. Not a format to read.
    pub const ABSENCE_FILE: Format = Format {
        what: "absence files",
        columns: &[
            required("employee_id"),
            optional("date"),
            optional("hours"),
            optional("from"),
            optional("to"),
            optional("extent"),
            optional("department"),
            optional("sex"),
        ],
        expected: "employee_id,date,hours or employee_id,from,to,extent, and optionally department,sex",
        mapping_flag: Some("--columns"),
    };

    /// Working hours per weekday, one row per employee and time of validity
    /// (`docs/formats.md`, *Schedule*).
    pub const SCHEDULE: Format = Format {
        what: "schedules",
        columns: &[
            required("employee_id"),
            required("valid_from"),
            required("valid_to"),
            required("mon"),
            required("tue"),
            required("wed"),
            required("thu"),
            required("fri"),
            required("sat"),
            required("sun"),
        ],
        expected: "employee_id,valid_from,valid_to,mon,tue,wed,thu,fri,sat,sun",
        mapping_flag: None,
    };

    /// The employee register, one row per employee and employment
    /// (`docs/formats.md`, *Employee register*).
    pub const REGISTER: Format = Format {
        what: "employee registers",
        columns: &[
            required("employee_id"),
            required("start"),
            required("end"),
            optional("department"),
            optional("workplace"),
            optional("sex"),
            optional("birth_year"),
        ],
        expected: "employee_id,start,end and optionally department,workplace,sex,birth_year",
        mapping_flag: Some("--register-columns"),
    };

    /// The treated workplaces of the follow-up (`docs/formats.md`,
    /// *Treated workplaces*): one row per workplace.
    pub const TREATED: Format = Format {
        what: "treated-workplace files",
        columns: &[required("workplace"), optional("department"), optional("from")],
        expected: "workplace and optionally department,from",
        mapping_flag: None,
    };

    /// The place of column `name` in [`Format::columns`].
    pub fn position(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// The names a file's header uses for some of a format's columns: ours →
/// the file's. Columns not mapped keep their own names.
///
/// # Example
/// ```
/// use utfall_absence::{Format, Mapping};
/// let mapping = Mapping::parse("employee_id=Anstnr, date=Datum,hours=Timmar", &Format::ABSENCE)?;
/// assert_eq!(mapping.file_name("date"), "Datum");
/// assert_eq!(mapping.file_name("sex"), "sex");
/// assert_eq!(mapping.to_string(), "employee_id=Anstnr,date=Datum,hours=Timmar");
///
/// let err = Mapping::parse("emp=Anstnr", &Format::ABSENCE).unwrap_err();
/// assert_eq!(err.to_string(), "the column mapping names \"emp\", which absence records do not have (columns: employee_id,date,hours and optionally department,sex)");
/// # Ok::<(), utfall_absence::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Mapping {
    /// (ours, the file's), in the order given.
    pairs: Vec<(&'static str, String)>,
}

impl Mapping {
    /// A mapping of `format`'s columns, from (ours, the file's) pairs.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownMappedColumn`] for a name that is not one of
    /// `format`'s columns; [`ErrorKind::MappedTwice`] for one of ours mapped
    /// twice, or one name of the file given to two of ours.
    pub fn new<S: AsRef<str>, T: Into<String>>(
        pairs: impl IntoIterator<Item = (S, T)>,
        format: &Format,
    ) -> Result<Self, Error> {
        let mut mapping = Mapping::default();
        for (ours, theirs) in pairs {
            let (ours, theirs) = (ours.as_ref(), theirs.into());
            let Some(column) = format.columns.iter().find(|c| c.name == ours) else {
                return Err(Error::new(ErrorKind::UnknownMappedColumn {
                    column: Excerpt::of(ours),
                    what: format.what,
                    expected: format.expected,
                }));
            };
            let twice = mapping
                .pairs
                .iter()
                .find(|(o, t)| *o == column.name || *t == theirs)
                .map(|(o, t)| if *o == column.name { o.to_string() } else { t.clone() });
            if let Some(name) = twice {
                return Err(Error::new(ErrorKind::MappedTwice {
                    name: Excerpt::of(name),
                }));
            }
            mapping.pairs.push((column.name, theirs));
        }
        Ok(mapping)
    }

    /// A mapping written `ours=theirs,ours=theirs` (spaces around each
    /// name dropped), as `--columns` takes it.
    ///
    /// # Errors
    /// As [`Mapping::new`], and [`ErrorKind::UnknownMappedColumn`] for a
    /// part without `=`.
    pub fn parse(text: &str, format: &Format) -> Result<Self, Error> {
        let pairs = text
            .split(',')
            .filter(|part| !part.trim().is_empty())
            .map(|part| {
                let (ours, theirs) = part.split_once('=').unwrap_or((part, ""));
                (ours.trim(), theirs.trim())
            })
            .collect::<Vec<_>>();
        if let Some((ours, _)) = pairs.iter().find(|(_, theirs)| theirs.is_empty()) {
            return Err(Error::new(ErrorKind::MappingWithoutName {
                column: Excerpt::of(ours),
            }));
        }
        Self::new(pairs, format)
    }

    /// Whether no column is mapped.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The name the file uses for our column `ours`.
    pub fn file_name<'a>(&'a self, ours: &'a str) -> &'a str {
        self.pairs
            .iter()
            .find(|(o, _)| *o == ours)
            .map_or(ours, |(_, theirs)| theirs.as_str())
    }

    /// `error` with its field named as the file names it, when the field is
    /// one of ours that is mapped.
    pub(crate) fn shown(&self, error: Error) -> Error {
        let mapped = error
            .location()
            .field()
            .and_then(|field| self.pairs.iter().find(|(o, _)| *o == field))
            .map(|(_, theirs)| theirs.clone());
        match mapped {
            Some(theirs) => error.at_field(theirs),
            None => error,
        }
    }
}

impl fmt::Display for Mapping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (ours, theirs)) in self.pairs.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{ours}={theirs}")?;
        }
        Ok(())
    }
}

/// The place of each of `format`'s columns (by [`Format::columns`]) in the
/// header `line`, split by `splitter`: `None` for an optional column the file
/// does not have. Columns are matched by name, exactly, the mapped ones by the
/// file's name; a header name that is none of them, or is given twice, is an
/// error, and so is a required column or a mapped one that is missing.
///
/// # Errors
/// At line `line_no`: malformed CSV, [`CsvErrorKind::UnknownColumn`],
/// [`CsvErrorKind::MissingColumn`], [`ErrorKind::MappedColumnMissing`], and
/// [`CsvErrorKind::NotUtf8`] for a header that is not UTF-8.
pub(crate) fn header(
    splitter: &mut Splitter,
    line: &[u8],
    line_no: u64,
    format: &Format,
    mapping: &Mapping,
) -> Result<Vec<Option<usize>>, Error> {
    let at_line = |e: Error| e.at_line(line_no);
    splitter.split(line).map_err(at_line)?;
    if let Err(e) = std::str::from_utf8(line) {
        return Err(at_line(crate::encoding::not_utf8_in_line(line, e.valid_up_to(), None)));
    }
    let mut places = vec![None; format.columns.len()];
    // The first name that is none of the format's (`true`) or one given twice.
    let mut unknown = None;
    for i in 0..splitter.len() {
        let name = splitter.get(line, i);
        let known = format
            .columns
            .iter()
            .position(|c| mapping.file_name(c.name).as_bytes() == name);
        match known.and_then(|p| places.get_mut(p)).filter(|slot| slot.is_none()) {
            Some(slot) => *slot = Some(i),
            None => unknown = unknown.or(Some((name, known.is_none()))),
        }
    }
    // A mapped name the header lacks first: it explains an unknown column
    // (the file's own name for it, or ours where the mapping was not needed).
    for (column, place) in format.columns.iter().zip(&places) {
        let theirs = mapping.file_name(column.name);
        if place.is_none() && theirs != column.name {
            return Err(at_line(Error::new(ErrorKind::MappedColumnMissing {
                name: Excerpt::of(theirs),
                column: column.name,
            })));
        }
    }
    match (unknown, format.mapping_flag) {
        // A name of the file's own for one of ours, most likely (`Anstnr`,
        // `Datum`): say how to map it.
        (Some((name, true)), Some(flag)) => {
            return Err(at_line(Error::new(ErrorKind::UnmappedColumn {
                column: Excerpt::of(name),
                expected: format.expected,
                flag,
            })));
        }
        (Some((name, _)), _) => {
            return Err(at_line(Error::new(CsvErrorKind::UnknownColumn {
                column: Excerpt::of(name),
                expected: format.expected,
            })));
        }
        (None, _) => {}
    }
    if let Some(column) = format
        .columns
        .iter()
        .zip(&places)
        .find(|(c, p)| c.required && p.is_none())
    {
        return Err(at_line(Error::new(CsvErrorKind::MissingColumn {
            column: column.0.name,
            expected: format.expected,
        })));
    }
    Ok(places)
}

/// Where each of a format's columns is in a file, for the readers that take
/// a row's fields by the format's order (periods, schedules).
pub(crate) struct Columns<const N: usize> {
    /// Fields in the header (each row must have as many).
    count: usize,
    /// Each column's place, `None` when the file lacks it.
    at: [Option<usize>; N],
    /// Our column names by place in the file, for naming the field of an error.
    names: Vec<&'static str>,
}

impl<const N: usize> Columns<N> {
    /// Reads the header `line` of a file of `format` (which has `N` columns)
    /// as [`header`] does.
    ///
    /// # Errors
    /// As [`header`], at line 1.
    pub(crate) fn read(
        splitter: &mut Splitter,
        line: &[u8],
        format: &Format,
        mapping: &Mapping,
    ) -> Result<Self, Error> {
        let places = header(splitter, line, 1, format, mapping)?;
        let mut at = [None; N];
        for (slot, place) in at.iter_mut().zip(&places) {
            *slot = *place;
        }
        let mut names = vec![""; splitter.len()];
        for (column, place) in format.columns.iter().zip(&places) {
            if let Some(name) = place.and_then(|p| names.get_mut(p)) {
                *name = column.name;
            }
        }
        Ok(Self {
            count: splitter.len(),
            at,
            names,
        })
    }

    /// The place of column `i` of the format (`None` when absent).
    pub(crate) fn place(&self, i: usize) -> Option<usize> {
        self.at.get(i).copied().flatten()
    }

    /// Splits a row, checking that it is UTF-8 and its number of fields; an
    /// error names the field it stopped at.
    ///
    /// # Errors
    /// [`CsvErrorKind::NotUtf8`], bad quoting, or a number of fields other
    /// than the header's.
    pub(crate) fn split(&self, splitter: &mut Splitter, line: &[u8]) -> Result<(), Error> {
        if let Err(e) = std::str::from_utf8(line) {
            return Err(crate::encoding::not_utf8_in_line(line, e.valid_up_to(), None));
        }
        splitter
            .split(line)
            .map_err(|e| match self.names.get(splitter.failed_field()) {
                Some(name) => e.at_field(*name),
                None => e,
            })?;
        if splitter.len() != self.count {
            return Err(crate::fields::csv_error(format!(
                "the row has {} fields, the header {}",
                splitter.len(),
                self.count
            )));
        }
        Ok(())
    }
}

/// Reads a small CSV file of `format` written in `form` (the schedule, the
/// register, the treated workplaces): its header line, whose separator is
/// found unless `form` gives one, then every non-empty line, handed to `row`
/// with its number, the columns, a splitter for them and the separator. An
/// error of a row is said to be on its line; a file without a header line is
/// [`CsvErrorKind::Empty`]. Returns the header's columns.
pub(crate) fn read_table<const N: usize>(
    reader: impl std::io::Read,
    form: &crate::CsvForm,
    format: &Format,
    mut row: impl FnMut(u64, &[u8], &Columns<N>, &mut Splitter, utfall_engine::Delimiter) -> Result<(), Error>,
) -> Result<Columns<N>, Error> {
    let mut lines = crate::lines::Lines::new(crate::encoding::Decoded::new(reader, form.encoding));
    let mut header: Option<(Columns<N>, utfall_engine::Delimiter)> = None;
    let mut splitter = Splitter::default();
    lines.for_each(
        |_| Ok(()),
        |number, line| {
            match &header {
                None => {
                    let delimiter = form.resolve(line)?;
                    splitter = Splitter::new(delimiter.byte());
                    header = Some((Columns::read(&mut splitter, line, format, &form.columns)?, delimiter));
                }
                Some(_) if line.is_empty() => {}
                Some((columns, delimiter)) => {
                    row(number, line, columns, &mut splitter, *delimiter).map_err(|e| e.at_line(number))?;
                }
            }
            Ok(crate::lines::Flow::Continue)
        },
    )?;
    match header {
        Some((columns, _)) => Ok(columns),
        None => Err(Error::new(CsvErrorKind::Empty {
            expected: format.expected,
        })
        .at_line(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(line: &str, mapping: &str) -> Result<Vec<Option<usize>>, String> {
        let mapping = Mapping::parse(mapping, &Format::ABSENCE).map_err(|e| e.to_string())?;
        header(&mut Splitter::new(b';'), line.as_bytes(), 1, &Format::ABSENCE, &mapping).map_err(|e| e.to_string())
    }

    #[test]
    fn columns_are_found_by_their_own_or_their_mapped_name() {
        assert_eq!(
            places("date;employee_id;hours", ""),
            Ok(vec![Some(1), Some(0), Some(2), None, None])
        );
        assert_eq!(
            places(
                "Datum;Anstnr;Timmar;Kön",
                "employee_id=Anstnr,date=Datum,hours=Timmar,sex=Kön"
            ),
            Ok(vec![Some(1), Some(0), Some(2), None, Some(3)])
        );
        assert_eq!(
            places("Datum;Anstnr;hours", "employee_id=Anstnr,date=Datum,sex=Kön").unwrap_err(),
            "line 1: the header has no column \"Kön\", which the column mapping gives for sex"
        );
        assert_eq!(
            places("Datum;employee_id;hours", "employee_id=Anstnr,date=Datum").unwrap_err(),
            "line 1: the header has no column \"Anstnr\", which the column mapping gives for employee_id"
        );
        assert_eq!(
            places("Datum;Anstnr;hours;hours", "employee_id=Anstnr,date=Datum").unwrap_err(),
            "line 1: column \"hours\" is unknown or repeated (columns: employee_id,date,hours and optionally department,sex)"
        );
    }

    #[test]
    fn a_mapping_names_each_column_once() {
        for (text, message) in [
            ("date=A,date=B", "the column mapping gives \"date\" twice"),
            ("date=A,hours=A", "the column mapping gives \"A\" twice"),
            ("date", "the column mapping gives no name for \"date\": write date=NAME"),
        ] {
            assert_eq!(Mapping::parse(text, &Format::ABSENCE).unwrap_err().to_string(), message);
        }
        assert!(Mapping::parse(" , ", &Format::ABSENCE).unwrap().is_empty());
    }
}
