//! # utfall
//!
//! Settles social outcomes contracts: agreements in which part of a provider's
//! pay depends on a measured social outcome. This facade re-exports the
//! libraries:
//!
//! * [`engine`] (`utfall-engine`): contract terms and their sources, outcome,
//!   settlement, ledgers, risk curve and what-if; pure and exact.
//! * [`render`] (`utfall-render`): statements and ledgers as text, Markdown,
//!   JSON, CSV and (feature `xlsx`) Excel workbooks; the risk chart.
//! * [`absence`] (`utfall-absence`): sick-leave measurement from payroll
//!   absence records.
//!
//! The package's binary is the `utfall` program (feature `cli`, on by default
//! with `xlsx`); a library user who wants none of it depends on this crate
//! with `default-features = false`. The method is in `docs/method.md`, the
//! file formats in `docs/formats.md`, the design choices [here](design).
//!
//! ```
//! use utfall::engine::{settle, Contract, Outcome};
//! use utfall::render::{render_text, Style, Summary};
//! # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/botkyrka/contract.toml")).unwrap();
//! let contract = Contract::from_toml_str(&text)?;
//! let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
//! let summary = Summary::new(&statement, None)?;
//! assert!(render_text(&statement, &summary, &Style::swedish()).contains("2 701 245,52 kr"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use utfall_absence as absence;
pub use utfall_engine as engine;
pub use utfall_render as render;

#[doc = include_str!("../DESIGN.md")]
pub mod design {}
