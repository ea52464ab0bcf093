//! The measurement against the reference implementations' answers (`tests/fixtures/absence/`,
//! made by `ref_naive.py` and cross-checked with DuckDB and Polars): every row
//! and cell of `net_days.csv`, `repeated_flags.csv`, `spells.csv` and
//! `flagged_employees.csv`. Per-employee figures may differ in the 17th digit
//! (the oracle divides in binary floats), so numbers are compared to a relative
//! 1e-12, like the bench's `compare.py --rel-tol 1e-12`; all else exactly.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use utfall::absence::{ErrorKind, Headcount, Measurement, Options, Threads, measure};

use crate::common::path;

fn case(name: &str) -> PathBuf {
    path("tests/fixtures/absence").join(name)
}

fn run(dir: &Path, history: bool) -> Result<Measurement, utfall::absence::Error> {
    let headcount = Headcount::from_csv_str(&std::fs::read_to_string(dir.join("headcount.csv")).unwrap())?;
    let absence = dir.join("absence.csv");
    measure(
        || File::open(&absence),
        &headcount,
        &Options {
            history,
            detail: true,
            // The reference implementations show every group.
            min_group: 0,
            ..Options::default()
        },
        &mut |_| {},
    )
}

/// Rows of a CSV keyed by the first `keys` columns.
fn table(text: &str, keys: usize) -> (Vec<String>, BTreeMap<Vec<String>, Vec<String>>) {
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    let mut rows = BTreeMap::new();
    for line in lines {
        let cells: Vec<String> = line.split(',').map(String::from).collect();
        assert_eq!(cells.len(), header.len(), "{line}");
        assert!(
            rows.insert(cells[..keys].to_vec(), cells).is_none(),
            "duplicate key in {line}"
        );
    }
    (header, rows)
}

fn number(text: &str) -> Option<Decimal> {
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        text.parse().ok()
    }
}

fn same(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (number(a), number(b)) {
        (Some(x), Some(y)) => {
            let tolerance = x.abs().max(y.abs()) * Decimal::new(1, 12);
            (x - y).abs() <= tolerance
        }
        _ => false,
    }
}

fn compare(name: &str, ours: &str, expected_file: &Path, keys: usize) {
    let expected = std::fs::read_to_string(expected_file).unwrap();
    let (header_a, rows_a) = table(ours, keys);
    let (header_b, rows_b) = table(&expected, keys);
    assert_eq!(header_a, header_b, "{name}: columns");
    let missing: Vec<_> = rows_b.keys().filter(|k| !rows_a.contains_key(*k)).take(5).collect();
    let extra: Vec<_> = rows_a.keys().filter(|k| !rows_b.contains_key(*k)).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{name}: missing {missing:?}, extra {extra:?}"
    );
    for (key, a) in &rows_a {
        let b = &rows_b[key];
        for ((column, x), y) in header_a.iter().zip(a).zip(b) {
            assert!(same(x, y), "{name} {key:?} {column}: ours {x}, oracle {y}");
        }
    }
}

fn check(dir: &Path, history: bool) {
    let m = run(dir, history).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let render = |write: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut out = Vec::new();
        write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let expected = dir.join("expected");
    compare(
        "net_days",
        &render(&|w| m.write_net_days(w)),
        &expected.join("net_days.csv"),
        4,
    );
    compare(
        "repeated_flags",
        &render(&|w| m.write_repeated_flags(w)),
        &expected.join("repeated_flags.csv"),
        3,
    );
    compare(
        "spells",
        &render(&|w| m.write_spells(w)),
        &expected.join("spells.csv"),
        2,
    );
    compare(
        "flagged_employees",
        &render(&|w| m.write_flagged(w)),
        &expected.join("flagged_employees.csv"),
        2,
    );
}

#[test]
fn generated_municipality_sample_agrees_with_the_oracle() {
    check(&case("generated"), false);
}

#[test]
fn shared_edge_case_agrees_with_the_oracle() {
    // It has records in 2019-12, which has no headcount rows: history.
    check(&case("edge"), true);
    let m = run(&case("edge"), true).unwrap();
    assert_eq!(m.summary().history_hours.to_string(), "96");
    // 0.125 and 2.675 hours, rounded to the hundredth as the oracle does.
    assert_eq!(m.summary().rounded_rows, 2);
}

#[test]
fn edge_case_without_history_names_the_month() {
    let err = run(&case("edge"), false).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NoHeadcount { .. }), "{err}");
    assert!(
        err.to_string().contains("2019-12, which has no headcount rows"),
        "{err}"
    );
}

#[test]
fn hand_made_cases_agree_with_the_oracle() {
    for name in [
        "month_year_boundary",
        "band_edges",
        "repeated_flags",
        "zero_hours_and_gap",
        "shuffled",
    ] {
        check(&case(&format!("handmade/{name}")), false);
    }
}

#[test]
fn shuffled_rows_give_the_same_measurement() {
    let sorted = run(&case("handmade/zero_hours_and_gap"), false).unwrap();
    let shuffled = run(&case("handmade/shuffled"), false).unwrap();
    assert_eq!(sorted.net_days(), shuffled.net_days());
    assert_eq!(sorted.repeated(), shuffled.repeated());
    assert_eq!(sorted.spells(), shuffled.spells());
    assert_eq!(sorted.flagged(), shuffled.flagged());
}

#[test]
fn duplicate_rows_are_an_error_with_both_lines() {
    let err = run(&case("duplicate"), false).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Duplicate { .. }), "{err}");
    let message = err.to_string();
    assert!(message.starts_with("line "), "{message}");
    assert!(
        message.contains("employee 7 has two rows for 2020-03-10 (the first on line "),
        "{message}"
    );
}

/// Regression: ids first seen out of order within one batch made the slot table
/// grow downwards after positions in it had been taken; the later rows of the
/// batch then landed in other employees' slots.
#[test]
fn ids_arriving_below_the_table_in_one_batch_keep_their_own_slots() {
    let headcount = Headcount::from_csv_str("month,employees\n2020-01,3\n").unwrap();
    let records = "employee_id,date,hours\n900,2020-01-01,8\n5,2020-01-01,4\n900,2020-01-02,8\n5,2020-01-02,4\n70000,2020-01-02,1\n";
    let m = measure(
        || Ok(records.as_bytes()),
        &headcount,
        &Options {
            history: false,
            detail: true,
            ..Options::default()
        },
        &mut |_| {},
    )
    .unwrap();
    let spells: Vec<(String, u64)> = m
        .spells()
        .unwrap()
        .iter()
        .map(|s| (s.employee.clone(), s.centi_hours))
        .collect();
    assert_eq!(
        spells,
        [
            ("5".to_string(), 800),
            ("900".to_string(), 1600),
            ("70000".to_string(), 100)
        ]
    );
}

/// Unsorted input past the memory budget spills to temporary files by
/// employee; the measurement is the same as from sorted input.
#[test]
fn unsorted_input_spilled_to_disk_gives_the_same_measurement() {
    let dir = case("generated");
    let headcount = Headcount::from_csv_str(&std::fs::read_to_string(dir.join("headcount.csv")).unwrap()).unwrap();
    let text = std::fs::read_to_string(dir.join("absence.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    // A fixed shuffle: every 7th row first, then the rest backwards.
    let mut shuffled: Vec<&str> = lines.iter().step_by(7).copied().collect();
    shuffled.extend(
        lines
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 7 != 0)
            .map(|(_, l)| *l)
            .rev(),
    );
    let unsorted = format!("{header}\n{}\n", shuffled.join("\n"));
    let options = |rows| Options {
        history: false,
        detail: true,
        sort_memory_rows: rows,
        temp_dir: None,
        ..Options::default()
    };
    let sorted = measure(
        || File::open(dir.join("absence.csv")),
        &headcount,
        &options(1 << 24),
        &mut |_| {},
    )
    .unwrap();
    for budget in [100, 1 << 24] {
        let m = measure(|| Ok(unsorted.as_bytes()), &headcount, &options(budget), &mut |_| {}).unwrap();
        assert_eq!(m.net_days(), sorted.net_days(), "budget {budget}");
        assert_eq!(m.repeated(), sorted.repeated(), "budget {budget}");
        assert_eq!(m.spells(), sorted.spells(), "budget {budget}");
        assert_eq!(m.flagged(), sorted.flagged(), "budget {budget}");
        assert_eq!(m.summary(), sorted.summary(), "budget {budget}");
    }
}

/// Every output of a measurement, as the program writes them: the tables,
/// the detail tables, the series and the JSON.
fn outputs(m: &Measurement) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let mut table = |name, write: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut bytes = Vec::new();
        write(&mut bytes).unwrap();
        out.push((name, bytes));
    };
    table("net_days.csv", &|w| m.write_net_days(w));
    table("repeated_flags.csv", &|w| m.write_repeated_flags(w));
    table("repeated_inflow.csv", &|w| m.write_repeated_inflow(w));
    table("left_censored.csv", &|w| m.write_censored(w));
    table("spells.csv", &|w| m.write_spells(w));
    table("flagged_employees.csv", &|w| m.write_flagged(w));
    table("series.csv", &|w| m.write_series(w));
    table("measurement.json", &|w| {
        serde_json::to_writer_pretty(w, &m.to_json()).map_err(std::io::Error::other)
    });
    out
}

/// The rows of `text` after its header, every 5th first, then the rest
/// backwards: out of date order.
fn shuffle(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    let mut shuffled: Vec<&str> = lines.iter().step_by(5).copied().collect();
    shuffled.extend(
        lines
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 5 != 0)
            .map(|(_, l)| *l)
            .rev(),
    );
    format!("{header}\n{}\n", shuffled.join("\n"))
}

/// On one thread and in memory (as in a browser's WebAssembly), every output
/// is byte for byte the one of the default two threads and temporary files,
/// for every fixture, in date order and shuffled.
#[test]
fn one_thread_in_memory_gives_the_same_bytes_as_two_threads_and_a_spill() {
    let cases = [
        ("generated", false),
        ("edge", true),
        ("small_groups", false),
        ("handmade/band_edges", false),
        ("handmade/month_year_boundary", false),
        ("handmade/repeated_flags", false),
        ("handmade/shuffled", false),
        ("handmade/zero_hours_and_gap", false),
    ];
    for (name, history) in cases {
        let dir = case(name);
        let headcount = Headcount::from_csv_str(&std::fs::read_to_string(dir.join("headcount.csv")).unwrap()).unwrap();
        let text = std::fs::read_to_string(dir.join("absence.csv")).unwrap();
        for (order, records) in [("as written", text.clone()), ("shuffled", shuffle(&text))] {
            let run = |threads, sort_memory_rows| {
                let options = Options {
                    history,
                    detail: true,
                    threads,
                    sort_memory_rows,
                    ..Options::default()
                };
                measure(|| Ok(records.as_bytes()), &headcount, &options, &mut |_| {})
                    .unwrap_or_else(|e| panic!("{name}, {order}: {e}"))
            };
            // The default, with a budget small enough that a shuffled file spills.
            let two = outputs(&run(Threads::Two, 64));
            let one = outputs(&run(Threads::One, usize::MAX));
            for ((table, a), (_, b)) in two.iter().zip(&one) {
                assert!(a == b, "{name}, {order}: {table} differs on one thread in memory");
            }
        }
    }
}

/// `generated/register.csv` (made from the generator's `employees.csv` by
/// `register/make_register.py`): every sick date of the generated sample is
/// inside an employment of its employee, so the measurement with the register
/// is the one without it; and the register's headcounts are the headcount
/// file's. The generator counts, as the register does, the employees employed
/// on at least one day of the month, per department and sex; it also writes
/// the groups with no one employed, as 0, which the register gives no row
/// (`README.md` there), so those rows are left out before comparing.
#[test]
fn generated_register_covers_every_sick_date_and_gives_the_headcounts() {
    use std::sync::Arc;
    use utfall::absence::{Ids, Register};

    let dir = case("generated");
    let register = Arc::new(
        Register::from_csv_str(
            &std::fs::read_to_string(dir.join("register.csv")).unwrap(),
            Ids::default(),
        )
        .unwrap(),
    );
    assert_eq!(register.columns(), ["department", "workplace", "sex", "birth_year"]);
    let text = std::fs::read_to_string(dir.join("headcount.csv")).unwrap();
    let headcount = Headcount::from_csv_str(&text).unwrap();
    let months = headcount.months();
    let (first, last) = (months[0], *months.last().unwrap());
    assert_eq!(
        (first.to_string(), last.to_string()),
        ("2017-08".to_string(), "2021-09".to_string())
    );

    let absence = dir.join("absence.csv");
    let options = |register| Options {
        register,
        ..Options::default()
    };
    let with = measure(
        || File::open(&absence),
        &headcount,
        &options(Some(Arc::clone(&register))),
        &mut |_| {},
    )
    .unwrap();
    let without = measure(|| File::open(&absence), &headcount, &options(None), &mut |_| {}).unwrap();
    assert_eq!(with.net_days(), without.net_days());
    assert_eq!(with.repeated(), without.repeated());

    let derived = register.headcounts(first, last).unwrap();
    assert_eq!(derived.months(), months);
    for &month in &months {
        assert_eq!(derived.total(month), headcount.total(month), "{month}");
    }
    let nonzero: String = text
        .lines()
        .filter(|line| !line.ends_with(",0"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(
        nonzero.lines().count() < text.lines().count(),
        "the file has groups with no one"
    );
    assert_eq!(derived, Headcount::from_csv_str(&nonzero).unwrap());

    // treated.csv lists 7 of the register's 8 workplaces of its two largest
    // departments, once each, from 2018-10.
    let workplaces = |file: &str, columns: [usize; 2]| -> Vec<(String, String)> {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let mut all: Vec<(String, String)> = text
            .lines()
            .skip(1)
            .map(|line| {
                let cells: Vec<&str> = line.split(',').collect();
                (cells[columns[0]].to_string(), cells[columns[1]].to_string())
            })
            .collect();
        all.sort();
        all.dedup();
        all
    };
    let treated = workplaces("treated.csv", [0, 1]);
    let all = workplaces("register.csv", [3, 4]);
    assert_eq!(treated.len(), 7);
    assert!(treated.iter().all(|w| all.contains(w)), "{treated:?}");
    let text = std::fs::read_to_string(dir.join("treated.csv")).unwrap();
    assert!(text.lines().skip(1).all(|line| line.ends_with(",2018-10")), "{text}");
}

/// The hand-made follow-up cases (`followup/*/`, figures in their
/// `README.md`): every sick date is inside an employment of the case's
/// register, and the organisation's headcount (from the register) and net
/// days per band and month are those the README gives. The tables by
/// workplace, age group and cohort are to come; the READMEs give their
/// figures too.
#[test]
fn followup_cases_agree_with_their_registers_and_readmes() {
    use std::sync::Arc;
    use utfall::absence::{Band, Group, Ids, Register};

    // (case, first month, last month, [(month, headcount, net days 1-14, 15-90, 91+)])
    type Expected = (&'static str, u32, &'static str, &'static str, &'static str);
    let cases: [(&str, &str, &str, &[Expected]); 4] = [
        (
            "one_employee_workplace",
            "2020-01",
            "2020-02",
            &[("2020-01", 24, "7", "0", "0"), ("2020-02", 24, "1.75", "0", "0")],
        ),
        (
            "workplace_change_mid_month",
            "2020-02",
            "2020-04",
            &[
                ("2020-02", 5, "0", "0", "0"),
                ("2020-03", 5, "8", "0", "0"),
                ("2020-04", 5, "1", "0", "0"),
            ],
        ),
        (
            "age_boundary",
            "2019-12",
            "2020-01",
            &[("2019-12", 4, "4", "0", "0"), ("2020-01", 4, "4.5", "0", "0")],
        ),
        (
            "cohort_leaver",
            "2020-01",
            "2020-08",
            &[
                ("2020-01", 5, "0", "0", "0"),
                ("2020-02", 5, "14", "15", "0"),
                ("2020-03", 5, "14", "37", "0"),
                ("2020-04", 5, "0", "30", "0"),
                ("2020-05", 5, "0", "0", "10"),
                ("2020-06", 5, "0", "0", "0"),
                ("2020-07", 4, "0", "0", "0"),
                ("2020-08", 4, "0", "0", "0"),
            ],
        ),
    ];
    for (name, first, last, expected) in cases {
        let dir = case("followup").join(name);
        let register = Arc::new(
            Register::from_csv_str(
                &std::fs::read_to_string(dir.join("register.csv")).unwrap(),
                Ids::default(),
            )
            .unwrap(),
        );
        let headcount = register
            .headcounts(first.parse().unwrap(), last.parse().unwrap())
            .unwrap();
        let absence = dir.join("absence.csv");
        let m = measure(
            || File::open(&absence),
            &headcount,
            &Options {
                // cohort_leaver's selection period (2019) comes before the months measured
                history: true,
                register: Some(register),
                min_group: 0,
                ..Options::default()
            },
            &mut |_| {},
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut got = BTreeMap::new();
        for row in m.net_days().iter().filter(|row| row.group == Group::Total) {
            let cell: &mut (u32, [Decimal; 3]) = got.entry(row.month.to_string()).or_default();
            cell.0 = row.headcount;
            let band = match row.band {
                Band::Short => 0,
                Band::Middle => 1,
                Band::Long => 2,
            };
            cell.1[band] = row.net_days();
        }
        let want: BTreeMap<String, (u32, [Decimal; 3])> = expected
            .iter()
            .map(|&(month, n, a, b, c)| (month.to_string(), (n, [a, b, c].map(|d| d.parse().unwrap()))))
            .collect();
        assert_eq!(got, want, "{name}");
    }
}
