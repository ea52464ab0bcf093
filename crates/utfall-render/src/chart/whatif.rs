//! What-if as text and as a CSV table.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use utfall_engine::{CsvOutput, WhatIf};

use super::risk_csv::column;
use super::{share, word};
use crate::number::Style;
use crate::words::{self, Language, Text, fill};

/// What-if as text: the thresholds, then the sensitivity table, then, when
/// the what-if has one, the window at the target.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, WhatIf};
/// use utfall_render::{render_whatif_text, Style};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let w = WhatIf::new(&Contract::from_toml_str(&text)?, 6350, None)?;
/// let out = render_whatif_text(&w, &Style::english());
/// assert!(out.contains("break-even"));
/// assert!(out.contains("10,799,722.22 SEK"));
/// let sv = render_whatif_text(&w, &Style::swedish());
/// assert!(sv.contains("nollresultat"));
/// assert!(sv.contains("10 799 722,22 kr"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_whatif_text(w: &WhatIf, style: &Style) -> String {
    let language = style.language;
    let t = |x| words::text(language, x);
    let money = |v: Decimal| style.money(v, &w.currency);
    let funder = words::funder_name(language, &w.funder);
    let mut out = String::new();
    let title = words::fill(language, t(Text::WhatIfTitle), &[("contract", &w.contract)]);
    let _ = writeln!(out, "{title}\n{}", "=".repeat(title.chars().count()));
    let _ = writeln!(
        out,
        "{}\n",
        words::fill(
            language,
            t(Text::WhatIfIntro),
            &[
                ("window", &words::range_text(language, w.window)),
                ("headcount", &style.exact(Decimal::from(w.headcount))),
            ],
        )
    );
    let c = words::columns(language, Text::WhatIfThresholdColumns);
    let col = |i: usize| c.get(i).copied().unwrap_or_default();
    let _ = writeln!(
        out,
        "  {:<28} {:>24} {:>14} {:>14} {:>24}",
        "",
        col(0),
        col(1),
        col(2),
        col(3)
    );
    for th in &w.thresholds {
        let _ = writeln!(
            out,
            "  {:<28} {:>24} {:>14} {:>14} {:>24}",
            threshold_words(language, &th.label),
            money(th.value),
            style.rounded(th.saved_days, 2),
            style.rounded(th.per_employee, 4),
            style.rounded(th.per_employee_month, 4)
        );
    }
    let _ = writeln!(out, "\n{}\n", t(Text::WhatIfSensitivity));
    let c = words::columns(language, Text::WhatIfTableColumns);
    let col = |i: usize| c.get(i).copied().unwrap_or_default();
    let _ = write!(out, "  {:>12} {:>20}", col(0), col(1));
    for name in &w.providers {
        let _ = write!(
            out,
            " {:>22} {:>22}",
            format!("{name}: P"),
            words::fill(language, t(Text::WhatIfProviderResult), &[("provider", name)])
        );
    }
    let _ = writeln!(out, " {:>27} {:>27} {:>27}", col(2), col(3), col(4));
    for r in &w.table {
        let mark = w
            .thresholds
            .iter()
            .filter(|th| th.per_employee == r.per_employee)
            .map(|th| threshold_words(language, &th.label))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(out, "  {:>12} {:>20}", style.rounded(r.per_employee, 4), money(r.value));
        for (p, result) in r.payments.iter().zip(&r.results) {
            let _ = write!(out, " {:>22} {:>22}", money(*p), money(*result));
        }
        let _ = write!(
            out,
            " {:>27} {:>27} {:>27}",
            money(r.funder_keeps),
            money(r.funder_net_result),
            money(r.project_net_result)
        );
        if mark.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "  ← {mark}");
        }
    }
    if let Some(at) = &w.at_target {
        write_at_target(&mut out, w, at, style);
    }
    let _ = writeln!(
        out,
        "\n{}",
        words::fill(language, t(Text::WhatIfFooterResults), &[("funder", funder)])
    );
    let _ = writeln!(
        out,
        "{}",
        words::fill(
            language,
            t(Text::WhatIfFooterAmounts),
            &[("word", style.currency_word(&w.currency)), ("currency", &w.currency)],
        )
    );
    out
}

/// A threshold's engine label (`break-even`, `cap: NAME`, `target`) in
/// `language`.
fn threshold_words(language: Language, label: &str) -> String {
    let t = |x| words::text(language, x);
    match label {
        "break-even" => t(Text::WhatIfBreakEven).to_owned(),
        "target" => t(Text::WhatIfTarget).to_owned(),
        other => match other.strip_prefix("cap: ") {
            Some(name) => words::fill(language, t(Text::WhatIfCap), &[("provider", name)]),
            None => other.to_owned(),
        },
    }
}

/// The section *At the target* of the what-if text.
fn write_at_target(out: &mut String, w: &WhatIf, at: &utfall_engine::TargetPoint, style: &Style) {
    let language = style.language;
    let t = |x| words::text(language, x);
    let money = |v: Decimal| style.money(v, &w.currency);
    let funder = words::funder_name(language, &w.funder);
    let r = &at.row;
    let _ = writeln!(
        out,
        "\n{}\n",
        words::fill(
            language,
            t(Text::WhatIfAtTarget),
            &[("target", &style.percent(at.target, 4))]
        )
    );
    let mut lines = vec![
        (
            t(Text::WhatIfReferencePerEmployee).to_owned(),
            "Σ x(ref(m))".to_owned(),
            style.rounded(at.reference_per_employee, 4),
        ),
        (
            t(Text::WhatIfReferenceDays).to_owned(),
            "Σ x(ref(m)) · h(m)".to_owned(),
            style.rounded(at.reference_days, 2),
        ),
        (
            t(Text::WhatIfSavedPerEmployee).to_owned(),
            "δ = t · Σ x(ref(m))".to_owned(),
            style.rounded(r.per_employee, 4),
        ),
        (
            t(Text::WhatIfSavedDays).to_owned(),
            "S = t · Σ x(ref(m)) · h(m)".to_owned(),
            style.rounded(at.saved_days, 2),
        ),
        (t(Text::WhatIfValue).to_owned(), "V = S · d".to_owned(), money(r.value)),
    ];
    for (i, name) in w.providers.iter().enumerate() {
        let (Some(p), Some(pay), Some(result)) = (r.payments.get(i), r.pay.get(i), r.results.get(i)) else {
            continue;
        };
        let named = |x| words::fill(language, t(x), &[("provider", name)]);
        lines.push((named(Text::WhatIfProviderPayment), "P".to_owned(), money(*p)));
        lines.push((named(Text::WhatIfProviderPay), "A_w + P".to_owned(), money(*pay)));
        lines.push((
            named(Text::WhatIfProviderResult),
            "A_w + P − C_w".to_owned(),
            money(*result),
        ));
    }
    let named = |x| words::fill(language, t(x), &[("funder", funder)]);
    lines.extend([
        (
            named(Text::WhatIfFunderKeeps),
            "V − ΣP".to_owned(),
            money(r.funder_keeps),
        ),
        (
            named(Text::WhatIfFunderNet),
            "V − (I_w − ΣC_w) − Σ(A_w + P)".to_owned(),
            money(r.funder_net_result),
        ),
        (
            t(Text::WhatIfProjectNet).to_owned(),
            "V − I_w".to_owned(),
            money(r.project_net_result),
        ),
    ]);
    for (label, formula, amount) in lines {
        let _ = writeln!(out, "  {label:<48} {formula:<32} {amount:>22}");
    }
}

/// What-if as CSV: `per_employee,value,` then `NAME outcome_payment`,
/// `NAME pay` and `NAME result` per provider,
/// `funder_keeps,funder_net_result,project_net_result,threshold`; exact
/// decimals. The row of the target, when the what-if has one, is marked
/// `target`.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, WhatIf};
/// use utfall_render::render_whatif_csv;
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let w = WhatIf::new(&Contract::from_toml_str(&text)?, 6350, None)?;
/// assert!(render_whatif_csv(&w).starts_with(
///     "per_employee,value,Aino Health outcome_payment,Aino Health pay,Aino Health result,\
///      funder_keeps,funder_net_result,project_net_result,threshold\n"
/// ));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_whatif_csv(w: &WhatIf) -> String {
    render_whatif_csv_in(w, CsvOutput::Machine)
}

/// [`render_whatif_csv`] in the CSV dialect `csv`: for
/// [`CsvOutput::ExcelSv`], `;`-separated with decimal commas, a byte-order
/// mark, `\r\n` line ends, and the header and thresholds in Swedish.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, CsvOutput, WhatIf};
/// use utfall_render::render_whatif_csv_in;
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let w = WhatIf::new(&Contract::from_toml_str(&text)?, 6350, None)?;
/// let csv = render_whatif_csv_in(&w, CsvOutput::ExcelSv);
/// assert!(csv.starts_with("\u{feff}sparade dagar per anställd;värdet av sparade dagar;"));
/// assert!(csv.contains("\r\n0,4;5283200;970831,31;2955368,81;-1013706,19;"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_whatif_csv_in(w: &WhatIf, csv: CsvOutput) -> String {
    let mut out = String::from(csv.preamble());
    let mut header = vec![
        column(csv, "per_employee", Text::CsvPerEmployee, &[]),
        column(csv, "value", Text::CsvValue, &[]),
    ];
    for name in &w.providers {
        let values = [("provider", name.as_str())];
        header.push(column(
            csv,
            &format!("{name} outcome_payment"),
            Text::CsvProviderPayment,
            &values,
        ));
        header.push(column(csv, &format!("{name} pay"), Text::CsvProviderPay, &values));
        header.push(column(csv, &format!("{name} result"), Text::CsvProviderResult, &values));
    }
    let funder = [("funder", w.funder.as_str())];
    header.push(column(csv, "funder_keeps", Text::CsvFunderKeeps, &funder));
    header.push(column(csv, "funder_net_result", Text::CsvFunderNetResult, &funder));
    header.push(column(csv, "project_net_result", Text::CsvProjectNetResult, &[]));
    header.push(column(csv, "threshold", Text::CsvThreshold, &[]));
    out.push_str(&csv.row(&header.iter().map(String::as_str).collect::<Vec<_>>()));
    for r in &w.table {
        let mut row = vec![csv.number(r.per_employee), csv.number(r.value)];
        for ((p, pay), result) in r.payments.iter().zip(&r.pay).zip(&r.results) {
            row.extend([csv.number(*p), csv.number(*pay), csv.number(*result)]);
        }
        let label = w
            .thresholds
            .iter()
            .filter(|t| t.per_employee == r.per_employee)
            .map(|t| threshold_label(csv, t, w.at_target.as_ref()))
            .collect::<Vec<_>>()
            .join("; ");
        row.extend([
            csv.number(r.funder_keeps),
            csv.number(r.funder_net_result),
            csv.number(r.project_net_result),
            label,
        ]);
        out.push_str(&csv.row(&row.iter().map(String::as_str).collect::<Vec<_>>()));
    }
    out
}

/// A threshold's label in a CSV table: the engine's, or in Swedish for
/// Excel.
fn threshold_label(csv: CsvOutput, t: &utfall_engine::Threshold, at: Option<&utfall_engine::TargetPoint>) -> String {
    if !csv.swedish() {
        return t.label.clone();
    }
    let sv = Style::swedish();
    if t.label == "break-even" {
        word(&sv, Text::ChartBreakEven).to_owned()
    } else if let Some(provider) = t.label.strip_prefix("cap: ") {
        fill(sv.language, word(&sv, Text::ChartCap), &[("provider", provider)])
    } else if let (Some(at), "target") = (at, t.label.as_str()) {
        fill(
            sv.language,
            word(&sv, Text::ChartTarget),
            &[("target", &share(&sv, at.target))],
        )
    } else {
        t.label.clone()
    }
}
