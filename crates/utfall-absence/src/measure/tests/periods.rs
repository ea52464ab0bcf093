//! Files of sick-leave periods, measured against the daily records they
//! stand for, written out by hand.

use super::*;
use crate::{AbsenceFormat, Schedule, Workdays};
use std::sync::Arc;

const SCHEDULE: &str = "employee_id,valid_from,valid_to,mon,tue,wed,thu,fri,sat,sun\n\
    7,2019-12-01,2020-02-29,8,8,8,8,8,0,0\n\
    7,2020-03-01,,4,4,4,4,4,0,0\n\
    A-1,,,0,0,10,10,10,10,0\n";

fn options(schedule: Option<Schedule>, ids: Ids) -> Options {
    Options {
        detail: true,
        ids,
        schedule: schedule.map(Arc::new),
        ..Options::default()
    }
}

fn office() -> Schedule {
    Schedule::default_hours(rust_decimal::Decimal::from(8), Workdays::default()).unwrap()
}

fn file() -> Schedule {
    Schedule::from_csv_str(SCHEDULE, Ids::Normalised).unwrap()
}

fn periods(text: &str, schedule: Schedule) -> Result<Measurement, Error> {
    let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
    measure_with(text, &headcount, &options(Some(schedule), Ids::Normalised))
}

fn daily(text: &str) -> Measurement {
    run(text).unwrap()
}

#[test]
fn a_period_is_its_calendar_dates_with_days_off_at_zero_hours() {
    // Wednesday 1 January (a holiday) to Monday 6 January (trettondedag jul) and on to Tuesday the 7th.
    let m = periods(
        "employee_id,from,to,extent,department,sex\n7,2020-01-01,2020-01-07,50 %,A,F\n",
        office(),
    )
    .unwrap();
    let expected = daily(
        "employee_id,date,hours,department,sex\n\
         7,2020-01-01,0,A,F\n7,2020-01-02,4,A,F\n7,2020-01-03,4,A,F\n7,2020-01-04,0,A,F\n\
         7,2020-01-05,0,A,F\n7,2020-01-06,0,A,F\n7,2020-01-07,4,A,F\n",
    );
    assert_eq!(m, expected);
    assert_eq!(m.summary().rows, 7);
}

#[test]
fn overlapping_periods_add_their_extents_up_to_100_percent() {
    let text = "employee_id,from,to,extent,department,sex\n\
                7,2020-01-02,2020-01-03,0.25,A,F\n7,2020-01-03,2020-01-06,75%,A,F\n";
    let expected = daily(
        "employee_id,date,hours,department,sex\n\
         7,2020-01-02,2,A,F\n7,2020-01-03,8,A,F\n7,2020-01-04,0,A,F\n7,2020-01-05,0,A,F\n7,2020-01-06,0,A,F\n",
    );
    assert_eq!(periods(text, office()).unwrap(), expected);
    let over = text.replace("75%", "80 %");
    assert_eq!(
        periods(&over, office()).unwrap_err().to_string(),
        "line 3: field from: employee 7's periods on line 3 and line 2 overlap on 2020-01-03, where the extents sum \
         to 105 %, above 100 %"
    );
    let other_group = text.replace("75%,A,F", "75%,B,M");
    assert_eq!(
        periods(&other_group, office()).unwrap_err().to_string(),
        "line 3: field from: employee 7's periods on line 3 and line 2 overlap on 2020-01-03 but give different \
         departments or sexes"
    );
}

#[test]
fn a_schedule_file_gives_each_employee_hours_by_weekday_and_validity() {
    // Friday 28 February to Tuesday 3 March: 8 hours, then 4 from March.
    let text = "employee_id,from,to,extent\n7,2020-02-28,2020-03-03,1\nA-1,2020-01-04,2020-01-05,0.5\n";
    let expected = daily(
        "employee_id,date,hours\n\
         7,2020-02-28,8\n7,2020-02-29,0\n7,2020-03-01,0\n7,2020-03-02,4\n7,2020-03-03,4\n\
         A-1,2020-01-04,5\nA-1,2020-01-05,0\n",
    );
    assert_eq!(periods(text, file()).unwrap(), expected);
    for (text, message) in [
        (
            "employee_id,from,to,extent\n7,2019-11-30,2019-12-02,1\n",
            "line 2: field from: 2019-11-30 is in 2019-11, which has no headcount rows; to use records before the \
             first headcount month for spells and repeated absence only, measure with history (utfall measure \
             --history, or Options::history)",
        ),
        (
            "employee_id,from,to,extent\n8,2020-01-02,2020-01-03,1\n",
            "line 2: field employee_id: employee 8 has no rows in the schedule file",
        ),
        (
            "employee_id,from,to,extent\n007,2020-01-02,2020-01-03,1\n",
            "line 2: field employee_id: employee id \"007\" and \"7\" on line 2 of the schedule file are the same \
             once spaces and leading zeros are set aside; write them alike, or measure them as written with --ids \
             as-written",
        ),
        (
            "employee_id,from,to,extent\n7,2020-05-30,,1\n7,2020-03-02,2020-03-01,1\n",
            "line 3: field to: the period ends on 2020-03-01, before it starts on 2020-03-02",
        ),
        (
            "employee_id,from,to,extent\n7,2020-05-30,2020-06-01,1\n",
            "line 2: field to: 2020-06-01 is in 2020-06, which has no headcount rows",
        ),
    ] {
        assert_eq!(periods(text, file()).unwrap_err().to_string(), message, "{text}");
    }
    let early = Schedule::from_csv_str(
        "employee_id,valid_from,valid_to,mon,tue,wed,thu,fri,sat,sun\n7,2020-01-06,,8,8,8,8,8,0,0\n",
        Ids::Normalised,
    )
    .unwrap();
    assert_eq!(
        periods("employee_id,from,to,extent\n7,2020-01-02,2020-01-08,1\n", early)
            .unwrap_err()
            .to_string(),
        "line 2: field from: 2020-01-02 is outside every validity of employee 7's schedule in the schedule file"
    );
}

#[test]
fn an_open_period_ends_at_the_last_headcount_month_or_at_until() {
    let text = "employee_id,from,to,extent\n7,2020-05-29,,1\n";
    let m = periods(text, office()).unwrap();
    assert_eq!((m.summary().rows, m.summary().last_date.as_str()), (3, "2020-05-31"));
    let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
    let until = Options {
        until: chrono::NaiveDate::from_ymd_opt(2020, 5, 30),
        ..options(Some(office()), Ids::Normalised)
    };
    let m = measure_with(text, &headcount, &until).unwrap();
    assert_eq!(m.summary().last_date, "2020-05-30");
    let late = "employee_id,from,to,extent\n7,2020-05-31,,1\n";
    assert_eq!(
        measure_with(late, &headcount, &until).unwrap_err().to_string(),
        "line 2: field to: the period ends on 2020-05-30 (open, so at --until), before it starts on 2020-05-31"
    );
}

#[test]
fn periods_in_any_order_measure_alike() {
    let sorted = "employee_id,from,to,extent\n\
                  7,2020-01-02,2020-01-10,1\n7,2020-01-11,2020-01-12,0.5\n8,2020-01-03,2020-01-04,1\n\
                  9,2020-02-03,2020-02-04,1\n9,2020-03-03,2020-03-04,1\n";
    // Employee 7's periods apart and out of date order: read again and sorted.
    let shuffled = "employee_id,from,to,extent\n\
                    9,2020-03-03,2020-03-04,1\n7,2020-01-11,2020-01-12,0.5\n8,2020-01-03,2020-01-04,1\n\
                    7,2020-01-02,2020-01-10,1\n9,2020-02-03,2020-02-04,1\n";
    let m = periods(sorted, office()).unwrap();
    assert_eq!(m.summary().spells, 4);
    assert_eq!(periods(shuffled, office()).unwrap(), m);
}

#[test]
fn one_id_written_two_ways_in_a_period_file() {
    let text = "employee_id,from,to,extent\n7,2020-01-02,2020-01-03,1\n007,2020-02-03,2020-02-04,1\n";
    assert_eq!(
        periods(text, office()).unwrap_err().to_string(),
        "line 3: field employee_id: employee id \"007\" on line 3 and \"7\" on line 2 are the same once spaces and \
         leading zeros are set aside; write them alike, or measure them as written with --ids as-written"
    );
    let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
    let m = measure_with(text, &headcount, &options(Some(office()), Ids::AsWritten)).unwrap();
    assert_eq!(m.summary().employees, 2);
}

#[test]
fn a_period_file_needs_a_schedule_and_the_format_can_be_chosen() {
    let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
    let text = "employee_id,from,to,extent\n7,2020-01-02,2020-01-03,1\n";
    assert_eq!(
        measure_with(text, &headcount, &options(None, Ids::Normalised))
            .unwrap_err()
            .to_string(),
        "a file of sick-leave periods needs the employees' working hours: give a schedule file (--schedule FILE) \
         or default hours (--hours-per-day 8 --workdays mon-fri)"
    );
    let daily = Options {
        absence_format: AbsenceFormat::Daily,
        ..options(Some(office()), Ids::Normalised)
    };
    assert!(
        measure_with(text, &headcount, &daily)
            .unwrap_err()
            .to_string()
            .starts_with("line 1: column \"from\" is none of employee_id,date,hours")
    );
    let forced = Options {
        absence_format: AbsenceFormat::Periods,
        ..options(Some(office()), Ids::Normalised)
    };
    assert!(
        measure_with("employee_id,date,hours\n", &headcount, &forced)
            .unwrap_err()
            .to_string()
            .starts_with("line 1: column \"date\" is none of employee_id,from,to,extent")
    );
    assert_eq!(
        measure_with("employee_id,from,to,extent\n", &headcount, &forced)
            .unwrap_err()
            .to_string(),
        "the absence file has no records"
    );
}
