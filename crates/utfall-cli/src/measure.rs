//! `utfall measure`: absence records and headcount in; the monthly series for
//! `settle`, the measurement's tables and its JSON out; one line on standard
//! error that says what was done.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use utfall_absence::{
    AbsenceFormat, CsvForm, ErrorKind, FollowTable, FollowUp, FollowUpOptions, Headcount, Measurement, Options,
    Register, Schedule, Summary, TreatedWorkplace, WatchRule, measure,
};

use crate::args::MeasureArgs;
use crate::forms;
use crate::input::shown;
use crate::output::{self, Outputs};
use crate::progress::Progress;
use crate::same_file::Files;
use crate::{interrupt, messages};

/// The tables `--out` always gets, and what each is written by.
type Table = (&'static str, fn(&Measurement, &mut dyn Write) -> std::io::Result<()>);

const TABLES: [Table; 4] = [
    ("net_days.csv", |m, w| m.write_net_days(w)),
    ("repeated_flags.csv", |m, w| m.write_repeated_flags(w)),
    ("repeated_inflow.csv", |m, w| m.write_repeated_inflow(w)),
    ("left_censored.csv", |m, w| m.write_censored(w)),
];

/// The tables `--detail` adds.
const DETAIL_TABLES: [Table; 2] = [
    ("spells.csv", |m, w| m.write_spells(w)),
    ("flagged_employees.csv", |m, w| m.write_flagged(w)),
];

/// Rows sorted in memory before an unsorted input spills to temporary
/// files: the library's default, or for tests only
/// `UTFALL_TEST_SORT_MEMORY_ROWS=N`, so that a small file spills as a national
/// one does.
fn sort_memory_rows() -> usize {
    std::env::var("UTFALL_TEST_SORT_MEMORY_ROWS")
        .ok()
        .and_then(|rows| rows.parse().ok())
        .unwrap_or(Options::default().sort_memory_rows)
}

/// Runs `utfall measure`.
///
/// # Errors
/// Bad or unreadable input, or an output that cannot be written.
pub fn run(args: &MeasureArgs) -> Result<()> {
    let started = Instant::now();
    refuse_same_files(args, &[])?;
    let files = args.form.files()?;
    // The register first: its errors before any other file is read, and
    // the headcounts of --months without a headcount file.
    let register = match &args.register {
        Some(path) => Some(read_register(path, &files.register, args)?),
        None => None,
    };
    let (headcount, headcount_input) = match (&args.headcount, &register) {
        (Some(path), _) => {
            let input = forms::input(path, "headcount", &files.headcount)?;
            let headcount = Headcount::from_reader_as(
                input
                    .open(path)
                    .with_context(|| format!("cannot read the headcount file {path:?}"))?,
                &input.form,
            )
            .map_err(|e| e.in_file(&input.shown))?;
            (headcount, Some(input))
        }
        (None, Some((register, input))) => {
            let Some(months) = args.months else {
                return Err(messages::usage(
                    "measure",
                    clap::error::ErrorKind::MissingRequiredArgument,
                    "--register without --headcount needs --months FIRST..LAST: the months whose headcounts the register gives",
                )
                .into());
            };
            let headcount = register
                .headcounts(months.start(), months.end())
                .map_err(|e| e.in_file(&input.shown))?;
            (headcount, None)
        }
        // clap requires --headcount without --register.
        (None, None) => anyhow::bail!("--headcount is required without --register"),
    };
    let treated = match (&args.treated, &register) {
        (Some(path), Some(_)) => {
            let input = forms::input(path, "treated-workplace", &treated_file(&files.absence))?;
            let rows = utfall_absence::read_treated(
                input
                    .open(path)
                    .with_context(|| format!("cannot read the treated-workplace file {path:?}"))?,
                &input.form,
            )
            .map_err(|e| e.in_file(&input.shown))?;
            Some((rows, input))
        }
        _ => None,
    };
    let absence = forms::input(&args.absence, "absence", &files.absence)?;
    let size = match &absence.sheet_csv {
        Some(csv) => csv.len() as u64,
        None => std::fs::metadata(&args.absence)
            .with_context(|| format!("cannot read the absence file {:?}", args.absence))?
            .len(),
    };
    let mut progress = Progress::new(size);
    let (absence_format, format_note) = absence_format(args, &absence)?;
    let options = Options {
        absence_format,
        schedule: schedule(args, &absence.form)?,
        until: args.until,
        history: args.history,
        detail: args.detail,
        ids: args.ids.into(),
        // A signal stops the measurement while it sorts, spills and tracks,
        // not only while it reads the file (`interrupt::Reader`).
        interrupt: interrupt::flag(),
        sort_memory_rows: sort_memory_rows(),
        reillness_days: args.reillness_days,
        min_group: args.min_group,
        input: absence.form.clone(),
        register: register.as_ref().map(|(register, _)| Arc::clone(register)),
        follow_up: follow_up_options(args, treated.as_ref().map(|(rows, _)| rows.clone())),
        ..Options::default()
    };
    interrupt::check()?;
    let open = || absence.open(&args.absence);
    let measurement = measure(open, &headcount, &options, &mut |done| progress.update(done)).map_err(|e| {
        match e.kind() {
            // The follow-up's settings, checked before any record is read.
            ErrorKind::UnknownWorkplace { .. } => match &treated {
                Some((_, input)) => anyhow::Error::new(e.in_file(&input.shown)),
                None => anyhow::Error::new(e),
            },
            ErrorKind::BadCohort { .. } => anyhow::anyhow!("--cohort {}", e.kind()),
            _ => anyhow::Error::new(e.in_file(&absence.shown)),
        }
    })?;
    progress.finish();
    interrupt::check()?;
    let charts = match (&args.charts, measurement.follow_up()) {
        (Some(_), Some(follow_up)) => {
            let reference = args.reference_period.map(|r| (r.start(), r.end()));
            crate::charts::charts(follow_up, &args.locale.style(), reference)
        }
        _ => Vec::new(),
    };
    let chart_names: Vec<&str> = charts.iter().map(|(name, _)| name.as_str()).collect();
    // The charts' names are known now: none may be an input or another output.
    refuse_same_files(args, &chart_names)?;
    if !args.quiet {
        for warning in warnings(measurement.summary(), args.out.as_deref()) {
            messages::line(&format!("utfall measure: {warning}"));
        }
    }
    let (written, removed) = write_outputs(&measurement, args, &charts)?;
    if !args.quiet {
        let mut line = format!(
            "utfall measure: {}{}{}{}{}; wrote {}",
            format_note.unwrap_or_default(),
            summary(measurement.summary(), started.elapsed()),
            reillness(args),
            suppressed(&measurement, args),
            read_as(&inputs(
                args,
                &absence,
                headcount_input.as_ref(),
                register.as_ref().map(|(_, input)| input),
                treated.as_ref().map(|(_, input)| input),
            )),
            written.join(", ")
        );
        if let Some(dir) = &args.out {
            let (detail, follow): (Vec<&String>, Vec<&String>) = removed
                .iter()
                .partition(|name| DETAIL_TABLES.iter().any(|(table, _)| table == name));
            for (names, flag) in [(detail, "--detail"), (follow, "--register")] {
                if !names.is_empty() {
                    let names: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
                    line.push_str(&format!(
                        "; removed {} of an earlier run with {flag} from {}",
                        names.join(", "),
                        dir.display()
                    ));
                }
            }
        }
        messages::line(&line);
    }
    Ok(())
}

/// Refuses an output that is an input or another output, before anything is
/// read: the tables in `--out` count, the detail and follow-up tables too
/// when this run would remove them; once they are known, `charts` in
/// `--charts`.
///
/// # Errors
/// A command-line mistake naming both.
fn refuse_same_files(args: &MeasureArgs, charts: &[&str]) -> Result<(), clap::Error> {
    let series = args.series.as_deref().filter(|path| *path != Path::new("-"));
    let mut files = Files::new()
        .input("--absence", Some(&args.absence))
        .input("--headcount", args.headcount.as_deref())
        .input("--register", args.register.as_deref())
        .input("--treated", args.treated.as_deref())
        .input("--schedule", args.schedule.as_deref())
        .output("--out", args.out.as_deref())
        .output("--json", args.json.as_deref())
        .output("--series", series);
    if let Some(dir) = &args.out {
        for (name, _) in TABLES {
            files = files.output_shown(format!("{name} in --out {}", dir.display()), dir.join(name));
        }
        for (name, _) in DETAIL_TABLES {
            let shown = if args.detail {
                format!("{name} in --out {}", dir.display())
            } else {
                format!("{name} in --out {} (removed without --detail)", dir.display())
            };
            files = files.output_shown(shown, dir.join(name));
        }
        for name in FollowTable::ALL.map(FollowTable::file_name) {
            // Each is written or, as a table of an earlier run, removed.
            let shown = if args.register.is_some() {
                format!("{name} in --out {}", dir.display())
            } else {
                format!("{name} in --out {} (removed without --register)", dir.display())
            };
            files = files.output_shown(shown, dir.join(name));
        }
    }
    if let Some(dir) = &args.charts {
        for name in charts {
            files = files.output_shown(format!("{name} in --charts {}", dir.display()), dir.join(name));
        }
    }
    files.refuse_same("measure")
}

/// The employee register of `--register` with the input it was read from.
///
/// # Errors
/// The file cannot be read; a bad row, naming the file, line and field.
fn read_register(
    path: &Path,
    file: &utfall_absence::FileConfig,
    args: &MeasureArgs,
) -> Result<(Arc<Register>, forms::Input)> {
    let input = forms::input(path, "register", file)?;
    let register = Register::from_reader_as(
        input
            .open(path)
            .with_context(|| format!("cannot read the register file {path:?}"))?,
        args.ids.into(),
        &input.form,
    )
    .map_err(|e| e.in_file(&input.shown))?;
    Ok((Arc::new(register), input))
}

/// How the treated-workplace file is written: the absence file's encoding,
/// the separator given or found from its own header line, our column names.
fn treated_file(absence: &utfall_absence::FileConfig) -> utfall_absence::FileConfig {
    utfall_absence::FileConfig {
        delimiter: absence.delimiter,
        encoding: absence.encoding,
        ..utfall_absence::FileConfig::default()
    }
}

/// The follow-up's settings from the flags.
fn follow_up_options(args: &MeasureArgs, treated: Option<Vec<TreatedWorkplace>>) -> FollowUpOptions {
    FollowUpOptions {
        treated: treated.unwrap_or_default(),
        compare_at: args.compare_at,
        permutations: args.permutations,
        seed: args.seed,
        cohort: args.cohort,
        watch: WatchRule {
            window: args.watch_window,
            top_percent: args.watch_top_percent,
            recent: args.watch_recent,
            earlier: args.watch_earlier,
            rise_percent: args.watch_rise_percent,
            min_employees: args.watch_min_employees,
            ..WatchRule::default()
        },
    }
}

/// The inputs read, for the summary's words on how.
fn inputs<'a>(
    args: &'a MeasureArgs,
    absence: &'a forms::Input,
    headcount: Option<&'a forms::Input>,
    register: Option<&'a forms::Input>,
    treated: Option<&'a forms::Input>,
) -> Vec<(&'a forms::Input, &'a Path)> {
    let mut inputs = vec![(absence, args.absence.as_path())];
    for (input, path) in [
        (headcount, &args.headcount),
        (register, &args.register),
        (treated, &args.treated),
    ] {
        if let (Some(input), Some(path)) = (input, path) {
            inputs.push((input, path));
        }
    }
    inputs
}

/// What the absence file holds, read off its header unless
/// `--absence-format` says; for a file of periods, how the summary line says
/// so (a file of daily records keeps the line it always had). The settings
/// for periods are refused for daily records rather than ignored.
///
/// # Errors
/// The file cannot be read; `--schedule`, `--hours-per-day` or `--until`
/// with daily records.
fn absence_format(args: &MeasureArgs, absence: &forms::Input) -> Result<(AbsenceFormat, Option<String>)> {
    let (format, how) = match args.absence_format.into() {
        AbsenceFormat::Detect => {
            // The header as the measurement reads it: a sheet's text, or the
            // file in its encoding, separator and column names.
            let found = AbsenceFormat::detect_as(
                absence
                    .open(&args.absence)
                    .with_context(|| format!("cannot read the absence file {:?}", args.absence))?,
                &absence.form,
            );
            (
                found.map_err(|e| e.in_file(&absence.shown))?,
                "detected from its columns",
            )
        }
        chosen => (chosen, "--absence-format periods"),
    };
    if format == AbsenceFormat::Periods {
        return Ok((format, Some(format!("sick-leave periods ({how}), expanded to "))));
    }
    let given = [
        ("--schedule", args.schedule.is_some()),
        ("--hours-per-day", args.hours_per_day.is_some()),
        ("--until", args.until.is_some()),
    ];
    if let Some((flag, _)) = given.iter().find(|(_, given)| *given) {
        anyhow::bail!(
            "{flag} is for a file of sick-leave periods, and the header of {} has none of their columns from, to and extent (a file that names them otherwise maps them: --columns from=NAME,to=NAME,extent=NAME)",
            shown(&args.absence)
        );
    }
    Ok((format, None))
}

/// The schedule of `--schedule` or `--hours-per-day`, if either is given.
///
/// # Errors
/// The schedule file cannot be read or has a bad row; bad hours.
/// The schedule: a file, read in the absence file's encoding with its own
/// separator (given by --delimiter or found from its header line), or the
/// default hours.
fn schedule(args: &MeasureArgs, absence: &CsvForm) -> Result<Option<Arc<Schedule>>> {
    let schedule = match (&args.schedule, args.hours_per_day) {
        (Some(path), _) => {
            let file = File::open(path).with_context(|| format!("cannot read the schedule file {path:?}"))?;
            let form = CsvForm {
                dialect: absence.dialect,
                encoding: absence.encoding,
                ..CsvForm::default()
            };
            Schedule::from_reader_as(interrupt::Reader(file), args.ids.into(), &form)
                .map_err(|e| e.in_file(shown(path)))?
        }
        (None, Some(hours)) => Schedule::default_hours(hours, args.workdays)
            .map_err(|e| anyhow::anyhow!("--hours-per-day: {}", e.kind()))?,
        (None, None) => return Ok(None),
    };
    Ok(Some(Arc::new(schedule)))
}

/// What the user should know about the input: figures that count from, or
/// were changed to, something other than what the file says.
fn warnings(s: &Summary, out: Option<&Path>) -> Vec<String> {
    let mut warnings = Vec::new();
    if s.censored_spells > 0 {
        let see = match out {
            Some(dir) => format!("see left_censored.csv in {}", dir.display()),
            None => "--out DIR writes them to left_censored.csv".to_owned(),
        };
        let spells = match s.censored_spells {
            1 => "1 spell was".to_owned(),
            n => format!("{} spells were", grouped(n)),
        };
        warnings.push(format!(
            "{spells} under way on {}, the first date of the data; their days count from that date ({see})",
            s.first_date
        ));
    }
    if s.rounded_rows > 0 {
        let rows = match s.rounded_rows {
            1 => "1 row had".to_owned(),
            n => format!("{} rows had", grouped(n)),
        };
        warnings.push(format!(
            "{rows} hours with more than two decimals, rounded to the hundredth (half away from zero)"
        ));
    }
    warnings
}

/// What was read, and how long the run took.
fn summary(s: &Summary, elapsed: Duration) -> String {
    let mut text = format!(
        "{} rows, {} employees, {} spells",
        grouped(s.rows),
        grouped(s.employees),
        grouped(s.spells)
    );
    if s.rows > 0 {
        text.push_str(&format!(", {} – {}", s.first_date, s.last_date));
    }
    text.push_str(&format!(", in {:.2} s", elapsed.as_secs_f64()));
    text
}

/// The re-illness rule when it is on, so that a reader of the tables knows
/// their bands follow it: `; a spell starting within 5 days of the last one's
/// end continues its day count (--reillness-days)`.
fn reillness(args: &MeasureArgs) -> String {
    match args.reillness_days {
        Some(days) if days > 1 => format!(
            "; a spell starting within {days} days of the last one's end continues its day count (--reillness-days)"
        ),
        _ => String::new(),
    }
}

/// How many groups' figures of a month the tables written leave out, so that
/// it is never silent: `; suppressed the figures of 12 group-months in the
/// group tables (9 with fewer than 11 employees, 3 secondary; --min-group)`,
/// or nothing when none are, or no group table is written.
fn suppressed(m: &Measurement, args: &MeasureArgs) -> String {
    let s = m.summary();
    let all = s.suppressed_small + s.suppressed_secondary;
    if args.out.is_none() && args.json.is_none() {
        return String::new();
    }
    let mut text = String::new();
    if all > 0 {
        let pairs = if all == 1 { "group-month" } else { "group-months" };
        text = format!(
            "; suppressed the figures of {} {pairs} in the group tables ({} with fewer than {} employees, {} secondary; --min-group)",
            grouped(all),
            grouped(s.suppressed_small),
            m.min_group(),
            grouped(s.suppressed_secondary)
        );
    }
    // The follow-up's tables hide their own small groups, workplaces most of all.
    if let Some((small, secondary)) = m.follow_up().map(utfall_absence::FollowUp::suppressed)
        && small + secondary > 0
    {
        let pairs = if small + secondary == 1 {
            "group-month"
        } else {
            "group-months"
        };
        text.push_str(&format!(
            "; in the follow-up tables {} {pairs} ({} small, {} secondary)",
            grouped(small + secondary),
            grouped(small),
            grouped(secondary)
        ));
    }
    text
}

/// How the inputs were read, in words, for those not read as plain CSV
/// (',', UTF-8, our column names): `; absence.csv read as ';'-separated,
/// decimal comma, Windows-1252`, so that a separator found from a header
/// line is never a silent guess.
fn read_as(inputs: &[(&forms::Input, &Path)]) -> String {
    let mut text = String::new();
    for (input, path) in inputs.iter().filter(|(input, _)| !input.plain) {
        let verb = if text.is_empty() { "read as" } else { "as" };
        text.push_str(&format!(
            "{} {} {verb} {}",
            if text.is_empty() { ";" } else { "," },
            file_name(path),
            input.described
        ));
    }
    text
}

/// `16661` as `16 661`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Writes what `args` asks for, every file under a temporary name until all
/// are complete, then in place together (see `output`); returns what was
/// written and the names of the tables of an earlier run removed, for the
/// summary.
fn write_outputs(
    m: &Measurement,
    args: &MeasureArgs,
    charts: &[(String, String)],
) -> Result<(Vec<String>, Vec<String>)> {
    let mut outputs = Outputs::new();
    let mut written = Vec::new();
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {dir:?}"))?;
        outputs.lock(dir, || {
            if !args.quiet {
                messages::line(&format!(
                    "utfall measure: waiting for another utfall writing into {}",
                    dir.display()
                ));
            }
        })?;
        let (detail, stale): (&[Table], &[Table]) = if args.detail {
            (&DETAIL_TABLES, &[])
        } else {
            (&[], &DETAIL_TABLES)
        };
        let mut names = Vec::new();
        for (name, write) in TABLES.iter().chain(detail) {
            outputs.file(&dir.join(name), |w| write(m, w))?;
            names.push(*name);
        }
        let follow_tables = m.follow_up().map(FollowUp::tables).unwrap_or_default();
        if let Some(follow_up) = m.follow_up() {
            for table in &follow_tables {
                outputs.file(&dir.join(table.file_name()), |w| follow_up.write_table(*table, w))?;
                names.push(table.file_name());
            }
        }
        // Without --detail the detail tables of an earlier run would no
        // longer match the others, nor the follow-up tables this run does
        // not write (all without --register, cohort.csv without --cohort):
        // they go, and nothing else in DIR does.
        for (name, _) in stale {
            outputs.remove(dir.join(name));
        }
        for table in FollowTable::ALL.into_iter().filter(|t| !follow_tables.contains(t)) {
            outputs.remove(dir.join(table.file_name()));
        }
        written.push(format!("{} in {}", names.join(", "), dir.display()));
    }
    if let (Some(dir), false) = (&args.charts, charts.is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {dir:?}"))?;
        // One lock per directory: --out's already covers the same one.
        let same_as_out = args
            .out
            .as_ref()
            .is_some_and(|out| out.canonicalize().ok() == dir.canonicalize().ok());
        if !same_as_out {
            outputs.lock(dir, || {
                if !args.quiet {
                    messages::line(&format!(
                        "utfall measure: waiting for another utfall writing into {}",
                        dir.display()
                    ));
                }
            })?;
        }
        for (name, svg) in charts {
            outputs.bytes(&dir.join(name), svg.as_bytes())?;
        }
        let names: Vec<&str> = charts.iter().map(|(name, _)| name.as_str()).collect();
        written.push(format!("{} in {}", names.join(", "), dir.display()));
    } else if let Some(dir) = &args.charts {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {dir:?}"))?;
    }
    if let Some(path) = &args.json {
        outputs.file(path, |w| {
            serde_json::to_writer_pretty(&mut *w, &m.to_json())?;
            writeln!(w)
        })?;
        written.push(shown(path));
    }
    let series_to_stdout = match args.series.as_deref() {
        Some(path) if path == Path::new("-") => true,
        Some(path) => {
            outputs.file(path, |w| m.write_series(w))?;
            written.push(shown(path));
            false
        }
        None => args.out.is_none() && args.json.is_none(),
    };
    let removed = outputs.commit()?.iter().map(|path| file_name(path)).collect();
    if series_to_stdout {
        let mut series = Vec::new();
        m.write_series(&mut series)?;
        output::to_stdout(&series)?;
        written.push("the series to standard output".to_owned());
    }
    Ok((written, removed))
}

/// The last part of `path`, as the summary names a table.
fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn thousands_are_grouped_by_spaces() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(217), "217");
        assert_eq!(grouped(1627), "1 627");
        assert_eq!(grouped(16661), "16 661");
        assert_eq!(grouped(108_000_000), "108 000 000");
    }
}
