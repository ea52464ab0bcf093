//! Checking a contract file's terms and building the [`Contract`] from them.
//!
//! [`RawContract::validate`] runs one step for each part of the file: the
//! names, the amounts, the periods, the measurement, the providers, the
//! schedule, the amendments (`amendments.rs`) and the sources. Each step
//! refuses its part with the first problem found, naming the field and its
//! line, and the steps run in that order, so that a file with several
//! problems is always refused for the same one.

use std::collections::HashMap;

use rust_decimal::Decimal;
use toml::{Spanned, Value};

use super::amendments::{check_amended_shares, check_from_in_term};
use super::fields::{Fields, positive, share};
use super::in_force::apply_amendments;
use super::parse::{RawContract, RawProvider, RawSchedule};
use super::{Contract, Provider, Trend};
use crate::arith;
use crate::schedule::{Amendment, Every, Negative, Schedule};
use crate::sources::{self, CONTRACT_TERMS, PROVIDER_TERMS, TermSource};
use crate::{Error, ErrorKind, Month, MonthRange};

/// The name of the funder when the file gives none.
pub(super) const DEFAULT_FUNDER: &str = "funder";

impl RawContract {
    /// The contract the file describes, every term checked.
    pub(super) fn validate(self, text: &str) -> Result<Contract, Error> {
        let f = Fields::new(text);
        let (name, funder, currency) = self.names(&f)?;
        let investment = f.amount(&self.investment, "investment")?;
        f.check(&self.investment, "investment", positive(investment))?;
        let day_value = f.amount(&self.day_value, "day_value")?;
        f.check(&self.day_value, "day_value", positive(day_value))?;
        let (term, reference) = self.periods(&f)?;
        let (agreed_measurement_end, trend) = self.measurement(&f, term)?;
        let target_reduction = self.target_reduction(&f)?;
        let reference_number = match &self.reference_number {
            Some(value) => Some(f.name(value, "reference_number")?),
            None => None,
        };
        let providers = self.providers(&f, &funder, investment)?;
        let schedule = match &self.schedule {
            Some(raw) => Some(read_schedule(&f, raw)?),
            None => None,
        };
        let amendments = self.amendments(&f, term, &providers)?;
        let (effective_term, measurement_end) = apply_amendments(term, agreed_measurement_end, &amendments, None)?;
        check_from_in_term(&amendments, effective_term)?;
        check_schedule_in_term(schedule.as_ref(), effective_term)?;
        let sources = self.sources(&f, &providers, &amendments, agreed_measurement_end.is_some())?;
        let contract = Contract {
            name,
            funder,
            reference_number,
            currency,
            investment,
            day_value,
            term: effective_term,
            reference,
            measurement_end,
            trend,
            target_reduction,
            providers,
            schedule,
            amendments,
            agreed_term: term,
            agreed_measurement_end,
            as_of: None,
            sources,
        };
        check_amended_shares(&contract)?;
        Ok(contract)
    }

    /// The contract's name, the funder's (the default when not given) and
    /// the currency code.
    fn names(&self, f: &Fields<'_>) -> Result<(String, String, String), Error> {
        let name = f.name(&self.name, "name")?;
        let funder = match &self.funder {
            Some(value) => f.name(value, "funder")?,
            None => DEFAULT_FUNDER.to_owned(),
        };
        let currency = f.safe_string(&self.currency, "currency")?;
        let is_code = currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase());
        f.check(
            &self.currency,
            "currency",
            (!is_code).then(|| ErrorKind::BadCurrency {
                value: currency.clone(),
            }),
        )?;
        Ok((name, funder, currency))
    }

    /// The term and the reference period.
    fn periods(&self, f: &Fields<'_>) -> Result<(MonthRange, MonthRange), Error> {
        let term = f.range(&self.term, "term")?;
        let reference = f.range(&self.reference, "reference")?;
        // The comparison is month by month (`docs/method.md` §2.2): one reference
        // month for each calendar month, hence exactly 12 consecutive months.
        f.check(
            &self.reference,
            "reference",
            (reference.len() != 12).then_some(ErrorKind::ReferenceNotTwelveMonths {
                range: reference,
                months: reference.len(),
            }),
        )?;
        f.check(
            &self.reference,
            "reference",
            reference
                .overlaps(term)
                .then_some(ErrorKind::ReferenceOverlapsTerm { reference, term }),
        )?;
        Ok((term, reference))
    }

    /// `[measurement]`: the measurement end as agreed, if given, and the
    /// trend adjustment.
    fn measurement(&self, f: &Fields<'_>, term: MonthRange) -> Result<(Option<Month>, Trend), Error> {
        let (mut agreed_measurement_end, mut trend) = (None, Trend::None);
        let Some(measurement) = &self.measurement else {
            return Ok((agreed_measurement_end, trend));
        };
        if let Some(end) = &measurement.end {
            let measurement_end = f.month(end, "measurement.end")?;
            agreed_measurement_end = Some(measurement_end);
            f.check(
                end,
                "measurement.end",
                (!term.contains(measurement_end)).then_some(ErrorKind::MeasurementEndOutsideTerm {
                    end: measurement_end,
                    term,
                }),
            )?;
        }
        if let Some(value) = &measurement.trend {
            let name = f.string(value, "measurement.trend")?;
            trend = match name.as_str() {
                "none" => Trend::None,
                "national-index" => Trend::NationalIndex,
                _ => {
                    return Err(f.here(value, "measurement.trend")(Error::new(
                        ErrorKind::UnknownTrend { value: name },
                    )));
                }
            };
        }
        Ok((agreed_measurement_end, trend))
    }

    /// `[measurement] target_reduction`, if given: a share from 0 to 1.
    fn target_reduction(&self, f: &Fields<'_>) -> Result<Option<Decimal>, Error> {
        let Some(value) = self.measurement.as_ref().and_then(|m| m.target_reduction.as_ref()) else {
            return Ok(None);
        };
        let field = "measurement.target_reduction";
        let target = f.amount(value, field)?;
        f.check(value, field, share(target))?;
        Ok(Some(target))
    }

    /// The providers, each read and checked alone, then together against
    /// the investment.
    fn providers(&self, f: &Fields<'_>, funder: &str, investment: Decimal) -> Result<Vec<Provider>, Error> {
        let Some(raw_providers) = &self.provider else {
            return Err(Error::new(ErrorKind::NoProvider));
        };
        f.check(
            raw_providers,
            "provider",
            raw_providers.get_ref().is_empty().then_some(ErrorKind::NoProvider),
        )?;
        let mut names = ProviderNames::new(funder, self.funder.is_none());
        let mut providers = Vec::new();
        for (i, spanned) in raw_providers.get_ref().iter().enumerate() {
            providers.push(read_provider(f, spanned.get_ref(), i, &mut names, investment)?);
        }
        check_provider_sums(f, raw_providers, &providers, investment)?;
        Ok(providers)
    }

    /// The sources the file gives: `[sources]`, each provider's
    /// `[provider.sources]`, each amendment's `source`, in that order.
    fn sources(
        &self,
        f: &Fields<'_>,
        providers: &[Provider],
        amendments: &[Amendment],
        measurement_end_set: bool,
    ) -> Result<Vec<TermSource>, Error> {
        let mut out = match &self.sources {
            Some(raw) => sources::read_table(
                f,
                raw,
                "sources",
                &CONTRACT_TERMS,
                |term| match term {
                    "funder" => self.funder.is_some(),
                    "reference_number" => self.reference_number.is_some(),
                    "measurement.target_reduction" => {
                        self.measurement.as_ref().is_some_and(|m| m.target_reduction.is_some())
                    }
                    "measurement.end" => measurement_end_set,
                    "measurement.trend" => self.measurement.as_ref().is_some_and(|m| m.trend.is_some()),
                    "schedule" => self.schedule.is_some(),
                    _ => true,
                },
                |term| format!("contract.{term}"),
            )?,
            None => Vec::new(),
        };
        let raw_providers = self
            .provider
            .as_ref()
            .map(|p| p.get_ref().as_slice())
            .unwrap_or_default();
        for (i, (raw, provider)) in raw_providers.iter().zip(providers).enumerate() {
            if let Some(table) = &raw.get_ref().sources {
                out.extend(sources::read_table(
                    f,
                    table,
                    &format!("provider[{i}].sources"),
                    &PROVIDER_TERMS,
                    |term| term != "value_share" || provider.value_share.is_some(),
                    |term| format!("contract.provider[{}].{term}", provider.name),
                )?);
            }
        }
        let mut in_file_order: Vec<&Amendment> = amendments.iter().collect();
        in_file_order.sort_by_key(|a| a.index);
        out.extend(in_file_order.into_iter().filter_map(|a| {
            a.source.as_ref().map(|source| TermSource {
                term: a.term_key(),
                source: source.clone(),
            })
        }));
        Ok(out)
    }
}

/// The providers' names read so far, as compared (folded), each with the
/// name as first written and its line: `Aino Health` and `aino health ` are
/// one name, and a provider may not have the funder's, whose ledger it
/// would share.
struct ProviderNames {
    seen: HashMap<String, (String, usize)>,
    funder: String,
    funder_folded: String,
    default_funder: bool,
}

impl ProviderNames {
    fn new(funder: &str, default_funder: bool) -> Self {
        Self {
            seen: HashMap::new(),
            funder: funder.to_owned(),
            funder_folded: folded(funder),
            default_funder,
        }
    }

    /// Takes the name `name`, read from `value` in `field`, unless it is the
    /// funder's or a name taken before.
    fn take(&mut self, f: &Fields<'_>, value: &Spanned<Value>, field: &str, name: &str) -> Result<(), Error> {
        let key = folded(name);
        f.check(
            value,
            field,
            (key == self.funder_folded).then(|| ErrorKind::ProviderNamedLikeFunder {
                name: name.to_owned(),
                funder: self.funder.clone(),
                default_funder: self.default_funder,
            }),
        )?;
        match self.seen.entry(key) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let (first, first_line) = first.get().clone();
                Err(f.here(value, field)(Error::new(ErrorKind::DuplicateProvider {
                    name: name.to_owned(),
                    first,
                    first_line,
                })))
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert((name.to_owned(), f.line(value)));
                Ok(())
            }
        }
    }
}

/// `[[provider]]` number `i`.
fn read_provider(
    f: &Fields<'_>,
    p: &RawProvider,
    i: usize,
    names: &mut ProviderNames,
    investment: Decimal,
) -> Result<Provider, Error> {
    let field = |key: &str| format!("provider[{i}].{key}");
    let name = f.name(&p.name, &field("name"))?;
    names.take(f, &p.name, &field("name"), &name)?;
    let contract_value = f.amount(&p.contract_value, &field("contract_value"))?;
    f.check(&p.contract_value, &field("contract_value"), positive(contract_value))?;
    f.check(
        &p.contract_value,
        &field("contract_value"),
        (contract_value > investment).then_some(ErrorKind::ContractValueAboveInvestment {
            value: contract_value,
            investment,
        }),
    )?;
    let outcome_share = f.amount(&p.outcome_share, &field("outcome_share"))?;
    f.check(&p.outcome_share, &field("outcome_share"), share(outcome_share))?;
    let cap = f.amount(&p.cap, &field("cap"))?;
    f.check(
        &p.cap,
        &field("cap"),
        (cap < Decimal::ONE).then_some(ErrorKind::CapBelowOne { value: cap }),
    )?;
    let value_share = match &p.value_share {
        Some(v) => {
            let s = f.amount(v, &field("value_share"))?;
            f.check(v, &field("value_share"), share(s))?;
            Some(s)
        }
        None => None,
    };
    Ok(Provider {
        name,
        contract_value,
        outcome_share,
        cap,
        value_share,
    })
}

/// The providers together: their contract values within the investment,
/// their value shares (stated or derived) within 1.
fn check_provider_sums<T>(
    f: &Fields<'_>,
    raw_providers: &Spanned<T>,
    providers: &[Provider],
    investment: Decimal,
) -> Result<(), Error> {
    let sum = arith::sum(providers.iter().map(|p| p.contract_value), "the sum of contract values")
        .map_err(f.here(raw_providers, "provider"))?;
    f.check(
        raw_providers,
        "provider",
        (sum > investment).then_some(ErrorKind::ContractValuesAboveInvestment { sum, investment }),
    )?;
    // With derived shares the sum is at most 1 by the check above; stated ones
    // could promise the providers more than the whole value.
    let shares = providers
        .iter()
        .map(|p| match p.value_share {
            Some(s) => Ok(s),
            None => derived_value_share(p, investment),
        })
        .collect::<Result<Vec<_>, _>>()
        .and_then(|v| arith::sum(v, "the sum of value shares"))
        .map_err(f.here(raw_providers, "provider"))?;
    f.check(
        raw_providers,
        "provider",
        (shares > Decimal::ONE).then_some(ErrorKind::ValueSharesAboveOne { sum: shares }),
    )
}

/// A name as names are compared: without spaces at either end and without
/// case (upper- then lowercased, so that `STRASSE` and `straße` are one name).
fn folded(name: &str) -> String {
    name.trim().to_uppercase().to_lowercase()
}

/// `[schedule]`: when the outcome payment is settled, and what a negative
/// true-up does.
fn read_schedule(f: &Fields<'_>, raw: &Spanned<RawSchedule>) -> Result<Schedule, Error> {
    let r = raw.get_ref();
    let every = match (&r.every, &r.months) {
        (Some(every), None) => match f.string(every, "schedule.every")?.as_str() {
            "month" => Every::Month,
            "quarter" => Every::Quarter,
            "year" => Every::Year,
            other => {
                return Err(f.here(every, "schedule.every")(Error::new(ErrorKind::BadSchedule {
                    value: other.to_owned(),
                })));
            }
        },
        (None, Some(months)) => {
            let mut list = Vec::new();
            for (i, m) in months.get_ref().iter().enumerate() {
                list.push(f.month(m, &format!("schedule.months[{i}]"))?);
            }
            Every::Months(list)
        }
        _ => return Err(f.here(raw, "schedule")(Error::new(ErrorKind::ScheduleEveryOrMonths))),
    };
    let negative = match &r.negative {
        None => Negative::CarryForward,
        Some(value) => match f.string(value, "schedule.negative")?.as_str() {
            "carry-forward" => Negative::CarryForward,
            "claw-back" => Negative::ClawBack,
            other => {
                return Err(f.here(value, "schedule.negative")(Error::new(ErrorKind::BadNegative {
                    value: other.to_owned(),
                })));
            }
        },
    };
    Ok(Schedule { every, negative })
}

/// The months a schedule lists, all within the term as amended: checked
/// once the amendments are applied, since an extension may reach them.
fn check_schedule_in_term(schedule: Option<&Schedule>, term: MonthRange) -> Result<(), Error> {
    if let Some(Schedule {
        every: Every::Months(months),
        ..
    }) = schedule
        && let Some(outside) = months.iter().find(|m| !term.contains(**m))
    {
        return Err(Error::new(ErrorKind::ScheduleOutsideTerm { month: *outside, term }).at_field("schedule.months"));
    }
    Ok(())
}

/// `s = r · C / I`, `docs/method.md` §3.3: the provider's share of each saved krona.
pub(crate) fn derived_value_share(provider: &Provider, investment: Decimal) -> Result<Decimal, Error> {
    let rc = arith::mul(provider.outcome_share, provider.contract_value, "r · C")?;
    arith::div(rc, investment, "s = r · C / I")
}
