//! Dates as payroll exports write them (`docs/formats.md`, *CSV inputs in
//! general*): `YYYY-MM-DD`, `YYYYMMDD`, and a date with a midnight time
//! (`2019-03-04 00:00:00`, `2019-03-04T00:00`), which databases and
//! spreadsheets write for a date column. A time other than midnight is an
//! error: a sick date is a whole day, and a time of day would have to be
//! dropped or rounded, which is a guess.

use chrono::{Datelike, NaiveDate};
use utfall_engine::Month;

use crate::{Error, ErrorKind, Excerpt};

/// A date of a payroll file: `YYYY-MM-DD`, `YYYYMMDD`, or either of the first
/// with a midnight time after a space or `T` (`00:00`, `00:00:00`, and
/// `00:00:00.000`).
///
/// # Errors
/// [`ErrorKind::BadDate`] quoting the text: another shape, a day that does not
/// exist, a time of day other than midnight.
///
/// # Example
/// ```
/// use utfall_absence::parse_date;
/// let day = parse_date(b"2019-03-04")?;
/// assert_eq!(parse_date(b"20190304")?, day);
/// assert_eq!(parse_date(b"2019-03-04 00:00:00")?, day);
/// assert_eq!(parse_date(b"2019-03-04T00:00")?, day);
/// assert_eq!(
///     parse_date(b"2019-03-04 08:30:00").unwrap_err().to_string(),
///     "\"2019-03-04 08:30:00\" is not a date: it has a time of day; a sick date is a whole day, so write the date alone"
/// );
/// # Ok::<(), utfall_absence::Error>(())
/// ```
pub fn parse_date(bytes: &[u8]) -> Result<NaiveDate, Error> {
    let bad = |reason| {
        Error::new(ErrorKind::BadDate {
            value: Excerpt::of(bytes),
            reason,
        })
    };
    let digits = |from: usize, to: usize| {
        let part = bytes.get(from..to).unwrap_or_default();
        (part.len() == to - from && part.iter().all(u8::is_ascii_digit))
            .then(|| part.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0')))
    };
    let (year, month, day) = match bytes.len() {
        8 => (digits(0, 4), digits(4, 6), digits(6, 8)),
        n if n >= 10 && bytes.get(4) == Some(&b'-') && bytes.get(7) == Some(&b'-') => {
            if n > 10 {
                time(bytes.get(10..).unwrap_or_default()).map_err(bad)?;
            }
            (digits(0, 4), digits(5, 7), digits(8, 10))
        }
        _ => (None, None, None),
    };
    let (Some(year), Some(month), Some(day)) = (year, month, day) else {
        return Err(bad("a date is written YYYY-MM-DD"));
    };
    // Four digits fit an i32.
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(|| bad("there is no such day"))
}

/// Checks what follows the date: a midnight time after a space or `T`.
fn time(rest: &[u8]) -> Result<(), &'static str> {
    const SHAPE: &str = "a date is written YYYY-MM-DD";
    let Some((b' ' | b'T', clock)) = rest.split_first() else {
        return Err(SHAPE);
    };
    // HH:MM, HH:MM:SS, HH:MM:SS.fff: digits where digits go.
    let (clock, fraction) = match clock.iter().position(|&b| b == b'.') {
        Some(dot) => (clock.get(..dot).unwrap_or_default(), clock.get(dot + 1..)),
        None => (clock, None),
    };
    let shape = (clock.len() == 5 || clock.len() == 8)
        && clock
            .iter()
            .enumerate()
            .all(|(i, b)| if i % 3 == 2 { *b == b':' } else { b.is_ascii_digit() })
        && fraction.is_none_or(|f| clock.len() == 8 && !f.is_empty() && f.iter().all(u8::is_ascii_digit));
    if !shape {
        return Err(SHAPE);
    }
    let midnight =
        clock.iter().all(|&b| b == b'0' || b == b':') && fraction.is_none_or(|f| f.iter().all(|&b| b == b'0'));
    if midnight {
        Ok(())
    } else {
        Err("it has a time of day; a sick date is a whole day, so write the date alone")
    }
}

/// A date as a day number (days since 0001-01-01 = 1) and its month.
pub(crate) fn day_and_month(bytes: &[u8]) -> Result<(i32, Month), Error> {
    let date = parse_date(bytes)?;
    let month = Month::new(date.year(), date.month()).map_err(|e| Error::new(ErrorKind::BadMonth(e.to_string())))?;
    Ok((date.num_days_from_ce(), month))
}

/// The date of a day number, `YYYY-MM-DD`.
pub(crate) fn format_day(day: i32) -> String {
    NaiveDate::from_num_days_from_ce_opt(day).map_or_else(|| format!("day {day}"), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let (day, month) = day_and_month(b"2020-02-29").unwrap();
        assert_eq!(month.to_string(), "2020-02");
        assert_eq!(day_and_month(b"2020-03-01").unwrap().0, day + 1);
        assert_eq!(format_day(day), "2020-02-29");
        let same: [&[u8]; 5] = [
            b"20200229",
            b"2020-02-29 00:00",
            b"2020-02-29 00:00:00",
            b"2020-02-29T00:00:00",
            b"2020-02-29 00:00:00.000",
        ];
        for same in same {
            assert_eq!(day_and_month(same).unwrap().0, day, "{}", String::from_utf8_lossy(same));
        }
        for bad in [
            &b"2019-02-29"[..],
            b"20190229",
            b"2020-13-01",
            b"2020-1-01",
            b"2020011",
            b"2020-01-01 ",
            b"2020-01-01 0:00",
            b"2020-01-01 00:00:",
            b"2020-01-01 00:00.0",
            b"2020-01-01 00:00:00.",
            b"2020-01-01 00:00:01",
            b"2020-01-01T12:00",
            b"2020-01-01 00:00:00.5",
            b"2020-01-01x00:00",
            b"2020/01/01",
            b"+2020101",
            b"",
        ] {
            assert!(parse_date(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(
            parse_date(b"2019-02-29").unwrap_err().to_string(),
            "\"2019-02-29\" is not a date: there is no such day"
        );
        assert_eq!(
            parse_date(b"2020-01-01T12:00").unwrap_err().to_string(),
            "\"2020-01-01T12:00\" is not a date: it has a time of day; a sick date is a whole day, so write the date alone"
        );
    }
}
