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
            vec![
                "what-if",
                "--contract",
                contract.as_str(),
                "--headcount",
                "9",
                "--target",
                "0.12",
            ],
            "error: the following required arguments were not provided:",
        ),
        (
            vec![
                "what-if",
                "--contract",
                contract.as_str(),
                "--headcount",
                "9",
                "--index",
                "index.csv",
            ],
            "error: --index is not used by what-if: at the target each window month is (1 − t) · x(ref(m)) after any trend adjustment, so the national index drops out; leave --index out",
        ),
        (
            vec![
                "risk-curve",
                "--contract",
                contract.as_str(),
                "--value",
                "1",
                "--monthly",
                "m.csv",
            ],
            "error: the argument '--value <AMOUNT>' cannot be used with '--monthly <FILE>'",
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
        "--value",
        "14700000",
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
        sv.contains(">−20 Mkr<") && en.contains(">-20 MSEK<"),
        "numbers in the locale's style"
    );
    assert!(
        sv.contains(">nollresultat (22,87 Mkr)<") && en.contains(">break-even (22.87 MSEK)<"),
        "words in the locale's language"
    );
}

#[test]
fn risk_curve_marks_the_measured_outcome_and_the_target_from_the_monthly_series() {
    let contract = root("examples/illustrative/contract.toml");
    let (monthly, index) = (
        root("examples/illustrative/monthly.csv"),
        root("examples/illustrative/index.csv"),
    );
    let base = [
        "risk-curve",
        "--contract",
        contract.as_str(),
        "--steps",
        "4",
        "--monthly",
        monthly.as_str(),
        "--index",
        index.as_str(),
    ];
    // The contract states no target: only the measured outcome is marked.
    let out = utfall(&base);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    let settled = settle(&[
        "--contract",
        &contract,
        "--monthly",
        &monthly,
        "--index",
        &index,
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&settled)).unwrap();
    let value = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["lines"].as_array().unwrap())
        .find(|l| l["id"] == "outcome.value")
        .unwrap()["result"]
        .as_str()
        .unwrap()
        .to_owned();
    let measured: Vec<&str> = table.lines().filter(|l| l.ends_with(",measured")).collect();
    assert_eq!(measured.len(), 1, "{table}");
    assert!(
        measured[0].starts_with(&format!("{value},")),
        "{} vs {value}",
        measured[0]
    );
    // The contract states a target (0.12): its value is marked.
    assert_eq!(table.lines().filter(|l| l.ends_with(",target")).count(), 1, "{table}");

    // With --target the target's value is marked too.
    let out = utfall(&[&base[..], &["--target", "0.12"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().filter(|l| l.ends_with(",target")).count(), 1);
    // A target outside 0 to 1 is refused, naming it.
    let err = one_line_error(&utfall(&[&base[..], &["--target", "1.5"]].concat()), 1);
    assert!(err.contains("1.5 is outside 0 to 1"), "{err}");
}

#[test]
fn what_if_settles_the_window_at_the_target() {
    // The illustrative contract without its target.
    let text = std::fs::read_to_string(root("examples/illustrative/contract.toml")).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("target_reduction"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, text);
    let contract = scratch("no-target.toml", &without);
    let monthly = root("examples/illustrative/monthly.csv");
    let args = [
        "what-if",
        "--contract",
        contract.as_str(),
        "--monthly",
        monthly.as_str(),
    ];
    // The contract states no target and none is given.
    let err = one_line_error(&utfall(&args), 1);
    assert!(err.contains("no target reduction"), "{err}");

    let out = utfall(&[&args[..], &["--target", "0.12", "--locale", "en"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("At the target: 12.0000% fewer sick days"), "{text}");
    assert!(text.contains("S = t · Σ x(ref(m)) · h(m)"), "{text}");
    // Without --headcount, the window's average from the series.
    assert!(text.contains(" employees; saved days needed"), "{text}");

    let out = utfall(&[&args[..], &["--target", "0.12", "--format", "csv"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let csv_text = stdout(&out);
    let targets: Vec<&str> = csv_text.lines().filter(|l| l.ends_with(",target")).collect();
    assert_eq!(targets.len(), 1, "{csv_text}");
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
        let title = if locale == "sv" { "Tänk om" } else { "What-if" };
        assert!(
            text.starts_with(&format!("{title}: Arbetsmiljö och Hälsa i Fokus, Botkyrka\n")),
            "{text}"
        );
        assert!(text.contains(amount), "{locale}: {text}");
    }
}
