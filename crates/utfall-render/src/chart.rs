//! The risk-sharing curve (the report's Figure 3, *Ekonomisk riskdelning*) as
//! an SVG chart and a CSV table, and the what-if thresholds and sensitivity
//! table as text and CSV.
//!
//! Chart coordinates are computed in exact decimals and written to two places;
//! the chart holds one polyline per series with a point for every row of the
//! CSV table, so the two can be checked against each other.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use utfall_engine::{RiskCurve, WhatIf, csv_field};

use crate::number::Style;

/// Width and height of the chart, and its plot area.
const WIDTH: i64 = 1000;
const HEIGHT: i64 = 560;
const LEFT: i64 = 110;
const RIGHT: i64 = 700;
const TOP: i64 = 60;
const BOTTOM: i64 = 480;

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

/// A round tick step (1, 2 or 5 times a power of ten) giving about `count`
/// ticks from `lo` to `hi`.
fn tick_step(lo: Decimal, hi: Decimal, count: i64) -> Decimal {
    let count = Decimal::from(count);
    let raw = hi
        .checked_sub(lo)
        .and_then(|span| span.checked_div(count))
        .or_else(|| {
            let half_span = half(hi).checked_sub(half(lo))?;
            half_span.checked_div(count)?.checked_mul(Decimal::TWO)
        })
        .unwrap_or(Decimal::ONE);
    let mut power = Decimal::ONE;
    while power > raw && power.scale() < 20 {
        power /= Decimal::TEN;
    }
    while let Some(next) = power.checked_mul(Decimal::TEN).filter(|next| *next <= raw) {
        power = next;
    }
    [Decimal::ONE, Decimal::TWO, Decimal::new(5, 0), Decimal::TEN]
        .into_iter()
        .filter_map(|m| power.checked_mul(m))
        .find(|s| *s >= raw)
        .unwrap_or(power)
}

const COLOURS: [&str; 4] = ["#1f6fb4", "#2ca02c", "#9467bd", "#8c564b"];
const FUNDER_COLOUR: &str = "#d62728";

/// The curve as an SVG chart: each provider's pay and the funder's net result
/// against the value of saved days, with break-even and the caps marked.
/// Every text and attribute value is escaped as XML, so that the chart is
/// well-formed and an XML reader gives back each name as written (a control
/// character XML cannot hold is written as U+FFFD).
///
/// # Example
/// ```
/// use utfall_engine::{Contract, RiskCurve};
/// use utfall_render::{render_risk_svg, Style};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let curve = RiskCurve::new(&Contract::from_toml_str(&text)?, 40)?;
/// let svg = render_risk_svg(&curve, &Style::swedish());
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains("break-even"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_risk_svg(curve: &RiskCurve, style: &Style) -> String {
    let series = series(curve);
    let frame = Frame::new(curve, &series);
    let unit = if curve.currency == "SEK" {
        "Mkr".to_owned()
    } else {
        format!("M{}", curve.currency)
    };
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="13">"##
    );
    let _ = writeln!(svg, r##"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"##);
    let _ = writeln!(
        svg,
        r##"<text x="{LEFT}" y="30" font-size="17" font-weight="bold">Risk sharing: {}</text>"##,
        escape(&curve.contract)
    );
    frame.write_axes(&mut svg, style, &unit);
    frame.write_markers(&mut svg, curve, style, &unit);
    frame.write_series(&mut svg, curve, &series);
    let _ = writeln!(svg, "</svg>");
    svg
}

/// One line of the chart: its legend name, colour and a value for each point.
type Series<'a> = (String, &'a str, Vec<Decimal>);

/// Each provider's pay, then the funder's net result, in curve order.
fn series(curve: &RiskCurve) -> Vec<Series<'static>> {
    let Some(first) = curve.points.first() else {
        return Vec::new();
    };
    let mut out: Vec<Series<'static>> = first
        .providers
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let values = curve
                .points
                .iter()
                .filter_map(|pt| pt.providers.get(i).map(|q| q.pay))
                .collect();
            (
                format!("{}: pay (A + P)", p.name),
                COLOURS.get(i % COLOURS.len()).copied().unwrap_or(FUNDER_COLOUR),
                values,
            )
        })
        .collect();
    out.push((
        "funder: net result".to_owned(),
        FUNDER_COLOUR,
        curve.points.iter().map(|p| p.funder_result).collect(),
    ));
    out
}

/// The axes' ranges: x from 0 to the curve's last value, y over every
/// series, widened to whole tick steps.
struct Frame {
    x_max: Decimal,
    y_lo: Decimal,
    y_hi: Decimal,
    y_step: Decimal,
}

/// Amounts on the axes are shown in millions.
const MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

impl Frame {
    fn new(curve: &RiskCurve, series: &[Series<'_>]) -> Self {
        let x_max = curve.points.last().map_or(Decimal::ONE, |p| p.value);
        let all = series.iter().flat_map(|s| s.2.iter().copied());
        let (lo, hi) = all.fold((Decimal::ZERO, Decimal::ZERO), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let y_step = tick_step(lo, hi, 8);
        // The axis ends at whole steps, unless that would pass the decimal range.
        let y_lo = lo
            .checked_div(y_step)
            .and_then(|q| q.floor().checked_mul(y_step))
            .unwrap_or(lo);
        let y_hi = hi
            .checked_div(y_step)
            .and_then(|q| q.ceil().checked_mul(y_step))
            .unwrap_or(hi);
        Self {
            x_max,
            y_lo,
            y_hi,
            y_step,
        }
    }

    fn x(&self, v: Decimal) -> Decimal {
        scale(v, Decimal::ZERO, self.x_max, LEFT, RIGHT)
    }

    fn y(&self, v: Decimal) -> Decimal {
        scale(v, self.y_lo, self.y_hi, BOTTOM, TOP)
    }

    /// The grid with y ticks, x ticks at quarters of the range, the axis
    /// titles and the plot's border.
    fn write_axes(&self, svg: &mut String, style: &Style, unit: &str) {
        let mut tick = self.y_lo;
        while tick <= self.y_hi {
            let ty = self.y(tick);
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
                escape(&style.exact((tick / MILLION).normalize()))
            );
            match tick.checked_add(self.y_step) {
                Some(next) => tick = next,
                None => break,
            }
        }
        for q in 0..=4 {
            let v = self
                .x_max
                .checked_mul(Decimal::from(q))
                .and_then(|x| x.checked_div(Decimal::from(4)))
                .or_else(|| half(half(self.x_max)).checked_mul(Decimal::from(q)))
                .unwrap_or(self.x_max);
            let tx = self.x(v);
            let _ = writeln!(
                svg,
                r##"<line x1="{tx}" y1="{BOTTOM}" x2="{tx}" y2="{}" stroke="#000"/>"##,
                BOTTOM + 5
            );
            let _ = writeln!(
                svg,
                r##"<text x="{tx}" y="{}" text-anchor="middle">{}</text>"##,
                BOTTOM + 20,
                escape(&style.rounded(v / MILLION, 2))
            );
        }
        let _ = writeln!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="middle">value of saved days ({}); 0 to twice the investment</text>"##,
            (LEFT + RIGHT) / 2,
            BOTTOM + 45,
            escape(unit)
        );
        let _ = writeln!(
            svg,
            r##"<text x="25" y="{}" text-anchor="middle" transform="rotate(-90 25 {})">{}</text>"##,
            (TOP + BOTTOM) / 2,
            (TOP + BOTTOM) / 2,
            escape(unit)
        );
        let _ = writeln!(
            svg,
            r##"<rect x="{LEFT}" y="{TOP}" width="{}" height="{}" fill="none" stroke="#000"/>"##,
            RIGHT - LEFT,
            BOTTOM - TOP
        );
    }

    /// A dashed line and a label for each marked point (break-even, caps).
    fn write_markers(&self, svg: &mut String, curve: &RiskCurve, style: &Style, unit: &str) {
        for (i, m) in curve.markers.iter().enumerate() {
            let mx = self.x(m.value);
            let _ = writeln!(
                svg,
                r##"<line class="marker" data-value="{}" x1="{mx}" y1="{TOP}" x2="{mx}" y2="{BOTTOM}" stroke="#555" stroke-dasharray="5,4"/>"##,
                m.value
            );
            let label = format!("{} ({} {unit})", m.label, style.rounded(m.value / MILLION, 2));
            let _ = writeln!(
                svg,
                r##"<text x="{}" y="{}" font-size="12" fill="#333">{}</text>"##,
                mx + Decimal::from(4),
                TOP + 14 + 16 * i64::try_from(i).unwrap_or(0),
                escape(&label)
            );
        }
    }

    /// A polyline for each series, with its legend entry.
    fn write_series(&self, svg: &mut String, curve: &RiskCurve, series: &[Series<'_>]) {
        for (i, (name, colour, values)) in series.iter().enumerate() {
            let points: Vec<String> = curve
                .points
                .iter()
                .zip(values)
                .map(|(p, v)| format!("{},{}", self.x(p.value), self.y(*v)))
                .collect();
            let _ = writeln!(
                svg,
                r##"<polyline class="series" data-series="{}" points="{}" fill="none" stroke="{colour}" stroke-width="2.5"/>"##,
                escape(name),
                points.join(" ")
            );
            let ly = TOP + 20 + 22 * i64::try_from(i).unwrap_or(0);
            let _ = writeln!(
                svg,
                r##"<line x1="{}" y1="{ly}" x2="{}" y2="{ly}" stroke="{colour}" stroke-width="2.5"/>"##,
                RIGHT + 15,
                RIGHT + 40
            );
            let _ = writeln!(
                svg,
                r##"<text x="{}" y="{}">{}</text>"##,
                RIGHT + 46,
                ly + 4,
                escape(name)
            );
        }
    }
}

/// The curve as CSV: one row per point, with `value`, `saved_days`, for each
/// provider `NAME outcome_payment`, `NAME pay` and `NAME result`, then
/// `funder_result`, `net_result` and `marker` (the marked point's label, if
/// any). Amounts are exact decimals with `.`.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, RiskCurve};
/// use utfall_render::render_risk_csv;
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let curve = RiskCurve::new(&Contract::from_toml_str(&text)?, 4)?;
/// let csv = render_risk_csv(&curve);
/// assert_eq!(csv.lines().next(), Some("value,saved_days,Aino Health outcome_payment,Aino Health pay,Aino Health result,funder_result,net_result,marker"));
/// assert_eq!(csv.lines().nth(3).map(|l| l.ends_with(",break-even")), Some(true));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_risk_csv(curve: &RiskCurve) -> String {
    let mut out = String::from("value,saved_days");
    for p in curve.points.first().map(|p| p.providers.as_slice()).unwrap_or_default() {
        for column in ["outcome_payment", "pay", "result"] {
            let _ = write!(out, ",{}", csv_field(&format!("{} {column}", p.name)));
        }
    }
    out.push_str(",funder_result,net_result,marker\n");
    for p in &curve.points {
        let _ = write!(out, "{},{}", p.value, p.saved_days);
        for q in &p.providers {
            let _ = write!(out, ",{},{},{}", q.outcome_payment, q.pay, q.result);
        }
        let marker = curve
            .markers
            .iter()
            .filter(|m| m.value == p.value)
            .map(|m| m.label.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(out, ",{},{},{}", p.funder_result, p.net_result, csv_field(&marker));
    }
    out
}

/// What-if as text: the thresholds, then the sensitivity table.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, WhatIf};
/// use utfall_render::{render_whatif_text, Style};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let w = WhatIf::new(&Contract::from_toml_str(&text)?, 6350, None)?;
/// let out = render_whatif_text(&w, &Style::swedish());
/// assert!(out.contains("break-even"));
/// assert!(out.contains("10 799 722,22 kr"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_whatif_text(w: &WhatIf, style: &Style) -> String {
    let money = |v: Decimal| style.money(v, &w.currency);
    let mut out = String::new();
    let title = format!("What-if: {}", w.contract);
    let _ = writeln!(out, "{title}\n{}", "=".repeat(title.chars().count()));
    let _ = writeln!(
        out,
        "measured window {} ({} months), {} employees; saved days needed:\n",
        w.window,
        w.window.len(),
        style.exact(Decimal::from(w.headcount))
    );
    let _ = writeln!(
        out,
        "  {:<28} {:>20} {:>12} {:>16} {:>22}",
        "", "value of saved days", "saved days", "per employee", "per employee-month"
    );
    for t in &w.thresholds {
        let _ = writeln!(
            out,
            "  {:<28} {:>20} {:>12} {:>16} {:>22}",
            t.label,
            money(t.value),
            style.rounded(t.saved_days, 2),
            style.rounded(t.per_employee, 4),
            style.rounded(t.per_employee_month, 4)
        );
    }
    let _ = writeln!(
        out,
        "\nSensitivity: payments by saved days per employee over the window\n"
    );
    let _ = write!(out, "  {:>12} {:>20}", "days/empl.", "value");
    for name in &w.providers {
        let _ = write!(out, " {:>20}", format!("{name}: P"));
    }
    let _ = writeln!(out, " {:>20} {:>20}", "funder keeps", "net result");
    for r in &w.table {
        let mark = w
            .thresholds
            .iter()
            .find(|t| t.per_employee == r.per_employee)
            .map(|t| format!("  ← {}", t.label));
        let _ = write!(out, "  {:>12} {:>20}", style.rounded(r.per_employee, 4), money(r.value));
        for p in &r.payments {
            let _ = write!(out, " {:>20}", money(*p));
        }
        let _ = writeln!(
            out,
            " {:>20} {:>20}{}",
            money(r.funder_keeps),
            money(r.net_result),
            mark.unwrap_or_default()
        );
    }
    let _ = writeln!(
        out,
        "\namounts to öre; payments as a settlement would pay them; {} = {}",
        style.currency_word(&w.currency),
        w.currency
    );
    out
}

/// What-if as CSV: `per_employee,value,` then `NAME outcome_payment` and
/// `NAME pay` per provider, `funder_keeps,net_result,threshold`; exact decimals.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, WhatIf};
/// use utfall_render::render_whatif_csv;
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let w = WhatIf::new(&Contract::from_toml_str(&text)?, 6350, None)?;
/// assert!(render_whatif_csv(&w).starts_with("per_employee,value,Aino Health outcome_payment,Aino Health pay,funder_keeps,net_result,threshold\n"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_whatif_csv(w: &WhatIf) -> String {
    let mut out = String::from("per_employee,value");
    for name in &w.providers {
        let _ = write!(
            out,
            ",{},{}",
            csv_field(&format!("{name} outcome_payment")),
            csv_field(&format!("{name} pay"))
        );
    }
    out.push_str(",funder_keeps,net_result,threshold\n");
    for r in &w.table {
        let _ = write!(out, "{},{}", r.per_employee, r.value);
        for (p, pay) in r.payments.iter().zip(&r.pay) {
            let _ = write!(out, ",{p},{pay}");
        }
        let label = w
            .thresholds
            .iter()
            .filter(|t| t.per_employee == r.per_employee)
            .map(|t| t.label.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(out, ",{},{},{}", r.funder_keeps, r.net_result, csv_field(&label));
    }
    out
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
