//! Spilling rows to temporary files, so that sorting an unsorted input needs
//! memory for one part of it at a time, not for all of it.
//!
//! Rows are split by employee into parts (each employee's rows all in one
//! part); each part is then read back, sorted and measured on its own.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::records::Row;
use crate::{Error, ErrorKind};

/// Parts an input is split into.
const PARTS: usize = 256;

/// Bytes of one row on disk.
const ROW_BYTES: usize = 16;

/// Rows written to per-employee parts in a temporary folder, removed on drop.
pub(crate) struct Spill {
    dir: PathBuf,
    writers: Vec<BufWriter<File>>,
}

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
    /// A new temporary folder under `parent`.
    pub(crate) fn new(parent: &Path) -> Result<Self, Error> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = parent.join(format!("utfall-measure-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| temp_error(&dir, e))?;
        let mut writers = Vec::with_capacity(PARTS);
        for part in 0..PARTS {
            let path = part_path(&dir, part);
            let file = File::create(&path).map_err(|e| temp_error(&path, e))?;
            writers.push(BufWriter::with_capacity(32 << 10, file));
        }
        Ok(Self { dir, writers })
    }

    /// Writes a row to its employee's part.
    pub(crate) fn push(&mut self, row: &Row) -> Result<(), Error> {
        let part = part_of(row.key);
        let mut bytes = [0u8; ROW_BYTES];
        let fields = row
            .key
            .to_le_bytes()
            .into_iter()
            .chain(row.day.to_le_bytes())
            .chain(row.centi.to_le_bytes());
        for (slot, b) in bytes.iter_mut().zip(fields.chain([row.department, row.sex])) {
            *slot = b;
        }
        match self.writers.get_mut(part) {
            Some(w) => w
                .write_all(&bytes)
                .map_err(|e| temp_error(&part_path(&self.dir, part), e)),
            None => Ok(()),
        }
    }

    /// Finishes writing; then each part can be read with [`Spill::part`].
    pub(crate) fn finish(&mut self) -> Result<(), Error> {
        for (part, w) in self.writers.iter_mut().enumerate() {
            w.flush().map_err(|e| temp_error(&part_path(&self.dir, part), e))?;
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
        let path = part_path(&self.dir, part);
        let file = File::open(&path).map_err(|e| temp_error(&path, e))?;
        let mut reader = BufReader::with_capacity(256 << 10, file);
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(|e| temp_error(&path, e))?;
        Ok(bytes
            .chunks_exact(ROW_BYTES)
            .map(|b| {
                let word = |range: std::ops::Range<usize>| b.get(range).unwrap_or_default();
                Row {
                    key: u64::from_le_bytes(word(0..8).try_into().unwrap_or_default()),
                    day: i32::from_le_bytes(word(8..12).try_into().unwrap_or_default()),
                    centi: u16::from_le_bytes(word(12..14).try_into().unwrap_or_default()),
                    department: b.get(14).copied().unwrap_or(0),
                    sex: b.get(15).copied().unwrap_or(0),
                }
            })
            .collect())
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        self.writers.clear();
        // Best effort: a folder left behind is only disk space.
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_from_their_parts_and_the_folder_goes() {
        let rows: Vec<Row> = (0..1000u64)
            .map(|i| Row {
                key: i % 37,
                day: 730_000 + i as i32,
                centi: (i % 2400) as u16,
                department: (i % 8) as u8,
                sex: (i % 2) as u8,
            })
            .collect();
        let mut spill = Spill::new(&std::env::temp_dir()).unwrap();
        for r in &rows {
            spill.push(r).unwrap();
        }
        spill.finish().unwrap();
        let dir = spill.dir.clone();
        let mut back: Vec<Row> = (0..spill.parts()).flat_map(|p| spill.part(p).unwrap()).collect();
        back.sort_by_key(|r| r.day);
        assert_eq!(back, rows);
        drop(spill);
        assert!(!dir.exists());
    }
}
