//! Remarks a reader of a statement must see, as data: the renderer words them.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::MonthRange;

/// A remark on a statement.
///
/// Its `Display` is plain English with `.` decimals; renderers word it in their
/// own number style.
///
/// # Example
/// ```
/// use utfall_engine::{settle, Contract, Note, Outcome};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
/// #     "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// assert!(matches!(statement.notes()[0], Note::Amended { measured: 17, term_months: 36, .. }));
/// assert!(statement.notes()[0].to_string().starts_with("outcome measured 2018-10 – 2020-02 (17 of 36 months)"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Note {
    /// Measurement stopped before the end of the term (`docs/method.md` §3.1).
    Amended {
        /// The measured window.
        window: MonthRange,
        /// `n`.
        measured: u32,
        /// `N`.
        term_months: u32,
    },
    /// A statement as of a month before the end of measurement: the outcome
    /// to date (an interim settlement).
    Interim {
        /// The month the statement is made as of.
        as_of: crate::Month,
        /// The window measured so far.
        window: MonthRange,
        /// `N`.
        term_months: u32,
    },
    /// The value of saved days is below the investment attributable to the window.
    NotBrokenEven {
        /// The measured window.
        window: MonthRange,
    },
    /// The value of saved days is negative: nothing is paid on outcome.
    NegativeValue,
    /// A provider's payment is held down by its cap.
    Capped {
        /// The provider.
        provider: String,
    },
    /// A provider's share of each saved krona is stated in the contract.
    StatedShare {
        /// The provider.
        provider: String,
        /// The stated `s`.
        stated: Decimal,
        /// `r · C / I`.
        derived: Decimal,
    },
    /// An amendment changed a provider's share within the window: the share
    /// used weighs each month by its value of saved days.
    AmendedShare {
        /// The provider.
        provider: String,
        /// The share used.
        share: Decimal,
        /// `r · C / I`.
        derived: Decimal,
    },
    /// A stated share above `r · C / I` lets the premium exceed `r · (k − 1)`.
    PremiumAboveBound {
        /// The provider.
        provider: String,
        /// The most the premium can be with the stated share.
        most: Decimal,
        /// `r · (k − 1)`.
        bound: Decimal,
    },
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Amended {
                window,
                measured,
                term_months,
            } => write!(
                f,
                "outcome measured {window} ({measured} of {term_months} months); measurement stopped after {} by \
                 amendment, and only the activity fee is paid for the remaining {} months",
                window.end(),
                term_months.saturating_sub(*measured)
            ),
            Note::Interim {
                as_of,
                window,
                term_months,
            } => write!(
                f,
                "interim statement as of {as_of}: outcome measured so far, {window} ({} of {term_months} months)",
                window.len()
            ),
            Note::NotBrokenEven { window } => write!(
                f,
                "the value of saved days is below the investment attributable to the window: the project has not \
                 broken even over {window}"
            ),
            Note::NegativeValue => write!(f, "the value of saved days is negative, so no outcome payment is due"),
            Note::Capped { provider } => write!(
                f,
                "{provider}: the value of saved days is above the cap, so the outcome payment is capped"
            ),
            Note::StatedShare {
                provider,
                stated,
                derived,
            } => write!(
                f,
                "{provider}: the contract states s = {stated}; the terms imply r · C / I = {derived}, a difference \
                 of {}",
                stated.checked_sub(*derived).unwrap_or_default()
            ),
            Note::AmendedShare {
                provider,
                share,
                derived,
            } => write!(
                f,
                "{provider}: an amendment changed the share of each saved krona within the window; the share used, \
                 {share}, weighs each month's share by its value of saved days (the terms imply r · C / I = {derived})"
            ),
            Note::PremiumAboveBound { provider, most, bound } => write!(
                f,
                "{provider}: the stated share is above r · C / I, so the premium can reach {most}, above r · (k − 1) \
                 = {bound}"
            ),
        }
    }
}
