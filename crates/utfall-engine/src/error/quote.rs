//! Quoting what the input holds in an error message: short, on one line,
//! with control characters and bidirectional controls escaped, so that a
//! message shows what was read whatever the input.

use std::fmt;

/// The most characters of a value an error message quotes: a longer one is
/// cut there and followed by `…`.
pub const QUOTE_CHARS: usize = 40;

/// Whether `c` is a Unicode bidirectional control: the embeddings and
/// overrides U+202A–U+202E, the isolates U+2066–U+2069, the marks U+200E,
/// U+200F and U+061C. Text holding one may show in another order than it is
/// read (the "Trojan Source" attack).
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// The first character of `text` that is a control character or a
/// bidirectional control, if any: such text is refused in names.
pub(crate) fn unsafe_character(text: &str) -> Option<char> {
    text.chars().find(|&c| c.is_control() || is_bidi_control(c))
}

/// Input text as an error message quotes it: in double quotes with escapes
/// (`"a\u{1b}b"`, control characters and bidirectional controls escaped),
/// and only its first [`QUOTE_CHARS`] characters, followed by `…` after the
/// closing quote when it has more, so that a message stays short and on one
/// line whatever the input. An error keeps the excerpt, not the whole text.
///
/// # Example
/// ```
/// use utfall_engine::Excerpt;
/// let long = Excerpt::of("x".repeat(100));
/// assert_eq!((long.text().len(), long.is_cut()), (40, true));
/// assert_eq!(long.to_string(), format!("\"{}\"…", "x".repeat(40)));
/// assert_eq!(Excerpt::of("a\u{1b}b").to_string(), "\"a\\u{1b}b\"");
/// // Bytes that are not UTF-8 are shown as replacement characters.
/// assert_eq!(Excerpt::of(b"\xff1").to_string(), "\"\u{fffd}1\"");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    text: String,
    cut: bool,
}

impl Excerpt {
    /// The excerpt of `text`, text or bytes (bytes that are not UTF-8 become
    /// replacement characters). Only the head of `text` is looked at.
    pub fn of(text: impl AsRef<[u8]>) -> Self {
        let bytes = text.as_ref();
        // Four bytes a character at most: enough bytes for one character more
        // than kept, so that a cut is seen.
        let head = bytes.get(..4 * (QUOTE_CHARS + 1)).unwrap_or(bytes);
        let lossy = String::from_utf8_lossy(head);
        let mut chars = lossy.chars();
        let text: String = chars.by_ref().take(QUOTE_CHARS).collect();
        let cut = chars.next().is_some();
        Self { text, cut }
    }

    /// The characters quoted: all of the text, or its first [`QUOTE_CHARS`].
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the text was longer than the excerpt.
    pub fn is_cut(&self) -> bool {
        self.cut
    }
}

impl fmt::Display for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text)?;
        if self.cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// `text` as an error quotes it: its [`Excerpt`], for a kind that keeps the
/// whole text.
pub(crate) fn quote(text: &str) -> String {
    Excerpt::of(text).to_string()
}

/// `text` without quotes, as an error shows a value written in the file
/// (a number, a TOML value): control characters and bidirectional controls
/// escaped, cut after `limit` characters with `…`.
pub(super) fn cut(text: &str, limit: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == limit {
            out.push('…');
            break;
        }
        if c.is_control() || is_bidi_control(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// A value written in the file, as an error shows it: see [`cut`].
pub(crate) fn excerpt(text: &str) -> String {
    cut(text, QUOTE_CHARS)
}
