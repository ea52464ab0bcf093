//! The errors about one employee that the tracker finds, not the reader: two
//! rows for one date, a spell of more hours than its sum holds, and (with
//! [`Ids::Normalised`]) a plain-number id also written otherwise. The tracker
//! knows keys and days, not lines, so the file is read again to find the
//! lines the message names.

use std::collections::HashMap;
use std::io::Read;

use crate::fields::format_day;
use crate::lines::Flow;
use crate::months::MonthCheck;
use crate::options::{Ids, Options};
use crate::records::{Clash, RecordReader};
use crate::tracker::Tracker;
use crate::{Error, ErrorKind, Headcount};

/// An employee id as an error message shows it: as written, unless it holds
/// a control character (a quoted field may hold a tab), then quoted with
/// escapes, so that the message stays one line.
fn shown_id(id: &str) -> String {
    if id.chars().any(char::is_control) {
        format!("{id:?}")
    } else {
        id.to_owned()
    }
}

/// The error for a spell whose hours overflow their sum.
pub(crate) fn spell_too_long(reader: &RecordReader, key: u64, day: i32) -> Error {
    Error::new(ErrorKind::SpellTooLong {
        employee: shown_id(&reader.id_text(key)),
        date: format_day(day),
    })
}

/// The error for two rows of one employee and date: reads again to find the
/// lines of both.
pub(crate) fn duplicate<R: Read>(
    open: &mut impl FnMut() -> std::io::Result<R>,
    headcount: &Headcount,
    months: &MonthCheck,
    options: &Options,
    reader: &RecordReader,
    key: u64,
    day: i32,
) -> Error {
    let mut again = RecordReader::new(options);
    let mut lines = Vec::new();
    let mut line = 1u64;
    let found = open().map_err(Error::from).and_then(|input| {
        again.read_lines(input, headcount, months, |row, at| {
            line = at;
            if row.key == key && row.day == day {
                lines.push(at);
            }
            Ok(if lines.len() == 2 { Flow::Stop } else { Flow::Continue })
        })
    });
    if let Err(e) = found {
        return e;
    }
    let (first, second) = match lines.as_slice() {
        [first, second, ..] => (*first, *second),
        _ => (0, line),
    };
    Error::new(ErrorKind::Duplicate {
        employee: shown_id(&reader.id_text(key)),
        date: format_day(day),
        first_line: first,
    })
    .at_line(second)
}

/// With [`Ids::Normalised`], the check the reader leaves to the end: an id
/// written otherwise whose normalised form is a plain number (`" 7"`, `"007"`)
/// while that number occurs as written (`"7"`) too. The reader keeps plain
/// numbers off its interned table for speed, so only the tracker knows them;
/// the file is read again to find the first line of the number.
pub(crate) fn same_employees<R: Read>(
    open: &mut impl FnMut() -> std::io::Result<R>,
    headcount: &Headcount,
    months: &MonthCheck,
    options: &Options,
    tracker: &Tracker,
    reader: &RecordReader,
) -> Result<(), Error> {
    if options.ids != Ids::Normalised {
        return Ok(());
    }
    let clashes: Vec<(u64, u64)> = reader
        .numeric_aliases()
        .into_iter()
        .filter(|(number, _)| tracker.has_number(*number))
        .collect();
    if clashes.is_empty() {
        return Ok(());
    }
    // The first line of each number.
    let mut lines: HashMap<u64, u64> = HashMap::new();
    let mut again = RecordReader::new(options);
    again.read_lines(open()?, headcount, months, |row, at| {
        if clashes.iter().any(|(number, _)| *number == row.key) {
            lines.entry(row.key).or_insert(at);
        }
        Ok(if lines.len() == clashes.len() {
            Flow::Stop
        } else {
            Flow::Continue
        })
    })?;
    // The clash whose later line comes first.
    let clash = clashes
        .iter()
        .map(|&(number, alias)| Clash {
            key: number,
            line: lines.get(&number).copied().unwrap_or(0),
            other_key: alias,
            other_line: reader.first_line(alias),
        })
        .min_by_key(|c| (c.line.max(c.other_line), c.line.min(c.other_line)));
    match clash {
        Some(clash) => Err(reader.clash_error(clash, b"")),
        None => Ok(()),
    }
}
