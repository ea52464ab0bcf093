//! The follow-up tables of the evaluation report's chapter on the project's
//! outcome, from the absence records and an employee register
//! (`docs/method.md` §6.12): net days by department, workplace, sex and age
//! group; workplace distributions for treated and other workplaces, with a
//! permutation test; the half-yearly variation within departments; the
//! workplaces with high or rising sick leave; the repeated-absence group's
//! continuity; the cohort check of the group's rule.
//!
//! The groups here are the register's, never the absence file's columns.

mod build;
mod figures;
mod output;
mod settings;
mod treated;
mod types;
mod workplaces;

use crate::Band;
pub(crate) use build::{follow_up, treated_marks};
pub use output::FollowTable;
pub use settings::{CohortPeriods, FollowUpOptions, TreatedWorkplace};
pub use treated::read_treated;
pub use types::{Cohort, CohortCounts, FollowGroup, GroupNetDays, GroupRepeated};

pub use workplaces::{
    Arm, Comparison, DepartmentVariation, Distribution, Half, HalfYear, WatchReason, WatchRule, Watched,
};
#[allow(unused_imports)]
pub(crate) use workplaces::{
    Workplace, Workplaces, compare, compare_bands, department_variation, distributions, watch, watch_months,
};

/// The follow-up tables of a measurement with a register
/// ([`Measurement::follow_up`](crate::Measurement::follow_up)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUp {
    pub(crate) net_days: Vec<GroupNetDays>,
    pub(crate) repeated: Vec<GroupRepeated>,
    pub(crate) cohort: Option<Cohort>,
    pub(crate) workplaces: Workplaces,
    /// The reported months, by offset from `workplaces.first`.
    pub(crate) reported: Vec<usize>,
    /// Suppression of each reported month's workplaces, by `reported index ×
    /// workplaces + workplace`.
    pub(crate) workplace_marks: Vec<Option<crate::Suppressed>>,
    pub(crate) distributions: Vec<Distribution>,
    pub(crate) comparisons: Vec<Comparison>,
    pub(crate) variation: Vec<DepartmentVariation>,
    /// The rule of the watched workplaces, listed as they are read.
    pub(crate) watch_rule: WatchRule,
    /// Whether the workplace table may be formatted on two threads.
    pub(crate) threads: crate::Threads,
}

impl FollowUp {
    /// Net days per month, group (the whole organisation, each department,
    /// sex and age group of the register) and band. The workplaces' are in
    /// [`FollowUp::workplace_net_days`].
    pub fn net_days(&self) -> &[GroupNetDays] {
        &self.net_days
    }

    /// Net days per month, workplace and band, made as they are read: a
    /// national register's 85 000 workplaces give some 13 million rows,
    /// which are not held in memory.
    pub fn workplace_net_days(&self) -> impl Iterator<Item = GroupNetDays> + '_ {
        let count = self.workplaces.count();
        self.reported.iter().enumerate().flat_map(move |(i, &m)| {
            let month = self
                .workplaces
                .first
                .add_months(i32::try_from(m).unwrap_or(0))
                .unwrap_or(self.workplaces.first);
            self.workplaces.names.iter().enumerate().flat_map(move |(w, s)| {
                let mark = self.workplace_marks.get(i * count + w).copied().flatten();
                let centi = [0, 1, 2].map(|b| self.workplaces.centi(w, m, b));
                let headcount = self.workplaces.heads(w, m);
                Band::ALL.into_iter().map(move |band| GroupNetDays {
                    month,
                    group: FollowGroup::Workplace {
                        department: s.department.clone(),
                        workplace: s.workplace.clone(),
                    },
                    band,
                    centi_hours: centi.get(band as usize).copied().unwrap_or(0),
                    headcount,
                    suppressed: mark,
                })
            })
        })
    }

    /// The repeated-absence group per month and group (the whole
    /// organisation, each department, sex and age group).
    pub fn repeated(&self) -> &[GroupRepeated] {
        &self.repeated
    }

    /// The cohort check, with [`FollowUpOptions::cohort`].
    pub fn cohort(&self) -> Option<&Cohort> {
        self.cohort.as_ref()
    }

    /// Per month, arm (treated and other workplaces) and band: the
    /// distribution of the workplaces' net days per employee.
    pub fn distributions(&self) -> &[Distribution] {
        &self.distributions
    }

    /// Per band, the permutation test of the treated against the other
    /// workplaces' change at [`FollowUpOptions::compare_at`] (or the
    /// treated file's earliest month); none without treated workplaces
    /// and such a month, or when an arm has no workplace on both sides.
    pub fn comparisons(&self) -> &[Comparison] {
        &self.comparisons
    }

    /// Per department, half-year and band: the mean of the workplaces'
    /// monthly means and of their monthly standard deviations.
    pub fn department_variation(&self) -> &[DepartmentVariation] {
        &self.variation
    }

    /// The workplaces with high or rising sick leave, per month, under
    /// [`FollowUpOptions::watch`] (with its least headcount raised to
    /// [`Options::min_group`](crate::Options), since the list names
    /// workplaces), made as they are read: a national register's list has
    /// a million rows, which are not held in memory.
    pub fn watched(&self) -> impl Iterator<Item = Watched> + '_ {
        workplaces::watch(&self.workplaces, &self.watch_rule)
    }

    /// Month and group pairs whose figures the follow-up's tables do not
    /// show, as small and as secondary: the organisation-wide groups of
    /// the net-days table (the repeated-absence table hides the same) and
    /// the workplaces.
    ///
    /// # Example
    /// ```
    /// use std::sync::Arc;
    /// use utfall_absence::{Ids, Options, Register, measure_reader};
    /// let register = Register::from_csv_str(
    ///     "employee_id,start,end,workplace\n1,2020-01-01,,a\n2,2020-01-01,,b\n",
    ///     Ids::Normalised,
    /// )?;
    /// let headcount = register.headcounts("2020-01".parse().unwrap(), "2020-02".parse().unwrap())?;
    /// let options = Options { register: Some(Arc::new(register)), ..Options::default() };
    /// let absence = "employee_id,date,hours\n1,2020-01-02,8\n";
    /// let m = utfall_absence::measure(|| Ok(absence.as_bytes()), &headcount, &options, &mut |_| {})?;
    /// // Two workplaces of one employee, in each of two months: all small.
    /// assert_eq!(m.follow_up().unwrap().suppressed(), (4, 0));
    /// # Ok::<(), utfall_absence::Error>(())
    /// ```
    pub fn suppressed(&self) -> (u64, u64) {
        let mut counts = (0u64, 0u64);
        let mut add = |mark: Option<crate::Suppressed>| match mark {
            Some(crate::Suppressed::Small) => counts.0 += 1,
            Some(crate::Suppressed::Secondary) => counts.1 += 1,
            None => {}
        };
        // Three rows a month and group, one per band, share their mark.
        self.net_days
            .iter()
            .filter(|r| r.band == Band::Short)
            .for_each(|r| add(r.suppressed));
        self.workplace_marks.iter().for_each(|m| add(*m));
        counts
    }

    /// The number of workplaces in the register, and of them treated.
    pub fn workplace_count(&self) -> (usize, usize) {
        let treated = self.workplaces.names.iter().filter(|s| s.treated.is_some()).count();
        (self.workplaces.count(), treated)
    }
}

/// Checks the follow-up settings before any row is read: every treated
/// workplace is in the register, and the cohort's periods lie within the
/// months measured.
///
/// # Errors
/// [`ErrorKind::UnknownWorkplace`](crate::ErrorKind::UnknownWorkplace) at the
/// treated file's line; [`ErrorKind::BadCohort`](crate::ErrorKind::BadCohort).
pub(crate) fn check_options(options: &crate::Options, months: &crate::months::MonthCheck) -> Result<(), crate::Error> {
    let Some(register) = &options.register else {
        return Ok(());
    };
    treated_marks(register.groups(), &options.follow_up.treated)?;
    if let Some(c) = options.follow_up.cohort {
        let last = months.month_at(i32::try_from(months.span()).unwrap_or(1) - 1);
        if c.select.0 < months.first || c.follow.1 > last {
            return Err(crate::Error::new(crate::ErrorKind::BadCohort {
                value: c.to_string(),
                reason: "the periods must lie within the months measured",
            })
            .at_field("cohort"));
        }
    }
    Ok(())
}
#[cfg(test)]
mod tests;
