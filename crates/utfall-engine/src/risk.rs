//! How the risk is shared before the outcome is known: the provider's pay and
//! the funder's net result as the value of saved days runs from nothing to
//! twice the investment (the report's Figure 3, *Ekonomisk riskdelning*, in
//! RISE's evaluation report (2021), *Primärt utfallsmått*; `docs/method.md` §5).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::arith::{self, div, mul, sub};
use crate::{Contract, Error, Outcome, TargetPoint, settle};

/// One provider at one point of the curve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProviderPoint {
    /// The provider.
    pub name: String,
    /// Outcome payment `P`.
    pub outcome_payment: Decimal,
    /// Pay over the term: activity fee plus outcome payment, `A + P`.
    pub pay: Decimal,
    /// Pay less the contract value, `A + P − C`: the provider's gain or loss.
    pub result: Decimal,
}

/// One point of the curve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RiskPoint {
    /// Value of saved days `V`.
    pub value: Decimal,
    /// Saved days, `V / d`.
    pub saved_days: Decimal,
    /// Each provider.
    pub providers: Vec<ProviderPoint>,
    /// The funder's net result over the term (`docs/method.md` §3.12): the
    /// value, less what the funder pays for the project outside the
    /// providers' contracts (`I − ΣC`), less the providers' pay:
    /// `V − (I − ΣC) − Σ(A + P)`.
    pub funder_net_result: Decimal,
    /// The project's net result over the term, `V − I` (the funder's net
    /// result plus the providers' results).
    pub project_net_result: Decimal,
}

/// What a marked point of the curve marks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum MarkerKind {
    /// `V = I`: every party's result is zero.
    BreakEven,
    /// `V = k · I` for a provider: its pay stays flat beyond.
    Cap {
        /// The provider.
        provider: String,
    },
    /// The value of saved days measured or stated for the window
    /// ([`RiskCurve::with_measured`]).
    Measured,
    /// The value of saved days the contract's target reduction would bring
    /// over the window ([`RiskCurve::with_target`]).
    Target {
        /// The target reduction `t`, a share (`0.12` for 12 %).
        reduction: Decimal,
    },
}

/// A marked point of the curve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Marker {
    /// What it marks, for programs: `break-even`, `cap: PROVIDER`,
    /// `measured` or `target`.
    pub label: String,
    /// What it marks, for a renderer to word it.
    pub kind: MarkerKind,
    /// The value of saved days there.
    pub value: Decimal,
}

/// The risk-sharing curve of a contract over its whole term, as agreed (before
/// any amendment): `V` from 0 to `2·I`.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, RiskCurve};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
/// #     "/../../examples/botkyrka/contract.toml")).unwrap();
/// let curve = RiskCurve::new(&Contract::from_toml_str(&text)?, 20)?;
/// // Break-even where the value of saved days equals the investment; the cap
/// // where it reaches 150 % of it.
/// assert_eq!(curve.markers[0].value.to_string(), "22870000");
/// assert_eq!(curve.markers[1].value.to_string(), "34305000");
/// let at_break_even = curve.points.iter().find(|p| p.value == curve.markers[0].value).unwrap();
/// assert_eq!(at_break_even.funder_net_result.to_string(), "0.00");
/// assert_eq!(at_break_even.providers[0].result.to_string(), "0.00");
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RiskCurve {
    /// The contract's name.
    pub contract: String,
    /// The funder, who pays the providers ([`Contract::funder`]).
    pub funder: String,
    /// Its currency.
    pub currency: String,
    /// `I`.
    pub investment: Decimal,
    /// The points, by value; they include every marker.
    pub points: Vec<RiskPoint>,
    /// Break-even (`V = I`) and each provider's cap point (`V = k·I`), then
    /// the measured value and the target's, when given.
    pub markers: Vec<Marker>,
}

impl RiskCurve {
    /// The curve in `steps` equal steps from 0 to `2·I`, plus the marked points.
    ///
    /// Every point is a settlement of the contract over its whole term on a
    /// stated value, so the curve and a statement can never disagree.
    ///
    /// # Errors
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) for amounts beyond
    /// exact decimal range.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, RiskCurve};
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// let curve = RiskCurve::new(&Contract::from_toml_str(&text)?, 4)?;
    /// let values: Vec<String> = curve.points.iter().map(|p| p.value.to_string()).collect();
    /// assert_eq!(values, ["0", "11435000", "22870000", "34305000", "45740000"]);
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn new(contract: &Contract, steps: u32) -> Result<Self, Error> {
        let contract = contract.unamended();
        let i = contract.investment();
        let top = mul(i, Decimal::TWO, "2 · I")?;
        let steps = Decimal::from(steps.max(1));
        let mut markers = vec![Marker {
            label: "break-even".to_owned(),
            kind: MarkerKind::BreakEven,
            value: i,
        }];
        for p in contract.providers() {
            markers.push(Marker {
                label: format!("cap: {}", p.name()),
                kind: MarkerKind::Cap {
                    provider: p.name().to_owned(),
                },
                value: mul(p.cap(), i, "k · I")?,
            });
        }
        let mut values = Vec::new();
        let mut step = Decimal::ZERO;
        while step <= steps {
            values.push(div(mul(top, step, "2 · I · j")?, steps, "2 · I · j / steps")?);
            step += Decimal::ONE;
        }
        values.extend(markers.iter().map(|m| m.value));
        values.sort();
        values.dedup();

        let points = values
            .into_iter()
            .map(|value| point(&contract, value))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Self {
            contract: contract.name().to_owned(),
            funder: contract.funder().to_owned(),
            currency: contract.currency().to_owned(),
            investment: i,
            points,
            markers,
        })
    }

    /// The curve with the value of saved days measured (or stated) over the
    /// window marked, `measured`, and a point of the curve there: where the
    /// outcome as known puts the parties.
    ///
    /// # Errors
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) for amounts beyond
    /// exact decimal range.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, MarkerKind, RiskCurve};
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// let contract = Contract::from_toml_str(&text)?;
    /// // The report's stated value of saved days.
    /// let curve = RiskCurve::new(&contract, 4)?.with_measured(&contract, "14700000".parse().unwrap())?;
    /// let measured = curve.markers.iter().find(|m| m.kind == MarkerKind::Measured).unwrap();
    /// let point = curve.points.iter().find(|p| p.value == measured.value).unwrap();
    /// // Over the whole term, V − I = 14 700 000 − 22 870 000.
    /// assert_eq!(point.project_net_result.to_string(), "-8170000");
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn with_measured(self, contract: &Contract, measured: Decimal) -> Result<Self, Error> {
        let marker = Marker {
            label: "measured".to_owned(),
            kind: MarkerKind::Measured,
            value: measured,
        };
        self.with_marker(contract, marker)
    }

    /// The curve a statement's printable page shows: `contract` as agreed in
    /// [`RiskCurve::STATEMENT_STEPS`] steps, the measured value of saved days
    /// `measured` marked and, when given, the target.
    ///
    /// # Errors
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) for amounts beyond
    /// exact decimal range.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, RiskCurve};
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// let contract = Contract::from_toml_str(&text)?;
    /// let curve = RiskCurve::for_statement(&contract, "14700000".parse().unwrap(), None)?;
    /// assert!(curve.markers.iter().any(|m| m.label == "measured"));
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn for_statement(contract: &Contract, measured: Decimal, target: Option<&TargetPoint>) -> Result<Self, Error> {
        let curve = RiskCurve::new(contract, Self::STATEMENT_STEPS)?.with_measured(contract, measured)?;
        match target {
            Some(at) => curve.with_target(contract, at),
            None => Ok(curve),
        }
    }

    /// The steps of the curve on a statement's page, as `utfall risk-curve`
    /// draws by default.
    pub const STATEMENT_STEPS: u32 = 40;

    /// The curve with the value of saved days at the contract's target
    /// marked ([`TargetPoint::value`](crate::TargetPoint), from
    /// [`WhatIf::at_target`](crate::WhatIf::at_target)), and a point of the
    /// curve there.
    ///
    /// # Errors
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) for amounts beyond
    /// exact decimal range.
    pub fn with_target(self, contract: &Contract, target: &TargetPoint) -> Result<Self, Error> {
        let marker = Marker {
            label: "target".to_owned(),
            kind: MarkerKind::Target {
                reduction: target.target,
            },
            value: target.row.value,
        };
        self.with_marker(contract, marker)
    }

    /// `marker` added, with a point of the curve at its value unless there
    /// is one.
    fn with_marker(mut self, contract: &Contract, marker: Marker) -> Result<Self, Error> {
        let contract = contract.unamended();
        if let Err(at) = self.points.binary_search_by(|p| p.value.cmp(&marker.value)) {
            self.points.insert(at, point(&contract, marker.value)?);
        }
        self.markers.push(marker);
        Ok(self)
    }
}

/// The contract (as agreed) settled on the stated value `value`, over the
/// whole term.
fn point(contract: &Contract, value: Decimal) -> Result<RiskPoint, Error> {
    let i = contract.investment();
    let contract_values = arith::sum(contract.providers().iter().map(|p| p.contract_value()), "Σ C")?;
    let outside = sub(i, contract_values, "I − ΣC")?;
    let statement = settle(contract, &Outcome::from_value(contract, value, None)?)?;
    let providers = contract
        .providers()
        .iter()
        .zip(statement.providers())
        .map(|(terms, s)| {
            Ok(ProviderPoint {
                name: s.name.clone(),
                outcome_payment: s.outcome_payment,
                pay: s.total_term,
                result: sub(s.total_term, terms.contract_value(), "A + P − C")?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let paid = arith::sum(providers.iter().map(|p| p.pay), "Σ(A + P)")?;
    Ok(RiskPoint {
        value,
        saved_days: statement.outcome().saved_days(),
        funder_net_result: sub(sub(value, outside, "V − (I − ΣC)")?, paid, "V − (I − ΣC) − Σ(A + P)")?,
        project_net_result: sub(value, i, "V − I")?,
        providers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::hand::d;

    fn contract() -> Contract {
        crate::hand::contract("")
    }

    #[test]
    fn points_worked_by_hand() {
        let curve = RiskCurve::new(&contract(), 4).unwrap();
        // 0, 600, 1 200 (break-even), 1 800 (cap), 2 400.
        let rows: Vec<(Decimal, Decimal, Decimal, Decimal)> = curve
            .points
            .iter()
            .map(|p| (p.value, p.providers[0].pay, p.providers[0].result, p.funder_net_result))
            .collect();
        assert_eq!(
            rows,
            [
                // A = 300; P = 0.25·V up to 0.25·1 800 = 450; funder: V − 600 − (A + P).
                (d("0"), d("300"), d("-300"), d("-900")),
                (d("600"), d("450"), d("-150"), d("-450")),
                (d("1200"), d("600"), d("0"), d("0")),
                (d("1800"), d("750"), d("150"), d("450")),
                (d("2400"), d("750"), d("150"), d("1050")),
            ]
        );
        // The amendment (measurement to 2020-06) does not change the curve: it
        // shows the terms as agreed, over the whole term.
        assert!(curve.points.iter().all(|p| p.project_net_result == p.value - d("1200")));
    }

    #[test]
    fn markers_are_points_of_the_curve() {
        let curve = RiskCurve::new(&contract(), 7).unwrap();
        for m in &curve.markers {
            assert!(curve.points.iter().any(|p| p.value == m.value), "{}", m.label);
        }
        assert_eq!(curve.points.len(), 8 + 2);
    }

    #[test]
    fn measured_and_target_values_are_marked_points() {
        let contract = contract();
        let series = {
            let mut csv = String::from("month,net_days,headcount\n");
            for m in 1..=6 {
                csv.push_str(&format!("2019-0{m},20,10\n2020-0{m},10,10\n"));
            }
            crate::MonthlySeries::from_csv_str(&csv).unwrap()
        };
        // t = 0.5: S = 0.5 · 6 · 2 · 10 = 60 days, V = 600.
        let at = crate::WhatIf::at_target(&contract, &series, Some(d("0.5"))).unwrap();
        let curve = RiskCurve::new(&contract, 4)
            .unwrap()
            .with_measured(&contract, d("-100"))
            .unwrap()
            .with_target(&contract, &at)
            .unwrap();
        let kinds: Vec<(&MarkerKind, Decimal)> = curve.markers.iter().map(|m| (&m.kind, m.value)).collect();
        assert_eq!(
            kinds[2..],
            [
                (&MarkerKind::Measured, d("-100")),
                (&MarkerKind::Target { reduction: d("0.5") }, d("600"))
            ]
        );
        // −100 is a new first point; 600 was already one.
        assert_eq!(curve.points.len(), 5 + 1);
        let first = &curve.points[0];
        // Nothing paid on a negative value: A = 300; the funder: −100 − 600 − 300.
        assert_eq!(
            (first.value, first.providers[0].pay, first.funder_net_result),
            (d("-100"), d("300"), d("-1000"))
        );
    }
}
