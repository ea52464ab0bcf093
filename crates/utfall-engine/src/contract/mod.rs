//! Contract terms: loaded from TOML (`docs/formats.md`, *Contract*) and validated
//! on load, so that a [`Contract`] value always holds terms that can be settled.

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use toml::{Spanned, Value};

use crate::arith::{self, parse_decimal};
use crate::error::unsafe_character;
use crate::schedule::{Amendment, Every, Negative, Schedule};
use crate::sources::{self, CONTRACT_TERMS, PROVIDER_TERMS, RawSources, TermSource};
use crate::{Error, ErrorKind, Month, MonthRange};

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
    currency: String,
    investment: Decimal,
    day_value: Decimal,
    /// The term with every amendment known at `as_of` applied.
    term: MonthRange,
    reference: MonthRange,
    /// The last measured month under the terms known at `as_of`.
    measurement_end: Month,
    trend: Trend,
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
    /// Loads and validates contract terms from TOML text.
    ///
    /// # Errors
    /// One error per problem kind, each naming the field (`provider[0].cap`) and
    /// its line: TOML syntax, unknown or missing keys ([`ErrorKind::Toml`]); an
    /// amount not quoted ([`ErrorKind::NotQuoted`]) or not decimal
    /// ([`ErrorKind::NotDecimal`]); a bad month ([`ErrorKind::BadMonth`]); an end
    /// before its start; a reference period that is not 12 months or overlaps
    /// the term; a measurement end outside the term; an outcome or value share
    /// outside 0–1; a cap below 1; a non-positive investment, day value or
    /// contract value; a contract value above the investment; contract values or
    /// value shares that sum above the investment or 1; no provider; a provider
    /// named twice, compared without case and spaces at either end
    /// ([`ErrorKind::DuplicateProvider`]), or named like the funder
    /// ([`ErrorKind::ProviderNamedLikeFunder`]); an unknown trend; an empty
    /// name or a currency that is not three capital letters; a control
    /// character or bidirectional control in a name, the currency or a source
    /// ([`ErrorKind::UnsafeCharacter`]); a text above [`MAX_CONTRACT_BYTES`]
    /// ([`ErrorKind::TooLarge`]).
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, ErrorKind};
    /// let err = Contract::from_toml_str("name = \"x\"\ncurrenzy = \"SEK\"\n").unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::Toml { .. }));
    /// assert!(err.to_string().starts_with("line 2: unknown field `currenzy`"));
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Self, Error> {
        if text.len() > MAX_CONTRACT_BYTES {
            return Err(Error::new(ErrorKind::TooLarge {
                what: "contract",
                bytes: text.len(),
                limit: MAX_CONTRACT_BYTES,
            }));
        }
        let raw: RawContract = toml::from_str(text).map_err(|e| {
            let error = Error::new(ErrorKind::Toml {
                message: one_line(e.message()),
            });
            // A missing key has the whole table as its span: no line to name.
            match e.span() {
                Some(span) if !e.message().starts_with("missing field") => error.at_line(line_of(text, span.start)),
                _ => error,
            }
        })?;
        raw.validate(text)
    }

    /// The contract as TOML in the form [`Contract::from_toml_str`] reads:
    /// loading the result gives back an equal contract.
    ///
    /// # Errors
    /// Never for a validated contract; the TOML writer's error is passed on as
    /// [`ErrorKind::Toml`].
    ///
    /// # Example
    /// ```
    /// use utfall_engine::Contract;
    /// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    ///     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// let contract = Contract::from_toml_str(&text)?;
    /// let again = Contract::from_toml_str(&contract.to_toml_string()?)?;
    /// assert_eq!(again, contract);
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn to_toml_string(&self) -> Result<String, Error> {
        // Each provider's sources, by its name: `contract.provider[NAME].KEY`,
        // where KEY (a provider term) holds no `].`.
        let mut provider_sources: HashMap<&str, BTreeMap<String, String>> = HashMap::new();
        for s in &self.sources {
            if let Some((name, key)) = s
                .term
                .strip_prefix("contract.provider[")
                .and_then(|rest| rest.rsplit_once("]."))
            {
                provider_sources
                    .entry(name)
                    .or_default()
                    .insert(key.to_owned(), s.source.clone());
            }
        }
        let out = OutContract {
            name: &self.name,
            // A funder named "funder" is written when the file gives it a source.
            funder: (self.funder != DEFAULT_FUNDER || self.source("contract.funder").is_some())
                .then_some(self.funder.as_str()),
            currency: &self.currency,
            investment: self.investment.to_string(),
            day_value: self.day_value.to_string(),
            term: OutRange::from(self.agreed_term),
            reference: OutRange::from(self.reference),
            measurement: OutMeasurement {
                end: self.agreed_measurement_end.map(|m| m.to_string()),
                trend: self.trend.as_str(),
            },
            sources: self
                .sources
                .iter()
                .filter_map(|s| {
                    let key = s.term.strip_prefix("contract.")?;
                    (!key.starts_with("provider[") && !key.starts_with("amendment["))
                        .then(|| (key.to_owned(), s.source.clone()))
                })
                .collect(),
            schedule: self.schedule.as_ref().map(|s| OutSchedule {
                every: match &s.every {
                    Every::Month => Some("month"),
                    Every::Quarter => Some("quarter"),
                    Every::Year => Some("year"),
                    Every::Months(_) => None,
                },
                months: match &s.every {
                    Every::Months(months) => Some(months.iter().map(ToString::to_string).collect()),
                    _ => None,
                },
                negative: s.negative.as_str(),
            }),
            // In the file's order, so that each amendment keeps its position
            // (`amendment[I]`, the key its source is cited by) when read back.
            amendment: {
                let mut in_file_order: Vec<&Amendment> = self.amendments.iter().collect();
                in_file_order.sort_by_key(|a| a.index);
                in_file_order
            }
            .into_iter()
            .map(|a| OutAmendment {
                agreed: a.agreed.to_string(),
                measurement_end: a.measurement_end.map(|m| m.to_string()),
                term_end: a.term_end.map(|m| m.to_string()),
                from: a.from.map(|m| m.to_string()),
                day_value: a.day_value.map(|d| d.to_string()),
                provider: a.value_share.as_ref().map(|(p, _)| p.clone()),
                value_share: a.value_share.as_ref().map(|(_, s)| s.to_string()),
                source: a.source.clone(),
            })
            .collect(),
            provider: self
                .providers
                .iter()
                .map(|p| OutProvider {
                    name: &p.name,
                    contract_value: p.contract_value.to_string(),
                    outcome_share: p.outcome_share.to_string(),
                    cap: p.cap.to_string(),
                    value_share: p.value_share.map(|s| s.to_string()),
                    sources: provider_sources.remove(p.name.as_str()).unwrap_or_default(),
                })
                .collect(),
        };
        toml::to_string(&out).map_err(|e| Error::new(ErrorKind::Toml { message: e.to_string() }))
    }

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

    /// The terms that fix the term and the measured window as known: the
    /// term, the measurement end, and the amendments that moved either.
    pub(crate) fn window_terms(&self) -> Vec<String> {
        let mut terms = vec!["contract.term".to_owned(), "contract.measurement.end".to_owned()];
        terms.extend(
            self.known_amendments()
                .filter(|a| a.measurement_end.is_some() || a.term_end.is_some())
                .map(Amendment::term_key),
        );
        terms
    }

    /// The terms that fix the term as known: the term and the amendments
    /// that extended it.
    pub(crate) fn term_terms(&self) -> Vec<String> {
        let mut terms = vec!["contract.term".to_owned()];
        terms.extend(
            self.known_amendments()
                .filter(|a| a.term_end.is_some())
                .map(Amendment::term_key),
        );
        terms
    }

    /// The term that sets `d(m)`: the day value, or the amendment in force.
    pub(crate) fn day_value_term_at(&self, month: Month) -> String {
        self.in_force(month, |a| a.day_value.is_some())
            .map_or_else(|| "contract.day_value".to_owned(), Amendment::term_key)
    }

    /// The amendments that set provider `index`'s share for a month of the
    /// window.
    pub(crate) fn share_terms(&self, index: usize) -> Vec<String> {
        let Some(provider) = self.providers.get(index) else {
            return Vec::new();
        };
        let mut terms: Vec<String> = self
            .window()
            .iter()
            .filter_map(|m| self.in_force(m, |a| a.value_share.as_ref().is_some_and(|(p, _)| *p == provider.name)))
            .map(Amendment::term_key)
            .collect();
        terms.dedup();
        terms
    }

    /// The amendment `applies` picks that is in force in `month`: the one
    /// from the latest month, and of those the latest agreed (as
    /// [`Contract::day_value_at`] decides).
    fn in_force(&self, month: Month, applies: impl Fn(&Amendment) -> bool) -> Option<&Amendment> {
        crate::work::count(self.amendments.len());
        self.known_amendments()
            .filter(|a| applies(a) && a.from.is_some_and(|from| from <= month))
            .max_by_key(|a| (a.from, a.agreed))
    }

    /// The funder (*finansiär*), who pays the providers: `funder` in the file,
    /// `"funder"` if not given.
    pub fn funder(&self) -> &str {
        &self.funder
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

    /// The amendments known: all of them, or those agreed by the month the
    /// contract is seen from.
    fn known_amendments(&self) -> impl Iterator<Item = &Amendment> {
        self.amendments
            .iter()
            .filter(|a| self.as_of.is_none_or(|m| a.agreed <= m))
    }

    /// `d(m)`: the value of a saved day in `month`, after the amendments known.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::Contract;
    /// # let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// let text = format!("{base}\n[[amendment]]\nagreed = \"2019-06\"\nfrom = \"2019-07\"\nday_value = \"2200\"\n");
    /// let contract = Contract::from_toml_str(&text)?;
    /// assert_eq!(contract.day_value_at("2019-06".parse()?).to_string(), "2080");
    /// assert_eq!(contract.day_value_at("2019-07".parse()?).to_string(), "2200");
    /// // Seen from before it was agreed, the amendment is not known.
    /// assert_eq!(contract.as_of("2019-05".parse()?)?.day_value_at("2019-07".parse()?).to_string(), "2080");
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn day_value_at(&self, month: Month) -> Decimal {
        self.in_force(month, |a| a.day_value.is_some())
            .and_then(|a| a.day_value)
            .unwrap_or(self.day_value)
    }

    /// The share of each saved krona stated for provider `index` in `month`,
    /// after the amendments known; `None` when the terms imply it (`r·C/I`).
    pub fn value_share_at(&self, index: usize, month: Month) -> Option<Decimal> {
        let provider = self.providers.get(index)?;
        self.in_force(month, |a| {
            a.value_share.as_ref().is_some_and(|(p, _)| *p == provider.name)
        })
        .and_then(|a| a.value_share.as_ref().map(|(_, s)| *s))
        .or(provider.value_share)
    }

    /// Whether a known amendment changes a provider's share within the window.
    pub(crate) fn share_amended(&self, index: usize) -> bool {
        let window = self.window();
        let Some(provider) = self.providers.get(index) else {
            return false;
        };
        self.known_amendments().any(|a| {
            a.from.is_some_and(|m| m <= window.end())
                && a.value_share.as_ref().is_some_and(|(name, _)| *name == provider.name)
        })
    }

    /// The month the contract is seen from, if it is seen from one
    /// ([`Contract::as_of`]).
    pub fn seen_as_of(&self) -> Option<Month> {
        self.as_of
    }

    /// The contract as it stood at the end of `month`: the amendments agreed by
    /// then applied, and the outcome measured no further than `month`.
    /// Settling it gives the statement that was true then.
    ///
    /// # Errors
    /// [`ErrorKind::AsOfOutsideTerm`] when `month` is before the term starts.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::Contract;
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/illustrative/contract-quarterly.toml")).unwrap();
    /// let contract = Contract::from_toml_str(&text)?;
    /// // Measurement stopped after 2020-02 by an amendment agreed in 2020-03.
    /// assert_eq!(contract.window().len(), 17);
    /// assert_eq!(contract.as_of("2019-06".parse()?)?.window().len(), 9);
    /// assert!(!contract.as_of("2020-02".parse()?)?.is_amended());
    /// assert!(contract.as_of("2020-03".parse()?)?.is_amended());
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn as_of(&self, month: Month) -> Result<Contract, Error> {
        if month < self.agreed_term.start() {
            return Err(Error::new(ErrorKind::AsOfOutsideTerm {
                month,
                term: self.agreed_term,
            }));
        }
        let (term, measurement_end) = apply_amendments(
            self.agreed_term,
            self.agreed_measurement_end,
            &self.amendments,
            Some(month),
        )?;
        Ok(Contract {
            term,
            measurement_end,
            as_of: Some(month),
            ..self.clone()
        })
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

    /// The same terms measured over the whole term, as agreed before any
    /// amendment (`docs/method.md` §3.1): what the parties could expect when they signed.
    ///
    /// # Example
    /// ```
    /// # use utfall_engine::Contract;
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// let botkyrka = Contract::from_toml_str(&text)?;
    /// assert_eq!(botkyrka.window().len(), 17);
    /// assert_eq!(botkyrka.unamended().window().len(), 36);
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    #[must_use]
    pub fn unamended(&self) -> Contract {
        Contract {
            term: self.agreed_term,
            measurement_end: self.agreed_term.end(),
            amendments: Vec::new(),
            agreed_measurement_end: None,
            as_of: None,
            ..self.clone()
        }
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

// --- reading ---------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a contract table")]
struct RawContract {
    name: Spanned<Value>,
    funder: Option<Spanned<Value>>,
    currency: Spanned<Value>,
    investment: Spanned<Value>,
    day_value: Spanned<Value>,
    term: Spanned<RawRange>,
    reference: Spanned<RawRange>,
    measurement: Option<RawMeasurement>,
    provider: Option<Spanned<Vec<Spanned<RawProvider>>>>,
    schedule: Option<Spanned<RawSchedule>>,
    amendment: Option<Vec<Spanned<RawAmendment>>>,
    sources: Option<RawSources>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a [schedule] table")]
struct RawSchedule {
    every: Option<Spanned<Value>>,
    months: Option<Spanned<Vec<Spanned<Value>>>>,
    negative: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "an [[amendment]] table")]
struct RawAmendment {
    agreed: Spanned<Value>,
    measurement_end: Option<Spanned<Value>>,
    term_end: Option<Spanned<Value>>,
    from: Option<Spanned<Value>>,
    day_value: Option<Spanned<Value>>,
    provider: Option<Spanned<Value>>,
    value_share: Option<Spanned<Value>>,
    source: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table with start and end months")]
struct RawRange {
    start: Spanned<Value>,
    end: Spanned<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a [measurement] table")]
struct RawMeasurement {
    end: Option<Spanned<Value>>,
    trend: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a [[provider]] table")]
struct RawProvider {
    name: Spanned<Value>,
    contract_value: Spanned<Value>,
    outcome_share: Spanned<Value>,
    cap: Spanned<Value>,
    value_share: Option<Spanned<Value>>,
    sources: Option<RawSources>,
}

/// Reads fields of one TOML text, attaching field names and lines to errors.
pub(crate) struct Fields<'a> {
    text: &'a str,
    lines: Lines,
}

/// Where each line of a text starts, found in one pass, so that the line of
/// an offset is a binary search rather than a scan from the start (which made
/// loading quadratic in the size of the file).
pub(crate) struct Lines {
    /// The offset of every `\n`, in order.
    ends: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Self {
        crate::work::count(text.len());
        Self {
            ends: text
                .bytes()
                .enumerate()
                .filter_map(|(at, b)| (b == b'\n').then_some(at))
                .collect(),
        }
    }

    /// The line (from 1) of byte `offset`: one more than the line ends before it.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.ends.partition_point(|&end| end < offset) + 1
    }
}

impl<'a> Fields<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            lines: Lines::new(text),
        }
    }

    /// Gives an error the line of `value` and the field `field` (unless it
    /// names a more precise one). The line is found only when there is an
    /// error: reading a field that is fine costs nothing.
    pub(crate) fn here<T>(&self, value: &Spanned<T>, field: &str) -> impl Fn(Error) -> Error + '_ {
        let start = value.span().start;
        let field = field.to_owned();
        move |e: Error| e.at_line(self.lines.line(start)).or_field(field.clone())
    }

    /// The line (from 1) where `value` starts.
    fn line<T>(&self, value: &Spanned<T>) -> usize {
        self.lines.line(value.span().start)
    }

    /// A string that is shown as it is (a name, a code): without control
    /// characters or bidirectional controls, which could break the line it
    /// is shown on or show it in another order than it is read.
    fn safe_string(&self, value: &Spanned<Value>, field: &str) -> Result<String, Error> {
        let text = self.string(value, field)?;
        match unsafe_character(&text) {
            None => Ok(text),
            Some(character) => Err(self.here(value, field)(Error::new(ErrorKind::UnsafeCharacter {
                value: text,
                character,
            }))),
        }
    }

    /// A name: a safe string, not empty or only spaces.
    fn name(&self, value: &Spanned<Value>, field: &str) -> Result<String, Error> {
        let name = self.safe_string(value, field)?;
        if name.trim().is_empty() {
            return Err(self.here(value, field)(Error::new(ErrorKind::BadText {
                value: name,
                expected: "a name (it is empty)",
            })));
        }
        Ok(name)
    }

    fn string(&self, value: &Spanned<Value>, field: &str) -> Result<String, Error> {
        match value.get_ref() {
            Value::String(s) => Ok(s.clone()),
            other => Err(Error::new(ErrorKind::WrongType {
                expected: "a quoted string",
                found: other.type_str(),
                value: other.to_string(),
            })),
        }
        .map_err(self.here(value, field))
    }

    fn amount(&self, value: &Spanned<Value>, field: &str) -> Result<Decimal, Error> {
        match value.get_ref() {
            Value::String(s) => parse_decimal(s),
            // Quote the number as written (`1e3`, `22_870_000`), not as TOML reads it,
            // and suggest a decimal string that loads.
            other @ (Value::Integer(_) | Value::Float(_)) => {
                let written = self.text.get(value.span()).unwrap_or_default().to_owned();
                // The float's shortest round-trip text never has an exponent.
                let suggestion = [
                    written.clone(),
                    other.as_float().map_or_else(|| other.to_string(), |x| x.to_string()),
                ]
                .into_iter()
                .find(|text| parse_decimal(text).is_ok());
                Err(Error::new(ErrorKind::NotQuoted {
                    found: other.type_str(),
                    value: written,
                    suggestion,
                }))
            }
            other => Err(Error::new(ErrorKind::WrongType {
                expected: "a quoted decimal string",
                found: other.type_str(),
                value: other.to_string(),
            })),
        }
        .map_err(self.here(value, field))
    }

    fn month(&self, value: &Spanned<Value>, field: &str) -> Result<Month, Error> {
        let text = self.string(value, field)?;
        text.parse().map_err(self.here(value, field))
    }

    fn range(&self, value: &Spanned<RawRange>, field: &str) -> Result<MonthRange, Error> {
        let raw = value.get_ref();
        let start = self.month(&raw.start, &format!("{field}.start"))?;
        let end = self.month(&raw.end, &format!("{field}.end"))?;
        MonthRange::new(start, end).map_err(self.here(&raw.end, &format!("{field}.end")))
    }

    /// A check on a value already read: `Err(kind)` gets the value's line and field.
    fn check<T>(&self, value: &Spanned<T>, field: &str, failure: Option<ErrorKind>) -> Result<(), Error> {
        match failure {
            None => Ok(()),
            Some(kind) => Err(self.here(value, field)(Error::new(kind))),
        }
    }
}

fn positive(value: Decimal) -> Option<ErrorKind> {
    (value <= Decimal::ZERO).then_some(ErrorKind::NotPositive { value })
}

fn share(value: Decimal) -> Option<ErrorKind> {
    (value < Decimal::ZERO || value > Decimal::ONE).then_some(ErrorKind::ShareOutOfRange { value })
}

impl RawContract {
    fn validate(self, text: &str) -> Result<Contract, Error> {
        let f = Fields::new(text);

        let name = f.name(&self.name, "name")?;
        let funder = match &self.funder {
            Some(value) => f.name(value, "funder")?,
            None => DEFAULT_FUNDER.to_owned(),
        };
        let currency = f.safe_string(&self.currency, "currency")?;
        let is_code = currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase());
        f.check(
            &self.currency,
            "currency",
            (!is_code).then(|| ErrorKind::BadText {
                value: currency.clone(),
                expected: "a currency code of three capital letters, such as \"SEK\"",
            }),
        )?;

        let investment = f.amount(&self.investment, "investment")?;
        f.check(&self.investment, "investment", positive(investment))?;
        let day_value = f.amount(&self.day_value, "day_value")?;
        f.check(&self.day_value, "day_value", positive(day_value))?;

        let term = f.range(&self.term, "term")?;
        let reference = f.range(&self.reference, "reference")?;
        // The comparison is month by month (`docs/method.md` §2.2): one reference
        // month for each calendar month, hence exactly 12 consecutive months.
        f.check(
            &self.reference,
            "reference",
            (reference.len() != 12).then_some(ErrorKind::ReferenceNotTwelveMonths {
                range: reference,
                months: reference.len(),
            }),
        )?;
        f.check(
            &self.reference,
            "reference",
            reference
                .overlaps(term)
                .then_some(ErrorKind::ReferenceOverlapsTerm { reference, term }),
        )?;

        let (mut agreed_measurement_end, mut trend) = (None, Trend::None);
        if let Some(measurement) = &self.measurement {
            if let Some(end) = &measurement.end {
                let measurement_end = f.month(end, "measurement.end")?;
                agreed_measurement_end = Some(measurement_end);
                f.check(
                    end,
                    "measurement.end",
                    (!term.contains(measurement_end)).then_some(ErrorKind::MeasurementEndOutsideTerm {
                        end: measurement_end,
                        term,
                    }),
                )?;
            }
            if let Some(value) = &measurement.trend {
                let name = f.string(value, "measurement.trend")?;
                trend = match name.as_str() {
                    "none" => Trend::None,
                    "national-index" => Trend::NationalIndex,
                    _ => {
                        return Err(f.here(value, "measurement.trend")(Error::new(
                            ErrorKind::UnknownTrend { value: name },
                        )));
                    }
                };
            }
        }

        let Some(raw_providers) = &self.provider else {
            return Err(Error::new(ErrorKind::NoProvider));
        };
        f.check(
            raw_providers,
            "provider",
            raw_providers.get_ref().is_empty().then_some(ErrorKind::NoProvider),
        )?;
        let mut providers = Vec::new();
        // Names as compared (folded) to the name as first written and its line:
        // `Aino Health` and `aino health ` are one name, and a provider may not
        // have the funder's, whose ledger it would share.
        let mut names: HashMap<String, (String, usize)> = HashMap::new();
        let funder_folded = folded(&funder);
        for (i, spanned) in raw_providers.get_ref().iter().enumerate() {
            let p = spanned.get_ref();
            let field = |key: &str| format!("provider[{i}].{key}");
            let name = f.name(&p.name, &field("name"))?;
            let key = folded(&name);
            f.check(
                &p.name,
                &field("name"),
                (key == funder_folded).then(|| ErrorKind::ProviderNamedLikeFunder {
                    name: name.clone(),
                    funder: funder.clone(),
                    default_funder: self.funder.is_none(),
                }),
            )?;
            match names.entry(key) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    let (first, first_line) = first.get().clone();
                    return Err(f.here(&p.name, &field("name"))(Error::new(
                        ErrorKind::DuplicateProvider {
                            name,
                            first,
                            first_line,
                        },
                    )));
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert((name.clone(), f.line(&p.name)));
                }
            }
            let contract_value = f.amount(&p.contract_value, &field("contract_value"))?;
            f.check(&p.contract_value, &field("contract_value"), positive(contract_value))?;
            f.check(
                &p.contract_value,
                &field("contract_value"),
                (contract_value > investment).then_some(ErrorKind::ContractValueAboveInvestment {
                    value: contract_value,
                    investment,
                }),
            )?;
            let outcome_share = f.amount(&p.outcome_share, &field("outcome_share"))?;
            f.check(&p.outcome_share, &field("outcome_share"), share(outcome_share))?;
            let cap = f.amount(&p.cap, &field("cap"))?;
            f.check(
                &p.cap,
                &field("cap"),
                (cap < Decimal::ONE).then_some(ErrorKind::CapBelowOne { value: cap }),
            )?;
            let value_share = match &p.value_share {
                Some(v) => {
                    let s = f.amount(v, &field("value_share"))?;
                    f.check(v, &field("value_share"), share(s))?;
                    Some(s)
                }
                None => None,
            };
            providers.push(Provider {
                name,
                contract_value,
                outcome_share,
                cap,
                value_share,
            });
        }

        let sum = arith::sum(providers.iter().map(|p| p.contract_value), "the sum of contract values")
            .map_err(f.here(raw_providers, "provider"))?;
        f.check(
            raw_providers,
            "provider",
            (sum > investment).then_some(ErrorKind::ContractValuesAboveInvestment { sum, investment }),
        )?;
        // With derived shares the sum is at most 1 by the check above; stated ones
        // could promise the providers more than the whole value.
        let shares = providers
            .iter()
            .map(|p| match p.value_share {
                Some(s) => Ok(s),
                None => derived_value_share(p, investment),
            })
            .collect::<Result<Vec<_>, _>>()
            .and_then(|v| arith::sum(v, "the sum of value shares"))
            .map_err(f.here(raw_providers, "provider"))?;
        f.check(
            raw_providers,
            "provider",
            (shares > Decimal::ONE).then_some(ErrorKind::ValueSharesAboveOne { sum: shares }),
        )?;

        let schedule = match &self.schedule {
            Some(raw) => Some(read_schedule(&f, raw)?),
            None => None,
        };
        let by_name: HashMap<&str, usize> = providers
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.as_str(), i))
            .collect();
        let mut amendments = Vec::new();
        for (i, raw) in self.amendment.iter().flatten().enumerate() {
            amendments.push(read_amendment(&f, raw, i, term, &by_name)?);
        }
        amendments.sort_by_key(|a| a.agreed);
        // Two amendments agreed in the same month that set the same term
        // would leave it open which holds. Each term an amendment sets is a
        // key; a key seen twice is a clash, whatever lies between the two.
        let mut set = HashSet::new();
        for a in &amendments {
            let share_key = a.value_share.as_ref().map(|(p, _)| p.as_str());
            let keys = [
                a.measurement_end.map(|_| (0, None, None)),
                a.term_end.map(|_| (1, None, None)),
                a.day_value.map(|_| (2, a.from, None)),
                share_key.map(|p| (3, a.from, Some(p))),
            ];
            for key in keys.into_iter().flatten() {
                if !set.insert((a.agreed, key)) {
                    return Err(Error::new(ErrorKind::OverlappingAmendments { agreed: a.agreed }).at_field("amendment"));
                }
            }
        }
        let (effective_term, measurement_end) = apply_amendments(term, agreed_measurement_end, &amendments, None)?;
        if let Some(from) = amendments
            .iter()
            .filter_map(|a| a.from)
            .find(|m| !effective_term.contains(*m))
        {
            return Err(Error::new(ErrorKind::ScheduleOutsideTerm {
                month: from,
                term: effective_term,
            })
            .at_field("amendment.from"));
        }
        if let Some(Schedule {
            every: Every::Months(months),
            ..
        }) = &schedule
            && let Some(outside) = months.iter().find(|m| !effective_term.contains(**m))
        {
            return Err(Error::new(ErrorKind::ScheduleOutsideTerm {
                month: *outside,
                term: effective_term,
            })
            .at_field("schedule.months"));
        }

        // The months amended shares start from, with each amendment's
        // provider (by position) and share.
        let mut changes: BTreeMap<Month, Vec<(Month, usize, Decimal)>> = BTreeMap::new();
        for a in &amendments {
            if let (Some(from), Some((name, share))) = (a.from, &a.value_share)
                && let Some(&index) = by_name.get(name.as_str())
            {
                changes.entry(from).or_default().push((a.agreed, index, *share));
            }
        }
        let sources = self.sources(&f, &providers, &amendments, agreed_measurement_end.is_some())?;
        let contract = Contract {
            name,
            funder,
            currency,
            investment,
            day_value,
            term: effective_term,
            reference,
            measurement_end,
            trend,
            providers,
            schedule,
            amendments,
            agreed_term: term,
            agreed_measurement_end,
            as_of: None,
            sources,
        };
        // Shares amended from a month on must not promise more than the value
        // in any month either. The shares change only in the months amended
        // shares start from: walk those in order, each provider's share the
        // one in force (the latest from, then the latest agreed).
        if !changes.is_empty() {
            let mut in_force: Vec<(Option<(Month, Month)>, Decimal)> = contract
                .providers
                .iter()
                .map(|p| {
                    Ok((
                        None,
                        p.value_share
                            .map_or_else(|| derived_value_share(p, contract.investment), Ok)?,
                    ))
                })
                .collect::<Result<_, Error>>()?;
            for (&from, group) in &changes {
                for &(agreed, index, share) in group {
                    if let Some(slot) = in_force.get_mut(index)
                        && slot.0.is_none_or(|before| before <= (from, agreed))
                    {
                        *slot = (Some((from, agreed)), share);
                    }
                }
                crate::work::count(in_force.len());
                let shares = arith::sum(in_force.iter().map(|(_, s)| *s), "the sum of value shares")?;
                if shares > Decimal::ONE {
                    return Err(Error::new(ErrorKind::ValueSharesAboveOne { sum: shares }).at_field("amendment"));
                }
            }
        }
        Ok(contract)
    }
}

impl RawContract {
    /// The sources the file gives: `[sources]`, each provider's
    /// `[provider.sources]`, each amendment's `source`, in that order.
    fn sources(
        &self,
        f: &Fields<'_>,
        providers: &[Provider],
        amendments: &[Amendment],
        measurement_end_set: bool,
    ) -> Result<Vec<TermSource>, Error> {
        let mut out = match &self.sources {
            Some(raw) => sources::read_table(
                f,
                raw,
                "sources",
                &CONTRACT_TERMS,
                |term| match term {
                    "funder" => self.funder.is_some(),
                    "measurement.end" => measurement_end_set,
                    "measurement.trend" => self.measurement.as_ref().is_some_and(|m| m.trend.is_some()),
                    "schedule" => self.schedule.is_some(),
                    _ => true,
                },
                |term| format!("contract.{term}"),
            )?,
            None => Vec::new(),
        };
        let raw_providers = self
            .provider
            .as_ref()
            .map(|p| p.get_ref().as_slice())
            .unwrap_or_default();
        for (i, (raw, provider)) in raw_providers.iter().zip(providers).enumerate() {
            if let Some(table) = &raw.get_ref().sources {
                out.extend(sources::read_table(
                    f,
                    table,
                    &format!("provider[{i}].sources"),
                    &PROVIDER_TERMS,
                    |term| term != "value_share" || provider.value_share.is_some(),
                    |term| format!("contract.provider[{}].{term}", provider.name),
                )?);
            }
        }
        let mut in_file_order: Vec<&Amendment> = amendments.iter().collect();
        in_file_order.sort_by_key(|a| a.index);
        out.extend(in_file_order.into_iter().filter_map(|a| {
            a.source.as_ref().map(|source| TermSource {
                term: a.term_key(),
                source: source.clone(),
            })
        }));
        Ok(out)
    }
}

/// The name of the funder when the file gives none.
const DEFAULT_FUNDER: &str = "funder";

/// A name as names are compared: without spaces at either end and without
/// case (upper- then lowercased, so that `STRASSE` and `straße` are one name).
fn folded(name: &str) -> String {
    name.trim().to_uppercase().to_lowercase()
}

fn read_schedule(f: &Fields<'_>, raw: &Spanned<RawSchedule>) -> Result<Schedule, Error> {
    let r = raw.get_ref();
    let every = match (&r.every, &r.months) {
        (Some(every), None) => match f.string(every, "schedule.every")?.as_str() {
            "month" => Every::Month,
            "quarter" => Every::Quarter,
            "year" => Every::Year,
            other => {
                return Err(f.here(every, "schedule.every")(Error::new(ErrorKind::BadSchedule {
                    value: other.to_owned(),
                })));
            }
        },
        (None, Some(months)) => {
            let mut list = Vec::new();
            for (i, m) in months.get_ref().iter().enumerate() {
                list.push(f.month(m, &format!("schedule.months[{i}]"))?);
            }
            Every::Months(list)
        }
        _ => return Err(f.here(raw, "schedule")(Error::new(ErrorKind::ScheduleEveryOrMonths))),
    };
    let negative = match &r.negative {
        None => Negative::CarryForward,
        Some(value) => match f.string(value, "schedule.negative")?.as_str() {
            "carry-forward" => Negative::CarryForward,
            "claw-back" => Negative::ClawBack,
            other => {
                return Err(f.here(value, "schedule.negative")(Error::new(ErrorKind::BadNegative {
                    value: other.to_owned(),
                })));
            }
        },
    };
    Ok(Schedule { every, negative })
}

fn read_amendment(
    f: &Fields<'_>,
    raw: &Spanned<RawAmendment>,
    i: usize,
    term: MonthRange,
    providers: &HashMap<&str, usize>,
) -> Result<Amendment, Error> {
    let r = raw.get_ref();
    let field = |key: &str| format!("amendment[{i}].{key}");
    let agreed = f.month(&r.agreed, &field("agreed"))?;
    let measurement_end = match &r.measurement_end {
        Some(m) => {
            let end = f.month(m, &field("measurement_end"))?;
            // Past the term's end it may still fall in an extension, which is
            // checked when the amendments are applied; before its start never.
            f.check(
                m,
                &field("measurement_end"),
                (end < term.start()).then_some(ErrorKind::MeasurementEndOutsideTerm { end, term }),
            )?;
            Some(end)
        }
        None => None,
    };
    let term_end = match &r.term_end {
        Some(m) => {
            let end = f.month(m, &field("term_end"))?;
            f.check(
                m,
                &field("term_end"),
                (end <= term.end()).then_some(ErrorKind::TermNotExtended { end, term }),
            )?;
            Some(end)
        }
        None => None,
    };
    let from = match &r.from {
        Some(m) => Some(f.month(m, &field("from"))?),
        None => None,
    };
    let day_value = match &r.day_value {
        Some(v) => {
            let d = f.amount(v, &field("day_value"))?;
            f.check(v, &field("day_value"), positive(d))?;
            Some(d)
        }
        None => None,
    };
    let value_share = match (&r.provider, &r.value_share) {
        (Some(p), Some(v)) => {
            let name = f.safe_string(p, &field("provider"))?;
            f.check(
                p,
                &field("provider"),
                (!providers.contains_key(name.as_str())).then(|| ErrorKind::UnknownProvider { name: name.clone() }),
            )?;
            let share_value = f.amount(v, &field("value_share"))?;
            f.check(v, &field("value_share"), share(share_value))?;
            Some((name, share_value))
        }
        (None, None) => None,
        (Some(p), None) => {
            return Err(f.here(p, &field("provider"))(Error::new(
                ErrorKind::IncompleteAmendment {
                    needs: "a provider amendment needs value_share",
                },
            )));
        }
        (None, Some(v)) => {
            return Err(f.here(v, &field("value_share"))(Error::new(
                ErrorKind::IncompleteAmendment {
                    needs: "value_share needs the provider it is for: provider = \"NAME\"",
                },
            )));
        }
    };
    let changes_value = day_value.is_some() || value_share.is_some();
    match (&r.from, changes_value) {
        (None, true) => {
            return Err(f.here(raw, &format!("amendment[{i}]"))(Error::new(
                ErrorKind::IncompleteAmendment {
                    needs: "a new day_value or value_share needs from = \"YYYY-MM\", the first month it applies to",
                },
            )));
        }
        (Some(m), false) => {
            return Err(f.here(m, &field("from"))(Error::new(ErrorKind::IncompleteAmendment {
                needs: "from goes with a new day_value or value_share",
            })));
        }
        _ => {}
    }
    if measurement_end.is_none() && term_end.is_none() && !changes_value {
        return Err(f.here(raw, &format!("amendment[{i}]"))(Error::new(
            ErrorKind::EmptyAmendment,
        )));
    }
    // An amendment is agreed during the term it amends (an extension may be
    // agreed up to the end of the term it extends).
    f.check(
        &r.agreed,
        &field("agreed"),
        (!term.contains(agreed)).then_some(ErrorKind::AmendmentOutsideTerm { month: agreed, term }),
    )?;
    let source = match &r.source {
        Some(value) => Some(sources::read_one(f, value, &field("source"))?),
        None => None,
    };
    Ok(Amendment {
        agreed,
        measurement_end,
        term_end,
        from,
        day_value,
        value_share,
        index: i,
        source,
    })
}

/// The term and the last measured month after the amendments agreed up to
/// `as_of` (all of them when `None`).
fn apply_amendments(
    term: MonthRange,
    measurement_end: Option<Month>,
    amendments: &[Amendment],
    as_of: Option<Month>,
) -> Result<(MonthRange, Month), Error> {
    let (mut term, mut measurement_end) = (term, measurement_end);
    for a in amendments.iter().filter(|a| as_of.is_none_or(|m| a.agreed <= m)) {
        if let Some(end) = a.term_end {
            term = MonthRange::new(term.start(), end)?;
        }
        if let Some(end) = a.measurement_end {
            if !term.contains(end) {
                return Err(Error::new(ErrorKind::MeasurementEndOutsideTerm { end, term }).at_field("amendment"));
            }
            measurement_end = Some(end);
        }
    }
    Ok((term, measurement_end.unwrap_or(term.end()).min(term.end())))
}

/// `s = r · C / I`, `docs/method.md` §3.3: the provider's share of each saved krona.
pub(crate) fn derived_value_share(provider: &Provider, investment: Decimal) -> Result<Decimal, Error> {
    let rc = arith::mul(provider.outcome_share, provider.contract_value, "r · C")?;
    arith::div(rc, investment, "s = r · C / I")
}

pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or(text);
    crate::work::count(before.len());
    before.bytes().filter(|&b| b == b'\n').count() + 1
}

/// The TOML reader's message as one lowercase-initial line: errors are one
/// line. What it quotes from the file (`"…"` or `` `…` ``) is cut after
/// [`QUOTE_CHARS`](crate::QUOTE_CHARS) characters, control characters and
/// bidirectional controls are escaped, and the whole is cut after
/// [`MESSAGE_CHARS`] characters.
pub(crate) fn one_line(message: &str) -> String {
    let joined = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    // The quote being read, if in one: its closing character and how many
    // characters of it were kept.
    let mut quote: Option<(char, usize)> = None;
    let mut escaped = false;
    for c in joined.chars() {
        match &mut quote {
            Some((close, kept)) => {
                if c == *close && !escaped {
                    if *kept > crate::QUOTE_CHARS {
                        out.push(c);
                        out.push('…');
                    } else {
                        out.push(c);
                    }
                    quote = None;
                    continue;
                }
                escaped = !escaped && c == '\\' && *close == '"';
                *kept += 1;
                if *kept > crate::QUOTE_CHARS {
                    continue;
                }
            }
            None if c == '"' || c == '`' => {
                out.push(c);
                quote = Some((c, 0));
                escaped = false;
                continue;
            }
            None => {}
        }
        if c.is_control() || crate::error::is_bidi_control(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    if let Some((at, _)) = out.char_indices().nth(MESSAGE_CHARS) {
        out.truncate(at);
        out.push('…');
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The most characters of a TOML reader's message passed on.
const MESSAGE_CHARS: usize = 400;

/// The largest contract file read, in bytes: 16 MiB. A contract of 20 000
/// providers is under 2 MB.
pub const MAX_CONTRACT_BYTES: usize = 16 * 1024 * 1024;

// --- writing ---------------------------------------------------------------

#[derive(Serialize)]
struct OutContract<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    funder: Option<&'a str>,
    currency: &'a str,
    investment: String,
    day_value: String,
    term: OutRange,
    reference: OutRange,
    measurement: OutMeasurement,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    sources: BTreeMap<String, String>,
    provider: Vec<OutProvider<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    schedule: Option<OutSchedule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    amendment: Vec<OutAmendment>,
}

#[derive(Serialize)]
struct OutSchedule {
    #[serde(skip_serializing_if = "Option::is_none")]
    every: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    months: Option<Vec<String>>,
    negative: &'static str,
}

#[derive(Serialize)]
struct OutAmendment {
    agreed: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    measurement_end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    term_end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day_value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_share: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
}

#[derive(Serialize)]
struct OutRange {
    start: String,
    end: String,
}

impl From<MonthRange> for OutRange {
    fn from(range: MonthRange) -> Self {
        Self {
            start: range.start().to_string(),
            end: range.end().to_string(),
        }
    }
}

#[derive(Serialize)]
struct OutMeasurement {
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    trend: &'static str,
}

#[derive(Serialize)]
struct OutProvider<'a> {
    name: &'a str,
    contract_value: String,
    outcome_share: String,
    cap: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_share: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    sources: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A contract with `providers` providers (a tenth of them with sources
    /// and an amended share) as the issue's tester wrote them.
    fn many(providers: usize) -> String {
        let mut text = String::from(
            "name = \"big\"\nfunder = \"F\"\ncurrency = \"SEK\"\ninvestment = \"1000000000\"\nday_value = \"2000\"\n\
             term = { start = \"2020-01\", end = \"2020-12\" }\nreference = { start = \"2019-01\", end = \"2019-12\" }\n",
        );
        for i in 0..providers {
            text.push_str(&format!(
                "[[provider]]\nname = \"Provider number {i}\"\ncontract_value = \"1000\"\noutcome_share = \"0.5\"\ncap = \"1.5\"\n"
            ));
            if i % 10 == 0 {
                text.push_str("[provider.sources]\ncap = \"Tender, annex 2\"\n");
            }
        }
        for i in (0..providers).step_by(10) {
            text.push_str(&format!(
                "[[amendment]]\nagreed = \"2020-0{}\"\nfrom = \"2020-0{}\"\nprovider = \"Provider number {i}\"\nvalue_share = \"0.0001\"\n",
                1 + i % 9,
                1 + (i / 10) % 9
            ));
        }
        text
    }

    /// The work of loading `text`, counted (not timed): bytes scanned for
    /// line numbers, names compared and shares summed.
    fn work_of(text: &str) -> usize {
        crate::work::reset();
        Contract::from_toml_str(text).unwrap();
        crate::work::done()
    }

    #[test]
    fn two_amendments_setting_the_same_term_clash_with_another_between_them() {
        let text = many(1)
            + "[[amendment]]\nagreed = \"2020-03\"\nmeasurement_end = \"2020-06\"\n\
               [[amendment]]\nagreed = \"2020-03\"\nfrom = \"2020-04\"\nday_value = \"10\"\n\
               [[amendment]]\nagreed = \"2020-03\"\nmeasurement_end = \"2020-08\"\n";
        assert_eq!(
            Contract::from_toml_str(&text).unwrap_err().to_string(),
            "field amendment: two amendments agreed in 2020-03 set the same term; say in one which holds"
        );
    }

    #[test]
    fn a_contract_above_the_size_limit_is_refused_before_it_is_read() {
        let text = format!("{}\n# {}\n", many(1), "x".repeat(MAX_CONTRACT_BYTES));
        let err = Contract::from_toml_str(&text).unwrap_err();
        assert!(matches!(
            err.kind(),
            ErrorKind::TooLarge {
                limit: MAX_CONTRACT_BYTES,
                ..
            }
        ));
        assert_eq!(
            err.to_string(),
            format!(
                "the contract is {} bytes, above the limit of 16777216 bytes",
                text.len()
            )
        );
    }

    #[test]
    fn the_toml_readers_message_is_cut_and_escaped() {
        // A long quoted value is cut after 40 characters, a key's control
        // characters are escaped, and the message stays one line.
        assert_eq!(
            one_line(&format!(
                "Invalid type: string \"{}\", expected a table",
                "a".repeat(100)
            )),
            format!("invalid type: string \"{}\"…, expected a table", "a".repeat(40))
        );
        assert_eq!(
            one_line("unknown field `a\u{1b}[2J\u{202e}`, expected `name`"),
            "unknown field `a\\u{1b}[2J\\u{202e}`, expected `name`"
        );
        assert_eq!(one_line("a \\\" quote \"x\\\"y\" end"), "a \\\" quote \"x\\\"y\" end");
        let long = one_line(&"word ".repeat(200));
        assert_eq!(long.chars().count(), MESSAGE_CHARS + 1);
        assert!(long.ends_with('…'));
        // A key of the file, long or with control characters, is cut and
        // escaped where an error names the field.
        let key = format!("{}\u{7}", "k".repeat(100));
        let text = format!(
            "{}[sources]\n\"{}\" = \"x\"\n",
            many(1),
            key.replace('\u{7}', "\\u0007")
        );
        let err = Contract::from_toml_str(&text).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "line 21: field sources.{}…: there is no term \"{}\"…",
                "k".repeat(72),
                "k".repeat(40)
            )),
            "{err}"
        );
    }

    #[test]
    fn provider_names_are_one_name_without_case_and_spaces_at_either_end() {
        for (first, second) in [
            ("Aino Health", "aino health"),
            ("Aino Health", " Aino Health "),
            ("STRASSE", "straße"),
        ] {
            let text = many(0)
                + &format!(
                    "[[provider]]\nname = \"{first}\"\ncontract_value = \"1\"\noutcome_share = \"0.5\"\ncap = \"1.5\"\n"
                )
                + &format!(
                    "[[provider]]\nname = \"{second}\"\ncontract_value = \"1\"\noutcome_share = \"0.5\"\ncap = \"1.5\"\n"
                );
            let err = Contract::from_toml_str(&text).unwrap_err();
            assert!(
                matches!(err.kind(), ErrorKind::DuplicateProvider { name, first: f, first_line: 9 } if name == second && f == first),
                "{err}"
            );
        }
        // Without a funder the funder is "funder", which no provider may be called.
        let text = many(0).replace("funder = \"F\"\n", "")
            + "[[provider]]\nname = \" FUNDER\"\ncontract_value = \"1\"\noutcome_share = \"0.5\"\ncap = \"1.5\"\n";
        let err = Contract::from_toml_str(&text).unwrap_err();
        assert!(
            matches!(
                err.kind(),
                ErrorKind::ProviderNamedLikeFunder {
                    default_funder: true,
                    ..
                }
            ),
            "{err}"
        );
        // Named, the funder may be called "funder" and a provider "Funder Inc".
        let text = many(0).replace("funder = \"F\"", "funder = \"funder\"")
            + "[[provider]]\nname = \"Funder Inc\"\ncontract_value = \"1\"\noutcome_share = \"0.5\"\ncap = \"1.5\"\n";
        assert!(Contract::from_toml_str(&text).is_ok());
    }

    #[test]
    fn names_with_control_characters_or_bidirectional_controls_are_refused() {
        let bad = [
            "\\u0000", "\\u0007", "\\t", "\\n", "\\u001b", "\\u007f", "\\u0085", "\\u202a", "\\u202b", "\\u202c",
            "\\u202d", "\\u202e", "\\u2066", "\\u2067", "\\u2068", "\\u2069", "\\u200e", "\\u200f", "\\u061c",
        ];
        for c in bad {
            for (from, to) in [
                ("name = \"big\"", format!("name = \"big{c}\"")),
                ("funder = \"F\"", format!("funder = \"F{c}\"")),
                ("currency = \"SEK\"", format!("currency = \"SE{c}K\"")),
                (
                    "name = \"Provider number 0\"",
                    format!("name = \"Provider{c} number 0\""),
                ),
                (
                    "provider = \"Provider number 0\"",
                    format!("provider = \"Provider number 0{c}\""),
                ),
            ] {
                let text = many(1).replace(from, &to);
                let err = Contract::from_toml_str(&text).unwrap_err();
                assert!(matches!(err.kind(), ErrorKind::UnsafeCharacter { .. }), "{to}: {err}");
                assert!(
                    err.location().line().is_some() && err.location().field().is_some(),
                    "{err}"
                );
                let message = err.to_string();
                assert!(
                    message.contains("holds U+")
                        && !message
                            .chars()
                            .any(|c| c.is_control() || crate::error::is_bidi_control(c)),
                    "{message:?}"
                );
            }
        }
        // Other text outside the Latin script is fine.
        let text = many(1).replace("name = \"big\"", "name = \"Hälsa i fokus – إدارة 健康\"");
        assert!(Contract::from_toml_str(&text).is_ok());
    }

    #[test]
    fn a_funder_named_funder_with_a_source_is_written_back() {
        let text =
            many(3).replace("funder = \"F\"", "funder = \"funder\"") + "[sources]\nfunder = \"Council decision\"\n";
        let contract = Contract::from_toml_str(&text).unwrap();
        let again = Contract::from_toml_str(&contract.to_toml_string().unwrap()).unwrap();
        assert_eq!(again, contract);
    }

    #[test]
    fn loading_grows_linearly_with_the_providers() {
        let (small, large) = (many(400), many(4000));
        let (small_work, large_work) = (work_of(&small), work_of(&large));
        // Ten times the providers: about ten times the work, never a hundred.
        let ratio = large_work / small_work.max(1);
        eprintln!("loading work: 400 providers {small_work}, 4000 providers {large_work}, ratio {ratio}");
        assert!(ratio <= 12, "loading work grew {ratio}-fold for 10 times the providers");
    }
}
