//! Daily absence records rewritten as sick-leave periods and a schedule
//! file, as a payroll system of record would hold them, and the outputs of a
//! measurement compared file by file.
//!
//! The converter infers each employee's hours per weekday from the records
//! (the largest hours on that weekday; 0 where the employee never has hours
//! on it) and groups each employee's consecutive dates into periods of one
//! extent = hours / scheduled hours; a date with no scheduled hours (0
//! hours) joins any period. Extents are written with six decimals, which
//! give back each date's hours to the centi-hour; the converter checks that.

use std::collections::BTreeMap;

use utfall::absence::{Measurement, NaiveDate};

use crate::common::measurement_outputs;

/// Asserts that two measurements write the same bytes to every file.
pub fn assert_same_outputs(a: &Measurement, b: &Measurement, what: &str) {
    for ((name, x), (_, y)) in measurement_outputs(a).into_iter().zip(measurement_outputs(b)) {
        assert!(
            x == y,
            "{what}: {name} differs:\n{}\n---\n{}",
            String::from_utf8_lossy(&x),
            String::from_utf8_lossy(&y)
        );
    }
}

/// A date `YYYY-MM-DD`.
pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Hours `8`, `7.5`, `0.0` as centi-hours.
fn centi(text: &str) -> u64 {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let fraction = format!("{fraction:0<2}");
    whole.parse::<u64>().unwrap() * 100 + fraction[..2].parse::<u64>().unwrap()
}

/// One employee's day: date, centi-hours, department, sex.
type Day = (NaiveDate, u64, String, String);

/// Rewrites a daily absence file (`employee_id,department,sex,date,hours` in
/// any column order) as a period file and a schedule file.
pub fn daily_to_periods(daily: &str) -> (String, String) {
    let mut lines = daily.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|c| *c == name);
    let (id, day, hours) = (col("employee_id").unwrap(), col("date").unwrap(), col("hours").unwrap());
    let (department, sex) = (col("department"), col("sex"));
    let mut employees: BTreeMap<String, Vec<Day>> = BTreeMap::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        let group = |at: Option<usize>| at.map_or(String::new(), |at| f[at].to_owned());
        employees.entry(f[id].to_owned()).or_default().push((
            date(f[day]),
            centi(f[hours]),
            group(department),
            group(sex),
        ));
    }
    let groups = department.is_some() || sex.is_some();
    let mut periods = String::from(if groups {
        "employee_id,from,to,extent,department,sex\n"
    } else {
        "employee_id,from,to,extent\n"
    });
    let mut schedule = String::from("employee_id,valid_from,valid_to,mon,tue,wed,thu,fri,sat,sun\n");
    for (employee, mut days) in employees {
        days.sort();
        let mut week = [0u64; 7];
        for (d, h, _, _) in &days {
            let w = &mut week[d.format("%u").to_string().parse::<usize>().unwrap() - 1];
            *w = (*w).max(*h);
        }
        let shown: Vec<String> = week.iter().map(|c| format!("{}.{:02}", c / 100, c % 100)).collect();
        schedule.push_str(&format!("{employee},,,{}\n", shown.join(",")));
        for (from, to, extent, dep, sx) in runs(&days, &week) {
            let group = if groups { format!(",{dep},{sx}") } else { String::new() };
            let extent = format!("{}.{:06}", extent / 1_000_000, extent % 1_000_000);
            periods.push_str(&format!("{employee},{from},{to},{extent}{group}\n"));
        }
    }
    (periods, schedule)
}

/// An employee's days as runs of consecutive dates of one extent (in
/// millionths) and group: `(from, to, extent, department, sex)`.
fn runs(days: &[Day], week: &[u64; 7]) -> Vec<(NaiveDate, NaiveDate, u64, String, String)> {
    let mut runs: Vec<(NaiveDate, NaiveDate, Option<u64>, String, String)> = Vec::new();
    for (d, h, dep, sx) in days {
        let scheduled = week[d.format("%u").to_string().parse::<usize>().unwrap() - 1];
        // hours / scheduled to six decimals, half up; it must give the hours back.
        let extent = (scheduled > 0).then(|| (h * 1_000_000 * 2 + scheduled) / (2 * scheduled));
        if let Some(e) = extent {
            assert_eq!((e * scheduled + 500_000) / 1_000_000, *h, "{d}: {h} of {scheduled}");
            assert!(e > 0, "{d}: a scheduled day without hours cannot be a period's");
        }
        let joins = runs.last().is_some_and(|(_, to, e, rd, rs)| {
            to.succ_opt() == Some(*d) && rd == dep && rs == sx && (extent.is_none() || e.is_none() || *e == extent)
        });
        match runs.last_mut() {
            Some(run) if joins => {
                run.1 = *d;
                run.2 = run.2.or(extent);
            }
            _ => runs.push((*d, *d, extent, dep.clone(), sx.clone())),
        }
    }
    runs.into_iter()
        .map(|(from, to, e, dep, sx)| (from, to, e.unwrap_or(1_000_000), dep, sx))
        .collect()
}
