//! The treated-workplace file (`docs/formats.md`, *Treated workplaces*):
//! `workplace` and optionally `department` and `from` (the month the
//! intervention began there, `YYYY-MM`, or empty).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::Read;

use utfall_engine::Month;

use crate::columns::{Columns, Format, read_table};
use crate::fields::{MAX_FIELD, Splitter, text, too_long};
use crate::options::CsvForm;
use crate::{Error, ErrorKind, Excerpt, TreatedWorkplace};

/// Reads a treated-workplace file written in `form` (its separator, found
/// from the header line unless given, and encoding).
///
/// # Errors
/// With line and field: a missing or unknown column; an empty workplace; a
/// `from` that is not a `YYYY-MM` month ([`ErrorKind::BadTreatedMonth`]);
/// one workplace on two lines ([`ErrorKind::TreatedTwice`]); no rows.
///
/// # Example
/// ```
/// use utfall_absence::{CsvForm, read_treated};
/// let file = "department,workplace,from\nVård,Hemtjänst Norr,2018-10\nSkola,Tumba skola,\n";
/// let treated = read_treated(file.as_bytes(), &CsvForm::default())?;
/// assert_eq!(treated[0].workplace, "Hemtjänst Norr");
/// assert_eq!(treated[0].from.map(|m| m.to_string()), Some("2018-10".into()));
/// assert_eq!(treated[1].from, None);
///
/// let err = read_treated("workplace,from\nNorr,2018-13\n".as_bytes(), &CsvForm::default()).unwrap_err();
/// assert_eq!(err.to_string(), "line 2: field from: \"2018-13\" is not a month YYYY-MM");
/// # Ok::<(), utfall_absence::Error>(())
/// ```
pub fn read_treated(reader: impl Read, form: &CsvForm) -> Result<Vec<TreatedWorkplace>, Error> {
    let mut rows: Vec<TreatedWorkplace> = Vec::new();
    // The line of each (department, workplace): a list of 40 000 workplaces
    // is not searched row by row.
    let mut lines: HashMap<(Option<String>, String), u64> = HashMap::new();
    read_table(
        reader,
        form,
        &Format::TREATED,
        |number, line, columns: &Columns<3>, splitter, _| {
            let row = row(line, number, columns, splitter)?;
            match lines.entry((row.department.clone(), row.workplace.clone())) {
                Entry::Occupied(earlier) => {
                    return Err(Error::new(ErrorKind::TreatedTwice {
                        workplace: row.workplace.clone(),
                        other_line: *earlier.get(),
                    })
                    .at_field("workplace"));
                }
                Entry::Vacant(place) => {
                    place.insert(row.line);
                }
            }
            rows.push(row);
            Ok(())
        },
    )?;
    if rows.is_empty() {
        return Err(Error::new(ErrorKind::NoTreatedRows));
    }
    Ok(rows)
}

fn row(line: &[u8], number: u64, columns: &Columns<3>, splitter: &mut Splitter) -> Result<TreatedWorkplace, Error> {
    columns.split(splitter, line)?;
    let field = |i: usize| columns.place(i).map(|at| splitter.get(line, at));
    let name = |i: usize, value: &[u8]| -> Result<String, Error> {
        let column = Format::TREATED.columns.get(i).map_or("", |c| c.name);
        if value.len() > MAX_FIELD {
            return Err(too_long(value, MAX_FIELD).at_field(column));
        }
        Ok(text(value))
    };
    let workplace = name(0, field(0).unwrap_or_default())?;
    if workplace.trim().is_empty() {
        return Err(Error::new(ErrorKind::EmptyWorkplace).at_field("workplace"));
    }
    let department = match field(1) {
        Some(value) => Some(name(1, value)?),
        None => None,
    };
    let from = match field(2) {
        None | Some(b"") => None,
        Some(value) => Some(
            std::str::from_utf8(value)
                .ok()
                .and_then(|t| t.parse::<Month>().ok())
                .ok_or_else(|| {
                    Error::new(ErrorKind::BadTreatedMonth {
                        value: Excerpt::of(value),
                    })
                    .at_field("from")
                })?,
        ),
    };
    Ok(TreatedWorkplace {
        department,
        workplace,
        from,
        line: number,
    })
}
