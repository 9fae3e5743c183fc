//! Parallax fetching: feeds and article pages from other people's servers, safely and
//! politely.
//!
//! - [`HttpFetcher`]: blocking `reqwest` (rustls, gzip, brotli) with connect and total
//!   timeouts, a streamed body cap, at most 5 redirects followed by hand, conditional
//!   GET, one request at a time per host with a minimum delay, `Retry-After` and
//!   `Crawl-delay` honoured, and the [SSRF guard](ssrf) on every hop.
//! - [`FeedReader`]: RSS 0.9x/1.0/2.0, Atom and JSON Feed to [`Article`]s, entry HTML
//!   turned into text, relative links resolved, the article page fetched (robots.txt
//!   permitting) and extracted when an entry has only a summary.
//! - [`parse_opml`]: subscription lists, nested outlines included.
//! - [`watch`]: subscriptions with per-feed schedule, back-off and seen entries.
//!
//! Everything that touches the network goes through the [`Fetcher`] trait, so the
//! pipeline is tested against [`MemoryFetcher`] and the HTTP client against a real
//! server on loopback.
//!
//! ```
//! use parallax_fetch::{FeedReader, MemoryFetcher, Polled, Validators};
//! use url::Url;
//!
//! let rss = r#"<rss version="2.0"><channel><title>Daily Example</title>
//!   <item><title>Bridge reopens</title><link>/bridge</link><guid>b1</guid>
//!   <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">
//!     &lt;p&gt;The bridge reopened on Monday.&lt;/p&gt;</content:encoded></item>
//!   </channel></rss>"#;
//! let fetcher = MemoryFetcher::new().with("https://daily.example/rss", "application/rss+xml", rss);
//! let reader = FeedReader::new(&fetcher, true);
//! let url = Url::parse("https://daily.example/rss").unwrap();
//! let Polled::Feed { doc, .. } = reader.poll(&url, &Validators::default()).unwrap() else {
//!     panic!("a feed was served")
//! };
//! let (articles, warnings) = reader.articles(&doc, |_| true);
//! assert!(warnings.is_empty());
//! assert_eq!(articles[0].url.as_deref(), Some("https://daily.example/bridge"));
//! assert_eq!(articles[0].text, "The bridge reopened on Monday.");
//! assert_eq!(articles[0].outlet.as_deref(), Some("Daily Example"));
//! ```

mod error;
pub mod feed;
pub mod html;
#[cfg(feature = "http")]
mod http;
mod memory;
pub mod opml;
mod robots;
pub mod ssrf;
pub mod watch;

use std::time::Duration;

use serde::{Deserialize, Serialize};
use url::Url;

pub use error::{FeedError, FetchError};
pub use feed::{
    article_id, parse_feed, Entry, EntryWarning, FeedDoc, FeedReader, Polled, UrlContent,
};
#[cfg(feature = "http")]
pub use http::{parse_retry_after, HttpConfig, HttpFetcher, USER_AGENT};
pub use memory::{Canned, MemoryFetcher};
pub use opml::{is_opml, parse_opml, Outline};
pub use parallax_model::Article;
pub use robots::{RobotsCache, ROBOTS_AGENT};
pub use url;

/// What a request is for (robots.txt applies to article pages, not to feeds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A feed document.
    Feed,
    /// An article page.
    Article,
    /// A robots.txt file.
    Robots,
}

/// Conditional-GET validators remembered per URL: a 304 then costs no body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    /// The `ETag` last served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The `Last-Modified` last served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// One GET.
#[derive(Debug, Clone)]
pub struct Request {
    /// The URL.
    pub url: Url,
    /// What it is for.
    pub kind: Kind,
    /// Validators for a conditional GET (empty for an unconditional one).
    pub validators: Validators,
}

/// A successful answer (2xx, or 304 when `not_modified`).
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL finally served, after redirects.
    pub url: Url,
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// The body, decompressed (empty for a 304).
    pub body: Vec<u8>,
    /// Validators to send next time.
    pub validators: Validators,
    /// 304 Not Modified.
    pub not_modified: bool,
}

/// Something that GETs URLs: the seam between Parallax and the network.
pub trait Fetcher: Send + Sync {
    /// Fetch one URL, following redirects.
    fn fetch(&self, request: &Request) -> Result<Response, FetchError>;

    /// Ask for at least `delay` between two requests to `host` (robots.txt
    /// `Crawl-delay`). Fetchers without politeness ignore it.
    fn set_host_delay(&self, host: &str, delay: Duration) {
        let _ = (host, delay);
    }
}
