//! The distribution of the workplaces' rates per month, arm and band.

use rust_decimal::Decimal;
use serde::Serialize;
use utfall_engine::Month;

use super::{Workplaces, decimal16, nearest_rank, scaled_mean};
use crate::Band;

/// Treated or other workplaces. A workplace in the treated file is treated in
/// every month, before its start as after: the arms are fixed groups of
/// workplaces to follow over time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Arm {
    /// The workplaces in the treated file.
    Treated,
    /// Every other workplace.
    Other,
}

impl Arm {
    /// Both arms, treated first.
    pub const ALL: [Arm; 2] = [Arm::Treated, Arm::Other];

    /// The name in output files: `treated`, `other`.
    pub fn name(self) -> &'static str {
        match self {
            Arm::Treated => "treated",
            Arm::Other => "other",
        }
    }
}

/// The workplaces' net days per employee in one month, arm and band.
///
/// The percentiles are by the nearest-rank method: with the n rates sorted
/// ascending, the pth percentile is the rate at 1-based rank ⌈p/100 · n⌉
/// (computed in integers as (p·n + 99) / 100). It is always an observed rate,
/// never an interpolation between two; the band from the 10th to the 90th
/// percentile leaves out the top and the bottom tenth of the workplaces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Distribution {
    /// The month.
    pub month: Month,
    /// Treated or other workplaces.
    pub arm: Arm,
    /// The band.
    pub band: Band,
    /// The arm's workplaces with employees in the month: the rates below
    /// are theirs.
    pub workplaces: usize,
    /// The unweighted mean of the workplaces' rates (each workplace counts
    /// once, whatever its size), to 16 places (midpoint to even); `None`
    /// with no workplace.
    pub mean: Option<Decimal>,
    /// The 10th percentile by nearest rank; `None` with no workplace.
    pub p10: Option<Decimal>,
    /// The 90th percentile by nearest rank; `None` with no workplace.
    pub p90: Option<Decimal>,
}

/// The distributions of every month, arm and band, in that order (treated
/// first, bands in [`Band::ALL`]'s order).
pub(crate) fn distributions(workplaces: &Workplaces) -> Vec<Distribution> {
    let mut out = Vec::new();
    let mut rates: Vec<u128> = Vec::new();
    let arms = Arm::ALL.map(|arm| {
        let members: Vec<_> = workplaces
            .series()
            .filter(|s| s.treated.is_some() == (arm == Arm::Treated))
            .collect();
        (arm, members)
    });
    for (i, month) in workplaces.each_month() {
        for (arm, members) in &arms {
            let arm = *arm;
            for band in Band::ALL {
                rates.clear();
                rates.extend(members.iter().filter_map(|s| s.scaled_rate(i, band)));
                rates.sort_unstable();
                out.push(Distribution {
                    month,
                    arm,
                    band,
                    workplaces: rates.len(),
                    mean: scaled_mean(&rates).and_then(decimal16),
                    p10: nearest_rank(&rates, 10).and_then(decimal16),
                    p90: nearest_rank(&rates, 90).and_then(decimal16),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{dec, month, series};
    use super::*;

    #[test]
    fn one_employee_and_an_empty_month() {
        let w = Workplaces::from_series(
            month("2020-01"),
            vec![
                // One employee: 800 centi-hours = 1 net day per employee;
                // then a month with nobody employed.
                series(Some("d"), "one", true, &[800, 400], &[1, 0]),
                // 1600 centi-hours over 4 = 0.5; 400 over 2 = 0.25.
                series(Some("d"), "four", false, &[1600, 400], &[4, 2]),
                // 0 over 3 = 0; 2400 over 3 = 1.
                series(Some("d"), "three", false, &[0, 2400], &[3, 3]),
            ],
        );
        let d = distributions(&w);
        // 2 months · 2 arms · 3 bands, month, arm and band in order.
        assert_eq!(d.len(), 12);
        assert_eq!(
            (d[0].month, d[0].arm, d[0].band),
            (month("2020-01"), Arm::Treated, Band::Short)
        );
        assert_eq!((d[2].arm, d[2].band), (Arm::Treated, Band::Long));
        assert_eq!((d[3].arm, d[3].band), (Arm::Other, Band::Short));
        assert_eq!(d[6].month, month("2020-02"));

        assert_eq!(d[0].workplaces, 1);
        assert_eq!(
            (d[0].mean, d[0].p10, d[0].p90),
            (Some(dec("1")), Some(dec("1")), Some(dec("1")))
        );
        // Other, January: rates 0 and 0.5; mean 0.25; n = 2: ranks 1 and 2.
        assert_eq!(d[3].workplaces, 2);
        assert_eq!(
            (d[3].mean, d[3].p10, d[3].p90),
            (Some(dec("0.25")), Some(dec("0")), Some(dec("0.5")))
        );
        // Treated, February: headcount 0, so no workplace and no figures.
        assert_eq!(d[6].workplaces, 0);
        assert_eq!((d[6].mean, d[6].p10, d[6].p90), (None, None, None));
        // Other, February: 0.25 and 1; the unweighted mean is 0.625, not
        // the pooled 2800 / 800 / 5 = 0.7.
        assert_eq!(d[9].mean, Some(dec("0.625")));
        assert_eq!((d[9].p10, d[9].p90), (Some(dec("0.25")), Some(dec("1"))));
    }

    #[test]
    fn percentiles_of_eleven_workplaces() {
        // Rates 1..=11 net days (800 · k centi-hours for one employee), in a
        // scrambled order: p10 at rank 2, p90 at rank 10.
        let series = [7u64, 3, 11, 1, 9, 5, 2, 10, 4, 8, 6]
            .iter()
            .enumerate()
            .map(|(i, k)| series(None, &format!("w{i:02}"), false, &[800 * k], &[1]))
            .collect();
        let w = Workplaces::from_series(month("2020-01"), series);
        let d = distributions(&w);
        assert_eq!(d[0].workplaces, 0);
        let other = &d[3];
        assert_eq!(other.workplaces, 11);
        assert_eq!(
            (other.p10, other.p90, other.mean),
            (Some(dec("2")), Some(dec("10")), Some(dec("6")))
        );
    }
}
