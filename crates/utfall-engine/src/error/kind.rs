//! [`ErrorKind`], what can go wrong in this crate: the one enum of its
//! kinds of error, so that adding a kind is an edit of this file alone.

use rust_decimal::Decimal;

use super::CsvErrorKind;
use super::quote::{excerpt, is_bidi_control, quote};
use crate::{Month, MonthRange};

/// What went wrong. New kinds may be added in any release.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The TOML could not be read: bad syntax, an unknown or missing key, a value
    /// of the wrong type. The message is the TOML reader's.
    #[error("{message}")]
    Toml {
        /// The reader's message, lowercase.
        message: String,
    },
    /// What is wrong with a CSV file as CSV, whatever it holds: no header,
    /// a missing or unknown column, a malformed row, a count that is not a
    /// whole number. The message is the [`CsvErrorKind`]'s.
    #[error(transparent)]
    Csv(#[from] CsvErrorKind),
    /// An amount written as a TOML number instead of a quoted decimal string.
    #[error("amounts are quoted decimal strings, found the {found} {}: {}", excerpt(.value), match suggestion {
        Some(text) => format!("write {}", quote(text)),
        None => "write a decimal such as \"1234.5\"".to_owned(),
    })]
    NotQuoted {
        /// The TOML type found: `float`, `integer`, …
        found: &'static str,
        /// The value as written.
        value: String,
        /// The same number as a decimal string, when it has one (`1e3` is
        /// `"1000"`; `inf` has none).
        suggestion: Option<String>,
    },
    /// A value of the wrong TOML type where text was expected.
    #[error("expected {expected}, found the {found} {}", excerpt(.value))]
    WrongType {
        /// What the field takes.
        expected: &'static str,
        /// The TOML type found.
        found: &'static str,
        /// The value as written.
        value: String,
    },
    /// Text that is not a plain decimal number (`-`, digits, an optional `.` and
    /// digits).
    #[error(
        "{} is not a decimal number: write digits with an optional leading '-' and '.', such as \"-1234.5\" (no spaces, '+', ',' or exponent)",
        quote(.value)
    )]
    NotDecimal {
        /// The text found.
        value: String,
    },
    /// A decimal with more significant digits than exact arithmetic holds (28).
    #[error("{} has more digits than an exact decimal can hold (at most 28 significant digits)", quote(.value))]
    TooPrecise {
        /// The text found.
        value: String,
    },
    /// Text that is not a month `YYYY-MM`.
    #[error("{} is not a month: {reason}", quote(.value))]
    BadMonth {
        /// The text found.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A range whose end comes before its start.
    #[error("the end {end} comes before the start {start}")]
    EndBeforeStart {
        /// The start.
        start: Month,
        /// The end.
        end: Month,
    },
    /// A reference period that is not 12 months long.
    #[error("the reference period {range} is {months} months long; it must be 12, one of each calendar month")]
    ReferenceNotTwelveMonths {
        /// The period.
        range: MonthRange,
        /// Its length.
        months: u32,
    },
    /// A reference period that shares months with the term.
    #[error("the reference period {reference} overlaps the term {term}")]
    ReferenceOverlapsTerm {
        /// The reference period.
        reference: MonthRange,
        /// The term.
        term: MonthRange,
    },
    /// `[measurement] end` outside the term.
    #[error("the measurement end {end} is outside the term {term}")]
    MeasurementEndOutsideTerm {
        /// The end month given.
        end: Month,
        /// The term.
        term: MonthRange,
    },
    /// An unknown trend adjustment.
    #[error("{} is not a trend adjustment: write \"none\" or \"national-index\"", quote(.value))]
    UnknownTrend {
        /// The text found.
        value: String,
    },
    /// A share (outcome share or value share) outside 0 to 1.
    #[error("{value} is outside 0 to 1 (a share is a fraction: write 0.184 for 18.4 %)")]
    ShareOutOfRange {
        /// The value found.
        value: Decimal,
    },
    /// A cap multiple below 1.
    #[error("cap {value} is below 1")]
    CapBelowOne {
        /// The value found.
        value: Decimal,
    },
    /// An amount that must be above zero.
    #[error("{value} must be above zero")]
    NotPositive {
        /// The value found.
        value: Decimal,
    },
    /// An amount that must not be negative.
    #[error("{value} is negative")]
    Negative {
        /// The value found.
        value: Decimal,
    },
    /// A provider's contract value above the investment.
    #[error("contract value {value} is above the investment {investment}")]
    ContractValueAboveInvestment {
        /// The provider's contract value.
        value: Decimal,
        /// The investment.
        investment: Decimal,
    },
    /// Providers whose contract values together exceed the investment.
    #[error("the providers' contract values sum to {sum}, above the investment {investment}")]
    ContractValuesAboveInvestment {
        /// The sum of the contract values.
        sum: Decimal,
        /// The investment.
        investment: Decimal,
    },
    /// Providers whose value shares together exceed 1: they would be paid more
    /// than the value of the saved days.
    #[error("the providers' value shares sum to {sum}, above 1")]
    ValueSharesAboveOne {
        /// The sum of the shares in use (stated or derived).
        sum: Decimal,
    },
    /// A contract with no `[[provider]]`.
    #[error("a contract needs at least one [[provider]]")]
    NoProvider,
    /// Two providers with the same name, compared without case and without
    /// spaces at either end (`Aino Health`, `aino health ` are one name).
    #[error("provider {} is named twice{}", quote(.name), if name == first {
        format!(" (first on line {first_line})")
    } else {
        format!(": {} on line {first_line} is the same name (names are compared without case and spaces at either end)", quote(first))
    })]
    DuplicateProvider {
        /// The name, as written the second time.
        name: String,
        /// The name as written the first time.
        first: String,
        /// The line it was first written on.
        first_line: usize,
    },
    /// A provider with the funder's name (compared as provider names are),
    /// or named like the funder the contract gets when it names none: the
    /// ledgers of the two could not be told apart.
    #[error("provider {} {}", quote(.name), if *default_funder {
        format!("has the name the funder gets when the contract does not name it ({}): name the funder with funder = \"…\"", quote(funder))
    } else {
        format!("has the funder's name {} (names are compared without case and spaces at either end): the two ledgers could not be told apart", quote(funder))
    })]
    ProviderNamedLikeFunder {
        /// The provider's name.
        name: String,
        /// The funder's name.
        funder: String,
        /// Whether the funder's name is the default, `"funder"`, because the
        /// contract gives none.
        default_funder: bool,
    },
    /// Text with a control character (a line break, a tab, an escape) or a
    /// Unicode bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E,
    /// U+200F, U+061C), which could break a line or show the text in another
    /// order than it is read.
    #[error("{} holds U+{:04X}, {}; write it without", quote(.value), u32::from(*character), if is_bidi_control(*character) {
        "a bidirectional control, which can show text in another order than it is read"
    } else {
        "a control character"
    })]
    UnsafeCharacter {
        /// The text found.
        value: String,
        /// The first character refused.
        character: char,
    },
    /// An input larger than the engine reads.
    #[error("the {what} is {bytes} bytes, above the limit of {limit} bytes")]
    TooLarge {
        /// What: `contract`, …
        what: &'static str,
        /// Its size.
        bytes: usize,
        /// The most the engine reads.
        limit: usize,
    },
    /// A CSV line longer than the engine reads.
    #[error("the line is {bytes} bytes long, above the limit of {limit} bytes")]
    LineTooLong {
        /// The line's length.
        bytes: usize,
        /// The longest line read.
        limit: usize,
    },
    /// A CSV field longer than the engine reads.
    #[error("the field is {bytes} bytes long, above the limit of {limit} bytes: {}", quote(.value))]
    FieldTooLong {
        /// The field's text.
        value: String,
        /// Its length.
        bytes: usize,
        /// The longest field read.
        limit: usize,
    },
    /// A name (of the contract, the funder or a provider) that is empty or
    /// only spaces.
    #[error("{} is not a name (it is empty)", quote(.value))]
    EmptyName {
        /// The text found.
        value: String,
    },
    /// A currency that is not a code of three capital letters.
    #[error("{} is not a currency code of three capital letters, such as \"SEK\"", quote(.value))]
    BadCurrency {
        /// The text found.
        value: String,
    },
    /// A source that is empty, only spaces, or more than one line.
    #[error("{} is not a source: one line of text, not empty, without control characters", quote(.value))]
    BadSource {
        /// The text found.
        value: String,
    },
    /// A month given twice in a series.
    #[error("month {month} appears twice (first on line {first_line})")]
    DuplicateMonth {
        /// The month.
        month: Month,
        /// The line it first appeared on.
        first_line: usize,
    },
    /// A month that a calculation needs and the series lacks.
    #[error("month {month} is missing; it is needed as {needed_as}")]
    MissingMonth {
        /// The month.
        month: Month,
        /// Why it is needed: `a month of the measured window`, …
        needed_as: String,
    },
    /// A month that a trend adjustment needs and the national index lacks.
    #[error("month {month} is missing from the national index; it is needed as {needed_as}")]
    MissingIndexMonth {
        /// The month.
        month: Month,
        /// Why it is needed.
        needed_as: String,
    },
    /// A month whose headcount is zero, so no per-employee figure exists.
    #[error("month {month} has headcount 0; days per employee cannot be computed")]
    ZeroHeadcount {
        /// The month.
        month: Month,
    },
    /// A stated average headcount of zero.
    #[error("the average headcount is 0; days per employee cannot be computed")]
    ZeroAverageHeadcount,
    /// A national index value that is zero or negative.
    #[error("month {month} has index {value}; the national index must be above zero")]
    NonPositiveIndex {
        /// The month.
        month: Month,
        /// The value found.
        value: Decimal,
    },
    /// The contract asks for trend adjustment and no national index was given.
    #[error("the contract sets trend = \"national-index\", so a national index file is needed")]
    IndexRequired,
    /// A national index was given to a contract that does not use one.
    #[error(
        "a national index was given, but the contract sets trend = \"none\"; set trend = \"national-index\" in [measurement] or leave the index out"
    )]
    IndexNotUsed,
    /// A figure outside the range of exact decimal arithmetic (about ±7.9·10²⁸).
    #[error("arithmetic overflow computing {figure}: the amounts are beyond exact decimal range")]
    Overflow {
        /// The figure being computed.
        figure: String,
    },
    /// A division whose divisor is zero. Inputs that would divide by zero
    /// have kinds of their own ([`ErrorKind::ZeroHeadcount`], …); this one is
    /// left for a divisor that is a product of amounts so small that it rounds
    /// to zero at [`FIGURE_DP`](crate::FIGURE_DP) places.
    #[error(
        "division by zero computing {figure}: its divisor is 0 at {} decimal places; an amount, day value or index this small cannot be computed with exactly, so write it in a larger unit",
        crate::FIGURE_DP
    )]
    DivisionByZero {
        /// The figure being computed.
        figure: String,
    },
    /// An outcome settled under a contract whose measured window is not the
    /// one the outcome was measured over: measured under another contract, or
    /// the same contract as of another month.
    #[error(
        "the outcome was measured over {measured}, but the contract measures {expected}: measure the outcome under the contract that settles it, as of the same month"
    )]
    WindowMismatch {
        /// The window the outcome was measured over.
        measured: MonthRange,
        /// The contract's measured window.
        expected: MonthRange,
    },
    /// A what-if step so small that the sensitivity table would have more
    /// rows than it may.
    #[error("step {step} gives more than {limit} rows up to {top} days per employee: choose a larger step")]
    TooManySteps {
        /// The step given.
        step: Decimal,
        /// The table's last row, 1.25 times the highest threshold.
        top: Decimal,
        /// The most rows a table may have.
        limit: u32,
    },
    /// What-if at a target reduction, with no target given and none in the
    /// contract.
    #[error(
        "no target reduction: the contract states no target_reduction under [measurement], so give one (0.12 for 12 %)"
    )]
    NoTarget,
    /// A `[schedule]` that is not `every = "month" | "quarter" | "year"` or
    /// `months = [...]`.
    #[error(
        "{} is not a schedule: write every = \"month\", \"quarter\" or \"year\", or months = [\"YYYY-MM\", ...]",
        quote(.value)
    )]
    BadSchedule {
        /// What was found.
        value: String,
    },
    /// A `[schedule]` with both `every` and `months`, or neither.
    #[error(
        "give either every = \"month\", \"quarter\" or \"year\", or months = [\"YYYY-MM\", ...]; not both, not neither"
    )]
    ScheduleEveryOrMonths,
    /// An unknown rule for negative true-ups.
    #[error("{} is not a rule for negative true-ups: write \"carry-forward\" or \"claw-back\"", quote(.value))]
    BadNegative {
        /// What was found.
        value: String,
    },
    /// A month of `[schedule] months` outside the term (as amended).
    #[error("settlement month {month} is outside the term {term}")]
    ScheduleOutsideTerm {
        /// The month.
        month: Month,
        /// The term.
        term: MonthRange,
    },
    /// An amendment agreed outside the term it amends.
    #[error("the amendment is agreed in {month}, outside the term {term}")]
    AmendmentOutsideTerm {
        /// The month agreed.
        month: Month,
        /// The term.
        term: MonthRange,
    },
    /// An amendment's `from`, the first month its new day value or share
    /// applies to, outside the term (as amended).
    #[error("the amendment applies from {month}, outside the term {term}")]
    AmendmentFromOutsideTerm {
        /// The month `from`.
        month: Month,
        /// The term.
        term: MonthRange,
    },
    /// An amendment's `measurement_end` outside the term: before its start,
    /// or after its end as amended by then.
    #[error("the amendment's measurement end {end} is outside the term {term}")]
    AmendmentMeasurementEndOutsideTerm {
        /// The measurement end given.
        end: Month,
        /// The term, as amended by the amendments agreed before.
        term: MonthRange,
    },
    /// An extension that does not extend.
    #[error("term_end {end} does not extend the term {term}")]
    TermNotExtended {
        /// The new end.
        end: Month,
        /// The term.
        term: MonthRange,
    },
    /// An amendment missing a field that goes with another.
    #[error("{needs}")]
    IncompleteAmendment {
        /// What is missing.
        needs: &'static str,
    },
    /// An amendment for a provider the contract does not have.
    #[error("there is no provider {} in the contract", quote(.name))]
    UnknownProvider {
        /// The name given.
        name: String,
    },
    /// An amendment that changes nothing.
    #[error("an amendment needs measurement_end, term_end, day_value or value_share")]
    EmptyAmendment,
    /// Two amendments agreed in the same month setting the same term.
    #[error("two amendments agreed in {agreed} set the same term; say in one which holds")]
    OverlappingAmendments {
        /// The month both were agreed.
        agreed: Month,
    },
    /// A statement asked for as of a month before the term.
    #[error("{month} is before the term {term}")]
    AsOfOutsideTerm {
        /// The month asked for.
        month: Month,
        /// The term.
        term: MonthRange,
    },
    /// A source given for a key that names no term.
    #[error("there is no term {} to give a source for (the terms are {terms})", quote(.key))]
    UnknownSourceKey {
        /// The key found.
        key: String,
        /// The keys the table takes.
        terms: String,
    },
    /// A term given two sources (a quoted dotted key and a nested one).
    #[error("{key} has two sources; give one")]
    SourceGivenTwice {
        /// The term's key.
        key: String,
    },
    /// A source for a term the contract does not set.
    #[error("the contract does not set {key}, so it cannot have a source")]
    SourceForUnsetTerm {
        /// The term's key.
        key: String,
    },
    /// A statement line asked for that the statement does not have.
    #[error("the statement has no line {}", quote(.id))]
    NoSuchLine {
        /// The line id asked for.
        id: String,
    },
}
