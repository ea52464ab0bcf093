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
//!   "funder": string,               who pays the providers
//!   "reference_number": string | null,   the funder's diarienummer
//!   "target_reduction": decimal | null,  the contract's target (method §2.6)
//!   "has_schedule": bool,           whether the contract has a payment schedule
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
//!   "sections": [ { "id": string, "title": string,
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
//!   "sources": [ { "term": string, "source": string } ],
//!   "summary": {                    what the statement opens with (see Summary)
//!     "contract", "reference_number" | null, "issued": "YYYY-MM-DD" | null, "currency",
//!     "term", "window", "amended" (bool),
//!     "outcome": { "monthly" (bool), "saved_days", "per_employee" | null,
//!                  "reduction" | null, "reference": { "start", "end" } | null,
//!                  "day_value", "value" },
//!     "target": { "target", "margin" | null, "met": bool | null } | null,
//!     "funder": { "name", "pays_window", "pays_term", "keeps", "runs_window",
//!                 "runs_term", "net_result_window", "net_result_term" },
//!     "providers": [ { "name", "activity_fee_window", "activity_fee_term",
//!                      "outcome_payment", "receives_window", "receives_term",
//!                      "result_window", "result_term", "cap_value", "outcome_cap",
//!                      "capped" (bool) } ],
//!     "project_net_result_window", "project_net_result_term",
//!     "break_even": { "investment", "days", "margin_days" },
//!     "schedule": { "settled": month,
//!                   "providers": [ { "name", "paid_before", "due_now" } ] } | null,
//!     "has_schedule" (bool)
//!   }
//! }
//! ```
//!
//! Each figure of the summary is the result of a statement line, named in
//! [`Summary`]'s documentation (`funder.net_result_window` is
//! the line `window.funder_net_result`): the summary and the lines can never
//! disagree. The document is the same in every locale: labels and section
//! titles are the engine's English ones, and the figures are plain decimals.
//! A section carries a stable `id` (`outcome`, `outcome.months`, `window`,
//! `provider[NAME]`, `funder`, `term`) beside its `title`.
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
//! Within version 2, the summary, the funder, the reference number, the
//! target, the sections' ids and the lines of the results (method §3.12) and
//! of the reduction (§2.6) were added. Version 2 replaced version 1's `source` on each line (a fixed citation of
//! the Botkyrka report, whatever the contract) with `rule` and `cites`, and
//! added `sources`.
//!
//! Line ids are stable: `window.investment`, `provider[NAME].outcome_payment`,
//! `term.provider[NAME].total`, `month[YYYY-MM].delta`, … New fields may be added
//! within version 2; a field's meaning never changes without a new version.

use serde::Serialize;
use utfall_engine::Statement;

use crate::{Error, ErrorKind, Summary};

/// The schema name and version written in every document.
pub const SCHEMA: &str = "utfall.statement/2";

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    #[serde(flatten)]
    statement: &'a Statement,
    summary: &'a Summary,
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
/// use utfall_render::{render_json, Summary};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// let summary = Summary::new(&statement, None)?;
/// let json: serde_json::Value = serde_json::from_str(&render_json(&statement, &summary)?)?;
/// assert_eq!(json["schema"], "utfall.statement/2");
/// assert_eq!(json["providers"][0]["outcome_payment"], "2701245.52");
/// assert_eq!(json["summary"]["funder"]["name"], "Botkyrka kommun");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_json(statement: &Statement, summary: &Summary) -> Result<String, Error> {
    let mut text = serde_json::to_string_pretty(&Document {
        schema: SCHEMA,
        statement,
        summary,
    })
    .map_err(|e| Error::new(ErrorKind::Json { message: e.to_string() }))?;
    text.push('\n');
    Ok(text)
}
