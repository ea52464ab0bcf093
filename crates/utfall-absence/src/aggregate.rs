//! From the tracker's sums and spells to the tables of a [`Measurement`]: net
//! days per month, group and band with the headcount; the repeated-absence
//! group and its inflow (`docs/method.md` §6.5); hours of left-censored
//! spells; with detail, every spell and every flagged employee; the summary.
//!
//! The tracker sums hours per (month, department, sex) cell of the group
//! columns in use; a group's figure is the sum over its cells ([`Layout`]).

use utfall_engine::Month;

use crate::Headcount;
use crate::fields::{INTERNED, format_day};
use crate::measurement::{
    Band, Censored, FlaggedRow, Group, Measurement, NetDays, Repeated, SpellRow, Summary, centi_hours,
};
use crate::months::MonthCheck;
use crate::options::Options;
use crate::records::{Dimensions, RecordReader};
use crate::suppress;
use crate::tracker::Tracker;

/// The tables of a measurement from a tracker that has seen every row.
pub(crate) fn measurement(
    mut tracker: Tracker,
    headcount: &Headcount,
    reader: &RecordReader,
    options: &Options,
) -> Measurement {
    let chains = tracker.close();
    let workplace_sums = tracker.follow.as_mut().map(crate::tracker::Follow::take_workplace_sums);
    let t = &tracker;
    let layout = Layout::new(&t.months, t.dimensions, headcount);
    let mut net_days = net_days(&layout, t);
    let (mut repeated, flagged, starts) = repeated(&layout, t, &chains, reader, options.detail, t.follow.is_some());
    let (small, secondary) = suppress::apply(&mut net_days, &mut repeated, options.min_group);
    let censored = censored(&layout, t);
    let follow_up = crate::followup::follow_up(t, workplace_sums, &starts, reader, options);
    let spells = options.detail.then(|| spell_rows(&layout, t, chains, reader));
    Measurement {
        net_days,
        repeated,
        censored,
        spells,
        flagged,
        summary: Summary {
            suppressed_small: small,
            suppressed_secondary: secondary,
            ..summary(t, reader)
        },
        min_group: options.min_group,
        follow_up,
    }
}

/// The cells of the tracker's sums and the groups they add up to.
struct Layout<'a> {
    months: &'a MonthCheck,
    dimensions: Dimensions,
    /// The names of the departments in use (none when not measured by department).
    departments: Vec<String>,
    /// The names of the sexes in use.
    sexes: Vec<String>,
    /// Headcount per cell.
    heads: Vec<u32>,
    /// Whether the headcount file has a row for the cell.
    present: Vec<bool>,
}

impl<'a> Layout<'a> {
    fn new(months: &'a MonthCheck, dimensions: Dimensions, headcount: &Headcount) -> Self {
        let names = |used: bool, names: Option<&[String]>| {
            if used {
                names.unwrap_or_default().to_vec()
            } else {
                Vec::new()
            }
        };
        let d = dimensions;
        let mut layout = Self {
            months,
            dimensions,
            departments: names(d.by_department, headcount.departments()),
            sexes: names(d.by_sex, headcount.sexes()),
            heads: vec![0; months.span() * d.departments * d.sexes],
            present: vec![false; months.span() * d.departments * d.sexes],
        };
        // Headcount per (month, department, sex), collapsed to the dimensions in use.
        for ((month, dep, sex), n) in headcount.cells() {
            let Some(m) = months.index(*month) else {
                continue;
            };
            let dep = if d.by_department { usize::from(*dep) } else { 0 };
            let sex = if d.by_sex { usize::from(*sex) } else { 0 };
            let cell = layout.cell(m, dep, sex);
            if let (Some(h), Some(p)) = (layout.heads.get_mut(cell), layout.present.get_mut(cell)) {
                *h = h.saturating_add(*n);
                *p = true;
            }
        }
        layout
    }

    /// The cell of a month (offset), department and sex.
    fn cell(&self, m: usize, dep: usize, sex: usize) -> usize {
        (m * self.dimensions.departments + dep) * self.dimensions.sexes + sex
    }

    /// The month at an offset.
    fn month(&self, m: usize) -> Month {
        self.months.month_at(i32::try_from(m).unwrap_or(0))
    }

    /// The groups of a month with their cells: the whole organisation, each
    /// sex, each department; those the headcount file has a row for.
    fn groups(&self, m: usize) -> Vec<(Group, Vec<usize>)> {
        let d = self.dimensions;
        let mut out: Vec<(Group, Vec<usize>)> = vec![(
            Group::Total,
            (0..d.departments * d.sexes).map(|i| self.cell(m, 0, 0) + i).collect(),
        )];
        for (s, name) in self.sexes.iter().enumerate() {
            out.push((
                Group::Sex(name.clone()),
                (0..d.departments).map(|dep| self.cell(m, dep, s)).collect(),
            ));
        }
        for (dep, name) in self.departments.iter().enumerate() {
            out.push((
                Group::Department(name.clone()),
                (0..d.sexes).map(|s| self.cell(m, dep, s)).collect(),
            ));
        }
        out.into_iter()
            .filter(|(_, cells)| cells.iter().any(|&c| self.present.get(c) == Some(&true)))
            .collect()
    }

    /// The department and sex names of a spell or flag.
    fn names(&self, department: u8, sex: u8) -> (String, String) {
        (
            self.departments
                .get(usize::from(department))
                .cloned()
                .unwrap_or_default(),
            self.sexes.get(usize::from(sex)).cloned().unwrap_or_default(),
        )
    }
}

/// Net days per reported month, group and band.
fn net_days(layout: &Layout, t: &Tracker) -> Vec<NetDays> {
    let mut net_days = Vec::new();
    for m in t.months.reported() {
        for (group, cells) in layout.groups(m) {
            let head = cells.iter().fold(0u32, |a, &c| {
                a.saturating_add(layout.heads.get(c).copied().unwrap_or(0))
            });
            for band in Band::ALL {
                let centi_hours = cells
                    .iter()
                    .map(|&c| t.cells.get(c * 3 + band as usize).copied().unwrap_or(0))
                    .sum();
                net_days.push(NetDays {
                    month: layout.month(m),
                    group: group.clone(),
                    band,
                    centi_hours,
                    headcount: head,
                    suppressed: None,
                });
            }
        }
    }
    net_days
}

/// The repeated-absence rule (`docs/method.md` §6.5): an employee is in the
/// group in a month when at least this many spells start in the
/// [`GROUP_MONTHS`] months ending with it.
pub(crate) const GROUP_SPELLS: usize = 4;

/// The months of the repeated-absence rule's window.
pub(crate) const GROUP_MONTHS: i32 = 12;

/// The repeated-absence group per reported month and group, and with detail
/// every flagged employee, unsorted. An employee is flagged in a month when
/// four or more spells start in the twelve months ending with it, and counted
/// in the group of the latest of them.
/// The start months (offsets) of the spells of each employee with at least
/// [`GROUP_SPELLS`] spells, oldest first, kept from the walk of the spell
/// chains for the follow-up's repeated group (a second walk of 10 million
/// spells at national size took longer than the tables it feeds).
#[derive(Default)]
pub(crate) struct ChainStarts {
    /// The employee's key and where their starts are in `starts`.
    pub keys: Vec<(u64, std::ops::Range<usize>)>,
    pub starts: Vec<i32>,
}

/// The month offset of each day, by the first days of the months measured
/// (a search of a small table, not a calendar computation per spell).
struct MonthStarts<'a> {
    months: &'a crate::months::MonthCheck,
    /// The first day of each month offset from 0, and of the month after.
    starts: Vec<i32>,
}

impl<'a> MonthStarts<'a> {
    fn new(months: &'a crate::months::MonthCheck) -> Self {
        let starts = (0..=months.span())
            .map_while(|m| crate::months::first_day(months.month_at(i32::try_from(m).ok()?)))
            .collect();
        Self { months, starts }
    }

    fn offset(&self, day: i32) -> i32 {
        let inside = self.starts.first().is_some_and(|&f| day >= f) && self.starts.last().is_some_and(|&l| day < l);
        if inside && let Ok(m) = i32::try_from(self.starts.partition_point(|&s| s <= day) - 1) {
            return m;
        }
        self.months.offset_of_day(day).unwrap_or(0)
    }
}

fn repeated(
    layout: &Layout,
    t: &Tracker,
    chains: &[(u64, u32)],
    reader: &RecordReader,
    detail: bool,
    keep: bool,
) -> (Vec<Repeated>, Option<Vec<FlaggedRow>>, ChainStarts) {
    let mut kept = ChainStarts::default();
    let month_starts = MonthStarts::new(&t.months);
    let size = layout.heads.len();
    let mut flagged_cells = vec![0u64; size];
    let mut inflow_cells = vec![0u64; size];
    let mut flagged_rows = Vec::new();
    let mut chain: Vec<(i32, u8, u8)> = Vec::new();
    let reported: Vec<usize> = t.months.reported().collect();
    for &(key, head) in chains {
        // The employee's spells, oldest first: start offset, department, sex.
        chain.clear();
        let mut at = head;
        while let Some(spell) = t.spells.get(at as usize) {
            chain.push((month_starts.offset(spell.start), spell.department, spell.sex));
            at = spell.previous;
        }
        if chain.len() < GROUP_SPELLS {
            continue;
        }
        chain.reverse();
        if keep {
            let from = kept.starts.len();
            kept.starts.extend(chain.iter().map(|s| s.0));
            kept.keys.push((key, from..kept.starts.len()));
        }
        // Spells with start offset in lo..=hi: their count and the latest.
        let window = |lo: i32, hi: i32| {
            let a = chain.partition_point(|s| s.0 < lo);
            let b = chain.partition_point(|s| s.0 <= hi);
            (b.saturating_sub(a), b.checked_sub(1).and_then(|i| chain.get(i)))
        };
        let (first, last) = (chain.first().map_or(0, |s| s.0), chain.last().map_or(0, |s| s.0));
        for &m in &reported {
            let mo = i32::try_from(m).unwrap_or(0);
            if mo < first || mo > last + GROUP_MONTHS - 1 {
                continue;
            }
            let (count, latest) = window(mo - (GROUP_MONTHS - 1), mo);
            if count < GROUP_SPELLS {
                continue;
            }
            let Some(&(_, dep, sex)) = latest else { continue };
            let c = layout.cell(m, usize::from(dep), usize::from(sex));
            if let Some(f) = flagged_cells.get_mut(c) {
                *f += 1;
            }
            if window(mo - GROUP_MONTHS, mo - 1).0 < GROUP_SPELLS
                && let Some(f) = inflow_cells.get_mut(c)
            {
                *f += 1;
            }
            if detail {
                let (department, sex) = layout.names(dep, sex);
                flagged_rows.push(FlaggedRow {
                    month: layout.month(m),
                    employee: reader.id_text(key),
                    spells: count,
                    department,
                    sex,
                });
            }
        }
    }
    let first_record_offset = t.months.offset_of_day(t.first_day).unwrap_or(0);
    let mut repeated = Vec::new();
    for &m in &reported {
        for (group, cells) in layout.groups(m) {
            let sum = |counts: &[u64]| cells.iter().map(|&c| counts.get(c).copied().unwrap_or(0)).sum();
            let mo = i32::try_from(m).unwrap_or(0);
            repeated.push(Repeated {
                month: layout.month(m),
                group,
                flagged: sum(&flagged_cells),
                inflow: sum(&inflow_cells),
                window_complete: mo - (GROUP_MONTHS - 1) >= first_record_offset,
                suppressed: None,
            });
        }
    }
    let flagged = detail.then(|| {
        flagged_rows.sort_by(|a, b| (a.month, &a.employee).cmp(&(b.month, &b.employee)));
        flagged_rows
    });
    (repeated, flagged, kept)
}

/// Hours of left-censored spells per reported month and band, where there are any.
fn censored(layout: &Layout, t: &Tracker) -> Vec<Censored> {
    t.months
        .reported()
        .flat_map(|m| Band::ALL.map(|band| (m, band)))
        .filter_map(|(m, band)| {
            let centi_hours = t.censored.get(m * 3 + band as usize).copied().unwrap_or(0);
            (centi_hours > 0).then(|| Censored {
                month: layout.month(m),
                band,
                centi_hours,
            })
        })
        .collect()
}

/// Every spell, by employee (numbers in numeric order, then other ids in text
/// order) and start.
fn spell_rows(layout: &Layout, t: &Tracker, mut employees: Vec<(u64, u32)>, reader: &RecordReader) -> Vec<SpellRow> {
    employees.sort_by_cached_key(|(key, _)| {
        let text = reader.id_text(*key);
        (key & INTERNED != 0, if key & INTERNED == 0 { *key } else { 0 }, text)
    });
    let mut rows = Vec::with_capacity(t.spells.len());
    for (key, head) in employees {
        let first = rows.len();
        let mut at = head;
        while let Some(s) = t.spells.get(at as usize) {
            let (department, sex) = layout.names(s.department, s.sex);
            rows.push(SpellRow {
                employee: reader.id_text(key),
                start: format_day(s.start),
                end: format_day(s.end),
                days: s.end - s.start + 1,
                centi_hours: u64::from(s.centi),
                department,
                sex,
            });
            at = s.previous;
        }
        // The chain runs backwards.
        if let Some(tail) = rows.get_mut(first..) {
            tail.reverse();
        }
    }
    rows
}

fn summary(t: &Tracker, reader: &RecordReader) -> Summary {
    Summary {
        rows: t.rows,
        employees: t.employee_count() as u64,
        spells: t.spells.len() as u64,
        first_date: format_day(t.first_day),
        last_date: format_day(t.last_day),
        censored_spells: t.spells.iter().filter(|s| s.start == t.first_day).count() as u64,
        history_hours: centi_hours(t.history_centi),
        rounded_rows: reader.rounded_rows,
        suppressed_small: 0,
        suppressed_secondary: 0,
    }
}
