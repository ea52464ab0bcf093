//! From the tracker's follow-up sums, its spells and the register to the
//! follow-up tables (`docs/method.md` §6.12).

use std::collections::BTreeMap;

use utfall_engine::Month;

use super::types::{Cohort, CohortCounts, FollowGroup, GroupNetDays, GroupRepeated};
use super::{WorkplaceSeries, Workplaces};
use crate::measurement::Band;
use crate::months::MonthCheck;
use crate::records::RecordReader;
use crate::register::{AGE_SLOTS, Groups, Heads, NO_GROUP};
use crate::suppress::marks_by_kind;
use crate::tracker::{Follow, LONG, MIDDLE, Tracker};
use crate::{AgeGroup, Error, ErrorKind, Options, Register};

/// The age groups by slot (the fourth slot, no birth year, has none).
const AGES: [AgeGroup; 3] = [AgeGroup::UpTo29, AgeGroup::From30To49, AgeGroup::From50];

/// One group of a month: its kind for suppression (a department's
/// workplaces are a kind of their own), the group, its headcount.
struct Member {
    kind: String,
    group: FollowGroup,
    head: u32,
}

/// The groups of the net-days table in one month, with their headcounts.
fn groups_of_month(g: &Groups, heads: &Heads, m: usize) -> Vec<Member> {
    let mut out = vec![Member {
        kind: "total".into(),
        group: FollowGroup::Total,
        head: heads.total.get(m).copied().unwrap_or(0),
    }];
    for (i, name) in g.departments.iter().enumerate() {
        out.push(Member {
            kind: "department".into(),
            group: FollowGroup::Department(name.clone()),
            head: heads.departments.get(m * g.departments.len() + i).copied().unwrap_or(0),
        });
    }
    for (i, (department, name)) in g.workplaces.iter().enumerate() {
        let department = g.department(*department).cloned();
        out.push(Member {
            kind: format!("workplace:{}", department.as_deref().unwrap_or("")),
            group: FollowGroup::Workplace {
                department,
                workplace: name.clone(),
            },
            head: heads.workplaces.get(m * g.workplaces.len() + i).copied().unwrap_or(0),
        });
    }
    for (i, name) in g.sexes.iter().enumerate() {
        out.push(Member {
            kind: "sex".into(),
            group: FollowGroup::Sex(name.clone()),
            head: heads.sexes.get(m * g.sexes.len() + i).copied().unwrap_or(0),
        });
    }
    if g.has_birth_year {
        for (i, age) in AGES.iter().enumerate() {
            out.push(Member {
                kind: "age_group".into(),
                group: FollowGroup::AgeGroup(*age),
                head: heads.ages.get(m * AGE_SLOTS + i).copied().unwrap_or(0),
            });
        }
    }
    out
}

/// Centi-hours of one month's group and band from the follow-up sums.
fn centi_of(f: &Follow, g: &Groups, m: usize, group: &FollowGroup, band: usize) -> u64 {
    let (d, s) = (f.departments, f.sexes);
    let cell = |dep: usize, sex: usize, age: usize| {
        f.groups
            .get((((m * d + dep) * s + sex) * AGE_SLOTS + age) * 3 + band)
            .copied()
            .unwrap_or(0)
    };
    let all = |keep: &dyn Fn(usize, usize, usize) -> bool| {
        let mut sum = 0u64;
        for dep in 0..d {
            for sex in 0..s {
                for age in 0..AGE_SLOTS {
                    if keep(dep, sex, age) {
                        sum += cell(dep, sex, age);
                    }
                }
            }
        }
        sum
    };
    let index = |names: &[String], name: &String| names.iter().position(|n| n == name).unwrap_or(usize::MAX);
    match group {
        FollowGroup::Total => all(&|_, _, _| true),
        FollowGroup::Department(name) => {
            let i = index(&g.departments, name);
            all(&|dep, _, _| dep == i)
        }
        FollowGroup::Sex(name) => {
            let i = index(&g.sexes, name);
            all(&|_, sex, _| sex == i)
        }
        FollowGroup::AgeGroup(age) => {
            let i = *age as usize;
            all(&|_, _, a| a == i)
        }
        FollowGroup::Workplace { department, workplace } => {
            let dep = department
                .as_ref()
                .and_then(|d| g.departments.iter().position(|n| n == d))
                .map_or(NO_GROUP, |i| u32::try_from(i).unwrap_or(NO_GROUP));
            g.workplaces
                .iter()
                .position(|(d, w)| *d == dep && w == workplace)
                .map(|w| f.workplace_centi(m, w, band))
                .unwrap_or(0)
        }
    }
}

/// Net days per reported month, follow-up group and band, marked for
/// suppression; and the groups' headcounts and kinds per month, for the
/// repeated-absence table.
fn net_days(f: &Follow, heads: &Heads, months: &MonthCheck, min_group: u32) -> Vec<GroupNetDays> {
    let g = f.register.groups();
    let mut rows = Vec::new();
    for m in months.reported() {
        let members = groups_of_month(g, heads, m);
        let kinds: Vec<(&str, u32)> = members.iter().map(|x| (x.kind.as_str(), x.head)).collect();
        let marks = if min_group == 0 {
            vec![None; members.len()]
        } else {
            marks_by_kind(&kinds, min_group)
        };
        for (member, mark) in members.iter().zip(marks) {
            for band in Band::ALL {
                rows.push(GroupNetDays {
                    month: months.month_at(i32::try_from(m).unwrap_or(0)),
                    group: member.group.clone(),
                    band,
                    centi_hours: centi_of(f, g, m, &member.group, band as usize),
                    headcount: member.head,
                    suppressed: mark,
                });
            }
        }
    }
    rows
}

/// Each employee's month offsets in the repeated-absence group (four or
/// more spells starting in the twelve months ending with the month), from
/// the tracker's spell chains, keyed by the register's first employment of
/// the employee.
fn memberships(
    t: &Tracker,
    chains: &[(u64, u32)],
    reader: &RecordReader,
    register: &Register,
    options: &Options,
) -> BTreeMap<usize, Vec<i32>> {
    let mut out = BTreeMap::new();
    let mut starts: Vec<i32> = Vec::new();
    for &(key, head) in chains {
        starts.clear();
        let mut at = head;
        while let Some(spell) = t.spells.get(at as usize) {
            starts.push(t.months.offset_of_day(spell.start).unwrap_or(0));
            at = spell.previous;
        }
        if starts.len() < 4 {
            continue;
        }
        starts.reverse();
        let count = |lo: i32, hi: i32| starts.partition_point(|s| *s <= hi) - starts.partition_point(|s| *s < lo);
        let (first, last) = (
            starts.first().copied().unwrap_or(0),
            starts.last().copied().unwrap_or(0),
        );
        let months: Vec<i32> = (first..=last + 11).filter(|&m| count(m - 11, m) >= 4).collect();
        let id = reader.id_text(key);
        if let Some((employment, _)) = register.employments_of(id.as_bytes(), options.ids) {
            out.insert(employment, months);
        }
    }
    out
}

/// The groups an employee was in during month offset `m`: each group of
/// each employment overlapping the month, once; none when not employed in
/// the month (a flag the spells give an employee who has left is not a
/// member: the share's denominator does not count them either).
fn groups_in_month(register: &Register, first: usize, months: &MonthCheck, m: usize) -> Vec<FollowGroup> {
    let g = register.groups();
    let month = months.month_at(i32::try_from(m).unwrap_or(0));
    let (Some(from), Some(to)) = (
        crate::months::first_day(month),
        month.add_months(1).ok().and_then(crate::months::first_day),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut at = first;
    let key = register.employment_at(first).map(|e| e.key);
    while let Some(e) = register.employment_at(at).filter(|e| Some(e.key) == key) {
        if e.from < to
            && e.to >= from
            && let Some(of) = g.of.get(at)
        {
            out.push(FollowGroup::Total);
            if let Some(d) = g.department(of.department) {
                out.push(FollowGroup::Department(d.clone()));
            }
            if let Some(s) = g.sexes.get(of.sex as usize) {
                out.push(FollowGroup::Sex(s.clone()));
            }
            if let Some(age) = AGES.get(of.age_slot(month.year())).filter(|_| of.birth_year != 0) {
                out.push(FollowGroup::AgeGroup(*age));
            }
        }
        at += 1;
    }
    out.sort();
    out.dedup();
    out
}

/// The repeated-absence group per reported month and follow-up group
/// (not per workplace).
fn repeated(
    register: &Register,
    members: &BTreeMap<usize, Vec<i32>>,
    heads: &Heads,
    t: &Tracker,
    min_group: u32,
) -> Vec<GroupRepeated> {
    let months = &t.months;
    let g = register.groups();
    let first_record = months.offset_of_day(t.first_day).unwrap_or(0);
    let mut rows = Vec::new();
    for m in months.reported() {
        let mo = i32::try_from(m).unwrap_or(0);
        // (members, stayers, outflow) per group.
        let mut counts: BTreeMap<FollowGroup, (u64, u64, u64)> = BTreeMap::new();
        for (&employment, flagged) in members {
            let flagged_in = |mo: i32| -> Vec<FollowGroup> {
                match usize::try_from(mo) {
                    Ok(m) if flagged.binary_search(&mo).is_ok() => groups_in_month(register, employment, months, m),
                    _ => Vec::new(),
                }
            };
            let (now, before) = (flagged_in(mo), flagged_in(mo - 1));
            for group in &now {
                let c = counts.entry(group.clone()).or_default();
                c.0 += 1;
                c.1 += u64::from(!before.is_empty());
            }
            if now.is_empty() {
                for group in before {
                    counts.entry(group).or_default().2 += 1;
                }
            }
        }
        let all = groups_of_month(g, heads, m);
        let shown: Vec<&Member> = all.iter().filter(|x| !x.kind.starts_with("workplace")).collect();
        let kinds: Vec<(&str, u32)> = shown.iter().map(|x| (x.kind.as_str(), x.head)).collect();
        let marks = if min_group == 0 {
            vec![None; shown.len()]
        } else {
            marks_by_kind(&kinds, min_group)
        };
        for (member, mark) in shown.iter().zip(marks) {
            let (n, stayers, outflow) = counts.get(&member.group).copied().unwrap_or_default();
            rows.push(GroupRepeated {
                month: months.month_at(mo),
                group: member.group.clone(),
                members: n,
                stayers,
                inflow: n - stayers,
                outflow,
                headcount: member.head,
                window_complete: mo - 11 >= first_record,
                suppressed: mark,
            });
        }
    }
    rows
}

/// The cohort check.
fn cohort(
    register: &Register,
    f: &Follow,
    members: &BTreeMap<usize, Vec<i32>>,
    months: &MonthCheck,
    periods: crate::CohortPeriods,
) -> Cohort {
    let (s0, s1) = (months.offset(periods.select.0), months.offset(periods.select.1));
    let (from, to) = periods.follow_days().unwrap_or((0, -1));
    let mut group = CohortCounts::default();
    let mut others = CohortCounts::default();
    let mut left = 0;
    let mut at = 0;
    while let Some(first) = register.employment_at(at) {
        let key = first.key;
        let start = at;
        let (mut employed, mut bits) = (false, 0u8);
        while let Some(e) = register.employment_at(at).filter(|e| e.key == key) {
            if e.from <= to && e.to >= from {
                employed = true;
            }
            bits |= f.long.get(at).copied().unwrap_or(0);
            at += 1;
        }
        // In the group in a month of the selection period: flagged and employed then.
        let selected = members.get(&start).is_some_and(|flagged| {
            flagged.iter().any(|&m| {
                m >= s0
                    && m <= s1
                    && usize::try_from(m).is_ok_and(|m| !groups_in_month(register, start, months, m).is_empty())
            })
        });
        if !employed {
            left += u64::from(selected);
            continue;
        }
        let side = if selected { &mut group } else { &mut others };
        side.employees += 1;
        side.with_middle += u64::from(bits & MIDDLE != 0);
        side.with_long += u64::from(bits & LONG != 0);
    }
    Cohort {
        periods,
        group,
        others,
        left,
    }
}

/// Each workplace's monthly sums over the reported months' span, with the
/// treated ones marked.
fn workplaces(f: &Follow, heads: &Heads, months: &MonthCheck, options: &Options) -> Workplaces {
    let g = f.register.groups();
    let span = months.span();
    let treated = treated_marks(g, &options.follow_up.treated).unwrap_or_default();
    let series = g
        .workplaces
        .iter()
        .enumerate()
        .map(|(w, (department, name))| WorkplaceSeries {
            department: g.department(*department).cloned(),
            workplace: name.clone(),
            treated: treated.get(w).cloned().flatten(),
            centi: (0..span)
                .map(|m| {
                    let c = |b: usize| f.workplace_centi(m, w, b);
                    [c(0), c(1), c(2)]
                })
                .collect(),
            headcount: (0..span)
                .map(|m| heads.workplaces.get(m * g.workplaces.len() + w).copied().unwrap_or(0))
                .collect(),
        })
        .collect();
    Workplaces {
        first: months.first,
        series,
    }
}

/// Which of the register's workplaces are treated, and from when: by
/// workplace index.
///
/// # Errors
/// [`ErrorKind::UnknownWorkplace`] at the treated file's line.
pub(crate) fn treated_marks(
    g: &Groups,
    treated: &[crate::TreatedWorkplace],
) -> Result<Vec<Option<Option<Month>>>, Error> {
    let mut marks: Vec<Option<Option<Month>>> = vec![None; g.workplaces.len()];
    for t in treated {
        let mut found = false;
        for (i, (department, name)) in g.workplaces.iter().enumerate() {
            let same_department = match &t.department {
                Some(d) => g.department(*department) == Some(d),
                None => true,
            };
            if same_department && *name == t.workplace {
                found = true;
                if let Some(slot) = marks.get_mut(i) {
                    *slot = Some(t.from);
                }
            }
        }
        if !found {
            return Err(Error::new(ErrorKind::UnknownWorkplace {
                department: t.department.clone(),
                workplace: t.workplace.clone(),
            })
            .at_line(t.line));
        }
    }
    Ok(marks)
}

/// The follow-up tables, when the tracker kept their sums.
pub(crate) fn follow_up(
    t: &Tracker,
    chains: &[(u64, u32)],
    reader: &RecordReader,
    options: &Options,
) -> Option<super::FollowUp> {
    let f = t.follow.as_ref()?;
    let register = &*f.register;
    let heads = register.heads(t.months.first, t.months.span());
    let members = memberships(t, chains, reader, register, options);
    let workplaces = workplaces(f, &heads, &t.months, options);
    let fo = &options.follow_up;
    let at = fo.compare_at.or_else(|| fo.treated.iter().filter_map(|t| t.from).min());
    let comparisons = match at {
        Some(at) if !fo.treated.is_empty() => Band::ALL
            .iter()
            .filter_map(|band| super::compare(&workplaces, at, *band, fo.permutations, fo.seed))
            .collect(),
        _ => Vec::new(),
    };
    Some(super::FollowUp {
        distributions: if fo.treated.is_empty() {
            Vec::new()
        } else {
            super::distributions(&workplaces)
        },
        comparisons,
        variation: super::department_variation(&workplaces),
        // The list names workplaces: only those large enough to be shown.
        watched: super::watch(
            &workplaces,
            &super::WatchRule {
                min_employees: fo.watch.min_employees.max(options.min_group),
                ..fo.watch.clone()
            },
        ),
        net_days: net_days(f, &heads, &t.months, options.min_group),
        repeated: repeated(register, &members, &heads, t, options.min_group),
        cohort: options
            .follow_up
            .cohort
            .map(|periods| cohort(register, f, &members, &t.months, periods)),
        workplaces,
    })
}
