//! The half-yearly variation of the workplaces' rates within each department.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
#[cfg(test)]
use rust_decimal::RoundingStrategy;
use serde::{Serialize, Serializer};

use super::{Series, Workplaces, decimal16, mean, scaled_mean};
use crate::Band;

/// The first or the second half of a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Half {
    /// January to June.
    First,
    /// July to December.
    Second,
}

/// A half-year: written `2019H1` (January–June 2019) or `2019H2`
/// (July–December), also in JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HalfYear {
    /// The year.
    pub year: i32,
    /// Which half.
    pub half: Half,
}

impl HalfYear {
    /// The half-year of `month`: June is in the first, July in the second.
    ///
    /// # Example
    /// ```
    /// use utfall_absence::{Half, HalfYear};
    /// let june = HalfYear::of("2019-06".parse()?);
    /// assert_eq!(june, HalfYear { year: 2019, half: Half::First });
    /// assert_eq!(HalfYear::of("2019-07".parse()?).to_string(), "2019H2");
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn of(month: utfall_engine::Month) -> HalfYear {
        let half = if month.month() <= 6 { Half::First } else { Half::Second };
        HalfYear {
            year: month.year(),
            half,
        }
    }
}

impl fmt::Display for HalfYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = match self.half {
            Half::First => 1,
            Half::Second => 2,
        };
        write!(f, "{:04}H{n}", self.year)
    }
}

impl Serialize for HalfYear {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The variation between a department's workplaces over a half-year, in one
/// band.
///
/// In each month of the half-year within the data, the department's
/// workplaces with employees give their rates (net days per employee); the
/// month's mean is their unweighted mean (16 places, midpoint to even) and
/// its standard deviation their population standard deviation (the square
/// root of the mean squared deviation from the mean: divided by n, not n − 1).
/// The variance is exact, from the rates as 16-place integers in 128-bit
/// arithmetic, and the square root is rounded down to 8 places:
/// ⌊√(variance · 10¹⁶)⌋ / 10⁸, an integer square root. Should those sums
/// overflow 128 bits (rates and numbers of workplaces far beyond real sick
/// leave), the rates are first rounded (midpoint to even) to 12, 8, 4 or 0
/// places, the first that fits. A month where the department has no
/// workplace with employees is left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DepartmentVariation {
    /// The department (workplaces without a department form none, and are
    /// left out).
    pub department: String,
    /// The half-year.
    pub half_year: HalfYear,
    /// The band.
    pub band: Band,
    /// The months of the half-year counted: those within the data where the
    /// department had a workplace with employees.
    pub months: usize,
    /// The most workplaces with employees in one of those months.
    pub workplaces: usize,
    /// The mean over the months of the month's mean rate, to 16 places.
    pub mean: Decimal,
    /// The mean over the months of the month's standard deviation, to 16
    /// places.
    pub sd: Decimal,
}

#[derive(Default)]
struct Months {
    means: Vec<Decimal>,
    sds: Vec<Decimal>,
    workplaces: usize,
}

/// Every department's variation per half-year and band, in that order.
pub(crate) fn department_variation(workplaces: &Workplaces) -> Vec<DepartmentVariation> {
    let mut departments: BTreeMap<&str, Vec<Series<'_>>> = BTreeMap::new();
    for series in workplaces.series() {
        if let Some(department) = &workplaces.names.get(series.index).and_then(|n| n.department.as_deref()) {
            departments.entry(department).or_default().push(series);
        }
    }
    let mut out = Vec::new();
    let mut rates: Vec<u128> = Vec::new();
    for (department, members) in departments {
        let mut halves: BTreeMap<(HalfYear, Band), Months> = BTreeMap::new();
        for (i, month) in workplaces.each_month() {
            for band in Band::ALL {
                rates.clear();
                rates.extend(members.iter().filter_map(|s| s.scaled_rate(i, band)));
                let (Some(mean), Some(sd)) = (scaled_mean(&rates).and_then(decimal16), scaled_population_sd(&rates))
                else {
                    continue;
                };
                let entry = halves.entry((HalfYear::of(month), band)).or_default();
                entry.means.push(mean);
                entry.sds.push(sd);
                entry.workplaces = entry.workplaces.max(rates.len());
            }
        }
        for ((half_year, band), months) in halves {
            let (Some(mean), Some(sd)) = (mean(&months.means), mean(&months.sds)) else {
                continue;
            };
            out.push(DepartmentVariation {
                department: department.to_owned(),
                half_year,
                band,
                months: months.means.len(),
                workplaces: months.workplaces,
                mean,
                sd,
            });
        }
    }
    out
}

/// [`population_sd`] of rates × 10¹⁶ ([`WorkplaceSeries::scaled_rate`]):
/// the 16-place integers as they are, the decimals only when their sums
/// overflow and fewer places are tried.
fn scaled_population_sd(values: &[u128]) -> Option<Decimal> {
    if let Some(sd) = sd_of_integers(values, 16) {
        return Some(sd);
    }
    // A national department's squares pass 128 bits at 16 places: fewer,
    // rounded in integers as `scaled_sd` rounds the decimals.
    let mut rounded = Vec::with_capacity(values.len());
    [12u32, 8, 4, 0].into_iter().find_map(|places| {
        let divisor = 10u128.pow(16 - places);
        rounded.clear();
        rounded.extend(values.iter().map(|&x| {
            let (q, r) = (x / divisor, x % divisor);
            q + u128::from(2 * r > divisor || (2 * r == divisor && q % 2 == 1))
        }));
        sd_of_integers(&rounded, places)
    })
}

/// The population standard deviation of `values` (non-negative rates),
/// rounded down to 8 places; `None` for no values.
#[cfg(test)]
fn population_sd(values: &[Decimal]) -> Option<Decimal> {
    [16u32, 12, 8, 4, 0]
        .into_iter()
        .find_map(|places| scaled_sd(values, places))
}

/// ⌊√(variance · 10¹⁶)⌋ as 8 places, from `values` rounded to `places`
/// (at most 16); `None` for no values or when a sum overflows.
///
/// With the values as integers x = value · 10^places and n of them, n² ·
/// variance · 10^(2·places) = n·Σx² − (Σx)², an integer, so variance · 10¹⁶
/// is that over n² · 10^(2·places − 16), and the floor of its square root is
/// the floor of the square root of its integer part.
#[cfg(test)]
fn scaled_sd(values: &[Decimal], places: u32) -> Option<Decimal> {
    let mut integers = Vec::with_capacity(values.len());
    for value in values {
        let mut x = value.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven);
        x.rescale(places);
        // A value too large for `places` keeps fewer: not this precision.
        if x.scale() != places {
            return None;
        }
        integers.push(u128::try_from(x.mantissa()).ok()?);
    }
    sd_of_integers(&integers, places)
}

/// [`scaled_sd`] of `values` already × 10^places.
fn sd_of_integers(values: &[u128], places: u32) -> Option<Decimal> {
    let n = u128::try_from(values.len()).ok().filter(|&n| n > 0)?;
    let (mut sum, mut squares) = (0u128, 0u128);
    for &x in values {
        sum = sum.checked_add(x)?;
        squares = squares.checked_add(x.checked_mul(x)?)?;
    }
    // n·Σx² ≥ (Σx)² by Cauchy–Schwarz, so the subtraction cannot fail.
    let numerator = n.checked_mul(squares)?.checked_sub(sum.checked_mul(sum)?)?;
    let n_squared = n.checked_mul(n)?;
    let scaled = match (2 * places).checked_sub(16) {
        Some(excess) => numerator / n_squared.checked_mul(10u128.checked_pow(excess)?)?,
        None => numerator.checked_mul(10u128.checked_pow(16 - 2 * places)?)? / n_squared,
    };
    let root = i128::try_from(scaled.isqrt()).ok()?;
    Some(Decimal::try_from_i128_with_scale(root, 8).ok()?.normalize())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{dec, month, series};
    use super::*;

    /// The integers' standard deviation is the decimals', also where the
    /// squares at 16 places pass 128 bits and fewer places are used.
    #[test]
    fn the_integer_sd_is_the_decimal_sd() {
        let cases: Vec<Vec<u128>> = vec![
            vec![
                10_000_000_000_000_000,
                20_000_000_000_000_000,
                30_000_000_000_000_000,
                40_000_000_000_000_000,
            ],
            vec![3_333_333_333_333_333, 0],
            // 9 000 rates near 1 (× 10¹⁶): n·Σx² is about 8·10³⁹.
            (0..9_000u128)
                .map(|i| 10_000_000_000_000_000 + i * 1_234_567_891_234 + i % 7 * 5_000)
                .collect(),
            (0..9_000u128)
                .map(|i| i * 98_765_432_123_456_789 % 300_000_000_000_000_000)
                .collect(),
        ];
        for values in cases {
            let decimals: Vec<Decimal> = values.iter().map(|&v| decimal16(v).unwrap()).collect();
            assert_eq!(
                scaled_population_sd(&values),
                population_sd(&decimals),
                "{}",
                values.len()
            );
        }
        assert!(
            sd_of_integers(
                &(0..9_000u128).map(|i| 10_000_000_000_000_000 + i).collect::<Vec<_>>(),
                16
            )
            .is_none()
        );
    }

    #[test]
    fn standard_deviation_of_one_to_four() {
        // Mean 2.5; squared deviations 2.25, 0.25, 0.25, 2.25; variance
        // 5 / 4 = 1.25; √1.25 = 1.118033988749…, rounded down 1.11803398.
        let rates = [dec("1"), dec("2"), dec("3"), dec("4")];
        assert_eq!(population_sd(&rates), Some(dec("1.11803398")));
        // The same at every precision the fallback uses.
        assert_eq!(scaled_sd(&rates, 0), Some(dec("1.11803398")));
        assert_eq!(scaled_sd(&rates, 12), Some(dec("1.11803398")));
        // One value, or equal values: 0.
        assert_eq!(population_sd(&[dec("0.125")]), Some(dec("0")));
        assert_eq!(population_sd(&[dec("0.3"), dec("0.3")]), Some(dec("0")));
        assert_eq!(population_sd(&[]), None);
        // 0 and 1/3 (16 places): mean 1/6, SD 1/6 = 0.1666666666666666…;
        // rounded down, never up, to 0.16666666.
        assert_eq!(
            population_sd(&[dec("0"), dec("0.3333333333333333")]),
            Some(dec("0.16666666"))
        );
    }

    #[test]
    fn the_overflow_falls_back_to_fewer_places() {
        // Rates of 10¹⁰ net days: 10²⁶ as 16-place integers, whose squares
        // overflow 128 bits, as at 12 places (10²², squares 10⁴⁴); at 8 places
        // (10¹⁸, squares 10³⁶, n·Σx² about 4 · 10³⁶) they fit.
        let rates = [dec("10000000000"), dec("10000000002")];
        assert_eq!(scaled_sd(&rates, 16), None);
        assert_eq!(scaled_sd(&rates, 12), None);
        assert_eq!(scaled_sd(&rates, 8), Some(dec("1")));
        assert_eq!(population_sd(&rates), Some(dec("1")));
    }

    #[test]
    fn half_years_and_departments() {
        // 2019-05 to 2019-08: May and June are 2019H1, July and August
        // 2019H2.
        let w = Workplaces::from_series(
            month("2019-05"),
            vec![
                series(Some("a"), "one", false, &[800, 800, 1600, 0], &[1, 1, 1, 1]),
                series(Some("a"), "three", true, &[2400, 0, 800, 0], &[1, 0, 1, 0]),
                // No department: left out.
                series(None, "x", false, &[8000, 8000, 8000, 8000], &[1, 1, 1, 1]),
                // Nobody employed in June and August: those months are left
                // out of b.
                series(Some("b"), "two", false, &[1600, 0, 800, 0], &[1, 0, 1, 0]),
            ],
        );
        let v = department_variation(&w);
        // 2 departments · 2 half-years · 3 bands.
        assert_eq!(v.len(), 12);
        assert_eq!(v[0].half_year.to_string(), "2019H1");
        assert_eq!(v[3].half_year.to_string(), "2019H2");
        assert_eq!(v[6].department, "b");

        // a, 2019H1: May rates 1 and 3 (mean 2, SD 1); June rate 1 alone
        // (mean 1, SD 0): mean 1.5, SD 0.5, 2 months, at most 2 workplaces.
        let a1 = &v[0];
        assert_eq!((a1.department.as_str(), a1.band), ("a", Band::Short));
        assert_eq!(
            (a1.months, a1.workplaces, a1.mean, a1.sd),
            (2, 2, dec("1.5"), dec("0.5"))
        );
        // a, 2019H2: July rates 2 and 1 (mean 1.5, SD 0.5); August rate 0
        // (mean 0, SD 0): mean 0.75, SD 0.25.
        let a2 = &v[3];
        assert_eq!(
            (a2.months, a2.workplaces, a2.mean, a2.sd),
            (2, 2, dec("0.75"), dec("0.25"))
        );
        // b: one month each (May: 2, July: 1).
        assert_eq!(
            (v[6].months, v[6].workplaces, v[6].mean, v[6].sd),
            (1, 1, dec("2"), dec("0"))
        );
        assert_eq!((v[9].months, v[9].mean), (1, dec("1")));
        assert_eq!(serde_json::to_string(&a1.half_year).unwrap(), "\"2019H1\"");
    }

    #[test]
    fn june_and_july() {
        assert_eq!(HalfYear::of(month("2019-06")).to_string(), "2019H1");
        assert_eq!(HalfYear::of(month("2019-07")).to_string(), "2019H2");
        assert_eq!(HalfYear::of(month("2020-01")).to_string(), "2020H1");
        assert_eq!(HalfYear::of(month("2019-12")).to_string(), "2019H2");
        assert!(HalfYear::of(month("2019-12")) < HalfYear::of(month("2020-01")));
    }
}
