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

fn measure_cmd(args: &[&str]) -> Output {
    Command::new(example("measure")).args(args).output().unwrap()
}

#[test]
fn measure_writes_the_series_and_no_progress_when_piped() {
    let dir = root("tests/fixtures/absence/handmade/band_edges");
    let out = measure_cmd(&[
        "--absence",
        &format!("{dir}/absence.csv"),
        "--headcount",
        &format!("{dir}/headcount.csv"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Standard error is a pipe here: no progress line, nothing at all.
    assert_eq!(stderr(&out), "");
    let series = stdout(&out);
    assert!(series.starts_with("month,net_days,headcount\n"), "{series}");
    // March 2021: 14 + 14 days at 8 h of employees 1 and 2 in days 1–14 → 28 net days.
    assert!(series.contains("\n2021-03,28,"), "{series}");
}

#[test]
fn measure_writes_the_tables_into_out() {
    let dir = root("tests/fixtures/absence/generated");
    let out_dir = std::env::temp_dir().join(format!("utfall-cli-{}-tables", std::process::id()));
    let json = out_dir.join("measurement.json");
    let out = measure_cmd(&[
        "--absence",
        &format!("{dir}/absence.csv"),
        "--headcount",
        &format!("{dir}/headcount.csv"),
        "--out",
        out_dir.to_str().unwrap(),
        "--detail",
        "--json",
        json.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).is_empty(),
        "the series goes to stdout only when nothing else is asked for"
    );
    for file in [
        "net_days.csv",
        "repeated_flags.csv",
        "repeated_inflow.csv",
        "left_censored.csv",
        "spells.csv",
        "flagged_employees.csv",
    ] {
        assert!(out_dir.join(file).exists(), "{file}");
    }
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    assert_eq!(json["schema"], "utfall.measurement/1");
    assert_eq!(json["summary"]["rows"], 16661);
}

#[test]
fn measure_then_settle_end_to_end() {
    let dir = root("tests/fixtures/absence/generated");
    let series = scratch("monthly-from-measure.csv", "");
    let out = measure_cmd(&[
        "--absence",
        &format!("{dir}/absence.csv"),
        "--headcount",
        &format!("{dir}/headcount.csv"),
        "--series",
        &series,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = settle(&[
        "--contract",
        &root("examples/payroll/contract.toml"),
        "--monthly",
        &series,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let value = text.lines().find(|l| l.contains("value of saved days [")).unwrap();
    assert!(value.ends_with(" 198 616,40 kr"), "{value}");
}

#[test]
fn measure_duplicate_rows_are_one_line_naming_file_and_lines() {
    let dir = root("tests/fixtures/absence/duplicate");
    let absence = format!("{dir}/absence.csv");
    let err = one_line_error(
        &measure_cmd(&["--absence", &absence, "--headcount", &format!("{dir}/headcount.csv")]),
        1,
    );
    assert!(err.starts_with(&format!("measure: {absence}:")), "{err}");
    assert!(
        err.contains("employee 7 has two rows for 2020-03-10 (the first on line "),
        "{err}"
    );
}

#[test]
fn measure_command_line_mistakes_exit_2() {
    for (args, message) in [
        (vec![], "measure: --absence is required"),
        (vec!["--absence", "a.csv"], "measure: --headcount is required"),
        (
            vec!["--absence", "a", "--headcount", "h", "--detail"],
            "measure: --detail writes into --out DIR; give --out",
        ),
        (vec!["--bogus"], "measure: unknown argument \"--bogus\""),
    ] {
        let out = measure_cmd(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out).lines().next(), Some(message), "{args:?}");
    }
}
