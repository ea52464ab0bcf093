//! What-if: how many saved days per employee a contract needs to break even
//! and to reach its cap, and what each party gets along the way.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::arith::{div, mul};
use crate::{Contract, Error, ErrorKind, MonthRange, Outcome, settle};

/// A point a contract may reach, in value and in saved days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Threshold {
    /// `break-even`, or `cap: PROVIDER`.
    pub label: String,
    /// Value of saved days there.
    pub value: Decimal,
    /// Saved days, `V / d`.
    pub saved_days: Decimal,
    /// Saved days per employee over the window, `V / (d · h)`.
    pub per_employee: Decimal,
    /// Saved days per employee and month, `V / (d · h · n)`.
    pub per_employee_month: Decimal,
}

/// One row of the sensitivity table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SensitivityRow {
    /// Saved days per employee over the window.
    pub per_employee: Decimal,
    /// Value of saved days, `δ · h · d`.
    pub value: Decimal,
    /// Each provider's outcome payment, in the contract's order.
    pub payments: Vec<Decimal>,
    /// Each provider's pay over the window (activity fee plus outcome payment).
    pub pay: Vec<Decimal>,
    /// What the funder keeps, `V − ΣP`.
    pub funder_keeps: Decimal,
    /// The project's net result over the window, `V − I_w`.
    pub net_result: Decimal,
}

/// Break-even, caps and a sensitivity table for a contract and a headcount.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, WhatIf};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
/// #     "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let w = WhatIf::new(&contract, 6350, None)?;
/// // Over the 17 measured months, 6 350 employees must each save 0.82 days to
/// // break even (the report's 1.1 did) and 1.23 days to reach the cap.
/// assert_eq!(w.thresholds[0].per_employee.round_dp(2).to_string(), "0.82");
/// assert_eq!(w.thresholds[1].per_employee.round_dp(2).to_string(), "1.23");
/// assert!(w.table.iter().any(|r| r.per_employee == w.thresholds[0].per_employee && r.net_result.is_zero()));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WhatIf {
    /// The contract's name.
    pub contract: String,
    /// Its currency.
    pub currency: String,
    /// The measured window.
    pub window: MonthRange,
    /// Employees `h`.
    pub headcount: u32,
    /// The providers' names, in the order of the table's columns.
    pub providers: Vec<String>,
    /// Break-even, then each provider's cap.
    pub thresholds: Vec<Threshold>,
    /// Payments by saved days per employee, in steps, with the thresholds.
    pub table: Vec<SensitivityRow>,
}

impl WhatIf {
    /// Computes the thresholds over the contract's measured window for
    /// `headcount` employees, and a table in steps of `step` saved days per
    /// employee (by default a round step giving about 15 rows up to a quarter
    /// past the highest cap).
    ///
    /// # Errors
    /// [`ErrorKind::ZeroAverageHeadcount`] for a headcount of 0,
    /// [`ErrorKind::NotPositive`] for a step of 0 or less,
    /// [`ErrorKind::TooManySteps`] for a step giving more than 1 000 rows,
    /// [`ErrorKind::Overflow`], and [`ErrorKind::DivisionByZero`] for a day
    /// value so small that `d · h` rounds to zero.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, WhatIf};
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// let contract = Contract::from_toml_str(&text)?;
    /// let w = WhatIf::new(&contract, 6350, Some("0.5".parse().unwrap()))?;
    /// let steps: Vec<String> = w.table.iter().map(|r| r.per_employee.round_dp(3).to_string()).collect();
    /// assert_eq!(steps, ["0", "0.5", "0.818", "1.0", "1.226", "1.5"]);
    /// assert!(WhatIf::new(&contract, 0, None).is_err());
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn new(contract: &Contract, headcount: u32, step: Option<Decimal>) -> Result<Self, Error> {
        if headcount == 0 {
            return Err(Error::new(ErrorKind::ZeroAverageHeadcount).at_field("headcount"));
        }
        let h = Decimal::from(headcount);
        let d = contract.day_value();
        let n = Decimal::from(contract.window().len());
        let days_per_krona = mul(d, h, "d · h")?;
        let at = |value: Decimal| settle(contract, &Outcome::from_value(contract, value, None)?);
        let base = at(Decimal::ZERO)?;

        let threshold = |label: String, value: Decimal| -> Result<Threshold, Error> {
            let per_employee = div(value, days_per_krona, "V / (d · h)")?;
            Ok(Threshold {
                label,
                value,
                saved_days: div(value, d, "V / d")?,
                per_employee,
                per_employee_month: div(per_employee, n, "V / (d · h · n)")?,
            })
        };
        let mut thresholds = vec![threshold("break-even".to_owned(), base.figure("window.investment")?)?];
        for p in contract.providers() {
            let cap = base.figure(&format!("provider[{}].cap_value", p.name()))?;
            thresholds.push(threshold(format!("cap: {}", p.name()), cap)?);
        }

        let highest = thresholds.iter().map(|t| t.per_employee).max().unwrap_or(Decimal::ONE);
        let top = mul(highest, Decimal::new(125, 2), "1.25 · highest cap")?;
        let step = match step {
            Some(s) if s <= Decimal::ZERO => {
                return Err(Error::new(ErrorKind::NotPositive { value: s }).at_field("step"));
            }
            Some(s) => s,
            None => nice_step(top)?,
        };
        // A step given by hand may be so small that the table would never end
        // (0.0000001 days up to 1.5 is 15 million settlements): refuse it.
        let rows = div(top, step, "rows = top / step")?;
        if rows > Decimal::from(MAX_ROWS) {
            return Err(Error::new(ErrorKind::TooManySteps {
                step,
                top,
                limit: MAX_ROWS,
            })
            .at_field("step"));
        }
        let mut steps = Vec::new();
        let mut delta = Decimal::ZERO;
        while delta <= top {
            steps.push(delta);
            delta = crate::arith::add(delta, step, "δ + step")?;
        }
        steps.extend(thresholds.iter().map(|t| t.per_employee));
        steps.sort();
        steps.dedup();

        let table = steps
            .into_iter()
            .map(|per_employee| {
                // At a threshold, use its exact value rather than δ · d · h again.
                let value = match thresholds.iter().find(|t| t.per_employee == per_employee) {
                    Some(t) => t.value,
                    None => mul(per_employee, days_per_krona, "δ · d · h")?,
                };
                let s = at(value)?;
                Ok(SensitivityRow {
                    per_employee,
                    value,
                    payments: s.providers().iter().map(|p| p.outcome_payment).collect(),
                    pay: s.providers().iter().map(|p| p.total_window).collect(),
                    funder_keeps: s.figure("window.funder_keeps")?,
                    net_result: s.figure("window.net_result")?,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Self {
            contract: contract.name().to_owned(),
            currency: contract.currency().to_owned(),
            window: contract.window(),
            headcount,
            providers: contract.providers().iter().map(|p| p.name().to_owned()).collect(),
            thresholds,
            table,
        })
    }
}

/// Most rows of a sensitivity table, besides the thresholds.
const MAX_ROWS: u32 = 1000;

/// A round step (1, 2, 2.5 or 5 times a power of ten) giving at most 15 steps
/// up to `top`.
fn nice_step(top: Decimal) -> Result<Decimal, Error> {
    let raw = div(top, Decimal::from(15), "step")?;
    if raw <= Decimal::ZERO {
        return Ok(Decimal::ONE);
    }
    let ten = Decimal::TEN;
    let mut power = Decimal::ONE;
    while power > raw && power.scale() < 20 {
        power = div(power, ten, "step")?;
    }
    while mul(power, ten, "step")? <= raw {
        power = mul(power, ten, "step")?;
    }
    for m in [Decimal::ONE, Decimal::TWO, Decimal::new(25, 1), Decimal::new(5, 0), ten] {
        let candidate = mul(power, m, "step")?;
        if candidate >= raw {
            return Ok(candidate);
        }
    }
    mul(power, ten, "step")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::hand::d;

    #[test]
    fn thresholds_worked_by_hand() {
        // I = 1 200 over 12 months, 6 measured: I_w = 600; d = 10, h = 20.
        let contract = crate::hand::contract("");
        let w = WhatIf::new(&contract, 20, Some(d("1"))).unwrap();
        let t = &w.thresholds;
        // Break-even: V = 600 → 60 days → 3 per employee → 0.5 per employee and month.
        assert_eq!(
            (t[0].value, t[0].saved_days, t[0].per_employee, t[0].per_employee_month),
            (d("600"), d("60"), d("3"), d("0.5"))
        );
        // Cap: V = 1.5 · 600 = 900 → 4.5 per employee.
        assert_eq!((t[1].value, t[1].per_employee), (d("900"), d("4.5")));
        // Rows at 0, 1, …, 5 and 4.5; payments 0.25 · V up to 225.
        let rows: Vec<(Decimal, Decimal)> = w.table.iter().map(|r| (r.per_employee, r.payments[0])).collect();
        assert_eq!(
            rows,
            [
                (d("0"), d("0")),
                (d("1"), d("50")),
                (d("2"), d("100")),
                (d("3"), d("150")),
                (d("4"), d("200")),
                (d("4.5"), d("225")),
                (d("5"), d("225"))
            ]
        );
    }

    #[test]
    fn round_steps() {
        assert_eq!(nice_step(d("1.5")).unwrap(), d("0.1"));
        assert_eq!(nice_step(d("15")).unwrap(), d("1"));
        assert_eq!(nice_step(d("20")).unwrap(), d("2"));
        assert_eq!(nice_step(d("36")).unwrap(), d("2.5"));
        assert_eq!(nice_step(d("0.6")).unwrap(), d("0.05"));
    }
}
