//! `Headcount::from_csv_str`: no panic; an error is one line; a headcount that
//! loads has a total for each of its months, and measures a fixed small
//! absence file (with history) without a panic. The bytes are also read as
//! Windows-1252 (any bytes are text then), separator found from the header.
#![no_main]

use libfuzzer_sys::fuzz_target;
use utfall::absence::{CsvForm, Encoding, Headcount, Options, measure};

const RECORDS: &str = "employee_id,date,hours,department,sex
1,2020-01-02,8,A,F
1,2020-01-03,8,A,F
2,2020-01-02,4,B,M
";

fuzz_target!(|data: &[u8]| {
    let latin = CsvForm {
        encoding: Encoding::Windows1252,
        ..CsvForm::default()
    };
    let as_latin = Headcount::from_reader_as(data, &latin);
    if let Err(e) = &as_latin {
        assert!(!e.to_string().contains(['\n', '\r']), "one line: {e}");
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.is_ascii() {
        // Where every byte is ASCII the two encodings read the same.
        assert_eq!(as_latin.ok(), Headcount::from_csv_str(text).ok());
    }
    let headcount = match Headcount::from_csv_str(text) {
        Ok(headcount) => headcount,
        Err(e) => {
            assert!(!e.to_string().contains(['\n', '\r']), "one line: {e}");
            return;
        }
    };
    let months = headcount.months();
    assert!(!months.is_empty());
    assert!(months.windows(2).all(|w| w[0] < w[1]), "months in order, once");
    for month in &months {
        assert!(headcount.total(*month).is_some());
    }
    let options = Options {
        history: true,
        ..Options::default()
    };
    if let Err(e) = measure(|| Ok(RECORDS.as_bytes()), &headcount, &options, &mut |_| {}) {
        assert!(!e.to_string().contains(['\n', '\r']), "one line: {e}");
    }
});
