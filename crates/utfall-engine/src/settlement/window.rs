//! The lines of the measured window that are no provider's (`docs/method.md`
//! §3.1, §3.2, §3.8): the months, the investment attributable to the window
//! and the project's net result before the providers' lines; what the funder
//! pays and keeps after them.

use rust_decimal::Decimal;

use super::{Givens, ProviderSettlement};
use crate::arith::{self, div, mul_div, sub};
use crate::trace::{Entry, Tracer, Unit};
use crate::{Error, Note, Rule};

/// Records the months and the investment over the window, and the notes on
/// the window: an amendment or an interim statement, a value below break-even
/// or below zero.
///
/// Gives back `I_w`, the investment attributable to the window.
pub(super) fn record_window(g: &Givens, t: &mut Tracer, notes: &mut Vec<Note>) -> Result<Decimal, Error> {
    let (contract, window) = (g.contract, g.window);
    let term_months = contract.term().len();
    let as_agreed = match g.extended {
        Some(_) => "months in the term as first agreed",
        None => "months in the term",
    };
    let n_months = Entry::new("term.months", as_agreed, "N", Unit::Months, Rule::Window);
    t.record(n_months.resting_on(["contract.term".to_owned()]), &[], g.big_n);
    if let Some(n_ext) = g.extended {
        let label = "months in the term as extended";
        let line = Entry::new("term.months_extended", label, "N'", Unit::Months, Rule::Amendments);
        t.record(line.resting_on(contract.term_terms()), &[], n_ext);
    }
    let label = format!("months measured, {window}");
    let n_months = Entry::new("window.months", label, "n", Unit::Months, Rule::Window);
    t.record(n_months.resting_on(contract.window_terms()), &[], g.n);
    t.record(
        Entry::new(
            "window.investment_per_month",
            "investment per project month",
            "I / N",
            Unit::Money,
            Rule::Investment,
        ),
        &[g.i(), g.big_n()],
        div(g.i, g.big_n, "I / N")?,
    );
    let i_w = t.record(
        Entry::new(
            "window.investment",
            "investment attributable to the window",
            "I · n / N",
            Unit::Money,
            Rule::Investment,
        ),
        &[g.i(), g.n(), g.big_n()],
        mul_div(g.i, g.n, g.big_n, "I_w", "I_w = I · n / N")?,
    );
    let i_w_input = ("I_w", i_w, "window.investment");
    t.record(
        Entry::new(
            "window.net_result",
            "project net result over the window",
            "V − I_w",
            Unit::Money,
            Rule::Investment,
        ),
        &[g.v(), i_w_input],
        sub(g.v, i_w, "V − I_w")?,
    );
    let label = "saved days needed to break even (V = I_w)";
    t.record(
        Entry::new("window.break_even_days", label, "I_w / d", Unit::Days, Rule::Investment),
        &[i_w_input, g.d()],
        div(i_w, g.d, "I_w / d")?,
    );
    if let Some(as_of) = contract.seen_as_of().filter(|m| *m < contract.measurement_end()) {
        notes.push(Note::Interim {
            as_of,
            window,
            term_months,
        });
    } else if contract.is_amended() {
        notes.push(Note::Amended {
            window,
            measured: window.len(),
            term_months,
        });
    }
    if g.v < i_w {
        notes.push(Note::NotBrokenEven { window });
    }
    if g.v < Decimal::ZERO {
        notes.push(Note::NegativeValue);
    }
    Ok(i_w)
}

/// Records what the funder pays the providers over the window and keeps of
/// the value, its share of each saved krona, and its net result
/// (`docs/method.md` §3.8, §3.12), with `i_w` the investment attributable to
/// the window.
pub(super) fn record_funder(
    g: &Givens,
    i_w: Decimal,
    providers: &[ProviderSettlement],
    t: &mut Tracer,
) -> Result<(), Error> {
    let payments = arith::sum(providers.iter().map(|p| p.outcome_payment), "Σ P")?;
    let paid = t.record(
        Entry::new(
            "window.outcome_payments",
            "outcome payments to all providers",
            "Σ P",
            Unit::Money,
            Rule::Funder,
        ),
        &[],
        payments,
    );
    t.record(
        Entry::new(
            "window.funder_keeps",
            format!("value kept by {}", g.contract.funder()),
            "V − Σ P",
            Unit::Money,
            Rule::Funder,
        ),
        &[g.v(), ("Σ P", paid, "window.outcome_payments")],
        sub(g.v, paid, "V − Σ P")?,
    );
    let share_sum = arith::sum(providers.iter().map(|p| p.value_share), "Σ s")?;
    let share_ids = providers
        .iter()
        .map(|p| format!("provider[{}].value_share", p.name))
        .collect::<Vec<_>>()
        .join(" + ");
    t.record(
        Entry::new(
            "window.funder_share",
            format!("{}'s share of each saved krona", g.contract.funder()),
            "1 − Σ s",
            Unit::Share,
            Rule::Funder,
        ),
        &[("Σ s", share_sum, &share_ids)],
        sub(Decimal::ONE, share_sum, "1 − Σ s")?,
    );
    record_funder_result(g, i_w, providers, t)
}

/// Records the funder's net result over the window: the value, less the part
/// of the investment it runs itself, less what it pays the providers
/// (`docs/method.md` §3.12).
fn record_funder_result(
    g: &Givens,
    i_w: Decimal,
    providers: &[ProviderSettlement],
    t: &mut Tracer,
) -> Result<(), Error> {
    let ids = |key: &str| {
        providers
            .iter()
            .map(|p| format!("provider[{}].{key}", p.name))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let (contract_value_ids, pay_ids) = (ids("contract_value_window"), ids("total"));
    let contract_values = t.record(
        Entry::new(
            "window.contract_values",
            "providers' contract values attributable to the window",
            "Σ C_w",
            Unit::Money,
            Rule::Results,
        ),
        &[],
        arith::sum(providers.iter().map(|p| p.contract_value_window), "Σ C_w")?,
    );
    let own = t.record(
        Entry::new(
            "window.funder_investment",
            format!("part of the window's investment {} runs itself", g.contract.funder()),
            "I_w − Σ C_w",
            Unit::Money,
            Rule::Results,
        ),
        &[
            ("I_w", i_w, "window.investment"),
            ("Σ C_w", contract_values, &contract_value_ids),
        ],
        sub(i_w, contract_values, "I_w − Σ C_w")?,
    );
    let pay = t.record(
        Entry::new(
            "window.provider_pay",
            "pay to all providers over the window",
            "Σ (A_w + P)",
            Unit::Money,
            Rule::Results,
        ),
        &[],
        arith::sum(providers.iter().map(|p| p.total_window), "Σ (A_w + P)")?,
    );
    let formula = "V − (I_w − Σ C_w) − Σ (A_w + P)";
    t.record(
        Entry::new(
            "window.funder_net_result",
            format!("{}'s net result over the window", g.contract.funder()),
            formula,
            Unit::Money,
            Rule::Results,
        ),
        &[
            g.v(),
            ("I_w − Σ C_w", own, "window.funder_investment"),
            ("Σ (A_w + P)", pay, &pay_ids),
        ],
        sub(sub(g.v, own, "V − (I_w − Σ C_w)")?, pay, formula)?,
    );
    Ok(())
}
