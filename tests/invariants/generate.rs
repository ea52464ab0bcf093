//! Random contracts and monthly data for the property tests, written as the
//! files a user gives (contract TOML, monthly and index CSV) and described to
//! the reference settlement (`common::reference`).
//!
//! Every contract has a term of 1–60 months, the reference period the 12
//! months before it, a measurement end inside the term, and 1–3 providers
//! whose contract values sum to at most the investment and whose value shares
//! (stated or derived) sum to at most 1. Amounts are decimals with a few
//! places, built from integers.

use proptest::prelude::*;
use rust_decimal::RoundingStrategy;
use utfall::engine::{Contract, Decimal, Month, MonthlySeries, NationalIndex};

use crate::common::csv_text;
use crate::common::reference::{self, MonthRow, OutcomeInput, ProviderTerms, YearMonth};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrendKey {
    /// No `trend` key: the default, "none".
    Omitted,
    None,
    NationalIndex,
}

#[derive(Clone, Debug)]
pub struct Terms {
    pub investment: Decimal,
    pub day_value: Decimal,
    pub start: Month,
    pub term_months: u32,
    pub window_months: u32,
    /// Whether `[measurement] end` is written (always when the window is shorter
    /// than the term).
    pub write_end: bool,
    pub trend: TrendKey,
    /// `[measurement] target_reduction`, when written.
    pub target: Option<Decimal>,
    pub providers: Vec<ProviderTerms>,
}

fn month_after(start: Month, months: u32) -> Month {
    start.add_months(i32::try_from(months).unwrap()).unwrap()
}

fn year_month(month: Month) -> YearMonth {
    (month.year(), month.month())
}

impl Terms {
    fn term_end(&self) -> Month {
        month_after(self.start, self.term_months - 1)
    }

    fn window_end(&self) -> Month {
        month_after(self.start, self.window_months - 1)
    }

    fn reference_start(&self) -> Month {
        self.start.add_months(-12).unwrap()
    }

    /// The 12 reference months, then every month of the term.
    pub fn months(&self) -> Vec<Month> {
        (0..12 + self.term_months)
            .map(|i| month_after(self.reference_start(), i))
            .collect()
    }

    /// The months of the measured window.
    pub fn window(&self) -> Vec<Month> {
        (0..self.window_months).map(|i| month_after(self.start, i)).collect()
    }

    pub fn with_trend(&self, trend: TrendKey) -> Self {
        Self { trend, ..self.clone() }
    }

    pub fn toml(&self) -> String {
        let mut text = format!(
            "name = \"random contract\"\ncurrency = \"SEK\"\ninvestment = \"{}\"\nday_value = \"{}\"\n\n\
             [term]\nstart = \"{}\"\nend = \"{}\"\n\n\
             [reference]\nstart = \"{}\"\nend = \"{}\"\n",
            self.investment,
            self.day_value,
            self.start,
            self.term_end(),
            self.reference_start(),
            self.start.add_months(-1).unwrap(),
        );
        let end = (self.write_end || self.window_months < self.term_months)
            .then(|| format!("end = \"{}\"\n", self.window_end()));
        let trend = match self.trend {
            TrendKey::Omitted => None,
            TrendKey::None => Some("trend = \"none\"\n"),
            TrendKey::NationalIndex => Some("trend = \"national-index\"\n"),
        };
        let target = self.target.map(|t| format!("target_reduction = \"{t}\"\n"));
        if end.is_some() || trend.is_some() || target.is_some() {
            text.push_str("\n[measurement]\n");
            text.push_str(end.as_deref().unwrap_or(""));
            text.push_str(trend.unwrap_or(""));
            text.push_str(target.as_deref().unwrap_or(""));
        }
        for p in &self.providers {
            text.push_str(&format!(
                "\n[[provider]]\nname = \"{}\"\ncontract_value = \"{}\"\noutcome_share = \"{}\"\ncap = \"{}\"\n",
                p.name, p.contract_value, p.outcome_share, p.cap
            ));
            if let Some(s) = p.value_share {
                text.push_str(&format!("value_share = \"{s}\"\n"));
            }
        }
        text
    }

    pub fn contract(&self) -> Contract {
        let text = self.toml();
        match Contract::from_toml_str(&text) {
            Ok(contract) => contract,
            Err(e) => panic!("a generated contract is refused: {e}\n{text}"),
        }
    }

    /// The same terms for the reference settlement.
    pub fn reference(&self) -> reference::Terms {
        reference::Terms {
            investment: self.investment,
            day_value: self.day_value,
            start: year_month(self.start),
            term_months: self.term_months,
            window_months: self.window_months,
            reference_start: year_month(self.reference_start()),
            target_reduction: self.target,
            providers: self.providers.clone(),
        }
    }
}

/// Random terms. Provider `i` gets `w_i` thousandths of the investment (rounded
/// down to öre) with `Σ w_i ≤ 1000`, and, sometimes, a stated value share of at
/// most `1 / count`; a derived share `r·C/I` is at most `w_i / 1000 ≤ 1 / count`,
/// so the shares in use never sum above 1.
pub fn terms() -> impl Strategy<Value = Terms> {
    (1usize..=3).prop_flat_map(|count| {
        let most_w = 1000 / i64::try_from(count).unwrap();
        let most_stated = 10_000 / i64::try_from(count).unwrap();
        let provider = (
            1..=most_w,
            0i64..=1000,
            1000i64..=3000,
            prop::option::of(0..=most_stated),
        );
        (
            (1_000i64..=1_000_000_000, 0u32..=2),
            (1i64..=1_000_000, 0u32..=2),
            (2000i32..=2030, 1u32..=12),
            1u32..=60,
            0u32..60,
            any::<bool>(),
            prop_oneof![Just(TrendKey::Omitted), Just(TrendKey::None)],
            prop::option::of(0i64..=1000),
            prop::collection::vec(provider, count),
        )
            .prop_map(
                |(
                    (inv, inv_scale),
                    (day, day_scale),
                    (year, month),
                    term_months,
                    end_at,
                    write_end,
                    trend,
                    target,
                    ps,
                )| {
                    let investment = Decimal::new(inv, inv_scale);
                    let providers = ps
                        .into_iter()
                        .enumerate()
                        .map(|(i, (w, r, k, stated))| ProviderTerms {
                            name: format!("Provider {i}"),
                            contract_value: (investment * Decimal::new(w, 3))
                                .round_dp_with_strategy(2, RoundingStrategy::ToZero),
                            outcome_share: Decimal::new(r, 3),
                            cap: Decimal::new(k, 3),
                            value_share: stated.map(|s| Decimal::new(s, 4)),
                        })
                        .collect();
                    Terms {
                        investment,
                        day_value: Decimal::new(day, day_scale),
                        start: Month::new(year, month).unwrap(),
                        term_months,
                        window_months: end_at % term_months + 1,
                        write_end,
                        trend,
                        target: target.map(|t| Decimal::new(t, 3)),
                        providers,
                    }
                },
            )
    })
}

/// A value of saved days: mostly a multiple of the investment from −1 to 4
/// (the cap `k·I_w` is at most 3·I, so this covers below zero, the clamp range
/// and above the cap) plus up to ±100 kr with four places; sometimes any amount.
pub fn value_for(investment: Decimal) -> impl Strategy<Value = Decimal> {
    prop_oneof![
        4 => (-1000i64..=4000, -1_000_000i64..=1_000_000)
            .prop_map(move |(f, jitter)| investment * Decimal::new(f, 3) + Decimal::new(jitter, 4)),
        1 => (-1_000_000_000_000i64..=1_000_000_000_000, 0u32..=4).prop_map(|(v, scale)| Decimal::new(v, scale)),
        1 => Just(Decimal::ZERO),
    ]
}

/// A value at a provider's cap on the value counted, `k · I_w` as the method
/// computes it, or a ten-thousandth of a krona either side: where the clamp
/// and the note that the cap held turn.
pub fn value_at_a_cap(terms: &Terms) -> impl Strategy<Value = Decimal> + use<> {
    let zero = OutcomeInput::Stated {
        value: Decimal::ZERO,
        headcount: None,
    };
    let at_zero = reference::settle(&terms.reference(), &zero);
    let caps: Vec<Decimal> = terms
        .providers
        .iter()
        .map(|p| at_zero.figure(&format!("provider[{}].cap_value", p.name)))
        .collect();
    (prop::sample::select(caps), -1i64..=1).prop_map(|(cap, step)| cap + Decimal::new(step, 4))
}

/// One month of generated data: net days with 0–3 places, a headcount of at
/// least 1, and a national index above zero with 0–3 places.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    pub month: Month,
    pub net_days: Decimal,
    pub headcount: u32,
    pub index: Decimal,
}

/// A row per reference and term month (term months after the window are
/// extra and must be ignored).
pub fn rows_for(terms: &Terms) -> impl Strategy<Value = Vec<Row>> + use<> {
    let months = terms.months();
    let row = (
        (0i64..=2_000_000, 0u32..=3),
        1u32..=20_000,
        (1i64..=1_000_000, 0u32..=3),
    );
    prop::collection::vec(row, months.len()).prop_map(move |data| {
        months
            .iter()
            .zip(data)
            .map(|(month, ((net, scale), headcount, (index, index_scale)))| Row {
                month: *month,
                net_days: Decimal::new(net, scale),
                headcount,
                index: Decimal::new(index, index_scale),
            })
            .collect()
    })
}

/// Terms with their rows, and the same rows in another order.
pub fn terms_and_rows() -> impl Strategy<Value = (Terms, Vec<Row>, Vec<Row>)> {
    terms().prop_flat_map(|terms| {
        rows_for(&terms).prop_flat_map(move |rows| (Just(terms.clone()), Just(rows.clone()), Just(rows).prop_shuffle()))
    })
}

/// The rows as a monthly series file, read back.
pub fn series(rows: &[Row]) -> MonthlySeries {
    let lines: Vec<String> = rows
        .iter()
        .map(|r| format!("{},{},{}", r.month, r.net_days, r.headcount))
        .collect();
    match MonthlySeries::from_csv_str(&csv_text("month,net_days,headcount", &lines)) {
        Ok(series) => series,
        Err(e) => panic!("a generated series is refused: {e}"),
    }
}

/// The rows' national index as an index file, read back.
pub fn index(rows: &[Row]) -> NationalIndex {
    let lines: Vec<String> = rows.iter().map(|r| format!("{},{}", r.month, r.index)).collect();
    match NationalIndex::from_csv_str(&csv_text("month,index", &lines)) {
        Ok(index) => index,
        Err(e) => panic!("a generated index is refused: {e}"),
    }
}

/// The rows for the reference settlement, with the index when `trend` uses it.
pub fn reference_rows(rows: &[Row], trend: TrendKey) -> Vec<MonthRow> {
    rows.iter()
        .map(|r| MonthRow {
            month: year_month(r.month),
            net_days: r.net_days,
            headcount: r.headcount,
            index: (trend == TrendKey::NationalIndex).then_some(r.index),
        })
        .collect()
}

/// The series' data without the line numbers it was read from.
pub fn data(series: &MonthlySeries) -> Vec<(Month, Decimal, u32)> {
    series.iter().map(|(m, d)| (m, d.net_days, d.headcount)).collect()
}
