//! Every word a statement shows, in Swedish and in English: one catalogue per
//! language (`sv.rs`, `en.rs`), keyed by the trace's stable ids.
//!
//! The engine's lines carry an English label for programs and tests; what a
//! person reads comes from here. A line is worded by its id with the names in
//! it taken out as parameters (`provider[Aino Health].outcome_payment` is the
//! entry `provider[].outcome_payment` with `{provider}` = `Aino Health`), and,
//! where one id is computed in more than one way, by its formula too
//! (`term.investment` is `I`, or `I' = I · N' / N` after an extension).
//! Everything else a renderer writes is a [`Text`]: an enum, so that a
//! language that lacks a text does not compile. A test settles contracts of
//! every kind and fails when a line finds no entry in either language.
//!
//! Formulas keep their symbols; the few words inside them (`rounded to öre`,
//! `given`) are translated by [`formula`].

mod en;
mod sv;

use serde::Serialize;
use utfall_engine::{Basis, Line, MonthRange, Note, Rule, Section, Statement, Unit};

use crate::Style;

/// The language of a rendering's words: Swedish (the default) or English.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Svenska.
    #[default]
    Swedish,
    /// English.
    English,
}

impl Language {
    /// The language's code: `sv` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Swedish => "sv",
            Language::English => "en",
        }
    }
}

/// How a catalogue words one kind of line: the line id with its names taken
/// out (`provider[].outcome_payment`), the formula it applies to (`None`: any),
/// and the label, with `{provider}`, `{funder}`, `{month}`, `{reference}` and
/// `{window}` for the names and `{provider:s}`, `{funder:s}` for their
/// genitive.
pub(crate) struct LineWords {
    pub(crate) id: &'static str,
    pub(crate) formula: Option<&'static str>,
    pub(crate) label: &'static str,
}

/// Shorthand for the catalogues' tables.
pub(crate) const fn line(id: &'static str, formula: Option<&'static str>, label: &'static str) -> LineWords {
    LineWords { id, formula, label }
}

/// A text a renderer writes besides the lines' labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
#[cfg_attr(
    not(feature = "xlsx"),
    allow(dead_code, reason = "the workbook's words are used only with the xlsx feature")
)]
pub(crate) enum Text {
    // The statement's head.
    StatementTitle,
    Summary,
    Appendix,
    Term,
    Window,
    Basis,
    Funder,
    FunderNotNamed,
    Providers,
    ReferenceNumber,
    Issued,
    AmountsNote,
    ByAmendment,
    BasisStated,
    BasisMonthly,
    TrendNone,
    TrendNationalIndex,
    Notes,
    MonthTableTitle,
    MonthTableNote,
    RulesTitle,
    SourcesTitle,
    // The month table's headers (the symbols are kept).
    ColMonth,
    ColReference,
    ColNetDays,
    ColReferenceNetDays,
    // Units.
    Days,
    DaysPerEmployee,
    MonthsUnit,
    Employees,
    // Words in formulas.
    With,
    MdLineHeader,
    HtmlLineHeader,
    HtmlChartCaption,
    // A reconciliation with a report.
    ReconColumns,
    ReconReport,
    ReconEngine,
    ReconWhy,
    // The workbook.
    XlsxSummarySheet,
    XlsxStatementSheet,
    XlsxMonthsSheet,
    XlsxTraceSheet,
    XlsxNote,
    XlsxAmountsKey,
    XlsxAmounts,
    XlsxStatementColumns,
    XlsxTraceColumns,
    XlsxMonthColumns,
    XlsxExactSuffix,
    XlsxLedgerTitle,
    XlsxLedgerSettlementsSheet,
    XlsxLedgerPaymentsSheet,
    XlsxLedgerBalancesSheet,
    XlsxLedgerPaymentColumns,
    XlsxLedgerBalanceColumns,
    // What-if as text.
    WhatIfTitle,
    WhatIfIntro,
    WhatIfThresholdColumns,
    WhatIfSensitivity,
    WhatIfTableColumns,
    WhatIfBreakEven,
    WhatIfCap,
    WhatIfTarget,
    WhatIfFooterResults,
    WhatIfFooterAmounts,
    WhatIfAtTarget,
    WhatIfReferencePerEmployee,
    WhatIfReferenceDays,
    WhatIfSavedPerEmployee,
    WhatIfSavedDays,
    WhatIfValue,
    WhatIfProviderPayment,
    WhatIfProviderPay,
    WhatIfProviderResult,
    WhatIfFunderKeeps,
    WhatIfFunderNet,
    WhatIfProjectNet,
    // The summary.
    SumOutcome,
    SumOutcomePerEmployee,
    SumReduction,
    SumValue,
    SumTargetMet,
    SumTargetMissed,
    SumTargetStated,
    SumTargetNoReference,
    SumWhoPays,
    SumWindowCol,
    SumTermCol,
    SumFunderPays,
    SumFunderKeeps,
    SumFunderRuns,
    SumFunderNet,
    SumProviderFee,
    SumProviderPayment,
    SumProviderReceives,
    SumProviderResult,
    SumProjectNet,
    SumBreakEvenReached,
    SumBreakEvenNotReached,
    SumCapReached,
    SumCapNotReached,
    SumScheduleTitle,
    SumSchedulePaid,
    SumScheduleNeedsMonthly,
    SumTermNote,
    // The ledger.
    LedgerTitle,
    LedgerSettlementColumns,
    LedgerNote,
    LedgerOf,
    LedgerPaymentColumns,
    LedgerBalance,
    LedgerFinal,
    KindActivityFee,
    KindOnAccount,
    KindTrueUp,
    KindFinal,
    // Chart and what-if.
    ChartTitle,
    ChartSubtitle,
    ChartXAxis,
    ChartYAxis,
    ChartProviderResult,
    ChartFunderNetResult,
    ChartProjectNetResult,
    ChartBreakEven,
    ChartCap,
    ChartMeasured,
    ChartTarget,
    ChartMillionKronor,
    ChartThousandKronor,
    // The month chart.
    ChartReferencePeriod,
    ChartNoData,
    ChartMonthNames,
    // The follow-up charts (`ChartWord`).
    FollowNetDaysByDepartment,
    FollowNetDaysBySex,
    FollowNetDaysByAgeGroup,
    FollowNetDaysLongByDepartment,
    FollowWorkplaces,
    FollowRepeatedGroup,
    FollowRepeatedShareBySex,
    FollowRepeatedShareByAgeGroup,
    FollowRepeatedShareByDepartment,
    FollowNetDaysPerEmployee,
    FollowWorkplaceMean,
    FollowEmployees,
    FollowPercentOfEmployees,
    FollowWholeOrganisation,
    FollowTreated,
    FollowOther,
    FollowTreatedBand,
    FollowMembers,
    FollowStayers,
    FollowInflow,
    FollowAgeUpTo29,
    FollowAge30To49,
    FollowAgeFrom50,
    FollowTestNote,
    CsvSection,
    CsvId,
    CsvLabel,
    CsvFormula,
    CsvInputs,
    CsvAmount,
    CsvUnit,
    CsvCurrency,
    CsvRule,
    CsvSources,
    CsvValue,
    CsvSavedDays,
    CsvProviderPayment,
    CsvProviderPay,
    CsvProviderResult,
    CsvFunderNetResult,
    CsvProjectNetResult,
    CsvMarker,
    CsvPerEmployee,
    CsvFunderKeeps,
    CsvThreshold,
    CsvParty,
    CsvMonth,
    CsvKind,
    CsvCounterparty,
    CsvLine,
    CsvKindActivityFee,
    CsvKindOnAccount,
    CsvKindTrueUp,
    CsvKindFinal,
}

/// What a ledger's payment is for, in `language`.
pub(crate) fn kind(language: Language, kind: utfall_engine::Kind) -> &'static str {
    let t = match kind {
        utfall_engine::Kind::ActivityFee => Text::KindActivityFee,
        utfall_engine::Kind::OnAccount => Text::KindOnAccount,
        utfall_engine::Kind::TrueUp => Text::KindTrueUp,
        utfall_engine::Kind::Final => Text::KindFinal,
    };
    text(language, t)
}

/// Where a ledger's payment comes from (`as of 2019-03:
/// provider[Aino Health].outcome_payment, less paid`), its words in
/// `language`; the ids are kept.
pub(crate) fn payment_line(language: Language, line: &str) -> String {
    match language {
        Language::English => line.to_owned(),
        Language::Swedish => sv::PAYMENT_WORDS
            .iter()
            .fold(line.to_owned(), |l, (en, sv)| l.replace(en, sv)),
    }
}

/// The `|`-separated column names of `columns` in `language`.
pub(crate) fn columns(language: Language, columns: Text) -> Vec<&'static str> {
    text(language, columns).split('|').collect()
}

/// The words of `language` for `text`.
pub(crate) fn text(language: Language, text: Text) -> &'static str {
    match language {
        Language::Swedish => sv::text(text),
        Language::English => en::text(text),
    }
}

/// `template` with each `{name}` replaced by its value from `values`, and
/// each `{name:s}` by the value's genitive in `language`.
pub(crate) fn fill(language: Language, template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = after.find('}') else {
            out.push_str(rest.get(open..).unwrap_or_default());
            return out;
        };
        let key = after.get(..close).unwrap_or_default();
        let (name, genitive) = match key.strip_suffix(":s") {
            Some(name) => (name, true),
            None => (key, false),
        };
        match values.iter().find(|(k, _)| *k == name) {
            Some((_, value)) if genitive => out.push_str(&genitive_of(language, value)),
            Some((_, value)) => out.push_str(value),
            // Not a parameter (a brace of the text itself): kept as written.
            None => {
                out.push('{');
                out.push_str(key);
                out.push('}');
            }
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// `Aino Health's`; in Swedish `Aino Healths`, and a name ending in s, x or
/// z takes no further s (`Previas`, but `Botkyrka kommuns`, `Hälsans`).
pub(crate) fn genitive_of(language: Language, name: &str) -> String {
    match language {
        Language::English => format!("{name}'s"),
        Language::Swedish => {
            if name.ends_with(['s', 'x', 'z', 'S', 'X', 'Z']) {
                name.to_owned()
            } else {
                format!("{name}s")
            }
        }
    }
}

/// The funder's name as shown: a contract that names no funder has the
/// engine's placeholder `funder`, which Swedish shows as `beställaren`.
pub(crate) fn funder_name(language: Language, name: &str) -> &str {
    match (language, name) {
        (Language::Swedish, "funder") => "beställaren",
        _ => name,
    }
}

/// A line id with every bracketed name replaced by `[]`, and the names in
/// order: `term.provider[Aino Health].total` → `term.provider[].total`,
/// `["Aino Health"]`.
fn id_pattern(id: &str) -> (String, Vec<&str>) {
    let mut pattern = String::with_capacity(id.len());
    let mut names = Vec::new();
    let mut rest = id;
    while let Some(open) = rest.find('[') {
        pattern.push_str(rest.get(..=open).unwrap_or_default());
        let after = rest.get(open + 1..).unwrap_or_default();
        // A provider's name may hold `]`: the name ends at the last `].`
        // before the key, or at the end.
        let close = after.rfind("].").or_else(|| after.rfind(']')).unwrap_or(after.len());
        names.push(after.get(..close).unwrap_or_default());
        pattern.push(']');
        rest = after.get(close + 1..).unwrap_or_default();
    }
    pattern.push_str(rest);
    (pattern, names)
}

/// The catalogue's entry for a line, if it has one.
fn entry(language: Language, pattern: &str, formula: &str) -> Option<&'static LineWords> {
    let table = match language {
        Language::Swedish => sv::LINES,
        Language::English => en::LINES,
    };
    table
        .iter()
        .find(|w| w.id == pattern && w.formula == Some(formula))
        .or_else(|| table.iter().find(|w| w.id == pattern && w.formula.is_none()))
}

/// The formula key of `term.months` when the term is extended.
pub(crate) const EXTENDED_N: &str = "N (extended)";

/// Whether the catalogue of `language` words `line`.
#[cfg(test)]
pub(crate) fn has_label(language: Language, line: &Line) -> bool {
    entry(language, &id_pattern(&line.id).0, &line.formula).is_some()
}

/// The label of `line` in `language`; the engine's English label when the
/// catalogue has no entry (which a test rules out for every line the engine
/// makes).
pub(crate) fn label(language: Language, line: &Line, statement: &Statement) -> String {
    let (pattern, names) = id_pattern(&line.id);
    // `N` is the term as first agreed once an extension adds `N'`: the same
    // formula, another label.
    let extended = pattern == "term.months" && statement.line("term.months_extended").is_ok();
    let formula = if extended { EXTENDED_N } else { line.formula.as_str() };
    let Some(words) = entry(language, &pattern, formula) else {
        return line.label.clone();
    };
    let name = names.first().copied().unwrap_or_default();
    let reference = if pattern.starts_with("month[") {
        reference_month_of(statement, name)
    } else {
        String::new()
    };
    let window = statement.window().to_string();
    fill(
        language,
        words.label,
        &[
            ("provider", name),
            ("month", name),
            ("reference", &reference),
            ("funder", funder_name(language, statement.funder())),
            ("window", &window),
        ],
    )
}

/// The reference month of window month `month` (`2018-10` → `2017-10`).
fn reference_month_of(statement: &Statement, month: &str) -> String {
    match statement.outcome().basis() {
        Basis::Monthly { months, .. } => months
            .iter()
            .find(|m| m.month.to_string() == month)
            .map(|m| m.reference_month.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The title of `section` in `language`.
pub(crate) fn section_title(language: Language, section: &Section, statement: &Statement) -> String {
    let (window, term) = (statement.window(), statement.term());
    let (pattern, names) = id_pattern(&section.id);
    let template = match (language, pattern.as_str()) {
        (Language::Swedish, "outcome") => "Utfall",
        (Language::English, "outcome") => "Outcome",
        (Language::Swedish, "outcome.months") => "Utfall månad för månad",
        (Language::English, "outcome.months") => "Outcome month by month",
        (Language::Swedish, "window") => "Mätperiod {window} ({n} av {big_n} månader)",
        (Language::English, "window") => "Measured window {window} ({n} of {big_n} months)",
        (Language::Swedish, "provider[]") => "{provider}, mätperioden",
        (Language::English, "provider[]") => "{provider}, measured window",
        (Language::Swedish, "funder") => "{funder}, mätperioden",
        (Language::English, "funder") => "{funder}, measured window",
        (Language::Swedish, "term") => "Hela projektperioden {term} ({big_n} månader)",
        (Language::English, "term") => "Whole term {term} ({big_n} months)",
        _ => return section.title.clone(),
    };
    fill(
        language,
        template,
        &[
            ("window", &window.to_string()),
            ("term", &term.to_string()),
            ("n", &window.len().to_string()),
            ("big_n", &term.len().to_string()),
            ("provider", names.first().copied().unwrap_or_default()),
            ("funder", funder_name(language, statement.funder())),
        ],
    )
}

/// The title of a rule (a section of `docs/method.md`, which is written in
/// English) in `language`.
pub(crate) fn rule_title(language: Language, rule: Rule) -> &'static str {
    match language {
        Language::English => rule.title(),
        Language::Swedish => sv::rule_title(rule),
    }
}

/// A formula with its few words in `language`; the symbols are kept.
pub(crate) fn formula(language: Language, formula: &str) -> String {
    match language {
        Language::English => formula.to_owned(),
        Language::Swedish => sv::FORMULA_WORDS
            .iter()
            .fold(formula.to_owned(), |f, (en, sv)| replace_words(&f, en, sv)),
    }
}

/// Where an input comes from, when it is not a line or a contract term (those
/// are ids and kept): `monthly series`, `average headcount (given)`.
#[allow(
    dead_code,
    reason = "the Swedish trace sheet of the workbook words its inputs with it"
)]
pub(crate) fn input_from(language: Language, from: &str) -> String {
    match language {
        Language::English => from.to_owned(),
        Language::Swedish => sv::FROM_WORDS
            .iter()
            .fold(from.to_owned(), |f, (en, sv)| replace_words(&f, en, sv)),
    }
}

/// `text` with `from` replaced by `to` where it stands as whole words.
fn replace_words(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let before = rest.get(..at).unwrap_or_default();
        let after = rest.get(at + from.len()..).unwrap_or_default();
        let word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        out.push_str(before);
        if word_char(before.chars().next_back()) || word_char(after.chars().next()) {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A figure of `unit` as shown in an amount column, its unit in `language`.
pub(crate) fn figure(style: &Style, value: rust_decimal::Decimal, unit: Unit, currency: &str) -> String {
    let language = style.language;
    match unit {
        Unit::Days => format!("{} {}", style.rounded(value, 2), text(language, Text::Days)),
        Unit::DaysPerEmployee => format!("{} {}", style.rounded(value, 4), text(language, Text::DaysPerEmployee)),
        Unit::Months => format!("{} {}", style.exact(value), text(language, Text::MonthsUnit)),
        Unit::Employees => format!("{} {}", style.exact(value), text(language, Text::Employees)),
        other => style.figure(value, other, currency),
    }
}

/// What a figure measures, as a column of units names it in `language`:
/// the JSON's unit names in English (`money`, `days_per_employee`), words in
/// Swedish (`belopp`, `dagar per anställd`).
pub(crate) fn unit_word(language: Language, unit: Unit) -> &'static str {
    match (language, unit) {
        (Language::Swedish, Unit::Money) => "belopp",
        (Language::Swedish, Unit::Days) => "dagar",
        (Language::Swedish, Unit::DaysPerEmployee) => "dagar per anställd",
        (Language::Swedish, Unit::Share) => "andel",
        (Language::Swedish, Unit::Months) => "månader",
        (Language::Swedish, Unit::Employees) => "anställda",
        (_, Unit::Money) => "money",
        (_, Unit::Days) => "days",
        (_, Unit::DaysPerEmployee) => "days_per_employee",
        (_, Unit::Share) => "share",
        (_, Unit::Months) => "months",
        (_, Unit::Employees) => "employees",
        _ => "index",
    }
}

/// `2018-10 – 2021-09 (36 months)`.
pub(crate) fn range_text(language: Language, range: MonthRange) -> String {
    format!("{range} ({} {})", range.len(), text(language, Text::MonthsUnit))
}

/// A note to a statement in `language`, its numbers in `style`.
pub(crate) fn note(style: &Style, note: &Note) -> String {
    match style.language {
        Language::Swedish => sv::note(style, note),
        Language::English => en::note(style, note),
    }
}

/// Percentage points between two shares, `stated − derived`, for a note.
pub(crate) fn points(style: &Style, stated: rust_decimal::Decimal, derived: rust_decimal::Decimal) -> String {
    style.rounded(
        stated
            .checked_sub(derived)
            .and_then(|gap| gap.checked_mul(rust_decimal::Decimal::ONE_HUNDRED))
            .unwrap_or_default(),
        4,
    )
}

#[cfg(test)]
mod catalogue_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_lose_their_names() {
        assert_eq!(
            id_pattern("term.provider[Aino Health].total"),
            ("term.provider[].total".to_owned(), vec!["Aino Health"])
        );
        assert_eq!(id_pattern("month[2018-10].delta").0, "month[].delta");
        assert_eq!(
            id_pattern("window.investment"),
            ("window.investment".to_owned(), vec![])
        );
        // A name with brackets of its own.
        assert_eq!(
            id_pattern("provider[A [x]].result"),
            ("provider[].result".to_owned(), vec!["A [x]"])
        );
    }

    #[test]
    fn templates_take_names_and_genitives() {
        let values = [("provider", "Aino Health"), ("funder", "Botkyrka kommun")];
        assert_eq!(
            fill(Language::Swedish, "{provider:s} resultat, {funder:s} andel", &values),
            "Aino Healths resultat, Botkyrka kommuns andel"
        );
        assert_eq!(
            fill(Language::English, "{provider:s} pay", &values),
            "Aino Health's pay"
        );
        assert_eq!(genitive_of(Language::Swedish, "Previas"), "Previas");
        assert_eq!(fill(Language::English, "{unknown} {", &values), "{unknown} {");
    }

    #[test]
    fn formula_words_are_whole_words() {
        assert_eq!(
            formula(Language::Swedish, "min(P rounded to öre, cap rounded down to öre)"),
            "min(P avrundat till öre, tak avrundat nedåt till öre)"
        );
        // `cap` inside a longer symbol is left alone.
        assert_eq!(formula(Language::Swedish, "capital · x_cap"), "capital · x_cap");
        assert_eq!(formula(Language::English, "given"), "given");
    }

    #[test]
    fn both_catalogues_word_the_same_lines() {
        let keys = |t: &[LineWords]| {
            let mut k: Vec<(&str, Option<&str>)> = t.iter().map(|w| (w.id, w.formula)).collect();
            k.sort();
            k
        };
        assert_eq!(keys(sv::LINES), keys(en::LINES));
    }
}
