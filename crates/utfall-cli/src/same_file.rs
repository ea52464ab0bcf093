//! An output that is the same file as an input, or as another output, is a
//! command-line mistake, found before anything is read or written: `settle
//! --monthly monthly.csv --out monthly.csv` would replace the series with the
//! statement.
//!
//! Files that exist are compared by device and inode (a hard link or a
//! symbolic link is the file it names); files that do not exist yet by their
//! absolute path with `.`, `..` and the links of the directories that exist
//! resolved.

use std::path::{Component, Path, PathBuf};

use clap::error::ErrorKind;

use crate::messages;

/// The files one run reads and writes, each with how the user named it.
#[derive(Default)]
pub struct Files {
    inputs: Vec<(String, PathBuf)>,
    outputs: Vec<(String, PathBuf)>,
}

impl Files {
    /// No files yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The input `path` of `flag`, if given.
    #[must_use]
    pub fn input(mut self, flag: &str, path: Option<&Path>) -> Self {
        if let Some(path) = path {
            self.inputs
                .push((format!("{flag} {}", path.display()), path.to_path_buf()));
        }
        self
    }

    /// The output `path` of `flag`, if given.
    #[must_use]
    pub fn output(mut self, flag: &str, path: Option<&Path>) -> Self {
        if let Some(path) = path {
            self.outputs
                .push((format!("{flag} {}", path.display()), path.to_path_buf()));
        }
        self
    }

    /// A file that the run writes or removes, as `shown` in a message.
    #[must_use]
    pub fn output_shown(mut self, shown: String, path: PathBuf) -> Self {
        self.outputs.push((shown, path));
        self
    }

    /// Refuses an output that is an input or an earlier output.
    ///
    /// # Errors
    /// A command-line mistake of `subcommand` (exit status 2) naming both.
    pub fn refuse_same(&self, subcommand: &str) -> Result<(), clap::Error> {
        let inputs: Vec<(&String, Identity)> = self.inputs.iter().map(|(s, p)| (s, Identity::of(p))).collect();
        let mut outputs: Vec<(&String, Identity)> = Vec::with_capacity(self.outputs.len());
        for (shown, path) in &self.outputs {
            let identity = Identity::of(path);
            if let Some((input, _)) = inputs.iter().find(|(_, i)| *i == identity) {
                return Err(mistake(
                    subcommand,
                    format!("{shown} is the same file as {input}: an output may not replace an input"),
                ));
            }
            if let Some((earlier, _)) = outputs.iter().find(|(_, o)| *o == identity) {
                return Err(mistake(
                    subcommand,
                    format!("{earlier} and {shown} are the same file: each output needs a file of its own"),
                ));
            }
            outputs.push((shown, identity));
        }
        Ok(())
    }
}

fn mistake(subcommand: &str, message: String) -> clap::Error {
    messages::usage(subcommand, ErrorKind::ArgumentConflict, message)
}

/// What makes two paths one file.
#[derive(Debug, PartialEq, Eq)]
enum Identity {
    /// An existing file: its device and inode.
    #[cfg(unix)]
    File { dev: u64, ino: u64 },
    /// A file that does not exist (or any file where there are no inodes).
    Path(PathBuf),
}

impl Identity {
    fn of(path: &Path) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if let Ok(meta) = std::fs::metadata(path) {
                return Identity::File {
                    dev: meta.dev(),
                    ino: meta.ino(),
                };
            }
        }
        Identity::Path(normalised(path))
    }
}

/// `path` made absolute: the longest part of it that exists with its links
/// resolved, then the rest with its `.` and `..` applied.
fn normalised(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let components: Vec<Component> = absolute.components().collect();
    for existing in (0..=components.len()).rev() {
        let head: PathBuf = components.iter().take(existing).collect();
        let Ok(mut normal) = std::fs::canonicalize(&head) else {
            continue;
        };
        for component in components.iter().skip(existing) {
            match component {
                Component::ParentDir => {
                    normal.pop();
                }
                Component::Normal(name) => normal.push(name),
                Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            }
        }
        return normal;
    }
    absolute
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{Files, Identity, normalised};

    #[test]
    fn paths_of_files_to_be_are_compared_normalised() {
        let dir = std::env::temp_dir();
        let real = std::fs::canonicalize(&dir).unwrap();
        let a = normalised(&dir.join("utfall-no-such-dir/./x/../out.csv"));
        assert_eq!(a, real.join("utfall-no-such-dir/out.csv"));
        assert_eq!(
            Identity::of(&dir.join("utfall-no-such-dir/out.csv")),
            Identity::of(&dir.join("utfall-no-such-dir/sub/../out.csv"))
        );
        assert_ne!(Identity::of(Path::new("a.csv")), Identity::of(Path::new("b.csv")));
    }

    #[test]
    fn an_output_may_be_neither_an_input_nor_another_output() {
        let files = Files::new()
            .input("--contract", Some(Path::new("c.toml")))
            .output("--svg", Some(Path::new("./r.csv")))
            .output("--csv", Some(Path::new("r.csv")));
        let err = files.refuse_same("risk-curve").unwrap_err().to_string();
        assert!(
            err.starts_with("error: --svg ./r.csv and --csv r.csv are the same file"),
            "{err}"
        );
        let files = Files::new()
            .input("--contract", Some(Path::new("c.toml")))
            .output("--out", Some(Path::new("c.toml")));
        let err = files.refuse_same("settle").unwrap_err().to_string();
        assert!(
            err.starts_with("error: --out c.toml is the same file as --contract c.toml: "),
            "{err}"
        );
        assert!(Files::new().output("--out", None).refuse_same("settle").is_ok());
    }
}
