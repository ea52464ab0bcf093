//! The character encoding of an input file ([`Encoding`]): UTF-8 (with or
//! without a byte-order mark), or Windows-1252, which is also how ISO-8859-1
//! (Latin-1) files are read, as browsers read them. A Windows-1252 file is
//! decoded to UTF-8 as it streams ([`Decoded`]), one byte a character, so line
//! numbers stay those of the file. A UTF-8 file is not decoded, and checked
//! only where the check costs nothing on the fast path (`docs/formats.md`,
//! *CSV inputs in general*): text that is not UTF-8 is an error naming its
//! line and field and suggesting `--encoding windows-1252`, never guessed.

use std::borrow::Cow;
use std::fmt;
use std::io::Read;
use std::str::FromStr;

use crate::{CsvErrorKind, Error, ErrorKind, Excerpt};

/// The character encoding of an input file.
///
/// # Example
/// ```
/// use utfall_absence::Encoding;
/// assert_eq!("iso-8859-1".parse::<Encoding>()?, Encoding::Windows1252);
/// assert_eq!("utf-8".parse::<Encoding>()?, Encoding::Utf8);
/// assert_eq!(Encoding::Windows1252.decode(b"F\xf6rskola")?, "Förskola");
/// let err = Encoding::Utf8.decode(b"month\n2020-01,F\xf6rskola\n").unwrap_err();
/// assert!(err.to_string().starts_with("line 2: \"F\u{fffd}rskola\" is not UTF-8 (byte 10 of the line)"));
/// # Ok::<(), utfall_absence::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    #[default]
    Utf8,
    /// Windows-1252, and ISO-8859-1 (Latin-1) read as Windows-1252.
    Windows1252,
}

impl Encoding {
    /// How messages name it: `UTF-8`, `Windows-1252`.
    pub const fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
        }
    }

    /// The text of a whole file in this encoding: UTF-8 as it is (a
    /// byte-order mark kept, for the reader to drop), Windows-1252 decoded.
    ///
    /// # Errors
    /// [`CsvErrorKind::NotUtf8`] at the line of the first byte that is not
    /// UTF-8, for a UTF-8 file.
    pub fn decode(self, bytes: &[u8]) -> Result<Cow<'_, str>, Error> {
        match self {
            Encoding::Utf8 => std::str::from_utf8(bytes)
                .map(Cow::Borrowed)
                .map_err(|e| not_utf8_in_file(bytes, e.valid_up_to())),
            Encoding::Windows1252 => Ok(encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0),
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `utf-8` (`utf8`), `windows-1252` (`cp1252`), `iso-8859-1` (`latin-1`,
/// `latin1`), in any case.
impl FromStr for Encoding {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "windows-1252" | "cp1252" | "iso-8859-1" | "latin-1" | "latin1" => Ok(Encoding::Windows1252),
            _ => Err(Error::new(ErrorKind::UnknownEncoding {
                value: Excerpt::of(text),
            })),
        }
    }
}

/// The error for a file whose byte at `at` is not UTF-8: its line, and the
/// field around it (between separators) quoted.
fn not_utf8_in_file(bytes: &[u8], at: usize) -> Error {
    let before = bytes.get(..at).unwrap_or_default();
    // Lines end as the readers end them: `\n`, `\r\n` or a lone `\r`.
    let line = 1 + before
        .iter()
        .enumerate()
        .filter(|(i, b)| **b == b'\r' || (**b == b'\n' && (*i == 0 || before.get(i - 1) != Some(&b'\r'))))
        .count();
    let start = before
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |end| end + 1);
    let text = bytes.get(start..).unwrap_or_default();
    let end = text
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(text.len());
    not_utf8_in_line(text.get(..end).unwrap_or_default(), at - start, None).at_line(line)
}

/// The error for a line that is not UTF-8 from byte `at` (from 0): the field
/// around it quoted (fields end at any of `,` `;` tab, or at `delimiter`
/// when known), and the byte's place in the line.
pub(crate) fn not_utf8_in_line(line: &[u8], at: usize, delimiter: Option<u8>) -> Error {
    let separates = |b: &u8| match delimiter {
        Some(d) => *b == d,
        None => matches!(b, b',' | b';' | b'\t'),
    };
    let head = line.get(..at).unwrap_or_default();
    let start = head.iter().rposition(separates).map_or(0, |i| i + 1);
    let rest = line.get(at..).unwrap_or_default();
    let end = at + rest.iter().position(separates).unwrap_or(rest.len());
    Error::new(CsvErrorKind::NotUtf8 {
        value: Excerpt::of(line.get(start..end).unwrap_or_default()),
        byte: at + 1,
    })
}

/// The error for `line` if it is not UTF-8, at the field holding its first
/// byte that is not (`names` by place, fields split at `delimiter` outside
/// quotes); `None` when it is UTF-8. Asked only on the way to an error, or
/// for a line read once (a header), so that UTF-8 costs nothing per row.
pub(crate) fn check_line(line: &[u8], delimiter: u8, names: &[&str]) -> Option<Error> {
    let at = std::str::from_utf8(line).err()?.valid_up_to();
    let mut quoted = false;
    let mut field = 0;
    for &b in line.get(..at).unwrap_or_default() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            field += 1;
        }
    }
    let e = not_utf8_in_line(line, at, Some(delimiter));
    Some(match names.get(field) {
        Some(name) => e.at_field(*name),
        None => e,
    })
}

/// A reader in an encoding, giving UTF-8.
pub(crate) enum Decoded<R> {
    /// UTF-8: the bytes as they are.
    Plain(R),
    /// Windows-1252, decoded a chunk at a time.
    Windows1252(Box<Windows1252<R>>),
}

impl<R: Read> Decoded<R> {
    /// `reader`, read in `encoding`.
    pub(crate) fn new(reader: R, encoding: Encoding) -> Self {
        match encoding {
            Encoding::Utf8 => Decoded::Plain(reader),
            Encoding::Windows1252 => Decoded::Windows1252(Box::new(Windows1252 {
                reader,
                decoder: encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling(),
                input: vec![0; CHUNK],
                output: Vec::new(),
                at: 0,
                ended: false,
            })),
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Decoded::Plain(reader) => reader.read(buf),
            Decoded::Windows1252(decoder) => decoder.read(buf),
        }
    }
}

/// Bytes of Windows-1252 decoded at a time.
const CHUNK: usize = 64 << 10;

/// A Windows-1252 reader decoded to UTF-8: each chunk read is decoded whole
/// into `output` (at most three bytes a character), which is handed out from
/// `at` on however small the caller's buffer.
pub(crate) struct Windows1252<R> {
    reader: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    output: Vec<u8>,
    at: usize,
    ended: bool,
}

impl<R: Read> Windows1252<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.output.len() {
            if self.ended {
                return Ok(0);
            }
            let n = loop {
                match self.reader.read(&mut self.input) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            };
            self.ended = n == 0;
            let input = self.input.get(..n).unwrap_or_default();
            let room = self
                .decoder
                .max_utf8_buffer_length_without_replacement(n)
                .unwrap_or(3 * n + 16);
            self.output.resize(room, 0);
            // Windows-1252 maps every byte, so nothing is malformed, and the
            // output has room for all of the input.
            let (_, _, written) = self
                .decoder
                .decode_to_utf8_without_replacement(input, &mut self.output, self.ended);
            self.output.truncate(written);
            self.at = 0;
        }
        let rest = self.output.get(self.at..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), rest.get(..n)) {
            to.copy_from_slice(from);
        }
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads all of `reader` through a buffer of `step` bytes.
    fn read_all(mut reader: impl Read, step: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut buf = vec![0; step];
        loop {
            let n = reader.read(&mut buf).unwrap();
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    #[test]
    fn windows_1252_is_decoded_however_the_reads_fall() {
        let latin: Vec<u8> = (0u8..=255).cycle().take(200_000).collect();
        let expected = encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(&latin)
            .0
            .into_owned();
        for step in [1, 2, 3, 7, 4096, 300_000] {
            let decoded = read_all(Decoded::new(&latin[..], Encoding::Windows1252), step);
            assert_eq!(String::from_utf8(decoded).unwrap(), expected, "step {step}");
        }
        assert_eq!(
            read_all(Decoded::new(&b"\x80\xe5\xe4\xf6"[..], Encoding::Windows1252), 1),
            "€åäö".as_bytes()
        );
        assert_eq!(read_all(Decoded::new(&b"plain"[..], Encoding::Utf8), 2), b"plain");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_named_by_line_and_byte() {
        let err = Encoding::Utf8.decode(b"a,b\r\nc,d\r1,\xe5r,3\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: \"\u{fffd}r\" is not UTF-8 (byte 3 of the line); if the file is Windows-1252 or ISO-8859-1 (Latin-1), as older Swedish exports are, read it with --encoding windows-1252"
        );
        let err = check_line(b"7;\"a;\xf6\";8", b';', &["employee_id", "department", "hours"]).unwrap();
        assert_eq!(err.location().field(), Some("department"));
        assert!(check_line("7;Förskola".as_bytes(), b';', &[]).is_none());
        assert!("ebcdic".parse::<Encoding>().is_err());
    }
}
