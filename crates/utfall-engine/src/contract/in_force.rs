//! The terms in force in a month: the amendments known when the contract
//! is seen from a month ([`Contract::as_of`]), the one in force for a month
//! (a day value, a provider's share), and the terms a figure cites for them.

use rust_decimal::Decimal;

use super::Contract;
use crate::schedule::Amendment;
use crate::{Error, ErrorKind, Month, MonthRange};

impl Contract {
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
}

/// The term and the last measured month after the amendments agreed up to
/// `as_of` (all of them when `None`).
pub(super) fn apply_amendments(
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
                return Err(Error::new(ErrorKind::AmendmentMeasurementEndOutsideTerm { end, term })
                    .at_field(format!("amendment[{}].measurement_end", a.index)));
            }
            measurement_end = Some(end);
        }
    }
    Ok((term, measurement_end.unwrap_or(term.end()).min(term.end())))
}
