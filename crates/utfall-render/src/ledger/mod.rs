//! A schedule's settlements and each party's ledger ([`Ledger`]), as text,
//! Markdown, JSON (schema in [`json`]), CSV and an xlsx workbook (feature
//! `xlsx`).
//!
//! Every format holds the same figures. Each party's payments are signed from
//! that party's side, received positive and paid negative, as
//! [`Ledger::party`] gives them; the parties come in the order of
//! [`Ledger::parties`] (the funder, then the providers) and the payments in the
//! order of the ledger.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use utfall_engine::{Ledger, Payment, ProviderSettlementToDate};

use crate::Error;
use crate::number::Style;
use crate::words::{Text, columns, fill, kind, payment_line, text};

mod csv;
pub mod json;
mod markdown;
#[cfg(test)]
mod testdata;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use csv::{LEDGER_CSV_HEADER, render_ledger_csv, render_ledger_csv_in};
pub use json::{LEDGER_SCHEMA, render_ledger_json};
pub use markdown::render_ledger_markdown;
#[cfg(feature = "xlsx")]
pub use xlsx::render_ledger_xlsx;

/// The figures of one provider at one settlement as the text and Markdown
/// tables show them: month, provider, to date, paid before, due, and carried
/// forward (empty when nothing is).
fn settlement_cells(
    month: utfall_engine::Month,
    p: &ProviderSettlementToDate,
    money: impl Fn(Decimal) -> String,
) -> [String; 6] {
    [
        month.to_string(),
        p.name.clone(),
        money(p.to_date),
        money(p.paid_before),
        money(p.due),
        if p.carried.is_zero() {
            String::new()
        } else {
            money(p.carried)
        },
    ]
}

/// The other party of `payment`, seen from `party`.
fn counterparty<'a>(payment: &'a Payment, party: &str) -> &'a str {
    if payment.payee == party {
        &payment.payer
    } else {
        &payment.payee
    }
}

/// `value` with the sign of a zero dropped: [`Ledger::party`] negates a zero
/// payment to `-0.00` on the payer's side, and `-0.00` is not a figure to
/// hand a program.
fn unsigned_zero(value: Decimal) -> Decimal {
    if value.is_zero() { value.abs() } else { value }
}

/// The exact decimal as a program reads it back: digits, `.` before decimals,
/// `-` before a negative number.
fn exact(value: Decimal) -> String {
    unsigned_zero(value).to_string()
}

/// The settlements (outcome payment to date, paid before, due, carried
/// forward) and, for each party, every payment signed from its side with the
/// statement line it comes from, and its balance.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, Ledger, MonthlySeries, NationalIndex};
/// use utfall_render::{render_ledger_text, Style};
/// # let read = |f: &str| std::fs::read_to_string(format!("{}/../../examples/illustrative/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
/// # let contract = Contract::from_toml_str(&read("contract-quarterly.toml"))?;
/// # let series = MonthlySeries::from_csv_str(&read("monthly.csv"))?;
/// # let index = NationalIndex::from_csv_str(&read("index.csv"))?;
/// let ledger = Ledger::run(&contract, &series, Some(&index), None)?;
/// let text = render_ledger_text(&ledger, &Style::english())?;
/// assert!(text.contains("Ledger of Botkyrka kommun"));
/// assert!(text.contains("final outcome payment"));
/// let sv = render_ledger_text(&ledger, &Style::swedish())?;
/// assert!(sv.contains("Betalningar för Botkyrka kommun"));
/// assert!(sv.contains("slutlig utfallsersättning"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ErrorKind::Engine`](crate::ErrorKind::Engine) when a party's balance
/// leaves the range of exact decimals.
pub fn render_ledger_text(ledger: &Ledger, style: &Style) -> Result<String, Error> {
    let language = style.language;
    let money = |v| style.money(v, &ledger.currency);
    let mut out = String::new();
    let title = fill(
        language,
        text(language, Text::LedgerTitle),
        &[("contract", &ledger.contract)],
    );
    let _ = writeln!(out, "{title}\n{}", "=".repeat(title.chars().count()));
    let c = columns(language, Text::LedgerSettlementColumns);
    let name = |i: usize| c.get(i).copied().unwrap_or_default();
    let _ = writeln!(
        out,
        "  {:<8} {:<20} {:>18} {:>18} {:>18} {:>18}",
        name(0),
        name(1),
        name(2),
        name(3),
        name(4),
        name(5)
    );
    let final_word = text(language, Text::LedgerFinal);
    for s in &ledger.settlements {
        for p in &s.providers {
            let [month, name, to_date, paid_before, due, carried] = settlement_cells(s.month, p, money);
            let row = format!(
                "  {month:<8} {name:<20} {to_date:>18} {paid_before:>18} {due:>18} {carried:>18}{}",
                if s.is_final {
                    format!("  {final_word}")
                } else {
                    String::new()
                }
            );
            let _ = writeln!(out, "{}", row.trim_end());
        }
    }
    let _ = writeln!(out, "  ({})", text(language, Text::LedgerNote));
    for party in ledger.parties() {
        let view = ledger.party(party)?;
        let title = fill(language, text(language, Text::LedgerOf), &[("party", party)]);
        let _ = writeln!(out, "\n{title}\n{}", "-".repeat(title.chars().count()));
        for (p, signed) in &view.lines {
            let _ = writeln!(
                out,
                "  {:<8} {:<28} {:<18} {:>18}   {}",
                p.month.to_string(),
                kind(language, p.kind),
                counterparty(p, party),
                money(*signed),
                payment_line(language, &p.line)
            );
        }
        let _ = writeln!(
            out,
            "  {:<8} {:<28} {:<18} {:>18}",
            "",
            text(language, Text::LedgerBalance),
            "",
            money(view.balance)
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::{counterparty, exact, testdata};

    #[test]
    fn a_zero_is_written_without_a_sign() {
        let zero: Decimal = "0.00".parse().unwrap();
        assert_eq!(exact(-zero), "0.00");
        assert_eq!(exact("-12.50".parse().unwrap()), "-12.50");
    }

    #[test]
    fn a_balance_beyond_exact_decimals_is_an_error() {
        let mut ledger = testdata::quarterly();
        let mut payment = ledger.payments.first().unwrap().clone();
        payment.amount = Decimal::MAX;
        ledger.payments.extend([payment.clone(), payment]);
        let style = crate::Style::swedish();
        for err in [
            super::render_ledger_text(&ledger, &style).unwrap_err(),
            super::render_ledger_markdown(&ledger, &style).unwrap_err(),
            super::render_ledger_json(&ledger).unwrap_err(),
        ] {
            assert!(matches!(err.kind(), crate::ErrorKind::Engine(_)), "{err}");
            assert!(
                err.to_string()
                    .starts_with("arithmetic overflow computing the balance of "),
                "{err}"
            );
        }
    }

    #[test]
    fn the_counterparty_is_the_other_side() {
        let ledger = testdata::quarterly();
        let payment = ledger.payments.first().unwrap();
        assert_eq!(counterparty(payment, &ledger.funder), payment.payee);
        assert_eq!(counterparty(payment, &payment.payee), ledger.funder);
    }
}
