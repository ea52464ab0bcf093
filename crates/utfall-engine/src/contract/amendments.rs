//! Reading and checking a contract file's `[[amendment]]` tables: each one
//! alone (its fields, what goes with what, agreed within the term), then
//! against each other (two agreed in one month setting the same term) and,
//! once applied, against the term as amended and the value shares in force.

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;
use toml::Spanned;

use super::fields::{Fields, positive, share};
use super::parse::{RawAmendment, RawContract};
use super::validate::derived_value_share;
use super::{Contract, Provider};
use crate::schedule::Amendment;
use crate::{Error, ErrorKind, Month, MonthRange, arith, sources};

impl RawContract {
    /// The amendments of a contract of the term `term` and the providers
    /// `providers`, sorted by the month agreed.
    pub(super) fn amendments(
        &self,
        f: &Fields<'_>,
        term: MonthRange,
        providers: &[Provider],
    ) -> Result<Vec<Amendment>, Error> {
        let names: HashSet<&str> = providers.iter().map(|p| p.name.as_str()).collect();
        let mut amendments = Vec::new();
        for (i, raw) in self.amendment.iter().flatten().enumerate() {
            amendments.push(read_amendment(f, raw, i, term, &names)?);
        }
        amendments.sort_by_key(|a| a.agreed);
        check_overlapping(&amendments)?;
        Ok(amendments)
    }
}

/// `[[amendment]]` number `i` of a contract of the term `term`.
fn read_amendment(
    f: &Fields<'_>,
    raw: &Spanned<RawAmendment>,
    i: usize,
    term: MonthRange,
    providers: &HashSet<&str>,
) -> Result<Amendment, Error> {
    let r = raw.get_ref();
    let field = |key: &str| format!("amendment[{i}].{key}");
    let agreed = f.month(&r.agreed, &field("agreed"))?;
    let (measurement_end, term_end) = read_term_changes(f, r, i, term)?;
    let from = match &r.from {
        Some(m) => Some(f.month(m, &field("from"))?),
        None => None,
    };
    let day_value = match &r.day_value {
        Some(v) => {
            let d = f.amount(v, &field("day_value"))?;
            f.check(v, &field("day_value"), positive(d))?;
            Some(d)
        }
        None => None,
    };
    let value_share = read_value_share(f, r, i, providers)?;
    let changes_value = day_value.is_some() || value_share.is_some();
    check_from_goes_with_value(f, raw, i, changes_value)?;
    if measurement_end.is_none() && term_end.is_none() && !changes_value {
        return Err(f.here(raw, &format!("amendment[{i}]"))(Error::new(
            ErrorKind::EmptyAmendment,
        )));
    }
    // An amendment is agreed during the term it amends (an extension may be
    // agreed up to the end of the term it extends).
    f.check(
        &r.agreed,
        &field("agreed"),
        (!term.contains(agreed)).then_some(ErrorKind::AmendmentOutsideTerm { month: agreed, term }),
    )?;
    let source = match &r.source {
        Some(value) => Some(sources::read_one(f, value, &field("source"))?),
        None => None,
    };
    Ok(Amendment {
        agreed,
        measurement_end,
        term_end,
        from,
        day_value,
        value_share,
        index: i,
        source,
    })
}

/// The amendment's new measurement end and new end of the term, each if
/// given.
fn read_term_changes(
    f: &Fields<'_>,
    r: &RawAmendment,
    i: usize,
    term: MonthRange,
) -> Result<(Option<Month>, Option<Month>), Error> {
    let field = |key: &str| format!("amendment[{i}].{key}");
    let measurement_end = match &r.measurement_end {
        Some(m) => {
            let end = f.month(m, &field("measurement_end"))?;
            // Past the term's end it may still fall in an extension, which is
            // checked when the amendments are applied; before its start never.
            f.check(
                m,
                &field("measurement_end"),
                (end < term.start()).then_some(ErrorKind::AmendmentMeasurementEndOutsideTerm { end, term }),
            )?;
            Some(end)
        }
        None => None,
    };
    let term_end = match &r.term_end {
        Some(m) => {
            let end = f.month(m, &field("term_end"))?;
            f.check(
                m,
                &field("term_end"),
                (end <= term.end()).then_some(ErrorKind::TermNotExtended { end, term }),
            )?;
            Some(end)
        }
        None => None,
    };
    Ok((measurement_end, term_end))
}

/// The amendment's new value share and the provider it is for: both or
/// neither.
fn read_value_share(
    f: &Fields<'_>,
    r: &RawAmendment,
    i: usize,
    providers: &HashSet<&str>,
) -> Result<Option<(String, Decimal)>, Error> {
    let field = |key: &str| format!("amendment[{i}].{key}");
    match (&r.provider, &r.value_share) {
        (Some(p), Some(v)) => {
            let name = f.safe_string(p, &field("provider"))?;
            f.check(
                p,
                &field("provider"),
                (!providers.contains(name.as_str())).then(|| ErrorKind::UnknownProvider { name: name.clone() }),
            )?;
            let share_value = f.amount(v, &field("value_share"))?;
            f.check(v, &field("value_share"), share(share_value))?;
            Ok(Some((name, share_value)))
        }
        (None, None) => Ok(None),
        (Some(p), None) => Err(f.here(p, &field("provider"))(Error::new(
            ErrorKind::IncompleteAmendment {
                needs: "a provider amendment needs value_share",
            },
        ))),
        (None, Some(v)) => Err(f.here(v, &field("value_share"))(Error::new(
            ErrorKind::IncompleteAmendment {
                needs: "value_share needs the provider it is for: provider = \"NAME\"",
            },
        ))),
    }
}

/// `from`, the first month a new day value or share applies to, is given
/// with one and only with one.
fn check_from_goes_with_value(
    f: &Fields<'_>,
    raw: &Spanned<RawAmendment>,
    i: usize,
    changes_value: bool,
) -> Result<(), Error> {
    match (&raw.get_ref().from, changes_value) {
        (None, true) => Err(f.here(raw, &format!("amendment[{i}]"))(Error::new(
            ErrorKind::IncompleteAmendment {
                needs: "a new day_value or value_share needs from = \"YYYY-MM\", the first month it applies to",
            },
        ))),
        (Some(m), false) => Err(f.here(m, &format!("amendment[{i}].from"))(Error::new(
            ErrorKind::IncompleteAmendment {
                needs: "from goes with a new day_value or value_share",
            },
        ))),
        _ => Ok(()),
    }
}

/// Two amendments agreed in the same month that set the same term would
/// leave it open which holds. Each term an amendment sets is a key; a key
/// seen twice is a clash, whatever lies between the two.
fn check_overlapping(amendments: &[Amendment]) -> Result<(), Error> {
    let mut set = HashSet::new();
    for a in amendments {
        let share_key = a.value_share.as_ref().map(|(p, _)| p.as_str());
        let keys = [
            a.measurement_end.map(|_| (0, None, None)),
            a.term_end.map(|_| (1, None, None)),
            a.day_value.map(|_| (2, a.from, None)),
            share_key.map(|p| (3, a.from, Some(p))),
        ];
        for key in keys.into_iter().flatten() {
            if !set.insert((a.agreed, key)) {
                return Err(Error::new(ErrorKind::OverlappingAmendments { agreed: a.agreed }).at_field("amendment"));
            }
        }
    }
    Ok(())
}

/// The months new day values and shares apply from, all within the term as
/// amended (`term`).
pub(super) fn check_from_in_term(amendments: &[Amendment], term: MonthRange) -> Result<(), Error> {
    let outside = amendments
        .iter()
        .find_map(|a| a.from.filter(|m| !term.contains(*m)).map(|m| (a, m)));
    match outside {
        Some((a, month)) => Err(Error::new(ErrorKind::AmendmentFromOutsideTerm { month, term })
            .at_field(format!("amendment[{}].from", a.index))),
        None => Ok(()),
    }
}

/// Shares amended from a month on must not promise more than the value in
/// any month either. The shares change only in the months amended shares
/// start from: walk those in order, each provider's share the one in force
/// (the latest from, then the latest agreed).
pub(super) fn check_amended_shares(contract: &Contract) -> Result<(), Error> {
    let by_name: HashMap<&str, usize> = contract
        .providers
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.as_str(), i))
        .collect();
    // The months amended shares start from, with each amendment's
    // provider (by position) and share.
    let mut changes: BTreeMap<Month, Vec<(Month, usize, Decimal)>> = BTreeMap::new();
    for a in &contract.amendments {
        if let (Some(from), Some((name, share))) = (a.from, &a.value_share)
            && let Some(&index) = by_name.get(name.as_str())
        {
            changes.entry(from).or_default().push((a.agreed, index, *share));
        }
    }
    if changes.is_empty() {
        return Ok(());
    }
    let mut in_force: Vec<(Option<(Month, Month)>, Decimal)> = contract
        .providers
        .iter()
        .map(|p| {
            Ok((
                None,
                p.value_share
                    .map_or_else(|| derived_value_share(p, contract.investment), Ok)?,
            ))
        })
        .collect::<Result<_, Error>>()?;
    for (&from, group) in &changes {
        for &(agreed, index, share) in group {
            if let Some(slot) = in_force.get_mut(index)
                && slot.0.is_none_or(|before| before <= (from, agreed))
            {
                *slot = (Some((from, agreed)), share);
            }
        }
        crate::work::count(in_force.len());
        let shares = arith::sum(in_force.iter().map(|(_, s)| *s), "the sum of value shares")?;
        if shares > Decimal::ONE {
            return Err(Error::new(ErrorKind::ValueSharesAboveOne { sum: shares }).at_field("amendment"));
        }
    }
    Ok(())
}
