//! # utfall-web
//!
//! The engine as the page under `web/` runs it in WebAssembly: settle,
//! measure, ledger, risk curve and what-if on the bytes of files the user
//! picked, in memory and on one thread, each giving what the program writes
//! (the same JSON documents, the same CSV, HTML and xlsx bytes) or the
//! program's one-line error (`utfall settle: contract.toml: line 3: …`),
//! naming each file by the name the page gives.
//!
//! The functions here are plain Rust, tested natively
//! (`cargo test -p utfall-web`); the thin `#[wasm_bindgen]` wrappers in
//! `wasm` (built for `wasm32` only) hand them to JavaScript.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use utfall_absence::{
    AbsenceFormat, CsvDialect, CsvForm, Delimiter, Encoding, FileConfig, Headcount, MeasureConfig, Options, Schedule,
    Threads, Workdays,
};
use utfall_engine::{
    Contract, CsvOutput, InputFile, Ledger, Month, MonthlySeries, NationalIndex, Outcome, RiskCurve, WhatIf, settle,
};
use utfall_render::{
    Style, Summary, render_csv_in, render_html, render_json, render_ledger_csv_in, render_ledger_json,
    render_ledger_markdown, render_ledger_text, render_ledger_xlsx, render_markdown, render_risk_csv_in,
    render_risk_svg, render_text, render_whatif_csv_in, render_whatif_text, render_xlsx,
};

#[cfg(target_arch = "wasm32")]
mod wasm;

/// A file the user gave the page: its name, as errors show it, and its bytes.
#[derive(Clone, Copy, Debug)]
pub struct File<'a> {
    /// The file's name.
    pub name: &'a str,
    /// Its bytes.
    pub bytes: &'a [u8],
}

impl<'a> File<'a> {
    /// The file `name` holding `bytes`.
    pub fn new(name: &'a str, bytes: &'a [u8]) -> Self {
        Self { name, bytes }
    }

    /// Its text in UTF-8, or the program's error for a file it cannot read.
    fn text(&self, what: &str) -> Result<&'a str, String> {
        std::str::from_utf8(self.bytes).map_err(|_| {
            format!(
                "cannot read the {what} file {:?}: stream did not contain valid UTF-8",
                self.name
            )
        })
    }

    /// Its text in `encoding`, as the program reads a monthly series or an index.
    fn decoded(&self, encoding: Encoding) -> Result<String, String> {
        Ok(encoding
            .decode(self.bytes)
            .map_err(|e| e.in_file(self.name).to_string())?
            .into_owned())
    }
}

/// The output formats of a statement and a ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// One printable HTML page (a statement only), with its risk chart.
    Html,
    /// The JSON document.
    Json,
    /// CSV.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        Ok(match text {
            "text" => Self::Text,
            "markdown" => Self::Markdown,
            "html" => Self::Html,
            "json" => Self::Json,
            "csv" => Self::Csv,
            "xlsx" => Self::Xlsx,
            other => {
                return Err(format!(
                    "unknown format {other:?}: text, markdown, html, json, csv or xlsx"
                ));
            }
        })
    }
}

/// How the page asks for words and numbers: `sv` (the default) or `en`.
///
/// # Errors
/// Any other locale.
pub fn style(locale: &str) -> Result<Style, String> {
    match locale {
        "sv" | "" => Ok(Style::swedish()),
        "en" => Ok(Style::english()),
        other => Err(format!("unknown locale {other:?}: sv or en")),
    }
}

/// The CSV dialect of the program's default output: `,` and a decimal point.
fn csv_out() -> CsvOutput {
    CsvOutput::default()
}

/// A run's error as the program's one line: `utfall settle: …`.
fn line(subcommand: &str) -> impl Fn(String) -> String + '_ {
    move |message| format!("utfall {subcommand}: {message}")
}

/// What to settle: a contract and an outcome (a monthly series, with the
/// national index when the contract asks for one, or a stated value), and how
/// the statement is written.
#[derive(Clone, Debug)]
pub struct SettleRequest<'a> {
    /// The contract's terms (TOML).
    pub contract: File<'a>,
    /// The monthly series (CSV), or `None` for a stated value.
    pub monthly: Option<File<'a>>,
    /// The national index (CSV), if any.
    pub index: Option<File<'a>>,
    /// The stated value of saved days, as `--value` takes it, when there is no series.
    pub value: Option<&'a str>,
    /// The headcount of a stated value, as `--headcount` takes it.
    pub headcount: Option<&'a str>,
    /// The month the statement is as of (`--as-of`), if not the last.
    pub as_of: Option<&'a str>,
    /// The date of issue, `YYYY-MM-DD`.
    pub issued: &'a str,
    /// The statement's format.
    pub format: Format,
    /// `sv` or `en`.
    pub locale: &'a str,
}

/// The contract in `file`.
fn contract(file: &File) -> Result<Contract, String> {
    Contract::from_toml_str(file.text("contract")?).map_err(|e| e.in_file(file.name).to_string())
}

/// The monthly series in `file`.
fn series(file: &File) -> Result<MonthlySeries, String> {
    MonthlySeries::from_csv_str_with(&file.decoded(Encoding::Utf8)?, CsvDialect::default())
        .map_err(|e| e.in_file(file.name).to_string())
}

/// The national index in `file`, if given.
fn index(file: Option<&File>) -> Result<Option<NationalIndex>, String> {
    let Some(file) = file else { return Ok(None) };
    NationalIndex::from_csv_str_with(&file.decoded(Encoding::Utf8)?, CsvDialect::default())
        .map(Some)
        .map_err(|e| e.in_file(file.name).to_string())
}

/// An engine error from a measured outcome, in the file at fault, as the
/// program names it.
fn blame(err: utfall_engine::Error, monthly: &File, index: Option<&File>) -> String {
    let file = match (err.input_file(), index) {
        (Some(InputFile::NationalIndex), Some(index)) => index.name,
        _ => monthly.name,
    };
    err.in_file(file).to_string()
}

/// A date of issue: `YYYY-MM-DD`, a real date.
fn issued(text: &str) -> Result<String, String> {
    utfall_absence::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .ok_or_else(|| format!("{text:?} is not a date YYYY-MM-DD (such as 2026-11-29)"))
}

/// Settles as `utfall settle` does: the statement's bytes in the format
/// asked for.
///
/// # Errors
/// The program's one line, naming the file at fault.
pub fn settle_statement(request: &SettleRequest) -> Result<Vec<u8>, String> {
    settle_inner(request).map_err(line("settle"))
}

fn settle_inner(r: &SettleRequest) -> Result<Vec<u8>, String> {
    let issued = issued(r.issued)?;
    let style = style(r.locale)?;
    let agreed = contract(&r.contract)?;
    let as_of = r
        .as_of
        .map(|m| m.parse::<Month>().map_err(|e| format!("--as-of: {e}")))
        .transpose()?;
    let contract = match as_of {
        Some(month) => agreed
            .as_of(month)
            .map_err(|e| e.in_file(r.contract.name).to_string())?,
        None => agreed.clone(),
    };
    let mut ledger = None;
    let mut target = None;
    let outcome = match (&r.monthly, r.value) {
        (Some(monthly), _) => {
            let series = series(monthly)?;
            let index_file = r.index.as_ref();
            let index = index(index_file)?;
            if agreed.schedule().is_some() {
                ledger = Some(
                    Ledger::run(&agreed, &series, index.as_ref(), as_of).map_err(|e| blame(e, monthly, index_file))?,
                );
            }
            if r.format == Format::Html && contract.target_reduction().is_some() {
                target = Some(WhatIf::at_target(&contract, &series, None).map_err(|e| blame(e, monthly, None))?);
            }
            Outcome::from_monthly(&contract, &series, index.as_ref()).map_err(|e| blame(e, monthly, index_file))?
        }
        (None, Some(value)) => {
            let value = utfall_engine::parse_decimal(value).map_err(|e| format!("--value: {e}"))?;
            let headcount = r
                .headcount
                .filter(|h| !h.is_empty())
                .map(|h| {
                    h.parse::<u32>()
                        .map_err(|_| format!("--headcount: {h:?} is not a whole number of employees"))
                })
                .transpose()?;
            Outcome::from_value(&contract, value, headcount).map_err(|e| e.to_string())?
        }
        (None, None) => return Err("give a monthly series or a stated value".to_owned()),
    };
    let statement = settle(&contract, &outcome).map_err(|e| e.to_string())?;
    let summary = Summary::new(&statement, ledger.as_ref())
        .map_err(|e| e.to_string())?
        .issued(issued);
    Ok(match r.format {
        Format::Html => {
            let curve =
                RiskCurve::for_statement(&agreed, outcome.value(), target.as_ref()).map_err(|e| e.to_string())?;
            render_html(&statement, &summary, &style, Some(&curve)).into_bytes()
        }
        Format::Text => render_text(&statement, &summary, &style).into_bytes(),
        Format::Markdown => render_markdown(&statement, &summary, &style).into_bytes(),
        Format::Json => render_json(&statement, &summary)
            .map_err(|e| e.to_string())?
            .into_bytes(),
        Format::Csv => render_csv_in(&statement, csv_out()).into_bytes(),
        Format::Xlsx => render_xlsx(&statement, &summary, &style).map_err(|e| e.to_string())?,
    })
}

/// The ledger, as `utfall ledger` writes it, in `format` (not html).
///
/// # Errors
/// The program's one line, naming the file at fault.
pub fn ledger(
    contract_file: &File,
    monthly: &File,
    index_file: Option<&File>,
    format: Format,
    locale: &str,
) -> Result<Vec<u8>, String> {
    (|| {
        let style = style(locale)?;
        let contract = contract(contract_file)?;
        let series = series(monthly)?;
        let index = index(index_file)?;
        let ledger =
            Ledger::run(&contract, &series, index.as_ref(), None).map_err(|e| blame(e, monthly, index_file))?;
        let text = |r: Result<String, utfall_render::Error>| r.map(String::into_bytes).map_err(|e| e.to_string());
        match format {
            Format::Text => text(render_ledger_text(&ledger, &style)),
            Format::Markdown => text(render_ledger_markdown(&ledger, &style)),
            Format::Json => text(render_ledger_json(&ledger)),
            Format::Csv => Ok(render_ledger_csv_in(&ledger, csv_out()).into_bytes()),
            Format::Xlsx => render_ledger_xlsx(&ledger, &style).map_err(|e| e.to_string()),
            Format::Html => Err("utfall ledger does not write html yet".to_owned()),
        }
    })()
    .map_err(line("ledger"))
}

/// The risk curve, as `utfall risk-curve` writes it: the SVG chart (`svg`)
/// or the CSV table (`csv`), with the measured outcome (of a series or a
/// stated value) and the contract's target marked when known.
///
/// # Errors
/// The program's one line, naming the file at fault.
pub fn risk_curve(
    contract_file: &File,
    monthly: Option<&File>,
    index_file: Option<&File>,
    value: Option<&str>,
    svg: bool,
    locale: &str,
) -> Result<String, String> {
    (|| {
        let style = style(locale)?;
        let contract = contract(contract_file)?;
        let mut curve = RiskCurve::new(&contract, RiskCurve::STATEMENT_STEPS).map_err(|e| e.to_string())?;
        if let Some(value) = value {
            let value = utfall_engine::parse_decimal(value).map_err(|e| format!("--value: {e}"))?;
            curve = curve.with_measured(&contract, value).map_err(|e| e.to_string())?;
        }
        if let Some(monthly) = monthly {
            let series = series(monthly)?;
            let index = index(index_file)?;
            let outcome =
                Outcome::from_monthly(&contract, &series, index.as_ref()).map_err(|e| blame(e, monthly, index_file))?;
            curve = curve
                .with_measured(&contract, outcome.value())
                .map_err(|e| e.to_string())?;
            if contract.target_reduction().is_some() {
                let at = WhatIf::at_target(&contract, &series, None).map_err(|e| blame(e, monthly, None))?;
                curve = curve.with_target(&contract, &at).map_err(|e| e.to_string())?;
            }
        }
        Ok(if svg {
            render_risk_svg(&curve, &style)
        } else {
            render_risk_csv_in(&curve, csv_out())
        })
    })()
    .map_err(line("risk-curve"))
}

/// What-if, as `utfall what-if` writes it (text, or CSV when `csv`): the
/// headcount given, or the series' average; with a series, the window at the
/// contract's target.
///
/// # Errors
/// The program's one line, naming the file at fault.
pub fn what_if(
    contract_file: &File,
    monthly: Option<&File>,
    headcount: Option<u32>,
    csv: bool,
    locale: &str,
) -> Result<String, String> {
    (|| {
        let style = style(locale)?;
        let contract = contract(contract_file)?;
        let series = monthly.map(series).transpose()?;
        let headcount = match (headcount, &series, monthly) {
            (Some(h), _, _) => h,
            (None, Some(series), Some(monthly)) => {
                WhatIf::average_headcount(&contract, series).map_err(|e| blame(e, monthly, None))?
            }
            _ => return Err("give a headcount, or a monthly series".to_owned()),
        };
        let mut whatif = WhatIf::new(&contract, headcount, None).map_err(|e| e.to_string())?;
        if let (Some(series), Some(monthly)) = (&series, monthly) {
            let at = WhatIf::at_target(&contract, series, None).map_err(|e| blame(e, monthly, None))?;
            whatif = whatif.with_target(&contract, at).map_err(|e| e.to_string())?;
        }
        Ok(if csv {
            render_whatif_csv_in(&whatif, csv_out())
        } else {
            render_whatif_text(&whatif, &style)
        })
    })()
    .map_err(line("what-if"))
}

/// How to measure, of the program's settings those the page offers.
#[derive(Clone, Debug, Default)]
pub struct MeasureRequest<'a> {
    /// A measurement config (TOML): separators, encodings, sheets, column names.
    pub config: Option<File<'a>>,
    /// `--history`.
    pub history: bool,
    /// `--hours-per-day`, for a file of sick-leave periods.
    pub hours_per_day: Option<&'a str>,
}

/// A measurement, as `utfall measure` writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measured {
    /// The document of `--json`.
    pub json: String,
    /// The monthly series of `--series`, for `settle`.
    pub series: String,
}

/// An input read as the program reads it: a workbook's sheet as CSV, or the
/// file's bytes, with the form to read them in and its name for errors.
struct Input<'a> {
    bytes: std::borrow::Cow<'a, [u8]>,
    form: CsvForm,
    shown: String,
}

fn input<'a>(file: &File<'a>, config: &FileConfig) -> Result<Input<'a>, String> {
    if utfall_absence::is_workbook(file.bytes) {
        let sheet = utfall_absence::read_sheet(file.bytes, config.sheet.as_deref())
            .map_err(|e| e.in_file(file.name).to_string())?;
        return Ok(Input {
            shown: format!("{} (sheet {:?})", file.name, sheet.name),
            bytes: sheet.csv.into(),
            form: CsvForm {
                dialect: CsvDialect::given(Delimiter::Comma),
                encoding: Encoding::Utf8,
                columns: config.columns.clone(),
            },
        });
    }
    let form = config.form();
    let delimiter = form
        .delimiter(file.bytes)
        .map_err(|e| e.in_file(file.name).to_string())?;
    Ok(Input {
        bytes: file.bytes.into(),
        form: CsvForm {
            dialect: CsvDialect::given(delimiter),
            ..form
        },
        shown: file.name.to_owned(),
    })
}

/// Measures as `utfall measure` does, on this thread and in memory (no
/// temporary files), calling `progress` with the bytes of the absence input
/// read so far.
///
/// # Errors
/// The program's one line, naming the file at fault.
pub fn measure(
    absence: &File,
    headcount: &File,
    request: &MeasureRequest,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<Measured, String> {
    measure_inner(absence, headcount, request, progress).map_err(line("measure"))
}

fn measure_inner(
    absence: &File,
    headcount: &File,
    request: &MeasureRequest,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<Measured, String> {
    let config = match &request.config {
        Some(file) => MeasureConfig::from_toml_str(file.text("measurement config")?)
            .map_err(|e| e.in_file(file.name).to_string())?,
        None => MeasureConfig::default(),
    };
    let headcount_input = input(headcount, &config.headcount)?;
    let counts = Headcount::from_reader_as(&*headcount_input.bytes, &headcount_input.form)
        .map_err(|e| e.in_file(&headcount_input.shown).to_string())?;
    let absence_input = input(absence, &config.absence)?;
    let format = AbsenceFormat::detect_as(&*absence_input.bytes, &absence_input.form)
        .map_err(|e| e.in_file(&absence_input.shown).to_string())?;
    let schedule = match (format, request.hours_per_day.filter(|h| !h.is_empty())) {
        (AbsenceFormat::Periods, Some(hours)) => {
            let hours = Decimal::from_str(hours).map_err(|_| format!("--hours-per-day: {hours:?} is not a number"))?;
            Some(Arc::new(
                Schedule::default_hours(hours, Workdays::default())
                    .map_err(|e| format!("--hours-per-day: {}", e.kind()))?,
            ))
        }
        _ => None,
    };
    let options = Options {
        absence_format: format,
        schedule,
        history: request.history,
        input: absence_input.form.clone(),
        // No thread and no temporary file: a browser's WebAssembly has neither.
        threads: Threads::One,
        sort_memory_rows: usize::MAX,
        ..Options::default()
    };
    let bytes: &[u8] = &absence_input.bytes;
    let measurement = utfall_absence::measure(|| Ok(bytes), &counts, &options, progress)
        .map_err(|e| e.in_file(&absence_input.shown).to_string())?;
    let mut json = serde_json::to_string_pretty(&measurement.to_json()).map_err(|e| e.to_string())?;
    json.push('\n');
    let mut series = Vec::new();
    measurement.write_series(&mut series).map_err(|e| e.to_string())?;
    Ok(Measured {
        json,
        series: String::from_utf8(series).map_err(|e| e.to_string())?,
    })
}

#[cfg(test)]
mod tests;
