//! Unit tests of loading and writing contracts: what the tests of the
//! whole program (`tests/`) cannot see, such as the work counted or the
//! TOML reader's messages cut.

use super::parse::{MESSAGE_CHARS, one_line};
use super::{Contract, MAX_CONTRACT_BYTES};
use crate::ErrorKind;

/// A contract with `providers` providers (a tenth of them with sources
/// and an amended share) as the tester wrote them.
fn many(providers: usize) -> String {
    let mut text = String::from(
        "name = \"big\"\nfunder = \"F\"\ncurrency = \"SEK\"\ninvestment = \"1000000000\"\nday_value = \"2000\"\n\
         term = { start = \"2020-01\", end = \"2020-12\" }\nreference = { start = \"2019-01\", end = \"2019-12\" }\n",
    );
    for i in 0..providers {
        text.push_str(&format!(
            "[[provider]]\nname = \"Provider number {i}\"\ncontract_value = \"1000\"\noutcome_share = \"0.5\"\ncap = \"1.5\"\n"
        ));
        if i % 10 == 0 {
            text.push_str("[provider.sources]\ncap = \"Tender, annex 2\"\n");
        }
    }
    for i in (0..providers).step_by(10) {
        text.push_str(&format!(
            "[[amendment]]\nagreed = \"2020-0{}\"\nfrom = \"2020-0{}\"\nprovider = \"Provider number {i}\"\nvalue_share = \"0.0001\"\n",
            1 + i % 9,
            1 + (i / 10) % 9
        ));
    }
    text
}

/// The work of loading `text`, counted (not timed): bytes scanned for
/// line numbers, names compared and shares summed.
fn work_of(text: &str) -> usize {
    crate::work::reset();
    Contract::from_toml_str(text).unwrap();
    crate::work::done()
}

#[test]
fn two_amendments_setting_the_same_term_clash_with_another_between_them() {
    let text = many(1)
        + "[[amendment]]\nagreed = \"2020-03\"\nmeasurement_end = \"2020-06\"\n\
           [[amendment]]\nagreed = \"2020-03\"\nfrom = \"2020-04\"\nday_value = \"10\"\n\
           [[amendment]]\nagreed = \"2020-03\"\nmeasurement_end = \"2020-08\"\n";
    assert_eq!(
        Contract::from_toml_str(&text).unwrap_err().to_string(),
        "field amendment: two amendments agreed in 2020-03 set the same term; say in one which holds"
    );
}

#[test]
fn a_contract_above_the_size_limit_is_refused_before_it_is_read() {
    let text = format!("{}\n# {}\n", many(1), "x".repeat(MAX_CONTRACT_BYTES));
    let err = Contract::from_toml_str(&text).unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::TooLarge {
            limit: MAX_CONTRACT_BYTES,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        format!(
            "the contract is {} bytes, above the limit of 16777216 bytes",
            text.len()
        )
    );
}

#[test]
fn the_toml_readers_message_is_cut_and_escaped() {
    // A long quoted value is cut after 40 characters, a key's control
    // characters are escaped, and the message stays one line.
    assert_eq!(
        one_line(&format!(
            "Invalid type: string \"{}\", expected a table",
            "a".repeat(100)
        )),
        format!("invalid type: string \"{}\"…, expected a table", "a".repeat(40))
    );
    assert_eq!(
        one_line("unknown field `a\u{1b}[2J\u{202e}`, expected `name`"),
        "unknown field `a\\u{1b}[2J\\u{202e}`, expected `name`"
    );
    assert_eq!(one_line("a \\\" quote \"x\\\"y\" end"), "a \\\" quote \"x\\\"y\" end");
    let long = one_line(&"word ".repeat(200));
    assert_eq!(long.chars().count(), MESSAGE_CHARS + 1);
    assert!(long.ends_with('…'));
    // A key of the file, long or with control characters, is cut and
    // escaped where an error names the field.
    let key = format!("{}\u{7}", "k".repeat(100));
    let text = format!(
        "{}[sources]\n\"{}\" = \"x\"\n",
        many(1),
        key.replace('\u{7}', "\\u0007")
    );
    let err = Contract::from_toml_str(&text).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!(
            "line 21: field sources.{}…: there is no term \"{}\"…",
            "k".repeat(72),
            "k".repeat(40)
        )),
        "{err}"
    );
}

#[test]
fn provider_names_are_one_name_without_case_and_spaces_at_either_end() {
    for (first, second) in [
        ("Aino Health", "aino health"),
        ("Aino Health", " Aino Health "),
        ("STRASSE", "straße"),
    ] {
        let text = many(0)
            + &format!(
                "[[provider]]\nname = \"{first}\"\ncontract_value = \"1\"\noutcome_share = \"0.5\"\ncap = \"1.5\"\n"
            )
            + &format!(
                "[[provider]]\nname = \"{second}\"\ncontract_value = \"1\"\noutcome_share = \"0.5\"\ncap = \"1.5\"\n"
            );
        let err = Contract::from_toml_str(&text).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::DuplicateProvider { name, first: f, first_line: 9 } if name == second && f == first),
            "{err}"
        );
    }
    // Without a funder the funder is "funder", which no provider may be called.
    let text = many(0).replace("funder = \"F\"\n", "")
        + "[[provider]]\nname = \" FUNDER\"\ncontract_value = \"1\"\noutcome_share = \"0.5\"\ncap = \"1.5\"\n";
    let err = Contract::from_toml_str(&text).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::ProviderNamedLikeFunder {
                default_funder: true,
                ..
            }
        ),
        "{err}"
    );
    // Named, the funder may be called "funder" and a provider "Funder Inc".
    let text = many(0).replace("funder = \"F\"", "funder = \"funder\"")
        + "[[provider]]\nname = \"Funder Inc\"\ncontract_value = \"1\"\noutcome_share = \"0.5\"\ncap = \"1.5\"\n";
    assert!(Contract::from_toml_str(&text).is_ok());
}

#[test]
fn names_with_control_characters_or_bidirectional_controls_are_refused() {
    let bad = [
        "\\u0000", "\\u0007", "\\t", "\\n", "\\u001b", "\\u007f", "\\u0085", "\\u202a", "\\u202b", "\\u202c",
        "\\u202d", "\\u202e", "\\u2066", "\\u2067", "\\u2068", "\\u2069", "\\u200e", "\\u200f", "\\u061c",
    ];
    for c in bad {
        for (from, to) in [
            ("name = \"big\"", format!("name = \"big{c}\"")),
            ("funder = \"F\"", format!("funder = \"F{c}\"")),
            ("currency = \"SEK\"", format!("currency = \"SE{c}K\"")),
            (
                "name = \"Provider number 0\"",
                format!("name = \"Provider{c} number 0\""),
            ),
            (
                "provider = \"Provider number 0\"",
                format!("provider = \"Provider number 0{c}\""),
            ),
        ] {
            let text = many(1).replace(from, &to);
            let err = Contract::from_toml_str(&text).unwrap_err();
            assert!(matches!(err.kind(), ErrorKind::UnsafeCharacter { .. }), "{to}: {err}");
            assert!(
                err.location().line().is_some() && err.location().field().is_some(),
                "{err}"
            );
            let message = err.to_string();
            assert!(
                message.contains("holds U+")
                    && !message
                        .chars()
                        .any(|c| c.is_control() || crate::error::is_bidi_control(c)),
                "{message:?}"
            );
        }
    }
    // Other text outside the Latin script is fine.
    let text = many(1).replace("name = \"big\"", "name = \"Hälsa i fokus – إدارة 健康\"");
    assert!(Contract::from_toml_str(&text).is_ok());
}

#[test]
fn a_funder_named_funder_with_a_source_is_written_back() {
    let text = many(3).replace("funder = \"F\"", "funder = \"funder\"") + "[sources]\nfunder = \"Council decision\"\n";
    let contract = Contract::from_toml_str(&text).unwrap();
    let again = Contract::from_toml_str(&contract.to_toml_string().unwrap()).unwrap();
    assert_eq!(again, contract);
}

#[test]
fn loading_grows_linearly_with_the_providers() {
    let (small, large) = (many(400), many(4000));
    let (small_work, large_work) = (work_of(&small), work_of(&large));
    // Ten times the providers: about ten times the work, never a hundred.
    let ratio = large_work / small_work.max(1);
    eprintln!("loading work: 400 providers {small_work}, 4000 providers {large_work}, ratio {ratio}");
    assert!(ratio <= 12, "loading work grew {ratio}-fold for 10 times the providers");
}

/// `many(1)` (a term of 2020) with `amendment` appended, refused: its error.
fn refused_with(amendment: &str) -> crate::Error {
    Contract::from_toml_str(&(many(1) + amendment)).unwrap_err()
}

#[test]
fn an_amendment_from_outside_the_term_is_its_own_error() {
    // A new day value from a month after the term: not a settlement month.
    let err = refused_with("[[amendment]]\nagreed = \"2020-03\"\nfrom = \"2021-02\"\nday_value = \"20\"\n");
    assert!(
        matches!(err.kind(), ErrorKind::AmendmentFromOutsideTerm { month, .. } if month.to_string() == "2021-02"),
        "{err}"
    );
    // The second amendment of the file (the first is many's own, for a share).
    assert_eq!(
        err.to_string(),
        "field amendment[1].from: the amendment applies from 2021-02, outside the term 2020-01 – 2020-12"
    );
    // Within an extension agreed alongside it, the same month is fine.
    let extended = many(1)
        + "[[amendment]]\nagreed = \"2020-03\"\nterm_end = \"2021-06\"\n\
           [[amendment]]\nagreed = \"2020-03\"\nfrom = \"2021-02\"\nday_value = \"20\"\n";
    assert!(Contract::from_toml_str(&extended).is_ok());
}

#[test]
fn an_amendments_measurement_end_outside_the_term_is_not_the_contracts() {
    for (end, field) in [
        ("2019-06", "line 22: field amendment[1].measurement_end"),
        ("2021-06", "field amendment[1].measurement_end"),
    ] {
        let err = refused_with(&format!(
            "[[amendment]]\nagreed = \"2020-03\"\nmeasurement_end = \"{end}\"\n"
        ));
        assert!(
            matches!(err.kind(), ErrorKind::AmendmentMeasurementEndOutsideTerm { .. }),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            format!("{field}: the amendment's measurement end {end} is outside the term 2020-01 – 2020-12")
        );
    }
    // `[measurement] end` outside the term keeps its own kind.
    let text = many(1).replace("reference = {", "measurement = { end = \"2021-01\" }\nreference = {");
    let err = Contract::from_toml_str(&text).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::MeasurementEndOutsideTerm { .. }),
        "{err}"
    );
}

#[test]
fn an_empty_name_a_bad_currency_and_a_bad_source_are_three_kinds() {
    let err = Contract::from_toml_str(&many(1).replace("name = \"big\"", "name = \" \"")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::EmptyName { .. }), "{err}");
    let err = Contract::from_toml_str(&many(1).replace("currency = \"SEK\"", "currency = \"kronor\"")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::BadCurrency { .. }), "{err}");
    let err = Contract::from_toml_str(&(many(1) + "[sources]\ninvestment = \" \"\n")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::BadSource { .. }), "{err}");
}
