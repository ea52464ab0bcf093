//! The flags of `utfall measure`: its inputs, the forms they are written in,
//! how to measure, and its outputs (kept apart from the other subcommands'
//! flags in `args.rs` for their number).

use std::path::PathBuf;

use clap::{Args, ValueEnum, ValueHint};
use utfall_engine::Decimal;

use super::decimal;
use crate::forms::MeasureFormArgs;

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
