//! What several test modules share: files of the repository, decimals,
//! monthly series built in memory, insta snapshots kept in `tests/snapshots/`,
//! the examples as the tests settle them ([`examples`]) and small contracts
//! written as TOML ([`contracts`]), and daily records rewritten as periods
//! ([`periods`]).

pub mod contracts;
pub mod examples;
pub mod periods;
pub mod reference;

use std::path::{Path, PathBuf};

use utfall::engine::{Decimal, Month, MonthData, MonthlySeries};

/// `relative`, a path from the repository's root, as an absolute path.
pub fn path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The text of the file at `relative`, a path from the repository's root.
pub fn read(relative: &str) -> String {
    let full = path(relative);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {}: {e}", full.display()))
}

/// Every output of a measurement: each CSV file `measure --out --detail`
/// writes, the series and the JSON, as bytes.
pub fn measurement_outputs(m: &utfall::absence::Measurement) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let mut write = |name: &'static str, f: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut bytes = Vec::new();
        f(&mut bytes).unwrap();
        out.push((name, bytes));
    };
    write("net_days.csv", &|w| m.write_net_days(w));
    write("repeated_flags.csv", &|w| m.write_repeated_flags(w));
    write("repeated_inflow.csv", &|w| m.write_repeated_inflow(w));
    write("left_censored.csv", &|w| m.write_censored(w));
    write("spells.csv", &|w| m.write_spells(w));
    write("flagged_employees.csv", &|w| m.write_flagged(w));
    write("series.csv", &|w| m.write_series(w));
    out.push(("measurement.json", m.to_json().to_string().into_bytes()));
    out
}

/// A decimal written as text: `d("0.25")`.
pub fn d(text: &str) -> Decimal {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} is not a decimal: {e}"))
}

/// A CSV text: `header`, then each row, each line ended by `\n`.
pub fn csv_text<S: AsRef<str>>(header: &str, rows: &[S]) -> String {
    let mut text = format!("{header}\n");
    for row in rows {
        text.push_str(row.as_ref());
        text.push('\n');
    }
    text
}

/// A monthly series of `(month, net days, headcount)` rows, built in memory
/// (no line numbers).
pub fn series_of(rows: impl IntoIterator<Item = (Month, Decimal, u32)>) -> MonthlySeries {
    let mut series = MonthlySeries::default();
    for (month, net_days, headcount) in rows {
        series.insert(
            month,
            MonthData {
                net_days,
                headcount,
                line: 0,
            },
        );
    }
    series
}

/// Asserts `$value` against the snapshot `tests/snapshots/$name.snap`, whose
/// header describes the inputs (`$description`). The folder is given, not
/// derived from the calling file, and the name carries no module prefix, so
/// that a test can move between modules without its snapshot moving.
macro_rules! snapshot {
    ($name:expr, $description:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"),
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => $description,
        }, {
            insta::assert_snapshot!($name, $value);
        });
    };
}
pub(crate) use snapshot;

/// The summary of `statement` as the tests render it: no schedule, issued on
/// a fixed date so that snapshots do not change with the day they run.
pub fn summary(statement: &utfall::engine::Statement) -> utfall::render::Summary {
    match utfall::render::Summary::new(statement, None) {
        Ok(summary) => summary.issued("2026-11-29"),
        Err(e) => panic!("{e}"),
    }
}
