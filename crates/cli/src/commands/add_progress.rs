//! Progress of `parallax add` over one input: a bar with the rate and the time left on a
//! terminal; elsewhere (a cron job's log) a plain line at every tenth of a large input,
//! so that an archive import of hours says how far it is and when it will end.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Least articles of one input for the plain-line report (smaller inputs finish before
/// anyone looks).
const PLAIN_REPORT_MINIMUM: usize = 5_000;

/// Progress over the articles of one input.
pub struct AddProgress {
    bar: Option<indicatif::ProgressBar>,
    name: String,
    total: usize,
    done: usize,
    next_report: usize,
    started: Instant,
}

impl AddProgress {
    /// Progress over `total` articles read from `name` (silent for one article).
    pub fn new(total: usize, name: &str) -> AddProgress {
        let bar = (total > 1 && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            let style = indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} articles {rate} {elapsed} (about {eta} left) {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", state.per_sec());
                },
            );
            bar.set_style(style);
            bar.set_message(name.to_string());
            bar
        });
        AddProgress {
            bar,
            name: name.to_string(),
            total,
            done: 0,
            next_report: total / 10,
            started: Instant::now(),
        }
    }

    /// `count` more articles stored.
    pub fn advance(&mut self, count: usize) {
        self.done = (self.done + count).min(self.total);
        if let Some(bar) = &self.bar {
            bar.set_position(self.done as u64);
        } else if self.total >= PLAIN_REPORT_MINIMUM && self.done >= self.next_report {
            eprintln!("{}", self.line(self.started.elapsed()));
            self.next_report = self.done + self.total / 10;
        }
    }

    /// The plain report after `elapsed`: done, rate and time left.
    fn line(&self, elapsed: Duration) -> String {
        let seconds = elapsed.as_secs_f64();
        let rate = if seconds > 0.0 {
            self.done as f64 / seconds
        } else {
            0.0
        };
        let left = if rate > 0.0 && self.done < self.total {
            format!(
                ", about {} left",
                human_duration((self.total - self.done) as f64 / rate)
            )
        } else {
            String::new()
        };
        format!(
            "parallax add: {}: {}/{} articles ({rate:.0}/s{left})",
            self.name, self.done, self.total
        )
    }
}

impl Drop for AddProgress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// `seconds` as hours, minutes and seconds, the largest two units.
fn human_duration(seconds: f64) -> String {
    let total = seconds.round().max(0.0) as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    match (h, m) {
        (0, 0) => format!("{s} s"),
        (0, _) => format!("{m} min {s} s"),
        _ => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_their_largest_two_units() {
        assert_eq!(human_duration(42.4), "42 s");
        assert_eq!(human_duration(125.0), "2 min 5 s");
        assert_eq!(human_duration(3.0 * 3600.0 + 61.0), "3 h 1 min");
    }

    #[test]
    fn the_plain_line_gives_the_rate_and_the_time_left() {
        let mut progress = AddProgress::new(10_000, "archive.jsonl");
        progress.bar = None;
        progress.done = 2_500;
        assert_eq!(
            progress.line(Duration::from_secs(10)),
            "parallax add: archive.jsonl: 2500/10000 articles (250/s, about 30 s left)"
        );
    }

    #[test]
    fn a_finished_input_has_no_time_left() {
        let mut progress = AddProgress::new(6_000, "a.jsonl");
        progress.bar = None;
        progress.done = 6_000;
        assert_eq!(
            progress.line(Duration::from_secs(60)),
            "parallax add: a.jsonl: 6000/6000 articles (100/s)"
        );
    }

    #[test]
    fn progress_never_passes_the_total() {
        let mut progress = AddProgress::new(3, "x");
        progress.bar = None;
        progress.advance(5);
        assert_eq!(progress.done, 3);
    }
}
