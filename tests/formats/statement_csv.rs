//! A statement's CSV read back by a CSV reader, field by field.

use std::collections::HashMap;

use rust_decimal::Decimal;
use utfall::render::{CSV_HEADER, render_csv};

use super::{lines_with_sections, monthly_without_trend};
use crate::common::examples::{BOTKYRKA, botkyrka, illustrative};

fn unit_name(unit: utfall::engine::Unit) -> String {
    serde_json::to_value(unit).unwrap().as_str().unwrap().to_owned()
}

/// The CSV read back by a CSV reader: one record per statement line, in order,
/// with the line's section, id, label, formula, inputs, exact amount, unit,
/// rule and cited sources; every field that needed quoting comes back as it was.
#[test]
fn csv_parses_back_to_the_statement() {
    for statement in [botkyrka(BOTKYRKA), illustrative(), monthly_without_trend()] {
        let text = render_csv(&statement);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(header.join(","), CSV_HEADER);
        assert_eq!(
            header,
            [
                "section", "id", "label", "formula", "inputs", "amount", "unit", "currency", "rule", "sources"
            ]
        );
        let records: Vec<HashMap<String, String>> = reader.deserialize().map(Result::unwrap).collect();
        let lines = lines_with_sections(&statement);
        assert_eq!(records.len(), lines.len());
        let mut quoted = 0;
        for (record, (section, line)) in records.iter().zip(lines) {
            let field = |name: &str| record[name].as_str();
            assert_eq!(field("section"), section.title);
            assert_eq!(field("id"), line.id);
            assert_eq!(field("label"), line.label);
            assert_eq!(field("formula"), line.formula);
            assert_eq!(field("rule"), line.rule.to_string());
            // One `TERM: SOURCE` per cited term, each the contract's source.
            let cited: Vec<String> = line
                .cites
                .iter()
                .map(|term| {
                    let source = statement.sources().iter().find(|s| s.term == *term).unwrap();
                    format!("{term}: {}", source.source)
                })
                .collect();
            let written: Vec<&str> = field("sources").split('\n').filter(|l| !l.is_empty()).collect();
            assert_eq!(written, cited, "{}", line.id);
            // The amount: a plain decimal, read back to the line's exact result.
            let amount = field("amount");
            assert!(
                amount
                    .trim_start_matches('-')
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.'),
                "{}: {amount}",
                line.id
            );
            assert_eq!(amount.parse::<Decimal>().unwrap(), line.result, "{}", line.id);
            assert_eq!(amount, line.result.to_string(), "{}", line.id);
            assert_eq!(field("unit"), unit_name(line.unit));
            let money = line.unit == utfall::engine::Unit::Money;
            assert_eq!(field("currency"), if money { "SEK" } else { "" }, "{}", line.id);
            // The inputs: `SYMBOL = VALUE (FROM)`, separated by `; `.
            let inputs: Vec<&str> = if field("inputs").is_empty() {
                vec![]
            } else {
                field("inputs").split("; ").collect()
            };
            assert_eq!(inputs.len(), line.inputs.len(), "{}", line.id);
            for (text, input) in inputs.iter().zip(&line.inputs) {
                let (symbol, rest) = text.split_once(" = ").unwrap();
                let (value, from) = rest.split_once(" (").unwrap();
                assert_eq!(symbol, input.symbol);
                assert_eq!(value.parse::<Decimal>().unwrap(), input.value);
                assert_eq!(from.strip_suffix(')').unwrap(), input.from);
            }
            quoted += usize::from(
                [
                    field("section"),
                    field("label"),
                    field("formula"),
                    field("inputs"),
                    field("sources"),
                ]
                .iter()
                .any(|f| f.contains([',', '"'])),
            );
        }
        assert!(quoted > 0, "the statement has fields with commas and quotes");
    }
}
