//! The upload progress bar: drawn on stderr, only when stderr is a terminal, and only once an
//! upload has lasted longer than a moment, so quick uploads and piped runs print nothing.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dg_core::ProgressFn;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Uploads shorter than this never show a bar.
const SHOW_AFTER: Duration = Duration::from_millis(700);

const UPLOAD_TEMPLATE: &str = "uploading [{wide_bar}] {binary_bytes}/{binary_total_bytes} ({binary_bytes_per_sec}, {eta} left)";
const WAITING_TEMPLATE: &str =
    "{spinner} uploaded {binary_total_bytes}; waiting for the transcript";

/// A bar following one upload; dropped with [`Upload::finish`] once the answer is in.
pub struct Upload {
    bar: ProgressBar,
}

impl Upload {
    /// A bar for an upload, or `None` when stderr is not a terminal.
    pub fn start() -> Option<Upload> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        // Hidden until the upload has taken long enough to be worth watching.
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
            .with_style(style(UPLOAD_TEMPLATE));
        Some(Upload { bar })
    }

    /// The callback that dg-core calls as bytes leave.
    pub fn callback(&self) -> ProgressFn {
        let bar = self.bar.clone();
        let started = Instant::now();
        Arc::new(move |sent, total| {
            if let Some(total) = total {
                bar.set_length(total);
            }
            bar.set_position(sent);
            if bar.is_hidden() && started.elapsed() >= SHOW_AFTER {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
            if total == Some(sent) && !bar.is_hidden() {
                // Deepgram works for a while after the last byte; keep showing life.
                bar.set_style(style(WAITING_TEMPLATE));
                bar.enable_steady_tick(Duration::from_millis(120));
            }
        })
    }

    /// Removes the bar from the terminal.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_valid() {
        for template in [UPLOAD_TEMPLATE, WAITING_TEMPLATE] {
            assert!(ProgressStyle::with_template(template).is_ok(), "{template}");
        }
    }
}
