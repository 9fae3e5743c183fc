//! The errors of extraction: every way a page can fail to give an article.

use std::fmt;

/// What kind of wall stands in front of the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WallKind {
    /// A paywall or subscriber-only notice instead of (most of) the article.
    Paywall,
    /// A cookie / privacy consent page that must be accepted before the article shows.
    Consent,
    /// A "please log in / register" wall.
    Login,
}

impl fmt::Display for WallKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WallKind::Paywall => "paywall",
            WallKind::Consent => "consent wall",
            WallKind::Login => "login wall",
        })
    }
}

/// Why a page gave no article.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// The page is larger than the size cap; it was not parsed.
    #[error("page too large: at least {size} bytes (the limit is {limit} bytes)")]
    TooLarge {
        /// Size of the input in bytes (after decompression, or as far as it was read).
        size: usize,
        /// The configured limit in bytes.
        limit: usize,
    },
    /// The input does not look like HTML (binary data, an image, a PDF, ...).
    #[error("not HTML: {reason}")]
    NotHtml {
        /// What the input looked like instead.
        reason: String,
    },
    /// The input is empty, or has no visible text at all.
    #[error("empty page: {reason}")]
    Empty {
        /// Why nothing was found.
        reason: String,
    },
    /// The page is an index, listing, tag or home page rather than one article.
    #[error("not an article: {reason}")]
    NotAnArticle {
        /// What gave it away.
        reason: String,
    },
    /// The article text sits behind a wall (paywall, consent, login).
    #[error("article behind a {kind}: {reason}")]
    Walled {
        /// The kind of wall.
        kind: WallKind,
        /// What gave it away.
        reason: String,
    },
    /// The page nests elements deeper than the extractor accepts.
    #[error("page nested too deeply: more than {limit} levels of elements")]
    TooDeep {
        /// The configured depth limit.
        limit: usize,
    },
    /// A compressed (`.gz`) input could not be decompressed.
    #[error("cannot decompress: {0}")]
    Decompress(#[from] std::io::Error),
}
