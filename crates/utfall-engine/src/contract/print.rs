//! Writing a contract back as TOML ([`Contract::to_toml_string`]) in the
//! form [`Contract::from_toml_str`] reads, so that a contract loaded, written
//! and loaded again is the same contract.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::Contract;
use super::validate::DEFAULT_FUNDER;
use crate::schedule::{Amendment, Every};
use crate::{Error, ErrorKind, MonthRange};

impl Contract {
    /// The contract as TOML in the form [`Contract::from_toml_str`] reads:
    /// loading the result gives back an equal contract.
    ///
    /// # Errors
    /// Never for a validated contract; the TOML writer's error is passed on as
    /// [`ErrorKind::Toml`].
    ///
    /// # Example
    /// ```
    /// use utfall_engine::Contract;
    /// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    ///     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// let contract = Contract::from_toml_str(&text)?;
    /// let again = Contract::from_toml_str(&contract.to_toml_string()?)?;
    /// assert_eq!(again, contract);
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn to_toml_string(&self) -> Result<String, Error> {
        // Each provider's sources, by its name: `contract.provider[NAME].KEY`,
        // where KEY (a provider term) holds no `].`.
        let mut provider_sources: HashMap<&str, BTreeMap<String, String>> = HashMap::new();
        for s in &self.sources {
            if let Some((name, key)) = s
                .term
                .strip_prefix("contract.provider[")
                .and_then(|rest| rest.rsplit_once("]."))
            {
                provider_sources
                    .entry(name)
                    .or_default()
                    .insert(key.to_owned(), s.source.clone());
            }
        }
        let out = OutContract {
            name: &self.name,
            // A funder named "funder" is written when the file gives it a source.
            funder: (self.funder != DEFAULT_FUNDER || self.source("contract.funder").is_some())
                .then_some(self.funder.as_str()),
            reference_number: self.reference_number.as_deref(),
            currency: &self.currency,
            investment: self.investment.to_string(),
            day_value: self.day_value.to_string(),
            term: OutRange::from(self.agreed_term),
            reference: OutRange::from(self.reference),
            measurement: OutMeasurement {
                end: self.agreed_measurement_end.map(|m| m.to_string()),
                trend: self.trend.as_str(),
                target_reduction: self.target_reduction.map(|t| t.to_string()),
            },
            sources: self
                .sources
                .iter()
                .filter_map(|s| {
                    let key = s.term.strip_prefix("contract.")?;
                    (!key.starts_with("provider[") && !key.starts_with("amendment["))
                        .then(|| (key.to_owned(), s.source.clone()))
                })
                .collect(),
            schedule: self.schedule.as_ref().map(|s| OutSchedule {
                every: match &s.every {
                    Every::Month => Some("month"),
                    Every::Quarter => Some("quarter"),
                    Every::Year => Some("year"),
                    Every::Months(_) => None,
                },
                months: match &s.every {
                    Every::Months(months) => Some(months.iter().map(ToString::to_string).collect()),
                    _ => None,
                },
                negative: s.negative.as_str(),
            }),
            // In the file's order, so that each amendment keeps its position
            // (`amendment[I]`, the key its source is cited by) when read back.
            amendment: {
                let mut in_file_order: Vec<&Amendment> = self.amendments.iter().collect();
                in_file_order.sort_by_key(|a| a.index);
                in_file_order
            }
            .into_iter()
            .map(|a| OutAmendment {
                agreed: a.agreed.to_string(),
                measurement_end: a.measurement_end.map(|m| m.to_string()),
                term_end: a.term_end.map(|m| m.to_string()),
                from: a.from.map(|m| m.to_string()),
                day_value: a.day_value.map(|d| d.to_string()),
                provider: a.value_share.as_ref().map(|(p, _)| p.clone()),
                value_share: a.value_share.as_ref().map(|(_, s)| s.to_string()),
                source: a.source.clone(),
            })
            .collect(),
            provider: self
                .providers
                .iter()
                .map(|p| OutProvider {
                    name: &p.name,
                    contract_value: p.contract_value.to_string(),
                    outcome_share: p.outcome_share.to_string(),
                    cap: p.cap.to_string(),
                    value_share: p.value_share.map(|s| s.to_string()),
                    sources: provider_sources.remove(p.name.as_str()).unwrap_or_default(),
                })
                .collect(),
        };
        toml::to_string(&out).map_err(|e| Error::new(ErrorKind::Toml { message: e.to_string() }))
    }
}

#[derive(Serialize)]
struct OutContract<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    funder: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference_number: Option<&'a str>,
    currency: &'a str,
    investment: String,
    day_value: String,
    term: OutRange,
    reference: OutRange,
    measurement: OutMeasurement,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    sources: BTreeMap<String, String>,
    provider: Vec<OutProvider<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    schedule: Option<OutSchedule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    amendment: Vec<OutAmendment>,
}

#[derive(Serialize)]
struct OutSchedule {
    #[serde(skip_serializing_if = "Option::is_none")]
    every: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    months: Option<Vec<String>>,
    negative: &'static str,
}

#[derive(Serialize)]
struct OutAmendment {
    agreed: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    measurement_end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    term_end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day_value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_share: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
}

#[derive(Serialize)]
struct OutRange {
    start: String,
    end: String,
}

impl From<MonthRange> for OutRange {
    fn from(range: MonthRange) -> Self {
        Self {
            start: range.start().to_string(),
            end: range.end().to_string(),
        }
    }
}

#[derive(Serialize)]
struct OutMeasurement {
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    trend: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_reduction: Option<String>,
}

#[derive(Serialize)]
struct OutProvider<'a> {
    name: &'a str,
    contract_value: String,
    outcome_share: String,
    cap: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_share: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    sources: BTreeMap<String, String>,
}
