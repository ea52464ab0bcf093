//! Spells and hour sums in one pass over rows that come in date order per
//! employee (`docs/method.md` §6).
//!
//! The pass keeps, per employee, one 20-byte slot ([`employees`]): the last
//! date, the open spell (start, hours, group) and the last closed spell.
//! Closed spells go to an append-only list; hours go to per (month,
//! department, sex, band) sums. Memory is therefore proportional to employees
//! and spells, not to records (see DESIGN.md, *Measuring absence*).

mod employees;
mod follow;

pub(crate) use follow::{Follow, LONG, MIDDLE, WorkplaceSums};

use self::employees::{CARRY_CAP, CARRY_CENSORED, Employees, NONE, Slot};
use crate::fields::INTERNED;
use crate::measurement::Band;
use crate::months::{MonthCheck, month_of_day};
use crate::records::{BATCH, Dimensions, Row};

/// A closed spell; `previous` chains an employee's spells backwards.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spell {
    pub start: i32,
    pub end: i32,
    pub centi: u32,
    pub previous: u32,
    pub department: u8,
    pub sex: u8,
}

impl Slot {
    /// The employee's open spell as it stands, to close it.
    fn open_spell(&self) -> Spell {
        Spell {
            start: self.start,
            end: self.last_day,
            centi: self.centi,
            previous: self.head,
            department: self.department,
            sex: self.sex,
        }
    }
}

/// The day count a new spell carries on from the employee's open spell,
/// about to close (the re-illness rule): the count at its last date, capped,
/// with [`CARRY_CENSORED`] when that count began on the first date of the
/// data (the spell, or the one it continued in turn, was under way then).
fn carried(open: &Slot, first_day: i32) -> u8 {
    let before = i64::from(open.carry & !CARRY_CENSORED);
    let count = before + i64::from(open.last_day) - i64::from(open.start) + 1;
    let count = u8::try_from(count.min(i64::from(CARRY_CAP))).unwrap_or(CARRY_CAP);
    let censored = open.carry & CARRY_CENSORED != 0 || open.start == first_day;
    if censored { count | CARRY_CENSORED } else { count }
}

/// The first date of the run of spells that a spell starting on `start`
/// continues under the re-illness rule of `days`, walking back from the
/// employee's last closed spell `head`.
fn chain_start(spells: &[Spell], mut start: i32, mut head: u32, days: u32) -> i32 {
    while let Some(spell) = spells.get(head as usize) {
        if i64::from(start) - i64::from(spell.end) > i64::from(days) {
            break;
        }
        start = spell.start;
        head = spell.previous;
    }
    start
}

/// Why the single pass stopped early.
pub(crate) enum Stop {
    OutOfOrder,
    Duplicate {
        key: u64,
        day: i32,
    },
    /// A spell's hours passed what its sum holds (`u32` centi-hours: about
    /// 1.8 million days of 24 hours).
    SpellTooLong {
        key: u64,
        day: i32,
    },
    /// A date the register has in no employment of the employee (or an
    /// employee it lacks): the reader's check reports it, with its line.
    Register,
}

/// The running measurement.
pub(crate) struct Tracker {
    employees: Employees,
    pub spells: Vec<Spell>,
    /// The months the sums are kept for, by offset.
    pub months: MonthCheck,
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
    /// The first and last day of the month last seen, and its offset from the
    /// first month: consecutive rows mostly fall in one month.
    month_cache: (i32, i32, i32),
    located: Vec<(bool, usize)>,
    /// The re-illness rule's days ([`Options::reillness_days`](crate::Options)).
    reillness: Option<u32>,
    /// The follow-up tables' sums, with a register.
    pub follow: Option<Follow>,
}

impl Tracker {
    pub(crate) fn new(months: &MonthCheck, dimensions: Dimensions) -> Self {
        let span = months.span();
        Self {
            employees: Employees::new(),
            spells: Vec::new(),
            months: months.clone(),
            dimensions,
            cells: vec![0; span * dimensions.departments * dimensions.sexes * 3],
            censored: vec![0; span * 3],
            first_day: i32::MAX,
            last_day: i32::MIN,
            history_centi: 0,
            rows: 0,
            month_cache: (1, 0, 0),
            located: Vec::with_capacity(BATCH),
            reillness: None,
            follow: None,
        }
    }

    /// Applies the options: the re-illness rule ([`Tracker::reillness`])
    /// and, with a register, the follow-up tables' sums.
    pub(crate) fn with(self, options: &crate::Options) -> Self {
        let mut tracker = self.reillness(options.reillness_days);
        if let Some(register) = &options.register {
            let cohort = options.follow_up.cohort.and_then(|c| c.follow_days());
            tracker.follow = Some(Follow::new(register.clone(), &tracker.months, cohort));
        }
        tracker
    }

    /// Applies the re-illness rule of `docs/method.md` §6.8 with `days`, if
    /// any: a spell starting at most `days` after the last ends continues
    /// its day count.
    pub(crate) fn reillness(mut self, days: Option<u32>) -> Self {
        self.reillness = days;
        self
    }

    /// The month offset of a day from the first headcount month.
    fn month_offset(&mut self, day: i32) -> i32 {
        let (from, to, offset) = self.month_cache;
        if day >= from && day <= to {
            return offset;
        }
        let Some((month, days)) = month_of_day(day) else {
            return -1;
        };
        let offset = self.months.offset(month);
        self.month_cache = (*days.start(), *days.end(), offset);
        offset
    }

    /// Adds a batch of rows. The slots are looked up first, all of them, so
    /// that the memory reads overlap instead of waiting one by one.
    pub(crate) fn push(&mut self, rows: &[Row]) -> Option<Stop> {
        // Make room for the batch's whole range of ids first: growing the table
        // moves its base, and would leave earlier positions of this batch wrong.
        let numeric = rows.iter().map(|r| r.key).filter(|k| k & INTERNED == 0);
        if let (Some(lo), Some(hi)) = (numeric.clone().min(), numeric.max()) {
            self.employees.locate(lo);
            self.employees.locate(hi);
        }
        let mut located = std::mem::take(&mut self.located);
        located.clear();
        located.extend(rows.iter().map(|r| self.employees.locate(r.key)));
        let touched = located.iter().fold(0i32, |acc, &at| acc ^ self.employees.peek(at));
        std::hint::black_box(touched);
        if let Some(follow) = &mut self.follow {
            follow.prepare(rows);
        }
        let mut stop = None;
        for (i, (row, &at)) in rows.iter().zip(&located).enumerate() {
            if let Some(s) = self.push_one(i, row, at) {
                stop = Some(s);
                break;
            }
        }
        self.located = located;
        stop
    }

    fn push_one(&mut self, i: usize, row: &Row, at: (bool, usize)) -> Option<Stop> {
        let offset = self.month_offset(row.day);
        let first_day = self.first_day;
        let Some(slot) = self.employees.slot(at) else {
            return Some(Stop::OutOfOrder);
        };
        if slot.used && row.day <= slot.last_day {
            return Some(if row.day == slot.last_day {
                Stop::Duplicate {
                    key: row.key,
                    day: row.day,
                }
            } else {
                Stop::OutOfOrder
            });
        }
        let employed = match &mut self.follow {
            Some(follow) => match follow.employment(i, row) {
                Some(found) => Some(found),
                None => return Some(Stop::Register),
            },
            None => None,
        };
        let new_employee = !slot.used;
        if new_employee || row.day != slot.last_day + 1 {
            let carry = match self.reillness {
                Some(days) if slot.used && i64::from(row.day) - i64::from(slot.last_day) <= i64::from(days) => {
                    carried(slot, first_day)
                }
                _ => 0,
            };
            if slot.used {
                // Close the open spell.
                let spell = slot.open_spell();
                slot.head = u32::try_from(self.spells.len()).unwrap_or(NONE);
                self.spells.push(spell);
            }
            slot.used = true;
            slot.start = row.day;
            slot.centi = 0;
            slot.department = row.department;
            slot.sex = row.sex;
            slot.carry = carry;
        }
        slot.last_day = row.day;
        let Some(centi) = slot.centi.checked_add(u32::from(row.centi)) else {
            return Some(Stop::SpellTooLong {
                key: row.key,
                day: row.day,
            });
        };
        slot.centi = centi;
        let count = i32::from(slot.carry & !CARRY_CENSORED);
        let band = Band::of_day(count + row.day - slot.start + 1) as usize;
        let mut censored_spell = slot.start == row.day.min(first_day);
        if slot.carry & CARRY_CENSORED != 0 {
            // The count began on the first date seen when the spell started;
            // an earlier first date seen since (rows sorted by employee)
            // makes that no longer so.
            let days = self.reillness.unwrap_or(0);
            censored_spell = chain_start(&self.spells, slot.start, slot.head, days) == first_day;
            if !censored_spell {
                slot.carry &= !CARRY_CENSORED;
            }
        }
        if new_employee {
            self.employees.count += 1;
        }
        if row.day < self.first_day {
            // Spells counted as starting on the first date so far did not: clear.
            self.first_day = row.day;
            self.censored.iter_mut().for_each(|c| *c = 0);
        }
        self.last_day = self.last_day.max(row.day);
        self.rows += 1;
        if let (Some(follow), Some(employed)) = (&mut self.follow, employed) {
            follow.add(offset, row, &employed, band);
        }
        match usize::try_from(offset) {
            Ok(m) => {
                let d = self.dimensions;
                let cell =
                    ((m * d.departments + usize::from(row.department)) * d.sexes + usize::from(row.sex)) * 3 + band;
                if let Some(c) = self.cells.get_mut(cell) {
                    *c += u64::from(row.centi);
                }
                if censored_spell && let Some(c) = self.censored.get_mut(m * 3 + band) {
                    *c += u64::from(row.centi);
                }
            }
            Err(_) => self.history_centi += u64::from(row.centi),
        }
        None
    }

    /// Closes every open spell and gives each employee's key and last spell.
    /// The employees' slots go (their count stays): the tables need the
    /// spells only, and a national file's slots are some 200 MB.
    pub(crate) fn close(&mut self) -> Vec<(u64, u32)> {
        let open: Vec<(u64, Slot)> = self.employees.all().into_iter().map(|(k, s)| (k, *s)).collect();
        self.employees.release();
        let mut heads = Vec::with_capacity(open.len());
        for (key, slot) in open {
            let index = u32::try_from(self.spells.len()).unwrap_or(NONE);
            self.spells.push(slot.open_spell());
            heads.push((key, index));
        }
        heads
    }

    pub(crate) fn employee_count(&self) -> usize {
        self.employees.count
    }

    /// Whether the employee of a plain-number key has a row.
    pub(crate) fn has_number(&self, key: u64) -> bool {
        self.employees.has_number(key)
    }
}
