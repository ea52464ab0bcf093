//! # utfall-cli
//!
//! The `utfall` program: every subcommand's arguments, its run and how it
//! reports, as a library so that the root package's binary is one line
//! (`fn main() -> ExitCode { utfall_cli::main() }`) and a library user of
//! the utfall crates compiles no command-line parser.
//!
//! | module | holds |
//! |---|---|
//! | `args` | the clap definitions; their doc comments are `--help` |
//! | `charts` | `measure --charts`: the follow-up's charts as SVG |
//! | `settle`, `measure`, `ledger`, `risk_curve`, `what_if`, `botkyrka`, `completions` | one subcommand each |
//! | `format` | the statement formats and locales, and the choice of format from `--format` or `--out` |
//! | `input` | reading the input files, errors naming them |
//! | `forms` | how the inputs are written (separator, encoding, columns, sheet, `--config`) and reading them so |
//! | `output` | writing files (each replaced atomically) and standard output (a closed pipe is no error) |
//! | `same_file` | refusing an output that is an input or another output |
//! | `charts` | `measure`'s follow-up charts, one SVG per figure |
//! | `interrupt` | SIGINT and SIGTERM: a flag that stops the run cleanly |
//! | `progress` | `measure`'s progress line on a terminal |
//! | `messages` | exit statuses and the one error line |
//!
//! Exit status: 0 on success (and for `--help`, `--version`), 1 with one line
//! `utfall SUBCOMMAND: FILE:LINE: field F: message` on standard error for bad
//! input or a failed write, 2 with clap's message for a command-line mistake
//! (an output that is the same file as an input is one), 130 after SIGINT and
//! 143 after SIGTERM with `utfall SUBCOMMAND: interrupted`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod args;
mod botkyrka;
mod charts;
mod completions;
mod format;
mod forms;
mod input;
mod interrupt;
mod ledger;
mod measure;
mod messages;
mod output;
mod progress;
mod risk_curve;
mod same_file;
mod settle;
mod what_if;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// Runs `utfall` with the process's arguments and returns its exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse_from(std::env::args_os()) {
        Ok(cli) => cli,
        Err(err) => return messages::command_line(&err),
    };
    let name = cli.command.name();
    interrupt::install();
    messages::outcome(name, run(cli.command))
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Settle(args) => settle::run(args),
        Command::Measure(args) => measure::run(&args),
        Command::Ledger(args) => ledger::run(args),
        Command::RiskCurve(args) => risk_curve::run(args),
        Command::WhatIf(args) => what_if::run(args),
        Command::Botkyrka(args) => botkyrka::run(&args),
        Command::Completions(args) => completions::run(&args),
    }
}
