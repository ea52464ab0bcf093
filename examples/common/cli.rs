//! Command-line plumbing shared by the example binaries: usage errors and the
//! one-line error report with its exit status.

use std::process::ExitCode;

/// A command-line mistake: reported with the usage line and exit status 2.
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// A command-line mistake as an error.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    Usage(message.into()).into()
}

/// The exit status of a run: 0, 2 with the usage line for a command-line
/// mistake, 1 with one line naming the problem for anything else.
pub fn exit(program: &str, usage_line: &str, result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is::<Usage>() => {
            eprintln!("{program}: {err}\n{usage_line}");
            ExitCode::from(2)
        }
        Err(err) => {
            eprintln!("{program}: {err:#}");
            ExitCode::FAILURE
        }
    }
}
