//! `utfall botkyrka`: Botkyrka's settlement for October 2018 – February 2020
//! reconciled with the evaluation report, then the same terms settled
//! quarterly on illustrative data. The data are compiled in, so that it runs
//! from any directory.

use anyhow::{Context, Result};
use utfall_engine::{
    Contract, Ledger, MonthlySeries, NationalIndex, Outcome, ReportedFigures, Statement, reconcile, settle,
};
use utfall_render::{Summary, render_ledger_text, render_reconciliation, render_text};

use crate::args::BotkyrkaArgs;
use crate::output;

/// One data file: the name errors show (the repository's path), and its text.
struct Data {
    name: &'static str,
    text: &'static str,
}

macro_rules! data {
    ($path:literal) => {
        Data {
            name: $path,
            text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../", $path)),
        }
    };
}

const CONTRACT: Data = data!("examples/botkyrka/contract.toml");
const CONTRACT_STATED_SHARE: Data = data!("examples/botkyrka/contract-stated-share.toml");
const REPORT: Data = data!("examples/botkyrka/report.toml");
const QUARTERLY: Data = data!("examples/illustrative/contract-quarterly.toml");
const MONTHLY: Data = data!("examples/illustrative/monthly.csv");
const INDEX: Data = data!("examples/illustrative/index.csv");

/// The head of the output in English.
const HEADER: &str = "\
Botkyrka × Aino Health: settlement October 2018 – February 2020
from the value of saved days stated in RISE's evaluation report Arbetsmiljö och
Hälsa i Fokus (2021), section SUMMERING AV EKONOMISKT UTFALL oktober
2018-februari 2020, settled twice:
  exact:  with the share s = r·C/I that the contract terms imply
  stated: with the report's rounded share s = 18.4 %

";

/// The head of the output in Swedish.
const HEADER_SV: &str = "\
Botkyrka × Aino Health: avräkning oktober 2018 – februari 2020
från värdet av sparade dagar som RISE:s utvärderingsrapport Arbetsmiljö och
Hälsa i Fokus (2021) anger i avsnittet SUMMERING AV EKONOMISKT UTFALL oktober
2018-februari 2020, avräknat två gånger:
  exact:  med andelen s = r·C/I som avtalets villkor ger
  stated: med rapportens avrundade andel s = 18,4 %
(avstämningens uppgifter och förklaringar nedan står på engelska)

";

/// Runs `utfall botkyrka`.
///
/// # Errors
/// When standard output cannot be written (the data are checked by the tests).
pub fn run(args: &BotkyrkaArgs) -> Result<()> {
    output::to_stdout(text(args)?.as_bytes())
}

fn contract(data: &Data) -> Result<Contract> {
    Ok(Contract::from_toml_str(data.text).map_err(|e| e.in_file(data.name))?)
}

fn text(args: &BotkyrkaArgs) -> Result<String> {
    let exact = contract(&CONTRACT)?;
    let stated = contract(&CONTRACT_STATED_SHARE)?;
    let report = ReportedFigures::from_toml_str(REPORT.text).map_err(|e| e.in_file(REPORT.name))?;
    let reported = report
        .outcome
        .as_ref()
        .with_context(|| format!("{}: the [outcome] table with the stated value is missing", REPORT.name))?;

    let settle_on = |contract: &Contract| -> Result<Statement> {
        let outcome = Outcome::from_value(contract, reported.value, reported.headcount)?;
        Ok(settle(contract, &outcome)?)
    };
    let with_exact = settle_on(&exact)?;
    let with_stated = settle_on(&stated)?;
    let rows = reconcile(&report, &[("exact", &with_exact), ("stated", &with_stated)])?;

    let style = args.locale.style();
    let swedish = style.language == utfall_render::Language::Swedish;
    let words = |sv: &'static str, en: &'static str| if swedish { sv } else { en };
    let mut out = String::from(words(HEADER_SV, HEADER));
    out.push_str(&render_text(&with_exact, &Summary::new(&with_exact, None)?, &style));
    out.push('\n');
    out.push_str(&render_text(&with_stated, &Summary::new(&with_stated, None)?, &style));
    out.push_str(&heading(words(
        "Avstämning mot rapporten",
        "Reconciliation with the report",
    )));
    out.push_str(&render_reconciliation(&rows, with_exact.currency(), &style));

    // Botkyrka's monthly figures are not published: the quarterly settlement
    // with the pandemic amendment as dated data runs on synthetic ones.
    let quarterly = contract(&QUARTERLY)?;
    let series = MonthlySeries::from_csv_str(MONTHLY.text).map_err(|e| e.in_file(MONTHLY.name))?;
    let index = NationalIndex::from_csv_str(INDEX.text).map_err(|e| e.in_file(INDEX.name))?;
    let ledger = Ledger::run(&quarterly, &series, Some(&index), None)?;
    out.push_str(&heading(words(
        "Avräknat kvartalsvis a conto (illustrativa syntetiska månadsdata)",
        "Settled quarterly on account (illustrative synthetic monthly data)",
    )));
    out.push('\n');
    out.push_str(&render_ledger_text(&ledger, &style)?);
    Ok(out)
}

/// A title underlined, after a blank line.
fn heading(title: &str) -> String {
    format!("\n{title}\n{}\n", "=".repeat(title.chars().count()))
}
