//! `utfall settle`: a contract and an outcome in, the settlement statement out.

use anyhow::Result;
use clap::error::ErrorKind;
use utfall_engine::{CsvOutput, Ledger, Outcome, RiskCurve, Statement, WhatIf, settle};
use utfall_render::{Style, Summary, render_csv_in, render_html, render_json, render_markdown, render_text};

use crate::args::SettleArgs;
use crate::format::{self, Format};
use crate::same_file::Files;
use crate::{input, interrupt, messages, output};

/// Runs `utfall settle`.
///
/// # Errors
/// A command-line mistake clap could not see, or bad or unreadable input.
pub fn run(args: SettleArgs) -> Result<()> {
    Files::new()
        .input("--contract", Some(&args.contract))
        .input("--monthly", args.monthly.as_deref())
        .input("--index", args.index.as_deref())
        .output("--out", args.out.as_deref())
        .refuse_same("settle")?;
    let (format, csv) = format::choose_with_csv(args.format, args.out.as_deref(), args.csv, "settle")?;
    let agreed = input::contract(&args.contract)?;
    let contract = match args.as_of {
        Some(month) => agreed
            .as_of(month)
            .map_err(|e| e.in_file(input::shown(&args.contract)))?,
        None => agreed.clone(),
    };
    let mut ledger = None;
    let mut target = None;
    let outcome = match (&args.monthly, args.value) {
        (Some(monthly), _) => {
            let series = input::series(monthly, &args.dialect)?;
            let index = input::index(args.index.as_deref(), &args.dialect)?;
            // With a schedule, the summary says what is already paid and
            // what is due now: the ledger up to the statement's month.
            if agreed.schedule().is_some() {
                ledger = Some(
                    Ledger::run(&agreed, &series, index.as_ref(), args.as_of)
                        .map_err(|e| input::blame(e, monthly, args.index.as_deref()))?,
                );
            }
            // The printable page's risk chart marks the target too.
            if format == Format::Html && contract.target_reduction().is_some() {
                target = Some(WhatIf::at_target(&contract, &series, None).map_err(|e| input::blame(e, monthly, None))?);
            }
            Outcome::from_monthly(&contract, &series, index.as_ref())
                .map_err(|e| input::blame(e, monthly, args.index.as_deref()))?
        }
        (None, Some(value)) => Outcome::from_value(&contract, value, args.headcount)?,
        // clap's group "outcome" requires one of them; this is a second line of defence.
        (None, None) => {
            return Err(messages::usage(
                "settle",
                ErrorKind::MissingRequiredArgument,
                "give --monthly FILE or --value AMOUNT",
            )
            .into());
        }
    };
    interrupt::check()?;
    let statement = settle(&contract, &outcome)?;
    let summary = Summary::new(&statement, ledger.as_ref())?.issued(args.issued.unwrap_or_else(crate::args::today));
    let style = args.locale.style();
    let bytes = match format {
        // The printable page shows the risk chart, the outcome and the target marked.
        Format::Html => {
            let curve = RiskCurve::for_statement(&agreed, outcome.value(), target.as_ref())?;
            render_html(&statement, &summary, &style, Some(&curve)).into_bytes()
        }
        _ => statement_bytes(&statement, &summary, format, csv, &style)?,
    };
    output::to_out(args.out.as_deref(), &bytes)
}

/// The statement in `format`.
///
/// # Errors
/// When the JSON or xlsx writer fails, or xlsx is not built in.
fn statement_bytes(
    statement: &Statement,
    summary: &Summary,
    format: Format,
    csv: CsvOutput,
    style: &Style,
) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Text => render_text(statement, summary, style).into_bytes(),
        Format::Markdown => render_markdown(statement, summary, style).into_bytes(),
        Format::Html => render_html(statement, summary, style, None).into_bytes(),
        Format::Json => render_json(statement, summary)?.into_bytes(),
        Format::Csv => render_csv_in(statement, csv).into_bytes(),
        #[cfg(feature = "xlsx")]
        Format::Xlsx => utfall_render::render_xlsx(statement, summary, style)?,
        // format::choose refuses xlsx first; this keeps the refusal an error, not a panic.
        #[cfg(not(feature = "xlsx"))]
        Format::Xlsx => anyhow::bail!("this utfall is built without xlsx"),
    })
}
