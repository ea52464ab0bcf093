//! The months of a measurement: which months records may fall in (those with
//! headcount, and with history any month before the first), each known by its
//! offset from the first headcount month, the index of every per-month table.

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
        let offset = self.first.months_until(month);
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
}
