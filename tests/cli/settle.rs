//! `utfall settle`: a statement from a stated value or monthly data, in every
//! format and locale, to standard output or `--out`, as of a month; its
//! messages for bad input and bad command lines.

use std::path::Path;

use super::files::{scratch, scratch_path};
use super::run::*;
use crate::common::read;

#[test]
fn settle_with_a_stated_value_prints_the_statement() {
    let out = settle(&botkyrka_args());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert!(
        text.starts_with("Avräkning: Arbetsmiljö och Hälsa i Fokus, Botkyrka\n"),
        "{text}"
    );
    let funder = text
        .lines()
        .find(|l| l.contains("värde som Botkyrka kommun behåller"))
        .unwrap();
    assert!(funder.ends_with(" 11 998 754,48 kr"), "{funder}");
    // The summary comes first: the funder's net result and the provider's
    // payment are read before the appendix begins.
    let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle} in {text}"));
    let appendix = at("Bilaga: hela beräkningen");
    let net = at("Botkyrka kommuns nettoresultat");
    assert!(net < appendix && at("2 701 245,52 kr") < appendix);
    let net_line = text[net..].lines().next().unwrap();
    assert!(net_line.contains(" 3 183 569,76 kr "), "{net_line}");
    // Issued today unless --issued says.
    assert!(text.lines().any(|l| l.starts_with("utfärdad ")), "{text}");
}

#[test]
fn settle_json_has_decimal_strings() {
    let out = settle(&[illustrative_args("contract.toml"), owned(&["--format", "json"])].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["schema"], "utfall.statement/2");
    let payment = json["providers"][0]["outcome_payment"].as_str().unwrap();
    assert_eq!(payment.split_once('.').map(|(_, f)| f.len()), Some(2), "{payment}");
    assert_eq!(json["outcome"]["basis"]["months"].as_array().unwrap().len(), 17);
}

#[test]
fn settle_writes_to_out() {
    let path = scratch("statement.json", "");
    let args = with_arg(&botkyrka_args(), "--value", Some("1"));
    let out = settle(&[args, owned(&["--format", "json", "--out", &path])].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"schema\": \"utfall.statement/2\"")
    );
}

#[test]
fn a_float_amount_names_file_line_and_field() {
    let text = read("examples/botkyrka/contract.toml").replace("investment = \"22870000\"", "investment = 22870000.0");
    let path = scratch("float.toml", &text);
    let err = one_line_error(&settle(&["--contract", &path, "--value", "1"]), 1);
    assert_eq!(
        err,
        format!(
            "utfall settle: {path}:12: field investment: amounts are quoted decimal strings, found the float 22870000.0: write \"22870000.0\""
        )
    );
}

#[test]
fn a_bad_csv_row_names_file_line_and_field() {
    let monthly = read("examples/illustrative/monthly.csv").replace("2019-03,", "2019-3,");
    let path = scratch("monthly.csv", &monthly);
    let args = with_arg(&illustrative_args("contract.toml"), "--monthly", Some(&path));
    let err = one_line_error(&settle(&args), 1);
    assert_eq!(
        err,
        format!("utfall settle: {path}:21: field month: \"2019-3\" is not a month: a month is written YYYY-MM")
    );
}

#[test]
fn a_missing_index_month_names_the_index_file() {
    let index = read("examples/illustrative/index.csv").replace("2019-05,9.56\n", "");
    let path = scratch("index.csv", &index);
    let args = with_arg(&illustrative_args("contract.toml"), "--index", Some(&path));
    let err = one_line_error(&settle(&args), 1);
    assert_eq!(
        err,
        format!(
            "utfall settle: {path}: month 2019-05 is missing from the national index; it is needed as a month of the measured window"
        )
    );
}

#[test]
fn a_missing_file_is_one_line() {
    let err = one_line_error(
        &settle(&["--contract", "/nonexistent/contract.toml", "--value", "1"]),
        1,
    );
    assert!(
        err.starts_with("utfall settle: cannot read the contract file \"/nonexistent/contract.toml\": "),
        "{err}"
    );
}

#[test]
fn command_line_mistakes_exit_2_with_clap_s_message() {
    for (args, message) in [
        (vec![], "error: the following required arguments were not provided:"),
        (
            vec!["--contract", "x", "--value"],
            "error: a value is required for '--value <AMOUNT>' but none was supplied",
        ),
        (
            vec!["--contract", "x", "--bogus", "1"],
            "error: unexpected argument '--bogus' found",
        ),
        (
            vec!["--contract", "x", "--contract", "y"],
            "error: the argument '--contract <FILE>' cannot be used multiple times",
        ),
        (
            vec!["--contract", "x", "--format", "pdf"],
            "error: invalid value 'pdf' for '--format <FORMAT>'",
        ),
    ] {
        command_line_mistake(&settle(&args), message);
    }
    let contract = root("examples/botkyrka/contract.toml");
    for (args, message) in [
        (
            vec!["--contract", &contract],
            "error: the following required arguments were not provided:",
        ),
        (
            vec!["--contract", &contract, "--value", "1e6"],
            "error: invalid value '1e6' for '--value <AMOUNT>': \"1e6\" is not a decimal number: write digits with an optional leading '-' and '.', such as \"-1234.5\" (no spaces, '+', ',' or exponent)",
        ),
        (
            vec!["--contract", &contract, "--monthly", "m.csv", "--value", "1"],
            "error: the argument '--monthly <FILE>' cannot be used with '--value <AMOUNT>'",
        ),
        (
            vec!["--contract", &contract, "--value", "1", "--index", "i.csv"],
            "error: the argument '--value <AMOUNT>' cannot be used with '--index <FILE>'",
        ),
        (
            vec!["--contract", &contract, "--monthly", "m.csv", "--headcount", "3"],
            "error: the argument '--monthly <FILE>' cannot be used with '--headcount <N>'",
        ),
        (
            vec!["--contract", &contract, "--value", "1", "--headcount", "many"],
            "error: invalid value 'many' for '--headcount <N>': invalid digit found in string",
        ),
        (
            vec!["--contract", &contract, "--value", "1", "--as-of", "2019-3"],
            "error: invalid value '2019-3' for '--as-of <MONTH>': \"2019-3\" is not a month: a month is written YYYY-MM",
        ),
    ] {
        command_line_mistake(&settle(&args), message);
    }
    // Which of the pair is missing is named.
    let out = settle(&["--contract", &contract]);
    assert!(stderr(&out).contains("<--monthly <FILE>|--value <AMOUNT>>"));
}

#[test]
fn settle_locale_en_writes_english_numbers() {
    let out = settle_with(&["--locale", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let funder = stdout(&out)
        .lines()
        .find(|l| l.contains("value kept by Botkyrka kommun"))
        .unwrap()
        .to_owned();
    assert!(funder.ends_with(" 11,998,754.48 SEK"), "{funder}");
    let out = settle_with(&["--locale", "sv"]);
    assert!(stdout(&out).contains(" 11 998 754,48 kr\n"));
}

#[test]
fn settle_markdown_in_both_locales() {
    for (locale, amount) in [("sv", "| 11 998 754,48 kr |"), ("en", "| 11,998,754.48 SEK |")] {
        let out = settle_with(&["--format", "markdown", "--locale", locale]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        let title = if locale == "sv" {
            "# Avräkning: "
        } else {
            "# Settlement statement: "
        };
        assert!(text.starts_with(title), "{text}");
        let kept = if locale == "sv" {
            "| värde som Botkyrka kommun behåller"
        } else {
            "| value kept by Botkyrka kommun"
        };
        let funder = text.lines().find(|l| l.starts_with(kept)).unwrap();
        assert!(funder.contains(amount), "{funder}");
    }
}

#[test]
fn settle_csv_to_standard_output() {
    let out = settle_with(&["--format", "csv", "--locale", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("section,id,label,formula,inputs,amount,unit,currency,rule,sources\n"));
    assert!(text.contains(",window.funder_keeps,"));
    assert!(
        text.contains(",11998754.48,money,SEK,"),
        "CSV amounts are the same in every locale"
    );
}

#[test]
fn settle_out_takes_the_format_from_the_extension() {
    let mut cases = vec![
        ("statement.txt", "Avräkning: ".as_bytes()),
        ("statement.text", "Avräkning: ".as_bytes()),
        ("statement.md", "# Avräkning: ".as_bytes()),
        ("statement.markdown", "# Avräkning: ".as_bytes()),
        ("statement.json", b"{\n  \"schema\": \"utfall.statement/2\""),
        ("statement.CSV", b"section,id,label,"),
        ("statement", "Avräkning: ".as_bytes()),
    ];
    if cfg!(feature = "xlsx") {
        cases.push(("statement.xlsx", b"PK\x03\x04"));
    }
    for (name, starts) in cases {
        let path = scratch_path(name);
        let out = settle_with(&["--out", &path]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert!(stdout(&out).is_empty() && stderr(&out).is_empty(), "{name}");
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            bytes.starts_with(starts),
            "{name}: {:?}",
            String::from_utf8_lossy(&bytes[..40.min(bytes.len())])
        );
    }
    // --format wins over the extension.
    let path = scratch_path("really-json.txt");
    let out = settle_with(&["--format", "json", "--out", &path]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&path).unwrap().starts_with('{'));
}

#[cfg(feature = "xlsx")]
#[test]
fn settle_xlsx_opens_in_a_spreadsheet_reader() {
    use calamine::Reader;
    let path = scratch_path("opened.xlsx");
    let out = settle_with(&["--format", "xlsx", "--out", &path]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    // In Swedish, the default: it opens on the summary.
    assert_eq!(
        book.sheet_names(),
        ["Sammanfattning", "Beräkning", "Avräkning", "Beräkningsspår"]
    );
    let summary = book.worksheet_range("Sammanfattning").unwrap();
    let net = summary
        .rows()
        .find(|r| r.first() == Some(&calamine::Data::String("Botkyrka kommuns nettoresultat".into())))
        .unwrap();
    assert_eq!(net[1], calamine::Data::Float(3183569.757777778));
    let sheet = book.worksheet_range("Avräkning").unwrap();
    let row = sheet
        .rows()
        .find(|r| {
            r.get(6)
                .is_some_and(|c| *c == calamine::Data::String("provider[Aino Health].outcome_payment".into()))
        })
        .unwrap();
    assert_eq!(row[2], calamine::Data::Float(2701245.52));
    assert_eq!(row[3], calamine::Data::String("2701245.52".into()));
}

#[cfg(not(feature = "xlsx"))]
#[test]
fn settle_xlsx_without_the_feature_is_a_clear_mistake() {
    let path = scratch_path("never.xlsx");
    let out = settle_with(&["--out", &path]);
    command_line_mistake(
        &out,
        "error: this utfall is built without xlsx; build it with the feature `xlsx` (a default feature)",
    );
    assert!(!Path::new(&path).exists());
}

#[test]
fn settle_format_mistakes_exit_2_with_clap_s_message() {
    let pdf = scratch_path("statement.pdf");
    for (args, message) in [
        (
            vec!["--format", "xlsx"],
            "error: the following required arguments were not provided:",
        ),
        (
            vec!["--locale", "de"],
            "error: invalid value 'de' for '--locale <LOCALE>'",
        ),
        (
            vec!["--out", pdf.as_str()],
            "error: --out: cannot tell the format from the extension \".pdf\"; give --format (text, markdown, html, json, csv, xlsx)",
        ),
        (
            vec!["--locale", "en", "--locale", "sv"],
            "error: the argument '--locale <LOCALE>' cannot be used multiple times",
        ),
    ] {
        let out = settle_with(&args);
        command_line_mistake(&out, message);
        assert!(
            stderr(&out).contains("Usage: utfall settle ") || message.starts_with("error: invalid value"),
            "{}",
            stderr(&out)
        );
    }
    // xlsx names what is missing.
    assert_eq!(
        stderr(&settle_with(&["--format", "xlsx"])).lines().nth(1),
        Some("  --out <FILE>")
    );
    assert!(!Path::new(&pdf).exists());
}

#[test]
fn settle_as_of_a_month_gives_the_interim_statement() {
    let quarterly = illustrative_args("contract-quarterly.toml");
    let out = settle(&[quarterly.clone(), owned(&["--as-of", "2019-06"])].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("delavräkning per 2019-06: utfall mätt hittills, 2018-10 – 2019-06 (9 av 36 månader)"),
        "{text}"
    );
    let contract = &quarterly[..2];
    let out = settle(&[contract, &owned(&["--value", "1", "--as-of", "2018-09"])].concat());
    let err = one_line_error(&out, 1);
    assert!(err.starts_with("utfall settle: "), "{err}");
    assert!(err.contains("2018-09 is before the term 2018-10 – 2021-09"), "{err}");
}
