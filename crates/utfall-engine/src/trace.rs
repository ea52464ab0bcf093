//! The trace: every figure of a statement with its label, formula, inputs and
//! exact result, so that a statement can be checked by hand.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::{Rule, TermSource};

/// What a figure measures, which decides how it is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Unit {
    /// An amount in the contract's currency.
    Money,
    /// Net sick days.
    Days,
    /// Net sick days per employee.
    DaysPerEmployee,
    /// A part of a whole, 0.25 for 25 %.
    Share,
    /// A number of months.
    Months,
    /// A number of employees.
    Employees,
    /// A value of the national sickness index.
    Index,
}

/// One input of a [`Line`]: a symbol of its formula and its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Input {
    /// The symbol in the formula, such as `I` or `n`.
    pub symbol: String,
    /// Its value, exact.
    pub value: Decimal,
    /// Where the value comes from: another line's id, or a contract field such
    /// as `contract.investment`.
    pub from: String,
}

/// One figure of a statement.
///
/// # Example
/// ```
/// use utfall_engine::{settle, Contract, Outcome};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
/// #     "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let outcome = Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?;
/// let statement = settle(&contract, &outcome)?;
/// let line = statement.line("window.investment")?;
/// assert_eq!(line.formula, "I · n / N");
/// assert_eq!(line.result.to_string(), "10799722.2222222222222222");
/// assert_eq!(line.inputs.iter().map(|i| i.symbol.as_str()).collect::<Vec<_>>(), ["I", "n", "N"]);
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    /// A stable key: `window.investment`, `provider[Aino Health].outcome_payment`.
    pub id: String,
    /// What the figure is, in words.
    pub label: String,
    /// How it is computed, in the symbols of `docs/method.md`, or `given` for an input.
    pub formula: String,
    /// The values the formula is applied to.
    pub inputs: Vec<Input>,
    /// The exact result (products and quotients rounded to
    /// [`FIGURE_DP`](crate::FIGURE_DP) places, payable amounts to öre, as the
    /// formula says).
    pub result: Decimal,
    /// What the figure measures.
    pub unit: Unit,
    /// The rule the line applies: a section of the method (`docs/method.md`).
    pub rule: Rule,
    /// The contract terms the line rests on that the contract gives a source
    /// for, by their keys in [`Statement::sources`](crate::Statement::sources)
    /// (`contract.investment`, …); empty when the contract gives none.
    pub cites: Vec<String>,
}

/// Collects lines while the figures are computed, so that a figure and its line
/// can never disagree.
#[derive(Debug)]
pub(crate) struct Tracer<'c> {
    pub(crate) lines: Vec<Line>,
    /// The contract's sources, which lines cite when they use a term.
    sources: &'c [TermSource],
    /// The position of each sourced term in `sources`, so that a line finds
    /// its citations without reading every source (which made a statement
    /// quadratic in the providers when each has sources).
    positions: HashMap<&'c str, usize>,
}

/// The parts of a line other than its result.
pub(crate) struct Entry<'a> {
    pub id: String,
    pub label: String,
    pub formula: &'a str,
    pub unit: Unit,
    pub rule: Rule,
    /// Terms the line rests on besides its inputs' (`contract.term` for `N`).
    pub terms: Vec<String>,
}

impl<'a> Entry<'a> {
    /// The parts of a line: its id, label, formula, unit and rule, resting on
    /// no terms besides its inputs'.
    pub(crate) fn new(
        id: impl Into<String>,
        label: impl Into<String>,
        formula: &'a str,
        unit: Unit,
        rule: Rule,
    ) -> Self {
        Self {
            id: id.into(),
            label: label.into(),
            formula,
            unit,
            rule,
            terms: Vec::new(),
        }
    }

    /// The same entry, resting also on `terms`.
    pub(crate) fn resting_on(mut self, terms: impl IntoIterator<Item = String>) -> Self {
        self.terms.extend(terms);
        self
    }
}

impl<'c> Tracer<'c> {
    /// A tracer whose lines cite `sources` (a contract's).
    pub(crate) fn new(sources: &'c [TermSource]) -> Self {
        Self {
            lines: Vec::new(),
            sources,
            positions: sources.iter().enumerate().map(|(i, s)| (s.term.as_str(), i)).collect(),
        }
    }

    /// Records a line and gives back its result.
    pub(crate) fn record(&mut self, entry: Entry<'_>, inputs: &[(&str, Decimal, &str)], result: Decimal) -> Decimal {
        // A line cites the sources of the terms it uses, in the contract's
        // order, so that the same terms are always cited alike.
        let mut used: Vec<usize> = inputs
            .iter()
            .map(|(_, _, from)| *from)
            .chain(entry.terms.iter().map(String::as_str))
            .filter_map(|term| self.positions.get(term).copied())
            .collect();
        used.sort_unstable();
        used.dedup();
        let cites = used
            .into_iter()
            .filter_map(|i| self.sources.get(i).map(|s| s.term.clone()))
            .collect();
        self.lines.push(Line {
            id: entry.id,
            label: entry.label,
            formula: entry.formula.to_owned(),
            inputs: inputs
                .iter()
                .map(|(symbol, value, from)| Input {
                    symbol: (*symbol).to_owned(),
                    value: *value,
                    from: (*from).to_owned(),
                })
                .collect(),
            result,
            unit: entry.unit,
            rule: entry.rule,
            cites,
        });
        result
    }
}
