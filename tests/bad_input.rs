//! The catalogue of bad input (`tests/bad_input/`, see its README.md): each
//! file there is one kind of bad input the project refuses. Each is run
//! through the library as the command-line tools run it, and the one-line
//! error message is kept as an insta snapshot
//! (`tests/snapshots/bad_input__KIND__NAME.snap`) whose description holds the
//! file's name and content. Review a change with `cargo insta review`.
//!
//! Every message must be one line, start (after the file, line and field)
//! with a lowercase letter, a number or a quoted value, and name the file.

use std::path::PathBuf;
use std::sync::Arc;

use utfall::absence::{AbsenceFormat, Encoding, Headcount, Ids, MeasureConfig, Options, Schedule, measure};
use utfall::engine::{Contract, InputFile, MonthlySeries, NationalIndex, Outcome, settle};

use crate::common::{path, snapshot};

fn folder(kind: &str) -> PathBuf {
    path("tests/bad_input").join(kind)
}

/// A helper file of a folder (its name starts with `_`; not a case).
fn helper(kind: &str, name: &str) -> String {
    std::fs::read_to_string(folder(kind).join(name)).unwrap()
}

/// The cases of a folder, by name: every file but those starting with `_`.
/// A case's content is its bytes (a case may be bad UTF-8).
fn cases(kind: &str) -> Vec<(String, Vec<u8>)> {
    let mut cases: Vec<(String, Vec<u8>)> = std::fs::read_dir(folder(kind))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let content = std::fs::read(&path).unwrap();
            (name, content)
        })
        .filter(|(name, _)| !name.starts_with('_'))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in tests/bad_input/{kind}");
    cases
}

/// The measurement config a case of absence or headcount is read with: its
/// `_NAME.toml` beside it, as `measure --config` reads it, or none.
fn config(kind: &str, name: &str) -> MeasureConfig {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    match std::fs::read_to_string(folder(kind).join(format!("_{stem}.toml"))) {
        Ok(text) => MeasureConfig::from_toml_str(&text).unwrap(),
        Err(_) => MeasureConfig::default(),
    }
}

/// The text of a monthly series or index case as the program reads it, as
/// UTF-8, or the error naming its line: its message and its kind's.
fn utf8<'a>(name: &str, content: &'a [u8]) -> Result<std::borrow::Cow<'a, str>, (String, String)> {
    Encoding::Utf8
        .decode(content)
        .map_err(|e| (e.kind().to_string(), e.in_file(name).to_string()))
        .map_err(|(what, message)| (message, what))
}

/// Checks the shape of a message and snapshots it. `what` is the message
/// without its location (file, line, field).
fn check(kind: &str, name: &str, content: &[u8], message: &str, what: &str) {
    // Bytes that are not UTF-8 are shown as replacement characters.
    let content = &String::from_utf8_lossy(content);
    assert!(
        !message.contains(['\n', '\r']),
        "{kind}/{name}: not one line: {message:?}"
    );
    assert!(
        message.starts_with(name),
        "{kind}/{name}: does not name the file: {message:?}"
    );
    assert!(
        message.ends_with(what),
        "{kind}/{name}: {message:?} does not end with {what:?}"
    );
    let first = what.chars().next().unwrap_or(' ');
    assert!(
        first.is_lowercase() || first.is_ascii_digit() || first == '"' || first == '-',
        "{kind}/{name}: does not start lowercase: {what:?}"
    );
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    snapshot!(
        format!("bad_input__{kind}__{stem}"),
        format!("tests/bad_input/{kind}/{name}:\n{}", shown_content(content)),
        message
    );
}

/// A case's content for its snapshot's header: all of it, or, for a case
/// about size (a line of 64 KiB), its start and its length.
fn shown_content(content: &str) -> String {
    const SHOWN: usize = 400;
    match content.char_indices().nth(SHOWN) {
        None => content.to_owned(),
        Some((at, _)) => format!("{}… ({} bytes in all)", &content[..at], content.len()),
    }
}

#[test]
fn contracts() {
    for (name, content) in cases("contract") {
        match Contract::from_toml_str(&String::from_utf8(content.clone()).unwrap()) {
            Ok(_) => panic!("contract/{name} was accepted"),
            Err(e) => {
                let what = e.kind().to_string();
                check("contract", &name, &content, &e.in_file(&name).to_string(), &what);
            }
        }
    }
}

/// Loads a series, then settles `_contract.toml` on it: a series that loads
/// must fail there. Errors of the outcome are said to be in the monthly file,
/// as `settle` says them (a missing index month: in the index file).
fn settle_monthly(contract: &Contract, monthly: (&str, &str), index: Option<(&str, &str)>) -> utfall::engine::Error {
    let (monthly_name, monthly_text) = monthly;
    let series = match MonthlySeries::from_csv_str(monthly_text) {
        Ok(series) => series,
        Err(e) => return e.in_file(monthly_name),
    };
    let index = match index {
        None => None,
        Some((index_name, index_text)) => match NationalIndex::from_csv_str(index_text) {
            Ok(index) => Some((index_name, index)),
            Err(e) => return e.in_file(index_name),
        },
    };
    let outcome = Outcome::from_monthly(contract, &series, index.as_ref().map(|(_, index)| index));
    match outcome.and_then(|outcome| settle(contract, &outcome)) {
        Ok(_) => panic!("{monthly_name} with {:?} was accepted", index.map(|(name, _)| name)),
        // The library says which input is at fault, as the program asks it.
        Err(e) => match (e.kind().input_file(), index) {
            (Some(InputFile::NationalIndex), Some((name, _))) => e.in_file(name),
            _ => e.in_file(monthly_name),
        },
    }
}

#[test]
fn monthly_series() {
    let contract = Contract::from_toml_str(&helper("monthly", "_contract.toml")).unwrap();
    for (name, content) in cases("monthly") {
        let (message, what) = match utf8(&name, &content) {
            Ok(text) => {
                let e = settle_monthly(&contract, (&name, &text), None);
                (e.to_string(), e.kind().to_string())
            }
            Err(error) => error,
        };
        check("monthly", &name, &content, &message, &what);
    }
}

#[test]
fn national_index() {
    let contract = Contract::from_toml_str(&helper("index", "_contract.toml")).unwrap();
    let monthly = helper("index", "_monthly.csv");
    for (name, content) in cases("index") {
        let (message, what) = match utf8(&name, &content) {
            Ok(text) => {
                let e = settle_monthly(&contract, ("_monthly.csv", &monthly), Some((&name, &text)));
                (e.to_string(), e.kind().to_string())
            }
            Err(error) => error,
        };
        check("index", &name, &content, &message, &what);
    }
}

#[test]
fn absence_records() {
    let headcount = Headcount::from_csv_str(&helper("absence", "_headcount.csv")).unwrap();
    for (name, content) in cases("absence") {
        let options = Options {
            input: config("absence", &name).absence.form(),
            ..Options::default()
        };
        match measure(|| Ok(content.as_slice()), &headcount, &options, &mut |_| {}) {
            Ok(_) => panic!("absence/{name} was accepted"),
            Err(e) => {
                let what = e.kind().to_string();
                check("absence", &name, &content, &e.in_file(&name).to_string(), &what);
            }
        }
    }
}

#[test]
fn headcounts() {
    for (name, content) in cases("headcount") {
        match Headcount::from_reader_as(content.as_slice(), &config("headcount", &name).headcount.form()) {
            Ok(_) => panic!("headcount/{name} was accepted"),
            Err(e) => {
                let what = e.kind().to_string();
                check("headcount", &name, &content, &e.in_file(&name).to_string(), &what);
            }
        }
    }
}

/// Files of sick-leave periods, measured as periods against the headcount
/// `periods/_headcount.csv` and the schedule `periods/_schedule.csv`.
#[test]
fn sick_leave_periods() {
    let headcount = Headcount::from_csv_str(&helper("periods", "_headcount.csv")).unwrap();
    let schedule = Schedule::from_csv_str(&helper("periods", "_schedule.csv"), Ids::Normalised).unwrap();
    let options = Options {
        absence_format: AbsenceFormat::Periods,
        schedule: Some(Arc::new(schedule)),
        ..Options::default()
    };
    for (name, content) in cases("periods") {
        let result = measure(|| Ok(content.as_slice()), &headcount, &options, &mut |_| {});
        refused("periods", &name, &content, result.map(|_| ()));
    }
}

#[test]
fn schedules() {
    for (name, content) in cases("schedule") {
        let result = Schedule::from_reader(content.as_slice(), Ids::Normalised);
        refused("schedule", &name, &content, result.map(|_| ()));
    }
}

/// Checks that a case of a payroll format was refused, and its message.
fn refused(kind: &str, name: &str, content: &[u8], result: Result<(), utfall::absence::Error>) {
    match result {
        Ok(()) => panic!("{kind}/{name} was accepted"),
        Err(e) => {
            let what = e.kind().to_string();
            check(kind, name, content, &e.in_file(name).to_string(), &what);
        }
    }
}
