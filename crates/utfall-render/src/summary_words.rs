//! The summary in words, in the style's language: the facts of the head, the
//! outcome's sentences, the table of what each party pays and receives, and
//! the sentences on break-even, the caps and the schedule. Every format that
//! shows a summary (text, Markdown, HTML, xlsx) lays out these same pieces.

use rust_decimal::Decimal;
use utfall_engine::Unit;

use crate::Style;
use crate::Summary;
use crate::words::{Language, Text, fill, range_text, text};

/// One row of the summary's table: what it is, over the window, over the term
/// (`None`: not a figure of the term).
pub(crate) struct PartyRow {
    /// Which figure the row is (the workbook's formulas name it).
    #[cfg_attr(
        not(feature = "xlsx"),
        allow(dead_code, reason = "read only by the workbook, with the xlsx feature")
    )]
    pub(crate) key: PartyKey,
    pub(crate) label: String,
    pub(crate) window: Decimal,
    pub(crate) term: Option<Decimal>,
    /// Whether the row is a result (set apart in print).
    pub(crate) result: bool,
}

/// Which figure a row of the summary's table is; a provider by its position
/// from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PartyKey {
    FunderPays,
    FunderKeeps,
    FunderRuns,
    Fee(usize),
    Payment(usize),
    Receives(usize),
    FunderNet,
    ProviderResult(usize),
    ProjectNet,
}

/// The head's facts, label and value: the reference number, the date of
/// issue, the parties, the term, the window and the outcome's basis.
pub(crate) fn head(summary: &Summary, style: &Style, basis: &str) -> Vec<(String, String)> {
    let language = style.language;
    let mut facts = Vec::new();
    if let Some(number) = &summary.reference_number {
        facts.push((text(language, Text::ReferenceNumber).to_owned(), number.clone()));
    }
    if let Some(issued) = &summary.issued {
        facts.push((text(language, Text::Issued).to_owned(), issued.clone()));
    }
    let funder = match summary.funder.name.as_str() {
        // The engine's placeholder for a funder the contract does not name.
        "funder" => text(language, Text::FunderNotNamed),
        name => name,
    };
    facts.push((text(language, Text::Funder).to_owned(), funder.to_owned()));
    let providers: Vec<&str> = summary.providers.iter().map(|p| p.name.as_str()).collect();
    facts.push((text(language, Text::Providers).to_owned(), providers.join(", ")));
    facts.push((
        text(language, Text::Term).to_owned(),
        range_text(language, summary.term),
    ));
    let mut window = range_text(language, summary.window);
    if summary.amended {
        window.push_str(", ");
        window.push_str(text(language, Text::ByAmendment));
    }
    facts.push((text(language, Text::Window).to_owned(), window));
    facts.push((text(language, Text::Basis).to_owned(), basis.to_owned()));
    facts
}

/// The outcome in sentences: saved days, per employee, the change against
/// the reference period, the value, and the target.
pub(crate) fn outcome(summary: &Summary, style: &Style) -> Vec<String> {
    let language = style.language;
    let currency = summary.currency.as_str();
    let o = &summary.outcome;
    let mut first = fill(
        language,
        text(language, Text::SumOutcome),
        &[("days", &crate::words::figure(style, o.saved_days, Unit::Days, currency))],
    );
    if let Some(per_employee) = o.per_employee {
        first.push(' ');
        first.push_str(&fill(
            language,
            text(language, Text::SumOutcomePerEmployee),
            &[("per_employee", &style.rounded(per_employee, 4))],
        ));
    }
    let mut sentences = vec![first];
    if let (Some(reduction), Some(reference)) = (o.reduction, o.reference) {
        sentences.push(fill(
            language,
            text(language, Text::SumReduction),
            &[
                ("change", &signed_percent(style, -reduction)),
                ("reference", &reference.to_string()),
            ],
        ));
    }
    sentences.push(fill(
        language,
        text(language, Text::SumValue),
        &[
            ("day_value", &style.money(o.day_value, currency)),
            ("value", &style.money(o.value, currency)),
        ],
    ));
    if let Some(target) = &summary.target {
        let which = match (target.met, o.monthly) {
            (Some(true), _) => Text::SumTargetMet,
            (Some(false), _) => Text::SumTargetMissed,
            (None, false) => Text::SumTargetStated,
            (None, true) => Text::SumTargetNoReference,
        };
        let margin = target
            .margin
            .and_then(|m| m.abs().checked_mul(Decimal::ONE_HUNDRED))
            .map(|m| style.rounded(m, 1))
            .unwrap_or_default();
        sentences.push(fill(
            language,
            text(language, which),
            &[("target", &style.percent(target.target, 1)), ("margin", &margin)],
        ));
    }
    sentences
}

/// `+3,2 %` or `−12,3 %`: a change in per cent, with its sign.
fn signed_percent(style: &Style, change: Decimal) -> String {
    let shown = style.percent(change, 1);
    if change > Decimal::ZERO {
        format!("+{shown}")
    } else {
        shown
    }
}

/// The table of what each party pays and receives, over the window and the
/// term, ending with the named results.
pub(crate) fn parties(summary: &Summary, language: Language) -> Vec<PartyRow> {
    let funder = crate::words::funder_name(language, &summary.funder.name);
    let f = &summary.funder;
    let row = |key: PartyKey, t: Text, name: &str, window: Decimal, term: Option<Decimal>, result: bool| PartyRow {
        key,
        label: fill(language, text(language, t), &[("funder", funder), ("provider", name)]),
        window,
        term,
        result,
    };
    let mut rows = vec![
        row(
            PartyKey::FunderPays,
            Text::SumFunderPays,
            "",
            f.pays_window,
            Some(f.pays_term),
            false,
        ),
        row(
            PartyKey::FunderKeeps,
            Text::SumFunderKeeps,
            "",
            f.keeps,
            Some(f.keeps),
            false,
        ),
        row(
            PartyKey::FunderRuns,
            Text::SumFunderRuns,
            "",
            f.runs_window,
            Some(f.runs_term),
            false,
        ),
    ];
    for (i, p) in (1..).zip(&summary.providers) {
        rows.push(row(
            PartyKey::Fee(i),
            Text::SumProviderFee,
            &p.name,
            p.activity_fee_window,
            Some(p.activity_fee_term),
            false,
        ));
        rows.push(row(
            PartyKey::Payment(i),
            Text::SumProviderPayment,
            &p.name,
            p.outcome_payment,
            Some(p.outcome_payment),
            false,
        ));
        rows.push(row(
            PartyKey::Receives(i),
            Text::SumProviderReceives,
            &p.name,
            p.receives_window,
            Some(p.receives_term),
            false,
        ));
    }
    rows.push(row(
        PartyKey::FunderNet,
        Text::SumFunderNet,
        "",
        f.net_result_window,
        Some(f.net_result_term),
        true,
    ));
    for (i, p) in (1..).zip(&summary.providers) {
        rows.push(row(
            PartyKey::ProviderResult(i),
            Text::SumProviderResult,
            &p.name,
            p.result_window,
            Some(p.result_term),
            true,
        ));
    }
    rows.push(row(
        PartyKey::ProjectNet,
        Text::SumProjectNet,
        "",
        summary.project_net_result_window,
        Some(summary.project_net_result_term),
        true,
    ));
    rows
}

/// The headers of the table's two columns.
pub(crate) fn party_columns(summary: &Summary, language: Language) -> (String, String, String) {
    (
        text(language, Text::SumWhoPays).to_owned(),
        fill(
            language,
            text(language, Text::SumWindowCol),
            &[("window", &summary.window.to_string())],
        ),
        fill(
            language,
            text(language, Text::SumTermCol),
            &[("term", &summary.term.to_string())],
        ),
    )
}

/// Break-even and each provider's cap, one sentence each; then the schedule.
pub(crate) fn closing(summary: &Summary, style: &Style) -> Vec<String> {
    let language = style.language;
    let currency = summary.currency.as_str();
    let b = &summary.break_even;
    let days = |d: Decimal| style.rounded(d, 2);
    let reached = b.margin_days >= Decimal::ZERO;
    let mut sentences = vec![fill(
        language,
        text(
            language,
            if reached {
                Text::SumBreakEvenReached
            } else {
                Text::SumBreakEvenNotReached
            },
        ),
        &[
            ("investment", &style.money(b.investment, currency)),
            ("days", &days(b.days)),
            ("beyond", &days(b.margin_days)),
            ("short", &days(b.margin_days.abs())),
        ],
    )];
    for p in &summary.providers {
        sentences.push(fill(
            language,
            text(
                language,
                if p.capped {
                    Text::SumCapReached
                } else {
                    Text::SumCapNotReached
                },
            ),
            &[
                ("provider", &p.name),
                ("cap_value", &style.money(p.cap_value, currency)),
                ("cap", &style.money(p.outcome_cap, currency)),
            ],
        ));
    }
    sentences.push(text(language, Text::SumTermNote).to_owned());
    match &summary.schedule {
        Some(schedule) => {
            sentences.push(fill(
                language,
                text(language, Text::SumScheduleTitle),
                &[("month", &schedule.settled.to_string())],
            ));
            for p in &schedule.providers {
                sentences.push(fill(
                    language,
                    text(language, Text::SumSchedulePaid),
                    &[
                        ("provider", &p.name),
                        ("paid", &style.money(p.paid_before, currency)),
                        ("due", &style.money(p.due_now, currency)),
                    ],
                ));
            }
        }
        None if summary.has_schedule => {
            sentences.push(text(language, Text::SumScheduleNeedsMonthly).to_owned());
        }
        None => {}
    }
    sentences
}
