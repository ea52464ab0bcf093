//! What-if: how many saved days per employee a contract needs to break even
//! and to reach its cap, what each party gets along the way, and what the
//! contract's target reduction would bring (`docs/method.md` §2.6 and §5).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::arith::{self, div, mul};
use crate::{Contract, Error, ErrorKind, MonthRange, MonthlySeries, Outcome, settle};

/// A point a contract may reach, in value and in saved days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Threshold {
    /// `break-even`, `cap: PROVIDER`, or `target` (with
    /// [`WhatIf::with_target`]).
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
    /// Each provider's result over the window, `A_w + P − C_w`
    /// (`docs/method.md` §3.12).
    pub results: Vec<Decimal>,
    /// What the funder keeps, `V − ΣP`.
    pub funder_keeps: Decimal,
    /// The funder's net result over the window,
    /// `V − (I_w − ΣC_w) − Σ(A_w + P)`.
    pub funder_net_result: Decimal,
    /// The project's net result over the window, `V − I_w`.
    pub project_net_result: Decimal,
}

/// The window at a target reduction of net sick days per employee against
/// the reference period (`docs/method.md` §2.6): each window month `m` at
/// `x_adj(m) = (1 − t) · x(ref(m))`, so `S = t · Σ x(ref(m)) · h(m)` and
/// `V = S · d`, and the window settled on that value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TargetPoint {
    /// The target reduction `t`, a share (`0.12` for 12 % fewer).
    pub target: Decimal,
    /// Sick days per employee in the reference months, `Σ x(ref(m))` over
    /// the window's months.
    pub reference_per_employee: Decimal,
    /// The reference months' sick days at each window month's headcount,
    /// `Σ x(ref(m)) · h(m)`.
    pub reference_days: Decimal,
    /// Saved days at the target, `S = t · Σ x(ref(m)) · h(m)`.
    pub saved_days: Decimal,
    /// The window settled on the value of those saved days: `per_employee`
    /// is `δ = t · Σ x(ref(m))`, `value` is `V = S · d`.
    pub row: SensitivityRow,
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
/// assert!(w.table.iter().any(|r| r.per_employee == w.thresholds[0].per_employee && r.project_net_result.is_zero()));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WhatIf {
    /// The contract's name.
    pub contract: String,
    /// The funder, who pays the providers ([`Contract::funder`]).
    pub funder: String,
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
    /// The window at the target reduction, with [`WhatIf::with_target`].
    pub at_target: Option<TargetPoint>,
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
        let base = settle(contract, &Outcome::from_value(contract, Decimal::ZERO, None)?)?;

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
                sensitivity_row(contract, per_employee, value)
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Self {
            contract: contract.name().to_owned(),
            funder: contract.funder().to_owned(),
            currency: contract.currency().to_owned(),
            window: contract.window(),
            headcount,
            providers: contract.providers().iter().map(|p| p.name().to_owned()).collect(),
            thresholds,
            table,
            at_target: None,
        })
    }

    /// The average headcount of the window's months in a monthly series,
    /// rounded half away from zero to whole employees: the headcount of the
    /// table when `utfall what-if` is given the series and no headcount.
    ///
    /// # Errors
    /// [`ErrorKind::MissingMonth`] for a window month the series lacks,
    /// [`ErrorKind::ZeroAverageHeadcount`] when the average rounds to 0,
    /// [`ErrorKind::Overflow`].
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, MonthlySeries, WhatIf};
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// let contract = Contract::from_toml_str(&text)?;
    /// let mut csv = String::from("month,net_days,headcount\n");
    /// for m in contract.window().iter() {
    ///     let h = if m.month() % 2 == 0 { 6300 } else { 6401 };
    ///     csv.push_str(&format!("{m},100,{h}\n"));
    /// }
    /// let series = MonthlySeries::from_csv_str(&csv)?;
    /// // 9 even months of 6 300 and 8 odd ones of 6 401 over 17: 6 347.53…, rounded.
    /// assert_eq!(WhatIf::average_headcount(&contract, &series)?, 6348);
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn average_headcount(contract: &Contract, series: &MonthlySeries) -> Result<u32, Error> {
        let window = contract.window();
        let mut total = Decimal::ZERO;
        for month in window.iter() {
            let data = series.get(month).ok_or_else(|| {
                Error::new(ErrorKind::MissingMonth {
                    month,
                    needed_as: "a month of the measured window".to_owned(),
                })
            })?;
            total = arith::add(total, Decimal::from(data.headcount), "Σ h(m)")?;
        }
        let average = div(total, Decimal::from(window.len()), "Σ h(m) / n")?
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        match u32::try_from(average) {
            Ok(0) => Err(Error::new(ErrorKind::ZeroAverageHeadcount).at_field("headcount")),
            Ok(h) => Ok(h),
            Err(_) => Err(Error::new(ErrorKind::Overflow {
                figure: "Σ h(m) / n".to_owned(),
            })),
        }
    }

    /// The contract's measured window at a target reduction `t` of net sick
    /// days per employee against the reference period (`docs/method.md`
    /// §2.6): `target`, or the contract's `[measurement] target_reduction`
    /// when `None`.
    ///
    /// Each window month `m` is taken at the target,
    /// `x_adj(m) = (1 − t) · x(ref(m))`, with `x(ref(m)) = N(ref) / h(ref)`;
    /// so the days saved in it are `t · x(ref(m)) · h(m)` at its own
    /// headcount, and over the window `S = t · Σ x(ref(m)) · h(m)` and
    /// `V = S · d` (with an amended day value, each month at its own,
    /// `V = Σ t · x(ref(m)) · h(m) · d(m)`). The window is then settled on
    /// that stated value, as [`Outcome::from_value`] and [`settle`] do: each
    /// provider's outcome payment, pay and result, what the funder keeps,
    /// its net result and the project's. Products and quotients are rounded
    /// to 16 places like every figure of the engine. The national index is
    /// not needed: at the target the trend-adjusted figure is given, so the
    /// index drops out.
    ///
    /// # Errors
    /// [`ErrorKind::NoTarget`] when neither `target` nor the contract gives
    /// one; [`ErrorKind::ShareOutOfRange`] for a target outside 0 to 1;
    /// [`ErrorKind::MissingMonth`] for a window or reference month the
    /// series lacks; [`ErrorKind::ZeroHeadcount`] for a reference month
    /// without employees; [`ErrorKind::Overflow`].
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, MonthlySeries, WhatIf};
    /// let contract = Contract::from_toml_str(r#"
    ///     name = "two months"
    ///     currency = "SEK"
    ///     investment = "1000"
    ///     day_value = "10"
    ///     term = { start = "2020-01", end = "2020-12" }
    ///     reference = { start = "2019-01", end = "2019-12" }
    ///     measurement = { end = "2020-02", target_reduction = "0.1" }
    ///     [[provider]]
    ///     name = "p"
    ///     contract_value = "500"
    ///     outcome_share = "0.5"
    ///     cap = "1.5"
    /// "#)?;
    /// let series = MonthlySeries::from_csv_str(
    ///     "month,net_days,headcount\n2019-01,120,100\n2019-02,90,90\n2020-01,0,100\n2020-02,0,110\n")?;
    /// let at = WhatIf::at_target(&contract, &series, None)?;
    /// // x(ref): 1.2 and 1.0; at each month's own headcount 120 + 110 = 230
    /// // reference days; 10 % of them saved: 23 days, worth 230.
    /// assert_eq!(at.reference_days.to_string(), "230");
    /// assert_eq!(at.saved_days.to_string(), "23");
    /// assert_eq!(at.row.value.to_string(), "230");
    /// // The providers' results and the funder's net result make the project's.
    /// let sum = at.row.results.iter().sum::<utfall_engine::Decimal>() + at.row.funder_net_result;
    /// assert_eq!(sum, at.row.project_net_result);
    /// assert!(WhatIf::at_target(&contract, &series, Some("1.2".parse().unwrap())).is_err());
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn at_target(
        contract: &Contract,
        series: &MonthlySeries,
        target: Option<Decimal>,
    ) -> Result<TargetPoint, Error> {
        let t = match target.or_else(|| contract.target_reduction()) {
            None => return Err(Error::new(ErrorKind::NoTarget).at_field("target")),
            Some(t) if t < Decimal::ZERO || t > Decimal::ONE => {
                return Err(Error::new(ErrorKind::ShareOutOfRange { value: t }).at_field("target"));
            }
            Some(t) => t,
        };
        let window = contract.window();
        let d = contract.day_value();
        let amended_day_value = window.iter().any(|m| contract.day_value_at(m) != d);
        let mut reference_per_employee = Decimal::ZERO;
        let mut reference_days = Decimal::ZERO;
        let mut amended_value = Decimal::ZERO;
        for month in window.iter() {
            let reference_month = contract.reference_month(month);
            let (data, reference) = crate::outcome::month_and_reference(series, month, reference_month)?;
            if reference.headcount == 0 {
                return Err(Error::new(ErrorKind::ZeroHeadcount { month: reference_month })
                    .at_line(reference.line)
                    .at_field("headcount"));
            }
            let x_ref = div(reference.net_days, Decimal::from(reference.headcount), "x(ref(m))")?;
            let days = mul(x_ref, Decimal::from(data.headcount), "x(ref(m)) · h(m)")?;
            reference_per_employee = arith::add(reference_per_employee, x_ref, "Σ x(ref(m))")?;
            reference_days = arith::add(reference_days, days, "Σ x(ref(m)) · h(m)")?;
            if amended_day_value {
                let saved = mul(t, days, "t · x(ref(m)) · h(m)")?;
                let value = mul(saved, contract.day_value_at(month), "V(m) = S(m) · d(m)")?;
                amended_value = arith::add(amended_value, value, "V = Σ V(m)")?;
            }
        }
        let saved_days = mul(t, reference_days, "S = t · Σ x(ref(m)) · h(m)")?;
        let value = if amended_day_value {
            amended_value
        } else {
            mul(saved_days, d, "V = S · d")?
        };
        let per_employee = mul(t, reference_per_employee, "δ = t · Σ x(ref(m))")?;
        Ok(TargetPoint {
            target: t,
            reference_per_employee,
            reference_days,
            saved_days,
            row: sensitivity_row(contract, per_employee, value)?,
        })
    }

    /// The what-if with the window at the target, `at`, among its
    /// thresholds (labelled `target`, its days per employee at the table's
    /// headcount, `V / (d · h)`) and as a row of its table.
    ///
    /// # Errors
    /// [`ErrorKind::Overflow`], and [`ErrorKind::DivisionByZero`] for a day
    /// value so small that `d · h` rounds to zero.
    pub fn with_target(mut self, contract: &Contract, at: TargetPoint) -> Result<Self, Error> {
        let d = contract.day_value();
        let h = Decimal::from(self.headcount);
        let n = Decimal::from(contract.window().len());
        let value = at.row.value;
        let per_employee = div(value, mul(d, h, "d · h")?, "V / (d · h)")?;
        self.thresholds.push(Threshold {
            label: "target".to_owned(),
            value,
            saved_days: div(value, d, "V / d")?,
            per_employee,
            per_employee_month: div(per_employee, n, "V / (d · h · n)")?,
        });
        if let Err(at_row) = self.table.binary_search_by(|r| r.per_employee.cmp(&per_employee)) {
            let row = SensitivityRow {
                per_employee,
                ..at.row.clone()
            };
            self.table.insert(at_row, row);
        }
        self.at_target = Some(at);
        Ok(self)
    }
}

/// The window settled on the value `value`, as a row of the table at
/// `per_employee` saved days per employee.
fn sensitivity_row(contract: &Contract, per_employee: Decimal, value: Decimal) -> Result<SensitivityRow, Error> {
    let s = settle(contract, &Outcome::from_value(contract, value, None)?)?;
    let results = contract
        .providers()
        .iter()
        .map(|p| s.figure(&format!("provider[{}].result", p.name())))
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(SensitivityRow {
        per_employee,
        value,
        payments: s.providers().iter().map(|p| p.outcome_payment).collect(),
        pay: s.providers().iter().map(|p| p.total_window).collect(),
        results,
        funder_keeps: s.figure("window.funder_keeps")?,
        funder_net_result: s.figure("window.funder_net_result")?,
        project_net_result: s.figure("window.net_result")?,
    })
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

    /// Six reference months of 20 days among 10 (x(ref) = 2), and window
    /// months of 10 employees but the last, of 20.
    fn target_series() -> MonthlySeries {
        let mut csv = String::from("month,net_days,headcount\n");
        for m in 1..=6 {
            csv.push_str(&format!("2019-0{m},20,10\n"));
        }
        for m in 1..=6 {
            let h = if m == 6 { 20 } else { 10 };
            csv.push_str(&format!("2020-0{m},999,{h}\n"));
        }
        MonthlySeries::from_csv_str(&csv).unwrap()
    }

    #[test]
    fn at_the_target_worked_by_hand() {
        // The hand contract: I = 1 200 over 12 months, 6 measured (I_w = 600),
        // d = 10; P with C = 600, r = 0.5, k = 1.5, so s = 0.25.
        let contract = crate::hand::contract("");
        let at = WhatIf::at_target(&contract, &target_series(), Some(d("0.25"))).unwrap();
        // Σ x(ref(m)) = 6 · 2 = 12; Σ x(ref(m)) · h(m) = 2 · (5 · 10 + 20) = 140.
        assert_eq!((at.reference_per_employee, at.reference_days), (d("12"), d("140")));
        // S = 0.25 · 140 = 35 days, V = 350; δ = 0.25 · 12 = 3 per employee.
        assert_eq!(
            (at.saved_days, at.row.value, at.row.per_employee),
            (d("35"), d("350"), d("3"))
        );
        let r = &at.row;
        // P = 0.25 · 350 = 87.50 (cap 0.25 · 900 = 225); A_w = 0.5 · 600 · 6 / 12 = 150.
        assert_eq!((r.payments[0], r.pay[0]), (d("87.50"), d("237.50")));
        // Its result: 237.50 − C_w (600 · 6 / 12 = 300) = −62.50.
        assert_eq!(r.results[0], d("-62.50"));
        // The funder keeps 350 − 87.50; its net result 350 − (600 − 300) − 237.50.
        assert_eq!((r.funder_keeps, r.funder_net_result), (d("262.50"), d("-187.50")));
        // The project: 350 − 600 = −250 = −62.50 − 187.50.
        assert_eq!(r.project_net_result, d("-250"));

        // The contract's own target, when none is given; none at all is an error.
        assert!(matches!(
            WhatIf::at_target(&contract, &target_series(), None).unwrap_err().kind(),
            ErrorKind::NoTarget
        ));
        let text = crate::hand::text("").replace("end = \"2020-06\"", "end = \"2020-06\", target_reduction = \"0.25\"");
        let stated = Contract::from_toml_str(&text).unwrap();
        assert_eq!(WhatIf::at_target(&stated, &target_series(), None).unwrap(), at);
        assert!(matches!(
            WhatIf::at_target(&contract, &target_series(), Some(d("-0.1")))
                .unwrap_err()
                .kind(),
            ErrorKind::ShareOutOfRange { .. }
        ));
    }

    #[test]
    fn the_target_joins_thresholds_and_table() {
        let contract = crate::hand::contract("");
        let at = WhatIf::at_target(&contract, &target_series(), Some(d("0.25"))).unwrap();
        let h = WhatIf::average_headcount(&contract, &target_series()).unwrap();
        assert_eq!(h, 12); // (5 · 10 + 20) / 6 = 11.67, rounded
        let w = WhatIf::new(&contract, 10, Some(d("1")))
            .unwrap()
            .with_target(&contract, at)
            .unwrap();
        let t = w.thresholds.last().unwrap();
        // V = 350 at 10 employees: 350 / (10 · 10) = 3.5 per employee.
        assert_eq!(
            (t.label.as_str(), t.value, t.per_employee),
            ("target", d("350"), d("3.5"))
        );
        let row = w.table.iter().find(|r| r.per_employee == d("3.5")).unwrap();
        assert_eq!((row.value, row.payments[0]), (d("350"), d("87.50")));
        assert!(w.table.windows(2).all(|p| p[0].per_employee < p[1].per_employee));
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
