//! The sums of the follow-up tables (`docs/method.md` §6.12), kept beside the
//! tracker's own when the measurement has a register: hours per (month,
//! department, sex, age group, band) and per (month, workplace, band) of the
//! register's groups, the employment of each row saying which; and, for the
//! cohort check, which employments had a sick hour in days 15–90 or 91+ in
//! its follow-up period.

use std::collections::HashMap;
use std::sync::Arc;

use crate::Register;
use crate::months::MonthCheck;
use crate::records::Row;
use crate::register::{AGE_SLOTS, NO_GROUP, UNCHECKED};

/// An employment of the register and what the follow-up's sums need of it.
#[derive(Clone, Copy)]
pub(crate) struct Attributed {
    pub employment: u32,
    pub workplace: u32,
    /// `department × sexes + sex` (slot 0 without the column).
    pub group: u32,
    /// 0 when the register gives none.
    pub birth_year: u16,
}

impl Attributed {
    const NONE: Attributed = Attributed {
        employment: NONE,
        workplace: NONE,
        group: 0,
        birth_year: 0,
    };
}

/// The workplace sums of [`Follow`]: centi-hours per `(month × workplaces +
/// workplace) × 3 + band` in 32 bits, and the excess of a cell past them.
pub(crate) type WorkplaceSums = (Vec<u32>, HashMap<usize, u64>);

/// No employment ([`Attributed::NONE`]).
const NONE: u32 = u32::MAX;

/// Bit of [`Follow::long`]: a sick hour in days 15–90 in the cohort's
/// follow-up period.
pub(crate) const MIDDLE: u8 = 1;
/// Bit of [`Follow::long`]: a sick hour on day 91 or later in it.
pub(crate) const LONG: u8 = 2;

pub(crate) struct Follow {
    pub register: Arc<Register>,
    /// The year of each month offset.
    years: Vec<i32>,
    /// The first day of the first month and of each month after the last:
    /// `starts[m]..starts[m + 1]` are month offset `m`'s days.
    starts: Vec<i32>,
    /// Departments and sexes, at least 1 each (one slot when the register
    /// lacks the column).
    pub departments: usize,
    pub sexes: usize,
    pub workplaces: usize,
    /// Centi-hours per `(((month × departments + department) × sexes + sex)
    /// × AGE_SLOTS + age) × 3 + band`.
    pub groups: Vec<u64>,
    /// Centi-hours per `(month × workplaces + workplace) × 3 + band`, in
    /// 32 bits (a national register has some 85 000 workplaces: 8 bytes a
    /// cell would add 100 MB); what a cell cannot hold goes to `carried`.
    workplace_cells: Vec<u32>,
    /// The excess over `u32::MAX` of a workplace cell, by cell: a workplace
    /// of some 57 000 employees could pass it in a month.
    carried: HashMap<usize, u64>,
    /// The cohort's follow-up period, first and last day.
    cohort: Option<(i32, i32)>,
    /// By employment: [`MIDDLE`] and [`LONG`].
    pub long: Vec<u8>,
    /// By employee — at `key − base` when the register's keys are compact
    /// (`keyed`), else at the index of their first employment —: the employment
    /// of their last date and its last day, so that a later date up to it
    /// needs no search, nor a read of the register's groups (dates of a
    /// plain-number id, which the reader leaves to the tracker to check).
    employed: Vec<(Attributed, i32)>,
    /// The least key of `employed` when it is indexed by key: then a row
    /// finds its employee's entry without a search (one read of memory,
    /// as its slot in the tracker).
    keyed: Option<u64>,
    /// Otherwise the batch's rows' employees as indices into `employed`
    /// (`NONE`: a key the register lacks, or a row the reader checked).
    ordinals: Vec<u32>,
    /// Where the last key was found in the register, when it is searched.
    cursor: usize,
}

impl Follow {
    pub(crate) fn new(register: Arc<Register>, months: &MonthCheck, cohort: Option<(i32, i32)>) -> Self {
        let span = months.span();
        let g = register.groups();
        let departments = g.departments.len().max(1);
        let sexes = g.sexes.len().max(1);
        let workplaces = g.workplaces.len();
        let years = (0..span)
            .map(|m| months.month_at(i32::try_from(m).unwrap_or(0)).year())
            .collect();
        let long = if cohort.is_some() {
            vec![0; g.of.len()]
        } else {
            Vec::new()
        };
        Self {
            years,
            starts: (0..=span)
                .filter_map(|m| crate::months::first_day(months.month_at(i32::try_from(m).ok()?)))
                .collect(),
            departments,
            sexes,
            workplaces,
            groups: vec![0; span * departments * sexes * AGE_SLOTS * 3],
            workplace_cells: vec![0; span * workplaces * 3],
            carried: HashMap::new(),
            cohort,
            long,
            employed: vec![(Attributed::NONE, i32::MIN); register.key_range().map_or(g.of.len(), |(_, n)| n)],
            keyed: register.key_range().map(|(base, _)| base),
            ordinals: Vec::new(),
            cursor: 0,
            register,
        }
    }

    /// Finds the employees of a batch's unchecked rows in the register and
    /// reads their entries, all before any is used, so that the memory
    /// reads overlap (one by one, each would wait for memory).
    pub(crate) fn prepare(&mut self, rows: &[Row]) {
        self.ordinals.clear();
        if !self.register.defers() {
            return;
        }
        if let Some(base) = self.keyed {
            let touched = rows.iter().filter(|r| r.employment == UNCHECKED).fold(0i32, |acc, r| {
                let at = usize::try_from(r.key.wrapping_sub(base)).unwrap_or(usize::MAX);
                acc ^ self.employed.get(at).map_or(0, |e| e.1)
            });
            // And the workplace sums the rows will add to, where the
            // employment is known already (most rows): a national
            // register's are 50 MB, read at random.
            let mut month = (0, i32::MAX, i32::MIN);
            let touched = rows
                .iter()
                .filter(|r| r.employment == UNCHECKED)
                .fold(touched, |acc, r| {
                    let at = usize::try_from(r.key.wrapping_sub(base)).unwrap_or(usize::MAX);
                    let Some(&(e, until)) = self.employed.get(at) else {
                        return acc;
                    };
                    if e.workplace == NO_GROUP || r.day > until {
                        return acc;
                    }
                    if r.day < month.1 || r.day >= month.2 {
                        let m = self.starts.partition_point(|&s| s <= r.day);
                        month = (
                            m.wrapping_sub(1),
                            self.starts.get(m.wrapping_sub(1)).copied().unwrap_or(i32::MAX),
                            self.starts.get(m).copied().unwrap_or(i32::MIN),
                        );
                    }
                    let cell =
                        (month.0.wrapping_mul(self.workplaces).wrapping_add(e.workplace as usize)).wrapping_mul(3);
                    acc ^ self.workplace_cells.get(cell).map_or(0, |&c| c as i32)
                });
            std::hint::black_box(touched);
            return;
        }
        let (register, cursor) = (&self.register, &mut self.cursor);
        self.ordinals.extend(rows.iter().map(|r| {
            match r.employment {
                UNCHECKED => register
                    .first_index(r.key, cursor)
                    .and_then(|at| u32::try_from(at).ok())
                    .unwrap_or(NONE),
                _ => NONE,
            }
        }));
        let touched = self
            .ordinals
            .iter()
            .fold(0i32, |acc, &o| acc ^ self.employed.get(o as usize).map_or(0, |e| e.1));
        std::hint::black_box(touched);
    }

    /// The employment of the batch's row `i` (given to [`Follow::prepare`]):
    /// the reader's, or for an unchecked row the employee's last while the
    /// date is within it, else searched; `None` when the register has no
    /// employment of the employee on the date.
    pub(crate) fn employment(&mut self, i: usize, row: &Row) -> Option<Attributed> {
        if row.employment != UNCHECKED || !self.register.defers() {
            return Some(self.attributed(row.employment));
        }
        let entry = match self.keyed {
            Some(base) => usize::try_from(row.key.checked_sub(base)?).ok()?,
            None => *self.ordinals.get(i)? as usize,
        };
        let &(last, until) = self.employed.get(entry)?;
        if last.employment != NONE && row.day <= until {
            return Some(last);
        }
        // A first date, or one past the employment: searched on from the
        // last (dates of an employee come to the tracker in order), or from
        // the employee's first.
        let after = match (last.employment, self.keyed) {
            (NONE, Some(_)) => u32::try_from(self.register.first_index(row.key, &mut self.cursor)?).ok()?,
            (NONE, None) => u32::try_from(entry).ok()?,
            (last, _) => last,
        };
        let (at, until) = self.register.employment_of_key(row.key, row.day, after)?;
        let found = self.attributed(at);
        if let Some(entry) = self.employed.get_mut(entry) {
            *entry = (found, until);
        }
        Some(found)
    }

    /// The employment at `at` with its groups, for [`Follow::add`].
    pub(crate) fn attributed(&self, at: u32) -> Attributed {
        let Some(of) = self.register.groups().of.get(at as usize) else {
            return Attributed::NONE;
        };
        let slot = |index: u32| if index == NO_GROUP { 0 } else { index };
        Attributed {
            employment: at,
            workplace: of.workplace,
            group: slot(of.department)
                .saturating_mul(u32::try_from(self.sexes).unwrap_or(u32::MAX))
                .saturating_add(slot(of.sex)),
            birth_year: of.birth_year,
        }
    }

    /// Adds a row of month offset `m` (negative: before the first month)
    /// in `band`, its date in the employment `at`.
    #[inline]
    pub(crate) fn add(&mut self, m: i32, row: &Row, at: &Attributed, band: usize) {
        if at.employment == NONE {
            return;
        }
        if let Some((from, to)) = self.cohort
            && row.day >= from
            && row.day <= to
            && band > 0
            && row.centi > 0
            && let Some(bits) = self.long.get_mut(at.employment as usize)
        {
            *bits |= if band == 1 { MIDDLE } else { LONG };
        }
        let Ok(m) = usize::try_from(m) else { return };
        let Some(&year) = self.years.get(m) else { return };
        let age = if at.birth_year == 0 {
            AGE_SLOTS - 1
        } else {
            crate::register::age_group(year, at.birth_year) as usize
        };
        let cell = ((m * self.departments * self.sexes + at.group as usize) * AGE_SLOTS + age) * 3 + band;
        if let Some(c) = self.groups.get_mut(cell) {
            *c += u64::from(row.centi);
        }
        let cell = (m * self.workplaces + at.workplace as usize) * 3 + band;
        if at.workplace != NO_GROUP
            && let Some(c) = self.workplace_cells.get_mut(cell)
        {
            match c.checked_add(u32::from(row.centi)) {
                Some(sum) => *c = sum,
                None => {
                    *self.carried.entry(cell).or_default() += u64::from(*c) + u64::from(row.centi);
                    *c = 0;
                }
            }
        }
    }

    /// The workplace sums, taken out: the follow-up's analyses read them
    /// where the tracker left them.
    pub(crate) fn take_workplace_sums(&mut self) -> WorkplaceSums {
        (
            std::mem::take(&mut self.workplace_cells),
            std::mem::take(&mut self.carried),
        )
    }

    /// Centi-hours of a workplace's month offset `m` and band.
    #[cfg(test)]
    pub(crate) fn workplace_centi(&self, m: usize, workplace: usize, band: usize) -> u64 {
        let cell = (m * self.workplaces + workplace) * 3 + band;
        u64::from(self.workplace_cells.get(cell).copied().unwrap_or(0)) + self.carried.get(&cell).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Headcount, Ids};

    /// A workplace cell that passes `u32::MAX` carries on exactly.
    #[test]
    fn a_workplace_cell_past_32_bits_carries_the_rest() {
        let register =
            Register::from_csv_str("employee_id,start,end,workplace\n1,2020-01-01,,w\n", Ids::Normalised).unwrap();
        let headcount = Headcount::from_csv_str("month,employees\n2020-01,1\n").unwrap();
        let months = MonthCheck::new(&headcount, false).unwrap();
        let mut follow = Follow::new(Arc::new(register), &months, None);
        let row = Row {
            key: 1,
            day: 737_425,
            centi: 2400,
            department: 0,
            sex: 0,
            employment: 0,
        };
        let times = u64::from(u32::MAX) / 2400 + 5;
        for _ in 0..times {
            let at = follow.attributed(0);
            follow.add(0, &row, &at, 0);
        }
        assert_eq!(follow.workplace_centi(0, 0, 0), times * 2400);
    }
}
