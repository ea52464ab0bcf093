//! The rules a statement applies, each a section of the method
//! (`docs/method.md` in the repository), which states the rule in words and
//! cites its published source.
//!
//! The rule is cited by section rather than by quotation so that the code
//! carries no source documents' words: where a contract's *terms* come from is
//! data, given in the contract file (see [`TermSource`](crate::TermSource)).

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// The document the rules are sections of, relative to the repository's root.
pub const METHOD: &str = "docs/method.md";

/// A rule of the method that a statement line applies.
///
/// # Example
/// ```
/// use utfall_engine::Rule;
/// assert_eq!(Rule::Cap.section(), "3.4");
/// assert_eq!(Rule::Cap.title(), "The cap");
/// assert_eq!(Rule::Cap.to_string(), "docs/method.md §3.4 The cap");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// `x(m)`, `x_adj(m)`, `δ(m)`, `S(m)` for each month of the window.
    OutcomeMonthly,
    /// `δ = Σ δ(m)`, `S = Σ S(m)`.
    OutcomeTotal,
    /// `V = S · d`, month by month when the day value is amended.
    Value,
    /// A stated value: `S = V / d`, `δ = S / h`.
    StatedValue,
    /// The reduction against the reference period, `1 − Σ x_adj(m) / Σ x(ref(m))`,
    /// and the contract's target for it.
    Reduction,
    /// The term `N` and the measured window `n`.
    Window,
    /// `I / N`, `I_w = I · n / N`, the net result `V − I_w` and break-even.
    Investment,
    /// `s = r · C / I`, a stated or amended share.
    Share,
    /// `k · I_w` and the most the outcome payment can be.
    Cap,
    /// `P = s · clamp(V, 0, k · I_w)`.
    Payment,
    /// `A_w = (1 − r) · C · n / N`.
    ActivityFee,
    /// `A_w + P`, the premium and its bound `r · (k − 1)`.
    Premium,
    /// `Σ P`, `V − Σ P`, `1 − Σ s`.
    Funder,
    /// The whole term: fees for all `N` months, the window's outcome payment.
    WholeTerm,
    /// Payable amounts in whole öre, never above the cap.
    Rounding,
    /// The results of the parties: the project's net result `V − I_w`, the
    /// funder's `V − (I_w − Σ C_w) − Σ (A_w + P)`, each provider's
    /// `A_w + P − C_w`.
    Results,
    /// A dated amendment: an extension continues the contract at its agreed
    /// monthly rate, `N'`, `I' = I · N' / N`, `C' = C · N' / N`.
    Amendments,
}

impl Rule {
    /// Every rule, in the order of the method's sections.
    pub const ALL: [Rule; 17] = [
        Rule::OutcomeMonthly,
        Rule::OutcomeTotal,
        Rule::Value,
        Rule::StatedValue,
        Rule::Reduction,
        Rule::Window,
        Rule::Investment,
        Rule::Share,
        Rule::Cap,
        Rule::Payment,
        Rule::ActivityFee,
        Rule::Premium,
        Rule::Funder,
        Rule::WholeTerm,
        Rule::Rounding,
        Rule::Results,
        Rule::Amendments,
    ];

    /// The section of [`METHOD`] that states the rule: `3.4`.
    pub fn section(self) -> &'static str {
        self.parts().0
    }

    /// The section's title: `The cap`.
    pub fn title(self) -> &'static str {
        self.parts().1
    }

    fn parts(self) -> (&'static str, &'static str) {
        match self {
            Rule::OutcomeMonthly => ("2.2", "Outcome month by month"),
            Rule::OutcomeTotal => ("2.3", "Totals over the window"),
            Rule::Value => ("2.4", "Value of saved days"),
            Rule::StatedValue => ("2.5", "A stated value"),
            Rule::Reduction => ("2.6", "Reduction against the reference period and a target"),
            Rule::Window => ("3.1", "Term and measured window"),
            Rule::Investment => ("3.2", "Investment attributable to the window"),
            Rule::Share => ("3.3", "Share of each saved krona"),
            Rule::Cap => ("3.4", "The cap"),
            Rule::Payment => ("3.5", "Outcome payment"),
            Rule::ActivityFee => ("3.6", "Activity fee"),
            Rule::Premium => ("3.7", "Provider's pay and premium"),
            Rule::Funder => ("3.8", "The funder's part"),
            Rule::WholeTerm => ("3.9", "The whole term"),
            Rule::Rounding => ("3.11", "Rounding"),
            Rule::Results => ("3.12", "Results of the parties"),
            Rule::Amendments => ("4.2", "Amendments"),
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{METHOD} §{} {}", self.section(), self.title())
    }
}

/// `{"section": "3.4", "title": "The cap"}`.
impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Rule", 2)?;
        s.serialize_field("section", self.section())?;
        s.serialize_field("title", self.title())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::Rule;

    #[test]
    fn sections_are_distinct_and_in_order() {
        let numbers: Vec<Vec<u32>> = Rule::ALL
            .iter()
            .map(|r| r.section().split('.').map(|n| n.parse().unwrap()).collect())
            .collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
    }
}
