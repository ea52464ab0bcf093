//! The English catalogue.

use utfall_engine::Note;

use super::{LineWords, Text, line, points};
use crate::Style;

/// The lines, by id pattern and, where one id is computed in more than one
/// way, formula.
pub(super) const LINES: &[LineWords] = &[
    // §2: the outcome.
    line("outcome.value", Some("given"), "value of saved days (stated)"),
    line(
        "outcome.value",
        Some("V = Σ V(m)"),
        "value of saved days (day value amended)",
    ),
    line("outcome.value", None, "value of saved days"),
    line(
        "outcome.saved_days",
        Some("S = V / d"),
        "net sick days saved over the window (derived)",
    ),
    line("outcome.saved_days", None, "net sick days saved over the window"),
    line(
        "outcome.delta",
        Some("δ = S / h"),
        "days saved per employee over the window (derived)",
    ),
    line("outcome.delta", None, "days saved per employee over the window"),
    line(
        "outcome.reference_per_employee",
        None,
        "sick days per employee in the reference months",
    ),
    line(
        "outcome.adjusted_per_employee",
        None,
        "sick days per employee in the window, as compared",
    ),
    line(
        "outcome.reduction",
        None,
        "reduction of sick days per employee against the reference period",
    ),
    line(
        "outcome.target_reduction",
        None,
        "the contract's target for the reduction",
    ),
    line(
        "outcome.target_margin",
        None,
        "reduction beyond the target (below zero: short of it)",
    ),
    line(
        "month[].delta",
        Some("δ(m) = N(ref) / h(ref) − N(m) · idx(ref) / (h(m) · idx(m))"),
        "days saved per employee, {month} (reference {reference}), trend-adjusted",
    ),
    line(
        "month[].delta",
        None,
        "days saved per employee, {month} (reference {reference})",
    ),
    line("month[].saved_days", None, "days saved, {month}"),
    line("month[].value", None, "value of days saved, {month}"),
    // §3.1–3.2: the window.
    line(
        "term.months",
        Some(super::EXTENDED_N),
        "months in the term as first agreed",
    ),
    line("term.months", None, "months in the term"),
    line("term.months_extended", None, "months in the term as extended"),
    line("window.months", None, "months measured, {window}"),
    line("window.investment_per_month", None, "investment per project month"),
    line("window.investment", None, "investment attributable to the window"),
    line("window.net_result", None, "project net result over the window"),
    line(
        "window.break_even_days",
        None,
        "saved days needed to break even (V = I_w)",
    ),
    // §3.3–3.7: each provider over the window.
    line(
        "provider[].investment_share",
        None,
        "{provider:s} part of the investment",
    ),
    line(
        "provider[].value_share",
        Some("s"),
        "{provider:s} share of each saved krona (stated in the contract)",
    ),
    line(
        "provider[].value_share",
        Some("s = Σ s(m) · V⁺(m) / Σ V⁺(m)"),
        "{provider:s} share of each saved krona (amended: weighted by month)",
    ),
    line("provider[].value_share", None, "{provider:s} share of each saved krona"),
    line(
        "provider[].value_share_derived",
        None,
        "share of each saved krona implied by the terms",
    ),
    line(
        "provider[].value_share_difference",
        None,
        "stated share less the share implied by the terms",
    ),
    line(
        "provider[].cap_value",
        None,
        "value of saved days where the cap is reached",
    ),
    line(
        "provider[].counted_value",
        None,
        "value counted for the outcome payment",
    ),
    line(
        "provider[].outcome_payment_exact",
        None,
        "outcome payment before rounding",
    ),
    line(
        "provider[].outcome_cap",
        None,
        "most the outcome payment can be over the window",
    ),
    line("provider[].outcome_payment", None, "{provider:s} outcome payment"),
    line(
        "provider[].activity_fee_exact",
        None,
        "activity fee over the window before rounding",
    ),
    line(
        "provider[].activity_fee",
        None,
        "{provider:s} activity fee over the window",
    ),
    line("provider[].total", None, "{provider:s} pay over the window"),
    line(
        "provider[].contract_value_window",
        None,
        "contract value attributable to the window",
    ),
    line("provider[].result", None, "{provider:s} result over the window"),
    line(
        "provider[].premium",
        None,
        "{provider:s} premium over its contract value",
    ),
    line(
        "provider[].premium_bound",
        None,
        "most the premium can be when s = r · C / I",
    ),
    line(
        "provider[].premium_bound_stated",
        None,
        "most the premium can be with the stated share",
    ),
    // §3.8, §3.12: the funder.
    line("window.outcome_payments", None, "outcome payments to all providers"),
    line("window.funder_keeps", None, "value kept by {funder}"),
    line("window.funder_share", None, "{funder:s} share of each saved krona"),
    line(
        "window.contract_values",
        None,
        "providers' contract values attributable to the window",
    ),
    line(
        "window.funder_investment",
        None,
        "part of the window's investment {funder} runs itself",
    ),
    line("window.provider_pay", None, "pay to all providers over the window"),
    line(
        "window.funder_net_result",
        None,
        "{funder:s} net result over the window",
    ),
    // §3.9: the whole term.
    line(
        "term.investment",
        Some("I' = I · N' / N"),
        "investment over the whole term, extended at the agreed monthly rate",
    ),
    line("term.investment", None, "investment over the whole term"),
    line(
        "term.net_result",
        None,
        "project net result over the term (outcome measured in the window only)",
    ),
    line(
        "term.provider[].contract_value",
        None,
        "{provider:s} contract value over the whole term, extended at the agreed monthly rate",
    ),
    line(
        "term.provider[].activity_fee_exact",
        Some("A = (1 − r) · C · N' / N"),
        "activity fee over the term as extended, before rounding",
    ),
    line(
        "term.provider[].activity_fee_exact",
        None,
        "activity fee over the term before rounding",
    ),
    line(
        "term.provider[].activity_fee",
        None,
        "{provider:s} activity fee over the term",
    ),
    line(
        "term.provider[].outcome_payment",
        None,
        "{provider:s} outcome payment (measured window only)",
    ),
    line(
        "term.provider[].outcome_cap",
        Some("s · k · I · N' / N"),
        "most the outcome payment could be over the full term as extended",
    ),
    line(
        "term.provider[].outcome_cap",
        Some("r · k · C · N' / N"),
        "most the outcome payment could be over the full term as extended",
    ),
    line(
        "term.provider[].outcome_cap",
        None,
        "most the outcome payment could be over the full term",
    ),
    line("term.provider[].total", None, "{provider:s} pay over the term"),
    line(
        "term.provider[].premium",
        Some("(A + P) / C' − 1"),
        "{provider:s} premium over its contract value, whole term as extended",
    ),
    line(
        "term.provider[].premium",
        None,
        "{provider:s} premium over its contract value, whole term",
    ),
    line(
        "term.provider[].result",
        Some("A + P − C'"),
        "{provider:s} result over the whole term as extended",
    ),
    line(
        "term.provider[].result",
        None,
        "{provider:s} result over the whole term",
    ),
    line(
        "term.funder_investment",
        None,
        "part of the term's investment {funder} runs itself",
    ),
    line("term.provider_pay", None, "pay to all providers over the term"),
    line(
        "term.funder_net_result",
        None,
        "{funder:s} net result over the term (outcome measured in the window only)",
    ),
];

/// Every other text.
pub(super) fn text(text: Text) -> &'static str {
    match text {
        Text::StatementTitle => "Settlement statement: {contract}",
        Text::Summary => "Summary",
        Text::Appendix => "Appendix: the full calculation",
        Text::Term => "term",
        Text::Window => "outcome measured",
        Text::Basis => "outcome from",
        Text::Funder => "funder",
        Text::FunderNotNamed => "(not named in the contract)",
        Text::Providers => "providers",
        Text::ReferenceNumber => "reference number",
        Text::Issued => "issued",
        Text::AmountsNote => {
            "amounts in {currency}; payments in whole öre; each line shows its formula and exact result"
        }
        Text::ByAmendment => "by amendment",
        Text::BasisStated => "a stated value of saved days",
        Text::BasisMonthly => "monthly series, {months} months, trend adjustment: {trend}",
        Text::TrendNone => "none",
        Text::TrendNationalIndex => "national index",
        Text::Notes => "Notes",
        Text::MonthTableTitle => "Outcome month by month (days per employee; δ(m) > 0 is a saving)",
        Text::MonthTableNote => {
            "(rounded for reading; the exact figures are in the section \"Outcome month by month\" below)"
        }
        Text::RulesTitle => "Rules (docs/method.md)",
        Text::SourcesTitle => "Sources of the contract's terms",
        Text::ColMonth => "month",
        Text::ColReference => "ref",
        Text::ColNetDays => "net days",
        Text::ColReferenceNetDays => "ref days",
        Text::Days => "days",
        Text::DaysPerEmployee => "days/employee",
        Text::MonthsUnit => "months",
        Text::Employees => "employees",
        Text::With => "with",
        Text::HtmlChartCaption => {
            "How the contract shares the risk over its whole term, as agreed: each party's result by the value of saved days, with the measured outcome marked (docs/method.md §5)."
        }
        Text::WhatIfTitle => "What-if: {contract}",
        Text::WhatIfIntro => "measured window {window}, {headcount} employees; saved days needed:",
        Text::WhatIfThresholdColumns => "value of saved days|saved days|per employee|per employee-month",
        Text::WhatIfSensitivity => "Sensitivity: payments and results by saved days per employee over the window",
        Text::WhatIfTableColumns => "days/empl.|value|funder keeps|funder net result|project net result",
        Text::WhatIfBreakEven => "break-even",
        Text::WhatIfCap => "cap: {provider}",
        Text::WhatIfTarget => "target",
        Text::WhatIfFooterResults => {
            "funder: {funder}; results over the window: provider A_w + P − C_w, funder V − (I_w − ΣC_w) − Σ(A_w + P), project V − I_w"
        }
        Text::WhatIfFooterAmounts => "amounts to öre; payments as a settlement would pay them; {word} = {currency}",
        Text::WhatIfAtTarget => {
            "At the target: {target} fewer sick days per employee than in the reference period (docs/method.md §2.6)"
        }
        Text::WhatIfReferencePerEmployee => "sick days per employee in the reference months",
        Text::WhatIfReferenceDays => "reference days at each month's headcount",
        Text::WhatIfSavedPerEmployee => "saved days per employee at the target",
        Text::WhatIfSavedDays => "saved days at the target",
        Text::WhatIfValue => "value of saved days",
        Text::WhatIfProviderPayment => "{provider}: outcome payment",
        Text::WhatIfProviderPay => "{provider}: pay",
        Text::WhatIfProviderResult => "{provider}: result",
        Text::WhatIfFunderKeeps => "{funder}: keeps",
        Text::WhatIfFunderNet => "{funder}: net result",
        Text::WhatIfProjectNet => "the project's net result",
        Text::XlsxSummarySheet => "Summary",
        Text::XlsxStatementSheet => "Statement",
        Text::XlsxMonthsSheet => "Months",
        Text::XlsxTraceSheet => "Trace",
        Text::XlsxNote => "note",
        Text::XlsxAmountsKey => "amounts",
        Text::XlsxAmounts => {
            "in {currency}; payments in whole öre; the amount column is for reading, the exact column is the record"
        }
        Text::XlsxStatementColumns => "section|line|amount|exact|formula|unit|id",
        Text::XlsxTraceColumns => "id|label|formula|inputs|result|result, exact|unit|rule|sources",
        Text::XlsxMonthColumns => "month|reference month|headcount|reference headcount",
        Text::XlsxExactSuffix => ", exact",
        Text::XlsxLedgerTitle => "Ledger: {contract}",
        Text::XlsxLedgerSettlementsSheet => "Settlements",
        Text::XlsxLedgerPaymentsSheet => "Payments",
        Text::XlsxLedgerBalancesSheet => "Balances",
        Text::XlsxLedgerPaymentColumns => "party|month|kind|counterparty|amount|amount, exact|line",
        Text::XlsxLedgerBalanceColumns => "party|balance|balance, exact",
        Text::ReconColumns => "figure|share|report|engine|difference",
        Text::ReconReport => "report: «{quote}»",
        Text::ReconEngine => "engine: {exact} (line {line}, settlement \"{statement}\")",
        Text::ReconWhy => "why:    {why}",
        Text::HtmlLineHeader => "line|amount|formula with inputs = exact result",
        Text::MdLineHeader => "| line | amount | formula with inputs | exact result |",
        Text::SumOutcome => "Saved net sick days over the window: {days}.",
        Text::SumOutcomePerEmployee => "That is {per_employee} days per employee.",
        Text::SumReduction => "Sick days per employee changed by {change} against the reference period {reference}.",
        Text::SumValue => "Value of the saved days at {day_value} a day: {value}.",
        Text::SumTargetMet => {
            "The contract's target, a reduction of at least {target}, is met, by {margin} percentage points."
        }
        Text::SumTargetMissed => {
            "The contract's target, a reduction of at least {target}, is not met: {margin} percentage points short."
        }
        Text::SumTargetStated => {
            "The contract's target, a reduction of at least {target}, cannot be checked from a stated value: it needs the monthly series."
        }
        Text::SumTargetNoReference => {
            "The contract's target, a reduction of at least {target}, cannot be checked: the reference months have no sick days."
        }
        Text::SumWhoPays => "What each party pays and receives",
        Text::SumWindowCol => "window {window}",
        Text::SumTermCol => "whole term {term}",
        Text::SumFunderPays => "{funder} pays the providers",
        Text::SumFunderKeeps => "{funder} keeps of the value",
        Text::SumFunderRuns => "investment {funder} runs itself",
        Text::SumFunderNet => "{funder:s} net result",
        Text::SumProviderFee => "{provider} receives an activity fee",
        Text::SumProviderPayment => "{provider} receives an outcome payment",
        Text::SumProviderReceives => "{provider} receives in all",
        Text::SumProviderResult => "{provider:s} result",
        Text::SumProjectNet => "project net result",
        Text::SumBreakEvenReached => {
            "Break-even: the window's investment of {investment} needs {days} saved days; the outcome is {beyond} days beyond it."
        }
        Text::SumBreakEvenNotReached => {
            "Break-even: the window's investment of {investment} needs {days} saved days; the outcome is {short} days short of it."
        }
        Text::SumCapReached => {
            "Cap: {provider:s} outcome payment stops growing at a value of {cap_value}; the value is above it, so the payment is capped at {cap}."
        }
        Text::SumCapNotReached => {
            "Cap: {provider:s} outcome payment stops growing at a value of {cap_value} (at most {cap}); the value is below it."
        }
        Text::SumScheduleTitle => "Payments by the schedule, settled {month}:",
        Text::SumSchedulePaid => "{provider}: already paid {paid}; due now {due}.",
        Text::SumScheduleNeedsMonthly => {
            "The contract has a payment schedule; what is already paid and due now needs the monthly series (--monthly)."
        }
        Text::LedgerTitle => "Settlements: {contract}",
        Text::LedgerSettlementColumns => "month|provider|to date|paid before|due|carried forward|final",
        Text::LedgerNote => {
            "to date: the outcome payment of the statement as of the month, cap included; due: to date less paid before"
        }
        Text::LedgerOf => "Ledger of {party}",
        Text::LedgerPaymentColumns => "month|kind|counterparty|amount|line",
        Text::LedgerBalance => "balance",
        Text::LedgerFinal => "final",
        Text::KindActivityFee => "activity fee",
        Text::KindOnAccount => "outcome payment on account",
        Text::KindTrueUp => "true-up (claw-back)",
        Text::KindFinal => "final outcome payment",
        Text::SumTermNote => {
            "The whole term counts the activity fees for all its months and the outcome measured in the window."
        }
        // Chart and what-if.
        Text::ChartTitle => "Risk sharing: {contract}",
        Text::ChartSubtitle => "{funder} and {providers}, the whole term as agreed",
        Text::ChartXAxis => "value of saved days",
        Text::ChartYAxis => "result",
        Text::ChartProviderResult => "{provider:s} result",
        Text::ChartFunderNetResult => "{funder:s} net result",
        Text::ChartProjectNetResult => "the project's net result",
        Text::ChartBreakEven => "break-even",
        Text::ChartCap => "{provider:s} cap",
        Text::ChartMeasured => "measured outcome",
        Text::ChartTarget => "target: {target} reduction",
        Text::ChartMillionKronor => "MSEK",
        Text::ChartThousandKronor => "kSEK",
        Text::ChartReferencePeriod => "Reference period",
        Text::ChartNoData => "No data to show",
        Text::ChartMonthNames => "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec",
        Text::FollowNetDaysByDepartment => "Sick leave days 1–14 by department",
        Text::FollowNetDaysBySex => "Sick leave days 1–14 by sex",
        Text::FollowNetDaysByAgeGroup => "Sick leave days 1–14 by age group",
        Text::FollowNetDaysLongByDepartment => "Sick leave days 15–90 by department",
        Text::FollowWorkplaces => "Treated and other workplaces, sick leave days 1–14",
        Text::FollowRepeatedGroup => "The repeated short-term absence group, whole organisation",
        Text::FollowRepeatedShareBySex => "Share of employees with repeated short-term absence by sex",
        Text::FollowRepeatedShareByAgeGroup => "Share of employees with repeated short-term absence by age group",
        Text::FollowRepeatedShareByDepartment => "Share of employees with repeated short-term absence by department",
        Text::FollowNetDaysPerEmployee => "Net days per employee",
        Text::FollowWorkplaceMean => "Net days per employee, mean over the workplaces",
        Text::FollowEmployees => "Number of employees",
        Text::FollowPercentOfEmployees => "Per cent of employees",
        Text::FollowWholeOrganisation => "Whole organisation",
        Text::FollowTreated => "Treated workplaces",
        Text::FollowOther => "Other workplaces",
        Text::FollowTreatedBand => "Treated, 10th–90th percentile",
        Text::FollowMembers => "In the group",
        Text::FollowStayers => "Stayed from the month before",
        Text::FollowInflow => "New in the group",
        Text::FollowAgeUpTo29 => "29 and under",
        Text::FollowAge30To49 => "30–49",
        Text::FollowAgeFrom50 => "50 and over",
        Text::FollowTestNote => {
            "Difference in change from {month}: {difference} days per employee; p = {p} ({permutations} relabellings, {treated} and {other} workplaces). A test of whether the difference is larger than chance gives, not an assessment of the contract."
        }
        Text::CsvSection => "section",
        Text::CsvId => "id",
        Text::CsvLabel => "label",
        Text::CsvFormula => "formula",
        Text::CsvInputs => "inputs",
        Text::CsvAmount => "amount",
        Text::CsvUnit => "unit",
        Text::CsvCurrency => "currency",
        Text::CsvRule => "rule",
        Text::CsvSources => "sources",
        Text::CsvValue => "value of saved days",
        Text::CsvSavedDays => "saved days",
        Text::CsvProviderPayment => "{provider} outcome payment",
        Text::CsvProviderPay => "{provider} pay",
        Text::CsvProviderResult => "{provider} result",
        Text::CsvFunderNetResult => "{funder:s} net result",
        Text::CsvProjectNetResult => "the project's net result",
        Text::CsvMarker => "marker",
        Text::CsvPerEmployee => "saved days per employee",
        Text::CsvFunderKeeps => "{funder} keeps",
        Text::CsvThreshold => "threshold",
        Text::CsvParty => "party",
        Text::CsvMonth => "month",
        Text::CsvKind => "kind",
        Text::CsvCounterparty => "counterparty",
        Text::CsvLine => "statement line",
        Text::CsvKindActivityFee => "activity fee",
        Text::CsvKindOnAccount => "outcome payment on account",
        Text::CsvKindTrueUp => "true-up",
        Text::CsvKindFinal => "final outcome payment",
    }
}

/// A note in English.
pub(super) fn note(style: &Style, note: &Note) -> String {
    match note {
        Note::StatedShare {
            provider,
            stated,
            derived,
        } => format!(
            "{provider}: the contract states s = {} ({}); the terms imply r · C / I = {} ({}), a difference of {} \
             percentage points",
            style.exact(*stated),
            style.percent(*stated, 4),
            style.exact(*derived),
            style.percent(*derived, 4),
            points(style, *stated, *derived),
        ),
        Note::PremiumAboveBound { provider, most, bound } => format!(
            "{provider}: the stated share is above r · C / I, so the premium can reach {}, above r · (k − 1) = {}",
            style.percent(*most, 4),
            style.percent(*bound, 4)
        ),
        other => other.to_string(),
    }
}
