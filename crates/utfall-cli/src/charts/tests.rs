//! The charts read back: every point of every chart is its table's value, a
//! suppressed row is a gap, the words are the style's language's and the
//! note's p-value is the permutation test's.

use std::collections::BTreeMap;
use std::sync::Arc;

use utfall_absence::{
    AgeGroup, Arm, Band, CsvForm, FollowGroup, FollowUp, FollowUpOptions, Ids, Options, Register, read_treated,
};
use utfall_engine::{Decimal, Month};
use utfall_render::{ChartWord, Language, Style};

use super::charts;

fn m(s: &str) -> Month {
    s.parse().unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Eleven employees in three departments and five workplaces. Employee 9
/// leaves C at the end of February and employee 11 joins it in April, so C
/// has one employee in March: with a smallest group of 2 it is suppressed
/// there.
const REGISTER: &str = "employee_id,start,end,department,workplace,sex,birth_year
1,2020-01-01,,A,a1,F,1990
2,2020-01-01,,A,a1,M,1970
3,2020-01-01,,A,a2,F,2000
4,2020-01-01,,A,a2,M,1985
5,2020-01-01,,B,b1,F,1960
6,2020-01-01,,B,b1,M,1995
7,2020-01-01,,B,b2,F,1980
8,2020-01-01,,B,b2,M,1975
9,2020-01-01,2020-02-29,C,c1,F,1992
10,2020-01-01,,C,c1,M,1965
11,2020-04-01,,C,c1,F,1988
";

const TREATED: &str = "department,workplace,from\nA,a1,2020-04\nB,b1,2020-04\n";

/// Sick days: employees 1 and 5 a day every second week (the repeated-absence
/// group), employee 2 twenty days in a row in February (days 15–90 too),
/// the others a day here and there.
fn absence() -> String {
    let mut out = String::from("employee_id,date,hours\n");
    let mut day = |employee: u32, date: chrono::NaiveDate, hours: u32| {
        out.push_str(&format!("{employee},{date},{hours}\n"));
    };
    let start = chrono::NaiveDate::from_ymd_opt(2020, 1, 7).unwrap();
    for week in 0..13 {
        let date = start + chrono::Duration::weeks(2 * week);
        day(1, date, 8);
        day(5, date + chrono::Duration::days(1), 4);
    }
    for n in 0..20 {
        day(
            2,
            chrono::NaiveDate::from_ymd_opt(2020, 2, 3).unwrap() + chrono::Duration::days(n),
            8,
        );
    }
    for (employee, month, date) in [
        (3, 1, 15),
        (3, 5, 12),
        (4, 2, 11),
        (6, 3, 9),
        (6, 6, 2),
        (7, 4, 21),
        (8, 5, 5),
        (9, 2, 4),
        (10, 3, 17),
        (10, 6, 10),
        (11, 4, 14),
        (11, 5, 20),
    ] {
        day(employee, chrono::NaiveDate::from_ymd_opt(2020, month, date).unwrap(), 8);
    }
    out
}

fn follow_up_of(register: &str, treated: &str, min_group: u32) -> FollowUp {
    let register = Register::from_csv_str(register, Ids::Normalised).unwrap();
    let headcount = register.headcounts(m("2020-01"), m("2020-06")).unwrap();
    let treated = if treated.is_empty() {
        Vec::new()
    } else {
        read_treated(treated.as_bytes(), &CsvForm::default()).unwrap()
    };
    let options = Options {
        register: Some(Arc::new(register)),
        min_group,
        follow_up: FollowUpOptions {
            treated,
            permutations: 999,
            ..Default::default()
        },
        ..Options::default()
    };
    let absence = absence();
    utfall_absence::measure(|| Ok(absence.as_bytes()), &headcount, &options, &mut |_| {})
        .unwrap()
        .follow_up()
        .cloned()
        .unwrap()
}

fn follow_up() -> FollowUp {
    follow_up_of(REGISTER, TREATED, 2)
}

fn reference() -> Option<(Month, Month)> {
    Some((m("2020-01"), m("2020-03")))
}

fn chart_map(f: &FollowUp, style: &Style) -> BTreeMap<String, String> {
    charts(f, style, reference()).into_iter().collect()
}

/// The value of attribute `name` in the tag that starts `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let at = tag.find(&key).unwrap_or_else(|| panic!("{name} not in {tag}")) + key.len();
    let rest = &tag[at..];
    &rest[..rest.find('"').unwrap()]
}

/// The tags that begin with `open`, each up to its end.
fn tags<'a>(svg: &'a str, open: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    svg.match_indices(open).map(|(at, _)| {
        let rest = &svg[at..];
        &rest[..rest.find('>').unwrap()]
    })
}

/// A run of points read back: months and values, with the tolerance of the
/// coordinates' two places.
type ReadRun = Vec<(Month, Decimal)>;

/// Every series' runs, read back through the plot's edges.
fn read_back(svg: &str) -> (BTreeMap<String, Vec<ReadRun>>, Decimal) {
    let plot = tags(svg, "<rect class=\"plot\"").next().unwrap();
    let (first, last) = (m(attr(plot, "data-x-from")), m(attr(plot, "data-x-to")));
    let (y_lo, y_hi) = (d(attr(plot, "data-y-from")), d(attr(plot, "data-y-to")));
    let (left, top) = (d(attr(plot, "x")), d(attr(plot, "y")));
    let (width, height) = (d(attr(plot, "width")), d(attr(plot, "height")));
    let bottom = top + height;
    let count = Decimal::from(first.months_until(last) + 1);
    // Half a hundredth of a pixel, in values.
    let tolerance = (y_hi - y_lo) / height * d("0.005");
    let mut out: BTreeMap<String, Vec<ReadRun>> = BTreeMap::new();
    for line in tags(svg, "<polyline class=\"series\"") {
        let run = attr(line, "points")
            .split(' ')
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                let at = (d(x) - left) * count / width - d("0.5");
                let rounded = at.round();
                assert!((at - rounded).abs() < d("0.01"), "{x} is not a month's middle");
                let month = first.add_months(i32::try_from(rounded.mantissa()).unwrap()).unwrap();
                (month, y_lo + (bottom - d(y)) * (y_hi - y_lo) / height)
            })
            .collect();
        out.entry(attr(line, "data-series").to_owned()).or_default().push(run);
    }
    (out, tolerance)
}

/// What each chart should show, from the tables: series name → points.
fn expected(f: &FollowUp, file: &str, language: Language) -> BTreeMap<String, Vec<(Month, Decimal)>> {
    let name = |g: &FollowGroup| match g {
        FollowGroup::Total => ChartWord::WholeOrganisation.text(language).to_owned(),
        FollowGroup::AgeGroup(AgeGroup::UpTo29) => ChartWord::AgeUpTo29.text(language).to_owned(),
        FollowGroup::AgeGroup(AgeGroup::From30To49) => ChartWord::Age30To49.text(language).to_owned(),
        FollowGroup::AgeGroup(_) => ChartWord::AgeFrom50.text(language).to_owned(),
        other => other.value(),
    };
    let kind = |file: &str| {
        ["department", "sex", "age_group"]
            .into_iter()
            .find(|k| file.ends_with(&format!("by_{k}.svg")))
            .unwrap()
    };
    let mut out: BTreeMap<String, Vec<(Month, Decimal)>> = BTreeMap::new();
    if file.starts_with("net_days") {
        let band = if file.contains("long") {
            Band::Middle
        } else {
            Band::Short
        };
        for r in f.net_days() {
            if r.band == band && (r.group == FollowGroup::Total || r.group.kind() == kind(file)) {
                let points = out.entry(name(&r.group)).or_default();
                if r.suppressed.is_none() {
                    points.push((r.month, r.per_employee().unwrap()));
                }
            }
        }
    } else if file.starts_with("repeated_share") {
        for r in f.repeated() {
            if r.group == FollowGroup::Total || r.group.kind() == kind(file) {
                let points = out.entry(name(&r.group)).or_default();
                if r.suppressed.is_none() {
                    points.push((r.month, r.share().unwrap() * Decimal::ONE_HUNDRED));
                }
            }
        }
    } else if file == "repeated_group.svg" {
        for r in f.repeated().iter().filter(|r| r.group == FollowGroup::Total) {
            for (word, count) in [
                (ChartWord::Members, r.members),
                (ChartWord::Stayers, r.stayers),
                (ChartWord::Inflow, r.inflow),
            ] {
                let points = out.entry(word.text(language).to_owned()).or_default();
                points.push((r.month, Decimal::from(count)));
            }
        }
    } else {
        for x in f.distributions().iter().filter(|x| x.band == Band::Short) {
            let word = if x.arm == Arm::Treated {
                ChartWord::Treated
            } else {
                ChartWord::Other
            };
            out.entry(word.text(language).to_owned())
                .or_default()
                .push((x.month, x.mean.unwrap()));
        }
    }
    out
}

const FILES: [&str; 9] = [
    "net_days_by_department.svg",
    "net_days_by_sex.svg",
    "net_days_by_age_group.svg",
    "net_days_long_by_department.svg",
    "workplaces_treated_vs_other.svg",
    "repeated_group.svg",
    "repeated_share_by_sex.svg",
    "repeated_share_by_age_group.svg",
    "repeated_share_by_department.svg",
];

#[test]
fn every_point_reads_back_as_its_table_value() {
    let f = follow_up();
    // The case has what the charts need: a repeated-absence group, days
    // 15–90, a permutation test.
    assert!(f.repeated().iter().any(|r| r.members > 0));
    assert!(f.net_days().iter().any(|r| r.band == Band::Middle && r.centi_hours > 0));
    assert!(f.comparisons().iter().any(|c| c.band == Band::Short));
    for style in [Style::swedish(), Style::english()] {
        let out = charts(&f, &style, reference());
        let names: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, FILES);
        for (file, svg) in &out {
            let (read, tolerance) = read_back(svg);
            let want = expected(&f, file, style.language);
            assert_eq!(
                read.keys().collect::<Vec<_>>(),
                want.iter()
                    .filter(|(_, p)| !p.is_empty())
                    .map(|(k, _)| k)
                    .collect::<Vec<_>>(),
                "{file}"
            );
            for (series, points) in &want {
                let got: Vec<_> = read.get(series).into_iter().flatten().flatten().collect();
                assert_eq!(got.len(), points.len(), "{file}: {series}");
                for ((month, value), (want_month, want_value)) in got.iter().zip(points) {
                    assert_eq!(month, want_month, "{file}: {series}");
                    assert!(
                        (*value - *want_value).abs() <= tolerance,
                        "{file}: {series} {month}: {value} read back, {want_value} in the table"
                    );
                }
            }
            // Months from the tables' first to their last, the reference
            // period shaded.
            let plot = tags(svg, "<rect class=\"plot\"").next().unwrap();
            assert_eq!(
                (attr(plot, "data-x-from"), attr(plot, "data-x-to")),
                ("2020-01", "2020-06")
            );
            let shade = tags(svg, "<rect class=\"reference\"").next().unwrap();
            assert_eq!(
                (attr(shade, "data-from"), attr(shade, "data-to")),
                ("2020-01", "2020-03")
            );
        }
    }
}

#[test]
fn the_band_is_the_treated_arms_p10_to_p90() {
    let f = follow_up();
    let svg = chart_map(&f, &Style::english())
        .remove("workplaces_treated_vs_other.svg")
        .unwrap();
    let polygons: Vec<&str> = tags(&svg, "<polygon class=\"band\"").collect();
    assert!(!polygons.is_empty());
    assert_eq!(
        attr(polygons[0], "data-band"),
        ChartWord::TreatedBand.text(Language::English)
    );
    let months = f
        .distributions()
        .iter()
        .filter(|x| x.arm == Arm::Treated && x.band == Band::Short && x.p10.is_some())
        .count();
    let corners: usize = polygons.iter().map(|p| attr(p, "points").split(' ').count()).sum();
    assert_eq!(corners, 2 * months);
}

#[test]
fn a_suppressed_group_leaves_a_gap() {
    let f = follow_up();
    let c = FollowGroup::Department("C".into());
    let march = f
        .net_days()
        .iter()
        .find(|r| r.group == c && r.month == m("2020-03") && r.band == Band::Short)
        .unwrap();
    assert!(march.suppressed.is_some());
    for file in ["net_days_by_department.svg", "repeated_share_by_department.svg"] {
        let svg = chart_map(&f, &Style::swedish()).remove(file).unwrap();
        let (read, _) = read_back(&svg);
        let runs = &read["C"];
        assert_eq!(runs.len(), 2, "{file}");
        assert_eq!(runs[0].last().unwrap().0, m("2020-02"), "{file}");
        assert_eq!(runs[1].first().unwrap().0, m("2020-04"), "{file}");
    }
    // Nothing suppressed: one unbroken line.
    let f = follow_up_of(REGISTER, TREATED, 0);
    let svg = chart_map(&f, &Style::swedish())
        .remove("net_days_by_department.svg")
        .unwrap();
    assert_eq!(read_back(&svg).0["C"].len(), 1);
}

/// The title of a chart.
fn title(svg: &str) -> &str {
    let at = svg.find("font-weight=\"bold\">").unwrap() + "font-weight=\"bold\">".len();
    &svg[at..at + svg[at..].find('<').unwrap()]
}

#[test]
fn each_language_has_its_own_words() {
    let f = follow_up();
    let sv = chart_map(&f, &Style::swedish());
    let en = chart_map(&f, &Style::english());
    assert_eq!(
        title(&sv["net_days_by_department.svg"]),
        "Sjukfrånvaro dag 1–14 per avdelning"
    );
    assert_eq!(
        title(&en["net_days_by_department.svg"]),
        "Sick leave days 1–14 by department"
    );
    assert!(sv["net_days_by_age_group.svg"].contains(">29 och yngre<"));
    assert!(en["net_days_by_age_group.svg"].contains(">50 and over<"));
    assert!(sv["repeated_group.svg"].contains(">Antal anställda<"));
    // The English catalogue's phrases: runs of words between the
    // parameters, long enough to be English rather than a shared word.
    let phrases: Vec<&str> = ChartWord::ALL
        .iter()
        .flat_map(|w| w.text(Language::English).split(['{', '}']).step_by(2))
        .flat_map(|p| p.split([';', ':', '(', ')', ',', '.']))
        .map(str::trim)
        .filter(|p| p.contains(' ') && p.chars().filter(|c| c.is_alphabetic()).count() >= 10)
        .chain(["Reference period", "No data"])
        .collect();
    assert!(phrases.len() > 20, "{phrases:?}");
    for (file, svg) in &sv {
        for phrase in &phrases {
            assert!(!svg.contains(phrase), "{file}: {phrase:?}");
        }
    }
    // The check could pass by finding nothing: the English charts have them.
    let all_en: String = en.values().cloned().collect();
    let found = phrases.iter().filter(|p| all_en.contains(*p)).count();
    assert!(found >= 15, "only {found} phrases in the English charts");
    for (file, svg) in &en {
        assert_ne!(title(svg), title(&sv[file]), "{file}");
    }
}

/// The note under a chart, its lines joined by a space.
fn note(svg: &str) -> String {
    let lines: Vec<&str> = svg
        .match_indices("class=\"note\"")
        .map(|(at, _)| {
            let at = at + svg[at..].find('>').unwrap() + 1;
            &svg[at..at + svg[at..].find('<').unwrap()]
        })
        .collect();
    assert!(!lines.is_empty());
    lines.join(" ")
}

#[test]
fn the_note_gives_the_permutation_test() {
    let f = follow_up();
    let c = f.comparisons().iter().find(|c| c.band == Band::Short).unwrap();
    for style in [Style::swedish(), Style::english()] {
        let svg = chart_map(&f, &style).remove("workplaces_treated_vs_other.svg").unwrap();
        let text = note(&svg);
        let p = text.split("p = ").nth(1).unwrap().split(' ').next().unwrap();
        assert_eq!(d(&p.replace(style.decimal_separator, ".")), c.p_value, "{text}");
        assert!(text.contains(&c.at.to_string()), "{text}");
        assert!(text.contains(&format!("({} ", c.permutations)), "{text}");
        assert!(text.contains(&style.rounded(c.statistic, 2)), "{text}");
    }
    let sv = note(&chart_map(&f, &Style::swedish())["workplaces_treated_vs_other.svg"]);
    assert!(sv.starts_with("Skillnad i förändring från 2020-04: "), "{sv}");
    assert!(sv.ends_with("inte en bedömning av avtalet."), "{sv}");
    assert!(
        sv.contains(&format!("{} och {} arbetsplatser", c.treated, c.other)),
        "{sv}"
    );
}

#[test]
fn charts_of_missing_groups_are_not_written() {
    // No birth years: no age groups. No treated file: no workplace arms.
    let register: String = REGISTER
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0)
        .collect::<Vec<_>>()
        .join("\n");
    let f = follow_up_of(&register, "", 0);
    assert!(f.distributions().is_empty());
    let names: Vec<String> = charts(&f, &Style::swedish(), None)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        [
            "net_days_by_department.svg",
            "net_days_by_sex.svg",
            "net_days_long_by_department.svg",
            "repeated_group.svg",
            "repeated_share_by_sex.svg",
            "repeated_share_by_department.svg",
        ]
    );
    // No reference period: nothing shaded.
    for (_, svg) in charts(&f, &Style::english(), None) {
        assert!(!svg.contains("class=\"reference\""));
    }
}
