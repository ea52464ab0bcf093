//! Spells, bands and repeated absence (SPEC.md section 3), in one pass over the
//! records when each employee's records come in date order, and after sorting
//! otherwise.
//!
//! The pass keeps, per employee, only the last date and the current spell; per
//! spell, its start, end, hours and group; and per (month, department, sex,
//! band), the sum of hours. Memory is therefore proportional to employees and
//! spells, not to records (see DESIGN.md, *Measuring absence*).

use std::collections::HashMap;
use std::io::Read;

use utfall_engine::Month;

use crate::fields::format_day;
use crate::records::{Dimensions, Flow, RecordReader, Row};
use crate::report::{Band, Measurement};
use crate::{Error, ErrorKind, Headcount};

/// How to measure.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Accept records before the first headcount month as history: they shape
    /// spells and the repeated-absence group but are not reported. Without it
    /// such a record is an error ([`ErrorKind::NoHeadcount`]).
    pub history: bool,
    /// Keep every spell and every flagged employee for the detail files.
    pub detail: bool,
}

const NO_SPELL: u32 = u32::MAX;

/// Per employee: the last date seen and the current spell.
#[derive(Clone, Copy)]
struct State {
    last_day: i32,
    spell: u32,
}

/// One spell of one employee; `previous` chains an employee's spells backwards.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spell {
    pub start: i32,
    pub end: i32,
    pub centi: u32,
    pub previous: u32,
    pub department: u8,
    pub sex: u8,
}

/// Why the single pass stopped.
enum Outcome {
    Done,
    OutOfOrder,
    Duplicate { key: u64, day: i32, line: u64 },
}

/// The running measurement.
pub(crate) struct Tracker {
    ids: HashMap<u64, u32, BuildFx>,
    pub keys: Vec<u64>,
    states: Vec<State>,
    pub spells: Vec<Spell>,
    pub first_month: Month,
    pub months: usize,
    pub month_has_headcount: Vec<bool>,
    pub dimensions: Dimensions,
    /// Centi-hours per (month, department, sex, band).
    pub cells: Vec<u64>,
    /// Centi-hours of spells that start on the first date of the data, per
    /// (month, band).
    pub censored: Vec<u64>,
    pub first_day: i32,
    pub last_day: i32,
    pub history_centi: u64,
    pub rows: u64,
    history: bool,
}

impl Tracker {
    fn new(headcount: &Headcount, dimensions: Dimensions, history: bool) -> Result<Self, Error> {
        let months = headcount.months();
        let (Some(first), Some(last)) = (months.first(), months.last()) else {
            return Err(Error::new(ErrorKind::NoHeadcountRows));
        };
        let span = usize::try_from(first.months_until(*last)).unwrap_or(0) + 1;
        let mut month_has_headcount = vec![false; span];
        for m in &months {
            if let Some(slot) = usize::try_from(first.months_until(*m))
                .ok()
                .and_then(|i| month_has_headcount.get_mut(i))
            {
                *slot = true;
            }
        }
        Ok(Self {
            ids: HashMap::with_hasher(BuildFx),
            keys: Vec::new(),
            states: Vec::new(),
            spells: Vec::new(),
            first_month: *first,
            months: span,
            month_has_headcount,
            dimensions,
            cells: vec![0; span * dimensions.departments * dimensions.sexes * 3],
            censored: vec![0; span * 3],
            first_day: i32::MAX,
            last_day: i32::MIN,
            history_centi: 0,
            rows: 0,
            history,
        })
    }

    /// Adds a row; `Ok(None)` when the employee's previous row is later (the
    /// file is not in date order per employee), `Ok(Some(day))` for a duplicate.
    fn push(&mut self, row: &Row) -> Result<Option<Outcome>, Error> {
        let next = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        let index = *self.ids.entry(row.key).or_insert(next);
        if index == next {
            self.keys.push(row.key);
            self.states.push(State {
                last_day: i32::MIN,
                spell: NO_SPELL,
            });
        }
        let Some(state) = self.states.get_mut(index as usize) else {
            return Ok(Some(Outcome::OutOfOrder));
        };
        if state.spell != NO_SPELL && row.day <= state.last_day {
            return Ok(Some(if row.day == state.last_day {
                Outcome::Duplicate {
                    key: row.key,
                    day: row.day,
                    line: row.line,
                }
            } else {
                Outcome::OutOfOrder
            }));
        }

        let offset = row.month_offset(self.first_month);
        let reported = match usize::try_from(offset) {
            Ok(m) if self.month_has_headcount.get(m) == Some(&true) => Some(m),
            Err(_) if self.history => None,
            _ => {
                return Err(Error::new(ErrorKind::NoHeadcount {
                    date: format_day(row.day),
                    month: row.month,
                    hint: if offset < 0 {
                        "; to use records before the first headcount month for spells and repeated absence only, \
                         measure with history (measure --history)"
                    } else {
                        ""
                    },
                })
                .at_line(row.line)
                .at_field("date"));
            }
        };

        if row.day < self.first_day {
            // Spells counted as starting on the first date so far did not: clear.
            self.first_day = row.day;
            self.censored.iter_mut().for_each(|c| *c = 0);
        }
        self.last_day = self.last_day.max(row.day);
        self.rows += 1;

        if state.spell == NO_SPELL || row.day != state.last_day + 1 {
            let spell = u32::try_from(self.spells.len()).unwrap_or(NO_SPELL);
            self.spells.push(Spell {
                start: row.day,
                end: row.day,
                centi: 0,
                previous: state.spell,
                department: row.department,
                sex: row.sex,
            });
            state.spell = spell;
        }
        state.last_day = row.day;
        let Some(spell) = self.spells.get_mut(state.spell as usize) else {
            return Ok(Some(Outcome::OutOfOrder));
        };
        spell.end = row.day;
        spell.centi += u32::from(row.centi);
        let band = Band::of_day(row.day - spell.start + 1) as usize;
        let censored = spell.start == self.first_day;
        match reported {
            Some(m) => {
                let d = self.dimensions;
                let cell =
                    ((m * d.departments + usize::from(row.department)) * d.sexes + usize::from(row.sex)) * 3 + band;
                if let Some(c) = self.cells.get_mut(cell) {
                    *c += u64::from(row.centi);
                }
                if censored {
                    if let Some(c) = self.censored.get_mut(m * 3 + band) {
                        *c += u64::from(row.centi);
                    }
                }
            }
            None => self.history_centi += u64::from(row.centi),
        }
        Ok(None)
    }
}

impl Tracker {
    /// Each employee's key and last spell (the head of its chain).
    pub(crate) fn employees(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.keys
            .iter()
            .zip(&self.states)
            .map(|(key, state)| (*key, state.spell))
    }
}

impl Row {
    fn month_offset(&self, first: Month) -> i64 {
        i64::from(first.months_until(self.month))
    }
}

/// Measures absence records against a headcount (SPEC.md section 3).
///
/// `open` gives the records, from the start, each time it is called: once when
/// every employee's records come in date order (any order of employees), a
/// second time to collect and sort the rows when they do not, and once more to
/// find the first of two duplicate rows for the error message. `progress` is
/// called with the bytes read so far.
///
/// # Errors
/// With the line number and column: malformed CSV, a bad date, hours below 0
/// or above 24 or with more than two decimals, an empty employee id, a
/// department or sex the headcount file does not have, two rows for the same
/// employee and date ([`ErrorKind::Duplicate`], naming both lines), a record in
/// a month without headcount ([`ErrorKind::NoHeadcount`]); no records at all;
/// [`ErrorKind::Io`] when reading fails.
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
pub fn measure<R: Read>(
    mut open: impl FnMut() -> std::io::Result<R>,
    headcount: &Headcount,
    options: &Options,
    progress: &mut dyn FnMut(u64),
) -> Result<Measurement, Error> {
    let mut reader = RecordReader::new();
    let mut tracker: Option<Tracker> = None;
    let mut outcome = Outcome::Done;
    let mut failure = None;
    let dimensions = reader.read(open()?, headcount, progress, |row, dimensions| {
        let t = match &mut tracker {
            Some(t) => t,
            None => tracker.insert(Tracker::new(headcount, dimensions, options.history)?),
        };
        match t.push(&row) {
            Ok(None) => Ok(Flow::Continue),
            Ok(Some(stop)) => {
                outcome = stop;
                Ok(Flow::Stop)
            }
            Err(e) => {
                failure = Some(e);
                Ok(Flow::Stop)
            }
        }
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    let tracker = match outcome {
        Outcome::Done => tracker,
        Outcome::Duplicate { key, day, line } => {
            return Err(duplicate(&mut open, headcount, &mut reader, key, day, line));
        }
        Outcome::OutOfOrder => Some(sorted(&mut open, headcount, options, dimensions, progress)?),
    };
    let Some(tracker) = tracker else {
        return Err(Error::new(ErrorKind::NoRecords));
    };
    Ok(Measurement::new(tracker, headcount, &reader, options))
}

/// Collects every row, sorts by employee and date, and runs the tracker.
fn sorted<R: Read>(
    open: &mut impl FnMut() -> std::io::Result<R>,
    headcount: &Headcount,
    options: &Options,
    dimensions: Dimensions,
    progress: &mut dyn FnMut(u64),
) -> Result<Tracker, Error> {
    let mut reader = RecordReader::new();
    let mut rows = Vec::new();
    reader.read(open()?, headcount, progress, |row, _| {
        rows.push(row);
        Ok(Flow::Continue)
    })?;
    rows.sort_unstable_by_key(|r| (r.key, r.day, r.line));
    if let Some([first, second]) = rows
        .windows(2)
        .find(|w| matches!(w, [a, b] if a.key == b.key && a.day == b.day))
    {
        return Err(duplicate_error(&reader, first.key, first.day, first.line, second.line));
    }
    let mut tracker = Tracker::new(headcount, dimensions, options.history)?;
    for row in &rows {
        // Sorted rows are in order and duplicates were caught above.
        if let Some(Outcome::Duplicate { key, day, line }) = tracker.push(row)? {
            return Err(duplicate_error(&reader, key, day, line, line));
        }
    }
    Ok(tracker)
}

/// The error for a duplicate found in the single pass: reads again to find the
/// first of the two rows.
fn duplicate<R: Read>(
    open: &mut impl FnMut() -> std::io::Result<R>,
    headcount: &Headcount,
    reader: &mut RecordReader,
    key: u64,
    day: i32,
    line: u64,
) -> Error {
    let mut first_line = 0;
    let mut again = RecordReader::new();
    let found = open().map_err(Error::from).and_then(|input| {
        again.read(input, headcount, &mut |_| {}, |row, _| {
            if row.key == key && row.day == day {
                first_line = row.line;
                return Ok(Flow::Stop);
            }
            Ok(Flow::Continue)
        })
    });
    match found {
        Ok(_) => duplicate_error(reader, key, day, first_line, line),
        Err(e) => e,
    }
}

fn duplicate_error(reader: &RecordReader, key: u64, day: i32, first_line: u64, line: u64) -> Error {
    Error::new(ErrorKind::Duplicate {
        employee: reader.id_text(key),
        date: format_day(day),
        first_line,
    })
    .at_line(line)
}

/// A fast hasher for integer keys (the multiply-rotate of rustc's FxHash).
#[derive(Clone, Copy, Default)]
pub(crate) struct BuildFx;

#[derive(Default)]
pub(crate) struct Fx(u64);

impl std::hash::BuildHasher for BuildFx {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    //! Hand-made cases: inputs and the expected figures, worked out by hand.
    use super::*;
    use crate::report::{Band, Group};

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
                "line 2: field date: 2019-11-29 is in 2019-11, which has no headcount rows; to use records before the first headcount month for spells and repeated absence only, measure with history (measure --history)",
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
}
