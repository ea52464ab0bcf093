//! How a run ends: clap's own message and exit status for a command-line
//! mistake, one line and exit status 1 for anything else.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use clap::error::ErrorKind;

use crate::args::Cli;
use crate::interrupt;

/// A command-line mistake that clap cannot declare, found after parsing,
/// formatted by clap like its own, with `subcommand`'s usage.
pub fn usage(subcommand: &str, kind: ErrorKind, message: impl std::fmt::Display) -> clap::Error {
    let mut cli = Cli::command();
    // Building names the subcommands `utfall SUBCOMMAND` in their usage line.
    cli.build();
    match cli.find_subcommand_mut(subcommand) {
        Some(command) => command.error(kind, message),
        None => cli.error(kind, message),
    }
}

/// Prints clap's message (help and version on standard output, mistakes on
/// standard error) and returns its exit status: 0 for help and version, 2
/// for a mistake.
pub fn command_line(err: &clap::Error) -> ExitCode {
    // Nothing is left to tell if even that cannot be written.
    let _ = err.print();
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
}

/// The exit status of `subcommand`'s run, with its one error line.
pub fn outcome(subcommand: &str, result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A run that fails after a signal stopped because of it, whichever
        // step noticed and however it said so.
        Err(_) if interrupt::requested() => {
            line(&format!("utfall {subcommand}: interrupted"));
            interrupt::exit_code()
        }
        Err(err) => match err.downcast_ref::<clap::Error>() {
            Some(mistake) => command_line(mistake),
            None => {
                line(&format!("utfall {subcommand}: {err:#}"));
                ExitCode::FAILURE
            }
        },
    }
}

/// One line on standard error: an error, a warning or a summary.
pub fn line(text: &str) {
    // A closed or full standard error must not turn a finished run into a
    // panic; the exit status still tells.
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}
