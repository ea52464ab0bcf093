//! The entry points: [`measure_reader`] for records in one reader with the
//! default options, [`measure()`] for all else. Both run the passes over the
//! records (`docs/method.md` §6): one pass when each employee's records come in
//! date order, a reader thread parsing while this thread tracks; otherwise a
//! second that collects the rows, sorts them (spilling to temporary files past
//! [`Options::sort_memory_rows`]) and tracks them in order.

use std::io::Read;
use std::sync::mpsc;

use crate::aggregate;
use crate::employee_errors::{duplicate, same_employees, spell_too_long};
use crate::lines::Flow;
use crate::measurement::Measurement;
use crate::months::MonthCheck;
use crate::options::{Options, Threads};
use crate::records::{BATCH, Dimensions, RecordReader, Row, interrupted};
use crate::spill::Spill;
use crate::tracker::{Stop, Tracker};
use crate::{Error, ErrorKind, Headcount};

/// Measures the absence records of one reader against a headcount
/// (`docs/method.md` §6) with the default [`Options`]: the common case.
///
/// The records are read into memory first, since records not in date order
/// per employee are read more than once. For a file larger than memory, for
/// progress, for history, detail or other options, use [`measure()`], which
/// opens its input afresh for each reading.
///
/// # Errors
/// As [`measure()`] with the default options: a bad record, with its line and
/// field; two rows for one employee and date ([`ErrorKind::Duplicate`], naming
/// both lines); a record in a month without headcount
/// ([`ErrorKind::NoHeadcount`]); no records at all; [`ErrorKind::Io`] when
/// reading fails; [`ErrorKind::TempFolder`] or [`ErrorKind::TempFile`] when
/// more than [`Options::sort_memory_rows`] unsorted rows spill to temporary
/// files that cannot be made, written or read.
///
/// # Example
/// ```
/// use utfall_absence::{measure_reader, Headcount};
///
/// let headcount = Headcount::from_csv_str("month,employees\n2020-01,10\n2020-02,10\n")?;
/// let records = "employee_id,date,hours\n7,2020-01-31,8\n7,2020-02-01,4\n7,2020-02-02,0\n";
/// let m = measure_reader(records.as_bytes(), &headcount)?;
/// // One spell across the month boundary: 8 hours in January, 4 in February.
/// assert_eq!(m.summary().spells, 1);
/// let feb = m.net_days().iter().find(|r| r.month.to_string() == "2020-02" && r.band.name() == "d01_14").unwrap();
/// assert_eq!(feb.net_days().to_string(), "0.5");
///
/// let twice = "employee_id,date,hours\n7,2020-01-31,8\n7,2020-01-31,4\n";
/// let err = measure_reader(twice.as_bytes(), &headcount).unwrap_err();
/// assert_eq!(err.to_string(), "line 3: employee 7 has two rows for 2020-01-31 (the first on line 2); aggregate them first");
/// # Ok::<(), utfall_absence::Error>(())
/// ```
pub fn measure_reader(mut records: impl Read, headcount: &Headcount) -> Result<Measurement, Error> {
    let mut bytes = Vec::new();
    records.read_to_end(&mut bytes)?;
    measure(|| Ok(bytes.as_slice()), headcount, &Options::default(), &mut |_| {})
}

/// Measures absence records against a headcount (`docs/method.md` §6), with
/// options and progress, reading the input as often as it needs to.
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
/// let headcount = Headcount::from_csv_str("month,employees\n2020-01,10\n")?;
/// // Not in date order: read a second time, to sort.
/// let records = "employee_id,date,hours\n7,2020-01-03,8\n7,2020-01-02,8\n";
/// let (mut opened, mut read) = (0, 0);
/// let options = Options { detail: true, ..Options::default() };
/// let m = measure(
///     || {
///         opened += 1;
///         Ok(records.as_bytes())
///     },
///     &headcount,
///     &options,
///     &mut |bytes| read = bytes,
/// )?;
/// assert_eq!((opened, read), (2, records.len() as u64));
/// // With detail, every spell: one of two days.
/// assert_eq!(m.spells().map(|s| s[0].days), Some(2));
/// # Ok::<(), utfall_absence::Error>(())
/// ```
pub fn measure<R: Read + Send>(
    mut open: impl FnMut() -> std::io::Result<R>,
    headcount: &Headcount,
    options: &Options,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<Measurement, Error> {
    let months = MonthCheck::new(headcount, options.history)?;
    crate::followup::check_options(options, &months)?;
    let (periods, input) = crate::periods::peek(open()?, options)?;
    if periods {
        return crate::expand::measure_periods(input, &mut open, headcount, options, progress);
    }
    let mut reader = RecordReader::new(options);
    reader.defer_register = true;
    let first = match if NO_THREADS { Threads::One } else { options.threads } {
        Threads::One => in_date_order_here(input, headcount, &months, options, &mut reader, progress),
        Threads::Two => in_date_order(input, headcount, &months, options, &mut reader, progress),
    };
    let (tracker, stop, dimensions) = first.map_err(|e| first_error(e, &mut open, headcount, &months, options))?;
    let (tracker, reader) = match stop {
        None => (tracker, reader),
        Some(stop) => match stop_error(stop, &mut open, headcount, &months, options, &reader) {
            Some(error) => return Err(error),
            None => {
                // Out of order. The first reader stopped part-way: the second has every id.
                let (tracker, reader) = sorted(&mut open, headcount, &months, dimensions, options, progress)
                    .map_err(|e| first_error(e, &mut open, headcount, &months, options))?;
                (Some(tracker), reader)
            }
        },
    };
    let Some(tracker) = tracker else {
        return Err(Error::new(ErrorKind::NoRecords));
    };
    same_employees(&mut open, headcount, &months, options, &tracker, &reader)?;
    Ok(aggregate::measurement(tracker, headcount, &reader, options))
}

/// The first pass: a reader thread parses while this thread tracks, until the
/// rows end or the tracker stops at a row out of date order (or at an error
/// it found). Gives the tracker, if there was a row, why it stopped, and the
/// group columns in use.
fn in_date_order(
    input: impl Read + Send,
    headcount: &Headcount,
    months: &MonthCheck,
    options: &Options,
    reader: &mut RecordReader,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<(Option<Tracker>, Option<Stop>, Dimensions), Error> {
    let (full_tx, full_rx) = mpsc::sync_channel::<(Vec<Row>, Dimensions)>(4);
    let (empty_tx, empty_rx) = mpsc::channel::<Vec<Row>>();
    let mut tracker: Option<Tracker> = None;
    let mut stop = None;
    let mut interrupt = Ok(());
    let read = std::thread::scope(|scope| {
        let progress = &mut *progress;
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
            let t = tracker.get_or_insert_with(|| Tracker::new(months, dimensions).with(options));
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
        // The reader ran ahead of the tracker's stop: the error reported is
        // the first in the file, which reading again for it finds.
        Ok(Err(error)) => match (&stop, &tracker) {
            (Some(Stop::Register), Some(t)) => t.dimensions,
            _ => return Err(error),
        },
        Ok(Ok(dimensions)) => dimensions,
        Err(_) => {
            return Err(Error::new(ErrorKind::Io(std::io::Error::other(
                "the reader thread failed",
            ))));
        }
    };
    Ok((tracker, stop, dimensions))
}

/// A browser's WebAssembly (`wasm32-unknown-unknown`) has neither threads nor
/// files: there a measurement runs on one thread and sorts in memory,
/// whatever [`Options::threads`] and [`Options::sort_memory_rows`] say.
const NO_THREADS: bool = cfg!(all(target_arch = "wasm32", target_os = "unknown"));

/// The first pass on this thread alone ([`Threads::One`]): parses and tracks
/// each batch in turn, until the rows end or the tracker stops. Gives what
/// [`in_date_order`] gives.
fn in_date_order_here(
    input: impl Read,
    headcount: &Headcount,
    months: &MonthCheck,
    options: &Options,
    reader: &mut RecordReader,
    progress: &mut dyn FnMut(u64),
) -> Result<(Option<Tracker>, Option<Stop>, Dimensions), Error> {
    let mut tracker: Option<Tracker> = None;
    let mut stop = None;
    let dimensions = reader.read(input, headcount, months, progress, |batch, dimensions| {
        interrupted(options.interrupt.as_deref())?;
        let t = tracker.get_or_insert_with(|| Tracker::new(months, dimensions).with(options));
        stop = t.push(batch);
        Ok(if stop.is_some() { Flow::Stop } else { Flow::Continue })
    })?;
    Ok((tracker, stop, dimensions))
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
    reader.defer_register = true;
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
        if rows.len() > options.sort_memory_rows && !NO_THREADS {
            let dir = options.temp_dir.clone().unwrap_or_else(std::env::temp_dir);
            let new = spill.insert(Spill::new(&dir, options.register.is_some())?);
            rows.iter().try_for_each(|r| new.push(r))?;
            rows = Vec::new();
        }
        Ok(Flow::Continue)
    })?;
    let mut tracker = Tracker::new(months, dimensions).with(options);
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
            if let Some(error) = tracker
                .push(batch)
                .and_then(|stop| stop_error(stop, open, headcount, months, options, &reader))
            {
                return Err(error);
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

/// The error for a stop of the tracker at a row it cannot take; `None` for a
/// row out of date order, which is no error: the rows are sorted then.
fn stop_error<R: Read>(
    stop: Stop,
    open: &mut impl FnMut() -> std::io::Result<R>,
    headcount: &Headcount,
    months: &MonthCheck,
    options: &Options,
    reader: &RecordReader,
) -> Option<Error> {
    match stop {
        Stop::Duplicate { key, day } => Some(duplicate(open, headcount, months, options, reader, key, day)),
        Stop::SpellTooLong { key, day } => Some(spell_too_long(reader, key, day)),
        Stop::Register => Some(register_error(open, headcount, months, options)),
        Stop::OutOfOrder => None,
    }
}

/// The error to report for a reader's `error` at a line when a register is
/// given: the rows before the line may hold a date outside the register's
/// employments, which the reader left to the tracker and the tracker did
/// not see yet, so the file is read again with the reader checking every
/// date, for the first error in the file.
fn first_error<R: Read>(
    error: Error,
    open: &mut impl FnMut() -> std::io::Result<R>,
    headcount: &Headcount,
    months: &MonthCheck,
    options: &Options,
) -> Error {
    if options.register.is_none() || error.location().line().is_none() {
        return error;
    }
    first_error_in_file(open, headcount, months, options).unwrap_or(error)
}

/// The error of a sick date the register has in no employment of its
/// employee (or of an employee it lacks), which the tracker found: the file
/// read again with the reader checking every date finds the first bad row
/// in the file, whatever its kind, and names its line and field.
fn register_error<R: Read>(
    open: &mut impl FnMut() -> std::io::Result<R>,
    headcount: &Headcount,
    months: &MonthCheck,
    options: &Options,
) -> Error {
    // The two checks are one rule; were they ever to differ, say so.
    first_error_in_file(open, headcount, months, options).unwrap_or_else(|| {
        Error::new(ErrorKind::Io(std::io::Error::other(
            "a sick date outside the register's employments was found, but not its line",
        )))
    })
}

/// The first error of the file read again from the start with the reader
/// checking every date against the register; `None` when there is none.
fn first_error_in_file<R: Read>(
    open: &mut impl FnMut() -> std::io::Result<R>,
    headcount: &Headcount,
    months: &MonthCheck,
    options: &Options,
) -> Option<Error> {
    let mut again = RecordReader::new(options);
    open()
        .map_err(Error::from)
        .and_then(|input| again.read_lines(input, headcount, months, |_, _| Ok(Flow::Continue)))
        .err()
}

#[cfg(test)]
mod tests;
