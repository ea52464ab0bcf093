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

//!
//! The parts: this file holds what a ledger is; `run.rs` walks the
//! settlement months ([`Ledger::run`]); `known.rs` keeps the terms as known
//! at each; `measured.rs` the months measured and their running sums.

mod known;
mod measured;
mod run;

use rust_decimal::Decimal;
use serde::Serialize;

#[cfg(doc)]
use crate::{Contract, settle};
use crate::{Error, Month, arith};

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
