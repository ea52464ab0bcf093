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
            "settle: --format \"pdf\" is not one of text, markdown, json, csv, xlsx",
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

/// A scratch path (no file yet) unique to this test process and `name`.
fn scratch_path(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("utfall-cli-{}-formats", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path.display().to_string()
}

fn botkyrka_args() -> Vec<String> {
    [
        "--contract",
        &root("examples/botkyrka/contract.toml"),
        "--value",
        "14700000",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn settle_with(extra: &[&str]) -> Output {
    let mut args = botkyrka_args();
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    settle(&args)
}

#[test]
fn settle_locale_en_writes_english_numbers() {
    let out = settle_with(&["--locale", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let funder = stdout(&out)
        .lines()
        .find(|l| l.contains("value kept by the funder"))
        .unwrap()
        .to_owned();
    assert!(funder.ends_with(" 11,998,754.48 SEK"), "{funder}");
    let out = settle_with(&["--locale", "sv"]);
    assert!(stdout(&out).contains(" 11 998 754,48 kr\n"));
}

#[test]
fn settle_markdown_in_both_locales() {
    for (locale, amount) in [("sv", "| 11 998 754,48 kr |"), ("en", "| 11,998,754.48 SEK |")] {
        let out = settle_with(&["--format", "markdown", "--locale", locale]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        assert!(text.starts_with("# Settlement statement: "), "{text}");
        let funder = text
            .lines()
            .find(|l| l.starts_with("| value kept by the funder"))
            .unwrap();
        assert!(funder.contains(amount), "{funder}");
    }
}

#[test]
fn settle_csv_to_standard_output() {
    let out = settle_with(&["--format", "csv", "--locale", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("section,id,label,formula,inputs,amount,unit,currency,source\n"));
    assert!(text.contains(",window.funder_keeps,"));
    assert!(
        text.contains(",11998754.48,money,SEK,"),
        "CSV amounts are the same in every locale"
    );
}

#[test]
fn settle_out_takes_the_format_from_the_extension() {
    for (name, starts) in [
        ("statement.txt", "Settlement statement: ".as_bytes()),
        ("statement.md", b"# Settlement statement: "),
        ("statement.json", b"{\n  \"schema\": \"utfall.statement/1\""),
        ("statement.CSV", b"section,id,label,"),
        ("statement.xlsx", b"PK\x03\x04"),
        ("statement", b"Settlement statement: "),
    ] {
        let path = scratch_path(name);
        let out = settle_with(&["--out", &path]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert!(stdout(&out).is_empty() && stderr(&out).is_empty(), "{name}");
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            bytes.starts_with(starts),
            "{name}: {:?}",
            String::from_utf8_lossy(&bytes[..40.min(bytes.len())])
        );
    }
    // --format wins over the extension.
    let path = scratch_path("really-json.txt");
    let out = settle_with(&["--format", "json", "--out", &path]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&path).unwrap().starts_with('{'));
}

#[test]
fn settle_xlsx_opens_in_a_spreadsheet_reader() {
    use calamine::Reader;
    let path = scratch_path("opened.xlsx");
    let out = settle_with(&["--format", "xlsx", "--out", &path]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Statement", "Trace"]);
    let sheet = book.worksheet_range("Statement").unwrap();
    let row = sheet
        .rows()
        .find(|r| {
            r.get(6)
                .is_some_and(|c| *c == calamine::Data::String("provider[Aino Health].outcome_payment".into()))
        })
        .unwrap();
    assert_eq!(row[2], calamine::Data::Float(2701245.52));
    assert_eq!(row[3], calamine::Data::String("2701245.52".into()));
}

#[test]
fn settle_format_mistakes_exit_2_with_usage() {
    let pdf = scratch_path("statement.pdf");
    for (args, message) in [
        (
            vec!["--format", "xlsx"],
            "settle: --format xlsx writes a workbook, not text: give --out FILE.xlsx",
        ),
        (vec!["--locale", "de"], "settle: --locale \"de\" is not one of sv, en"),
        (
            vec!["--out", pdf.as_str()],
            "settle: --out: cannot tell the format from the extension \".pdf\"; give --format (text, markdown, json, csv, xlsx)",
        ),
        (
            vec!["--locale", "en", "--locale", "sv"],
            "settle: --locale is given twice",
        ),
    ] {
        let out = settle_with(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().next(), Some(message), "{args:?}");
        assert!(
            err.lines().nth(1).unwrap().starts_with("usage: settle --contract FILE"),
            "{err}"
        );
        assert!(stdout(&out).is_empty());
    }
    assert!(!Path::new(&pdf).exists());
}

#[test]
fn settle_as_of_a_month_gives_the_interim_statement() {
    let dir = root("examples/illustrative");
    let out = settle(&[
        "--contract",
        &format!("{dir}/contract-quarterly.toml"),
        "--monthly",
        &format!("{dir}/monthly.csv"),
        "--index",
        &format!("{dir}/index.csv"),
        "--as-of",
        "2019-06",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("interim statement as of 2019-06: outcome measured so far, 2018-10 – 2019-06 (9 of 36 months)"),
        "{text}"
    );
    let out = settle(&[
        "--contract",
        &format!("{dir}/contract-quarterly.toml"),
        "--value",
        "1",
        "--as-of",
        "2018-09",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("2018-09 is before the term 2018-10 – 2021-09"),
        "{}",
        stderr(&out)
    );
}
