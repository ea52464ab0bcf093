//! The command line as clap reads it. The doc comments are the manual: `-h`
//! shows each first line, `--help` the whole text.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum, ValueHint};
use utfall_engine::{Decimal, Month};

use crate::format::{Format, Locale};
use crate::forms::{DialectArgs, MeasureFormArgs};

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
    /// starting within twelve months) with its inflow.
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
    Measure(MeasureArgs),

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
    /// Each provider's pay and the funder's net result as the value of saved
    /// days runs from 0 to twice the investment, over the whole term as agreed,
    /// with break-even and the caps marked (the evaluation report's Figure 3,
    /// Ekonomisk riskdelning). As an SVG chart and a CSV table; without --svg
    /// or --csv the table goes to standard output.
    ///
    /// Example:
    ///   utfall risk-curve --contract examples/botkyrka/contract.toml \
    ///       --svg examples/botkyrka/risk-curve.svg --csv examples/botkyrka/risk-curve.csv
    #[command(verbatim_doc_comment, after_long_help = EXIT_STATUS)]
    RiskCurve(RiskCurveArgs),

    /// The saved days per employee a contract needs to break even and to reach its caps
    ///
    /// Over the contract's measured window: the value of saved days, the saved
    /// days, per employee and per employee and month at break-even and at each
    /// provider's cap, then a table of each party's payments by saved days per
    /// employee. To standard output.
    ///
    /// Example:
    ///   utfall what-if --contract examples/botkyrka/contract.toml --headcount 6350
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
    /// text: the statement for a terminal or a printout.
    /// markdown: one table per section: line, amount, formula with inputs,
    ///   exact result.
    /// json: schema utfall.statement/2, every amount a decimal string.
    /// csv: one row per statement line (section, id, label, formula, inputs,
    ///   amount, unit, currency, rule, sources), exact amounts with '.'.
    /// xlsx: an Excel workbook: the statement, the month-by-month table and the
    ///   trace, amounts as numbers with the exact decimal strings beside them;
    ///   needs --out.
    /// Without --format, --out's extension chooses: .txt .text .md .markdown
    /// .json .csv .xlsx; a file without an extension gets text.
    #[arg(long, value_enum, value_name = "FORMAT", verbatim_doc_comment)]
    pub format: Option<Format>,

    /// The number style of text and markdown
    ///
    /// sv: 22 870 000,00 kr; en: 22,870,000.00 SEK. JSON, CSV and xlsx are the
    /// same in every locale.
    #[arg(long, value_enum, default_value_t = Locale::Sv, verbatim_doc_comment)]
    pub locale: Locale,

    /// Write the statement to FILE instead of standard output
    ///
    /// Without --format, the format follows FILE's extension.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, required_if_eq("format", "xlsx"), verbatim_doc_comment)]
    pub out: Option<PathBuf>,

    /// How --monthly and --index are written.
    #[command(flatten)]
    pub dialect: DialectArgs,
}

/// `utfall measure`.
#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// The absence records, CSV employee_id,date,hours[,department][,sex]
    ///
    /// One row per employee and sick date (YYYY-MM-DD, YYYYMMDD, or with a
    /// midnight time), in any order; hours with at most two decimals (a
    /// third is rounded, with a warning). Two rows for the same employee and
    /// date are an error: aggregate them first. Separated by ',', ';' or tab,
    /// or an .xlsx workbook (see --sheet); other column names: --columns.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub absence: PathBuf,

    /// The headcount, CSV month,employees[,department][,sex]
    ///
    /// One row per month (and department and sex, when the records have them).
    /// Its months are the months reported.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub headcount: PathBuf,

    /// Write the monthly series that settle --monthly reads to FILE (- for standard output)
    ///
    /// month,net_days,headcount: net days in days 1–14 of a spell, whole
    /// organisation. Without --series, --out or --json the series goes to
    /// standard output.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub series: Option<PathBuf>,

    /// Write the tables into DIR (made if missing)
    ///
    /// net_days.csv (net days per month, group and band, with headcount and
    /// per employee), repeated_flags.csv (the repeated-absence group per
    /// month), repeated_inflow.csv (its inflow) and left_censored.csv (days of
    /// spells under way on the first date); with --detail also spells.csv and
    /// flagged_employees.csv. Without --detail, those two of an earlier run are
    /// removed; nothing else in DIR is touched. Runs into one DIR take turns
    /// (DIR/.utfall.lock).
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath, verbatim_doc_comment)]
    pub out: Option<PathBuf>,

    /// Also write every spell and every flagged employee into --out (spells.csv, flagged_employees.csv)
    #[arg(long, requires = "out")]
    pub detail: bool,

    /// Write the whole measurement as JSON (schema utfall.measurement/2) to FILE
    ///
    /// Every figure a decimal string, with the summary: rows, employees,
    /// spells, first and last date, censored spells, rounded rows, groups
    /// suppressed. A suppressed group's figures are null.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub json: Option<PathBuf>,

    /// Let records before the first headcount month shape spells and repeated absence
    ///
    /// They count for spells and flags but are not reported. Without
    /// --history such records are an error.
    #[arg(long, verbatim_doc_comment)]
    pub history: bool,

    /// What the absence file holds: daily records or sick-leave periods
    ///
    /// detect (the default): its header decides; a column from, to or extent,
    /// and none date, make it a file of periods. daily: employee_id,date,hours, one row
    /// per sick date. periods: employee_id,from,to,extent[,department,sex],
    /// one row per period (to empty: open; extent 0.5 or 50 %), measured as
    /// its calendar dates with hours = extent × the scheduled hours (from
    /// --schedule, or --hours-per-day on --workdays). The summary line says
    /// which was read.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = AbsenceFormatArg::Detect, verbatim_doc_comment)]
    pub absence_format: AbsenceFormatArg,

    /// The employees' working hours for a file of periods, CSV employee_id,valid_from,valid_to,mon,…,sun
    ///
    /// One row per employee and validity (dates YYYY-MM-DD; empty: from the
    /// start, or open), hours per weekday 0 to 24. An employee's rows may not
    /// be valid on the same date; every sick date must be inside one.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, conflicts_with = "hours_per_day", verbatim_doc_comment)]
    pub schedule: Option<PathBuf>,

    /// For a file of periods without --schedule: every employee works H hours on each of --workdays
    ///
    /// Other days, and Swedish public holidays with midsommarafton, julafton
    /// and nyårsafton, are days off (0 hours).
    #[arg(long, value_name = "H", value_parser = decimal, verbatim_doc_comment)]
    pub hours_per_day: Option<Decimal>,

    /// The workdays of --hours-per-day: mon-fri (the default), mon,tue,thu, mon-wed,sat
    #[arg(long, value_name = "DAYS", value_parser = workdays, requires = "hours_per_day", default_value = "mon-fri")]
    pub workdays: utfall_absence::Workdays,

    /// The last day of open periods (YYYY-MM-DD); by default the last day of the last headcount month
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub until: Option<utfall_absence::NaiveDate>,

    /// Whether employee ids written differently may be one person
    ///
    /// normalised (the default): ids that are equal once spaces and leading
    /// zeros are set aside but written differently ("7", " 7", "007") are an
    /// error naming both lines: write them alike. as-written: they are
    /// different employees, as written.
    #[arg(long, value_enum, value_name = "RULE", default_value_t = IdsArg::Normalised, verbatim_doc_comment)]
    pub ids: IdsArg,

    /// Continue a spell's day count when the next starts at most N days after it ends (the sick-pay act's re-illness rule: 5)
    ///
    /// A spell whose first date is at most N calendar days after the last
    /// date of the employee's previous spell is numbered on from that
    /// spell's last day, so its days fall in the band of the running count
    /// (15–90, 91+) instead of starting again at day 1. Spells still count
    /// one by one for the repeated-absence group. Off by default: every spell
    /// starts at day 1 (docs/method.md §6.8).
    #[arg(long, value_name = "N", verbatim_doc_comment)]
    pub reillness_days: Option<u32>,

    /// Hide the group figures of departments and sexes with fewer than N employees in a month [default: 11]
    ///
    /// Sick leave is health data: the figures of a group of ten or fewer
    /// (the default) are left empty in net_days.csv, repeated_flags.csv,
    /// repeated_inflow.csv and null in the JSON, marked suppressed = small;
    /// where that one group could be worked out from the total less the
    /// others, the next smallest of its kind is hidden too (secondary). Rows
    /// are never dropped, and the whole organisation's figures and the
    /// series are never hidden. 0 shows everything, in the reference
    /// implementations' columns (docs/method.md §6.9).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 11,
        hide_default_value = true,
        verbatim_doc_comment
    )]
    pub min_group: u32,

    /// Print neither the summary line nor the warnings (errors still print)
    #[arg(long, short)]
    pub quiet: bool,

    /// How --absence and --headcount are written.
    #[command(flatten)]
    pub form: MeasureFormArgs,
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
    /// Without --format, --out's extension chooses: .txt .text .md .markdown
    /// .json .csv .xlsx; a file without an extension gets text.
    #[arg(long, value_enum, value_name = "FORMAT", verbatim_doc_comment)]
    pub format: Option<Format>,

    /// The number style of text: sv (22 870 000,00 kr) or en (22,870,000.00 SEK)
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
    /// Each provider's pay and the funder's net result against the value of
    /// saved days, break-even and the caps marked; numbers in --locale's style.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub svg: Option<PathBuf>,

    /// Write the table as CSV to FILE
    ///
    /// One row per point: the value of saved days, the saved days, each
    /// provider's outcome payment, pay and result, the funder's result, the
    /// net result and the marker (break-even, a cap); exact decimals with '.'.
    /// Without --svg or --csv the table goes to standard output.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub csv: Option<PathBuf>,

    /// Steps from 0 to twice the investment (1 to 10000)
    #[arg(long, value_name = "N", default_value_t = 40, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub steps: u32,

    /// The number style of the SVG: sv (22 870 000) or en (22,870,000)
    #[arg(long, value_enum, default_value_t = Locale::Sv)]
    pub locale: Locale,
}

/// `utfall what-if`.
#[derive(Debug, Args)]
pub struct WhatIfArgs {
    /// The contract terms (TOML)
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub contract: PathBuf,

    /// The average number of employees (at least 1)
    ///
    /// Botkyrka: 6350, the evaluation report's 4 900 women and 1 450 men.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), verbatim_doc_comment)]
    pub headcount: u32,

    /// The table's step in saved days per employee, a plain decimal [default: a round step giving about 15 rows]
    #[arg(long, value_name = "DAYS", value_parser = decimal)]
    pub step: Option<Decimal>,

    /// text (the thresholds and the table for reading) or csv (the table for a spreadsheet)
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,

    /// The number style of text: sv (0,8177) or en (0.8177)
    #[arg(long, value_enum, default_value_t = Locale::Sv)]
    pub locale: Locale,
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}

/// `--absence-format`: what the absence file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AbsenceFormatArg {
    /// The header decides.
    Detect,
    /// One row per employee and sick date.
    Daily,
    /// One row per sick-leave period.
    Periods,
}

impl From<AbsenceFormatArg> for utfall_absence::AbsenceFormat {
    fn from(format: AbsenceFormatArg) -> Self {
        match format {
            AbsenceFormatArg::Detect => utfall_absence::AbsenceFormat::Detect,
            AbsenceFormatArg::Daily => utfall_absence::AbsenceFormat::Daily,
            AbsenceFormatArg::Periods => utfall_absence::AbsenceFormat::Periods,
        }
    }
}

/// `--workdays`.
fn workdays(text: &str) -> Result<utfall_absence::Workdays, String> {
    text.parse().map_err(|e: utfall_absence::Error| e.to_string())
}

/// A date `YYYY-MM-DD` (`--until`).
fn date(text: &str) -> Result<utfall_absence::NaiveDate, String> {
    utfall_absence::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| format!("{text:?} is not a date YYYY-MM-DD"))
}

/// `--ids`: how employee ids written differently are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IdsArg {
    /// Ids equal once spaces and leading zeros are set aside must be written alike.
    Normalised,
    /// Ids are different employees whenever they are written differently.
    AsWritten,
}

impl From<IdsArg> for utfall_absence::Ids {
    fn from(ids: IdsArg) -> Self {
        match ids {
            IdsArg::Normalised => utfall_absence::Ids::Normalised,
            IdsArg::AsWritten => utfall_absence::Ids::AsWritten,
        }
    }
}
