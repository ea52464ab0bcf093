//! Time in a contract: when the outcome payment is settled (a payment
//! schedule) and dated amendments to the terms.

use serde::Serialize;

use crate::{Month, MonthRange};

/// How often the outcome payment is settled on account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Every {
    /// After every month.
    Month,
    /// After every third month, counted from the start of the term.
    Quarter,
    /// After every twelfth month, counted from the start of the term.
    Year,
    /// After each of these months.
    Months(Vec<Month>),
}

/// What happens when the outcome payment to date falls below what was paid on
/// account before.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Negative {
    /// Nothing is paid back now; later payments are reduced until the
    /// difference is made up, and the final settlement closes the rest. The
    /// default.
    #[default]
    CarryForward,
    /// The provider pays the difference back at once.
    ClawBack,
}

impl Negative {
    /// The name in contract files.
    pub fn as_str(self) -> &'static str {
        match self {
            Negative::CarryForward => "carry-forward",
            Negative::ClawBack => "claw-back",
        }
    }
}

/// A payment schedule (contract table `[schedule]`).
///
/// # Example
/// ```
/// use utfall_engine::Contract;
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
/// #     "/../../examples/illustrative/contract-quarterly.toml")).unwrap();
/// let contract = Contract::from_toml_str(&text)?;
/// let dates: Vec<String> = contract.settlement_months().iter().map(|m| m.to_string()).collect();
/// assert_eq!(dates.first().map(String::as_str), Some("2018-12"));
/// assert_eq!(dates.last().map(String::as_str), Some("2021-09"));
/// assert_eq!(dates.len(), 12);
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// When.
    pub every: Every,
    /// What a negative true-up does.
    pub negative: Negative,
}

impl Schedule {
    /// The settlement months within `term`, in order, always ending with the
    /// term's last month (the final settlement).
    pub fn months(&self, term: MonthRange) -> Vec<Month> {
        let step = match &self.every {
            Every::Month => 1,
            Every::Quarter => 3,
            Every::Year => 12,
            Every::Months(months) => {
                let mut out: Vec<Month> = months.iter().copied().filter(|m| term.contains(*m)).collect();
                out.push(term.end());
                out.sort();
                out.dedup();
                return out;
            }
        };
        let mut out: Vec<Month> = term.iter().skip(step - 1).step_by(step).collect();
        if out.last() != Some(&term.end()) {
            out.push(term.end());
        }
        out
    }
}

/// A dated amendment (contract table `[[amendment]]`): agreed in a month, it
/// changes the terms for every statement made from that month on
/// (`docs/method.md` §4.2; Botkyrka's parties stopped outcome measurement
/// after February 2020 this way).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Amendment {
    /// The month the parties agreed it; statements as of earlier months do not
    /// know it.
    pub agreed: Month,
    /// Outcome measurement stops after this month.
    pub measurement_end: Option<Month>,
    /// The term ends in this month instead (an extension).
    pub term_end: Option<Month>,
    /// The first month a new day value or share applies to.
    pub from: Option<Month>,
    /// A new value of a saved day, for the months from `from` on.
    pub day_value: Option<rust_decimal::Decimal>,
    /// A new share of each saved krona (`s`) for `provider`, for the value of
    /// the months from `from` on.
    pub value_share: Option<(String, rust_decimal::Decimal)>,
    /// Its position among the file's amendments, from 0: the `I` of
    /// `amendment[I]` in error messages and of its term key.
    pub index: usize,
    /// Where it is recorded, if the file says (`source`).
    pub source: Option<String>,
}

impl Amendment {
    /// The key statements cite it by: `contract.amendment[I]`.
    pub fn term_key(&self) -> String {
        format!("contract.amendment[{}]", self.index)
    }
}
