//! Every validation error of the contract loader (`docs/formats.md`, *Contract*), and the
//! errors of monthly data and the national index that reach the user through
//! `Outcome::from_monthly`: the kind, the line, the field and the whole message.
//!
//! Each test starts from a valid contract, [`BASE`], and changes one thing;
//! the tests are grouped by what they change, one module each.

mod amounts_and_shares;
mod keys_and_names;
mod monthly_data;
mod months;

use utfall::engine::{Contract, Error};

/// Botkyrka's contract (examples/botkyrka/contract.toml) without its comments,
/// so that line numbers are easy to count:
///
/// ```text
///  1 name            7 term.start        15 measurement.end     19 provider[0].name
///  2 currency        8 term.end          16 measurement.trend   20 provider[0].contract_value
///  3 investment     10 [reference]       18 [[provider]]        21 provider[0].outcome_share
///  4 day_value      11 reference.start                          22 provider[0].cap
///  6 [term]         12 reference.end
///                   14 [measurement]
/// ```
const BASE: &str = r#"name = "Arbetsmiljö och Hälsa i Fokus, Botkyrka"
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
end = "2020-02"
trend = "none"

[[provider]]
name = "Aino Health"
contract_value = "8405100"
outcome_share = "0.5"
cap = "1.5"
"#;

/// A second provider, appended to [`BASE`]: its `name` is on line 25,
/// `contract_value` 26, `outcome_share` 27, `cap` 28.
fn second_provider(name: &str, contract_value: &str, extra: &str) -> String {
    format!(
        "{BASE}\n[[provider]]\nname = \"{name}\"\ncontract_value = \"{contract_value}\"\noutcome_share = \"0.5\"\ncap = \"1.5\"\n{extra}"
    )
}

/// [`BASE`] with `old`, which must occur exactly once, replaced by `new`.
fn with(old: &str, new: &str) -> String {
    assert_eq!(BASE.matches(old).count(), 1, "{old:?} must occur once in BASE");
    BASE.replacen(old, new, 1)
}

fn refused(text: &str) -> Error {
    match Contract::from_toml_str(text) {
        Ok(_) => panic!("the contract was accepted:\n{text}"),
        Err(e) => e,
    }
}

fn assert_at(err: &Error, line: Option<usize>, field: Option<&str>, message: &str) {
    assert_eq!(err.to_string(), message);
    assert_eq!(err.location().line(), line, "line of {message:?}");
    assert_eq!(err.location().field(), field, "field of {message:?}");
    assert_eq!(err.location().file(), None);
    assert!(!message.contains('\n'), "one line: {message:?}");
}

#[test]
fn base_contract_is_valid() {
    let contract = Contract::from_toml_str(BASE).unwrap();
    assert_eq!(contract.window().len(), 17);
}
