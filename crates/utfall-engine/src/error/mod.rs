//! The one error type of this crate, [`Error`]: what went wrong
//! ([`ErrorKind`], in `kind.rs`; what is wrong with a CSV file as CSV,
//! [`CsvErrorKind`], in `csv.rs`) and where ([`Location`], kept by the
//! generic [`Located`] in `located.rs`, which `utfall-absence`'s error is
//! too), with what was read quoted one way ([`Excerpt`], in `quote.rs`).

mod csv;
mod input_file;
mod kind;
mod located;
mod quote;

pub use csv::CsvErrorKind;
pub use input_file::InputFile;
pub use kind::ErrorKind;
pub use located::{Located, Location};
pub use quote::{Excerpt, QUOTE_CHARS};
pub(crate) use quote::{is_bidi_control, quote, unsafe_character};

/// An error from loading contract terms or data, or from settling.
///
/// Its message is one lowercase line that says where the problem is and quotes
/// the bad value: `contract.toml:22: field provider[0].cap: cap 0.9 is below 1`.
/// The parsers know the line and field; the caller that read the file adds its
/// name with [`Error::in_file`].
///
/// # Example
/// ```
/// use utfall_engine::{Contract, ErrorKind};
///
/// let text = r#"
/// name = "x"
/// currency = "SEK"
/// investment = 22870000.0
/// day_value = "2080"
/// term = { start = "2018-10", end = "2021-09" }
/// reference = { start = "2017-08", end = "2018-07" }
/// [[provider]]
/// name = "p"
/// contract_value = "8405100"
/// outcome_share = "0.5"
/// cap = "1.5"
/// "#;
/// let err = Contract::from_toml_str(text).unwrap_err().in_file("contract.toml");
/// assert!(matches!(err.kind(), ErrorKind::NotQuoted { .. }));
/// assert_eq!(err.location().line(), Some(4));
/// assert_eq!(err.location().field(), Some("investment"));
/// assert_eq!(
///     err.to_string(),
///     "contract.toml:4: field investment: amounts are quoted decimal strings, \
///      found the float 22870000.0: write \"22870000.0\"",
/// );
/// ```
pub type Error = Located<ErrorKind>;
