//! `utfall what-if`: the saved days per employee a contract needs to break
//! even and to reach its caps, payments and results by saved days, and the
//! window at a target reduction.

use anyhow::Result;
use clap::error::ErrorKind;
use utfall_engine::WhatIf;
use utfall_render::{render_whatif_csv_in, render_whatif_text};

use crate::args::{TableFormat, WhatIfArgs};
use crate::same_file::Files;
use crate::{input, interrupt, messages, output};

/// Runs `utfall what-if`.
///
/// # Errors
/// A command-line mistake clap could not see, bad or unreadable input, or
/// standard output that cannot be written.
pub fn run(args: WhatIfArgs) -> Result<()> {
    if args.index.is_some() {
        return Err(messages::usage(
            "what-if",
            ErrorKind::ArgumentConflict,
            "--index is not used by what-if: at the target each window month is (1 − t) · x(ref(m)) after any \
             trend adjustment, so the national index drops out; leave --index out",
        )
        .into());
    }
    let format = match (args.format, args.csv) {
        (Some(TableFormat::Text), Some(csv)) => {
            return Err(messages::usage(
                "what-if",
                ErrorKind::ArgumentConflict,
                format!(
                    "--csv {} applies to CSV output, and the output here is text",
                    csv.output().name()
                ),
            )
            .into());
        }
        (Some(format), _) => format,
        (None, Some(_)) => TableFormat::Csv,
        (None, None) => TableFormat::Text,
    };
    Files::new()
        .input("--contract", Some(&args.contract))
        .input("--monthly", args.monthly.as_deref())
        .refuse_same("what-if")?;
    let contract = input::contract(&args.contract)?;
    let series = match &args.monthly {
        Some(monthly) => Some(input::series(monthly, &args.dialect)?),
        None => None,
    };
    interrupt::check()?;
    let headcount = match (args.headcount, &series, &args.monthly) {
        (Some(h), _, _) => h,
        (None, Some(series), Some(monthly)) => {
            WhatIf::average_headcount(&contract, series).map_err(|e| input::blame(e, monthly, None))?
        }
        // clap requires --headcount without --monthly; a second line of defence.
        _ => {
            return Err(messages::usage(
                "what-if",
                ErrorKind::MissingRequiredArgument,
                "give --headcount N, or --monthly FILE",
            )
            .into());
        }
    };
    let mut whatif = WhatIf::new(&contract, headcount, args.step)?;
    if let (Some(series), Some(monthly)) = (&series, &args.monthly) {
        let at = WhatIf::at_target(&contract, series, args.target).map_err(|e| input::blame(e, monthly, None))?;
        whatif = whatif.with_target(&contract, at)?;
    }
    let text = match format {
        TableFormat::Text => render_whatif_text(&whatif, &args.locale.style()),
        TableFormat::Csv => render_whatif_csv_in(&whatif, args.csv.map(|c| c.output()).unwrap_or_default()),
    };
    output::to_stdout(text.as_bytes())
}
