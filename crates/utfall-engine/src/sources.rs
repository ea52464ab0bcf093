//! Where a contract's terms come from, as the contract file says: a
//! `[sources]` table for the contract's own terms, a `[provider.sources]`
//! table under each provider, and a `source` in each amendment.
//!
//! Sources are data, like the terms they explain: a statement cites them next
//! to the rule it applies, and a contract that gives none is cited for nothing.

use std::collections::BTreeMap;

use serde::Serialize;
use toml::{Spanned, Value};

use crate::contract::Fields;
use crate::{Error, ErrorKind};

/// Where one term of a contract comes from.
///
/// # Example
/// ```
/// use utfall_engine::Contract;
/// let contract = Contract::from_toml_str(r#"
///     name = "x"
///     currency = "SEK"
///     investment = "1200"
///     day_value = "10"
///     term = { start = "2020-01", end = "2020-12" }
///     reference = { start = "2019-01", end = "2019-12" }
///     [sources]
///     investment = "Council decision 2019:12, section 3"
///     [[provider]]
///     name = "P"
///     contract_value = "600"
///     outcome_share = "0.5"
///     cap = "1.5"
///     [provider.sources]
///     cap = "Procurement, annex 2"
/// "#)?;
/// let terms: Vec<&str> = contract.sources().iter().map(|s| s.term.as_str()).collect();
/// assert_eq!(terms, ["contract.investment", "contract.provider[P].cap"]);
/// assert_eq!(contract.source("contract.investment"), Some("Council decision 2019:12, section 3"));
///
/// // A source for a term the contract does not have is refused, naming its line:
/// let err = Contract::from_toml_str(r#"
///     name = "x"
///     currency = "SEK"
///     investment = "1200"
///     day_value = "10"
///     term = { start = "2020-01", end = "2020-12" }
///     reference = { start = "2019-01", end = "2019-12" }
///     [sources]
///     investmnet = "Council decision 2019:12"
///     [[provider]]
///     name = "P"
///     contract_value = "600"
///     outcome_share = "0.5"
///     cap = "1.5"
/// "#).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "line 9: field sources.investmnet: there is no term \"investmnet\" to give a source for \
///      (the terms are name, funder, reference_number, currency, investment, day_value, term, \
///      reference, measurement.end, measurement.trend, measurement.target_reduction, schedule)",
/// );
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TermSource {
    /// The term, named as statement lines name their inputs:
    /// `contract.investment`, `contract.measurement.end`,
    /// `contract.provider[Aino Health].cap`, `contract.amendment[0]` (the
    /// amendment's position in the file, from 0).
    pub term: String,
    /// Where it comes from, in the contract file's words: one line of text.
    pub source: String,
}

/// The terms `[sources]` may name, in the order sources are listed.
pub(crate) const CONTRACT_TERMS: [&str; 12] = [
    "name",
    "funder",
    "reference_number",
    "currency",
    "investment",
    "day_value",
    "term",
    "reference",
    "measurement.end",
    "measurement.trend",
    "measurement.target_reduction",
    "schedule",
];

/// The terms a `[provider.sources]` table may name, in the order listed.
pub(crate) const PROVIDER_TERMS: [&str; 5] = ["name", "contract_value", "outcome_share", "cap", "value_share"];

/// A `sources` table as read: keys to values, a nested table (`measurement =
/// { end = "…" }` or `measurement.end = "…"`) flattened to dotted keys.
pub(crate) type RawSources = Spanned<BTreeMap<String, Spanned<Value>>>;

/// The sources of one `sources` table (`field` names it in errors:
/// `sources`, `provider[0].sources`): each key one of `terms` that
/// `is_set` says the contract gives, each value one line of text. The term of
/// key `k` is `key_of(k)`; the result is in the order of `terms`.
pub(crate) fn read_table(
    f: &Fields<'_>,
    raw: &RawSources,
    field: &str,
    terms: &[&'static str],
    is_set: impl Fn(&str) -> bool,
    key_of: impl Fn(&str) -> String,
) -> Result<Vec<TermSource>, Error> {
    let mut found: Vec<(usize, TermSource)> = Vec::new();
    for (key, value) in raw.get_ref() {
        // A nested table has no spans of its own: its entries are blamed on
        // the line of the table's key.
        let entries: Vec<(String, &Value)> = match value.get_ref() {
            Value::Table(table) => table.iter().map(|(k, v)| (format!("{key}.{k}"), v)).collect(),
            other => vec![(key.clone(), other)],
        };
        for (name, text) in entries {
            let path = format!("{field}.{name}");
            let here = f.here(value, &path);
            let position = terms.iter().position(|t| *t == name).ok_or_else(|| {
                here(Error::new(ErrorKind::UnknownSourceKey {
                    key: name.clone(),
                    terms: terms.join(", "),
                }))
            })?;
            // `"measurement.end"` and `measurement.end` are two TOML keys but one term.
            if found.iter().any(|(p, _)| *p == position) {
                return Err(here(Error::new(ErrorKind::SourceGivenTwice { key: name })));
            }
            if !is_set(&name) {
                return Err(here(Error::new(ErrorKind::SourceForUnsetTerm { key: name })));
            }
            let source = one_line(text).map_err(|kind| here(Error::new(kind)))?;
            found.push((
                position,
                TermSource {
                    term: key_of(&name),
                    source,
                },
            ));
        }
    }
    found.sort_by_key(|(position, _)| *position);
    Ok(found.into_iter().map(|(_, source)| source).collect())
}

/// An amendment's `source`.
pub(crate) fn read_one(f: &Fields<'_>, raw: &Spanned<Value>, field: &str) -> Result<String, Error> {
    one_line(raw.get_ref()).map_err(|kind| f.here(raw, field)(Error::new(kind)))
}

/// A source's text: a string of one non-empty line without control
/// characters, so that every output can show it on one line as written.
fn one_line(value: &Value) -> Result<String, ErrorKind> {
    let Value::String(text) = value else {
        return Err(ErrorKind::WrongType {
            expected: "a quoted string",
            found: value.type_str(),
            value: value.to_string(),
        });
    };
    // Control characters would break a line in every output, or steer the
    // terminal that shows it; bidirectional controls would show it in
    // another order than it is read.
    if let Some(character) = crate::error::unsafe_character(text).filter(|c| !c.is_control()) {
        return Err(ErrorKind::UnsafeCharacter {
            value: text.clone(),
            character,
        });
    }
    if text.trim().is_empty() || text.chars().any(char::is_control) {
        return Err(ErrorKind::BadSource { value: text.clone() });
    }
    Ok(text.clone())
}

#[cfg(test)]
mod tests {
    use crate::Contract;

    const BASE: &str = r#"
        name = "x"
        funder = "F"
        currency = "SEK"
        investment = "1200"
        day_value = "10"
        term = { start = "2020-01", end = "2020-12" }
        reference = { start = "2019-01", end = "2019-12" }
        measurement = { end = "2020-06" }
    "#;

    const PROVIDER: &str = r#"
        [[provider]]
        name = "P"
        contract_value = "600"
        outcome_share = "0.5"
        cap = "1.5"
        value_share = "0.2"
        [provider.sources]
        value_share = "Tender, annex 2"
        cap = "Tender, section 4"

        [[amendment]]
        agreed = "2020-03"
        measurement_end = "2020-02"
        source = "Minutes of 12 March 2020"
    "#;

    fn terms(contract: &Contract) -> Vec<(&str, &str)> {
        contract
            .sources()
            .iter()
            .map(|s| (s.term.as_str(), s.source.as_str()))
            .collect()
    }

    #[test]
    fn a_dotted_key_a_nested_table_and_a_quoted_key_are_the_same_source() {
        let forms = [
            "[sources]\nmeasurement.end = \"Minutes\"\ninvestment = \"Budget\"\n",
            "[sources]\ninvestment = \"Budget\"\n[sources.measurement]\nend = \"Minutes\"\n",
            "[sources]\n\"measurement.end\" = \"Minutes\"\ninvestment = \"Budget\"\n",
        ];
        for form in forms {
            let contract = Contract::from_toml_str(&format!("{BASE}{form}{PROVIDER}")).unwrap();
            assert_eq!(
                terms(&contract)[..2],
                [
                    ("contract.investment", "Budget"),
                    ("contract.measurement.end", "Minutes")
                ],
                "{form}"
            );
        }
    }

    #[test]
    fn sources_are_in_the_order_of_the_terms_whatever_the_order_of_the_keys() {
        let one = "[sources]\nterm = \"T\"\nfunder = \"F\"\nname = \"N\"\n";
        let other = "[sources]\nname = \"N\"\nterm = \"T\"\nfunder = \"F\"\n";
        let a = Contract::from_toml_str(&format!("{BASE}{one}{PROVIDER}")).unwrap();
        let b = Contract::from_toml_str(&format!("{BASE}{other}{PROVIDER}")).unwrap();
        assert_eq!(a, b);
        assert_eq!(
            terms(&a),
            [
                ("contract.name", "N"),
                ("contract.funder", "F"),
                ("contract.term", "T"),
                ("contract.provider[P].cap", "Tender, section 4"),
                ("contract.provider[P].value_share", "Tender, annex 2"),
                ("contract.amendment[0]", "Minutes of 12 March 2020"),
            ]
        );
    }

    #[test]
    fn every_kind_of_source_survives_writing_and_reading_back() {
        let text = format!(
            "{BASE}[sources]\nmeasurement.end = \"M\"\nschedule = \"S\"\n[schedule]\nevery = \"quarter\"\n{PROVIDER}"
        );
        let contract = Contract::from_toml_str(&text).unwrap();
        assert_eq!(contract.sources().len(), 5);
        let again = Contract::from_toml_str(&contract.to_toml_string().unwrap()).unwrap();
        assert_eq!(again, contract);
    }

    #[test]
    fn a_source_with_a_control_character_is_refused() {
        for bad in ["\\u001b[2J", "a\\tb", "two\\nlines"] {
            let text = format!("{BASE}[sources]\ninvestment = \"{bad}\"\n{PROVIDER}");
            let err = Contract::from_toml_str(&text).unwrap_err().to_string();
            assert!(
                err.contains("is not a source: one line of text, not empty, without control characters"),
                "{err}"
            );
        }
    }

    #[test]
    fn a_term_sourced_twice_is_refused() {
        let text = format!("{BASE}[sources]\n\"measurement.end\" = \"A\"\nmeasurement.end = \"B\"\n{PROVIDER}");
        let err = Contract::from_toml_str(&text).unwrap_err().to_string();
        assert!(
            err.ends_with("field sources.measurement.end: measurement.end has two sources; give one"),
            "{err}"
        );
    }

    #[test]
    fn a_table_deeper_than_one_level_is_not_a_source() {
        let text = format!("{BASE}[sources]\nmeasurement = {{ end = {{ text = \"M\" }} }}\n{PROVIDER}");
        let err = Contract::from_toml_str(&text).unwrap_err().to_string();
        assert!(
            err.contains("field sources.measurement.end: expected a quoted string, found the table"),
            "{err}"
        );
    }
}
