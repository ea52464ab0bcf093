//! A provider's outcome payment and activity fee as figures, without their
//! lines (`docs/method.md` §3.4–3.6, §4.1): [`settle`](super::settle) records
//! them, and a ledger computes them again for each settlement month, so both
//! round alike.

use rust_decimal::Decimal;

use crate::arith::{floor_to_ore, mul, mul_div, round_to_ore, sub};
use crate::{Error, Provider};

/// A provider's outcome payment over a window of `n` of the `N` months of
/// the term as agreed (`docs/method.md` §3.4, §3.5): the figures of its lines,
/// computed once for [`settle`](super::settle) and for a ledger.
pub(crate) struct PaymentFigures {
    /// `k · I · n / N`.
    pub(crate) cap_value: Decimal,
    /// `clamp(V, 0, k · I_w)`.
    pub(crate) counted: Decimal,
    /// `P` before rounding.
    pub(crate) exact: Decimal,
    /// The most `P` can be over the window.
    pub(crate) cap: Decimal,
    /// `P` paid: `min(P rounded to öre, cap rounded down to öre)`.
    pub(crate) payment: Decimal,
}

/// The outcome payment of `provider` for a value `v` with the share
/// `stated` (stated or amended) or, when `None`, `r · C / I`.
pub(crate) fn outcome_payment(
    i: Decimal,
    provider: &Provider,
    stated: Option<Decimal>,
    v: Decimal,
    n: Decimal,
    big_n: Decimal,
) -> Result<PaymentFigures, Error> {
    let (c, r, k) = (provider.contract_value(), provider.outcome_share(), provider.cap());
    let cap_value = mul_div(mul(k, i, "k · I")?, n, big_n, "k · I · n", "k · I_w")?;
    let counted = v.max(Decimal::ZERO).min(cap_value);
    // With a derived share, s · x is computed as r · C · x / I: one rounding, and
    // the full-term cap comes out at exactly r · k · C (6 303 825 for Botkyrka).
    let (exact, cap) = match stated {
        None => {
            let rc = mul(r, c, "r · C")?;
            let exact = mul_div(rc, counted, i, "r · C · clamp", "P")?;
            let rck = mul(rc, k, "r · C · k")?;
            (exact, mul_div(rck, n, big_n, "r · C · k · n", "outcome cap")?)
        }
        Some(s) => {
            let exact = mul(s, counted, "P")?;
            let ski = mul(mul(s, k, "s · k")?, i, "s · k · I")?;
            (exact, mul_div(ski, n, big_n, "s · k · I · n", "outcome cap")?)
        }
    };
    Ok(PaymentFigures {
        cap_value,
        counted,
        exact,
        cap,
        payment: round_to_ore(exact).min(floor_to_ore(cap)),
    })
}

/// `(1 − r) · C`, the activity fee over the term as agreed, before rounding.
pub(super) fn agreed_fee(provider: &Provider) -> Result<Decimal, Error> {
    mul(
        sub(Decimal::ONE, provider.outcome_share(), "1 − r")?,
        provider.contract_value(),
        "(1 − r) · C",
    )
}

/// The activity fee for the first `months` months of the term before
/// rounding, `(1 − r) · C · m / N` with the `N` months of the term as first
/// agreed (`docs/method.md` §4.1, §4.2): the agreed monthly fee, whatever
/// an extension adds.
pub(crate) fn fee_to_date(provider: &Provider, months: Decimal, agreed_months: Decimal) -> Result<Decimal, Error> {
    mul_div(
        agreed_fee(provider)?,
        months,
        agreed_months,
        "(1 − r) · C · m",
        "(1 − r) · C · m / N",
    )
}
