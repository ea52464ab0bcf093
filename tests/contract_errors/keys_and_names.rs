//! Unknown keys, the trend setting, the providers and the names.

use utfall::engine::ErrorKind;

use super::{BASE, assert_at, refused, second_provider, with};

#[test]
fn unknown_key_at_top_level() {
    let err = refused(&with(
        "day_value = \"2080\"\n",
        "day_value = \"2080\"\nday_valeu = \"2080\"\n",
    ));
    assert!(matches!(err.kind(), ErrorKind::Toml { .. }));
    assert_at(
        &err,
        Some(5),
        None,
        "line 5: unknown field `day_valeu`, expected one of `name`, `funder`, `reference_number`, `currency`, `investment`, `day_value`, `term`, `reference`, `measurement`, `provider`, `schedule`, `amendment`, `sources`",
    );
}

#[test]
fn unknown_key_in_term() {
    let err = refused(&with("end = \"2021-09\"", "stop = \"2021-09\""));
    assert!(matches!(err.kind(), ErrorKind::Toml { .. }));
    assert_at(
        &err,
        Some(8),
        None,
        "line 8: unknown field `stop`, expected `start` or `end`",
    );
}

#[test]
fn unknown_key_in_measurement() {
    let err = refused(&with("trend = \"none\"", "trend_adjustment = \"none\""));
    assert!(matches!(err.kind(), ErrorKind::Toml { .. }));
    assert_at(
        &err,
        Some(16),
        None,
        "line 16: unknown field `trend_adjustment`, expected one of `end`, `trend`, `target_reduction`",
    );
}

#[test]
fn unknown_key_in_provider() {
    let err = refused(&with("cap = \"1.5\"\n", "cap = \"1.5\"\nvalue_shares = \"0.184\"\n"));
    assert!(matches!(err.kind(), ErrorKind::Toml { .. }));
    assert_at(
        &err,
        Some(23),
        None,
        "line 23: unknown field `value_shares`, expected one of `name`, `contract_value`, `outcome_share`, `cap`, `value_share`, `sources`",
    );
}

#[test]
fn unknown_trend() {
    let err = refused(&with("trend = \"none\"", "trend = \"national\""));
    assert!(matches!(err.kind(), ErrorKind::UnknownTrend { value } if value == "national"));
    assert_at(
        &err,
        Some(16),
        Some("measurement.trend"),
        "line 16: field measurement.trend: \"national\" is not a trend adjustment: write \"none\" or \"national-index\"",
    );
}

#[test]
fn missing_provider() {
    let at = BASE.find("\n[[provider]]").unwrap();
    let err = refused(BASE.get(..at).unwrap());
    assert!(matches!(err.kind(), ErrorKind::NoProvider));
    // No [[provider]] at all: there is no line to point to.
    assert_at(&err, None, None, "a contract needs at least one [[provider]]");
}

#[test]
fn empty_provider_array() {
    let at = BASE.find("\n[[provider]]").unwrap();
    let text = with("day_value = \"2080\"\n", "day_value = \"2080\"\nprovider = []\n");
    let text = text.get(..at + "provider = []\n".len()).unwrap();
    let err = refused(text);
    assert!(matches!(err.kind(), ErrorKind::NoProvider));
    assert_at(
        &err,
        Some(5),
        Some("provider"),
        "line 5: field provider: a contract needs at least one [[provider]]",
    );
}

#[test]
fn duplicate_provider_name() {
    let err = refused(&second_provider("Aino Health", "1000000", ""));
    assert!(
        matches!(err.kind(), ErrorKind::DuplicateProvider { name, first, first_line: 19 } if name == "Aino Health" && first == name)
    );
    assert_at(
        &err,
        Some(25),
        Some("provider[1].name"),
        "line 25: field provider[1].name: provider \"Aino Health\" is named twice (first on line 19)",
    );
}

#[test]
fn bad_currency() {
    let err = refused(&with("currency = \"SEK\"", "currency = \"kr\""));
    assert!(matches!(err.kind(), ErrorKind::BadCurrency { value } if value == "kr"));
    assert_at(
        &err,
        Some(2),
        Some("currency"),
        "line 2: field currency: \"kr\" is not a currency code of three capital letters, such as \"SEK\"",
    );

    let err = refused(&with("currency = \"SEK\"", "currency = \"sek\""));
    assert!(matches!(err.kind(), ErrorKind::BadCurrency { value } if value == "sek"));
    assert_at(
        &err,
        Some(2),
        Some("currency"),
        "line 2: field currency: \"sek\" is not a currency code of three capital letters, such as \"SEK\"",
    );
}

#[test]
fn empty_contract_name() {
    let err = refused(&with(
        "name = \"Arbetsmiljö och Hälsa i Fokus, Botkyrka\"",
        "name = \"  \"",
    ));
    assert!(matches!(err.kind(), ErrorKind::EmptyName { value } if value == "  "));
    assert_at(
        &err,
        Some(1),
        Some("name"),
        "line 1: field name: \"  \" is not a name (it is empty)",
    );
}

#[test]
fn empty_provider_name() {
    let err = refused(&with("name = \"Aino Health\"", "name = \"\""));
    assert!(matches!(err.kind(), ErrorKind::EmptyName { value } if value.is_empty()));
    assert_at(
        &err,
        Some(19),
        Some("provider[0].name"),
        "line 19: field provider[0].name: \"\" is not a name (it is empty)",
    );
}
