//! The follow-up tables' settings: the treated workplaces, the month the
//! comparison splits at, the permutation test's draws and seed, and the
//! cohort's periods.

use std::fmt;
use std::str::FromStr;

use utfall_engine::Month;

use crate::{Error, ErrorKind, WatchRule};

/// The follow-up tables' settings (`docs/method.md` §6.12); they apply only
/// with a register ([`Options::register`](crate::Options)).
///
/// # Example
/// ```
/// use utfall_absence::{CohortPeriods, FollowUpOptions};
/// let options = FollowUpOptions {
///     cohort: Some("2018-08..2019-02,2019-03..2020-02".parse::<CohortPeriods>()?),
///     ..FollowUpOptions::default()
/// };
/// assert_eq!(options.permutations, 999);
/// # Ok::<(), utfall_absence::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUpOptions {
    /// The workplaces that received the intervention (`--treated`); the
    /// others are compared with them.
    pub treated: Vec<TreatedWorkplace>,
    /// The month the comparison of treated and other workplaces splits at
    /// (`--compare-at`):
    /// before it, and from it on. By default the earliest `from` of the
    /// treated workplaces; without one, no comparison is made.
    pub compare_at: Option<Month>,
    /// Random relabellings drawn by the permutation test. Default 999, so
    /// that the smallest p-value is 1/1 000 (a national register's 47 000
    /// workplaces take about a second per 1 000 draws).
    pub permutations: u32,
    /// The seed of the permutation test's generator: the same seed gives
    /// the same p-value on every machine.
    pub seed: u64,
    /// The cohort check's periods (`--cohort`), if any.
    pub cohort: Option<CohortPeriods>,
    /// The rule that lists workplaces with high or rising sick leave.
    pub watch: WatchRule,
}

impl Default for FollowUpOptions {
    fn default() -> Self {
        Self {
            treated: Vec::new(),
            compare_at: None,
            permutations: 999,
            seed: 20_180_801,
            cohort: None,
            watch: WatchRule::default(),
        }
    }
}

/// A workplace that received the intervention, from a line of the treated
/// file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreatedWorkplace {
    /// Its department, when the file has the column.
    pub department: Option<String>,
    /// The workplace's name as the register writes it.
    pub workplace: String,
    /// The month the intervention began there, if the file says.
    pub from: Option<Month>,
    /// The line of the treated file.
    pub line: u64,
}

/// The cohort check's two periods (`--cohort SELECT_FROM..SELECT_TO,FOLLOW_FROM..FOLLOW_TO`):
/// the employees in the repeated-absence group in any month of the
/// selection period, against every other employee employed in the
/// follow-up period.
///
/// # Example
/// ```
/// use utfall_absence::CohortPeriods;
/// let c: CohortPeriods = "2018-08..2019-02,2019-03..2020-02".parse()?;
/// assert_eq!(c.to_string(), "2018-08..2019-02,2019-03..2020-02");
/// let err = "2019-03..2018-08,2019-03..2020-02".parse::<CohortPeriods>().unwrap_err();
/// assert_eq!(err.to_string(), "field cohort: \"2019-03..2018-08,2019-03..2020-02\": the selection period ends before it starts");
/// # Ok::<(), utfall_absence::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CohortPeriods {
    /// The selection period's first and last month.
    pub select: (Month, Month),
    /// The follow-up period's first and last month.
    pub follow: (Month, Month),
}

impl CohortPeriods {
    /// The first and last day of the follow-up period.
    pub(crate) fn follow_days(self) -> Option<(i32, i32)> {
        let first = crate::months::first_day(self.follow.0)?;
        let after = crate::months::first_day(self.follow.1.add_months(1).ok()?)?;
        Some((first, after - 1))
    }
}

impl fmt::Display for CohortPeriods {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}..{},{}..{}",
            self.select.0, self.select.1, self.follow.0, self.follow.1
        )
    }
}

impl FromStr for CohortPeriods {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let bad = |reason: &'static str| {
            Error::new(ErrorKind::BadCohort {
                value: text.to_string(),
                reason,
            })
            .at_field("cohort")
        };
        let range = |part: &str, which: &'static str| -> Result<(Month, Month), Error> {
            let (a, b) = part
                .split_once("..")
                .ok_or_else(|| bad("each period is FIRST..LAST, two YYYY-MM months"))?;
            let (Ok(a), Ok(b)) = (a.trim().parse::<Month>(), b.trim().parse::<Month>()) else {
                return Err(bad("each period is FIRST..LAST, two YYYY-MM months"));
            };
            if b < a {
                return Err(bad(which));
            }
            Ok((a, b))
        };
        let (select, follow) = text
            .split_once(',')
            .ok_or_else(|| bad("it is SELECT_FROM..SELECT_TO,FOLLOW_FROM..FOLLOW_TO"))?;
        let select = range(select, "the selection period ends before it starts")?;
        let follow = range(follow, "the follow-up period ends before it starts")?;
        if follow.0 <= select.1 {
            return Err(bad("the follow-up period must begin after the selection period ends"));
        }
        let periods = Self { select, follow };
        if periods.follow_days().is_none() {
            return Err(bad("the follow-up period is outside the calendar"));
        }
        Ok(periods)
    }
}
