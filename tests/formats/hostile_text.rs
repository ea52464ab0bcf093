//! Hostile names through the formats a person reads: the text, the Markdown,
//! the JSON and the risk chart's SVG of every statement, ledger and what-if.

use crate::common::summary;
use std::collections::HashMap;
use utfall::render::Language;

use serde_json::Value;
use utfall::engine::{MarkerKind, RiskCurve, WhatIf};
use utfall::render::{
    Style, render_json, render_ledger_json, render_ledger_markdown, render_ledger_text, render_markdown,
    render_risk_svg, render_text, render_whatif_text,
};

use super::hostile::{self, assert_notes_name_providers, counterparty, hostile_contracts, md_unescape, note_provider};
use super::{json_lines, lines_with_sections};
use crate::common::examples::{BOTKYRKA, contract};

#[test]
fn hostile_names_come_back_from_the_text() {
    for h in hostile_contracts() {
        for style in [Style::swedish(), Style::english()] {
            for statement in h.statements() {
                let text = render_text(&statement, &summary(&statement), &style);
                let lines: Vec<&str> = text.lines().collect();
                let swedish = style.language == Language::Swedish;
                let (title, window) = if swedish {
                    ("Avräkning", "mätperioden")
                } else {
                    ("Settlement statement", "measured window")
                };
                let title = format!("{title}: {}", h.name);
                assert_eq!(lines[0], title);
                assert_eq!(lines[1].chars().count(), title.chars().count());
                for provider in &h.providers {
                    assert!(lines.contains(&format!("{provider}, {window}").as_str()), "{provider}");
                }
                let notes: Vec<String> = lines
                    .iter()
                    .filter_map(|l| l.strip_prefix("  * "))
                    .map(str::to_owned)
                    .collect();
                assert_notes_name_providers(&statement, &notes);
                for (i, source) in statement.sources().iter().enumerate() {
                    let line = format!("  [{}] {}: {}", i + 1, source.term, source.source);
                    assert!(lines.contains(&line.as_str()), "{line}");
                }
            }

            let ledger = h.ledger();
            let text = render_ledger_text(&ledger, &style).unwrap();
            let (settlements, ledger_of) = if style.language == Language::Swedish {
                ("Avräkningar", "Betalningar för")
            } else {
                ("Settlements", "Ledger of")
            };
            assert!(text.starts_with(&format!("{settlements}: {}\n", h.name)));
            for party in ledger.parties() {
                assert!(text.lines().any(|l| l == format!("{ledger_of} {party}")), "{party}");
                // The engine's words of where a payment comes from are English.
                if style.language == Language::English {
                    for (payment, _) in ledger.party(party).unwrap().lines {
                        assert!(text.lines().any(|l| l.ends_with(&format!("   {}", payment.line))));
                    }
                }
            }

            let what_if = WhatIf::new(&h.contract, 6350, None).unwrap();
            let text = render_whatif_text(&what_if, &style);
            let (what_if_title, cap) = if style.language == Language::Swedish {
                ("Tänk om", "tak")
            } else {
                ("What-if", "cap")
            };
            assert!(text.starts_with(&format!("{what_if_title}: {}\n", h.name)));
            for provider in &h.providers {
                assert!(text.contains(&format!(" {provider}: P")), "{provider}");
                let threshold = format!("  {cap}: {provider} ");
                assert!(text.lines().any(|l| l.starts_with(&threshold)), "{provider}");
                assert!(text.lines().any(|l| l.ends_with(&format!("  ← {cap}: {provider}"))));
            }
        }
    }
}

/// Every table row of `md` has as many cells as its header: no text splits a
/// cell or breaks a row.
fn assert_markdown_tables(md: &str) {
    let mut columns = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let cells = if line.starts_with("|:") || line.starts_with("|-") {
            line.matches('|').count() - 1
        } else {
            hostile::md_cells(line).len()
        };
        assert_eq!(*columns.get_or_insert(cells), cells, "{line}");
    }
}

/// The rows of the table that starts on the first line of `text` starting
/// with `|`, without its header, as cells (still escaped).
fn markdown_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(hostile::md_cells)
        .collect()
}

#[test]
fn hostile_names_come_back_from_the_markdown() {
    for h in hostile_contracts() {
        for statement in h.statements() {
            // In English, whose section titles and labels are the engine's.
            let md = render_markdown(&statement, &summary(&statement), &Style::english());
            assert_markdown_tables(&md);
            let heading = md.lines().next().unwrap();
            assert_eq!(
                md_unescape(heading.strip_prefix("# Settlement statement: ").unwrap()),
                h.name
            );
            // Each `## HEADING` with what follows it, by its heading as shown.
            let parts: HashMap<String, &str> = md
                .split("\n## ")
                .skip(1)
                .map(|part| {
                    let (heading, rest) = part.split_once('\n').unwrap();
                    (md_unescape(heading), rest)
                })
                .collect();
            for section in statement.sections() {
                let part = parts.get(&section.title).unwrap_or_else(|| panic!("{}", section.title));
                let rows = markdown_rows(part);
                assert_eq!(rows.len(), section.lines.len(), "{}", section.title);
                for (row, line) in rows.iter().zip(&section.lines) {
                    assert_eq!(row.len(), 4);
                    let label = md_unescape(&row[0]);
                    assert!(label.starts_with(&format!("{} [§", line.label)), "{label:?}");
                }
            }
            let (_, notes) = md.split_once("\n## Notes\n\n").unwrap();
            let notes: Vec<String> = notes
                .lines()
                .map_while(|l| l.strip_prefix("- "))
                .map(|item| {
                    hostile::assert_no_block_start(item);
                    md_unescape(item)
                })
                .collect();
            assert_notes_name_providers(&statement, &notes);
            let (_, sources) = md.split_once("\n## Sources of the contract's terms\n\n").unwrap();
            let items: Vec<&str> = sources.lines().collect();
            assert_eq!(items.len(), statement.sources().len());
            for (i, (item, source)) in items.iter().zip(statement.sources()).enumerate() {
                let (term, rest) = hostile::md_code_span(item.strip_prefix(&format!("{}. ", i + 1)).unwrap());
                assert_eq!(term, source.term);
                assert_eq!(md_unescape(rest.strip_prefix(": ").unwrap()), source.source);
            }
        }

        let ledger = h.ledger();
        let md = render_ledger_markdown(&ledger, &Style::english()).unwrap();
        assert_markdown_tables(&md);
        let heading = md.lines().next().unwrap();
        assert_eq!(md_unescape(heading.strip_prefix("# Settlements: ").unwrap()), h.name);
        let providers: Vec<String> = markdown_rows(&md).iter().map(|row| md_unescape(&row[1])).collect();
        let expected: Vec<&str> = ledger
            .settlements
            .iter()
            .flat_map(|s| s.providers.iter().map(|p| p.name.as_str()))
            .collect();
        assert_eq!(providers, expected);
        let parts: Vec<&str> = md.split("\n## Ledger of ").skip(1).collect();
        assert_eq!(parts.len(), 3);
        for (part, party) in parts.iter().zip(ledger.parties()) {
            assert_eq!(md_unescape(part.lines().next().unwrap()), party);
            let view = ledger.party(party).unwrap();
            let rows = markdown_rows(part);
            assert_eq!(rows.len(), view.lines.len() + 1);
            for (row, (payment, _)) in rows.iter().zip(&view.lines) {
                let other = counterparty(payment, party);
                assert_eq!(md_unescape(&row[2]), other);
                assert_eq!(md_unescape(&row[4]), payment.line);
            }
        }
    }
}

#[test]
fn hostile_names_come_back_from_the_json() {
    for h in hostile_contracts() {
        for statement in h.statements() {
            let json: Value = serde_json::from_str(&render_json(&statement, &summary(&statement)).unwrap()).unwrap();
            assert_eq!(json["contract"], h.name.as_str());
            let providers: Vec<&str> = json["providers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            assert_eq!(providers, h.providers);
            let notes = json["notes"].as_array().unwrap();
            assert_eq!(notes.len(), statement.notes().len());
            for (written, note) in notes.iter().zip(statement.notes()) {
                if let Some(provider) = note_provider(note) {
                    assert_eq!(written["provider"], provider);
                }
            }
            let lines = json_lines(&json);
            let expected = lines_with_sections(&statement);
            assert_eq!(lines.len(), expected.len());
            for ((title, written), (section, line)) in lines.iter().zip(expected) {
                assert_eq!(*title, section.title);
                assert_eq!(written["id"], line.id.as_str());
                assert_eq!(written["label"], line.label.as_str());
            }
            let sources = json["sources"].as_array().unwrap();
            assert_eq!(sources.len(), statement.sources().len());
            for (written, source) in sources.iter().zip(statement.sources()) {
                assert_eq!(written["term"], source.term.as_str());
                assert_eq!(written["source"], source.source.as_str());
            }
        }

        let ledger = h.ledger();
        let json: Value = serde_json::from_str(&render_ledger_json(&ledger).unwrap()).unwrap();
        assert_eq!(json["contract"], h.name.as_str());
        assert_eq!(json["funder"], h.funder.as_str());
        assert_eq!(json["providers"], serde_json::json!(h.providers));
        for (written, settlement) in json["settlements"].as_array().unwrap().iter().zip(&ledger.settlements) {
            for (w, p) in written["providers"]
                .as_array()
                .unwrap()
                .iter()
                .zip(&settlement.providers)
            {
                assert_eq!(w["name"], p.name.as_str());
            }
        }
        let payments = json["payments"].as_array().unwrap();
        assert_eq!(payments.len(), ledger.payments.len());
        for (written, payment) in payments.iter().zip(&ledger.payments) {
            assert_eq!(written["payer"], payment.payer.as_str());
            assert_eq!(written["payee"], payment.payee.as_str());
            assert_eq!(written["line"], payment.line.as_str());
        }
        for (written, party) in json["parties"].as_array().unwrap().iter().zip(ledger.parties()) {
            assert_eq!(written["party"], party);
            for (w, (payment, _)) in written["payments"]
                .as_array()
                .unwrap()
                .iter()
                .zip(ledger.party(party).unwrap().lines)
            {
                let other = counterparty(&payment, party);
                assert_eq!(w["counterparty"], other);
            }
        }
    }
}

#[test]
fn hostile_names_come_back_from_the_risk_chart() {
    for h in hostile_contracts() {
        let curve = RiskCurve::new(&h.contract, 40).unwrap();
        for style in [Style::swedish(), Style::english()] {
            let svg = render_risk_svg(&curve, &style);
            let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {}", h.name));
            let texts: Vec<&str> = doc
                .descendants()
                .filter(|n| n.has_tag_name("text"))
                .map(|n| n.text().unwrap_or_default())
                .collect();
            let english = style == Style::english();
            let genitive = |name: &str| {
                if english {
                    format!("{name}'s")
                } else if name.ends_with(['s', 'x', 'z', 'S', 'X', 'Z']) {
                    name.to_owned()
                } else {
                    format!("{name}s")
                }
            };
            let title = if english { "Risk sharing" } else { "Riskdelning" };
            assert!(texts.contains(&format!("{title}: {}", h.name).as_str()));
            let series: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("data-series")).collect();
            let (result, net, project, cap) = if english {
                ("result", "net result", "the project's net result", "cap")
            } else {
                ("resultat", "nettoresultat", "projektets nettoresultat", "tak")
            };
            let legend: Vec<String> = h
                .providers
                .iter()
                .map(|p| format!("{} {result}", genitive(p)))
                .chain([format!("{} {net}", genitive(&curve.funder)), project.to_owned()])
                .collect();
            assert_eq!(series, legend);
            for (provider, legend) in h.providers.iter().zip(&legend) {
                assert!(texts.contains(&legend.as_str()), "{legend}");
                let marker = format!("{} {cap} (", genitive(provider));
                assert!(texts.iter().any(|t| t.starts_with(&marker)), "{marker}");
            }
            // Each line names the CSV column it draws, the provider's name as written.
            let columns: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("data-column")).collect();
            let expected: Vec<String> = h
                .providers
                .iter()
                .map(|p| format!("{p} result"))
                .chain(["funder_net_result".to_owned(), "project_net_result".to_owned()])
                .collect();
            assert_eq!(columns, expected);
        }
    }
}

/// A curve a library user builds with names the contract file would refuse
/// (control characters, a terminal's escape) still makes a well-formed chart:
/// a tab, line break or carriage return reads back as written, any other
/// character XML cannot hold as U+FFFD.
#[test]
fn control_characters_keep_the_risk_chart_well_formed() {
    let mut curve = RiskCurve::new(&contract(BOTKYRKA), 8).unwrap();
    let name = "a\u{1}b\u{1b}[31m\tc\r\nd <&> \"e\" \u{202e}f\u{fffe}";
    let shown = "a\u{fffd}b\u{fffd}[31m\tc\r\nd <&> \"e\" \u{202e}f\u{fffd}";
    curve.contract = name.to_owned();
    curve.funder = name.to_owned();
    for point in &mut curve.points {
        for provider in &mut point.providers {
            provider.name = name.to_owned();
        }
    }
    for marker in &mut curve.markers {
        marker.label = format!("cap: {name}");
        if let MarkerKind::Cap { provider } = &mut marker.kind {
            *provider = name.to_owned();
        }
    }
    let svg = render_risk_svg(&curve, &Style::swedish());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default())
        .collect();
    assert!(texts.contains(&format!("Riskdelning: {shown}").as_str()), "{texts:?}");
    let series = format!("{shown}s resultat");
    assert!(texts.contains(&series.as_str()), "{texts:?}");
    assert!(texts.contains(&format!("{shown}s nettoresultat").as_str()), "{texts:?}");
    assert!(
        doc.descendants()
            .any(|n| n.attribute("data-series") == Some(series.as_str()))
    );
    assert!(
        doc.descendants()
            .any(|n| n.attribute("data-column") == Some(format!("{shown} result").as_str()))
    );
    assert!(texts.iter().any(|t| t.starts_with(&format!("{shown}s tak ("))));
}
