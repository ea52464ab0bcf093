//! The progress line of `utfall measure`: on a terminal only, and only once a
//! run has taken a second, so that quick runs and pipes stay quiet.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// How far the reading of the absence file has come.
pub struct Progress {
    started: Instant,
    last: Instant,
    total: u64,
    shown: bool,
    enabled: bool,
}

impl Progress {
    /// For a file of `total` bytes.
    pub fn new(total: u64) -> Self {
        let now = Instant::now();
        Self {
            started: now,
            last: now,
            total,
            shown: false,
            enabled: std::io::stderr().is_terminal(),
        }
    }

    /// `done` bytes are read.
    pub fn update(&mut self, done: u64) {
        if !self.enabled
            || self.started.elapsed() < Duration::from_secs(1)
            || self.last.elapsed() < Duration::from_millis(200)
        {
            return;
        }
        self.last = Instant::now();
        self.shown = true;
        let percent = done.saturating_mul(100).checked_div(self.total).unwrap_or(100);
        write(&format!(
            "\rutfall measure: read {} of {} MB ({percent} %)",
            done >> 20,
            self.total >> 20
        ));
    }

    /// The reading is done: the line is finished, if it was shown.
    pub fn finish(&mut self) {
        if std::mem::take(&mut self.shown) {
            write(&format!(
                "\rutfall measure: read {} MB in {:.1} s{:20}\n",
                self.total >> 20,
                self.started.elapsed().as_secs_f32(),
                ""
            ));
        }
    }
}

impl Drop for Progress {
    /// A run that stops while reading (an error, a signal) ends the line, so
    /// that its message starts a line of its own.
    fn drop(&mut self) {
        if self.shown {
            write("\n");
        }
    }
}

fn write(text: &str) {
    let mut stderr = std::io::stderr().lock();
    // Progress is a courtesy: a terminal that cannot take it stops nothing.
    let _ = stderr.write_all(text.as_bytes()).and_then(|()| stderr.flush());
}
