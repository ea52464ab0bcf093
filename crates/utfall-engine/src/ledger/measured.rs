//! The months of the term as a ledger measures them: each once, in order,
//! with running sums of the saved days and of their value at each day value
//! in force, so that a settlement computes its outcome to date from sums
//! rather than measuring the window again.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::known::Known;
use crate::arith::{self, add, div, mul, sub};
use crate::contract::derived_value_share;
use crate::outcome::{index_for, measure_month};
use crate::{Contract, Error, Month, MonthlySeries, NationalIndex, Provider};
#[cfg(doc)]
use crate::{Outcome, settle};

/// The outcome of a window to date, as a ledger needs it.
pub(super) struct WindowOutcome {
    /// `V`.
    pub(super) value: Decimal,
    /// `n`.
    pub(super) months: Decimal,
}

/// Running sums of `V(m) = S(m) · d` and `V⁺(m) = max(V(m), 0)` at one day
/// value `d`: `value[k]` is the sum over the first `k` months of the term.
#[derive(Default)]
struct Sums {
    value: Vec<Decimal>,
    positive: Vec<Decimal>,
}

/// The months of the term measured once each, in order, as far as the
/// settlements have needed them, with running sums of their saved days and
/// of their value at each day value in force somewhere.
pub(super) struct Measured<'a> {
    contract: &'a Contract,
    series: &'a MonthlySeries,
    index: Option<&'a NationalIndex>,
    /// `S(m)` of each month measured, from the start of the term.
    saved: Vec<Decimal>,
    /// `Σ S(m)` over the first `k` months at `k`, summed as [`Outcome`] sums.
    saved_sums: Vec<Decimal>,
    /// Running sums of the value at each day value used.
    by_day_value: BTreeMap<Decimal, Sums>,
}

impl<'a> Measured<'a> {
    pub(super) fn new(
        contract: &'a Contract,
        series: &'a MonthlySeries,
        index: Option<&'a NationalIndex>,
    ) -> Result<Self, Error> {
        Ok(Self {
            contract,
            series,
            index: index_for(contract, index)?,
            saved: Vec::new(),
            saved_sums: vec![Decimal::ZERO],
            by_day_value: BTreeMap::new(),
        })
    }

    /// The position of `month` from the start of the term.
    fn position(&self, month: Month) -> usize {
        usize::try_from(self.contract.term().start().months_until(month)).unwrap_or(0)
    }

    /// Measures the months up to `end` not measured yet.
    fn measure_to(&mut self, end: Month) -> Result<(), Error> {
        let start = self.contract.term().start();
        while self.saved.len() <= self.position(end) {
            crate::work::count(1);
            let offset = i32::try_from(self.saved.len()).unwrap_or(i32::MAX);
            let month = start.add_months(offset)?;
            let row = measure_month(month, self.contract.reference_month(month), self.series, self.index)?;
            let total = self.saved_sums.last().copied().unwrap_or_default();
            self.saved_sums.push(arith::add(total, row.saved_days, "S = Σ S(m)")?);
            self.saved.push(row.saved_days);
        }
        Ok(())
    }

    /// `(Σ V(m), Σ V⁺(m))` over the months at positions `first..=last`, at the
    /// day value `d`.
    fn value_at(&mut self, d: Decimal, first: usize, last: usize) -> Result<(Decimal, Decimal), Error> {
        let sums = self.by_day_value.entry(d).or_insert_with(|| Sums {
            value: vec![Decimal::ZERO],
            positive: vec![Decimal::ZERO],
        });
        while sums.value.len() <= last + 1 {
            crate::work::count(1);
            let Some(&saved) = self.saved.get(sums.value.len() - 1) else {
                break;
            };
            let v = mul(saved, d, "V(m) = S(m) · d(m)")?;
            let (total, positive) = (
                sums.value.last().copied().unwrap_or_default(),
                sums.positive.last().copied().unwrap_or_default(),
            );
            sums.value.push(add(total, v, "V = Σ V(m)")?);
            sums.positive.push(add(positive, v.max(Decimal::ZERO), "Σ V⁺(m)")?);
        }
        let between = |s: &[Decimal], what: &str| match (s.get(last + 1), s.get(first)) {
            (Some(to), Some(before)) => sub(*to, *before, what),
            _ => Err(Error::new(crate::ErrorKind::Overflow {
                figure: what.to_owned(),
            })),
        };
        Ok((between(&sums.value, "V = Σ V(m)")?, between(&sums.positive, "Σ V⁺(m)")?))
    }

    /// The day value in force in each run of months of the window up to `end`
    /// with one day value: `(first position, last position, d)`.
    fn day_value_runs(&self, known: &Known<'_>, end: Month) -> Vec<(usize, usize, Decimal)> {
        let last = self.position(end);
        let mut runs = vec![(0, last, self.contract.day_value())];
        for (&from, &d) in known.day_values.range(..=end) {
            let at = self.position(from);
            if let Some(run) = runs.last_mut() {
                if run.0 == at {
                    *run = (at, last, d);
                    continue;
                }
                run.1 = at.saturating_sub(1);
            }
            runs.push((at, last, d));
        }
        runs
    }

    /// The outcome of the window from the start of the term to `end`, as
    /// [`Outcome::from_monthly`] finds it for the contract as known: `V = S · d`,
    /// or `V = Σ S(m) · d(m)` when an amended day value applies in the window.
    pub(super) fn window(&mut self, known: &Known<'_>, end: Month) -> Result<WindowOutcome, Error> {
        self.measure_to(end)?;
        let last = self.position(end);
        let d = self.contract.day_value();
        let runs = self.day_value_runs(known, end);
        let value = if runs.iter().all(|(_, _, run_d)| *run_d == d) {
            let saved = self.saved_sums.get(last + 1).copied().unwrap_or_default();
            mul(saved, d, "V = S · d")?
        } else {
            let mut value = Decimal::ZERO;
            for (first, last, run_d) in runs {
                value = add(value, self.value_at(run_d, first, last)?.0, "V = Σ V(m)")?;
            }
            value
        };
        Ok(WindowOutcome {
            value,
            months: Decimal::from(u32::try_from(last + 1).unwrap_or(u32::MAX)),
        })
    }

    /// The share provider `index` is paid on over the window to `end`: as
    /// [`settle`] finds it, `None` for `r · C / I`, the stated share, or, when
    /// an amendment changes it within the window, `Σ s(m) · V⁺(m) / Σ V⁺(m)`
    /// by runs of months with one share.
    pub(super) fn share(
        &mut self,
        known: &Known<'_>,
        index: usize,
        provider: &Provider,
        end: Month,
    ) -> Result<Option<Decimal>, Error> {
        let amended = known.shares.get(index).filter(|s| s.range(..=end).next().is_some());
        let Some(amended) = amended else {
            return Ok(provider.stated_value_share());
        };
        let base = match provider.stated_value_share() {
            Some(s) => s,
            None => derived_value_share(provider, self.contract.investment())?,
        };
        let share_at = |m: Month| amended.range(..=m).next_back().map_or(base, |(_, s)| *s);
        // The months where the day value or the share changes split the window
        // into parts with one of each; parts with one share are summed into runs.
        let last = self.position(end);
        let mut starts: BTreeSet<Month> = known.day_values.range(..=end).map(|(m, _)| *m).collect();
        starts.extend(amended.range(..=end).map(|(m, _)| *m));
        starts.insert(self.contract.term().start());
        let starts: Vec<Month> = starts.into_iter().collect();
        let mut runs: Vec<(Decimal, Decimal)> = Vec::new();
        for (k, &from) in starts.iter().enumerate() {
            crate::work::count(1);
            let first = self.position(from);
            let to = starts
                .get(k + 1)
                .map_or(last, |next| self.position(*next).saturating_sub(1));
            let d = known
                .day_values
                .range(..=from)
                .next_back()
                .map_or(self.contract.day_value(), |(_, d)| *d);
            let positive = self.value_at(d, first, to)?.1;
            let share = share_at(from);
            match runs.last_mut() {
                Some(run) if run.0 == share => run.1 = add(run.1, positive, "Σ V⁺(m)")?,
                _ => runs.push((share, positive)),
            }
        }
        let weighted = runs
            .iter()
            .try_fold(Decimal::ZERO, |acc, r| add(acc, mul(r.0, r.1, "s · V⁺")?, "Σ s · V⁺"))?;
        let total = runs.iter().try_fold(Decimal::ZERO, |acc, r| add(acc, r.1, "Σ V⁺"))?;
        Ok(Some(if total > Decimal::ZERO {
            div(weighted, total, "Σ s · V⁺ / Σ V⁺")?
        } else {
            share_at(end)
        }))
    }
}
