//! The statement as a JSON document.
//!
//! # Schema `utfall.statement/2`
//!
//! Every amount, share and day count is a **decimal string** (`"2701245.52"`),
//! never a JSON number, so that no reader turns it into a binary float. Months
//! are `"YYYY-MM"` strings.
//!
//! ```text
//! {
//!   "schema": "utfall.statement/2",
//!   "contract": string,             name of the contract
//!   "currency": string,             ISO code, e.g. "SEK"
//!   "term":   { "start": month, "end": month },
//!   "window": { "start": month, "end": month },   the measured window
//!   "amended": bool,                measurement stopped before the term's end
//!   "outcome": {
//!     "window": { "start", "end" },
//!     "basis": { "kind": "stated_value" }
//!            | { "kind": "monthly", "trend": "none" | "national-index",
//!                "months": [ { "month", "reference_month", "net_days", "headcount" (number),
//!                              "per_employee", "reference_net_days", "reference_headcount" (number),
//!                              "reference_per_employee", "index" | null, "reference_index" | null,
//!                              "adjusted_per_employee", "delta", "saved_days" } ] },
//!     "delta_per_employee": decimal | null,   δ
//!     "saved_days": decimal,                  S
//!     "value": decimal                        V
//!   },
//!   "providers": [ { "name", "value_share", "value_share_stated" (bool), "outcome_payment",
//!                    "outcome_cap", "capped" (bool), "activity_fee_window", "activity_fee_term",
//!                    "total_window", "total_term", "premium_window", "premium_bound" } ],
//!   "sections": [ { "title": string,
//!                   "lines": [ { "id": string, "label": string, "formula": string,
//!                                "inputs": [ { "symbol": string, "value": decimal, "from": string } ],
//!                                "result": decimal,
//!                                "unit": "money" | "days" | "days_per_employee" | "share"
//!                                        | "months" | "employees" | "index",
//!                                "rule": { "section": string, "title": string },
//!                                "cites": [ string ] } ] } ],
//!   "notes": [ { "kind": "amended", "window", "measured" (number), "term_months" (number) }
//!            | { "kind": "interim", "as_of": month, "window", "term_months" (number) }
//!            | { "kind": "not_broken_even", "window" }
//!            | { "kind": "negative_value" }
//!            | { "kind": "capped", "provider" }
//!            | { "kind": "stated_share", "provider", "stated", "derived" }
//!            | { "kind": "amended_share", "provider", "share", "derived" }
//!            | { "kind": "premium_above_bound", "provider", "most", "bound" } ],
//!   "sources": [ { "term": string, "source": string } ]
//! }
//! ```
//!
//! A line's `rule` is the section of the method (`docs/method.md`) whose rule
//! it applies, `{ "section": "3.4", "title": "The cap" }`. Its `cites` are the
//! keys of the contract terms it uses that the contract gives a source for
//! (`contract.investment`, `contract.provider[NAME].cap`,
//! `contract.amendment[0]`, …), each found in `sources`, which holds every
//! source the contract file gives, in the order of its terms (the contract's,
//! then each provider's, then each amendment's). A contract that gives no
//! sources has empty `cites` and `sources`.
//!
//! Version 2 replaced version 1's `source` on each line (a fixed citation of
//! the Botkyrka report, whatever the contract) with `rule` and `cites`, and
//! added `sources`.
//!
//! Line ids are stable: `window.investment`, `provider[NAME].outcome_payment`,
//! `term.provider[NAME].total`, `month[YYYY-MM].delta`, … New fields may be added
//! within version 2; a field's meaning never changes without a new version.

use serde::Serialize;
use utfall_engine::Statement;

use crate::{Error, ErrorKind};

/// The schema name and version written in every document.
pub const SCHEMA: &str = "utfall.statement/2";

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    #[serde(flatten)]
    statement: &'a Statement,
}

/// Renders a statement as pretty-printed JSON of schema [`SCHEMA`].
///
/// # Errors
/// [`ErrorKind::Json`] if the JSON writer fails, which it does not for a
/// statement the engine made.
///
/// # Example
/// ```
/// use utfall_engine::{settle, Contract, Outcome};
/// use utfall_render::render_json;
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// let json: serde_json::Value = serde_json::from_str(&render_json(&statement)?)?;
/// assert_eq!(json["schema"], "utfall.statement/2");
/// assert_eq!(json["providers"][0]["outcome_payment"], "2701245.52");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_json(statement: &Statement) -> Result<String, Error> {
    let mut text = serde_json::to_string_pretty(&Document {
        schema: SCHEMA,
        statement,
    })
    .map_err(|e| Error::new(ErrorKind::Json { message: e.to_string() }))?;
    text.push('\n');
    Ok(text)
}
