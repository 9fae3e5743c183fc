//! Feed subscriptions and their polling schedule: per-feed interval, exponential
//! back-off after errors, a feed disabled after repeated failures, and the GUIDs and
//! URLs already seen so that only new entries come out.
//!
//! The schedule is pure: every method takes the current time (Unix seconds), so it is
//! tested without a clock. [`Subscriptions`] serialises to the JSON state file of
//! `parallax watch`.

use std::collections::{HashSet, VecDeque};

use serde::{Deserialize, Serialize};

use crate::feed::Entry;
use crate::Validators;

/// Default seconds between two polls of one feed.
pub const DEFAULT_INTERVAL: u64 = 30 * 60;
/// The longest back-off after errors.
pub const MAX_BACKOFF: u64 = 24 * 3600;
/// Consecutive failures after which a feed is disabled.
pub const MAX_FAILURES: u32 = 10;
/// How many GUIDs/URLs are remembered per feed (feeds list their latest entries).
pub const SEEN_CAP: usize = 5000;

/// One subscribed feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// Feed URL.
    pub url: String,
    /// Title (from OPML or the feed).
    #[serde(default)]
    pub title: Option<String>,
    /// Seconds between polls.
    #[serde(default = "default_interval")]
    pub interval: u64,
    /// Conditional-GET validators of the last successful poll.
    #[serde(default)]
    pub validators: Validators,
    /// When the feed is next due (Unix seconds); 0 means now.
    #[serde(default)]
    pub next_poll: u64,
    /// Consecutive failures.
    #[serde(default)]
    pub failures: u32,
    /// The last error, if the last poll failed.
    #[serde(default)]
    pub last_error: Option<String>,
    /// Disabled after [`MAX_FAILURES`] failures in a row (re-adding enables it).
    #[serde(default)]
    pub disabled: bool,
    /// GUIDs and URLs seen, oldest first.
    #[serde(default)]
    pub seen: VecDeque<String>,
}

fn default_interval() -> u64 {
    DEFAULT_INTERVAL
}

impl Subscription {
    /// A new subscription, due now.
    pub fn new(url: &str, title: Option<String>, interval: u64) -> Subscription {
        Subscription {
            url: url.to_owned(),
            title,
            interval: interval.max(1),
            validators: Validators::default(),
            next_poll: 0,
            failures: 0,
            last_error: None,
            disabled: false,
            seen: VecDeque::new(),
        }
    }

    /// Whether it should be polled at `now`.
    pub fn due(&self, now: u64) -> bool {
        !self.disabled && self.next_poll <= now
    }

    /// Whether the entry was seen before (by GUID or URL).
    pub fn is_new(&self, seen: &HashSet<&str>, entry: &Entry) -> bool {
        !seen.contains(entry.guid.as_str())
            && entry.url.as_deref().is_none_or(|u| !seen.contains(u))
    }

    /// The seen set, for [`Subscription::is_new`].
    pub fn seen_set(&self) -> HashSet<&str> {
        self.seen.iter().map(String::as_str).collect()
    }

    /// Remember entries as seen.
    pub fn remember<'e>(&mut self, entries: impl IntoIterator<Item = &'e Entry>) {
        for e in entries {
            for key in std::iter::once(&e.guid).chain(e.url.as_ref()) {
                if !self.seen.contains(key) {
                    self.seen.push_back(key.clone());
                }
            }
        }
        while self.seen.len() > SEEN_CAP {
            self.seen.pop_front();
        }
    }

    /// A poll succeeded (or was a 304).
    pub fn succeeded(&mut self, now: u64, validators: Validators) {
        self.failures = 0;
        self.last_error = None;
        self.validators = validators;
        self.next_poll = now + self.interval;
    }

    /// A poll failed: back off exponentially (at least as long as the server asked),
    /// and disable the feed after [`MAX_FAILURES`] failures in a row. Returns whether
    /// this failure disabled it.
    pub fn failed(&mut self, now: u64, error: String, retry_after: Option<u64>) -> bool {
        self.failures = self.failures.saturating_add(1);
        self.last_error = Some(error);
        let backoff = self
            .interval
            .saturating_mul(1u64 << self.failures.min(16))
            .min(MAX_BACKOFF)
            .max(retry_after.unwrap_or(0).min(MAX_BACKOFF));
        self.next_poll = now + backoff;
        if self.failures >= MAX_FAILURES && !self.disabled {
            self.disabled = true;
            return true;
        }
        false
    }
}

/// All subscriptions (the watch state file).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscriptions {
    /// Feeds, in the order they were added.
    pub feeds: Vec<Subscription>,
}

impl Subscriptions {
    /// Subscribe to a feed, or re-enable it when already there. Returns whether it
    /// was new.
    pub fn add(&mut self, url: &str, title: Option<String>, interval: u64) -> bool {
        if let Some(existing) = self.feeds.iter_mut().find(|f| f.url == url) {
            existing.disabled = false;
            existing.failures = 0;
            existing.interval = interval.max(1);
            if existing.title.is_none() {
                existing.title = title;
            }
            return false;
        }
        self.feeds.push(Subscription::new(url, title, interval));
        true
    }

    /// Indices of the feeds due at `now`.
    pub fn due(&self, now: u64) -> Vec<usize> {
        (0..self.feeds.len())
            .filter(|&i| self.feeds[i].due(now))
            .collect()
    }

    /// When the next enabled feed is due, if any is.
    pub fn next_due(&self) -> Option<u64> {
        self.feeds
            .iter()
            .filter(|f| !f.disabled)
            .map(|f| f.next_poll)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(guid: &str, url: &str) -> Entry {
        Entry {
            guid: guid.into(),
            url: Some(url.into()),
            ..Entry::default()
        }
    }

    #[test]
    fn backoff_grows_and_disables() {
        let mut s = Subscription::new("https://a.example/feed", None, 60);
        assert!(s.due(0));
        assert!(!s.failed(1000, "HTTP 500".into(), None));
        assert_eq!(s.next_poll, 1000 + 120);
        assert!(!s.due(1100));
        s.failed(2000, "HTTP 500".into(), None);
        assert_eq!(s.next_poll, 2000 + 240);
        // Retry-After longer than the back-off wins.
        s.failed(3000, "429".into(), Some(5000));
        assert_eq!(s.next_poll, 3000 + 5000);
        let mut disabled = false;
        for i in 0..MAX_FAILURES {
            disabled |= s.failed(4000 + u64::from(i), "down".into(), None);
        }
        assert!(disabled && s.disabled && !s.due(u64::MAX));
        assert!(s.next_poll <= 4000 + 10 + MAX_BACKOFF);
        // Success resets.
        let mut subs = Subscriptions { feeds: vec![s] };
        assert!(!subs.add("https://a.example/feed", None, 60));
        assert!(!subs.feeds[0].disabled);
        subs.feeds[0].succeeded(9000, Validators::default());
        assert_eq!(subs.feeds[0].failures, 0);
        assert_eq!(subs.next_due(), Some(9060));
    }

    #[test]
    fn only_new_entries_pass() {
        let mut s = Subscription::new("https://a.example/feed", None, 60);
        let a = entry("1", "https://a.example/1");
        let b = entry("2", "https://a.example/2");
        s.remember([&a]);
        let seen = s.seen_set();
        assert!(!s.is_new(&seen, &a));
        assert!(s.is_new(&seen, &b));
        // Same URL under a new GUID is not new either.
        assert!(!s.is_new(&seen, &entry("1b", "https://a.example/1")));
    }

    #[test]
    fn seen_is_bounded() {
        let mut s = Subscription::new("u", None, 60);
        let entries: Vec<Entry> = (0..SEEN_CAP + 10)
            .map(|i| Entry {
                guid: i.to_string(),
                ..Entry::default()
            })
            .collect();
        s.remember(&entries);
        assert_eq!(s.seen.len(), SEEN_CAP);
        assert_eq!(s.seen.front().map(String::as_str), Some("10"));
    }
}
