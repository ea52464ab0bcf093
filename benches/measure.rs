//! Benchmarks of the measurement's hot path: parsing, spell building with the
//! hour sums, and the report (groups, per-employee figures, repeated absence),
//! and the whole `measure` call on sorted and on unsorted input.
//!
//! The input is made here, deterministically: 2 000 employees over 24 months,
//! about 290 000 rows. Every benchmark checks its result against the figures
//! the generator counted, inside the timed loop, so a fast wrong answer fails.
//!
//! ```sh
//! cargo bench --bench measure
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout,
    clippy::indexing_slicing
)]

use std::sync::LazyLock;

use divan::{Bencher, black_box};
use utfall::absence::{Headcount, Measurement, Options, measure, phases};

fn main() {
    divan::main();
}

/// The generated input and what the generator knows about it.
struct Data {
    sorted: String,
    shuffled: String,
    headcount: Headcount,
    rows: u64,
    spells: u64,
    centi_hours: u64,
}

/// Day numbers (days from 0001-01-01 = 1) of 2018-01-01 and the 24 months after.
const FIRST_DAY: i32 = 736_695;
const DAYS: i32 = 730;

static DATA: LazyLock<Data> = LazyLock::new(|| {
    let employees = 2000u64;
    let mut state = 0x2018_0101_u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    // Per employee: spells with gaps of at least one day, 1–20 days long.
    let mut records: Vec<(i32, u64, u64)> = Vec::new(); // (day, employee, centi)
    let mut spells = 0;
    for e in 0..employees {
        let mut day = FIRST_DAY + (next() % 60) as i32;
        while day < FIRST_DAY + DAYS {
            let length = 1 + (next() % 20) as i32;
            spells += 1;
            for d in day..(day + length).min(FIRST_DAY + DAYS) {
                let centi = [800, 600, 0, 450, 800][(next() % 5) as usize];
                records.push((d, 1000 + e * 3, centi));
            }
            day += length + 1 + (next() % 90) as i32;
        }
    }
    records.sort();
    let departments = ["Skola", "Vård", "Omsorg", "Teknik"];
    let line = |(day, employee, centi): &(i32, u64, u64)| {
        let date = chrono_date(*day);
        let department = departments[(employee % 4) as usize];
        let sex = if employee % 3 == 0 { "M" } else { "F" };
        format!(
            "{employee},{department},{sex},{date},{}.{:02}\n",
            centi / 100,
            centi % 100
        )
    };
    let header = "employee_id,department,sex,date,hours\n";
    let sorted: String = std::iter::once(header.to_owned())
        .chain(records.iter().map(line))
        .collect();
    let mut shuffled_records = records.clone();
    // A fixed permutation: reversed in blocks of 7.
    shuffled_records.reverse();
    for block in shuffled_records.chunks_mut(7) {
        block.rotate_left(3.min(block.len()));
    }
    let shuffled: String = std::iter::once(header.to_owned())
        .chain(shuffled_records.iter().map(line))
        .collect();
    let mut headcount = String::from("month,department,sex,employees\n");
    for month in 0..24 {
        for department in departments {
            for sex in ["F", "M"] {
                headcount += &format!("{}-{:02},{department},{sex},250\n", 2018 + month / 12, month % 12 + 1);
            }
        }
    }
    Data {
        rows: records.len() as u64,
        spells,
        centi_hours: records.iter().map(|r| r.2).sum(),
        sorted,
        shuffled,
        headcount: Headcount::from_csv_str(&headcount).unwrap(),
    }
});

/// `YYYY-MM-DD` of a day number (0001-01-01 is day 1), by Howard Hinnant's
/// civil-from-days.
fn chrono_date(day: i32) -> String {
    let z = i64::from(day) - 719_163 + 719_468; // days since 0000-03-01
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn check(m: &Measurement, data: &Data) {
    let s = m.summary();
    assert_eq!((s.rows, s.spells), (data.rows, data.spells));
    let total: u64 = m
        .net_days()
        .iter()
        .filter(|r| r.group == utfall::absence::Group::Total)
        .map(|r| r.centi_hours)
        .sum();
    assert_eq!(total, data.centi_hours);
}

#[test]
fn the_generated_dates_are_right() {
    assert_eq!(chrono_date(FIRST_DAY), "2018-01-01");
    assert_eq!(chrono_date(FIRST_DAY + 59), "2018-03-01");
    assert_eq!(chrono_date(FIRST_DAY + DAYS - 1), "2019-12-31");
}

#[divan::bench]
fn parse(bencher: Bencher) {
    let data = &*DATA;
    bencher
        .counter(divan::counter::BytesCount::new(data.sorted.len()))
        .bench(|| {
            let parsed =
                phases::parse(black_box(data.sorted.as_bytes()), &data.headcount, &Options::default()).unwrap();
            assert_eq!(parsed.len() as u64, data.rows);
        });
}

#[divan::bench]
fn spells_and_sums(bencher: Bencher) {
    let data = &*DATA;
    let parsed = phases::parse(data.sorted.as_bytes(), &data.headcount, &Options::default()).unwrap();
    bencher.bench(|| {
        let tracked = black_box(&parsed).track();
        assert_eq!(tracked.rows(), data.rows);
        tracked
    });
    // Checked outside the loop too: the report of one tracked run is right.
    check(
        &parsed.report(parsed.track(), &data.headcount, &Options::default()),
        data,
    );
}

#[divan::bench]
fn report(bencher: Bencher) {
    let data = &*DATA;
    let parsed = phases::parse(data.sorted.as_bytes(), &data.headcount, &Options::default()).unwrap();
    bencher.with_inputs(|| parsed.track()).bench_values(|tracked| {
        let m = parsed.report(tracked, &data.headcount, &Options::default());
        check(&m, data);
    });
}

// The full entry point, as `utfall measure` calls it: `measure_reader` would
// time a copy of the input too.
#[divan::bench]
fn measure_sorted(bencher: Bencher) {
    let data = &*DATA;
    bencher.bench(|| {
        let m = measure(
            || Ok(data.sorted.as_bytes()),
            &data.headcount,
            &Options::default(),
            &mut |_| {},
        )
        .unwrap();
        check(&m, data);
    });
}

#[divan::bench]
fn measure_unsorted(bencher: Bencher) {
    let data = &*DATA;
    bencher.bench(|| {
        let m = measure(
            || Ok(data.shuffled.as_bytes()),
            &data.headcount,
            &Options::default(),
            &mut |_| {},
        )
        .unwrap();
        check(&m, data);
    });
}
