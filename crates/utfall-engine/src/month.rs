//! Calendar months (`YYYY-MM`) and inclusive ranges of them.
//!
//! Outcome contracts are measured and paid by the month (`docs/method.md` §2 and §3; the
//! report's *Projektperiod*: "Projektperiod: oktober 2018 – september 2021"), so a
//! month is a type of its own rather than a date with a day nobody uses.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar month such as `2018-10`.
///
/// Parsing is strict: exactly four digits of year, a `-`, and two digits of month
/// from `01` to `12`. Nothing else is accepted, not `2018-1`, not `2018/10`, not
/// `2018-10-01`, and not surrounding white space.
///
/// # Example
/// ```
/// use utfall_engine::Month;
///
/// let m: Month = "2018-10".parse()?;
/// assert_eq!((m.year(), m.month()), (2018, 10));
/// assert_eq!(m.to_string(), "2018-10");
/// assert_eq!(m.add_months(3)?.to_string(), "2019-01");
///
/// // Invalid input is rejected with a message that quotes it:
/// let err = "2018-13".parse::<Month>().unwrap_err();
/// assert_eq!(err.to_string(), "\"2018-13\" is not a month: the month must be 01 to 12");
/// assert!("2018-1".parse::<Month>().is_err());
/// assert!("2018-10-01".parse::<Month>().is_err());
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// Months since January of year 0: `year * 12 + (month - 1)`.
    index: i32,
}

/// Lowest and highest year a [`Month`] can have: the four digits of `YYYY`.
const YEARS: std::ops::RangeInclusive<i32> = 0..=9999;

impl Month {
    /// The month `month` (1–12) of `year` (0–9999).
    ///
    /// # Errors
    /// [`ErrorKind::BadMonth`](crate::ErrorKind::BadMonth) when the year is not four
    /// digits or the month is not 1–12.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::Month;
    /// assert_eq!(Month::new(2020, 2)?.to_string(), "2020-02");
    /// assert!(Month::new(2020, 0).is_err());
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn new(year: i32, month: u32) -> Result<Self, crate::Error> {
        let bad = |reason: &'static str| {
            crate::Error::new(crate::ErrorKind::BadMonth {
                value: format!("{year:04}-{month:02}"),
                reason,
            })
        };
        if !YEARS.contains(&year) {
            return Err(bad("the year must be four digits"));
        }
        if !(1..=12).contains(&month) {
            return Err(bad("the month must be 01 to 12"));
        }
        // `month` is at most 12 here, so the cast cannot truncate.
        Ok(Self {
            index: year * 12 + (month as i32 - 1),
        })
    }

    /// The year, 0–9999.
    pub fn year(self) -> i32 {
        self.index.div_euclid(12)
    }

    /// The month of the year, 1–12.
    pub fn month(self) -> u32 {
        // rem_euclid of a positive divisor is 0..12, so the cast is exact.
        self.index.rem_euclid(12) as u32 + 1
    }

    /// The month `count` months later (earlier when negative).
    ///
    /// # Errors
    /// [`ErrorKind::BadMonth`](crate::ErrorKind::BadMonth) when the result falls
    /// outside years 0–9999.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::Month;
    /// let m: Month = "2018-10".parse()?;
    /// assert_eq!(m.add_months(35)?.to_string(), "2021-09");
    /// assert_eq!(m.add_months(-14)?.to_string(), "2017-08");
    /// assert!("9999-12".parse::<Month>()?.add_months(1).is_err());
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn add_months(self, count: i32) -> Result<Self, crate::Error> {
        let out_of_range = || {
            crate::Error::new(crate::ErrorKind::BadMonth {
                value: format!("{self} + {count} months"),
                reason: "the year must be four digits",
            })
        };
        let index = self.index.checked_add(count).ok_or_else(out_of_range)?;
        if !YEARS.contains(&index.div_euclid(12)) {
            return Err(out_of_range());
        }
        Ok(Self { index })
    }

    /// Number of months from `self` to `later`: 0 for the same month, negative when
    /// `later` is earlier.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::Month;
    /// let a: Month = "2017-08".parse()?;
    /// assert_eq!(a.months_until("2018-07".parse()?), 11);
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn months_until(self, later: Month) -> i32 {
        later.index - self.index
    }
}

impl FromStr for Month {
    type Err = crate::Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = |reason: &'static str| {
            crate::Error::new(crate::ErrorKind::BadMonth {
                value: text.to_owned(),
                reason,
            })
        };
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 7
            && bytes.get(4) == Some(&b'-')
            && bytes.iter().enumerate().all(|(i, b)| i == 4 || b.is_ascii_digit());
        if !shape_ok {
            return Err(bad("a month is written YYYY-MM"));
        }
        let digits = |range: std::ops::Range<usize>| {
            bytes
                .get(range)
                .unwrap_or_default()
                .iter()
                .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'))
        };
        let (year, month) = (digits(0..4), digits(5..7));
        if !(1..=12).contains(&month) {
            return Err(bad("the month must be 01 to 12"));
        }
        // Four digits are at most 9999, which fits an i32.
        Ok(Self {
            index: year as i32 * 12 + (month as i32 - 1),
        })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// An inclusive range of months: `2018-10 ..= 2021-09` holds 36 months.
///
/// A range always holds at least one month: `start <= end`.
///
/// # Example
/// ```
/// use utfall_engine::MonthRange;
///
/// let term = MonthRange::new("2018-10".parse()?, "2021-09".parse()?)?;
/// assert_eq!(term.len(), 36);
/// assert!(term.contains("2021-09".parse()?));
/// assert_eq!(term.to_string(), "2018-10 – 2021-09");
/// assert_eq!(term.iter().nth(3).map(|m| m.to_string()).as_deref(), Some("2019-01"));
///
/// // The end may not come before the start:
/// assert!(MonthRange::new("2018-10".parse()?, "2018-09".parse()?).is_err());
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct MonthRange {
    start: Month,
    end: Month,
}

impl MonthRange {
    /// The months from `start` to `end`, both included.
    ///
    /// # Errors
    /// [`ErrorKind::EndBeforeStart`](crate::ErrorKind::EndBeforeStart) when `end`
    /// comes before `start`.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::MonthRange;
    /// let one = MonthRange::new("2020-02".parse()?, "2020-02".parse()?)?;
    /// assert_eq!(one.len(), 1);
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn new(start: Month, end: Month) -> Result<Self, crate::Error> {
        if end < start {
            return Err(crate::Error::new(crate::ErrorKind::EndBeforeStart { start, end }));
        }
        Ok(Self { start, end })
    }

    /// First month.
    pub fn start(self) -> Month {
        self.start
    }

    /// Last month (included).
    pub fn end(self) -> Month {
        self.end
    }

    /// Number of months, at least 1.
    #[allow(clippy::len_without_is_empty)] // a range is never empty
    pub fn len(self) -> u32 {
        // start <= end, so the difference is non-negative.
        self.start.months_until(self.end).unsigned_abs() + 1
    }

    /// Whether `month` lies in the range.
    pub fn contains(self, month: Month) -> bool {
        self.start <= month && month <= self.end
    }

    /// Whether the two ranges share a month.
    pub fn overlaps(self, other: MonthRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// The months in order.
    pub fn iter(self) -> impl Iterator<Item = Month> {
        (self.start.index..=self.end.index).map(|index| Month { index })
    }
}

impl fmt::Display for MonthRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} – {}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Month {
        text.parse().unwrap()
    }

    #[test]
    fn parses_and_prints_round_trip() {
        for text in ["0000-01", "2017-08", "2018-12", "9999-12"] {
            assert_eq!(m(text).to_string(), text);
        }
    }

    #[test]
    fn rejects_everything_but_yyyy_mm() {
        for bad in [
            "",
            "2018",
            "2018-1",
            "2018-001",
            "18-10",
            "2018/10",
            "2018-10-01",
            " 2018-10",
            "2018-10 ",
            "2018-00",
            "2018-13",
            "+018-10",
            "2018--1",
            "２０１８-10",
            "2018-1a",
        ] {
            assert!(bad.parse::<Month>().is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn range_lengths_include_the_end_month() {
        let term = MonthRange::new(m("2018-10"), m("2021-09")).unwrap();
        assert_eq!(term.len(), 36);
        let reference = MonthRange::new(m("2017-08"), m("2018-07")).unwrap();
        assert_eq!(reference.len(), 12);
        assert!(!reference.overlaps(term));
        assert_eq!(term.iter().count(), 36);
        assert_eq!(term.iter().last(), Some(m("2021-09")));
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        assert_eq!(m("2019-12").add_months(1).ok(), Some(m("2020-01")));
        assert_eq!(m("2020-01").add_months(-1).ok(), Some(m("2019-12")));
        assert!(m("0000-01").add_months(-1).is_err());
    }
}
