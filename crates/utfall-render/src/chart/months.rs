//! A month series as an SVG line chart: one line per series over a run of
//! months (net sick days per employee per month by department, the treated
//! workplaces against the others, a group's share), with an optional shaded
//! band (a 10th–90th percentile range), the reference period shaded grey
//! behind the lines, and a note under the chart.
//!
//! The chart looks like the risk-sharing chart ([`render_risk_svg`](crate::render_risk_svg)):
//! the same size, plot area, fonts and legend at the right. Months run along
//! the x axis, each a slot of equal width with its point in the middle, so a
//! single month is drawn in the middle of the plot and the shaded reference
//! period covers its first and last months whole. The y axis runs from zero
//! (or a round value below the least value, when one is negative) to a round
//! ceiling at or above the greatest value, in steps of 1, 2, 2.5 or 5 times a
//! power of ten; its labels are written in the [`Style`]'s numbers.
//!
//! Every coordinate is computed in exact decimals and rounded to two places,
//! as in the risk chart: no binary fraction comes between a value and where
//! it is drawn, so a reader of the SVG (a test, or a program that checks a
//! figure against its table) gets each value back from its point to within
//! the rounding of the coordinates. Each unbroken run of a series is one
//! `<polyline class="series" data-series="NAME" points="x,y …">`, and the
//! plot's frame, `<rect class="plot" data-x-from="YYYY-MM"
//! data-x-to="YYYY-MM" data-y-from="…" data-y-to="…">`, says what its edges
//! stand for.
//!
//! Series are drawn in a palette of twelve colours that are told apart on
//! screen and on paper (the risk chart's blue first); the 13th to the 24th
//! series take the same colours again, dashed, and beyond that the palette
//! cycles again solid. A band takes the colour of the series of the same name,
//! else of the first series, as a translucent fill.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use utfall_engine::Month;

use super::{BOTTOM, HEIGHT, LEFT, LEGEND, RIGHT, TOP, WIDTH, escape, scale, ticks, word};
use crate::number::Style;
use crate::words::{self, Text};

/// A month-series line chart, its words already in the chart's language
/// (except the few the chart itself writes: the reference period's label,
/// the month names and "no data").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthChart {
    /// The title above the chart.
    pub title: String,
    /// What the y axis measures, e.g. `Nettodagar per anställd`.
    pub y_label: String,
    /// The first month of the x axis.
    pub first: Month,
    /// The last month of the x axis, inclusive (taken as the first when it
    /// comes before it, and the other way round).
    pub last: Month,
    /// The lines, in legend order. A point outside `first..=last` is left
    /// out.
    pub series: Vec<MonthSeries>,
    /// A shaded band, drawn behind the lines.
    pub band: Option<MonthBand>,
    /// The reference period, inclusive, shaded grey behind the lines and
    /// labelled; the part outside the x axis is left out.
    pub shaded: Option<(Month, Month)>,
    /// A line of text under the chart.
    pub note: Option<String>,
}

impl MonthChart {
    /// A chart from `first` to `last` with no series, band, reference period
    /// or note yet.
    pub fn new(title: impl Into<String>, y_label: impl Into<String>, first: Month, last: Month) -> Self {
        Self {
            title: title.into(),
            y_label: y_label.into(),
            first,
            last,
            series: Vec::new(),
            band: None,
            shaded: None,
            note: None,
        }
    }
}

/// One line of a [`MonthChart`]: a value for each month it has. A month
/// missing between two it has breaks the line; points may come in any order
/// (they are drawn in month order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthSeries {
    /// The legend's name.
    pub name: String,
    /// A value for each month the series has.
    pub points: Vec<(Month, Decimal)>,
}

/// A band of a [`MonthChart`], filled between its lower and upper values:
/// drawn for each month that has both, and broken where a month lacks one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthBand {
    /// The legend's name, e.g. `Behandlade arbetsplatser, 10:e–90:e percentil`.
    pub name: String,
    /// The band's lower edge.
    pub lower: Vec<(Month, Decimal)>,
    /// The band's upper edge.
    pub upper: Vec<(Month, Decimal)>,
}

/// Twelve colours told apart on screen and in print: the risk chart's blue,
/// red, green and orange first.
const PALETTE: [&str; 12] = [
    "#1f6fb4", "#d62728", "#2ca02c", "#e07b00", "#9467bd", "#8c564b", "#e377c2", "#555555", "#bcbd22", "#17becf",
    "#0b3d6b", "#a6761d",
];

/// The reference period's shade.
const SHADE: &str = "#e6e6e6";

/// The colour and dash pattern of the `i`th series: the palette's colours
/// solid, then again dashed, and so on.
fn look(i: usize) -> (&'static str, Option<&'static str>) {
    let colour = PALETTE.get(i % PALETTE.len()).copied().unwrap_or("#000");
    let dash = ((i / PALETTE.len()) % 2 == 1).then_some("7,4");
    (colour, dash)
}

/// The chart as an SVG, its own few words (the reference period's label,
/// month names, "no data") in the style's language and the y axis's numbers
/// in its style. Every name, title and note is escaped as XML, so the chart
/// is well-formed whatever it is given (a control character XML cannot hold
/// is written as U+FFFD). A chart with nothing to draw says so in the plot.
///
/// # Example
/// ```
/// use utfall_engine::Month;
/// use utfall_render::{render_month_chart, MonthChart, MonthSeries, Style};
/// let m = |s: &str| s.parse::<Month>().unwrap();
/// let d = |s: &str| s.parse().unwrap();
/// let mut chart = MonthChart::new("Sjukfrånvaro per avdelning", "Nettodagar per anställd", m("2019-01"), m("2019-12"));
/// chart.series.push(MonthSeries {
///     name: "Hemtjänst".to_owned(),
///     points: vec![(m("2019-01"), d("1.25")), (m("2019-02"), d("1.5")), (m("2019-04"), d("0.75"))],
/// });
/// chart.shaded = Some((m("2019-01"), m("2019-03")));
/// let svg = render_month_chart(&chart, &Style::swedish());
/// assert!(svg.starts_with("<svg"));
/// // Two runs: January–February, and April alone (March is missing).
/// assert_eq!(svg.matches(r#"<polyline class="series" data-series="Hemtjänst""#).count(), 2);
/// assert!(svg.contains(">Referensperiod<"));
/// assert!(svg.contains(">1,5<")); // a y tick, in Swedish numbers
/// assert!(svg.contains(">maj<"));
/// assert!(render_month_chart(&chart, &Style::english()).contains(">Reference period<"));
/// ```
pub fn render_month_chart(chart: &MonthChart, style: &Style) -> String {
    let frame = Frame::new(chart);
    let lines: Vec<Vec<Run>> = chart.series.iter().map(|s| runs(frame.points(&s.points))).collect();
    let band = chart.band.as_ref().map(|b| (b, runs(frame.band_points(b))));
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="13">"##
    );
    let _ = writeln!(svg, r##"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"##);
    let _ = writeln!(
        svg,
        r##"<text x="{LEFT}" y="30" font-size="17" font-weight="bold">{}</text>"##,
        escape(&chart.title)
    );
    if let Some((a, b)) = chart.shaded {
        frame.write_shaded(&mut svg, a, b, style);
    }
    frame.write_y_axis(&mut svg, chart, style);
    frame.write_x_axis(&mut svg, style);
    let band_colour = chart
        .band
        .as_ref()
        .and_then(|b| chart.series.iter().position(|s| s.name == b.name))
        .map_or(look(0).0, |i| look(i).0);
    if let Some((b, band_runs)) = &band {
        frame.write_band(&mut svg, b, band_runs, band_colour);
    }
    for (i, (s, runs)) in chart.series.iter().zip(&lines).enumerate() {
        frame.write_series(&mut svg, s, runs, i);
    }
    let _ = writeln!(
        svg,
        r##"<rect class="plot" data-x-from="{}" data-x-to="{}" data-y-from="{}" data-y-to="{}" x="{LEFT}" y="{TOP}" width="{}" height="{}" fill="none" stroke="#000"/>"##,
        frame.first,
        frame.last,
        frame.y_lo,
        frame.y_hi,
        RIGHT - LEFT,
        BOTTOM - TOP
    );
    let nothing = lines.iter().flatten().next().is_none() && band.as_ref().is_none_or(|(_, r)| r.is_empty());
    if nothing {
        let _ = writeln!(
            svg,
            r##"<text class="no-data" x="{}" y="{}" text-anchor="middle" font-size="15" fill="#777">{}</text>"##,
            (LEFT + RIGHT) / 2,
            (TOP + BOTTOM) / 2,
            escape(word(style, Text::ChartNoData))
        );
    }
    write_legend(&mut svg, chart, band_colour);
    if let Some(note) = &chart.note {
        let lines = note_lines(note);
        let mut ny = HEIGHT - 10 - 14 * i64::try_from(lines.len().saturating_sub(1)).unwrap_or(0);
        for line in lines {
            let _ = writeln!(
                svg,
                r##"<text class="note" x="{LEFT}" y="{ny}" font-size="12" fill="#444">{}</text>"##,
                escape(line)
            );
            ny += 14;
        }
    }
    let _ = writeln!(svg, "</svg>");
    svg
}

/// The most characters of a line of the note: about the chart's width at
/// its font size.
const NOTE_LINE: usize = 130;

/// The note in lines of at most [`NOTE_LINE`] characters, broken at spaces
/// (a longer word is a line of its own); a short note is one line, as given.
fn note_lines(note: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = note;
    while rest.chars().count() > NOTE_LINE {
        // The first NOTE_LINE characters and the one after them, which may
        // be the space to break at.
        let limit = rest.char_indices().nth(NOTE_LINE + 1).map_or(rest.len(), |(at, _)| at);
        let head = rest.get(..limit).unwrap_or(rest);
        let Some(at) = head.rfind(' ').filter(|at| *at > 0).or_else(|| rest.find(' ')) else {
            break;
        };
        lines.push(rest.get(..at).unwrap_or_default());
        rest = rest.get(at + 1..).unwrap_or_default();
    }
    lines.push(rest);
    lines
}

/// An unbroken run of points: consecutive months (or one month twice), each
/// as its month's place on the axis (0 for the first month) and a value, or
/// for a band a pair of values.
type Run<V = Decimal> = Vec<(i32, V)>;

/// `points` split where a month is missing between two.
fn runs<V: Copy>(mut points: Vec<(i32, V)>) -> Vec<Run<V>> {
    points.sort_by_key(|(at, _)| *at);
    let mut out: Vec<Run<V>> = Vec::new();
    for (at, v) in points {
        match out.last_mut() {
            Some(run) if run.last().is_some_and(|(prev, _)| at.saturating_sub(*prev) <= 1) => run.push((at, v)),
            _ => out.push(vec![(at, v)]),
        }
    }
    out
}

/// The axes: the months `first..=last`, and the y axis's ticks.
struct Frame {
    first: Month,
    last: Month,
    /// How many months the x axis holds, at least 1.
    count: i32,
    /// The x axis runs from half a month before the first month's point to
    /// half a month after the last's.
    x_lo: Decimal,
    x_hi: Decimal,
    y_ticks: Vec<Decimal>,
    y_lo: Decimal,
    y_hi: Decimal,
}

impl Frame {
    fn new(chart: &MonthChart) -> Self {
        let (first, last) = if chart.first <= chart.last {
            (chart.first, chart.last)
        } else {
            (chart.last, chart.first)
        };
        let count = first.months_until(last).saturating_add(1).max(1);
        let half = Decimal::new(5, 1);
        let mut frame = Self {
            first,
            last,
            count,
            x_lo: -half,
            x_hi: Decimal::from(count) - half,
            y_ticks: Vec::new(),
            y_lo: Decimal::ZERO,
            y_hi: Decimal::ONE,
        };
        let series = chart.series.iter().flat_map(|s| frame.points(&s.points));
        let band = chart
            .band
            .iter()
            .flat_map(|b| frame.band_points(b))
            .flat_map(|(at, (lo, hi))| [(at, lo), (at, hi)]);
        let (lo, hi) = series
            .chain(band)
            .fold((Decimal::ZERO, Decimal::ZERO), |(lo, hi), (_, v)| {
                (lo.min(v), hi.max(v))
            });
        // All zero (or nothing): an axis from 0 to 1 rather than none.
        let hi = if hi == lo { Decimal::ONE } else { hi };
        frame.y_ticks = ticks(lo, hi);
        frame.y_lo = frame.y_ticks.first().copied().unwrap_or(lo);
        frame.y_hi = frame.y_ticks.last().copied().unwrap_or(hi);
        frame
    }

    /// The place of `month` on the axis, if it is on it.
    fn at(&self, month: Month) -> Option<i32> {
        let at = self.first.months_until(month);
        (0..self.count).contains(&at).then_some(at)
    }

    /// The points of a series that are on the axis.
    fn points(&self, points: &[(Month, Decimal)]) -> Run {
        points.iter().filter_map(|(m, v)| Some((self.at(*m)?, *v))).collect()
    }

    /// The months on the axis that have both a lower and an upper value, with
    /// the two.
    fn band_points(&self, band: &MonthBand) -> Run<(Decimal, Decimal)> {
        band.lower
            .iter()
            .filter_map(|(m, lo)| {
                let (_, hi) = band.upper.iter().find(|(u, _)| u == m)?;
                Some((self.at(*m)?, (*lo, *hi)))
            })
            .collect()
    }

    /// The x coordinate of a place on the axis (a month's is its middle).
    fn x(&self, at: Decimal) -> Decimal {
        scale(at, self.x_lo, self.x_hi, LEFT, RIGHT)
    }

    fn x_of(&self, at: i32) -> Decimal {
        self.x(Decimal::from(at))
    }

    fn y(&self, v: Decimal) -> Decimal {
        scale(v, self.y_lo, self.y_hi, BOTTOM, TOP)
    }

    /// The reference period `a..=b` as a grey rectangle across the plot,
    /// labelled above it; only the part on the axis, and nothing when none
    /// is.
    fn write_shaded(&self, svg: &mut String, a: Month, b: Month, style: &Style) {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let from = self.first.months_until(a).max(0);
        let to = self.first.months_until(b).min(self.count.saturating_sub(1));
        if from > to {
            return;
        }
        let half = Decimal::new(5, 1);
        let x1 = self.x(Decimal::from(from) - half);
        let x2 = self.x(Decimal::from(to) + half);
        let _ = writeln!(
            svg,
            r##"<rect class="reference" data-from="{a}" data-to="{b}" x="{x1}" y="{TOP}" width="{}" height="{}" fill="{SHADE}"/>"##,
            x2 - x1,
            BOTTOM - TOP
        );
        let _ = writeln!(
            svg,
            r##"<text class="reference" x="{x1}" y="{}" font-size="12" fill="#555">{}</text>"##,
            TOP - 6,
            escape(word(style, Text::ChartReferencePeriod))
        );
    }

    /// The y grid with its ticks in the style's numbers, and the axis's
    /// title.
    fn write_y_axis(&self, svg: &mut String, chart: &MonthChart, style: &Style) {
        super::write_y_grid(svg, &self.y_ticks, |v| self.y(v), |v| style.exact(v));
        let _ = writeln!(
            svg,
            r##"<text x="22" y="{}" text-anchor="middle" transform="rotate(-90 22 {})">{}</text>"##,
            (TOP + BOTTOM) / 2,
            (TOP + BOTTOM) / 2,
            escape(&chart.y_label)
        );
    }

    /// The month ticks: over at most 24 months a tick at every month with
    /// its short name (its number over 13 to 24 months, where names would
    /// crowd) and the years under them; over more, a tick and a grid line at
    /// each January with its year, thinned to every 2nd, 5th, 10th … year
    /// where the years would crowd.
    fn write_x_axis(&self, svg: &mut String, style: &Style) {
        let monthly = self.count <= 24;
        let names = words::columns(style.language, Text::ChartMonthNames);
        if monthly {
            for at in 0..self.count {
                let Ok(month) = self.first.add_months(at) else { continue };
                let tx = self.x_of(at);
                let _ = writeln!(
                    svg,
                    r##"<line x1="{tx}" y1="{BOTTOM}" x2="{tx}" y2="{}" stroke="#000"/>"##,
                    BOTTOM + 4
                );
                let number = month.month().to_string();
                let label = if self.count <= 12 {
                    usize::try_from(month.month())
                        .ok()
                        .and_then(|m| names.get(m.saturating_sub(1)))
                        .copied()
                        .unwrap_or(number.as_str())
                } else {
                    number.as_str()
                };
                let _ = writeln!(
                    svg,
                    r##"<text class="month" x="{tx}" y="{}" font-size="11" text-anchor="middle">{}</text>"##,
                    BOTTOM + 17,
                    escape(label)
                );
            }
        }
        let year_y = if monthly { BOTTOM + 35 } else { BOTTOM + 20 };
        // At least 40 pixels between year labels: a year is 12 of `count`
        // months of the plot's width.
        let per_year = (RIGHT - LEFT) * 12;
        let every = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]
            .into_iter()
            .find(|k| i64::from(*k) * per_year >= 40 * i64::from(self.count))
            .unwrap_or(10000);
        // Months to the first January.
        let january = i32::try_from((13 - self.first.month()) % 12).unwrap_or(0);
        // A short axis with no January (or a late one) names its first
        // month's year.
        if monthly && january >= 3 {
            let _ = writeln!(
                svg,
                r##"<text class="year" x="{}" y="{year_y}" text-anchor="middle">{}</text>"##,
                self.x_of(0),
                self.first.year()
            );
        }
        let mut at = january;
        while at < self.count {
            if let Ok(month) = self.first.add_months(at)
                && month.year() % every == 0
            {
                let tx = self.x_of(at);
                super::write_x_tick(svg, tx, 8);
                let _ = writeln!(
                    svg,
                    r##"<text class="year" x="{tx}" y="{year_y}" text-anchor="middle">{}</text>"##,
                    month.year()
                );
            }
            at = at.saturating_add(12);
        }
    }

    /// The band as a translucent polygon for each run of months: along the
    /// upper values, then back along the lower.
    fn write_band(&self, svg: &mut String, band: &MonthBand, runs: &[Run<(Decimal, Decimal)>], colour: &str) {
        for run in runs {
            let upper = run
                .iter()
                .map(|(at, (_, hi))| format!("{},{}", self.x_of(*at), self.y(*hi)));
            let lower = run
                .iter()
                .rev()
                .map(|(at, (lo, _))| format!("{},{}", self.x_of(*at), self.y(*lo)));
            let points: Vec<String> = upper.chain(lower).collect();
            // A run of one month is a vertical stroke, so that it shows.
            let stroke = if run.len() == 1 {
                format!(r##" stroke="{colour}" stroke-opacity="0.3" stroke-width="6""##)
            } else {
                r##" stroke="none""##.to_owned()
            };
            let _ = writeln!(
                svg,
                r##"<polygon class="band" data-band="{}" points="{}" fill="{colour}" fill-opacity="0.2"{stroke}/>"##,
                escape(&band.name),
                points.join(" ")
            );
        }
    }

    /// A polyline for each run of the `i`th series, and a dot for a run of
    /// one month (which a polyline does not show).
    fn write_series(&self, svg: &mut String, series: &MonthSeries, runs: &[Run], i: usize) {
        let (colour, dash) = look(i);
        let dash = dash
            .map(|d| format!(r##" stroke-dasharray="{d}""##))
            .unwrap_or_default();
        let name = escape(&series.name);
        for run in runs {
            let points: Vec<String> = run
                .iter()
                .map(|(at, v)| format!("{},{}", self.x_of(*at), self.y(*v)))
                .collect();
            let _ = writeln!(
                svg,
                r##"<polyline class="series" data-series="{name}" points="{}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>"##,
                points.join(" ")
            );
            if let [(at, v)] = run.as_slice() {
                let _ = writeln!(
                    svg,
                    r##"<circle cx="{}" cy="{}" r="3.5" fill="{colour}"/>"##,
                    self.x_of(*at),
                    self.y(*v)
                );
            }
        }
    }
}

/// The legend at the right: a line for each series, then a patch for the
/// band.
fn write_legend(svg: &mut String, chart: &MonthChart, band_colour: &str) {
    let mut ly = TOP + 10;
    for (i, s) in chart.series.iter().enumerate() {
        let (colour, dash) = look(i);
        let dash = dash
            .map(|d| format!(r##" stroke-dasharray="{d}""##))
            .unwrap_or_default();
        let _ = writeln!(
            svg,
            r##"<line x1="{LEGEND}" y1="{ly}" x2="{}" y2="{ly}" stroke="{colour}" stroke-width="2.5"{dash}/>"##,
            LEGEND + 25
        );
        let _ = writeln!(
            svg,
            r##"<text x="{}" y="{}">{}</text>"##,
            LEGEND + 32,
            ly + 4,
            escape(&s.name)
        );
        ly += 24;
    }
    if let Some(band) = &chart.band {
        let _ = writeln!(
            svg,
            r##"<rect x="{LEGEND}" y="{}" width="25" height="12" fill="{band_colour}" fill-opacity="0.2"/>"##,
            ly - 6
        );
        let _ = writeln!(
            svg,
            r##"<text x="{}" y="{}">{}</text>"##,
            LEGEND + 32,
            ly + 4,
            escape(&band.name)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn series(name: &str, points: &[(&str, &str)]) -> MonthSeries {
        MonthSeries {
            name: name.to_owned(),
            points: points.iter().map(|(a, v)| (m(a), d(v))).collect(),
        }
    }

    /// A chart over 2018-01 to 2020-12 with three departments, one with a
    /// gap, a band and the reference period.
    fn sample() -> MonthChart {
        let mut chart = MonthChart::new("Nettodagar", "Nettodagar per anställd", m("2018-01"), m("2020-12"));
        let months: Vec<Month> = (0..36).map(|i| m("2018-01").add_months(i).unwrap()).collect();
        let value = |i: usize, k: usize| Decimal::new(i64::try_from((i * 37 + k * 101) % 250).unwrap(), 2);
        for (k, name) in ["Hemtjänst", "Skola", "Förskola"].iter().enumerate() {
            let points = months
                .iter()
                .enumerate()
                // Förskola lacks 2019-03 to 2019-05.
                .filter(|(i, _)| k != 2 || !(14..17).contains(i))
                .map(|(i, mo)| (*mo, value(i, k)))
                .collect();
            chart.series.push(MonthSeries {
                name: (*name).to_owned(),
                points,
            });
        }
        chart.band = Some(MonthBand {
            name: "Skola".to_owned(),
            lower: months.iter().map(|mo| (*mo, d("0.1"))).collect(),
            upper: months.iter().map(|mo| (*mo, d("2.75"))).collect(),
        });
        chart.shaded = Some((m("2018-01"), m("2018-12")));
        chart.note = Some("Permutationstest: p = 0,03".to_owned());
        chart
    }

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"))
    }

    fn attr(node: roxmltree::Node<'_, '_>, name: &str) -> Decimal {
        d(node.attribute(name).unwrap())
    }

    /// The points of `name`'s polylines read back through the plot's edges:
    /// each run as the months and values the points stand for, the values
    /// to within a hundredth of a pixel.
    fn read_back(svg: &str, name: &str) -> Vec<Vec<(Month, Decimal, Decimal)>> {
        let doc = parse(svg);
        let plot = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("plot"))
            .unwrap();
        let (first, last) = (
            m(plot.attribute("data-x-from").unwrap()),
            m(plot.attribute("data-x-to").unwrap()),
        );
        let (y_lo, y_hi) = (attr(plot, "data-y-from"), attr(plot, "data-y-to"));
        let count = Decimal::from(first.months_until(last) + 1);
        let (left, right, top, bottom) = (
            Decimal::from(LEFT),
            Decimal::from(RIGHT),
            Decimal::from(TOP),
            Decimal::from(BOTTOM),
        );
        // Half a hundredth of a pixel, in values.
        let tolerance = (y_hi - y_lo) / (bottom - top) * d("0.005");
        doc.descendants()
            .filter(|n| n.has_tag_name("polyline") && n.attribute("data-series") == Some(name))
            .map(|n| {
                n.attribute("points")
                    .unwrap()
                    .split(' ')
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        let at = (d(x) - left) * count / (right - left) - d("0.5");
                        let rounded = at.round();
                        assert!((at - rounded).abs() < d("0.01"), "{x} is not a month's middle");
                        let month = first.add_months(i32::try_from(rounded.mantissa()).unwrap()).unwrap();
                        let value = y_lo + (bottom - d(y)) * (y_hi - y_lo) / (bottom - top);
                        (month, value, tolerance)
                    })
                    .collect()
            })
            .collect()
    }

    fn assert_reads_back(svg: &str, s: &MonthSeries) {
        let runs = read_back(svg, &s.name);
        let points: Vec<_> = runs.iter().flatten().collect();
        assert_eq!(points.len(), s.points.len(), "{}", s.name);
        for ((month, value, tolerance), (want_month, want)) in points.iter().zip(&s.points) {
            assert_eq!(month, want_month, "{}", s.name);
            assert!(
                (*value - *want).abs() <= *tolerance,
                "{} {month}: {value} read back, {want} given",
                s.name
            );
        }
    }

    #[test]
    fn every_point_reads_back_as_its_month_and_value() {
        let chart = sample();
        for style in [Style::swedish(), Style::english()] {
            let svg = render_month_chart(&chart, &style);
            for s in &chart.series {
                assert_reads_back(&svg, s);
            }
        }
    }

    #[test]
    fn a_missing_month_breaks_the_line() {
        let svg = render_month_chart(&sample(), &Style::swedish());
        assert_eq!(read_back(&svg, "Hemtjänst").len(), 1);
        let runs = read_back(&svg, "Förskola");
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].last().unwrap().0, m("2019-02"));
        assert_eq!(runs[1].first().unwrap().0, m("2019-06"));
        // Out of order and with a lone month: sorted, and the lone month a
        // run of its own with a dot.
        let mut chart = MonthChart::new("t", "y", m("2020-01"), m("2020-06"));
        chart.series.push(series(
            "a",
            &[("2020-03", "1"), ("2020-01", "2"), ("2020-05", "3"), ("2020-02", "4")],
        ));
        let svg = render_month_chart(&chart, &Style::english());
        let runs = read_back(&svg, "a");
        let months: Vec<Vec<String>> = runs
            .iter()
            .map(|r| r.iter().map(|p| p.0.to_string()).collect())
            .collect();
        assert_eq!(months, [vec!["2020-01", "2020-02", "2020-03"], vec!["2020-05"]]);
        assert_eq!(svg.matches("<circle").count(), 1);
    }

    #[test]
    fn the_band_is_a_polygon_in_its_series_colour() {
        let chart = sample();
        let svg = render_month_chart(&chart, &Style::swedish());
        let doc = parse(&svg);
        let polygons: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("polygon")).collect();
        assert_eq!(polygons.len(), 1);
        let band = polygons[0];
        assert_eq!(band.attribute("data-band"), Some("Skola"));
        // Skola is the second series.
        assert_eq!(band.attribute("fill"), Some(PALETTE[1]));
        assert_eq!(band.attribute("fill-opacity"), Some("0.2"));
        let points: Vec<&str> = band.attribute("points").unwrap().split(' ').collect();
        assert_eq!(points.len(), 72);
        // Behind the lines.
        assert!(svg.find("<polygon").unwrap() < svg.find("<polyline").unwrap());
        // The band's upper edge raises the axis: 2.75 is above every series.
        let plot = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("plot"))
            .unwrap();
        assert_eq!(plot.attribute("data-y-to"), Some("3"));
        // A band of no series' name takes the first series' colour, and a
        // month that lacks an edge breaks it.
        let mut chart = sample();
        let band = chart.band.as_mut().unwrap();
        band.name = "p10–p90".to_owned();
        band.upper.remove(5);
        let svg = render_month_chart(&chart, &Style::swedish());
        assert_eq!(
            svg.matches(&format!(r#"fill="{}" fill-opacity"#, PALETTE[0])).count(),
            3
        );
    }

    #[test]
    fn the_reference_period_is_clipped_to_the_axis() {
        let reference = |svg: &str| {
            let doc = parse(svg);
            doc.descendants()
                .find(|n| n.has_tag_name("rect") && n.attribute("class") == Some("reference"))
                .map(|n| (attr(n, "x"), attr(n, "width")))
        };
        let mut chart = sample();
        // 2018: the first year of three, 1/3 of the plot.
        let svg = render_month_chart(&chart, &Style::swedish());
        assert_eq!(reference(&svg), Some((d("100"), d("186.67"))));
        assert!(svg.contains(">Referensperiod<"));
        // Begun before the axis: only 2018 shows.
        chart.shaded = Some((m("2016-06"), m("2018-12")));
        let svg = render_month_chart(&chart, &Style::swedish());
        assert_eq!(reference(&svg), Some((d("100"), d("186.67"))));
        // Past the end, given backwards.
        chart.shaded = Some((m("2022-01"), m("2020-07")));
        let svg = render_month_chart(&chart, &Style::english());
        assert_eq!(reference(&svg), Some((d("566.67"), d("93.33"))));
        assert!(svg.contains(">Reference period<"));
        // Wholly outside: nothing, and no label.
        chart.shaded = Some((m("2015-01"), m("2017-12")));
        let svg = render_month_chart(&chart, &Style::swedish());
        assert_eq!(reference(&svg), None);
        assert!(!svg.contains("Referensperiod"));
        // Behind the lines.
        chart.shaded = Some((m("2018-01"), m("2018-12")));
        let svg = render_month_chart(&chart, &Style::swedish());
        assert!(svg.find(r#"class="reference""#).unwrap() < svg.find("<polyline").unwrap());
    }

    #[test]
    fn a_single_month_is_in_the_middle() {
        let mut chart = MonthChart::new("En månad", "Dagar", m("2020-05"), m("2020-05"));
        chart.series.push(series("a", &[("2020-05", "1.7"), ("2020-06", "9")]));
        chart.shaded = Some((m("2020-01"), m("2020-12")));
        let svg = render_month_chart(&chart, &Style::swedish());
        parse(&svg);
        assert!(svg.contains(r#"data-series="a" points="380,"#), "{svg}");
        assert!(svg.contains(">maj<"));
        assert!(svg.contains(r#"class="year" x="380""#));
        // 2020-06 is off the axis: left out, and not counted for the y axis.
        assert!(svg.contains(r#"data-y-to="1.75""#));
        assert!(svg.contains(r#"class="reference" data-from="2020-01" data-to="2020-12" x="100" y="75" width="560""#));
        // The month's value read back.
        let runs = read_back(&svg, "a");
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].len(), 1);
        assert_eq!(runs[0][0].0, m("2020-05"));
    }

    #[test]
    fn all_zero_gives_an_axis_from_zero_to_one() {
        let mut chart = MonthChart::new("Noll", "Dagar", m("2019-01"), m("2019-12"));
        chart.series.push(series("a", &[("2019-01", "0"), ("2019-02", "0.00")]));
        chart.series.push(series("b", &[("2019-03", "0")]));
        let svg = render_month_chart(&chart, &Style::swedish());
        parse(&svg);
        assert!(svg.contains(r#"data-y-from="0" data-y-to="1""#));
        assert!(svg.contains(r#"points="123.33,500 170,500""#), "{svg}");
        assert!(!svg.contains("no-data"));
        for s in &chart.series {
            assert_reads_back(&svg, s);
        }
    }

    #[test]
    fn the_y_axis_ends_at_a_round_ceiling() {
        for (max, top) in [
            ("0.87", "1"),
            ("4.2", "5"),
            ("17", "17.5"),
            ("230", "250"),
            ("1234", "1400"),
        ] {
            let mut chart = MonthChart::new("t", "y", m("2019-01"), m("2019-02"));
            chart.series.push(series("a", &[("2019-01", "0.1"), ("2019-02", max)]));
            let svg = render_month_chart(&chart, &Style::swedish());
            assert!(
                svg.contains(&format!(r#"data-y-from="0" data-y-to="{top}""#)),
                "{max}: {svg}"
            );
        }
        // Swedish numbers on the ticks: a decimal comma, grouped thousands.
        let mut chart = MonthChart::new("t", "y", m("2019-01"), m("2019-02"));
        chart.series.push(series("a", &[("2019-01", "2.2")]));
        let sv = render_month_chart(&chart, &Style::swedish());
        let en = render_month_chart(&chart, &Style::english());
        assert!(sv.contains(">2,5<") && en.contains(">2.5<"));
        chart.series[0].points[0].1 = d("1234");
        let sv = render_month_chart(&chart, &Style::swedish());
        assert!(sv.contains(&format!(">1{}400<", Style::swedish().group_separator)));
    }

    #[test]
    fn months_and_years_on_the_x_axis() {
        let labels = |svg: &str, class: &str| -> Vec<String> {
            let doc = parse(svg);
            doc.descendants()
                .filter(|n| n.attribute("class") == Some(class))
                .map(|n| n.text().unwrap().to_owned())
                .collect()
        };
        let mut chart = MonthChart::new("t", "y", m("2019-03"), m("2020-02"));
        chart.series.push(series("a", &[("2019-03", "1")]));
        let sv = render_month_chart(&chart, &Style::swedish());
        assert_eq!(
            labels(&sv, "month"),
            [
                "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec", "jan", "feb"
            ]
        );
        assert_eq!(labels(&sv, "year"), ["2019", "2020"]);
        let en = render_month_chart(&chart, &Style::english());
        assert_eq!(labels(&en, "month")[2], "May");
        // 13 to 24 months: numbers.
        chart.last = m("2020-12");
        let svg = render_month_chart(&chart, &Style::swedish());
        assert_eq!(labels(&svg, "month").len(), 22);
        assert_eq!(labels(&svg, "month")[0], "3");
        // Longer: only the years, every January.
        chart.last = m("2022-12");
        let svg = render_month_chart(&chart, &Style::swedish());
        assert!(labels(&svg, "month").is_empty());
        assert_eq!(labels(&svg, "year"), ["2020", "2021", "2022"]);
        // A century: every 5th year, so that they do not crowd.
        chart.first = m("1950-01");
        chart.last = m("2049-12");
        let svg = render_month_chart(&chart, &Style::swedish());
        let years = labels(&svg, "year");
        assert_eq!(years.len(), 10);
        assert_eq!(years[1], "1960");
    }

    #[test]
    fn each_language_has_its_own_words() {
        let mut chart = sample();
        chart.first = m("2019-01");
        chart.last = m("2019-12");
        chart.shaded = Some((m("2019-01"), m("2019-06")));
        let empty = MonthChart::new("t", "y", m("2019-01"), m("2019-12"));
        let ours = [Text::ChartReferencePeriod, Text::ChartNoData, Text::ChartMonthNames];
        let words_of =
            |language| -> Vec<&str> { ours.iter().flat_map(|t| words::text(language, *t).split('|')).collect() };
        let (sv, en) = (words_of(crate::Language::Swedish), words_of(crate::Language::English));
        for (style, own, other) in [(Style::swedish(), &sv, &en), (Style::english(), &en, &sv)] {
            let svg = format!(
                "{}{}",
                render_month_chart(&chart, &style),
                render_month_chart(&empty, &style)
            );
            for w in own {
                assert!(svg.contains(&format!(">{w}<")), "{w} missing");
            }
            for w in other.iter().filter(|w| !own.contains(w)) {
                assert!(!svg.contains(&format!(">{w}<")), "{w} in {:?}", style.language);
            }
        }
    }

    #[test]
    fn an_empty_chart_says_so() {
        let chart = MonthChart::new("Tomt", "Dagar", m("2019-01"), m("2019-12"));
        for style in [Style::swedish(), Style::english()] {
            let svg = render_month_chart(&chart, &style);
            let doc = parse(&svg);
            let no_data = doc
                .descendants()
                .find(|n| n.attribute("class") == Some("no-data"))
                .unwrap();
            assert_eq!(no_data.text(), Some(words::text(style.language, Text::ChartNoData)));
            assert!(!svg.contains("<polyline"));
        }
        // Series with no month on the axis are nothing to draw either.
        let mut chart = chart;
        chart.series.push(series("a", &[("2018-12", "1")]));
        assert!(render_month_chart(&chart, &Style::swedish()).contains("no-data"));
    }

    #[test]
    fn hostile_names_come_back_as_written() {
        let hostile = [
            "<script>alert(1)</script>",
            "A & B",
            "\"quoted\" 'single'",
            "tab\there\nline\rreturn",
            "\u{0}\u{1b}[31m\u{7}\u{fffe}",
            "]]> <!-- -->",
        ];
        let mut chart = MonthChart::new(hostile[0], hostile[1], m("2019-01"), m("2019-06"));
        for name in hostile {
            chart.series.push(series(name, &[("2019-01", "1"), ("2019-02", "2")]));
        }
        chart.band = Some(MonthBand {
            name: hostile[2].to_owned(),
            lower: vec![(m("2019-01"), d("0"))],
            upper: vec![(m("2019-01"), d("3"))],
        });
        chart.note = Some(hostile[3].to_owned());
        for style in [Style::swedish(), Style::english()] {
            let svg = render_month_chart(&chart, &style);
            let doc = parse(&svg);
            assert!(doc.descendants().all(|n| !n.has_tag_name("script")));
            let texts: Vec<&str> = doc
                .descendants()
                .filter(|n| n.has_tag_name("text"))
                .filter_map(|n| n.text())
                .collect();
            let shown = |s: &str| s.replace(['\u{0}', '\u{1b}', '\u{7}', '\u{fffe}'], "\u{fffd}");
            for name in hostile {
                assert!(texts.contains(&shown(name).as_str()), "{name:?}");
                let lines = doc
                    .descendants()
                    .filter(|n| n.attribute("data-series") == Some(shown(name).as_str()))
                    .count();
                assert_eq!(lines, 1, "{name:?}");
            }
            assert!(texts.contains(&hostile[3]));
            assert!(doc.descendants().any(|n| n.attribute("data-band") == Some(hostile[2])));
        }
    }

    #[test]
    fn a_long_note_is_broken_at_spaces() {
        assert_eq!(note_lines("kort"), ["kort"]);
        let long = format!("{} {} {}", "a".repeat(100), "b".repeat(60), "c".repeat(200));
        assert_eq!(note_lines(&long), ["a".repeat(100), "b".repeat(60), "c".repeat(200)]);
        // Swedish letters are two bytes: the line is counted in characters.
        assert_eq!(
            note_lines(&format!("{} ö", "å".repeat(130))),
            ["å".repeat(130), "ö".to_owned()]
        );
        let words = "ord ".repeat(60);
        let lines = note_lines(words.trim_end());
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.chars().count() <= NOTE_LINE));
        assert_eq!(lines.join(" "), words.trim_end());
        let mut chart = sample();
        chart.note = Some(words.trim_end().to_owned());
        let svg = render_month_chart(&chart, &Style::swedish());
        let doc = parse(&svg);
        let notes: Vec<(&str, &str)> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("note"))
            .map(|n| (n.attribute("y").unwrap(), n.text().unwrap()))
            .collect();
        assert_eq!(notes, [("556", lines[0]), ("570", lines[1])]);
    }

    #[test]
    fn many_series_cycle_the_palette_dashed() {
        assert_eq!(look(0), (PALETTE[0], None));
        assert_eq!(look(12), (PALETTE[0], Some("7,4")));
        assert_eq!(look(25), (PALETTE[1], None));
        let distinct: std::collections::HashSet<_> = PALETTE.iter().collect();
        assert_eq!(distinct.len(), PALETTE.len());
    }

    #[test]
    fn extreme_values_do_not_panic() {
        let mut chart = MonthChart::new("t", "y", m("0000-01"), m("9999-12"));
        chart.series.push(series(
            "a",
            &[
                ("0000-01", "-79228162514264337593543950335"),
                ("0000-02", "79228162514264337593543950335"),
            ],
        ));
        chart.shaded = Some((m("9999-12"), m("0000-01")));
        parse(&render_month_chart(&chart, &Style::swedish()));
    }
}
