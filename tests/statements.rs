//! Statements an auditor reads: one insta snapshot per fixture, the inputs named
//! in the snapshot's header. Review a change with `cargo insta review`.

// Test helpers may stop on the first surprise (clippy.toml covers #[test] fns only).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::Path;

use utfall::engine::{Contract, MonthlySeries, NationalIndex, Outcome, ReportedFigures, Statement, reconcile, settle};
use utfall::render::{Style, render_json, render_reconciliation, render_text};

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {}: {e}", full.display()))
}

fn contract(path: &str) -> Contract {
    Contract::from_toml_str(&read(path)).unwrap_or_else(|e| panic!("{}", e.in_file(path)))
}

/// Botkyrka from the report's stated value, 14 700 000 kr, 6 350 employees.
fn botkyrka(path: &str) -> Statement {
    let contract = contract(path);
    let outcome = Outcome::from_value(&contract, "14700000".parse().unwrap(), Some(6350)).unwrap();
    settle(&contract, &outcome).unwrap()
}

fn illustrative() -> Statement {
    let contract = contract("examples/illustrative/contract.toml");
    let series = MonthlySeries::from_csv_str(&read("examples/illustrative/monthly.csv")).unwrap();
    let index = NationalIndex::from_csv_str(&read("examples/illustrative/index.csv")).unwrap();
    let outcome = Outcome::from_monthly(&contract, &series, Some(&index)).unwrap();
    settle(&contract, &outcome).unwrap()
}

macro_rules! snapshot {
    ($name:expr, $inputs:expr, $value:expr) => {
        insta::with_settings!({ description => $inputs, omit_expression => true, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!($name, $value);
        });
    };
}

const BOTKYRKA_INPUTS: &str = "contract: examples/botkyrka/contract.toml (s = r·C/I); outcome: stated value V = 14 700 000, headcount 6 350 (report.toml)";
const STATED_INPUTS: &str = "contract: examples/botkyrka/contract-stated-share.toml (s = 0.184); outcome: stated value V = 14 700 000, headcount 6 350 (report.toml)";
const ILLUSTRATIVE_INPUTS: &str = "contract: examples/illustrative/contract.toml (trend = national-index); monthly: examples/illustrative/monthly.csv; index: examples/illustrative/index.csv (synthetic data)";

#[test]
fn botkyrka_text() {
    snapshot!(
        "botkyrka_text",
        BOTKYRKA_INPUTS,
        render_text(&botkyrka("examples/botkyrka/contract.toml"), &Style::swedish())
    );
}

#[test]
fn botkyrka_json() {
    snapshot!(
        "botkyrka_json",
        BOTKYRKA_INPUTS,
        render_json(&botkyrka("examples/botkyrka/contract.toml")).unwrap()
    );
}

#[test]
fn botkyrka_stated_share_text() {
    snapshot!(
        "botkyrka_stated_share_text",
        STATED_INPUTS,
        render_text(
            &botkyrka("examples/botkyrka/contract-stated-share.toml"),
            &Style::swedish()
        )
    );
}

#[test]
fn botkyrka_reconciliation() {
    let exact = botkyrka("examples/botkyrka/contract.toml");
    let stated = botkyrka("examples/botkyrka/contract-stated-share.toml");
    let report = ReportedFigures::from_toml_str(&read("examples/botkyrka/report.toml")).unwrap();
    let rows = reconcile(&report, &[("exact", &exact), ("stated", &stated)]).unwrap();
    snapshot!(
        "botkyrka_reconciliation",
        "report: examples/botkyrka/report.toml; settlements: contract.toml (exact) and contract-stated-share.toml (stated)",
        render_reconciliation(&rows, "SEK", &Style::swedish())
    );
}

#[test]
fn illustrative_trend_text() {
    snapshot!(
        "illustrative_trend_text",
        ILLUSTRATIVE_INPUTS,
        render_text(&illustrative(), &Style::swedish())
    );
}

#[test]
fn illustrative_trend_json() {
    snapshot!(
        "illustrative_trend_json",
        ILLUSTRATIVE_INPUTS,
        render_json(&illustrative()).unwrap()
    );
}

/// SPEC.md 2.3, the right-hand column, figure by figure: these are the numbers
/// the snapshots above must contain, stated here so a wrong one fails by name.
#[test]
fn botkyrka_matches_spec_table_2_3() {
    let exact = botkyrka("examples/botkyrka/contract.toml");
    let stated = botkyrka("examples/botkyrka/contract-stated-share.toml");
    let round = |s: &Statement, id: &str| s.figure(id).unwrap().round_dp(2).to_string();
    assert_eq!(round(&exact, "window.investment_per_month"), "635277.78");
    assert_eq!(round(&exact, "window.investment"), "10799722.22");
    assert_eq!(round(&exact, "window.net_result"), "3900277.78");
    assert_eq!(round(&stated, "window.funder_keeps"), "11995200.00");
    assert_eq!(round(&exact, "window.funder_keeps"), "11998754.48");
    assert_eq!(round(&stated, "provider[Aino Health].outcome_payment"), "2704800.00");
    assert_eq!(round(&exact, "provider[Aino Health].outcome_payment"), "2701245.52");
    assert_eq!(round(&exact, "term.provider[Aino Health].outcome_cap"), "6303825");
    assert_eq!(round(&exact, "term.provider[Aino Health].activity_fee"), "4202550.00");
    // The report's 18.4 % and 25 %:
    assert_eq!(
        exact
            .figure("provider[Aino Health].value_share")
            .unwrap()
            .round_dp(4)
            .to_string(),
        "0.1838"
    );
    assert_eq!(
        exact.figure("provider[Aino Health].premium_bound").unwrap().to_string(),
        "0.25"
    );
}
