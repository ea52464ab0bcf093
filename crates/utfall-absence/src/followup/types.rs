//! The follow-up tables' rows, the public types.

use rust_decimal::{Decimal, RoundingStrategy};
use utfall_engine::Month;

use crate::{AgeGroup, Band, Suppressed};

/// A group of the follow-up tables, as the register has it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum FollowGroup {
    /// The whole organisation.
    Total,
    /// A department.
    Department(String),
    /// A workplace, within its department when the register has one.
    Workplace {
        /// The department.
        department: Option<String>,
        /// The workplace.
        workplace: String,
    },
    /// A sex.
    Sex(String),
    /// An age group.
    AgeGroup(AgeGroup),
}

impl FollowGroup {
    /// `total`, `department`, `workplace`, `sex` or `age_group`.
    ///
    /// # Example
    /// ```
    /// use utfall_absence::{AgeGroup, FollowGroup};
    /// assert_eq!(FollowGroup::AgeGroup(AgeGroup::From50).kind(), "age_group");
    /// assert_eq!(FollowGroup::AgeGroup(AgeGroup::From50).value(), "50 and over");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Total => "total",
            Self::Department(_) => "department",
            Self::Workplace { .. } => "workplace",
            Self::Sex(_) => "sex",
            Self::AgeGroup(_) => "age_group",
        }
    }

    /// `all`, the department, the workplace, the sex or the age group.
    pub fn value(&self) -> String {
        match self {
            Self::Total => "all".to_string(),
            Self::Department(v) | Self::Sex(v) => v.clone(),
            Self::Workplace { workplace, .. } => workplace.clone(),
            Self::AgeGroup(a) => a.to_string(),
        }
    }

    /// The department a workplace belongs to, or a department's own name.
    pub fn department(&self) -> Option<&str> {
        match self {
            Self::Department(d) => Some(d),
            Self::Workplace { department, .. } => department.as_deref(),
            _ => None,
        }
    }
}

/// `numerator / denominator` to 16 places, half to even; `None` when the
/// denominator is 0.
pub(crate) fn ratio(numerator: u64, denominator: u64) -> Option<Decimal> {
    (denominator > 0).then(|| {
        Decimal::from(numerator)
            .checked_div(Decimal::from(denominator))
            .unwrap_or_default()
            .round_dp_with_strategy(16, RoundingStrategy::MidpointNearestEven)
            .normalize()
    })
}

/// Net days of one month, follow-up group and band.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupNetDays {
    /// The month.
    pub month: Month,
    /// The group.
    pub group: FollowGroup,
    /// The band.
    pub band: Band,
    /// Sick-leave hours × 100 of the group's employees, exact.
    pub centi_hours: u64,
    /// Employees employed in the group on at least one day of the month.
    pub headcount: u32,
    /// Whether, and why, the figures are not shown.
    pub suppressed: Option<Suppressed>,
}

impl GroupNetDays {
    /// Net days: hours / 8, exact.
    pub fn net_days(&self) -> Decimal {
        Decimal::from_i128_with_scale(i128::from(self.centi_hours) * 125, 5).normalize()
    }

    /// Net days per employee, to 16 places (half to even); `None` when the
    /// headcount is 0.
    pub fn per_employee(&self) -> Option<Decimal> {
        let scaled = super::figures::per_employee(self.centi_hours, self.headcount)?;
        Some(
            Decimal::try_from_i128_with_scale(i128::try_from(scaled).ok()?, 16)
                .ok()?
                .normalize(),
        )
    }
}

/// The repeated-absence group within one follow-up group and month: its
/// size, continuity and inflow, and its share of the group's employees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupRepeated {
    /// The month.
    pub month: Month,
    /// The group (the whole organisation, a department, sex or age group).
    pub group: FollowGroup,
    /// Employees of the group in the repeated-absence group this month.
    pub members: u64,
    /// Of those, in the repeated-absence group the month before too.
    pub stayers: u64,
    /// Of those, not in it the month before (`members − stayers`).
    pub inflow: u64,
    /// Employees of the group in the repeated-absence group the month before
    /// and not this month.
    pub outflow: u64,
    /// Employees of the group this month.
    pub headcount: u32,
    /// Whether the twelve-month window lies inside the data.
    pub window_complete: bool,
    /// Whether, and why, the figures are not shown.
    pub suppressed: Option<Suppressed>,
}

impl GroupRepeated {
    /// Members per employee of the group, to 16 places; `None` when the
    /// headcount is 0.
    pub fn share(&self) -> Option<Decimal> {
        ratio(self.members, u64::from(self.headcount))
    }
}

/// The cohort check (`--cohort`): the share with long sick leave in the
/// follow-up period, for the repeated-absence group of the selection period
/// and for every other employee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cohort {
    /// The periods.
    pub periods: crate::CohortPeriods,
    /// Employees in the repeated-absence group in a month of the selection
    /// period and employed in the follow-up period.
    pub group: CohortCounts,
    /// Every other employee employed in the follow-up period.
    pub others: CohortCounts,
    /// Employees in the group in the selection period but not employed in
    /// the follow-up period: left out of both.
    pub left: u64,
}

/// Counts of one side of the cohort check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CohortCounts {
    /// Employees.
    pub employees: u64,
    /// Of those, with a sick hour in days 15–90 of a spell in the follow-up period.
    pub with_middle: u64,
    /// Of those, with a sick hour on day 91 or later of a spell in it.
    pub with_long: u64,
}

impl CohortCounts {
    /// `with_middle / employees`, to 16 places; `None` without employees.
    pub fn middle_share(&self) -> Option<Decimal> {
        ratio(self.with_middle, self.employees)
    }

    /// `with_long / employees`, to 16 places; `None` without employees.
    pub fn long_share(&self) -> Option<Decimal> {
        ratio(self.with_long, self.employees)
    }
}
