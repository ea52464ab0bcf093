//! The root package's integration tests, as one test crate: one module per
//! part of the project a user meets. Run one part with its module path, such as
//! `cargo test --test main bad_input::` or `cargo test --test main cli::measure::`.
//!
//! One crate rather than a binary per file: the library is linked into one test
//! executable instead of a dozen, and a helper shared by several parts lives
//! once, in [`common`].
//!
//! A part too long for one file keeps its file (`cli.rs`) for what concerns it
//! as a whole and puts the rest in the folder of the same name (`cli/`), so the
//! files that were there before keep their names, as do the `source:` lines of
//! the snapshots made by their tests.

// Test helpers may stop on the first surprise (clippy.toml covers #[test] fns only).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod bad_input;
// Shared helpers, the reference settlement among them.
mod common;
// Runs the `utfall` binary, which exists only with the `cli` feature.
#[cfg(feature = "cli")]
mod cli;
mod contract_errors;
mod determinism;
mod followup_reference;
mod formats;
mod fuzz_regressions;
mod invariants;
mod measure_fixtures;
mod measure_options;
mod overflow;
mod periods;
mod risk;
mod schedule;
mod statements;
