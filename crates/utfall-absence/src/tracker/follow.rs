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
use crate::register::{AGE_SLOTS, NO_GROUP};

/// Bit of [`Follow::long`]: a sick hour in days 15–90 in the cohort's
/// follow-up period.
pub(crate) const MIDDLE: u8 = 1;
/// Bit of [`Follow::long`]: a sick hour on day 91 or later in it.
pub(crate) const LONG: u8 = 2;

pub(crate) struct Follow {
    pub register: Arc<Register>,
    /// The year of each month offset.
    years: Vec<i32>,
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
            departments,
            sexes,
            workplaces,
            groups: vec![0; span * departments * sexes * AGE_SLOTS * 3],
            workplace_cells: vec![0; span * workplaces * 3],
            carried: HashMap::new(),
            cohort,
            long,
            register,
        }
    }

    /// Adds a row of month offset `m` (negative: before the first month)
    /// in `band`.
    #[inline]
    pub(crate) fn add(&mut self, m: i32, row: &Row, band: usize) {
        let Some(of) = self.register.groups().of.get(row.employment as usize).copied() else {
            return;
        };
        if let Some((from, to)) = self.cohort
            && row.day >= from
            && row.day <= to
            && band > 0
            && row.centi > 0
            && let Some(bits) = self.long.get_mut(row.employment as usize)
        {
            *bits |= if band == 1 { MIDDLE } else { LONG };
        }
        let Ok(m) = usize::try_from(m) else { return };
        let Some(&year) = self.years.get(m) else { return };
        let slot = |index: u32| if index == NO_GROUP { 0 } else { index as usize };
        let cell = (((m * self.departments + slot(of.department)) * self.sexes + slot(of.sex)) * AGE_SLOTS
            + of.age_slot(year))
            * 3
            + band;
        if let Some(c) = self.groups.get_mut(cell) {
            *c += u64::from(row.centi);
        }
        let cell = (m * self.workplaces + of.workplace as usize) * 3 + band;
        if of.workplace != NO_GROUP
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

    /// Centi-hours of a workplace's month offset `m` and band.
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
            follow.add(0, &row, 0);
        }
        assert_eq!(follow.workplace_centi(0, 0, 0), times * 2400);
    }
}
