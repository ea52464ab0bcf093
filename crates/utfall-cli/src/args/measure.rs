//! The flags of `utfall measure`: its inputs, the forms they are written in,
//! how to measure, and its outputs (kept apart from the other subcommands'
//! flags in `args.rs` for their number).

use std::path::PathBuf;

use clap::{Args, ValueEnum, ValueHint};
use utfall_absence::{CohortPeriods, FollowUpOptions, WatchRule};
use utfall_engine::{Decimal, Month, MonthRange};

use super::{decimal, month};
use crate::format::Locale;
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
    /// Its months are the months reported. Required unless --register is
    /// given, whose headcounts over --months are then used; with both, this
    /// file gives the headcounts and the register checks the dates.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, required_unless_present = "register", verbatim_doc_comment)]
    pub headcount: Option<PathBuf>,

    /// The employee register, CSV employee_id,start,end[,department][,workplace][,sex][,birth_year]
    ///
    /// One row per employment (end empty: still employed). Every sick date
    /// must then lie inside an employment of its employee, or the run stops
    /// naming the absence file's line. Without --headcount the headcounts
    /// are the register's over --months: per month, those employed on at
    /// least one day of it. It also gives the follow-up tables (by
    /// department, workplace, sex and age group) of --out and --json.
    /// Separated by ',', ';' or tab (found from its header unless --delimiter
    /// or the config says), in the absence file's encoding unless the config
    /// says otherwise, or an .xlsx workbook (--register-sheet); other column
    /// names: --register-columns.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub register: Option<PathBuf>,

    /// The months measured from the register, FIRST..LAST (2018-08..2020-02)
    ///
    /// Required with --register and no --headcount: the register's
    /// headcounts of these months are the months reported. Only with
    /// --register; with --headcount, whose months are reported, an error.
    #[arg(long, value_name = "FIRST..LAST", value_parser = month_range, requires = "register", conflicts_with = "headcount", verbatim_doc_comment)]
    pub months: Option<MonthRange>,

    /// The treated workplaces, CSV workplace[,department][,from]
    ///
    /// The workplaces that received the intervention, named as the register
    /// names them (from: the month it began there, YYYY-MM, or empty). The
    /// follow-up compares them with the other workplaces
    /// (workplace_distribution.csv, workplace_comparison.csv). A workplace
    /// the register does not have is an error naming the line. Read in the
    /// absence file's encoding, its separator found from its header. Only
    /// with --register.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, requires = "register", verbatim_doc_comment)]
    pub treated: Option<PathBuf>,

    /// The month the comparison of treated and other workplaces splits at, YYYY-MM
    ///
    /// The months before it against the months from it on. By default the
    /// earliest from of the treated file; without one, no comparison is
    /// made. Only with --register.
    #[arg(long, value_name = "MONTH", value_parser = month, requires = "register", verbatim_doc_comment)]
    pub compare_at: Option<Month>,

    /// The random relabellings the permutation test of the comparison draws
    ///
    /// The p-value is (as extreme + 1) / (N + 1), so the default 999 gives
    /// at least 1/1000; a national register's 47 000 workplaces take about
    /// a second per 1000. Only with --register.
    #[arg(long, value_name = "N", default_value_t = FollowUpOptions::default().permutations, requires = "register", verbatim_doc_comment)]
    pub permutations: u32,

    /// The seed of the permutation test's generator
    ///
    /// The same seed gives the same p-value on every machine. Only with
    /// --register.
    #[arg(long, value_name = "N", default_value_t = FollowUpOptions::default().seed, requires = "register", verbatim_doc_comment)]
    pub seed: u64,

    /// The cohort check's periods, SELECT_FROM..SELECT_TO,FOLLOW_FROM..FOLLOW_TO
    ///
    /// The employees in the repeated-absence group in any month of the
    /// selection period, against every other employee employed in the
    /// follow-up period, which begins after the selection ends; both within
    /// the months measured (2018-08..2019-02,2019-03..2020-02). Writes
    /// cohort.csv. Only with --register.
    #[arg(long, value_name = "PERIODS", value_parser = cohort, requires = "register", verbatim_doc_comment)]
    pub cohort: Option<CohortPeriods>,

    /// The watch list's window: the months, ending with each month, a workplace's level is taken over
    ///
    /// watched_workplaces.csv lists, month by month, the workplaces with
    /// high or rising net days 1–14 per employee; with 0 none are listed.
    /// Only with --register.
    #[arg(long, value_name = "N", default_value_t = WatchRule::default().window, requires = "register", verbatim_doc_comment)]
    pub watch_window: u32,

    /// The watch list's high: the share in percent of workplaces at or above its threshold
    ///
    /// The threshold is the (100 − N)th percentile (nearest rank) of the
    /// levels of the workplaces taking part that month. 0 to 100. Only with
    /// --register.
    #[arg(long, value_name = "N", default_value_t = WatchRule::default().top_percent, value_parser = clap::value_parser!(u32).range(0..=100), requires = "register", verbatim_doc_comment)]
    pub watch_top_percent: u32,

    /// The watch list's rising: the recent months, ending with the month
    ///
    /// Their level is compared with that of the --watch-earlier months just
    /// before them. Only with --register.
    #[arg(long, value_name = "N", default_value_t = WatchRule::default().recent, requires = "register", verbatim_doc_comment)]
    pub watch_recent: u32,

    /// The watch list's rising: the earlier months, just before the recent ones
    ///
    /// Only with --register.
    #[arg(long, value_name = "N", default_value_t = WatchRule::default().earlier, requires = "register", verbatim_doc_comment)]
    pub watch_earlier: u32,

    /// The watch list's rising: the least rise in percent of the recent level over the earlier
    ///
    /// Only with --register.
    #[arg(long, value_name = "N", default_value_t = WatchRule::default().rise_percent, requires = "register", verbatim_doc_comment)]
    pub watch_rise_percent: u32,

    /// The watch list's least headcount in a month for a workplace to take part
    ///
    /// Smaller workplaces' levels swing on one employee. Only with
    /// --register.
    #[arg(long, value_name = "N", default_value_t = WatchRule::default().min_employees, requires = "register", verbatim_doc_comment)]
    pub watch_min_employees: u32,

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
    /// flagged_employees.csv; with --register also the follow-up tables
    /// (followup_net_days.csv, followup_repeated.csv, department_variation.csv,
    /// watched_workplaces.csv; with --treated workplace_distribution.csv and
    /// workplace_comparison.csv; with --cohort cohort.csv). Tables of an
    /// earlier run that this run does not write (the detail tables without
    /// --detail, follow-up tables without --register or their flag) are
    /// removed; nothing else in DIR is touched. Runs into one DIR take turns
    /// (DIR/.utfall.lock).
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath, verbatim_doc_comment)]
    pub out: Option<PathBuf>,

    /// Write the follow-up's charts (SVG) into DIR (made if missing)
    ///
    /// The charts of the follow-up tables, in --locale's language and number
    /// style, with --reference-period shaded. Only with --register.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath, requires = "register", verbatim_doc_comment)]
    pub charts: Option<PathBuf>,

    /// The language and number style of --charts: sv (Swedish) or en (English)
    #[arg(long, value_enum, default_value_t = Locale::Sv, requires = "charts")]
    pub locale: Locale,

    /// Months shaded in the charts, FIRST..LAST (the reference period, 2017-08..2018-07)
    #[arg(long, value_name = "FIRST..LAST", value_parser = month_range, requires = "charts")]
    pub reference_period: Option<MonthRange>,

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

    /// How --absence, --headcount and --register are written.
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

/// `--months` and `--reference-period`: FIRST..LAST, two months, the last
/// not before the first.
fn month_range(text: &str) -> Result<MonthRange, String> {
    let (first, last) = text
        .split_once("..")
        .ok_or_else(|| format!("{text:?} is not FIRST..LAST, two months YYYY-MM"))?;
    let first: Month = first.parse().map_err(|e: utfall_engine::Error| e.to_string())?;
    let last: Month = last.parse().map_err(|e: utfall_engine::Error| e.to_string())?;
    MonthRange::new(first, last).map_err(|e| e.to_string())
}

/// `--cohort`: the library's periods, with its message on bad ones.
fn cohort(text: &str) -> Result<CohortPeriods, String> {
    text.parse().map_err(|e: utfall_absence::Error| e.kind().to_string())
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
