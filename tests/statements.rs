//! Statements an auditor reads: one insta snapshot per fixture, the inputs named
//! in the snapshot's header. Review a change with `cargo insta review`.

use crate::common::summary;
use utfall::engine::{Contract, Outcome, ReportedFigures, RiskCurve, Rule, Statement, reconcile, settle};
#[cfg(feature = "xlsx")]
use utfall::render::render_xlsx;
use utfall::render::{
    Style, render_csv, render_json, render_markdown, render_reconciliation, render_risk_csv, render_risk_svg,
    render_text,
};

use crate::common::examples::{
    BOTKYRKA, BOTKYRKA_INPUTS, BOTKYRKA_STATED_SHARE, ILLUSTRATIVE_INPUTS, botkyrka, contract, illustrative,
};
use crate::common::{read, snapshot};

const STATED_INPUTS: &str = "contract: examples/botkyrka/contract-stated-share.toml (s = 0.184); outcome: stated value V = 14 700 000, headcount 6 350 (report.toml)";

#[test]
fn botkyrka_text() {
    snapshot!(
        "botkyrka_text",
        BOTKYRKA_INPUTS,
        render_text(&botkyrka(BOTKYRKA), &summary(&botkyrka(BOTKYRKA)), &Style::swedish())
    );
}

#[test]
fn botkyrka_json() {
    snapshot!(
        "botkyrka_json",
        BOTKYRKA_INPUTS,
        render_json(&botkyrka(BOTKYRKA), &summary(&botkyrka(BOTKYRKA))).unwrap()
    );
}

#[test]
fn botkyrka_stated_share_text() {
    snapshot!(
        "botkyrka_stated_share_text",
        STATED_INPUTS,
        render_text(
            &botkyrka(BOTKYRKA_STATED_SHARE),
            &summary(&botkyrka(BOTKYRKA_STATED_SHARE)),
            &Style::swedish()
        )
    );
}

#[test]
fn botkyrka_reconciliation() {
    let exact = botkyrka(BOTKYRKA);
    let stated = botkyrka(BOTKYRKA_STATED_SHARE);
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
        render_text(&illustrative(), &summary(&illustrative()), &Style::swedish())
    );
}

#[test]
fn illustrative_trend_json() {
    snapshot!(
        "illustrative_trend_json",
        ILLUSTRATIVE_INPUTS,
        render_json(&illustrative(), &summary(&illustrative())).unwrap()
    );
}

/// `docs/method.md` §7, the exact figures of the report's summary: these are
/// the numbers the snapshots above must contain, stated here so a wrong one
/// fails by name.
#[test]
fn botkyrka_matches_the_reports_summary_exactly() {
    let exact = botkyrka(BOTKYRKA);
    let stated = botkyrka(BOTKYRKA_STATED_SHARE);
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

/// Örnsköldsvik's contract as the 2018 press release states it, from a stated
/// value: the terms with a source cite the press release, the assumed ones
/// cite nothing.
fn ornskoldsvik() -> Statement {
    let contract = contract("examples/ornskoldsvik/contract.toml");
    let outcome = Outcome::from_value(&contract, "9000000".parse().unwrap(), Some(5000)).unwrap();
    settle(&contract, &outcome).unwrap()
}

#[test]
fn ornskoldsvik_text() {
    snapshot!(
        "ornskoldsvik_text",
        "contract: examples/ornskoldsvik/contract.toml (terms the press release does not state are assumed); outcome: stated value V = 9 000 000, headcount 5 000 (made up)",
        render_text(&ornskoldsvik(), &summary(&ornskoldsvik()), &Style::swedish())
    );
}

/// Every rule a line can cite is a heading of `docs/method.md`, word for word,
/// so that a citation `§3.4` always leads to the rule.
#[test]
fn every_rule_is_a_heading_of_the_method() {
    let method = read("docs/method.md");
    let headings: Vec<&str> = method
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect();
    for rule in Rule::ALL {
        let heading = format!("{} {}", rule.section(), rule.title());
        assert!(
            headings.contains(&heading.as_str()),
            "docs/method.md has no heading {heading:?}"
        );
    }
}

/// Every text of a statement in every format, and of the risk chart, as one
/// string to search: the xlsx (with the feature) read back cell by cell.
fn every_format(statement: &Statement, contract: &Contract) -> String {
    let mut all = String::new();
    for style in [Style::swedish(), Style::english()] {
        all.push_str(&render_text(statement, &summary(statement), &style));
        all.push_str(&render_markdown(statement, &summary(statement), &style));
    }
    all.push_str(&render_json(statement, &summary(statement)).unwrap());
    all.push_str(&render_csv(statement));
    #[cfg(feature = "xlsx")]
    {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(
            render_xlsx(
                statement,
                &crate::common::summary(statement),
                &utfall::render::Style::english(),
            )
            .unwrap(),
        ))
        .unwrap();
        for name in book.sheet_names() {
            let sheet = book.worksheet_range(&name).unwrap();
            for cell in sheet.used_cells() {
                all.push_str(&cell.2.to_string());
                all.push('\n');
            }
        }
    }
    let curve = RiskCurve::new(contract, 20).unwrap();
    all.push_str(&render_risk_svg(&curve, &Style::swedish()));
    all.push_str(&render_risk_csv(&curve));
    all
}

/// What only Botkyrka's report says: its title, its parties, its sections and
/// its quotes, and the file names the project once cited it by.
const BOTKYRKA_REPORT: [&str; 14] = [
    "RISE (2021)",
    "Arbetsmiljö och Hälsa i Fokus",
    "Botkyrka",
    "Aino",
    "Andel som tillfaller",
    "Schablonvärde",
    "februari 2020",
    "Projektets utfall",
    "Primärt utfallsmått",
    "SUMMERING",
    "Finansiella parametrar",
    "22 870 000",
    "001_",
    "SPEC",
];

/// A contract other than Botkyrka's cites nothing of Botkyrka's report in any
/// format: the sources are the contract's own (Örnsköldsvik's press release),
/// or none at all (the synthetic payroll contract).
#[test]
fn other_contracts_cite_nothing_of_botkyrkas_report() {
    let orn = contract("examples/ornskoldsvik/contract.toml");
    let payroll = contract("examples/payroll/contract.toml");
    let payroll_statement = settle(
        &payroll,
        &Outcome::from_value(&payroll, "150000".parse().unwrap(), Some(150)).unwrap(),
    )
    .unwrap();
    for (name, statement, contract) in [
        ("ornskoldsvik", ornskoldsvik(), &orn),
        ("payroll", payroll_statement.clone(), &payroll),
    ] {
        let all = every_format(&statement, contract);
        for words in BOTKYRKA_REPORT {
            assert!(!all.contains(words), "{name}: an output contains {words:?}");
        }
    }

    // Örnsköldsvik cites the press release for the investment it states, and
    // nothing for the day value it does not.
    let statement = ornskoldsvik();
    let line = statement.line("window.investment").unwrap();
    assert_eq!(line.cites, ["contract.investment"]);
    assert!(
        statement
            .source("contract.investment")
            .unwrap()
            .contains("«Örnsköldvik ca 18 miljoner kr»")
    );
    assert_eq!(
        statement.line("outcome.saved_days").unwrap().cites,
        Vec::<String>::new()
    );
    assert!(statement.source("contract.day_value").is_none());

    // A contract without sources: no line cites anything, no list of sources.
    assert!(payroll_statement.sources().is_empty());
    assert!(payroll_statement.lines().all(|l| l.cites.is_empty()));
    let text = render_text(&payroll_statement, &summary(&payroll_statement), &Style::swedish());
    assert!(!text.contains("Källor till avtalets villkor"));
    assert!(text.contains("Regler (avsnitt i docs/method.md)"));
    let text = render_text(&payroll_statement, &summary(&payroll_statement), &Style::english());
    assert!(!text.contains("Sources of the contract's terms"));
    assert!(text.contains("Rules (docs/method.md)"));
}

/// The summary a committee reads, which a statement opens with: everything
/// before the appendix.
fn summary_part(statement: &Statement, summary: &utfall::render::Summary, style: &Style) -> String {
    let text = render_text(statement, summary, style);
    let appendix = match style.language {
        utfall::render::Language::Swedish => "\n\nBilaga: hela beräkningen\n",
        _ => "\n\nAppendix: the full calculation\n",
    };
    let (head, _) = text.split_once(appendix).expect("the appendix follows the summary");
    head.to_owned()
}

#[test]
fn botkyrka_summary_sv_and_en() {
    let statement = botkyrka(BOTKYRKA);
    for (name, style) in [
        ("botkyrka_summary_sv", Style::swedish()),
        ("botkyrka_summary_en", Style::english()),
    ] {
        snapshot!(
            name,
            BOTKYRKA_INPUTS,
            summary_part(&statement, &summary(&statement), &style)
        );
    }
}

#[test]
fn illustrative_summary_sv_and_en() {
    // Monthly data, a target that is not met, a reference number.
    let statement = illustrative();
    for (name, style) in [
        ("illustrative_summary_sv", Style::swedish()),
        ("illustrative_summary_en", Style::english()),
    ] {
        snapshot!(
            name,
            ILLUSTRATIVE_INPUTS,
            summary_part(&statement, &summary(&statement), &style)
        );
    }
}

#[test]
fn ornskoldsvik_summary_sv_and_en() {
    // A stated value cannot tell whether the press release's target is met.
    let statement = ornskoldsvik();
    let inputs = "contract: examples/ornskoldsvik/contract.toml (target_reduction = 0.12); outcome: stated value V = 9 000 000, headcount 5 000 (made up)";
    for (name, style) in [
        ("ornskoldsvik_summary_sv", Style::swedish()),
        ("ornskoldsvik_summary_en", Style::english()),
    ] {
        snapshot!(name, inputs, summary_part(&statement, &summary(&statement), &style));
    }
}

#[test]
fn quarterly_summary_says_what_is_paid_and_due() {
    let (contract, series, index) = crate::common::examples::illustrative_quarterly();
    let as_of: utfall::engine::Month = "2019-06".parse().unwrap();
    let ledger = utfall::engine::Ledger::run(&contract, &series, Some(&index), Some(as_of)).unwrap();
    let seen = contract.as_of(as_of).unwrap();
    let statement = settle(&seen, &Outcome::from_monthly(&seen, &series, Some(&index)).unwrap()).unwrap();
    let summary = utfall::render::Summary::new(&statement, Some(&ledger))
        .unwrap()
        .issued("2026-11-29");
    let schedule = summary.schedule.as_ref().unwrap();
    assert_eq!(schedule.settled.to_string(), "2019-06");
    // What was paid before and what is due now add up to the pay to date.
    let aino = &schedule.providers[0];
    assert_eq!(aino.paid_before + aino.due_now, statement.providers()[0].total_window);
    snapshot!(
        "quarterly_summary_sv",
        "contract: examples/illustrative/contract-quarterly.toml as of 2019-06; monthly: examples/illustrative/monthly.csv; index: examples/illustrative/index.csv (synthetic data)",
        summary_part(&statement, &summary, &Style::swedish())
    );
    // Without the ledger (a stated value), the summary says what it needs.
    let without = utfall::render::Summary::new(&statement, None).unwrap();
    assert!(summary_part(&statement, &without, &Style::swedish()).contains("kräver månadsserien (--monthly)"));
}
