//! `utfall ledger`: a contract settled at each month of its payment schedule,
//! with each party's ledger.

use anyhow::{Result, bail};
use utfall_engine::Ledger;
use utfall_render::{Style, render_ledger_text};

use crate::args::LedgerArgs;
use crate::format::{self, Format};
use crate::{input, output};

/// Runs `utfall ledger`.
///
/// # Errors
/// A command-line mistake clap could not see, bad or unreadable input, or a
/// format not built yet.
pub fn run(args: LedgerArgs) -> Result<()> {
    let format = format::choose(args.format, args.out.as_deref(), "ledger")?;
    let contract = input::contract(&args.contract)?;
    let series = input::series(&args.monthly)?;
    let index = input::index(args.index.as_deref())?;
    let ledger = Ledger::run(&contract, &series, index.as_ref(), args.until)
        .map_err(|e| input::blame(e, &args.monthly, args.index.as_deref()))?;
    output::to_out(
        args.out.as_deref(),
        &ledger_bytes(&ledger, format, &args.locale.style())?,
    )
}

/// The ledger in `format`.
///
/// # Errors
/// For every format but text, until utfall-render has ledgers in them.
pub fn ledger_bytes(ledger: &Ledger, format: Format, style: &Style) -> Result<Vec<u8>> {
    match format {
        Format::Text => Ok(render_ledger_text(ledger, style).into_bytes()),
        // The renderers for these are being written in utfall-render; an
        // error until then, rather than output that only looks right.
        Format::Markdown | Format::Json | Format::Csv | Format::Xlsx => {
            bail!("ledger --format {} is not built yet", format.name())
        }
    }
}
