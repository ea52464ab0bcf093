//! Reading one value of a contract file as the type its field takes (a name,
//! an amount, a month, a range), each error given the value's line and its
//! field's name; and the checks on a value read that name them too.

use rust_decimal::Decimal;
use toml::{Spanned, Value};

use super::parse::RawRange;
use crate::arith::parse_decimal;
use crate::error::unsafe_character;
use crate::{Error, ErrorKind, Month, MonthRange};

/// Reads fields of one TOML text, attaching field names and lines to errors.
pub(crate) struct Fields<'a> {
    text: &'a str,
    lines: Lines,
}

/// Where each line of a text starts, found in one pass, so that the line of
/// an offset is a binary search rather than a scan from the start (which made
/// loading quadratic in the size of the file).
pub(crate) struct Lines {
    /// The offset of every `\n`, in order.
    ends: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Self {
        crate::work::count(text.len());
        Self {
            ends: text
                .bytes()
                .enumerate()
                .filter_map(|(at, b)| (b == b'\n').then_some(at))
                .collect(),
        }
    }

    /// The line (from 1) of byte `offset`: one more than the line ends before it.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.ends.partition_point(|&end| end < offset) + 1
    }
}

impl<'a> Fields<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            lines: Lines::new(text),
        }
    }

    /// Gives an error the line of `value` and the field `field` (unless it
    /// names a more precise one). The line is found only when there is an
    /// error: reading a field that is fine costs nothing.
    pub(crate) fn here<T>(&self, value: &Spanned<T>, field: &str) -> impl Fn(Error) -> Error + '_ {
        let start = value.span().start;
        let field = field.to_owned();
        move |e: Error| e.at_line(self.lines.line(start)).or_field(field.clone())
    }

    /// The line (from 1) where `value` starts.
    pub(super) fn line<T>(&self, value: &Spanned<T>) -> usize {
        self.lines.line(value.span().start)
    }

    /// A string that is shown as it is (a name, a code): without control
    /// characters or bidirectional controls, which could break the line it
    /// is shown on or show it in another order than it is read.
    pub(super) fn safe_string(&self, value: &Spanned<Value>, field: &str) -> Result<String, Error> {
        let text = self.string(value, field)?;
        match unsafe_character(&text) {
            None => Ok(text),
            Some(character) => Err(self.here(value, field)(Error::new(ErrorKind::UnsafeCharacter {
                value: text,
                character,
            }))),
        }
    }

    /// A name: a safe string, not empty or only spaces.
    pub(super) fn name(&self, value: &Spanned<Value>, field: &str) -> Result<String, Error> {
        let name = self.safe_string(value, field)?;
        if name.trim().is_empty() {
            return Err(self.here(value, field)(Error::new(ErrorKind::EmptyName {
                value: name,
            })));
        }
        Ok(name)
    }

    pub(super) fn string(&self, value: &Spanned<Value>, field: &str) -> Result<String, Error> {
        match value.get_ref() {
            Value::String(s) => Ok(s.clone()),
            other => Err(Error::new(ErrorKind::WrongType {
                expected: "a quoted string",
                found: other.type_str(),
                value: other.to_string(),
            })),
        }
        .map_err(self.here(value, field))
    }

    pub(super) fn amount(&self, value: &Spanned<Value>, field: &str) -> Result<Decimal, Error> {
        match value.get_ref() {
            Value::String(s) => parse_decimal(s),
            // Quote the number as written (`1e3`, `22_870_000`), not as TOML reads it,
            // and suggest a decimal string that loads.
            other @ (Value::Integer(_) | Value::Float(_)) => {
                let written = self.text.get(value.span()).unwrap_or_default().to_owned();
                // The float's shortest round-trip text never has an exponent.
                let suggestion = [
                    written.clone(),
                    other.as_float().map_or_else(|| other.to_string(), |x| x.to_string()),
                ]
                .into_iter()
                .find(|text| parse_decimal(text).is_ok());
                Err(Error::new(ErrorKind::NotQuoted {
                    found: other.type_str(),
                    value: written,
                    suggestion,
                }))
            }
            other => Err(Error::new(ErrorKind::WrongType {
                expected: "a quoted decimal string",
                found: other.type_str(),
                value: other.to_string(),
            })),
        }
        .map_err(self.here(value, field))
    }

    pub(super) fn month(&self, value: &Spanned<Value>, field: &str) -> Result<Month, Error> {
        let text = self.string(value, field)?;
        text.parse().map_err(self.here(value, field))
    }

    pub(super) fn range(&self, value: &Spanned<RawRange>, field: &str) -> Result<MonthRange, Error> {
        let raw = value.get_ref();
        let start = self.month(&raw.start, &format!("{field}.start"))?;
        let end = self.month(&raw.end, &format!("{field}.end"))?;
        MonthRange::new(start, end).map_err(self.here(&raw.end, &format!("{field}.end")))
    }

    /// A check on a value already read: `Err(kind)` gets the value's line and field.
    pub(super) fn check<T>(&self, value: &Spanned<T>, field: &str, failure: Option<ErrorKind>) -> Result<(), Error> {
        match failure {
            None => Ok(()),
            Some(kind) => Err(self.here(value, field)(Error::new(kind))),
        }
    }
}

/// The error for an amount that must be above zero and is not.
pub(super) fn positive(value: Decimal) -> Option<ErrorKind> {
    (value <= Decimal::ZERO).then_some(ErrorKind::NotPositive { value })
}

/// The error for a share that is not within 0 to 1.
pub(super) fn share(value: Decimal) -> Option<ErrorKind> {
    (value < Decimal::ZERO || value > Decimal::ONE).then_some(ErrorKind::ShareOutOfRange { value })
}
