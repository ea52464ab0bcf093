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
    let numerator = u128::from(centi) * 10u128.pow(16);
    let (q, r) = (numerator / denominator, numerator % denominator);
    let up = match (2 * r).cmp(&denominator) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => q % 2 == 1,
        std::cmp::Ordering::Less => false,
    };
    Some(q + u128::from(up))
}

/// Appends `value / 10^places` as the tables write figures: always with a
/// decimal point, no trailing zeros beyond the first (`0.0`, `1.5`, `6.05`).
pub(crate) fn push_fixed(out: &mut String, value: u128, places: u32) {
    let scale = 10u128.pow(places);
    let (whole, mut fraction) = (value / scale, value % scale);
    let _ = write!(out, "{whole}.");
    if fraction == 0 {
        out.push('0');
        return;
    }
    let mut digits = places;
    while fraction % 10 == 0 {
        fraction /= 10;
        digits -= 1;
    }
    let _ = write!(out, "{fraction:0width$}", width = digits as usize);
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

    #[test]
    fn a_tie_at_the_17th_place_rounds_to_even() {
        // 10¹⁶ · c / (800 · 4096) = c · 5¹⁴ / 2: a tie for every odd c.
        assert_eq!(per_employee(1, 4096), Some(3_051_757_812));
        assert_eq!(per_employee(3, 4096), Some(9_155_273_438));
        assert_eq!(text(per_employee(1, 4096).unwrap(), 16), "0.0000003051757812");
    }
}
