//! `NationalIndex::from_csv_str`: no panic; an error is one line; an index that
//! loads trend-adjusts a fixed monthly series or fails with an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use utfall::engine::{Contract, MonthlySeries, NationalIndex, Outcome, settle};
use utfall::render::{Style, render_text};

const CONTRACT: &str = r#"
name = "fuzz"
currency = "SEK"
investment = "22870000"
day_value = "2080"
term = { start = "2018-10", end = "2018-12" }
reference = { start = "2017-08", end = "2018-07" }
measurement = { trend = "national-index" }
[[provider]]
name = "p"
contract_value = "8405100"
outcome_share = "0.5"
cap = "1.5"
"#;

const SERIES: &str = "month,net_days,headcount
2017-10,3800.5,6250
2017-11,4100,6260
2017-12,3900.25,6270
2018-10,3600,6300
2018-11,3700.125,6310
2018-12,3500,6320
";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let index = match NationalIndex::from_csv_str(text) {
        Ok(index) => index,
        Err(e) => {
            assert!(!e.to_string().contains(['\n', '\r']), "one line: {e}");
            return;
        }
    };
    for (_, value) in index.iter() {
        assert!(value.index > utfall::engine::Decimal::ZERO, "the index is above zero");
    }
    let (Ok(contract), Ok(series)) = (Contract::from_toml_str(CONTRACT), MonthlySeries::from_csv_str(SERIES)) else {
        panic!("the fixed inputs load");
    };
    match Outcome::from_monthly(&contract, &series, Some(&index)) {
        Ok(outcome) => {
            if let Ok(statement) = settle(&contract, &outcome) {
                let _ = render_text(&statement, &Style::english());
            }
        }
        Err(e) => assert!(!e.to_string().contains(['\n', '\r']), "one line: {e}"),
    }
});
