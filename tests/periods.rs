//! Sick-leave periods measure exactly as the daily records they stand for
//! (`docs/method.md` §6.10): random period files and schedules against their
//! day-by-day expansion, written here independently of the library's; and
//! the generated municipality sample (`tests/fixtures/absence/generated`)
//! rewritten as periods and a schedule file against the daily file.

use std::collections::BTreeMap;
use std::sync::Arc;

use proptest::prelude::*;
use utfall::absence::{Headcount, Ids, Measurement, NaiveDate, Options, Schedule, Workdays, measure};

use crate::common::periods::{assert_same_outputs, daily_to_periods, date};
use crate::common::read;

const HEADCOUNT: &str = "month,department,sex,employees\n\
    2019-12,A,F,10\n2019-12,B,M,10\n2020-01,A,F,10\n2020-01,B,M,10\n2020-02,A,F,10\n2020-02,B,M,10\n\
    2020-03,A,F,10\n2020-03,B,M,10\n2020-04,A,F,10\n2020-04,B,M,10\n2020-05,A,F,10\n2020-05,B,M,10\n";

/// The days off of the default schedule in the headcount's months, listed by
/// hand from the calendar (Easter 2020 was 12 April).
const DAYS_OFF: [&str; 12] = [
    "2019-12-24",
    "2019-12-25",
    "2019-12-26",
    "2019-12-31",
    "2020-01-01",
    "2020-01-06",
    "2020-04-10",
    "2020-04-12",
    "2020-04-13",
    "2020-05-01",
    "2020-05-21",
    "2020-05-31",
];

fn run(text: &str, options: &Options) -> Measurement {
    let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
    measure(|| Ok(text.as_bytes()), &headcount, options, &mut |_| {}).unwrap()
}

fn detail(schedule: Option<Schedule>) -> Options {
    Options {
        detail: true,
        schedule: schedule.map(Arc::new),
        ..Options::default()
    }
}

/// The options of a case: the detail tables, and the re-illness rule and the
/// small-group limit as drawn, which both paths must honour alike.
fn drawn(schedule: Option<Schedule>, reillness_days: Option<u32>, min_group: u32) -> Options {
    Options {
        reillness_days,
        min_group,
        ..detail(schedule)
    }
}

/// One random period: employee (index), first day (offset from 2019-12-01),
/// length in days (`None`: open), extent as written and in millionths.
#[derive(Clone, Debug)]
struct P {
    employee: usize,
    from: i64,
    days: Option<i64>,
    extent: (&'static str, u64),
}

const EXTENTS: [(&str, u64); 7] = [
    ("1", 1_000_000),
    ("0.5", 500_000),
    ("25 %", 250_000),
    ("12.5%", 125_000),
    ("0.333333", 333_333),
    ("75 %", 750_000),
    ("0.2", 200_000),
];
const IDS: [&str; 4] = ["1", "22", "A-7", "0"];
const HOURS: [(&str, u64); 5] = [("0", 0), ("8", 800), ("7.5", 750), ("4", 400), ("6.25", 625)];

fn period() -> impl Strategy<Value = P> {
    (
        0..IDS.len(),
        0i64..180,
        proptest::option::weighted(0.85, 0i64..25),
        0..EXTENTS.len(),
    )
        .prop_map(|(employee, from, days, extent)| P {
            employee,
            from,
            days,
            extent: EXTENTS[extent],
        })
}

/// Each employee's schedule rows: (first day offset of each validity after
/// the first, hours per weekday of each).
fn schedules() -> impl Strategy<Value = Vec<(Vec<i64>, Vec<[usize; 7]>)>> {
    proptest::collection::vec(
        (
            proptest::collection::btree_set(1i64..180, 0..3),
            proptest::collection::vec(proptest::array::uniform7(0..HOURS.len()), 3),
        ),
        IDS.len(),
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(splits, hours)| (splits.into_iter().collect(), hours))
            .collect()
    })
}

/// The day `n` days after `d`.
fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    (0..n).fold(d, |d, _| d.succ_opt().unwrap())
}

/// The weekday of a date, Monday 0.
fn weekday(d: NaiveDate) -> usize {
    d.format("%u").to_string().parse::<usize>().unwrap() - 1
}

/// Scheduled centi-hours of an employee on a date.
type Hours = Box<dyn Fn(NaiveDate) -> u64>;

/// The schedule file of [`schedules`], and each employee's hours by date.
fn schedule_file(s: &[(Vec<i64>, Vec<[usize; 7]>)]) -> (String, Vec<Hours>) {
    let start = date("2019-12-01");
    let mut text = String::from("employee_id,valid_from,valid_to,mon,tue,wed,thu,fri,sat,sun\n");
    let mut hours: Vec<Hours> = Vec::new();
    for (id, (splits, weeks)) in IDS.iter().zip(s) {
        let starts: Vec<Option<i64>> = std::iter::once(None).chain(splits.iter().map(|s| Some(*s))).collect();
        let mut validity = Vec::new();
        for (i, from) in starts.iter().enumerate() {
            let to = starts.get(i + 1).map(|next| next.unwrap() - 1);
            let shown = |o: Option<i64>| o.map_or(String::new(), |o| add_days(start, o).to_string());
            let cells: Vec<&str> = weeks[i].iter().map(|h| HOURS[*h].0).collect();
            text.push_str(&format!("{id},{},{},{}\n", shown(*from), shown(to), cells.join(",")));
            let bound = |o: Option<i64>| o.map(|o| add_days(start, o));
            validity.push((bound(*from), bound(to), weeks[i].map(|h| HOURS[h].1)));
        }
        hours.push(Box::new(move |d: NaiveDate| {
            let inside = |(from, to, _): &&(Option<NaiveDate>, Option<NaiveDate>, [u64; 7])| {
                from.is_none_or(|f| f <= d) && to.is_none_or(|t| d <= t)
            };
            validity.iter().find(inside).unwrap().2[weekday(d)]
        }));
    }
    (text, hours)
}

/// The default schedule's hours: `per_day` Monday to Friday but on the days off.
fn default_hours(per_day: u64) -> Vec<Hours> {
    (0..IDS.len())
        .map(|_| -> Hours {
            Box::new(move |d: NaiveDate| {
                let off = weekday(d) >= 5 || DAYS_OFF.contains(&d.to_string().as_str());
                if off { 0 } else { per_day }
            })
        })
        .collect()
}

/// Keeps the periods whose dates stay at or below 100 % with those kept
/// before them; gives each kept period's first and last date.
fn admissible(periods: &[P]) -> Vec<(P, NaiveDate, NaiveDate)> {
    let start = date("2019-12-01");
    let open_end = date("2020-05-31");
    let mut sums: BTreeMap<(usize, NaiveDate), u64> = BTreeMap::new();
    let mut kept = Vec::new();
    for p in periods {
        let from = add_days(start, p.from);
        let to = p.days.map_or(open_end, |n| add_days(from, n).min(open_end));
        let dates: Vec<NaiveDate> = std::iter::successors(Some(from), |d| d.succ_opt().filter(|d| *d <= to)).collect();
        if dates
            .iter()
            .all(|d| sums.get(&(p.employee, *d)).copied().unwrap_or(0) + p.extent.1 <= 1_000_000)
        {
            for d in dates {
                *sums.entry((p.employee, d)).or_default() += p.extent.1;
            }
            kept.push((p.clone(), from, to));
        }
    }
    kept
}

/// The period file of the kept periods (those to the last day written open),
/// and its day-by-day expansion as daily records: each date's extents
/// summed, times the scheduled hours, rounded to the centi-hour half up.
fn files(kept: &[(P, NaiveDate, NaiveDate)], hours: &[Hours]) -> (String, String) {
    let group = |employee: usize| if employee.is_multiple_of(2) { "A,F" } else { "B,M" };
    let mut periods = String::from("employee_id,from,to,extent,department,sex\n");
    let mut sums: BTreeMap<(usize, NaiveDate), u64> = BTreeMap::new();
    for (p, from, to) in kept {
        let shown_to = if p.days.is_none() {
            String::new()
        } else {
            to.to_string()
        };
        let id = IDS[p.employee];
        periods.push_str(&format!(
            "{id},{from},{shown_to},{},{}\n",
            p.extent.0,
            group(p.employee)
        ));
        let mut d = *from;
        while d <= *to {
            *sums.entry((p.employee, d)).or_default() += p.extent.1;
            d = d.succ_opt().unwrap();
        }
    }
    let mut daily = String::from("employee_id,date,hours,department,sex\n");
    for ((employee, d), extent) in sums {
        let centi = (extent * hours[employee](d) + 500_000) / 1_000_000;
        let id = IDS[employee];
        daily.push_str(&format!(
            "{id},{d},{}.{:02},{}\n",
            centi / 100,
            centi % 100,
            group(employee)
        ));
    }
    (periods, daily)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Random periods (overlapping up to 100 %, some open, partial extents)
    /// and random schedules, or the default hours: the period file and its
    /// expansion write the same bytes to every output.
    #[test]
    fn a_period_file_measures_as_its_daily_expansion(
        periods in proptest::collection::vec(period(), 1..12),
        schedules in schedules(),
        default in proptest::option::of(1..HOURS.len()),
        shuffle in any::<bool>(),
        reillness in proptest::option::of(0..8_u32),
        min_group in prop_oneof![Just(0_u32), Just(2_u32), Just(11_u32)],
    ) {
        let mut kept = admissible(&periods);
        let (schedule, hours) = match default {
            Some(h) => {
                let hours = rust_decimal::Decimal::new(i64::try_from(HOURS[h].1).unwrap(), 2);
                (Schedule::default_hours(hours, Workdays::default()).unwrap(), default_hours(HOURS[h].1))
            }
            None => {
                let (text, hours) = schedule_file(&schedules);
                (Schedule::from_csv_str(&text, Ids::Normalised).unwrap(), hours)
            }
        };
        if shuffle {
            kept.reverse();
        } else {
            kept.sort_by_key(|(p, from, _)| (p.employee, *from));
        }
        let (period_file, daily_file) = files(&kept, &hours);
        // A regression: the period path once built its tracker without the
        // re-illness rule.
        let by_periods = run(&period_file, &drawn(Some(schedule), reillness, min_group));
        let by_days = run(&daily_file, &drawn(None, reillness, min_group));
        assert_same_outputs(&by_periods, &by_days, &format!("{period_file}\n{daily_file}"));
    }
}

/// The generated municipality sample rewritten as periods and a schedule
/// file (`tests/common/periods.rs`) measures as the daily file does, byte for
/// byte, with history as the sample needs.
#[test]
fn the_generated_sample_as_periods_measures_as_its_daily_file() {
    let daily = read("tests/fixtures/absence/generated/absence.csv");
    let headcount = Headcount::from_csv_str(&read("tests/fixtures/absence/generated/headcount.csv")).unwrap();
    let (periods, schedule) = daily_to_periods(&daily);
    assert!(
        periods.lines().count() < daily.lines().count() / 2,
        "periods are fewer than days"
    );
    let schedule = Schedule::from_csv_str(&schedule, Ids::Normalised).unwrap();
    let measured = |text: &str, schedule: Option<Schedule>| {
        let options = Options {
            history: true,
            ..detail(schedule)
        };
        measure(|| Ok(text.as_bytes()), &headcount, &options, &mut |_| {}).unwrap()
    };
    assert_same_outputs(
        &measured(&periods, Some(schedule)),
        &measured(&daily, None),
        "generated sample",
    );
}

/// Rewrites the daily file `absence.csv` in the folder named by
/// `UTFALL_DAILY_TO_PERIODS` as `periods.csv` and `schedule.csv` beside it, to
/// measure larger data both ways by hand (such as the municipality data of
/// the benchmark kit's generator, which lives outside the repository):
/// `UTFALL_DAILY_TO_PERIODS=DIR cargo test --release --test main periods::rewrite -- --ignored`.
#[test]
#[ignore = "rewrites the files of UTFALL_DAILY_TO_PERIODS"]
fn rewrite_a_daily_file_as_periods() {
    let dir = std::path::PathBuf::from(std::env::var("UTFALL_DAILY_TO_PERIODS").unwrap());
    let (periods, schedule) = daily_to_periods(&std::fs::read_to_string(dir.join("absence.csv")).unwrap());
    std::fs::write(dir.join("periods.csv"), periods).unwrap();
    std::fs::write(dir.join("schedule.csv"), schedule).unwrap();
}

/// A period file as Swedish payroll and Excel write it (`;`-separated,
/// Windows-1252, Swedish column names mapped, a decimal comma, compact and
/// midnight dates, CRLF) with a `;`-separated schedule with a decimal
/// comma, measures as the plain files do: the period and schedule readers
/// take every CSV form the daily reader takes.
#[test]
fn periods_and_a_schedule_in_swedish_excel_form_measure_as_the_plain_files() {
    use utfall::absence::{CsvForm, Encoding, Format, Mapping};
    let plain = "employee_id,from,to,extent,department,sex\n\
        7,2020-01-02,2020-01-10,0.5,A,F\n8,2020-01-06,,100 %,B,M\n7,2020-02-03,2020-02-04,1,A,F\n";
    let excel: &[u8] = b"Anst\xe4llningsnr;Fr.o.m;T.o.m;Omfattning;department;sex\r\n\
        7;20200102;2020-01-10 00:00:00;0,5;A;F\r\n8;2020-01-06;;100 %;B;M\r\n7;2020-02-03;20200204;1;A;F\r\n";
    let schedule_plain =
        "employee_id,valid_from,valid_to,mon,tue,wed,thu,fri,sat,sun\n7,,,7.5,7.5,7.5,7.5,7.5,0,0\n8,,,8,8,8,8,8,0,0\n";
    let schedule_excel =
        "employee_id;valid_from;valid_to;mon;tue;wed;thu;fri;sat;sun\n7;;;7,5;7,5;7,5;7,5;7,5;0;0\n8;;;8;8;8;8;8;0;0\n";
    let form = CsvForm {
        encoding: Encoding::Windows1252,
        columns: Mapping::parse(
            "employee_id=Anställningsnr,from=Fr.o.m,to=T.o.m,extent=Omfattning",
            &Format::ABSENCE_FILE,
        )
        .unwrap(),
        ..CsvForm::default()
    };
    let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
    let schedule =
        |text: &str| Schedule::from_reader_as(text.as_bytes(), Ids::Normalised, &CsvForm::default()).unwrap();
    let by_plain = measure(
        || Ok(plain.as_bytes()),
        &headcount,
        &detail(Some(schedule(schedule_plain))),
        &mut |_| {},
    )
    .unwrap();
    let options = Options {
        input: form,
        ..detail(Some(schedule(schedule_excel)))
    };
    let by_excel = measure(|| Ok(excel), &headcount, &options, &mut |_| {}).unwrap();
    assert_eq!(by_plain.summary().spells, 3);
    assert_same_outputs(&by_excel, &by_plain, "Swedish Excel form");
}
