//! The workplaces with high or rising sick leave, month by month.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use utfall_engine::Month;

use super::{Series, Workplaces, decimal16, nearest_rank};
use crate::Band;

/// The rule that lists workplaces with high or rising sick leave (see
/// [`Watched`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WatchRule {
    /// The band whose net days count (default days 1–14).
    pub band: Band,
    /// The months, ending with the month, a workplace's level is taken over
    /// (default 12); with 0 nothing is listed.
    pub window: u32,
    /// High: the share in percent of the taking-part workplaces at or above
    /// the threshold, the (100 − `top_percent`)th percentile of their levels
    /// by nearest rank (default 10).
    pub top_percent: u32,
    /// Rising: the recent months, ending with the month (default 6).
    pub recent: u32,
    /// Rising: the earlier months, just before the recent ones (default 12).
    pub earlier: u32,
    /// Rising: the least rise in percent of the recent level over the
    /// earlier one (default 20).
    pub rise_percent: u32,
    /// The least headcount in the month for a workplace to take part
    /// (default 5): smaller workplaces' levels swing on one employee.
    pub min_employees: u32,
}

impl Default for WatchRule {
    fn default() -> Self {
        WatchRule {
            band: Band::Short,
            window: 12,
            top_percent: 10,
            recent: 6,
            earlier: 12,
            rise_percent: 20,
            min_employees: 5,
        }
    }
}

/// Why a workplace is listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WatchReason {
    /// Its level is at or above the threshold.
    High,
    /// Its recent level rose over its earlier one.
    Rising,
    /// Both.
    Both,
}

impl WatchReason {
    /// The name in output files: `high`, `rising`, `both`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(utfall_absence::WatchReason::Both.name(), "both");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            WatchReason::High => "high",
            WatchReason::Rising => "rising",
            WatchReason::Both => "both",
        }
    }
}

/// A workplace listed in a month for high or rising sick leave.
///
/// From the first month that ends [`WatchRule::window`] months of data, the
/// workplaces whose headcount in the month is at least
/// [`WatchRule::min_employees`] take part. A workplace's level over some
/// months is its net days in the band over them per employee-month: the sum
/// of its centi-hours / 800 / the sum of its monthly headcounts, to 16 places
/// (midpoint to even); it has none when the headcounts sum to 0.
///
/// **High**: the level over the window is at least the threshold, the (100 −
/// [`WatchRule::top_percent`])th percentile of the taking-part workplaces'
/// levels by nearest rank (the value at 1-based rank ⌈p/100 · n⌉ of the
/// levels sorted ascending: an observed level, so the workplace at the
/// threshold is listed).
///
/// **Rising**, once the data has [`WatchRule::recent`] +
/// [`WatchRule::earlier`] months ending with the month (and both are at least
/// 1): the level over the recent months against the level over the earlier
/// months just before them. With an earlier level above 0, rising when recent
/// · 100 ≥ earlier · (100 + [`WatchRule::rise_percent`]), compared exactly on
/// the 16-place levels. **Choice**: with an earlier level of 0 no rise in
/// percent exists; any recent sick leave (a level above 0) counts as rising,
/// since sick leave where there was none is the change the rule watches for.
/// Without both levels, not rising.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Watched {
    /// The month.
    pub month: Month,
    /// The workplace's department.
    pub department: Option<String>,
    /// The workplace.
    pub workplace: String,
    /// High, rising or both.
    pub reason: WatchReason,
    /// The level over the window.
    pub level: Decimal,
    /// The month's threshold of high.
    pub threshold: Decimal,
    /// The level over the recent months; `None` when not computed.
    pub recent: Option<Decimal>,
    /// The level over the earlier months; `None` when not computed.
    pub earlier: Option<Decimal>,
    /// (recent / earlier − 1) · 100, to 2 places (midpoint to even); `None`
    /// when either level is missing or the earlier one is 0.
    pub rise_percent: Option<Decimal>,
    /// The workplace's headcount in the month.
    pub headcount: u32,
}

/// The listed workplaces by `rule`, by month, then department and workplace,
/// made month by month as they are read: a national register lists a
/// million, which are not held in memory.
pub(crate) fn watch<'a>(workplaces: &'a Workplaces, rule: &'a WatchRule) -> impl Iterator<Item = Watched> + 'a {
    watch_months(workplaces, rule, |_| true).flatten()
}

/// The listed workplaces of each month, in order, made only for the months
/// `made` takes (by index; the others are empty): two threads can make
/// alternate months, each keeping the windows of every month.
pub(crate) fn watch_months<'a>(
    workplaces: &'a Workplaces,
    rule: &'a WatchRule,
    made: impl Fn(usize) -> bool + 'a,
) -> impl Iterator<Item = Vec<Watched>> + 'a {
    let sorted = workplaces.sorted();
    let mut windows = Windows::new(sorted.len(), rule);
    workplaces.each_month().map(move |(end, month)| {
        windows.advance(&sorted, end, rule.band);
        if made(end) {
            watch_month(&sorted, &windows, end, month, rule)
        } else {
            Vec::new()
        }
    })
}

/// Each workplace's sums of centi-hours and headcounts over the months
/// ending with the month, for the three lengths the rule looks back over
/// (the window, the recent months, and the recent and earlier months
/// together), kept as the months go by: a month added, the one leaving
/// taken off, rather than a dozen months summed anew for each workplace and
/// month. In 128 bits, so no sum overflows; a level is taken only of sums
/// within 64 bits, as summing month by month in 64 bits would.
struct Windows {
    lengths: [usize; 3],
    /// Per length, per workplace (in the sorted order): centi-hours and headcounts.
    sums: [Vec<(u128, u128)>; 3],
}

const WINDOW: usize = 0;
const RECENT: usize = 1;
const RECENT_AND_EARLIER: usize = 2;

impl Windows {
    fn new(workplaces: usize, rule: &WatchRule) -> Self {
        let length = |months: Option<u32>| months.and_then(|m| usize::try_from(m).ok()).unwrap_or(0);
        Self {
            lengths: [
                length(Some(rule.window)),
                length(Some(rule.recent)),
                length(rule.recent.checked_add(rule.earlier)),
            ],
            sums: std::array::from_fn(|_| vec![(0, 0); workplaces]),
        }
    }

    /// Adds the month of index `end` and takes off the month each window
    /// leaves behind.
    fn advance(&mut self, sorted: &[Series<'_>], end: usize, band: Band) {
        let leaving = self.lengths.map(|length| end.checked_sub(length));
        for (w, series) in sorted.iter().enumerate() {
            let (centi, heads) = (u128::from(series.centi(end, band)), u128::from(series.heads(end)));
            for (sums, leaving) in self.sums.iter_mut().zip(leaving) {
                let Some(sum) = sums.get_mut(w) else { continue };
                sum.0 += centi;
                sum.1 += heads;
                if let Some(i) = leaving {
                    sum.0 -= u128::from(series.centi(i, band));
                    sum.1 -= u128::from(series.heads(i));
                }
            }
        }
    }

    /// The level of workplace `w` over the `which` months ending with the
    /// month of index `end`; `None` before the data has that many months.
    fn level(&self, which: usize, w: usize, end: usize) -> Option<u128> {
        let length = *self.lengths.get(which)?;
        if length == 0 || end + 1 < length {
            return None;
        }
        let &(centi, heads) = self.sums.get(which)?.get(w)?;
        super::super::figures::per_employees(u64::try_from(centi).ok()?, u64::try_from(heads).ok()?)
    }

    /// The level over the earlier months (those of the recent and earlier
    /// together less the recent).
    fn earlier(&self, w: usize, end: usize) -> Option<u128> {
        let length = *self.lengths.get(RECENT_AND_EARLIER)?;
        if end + 1 < length {
            return None;
        }
        let (&(all_centi, all_heads), &(recent_centi, recent_heads)) = (
            self.sums.get(RECENT_AND_EARLIER)?.get(w)?,
            self.sums.get(RECENT)?.get(w)?,
        );
        super::super::figures::per_employees(
            u64::try_from(all_centi - recent_centi).ok()?,
            u64::try_from(all_heads - recent_heads).ok()?,
        )
    }
}

/// The workplaces listed in `month`, of index `end`.
fn watch_month(sorted: &[Series<'_>], windows: &Windows, end: usize, month: Month, rule: &WatchRule) -> Vec<Watched> {
    if back(end, rule.window).is_none() {
        return Vec::new();
    }
    // Levels × 10¹⁶ in integers (some 4 million at national size),
    // decimals only for the workplaces listed.
    let taking_part: Vec<(usize, Series<'_>, u128)> = sorted
        .iter()
        .enumerate()
        .filter(|(_, s)| s.heads(end) >= rule.min_employees)
        .filter_map(|(w, s)| Some((w, *s, windows.level(WINDOW, w, end)?)))
        .collect();
    let mut levels: Vec<u128> = taking_part.iter().map(|p| p.2).collect();
    levels.sort_unstable();
    let Some(threshold) = nearest_rank(&levels, 100u32.saturating_sub(rule.top_percent)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (w, series, level) in taking_part {
        let (recent, earlier) = recent_and_earlier(windows, w, end, rule);
        let rising = match (recent, earlier) {
            (Some(recent), Some(earlier)) => is_rising(recent, earlier, rule.rise_percent),
            _ => false,
        };
        let reason = match (level >= threshold, rising) {
            (true, true) => WatchReason::Both,
            (true, false) => WatchReason::High,
            (false, true) => WatchReason::Rising,
            (false, false) => continue,
        };
        let (Some(level), Some(threshold)) = (decimal16(level), decimal16(threshold)) else {
            continue;
        };
        let (recent, earlier) = (recent.and_then(decimal16), earlier.and_then(decimal16));
        out.push(Watched {
            month,
            department: series.department.clone(),
            workplace: series.workplace.clone(),
            reason,
            level,
            threshold,
            recent,
            earlier,
            rise_percent: recent.zip(earlier).and_then(|(r, e)| rise(r, e)),
            headcount: series.heads(end),
        });
    }
    out
}

/// The first index of the `months` months ending with index `end`; `None`
/// for 0 months or when the data starts later.
fn back(end: usize, months: u32) -> Option<usize> {
    let months = usize::try_from(months).ok().filter(|&m| m > 0)?;
    (end + 1).checked_sub(months)
}

/// The levels over the recent and over the earlier months; neither before
/// the data has both.
fn recent_and_earlier(windows: &Windows, w: usize, end: usize, rule: &WatchRule) -> (Option<u128>, Option<u128>) {
    let enough = back(end, rule.recent).is_some()
        && rule.earlier > 0
        && rule
            .recent
            .checked_add(rule.earlier)
            .is_some_and(|months| back(end, months).is_some());
    if !enough {
        return (None, None);
    }
    (windows.level(RECENT, w, end), windows.earlier(w, end))
}

/// Whether `recent` rose at least `rise_percent` over `earlier` (levels ×
/// 10¹⁶): recent · 100 ≥ earlier · (100 + rise), exactly; from 0, any sick
/// leave.
fn is_rising(recent: u128, earlier: u128, rise_percent: u32) -> bool {
    if earlier == 0 {
        return recent > 0;
    }
    match (
        recent.checked_mul(100),
        earlier.checked_mul(u128::from(rise_percent) + 100),
    ) {
        (Some(left), Some(right)) => left >= right,
        _ => false,
    }
}

/// (recent − earlier) · 100 / earlier, the same as (recent / earlier − 1) ·
/// 100, to 2 places; `None` when earlier is 0.
fn rise(recent: Decimal, earlier: Decimal) -> Option<Decimal> {
    if earlier.is_zero() {
        return None;
    }
    let rise = recent
        .checked_sub(earlier)?
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(earlier)?;
    Some(
        rise.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven)
            .normalize(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::WorkplaceSeries;
    use super::super::tests::{dec, month, series};
    use super::*;

    fn watch_all(w: &Workplaces, rule: &WatchRule) -> Vec<Watched> {
        watch(w, rule).collect()
    }

    /// One month's rule: the level of the month alone.
    fn one_month(recent: u32, earlier: u32) -> WatchRule {
        WatchRule {
            window: 1,
            recent,
            earlier,
            ..WatchRule::default()
        }
    }

    #[test]
    fn the_default_rule() {
        let rule = WatchRule::default();
        assert_eq!(
            (
                rule.band,
                rule.window,
                rule.top_percent,
                rule.recent,
                rule.earlier,
                rule.rise_percent,
                rule.min_employees
            ),
            (Band::Short, 12, 10, 6, 12, 20, 5)
        );
    }

    #[test]
    fn at_the_threshold_and_below_min_employees() {
        // Ten workplaces of 5 employees with levels 1..=10 (4000 · k
        // centi-hours = 5k net days over 5 employees): n = 10, the 90th
        // percentile is at rank ⌈9⌉ = 9, the level 9; 9 and 10 are listed.
        let mut list: Vec<WorkplaceSeries> = (1..=10u64)
            .map(|k| series(Some("d"), &format!("w{k:02}"), false, &[4000 * k], &[5]))
            .collect();
        // Four employees and a level of 100: does not take part. Were it to,
        // n = 11 puts the threshold at rank ⌈9.9⌉ = 10, the level 10, and w09
        // would drop out.
        list.push(series(Some("d"), "small", true, &[1_600_000], &[4]));
        let w = Workplaces::from_series(month("2021-03"), list);
        let listed = watch_all(&w, &one_month(6, 12));
        let names: Vec<&str> = listed.iter().map(|l| l.workplace.as_str()).collect();
        assert_eq!(names, ["w09", "w10"]);
        let w09 = &listed[0];
        assert_eq!(
            (w09.month, w09.reason, w09.level, w09.threshold),
            (month("2021-03"), WatchReason::High, dec("9"), dec("9"))
        );
        assert_eq!(
            (w09.recent, w09.earlier, w09.rise_percent, w09.headcount),
            (None, None, None, 5)
        );
        // With min_employees 4 the small workplace takes part: threshold 10.
        let rule = WatchRule {
            min_employees: 4,
            ..one_month(6, 12)
        };
        let names: Vec<String> = watch_all(&w, &rule).into_iter().map(|l| l.workplace).collect();
        assert_eq!(names, ["small", "w10"]);
    }

    #[test]
    fn rising_at_its_edges() {
        // Levels per month over 5 employees (4000 centi-hours = 1 net day
        // per employee): big 8 → 10 (+25 %), exact 1 → 1.2 (+20 %), under 1
        // → 1.19, zero 0 → 0.5 (earlier 0), never 0 → 0.
        let w = Workplaces::from_series(
            month("2020-12"),
            vec![
                series(None, "zero", false, &[0, 2000], &[5, 5]),
                series(None, "big", false, &[32000, 40000], &[5, 5]),
                series(None, "under", false, &[4000, 4760], &[5, 5]),
                series(None, "never", false, &[0, 0], &[5, 5]),
                series(None, "exact", false, &[4000, 4800], &[5, 5]),
            ],
        );
        let listed = watch_all(&w, &one_month(1, 1));
        let rows: Vec<(String, &str, WatchReason, Option<Decimal>)> = listed
            .iter()
            .map(|l| (l.month.to_string(), l.workplace.as_str(), l.reason, l.rise_percent))
            .collect();
        assert_eq!(
            rows,
            [
                // December: no earlier month, so no rising; n = 5 puts the
                // threshold at rank ⌈4.5⌉ = 5, the highest level, 8.
                ("2020-12".to_owned(), "big", WatchReason::High, None),
                ("2021-01".to_owned(), "big", WatchReason::Both, Some(dec("25"))),
                ("2021-01".to_owned(), "exact", WatchReason::Rising, Some(dec("20"))),
                ("2021-01".to_owned(), "zero", WatchReason::Rising, None),
            ]
        );
        assert_eq!(
            (listed[3].recent, listed[3].earlier),
            (Some(dec("0.5")), Some(dec("0")))
        );
        assert_eq!(listed[1].threshold, dec("10"));
        // A rise of 21 % lists only big (25 %) and zero.
        let rule = WatchRule {
            rise_percent: 21,
            ..one_month(1, 1)
        };
        let names: Vec<String> = watch_all(&w, &rule).into_iter().skip(1).map(|l| l.workplace).collect();
        assert_eq!(names, ["big", "zero"]);
    }

    #[test]
    fn levels_over_a_window() {
        // Window 2 over headcounts 5 and 10: 8000 centi-hours = 10 net days
        // over 15 employee-months = 0.6666…67 (16 places, rounded up).
        // Window 3 (default) starts only in the third month; recent 1 and
        // earlier 2 are all three.
        let w = Workplaces::from_series(
            month("2020-01"),
            vec![series(None, "a", false, &[4000, 4000, 0, 12000], &[5, 10, 10, 10])],
        );
        let rule = WatchRule {
            window: 2,
            recent: 1,
            earlier: 2,
            ..WatchRule::default()
        };
        let listed = watch_all(&w, &rule);
        assert_eq!(listed.len(), 3);
        assert_eq!(
            (listed[0].month, listed[0].level),
            (month("2020-02"), dec("0.6666666666666667"))
        );
        assert_eq!(listed[0].recent, None);
        // March: level (4000 + 0) / 800 / 20 = 0.25; recent 0; earlier
        // 8000 / 800 / 15: falls by 100 %.
        assert_eq!((listed[1].level, listed[1].reason), (dec("0.25"), WatchReason::High));
        assert_eq!(
            (listed[1].recent, listed[1].rise_percent),
            (Some(dec("0")), Some(dec("-100")))
        );
        // April: recent 12000 / 800 / 10 = 1.5, earlier 4000 / 800 / 20 =
        // 0.25: a rise of 500 %.
        assert_eq!(
            (listed[2].reason, listed[2].rise_percent),
            (WatchReason::Both, Some(dec("500")))
        );
        // Window 0 lists nothing.
        assert_eq!(watch_all(&w, &WatchRule { window: 0, ..rule }), []);
    }
}
