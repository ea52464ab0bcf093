//! Writing the follow-up tables as CSV files and JSON (`docs/formats.md`,
//! *Follow-up tables*). A suppressed group's figures are empty in CSV and
//! null in JSON; its row stays.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde_json::json;
use utfall_engine::csv_field;

use super::figures::{per_employee, push_figure, push_fixed};
use super::{FollowGroup, FollowUp};
use crate::Band;
use crate::Suppressed;
use crate::output::figure;

/// One table of the follow-up, a CSV file of `--out`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FollowTable {
    /// `followup_net_days.csv`: net days per month, organisation-wide group and band.
    NetDays,
    /// `workplace_net_days.csv`: net days per month, workplace and band.
    WorkplaceNetDays,
    /// `followup_repeated.csv`: the repeated-absence group per month and group.
    Repeated,
    /// `workplace_distribution.csv`: treated and other workplaces' distributions.
    Distribution,
    /// `workplace_comparison.csv`: the permutation test per band.
    Comparison,
    /// `department_variation.csv`: half-yearly variation within departments.
    Variation,
    /// `watched_workplaces.csv`: workplaces with high or rising sick leave.
    Watched,
    /// `cohort.csv`: the cohort check.
    Cohort,
}

impl FollowTable {
    /// Every table, in the order written.
    pub const ALL: [FollowTable; 8] = [
        Self::NetDays,
        Self::WorkplaceNetDays,
        Self::Repeated,
        Self::Distribution,
        Self::Comparison,
        Self::Variation,
        Self::Watched,
        Self::Cohort,
    ];

    /// The file name.
    ///
    /// # Example
    /// ```
    /// assert_eq!(utfall_absence::FollowTable::Cohort.file_name(), "cohort.csv");
    /// ```
    pub fn file_name(self) -> &'static str {
        match self {
            Self::NetDays => "followup_net_days.csv",
            Self::WorkplaceNetDays => "workplace_net_days.csv",
            Self::Repeated => "followup_repeated.csv",
            Self::Distribution => "workplace_distribution.csv",
            Self::Comparison => "workplace_comparison.csv",
            Self::Variation => "department_variation.csv",
            Self::Watched => "watched_workplaces.csv",
            Self::Cohort => "cohort.csv",
        }
    }
}

fn opt(value: Option<Decimal>) -> String {
    value.map(figure).unwrap_or_default()
}

fn mark(m: Option<Suppressed>) -> &'static str {
    m.map_or("", Suppressed::name)
}

/// `group_type,group_value,department` of a follow-up group.
fn group_cells(g: &FollowGroup) -> String {
    let department = match g {
        FollowGroup::Workplace { department, .. } => department.as_deref().unwrap_or(""),
        _ => "",
    };
    format!("{},{},{}", g.kind(), csv_field(&g.value()), csv_field(department))
}

fn group_json(g: &FollowGroup) -> serde_json::Value {
    json!({
        "group_type": g.kind(),
        "group_value": g.value(),
        "department": match g {
            FollowGroup::Workplace { department, .. } => department.clone(),
            _ => None,
        },
    })
}

fn merged(mut a: serde_json::Value, b: serde_json::Value) -> serde_json::Value {
    if let (Some(a), serde_json::Value::Object(b)) = (a.as_object_mut(), b) {
        a.extend(b);
    }
    a
}

const NET_DAYS_HEADER: &str =
    "month,group_type,group_value,department,band,sick_hours,net_days,headcount,net_days_per_employee,suppressed";

/// One row of a net-days table, appended to `line`: `cells` are the
/// group's `group_type,group_value,department`.
fn push_net_days(
    line: &mut String,
    month: &str,
    cells: &str,
    band: Band,
    centi: u64,
    head: u32,
    mark: Option<Suppressed>,
) {
    line.push_str(month);
    line.push(',');
    line.push_str(cells);
    line.push(',');
    line.push_str(band.name());
    line.push(',');
    if mark.is_none() {
        push_fixed(line, u128::from(centi), 2);
        line.push(',');
        push_fixed(line, u128::from(centi) * 125, 5);
    } else {
        line.push(',');
    }
    line.push(',');
    super::figures::push_digits(line, u64::from(head), 0);
    line.push(',');
    if mark.is_none()
        && let Some(per) = per_employee(centi, head)
    {
        push_fixed(line, per, 16);
    }
    line.push(',');
    line.push_str(mark.map_or("", Suppressed::name));
    line.push('\n');
}

/// A row of `watched_workplaces.csv`.
fn push_watched(line: &mut String, r: &crate::Watched) {
    line.push_str(&r.month.to_string());
    line.push(',');
    line.push_str(&csv_field(r.department.as_deref().unwrap_or("")));
    line.push(',');
    line.push_str(&csv_field(&r.workplace));
    line.push(',');
    line.push_str(r.reason.name());
    for value in [Some(r.level), Some(r.threshold), r.recent, r.earlier, r.rise_percent] {
        line.push(',');
        if let Some(value) = value {
            push_figure(line, value);
        }
    }
    line.push(',');
    super::figures::push_digits(line, u64::from(r.headcount), 0);
    line.push('\n');
}

/// The rows of a net-days table.
fn net_days_rows(w: &mut impl Write, rows: impl Iterator<Item = super::GroupNetDays>) -> io::Result<()> {
    writeln!(w, "{NET_DAYS_HEADER}")?;
    let mut line = String::new();
    for r in rows {
        line.clear();
        push_net_days(
            &mut line,
            &r.month.to_string(),
            &group_cells(&r.group),
            r.band,
            r.centi_hours,
            r.headcount,
            r.suppressed,
        );
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}

impl FollowUp {
    /// `workplace_net_days.csv`, the rows of [`FollowUp::workplace_net_days`]
    /// written straight from the sums, each workplace's name quoted once.
    /// With two threads, the next month's rows are formatted on the other
    /// while this one writes (a national register's table is 1 GB of text).
    fn workplace_rows(&self, w: &mut impl Write) -> io::Result<()> {
        writeln!(w, "{NET_DAYS_HEADER}")?;
        let cells: Vec<String> = self
            .workplaces
            .names
            .iter()
            .map(|s| {
                format!(
                    "workplace,{},{}",
                    csv_field(&s.workplace),
                    csv_field(s.department.as_deref().unwrap_or(""))
                )
            })
            .collect();
        let months = self.reported.len();
        if self.threads == crate::Threads::One || cfg!(target_arch = "wasm32") {
            let mut text = String::new();
            for i in 0..months {
                self.workplace_month(i, &cells, &mut text);
                w.write_all(text.as_bytes())?;
            }
            return Ok(());
        }
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<String>(1);
            let cells = &cells;
            let odd = scope.spawn(move || {
                for i in (1..months).step_by(2) {
                    let mut text = String::new();
                    self.workplace_month(i, cells, &mut text);
                    // A closed channel: the writer failed and stopped.
                    if tx.send(text).is_err() {
                        break;
                    }
                }
            });
            let failed = || io::Error::other("the formatting thread failed");
            let mut text = String::new();
            let written = (0..months).step_by(2).try_for_each(|i| {
                self.workplace_month(i, cells, &mut text);
                w.write_all(text.as_bytes())?;
                if i + 1 < months {
                    w.write_all(rx.recv().map_err(|_| failed())?.as_bytes())?;
                }
                Ok(())
            });
            // Joined here, so that a thread that failed is an error, not a panic.
            drop(rx);
            written.and(odd.join().map_err(|_| failed()))
        })
    }

    /// The rows of `watched_workplaces.csv` after its header: a million at
    /// national size, written without the formatting machinery, and with
    /// two threads alternate months made on the other while this one
    /// writes.
    fn watched_rows(&self, w: &mut impl Write) -> io::Result<()> {
        if self.threads == crate::Threads::One || cfg!(target_arch = "wasm32") {
            return self
                .watched_texts(|_| true)
                .try_for_each(|text| w.write_all(text.as_bytes()));
        }
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<String>(1);
            let odd = scope.spawn(move || {
                for text in self.watched_texts(|i| i % 2 == 1).skip(1).step_by(2) {
                    // A closed channel: the writer failed and stopped.
                    if tx.send(text).is_err() {
                        break;
                    }
                }
            });
            let failed = || io::Error::other("the watch list's thread failed");
            let months = self.workplaces.months;
            let written = self
                .watched_texts(|i| i % 2 == 0)
                .step_by(2)
                .enumerate()
                .try_for_each(|(k, text)| {
                    w.write_all(text.as_bytes())?;
                    if 2 * k + 1 < months {
                        w.write_all(rx.recv().map_err(|_| failed())?.as_bytes())?;
                    }
                    Ok(())
                });
            // Joined here, so that a thread that failed is an error, not a panic.
            drop(rx);
            written.and(odd.join().map_err(|_| failed()))
        })
    }

    /// The text of each month's watched rows, made for the months `made`
    /// takes (the others empty).
    fn watched_texts<'a>(&'a self, made: impl Fn(usize) -> bool + 'a) -> impl Iterator<Item = String> + 'a {
        super::watch_months(&self.workplaces, &self.watch_rule, made).map(|month| {
            let mut text = String::new();
            for r in &month {
                push_watched(&mut text, r);
            }
            text
        })
    }

    /// The rows of the reported month of index `i` into `text`, cleared first.
    fn workplace_month(&self, i: usize, cells: &[String], text: &mut String) {
        text.clear();
        let count = self.workplaces.count();
        let Some(&m) = self.reported.get(i) else { return };
        let month = self
            .workplaces
            .first
            .add_months(i32::try_from(m).unwrap_or(0))
            .unwrap_or(self.workplaces.first)
            .to_string();
        for (wi, cell) in cells.iter().enumerate() {
            let mark = self.workplace_marks.get(i * count + wi).copied().flatten();
            let head = self.workplaces.heads(wi, m);
            for band in Band::ALL {
                let c = self.workplaces.centi(wi, m, band as usize);
                push_net_days(text, &month, cell, band, c, head, mark);
            }
        }
    }

    /// The tables this follow-up has: always net days, the repeated group,
    /// the department variation and the watched workplaces; the workplace
    /// distribution and comparison with treated workplaces; the cohort with
    /// its periods.
    pub fn tables(&self) -> Vec<FollowTable> {
        FollowTable::ALL
            .into_iter()
            .filter(|t| match t {
                FollowTable::Distribution => !self.distributions.is_empty(),
                FollowTable::Comparison => !self.comparisons.is_empty(),
                FollowTable::Cohort => self.cohort.is_some(),
                FollowTable::WorkplaceNetDays => self.workplaces.count() > 0,
                _ => true,
            })
            .collect()
    }

    /// Writes one table as CSV (`docs/formats.md`, *Follow-up tables*).
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_table(&self, table: FollowTable, mut w: impl Write) -> io::Result<()> {
        match table {
            FollowTable::NetDays => net_days_rows(&mut w, self.net_days.iter().cloned())?,
            FollowTable::WorkplaceNetDays => self.workplace_rows(&mut w)?,
            FollowTable::Repeated => {
                writeln!(
                    w,
                    "month,group_type,group_value,members,stayers,inflow,outflow,headcount,share,window_complete,suppressed"
                )?;
                for r in &self.repeated {
                    let shown = r.suppressed.is_none();
                    let n = |v: u64| if shown { v.to_string() } else { String::new() };
                    writeln!(
                        w,
                        "{},{},{},{},{},{},{},{},{},{},{}",
                        r.month,
                        r.group.kind(),
                        csv_field(&r.group.value()),
                        n(r.members),
                        n(r.stayers),
                        n(r.inflow),
                        n(r.outflow),
                        r.headcount,
                        if shown { opt(r.share()) } else { String::new() },
                        r.window_complete,
                        mark(r.suppressed)
                    )?;
                }
            }
            FollowTable::Distribution => {
                writeln!(w, "month,arm,band,workplaces,mean,p10,p90")?;
                for r in &self.distributions {
                    writeln!(
                        w,
                        "{},{},{},{},{},{},{}",
                        r.month,
                        r.arm.name(),
                        r.band.name(),
                        r.workplaces,
                        opt(r.mean),
                        opt(r.p10),
                        opt(r.p90)
                    )?;
                }
            }
            FollowTable::Comparison => {
                writeln!(
                    w,
                    "band,at,treated_workplaces,other_workplaces,treated_before,treated_after,other_before,other_after,treated_change,other_change,difference,permutations,seed,as_extreme,p_value"
                )?;
                for c in &self.comparisons {
                    writeln!(
                        w,
                        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                        c.band.name(),
                        c.at,
                        c.treated,
                        c.other,
                        figure(c.treated_before),
                        figure(c.treated_after),
                        figure(c.other_before),
                        figure(c.other_after),
                        figure(c.treated_change),
                        figure(c.other_change),
                        figure(c.statistic),
                        c.permutations,
                        c.seed,
                        c.count,
                        figure(c.p_value)
                    )?;
                }
            }
            FollowTable::Variation => {
                writeln!(
                    w,
                    "department,half_year,band,months,workplaces,mean_of_means,mean_of_sds"
                )?;
                for r in &self.variation {
                    writeln!(
                        w,
                        "{},{},{},{},{},{},{}",
                        csv_field(&r.department),
                        r.half_year,
                        r.band.name(),
                        r.months,
                        r.workplaces,
                        figure(r.mean),
                        figure(r.sd)
                    )?;
                }
            }
            FollowTable::Watched => {
                writeln!(
                    w,
                    "month,department,workplace,reason,level,threshold,recent,earlier,rise_percent,headcount"
                )?;
                self.watched_rows(&mut w)?;
            }
            FollowTable::Cohort => {
                writeln!(
                    w,
                    "selection,follow_up,side,employees,with_d15_90,share_d15_90,with_d91_plus,share_d91_plus,left_before_follow_up"
                )?;
                if let Some(c) = &self.cohort {
                    let (s, f) = (c.periods.select, c.periods.follow);
                    for (side, counts, left) in [
                        ("group", &c.group, c.left.to_string()),
                        ("others", &c.others, String::new()),
                    ] {
                        writeln!(
                            w,
                            "{}..{},{}..{},{side},{},{},{},{},{},{left}",
                            s.0,
                            s.1,
                            f.0,
                            f.1,
                            counts.employees,
                            counts.with_middle,
                            opt(counts.middle_share()),
                            counts.with_long,
                            opt(counts.long_share()),
                        )?;
                    }
                }
            }
        }
        w.flush()
    }

    /// The follow-up as JSON (the `follow_up` member of the measurement's
    /// JSON).
    pub fn to_json(&self) -> serde_json::Value {
        let (workplaces, treated) = self.workplace_count();
        json!({
            "workplaces": workplaces,
            "treated_workplaces": treated,
            "net_days": self.net_days.iter().map(|r| {
                let shown = r.suppressed.is_none();
                merged(group_json(&r.group), json!({
                    "month": r.month,
                    "band": r.band,
                    "sick_hours": shown.then(|| Decimal::from_i128_with_scale(i128::from(r.centi_hours), 2).normalize()),
                    "net_days": shown.then(|| r.net_days()),
                    "headcount": r.headcount,
                    "net_days_per_employee": r.per_employee().filter(|_| shown),
                    "suppressed": r.suppressed,
                }))
            }).collect::<Vec<_>>(),
            "repeated": self.repeated.iter().map(|r| {
                let shown = r.suppressed.is_none();
                merged(group_json(&r.group), json!({
                    "month": r.month,
                    "members": shown.then_some(r.members),
                    "stayers": shown.then_some(r.stayers),
                    "inflow": shown.then_some(r.inflow),
                    "outflow": shown.then_some(r.outflow),
                    "headcount": r.headcount,
                    "share": r.share().filter(|_| shown),
                    "window_complete": r.window_complete,
                    "suppressed": r.suppressed,
                }))
            }).collect::<Vec<_>>(),
            "workplace_distribution": self.distributions,
            "workplace_comparison": self.comparisons,
            "department_variation": self.variation,
            "watched_workplaces": self.watched().collect::<Vec<_>>(),
            "cohort": self.cohort.as_ref().map(|c| json!({
                "selection": [c.periods.select.0, c.periods.select.1],
                "follow_up": [c.periods.follow.0, c.periods.follow.1],
                "left_before_follow_up": c.left,
                "group": {
                    "employees": c.group.employees,
                    "with_d15_90": c.group.with_middle,
                    "share_d15_90": c.group.middle_share(),
                    "with_d91_plus": c.group.with_long,
                    "share_d91_plus": c.group.long_share(),
                },
                "others": {
                    "employees": c.others.employees,
                    "with_d15_90": c.others.with_middle,
                    "share_d15_90": c.others.middle_share(),
                    "with_d91_plus": c.others.with_long,
                    "share_d91_plus": c.others.long_share(),
                },
            })),
        })
    }
}
