//! The hand-made cases (`tests/fixtures/absence/followup/*/`): the figures
//! their READMEs work by hand, found in the library's tables; and the
//! reference tables of this module's parent against the library's on each.

use std::collections::BTreeMap;

use super::model::{self, Data, fraction};
use super::{case, compare, library, tables};

type Row = BTreeMap<String, String>;

/// The library's table `name` of a case, as rows.
fn table(tables: &[(String, String)], name: &str) -> Vec<Row> {
    model::rows(
        &tables
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .1,
    )
}

/// The one row whose cells are `keys` (`column=value`, comma-separated).
fn row<'a>(rows: &'a [Row], keys: &str) -> &'a Row {
    let keys: Vec<(&str, &str)> = keys.split(',').map(|k| k.split_once('=').unwrap()).collect();
    let found: Vec<&Row> = rows.iter().filter(|r| keys.iter().all(|(k, v)| r[*k] == *v)).collect();
    assert_eq!(found.len(), 1, "{keys:?}: {found:?}");
    found[0]
}

/// Checks a row's `headcount`, `net_days`, `net_days_per_employee` and
/// `suppressed`.
fn expect(rows: &[Row], keys: &str, headcount: u32, net_days: &str, per_employee: &str, suppressed: &str) {
    let r = row(rows, keys);
    let got = [
        &r["headcount"],
        &r["net_days"],
        &r["net_days_per_employee"],
        &r["suppressed"],
    ];
    assert_eq!(
        got,
        [&headcount.to_string(), net_days, per_employee, suppressed],
        "{keys}"
    );
}

/// `workplace_change_mid_month`: employee 1 moves from `A` to `B` on
/// 2020-03-16 in one spell; March counts them in both workplaces, once in
/// the organisation, and each day's hours where they were that day.
#[test]
fn a_mover_counts_in_both_workplaces_and_once_in_the_organisation() {
    let lib = library(
        "followup/workplace_change_mid_month",
        Some(("2020-02", "2020-04")),
        0,
        None,
    );
    let (w, g) = (
        table(&lib, "workplace_net_days.csv"),
        table(&lib, "followup_net_days.csv"),
    );
    let short = "band=d01_14,group_type=workplace";
    expect(&w, &format!("month=2020-02,{short},group_value=A"), 3, "0.0", "0.0", "");
    expect(&w, &format!("month=2020-02,{short},group_value=B"), 2, "0.0", "0.0", "");
    // The README writes 1.333333333333333; to 16 places it is 1.3333333333333333.
    expect(
        &w,
        &format!("month=2020-03,{short},group_value=A"),
        3,
        "4.0",
        &fraction(4, 3),
        "",
    );
    expect(
        &w,
        &format!("month=2020-03,{short},group_value=B"),
        3,
        "4.0",
        &fraction(4, 3),
        "",
    );
    expect(&w, &format!("month=2020-04,{short},group_value=A"), 2, "0.0", "0.0", "");
    expect(
        &w,
        &format!("month=2020-04,{short},group_value=B"),
        3,
        "1.0",
        &fraction(1, 3),
        "",
    );
    for (month, days, per) in [
        ("2020-02", "0.0", "0.0"),
        ("2020-03", "8.0", "1.6"),
        ("2020-04", "1.0", "0.2"),
    ] {
        for group in [
            "group_type=total,group_value=all",
            "group_type=age_group,group_value=30–49",
        ] {
            expect(&g, &format!("month={month},band=d01_14,{group}"), 5, days, per, "");
        }
    }
    // Both rows of employee 1 are `Vard`: the department counts them once.
    expect(
        &g,
        "month=2020-03,band=d01_14,group_type=department,group_value=Vard",
        5,
        "8.0",
        "1.6",
        "",
    );
    assert!(w.iter().all(|r| r["department"] == "Vard"));
}

/// `one_employee_workplace` at `--min-group 0`: every figure shown.
#[test]
fn one_employee_workplace_is_shown_at_min_group_0() {
    let lib = library("followup/one_employee_workplace", Some(("2020-01", "2020-02")), 0, None);
    let (w, g) = (
        table(&lib, "workplace_net_days.csv"),
        table(&lib, "followup_net_days.csv"),
    );
    let w1 = "band=d01_14,group_type=workplace,department=Skola";
    expect(
        &w,
        &format!("month=2020-01,{w1},group_value=Skola 1"),
        12,
        "2.0",
        &fraction(2, 12),
        "",
    );
    expect(
        &w,
        &format!("month=2020-01,{w1},group_value=Skola 2"),
        1,
        "5.0",
        "5.0",
        "",
    );
    expect(
        &w,
        &format!("month=2020-01,{w1},group_value=Skola 3"),
        11,
        "0.0",
        "0.0",
        "",
    );
    expect(
        &w,
        &format!("month=2020-02,{w1},group_value=Skola 1"),
        12,
        "1.0",
        "0.0833333333333333",
        "",
    );
    expect(
        &w,
        &format!("month=2020-02,{w1},group_value=Skola 2"),
        1,
        "0.0",
        "0.0",
        "",
    );
    expect(
        &w,
        &format!("month=2020-02,{w1},group_value=Skola 3"),
        11,
        "0.75",
        "0.0681818181818182",
        "",
    );
    for (month, days, per) in [
        ("2020-01", "7.0", "0.2916666666666667"),
        ("2020-02", "1.75", "0.0729166666666667"),
    ] {
        for group in [
            "group_type=total,group_value=all",
            "group_type=age_group,group_value=30–49",
        ] {
            expect(&g, &format!("month={month},band=d01_14,{group}"), 24, days, per, "");
        }
    }
}

/// `one_employee_workplace` at `--min-group 11`: `Skola 2` (1 employee) is
/// small and `Skola 3` (11), the smallest workplace shown of its
/// department, secondary; `Skola 1` and the organisation are shown.
#[test]
fn one_employee_workplace_is_hidden_with_its_secondary_at_min_group_11() {
    let lib = library(
        "followup/one_employee_workplace",
        Some(("2020-01", "2020-02")),
        11,
        None,
    );
    let (w, g) = (
        table(&lib, "workplace_net_days.csv"),
        table(&lib, "followup_net_days.csv"),
    );
    for band in model::BANDS {
        let w1 = format!("band={band},group_type=workplace,department=Skola");
        for (month, shown, per) in [("2020-01", "2.0", fraction(2, 12)), ("2020-02", "1.0", fraction(1, 12))] {
            let (shown, per) = if band == "d01_14" {
                (shown, per.as_str())
            } else {
                ("0.0", "0.0")
            };
            expect(
                &w,
                &format!("month={month},{w1},group_value=Skola 1"),
                12,
                shown,
                per,
                "",
            );
            expect(
                &w,
                &format!("month={month},{w1},group_value=Skola 2"),
                1,
                "",
                "",
                "small",
            );
            expect(
                &w,
                &format!("month={month},{w1},group_value=Skola 3"),
                11,
                "",
                "",
                "secondary",
            );
            let r = row(&w, &format!("month={month},{w1},group_value=Skola 2"));
            assert_eq!(r["sick_hours"], "", "{r:?}");
        }
    }
    expect(
        &g,
        "month=2020-01,band=d01_14,group_type=total,group_value=all",
        24,
        "7.0",
        "0.2916666666666667",
        "",
    );
    expect(
        &g,
        "month=2020-02,band=d01_14,group_type=total,group_value=all",
        24,
        "1.75",
        "0.0729166666666667",
        "",
    );
    expect(
        &g,
        "month=2020-01,band=d01_14,group_type=department,group_value=Skola",
        24,
        "7.0",
        "0.2916666666666667",
        "",
    );
}

/// `age_boundary`: the age is the month's year less the birth year, so
/// employees born 1990 and 1970 change group between 2019-12 and 2020-01,
/// and employee 1's one spell counts in two age groups.
#[test]
fn age_groups_change_at_the_new_year() {
    let lib = library("followup/age_boundary", Some(("2019-12", "2020-01")), 0, None);
    let g = table(&lib, "followup_net_days.csv");
    let expected = [
        ("2019-12", "29 and under", 2, "2.0", "1.0"),
        ("2019-12", "30–49", 1, "1.0", "1.0"),
        ("2019-12", "50 and over", 1, "1.0", "1.0"),
        ("2020-01", "29 and under", 1, "0.5", "0.5"),
        ("2020-01", "30–49", 1, "2.0", "2.0"),
        ("2020-01", "50 and over", 2, "2.0", "1.0"),
    ];
    for (month, age, n, days, per) in expected {
        expect(
            &g,
            &format!("month={month},band=d01_14,group_type=age_group,group_value={age}"),
            n,
            days,
            per,
            "",
        );
    }
    expect(
        &g,
        "month=2019-12,band=d01_14,group_type=total,group_value=all",
        4,
        "4.0",
        "1.0",
        "",
    );
    expect(
        &g,
        "month=2020-01,band=d01_14,group_type=total,group_value=all",
        4,
        "4.5",
        "1.125",
        "",
    );
}

/// `cohort_leaver`, measured from 2019-01 (the cohort's periods must lie
/// within the months measured): employee 1, a member who leaves on 2020-06-30, is
/// employed in the follow-up period and so in the group's denominator, not
/// among those who left before it.
#[test]
fn cohort_leaver_counts_in_the_group() {
    let lib = library(
        "followup/cohort_leaver",
        Some(("2019-01", "2020-12")),
        0,
        Some("2019-01..2019-12,2020-01..2020-12"),
    );
    let c = table(&lib, "cohort.csv");
    let cells = |side: &str| {
        let r = row(&c, &format!("side={side}"));
        [
            "employees",
            "with_d15_90",
            "share_d15_90",
            "with_d91_plus",
            "share_d91_plus",
            "left_before_follow_up",
        ]
        .map(|k| r[k].clone())
    };
    assert_eq!(cells("group"), ["2", "1", "0.5", "0", "0.0", "0"]);
    let third = fraction(1, 3);
    assert_eq!(cells("others"), ["3", "1", third.as_str(), "1", third.as_str(), ""]);
    let r = row(&c, "side=group");
    assert_eq!(
        (r["selection"].as_str(), r["follow_up"].as_str()),
        ("2019-01..2019-12", "2020-01..2020-12")
    );
    // The leaver leaves the organisation's headcount after June.
    let g = table(&lib, "followup_net_days.csv");
    let total = "band=d15_90,group_type=total,group_value=all";
    expect(&g, &format!("month=2020-03,{total}"), 5, "37.0", "7.4", "");
    expect(&g, &format!("month=2020-07,{total}"), 4, "0.0", "0.0", "");
}

/// The reference tables against the library's on each hand-made case, at
/// `--min-group 0`.
#[test]
fn reference_tables_agree_on_the_hand_made_cases() {
    let cases = [
        ("one_employee_workplace", "2020-01", "2020-02", None),
        ("workplace_change_mid_month", "2020-02", "2020-04", None),
        ("age_boundary", "2019-12", "2020-01", None),
        (
            "cohort_leaver",
            "2019-01",
            "2020-12",
            Some(("2019-01", "2019-12", "2020-01", "2020-12")),
        ),
    ];
    for (name, first, last, cohort) in cases {
        let dir = format!("followup/{name}");
        let text = |file: &str| std::fs::read_to_string(case(&dir).join(file)).unwrap();
        let months = (model::month(first)..=model::month(last)).collect();
        let data = Data::read(&text("absence.csv"), &text("register.csv"), months);
        let spec = cohort.map(|(a, b, c, d)| format!("{a}..{b},{c}..{d}"));
        let lib = library(&dir, Some((first, last)), 0, spec.as_deref());
        compare(&lib, "followup_net_days.csv", &tables::net_days(&data, false));
        compare(&lib, "workplace_net_days.csv", &tables::net_days(&data, true));
        compare(&lib, "followup_repeated.csv", &tables::repeated(&data));
        if let Some((a, b, c, d)) = cohort {
            let m = model::month;
            compare(&lib, "cohort.csv", &tables::cohort(&data, (m(a), m(b)), (m(c), m(d))));
        }
    }
}
