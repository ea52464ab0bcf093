//! The statement as Markdown, for a wiki, a pull request or a report.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use utfall_engine::{Basis, Statement};

use crate::number::Style;
use crate::text::{Citations, basis_text, has_trend, month_cells, month_header, note_text, worked};
use crate::words::{self, Text, fill, text};
use crate::{Summary, summary_words};

/// Renders a statement as Markdown (CommonMark with GitHub's tables): a
/// heading and the head's facts as a list, the summary (its sentences, then a
/// table of what each party pays and receives over the window and the term),
/// the notes as a list, and then, as the appendix, the month-by-month table
/// when the outcome is monthly, one table per section with the columns
/// *line*, *amount*, *formula with inputs* and *exact result* (each line's
/// label followed by its citations, `[§3.2; 1]`, as in
/// [`render_text`](crate::render_text)), and the rules applied and the
/// contract's sources as lists.
///
/// Words are in the style's [`Language`](crate::Language) and numbers in its
/// style, as in [`render_text`](crate::render_text). Text from the statement
/// is escaped so that it shows as written: `|` cannot end a table cell, and
/// `\`, `` ` ``, `*`, `[`, `]`, `<`, `#`, `~`, a `_` at the edge of a word and
/// an `&` before a letter or digit cannot start markup; `_` inside a word
/// (`I_w`) is left alone, as Markdown leaves it. A note cannot open a list or
/// a quote of its own (`- -x`, `- > x`), and a source's term key is a code
/// span however many backticks it holds.
///
/// # Example
/// ```
/// use utfall_engine::{settle, Contract, Outcome};
/// use utfall_render::{render_markdown, Style, Summary};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// let summary = Summary::new(&statement, None)?;
/// let md = render_markdown(&statement, &summary, &Style::english());
/// assert!(md.starts_with("# Settlement statement: Arbetsmiljö och Hälsa i Fokus, Botkyrka\n"));
/// assert!(md.contains(
///     "| investment attributable to the window \\[§3.2; 3\\] | 10,799,722.22 SEK \
///      | I · n / N = 22,870,000 · 17 / 36 | 10,799,722.2222222222222222 |"
/// ));
/// let sv = render_markdown(&statement, &summary, &Style::swedish());
/// assert!(sv.starts_with("# Avräkning: Arbetsmiljö och Hälsa i Fokus, Botkyrka\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_markdown(statement: &Statement, summary: &Summary, style: &Style) -> String {
    let language = style.language;
    let mut out = String::new();
    let currency = statement.currency();
    let title = fill(
        language,
        text(language, Text::StatementTitle),
        &[("contract", statement.contract())],
    );
    let _ = writeln!(out, "# {}\n", escape(&title));
    for (key, value) in summary_words::head(summary, style, &basis_text(statement, language)) {
        let _ = writeln!(out, "- **{}:** {}", escape(&capitalised(&key)), escape(&value));
    }

    let _ = writeln!(out, "\n## {}\n", text(language, Text::Summary));
    for sentence in summary_words::outcome(summary, style) {
        let _ = writeln!(out, "{}", escape(&sentence));
    }
    let (what, window, term) = summary_words::party_columns(summary, language);
    let _ = writeln!(out, "\n| {} | {} | {} |", escape(&what), escape(&window), escape(&term));
    let _ = writeln!(out, "|:---|---:|---:|");
    let money = |v: Option<Decimal>| v.map(|v| style.money(v, currency)).unwrap_or_default();
    for row in summary_words::parties(summary, language) {
        let (open, close) = if row.result { ("**", "**") } else { ("", "") };
        let _ = writeln!(
            out,
            "| {open}{}{close} | {open}{}{close} | {open}{}{close} |",
            escape(&row.label),
            money(Some(row.window)),
            money(row.term),
        );
    }
    let _ = writeln!(out);
    for sentence in summary_words::closing(summary, style) {
        let _ = writeln!(out, "{}", escape_block(&sentence));
        let _ = writeln!(out);
    }

    if !statement.notes().is_empty() {
        let _ = writeln!(out, "## {}\n", text(language, Text::Notes));
        for note in statement.notes() {
            let _ = writeln!(out, "- {}", escape_block(&note_text(note, style)));
        }
    }

    let _ = writeln!(out, "\n# {}\n", escape(text(language, Text::Appendix)));
    let _ = writeln!(
        out,
        "{}.",
        escape(&fill(
            language,
            text(language, Text::AmountsNote),
            &[("currency", currency)]
        ))
    );

    if let Basis::Monthly { months, .. } = statement.outcome().basis() {
        let _ = writeln!(out, "\n## {}\n", escape(text(language, Text::MonthTableTitle)));
        let trend = has_trend(months);
        let all = month_header(language);
        let header: Vec<String> = (0..13)
            .filter(|c| trend || !(8..=10).contains(c))
            .filter_map(|c| all.get(c).map(|h| escape(h)))
            .collect();
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let align: Vec<&str> = (0..header.len()).map(|i| if i < 2 { ":---" } else { "---:" }).collect();
        let _ = writeln!(out, "|{}|", align.join("|"));
        for m in months {
            let _ = writeln!(out, "| {} |", month_cells(m, style, trend).join(" | "));
        }
        let _ = writeln!(out, "\n{}", escape(text(language, Text::MonthTableNote)));
    }

    let citations = Citations::new(statement);
    for section in statement.sections() {
        let _ = writeln!(
            out,
            "\n## {}\n",
            escape(&words::section_title(language, section, statement))
        );
        let _ = writeln!(out, "{}", text(language, Text::MdLineHeader));
        let _ = writeln!(out, "|:---|---:|:---|---:|");
        for line in &section.lines {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} |",
                escape(&words::label(language, line, statement)),
                escape(&citations.of(line)),
                words::figure(style, line.result, line.unit, currency),
                escape(&worked(line, style)),
                style.exact(line.result),
            );
        }
    }

    let _ = writeln!(out, "\n## {}\n", escape(text(language, Text::RulesTitle)));
    for rule in statement.rules() {
        let _ = writeln!(
            out,
            "- §{} {}",
            rule.section(),
            escape(words::rule_title(language, rule))
        );
    }
    if !statement.sources().is_empty() {
        let _ = writeln!(out, "\n## {}\n", escape(text(language, Text::SourcesTitle)));
        for (i, source) in statement.sources().iter().enumerate() {
            let _ = writeln!(
                out,
                "{}. {}: {}",
                i + 1,
                code_span(&source.term),
                escape(&source.source)
            );
        }
    }
    out
}

/// `text` with its first letter in capitals, for a list's bold key.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` as Markdown inline text that shows as written, also inside a table
/// cell and in a heading: a line break becomes a space, and a backslash goes
/// before each character that could start markup there: `\`, `|` (a table
/// cell's end), `` ` ``, `*`, `[`, `]`, `<` (HTML and autolinks), `#` (the
/// closing sequence of a heading), `~` (GitHub's strikethrough), a `_` at
/// the edge of a word, and an `&` before a letter or digit (an entity such
/// as `&amp;`; `&#65;` is broken by its escaped `#`). A `_` inside a word
/// (`I_w`) is left alone, as Markdown leaves it.
pub(crate) fn escape(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let word = |at: Option<&char>| at.is_some_and(|c| c.is_alphanumeric());
        let inside_word = i > 0 && word(chars.get(i - 1)) && word(chars.get(i + 1));
        let entity = chars.get(i + 1).is_some_and(char::is_ascii_alphanumeric);
        match c {
            '\\' | '|' | '`' | '*' | '[' | ']' | '<' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !inside_word => out.push_str("\\_"),
            '&' if entity => out.push_str("\\&"),
            '\r' => {}
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// `text` escaped as [`escape`] does, to stand at the start of a list item:
/// a leading `-`, `+` or `>`, or the `.` or `)` after leading digits, would
/// open a list or a quote of its own (`- -x`, `- > x`, `- 1. x`), so it gets
/// a backslash too. (`#`, `*`, `` ` ``, `~` and `<` always do.)
pub(crate) fn escape_block(text: &str) -> String {
    let escaped = escape(text);
    if escaped.starts_with(['-', '+', '>']) {
        return format!("\\{escaped}");
    }
    let rest = escaped.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = escaped.len() - rest.len();
    let marker = rest
        .strip_prefix(['.', ')'])
        .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t']));
    match escaped.get(..digits) {
        Some(number) if (1..=9).contains(&digits) && marker => format!("{number}\\{rest}"),
        _ => escaped,
    }
}

/// `text` as a Markdown code span that shows it as written: fenced with one
/// more backtick than the longest run of backticks in it (a backslash does not
/// escape inside a code span), and padded with a space on each side when it
/// starts or ends with a backtick or a space, which the reader strips again.
pub(crate) fn code_span(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let text = text.replace(['\r', '\n'], " ");
    if text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']) {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::{code_span, escape, escape_block};

    #[test]
    fn escapes_what_would_be_markup() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(escape("I_w and x_adj(m)"), "I_w and x_adj(m)");
        assert_eq!(
            escape("_x_ *y* [z](u) <b> `c` \\"),
            "\\_x\\_ \\*y\\* \\[z\\](u) \\<b> \\`c\\` \\\\"
        );
        assert_eq!(escape("one\r\ntwo"), "one two");
        assert_eq!(escape("Arbetsmiljö och Hälsa i Fokus"), "Arbetsmiljö och Hälsa i Fokus");
        assert_eq!(escape("C# ~~x~~"), "C\\# \\~\\~x\\~\\~");
        assert_eq!(escape("&amp; &#65; Bruk & Co"), "\\&amp; &\\#65; Bruk & Co");
    }

    #[test]
    fn a_list_item_cannot_open_a_block() {
        assert_eq!(escape_block("- x"), "\\- x");
        assert_eq!(escape_block("-Previa: x"), "\\-Previa: x");
        assert_eq!(escape_block("+46 8"), "\\+46 8");
        assert_eq!(escape_block("> x"), "\\> x");
        assert_eq!(escape_block("1. x"), "1\\. x");
        assert_eq!(escape_block("2020) x"), "2020\\) x");
        assert_eq!(escape_block("1.5 days"), "1.5 days");
        assert_eq!(escape_block("outcome measured"), "outcome measured");
    }

    #[test]
    fn a_code_span_holds_its_backticks() {
        assert_eq!(code_span("contract.investment"), "`contract.investment`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x``"), "``` `x`` ```");
    }
}
