//! `utfall measure --register`: the headcounts of `--months` from an employee
//! register, the sick dates checked against its employments, and the
//! follow-up tables it gives, written into `--out` and removed again by a run
//! that no longer writes them.

use std::path::{Path, PathBuf};

use super::files::{fresh_dir, text};
use super::run::*;

/// Five employees in two departments and three workplaces. Employee 3
/// leaves on 2020-02-10, employee 5 starts on 2020-03-01: in every month
/// from 2020-01 to 2020-06 one woman and one man are employed in each
/// department.
const REGISTER: &str = "employee_id,start,end,department,workplace,sex,birth_year
1,2020-01-01,,A,a1,F,1990
2,2020-01-01,,A,a1,M,1970
3,2020-01-01,2020-02-10,B,b1,F,2000
4,2020-01-01,,B,b1,M,1985
5,2020-03-01,,B,b2,F,1960
";

/// The headcount file the register implies for 2020-01..2020-06.
fn headcount() -> String {
    let mut text = String::from("month,department,sex,employees\n");
    for month in 1..=6 {
        for (department, sex) in [("A", "F"), ("A", "M"), ("B", "F"), ("B", "M")] {
            text.push_str(&format!("2020-{month:02},{department},{sex},1\n"));
        }
    }
    text
}

/// Every sick date inside an employment of its employee.
const ABSENCE: &str = "employee_id,date,hours
1,2020-01-14,8
1,2020-01-15,8
2,2020-02-03,8
3,2020-02-04,8
4,2020-03-10,4
5,2020-04-01,8
5,2020-04-02,8
1,2020-05-20,8
";

/// The follow-up tables every run with a register of workplaces writes.
const ALWAYS: [&str; 5] = [
    "followup_net_days.csv",
    "workplace_net_days.csv",
    "followup_repeated.csv",
    "department_variation.csv",
    "watched_workplaces.csv",
];

/// Every follow-up table a run may write.
const FOLLOW_UP: [&str; 8] = [
    "followup_net_days.csv",
    "workplace_net_days.csv",
    "followup_repeated.csv",
    "workplace_distribution.csv",
    "workplace_comparison.csv",
    "department_variation.csv",
    "watched_workplaces.csv",
    "cohort.csv",
];

/// A fresh directory `name` with the inputs above in it: its path and the
/// register's, the headcount's and the absence file's paths.
fn inputs(name: &str) -> (PathBuf, String, String, String) {
    let dir = fresh_dir(name);
    let write = |file: &str, content: &str| {
        let path = dir.join(file);
        std::fs::write(&path, content).unwrap();
        path.display().to_string()
    };
    let register = write("register.csv", REGISTER);
    let headcount = write("headcount.csv", &headcount());
    let absence = write("absence.csv", ABSENCE);
    (dir, register, headcount, absence)
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn measure_register_with_months_gives_the_headcount_files_tables_and_the_follow_up() {
    let (dir, register, headcount, absence) = inputs("register-months");
    let (by_register, by_file) = (dir.join("by-register"), dir.join("by-file"));
    let out = measure_cmd(&[
        "--absence",
        &absence,
        "--register",
        &register,
        "--months",
        "2020-01..2020-06",
        "--out",
        text(&by_register),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = summary_line(&out);
    let file = measure_cmd(&[
        "--absence",
        &absence,
        "--headcount",
        &headcount,
        "--out",
        text(&by_file),
    ]);
    assert!(file.status.success(), "{}", stderr(&file));
    for table in ["net_days.csv", "repeated_flags.csv", "repeated_inflow.csv"] {
        assert_eq!(read(&by_register, table), read(&by_file, table), "{table}");
    }
    // 2020-05: employee 1's 8 hours, one net day in days 1–14.
    assert!(
        read(&by_register, "net_days.csv").contains("\n2020-05,total,all,d01_14,8.0,1.0,4,0.25,\n"),
        "{}",
        read(&by_register, "net_days.csv")
    );
    // The summary counts the follow-up's hidden month-group pairs: those the
    // tables mark (one row a band, three a pair).
    let marked: usize = ["followup_net_days.csv", "workplace_net_days.csv"]
        .iter()
        .map(|t| {
            read(&by_register, t)
                .lines()
                .filter(|l| l.ends_with(",small") || l.ends_with(",secondary"))
                .count()
        })
        .sum();
    assert!(marked > 0 && marked.is_multiple_of(3), "{marked}");
    assert!(
        summary.contains(&format!("; in the follow-up tables {} group-months (", marked / 3)),
        "{summary}"
    );
    // The follow-up tables are written and named, in the order written.
    for table in ALWAYS {
        assert!(by_register.join(table).exists(), "{table}");
        assert!(!by_file.join(table).exists(), "{table} without --register");
    }
    let written: Vec<&str> = FOLLOW_UP.into_iter().filter(|t| by_register.join(t).exists()).collect();
    assert!(
        summary.contains(&format!(
            "; wrote net_days.csv, repeated_flags.csv, repeated_inflow.csv, left_censored.csv, {} in {}",
            written.join(", "),
            by_register.display()
        )),
        "{summary}"
    );
    assert!(
        read(&by_register, "workplace_net_days.csv").contains(",workplace,"),
        "{}",
        read(&by_register, "workplace_net_days.csv")
    );
    assert!(!read(&by_register, "followup_net_days.csv").contains(",workplace,"));
}

#[test]
fn measure_register_with_treated_workplaces_and_a_cohort_writes_their_tables() {
    let (dir, register, _, absence) = inputs("register-treated");
    let treated = dir.join("treated.csv");
    std::fs::write(&treated, "department,workplace,from\nA,a1,2020-04\n").unwrap();
    let out_dir = dir.join("out");
    let json = dir.join("measurement.json");
    let out = measure_cmd(&[
        "--absence",
        &absence,
        "--register",
        &register,
        "--months",
        "2020-01..2020-06",
        "--treated",
        text(&treated),
        "--permutations",
        "99",
        "--seed",
        "7",
        "--cohort",
        "2020-01..2020-02,2020-03..2020-06",
        "--watch-window",
        "3",
        "--watch-min-employees",
        "1",
        "--out",
        text(&out_dir),
        "--json",
        text(&json),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    for table in ["workplace_distribution.csv", "cohort.csv"] {
        assert!(out_dir.join(table).exists(), "{table}");
        assert!(summary_line(&out).contains(table), "{}", summary_line(&out));
    }
    let parsed: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert!(parsed["follow_up"].is_object(), "{parsed}");
}

#[test]
fn measure_register_an_unknown_treated_workplace_names_the_treated_file_and_line() {
    let (dir, register, _, absence) = inputs("register-unknown-workplace");
    let treated = dir.join("treated.csv");
    std::fs::write(&treated, "department,workplace\nA,a1\nB,zz\n").unwrap();
    let out = measure_cmd(&[
        "--absence",
        &absence,
        "--register",
        &register,
        "--months",
        "2020-01..2020-06",
        "--treated",
        text(&treated),
    ]);
    let err = one_line_error(&out, 1);
    assert_eq!(
        err,
        format!(
            "utfall measure: {}:3: workplace \"zz\" of department \"B\" is not in the register",
            treated.display()
        )
    );
}

#[test]
fn measure_register_bad_cohort_and_months_are_command_line_mistakes() {
    let (_, register, headcount, absence) = inputs("register-mistakes");
    let out = measure_cmd(&[
        "--absence",
        &absence,
        "--register",
        &register,
        "--months",
        "2020-01..2020-06",
        "--cohort",
        "2020-03..2020-06,2020-01..2020-02",
    ]);
    command_line_mistake(
        &out,
        "error: invalid value '2020-03..2020-06,2020-01..2020-02' for '--cohort <PERIODS>': \
         \"2020-03..2020-06,2020-01..2020-02\": the follow-up period must begin after the selection period ends",
    );
    // Periods that are well formed but outside the months measured.
    let out = measure_cmd(&[
        "--absence",
        &absence,
        "--register",
        &register,
        "--months",
        "2020-01..2020-06",
        "--cohort",
        "2019-01..2020-02,2020-03..2020-06",
    ]);
    assert_eq!(
        one_line_error(&out, 1),
        "utfall measure: --cohort \"2019-01..2020-02,2020-03..2020-06\": the periods must lie within the months measured"
    );
    // --months and the follow-up flags only with a register.
    let out = measure_cmd(&["--absence", &absence, "--months", "2020-01..2020-06"]);
    command_line_mistake(&out, "error: the following required arguments were not provided:");
    assert_eq!(stderr(&out).lines().nth(1), Some("  --register <FILE>"));
    for flag in [
        &["--cohort", "2020-01..2020-02,2020-03..2020-06"][..],
        &["--treated", &headcount],
        &["--watch-window", "6"],
    ] {
        let out = measure_cmd(&[&["--absence", &absence, "--headcount", &headcount][..], flag].concat());
        command_line_mistake(&out, "error: the following required arguments were not provided:");
        assert_eq!(stderr(&out).lines().nth(1), Some("  --register <FILE>"), "{flag:?}");
    }
    // With a headcount file its months are reported: --months would be ignored.
    let out = measure_cmd(&[
        "--absence",
        &absence,
        "--headcount",
        &headcount,
        "--register",
        &register,
        "--months",
        "2020-01..2020-06",
    ]);
    command_line_mistake(
        &out,
        "error: the argument '--headcount <FILE>' cannot be used with '--months <FIRST..LAST>'",
    );
    // A register without a headcount file needs the months.
    let out = measure_cmd(&["--absence", &absence, "--register", &register]);
    command_line_mistake(
        &out,
        "error: --register without --headcount needs --months FIRST..LAST: the months whose headcounts the register gives",
    );
    let out = measure_cmd(&[
        "--absence",
        &absence,
        "--register",
        &register,
        "--months",
        "2020-06..2020-01",
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("error: invalid value '2020-06..2020-01' for '--months <FIRST..LAST>'"),
        "{err}"
    );
}

#[test]
fn measure_register_a_sick_date_outside_employment_names_the_absence_line() {
    let (dir, register, _, _) = inputs("register-outside");
    let absence = dir.join("late.csv");
    std::fs::write(&absence, format!("{ABSENCE}3,2020-03-02,8\n")).unwrap();
    let out = measure_cmd(&[
        "--absence",
        text(&absence),
        "--register",
        &register,
        "--months",
        "2020-01..2020-06",
    ]);
    let err = one_line_error(&out, 1);
    assert!(
        err.starts_with(&format!("utfall measure: {}:10: field ", absence.display()))
            && err.ends_with("2020-03-02 is outside employee 3's employments in the register"),
        "{err}"
    );
    // A bad register row names the register, its line and field.
    let bad = dir.join("bad-register.csv");
    std::fs::write(&bad, "employee_id,start,end\n1,2020-01-01,\n2,2020-13-01,\n").unwrap();
    let out = measure_cmd(&[
        "--absence",
        text(&absence),
        "--register",
        text(&bad),
        "--months",
        "2020-01..2020-06",
    ]);
    let err = one_line_error(&out, 1);
    assert!(
        err.starts_with(&format!("utfall measure: {}:3: field start: ", bad.display())),
        "{err}"
    );
}

#[test]
fn measure_register_rerun_without_cohort_or_register_removes_their_tables_only() {
    let (dir, register, headcount, absence) = inputs("register-rerun");
    let out_dir = dir.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("notes.txt"), "mine").unwrap();
    let with_register = |extra: &[&str]| {
        let args = [
            &[
                "--absence",
                &absence,
                "--register",
                &register,
                "--months",
                "2020-01..2020-06",
                "--out",
                text(&out_dir),
            ][..],
            extra,
        ]
        .concat();
        let out = measure_cmd(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        summary_line(&out)
    };
    with_register(&["--cohort", "2020-01..2020-02,2020-03..2020-06"]);
    assert!(out_dir.join("cohort.csv").exists());
    let summary = with_register(&[]);
    assert!(!out_dir.join("cohort.csv").exists());
    assert!(
        summary.ends_with(&format!(
            "; removed cohort.csv of an earlier run with --register from {}",
            out_dir.display()
        )),
        "{summary}"
    );
    let before: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let left: Vec<&str> = FOLLOW_UP.into_iter().filter(|t| out_dir.join(t).exists()).collect();
    assert!(left.len() >= ALWAYS.len(), "{before:?}");

    let out = measure_cmd(&[
        "--absence",
        &absence,
        "--headcount",
        &headcount,
        "--out",
        text(&out_dir),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = summary_line(&out);
    assert!(
        summary.ends_with(&format!(
            "; removed {} of an earlier run with --register from {}",
            left.join(", "),
            out_dir.display()
        )),
        "{summary}"
    );
    let mut after: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    after.sort();
    let mut expected: Vec<String> = before.into_iter().filter(|f| !left.contains(&f.as_str())).collect();
    expected.sort();
    assert_eq!(after, expected);
    assert_eq!(read(&out_dir, "notes.txt"), "mine");
}

#[test]
fn measure_register_charts_need_a_register_and_make_their_directory() {
    let (dir, register, headcount, absence) = inputs("register-charts");
    let charts = dir.join("charts");
    let out = measure_cmd(&[
        "--absence",
        &absence,
        "--register",
        &register,
        "--months",
        "2020-01..2020-06",
        "--charts",
        text(&charts),
        "--locale",
        "en",
        "--reference-period",
        "2020-01..2020-02",
        "--series",
        text(&dir.join("series.csv")),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(charts.is_dir());
    let out = measure_cmd(&[
        "--absence",
        &absence,
        "--headcount",
        &headcount,
        "--charts",
        text(&charts),
    ]);
    command_line_mistake(&out, "error: the following required arguments were not provided:");
    let out = measure_cmd(&[
        "--absence",
        &absence,
        "--register",
        &register,
        "--months",
        "2020-01..2020-06",
        "--locale",
        "en",
    ]);
    command_line_mistake(&out, "error: the following required arguments were not provided:");
}

#[test]
fn measure_register_help_names_the_flags_and_their_defaults() {
    let help = stdout(&utfall(&["measure", "--help"]));
    for text in [
        "--register <FILE>",
        "--months <FIRST..LAST>",
        "--register-columns <MAP>",
        "--treated <FILE>",
        "--compare-at <MONTH>",
        "--permutations <N>",
        "[default: 999]",
        "--seed <N>",
        "--cohort <PERIODS>",
        "--watch-window <N>",
        "--watch-top-percent <N>",
        "--watch-recent <N>",
        "--watch-earlier <N>",
        "--watch-rise-percent <N>",
        "--watch-min-employees <N>",
        "--charts <DIR>",
        "--reference-period <FIRST..LAST>",
    ] {
        assert!(help.contains(text), "measure --help misses {text:?}");
    }
}

#[test]
fn measure_register_is_read_in_the_configs_register_form_and_said_so() {
    let (dir, _, headcount, absence) = inputs("register-config");
    let register = dir.join("anstallda.csv");
    let swedish = REGISTER
        .replacen("employee_id,start,end", "Anstnr,Från,Till", 1)
        .replace(',', ";");
    std::fs::write(&register, swedish).unwrap();
    let config = dir.join("kommun.toml");
    std::fs::write(
        &config,
        "[register]\ndelimiter = \";\"\n[register.columns]\nemployee_id = \"Anstnr\"\nstart = \"Från\"\nend = \"Till\"\n",
    )
    .unwrap();
    let series = dir.join("series.csv");
    let out = measure_cmd(&[
        "--absence",
        &absence,
        "--register",
        text(&register),
        "--months",
        "2020-01..2020-06",
        "--config",
        text(&config),
        "--series",
        text(&series),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = summary_line(&out);
    assert!(
        summary.contains("; anstallda.csv read as ';'-separated, decimal comma, UTF-8, columns employee_id=Anstnr,start=Från,end=Till; wrote "),
        "{summary}"
    );
    let by_file = measure_cmd(&["--absence", &absence, "--headcount", &headcount]);
    assert_eq!(std::fs::read_to_string(&series).unwrap(), stdout(&by_file));
    // A treated file that is an output of the run is refused before reading.
    let out_dir = dir.join("out");
    let out = measure_cmd(&[
        "--absence",
        &absence,
        "--register",
        text(&register),
        "--months",
        "2020-01..2020-06",
        "--config",
        text(&config),
        "--treated",
        text(&out_dir.join("cohort.csv")),
        "--out",
        text(&out_dir),
    ]);
    command_line_mistake(
        &out,
        &format!(
            "error: cohort.csv in --out {} is the same file as --treated {}: an output may not replace an input",
            out_dir.display(),
            out_dir.join("cohort.csv").display()
        ),
    );
}
