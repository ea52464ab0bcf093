//! Writing results: files replaced atomically, and standard output without a
//! panic whatever it is connected to.
//!
//! Every output file is written under a temporary name in its destination's
//! directory (`.NAME.utfall-PID.tmp`, created new, so never someone else's
//! file), flushed and synced, and renamed over the destination only when
//! every output of the run is complete ([`Outputs::commit`]). Until then the
//! previous outputs are untouched: a full disk, a failed step or a signal
//! leaves them as they were, and [`Outputs`] removes its temporary files when
//! it is dropped without a commit. A reader never sees half a file, and two
//! runs writing one file each rename a whole file of their own: the last
//! rename wins. A directory of tables (`measure --out DIR`) is also locked
//! (`DIR/.utfall.lock`) from before its tables are written until they are
//! in place, so that its tables all come from one run.
//!
//! For tests only, two environment variables fake a fault in the file
//! writer (not in standard output), counting the bytes written to every
//! file of the run together:
//! - `UTFALL_TEST_FAIL_WRITE_AFTER=BYTES`: the write past byte BYTES fails
//!   with `ENOSPC`, as on a full disk;
//! - `UTFALL_TEST_STALL_WRITE_AFTER=BYTES`: the writer waits there (for a
//!   signal, at most a minute), so that a test can interrupt a run mid-write.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::interrupt;

/// Bytes handed to the operating system per write: a signal is noticed
/// between two of them.
const CHUNK: usize = 256 << 10;

/// The lock file of a directory of tables.
pub const LOCK_FILE: &str = ".utfall.lock";

/// `bytes` to standard output. A reader that went away (`| head -1`) is not
/// an error: it asked for no more.
///
/// # Errors
/// When standard output cannot be written, e.g. a full disk; [`interrupt::Interrupted`]
/// after a signal.
pub fn to_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    // The flush matters: standard output keeps a last line without a newline
    // until the program ends, when a failure would go unnoticed.
    let written = bytes
        .chunks(CHUNK)
        .try_for_each(|chunk| interrupt::check_io().and_then(|()| stdout.write_all(chunk)))
        .and_then(|()| stdout.flush());
    match written {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        result => result.context("cannot write to standard output"),
    }
}

/// `bytes` into the file `out`, replacing it atomically, or to standard
/// output without one.
///
/// # Errors
/// As [`Outputs::bytes`], [`Outputs::commit`] and [`to_stdout`].
pub fn to_out(out: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match out {
        Some(path) => {
            let mut outputs = Outputs::new();
            outputs.bytes(path, bytes)?;
            outputs.commit().map(drop)
        }
        None => to_stdout(bytes),
    }
}

/// The output files of one run, written under temporary names and renamed
/// into place together by [`Outputs::commit`]. Dropped without a commit
/// (an error, a signal), it removes its temporary files.
#[derive(Default)]
pub struct Outputs {
    /// Written and synced, not yet renamed.
    staged: Vec<Staged>,
    /// Files of an earlier run to remove on commit.
    stale: Vec<PathBuf>,
    /// Locks held until the outputs are in place (closing a file unlocks it).
    locks: Vec<File>,
}

/// A complete temporary file and where it goes.
struct Staged {
    temp: PathBuf,
    /// As the user named it, for messages.
    shown: PathBuf,
    /// Where it is renamed to: `shown` with a symbolic link resolved.
    target: PathBuf,
}

impl Outputs {
    /// No outputs yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Locks the directory `dir` for this run until its outputs are in
    /// place: another utfall writing into it waits. `waiting` is called once
    /// if the lock is held by another process.
    ///
    /// # Errors
    /// When the lock file cannot be opened or locked; [`interrupt::Interrupted`]
    /// after a signal while waiting.
    pub fn lock(&mut self, dir: &Path, waiting: impl FnOnce()) -> Result<()> {
        let path = dir.join(LOCK_FILE);
        let cannot = || format!("cannot lock {dir:?} (with {path:?})");
        // Never truncated nor removed: another run may hold it, and a lock
        // file that is removed and made again could be locked twice.
        let file = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(false)
            .open(&path)
            .with_context(cannot)?;
        let mut waiting = Some(waiting);
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(e)) => return Err(e).with_context(cannot),
            }
            if let Some(waiting) = waiting.take() {
                waiting();
            }
            // Polled rather than blocking in `lock()`: the signal handlers
            // restart a blocked flock, so Ctrl-C would not end the wait.
            interrupt::check()?;
            std::thread::sleep(Duration::from_millis(20));
        }
        self.locks.push(file);
        Ok(())
    }

    /// Writes a new `dest` with `write`, under a temporary name until
    /// [`Outputs::commit`]; a `dest` that is a device, a named pipe or a
    /// socket is written in place at once.
    ///
    /// # Errors
    /// When the temporary file cannot be created, written or synced, or
    /// `dest` is read-only; [`interrupt::Interrupted`] after a signal.
    pub fn file(&mut self, dest: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
        interrupt::check()?;
        let cannot = || format!("cannot write {dest:?}");
        let target = resolved(dest);
        let previous = std::fs::metadata(&target).ok();
        if previous
            .as_ref()
            .is_some_and(|m| m.is_file() && m.permissions().readonly())
        {
            // Renaming would replace it anyway; a read-only file says not to.
            return Err(std::io::Error::from(ErrorKind::PermissionDenied)).with_context(cannot);
        }
        if previous.as_ref().is_some_and(|m| !m.is_file() && !m.is_dir()) {
            // A device, a named pipe or a socket (`/dev/null`, `/dev/stdout`,
            // `>(gzip > f)`): a rename would put a file in its place (a
            // `--series /dev/null` once replaced the system's /dev/null). It
            // is written in place, at once; it cannot be written whole or
            // not at all.
            let file = OpenOptions::new().write(true).open(&target).with_context(cannot)?;
            let mut writer = BufWriter::with_capacity(1 << 20, Writer { file });
            return write(&mut writer).and_then(|()| writer.flush()).with_context(cannot);
        }
        let (file, temp) = create_temp(&target).with_context(cannot)?;
        // Recorded before writing, so that a failure below removes it.
        self.staged.push(Staged {
            temp,
            shown: dest.to_path_buf(),
            target,
        });
        let mut writer = BufWriter::with_capacity(1 << 20, Writer { file });
        write(&mut writer).and_then(|()| writer.flush()).with_context(cannot)?;
        let (Writer { file }, _) = writer.into_parts();
        if let Some(previous) = previous.filter(std::fs::Metadata::is_file) {
            // The new file keeps the mode the user gave the old one.
            file.set_permissions(previous.permissions()).with_context(cannot)?;
        }
        file.sync_all().with_context(cannot)
    }

    /// Writes `bytes` as a new `dest`, as [`Outputs::file`].
    ///
    /// # Errors
    /// As [`Outputs::file`].
    pub fn bytes(&mut self, dest: &Path, bytes: &[u8]) -> Result<()> {
        self.file(dest, |w| w.write_all(bytes))
    }

    /// Removes `path`, a file of an earlier run that this run does not
    /// write, on commit.
    pub fn remove(&mut self, path: PathBuf) {
        self.stale.push(path);
    }

    /// Puts every output in place: unless a signal came first, renames each
    /// temporary file over its destination, then removes the files of an
    /// earlier run. Returns the files removed.
    ///
    /// # Errors
    /// When a rename or a removal fails; [`interrupt::Interrupted`] after a
    /// signal, with nothing replaced.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        // The last point where a signal stops the run with every previous
        // output intact; past it, the renames take a moment and finish.
        interrupt::check()?;
        self.staged.reverse();
        let mut directories = Vec::new();
        while let Some(staged) = self.staged.pop() {
            if let Err(e) = std::fs::rename(&staged.temp, &staged.target) {
                let _ = std::fs::remove_file(&staged.temp);
                return Err(e).with_context(|| format!("cannot write {:?}", staged.shown));
            }
            let directory = parent(&staged.target).to_path_buf();
            if !directories.contains(&directory) {
                directories.push(directory);
            }
        }
        for directory in directories {
            // Makes the renames durable. The files are in place whatever
            // this says, so a failure is not reported as a failed write.
            let _ = File::open(&directory).and_then(|d| d.sync_all());
        }
        let mut removed = Vec::new();
        for path in std::mem::take(&mut self.stale) {
            // A directory of that name is not a file utfall wrote.
            if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) {
                std::fs::remove_file(&path).with_context(|| format!("cannot remove {path:?}"))?;
                removed.push(path);
            }
        }
        Ok(removed)
    }
}

impl Drop for Outputs {
    fn drop(&mut self) {
        for staged in &self.staged {
            // Nothing more can be done about a temporary file that cannot be
            // removed; its name says whose it is.
            let _ = std::fs::remove_file(&staged.temp);
        }
    }
}

/// The file a write to `path` replaces: through a symbolic link to its target,
/// so that the link stays a link.
fn resolved(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}

/// The directory of `path`, `.` for a bare file name.
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A new hidden file beside `target` named after it and this process:
/// `.NAME.utfall-PID.tmp`, or `.NAME.utfall-PID-N.tmp` if a run of the same
/// process number left that one behind.
fn create_temp(target: &Path) -> std::io::Result<(File, PathBuf)> {
    let Some(name) = target.file_name() else {
        return Err(std::io::Error::new(ErrorKind::InvalidInput, "not a file name"));
    };
    let pid = std::process::id();
    let mut last = None;
    for n in 0..100u32 {
        let mut temp = OsString::from(".");
        temp.push(name);
        temp.push(match n {
            0 => format!(".utfall-{pid}.tmp"),
            n => format!(".utfall-{pid}-{n}.tmp"),
        });
        let temp = parent(target).join(temp);
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((file, temp)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::from(ErrorKind::AlreadyExists)))
}

/// A temporary output file: written in chunks, a signal noticed between
/// them, with the test-only faults.
struct Writer {
    file: File,
}

impl Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        interrupt::check_io()?;
        let room = fault::room()?;
        let len = buf.len().min(CHUNK).min(room);
        let n = self.file.write(buf.get(..len).unwrap_or(buf))?;
        fault::wrote(n);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// The test-only faults of the file writer (see the module's documentation).
mod fault {
    use std::sync::atomic::AtomicBool;

    use super::{AtomicU64, Duration, ErrorKind, Instant, OnceLock, Ordering, interrupt};

    /// Bytes written to every output file of the run together.
    static WRITTEN: AtomicU64 = AtomicU64::new(0);

    /// A byte count from an environment variable, read once.
    fn limit(cell: &'static OnceLock<Option<u64>>, name: &str) -> Option<u64> {
        *cell.get_or_init(|| std::env::var(name).ok().and_then(|v| v.parse().ok()))
    }

    fn fail_after() -> Option<u64> {
        static CELL: OnceLock<Option<u64>> = OnceLock::new();
        limit(&CELL, "UTFALL_TEST_FAIL_WRITE_AFTER")
    }

    fn stall_after() -> Option<u64> {
        static CELL: OnceLock<Option<u64>> = OnceLock::new();
        limit(&CELL, "UTFALL_TEST_STALL_WRITE_AFTER")
    }

    /// How many bytes the next write may take (`usize::MAX` without a fault):
    /// up to the byte where a fault is due, then the fault.
    pub(super) fn room() -> std::io::Result<usize> {
        // A writer stalls once: after a minute without a signal it goes on.
        static STALLED: AtomicBool = AtomicBool::new(false);
        let written = WRITTEN.load(Ordering::SeqCst);
        let mut room = usize::MAX;
        if let Some(at) = stall_after() {
            if written < at {
                room = usize::try_from(at - written).unwrap_or(usize::MAX);
            } else if !STALLED.swap(true, Ordering::SeqCst) {
                let since = Instant::now();
                while !interrupt::requested() && since.elapsed() < Duration::from_secs(60) {
                    std::thread::sleep(Duration::from_millis(10));
                }
                interrupt::check_io()?;
            }
        }
        if let Some(at) = fail_after() {
            if written >= at {
                return Err(no_space());
            }
            room = room.min(usize::try_from(at - written).unwrap_or(usize::MAX));
        }
        Ok(room)
    }

    /// `n` bytes were written.
    pub(super) fn wrote(n: usize) {
        WRITTEN.fetch_add(u64::try_from(n).unwrap_or(u64::MAX), Ordering::SeqCst);
    }

    /// What a full disk says.
    fn no_space() -> std::io::Error {
        // ENOSPC is 28 on Linux, macOS and the BSDs.
        if cfg!(unix) {
            std::io::Error::from_raw_os_error(28)
        } else {
            std::io::Error::from(ErrorKind::StorageFull)
        }
    }
}
