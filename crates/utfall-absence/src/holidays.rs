//! Swedish public holidays, for the default schedule of a period file
//! (`docs/method.md` §6.10): the days the Public Holidays Act (lagen
//! (1989:253) om allmänna helgdagar) names, for any year, Easter by the
//! Gregorian computus, and the three eves that most collective agreements
//! make days off (midsommarafton, julafton, nyårsafton; see DESIGN.md,
//! *Sick-leave periods*). [`Holidays`] answers "is this day off?" for day
//! numbers in constant time, over the years it has been asked about.

use chrono::{Datelike, NaiveDate, Weekday};

/// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm,
/// "Meeus/Jones/Butcher"); `None` outside chrono's range of years.
pub(crate) fn easter(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The Saturday among the seven days from `month`-`first`.
fn saturday_from(year: i32, month: u32, first: u32) -> Option<NaiveDate> {
    let start = NaiveDate::from_ymd_opt(year, month, first)?;
    let ahead = (Weekday::Sat.num_days_from_monday() + 7 - start.weekday().num_days_from_monday()) % 7;
    start.checked_add_days(chrono::Days::new(u64::from(ahead)))
}

/// The public holidays of a year by the act, in date order. From 2005 the
/// national day (6 June) is one and Whit Monday (annandag pingst) is not; for
/// earlier years the other way round, as the act read before its 2005
/// amendment.
pub(crate) fn public_holidays(year: i32) -> Vec<NaiveDate> {
    let date = |month, day| NaiveDate::from_ymd_opt(year, month, day);
    let easter = easter(year);
    let from_easter = |days: i64| easter.and_then(|e| e.checked_add_signed(chrono::Duration::days(days)));
    let mut days: Vec<NaiveDate> = [
        date(1, 1),                                              // nyårsdagen
        date(1, 6),                                              // trettondedag jul
        from_easter(-2),                                         // långfredagen
        easter,                                                  // påskdagen
        from_easter(1),                                          // annandag påsk
        date(5, 1),                                              // första maj
        from_easter(39),                                         // Kristi himmelsfärdsdag
        from_easter(49),                                         // pingstdagen
        if year >= 2005 { date(6, 6) } else { from_easter(50) }, // nationaldagen; before 2005 annandag pingst
        saturday_from(year, 6, 20),                              // midsommardagen
        saturday_from(year, 10, 31),                             // alla helgons dag
        date(12, 25),                                            // juldagen
        date(12, 26),                                            // annandag jul
    ]
    .into_iter()
    .flatten()
    .collect();
    days.sort_unstable();
    days
}

/// The days off of a year under the default schedule: the public holidays
/// and midsommarafton (the Friday before midsommardagen), julafton and
/// nyårsafton.
pub(crate) fn days_off(year: i32) -> Vec<NaiveDate> {
    let mut days = public_holidays(year);
    let eve = saturday_from(year, 6, 20).and_then(|d| d.pred_opt());
    days.extend(
        [
            eve,
            NaiveDate::from_ymd_opt(year, 12, 24),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ]
        .into_iter()
        .flatten(),
    );
    days.sort_unstable();
    days
}

/// Days off by day number (days since 0001-01-01 = 1), for the whole years
/// asked about so far; grows to take in a new year.
#[derive(Clone, Debug, Default)]
pub(crate) struct Holidays {
    /// The day number of `off[0]`: 1 January of the first year held.
    first: i32,
    /// The first and last year held.
    years: Option<(i32, i32)>,
    off: Vec<bool>,
}

impl Holidays {
    /// Whether the day is off.
    #[inline]
    pub(crate) fn is_off(&mut self, day: i32) -> bool {
        let at = usize::try_from(day.wrapping_sub(self.first)).ok();
        match at.and_then(|at| self.off.get(at)) {
            Some(off) => *off,
            None => self.grow(day),
        }
    }

    /// Takes in the years from the day's to those held, and answers for it.
    #[cold]
    fn grow(&mut self, day: i32) -> bool {
        let Some(year) = NaiveDate::from_num_days_from_ce_opt(day).map(|d| d.year()) else {
            return false;
        };
        let (from, to) = self.years.map_or((year, year), |(a, b)| (a.min(year), b.max(year)));
        let (Some(start), Some(end)) = (NaiveDate::from_ymd_opt(from, 1, 1), NaiveDate::from_ymd_opt(to, 12, 31))
        else {
            return false;
        };
        self.first = start.num_days_from_ce();
        self.years = Some((from, to));
        self.off = vec![false; usize::try_from(end.num_days_from_ce() - self.first + 1).unwrap_or(0)];
        for off in (from..=to).flat_map(days_off) {
            let at = usize::try_from(off.num_days_from_ce() - self.first).ok();
            if let Some(slot) = at.and_then(|at| self.off.get_mut(at)) {
                *slot = true;
            }
        }
        let at = usize::try_from(day - self.first).ok();
        at.and_then(|at| self.off.get(at)).copied().unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(days: &[NaiveDate]) -> Vec<String> {
        days.iter().map(|d| d.format("%m-%d").to_string()).collect()
    }

    #[test]
    fn easter_of_known_years() {
        for (year, date) in [
            (1961, "1961-04-02"),
            (2000, "2000-04-23"),
            (2008, "2008-03-23"),
            (2011, "2011-04-24"),
            (2019, "2019-04-21"),
            (2020, "2020-04-12"),
            (2024, "2024-03-31"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ] {
            assert_eq!(easter(year).unwrap().to_string(), date, "{year}");
        }
    }

    #[test]
    fn public_holidays_of_known_years() {
        // 2019: Easter 21 April, midsommardagen 22 June, alla helgons dag 2 November.
        assert_eq!(
            dates(&public_holidays(2019)),
            [
                "01-01", "01-06", "04-19", "04-21", "04-22", "05-01", "05-30", "06-06", "06-09", "06-22", "11-02",
                "12-25", "12-26"
            ]
        );
        // 2020: Easter 12 April, midsommardagen 20 June, alla helgons dag 31 October.
        assert_eq!(
            dates(&public_holidays(2020)),
            [
                "01-01", "01-06", "04-10", "04-12", "04-13", "05-01", "05-21", "05-31", "06-06", "06-20", "10-31",
                "12-25", "12-26"
            ]
        );
        // Before 2005 Whit Monday (2004: 31 May) instead of the national day.
        let y2004 = dates(&public_holidays(2004));
        assert!(y2004.contains(&"05-31".to_owned()) && !y2004.contains(&"06-06".to_owned()));
        // Midsommardagen on its last possible day, alla helgons dag on 6 November.
        assert!(dates(&public_holidays(2021)).contains(&"06-26".to_owned()));
        assert!(dates(&public_holidays(2021)).contains(&"11-06".to_owned()));
    }

    #[test]
    fn eves_are_days_off() {
        let off = dates(&days_off(2019));
        for eve in ["06-21", "12-24", "12-31"] {
            assert!(off.contains(&eve.to_owned()), "{eve}");
        }
        assert_eq!(off.len(), 16);
    }

    #[test]
    fn day_numbers() {
        let mut holidays = Holidays::default();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap().num_days_from_ce();
        assert!(holidays.is_off(day("2020-12-24")));
        assert!(!holidays.is_off(day("2020-12-23")));
        // Years before and after those held are taken in.
        assert!(holidays.is_off(day("2017-06-23")));
        assert!(holidays.is_off(day("2023-01-06")));
        assert!(holidays.is_off(day("2020-04-10")));
        assert!(!holidays.is_off(day("2018-12-27")));
        assert!(holidays.is_off(day("2018-12-31")));
    }
}
