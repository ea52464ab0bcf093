//! Exact decimal arithmetic and the only two places where figures are rounded.
//!
//! Sums and differences of decimals are exact. Products and quotients are not
//! always representable, so the engine names the rule that rounds them:
//!
//! * [`FIGURE_DP`]: every product and quotient is rounded to 16 decimal places,
//!   half to even. Every trace line therefore reproduces by hand: apply its
//!   formula to the inputs it shows, round to 16 places, and you get its result.
//!   For amounts below a billion kronor, 16 places hold 28 significant digits at
//!   most, the precision of `rust_decimal`.
//! * [`round_to_ore`]: an outcome payment is rounded to whole öre (0.01), half
//!   away from zero, as the report's exact figures are (`docs/method.md` §7: the
//!   provider's 2 701 245.52), but never above its cap rounded down to öre; an
//!   activity fee is rounded down to öre. Rounding a fee up could lift the
//!   provider's premium above `r · (k − 1)` (a bug found by the property tests,
//!   kept as the regression test `premium_stays_within_its_bound_when_the_fee_has_fractional_ore`).
//!
//! Every operation is checked: an overflow is an [`ErrorKind::Overflow`] and a
//! zero divisor an [`ErrorKind::DivisionByZero`], each naming the figure, never
//! a panic and never a wrapped value.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::{CsvErrorKind, Error, ErrorKind, Excerpt};

/// Decimal places kept in every product and quotient (rounded half to even).
pub const FIGURE_DP: u32 = 16;

/// Decimal places of a payable amount: whole öre.
pub const PAYABLE_DP: u32 = 2;

fn overflow(figure: &str) -> Error {
    Error::new(ErrorKind::Overflow {
        figure: figure.to_owned(),
    })
}

fn round_figure(value: Decimal) -> Decimal {
    value
        .round_dp_with_strategy(FIGURE_DP, RoundingStrategy::MidpointNearestEven)
        .normalize()
}

pub(crate) fn add(a: Decimal, b: Decimal, figure: &str) -> Result<Decimal, Error> {
    a.checked_add(b).ok_or_else(|| overflow(figure))
}

pub(crate) fn sub(a: Decimal, b: Decimal, figure: &str) -> Result<Decimal, Error> {
    a.checked_sub(b).ok_or_else(|| overflow(figure))
}

pub(crate) fn mul(a: Decimal, b: Decimal, figure: &str) -> Result<Decimal, Error> {
    a.checked_mul(b).map(round_figure).ok_or_else(|| overflow(figure))
}

/// `a / b` rounded to [`FIGURE_DP`] places; a zero `b` is an
/// [`ErrorKind::DivisionByZero`] naming the figure, not an overflow.
pub(crate) fn div(a: Decimal, b: Decimal, figure: &str) -> Result<Decimal, Error> {
    if b.is_zero() {
        return Err(Error::new(ErrorKind::DivisionByZero {
            figure: figure.to_owned(),
        }));
    }
    a.checked_div(b).map(round_figure).ok_or_else(|| overflow(figure))
}

/// `a · b / c`: the product rounded as [`mul`] rounds it, then the quotient
/// as [`div`] does; an error names the product `product` or the quotient
/// `quotient`. The shape of every figure scaled to some months of the term
/// (`I · n / N`, `C · N' / N`).
pub(crate) fn mul_div(a: Decimal, b: Decimal, c: Decimal, product: &str, quotient: &str) -> Result<Decimal, Error> {
    div(mul(a, b, product)?, c, quotient)
}

pub(crate) fn sum<I: IntoIterator<Item = Decimal>>(values: I, figure: &str) -> Result<Decimal, Error> {
    values.into_iter().try_fold(Decimal::ZERO, |acc, v| add(acc, v, figure))
}

/// `value` rounded to whole öre, half away from zero: the rule for an amount
/// that is paid.
///
/// # Example
/// ```
/// use rust_decimal::Decimal;
/// use utfall_engine::round_to_ore;
///
/// let d = |s: &str| s.parse::<Decimal>().unwrap();
/// assert_eq!(round_to_ore(d("2701245.5181460428")), d("2701245.52"));
/// assert_eq!(round_to_ore(d("0.005")), d("0.01"));
/// assert_eq!(round_to_ore(d("-0.005")), d("-0.01"));
/// ```
pub fn round_to_ore(value: Decimal) -> Decimal {
    in_ore(value.round_dp_with_strategy(PAYABLE_DP, RoundingStrategy::MidpointAwayFromZero))
}

/// Writes an amount already in whole öre with exactly two decimals: `2704800.00`.
fn in_ore(mut value: Decimal) -> Decimal {
    value.rescale(PAYABLE_DP);
    value
}

/// `value` rounded down to whole öre: how a cap and an activity fee are paid,
/// so that rounding never lifts a payment above its cap or a premium above its
/// bound.
pub(crate) fn floor_to_ore(value: Decimal) -> Decimal {
    in_ore(value.round_dp_with_strategy(PAYABLE_DP, RoundingStrategy::ToNegativeInfinity))
}

/// Parses a plain decimal: an optional `-`, digits, and optionally `.` and
/// digits. No `+`, no exponent, no `_` or space separators, no leading or
/// trailing `.`; too many digits to hold exactly is an error, not a rounding.
///
/// # Errors
/// [`ErrorKind::NotDecimal`] quoting the text; [`ErrorKind::TooPrecise`] for
/// more digits than an exact decimal holds.
///
/// # Example
/// ```
/// use utfall_engine::parse_decimal;
/// assert_eq!(parse_decimal("22870000")?.to_string(), "22870000");
/// assert_eq!(parse_decimal("-0.184")?.to_string(), "-0.184");
/// for bad in ["", "1e3", "+1", "1_000", "22 870 000", "1,5", ".5", "5.", "0x10", "NaN"] {
///     assert!(parse_decimal(bad).is_err(), "{bad}");
/// }
/// assert_eq!(
///     parse_decimal("99999999999999999999999999999.1").unwrap_err().to_string(),
///     "\"99999999999999999999999999999.1\" has more digits than an exact decimal can hold (at most 28 significant digits)",
/// );
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn parse_decimal(text: &str) -> Result<Decimal, Error> {
    let bad = || Error::new(ErrorKind::NotDecimal { value: text.to_owned() });
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return Err(bad());
    }
    Decimal::from_str_exact(text).map_err(|_| Error::new(ErrorKind::TooPrecise { value: text.to_owned() }))
}

/// The largest whole number [`parse_whole`] reads: nine digits.
pub(crate) const WHOLE_MAX: u32 = 999_999_999;

/// Parses a whole number of at most nine digits (a headcount).
pub(crate) fn parse_whole(text: &str) -> Result<u32, Error> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::new(CsvErrorKind::NotWholeNumber {
            value: Excerpt::of(text),
        }));
    }
    if text.trim_start_matches('0').len() > 9 {
        return Err(Error::new(CsvErrorKind::WholeNumberTooLarge {
            value: Excerpt::of(text),
            limit: WHOLE_MAX,
        }));
    }
    let text = match text.trim_start_matches('0') {
        "" => "0",
        digits => digits,
    };
    text.parse().map_err(|_| {
        Error::new(CsvErrorKind::NotWholeNumber {
            value: Excerpt::of(text),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn quotients_round_half_even_at_sixteen_places() {
        // 22 870 000 / 36 = 635 277.777…: the report's investment per month.
        assert_eq!(div(d("22870000"), d("36"), "x").unwrap(), d("635277.7777777777777778"));
        // 1 / 3 keeps sixteen threes.
        assert_eq!(div(d("1"), d("3"), "x").unwrap(), d("0.3333333333333333"));
        // An exact half at the 17th place goes to the even neighbour.
        assert_eq!(mul(d("0.00000000000000005"), d("1"), "x").unwrap(), d("0"));
        assert_eq!(
            mul(d("0.00000000000000015"), d("1"), "x").unwrap(),
            d("0.0000000000000002")
        );
    }

    #[test]
    fn overflow_is_an_error_naming_the_figure() {
        let err = mul(Decimal::MAX, d("2"), "value of saved days").unwrap_err();
        assert_eq!(
            err.to_string(),
            "arithmetic overflow computing value of saved days: the amounts are beyond exact decimal range"
        );
        assert!(add(Decimal::MAX, Decimal::ONE, "x").is_err());
    }

    #[test]
    fn a_zero_divisor_is_a_division_by_zero_naming_the_figure() {
        let err = div(Decimal::ONE, Decimal::ZERO, "x_adj(m)").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::DivisionByZero { figure } if figure == "x_adj(m)"));
        assert_eq!(
            err.to_string(),
            "division by zero computing x_adj(m): its divisor is 0 at 16 decimal places; an amount, day value or \
             index this small cannot be computed with exactly, so write it in a larger unit"
        );
        // A product that overflows before it is divided is an overflow.
        assert!(matches!(
            mul_div(Decimal::MAX, Decimal::TWO, Decimal::ZERO, "a · b", "a · b / c")
                .unwrap_err()
                .kind(),
            ErrorKind::Overflow { .. }
        ));
    }

    #[test]
    fn payable_amounts_round_to_ore() {
        assert_eq!(round_to_ore(d("1984537.5")), d("1984537.50"));
        assert_eq!(round_to_ore(d("2701245.518146")), d("2701245.52"));
        assert_eq!(floor_to_ore(d("2977223.4375")), d("2977223.43"));
    }

    #[test]
    fn whole_numbers_are_plain_digits() {
        assert_eq!(parse_whole("6350").unwrap(), 6350);
        for bad in ["", "-1", "1.0", "+5", "1 000", "9999999999"] {
            assert!(parse_whole(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_whole("000000000042").unwrap(), 42);
        assert_eq!(
            parse_whole("1000000000").unwrap_err().to_string(),
            "\"1000000000\" is above 999999999"
        );
    }
}
