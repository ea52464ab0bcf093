//! The follow-up tables on hand-made cases, each figure worked by hand in
//! the comments.

use std::sync::Arc;

use crate::{FollowGroup, FollowTable, FollowUp, Ids, Options, Register};

/// Employee 1 moves from workplace a1 to a2 on 2020-01-16; employee 3
/// leaves on 2020-02-10.
const REGISTER: &str = "employee_id,start,end,department,workplace,sex,birth_year
1,2020-01-01,2020-01-15,A,a1,F,1990
1,2020-01-16,,A,a2,F,1990
2,2020-01-01,,A,a1,M,1970
3,2020-01-01,2020-02-10,B,b1,F,2000
";

const ABSENCE: &str = "employee_id,date,hours
1,2020-01-14,8
1,2020-01-17,4
2,2020-02-03,8
3,2020-01-02,8
3,2020-02-03,8
";

fn follow_up(register: &str, absence: &str, options: Options) -> FollowUp {
    let register = Register::from_csv_str(register, Ids::Normalised).unwrap();
    let headcount = register
        .headcounts("2020-01".parse().unwrap(), "2020-02".parse().unwrap())
        .unwrap();
    let options = Options {
        register: Some(Arc::new(register)),
        min_group: 0,
        ..options
    };
    crate::measure(|| Ok(absence.as_bytes()), &headcount, &options, &mut |_| {})
        .unwrap()
        .follow_up()
        .cloned()
        .unwrap()
}

/// Every table the follow-up has, as written.
fn written(f: &FollowUp) -> Vec<(FollowTable, String)> {
    f.tables()
        .into_iter()
        .map(|table| {
            let mut out = Vec::new();
            f.write_table(table, &mut out).unwrap();
            (table, String::from_utf8(out).unwrap())
        })
        .collect()
}

/// `month,group_type,group_value,band` → `(headcount, per employee)`.
fn figure(f: &FollowUp, month: &str, group: &FollowGroup, band: crate::Band) -> (u32, String) {
    let row = f
        .net_days()
        .iter()
        .cloned()
        .chain(f.workplace_net_days())
        .find(|r| r.month.to_string() == month && r.group == *group && r.band == band)
        .unwrap();
    (
        row.headcount,
        row.per_employee().map(|d| d.to_string()).unwrap_or_default(),
    )
}

fn workplace(department: &str, name: &str) -> FollowGroup {
    FollowGroup::Workplace {
        department: Some(department.into()),
        workplace: name.into(),
    }
}

#[test]
fn a_mover_counts_in_both_workplaces_and_once_in_the_organisation() {
    let f = follow_up(REGISTER, ABSENCE, Options::default());
    let short = crate::Band::Short;
    // January: 8 + 4 + 8 hours = 2.5 net days over 3 employees.
    assert_eq!(
        figure(&f, "2020-01", &FollowGroup::Total, short),
        (3, "0.8333333333333333".into())
    );
    // a1: employees 1 (to the 15th) and 2; 8 hours of employee 1 on the 14th = 1 day / 2.
    assert_eq!(figure(&f, "2020-01", &workplace("A", "a1"), short), (2, "0.5".into()));
    // a2: employee 1 from the 16th; 4 hours = 0.5 days / 1.
    assert_eq!(figure(&f, "2020-01", &workplace("A", "a2"), short), (1, "0.5".into()));
    // Department A: employees 1 and 2, 12 hours = 1.5 days / 2.
    assert_eq!(
        figure(&f, "2020-01", &FollowGroup::Department("A".into()), short),
        (2, "0.75".into())
    );
    // February: employee 3 is still employed on 1–10 February; 16 hours = 2 days / 3.
    assert_eq!(
        figure(&f, "2020-02", &FollowGroup::Total, short),
        (3, "0.6666666666666667".into())
    );
    // a1 in February: employee 2 only (employee 1 left it in January).
    assert_eq!(figure(&f, "2020-02", &workplace("A", "a1"), short), (1, "1".into()));
}

#[test]
fn the_age_is_the_months_year_less_the_birth_year() {
    let f = follow_up(REGISTER, ABSENCE, Options::default());
    let short = crate::Band::Short;
    use crate::AgeGroup::*;
    // 2020 − 1990 = 30: employee 1 is 30–49; 2020 − 1970 = 50: employee 2 is 50 and over;
    // 2020 − 2000 = 20: employee 3 is 29 and under.
    assert_eq!(
        figure(&f, "2020-01", &FollowGroup::AgeGroup(From30To49), short),
        (1, "1.5".into())
    );
    assert_eq!(
        figure(&f, "2020-01", &FollowGroup::AgeGroup(From50), short),
        (1, "0".into())
    );
    assert_eq!(
        figure(&f, "2020-01", &FollowGroup::AgeGroup(UpTo29), short),
        (1, "1".into())
    );
    assert_eq!(
        figure(&f, "2020-02", &FollowGroup::AgeGroup(From50), short),
        (1, "1".into())
    );
}

#[test]
fn every_table_is_written_with_its_header() {
    let f = follow_up(REGISTER, ABSENCE, Options::default());
    for (table, text) in written(&f) {
        assert!(text.lines().count() >= 1, "{table:?}");
    }
    assert!(!f.tables().contains(&FollowTable::Cohort));
    let mut out = Vec::new();
    f.write_table(FollowTable::WorkplaceNetDays, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("2020-01,workplace,a2,A,d01_14,4.0,0.5,1,0.5,\n"),
        "{text}"
    );
}

/// Employees 1, 3 and 5 start four spells in January–April 2019 (in the
/// repeated-absence group from April); 5 leaves on 30 April, 3 on 15 June.
/// Employee 1 has a 20-day spell in June (days 15–20 in days 15–90);
/// employee 2 a 100-day spell from 1 May (days 91–100 from 8 August);
/// employee 4 is never sick.
const COHORT_REGISTER: &str = "employee_id,start,end,department,sex,birth_year
1,2018-01-01,,A,F,1980
2,2018-01-01,,A,M,1980
3,2018-01-01,2019-06-15,B,F,1995
4,2018-01-01,,B,M,1960
5,2018-01-01,2019-04-30,B,F,1960
";

fn four_spells(id: u32) -> String {
    ["2019-01-10", "2019-02-10", "2019-03-10", "2019-04-10"]
        .iter()
        .map(|d| format!("{id},{d},8\n"))
        .collect()
}

fn cohort_absence() -> String {
    let mut text = String::from("employee_id,date,hours\n");
    for id in [1, 3, 5] {
        text.push_str(&four_spells(id));
    }
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2019, 5, 1).unwrap() + chrono::Days::new(u64::from(d));
    for d in 0..20 {
        text.push_str(&format!("1,{},8\n", (day(31 + d))));
    }
    for d in 0..100 {
        text.push_str(&format!("2,{},8\n", day(d)));
    }
    text
}

fn cohort_follow_up(cohort: &str) -> FollowUp {
    let register = Register::from_csv_str(COHORT_REGISTER, Ids::Normalised).unwrap();
    let headcount = register
        .headcounts("2019-01".parse().unwrap(), "2019-08".parse().unwrap())
        .unwrap();
    let options = Options {
        register: Some(Arc::new(register)),
        min_group: 0,
        follow_up: crate::FollowUpOptions {
            cohort: Some(cohort.parse().unwrap()),
            ..crate::FollowUpOptions::default()
        },
        ..Options::default()
    };
    let absence = cohort_absence();
    crate::measure(|| Ok(absence.as_bytes()), &headcount, &options, &mut |_| {})
        .unwrap()
        .follow_up()
        .cloned()
        .unwrap()
}

#[test]
fn the_cohort_compares_the_selected_group_with_everyone_else_employed_in_the_follow_up() {
    let f = cohort_follow_up("2019-01..2019-04,2019-05..2019-08");
    let c = f.cohort().unwrap();
    // Group: 1 and 3 (5 left before May). 1 reached day 15 in June.
    assert_eq!((c.group.employees, c.group.with_middle, c.group.with_long), (2, 1, 0));
    assert_eq!(c.left, 1);
    // Others: 2 (days 15–90 and 91+) and 4.
    assert_eq!(
        (c.others.employees, c.others.with_middle, c.others.with_long),
        (2, 1, 1)
    );
    assert_eq!(c.group.middle_share().unwrap().to_string(), "0.5");
    // A follow-up period ending in July: employee 2's day 91 is 30 July... day 1 is 1 May, day 91 is 30 July.
    let c = cohort_follow_up("2019-01..2019-04,2019-05..2019-07");
    assert_eq!(c.cohort().unwrap().others.with_long, 1);
    let c = cohort_follow_up("2019-01..2019-04,2019-05..2019-06");
    assert_eq!(c.cohort().unwrap().others.with_long, 0);
    // Selected in January–March: no one is in the group yet (four spells by April).
    let c = cohort_follow_up("2019-01..2019-03,2019-05..2019-08");
    let c = c.cohort().unwrap();
    assert_eq!((c.group.employees, c.left, c.others.employees), (0, 0, 4));
}

#[test]
fn the_group_counts_members_only_while_employed_with_stayers_inflow_and_outflow() {
    let f = cohort_follow_up("2019-01..2019-04,2019-05..2019-08");
    let total = |month: &str| {
        f.repeated()
            .iter()
            .find(|r| r.month.to_string() == month && r.group == FollowGroup::Total)
            .map(|r| (r.members, r.stayers, r.inflow, r.outflow, r.headcount))
            .unwrap()
    };
    // April: 1, 3 and 5 come in; 5 employees.
    assert_eq!(total("2019-04"), (3, 0, 3, 0, 5));
    // May: 5 has left (not a member, not counted in the headcount): 1 and 3 stay.
    assert_eq!(total("2019-05"), (2, 2, 0, 1, 4));
    // July: 3 left in June.
    assert_eq!(total("2019-07"), (1, 1, 0, 1, 3));
    let share = f
        .repeated()
        .iter()
        .find(|r| r.month.to_string() == "2019-04" && r.group == FollowGroup::Department("B".into()))
        .unwrap();
    // Department B in April: 3 and 5 of 3, 4 and 5.
    assert_eq!((share.members, share.headcount), (2, 3));
    assert_eq!(share.share().unwrap().to_string(), "0.6666666666666667");
}

/// Regression: an employee was a member only through a group column, so
/// with a register of dates alone no one was ever in the group.
#[test]
fn a_register_without_group_columns_still_has_members() {
    let register: String = COHORT_REGISTER
        .lines()
        .map(|l| l.splitn(4, ',').take(3).collect::<Vec<_>>().join(",") + "\n")
        .collect();
    let register = Register::from_csv_str(&register, Ids::Normalised).unwrap();
    assert!(register.columns().is_empty());
    let headcount = register
        .headcounts("2019-01".parse().unwrap(), "2019-08".parse().unwrap())
        .unwrap();
    let options = Options {
        register: Some(Arc::new(register)),
        min_group: 0,
        follow_up: crate::FollowUpOptions {
            cohort: Some("2019-01..2019-04,2019-05..2019-08".parse().unwrap()),
            ..crate::FollowUpOptions::default()
        },
        ..Options::default()
    };
    let absence = cohort_absence();
    let m = crate::measure(|| Ok(absence.as_bytes()), &headcount, &options, &mut |_| {}).unwrap();
    let f = m.follow_up().unwrap();
    assert_eq!(f.cohort().unwrap().group.employees, 2);
    let april = f.repeated().iter().find(|r| r.month.to_string() == "2019-04").unwrap();
    assert_eq!((april.group.clone(), april.members), (FollowGroup::Total, 3));
}

/// Every table is the same bytes made on one thread as on two (where the
/// workplace table and the watch list make alternate months on the other
/// thread), over eight months with workplaces listed in most of them.
#[test]
fn one_thread_writes_the_same_bytes_as_two() {
    let register = "employee_id,start,end,department,workplace,sex,birth_year
1,2018-01-01,,A,a1,F,1980
2,2018-01-01,,A,a2,M,1980
3,2018-01-01,2019-06-15,B,b1,F,1995
4,2018-01-01,,B,b1,M,1960
5,2018-01-01,2019-04-30,B,b2,F,1960
";
    let register = Arc::new(Register::from_csv_str(register, Ids::Normalised).unwrap());
    let headcount = register
        .headcounts("2019-01".parse().unwrap(), "2019-08".parse().unwrap())
        .unwrap();
    let absence = cohort_absence();
    let tables = |threads| {
        let options = Options {
            register: Some(register.clone()),
            min_group: 0,
            threads,
            follow_up: crate::FollowUpOptions {
                watch: crate::WatchRule {
                    window: 1,
                    recent: 1,
                    earlier: 1,
                    min_employees: 1,
                    top_percent: 50,
                    ..crate::WatchRule::default()
                },
                ..crate::FollowUpOptions::default()
            },
            ..Options::default()
        };
        let m = crate::measure(|| Ok(absence.as_bytes()), &headcount, &options, &mut |_| {}).unwrap();
        written(m.follow_up().unwrap())
    };
    let (one, two) = (tables(crate::Threads::One), tables(crate::Threads::Two));
    let watched = two
        .iter()
        .find(|(t, _)| *t == FollowTable::Watched)
        .map(|(_, text)| text.clone());
    // Listed in months 2019-01 to 2019-08, odd and even.
    let months: std::collections::BTreeSet<&str> = watched
        .as_deref()
        .unwrap_or("")
        .lines()
        .skip(1)
        .filter_map(|l| l.get(..7))
        .collect();
    assert!(months.len() >= 6, "{months:?}");
    assert_eq!(one, two);
}
