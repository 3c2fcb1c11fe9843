//! Progress bars and status lines on stderr, silenced by `--quiet` and hidden
//! by indicatif itself when stderr is not a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;

/// Status output of one command.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reporter {
    quiet: bool,
}

impl Reporter {
    pub(crate) fn new(quiet: bool) -> Self {
        Self { quiet }
    }

    /// A one-line status message.
    pub(crate) fn status(&self, message: impl AsRef<str>) {
        if !self.quiet {
            // A closed stderr is no reason to fail (or panic).
            let _ = writeln!(std::io::stderr(), "{}", message.as_ref());
        }
    }

    /// A warning; printed even with `--quiet`, since it names skipped input.
    pub(crate) fn warn(&self, message: impl AsRef<str>) {
        let _ = writeln!(std::io::stderr(), "concord: warning: {}", message.as_ref());
    }

    /// A progress bar over `len` items.
    pub(crate) fn bar(&self, len: u64, what: &str) -> ProgressBar {
        if self.quiet {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(len);
        let style =
            ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len} ({per_sec}, eta {eta})")
                .map(|s| s.progress_chars("=> "))
                .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message(what.to_owned());
        bar
    }
}
