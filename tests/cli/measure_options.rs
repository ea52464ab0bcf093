//! `utfall measure --min-group` and `--reillness-days`: small groups hidden
//! in the tables written, and said so; the re-illness rule's day counts.

use super::files::{scratch_dir, text};
use super::run::*;

/// The group tables of `measure --out` on a fixture, with extra arguments,
/// and what it said.
fn tables(fixture: &str, name: &str, extra: &[&str]) -> (Vec<String>, String) {
    let dir = scratch_dir(name);
    let out = measure_cmd(&[fixture_args(fixture), owned(&["--out", text(&dir)]), owned(extra)].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let read = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap();
    let files = ["net_days.csv", "repeated_flags.csv", "repeated_inflow.csv"];
    (files.map(read).to_vec(), summary_line(&out))
}

#[test]
fn measure_hides_small_groups_by_default_as_worked_out_by_hand() {
    // tests/fixtures/absence/small_groups/README.md works the figures out.
    let (ours, summary) = tables("small_groups", "small-groups", &[]);
    let expected = root("tests/fixtures/absence/small_groups/expected");
    for (table, file) in ours
        .iter()
        .zip(["net_days.csv", "repeated_flags.csv", "repeated_inflow.csv"])
    {
        let want = std::fs::read_to_string(format!("{expected}/{file}")).unwrap();
        assert_eq!(table, &want, "{file}");
    }
    assert!(
        summary.contains(
            "; suppressed the figures of 6 group-months in the group tables \
             (4 with fewer than 11 employees, 2 secondary; --min-group); wrote "
        ),
        "{summary}"
    );
}

#[test]
fn measure_min_group_zero_writes_every_figure_in_the_reference_columns() {
    let (ours, summary) = tables("small_groups", "small-groups-0", &["--min-group", "0"]);
    assert!(!summary.contains("suppressed"), "{summary}");
    assert!(
        ours[0].starts_with("month,group_type,group_value,band,sick_hours,net_days,headcount,net_days_per_employee\n")
    );
    assert!(
        ours[0].contains("\n2020-02,sex,M,d01_14,6.0,0.75,8,0.09375\n"),
        "{}",
        ours[0]
    );
    assert!(ours[2].contains("\n2020-01,department,B,0\n"), "{}", ours[2]);
    // A higher bar hides more: the 20 men of January too, then the women.
    let (ours, _) = tables("small_groups", "small-groups-21", &["--min-group", "21"]);
    assert!(ours[0].contains("\n2020-01,sex,M,d01_14,,,20,,small\n"), "{}", ours[0]);
    assert!(
        ours[0].contains("\n2020-01,sex,F,d01_14,,,36,,secondary\n"),
        "{}",
        ours[0]
    );
}

#[test]
fn measure_says_nothing_of_suppression_when_no_group_table_is_written() {
    let out = measure_cmd(&fixture_args("small_groups"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!summary_line(&out).contains("suppressed"), "{}", stderr(&out));
    // The series is the whole organisation's, never suppressed.
    assert_eq!(stdout(&out), "month,net_days,headcount\n2020-01,3.5,56\n2020-02,2,34\n");
}

#[test]
fn measure_reillness_days_moves_days_into_later_bands_and_keeps_spells() {
    let args = |extra: &[&str]| [fixture_args("generated"), owned(&["--series", "-"]), owned(extra)].concat();
    let off = measure_cmd(&args(&[]));
    let on = measure_cmd(&args(&["--reillness-days", "5"]));
    assert!(off.status.success() && on.status.success(), "{}", stderr(&on));
    // The same spells, read and counted alike ...
    let counts = |out: &std::process::Output| summary_line(out).split(", in ").next().unwrap().to_owned();
    assert_eq!(counts(&on), counts(&off));
    // The summary says the rule is on, and only then.
    let rule = "a spell starting within 5 days of the last one's end continues its day count (--reillness-days)";
    assert!(summary_line(&on).contains(rule), "{}", stderr(&on));
    assert!(!summary_line(&off).contains("--reillness-days"), "{}", stderr(&off));
    // ... but some days of spells soon after another leave days 1–14.
    let total = |out: &std::process::Output| -> rust_decimal::Decimal {
        stdout(out)
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(1).unwrap().parse::<rust_decimal::Decimal>().unwrap())
            .sum()
    };
    assert!(total(&on) < total(&off), "{} vs {}", total(&on), total(&off));
}

#[test]
fn measure_bad_values_of_the_new_options_exit_2() {
    for (flag, value) in [
        ("--reillness-days", "-1"),
        ("--reillness-days", "five"),
        ("--min-group", "x"),
    ] {
        let out = measure_cmd(&[fixture_args("small_groups"), owned(&[flag, value])].concat());
        let first = format!("error: invalid value '{value}' for '{flag} <N>': invalid digit found in string");
        if value == "-1" {
            command_line_mistake(&out, &format!("error: unexpected argument '{value}' found"));
        } else {
            command_line_mistake(&out, &first);
        }
    }
}
