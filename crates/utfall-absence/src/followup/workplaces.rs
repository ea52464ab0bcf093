//! The analyses over workplaces (`docs/method.md` §6.12): each workplace's
//! monthly net days per employee, and from them the treated and other
//! workplaces' distributions, the permutation test of their difference, the
//! half-yearly variation within departments and the workplaces with high or
//! rising sick leave. Exact decimals throughout; no floats.
//!
//! The rate of a workplace in a month and band is its net days per employee:
//! centi-hours / 800 / headcount (centi-hours / 100 = hours, hours / 8 = net
//! days), to 16 places (midpoint to even), as
//! [`NetDays::per_employee`](crate::NetDays::per_employee); a month with no
//! employee has no rate and the workplace is left out of that month.

mod distribution;
mod permutation;
mod variation;
mod watch;

use std::collections::HashMap;

use rust_decimal::{Decimal, RoundingStrategy};
use utfall_engine::Month;

use crate::Band;

pub(crate) use distribution::distributions;
pub use distribution::{Arm, Distribution};
pub use permutation::Comparison;
pub(crate) use permutation::{compare, compare_bands};
pub(crate) use variation::department_variation;
pub use variation::{DepartmentVariation, Half, HalfYear};
pub use watch::{WatchReason, WatchRule, Watched};
pub(crate) use watch::{watch, watch_months};

/// A workplace: its department and name, and whether it is treated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Workplace {
    /// The department the workplace belongs to, when the register has the
    /// column (a workplace is the pair of department and workplace).
    pub department: Option<String>,
    /// The workplace's name.
    pub workplace: String,
    /// From the treated file: `None` when not treated; `Some(None)` when
    /// treated and the file gives no month; `Some(Some(m))` treated from `m`.
    pub treated: Option<Option<Month>>,
}

/// Every workplace's monthly sums over the same months: the input of the
/// analyses. Month by month, as the tracker summed them (and taken from it,
/// not copied): an analysis of a month reads its workplaces' sums in one
/// sweep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Workplaces {
    /// The first month; the sums have one entry per workplace for each
    /// month from here.
    pub first: Month,
    /// The months.
    pub months: usize,
    /// The workplaces, in the register's order (by department index and
    /// name).
    pub names: Vec<Workplace>,
    /// Centi-hours of sick leave per `(month × workplaces + workplace) × 3 +
    /// band` (days 1–14, 15–90, 91+), summed over the workplace's employees,
    /// in 32 bits, what a cell cannot hold in `carried`.
    pub cells: Vec<u32>,
    /// The excess over `u32::MAX` of a cell, by cell.
    pub carried: HashMap<usize, u64>,
    /// Employees employed at the workplace on at least one day of the
    /// month, per `month × workplaces + workplace`.
    pub heads: Vec<u32>,
}

/// One workplace of [`Workplaces`], with its sums.
#[derive(Clone, Copy)]
pub(crate) struct Series<'a> {
    pub index: usize,
    all: &'a Workplaces,
}

impl std::ops::Deref for Series<'_> {
    type Target = Workplace;

    fn deref(&self) -> &Workplace {
        self.all.names.get(self.index).unwrap_or(&NO_WORKPLACE)
    }
}

/// What a [`Series`] outside its workplaces reads as (none is made).
static NO_WORKPLACE: Workplace = Workplace {
    department: None,
    workplace: String::new(),
    treated: None,
};

impl Workplaces {
    /// The number of workplaces.
    pub fn count(&self) -> usize {
        self.names.len()
    }

    /// The month of index `i` from [`Workplaces::first`].
    fn month(&self, i: usize) -> Option<Month> {
        self.first.add_months(i32::try_from(i).ok()?).ok()
    }

    /// The months with their indices, for as long as they are months.
    fn each_month(&self) -> impl Iterator<Item = (usize, Month)> + '_ {
        (0..self.months).map_while(|i| Some((i, self.month(i)?)))
    }

    /// Every workplace, in the register's order.
    pub fn series(&self) -> impl ExactSizeIterator<Item = Series<'_>> + '_ {
        (0..self.count()).map(|index| Series { index, all: self })
    }

    /// The workplaces sorted by (department, workplace), whatever order
    /// they came in.
    fn sorted(&self) -> Vec<Series<'_>> {
        let mut sorted: Vec<Series<'_>> = self.series().collect();
        sorted.sort_by(|a, b| (&a.department, &a.workplace).cmp(&(&b.department, &b.workplace)));
        sorted
    }

    /// The centi-hours of workplace `w` in month `i` and band index `b`, 0
    /// beyond the months.
    pub fn centi(&self, w: usize, i: usize, b: usize) -> u64 {
        let cell = (i * self.count() + w) * 3 + b;
        let low = u64::from(self.cells.get(cell).copied().unwrap_or(0));
        if self.carried.is_empty() {
            return low;
        }
        low + self.carried.get(&cell).copied().unwrap_or(0)
    }

    /// The headcount of workplace `w` in month `i`, 0 beyond the months.
    pub fn heads(&self, w: usize, i: usize) -> u32 {
        self.heads.get(i * self.count() + w).copied().unwrap_or(0)
    }

    /// Workplaces from each one's monthly sums (the tests' hand-made
    /// cases).
    #[cfg(test)]
    pub(crate) fn from_series(first: Month, series: Vec<WorkplaceSeries>) -> Self {
        let months = series
            .iter()
            .map(|s| s.headcount.len().max(s.centi.len()))
            .max()
            .unwrap_or(0);
        let count = series.len();
        let mut cells = vec![0u32; months * count * 3];
        let mut carried = HashMap::new();
        let mut heads = vec![0u32; months * count];
        for (w, s) in series.iter().enumerate() {
            for (i, centi) in s.centi.iter().enumerate() {
                for (b, &c) in centi.iter().enumerate() {
                    let cell = (i * count + w) * 3 + b;
                    let low = u32::try_from(c).unwrap_or(0);
                    if let Some(x) = cells.get_mut(cell) {
                        *x = low;
                    }
                    if u64::from(low) != c {
                        carried.insert(cell, c);
                    }
                }
            }
            for (i, &h) in s.headcount.iter().enumerate() {
                if let Some(x) = heads.get_mut(i * count + w) {
                    *x = h;
                }
            }
        }
        Workplaces {
            first,
            months,
            names: series
                .into_iter()
                .map(|s| Workplace {
                    department: s.department,
                    workplace: s.workplace,
                    treated: s.treated,
                })
                .collect(),
            cells,
            carried,
            heads,
        }
    }
}

/// One workplace's monthly sums, as the tests write them.
#[cfg(test)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WorkplaceSeries {
    pub department: Option<String>,
    pub workplace: String,
    pub treated: Option<Option<Month>>,
    /// Per month: centi-hours per band.
    pub centi: Vec<[u64; 3]>,
    /// Per month: the headcount.
    pub headcount: Vec<u32>,
}

impl Series<'_> {
    /// The headcount of month `i`, 0 beyond the series.
    fn heads(&self, i: usize) -> u32 {
        self.all.heads(self.index, i)
    }

    /// The centi-hours of month `i` in `band`, 0 beyond the series.
    fn centi(&self, i: usize, band: Band) -> u64 {
        self.all.centi(self.index, i, band_index(band))
    }

    /// The rate of month `i` in `band`; `None` with no employees.
    #[cfg(test)]
    fn rate(&self, i: usize, band: Band) -> Option<Decimal> {
        per_employee(self.centi(i, band), u64::from(self.heads(i)))
    }

    /// The rate × 10¹⁶, an integer: the analyses compare and sum millions
    /// of rates, and decimals would cost seconds.
    fn scaled_rate(&self, i: usize, band: Band) -> Option<u128> {
        super::figures::per_employees(self.centi(i, band), u64::from(self.heads(i)))
    }
}

/// A figure × 10¹⁶ ([`Series::scaled_rate`], [`scaled_mean`]) as
/// the decimal the tables write.
fn decimal16(scaled: u128) -> Option<Decimal> {
    let q = i128::try_from(scaled).ok()?;
    Some(Decimal::try_from_i128_with_scale(q, 16).ok()?.normalize())
}

/// [`mean`] of figures × 10¹⁶, in integers: the sum over the count rounded
/// to an integer, midpoint to even — the same as [`mean`] of the decimals
/// (whose 28-digit quotient is never within its rounding of a midpoint it
/// is not on: with n values the quotient is at least 1/(2n) units from one).
fn scaled_mean(values: &[u128]) -> Option<u128> {
    let n = u128::try_from(values.len()).ok()?;
    let sum = values.iter().try_fold(0u128, |sum, v| sum.checked_add(*v))?;
    mean_of_sum(sum, n)
}

/// The mean of `n` figures × 10¹⁶ summing to `sum`, rounded midpoint to
/// even ([`scaled_mean`]); `None` for none.
fn mean_of_sum(sum: u128, n: u128) -> Option<u128> {
    if n == 0 {
        return None;
    }
    let (q, r) = (sum / n, sum % n);
    let up = match (2 * r).cmp(&n) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => q % 2 == 1,
        std::cmp::Ordering::Less => false,
    };
    Some(q + u128::from(up))
}

fn band_index(band: Band) -> usize {
    match band {
        Band::Short => 0,
        Band::Middle => 1,
        Band::Long => 2,
    }
}

/// Net days per employee (or per employee-month, summed over months):
/// centi-hours / 800 / employees, to 16 places; `None` with no employees.
fn per_employee(centi: u64, employees: u64) -> Option<Decimal> {
    if employees == 0 {
        return None;
    }
    // In integers (the same 16 places, and exact): some 13 million rates at
    // national size, where a decimal division each would cost seconds.
    let scaled = super::figures::per_employees(centi, employees)?;
    if let Some(rate) = decimal16(scaled) {
        return Some(rate);
    }
    let denominator = Decimal::from(employees.checked_mul(800)?);
    Decimal::from(centi).checked_div(denominator).map(round16)
}

/// The crate's rounding of a per-employee figure: 16 places, midpoint to even.
fn round16(value: Decimal) -> Decimal {
    value
        .round_dp_with_strategy(16, RoundingStrategy::MidpointNearestEven)
        .normalize()
}

/// The plain mean, to 16 places; `None` for no values (or a sum beyond a
/// decimal's range, which no real rate reaches).
fn mean(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let sum = values.iter().try_fold(Decimal::ZERO, |sum, v| sum.checked_add(*v))?;
    sum.checked_div(Decimal::from(values.len())).map(round16)
}

/// The `p`th percentile of `sorted` (ascending) by the nearest-rank method:
/// the value at 1-based rank ⌈p/100 · n⌉, computed in integers as
/// (p·n + 99) / 100; an observed value, never an interpolation. Rank 0 (`p` =
/// 0) is taken as rank 1, the least value. `None` for no values.
fn nearest_rank<T: Copy>(sorted: &[T], p: u32) -> Option<T> {
    let n = u64::try_from(sorted.len()).ok()?;
    let rank = (u64::from(p).checked_mul(n)?.checked_add(99)? / 100).max(1);
    sorted.get(usize::try_from(rank).ok()?.checked_sub(1)?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn month(text: &str) -> Month {
        text.parse().unwrap()
    }

    pub(super) fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// A workplace with the same centi-hours in every band.
    pub(super) fn series(
        department: Option<&str>,
        workplace: &str,
        treated: bool,
        centi: &[u64],
        headcount: &[u32],
    ) -> WorkplaceSeries {
        WorkplaceSeries {
            department: department.map(str::to_owned),
            workplace: workplace.to_owned(),
            treated: treated.then_some(None),
            centi: centi.iter().map(|&c| [c, c, c]).collect(),
            headcount: headcount.to_vec(),
        }
    }

    /// 1..=n as decimals, ascending.
    fn one_to(n: u32) -> Vec<Decimal> {
        (1..=n).map(Decimal::from).collect()
    }

    #[test]
    fn nearest_rank_at_known_sizes() {
        // n = 1: every percentile is the one value.
        assert_eq!(nearest_rank(&one_to(1), 10), Some(dec("1")));
        assert_eq!(nearest_rank(&one_to(1), 90), Some(dec("1")));
        // n = 9: rank ⌈0.9⌉ = 1 and ⌈8.1⌉ = 9.
        assert_eq!(nearest_rank(&one_to(9), 10), Some(dec("1")));
        assert_eq!(nearest_rank(&one_to(9), 90), Some(dec("9")));
        // n = 10: rank ⌈1⌉ = 1 and ⌈9⌉ = 9 (exact ranks are not rounded up).
        assert_eq!(nearest_rank(&one_to(10), 10), Some(dec("1")));
        assert_eq!(nearest_rank(&one_to(10), 90), Some(dec("9")));
        // n = 11: rank ⌈1.1⌉ = 2 and ⌈9.9⌉ = 10.
        assert_eq!(nearest_rank(&one_to(11), 10), Some(dec("2")));
        assert_eq!(nearest_rank(&one_to(11), 90), Some(dec("10")));
        assert_eq!(nearest_rank::<Decimal>(&[], 10), None);
        // p = 0 is the least value, p = 100 the greatest.
        assert_eq!(nearest_rank(&one_to(11), 0), Some(dec("1")));
        assert_eq!(nearest_rank(&one_to(11), 100), Some(dec("11")));
    }

    /// The integer mean is the decimal one, at midpoints and near them.
    #[test]
    fn the_scaled_mean_is_the_decimal_mean() {
        let cases: [&[u128]; 6] = [
            &[1, 2],
            &[1, 2, 2],
            &[3, 4],
            &[0, 3_333_333_333_333_333],
            &[10_000_000_000_000_001, 5, 7, 11],
            &[u128::from(u64::MAX), 1, 2, 3, 4, 5, 6],
        ];
        for values in cases {
            let decimals: Vec<Decimal> = values.iter().map(|&v| decimal16(v).unwrap()).collect();
            assert_eq!(scaled_mean(values).and_then(decimal16), mean(&decimals), "{values:?}");
        }
        // (1 + 2) / 2 = 1.5 units: midpoint, to even 2; (3 + 4) / 2 = 3.5: 4.
        assert_eq!(scaled_mean(&[1, 2]), Some(2));
        assert_eq!(scaled_mean(&[3, 4]), Some(4));
        assert_eq!(scaled_mean(&[]), None);
    }

    #[test]
    fn rates() {
        // 100 centi-hours = 1 hour = 1/8 net day, for one employee.
        assert_eq!(per_employee(100, 1), Some(dec("0.125")));
        // 800 centi-hours over 3 employees: 1/3 day, to 16 places.
        assert_eq!(per_employee(800, 3), Some(dec("0.3333333333333333")));
        assert_eq!(per_employee(800, 0), None);
        assert_eq!(mean(&[dec("1"), dec("2")]), Some(dec("1.5")));
        assert_eq!(mean(&[]), None);
    }

    #[test]
    fn months_and_beyond_the_series() {
        let w = Workplaces::from_series(
            month("2019-11"),
            vec![
                series(None, "a", false, &[800], &[1]),
                series(None, "b", false, &[8, 8], &[2, 2]),
            ],
        );
        assert_eq!(w.months, 2);
        let months: Vec<String> = w.each_month().map(|(_, m)| m.to_string()).collect();
        assert_eq!(months, ["2019-11", "2019-12"]);
        let a = w.series().next().unwrap();
        assert_eq!(a.rate(1, Band::Long), None);
        assert_eq!(a.rate(0, Band::Long), Some(dec("1")));
    }
}
