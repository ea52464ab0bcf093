//! Workbooks (`.xlsx`) read as CSV: a sheet's cells turned into the text the
//! CSV readers take (`docs/formats.md`, *CSV inputs in general*), so that a
//! workbook is read by the same rules and its errors name the sheet's row as
//! the line. Dates are written `YYYY-MM-DD` (with the time when it is not
//! midnight, which the date reader then refuses), numbers in their shortest
//! decimal form, as Excel shows them in full; no arithmetic on their binary
//! value is done.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::{Error, ErrorKind, Excerpt};

/// One sheet of a workbook as comma-separated UTF-8 text, line `n` its row `n`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Its rows as CSV.
    pub csv: Vec<u8>,
}

/// The sheet `name` of the workbook `bytes`, or its first sheet, as CSV.
///
/// # Errors
/// [`ErrorKind::Workbook`] when `bytes` is not a workbook that can be read;
/// [`ErrorKind::UnknownSheet`] listing the sheets; at its row,
/// [`ErrorKind::Cell`] for a cell holding an error (`#N/A`) or a line break,
/// and [`ErrorKind::Workbook`] for a sheet whose first row is empty (the
/// header must be on row 1, so that lines are rows).
///
/// # Example
/// ```
/// let err = utfall_absence::read_sheet(b"PK\x03\x04 not really", None).unwrap_err();
/// assert!(err.to_string().starts_with("cannot read the workbook: "));
/// ```
pub fn read_sheet(bytes: &[u8], name: Option<&str>) -> Result<Sheet, Error> {
    let workbook_error = |e: &dyn std::fmt::Display| {
        let message = e.to_string().split_whitespace().collect::<Vec<_>>().join(" ");
        Error::new(ErrorKind::Workbook {
            message: Excerpt::of(&message).text().to_lowercase(),
        })
    };
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| workbook_error(&e))?;
    let names = workbook.sheet_names();
    let name = match name {
        None => names
            .first()
            .cloned()
            .ok_or_else(|| workbook_error(&"it has no sheet"))?,
        Some(wanted) => names.iter().find(|n| *n == wanted).cloned().ok_or_else(|| {
            let sheets: Vec<String> = names.iter().map(|n| Excerpt::of(n).to_string()).collect();
            Error::new(ErrorKind::UnknownSheet {
                name: Excerpt::of(wanted),
                sheets: sheets.join(", "),
            })
        })?,
    };
    let range = workbook.worksheet_range(&name).map_err(|e| workbook_error(&e))?;
    let mut csv = Vec::new();
    if let Some((first_row, first_column)) = range.start() {
        if first_row > 0 {
            return Err(workbook_error(&"its first row is empty; the header must be on row 1").at_line(1));
        }
        for (row, cells) in range.rows().enumerate() {
            write_row(&mut csv, cells, row + 1, first_column)?;
        }
    }
    Ok(Sheet { name, csv })
}

/// Writes the cells of row `row` (from 1) as a CSV line; a row of empty cells
/// as an empty line, which the readers skip.
fn write_row(csv: &mut Vec<u8>, cells: &[Data], row: usize, first_column: u32) -> Result<(), Error> {
    if cells.iter().all(|c| matches!(c, Data::Empty)) {
        csv.push(b'\n');
        return Ok(());
    }
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            csv.push(b',');
        }
        let cell_name = || format!("{}{row}", column_letters(first_column as usize + i));
        let text = cell_text(cell).map_err(|error| {
            Error::new(ErrorKind::Cell {
                cell: cell_name(),
                error,
            })
            .at_line(row)
        })?;
        if text.contains(['\n', '\r']) {
            return Err(Error::new(ErrorKind::Cell {
                cell: cell_name(),
                error: format!("holds a line break: {}", Excerpt::of(&text)),
            })
            .at_line(row));
        }
        if text.contains([',', '"']) {
            csv.push(b'"');
            csv.extend_from_slice(text.replace('"', "\"\"").as_bytes());
            csv.push(b'"');
        } else {
            csv.extend_from_slice(text.as_bytes());
        }
    }
    csv.push(b'\n');
    Ok(())
}

/// A cell's text as the CSV readers take it; `Err` with what is wrong.
fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        // Display writes the shortest decimal that reads back as the same
        // binary value: what Excel shows for 7.5 or 8, never an exponent.
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (year, month, day, hour, minute, second, milli) = dt.to_ymd_hms_milli();
            if (hour, minute, second, milli) == (0, 0, 0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
            }
        }
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::Error(e) => return Err(format!("holds the error {e}")),
    })
}

/// The letters of a column (from 0): `A`, …, `Z`, `AA`, ….
fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_letters_them() {
        for (column, letters) in [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")] {
            assert_eq!(column_letters(column), letters);
        }
    }

    #[test]
    fn cells_are_written_as_the_csv_readers_take_them() {
        assert_eq!(cell_text(&Data::Float(7.5)), Ok("7.5".to_owned()));
        assert_eq!(cell_text(&Data::Float(8.0)), Ok("8".to_owned()));
        assert_eq!(cell_text(&Data::Float(0.1)), Ok("0.1".to_owned()));
        assert_eq!(cell_text(&Data::Float(1e21)), Ok("1000000000000000000000".to_owned()));
        assert_eq!(cell_text(&Data::Int(1007)), Ok("1007".to_owned()));
        let date = calamine::ExcelDateTime::new(43528.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date)), Ok("2019-03-04".to_owned()));
        let noon = calamine::ExcelDateTime::new(43528.5, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(noon)), Ok("2019-03-04 12:00:00".to_owned()));
        assert!(cell_text(&Data::Error(calamine::CellErrorType::NA)).is_err());
    }
}
