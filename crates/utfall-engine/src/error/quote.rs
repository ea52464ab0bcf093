//! Quoting what the input holds in an error message: short, on one line,
//! with control characters and bidirectional controls escaped, so that a
//! message shows what was read whatever the input.

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

/// `text` as an error quotes it: in double quotes with control characters and
/// bidirectional controls escaped (`"a\u{1b}b"`), and cut after
/// [`QUOTE_CHARS`] characters, the cut marked by `…` after the closing quote.
pub(crate) fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        None => format!("{text:?}"),
        Some((at, _)) => format!("{:?}…", text.get(..at).unwrap_or_default()),
    }
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
