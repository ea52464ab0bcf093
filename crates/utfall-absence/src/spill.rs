//! Spilling rows to temporary files, so that sorting an unsorted input needs
//! memory for one part of it at a time, not for all of it.
//!
//! Rows are split by employee into parts (each employee's rows all in one
//! part); each part is then read back, sorted and measured on its own.
//!
//! The parts hold employee ids, dates and sick hours, so they live in a private
//! folder (mode 0700, files 0600 on Unix) made for the run inside the
//! temporary folder, named `utfall-spill-PID-RANDOM` so that it is
//! recognisably ours and says which process made it. A guard removes it when
//! dropped: on success, on error and in unwinding. A run killed outright
//! (SIGKILL) cannot clean up; the next run that spills removes such folders
//! when their process is gone (Linux: no `/proc/PID`) and they belong to the
//! same user.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::records::Row;
use crate::{Error, ErrorKind};

/// Parts an input is split into.
const PARTS: usize = 256;

/// Bytes of one row on disk.
const ROW_BYTES: usize = 16;

/// Bytes of a row that carries its register employment too.
const WIDE_ROW_BYTES: usize = 20;

/// The start of a spill folder's name: `utfall-spill-PID-RANDOM`.
const PREFIX: &str = "utfall-spill-";

/// Rows written to per-employee parts in a private temporary folder, removed
/// on drop.
pub(crate) struct Spill {
    // Dropped first: the files are closed before their folder goes.
    writers: Vec<BufWriter<File>>,
    dir: SpillDir,
    /// Bytes per row: [`WIDE_ROW_BYTES`] when rows carry a register
    /// employment, so that a measurement without a register spills no more.
    row_bytes: usize,
}

/// A private folder that is removed, with everything in it, when dropped.
pub(crate) struct SpillDir {
    path: PathBuf,
}

impl SpillDir {
    /// Makes `utfall-spill-PID-RANDOM` in `parent`, mode 0700, without making
    /// `parent`; then removes stale spill folders beside it.
    pub(crate) fn new(parent: &Path) -> Result<Self, Error> {
        let mut attempt = 0u32;
        let dir = loop {
            let path = parent.join(format!("{PREFIX}{}-{:016x}", std::process::id(), random(attempt)));
            // Only unix sets a mode on it.
            #[cfg_attr(not(unix), allow(unused_mut))]
            let mut builder = DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            match builder.create(&path) {
                Ok(()) => break Self { path },
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 16 => attempt += 1,
                Err(e) => {
                    let error = if e.kind() == std::io::ErrorKind::NotFound {
                        std::io::Error::new(e.kind(), "the folder does not exist (it is not created)")
                    } else {
                        e
                    };
                    return Err(Error::new(ErrorKind::TempFolder {
                        path: parent.display().to_string(),
                        error,
                    }));
                }
            }
        };
        remove_stale(parent, &dir.path);
        Ok(dir)
    }

    /// The folder.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for SpillDir {
    fn drop(&mut self) {
        // Best effort: nothing is left to do with an error here.
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A number that another run, or another attempt of this one, is unlikely to
/// draw: std's randomly keyed hasher over the time and the attempt.
fn random(attempt: u32) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    hasher.write_u32(attempt);
    hasher.finish()
}

/// The process id in the name of a spill folder, `utfall-spill-PID-RANDOM`
/// with RANDOM sixteen lowercase hex digits; `None` for any other name.
/// Only unix removes stale folders (WebAssembly, say, never spills).
#[cfg_attr(not(unix), allow(dead_code))]
fn spill_pid(name: &str) -> Option<u32> {
    let (pid, random) = name.strip_prefix(PREFIX)?.split_once('-')?;
    let digits = |s: &str, hex: bool| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (hex && (b'a'..=b'f').contains(&b)))
    };
    (digits(pid, false) && random.len() == 16 && digits(random, true))
        .then(|| pid.parse().ok())
        .flatten()
}

/// Removes the spill folders in `parent` that a run killed outright left: by
/// name ours, of a process that no longer exists (Linux: no `/proc/PID`), not
/// a link, and owned by the user that owns `ours` (the folder just made).
/// Nothing else; without `/proc`, nothing.
#[cfg(unix)]
fn remove_stale(parent: &Path, ours: &Path) {
    use std::os::unix::fs::MetadataExt;
    let proc = Path::new("/proc");
    let (Ok(me), true) = (std::fs::symlink_metadata(ours), proc.join("self").exists()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(spill_pid) else {
            continue;
        };
        if pid == std::process::id() || proc.join(pid.to_string()).exists() {
            continue;
        }
        let path = entry.path();
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() && meta.uid() == me.uid() => {
                // Best effort: another run may be removing it too.
                let _ = std::fs::remove_dir_all(&path);
            }
            _ => {}
        }
    }
}

/// Without `/proc` no process can be told to be gone: nothing is removed.
#[cfg(not(unix))]
fn remove_stale(_parent: &Path, _ours: &Path) {}

fn temp_error(path: &Path, error: std::io::Error) -> Error {
    Error::new(ErrorKind::TempFile {
        path: path.display().to_string(),
        error,
    })
}

fn part_of(key: u64) -> usize {
    // The top bits of a multiplicative hash spread any id pattern evenly.
    let hash = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    usize::try_from(hash >> 56).unwrap_or(0) % PARTS
}

fn part_path(dir: &Path, part: usize) -> PathBuf {
    dir.join(format!("part-{part:03}.rows"))
}

impl Spill {
    /// A new private folder under `parent` (see [`SpillDir::new`]) with its
    /// part files, mode 0600. Should a file fail, the folder goes. `wide`:
    /// the rows carry a register employment to keep.
    pub(crate) fn new(parent: &Path, wide: bool) -> Result<Self, Error> {
        let dir = SpillDir::new(parent)?;
        let mut writers = Vec::with_capacity(PARTS);
        for part in 0..PARTS {
            let path = part_path(dir.path(), part);
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let file = options.open(&path).map_err(|e| temp_error(&path, e))?;
            writers.push(BufWriter::with_capacity(32 << 10, file));
        }
        Ok(Self {
            writers,
            dir,
            row_bytes: if wide { WIDE_ROW_BYTES } else { ROW_BYTES },
        })
    }

    /// Writes a row to its employee's part.
    pub(crate) fn push(&mut self, row: &Row) -> Result<(), Error> {
        let part = part_of(row.key);
        let mut bytes = [0u8; WIDE_ROW_BYTES];
        let fields = row
            .key
            .to_le_bytes()
            .into_iter()
            .chain(row.day.to_le_bytes())
            .chain(row.centi.to_le_bytes())
            .chain([row.department, row.sex])
            .chain(row.employment.to_le_bytes());
        for (slot, b) in bytes.iter_mut().zip(fields) {
            *slot = b;
        }
        match self.writers.get_mut(part) {
            Some(w) => w
                .write_all(bytes.get(..self.row_bytes).unwrap_or_default())
                .map_err(|e| temp_error(&part_path(self.dir.path(), part), e)),
            None => Ok(()),
        }
    }

    /// Finishes writing; then each part can be read with [`Spill::part`].
    pub(crate) fn finish(&mut self) -> Result<(), Error> {
        for (part, w) in self.writers.iter_mut().enumerate() {
            w.flush()
                .map_err(|e| temp_error(&part_path(self.dir.path(), part), e))?;
        }
        self.writers.clear();
        Ok(())
    }

    /// Number of parts.
    pub(crate) fn parts(&self) -> usize {
        PARTS
    }

    /// The rows of one part, in the order written.
    pub(crate) fn part(&self, part: usize) -> Result<Vec<Row>, Error> {
        let path = part_path(self.dir.path(), part);
        let file = File::open(&path).map_err(|e| temp_error(&path, e))?;
        let mut reader = BufReader::with_capacity(256 << 10, file);
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(|e| temp_error(&path, e))?;
        Ok(bytes
            .chunks_exact(self.row_bytes)
            .map(|b| {
                let word = |range: std::ops::Range<usize>| b.get(range).unwrap_or_default();
                Row {
                    key: u64::from_le_bytes(word(0..8).try_into().unwrap_or_default()),
                    day: i32::from_le_bytes(word(8..12).try_into().unwrap_or_default()),
                    centi: u16::from_le_bytes(word(12..14).try_into().unwrap_or_default()),
                    department: b.get(14).copied().unwrap_or(0),
                    sex: b.get(15).copied().unwrap_or(0),
                    employment: match b.get(16..20) {
                        Some(w) => u32::from_le_bytes(w.try_into().unwrap_or_default()),
                        None => crate::register::NO_EMPLOYMENT,
                    },
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dir::TestDir;

    #[test]
    fn names() {
        assert_eq!(spill_pid("utfall-spill-123-0123456789abcdef"), Some(123));
        for other in [
            "utfall-spill-123-0123456789abcde",
            "utfall-spill-123-0123456789ABCDEF",
            "utfall-spill--0123456789abcdef",
            "utfall-spill-12a-0123456789abcdef",
            "utfall-spill-123-0123456789abcdef-x",
            "utfall-measure-123-456",
            "xutfall-spill-123-0123456789abcdef",
        ] {
            assert_eq!(spill_pid(other), None, "{other}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_and_its_files_are_private_and_go_on_drop() {
        use std::os::unix::fs::PermissionsExt;
        let parent = TestDir::new("modes");
        let spill = Spill::new(&parent.0, true).unwrap();
        let dir = spill.dir.path().to_path_buf();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(spill_pid(&name), Some(std::process::id()), "{name}");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        let files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(files.len(), PARTS);
        assert!(files.iter().all(|f| mode(f) == 0o600));
        drop(spill);
        assert_eq!(parent.entries(), Vec::<String>::new());
    }

    #[test]
    fn a_missing_parent_is_an_error_and_is_not_made() {
        let parent = TestDir::new("missing");
        let missing = parent.0.join("absent");
        let Err(err) = Spill::new(&missing, false) else {
            panic!("made a spill in a missing folder")
        };
        assert!(matches!(err.kind(), ErrorKind::TempFolder { .. }), "{err}");
        assert!(
            err.to_string()
                .ends_with("for temporary files: the folder does not exist (it is not created)")
        );
        assert!(!missing.exists());
    }

    /// A process id that no running process has.
    #[cfg(target_os = "linux")]
    fn dead_pid() -> u32 {
        (1000..4_000_000u32)
            .rev()
            .find(|pid| !Path::new("/proc").join(pid.to_string()).exists())
            .unwrap()
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stale_folders_of_dead_processes_go_and_nothing_else() {
        let parent = TestDir::new("stale");
        let dead = dead_pid();
        let me = std::process::id();
        let keep = [
            format!("utfall-spill-{me}-0123456789abcdef"),
            format!("utfall-spill-{dead}-0123456789abcde"),
            format!("utfall-spill-{dead}-x"),
            "utfall-spill-1-0123456789abcdef".to_owned(), // init: running
            "other".to_owned(),
        ];
        let stale = format!("utfall-spill-{dead}-0123456789abcdef");
        for name in keep.iter().chain([&stale]) {
            std::fs::create_dir(parent.0.join(name)).unwrap();
            std::fs::write(parent.0.join(name).join("part-000.rows"), b"rows").unwrap();
        }
        // A file by a stale folder's name is not a folder: kept.
        let file = format!("utfall-spill-{dead}-fedcba9876543210");
        std::fs::write(parent.0.join(&file), b"").unwrap();
        let spill = Spill::new(&parent.0, true).unwrap();
        let ours = spill.dir.path().file_name().unwrap().to_string_lossy().into_owned();
        let mut expected: Vec<String> = keep.iter().cloned().chain([file, ours]).collect();
        expected.sort();
        assert_eq!(parent.entries(), expected);
        drop(spill);
        assert!(
            !parent
                .entries()
                .iter()
                .any(|n| spill_pid(n) == Some(me) && n.ends_with("abcdef") && n.len() > 40)
        );
    }

    #[test]
    fn rows_come_back_from_their_parts_and_the_folder_goes() {
        let rows: Vec<Row> = (0..1000u64)
            .map(|i| Row {
                key: i % 37,
                day: 730_000 + i as i32,
                centi: (i % 2400) as u16,
                department: (i % 8) as u8,
                sex: (i % 2) as u8,
                employment: (i * 7) as u32,
            })
            .collect();
        let parent = TestDir::new("roundtrip");
        let mut spill = Spill::new(&parent.0, true).unwrap();
        for r in &rows {
            spill.push(r).unwrap();
        }
        spill.finish().unwrap();
        let dir = spill.dir.path().to_path_buf();
        let mut back: Vec<Row> = (0..spill.parts()).flat_map(|p| spill.part(p).unwrap()).collect();
        back.sort_by_key(|r| r.day);
        assert_eq!(back, rows);
        drop(spill);
        assert!(!dir.exists());
    }
}
