//! Contract terms: loaded from TOML (`docs/formats.md`, *Contract*) and validated
//! on load, so that a [`Contract`] value always holds terms that can be settled.
//!
//! This file holds the terms ([`Contract`], [`Provider`], [`Trend`]) and
//! what they say as agreed. The rest, in the order a contract goes through:
//!
//! * `parse.rs`: [`Contract::from_toml_str`], reading the TOML into the
//!   file's shape, each value kept with its place in the text;
//! * `fields.rs`: reading one value as its field's type, errors naming the
//!   field and its line;
//! * `validate.rs`: checking the terms part by part and building the
//!   [`Contract`]; `amendments.rs` for the `[[amendment]]` tables;
//! * `in_force.rs`: the terms in force in a month once amended, and the
//!   contract as seen from a month ([`Contract::as_of`]);
//! * `print.rs`: [`Contract::to_toml_string`], writing it back.

mod amendments;
mod fields;
mod in_force;
mod parse;
mod print;
#[cfg(test)]
mod tests;
mod validate;

use rust_decimal::Decimal;
use serde::Serialize;

pub(crate) use fields::Fields;
pub use parse::MAX_CONTRACT_BYTES;
pub(crate) use parse::{line_of, one_line};
pub(crate) use validate::derived_value_share;

use crate::schedule::{Amendment, Schedule};
use crate::sources::TermSource;
use crate::{Month, MonthRange};

/// How the measured outcome is adjusted for the national trend.
///
/// RISE's evaluation report of Botkyrka's contract (2021), *Primärt utfallsmått*: "Dessutom trendjusteras
/// utfallet (antal sjukfrånvarodagar per anställd) via förändringen i det nationella
/// sjukpenningtalet". `docs/method.md` §2.2 gives the formula, DESIGN.md the choice behind it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    /// No adjustment: `x_adj(m) = x(m)`. The default.
    #[default]
    None,
    /// `x_adj(m) = x(m) · index(ref(m)) / index(m)`, with Försäkringskassan's
    /// national sickness index (*sjukpenningtal*).
    NationalIndex,
}

impl Trend {
    /// The name used in contract files: `none` or `national-index`.
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::None => "none",
            Trend::NationalIndex => "national-index",
        }
    }
}

/// One outcome-paid provider (*utförare*) and its terms.
///
/// Botkyrka's single provider is Aino Health: see RISE's evaluation report (2021),
/// *Finansiella parametrar för projektets parter* (Aino Health) and
/// *Utfallsbaserad upphandling* (the 50 % outcome share, "maximal premie på 25 %").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Provider {
    name: String,
    contract_value: Decimal,
    outcome_share: Decimal,
    cap: Decimal,
    value_share: Option<Decimal>,
}

impl Provider {
    /// The provider's name, unique within the contract.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `C`, the provider's part of the investment over the whole term
    /// (*avtalsvärde*): at most the investment.
    pub fn contract_value(&self) -> Decimal {
        self.contract_value
    }

    /// `r`, the part of `C` paid on outcome (*risknivå*), 0 to 1.
    pub fn outcome_share(&self) -> Decimal {
        self.outcome_share
    }

    /// `k`, the cap multiple (*tak*): the outcome payment stops growing where the
    /// value of saved days reaches `k · I_w`. At least 1.
    pub fn cap(&self) -> Decimal {
        self.cap
    }

    /// `s` as stated in the contract, if it states one (`value_share`).
    pub fn stated_value_share(&self) -> Option<Decimal> {
        self.value_share
    }
}

/// Validated terms of an outcome contract.
///
/// Build one from the TOML of `docs/formats.md` with [`Contract::from_toml_str`];
/// every field is checked there, so a `Contract` can always be settled.
///
/// # Example
/// ```
/// use utfall_engine::Contract;
///
/// let contract = Contract::from_toml_str(r#"
///     name = "Arbetsmiljö och Hälsa i Fokus, Botkyrka"
///     currency = "SEK"
///     investment = "22870000"
///     day_value = "2080"
///     [term]
///     start = "2018-10"
///     end = "2021-09"
///     [reference]
///     start = "2017-08"
///     end = "2018-07"
///     [measurement]
///     end = "2020-02"
///     [[provider]]
///     name = "Aino Health"
///     contract_value = "8405100"
///     outcome_share = "0.5"
///     cap = "1.5"
/// "#)?;
/// assert_eq!(contract.term().len(), 36);
/// assert_eq!(contract.window().len(), 17);
/// assert_eq!(contract.providers()[0].name(), "Aino Health");
///
/// // A cap below 1 is refused, naming the field and its line:
/// let bad = Contract::from_toml_str(r#"
///     name = "x"
///     currency = "SEK"
///     investment = "100"
///     day_value = "1"
///     term = { start = "2020-01", end = "2020-12" }
///     reference = { start = "2019-01", end = "2019-12" }
///     [[provider]]
///     name = "p"
///     contract_value = "10"
///     outcome_share = "0.5"
///     cap = "0.9"
/// "#);
/// assert_eq!(
///     bad.unwrap_err().to_string(),
///     "line 12: field provider[0].cap: cap 0.9 is below 1",
/// );
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contract {
    name: String,
    funder: String,
    /// The funder's reference number for the contract (*diarienummer*).
    reference_number: Option<String>,
    currency: String,
    investment: Decimal,
    day_value: Decimal,
    /// The term with every amendment known at `as_of` applied.
    term: MonthRange,
    reference: MonthRange,
    /// The last measured month under the terms known at `as_of`.
    measurement_end: Month,
    trend: Trend,
    /// `[measurement] target_reduction`.
    target_reduction: Option<Decimal>,
    providers: Vec<Provider>,
    schedule: Option<Schedule>,
    amendments: Vec<Amendment>,
    /// The terms as first agreed: the term, and `[measurement] end` if given.
    agreed_term: MonthRange,
    agreed_measurement_end: Option<Month>,
    /// The month the contract is seen from: later amendments and later months
    /// of data are not known. `None`: everything is known.
    as_of: Option<Month>,
    /// Where the terms come from, in the order of [`CONTRACT_TERMS`], then
    /// each provider's, then each amendment's.
    sources: Vec<TermSource>,
}

impl Contract {
    /// The contract's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where the terms come from, as the file says (`[sources]`,
    /// `[provider.sources]`, an amendment's `source`): in the order of the
    /// contract's terms, then each provider's, then each amendment's. Empty
    /// when the file gives none.
    pub fn sources(&self) -> &[TermSource] {
        &self.sources
    }

    /// The source of the term `term` (`contract.investment`,
    /// `contract.provider[NAME].cap`, `contract.amendment[0]`), if the file
    /// gives one.
    pub fn source(&self, term: &str) -> Option<&str> {
        self.sources.iter().find(|s| s.term == term).map(|s| s.source.as_str())
    }

    /// The funder (*finansiär*), who pays the providers: `funder` in the file,
    /// `"funder"` if not given.
    pub fn funder(&self) -> &str {
        &self.funder
    }

    /// The funder's reference number for the contract (*diarienummer*, such
    /// as `KS/2018:0412`): `reference_number` in the file, if given.
    pub fn reference_number(&self) -> Option<&str> {
        self.reference_number.as_deref()
    }

    /// The target the contract states for the outcome, if any:
    /// `[measurement] target_reduction`, the reduction of net sick days per
    /// employee against the reference period, `1 − Σ x_adj(m) / Σ x(ref(m))`
    /// over the measured window (`docs/method.md` §2.6). `0.12` for 12 %
    /// fewer.
    pub fn target_reduction(&self) -> Option<Decimal> {
        self.target_reduction
    }

    /// The payment schedule, if the contract has one.
    pub fn schedule(&self) -> Option<&Schedule> {
        self.schedule.as_ref()
    }

    /// The dated amendments, by the month agreed.
    pub fn amendments(&self) -> &[Amendment] {
        &self.amendments
    }

    /// The months in which the outcome payment is settled: the schedule's,
    /// or only the end of the term without one. Always ends with the term's
    /// last month, the final settlement.
    pub fn settlement_months(&self) -> Vec<Month> {
        match &self.schedule {
            Some(schedule) => schedule.months(self.term),
            None => vec![self.term.end()],
        }
    }

    /// Currency code of every amount, such as `SEK`.
    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// `I`, the total project investment over the whole term (*total
    /// projektinvestering*). Above zero.
    pub fn investment(&self) -> Decimal {
        self.investment
    }

    /// `d`, the value of one saved net sick day (*schablonvärde sjukdag*). Above
    /// zero.
    pub fn day_value(&self) -> Decimal {
        self.day_value
    }

    /// The term (*projektperiod*), `N = term().len()` months.
    pub fn term(&self) -> MonthRange {
        self.term
    }

    /// The term as first agreed, before any extension: its `N` months fix the
    /// agreed monthly rate of the investment (`I / N`), of each contract value
    /// (`C / N`) and of each activity fee, which an extension continues
    /// (`docs/method.md` §4.2).
    ///
    /// # Example
    /// ```
    /// use utfall_engine::Contract;
    /// # let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// let text = format!("{base}\n[[amendment]]\nagreed = \"2021-06\"\nterm_end = \"2021-12\"\n");
    /// let contract = Contract::from_toml_str(&text)?;
    /// assert_eq!((contract.agreed_term().len(), contract.term().len()), (36, 39));
    /// assert!(contract.is_extended());
    /// assert!(!contract.as_of("2021-05".parse()?)?.is_extended());
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn agreed_term(&self) -> MonthRange {
        self.agreed_term
    }

    /// `[measurement] end` as the file gives it, before any amendment.
    pub(crate) fn agreed_measurement_end(&self) -> Option<Month> {
        self.agreed_measurement_end
    }

    /// Whether a known amendment extended the term beyond the term as first
    /// agreed.
    pub fn is_extended(&self) -> bool {
        self.term != self.agreed_term
    }

    /// The reference period (*referensperiod*): 12 consecutive months before or
    /// after the term, never overlapping it.
    pub fn reference(&self) -> MonthRange {
        self.reference
    }

    /// The measured window: from the start of the term to the measurement end
    /// (the term's end unless amended), `n = window().len()` months.
    pub fn window(&self) -> MonthRange {
        // measurement_end was checked to lie in the term on load; as_of is at
        // or after the term's start.
        let end = self.as_of.map_or(self.measurement_end, |m| m.min(self.measurement_end));
        MonthRange::new(self.term.start(), end).unwrap_or(self.term)
    }

    /// The last month of measurement under the terms as known (the term's end
    /// unless amended).
    pub fn measurement_end(&self) -> Month {
        self.measurement_end
    }

    /// Whether outcome measurement was stopped before the end of the term (an
    /// amendment, `docs/method.md` §3.1).
    pub fn is_amended(&self) -> bool {
        self.measurement_end != self.term.end()
    }

    /// The trend adjustment in use.
    pub fn trend(&self) -> Trend {
        self.trend
    }

    /// The providers, at least one, in the order of the file.
    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    /// The reference month with the same calendar month as `month`: `ref(m)` of
    /// `docs/method.md` §2.2. The reference period holds each calendar month once.
    pub fn reference_month(&self, month: Month) -> Month {
        self.reference
            .iter()
            .find(|r| r.month() == month.month())
            .unwrap_or(self.reference.start())
    }
}
