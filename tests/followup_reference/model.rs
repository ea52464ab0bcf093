//! The inputs read plainly (comma-separated, no quoting: the fixtures have
//! none), dates as day numbers, months as `year * 12 + month - 1`, hours as
//! whole centi-hours, and exact fractions written to 16 places half to even.

use std::collections::{BTreeMap, BTreeSet};

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
pub fn day_number(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` as a day number.
pub fn date(text: &str) -> i64 {
    let parts: Vec<i64> = text.split('-').map(|p| p.parse().unwrap()).collect();
    day_number(parts[0], parts[1], parts[2])
}

/// `YYYY-MM` as a month number.
pub fn month(text: &str) -> i64 {
    let (y, m) = text.split_once('-').unwrap();
    y.parse::<i64>().unwrap() * 12 + m.parse::<i64>().unwrap() - 1
}

/// A month number as `YYYY-MM`.
pub fn month_name(m: i64) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

/// The first and last day numbers of a month.
pub fn month_days(m: i64) -> (i64, i64) {
    let (y, mo) = (m.div_euclid(12), m.rem_euclid(12) + 1);
    let first = day_number(y, mo, 1);
    let next = if mo == 12 {
        day_number(y + 1, 1, 1)
    } else {
        day_number(y, mo + 1, 1)
    };
    (first, next - 1)
}

/// The month number of a day number.
pub fn month_of(day: i64) -> i64 {
    // Step from an estimate.
    let mut m = 1970 * 12 + (day * 12).div_euclid(365);
    while month_days(m).0 > day {
        m -= 1;
    }
    while month_days(m).1 < day {
        m += 1;
    }
    m
}

/// `6.25` as 625 centi-hours (the fixtures have at most two decimals).
pub fn centi(text: &str) -> u128 {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let frac = format!("{frac:0<2}");
    assert!(frac.len() == 2, "{text}");
    whole.parse::<u128>().unwrap() * 100 + frac.parse::<u128>().unwrap()
}

/// `num / den` rounded half to even to 16 places, in units of 1e-16.
pub fn round16(num: u128, den: u128) -> u128 {
    div_even(num * 10u128.pow(16), den)
}

/// `num / den` rounded half to even to a whole number.
pub fn div_even(num: u128, den: u128) -> u128 {
    let (q, r) = (num / den, num % den);
    if 2 * r > den || (2 * r == den && q % 2 == 1) {
        q + 1
    } else {
        q
    }
}

/// A value in units of 1e-16 as the tables write figures: a decimal point
/// always, trailing zeros dropped but one (`0.0`, `1.5`).
pub fn units16(v: u128) -> String {
    let unit = 10u128.pow(16);
    let frac = format!("{:016}", v % unit);
    let frac = frac.trim_end_matches('0');
    format!("{}.{}", v / unit, if frac.is_empty() { "0" } else { frac })
}

/// `num / den` to 16 places, written as a figure.
pub fn fraction(num: u128, den: u128) -> String {
    units16(round16(num, den))
}

/// Rows of a CSV as maps from column name to cell.
pub fn rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(str::to_string).collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| header.iter().cloned().zip(l.split(',').map(str::to_string)).collect())
        .collect()
}

/// One employment of the register.
#[derive(Clone, Debug)]
pub struct Employment {
    pub start: i64,
    pub end: Option<i64>,
    pub department: String,
    pub workplace: String,
    pub sex: String,
    pub birth_year: i64,
}

impl Employment {
    /// Employed on at least one day of the month.
    pub fn in_month(&self, m: i64) -> bool {
        let (first, last) = month_days(m);
        self.start <= last && self.end.is_none_or(|end| end >= first)
    }

    pub fn on(&self, day: i64) -> bool {
        self.start <= day && self.end.is_none_or(|end| end >= day)
    }

    /// The age group in month `m`: the month's year less the birth year.
    pub fn age_group(&self, m: i64) -> &'static str {
        match m.div_euclid(12) - self.birth_year {
            ..=29 => "29 and under",
            30..=49 => "30–49",
            _ => "50 and over",
        }
    }
}

/// A sick date of an employee: its day, its centi-hours, its day number in
/// the spell, and whether it starts a spell.
#[derive(Clone, Debug)]
pub struct SickDate {
    pub day: i64,
    pub centi: u128,
    pub spell_day: u32,
}

impl SickDate {
    /// 0: days 1–14, 1: 15–90, 2: 91 on.
    pub fn band(&self) -> usize {
        match self.spell_day {
            1..=14 => 0,
            15..=90 => 1,
            _ => 2,
        }
    }
}

pub const BANDS: [&str; 3] = ["d01_14", "d15_90", "d91_plus"];

/// Everything read: employees' employments and sick dates, the months
/// reported and the first date of the data.
pub struct Data {
    pub employments: BTreeMap<String, Vec<Employment>>,
    pub sick: BTreeMap<String, Vec<SickDate>>,
    pub months: BTreeSet<i64>,
    pub first_date: i64,
}

impl Data {
    /// Reads `absence.csv` and `register.csv`; the months are `months`.
    pub fn read(absence: &str, register: &str, months: BTreeSet<i64>) -> Data {
        let mut employments: BTreeMap<String, Vec<Employment>> = BTreeMap::new();
        for r in rows(register) {
            let end = &r["end"];
            employments
                .entry(r["employee_id"].clone())
                .or_default()
                .push(Employment {
                    start: date(&r["start"]),
                    end: if end.is_empty() { None } else { Some(date(end)) },
                    department: r["department"].clone(),
                    workplace: r["workplace"].clone(),
                    sex: r["sex"].clone(),
                    birth_year: r["birth_year"].parse().unwrap(),
                });
        }
        let mut days: BTreeMap<String, Vec<(i64, u128)>> = BTreeMap::new();
        for r in rows(absence) {
            days.entry(r["employee_id"].clone())
                .or_default()
                .push((date(&r["date"]), centi(&r["hours"])));
        }
        let first_date = days.values().flatten().map(|d| d.0).min().unwrap();
        let mut sick = BTreeMap::new();
        for (id, mut list) in days {
            list.sort();
            let mut out: Vec<SickDate> = Vec::new();
            for (day, centi) in list {
                let spell_day = match out.last() {
                    Some(prev) if prev.day + 1 == day => prev.spell_day + 1,
                    _ => 1,
                };
                out.push(SickDate { day, centi, spell_day });
            }
            sick.insert(id, out);
        }
        Data {
            employments,
            sick,
            months,
            first_date,
        }
    }

    /// The employment an employee's sick date falls in.
    pub fn employment(&self, id: &str, day: i64) -> &Employment {
        self.employments[id].iter().find(|e| e.on(day)).unwrap()
    }

    /// The employments of an employee that hold a day of month `m`.
    pub fn in_month<'a>(&'a self, id: &str, m: i64) -> impl Iterator<Item = &'a Employment> + 'a {
        self.employments
            .get(id)
            .into_iter()
            .flatten()
            .filter(move |e| e.in_month(m))
    }

    /// Months in which each spell of an employee starts.
    pub fn spell_starts(&self, id: &str) -> Vec<i64> {
        self.sick
            .get(id)
            .into_iter()
            .flatten()
            .filter(|d| d.spell_day == 1)
            .map(|d| month_of(d.day))
            .collect()
    }
}
