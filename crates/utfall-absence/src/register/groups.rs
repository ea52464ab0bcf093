//! The register's groups for the follow-up tables (`docs/method.md` §6.12):
//! each employment's department, workplace, sex and birth year as indices,
//! and the monthly headcount of every group, counting an employee in each
//! group they were in during the month (a move between workplaces within a
//! month counts in both, once in the organisation).

use std::collections::BTreeMap;

use utfall_engine::Month;

use super::{Employment, Names};
use crate::months::month_of_day;

/// No group: the register has no such column.
pub(crate) const NO_GROUP: u32 = u32::MAX;

/// The number of age-group slots: the three [`AgeGroup`](crate::AgeGroup)s
/// and one for an employment without a birth year.
pub(crate) const AGE_SLOTS: usize = 4;

/// One employment's groups, as indices into [`Groups`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Of {
    pub department: u32,
    pub workplace: u32,
    pub sex: u32,
    /// 0 when the register gives none.
    pub birth_year: u16,
}

impl Of {
    /// The age-group slot in a month of `year`.
    pub(crate) fn age_slot(&self, year: i32) -> usize {
        if self.birth_year == 0 {
            return AGE_SLOTS - 1;
        }
        crate::register::age_group(year, self.birth_year) as usize
    }
}

/// The register's departments, workplaces and sexes, sorted by name, and the
/// groups of each employment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Groups {
    pub departments: Vec<String>,
    /// A workplace is the pair of its department (an index, or [`NO_GROUP`])
    /// and its name: two departments' workplaces of one name are two.
    pub workplaces: Vec<(u32, String)>,
    pub sexes: Vec<String>,
    /// By employment, in the register's order.
    pub of: Vec<Of>,
    pub has_birth_year: bool,
}

impl Groups {
    pub(crate) fn new(employments: &[Employment], rows: &[Names]) -> Self {
        let names = |get: fn(&Names) -> Option<&String>| -> BTreeMap<&String, u32> {
            let mut map: BTreeMap<&String, u32> = rows.iter().filter_map(get).map(|n| (n, 0)).collect();
            for (i, v) in map.values_mut().enumerate() {
                *v = u32::try_from(i).unwrap_or(NO_GROUP);
            }
            map
        };
        let departments = names(|n| n[0].as_ref());
        let sexes = names(|n| n[2].as_ref());
        let department_of = |n: &Names| n[0].as_ref().and_then(|d| departments.get(d).copied());
        let mut workplaces: BTreeMap<(u32, &String), u32> = rows
            .iter()
            .filter_map(|n| Some(((department_of(n).unwrap_or(NO_GROUP), n[1].as_ref()?), 0)))
            .collect();
        for (i, v) in workplaces.values_mut().enumerate() {
            *v = u32::try_from(i).unwrap_or(NO_GROUP);
        }
        let of = employments
            .iter()
            .zip(rows)
            .map(|(e, n)| {
                let department = department_of(n).unwrap_or(NO_GROUP);
                Of {
                    department,
                    workplace: n[1]
                        .as_ref()
                        .and_then(|w| workplaces.get(&(department, w)).copied())
                        .unwrap_or(NO_GROUP),
                    sex: n[2].as_ref().and_then(|s| sexes.get(s).copied()).unwrap_or(NO_GROUP),
                    birth_year: e.birth_year.unwrap_or(0),
                }
            })
            .collect();
        Self {
            departments: departments.keys().map(|n| (*n).clone()).collect(),
            workplaces: workplaces.keys().map(|(d, n)| (*d, (*n).clone())).collect(),
            sexes: sexes.keys().map(|n| (*n).clone()).collect(),
            of,
            has_birth_year: employments.iter().any(|e| e.birth_year.is_some()),
        }
    }

    /// The department's name of an index.
    pub(crate) fn department(&self, index: u32) -> Option<&String> {
        self.departments.get(index as usize)
    }
}

/// Headcounts per month (by offset from `first`) of every group: employees
/// employed on at least one day of the month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Heads {
    pub first: Month,
    pub span: usize,
    pub total: Vec<u32>,
    /// `month × departments + department`.
    pub departments: Vec<u32>,
    pub workplaces: Vec<u32>,
    pub sexes: Vec<u32>,
    /// `month × AGE_SLOTS + slot`.
    pub ages: Vec<u32>,
}

impl Heads {
    /// The headcounts of `span` months from `first` over `employments`
    /// (sorted by employee), whose groups are `groups`.
    pub(crate) fn new(employments: &[Employment], groups: &Groups, first: Month, span: usize) -> Self {
        let mut heads = Self {
            first,
            span,
            total: vec![0; span],
            departments: vec![0; span * groups.departments.len()],
            workplaces: vec![0; span * groups.workplaces.len()],
            sexes: vec![0; span * groups.sexes.len()],
            ages: vec![0; span * AGE_SLOTS],
        };
        let (Some(start), Some(end)) = (
            super::first_day(first),
            first
                .add_months(i32::try_from(span).unwrap_or(0))
                .ok()
                .and_then(super::first_day),
        ) else {
            return heads;
        };
        // (month offset, level, index) of one employee, deduplicated when
        // they have more than one employment.
        let mut seen: Vec<(usize, u8, u32)> = Vec::new();
        let mut at = 0;
        while let Some(e) = employments.get(at) {
            let key = e.key;
            seen.clear();
            let first_at = at;
            while let Some(e) = employments.get(at).filter(|e| e.key == key) {
                let of = groups.of.get(at).copied();
                at += 1;
                let (from, to) = (e.from.max(start), e.to.min(end - 1));
                let (Some(of), Some((first_month, _)), Some((last_month, _))) =
                    (of, month_of_day(from), month_of_day(to))
                else {
                    continue;
                };
                if from > to {
                    continue;
                }
                let (a, b) = (first.months_until(first_month), first.months_until(last_month));
                // An employee with one employment (most) is counted as is;
                // one with more is deduplicated first.
                let single = employments.get(at).is_none_or(|n| n.key != key) && at - first_at == 1;
                for offset in a.max(0)..=b {
                    let Ok(m) = usize::try_from(offset) else { continue };
                    let year = first_month
                        .add_months(offset - a)
                        .map_or(first_month.year(), |m| m.year());
                    let age = u32::try_from(of.age_slot(year)).unwrap_or(0);
                    let entries = [(0, 0), (1, of.department), (2, of.workplace), (3, of.sex), (4, age)];
                    if single {
                        for (level, index) in entries {
                            heads.add(groups, m, level, index);
                        }
                    } else {
                        seen.extend(entries.map(|(level, index)| (m, level, index)));
                    }
                }
            }
            if at - first_at > 1 {
                seen.sort_unstable();
                seen.dedup();
            }
            for &(m, level, index) in &seen {
                heads.add(groups, m, level, index);
            }
        }
        heads
    }

    fn add(&mut self, groups: &Groups, m: usize, level: u8, index: u32) {
        if index == NO_GROUP || m >= self.span {
            return;
        }
        let i = index as usize;
        let slot = match level {
            0 => self.total.get_mut(m),
            1 => self.departments.get_mut(m * groups.departments.len() + i),
            2 => self.workplaces.get_mut(m * groups.workplaces.len() + i),
            3 => self.sexes.get_mut(m * groups.sexes.len() + i),
            _ => self.ages.get_mut(m * AGE_SLOTS + i),
        };
        if let Some(n) = slot {
            *n = n.saturating_add(1);
        }
    }
}
