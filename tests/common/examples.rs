//! The contracts and data of `examples/` as the tests settle them: Botkyrka
//! from the report's stated value, and the illustrative trend-adjusted
//! monthly case on synthetic data.

use utfall::engine::{Contract, MonthlySeries, NationalIndex, Outcome, Statement, settle};

use super::read;

/// Botkyrka's contract with the exact share `s = r·C/I`.
pub const BOTKYRKA: &str = "examples/botkyrka/contract.toml";
/// Botkyrka's contract with the report's rounded share, `s = 0.184`.
pub const BOTKYRKA_STATED_SHARE: &str = "examples/botkyrka/contract-stated-share.toml";

/// The inputs of [`botkyrka`] on [`BOTKYRKA`], for a snapshot's header.
pub const BOTKYRKA_INPUTS: &str = "contract: examples/botkyrka/contract.toml (s = r·C/I); outcome: stated value V = 14 700 000, headcount 6 350 (report.toml)";
/// The inputs of [`illustrative`], for a snapshot's header.
pub const ILLUSTRATIVE_INPUTS: &str = "contract: examples/illustrative/contract.toml (trend = national-index); monthly: examples/illustrative/monthly.csv; index: examples/illustrative/index.csv (synthetic data)";

/// The contract at `relative` (from the repository's root); a refusal names
/// the file.
pub fn contract(relative: &str) -> Contract {
    Contract::from_toml_str(&read(relative)).unwrap_or_else(|e| panic!("{}", e.in_file(relative)))
}

/// Botkyrka under the contract at `relative`, settled on the report's stated
/// value, 14 700 000 kr, with its 6 350 employees.
pub fn botkyrka(relative: &str) -> Statement {
    let contract = contract(relative);
    let outcome = Outcome::from_value(&contract, "14700000".parse().unwrap(), Some(6350)).unwrap();
    settle(&contract, &outcome).unwrap()
}

/// `examples/illustrative/monthly.csv`.
pub fn illustrative_series() -> MonthlySeries {
    MonthlySeries::from_csv_str(&read("examples/illustrative/monthly.csv")).unwrap()
}

/// `examples/illustrative/index.csv`.
pub fn illustrative_index() -> NationalIndex {
    NationalIndex::from_csv_str(&read("examples/illustrative/index.csv")).unwrap()
}

/// The trend-adjusted monthly case on synthetic data, settled once.
pub fn illustrative() -> Statement {
    let contract = contract("examples/illustrative/contract.toml");
    let outcome = Outcome::from_monthly(&contract, &illustrative_series(), Some(&illustrative_index())).unwrap();
    settle(&contract, &outcome).unwrap()
}

/// The illustrative contract settled quarterly
/// (`examples/illustrative/contract-quarterly.toml`), with its data.
pub fn illustrative_quarterly() -> (Contract, MonthlySeries, NationalIndex) {
    (
        contract("examples/illustrative/contract-quarterly.toml"),
        illustrative_series(),
        illustrative_index(),
    )
}
