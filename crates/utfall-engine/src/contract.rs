//! Contract terms: loaded from TOML (SPEC.md section 4, *Contract*) and validated
//! on load, so that a [`Contract`] value always holds terms that can be settled.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use toml::{Spanned, Value};

use crate::arith::{self, parse_decimal};
use crate::{Error, ErrorKind, Month, MonthRange};

/// How the measured outcome is adjusted for the national trend.
///
/// Source: 001_d9a983413e1d7c3c.txt, *Primärt utfallsmått*: "Dessutom trendjusteras
/// utfallet (antal sjukfrånvarodagar per anställd) via förändringen i det nationella
/// sjukpenningtalet". SPEC.md 2.1 (**Choice**) gives the formula.
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
/// Botkyrka's single provider is Aino Health: source 001_d9a983413e1d7c3c.txt,
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
/// Build one from the TOML of SPEC.md section 4 with [`Contract::from_toml_str`];
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
    currency: String,
    investment: Decimal,
    day_value: Decimal,
    term: MonthRange,
    reference: MonthRange,
    measurement_end: Month,
    trend: Trend,
    providers: Vec<Provider>,
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
    /// value shares that sum above the investment or 1; no provider or a
    /// provider named twice; an unknown trend; an empty name or a currency that
    /// is not three capital letters.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, ErrorKind};
    /// let err = Contract::from_toml_str("name = \"x\"\ncurrenzy = \"SEK\"\n").unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::Toml { .. }));
    /// assert!(err.to_string().starts_with("line 2: unknown field `currenzy`"));
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Self, Error> {
        let raw: RawContract = toml::from_str(text).map_err(|e| {
            let error = Error::new(ErrorKind::Toml {
                message: one_line(e.message()),
            });
            match e.span() {
                Some(span) => error.at_line(line_of(text, span.start)),
                None => error,
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
        let out = OutContract {
            name: &self.name,
            currency: &self.currency,
            investment: self.investment.to_string(),
            day_value: self.day_value.to_string(),
            term: OutRange::from(self.term),
            reference: OutRange::from(self.reference),
            measurement: OutMeasurement {
                end: self.measurement_end.to_string(),
                trend: self.trend.as_str(),
            },
            provider: self
                .providers
                .iter()
                .map(|p| OutProvider {
                    name: &p.name,
                    contract_value: p.contract_value.to_string(),
                    outcome_share: p.outcome_share.to_string(),
                    cap: p.cap.to_string(),
                    value_share: p.value_share.map(|s| s.to_string()),
                })
                .collect(),
        };
        toml::to_string(&out).map_err(|e| Error::new(ErrorKind::Toml { message: e.to_string() }))
    }

    /// The contract's name.
    pub fn name(&self) -> &str {
        &self.name
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

    /// The reference period (*referensperiod*): 12 consecutive months before or
    /// after the term, never overlapping it.
    pub fn reference(&self) -> MonthRange {
        self.reference
    }

    /// The measured window: from the start of the term to the measurement end
    /// (the term's end unless amended), `n = window().len()` months.
    pub fn window(&self) -> MonthRange {
        // measurement_end was checked to lie in the term on load.
        MonthRange::new(self.term.start(), self.measurement_end).unwrap_or(self.term)
    }

    /// The same terms measured over the whole term, as agreed before any
    /// amendment (SPEC.md 2.4): what the parties could expect when they signed.
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
            measurement_end: self.term.end(),
            ..self.clone()
        }
    }

    /// Whether outcome measurement was stopped before the end of the term (an
    /// amendment, SPEC.md 2.4).
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
    /// SPEC.md 2.1. The reference period holds each calendar month once.
    pub fn reference_month(&self, month: Month) -> Month {
        self.reference
            .iter()
            .find(|r| r.month() == month.month())
            .unwrap_or(self.reference.start())
    }
}

// --- reading ---------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContract {
    name: Spanned<Value>,
    currency: Spanned<Value>,
    investment: Spanned<Value>,
    day_value: Spanned<Value>,
    term: Spanned<RawRange>,
    reference: Spanned<RawRange>,
    measurement: Option<RawMeasurement>,
    provider: Option<Spanned<Vec<Spanned<RawProvider>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    start: Spanned<Value>,
    end: Spanned<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasurement {
    end: Option<Spanned<Value>>,
    trend: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvider {
    name: Spanned<Value>,
    contract_value: Spanned<Value>,
    outcome_share: Spanned<Value>,
    cap: Spanned<Value>,
    value_share: Option<Spanned<Value>>,
}

/// Reads fields of one TOML text, attaching field names and lines to errors.
struct Fields<'a> {
    text: &'a str,
}

impl Fields<'_> {
    fn here<T>(&self, value: &Spanned<T>, field: &str) -> impl Fn(Error) -> Error {
        let line = line_of(self.text, value.span().start);
        let field = field.to_owned();
        move |e: Error| e.at_line(line).or_field(field.clone())
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
        let f = Fields { text };

        let name = f.string(&self.name, "name")?;
        f.check(
            &self.name,
            "name",
            name.trim().is_empty().then(|| ErrorKind::BadText {
                value: name.clone(),
                expected: "a name (it is empty)",
            }),
        )?;
        let currency = f.string(&self.currency, "currency")?;
        let is_code = currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase());
        f.check(
            &self.currency,
            "currency",
            (!is_code).then(|| ErrorKind::BadText {
                value: currency.clone(),
                expected: "a currency code of three capital letters, such as \"SEK\"",
            }),
        )?;

        // Source: 001_d9a983413e1d7c3c.txt, *Finansiella parametrar för projektets
        // parter*: "Total beräknad projektinvestering: 22 870 000 kr".
        let investment = f.amount(&self.investment, "investment")?;
        f.check(&self.investment, "investment", positive(investment))?;
        // Source: 001_d9a983413e1d7c3c.txt, *SUMMERING AV EKONOMISKT UTFALL*:
        // "Schablonvärde sjukdag: 2080 kr".
        let day_value = f.amount(&self.day_value, "day_value")?;
        f.check(&self.day_value, "day_value", positive(day_value))?;

        // Source: 001_d9a983413e1d7c3c.txt, *Projektperiod*: "Referensperiod: augusti
        // 2017- juli 2018", "Projektperiod: oktober 2018 – september 2021".
        let term = f.range(&self.term, "term")?;
        let reference = f.range(&self.reference, "reference")?;
        // The comparison is "månad för månad" (*Primärt utfallsmått*): one reference
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

        let (mut measurement_end, mut trend) = (term.end(), Trend::None);
        if let Some(measurement) = &self.measurement {
            if let Some(end) = &measurement.end {
                measurement_end = f.month(end, "measurement.end")?;
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
        let mut names = BTreeSet::new();
        for (i, spanned) in raw_providers.get_ref().iter().enumerate() {
            let p = spanned.get_ref();
            let field = |key: &str| format!("provider[{i}].{key}");
            let name = f.string(&p.name, &field("name"))?;
            f.check(
                &p.name,
                &field("name"),
                name.trim().is_empty().then(|| ErrorKind::BadText {
                    value: name.clone(),
                    expected: "a name (it is empty)",
                }),
            )?;
            f.check(
                &p.name,
                &field("name"),
                (!names.insert(name.clone())).then(|| ErrorKind::DuplicateProvider { name: name.clone() }),
            )?;
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

        Ok(Contract {
            name,
            currency,
            investment,
            day_value,
            term,
            reference,
            measurement_end,
            trend,
            providers,
        })
    }
}

/// `s = r · C / I`, SPEC.md 2.2: the provider's share of each saved krona.
pub(crate) fn derived_value_share(provider: &Provider, investment: Decimal) -> Result<Decimal, Error> {
    let rc = arith::mul(provider.outcome_share, provider.contract_value, "r · C")?;
    arith::div(rc, investment, "s = r · C / I")
}

pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .unwrap_or(text)
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// The TOML reader's message as one lowercase-initial line: errors are one line.
pub(crate) fn one_line(message: &str) -> String {
    let joined = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

// --- writing ---------------------------------------------------------------

#[derive(Serialize)]
struct OutContract<'a> {
    name: &'a str,
    currency: &'a str,
    investment: String,
    day_value: String,
    term: OutRange,
    reference: OutRange,
    measurement: OutMeasurement,
    provider: Vec<OutProvider<'a>>,
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
    end: String,
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
}
