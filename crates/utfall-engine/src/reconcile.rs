//! Reconciliation of a statement with the figures a report states: for each
//! reported figure, the engine's exact figure, the difference, and why they
//! differ.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::arith::{parse_decimal, sub};
use crate::trace::Unit;
use crate::{Error, ErrorKind, Statement};

/// A figure as a report states it, and where the engine's figure is found.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportedFigure {
    /// What the figure is.
    pub label: String,
    /// The report's own words, with the file and section they are in.
    pub quote: String,
    /// The figure as reported, a quoted decimal string.
    #[serde(deserialize_with = "quoted_decimal")]
    pub reported: Decimal,
    /// Which settlement it is compared with: a name given to
    /// [`reconcile`], such as `exact` or `stated`.
    pub statement: String,
    /// The id of the statement line holding the engine's figure.
    pub line: String,
    /// Why the two differ, in words.
    pub why: String,
}

/// The figures of a report, read from TOML: a list of `[[figure]]` tables.
///
/// # Example
/// ```
/// use utfall_engine::ReportedFigures;
/// let report = ReportedFigures::from_toml_str(r#"
///     [[figure]]
///     label = "investment per project month"
///     quote = "Investeringskostnad per projektmånad: 22 870 000/36 ≈ 635 000 kr"
///     reported = "635000"
///     statement = "exact"
///     line = "window.investment_per_month"
///     why = "rounded to thousands"
/// "#)?;
/// assert_eq!(report.figure.len(), 1);
///
/// let err = ReportedFigures::from_toml_str("[[figure]]\nreported = 635000\n").unwrap_err();
/// assert_eq!(err.location().line(), Some(2));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportedFigures {
    /// The outcome the report states, to settle on, if it states one.
    #[serde(default)]
    pub outcome: Option<ReportedOutcome>,
    /// The figures, in the order to show them.
    #[serde(default)]
    pub figure: Vec<ReportedFigure>,
}

/// An outcome as a report states it: a value of saved days, and optionally the
/// average headcount behind it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportedOutcome {
    /// `V`, the stated value of saved days, a quoted decimal string.
    #[serde(deserialize_with = "quoted_decimal")]
    pub value: Decimal,
    /// The report's words for the value.
    pub value_quote: String,
    /// The average number of employees over the window, if stated.
    #[serde(default)]
    pub headcount: Option<u32>,
    /// The report's words for the headcount.
    #[serde(default)]
    pub headcount_quote: Option<String>,
}

impl ReportedFigures {
    /// Reads reported figures from TOML.
    ///
    /// # Errors
    /// [`ErrorKind::Toml`] with the line: bad syntax, unknown or missing keys,
    /// an amount that is not a quoted decimal string.
    /// [`ErrorKind::TooLarge`] for a text above
    /// [`MAX_CONTRACT_BYTES`](crate::MAX_CONTRACT_BYTES).
    ///
    /// # Example
    /// ```
    /// use utfall_engine::ReportedFigures;
    /// assert!(ReportedFigures::from_toml_str("figure = []").is_ok());
    /// assert!(ReportedFigures::from_toml_str("[outcome]\nvalue = \"1\"\nvalue_quote = \"\"").is_ok());
    /// assert!(ReportedFigures::from_toml_str("figures = []").is_err());
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Self, Error> {
        if text.len() > crate::MAX_CONTRACT_BYTES {
            return Err(Error::new(ErrorKind::TooLarge {
                what: "file of reported figures",
                bytes: text.len(),
                limit: crate::MAX_CONTRACT_BYTES,
            }));
        }
        toml::from_str(text).map_err(|e| {
            let error = Error::new(ErrorKind::Toml {
                message: crate::contract::one_line(e.message()),
            });
            match e.span() {
                Some(span) => error.at_line(crate::contract::line_of(text, span.start)),
                None => error,
            }
        })
    }
}

fn quoted_decimal<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_decimal(&text).map_err(serde::de::Error::custom)
}

/// One row of a reconciliation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReconciledFigure {
    /// What the figure is.
    pub label: String,
    /// The report's words.
    pub quote: String,
    /// The report's figure.
    pub reported: Decimal,
    /// The engine's exact figure.
    pub engine: Decimal,
    /// `engine − reported`.
    pub difference: Decimal,
    /// What the figure measures.
    pub unit: Unit,
    /// Which settlement the engine's figure is from.
    pub statement: String,
    /// The statement line it is from.
    pub line: String,
    /// Why the two differ.
    pub why: String,
}

/// Compares the reported figures with named statements.
///
/// # Errors
/// [`ErrorKind::NoSuchLine`] when a figure names a statement or line that does
/// not exist; [`ErrorKind::Overflow`].
///
/// # Example
/// ```
/// use utfall_engine::{reconcile, settle, Contract, Outcome, ReportedFigures};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
/// #     "/../../examples/botkyrka/contract.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// let report = ReportedFigures::from_toml_str(r#"
///     [[figure]]
///     label = "window cost"
///     quote = "17x635 000 ≈ 10 795 000 kr"
///     reported = "10795000"
///     statement = "exact"
///     line = "window.investment"
///     why = "the report multiplies a rounded monthly cost"
/// "#)?;
/// let rows = reconcile(&report, &[("exact", &statement)])?;
/// assert_eq!(rows[0].difference.round_dp(2).to_string(), "4722.22");
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn reconcile(report: &ReportedFigures, statements: &[(&str, &Statement)]) -> Result<Vec<ReconciledFigure>, Error> {
    report
        .figure
        .iter()
        .map(|figure| {
            let statement = statements
                .iter()
                .find(|(name, _)| *name == figure.statement)
                .map(|(_, s)| *s)
                .ok_or_else(|| {
                    Error::new(ErrorKind::NoSuchLine {
                        id: format!("{}:{}", figure.statement, figure.line),
                    })
                })?;
            let line = statement.line(&figure.line)?;
            Ok(ReconciledFigure {
                label: figure.label.clone(),
                quote: figure.quote.clone(),
                reported: figure.reported,
                engine: line.result,
                difference: sub(line.result, figure.reported, &figure.label)?,
                unit: line.unit,
                statement: figure.statement.clone(),
                line: figure.line.clone(),
                why: figure.why.clone(),
            })
        })
        .collect()
}
