//! The follow-up tables as SVG charts (`utfall measure --charts DIR`): one
//! file per figure, months along the x axis from the first to the last month
//! of the tables, the reference period shaded when given, and every word from
//! the render crate's catalogue in the style's language.
//!
//! | file | shows |
//! |---|---|
//! | `net_days_by_department.svg` | net days 1–14 per employee, the whole organisation and each department |
//! | `net_days_by_sex.svg`, `net_days_by_age_group.svg` | the same by sex and by age group |
//! | `net_days_long_by_department.svg` | days 15–90 per employee by department |
//! | `workplaces_treated_vs_other.svg` | the treated and other workplaces' mean, the treated p10–p90 band, the permutation test |
//! | `repeated_group.svg` | the repeated-absence group's members, stayers and inflow (counts) |
//! | `repeated_share_by_{sex,age_group,department}.svg` | the group's share of each group's employees, in per cent |
//!
//! A suppressed row (a small group, or its secondary) has no point, so its
//! line breaks there; a chart whose groups the register does not have (no
//! age groups without birth years, no treated workplaces) is not written.
//! The points are the tables' exact values; the chart rounds only its
//! coordinates, to two places.

use std::collections::BTreeMap;

use utfall_absence::{AgeGroup, Arm, Band, FollowGroup, FollowUp, GroupRepeated};
use utfall_engine::{Decimal, Month};
use utfall_render::{ChartWord, Language, MonthBand, MonthChart, MonthSeries, Style, render_month_chart};

/// The follow-up's charts: (file name, SVG text) pairs.
pub(crate) fn charts(
    follow_up: &utfall_absence::FollowUp,
    style: &utfall_render::Style,
    reference: Option<(utfall_engine::Month, utfall_engine::Month)>,
) -> Vec<(String, String)> {
    let Some((first, last)) = span(follow_up) else {
        return Vec::new();
    };
    let frame = Frame {
        first,
        last,
        reference,
        language: style.language,
    };
    let out: [(&str, Option<MonthChart>); 9] = [
        (
            "net_days_by_department.svg",
            net_days(
                &frame,
                follow_up,
                Kind::Department,
                Band::Short,
                ChartWord::NetDaysByDepartment,
            ),
        ),
        (
            "net_days_by_sex.svg",
            net_days(&frame, follow_up, Kind::Sex, Band::Short, ChartWord::NetDaysBySex),
        ),
        (
            "net_days_by_age_group.svg",
            net_days(
                &frame,
                follow_up,
                Kind::AgeGroup,
                Band::Short,
                ChartWord::NetDaysByAgeGroup,
            ),
        ),
        (
            "net_days_long_by_department.svg",
            net_days(
                &frame,
                follow_up,
                Kind::Department,
                Band::Middle,
                ChartWord::NetDaysLongByDepartment,
            ),
        ),
        ("workplaces_treated_vs_other.svg", workplaces(&frame, follow_up, style)),
        ("repeated_group.svg", repeated_group(&frame, follow_up)),
        (
            "repeated_share_by_sex.svg",
            repeated_share(&frame, follow_up, Kind::Sex, ChartWord::RepeatedShareBySex),
        ),
        (
            "repeated_share_by_age_group.svg",
            repeated_share(&frame, follow_up, Kind::AgeGroup, ChartWord::RepeatedShareByAgeGroup),
        ),
        (
            "repeated_share_by_department.svg",
            repeated_share(
                &frame,
                follow_up,
                Kind::Department,
                ChartWord::RepeatedShareByDepartment,
            ),
        ),
    ];
    out.into_iter()
        .filter_map(|(name, chart)| Some((name.to_owned(), render_month_chart(&chart?, style))))
        .collect()
}

/// The first and last month of the tables; `None` when they have no row.
fn span(follow_up: &FollowUp) -> Option<(Month, Month)> {
    let months = follow_up
        .net_days()
        .iter()
        .map(|r| r.month)
        .chain(follow_up.repeated().iter().map(|r| r.month))
        .chain(follow_up.distributions().iter().map(|d| d.month));
    months.fold(None, |span, m| match span {
        None => Some((m, m)),
        Some((a, b)) => Some((a.min(m), b.max(m))),
    })
}

/// What every chart shares: its months, the reference period and the
/// language of its words.
struct Frame {
    first: Month,
    last: Month,
    reference: Option<(Month, Month)>,
    language: Language,
}

impl Frame {
    /// An empty chart titled `title` with `y_label` on its y axis.
    fn chart(&self, title: ChartWord, y_label: ChartWord) -> MonthChart {
        let mut chart = MonthChart::new(self.word(title), self.word(y_label), self.first, self.last);
        chart.shaded = self.reference;
        chart
    }

    fn word(&self, word: ChartWord) -> &'static str {
        word.text(self.language)
    }
}

/// The kinds of group a chart has one series for, besides the whole
/// organisation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Department,
    Sex,
    AgeGroup,
}

impl Kind {
    /// Whether `group` is of this kind.
    fn holds(self, group: &FollowGroup) -> bool {
        matches!(
            (self, group),
            (Kind::Department, FollowGroup::Department(_))
                | (Kind::Sex, FollowGroup::Sex(_))
                | (Kind::AgeGroup, FollowGroup::AgeGroup(_))
        )
    }
}

/// A series' name: the whole organisation from the catalogue, a department
/// or sex as the register writes it, an age group from the catalogue.
fn series_name(group: &FollowGroup, language: Language) -> String {
    match group {
        FollowGroup::Total => ChartWord::WholeOrganisation.text(language).to_owned(),
        FollowGroup::AgeGroup(age) => age_name(*age, language),
        other => other.value(),
    }
}

fn age_name(age: AgeGroup, language: Language) -> String {
    let word = match age {
        AgeGroup::UpTo29 => ChartWord::AgeUpTo29,
        AgeGroup::From30To49 => ChartWord::Age30To49,
        AgeGroup::From50 => ChartWord::AgeFrom50,
        // An age group added to the library later: its own name.
        other => return other.to_string(),
    };
    word.text(language).to_owned()
}

/// One series per group, in the groups' order, from `(group, month, value)`
/// rows; a row without a value (suppressed, or no employee) gives no point.
fn series_of<'a>(
    rows: impl Iterator<Item = (&'a FollowGroup, Month, Option<Decimal>)>,
    language: Language,
) -> Vec<MonthSeries> {
    let mut groups: BTreeMap<&FollowGroup, Vec<(Month, Decimal)>> = BTreeMap::new();
    for (group, month, value) in rows {
        let points = groups.entry(group).or_default();
        if let Some(value) = value {
            points.push((month, value));
        }
    }
    groups
        .into_iter()
        .map(|(group, points)| MonthSeries {
            name: series_name(group, language),
            points,
        })
        .collect()
}

/// Net days per employee in `band`, the whole organisation and each group of
/// `kind`; `None` when the tables have no group of that kind.
fn net_days(frame: &Frame, follow_up: &FollowUp, kind: Kind, band: Band, title: ChartWord) -> Option<MonthChart> {
    let rows = follow_up
        .net_days()
        .iter()
        .filter(|r| r.band == band && (r.group == FollowGroup::Total || kind.holds(&r.group)));
    if !rows.clone().any(|r| kind.holds(&r.group)) {
        return None;
    }
    let mut chart = frame.chart(title, ChartWord::NetDaysPerEmployee);
    chart.series = series_of(
        rows.map(|r| {
            let shown = r.suppressed.is_none().then(|| r.per_employee()).flatten();
            (&r.group, r.month, shown)
        }),
        frame.language,
    );
    Some(chart)
}

/// The treated and the other workplaces' mean rate of days 1–14, the
/// treated arm's 10th to 90th percentile as a band, and the permutation
/// test's result as the note; `None` without distributions.
fn workplaces(frame: &Frame, follow_up: &FollowUp, style: &Style) -> Option<MonthChart> {
    let short: Vec<_> = follow_up
        .distributions()
        .iter()
        .filter(|d| d.band == Band::Short)
        .collect();
    if short.is_empty() {
        return None;
    }
    let mut chart = frame.chart(ChartWord::Workplaces, ChartWord::WorkplaceMean);
    for (arm, word) in [(Arm::Treated, ChartWord::Treated), (Arm::Other, ChartWord::Other)] {
        chart.series.push(MonthSeries {
            name: frame.word(word).to_owned(),
            points: short
                .iter()
                .filter(|d| d.arm == arm)
                .filter_map(|d| Some((d.month, d.mean?)))
                .collect(),
        });
    }
    let treated = short.iter().filter(|d| d.arm == Arm::Treated);
    chart.band = Some(MonthBand {
        name: frame.word(ChartWord::TreatedBand).to_owned(),
        lower: treated.clone().filter_map(|d| Some((d.month, d.p10?))).collect(),
        upper: treated.filter_map(|d| Some((d.month, d.p90?))).collect(),
    });
    chart.note = test_note(follow_up, style);
    Some(chart)
}

/// The permutation test of days 1–14 in words, if it was made: the
/// difference in change, the p-value and what the test is not.
fn test_note(follow_up: &FollowUp, style: &Style) -> Option<String> {
    let c = follow_up.comparisons().iter().find(|c| c.band == Band::Short)?;
    let count = |n: u64| style.exact(Decimal::from(n));
    let values = [
        ("month", c.at.to_string()),
        ("difference", style.rounded(c.statistic, 2)),
        ("p", style.rounded(c.p_value, 4)),
        ("permutations", count(u64::from(c.permutations))),
        ("treated", count(u64::try_from(c.treated).unwrap_or(u64::MAX))),
        ("other", count(u64::try_from(c.other).unwrap_or(u64::MAX))),
    ];
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Some(ChartWord::TestNote.fill(style.language, &values))
}

/// The whole organisation's repeated-absence group: members, stayers and
/// inflow per month, as counts; `None` without such rows.
fn repeated_group(frame: &Frame, follow_up: &FollowUp) -> Option<MonthChart> {
    let rows: Vec<_> = follow_up
        .repeated()
        .iter()
        .filter(|r| r.group == FollowGroup::Total && r.suppressed.is_none())
        .collect();
    if rows.is_empty() {
        return None;
    }
    let mut chart = frame.chart(ChartWord::RepeatedGroup, ChartWord::Employees);
    for word in [ChartWord::Members, ChartWord::Stayers, ChartWord::Inflow] {
        let count = |r: &GroupRepeated| match word {
            ChartWord::Stayers => r.stayers,
            ChartWord::Inflow => r.inflow,
            _ => r.members,
        };
        chart.series.push(MonthSeries {
            name: frame.word(word).to_owned(),
            points: rows.iter().map(|r| (r.month, Decimal::from(count(r)))).collect(),
        });
    }
    Some(chart)
}

/// The repeated-absence group's share of the whole organisation's and of
/// each group's employees of `kind`, in per cent (share × 100); `None` when
/// the tables have no group of that kind.
fn repeated_share(frame: &Frame, follow_up: &FollowUp, kind: Kind, title: ChartWord) -> Option<MonthChart> {
    let rows = follow_up
        .repeated()
        .iter()
        .filter(|r| r.group == FollowGroup::Total || kind.holds(&r.group));
    if !rows.clone().any(|r| kind.holds(&r.group)) {
        return None;
    }
    let mut chart = frame.chart(title, ChartWord::PercentOfEmployees);
    chart.series = series_of(
        rows.map(|r| {
            let shown = r
                .suppressed
                .is_none()
                .then(|| r.share()?.checked_mul(Decimal::ONE_HUNDRED))
                .flatten();
            (&r.group, r.month, shown)
        }),
        frame.language,
    );
    Some(chart)
}

#[cfg(test)]
mod tests;
