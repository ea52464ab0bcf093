//! Hostile but valid names, contracts that give them every role, and readers
//! that take each output format back to the text that was written: a strict
//! Markdown unescaper, a GFM table row splitter, a code span reader, and a CSV
//! reader that checks no field could start a spreadsheet formula.
//!
//! A contract may give its name, its funder and its providers any text the
//! contract file accepts; each format must show that text as written, and
//! never as markup, a formula or broken XML. The tests in `hostile_text` and
//! `hostile_tables` put each name in each role.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use utfall::engine::{Contract, Ledger, Note, Outcome, Payment, Statement, settle};

use crate::common::examples::{illustrative_index, illustrative_series};

/// Names a contract file may give a contract, its funder or a provider, each
/// aimed at one format: a spreadsheet formula or a signed number (CSV, xlsx),
/// a quote (CSV's own `'`), markup and entities (Markdown, SVG), separators
/// (CSV, Markdown tables), the start of a Markdown block, xlsx's `_xHHHH_`
/// escapes, letters outside ASCII, and a very long name.
pub fn names() -> Vec<String> {
    let long: String = "-Långt namn | <&amp;> \"x\" 'y' _z_ *w* `v` [l](u) # ~~s~~ \\ "
        .chars()
        .cycle()
        .take(1000)
        .collect();
    [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+46 8 123 45",
        "-Previa",
        "@SUM(A1)",
        "'quoted'",
        "<script>alert(1)</script> & \"Co\"",
        "a,b;c|d",
        "[link](x) *bold* _u_ `code`",
        "Ærø Ødegaard – Öst",
        "&amp; &#65; &copy ~~struck~~ back\\slash",
        "- not a list # not a heading #",
        "> not a quote",
        "1. not a list",
        "_x0041_ x_x0042_",
        &long,
    ]
    .map(str::to_owned)
    .to_vec()
}

/// A contract whose name, funder and two providers are hostile names.
pub struct Hostile {
    pub name: String,
    pub funder: String,
    pub providers: [String; 2],
    pub contract: Contract,
}

/// Every hostile name in every role: the contract, the funder and the two
/// providers are four consecutive names of the list, taken round.
pub fn hostile_contracts() -> Vec<Hostile> {
    let names = names();
    (0..names.len())
        .map(|i| {
            let at = |k: usize| names[(i + k) % names.len()].clone();
            let (name, funder, first, second) = (at(0), at(1), at(2), at(3));
            let toml = contract_toml(&name, &funder, &first, &second);
            let contract = Contract::from_toml_str(&toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
            Hostile {
                name,
                funder,
                providers: [first, second],
                contract,
            }
        })
        .collect()
}

impl Hostile {
    /// Settled on the illustrative monthly series, and on a stated value high
    /// enough that both providers are capped (a note naming each).
    pub fn statements(&self) -> [Statement; 2] {
        let monthly =
            Outcome::from_monthly(&self.contract, &illustrative_series(), Some(&illustrative_index())).unwrap();
        let high = Outcome::from_value(&self.contract, "80000000".parse().unwrap(), Some(6350)).unwrap();
        let high = settle(&self.contract, &high).unwrap();
        let named: BTreeSet<&str> = high.notes().iter().filter_map(note_provider).collect();
        assert_eq!(named.len(), 2, "both providers are named in the notes");
        [settle(&self.contract, &monthly).unwrap(), high]
    }

    pub fn ledger(&self) -> Ledger {
        let ledger = Ledger::run(
            &self.contract,
            &illustrative_series(),
            Some(&illustrative_index()),
            None,
        )
        .unwrap();
        assert_eq!(
            ledger.parties(),
            [self.funder.as_str(), &self.providers[0], &self.providers[1]]
        );
        ledger
    }
}

/// The provider a note names, if it names one.
pub fn note_provider(note: &Note) -> Option<&str> {
    match note {
        Note::Capped { provider }
        | Note::StatedShare { provider, .. }
        | Note::AmendedShare { provider, .. }
        | Note::PremiumAboveBound { provider, .. } => Some(provider),
        _ => None,
    }
}

/// Each note as written that names a provider starts with the name.
pub fn assert_notes_name_providers(statement: &Statement, written: &[String]) {
    assert_eq!(written.len(), statement.notes().len());
    for (text, note) in written.iter().zip(statement.notes()) {
        if let Some(provider) = note_provider(note) {
            assert!(text.starts_with(&format!("{provider}: ")), "{text:?}");
        }
    }
}

/// The other party of `payment`, seen from `party`'s ledger.
pub fn counterparty<'a>(payment: &'a Payment, party: &str) -> &'a str {
    if payment.payee == party {
        &payment.payer
    } else {
        &payment.payee
    }
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The illustrative quarterly contract (`examples/illustrative/contract-quarterly.toml`)
/// with the given contract, funder and provider names, a source for every name,
/// and a stated share for the second provider, so that names reach the notes
/// and the sources' term keys.
pub fn contract_toml(name: &str, funder: &str, first: &str, second: &str) -> String {
    let [name_q, funder_q, first_q, second_q] = [name, funder, first, second].map(toml_string);
    let source = |of: &str| toml_string(&format!("the minutes of {of}, §1"));
    format!(
        r#"
name = {name_q}
funder = {funder_q}
currency = "SEK"
investment = "22870000"
day_value = "2080"

[term]
start = "2018-10"
end = "2021-09"

[reference]
start = "2017-08"
end = "2018-07"

[measurement]
trend = "national-index"

[schedule]
every = "quarter"
negative = "carry-forward"

[sources]
name = {}
funder = {}

[[amendment]]
agreed = "2020-03"
measurement_end = "2020-02"

[[provider]]
name = {first_q}
contract_value = "8405100"
outcome_share = "0.5"
cap = "1.5"

[provider.sources]
name = {}
cap = {}

[[provider]]
name = {second_q}
contract_value = "3000000"
outcome_share = "0.4"
cap = "1.2"
value_share = "0.06"

[provider.sources]
name = {}
value_share = {}
"#,
        source(name),
        source(funder),
        source(first),
        source(first),
        source(second),
        source(second),
    )
}

/// The characters `markdown::escape` puts a backslash before.
const MARKDOWN_ESCAPED: &[char] = &['\\', '|', '`', '*', '[', ']', '<', '_', '#', '&', '~'];

/// The text a Markdown reader shows for `escaped`, text written by
/// `markdown::escape`: a backslash before one of the characters it escapes
/// stands for that character. Panics where the text could be read as markup:
/// a backslash before anything else, or unescaped `\`, `|`, `` ` ``, `*`, `[`,
/// `]`, `<`, `#`, `~`, a `_` at the edge of a word, or an `&` that could start
/// an entity (`&amp;`, `&#65;`).
pub fn md_unescape(escaped: &str) -> String {
    let chars: Vec<char> = escaped.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let next = *chars
                .get(i + 1)
                .unwrap_or_else(|| panic!("a lone \\ at the end: {escaped:?}"));
            assert!(
                MARKDOWN_ESCAPED.contains(&next) || BLOCK_ESCAPED.contains(&next),
                "\\{next} is not an escape markdown::escape makes: {escaped:?}"
            );
            out.push(next);
            i += 2;
            continue;
        }
        let word = |at: Option<&char>| at.is_some_and(|c| c.is_alphanumeric());
        match c {
            '|' | '`' | '*' | '[' | ']' | '<' | '#' | '~' => panic!("unescaped {c:?} in {escaped:?}"),
            '_' => assert!(
                i > 0 && word(chars.get(i - 1)) && word(chars.get(i + 1)),
                "a _ at the edge of a word in {escaped:?}"
            ),
            '&' => assert!(
                !chars.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#'),
                "an & that could start an entity in {escaped:?}"
            ),
            '\n' | '\r' => panic!("a line break in {escaped:?}"),
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

/// What `markdown::escape_block` may escape at the start of a block.
const BLOCK_ESCAPED: &[char] = &['-', '+', '>', '.', ')'];

/// Panics if `text`, put at the start of a line or of a list item, would open
/// a block of its own (a list, a quote, a heading, a thematic break or a code
/// block) instead of being a paragraph's text.
pub fn assert_no_block_start(text: &str) {
    let marker = |t: &str| {
        let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
        let digits = t.len() - rest.len();
        let after_list = |r: &str| r.is_empty() || r.starts_with([' ', '\t']);
        (t.starts_with(['-', '+', '*']) && after_list(&t[1..]))
            || t.starts_with(['>', '#', '`', '~', '<', ' ', '\t'])
            || (t.starts_with("---") || t.starts_with("___") || t.starts_with("***"))
            || ((1..=9).contains(&digits) && rest.starts_with(['.', ')']) && after_list(&rest[1..]))
    };
    assert!(!marker(text), "{text:?} starts a block");
}

/// The cells of a GFM table row `| a | b |`, as written (still escaped): split
/// at each `|` that no backslash escapes.
pub fn md_cells(row: &str) -> Vec<String> {
    let inner = row
        .strip_prefix("| ")
        .and_then(|r| r.strip_suffix(" |"))
        .unwrap_or_else(|| panic!("not a table row: {row:?}"));
    let mut cells = vec![String::new()];
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let cell = cells.last_mut().unwrap();
                cell.push(c);
                cell.extend(chars.next());
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(c),
        }
    }
    cells.iter().map(|c| c.trim().to_owned()).collect()
}

/// The content of the code span at the start of `text` and what follows it, as
/// CommonMark reads it: the span ends at the next run of as many backticks as
/// opened it, and one space is stripped from each side when both have one.
pub fn md_code_span(text: &str) -> (String, &str) {
    let fence = text.len() - text.trim_start_matches('`').len();
    assert!(fence > 0, "no code span at {text:?}");
    let body = &text[fence..];
    let mut at = 0;
    loop {
        let start = body[at..]
            .find('`')
            .map(|i| at + i)
            .unwrap_or_else(|| panic!("unclosed code span: {text:?}"));
        let run = body[start..].len() - body[start..].trim_start_matches('`').len();
        if run == fence {
            let content = &body[..start];
            let content = if content.len() > 2 && content.starts_with(' ') && content.ends_with(' ') {
                &content[1..content.len() - 1]
            } else {
                content
            };
            return (content.to_owned(), &body[start + run..]);
        }
        at = start + run;
    }
}

/// Whether `field` is a number a spreadsheet reads as a number (and the CSV
/// writers leave as written): an optional `-`, digits, and an optional `.` and
/// digits.
fn is_number(field: &str) -> bool {
    let digits = field.strip_prefix('-').unwrap_or(field);
    !digits.is_empty()
        && digits.split('.').count() <= 2
        && digits
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
        && field.parse::<Decimal>().is_ok()
}

/// A CSV file utfall wrote, read back as a reader of the format does: every
/// record (the header first) parsed as RFC 4180 says, then one leading `'`
/// taken off every field that has one. Panics if a field as written (after
/// RFC 4180 unquoting) starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return and is not a number: a spreadsheet would take it for a formula.
pub fn read_csv(text: &str) -> Vec<Vec<String>> {
    assert!(text.ends_with('\n') && !text.contains("\r\n"), "rows end with \\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let width = records.first().map_or(0, Vec::len);
    records
        .into_iter()
        .map(|record| {
            assert_eq!(record.len(), width, "{record:?}");
            record
                .into_iter()
                .map(|field| {
                    assert!(
                        !field.starts_with(['=', '+', '-', '@', '\t', '\r']) || is_number(&field),
                        "{field:?} would start a formula"
                    );
                    field.strip_prefix('\'').map(str::to_owned).unwrap_or(field)
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_readers_read_what_they_should() {
    assert_eq!(
        md_unescape("a \\| b \\_c\\_ I_w \\&amp; & b"),
        "a | b _c_ I_w &amp; & b"
    );
    assert_eq!(md_cells("| a \\| b | c\\\\ | d |"), ["a \\| b", "c\\\\", "d"]);
    assert_eq!(md_code_span("`` a`b ``: x"), ("a`b".to_owned(), ": x"));
    assert_eq!(md_code_span("`x`"), ("x".to_owned(), ""));
    assert!(is_number("-7") && is_number("0.5") && !is_number("-1e3") && !is_number("-") && !is_number("-.5"));
    let rows = read_csv("a,'=b,\"'-c,d\",-7\n");
    assert_eq!(rows, [["a", "=b", "-c,d", "-7"]]);
    assert_no_block_start("-Previa");
    assert_no_block_start("+46 8");
    assert_no_block_start("1\\. x");
    assert_no_block_start("12.5 days");
}
