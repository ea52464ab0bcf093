//! # utfall-render
//!
//! Settlement statements of [`utfall_engine`] as people and programs read them:
//! plain text in Swedish number style ([`render_text`]), a reconciliation with a
//! report ([`render_reconciliation`]) and JSON with decimal strings
//! ([`render_json`], schema in [`json`]).
//!
//! ```
//! use utfall_engine::{settle, Contract, Outcome};
//! use utfall_render::{render_text, Style};
//! # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
//! let contract = Contract::from_toml_str(&text)?;
//! let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
//! let out = render_text(&statement, &Style::swedish());
//! assert!(out.contains("Aino Health's outcome payment"));
//! assert!(out.contains("2 701 245,52 kr"));
//! # Ok::<(), utfall_engine::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod chart;
pub mod json;
mod number;
mod text;

pub use chart::{render_risk_csv, render_risk_svg, render_whatif_csv, render_whatif_text};
pub use json::render_json;
pub use number::Style;
pub use text::{render_reconciliation, render_text};

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
}
