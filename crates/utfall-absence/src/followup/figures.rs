//! The follow-up's figures in integers: a national register gives some 13
//! million workplace rows, and a decimal division and formatting each would
//! cost more than the measurement; these give the same text exactly.

use std::fmt::Write as _;

/// Net days per employee, `centi / (800 · headcount)`, × 10¹⁶ rounded half
/// to even: the 16 places of [`GroupNetDays::per_employee`](super::GroupNetDays::per_employee),
/// exactly (a decimal division would round at 28 digits first). `None`
/// when the headcount is 0.
pub(crate) fn per_employee(centi: u64, headcount: u32) -> Option<u128> {
    per_employees(centi, u64::from(headcount))
}

/// [`per_employee`] over `employees` (a sum of headcounts over months).
pub(crate) fn per_employees(centi: u64, employees: u64) -> Option<u128> {
    let denominator = u128::from(employees) * 800;
    if denominator == 0 {
        return None;
    }
    let (q, r) = match (centi.checked_mul(E8), employees.checked_mul(800)) {
        // Long division in two steps of 10⁸, in 64 bits (a 128-bit division
        // costs several times more, and the tables make 13 million): the
        // same quotient and remainder.
        (Some(a), Some(d)) if d.checked_mul(E8).is_some() => {
            let (q1, r1) = (a / d, a % d);
            let b = r1 * E8;
            let (q2, r2) = (b / d, b % d);
            (u128::from(q1) * u128::from(E8) + u128::from(q2), u128::from(r2))
        }
        _ => {
            let numerator = u128::from(centi) * 10u128.pow(16);
            (numerator / denominator, numerator % denominator)
        }
    };
    let up = match (2 * r).cmp(&denominator) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => q % 2 == 1,
        std::cmp::Ordering::Less => false,
    };
    Some(q + u128::from(up))
}

const E8: u64 = 100_000_000;

/// Appends `value / 10^places` as the tables write figures: always with a
/// decimal point, no trailing zeros beyond the first (`0.0`, `1.5`, `6.05`).
pub(crate) fn push_fixed(out: &mut String, value: u128, places: u32) {
    let scale = 10u128.pow(places);
    let (whole, mut fraction) = (value / scale, value % scale);
    match u64::try_from(whole) {
        Ok(whole) => push_digits(out, whole, 0),
        Err(_) => {
            let _ = write!(out, "{whole}");
        }
    }
    out.push('.');
    if fraction == 0 {
        out.push('0');
        return;
    }
    let mut digits = places;
    while fraction % 10 == 0 {
        fraction /= 10;
        digits -= 1;
    }
    match u64::try_from(fraction) {
        Ok(fraction) => push_digits(out, fraction, digits as usize),
        Err(_) => {
            let _ = write!(out, "{fraction:0width$}", width = digits as usize);
        }
    }
}

/// Appends a decimal as [`figure`](crate::output::figure) writes it (its
/// digits, always with a decimal point, no trailing zeros past the first),
/// without making a string of it first.
pub(crate) fn push_figure(out: &mut String, value: rust_decimal::Decimal) {
    let value = value.normalize();
    let mantissa = value.mantissa();
    if mantissa < 0 {
        out.push('-');
    }
    push_fixed(out, mantissa.unsigned_abs(), value.scale());
}

/// Appends `value` in decimal digits, zero-padded to `width`: what
/// `write!(out, "{value:0width$}")` writes, without the formatting
/// machinery (some 40 million figures at national size).
pub(crate) fn push_digits(out: &mut String, mut value: u64, width: usize) {
    let mut buffer = [b'0'; 20];
    let mut at = buffer.len();
    loop {
        at -= 1;
        if let Some(b) = buffer.get_mut(at) {
            *b = b'0' + (value % 10) as u8;
        }
        value /= 10;
        if value == 0 {
            break;
        }
    }
    let start = at.min(buffer.len().saturating_sub(width));
    for &b in buffer.get(start..).unwrap_or_default() {
        out.push(char::from(b));
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::{Decimal, RoundingStrategy};

    use super::*;
    use crate::output::figure;

    fn text(value: u128, places: u32) -> String {
        let mut s = String::new();
        push_fixed(&mut s, value, places);
        s
    }

    #[test]
    fn figures_are_written_as_the_decimal_tables_write_them() {
        for (centi, head) in [
            (0u64, 1u32),
            (600, 4),
            (650, 3),
            (1, 7),
            (2400, 11),
            (123_456, 997),
            (5, 1),
            (799, 1),
        ] {
            let exact = per_employee(centi, head).unwrap();
            let decimal = (Decimal::from(centi) / Decimal::from(u64::from(head) * 800))
                .round_dp_with_strategy(16, RoundingStrategy::MidpointNearestEven)
                .normalize();
            assert_eq!(text(exact, 16), figure(decimal), "{centi} / {head}");
            assert_eq!(
                text(u128::from(centi), 2),
                figure(Decimal::new(i64::try_from(centi).unwrap(), 2))
            );
        }
        assert_eq!(per_employee(5, 0), None);
    }

    /// The 64-bit long division and the 128-bit one agree, also past the
    /// range of the first, and the digits are those of the formatter.
    #[test]
    fn both_divisions_and_the_digits() {
        let slow = |centi: u64, employees: u64| {
            let (n, d) = (u128::from(centi) * 10u128.pow(16), u128::from(employees) * 800);
            let (q, r) = (n / d, n % d);
            q + u128::from(2 * r > d || (2 * r == d && q % 2 == 1))
        };
        for (centi, employees) in [
            (1, 4096),
            (3, 4096),
            (123_456_789, 3),
            (u64::MAX / E8, 7),
            (u64::MAX / E8 + 1, 7),
            (u64::MAX, 1),
            (5, u64::MAX / 800 / E8),
            (5, u64::MAX / 800 / E8 + 1),
            (99, u64::MAX / 800),
        ] {
            assert_eq!(
                per_employees(centi, employees),
                Some(slow(centi, employees)),
                "{centi} / {employees}"
            );
        }
        for (value, width) in [(0u64, 0usize), (7, 3), (1234, 2), (u64::MAX, 0), (42, 16)] {
            let mut s = String::new();
            push_digits(&mut s, value, width);
            assert_eq!(s, format!("{value:0width$}"));
        }
        assert_eq!(text(u128::from(u64::MAX) * 1000 + 5, 3), format!("{}.005", u64::MAX));
        assert_eq!(text(u128::MAX, 0), format!("{}.0", u128::MAX));
    }

    #[test]
    fn figures_of_decimals() {
        for text in [
            "0",
            "1",
            "1.5",
            "-2.25",
            "0.0000001",
            "-0.5",
            "123456789.123456789",
            "1.10",
            "-3",
        ] {
            let value: Decimal = text.parse().unwrap();
            let mut s = String::new();
            push_figure(&mut s, value);
            assert_eq!(s, figure(value), "{text}");
        }
        let mut s = String::new();
        push_figure(&mut s, Decimal::MAX);
        assert_eq!(s, figure(Decimal::MAX));
    }

    #[test]
    fn a_tie_at_the_17th_place_rounds_to_even() {
        // 10¹⁶ · c / (800 · 4096) = c · 5¹⁴ / 2: a tie for every odd c.
        assert_eq!(per_employee(1, 4096), Some(3_051_757_812));
        assert_eq!(per_employee(3, 4096), Some(9_155_273_438));
        assert_eq!(text(per_employee(1, 4096).unwrap(), 16), "0.0000003051757812");
    }
}
