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

/// `month,group_type,group_value,band` → `(headcount, per employee)`.
fn figure(f: &FollowUp, month: &str, group: &FollowGroup, band: crate::Band) -> (u32, String) {
    let row = f
        .net_days()
        .iter()
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
    for table in f.tables() {
        let mut out = Vec::new();
        f.write_table(table, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().count() >= 1, "{table:?}");
    }
    assert!(!f.tables().contains(&FollowTable::Cohort));
    let mut out = Vec::new();
    f.write_table(FollowTable::NetDays, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("2020-01,workplace,a2,A,d01_14,4.0,0.5,1,0.5,\n"),
        "{text}"
    );
}
