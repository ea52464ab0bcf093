//! Files around a run of the program: scratch directories and files unique to
//! the test process, what a run left in a directory, and payroll exports for
//! the tests of faults, from the generated fixture or made up in bulk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::run::root;

/// A scratch directory unique to this test process and `name`.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("utfall-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A scratch file with `text`, unique to this test process and `name`.
pub fn scratch(name: &str, text: &str) -> String {
    let path = scratch_dir("files").join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// A scratch path (no file yet) unique to this test process and `name`.
pub fn scratch_path(name: &str) -> String {
    let path = scratch_dir("formats").join(name);
    let _ = std::fs::remove_file(&path);
    path.display().to_string()
}

/// An empty scratch directory unique to this test process and `name`.
pub fn fresh_dir(name: &str) -> PathBuf {
    let dir = scratch_dir(name);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `path` as an argument of the program (the tests' paths are UTF-8).
pub fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Every file under `dir` (hidden ones too) with its bytes, by path relative
/// to `dir`; none while `dir` does not exist. A file removed while this looks
/// (another process's temporary file) is left out.
pub fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, base: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, base, files);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let name = path.strip_prefix(base).unwrap().display().to_string();
                files.insert(name, bytes);
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// The temporary files of utfall under `dir`.
pub fn temp_files(dir: &Path) -> Vec<String> {
    files_under(dir)
        .into_keys()
        .filter(|name| name.contains(".utfall-") && name.ends_with(".tmp"))
        .collect()
}

/// The generated payroll sample, and a shorter version of it (its first
/// 10 000 records), so that two runs give different tables.
pub fn payroll_inputs(dir: &Path) -> (String, String, String) {
    let generated = root("tests/fixtures/absence/generated");
    let absence = std::fs::read_to_string(format!("{generated}/absence.csv")).unwrap();
    let short: String = absence.lines().take(10_001).map(|l| format!("{l}\n")).collect();
    let short_path = dir.join("short-absence.csv");
    std::fs::write(&short_path, short).unwrap();
    (
        format!("{generated}/absence.csv"),
        short_path.display().to_string(),
        format!("{generated}/headcount.csv"),
    )
}

/// A synthetic payroll export in `dir`, with its headcount file: over
/// `days` days from 2017-01-01, latest date first (so that `measure` sorts
/// the rows), on each date one in 50 of `employees` (another set each day),
/// each once, sick for `hours`; every record is a spell of its own.
pub fn synthetic_payroll(dir: &Path, employees: u32, days: usize, hours: u32) -> (PathBuf, PathBuf) {
    use std::io::Write;
    let (absence, headcount) = (dir.join("absence.csv"), dir.join("headcount.csv"));
    let mut months = String::from("month,employees\n");
    let mut dates = Vec::new();
    for year in 2017..=2021 {
        for month in 1..=12u32 {
            months.push_str(&format!("{year}-{month:02},{employees}\n"));
            let length = match month {
                2 if year % 4 == 0 => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            dates.extend((1..=length).map(|day| format!("{year}-{month:02}-{day:02}")));
        }
    }
    std::fs::write(&headcount, months).unwrap();
    let mut file = std::io::BufWriter::new(std::fs::File::create(&absence).unwrap());
    writeln!(file, "employee_id,date,hours").unwrap();
    for (day, date) in dates.iter().enumerate().take(days).rev() {
        for employee in (u32::try_from(day % 50).unwrap()..employees).step_by(50) {
            writeln!(file, "{employee},{date},{hours}").unwrap();
        }
    }
    file.flush().unwrap();
    (absence, headcount)
}
