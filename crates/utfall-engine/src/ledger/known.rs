//! The terms as a ledger knows them at each settlement month: the
//! amendments agreed by then, applied one by one as the months pass.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use crate::{Amendment, Contract, Month};

/// The terms as known at a settlement month: the amendments agreed by then,
/// applied one by one as the months pass (they come sorted by the month
/// agreed), as [`Contract::as_of`] applies them.
pub(super) struct Known<'c> {
    amendments: &'c [Amendment],
    /// How many of `amendments` are known.
    applied: usize,
    pub(super) term_end: Month,
    measurement_end: Option<Month>,
    /// The day values amended, by the first month they apply to: the one
    /// agreed last for that month (amendments are applied in the order agreed).
    pub(super) day_values: BTreeMap<Month, Decimal>,
    /// Each provider's amended shares, likewise.
    pub(super) shares: Vec<BTreeMap<Month, Decimal>>,
    /// Providers by name.
    by_name: HashMap<&'c str, usize>,
}

impl<'c> Known<'c> {
    pub(super) fn new(contract: &'c Contract) -> Self {
        Self {
            amendments: contract.amendments(),
            applied: 0,
            term_end: contract.agreed_term().end(),
            measurement_end: contract.agreed_measurement_end(),
            day_values: BTreeMap::new(),
            shares: vec![BTreeMap::new(); contract.providers().len()],
            by_name: contract
                .providers()
                .iter()
                .enumerate()
                .map(|(i, p)| (p.name(), i))
                .collect(),
        }
    }

    /// Applies the amendments agreed by `month`.
    pub(super) fn advance_to(&mut self, month: Month) {
        while let Some(a) = self.amendments.get(self.applied).filter(|a| a.agreed <= month) {
            crate::work::count(1);
            if let Some(end) = a.term_end {
                self.term_end = end;
            }
            if let Some(end) = a.measurement_end {
                self.measurement_end = Some(end);
            }
            if let (Some(from), Some(d)) = (a.from, a.day_value) {
                self.day_values.insert(from, d);
            }
            if let (Some(from), Some((name, s))) = (a.from, &a.value_share)
                && let Some(shares) = self.by_name.get(name.as_str()).and_then(|&i| self.shares.get_mut(i))
            {
                shares.insert(from, *s);
            }
            self.applied += 1;
        }
    }

    /// The last measured month under the terms known.
    pub(super) fn measurement_end(&self) -> Month {
        self.measurement_end.unwrap_or(self.term_end).min(self.term_end)
    }
}
