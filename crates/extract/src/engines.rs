//! Reference extractors built directly on the general-purpose crates: `trafilatura`
//! (a port of the Python library) and `dom_smoothie` (a port of readability.js). They
//! have none of the news rules of [`crate::NewsExtractor`]; they are kept for
//! comparison (`parallax eval extraction --engine`).

use crate::text::{collapse_ws, paragraphs_from_lines};
use crate::{prepare, ExtractError, Extracted, Extractor, Page};

/// The `trafilatura` crate with its default options (fallbacks on, comments off).
#[derive(Debug, Default, Clone, Copy)]
pub struct TrafilaturaExtractor;

impl Extractor for TrafilaturaExtractor {
    fn extract(&self, page: &Page<'_>) -> Result<Extracted, ExtractError> {
        let html = prepare(page, crate::DEFAULT_MAX_BYTES)?;
        let mut opts = trafilatura::Options::default()
            .with_fallback(true)
            .with_exclude_comments(true);
        if let Some(url) = page.url.and_then(|u| url::Url::parse(u).ok()) {
            opts = opts.with_url(url);
        }
        let res = trafilatura::extract(&html, &opts).map_err(|e| ExtractError::Empty {
            reason: e.to_string(),
        })?;
        let m = res.metadata;
        let opt = |s: String| {
            let s = collapse_ws(&s);
            (!s.is_empty()).then_some(s)
        };
        Ok(Extracted {
            url: opt(m.url).or_else(|| page.url.map(str::to_owned)),
            title: opt(m.title),
            author: opt(m.author),
            published: m.date.map(|d| d.format("%Y-%m-%d").to_string()),
            site: opt(m.sitename),
            lang: opt(m.language),
            text: paragraphs_from_lines(&res.content_text),
        })
    }
}

/// `dom_smoothie` (readability.js) with its default configuration.
#[derive(Debug, Default, Clone, Copy)]
pub struct SmoothieExtractor;

impl Extractor for SmoothieExtractor {
    fn extract(&self, page: &Page<'_>) -> Result<Extracted, ExtractError> {
        let html = prepare(page, crate::DEFAULT_MAX_BYTES)?;
        let cfg = dom_smoothie::Config {
            text_mode: dom_smoothie::TextMode::Formatted,
            ..Default::default()
        };
        let mut r =
            dom_smoothie::Readability::new(html.as_str(), page.url, Some(cfg)).map_err(|e| {
                ExtractError::Empty {
                    reason: e.to_string(),
                }
            })?;
        let a = r.parse().map_err(|e| ExtractError::Empty {
            reason: e.to_string(),
        })?;
        let opt = |s: Option<String>| s.map(|s| collapse_ws(&s)).filter(|s| !s.is_empty());
        Ok(Extracted {
            url: opt(a.url).or_else(|| page.url.map(str::to_owned)),
            title: opt(Some(a.title)),
            author: opt(a.byline),
            published: a.published_time.map(|d| d.chars().take(10).collect()),
            site: opt(a.site_name),
            lang: opt(a.lang),
            text: paragraphs_from_lines(&a.text_content),
        })
    }
}
