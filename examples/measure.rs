//! `measure`: absence records and headcount in, the monthly series for `settle`
//! and the full measurement out (SPEC.md section 3).
//!
//! ```text
//! measure --absence FILE --headcount FILE [--series FILE] [--out DIR] [--detail] [--json FILE] [--history]
//! ```
//!
//! * `--absence FILE`: `employee_id,date,hours[,department][,sex]` (CSV, any order).
//! * `--headcount FILE`: `month,employees[,department][,sex]` (CSV).
//! * `--series FILE`: write the monthly series `month,net_days,headcount` (days
//!   1–14, whole organisation) that `settle --monthly` reads; `-` for standard
//!   output. Without `--out` or `--json`, the series goes to standard output.
//! * `--out DIR`: write `net_days.csv`, `repeated_flags.csv`,
//!   `repeated_inflow.csv` and `left_censored.csv` there (and with `--detail`
//!   also `spells.csv` and `flagged_employees.csv`).
//! * `--json FILE`: the measurement as JSON (schema `utfall.measurement/1`).
//! * `--history`: records before the first headcount month count for spells and
//!   repeated absence but are not reported (otherwise they are an error).
//!
//! A progress line shows on a terminal for inputs that take more than a second,
//! never when standard error is not a terminal. Exit status 0 on success; 1 with
//! a one-line error naming file, line and field; 2 on a bad command line.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

#[path = "common/cli.rs"]
mod cli;
use cli::usage;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use utfall::absence::{Headcount, Measurement, Options, measure};

const USAGE: &str =
    "usage: measure --absence FILE --headcount FILE [--series FILE] [--out DIR] [--detail] [--json FILE] [--history]";

#[derive(Default)]
struct Args {
    absence: Option<String>,
    headcount: Option<String>,
    series: Option<String>,
    out: Option<String>,
    json: Option<String>,
    detail: bool,
    history: bool,
}

fn main() -> ExitCode {
    cli::exit("measure", USAGE, run(std::env::args().skip(1).collect()))
}

fn parse_args(args: Vec<String>) -> Result<Args> {
    let mut parsed = Args::default();
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let slot = match flag.as_str() {
            "--detail" => {
                parsed.detail = true;
                continue;
            }
            "--history" => {
                parsed.history = true;
                continue;
            }
            "--help" | "-h" => return Err(usage("measures sick leave from absence records")),
            "--absence" => &mut parsed.absence,
            "--headcount" => &mut parsed.headcount,
            "--series" => &mut parsed.series,
            "--out" => &mut parsed.out,
            "--json" => &mut parsed.json,
            other => return Err(usage(format!("unknown argument {other:?}"))),
        };
        let value = args.next().ok_or_else(|| usage(format!("{flag} needs a value")))?;
        if slot.replace(value).is_some() {
            return Err(usage(format!("{flag} is given twice")));
        }
    }
    Ok(parsed)
}

/// Shows how far the reading has come, on a terminal only and only after a second.
struct Progress {
    started: Instant,
    last: Instant,
    total: u64,
    shown: bool,
    enabled: bool,
}

impl Progress {
    fn new(total: u64) -> Self {
        let now = Instant::now();
        Self {
            started: now,
            last: now,
            total,
            shown: false,
            enabled: std::io::stderr().is_terminal(),
        }
    }

    fn update(&mut self, done: u64) {
        if !self.enabled
            || self.started.elapsed() < Duration::from_secs(1)
            || self.last.elapsed() < Duration::from_millis(200)
        {
            return;
        }
        self.last = Instant::now();
        self.shown = true;
        let percent = done.saturating_mul(100).checked_div(self.total).unwrap_or(100);
        eprint!(
            "\rmeasure: read {} of {} MB ({percent} %)",
            done >> 20,
            self.total >> 20
        );
    }

    fn finish(&self) {
        if self.shown {
            eprintln!(
                "\rmeasure: read {} MB in {:.1} s{:20}",
                self.total >> 20,
                self.started.elapsed().as_secs_f32(),
                ""
            );
        }
    }
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(
        1 << 20,
        File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
    ))
}

fn write_outputs(m: &Measurement, args: &Args) -> Result<()> {
    if let Some(dir) = &args.out {
        let dir = Path::new(dir);
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        m.write_net_days(create(&dir.join("net_days.csv"))?)?;
        m.write_repeated_flags(create(&dir.join("repeated_flags.csv"))?)?;
        m.write_repeated_inflow(create(&dir.join("repeated_inflow.csv"))?)?;
        m.write_censored(create(&dir.join("left_censored.csv"))?)?;
        if args.detail {
            m.write_spells(create(&dir.join("spells.csv"))?)?;
            m.write_flagged(create(&dir.join("flagged_employees.csv"))?)?;
        }
    }
    if let Some(path) = &args.json {
        let mut w = create(Path::new(path))?;
        serde_json::to_writer_pretty(&mut w, &m.to_json())?;
        writeln!(w)?;
        w.flush()?;
    }
    match args.series.as_deref() {
        Some("-") => m.write_series(std::io::stdout().lock())?,
        Some(path) => m.write_series(create(Path::new(path))?)?,
        None if args.out.is_none() && args.json.is_none() => m.write_series(std::io::stdout().lock())?,
        None => {}
    }
    Ok(())
}

fn run(args: Vec<String>) -> Result<()> {
    let args = parse_args(args)?;
    let absence = args.absence.clone().ok_or_else(|| usage("--absence is required"))?;
    let headcount_path = args.headcount.clone().ok_or_else(|| usage("--headcount is required"))?;
    if args.detail && args.out.is_none() {
        return Err(usage("--detail writes into --out DIR; give --out"));
    }
    let text = std::fs::read_to_string(&headcount_path)
        .with_context(|| format!("cannot read the headcount file {headcount_path:?}"))?;
    let headcount = Headcount::from_csv_str(&text).map_err(|e| e.in_file(&headcount_path))?;
    let size = std::fs::metadata(&absence)
        .with_context(|| format!("cannot read the absence file {absence:?}"))?
        .len();
    let mut progress = Progress::new(size);
    let options = Options {
        history: args.history,
        detail: args.detail,
        ..Options::default()
    };
    let measurement = measure(|| File::open(&absence), &headcount, &options, &mut |done| {
        progress.update(done)
    })
    .map_err(|e| e.in_file(&absence))?;
    progress.finish();
    let s = measurement.summary();
    if s.censored_spells > 0 && std::io::stderr().is_terminal() {
        eprintln!(
            "measure: {} spells were under way on {}, the first date of the data; their days count from that date (see left_censored.csv)",
            s.censored_spells, s.first_date
        );
    }
    write_outputs(&measurement, &args)
}
