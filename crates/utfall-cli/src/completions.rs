//! `utfall completions`: a shell's completion script.

use anyhow::Result;
use clap::CommandFactory;

use crate::args::{Cli, CompletionsArgs};
use crate::output;

/// Runs `utfall completions`.
///
/// # Errors
/// When standard output cannot be written.
pub fn run(args: &CompletionsArgs) -> Result<()> {
    // Into memory first: clap_complete panics on a failed write, and standard
    // output may be a closed pipe.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "utfall", &mut script);
    output::to_stdout(&script)
}
