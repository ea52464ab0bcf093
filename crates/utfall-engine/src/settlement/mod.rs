//! The settlement (`docs/method.md` §3): what each provider is paid and what the
//! funder keeps, over the measured window and over the whole term.
//!
//! [`settle`] goes through the method's parts in order, each in a module of
//! its own, all recording their lines on one `Tracer`, so that a figure and
//! the line that explains it can never disagree:
//!
//! * `window`: the months, the investment attributable to the window, the
//!   project's net result (§3.1–3.2), and, once the providers are paid, the
//!   funder's part (§3.8);
//! * `share`: a provider's share of each saved krona, derived, stated or
//!   amended (§3.3, §4.2);
//! * `provider`: a provider's cap, outcome payment, activity fee and premium
//!   over the window (§3.4–3.7);
//! * `term`: the whole term, as agreed or extended (§3.9, §4.2);
//! * `payment`: the payment and fee figures without their lines, which a
//!   ledger computes for every settlement month too;
//! * `statement`: the [`Statement`] they fill.

mod payment;
mod provider;
mod share;
mod statement;
mod term;
mod window;

#[cfg(test)]
mod tests;

use rust_decimal::Decimal;

use crate::trace::{Entry, Line, Tracer, Unit};
use crate::{Contract, Error, ErrorKind, MonthRange, Outcome, Provider, Rule};

pub(crate) use payment::{fee_to_date, outcome_payment};
pub use statement::{ProviderSettlement, Section, Statement};

/// Settles `contract` on `outcome` (`docs/method.md` §3).
///
/// Over the measured window of `n` months (of the term's `N`): the investment
/// attributable to it `I_w = I · n / N`; for each provider the outcome payment
/// `P = s · clamp(V, 0, k · I_w)` and the activity fee `A_w = (1 − r) · C · n / N`;
/// the funder keeps `V − ΣP`; the project's net result is `V − I_w`. Over the
/// whole term: activity fees for all `N` months and the same outcome payment.
///
/// Outcome payments are rounded to whole öre, half away from zero, and never above
/// their cap rounded down to öre; activity fees are rounded down to öre, so that
/// the premium never exceeds `r · (k − 1)`; nothing else is rounded but products and quotients
/// at [`FIGURE_DP`](crate::FIGURE_DP) places.
///
/// # Errors
/// [`ErrorKind::WindowMismatch`] when `outcome` was measured over another
/// window than the contract's (under another contract, or as of another
/// month); [`ErrorKind::Overflow`] when a figure leaves the range of exact
/// decimals, [`ErrorKind::DivisionByZero`] when amounts are so small that a
/// divisor rounds to zero.
///
/// # Example
/// ```
/// use utfall_engine::{settle, Contract, Outcome};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
/// #     "/../../examples/botkyrka/contract-stated-share.toml")).unwrap();
/// // Botkyrka with the report's rounded share, s = 18.4 %:
/// let contract = Contract::from_toml_str(&text)?;
/// let statement = settle(&contract, &Outcome::from_value(&contract, "14700000".parse().unwrap(), None)?)?;
/// let aino = &statement.providers()[0];
/// assert_eq!(aino.outcome_payment.to_string(), "2704800.00");
/// assert_eq!(statement.figure("window.funder_keeps")?.to_string(), "11995200.00");
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn settle(contract: &Contract, outcome: &Outcome) -> Result<Statement, Error> {
    if outcome.window() != contract.window() {
        return Err(Error::new(ErrorKind::WindowMismatch {
            measured: outcome.window(),
            expected: contract.window(),
        }));
    }
    let g = Givens::new(contract, outcome);
    let mut t = Tracer::new(contract.sources());
    let mut notes = Vec::new();
    let i_w = window::record_window(&g, &mut t, &mut notes)?;
    let (window, term) = (g.window, contract.term());
    let mut sections = vec![section(
        "window",
        format!("Measured window {window} ({} of {} months)", window.len(), term.len()),
        &mut t,
    )];
    let mut providers = Vec::new();
    for (index, provider) in contract.providers().iter().enumerate() {
        let amended = share::amended_share(contract, index, provider, outcome)?;
        providers.push(provider::settle_provider(&g, provider, amended, &mut t, &mut notes)?);
        sections.push(section(
            &format!("provider[{}]", provider.name()),
            format!("{}, measured window", provider.name()),
            &mut t,
        ));
    }
    window::record_funder(&g, i_w, &providers, &mut t)?;
    sections.push(section(
        "funder",
        format!("{}, measured window", contract.funder()),
        &mut t,
    ));
    term::record_term(&g, &mut providers, &mut t)?;
    sections.push(section(
        "term",
        format!("Whole term {term} ({} months)", term.len()),
        &mut t,
    ));

    let mut all = outcome_sections(outcome);
    all.extend(sections);
    Ok(Statement {
        contract: contract.name().to_owned(),
        funder: contract.funder().to_owned(),
        reference_number: contract.reference_number().map(str::to_owned),
        target_reduction: contract.target_reduction(),
        has_schedule: contract.schedule().is_some(),
        currency: contract.currency().to_owned(),
        term,
        window,
        amended: contract.is_amended(),
        outcome: outcome.clone(),
        providers,
        sections: all,
        notes,
        sources: contract.sources().to_vec(),
    })
}

/// The lines recorded since the last section, as a section `id` titled `title`.
fn section(id: &str, title: String, t: &mut Tracer) -> Section {
    Section {
        id: id.to_owned(),
        title,
        lines: std::mem::take(&mut t.lines),
    }
}

/// The outcome's lines: its totals, then its months when it was measured
/// month by month.
fn outcome_sections(outcome: &Outcome) -> Vec<Section> {
    let (monthly, totals): (Vec<Line>, Vec<Line>) = outcome
        .trace()
        .iter()
        .cloned()
        .partition(|l| l.id.starts_with("month["));
    let mut sections = vec![Section {
        id: "outcome".to_owned(),
        title: "Outcome".to_owned(),
        lines: totals,
    }];
    if !monthly.is_empty() {
        sections.push(Section {
            id: "outcome.months".to_owned(),
            title: "Outcome month by month".to_owned(),
            lines: monthly,
        });
    }
    sections
}

/// An input of a line: its symbol in the formula, its value, and the line or
/// contract field it comes from.
type Input<'a> = (&'a str, Decimal, &'a str);

/// What every part of a settlement starts from: the contract's `I`, `d`, `N`
/// (and `N'`), the window's `n` and the outcome's `V`, each also as the input
/// a line shows.
struct Givens<'c> {
    contract: &'c Contract,
    window: MonthRange,
    /// `I`.
    i: Decimal,
    /// `d`.
    d: Decimal,
    /// `V`.
    v: Decimal,
    /// `n`, the months measured.
    n: Decimal,
    /// `N`, the months of the term as first agreed: an extension continues the
    /// contract at its agreed monthly rate, so the window's figures keep their
    /// `N` (`docs/method.md` §4.2); the whole term's figures grow by `N' / N`.
    big_n: Decimal,
    /// `N'`, the months of the term as extended, when an amendment extends it.
    extended: Option<Decimal>,
}

impl<'c> Givens<'c> {
    fn new(contract: &'c Contract, outcome: &Outcome) -> Self {
        Self {
            contract,
            window: contract.window(),
            i: contract.investment(),
            d: contract.day_value(),
            v: outcome.value(),
            n: Decimal::from(contract.window().len()),
            big_n: Decimal::from(contract.agreed_term().len()),
            extended: contract.is_extended().then(|| Decimal::from(contract.term().len())),
        }
    }

    fn i(&self) -> Input<'static> {
        ("I", self.i, "contract.investment")
    }

    fn d(&self) -> Input<'static> {
        ("d", self.d, "contract.day_value")
    }

    fn v(&self) -> Input<'static> {
        ("V", self.v, "outcome.value")
    }

    fn n(&self) -> Input<'static> {
        ("n", self.n, "window.months")
    }

    fn big_n(&self) -> Input<'static> {
        ("N", self.big_n, "term.months")
    }
}

/// `N'` as the input of a line.
fn extended_months(n_ext: Decimal) -> Input<'static> {
    ("N'", n_ext, "term.months_extended")
}

/// What a provider's line covers: the measured window or the whole term.
#[derive(Clone, Copy)]
enum Over {
    Window,
    Term,
}

impl Over {
    /// The activity fee's symbol.
    fn fee(self) -> &'static str {
        match self {
            Over::Window => "A_w",
            Over::Term => "A",
        }
    }

    /// What is covered, in words.
    fn words(self) -> &'static str {
        match self {
            Over::Window => "the window",
            Over::Term => "the term",
        }
    }
}

/// A provider's terms as its lines show them: `C`, `r` and `k`, each with the
/// contract field it comes from, and the ids of its lines.
struct ProviderTerms<'p> {
    provider: &'p Provider,
    contract_value: String,
    outcome_share: String,
    cap: String,
}

impl<'p> ProviderTerms<'p> {
    fn new(provider: &'p Provider) -> Self {
        let field = |key: &str| format!("contract.provider[{}].{key}", provider.name());
        Self {
            provider,
            contract_value: field("contract_value"),
            outcome_share: field("outcome_share"),
            cap: field("cap"),
        }
    }

    fn name(&self) -> &'p str {
        self.provider.name()
    }

    /// The id of the provider's line `key` over the window.
    fn id(&self, key: &str) -> String {
        self.id_over(Over::Window, key)
    }

    /// The id of the provider's line `key` over the whole term.
    fn term_id(&self, key: &str) -> String {
        self.id_over(Over::Term, key)
    }

    /// The id of the provider's line `key` over `over`.
    fn id_over(&self, over: Over, key: &str) -> String {
        match over {
            Over::Window => format!("provider[{}].{key}", self.name()),
            Over::Term => format!("term.provider[{}].{key}", self.name()),
        }
    }

    /// The provider's line `key` over the window.
    fn line<'a>(&self, key: &str, label: impl Into<String>, formula: &'a str, unit: Unit, rule: Rule) -> Entry<'a> {
        Entry::new(self.id(key), label, formula, unit, rule)
    }

    /// The provider's line `key` over the whole term.
    fn term_line<'a>(
        &self,
        key: &str,
        label: impl Into<String>,
        formula: &'a str,
        unit: Unit,
        rule: Rule,
    ) -> Entry<'a> {
        Entry::new(self.term_id(key), label, formula, unit, rule)
    }

    fn c(&self) -> Input<'_> {
        ("C", self.provider.contract_value(), &self.contract_value)
    }

    fn r(&self) -> Input<'_> {
        ("r", self.provider.outcome_share(), &self.outcome_share)
    }

    fn k(&self) -> Input<'_> {
        ("k", self.provider.cap(), &self.cap)
    }
}
