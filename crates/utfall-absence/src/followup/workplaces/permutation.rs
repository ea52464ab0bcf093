//! The permutation test of the treated workplaces' change against the other
//! workplaces', with its fully specified random generator.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use utfall_engine::Month;

use super::{Workplaces, decimal16, mean, mean_of_sum, round16};
use crate::Band;

/// The comparison of the treated workplaces' change in sick leave with the
/// other workplaces', and its permutation test.
///
/// Each workplace's rate (net days per employee) is averaged over its months
/// before [`at`](Self::at) and over its months from `at` on, counting only
/// months with employees; a workplace enters when it has at least one such
/// month on each side. Its change is after − before, and the
/// [`statistic`](Self::statistic) is the treated workplaces' mean change
/// minus the other workplaces' (a difference in differences; every mean
/// unweighted, to 16 places, midpoint to even).
///
/// The p-value is two-sided: the share of random relabellings, keeping the
/// number of treated workplaces, whose statistic is at least as far from 0 as
/// the observed one. It tests whether the treated workplaces' change differs
/// from what a random choice of the same number among the same workplaces
/// gives. It is not a causal verdict on the contract: the treated workplaces
/// were not chosen at random, and what else changed for them at `at` stays in
/// the difference. Workplaces of one organisation are not independent of each
/// other (shared managers, policies, epidemics), so the test is no more than
/// a measure of how unusual the difference is among these workplaces. With
/// few workplaces there are few distinct relabellings, and the p-value can
/// only take coarse values (2 treated and 2 other give 6 labellings: a
/// two-sided p-value cannot go below about 2/6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The first month of the after period.
    pub at: Month,
    /// The band.
    pub band: Band,
    /// The treated workplaces that entered.
    pub treated: usize,
    /// The other workplaces that entered.
    pub other: usize,
    /// The treated workplaces' mean of their mean rates before `at`.
    pub treated_before: Decimal,
    /// The treated workplaces' mean of their mean rates from `at` on.
    pub treated_after: Decimal,
    /// The other workplaces' mean of their mean rates before `at`.
    pub other_before: Decimal,
    /// The other workplaces' mean of their mean rates from `at` on.
    pub other_after: Decimal,
    /// The treated workplaces' mean change.
    pub treated_change: Decimal,
    /// The other workplaces' mean change.
    pub other_change: Decimal,
    /// The treated mean change minus the other mean change.
    pub statistic: Decimal,
    /// The seed of the generator (see [`Comparison::p_value`]).
    pub seed: u64,
    /// The random relabellings drawn.
    pub permutations: u32,
    /// The relabellings whose |statistic| is at least the observed
    /// |statistic|, compared exactly: each workplace's change (16 places) ×
    /// 10¹⁶ as an integer, and a labelling's distance from no difference as
    /// |n·T − k·S| (n workplaces, k treated, T the treated changes' sum, S
    /// all changes' sum), which orders labellings as the difference of the
    /// two means does, without rounding the means.
    pub count: u32,
    /// (count + 1) / (permutations + 1), the exact ratio rounded to 4 places
    /// (midpoint to even); the observed labelling counts as one of the
    /// labellings, so it is never 0.
    ///
    /// The relabellings: the entering workplaces sorted by (department,
    /// workplace), each relabelling shuffles that sorted list anew and calls
    /// the first k treated, k the number of treated workplaces that entered.
    /// One generator serves every relabelling in turn: SplitMix64 seeded with
    /// [`seed`](Self::seed) (all arithmetic wrapping on u64: state +=
    /// 0x9E3779B97F4A7C15; z = state; z = (z ^ (z >> 30)) ·
    /// 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) · 0x94D049BB133111EB; the
    /// output is z ^ (z >> 31)). The shuffle is Fisher–Yates from the last
    /// index i = n − 1 down to 1, swapping i with j drawn uniformly from
    /// 0..=i: with bound = i + 1 and limit = u64::MAX − (u64::MAX % bound) (a
    /// multiple of bound), draw outputs until one is below limit and take j =
    /// output % bound.
    pub p_value: Decimal,
}

/// The permutation test of `band`'s change at `at` with `permutations`
/// relabellings drawn from `seed`; `None` when no treated or no other
/// workplace enters. See [`Comparison`].
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn compare(
    workplaces: &Workplaces,
    at: Month,
    band: Band,
    permutations: u32,
    seed: u64,
) -> Option<Comparison> {
    compare_bands(workplaces, at, &[band], permutations, seed).pop()
}

/// [`compare`] for each of `bands`, drawing the relabellings once for all:
/// the workplaces that enter are the same in every band (a month counts
/// when it has employees), so each draw gives every band's statistic, and
/// the counts are those `compare` gives band by band.
pub(crate) fn compare_bands(
    workplaces: &Workplaces,
    at: Month,
    bands: &[Band],
    permutations: u32,
    seed: u64,
) -> Vec<Comparison> {
    let prepared: Vec<Prepared> = bands.iter().filter_map(|band| prepare(workplaces, at, *band)).collect();
    let counts = count_as_extreme(&prepared, permutations, seed);
    prepared
        .into_iter()
        .zip(counts)
        .filter_map(|(p, count)| p.finish(count?, permutations, seed))
        .collect()
}

/// One band's entering workplaces and what their labels give.
struct Prepared {
    at: Month,
    band: Band,
    /// Per entering workplace (sorted by department and workplace): treated,
    /// and its mean rate before and after.
    entering: Vec<(bool, (Decimal, Decimal))>,
    changes: Vec<Decimal>,
    /// The changes × 10¹⁶, exact.
    scaled: Vec<i128>,
    observed: Vec<usize>,
    others: Vec<usize>,
    statistic: Decimal,
}

fn prepare(workplaces: &Workplaces, at: Month, band: Band) -> Option<Prepared> {
    let means = before_after(workplaces, i64::from(workplaces.first.months_until(at)), band);
    let mut entering = Vec::new();
    for series in workplaces.sorted() {
        if let Some(&Some(means)) = means.get(series.index) {
            entering.push((series.treated.is_some(), means));
        }
    }
    let changes: Vec<Decimal> = entering
        .iter()
        .map(|(_, (before, after))| after.checked_sub(*before))
        .collect::<Option<_>>()?;
    let scaled = changes.iter().map(|c| scaled(*c)).collect::<Option<_>>()?;
    let (observed, others): (Vec<usize>, Vec<usize>) =
        (0..entering.len()).partition(|&i| entering.get(i).is_some_and(|e| e.0));
    if observed.is_empty() || others.is_empty() {
        return None;
    }
    let statistic = difference(&changes, &observed, &others)?;
    Some(Prepared {
        at,
        band,
        entering,
        changes,
        scaled,
        observed,
        others,
        statistic,
    })
}

/// A change (16 places at most: a difference of two 16-place means) × 10¹⁶.
fn scaled(value: Decimal) -> Option<i128> {
    let value = round16(value);
    let shift = 16u32.checked_sub(value.scale())?;
    value.mantissa().checked_mul(10i128.checked_pow(shift)?)
}

impl Prepared {
    /// How far a labelling with treated sum `treated` (of the scaled
    /// changes) is from no difference, as an integer that orders labellings
    /// exactly as |mean of treated − mean of others| does: with n
    /// workplaces, k treated and total S, |n·treated − k·S|.
    fn distance(&self, treated: i128, total: i128) -> Option<i128> {
        let n = i128::try_from(self.scaled.len()).ok()?;
        let k = i128::try_from(self.observed.len()).ok()?;
        Some(n.checked_mul(treated)?.checked_sub(k.checked_mul(total)?)?.abs())
    }

    fn finish(self, count: u32, permutations: u32, seed: u64) -> Option<Comparison> {
        let side = |treated: bool, pick: fn(&(Decimal, Decimal)) -> Decimal| {
            let values: Vec<Decimal> = self
                .entering
                .iter()
                .filter(|e| e.0 == treated)
                .map(|e| pick(&e.1))
                .collect();
            mean(&values)
        };
        let ratio = Decimal::from(count)
            .checked_add(Decimal::ONE)?
            .checked_div(Decimal::from(permutations).checked_add(Decimal::ONE)?)?;
        Some(Comparison {
            at: self.at,
            band: self.band,
            treated: self.observed.len(),
            other: self.others.len(),
            treated_before: side(true, |m| m.0)?,
            treated_after: side(true, |m| m.1)?,
            other_before: side(false, |m| m.0)?,
            other_after: side(false, |m| m.1)?,
            treated_change: pick_mean(&self.changes, &self.observed)?,
            other_change: pick_mean(&self.changes, &self.others)?,
            statistic: self.statistic,
            seed,
            permutations,
            count,
            p_value: ratio
                .round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven)
                .normalize(),
        })
    }
}

/// Each workplace's mean rate over its months with employees before month
/// index `split` and from it on; `None` when a side has no such month. The
/// rates are summed month by month (a month's workplaces in one sweep of
/// the sums) and each mean is the sum over the count, as [`scaled_mean`].
fn before_after(workplaces: &Workplaces, split: i64, band: Band) -> Vec<Option<(Decimal, Decimal)>> {
    // Per workplace, before and after: the sum of the rates × 10¹⁶ (`None`
    // past 128 bits) and their number.
    let mut sums = vec![[(Some(0u128), 0u128); 2]; workplaces.count()];
    for i in 0..workplaces.months {
        let side = usize::from(i64::try_from(i).map_or(true, |i| i >= split));
        for (series, sum) in workplaces.series().zip(sums.iter_mut()) {
            if let (Some(rate), Some(side)) = (series.scaled_rate(i, band), sum.get_mut(side)) {
                side.0 = side.0.and_then(|s| s.checked_add(rate));
                side.1 += 1;
            }
        }
    }
    sums.into_iter()
        .map(|[(before, n_before), (after, n_after)]| {
            Some((
                decimal16(mean_of_sum(before?, n_before)?)?,
                decimal16(mean_of_sum(after?, n_after)?)?,
            ))
        })
        .collect()
}

/// The mean of the changes at `indices`.
fn pick_mean(changes: &[Decimal], indices: &[usize]) -> Option<Decimal> {
    let values: Vec<Decimal> = indices
        .iter()
        .map(|&i| changes.get(i).copied())
        .collect::<Option<_>>()?;
    mean(&values)
}

/// The difference in differences of a labelling: the mean change of
/// `treated` minus that of `other`, each to 16 places (so exact).
fn difference(changes: &[Decimal], treated: &[usize], other: &[usize]) -> Option<Decimal> {
    pick_mean(changes, treated)?.checked_sub(pick_mean(changes, other)?)
}

/// For each prepared band, how many of `permutations` relabellings (keeping
/// the number treated) are at least as far from no difference as the
/// observed labelling, compared exactly ([`Prepared::distance`]); `None`
/// for a band whose workplaces are not those of the first (never so) or
/// whose sums overflow.
fn count_as_extreme(prepared: &[Prepared], permutations: u32, seed: u64) -> Vec<Option<u32>> {
    let Some(first) = prepared.first() else {
        return Vec::new();
    };
    let (n, k) = (first.scaled.len(), first.observed.len());
    let sum = |p: &Prepared, at: &[usize]| -> Option<i128> {
        at.iter().try_fold(0i128, |s, &i| s.checked_add(*p.scaled.get(i)?))
    };
    // Per band: the total, the observed distance, the count so far.
    let mut state: Vec<Option<(i128, i128, u32)>> = prepared
        .iter()
        .map(|p| {
            if p.scaled.len() != n || p.observed.len() != k {
                return None;
            }
            let all: Vec<usize> = (0..n).collect();
            let total = sum(p, &all)?;
            Some((total, p.distance(sum(p, &p.observed)?, total)?, 0))
        })
        .collect();
    let mut generator = SplitMix64::new(seed);
    let mut order: Vec<usize> = Vec::with_capacity(n);
    for _ in 0..permutations {
        order.clear();
        order.extend(0..n);
        generator.shuffle(&mut order);
        let treated = order.get(..k).unwrap_or_default();
        for (p, slot) in prepared.iter().zip(state.iter_mut()) {
            let Some((total, observed, count)) = slot else { continue };
            let far = sum(p, treated).and_then(|t| p.distance(t, *total));
            match far {
                Some(far) if far >= *observed => *count += 1,
                Some(_) => {}
                None => *slot = None,
            }
        }
    }
    state.into_iter().map(|s| s.map(|(_, _, count)| count)).collect()
}

/// SplitMix64 (Steele, Lea and Flood 2014), as in [`Comparison::p_value`].
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..bound (`bound` ≥ 1) by rejection: outputs at or above
    /// the largest multiple of `bound` not above u64::MAX are drawn again,
    /// so every remainder has the same number of outputs.
    fn below(&mut self, bound: u64) -> u64 {
        let limit = rejection_limit(bound);
        loop {
            let x = self.next();
            if x < limit {
                return x % bound;
            }
        }
    }

    /// Fisher–Yates from the last index down.
    fn shuffle(&mut self, items: &mut [usize]) {
        for i in (1..items.len()).rev() {
            // usize fits u64 on every target this builds for, and j ≤ i.
            let j = usize::try_from(self.below(i as u64 + 1)).unwrap_or(i);
            items.swap(i, j);
        }
    }
}

/// u64::MAX − (u64::MAX % bound): the outputs below it are accepted.
fn rejection_limit(bound: u64) -> u64 {
    u64::MAX - u64::MAX.checked_rem(bound).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{dec, month, series};
    use super::*;

    #[test]
    fn splitmix64_outputs_for_seed_0() {
        let mut g = SplitMix64::new(0);
        assert_eq!(g.next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(g.next(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(g.next(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn rejection_limits_and_shuffles() {
        // 2^64 − 1 is divisible by 3: only u64::MAX itself is drawn again.
        assert_eq!(rejection_limit(3), u64::MAX);
        // u64::MAX % 4 = 3: the last four outputs are drawn again.
        assert_eq!(rejection_limit(4), u64::MAX - 3);
        assert_eq!(rejection_limit(1), u64::MAX);
        // The shuffles of seed 0, from an independent implementation
        // (Python, the same definitions). For 4 items: i = 3 takes
        // 0x…CDAF % 4 = 3 (no swap), i = 2 takes 0x…65F4 % 3 = 0 (swap 2
        // and 0), i = 1 takes 0x…454F % 2 = 1 (no swap).
        let mut g = SplitMix64::new(0);
        let mut items: Vec<usize> = (0..4).collect();
        g.shuffle(&mut items);
        assert_eq!(items, [2, 1, 0, 3]);
        let mut g = SplitMix64::new(0);
        let mut items: Vec<usize> = (0..10).collect();
        g.shuffle(&mut items);
        assert_eq!(items, [6, 3, 2, 9, 8, 1, 4, 7, 0, 5]);
    }

    /// Two treated workplaces (a, b) that rise by 8 and 9 net days per
    /// employee, two others (c, d) by 0 and 1: the statistic is 8.5 − 0.5
    /// = 8. Of the 6 labellings only {a, b} (8) and {c, d} (−8) reach
    /// |8|; {a, c} gives −1, {a, d} and {b, c} 0, {b, d} 1.
    fn two_and_two() -> Workplaces {
        Workplaces::from_series(
            month("2020-01"),
            vec![
                series(Some("x"), "d", false, &[0, 800], &[1, 1]),
                series(Some("x"), "a", true, &[0, 6400], &[1, 1]),
                series(Some("x"), "c", false, &[800, 800], &[1, 1]),
                series(Some("x"), "b", true, &[0, 7200], &[1, 1]),
            ],
        )
    }

    #[test]
    fn the_count_of_an_extreme_difference() {
        let c = compare(&two_and_two(), month("2020-02"), Band::Short, 1000, 7).unwrap();
        assert_eq!((c.treated, c.other), (2, 2));
        assert_eq!((c.treated_before, c.treated_after), (dec("0"), dec("8.5")));
        assert_eq!((c.other_before, c.other_after), (dec("0.5"), dec("1")));
        assert_eq!(
            (c.treated_change, c.other_change, c.statistic),
            (dec("8.5"), dec("0.5"), dec("8"))
        );

        // The count again with a plain loop: the same generator and shuffle
        // of the sorted workplaces (a, b, c, d = 0..4), extreme when the
        // first two are {a, b} or {c, d}.
        let mut state: u64 = 7;
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let mut expected = 0;
        for _ in 0..1000 {
            let mut order = [0u64, 1, 2, 3];
            for i in (1..4u64).rev() {
                let bound = i + 1;
                let x = loop {
                    let x = next();
                    if x < u64::MAX - u64::MAX % bound {
                        break x;
                    }
                };
                order.swap(i as usize, (x % bound) as usize);
            }
            let mut first = [order[0], order[1]];
            first.sort();
            if first == [0, 1] || first == [2, 3] {
                expected += 1;
            }
        }
        // The Python implementation counts 320 too; about a third, as 2 of
        // the 6 labellings are as extreme (two-sided).
        assert_eq!(expected, 320);
        assert_eq!((c.count, c.permutations, c.seed), (320, 1000, 7));
        // 321 / 1001 = 0.32067…
        assert_eq!(c.p_value, dec("0.3207"));

        let c = compare(&two_and_two(), month("2020-02"), Band::Long, 10, 42).unwrap();
        // 4 of 10 (Python); 5 / 11 = 0.454545…
        assert_eq!((c.count, c.p_value), (4, dec("0.4545")));
        // No relabelling: p = 1 / 1.
        let c = compare(&two_and_two(), month("2020-02"), Band::Short, 0, 1).unwrap();
        assert_eq!((c.count, c.p_value), (0, dec("1")));
    }

    #[test]
    fn identical_arms_give_p_1() {
        // Every workplace changes by the same 0.5: every relabelling's
        // statistic is 0 = the observed one.
        let w = Workplaces::from_series(
            month("2020-01"),
            vec![
                series(None, "a", true, &[400, 800], &[1, 1]),
                series(None, "b", false, &[800, 1600], &[2, 2]),
                series(None, "c", false, &[1200, 2400], &[3, 3]),
            ],
        );
        let c = compare(&w, month("2020-02"), Band::Middle, 50, 3).unwrap();
        assert_eq!(c.statistic, dec("0"));
        assert_eq!((c.count, c.p_value), (50, dec("1")));
    }

    #[test]
    fn who_enters() {
        let list = vec![
            // Employees only before: does not enter.
            series(None, "a", true, &[800, 0, 0], &[1, 0, 0]),
            // The empty middle month is left out: before 1 (one month),
            // after (0.5 + 1.5) / 2 = 1, change 0.
            series(None, "b", true, &[800, 0, 400, 1200], &[1, 0, 1, 1]),
            series(None, "c", false, &[0, 0, 800], &[1, 1, 1]),
        ];
        let w = Workplaces::from_series(month("2020-01"), list.clone());
        let c = compare(&w, month("2020-02"), Band::Short, 5, 0).unwrap();
        assert_eq!((c.treated, c.other), (1, 1));
        assert_eq!((c.treated_before, c.treated_after), (dec("1"), dec("1")));
        // c: before 0, after (0 + 1) / 2 = 0.5; the statistic 0 − 0.5.
        assert_eq!(c.statistic, dec("-0.5"));
        // With one of each, every relabelling gives ±0.5.
        assert_eq!(c.count, 5);
        // Before the first month: nobody has a before side.
        assert_eq!(compare(&w, month("2020-01"), Band::Short, 5, 0), None);
        // No other workplace enters.
        let treated_only = Workplaces::from_series(w.first, list[..2].to_vec());
        assert_eq!(compare(&treated_only, month("2020-02"), Band::Short, 5, 0), None);
    }
}
