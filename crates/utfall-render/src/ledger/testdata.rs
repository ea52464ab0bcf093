//! The ledgers the tests of every format read back: the illustrative quarterly
//! contract, and the same with a second provider.

use utfall_engine::{Contract, Ledger, MonthlySeries, NationalIndex};

fn read(file: &str) -> String {
    let path = format!("{}/../../examples/illustrative/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn ledger_of(contract_toml: &str) -> Ledger {
    let contract = Contract::from_toml_str(contract_toml).unwrap();
    let series = MonthlySeries::from_csv_str(&read("monthly.csv")).unwrap();
    let index = NationalIndex::from_csv_str(&read("index.csv")).unwrap();
    Ledger::run(&contract, &series, Some(&index), None).unwrap()
}

/// `examples/illustrative/contract-quarterly.toml` settled at every quarter.
pub(crate) fn quarterly() -> Ledger {
    ledger_of(&read("contract-quarterly.toml"))
}

/// The quarterly contract with a second, smaller provider, so that the
/// contract values stay within the investment: three parties.
pub(crate) fn two_providers() -> Ledger {
    ledger_of(
        r#"
name = "Two providers, settled quarterly"
funder = "Botkyrka kommun"
currency = "SEK"
investment = "22870000"
day_value = "2080"

[term]
start = "2018-10"
end = "2021-09"

[reference]
start = "2017-08"
end = "2018-07"

[measurement]
trend = "national-index"

[schedule]
every = "quarter"
negative = "carry-forward"

[[amendment]]
agreed = "2020-03"
measurement_end = "2020-02"

[[provider]]
name = "Aino Health"
contract_value = "8405100"
outcome_share = "0.5"
cap = "1.5"

[[provider]]
name = "Bruk & Co, \"Tumba\""
contract_value = "3000000"
outcome_share = "0.4"
cap = "1.2"
"#,
    )
}
