//! A file of sick-leave periods and a schedule file through
//! `utfall::absence::measure` and `Schedule::from_reader`, against a fixed
//! small headcount: no panic; an error is one line; a measurement that
//! succeeds is the same when measured again.
//!
//! The input is a byte of options, then the schedule file, a NUL byte and the
//! period file. The options byte picks history, detail, employee ids
//! normalised or as written, and whether the default hours (8 hours, Monday
//! to Friday, public holidays off) stand in for the schedule file.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use utfall::absence::{AbsenceFormat, Headcount, Ids, Options, Schedule, Workdays, measure};

/// Months 2020-01 – 2020-03, departments Skola and Vård, sexes F and M.
const HEADCOUNT: &str = include_str!("../fixtures/periods-headcount.csv");

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (schedule, periods) = match rest.iter().position(|&b| b == 0) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (&b""[..], rest),
    };
    let Ok(headcount) = Headcount::from_csv_str(HEADCOUNT) else {
        panic!("the fixed headcount loads");
    };
    let ids = if flags & 4 != 0 { Ids::AsWritten } else { Ids::Normalised };
    let schedule = if flags & 8 != 0 {
        Schedule::default_hours(8.into(), Workdays::default())
    } else {
        Schedule::from_reader(schedule, ids)
    };
    let schedule = match schedule {
        Ok(schedule) => schedule,
        Err(e) => {
            assert!(!e.to_string().contains(['\n', '\r']), "one line: {e}");
            return;
        }
    };
    let options = Options {
        history: flags & 1 != 0,
        detail: flags & 2 != 0,
        ids,
        absence_format: AbsenceFormat::Periods,
        schedule: Some(Arc::new(schedule)),
        ..Options::default()
    };
    let result = measure(|| Ok(periods), &headcount, &options, &mut |_| {});
    match &result {
        Err(e) => assert!(!e.to_string().contains(['\n', '\r']), "one line: {e}"),
        Ok(m) => {
            let again = measure(|| Ok(periods), &headcount, &options, &mut |_| {});
            assert_eq!(again.as_ref().ok(), Some(m), "measured again, the same");
        }
    }
});
