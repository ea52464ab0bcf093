//! Hostile names through the formats a spreadsheet opens: every CSV (the
//! statement, the ledger, the risk curve, what-if, the measurement's tables)
//! and every xlsx workbook.

use std::collections::BTreeSet;
#[cfg(feature = "xlsx")]
use std::io::Cursor;

#[cfg(feature = "xlsx")]
use calamine::{Reader, Xlsx};
use serde_json::Value;
use utfall::engine::{RiskCurve, WhatIf};
#[cfg(feature = "xlsx")]
use utfall::render::render_ledger_xlsx;
use utfall::render::{CSV_HEADER, render_csv, render_ledger_csv, render_risk_csv, render_whatif_csv};

#[cfg(feature = "xlsx")]
use super::hostile::assert_notes_name_providers;
use super::hostile::{self, counterparty, hostile_contracts};
use super::lines_with_sections;
#[cfg(feature = "xlsx")]
use super::statement_xlsx::{open_xlsx, text_at};

#[test]
fn hostile_names_come_back_from_every_csv() {
    for h in hostile_contracts() {
        for statement in h.statements() {
            let rows = hostile::read_csv(&render_csv(&statement));
            assert_eq!(rows[0].join(","), CSV_HEADER);
            let lines = lines_with_sections(&statement);
            assert_eq!(rows.len(), 1 + lines.len());
            for (row, (section, line)) in rows[1..].iter().zip(lines) {
                assert_eq!(row[0], section.title);
                assert_eq!(row[1], line.id);
                assert_eq!(row[2], line.label);
                assert_eq!(row[3], line.formula);
                assert_eq!(row[5], line.result.to_string());
                let cited: Vec<String> = line
                    .cites
                    .iter()
                    .map(|term| format!("{term}: {}", statement.source(term).unwrap()))
                    .collect();
                assert_eq!(row[9], cited.join("\n"), "{}", line.id);
            }
        }

        let ledger = h.ledger();
        let rows = hostile::read_csv(&render_ledger_csv(&ledger));
        assert_eq!(rows[0].join(","), utfall::render::LEDGER_CSV_HEADER);
        let mut rows = rows[1..].iter();
        for party in ledger.parties() {
            for (payment, _) in ledger.party(party).unwrap().lines {
                let row = rows.next().unwrap();
                let other = counterparty(&payment, party);
                assert_eq!(row[0], party);
                assert_eq!(row[3], other);
                assert_eq!(row[6], payment.line);
            }
        }
        assert!(rows.next().is_none());

        let curve = RiskCurve::new(&h.contract, 40).unwrap();
        let rows = hostile::read_csv(&render_risk_csv(&curve));
        let mut header = vec!["value".to_owned(), "saved_days".to_owned()];
        for provider in &h.providers {
            header.extend(["outcome_payment", "pay", "result"].map(|c| format!("{provider} {c}")));
        }
        header.extend(["funder_net_result", "project_net_result", "marker"].map(str::to_owned));
        assert_eq!(rows[0], header);
        let markers: BTreeSet<&str> = rows[1..].iter().map(|r| r.last().unwrap().as_str()).collect();
        let expected: BTreeSet<String> = ["".to_owned(), "break-even".to_owned()]
            .into_iter()
            .chain(h.providers.iter().map(|p| format!("cap: {p}")))
            .collect();
        assert_eq!(markers, expected.iter().map(String::as_str).collect());

        let what_if = WhatIf::new(&h.contract, 6350, None).unwrap();
        let rows = hostile::read_csv(&render_whatif_csv(&what_if));
        let mut header = vec!["per_employee".to_owned(), "value".to_owned()];
        for provider in &h.providers {
            header.extend(["outcome_payment", "pay", "result"].map(|c| format!("{provider} {c}")));
        }
        header.extend(["funder_keeps", "funder_net_result", "project_net_result", "threshold"].map(str::to_owned));
        assert_eq!(rows[0], header);
        let thresholds: BTreeSet<&str> = rows[1..].iter().map(|r| r.last().unwrap().as_str()).collect();
        assert_eq!(thresholds, expected.iter().map(String::as_str).collect());
    }
}

/// No cell of any sheet holds a formula.
#[cfg(feature = "xlsx")]
fn assert_no_formulas<R: std::io::Read + std::io::Seek>(book: &mut Xlsx<R>) {
    for sheet in book.sheet_names() {
        let formulas = book.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} has a formula"
        );
    }
}

/// The statement's workbook: formulas only on the *Summary* and
/// *Calculation* sheets, the renderer's own, over workbook names and cells:
/// no text of the inputs (no quote, space or other character a name would
/// bring) is ever a formula.
#[cfg(feature = "xlsx")]
fn assert_formulas_are_the_calculation<R: std::io::Read + std::io::Seek>(book: &mut Xlsx<R>) {
    for sheet in book.sheet_names() {
        let formulas = book.worksheet_formula(&sheet).unwrap();
        for (_, _, formula) in formulas.used_cells().filter(|(_, _, f)| !f.is_empty()) {
            assert!(
                sheet == "Calculation" || sheet == "Summary",
                "{sheet} has a formula: {formula}"
            );
            assert!(
                formula
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_+-*/(),.$!:".contains(c)),
                "{formula}"
            );
        }
    }
}

#[cfg(feature = "xlsx")]
#[test]
fn hostile_names_come_back_from_the_xlsx() {
    for h in hostile_contracts() {
        for statement in h.statements() {
            let mut book = open_xlsx(&statement);
            assert_formulas_are_the_calculation(&mut book);
            // Each provider's name heads its inputs on the Calculation sheet.
            let calculation = book.worksheet_range("Calculation").unwrap();
            let texts: Vec<String> = (0..=calculation.end().unwrap().0)
                .map(|r| text_at(&calculation, r, 0))
                .collect();
            for provider in statement.providers() {
                assert!(texts.contains(&provider.name), "{:?}", provider.name);
            }
            let title = format!("Settlement statement: {}", h.name);
            assert_eq!(book.workbook_properties().unwrap().title.as_ref(), Some(&title));
            let sheet = book.worksheet_range("Statement").unwrap();
            assert_eq!(text_at(&sheet, 0, 0), title);
            let end = sheet.end().unwrap().0;
            let notes: Vec<String> = (1..end)
                .filter(|&r| text_at(&sheet, r, 0) == "note")
                .map(|r| text_at(&sheet, r, 1))
                .collect();
            assert_notes_name_providers(&statement, &notes);
            let top = (0..end).find(|&r| text_at(&sheet, r, 0) == "section").unwrap();
            let lines = lines_with_sections(&statement);
            for (row, (section, line)) in (top + 1..).zip(&lines) {
                assert_eq!(text_at(&sheet, row, 0), section.title);
                assert_eq!(text_at(&sheet, row, 1), line.label);
                assert_eq!(text_at(&sheet, row, 6), line.id);
            }
            let first_source = top + u32::try_from(lines.len()).unwrap() + 3;
            for (row, source) in (first_source..).zip(statement.sources()) {
                assert_eq!(text_at(&sheet, row, 0), source.term);
                assert_eq!(text_at(&sheet, row, 1), source.source);
            }
            let trace = book.worksheet_range("Trace").unwrap();
            for (row, (_, line)) in (1..).zip(&lines) {
                assert_eq!(text_at(&trace, row, 0), line.id);
                assert_eq!(text_at(&trace, row, 1), line.label);
                assert_eq!(text_at(&trace, row, 8), line.cites.join("; "));
            }
        }

        let ledger = h.ledger();
        let bytes = render_ledger_xlsx(&ledger, &utfall::render::Style::english()).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_no_formulas(&mut book);
        assert_eq!(
            book.workbook_properties().unwrap().title,
            Some(format!("Ledger: {}", h.name))
        );
        let settlements = book.worksheet_range("Settlements").unwrap();
        let rows = ledger.settlements.iter().flat_map(|s| &s.providers);
        for (row, p) in (1..).zip(rows) {
            assert_eq!(text_at(&settlements, row, 1), p.name);
        }
        let payments = book.worksheet_range("Payments").unwrap();
        let balances = book.worksheet_range("Balances").unwrap();
        let mut row = 1;
        for (i, party) in (1..).zip(ledger.parties()) {
            assert_eq!(text_at(&balances, i, 0), party);
            for (payment, _) in ledger.party(party).unwrap().lines {
                let other = counterparty(&payment, party);
                assert_eq!(text_at(&payments, row, 0), party);
                assert_eq!(text_at(&payments, row, 3), other);
                assert_eq!(text_at(&payments, row, 6), payment.line);
                row += 1;
            }
        }
    }
}

/// Departments, sexes and employee ids a spreadsheet would take for formulas,
/// numbers, separators and quotes.
const DEPARTMENTS: [&str; 6] = ["=1+1", "-7", "@x", "a,b", "'q'", "<d> & \"e\""];
const SEXES: [&str; 3] = ["+F", "-", "x\"y"];
const IDS: [&str; 10] = [
    "=1+1",
    "-7",
    "@x",
    "a,b",
    "'q",
    "+46 8",
    "\"quoted\"",
    "-0012",
    "7",
    "\tx",
];

/// The department and sex of employee `IDS[k]`.
fn group(k: usize) -> (&'static str, &'static str) {
    (DEPARTMENTS[k % DEPARTMENTS.len()], SEXES[k % SEXES.len()])
}

/// A headcount file of every department and sex, and an absence file in which
/// each employee is off one day in each of six months: six spells, so in the
/// repeated-absence group from the fourth month.
fn hostile_payroll() -> (String, String) {
    // A field as the absence and headcount files quote it.
    let quote = |f: &str| {
        if f.contains([',', '"']) {
            format!("\"{}\"", f.replace('"', "\"\""))
        } else {
            f.to_owned()
        }
    };
    let mut headcount = String::from("month,department,sex,employees\n");
    for month in 1..=6 {
        for department in DEPARTMENTS {
            for sex in SEXES {
                headcount.push_str(&format!("2020-{month:02},{},{},10\n", quote(department), quote(sex)));
            }
        }
    }
    let mut absence = String::from("employee_id,date,hours,department,sex\n");
    for (k, id) in IDS.iter().enumerate() {
        let (department, sex) = group(k);
        for month in 1..=6 {
            absence.push_str(&format!(
                "{},2020-{month:02}-{:02},8,{},{}\n",
                quote(id),
                10 + k,
                quote(department),
                quote(sex)
            ));
        }
    }
    (headcount, absence)
}

/// The hostile group values and ids come back as written from every table of
/// the measurement and from its JSON.
#[test]
fn hostile_group_names_and_ids_come_back_from_the_measurement() {
    use utfall::absence::{Headcount, Options, measure};
    let (headcount, absence) = hostile_payroll();
    let headcount = Headcount::from_csv_str(&headcount).unwrap();
    let options = Options {
        detail: true,
        ..Options::default()
    };
    let m = measure(|| Ok(absence.as_bytes()), &headcount, &options, &mut |_| {}).unwrap();
    let write = |f: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        hostile::read_csv(&String::from_utf8(out).unwrap())
    };
    let set = |values: &[&str]| values.iter().map(|v| (*v).to_owned()).collect::<BTreeSet<String>>();
    let groups = |rows: &[Vec<String>], kind: &str| -> BTreeSet<String> {
        rows[1..]
            .iter()
            .filter(|r| r[1] == kind)
            .map(|r| r[2].clone())
            .collect()
    };

    for rows in [
        write(&|w| m.write_net_days(w)),
        write(&|w| m.write_repeated_flags(w)),
        write(&|w| m.write_repeated_inflow(w)),
    ] {
        assert_eq!(rows[0][2], "group_value");
        assert_eq!(groups(&rows, "department"), set(&DEPARTMENTS));
        assert_eq!(groups(&rows, "sex"), set(&SEXES));
        assert_eq!(groups(&rows, "total"), set(&["all"]));
    }

    let spells = write(&|w| m.write_spells(w));
    assert_eq!(spells.len(), 1 + 6 * IDS.len());
    for row in &spells[1..] {
        let k = IDS
            .iter()
            .position(|id| *id == row[0])
            .unwrap_or_else(|| panic!("{row:?}"));
        assert_eq!((row[5].as_str(), row[6].as_str()), group(k));
    }
    let flagged = write(&|w| m.write_flagged(w));
    assert_eq!(
        flagged[1..].iter().map(|r| r[1].clone()).collect::<BTreeSet<_>>(),
        set(&IDS)
    );
    for row in &flagged[1..] {
        let k = IDS.iter().position(|id| *id == row[1]).unwrap();
        assert_eq!((row[3].as_str(), row[4].as_str()), group(k));
    }

    let json: Value = serde_json::from_str(&serde_json::to_string(&m.to_json()).unwrap()).unwrap();
    for table in ["net_days", "repeated"] {
        let values = |kind: &str| -> BTreeSet<String> {
            json[table]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["group_type"] == kind)
                .map(|r| r["group_value"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(values("department"), set(&DEPARTMENTS));
        assert_eq!(values("sex"), set(&SEXES));
    }
}
