//! Inputs that crashed or misled the library, each kept as a plain test with
//! the input inline: first those the fuzz targets found (`fuzz/`, see
//! DESIGN.md, *Fuzzing*), then those found by reading the parsers while
//! writing the targets.

use utfall::absence::{ErrorKind as AbsenceKind, Headcount, Options, measure, measure_reader};
use utfall::engine::{MonthlySeries, NationalIndex};

use crate::common::contracts::SmallContract;

// --- found by the fuzz targets ----------------------------------------------

/// `monthly_series`, run 1 (crash-2ff13994…): a header ended by a lone `\r`
/// (old Mac line ends, which the csv reader takes as a line end) left the
/// first row counted as line 1, so errors named the wrong line. Lines now end
/// at `\n`, `\r\n` or a lone `\r`.
#[test]
fn a_lone_carriage_return_ends_a_line_of_a_monthly_series() {
    let series = MonthlySeries::from_csv_str("month,net_days,headcount\r2057-08,266,9\n2018-08,33,7\n").unwrap();
    let line = |m: &str| series.get(m.parse().unwrap()).unwrap().line;
    assert_eq!((line("2057-08"), line("2018-08")), (2, 3));
    let err = MonthlySeries::from_csv_str("month,net_days,headcount\r2018-10,1,2\r2018-13,1,2\r").unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 3: field month: \"2018-13\" is not a month: the month must be 01 to 12"
    );
    let index = NationalIndex::from_csv_str("month,index\r2018-10,9.1\r2018-10,9.2\r").unwrap_err();
    assert_eq!(
        index.to_string(),
        "line 3: field month: month 2018-10 appears twice (first on line 2)"
    );
}

/// `contract`, issue 10 (crash-45bda43c…): amendments listed in the file in
/// another order than agreed were written back by `to_toml_string` in the
/// order agreed, so read back each had another position, and the sources
/// cited as `contract.amendment[I]` moved to the other amendment. They are
/// written back in the file's order.
#[test]
fn amendments_keep_their_positions_and_sources_through_a_round_trip() {
    let text = SmallContract::with(
        r#"
        [[amendment]]
        agreed = "2020-09"
        measurement_end = "2020-08"
        source = "Minutes of September"
        [[amendment]]
        agreed = "2020-03"
        from = "2020-04"
        day_value = "12"
        source = "Minutes of March"
    "#,
    );
    let contract = utfall::engine::Contract::from_toml_str(&text).unwrap();
    assert_eq!(contract.source("contract.amendment[0]"), Some("Minutes of September"));
    let again = utfall::engine::Contract::from_toml_str(&contract.to_toml_string().unwrap()).unwrap();
    assert_eq!(again, contract);
    assert_eq!(again.source("contract.amendment[1]"), Some("Minutes of March"));
}

// --- found by review ---------------------------------------------------------

/// `count` consecutive dates from 5000-01-01, `YYYY-MM-DD`.
fn dates_from_5000(count: usize) -> impl Iterator<Item = String> {
    (5000..=9999)
        .flat_map(|year: u32| {
            let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
            let lengths = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
            (1..=12u32).flat_map(move |month| {
                (1..=lengths[month as usize - 1]).map(move |day| format!("{year:04}-{month:02}-{day:02}"))
            })
        })
        .take(count)
}

/// A spell's hours were summed in a `u32` of centi-hours with `+=`: past
/// 1 789 569 days of 24 hours the sum wrapped (silently in a release build,
/// so `spells.csv` showed a wrong figure) or panicked (debug build). Now an
/// error.
#[test]
fn a_spell_of_more_hours_than_its_sum_holds_is_an_error_not_a_wrap() {
    let mut records = String::from("employee_id,date,hours\n");
    for date in dates_from_5000(1_789_571) {
        records.push_str("7,");
        records.push_str(&date);
        records.push_str(",24\n");
    }
    let headcount = Headcount::from_csv_str("month,employees\n9999-12,1\n").unwrap();
    let options = Options {
        history: true,
        ..Options::default()
    };
    let err = measure(|| Ok(records.as_bytes()), &headcount, &options, &mut |_| {}).unwrap_err();
    assert!(matches!(err.kind(), AbsenceKind::SpellTooLong { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "employee 7 has a spell of more than 42949672.95 hours by 9899-09-04; check the dates of the records"
    );
}

/// The whole organisation's headcount of a month, the sum of its groups' rows,
/// was added with `saturating_add`: 4 294 967 295 employees at most, silently.
#[test]
fn a_month_whose_groups_sum_past_the_largest_count_is_an_error() {
    let text = "month,department,employees\n2020-01,A,999999999\n2020-01,B,999999999\n2020-01,C,999999999\n\
                2020-01,D,999999999\n2020-01,E,999999999\n";
    let err = Headcount::from_csv_str(text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 6: field employees: the employees of 2020-01 sum to more than 4294967295"
    );
}

/// `measure` allocates a table of months × departments × sexes: a headcount
/// file from 0001-01 to 9999-12 with 255 departments and 255 sexes (256 rows)
/// asked for 187 GB for its first table and aborted. Now the headcount file is refused.
#[test]
fn a_headcount_table_too_large_to_hold_is_refused_on_load() {
    let mut text = String::from("month,department,sex,employees\n9999-12,D0,S0,1\n");
    for i in 0..255 {
        text.push_str(&format!("0001-01,D{i},S{i},1\n"));
    }
    let err = Headcount::from_csv_str(&text).unwrap_err();
    assert!(matches!(err.kind(), AbsenceKind::TooManyCells { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "the headcount file spans 119988 months × 255 departments × 255 sexes = 7802219700 cells; at most 16777216 are measured"
    );
}

/// An employee id may be a quoted field holding a control character; the
/// duplicate-row error printed it as it was, so a carriage return broke the
/// one-line message in two on a terminal. Ids with control characters are now
/// quoted. (A carriage return now ends a line wherever it is, as in the
/// monthly series, so it cannot be inside a field any more: the quote is
/// then not closed on its line.)
#[test]
fn an_employee_id_with_a_control_character_stays_on_one_line_in_an_error() {
    let headcount = Headcount::from_csv_str("month,employees\n2020-01,3\n").unwrap();
    let records = "employee_id,date,hours\n\"a\tb\",2020-01-02,8\n\"a\tb\",2020-01-02,4\n";
    let err = measure_reader(records.as_bytes(), &headcount).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 3: employee \"a\\tb\" has two rows for 2020-01-02 (the first on line 2); aggregate them first"
    );
    let records = "employee_id,date,hours\n\"a\rb\",2020-01-02,8\n";
    let err = measure_reader(records.as_bytes(), &headcount).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 2: field employee_id: a quoted field is not closed: \"\\\"a\""
    );
}
