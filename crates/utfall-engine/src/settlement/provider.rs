//! One provider over the measured window (`docs/method.md` §3.4–3.7): its
//! share (from `share`), the value where its cap is reached, its outcome
//! payment, activity fee, pay and premium, with their lines and the notes on
//! a cap that held or a premium that can pass its bound.

use rust_decimal::Decimal;

use super::payment::{PaymentFigures, agreed_fee, outcome_payment};
use super::share::{self, AmendedShare, Shares};
use super::{Givens, Input, Over, ProviderSettlement, ProviderTerms};
use crate::arith::{add, div, floor_to_ore, mul, mul_div, sub};
use crate::trace::{Entry, Tracer, Unit};
use crate::{Error, Note, Provider, Rule};

/// Records one provider's lines over the window and gives back its key
/// figures; those over the whole term are filled in by `term`.
pub(super) fn settle_provider(
    g: &Givens,
    provider: &Provider,
    amended: Option<AmendedShare>,
    t: &mut Tracer,
    notes: &mut Vec<Note>,
) -> Result<ProviderSettlement, Error> {
    let p = ProviderTerms::new(provider);
    let shares = share::record_share(g, &p, amended, t, notes)?;
    let figures = outcome_payment(g.i, provider, shares.stated, g.v, g.n, g.big_n)?;
    let (payment, cap) = record_payment(g, &p, &shares, &figures, t, notes)?;
    let pay = record_pay(g, &p, &shares, payment, t, notes)?;
    Ok(ProviderSettlement {
        name: p.name().to_owned(),
        value_share: shares.s,
        value_share_stated: shares.stated.is_some(),
        outcome_payment: payment,
        outcome_cap: cap,
        capped: g.v > figures.cap_value,
        activity_fee_window: pay.fee,
        activity_fee_term: Decimal::ZERO,
        total_window: pay.total,
        total_term: Decimal::ZERO,
        contract_value_window: pay.contract_value,
        contract_value_term: Decimal::ZERO,
        result_window: pay.result,
        result_term: Decimal::ZERO,
        premium_window: pay.premium,
        premium_bound: pay.bound,
    })
}

/// Records the value counted up to the cap, the outcome payment and its cap;
/// gives back the payment and the cap.
fn record_payment(
    g: &Givens,
    p: &ProviderTerms,
    shares: &Shares,
    figures: &PaymentFigures,
    t: &mut Tracer,
    notes: &mut Vec<Note>,
) -> Result<(Decimal, Decimal), Error> {
    // The cap on the value counted: k · I_w, computed from I so it is rounded once.
    let cap_value = t.record(
        p.line(
            "cap_value",
            "value of saved days where the cap is reached",
            "k · I · n / N",
            Unit::Money,
            Rule::Cap,
        ),
        &[p.k(), g.i(), g.n(), g.big_n()],
        figures.cap_value,
    );
    let cap_value_id = p.id("cap_value");
    let label = "value counted for the outcome payment";
    let counted = t.record(
        p.line("counted_value", label, "clamp(V, 0, k · I_w)", Unit::Money, Rule::Cap),
        &[g.v(), ("k · I_w", cap_value, &cap_value_id)],
        figures.counted,
    );
    if g.v > cap_value {
        notes.push(Note::Capped {
            provider: p.name().to_owned(),
        });
    }
    // With a derived share the lines show s · x as r · C · x / I, as it is
    // computed (see `outcome_payment`).
    let (counted_id, share_id) = (p.id("counted_value"), p.id("value_share"));
    let clamp = ("clamp", counted, counted_id.as_str());
    let (exact_formula, exact_inputs, cap_formula, cap_inputs): (_, Vec<Input>, _, Vec<Input>) = match shares.stated {
        None => (
            "s · clamp(V, 0, k · I_w) = r · C · clamp / I",
            vec![p.r(), p.c(), clamp, g.i()],
            "s · k · I_w = r · C · k · n / N",
            vec![p.r(), p.c(), p.k(), g.n(), g.big_n()],
        ),
        Some(s) => (
            "s · clamp(V, 0, k · I_w)",
            vec![("s", s, &share_id), clamp],
            "s · k · I · n / N",
            vec![("s", s, &share_id), p.k(), g.i(), g.n(), g.big_n()],
        ),
    };
    let exact = t.record(
        p.line(
            "outcome_payment_exact",
            "outcome payment before rounding",
            exact_formula,
            Unit::Money,
            Rule::Payment,
        ),
        &exact_inputs,
        figures.exact,
    );
    let label = "most the outcome payment can be over the window";
    let cap = t.record(
        p.line("outcome_cap", label, cap_formula, Unit::Money, Rule::Cap),
        &cap_inputs,
        figures.cap,
    );
    let (exact_id, cap_id) = (p.id("outcome_payment_exact"), p.id("outcome_cap"));
    let payment = t.record(
        p.line(
            "outcome_payment",
            format!("{}'s outcome payment", p.name()),
            "min(P rounded to öre, cap rounded down to öre)",
            Unit::Money,
            Rule::Rounding,
        ),
        &[("P", exact, &exact_id), ("cap", cap, &cap_id)],
        figures.payment,
    );
    Ok((payment, cap))
}

/// A provider's pay over the window and its premium.
struct Pay {
    fee: Decimal,
    total: Decimal,
    contract_value: Decimal,
    result: Decimal,
    premium: Decimal,
    bound: Decimal,
}

/// Records the activity fee, the pay and the premium over the window, and its
/// bound; with a stated share above `r · C / I` also the most the premium can
/// be, and a note.
fn record_pay(
    g: &Givens,
    p: &ProviderTerms,
    shares: &Shares,
    payment: Decimal,
    t: &mut Tracer,
    notes: &mut Vec<Note>,
) -> Result<Pay, Error> {
    let name = p.name();
    let (c, r, k) = (
        p.provider.contract_value(),
        p.provider.outcome_share(),
        p.provider.cap(),
    );
    let fee_exact = t.record(
        p.line(
            "activity_fee_exact",
            "activity fee over the window before rounding",
            "(1 − r) · C · n / N",
            Unit::Money,
            Rule::ActivityFee,
        ),
        &[p.r(), p.c(), g.n(), g.big_n()],
        mul_div(agreed_fee(p.provider)?, g.n, g.big_n, "(1 − r) · C · n", "A_w")?,
    );
    let fee = record_fee(p, Over::Window, fee_exact, t);
    let total = record_total(p, Over::Window, fee, payment, t)?;
    let label = "contract value attributable to the window";
    let c_w = t.record(
        p.line("contract_value_window", label, "C · n / N", Unit::Money, Rule::Premium),
        &[p.c(), g.n(), g.big_n()],
        mul_div(c, g.n, g.big_n, "C · n", "C · n / N")?,
    );
    let (total_id, c_w_id) = (p.id("total"), p.id("contract_value_window"));
    let result = t.record(
        p.line(
            "result",
            format!("{name}'s result over the window"),
            "A_w + P − C_w",
            Unit::Money,
            Rule::Results,
        ),
        &[("A_w + P", total, &total_id), ("C_w", c_w, &c_w_id)],
        sub(total, c_w, "A_w + P − C_w")?,
    );
    let premium = t.record(
        p.line(
            "premium",
            format!("{name}'s premium over its contract value"),
            "(A_w + P) / (C · n / N) − 1",
            Unit::Share,
            Rule::Premium,
        ),
        &[("A_w + P", total, &total_id), ("C · n / N", c_w, &c_w_id)],
        sub(div(total, c_w, "premium")?, Decimal::ONE, "premium")?,
    );
    let label = "most the premium can be when s = r · C / I";
    let bound = t.record(
        p.line("premium_bound", label, "r · (k − 1)", Unit::Share, Rule::Premium),
        &[p.r(), p.k()],
        mul(r, sub(k, Decimal::ONE, "k − 1")?, "r · (k − 1)")?,
    );
    if shares.stated.is_some_and(|s| s > shares.derived) {
        let share_id = p.id("value_share");
        let label = "most the premium can be with the stated share";
        let ski = mul(mul(shares.s, k, "s · k")?, g.i, "s · k · I")?;
        let most = t.record(
            p.line(
                "premium_bound_stated",
                label,
                "s · k · I / C − r",
                Unit::Share,
                Rule::Premium,
            ),
            &[("s", shares.s, &share_id), p.k(), g.i(), p.c(), p.r()],
            sub(div(ski, c, "s · k · I / C")?, r, "premium bound")?,
        );
        notes.push(Note::PremiumAboveBound {
            provider: name.to_owned(),
            most,
            bound,
        });
    }
    Ok(Pay {
        fee,
        total,
        contract_value: c_w,
        result,
        premium,
        bound,
    })
}

/// Records a provider's activity fee over `over`, rounded down to öre from
/// `fee_exact`.
pub(super) fn record_fee(p: &ProviderTerms, over: Over, fee_exact: Decimal, t: &mut Tracer) -> Decimal {
    let a = over.fee();
    let fee_exact_id = p.id_over(over, "activity_fee_exact");
    let label = format!("{}'s activity fee over {}", p.name(), over.words());
    let formula = format!("{a} rounded down to öre");
    t.record(
        Entry::new(
            p.id_over(over, "activity_fee"),
            label,
            &formula,
            Unit::Money,
            Rule::Rounding,
        ),
        &[(a, fee_exact, &fee_exact_id)],
        floor_to_ore(fee_exact),
    )
}

/// Records a provider's pay over `over`: its activity fee `fee` plus its
/// outcome payment `payment`.
pub(super) fn record_total(
    p: &ProviderTerms,
    over: Over,
    fee: Decimal,
    payment: Decimal,
    t: &mut Tracer,
) -> Result<Decimal, Error> {
    let a = over.fee();
    let (fee_id, payment_id) = (p.id_over(over, "activity_fee"), p.id_over(over, "outcome_payment"));
    let label = format!("{}'s pay over {}", p.name(), over.words());
    let formula = format!("{a} + P");
    Ok(t.record(
        Entry::new(p.id_over(over, "total"), label, &formula, Unit::Money, Rule::Premium),
        &[(a, fee, &fee_id), ("P", payment, &payment_id)],
        add(fee, payment, &formula)?,
    ))
}
