//! The risk curve as a CSV table, in the machine's dialect or for Excel set
//! to Swedish.

use utfall_engine::{CsvOutput, MarkerKind, RiskCurve};

use super::{share, word};
use crate::number::Style;
use crate::words::{self, Language, Text, fill};

/// A column name of a CSV table: the machine's name, or the Swedish words of
/// `text` for Excel.
pub(super) fn column(csv: CsvOutput, machine: &str, text: Text, values: &[(&str, &str)]) -> String {
    if csv.swedish() {
        fill(Language::Swedish, words::text(Language::Swedish, text), values)
    } else {
        machine.to_owned()
    }
}

/// A marker's label in a CSV table: the engine's (`break-even`,
/// `cap: NAME`, `measured`, `target`), or the chart's Swedish words for
/// Excel.
fn marker_label(csv: CsvOutput, marker: &utfall_engine::Marker) -> String {
    if !csv.swedish() {
        return marker.label.clone();
    }
    let sv = Style::swedish();
    match &marker.kind {
        MarkerKind::BreakEven => word(&sv, Text::ChartBreakEven).to_owned(),
        MarkerKind::Cap { provider } => fill(sv.language, word(&sv, Text::ChartCap), &[("provider", provider)]),
        MarkerKind::Measured => word(&sv, Text::ChartMeasured).to_owned(),
        MarkerKind::Target { reduction } => fill(
            sv.language,
            word(&sv, Text::ChartTarget),
            &[("target", &share(&sv, *reduction))],
        ),
        _ => marker.label.clone(),
    }
}

/// The curve as CSV: one row per point, with `value`, `saved_days`, for each
/// provider `NAME outcome_payment`, `NAME pay` and `NAME result`, then
/// `funder_net_result`, `project_net_result` and `marker` (the marked
/// point's label, if any: `break-even`, `cap: NAME`, `measured`, `target`).
/// Amounts are exact decimals with `.`.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, RiskCurve};
/// use utfall_render::render_risk_csv;
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let curve = RiskCurve::new(&Contract::from_toml_str(&text)?, 4)?;
/// let csv = render_risk_csv(&curve);
/// assert_eq!(csv.lines().next(), Some("value,saved_days,Aino Health outcome_payment,Aino Health pay,Aino Health result,funder_net_result,project_net_result,marker"));
/// assert_eq!(csv.lines().nth(3).map(|l| l.ends_with(",break-even")), Some(true));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_risk_csv(curve: &RiskCurve) -> String {
    render_risk_csv_in(curve, CsvOutput::Machine)
}

/// [`render_risk_csv`] in the CSV dialect `csv`: for
/// [`CsvOutput::ExcelSv`], `;`-separated with decimal commas, a byte-order
/// mark, `\r\n` line ends, and the header and markers in Swedish.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, CsvOutput, RiskCurve};
/// use utfall_render::render_risk_csv_in;
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let curve = RiskCurve::new(&Contract::from_toml_str(&text)?, 4)?;
/// let csv = render_risk_csv_in(&curve, CsvOutput::ExcelSv);
/// assert!(csv.starts_with("\u{feff}värdet av sparade dagar;sparade dagar;Aino Health utfallsersättning;"));
/// assert!(csv.contains("\r\n22870000;10995,1923076923076923;4202550,00;8405100,00;0,00;0,00;0;nollresultat\r\n"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_risk_csv_in(curve: &RiskCurve, csv: CsvOutput) -> String {
    let mut out = String::from(csv.preamble());
    let mut header = vec![
        column(csv, "value", Text::CsvValue, &[]),
        column(csv, "saved_days", Text::CsvSavedDays, &[]),
    ];
    for p in curve.points.first().map(|p| p.providers.as_slice()).unwrap_or_default() {
        let name = [("provider", p.name.as_str())];
        header.push(column(
            csv,
            &format!("{} outcome_payment", p.name),
            Text::CsvProviderPayment,
            &name,
        ));
        header.push(column(csv, &format!("{} pay", p.name), Text::CsvProviderPay, &name));
        header.push(column(
            csv,
            &format!("{} result", p.name),
            Text::CsvProviderResult,
            &name,
        ));
    }
    header.push(column(
        csv,
        "funder_net_result",
        Text::CsvFunderNetResult,
        &[("funder", &curve.funder)],
    ));
    header.push(column(csv, "project_net_result", Text::CsvProjectNetResult, &[]));
    header.push(column(csv, "marker", Text::CsvMarker, &[]));
    out.push_str(&csv.row(&header.iter().map(String::as_str).collect::<Vec<_>>()));
    for p in &curve.points {
        let mut row = vec![csv.number(p.value), csv.number(p.saved_days)];
        for q in &p.providers {
            row.extend([csv.number(q.outcome_payment), csv.number(q.pay), csv.number(q.result)]);
        }
        let marker = curve
            .markers
            .iter()
            .filter(|m| m.value == p.value)
            .map(|m| marker_label(csv, m))
            .collect::<Vec<_>>()
            .join("; ");
        row.extend([
            csv.number(p.funder_net_result),
            csv.number(p.project_net_result),
            marker,
        ]);
        out.push_str(&csv.row(&row.iter().map(String::as_str).collect::<Vec<_>>()));
    }
    out
}
