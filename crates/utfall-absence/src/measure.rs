//! Spells, bands and repeated absence (`docs/method.md` §6), in one pass over the
//! records when each employee's records come in date order, and after sorting
//! otherwise.
//!
//! The pass keeps, per employee, one 20-byte slot: the last date, the open
//! spell (start, hours, group) and the last closed spell. Closed spells go to
//! an append-only list; hours go to per (month, department, sex, band) sums.
//! Memory is therefore proportional to employees and spells, not to records
//! (see DESIGN.md, *Measuring absence*). A reader thread parses while the main
//! thread tracks.

use std::collections::HashMap;
use std::io::Read;
use std::sync::mpsc;

use crate::aggregate;
use crate::fields::format_day;
use crate::lines::Flow;
use crate::measurement::Measurement;
use crate::months::MonthCheck;
use crate::options::{Ids, Options};
use crate::records::{BATCH, Clash, Dimensions, RecordReader, Row, interrupted};
use crate::spill::Spill;
use crate::tracker::{Stop, Tracker};
use crate::{Error, ErrorKind, Headcount};

/// Measures absence records against a headcount (`docs/method.md` §6).
///
/// `open` gives the records, from the start, each time it is called: once when
/// every employee's records come in date order (any order of employees), a
/// second time to collect and sort the rows when they do not, and once more to
/// find the lines of a duplicate or of an id written in two ways for the error
/// message. `progress` is called with the bytes read so far.
///
/// Unsorted input past [`Options::sort_memory_rows`] spills to temporary files
/// in a private folder inside [`Options::temp_dir`], removed before `measure`
/// returns (or unwinds); making one first removes the folders that earlier runs
/// killed outright left behind (Linux: their process no longer exists, and the
/// folder is the current user's).
///
/// # Errors
/// With the line number and column: malformed CSV, a bad date, hours below 0
/// or above 24, an empty employee id, a line or field longer than its maximum
/// ([`ErrorKind::LineTooLong`], [`ErrorKind::FieldTooLong`]), a department or
/// sex the headcount file does not have, or has not in the record's month
/// ([`ErrorKind::NoGroupHeadcount`]), two rows for the same employee and date
/// ([`ErrorKind::Duplicate`], naming both lines), one employee id written in
/// two ways ([`ErrorKind::SameEmployee`], naming both lines), a record in a
/// month without headcount ([`ErrorKind::NoHeadcount`]); no records at all; a
/// spell of more hours than its sum holds ([`ErrorKind::SpellTooLong`], some
/// 4 900 years of 24-hour days); [`ErrorKind::Io`] when reading fails;
/// [`ErrorKind::TempFolder`] and [`ErrorKind::TempFile`] when temporary files
/// cannot be made, written or read; [`ErrorKind::Interrupted`] when
/// [`Options::interrupt`] is set.
///
/// # Example
/// ```
/// use utfall_absence::{measure, Headcount, Options};
///
/// let headcount = Headcount::from_csv_str("month,employees\n2020-01,10\n2020-02,10\n")?;
/// let records = "employee_id,date,hours\n7,2020-01-31,8\n7,2020-02-01,4\n7,2020-02-02,0\n";
/// let m = measure(|| Ok(records.as_bytes()), &headcount, &Options::default(), &mut |_| {})?;
/// // One spell across the month boundary: 8 hours in January, 4 in February.
/// assert_eq!(m.summary().spells, 1);
/// let feb = m.net_days().iter().find(|r| r.month.to_string() == "2020-02" && r.band.name() == "d01_14").unwrap();
/// assert_eq!(feb.net_days().to_string(), "0.5");
///
/// let twice = "employee_id,date,hours\n7,2020-01-31,8\n7,2020-01-31,4\n";
/// let err = measure(|| Ok(twice.as_bytes()), &headcount, &Options::default(), &mut |_| {}).unwrap_err();
/// assert_eq!(err.to_string(), "line 3: employee 7 has two rows for 2020-01-31 (the first on line 2); aggregate them first");
/// # Ok::<(), utfall_absence::Error>(())
/// ```
pub fn measure<R: Read + Send>(
    mut open: impl FnMut() -> std::io::Result<R>,
    headcount: &Headcount,
    options: &Options,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<Measurement, Error> {
    let months = MonthCheck::new(headcount, options.history)?;
    let input = open()?;
    let mut reader = RecordReader::new(options);
    let (full_tx, full_rx) = mpsc::sync_channel::<(Vec<Row>, Dimensions)>(4);
    let (empty_tx, empty_rx) = mpsc::channel::<Vec<Row>>();
    let mut tracker: Option<Tracker> = None;
    let mut stop = None;
    let mut interrupt = Ok(());
    let read = std::thread::scope(|scope| {
        let (reader, months, progress) = (&mut reader, &months, &mut *progress);
        // The parser owns the sending side: when it ends, the loop below ends.
        let parser = scope.spawn(move || {
            reader.read(input, headcount, months, progress, |batch, dimensions| {
                let spare = empty_rx.try_recv().unwrap_or_else(|_| Vec::with_capacity(BATCH));
                let full = std::mem::replace(batch, spare);
                // A closed channel means the tracker stopped: stop reading.
                Ok(if full_tx.send((full, dimensions)).is_ok() {
                    Flow::Continue
                } else {
                    Flow::Stop
                })
            })
        });
        for (batch, dimensions) in &full_rx {
            interrupt = interrupted(options.interrupt.as_deref());
            if interrupt.is_err() {
                break;
            }
            let t = tracker.get_or_insert_with(|| Tracker::new(months, dimensions));
            stop = t.push(&batch);
            let _ = empty_tx.send(batch);
            if stop.is_some() {
                break;
            }
        }
        drop(full_rx);
        parser.join()
    });
    interrupt?;
    let dimensions = match read {
        Ok(result) => result?,
        Err(_) => {
            return Err(Error::new(ErrorKind::Io(std::io::Error::other(
                "the reader thread failed",
            ))));
        }
    };
    let (tracker, reader) = match stop {
        None => (tracker, reader),
        Some(Stop::Duplicate { key, day }) => {
            return Err(duplicate(&mut open, headcount, &months, options, &reader, key, day));
        }
        Some(Stop::SpellTooLong { key, day }) => return Err(spell_too_long(&reader, key, day)),
        Some(Stop::OutOfOrder) => {
            // The first reader stopped part-way: the second has every id.
            let (tracker, reader) = sorted(&mut open, headcount, &months, dimensions, options, progress)?;
            (Some(tracker), reader)
        }
    };
    let Some(tracker) = tracker else {
        return Err(Error::new(ErrorKind::NoRecords));
    };
    same_employees(&mut open, headcount, &months, options, &tracker, &reader)?;
    Ok(aggregate::measurement(tracker, headcount, &reader, options))
}

/// Collects every row, sorts by employee and date, and runs the tracker. Past
/// [`Options::sort_memory_rows`] the rows spill to temporary files by employee,
/// and each part is sorted and tracked in turn.
fn sorted<R: Read>(
    open: &mut impl FnMut() -> std::io::Result<R>,
    headcount: &Headcount,
    months: &MonthCheck,
    dimensions: Dimensions,
    options: &Options,
    progress: &mut dyn FnMut(u64),
) -> Result<(Tracker, RecordReader), Error> {
    let check_interrupt = || interrupted(options.interrupt.as_deref());
    let mut reader = RecordReader::new(options);
    let mut rows: Vec<Row> = Vec::new();
    // Removes its folder when dropped: on every return from here, and in unwinding.
    let mut spill: Option<Spill> = None;
    reader.read(open()?, headcount, months, progress, |batch, _| {
        check_interrupt()?;
        if let Some(spill) = &mut spill {
            batch.iter().try_for_each(|r| spill.push(r))?;
            return Ok(Flow::Continue);
        }
        rows.extend_from_slice(batch);
        if rows.len() > options.sort_memory_rows {
            let dir = options.temp_dir.clone().unwrap_or_else(std::env::temp_dir);
            let new = spill.insert(Spill::new(&dir)?);
            rows.iter().try_for_each(|r| new.push(r))?;
            rows = Vec::new();
        }
        Ok(Flow::Continue)
    })?;
    let mut tracker = Tracker::new(months, dimensions);
    let mut track = |mut rows: Vec<Row>, tracker: &mut Tracker| -> Result<(), Error> {
        check_interrupt()?;
        rows.sort_unstable_by_key(|r| (r.key, r.day));
        let twice = rows
            .windows(2)
            .find(|w| matches!(w, [a, b] if a.key == b.key && a.day == b.day));
        if let Some([first, _]) = twice {
            return Err(duplicate(
                open, headcount, months, options, &reader, first.key, first.day,
            ));
        }
        for batch in rows.chunks(BATCH) {
            check_interrupt()?;
            // Sorted rows are in order and duplicates were caught above.
            match tracker.push(batch) {
                Some(Stop::Duplicate { key, day }) => {
                    return Err(duplicate(open, headcount, months, options, &reader, key, day));
                }
                Some(Stop::SpellTooLong { key, day }) => return Err(spell_too_long(&reader, key, day)),
                Some(Stop::OutOfOrder) | None => {}
            }
        }
        Ok(())
    };
    match &mut spill {
        None => track(rows, &mut tracker)?,
        Some(spill) => {
            spill.finish()?;
            for part in 0..spill.parts() {
                check_interrupt()?;
                track(spill.part(part)?, &mut tracker)?;
            }
        }
    }
    Ok((tracker, reader))
}

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
fn spell_too_long(reader: &RecordReader, key: u64, day: i32) -> Error {
    Error::new(ErrorKind::SpellTooLong {
        employee: shown_id(&reader.id_text(key)),
        date: format_day(day),
    })
}

/// The error for two rows of one employee and date: reads again to find the
/// lines of both.
fn duplicate<R: Read>(
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
fn same_employees<R: Read>(
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

#[cfg(test)]
mod tests {
    //! Hand-made cases: inputs and the expected figures, worked out by hand.
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::measurement::{Band, Group};
    use crate::test_dir::TestDir;

    const HEADCOUNT: &str = "month,department,sex,employees\n\
        2019-12,A,F,10\n2019-12,B,M,10\n2020-01,A,F,10\n2020-01,B,M,10\n2020-02,A,F,10\n2020-02,B,M,10\n\
        2020-03,A,F,10\n2020-03,B,M,10\n2020-04,A,F,10\n2020-04,B,M,10\n2020-05,A,F,10\n2020-05,B,M,10\n";

    fn run(records: &str) -> Result<Measurement, Error> {
        let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
        measure(
            || Ok(records.as_bytes()),
            &headcount,
            &Options {
                history: false,
                detail: true,
                ..Options::default()
            },
            &mut |_| {},
        )
    }

    /// Days of one employee: `(first date, count, hours)` runs.
    fn rows(employee: &str, department: &str, sex: &str, start: &str, days: i32, hours: &str) -> String {
        let (first, _) = crate::fields::parse_date(start.as_bytes()).unwrap();
        (0..days)
            .map(|i| format!("{employee},{department},{sex},{},{hours}\n", format_day(first + i)))
            .collect()
    }

    fn hours(m: &Measurement, month: &str, group: &Group, band: Band) -> String {
        m.net_days()
            .iter()
            .find(|r| r.month.to_string() == month && &r.group == group && r.band == band)
            .map(|r| r.sick_hours().to_string())
            .unwrap_or_else(|| panic!("no row {month} {group:?} {band:?}"))
    }

    const HEADER: &str = "employee_id,department,sex,date,hours\n";

    #[test]
    fn a_spell_across_a_month_and_a_year_is_split_by_date() {
        // 2019-12-20 … 2020-01-10: 12 days in December, 10 in January; days 15–22 fall in 15–90.
        let m = run(&format!("{HEADER}{}", rows("1", "A", "F", "2019-12-20", 22, "8"))).unwrap();
        assert_eq!(m.summary().spells, 1);
        assert_eq!(hours(&m, "2019-12", &Group::Total, Band::Short), "96"); // 12 days × 8
        assert_eq!(hours(&m, "2020-01", &Group::Total, Band::Short), "16"); // days 13–14
        assert_eq!(hours(&m, "2020-01", &Group::Total, Band::Middle), "64"); // days 15–22
        assert_eq!(hours(&m, "2020-01", &Group::Department("B".into()), Band::Short), "0");
    }

    #[test]
    fn fourteen_days_are_short_and_day_fifteen_is_not() {
        let records = format!(
            "{HEADER}{}{}",
            rows("1", "A", "F", "2020-02-01", 14, "8"),
            rows("2", "B", "M", "2020-02-01", 15, "8")
        );
        let m = run(&records).unwrap();
        assert_eq!(hours(&m, "2020-02", &Group::Sex("F".into()), Band::Short), "112");
        assert_eq!(hours(&m, "2020-02", &Group::Sex("F".into()), Band::Middle), "0");
        assert_eq!(hours(&m, "2020-02", &Group::Sex("M".into()), Band::Short), "112");
        assert_eq!(hours(&m, "2020-02", &Group::Sex("M".into()), Band::Middle), "8");
    }

    #[test]
    fn zero_hour_days_keep_a_spell_going_and_a_gap_ends_it() {
        // Fri 8 h, Sat 0, Sun 0, Mon 8 h: one spell of 4 days. Then a gap, then one day.
        let records = format!(
            "{HEADER}1,A,F,2020-01-03,8\n1,A,F,2020-01-04,0\n1,A,F,2020-01-05,0\n1,A,F,2020-01-06,8\n1,A,F,2020-01-08,4\n"
        );
        let m = run(&records).unwrap();
        let spells = m.spells().unwrap();
        assert_eq!(spells.len(), 2);
        assert_eq!((spells[0].days, spells[0].centi_hours), (4, 1600));
        assert_eq!((spells[1].start.as_str(), spells[1].days), ("2020-01-08", 1));
        assert_eq!(hours(&m, "2020-01", &Group::Total, Band::Short), "20");
    }

    #[test]
    fn four_spells_in_twelve_months_flag_an_employee_three_do_not() {
        // Employee 1: spells starting in Dec, Jan, Feb, Mar → flagged from March.
        // Employee 2: three spells → never flagged.
        let mut records = String::from(HEADER);
        for date in ["2019-12-02", "2020-01-06", "2020-02-03", "2020-03-02"] {
            records += &rows("1", "A", "F", date, 2, "8");
        }
        for date in ["2020-01-06", "2020-02-03", "2020-03-02"] {
            records += &rows("2", "B", "M", date, 1, "8");
        }
        let m = run(&records).unwrap();
        let flagged = |month: &str| {
            m.repeated()
                .iter()
                .find(|r| r.month.to_string() == month && r.group == Group::Total)
                .map(|r| (r.flagged, r.inflow))
        };
        assert_eq!(flagged("2020-02"), Some((0, 0)));
        assert_eq!(flagged("2020-03"), Some((1, 1)));
        assert_eq!(flagged("2020-04"), Some((1, 0)));
        let detail = m.flagged().unwrap();
        assert_eq!(detail.len(), 3); // March, April, May
        assert!(
            detail
                .iter()
                .all(|f| f.employee == "1" && f.spells == 4 && f.department == "A")
        );
    }

    #[test]
    fn row_order_does_not_matter() {
        let mut records: Vec<String> = rows("1", "A", "F", "2019-12-20", 22, "7.5")
            .lines()
            .map(String::from)
            .collect();
        records.extend(rows("2", "B", "M", "2020-02-01", 15, "8").lines().map(String::from));
        let sorted = run(&format!("{HEADER}{}\n", records.join("\n"))).unwrap();
        records.reverse();
        records.swap(3, 17);
        let shuffled = run(&format!("{HEADER}{}\n", records.join("\n"))).unwrap();
        assert_eq!(sorted.net_days(), shuffled.net_days());
        assert_eq!(sorted.repeated(), shuffled.repeated());
        assert_eq!(sorted.spells(), shuffled.spells());
    }

    #[test]
    fn duplicates_are_errors_naming_both_lines_in_either_order() {
        let in_order = format!("{HEADER}1,A,F,2020-01-02,8\n1,A,F,2020-01-03,8\n1,A,F,2020-01-03,4\n");
        assert_eq!(
            run(&in_order).unwrap_err().to_string(),
            "line 4: employee 1 has two rows for 2020-01-03 (the first on line 3); aggregate them first"
        );
        let unsorted =
            format!("{HEADER}1,A,F,2020-01-05,8\n1,A,F,2020-01-03,8\n2,B,M,2020-01-03,8\n1,A,F,2020-01-03,4\n");
        assert_eq!(
            run(&unsorted).unwrap_err().to_string(),
            "line 5: employee 1 has two rows for 2020-01-03 (the first on line 3); aggregate them first"
        );
    }

    #[test]
    fn bad_rows_name_their_line_and_field() {
        let cases = [
            (
                "1,A,F,2020-01-32,8",
                "line 2: field date: \"2020-01-32\" is not a date: there is no such day",
            ),
            ("1,A,F,2020-01-02,25", "line 2: field hours: \"25\" is above 24"),
            (
                "1,A,F,2020-01-02,-1",
                "line 2: field hours: \"-1\" is negative; hours are 0 to 24",
            ),
            (
                "1,C,F,2020-01-02,8",
                "line 2: field department: department \"C\" does not occur in the headcount file, so its hours would have no headcount",
            ),
            (
                ",A,F,2020-01-02,8",
                "line 2: field employee_id: the employee id is empty",
            ),
            ("1,A,F,2020-01-02", "line 2: the row has 4 fields, the header 5"),
            (
                "1,A,F,2020-07-02,8",
                "line 2: field date: 2020-07-02 is in 2020-07, which has no headcount rows",
            ),
            (
                "1,A,F,2019-11-29,8",
                "line 2: field date: 2019-11-29 is in 2019-11, which has no headcount rows; to use records before the first headcount month for spells and repeated absence only, measure with history (utfall measure --history, or Options::history)",
            ),
        ];
        for (row, message) in cases {
            assert_eq!(
                run(&format!("{HEADER}{row}\n")).unwrap_err().to_string(),
                message,
                "{row}"
            );
        }
        assert_eq!(run(HEADER).unwrap_err().to_string(), "the absence file has no records");
        assert_eq!(
            run("employee_id,date\n").unwrap_err().to_string(),
            "line 1: the header has no column \"hours\" (columns: employee_id,date,hours and optionally department,sex)"
        );
    }

    #[test]
    fn history_shapes_spells_but_is_not_reported() {
        let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
        let records = format!("{HEADER}{}", rows("1", "A", "F", "2019-11-25", 20, "8"));
        let m = measure(
            || Ok(records.as_bytes()),
            &headcount,
            &Options {
                history: true,
                detail: false,
                ..Options::default()
            },
            &mut |_| {},
        )
        .unwrap();
        // Nov 25–30 is history (48 h); Dec 1–14 are days 7–20: 8 short (days 7–14), 6 in 15–90.
        assert_eq!(m.summary().history_hours.to_string(), "48");
        assert_eq!(hours(&m, "2019-12", &Group::Total, Band::Short), "64");
        assert_eq!(hours(&m, "2019-12", &Group::Total, Band::Middle), "48");
    }

    #[test]
    fn spells_under_way_on_the_first_date_are_flagged() {
        let records = format!(
            "{HEADER}{}{}",
            rows("1", "A", "F", "2019-12-01", 3, "8"),
            rows("2", "B", "M", "2019-12-02", 2, "8")
        );
        let m = run(&records).unwrap();
        assert_eq!(m.summary().censored_spells, 1);
        assert_eq!(m.summary().first_date, "2019-12-01");
        assert_eq!(m.censored().len(), 1);
        assert_eq!(m.censored()[0].centi_hours, 2400);
    }

    // --- line ends and sizes ------------------------------------------------

    #[test]
    fn lines_end_at_lf_crlf_and_a_lone_cr() {
        let rows = ["1,A,F,2020-01-02,8", "1,A,F,2020-01-03,8", "2,B,M,2020-01-03,4"];
        let header = HEADER.trim_end();
        let lf = run(&format!("{header}\n{}\n", rows.join("\n"))).unwrap();
        for end in ["\r\n", "\r"] {
            let m = run(&format!("{header}{end}{}{end}", rows.join(end))).unwrap();
            assert_eq!((m.net_days(), m.summary()), (lf.net_days(), lf.summary()), "{end:?}");
        }
        // \r\r is two line ends, \r\n one: the bad row is on line 5.
        let text = format!("{header}\r\r{}\n\n1,A,F,2020-01-32,8\r", rows[0]);
        assert_eq!(
            run(&text).unwrap_err().to_string(),
            "line 5: field date: \"2020-01-32\" is not a date: there is no such day"
        );
    }

    #[test]
    fn lines_ids_and_names_have_maximums_and_errors_quote_little() {
        let longest_id = "A".repeat(crate::fields::MAX_ID);
        assert!(run(&format!("{HEADER}{longest_id},A,F,2020-01-02,8\n")).is_ok());
        assert_eq!(
            run(&format!("{HEADER}{longest_id}A,A,F,2020-01-02,8\n"))
                .unwrap_err()
                .to_string(),
            format!(
                "line 2: field employee_id: \"{}\"… is longer than 64 bytes",
                "A".repeat(40)
            )
        );
        let name = "D".repeat(crate::fields::MAX_FIELD + 1);
        assert_eq!(
            run(&format!("{HEADER}1,{name},F,2020-01-02,8\n"))
                .unwrap_err()
                .to_string(),
            format!(
                "line 2: field department: \"{}\"… is longer than 256 bytes",
                "D".repeat(40)
            )
        );
        let name = "D".repeat(crate::fields::MAX_FIELD);
        assert_eq!(
            run(&format!("{HEADER}1,{name},F,2020-01-02,8\n"))
                .unwrap_err()
                .to_string(),
            format!(
                "line 2: field department: department \"{}\"… does not occur in the headcount file, so its hours would have no headcount",
                "D".repeat(40)
            )
        );
        // A line of the maximum is read (and refused for its field); one byte more is not.
        let row = |length: usize| {
            let start = "1,A,F,2020-01-02,8,";
            format!("{start}{}", "x".repeat(length - start.len()))
        };
        let max = crate::lines::MAX_LINE;
        assert_eq!(
            run(&format!("{HEADER}{}\n", row(max))).unwrap_err().to_string(),
            "line 2: the row has 6 fields, the header 5"
        );
        assert_eq!(
            run(&format!("{HEADER}{}\n", row(max + 1))).unwrap_err().to_string(),
            "line 2: the line is longer than 65536 bytes; it starts \"1,A,F,2020-01-02,8,xxxxxxxxxxxxxxxxxxxxx\"…"
        );
        // A header of a megabyte gives a message of a line.
        let err = run(&format!("employee_id,{}\n", "y".repeat(1 << 20)))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("line 1: the line is longer than 65536 bytes"), "{err}");
        assert!(err.len() < 120, "{err}");
        let err = run(&format!("employee_id,{}\n", "y".repeat(1000)))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!("line 1: column \"{}\"… is unknown", "y".repeat(40))),
            "{err}"
        );
    }

    // --- identity of employees ----------------------------------------------

    fn run_ids(records: &str, ids: Ids) -> Result<Measurement, Error> {
        let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
        measure(
            || Ok(records.as_bytes()),
            &headcount,
            &Options {
                ids,
                detail: true,
                ..Options::default()
            },
            &mut |_| {},
        )
    }

    #[test]
    fn one_id_written_two_ways_is_an_error_naming_both_lines() {
        let same = |later: &str, line: u64, earlier: &str, earlier_line: u64| {
            format!(
                "line {line}: field employee_id: employee id \"{later}\" on line {line} and \"{earlier}\" on line \
                 {earlier_line} are the same once spaces and leading zeros are set aside; write them alike, or \
                 measure them as written with --ids as-written"
            )
        };
        let cases = [
            // The plain number first, then written otherwise, and the other way round.
            (vec!["7", " 7"], same(" 7", 3, "7", 2)),
            (vec!["007", "8", "7"], same("7", 4, "007", 2)),
            (vec!["0101", "101"], same("101", 3, "0101", 2)),
            (vec!["7 ", "9", "10", "7"], same("7", 5, "7 ", 2)),
            // Two ways, neither plain.
            (vec![" 7", "007"], same("007", 3, " 7", 2)),
            // Ids that are not numbers.
            (vec!["A1", " A1"], same(" A1", 3, "A1", 2)),
            (vec!["0A1", "A1"], same("A1", 3, "0A1", 2)),
            // Too long for a numeric key.
            (
                vec!["1234567890123456789", "01234567890123456789"],
                same("01234567890123456789", 3, "1234567890123456789", 2),
            ),
            // Zeros: "0" and " 0" are one, "00" is its own.
            (vec!["0", "00", " 0"], same(" 0", 4, "0", 2)),
            (vec!["00", "0", "00 "], same("00 ", 4, "00", 2)),
        ];
        for (ids, message) in cases {
            let rows: String = ids
                .iter()
                .enumerate()
                .map(|(i, id)| format!("\"{id}\",A,F,2020-01-{:02},8\n", 2 + 2 * i))
                .collect();
            let records = format!("{HEADER}{rows}");
            assert_eq!(
                run_ids(&records, Ids::Normalised).unwrap_err().to_string(),
                message,
                "{ids:?}"
            );
            // The same in the sorted path: the rows backwards.
            let mut backwards: Vec<&str> = rows.lines().collect();
            backwards.reverse();
            let records = format!("{HEADER}{}\n", backwards.join("\n"));
            let err = run_ids(&records, Ids::Normalised).unwrap_err();
            assert!(
                matches!(err.kind(), ErrorKind::SameEmployee { .. }),
                "{ids:?} backwards: {err}"
            );
            // As written: each its own employee.
            let m = run_ids(&format!("{HEADER}{rows}"), Ids::AsWritten).unwrap();
            assert_eq!(m.summary().employees, ids.len() as u64, "{ids:?}");
        }
        // Alike once normalised but never written two ways: fine, and kept as written.
        let records =
            format!("{HEADER}007,A,F,2020-01-02,8\n007,A,F,2020-01-03,8\n0,A,F,2020-01-02,8\n00,A,F,2020-01-02,8\n");
        let m = run_ids(&records, Ids::Normalised).unwrap();
        assert_eq!(m.summary().employees, 3);
        assert_eq!(m.spells().unwrap()[0].employee, "0");
        let ids: Vec<&str> = m.spells().unwrap().iter().map(|s| s.employee.as_str()).collect();
        assert_eq!(ids, ["0", "00", "007"]);
    }

    #[test]
    fn an_id_of_only_spaces_is_an_error_unless_ids_are_as_written() {
        let records = format!("{HEADER}\"  \",A,F,2020-01-02,8\n");
        assert_eq!(
            run_ids(&records, Ids::Normalised).unwrap_err().to_string(),
            "line 2: field employee_id: the employee id \"  \" is only spaces"
        );
        assert!(run_ids(&records, Ids::AsWritten).is_ok());
    }

    // --- hours need a headcount of their group --------------------------------

    #[test]
    fn a_group_without_headcount_in_the_month_is_an_error() {
        let headcount = Headcount::from_csv_str(
            "month,department,sex,employees\n2020-01,A,F,5\n2020-01,B,M,5\n2020-02,A,F,5\n2020-02,A,M,5\n",
        )
        .unwrap();
        let run = |records: &str, history: bool| {
            measure(
                || Ok(records.as_bytes()),
                &headcount,
                &Options {
                    history,
                    ..Options::default()
                },
                &mut |_| {},
            )
        };
        for (row, message) in [
            (
                "1,B,M,2020-02-03,8",
                "line 2: field department: department \"B\" has no headcount row for 2020-02 in the headcount file",
            ),
            (
                "1,A,M,2020-01-03,8",
                "line 2: field sex: department \"A\", sex \"M\" has no headcount row for 2020-01 in the headcount file",
            ),
        ] {
            assert_eq!(
                run(&format!("{HEADER}{row}\n"), false).unwrap_err().to_string(),
                message
            );
        }
        // By sex only: the sex must have a row that month.
        let records = "employee_id,sex,date,hours\n1,M,2020-01-03,8\n1,M,2020-01-04,8\n";
        assert!(run(records, false).is_ok());
        let by_department = "employee_id,department,date,hours\n1,B,2020-01-03,8\n2,B,2020-02-03,8\n";
        assert_eq!(
            run(by_department, false).unwrap_err().to_string(),
            "line 3: field department: department \"B\" has no headcount row for 2020-02 in the headcount file"
        );
        let headcount =
            Headcount::from_csv_str("month,sex,employees\n2020-01,F,5\n2020-02,F,5\n2020-02,M,5\n").unwrap();
        let records = "employee_id,sex,date,hours\n1,M,2020-01-31,8\n";
        assert_eq!(
            measure(|| Ok(records.as_bytes()), &headcount, &Options::default(), &mut |_| {})
                .unwrap_err()
                .to_string(),
            "line 2: field sex: sex \"M\" has no headcount row for 2020-01 in the headcount file"
        );
        // History months have no headcount at all, and need none.
        let headcount = Headcount::from_csv_str("month,department,employees\n2020-01,A,5\n2020-02,B,5\n").unwrap();
        let records = "employee_id,department,date,hours\n1,B,2019-12-31,8\n1,B,2020-02-01,8\n";
        let options = Options {
            history: true,
            ..Options::default()
        };
        let m = measure(|| Ok(records.as_bytes()), &headcount, &options, &mut |_| {}).unwrap();
        assert_eq!(m.summary().history_hours.to_string(), "8");
    }

    // --- temporary files ----------------------------------------------------

    /// 2 000 employees over 20 days of January 2020, the dates backwards: the
    /// second row is out of order, so the rows are sorted (and spilled).
    fn unsorted_records() -> String {
        let (first, _) = crate::fields::parse_date(b"2020-01-01").unwrap();
        let mut text = String::from("employee_id,date,hours\n");
        for day in (0..20).rev() {
            for employee in 1..=2000 {
                text += &format!("{employee},{},8\n", format_day(first + day));
            }
        }
        text
    }

    fn spilling(dir: &TestDir) -> Options {
        Options {
            sort_memory_rows: 64,
            temp_dir: Some(dir.0.clone()),
            ..Options::default()
        }
    }

    #[test]
    fn a_spill_leaves_nothing_behind_on_success_and_on_a_bad_row() {
        let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
        let dir = TestDir::new("spill-ends");
        let records = unsorted_records();
        let m = measure(|| Ok(records.as_bytes()), &headcount, &spilling(&dir), &mut |_| {}).unwrap();
        assert_eq!((m.summary().rows, m.summary().spells), (40_000, 2000));
        assert_eq!(dir.entries(), Vec::<String>::new());
        // A bad row after more than a batch of rows: the spill is under way.
        let mut bad = records.clone();
        let at = bad.match_indices('\n').nth(35_000).unwrap().0 + 1;
        bad.insert_str(at, "1,2020-01-05,25\n");
        let err = measure(|| Ok(bad.as_bytes()), &headcount, &spilling(&dir), &mut |_| {}).unwrap_err();
        assert_eq!(err.to_string(), "line 35002: field hours: \"25\" is above 24");
        assert_eq!(dir.entries(), Vec::<String>::new());
        // A duplicate found while the parts are merged.
        let mut twice = records.clone();
        twice.push_str("5,2020-01-07,1\n");
        let err = measure(|| Ok(twice.as_bytes()), &headcount, &spilling(&dir), &mut |_| {}).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Duplicate { .. }), "{err}");
        assert_eq!(dir.entries(), Vec::<String>::new());
    }

    /// Hands out the records a little at a time; on the second opening (the
    /// sorting pass), holds at `hold` bytes until the flag is set.
    struct Gate<'a> {
        data: &'a [u8],
        at: usize,
        hold: Option<usize>,
        flag: Arc<AtomicBool>,
    }

    impl Read for Gate<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.hold.is_some_and(|hold| self.at >= hold) {
                let start = std::time::Instant::now();
                while !self.flag.load(std::sync::atomic::Ordering::SeqCst)
                    && start.elapsed() < std::time::Duration::from_secs(60)
                {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                self.hold = None;
            }
            let n = buf.len().min(4096).min(self.data.len() - self.at);
            buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    #[cfg(unix)]
    fn mode(path: &std::path::Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn an_interrupt_from_another_thread_stops_the_run_and_removes_the_spill() {
        let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
        let dir = TestDir::new("spill-interrupt");
        let records = unsorted_records();
        // Past 30 000 rows: more than a batch, so the spill is made by then.
        let hold = records.match_indices('\n').nth(30_000).unwrap().0;
        let flag = Arc::new(AtomicBool::new(false));
        let options = Options {
            interrupt: Some(flag.clone()),
            ..spilling(&dir)
        };
        let watcher = {
            let (parent, flag) = (dir.0.clone(), flag.clone());
            std::thread::spawn(move || {
                let start = std::time::Instant::now();
                let mut seen = None;
                while seen.is_none() && start.elapsed() < std::time::Duration::from_secs(60) {
                    seen = std::fs::read_dir(&parent)
                        .unwrap()
                        .map(|e| e.unwrap().path())
                        .find(|p| p.join("part-255.rows").exists());
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                #[cfg(unix)]
                let modes = seen
                    .as_ref()
                    .map(|spill| (mode(spill), mode(&spill.join("part-000.rows"))));
                #[cfg(not(unix))]
                let modes = seen.as_ref().map(|_| (0o700, 0o600));
                flag.store(true, std::sync::atomic::Ordering::SeqCst);
                (seen, modes)
            })
        };
        let mut opened = 0;
        let err = measure(
            || {
                opened += 1;
                Ok(Gate {
                    data: records.as_bytes(),
                    at: 0,
                    hold: (opened == 2).then_some(hold),
                    flag: flag.clone(),
                })
            },
            &headcount,
            &options,
            &mut |_| {},
        )
        .unwrap_err();
        let (seen, modes) = watcher.join().unwrap();
        assert!(matches!(err.kind(), ErrorKind::Interrupted), "{err}");
        assert_eq!(err.to_string(), "the measurement was interrupted");
        let seen = seen.unwrap();
        let name = seen.file_name().unwrap().to_string_lossy().into_owned();
        let pid = format!("utfall-spill-{}-", std::process::id());
        assert!(name.starts_with(&pid) && name.len() == pid.len() + 16, "{name}");
        assert_eq!(modes, Some((0o700, 0o600)));
        assert_eq!(dir.entries(), Vec::<String>::new());
        // Set before the run: stops at once, in the first pass.
        let err = measure(|| Ok(records.as_bytes()), &headcount, &options, &mut |_| {}).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Interrupted), "{err}");
    }

    #[test]
    fn a_panic_mid_spill_removes_the_spill_as_it_unwinds() {
        let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
        let dir = TestDir::new("spill-panic");
        let records = unsorted_records();
        let options = spilling(&dir);
        let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            measure(|| Ok(records.as_bytes()), &headcount, &options, &mut |_| {
                // Progress is reported on the calling thread while sorting.
                if !dir.entries().is_empty() {
                    panic!("a progress callback that fails mid-spill");
                }
            })
        }));
        assert!(unwound.is_err());
        assert_eq!(dir.entries(), Vec::<String>::new());
    }

    #[test]
    fn a_missing_temporary_folder_is_an_error_and_is_not_made() {
        let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
        let dir = TestDir::new("spill-missing");
        let missing = dir.0.join("no").join("such");
        let options = Options {
            temp_dir: Some(missing.clone()),
            ..spilling(&dir)
        };
        let records = unsorted_records();
        let err = measure(|| Ok(records.as_bytes()), &headcount, &options, &mut |_| {}).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "cannot use {:?} for temporary files: the folder does not exist (it is not created)",
                missing.display().to_string()
            )
        );
        assert!(!dir.0.join("no").exists());
    }
}
