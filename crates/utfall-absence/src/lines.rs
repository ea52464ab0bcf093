//! Lines of a CSV file from a reader, in a buffer of fixed size: a line ends at
//! `\n`, `\r\n` or a lone `\r` (old Mac files), as the monthly-series reader
//! ends them, and a line longer than [`MAX_LINE`] is an error as soon as that
//! many bytes are read without a line end, so that memory stays bounded
//! whatever the input.

use std::io::Read;

use crate::{Error, ErrorKind, Excerpt};

/// What to do after a line or a row: read on, or stop.
pub(crate) enum Flow {
    Continue,
    Stop,
}

/// The most bytes a line may have, without its line end: 64 KiB.
pub(crate) const MAX_LINE: usize = 64 << 10;

/// Bytes read at a time; the buffer's whole size. Larger than [`MAX_LINE`], so
/// that a partial line of at most that length always leaves room to read.
const CHUNK: usize = 256 << 10;

/// One line: its number (from 1) and its text without the line end.
pub(crate) struct Line<'a> {
    pub number: u64,
    pub text: &'a [u8],
    /// Set when the buffer was refilled before this line: the bytes of the
    /// complete lines before it, for progress.
    pub refilled: Option<u64>,
}

/// Splits a reader into lines.
pub(crate) struct Lines<R> {
    reader: R,
    buffer: Vec<u8>,
    start: usize,
    filled: usize,
    at_end: bool,
    /// The last line ended at a `\r`: a `\n` right after it is part of that
    /// line end.
    after_cr: bool,
    /// The buffer may hold a lone `\r` (one not known to be followed by
    /// `\n`): lines are then split at `\n` and `\r`. Otherwise (most files:
    /// `\n` or `\r\n` line ends) at `\n` alone, a faster search, with a `\r`
    /// before it dropped.
    lone_cr: bool,
    number: u64,
    /// Bytes of the input before `buffer[0]`.
    offset: u64,
    refilled: Option<u64>,
}

impl<R: Read> Lines<R> {
    pub(crate) fn new(reader: R) -> Self {
        Self {
            reader,
            buffer: vec![0; CHUNK],
            start: 0,
            filled: 0,
            at_end: false,
            after_cr: false,
            lone_cr: false,
            number: 0,
            offset: 0,
            refilled: None,
        }
    }

    /// Bytes of the complete lines returned so far, with their line ends.
    pub(crate) fn position(&self) -> u64 {
        self.offset + self.start as u64
    }

    /// Calls `each` with every line's number and text (without its line
    /// end; a UTF-8 byte-order mark at the start of the first line left out)
    /// until it says [`Flow::Stop`] or the input ends, and `refilled` with
    /// [`Lines::position`] before each refill of the buffer (for progress, and
    /// to stop between batches).
    ///
    /// # Errors
    /// [`ErrorKind::LineTooLong`] at the line's number, [`ErrorKind::Io`], and
    /// those of the callbacks.
    pub(crate) fn for_each(
        &mut self,
        mut refilled: impl FnMut(u64) -> Result<(), Error>,
        mut each: impl FnMut(u64, &[u8]) -> Result<Flow, Error>,
    ) -> Result<(), Error> {
        loop {
            // The common case: no lone `\r` in the buffer, and a whole line
            // ending in `\n` (a `\r` before it dropped).
            let whole = if self.lone_cr || self.after_cr {
                None
            } else {
                let data = self.buffer.get(self.start..self.filled).unwrap_or_default();
                memchr::memchr(b'\n', data).filter(|&at| at <= MAX_LINE)
            };
            let (number, text) = match whole {
                Some(at) => {
                    let start = self.start;
                    self.start += at + 1;
                    self.number += 1;
                    let mut text = self.buffer.get(start..start + at).unwrap_or_default();
                    if let [rest @ .., b'\r'] = text {
                        text = rest;
                    }
                    if self.number == 1 {
                        text = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(text);
                    }
                    (self.number, text)
                }
                // The end of the buffer, a lone `\r`, or a line too long.
                None => match self.next_line()? {
                    Some(line) => {
                        if let Some(done) = line.refilled {
                            refilled(done)?;
                        }
                        (line.number, line.text)
                    }
                    None => return Ok(()),
                },
            };
            if let Flow::Stop = each(number, text)? {
                return Ok(());
            }
        }
    }

    /// The next line, or `None` at the end of the input, one at a time (see
    /// [`Lines::for_each`], faster).
    ///
    /// # Errors
    /// [`ErrorKind::LineTooLong`] at the line's number, [`ErrorKind::Io`].
    pub(crate) fn next_line(&mut self) -> Result<Option<Line<'_>>, Error> {
        loop {
            let data = self.buffer.get(self.start..self.filled).unwrap_or_default();
            if self.after_cr {
                match data.first() {
                    Some(b'\n') => {
                        self.start += 1;
                        self.after_cr = false;
                        continue;
                    }
                    None if !self.at_end => {
                        self.fill()?;
                        continue;
                    }
                    _ => self.after_cr = false,
                }
            }
            let (length, next) = match memchr::memchr2(b'\n', b'\r', data) {
                Some(at) => {
                    self.after_cr = data.get(at) == Some(&b'\r');
                    (at, at + 1)
                }
                None if self.at_end && data.is_empty() => return Ok(None),
                None if self.at_end => (data.len(), data.len()),
                None if data.len() > MAX_LINE => (data.len(), 0),
                None => {
                    self.fill()?;
                    continue;
                }
            };
            if length > MAX_LINE {
                return Err(Error::new(ErrorKind::LineTooLong {
                    start: Excerpt::of(data),
                    limit: MAX_LINE,
                })
                .at_line(self.number + 1));
            }
            let start = self.start;
            self.start += next;
            self.number += 1;
            let mut text = self.buffer.get(start..start + length).unwrap_or_default();
            if self.number == 1 {
                text = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(text);
            }
            return Ok(Some(Line {
                number: self.number,
                text,
                refilled: self.refilled.take(),
            }));
        }
    }

    /// Moves the partial line to the front and reads more after it.
    fn fill(&mut self) -> Result<(), Error> {
        self.refilled = Some(self.position());
        self.buffer.copy_within(self.start..self.filled, 0);
        self.offset += self.start as u64;
        self.filled -= self.start;
        self.start = 0;
        let n = read_some(&mut self.reader, self.buffer.get_mut(self.filled..).unwrap_or_default())?;
        self.at_end = n == 0;
        self.filled += n;
        // A `\r` last in the buffer may yet be followed by `\n`: lone until known.
        let data = self.buffer.get(..self.filled).unwrap_or_default();
        self.lone_cr = memchr::memchr_iter(b'\r', data).any(|at| data.get(at + 1) != Some(&b'\n'));
        Ok(())
    }
}

/// Reads until the buffer has data or the input ends; retries on interruption.
fn read_some(reader: &mut impl Read, buffer: &mut [u8]) -> Result<usize, Error> {
    loop {
        match reader.read(buffer) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of `input`, read one at a time and all at once (which must agree).
    fn lines(input: &[u8]) -> Vec<(u64, String)> {
        let mut lines = Lines::new(input);
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            out.push((line.number, String::from_utf8_lossy(line.text).into_owned()));
        }
        let mut all = Vec::new();
        Lines::new(input)
            .for_each(
                |_| Ok(()),
                |number, text| {
                    all.push((number, String::from_utf8_lossy(text).into_owned()));
                    Ok(Flow::Continue)
                },
            )
            .unwrap();
        assert_eq!(all, out);
        out
    }

    /// A reader that hands out at most `step` bytes a call, to cut lines and
    /// line ends at every place.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn lines_end_at_lf_crlf_and_a_lone_cr() {
        let expected = |texts: &[&str]| -> Vec<(u64, String)> {
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| (i as u64 + 1, (*t).to_owned()))
                .collect()
        };
        assert_eq!(lines(b"a\nb\nc\n"), expected(&["a", "b", "c"]));
        assert_eq!(lines(b"a\r\nb\r\nc"), expected(&["a", "b", "c"]));
        assert_eq!(lines(b"a\rb\rc\r"), expected(&["a", "b", "c"]));
        // As the monthly-series reader counts them: \r\r is two line ends, \r\n one.
        assert_eq!(lines(b"a\r\rb\n\nc"), expected(&["a", "", "b", "", "c"]));
        assert_eq!(lines(b"\xef\xbb\xbfa\rb"), expected(&["a", "b"]));
        assert_eq!(lines(b""), expected(&[]));
        assert_eq!(lines(b"\n"), expected(&[""]));
        // Cut anywhere, even between \r and \n: the same lines.
        let input = b"header\r\n1,2\r\r\n3,4\n\r5,6\r";
        for step in 1..8 {
            let mut lines = Lines::new(Trickle { data: input, step });
            let mut got = Vec::new();
            while let Some(line) = lines.next_line().unwrap() {
                got.push(String::from_utf8_lossy(line.text).into_owned());
            }
            assert_eq!(got, ["header", "1,2", "", "3,4", "", "5,6"], "step {step}");
            assert_eq!(lines.position(), input.len() as u64);
            let mut lines = Lines::new(Trickle { data: input, step });
            let (mut got, mut refills) = (Vec::new(), Vec::new());
            lines
                .for_each(
                    |done| {
                        refills.push(done);
                        Ok(())
                    },
                    |_, text| {
                        got.push(String::from_utf8_lossy(text).into_owned());
                        Ok(Flow::Continue)
                    },
                )
                .unwrap();
            assert_eq!(got, ["header", "1,2", "", "3,4", "", "5,6"], "step {step}");
            // Reported before the lines after a refill, in order, never past the input.
            assert!(!refills.is_empty() && refills.is_sorted(), "step {step}: {refills:?}");
            assert!(refills.iter().all(|&done| done <= input.len() as u64));
        }
    }

    #[test]
    fn a_line_of_the_maximum_is_read_and_one_byte_more_is_refused() {
        let mut input = vec![b'a'; MAX_LINE];
        input.extend_from_slice(b"\nb\n");
        assert_eq!(lines(&input).len(), 2);
        let mut input = vec![b'a'; MAX_LINE];
        input.extend_from_slice(b"\r\nb\r\n");
        assert_eq!(lines(&input).len(), 2);
        for end in [&b"\n"[..], b"\r", b""] {
            let mut input = b"header\n".to_vec();
            input.extend(std::iter::repeat_n(b'a', MAX_LINE + 1));
            input.extend_from_slice(end);
            let mut lines = Lines::new(&input[..]);
            assert_eq!(lines.next_line().unwrap().unwrap().text, b"header");
            let err = lines.next_line().err().unwrap();
            let mut read = Vec::new();
            let all = Lines::new(&input[..]).for_each(
                |_| Ok(()),
                |_, text| {
                    read.push(text.to_vec());
                    Ok(Flow::Continue)
                },
            );
            assert_eq!(
                (read, all.unwrap_err().to_string()),
                (vec![b"header".to_vec()], err.to_string())
            );
            assert_eq!(
                err.to_string(),
                format!(
                    "line 2: the line is longer than 65536 bytes; it starts \"{}\"…",
                    "a".repeat(40)
                )
            );
        }
    }

    /// An endless line: refused after one buffer's worth, which never grows.
    #[test]
    fn an_endless_line_is_refused_after_one_buffer() {
        struct Endless {
            given: usize,
        }
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                buf.fill(b'7');
                self.given += buf.len();
                Ok(buf.len())
            }
        }
        let mut lines = Lines::new(Endless { given: 0 });
        let err = lines.next_line().err().unwrap();
        assert!(matches!(err.kind(), ErrorKind::LineTooLong { .. }), "{err}");
        assert_eq!(err.location().line(), Some(1));
        assert!(lines.reader.given <= CHUNK, "{} bytes read", lines.reader.given);
        assert_eq!((lines.buffer.len(), lines.buffer.capacity()), (CHUNK, CHUNK));
        // The same in pieces: the partial line is kept, never more than the bound.
        let mut lines = Lines::new(Trickle {
            data: &[b'7'; 3 * MAX_LINE],
            step: 1000,
        });
        assert!(lines.next_line().is_err());
        assert!(lines.filled <= MAX_LINE + 1000, "{}", lines.filled);
        assert_eq!(lines.buffer.capacity(), CHUNK);
    }
}
