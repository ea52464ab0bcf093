//! The settlement (`docs/method.md` §3): what each provider is paid and what the
//! funder keeps, over the measured window and over the whole term.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::arith::{self, add, div, floor_to_ore, mul, round_to_ore, sub};
use crate::contract::derived_value_share;
use crate::trace::{Entry, Line, Tracer, Unit};
use crate::{Basis, Contract, Error, ErrorKind, MonthRange, Note, Outcome, Provider, Rule, TermSource};

/// A group of statement lines under a title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    /// What the lines are about.
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
    contract: String,
    currency: String,
    term: MonthRange,
    window: MonthRange,
    amended: bool,
    outcome: Outcome,
    providers: Vec<ProviderSettlement>,
    sections: Vec<Section>,
    notes: Vec<Note>,
    sources: Vec<TermSource>,
}

impl Statement {
    /// The contract's name.
    pub fn contract(&self) -> &str {
        &self.contract
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

fn entry<'a>(id: impl Into<String>, label: impl Into<String>, formula: &'a str, unit: Unit, rule: Rule) -> Entry<'a> {
    Entry {
        id: id.into(),
        label: label.into(),
        formula,
        unit,
        rule,
        terms: Vec::new(),
    }
}

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
/// [`ErrorKind::Overflow`] when a figure leaves the range of exact decimals;
/// a mismatch between the outcome's window and the contract's is reported as
/// [`ErrorKind::MeasurementEndOutsideTerm`].
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
        return Err(Error::new(ErrorKind::MeasurementEndOutsideTerm {
            end: outcome.window().end(),
            term: contract.window(),
        }));
    }
    let window = contract.window();
    let term = contract.term();
    // `N` is the term as first agreed: an extension continues the contract at
    // its agreed monthly rate, so the window's figures keep their `N`
    // (`docs/method.md` §4.2); the whole term's figures grow by `N' / N`.
    let big_n = Decimal::from(contract.agreed_term().len());
    let n = Decimal::from(window.len());
    let i = contract.investment();
    let d = contract.day_value();
    let v = outcome.value();
    let mut notes = Vec::new();

    // --- the measured window -------------------------------------------------
    let mut t = Tracer::new(contract.sources());
    let extended = contract.is_extended().then(|| Decimal::from(term.len()));
    t.record(
        entry(
            "term.months",
            if extended.is_some() {
                "months in the term as first agreed"
            } else {
                "months in the term"
            },
            "N",
            Unit::Months,
            Rule::Window,
        )
        .resting_on(["contract.term".to_owned()]),
        &[],
        big_n,
    );
    if let Some(n_ext) = extended {
        t.record(
            entry(
                "term.months_extended",
                "months in the term as extended",
                "N'",
                Unit::Months,
                Rule::Amendments,
            )
            .resting_on(contract.term_terms()),
            &[],
            n_ext,
        );
    }
    t.record(
        entry(
            "window.months",
            format!("months measured, {window}"),
            "n",
            Unit::Months,
            Rule::Window,
        )
        .resting_on(contract.window_terms()),
        &[],
        n,
    );
    t.record(
        entry(
            "window.investment_per_month",
            "investment per project month",
            "I / N",
            Unit::Money,
            Rule::Investment,
        ),
        &[("I", i, "contract.investment"), ("N", big_n, "term.months")],
        div(i, big_n, "I / N")?,
    );
    let i_w = t.record(
        entry(
            "window.investment",
            "investment attributable to the window",
            "I · n / N",
            Unit::Money,
            Rule::Investment,
        ),
        &[
            ("I", i, "contract.investment"),
            ("n", n, "window.months"),
            ("N", big_n, "term.months"),
        ],
        div(mul(i, n, "I_w")?, big_n, "I_w = I · n / N")?,
    );
    t.record(
        entry(
            "window.net_result",
            "project net result over the window",
            "V − I_w",
            Unit::Money,
            Rule::Investment,
        ),
        &[("V", v, "outcome.value"), ("I_w", i_w, "window.investment")],
        sub(v, i_w, "V − I_w")?,
    );
    t.record(
        entry(
            "window.break_even_days",
            "saved days needed to break even (V = I_w)",
            "I_w / d",
            Unit::Days,
            Rule::Investment,
        ),
        &[("I_w", i_w, "window.investment"), ("d", d, "contract.day_value")],
        div(i_w, d, "I_w / d")?,
    );
    if let Some(as_of) = contract.seen_as_of().filter(|m| *m < contract.measurement_end()) {
        notes.push(Note::Interim {
            as_of,
            window,
            term_months: term.len(),
        });
    } else if contract.is_amended() {
        notes.push(Note::Amended {
            window,
            measured: window.len(),
            term_months: term.len(),
        });
    }
    if v < i_w {
        notes.push(Note::NotBrokenEven { window });
    }
    if v < Decimal::ZERO {
        notes.push(Note::NegativeValue);
    }
    let mut sections = vec![Section {
        title: format!("Measured window {window} ({} of {} months)", window.len(), term.len()),
        lines: std::mem::take(&mut t.lines),
    }];

    let mut providers = Vec::new();
    let mut payments = Vec::new();
    let mut shares = Vec::new();
    for (index, provider) in contract.providers().iter().enumerate() {
        let amended = amended_share(contract, index, provider, outcome)?;
        let figures = settle_provider(contract, provider, v, amended, &mut t, &mut notes)?;
        payments.push(figures.outcome_payment);
        shares.push(figures.value_share);
        providers.push(figures);
        sections.push(Section {
            title: format!("{}, measured window", provider.name()),
            lines: std::mem::take(&mut t.lines),
        });
    }

    // --- the funder ------------------------------------------------------------
    let paid = t.record(
        entry(
            "window.outcome_payments",
            "outcome payments to all providers",
            "Σ P",
            Unit::Money,
            Rule::Funder,
        ),
        &[],
        arith::sum(payments.iter().copied(), "Σ P")?,
    );
    t.record(
        entry(
            "window.funder_keeps",
            "value kept by the funder",
            "V − Σ P",
            Unit::Money,
            Rule::Funder,
        ),
        &[("V", v, "outcome.value"), ("Σ P", paid, "window.outcome_payments")],
        sub(v, paid, "V − Σ P")?,
    );
    let share_sum = arith::sum(shares.iter().copied(), "Σ s")?;
    let share_ids = contract
        .providers()
        .iter()
        .map(|p| format!("provider[{}].value_share", p.name()))
        .collect::<Vec<_>>()
        .join(" + ");
    t.record(
        entry(
            "window.funder_share",
            "funder's share of each saved krona",
            "1 − Σ s",
            Unit::Share,
            Rule::Funder,
        ),
        &[("Σ s", share_sum, &share_ids)],
        sub(Decimal::ONE, share_sum, "1 − Σ s")?,
    );
    sections.push(Section {
        title: "Funder, measured window".to_owned(),
        lines: std::mem::take(&mut t.lines),
    });

    // --- the whole term (`docs/method.md` §3.9) -------------------------------------------
    match extended {
        None => {
            t.record(
                entry(
                    "term.investment",
                    "investment over the whole term",
                    "I",
                    Unit::Money,
                    Rule::WholeTerm,
                ),
                &[("I", i, "contract.investment")],
                i,
            );
            t.record(
                entry(
                    "term.net_result",
                    "project net result over the term (outcome measured in the window only)",
                    "V − I",
                    Unit::Money,
                    Rule::WholeTerm,
                ),
                &[("V", v, "outcome.value"), ("I", i, "contract.investment")],
                sub(v, i, "V − I")?,
            );
        }
        // An extension continues the investment at its agreed monthly rate.
        Some(n_ext) => {
            let i_ext = t.record(
                entry(
                    "term.investment",
                    "investment over the whole term, extended at the agreed monthly rate",
                    "I' = I · N' / N",
                    Unit::Money,
                    Rule::Amendments,
                ),
                &[
                    ("I", i, "contract.investment"),
                    ("N'", n_ext, "term.months_extended"),
                    ("N", big_n, "term.months"),
                ],
                div(mul(i, n_ext, "I · N'")?, big_n, "I' = I · N' / N")?,
            );
            t.record(
                entry(
                    "term.net_result",
                    "project net result over the term (outcome measured in the window only)",
                    "V − I'",
                    Unit::Money,
                    Rule::WholeTerm,
                ),
                &[("V", v, "outcome.value"), ("I'", i_ext, "term.investment")],
                sub(v, i_ext, "V − I'")?,
            );
        }
    }
    for (provider, figures) in contract.providers().iter().zip(providers.iter_mut()) {
        settle_provider_term(contract, provider, figures, extended, &mut t)?;
    }
    sections.push(Section {
        title: format!("Whole term {term} ({} months)", term.len()),
        lines: std::mem::take(&mut t.lines),
    });

    let mut all = vec![Section {
        title: "Outcome".to_owned(),
        lines: outcome
            .trace()
            .iter()
            .filter(|l| !l.id.starts_with("month["))
            .cloned()
            .collect(),
    }];
    let monthly: Vec<Line> = outcome
        .trace()
        .iter()
        .filter(|l| l.id.starts_with("month["))
        .cloned()
        .collect();
    if !monthly.is_empty() {
        all.push(Section {
            title: "Outcome month by month".to_owned(),
            lines: monthly,
        });
    }
    all.extend(sections);

    Ok(Statement {
        contract: contract.name().to_owned(),
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

/// One provider over the measured window.
/// A provider's share when an amendment changes it within the window: each
/// month's share weighted by the month's value of saved days where positive,
/// `s = Σ s(m) · V⁺(m) / Σ V⁺(m)`, with the inputs by runs of months with one
/// share. From a stated value there are no months to weigh: the share in force
/// in the window's last month.
struct AmendedShare {
    share: Decimal,
    inputs: Vec<(String, Decimal, String)>,
    /// The amendments that set the share within the window.
    terms: Vec<String>,
}

fn amended_share(
    contract: &Contract,
    index: usize,
    provider: &Provider,
    outcome: &Outcome,
) -> Result<Option<AmendedShare>, Error> {
    if !contract.share_amended(index) {
        return Ok(None);
    }
    let derived = derived_value_share(provider, contract.investment())?;
    let share_at = |m| contract.value_share_at(index, m).unwrap_or(derived);
    let window = contract.window();
    let Basis::Monthly { months, .. } = outcome.basis() else {
        let share = share_at(window.end());
        return Ok(Some(AmendedShare {
            share,
            inputs: vec![("s".to_owned(), share, format!("share in force in {}", window.end()))],
            terms: contract.share_terms(index),
        }));
    };
    // Runs of months with one share: (share, first, last, Σ V⁺).
    let mut runs: Vec<(Decimal, crate::Month, crate::Month, Decimal)> = Vec::new();
    for m in months {
        let value = mul(m.saved_days, contract.day_value_at(m.month), "V(m)")?.max(Decimal::ZERO);
        let share = share_at(m.month);
        match runs.last_mut() {
            Some(run) if run.0 == share => {
                run.2 = m.month;
                run.3 = add(run.3, value, "Σ V⁺(m)")?;
            }
            _ => runs.push((share, m.month, m.month, value)),
        }
    }
    let weighted = runs
        .iter()
        .try_fold(Decimal::ZERO, |acc, r| add(acc, mul(r.0, r.3, "s · V⁺")?, "Σ s · V⁺"))?;
    let total = runs.iter().try_fold(Decimal::ZERO, |acc, r| add(acc, r.3, "Σ V⁺"))?;
    let share = if total > Decimal::ZERO {
        div(weighted, total, "Σ s · V⁺ / Σ V⁺")?
    } else {
        share_at(window.end())
    };
    let mut inputs = Vec::new();
    for (k, (s, first, last, value)) in runs.iter().enumerate() {
        let months = format!("months {first} – {last}");
        inputs.push((format!("s{}", k + 1), *s, months.clone()));
        inputs.push((format!("V⁺{}", k + 1), *value, months));
    }
    Ok(Some(AmendedShare {
        share,
        inputs,
        terms: contract.share_terms(index),
    }))
}

fn settle_provider(
    contract: &Contract,
    provider: &Provider,
    v: Decimal,
    amended: Option<AmendedShare>,
    t: &mut Tracer,
    notes: &mut Vec<Note>,
) -> Result<ProviderSettlement, Error> {
    let name = provider.name();
    let id = |key: &str| format!("provider[{name}].{key}");
    let field = |key: &str| format!("contract.provider[{name}].{key}");
    let (i, c, r, k) = (
        contract.investment(),
        provider.contract_value(),
        provider.outcome_share(),
        provider.cap(),
    );
    let big_n = Decimal::from(contract.agreed_term().len());
    let n = Decimal::from(contract.window().len());

    t.record(
        entry(
            id("investment_share"),
            format!("{name}'s part of the investment"),
            "C / I",
            Unit::Share,
            Rule::Share,
        ),
        &[("C", c, &field("contract_value")), ("I", i, "contract.investment")],
        div(c, i, "C / I")?,
    );
    let derived = derived_value_share(provider, i)?;
    let stated = amended.as_ref().map(|a| a.share).or(provider.stated_value_share());
    let s = match stated {
        None => t.record(
            entry(
                id("value_share"),
                format!("{name}'s share of each saved krona"),
                "s = r · C / I",
                Unit::Share,
                Rule::Share,
            ),
            &[
                ("r", r, &field("outcome_share")),
                ("C", c, &field("contract_value")),
                ("I", i, "contract.investment"),
            ],
            derived,
        ),
        Some(s) => {
            t.record(
                entry(
                    id("value_share_derived"),
                    "share of each saved krona implied by the terms",
                    "r · C / I",
                    Unit::Share,
                    Rule::Share,
                ),
                &[
                    ("r", r, &field("outcome_share")),
                    ("C", c, &field("contract_value")),
                    ("I", i, "contract.investment"),
                ],
                derived,
            );
            match &amended {
                Some(a) => {
                    let inputs: Vec<(&str, Decimal, &str)> = a
                        .inputs
                        .iter()
                        .map(|(sym, v, from)| (sym.as_str(), *v, from.as_str()))
                        .collect();
                    t.record(
                        entry(
                            id("value_share"),
                            format!("{name}'s share of each saved krona (amended: weighted by month)"),
                            "s = Σ s(m) · V⁺(m) / Σ V⁺(m)",
                            Unit::Share,
                            Rule::Share,
                        )
                        .resting_on(a.terms.iter().cloned()),
                        &inputs,
                        s,
                    );
                }
                None => {
                    t.record(
                        entry(
                            id("value_share"),
                            format!("{name}'s share of each saved krona (stated in the contract)"),
                            "s",
                            Unit::Share,
                            Rule::Share,
                        ),
                        &[("s", s, &field("value_share"))],
                        s,
                    );
                }
            }
            t.record(
                entry(
                    id("value_share_difference"),
                    "stated share less the share implied by the terms",
                    "s − r · C / I",
                    Unit::Share,
                    Rule::Share,
                ),
                &[
                    ("s", s, &id("value_share")),
                    ("r · C / I", derived, &id("value_share_derived")),
                ],
                sub(s, derived, "s − r · C / I")?,
            );
            notes.push(match &amended {
                Some(_) => Note::AmendedShare {
                    provider: name.to_owned(),
                    share: s,
                    derived,
                },
                None => Note::StatedShare {
                    provider: name.to_owned(),
                    stated: s,
                    derived,
                },
            });
            s
        }
    };

    let figures = outcome_payment(i, provider, stated, v, n, big_n)?;
    // The cap on the value counted: k · I_w, computed from I so it is rounded once.
    let cap_value = t.record(
        entry(
            id("cap_value"),
            "value of saved days where the cap is reached",
            "k · I · n / N",
            Unit::Money,
            Rule::Cap,
        ),
        &[
            ("k", k, &field("cap")),
            ("I", i, "contract.investment"),
            ("n", n, "window.months"),
            ("N", big_n, "term.months"),
        ],
        figures.cap_value,
    );
    let counted = t.record(
        entry(
            id("counted_value"),
            "value counted for the outcome payment",
            "clamp(V, 0, k · I_w)",
            Unit::Money,
            Rule::Cap,
        ),
        &[("V", v, "outcome.value"), ("k · I_w", cap_value, &id("cap_value"))],
        figures.counted,
    );
    if v > cap_value {
        notes.push(Note::Capped {
            provider: name.to_owned(),
        });
    }
    // With a derived share, s · x is computed as r · C · x / I: one rounding, and
    // the full-term cap comes out at exactly r · k · C (6 303 825 for Botkyrka).
    let (exact, cap) = match stated {
        None => (
            t.record(
                entry(
                    id("outcome_payment_exact"),
                    "outcome payment before rounding",
                    "s · clamp(V, 0, k · I_w) = r · C · clamp / I",
                    Unit::Money,
                    Rule::Payment,
                ),
                &[
                    ("r", r, &field("outcome_share")),
                    ("C", c, &field("contract_value")),
                    ("clamp", counted, &id("counted_value")),
                    ("I", i, "contract.investment"),
                ],
                figures.exact,
            ),
            t.record(
                entry(
                    id("outcome_cap"),
                    "most the outcome payment can be over the window",
                    "s · k · I_w = r · C · k · n / N",
                    Unit::Money,
                    Rule::Cap,
                ),
                &[
                    ("r", r, &field("outcome_share")),
                    ("C", c, &field("contract_value")),
                    ("k", k, &field("cap")),
                    ("n", n, "window.months"),
                    ("N", big_n, "term.months"),
                ],
                figures.cap,
            ),
        ),
        Some(s) => (
            t.record(
                entry(
                    id("outcome_payment_exact"),
                    "outcome payment before rounding",
                    "s · clamp(V, 0, k · I_w)",
                    Unit::Money,
                    Rule::Payment,
                ),
                &[("s", s, &id("value_share")), ("clamp", counted, &id("counted_value"))],
                figures.exact,
            ),
            t.record(
                entry(
                    id("outcome_cap"),
                    "most the outcome payment can be over the window",
                    "s · k · I · n / N",
                    Unit::Money,
                    Rule::Cap,
                ),
                &[
                    ("s", s, &id("value_share")),
                    ("k", k, &field("cap")),
                    ("I", i, "contract.investment"),
                    ("n", n, "window.months"),
                    ("N", big_n, "term.months"),
                ],
                figures.cap,
            ),
        ),
    };
    let payment = t.record(
        entry(
            id("outcome_payment"),
            format!("{name}'s outcome payment"),
            "min(P rounded to öre, cap rounded down to öre)",
            Unit::Money,
            Rule::Rounding,
        ),
        &[
            ("P", exact, &id("outcome_payment_exact")),
            ("cap", cap, &id("outcome_cap")),
        ],
        figures.payment,
    );
    let fee_exact = t.record(
        entry(
            id("activity_fee_exact"),
            "activity fee over the window before rounding",
            "(1 − r) · C · n / N",
            Unit::Money,
            Rule::ActivityFee,
        ),
        &[
            ("r", r, &field("outcome_share")),
            ("C", c, &field("contract_value")),
            ("n", n, "window.months"),
            ("N", big_n, "term.months"),
        ],
        div(
            mul(
                mul(sub(Decimal::ONE, r, "1 − r")?, c, "(1 − r) · C")?,
                n,
                "(1 − r) · C · n",
            )?,
            big_n,
            "A_w",
        )?,
    );
    let fee = t.record(
        entry(
            id("activity_fee"),
            format!("{name}'s activity fee over the window"),
            "A_w rounded down to öre",
            Unit::Money,
            Rule::Rounding,
        ),
        &[("A_w", fee_exact, &id("activity_fee_exact"))],
        floor_to_ore(fee_exact),
    );
    let total = t.record(
        entry(
            id("total"),
            format!("{name}'s pay over the window"),
            "A_w + P",
            Unit::Money,
            Rule::Premium,
        ),
        &[
            ("A_w", fee, &id("activity_fee")),
            ("P", payment, &id("outcome_payment")),
        ],
        add(fee, payment, "A_w + P")?,
    );
    let c_w = t.record(
        entry(
            id("contract_value_window"),
            "contract value attributable to the window",
            "C · n / N",
            Unit::Money,
            Rule::Premium,
        ),
        &[
            ("C", c, &field("contract_value")),
            ("n", n, "window.months"),
            ("N", big_n, "term.months"),
        ],
        div(mul(c, n, "C · n")?, big_n, "C · n / N")?,
    );
    let premium = t.record(
        entry(
            id("premium"),
            format!("{name}'s premium over its contract value"),
            "(A_w + P) / (C · n / N) − 1",
            Unit::Share,
            Rule::Premium,
        ),
        &[
            ("A_w + P", total, &id("total")),
            ("C · n / N", c_w, &id("contract_value_window")),
        ],
        sub(div(total, c_w, "premium")?, Decimal::ONE, "premium")?,
    );
    let bound = t.record(
        entry(
            id("premium_bound"),
            "most the premium can be when s = r · C / I",
            "r · (k − 1)",
            Unit::Share,
            Rule::Premium,
        ),
        &[("r", r, &field("outcome_share")), ("k", k, &field("cap"))],
        mul(r, sub(k, Decimal::ONE, "k − 1")?, "r · (k − 1)")?,
    );
    if stated.is_some_and(|s| s > derived) {
        let most = t.record(
            entry(
                id("premium_bound_stated"),
                "most the premium can be with the stated share",
                "s · k · I / C − r",
                Unit::Share,
                Rule::Premium,
            ),
            &[
                ("s", s, &id("value_share")),
                ("k", k, &field("cap")),
                ("I", i, "contract.investment"),
                ("C", c, &field("contract_value")),
                ("r", r, &field("outcome_share")),
            ],
            sub(
                div(mul(mul(s, k, "s · k")?, i, "s · k · I")?, c, "s · k · I / C")?,
                r,
                "premium bound",
            )?,
        );
        notes.push(Note::PremiumAboveBound {
            provider: name.to_owned(),
            most,
            bound,
        });
    }
    Ok(ProviderSettlement {
        name: name.to_owned(),
        value_share: s,
        value_share_stated: stated.is_some(),
        outcome_payment: payment,
        outcome_cap: cap,
        capped: v > cap_value,
        activity_fee_window: fee,
        activity_fee_term: Decimal::ZERO,
        total_window: total,
        total_term: Decimal::ZERO,
        premium_window: premium,
        premium_bound: bound,
    })
}

/// A provider's outcome payment over a window of `n` of the `N` months of
/// the term as agreed (`docs/method.md` §3.4, §3.5): the figures of its lines,
/// computed once for [`settle`] and for a ledger.
pub(crate) struct PaymentFigures {
    /// `k · I · n / N`.
    pub(crate) cap_value: Decimal,
    /// `clamp(V, 0, k · I_w)`.
    pub(crate) counted: Decimal,
    /// `P` before rounding.
    pub(crate) exact: Decimal,
    /// The most `P` can be over the window.
    pub(crate) cap: Decimal,
    /// `P` paid: `min(P rounded to öre, cap rounded down to öre)`.
    pub(crate) payment: Decimal,
}

/// The outcome payment of `provider` for a value `v` with the share
/// `stated` (stated or amended) or, when `None`, `r · C / I`.
pub(crate) fn outcome_payment(
    i: Decimal,
    provider: &Provider,
    stated: Option<Decimal>,
    v: Decimal,
    n: Decimal,
    big_n: Decimal,
) -> Result<PaymentFigures, Error> {
    let (c, r, k) = (provider.contract_value(), provider.outcome_share(), provider.cap());
    let cap_value = div(mul(mul(k, i, "k · I")?, n, "k · I · n")?, big_n, "k · I_w")?;
    let counted = v.max(Decimal::ZERO).min(cap_value);
    let (exact, cap) = match stated {
        None => (
            div(mul(mul(r, c, "r · C")?, counted, "r · C · clamp")?, i, "P")?,
            div(
                mul(mul(mul(r, c, "r · C")?, k, "r · C · k")?, n, "r · C · k · n")?,
                big_n,
                "outcome cap",
            )?,
        ),
        Some(s) => (
            mul(s, counted, "P")?,
            div(
                mul(mul(mul(s, k, "s · k")?, i, "s · k · I")?, n, "s · k · I · n")?,
                big_n,
                "outcome cap",
            )?,
        ),
    };
    Ok(PaymentFigures {
        cap_value,
        counted,
        exact,
        cap,
        payment: round_to_ore(exact).min(floor_to_ore(cap)),
    })
}

/// One provider over the whole term: fees for all `N` months, the window's
/// outcome payment (`docs/method.md` §3.9). With the term extended to
/// `extended` months (`N'`), the contract value, the fee and the full-term cap
/// grow by `N' / N`: the contract continues at its agreed monthly rate
/// (`docs/method.md` §4.2).
fn settle_provider_term(
    contract: &Contract,
    provider: &Provider,
    figures: &mut ProviderSettlement,
    extended: Option<Decimal>,
    t: &mut Tracer,
) -> Result<(), Error> {
    let name = provider.name();
    let id = |key: &str| format!("term.provider[{name}].{key}");
    let field = |key: &str| format!("contract.provider[{name}].{key}");
    let (i, c, r, k) = (
        contract.investment(),
        provider.contract_value(),
        provider.outcome_share(),
        provider.cap(),
    );
    let big_n = Decimal::from(contract.agreed_term().len());
    // C' = C · N' / N, the contract value of the term as extended.
    let c_ext = match extended {
        None => None,
        Some(n_ext) => Some((
            n_ext,
            t.record(
                entry(
                    id("contract_value"),
                    format!("{name}'s contract value over the whole term, extended at the agreed monthly rate"),
                    "C' = C · N' / N",
                    Unit::Money,
                    Rule::Amendments,
                ),
                &[
                    ("C", c, &field("contract_value")),
                    ("N'", n_ext, "term.months_extended"),
                    ("N", big_n, "term.months"),
                ],
                div(mul(c, n_ext, "C · N'")?, big_n, "C' = C · N' / N")?,
            ),
        )),
    };
    let fee_exact = match c_ext {
        None => t.record(
            entry(
                id("activity_fee_exact"),
                "activity fee over the term before rounding",
                "A = (1 − r) · C",
                Unit::Money,
                Rule::ActivityFee,
            ),
            &[("r", r, &field("outcome_share")), ("C", c, &field("contract_value"))],
            mul(sub(Decimal::ONE, r, "1 − r")?, c, "A")?,
        ),
        // Computed from C, not from the rounded C', so that it is the fee to
        // date of the term's last month, (1 − r) · C · m / N with m = N'.
        Some((n_ext, _)) => t.record(
            entry(
                id("activity_fee_exact"),
                "activity fee over the term as extended, before rounding",
                "A = (1 − r) · C · N' / N",
                Unit::Money,
                Rule::ActivityFee,
            ),
            &[
                ("r", r, &field("outcome_share")),
                ("C", c, &field("contract_value")),
                ("N'", n_ext, "term.months_extended"),
                ("N", big_n, "term.months"),
            ],
            fee_to_date(provider, n_ext, big_n)?,
        ),
    };
    let fee = t.record(
        entry(
            id("activity_fee"),
            format!("{name}'s activity fee over the term"),
            "A rounded down to öre",
            Unit::Money,
            Rule::Rounding,
        ),
        &[("A", fee_exact, &id("activity_fee_exact"))],
        floor_to_ore(fee_exact),
    );
    let payment = t.record(
        entry(
            id("outcome_payment"),
            format!("{name}'s outcome payment (measured window only)"),
            "P",
            Unit::Money,
            Rule::WholeTerm,
        ),
        &[(
            "P",
            figures.outcome_payment,
            &format!("provider[{name}].outcome_payment"),
        )],
        figures.outcome_payment,
    );
    let stated = figures.value_share_stated.then_some(figures.value_share);
    match (stated, c_ext) {
        (None, None) => t.record(
            entry(
                id("outcome_cap"),
                "most the outcome payment could be over the full term",
                "r · k · C",
                Unit::Money,
                Rule::Cap,
            ),
            &[
                ("r", r, &field("outcome_share")),
                ("k", k, &field("cap")),
                ("C", c, &field("contract_value")),
            ],
            mul(mul(r, k, "r · k")?, c, "r · k · C")?,
        ),
        (Some(s), None) => t.record(
            entry(
                id("outcome_cap"),
                "most the outcome payment could be over the full term",
                "s · k · I",
                Unit::Money,
                Rule::Cap,
            ),
            &[
                ("s", s, &format!("provider[{name}].value_share")),
                ("k", k, &field("cap")),
                ("I", i, "contract.investment"),
            ],
            mul(mul(s, k, "s · k")?, i, "s · k · I")?,
        ),
        (None, Some((n_ext, _))) => t.record(
            entry(
                id("outcome_cap"),
                "most the outcome payment could be over the full term as extended",
                "r · k · C · N' / N",
                Unit::Money,
                Rule::Cap,
            ),
            &[
                ("r", r, &field("outcome_share")),
                ("k", k, &field("cap")),
                ("C", c, &field("contract_value")),
                ("N'", n_ext, "term.months_extended"),
                ("N", big_n, "term.months"),
            ],
            div(
                mul(mul(mul(r, k, "r · k")?, c, "r · k · C")?, n_ext, "r · k · C · N'")?,
                big_n,
                "r · k · C · N' / N",
            )?,
        ),
        (Some(s), Some((n_ext, _))) => t.record(
            entry(
                id("outcome_cap"),
                "most the outcome payment could be over the full term as extended",
                "s · k · I · N' / N",
                Unit::Money,
                Rule::Cap,
            ),
            &[
                ("s", s, &format!("provider[{name}].value_share")),
                ("k", k, &field("cap")),
                ("I", i, "contract.investment"),
                ("N'", n_ext, "term.months_extended"),
                ("N", big_n, "term.months"),
            ],
            div(
                mul(mul(mul(s, k, "s · k")?, i, "s · k · I")?, n_ext, "s · k · I · N'")?,
                big_n,
                "s · k · I · N' / N",
            )?,
        ),
    };
    let total = t.record(
        entry(
            id("total"),
            format!("{name}'s pay over the term"),
            "A + P",
            Unit::Money,
            Rule::Premium,
        ),
        &[("A", fee, &id("activity_fee")), ("P", payment, &id("outcome_payment"))],
        add(fee, payment, "A + P")?,
    );
    match c_ext {
        None => t.record(
            entry(
                id("premium"),
                format!("{name}'s premium over its contract value, whole term"),
                "(A + P) / C − 1",
                Unit::Share,
                Rule::Premium,
            ),
            &[("A + P", total, &id("total")), ("C", c, &field("contract_value"))],
            sub(div(total, c, "(A + P) / C")?, Decimal::ONE, "premium")?,
        ),
        Some((_, c_ext)) => t.record(
            entry(
                id("premium"),
                format!("{name}'s premium over its contract value, whole term as extended"),
                "(A + P) / C' − 1",
                Unit::Share,
                Rule::Premium,
            ),
            &[("A + P", total, &id("total")), ("C'", c_ext, &id("contract_value"))],
            sub(div(total, c_ext, "(A + P) / C'")?, Decimal::ONE, "premium")?,
        ),
    };
    figures.activity_fee_term = fee;
    figures.total_term = total;
    Ok(())
}

/// The activity fee for the first `months` months of the term before
/// rounding, `(1 − r) · C · m / N` with the `N` months of the term as first
/// agreed (`docs/method.md` §4.1, §4.2): the agreed monthly fee, whatever
/// an extension adds.
pub(crate) fn fee_to_date(provider: &Provider, months: Decimal, agreed_months: Decimal) -> Result<Decimal, Error> {
    let a = mul(
        sub(Decimal::ONE, provider.outcome_share(), "1 − r")?,
        provider.contract_value(),
        "(1 − r) · C",
    )?;
    div(mul(a, months, "(1 − r) · C · m")?, agreed_months, "(1 − r) · C · m / N")
}

#[cfg(test)]
mod tests {
    //! Every formula of `docs/method.md` §3 on small numbers worked by hand.
    use super::*;

    use crate::hand::{contract, d};

    fn at(contract: &Contract, value: &str) -> Statement {
        settle(contract, &Outcome::from_value(contract, d(value), None).unwrap()).unwrap()
    }

    #[test]
    fn window_figures() {
        let s = at(&contract(""), "400");
        let f = |id: &str| s.figure(id).unwrap();
        assert_eq!(f("window.investment_per_month"), d("100")); // 1 200 / 12
        assert_eq!(f("window.investment"), d("600")); // 1 200 · 6 / 12
        assert_eq!(f("window.net_result"), d("-200")); // 400 − 600
        assert_eq!(f("window.break_even_days"), d("60")); // 600 / 10
        assert_eq!(f("provider[P].value_share"), d("0.25")); // 0.5 · 600 / 1 200
        assert_eq!(f("provider[P].investment_share"), d("0.5")); // 600 / 1 200
        assert_eq!(f("provider[P].cap_value"), d("900")); // 1.5 · 600
        assert_eq!(f("provider[P].outcome_cap"), d("225")); // 0.25 · 900
        assert_eq!(f("provider[P].outcome_payment"), d("100")); // 0.25 · 400
        assert_eq!(f("provider[P].activity_fee"), d("150")); // 0.5 · 600 · 6 / 12
        assert_eq!(f("provider[P].total"), d("250"));
        assert_eq!(f("provider[P].contract_value_window"), d("300"));
        assert_eq!(f("provider[P].premium"), d("-0.1666666666666667")); // 250 / 300 − 1
        assert_eq!(f("provider[P].premium_bound"), d("0.25")); // 0.5 · (1.5 − 1)
        assert_eq!(f("window.funder_keeps"), d("300")); // 400 − 100
        assert_eq!(f("window.funder_share"), d("0.75"));
    }

    #[test]
    fn whole_term_figures() {
        let s = at(&contract(""), "400");
        let f = |id: &str| s.figure(id).unwrap();
        assert_eq!(f("term.investment"), d("1200"));
        assert_eq!(f("term.net_result"), d("-800")); // 400 − 1 200
        assert_eq!(f("term.provider[P].activity_fee"), d("300")); // 0.5 · 600
        assert_eq!(f("term.provider[P].outcome_payment"), d("100"));
        assert_eq!(f("term.provider[P].outcome_cap"), d("450")); // 0.5 · 1.5 · 600
        assert_eq!(f("term.provider[P].total"), d("400"));
        assert_eq!(f("term.provider[P].premium"), d("-0.3333333333333333")); // 400 / 600 − 1
        assert!(s.amended());
        assert!(s.notes().iter().any(|n| {
            n.to_string()
                .contains("only the activity fee is paid for the remaining 6 months")
        }));
    }

    /// The hand contract extended from 12 to 18 months by an amendment
    /// agreed in December 2020 (`docs/method.md` §4.2).
    const EXTENDED: &str = "[[amendment]]\nagreed = \"2020-12\"\nterm_end = \"2021-06\"\n";

    #[test]
    fn an_extension_leaves_the_window_as_agreed() {
        let c = contract(EXTENDED);
        assert_eq!((c.agreed_term().len(), c.term().len(), c.window().len()), (12, 18, 6));
        let s = at(&c, "400");
        let f = |id: &str| s.figure(id).unwrap();
        assert_eq!(f("term.months"), d("12")); // N, as agreed
        assert_eq!(f("term.months_extended"), d("18")); // N'
        assert_eq!(s.line("term.months_extended").unwrap().formula, "N'");
        assert_eq!(f("window.months"), d("6"));
        // The same figures as without the extension (`window_figures`).
        assert_eq!(f("window.investment_per_month"), d("100")); // 1 200 / 12
        assert_eq!(f("window.investment"), d("600")); // 1 200 · 6 / 12, not 1 200 · 6 / 18 = 400
        assert_eq!(f("window.net_result"), d("-200")); // 400 − 600
        assert_eq!(f("window.break_even_days"), d("60")); // 600 / 10
        assert_eq!(f("provider[P].investment_share"), d("0.5")); // 600 / 1 200
        assert_eq!(f("provider[P].value_share"), d("0.25")); // 0.5 · 600 / 1 200
        assert_eq!(f("provider[P].cap_value"), d("900")); // 1.5 · 1 200 · 6 / 12
        assert_eq!(f("provider[P].counted_value"), d("400"));
        assert_eq!(f("provider[P].outcome_payment_exact"), d("100")); // 0.5 · 600 · 400 / 1 200
        assert_eq!(f("provider[P].outcome_cap"), d("225")); // 0.5 · 600 · 1.5 · 6 / 12
        assert_eq!(f("provider[P].outcome_payment"), d("100"));
        assert_eq!(f("provider[P].activity_fee_exact"), d("150")); // 0.5 · 600 · 6 / 12
        assert_eq!(f("provider[P].activity_fee"), d("150"));
        assert_eq!(f("provider[P].total"), d("250")); // 150 + 100
        assert_eq!(f("provider[P].contract_value_window"), d("300")); // 600 · 6 / 12
        assert_eq!(f("provider[P].premium"), d("-0.1666666666666667")); // 250 / 300 − 1
        assert_eq!(f("provider[P].premium_bound"), d("0.25")); // 0.5 · (1.5 − 1)
        assert_eq!(f("window.outcome_payments"), d("100"));
        assert_eq!(f("window.funder_keeps"), d("300")); // 400 − 100
        assert_eq!(f("window.funder_share"), d("0.75")); // 1 − 0.25
    }

    #[test]
    fn an_extension_continues_the_whole_term_at_the_agreed_monthly_rate() {
        let s = at(&contract(EXTENDED), "400");
        let f = |id: &str| s.figure(id).unwrap();
        let formula = |id: &str| s.line(id).unwrap().formula.clone();
        assert_eq!(f("term.investment"), d("1800")); // I' = 1 200 · 18 / 12
        assert_eq!(formula("term.investment"), "I' = I · N' / N");
        assert_eq!(f("term.net_result"), d("-1400")); // V − I' = 400 − 1 800
        assert_eq!(formula("term.net_result"), "V − I'");
        assert_eq!(f("term.provider[P].contract_value"), d("900")); // C' = 600 · 18 / 12
        assert_eq!(formula("term.provider[P].contract_value"), "C' = C · N' / N");
        assert_eq!(f("term.provider[P].activity_fee_exact"), d("450")); // 0.5 · 600 · 18 / 12
        assert_eq!(
            formula("term.provider[P].activity_fee_exact"),
            "A = (1 − r) · C · N' / N"
        );
        assert_eq!(f("term.provider[P].activity_fee"), d("450"));
        assert_eq!(f("term.provider[P].outcome_payment"), d("100")); // the window's
        assert_eq!(f("term.provider[P].outcome_cap"), d("675")); // 0.5 · 1.5 · 600 · 18 / 12
        assert_eq!(formula("term.provider[P].outcome_cap"), "r · k · C · N' / N");
        assert_eq!(f("term.provider[P].total"), d("550")); // 450 + 100
        assert_eq!(f("term.provider[P].premium"), d("-0.3888888888888889")); // 550 / 900 − 1
        assert_eq!(formula("term.provider[P].premium"), "(A + P) / C' − 1");
        // The lines of the extension cite the rule of amendments.
        assert_eq!(s.line("term.investment").unwrap().rule, Rule::Amendments);
        // The window was measured for 6 of 18 months.
        assert!(s.notes().iter().any(|n| n.to_string().contains("(6 of 18 months)")));
        // With a stated share, the full-term cap is s · k · I · N' / N.
        let stated = at(&contract(&format!("value_share = \"0.3\"\n{EXTENDED}")), "400");
        assert_eq!(stated.figure("term.provider[P].outcome_cap").unwrap(), d("810")); // 0.3 · 1.5 · 1 200 · 18 / 12
        assert_eq!(stated.figure("provider[P].outcome_cap").unwrap(), d("270")); // 0.3 · 1.5 · 1 200 · 6 / 12
        // Seen from before it was agreed, the extension is not known.
        let before = at(&contract(EXTENDED).as_of("2020-11".parse().unwrap()).unwrap(), "400");
        assert!(before.line("term.months_extended").is_err());
        assert_eq!(before.figure("term.investment").unwrap(), d("1200"));
    }

    #[test]
    fn the_cap_holds_and_the_premium_reaches_its_bound() {
        let s = at(&contract(""), "1000");
        assert_eq!(s.figure("provider[P].counted_value").unwrap(), d("900"));
        assert_eq!(s.figure("provider[P].outcome_payment").unwrap(), d("225"));
        assert_eq!(s.figure("provider[P].premium").unwrap(), d("0.25")); // (150 + 225) / 300 − 1
        assert!(s.providers()[0].capped);
        assert!(s.notes().iter().any(|n| n.to_string().contains("capped")));
    }

    #[test]
    fn nothing_is_paid_on_a_loss() {
        let s = at(&contract(""), "-50");
        assert_eq!(s.figure("provider[P].outcome_payment").unwrap(), d("0"));
        assert_eq!(s.figure("window.funder_keeps").unwrap(), d("-50"));
        assert!(s.notes().iter().any(|n| n.to_string().contains("negative")));
    }

    #[test]
    fn a_stated_share_is_used_and_its_gap_reported() {
        let s = at(&contract("value_share = \"0.3\""), "400");
        let f = |id: &str| s.figure(id).unwrap();
        assert_eq!(f("provider[P].value_share_derived"), d("0.25"));
        assert_eq!(f("provider[P].value_share"), d("0.3"));
        assert_eq!(f("provider[P].value_share_difference"), d("0.05"));
        assert_eq!(f("provider[P].outcome_payment"), d("120")); // 0.3 · 400
        assert_eq!(f("provider[P].outcome_cap"), d("270")); // 0.3 · 1.5 · 1 200 · 6 / 12
        assert_eq!(f("provider[P].premium_bound_stated"), d("0.4")); // 0.3 · 1.5 · 1 200 / 600 − 0.5
        assert_eq!(f("term.provider[P].outcome_cap"), d("540")); // 0.3 · 1.5 · 1 200
        assert!(
            s.notes()
                .iter()
                .any(|n| n.to_string().contains("premium can reach 0.4"))
        );
    }

    #[test]
    fn payments_round_to_ore_half_away_from_zero() {
        // 0.25 · 0.02 = 0.005 → 0.01
        assert_eq!(at(&contract(""), "0.02").providers()[0].outcome_payment, d("0.01"));
        // 0.25 · 333.333 = 83.33325 → 83.33
        assert_eq!(at(&contract(""), "333.333").providers()[0].outcome_payment, d("83.33"));
    }

    #[test]
    fn rounding_never_lifts_a_payment_above_its_cap() {
        // s = 0.5, cap value k · I = 1 000.01, cap 500.005: rounded half up the
        // payment would be 500.01, above the cap; it is paid as 500.00.
        let c = Contract::from_toml_str(
            r#"
            name = "edge"
            currency = "SEK"
            investment = "1000"
            day_value = "1"
            term = { start = "2020-01", end = "2020-01" }
            reference = { start = "2019-01", end = "2019-12" }
            [[provider]]
            name = "P"
            contract_value = "1000"
            outcome_share = "0.5"
            cap = "1.00001"
            "#,
        )
        .unwrap();
        let s = at(&c, "5000");
        assert_eq!(s.figure("provider[P].outcome_payment_exact").unwrap(), d("500.005"));
        assert_eq!(s.figure("provider[P].outcome_cap").unwrap(), d("500.005"));
        assert_eq!(s.providers()[0].outcome_payment, d("500.00"));
    }

    #[test]
    fn several_providers_each_get_their_own_share() {
        let c = Contract::from_toml_str(
            r#"
            name = "two"
            currency = "SEK"
            investment = "1000"
            day_value = "1"
            term = { start = "2020-01", end = "2020-12" }
            reference = { start = "2019-01", end = "2019-12" }
            [[provider]]
            name = "A"
            contract_value = "400"
            outcome_share = "0.5"
            cap = "1.5"
            [[provider]]
            name = "B"
            contract_value = "200"
            outcome_share = "1"
            cap = "2"
            "#,
        )
        .unwrap();
        let s = at(&c, "1600");
        // A: s = 0.2, cap value 1 500 → 0.2 · 1 500 = 300. B: s = 0.2, cap value 2 000 → 320.
        assert_eq!(s.figure("provider[A].outcome_payment").unwrap(), d("300"));
        assert_eq!(s.figure("provider[B].outcome_payment").unwrap(), d("320"));
        assert_eq!(s.figure("window.funder_keeps").unwrap(), d("980"));
        assert_eq!(s.figure("window.funder_share").unwrap(), d("0.6"));
    }

    #[test]
    fn a_missing_line_is_an_error_naming_it() {
        let s = at(&contract(""), "1");
        assert_eq!(
            s.figure("nope").unwrap_err().to_string(),
            "the statement has no line \"nope\""
        );
    }
}
