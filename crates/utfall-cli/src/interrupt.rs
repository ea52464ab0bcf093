//! SIGINT (Ctrl-C) and SIGTERM stop a run cleanly.
//!
//! A signal only sets a flag; the run checks it between its steps, the
//! output writers between chunks and the reader of the absence file between
//! reads, and stops with [`Interrupted`]. The temporary files are then removed
//! as any failed run removes them (`output::Outputs` on drop), so every
//! previous output stays as it was, and `messages::outcome` says `utfall
//! SUBCOMMAND: interrupted` and exits with 128 + the signal's number (130,
//! 143), as a shell reports a process that the signal ended.
//!
//! A second signal while the first is being handled ends the process at once,
//! by the signal's default action: a way out if a step does not return (a
//! write that blocks on a pipe nobody reads), at the price of a temporary
//! file that may stay behind, recognisable by its name.

use std::io::Read;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::flag;

/// The flags the signal handlers set.
struct Flags {
    /// Set by either signal: stop.
    stop: Arc<AtomicBool>,
    /// The number of the signal that came last.
    signal: Arc<AtomicUsize>,
}

static FLAGS: OnceLock<Flags> = OnceLock::new();

/// Installs the handlers of SIGINT and SIGTERM. Called once, before the run.
pub fn install() {
    let flags = FLAGS.get_or_init(|| Flags {
        stop: Arc::new(AtomicBool::new(false)),
        signal: Arc::new(AtomicUsize::new(0)),
    });
    for signal in [SIGINT, SIGTERM] {
        // The order matters: the default action is armed only by an earlier
        // signal, since each handler runs its actions in the order registered.
        // A handler that cannot be installed leaves the signal's default
        // action, which ends the process; the outputs are still whole, as
        // they are only renamed into place when complete.
        let _ = flag::register_conditional_default(signal, Arc::clone(&flags.stop))
            .and_then(|_| flag::register_usize(signal, Arc::clone(&flags.signal), usize::try_from(signal).unwrap_or(0)))
            .and_then(|_| flag::register(signal, Arc::clone(&flags.stop)));
    }
}

/// The flag the signals set, for a library that checks it itself. `None`
/// before [`install`] (in unit tests).
pub fn flag() -> Option<Arc<AtomicBool>> {
    FLAGS.get().map(|flags| Arc::clone(&flags.stop))
}

/// Whether a signal asked the run to stop.
pub fn requested() -> bool {
    FLAGS.get().is_some_and(|flags| flags.stop.load(Ordering::SeqCst))
}

/// The exit status after a signal: 128 + its number, as a shell shows a
/// process the signal ended (130 for SIGINT, 143 for SIGTERM).
pub fn exit_code() -> ExitCode {
    let signal = FLAGS.get().map_or(0, |flags| flags.signal.load(Ordering::SeqCst));
    // A signal that set the flag but not yet its number was one of the two;
    // Ctrl-C is the likelier.
    let signal = u8::try_from(signal).ok().filter(|&s| s > 0).unwrap_or(2);
    ExitCode::from(128u8.saturating_add(signal))
}

/// A run stopped by a signal.
#[derive(Debug, Clone, Copy)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Interrupted {}

/// Between steps: stops the run if a signal asked.
///
/// # Errors
/// [`Interrupted`] after SIGINT or SIGTERM.
pub fn check() -> anyhow::Result<()> {
    if requested() {
        return Err(Interrupted.into());
    }
    Ok(())
}

/// Between chunks of a read or a write: stops it if a signal asked.
///
/// # Errors
/// [`Interrupted`] as an I/O error of kind `Other`: not `ErrorKind::Interrupted`,
/// which `read_exact` and `write_all` retry.
pub fn check_io() -> std::io::Result<()> {
    if requested() {
        return Err(std::io::Error::other(Interrupted));
    }
    Ok(())
}

/// A reader that stops reading when a signal asks: it lets `utfall measure`
/// stop while it reads the absence file, the longest step of a run.
pub struct Reader<R>(pub R);

impl<R: Read> Read for Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        check_io()?;
        self.0.read(buf)
    }
}
