//! The measurement's results, the public types: net days per month, group and
//! band; the repeated-absence group; left-censored spells; and, on request,
//! every spell and every flagged employee. They are worked out in
//! `aggregate.rs` and written as CSV (the reference implementations' columns)
//! or JSON in `output.rs`.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use utfall_engine::Month;

#[cfg(doc)]
use crate::Options;
use crate::Suppressed;

/// The band of a sick day by its number in the spell (`docs/method.md` §6.2:
/// "days 1–14 are short-term, 15–90 and 91 and later long-term"; **Choice**:
/// day 90 belongs to 15–90).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Band {
    /// Days 1–14: short-term absence (*korttidssjukfrånvaro*).
    #[serde(rename = "d01_14")]
    Short,
    /// Days 15–90.
    #[serde(rename = "d15_90")]
    Middle,
    /// Day 91 and later.
    #[serde(rename = "d91_plus")]
    Long,
}

impl Band {
    /// All bands, in order.
    pub const ALL: [Band; 3] = [Band::Short, Band::Middle, Band::Long];

    /// The band of day `n` of a spell (day 1 is its first date).
    ///
    /// # Example
    /// ```
    /// use utfall_absence::Band;
    /// assert_eq!(Band::of_day(14), Band::Short);
    /// assert_eq!(Band::of_day(15), Band::Middle);
    /// assert_eq!(Band::of_day(90), Band::Middle);
    /// assert_eq!(Band::of_day(91), Band::Long);
    /// ```
    pub fn of_day(n: i32) -> Band {
        match n {
            ..=14 => Band::Short,
            15..=90 => Band::Middle,
            _ => Band::Long,
        }
    }

    /// The name in output files: `d01_14`, `d15_90`, `d91_plus`.
    pub fn name(self) -> &'static str {
        match self {
            Band::Short => "d01_14",
            Band::Middle => "d15_90",
            Band::Long => "d91_plus",
        }
    }
}

/// A group the figures are given for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// The whole organisation.
    Total,
    /// One sex.
    Sex(String),
    /// One department.
    Department(String),
}

impl Group {
    /// `total`, `sex` or `department`.
    pub fn kind(&self) -> &'static str {
        match self {
            Group::Total => "total",
            Group::Sex(_) => "sex",
            Group::Department(_) => "department",
        }
    }

    /// `all`, or the sex or department.
    pub fn value(&self) -> &str {
        match self {
            Group::Total => "all",
            Group::Sex(v) | Group::Department(v) => v,
        }
    }
}

/// Net days of one month, group and band.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetDays {
    /// The month.
    pub month: Month,
    /// The group.
    pub group: Group,
    /// The band.
    pub band: Band,
    /// Sick-leave hours × 100, exact.
    pub centi_hours: u64,
    /// Employees of the group in the month.
    pub headcount: u32,
    /// Whether, and why, the figures are not shown in the outputs
    /// ([`Options::min_group`]); they are kept here all the same.
    pub suppressed: Option<Suppressed>,
}

impl NetDays {
    /// Sick-leave hours.
    pub fn sick_hours(&self) -> Decimal {
        centi_hours(self.centi_hours)
    }

    /// Net days: hours / 8, exact (*nettodagar*; RISE's evaluation report (2021),
    /// footnote 2 of *Primärt utfallsmått*: "summan av alla sjukfrånvarotimmar
    /// dividerat med 8").
    pub fn net_days(&self) -> Decimal {
        net_days(self.centi_hours)
    }

    /// Net days per employee, to 16 places (half to even); `None` when the
    /// headcount is 0.
    pub fn per_employee(&self) -> Option<Decimal> {
        (self.headcount > 0).then(|| {
            let denominator = Decimal::from(u64::from(self.headcount) * 800);
            Decimal::from(self.centi_hours)
                .checked_div(denominator)
                .unwrap_or_default()
                .round_dp_with_strategy(16, RoundingStrategy::MidpointNearestEven)
                .normalize()
        })
    }
}

/// Centi-hours as hours, exact.
pub(crate) fn centi_hours(centi: u64) -> Decimal {
    Decimal::from_i128_with_scale(i128::from(centi), 2).normalize()
}

fn net_days(centi: u64) -> Decimal {
    // centi / 800 = centi · 125 / 100 000: exact in five places.
    Decimal::from_i128_with_scale(i128::from(centi) * 125, 5).normalize()
}

/// The repeated-absence group of one month and group (`docs/method.md` §6.5:
/// employees with four or more spells starting in the twelve months ending
/// with the month; RISE's evaluation report (2021), *Medarbetare med upprepad
/// korttidssjukfrånvaro*: "fler än tre sjukfrånvarotillfällen under en
/// tolvmånadersperiod").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeated {
    /// The month.
    pub month: Month,
    /// The group, by the department and sex of each employee's latest spell in
    /// the window.
    pub group: Group,
    /// Employees in the group this month.
    pub flagged: u64,
    /// Of those, employees not in it the month before.
    pub inflow: u64,
    /// Whether the twelve-month window lies inside the data; if not, the count
    /// may be too low.
    pub window_complete: bool,
    /// Whether, and why, `flagged` and `inflow` are not shown in the outputs
    /// ([`Options::min_group`]); they are kept here all the same.
    pub suppressed: Option<Suppressed>,
}

/// Hours of spells already under way on the first date of the data: their day
/// numbers count from that date, so their band may be too low.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Censored {
    /// The month.
    pub month: Month,
    /// The band the hours were counted in.
    pub band: Band,
    /// Sick-leave hours × 100.
    pub centi_hours: u64,
}

/// One spell (with [`Options::detail`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpellRow {
    /// The employee id.
    pub employee: String,
    /// First date.
    pub start: String,
    /// Last date.
    pub end: String,
    /// Calendar days from first to last date.
    pub days: i32,
    /// Sick-leave hours × 100.
    pub centi_hours: u64,
    /// Department of the first record ("" when not measured).
    pub department: String,
    /// Sex of the first record ("" when not measured).
    pub sex: String,
}

/// One employee in the repeated-absence group in one month (with
/// [`Options::detail`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlaggedRow {
    /// The month.
    pub month: Month,
    /// The employee id.
    pub employee: String,
    /// Spells starting in the twelve months ending with the month.
    pub spells: usize,
    /// Department of the latest of those spells.
    pub department: String,
    /// Sex of the latest of those spells.
    pub sex: String,
}

/// Totals of a measurement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Records read.
    pub rows: u64,
    /// Distinct employees.
    pub employees: u64,
    /// Spells.
    pub spells: u64,
    /// First date in the records.
    pub first_date: String,
    /// Last date in the records.
    pub last_date: String,
    /// Spells under way on the first date (left-censored).
    pub censored_spells: u64,
    /// Hours in history months (before the first headcount month), not reported.
    pub history_hours: Decimal,
    /// Rows whose hours had more than two decimals, rounded to the hundredth
    /// (half away from zero).
    pub rounded_rows: u64,
    /// Month and group pairs whose figures are not shown, the group having
    /// fewer than [`Options::min_group`] employees.
    pub suppressed_small: u64,
    /// Month and group pairs not shown so that a small group cannot be
    /// worked out from the total (secondary suppression).
    pub suppressed_secondary: u64,
}

/// The result of [`measure`](crate::measure()).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measurement {
    pub(crate) net_days: Vec<NetDays>,
    pub(crate) repeated: Vec<Repeated>,
    pub(crate) censored: Vec<Censored>,
    pub(crate) spells: Option<Vec<SpellRow>>,
    pub(crate) flagged: Option<Vec<FlaggedRow>>,
    pub(crate) summary: Summary,
    pub(crate) min_group: u32,
    pub(crate) follow_up: Option<crate::FollowUp>,
}

impl Measurement {
    /// Net days per month, group (whole organisation, then each sex, then each
    /// department, as the headcount file has them) and band.
    pub fn net_days(&self) -> &[NetDays] {
        &self.net_days
    }

    /// The repeated-absence group per month and group.
    pub fn repeated(&self) -> &[Repeated] {
        &self.repeated
    }

    /// Hours of left-censored spells per month and band (only where there are any).
    pub fn censored(&self) -> &[Censored] {
        &self.censored
    }

    /// Every spell, by employee and start, with [`Options::detail`].
    pub fn spells(&self) -> Option<&[SpellRow]> {
        self.spells.as_deref()
    }

    /// Every flagged employee per month, with [`Options::detail`].
    pub fn flagged(&self) -> Option<&[FlaggedRow]> {
        self.flagged.as_deref()
    }

    /// Totals.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The follow-up tables (`docs/method.md` §6.12), with a register
    /// ([`Options::register`]).
    pub fn follow_up(&self) -> Option<&crate::FollowUp> {
        self.follow_up.as_ref()
    }

    /// The smallest group shown ([`Options::min_group`]); 0 when every
    /// figure is shown.
    pub fn min_group(&self) -> u32 {
        self.min_group
    }
}
