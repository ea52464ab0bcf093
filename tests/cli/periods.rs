//! `utfall measure` on a file of sick-leave periods, as a user runs it: found
//! from its columns, with a schedule file or default hours, in the form
//! Swedish payroll and Excel write it, and the mistakes a user makes.

use super::files::*;
use super::run::*;

const HEADCOUNT: &str =
    "month,department,sex,employees\n2020-01,A,F,12\n2020-01,B,M,12\n2020-02,A,F,12\n2020-02,B,M,12\n";
const PERIODS: &str =
    "employee_id,from,to,extent,department,sex\n7,2020-01-02,2020-01-10,0.5,A,F\n8,2020-01-06,,100 %,B,M\n";
const SCHEDULE: &str =
    "employee_id,valid_from,valid_to,mon,tue,wed,thu,fri,sat,sun\n7,,,7.5,7.5,7.5,7.5,7.5,0,0\n8,,,8,8,8,8,8,0,0\n";

/// `measure --series -` on `absence` with the test's headcount and `extra`.
fn series(dir: &std::path::Path, absence: &[u8], extra: &[&str]) -> std::process::Output {
    let (file, headcount) = (dir.join("absence.csv"), dir.join("headcount.csv"));
    std::fs::write(&file, absence).unwrap();
    std::fs::write(&headcount, HEADCOUNT).unwrap();
    let args = [
        owned(&[
            "--absence",
            text(&file),
            "--headcount",
            text(&headcount),
            "--series",
            "-",
        ]),
        owned(extra),
    ];
    measure_cmd(&args.concat())
}

#[test]
fn a_period_file_is_found_from_its_columns_and_measured_with_a_schedule() {
    let dir = fresh_dir("periods-plain");
    let schedule = dir.join("schedule.csv");
    std::fs::write(&schedule, SCHEDULE).unwrap();
    let out = series(&dir, PERIODS.as_bytes(), &["--schedule", text(&schedule)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        summary_line(&out).starts_with("utfall measure: sick-leave periods (detected from its columns), expanded to "),
        "{}",
        stderr(&out)
    );
    // Employee 7: 7 workdays of 2–10 January at half of 7.5 h; employee 8:
    // every workday from 6 January to the end of February (the last
    // headcount month) at 8 h, public holidays not applied to a file's hours.
    assert!(
        stdout(&out).starts_with("month,net_days,headcount\n2020-01,"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_period_file_in_swedish_excel_form_measures_as_the_plain_one() {
    let dir = fresh_dir("periods-excel");
    let (plain_schedule, excel_schedule) = (dir.join("plain.csv"), dir.join("excel.csv"));
    std::fs::write(&plain_schedule, SCHEDULE).unwrap();
    std::fs::write(&excel_schedule, SCHEDULE.replace(',', ";").replace("7.5", "7,5")).unwrap();
    let plain = series(&dir, PERIODS.as_bytes(), &["--schedule", text(&plain_schedule)]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    let excel: &[u8] = b"Anst\xe4llningsnr;Fr.o.m;T.o.m;Omfattning;department;sex\r\n\
        7;20200102;2020-01-10 00:00:00;0,5;A;F\r\n8;2020-01-06;;100 %;B;M\r\n";
    let mapped = "employee_id=Anställningsnr,from=Fr.o.m,to=T.o.m,extent=Omfattning";
    let out = series(
        &dir,
        excel,
        &[
            "--schedule",
            text(&excel_schedule),
            "--encoding",
            "windows-1252",
            "--columns",
            mapped,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), stdout(&plain));
    assert!(
        summary_line(&out).contains("read as ';'-separated, decimal comma, Windows-1252"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn period_mistakes_say_what_to_give() {
    let dir = fresh_dir("periods-mistakes");
    let err = one_line_error(&series(&dir, PERIODS.as_bytes(), &[]), 1);
    assert!(
        err.ends_with("a file of sick-leave periods needs the employees' working hours: give a schedule file (--schedule FILE) or default hours (--hours-per-day 8 --workdays mon-fri)"),
        "{err}"
    );
    // Swedish column names not mapped: the file is not taken for daily records.
    let excel: &[u8] = b"Anstnr;Fr.o.m;T.o.m;Omfattning\n7;2020-01-02;2020-01-10;0,5\n";
    let err = one_line_error(&series(&dir, excel, &["--hours-per-day", "8"]), 1);
    assert!(
        err.ends_with("has none of their columns from, to and extent (a file that names them otherwise maps them: --columns from=NAME,to=NAME,extent=NAME)"),
        "{err}"
    );
    let daily = b"employee_id,date,hours\n7,2020-01-02,8\n";
    let err = one_line_error(&series(&dir, daily, &["--hours-per-day", "8"]), 1);
    assert!(
        err.starts_with("utfall measure: --hours-per-day is for a file of sick-leave periods"),
        "{err}"
    );
}
