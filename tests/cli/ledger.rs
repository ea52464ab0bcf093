//! `utfall ledger`: the settlements of a schedule and each party's ledger, in
//! every format; its messages for bad input and bad command lines.

use rust_decimal::Decimal;

use super::files::{scratch, scratch_path};
use super::run::*;
use crate::common::read;

#[test]
fn ledger_prints_the_settlements_and_each_party_s_ledger() {
    let out = ledger(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert!(text.starts_with("Avräkningar: Illustrative contract on synthetic data, settled quarterly\n"));
    assert!(text.contains("Betalningar för Botkyrka kommun"));
    assert!(text.contains("Betalningar för Aino Health"));
    assert!(text.contains("  2021-09  "), "the final settlement");

    let until = stdout(&ledger(&["--until", "2019-06", "--locale", "en"]));
    assert!(until.contains("  2019-06  Aino Health "), "{until}");
    assert!(!until.contains("  2019-09  "), "{until}");
    assert!(until.contains(" SEK"), "English numbers: {until}");

    let path = scratch_path("ledger.txt");
    let out = ledger(&["--out", &path]);
    assert!(out.status.success() && stdout(&out).is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn ledger_in_every_format() {
    // Markdown: the settlements, then each party's table with its balance.
    let out = ledger(&["--format", "markdown"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(md.starts_with("# Avräkningar: Illustrative contract on synthetic data, settled quarterly\n"));
    assert!(md.contains("\n## Betalningar för Botkyrka kommun\n") && md.contains("\n## Betalningar för Aino Health\n"));

    // JSON: the documented schema; each party's balance is the sum of its
    // payments, and the provider's is its pay over the whole term, `A + P`, as
    // a single settlement of the term (`utfall settle`) computes it.
    let json: serde_json::Value = serde_json::from_str(&stdout(&ledger(&["--format", "json"]))).unwrap();
    assert_eq!(json["schema"], "utfall.ledger/1");
    let parties = json["parties"].as_array().unwrap();
    assert_eq!(parties.len(), 2);
    let amount = |value: &serde_json::Value| value.as_str().unwrap().parse::<Decimal>().unwrap();
    for party in parties {
        let sum: Decimal = party["payments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| amount(&p["amount"]))
            .sum();
        assert_eq!(sum, amount(&party["balance"]));
    }
    assert_eq!(parties[1]["party"], "Aino Health");
    let statement = settle(
        &[
            illustrative_args("contract-quarterly.toml"),
            owned(&["--format", "json"]),
        ]
        .concat(),
    );
    let statement: serde_json::Value = serde_json::from_str(&stdout(&statement)).unwrap();
    let total_term = amount(&statement["providers"][0]["total_term"]);
    assert!(total_term > Decimal::ZERO);
    assert_eq!(amount(&parties[1]["balance"]), total_term);
    assert_eq!(
        amount(&parties[0]["balance"]),
        -total_term,
        "what the funder pays, the provider receives"
    );

    // CSV: the same payments, one row per party and payment.
    let csv = stdout(&ledger(&["--format", "csv"]));
    assert!(csv.starts_with("party,month,kind,counterparty,amount,currency,line\n"));
    let rows = csv.lines().count() - 1;
    let payments: usize = parties.iter().map(|p| p["payments"].as_array().unwrap().len()).sum();
    assert_eq!(rows, payments);

    // xlsx, chosen by the extension, opens in a spreadsheet reader.
    #[cfg(feature = "xlsx")]
    {
        use calamine::Reader;
        let path = scratch_path("ledger.xlsx");
        let out = ledger(&["--out", &path]);
        assert!(out.status.success() && stdout(&out).is_empty(), "{}", stderr(&out));
        let book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        assert_eq!(book.sheet_names(), ["Avräkningar", "Betalningar", "Saldon"]);
    }
    // xlsx is binary: to standard output it is a mistake, as for settle.
    command_line_mistake(
        &ledger(&["--format", "xlsx"]),
        "error: the following required arguments were not provided:",
    );
}

#[test]
fn ledger_bad_input_and_command_lines() {
    let without_index = with_arg(&ledger_args(&[]), "--index", None);
    let err = one_line_error(&utfall(&without_index), 1);
    let monthly = root("examples/illustrative/monthly.csv");
    assert!(err.starts_with(&format!("utfall ledger: {monthly}: ")), "{err}");
    assert!(err.contains("national index"), "{err}");

    let index = read("examples/illustrative/index.csv").replace("2019-05,9.56\n", "");
    let index = scratch("ledger-index.csv", &index);
    let err = one_line_error(&utfall(&with_arg(&ledger_args(&[]), "--index", Some(&index))), 1);
    assert!(
        err.starts_with(&format!("utfall ledger: {index}: month 2019-05 is missing")),
        "{err}"
    );

    command_line_mistake(
        &ledger(&["--until", "2019-6"]),
        "error: invalid value '2019-6' for '--until <MONTH>': \"2019-6\" is not a month: a month is written YYYY-MM",
    );
    command_line_mistake(
        &ledger(&["--format", "xlsx"]),
        "error: the following required arguments were not provided:",
    );
    command_line_mistake(
        &ledger(&["--out", "ledger.pdf"]),
        "error: --out: cannot tell the format from the extension \".pdf\"; give --format (text, markdown, json, csv, xlsx)",
    );
    command_line_mistake(
        &utfall(&["ledger", "--contract", "c.toml"]),
        "error: the following required arguments were not provided:",
    );
}
