//! # utfall-engine
//!
//! Contract terms and settlement of social outcomes contracts (*sociala
//! utfallskontrakt*): pure computation, no I/O, exact decimal money.
//!
//! The path through the crate:
//!
//! 1. [`Contract::from_toml_str`] loads and validates the terms (`docs/formats.md`).
//! 2. [`Outcome::from_monthly`] measures saved sick days month by month from a
//!    [`MonthlySeries`] (and a [`NationalIndex`]), or [`Outcome::from_value`] takes
//!    a stated value of saved days (`docs/method.md` §2).
//! 3. [`settle`] computes each provider's pay and the funder's part over the
//!    measured window and the whole term (`docs/method.md` §3) into a [`Statement`]
//!    whose every [`Line`] has a label, a formula, inputs and an exact result.
//! 4. [`reconcile`] compares a statement with figures a report states.
//!
//! ```
//! use utfall_engine::{settle, Contract, Outcome};
//!
//! let contract = Contract::from_toml_str(r#"
//!     name = "Arbetsmiljö och Hälsa i Fokus, Botkyrka"
//!     currency = "SEK"
//!     investment = "22870000"
//!     day_value = "2080"
//!     term = { start = "2018-10", end = "2021-09" }
//!     reference = { start = "2017-08", end = "2018-07" }
//!     measurement = { end = "2020-02" }
//!     [[provider]]
//!     name = "Aino Health"
//!     contract_value = "8405100"
//!     outcome_share = "0.5"
//!     cap = "1.5"
//! "#)?;
//! let outcome = Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?;
//! let statement = settle(&contract, &outcome)?;
//! assert_eq!(statement.providers()[0].outcome_payment.to_string(), "2701245.52");
//! let line = statement.line("window.net_result")?;
//! assert_eq!((line.formula.as_str(), line.result.round_dp(2).to_string()), ("V − I_w", "3900277.78".into()));
//! # Ok::<(), utfall_engine::Error>(())
//! ```
//!
//! ## Design notes
//!
//! * **Money is exact.** Amounts are [`rust_decimal::Decimal`]. Sums are exact;
//!   products and quotients are rounded to [`FIGURE_DP`] places, half to even;
//!   payable amounts to whole öre with [`round_to_ore`], never above their cap.
//!   Nothing else is rounded.
//! * **Errors say where.** Every [`Error`] carries a [`Location`] (file, line,
//!   field) and quotes the bad value; nothing panics on input. An error from
//!   measuring an outcome says which input file it is about
//!   ([`Error::input_file`]).
//! * **Months are a type.** [`Month`] is strict `YYYY-MM`; [`MonthRange`] includes
//!   its end month.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod arith;
mod contract;
mod csv_write;
mod dialect;
mod error;
mod ledger;
mod month;
mod notes;
mod outcome;
mod reconcile;
mod risk;
mod rule;
mod schedule;
mod series;
mod settlement;
mod sources;
mod trace;
mod whatif;

pub use arith::{FIGURE_DP, PAYABLE_DP, parse_decimal, round_to_ore};
pub use contract::{Contract, MAX_CONTRACT_BYTES, Provider, Trend};
pub use csv_write::{CsvOutput, csv_field, csv_row};
pub use dialect::{CsvDialect, Delimiter, decimal_point, header_line};
pub use error::{CsvErrorKind, Error, ErrorKind, Excerpt, InputFile, Located, Location, QUOTE_CHARS};
pub use ledger::{Kind, Ledger, PartyLedger, Payment, ProviderSettlementToDate, Settlement};
pub use month::{Month, MonthRange};
pub use notes::Note;
pub use outcome::{Basis, MonthOutcome, Outcome};
pub use reconcile::{ReconciledFigure, ReportedFigure, ReportedFigures, ReportedOutcome, reconcile};
pub use risk::{Marker, MarkerKind, ProviderPoint, RiskCurve, RiskPoint};
pub use rule::{METHOD, Rule};
pub use schedule::{Amendment, Every, Negative, Schedule};
pub use series::{IndexValue, MAX_CSV_FIELD_BYTES, MAX_CSV_LINE_BYTES, MonthData, MonthlySeries, NationalIndex};
pub use settlement::{ProviderSettlement, Section, Statement, settle};
pub use sources::TermSource;
pub use trace::{Input, Line, Unit};
pub use whatif::{SensitivityRow, TargetPoint, Threshold, WhatIf};

/// Decimal numbers, re-exported so that users need not depend on `rust_decimal`.
pub use rust_decimal::Decimal;

/// Counts work in tests (bytes scanned, names compared), so that a test can
/// check how work grows with the input without timing it.
pub(crate) mod work {
    #[cfg(test)]
    thread_local! {
        static DONE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// Counts `units` of work (a no-op outside tests).
    #[cfg_attr(not(test), allow(unused_variables))]
    #[inline]
    pub(crate) fn count(units: usize) {
        #[cfg(test)]
        DONE.with(|d| d.set(d.get().saturating_add(units)));
    }

    /// Starts counting from zero on this thread.
    #[cfg(test)]
    pub(crate) fn reset() {
        DONE.with(|d| d.set(0));
    }

    /// The work counted on this thread since [`reset`].
    #[cfg(test)]
    pub(crate) fn done() -> usize {
        DONE.with(std::cell::Cell::get)
    }
}

/// Contracts worked by hand in the unit tests.
#[cfg(test)]
pub(crate) mod hand {
    use crate::{Contract, Decimal};

    /// I = 1 200 over 12 months (2020), 6 measured, d = 10; one provider P with
    /// C = 600, r = 0.5, k = 1.5, so s = 0.25; `extra` is appended to P.
    pub(crate) fn contract(extra: &str) -> Contract {
        Contract::from_toml_str(&text(extra)).unwrap()
    }

    /// The terms of [`contract`], as written.
    pub(crate) fn text(extra: &str) -> String {
        format!(
            r#"
            name = "hand"
            currency = "SEK"
            investment = "1200"
            day_value = "10"
            term = {{ start = "2020-01", end = "2020-12" }}
            reference = {{ start = "2019-01", end = "2019-12" }}
            measurement = {{ end = "2020-06" }}
            [[provider]]
            name = "P"
            contract_value = "600"
            outcome_share = "0.5"
            cap = "1.5"
            {extra}
            "#
        )
    }

    pub(crate) fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }
}
