//! The example binaries as finance staff run them: exit status, output, and a
//! one-line error naming file, line and field on bad input.
//!
//! `cargo test` builds the examples before it runs the tests; the binaries are
//! found beside this test's own executable.

// Test helpers may stop on the first surprise (clippy.toml covers #[test] fns only).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // target/debug/deps/cli-HASH -> target/debug/examples/NAME
    let dir = exe.parent().and_then(Path::parent).unwrap().join("examples");
    let path = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} is not built; run the tests with `cargo test`, which builds the examples",
        path.display()
    );
    path
}

fn root(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path).display().to_string()
}

fn settle(args: &[&str]) -> Output {
    Command::new(example("settle")).args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A scratch file with `text`, unique to this test process and `name`.
fn scratch(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("utfall-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Asserts a failure with exactly one line on standard error, no panic.
fn one_line_error(out: &Output, status: i32) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(status), "stderr: {err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"), "{err}");
    assert_eq!(err.lines().count(), 1, "expected one line, got: {err}");
    assert!(stdout(out).is_empty());
    err.trim_end().to_owned()
}

#[test]
fn botkyrka_prints_both_settlements_and_the_reconciliation() {
    let out = Command::new(example("botkyrka")).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Aino Health's outcome payment [10]                                2 701 245,52 kr"));
    assert!(text.contains("Aino Health's outcome payment [10]                                2 704 800,00 kr"));
    assert!(text.contains("Reconciliation with the report"));
    assert!(text.contains("investment over the 17 measured months"));
}

#[test]
fn settle_with_a_stated_value_prints_the_statement() {
    let out = settle(&[
        "--contract",
        &root("examples/botkyrka/contract.toml"),
        "--value",
        "14700000",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Settlement statement: Arbetsmiljö och Hälsa i Fokus, Botkyrka\n"));
    let funder = text.lines().find(|l| l.contains("value kept by the funder")).unwrap();
    assert!(funder.ends_with(" 11 998 754,48 kr"), "{funder}");
}

#[test]
fn settle_json_has_decimal_strings() {
    let out = settle(&[
        "--contract",
        &root("examples/illustrative/contract.toml"),
        "--monthly",
        &root("examples/illustrative/monthly.csv"),
        "--index",
        &root("examples/illustrative/index.csv"),
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["schema"], "utfall.statement/1");
    let payment = json["providers"][0]["outcome_payment"].as_str().unwrap();
    assert_eq!(payment.split_once('.').map(|(_, f)| f.len()), Some(2), "{payment}");
    assert_eq!(json["outcome"]["basis"]["months"].as_array().unwrap().len(), 17);
}

#[test]
fn settle_writes_to_out() {
    let path = scratch("statement.json", "");
    let out = settle(&[
        "--contract",
        &root("examples/botkyrka/contract.toml"),
        "--value",
        "1",
        "--format",
        "json",
        "--out",
        &path,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"schema\": \"utfall.statement/1\"")
    );
}

#[test]
fn a_float_amount_names_file_line_and_field() {
    let text = std::fs::read_to_string(root("examples/botkyrka/contract.toml"))
        .unwrap()
        .replace("investment = \"22870000\"", "investment = 22870000.0");
    let path = scratch("float.toml", &text);
    let err = one_line_error(&settle(&["--contract", &path, "--value", "1"]), 1);
    assert_eq!(
        err,
        format!(
            "settle: {path}:9: field investment: amounts are quoted decimal strings, found the float 22870000.0: write \"22870000.0\""
        )
    );
}

#[test]
fn a_bad_csv_row_names_file_line_and_field() {
    let monthly = std::fs::read_to_string(root("examples/illustrative/monthly.csv"))
        .unwrap()
        .replace("2019-03,", "2019-3,");
    let path = scratch("monthly.csv", &monthly);
    let err = one_line_error(
        &settle(&[
            "--contract",
            &root("examples/illustrative/contract.toml"),
            "--monthly",
            &path,
            "--index",
            &root("examples/illustrative/index.csv"),
        ]),
        1,
    );
    assert_eq!(
        err,
        format!("settle: {path}:21: field month: \"2019-3\" is not a month: a month is written YYYY-MM")
    );
}

#[test]
fn a_missing_index_month_names_the_index_file() {
    let index = std::fs::read_to_string(root("examples/illustrative/index.csv"))
        .unwrap()
        .replace("2019-05,9.56\n", "");
    let path = scratch("index.csv", &index);
    let err = one_line_error(
        &settle(&[
            "--contract",
            &root("examples/illustrative/contract.toml"),
            "--monthly",
            &root("examples/illustrative/monthly.csv"),
            "--index",
            &path,
        ]),
        1,
    );
    assert_eq!(
        err,
        format!(
            "settle: {path}: month 2019-05 is missing from the national index; it is needed as a month of the measured window"
        )
    );
}

#[test]
fn a_missing_file_is_one_line() {
    let err = one_line_error(
        &settle(&["--contract", "/nonexistent/contract.toml", "--value", "1"]),
        1,
    );
    assert!(
        err.starts_with("settle: cannot read the contract file \"/nonexistent/contract.toml\": "),
        "{err}"
    );
}

#[test]
fn command_line_mistakes_exit_2_with_usage() {
    for (args, message) in [
        (vec![], "settle: --contract is required"),
        (vec!["--contract", "x", "--value"], "settle: --value needs a value"),
        (
            vec!["--contract", "x", "--bogus", "1"],
            "settle: unknown argument \"--bogus\"",
        ),
        (
            vec!["--contract", "x", "--contract", "y"],
            "settle: --contract is given twice",
        ),
        (
            vec!["--contract", "x", "--format", "pdf"],
            "settle: --format \"pdf\" is not one of text, json",
        ),
    ] {
        let out = settle(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().next(), Some(message), "{args:?}");
        assert!(err.lines().nth(1).unwrap().starts_with("usage: settle --contract FILE"));
    }
    let contract = root("examples/botkyrka/contract.toml");
    for (args, message) in [
        (
            vec!["--contract", &contract],
            "settle: give --monthly FILE or --value AMOUNT",
        ),
        (
            vec!["--contract", &contract, "--value", "1e6"],
            "settle: --value: \"1e6\" is not a decimal number: write digits with an optional leading '-' and '.', such as \"-1234.5\" (no spaces, '+', ',' or exponent)",
        ),
        (
            vec!["--contract", &contract, "--value", "1", "--monthly", "m.csv"],
            "settle: give --monthly or --value, not both",
        ),
    ] {
        let out = settle(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out).lines().next(), Some(message), "{args:?}");
    }
}
