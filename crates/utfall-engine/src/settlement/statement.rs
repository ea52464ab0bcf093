//! What [`settle`](super::settle) gives back: a [`Statement`] of [`Section`]s
//! of traced lines, with each provider's key figures ([`ProviderSettlement`])
//! and the notes a reader must see. Only data and its accessors live here; the
//! figures are computed in the sibling modules.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::trace::Line;
use crate::{Error, ErrorKind, MonthRange, Note, Outcome, Rule, TermSource};

/// A group of statement lines under a title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    /// A stable key of the section, which a renderer words in its language:
    /// `outcome`, `outcome.months`, `window`, `provider[NAME]`, `funder`,
    /// `term`.
    pub id: String,
    /// What the lines are about, in English.
    pub title: String,
    /// The lines, in the order they are computed.
    pub lines: Vec<Line>,
}

/// The key figures of one provider, also found (with their formulas) among the
/// statement's lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProviderSettlement {
    /// The provider's name.
    pub name: String,
    /// `s`, the share of each saved krona in use (stated or `r · C / I`).
    pub value_share: Decimal,
    /// Whether `s` is stated in the contract.
    pub value_share_stated: bool,
    /// The outcome payment, in whole öre (same for window and term).
    pub outcome_payment: Decimal,
    /// The most the outcome payment can be over the window.
    pub outcome_cap: Decimal,
    /// Whether the cap held the payment down.
    pub capped: bool,
    /// Activity fee over the measured window, in whole öre.
    pub activity_fee_window: Decimal,
    /// Activity fee over the whole term, in whole öre.
    pub activity_fee_term: Decimal,
    /// Activity fee plus outcome payment over the window.
    pub total_window: Decimal,
    /// Activity fee plus outcome payment over the whole term.
    pub total_term: Decimal,
    /// `C_w = C · n / N`, the contract value attributable to the window.
    pub contract_value_window: Decimal,
    /// The contract value over the whole term: `C`, or `C' = C · N' / N`
    /// when the term is extended.
    pub contract_value_term: Decimal,
    /// The provider's result over the window, `A_w + P − C_w`
    /// (`docs/method.md` §3.12).
    pub result_window: Decimal,
    /// The provider's result over the whole term, `A + P − C`.
    pub result_term: Decimal,
    /// Premium over the contract value for the window: `(A_w + P) / (C·n/N) − 1`.
    pub premium_window: Decimal,
    /// `r · (k − 1)`, the most the premium can be when `s = r · C / I`.
    pub premium_bound: Decimal,
}

/// A settlement statement: the outcome, each provider's pay and the funder's part,
/// every figure with its formula and inputs.
///
/// # Example
/// ```
/// use utfall_engine::{settle, Contract, Outcome};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
/// #     "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let outcome = Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?;
/// let statement = settle(&contract, &outcome)?;
///
/// // `docs/method.md` §7, with the exact share r·C/I:
/// assert_eq!(statement.figure("provider[Aino Health].outcome_payment")?.to_string(), "2701245.52");
/// assert_eq!(statement.figure("window.funder_keeps")?.to_string(), "11998754.48");
/// assert_eq!(statement.figure("term.provider[Aino Health].outcome_cap")?.to_string(), "6303825");
/// assert!(statement.figure("no.such.line").is_err());
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Statement {
    pub(super) contract: String,
    pub(super) funder: String,
    pub(super) reference_number: Option<String>,
    pub(super) target_reduction: Option<Decimal>,
    pub(super) has_schedule: bool,
    pub(super) currency: String,
    pub(super) term: MonthRange,
    pub(super) window: MonthRange,
    pub(super) amended: bool,
    pub(super) outcome: Outcome,
    pub(super) providers: Vec<ProviderSettlement>,
    pub(super) sections: Vec<Section>,
    pub(super) notes: Vec<Note>,
    pub(super) sources: Vec<TermSource>,
}

impl Statement {
    /// The contract's name.
    pub fn contract(&self) -> &str {
        &self.contract
    }

    /// The funder, who pays the providers.
    pub fn funder(&self) -> &str {
        &self.funder
    }

    /// The funder's reference number for the contract (*diarienummer*), when
    /// the contract gives one.
    pub fn reference_number(&self) -> Option<&str> {
        self.reference_number.as_deref()
    }

    /// The contract's target for the reduction of sick days per employee
    /// (`docs/method.md` §2.6), when it states one. Whether it is met is
    /// known only from monthly data: [`Statement::target_margin`].
    pub fn target_reduction(&self) -> Option<Decimal> {
        self.target_reduction
    }

    /// How far the measured reduction is beyond the contract's target
    /// (below zero: short of it): the line `outcome.target_margin`. `None`
    /// without a target or without monthly data, which a stated value
    /// cannot tell.
    ///
    /// # Example
    /// ```
    /// # use utfall_engine::{settle, Contract, Outcome};
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// # let contract = Contract::from_toml_str(&text)?;
    /// # let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
    /// assert_eq!(statement.target_margin(), None);
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn target_margin(&self) -> Option<Decimal> {
        self.figure("outcome.target_margin").ok()
    }

    /// Whether the contract has a payment schedule (a ledger then tells what
    /// is paid at each settlement).
    pub fn has_schedule(&self) -> bool {
        self.has_schedule
    }

    /// The currency of every amount.
    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// The whole term.
    pub fn term(&self) -> MonthRange {
        self.term
    }

    /// The measured window.
    pub fn window(&self) -> MonthRange {
        self.window
    }

    /// Whether measurement stopped before the end of the term.
    pub fn amended(&self) -> bool {
        self.amended
    }

    /// The outcome settled.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// Each provider's key figures, in the contract's order.
    pub fn providers(&self) -> &[ProviderSettlement] {
        &self.providers
    }

    /// The lines, grouped.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// Remarks a reader must see: an amendment, a stated share, a cap that held.
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }

    /// Where the contract's terms come from, as its file says: what each
    /// line's [`cites`](Line::cites) names. Empty when the file gives none.
    pub fn sources(&self) -> &[TermSource] {
        &self.sources
    }

    /// The source of the term `term` (`contract.investment`, …), if the
    /// contract gives one.
    pub fn source(&self, term: &str) -> Option<&str> {
        self.sources.iter().find(|s| s.term == term).map(|s| s.source.as_str())
    }

    /// The rules the lines apply, each once, in the order of the method's
    /// sections.
    pub fn rules(&self) -> Vec<Rule> {
        let mut rules: Vec<Rule> = self.lines().map(|l| l.rule).collect();
        rules.sort();
        rules.dedup();
        rules
    }

    /// Every line in order.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.sections.iter().flat_map(|s| s.lines.iter())
    }

    /// The line with id `id`.
    ///
    /// # Errors
    /// [`ErrorKind::NoSuchLine`] when the statement has no such line.
    ///
    /// # Example
    /// ```
    /// # use utfall_engine::{settle, Contract, Outcome};
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// # let contract = Contract::from_toml_str(&text)?;
    /// # let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
    /// assert_eq!(statement.line("window.investment_per_month")?.formula, "I / N");
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn line(&self, id: &str) -> Result<&Line, Error> {
        self.lines()
            .find(|l| l.id == id)
            .ok_or_else(|| Error::new(ErrorKind::NoSuchLine { id: id.to_owned() }))
    }

    /// The result of the line with id `id`.
    ///
    /// # Errors
    /// [`ErrorKind::NoSuchLine`] when the statement has no such line.
    ///
    /// # Example
    /// ```
    /// # use utfall_engine::{settle, Contract, Outcome};
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/botkyrka/contract.toml")).unwrap();
    /// # let contract = Contract::from_toml_str(&text)?;
    /// # let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
    /// assert_eq!(statement.figure("window.net_result")?.round_dp(2).to_string(), "3900277.78");
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn figure(&self, id: &str) -> Result<Decimal, Error> {
        self.line(id).map(|l| l.result)
    }
}
