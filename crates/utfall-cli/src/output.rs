//! Writing results: to a file named on the command line, or to standard
//! output without a panic whatever it is connected to.

use std::fs::File;
use std::io::{BufWriter, ErrorKind, Write};
use std::path::Path;

use anyhow::{Context, Result};

/// `bytes` to standard output. A reader that went away (`| head -1`) is not
/// an error: it asked for no more.
///
/// # Errors
/// When standard output cannot be written, e.g. a full disk.
pub fn to_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    // The flush matters: standard output keeps a last line without a newline
    // until the program ends, when a failure would go unnoticed.
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        result => result.context("cannot write to standard output"),
    }
}

/// `bytes` into the file `path`, replacing it.
///
/// # Errors
/// When the file cannot be written.
pub fn to_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {path:?}"))
}

/// `bytes` into `out`, or to standard output without one.
///
/// # Errors
/// As [`to_file`] and [`to_stdout`].
pub fn to_out(out: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match out {
        Some(path) => to_file(path, bytes),
        None => to_stdout(bytes),
    }
}

/// A new file at `path` for a table written row by row.
///
/// # Errors
/// When the file cannot be created.
pub fn create(path: &Path) -> Result<BufWriter<File>> {
    let file = File::create(path).with_context(|| format!("cannot write {path:?}"))?;
    Ok(BufWriter::with_capacity(1 << 20, file))
}

/// Writes a table with `write` into a new file at `path`.
///
/// # Errors
/// When the file cannot be created or written.
pub fn table(path: &Path, write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>) -> Result<()> {
    let mut file = create(path)?;
    write(&mut file)
        .and_then(|()| file.flush())
        .with_context(|| format!("cannot write {path:?}"))
}
