//! From the tracker's follow-up sums, its spells and the register to the
//! follow-up tables (`docs/method.md` §6.12).

use std::collections::BTreeMap;

use utfall_engine::Month;

use super::types::{Cohort, CohortCounts, FollowGroup, GroupNetDays, GroupRepeated};
use super::{Workplace, Workplaces};
use crate::aggregate::ChainStarts;
use crate::aggregate::{GROUP_MONTHS, GROUP_SPELLS};
use crate::measurement::Band;
use crate::months::MonthCheck;
use crate::records::RecordReader;
use crate::register::{AGE_SLOTS, Groups, Heads, NO_GROUP};
use crate::suppress::marks_by_kind;
use crate::tracker::WorkplaceSums;
use crate::tracker::{Follow, LONG, MIDDLE, Tracker};
use crate::{AgeGroup, Error, ErrorKind, Options, Register};

/// The age groups by slot (the fourth slot, no birth year, has none).
const AGES: [AgeGroup; 3] = [AgeGroup::UpTo29, AgeGroup::From30To49, AgeGroup::From50];

/// A group of the organisation-wide tables by index: the whole
/// organisation, a department, a sex or an age group of the register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Total,
    Department(usize),
    Sex(usize),
    Age(usize),
}

/// The groups of the tables, in their order: the whole organisation, each
/// department, sex and (with birth years) age group. Workplaces have their
/// own table.
fn slots(g: &Groups) -> Vec<Slot> {
    let mut out = vec![Slot::Total];
    out.extend((0..g.departments.len()).map(Slot::Department));
    out.extend((0..g.sexes.len()).map(Slot::Sex));
    if g.has_birth_year {
        out.extend((0..AGES.len()).map(Slot::Age));
    }
    out
}

impl Slot {
    /// The place of the slot in [`slots`].
    fn position(self, g: &Groups) -> usize {
        let (d, s) = (g.departments.len(), g.sexes.len());
        match self {
            Slot::Total => 0,
            Slot::Department(i) => 1 + i,
            Slot::Sex(i) => 1 + d + i,
            Slot::Age(i) => 1 + d + s + i,
        }
    }

    /// Its kind, for suppression.
    fn kind(self) -> &'static str {
        match self {
            Slot::Total => "total",
            Slot::Department(_) => "department",
            Slot::Sex(_) => "sex",
            Slot::Age(_) => "age_group",
        }
    }

    fn group(self, g: &Groups) -> FollowGroup {
        match self {
            Slot::Total => FollowGroup::Total,
            Slot::Department(i) => FollowGroup::Department(g.departments.get(i).cloned().unwrap_or_default()),
            Slot::Sex(i) => FollowGroup::Sex(g.sexes.get(i).cloned().unwrap_or_default()),
            Slot::Age(i) => FollowGroup::AgeGroup(AGES.get(i).copied().unwrap_or(AgeGroup::From50)),
        }
    }

    /// The group's headcount in month offset `m`.
    fn head(self, g: &Groups, heads: &Heads, m: usize) -> u32 {
        let at = match self {
            Slot::Total => heads.total.get(m),
            Slot::Department(i) => heads.departments.get(m * g.departments.len() + i),
            Slot::Sex(i) => heads.sexes.get(m * g.sexes.len() + i),
            Slot::Age(i) => heads.ages.get(m * AGE_SLOTS + i),
        };
        at.copied().unwrap_or(0)
    }

    /// The group's centi-hours in month offset `m` and `band`: the sum of its
    /// (department, sex, age) cells.
    fn centi(self, f: &Follow, m: usize, band: usize) -> u64 {
        let (d, s) = (f.departments, f.sexes);
        let mut sum = 0u64;
        for dep in 0..d {
            for sex in 0..s {
                for age in 0..AGE_SLOTS {
                    let keep = match self {
                        Slot::Total => true,
                        Slot::Department(i) => dep == i,
                        Slot::Sex(i) => sex == i,
                        Slot::Age(i) => age == i,
                    };
                    if keep {
                        sum += f
                            .groups
                            .get((((m * d + dep) * s + sex) * AGE_SLOTS + age) * 3 + band)
                            .copied()
                            .unwrap_or(0);
                    }
                }
            }
        }
        sum
    }
}

/// Suppression marks of groups given by kind and headcount.
fn marks(kinds: &[(&str, u32)], min_group: u32) -> Vec<Option<crate::Suppressed>> {
    if min_group == 0 {
        vec![None; kinds.len()]
    } else {
        marks_by_kind(kinds, min_group)
    }
}

/// Net days per reported month, organisation-wide group and band, marked
/// for suppression.
fn net_days(f: &Follow, heads: &Heads, months: &MonthCheck, min_group: u32) -> Vec<GroupNetDays> {
    let g = f.register.groups();
    let slots = slots(g);
    let mut rows = Vec::new();
    for m in months.reported() {
        let kinds: Vec<(&str, u32)> = slots.iter().map(|s| (s.kind(), s.head(g, heads, m))).collect();
        for ((slot, (_, head)), mark) in slots.iter().zip(&kinds).zip(marks(&kinds, min_group)) {
            let group = slot.group(g);
            for band in Band::ALL {
                rows.push(GroupNetDays {
                    month: months.month_at(i32::try_from(m).unwrap_or(0)),
                    group: group.clone(),
                    band,
                    centi_hours: slot.centi(f, m, band as usize),
                    headcount: *head,
                    suppressed: mark,
                });
            }
        }
    }
    rows
}

/// The suppression marks of every reported month's workplaces, by
/// `reported index × workplaces + workplace`: each department's workplaces
/// are a kind of their own.
fn workplace_marks(workplaces: &Workplaces, reported: &[usize], min_group: u32) -> Vec<Option<crate::Suppressed>> {
    let kinds: Vec<String> = workplaces
        .names
        .iter()
        .map(|s| format!("workplace:{}", s.department.as_deref().unwrap_or("")))
        .collect();
    let mut out = Vec::with_capacity(reported.len() * kinds.len());
    for &m in reported {
        let month: Vec<(&str, u32)> = kinds
            .iter()
            .enumerate()
            .map(|(w, k)| (k.as_str(), workplaces.heads(w, m)))
            .collect();
        out.extend(marks(&month, min_group));
    }
    out
}

/// Each employee's month offsets in the repeated-absence group (four or
/// more spells starting in the twelve months ending with the month), from
/// the start months of their spells (kept from the §6.5 table's walk of
/// the spell chains), keyed by the register's first employment of the
/// employee.
fn memberships(
    chains: &ChainStarts,
    reader: &RecordReader,
    register: &Register,
    options: &Options,
) -> BTreeMap<usize, Vec<i32>> {
    let mut out = BTreeMap::new();
    let mut cursor = 0;
    for (key, range) in &chains.keys {
        let key = *key;
        let starts = chains.starts.get(range.clone()).unwrap_or_default();
        if starts.len() < GROUP_SPELLS {
            continue;
        }
        let count = |lo: i32, hi: i32| starts.partition_point(|s| *s <= hi) - starts.partition_point(|s| *s < lo);
        let (first, last) = (
            starts.first().copied().unwrap_or(0),
            starts.last().copied().unwrap_or(0),
        );
        let months: Vec<i32> = (first..last + GROUP_MONTHS)
            .filter(|&m| count(m - (GROUP_MONTHS - 1), m) >= GROUP_SPELLS)
            .collect();
        // A plain number is the register's key as it is; only an id
        // written otherwise is looked up by its text.
        let employment = if key & crate::fields::INTERNED == 0 {
            register.first_index(key, &mut cursor)
        } else {
            register.first_employment(reader.id_text(key).as_bytes(), options.ids)
        };
        if let Some(employment) = employment {
            out.insert(employment, months);
        }
    }
    out
}

/// The positions (in [`slots`]) of the groups an employee was in during
/// month offset `m`, into `out`: each group of each employment overlapping
/// the month, once; none when not employed in the month (a flag the spells
/// give an employee who has left is not a member: the share's denominator
/// does not count them either).
fn groups_in_month(register: &Register, first: usize, months: &mut MonthDays, m: usize, out: &mut Vec<usize>) {
    out.clear();
    let g = register.groups();
    let Some((from, to, year)) = months.get(m) else {
        return;
    };
    let mut at = first;
    let key = register.employment_at(first).map(|e| e.key);
    while let Some(e) = register.employment_at(at).filter(|e| Some(e.key) == key) {
        if e.from < to
            && e.to >= from
            && let Some(of) = g.of.get(at)
        {
            out.push(Slot::Total.position(g));
            if of.department != NO_GROUP {
                out.push(Slot::Department(of.department as usize).position(g));
            }
            if of.sex != NO_GROUP {
                out.push(Slot::Sex(of.sex as usize).position(g));
            }
            if g.has_birth_year && of.birth_year != 0 {
                out.push(Slot::Age(of.age_slot(year)).position(g));
            }
        }
        at += 1;
    }
    out.sort_unstable();
    out.dedup();
}

/// The first day, the first day after and the year of each month offset,
/// worked out once (the repeated group asks for them a million times).
struct MonthDays<'a> {
    months: &'a MonthCheck,
    /// By offset: `None` until worked out.
    days: Vec<Option<Option<(i32, i32, i32)>>>,
}

impl<'a> MonthDays<'a> {
    fn new(months: &'a MonthCheck) -> Self {
        Self {
            months,
            days: Vec::new(),
        }
    }

    fn get(&mut self, m: usize) -> Option<(i32, i32, i32)> {
        if let Some(&Some(known)) = self.days.get(m) {
            return known;
        }
        let month = self.months.month_at(i32::try_from(m).ok()?);
        let found = crate::months::first_day(month)
            .zip(month.add_months(1).ok().and_then(crate::months::first_day))
            .map(|(from, to)| (from, to, month.year()));
        if self.days.len() <= m {
            self.days.resize(m + 1, None);
        }
        if let Some(slot) = self.days.get_mut(m) {
            *slot = Some(found);
        }
        found
    }
}

/// The repeated-absence group per reported month and organisation-wide group.
fn repeated(
    register: &Register,
    members: &BTreeMap<usize, Vec<i32>>,
    heads: &Heads,
    t: &Tracker,
    min_group: u32,
) -> Vec<GroupRepeated> {
    let months = &t.months;
    let g = register.groups();
    let slots = slots(g);
    let first_record = months.offset_of_day(t.first_day).unwrap_or(0);
    let mut rows = Vec::new();
    let reported: Vec<usize> = months.reported().collect();
    let row_of = |m: i32| usize::try_from(m).ok().and_then(|m| reported.binary_search(&m).ok());
    // (members, stayers, outflow) per reported month and slot: each member
    // visits their flagged months and the month after each, not every month.
    let mut counts = vec![(0u64, 0u64, 0u64); reported.len() * slots.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut days = MonthDays::new(months);
    for (&employment, flagged) in members {
        groups.resize_with(flagged.len().max(groups.len()), Vec::new);
        for (&m, out) in flagged.iter().zip(groups.iter_mut()) {
            match usize::try_from(m) {
                Ok(m) => groups_in_month(register, employment, &mut days, m, out),
                Err(_) => out.clear(),
            }
        }
        // A member in month m: flagged and employed (in some group).
        let member_in = |k: Option<usize>, m: i32| {
            k.and_then(|k| Some((flagged.get(k)?, groups.get(k)?)))
                .is_some_and(|(&f, g)| f == m && !g.is_empty())
        };
        for (k, (&m, now)) in flagged.iter().zip(&groups).enumerate() {
            if now.is_empty() {
                continue;
            }
            if let Some(r) = row_of(m) {
                let stayer = u64::from(member_in(k.checked_sub(1), m - 1));
                for &at in now {
                    if let Some(c) = counts.get_mut(r * slots.len() + at) {
                        c.0 += 1;
                        c.1 += stayer;
                    }
                }
            }
            if !member_in(Some(k + 1), m + 1)
                && let Some(r) = row_of(m + 1)
            {
                for &at in now {
                    if let Some(c) = counts.get_mut(r * slots.len() + at) {
                        c.2 += 1;
                    }
                }
            }
        }
    }
    for (r, &m) in reported.iter().enumerate() {
        let mo = i32::try_from(m).unwrap_or(0);
        let counts = counts.get(r * slots.len()..(r + 1) * slots.len()).unwrap_or_default();
        let kinds: Vec<(&str, u32)> = slots.iter().map(|s| (s.kind(), s.head(g, heads, m))).collect();
        for (((slot, (_, head)), mark), (n, stayers, outflow)) in slots
            .iter()
            .zip(&kinds)
            .zip(marks(&kinds, min_group))
            .zip(counts.iter().copied())
        {
            rows.push(GroupRepeated {
                month: months.month_at(mo),
                group: slot.group(g),
                members: n,
                stayers,
                inflow: n - stayers,
                outflow,
                headcount: *head,
                window_complete: mo - (GROUP_MONTHS - 1) >= first_record,
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
    let mut slots = Vec::new();
    let mut days = MonthDays::new(months);
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
                    && usize::try_from(m).is_ok_and(|m| {
                        groups_in_month(register, start, &mut days, m, &mut slots);
                        !slots.is_empty()
                    })
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
/// treated ones marked: the tracker's sums and the headcounts, taken, not
/// copied.
fn workplaces(
    f: &Follow,
    sums: WorkplaceSums,
    heads: &mut Heads,
    months: &MonthCheck,
    options: &Options,
) -> Workplaces {
    let g = f.register.groups();
    let treated = treated_marks(g, &options.follow_up.treated).unwrap_or_default();
    let (cells, carried) = sums;
    Workplaces {
        first: months.first,
        months: months.span(),
        names: g
            .workplaces
            .iter()
            .enumerate()
            .map(|(w, (department, name))| Workplace {
                department: g.department(*department).cloned(),
                workplace: name.clone(),
                treated: treated.get(w).cloned().flatten(),
            })
            .collect(),
        cells,
        carried,
        heads: std::mem::take(&mut heads.workplaces),
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
    // By name: a national register has tens of thousands of each.
    let mut by_name: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, (_, name)) in g.workplaces.iter().enumerate() {
        by_name.entry(name.as_str()).or_default().push(i);
    }
    for t in treated {
        let mut found = false;
        for &i in by_name.get(t.workplace.as_str()).map(Vec::as_slice).unwrap_or_default() {
            let Some((department, _)) = g.workplaces.get(i) else {
                continue;
            };
            let same_department = match &t.department {
                Some(d) => g.department(*department) == Some(d),
                None => true,
            };
            if same_department {
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
    sums: Option<WorkplaceSums>,
    chains: &ChainStarts,
    reader: &RecordReader,
    options: &Options,
) -> Option<super::FollowUp> {
    let f = t.follow.as_ref()?;
    let register = &*f.register;
    let mut heads = register.heads(t.months.first, t.months.span());
    let workplaces = workplaces(f, sums.unwrap_or_default(), &mut heads, &t.months, options);
    let fo = &options.follow_up;
    // The repeated group's tables and the workplace analyses need nothing of
    // each other: with two threads they are made side by side.
    let group_tables = || {
        let members = memberships(chains, reader, register, options);
        let repeated = repeated(register, &members, &heads, t, options.min_group);
        let cohort = fo
            .cohort
            .map(|periods| cohort(register, f, &members, &t.months, periods));
        let net_days = net_days(f, &heads, &t.months, options.min_group);
        let variation = super::department_variation(&workplaces);
        (repeated, cohort, net_days, variation)
    };
    let workplace_tables = || {
        let at = fo.compare_at.or_else(|| fo.treated.iter().filter_map(|t| t.from).min());
        let comparisons = match at {
            Some(at) if !fo.treated.is_empty() => {
                super::compare_bands(&workplaces, at, &Band::ALL, fo.permutations, fo.seed)
            }
            _ => Vec::new(),
        };
        let distributions = if fo.treated.is_empty() {
            Vec::new()
        } else {
            super::distributions(&workplaces)
        };
        (comparisons, distributions)
    };
    let ((repeated, cohort, net_days, variation), (comparisons, distributions)) =
        if options.threads == crate::Threads::Two && !cfg!(target_arch = "wasm32") {
            std::thread::scope(|scope| {
                let other = scope.spawn(group_tables);
                let workplace = workplace_tables();
                // A thread that cannot panic joins; were it to, its tables are made here.
                (other.join().unwrap_or_else(|_| group_tables()), workplace)
            })
        } else {
            (group_tables(), workplace_tables())
        };
    let reported: Vec<usize> = t.months.reported().collect();
    Some(super::FollowUp {
        distributions,
        comparisons,
        variation,
        // The list names workplaces: only those large enough to be shown.
        watch_rule: super::WatchRule {
            min_employees: fo.watch.min_employees.max(options.min_group),
            ..fo.watch.clone()
        },
        net_days,
        repeated,
        cohort,
        workplace_marks: workplace_marks(&workplaces, &reported, options.min_group),
        reported,
        workplaces,
        threads: options.threads,
    })
}
