//! Rows of an employee valid from one date to another (a schedule's entries,
//! a register's employments), and the checks across them both files share.

use crate::fields::format_day;
use crate::records::{Clash, RecordReader};
use crate::{Error, ErrorKind};

/// A row valid for one employee from `from` to `to` (days, inclusive), read
/// at `line`.
pub(crate) trait Dated {
    /// The employee's key, the date range and the line.
    fn span(&self) -> (u64, i32, i32, u64);
}

/// Two rows of one employee valid on one date: the employee, the later
/// row's line, the earlier row's, and the first date both cover.
pub(crate) struct Overlap {
    pub employee: String,
    pub line: u64,
    pub other_line: u64,
    pub date: String,
}

/// The checks across `rows`, sorted by employee and start: `none` when there
/// are no rows, the error `overlap` makes (at the later row's line and
/// `field`) when two rows of one employee are valid on one date, and a
/// plain-number id also written otherwise.
pub(crate) fn check<T: Dated>(
    rows: &[T],
    records: &RecordReader,
    none: ErrorKind,
    overlap: impl FnOnce(Overlap) -> ErrorKind,
    field: &'static str,
) -> Result<(), Error> {
    if rows.is_empty() {
        return Err(Error::new(none));
    }
    let found = rows.windows(2).find_map(|w| match w {
        [a, b] => {
            let ((a_key, _, a_to, a_line), (b_key, b_from, _, b_line)) = (a.span(), b.span());
            (a_key == b_key && b_from <= a_to).then_some((a_key, a_line, b_from, b_line))
        }
        _ => None,
    });
    if let Some((key, a_line, b_from, b_line)) = found {
        let (later, earlier) = if a_line > b_line {
            (a_line, b_line)
        } else {
            (b_line, a_line)
        };
        return Err(Error::new(overlap(Overlap {
            employee: records.id_text(key),
            line: later,
            other_line: earlier,
            date: format_day(b_from),
        }))
        .at_line(later)
        .at_field(field));
    }
    let first_line = |key: u64| {
        let from = rows.partition_point(|r| r.span().0 < key);
        let rest = rows.get(from..).unwrap_or_default();
        rest.iter()
            .map(Dated::span)
            .take_while(|(k, ..)| *k == key)
            .map(|(.., line)| line)
            .min()
    };
    let clash = records.numeric_aliases().into_iter().find_map(|(number, alias)| {
        first_line(number).map(|line| Clash {
            key: number,
            line,
            other_key: alias,
            other_line: records.first_line(alias),
        })
    });
    match clash {
        Some(clash) => Err(records.clash_error(clash, b"")),
        None => Ok(()),
    }
}
