//! The whole term (`docs/method.md` §3.9): the investment and net result over
//! all its months, and each provider's activity fee for all of them with the
//! window's outcome payment. With the term extended to `N'` months, the
//! investment, the contract values, the fees and the full-term caps grow by
//! `N' / N`: the contract continues at its agreed monthly rate (§4.2).

use rust_decimal::Decimal;

use super::payment::fee_to_date;
use super::provider::{record_fee, record_total};
use super::{Givens, Input, Over, ProviderSettlement, ProviderTerms, extended_months};
use crate::arith::{self, div, mul, mul_div, sub};
use crate::trace::{Entry, Tracer, Unit};
use crate::{Error, Rule};

/// Records the whole term's lines, and each provider's fee and pay over it
/// into `providers` (in the contract's order).
pub(super) fn record_term(g: &Givens, providers: &mut [ProviderSettlement], t: &mut Tracer) -> Result<(), Error> {
    let (investment, symbol, from) = match g.extended {
        None => {
            let line = Entry::new(
                "term.investment",
                "investment over the whole term",
                "I",
                Unit::Money,
                Rule::WholeTerm,
            );
            (t.record(line, &[g.i()], g.i), "I", "contract.investment")
        }
        // An extension continues the investment at its agreed monthly rate.
        Some(n_ext) => {
            let i_ext = t.record(
                Entry::new(
                    "term.investment",
                    "investment over the whole term, extended at the agreed monthly rate",
                    "I' = I · N' / N",
                    Unit::Money,
                    Rule::Amendments,
                ),
                &[g.i(), extended_months(n_ext), g.big_n()],
                mul_div(g.i, n_ext, g.big_n, "I · N'", "I' = I · N' / N")?,
            );
            (i_ext, "I'", "term.investment")
        }
    };
    let net_result = format!("V − {symbol}");
    t.record(
        Entry::new(
            "term.net_result",
            "project net result over the term (outcome measured in the window only)",
            &net_result,
            Unit::Money,
            Rule::WholeTerm,
        ),
        &[g.v(), (symbol, investment, from)],
        sub(g.v, investment, &net_result)?,
    );
    for (provider, figures) in g.contract.providers().iter().zip(providers.iter_mut()) {
        record_provider_term(g, &ProviderTerms::new(provider), figures, t)?;
    }
    record_funder_term(g, (symbol, investment, from), providers, t)
}

/// Records the funder's net result over the whole term, `V − (I − Σ C) −
/// Σ (A + P)` (with `I'` and `C'` when extended; `docs/method.md` §3.12).
fn record_funder_term(
    g: &Givens,
    investment: Input<'_>,
    providers: &[ProviderSettlement],
    t: &mut Tracer,
) -> Result<(), Error> {
    let c = if g.extended.is_some() { "C'" } else { "C" };
    let ids = |key: &str| {
        providers
            .iter()
            .map(|p| format!("term.provider[{}].{key}", p.name))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let contract_value_ids = match g.extended {
        Some(_) => ids("contract_value"),
        None => providers
            .iter()
            .map(|p| format!("contract.provider[{}].contract_value", p.name))
            .collect::<Vec<_>>()
            .join(" + "),
    };
    let contract_values = arith::sum(providers.iter().map(|p| p.contract_value_term), "Σ C")?;
    let pay = arith::sum(providers.iter().map(|p| p.total_term), "Σ (A + P)")?;
    let i = investment.0;
    let sum_c = format!("Σ {c}");
    let own_formula = format!("{i} − Σ {c}");
    let formula = format!("V − ({own_formula}) − Σ (A + P)");
    let own = t.record(
        Entry::new(
            "term.funder_investment",
            format!("part of the term's investment {} runs itself", g.contract.funder()),
            &own_formula,
            Unit::Money,
            Rule::Results,
        ),
        &[investment, (&sum_c, contract_values, &contract_value_ids)],
        sub(investment.1, contract_values, &own_formula)?,
    );
    let pay = t.record(
        Entry::new(
            "term.provider_pay",
            "pay to all providers over the term",
            "Σ (A + P)",
            Unit::Money,
            Rule::Results,
        ),
        &[],
        pay,
    );
    t.record(
        Entry::new(
            "term.funder_net_result",
            format!(
                "{}'s net result over the term (outcome measured in the window only)",
                g.contract.funder()
            ),
            &formula,
            Unit::Money,
            Rule::Results,
        ),
        &[
            g.v(),
            (&own_formula, own, "term.funder_investment"),
            ("Σ (A + P)", pay, &ids("total")),
        ],
        sub(sub(g.v, own, &own_formula)?, pay, &formula)?,
    );
    Ok(())
}

/// One provider over the whole term: fees for all its months, the window's
/// outcome payment, the full-term cap, the pay and the premium.
fn record_provider_term(
    g: &Givens,
    p: &ProviderTerms,
    figures: &mut ProviderSettlement,
    t: &mut Tracer,
) -> Result<(), Error> {
    let name = p.name();
    let (c, r) = (p.provider.contract_value(), p.provider.outcome_share());
    // C' = C · N' / N, the contract value of the term as extended.
    let c_ext = match g.extended {
        None => None,
        Some(n_ext) => Some((
            n_ext,
            t.record(
                p.term_line(
                    "contract_value",
                    format!("{name}'s contract value over the whole term, extended at the agreed monthly rate"),
                    "C' = C · N' / N",
                    Unit::Money,
                    Rule::Amendments,
                ),
                &[p.c(), extended_months(n_ext), g.big_n()],
                mul_div(c, n_ext, g.big_n, "C · N'", "C' = C · N' / N")?,
            ),
        )),
    };
    let fee_exact = match c_ext {
        None => t.record(
            p.term_line(
                "activity_fee_exact",
                "activity fee over the term before rounding",
                "A = (1 − r) · C",
                Unit::Money,
                Rule::ActivityFee,
            ),
            &[p.r(), p.c()],
            mul(sub(Decimal::ONE, r, "1 − r")?, c, "A")?,
        ),
        // Computed from C, not from the rounded C', so that it is the fee to
        // date of the term's last month, (1 − r) · C · m / N with m = N'.
        Some((n_ext, _)) => t.record(
            p.term_line(
                "activity_fee_exact",
                "activity fee over the term as extended, before rounding",
                "A = (1 − r) · C · N' / N",
                Unit::Money,
                Rule::ActivityFee,
            ),
            &[p.r(), p.c(), extended_months(n_ext), g.big_n()],
            fee_to_date(p.provider, n_ext, g.big_n)?,
        ),
    };
    let fee = record_fee(p, Over::Term, fee_exact, t);
    let label = format!("{name}'s outcome payment (measured window only)");
    let payment = t.record(
        p.term_line("outcome_payment", label, "P", Unit::Money, Rule::WholeTerm),
        &[("P", figures.outcome_payment, &p.id("outcome_payment"))],
        figures.outcome_payment,
    );
    record_term_cap(g, p, figures, c_ext.map(|(n_ext, _)| n_ext), t)?;
    let total = record_total(p, Over::Term, fee, payment, t)?;
    let (total_id, c_ext_id) = (p.term_id("total"), p.term_id("contract_value"));
    let (label, symbol, divisor) = match c_ext {
        None => ("whole term", "C", p.c()),
        Some((_, c_ext)) => ("whole term as extended", "C'", ("C'", c_ext, c_ext_id.as_str())),
    };
    let quotient = format!("(A + P) / {symbol}");
    let formula = format!("{quotient} − 1");
    t.record(
        p.term_line(
            "premium",
            format!("{name}'s premium over its contract value, {label}"),
            &formula,
            Unit::Share,
            Rule::Premium,
        ),
        &[("A + P", total, &total_id), divisor],
        sub(div(total, divisor.1, &quotient)?, Decimal::ONE, "premium")?,
    );
    let contract_value = divisor.1;
    let result = t.record(
        p.term_line(
            "result",
            format!("{name}'s result over the {label}"),
            &format!("A + P − {symbol}"),
            Unit::Money,
            Rule::Results,
        ),
        &[("A + P", total, &total_id), divisor],
        sub(total, contract_value, "A + P − C")?,
    );
    figures.activity_fee_term = fee;
    figures.total_term = total;
    figures.contract_value_term = contract_value;
    figures.result_term = result;
    Ok(())
}

/// Records the most the outcome payment could be over the full term,
/// `r · k · C` (or `s · k · I` with a stated share), times `N' / N` when the
/// term is extended to `N'` months.
fn record_term_cap(
    g: &Givens,
    p: &ProviderTerms,
    figures: &ProviderSettlement,
    extended: Option<Decimal>,
    t: &mut Tracer,
) -> Result<(), Error> {
    let (c, r, k) = (
        p.provider.contract_value(),
        p.provider.outcome_share(),
        p.provider.cap(),
    );
    let share_id = p.id("value_share");
    let stated = figures.value_share_stated.then_some(figures.value_share);
    let (mut inputs, cap, base): (Vec<Input>, _, _) = match stated {
        None => (
            vec![p.r(), p.k(), p.c()],
            mul(mul(r, k, "r · k")?, c, "r · k · C")?,
            "r · k · C",
        ),
        Some(s) => (
            vec![("s", s, &share_id), p.k(), g.i()],
            mul(mul(s, k, "s · k")?, g.i, "s · k · I")?,
            "s · k · I",
        ),
    };
    let (label, formula, cap) = match extended {
        None => (
            "most the outcome payment could be over the full term",
            base.to_owned(),
            cap,
        ),
        Some(n_ext) => {
            inputs.extend([extended_months(n_ext), g.big_n()]);
            let formula = format!("{base} · N' / N");
            let cap = mul_div(cap, n_ext, g.big_n, &format!("{base} · N'"), &formula)?;
            (
                "most the outcome payment could be over the full term as extended",
                formula,
                cap,
            )
        }
    };
    t.record(
        p.term_line("outcome_cap", label, &formula, Unit::Money, Rule::Cap),
        &inputs,
        cap,
    );
    Ok(())
}
