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
mod output;
mod settings;
mod treated;
mod types;
mod workplaces;

pub(crate) use build::{follow_up, treated_marks};
pub use output::FollowTable;
pub use settings::{CohortPeriods, FollowUpOptions, TreatedWorkplace};
pub use treated::read_treated;
pub use types::{Cohort, CohortCounts, FollowGroup, GroupNetDays, GroupRepeated};

pub use workplaces::{
    Arm, Comparison, DepartmentVariation, Distribution, Half, HalfYear, WatchReason, WatchRule, Watched,
};
#[allow(unused_imports)]
pub(crate) use workplaces::{WorkplaceSeries, Workplaces, compare, department_variation, distributions, watch};

/// The follow-up tables of a measurement with a register
/// ([`Measurement::follow_up`](crate::Measurement::follow_up)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUp {
    pub(crate) net_days: Vec<GroupNetDays>,
    pub(crate) repeated: Vec<GroupRepeated>,
    pub(crate) cohort: Option<Cohort>,
    pub(crate) workplaces: Workplaces,
    pub(crate) distributions: Vec<Distribution>,
    pub(crate) comparisons: Vec<Comparison>,
    pub(crate) variation: Vec<DepartmentVariation>,
    pub(crate) watched: Vec<Watched>,
}

impl FollowUp {
    /// Net days per month, group (the whole organisation, each department,
    /// workplace, sex and age group of the register) and band.
    pub fn net_days(&self) -> &[GroupNetDays] {
        &self.net_days
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
    /// [`FollowUpOptions::watch`].
    pub fn watched(&self) -> &[Watched] {
        &self.watched
    }

    /// The number of workplaces in the register, and of them treated.
    pub fn workplace_count(&self) -> (usize, usize) {
        let treated = self.workplaces.series.iter().filter(|s| s.treated.is_some()).count();
        (self.workplaces.series.len(), treated)
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
