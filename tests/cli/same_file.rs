//! An output that names an input, or two outputs that name one file, under
//! any of its names (a hard or symbolic link, `.` and `..`): refused as a
//! command-line mistake before anything is written (issue 10).

use std::path::Path;

use super::files::*;
use super::run::*;

/// The inputs copied into a scratch directory, and other names for some of
/// them.
struct Inputs {
    contract: String,
    monthly: String,
    index: String,
    absence: String,
    headcount: String,
    /// The `--out` folder of `measure`.
    tables: String,
    /// A copy of the absence file named as a table `measure` writes.
    absence_as_table: String,
    /// A copy of the headcount file named as a detail table.
    headcount_as_detail: String,
    /// Other names for the monthly series: a hard link, a symbolic link, a
    /// path with `.` and `..`.
    hard: String,
    link: String,
    dotted: String,
}

fn inputs_in(dir: &Path) -> Inputs {
    let copy = |from: &str, name: &str| {
        let to = dir.join(name);
        std::fs::copy(root(from), &to).unwrap();
        to.display().to_string()
    };
    let monthly = copy("examples/illustrative/monthly.csv", "monthly.csv");
    let absence = copy("tests/fixtures/absence/generated/absence.csv", "absence.csv");
    let headcount = copy("tests/fixtures/absence/generated/headcount.csv", "headcount.csv");
    let tables = dir.join("tables");
    std::fs::create_dir_all(&tables).unwrap();
    let in_tables = |name: &str, from: &str| {
        let path = tables.join(name);
        std::fs::copy(from, &path).unwrap();
        path.display().to_string()
    };
    let hard = dir.join("hard.csv");
    std::fs::hard_link(&monthly, &hard).unwrap();
    let link = dir.join("link.csv");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&monthly, &link).unwrap();
    Inputs {
        contract: copy("examples/illustrative/contract.toml", "contract.toml"),
        index: copy("examples/illustrative/index.csv", "index.csv"),
        absence_as_table: in_tables("net_days.csv", &absence),
        headcount_as_detail: in_tables("spells.csv", &headcount),
        tables: text(&tables).to_owned(),
        hard: text(&hard).to_owned(),
        link: text(&link).to_owned(),
        dotted: format!("{}/./tables/../monthly.csv", dir.display()),
        monthly,
        absence,
        headcount,
    }
}

/// Each command line whose output names one of `inputs`, with the message
/// that refuses it: a table of cases, one per output option and input.
fn outputs_naming_inputs(inputs: &Inputs) -> Vec<(Vec<String>, String)> {
    let Inputs {
        contract,
        monthly,
        index,
        absence,
        headcount,
        tables,
        absence_as_table,
        headcount_as_detail,
        hard,
        link,
        dotted,
    } = inputs;
    let inputs = owned(&["--contract", contract, "--monthly", monthly, "--index", index]);
    let settle = |out: &str| {
        [
            owned(&["settle"]),
            inputs.clone(),
            owned(&["--format", "text", "--out", out]),
        ]
        .concat()
    };
    let ledger = |out: &str| {
        [
            owned(&["ledger"]),
            inputs.clone(),
            owned(&["--format", "csv", "--out", out]),
        ]
        .concat()
    };
    let measure = |extra: &[&str], absence: &str, headcount: &str| {
        [
            owned(&["measure", "--absence", absence, "--headcount", headcount]),
            owned(extra),
        ]
        .concat()
    };
    let mut cases: Vec<(Vec<String>, String)> = vec![
        (
            settle(monthly),
            format!("--out {monthly} is the same file as --monthly {monthly}"),
        ),
        (
            settle(index),
            format!("--out {index} is the same file as --index {index}"),
        ),
        (
            settle(contract),
            format!("--out {contract} is the same file as --contract {contract}"),
        ),
        (
            settle(hard),
            format!("--out {hard} is the same file as --monthly {monthly}"),
        ),
        (
            settle(dotted),
            format!("--out {dotted} is the same file as --monthly {monthly}"),
        ),
        (
            ledger(monthly),
            format!("--out {monthly} is the same file as --monthly {monthly}"),
        ),
        (
            ledger(index),
            format!("--out {index} is the same file as --index {index}"),
        ),
        (
            ledger(contract),
            format!("--out {contract} is the same file as --contract {contract}"),
        ),
        (
            owned(&["risk-curve", "--contract", contract, "--csv", contract]),
            format!("--csv {contract} is the same file as --contract {contract}"),
        ),
        (
            owned(&["risk-curve", "--contract", contract, "--svg", contract]),
            format!("--svg {contract} is the same file as --contract {contract}"),
        ),
        (
            measure(&["--series"], absence, headcount)
                .into_iter()
                .chain([absence.clone()])
                .collect(),
            format!("--series {absence} is the same file as --absence {absence}"),
        ),
        (
            [measure(&["--series"], absence, headcount), vec![headcount.clone()]].concat(),
            format!("--series {headcount} is the same file as --headcount {headcount}"),
        ),
        (
            [measure(&["--json"], absence, headcount), vec![absence.clone()]].concat(),
            format!("--json {absence} is the same file as --absence {absence}"),
        ),
        (
            [measure(&["--out"], absence, headcount), vec![absence.clone()]].concat(),
            format!("--out {absence} is the same file as --absence {absence}"),
        ),
        (
            [
                measure(&["--out"], absence_as_table, headcount),
                vec![tables.to_owned()],
            ]
            .concat(),
            format!("net_days.csv in --out {tables} is the same file as --absence {absence_as_table}"),
        ),
        (
            // Without --detail, spells.csv of an earlier run would be removed.
            [
                measure(&["--out"], absence, headcount_as_detail),
                vec![tables.to_owned()],
            ]
            .concat(),
            format!(
                "spells.csv in --out {tables} (removed without --detail) is the same file as --headcount {headcount_as_detail}"
            ),
        ),
    ];
    if cfg!(unix) {
        cases.push((
            settle(link),
            format!("--out {link} is the same file as --monthly {monthly}"),
        ));
    }
    cases
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = fresh_dir("same-file");
    let cases = outputs_naming_inputs(&inputs_in(&dir));
    let before = files_under(&dir);
    for (args, message) in cases {
        let out = utfall(&args);
        command_line_mistake(&out, &format!("error: {message}: an output may not replace an input"));
        assert!(
            stderr(&out).contains(&format!("Usage: utfall {} ", args[0])),
            "{}",
            stderr(&out)
        );
        assert!(files_under(&dir) == before, "{args:?} changed a file");
    }
}

#[test]
fn two_outputs_naming_one_file_are_refused() {
    let dir = fresh_dir("same-output");
    let contract = root("examples/botkyrka/contract.toml");
    let (absence, _, headcount) = payroll_inputs(&dir);
    let old = dir.join("r.csv");
    std::fs::write(&old, "the previous output\n").unwrap();
    let (old, new) = (text(&old), format!("{}/./new.csv", dir.display()));
    let tables = dir.join("tables").display().to_string();
    let before = files_under(&dir);
    for (args, message) in [
        (
            vec!["risk-curve", "--contract", &contract, "--svg", old, "--csv", old],
            format!("--svg {old} and --csv {old} are the same file"),
        ),
        (
            // Neither exists yet: compared as paths.
            vec![
                "risk-curve",
                "--contract",
                &contract,
                "--svg",
                &new,
                "--csv",
                &format!("{}/new.csv", dir.display()),
            ],
            format!("--svg {new} and --csv {}/new.csv are the same file", dir.display()),
        ),
        (
            vec![
                "measure",
                "--absence",
                &absence,
                "--headcount",
                &headcount,
                "--series",
                old,
                "--json",
                old,
            ],
            format!("--json {old} and --series {old} are the same file"),
        ),
        (
            vec![
                "measure",
                "--absence",
                &absence,
                "--headcount",
                &headcount,
                "--out",
                &tables,
                "--json",
                &format!("{tables}/net_days.csv"),
            ],
            format!("--json {tables}/net_days.csv and net_days.csv in --out {tables} are the same file"),
        ),
        (
            vec![
                "measure",
                "--absence",
                &absence,
                "--headcount",
                &headcount,
                "--out",
                &tables,
                "--series",
                &format!("{tables}/spells.csv"),
            ],
            format!(
                "--series {tables}/spells.csv and spells.csv in --out {tables} (removed without --detail) are the same file"
            ),
        ),
    ] {
        command_line_mistake(
            &utfall(&args),
            &format!("error: {message}: each output needs a file of its own"),
        );
        assert!(files_under(&dir) == before, "{args:?} changed a file");
    }
}
