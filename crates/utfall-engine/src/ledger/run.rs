//! [`Ledger::run`]: the settlement months of a contract walked in order,
//! each provider's activity fee and outcome payment to date settled at each
//! against what was paid before.

use rust_decimal::Decimal;

use super::known::Known;
use super::measured::{Measured, WindowOutcome};
use super::{Kind, Ledger, Payment, ProviderSettlementToDate, Settlement};
#[cfg(doc)]
use crate::Outcome;
use crate::arith::{floor_to_ore, sub};
use crate::settlement::{fee_to_date, outcome_payment};
use crate::{Contract, Error, Month, MonthlySeries, NationalIndex, Negative, Provider};

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
        let mut run = Run::new(contract, series, index)?;
        for month in contract
            .settlement_months()
            .into_iter()
            .filter(|m| until.is_none_or(|u| *m <= u))
        {
            run.settle(month)?;
        }
        Ok(Ledger {
            contract: contract.name().to_owned(),
            currency: contract.currency().to_owned(),
            funder: contract.funder().to_owned(),
            providers: contract.providers().iter().map(|p| p.name().to_owned()).collect(),
            settlements: run.settlements,
            payments: run.payments,
        })
    }
}

/// A ledger being run: what each provider was paid so far, the terms as
/// known and the months measured so far, and what was settled and paid.
struct Run<'a> {
    contract: &'a Contract,
    /// What a negative outcome payment due does short of the final settlement.
    negative: Negative,
    /// `N`, the months of the term as first agreed.
    agreed_months: Decimal,
    /// Each provider's outcome payments so far, in the contract's order.
    paid_outcome: Vec<Decimal>,
    /// Each provider's activity fees so far.
    paid_fees: Vec<Decimal>,
    measured: Measured<'a>,
    known: Known<'a>,
    settlements: Vec<Settlement>,
    payments: Vec<Payment>,
}

/// One settlement month and what holds at it for every provider.
struct At {
    month: Month,
    is_final: bool,
    /// The months of the term elapsed by `month`.
    elapsed: Decimal,
    /// The months of the term as known at `month` (more than `N` once extended).
    months: Decimal,
    /// The outcome of the window measured by `month`.
    outcome: WindowOutcome,
    /// The last month of that window.
    window_end: Month,
}

impl<'a> Run<'a> {
    fn new(contract: &'a Contract, series: &'a MonthlySeries, index: Option<&'a NationalIndex>) -> Result<Self, Error> {
        let providers = contract.providers().len();
        Ok(Self {
            contract,
            negative: contract.schedule().map(|s| s.negative).unwrap_or_default(),
            agreed_months: Decimal::from(contract.agreed_term().len()),
            paid_outcome: vec![Decimal::ZERO; providers],
            paid_fees: vec![Decimal::ZERO; providers],
            measured: Measured::new(contract, series, index)?,
            known: Known::new(contract),
            settlements: Vec::new(),
            payments: Vec::new(),
        })
    }

    /// Settles every provider at `month`.
    fn settle(&mut self, month: Month) -> Result<(), Error> {
        let contract = self.contract;
        self.known.advance_to(month);
        let window_end = month.min(self.known.measurement_end());
        let at = At {
            month,
            is_final: month == contract.term().end(),
            elapsed: Decimal::from(contract.term().start().months_until(month) + 1),
            months: Decimal::from(contract.term().start().months_until(self.known.term_end) + 1),
            outcome: self.measured.window(&self.known, window_end)?,
            window_end,
        };
        let mut to_date = Vec::new();
        for (i, provider) in contract.providers().iter().enumerate() {
            crate::work::count(1);
            self.activity_fee(&at, i, provider)?;
            to_date.extend(self.outcome_payment(&at, i, provider)?);
        }
        self.settlements.push(Settlement {
            month,
            is_final: at.is_final,
            providers: to_date,
        });
        Ok(())
    }

    /// Provider `i`'s activity fee for the months elapsed, at the agreed
    /// monthly rate, less the fees paid before.
    fn activity_fee(&mut self, at: &At, i: usize, provider: &Provider) -> Result<(), Error> {
        let fees_to_date = floor_to_ore(fee_to_date(provider, at.elapsed, self.agreed_months)?);
        let Some(fees_paid) = self.paid_fees.get_mut(i) else {
            return Ok(());
        };
        let fee_due = sub(fees_to_date, *fees_paid, "fee due")?;
        if fee_due.is_zero() {
            return Ok(());
        }
        let name = provider.name();
        let (elapsed, agreed_months, months) = (at.elapsed, self.agreed_months, at.months);
        let line = if months != agreed_months {
            format!(
                "contract.provider[{name}]: (1 − r) · C · {elapsed} / {agreed_months} (the agreed \
                 monthly fee; the term is extended to {months} months), rounded down, less paid"
            )
        } else {
            format!("term.provider[{name}].activity_fee_exact · {elapsed} / {months}, rounded down, less paid")
        };
        *fees_paid = fees_to_date;
        self.payments
            .push(payment(self.contract, at, provider, Kind::ActivityFee, fee_due, line));
        Ok(())
    }

    /// Provider `i`'s outcome payment to date, less what was paid before:
    /// paid on account, clawed back, carried forward or paid as the final
    /// settlement.
    fn outcome_payment(
        &mut self,
        at: &At,
        i: usize,
        provider: &Provider,
    ) -> Result<Option<ProviderSettlementToDate>, Error> {
        let share = self.measured.share(&self.known, i, provider, at.window_end)?;
        let Some(outcome_paid) = self.paid_outcome.get_mut(i) else {
            return Ok(None);
        };
        let paid_to_date = outcome_payment(
            self.contract.investment(),
            provider,
            share,
            at.outcome.value,
            at.outcome.months,
            self.agreed_months,
        )?
        .payment;
        let due = sub(paid_to_date, *outcome_paid, "outcome payment due")?;
        let mut carried = Decimal::ZERO;
        let kind = if at.is_final {
            Some(Kind::Final)
        } else if due > Decimal::ZERO {
            Some(Kind::OnAccount)
        } else if due < Decimal::ZERO && self.negative == Negative::ClawBack {
            Some(Kind::TrueUp)
        } else {
            carried = due.min(Decimal::ZERO);
            None
        };
        let settled = ProviderSettlementToDate {
            name: provider.name().to_owned(),
            to_date: paid_to_date,
            paid_before: *outcome_paid,
            due,
            carried,
        };
        if kind.is_some() {
            *outcome_paid = paid_to_date;
        }
        // The final settlement is written even at zero: it closes the ledger.
        if let Some(kind) = kind.filter(|k| *k == Kind::Final || !due.is_zero()) {
            let line = format!("provider[{}].outcome_payment, less paid", provider.name());
            self.payments
                .push(payment(self.contract, at, provider, kind, due, line));
        }
        Ok(Some(settled))
    }
}

/// A payment from the funder to `provider` at the settlement `at`, from the
/// statement line `line`.
fn payment(contract: &Contract, at: &At, provider: &Provider, kind: Kind, amount: Decimal, line: String) -> Payment {
    Payment {
        month: at.month,
        payer: contract.funder().to_owned(),
        payee: provider.name().to_owned(),
        kind,
        amount,
        line: format!("as of {}: {line}", at.month),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
