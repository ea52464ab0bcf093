//! Den svenska katalogen (the Swedish catalogue).
//!
//! The words follow the evaluation report's where it has them
//! (*utfallsersättning*, *aktivitetsersättning*, *projektperiod*,
//! *referensperiod*, *schablonvärde*); the rest are ours.

use utfall_engine::{Note, Rule};

use super::{LineWords, Text, line, points};
use crate::Style;

/// The lines, by id pattern and, where one id is computed in more than one
/// way, formula.
pub(super) const LINES: &[LineWords] = &[
    // §2: utfallet.
    line("outcome.value", Some("given"), "värdet av sparade dagar (angivet)"),
    line(
        "outcome.value",
        Some("V = Σ V(m)"),
        "värdet av sparade dagar (ändrat dagvärde)",
    ),
    line("outcome.value", None, "värdet av sparade dagar"),
    line(
        "outcome.saved_days",
        Some("S = V / d"),
        "sparade nettosjukdagar under mätperioden (härlett)",
    ),
    line("outcome.saved_days", None, "sparade nettosjukdagar under mätperioden"),
    line(
        "outcome.delta",
        Some("δ = S / h"),
        "sparade dagar per anställd under mätperioden (härlett)",
    ),
    line("outcome.delta", None, "sparade dagar per anställd under mätperioden"),
    line(
        "outcome.reference_per_employee",
        None,
        "sjukdagar per anställd i referensmånaderna",
    ),
    line(
        "outcome.adjusted_per_employee",
        None,
        "sjukdagar per anställd i mätperioden, som de jämförs",
    ),
    line(
        "outcome.reduction",
        None,
        "minskning av sjukdagar per anställd mot referensperioden",
    ),
    line("outcome.target_reduction", None, "avtalets mål för minskningen"),
    line(
        "outcome.target_margin",
        None,
        "minskning utöver målet (under noll: under målet)",
    ),
    line(
        "month[].delta",
        Some("δ(m) = N(ref) / h(ref) − N(m) · idx(ref) / (h(m) · idx(m))"),
        "sparade dagar per anställd, {month} (referens {reference}), trendjusterat",
    ),
    line(
        "month[].delta",
        None,
        "sparade dagar per anställd, {month} (referens {reference})",
    ),
    line("month[].saved_days", None, "sparade dagar, {month}"),
    line("month[].value", None, "värdet av sparade dagar, {month}"),
    // §3.1–3.2: mätperioden.
    line(
        "term.months",
        Some(super::EXTENDED_N),
        "månader i projektperioden som först avtalad",
    ),
    line("term.months", None, "månader i projektperioden"),
    line("term.months_extended", None, "månader i den förlängda projektperioden"),
    line("window.months", None, "mätta månader, {window}"),
    line("window.investment_per_month", None, "investering per projektmånad"),
    line("window.investment", None, "investering som hör till mätperioden"),
    line("window.net_result", None, "projektets nettoresultat under mätperioden"),
    line(
        "window.break_even_days",
        None,
        "sparade dagar som behövs för nollresultat (V = I_w)",
    ),
    // §3.3–3.7: varje utförare under mätperioden.
    line("provider[].investment_share", None, "{provider:s} del av investeringen"),
    line(
        "provider[].value_share",
        Some("s"),
        "{provider:s} andel av varje sparad krona (angiven i avtalet)",
    ),
    line(
        "provider[].value_share",
        Some("s = Σ s(m) · V⁺(m) / Σ V⁺(m)"),
        "{provider:s} andel av varje sparad krona (ändrad: vägd per månad)",
    ),
    line(
        "provider[].value_share",
        None,
        "{provider:s} andel av varje sparad krona",
    ),
    line(
        "provider[].value_share_derived",
        None,
        "andel av varje sparad krona som villkoren ger",
    ),
    line(
        "provider[].value_share_difference",
        None,
        "angiven andel minus andelen som villkoren ger",
    ),
    line("provider[].cap_value", None, "värdet av sparade dagar där taket nås"),
    line(
        "provider[].counted_value",
        None,
        "värde som räknas för utfallsersättningen",
    ),
    line(
        "provider[].outcome_payment_exact",
        None,
        "utfallsersättning före avrundning",
    ),
    line(
        "provider[].outcome_cap",
        None,
        "högsta möjliga utfallsersättning under mätperioden",
    ),
    line("provider[].outcome_payment", None, "{provider:s} utfallsersättning"),
    line(
        "provider[].activity_fee_exact",
        None,
        "aktivitetsersättning under mätperioden före avrundning",
    ),
    line(
        "provider[].activity_fee",
        None,
        "{provider:s} aktivitetsersättning under mätperioden",
    ),
    line("provider[].total", None, "{provider:s} ersättning under mätperioden"),
    line(
        "provider[].contract_value_window",
        None,
        "kontraktsvärde som hör till mätperioden",
    ),
    line("provider[].result", None, "{provider:s} resultat under mätperioden"),
    line("provider[].premium", None, "{provider:s} premie över kontraktsvärdet"),
    line(
        "provider[].premium_bound",
        None,
        "högsta möjliga premie när s = r · C / I",
    ),
    line(
        "provider[].premium_bound_stated",
        None,
        "högsta möjliga premie med den angivna andelen",
    ),
    // §3.8, §3.12: beställaren.
    line(
        "window.outcome_payments",
        None,
        "utfallsersättningar till alla utförare",
    ),
    line("window.funder_keeps", None, "värde som {funder} behåller"),
    line("window.funder_share", None, "{funder:s} andel av varje sparad krona"),
    line(
        "window.contract_values",
        None,
        "utförarnas kontraktsvärden som hör till mätperioden",
    ),
    line(
        "window.funder_investment",
        None,
        "del av mätperiodens investering som {funder} står för själv",
    ),
    line(
        "window.provider_pay",
        None,
        "ersättning till alla utförare under mätperioden",
    ),
    line(
        "window.funder_net_result",
        None,
        "{funder:s} nettoresultat under mätperioden",
    ),
    // §3.9: hela projektperioden.
    line(
        "term.investment",
        Some("I' = I · N' / N"),
        "investering under hela projektperioden, förlängd i den avtalade månadstakten",
    ),
    line("term.investment", None, "investering under hela projektperioden"),
    line(
        "term.net_result",
        None,
        "projektets nettoresultat under projektperioden (utfall mätt enbart i mätperioden)",
    ),
    line(
        "term.provider[].contract_value",
        None,
        "{provider:s} kontraktsvärde under hela projektperioden, förlängt i den avtalade månadstakten",
    ),
    line(
        "term.provider[].activity_fee_exact",
        Some("A = (1 − r) · C · N' / N"),
        "aktivitetsersättning under den förlängda projektperioden, före avrundning",
    ),
    line(
        "term.provider[].activity_fee_exact",
        None,
        "aktivitetsersättning under projektperioden före avrundning",
    ),
    line(
        "term.provider[].activity_fee",
        None,
        "{provider:s} aktivitetsersättning under projektperioden",
    ),
    line(
        "term.provider[].outcome_payment",
        None,
        "{provider:s} utfallsersättning (enbart mätperioden)",
    ),
    line(
        "term.provider[].outcome_cap",
        Some("s · k · I · N' / N"),
        "högsta möjliga utfallsersättning under hela den förlängda projektperioden",
    ),
    line(
        "term.provider[].outcome_cap",
        Some("r · k · C · N' / N"),
        "högsta möjliga utfallsersättning under hela den förlängda projektperioden",
    ),
    line(
        "term.provider[].outcome_cap",
        None,
        "högsta möjliga utfallsersättning under hela projektperioden",
    ),
    line(
        "term.provider[].total",
        None,
        "{provider:s} ersättning under projektperioden",
    ),
    line(
        "term.provider[].premium",
        Some("(A + P) / C' − 1"),
        "{provider:s} premie över kontraktsvärdet, hela den förlängda projektperioden",
    ),
    line(
        "term.provider[].premium",
        None,
        "{provider:s} premie över kontraktsvärdet, hela projektperioden",
    ),
    line(
        "term.provider[].result",
        Some("A + P − C'"),
        "{provider:s} resultat under hela den förlängda projektperioden",
    ),
    line(
        "term.provider[].result",
        None,
        "{provider:s} resultat under hela projektperioden",
    ),
    line(
        "term.funder_investment",
        None,
        "del av projektperiodens investering som {funder} står för själv",
    ),
    line(
        "term.provider_pay",
        None,
        "ersättning till alla utförare under projektperioden",
    ),
    line(
        "term.funder_net_result",
        None,
        "{funder:s} nettoresultat under projektperioden (utfall mätt enbart i mätperioden)",
    ),
];

/// The words inside formulas, English to Swedish, longest first so that
/// `rounded down to öre` is not taken for `rounded to öre`.
pub(super) const FORMULA_WORDS: &[(&str, &str)] = &[
    ("rounded down to öre", "avrundat nedåt till öre"),
    ("rounded to öre", "avrundat till öre"),
    ("reduction", "minskning"),
    ("target", "mål"),
    ("given", "givet"),
    ("clamp", "clamp"),
    ("cap", "tak"),
];

/// The words of where a ledger's payment comes from, English to Swedish.
pub(super) const PAYMENT_WORDS: &[(&str, &str)] = &[
    ("as of ", "per "),
    (", rounded down, less paid", ", avrundat nedåt, minus tidigare betalt"),
    (", less paid", ", minus tidigare betalt"),
    (
        "(the agreed monthly fee; the term is extended to ",
        "(den avtalade månadsersättningen; projektperioden är förlängd till ",
    ),
    (" months)", " månader)"),
];

/// Where an input comes from, when that is not an id: English to Swedish.
#[allow(
    dead_code,
    reason = "the Swedish trace sheet of the workbook words its inputs with it"
)]
pub(super) const FROM_WORDS: &[(&str, &str)] = &[
    ("average headcount (given)", "genomsnittligt antal anställda (givet)"),
    ("monthly series", "månadsserien"),
    ("national index", "nationella indexet"),
    ("share in force in", "andel som gäller"),
    ("months", "månaderna"),
];

/// Every other text.
pub(super) fn text(text: Text) -> &'static str {
    match text {
        Text::StatementTitle => "Avräkning: {contract}",
        Text::Summary => "Sammanfattning",
        Text::Appendix => "Bilaga: hela beräkningen",
        Text::Term => "projektperiod",
        Text::Window => "utfall mätt",
        Text::Basis => "utfall från",
        Text::Funder => "beställare",
        Text::FunderNotNamed => "(namnges inte i avtalet)",
        Text::Providers => "utförare",
        Text::ReferenceNumber => "diarienummer",
        Text::Issued => "utfärdad",
        Text::AmountsNote => {
            "belopp i {currency}; ersättningar i hela öre; varje rad visar sin formel och sitt exakta resultat"
        }
        Text::ByAmendment => "genom avtalsändring",
        Text::BasisStated => "ett angivet värde av sparade dagar",
        Text::BasisMonthly => "månadsserie, {months} månader, trendjustering: {trend}",
        Text::TrendNone => "ingen",
        Text::TrendNationalIndex => "nationellt index",
        Text::Notes => "Anmärkningar",
        Text::MonthTableTitle => "Utfall månad för månad (dagar per anställd; δ(m) > 0 är en besparing)",
        Text::MonthTableNote => {
            "(avrundat för läsning; de exakta talen står i avsnittet \"Utfall månad för månad\" nedan)"
        }
        Text::RulesTitle => "Regler (avsnitt i docs/method.md)",
        Text::SourcesTitle => "Källor till avtalets villkor",
        Text::ColMonth => "månad",
        Text::ColReference => "ref",
        Text::ColNetDays => "nettodagar",
        Text::ColReferenceNetDays => "ref-dagar",
        Text::Days => "dagar",
        Text::DaysPerEmployee => "dagar/anställd",
        Text::MonthsUnit => "månader",
        Text::Employees => "anställda",
        Text::With => "med",
        Text::HtmlChartCaption => {
            "Hur avtalet delar risken över hela projektperioden, som avtalat: varje parts resultat efter värdet av sparade dagar, med det uppmätta utfallet markerat (docs/method.md §5)."
        }
        Text::WhatIfTitle => "Tänk om: {contract}",
        Text::WhatIfIntro => "mätperiod {window}, {headcount} anställda; sparade dagar som behövs:",
        Text::WhatIfThresholdColumns => "värdet av sparade dagar|sparade dagar|per anställd|per anställd och månad",
        Text::WhatIfSensitivity => {
            "Känslighet: ersättningar och resultat efter sparade dagar per anställd under mätperioden"
        }
        Text::WhatIfTableColumns => {
            "dagar/anst.|värde|beställaren behåller|beställarens nettoresultat|projektets nettoresultat"
        }
        Text::WhatIfBreakEven => "nollresultat",
        Text::WhatIfCap => "tak: {provider}",
        Text::WhatIfTarget => "mål",
        Text::WhatIfFooterResults => {
            "beställare: {funder}; resultat under mätperioden: utförare A_w + P − C_w, beställare V − (I_w − ΣC_w) − Σ(A_w + P), projekt V − I_w"
        }
        Text::WhatIfFooterAmounts => {
            "belopp i öre; ersättningar som en avräkning skulle betala dem; {word} = {currency}"
        }
        Text::WhatIfAtTarget => {
            "Vid målet: {target} färre sjukdagar per anställd än i referensperioden (docs/method.md §2.6)"
        }
        Text::WhatIfReferencePerEmployee => "sjukdagar per anställd i referensmånaderna",
        Text::WhatIfReferenceDays => "referensdagar vid varje månads antal anställda",
        Text::WhatIfSavedPerEmployee => "sparade dagar per anställd vid målet",
        Text::WhatIfSavedDays => "sparade dagar vid målet",
        Text::WhatIfValue => "värdet av sparade dagar",
        Text::WhatIfProviderPayment => "{provider}: utfallsersättning",
        Text::WhatIfProviderPay => "{provider}: ersättning",
        Text::WhatIfProviderResult => "{provider}: resultat",
        Text::WhatIfFunderKeeps => "{funder}: behåller",
        Text::WhatIfFunderNet => "{funder}: nettoresultat",
        Text::WhatIfProjectNet => "projektets nettoresultat",
        Text::XlsxSummarySheet => "Sammanfattning",
        Text::XlsxStatementSheet => "Avräkning",
        Text::XlsxMonthsSheet => "Månader",
        Text::XlsxTraceSheet => "Beräkningsspår",
        Text::XlsxNote => "anmärkning",
        Text::XlsxAmountsKey => "belopp",
        Text::XlsxAmounts => {
            "i {currency}; ersättningar i hela öre; beloppskolumnen är för läsning, den exakta kolumnen är underlaget"
        }
        Text::XlsxStatementColumns => "avsnitt|rad|belopp|exakt|formel|enhet|id",
        Text::XlsxTraceColumns => "id|benämning|formel|indata|resultat|resultat, exakt|enhet|regel|källor",
        Text::XlsxMonthColumns => "månad|referensmånad|anställda|anställda i referensmånaden",
        Text::XlsxExactSuffix => ", exakt",
        Text::XlsxLedgerTitle => "Betalningar: {contract}",
        Text::XlsxLedgerSettlementsSheet => "Avräkningar",
        Text::XlsxLedgerPaymentsSheet => "Betalningar",
        Text::XlsxLedgerBalancesSheet => "Saldon",
        Text::XlsxLedgerPaymentColumns => "part|månad|slag|motpart|belopp|belopp, exakt|rad",
        Text::XlsxLedgerBalanceColumns => "part|saldo|saldo, exakt",
        Text::ReconColumns => "uppgift|andel|rapporten|motorn|skillnad",
        Text::ReconReport => "rapporten: «{quote}»",
        Text::ReconEngine => "motorn:    {exact} (rad {line}, avräkning \"{statement}\")",
        Text::ReconWhy => "varför:    {why}",
        Text::HtmlLineHeader => "rad|belopp|formel med indata = exakt resultat",
        Text::MdLineHeader => "| rad | belopp | formel med indata | exakt resultat |",
        Text::SumOutcome => "Sparade nettosjukdagar under mätperioden: {days}.",
        Text::SumOutcomePerEmployee => "Det är {per_employee} dagar per anställd.",
        Text::SumReduction => "Sjukdagarna per anställd förändrades med {change} mot referensperioden {reference}.",
        Text::SumValue => "Värdet av de sparade dagarna, med {day_value} per dag: {value}.",
        Text::SumTargetMet => "Avtalets mål, en minskning med minst {target}, är nått, med {margin} procentenheter.",
        Text::SumTargetMissed => {
            "Avtalets mål, en minskning med minst {target}, är inte nått: {margin} procentenheter under."
        }
        Text::SumTargetStated => {
            "Avtalets mål, en minskning med minst {target}, kan inte prövas mot ett angivet värde: det kräver månadsserien."
        }
        Text::SumTargetNoReference => {
            "Avtalets mål, en minskning med minst {target}, kan inte prövas: referensmånaderna har inga sjukdagar."
        }
        Text::SumWhoPays => "Vad varje part betalar och får",
        Text::SumWindowCol => "mätperioden {window}",
        Text::SumTermCol => "hela projektperioden {term}",
        Text::SumFunderPays => "{funder} betalar utförarna",
        Text::SumFunderKeeps => "{funder} behåller av värdet",
        Text::SumFunderRuns => "investering som {funder} står för själv",
        Text::SumFunderNet => "{funder:s} nettoresultat",
        Text::SumProviderFee => "{provider} får aktivitetsersättning",
        Text::SumProviderPayment => "{provider} får utfallsersättning",
        Text::SumProviderReceives => "{provider} får sammanlagt",
        Text::SumProviderResult => "{provider:s} resultat",
        Text::SumProjectNet => "projektets nettoresultat",
        Text::SumBreakEvenReached => {
            "Nollresultat: mätperiodens investering på {investment} kräver {days} sparade dagar; utfallet ligger {beyond} dagar över."
        }
        Text::SumBreakEvenNotReached => {
            "Nollresultat: mätperiodens investering på {investment} kräver {days} sparade dagar; utfallet ligger {short} dagar under."
        }
        Text::SumCapReached => {
            "Tak: {provider:s} utfallsersättning växer inte över ett värde på {cap_value}; värdet ligger över, så ersättningen stannar vid {cap}."
        }
        Text::SumCapNotReached => {
            "Tak: {provider:s} utfallsersättning växer inte över ett värde på {cap_value} (högst {cap}); värdet ligger under."
        }
        Text::SumScheduleTitle => "Betalningar enligt betalningsplanen, avräknat {month}:",
        Text::SumSchedulePaid => "{provider}: redan betalt {paid}; att betala nu {due}.",
        Text::SumScheduleNeedsMonthly => {
            "Avtalet har en betalningsplan; vad som redan är betalt och vad som ska betalas nu kräver månadsserien (--monthly)."
        }
        Text::LedgerTitle => "Avräkningar: {contract}",
        Text::LedgerSettlementColumns => "månad|utförare|hittills|betalt tidigare|att betala|förs vidare|slutlig",
        Text::LedgerNote => {
            "hittills: utfallsersättningen i avräkningen per månaden, tak inräknat; att betala: hittills minus betalt tidigare"
        }
        Text::LedgerOf => "Betalningar för {party}",
        Text::LedgerPaymentColumns => "månad|slag|motpart|belopp|rad",
        Text::LedgerBalance => "saldo",
        Text::LedgerFinal => "slutlig",
        Text::KindActivityFee => "aktivitetsersättning",
        Text::KindOnAccount => "utfallsersättning a conto",
        Text::KindTrueUp => "återbetalning",
        Text::KindFinal => "slutlig utfallsersättning",
        Text::SumTermNote => {
            "Hela projektperioden räknar aktivitetsersättningen för alla månader och utfallet mätt i mätperioden."
        }
        // Chart and what-if.
        Text::ChartTitle => "Riskdelning: {contract}",
        Text::ChartSubtitle => "{funder} och {providers}, hela projektperioden som avtalad",
        Text::ChartXAxis => "värdet av sparade dagar",
        Text::ChartYAxis => "resultat",
        Text::ChartProviderResult => "{provider:s} resultat",
        Text::ChartFunderNetResult => "{funder:s} nettoresultat",
        Text::ChartProjectNetResult => "projektets nettoresultat",
        Text::ChartBreakEven => "nollresultat",
        Text::ChartCap => "{provider:s} tak",
        Text::ChartMeasured => "uppmätt utfall",
        Text::ChartTarget => "målet: {target} minskning",
        Text::ChartMillionKronor => "Mkr",
        Text::ChartThousandKronor => "tkr",
        Text::ChartReferencePeriod => "Referensperiod",
        Text::ChartNoData => "Inga data att visa",
        Text::ChartMonthNames => "jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec",
        Text::FollowNetDaysByDepartment => "Sjukfrånvaro dag 1–14 per avdelning",
        Text::FollowNetDaysBySex => "Sjukfrånvaro dag 1–14 per kön",
        Text::FollowNetDaysByAgeGroup => "Sjukfrånvaro dag 1–14 per åldersgrupp",
        Text::FollowNetDaysLongByDepartment => "Sjukfrånvaro dag 15–90 per avdelning",
        Text::FollowWorkplaces => "Behandlade och övriga arbetsplatser, sjukfrånvaro dag 1–14",
        Text::FollowRepeatedGroup => "Gruppen med upprepad korttidsfrånvaro, hela organisationen",
        Text::FollowRepeatedShareBySex => "Andel anställda med upprepad korttidsfrånvaro per kön",
        Text::FollowRepeatedShareByAgeGroup => "Andel anställda med upprepad korttidsfrånvaro per åldersgrupp",
        Text::FollowRepeatedShareByDepartment => "Andel anställda med upprepad korttidsfrånvaro per avdelning",
        Text::FollowNetDaysPerEmployee => "Nettodagar per anställd",
        Text::FollowWorkplaceMean => "Nettodagar per anställd, medelvärde över arbetsplatserna",
        Text::FollowEmployees => "Antal anställda",
        Text::FollowPercentOfEmployees => "Procent av de anställda",
        Text::FollowWholeOrganisation => "Hela organisationen",
        Text::FollowTreated => "Behandlade arbetsplatser",
        Text::FollowOther => "Övriga arbetsplatser",
        Text::FollowTreatedBand => "Behandlade, 10:e–90:e percentilen",
        Text::FollowMembers => "I gruppen",
        Text::FollowStayers => "Kvar sedan förra månaden",
        Text::FollowInflow => "Nya i gruppen",
        Text::FollowAgeUpTo29 => "29 och yngre",
        Text::FollowAge30To49 => "30–49",
        Text::FollowAgeFrom50 => "50 och äldre",
        Text::FollowTestNote => {
            "Skillnad i förändring från {month}: {difference} dagar per anställd; p = {p} ({permutations} omdragningar, {treated} och {other} arbetsplatser). Ett test av om skillnaden är större än slumpen ger, inte en bedömning av avtalet."
        }
        Text::CsvSection => "avsnitt",
        Text::CsvId => "id",
        Text::CsvLabel => "benämning",
        Text::CsvFormula => "formel",
        Text::CsvInputs => "indata",
        Text::CsvAmount => "belopp",
        Text::CsvUnit => "enhet",
        Text::CsvCurrency => "valuta",
        Text::CsvRule => "regel",
        Text::CsvSources => "källor",
        Text::CsvValue => "värdet av sparade dagar",
        Text::CsvSavedDays => "sparade dagar",
        Text::CsvProviderPayment => "{provider} utfallsersättning",
        Text::CsvProviderPay => "{provider} ersättning",
        Text::CsvProviderResult => "{provider} resultat",
        Text::CsvFunderNetResult => "{funder:s} nettoresultat",
        Text::CsvProjectNetResult => "projektets nettoresultat",
        Text::CsvMarker => "markering",
        Text::CsvPerEmployee => "sparade dagar per anställd",
        Text::CsvFunderKeeps => "{funder} behåller",
        Text::CsvThreshold => "tröskel",
        Text::CsvParty => "part",
        Text::CsvMonth => "månad",
        Text::CsvKind => "slag",
        Text::CsvCounterparty => "motpart",
        Text::CsvLine => "rad i avräkningen",
        Text::CsvKindActivityFee => "aktivitetsersättning",
        Text::CsvKindOnAccount => "utfallsersättning a conto",
        Text::CsvKindTrueUp => "återbetalning",
        Text::CsvKindFinal => "slutlig utfallsersättning",
    }
}

/// A rule's title in Swedish: the heading of its section of
/// `docs/method.md`, translated.
pub(super) fn rule_title(rule: Rule) -> &'static str {
    match rule {
        Rule::OutcomeMonthly => "Utfall månad för månad",
        Rule::OutcomeTotal => "Summor över mätperioden",
        Rule::Value => "Värdet av sparade dagar",
        Rule::StatedValue => "Ett angivet värde",
        Rule::Reduction => "Minskning mot referensperioden och ett mål",
        Rule::Window => "Projektperiod och mätperiod",
        Rule::Investment => "Investering som hör till mätperioden",
        Rule::Share => "Andel av varje sparad krona",
        Rule::Cap => "Taket",
        Rule::Payment => "Utfallsersättning",
        Rule::ActivityFee => "Aktivitetsersättning",
        Rule::Premium => "Utförarens ersättning och premie",
        Rule::Funder => "Beställarens del",
        Rule::WholeTerm => "Hela projektperioden",
        Rule::Rounding => "Avrundning",
        Rule::Results => "Parternas resultat",
        Rule::Amendments => "Avtalsändringar",
        // A rule added to the engine later: its English title, which the
        // catalogue test catches.
        other => other.title(),
    }
}

/// A note in Swedish.
pub(super) fn note(style: &Style, note: &Note) -> String {
    match note {
        Note::Amended {
            window,
            measured,
            term_months,
        } => format!(
            "utfall mätt {window} ({measured} av {term_months} månader); mätningen upphörde efter {} genom \
             avtalsändring, och för de återstående {} månaderna betalas bara aktivitetsersättningen",
            window.end(),
            term_months.saturating_sub(*measured)
        ),
        Note::Interim {
            as_of,
            window,
            term_months,
        } => format!(
            "delavräkning per {as_of}: utfall mätt hittills, {window} ({} av {term_months} månader)",
            window.len()
        ),
        Note::NotBrokenEven { window } => format!(
            "värdet av sparade dagar är lägre än investeringen som hör till mätperioden: projektet har inte nått \
             nollresultat under {window}"
        ),
        Note::NegativeValue => "värdet av sparade dagar är negativt, så ingen utfallsersättning betalas".to_owned(),
        Note::Capped { provider } => {
            format!("{provider}: värdet av sparade dagar ligger över taket, så utfallsersättningen begränsas av taket")
        }
        Note::StatedShare {
            provider,
            stated,
            derived,
        } => format!(
            "{provider}: avtalet anger s = {} ({}); villkoren ger r · C / I = {} ({}), en skillnad på {} \
             procentenheter",
            style.exact(*stated),
            style.percent(*stated, 4),
            style.exact(*derived),
            style.percent(*derived, 4),
            points(style, *stated, *derived),
        ),
        Note::AmendedShare {
            provider,
            share,
            derived,
        } => format!(
            "{provider}: en avtalsändring ändrade andelen av varje sparad krona inom mätperioden; andelen som \
             används, {}, väger varje månads andel med månadens värde av sparade dagar (villkoren ger \
             r · C / I = {})",
            style.exact(*share),
            style.exact(*derived)
        ),
        Note::PremiumAboveBound { provider, most, bound } => format!(
            "{provider}: den angivna andelen är högre än r · C / I, så premien kan nå {}, över r · (k − 1) = {}",
            style.percent(*most, 4),
            style.percent(*bound, 4)
        ),
        // A note kind added to the engine later: its English words, which
        // the catalogue test catches.
        other => other.to_string(),
    }
}
