//! The statement as plain text for a terminal or a printout.

use std::collections::HashMap;
use std::fmt::Write as _;

use rust_decimal::Decimal;
use utfall_engine::{Basis, Line, MonthOutcome, Note, ReconciledFigure, Statement, Trend, Unit};

use crate::number::Style;
use crate::words::{self, Language, Text, fill, text};
use crate::{Summary, summary_words};

/// Width of the label column.
const LABEL: usize = 58;

/// Renders a statement as text: first the summary a committee reads
/// ([`Summary`]: the parties, the term and window, the outcome, what each
/// party pays and receives over the window and the term, the named results,
/// break-even and the caps, the target and the schedule), then the notes,
/// then, as its appendix, every section's lines with their amount and under
/// each line its formula, inputs and exact result. Each line cites the rule it
/// applies, `[§3.2]` (a section of `docs/method.md`), and the sources the
/// contract gives for the terms it uses, `[§3.2; 1, 4]`; both are listed at
/// the end. A monthly outcome adds its month-by-month table.
///
/// Words are in the style's [`Language`](crate::Language), numbers in its
/// style; formulas keep their symbols.
///
/// # Example
/// ```
/// use utfall_engine::{settle, Contract, Outcome};
/// use utfall_render::{render_text, Style, Summary};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// let summary = Summary::new(&statement, None)?;
/// let out = render_text(&statement, &summary, &Style::swedish());
/// assert!(out.contains("Botkyrka kommuns nettoresultat"));
/// assert!(out.contains("investering som hör till mätperioden"));
/// assert!(out.contains("I · n / N = 22 870 000 · 17 / 36"));
/// assert!(out.contains("= 10 799 722,2222222222222222"));
/// let en = render_text(&statement, &summary, &Style::english());
/// assert!(en.contains("investment attributable to the window"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_text(statement: &Statement, summary: &Summary, style: &Style) -> String {
    let language = style.language;
    let mut out = String::new();
    let currency = statement.currency();
    let title = fill(
        language,
        text(language, Text::StatementTitle),
        &[("contract", statement.contract())],
    );
    let _ = writeln!(out, "{title}\n{}", "=".repeat(title.chars().count()));
    let facts = summary_words::head(summary, style, &basis_text(statement, language));
    let width = facts.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    for (key, value) in &facts {
        let _ = writeln!(out, "{key:<width$}  {value}");
    }

    write_summary(&mut out, summary, style);

    if !statement.notes().is_empty() {
        let _ = writeln!(out, "\n{}", text(language, Text::Notes));
        for note in statement.notes() {
            let _ = writeln!(out, "  * {}", words::note(style, note));
        }
    }

    let appendix = text(language, Text::Appendix);
    let _ = writeln!(out, "\n\n{appendix}\n{}", "=".repeat(appendix.chars().count()));
    let _ = writeln!(
        out,
        "{}",
        fill(language, text(language, Text::AmountsNote), &[("currency", currency)])
    );

    if let Basis::Monthly { months, .. } = statement.outcome().basis() {
        let _ = writeln!(out, "\n{}", text(language, Text::MonthTableTitle));
        let trend = has_trend(months);
        let header = month_header(language);
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
            .filter_map(|&c| header.get(c).cloned())
            .collect();
        let _ = writeln!(out, "{}", row(&header));
        for m in months {
            let _ = writeln!(out, "{}", row(&month_cells(m, style, trend)));
        }
        let _ = writeln!(out, "  {}", text(language, Text::MonthTableNote));
    }

    let citations = Citations::new(statement);
    for section in statement.sections() {
        let title = words::section_title(language, section, statement);
        let _ = writeln!(out, "\n{title}\n{}", "-".repeat(title.chars().count()));
        for line in &section.lines {
            write_line(&mut out, line, statement, &citations.of(line), currency, style);
        }
    }

    let _ = writeln!(out, "\n{}", text(language, Text::RulesTitle));
    for rule in statement.rules() {
        let _ = writeln!(out, "  §{} {}", rule.section(), words::rule_title(language, rule));
    }
    if !statement.sources().is_empty() {
        let _ = writeln!(out, "\n{}", text(language, Text::SourcesTitle));
        for (i, source) in statement.sources().iter().enumerate() {
            let _ = writeln!(out, "  [{}] {}: {}", i + 1, source.term, source.source);
        }
    }
    out
}

/// The summary: the outcome's sentences, the table of what each party pays
/// and receives, and the closing sentences.
fn write_summary(out: &mut String, summary: &Summary, style: &Style) {
    let language = style.language;
    let currency = summary.currency.as_str();
    let title = text(language, Text::Summary);
    let _ = writeln!(out, "\n{title}\n{}", "-".repeat(title.chars().count()));
    for sentence in summary_words::outcome(summary, style) {
        let _ = writeln!(out, "{sentence}");
    }
    let (what, window, term) = summary_words::party_columns(summary, language);
    let rows = summary_words::parties(summary, language);
    let label = rows
        .iter()
        .map(|r| r.label.chars().count())
        .chain([what.chars().count()])
        .max()
        .unwrap_or(0);
    let amount = |v: Option<Decimal>| v.map(|v| style.money(v, currency)).unwrap_or_default();
    let (w, t) = (
        rows.iter()
            .map(|r| amount(Some(r.window)).chars().count())
            .chain([window.chars().count()])
            .max()
            .unwrap_or(0),
        rows.iter()
            .map(|r| amount(r.term).chars().count())
            .chain([term.chars().count()])
            .max()
            .unwrap_or(0),
    );
    let _ = writeln!(out, "\n  {what:<label$}  {window:>w$}  {term:>t$}");
    let mut results = false;
    for row in &rows {
        if row.result && !results {
            let _ = writeln!(out, "  {}", "-".repeat(label + w + t + 4));
            results = true;
        }
        let _ = writeln!(
            out,
            "  {:<label$}  {:>w$}  {:>t$}",
            row.label,
            amount(Some(row.window)),
            amount(row.term)
        );
    }
    let _ = writeln!(out);
    for sentence in summary_words::closing(summary, style) {
        let _ = writeln!(out, "{sentence}");
    }
}

/// The month table's thirteen headers: the words in `language`, the symbols
/// as they are.
pub(crate) fn month_header(language: Language) -> Vec<String> {
    let t = |x| text(language, x).to_owned();
    let mut header = vec![
        t(Text::ColMonth),
        t(Text::ColReference),
        t(Text::ColNetDays),
        "h".to_owned(),
    ];
    header.push(t(Text::ColReferenceNetDays));
    header.extend(
        [
            "ref h", "x(m)", "x(ref)", "idx(m)", "idx(ref)", "x_adj(m)", "δ(m)", "S(m)",
        ]
        .map(str::to_owned),
    );
    header
}

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

/// `2018-10 – 2021-09 (36 months)`.
#[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
pub(crate) fn term_text(statement: &Statement, language: Language) -> String {
    words::range_text(language, statement.term())
}

/// `2018-10 – 2020-02 (17 months), by amendment`.
#[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
pub(crate) fn window_text(statement: &Statement, language: Language) -> String {
    let mut out = words::range_text(language, statement.window());
    if statement.amended() {
        out.push_str(", ");
        out.push_str(text(language, Text::ByAmendment));
    }
    out
}

/// Where the outcome comes from, in words.
pub(crate) fn basis_text(statement: &Statement, language: Language) -> String {
    match statement.outcome().basis() {
        Basis::Monthly { trend, months } => {
            let trend = match trend {
                Trend::NationalIndex => text(language, Text::TrendNationalIndex),
                _ => text(language, Text::TrendNone),
            };
            fill(
                language,
                text(language, Text::BasisMonthly),
                &[("months", &months.len().to_string()), ("trend", trend)],
            )
        }
        _ => text(language, Text::BasisStated).to_owned(),
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

/// A note in the style's language and number format.
pub(crate) fn note_text(note: &Note, style: &Style) -> String {
    words::note(style, note)
}

fn write_line(out: &mut String, line: &Line, statement: &Statement, citation: &str, currency: &str, style: &Style) {
    let label = format!("{} {citation}", words::label(style.language, line, statement));
    let amount = words::figure(style, line.result, line.unit, currency);
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
    let language = style.language;
    let exact = style.exact(line.result);
    if line.formula == "given" || line.inputs.is_empty() {
        return words::formula(language, &line.formula);
    }
    let inputs = line
        .inputs
        .iter()
        .map(|i| format!("{} = {}", i.symbol, style.exact(i.value)))
        .collect::<Vec<_>>()
        .join(", ");
    let worked = match substitute(line, style) {
        // A formula that is one input (`P`) needs no second `=`.
        Some(filled) if filled == exact => line.formula.clone(),
        Some(filled) => format!("{} = {filled}", line.formula),
        None => format!("{} {} {inputs}", line.formula, text(language, Text::With)),
    };
    words::formula(language, &worked)
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
    let language = style.language;
    let mut out = String::new();
    let c = words::columns(language, Text::ReconColumns);
    let col = |i: usize| c.get(i).copied().unwrap_or_default();
    let _ = writeln!(
        out,
        "  {:<3} {:<44} {:<7} {:>22} {:>22} {:>22}",
        "",
        col(0),
        col(1),
        col(2),
        col(3),
        col(4)
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
        let _ = writeln!(
            out,
            "     {}",
            fill(language, text(language, Text::ReconReport), &[("quote", &row.quote)])
        );
        let _ = writeln!(
            out,
            "     {}",
            fill(
                language,
                text(language, Text::ReconEngine),
                &[("exact", &exact), ("line", &row.line), ("statement", &row.statement)],
            )
        );
        let _ = writeln!(
            out,
            "     {}",
            fill(language, text(language, Text::ReconWhy), &[("why", &row.why)])
        );
    }
    out
}
