//! The reduction of sick days per employee against the reference period,
//! and the contract's target for it (`docs/method.md` §2.6).

use rust_decimal::Decimal;

use super::MonthOutcome;
use crate::arith::{self, div, sub};
use crate::trace::{Entry, Tracer, Unit};
use crate::{Contract, Error, Rule};

/// Records the reduction against the reference period over the window
/// (`docs/method.md` §2.6) and, when the contract states a target, the
/// target and how far the reduction is beyond it. Without sick days in the
/// reference months there is no reduction to speak of: no lines.
pub(super) fn record_reduction(
    contract: &Contract,
    months: &[MonthOutcome],
    t: &mut Tracer,
) -> Result<Option<Decimal>, Error> {
    let reference = arith::sum(months.iter().map(|m| m.reference_per_employee), "Σ x(ref(m))")?;
    if reference <= Decimal::ZERO {
        return Ok(None);
    }
    let reference = t.record(
        Entry::new(
            "outcome.reference_per_employee",
            "sick days per employee in the reference months",
            "Σ x(ref(m))",
            Unit::DaysPerEmployee,
            Rule::Reduction,
        ),
        &[],
        reference,
    );
    let adjusted = t.record(
        Entry::new(
            "outcome.adjusted_per_employee",
            "sick days per employee in the window, as compared",
            "Σ x_adj(m)",
            Unit::DaysPerEmployee,
            Rule::Reduction,
        ),
        &[],
        arith::sum(months.iter().map(|m| m.adjusted_per_employee), "Σ x_adj(m)")?,
    );
    let ratio = div(adjusted, reference, "Σ x_adj(m) / Σ x(ref(m))")?;
    let reduction = t.record(
        Entry::new(
            "outcome.reduction",
            "reduction of sick days per employee against the reference period",
            "1 − Σ x_adj(m) / Σ x(ref(m))",
            Unit::Share,
            Rule::Reduction,
        ),
        &[
            ("Σ x_adj(m)", adjusted, "outcome.adjusted_per_employee"),
            ("Σ x(ref(m))", reference, "outcome.reference_per_employee"),
        ],
        sub(Decimal::ONE, ratio, "1 − Σ x_adj(m) / Σ x(ref(m))")?,
    );
    if let Some(target) = contract.target_reduction() {
        let target = t.record(
            Entry::new(
                "outcome.target_reduction",
                "the contract's target for the reduction",
                "given",
                Unit::Share,
                Rule::Reduction,
            )
            .resting_on(["contract.measurement.target_reduction".to_owned()]),
            &[],
            target,
        );
        t.record(
            Entry::new(
                "outcome.target_margin",
                "reduction beyond the target (below zero: short of it)",
                "reduction − target",
                Unit::Share,
                Rule::Reduction,
            ),
            &[
                ("reduction", reduction, "outcome.reduction"),
                ("target", target, "outcome.target_reduction"),
            ],
            sub(reduction, target, "reduction − target")?,
        );
    }
    Ok(Some(reduction))
}
