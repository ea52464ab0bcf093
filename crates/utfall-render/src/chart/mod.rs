//! The risk-sharing curve (the report's Figure 3, *Ekonomisk riskdelning*) as
//! an SVG chart (here) and a CSV table (`risk_csv.rs`), and the what-if
//! thresholds and sensitivity table as text and CSV (`whatif.rs`).
//!
//! Chart coordinates are computed in exact decimals and written to two places;
//! the chart holds one polyline per series with a point for every row of the
//! CSV table, so the two can be checked against each other.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use utfall_engine::{MarkerKind, RiskCurve};

use crate::number::Style;
use crate::words::{self, Text, fill};

/// Width and height of the chart, its plot area, and where the legend starts.
mod follow_words;
mod months;
mod risk_csv;
mod whatif;

pub use follow_words::ChartWord;
pub use months::{MonthBand, MonthChart, MonthSeries, render_month_chart};
pub use risk_csv::{render_risk_csv, render_risk_csv_in};
pub use whatif::{render_whatif_csv, render_whatif_csv_in, render_whatif_text};

const WIDTH: i64 = 1000;
const HEIGHT: i64 = 580;
const LEFT: i64 = 100;
const RIGHT: i64 = 660;
const TOP: i64 = 75;
const BOTTOM: i64 = 500;
const LEGEND: i64 = 685;

/// `text` as the SVG's character data or a double-quoted attribute value,
/// read back by any XML reader as written: `&`, `<`, `>` and `"` as
/// entities; a tab, line feed or carriage return as a character reference
/// (written as they are, an attribute reads them as spaces and text reads a
/// carriage return as a line feed); and a character XML 1.0 cannot hold at
/// all (another C0 control, U+FFFE, U+FFFF) as U+FFFD, so that the chart
/// stays well-formed whatever name it is given.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

/// A vertical grid line at `tx` and a tick mark `mark` long under the plot.
fn write_x_tick(svg: &mut String, tx: Decimal, mark: i64) {
    let _ = writeln!(
        svg,
        r##"<line x1="{tx}" y1="{TOP}" x2="{tx}" y2="{BOTTOM}" stroke="#eee"/>"##
    );
    let _ = writeln!(
        svg,
        r##"<line x1="{tx}" y1="{BOTTOM}" x2="{tx}" y2="{}" stroke="#000"/>"##,
        BOTTOM + mark
    );
}

/// The horizontal grid of a chart's y ticks (the zero line black) with
/// their labels left of the plot: `y` places a value, `label` words it.
fn write_y_grid(
    svg: &mut String,
    ticks: &[Decimal],
    y: impl Fn(Decimal) -> Decimal,
    label: impl Fn(Decimal) -> String,
) {
    for tick in ticks {
        let ty = y(*tick);
        let colour = if tick.is_zero() { "#000" } else { "#ddd" };
        let _ = writeln!(
            svg,
            r##"<line x1="{LEFT}" y1="{ty}" x2="{RIGHT}" y2="{ty}" stroke="{colour}"/>"##
        );
        let _ = writeln!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="end">{}</text>"##,
            LEFT - 8,
            ty + Decimal::from(4),
            escape(&label(*tick))
        );
    }
}

/// Half of `value`: the halves of any two decimals differ by at most
/// `Decimal::MAX`, so a span that overflows is taken in halves instead.
fn half(value: Decimal) -> Decimal {
    value.checked_div(Decimal::TWO).unwrap_or(value)
}

/// `a + (v − lo) · (b − a) / (hi − lo)`, to two places. Near the ends of the
/// decimal range, where `hi − lo` or the product overflows, the same is
/// computed from halves; far outside the range (a marker beyond the curve)
/// the point is pinned to its end.
fn scale(v: Decimal, lo: Decimal, hi: Decimal, a: i64, b: i64) -> Decimal {
    let (a_at, b_at) = (Decimal::from(a), Decimal::from(b));
    let width = Decimal::from(b.saturating_sub(a));
    if hi == lo {
        return a_at;
    }
    let exact = hi
        .checked_sub(lo)
        .and_then(|span| v.checked_sub(lo)?.checked_mul(width)?.checked_div(span));
    let offset = exact.or_else(|| {
        let span = half(hi).checked_sub(half(lo))?;
        let fraction = half(v).checked_sub(half(lo))?.checked_div(span)?;
        fraction.checked_mul(width)
    });
    let at = offset
        .and_then(|x| x.checked_add(a_at))
        .unwrap_or(if v < lo { a_at } else { b_at });
    at.round_dp(2)
}

/// Ticks from `lo` to `hi`: a round step, 1, 2, 2.5 or 5 times a power of
/// ten, the smallest that gives at most 8 ticks (so 4 to 8 in all), the
/// first at or below `lo` and the last at or above `hi`.
fn ticks(lo: Decimal, hi: Decimal) -> Vec<Decimal> {
    let span = hi
        .checked_sub(lo)
        .or_else(|| half(hi).checked_sub(half(lo))?.checked_mul(Decimal::TWO))
        .filter(|span| *span > Decimal::ZERO)
        .unwrap_or(Decimal::ONE);
    let mut power = Decimal::ONE;
    while let Some(next) = power.checked_mul(Decimal::TEN).filter(|next| *next <= span) {
        power = next;
    }
    while power > span && power.scale() < 20 {
        power /= Decimal::TEN;
    }
    let mut base = power.checked_div(Decimal::ONE_HUNDRED).unwrap_or(power);
    for _ in 0..5 {
        for m in [Decimal::ONE, Decimal::TWO, Decimal::new(25, 1), Decimal::new(5, 0)] {
            let Some(step) = base.checked_mul(m) else { continue };
            let first = lo.checked_div(step).map(|q| q.floor());
            let last = hi.checked_div(step).map(|q| q.ceil());
            let (Some(first), Some(last)) = (first, last) else {
                continue;
            };
            if last.checked_sub(first).is_some_and(|n| n <= Decimal::from(7)) {
                let mut out = Vec::new();
                let mut at = first;
                while at <= last {
                    if let Some(tick) = at.checked_mul(step) {
                        out.push(tick.normalize());
                    }
                    at += Decimal::ONE;
                }
                return out;
            }
        }
        match base.checked_mul(Decimal::TEN) {
            Some(next) => base = next,
            None => break,
        }
    }
    vec![lo, hi]
}

const COLOURS: [&str; 4] = ["#1f6fb4", "#2ca02c", "#9467bd", "#8c564b"];
const FUNDER_COLOUR: &str = "#d62728";
const PROJECT_COLOUR: &str = "#555";
const MEASURED_COLOUR: &str = "#000";
const TARGET_COLOUR: &str = "#e07b00";

/// A target share as a percentage with the decimals it has, at most four:
/// `12 %`, `12,5 %`.
fn share(style: &Style, value: Decimal) -> String {
    let percent = value.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(value).normalize();
    style.percent(value, percent.scale().min(4))
}

/// The words of `text` in the style's language.
fn word(style: &Style, text: Text) -> &'static str {
    words::text(style.language, text)
}

/// How amounts on an axis are shown: in millions (`Mkr`, `MSEK`, `MEUR`),
/// thousands (`tkr`, `kSEK`) or units of the currency, by the largest.
struct AxisUnit {
    divisor: Decimal,
    name: String,
}

impl AxisUnit {
    fn new(largest: Decimal, currency: &str, style: &Style) -> Self {
        let sek = currency == "SEK";
        let thousand = Decimal::ONE_THOUSAND;
        if largest >= MILLION {
            Self {
                divisor: MILLION,
                name: if sek {
                    word(style, Text::ChartMillionKronor).to_owned()
                } else {
                    format!("M{currency}")
                },
            }
        } else if largest >= thousand {
            Self {
                divisor: thousand,
                name: if sek {
                    word(style, Text::ChartThousandKronor).to_owned()
                } else {
                    format!("k{currency}")
                },
            }
        } else {
            Self {
                divisor: Decimal::ONE,
                name: style.currency_word(currency).to_owned(),
            }
        }
    }

    /// `0`, `10 Mkr`, `−2,5 Mkr`: every digit of the tick in the unit, in
    /// the style's numbers.
    fn tick(&self, style: &Style, value: Decimal) -> String {
        if value.is_zero() {
            return "0".to_owned();
        }
        let shown = value.checked_div(self.divisor).unwrap_or(value).normalize();
        format!("{} {}", style.exact(shown), self.name)
    }

    /// A marker's value rounded to two decimals in the unit: `22,87 Mkr`.
    fn rounded(&self, style: &Style, value: Decimal) -> String {
        let shown = value.checked_div(self.divisor).unwrap_or(value);
        format!("{} {}", style.rounded(shown, 2), self.name)
    }
}

/// The curve as an SVG chart, in the style's language and numbers: each
/// provider's result `A + P − C`, the funder's net result
/// `V − (I − ΣC) − Σ(A + P)` and the project's net result `V − I` against
/// the value of saved days, with break-even, the caps and, when the curve
/// has them, the measured outcome and the target marked. Every text and
/// attribute value is escaped as XML, so that the chart is well-formed and
/// an XML reader gives back each name as written (a control character XML
/// cannot hold is written as U+FFFD).
///
/// # Example
/// ```
/// use utfall_engine::{Contract, RiskCurve};
/// use utfall_render::{render_risk_svg, Style};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let curve = RiskCurve::new(&contract, 40)?.with_measured(&contract, "14700000".parse().unwrap())?;
/// let svg = render_risk_svg(&curve, &Style::swedish());
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains(">Botkyrka kommuns nettoresultat<"));
/// assert!(svg.contains(">nollresultat (22,87 Mkr)<"));
/// assert!(svg.contains(">uppmätt utfall (14,70 Mkr)<"));
/// assert!(render_risk_svg(&curve, &Style::english()).contains(">break-even (22.87 MSEK)<"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_risk_svg(curve: &RiskCurve, style: &Style) -> String {
    let series = series(curve, style);
    let frame = Frame::new(curve, &series, style);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="13">"##
    );
    let _ = writeln!(svg, r##"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"##);
    let title = fill(
        style.language,
        word(style, Text::ChartTitle),
        &[("contract", &curve.contract)],
    );
    let _ = writeln!(
        svg,
        r##"<text x="{LEFT}" y="30" font-size="17" font-weight="bold">{}</text>"##,
        escape(&title)
    );
    let providers = curve
        .points
        .first()
        .map(|p| {
            p.providers
                .iter()
                .map(|q| q.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let subtitle = fill(
        style.language,
        word(style, Text::ChartSubtitle),
        &[("funder", &curve.funder), ("providers", &providers)],
    );
    let _ = writeln!(
        svg,
        r##"<text x="{LEFT}" y="52" fill="#444">{}</text>"##,
        escape(&subtitle)
    );
    frame.write_axes(&mut svg, style);
    frame.write_markers(&mut svg, curve, style);
    frame.write_series(&mut svg, curve, &series);
    frame.write_measured_points(&mut svg, curve, &series);
    let _ = writeln!(svg, "</svg>");
    svg
}

/// One line of the chart.
struct Series {
    /// The legend's name, in the style's language.
    name: String,
    /// The formula under the name.
    formula: &'static str,
    /// The column of the CSV table it draws.
    column: String,
    colour: &'static str,
    /// A dash pattern, or none for a solid line.
    dash: Option<&'static str>,
    /// A value for each point of the curve.
    values: Vec<Decimal>,
}

/// Each provider's result, then the funder's net result and the project's,
/// in curve order.
fn series(curve: &RiskCurve, style: &Style) -> Vec<Series> {
    let Some(first) = curve.points.first() else {
        return Vec::new();
    };
    let mut out: Vec<Series> = first
        .providers
        .iter()
        .enumerate()
        .map(|(i, p)| Series {
            name: fill(
                style.language,
                word(style, Text::ChartProviderResult),
                &[("provider", &p.name)],
            ),
            formula: "A + P − C",
            column: format!("{} result", p.name),
            colour: COLOURS.get(i % COLOURS.len()).copied().unwrap_or(FUNDER_COLOUR),
            dash: None,
            values: curve
                .points
                .iter()
                .filter_map(|pt| pt.providers.get(i).map(|q| q.result))
                .collect(),
        })
        .collect();
    out.push(Series {
        name: fill(
            style.language,
            word(style, Text::ChartFunderNetResult),
            &[("funder", &curve.funder)],
        ),
        formula: "V − (I − ΣC) − Σ(A + P)",
        column: "funder_net_result".to_owned(),
        colour: FUNDER_COLOUR,
        dash: None,
        values: curve.points.iter().map(|p| p.funder_net_result).collect(),
    });
    out.push(Series {
        name: word(style, Text::ChartProjectNetResult).to_owned(),
        formula: "V − I",
        column: "project_net_result".to_owned(),
        colour: PROJECT_COLOUR,
        dash: Some("7,4"),
        values: curve.points.iter().map(|p| p.project_net_result).collect(),
    });
    out
}

/// The axes: x over the curve's values (from 0, or below it for a negative
/// measured value), y over every series and zero, each out to round ticks.
struct Frame {
    x_ticks: Vec<Decimal>,
    y_ticks: Vec<Decimal>,
    x_unit: AxisUnit,
    y_unit: AxisUnit,
}

/// Amounts on the axes are shown in millions.
const MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

impl Frame {
    fn new(curve: &RiskCurve, series: &[Series], style: &Style) -> Self {
        let (x_lo, x_hi) = curve.points.iter().fold((Decimal::ZERO, Decimal::ZERO), |(lo, hi), p| {
            (lo.min(p.value), hi.max(p.value))
        });
        let all = series.iter().flat_map(|s| s.values.iter().copied());
        let (y_lo, y_hi) = all.fold((Decimal::ZERO, Decimal::ZERO), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let x_ticks = ticks(x_lo, x_hi);
        let y_ticks = ticks(y_lo, y_hi);
        let largest = |t: &[Decimal]| t.iter().map(|v| v.abs()).max().unwrap_or_default();
        Self {
            x_unit: AxisUnit::new(largest(&x_ticks), &curve.currency, style),
            y_unit: AxisUnit::new(largest(&y_ticks), &curve.currency, style),
            x_ticks,
            y_ticks,
        }
    }

    fn ends(ticks: &[Decimal]) -> (Decimal, Decimal) {
        (
            ticks.first().copied().unwrap_or_default(),
            ticks.last().copied().unwrap_or(Decimal::ONE),
        )
    }

    fn x(&self, v: Decimal) -> Decimal {
        let (lo, hi) = Self::ends(&self.x_ticks);
        scale(v, lo, hi, LEFT, RIGHT)
    }

    fn y(&self, v: Decimal) -> Decimal {
        let (lo, hi) = Self::ends(&self.y_ticks);
        scale(v, lo, hi, BOTTOM, TOP)
    }

    /// The grid with its ticks, the axis titles and the plot's border.
    fn write_axes(&self, svg: &mut String, style: &Style) {
        write_y_grid(svg, &self.y_ticks, |v| self.y(v), |v| self.y_unit.tick(style, v));
        for tick in &self.x_ticks {
            let tx = self.x(*tick);
            write_x_tick(svg, tx, 5);
            let _ = writeln!(
                svg,
                r##"<text x="{tx}" y="{}" text-anchor="middle">{}</text>"##,
                BOTTOM + 20,
                escape(&self.x_unit.tick(style, *tick))
            );
        }
        let _ = writeln!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="middle">{}</text>"##,
            (LEFT + RIGHT) / 2,
            BOTTOM + 45,
            escape(word(style, Text::ChartXAxis))
        );
        let _ = writeln!(
            svg,
            r##"<text x="22" y="{}" text-anchor="middle" transform="rotate(-90 22 {})">{}</text>"##,
            (TOP + BOTTOM) / 2,
            (TOP + BOTTOM) / 2,
            escape(word(style, Text::ChartYAxis))
        );
        let _ = writeln!(
            svg,
            r##"<rect x="{LEFT}" y="{TOP}" width="{}" height="{}" fill="none" stroke="#000"/>"##,
            RIGHT - LEFT,
            BOTTOM - TOP
        );
    }

    /// A vertical line and a label for each marked point: break-even and
    /// the caps dashed grey, the measured outcome solid black, the target
    /// dashed orange.
    fn write_markers(&self, svg: &mut String, curve: &RiskCurve, style: &Style) {
        let (middle, right) = (Decimal::from((LEFT + RIGHT) / 2), Decimal::from(RIGHT));
        for (i, m) in curve.markers.iter().enumerate() {
            let mx = self.x(m.value);
            let (kind, colour, dash, width, words) = match &m.kind {
                MarkerKind::BreakEven => (
                    "break-even",
                    "#555",
                    "5,4",
                    "1",
                    word(style, Text::ChartBreakEven).to_owned(),
                ),
                MarkerKind::Cap { provider } => (
                    "cap",
                    "#555",
                    "5,4",
                    "1",
                    fill(style.language, word(style, Text::ChartCap), &[("provider", provider)]),
                ),
                MarkerKind::Measured => (
                    "measured",
                    MEASURED_COLOUR,
                    "none",
                    "1.5",
                    word(style, Text::ChartMeasured).to_owned(),
                ),
                MarkerKind::Target { reduction } => (
                    "target",
                    TARGET_COLOUR,
                    "2,3",
                    "2",
                    fill(
                        style.language,
                        word(style, Text::ChartTarget),
                        &[("target", &share(style, *reduction))],
                    ),
                ),
                _ => ("other", "#555", "5,4", "1", m.label.clone()),
            };
            let _ = writeln!(
                svg,
                r##"<line class="marker" data-kind="{kind}" data-value="{}" x1="{mx}" y1="{TOP}" x2="{mx}" y2="{BOTTOM}" stroke="{colour}" stroke-width="{width}" stroke-dasharray="{dash}"/>"##,
                m.value
            );
            let label = format!("{words} ({})", self.x_unit.rounded(style, m.value));
            // Right of the line where the label fits inside the plot (about
            // 7 pixels a character), else left of it; a white halo keeps it
            // legible across the lines it crosses.
            let width = Decimal::from(7 * i64::try_from(label.chars().count()).unwrap_or(0));
            let (lx, anchor) = if mx + width + Decimal::from(4) <= right || mx <= middle {
                (mx + Decimal::from(4), "start")
            } else {
                (mx - Decimal::from(4), "end")
            };
            let _ = writeln!(
                svg,
                r##"<text x="{lx}" y="{}" font-size="12" fill="{colour}" text-anchor="{anchor}" stroke="white" stroke-width="3" paint-order="stroke">{}</text>"##,
                TOP + 14 + 16 * i64::try_from(i).unwrap_or(0),
                escape(&label)
            );
        }
    }

    /// A polyline for each series, with its legend entry: the name, and the
    /// formula under it.
    fn write_series(&self, svg: &mut String, curve: &RiskCurve, series: &[Series]) {
        for (i, s) in series.iter().enumerate() {
            let points: Vec<String> = curve
                .points
                .iter()
                .zip(&s.values)
                .map(|(p, v)| format!("{},{}", self.x(p.value), self.y(*v)))
                .collect();
            let dash = s
                .dash
                .map(|d| format!(r##" stroke-dasharray="{d}""##))
                .unwrap_or_default();
            let _ = writeln!(
                svg,
                r##"<polyline class="series" data-series="{}" data-column="{}" points="{}" fill="none" stroke="{}" stroke-width="2.5"{dash}/>"##,
                escape(&s.name),
                escape(&s.column),
                points.join(" "),
                s.colour
            );
            let ly = TOP + 10 + 42 * i64::try_from(i).unwrap_or(0);
            let _ = writeln!(
                svg,
                r##"<line x1="{}" y1="{ly}" x2="{}" y2="{ly}" stroke="{}" stroke-width="2.5"{dash}/>"##,
                LEGEND,
                LEGEND + 25,
                s.colour
            );
            let _ = writeln!(
                svg,
                r##"<text x="{}" y="{}">{}</text>"##,
                LEGEND + 32,
                ly + 4,
                escape(&s.name)
            );
            let _ = writeln!(
                svg,
                r##"<text x="{}" y="{}" font-size="11" fill="#555">{}</text>"##,
                LEGEND + 32,
                ly + 19,
                escape(s.formula)
            );
        }
    }

    /// A dot on each series at the measured outcome and at the target.
    fn write_measured_points(&self, svg: &mut String, curve: &RiskCurve, series: &[Series]) {
        for m in &curve.markers {
            let colour = match m.kind {
                MarkerKind::Measured => MEASURED_COLOUR,
                MarkerKind::Target { .. } => TARGET_COLOUR,
                _ => continue,
            };
            let Some(at) = curve.points.iter().position(|p| p.value == m.value) else {
                continue;
            };
            for s in series {
                if let Some(v) = s.values.get(at) {
                    let _ = writeln!(
                        svg,
                        r##"<circle cx="{}" cy="{}" r="4" fill="{}" stroke="{colour}" stroke-width="1.5"/>"##,
                        self.x(m.value),
                        self.y(*v),
                        s.colour
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_keeps_the_svg_well_formed() {
        assert_eq!(escape("Aino Health"), "Aino Health");
        assert_eq!(escape("<b> & \"Co\" 'x'"), "&lt;b&gt; &amp; &quot;Co&quot; 'x'");
        assert_eq!(escape("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
        assert_eq!(
            escape("\u{0}\u{1b}[31m\u{7}\u{fffe}"),
            "\u{fffd}\u{fffd}[31m\u{fffd}\u{fffd}"
        );
        // Allowed in XML 1.0, and refused by the contract file, not here.
        assert_eq!(escape("\u{202e}\u{7f}"), "\u{202e}\u{7f}");
    }
}
