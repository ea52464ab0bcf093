//! Settling a contract more than once: at each settlement month of its
//! schedule, the outcome payment to date less what was paid before, and a
//! ledger of every payment per party.
//!
//! At a settlement month `t` the contract is taken as it stood then
//! ([`Contract::as_of`]: amendments agreed by `t`, the outcome measured up to
//! `t`) and its outcome payment to date `P(t)` is what [`settle`] gives for it;
//! it is compared with what was paid before:
//!
//! * outcome payment due = `P(t) − paid before`. Because `P(t)` is the whole
//!   settlement to date, the cap holds on the cumulative total. A positive
//!   amount is paid *on account*; a negative one is carried forward (paid
//!   back out of later payments) or clawed back at once, as the schedule says;
//!   the final settlement at the end of the term closes the ledger either way;
//! * activity fee due = `(1 − r) · C · m / N` for the `m` months of the term
//!   elapsed (with `N` the months of the term as first agreed: an extension
//!   continues the agreed monthly fee), rounded down to öre, less what was
//!   paid before, so that the fees add up to exactly the whole-term fee.
//!
//! A ledger does not settle the contract in full at each settlement month
//! (a statement, every line of its trace, for every month of the window so
//! far: quadratic in the term's months). It measures each month once, keeps
//! running sums of the saved days and of their value at each day value in
//! force, and at each settlement computes only `P(t)` from them, by runs of
//! months with one day value and one share. Sums of decimals are exact, so
//! the figures are those of [`settle`] on [`Contract::as_of`] (a property
//! test in `tests/schedule.rs` checks it on random contracts).

use rust_decimal::Decimal;
use serde::Serialize;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::arith::{self, add, div, floor_to_ore, mul, sub};
use crate::contract::derived_value_share;
use crate::outcome::{index_for, measure_month};
use crate::settlement::{fee_to_date, outcome_payment};
use crate::{Amendment, Contract, Error, Month, MonthlySeries, NationalIndex, Negative, Provider};
#[cfg(doc)]
use crate::{Outcome, settle};

/// What a payment is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The activity fee for the months since the last settlement.
    ActivityFee,
    /// An outcome payment on account.
    OnAccount,
    /// Paid back at once because the outcome to date fell (claw-back).
    TrueUp,
    /// The final settlement of the outcome payment, closing the ledger.
    Final,
}

impl Kind {
    /// In words.
    pub fn label(self) -> &'static str {
        match self {
            Kind::ActivityFee => "activity fee",
            Kind::OnAccount => "outcome payment on account",
            Kind::TrueUp => "true-up (claw-back)",
            Kind::Final => "final outcome payment",
        }
    }
}

/// One payment from the funder to a provider (negative: paid back).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Payment {
    /// The settlement month.
    pub month: Month,
    /// Who pays: the funder.
    pub payer: String,
    /// Who is paid: a provider.
    pub payee: String,
    /// What for.
    pub kind: Kind,
    /// How much, in whole öre; negative when the provider pays back.
    pub amount: Decimal,
    /// The statement line it comes from: `as of 2019-03: provider[Aino Health].outcome_payment`.
    pub line: String,
}

/// One provider at one settlement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProviderSettlementToDate {
    /// The provider.
    pub name: String,
    /// The outcome payment to date, `P(t)`.
    pub to_date: Decimal,
    /// Outcome payments made before.
    pub paid_before: Decimal,
    /// `P(t) − paid before`.
    pub due: Decimal,
    /// A negative `due` carried forward rather than paid back.
    pub carried: Decimal,
}

/// One settlement of the schedule: what each provider is owed to date.
///
/// The full statement behind it, every figure with its formula, is what
/// [`settle`] gives for the contract as it stood then,
/// `settle(&contract.as_of(month)?, &Outcome::from_monthly(&contract.as_of(month)?, …)?)`;
/// a ledger does not keep it (a statement for each settlement month made a
/// long monthly schedule quadratic in time and memory).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Settlement {
    /// The settlement month.
    pub month: Month,
    /// Whether it is the final settlement.
    pub is_final: bool,
    /// Each provider.
    pub providers: Vec<ProviderSettlementToDate>,
}

/// One party's view of the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartyLedger {
    /// The party.
    pub party: String,
    /// Its payments, with the amount signed from its side: received positive,
    /// paid negative.
    pub lines: Vec<(Payment, Decimal)>,
    /// The sum of the signed amounts.
    pub balance: Decimal,
}

/// Every settlement of a contract's schedule and every payment.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, Kind, Ledger, MonthlySeries, NationalIndex};
/// let read = |f: &str| std::fs::read_to_string(format!("{}/../../examples/illustrative/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
/// let contract = Contract::from_toml_str(&read("contract-quarterly.toml"))?;
/// let series = MonthlySeries::from_csv_str(&read("monthly.csv"))?;
/// let index = NationalIndex::from_csv_str(&read("index.csv"))?;
/// let ledger = Ledger::run(&contract, &series, Some(&index), None)?;
/// assert_eq!(ledger.settlements.len(), 12);
/// // The payments add up to the whole-term statement.
/// let whole = utfall_engine::settle(&contract, &utfall_engine::Outcome::from_monthly(&contract, &series, Some(&index))?)?;
/// let aino = ledger.party("Aino Health")?;
/// assert_eq!(aino.balance, whole.providers()[0].total_term);
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ledger {
    /// The contract's name.
    pub contract: String,
    /// Its currency.
    pub currency: String,
    /// The funder.
    pub funder: String,
    /// The providers, in the contract's order.
    pub providers: Vec<String>,
    /// The settlements, in order.
    pub settlements: Vec<Settlement>,
    /// The payments, in order.
    pub payments: Vec<Payment>,
}

impl Ledger {
    /// Settles `contract` at each of its settlement months up to `until` (all
    /// of them when `None`), on the monthly series (and index).
    ///
    /// # Errors
    /// As [`Outcome::from_monthly`] for the months each settlement measures:
    /// a month of data missing by then is [`ErrorKind::MissingMonth`](crate::ErrorKind::MissingMonth),
    /// and likewise a missing index month, a zero headcount, an index given
    /// to a contract without trend adjustment or missing for one with it;
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) for a figure beyond
    /// exact decimals.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, Ledger, MonthlySeries, NationalIndex};
    /// let read = |f: &str| std::fs::read_to_string(format!("{}/../../examples/illustrative/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    /// let contract = Contract::from_toml_str(&read("contract-quarterly.toml"))?;
    /// let series = MonthlySeries::from_csv_str(&read("monthly.csv"))?;
    /// let index = NationalIndex::from_csv_str(&read("index.csv"))?;
    /// let to_2019 = Ledger::run(&contract, &series, Some(&index), Some("2019-12".parse()?))?;
    /// assert_eq!(to_2019.settlements.last().map(|s| s.month.to_string()).as_deref(), Some("2019-12"));
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn run(
        contract: &Contract,
        series: &MonthlySeries,
        index: Option<&NationalIndex>,
        until: Option<Month>,
    ) -> Result<Ledger, Error> {
        let negative = contract.schedule().map(|s| s.negative).unwrap_or_default();
        let names: Vec<String> = contract.providers().iter().map(|p| p.name().to_owned()).collect();
        let mut paid_outcome = vec![Decimal::ZERO; names.len()];
        let mut paid_fees = vec![Decimal::ZERO; names.len()];
        let mut settlements = Vec::new();
        let mut payments = Vec::new();
        let last = contract.term().end();
        let agreed_months = Decimal::from(contract.agreed_term().len());
        let mut measured = Measured::new(contract, series, index)?;
        let mut known = Known::new(contract);
        for month in contract
            .settlement_months()
            .into_iter()
            .filter(|m| until.is_none_or(|u| *m <= u))
        {
            known.advance_to(month);
            let window_end = month.min(known.measurement_end());
            let outcome = measured.window(&known, window_end)?;
            let is_final = month == last;
            let elapsed = Decimal::from(contract.term().start().months_until(month) + 1);
            let months = Decimal::from(contract.term().start().months_until(known.term_end) + 1);
            let extended = months != agreed_months;
            let mut to_date = Vec::new();
            for (i, provider) in contract.providers().iter().enumerate() {
                crate::work::count(1);
                let name = provider.name();
                let pay = |kind: Kind, amount: Decimal, line: String| Payment {
                    month,
                    payer: contract.funder().to_owned(),
                    payee: name.to_owned(),
                    kind,
                    amount,
                    line: format!("as of {month}: {line}"),
                };
                // Activity fee for the months elapsed, at the agreed monthly rate.
                let fees_to_date = floor_to_ore(fee_to_date(provider, elapsed, agreed_months)?);
                let (Some(fees_paid), Some(outcome_paid)) = (paid_fees.get_mut(i), paid_outcome.get_mut(i)) else {
                    continue;
                };
                let fee_due = sub(fees_to_date, *fees_paid, "fee due")?;
                if !fee_due.is_zero() {
                    payments.push(pay(
                        Kind::ActivityFee,
                        fee_due,
                        if extended {
                            format!(
                                "contract.provider[{name}]: (1 − r) · C · {elapsed} / {agreed_months} (the agreed \
                                 monthly fee; the term is extended to {months} months), rounded down, less paid"
                            )
                        } else {
                            format!(
                                "term.provider[{name}].activity_fee_exact · {elapsed} / {months}, rounded down, less \
                                 paid"
                            )
                        },
                    ));
                    *fees_paid = fees_to_date;
                }
                // Outcome payment to date.
                let share = measured.share(&known, i, provider, window_end)?;
                let paid_to_date = outcome_payment(
                    contract.investment(),
                    provider,
                    share,
                    outcome.value,
                    outcome.months,
                    agreed_months,
                )?
                .payment;
                let due = sub(paid_to_date, *outcome_paid, "outcome payment due")?;
                let line = format!("provider[{name}].outcome_payment, less paid");
                let mut carried = Decimal::ZERO;
                let kind = if is_final {
                    Some(Kind::Final)
                } else if due > Decimal::ZERO {
                    Some(Kind::OnAccount)
                } else if due < Decimal::ZERO && negative == Negative::ClawBack {
                    Some(Kind::TrueUp)
                } else {
                    carried = due.min(Decimal::ZERO);
                    None
                };
                // The final settlement is written even at zero: it closes the ledger.
                if let Some(kind) = kind.filter(|k| *k == Kind::Final || !due.is_zero()) {
                    payments.push(pay(kind, due, line));
                }
                to_date.push(ProviderSettlementToDate {
                    name: name.to_owned(),
                    to_date: paid_to_date,
                    paid_before: *outcome_paid,
                    due,
                    carried,
                });
                if kind.is_some() {
                    *outcome_paid = paid_to_date;
                }
            }
            settlements.push(Settlement {
                month,
                is_final,
                providers: to_date,
            });
        }
        Ok(Ledger {
            contract: contract.name().to_owned(),
            currency: contract.currency().to_owned(),
            funder: contract.funder().to_owned(),
            providers: names,
            settlements,
            payments,
        })
    }

    /// The parties: the funder, then each provider.
    pub fn parties(&self) -> Vec<&str> {
        std::iter::once(self.funder.as_str())
            .chain(self.providers.iter().map(String::as_str))
            .collect()
    }

    /// The payments `party` takes part in, each with its amount signed from
    /// that party's side: received positive, paid negative.
    ///
    /// # Example
    /// ```
    /// # use utfall_engine::{Contract, Ledger, MonthlySeries, NationalIndex};
    /// # let read = |f: &str| std::fs::read_to_string(format!("{}/../../examples/illustrative/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    /// # let contract = Contract::from_toml_str(&read("contract-quarterly.toml"))?;
    /// # let series = MonthlySeries::from_csv_str(&read("monthly.csv"))?;
    /// # let index = NationalIndex::from_csv_str(&read("index.csv"))?;
    /// let ledger = Ledger::run(&contract, &series, Some(&index), None)?;
    /// let (first, signed) = &ledger.lines_of("Botkyrka kommun")[0];
    /// assert_eq!(*signed, -first.amount);
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn lines_of(&self, party: &str) -> Vec<(Payment, Decimal)> {
        self.payments
            .iter()
            .filter_map(|p| {
                if p.payee == party {
                    Some((p.clone(), p.amount))
                } else if p.payer == party {
                    Some((p.clone(), -p.amount))
                } else {
                    None
                }
            })
            .collect()
    }

    /// One party's payments, signed from its side, and its balance.
    ///
    /// # Errors
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when the balance
    /// (or a sum on the way to it) leaves the range of exact decimals: an
    /// amount is never dropped from a balance.
    ///
    /// # Example
    /// ```
    /// # use utfall_engine::{Contract, Ledger, MonthlySeries, NationalIndex};
    /// # let read = |f: &str| std::fs::read_to_string(format!("{}/../../examples/illustrative/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    /// # let contract = Contract::from_toml_str(&read("contract-quarterly.toml"))?;
    /// # let series = MonthlySeries::from_csv_str(&read("monthly.csv"))?;
    /// # let index = NationalIndex::from_csv_str(&read("index.csv"))?;
    /// let ledger = Ledger::run(&contract, &series, Some(&index), None)?;
    /// let funder = ledger.party("Botkyrka kommun")?;
    /// let provider = ledger.party("Aino Health")?;
    /// assert_eq!(funder.balance, -provider.balance);
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn party(&self, party: &str) -> Result<PartyLedger, Error> {
        let lines = self.lines_of(party);
        let balance = arith::sum(lines.iter().map(|(_, a)| *a), &format!("the balance of {party}"))?;
        Ok(PartyLedger {
            party: party.to_owned(),
            lines,
            balance,
        })
    }
}

/// The terms as known at a settlement month: the amendments agreed by then,
/// applied one by one as the months pass (they come sorted by the month
/// agreed), as [`Contract::as_of`] applies them.
struct Known<'c> {
    amendments: &'c [Amendment],
    /// How many of `amendments` are known.
    applied: usize,
    term_end: Month,
    measurement_end: Option<Month>,
    /// The day values amended, by the first month they apply to: the one
    /// agreed last for that month (amendments are applied in the order agreed).
    day_values: BTreeMap<Month, Decimal>,
    /// Each provider's amended shares, likewise.
    shares: Vec<BTreeMap<Month, Decimal>>,
    /// Providers by name.
    by_name: HashMap<&'c str, usize>,
}

impl<'c> Known<'c> {
    fn new(contract: &'c Contract) -> Self {
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
    fn advance_to(&mut self, month: Month) {
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
    fn measurement_end(&self) -> Month {
        self.measurement_end.unwrap_or(self.term_end).min(self.term_end)
    }
}

/// The outcome of a window to date, as a ledger needs it.
struct WindowOutcome {
    /// `V`.
    value: Decimal,
    /// `n`.
    months: Decimal,
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
struct Measured<'a> {
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
    fn new(contract: &'a Contract, series: &'a MonthlySeries, index: Option<&'a NationalIndex>) -> Result<Self, Error> {
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
    fn window(&mut self, known: &Known<'_>, end: Month) -> Result<WindowOutcome, Error> {
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
    fn share(
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A ledger of two payments that together leave the range of decimals.
    fn overflowing() -> Ledger {
        let payment = Payment {
            month: "2020-01".parse().unwrap(),
            payer: "F".to_owned(),
            payee: "P".to_owned(),
            kind: Kind::OnAccount,
            amount: Decimal::MAX,
            line: "by hand".to_owned(),
        };
        Ledger {
            contract: "x".to_owned(),
            currency: "SEK".to_owned(),
            funder: "F".to_owned(),
            providers: vec!["P".to_owned()],
            settlements: Vec::new(),
            payments: vec![payment.clone(), payment],
        }
    }

    use crate::hand::{contract, d};
    use crate::{MonthData, MonthlySeries, Outcome, settle};

    /// 100 net days a month among 10 employees in the reference year, and
    /// `net` in each month of 2020–2021: with `net` 0 every month saves 100
    /// days, worth 1 000 at d = 10.
    fn series(net: &str) -> MonthlySeries {
        let mut series = MonthlySeries::default();
        for (year, days) in [(2019, "100"), (2020, net), (2021, net)] {
            for m in 1..=12 {
                let data = MonthData {
                    net_days: d(days),
                    headcount: 10,
                    line: 0,
                };
                series.insert(Month::new(year, m).unwrap(), data);
            }
        }
        series
    }

    #[test]
    fn an_extension_pays_nothing_back_for_months_served() {
        // The hand contract (I = 1 200, N = 12, 6 months measured, C = 600,
        // r = 0.5, k = 1.5), settled quarterly with claw-back, extended to 18
        // months by an amendment agreed in 2020-12. Each month saves 1 000, so
        // the payment to date is capped: 0.25 · 1.5 · 1 200 · n / 12.
        let c = contract(
            "[schedule]\nevery = \"quarter\"\nnegative = \"claw-back\"\n\
             [[amendment]]\nagreed = \"2020-12\"\nterm_end = \"2021-06\"\n",
        );
        let ledger = Ledger::run(&c, &series("0"), None, None).unwrap();
        let to_date: Vec<(String, Decimal, Decimal)> = ledger
            .settlements
            .iter()
            .map(|s| (s.month.to_string(), s.providers[0].to_date, s.providers[0].due))
            .collect();
        let row = |m: &str, to_date: &str, due: &str| (m.to_owned(), d(to_date), d(due));
        assert_eq!(
            to_date,
            [
                row("2020-03", "112.50", "112.50"), // n = 3: 0.5 · 600 · 1.5 · 3 / 12
                row("2020-06", "225.00", "112.50"), // n = 6
                row("2020-09", "225.00", "0.00"),   // measured to 2020-06
                row("2020-12", "225.00", "0.00"),   // extended: N stays 12 (not 150.00, which N' = 18 gave)
                row("2021-03", "225.00", "0.00"),
                row("2021-06", "225.00", "0.00"), // final
            ]
        );
        // Activity fees at the agreed 25 a month (0.5 · 600 / 12), 75 a quarter,
        // 450 in all: (1 − r) · C · N' / N = 0.5 · 600 · 18 / 12.
        let fees: Vec<Decimal> = ledger
            .payments
            .iter()
            .filter(|p| p.kind == Kind::ActivityFee)
            .map(|p| p.amount)
            .collect();
        assert_eq!(fees, [d("75"); 6]);
        // Nothing is ever paid back.
        assert!(
            ledger.payments.iter().all(|p| p.amount >= Decimal::ZERO),
            "{:?}",
            ledger.payments
        );
        // The fee lines after the extension say which rate they use.
        let december = ledger
            .payments
            .iter()
            .find(|p| p.month.to_string() == "2020-12" && p.kind == Kind::ActivityFee)
            .unwrap();
        assert_eq!(
            december.line,
            "as of 2020-12: contract.provider[P]: (1 − r) · C · 12 / 12 (the agreed monthly fee; the term is \
             extended to 18 months), rounded down, less paid"
        );
        // The provider ends with the whole term's pay, A + P = 450 + 225.
        let whole = settle(&c, &Outcome::from_monthly(&c, &series("0"), None).unwrap()).unwrap();
        assert_eq!(whole.providers()[0].total_term, d("675.00"));
        assert_eq!(ledger.party("P").unwrap().balance, d("675.00"));
    }

    /// The work of a ledger (months measured, running sums extended, runs of
    /// months and providers settled), counted.
    fn work_of(years: i32) -> usize {
        let end = format!("{}-12", 2019 + years);
        let c = crate::Contract::from_toml_str(&format!(
            r#"
            name = "long"
            funder = "F"
            currency = "SEK"
            investment = "1200000"
            day_value = "10"
            term = {{ start = "2020-01", end = "{end}" }}
            reference = {{ start = "2019-01", end = "2019-12" }}
            schedule = {{ every = "month" }}
            [[provider]]
            name = "P"
            contract_value = "600000"
            outcome_share = "0.5"
            cap = "1.5"
            [[amendment]]
            agreed = "2020-06"
            from = "2020-03"
            day_value = "12"
            [[amendment]]
            agreed = "2021-01"
            from = "2020-09"
            provider = "P"
            value_share = "0.3"
            "#
        ))
        .unwrap();
        let mut series = MonthlySeries::default();
        for month in c.reference().iter().chain(c.term().iter()) {
            let net = Decimal::from(90 + month.month() * 3 % 20);
            series.insert(
                month,
                MonthData {
                    net_days: net,
                    headcount: 10,
                    line: 0,
                },
            );
        }
        crate::work::reset();
        let ledger = Ledger::run(&c, &series, None, None).unwrap();
        assert_eq!(ledger.settlements.len(), usize::try_from(years * 12).unwrap());
        crate::work::done()
    }

    #[test]
    fn twice_the_term_is_about_twice_the_work() {
        let (short, long) = (work_of(50), work_of(100));
        let ratio = Decimal::from(long) / Decimal::from(short);
        eprintln!(
            "ledger work: 50 years {short}, 100 years {long}, ratio {}",
            ratio.round_dp(2)
        );
        assert!(
            ratio < Decimal::new(25, 1),
            "twice the months took {ratio} times the work"
        );
    }

    #[test]
    fn a_balance_beyond_exact_decimals_is_an_error_not_a_dropped_amount() {
        let ledger = overflowing();
        for party in ["F", "P"] {
            let err = ledger.party(party).unwrap_err();
            assert!(matches!(err.kind(), crate::ErrorKind::Overflow { .. }), "{err}");
            assert_eq!(
                err.to_string(),
                format!(
                    "arithmetic overflow computing the balance of {party}: the amounts are beyond exact decimal range"
                )
            );
        }
        // The lines are all there.
        assert_eq!(ledger.lines_of("F").len(), 2);
    }
}
