//! # utfall
//!
//! Settles social outcomes contracts: agreements in which part of a provider's
//! pay depends on a measured social outcome. This facade re-exports the
//! libraries:
//!
//! * [`engine`] (`utfall-engine`): contract terms, outcome and settlement; pure
//!   and exact.
//! * [`render`] (`utfall-render`): statements as text and JSON.
//! * [`absence`] (`utfall-absence`): sick-leave measurement from payroll
//!   absence records.
//!
//! ```
//! use utfall::engine::{settle, Contract, Outcome};
//! use utfall::render::{render_text, Style};
//! # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/botkyrka/contract.toml")).unwrap();
//! let contract = Contract::from_toml_str(&text)?;
//! let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
//! assert!(render_text(&statement, &Style::swedish()).contains("2 701 245,52 kr"));
//! # Ok::<(), utfall::engine::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use utfall_absence as absence;
pub use utfall_engine as engine;
pub use utfall_render as render;

#[doc = include_str!("../DESIGN.md")]
pub mod design {}
