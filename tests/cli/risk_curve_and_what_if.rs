//! `utfall risk-curve` and `utfall what-if`: they run, write the committed
//! Botkyrka chart, follow the locale, and refuse bad input and command lines.

use std::path::Path;

use super::files::{scratch, scratch_dir};
use super::run::*;

#[test]
fn risk_curve_and_what_if_run_and_refuse_bad_command_lines() {
    let contract = root("examples/botkyrka/contract.toml");
    let out = utfall(&["risk-curve", "--contract", &contract, "--steps", "4"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out).lines().count(), 1 + 5);
    let out = utfall(&[
        "what-if",
        "--contract",
        &contract,
        "--headcount",
        "6350",
        "--format",
        "csv",
    ]);
    assert!(out.status.success());
    assert!(stdout(&out).starts_with("per_employee,"));
    for (args, message) in [
        (
            vec!["risk-curve", "--contract", contract.as_str(), "--steps", "0"],
            "error: invalid value '0' for '--steps <N>': 0 is not in 1..=10000",
        ),
        (
            vec!["risk-curve", "--contract", contract.as_str(), "--steps", "10001"],
            "error: invalid value '10001' for '--steps <N>': 10001 is not in 1..=10000",
        ),
        (
            vec!["what-if", "--contract", contract.as_str()],
            "error: the following required arguments were not provided:",
        ),
        (
            vec!["what-if", "--contract", contract.as_str(), "--headcount", "0"],
            "error: invalid value '0' for '--headcount <N>': 0 is not in 1..=4294967295",
        ),
        (
            vec![
                "what-if",
                "--contract",
                contract.as_str(),
                "--headcount",
                "9",
                "--step",
                "1e3",
            ],
            "error: invalid value '1e3' for '--step <DAYS>': \"1e3\" is not a decimal number: write digits with an optional leading '-' and '.', such as \"-1234.5\" (no spaces, '+', ',' or exponent)",
        ),
        (
            vec![
                "what-if",
                "--contract",
                contract.as_str(),
                "--headcount",
                "9",
                "--format",
                "xlsx",
            ],
            "error: invalid value 'xlsx' for '--format <FORMAT>'",
        ),
    ] {
        command_line_mistake(&utfall(&args), message);
    }
}

#[test]
fn risk_curve_writes_the_committed_chart_and_the_svg_follows_the_locale() {
    let contract = root("examples/botkyrka/contract.toml");
    let dir = scratch_dir("risk");
    let (svg, csv) = (dir.join("risk.svg"), dir.join("risk.csv"));
    let out = utfall(&[
        "risk-curve",
        "--contract",
        &contract,
        "--svg",
        svg.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).is_empty() && stderr(&out).is_empty());
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    assert_eq!(read(&svg), read(Path::new(&root("examples/botkyrka/risk-curve.svg"))));
    assert_eq!(read(&csv), read(Path::new(&root("examples/botkyrka/risk-curve.csv"))));

    let en = dir.join("risk-en.svg");
    let out = utfall(&[
        "risk-curve",
        "--contract",
        &contract,
        "--svg",
        en.to_str().unwrap(),
        "--locale",
        "en",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (sv, en) = (read(&svg), read(&en));
    assert!(
        sv.contains(">−20<") && en.contains(">-20<"),
        "numbers in the locale's style"
    );
}

#[test]
fn risk_curve_and_what_if_bad_input_is_one_line() {
    let err = one_line_error(&utfall(&["risk-curve", "--contract", "/nonexistent.toml"]), 1);
    assert!(
        err.starts_with("utfall risk-curve: cannot read the contract file \"/nonexistent.toml\": "),
        "{err}"
    );
    let path = scratch("not-a-contract.toml", "name = \"x\"\n");
    let err = one_line_error(&utfall(&["what-if", "--contract", &path, "--headcount", "10"]), 1);
    assert!(err.starts_with(&format!("utfall what-if: {path}")), "{err}");
}

#[test]
fn what_if_text_in_both_locales() {
    let contract = root("examples/botkyrka/contract.toml");
    for (locale, amount) in [("sv", "10 799 722,22 kr"), ("en", "10,799,722.22 SEK")] {
        let out = utfall(&[
            "what-if",
            "--contract",
            &contract,
            "--headcount",
            "6350",
            "--locale",
            locale,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        assert!(
            text.starts_with("What-if: Arbetsmiljö och Hälsa i Fokus, Botkyrka\n"),
            "{text}"
        );
        assert!(text.contains(amount), "{locale}: {text}");
    }
}
