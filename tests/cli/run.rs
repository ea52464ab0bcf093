//! Running the `utfall` program: its command lines (the argument lists several
//! tests give), its standard output and error, and the two shapes a failure
//! must have.

use std::ffi::OsStr;
use std::process::{Command, Output};

use crate::common::path;

/// The program under test, built by cargo for the tests.
pub const UTFALL: &str = env!("CARGO_BIN_EXE_utfall");

/// `relative`, a path from the repository's root, as an absolute path's text.
pub fn root(relative: &str) -> String {
    path(relative).display().to_string()
}

/// Runs `utfall ARGS` to its end.
pub fn utfall<S: AsRef<OsStr>>(args: &[S]) -> Output {
    Command::new(UTFALL).args(args).output().unwrap()
}

/// Runs `utfall settle ARGS` to its end.
pub fn settle<S: AsRef<OsStr>>(args: &[S]) -> Output {
    Command::new(UTFALL).arg("settle").args(args).output().unwrap()
}

/// Runs `utfall measure ARGS` to its end.
pub fn measure_cmd<S: AsRef<OsStr>>(args: &[S]) -> Output {
    Command::new(UTFALL).arg("measure").args(args).output().unwrap()
}

/// Runs `utfall ARGS` to its end with the environment variables `env` set.
pub fn run_with<S: AsRef<OsStr>>(args: &[S], env: &[(&str, &str)]) -> Output {
    Command::new(UTFALL)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Asserts a failure with exactly one line on standard error, no panic.
pub fn one_line_error(out: &Output, status: i32) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(status), "stderr: {err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"), "{err}");
    assert_eq!(err.lines().count(), 1, "expected one line, got: {err}");
    assert!(stdout(out).is_empty());
    err.trim_end().to_owned()
}

/// Asserts a command-line mistake: exit status 2, clap's message beginning
/// with `first_line` on standard error, nothing on standard output.
pub fn command_line_mistake(out: &Output, first_line: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert_eq!(err.lines().next(), Some(first_line), "{err}");
    assert!(err.trim_end().ends_with("For more information, try '--help'."), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(stdout(out).is_empty());
}

/// The last line `measure` prints on success, after any warnings.
pub fn summary_line(out: &Output) -> String {
    let err = stderr(out);
    assert!(err.lines().all(|l| l.starts_with("utfall measure: ")), "{err}");
    err.lines().last().unwrap().to_owned()
}

/// `items` as owned arguments.
pub fn owned(items: &[&str]) -> Vec<String> {
    items.iter().map(|a| (*a).to_owned()).collect()
}

/// `settle`'s inputs for Botkyrka from the report's stated value:
/// `--contract examples/botkyrka/contract.toml --value 14700000`.
pub fn botkyrka_args() -> Vec<String> {
    owned(&[
        "--contract",
        &root("examples/botkyrka/contract.toml"),
        "--value",
        "14700000",
    ])
}

/// `utfall settle` on Botkyrka ([`botkyrka_args`]), then `extra`.
pub fn settle_with(extra: &[&str]) -> Output {
    settle(&[botkyrka_args(), owned(extra)].concat())
}

/// The inputs of the illustrative case under `examples/illustrative/CONTRACT`:
/// `--contract CONTRACT --monthly monthly.csv --index index.csv`.
pub fn illustrative_args(contract: &str) -> Vec<String> {
    let dir = root("examples/illustrative");
    vec![
        "--contract".to_owned(),
        format!("{dir}/{contract}"),
        "--monthly".to_owned(),
        format!("{dir}/monthly.csv"),
        "--index".to_owned(),
        format!("{dir}/index.csv"),
    ]
}

/// `utfall ledger` on the illustrative quarterly contract, then `extra`.
pub fn ledger_args(extra: &[&str]) -> Vec<String> {
    [
        vec!["ledger".to_owned()],
        illustrative_args("contract-quarterly.toml"),
        owned(extra),
    ]
    .concat()
}

pub fn ledger(extra: &[&str]) -> Output {
    utfall(&ledger_args(extra))
}

/// `measure`'s inputs from the fixture `tests/fixtures/absence/NAME`:
/// `--absence NAME/absence.csv --headcount NAME/headcount.csv`.
pub fn fixture_args(name: &str) -> Vec<String> {
    let dir = root(&format!("tests/fixtures/absence/{name}"));
    vec![
        "--absence".to_owned(),
        format!("{dir}/absence.csv"),
        "--headcount".to_owned(),
        format!("{dir}/headcount.csv"),
    ]
}

/// `args` with the value of `flag` replaced by `value`, or without `flag` and
/// its value when `value` is `None`.
pub fn with_arg(args: &[String], flag: &str, value: Option<&str>) -> Vec<String> {
    let at = args
        .iter()
        .position(|a| a == flag)
        .unwrap_or_else(|| panic!("no {flag} in {args:?}"));
    let mut out = args.to_vec();
    match value {
        Some(value) => value.clone_into(&mut out[at + 1]),
        None => {
            out.drain(at..at + 2);
        }
    }
    out
}
