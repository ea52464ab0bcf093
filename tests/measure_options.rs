//! Properties of two measurement options over random payrolls: small groups
//! hidden (`Options::min_group`) never change a total, never leave one hidden
//! group to be worked out from the total and the groups shown, and 0 hides
//! nothing; the re-illness rule (`Options::reillness_days`) keeps every spell
//! and every hour and only ever moves days into later bands.

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::test_runner::Config;
use utfall::absence::{Band, Group, Headcount, Measurement, Options, Suppressed, measure};

const DEPARTMENTS: [&str; 4] = ["A", "B", "C", "D"];
const SEXES: [&str; 2] = ["F", "M"];
const MONTHS: [&str; 4] = ["2020-01", "2020-02", "2020-03", "2020-04"];

/// A payroll: headcount per (month, department, sex), and per employee a
/// group and sick days (offsets from 2020-01-01, within four months) with hours.
#[derive(Clone, Debug)]
struct Payroll {
    heads: Vec<u32>,
    employees: Vec<(usize, usize, BTreeMap<i64, u32>)>,
}

fn payroll() -> impl Strategy<Value = Payroll> {
    let heads = prop::collection::vec(0u32..25, MONTHS.len() * DEPARTMENTS.len() * SEXES.len());
    let employee = (
        0..DEPARTMENTS.len(),
        0..SEXES.len(),
        prop::collection::btree_map(0i64..120, 0u32..=8, 1..40),
    );
    (heads, prop::collection::vec(employee, 1..8)).prop_map(|(heads, employees)| Payroll { heads, employees })
}

impl Payroll {
    fn headcount(&self) -> Headcount {
        let mut text = String::from("month,department,sex,employees\n");
        let cells = MONTHS.iter().flat_map(|m| {
            DEPARTMENTS
                .iter()
                .flat_map(move |d| SEXES.iter().map(move |s| (m, d, s)))
        });
        for ((month, department, sex), n) in cells.zip(&self.heads) {
            text.push_str(&format!("{month},{department},{sex},{n}\n"));
        }
        Headcount::from_csv_str(&text).unwrap()
    }

    fn records(&self) -> String {
        let mut text = String::from("employee_id,date,hours,department,sex\n");
        for (id, (department, sex, days)) in self.employees.iter().enumerate() {
            for (day, hours) in days {
                let date = date(*day);
                let (department, sex) = (DEPARTMENTS[*department], SEXES[*sex]);
                text.push_str(&format!("{id},{date},{hours},{department},{sex}\n"));
            }
        }
        text
    }

    fn measure(&self, options: Options) -> Measurement {
        let records = self.records();
        let options = Options {
            detail: true,
            ..options
        };
        measure(|| Ok(records.as_bytes()), &self.headcount(), &options, &mut |_| {}).unwrap()
    }
}

/// The date `day` days after 2020-01-01, within the first four months of 2020.
fn date(day: i64) -> String {
    let mut rest = day;
    for (month, length) in [(1, 31), (2, 29), (3, 31), (4, 30)] {
        if rest < length {
            return format!("2020-{month:02}-{:02}", rest + 1);
        }
        rest -= length;
    }
    panic!("day {day} is past April")
}

fn written(m: &Measurement) -> [String; 4] {
    let text = |write: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut out = Vec::new();
        write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    [
        text(&|w| m.write_series(w)),
        text(&|w| m.write_net_days(w)),
        text(&|w| m.write_repeated_flags(w)),
        text(&|w| m.write_repeated_inflow(w)),
    ]
}

/// Checks that no kind of group has, in any month, exactly one hidden group
/// with employees while others of its kind are shown: it would be the total
/// less those shown.
fn nothing_hidden_is_derivable(m: &Measurement) -> Result<(), TestCaseError> {
    let mut kinds: BTreeMap<(String, &str), (usize, usize)> = BTreeMap::new();
    for r in m
        .net_days()
        .iter()
        .filter(|r| r.band == Band::Short && r.group != Group::Total)
    {
        let (hidden, shown) = kinds.entry((r.month.to_string(), r.group.kind())).or_default();
        match r.suppressed {
            Some(_) if r.headcount > 0 => *hidden += 1,
            Some(_) => {}
            None => *shown += 1,
        }
    }
    for (key, (hidden, shown)) in kinds {
        prop_assert!(
            hidden != 1 || shown == 0,
            "{key:?}: one hidden group beside {shown} shown"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 128, ..Config::default() })]

    #[test]
    fn hiding_small_groups_changes_no_total_and_leaves_nothing_derivable(p in payroll(), min_group in 0u32..30) {
        let all = p.measure(Options { min_group: 0, ..Options::default() });
        let some = p.measure(Options { min_group, ..Options::default() });
        // Zero hides nothing, and the figures kept are the same either way.
        prop_assert!(all.net_days().iter().all(|r| r.suppressed.is_none()));
        prop_assert!(all.repeated().iter().all(|r| r.suppressed.is_none()));
        let unmarked = |m: &Measurement| m.net_days().iter().map(|r| (r.month, r.group.clone(), r.band, r.centi_hours, r.headcount)).collect::<Vec<_>>();
        prop_assert_eq!(unmarked(&all), unmarked(&some));
        // The series and every total are shown, unchanged.
        prop_assert_eq!(&written(&all)[0], &written(&some)[0]);
        prop_assert!(some.net_days().iter().filter(|r| r.group == Group::Total).all(|r| r.suppressed.is_none()));
        prop_assert!(some.repeated().iter().filter(|r| r.group == Group::Total).all(|r| r.suppressed.is_none()));
        // Every small group is hidden, as small; the tables agree on each.
        for r in some.net_days() {
            let small = r.group != Group::Total && r.headcount < min_group;
            prop_assert_eq!(r.suppressed == Some(Suppressed::Small), small, "{:?}", r);
            let repeated = some.repeated().iter().find(|q| q.month == r.month && q.group == r.group).unwrap();
            prop_assert_eq!(repeated.suppressed, r.suppressed);
        }
        nothing_hidden_is_derivable(&some)?;
        // With 0 the tables are the reference implementations' columns.
        if min_group == 0 {
            prop_assert!(written(&some)[1].starts_with("month,group_type,group_value,band,sick_hours,net_days,headcount,net_days_per_employee\n"));
        }
    }

    #[test]
    fn the_reillness_rule_keeps_spells_and_hours_and_moves_days_only_later(p in payroll(), days in 0u32..10) {
        let off = p.measure(Options::default());
        let on = p.measure(Options { reillness_days: Some(days), ..Options::default() });
        if days <= 1 {
            prop_assert_eq!(&on, &off);
        }
        prop_assert_eq!(on.spells(), off.spells());
        prop_assert_eq!(on.repeated(), off.repeated());
        prop_assert_eq!(on.flagged(), off.flagged());
        prop_assert_eq!(on.summary(), off.summary());
        // Per month and group: the same hours, and as many or more in 91+ and
        // in 15–90 and 91+ together (no day's number ever shrinks).
        let bands = |m: &Measurement| {
            let mut sums: BTreeMap<(String, Group), [u64; 3]> = BTreeMap::new();
            for r in m.net_days() {
                sums.entry((r.month.to_string(), r.group.clone())).or_default()[r.band as usize] = r.centi_hours;
            }
            sums
        };
        for ((key, [s0, m0, l0]), [s1, m1, l1]) in bands(&off).into_iter().zip(bands(&on).into_values()) {
            prop_assert_eq!(s0 + m0 + l0, s1 + m1 + l1, "{:?}", key);
            prop_assert!(l1 >= l0 && m1 + l1 >= m0 + l0, "{:?}: {:?} then {:?}", key, [s0, m0, l0], [s1, m1, l1]);
        }
    }
}
