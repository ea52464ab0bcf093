//! Reading a contract file as TOML: the file's shape as the reader fills it
//! (each value kept untyped with its place in the text, so that
//! `validate.rs` can check it and name its line), and the reader's own
//! messages made into one short line.

use serde::Deserialize;
use toml::{Spanned, Value};

use super::Contract;
use crate::sources::RawSources;
use crate::{Error, ErrorKind};

impl Contract {
    /// Loads and validates contract terms from TOML text.
    ///
    /// # Errors
    /// One error per problem kind, each naming the field (`provider[0].cap`) and
    /// its line: TOML syntax, unknown or missing keys ([`ErrorKind::Toml`]); an
    /// amount not quoted ([`ErrorKind::NotQuoted`]) or not decimal
    /// ([`ErrorKind::NotDecimal`]); a bad month ([`ErrorKind::BadMonth`]); an end
    /// before its start; a reference period that is not 12 months or overlaps
    /// the term; a measurement end outside the term; an outcome or value share
    /// outside 0–1; a cap below 1; a non-positive investment, day value or
    /// contract value; a contract value above the investment; contract values or
    /// value shares that sum above the investment or 1; no provider; a provider
    /// named twice, compared without case and spaces at either end
    /// ([`ErrorKind::DuplicateProvider`]), or named like the funder
    /// ([`ErrorKind::ProviderNamedLikeFunder`]); an unknown trend; an empty
    /// name or a currency that is not three capital letters; a control
    /// character or bidirectional control in a name, the currency or a source
    /// ([`ErrorKind::UnsafeCharacter`]); a text above [`MAX_CONTRACT_BYTES`]
    /// ([`ErrorKind::TooLarge`]).
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, ErrorKind};
    /// let err = Contract::from_toml_str("name = \"x\"\ncurrenzy = \"SEK\"\n").unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::Toml { .. }));
    /// assert!(err.to_string().starts_with("line 2: unknown field `currenzy`"));
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Self, Error> {
        if text.len() > MAX_CONTRACT_BYTES {
            return Err(Error::new(ErrorKind::TooLarge {
                what: "contract",
                bytes: text.len(),
                limit: MAX_CONTRACT_BYTES,
            }));
        }
        let raw: RawContract = toml::from_str(text).map_err(|e| {
            let error = Error::new(ErrorKind::Toml {
                message: one_line(e.message()),
            });
            // A missing key has the whole table as its span: no line to name.
            match e.span() {
                Some(span) if !e.message().starts_with("missing field") => error.at_line(line_of(text, span.start)),
                _ => error,
            }
        })?;
        raw.validate(text)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a contract table")]
pub(super) struct RawContract {
    pub(super) name: Spanned<Value>,
    pub(super) funder: Option<Spanned<Value>>,
    pub(super) reference_number: Option<Spanned<Value>>,
    pub(super) currency: Spanned<Value>,
    pub(super) investment: Spanned<Value>,
    pub(super) day_value: Spanned<Value>,
    pub(super) term: Spanned<RawRange>,
    pub(super) reference: Spanned<RawRange>,
    pub(super) measurement: Option<RawMeasurement>,
    pub(super) provider: Option<Spanned<Vec<Spanned<RawProvider>>>>,
    pub(super) schedule: Option<Spanned<RawSchedule>>,
    pub(super) amendment: Option<Vec<Spanned<RawAmendment>>>,
    pub(super) sources: Option<RawSources>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a [schedule] table")]
pub(super) struct RawSchedule {
    pub(super) every: Option<Spanned<Value>>,
    pub(super) months: Option<Spanned<Vec<Spanned<Value>>>>,
    pub(super) negative: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "an [[amendment]] table")]
pub(super) struct RawAmendment {
    pub(super) agreed: Spanned<Value>,
    pub(super) measurement_end: Option<Spanned<Value>>,
    pub(super) term_end: Option<Spanned<Value>>,
    pub(super) from: Option<Spanned<Value>>,
    pub(super) day_value: Option<Spanned<Value>>,
    pub(super) provider: Option<Spanned<Value>>,
    pub(super) value_share: Option<Spanned<Value>>,
    pub(super) source: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table with start and end months")]
pub(super) struct RawRange {
    pub(super) start: Spanned<Value>,
    pub(super) end: Spanned<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a [measurement] table")]
pub(super) struct RawMeasurement {
    pub(super) end: Option<Spanned<Value>>,
    pub(super) trend: Option<Spanned<Value>>,
    pub(super) target_reduction: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a [[provider]] table")]
pub(super) struct RawProvider {
    pub(super) name: Spanned<Value>,
    pub(super) contract_value: Spanned<Value>,
    pub(super) outcome_share: Spanned<Value>,
    pub(super) cap: Spanned<Value>,
    pub(super) value_share: Option<Spanned<Value>>,
    pub(super) sources: Option<RawSources>,
}

pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or(text);
    crate::work::count(before.len());
    before.bytes().filter(|&b| b == b'\n').count() + 1
}

/// The TOML reader's message as one lowercase-initial line: errors are one
/// line. What it quotes from the file (`"…"` or `` `…` ``) is cut after
/// [`QUOTE_CHARS`](crate::QUOTE_CHARS) characters, control characters and
/// bidirectional controls are escaped, and the whole is cut after
/// [`MESSAGE_CHARS`] characters.
pub(crate) fn one_line(message: &str) -> String {
    let joined = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    // The quote being read, if in one: its closing character and how many
    // characters of it were kept.
    let mut quote: Option<(char, usize)> = None;
    let mut escaped = false;
    for c in joined.chars() {
        match &mut quote {
            Some((close, kept)) => {
                if c == *close && !escaped {
                    if *kept > crate::QUOTE_CHARS {
                        out.push(c);
                        out.push('…');
                    } else {
                        out.push(c);
                    }
                    quote = None;
                    continue;
                }
                escaped = !escaped && c == '\\' && *close == '"';
                *kept += 1;
                if *kept > crate::QUOTE_CHARS {
                    continue;
                }
            }
            None if c == '"' || c == '`' => {
                out.push(c);
                quote = Some((c, 0));
                escaped = false;
                continue;
            }
            None => {}
        }
        if c.is_control() || crate::error::is_bidi_control(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    if let Some((at, _)) = out.char_indices().nth(MESSAGE_CHARS) {
        out.truncate(at);
        out.push('…');
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The most characters of a TOML reader's message passed on.
pub(super) const MESSAGE_CHARS: usize = 400;

/// The largest contract file read, in bytes: 16 MiB. A contract of 20 000
/// providers is under 2 MB.
pub const MAX_CONTRACT_BYTES: usize = 16 * 1024 * 1024;
