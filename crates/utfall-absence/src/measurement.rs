//! The measurement's results: net days per month, group and band; the
//! repeated-absence group; left-censored spells; and, on request, every spell
//! and every flagged employee. Written as CSV (the reference implementations' columns) or
//! JSON.

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use utfall_engine::Month;

use crate::Headcount;
use crate::fields::format_day;
use crate::measure::Tracker;
use crate::options::Options;
use crate::records::RecordReader;

/// The band of a sick day by its number in the spell (`docs/method.md` §6.2:
/// "days 1–14 are short-term, 15–90 and 91 and later long-term"; **Choice**:
/// day 90 belongs to 15–90).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Band {
    /// Days 1–14: short-term absence (*korttidssjukfrånvaro*).
    #[serde(rename = "d01_14")]
    Short,
    /// Days 15–90.
    #[serde(rename = "d15_90")]
    Middle,
    /// Day 91 and later.
    #[serde(rename = "d91_plus")]
    Long,
}

impl Band {
    /// All bands, in order.
    pub const ALL: [Band; 3] = [Band::Short, Band::Middle, Band::Long];

    /// The band of day `n` of a spell (day 1 is its first date).
    ///
    /// # Example
    /// ```
    /// use utfall_absence::Band;
    /// assert_eq!(Band::of_day(14), Band::Short);
    /// assert_eq!(Band::of_day(15), Band::Middle);
    /// assert_eq!(Band::of_day(90), Band::Middle);
    /// assert_eq!(Band::of_day(91), Band::Long);
    /// ```
    pub fn of_day(n: i32) -> Band {
        match n {
            ..=14 => Band::Short,
            15..=90 => Band::Middle,
            _ => Band::Long,
        }
    }

    /// The name in output files: `d01_14`, `d15_90`, `d91_plus`.
    pub fn name(self) -> &'static str {
        match self {
            Band::Short => "d01_14",
            Band::Middle => "d15_90",
            Band::Long => "d91_plus",
        }
    }
}

/// A group the figures are given for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// The whole organisation.
    Total,
    /// One sex.
    Sex(String),
    /// One department.
    Department(String),
}

impl Group {
    /// `total`, `sex` or `department`.
    pub fn kind(&self) -> &'static str {
        match self {
            Group::Total => "total",
            Group::Sex(_) => "sex",
            Group::Department(_) => "department",
        }
    }

    /// `all`, or the sex or department.
    pub fn value(&self) -> &str {
        match self {
            Group::Total => "all",
            Group::Sex(v) | Group::Department(v) => v,
        }
    }
}

/// Net days of one month, group and band.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetDays {
    /// The month.
    pub month: Month,
    /// The group.
    pub group: Group,
    /// The band.
    pub band: Band,
    /// Sick-leave hours × 100, exact.
    pub centi_hours: u64,
    /// Employees of the group in the month.
    pub headcount: u32,
}

impl NetDays {
    /// Sick-leave hours.
    pub fn sick_hours(&self) -> Decimal {
        centi_hours(self.centi_hours)
    }

    /// Net days: hours / 8, exact (*nettodagar*; RISE's evaluation report (2021),
    /// footnote 2 of *Primärt utfallsmått*: "summan av alla sjukfrånvarotimmar
    /// dividerat med 8").
    pub fn net_days(&self) -> Decimal {
        net_days(self.centi_hours)
    }

    /// Net days per employee, to 16 places (half to even); `None` when the
    /// headcount is 0.
    pub fn per_employee(&self) -> Option<Decimal> {
        (self.headcount > 0).then(|| {
            let denominator = Decimal::from(u64::from(self.headcount) * 800);
            Decimal::from(self.centi_hours)
                .checked_div(denominator)
                .unwrap_or_default()
                .round_dp_with_strategy(16, RoundingStrategy::MidpointNearestEven)
                .normalize()
        })
    }
}

fn centi_hours(centi: u64) -> Decimal {
    Decimal::from_i128_with_scale(i128::from(centi), 2).normalize()
}

fn net_days(centi: u64) -> Decimal {
    // centi / 800 = centi · 125 / 100 000: exact in five places.
    Decimal::from_i128_with_scale(i128::from(centi) * 125, 5).normalize()
}

/// The repeated-absence group of one month and group (`docs/method.md` §6.5:
/// employees with four or more spells starting in the twelve months ending
/// with the month; RISE's evaluation report (2021), *Medarbetare med upprepad
/// korttidssjukfrånvaro*: "fler än tre sjukfrånvarotillfällen under en
/// tolvmånadersperiod").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeated {
    /// The month.
    pub month: Month,
    /// The group, by the department and sex of each employee's latest spell in
    /// the window.
    pub group: Group,
    /// Employees in the group this month.
    pub flagged: u64,
    /// Of those, employees not in it the month before.
    pub inflow: u64,
    /// Whether the twelve-month window lies inside the data; if not, the count
    /// may be too low.
    pub window_complete: bool,
}

/// Hours of spells already under way on the first date of the data: their day
/// numbers count from that date, so their band may be too low.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Censored {
    /// The month.
    pub month: Month,
    /// The band the hours were counted in.
    pub band: Band,
    /// Sick-leave hours × 100.
    pub centi_hours: u64,
}

/// One spell (with [`Options::detail`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpellRow {
    /// The employee id.
    pub employee: String,
    /// First date.
    pub start: String,
    /// Last date.
    pub end: String,
    /// Calendar days from first to last date.
    pub days: i32,
    /// Sick-leave hours × 100.
    pub centi_hours: u64,
    /// Department of the first record ("" when not measured).
    pub department: String,
    /// Sex of the first record ("" when not measured).
    pub sex: String,
}

/// One employee in the repeated-absence group in one month (with
/// [`Options::detail`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlaggedRow {
    /// The month.
    pub month: Month,
    /// The employee id.
    pub employee: String,
    /// Spells starting in the twelve months ending with the month.
    pub spells: usize,
    /// Department of the latest of those spells.
    pub department: String,
    /// Sex of the latest of those spells.
    pub sex: String,
}

/// Totals of a measurement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Records read.
    pub rows: u64,
    /// Distinct employees.
    pub employees: u64,
    /// Spells.
    pub spells: u64,
    /// First date in the records.
    pub first_date: String,
    /// Last date in the records.
    pub last_date: String,
    /// Spells under way on the first date (left-censored).
    pub censored_spells: u64,
    /// Hours in history months (before the first headcount month), not reported.
    pub history_hours: Decimal,
    /// Rows whose hours had more than two decimals, rounded to the hundredth
    /// (half away from zero).
    pub rounded_rows: u64,
}

/// The result of [`measure`](crate::measure).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measurement {
    net_days: Vec<NetDays>,
    repeated: Vec<Repeated>,
    censored: Vec<Censored>,
    spells: Option<Vec<SpellRow>>,
    flagged: Option<Vec<FlaggedRow>>,
    summary: Summary,
}

/// A month offset from the first headcount month.
fn offset_of_day(first: Month, day: i32) -> i32 {
    NaiveDate::from_num_days_from_ce_opt(day).map_or(0, |d| {
        (d.year() - first.year()) * 12 + i32::try_from(d.month()).unwrap_or(1)
            - i32::try_from(first.month()).unwrap_or(1)
    })
}

impl Measurement {
    pub(crate) fn new(mut t: Tracker, headcount: &Headcount, reader: &RecordReader, options: &Options) -> Self {
        let chains = t.close();
        let d = t.dimensions;
        let departments: Vec<String> = if d.by_department {
            headcount.departments().unwrap_or_default().to_vec()
        } else {
            Vec::new()
        };
        let sexes: Vec<String> = if d.by_sex {
            headcount.sexes().unwrap_or_default().to_vec()
        } else {
            Vec::new()
        };
        let month_at = |m: usize| {
            t.first_month
                .add_months(i32::try_from(m).unwrap_or(0))
                .unwrap_or(t.first_month)
        };
        let cell = |m: usize, dep: usize, sex: usize| (m * d.departments + dep) * d.sexes + sex;

        // Headcount per (month, department, sex), collapsed to the dimensions in use.
        let size = t.months * d.departments * d.sexes;
        let mut heads = vec![0u32; size];
        let mut present = vec![false; size];
        for ((month, dep, sex), n) in headcount.cells() {
            let Ok(m) = usize::try_from(t.first_month.months_until(*month)) else {
                continue;
            };
            let dep = if d.by_department { usize::from(*dep) } else { 0 };
            let sex = if d.by_sex { usize::from(*sex) } else { 0 };
            if let (Some(h), Some(p)) = (heads.get_mut(cell(m, dep, sex)), present.get_mut(cell(m, dep, sex))) {
                *h = h.saturating_add(*n);
                *p = true;
            }
        }
        let groups = |m: usize| -> Vec<(Group, Vec<usize>)> {
            let mut out: Vec<(Group, Vec<usize>)> = vec![(
                Group::Total,
                (0..d.departments * d.sexes).map(|i| cell(m, 0, 0) + i).collect(),
            )];
            for (s, name) in sexes.iter().enumerate() {
                out.push((
                    Group::Sex(name.clone()),
                    (0..d.departments).map(|dep| cell(m, dep, s)).collect(),
                ));
            }
            for (dep, name) in departments.iter().enumerate() {
                out.push((
                    Group::Department(name.clone()),
                    (0..d.sexes).map(|s| cell(m, dep, s)).collect(),
                ));
            }
            out.into_iter()
                .filter(|(_, cells)| cells.iter().any(|&c| present.get(c) == Some(&true)))
                .collect()
        };

        let mut net_days = Vec::new();
        for m in (0..t.months).filter(|&m| t.month_has_headcount.get(m) == Some(&true)) {
            for (group, cells) in groups(m) {
                let head = cells
                    .iter()
                    .fold(0u32, |a, &c| a.saturating_add(heads.get(c).copied().unwrap_or(0)));
                for band in Band::ALL {
                    let centi_hours = cells
                        .iter()
                        .map(|&c| t.cells.get(c * 3 + band as usize).copied().unwrap_or(0))
                        .sum();
                    net_days.push(NetDays {
                        month: month_at(m),
                        group: group.clone(),
                        band,
                        centi_hours,
                        headcount: head,
                    });
                }
            }
        }

        // --- the repeated-absence group ------------------------------------------
        let first_record_offset = offset_of_day(t.first_month, t.first_day);
        let mut flagged_cells = vec![0u64; size];
        let mut inflow_cells = vec![0u64; size];
        let mut flagged_rows = Vec::new();
        let mut chain: Vec<(i32, u8, u8)> = Vec::new();
        let reported: Vec<usize> = (0..t.months)
            .filter(|&m| t.month_has_headcount.get(m) == Some(&true))
            .collect();
        for &(key, head) in &chains {
            chain.clear();
            let mut at = head;
            while let Some(spell) = t.spells.get(at as usize) {
                chain.push((offset_of_day(t.first_month, spell.start), spell.department, spell.sex));
                at = spell.previous;
            }
            if chain.len() < 4 {
                continue;
            }
            chain.reverse();
            // Spells with start offset in lo..=hi: their count and the latest.
            let window = |lo: i32, hi: i32| {
                let a = chain.partition_point(|s| s.0 < lo);
                let b = chain.partition_point(|s| s.0 <= hi);
                (b.saturating_sub(a), b.checked_sub(1).and_then(|i| chain.get(i)))
            };
            let (first, last) = (chain.first().map_or(0, |s| s.0), chain.last().map_or(0, |s| s.0));
            for &m in &reported {
                let mo = i32::try_from(m).unwrap_or(0);
                if mo < first || mo > last + 11 {
                    continue;
                }
                let (count, latest) = window(mo - 11, mo);
                if count < 4 {
                    continue;
                }
                let Some(&(_, dep, sex)) = latest else { continue };
                let c = cell(m, usize::from(dep), usize::from(sex));
                if let Some(f) = flagged_cells.get_mut(c) {
                    *f += 1;
                }
                if window(mo - 12, mo - 1).0 < 4
                    && let Some(f) = inflow_cells.get_mut(c)
                {
                    *f += 1;
                }
                if options.detail {
                    flagged_rows.push(FlaggedRow {
                        month: month_at(m),
                        employee: reader.id_text(key),
                        spells: count,
                        department: departments.get(usize::from(dep)).cloned().unwrap_or_default(),
                        sex: sexes.get(usize::from(sex)).cloned().unwrap_or_default(),
                    });
                }
            }
        }
        let mut repeated = Vec::new();
        for &m in &reported {
            for (group, cells) in groups(m) {
                let sum = |counts: &[u64]| cells.iter().map(|&c| counts.get(c).copied().unwrap_or(0)).sum();
                let mo = i32::try_from(m).unwrap_or(0);
                repeated.push(Repeated {
                    month: month_at(m),
                    group,
                    flagged: sum(&flagged_cells),
                    inflow: sum(&inflow_cells),
                    window_complete: mo - 11 >= first_record_offset,
                });
            }
        }

        let censored = reported
            .iter()
            .flat_map(|&m| Band::ALL.map(|band| (m, band)))
            .filter_map(|(m, band)| {
                let centi_hours = t.censored.get(m * 3 + band as usize).copied().unwrap_or(0);
                (centi_hours > 0).then(|| Censored {
                    month: month_at(m),
                    band,
                    centi_hours,
                })
            })
            .collect();

        let spells = options.detail.then(|| {
            let mut employees = chains.clone();
            employees.sort_by_cached_key(|(key, _)| {
                let text = reader.id_text(*key);
                // Numbers in numeric order, then other ids in text order.
                (
                    key & crate::fields::INTERNED != 0,
                    if key & crate::fields::INTERNED == 0 { *key } else { 0 },
                    text,
                )
            });
            let mut rows = Vec::with_capacity(t.spells.len());
            for (key, head) in employees {
                let first = rows.len();
                let mut at = head;
                while let Some(s) = t.spells.get(at as usize) {
                    rows.push(SpellRow {
                        employee: reader.id_text(key),
                        start: format_day(s.start),
                        end: format_day(s.end),
                        days: s.end - s.start + 1,
                        centi_hours: u64::from(s.centi),
                        department: departments.get(usize::from(s.department)).cloned().unwrap_or_default(),
                        sex: sexes.get(usize::from(s.sex)).cloned().unwrap_or_default(),
                    });
                    at = s.previous;
                }
                if let Some(tail) = rows.get_mut(first..) {
                    tail.reverse();
                }
            }
            rows
        });
        let flagged = options.detail.then(|| {
            flagged_rows.sort_by(|a, b| (a.month, &a.employee).cmp(&(b.month, &b.employee)));
            flagged_rows
        });

        let summary = Summary {
            rows: t.rows,
            employees: t.employee_count() as u64,
            spells: t.spells.len() as u64,
            first_date: format_day(t.first_day),
            last_date: format_day(t.last_day),
            censored_spells: t.spells.iter().filter(|s| s.start == t.first_day).count() as u64,
            history_hours: centi_hours(t.history_centi),
            rounded_rows: reader.rounded_rows,
        };
        Self {
            net_days,
            repeated,
            censored,
            spells,
            flagged,
            summary,
        }
    }

    /// Net days per month, group (whole organisation, then each sex, then each
    /// department, as the headcount file has them) and band.
    pub fn net_days(&self) -> &[NetDays] {
        &self.net_days
    }

    /// The repeated-absence group per month and group.
    pub fn repeated(&self) -> &[Repeated] {
        &self.repeated
    }

    /// Hours of left-censored spells per month and band (only where there are any).
    pub fn censored(&self) -> &[Censored] {
        &self.censored
    }

    /// Every spell, by employee and start, with [`Options::detail`].
    pub fn spells(&self) -> Option<&[SpellRow]> {
        self.spells.as_deref()
    }

    /// Every flagged employee per month, with [`Options::detail`].
    pub fn flagged(&self) -> Option<&[FlaggedRow]> {
        self.flagged.as_deref()
    }

    /// Totals.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }
}
