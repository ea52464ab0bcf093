//! The trace: every figure of a statement with its label, formula, inputs and
//! exact result, so that a statement can be checked by hand.

use rust_decimal::Decimal;
use serde::Serialize;

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
    /// How it is computed, in the symbols of SPEC.md, or `given` for an input.
    pub formula: String,
    /// The values the formula is applied to.
    pub inputs: Vec<Input>,
    /// The exact result (products and quotients rounded to
    /// [`FIGURE_DP`](crate::FIGURE_DP) places, payable amounts to öre, as the
    /// formula says).
    pub result: Decimal,
    /// What the figure measures.
    pub unit: Unit,
    /// The rule's source: a section of SPEC.md and of the source documents.
    pub source: &'static str,
}

/// Collects lines while the figures are computed, so that a figure and its line
/// can never disagree.
#[derive(Debug, Default)]
pub(crate) struct Tracer {
    pub(crate) lines: Vec<Line>,
}

/// The parts of a line other than its result.
pub(crate) struct Entry<'a> {
    pub id: String,
    pub label: String,
    pub formula: &'a str,
    pub unit: Unit,
    pub source: &'static str,
}

impl Tracer {
    /// Records a line and gives back its result.
    pub(crate) fn record(&mut self, entry: Entry<'_>, inputs: &[(&str, Decimal, &str)], result: Decimal) -> Decimal {
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
            source: entry.source,
        });
        result
    }
}

/// Where the rules come from, cited on every line.
pub(crate) mod sources {
    pub const OUTCOME_MONTHLY: &str = "SPEC.md 2.1; 001_d9a983413e1d7c3c.txt, Primärt utfallsmått (\"jämförelsen månad för månad\", \"trendjusteras\")";
    pub const OUTCOME_TOTAL: &str =
        "SPEC.md 2.1; 001_d9a983413e1d7c3c.txt, Projektets utfall (\"summera alla månadsvisa nettoskillnader\")";
    pub const VALUE: &str = "SPEC.md 2.1; 001_d9a983413e1d7c3c.txt, SUMMERING AV EKONOMISKT UTFALL (\"Schablonvärde sjukdag: 2080 kr\", \"Totalt värde av sparade dagar\")";
    pub const INVESTMENT: &str = "SPEC.md 2.2; 001_d9a983413e1d7c3c.txt, SUMMERING AV EKONOMISKT UTFALL (\"Investeringskostnad per projektmånad\", \"Investeringskostnad för perioden\")";
    pub const NET_RESULT: &str = "SPEC.md 2.2; 001_d9a983413e1d7c3c.txt, SUMMERING AV EKONOMISKT UTFALL (\"Projektets nettoresultat under perioden\")";
    pub const SHARE: &str = "SPEC.md 2.2; 001_d9a983413e1d7c3c.txt, Finansiella parametrar för projektets parter (\"Andel av värdet av varje sparad krona\")";
    pub const AMENDED_SHARE: &str =
        "DESIGN.md, amendments (a new share weighs each month by its value of saved days); SPEC.md 2.2";
    pub const CAP: &str = "SPEC.md 2.2 (Choice: the cap scales with the window); 001_d9a983413e1d7c3c.txt, Primärt utfallsmått (\"när värdet på sparade korttidsdagar uppnår 150 % av projektets kostnad\")";
    pub const PAYMENT: &str =
        "SPEC.md 2.2; 001_d9a983413e1d7c3c.txt, SUMMERING AV EKONOMISKT UTFALL (\"Andel som tillfaller Aino Health\")";
    pub const PAYABLE: &str = "DESIGN.md, rounding (payments in whole öre, never above the cap)";
    pub const ACTIVITY_FEE: &str = "SPEC.md 2.2, 2.4; 001_d9a983413e1d7c3c.txt, Finansiella parametrar för projektets parter (\"Aktivitetsersättning: 4 202 550 kr\")";
    pub const PREMIUM: &str =
        "SPEC.md 2.2; 001_d9a983413e1d7c3c.txt, Utfallsbaserad upphandling (\"en maximal premie på 25 %\")";
    pub const FUNDER: &str = "SPEC.md 2.2; 001_d9a983413e1d7c3c.txt, SUMMERING AV EKONOMISKT UTFALL (\"Andel som tillfaller Botkyrka kommun\")";
    pub const WINDOW: &str = "SPEC.md 2.4; 001_d9a983413e1d7c3c.txt, Projektets utfall (\"utvärdera den utfallsbaserade delen fram till och med februari 2020\")";
    pub const TERM: &str =
        "SPEC.md 2.4; 001_d9a983413e1d7c3c.txt, Finansiella parametrar för projektets parter (\"Projektperiod\")";
}
