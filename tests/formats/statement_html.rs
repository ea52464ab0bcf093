//! The statement as an HTML page (`render_html`): the same lines as the text,
//! in tables whose markup no text can break, and hostile names read back as
//! written. The page printed by a real browser is tested in
//! `cli::html_print`.

use crate::common::summary;
use utfall::engine::Statement;
use utfall::render::Language;
use utfall::render::{Style, render_html};

use super::hostile::hostile_contracts;
use super::{lines_with_sections, monthly_without_trend};
use crate::common::examples::{BOTKYRKA, botkyrka, illustrative};

/// The elements the page is built of; any other tag would have come from
/// text that was not escaped.
const TAGS: [&str; 26] = [
    "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "dl", "dt", "dd", "p", "ul", "ol", "li",
    "section", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "span",
];

/// `escaped` read back as an HTML reader reads character data: the five
/// entities the page writes, and no other `&`.
fn unescape(escaped: &str) -> String {
    let mut out = String::new();
    let mut rest = escaped;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let (entity, c) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
        ]
        .into_iter()
        .find(|(entity, _)| after.starts_with(entity))
        .unwrap_or_else(|| panic!("a bare & in {escaped:?}"));
        out.push(c);
        rest = &after[entity.len()..];
    }
    out.push_str(rest);
    out
}

/// Every tag of `page` is one of [`TAGS`] (and `code`), and each element
/// that is closed is closed as often as it is opened.
fn assert_markup_is_the_page_s_own(page: &str) {
    for (at, _) in page.match_indices('<') {
        let name: String = page[at + 1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            TAGS.contains(&name.as_str()) || name == "code",
            "<{name} at {at}: {}",
            &page[at..page.len().min(at + 80)]
        );
    }
    for name in ["tr", "td", "th", "table", "section", "li", "h2", "ul", "ol"] {
        let opened = page.matches(&format!("<{name}>")).count() + page.matches(&format!("<{name} ")).count();
        assert_eq!(opened, page.matches(&format!("</{name}>")).count(), "<{name}>");
    }
    assert_eq!(page.matches("<title>").count(), 1);
    assert!(page.ends_with("</body>\n</html>\n"));
}

/// The text between `open` and the next `close` after it, each time.
fn between<'a>(page: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    page.split(open)
        .skip(1)
        .map(|s| s.split(close).next().unwrap())
        .collect()
}

#[test]
fn every_line_is_a_row_with_its_amount_and_formula() {
    for statement in [botkyrka(BOTKYRKA), illustrative(), monthly_without_trend()] {
        for style in [Style::swedish(), Style::english()] {
            let page = render_html(&statement, &summary(&statement), &style, None);
            assert_markup_is_the_page_s_own(&page);
            let rows: Vec<&str> = between(&page, "<table class=\"lines\">", "</table>")
                .into_iter()
                .flat_map(|table| between(table, "<tr><td>", "</tr>"))
                .collect();
            let lines = lines_with_sections(&statement);
            assert_eq!(rows.len(), lines.len());
            for (row, (_, line)) in rows.iter().zip(&lines) {
                let label = unescape(row.split(" <span class=\"cite\">").next().unwrap());
                // English labels are the engine's; Swedish ones the catalogue's.
                if style.language == Language::English {
                    assert_eq!(label, line.label);
                }
                // Units are words (days, dagar): amounts of money read alike.
                if style.language == Language::English || line.unit == utfall::engine::Unit::Money {
                    let amount = style.figure(line.result, line.unit, statement.currency());
                    assert!(row.contains(&format!("<td class=\"amount\">{amount}</td>")), "{row}");
                }
                // The formula ends in the exact result.
                let formula = unescape(between(row, "<td class=\"formula\">", "</td>")[0]);
                let exact = style.exact(line.result);
                let spaceless = |text: &str| text.replace([' ', '\u{a0}'], "");
                assert!(
                    spaceless(&formula).ends_with(&spaceless(&exact)),
                    "{formula} does not end in {exact}"
                );
            }
            let months = between(&page, "<table class=\"months\">", "</table>");
            match statement.outcome().basis() {
                utfall::engine::Basis::Monthly { months: m, .. } => {
                    let trend = m.iter().any(|m| m.index.is_some());
                    assert_eq!(months.len(), 1);
                    assert_eq!(months[0].matches("<th ").count(), if trend { 13 } else { 10 });
                    assert_eq!(months[0].matches("<tr>").count(), m.len() + 1);
                }
                _ => assert!(months.is_empty()),
            }
        }
    }
}

#[test]
fn a_formula_never_breaks_inside_a_number() {
    let page = render_html(
        &botkyrka(BOTKYRKA),
        &summary(&botkyrka(BOTKYRKA)),
        &Style::swedish(),
        None,
    );
    assert!(page.contains(
        "<td class=\"formula\">I · n / N = 22\u{a0}870\u{a0}000 · 17 / 36 = 10\u{a0}799\u{a0}722,2222222222222222</td>"
    ));
    // The amount column keeps ordinary spaces (a printout copies as typed).
    assert!(page.contains("<td class=\"amount\">10 799 722,22 kr</td>"));
}

fn assert_names_come_back(page: &str, statement: &Statement, name: &str, providers: &[String], style: &Style) {
    assert_markup_is_the_page_s_own(page);
    assert!(!page.to_lowercase().contains("<script"));
    let (title, window) = match style.language {
        Language::Swedish => ("Avräkning", "mätperioden"),
        _ => ("Settlement statement", "measured window"),
    };
    let title = format!("{title}: {name}");
    assert_eq!(unescape(between(page, "<title>", "</title>")[0]), title);
    assert_eq!(unescape(between(page, "<h1>", "</h1>")[0]), title);
    let headings: Vec<String> = between(page, "<h2>", "</h2>").into_iter().map(unescape).collect();
    for provider in providers {
        assert!(
            headings.contains(&format!("{provider}, {window}")),
            "{provider}: {headings:?}"
        );
    }
    let sources: Vec<String> = between(page, "<ol class=\"sources\">", "</ol>")
        .first()
        .map(|list| between(list, "<li>", "</li>"))
        .unwrap_or_default()
        .into_iter()
        .map(|item| unescape(&item.replace("<code>", "").replace("</code>", "")))
        .collect();
    let expected: Vec<String> = statement
        .sources()
        .iter()
        .enumerate()
        .map(|(i, s)| format!("[{}] {}: {}", i + 1, s.term, s.source))
        .collect();
    assert_eq!(sources, expected);
}

#[test]
fn hostile_names_come_back_from_the_html() {
    for h in hostile_contracts() {
        for style in [Style::swedish(), Style::english()] {
            for statement in h.statements() {
                let page = render_html(&statement, &summary(&statement), &style, None);
                assert_names_come_back(&page, &statement, &h.name, &h.providers, &style);
            }
        }
    }
}
