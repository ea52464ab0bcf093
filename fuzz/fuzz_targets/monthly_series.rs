//! `MonthlySeries::from_csv_str`: no panic; an error is one line; a series that
//! loads settles the illustrative contract (trend "none") or fails with an
//! error, never a panic. Bytes that are not UTF-8 are read as Windows-1252, as
//! `--encoding windows-1252` reads them; the separator is found from the header.
#![no_main]

use libfuzzer_sys::fuzz_target;
use utfall::absence::Encoding;
use utfall::engine::{Contract, MonthlySeries, Outcome, settle};
use utfall::render::{Style, render_json, render_text};

const CONTRACT: &str = r#"
name = "fuzz"
currency = "SEK"
investment = "22870000"
day_value = "2080"
term = { start = "2018-10", end = "2019-01" }
reference = { start = "2017-08", end = "2018-07" }
[[provider]]
name = "p"
contract_value = "8405100"
outcome_share = "0.5"
cap = "1.5"
"#;

fuzz_target!(|data: &[u8]| {
    let text = match std::str::from_utf8(data) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => match Encoding::Windows1252.decode(data) {
            Ok(text) => text,
            Err(e) => panic!("windows-1252 reads any bytes: {e}"),
        },
    };
    let series = match MonthlySeries::from_csv_str(&text) {
        Ok(series) => series,
        Err(e) => {
            assert!(!e.to_string().contains(['\n', '\r']), "one line: {e}");
            return;
        }
    };
    for (_, data) in series.iter() {
        assert!(data.line >= 2, "a row is after the header");
    }
    let Ok(contract) = Contract::from_toml_str(CONTRACT) else {
        panic!("the fixed contract loads");
    };
    match Outcome::from_monthly(&contract, &series, None) {
        Ok(outcome) => {
            if let Ok(statement) = settle(&contract, &outcome) {
                let _ = render_text(&statement, &Style::swedish());
                let _ = render_json(&statement);
            }
        }
        Err(e) => assert!(!e.to_string().contains(['\n', '\r']), "one line: {e}"),
    }
});
