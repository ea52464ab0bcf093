//! The *Calculation* sheet's rows, read from the statement: the inputs
//! with the lines or contract fields they come from, and each derived figure
//! with its spreadsheet formula over the inputs' names, the engine's formula
//! and result, and its line.

use rust_decimal::{Decimal, RoundingStrategy};
use utfall_engine::{Basis, Line, ProviderSettlement, Statement, Unit};

use super::super::calc_words::CalcWords;
use crate::{Error, ErrorKind};

/// What the value column holds.
pub(super) enum Value {
    /// An input: a number.
    Given(Decimal),
    /// A formula (Excel syntax, without the `=`) and the engine's figure.
    Formula(String, Decimal),
}

/// One figure of the sheet.
pub(super) struct Row {
    pub(super) label: String,
    /// The workbook name of the value cell, used by the formulas below it.
    pub(super) name: String,
    pub(super) value: Value,
    /// The formula in the symbols of `docs/method.md`, or `given`.
    pub(super) formula: String,
    /// The statement line or contract field the figure is, or a remark.
    pub(super) from: String,
    pub(super) unit: Unit,
}

impl Row {
    /// A figure the statement has a line `line` for, computed by `excel`.
    fn line(label: &str, name: String, excel: String, line: &Line) -> Self {
        Self {
            label: label.to_owned(),
            name,
            value: Value::Formula(excel, line.result),
            formula: line.formula.clone(),
            from: line.id.clone(),
            unit: line.unit,
        }
    }
}

impl Row {
    /// The same figure given as the engine's number instead of its formula
    /// when `fragile`: a rounding whose side a spreadsheet cannot tell.
    fn given_if(mut self, fragile: bool, words: &CalcWords) -> Self {
        if let (true, Value::Formula(_, result)) = (fragile, &self.value) {
            self.value = Value::Given(*result);
            self.from.push_str(words.near_boundary);
        }
        self
    }
}

/// How an amount is rounded to öre.
#[derive(Clone, Copy)]
enum Rounding {
    /// Half away from zero (`ROUND`).
    Half,
    /// Down (`ROUNDDOWN`, for the amounts at or above zero it is used on).
    Down,
}

/// Whether a spreadsheet, computing in binary floating point to about 15
/// significant digits, can round `x` to öre otherwise than the engine: `x`
/// lies within a trillionth of the point where the rounding changes (the next
/// whole öre for `Down`, a half öre for `Half`) but not on it. The engine's
/// 16 places make such figures: a share of 13/36 held as 0.3611111111111111
/// gives a cap of 649.99999999999998, which the engine pays as 649.99 and a
/// spreadsheet as 650.00.
fn near_boundary(x: Decimal, rounding: Rounding) -> bool {
    let ore = Decimal::new(1, 2);
    let half = Decimal::new(5, 3);
    let floor = x.round_dp_with_strategy(2, RoundingStrategy::ToNegativeInfinity);
    let boundary = match rounding {
        Rounding::Down => floor.checked_add(ore),
        Rounding::Half => floor.checked_add(half),
    };
    let tolerance = x.abs().max(Decimal::ONE).checked_mul(Decimal::new(1, 12));
    match (boundary.and_then(|b| b.checked_sub(x)), tolerance) {
        (Some(distance), Some(tolerance)) => !distance.is_zero() && distance.abs() <= tolerance,
        _ => false,
    }
}

/// A row of the sheet: a heading or a figure.
pub(super) enum Item {
    Heading(String),
    Figure(Row),
}

/// The error for a statement that lacks what the sheet shows.
fn missing(what: String) -> Error {
    Error::new(ErrorKind::Xlsx {
        message: format!("the statement has no {what}"),
    })
}

/// The input `symbol` of `line`: its value and where it comes from.
fn input<'l>(line: &'l Line, symbol: &str) -> Result<(Decimal, &'l str), Error> {
    line.inputs
        .iter()
        .find(|i| i.symbol == symbol)
        .map(|i| (i.value, i.from.as_str()))
        .ok_or_else(|| missing(format!("input {symbol} on the line {}", line.id)))
}

/// A given number named `name`.
fn given(label: &str, name: &str, (value, from): (Decimal, &str), unit: Unit, words: &CalcWords) -> Row {
    Row {
        label: label.to_owned(),
        name: name.to_owned(),
        value: Value::Given(value),
        formula: words.given.to_owned(),
        from: from.to_owned(),
        unit,
    }
}

/// `names` joined by `+`, in parentheses when there are several.
fn sum_of(names: &[String]) -> String {
    match names {
        [one] => one.clone(),
        _ => format!("({})", names.join("+")),
    }
}

/// The sheet's rows: the inputs, then the window's figures, each provider's,
/// the funder's and each provider's over the whole term. `saved_days` is the
/// range of the *Months* sheet's `S(m)` column, when the outcome was measured
/// month by month.
pub(super) fn items(statement: &Statement, words: &CalcWords, saved_days: Option<&str>) -> Result<Vec<Item>, Error> {
    let mut items = vec![Item::Heading(words.inputs.to_owned())];
    items.extend(inputs(statement, words, saved_days)?.into_iter().map(Item::Figure));
    let providers = statement.providers();
    for (index, provider) in (1..).zip(providers) {
        items.push(Item::Heading(provider.name.clone()));
        items.extend(
            provider_inputs(statement, provider, index, words)?
                .into_iter()
                .map(Item::Figure),
        );
    }

    items.push(Item::Heading(words.window.to_owned()));
    let line = |id: &str| statement.line(id);
    items.extend(
        [
            Row::line(
                words.investment_window,
                "InvWindow".to_owned(),
                "Inv*Measured/TermMonths".to_owned(),
                line("window.investment")?,
            ),
            Row::line(
                words.net_result,
                "NetResult".to_owned(),
                "SavedValue-InvWindow".to_owned(),
                line("window.net_result")?,
            ),
            Row::line(
                words.break_even,
                "BreakEvenDays".to_owned(),
                "InvWindow/DayValue".to_owned(),
                line("window.break_even_days")?,
            ),
        ]
        .into_iter()
        .map(Item::Figure),
    );

    let mut results = Vec::new();
    for (index, provider) in (1..).zip(providers) {
        items.push(Item::Heading(format!("{}{}", provider.name, words.provider_window)));
        let (rows, result) = provider_window(statement, provider, index, words)?;
        items.extend(rows.into_iter().map(Item::Figure));
        results.push(result);
    }

    items.push(Item::Heading(words.funder.to_owned()));
    items.extend(funder(statement, words)?.into_iter().map(Item::Figure));

    for (index, provider) in (1..).zip(providers) {
        items.push(Item::Heading(format!("{}{}", provider.name, words.provider_term)));
        items.extend(
            provider_term(statement, provider, index, words)?
                .into_iter()
                .map(Item::Figure),
        );
    }
    Ok(items)
}

/// `I`, `d`, `N` (and `N'`), `n`, and `V`: a number when stated, a formula
/// over the *Months* sheet when measured month by month at one day value.
fn inputs(statement: &Statement, words: &CalcWords, saved_days: Option<&str>) -> Result<Vec<Row>, Error> {
    let investment = statement.line("window.investment")?;
    let day_value = input(statement.line("window.break_even_days")?, "d")?;
    let months = |id: &str| statement.line(id).map(|l| (l.result, l.id.as_str()));
    let mut rows = vec![
        given(words.investment, "Inv", input(investment, "I")?, Unit::Money, words),
        given(words.day_value, "DayValue", day_value, Unit::Money, words),
        given(
            words.term_months,
            "TermMonths",
            months("term.months")?,
            Unit::Months,
            words,
        ),
    ];
    if let Ok(extended) = months("term.months_extended") {
        rows.push(given(
            words.term_months_extended,
            "TermMonthsExtended",
            extended,
            Unit::Months,
            words,
        ));
    }
    rows.push(given(
        words.measured,
        "Measured",
        months("window.months")?,
        Unit::Months,
        words,
    ));
    let value = statement.line("outcome.value")?;
    // V = S · d at the input d: a formula over the months' S(m).
    let over_months = match (saved_days, statement.outcome().basis()) {
        (Some(range), Basis::Monthly { .. }) if input(value, "d").is_ok_and(|(d, _)| d == day_value.0) => Some(range),
        _ => None,
    };
    match over_months {
        Some(range) => {
            rows.push(Row::line(
                words.saved_days,
                "SavedDays".to_owned(),
                format!("SUM({range})"),
                statement.line("outcome.saved_days")?,
            ));
            rows.push(Row::line(
                words.value,
                "SavedValue".to_owned(),
                "SavedDays*DayValue".to_owned(),
                value,
            ));
        }
        None => {
            let mut row = given(words.value, "SavedValue", (value.result, &value.id), Unit::Money, words);
            if matches!(statement.outcome().basis(), Basis::Monthly { .. }) {
                row.formula.clone_from(&value.formula);
                row.from.push_str(words.value_by_month);
            }
            rows.push(row);
        }
    }
    Ok(rows)
}

/// The id of a provider's line `key` over the window.
fn provider_id(provider: &ProviderSettlement, key: &str) -> String {
    format!("provider[{}].{key}", provider.name)
}

/// A provider's `C`, `r`, `k`, and `s` when stated or amended.
fn provider_inputs(
    statement: &Statement,
    provider: &ProviderSettlement,
    index: usize,
    words: &CalcWords,
) -> Result<Vec<Row>, Error> {
    let fee = statement.line(&provider_id(provider, "activity_fee_exact"))?;
    let cap = statement.line(&provider_id(provider, "cap_value"))?;
    let mut rows = vec![
        given(
            words.contract_value,
            &format!("ContractValue_{index}"),
            input(fee, "C")?,
            Unit::Money,
            words,
        ),
        given(
            words.outcome_share,
            &format!("OutcomeShare_{index}"),
            input(fee, "r")?,
            Unit::Share,
            words,
        ),
        given(
            words.cap,
            &format!("CapMultiple_{index}"),
            input(cap, "k")?,
            Unit::Index,
            words,
        ),
    ];
    if provider.value_share_stated {
        let share = statement.line(&provider_id(provider, "value_share"))?;
        rows.push(given(
            words.share_stated,
            &format!("Share_{index}"),
            (share.result, &share.id),
            Unit::Share,
            words,
        ));
    }
    Ok(rows)
}

/// A provider's figures over the window, and its result (which the funder's
/// figures use).
fn provider_window(
    statement: &Statement,
    provider: &ProviderSettlement,
    index: usize,
    words: &CalcWords,
) -> Result<(Vec<Row>, Decimal), Error> {
    let line = |key: &str| statement.line(&provider_id(provider, key));
    let name = |base: &str| format!("{base}_{index}");
    let (c, r, k, s) = (
        name("ContractValue"),
        name("OutcomeShare"),
        name("CapMultiple"),
        name("Share"),
    );
    let mut rows = Vec::new();
    // With a derived share, s · x is computed as r · C · x / I, as the engine does.
    let (exact, cap) = if provider.value_share_stated {
        let implied = name("ShareImplied");
        rows.push(Row::line(
            words.share_implied,
            implied.clone(),
            format!("{r}*{c}/Inv"),
            line("value_share_derived")?,
        ));
        rows.push(Row::line(
            words.share_difference,
            name("ShareDifference"),
            format!("{s}-{implied}"),
            line("value_share_difference")?,
        ));
        (
            format!("{s}*{}", name("Counted")),
            format!("{s}*{k}*Inv*Measured/TermMonths"),
        )
    } else {
        rows.push(Row::line(words.share, s, format!("{r}*{c}/Inv"), line("value_share")?));
        (
            format!("{r}*{c}*{}/Inv", name("Counted")),
            format!("{r}*{c}*{k}*Measured/TermMonths"),
        )
    };
    let fee_exact = line("activity_fee_exact")?;
    let fee = line("activity_fee")?;
    let mut fee_row = Row::line(
        words.fee_window,
        name("FeeWindow"),
        format!("ROUNDDOWN((1-{r})*{c}*Measured/TermMonths,2)"),
        fee,
    )
    .given_if(near_boundary(fee_exact.result, Rounding::Down), words);
    fee_row.formula = format!("{}; {}", fee_exact.formula, fee.formula);
    let (payment_exact, payment_cap) = (line("outcome_payment_exact")?, line("outcome_cap")?);
    let fragile_payment =
        near_boundary(payment_exact.result, Rounding::Half) || near_boundary(payment_cap.result, Rounding::Down);
    rows.extend([
        Row::line(
            words.cap_value,
            name("CapValue"),
            format!("{k}*Inv*Measured/TermMonths"),
            line("cap_value")?,
        ),
        Row::line(
            words.counted,
            name("Counted"),
            format!("MAX(0,MIN(SavedValue,{}))", name("CapValue")),
            line("counted_value")?,
        ),
        Row::line(words.payment_exact, name("PaymentExact"), exact, payment_exact),
        Row::line(words.payment_cap, name("PaymentCap"), cap, payment_cap),
        Row::line(
            words.payment,
            name("Payment"),
            format!(
                "MIN(ROUND({},2),ROUNDDOWN({},2))",
                name("PaymentExact"),
                name("PaymentCap")
            ),
            line("outcome_payment")?,
        )
        .given_if(fragile_payment, words),
        fee_row,
        Row::line(
            words.pay_window,
            name("PayWindow"),
            format!("{}+{}", name("FeeWindow"), name("Payment")),
            line("total")?,
        ),
        Row::line(
            words.contract_window,
            name("ContractWindow"),
            format!("{c}*Measured/TermMonths"),
            line("contract_value_window")?,
        ),
    ]);
    // A_w + P − C_w, the provider's result (method §3.12).
    let result = line("result")?;
    rows.push(Row::line(
        words.provider_result,
        name("Result"),
        format!("{}-{}", name("PayWindow"), name("ContractWindow")),
        result,
    ));
    Ok((rows, result.result))
}

/// The funder's figures over the window.
fn funder(statement: &Statement, words: &CalcWords) -> Result<Vec<Row>, Error> {
    let providers = statement.providers();
    let names = |base: &str| -> Vec<String> { (1..=providers.len()).map(|i| format!("{base}_{i}")).collect() };
    Ok(vec![
        Row::line(
            words.payments,
            "OutcomePayments".to_owned(),
            names("Payment").join("+"),
            statement.line("window.outcome_payments")?,
        ),
        Row::line(
            words.funder_keeps,
            "FunderKeeps".to_owned(),
            "SavedValue-OutcomePayments".to_owned(),
            statement.line("window.funder_keeps")?,
        ),
        Row::line(
            words.funder_runs,
            "FunderRuns".to_owned(),
            format!("InvWindow-{}", sum_of(&names("ContractWindow"))),
            statement.line("window.funder_investment")?,
        ),
        Row::line(
            words.funder_net_result,
            "FunderNetResult".to_owned(),
            format!("SavedValue-FunderRuns-{}", sum_of(&names("PayWindow"))),
            statement.line("window.funder_net_result")?,
        ),
    ])
}

/// A provider's fee and pay over the whole term, as agreed or extended.
fn provider_term(
    statement: &Statement,
    provider: &ProviderSettlement,
    index: usize,
    words: &CalcWords,
) -> Result<Vec<Row>, Error> {
    let line = |key: &str| statement.line(&format!("term.provider[{}].{key}", provider.name));
    let (c, r) = (format!("ContractValue_{index}"), format!("OutcomeShare_{index}"));
    // An extension continues the fee at its agreed monthly rate: · N' / N.
    let months = if statement.line("term.months_extended").is_ok() {
        "*TermMonthsExtended/TermMonths"
    } else {
        ""
    };
    let (fee_exact, fee) = (line("activity_fee_exact")?, line("activity_fee")?);
    let mut fee_row = Row::line(
        words.fee_term,
        format!("FeeTerm_{index}"),
        format!("ROUNDDOWN((1-{r})*{c}{months},2)"),
        fee,
    )
    .given_if(near_boundary(fee_exact.result, Rounding::Down), words);
    fee_row.formula = format!("{}; {}", fee_exact.formula, fee.formula);
    Ok(vec![
        fee_row,
        Row::line(
            words.pay_term,
            format!("PayTerm_{index}"),
            format!("FeeTerm_{index}+Payment_{index}"),
            line("total")?,
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn near_a_boundary_is_a_hair_from_it_not_on_it() {
        // 13/36 · 1.5 · 1200 with the share at 16 places.
        assert!(near_boundary(d("649.99999999999998"), Rounding::Down));
        assert!(!near_boundary(d("650"), Rounding::Down));
        assert!(!near_boundary(d("1984537.50"), Rounding::Down));
        assert!(!near_boundary(d("291.69875"), Rounding::Down));
        assert!(near_boundary(d("0.0049999999999999"), Rounding::Half));
        assert!(near_boundary(d("2701245.5150000000000001"), Rounding::Half));
        assert!(!near_boundary(d("0.005"), Rounding::Half));
        assert!(!near_boundary(d("2701245.5181460428508964"), Rounding::Half));
        assert!(near_boundary(d("-0.0050000000000001"), Rounding::Half));
    }
}
