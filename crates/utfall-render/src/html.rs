//! The statement as one self-contained HTML page, to read in a browser and to
//! print (or print to PDF) on A4.

use std::fmt::Write as _;

use utfall_engine::{Basis, Line, RiskCurve, Statement};

use crate::number::Style;
use crate::text::{Citations, basis_text, formula_with_inputs, has_trend, month_cells, month_header, note_text};
use crate::words::{self, Text, fill, text};
use crate::{Summary, render_risk_svg, summary_words};

/// The page's style sheet. Inline, like everything else on the page: the file
/// is sent, archived and printed alone, so it may fetch nothing (no fonts,
/// scripts, images or links); the fonts are the reader's own.
const CSS: &str = "\
@page { size: A4; margin: 18mm 15mm; }
html { color: #111; background: #fff; }
body {
  font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, \"Liberation Sans\",
    \"DejaVu Sans\", sans-serif;
  font-size: 10.5pt; line-height: 1.35; max-width: 62rem; margin: 2rem auto; padding: 0 1rem;
}
h1 { font-size: 1.45em; margin: 0 0 .6em; }
h2 { font-size: 1.12em; margin: 1.5em 0 .4em; }
h1, h2 { break-after: avoid; page-break-after: avoid; }
h1.appendix { break-before: page; page-break-before: always; margin-top: 0; }
table.parties td.amount { white-space: nowrap; }
table.parties { table-layout: fixed; }
.nowrap { white-space: nowrap; }
table.parties th:first-child { width: 50%; }
table.parties tr.result td { font-weight: 600; }
table.parties tr:not(.result) + tr.result td { border-top: 1.5px solid #888; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1.2em; margin: 0 0 .6em; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
p.amounts { margin: 0; color: #444; }
table { width: 100%; border-collapse: collapse; margin: 0 0 .4em; }
table.lines { table-layout: fixed; }
col.c-line { width: 36%; }
col.c-amount { width: 24%; }
col.c-formula { width: 40%; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: .25em .45em; border-bottom: 1px solid #d4d4d4; vertical-align: top; text-align: left; }
th { font-weight: 600; border-bottom: 1.5px solid #888; }
td { overflow-wrap: anywhere; }
.amount, .num { text-align: right; font-variant-numeric: tabular-nums; }
td.amount { white-space: nowrap; overflow-wrap: normal; }
td.formula {
  font-family: ui-monospace, \"SFMono-Regular\", Menlo, Consolas, \"Liberation Mono\", \"DejaVu Sans Mono\", monospace;
  font-size: .8em; color: #333;
}
.cite { color: #555; white-space: nowrap; }
table.months { font-size: .82em; }
table.months td { white-space: nowrap; overflow-wrap: normal; }
p.small { font-size: .85em; color: #444; margin: .2em 0 0; }
ul, ol { margin: .2em 0; padding-left: 1.4em; }
ol.sources { list-style: none; padding-left: 0; }
ol.sources li { padding-left: 2.2em; text-indent: -2.2em; overflow-wrap: anywhere; }
figure.chart { margin: 1em 0; break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
}
";

/// Renders a statement as one self-contained HTML5 page: everything a reader
/// needs is in the file (the style sheet inline, no fonts, scripts, images or
/// links fetched, and a content security policy that would refuse them), so it
/// can be mailed, archived and printed as it is. The content is that of
/// [`render_text`](crate::render_text): the title and the head's facts, the
/// summary (its sentences and the table of what each party pays and receives
/// over the window and the term, the named results set apart), the risk chart
/// when `chart` is given (inline SVG, [`render_risk_svg`]), the notes,
/// and then, from a new page, the appendix: the month-by-month table for a
/// monthly outcome, one table per section (each line's label with its
/// citation, `[§3.2; 3]`, its amount right-aligned, and its formula with the
/// inputs put in and the exact result), the rules applied and the contract's
/// sources.
///
/// Printed, the page is A4 with margins of 18 and 15 mm; a table row is never
/// split across pages, a table's header row is repeated on each page and a
/// heading stays with what follows it. Long formulas wrap inside their cell,
/// but not inside a number: in a formula the digits are grouped with no-break
/// spaces (U+00A0) where the style groups them with spaces.
///
/// Words are in the style's [`Language`](crate::Language), which is also the
/// page's `lang`, and numbers in its style. Every text from the statement (the contract's and providers' names,
/// the sources, labels and notes) is escaped as HTML (`&`, `<`, `>`, `"`,
/// `'`), so that it shows as written and is never read as markup.
///
/// # Example
/// ```
/// use utfall_engine::{settle, Contract, Outcome};
/// use utfall_render::{render_html, Style, Summary};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// let html = render_html(&statement, &Summary::new(&statement, None)?, &Style::swedish(), None);
/// assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
/// assert!(html.contains("<td class=\"amount\">2 701 245,52 kr</td>"));
/// // In a formula, numbers are grouped with no-break spaces, so that none is split across lines.
/// assert!(html.contains("I · n / N = 22\u{a0}870\u{a0}000 · 17 / 36 = 10\u{a0}799\u{a0}722,2222222222222222"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_html(statement: &Statement, summary: &Summary, style: &Style, chart: Option<&RiskCurve>) -> String {
    let language = style.language;
    let mut out = String::new();
    let title = escape(&fill(
        language,
        text(language, Text::StatementTitle),
        &[("contract", statement.contract())],
    ));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<h1>{title}</h1>\n",
        language.code()
    );
    let _ = writeln!(out, "<dl class=\"facts\">");
    for (fact, value) in summary_words::head(summary, style, &basis_text(statement, language)) {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(&fact), escape(&value));
    }
    let _ = writeln!(out, "</dl>");
    write_summary(&mut out, summary, style);
    if let Some(curve) = chart {
        let caption = text(style.language, Text::HtmlChartCaption);
        out.push_str(&chart_figure(&render_risk_svg(curve, style), caption));
    }

    if !statement.notes().is_empty() {
        let _ = writeln!(out, "<h2>{}</h2>\n<ul class=\"notes\">", text(language, Text::Notes));
        for note in statement.notes() {
            let _ = writeln!(out, "<li>{}</li>", escape(&note_text(note, style)));
        }
        let _ = writeln!(out, "</ul>");
    }

    // The appendix starts on a page of its own.
    let _ = writeln!(
        out,
        "<h1 class=\"appendix\">{}</h1>\n<p class=\"amounts\">{}.</p>",
        escape(text(language, Text::Appendix)),
        escape(&fill(
            language,
            text(language, Text::AmountsNote),
            &[("currency", statement.currency())]
        ))
    );
    write_month_table(&mut out, statement, style);

    // A formula wraps in its narrow cell, but never inside a number: `10 799`
    // at the end of one line and `722,22` on the next reads as two figures.
    // So a group separator that is a space is a no-break space there.
    let mut formula_style = style.clone();
    if style.group_separator == " " {
        formula_style.group_separator = "\u{a0}";
    }
    let header = text(language, Text::HtmlLineHeader);
    let (line_col, rest) = header.split_once('|').unwrap_or((header, ""));
    let (amount_col, formula_col) = rest.split_once('|').unwrap_or((rest, ""));
    let citations = Citations::new(statement);
    for section in statement.sections() {
        let _ = writeln!(
            out,
            "<section>\n<h2>{}</h2>",
            escape(&words::section_title(language, section, statement))
        );
        let _ = writeln!(
            out,
            "<table class=\"lines\">\n<colgroup><col class=\"c-line\"><col class=\"c-amount\"><col class=\"c-formula\">\
             </colgroup>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"amount\">{}</th>\
             <th scope=\"col\">{}</th></tr></thead>\n<tbody>",
            escape(line_col),
            escape(amount_col),
            escape(formula_col)
        );
        for line in &section.lines {
            write_line(
                &mut out,
                line,
                &words::label(language, line, statement),
                &citations.of(line),
                statement.currency(),
                style,
                &formula_style,
            );
        }
        let _ = writeln!(out, "</tbody>\n</table>\n</section>");
    }

    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<ul class=\"rules\">",
        escape(text(language, Text::RulesTitle))
    );
    for rule in statement.rules() {
        let _ = writeln!(
            out,
            "<li>§{} {}</li>",
            rule.section(),
            escape(words::rule_title(language, rule))
        );
    }
    let _ = writeln!(out, "</ul>");
    if !statement.sources().is_empty() {
        // Numbered as the citations number them, `[3]`, rather than by the
        // list's own markers, so that the printout reads like the text.
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<ol class=\"sources\">",
            escape(text(language, Text::SourcesTitle))
        );
        for (i, source) in statement.sources().iter().enumerate() {
            let _ = writeln!(
                out,
                "<li>[{}] <code>{}</code>: {}</li>",
                i + 1,
                escape(&source.term),
                escape(&source.source)
            );
        }
        let _ = writeln!(out, "</ol>");
    }
    let _ = writeln!(out, "</body>\n</html>");
    out
}

/// The summary: the outcome's sentences, the table of what each party pays
/// and receives over the window and the term, and the closing sentences.
fn write_summary(out: &mut String, summary: &Summary, style: &Style) {
    let language = style.language;
    let currency = summary.currency.as_str();
    let _ = writeln!(
        out,
        "<section class=\"summary\">\n<h2>{}</h2>",
        text(language, Text::Summary)
    );
    for sentence in summary_words::outcome(summary, style) {
        let _ = writeln!(out, "<p>{}</p>", escape(&sentence));
    }
    let (what, window, term) = summary_words::party_columns(summary, language);
    let _ = writeln!(
        out,
        "<table class=\"parties\">\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"amount\">{}</th>\
         <th scope=\"col\" class=\"amount\">{}</th></tr></thead>\n<tbody>",
        escape(&what),
        unbroken(&escape(&window), &summary.window.to_string()),
        unbroken(&escape(&term), &summary.term.to_string())
    );
    for row in summary_words::parties(summary, language) {
        let class = if row.result { " class=\"result\"" } else { "" };
        let _ = writeln!(
            out,
            "<tr{class}><td>{}</td><td class=\"amount\">{}</td><td class=\"amount\">{}</td></tr>",
            escape(&row.label),
            escape(&style.money(row.window, currency)),
            escape(&row.term.map(|t| style.money(t, currency)).unwrap_or_default()),
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>");
    for sentence in summary_words::closing(summary, style) {
        let _ = writeln!(out, "<p>{}</p>", escape(&sentence));
    }
    let _ = writeln!(out, "</section>");
}

/// `html` with the month range `range` kept on one line: a line may
/// otherwise break after the hyphen of `2018-10`.
fn unbroken(html: &str, range: &str) -> String {
    html.replacen(range, &format!("<span class=\"nowrap\">{range}</span>"), 1)
}

/// The month-by-month table of a monthly outcome, rounded for reading; nothing
/// for a stated value.
fn write_month_table(out: &mut String, statement: &Statement, style: &Style) {
    let Basis::Monthly { months, .. } = statement.outcome().basis() else {
        return;
    };
    let language = style.language;
    let trend = has_trend(months);
    // Months and reference months to the left, numbers to the right.
    let class = |column: usize| if column < 2 { "" } else { " class=\"num\"" };
    let _ = writeln!(
        out,
        "<section>\n<h2>{}</h2>\n<table class=\"months\">\n<thead><tr>",
        escape(text(language, Text::MonthTableTitle))
    );
    let all = month_header(language);
    let header = (0..13)
        .filter(|c| trend || !(8..=10).contains(c))
        .filter_map(|c| all.get(c));
    for (column, name) in header.enumerate() {
        let _ = write!(out, "<th scope=\"col\"{}>{}</th>", class(column), escape(name));
    }
    let _ = writeln!(out, "</tr></thead>\n<tbody>");
    for m in months {
        let _ = write!(out, "<tr>");
        for (column, cell) in month_cells(m, style, trend).iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", class(column), escape(cell));
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(
        out,
        "</tbody>\n</table>\n<p class=\"small\">{}</p>\n</section>",
        escape(text(language, Text::MonthTableNote))
    );
}

/// One statement line as a table row: label and citation, amount (in
/// `style`), and the formula with its inputs and exact result (in
/// `formula_style`).
fn write_line(
    out: &mut String,
    line: &Line,
    label: &str,
    citation: &str,
    currency: &str,
    style: &Style,
    formula_style: &Style,
) {
    let _ = writeln!(
        out,
        "<tr><td>{} <span class=\"cite\">{}</span></td><td class=\"amount\">{}</td><td class=\"formula\">{}</td></tr>",
        escape(label),
        escape(citation),
        escape(&words::figure(style, line.result, line.unit, currency)),
        escape(&formula_with_inputs(line, formula_style)),
    );
}

/// The risk chart in a figure: `svg` (the text of
/// [`render_risk_svg`](crate::render_risk_svg), which is SVG markup already
/// escaped as XML) inline, with `caption` escaped.
pub(crate) fn chart_figure(svg: &str, caption: &str) -> String {
    format!(
        "<figure class=\"chart\">\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
        svg.trim_end(),
        escape(caption)
    )
}

/// `text` as HTML character data or a quoted attribute value that shows as
/// written: `&`, `<`, `>`, `"` and `'` as entities. A control character
/// HTML cannot show (C0 other than tab, line feed and carriage return, and
/// DEL) becomes U+FFFD; the engine refuses them in names and sources, so this
/// is a second line of defence.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{7f}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{chart_figure, escape};
    use crate::number::Style;

    #[test]
    fn escapes_the_five_characters_of_markup() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape("Bruk & Co"), "Bruk &amp; Co");
        assert_eq!(escape("&amp;"), "&amp;amp;");
        assert_eq!(escape("\"quoted\" 'single'"), "&quot;quoted&quot; &#39;single&#39;");
        assert_eq!(
            escape("x\" onmouseover=\"alert(1)"),
            "x&quot; onmouseover=&quot;alert(1)"
        );
        assert_eq!(escape("Arbetsmiljö och Hälsa i Fokus"), "Arbetsmiljö och Hälsa i Fokus");
        assert_eq!(escape("I · n / N = 0,5 · 8 405 100"), "I · n / N = 0,5 · 8 405 100");
        assert_eq!(escape("a\u{0}b\u{1b}[31mc"), "a\u{fffd}b\u{fffd}[31mc");
        assert_eq!(escape("one\ttwo\nthree"), "one\ttwo\nthree");
    }

    #[test]
    fn the_language_follows_the_style() {
        assert_eq!(Style::swedish().language.code(), "sv");
        assert_eq!(Style::english().language.code(), "en");
    }

    #[test]
    fn a_chart_goes_inline_in_a_figure() {
        let figure = chart_figure("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n", "Risk <sharing>");
        assert_eq!(
            figure,
            "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n\
             <figcaption>Risk &lt;sharing&gt;</figcaption>\n</figure>\n"
        );
    }
}
