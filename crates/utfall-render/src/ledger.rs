//! A schedule's settlements and each party's ledger as text.

use std::fmt::Write as _;

use utfall_engine::Ledger;

use crate::number::Style;

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
/// let text = render_ledger_text(&ledger, &Style::swedish());
/// assert!(text.contains("Ledger of Botkyrka kommun"));
/// assert!(text.contains("final outcome payment"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_ledger_text(ledger: &Ledger, style: &Style) -> String {
    let money = |v| style.money(v, &ledger.currency);
    let mut out = String::new();
    let title = format!("Settlements: {}", ledger.contract);
    let _ = writeln!(out, "{title}\n{}", "=".repeat(title.chars().count()));
    let _ = writeln!(
        out,
        "  {:<8} {:<20} {:>18} {:>18} {:>18} {:>18}",
        "month", "provider", "to date", "paid before", "due", "carried forward"
    );
    for s in &ledger.settlements {
        for p in &s.providers {
            let _ = writeln!(
                out,
                "  {:<8} {:<20} {:>18} {:>18} {:>18} {:>18}{}",
                s.month.to_string(),
                p.name,
                money(p.to_date),
                money(p.paid_before),
                money(p.due),
                if p.carried.is_zero() {
                    String::new()
                } else {
                    money(p.carried)
                },
                if s.is_final { "  final" } else { "" }
            );
        }
    }
    let _ = writeln!(
        out,
        "  (to date: the outcome payment of the statement as of the month, cap included; due: to date less paid before)"
    );
    for party in ledger.parties() {
        let view = ledger.party(party);
        let title = format!("Ledger of {party}");
        let _ = writeln!(out, "\n{title}\n{}", "-".repeat(title.chars().count()));
        for (p, signed) in &view.lines {
            let other = if p.payee == party { &p.payer } else { &p.payee };
            let _ = writeln!(
                out,
                "  {:<8} {:<28} {:<18} {:>18}   {}",
                p.month.to_string(),
                p.kind.label(),
                other,
                money(*signed),
                p.line
            );
        }
        let _ = writeln!(
            out,
            "  {:<8} {:<28} {:<18} {:>18}",
            "",
            "balance",
            "",
            money(view.balance)
        );
    }
    out
}
