//! The command line as clap reads it. The doc comments are the manual: `-h`
//! shows each first line, `--help` the whole text.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum, ValueHint};
use utfall_engine::{Decimal, Month};

use crate::format::{CsvChoice, Format, Locale};
use crate::forms::DialectArgs;

mod measure;

pub use measure::MeasureArgs;

/// Settles social outcomes contracts: exact, traced, reproducible
///
/// A social outcomes contract (sociala utfallskontrakt) pays part of a
/// provider's fee on a measured outcome. `utfall` measures the outcome from
/// payroll absence records (measure), settles the contract into a statement
/// whose every figure carries its formula, inputs and source (settle), settles
/// it at each month of its payment schedule (ledger), and shows how the
/// contract shares the risk before the outcome is known (risk-curve, what-if).
/// `utfall botkyrka` reproduces the first case, Botkyrka and Aino Health.
#[derive(Debug, Parser)]
#[command(
    name = "utfall",
    version,
    verbatim_doc_comment,
    subcommand_required = true,
    arg_required_else_help = true
)]
#[command(after_long_help = EXIT_STATUS)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Said at the end of every `--help`.
const EXIT_STATUS: &str = "\
Exit status: 0 on success; 1 with a one-line error naming the file, line and
field on bad input; 2 on a bad command line (an output that is the same file
as an input or as another output is one); 130 after Ctrl-C (SIGINT) and 143
after SIGTERM. Output files are replaced whole or not at all: on any failure
or interruption the previous ones stay as they were.";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Settle a contract: the statement, every figure with its formula, inputs and source
    ///
    /// The outcome is measured from a monthly series (--monthly, with --index
    /// when the contract adjusts for the national trend) or taken from a stated
    /// value of saved days (--value). The statement goes to standard output as
    /// text unless --format or --out says otherwise. Each line cites the rule it
    /// applies, as a section of docs/method.md ([§3.4]), and the sources the
    /// contract file gives for the terms it uses ([§3.4; 2, 5]: the contract's
    /// [sources]). The file formats are in docs/formats.md.
    ///
    /// Examples:
    ///   utfall settle --contract examples/botkyrka/contract.toml --value 14700000
    ///   utfall settle --contract examples/illustrative/contract.toml \
    ///       --monthly examples/illustrative/monthly.csv \
    ///       --index examples/illustrative/index.csv --out statement.xlsx
    #[command(verbatim_doc_comment, after_long_help = EXIT_STATUS)]
    Settle(SettleArgs),

    /// Measure sick leave from payroll absence records: the monthly series for settle, and more
    ///
    /// Computes spells (runs of consecutive sick dates), net days (hours / 8)
    /// per month in the bands days 1–14, 15–90 and 91+, per organisation,
    /// department and sex, and the repeated-absence group (four or more spells
    /// starting within twelve months) with its inflow. With an employee
    /// register (--register) every sick date must lie in an employment, the
    /// headcounts may come from it (--months), and the follow-up tables by
    /// workplace, sex and age group are added (and --charts).
    ///
    /// Without --series, --out or --json the monthly series goes to standard
    /// output. On success one line on standard error says what was read and
    /// which files were written; warnings (spells under way on the first date
    /// of the data, hours rounded from a third decimal) go there too. --quiet
    /// silences both. A progress line shows on a terminal for inputs that take
    /// more than a second, never when standard error is not a terminal.
    ///
    /// Example:
    ///   utfall measure --absence absence.csv --headcount headcount.csv --series monthly.csv
    #[command(verbatim_doc_comment, after_long_help = EXIT_STATUS)]
    Measure(Box<MeasureArgs>),

    /// Settle a contract at each month of its payment schedule, and each party's ledger
    ///
    /// At each settlement month the contract is settled as it stood then (the
    /// amendments agreed by then, the outcome measured up to then); the outcome
    /// payment due is the payment to date less what was paid before, and the
    /// cap holds on the total. Each party's ledger lists every payment with the
    /// statement line it comes from.
    ///
    /// Example:
    ///   utfall ledger --contract examples/illustrative/contract-quarterly.toml \
    ///       --monthly examples/illustrative/monthly.csv \
    ///       --index examples/illustrative/index.csv
    #[command(verbatim_doc_comment, after_long_help = EXIT_STATUS)]
    Ledger(LedgerArgs),

    /// How a contract shares the risk: each party's result as the value of saved days varies
    ///
    /// Each provider's result, the funder's net result and the project's net
    /// result as the value of saved days runs from 0 to twice the investment,
    /// over the whole term as agreed, with break-even and the caps marked
    /// (the evaluation report's Figure 3, Ekonomisk riskdelning), and the
    /// measured outcome (--value, or --monthly) and the target (--monthly)
    /// when given. As an SVG chart and a CSV table; without --svg or --csv
    /// the table goes to standard output.
    ///
    /// Example:
    ///   utfall risk-curve --contract examples/botkyrka/contract.toml --value 14700000 \
    ///       --svg examples/botkyrka/risk-curve.svg --csv examples/botkyrka/risk-curve.csv
    #[command(verbatim_doc_comment, after_long_help = EXIT_STATUS)]
    RiskCurve(RiskCurveArgs),

    /// The saved days per employee a contract needs to break even and to reach its caps
    ///
    /// Over the contract's measured window: the value of saved days, the saved
    /// days, per employee and per employee and month at break-even and at each
    /// provider's cap, then a table of each party's payments and results by
    /// saved days per employee. With the monthly series (--monthly), also the
    /// window at the target reduction (--target, else the contract's). To
    /// standard output.
    ///
    /// Examples:
    ///   utfall what-if --contract examples/botkyrka/contract.toml --headcount 6350
    ///   utfall what-if --contract examples/illustrative/contract.toml \
    ///       --monthly examples/illustrative/monthly.csv --target 0.12
    #[command(verbatim_doc_comment, after_long_help = EXIT_STATUS)]
    WhatIf(WhatIfArgs),

    /// Botkyrka × Aino Health, October 2018 – February 2020, reconciled with the evaluation report
    ///
    /// Settles Botkyrka municipality's contract with Aino Health from the value
    /// of saved days that RISE's evaluation report states, twice: with the share
    /// of each saved krona the terms imply (s = r·C/I) and with the report's
    /// rounded 18.4 %; reconciles both line by line with the report's summary;
    /// then settles the same terms quarterly, with the pandemic amendment as
    /// dated data, on illustrative synthetic monthly data, and prints each
    /// party's ledger. The data are built into the program.
    #[command(verbatim_doc_comment, after_long_help = EXIT_STATUS)]
    Botkyrka(BotkyrkaArgs),

    /// A shell completion script, on standard output
    ///
    /// For example, for bash:
    ///   utfall completions bash > ~/.local/share/bash-completion/completions/utfall
    /// for zsh, into a directory on $fpath:
    ///   utfall completions zsh > ~/.zfunc/_utfall
    /// for fish:
    ///   utfall completions fish > ~/.config/fish/completions/utfall.fish
    #[command(verbatim_doc_comment)]
    Completions(CompletionsArgs),
}

impl Command {
    /// The subcommand's name as typed, for the error line.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Settle(_) => "settle",
            Command::Measure(_) => "measure",
            Command::Ledger(_) => "ledger",
            Command::RiskCurve(_) => "risk-curve",
            Command::WhatIf(_) => "what-if",
            Command::Botkyrka(_) => "botkyrka",
            Command::Completions(_) => "completions",
        }
    }
}

/// `utfall settle`.
#[derive(Debug, Args)]
// clap does not hold an argument required when one it conflicts with is
// present, so --index and --headcount also name the other side as a conflict.
#[command(group(ArgGroup::new("outcome").required(true).args(["monthly", "value"])))]
pub struct SettleArgs {
    /// The contract terms (TOML)
    ///
    /// The funder, the investment, the value of a saved day, the term, the
    /// reference and measurement periods, each provider's contract value,
    /// outcome share and cap, and any payment schedule and dated amendments.
    /// Amounts are quoted decimal strings ("22870000"). examples/ has some.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub contract: PathBuf,

    /// The monthly series, CSV month,net_days,headcount
    ///
    /// One row per month (YYYY-MM) of the reference period and the measured
    /// window: net sick days in days 1–14 of a spell for the whole
    /// organisation, and its headcount. `utfall measure --series` writes it.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub monthly: Option<PathBuf>,

    /// The national index, CSV month,index (with --monthly)
    ///
    /// Needed when the contract sets trend = "national-index": the national
    /// sickness index (Försäkringskassan's sjukpenningtal) of each month of the
    /// reference period and the measured window, by which the reference is
    /// adjusted for the national trend. A month missing from it is blamed on
    /// this file.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, requires = "monthly", conflicts_with = "value", verbatim_doc_comment)]
    pub index: Option<PathBuf>,

    /// A stated value of saved days instead of monthly data, as a plain decimal (14700000)
    ///
    /// Digits with an optional leading '-' and '.': no spaces, '+', ',' or
    /// exponent.
    #[arg(long, value_name = "AMOUNT", value_parser = decimal, allow_hyphen_values = true, verbatim_doc_comment)]
    pub value: Option<Decimal>,

    /// The average headcount, for the days per employee (with --value)
    ///
    /// The monthly series carries its own headcount.
    #[arg(
        long,
        value_name = "N",
        requires = "value",
        conflicts_with = "monthly",
        verbatim_doc_comment
    )]
    pub headcount: Option<u32>,

    /// The statement as it was true at the end of MONTH (YYYY-MM): an interim settlement
    ///
    /// The amendments agreed by then and the outcome measured up to then.
    /// MONTH may not be before the term starts.
    #[arg(long, value_name = "MONTH", value_parser = month, verbatim_doc_comment)]
    pub as_of: Option<Month>,

    /// The output format [default: from --out's extension, else text]
    ///
    /// text, markdown, html and xlsx open with the summary (the parties, the
    /// outcome, what each party pays and receives, the named results,
    /// break-even, the caps, the target) and the full calculation follows as
    /// its appendix; json carries the summary as "summary".
    /// text: the statement for a terminal or a printout.
    /// markdown: one table per section: line, amount, formula with inputs,
    ///   exact result.
    /// html: one self-contained page (nothing fetched) to read in a browser or
    ///   print on A4: the summary and the risk chart on top, then the
    ///   statement's tables, the formulas beside the amounts.
    /// json: schema utfall.statement/2, every amount a decimal string.
    /// csv: one row per statement line (section, id, label, formula, inputs,
    ///   amount, unit, currency, rule, sources), exact amounts with '.'
    ///   (with --csv excel-sv: ';', decimal commas, Swedish words).
    /// xlsx: an Excel workbook that opens on the summary, then the settlement
    ///   as live formulas over named inputs, the statement, the month-by-month
    ///   table and the trace, amounts as numbers with the exact decimal strings
    ///   beside them; needs --out.
    /// Without --format, --out's extension chooses: .txt .text .md .markdown
    /// .html .htm .json .csv .xlsx; a file without an extension gets text.
    #[arg(long, value_enum, value_name = "FORMAT", verbatim_doc_comment)]
    pub format: Option<Format>,

    /// How CSV output is laid out: machine (the default) or excel-sv
    ///
    /// machine: ',' between fields, '.' before decimals, rows ending with
    ///   \n, UTF-8 without a byte-order mark, English headers: for programs.
    /// excel-sv: for Excel set to Swedish, which opens it in columns with a
    ///   double click: ';' between fields, a decimal comma in every number
    ///   (2701245,52), a UTF-8 byte-order mark, rows ending with \r\n, the
    ///   header and labels in Swedish.
    /// --csv alone asks for CSV output; with another format it is an error.
    #[arg(long, value_enum, value_name = "DIALECT", verbatim_doc_comment)]
    pub csv: Option<CsvChoice>,

    /// The language and number style: sv (Swedish) or en (English)
    ///
    /// sv: Swedish words, 22 870 000,00 kr; en: English words,
    /// 22,870,000.00 SEK. Text, Markdown, HTML and xlsx follow it; JSON and the
    /// machine CSV are the same in every locale (their labels are the
    /// engine's English ones, their numbers plain decimals).
    #[arg(long, value_enum, default_value_t = Locale::Sv, verbatim_doc_comment)]
    pub locale: Locale,

    /// The date of issue printed on the statement, YYYY-MM-DD [default: today, in UTC]
    #[arg(long, value_name = "DATE", value_parser = issue_date)]
    pub issued: Option<String>,

    /// Write the statement to FILE instead of standard output
    ///
    /// Without --format, the format follows FILE's extension.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, required_if_eq("format", "xlsx"), verbatim_doc_comment)]
    pub out: Option<PathBuf>,

    /// How --monthly and --index are written.
    #[command(flatten)]
    pub dialect: DialectArgs,
}

/// `utfall ledger`.
#[derive(Debug, Args)]
pub struct LedgerArgs {
    /// The contract terms (TOML), with its payment schedule and dated amendments
    ///
    /// Without a [schedule] the contract is settled once, at the end of its
    /// term.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub contract: PathBuf,

    /// The monthly series, CSV month,net_days,headcount
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub monthly: PathBuf,

    /// The national index, CSV month,index, when the contract sets trend = "national-index"
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub index: Option<PathBuf>,

    /// Stop after the settlement of MONTH (YYYY-MM), as the steering group saw the ledger then
    #[arg(long, value_name = "MONTH", value_parser = month)]
    pub until: Option<Month>,

    /// The output format [default: from --out's extension, else text]
    ///
    /// text: the settlements and each party's ledger for a terminal or a
    ///   printout.
    /// markdown, json, csv, xlsx (needs --out): not built yet for ledgers.
    /// html: statements only (utfall settle), not built yet for ledgers.
    /// Without --format, --out's extension chooses: .txt .text .md .markdown
    /// .json .csv .xlsx; a file without an extension gets text.
    #[arg(long, value_enum, value_name = "FORMAT", verbatim_doc_comment)]
    pub format: Option<Format>,

    /// How CSV output is laid out: machine (the default) or excel-sv
    ///
    /// machine: ',' between fields, '.' before decimals, rows ending with
    ///   \n, UTF-8 without a byte-order mark, English headers: for programs.
    /// excel-sv: for Excel set to Swedish, which opens it in columns with a
    ///   double click: ';' between fields, a decimal comma in every number
    ///   (2701245,52), a UTF-8 byte-order mark, rows ending with \r\n, the
    ///   header and labels in Swedish.
    /// --csv alone asks for CSV output; with another format it is an error.
    #[arg(long, value_enum, value_name = "DIALECT", verbatim_doc_comment)]
    pub csv: Option<CsvChoice>,

    /// The language and number style of text and Markdown: sv (Swedish, 22 870 000,00 kr) or en (English, 22,870,000.00 SEK)
    #[arg(long, value_enum, default_value_t = Locale::Sv)]
    pub locale: Locale,

    /// Write the ledger to FILE instead of standard output
    ///
    /// Without --format, the format follows FILE's extension.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, required_if_eq("format", "xlsx"), verbatim_doc_comment)]
    pub out: Option<PathBuf>,

    /// How --monthly and --index are written.
    #[command(flatten)]
    pub dialect: DialectArgs,
}

/// `utfall risk-curve`.
#[derive(Debug, Args)]
pub struct RiskCurveArgs {
    /// The contract terms (TOML)
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub contract: PathBuf,

    /// Write the chart as SVG to FILE
    ///
    /// Each provider's result (A + P − C), the funder's net result and the
    /// project's net result against the value of saved days, break-even and
    /// the caps marked, and the measured outcome and the target when known;
    /// words and numbers in --locale's language and style.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub svg: Option<PathBuf>,

    /// Write the table as CSV to FILE
    ///
    /// One row per point: the value of saved days, the saved days, each
    /// provider's outcome payment, pay and result, the funder's net result,
    /// the project's net result and the marker (break-even, a cap, measured,
    /// target); exact decimals with '.' (see --csv-dialect). Without --svg
    /// or --csv the table goes to standard output.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub csv: Option<PathBuf>,

    /// How the table is laid out: machine (the default) or excel-sv
    ///
    /// excel-sv: for Excel set to Swedish: ';' between fields, decimal
    /// commas, a UTF-8 byte-order mark, rows ending with \r\n, the header and
    /// markers in Swedish. (--csv names the file here; settle, ledger and
    /// what-if take the dialect as --csv.)
    #[arg(long, value_enum, value_name = "DIALECT", verbatim_doc_comment)]
    pub csv_dialect: Option<CsvChoice>,

    /// Steps from 0 to twice the investment (1 to 10000)
    #[arg(long, value_name = "N", default_value_t = 40, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub steps: u32,

    /// Mark a stated value of saved days as the measured outcome, a plain decimal (14700000)
    #[arg(long, value_name = "AMOUNT", value_parser = decimal, allow_hyphen_values = true, conflicts_with = "monthly")]
    pub value: Option<Decimal>,

    /// The monthly series, CSV month,net_days,headcount: marks the measured outcome and the target
    ///
    /// The outcome measured over the window as settle measures it (with
    /// --index when the contract adjusts for the national trend), and the
    /// value of saved days at the target reduction (the contract's
    /// [measurement] target_reduction, or --target), each a marked point of
    /// the curve.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub monthly: Option<PathBuf>,

    /// The national index, CSV month,index (with --monthly), when the contract sets trend = "national-index"
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, requires = "monthly")]
    pub index: Option<PathBuf>,

    /// The target reduction to mark, a share from 0 to 1 (0.12 for 12 %) [default: the contract's]
    #[arg(long, value_name = "SHARE", value_parser = decimal, requires = "monthly")]
    pub target: Option<Decimal>,

    /// The language and number style of the SVG: sv (Mkr, 22 870 000) or en (MSEK, 22,870,000)
    #[arg(long, value_enum, default_value_t = Locale::Sv)]
    pub locale: Locale,

    /// How --monthly and --index are written.
    #[command(flatten)]
    pub dialect: DialectArgs,
}

/// `utfall what-if`.
#[derive(Debug, Args)]
pub struct WhatIfArgs {
    /// The contract terms (TOML)
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub contract: PathBuf,

    /// The average number of employees (at least 1) [default with --monthly: the window's average]
    ///
    /// Botkyrka: 6350, the evaluation report's 4 900 women and 1 450 men.
    /// Needed unless --monthly is given; then, without it, the average
    /// headcount of the window's months in the series, rounded to whole
    /// employees.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), required_unless_present = "monthly", verbatim_doc_comment)]
    pub headcount: Option<u32>,

    /// The monthly series, CSV month,net_days,headcount: the window at the target
    ///
    /// With it, what-if also settles the window at the target reduction
    /// (--target, else the contract's [measurement] target_reduction; an
    /// error if neither): each window month at (1 − t) times its reference
    /// month's sick days per employee, at its own headcount.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub monthly: Option<PathBuf>,

    /// Not used: refused, since at the target the national index drops out
    ///
    /// At the target each window month is taken as (1 − t) · x(ref(m)) after
    /// any trend adjustment, so no index enters the figures; settle and
    /// risk-curve take --index for the measured outcome.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub index: Option<PathBuf>,

    /// The target reduction, a share from 0 to 1 (0.12 for 12 %) [default: the contract's]
    #[arg(long, value_name = "SHARE", value_parser = decimal, requires = "monthly")]
    pub target: Option<Decimal>,

    /// The table's step in saved days per employee, a plain decimal [default: a round step giving about 15 rows]
    #[arg(long, value_name = "DAYS", value_parser = decimal)]
    pub step: Option<Decimal>,

    /// text (the thresholds and the table for reading) or csv (the table for a spreadsheet) [default: text, csv with --csv]
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,

    /// How CSV output is laid out: machine (the default) or excel-sv
    ///
    /// excel-sv: for Excel set to Swedish: ';' between fields, decimal
    /// commas, a UTF-8 byte-order mark, rows ending with \r\n, the header
    /// and thresholds in Swedish. --csv alone asks for CSV output.
    #[arg(long, value_enum, value_name = "DIALECT", verbatim_doc_comment)]
    pub csv: Option<CsvChoice>,

    /// The number style of text: sv (0,8177) or en (0.8177)
    #[arg(long, value_enum, default_value_t = Locale::Sv)]
    pub locale: Locale,

    /// How --monthly is written.
    #[command(flatten)]
    pub dialect: DialectArgs,
}

/// The formats of `what-if`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// The thresholds and the table, for reading
    Text,
    /// The table, for a spreadsheet
    Csv,
}

/// `utfall botkyrka`.
#[derive(Debug, Args)]
pub struct BotkyrkaArgs {
    /// The number style: sv (22 870 000,00 kr) or en (22,870,000.00 SEK)
    #[arg(long, value_enum, default_value_t = Locale::Sv)]
    pub locale: Locale,
}

/// `utfall completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `--as-of` and `--until`: the engine's own month, so that a bad month is
/// refused by clap with the engine's message.
fn month(text: &str) -> Result<Month, utfall_engine::Error> {
    text.parse()
}

/// `--value` and `--step`: the engine's strict decimal (no exponent, no
/// grouping), with the engine's message on a bad one.
fn decimal(text: &str) -> Result<Decimal, utfall_engine::Error> {
    utfall_engine::parse_decimal(text)
}

/// A date of issue: `YYYY-MM-DD`, a real date.
fn issue_date(text: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .ok_or_else(|| format!("{text:?} is not a date YYYY-MM-DD (such as 2026-11-29)"))
}

/// Today's date in UTC, `YYYY-MM-DD`, from the system clock.
pub fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_issue_date_is_a_real_date() {
        assert_eq!(super::issue_date("2026-11-29").unwrap(), "2026-11-29");
        for bad in ["2026-02-30", "2026-1-5", "29/11/2026", "", "2026-11-29x"] {
            assert!(super::issue_date(bad).is_err(), "{bad}");
        }
        assert_eq!(super::today().len(), 10);
    }

    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
