//! `utfall ledger`: a contract settled at each month of its payment schedule,
//! with each party's ledger.

use anyhow::Result;
use utfall_engine::{CsvOutput, Ledger};
use utfall_render::{Style, render_ledger_csv_in, render_ledger_json, render_ledger_markdown, render_ledger_text};

use crate::args::LedgerArgs;
use crate::format::{self, Format};
use crate::same_file::Files;
use crate::{input, interrupt, output};

/// Runs `utfall ledger`.
///
/// # Errors
/// A command-line mistake clap could not see, or bad or unreadable input.
pub fn run(args: LedgerArgs) -> Result<()> {
    Files::new()
        .input("--contract", Some(&args.contract))
        .input("--monthly", Some(&args.monthly))
        .input("--index", args.index.as_deref())
        .output("--out", args.out.as_deref())
        .refuse_same("ledger")?;
    let (format, csv) = format::choose_with_csv(args.format, args.out.as_deref(), args.csv, "ledger")?;
    let contract = input::contract(&args.contract)?;
    let series = input::series(&args.monthly, &args.dialect)?;
    let index = input::index(args.index.as_deref(), &args.dialect)?;
    interrupt::check()?;
    let ledger = Ledger::run(&contract, &series, index.as_ref(), args.until)
        .map_err(|e| input::blame(e, &args.monthly, args.index.as_deref()))?;
    let bytes = ledger_bytes(&ledger, format, csv, &args.locale.style())?;
    output::to_out(args.out.as_deref(), &bytes)
}

/// The ledger in `format`.
///
/// # Errors
/// When a balance overflows, the JSON or xlsx writer fails, or xlsx is not
/// built in.
fn ledger_bytes(ledger: &Ledger, format: Format, csv: CsvOutput, style: &Style) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Text => render_ledger_text(ledger, style)?.into_bytes(),
        Format::Markdown => render_ledger_markdown(ledger, style)?.into_bytes(),
        // format::choose refuses html for a ledger first; this keeps the refusal an error, not a panic.
        Format::Html => anyhow::bail!("utfall ledger does not write html yet"),
        Format::Json => render_ledger_json(ledger)?.into_bytes(),
        Format::Csv => render_ledger_csv_in(ledger, csv).into_bytes(),
        #[cfg(feature = "xlsx")]
        Format::Xlsx => utfall_render::render_ledger_xlsx(ledger, style)?,
        // format::choose refuses xlsx first; this keeps the refusal an error, not a panic.
        #[cfg(not(feature = "xlsx"))]
        Format::Xlsx => anyhow::bail!("this utfall is built without xlsx"),
    })
}
