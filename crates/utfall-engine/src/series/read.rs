//! The CSV reading under the monthly series and the national index: the
//! header matched by name, each record with its line (found in an index of
//! line ends), lines and fields of bounded size, the separator given or found
//! from the header line.

use crate::dialect::{CsvDialect, Delimiter, header_line};
use crate::error::quote;
use crate::{CsvErrorKind, Error, ErrorKind, Excerpt};

/// Reads a CSV with exactly the columns `columns` (any order), separated as
/// `dialect` says, calling `row` with each record's line number, its fields in
/// the order of `columns` and the separator.
pub(super) fn read_rows<const N: usize>(
    text: &str,
    dialect: CsvDialect,
    columns: &[&'static str; N],
    expected: &'static str,
    mut row: impl FnMut(usize, [&str; N], Delimiter) -> Result<(), Error>,
) -> Result<(), Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = Lines::new(text)?;
    let delimiter = dialect
        .resolve(header_line(text.as_bytes()))
        .map_err(|e| Error::new(e).at_line(1))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter.byte())
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = reader.records().peekable();
    let header = match records.next() {
        None => return Err(Error::new(CsvErrorKind::Empty { expected }).at_line(1)),
        Some(header) => checked(text, &lines, header, records.peek().is_none())?,
    };
    short_fields(&header, None, 1)?;
    // positions[i] = where columns[i] is in the file.
    let mut positions = [usize::MAX; N];
    for (at, name) in header.iter().enumerate() {
        match columns.iter().position(|c| *c == name) {
            Some(i) if positions.get(i) == Some(&usize::MAX) => {
                if let Some(slot) = positions.get_mut(i) {
                    *slot = at;
                }
            }
            _ => {
                return Err(Error::new(CsvErrorKind::UnknownColumn {
                    column: Excerpt::of(name),
                    expected,
                })
                .at_line(1));
            }
        }
    }
    for (i, column) in columns.iter().enumerate() {
        if positions.get(i) == Some(&usize::MAX) {
            return Err(Error::new(CsvErrorKind::MissingColumn { column, expected }).at_line(1));
        }
    }
    while let Some(record) = records.next() {
        let record = checked(text, &lines, record, records.peek().is_none())?;
        // The reader's own line count does not advance on CRLF line ends.
        let line = record.position().map_or(0, |p| lines.line_at(text, p.byte()));
        short_fields(&record, Some(&header), line)?;
        if record.iter().all(str::is_empty) {
            // A blank line carries no data; the csv reader already skips truly
            // empty lines, this catches lines of bare commas.
            return Err(Error::new(CsvErrorKind::Malformed {
                message: "the row is empty".to_owned(),
            })
            .at_line(line));
        }
        let fields = positions.map(|at| record.get(at).unwrap_or(""));
        row(line, fields, delimiter).map_err(|e| e.at_line(line))?;
    }
    Ok(())
}

/// The longest line of a monthly series or national index read, in bytes
/// (64 KiB): a longer one is an error naming it, before anything is parsed.
pub const MAX_CSV_LINE_BYTES: usize = 64 * 1024;

/// The longest field of a monthly series or national index read, in bytes
/// (after the spaces around it are dropped): a month, a number or a column
/// name is far shorter.
pub const MAX_CSV_FIELD_BYTES: usize = 256;

/// Where the lines of a CSV text end, found in one pass, so that the line of
/// a record is a binary search (counting from the start for each record made
/// reading quadratic in the number of rows). Lines end as the csv reader ends
/// records: at `\n`, `\r\n` or a lone `\r` (each one line end), so that a
/// file with old Mac line ends gets its lines counted too (found by fuzzing:
/// its second line was called line 1).
struct Lines {
    /// The offset of each line end: a `\r`, or a `\n` not after a `\r`.
    ends: Vec<usize>,
}

impl Lines {
    /// The line ends of `text`; a line longer than [`MAX_CSV_LINE_BYTES`] is an
    /// error naming it.
    fn new(text: &str) -> Result<Self, Error> {
        let mut ends = Vec::new();
        let mut start = 0;
        let mut previous = 0u8;
        let check = |line: usize, start: usize, end: usize| {
            let bytes = end.saturating_sub(start);
            if bytes > MAX_CSV_LINE_BYTES {
                return Err(Error::new(ErrorKind::LineTooLong {
                    bytes,
                    limit: MAX_CSV_LINE_BYTES,
                })
                .at_line(line));
            }
            Ok(())
        };
        for (at, &b) in text.as_bytes().iter().enumerate() {
            if b == b'\n' && previous == b'\r' {
                // The second byte of a CRLF: the line ended at the `\r`.
                start = at + 1;
            } else if b == b'\r' || b == b'\n' {
                check(ends.len() + 1, start, at)?;
                ends.push(at);
                start = at + 1;
            }
            previous = b;
        }
        check(ends.len() + 1, start, text.len())?;
        Ok(Self { ends })
    }

    /// The line of the record starting at byte `offset`. With CRLF line ends
    /// the reader ends a record at the `\r` and starts the next at the `\n`,
    /// so line ends at the offset are skipped first.
    fn line_at(&self, text: &str, offset: u64) -> usize {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX).min(text.len());
        let skipped = text
            .get(offset..)
            .map_or(0, |rest| rest.len() - rest.trim_start_matches(['\r', '\n']).len());
        self.ends.partition_point(|&end| end < offset + skipped) + 1
    }
}

/// Every field of `record` (on `line`) is at most [`MAX_CSV_FIELD_BYTES`]
/// long; a longer one is an error naming its column (from `header`).
fn short_fields(record: &csv::StringRecord, header: Option<&csv::StringRecord>, line: usize) -> Result<(), Error> {
    match record.iter().enumerate().find(|(_, f)| f.len() > MAX_CSV_FIELD_BYTES) {
        None => Ok(()),
        Some((at, field)) => {
            let e = Error::new(ErrorKind::FieldTooLong {
                value: field.to_owned(),
                bytes: field.len(),
                limit: MAX_CSV_FIELD_BYTES,
            })
            .at_line(line);
            Err(match header.and_then(|h| h.get(at)) {
                Some(column) => e.at_field(column),
                None => e,
            })
        }
    }
}

/// A record as read, or its error. The csv reader takes a quote that is
/// never closed to run to the end of the file, so such a record is the `last`
/// and holds every line after it: that is said, rather than its field count or
/// its odd content. From its start to the end, the text then holds an odd
/// number of quotes.
fn checked(
    text: &str,
    lines: &Lines,
    record: csv::Result<csv::StringRecord>,
    last: bool,
) -> Result<csv::StringRecord, Error> {
    let start = match &record {
        Ok(record) => record.position(),
        Err(error) => error.position(),
    };
    let rest = start
        .and_then(|p| usize::try_from(p.byte()).ok())
        .and_then(|at| text.get(at..))
        .unwrap_or_default();
    if last && rest.bytes().filter(|&b| b == b'"').count() % 2 == 1 {
        let first_line = rest.trim_start_matches(['\r', '\n']).lines().next().unwrap_or_default();
        let e = Error::new(CsvErrorKind::Malformed {
            message: format!("a quote is not closed: {}", quote(first_line)),
        });
        return Err(match start {
            Some(p) => e.at_line(lines.line_at(text, p.byte())),
            None => e,
        });
    }
    record.map_err(|e| csv_error(text, lines, e))
}

fn csv_error(text: &str, lines: &Lines, error: csv::Error) -> Error {
    let line = error.position().map(|p| lines.line_at(text, p.byte()));
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("the row has {len} fields, the header {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_owned(),
        _ => error.to_string().to_lowercase(),
    };
    let e = Error::new(CsvErrorKind::Malformed { message });
    match line {
        Some(line) => e.at_line(line),
        None => e,
    }
}
