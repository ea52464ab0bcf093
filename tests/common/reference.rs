//! A reference settlement written from `docs/method.md` alone, to hold the
//! engine's figures against: the outcome (§2.2–§2.5) and the settlement
//! (§3.1–§3.11) of a contract without amendments or schedule, every figure
//! under the id of the statement line that shows it, and the notes the
//! statement must carry.
//!
//! It uses nothing of the engine: plain `rust_decimal` and the two roundings
//! of §3.11, each product and quotient of a formula taken left to right as the
//! method writes it (`I · n / N` is `I · n`, then `/ N`).

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};

/// A calendar month, `(year, month)` with the month from 1 to 12.
pub type YearMonth = (i32, u32);

/// The month `count` months after `month`.
pub fn months_after((year, month): YearMonth, count: u32) -> YearMonth {
    let index = i64::from(year) * 12 + i64::from(month) - 1 + i64::from(count);
    (
        i32::try_from(index.div_euclid(12)).unwrap(),
        u32::try_from(index.rem_euclid(12)).unwrap() + 1,
    )
}

/// `YYYY-MM`, as the statement's line ids write a month.
pub fn month_id((year, month): YearMonth) -> String {
    format!("{year:04}-{month:02}")
}

/// A contract's terms, as its file states them.
#[derive(Clone, Debug)]
pub struct Terms {
    /// `I`.
    pub investment: Decimal,
    /// `d`.
    pub day_value: Decimal,
    /// The first month of the term.
    pub start: YearMonth,
    /// `N`, the months of the term.
    pub term_months: u32,
    /// `n`, the months measured from the term's start.
    pub window_months: u32,
    /// The first of the twelve reference months.
    pub reference_start: YearMonth,
    /// The target for the reduction (§2.6), when the contract states one.
    pub target_reduction: Option<Decimal>,
    pub providers: Vec<ProviderTerms>,
}

#[derive(Clone, Debug)]
pub struct ProviderTerms {
    pub name: String,
    /// `C`.
    pub contract_value: Decimal,
    /// `r`.
    pub outcome_share: Decimal,
    /// `k`.
    pub cap: Decimal,
    /// `s` when the contract states it.
    pub value_share: Option<Decimal>,
}

/// One month of a monthly series, with the national index when the contract
/// removes the national trend.
#[derive(Clone, Copy, Debug)]
pub struct MonthRow {
    pub month: YearMonth,
    pub net_days: Decimal,
    pub headcount: u32,
    pub index: Option<Decimal>,
}

/// What the settlement starts from (§2.5 or §2.2).
#[derive(Clone, Debug)]
pub enum OutcomeInput {
    /// A stated value `V`, with an average headcount or none.
    Stated { value: Decimal, headcount: Option<u32> },
    /// Monthly data covering the reference period and the window; each row's
    /// index is used when it has one.
    Monthly { rows: Vec<MonthRow> },
}

/// The figures of one month of the window (§2.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthFigures {
    pub month: YearMonth,
    pub reference_month: YearMonth,
    /// `x(m)`.
    pub per_employee: Decimal,
    /// `x(ref(m))`.
    pub reference_per_employee: Decimal,
    /// `x_adj(m)`.
    pub adjusted_per_employee: Decimal,
    /// `δ(m)`.
    pub delta: Decimal,
    /// `S(m)`.
    pub saved_days: Decimal,
}

/// Everything a statement of the settlement must show.
#[derive(Clone, Debug, Default)]
pub struct Settlement {
    /// Each line's result by the line's id.
    pub lines: BTreeMap<String, Decimal>,
    /// The months of the window, for a monthly outcome.
    pub months: Vec<MonthFigures>,
    /// The notes in order: their kind (`capped`), with `: PROVIDER` when they
    /// name one.
    pub notes: Vec<String>,
    /// For each provider, in the contract's order: whether the cap held the
    /// payment down (`V > k · I_w`).
    pub capped: Vec<bool>,
}

impl Settlement {
    /// The line `id`'s result.
    pub fn figure(&self, id: &str) -> Decimal {
        *self
            .lines
            .get(id)
            .unwrap_or_else(|| panic!("the reference has no line {id}"))
    }

    fn put(&mut self, id: impl Into<String>, value: Decimal) -> Decimal {
        self.lines.insert(id.into(), value);
        value
    }
}

/// A product or quotient as the method rounds it: 16 places, half to even
/// (§3.11, 1), written without trailing zeros.
fn places16(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(16, RoundingStrategy::MidpointNearestEven)
        .normalize()
}

fn mul(a: Decimal, b: Decimal) -> Decimal {
    places16(a * b)
}

fn div(a: Decimal, b: Decimal) -> Decimal {
    places16(a / b)
}

/// An outcome payment as paid: whole öre, half away from zero (§3.11, 2),
/// written with two decimals.
fn ore_half_away(x: Decimal) -> Decimal {
    in_ore(x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

/// A cap or fee as paid: whole öre, rounded down (§3.11, 2).
fn ore_down(x: Decimal) -> Decimal {
    in_ore(x.round_dp_with_strategy(2, RoundingStrategy::ToNegativeInfinity))
}

fn in_ore(mut x: Decimal) -> Decimal {
    x.rescale(2);
    x
}

/// The settlement of `terms` on `outcome`.
pub fn settle(terms: &Terms, outcome: &OutcomeInput) -> Settlement {
    let mut s = Settlement::default();
    let v = match outcome {
        OutcomeInput::Stated { value, headcount } => stated_outcome(&mut s, terms, *value, *headcount),
        OutcomeInput::Monthly { rows } => monthly_outcome(&mut s, terms, rows),
    };
    let window = window(&mut s, terms, v);
    let mut shares = Vec::new();
    let mut paid = Decimal::ZERO;
    for p in &terms.providers {
        let (share, payment) = provider_window(&mut s, terms, &window, p, v);
        shares.push(share);
        paid += payment;
    }
    // §3.8: the funder keeps what the providers are not paid.
    s.put("window.outcome_payments", paid);
    s.put("window.funder_keeps", v - paid);
    s.put("window.funder_share", Decimal::ONE - shares.iter().sum::<Decimal>());
    // §3.12: the funder's net result, V − (I_w − Σ C_w) − Σ (A_w + P).
    let window_sum = |s: &Settlement, key: &str| -> Decimal {
        terms
            .providers
            .iter()
            .map(|p| s.figure(&format!("provider[{}].{key}", p.name)))
            .sum()
    };
    let c_w = s.put("window.contract_values", window_sum(&s, "contract_value_window"));
    let own = s.put("window.funder_investment", s.figure("window.investment") - c_w);
    let pay = s.put("window.provider_pay", window_sum(&s, "total"));
    s.put("window.funder_net_result", v - own - pay);
    // §3.9: the whole term.
    s.put("term.investment", terms.investment);
    s.put("term.net_result", v - terms.investment);
    for (p, share) in terms.providers.iter().zip(shares) {
        provider_term(&mut s, terms, p, share);
    }
    let c: Decimal = terms.providers.iter().map(|p| p.contract_value).sum();
    let pay: Decimal = terms
        .providers
        .iter()
        .map(|p| s.figure(&format!("term.provider[{}].total", p.name)))
        .sum();
    let own = s.put("term.funder_investment", terms.investment - c);
    s.put("term.provider_pay", pay);
    s.put("term.funder_net_result", v - own - pay);
    s
}

/// §2.5: `V` as stated, `S = V / d`, `δ = S / h`. Returns `V`.
fn stated_outcome(s: &mut Settlement, terms: &Terms, value: Decimal, headcount: Option<u32>) -> Decimal {
    s.put("outcome.value", value);
    let saved = s.put("outcome.saved_days", div(value, terms.day_value));
    if let Some(h) = headcount {
        s.put("outcome.delta", div(saved, Decimal::from(h)));
    }
    value
}

/// §2.2–§2.4, month by month over the window, each month against the
/// reference month of its calendar month. Returns `V`.
fn monthly_outcome(s: &mut Settlement, terms: &Terms, rows: &[MonthRow]) -> Decimal {
    let row = |month: YearMonth| {
        *rows
            .iter()
            .find(|r| r.month == month)
            .unwrap_or_else(|| panic!("no row for {}", month_id(month)))
    };
    let (mut delta, mut saved) = (Decimal::ZERO, Decimal::ZERO);
    for i in 0..terms.window_months {
        let month = months_after(terms.start, i);
        let reference_month = (0..12)
            .map(|j| months_after(terms.reference_start, j))
            .find(|r| r.1 == month.1)
            .unwrap();
        let (m, r) = (row(month), row(reference_month));
        let h = Decimal::from(m.headcount);
        let x = div(m.net_days, h);
        let x_ref = div(r.net_days, Decimal::from(r.headcount));
        // x_adj(m) = net_days(m) · index(ref(m)) / (headcount(m) · index(m)).
        let x_adj = match (m.index, r.index) {
            (Some(idx), Some(idx_ref)) => div(mul(m.net_days, idx_ref), mul(h, idx)),
            _ => x,
        };
        let delta_m = x_ref - x_adj;
        let saved_m = mul(delta_m, h);
        s.put(format!("month[{}].delta", month_id(month)), delta_m);
        s.put(format!("month[{}].saved_days", month_id(month)), saved_m);
        s.months.push(MonthFigures {
            month,
            reference_month,
            per_employee: x,
            reference_per_employee: x_ref,
            adjusted_per_employee: x_adj,
            delta: delta_m,
            saved_days: saved_m,
        });
        delta += delta_m;
        saved += saved_m;
    }
    s.put("outcome.delta", delta);
    s.put("outcome.saved_days", saved);
    // §2.6: the reduction against the reference months, when they had sick days.
    let reference: Decimal = s.months.iter().map(|m| m.reference_per_employee).sum();
    if reference > Decimal::ZERO {
        let adjusted: Decimal = s.months.iter().map(|m| m.adjusted_per_employee).sum();
        s.put("outcome.reference_per_employee", reference);
        s.put("outcome.adjusted_per_employee", adjusted);
        let reduction = s.put("outcome.reduction", Decimal::ONE - div(adjusted, reference));
        if let Some(target) = terms.target_reduction {
            s.put("outcome.target_reduction", target);
            s.put("outcome.target_margin", reduction - target);
        }
    }
    s.put("outcome.value", mul(saved, terms.day_value))
}

/// The window's size and cost (§3.1, §3.2).
struct Window {
    big_n: Decimal,
    n: Decimal,
}

fn window(s: &mut Settlement, terms: &Terms, v: Decimal) -> Window {
    let big_n = s.put("term.months", Decimal::from(terms.term_months));
    let n = s.put("window.months", Decimal::from(terms.window_months));
    let i = terms.investment;
    s.put("window.investment_per_month", div(i, big_n));
    let i_w = s.put("window.investment", div(mul(i, n), big_n));
    s.put("window.net_result", v - i_w);
    s.put("window.break_even_days", div(i_w, terms.day_value));
    if n < big_n {
        s.notes.push("amended".to_owned());
    }
    if v < i_w {
        s.notes.push("not_broken_even".to_owned());
    }
    if v < Decimal::ZERO {
        s.notes.push("negative_value".to_owned());
    }
    Window { big_n, n }
}

/// One provider over the window (§3.3–§3.7). Returns its share `s` and its
/// outcome payment.
fn provider_window(s: &mut Settlement, terms: &Terms, w: &Window, p: &ProviderTerms, v: Decimal) -> (Decimal, Decimal) {
    let id = |key: &str| format!("provider[{}].{key}", p.name);
    let (i, c, r, k) = (terms.investment, p.contract_value, p.outcome_share, p.cap);
    s.put(id("investment_share"), div(c, i));
    // §3.3: s = r · C / I, or as stated.
    let derived = div(mul(r, c), i);
    let share = match p.value_share {
        None => s.put(id("value_share"), derived),
        Some(stated) => {
            s.put(id("value_share_derived"), derived);
            s.put(id("value_share"), stated);
            s.put(id("value_share_difference"), stated - derived);
            s.notes.push(format!("stated_share: {}", p.name));
            stated
        }
    };
    // §3.4: the cap on the value counted, k · I · n / N (not k · I_w: one rounding).
    let cap_value = s.put(id("cap_value"), div(mul(mul(k, i), w.n), w.big_n));
    let counted = s.put(id("counted_value"), v.max(Decimal::ZERO).min(cap_value));
    let capped = v > cap_value;
    if capped {
        s.notes.push(format!("capped: {}", p.name));
    }
    s.capped.push(capped);
    // §3.5, and §3.11: with a derived share s · x is r · C · x / I.
    let (exact, cap) = match p.value_share {
        None => (
            div(mul(mul(r, c), counted), i),
            div(mul(mul(mul(r, c), k), w.n), w.big_n),
        ),
        Some(stated) => (mul(stated, counted), div(mul(mul(mul(stated, k), i), w.n), w.big_n)),
    };
    s.put(id("outcome_payment_exact"), exact);
    s.put(id("outcome_cap"), cap);
    let payment = s.put(id("outcome_payment"), ore_half_away(exact).min(ore_down(cap)));
    // §3.6: the activity fee over the window, rounded down.
    let fee_exact = s.put(
        id("activity_fee_exact"),
        div(mul(mul(Decimal::ONE - r, c), w.n), w.big_n),
    );
    let fee = s.put(id("activity_fee"), ore_down(fee_exact));
    // §3.7: pay and premium.
    let total = s.put(id("total"), fee + payment);
    let c_w = s.put(id("contract_value_window"), div(mul(c, w.n), w.big_n));
    s.put(id("result"), total - c_w);
    s.put(id("premium"), div(total, c_w) - Decimal::ONE);
    s.put(id("premium_bound"), mul(r, k - Decimal::ONE));
    if p.value_share.is_some_and(|stated| stated > derived) {
        s.put(id("premium_bound_stated"), div(mul(mul(share, k), i), c) - r);
        s.notes.push(format!("premium_above_bound: {}", p.name));
    }
    (share, payment)
}

/// One provider over the whole term (§3.9).
fn provider_term(s: &mut Settlement, terms: &Terms, p: &ProviderTerms, share: Decimal) {
    let id = |key: &str| format!("term.provider[{}].{key}", p.name);
    let (i, c, r, k) = (terms.investment, p.contract_value, p.outcome_share, p.cap);
    let fee = ore_down(s.put(id("activity_fee_exact"), mul(Decimal::ONE - r, c)));
    s.put(id("activity_fee"), fee);
    let payment = s.figure(&format!("provider[{}].outcome_payment", p.name));
    s.put(id("outcome_payment"), payment);
    let cap = match p.value_share {
        None => mul(mul(r, k), c),
        Some(_) => mul(mul(share, k), i),
    };
    s.put(id("outcome_cap"), cap);
    let total = s.put(id("total"), fee + payment);
    s.put(id("premium"), div(total, c) - Decimal::ONE);
    s.put(id("result"), total - c);
}

#[test]
fn the_reference_settles_botkyrka_as_the_method_s_section_7_says() {
    // docs/method.md §7, "exact" column and the rest of the window's statement.
    let terms = Terms {
        investment: Decimal::from(22_870_000),
        day_value: Decimal::from(2080),
        start: (2018, 10),
        term_months: 36,
        window_months: 17,
        reference_start: (2017, 8),
        target_reduction: None,
        providers: vec![ProviderTerms {
            name: "Aino Health".to_owned(),
            contract_value: Decimal::from(8_405_100),
            outcome_share: Decimal::new(5, 1),
            cap: Decimal::new(15, 1),
            value_share: None,
        }],
    };
    let outcome = OutcomeInput::Stated {
        value: Decimal::from(14_700_000),
        headcount: Some(6350),
    };
    let s = settle(&terms, &outcome);
    let f = |id: &str| s.figure(id).round_dp(2).to_string();
    // Amounts paid are written in whole öre.
    assert_eq!(f("window.investment_per_month"), "635277.78");
    assert_eq!(f("window.investment"), "10799722.22");
    assert_eq!(f("outcome.saved_days"), "7067.31");
    assert_eq!(s.figure("outcome.delta").round_dp(4).to_string(), "1.1130");
    assert_eq!(f("window.net_result"), "3900277.78");
    assert_eq!(f("provider[Aino Health].outcome_payment"), "2701245.52");
    assert_eq!(f("window.funder_keeps"), "11998754.48");
    // §3.12: the results of the parties, which add up to the project's.
    assert_eq!(f("window.funder_net_result"), "3183569.76");
    assert_eq!(f("provider[Aino Health].result"), "716708.02");
    assert_eq!(f("provider[Aino Health].cap_value"), "16199583.33");
    assert_eq!(f("provider[Aino Health].outcome_cap"), "2976806.25");
    assert_eq!(f("provider[Aino Health].activity_fee"), "1984537.50");
    assert_eq!(f("provider[Aino Health].total"), "4685783.02");
    assert_eq!(f("provider[Aino Health].contract_value_window"), "3969075");
    assert_eq!(f("term.provider[Aino Health].activity_fee"), "4202550.00");
    assert_eq!(f("term.provider[Aino Health].outcome_cap"), "6303825");
    assert_eq!(f("term.provider[Aino Health].total"), "6903795.52");
    assert_eq!(f("term.net_result"), "-8170000");
    assert_eq!(
        s.figure("provider[Aino Health].premium").round_dp(6).to_string(),
        "0.180573"
    );
    assert_eq!(
        s.figure("term.provider[Aino Health].premium").round_dp(6).to_string(),
        "-0.178618"
    );
    assert_eq!(s.figure("provider[Aino Health].premium_bound"), Decimal::new(25, 2));
    assert_eq!(s.notes, ["amended"]);
}
