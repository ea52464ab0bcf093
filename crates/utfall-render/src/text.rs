//! The statement as plain text for a terminal or a printout.

use std::collections::HashMap;
use std::fmt::Write as _;

use utfall_engine::{Basis, Line, MonthOutcome, Note, ReconciledFigure, Statement, Unit};

use crate::number::Style;

/// Width of the label column.
const LABEL: usize = 58;

/// Renders a statement as text: a header, the notes, every section's lines with
/// their amount, and under each line its formula, inputs and exact result. Each
/// line cites the rule it applies, `[§3.2]` (a section of `docs/method.md`),
/// and the sources the contract gives for the terms it uses, `[§3.2; 1, 4]`;
/// both are listed at the end. A monthly outcome adds its month-by-month table.
///
/// # Example
/// ```
/// use utfall_engine::{settle, Contract, Outcome};
/// use utfall_render::{render_text, Style};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// let out = render_text(&statement, &Style::swedish());
/// assert!(out.contains("investment attributable to the window"));
/// assert!(out.contains("I · n / N = 22 870 000 · 17 / 36"));
/// assert!(out.contains("= 10 799 722,2222222222222222"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_text(statement: &Statement, style: &Style) -> String {
    let mut out = String::new();
    let currency = statement.currency();
    let title = format!("Settlement statement: {}", statement.contract());
    let _ = writeln!(out, "{title}\n{}", "=".repeat(title.chars().count()));
    let _ = writeln!(out, "term             {}", term_text(statement));
    let _ = writeln!(out, "outcome measured {}", window_text(statement));
    let _ = writeln!(out, "outcome from     {}", basis_text(statement));
    let _ = writeln!(
        out,
        "amounts in {currency}; payments in whole öre; each line shows its formula and exact result"
    );

    if !statement.notes().is_empty() {
        let _ = writeln!(out, "\nNotes");
        for note in statement.notes() {
            let _ = writeln!(out, "  * {}", note_text(note, style));
        }
    }

    if let Basis::Monthly { months, .. } = statement.outcome().basis() {
        let _ = writeln!(out, "\n{MONTH_TABLE_TITLE}");
        let trend = has_trend(months);
        let header = [
            "month", "ref", "net days", "h", "ref days", "ref h", "x(m)", "x(ref)", "idx(m)", "idx(ref)", "x_adj(m)",
            "δ(m)", "S(m)",
        ];
        let widths = [7, 7, 12, 7, 12, 7, 8, 8, 8, 8, 8, 8, 10];
        // Months and reference months to the left, numbers to the right.
        let row = |cells: &[String]| {
            let mut line = String::from(" ");
            for (cell, column) in cells.iter().zip(month_columns(trend)) {
                let width = widths.get(column).copied().unwrap_or(0);
                let _ = if column < 2 {
                    write!(line, " {cell:<width$} ")
                } else {
                    write!(line, " {cell:>width$} ")
                };
            }
            line.trim_end().to_owned()
        };
        let header: Vec<String> = month_columns(trend)
            .iter()
            .filter_map(|&c| header.get(c).map(|s| (*s).to_owned()))
            .collect();
        let _ = writeln!(out, "{}", row(&header));
        for m in months {
            let _ = writeln!(out, "{}", row(&month_cells(m, style, trend)));
        }
        let _ = writeln!(
            out,
            "  (rounded for reading; the exact figures are in the section \"Outcome month by month\" below)"
        );
    }

    let citations = Citations::new(statement);
    for section in statement.sections() {
        let _ = writeln!(
            out,
            "\n{}\n{}",
            section.title,
            "-".repeat(section.title.chars().count())
        );
        for line in &section.lines {
            write_line(&mut out, line, &citations.of(line), currency, style);
        }
    }

    let _ = writeln!(out, "\n{RULES_TITLE}");
    for rule in statement.rules() {
        let _ = writeln!(out, "  §{} {}", rule.section(), rule.title());
    }
    if !statement.sources().is_empty() {
        let _ = writeln!(out, "\n{SOURCES_TITLE}");
        for (i, source) in statement.sources().iter().enumerate() {
            let _ = writeln!(out, "  [{}] {}: {}", i + 1, source.term, source.source);
        }
    }
    out
}

/// The heading of the list of rules a statement applies.
pub(crate) const RULES_TITLE: &str = "Rules (docs/method.md)";

/// The heading of the list of the contract's sources.
pub(crate) const SOURCES_TITLE: &str = "Sources of the contract's terms";

/// The contract's sources by term, numbered from 1 in the order of
/// [`Statement::sources`]: looked up once per cited term, so that a statement
/// with many sourced providers renders in time linear in its size.
pub(crate) struct Citations<'a> {
    by_term: HashMap<&'a str, (usize, &'a str)>,
}

impl<'a> Citations<'a> {
    pub(crate) fn new(statement: &'a Statement) -> Self {
        let by_term = statement
            .sources()
            .iter()
            .enumerate()
            .map(|(i, s)| (s.term.as_str(), (i + 1, s.source.as_str())))
            .collect();
        Self { by_term }
    }

    /// `[§3.2]`, or `[§3.2; 1, 4]` when the line cites the contract's sources
    /// 1 and 4.
    pub(crate) fn of(&self, line: &Line) -> String {
        let numbers: Vec<String> = line
            .cites
            .iter()
            .filter_map(|term| self.by_term.get(term.as_str()))
            .map(|(number, _)| number.to_string())
            .collect();
        if numbers.is_empty() {
            format!("[§{}]", line.rule.section())
        } else {
            format!("[§{}; {}]", line.rule.section(), numbers.join(", "))
        }
    }

    /// The source the contract gives for `term`.
    pub(crate) fn source(&self, term: &str) -> Option<&'a str> {
        self.by_term.get(term).map(|(_, source)| *source)
    }
}

/// The title of the month-by-month table at the head of a statement.
pub(crate) const MONTH_TABLE_TITLE: &str = "Outcome month by month (days per employee; δ(m) > 0 is a saving)";

/// `2018-10 – 2021-09 (36 months)`.
pub(crate) fn term_text(statement: &Statement) -> String {
    format!("{} ({} months)", statement.term(), statement.term().len())
}

/// `2018-10 – 2020-02 (17 months), by amendment`.
pub(crate) fn window_text(statement: &Statement) -> String {
    format!(
        "{} ({} months){}",
        statement.window(),
        statement.window().len(),
        if statement.amended() { ", by amendment" } else { "" }
    )
}

/// Where the outcome comes from, in words.
pub(crate) fn basis_text(statement: &Statement) -> String {
    match statement.outcome().basis() {
        Basis::StatedValue => "a stated value of saved days".to_owned(),
        Basis::Monthly { trend, months } => format!(
            "monthly series, {} months, trend adjustment: {}",
            months.len(),
            trend.as_str()
        ),
        _ => "other".to_owned(),
    }
}

/// Whether the month table has the national index columns.
pub(crate) fn has_trend(months: &[MonthOutcome]) -> bool {
    months.iter().any(|m| m.index.is_some())
}

/// Which of the thirteen month-table columns are shown: the three index
/// columns (8 to 10) only with a trend adjustment.
fn month_columns(trend: bool) -> Vec<usize> {
    (0..13).filter(|c| trend || !(8..=10).contains(c)).collect()
}

/// One month of the month-by-month table, rounded for reading: month,
/// reference month, net days, headcount, reference net days, reference
/// headcount, x(m), x(ref), with a trend idx(m), idx(ref) and x_adj(m), then
/// δ(m) and S(m).
pub(crate) fn month_cells(m: &MonthOutcome, style: &Style, trend: bool) -> Vec<String> {
    let mut cells = vec![
        m.month.to_string(),
        m.reference_month.to_string(),
        style.rounded(m.net_days, 1),
        m.headcount.to_string(),
        style.rounded(m.reference_net_days, 1),
        m.reference_headcount.to_string(),
        style.rounded(m.per_employee, 4),
        style.rounded(m.reference_per_employee, 4),
    ];
    if trend {
        cells.push(m.index.map(|v| style.exact(v)).unwrap_or_default());
        cells.push(m.reference_index.map(|v| style.exact(v)).unwrap_or_default());
        cells.push(style.rounded(m.adjusted_per_employee, 4));
    }
    cells.push(style.rounded(m.delta, 4));
    cells.push(style.rounded(m.saved_days, 2));
    cells
}

/// A note in the style's number format.
pub(crate) fn note_text(note: &Note, style: &Style) -> String {
    match note {
        Note::StatedShare {
            provider,
            stated,
            derived,
        } => format!(
            "{provider}: the contract states s = {} ({}); the terms imply r · C / I = {} ({}), a difference of {} \
             percentage points",
            style.exact(*stated),
            style.percent(*stated, 4),
            style.exact(*derived),
            style.percent(*derived, 4),
            style.rounded(
                stated
                    .checked_sub(*derived)
                    .and_then(|gap| gap.checked_mul(rust_decimal::Decimal::ONE_HUNDRED))
                    .unwrap_or_default(),
                4
            ),
        ),
        Note::PremiumAboveBound { provider, most, bound } => format!(
            "{provider}: the stated share is above r · C / I, so the premium can reach {}, above r · (k − 1) = {}",
            style.percent(*most, 4),
            style.percent(*bound, 4)
        ),
        other => other.to_string(),
    }
}

fn write_line(out: &mut String, line: &Line, citation: &str, currency: &str, style: &Style) {
    let label = format!("{} {citation}", line.label);
    let amount = style.figure(line.result, line.unit, currency);
    if label.chars().count() > LABEL {
        let _ = writeln!(out, "  {label}\n  {:<LABEL$} {amount:>22}", "");
    } else {
        let _ = writeln!(out, "  {label:<LABEL$} {amount:>22}");
    }
    let _ = writeln!(out, "      {}", formula_with_inputs(line, style));
}

/// `I · n / N = 22 870 000 · 17 / 36 = 10 799 722,22…`: the formula, its inputs
/// put in where the formula is a plain expression of them, and the exact result.
pub(crate) fn formula_with_inputs(line: &Line, style: &Style) -> String {
    format!("{} = {}", worked(line, style), style.exact(line.result))
}

/// `I · n / N = 22 870 000 · 17 / 36`: the formula with its inputs put in where
/// the formula is a plain expression of them, else followed by `with` and the
/// inputs; `given` for an input. The exact result is not included.
pub(crate) fn worked(line: &Line, style: &Style) -> String {
    let exact = style.exact(line.result);
    if line.formula == "given" || line.inputs.is_empty() {
        return line.formula.clone();
    }
    let inputs = line
        .inputs
        .iter()
        .map(|i| format!("{} = {}", i.symbol, style.exact(i.value)))
        .collect::<Vec<_>>()
        .join(", ");
    match substitute(line, style) {
        // A formula that is one input (`P`) needs no second `=`.
        Some(filled) if filled == exact => line.formula.clone(),
        Some(filled) => format!("{} = {filled}", line.formula),
        None => format!("{} with {inputs}", line.formula),
    }
}

/// The formula's right-hand side with each input's value in place of its symbol,
/// when every symbol is a single token of the formula; otherwise `None` and the
/// inputs are listed instead.
fn substitute(line: &Line, style: &Style) -> Option<String> {
    let rhs = line.formula.rsplit(" = ").next().unwrap_or(&line.formula);
    let mut used = vec![false; line.inputs.len()];
    let mut filled = Vec::new();
    for token in rhs.split(' ') {
        // `(1` and `r)` are `1` and `r` inside parentheses; `h(m)` is a symbol.
        let symbol_at = |t: &str| line.inputs.iter().position(|i| i.symbol == t);
        let core = token.trim_start_matches('(').trim_end_matches(')');
        let (at, open, close) = match symbol_at(token) {
            Some(at) => (Some(at), "", ""),
            None => (
                symbol_at(core),
                token
                    .get(..token.len() - token.trim_start_matches('(').len())
                    .unwrap_or(""),
                token.get(token.trim_end_matches(')').len()..).unwrap_or(""),
            ),
        };
        match at.and_then(|at| Some((used.get_mut(at)?, line.inputs.get(at)?))) {
            Some((flag, input)) => {
                *flag = true;
                filled.push(format!("{open}{}{close}", style.exact(input.value)));
            }
            None if core.chars().any(char::is_alphabetic) => return None,
            None => filled.push(token.to_owned()),
        }
    }
    used.iter().all(|u| *u).then(|| filled.join(" "))
}

/// Renders a reconciliation: for each reported figure, the report's figure, the
/// engine's (rounded for reading, and exact), the difference and why.
///
/// # Example
/// ```
/// use utfall_engine::{reconcile, settle, Contract, Outcome, ReportedFigures};
/// use utfall_render::{render_reconciliation, Style};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// let report = ReportedFigures::from_toml_str(r#"
///     [[figure]]
///     label = "investment per project month"
///     quote = "22 870 000/36 ≈ 635 000 kr"
///     reported = "635000"
///     statement = "exact"
///     line = "window.investment_per_month"
///     why = "rounded to thousands"
/// "#)?;
/// let rows = reconcile(&report, &[("exact", &statement)])?;
/// let out = render_reconciliation(&rows, "SEK", &Style::swedish());
/// assert!(out.contains("635 277,78 kr"));
/// assert!(out.contains("+277,78 kr"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_reconciliation(rows: &[ReconciledFigure], currency: &str, style: &Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  {:<3} {:<44} {:<7} {:>22} {:>22} {:>22}",
        "", "figure", "share", "report", "engine", "difference"
    );
    for (i, row) in rows.iter().enumerate() {
        let signed = |v| {
            let text = style.figure(v, row.unit, currency);
            if v > rust_decimal::Decimal::ZERO {
                format!("+{text}")
            } else {
                text
            }
        };
        let _ = writeln!(
            out,
            "  {:<3} {:<44} {:<7} {:>22} {:>22} {:>22}",
            format!("{}.", i + 1),
            row.label,
            row.statement,
            style.figure(row.reported, row.unit, currency),
            style.figure(row.engine, row.unit, currency),
            signed(row.difference),
        );
    }
    let _ = writeln!(out);
    for (i, row) in rows.iter().enumerate() {
        let exact = match row.unit {
            Unit::Share => format!("{} ({})", style.exact(row.engine), style.percent(row.engine, 6)),
            _ => style.exact(row.engine),
        };
        let _ = writeln!(out, "  {}. {}", i + 1, row.label);
        let _ = writeln!(out, "     report: «{}»", row.quote);
        let _ = writeln!(
            out,
            "     engine: {exact} (line {}, settlement \"{}\")",
            row.line, row.statement
        );
        let _ = writeln!(out, "     why:    {}", row.why);
    }
    out
}
