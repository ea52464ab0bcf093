//! The ledger as Markdown.

use std::fmt::Write as _;

use utfall_engine::Ledger;

use super::{counterparty, settlement_cells};
use crate::Error;
use crate::markdown::escape;
use crate::number::Style;
use crate::words::{Text, columns, fill, kind, payment_line, text};

/// Renders a ledger as Markdown (CommonMark with GitHub's tables): the heading
/// `# Settlements: CONTRACT`, a table of the settlements with the columns
/// *month*, *provider*, *to date*, *paid before*, *due*, *carried forward* and
/// *final* (marked on the final settlement), what the columns mean, then for
/// each party a section `## Ledger of PARTY` with a table of its payments
/// (*month*, *kind* in words, *counterparty*, *amount* signed from the party's
/// side, *line*) whose last row is the party's balance, in bold.
///
/// Amounts are in `style`, rounded to öre, as in
/// [`render_ledger_text`](crate::render_ledger_text); text is escaped as in
/// [`render_markdown`](crate::render_markdown), so that it shows as written.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, Ledger, MonthlySeries, NationalIndex};
/// use utfall_render::{render_ledger_markdown, Style};
/// # let read = |f: &str| std::fs::read_to_string(format!("{}/../../examples/illustrative/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
/// # let contract = Contract::from_toml_str(&read("contract-quarterly.toml"))?;
/// # let series = MonthlySeries::from_csv_str(&read("monthly.csv"))?;
/// # let index = NationalIndex::from_csv_str(&read("index.csv"))?;
/// let ledger = Ledger::run(&contract, &series, Some(&index), None)?;
/// let style = Style::english();
/// let md = render_ledger_markdown(&ledger, &style)?;
/// assert!(md.starts_with("# Settlements: Illustrative contract on synthetic data, settled quarterly\n"));
/// assert!(md.contains("\n## Ledger of Aino Health\n"));
/// let balance = style.money(ledger.party("Aino Health")?.balance, "SEK");
/// assert!(md.contains(&format!("| **balance** | | | **{balance}** | |")));
/// let sv = render_ledger_markdown(&ledger, &Style::swedish())?;
/// assert!(sv.starts_with("# Avräkningar: Illustrative contract on synthetic data, settled quarterly\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ErrorKind::Engine`](crate::ErrorKind::Engine) when a party's balance
/// leaves the range of exact decimals.
pub fn render_ledger_markdown(ledger: &Ledger, style: &Style) -> Result<String, Error> {
    let language = style.language;
    let money = |v| style.money(v, &ledger.currency);
    let mut out = String::new();
    let title = fill(
        language,
        text(language, Text::LedgerTitle),
        &[("contract", &ledger.contract)],
    );
    let _ = writeln!(out, "# {}\n", escape(&title));
    let _ = writeln!(
        out,
        "| {} |\n|:---|:---|---:|---:|---:|---:|:---|",
        columns(language, Text::LedgerSettlementColumns).join(" | ")
    );
    let final_word = text(language, Text::LedgerFinal);
    for s in &ledger.settlements {
        for p in &s.providers {
            let cells = settlement_cells(s.month, p, money).map(|cell| escape(&cell));
            let _ = writeln!(
                out,
                "| {} | {} |",
                cells.join(" | "),
                if s.is_final { final_word } else { "" }
            );
        }
    }
    let _ = writeln!(out, "\n({})", escape(text(language, Text::LedgerNote)));
    for party in ledger.parties() {
        let view = ledger.party(party)?;
        let heading = fill(language, text(language, Text::LedgerOf), &[("party", party)]);
        let _ = writeln!(out, "\n## {}\n", escape(&heading));
        let _ = writeln!(
            out,
            "| {} |\n|:---|:---|:---|---:|:---|",
            columns(language, Text::LedgerPaymentColumns).join(" | ")
        );
        for (p, signed) in &view.lines {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                p.month,
                escape(kind(language, p.kind)),
                escape(counterparty(p, party)),
                money(*signed),
                escape(&payment_line(language, &p.line))
            );
        }
        let _ = writeln!(
            out,
            "| **{}** | | | **{}** | |",
            text(language, Text::LedgerBalance),
            money(view.balance)
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    /// Swedish numbers with English words, which these tests read.
    fn swedish_numbers() -> crate::Style {
        crate::Style {
            language: crate::Language::English,
            ..crate::Style::swedish()
        }
    }

    use utfall_engine::Ledger;

    use super::*;
    use crate::ledger::testdata;

    /// The rows of the table under `## Ledger of PARTY`, without its header.
    fn party_rows<'a>(md: &'a str, party: &str) -> Vec<&'a str> {
        let heading = format!("\n## Ledger of {}\n\n", escape(party));
        let (_, after) = md.split_once(&heading).unwrap_or_else(|| panic!("no {heading:?}"));
        after.lines().take_while(|l| l.starts_with('|')).skip(2).collect()
    }

    fn cells(row: &str) -> Vec<&str> {
        let inner = row.strip_prefix('|').and_then(|r| r.strip_suffix('|')).unwrap();
        inner.split('|').map(str::trim).collect()
    }

    fn check_balances(ledger: &Ledger, style: &Style) {
        let md = render_ledger_markdown(ledger, style).unwrap();
        for party in ledger.parties() {
            let view = ledger.party(party).unwrap();
            let rows = party_rows(&md, party);
            assert_eq!(rows.len(), view.lines.len() + 1, "{party}");
            for (row, (p, signed)) in rows.iter().zip(&view.lines) {
                let cells = cells(row);
                assert_eq!(cells[0], p.month.to_string());
                assert_eq!(cells[1], escape(p.kind.label()));
                assert_eq!(cells[2], escape(counterparty(p, party)));
                assert_eq!(cells[3], style.money(*signed, "SEK"));
                assert_eq!(cells[4], escape(&p.line));
            }
            let balance = format!("| **balance** | | | **{}** | |", style.money(view.balance, "SEK"));
            assert_eq!(rows.last().copied(), Some(balance.as_str()), "{party}");
        }
    }

    #[test]
    fn each_ledger_ends_in_its_balance() {
        let ledger = testdata::quarterly();
        check_balances(&ledger, &swedish_numbers());
        check_balances(&ledger, &Style::english());
        // The funder pays: its balance is negative, with the style's minus.
        let funder = ledger.party(&ledger.funder).unwrap().balance;
        let md = render_ledger_markdown(&ledger, &swedish_numbers()).unwrap();
        assert!(md.contains(&format!(
            "| **balance** | | | **−{}** | |",
            swedish_numbers().money(-funder, "SEK")
        )));
    }

    #[test]
    fn the_settlement_table_has_a_row_per_provider_and_settlement() {
        let ledger = testdata::quarterly();
        let style = Style::english();
        let md = render_ledger_markdown(&ledger, &style).unwrap();
        let rows: Vec<&str> = md.lines().skip(2).take_while(|l| l.starts_with('|')).skip(2).collect();
        assert_eq!(rows.len(), ledger.settlements.len());
        for (row, s) in rows.iter().zip(&ledger.settlements) {
            let p = s.providers.first().unwrap();
            let carried = if p.carried.is_zero() {
                String::new()
            } else {
                style.money(p.carried, "SEK")
            };
            let expected = [
                s.month.to_string(),
                "Aino Health".to_owned(),
                style.money(p.to_date, "SEK"),
                style.money(p.paid_before, "SEK"),
                style.money(p.due, "SEK"),
                carried,
                if s.is_final { "final" } else { "" }.to_owned(),
            ];
            assert_eq!(cells(row), expected);
        }
        assert_eq!(rows.last().map(|r| cells(r)[6]), Some("final"));
        assert!(md.contains(&format!(
            "\n({})\n",
            crate::words::text(crate::Language::English, crate::words::Text::LedgerNote)
        )));
    }

    #[test]
    fn two_providers_are_three_parties() {
        let ledger = testdata::two_providers();
        let style = swedish_numbers();
        let md = render_ledger_markdown(&ledger, &style).unwrap();
        let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## Ledger of ")).collect();
        assert_eq!(
            headings,
            [
                "## Ledger of Botkyrka kommun",
                "## Ledger of Aino Health",
                "## Ledger of Bruk & Co, \"Tumba\""
            ]
        );
        check_balances(&ledger, &style);
    }
}
