//! Output is deterministic: the same inputs give byte-identical outputs
//! whatever the order of their rows (and of a contract's keys), and, for
//! absence records, whichever path the rows take through `measure`: one pass
//! (each employee's rows in date order), the in-memory sort, or the spill to
//! temporary files. (Thread counts cannot change results: one thread tracks
//! and every sum is an integer; see DESIGN.md, *Fuzzing*.)

use crate::common::summary;
use utfall::absence::{Headcount, Options, measure};
use utfall::engine::{Contract, MonthlySeries, NationalIndex, Outcome, settle};
use utfall::render::{Style, render_json, render_text};

use crate::common::{csv_text, measurement_outputs, read};

/// A small deterministic shuffle (xorshift64*), so that the test needs no
/// random-number crate and fails the same way every time.
fn shuffled<T>(mut items: Vec<T>, seed: u64) -> Vec<T> {
    let mut state = seed.max(1);
    for i in (1..items.len()).rev() {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let j = (state.wrapping_mul(0x2545_f491_4f6c_dd1d) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
    items
}

/// The header and the data rows of a CSV text.
fn split(text: &str) -> (&str, Vec<&str>) {
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    (header, lines.collect())
}

/// The CSV with its columns in another order: the columns are read by name.
fn columns_moved(text: &str, order: &[usize]) -> String {
    text.lines()
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            order.iter().map(|&i| fields[i]).collect::<Vec<_>>().join(",") + "\n"
        })
        .collect()
}

fn statement_outputs(contract: &str, monthly: &str, index: Option<&str>) -> (String, String) {
    let contract = Contract::from_toml_str(contract).unwrap();
    let series = MonthlySeries::from_csv_str(monthly).unwrap();
    let index = index.map(|text| NationalIndex::from_csv_str(text).unwrap());
    let outcome = Outcome::from_monthly(&contract, &series, index.as_ref()).unwrap();
    let statement = settle(&contract, &outcome).unwrap();
    (
        render_text(&statement, &summary(&statement), &Style::swedish()),
        render_json(&statement, &summary(&statement)).unwrap(),
    )
}

#[test]
fn settlements_do_not_depend_on_row_order_column_order_or_key_order() {
    let contract = read("examples/illustrative/contract.toml");
    let monthly = read("examples/illustrative/monthly.csv");
    let index = read("examples/illustrative/index.csv");
    let expected = statement_outputs(&contract, &monthly, Some(&index));

    let (monthly_header, monthly_rows) = split(&monthly);
    let (index_header, index_rows) = split(&index);
    for seed in 1..=8 {
        let m = csv_text(monthly_header, &shuffled(monthly_rows.clone(), seed));
        let i = csv_text(index_header, &shuffled(index_rows.clone(), seed * 31));
        assert_eq!(
            statement_outputs(&contract, &m, Some(&i)),
            expected,
            "rows shuffled with seed {seed}"
        );
    }
    let mut reversed = monthly_rows.clone();
    reversed.reverse();
    let moved = columns_moved(&csv_text(monthly_header, &reversed), &[2, 0, 1]);
    let index_moved = columns_moved(&index, &[1, 0]);
    assert_eq!(statement_outputs(&contract, &moved, Some(&index_moved)), expected);

    // The same terms with the tables and keys in another order.
    let loaded = Contract::from_toml_str(&contract).unwrap();
    let rewritten = loaded.to_toml_string().unwrap();
    assert_ne!(rewritten, contract);
    assert_eq!(statement_outputs(&rewritten, &monthly, Some(&index)), expected);
}

fn measured(records: &str, headcount: &str, sort_memory_rows: usize) -> Vec<(&'static str, Vec<u8>)> {
    let headcount = Headcount::from_csv_str(headcount).unwrap();
    let options = Options {
        detail: true,
        // The edge fixture has records before its first headcount month.
        history: true,
        sort_memory_rows,
        ..Options::default()
    };
    let m = measure(|| Ok(records.as_bytes()), &headcount, &options, &mut |_| {}).unwrap();
    measurement_outputs(&m)
}

fn assert_same(got: &[(&'static str, Vec<u8>)], expected: &[(&'static str, Vec<u8>)], case: &str) {
    for ((name, bytes), (_, want)) in got.iter().zip(expected) {
        assert!(bytes == want, "{case}: {name} differs");
    }
    assert_eq!(got.len(), expected.len());
}

#[test]
fn measurements_do_not_depend_on_row_order_or_on_the_sorting_path() {
    let records = read("tests/fixtures/absence/generated/absence.csv");
    let headcount = read("tests/fixtures/absence/generated/headcount.csv");
    // As shipped: sorted by date, so one pass.
    let expected = measured(&records, &headcount, usize::MAX);
    assert!(expected.iter().all(|(_, bytes)| !bytes.is_empty()));

    let (header, rows) = split(&records);
    let (headcount_header, headcount_rows) = split(&headcount);
    let mut by_employee = rows.clone();
    by_employee.sort_by_key(|row| row.split(',').next().unwrap_or_default().to_owned());
    let mut reversed = rows.clone();
    reversed.reverse();
    let cases = [
        (
            "sorted by employee (one pass)",
            csv_text(header, &by_employee),
            usize::MAX,
        ),
        ("reversed (in-memory sort)", csv_text(header, &reversed), usize::MAX),
        ("reversed (spilled)", csv_text(header, &reversed), 1000),
        (
            "shuffled (in-memory sort)",
            csv_text(header, &shuffled(rows.clone(), 7)),
            usize::MAX,
        ),
        (
            "shuffled (spilled)",
            csv_text(header, &shuffled(rows.clone(), 11)),
            1000,
        ),
        (
            "shuffled (spilled, one row in memory)",
            csv_text(header, &shuffled(rows.clone(), 13)),
            1,
        ),
        (
            "columns moved, shuffled (spilled)",
            columns_moved(&csv_text(header, &shuffled(rows.clone(), 17)), &[3, 4, 0, 2, 1]),
            500,
        ),
    ];
    for (case, text, memory) in &cases {
        let headcount_shuffled = csv_text(
            headcount_header,
            &shuffled(headcount_rows.clone(), *memory as u64 % 97 + 3),
        );
        assert_same(&measured(text, &headcount_shuffled, *memory), &expected, case);
    }
}

#[test]
fn measuring_twice_gives_the_same_bytes() {
    let records = read("tests/fixtures/absence/edge/absence.csv");
    let headcount = read("tests/fixtures/absence/edge/headcount.csv");
    let first = measured(&records, &headcount, 4);
    for _ in 0..3 {
        assert_same(
            &measured(&records, &headcount, 4),
            &first,
            "the same spilled input again",
        );
    }
}
