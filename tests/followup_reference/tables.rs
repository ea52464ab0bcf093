//! The tables, each built by plain loops from [`Data`] and written as CSV text.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{BANDS, Data, Employment, div_even, fraction, month_days, month_name, month_of, round16, units16};

/// A group: its kind's place in the table order, kind, value and (for a
/// workplace) department.
type Key = (u8, &'static str, String, String);

/// The groups an employment puts its employee (or its sick date) in, in
/// month `m`: the whole organisation, department, workplace, sex, age group.
fn groups(e: &Employment, m: i64) -> [Key; 5] {
    [
        (0, "total", "all".to_string(), String::new()),
        (1, "department", e.department.clone(), String::new()),
        (2, "workplace", e.workplace.clone(), e.department.clone()),
        (3, "sex", e.sex.clone(), String::new()),
        (4, "age_group", e.age_group(m).to_string(), String::new()),
    ]
}

/// The age groups in table order (not the order of their names' bytes).
fn age_order(key: &Key) -> u8 {
    match key.2.as_str() {
        "29 and under" => 0,
        "30–49" => 1,
        _ => 2,
    }
}

fn sorted(keys: impl Iterator<Item = Key>) -> Vec<Key> {
    let mut keys: Vec<Key> = keys.collect();
    // Workplaces by department, then name.
    keys.sort_by(|a, b| (a.0, age_order(a), &a.3, &a.2).cmp(&(b.0, age_order(b), &b.3, &b.2)));
    keys
}

/// Per month: each group's employees (employed in it on at least one day).
/// Every group of the register, and each age group, has rows in every
/// month, with a headcount of 0 when no one is in it then (the library's
/// choice; the documents do not say).
fn headcounts(data: &Data, m: i64) -> BTreeMap<Key, BTreeSet<&str>> {
    let mut out: BTreeMap<Key, BTreeSet<&str>> = BTreeMap::new();
    for e in data.employments.values().flatten() {
        for key in groups(e, m).into_iter().take(4) {
            out.entry(key).or_default();
        }
    }
    for age in ["29 and under", "30–49", "50 and over"] {
        out.entry((4, "age_group", age.to_string(), String::new())).or_default();
    }
    for (id, list) in &data.employments {
        for e in list.iter().filter(|e| e.in_month(m)) {
            for key in groups(e, m) {
                out.entry(key).or_default().insert(id);
            }
        }
    }
    out
}

/// `followup_net_days.csv` (`workplaces` false) or `workplace_net_days.csv`.
pub fn net_days(data: &Data, workplaces: bool) -> String {
    let mut out = String::from(
        "month,group_type,group_value,department,band,sick_hours,net_days,headcount,net_days_per_employee,suppressed\n",
    );
    for &m in &data.months {
        let (first, last) = month_days(m);
        let heads = headcounts(data, m);
        let mut hours: BTreeMap<Key, [u128; 3]> = BTreeMap::new();
        for (id, dates) in &data.sick {
            for d in dates.iter().filter(|d| (first..=last).contains(&d.day)) {
                for key in groups(data.employment(id, d.day), m) {
                    hours.entry(key).or_default()[d.band()] += d.centi;
                }
            }
        }
        for key in sorted(heads.keys().cloned()) {
            if (key.1 == "workplace") != workplaces {
                continue;
            }
            let n = heads[&key].len() as u128;
            let h = hours.get(&key).copied().unwrap_or_default();
            for (band, name) in BANDS.iter().enumerate() {
                let c = h[band];
                out += &format!(
                    "{},{},{},{},{name},{},{},{n},{},\n",
                    month_name(m),
                    key.1,
                    key.2,
                    key.3,
                    fraction(c, 100),
                    fraction(c, 800),
                    if n == 0 { String::new() } else { fraction(c, 800 * n) }
                );
            }
        }
    }
    out
}

/// The employees in the repeated-absence group of month `m` (four or more
/// spells starting in `m − 11 … m`) and employed in `m`.
pub fn members(data: &Data, m: i64) -> BTreeSet<&str> {
    data.employments
        .keys()
        .filter(|id| {
            let starts = data
                .spell_starts(id)
                .into_iter()
                .filter(|s| (m - 11..=m).contains(s))
                .count();
            starts >= 4 && data.in_month(id, m).next().is_some()
        })
        .map(String::as_str)
        .collect()
}

/// Each group's members in month `m`: the groups of their employments in `m`.
fn members_by_group(data: &Data, m: i64) -> BTreeMap<Key, BTreeSet<&str>> {
    let mut out: BTreeMap<Key, BTreeSet<&str>> = BTreeMap::new();
    for id in members(data, m) {
        for e in data.in_month(id, m) {
            for key in groups(e, m) {
                out.entry(key).or_default().insert(id);
            }
        }
    }
    out
}

fn total_key() -> Key {
    (0, "total", "all".to_string(), String::new())
}

/// `followup_repeated.csv`.
pub fn repeated(data: &Data) -> String {
    let mut out = String::from(
        "month,group_type,group_value,members,stayers,inflow,outflow,headcount,share,window_complete,suppressed\n",
    );
    let first_month = month_of(data.first_date);
    for &m in &data.months {
        let heads = headcounts(data, m);
        let (now, before) = (members_by_group(data, m), members_by_group(data, m - 1));
        let empty = BTreeSet::new();
        for key in sorted(heads.keys().cloned()).into_iter().filter(|k| k.1 != "workplace") {
            let (a, b) = (now.get(&key).unwrap_or(&empty), before.get(&key).unwrap_or(&empty));
            // "Members who were members the month before too": of the
            // repeated-absence group, whatever their group then (an age group
            // changes at the new year); the outflow, last month's members of
            // the group who are not members now.
            let (all_now, all_before) = (
                now.get(&total_key()).unwrap_or(&empty),
                before.get(&total_key()).unwrap_or(&empty),
            );
            let stayers = a.intersection(all_before).count();
            let outflow = b.difference(all_now).count();
            let n = heads[&key].len() as u128;
            out += &format!(
                "{},{},{},{},{stayers},{},{},{n},{},{},\n",
                month_name(m),
                key.1,
                key.2,
                a.len(),
                a.len() - stayers,
                outflow,
                if n == 0 {
                    String::new()
                } else {
                    fraction(a.len() as u128, n)
                },
                m - 11 >= first_month
            );
        }
    }
    out
}

/// `cohort.csv` for a selection and a follow-up period (`FROM..TO` each).
pub fn cohort(data: &Data, selection: (i64, i64), follow: (i64, i64)) -> String {
    let (from, to) = (month_days(follow.0).0, month_days(follow.1).1);
    let employed = |id: &str| {
        data.employments[id]
            .iter()
            .any(|e| e.start <= to && e.end.is_none_or(|end| end >= from))
    };
    let mut selected = BTreeSet::new();
    for m in selection.0..=selection.1 {
        selected.extend(members(data, m));
    }
    let with = |id: &str, band: usize| {
        data.sick
            .get(id)
            .into_iter()
            .flatten()
            .any(|d| (from..=to).contains(&d.day) && d.centi > 0 && d.band() == band)
    };
    let period = |(a, b): (i64, i64)| format!("{}..{}", month_name(a), month_name(b));
    let mut out = String::from(
        "selection,follow_up,side,employees,with_d15_90,share_d15_90,with_d91_plus,share_d91_plus,left_before_follow_up\n",
    );
    for side in ["group", "others"] {
        let ids: Vec<&str> = data
            .employments
            .keys()
            .map(String::as_str)
            .filter(|id| employed(id) && selected.contains(id) == (side == "group"))
            .collect();
        let n = ids.len() as u128;
        let (b1, b2) = (
            ids.iter().filter(|id| with(id, 1)).count() as u128,
            ids.iter().filter(|id| with(id, 2)).count() as u128,
        );
        let left = if side == "group" {
            selected.iter().filter(|id| !employed(id)).count().to_string()
        } else {
            String::new()
        };
        out += &format!(
            "{},{},{side},{n},{b1},{},{b2},{},{left}\n",
            period(selection),
            period(follow),
            fraction(b1, n),
            fraction(b2, n)
        );
    }
    out
}

/// `workplace_distribution.csv`; `treated` holds (department, workplace).
pub fn distribution(data: &Data, treated: &BTreeSet<(String, String)>) -> String {
    let mut out = String::from("month,arm,band,workplaces,mean,p10,p90\n");
    for &m in &data.months {
        let (first, last) = month_days(m);
        let heads = headcounts(data, m);
        let mut hours: BTreeMap<(String, String), [u128; 3]> = BTreeMap::new();
        for (id, dates) in &data.sick {
            for d in dates.iter().filter(|d| (first..=last).contains(&d.day)) {
                let e = data.employment(id, d.day);
                hours.entry((e.department.clone(), e.workplace.clone())).or_default()[d.band()] += d.centi;
            }
        }
        for arm in ["treated", "other"] {
            let places: Vec<((String, String), u128)> = heads
                .iter()
                .filter(|(k, ids)| k.1 == "workplace" && !ids.is_empty())
                .map(|(k, ids)| ((k.3.clone(), k.2.clone()), ids.len() as u128))
                .filter(|(w, _)| treated.contains(w) == (arm == "treated"))
                .collect();
            for (band, name) in BANDS.iter().enumerate() {
                let mut rates: Vec<u128> = places
                    .iter()
                    .map(|(w, n)| round16(hours.get(w).map_or(0, |h| h[band]), 800 * n))
                    .collect();
                rates.sort_unstable();
                let n = rates.len();
                let rank = |p: usize| rates[(p * n).div_ceil(100) - 1];
                out += &format!(
                    "{},{arm},{name},{n},{},{},{}\n",
                    month_name(m),
                    units16(div_even(rates.iter().sum(), n as u128)),
                    units16(rank(10)),
                    units16(rank(90))
                );
            }
        }
    }
    out
}
