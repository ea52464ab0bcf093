//! The `utfall` program as finance staff run it: exit status, output, one line
//! naming file, line and field on bad input, clap's message on a bad command
//! line, and no panic whatever standard output is connected to. Here: the
//! program as a whole (help, version, completions) and `utfall botkyrka`;
//! each other subcommand, and the faults every run must survive, below.

mod dialects;
mod excel_csv;
mod files;
mod html_print;
mod ledger;
mod measure;
mod measure_options;
mod measure_register;
mod output_files;
mod periods;
mod risk_curve_and_what_if;
mod run;
mod same_file;
mod settle;
mod signals_and_locks;
mod standard_output;

use std::process::Command;

use files::scratch_dir;
use run::{UTFALL, command_line_mistake, stderr, stdout, utfall};

const SUBCOMMANDS: [&str; 7] = [
    "settle",
    "measure",
    "ledger",
    "risk-curve",
    "what-if",
    "botkyrka",
    "completions",
];

#[test]
fn help_lists_every_subcommand_on_standard_output() {
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let out = utfall(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "");
        let text = stdout(&out);
        assert!(text.contains("Usage: utfall <COMMAND>"), "{text}");
        for name in SUBCOMMANDS {
            assert!(text.contains(&format!("\n  {name} ")), "{args:?} misses {name}: {text}");
        }
    }
}

#[test]
fn no_arguments_is_a_command_line_mistake_that_shows_the_help() {
    let out = utfall::<&str>(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("Usage: utfall <COMMAND>"));
}

#[test]
fn settle_help_is_the_manual() {
    let long = utfall(&["settle", "--help"]);
    assert!(long.status.success());
    let long = stdout(&long);
    for text in [
        "--as-of <MONTH>",
        "an interim settlement",
        "The amendments agreed by then and the outcome measured up to then.",
        "Without --format, --out's extension chooses: .txt .text .md .markdown",
        "json: schema utfall.statement/2",
        "needs --out.",
        "[default: sv]",
        "Exit status: 0 on success",
    ] {
        assert!(long.contains(text), "settle --help misses {text:?}: {long}");
    }
    // -h is the summary: first lines only.
    let short = stdout(&utfall(&["settle", "-h"]));
    assert!(short.contains("--as-of <MONTH>"));
    assert!(!short.contains("The amendments agreed by then"));
    assert!(short.len() < long.len());
    // `help SUBCOMMAND` is the same manual.
    assert_eq!(stdout(&utfall(&["help", "settle"])), long);
}

#[test]
fn every_subcommand_has_its_manual() {
    for (name, flag) in [
        ("measure", "--quiet"),
        ("ledger", "--until <MONTH>"),
        ("risk-curve", "--steps <N>"),
        ("what-if", "--headcount <N>"),
        ("botkyrka", "--locale <LOCALE>"),
        ("completions", "powershell"),
    ] {
        let out = utfall(&[name, "--help"]);
        assert!(out.status.success(), "{name}");
        assert!(stdout(&out).contains(flag), "{name} --help misses {flag}");
    }
}

#[test]
fn version() {
    let out = utfall(&["--version"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), format!("utfall {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = utfall(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains("settle"), "{shell}");
        // fish names long flags without their dashes: `-l contract`.
        assert!(
            script.contains("--contract") || script.contains("-l contract"),
            "{shell}"
        );
    }
    command_line_mistake(
        &utfall(&["completions", "tcsh"]),
        "error: invalid value 'tcsh' for '<SHELL>'",
    );
}

#[test]
fn a_misspelt_subcommand_gets_a_suggestion() {
    let out = utfall(&["setle"]);
    command_line_mistake(&out, "error: unrecognized subcommand 'setle'");
    assert!(stderr(&out).contains("tip: a similar subcommand exists: 'settle'"));
}

// The `botkyrka` subcommand.

#[test]
fn botkyrka_prints_both_settlements_and_the_reconciliation_from_any_directory() {
    // The data are compiled in: run it where no examples/ directory is.
    let out = Command::new(UTFALL)
        .arg("botkyrka")
        .current_dir(scratch_dir("botkyrka"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert!(text.contains("Aino Healths utfallsersättning [§3.11]                            2 701 245,52 kr"));
    assert!(text.contains("Aino Healths utfallsersättning [§3.11]                            2 704 800,00 kr"));
    assert!(text.contains("Avstämning mot rapporten"));
    assert!(text.contains("investment over the 17 measured months"));
    assert!(text.contains("Avräknat kvartalsvis a conto (illustrativa syntetiska månadsdata)"));
    assert!(text.contains("Betalningar för Botkyrka kommun"));
    let header: String = text.lines().take(6).collect::<Vec<_>>().join("\n");
    assert!(
        header.contains("RISE:s utvärderingsrapport Arbetsmiljö och\nHälsa i Fokus (2021) anger i avsnittet SUMMERING AV EKONOMISKT UTFALL oktober\n2018-februari 2020"),
        "{header}"
    );
    assert!(
        !header.contains(".txt"),
        "the header cites the report, not a file: {header}"
    );
}

#[test]
fn botkyrka_in_english_and_its_mistakes() {
    let out = utfall(&["botkyrka", "--locale", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains(" 2,701,245.52 SEK\n"));
    assert!(text.contains("Reconciliation with the report"));
    assert!(text.contains("Settled quarterly on account (illustrative synthetic monthly data)"));
    assert!(text.contains("RISE's evaluation report Arbetsmiljö och\nHälsa i Fokus (2021), section SUMMERING AV EKONOMISKT UTFALL oktober\n2018-februari 2020"));
    command_line_mistake(
        &utfall(&["botkyrka", "--locale", "fi"]),
        "error: invalid value 'fi' for '--locale <LOCALE>'",
    );
    command_line_mistake(
        &utfall(&["botkyrka", "extra"]),
        "error: unexpected argument 'extra' found",
    );
}
