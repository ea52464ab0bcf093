//! Amounts: quoted decimal strings, above zero, contract values within the
//! investment; shares between 0 and 1 that sum to at most 1; caps of at
//! least 1.

use utfall::engine::ErrorKind;

use super::{assert_at, refused, second_provider, with};

#[test]
fn amount_not_quoted_integer() {
    let err = refused(&with("investment = \"22870000\"", "investment = 22870000"));
    assert!(matches!(err.kind(), ErrorKind::NotQuoted { found: "integer", .. }));
    assert_at(
        &err,
        Some(3),
        Some("investment"),
        "line 3: field investment: amounts are quoted decimal strings, found the integer 22870000: write \"22870000\"",
    );
}

#[test]
fn amount_not_quoted_float() {
    let err = refused(&with("cap = \"1.5\"", "cap = 1.5"));
    assert!(matches!(err.kind(), ErrorKind::NotQuoted { found: "float", .. }));
    assert_at(
        &err,
        Some(22),
        Some("provider[0].cap"),
        "line 22: field provider[0].cap: amounts are quoted decimal strings, found the float 1.5: write \"1.5\"",
    );
}

#[test]
fn amount_not_quoted_is_quoted_as_written_with_a_decimal_to_write() {
    // TOML reads `1e3` as the float 1000.0; the message shows what the user wrote
    // and suggests a decimal string that loads.
    let err = refused(&with("day_value = \"2080\"", "day_value = 1e3"));
    assert!(
        matches!(err.kind(), ErrorKind::NotQuoted { found: "float", value, suggestion } if value == "1e3" && suggestion.as_deref() == Some("1000"))
    );
    assert_at(
        &err,
        Some(4),
        Some("day_value"),
        "line 4: field day_value: amounts are quoted decimal strings, found the float 1e3: write \"1000\"",
    );
}

#[test]
fn amount_with_too_many_digits() {
    let err = refused(&with(
        "investment = \"22870000\"",
        "investment = \"99999999999999999999999999999\"",
    ));
    assert!(matches!(err.kind(), ErrorKind::TooPrecise { .. }));
    assert_at(
        &err,
        Some(3),
        Some("investment"),
        "line 3: field investment: \"99999999999999999999999999999\" has more digits than an exact decimal can hold (at most 28 significant digits)",
    );
}

#[test]
fn amount_with_exponent_is_not_decimal() {
    let err = refused(&with("day_value = \"2080\"", "day_value = \"1e3\""));
    assert!(matches!(err.kind(), ErrorKind::NotDecimal { value } if value == "1e3"));
    assert_at(
        &err,
        Some(4),
        Some("day_value"),
        "line 4: field day_value: \"1e3\" is not a decimal number: write digits with an optional leading '-' and '.', such as \"-1234.5\" (no spaces, '+', ',' or exponent)",
    );
}

#[test]
fn amount_with_spaces_is_not_decimal() {
    let err = refused(&with("investment = \"22870000\"", "investment = \"22 870 000\""));
    assert!(matches!(err.kind(), ErrorKind::NotDecimal { value } if value == "22 870 000"));
    assert_at(
        &err,
        Some(3),
        Some("investment"),
        "line 3: field investment: \"22 870 000\" is not a decimal number: write digits with an optional leading '-' and '.', such as \"-1234.5\" (no spaces, '+', ',' or exponent)",
    );
}

#[test]
fn amount_with_decimal_comma_is_not_decimal() {
    let err = refused(&with("cap = \"1.5\"", "cap = \"1,5\""));
    assert!(matches!(err.kind(), ErrorKind::NotDecimal { value } if value == "1,5"));
    assert_at(
        &err,
        Some(22),
        Some("provider[0].cap"),
        "line 22: field provider[0].cap: \"1,5\" is not a decimal number: write digits with an optional leading '-' and '.', such as \"-1234.5\" (no spaces, '+', ',' or exponent)",
    );
}

#[test]
fn non_positive_investment() {
    let err = refused(&with("investment = \"22870000\"", "investment = \"0\""));
    assert!(matches!(err.kind(), ErrorKind::NotPositive { .. }));
    assert_at(
        &err,
        Some(3),
        Some("investment"),
        "line 3: field investment: 0 must be above zero",
    );

    let err = refused(&with("investment = \"22870000\"", "investment = \"-22870000\""));
    assert!(matches!(err.kind(), ErrorKind::NotPositive { .. }));
    assert_at(
        &err,
        Some(3),
        Some("investment"),
        "line 3: field investment: -22870000 must be above zero",
    );
}

#[test]
fn non_positive_day_value() {
    let err = refused(&with("day_value = \"2080\"", "day_value = \"0.00\""));
    assert!(matches!(err.kind(), ErrorKind::NotPositive { .. }));
    assert_at(
        &err,
        Some(4),
        Some("day_value"),
        "line 4: field day_value: 0.00 must be above zero",
    );
}

#[test]
fn non_positive_contract_value() {
    let err = refused(&with("contract_value = \"8405100\"", "contract_value = \"-1\""));
    assert!(matches!(err.kind(), ErrorKind::NotPositive { .. }));
    assert_at(
        &err,
        Some(20),
        Some("provider[0].contract_value"),
        "line 20: field provider[0].contract_value: -1 must be above zero",
    );
}

#[test]
fn contract_value_above_the_investment() {
    let err = refused(&with(
        "contract_value = \"8405100\"",
        "contract_value = \"22870000.01\"",
    ));
    assert!(matches!(err.kind(), ErrorKind::ContractValueAboveInvestment { .. }));
    assert_at(
        &err,
        Some(20),
        Some("provider[0].contract_value"),
        "line 20: field provider[0].contract_value: contract value 22870000.01 is above the investment 22870000",
    );
}

#[test]
fn contract_values_summing_above_the_investment() {
    let err = refused(&second_provider("Second", "14464900.01", ""));
    assert!(matches!(err.kind(), ErrorKind::ContractValuesAboveInvestment { .. }));
    assert_at(
        &err,
        Some(18),
        Some("provider"),
        "line 18: field provider: the providers' contract values sum to 22870000.01, above the investment 22870000",
    );
}

// Shares and cap.

#[test]
fn outcome_share_below_zero() {
    let err = refused(&with("outcome_share = \"0.5\"", "outcome_share = \"-0.1\""));
    assert!(matches!(err.kind(), ErrorKind::ShareOutOfRange { .. }));
    assert_at(
        &err,
        Some(21),
        Some("provider[0].outcome_share"),
        "line 21: field provider[0].outcome_share: -0.1 is outside 0 to 1 (a share is a fraction: write 0.184 for 18.4 %)",
    );
}

#[test]
fn outcome_share_above_one() {
    let err = refused(&with("outcome_share = \"0.5\"", "outcome_share = \"1.01\""));
    assert!(matches!(err.kind(), ErrorKind::ShareOutOfRange { .. }));
    assert_at(
        &err,
        Some(21),
        Some("provider[0].outcome_share"),
        "line 21: field provider[0].outcome_share: 1.01 is outside 0 to 1 (a share is a fraction: write 0.184 for 18.4 %)",
    );
}

#[test]
fn value_share_outside_zero_to_one() {
    let err = refused(&with("cap = \"1.5\"\n", "cap = \"1.5\"\nvalue_share = \"18.4\"\n"));
    assert!(matches!(err.kind(), ErrorKind::ShareOutOfRange { .. }));
    assert_at(
        &err,
        Some(23),
        Some("provider[0].value_share"),
        "line 23: field provider[0].value_share: 18.4 is outside 0 to 1 (a share is a fraction: write 0.184 for 18.4 %)",
    );

    let err = refused(&with("cap = \"1.5\"\n", "cap = \"1.5\"\nvalue_share = \"-0.184\"\n"));
    assert!(matches!(err.kind(), ErrorKind::ShareOutOfRange { .. }));
    assert_at(
        &err,
        Some(23),
        Some("provider[0].value_share"),
        "line 23: field provider[0].value_share: -0.184 is outside 0 to 1 (a share is a fraction: write 0.184 for 18.4 %)",
    );
}

#[test]
fn value_shares_summing_above_one() {
    let text = second_provider("Second", "1000000", "value_share = \"0.5\"\n").replacen(
        "cap = \"1.5\"\n",
        "cap = \"1.5\"\nvalue_share = \"0.6\"\n",
        1,
    );
    let err = refused(&text);
    assert!(matches!(err.kind(), ErrorKind::ValueSharesAboveOne { .. }));
    assert_at(
        &err,
        Some(18),
        Some("provider"),
        "line 18: field provider: the providers' value shares sum to 1.1, above 1",
    );
}

#[test]
fn cap_below_one() {
    let err = refused(&with("cap = \"1.5\"", "cap = \"0.99\""));
    assert!(matches!(err.kind(), ErrorKind::CapBelowOne { .. }));
    assert_at(
        &err,
        Some(22),
        Some("provider[0].cap"),
        "line 22: field provider[0].cap: cap 0.99 is below 1",
    );
}
