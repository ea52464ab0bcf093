//! `utfall measure`: the series and tables it writes from payroll records,
//! what it says on standard error, and its messages for bad input and bad
//! command lines.

use super::files::{scratch, scratch_dir, scratch_path, text};
use super::run::*;

#[test]
fn measure_writes_the_series_and_says_so_without_progress_when_piped() {
    let out = measure_cmd(&fixture_args("handmade/band_edges"));
    assert!(out.status.success(), "{}", stderr(&out));
    // Standard error is a pipe here: no progress line, only a warning (an
    // employee is sick on the first date) and the summary.
    assert_eq!(stderr(&out).lines().count(), 2, "{}", stderr(&out));
    let line = summary_line(&out);
    assert!(line.ends_with("; wrote the series to standard output"), "{line}");
    assert!(!line.contains('\r'), "{line}");
    let series = stdout(&out);
    assert!(series.starts_with("month,net_days,headcount\n"), "{series}");
    // March 2021: 14 + 14 days at 8 h of employees 1 and 2 in days 1–14 → 28 net days.
    assert!(series.contains("\n2021-03,28,"), "{series}");
}

#[test]
fn measure_writes_the_tables_into_out_and_names_them() {
    let out_dir = scratch_dir("tables");
    let json = out_dir.join("measurement.json");
    let outputs = ["--out", text(&out_dir), "--detail", "--json", text(&json)];
    let out = measure_cmd(&[fixture_args("generated"), owned(&outputs)].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).is_empty(),
        "the series goes to stdout only when nothing else is asked for"
    );
    let files = [
        "net_days.csv",
        "repeated_flags.csv",
        "repeated_inflow.csv",
        "left_censored.csv",
        "spells.csv",
        "flagged_employees.csv",
    ];
    for file in files {
        assert!(out_dir.join(file).exists(), "{file}");
    }
    let json_text = std::fs::read_to_string(&json).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&json_text).unwrap();
    assert_eq!(parsed["schema"], "utfall.measurement/2");
    assert_eq!(parsed["summary"]["rows"], 16661);

    // The generated data start on their first date with spells under way: a
    // warning, then the summary.
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("utfall measure: ")
            && lines[0].contains("under way on 2017-08-01, the first date of the data"),
        "{err}"
    );
    let summary = lines[1];
    let expected_start = format!(
        "utfall measure: 16 661 rows, {} employees, 1 627 spells, 2017-08-01 – 2021-09-30, in ",
        parsed["summary"]["employees"]
    );
    assert!(summary.starts_with(&expected_start), "{summary}");
    assert!(
        // The generated sample's small departments are hidden in the tables: said so.
        summary.ends_with(&format!(
            " s; suppressed the figures of 100 group-months in the group tables \
             (53 with fewer than 11 employees, 47 secondary; --min-group); wrote {} in {}, {}",
            files.join(", "),
            out_dir.display(),
            json.display()
        )),
        "{summary}"
    );
}

#[test]
fn measure_warnings_go_to_standard_error_even_when_piped() {
    // edge/: spells under way on its first date, and hours with 3 decimals.
    let series = scratch_path("edge-series.csv");
    let args = [fixture_args("edge"), owned(&["--history", "--series", &series])].concat();
    let out = measure_cmd(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "utfall measure: 1 spell was under way on 2019-12-01, the first date of the data; their days count from that date (--out DIR writes them to left_censored.csv)",
            "utfall measure: 2 rows had hours with more than two decimals, rounded to the hundredth (half away from zero)",
        ],
        "{err}"
    );
    assert!(lines[2].starts_with("utfall measure: 136 rows, 7 employees, 13 spells, 2019-12-01 – 2020-08-04, in "));
    assert!(lines[2].ends_with(&format!(" s; wrote {series}")), "{err}");
    assert_eq!(lines.len(), 3);
    assert!(
        std::fs::read_to_string(&series)
            .unwrap()
            .starts_with("month,net_days,headcount\n")
    );

    // --quiet: no summary, no warnings.
    let quiet = measure_cmd(&[args, owned(&["--quiet"])].concat());
    assert!(quiet.status.success());
    assert_eq!(stderr(&quiet), "");
    // … and errors still print.
    let out = measure_cmd(&[fixture_args("edge"), owned(&["--quiet"])].concat());
    let err = one_line_error(&out, 1);
    assert!(
        err.starts_with(&format!("utfall measure: {}:", fixture_args("edge")[1])),
        "{err}"
    );
}

#[test]
fn measure_series_to_standard_output_with_tables() {
    let out_dir = scratch_dir("series-dash");
    let outputs = ["--out", text(&out_dir), "--series", "-", "-q"];
    let out = measure_cmd(&[fixture_args("handmade/band_edges"), owned(&outputs)].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert!(stdout(&out).starts_with("month,net_days,headcount\n"));
    assert!(out_dir.join("net_days.csv").exists());
}

#[test]
fn measure_then_settle_end_to_end() {
    let series = scratch("monthly-from-measure.csv", "");
    let out = measure_cmd(&[fixture_args("generated"), owned(&["--series", &series])].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let out = settle(&[
        "--contract",
        &root("examples/payroll/contract.toml"),
        "--monthly",
        &series,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let value = text.lines().find(|l| l.contains("värdet av sparade dagar [")).unwrap();
    assert!(value.ends_with(" 198 616,40 kr"), "{value}");
}

#[test]
fn measure_ids_written_differently_are_one_employee_unless_as_written() {
    let absence = scratch(
        "ids-absence.csv",
        "employee_id,date,hours\n7,2020-01-02,8\n8,2020-01-02,8\n007,2020-01-03,8\n",
    );
    let headcount = scratch("ids-headcount.csv", "month,employees\n2020-01,10\n");
    let err = one_line_error(&measure_cmd(&["--absence", &absence, "--headcount", &headcount]), 1);
    assert!(err.starts_with(&format!("utfall measure: {absence}:")), "{err}");
    assert!(err.contains("\"007\" on line 4 and \"7\" on line 2"), "{err}");
    assert!(err.contains("--ids as-written"), "{err}");

    // As written, 7 and 007 are two employees: two spells of one day each.
    let out = measure_cmd(&["--absence", &absence, "--headcount", &headcount, "--ids", "as-written"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        summary_line(&out).contains(" 3 employees, 3 spells"),
        "{}",
        stderr(&out)
    );
    command_line_mistake(
        &measure_cmd(&["--absence", &absence, "--headcount", &headcount, "--ids", "trimmed"]),
        "error: invalid value 'trimmed' for '--ids <RULE>'",
    );
}

#[test]
fn measure_duplicate_rows_are_one_line_naming_file_and_lines() {
    let args = fixture_args("duplicate");
    let absence = &args[1];
    let err = one_line_error(&measure_cmd(&args), 1);
    assert!(err.starts_with(&format!("utfall measure: {absence}:")), "{err}");
    assert!(
        err.contains("employee 7 has two rows for 2020-03-10 (the first on line "),
        "{err}"
    );
}

#[test]
fn measure_a_missing_file_is_one_line() {
    let args = with_arg(&fixture_args("duplicate"), "--absence", Some("/nonexistent/a.csv"));
    let err = one_line_error(&measure_cmd(&args), 1);
    assert!(
        err.starts_with("utfall measure: cannot read the absence file \"/nonexistent/a.csv\": "),
        "{err}"
    );
}

#[test]
fn measure_command_line_mistakes_exit_2() {
    for (args, message, names) in [
        (
            vec![],
            "error: the following required arguments were not provided:",
            "  --absence <FILE>",
        ),
        (
            vec!["--absence", "a.csv"],
            "error: the following required arguments were not provided:",
            "  --headcount <FILE>",
        ),
        (
            vec!["--absence", "a", "--headcount", "h", "--detail"],
            "error: the following required arguments were not provided:",
            "  --out <DIR>",
        ),
        (vec!["--bogus"], "error: unexpected argument '--bogus' found", ""),
    ] {
        let out = measure_cmd(&args);
        command_line_mistake(&out, message);
        assert_eq!(stderr(&out).lines().nth(1), Some(names), "{args:?}");
    }
}
