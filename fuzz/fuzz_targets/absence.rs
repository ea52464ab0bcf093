//! `utfall::absence::measure` over absence CSV in memory against a fixed small
//! headcount: no panic; an error is one line; and the result does not depend
//! on the path the rows take (the first byte picks the options: with history
//! or not, detail or not, employee ids normalised or as written, and whether
//! the rows are also measured with `sort_memory_rows: 64` so that an unsorted
//! input spills to temporary files; that run must give the same measurement;
//! the file's form: read as Windows-1252 or UTF-8, its separator given as ';'
//! or tab, or found from its header line).
#![no_main]

use libfuzzer_sys::fuzz_target;
use utfall::absence::{CsvDialect, CsvForm, Delimiter, Encoding, Headcount, Ids, Options, measure};

/// Months 2019-12 – 2021-04 but 2020-11 (a month without headcount), seven
/// departments (those of tests/fixtures/absence), two sexes; some counts 0.
const HEADCOUNT: &str = include_str!("../fixtures/absence-headcount.csv");

fuzz_target!(|data: &[u8]| {
    let Some((&flags, records)) = data.split_first() else {
        return;
    };
    let Ok(headcount) = Headcount::from_csv_str(HEADCOUNT) else {
        panic!("the fixed headcount loads");
    };
    let options = Options {
        history: flags & 1 != 0,
        detail: flags & 2 != 0,
        ids: if flags & 8 != 0 { Ids::AsWritten } else { Ids::Normalised },
        input: CsvForm {
            encoding: if flags & 16 != 0 { Encoding::Windows1252 } else { Encoding::Utf8 },
            dialect: match flags >> 5 & 3 {
                1 => CsvDialect::given(Delimiter::Semicolon),
                2 => CsvDialect::given(Delimiter::Tab),
                _ => CsvDialect::AUTO,
            },
            ..CsvForm::default()
        },
        ..Options::default()
    };
    let result = measure(|| Ok(records), &headcount, &options, &mut |_| {});
    if let Err(e) = &result {
        assert!(!e.to_string().contains(['\n', '\r']), "one line: {e}");
    }
    if flags & 4 != 0 {
        let spilling = Options {
            sort_memory_rows: 64,
            ..options.clone()
        };
        let spilled = measure(|| Ok(records), &headcount, &spilling, &mut |_| {});
        match (&result, &spilled) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "the spill path measures the same"),
            (Err(_), Err(e)) => assert!(!e.to_string().contains(['\n', '\r']), "one line: {e}"),
            (a, b) => panic!(
                "one path fails, the other not: {:?} / {:?}",
                a.as_ref().err(),
                b.as_ref().err()
            ),
        }
    }
});
