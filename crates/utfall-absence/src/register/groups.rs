//! The register's groups for the follow-up tables (`docs/method.md` §6.12):
//! each employment's department, workplace, sex and birth year as indices,
//! and the monthly headcount of every group, counting an employee in each
//! group they were in during the month (a move between workplaces within a
//! month counts in both, once in the organisation).

use std::collections::HashMap;

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
    /// The groups of `employments`, whose department, workplace and sex
    /// are `rows`' indices into `names` (in the order first seen, or
    /// [`NO_GROUP`]): renumbered here by name.
    pub(crate) fn new(employments: &[Employment], rows: &[[u32; 3]], names: Names) -> Self {
        let [(departments, _), (workplace_names, _), (sexes, _)] = names.columns;
        let (departments, department_of) = by_name(departments);
        let (sexes, sex_of) = by_name(sexes);
        let renumber = |index: u32, by: &[u32]| by.get(index as usize).copied().unwrap_or(NO_GROUP);
        // A workplace is its department and its name: the distinct pairs,
        // sorted by department and name.
        let mut pairs: Vec<(u32, u32)> = rows
            .iter()
            .filter(|r| r[1] != NO_GROUP)
            .map(|r| (renumber(r[0], &department_of), r[1]))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let name = |w: u32| workplace_names.get(w as usize).map_or("", String::as_str);
        pairs.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| name(a.1).cmp(name(b.1))));
        let workplace_of: HashMap<(u32, u32), u32> = pairs
            .iter()
            .enumerate()
            .map(|(i, &pair)| (pair, u32::try_from(i).unwrap_or(NO_GROUP)))
            .collect();
        let of = employments
            .iter()
            .zip(rows)
            .map(|(e, r)| {
                let department = renumber(r[0], &department_of);
                Of {
                    department,
                    workplace: workplace_of.get(&(department, r[1])).copied().unwrap_or(NO_GROUP),
                    sex: renumber(r[2], &sex_of),
                    birth_year: e.birth_year.unwrap_or(0),
                }
            })
            .collect();
        Self {
            departments,
            workplaces: pairs.iter().map(|&(d, w)| (d, name(w).to_owned())).collect(),
            sexes,
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
        // An employee with one employment (most) adds a run of months to a
        // difference series per group, its starts and ends only, so the cost
        // is per employment, not per employment and month; one with more is
        // counted month by month, deduplicated first.
        let mut runs = Runs::new(&heads, groups);
        // (month offset, level, index) of one employee with more employments.
        let mut seen: Vec<(usize, u8, u32)> = Vec::new();
        let mut at = 0;
        while let Some(e) = employments.get(at) {
            let key = e.key;
            seen.clear();
            let first_at = at;
            let single = employments.get(at + 1).is_none_or(|n| n.key != key);
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
                let (Ok(a), Ok(b)) = (usize::try_from(a.max(0)), usize::try_from(b)) else {
                    continue;
                };
                if single {
                    for (level, index) in [(0, 0), (1, of.department), (2, of.workplace), (3, of.sex)] {
                        runs.add(level, index, a, b);
                    }
                    // The age group changes with the year: one run per year.
                    let mut m = a;
                    while m <= b {
                        let year = first.add_months(i32::try_from(m).unwrap_or(0)).map_or(0, |m| m.year());
                        let year_end = (m + 12 - year_month_index(first, m)).min(b + 1);
                        runs.add(4, u32::try_from(of.age_slot(year)).unwrap_or(0), m, year_end - 1);
                        m = year_end;
                    }
                    continue;
                }
                for m in a..=b {
                    let year = first.add_months(i32::try_from(m).unwrap_or(0)).map_or(0, |m| m.year());
                    let age = u32::try_from(of.age_slot(year)).unwrap_or(0);
                    let entries = [(0, 0), (1, of.department), (2, of.workplace), (3, of.sex), (4, age)];
                    seen.extend(entries.map(|(level, index)| (m, level, index)));
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
        runs.add_to(&mut heads);
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

/// The month of the year (0 for January) of the month `m` months after `first`.
fn year_month_index(first: Month, m: usize) -> usize {
    (first.month() as usize + 11 + m) % 12
}

/// Difference series of headcounts: per level and group, +1 at a run's first
/// month and −1 after its last, summed up at the end.
struct Runs {
    span: usize,
    /// The groups of each level: total, departments, workplaces, sexes, ages.
    widths: [usize; 5],
    /// Per level, `(month × width + index)` for `span + 1` months.
    diffs: [Vec<i64>; 5],
}

impl Runs {
    fn new(heads: &Heads, groups: &Groups) -> Self {
        let widths = [
            1,
            groups.departments.len(),
            groups.workplaces.len(),
            groups.sexes.len(),
            AGE_SLOTS,
        ];
        Self {
            span: heads.span,
            widths,
            diffs: widths.map(|w| vec![0; (heads.span + 1) * w]),
        }
    }

    /// Months `a` to `b` (offsets, inclusive) for the group `index` of `level`.
    fn add(&mut self, level: usize, index: u32, a: usize, b: usize) {
        if index == NO_GROUP || a > b || a >= self.span {
            return;
        }
        let (Some(&width), Some(diff)) = (self.widths.get(level), self.diffs.get_mut(level)) else {
            return;
        };
        let i = index as usize;
        if let Some(d) = diff.get_mut(a * width + i) {
            *d += 1;
        }
        if let Some(d) = diff.get_mut((b + 1).min(self.span) * width + i) {
            *d -= 1;
        }
    }

    /// Adds the summed series to the headcounts.
    fn add_to(self, heads: &mut Heads) {
        let targets = [
            &mut heads.total,
            &mut heads.departments,
            &mut heads.workplaces,
            &mut heads.sexes,
            &mut heads.ages,
        ];
        for ((target, diff), width) in targets.into_iter().zip(self.diffs).zip(self.widths) {
            let mut running = vec![0i64; width];
            for (m, row) in diff.chunks_exact(width.max(1)).take(self.span).enumerate() {
                for (i, (run, d)) in running.iter_mut().zip(row).enumerate() {
                    *run += d;
                    if let Some(n) = target.get_mut(m * width + i) {
                        *n = n.saturating_add(u32::try_from(*run).unwrap_or(0));
                    }
                }
            }
        }
    }
}

/// `names` sorted, and the sorted index of each name by its index in `names`.
fn by_name(names: Vec<String>) -> (Vec<String>, Vec<u32>) {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_unstable_by(|&a, &b| names.get(a).cmp(&names.get(b)));
    let mut sorted_index = vec![NO_GROUP; names.len()];
    for (sorted, &at) in order.iter().enumerate() {
        if let Some(s) = sorted_index.get_mut(at) {
            *s = u32::try_from(sorted).unwrap_or(NO_GROUP);
        }
    }
    let mut names: Vec<Option<String>> = names.into_iter().map(Some).collect();
    let sorted = order
        .iter()
        .filter_map(|&at| names.get_mut(at).and_then(Option::take))
        .collect();
    (sorted, sorted_index)
}
