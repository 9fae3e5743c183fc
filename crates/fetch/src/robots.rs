//! robots.txt, honoured for article pages (feeds are published to be polled).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use texting_robots::Robot;
use url::Url;

use crate::{FetchError, Fetcher, Kind, Request, Validators};

/// The agent name matched against `User-agent:` lines.
pub const ROBOTS_AGENT: &str = "Parallax";

/// What one origin's robots.txt says.
#[derive(Debug)]
enum Rules {
    AllowAll,
    DisallowAll,
    Parsed(Box<Robot>),
}

/// robots.txt per origin, fetched once per run through the same [`Fetcher`].
#[derive(Debug, Default)]
pub struct RobotsCache {
    origins: Mutex<HashMap<String, Arc<Rules>>>,
}

impl RobotsCache {
    /// An empty cache.
    pub fn new() -> RobotsCache {
        RobotsCache::default()
    }

    /// Whether our agent may fetch `url`; a `Crawl-delay` is passed to the fetcher.
    ///
    /// As RFC 9309 says: a missing robots.txt (4xx) allows everything; one that cannot
    /// be fetched (5xx, network) disallows everything for this run.
    pub fn allowed(&self, fetcher: &dyn Fetcher, url: &Url) -> bool {
        let origin = url.origin().ascii_serialization();
        let cached = self
            .origins
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&origin)
            .cloned();
        let rules = match cached {
            Some(rules) => rules,
            None => {
                let rules = Arc::new(self.load(fetcher, url, &origin));
                self.origins
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(origin, rules.clone());
                rules
            }
        };
        match &*rules {
            Rules::AllowAll => true,
            Rules::DisallowAll => false,
            Rules::Parsed(robot) => robot.allowed(url.as_str()),
        }
    }

    fn load(&self, fetcher: &dyn Fetcher, url: &Url, origin: &str) -> Rules {
        let Ok(robots_url) = Url::parse(origin).and_then(|o| o.join("/robots.txt")) else {
            return Rules::AllowAll;
        };
        let request = Request {
            url: robots_url,
            kind: Kind::Robots,
            validators: Validators::default(),
        };
        match fetcher.fetch(&request) {
            Ok(response) => match Robot::new(ROBOTS_AGENT, &response.body) {
                Ok(robot) => {
                    if let (Some(delay), Some(host)) = (robot.delay, url.host_str()) {
                        if delay.is_finite() && delay > 0.0 {
                            fetcher.set_host_delay(host, Duration::from_secs_f32(delay));
                        }
                    }
                    Rules::Parsed(Box::new(robot))
                }
                Err(_) => Rules::AllowAll,
            },
            Err(FetchError::Status(code)) if (400..500).contains(&code) => Rules::AllowAll,
            Err(_) => Rules::DisallowAll,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryFetcher;

    #[test]
    fn disallow_rules_apply_to_our_agent() {
        let fetcher = MemoryFetcher::new().with(
            "https://news.example/robots.txt",
            "text/plain",
            "User-agent: Parallax\nDisallow: /private/\n",
        );
        let robots = RobotsCache::new();
        let ok = Url::parse("https://news.example/2026/story").expect("url");
        let no = Url::parse("https://news.example/private/x").expect("url");
        assert!(robots.allowed(&fetcher, &ok));
        assert!(!robots.allowed(&fetcher, &no));
        // Fetched once per origin.
        assert_eq!(fetcher.requests().len(), 1);
    }

    #[test]
    fn missing_robots_allows_everything() {
        let fetcher = MemoryFetcher::new();
        let url = Url::parse("https://other.example/a").expect("url");
        assert!(RobotsCache::new().allowed(&fetcher, &url));
    }
}
