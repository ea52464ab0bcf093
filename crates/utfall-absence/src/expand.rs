//! Sick-leave periods measured as the daily records they stand for
//! (`docs/method.md` §6.10): each employee's periods become one row per
//! calendar date, hours = the extents in force that date × the scheduled
//! hours, rounded to the centi-hour half away from zero, and the rows go
//! straight to the tracker in batches, as parsed records do. Nothing per day
//! is kept: memory grows with one employee's periods (or, for a file whose
//! employees' periods are interleaved out of date order, with the periods),
//! never with the days.

use std::io::Read;

use crate::aggregate;
use crate::employee_errors::spell_too_long;
use crate::fields::{INTERNED, format_day};
use crate::lines::Flow;
use crate::measurement::Measurement;
use crate::months::MonthCheck;
use crate::options::Options;
use crate::periods::{Period, PeriodReader, WHOLE};
use crate::records::{BATCH, Clash, Dimensions, RecordReader, Row};
use crate::schedule::{Hours, Schedule};
use crate::tracker::{Stop, Tracker};
use crate::{Error, ErrorKind, Headcount, holidays::Holidays};

/// Turns each employee's periods into rows for the tracker.
pub(crate) struct Expander<'a> {
    schedule: &'a Schedule,
    options: &'a Options,
    holidays: Holidays,
    pub tracker: Tracker,
    batch: Vec<Row>,
    /// The periods in force on the day being expanded (reused).
    active: Vec<Period>,
}

/// The weekday of a day number, Monday 0 (0001-01-01, day 1, was a Monday).
fn weekday(day: i32) -> usize {
    usize::try_from((day - 1).rem_euclid(7)).unwrap_or(0)
}

/// Centi-hours of an extent (millionths) of scheduled centi-hours, rounded
/// to the centi-hour, half away from zero (all are positive: half up).
#[inline]
pub(crate) fn extent_of(extent: u32, scheduled: u16) -> u16 {
    let product = u64::from(extent) * u64::from(scheduled);
    // An extent is at most WHOLE, so the result is at most `scheduled`.
    u16::try_from((product + u64::from(WHOLE / 2)) / u64::from(WHOLE)).unwrap_or(scheduled)
}

impl<'a> Expander<'a> {
    pub(crate) fn new(
        schedule: &'a Schedule,
        options: &'a Options,
        months: &MonthCheck,
        dimensions: Dimensions,
    ) -> Self {
        Self {
            schedule,
            options,
            holidays: Holidays::default(),
            tracker: Tracker::new(months, dimensions).with(options),
            batch: Vec::with_capacity(BATCH),
            active: Vec::new(),
        }
    }

    /// Expands one employee's periods, sorted by start (and line).
    /// [`Flow::Stop`] when the tracker had rows of the employee on these
    /// dates already (their periods came apart in the file, out of date order).
    pub(crate) fn employee(&mut self, periods: &[Period], records: &RecordReader) -> Result<Flow, Error> {
        let Some(first) = periods.first() else {
            return Ok(Flow::Continue);
        };
        let hours = if first.key & INTERNED == 0 {
            self.schedule.hours(first.key.to_string().as_bytes(), self.options.ids)
        } else {
            self.schedule
                .hours(records.id_text(first.key).as_bytes(), self.options.ids)
        };
        let hours = hours.map_err(|e| e.at_line(first.line).at_field("employee_id"))?;
        let mut active = std::mem::take(&mut self.active);
        active.clear();
        let flow = self.sweep(periods, hours, &mut active, records);
        self.active = active;
        flow
    }

    /// Walks the dates from the first period's start, a stretch at a time
    /// over which the periods in force do not change.
    fn sweep(
        &mut self,
        periods: &[Period],
        hours: Hours<'_>,
        active: &mut Vec<Period>,
        records: &RecordReader,
    ) -> Result<Flow, Error> {
        let mut next = 0;
        let mut day = i32::MIN;
        let mut cursor = 0;
        loop {
            active.retain(|p| p.to >= day);
            if active.is_empty() {
                match periods.get(next) {
                    Some(p) => day = day.max(p.from),
                    None => return Ok(Flow::Continue),
                }
            }
            while let Some(p) = periods.get(next).filter(|p| p.from <= day) {
                next += 1;
                join(p, active, day, records)?;
                active.push(*p);
            }
            let Some(lead) = active.first().copied() else {
                continue;
            };
            let total = active.iter().map(|p| p.extent).sum();
            let mut end = active.iter().map(|p| p.to).min().unwrap_or(day);
            if let Some(p) = periods.get(next) {
                end = end.min(p.from.saturating_sub(1));
            }
            if let Flow::Stop = self.days(&lead, day, end, total, hours, &mut cursor, records)? {
                return Ok(Flow::Stop);
            }
            match end.checked_add(1) {
                Some(after) => day = after,
                None => return Ok(Flow::Continue),
            }
        }
    }

    /// The rows of the days `from` to `to` of the employee of `lead`, at
    /// `extent` (millionths) of the scheduled hours.
    #[allow(clippy::too_many_arguments)]
    fn days(
        &mut self,
        lead: &Period,
        from: i32,
        to: i32,
        extent: u32,
        hours: Hours<'_>,
        cursor: &mut usize,
        records: &RecordReader,
    ) -> Result<Flow, Error> {
        for day in from..=to {
            let scheduled = match hours {
                Hours::Default(per_day) if !self.holidays.is_off(day) => per_day.get(weekday(day)).copied(),
                Hours::Default(_) => Some(0),
                Hours::Rows(rows) => {
                    while rows.get(*cursor).is_some_and(|r| r.to < day) {
                        *cursor += 1;
                    }
                    let row = rows.get(*cursor).filter(|r| r.from <= day);
                    row.and_then(|r| r.hours.get(weekday(day)).copied())
                }
            };
            let Some(scheduled) = scheduled else {
                let field = if day == lead.from { "from" } else { "to" };
                return Err(Error::new(ErrorKind::OutsideSchedule {
                    employee: records.id_text(lead.key),
                    date: format_day(day),
                })
                .at_line(lead.line)
                .at_field(field));
            };
            let employment = match records.register() {
                Some(register) => register.employment_from(lead.employment, day),
                None => lead.employment,
            };
            self.batch.push(Row {
                key: lead.key,
                day,
                centi: extent_of(extent, scheduled),
                department: lead.department,
                sex: lead.sex,
                employment,
            });
            if self.batch.len() >= BATCH
                && let Flow::Stop = self.flush(records)?
            {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }

    /// Hands the batch to the tracker.
    fn flush(&mut self, records: &RecordReader) -> Result<Flow, Error> {
        let stop = self.tracker.push(&self.batch);
        self.batch.clear();
        match stop {
            None => Ok(Flow::Continue),
            Some(Stop::SpellTooLong { key, day }) => Err(spell_too_long(records, key, day)),
            Some(Stop::OutOfOrder | Stop::Duplicate { .. }) => Ok(Flow::Stop),
            // The periods reader checked every period against the register
            // already: its rows carry their employment, never left unchecked.
            Some(Stop::Register) => Err(Error::new(ErrorKind::Io(std::io::Error::other(
                "a period's date was not checked against the register",
            )))),
        }
    }
}

/// Checks a period joining those in force on `day`: the extents may sum to
/// at most 100 %, and the groups must be the same.
fn join(p: &Period, active: &[Period], day: i32, records: &RecordReader) -> Result<(), Error> {
    let Some(other) = active.first() else {
        return Ok(());
    };
    let employee = records.id_text(p.key);
    let total: u64 = active.iter().map(|a| u64::from(a.extent)).sum::<u64>() + u64::from(p.extent);
    let kind = if (p.department, p.sex) != (other.department, other.sex) {
        ErrorKind::PeriodGroupsDiffer {
            employee,
            line: p.line,
            other_line: other.line,
            date: format_day(day),
        }
    } else if total > u64::from(WHOLE) {
        let percent = rust_decimal::Decimal::from(total) / rust_decimal::Decimal::from(WHOLE / 100);
        ErrorKind::PeriodsOverlap {
            employee,
            line: p.line,
            other_line: other.line,
            date: format_day(day),
            percent: percent.normalize().to_string(),
        }
    } else {
        return Ok(());
    };
    Err(Error::new(kind).at_line(p.line).at_field("from"))
}

/// Measures a file of sick-leave periods (`docs/method.md` §6.10). `first`
/// is the file as opened already.
pub(crate) fn measure_periods<R: Read>(
    first: impl Read,
    open: &mut impl FnMut() -> std::io::Result<R>,
    headcount: &Headcount,
    options: &Options,
    progress: &mut dyn FnMut(u64),
) -> Result<Measurement, Error> {
    let schedule = options
        .schedule
        .as_deref()
        .ok_or_else(|| Error::new(ErrorKind::NoScheduleGiven))?;
    let months = MonthCheck::new(headcount, options.history)?;
    let mut reader = PeriodReader::new(options, headcount, &months);
    let expander = match expand_all(first, open, schedule, options, progress, &mut reader) {
        Ok(expander) => expander,
        // An id the schedule file lacks or writes otherwise may be one the
        // period file writes two ways (`7`, `007`): that is said first.
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::NoSchedule { .. } | ErrorKind::SameEmployeeInSchedule { .. }
            ) =>
        {
            same_employees(open, options, &reader)?;
            return Err(e);
        }
        Err(e) => return Err(e),
    };
    let Some(expander) = expander else {
        return Err(Error::new(ErrorKind::NoRecords));
    };
    same_employees(open, options, &reader)?;
    Ok(aggregate::measurement(
        expander.tracker,
        headcount,
        &reader.records,
        options,
    ))
}

/// Expands every period: in one pass when each employee's periods come
/// together, or in date order (the rows of a run of one employee's periods go
/// to the tracker when the run ends); otherwise every period is read again
/// into memory, sorted by employee and start, and expanded in that order.
/// `None` when the file has no periods.
fn expand_all<'a, R: Read>(
    first: impl Read,
    open: &mut impl FnMut() -> std::io::Result<R>,
    schedule: &'a Schedule,
    options: &'a Options,
    progress: &mut dyn FnMut(u64),
    reader: &mut PeriodReader<'a>,
) -> Result<Option<Expander<'a>>, Error> {
    let months = reader.months;
    let mut expander: Option<Expander> = None;
    let mut run: Vec<Period> = Vec::new();
    let mut apart = false;
    let mut end_run = |run: &mut Vec<Period>, records: &RecordReader| -> Result<Flow, Error> {
        run.sort_unstable_by_key(|p| (p.from, p.line));
        let e = expander.get_or_insert_with(|| Expander::new(schedule, options, months, records.dimensions()));
        let flow = e.employee(run, records)?;
        run.clear();
        Ok(flow)
    };
    reader.scan(first, options, progress, |period, records| {
        if run.first().is_some_and(|p| p.key != period.key)
            && let Flow::Stop = end_run(&mut run, records)?
        {
            apart = true;
            return Ok(Flow::Stop);
        }
        run.push(period);
        Ok(Flow::Continue)
    })?;
    if !apart && !run.is_empty() {
        apart = matches!(end_run(&mut run, &reader.records)?, Flow::Stop);
    }
    if let Some(e) = &mut expander
        && !apart
    {
        apart = matches!(e.flush(&reader.records)?, Flow::Stop);
    }
    if !apart {
        return Ok(expander);
    }
    *reader = reader.again(options);
    sorted(open, schedule, options, progress, reader).map(Some)
}

/// The second way: every period in memory, sorted by employee and start,
/// each employee's expanded in turn.
fn sorted<'a, R: Read>(
    open: &mut impl FnMut() -> std::io::Result<R>,
    schedule: &'a Schedule,
    options: &'a Options,
    progress: &mut dyn FnMut(u64),
    reader: &mut PeriodReader<'a>,
) -> Result<Expander<'a>, Error> {
    let mut all = Vec::new();
    reader.scan(open()?, options, progress, |period, _| {
        all.push(period);
        Ok(Flow::Continue)
    })?;
    all.sort_unstable_by_key(|p| (p.key, p.from, p.line));
    let mut expander = Expander::new(schedule, options, reader.months, reader.records.dimensions());
    for periods in all.chunk_by(|a, b| a.key == b.key) {
        crate::records::interrupted(options.interrupt.as_deref())?;
        // Sorted, each employee's rows come once and in date order: the
        // tracker cannot stop at an earlier date.
        if let Flow::Stop = expander.employee(periods, &reader.records)? {
            return Err(Error::new(ErrorKind::Io(std::io::Error::other(
                "sorted periods came out of date order",
            ))));
        }
    }
    expander.flush(&reader.records)?;
    Ok(expander)
}

/// With [`crate::Ids::Normalised`], a plain-number id also written otherwise
/// in the period file (`7` and `007`). The reader keys plain numbers without
/// looking them up, so when some id normalises to a plain number the file is
/// read again for the first line of that number, if it occurs.
fn same_employees<R: Read>(
    open: &mut impl FnMut() -> std::io::Result<R>,
    options: &Options,
    reader: &PeriodReader<'_>,
) -> Result<(), Error> {
    let records = &reader.records;
    let aliases = records.numeric_aliases();
    if options.ids != crate::Ids::Normalised || aliases.is_empty() {
        return Ok(());
    }
    let mut clash = None;
    reader.again(options).scan(open()?, options, &mut |_| {}, |period, _| {
        match aliases.iter().find(|(number, _)| *number == period.key) {
            Some(&(number, alias)) => {
                clash = Some(Clash {
                    key: number,
                    line: period.line,
                    other_key: alias,
                    other_line: records.first_line(alias),
                });
                Ok(Flow::Stop)
            }
            None => Ok(Flow::Continue),
        }
    })?;
    match clash {
        Some(clash) => Err(records.clash_error(clash, b"")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_of_an_extent_are_rounded_half_up() {
        assert_eq!(extent_of(WHOLE, 800), 800);
        assert_eq!(extent_of(500_000, 750), 375);
        // A third of 8 hours is 2.666… → 2.67; 12.5 % of 7.4 hours is 0.925 → 0.93.
        assert_eq!(extent_of(333_333, 800), 267);
        assert_eq!(extent_of(125_000, 740), 93);
        assert_eq!(extent_of(1, 2400), 0);
        assert_eq!(extent_of(WHOLE, 0), 0);
    }

    #[test]
    fn weekdays() {
        use chrono::Datelike;
        let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 6).unwrap().num_days_from_ce();
        assert_eq!(weekday(day), 0, "6 January 2020 was a Monday");
        assert_eq!(weekday(day + 6), 6);
        assert_eq!(weekday(1), 0);
    }
}
