//! The measured outcome: saved net sick days over the measured window and their
//! value (`docs/method.md` §2), from a monthly series or from a stated value;
//! `reduction.rs` holds the reduction against the reference period and the
//! target (§2.6).

mod reduction;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::arith::{self, div, mul, sub};
use crate::trace::{Entry, Line, Tracer, Unit};
use crate::{Contract, Error, ErrorKind, Month, MonthData, MonthRange, MonthlySeries, NationalIndex, Rule, Trend};
use reduction::record_reduction;

/// One month of the measured window, every column of `docs/method.md` §2.2.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthOutcome {
    /// The month `m`.
    pub month: Month,
    /// `ref(m)`, the reference month with the same calendar month.
    pub reference_month: Month,
    /// Net short-term sick days in `m`.
    pub net_days: Decimal,
    /// Employees in `m`.
    pub headcount: u32,
    /// `x(m) = net_days(m) / headcount(m)`.
    pub per_employee: Decimal,
    /// Net days in `ref(m)`.
    pub reference_net_days: Decimal,
    /// Employees in `ref(m)`.
    pub reference_headcount: u32,
    /// `x(ref(m))`.
    pub reference_per_employee: Decimal,
    /// `index(m)`, with trend adjustment.
    pub index: Option<Decimal>,
    /// `index(ref(m))`, with trend adjustment.
    pub reference_index: Option<Decimal>,
    /// `x_adj(m) = x(m) · index(ref(m)) / index(m)`, or `x(m)` without trend.
    pub adjusted_per_employee: Decimal,
    /// `δ(m) = x(ref(m)) − x_adj(m)`: days saved per employee (positive = saved).
    pub delta: Decimal,
    /// `S(m) = δ(m) · headcount(m)`: days saved in the month.
    pub saved_days: Decimal,
}

/// How the outcome was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Basis {
    /// Measured month by month from a monthly series.
    Monthly {
        /// The trend adjustment used.
        trend: Trend,
        /// The months of the window.
        months: Vec<MonthOutcome>,
    },
    /// A value of saved days stated by the user (`settle --value`), such as the
    /// report's 14 700 000 kr.
    StatedValue,
}

/// The outcome over the measured window: saved days `S` and their value `V`.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, MonthlySeries, Outcome};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
/// #     "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
///
/// // The report's stated value; 6 350 employees on average (4 900 + 1 450):
/// let outcome = Outcome::from_value(&contract, "14700000".parse().unwrap(), Some(6350))?;
/// assert_eq!(outcome.saved_days().round_dp(2).to_string(), "7067.31");
/// assert_eq!(outcome.delta_per_employee().map(|d| d.round_dp(2).to_string()).as_deref(), Some("1.11"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    window: MonthRange,
    basis: Basis,
    delta_per_employee: Option<Decimal>,
    saved_days: Decimal,
    value: Decimal,
    reduction: Option<Decimal>,
    // The same lines are in the statement's sections.
    #[serde(skip)]
    trace: Vec<Line>,
}

impl Outcome {
    /// Measures the outcome over the contract's window from a monthly series and,
    /// when the contract sets `trend = "national-index"`, the national index.
    ///
    /// For each month `m` of the window (`docs/method.md` §2.2):
    /// `x(m) = net_days(m) / headcount(m)`;
    /// `x_adj(m) = x(m) · index(ref(m)) / index(m)` (computed as
    /// `net_days(m) · index(ref(m)) / (headcount(m) · index(m))`, one rounding);
    /// `δ(m) = x(ref(m)) − x_adj(m)`; `S(m) = δ(m) · headcount(m)`. Then
    /// `δ = Σ δ(m)`, `S = Σ S(m)`, `V = S · d`.
    ///
    /// # Errors
    /// [`ErrorKind::MissingMonth`] for a window or reference month the series
    /// lacks, [`ErrorKind::MissingIndexMonth`] for one the index lacks; [`ErrorKind::ZeroHeadcount`] for a month with no
    /// employees; [`ErrorKind::IndexRequired`] / [`ErrorKind::IndexNotUsed`] when
    /// the index is missing or not wanted; [`ErrorKind::Overflow`], and
    /// [`ErrorKind::DivisionByZero`] for an index so small that
    /// `headcount(m) · index(m)` rounds to zero. Errors carry the line of the
    /// offending row when there is one; [`Error::input_file`] says which file
    /// it is in.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, MonthlySeries, Outcome};
    /// let contract = Contract::from_toml_str(r#"
    ///     name = "one month"
    ///     currency = "SEK"
    ///     investment = "1000"
    ///     day_value = "10"
    ///     term = { start = "2020-01", end = "2020-12" }
    ///     reference = { start = "2019-01", end = "2019-12" }
    ///     measurement = { end = "2020-01" }
    ///     [[provider]]
    ///     name = "p"
    ///     contract_value = "500"
    ///     outcome_share = "0.5"
    ///     cap = "1.5"
    /// "#)?;
    /// let series = MonthlySeries::from_csv_str(
    ///     "month,net_days,headcount\n2019-01,120,100\n2020-01,90,100\n")?;
    /// let outcome = Outcome::from_monthly(&contract, &series, None)?;
    /// // (120/100 − 90/100) · 100 = 30 days, worth 300.
    /// assert_eq!(outcome.saved_days().to_string(), "30");
    /// assert_eq!(outcome.value().to_string(), "300");
    ///
    /// let gap = MonthlySeries::from_csv_str("month,net_days,headcount\n2020-01,90,100\n")?;
    /// assert_eq!(
    ///     Outcome::from_monthly(&contract, &gap, None).unwrap_err().to_string(),
    ///     "month 2019-01 is missing; it is needed as the reference month of 2020-01",
    /// );
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn from_monthly(
        contract: &Contract,
        series: &MonthlySeries,
        index: Option<&NationalIndex>,
    ) -> Result<Self, Error> {
        let index = index_for(contract, index)?;
        let window = contract.window();
        let mut t = Tracer::new(contract.sources());
        let mut months = Vec::with_capacity(window.len() as usize);
        for month in window.iter() {
            let reference_month = contract.reference_month(month);
            let row = month_outcome(month, reference_month, series, index, &mut t)?;
            months.push(row);
        }

        let delta = t.record(
            Entry::new(
                "outcome.delta",
                "days saved per employee over the window",
                "δ = Σ δ(m)",
                Unit::DaysPerEmployee,
                Rule::OutcomeTotal,
            ),
            &[],
            arith::sum(months.iter().map(|m| m.delta), "δ = Σ δ(m)")?,
        );
        let saved_days = t.record(
            Entry::new(
                "outcome.saved_days",
                "net sick days saved over the window",
                "S = Σ S(m)",
                Unit::Days,
                Rule::OutcomeTotal,
            ),
            &[],
            arith::sum(months.iter().map(|m| m.saved_days), "S = Σ S(m)")?,
        );
        let d = contract.day_value();
        let value = if window.iter().all(|m| contract.day_value_at(m) == d) {
            t.record(
                Entry::new(
                    "outcome.value",
                    "value of saved days",
                    "V = S · d",
                    Unit::Money,
                    Rule::Value,
                ),
                &[("S", saved_days, "outcome.saved_days"), ("d", d, "contract.day_value")],
                mul(saved_days, d, "V = S · d")?,
            )
        } else {
            // An amendment changed the day value: each month at its own.
            let mut values = Vec::with_capacity(months.len());
            for m in &months {
                let d_m = contract.day_value_at(m.month);
                let d_term = contract.day_value_term_at(m.month);
                values.push(t.record(
                    Entry::new(
                        format!("month[{}].value", m.month),
                        format!("value of days saved, {}", m.month),
                        "V(m) = S(m) · d(m)",
                        Unit::Money,
                        Rule::Value,
                    ),
                    &[("S(m)", m.saved_days, "month.saved_days"), ("d(m)", d_m, &d_term)],
                    mul(m.saved_days, d_m, "V(m) = S(m) · d(m)")?,
                ));
            }
            t.record(
                Entry::new(
                    "outcome.value",
                    "value of saved days (day value amended)",
                    "V = Σ V(m)",
                    Unit::Money,
                    Rule::Value,
                ),
                &[],
                arith::sum(values, "V = Σ V(m)")?,
            )
        };
        let reduction = record_reduction(contract, &months, &mut t)?;
        Ok(Self {
            window,
            basis: Basis::Monthly {
                trend: contract.trend(),
                months,
            },
            delta_per_employee: Some(delta),
            saved_days,
            value,
            reduction,
            trace: t.lines,
        })
    }

    /// Takes a stated value of saved days `V` for the contract's window, as the
    /// report states 14 700 000 kr. The saved days are derived, `S = V / d`, and
    /// with an average `headcount` the days per employee, `δ = S / headcount`.
    ///
    /// A negative `V` (days lost) is allowed: nothing is paid on it.
    ///
    /// # Errors
    /// [`ErrorKind::ZeroAverageHeadcount`] for a headcount of 0; [`ErrorKind::Overflow`].
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, Outcome};
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// let contract = Contract::from_toml_str(&text)?;
    /// let outcome = Outcome::from_value(&contract, "2080".parse().unwrap(), None)?;
    /// assert_eq!(outcome.saved_days().to_string(), "1");
    /// assert_eq!(outcome.delta_per_employee(), None);
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn from_value(contract: &Contract, value: Decimal, headcount: Option<u32>) -> Result<Self, Error> {
        let window = contract.window();
        let mut t = Tracer::new(contract.sources());
        let value = t.record(
            Entry::new(
                "outcome.value",
                "value of saved days (stated)",
                "given",
                Unit::Money,
                Rule::StatedValue,
            ),
            &[],
            value,
        );
        // With an amended day value, a stated value is turned into days at the
        // day value of the window's last month.
        let d = contract.day_value_at(window.end());
        let saved_days = t.record(
            Entry::new(
                "outcome.saved_days",
                "net sick days saved over the window (derived)",
                "S = V / d",
                Unit::Days,
                Rule::StatedValue,
            ),
            &[
                ("V", value, "outcome.value"),
                ("d", d, &contract.day_value_term_at(window.end())),
            ],
            div(value, d, "S = V / d")?,
        );
        let delta_per_employee = match headcount {
            None => None,
            Some(0) => return Err(Error::new(ErrorKind::ZeroAverageHeadcount).at_field("headcount")),
            Some(h) => {
                let h = Decimal::from(h);
                Some(t.record(
                    Entry::new(
                        "outcome.delta",
                        "days saved per employee over the window (derived)",
                        "δ = S / h",
                        Unit::DaysPerEmployee,
                        Rule::StatedValue,
                    ),
                    &[
                        ("S", saved_days, "outcome.saved_days"),
                        ("h", h, "average headcount (given)"),
                    ],
                    div(saved_days, h, "δ = S / h")?,
                ))
            }
        };
        Ok(Self {
            window,
            basis: Basis::StatedValue,
            delta_per_employee,
            saved_days,
            value,
            reduction: None,
            trace: t.lines,
        })
    }

    /// The measured window.
    pub fn window(&self) -> MonthRange {
        self.window
    }

    /// How the outcome was found, with the month-by-month table when measured.
    pub fn basis(&self) -> &Basis {
        &self.basis
    }

    /// `δ`, days saved per employee over the window (the report's "1,1 dagar per
    /// anställd"), when known.
    pub fn delta_per_employee(&self) -> Option<Decimal> {
        self.delta_per_employee
    }

    /// `S`, net sick days saved over the window.
    pub fn saved_days(&self) -> Decimal {
        self.saved_days
    }

    /// `V`, the value of the saved days.
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// The reduction of net sick days per employee against the reference
    /// period over the window, `1 − Σ x_adj(m) / Σ x(ref(m))`
    /// (`docs/method.md` §2.6): `0.12` for 12 % fewer, negative for more.
    /// Known only when measured month by month, and when the reference
    /// months had any sick days.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, Outcome};
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// let contract = Contract::from_toml_str(&text)?;
    /// let stated = Outcome::from_value(&contract, "14700000".parse().unwrap(), Some(6350))?;
    /// assert_eq!(stated.reduction(), None); // a stated value cannot tell
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn reduction(&self) -> Option<Decimal> {
        self.reduction
    }

    /// The lines that explain the outcome.
    pub fn trace(&self) -> &[Line] {
        &self.trace
    }
}

/// The national index the contract's trend setting asks for: `index` with
/// `trend = "national-index"`, none with `trend = "none"`.
pub(crate) fn index_for<'i>(
    contract: &Contract,
    index: Option<&'i NationalIndex>,
) -> Result<Option<&'i NationalIndex>, Error> {
    match (contract.trend(), index) {
        (Trend::None, None) => Ok(None),
        (Trend::None, Some(_)) => Err(Error::new(ErrorKind::IndexNotUsed)),
        (Trend::NationalIndex, None) => Err(Error::new(ErrorKind::IndexRequired)),
        (Trend::NationalIndex, Some(index)) => Ok(Some(index)),
    }
}

/// One month of the window with its line of the trace: `δ(m)` and `S(m)`.
fn month_outcome(
    month: Month,
    reference_month: Month,
    series: &MonthlySeries,
    index: Option<&NationalIndex>,
    t: &mut Tracer,
) -> Result<MonthOutcome, Error> {
    let row = measure_month(month, reference_month, series, index)?;
    let mut inputs = vec![
        ("N(ref)", row.reference_net_days, "monthly series"),
        ("h(ref)", Decimal::from(row.reference_headcount), "monthly series"),
        ("N(m)", row.net_days, "monthly series"),
        ("h(m)", Decimal::from(row.headcount), "monthly series"),
    ];
    let (adjusted, formula) = match (row.index, row.reference_index) {
        (Some(idx), Some(idx_ref)) => {
            inputs.extend([
                ("idx(ref)", idx_ref, "national index"),
                ("idx(m)", idx, "national index"),
            ]);
            (
                ", trend-adjusted",
                "δ(m) = N(ref) / h(ref) − N(m) · idx(ref) / (h(m) · idx(m))",
            )
        }
        _ => ("", "δ(m) = N(ref) / h(ref) − N(m) / h(m)"),
    };
    t.record(
        Entry::new(
            format!("month[{month}].delta"),
            format!("days saved per employee, {month} (reference {reference_month}){adjusted}"),
            formula,
            Unit::DaysPerEmployee,
            Rule::OutcomeMonthly,
        )
        // ref(m) comes from the reference period, x_adj(m) from the trend setting.
        .resting_on(["contract.reference".to_owned(), "contract.measurement.trend".to_owned()]),
        &inputs,
        row.delta,
    );
    // Each month's saving is valued at that month's headcount (DESIGN.md).
    t.record(
        Entry::new(
            format!("month[{month}].saved_days"),
            format!("days saved, {month}"),
            "S(m) = δ(m) · h(m)",
            Unit::Days,
            Rule::OutcomeMonthly,
        ),
        &[
            ("δ(m)", row.delta, "month.delta"),
            ("h(m)", Decimal::from(row.headcount), "monthly series"),
        ],
        row.saved_days,
    );
    Ok(row)
}

/// The series' rows of window month `month` and of its reference month; a
/// missing one is an error saying which of the two it is needed as.
pub(crate) fn month_and_reference(
    series: &MonthlySeries,
    month: Month,
    reference_month: Month,
) -> Result<(&MonthData, &MonthData), Error> {
    let data = series.get(month).ok_or_else(|| {
        Error::new(ErrorKind::MissingMonth {
            month,
            needed_as: "a month of the measured window".to_owned(),
        })
    })?;
    let reference = series.get(reference_month).ok_or_else(|| {
        Error::new(ErrorKind::MissingMonth {
            month: reference_month,
            needed_as: format!("the reference month of {month}"),
        })
    })?;
    Ok((data, reference))
}

/// One month of the window, every column of `docs/method.md` §2.2, without
/// its trace: what [`Outcome::from_monthly`] computes for `month`, and a
/// ledger for each month once.
pub(crate) fn measure_month(
    month: Month,
    reference_month: Month,
    series: &MonthlySeries,
    index: Option<&NationalIndex>,
) -> Result<MonthOutcome, Error> {
    let (data, reference) = month_and_reference(series, month, reference_month)?;
    for (m, d) in [(month, data), (reference_month, reference)] {
        if d.headcount == 0 {
            return Err(Error::new(ErrorKind::ZeroHeadcount { month: m })
                .at_line(d.line)
                .at_field("headcount"));
        }
    }
    let (h, h_ref) = (Decimal::from(data.headcount), Decimal::from(reference.headcount));
    let x = div(data.net_days, h, "x(m)")?;
    let x_ref = div(reference.net_days, h_ref, "x(ref(m))")?;

    let (idx, idx_ref, x_adj) = match index {
        None => (None, None, x),
        Some(index) => {
            let lookup = |m: Month, needed_as: String| {
                index
                    .get(m)
                    .map(|v| v.index)
                    .ok_or_else(|| Error::new(ErrorKind::MissingIndexMonth { month: m, needed_as }))
            };
            let idx = lookup(month, "a month of the measured window".to_owned())?;
            let idx_ref = lookup(reference_month, format!("the reference month of {month}"))?;
            let numerator = mul(data.net_days, idx_ref, "x_adj(m)")?;
            let denominator = mul(h, idx, "x_adj(m)")?;
            (Some(idx), Some(idx_ref), div(numerator, denominator, "x_adj(m)")?)
        }
    };

    let delta = sub(x_ref, x_adj, "δ(m)")?;
    let saved_days = mul(delta, h, "S(m)")?;
    Ok(MonthOutcome {
        month,
        reference_month,
        net_days: data.net_days,
        headcount: data.headcount,
        per_employee: x,
        reference_net_days: reference.net_days,
        reference_headcount: reference.headcount,
        reference_per_employee: x_ref,
        index: idx,
        reference_index: idx_ref,
        adjusted_per_employee: x_adj,
        delta,
        saved_days,
    })
}

#[cfg(test)]
mod tests {
    //! `docs/method.md` §2.2 on two months worked by hand.
    use super::*;

    use crate::hand::d;

    /// The hand contract with d = 100, measured for two months (2020-01 and
    /// 2020-02), with `trend`.
    fn contract(trend: &str) -> Contract {
        let text = crate::hand::text("")
            .replace("day_value = \"10\"", "day_value = \"100\"")
            .replace("end = \"2020-06\"", &format!("end = \"2020-02\", trend = \"{trend}\""));
        Contract::from_toml_str(&text).unwrap()
    }

    // x(ref): 120/100 = 1.2 and 90/90 = 1.0; x: 100/100 = 1.0 and 88/110 = 0.8.
    const SERIES: &str = "month,net_days,headcount\n2019-01,120,100\n2019-02,90,90\n2020-01,100,100\n2020-02,88,110\n";

    #[test]
    fn without_trend() {
        let series = MonthlySeries::from_csv_str(SERIES).unwrap();
        let o = Outcome::from_monthly(&contract("none"), &series, None).unwrap();
        let Basis::Monthly { months, .. } = o.basis() else {
            panic!("monthly")
        };
        assert_eq!(months[0].delta, d("0.2")); // 1.2 − 1.0
        assert_eq!(months[0].saved_days, d("20")); // 0.2 · 100
        assert_eq!(months[1].delta, d("0.2")); // 1.0 − 0.8
        assert_eq!(months[1].saved_days, d("22")); // 0.2 · 110: the month's own headcount
        assert_eq!(o.delta_per_employee(), Some(d("0.4")));
        assert_eq!(o.saved_days(), d("42"));
        assert_eq!(o.value(), d("4200")); // 42 · 100
    }

    #[test]
    fn with_the_national_index() {
        let series = MonthlySeries::from_csv_str(SERIES).unwrap();
        let index =
            NationalIndex::from_csv_str("month,index\n2019-01,10\n2019-02,10\n2020-01,8\n2020-02,12.5\n").unwrap();
        let o = Outcome::from_monthly(&contract("national-index"), &series, Some(&index)).unwrap();
        let Basis::Monthly { months, .. } = o.basis() else {
            panic!("monthly")
        };
        assert_eq!(months[0].adjusted_per_employee, d("1.25")); // 1.0 · 10 / 8
        assert_eq!(months[0].delta, d("-0.05"));
        assert_eq!(months[1].adjusted_per_employee, d("0.64")); // 0.8 · 10 / 12.5
        assert_eq!(months[1].saved_days, d("39.6")); // 0.36 · 110
        assert_eq!(o.saved_days(), d("34.6")); // −5 + 39.6
        assert_eq!(o.value(), d("3460"));
    }

    #[test]
    fn a_zero_headcount_names_month_and_line() {
        let series = MonthlySeries::from_csv_str(&SERIES.replace("2020-02,88,110", "2020-02,88,0")).unwrap();
        let err = Outcome::from_monthly(&contract("none"), &series, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 5: field headcount: month 2020-02 has headcount 0; days per employee cannot be computed"
        );
    }

    #[test]
    fn the_index_must_match_the_contract() {
        let series = MonthlySeries::from_csv_str(SERIES).unwrap();
        let index = NationalIndex::from_csv_str("month,index\n2019-01,10\n").unwrap();
        assert!(matches!(
            Outcome::from_monthly(&contract("none"), &series, Some(&index))
                .unwrap_err()
                .kind(),
            ErrorKind::IndexNotUsed
        ));
        assert!(matches!(
            Outcome::from_monthly(&contract("national-index"), &series, None)
                .unwrap_err()
                .kind(),
            ErrorKind::IndexRequired
        ));
        let err = Outcome::from_monthly(&contract("national-index"), &series, Some(&index)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "month 2020-01 is missing from the national index; it is needed as a month of the measured window"
        );
    }

    #[test]
    fn an_index_too_small_to_divide_by_is_a_division_by_zero() {
        // h(m) · idx(m) = 100 · 10⁻¹⁹ rounds to 0 at 16 places.
        let series = MonthlySeries::from_csv_str(SERIES).unwrap();
        let index = NationalIndex::from_csv_str(
            "month,index\n2019-01,10\n2019-02,10\n2020-01,0.0000000000000000001\n2020-02,8\n",
        )
        .unwrap();
        let err = Outcome::from_monthly(&contract("national-index"), &series, Some(&index)).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::DivisionByZero { figure } if figure == "x_adj(m)"),
            "{err}"
        );
    }
}
