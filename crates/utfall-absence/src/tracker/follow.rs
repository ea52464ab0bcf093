//! The sums of the follow-up tables (`docs/method.md` §6.12), kept beside the
//! tracker's own when the measurement has a register: hours per (month,
//! department, sex, age group, band) and per (month, workplace, band) of the
//! register's groups, the employment of each row saying which; and, for the
//! cohort check, which employments had a sick hour in days 15–90 or 91+ in
//! its follow-up period.

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
    /// Centi-hours per `(month × workplaces + workplace) × 3 + band`.
    pub workplace_cells: Vec<u64>,
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
        if of.workplace != NO_GROUP
            && let Some(c) = self
                .workplace_cells
                .get_mut((m * self.workplaces + of.workplace as usize) * 3 + band)
        {
            *c += u64::from(row.centi);
        }
    }
}
