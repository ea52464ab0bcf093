//! Hand-made cases: inputs and the expected figures, worked out by hand.
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::*;
use crate::Ids;
use crate::fields::format_day;
use crate::measurement::{Band, Group};
use crate::test_dir::TestDir;

const HEADCOUNT: &str = "month,department,sex,employees\n\
    2019-12,A,F,10\n2019-12,B,M,10\n2020-01,A,F,10\n2020-01,B,M,10\n2020-02,A,F,10\n2020-02,B,M,10\n\
    2020-03,A,F,10\n2020-03,B,M,10\n2020-04,A,F,10\n2020-04,B,M,10\n2020-05,A,F,10\n2020-05,B,M,10\n";

/// [`measure()`] of records in memory.
fn measure_with(records: &str, headcount: &Headcount, options: &Options) -> Result<Measurement, Error> {
    measure(|| Ok(records.as_bytes()), headcount, options, &mut |_| {})
}

/// Records measured against [`HEADCOUNT`] with detail.
fn run(records: &str) -> Result<Measurement, Error> {
    run_ids(records, Ids::default())
}

/// Records measured against [`HEADCOUNT`] with detail and the ids compared so.
fn run_ids(records: &str, ids: Ids) -> Result<Measurement, Error> {
    let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
    let options = Options {
        ids,
        detail: true,
        ..Options::default()
    };
    measure_with(records, &headcount, &options)
}

/// Days of one employee: `(first date, count, hours)` runs.
fn rows(employee: &str, department: &str, sex: &str, start: &str, days: i32, hours: &str) -> String {
    let (first, _) = crate::fields::parse_date(start.as_bytes()).unwrap();
    (0..days)
        .map(|i| format!("{employee},{department},{sex},{},{hours}\n", format_day(first + i)))
        .collect()
}

/// The rows of each employee's days under [`HEADER`], measured as [`run`] does.
fn measured(employees: &[String]) -> Measurement {
    run(&format!("{HEADER}{}", employees.concat())).unwrap()
}

fn hours(m: &Measurement, month: &str, group: &Group, band: Band) -> String {
    m.net_days()
        .iter()
        .find(|r| r.month.to_string() == month && &r.group == group && r.band == band)
        .map(|r| r.sick_hours().to_string())
        .unwrap_or_else(|| panic!("no row {month} {group:?} {band:?}"))
}

const HEADER: &str = "employee_id,department,sex,date,hours\n";

#[test]
fn a_spell_across_a_month_and_a_year_is_split_by_date() {
    // 2019-12-20 … 2020-01-10: 12 days in December, 10 in January; days 15–22 fall in 15–90.
    let m = measured(&[rows("1", "A", "F", "2019-12-20", 22, "8")]);
    assert_eq!(m.summary().spells, 1);
    assert_eq!(hours(&m, "2019-12", &Group::Total, Band::Short), "96"); // 12 days × 8
    assert_eq!(hours(&m, "2020-01", &Group::Total, Band::Short), "16"); // days 13–14
    assert_eq!(hours(&m, "2020-01", &Group::Total, Band::Middle), "64"); // days 15–22
    assert_eq!(hours(&m, "2020-01", &Group::Department("B".into()), Band::Short), "0");
}

#[test]
fn fourteen_days_are_short_and_day_fifteen_is_not() {
    let m = measured(&[
        rows("1", "A", "F", "2020-02-01", 14, "8"),
        rows("2", "B", "M", "2020-02-01", 15, "8"),
    ]);
    assert_eq!(hours(&m, "2020-02", &Group::Sex("F".into()), Band::Short), "112");
    assert_eq!(hours(&m, "2020-02", &Group::Sex("F".into()), Band::Middle), "0");
    assert_eq!(hours(&m, "2020-02", &Group::Sex("M".into()), Band::Short), "112");
    assert_eq!(hours(&m, "2020-02", &Group::Sex("M".into()), Band::Middle), "8");
}

#[test]
fn zero_hour_days_keep_a_spell_going_and_a_gap_ends_it() {
    // Fri 8 h, Sat 0, Sun 0, Mon 8 h: one spell of 4 days. Then a gap, then one day.
    let records = format!(
        "{HEADER}1,A,F,2020-01-03,8\n1,A,F,2020-01-04,0\n1,A,F,2020-01-05,0\n1,A,F,2020-01-06,8\n1,A,F,2020-01-08,4\n"
    );
    let m = run(&records).unwrap();
    let spells = m.spells().unwrap();
    assert_eq!(spells.len(), 2);
    assert_eq!((spells[0].days, spells[0].centi_hours), (4, 1600));
    assert_eq!((spells[1].start.as_str(), spells[1].days), ("2020-01-08", 1));
    assert_eq!(hours(&m, "2020-01", &Group::Total, Band::Short), "20");
}

#[test]
fn four_spells_in_twelve_months_flag_an_employee_three_do_not() {
    // Employee 1: spells starting in Dec, Jan, Feb, Mar → flagged from March.
    // Employee 2: three spells → never flagged.
    let mut records = String::from(HEADER);
    for date in ["2019-12-02", "2020-01-06", "2020-02-03", "2020-03-02"] {
        records += &rows("1", "A", "F", date, 2, "8");
    }
    for date in ["2020-01-06", "2020-02-03", "2020-03-02"] {
        records += &rows("2", "B", "M", date, 1, "8");
    }
    let m = run(&records).unwrap();
    let flagged = |month: &str| {
        m.repeated()
            .iter()
            .find(|r| r.month.to_string() == month && r.group == Group::Total)
            .map(|r| (r.flagged, r.inflow))
    };
    assert_eq!(flagged("2020-02"), Some((0, 0)));
    assert_eq!(flagged("2020-03"), Some((1, 1)));
    assert_eq!(flagged("2020-04"), Some((1, 0)));
    let detail = m.flagged().unwrap();
    assert_eq!(detail.len(), 3); // March, April, May
    assert!(
        detail
            .iter()
            .all(|f| f.employee == "1" && f.spells == 4 && f.department == "A")
    );
}

#[test]
fn row_order_does_not_matter() {
    let mut records: Vec<String> = rows("1", "A", "F", "2019-12-20", 22, "7.5")
        .lines()
        .map(String::from)
        .collect();
    records.extend(rows("2", "B", "M", "2020-02-01", 15, "8").lines().map(String::from));
    let sorted = run(&format!("{HEADER}{}\n", records.join("\n"))).unwrap();
    records.reverse();
    records.swap(3, 17);
    let shuffled = run(&format!("{HEADER}{}\n", records.join("\n"))).unwrap();
    assert_eq!(sorted.net_days(), shuffled.net_days());
    assert_eq!(sorted.repeated(), shuffled.repeated());
    assert_eq!(sorted.spells(), shuffled.spells());
}

#[test]
fn duplicates_are_errors_naming_both_lines_in_either_order() {
    let in_order = format!("{HEADER}1,A,F,2020-01-02,8\n1,A,F,2020-01-03,8\n1,A,F,2020-01-03,4\n");
    assert_eq!(
        run(&in_order).unwrap_err().to_string(),
        "line 4: employee 1 has two rows for 2020-01-03 (the first on line 3); aggregate them first"
    );
    let unsorted = format!("{HEADER}1,A,F,2020-01-05,8\n1,A,F,2020-01-03,8\n2,B,M,2020-01-03,8\n1,A,F,2020-01-03,4\n");
    assert_eq!(
        run(&unsorted).unwrap_err().to_string(),
        "line 5: employee 1 has two rows for 2020-01-03 (the first on line 3); aggregate them first"
    );
}

#[test]
fn bad_rows_name_their_line_and_field() {
    let cases = [
        (
            "1,A,F,2020-01-32,8",
            "line 2: field date: \"2020-01-32\" is not a date: there is no such day",
        ),
        ("1,A,F,2020-01-02,25", "line 2: field hours: \"25\" is above 24"),
        (
            "1,A,F,2020-01-02,-1",
            "line 2: field hours: \"-1\" is negative; hours are 0 to 24",
        ),
        (
            "1,C,F,2020-01-02,8",
            "line 2: field department: department \"C\" does not occur in the headcount file, so its hours would have no headcount",
        ),
        (
            ",A,F,2020-01-02,8",
            "line 2: field employee_id: the employee id is empty",
        ),
        ("1,A,F,2020-01-02", "line 2: the row has 4 fields, the header 5"),
        (
            "1,A,F,2020-07-02,8",
            "line 2: field date: 2020-07-02 is in 2020-07, which has no headcount rows",
        ),
        (
            "1,A,F,2019-11-29,8",
            "line 2: field date: 2019-11-29 is in 2019-11, which has no headcount rows; to use records before the first headcount month for spells and repeated absence only, measure with history (utfall measure --history, or Options::history)",
        ),
    ];
    for (row, message) in cases {
        assert_eq!(
            run(&format!("{HEADER}{row}\n")).unwrap_err().to_string(),
            message,
            "{row}"
        );
    }
    assert_eq!(run(HEADER).unwrap_err().to_string(), "the absence file has no records");
    assert_eq!(
        run("employee_id,date\n").unwrap_err().to_string(),
        "line 1: the header has no column \"hours\" (columns: employee_id,date,hours and optionally department,sex)"
    );
}

#[test]
fn history_shapes_spells_but_is_not_reported() {
    let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
    let records = format!("{HEADER}{}", rows("1", "A", "F", "2019-11-25", 20, "8"));
    let options = Options {
        history: true,
        ..Options::default()
    };
    let m = measure_with(&records, &headcount, &options).unwrap();
    // Nov 25–30 is history (48 h); Dec 1–14 are days 7–20: 8 short (days 7–14), 6 in 15–90.
    assert_eq!(m.summary().history_hours.to_string(), "48");
    assert_eq!(hours(&m, "2019-12", &Group::Total, Band::Short), "64");
    assert_eq!(hours(&m, "2019-12", &Group::Total, Band::Middle), "48");
}

#[test]
fn spells_under_way_on_the_first_date_are_flagged() {
    let m = measured(&[
        rows("1", "A", "F", "2019-12-01", 3, "8"),
        rows("2", "B", "M", "2019-12-02", 2, "8"),
    ]);
    assert_eq!(m.summary().censored_spells, 1);
    assert_eq!(m.summary().first_date, "2019-12-01");
    assert_eq!(m.censored().len(), 1);
    assert_eq!(m.censored()[0].centi_hours, 2400);
}

// --- line ends and sizes ------------------------------------------------

#[test]
fn lines_end_at_lf_crlf_and_a_lone_cr() {
    let rows = ["1,A,F,2020-01-02,8", "1,A,F,2020-01-03,8", "2,B,M,2020-01-03,4"];
    let header = HEADER.trim_end();
    let lf = run(&format!("{header}\n{}\n", rows.join("\n"))).unwrap();
    for end in ["\r\n", "\r"] {
        let m = run(&format!("{header}{end}{}{end}", rows.join(end))).unwrap();
        assert_eq!((m.net_days(), m.summary()), (lf.net_days(), lf.summary()), "{end:?}");
    }
    // \r\r is two line ends, \r\n one: the bad row is on line 5.
    let text = format!("{header}\r\r{}\n\n1,A,F,2020-01-32,8\r", rows[0]);
    assert_eq!(
        run(&text).unwrap_err().to_string(),
        "line 5: field date: \"2020-01-32\" is not a date: there is no such day"
    );
}

#[test]
fn lines_ids_and_names_have_maximums_and_errors_quote_little() {
    let longest_id = "A".repeat(crate::fields::MAX_ID);
    assert!(run(&format!("{HEADER}{longest_id},A,F,2020-01-02,8\n")).is_ok());
    assert_eq!(
        run(&format!("{HEADER}{longest_id}A,A,F,2020-01-02,8\n"))
            .unwrap_err()
            .to_string(),
        format!(
            "line 2: field employee_id: \"{}\"… is longer than 64 bytes",
            "A".repeat(40)
        )
    );
    let name = "D".repeat(crate::fields::MAX_FIELD + 1);
    assert_eq!(
        run(&format!("{HEADER}1,{name},F,2020-01-02,8\n"))
            .unwrap_err()
            .to_string(),
        format!(
            "line 2: field department: \"{}\"… is longer than 256 bytes",
            "D".repeat(40)
        )
    );
    let name = "D".repeat(crate::fields::MAX_FIELD);
    assert_eq!(
        run(&format!("{HEADER}1,{name},F,2020-01-02,8\n"))
            .unwrap_err()
            .to_string(),
        format!(
            "line 2: field department: department \"{}\"… does not occur in the headcount file, so its hours would have no headcount",
            "D".repeat(40)
        )
    );
    // A line of the maximum is read (and refused for its field); one byte more is not.
    let row = |length: usize| {
        let start = "1,A,F,2020-01-02,8,";
        format!("{start}{}", "x".repeat(length - start.len()))
    };
    let max = crate::lines::MAX_LINE;
    assert_eq!(
        run(&format!("{HEADER}{}\n", row(max))).unwrap_err().to_string(),
        "line 2: the row has 6 fields, the header 5"
    );
    assert_eq!(
        run(&format!("{HEADER}{}\n", row(max + 1))).unwrap_err().to_string(),
        "line 2: the line is longer than 65536 bytes; it starts \"1,A,F,2020-01-02,8,xxxxxxxxxxxxxxxxxxxxx\"…"
    );
    // A header of a megabyte gives a message of a line.
    let err = run(&format!("employee_id,{}\n", "y".repeat(1 << 20)))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("line 1: the line is longer than 65536 bytes"), "{err}");
    assert!(err.len() < 120, "{err}");
    let err = run(&format!("employee_id,{}\n", "y".repeat(1000)))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(&format!(
            "line 1: column \"{}\"… is none of employee_id,date,hours",
            "y".repeat(40)
        )),
        "{err}"
    );
}

// --- identity of employees ----------------------------------------------

#[test]
fn one_id_written_two_ways_is_an_error_naming_both_lines() {
    let same = |later: &str, line: u64, earlier: &str, earlier_line: u64| {
        format!(
            "line {line}: field employee_id: employee id \"{later}\" on line {line} and \"{earlier}\" on line \
             {earlier_line} are the same once spaces and leading zeros are set aside; write them alike, or \
             measure them as written with --ids as-written"
        )
    };
    let cases = [
        // The plain number first, then written otherwise, and the other way round.
        (vec!["7", " 7"], same(" 7", 3, "7", 2)),
        (vec!["007", "8", "7"], same("7", 4, "007", 2)),
        (vec!["0101", "101"], same("101", 3, "0101", 2)),
        (vec!["7 ", "9", "10", "7"], same("7", 5, "7 ", 2)),
        // Two ways, neither plain.
        (vec![" 7", "007"], same("007", 3, " 7", 2)),
        // Ids that are not numbers.
        (vec!["A1", " A1"], same(" A1", 3, "A1", 2)),
        (vec!["0A1", "A1"], same("A1", 3, "0A1", 2)),
        // Too long for a numeric key.
        (
            vec!["1234567890123456789", "01234567890123456789"],
            same("01234567890123456789", 3, "1234567890123456789", 2),
        ),
        // Zeros: "0" and " 0" are one, "00" is its own.
        (vec!["0", "00", " 0"], same(" 0", 4, "0", 2)),
        (vec!["00", "0", "00 "], same("00 ", 4, "00", 2)),
    ];
    for (ids, message) in cases {
        let rows: String = ids
            .iter()
            .enumerate()
            .map(|(i, id)| format!("\"{id}\",A,F,2020-01-{:02},8\n", 2 + 2 * i))
            .collect();
        let records = format!("{HEADER}{rows}");
        assert_eq!(
            run_ids(&records, Ids::Normalised).unwrap_err().to_string(),
            message,
            "{ids:?}"
        );
        // The same in the sorted path: the rows backwards.
        let mut backwards: Vec<&str> = rows.lines().collect();
        backwards.reverse();
        let records = format!("{HEADER}{}\n", backwards.join("\n"));
        let err = run_ids(&records, Ids::Normalised).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::SameEmployee { .. }),
            "{ids:?} backwards: {err}"
        );
        // As written: each its own employee.
        let m = run_ids(&format!("{HEADER}{rows}"), Ids::AsWritten).unwrap();
        assert_eq!(m.summary().employees, ids.len() as u64, "{ids:?}");
    }
    // Alike once normalised but never written two ways: fine, and kept as written.
    let records =
        format!("{HEADER}007,A,F,2020-01-02,8\n007,A,F,2020-01-03,8\n0,A,F,2020-01-02,8\n00,A,F,2020-01-02,8\n");
    let m = run_ids(&records, Ids::Normalised).unwrap();
    assert_eq!(m.summary().employees, 3);
    assert_eq!(m.spells().unwrap()[0].employee, "0");
    let ids: Vec<&str> = m.spells().unwrap().iter().map(|s| s.employee.as_str()).collect();
    assert_eq!(ids, ["0", "00", "007"]);
}

#[test]
fn an_id_of_only_spaces_is_an_error_unless_ids_are_as_written() {
    let records = format!("{HEADER}\"  \",A,F,2020-01-02,8\n");
    assert_eq!(
        run_ids(&records, Ids::Normalised).unwrap_err().to_string(),
        "line 2: field employee_id: the employee id \"  \" is only spaces"
    );
    assert!(run_ids(&records, Ids::AsWritten).is_ok());
}

// --- hours need a headcount of their group --------------------------------

#[test]
fn a_group_without_headcount_in_the_month_is_an_error() {
    let headcount = Headcount::from_csv_str(
        "month,department,sex,employees\n2020-01,A,F,5\n2020-01,B,M,5\n2020-02,A,F,5\n2020-02,A,M,5\n",
    )
    .unwrap();
    let run = |records: &str| measure_reader(records.as_bytes(), &headcount);
    for (row, message) in [
        (
            "1,B,M,2020-02-03,8",
            "line 2: field department: department \"B\" has no headcount row for 2020-02 in the headcount file",
        ),
        (
            "1,A,M,2020-01-03,8",
            "line 2: field sex: department \"A\", sex \"M\" has no headcount row for 2020-01 in the headcount file",
        ),
    ] {
        assert_eq!(run(&format!("{HEADER}{row}\n")).unwrap_err().to_string(), message);
    }
    // By sex only: the sex must have a row that month.
    let records = "employee_id,sex,date,hours\n1,M,2020-01-03,8\n1,M,2020-01-04,8\n";
    assert!(run(records).is_ok());
    let by_department = "employee_id,department,date,hours\n1,B,2020-01-03,8\n2,B,2020-02-03,8\n";
    assert_eq!(
        run(by_department).unwrap_err().to_string(),
        "line 3: field department: department \"B\" has no headcount row for 2020-02 in the headcount file"
    );
    let headcount = Headcount::from_csv_str("month,sex,employees\n2020-01,F,5\n2020-02,F,5\n2020-02,M,5\n").unwrap();
    let records = "employee_id,sex,date,hours\n1,M,2020-01-31,8\n";
    assert_eq!(
        measure_reader(records.as_bytes(), &headcount).unwrap_err().to_string(),
        "line 2: field sex: sex \"M\" has no headcount row for 2020-01 in the headcount file"
    );
    // History months have no headcount at all, and need none.
    let headcount = Headcount::from_csv_str("month,department,employees\n2020-01,A,5\n2020-02,B,5\n").unwrap();
    let records = "employee_id,department,date,hours\n1,B,2019-12-31,8\n1,B,2020-02-01,8\n";
    let options = Options {
        history: true,
        ..Options::default()
    };
    let m = measure_with(records, &headcount, &options).unwrap();
    assert_eq!(m.summary().history_hours.to_string(), "8");
}

mod reillness;
mod spill;

mod periods;
