//! A provider's share of each saved krona, `s` (`docs/method.md` §3.3, §4.2):
//! `r · C / I` from the terms, a share the contract states, or, when an
//! amendment changes it within the window, the months' shares weighted by
//! their value. Its lines and the notes that say a share is not `r · C / I`.

use rust_decimal::Decimal;

use super::{Givens, Input, ProviderTerms};
use crate::arith::{add, div, mul, sub};
use crate::contract::derived_value_share;
use crate::trace::{Tracer, Unit};
use crate::{Basis, Contract, Error, Month, Note, Outcome, Provider, Rule};

/// A provider's share when an amendment changes it within the window: each
/// month's share weighted by the month's value of saved days where positive,
/// `s = Σ s(m) · V⁺(m) / Σ V⁺(m)`, with the inputs by runs of months with one
/// share. From a stated value there are no months to weigh: the share in force
/// in the window's last month.
pub(super) struct AmendedShare {
    share: Decimal,
    inputs: Vec<(String, Decimal, String)>,
    /// The amendments that set the share within the window.
    terms: Vec<String>,
}

/// The share of the provider at `index` when an amendment changes it within
/// the window, else `None`.
pub(super) fn amended_share(
    contract: &Contract,
    index: usize,
    provider: &Provider,
    outcome: &Outcome,
) -> Result<Option<AmendedShare>, Error> {
    if !contract.share_amended(index) {
        return Ok(None);
    }
    let derived = derived_value_share(provider, contract.investment())?;
    let share_at = |m| contract.value_share_at(index, m).unwrap_or(derived);
    let window = contract.window();
    let Basis::Monthly { months, .. } = outcome.basis() else {
        let share = share_at(window.end());
        return Ok(Some(AmendedShare {
            share,
            inputs: vec![("s".to_owned(), share, format!("share in force in {}", window.end()))],
            terms: contract.share_terms(index),
        }));
    };
    // Runs of months with one share: (share, first, last, Σ V⁺).
    let mut runs: Vec<(Decimal, Month, Month, Decimal)> = Vec::new();
    for m in months {
        let value = mul(m.saved_days, contract.day_value_at(m.month), "V(m)")?.max(Decimal::ZERO);
        let share = share_at(m.month);
        match runs.last_mut() {
            Some(run) if run.0 == share => {
                run.2 = m.month;
                run.3 = add(run.3, value, "Σ V⁺(m)")?;
            }
            _ => runs.push((share, m.month, m.month, value)),
        }
    }
    let weighted = runs
        .iter()
        .try_fold(Decimal::ZERO, |acc, r| add(acc, mul(r.0, r.3, "s · V⁺")?, "Σ s · V⁺"))?;
    let total = runs.iter().try_fold(Decimal::ZERO, |acc, r| add(acc, r.3, "Σ V⁺"))?;
    let share = if total > Decimal::ZERO {
        div(weighted, total, "Σ s · V⁺ / Σ V⁺")?
    } else {
        share_at(window.end())
    };
    let mut inputs = Vec::new();
    for (k, (s, first, last, value)) in runs.iter().enumerate() {
        let months = format!("months {first} – {last}");
        inputs.push((format!("s{}", k + 1), *s, months.clone()));
        inputs.push((format!("V⁺{}", k + 1), *value, months));
    }
    Ok(Some(AmendedShare {
        share,
        inputs,
        terms: contract.share_terms(index),
    }))
}

/// A provider's share as its lines give it.
pub(super) struct Shares {
    /// `s`, the share in use.
    pub(super) s: Decimal,
    /// `s` when stated or amended, `None` when it is `r · C / I`.
    pub(super) stated: Option<Decimal>,
    /// `r · C / I`.
    pub(super) derived: Decimal,
}

/// Records a provider's part of the investment and its share of each saved
/// krona; a stated or amended share also with the share the terms imply, the
/// difference, and a note.
pub(super) fn record_share(
    g: &Givens,
    p: &ProviderTerms,
    amended: Option<AmendedShare>,
    t: &mut Tracer,
    notes: &mut Vec<Note>,
) -> Result<Shares, Error> {
    let name = p.name();
    let c = p.provider.contract_value();
    let label = format!("{name}'s part of the investment");
    t.record(
        p.line("investment_share", label, "C / I", Unit::Share, Rule::Share),
        &[p.c(), g.i()],
        div(c, g.i, "C / I")?,
    );
    let derived = derived_value_share(p.provider, g.i)?;
    let stated = amended.as_ref().map(|a| a.share).or(p.provider.stated_value_share());
    // Without a stated share, `r · C / I` is the share; with one, it is shown
    // beside it.
    let (key, label, formula) = match stated {
        None => (
            "value_share",
            format!("{name}'s share of each saved krona"),
            "s = r · C / I",
        ),
        Some(_) => (
            "value_share_derived",
            "share of each saved krona implied by the terms".to_owned(),
            "r · C / I",
        ),
    };
    t.record(
        p.line(key, label, formula, Unit::Share, Rule::Share),
        &[p.r(), p.c(), g.i()],
        derived,
    );
    let Some(s) = stated else {
        return Ok(Shares {
            s: derived,
            stated,
            derived,
        });
    };
    record_stated_share(p, s, derived, amended.as_ref(), t, notes)?;
    Ok(Shares { s, stated, derived })
}

/// Records a share `s` stated in the contract or, with `amended`, set by
/// amendments within the window, its difference from `derived` (`r · C / I`),
/// and the note that says so.
fn record_stated_share(
    p: &ProviderTerms,
    s: Decimal,
    derived: Decimal,
    amended: Option<&AmendedShare>,
    t: &mut Tracer,
    notes: &mut Vec<Note>,
) -> Result<(), Error> {
    let name = p.name();
    let stated_field = format!("contract.provider[{name}].value_share");
    let (line, inputs): (_, Vec<Input>) = match amended {
        Some(a) => (
            p.line(
                "value_share",
                format!("{name}'s share of each saved krona (amended: weighted by month)"),
                "s = Σ s(m) · V⁺(m) / Σ V⁺(m)",
                Unit::Share,
                Rule::Share,
            )
            .resting_on(a.terms.iter().cloned()),
            a.inputs
                .iter()
                .map(|(sym, v, from)| (sym.as_str(), *v, from.as_str()))
                .collect(),
        ),
        None => (
            p.line(
                "value_share",
                format!("{name}'s share of each saved krona (stated in the contract)"),
                "s",
                Unit::Share,
                Rule::Share,
            ),
            vec![("s", s, &stated_field)],
        ),
    };
    t.record(line, &inputs, s);
    t.record(
        p.line(
            "value_share_difference",
            "stated share less the share implied by the terms",
            "s − r · C / I",
            Unit::Share,
            Rule::Share,
        ),
        &[
            ("s", s, &p.id("value_share")),
            ("r · C / I", derived, &p.id("value_share_derived")),
        ],
        sub(s, derived, "s − r · C / I")?,
    );
    let provider = name.to_owned();
    notes.push(match amended {
        Some(_) => Note::AmendedShare {
            provider,
            share: s,
            derived,
        },
        None => Note::StatedShare {
            provider,
            stated: s,
            derived,
        },
    });
    Ok(())
}
