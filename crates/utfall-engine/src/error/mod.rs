//! The one error type of this crate, [`Error`]: what went wrong
//! ([`ErrorKind`], in `kind.rs`) and where ([`Location`], in `located.rs`),
//! with bad values quoted one way (`quote.rs`).

mod kind;
mod located;
mod quote;

pub use kind::ErrorKind;
pub use located::{Error, Location};
pub use quote::QUOTE_CHARS;
pub(crate) use quote::{is_bidi_control, quote, unsafe_character};
