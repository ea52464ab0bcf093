//! `Contract::from_toml_str`: no panic; an error is one line; what loads writes
//! back with `to_toml_string` and loads to an equal contract; and a contract
//! that loads settles, draws its risk curve and its what-if table (with errors,
//! never a panic).
#![no_main]

use libfuzzer_sys::fuzz_target;
use utfall::engine::{Contract, Decimal, Outcome, RiskCurve, WhatIf, settle};
use utfall::render::{Style, render_json, render_risk_svg, render_text, render_whatif_text};

fn one_line(e: &dyn std::fmt::Display) {
    let message = e.to_string();
    assert!(!message.contains(['\n', '\r']), "an error is one line: {message:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let contract = match Contract::from_toml_str(text) {
        Ok(contract) => contract,
        Err(e) => return one_line(&e),
    };
    let written = match contract.to_toml_string() {
        Ok(written) => written,
        Err(e) => panic!("a loaded contract does not write: {e}"),
    };
    match Contract::from_toml_str(&written) {
        Ok(again) => assert_eq!(again, contract, "written as\n{written}"),
        Err(e) => panic!("the written contract does not load: {e}\n{written}"),
    }

    // Settling at the edges: nothing saved, the whole investment, its double.
    let style = Style::swedish();
    let investment = contract.investment();
    let values = [
        Some(Decimal::ZERO),
        Some(investment),
        investment.checked_mul(Decimal::TWO),
    ];
    for value in values.into_iter().flatten() {
        match Outcome::from_value(&contract, value, Some(1)).and_then(|o| settle(&contract, &o)) {
            Ok(statement) => {
                let _ = render_text(&statement, &style);
                let _ = render_json(&statement);
            }
            Err(e) => one_line(&e),
        }
    }
    match RiskCurve::new(&contract, 4) {
        Ok(curve) => drop(render_risk_svg(&curve, &style)),
        Err(e) => one_line(&e),
    }
    match WhatIf::new(&contract, 100, None) {
        Ok(w) => drop(render_whatif_text(&w, &style)),
        Err(e) => one_line(&e),
    }
});
