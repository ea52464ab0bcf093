//! # utfall-render
//!
//! Settlement statements and ledgers of [`utfall_engine`] as people and
//! programs read them:
//!
//! | format | statement | ledger ([`Ledger`](utfall_engine::Ledger), see [`ledger`]) | numbers |
//! |---|---|---|---|
//! | plain text for a terminal or a printout | [`render_text`] | [`render_ledger_text`] | in a [`Style`]: Swedish (`22 870 000,00 kr`) or English (`22,870,000.00 SEK`) |
//! | Markdown | [`render_markdown`] | [`render_ledger_markdown`] | in a [`Style`] |
//! | HTML, one self-contained page to read in a browser or print on A4 | [`render_html`] | (not yet) | in a [`Style`] |
//! | JSON | [`render_json`], schema in [`json`] | [`render_ledger_json`], schema in [`ledger::json`] | exact decimal strings (`"22870000"`) |
//! | CSV | [`render_csv`], one row per statement line | [`render_ledger_csv`], one row per party and payment | exact decimals with `.` |
//! | Excel workbook (feature `xlsx`) | `render_xlsx`, its first sheet live formulas | `render_ledger_xlsx` | numbers for reading, with the exact decimal strings beside them |
//!
//! and a reconciliation with a report ([`render_reconciliation`]).
//!
//! A statement opens with its [`Summary`] (who pays and receives what, the
//! named results, break-even, the caps, the target and the schedule) and the
//! full trace follows as its appendix. Words are Swedish or English, as the
//! [`Style`]'s [`Language`] says, from one catalogue per language keyed by the
//! trace's line ids; JSON and CSV are the same in every language.
//!
//! ```
//! use utfall_engine::{settle, Contract, Outcome};
//! use utfall_render::{render_text, Style, Summary};
//! # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
//! let contract = Contract::from_toml_str(&text)?;
//! let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
//! let summary = Summary::new(&statement, None)?.issued("2026-11-29");
//! let out = render_text(&statement, &summary, &Style::swedish());
//! assert!(out.contains("Aino Healths utfallsersättning"));
//! assert!(out.contains("2 701 245,52 kr"));
//! let out = render_text(&statement, &summary, &Style::english());
//! assert!(out.contains("Aino Health's outcome payment"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod chart;
mod csv;
mod html;
pub mod json;
pub mod ledger;
mod markdown;
mod number;
mod summary;
mod summary_words;
mod text;
mod words;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use chart::{
    ChartWord, MonthBand, MonthChart, MonthSeries, render_month_chart, render_risk_csv, render_risk_csv_in,
    render_risk_svg, render_whatif_csv, render_whatif_csv_in, render_whatif_text,
};
pub use csv::{CSV_HEADER, render_csv, render_csv_in};
pub use html::render_html;
pub use json::render_json;
#[cfg(feature = "xlsx")]
pub use ledger::render_ledger_xlsx;
pub use ledger::{
    LEDGER_CSV_HEADER, LEDGER_SCHEMA, render_ledger_csv, render_ledger_csv_in, render_ledger_json,
    render_ledger_markdown, render_ledger_text,
};
pub use markdown::render_markdown;
pub use number::Style;
pub use summary::{
    BreakEven, FunderSummary, ProviderSummary, SchedulePayments, ScheduleSummary, Summary, SummaryOutcome,
    SummaryTarget,
};
pub use text::{render_reconciliation, render_text};
pub use words::Language;
#[cfg(feature = "xlsx")]
pub use xlsx::render_xlsx;

/// An error from rendering.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    kind: ErrorKind,
}

impl Error {
    fn new(kind: ErrorKind) -> Self {
        Self { kind }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

/// What went wrong while rendering. New kinds may be added in any release.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The JSON writer failed.
    #[error("could not write json: {message}")]
    Json {
        /// The writer's message.
        message: String,
    },
    /// The xlsx writer failed (feature `xlsx`).
    #[error("could not write xlsx: {message}")]
    Xlsx {
        /// The writer's message.
        message: String,
    },
    /// A figure to be shown could not be computed: a ledger's balance beyond
    /// the range of exact decimals ([`utfall_engine::ErrorKind::Overflow`]).
    #[error("{0}")]
    Engine(utfall_engine::Error),
}

impl From<utfall_engine::Error> for Error {
    fn from(error: utfall_engine::Error) -> Self {
        Self::new(ErrorKind::Engine(error))
    }
}
