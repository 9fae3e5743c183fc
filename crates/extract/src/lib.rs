//! Parallax HTML article extraction: the main text and metadata of a news page.
//!
//! Given the raw bytes of a page (any charset, optionally gzip-compressed), an
//! [`Extractor`] returns the article's text (paragraphs separated by a blank line) and
//! its metadata — title, author, publication date, outlet, canonical URL, language — or
//! a typed [`ExtractError`] saying why the page holds no article: too large, not HTML,
//! empty, an index/listing page, or a paywall/consent wall.
//!
//! [`NewsExtractor`] is the extractor Parallax uses wherever HTML is ingested.
//!
//! How it works, one module per step: the bytes are size-checked (15 MiB by default,
//! after decompression), inflated and decoded ([`decode`]: BOM, HTTP charset, `<meta>`
//! charset, sniffing when none or a wrong one is given); one linear pre-scan refuses
//! pages nested more than 5 000 levels deep and empties what no later pass reads
//! (script code, styles, comments, SVG drawings), so that it is never parsed; html5ever parses the page into a flat tree that
//! every later pass walks without recursion; elements are dropped as boilerplate by
//! tag and by the words of their class/id (menus, "most read", related stories, cookie
//! banners, newsletter boxes, share bars, comments, ads); the region with the most
//! paragraph text net of other text is chosen (an explicit `articleBody` marker wins
//! when it holds enough of that text); it is rendered as paragraphs, without link
//! lists, "Read more" teasers, "Related" sections, photo credits, labels and closing
//! calls to action; a page whose markup holds almost no text is read from its
//! client-side HTML templates or its JSON-LD `articleBody`, and a recipe page is
//! completed from its JSON-LD `Recipe`; and the metadata comes from JSON-LD, `<meta>`
//! tags, bylines (outside comment threads) and dates in the markup.
//!
//! With the `reference-engines` feature, `engines` holds the plain `trafilatura` and
//! `dom_smoothie` crates behind the same trait, for comparison.
//!
//! ```
//! use parallax_extract::{Extractor, NewsExtractor, Page};
//!
//! let html = br#"<html lang="en"><head><title>Bridge reopens | Daily Bugle</title>
//!   <meta property="og:site_name" content="Daily Bugle"></head>
//!   <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
//!   <article><h1>Bridge reopens</h1>
//!   <p>The old river bridge reopened on Monday after two years of repairs, the city said.</p>
//!   <p>Traffic was light in the morning, and cyclists were the first to cross it.</p>
//!   </article><footer>Copyright Daily Bugle</footer></body></html>"#;
//! let page = Page { bytes: html, url: Some("https://bugle.example/bridge"), content_type: None };
//! let article = NewsExtractor::default().extract(&page).unwrap();
//! assert!(article.text.starts_with("The old river bridge reopened"));
//! assert!(!article.text.contains("Copyright"));
//! assert_eq!(article.site.as_deref(), Some("Daily Bugle"));
//! ```

mod author;
mod boilerplate;
mod charset;
mod content;
mod date;
mod dom;
#[cfg(feature = "reference-engines")]
pub mod engines;
mod error;
mod gz;
mod jsonld;
mod lang;
mod listing;
mod meta;
mod news;
mod prescan;
mod render;
pub mod score;
mod stats;
mod text;
mod wall;

pub use charset::{decode, detect};
pub use error::{ExtractError, WallKind};
pub use gz::{gunzip, is_gzip};
pub use news::{NewsExtractor, DEFAULT_MAX_DEPTH};

/// The default cap on the size of a page (after decompression): 15 MiB.
pub const DEFAULT_MAX_BYTES: usize = 15 * 1024 * 1024;

/// One fetched page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Page<'a> {
    /// The raw bytes as fetched (gzip-compressed bytes are recognised and inflated).
    pub bytes: &'a [u8],
    /// The page's URL, if known (used when the page declares no canonical URL).
    pub url: Option<&'a str>,
    /// The HTTP `Content-Type` header, if known (its `charset` is honoured).
    pub content_type: Option<&'a str>,
}

/// The article found on a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Canonical URL (from the page), else the URL it was fetched from.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Author names, joined with "; ".
    pub author: Option<String>,
    /// Publication date: `YYYY-MM-DD` or an RFC 3339 timestamp.
    pub published: Option<String>,
    /// Name of the site or outlet.
    pub site: Option<String>,
    /// Language as an ISO 639-1 code where known (e.g. `en`, `de`).
    pub lang: Option<String>,
    /// Main text: paragraphs separated by `"\n\n"`, whitespace collapsed inside each.
    pub text: String,
}

/// Turns a page into an article.
pub trait Extractor: Send + Sync {
    /// Extract the article of one page.
    ///
    /// # Errors
    /// An [`ExtractError`] when the page holds no article text (see its variants).
    fn extract(&self, page: &Page<'_>) -> Result<Extracted, ExtractError>;
}

/// The elements a page's rules drop, with their classes (for working on the rules).
#[doc(hidden)]
pub fn debug_drops(html: &str) -> Vec<String> {
    boilerplate::explain(&dom::Dom::parse(html))
}

/// The ancestors of the text containing `needle`, with how the rules classify them.
#[doc(hidden)]
pub fn debug_text(html: &str, needle: &str) -> Vec<String> {
    boilerplate::explain_text(&dom::Dom::parse(html), needle)
}

/// Check size, inflate gzip, reject binary input, and decode to text.
pub(crate) fn prepare(page: &Page<'_>, max_bytes: usize) -> Result<String, ExtractError> {
    let inflated;
    let bytes = if is_gzip(page.bytes) {
        inflated = gunzip(page.bytes, max_bytes)?;
        &inflated[..]
    } else {
        page.bytes
    };
    if bytes.len() > max_bytes {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: max_bytes,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty {
            reason: "no content".into(),
        });
    }
    sniff_binary(bytes)?;
    Ok(decode(bytes, page.content_type).0)
}

/// Reject input that is clearly not text.
fn sniff_binary(bytes: &[u8]) -> Result<(), ExtractError> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"RIFF", "a RIFF (WebP/AVI/WAV) file"),
        (b"\x7fELF", "an executable"),
    ];
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Err(ExtractError::NotHtml {
                reason: format!("looks like {what}"),
            });
        }
    }
    let head = &bytes[..bytes.len().min(4096)];
    // UTF-16 pages have NULs too, but they start with a BOM.
    if encoding_rs::Encoding::for_bom(head).is_none() {
        let controls = head
            .iter()
            .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)))
            .count();
        if controls * 20 > head.len() {
            return Err(ExtractError::NotHtml {
                reason: "binary data (control bytes)".into(),
            });
        }
    }
    Ok(())
}
