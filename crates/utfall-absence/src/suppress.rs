//! Small groups are not shown (`docs/method.md` §6.9): the figures of a
//! department or sex with fewer than [`Options::min_group`] employees in a
//! month are suppressed in the group tables, and so, where the one hidden
//! group could be worked out from the total less the groups shown, are those
//! of the next smallest group of its kind (secondary suppression). The
//! decision rests on the headcount alone, never on the figures, so that what
//! is hidden says nothing about what it hides.

use std::collections::BTreeMap;

use serde::Serialize;
use utfall_engine::Month;

#[cfg(doc)]
use crate::Options;
use crate::measurement::{Group, NetDays, Repeated};

/// Why a group's figures of a month are not shown.
///
/// # Example
/// ```
/// use utfall_absence::Suppressed;
/// assert_eq!(Suppressed::Small.name(), "small");
/// assert_eq!(Suppressed::Secondary.name(), "secondary");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Suppressed {
    /// The group has fewer employees than [`Options::min_group`].
    Small,
    /// The group is large enough, but hidden so that the one small group of
    /// its kind cannot be worked out from the total less the groups shown.
    Secondary,
}

impl Suppressed {
    /// The name in output files: `small` or `secondary`.
    pub fn name(self) -> &'static str {
        match self {
            Suppressed::Small => "small",
            Suppressed::Secondary => "secondary",
        }
    }
}

/// The marks of one month's groups, given with their headcount in the order
/// of the tables: the whole organisation is never suppressed; a sex or
/// department with fewer than `min_group` employees is [`Suppressed::Small`];
/// within each kind, when exactly one suppressed group has employees, the
/// shown group of that kind with the fewest employees (the first of equals)
/// is [`Suppressed::Secondary`]. `min_group` 0 suppresses nothing.
pub(crate) fn marks(groups: &[(&Group, u32)], min_group: u32) -> Vec<Option<Suppressed>> {
    let kinds: Vec<(&str, u32)> = groups.iter().map(|(g, head)| (g.kind(), *head)).collect();
    marks_by_kind(&kinds, min_group)
}

/// [`marks`] over groups known by their kind alone: the kind `total` is
/// never suppressed, and secondary suppression is decided within each
/// other kind (the follow-up tables make each department's workplaces a
/// kind of their own).
pub(crate) fn marks_by_kind(groups: &[(&str, u32)], min_group: u32) -> Vec<Option<Suppressed>> {
    let mut marks: Vec<Option<Suppressed>> = groups
        .iter()
        .map(|(kind, head)| (*kind != "total" && *head < min_group).then_some(Suppressed::Small))
        .collect();
    // The groups of each kind, in one pass: a national register's 85 000
    // workplaces are many kinds of few groups each.
    let mut kinds: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (kind, _)) in groups.iter().enumerate() {
        if *kind != "total" {
            kinds.entry(kind).or_default().push(i);
        }
    }
    for members in kinds.values() {
        let hidden_with_employees = members
            .iter()
            .filter(|&&i| marks.get(i).copied().flatten().is_some() && groups.get(i).is_some_and(|g| g.1 > 0))
            .count();
        if hidden_with_employees != 1 {
            continue;
        }
        let smallest_shown = members
            .iter()
            .copied()
            .filter(|&i| marks.get(i).copied().flatten().is_none())
            .min_by_key(|&i| groups.get(i).map_or(0, |g| g.1));
        if let Some(mark) = smallest_shown.and_then(|i| marks.get_mut(i)) {
            *mark = Some(Suppressed::Secondary);
        }
    }
    marks
}

/// Marks the rows of the group tables of every month, and gives the number
/// of month and group pairs suppressed as small and as secondary.
pub(crate) fn apply(net_days: &mut [NetDays], repeated: &mut [Repeated], min_group: u32) -> (u64, u64) {
    if min_group == 0 {
        return (0, 0);
    }
    // Each month's groups with their headcount, in table order (a group's
    // rows for its three bands are adjacent).
    let mut months: BTreeMap<Month, Vec<(&Group, u32)>> = BTreeMap::new();
    for row in net_days.iter() {
        let groups = months.entry(row.month).or_default();
        if groups.last().is_none_or(|(g, _)| **g != row.group) {
            groups.push((&row.group, row.headcount));
        }
    }
    let mut decided: BTreeMap<(Month, Group), Suppressed> = BTreeMap::new();
    for (month, groups) in &months {
        for ((group, _), mark) in groups.iter().zip(marks(groups, min_group)) {
            if let Some(mark) = mark {
                decided.insert((*month, (*group).clone()), mark);
            }
        }
    }
    for row in net_days.iter_mut() {
        row.suppressed = decided.get(&(row.month, row.group.clone())).copied();
    }
    for row in repeated.iter_mut() {
        row.suppressed = decided.get(&(row.month, row.group.clone())).copied();
    }
    let small = decided.values().filter(|m| **m == Suppressed::Small).count() as u64;
    (small, decided.len() as u64 - small)
}

#[cfg(test)]
mod tests {
    use super::Suppressed::{Secondary, Small};
    use super::*;

    fn department(name: &str) -> Group {
        Group::Department(name.to_owned())
    }

    /// The marks of a total of `total` employees and departments of the
    /// given headcounts, named a, b, c, … in order.
    fn departments(total: u32, heads: &[u32], min_group: u32) -> Vec<Option<Suppressed>> {
        let names: Vec<Group> = (0..heads.len())
            .map(|i| department(&((b'a' + i as u8) as char).to_string()))
            .collect();
        let mut groups = vec![(&Group::Total, total)];
        groups.extend(names.iter().zip(heads.iter().copied()));
        marks(&groups, min_group)
    }

    #[test]
    fn a_group_of_ten_is_small_one_of_eleven_is_not() {
        assert_eq!(
            departments(51, &[10, 11, 30], 11),
            [None, Some(Small), Some(Secondary), None]
        );
        assert_eq!(departments(52, &[11, 11, 30], 11), [None, None, None, None]);
    }

    #[test]
    fn two_small_groups_protect_each_other() {
        assert_eq!(
            departments(45, &[5, 10, 30], 11),
            [None, Some(Small), Some(Small), None]
        );
    }

    #[test]
    fn the_next_smallest_is_hidden_the_first_of_equals() {
        assert_eq!(
            departments(80, &[20, 3, 20, 37], 11),
            [None, Some(Secondary), Some(Small), None, None]
        );
    }

    #[test]
    fn a_small_group_without_employees_protects_nothing_and_needs_nothing() {
        // Alone it hides no one: nothing more is hidden.
        assert_eq!(departments(50, &[0, 20, 30], 11), [None, Some(Small), None, None]);
        // Beside one small group with employees it does not protect it.
        assert_eq!(
            departments(53, &[0, 3, 20, 30], 11),
            [None, Some(Small), Some(Small), Some(Secondary), None]
        );
    }

    #[test]
    fn the_total_is_never_hidden_and_a_lone_group_is_as_visible_as_it() {
        assert_eq!(departments(7, &[7], 11), [None, Some(Small)]);
        assert_eq!(departments(9, &[4, 5], 11), [None, Some(Small), Some(Small)]);
    }

    #[test]
    fn each_kind_is_decided_on_its_own_and_zero_turns_it_off() {
        let (f, m, a, b) = (
            Group::Sex("F".into()),
            Group::Sex("M".into()),
            department("a"),
            department("b"),
        );
        let groups = [(&Group::Total, 40), (&f, 35), (&m, 5), (&a, 20), (&b, 20)];
        assert_eq!(marks(&groups, 11), [None, Some(Secondary), Some(Small), None, None]);
        assert_eq!(marks(&groups, 0), [None; 5]);
    }
}
