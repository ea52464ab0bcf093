//! A second, plain implementation of the follow-up tables (`docs/method.md`
//! §6.11–6.12, `docs/formats.md`, *Follow-up tables*), written from the
//! documents alone: the standard library, loops over parsed rows, integers and
//! exact fractions, no floats. Its tables are compared with the library's byte
//! for byte on the generated sample; the hand-made cases' README figures are
//! checked against the library's tables.

mod cases;
mod model;
mod tables;

use std::fs::File;
use std::path::PathBuf;
use std::sync::Arc;

use utfall::absence::{CsvForm, FollowUpOptions, Headcount, Ids, Options, Register, measure, read_treated};

use crate::common::path;
use model::Data;

fn case(name: &str) -> PathBuf {
    path("tests/fixtures/absence").join(name)
}

/// The library's follow-up tables of a measurement, by file name.
fn library(dir: &str, months: Option<(&str, &str)>, min_group: u32, cohort: Option<&str>) -> Vec<(String, String)> {
    let register = std::fs::read_to_string(case(dir).join("register.csv")).unwrap();
    library_with(dir, &register, months, min_group, cohort)
}

/// [`library`] with a register given as text.
fn library_with(
    dir: &str,
    register: &str,
    months: Option<(&str, &str)>,
    min_group: u32,
    cohort: Option<&str>,
) -> Vec<(String, String)> {
    let dir = case(dir);
    let register = Register::from_csv_str(register, Ids::default()).unwrap();
    let headcount = match months {
        Some((first, last)) => register
            .headcounts(first.parse().unwrap(), last.parse().unwrap())
            .unwrap(),
        None => Headcount::from_csv_str(&std::fs::read_to_string(dir.join("headcount.csv")).unwrap()).unwrap(),
    };
    let treated = match File::open(dir.join("treated.csv")) {
        Ok(file) => read_treated(file, &CsvForm::default()).unwrap(),
        Err(_) => Vec::new(),
    };
    let absence = dir.join("absence.csv");
    let m = measure(
        || File::open(&absence),
        &headcount,
        &Options {
            history: true,
            register: Some(Arc::new(register)),
            min_group,
            follow_up: FollowUpOptions {
                treated,
                cohort: cohort.map(|c| c.parse().unwrap()),
                permutations: 9,
                ..FollowUpOptions::default()
            },
            ..Options::default()
        },
        &mut |_| {},
    )
    .unwrap();
    let f = m.follow_up().unwrap();
    f.tables()
        .into_iter()
        .map(|t| {
            let mut bytes = Vec::new();
            f.write_table(t, &mut bytes).unwrap();
            (t.file_name().to_string(), String::from_utf8(bytes).unwrap())
        })
        .collect()
}

/// The first lines where two tables differ, for a failure's message.
fn differences(ours: &str, theirs: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (ours.lines().collect(), theirs.lines().collect());
    let mut out = format!("{} lines here, {} in the library\n", a.len(), b.len());
    for (i, (x, y)) in a.iter().zip(&b).enumerate().filter(|(_, (x, y))| x != y).take(8) {
        out += &format!("line {}:\n  reference {x}\n  library   {y}\n", i + 1);
    }
    out
}

/// Compares a table of ours with the library's of the same name, byte for
/// byte; returns the rows compared.
fn compare(library: &[(String, String)], name: &str, ours: &str) -> usize {
    let theirs = &library
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .1;
    assert!(ours == theirs, "{name} differs: {}", differences(ours, theirs));
    ours.lines().count() - 1
}

const COHORT: ((&str, &str), (&str, &str)) = (("2018-08", "2019-02"), ("2019-03", "2020-02"));

/// The generated sample with its register, the months of its headcount file.
fn generated() -> (Data, Vec<(String, String)>) {
    let text = |file: &str| std::fs::read_to_string(case("generated").join(file)).unwrap();
    let months = model::rows(&text("headcount.csv"))
        .iter()
        .map(|r| model::month(&r["month"]))
        .collect();
    let data = Data::read(&text("absence.csv"), &text("register.csv"), months);
    let (s, f) = COHORT;
    let cohort = format!("{}..{},{}..{}", s.0, s.1, f.0, f.1);
    (data, library("generated", None, 0, Some(&cohort)))
}

#[test]
fn net_days_by_group_agree_on_the_generated_sample() {
    let (data, lib) = generated();
    let rows = compare(&lib, "followup_net_days.csv", &tables::net_days(&data, false));
    assert!(rows > 1000, "{rows}");
}

#[test]
fn workplace_net_days_agree_on_the_generated_sample() {
    let (data, lib) = generated();
    let rows = compare(&lib, "workplace_net_days.csv", &tables::net_days(&data, true));
    assert!(rows > 1000, "{rows}");
}

#[test]
fn repeated_group_agrees_on_the_generated_sample() {
    let (data, lib) = generated();
    let rows = compare(&lib, "followup_repeated.csv", &tables::repeated(&data));
    assert!(rows > 100, "{rows}");
}

/// The cohort of the report's periods, and one of whole years.
#[test]
fn cohort_agrees_on_the_generated_sample() {
    let (data, lib) = generated();
    let ((s0, s1), (f0, f1)) = COHORT;
    let m = model::month;
    let ours = tables::cohort(&data, (m(s0), m(s1)), (m(f0), m(f1)));
    assert_eq!(compare(&lib, "cohort.csv", &ours), 2);
    let lib = library("generated", None, 0, Some("2019-01..2019-12,2020-01..2020-12"));
    let ours = tables::cohort(&data, (m("2019-01"), m("2019-12")), (m("2020-01"), m("2020-12")));
    assert_eq!(compare(&lib, "cohort.csv", &ours), 2);
}

#[test]
fn workplace_distribution_agrees_on_the_generated_sample() {
    let (data, lib) = generated();
    let treated = model::rows(&std::fs::read_to_string(case("generated").join("treated.csv")).unwrap())
        .into_iter()
        .map(|r| (r["department"].clone(), r["workplace"].clone()))
        .collect();
    let rows = compare(
        &lib,
        "workplace_distribution.csv",
        &tables::distribution(&data, &treated),
    );
    assert!(rows > 100, "{rows}");
}

/// The generated sample with its five movers (each changes workplace within
/// a department) moved to another department instead, to a workplace of the
/// same name as the one they leave: a mover then counts in two departments
/// in the month of the move, and two departments have a workplace of one
/// name, which are two workplaces (`docs/method.md` §6.12). The headcounts
/// are the register's.
#[test]
fn department_movers_and_a_shared_workplace_name_agree() {
    let text = |file: &str| std::fs::read_to_string(case("generated").join(file)).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut register = String::new();
    for (i, line) in text("register.csv").lines().enumerate() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        if i > 0 && !seen.insert(cells[0].clone()) {
            // The later employment of a mover: another department, the
            // workplace name of the earlier one.
            let earlier = text("register.csv")
                .lines()
                .find(|l| l.starts_with(&format!("{},", cells[0])))
                .unwrap()
                .to_string();
            let earlier: Vec<&str> = earlier.split(',').collect();
            cells[3] = if earlier[3] == "Vard och omsorg" {
                "Utbildning"
            } else {
                "Vard och omsorg"
            }
            .to_string();
            cells[4] = earlier[4].to_string();
        }
        register += &(cells.join(",") + "\n");
    }
    assert_eq!(seen.len(), 217);
    let months = (model::month("2017-08")..=model::month("2021-09")).collect();
    let data = Data::read(&text("absence.csv"), &register, months);
    let ((s0, s1), (f0, f1)) = COHORT;
    let cohort = format!("{s0}..{s1},{f0}..{f1}");
    let lib = library_with("generated", &register, Some(("2017-08", "2021-09")), 0, Some(&cohort));
    let mut rows = compare(&lib, "followup_net_days.csv", &tables::net_days(&data, false));
    rows += compare(&lib, "workplace_net_days.csv", &tables::net_days(&data, true));
    rows += compare(&lib, "followup_repeated.csv", &tables::repeated(&data));
    let m = model::month;
    rows += compare(
        &lib,
        "cohort.csv",
        &tables::cohort(&data, (m(s0), m(s1)), (m(f0), m(f1))),
    );
    let treated = model::rows(&text("treated.csv"))
        .into_iter()
        .map(|r| (r["department"].clone(), r["workplace"].clone()))
        .collect();
    rows += compare(
        &lib,
        "workplace_distribution.csv",
        &tables::distribution(&data, &treated),
    );
    assert!(rows > 5000, "{rows}");
}
