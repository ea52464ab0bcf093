//! `settle`: settles any outcome contract.
//!
//! ```text
//! settle --contract FILE (--monthly FILE [--index FILE] | --value AMOUNT [--headcount N])
//!        [--as-of MONTH] [--format text|markdown|json|csv|xlsx] [--locale sv|en] [--out FILE]
//! ```
//!
//! * `--contract FILE`: the contract terms (TOML, SPEC.md section 4).
//! * `--monthly FILE`: the monthly series `month,net_days,headcount` (CSV).
//! * `--index FILE`: the national index `month,index` (CSV), when the contract
//!   sets `trend = "national-index"`.
//! * `--value AMOUNT`: a stated value of saved days instead of monthly data, as a
//!   plain decimal (`14700000`); `--headcount N` adds days per employee.
//! * `--as-of MONTH`: the statement as it was true at the end of that month:
//!   the amendments agreed by then, the outcome measured up to then (an
//!   interim settlement).
//! * `--format`: `text` (the default: the statement for a terminal or a
//!   printout), `markdown`, `json` (schema `utfall.statement/1`, amounts as
//!   decimal strings), `csv` (one row per statement line: section, id, label,
//!   formula, inputs, amount, unit, currency, source; exact amounts with `.`) or
//!   `xlsx` (an Excel workbook: the statement, the month-by-month table and the
//!   trace, amounts as numbers with the exact decimal strings beside them; needs
//!   `--out`).
//! * `--locale`: the number style of `text` and `markdown`: `sv` (the default,
//!   `22 870 000,00 kr`) or `en` (`22,870,000.00 SEK`). JSON, CSV and xlsx are
//!   the same in every locale.
//! * `--out FILE`: write there instead of standard output. Without `--format`,
//!   the format follows the file's extension: `.txt`, `.md`, `.json`, `.csv`,
//!   `.xlsx`; a file without an extension gets text.
//!
//! Exit status 0 on success; 1 with a one-line error naming file, line and field
//! on bad input; 2 on a bad command line.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

#[path = "common/cli.rs"]
mod cli;
use cli::usage;

use anyhow::{Context, Result, bail};
use utfall::engine::{Contract, ErrorKind, Month, MonthlySeries, NationalIndex, Outcome, parse_decimal, settle};
use utfall::render::{Style, render_csv, render_json, render_markdown, render_text, render_xlsx};

const USAGE: &str = "usage: settle --contract FILE (--monthly FILE [--index FILE] | --value AMOUNT [--headcount N]) [--as-of MONTH] [--format text|markdown|json|csv|xlsx] [--locale sv|en] [--out FILE]";

/// The formats, with the extensions that choose them.
const FORMATS: [(&str, &[&str]); 5] = [
    ("text", &["txt", "text"]),
    ("markdown", &["md", "markdown"]),
    ("json", &["json"]),
    ("csv", &["csv"]),
    ("xlsx", &["xlsx"]),
];

#[derive(Default)]
struct Args {
    contract: Option<String>,
    monthly: Option<String>,
    index: Option<String>,
    value: Option<String>,
    headcount: Option<String>,
    format: Option<String>,
    locale: Option<String>,
    out: Option<String>,
    as_of: Option<String>,
}

fn main() -> ExitCode {
    cli::exit("settle", USAGE, run(std::env::args().skip(1).collect()))
}

fn parse_args(args: Vec<String>) -> Result<Args> {
    let mut parsed = Args::default();
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(usage("settles an outcome contract"));
        }
        let slot = match flag.as_str() {
            "--contract" => &mut parsed.contract,
            "--monthly" => &mut parsed.monthly,
            "--index" => &mut parsed.index,
            "--value" => &mut parsed.value,
            "--headcount" => &mut parsed.headcount,
            "--format" => &mut parsed.format,
            "--locale" => &mut parsed.locale,
            "--out" => &mut parsed.out,
            "--as-of" => &mut parsed.as_of,
            other => return Err(usage(format!("unknown argument {other:?}"))),
        };
        let value = args.next().ok_or_else(|| usage(format!("{flag} needs a value")))?;
        if slot.replace(value).is_some() {
            return Err(usage(format!("{flag} is given twice")));
        }
    }
    Ok(parsed)
}

/// The format asked for, else the one `out`'s extension names, else text.
fn format(asked: Option<&str>, out: Option<&str>) -> Result<&'static str> {
    let names = || FORMATS.map(|(name, _)| name).join(", ");
    if let Some(asked) = asked {
        return FORMATS
            .iter()
            .find(|(name, _)| *name == asked)
            .map(|(name, _)| *name)
            .ok_or_else(|| usage(format!("--format {asked:?} is not one of {}", names())));
    }
    let Some(extension) = out.and_then(|out| std::path::Path::new(out).extension()) else {
        return Ok("text");
    };
    let extension = extension.to_string_lossy().to_lowercase();
    FORMATS
        .iter()
        .find(|(_, extensions)| extensions.contains(&extension.as_str()))
        .map(|(name, _)| *name)
        .ok_or_else(|| {
            usage(format!(
                "--out: cannot tell the format from the extension \".{extension}\"; give --format ({})",
                names()
            ))
        })
}

fn read(path: &str, what: &str) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read the {what} file {path:?}"))
}

fn run(args: Vec<String>) -> Result<()> {
    let args = parse_args(args)?;
    let contract_path = args
        .contract
        .as_deref()
        .ok_or_else(|| usage("--contract is required"))?;
    let format = format(args.format.as_deref(), args.out.as_deref())?;
    let style = match args.locale.as_deref() {
        None | Some("sv") => Style::swedish(),
        Some("en") => Style::english(),
        Some(other) => return Err(usage(format!("--locale {other:?} is not one of sv, en"))),
    };
    if format == "xlsx" && args.out.is_none() {
        return Err(usage("--format xlsx writes a workbook, not text: give --out FILE.xlsx"));
    }

    let contract = Contract::from_toml_str(&read(contract_path, "contract")?).map_err(|e| e.in_file(contract_path))?;
    let contract = match &args.as_of {
        Some(month) => {
            let month: Month = month.parse().map_err(|e| usage(format!("--as-of: {e}")))?;
            contract.as_of(month).map_err(|e| e.in_file(contract_path))?
        }
        None => contract,
    };
    let outcome = match (&args.monthly, &args.value) {
        (Some(monthly), None) => {
            if args.headcount.is_some() {
                return Err(usage(
                    "--headcount goes with --value; the monthly series has its own headcount",
                ));
            }
            let series =
                MonthlySeries::from_csv_str(&read(monthly, "monthly series")?).map_err(|e| e.in_file(monthly))?;
            let index = match &args.index {
                Some(path) => {
                    Some(NationalIndex::from_csv_str(&read(path, "national index")?).map_err(|e| e.in_file(path))?)
                }
                None => None,
            };
            // A month missing from the index is the index file's fault; every other
            // error here is about the series.
            let in_files = |e: utfall::engine::Error| match (e.kind(), &args.index) {
                (ErrorKind::MissingIndexMonth { .. }, Some(path)) => e.in_file(path),
                _ => e.in_file(monthly),
            };
            Outcome::from_monthly(&contract, &series, index.as_ref()).map_err(in_files)?
        }
        (None, Some(value)) => {
            if args.index.is_some() {
                return Err(usage("--index goes with --monthly"));
            }
            let value = parse_decimal(value).map_err(|e| usage(format!("--value: {e}")))?;
            let headcount = match &args.headcount {
                Some(h) => Some(
                    h.parse::<u32>()
                        .map_err(|_| usage(format!("--headcount: {h:?} is not a whole number")))?,
                ),
                None => None,
            };
            Outcome::from_value(&contract, value, headcount)?
        }
        (Some(_), Some(_)) => return Err(usage("give --monthly or --value, not both")),
        (None, None) => return Err(usage("give --monthly FILE or --value AMOUNT")),
    };
    let statement = settle(&contract, &outcome)?;
    let bytes = match format {
        "markdown" => render_markdown(&statement, &style).into_bytes(),
        "json" => render_json(&statement)?.into_bytes(),
        "csv" => render_csv(&statement).into_bytes(),
        "xlsx" => render_xlsx(&statement)?,
        _ => render_text(&statement, &style).into_bytes(),
    };
    match &args.out {
        Some(path) => std::fs::write(path, bytes).with_context(|| format!("cannot write {path:?}"))?,
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout.write_all(&bytes)
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                bail!("cannot write to standard output: {e}");
            }
        }
    }
    Ok(())
}
