//! The summary a statement opens with: who pays whom, the outcome, the named
//! results, break-even and the cap, the target and the schedule, as figures
//! that every format words in its own way. Each figure is a line of the
//! statement (named in the field's documentation), so the summary and the
//! appendix can never disagree.

use rust_decimal::Decimal;
use serde::Serialize;
use utfall_engine::{Basis, Ledger, Month, MonthRange, Statement};

use crate::Error;

/// The summary of a statement.
///
/// # Example
/// ```
/// use utfall_engine::{settle, Contract, Outcome};
/// use utfall_render::Summary;
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// let summary = Summary::new(&statement, None)?.issued("2026-11-29");
/// assert_eq!(summary.funder.name, "Botkyrka kommun");
/// assert_eq!(summary.funder.net_result_window.round_dp(2).to_string(), "3183569.76");
/// assert_eq!(summary.providers[0].outcome_payment.to_string(), "2701245.52");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The contract's name.
    pub contract: String,
    /// The funder's reference number (*diarienummer*), when the contract gives one.
    pub reference_number: Option<String>,
    /// The date the statement is issued, `YYYY-MM-DD`, when given.
    pub issued: Option<String>,
    /// The currency of every amount.
    pub currency: String,
    /// The whole term.
    pub term: MonthRange,
    /// The measured window.
    pub window: MonthRange,
    /// Whether measurement stopped before the end of the term.
    pub amended: bool,
    /// The outcome.
    pub outcome: SummaryOutcome,
    /// The contract's target and whether it is met, when it states one.
    pub target: Option<SummaryTarget>,
    /// The funder.
    pub funder: FunderSummary,
    /// Each provider, in the contract's order.
    pub providers: Vec<ProviderSummary>,
    /// The project's net result over the window, `V − I_w` (`window.net_result`).
    pub project_net_result_window: Decimal,
    /// The project's net result over the term, `V − I` (`term.net_result`).
    pub project_net_result_term: Decimal,
    /// Break-even over the window.
    pub break_even: BreakEven,
    /// What the payment schedule has paid and what is due now, when the
    /// contract has a schedule and a ledger was run.
    pub schedule: Option<ScheduleSummary>,
    /// Whether the contract has a payment schedule.
    pub has_schedule: bool,
}

/// The outcome over the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SummaryOutcome {
    /// Whether it was measured month by month (else a stated value).
    pub monthly: bool,
    /// `S`, net sick days saved (`outcome.saved_days`).
    pub saved_days: Decimal,
    /// `δ`, days saved per employee (`outcome.delta`), when known.
    pub per_employee: Option<Decimal>,
    /// The reduction against the reference period (`outcome.reduction`),
    /// when measured month by month.
    pub reduction: Option<Decimal>,
    /// The reference period.
    pub reference: Option<MonthRange>,
    /// `d`, the value of a saved day.
    pub day_value: Decimal,
    /// `V`, the value of the saved days (`outcome.value`).
    pub value: Decimal,
}

/// The contract's target for the reduction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SummaryTarget {
    /// The target, 0.12 for 12 % fewer sick days per employee.
    pub target: Decimal,
    /// The reduction less the target (`outcome.target_margin`), when known.
    pub margin: Option<Decimal>,
    /// Whether the target is met; `None` when a stated value cannot tell.
    pub met: Option<bool>,
}

/// What the funder pays, keeps and nets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FunderSummary {
    /// The funder's name.
    pub name: String,
    /// Paid to the providers over the window, `Σ (A_w + P)` (`window.provider_pay`).
    pub pays_window: Decimal,
    /// Paid to the providers over the term, `Σ (A + P)` (`term.provider_pay`).
    pub pays_term: Decimal,
    /// The value it keeps, `V − Σ P` (`window.funder_keeps`).
    pub keeps: Decimal,
    /// The part of the window's investment it runs itself, `I_w − Σ C_w`
    /// (`window.funder_investment`).
    pub runs_window: Decimal,
    /// The part of the term's investment it runs itself, `I − Σ C`
    /// (`term.funder_investment`).
    pub runs_term: Decimal,
    /// Its net result over the window (`window.funder_net_result`).
    pub net_result_window: Decimal,
    /// Its net result over the term (`term.funder_net_result`).
    pub net_result_term: Decimal,
}

/// What a provider receives and nets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProviderSummary {
    /// The provider's name.
    pub name: String,
    /// Activity fee over the window (`provider[NAME].activity_fee`).
    pub activity_fee_window: Decimal,
    /// Activity fee over the term (`term.provider[NAME].activity_fee`).
    pub activity_fee_term: Decimal,
    /// Outcome payment (`provider[NAME].outcome_payment`), the same over the
    /// window and the term.
    pub outcome_payment: Decimal,
    /// Pay over the window, `A_w + P` (`provider[NAME].total`).
    pub receives_window: Decimal,
    /// Pay over the term, `A + P` (`term.provider[NAME].total`).
    pub receives_term: Decimal,
    /// Its result over the window, `A_w + P − C_w` (`provider[NAME].result`).
    pub result_window: Decimal,
    /// Its result over the term, `A + P − C` (`term.provider[NAME].result`).
    pub result_term: Decimal,
    /// The value of saved days where its cap is reached, `k · I_w`
    /// (`provider[NAME].cap_value`).
    pub cap_value: Decimal,
    /// The most its outcome payment can be over the window
    /// (`provider[NAME].outcome_cap`).
    pub outcome_cap: Decimal,
    /// Whether the cap held the payment down.
    pub capped: bool,
}

/// Break-even over the window: `V = I_w`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BreakEven {
    /// `I_w`, the investment attributable to the window (`window.investment`).
    pub investment: Decimal,
    /// The saved days it takes, `I_w / d` (`window.break_even_days`).
    pub days: Decimal,
    /// The saved days beyond it, `S − I_w / d` (below zero: short of it).
    pub margin_days: Decimal,
}

/// The payments of a schedule up to the settlement the statement is at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScheduleSummary {
    /// The latest settlement month of the ledger.
    pub settled: Month,
    /// Each provider.
    pub providers: Vec<SchedulePayments>,
}

/// One provider's payments by the schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SchedulePayments {
    /// The provider.
    pub name: String,
    /// Paid at the settlements before the latest.
    pub paid_before: Decimal,
    /// Due at the latest settlement (negative: paid back).
    pub due_now: Decimal,
}

impl Summary {
    /// The summary of `statement`; with `ledger` (the contract's schedule
    /// run up to the statement's window), what is already paid and what is
    /// due now.
    ///
    /// # Errors
    /// [`ErrorKind::Engine`](crate::ErrorKind::Engine) when the statement
    /// lacks a line the summary reads (a statement the engine made has them
    /// all) or a sum leaves the range of exact decimals.
    pub fn new(statement: &Statement, ledger: Option<&Ledger>) -> Result<Self, Error> {
        let f = |id: &str| statement.figure(id);
        let outcome = statement.outcome();
        let monthly = matches!(outcome.basis(), Basis::Monthly { .. });
        let mut providers = Vec::new();
        for p in statement.providers() {
            let id = |key: &str| format!("provider[{}].{key}", p.name);
            let term = |key: &str| format!("term.provider[{}].{key}", p.name);
            providers.push(ProviderSummary {
                name: p.name.clone(),
                activity_fee_window: p.activity_fee_window,
                activity_fee_term: p.activity_fee_term,
                outcome_payment: p.outcome_payment,
                receives_window: p.total_window,
                receives_term: p.total_term,
                result_window: f(&id("result"))?,
                result_term: f(&term("result"))?,
                cap_value: f(&id("cap_value"))?,
                outcome_cap: p.outcome_cap,
                capped: p.capped,
            });
        }
        let break_even_days = f("window.break_even_days")?;
        let target = statement.target_reduction().map(|target| {
            let margin = statement.target_margin();
            SummaryTarget {
                target,
                margin,
                met: margin.map(|m| m >= Decimal::ZERO),
            }
        });
        Ok(Self {
            contract: statement.contract().to_owned(),
            reference_number: statement.reference_number().map(str::to_owned),
            issued: None,
            currency: statement.currency().to_owned(),
            term: statement.term(),
            window: statement.window(),
            amended: statement.amended(),
            outcome: SummaryOutcome {
                monthly,
                saved_days: outcome.saved_days(),
                per_employee: outcome.delta_per_employee(),
                reduction: outcome.reduction(),
                reference: reference_period(statement),
                day_value: day_value(statement),
                value: outcome.value(),
            },
            target,
            funder: FunderSummary {
                name: statement.funder().to_owned(),
                pays_window: f("window.provider_pay")?,
                pays_term: f("term.provider_pay")?,
                keeps: f("window.funder_keeps")?,
                runs_window: f("window.funder_investment")?,
                runs_term: f("term.funder_investment")?,
                net_result_window: f("window.funder_net_result")?,
                net_result_term: f("term.funder_net_result")?,
            },
            providers,
            project_net_result_window: f("window.net_result")?,
            project_net_result_term: f("term.net_result")?,
            break_even: BreakEven {
                investment: f("window.investment")?,
                days: break_even_days,
                margin_days: outcome.saved_days().checked_sub(break_even_days).ok_or_else(|| {
                    Error::from(utfall_engine::Error::new(utfall_engine::ErrorKind::Overflow {
                        figure: "the saved days beyond break-even".to_owned(),
                    }))
                })?,
            },
            schedule: ledger.map(schedule).transpose()?.flatten(),
            has_schedule: statement.has_schedule(),
        })
    }

    /// The same summary, issued on `date` (`YYYY-MM-DD`).
    #[must_use]
    pub fn issued(mut self, date: impl Into<String>) -> Self {
        self.issued = Some(date.into());
        self
    }
}

/// The reference period of a monthly outcome: its first and last reference
/// month as used.
fn reference_period(statement: &Statement) -> Option<MonthRange> {
    let Basis::Monthly { months, .. } = statement.outcome().basis() else {
        return None;
    };
    let first = months.iter().map(|m| m.reference_month).min()?;
    let last = months.iter().map(|m| m.reference_month).max()?;
    MonthRange::new(first, last).ok()
}

/// `d`, as the `window.break_even_days` line uses it.
fn day_value(statement: &Statement) -> Decimal {
    statement
        .line("window.break_even_days")
        .ok()
        .and_then(|l| l.inputs.iter().find(|i| i.symbol == "d").map(|i| i.value))
        .unwrap_or_default()
}

/// Each provider's payments before the ledger's latest settlement and at it.
fn schedule(ledger: &Ledger) -> Result<Option<ScheduleSummary>, Error> {
    let Some(latest) = ledger.settlements.last().map(|s| s.month) else {
        return Ok(None);
    };
    let mut providers = Vec::new();
    for name in &ledger.providers {
        let (mut paid_before, mut due_now) = (Decimal::ZERO, Decimal::ZERO);
        for p in ledger.payments.iter().filter(|p| &p.payee == name) {
            let sum = if p.month < latest {
                &mut paid_before
            } else {
                &mut due_now
            };
            *sum = sum.checked_add(p.amount).ok_or_else(|| {
                Error::from(utfall_engine::Error::new(utfall_engine::ErrorKind::Overflow {
                    figure: format!("the payments to {name}"),
                }))
            })?;
        }
        providers.push(SchedulePayments {
            name: name.clone(),
            paid_before,
            due_now,
        });
    }
    Ok(Some(ScheduleSummary {
        settled: latest,
        providers,
    }))
}
