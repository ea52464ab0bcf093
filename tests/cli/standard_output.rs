//! Standard output that goes away (a closed pipe) or fills up (a full disk),
//! for every subcommand: a quiet end, or one line saying so.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use super::run::*;

/// Each subcommand writing to standard output, for the tests of what that is
/// connected to. `measure` is quiet so that standard error holds only errors.
fn stdout_runs() -> Vec<(&'static str, Vec<String>)> {
    let contract = root("examples/botkyrka/contract.toml");
    vec![
        ("settle", [owned(&["settle"]), botkyrka_args()].concat()),
        (
            "measure",
            [
                owned(&["measure"]),
                fixture_args("handmade/band_edges"),
                owned(&["--quiet"]),
            ]
            .concat(),
        ),
        ("ledger", ledger_args(&[])),
        (
            "risk-curve",
            owned(&["risk-curve", "--contract", &contract, "--steps", "10000"]),
        ),
        (
            "what-if",
            owned(&["what-if", "--contract", &contract, "--headcount", "6350"]),
        ),
        ("botkyrka", owned(&["botkyrka"])),
        ("completions", owned(&["completions", "bash"])),
    ]
}

#[test]
fn every_subcommand_ends_quietly_on_a_closed_pipe() {
    for (name, args) in stdout_runs() {
        // A reader that read a little and went away (`| head -1`); with a
        // short output the program may have finished before it left.
        let mut child = Command::new(UTFALL)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty(), "{name}");
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{name}");

        // A pipe closed before the first byte: every write fails with EPIPE.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(UTFALL)
            .args(&args)
            .stdout(Stdio::from(writer))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{name}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn every_subcommand_reports_a_full_standard_output_in_one_line() {
    for (name, args) in stdout_runs() {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = Command::new(UTFALL)
            .args(&args)
            .stdout(Stdio::from(full))
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert_eq!(
            err,
            format!("utfall {name}: cannot write to standard output: No space left on device (os error 28)\n")
        );
    }
}
