//! Employee ids: a plain number is its own key; any other id is interned, and
//! with [`Ids::Normalised`] checked against the ids written otherwise that
//! normalise alike (`7`, ` 7`, `007`).

use crate::fields::{INTERNED, MAX_ID, normalised_id, numeric_id, text, too_long};
use crate::options::Ids;
use crate::records::RecordReader;
use crate::{Error, ErrorKind, Excerpt};

/// An employee id written in two ways (see [`crate::Ids`]): the key of one
/// form as written and its line, and the other's.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clash {
    pub key: u64,
    pub line: u64,
    pub other_key: u64,
    pub other_line: u64,
}

impl RecordReader {
    /// The line of the first row of an interned id.
    pub(crate) fn first_line(&self, key: u64) -> u64 {
        let index = usize::try_from(key & !INTERNED).unwrap_or(usize::MAX);
        self.first_lines.get(index).copied().unwrap_or(0)
    }

    /// Ids written otherwise whose normalised form is a plain number: the
    /// number (the key of that form as written) and the interned key of the
    /// first such id, by line. Whether the number occurs as written is known
    /// only once every row is tracked.
    pub(crate) fn numeric_aliases(&self) -> Vec<(u64, u64)> {
        let mut aliases: Vec<(u64, u64)> = self
            .aliases
            .iter()
            .filter_map(|(normalised, key)| numeric_id(normalised).map(|n| (n, *key)))
            .collect();
        aliases.sort_by_key(|(_, key)| self.first_line(*key));
        aliases
    }

    /// The printable id of a key.
    pub(crate) fn id_text(&self, key: u64) -> String {
        if key & INTERNED == 0 {
            key.to_string()
        } else {
            let index = usize::try_from(key & !INTERNED).unwrap_or(usize::MAX);
            self.names.get(index).cloned().unwrap_or_default()
        }
    }

    /// Adds an id that is not a plain number to the interned ids; with
    /// [`Ids::Normalised`], first checks it against the ids written otherwise
    /// that normalise alike (the hot path, plain numbers, never comes here).
    #[cold]
    pub(super) fn intern(&mut self, id: &[u8], line: u64) -> Result<u64, Error> {
        if id.is_empty() {
            return Err(Error::new(ErrorKind::EmptyEmployee));
        }
        if id.len() > MAX_ID {
            return Err(too_long(id, MAX_ID));
        }
        // Kept ids are text: checked here, once an id, off the fast path.
        if let Err(e) = std::str::from_utf8(id) {
            return Err(crate::encoding::not_utf8_in_line(id, e.valid_up_to(), None));
        }
        let key = INTERNED | self.names.len() as u64;
        if self.ids == Ids::Normalised {
            let normalised = normalised_id(id);
            if normalised.is_empty() {
                return Err(Error::new(ErrorKind::BlankEmployee { id: Excerpt::of(id) }));
            }
            let other = if normalised == id {
                // As it normalises: clashes with an id written otherwise.
                self.aliases.get(normalised).copied()
            } else {
                // Written otherwise: clashes with another such id, or with the
                // normalised form as written (a plain number is checked at the end).
                let other = self
                    .aliases
                    .get(normalised)
                    .or_else(|| self.interned.get(normalised))
                    .copied();
                self.aliases.entry(normalised.to_vec()).or_insert(key);
                other
            };
            if let Some(other_key) = other {
                return Err(self.clash_error(
                    Clash {
                        key,
                        line,
                        other_key,
                        other_line: self.first_line(other_key),
                    },
                    id,
                ));
            }
        }
        self.interned.insert(id.to_vec(), key);
        self.names.push(text(id));
        self.first_lines.push(line);
        Ok(key)
    }

    /// The error for two forms of one id; `id` is the text of `clash.key` when
    /// it is not interned yet.
    pub(crate) fn clash_error(&self, clash: Clash, id: &[u8]) -> Error {
        let shown = |key: u64| {
            let known = key & INTERNED == 0 || usize::try_from(key & !INTERNED).is_ok_and(|i| i < self.names.len());
            if known {
                Excerpt::of(self.id_text(key).as_bytes())
            } else {
                Excerpt::of(id)
            }
        };
        // The later line first.
        let (later, earlier) = if clash.line >= clash.other_line {
            ((clash.key, clash.line), (clash.other_key, clash.other_line))
        } else {
            ((clash.other_key, clash.other_line), (clash.key, clash.line))
        };
        Error::new(ErrorKind::SameEmployee {
            id: shown(later.0),
            line: later.1,
            other: shown(earlier.0),
            other_line: earlier.1,
        })
        .at_line(later.1)
        .at_field("employee_id")
    }
}
