//! The months of a measurement: which months records may fall in (those with
//! headcount, and with history any month before the first), each known by its
//! offset from the first headcount month, the index of every per-month table.
//! Every offset is worked out here, from a month or from a day.

use std::ops::RangeInclusive;

use chrono::{Datelike, Months, NaiveDate};
use utfall_engine::Month;

use crate::fields::text;
use crate::{Error, ErrorKind, Headcount};

/// Which months records may fall in: those with headcount, and with history
/// any month before the first.
#[derive(Clone, Debug)]
pub(crate) struct MonthCheck {
    pub first: Month,
    pub has_headcount: Vec<bool>,
    pub history: bool,
}

impl MonthCheck {
    pub(crate) fn new(headcount: &Headcount, history: bool) -> Result<Self, Error> {
        let months = headcount.months();
        let (Some(first), Some(last)) = (months.first(), months.last()) else {
            return Err(Error::new(ErrorKind::NoHeadcountRows));
        };
        let span = usize::try_from(first.months_until(*last)).unwrap_or(0) + 1;
        let mut has_headcount = vec![false; span];
        for m in &months {
            if let Some(slot) = usize::try_from(first.months_until(*m))
                .ok()
                .and_then(|i| has_headcount.get_mut(i))
            {
                *slot = true;
            }
        }
        Ok(Self {
            first: *first,
            has_headcount,
            history,
        })
    }

    /// The month's offset from the first headcount month, if records may
    /// fall in it.
    pub(crate) fn check(&self, date: &[u8], month: Month) -> Result<i32, Error> {
        let offset = self.offset(month);
        let ok = match usize::try_from(offset) {
            Ok(m) => self.has_headcount.get(m) == Some(&true),
            Err(_) => self.history,
        };
        if ok {
            return Ok(offset);
        }
        Err(Error::new(ErrorKind::NoHeadcount {
            date: text(date),
            month,
            hint: if offset < 0 {
                "; to use records before the first headcount month for spells and repeated absence only, \
                 measure with history (utfall measure --history, or Options::history)"
            } else {
                ""
            },
        })
        .at_field("date"))
    }

    /// Months from the first headcount month to the last: the length of the
    /// per-month tables.
    pub(crate) fn span(&self) -> usize {
        self.has_headcount.len()
    }

    /// The months with headcount, by offset: the months reported.
    pub(crate) fn reported(&self) -> impl Iterator<Item = usize> + '_ {
        self.has_headcount
            .iter()
            .enumerate()
            .filter(|(_, has)| **has)
            .map(|(m, _)| m)
    }

    /// The offset of a month from the first headcount month; negative before it.
    pub(crate) fn offset(&self, month: Month) -> i32 {
        self.first.months_until(month)
    }

    /// The offset of a month as an index of the per-month tables; `None` before
    /// the first month (history, which has no place in them).
    pub(crate) fn index(&self, month: Month) -> Option<usize> {
        usize::try_from(self.offset(month)).ok()
    }

    /// The offset of the month a day number falls in.
    pub(crate) fn offset_of_day(&self, day: i32) -> Option<i32> {
        month_of_day(day).map(|(month, _)| self.offset(month))
    }

    /// The month at an offset from the first.
    pub(crate) fn month_at(&self, offset: i32) -> Month {
        self.first.add_months(offset).unwrap_or(self.first)
    }
}

/// The month a day number falls in, and the day numbers of the month's days
/// (only the day itself should the month after be out of range).
pub(crate) fn month_of_day(day: i32) -> Option<(Month, RangeInclusive<i32>)> {
    let date = NaiveDate::from_num_days_from_ce_opt(day)?;
    let month = Month::new(date.year(), date.month()).ok()?;
    let first = date.with_day(1)?;
    let last = first
        .checked_add_months(Months::new(1))
        .map_or(day, |next| next.num_days_from_ce() - 1);
    Some((month, first.num_days_from_ce()..=last))
}

/// The day number of a month's first day.
pub(crate) fn first_day(month: Month) -> Option<i32> {
    NaiveDate::from_ymd_opt(month.year(), month.month(), 1).map(|d| d.num_days_from_ce())
}
