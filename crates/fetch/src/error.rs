//! Typed errors of fetching and parsing.

use std::time::Duration;

/// Why a URL could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The URL does not parse, or has no host.
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why it is invalid.
        reason: String,
    },
    /// Only `http` and `https` are fetched.
    #[error("unsupported URL scheme {0:?} (only http and https)")]
    Scheme(String),
    /// The SSRF guard refused the address (pass `--allow-private-network` for local use).
    #[error("refused to connect to {target}: {reason} (the SSRF guard blocks private, loopback, link-local and metadata addresses; --allow-private-network lifts it)")]
    Blocked {
        /// The host or address refused.
        target: String,
        /// Which rule refused it.
        reason: String,
    },
    /// More redirects than allowed.
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    /// A redirect without a usable `Location`.
    #[error("redirect without a valid Location header")]
    BadRedirect,
    /// The server did not answer within the time allowed.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// The body is larger than the cap.
    #[error("body larger than the {0} byte limit")]
    TooLarge(usize),
    /// The server answered 429 or 503.
    #[error("rate limited (HTTP {status}){}", retry_after.map(|d| format!(", retry after {}s", d.as_secs())).unwrap_or_default())]
    RateLimited {
        /// The status code.
        status: u16,
        /// The server's `Retry-After`, if any.
        retry_after: Option<Duration>,
    },
    /// Any other non-success status.
    #[error("HTTP {0}")]
    Status(u16),
    /// robots.txt disallows the URL for our user agent.
    #[error("disallowed by robots.txt")]
    Robots,
    /// Connection, TLS or protocol failure.
    #[error("network error: {0}")]
    Network(String),
    /// Reading a local file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl FetchError {
    /// The delay the server asked for, if it asked.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// Why a feed or OPML document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// Fetching the feed failed.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The document declares entities in a DOCTYPE (XXE / entity-expansion attacks);
    /// such documents are refused before any parser sees them.
    #[error("refused: the document declares XML entities in its DOCTYPE (entity expansion and external entities are never processed)")]
    EntityDeclaration,
    /// The feed does not parse.
    #[error("not a valid RSS, Atom or JSON feed: {0}")]
    Parse(String),
    /// The OPML document does not parse.
    #[error("not a valid OPML document: {0}")]
    Opml(String),
}
