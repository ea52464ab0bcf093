//! The catalogues are whole: every line the engine makes, of every kind of
//! contract, has a label in both languages, and no English wording shows in
//! a Swedish statement.

use utfall_engine::{Contract, MonthlySeries, NationalIndex, Outcome, Statement, settle};

use super::{Language, LineWords, Text, en, has_label, text};
use crate::{Style, Summary, render_html, render_markdown, render_text};

/// Every text cell of the statement's workbook, sheet names first, one per
/// line; nothing without the `xlsx` feature.
fn workbook_text(statement: &Statement, summary: &Summary, style: &Style) -> String {
    #[cfg(feature = "xlsx")]
    {
        use calamine::Reader;
        let bytes = crate::render_xlsx(statement, summary, style).unwrap();
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let mut out = book.sheet_names().join("\n");
        for sheet in book.sheet_names() {
            let range = book.worksheet_range(&sheet).unwrap();
            for cell in range.used_cells() {
                if let calamine::Data::String(text) = cell.2 {
                    out.push('\n');
                    out.push_str(text);
                }
            }
        }
        out
    }
    #[cfg(not(feature = "xlsx"))]
    {
        let _ = (statement, summary, style);
        String::new()
    }
}

fn example(path: &str) -> String {
    let full = format!("{}/../../examples/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn monthly(contract: &Contract, trend: bool) -> Outcome {
    let series = MonthlySeries::from_csv_str(&example("illustrative/monthly.csv")).unwrap();
    let index = NationalIndex::from_csv_str(&example("illustrative/index.csv")).unwrap();
    Outcome::from_monthly(contract, &series, trend.then_some(&index)).unwrap()
}

/// Statements of every kind: a stated value with and without a headcount, a
/// stated share, monthly data with and without the trend, a target, and an
/// extended term with an amended day value and share, on a derived and on a
/// stated share; and the funder left unnamed.
fn statements() -> Vec<(&'static str, Statement)> {
    let botkyrka = example("botkyrka/contract.toml");
    let stated_share = example("botkyrka/contract-stated-share.toml");
    let illustrative = example("illustrative/contract.toml");
    let amendments = "\n[[amendment]]\nagreed = \"2021-06\"\nterm_end = \"2021-12\"\n\
                      [[amendment]]\nagreed = \"2019-01\"\nfrom = \"2019-03\"\nday_value = \"2200\"\n";
    let share_amendment = "[[amendment]]\nagreed = \"2019-01\"\nfrom = \"2019-03\"\nprovider = \"Aino Health\"\n\
                           value_share = \"0.2\"\n";
    // The illustrative contract states a target of 0.12.
    assert!(illustrative.contains("target_reduction = \"0.12\""));
    let with_target = illustrative.clone();
    let no_trend = illustrative.replace("trend = \"national-index\"", "trend = \"none\"");
    let contract = |text: &str| Contract::from_toml_str(text).unwrap_or_else(|e| panic!("{e}"));
    let value = |c: &Contract, v: &str, h: Option<u32>| Outcome::from_value(c, v.parse().unwrap(), h).unwrap();
    let mut out = Vec::new();
    let c = contract(&botkyrka);
    out.push(("stated value", settle(&c, &value(&c, "14700000", Some(6350))).unwrap()));
    out.push(("above the cap", settle(&c, &value(&c, "40000000", None)).unwrap()));
    out.push(("below zero", settle(&c, &value(&c, "-1000", None)).unwrap()));
    let c = contract(&stated_share);
    out.push(("stated share", settle(&c, &value(&c, "14700000", None)).unwrap()));
    let c = contract(&with_target);
    out.push(("monthly, trend, target", settle(&c, &monthly(&c, true)).unwrap()));
    let c = contract(&with_target);
    out.push((
        "target, stated value",
        settle(&c, &value(&c, "14700000", None)).unwrap(),
    ));
    let c = contract(&no_trend);
    out.push(("monthly, no trend", settle(&c, &monthly(&c, false)).unwrap()));
    let c = contract(&format!("{botkyrka}{amendments}{share_amendment}"));
    out.push(("amended, monthly", settle(&c, &monthly(&c, true)).unwrap()));
    let c = contract(&format!("{stated_share}{amendments}"));
    out.push((
        "amended, stated share",
        settle(&c, &value(&c, "14700000", None)).unwrap(),
    ));
    let c = contract(&format!("{botkyrka}{amendments}"));
    out.push((
        "extended, stated value",
        settle(&c, &value(&c, "14700000", None)).unwrap(),
    ));
    out
}

/// The English catalogue words each line as the engine labels it, so that
/// JSON and CSV (which carry the engine's labels) read as the English text.
#[test]
fn english_labels_are_the_engines() {
    for (case, statement) in statements() {
        for line in statement.lines() {
            assert_eq!(
                super::label(Language::English, line, &statement),
                line.label,
                "{case}: {}",
                line.id
            );
        }
    }
}

#[test]
fn every_line_has_a_label_in_both_languages() {
    let mut missing = Vec::new();
    for (case, statement) in statements() {
        for line in statement.lines() {
            for language in [Language::Swedish, Language::English] {
                if !has_label(language, line) {
                    missing.push(format!("{case}: {} ({}) in {}", line.id, line.formula, language.code()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "lines without a label:\n{}", missing.join("\n"));
}

/// The English wording of the catalogue: each label's and text's runs of
/// words between its parameters, where a run is long enough to be English
/// rather than a symbol or a shared word (`ref`, `h`).
fn english_phrases() -> Vec<String> {
    let mut templates: Vec<&str> = en::LINES.iter().map(|w: &LineWords| w.label).collect();
    templates.extend(ALL_TEXTS.iter().map(|t| en::text(*t)));
    let mut phrases: Vec<String> = templates
        .iter()
        .flat_map(|t| {
            t.split(['{', '}'])
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .map(|(_, p)| p)
        })
        .flat_map(|p| p.split([';', ':', '(', ')', ',', '.', '"']))
        .map(str::trim)
        .filter(|p| p.contains(' ') && p.chars().filter(|c| c.is_alphabetic()).count() >= 10)
        .map(str::to_owned)
        .collect();
    phrases.sort();
    phrases.dedup();
    phrases
}

/// Every text, so that the test reads each.
const ALL_TEXTS: &[Text] = &[
    Text::StatementTitle,
    Text::Summary,
    Text::Appendix,
    Text::Term,
    Text::Window,
    Text::Basis,
    Text::Funder,
    Text::FunderNotNamed,
    Text::Providers,
    Text::ReferenceNumber,
    Text::Issued,
    Text::AmountsNote,
    Text::ByAmendment,
    Text::BasisStated,
    Text::BasisMonthly,
    Text::Notes,
    Text::MonthTableTitle,
    Text::MonthTableNote,
    Text::SourcesTitle,
    Text::ColNetDays,
    Text::SumOutcome,
    Text::SumOutcomePerEmployee,
    Text::SumReduction,
    Text::SumValue,
    Text::SumTargetMet,
    Text::SumTargetMissed,
    Text::SumTargetStated,
    Text::SumTargetNoReference,
    Text::SumWhoPays,
    Text::SumFunderPays,
    Text::SumFunderKeeps,
    Text::SumFunderRuns,
    Text::SumFunderNet,
    Text::SumProviderFee,
    Text::SumProviderPayment,
    Text::SumProviderReceives,
    Text::SumProjectNet,
    Text::SumBreakEvenReached,
    Text::SumBreakEvenNotReached,
    Text::SumCapReached,
    Text::SumCapNotReached,
    Text::SumScheduleTitle,
    Text::SumSchedulePaid,
    Text::SumScheduleNeedsMonthly,
    Text::SumTermNote,
    Text::ChartReferencePeriod,
    Text::ChartNoData,
    Text::ChartMonthNames,
    Text::FollowNetDaysByDepartment,
    Text::FollowNetDaysBySex,
    Text::FollowNetDaysByAgeGroup,
    Text::FollowNetDaysLongByDepartment,
    Text::FollowWorkplaces,
    Text::FollowRepeatedGroup,
    Text::FollowRepeatedShareBySex,
    Text::FollowRepeatedShareByAgeGroup,
    Text::FollowRepeatedShareByDepartment,
    Text::FollowNetDaysPerEmployee,
    Text::FollowWorkplaceMean,
    Text::FollowEmployees,
    Text::FollowPercentOfEmployees,
    Text::FollowWholeOrganisation,
    Text::FollowTreated,
    Text::FollowOther,
    Text::FollowTreatedBand,
    Text::FollowMembers,
    Text::FollowStayers,
    Text::FollowInflow,
    Text::FollowAgeUpTo29,
    Text::FollowAge30To49,
    Text::FollowAgeFrom50,
    Text::FollowTestNote,
];

#[test]
fn a_swedish_statement_has_no_english_wording() {
    let phrases = english_phrases();
    assert!(phrases.len() > 80, "too few phrases to check: {}", phrases.len());
    let sources = text(Language::Swedish, Text::SourcesTitle);
    let mut found = Vec::new();
    for (case, statement) in statements() {
        let summary = Summary::new(&statement, None).unwrap().issued("2026-11-29");
        let style = Style::swedish();
        for (format, out) in [
            ("text", render_text(&statement, &summary, &style)),
            ("markdown", render_markdown(&statement, &summary, &style)),
            ("html", render_html(&statement, &summary, &style, None)),
            ("xlsx", workbook_text(&statement, &summary, &style)),
        ] {
            // The contract's own sources are quoted as written.
            let ours = out.split(sources).next().unwrap_or_default();
            for phrase in &phrases {
                if ours.contains(phrase.as_str()) {
                    found.push(format!("{case}, {format}: {phrase:?}"));
                }
            }
            // The placeholder of a funder the contract does not name.
            if ours.contains(" funder") || ours.contains("funder ") {
                found.push(format!("{case}, {format}: \"funder\""));
            }
        }
    }
    assert!(found.is_empty(), "English in Swedish statements:\n{}", found.join("\n"));
}

#[test]
fn an_english_statement_has_its_english_wording() {
    // The check above could pass by finding nothing at all: the same phrases
    // are found in English statements.
    let phrases = english_phrases();
    let (_, statement) = statements().into_iter().next().unwrap();
    let summary = Summary::new(&statement, None).unwrap();
    let out = render_text(&statement, &summary, &Style::english());
    let found = phrases.iter().filter(|p| out.contains(p.as_str())).count();
    assert!(found >= 30, "only {found} English phrases in an English statement");
}
