//! [`NewsExtractor`]: the pipeline from page bytes to an [`Extracted`] article.

use crate::dom::{Dom, NodeId};
use crate::stats::Stats;
use crate::{content, lang, listing, meta, prepare, prescan, render, text, wall};
use crate::{ExtractError, Extracted, Extractor, Page, DEFAULT_MAX_BYTES};

/// Pages nested deeper than this (by a cheap pre-scan) are refused before they are parsed.
pub const DEFAULT_MAX_DEPTH: usize = 5_000;

/// Below this many characters the main-text selection is checked against a plain
/// "all paragraphs" extraction.
const SHORT_TEXT: usize = 250;

/// The extractor for news pages: main text with news boilerplate removed, metadata,
/// listing pages and walls reported.
#[derive(Debug, Clone)]
pub struct NewsExtractor {
    max_bytes: usize,
    max_depth: usize,
    detect_listings: bool,
    detect_walls: bool,
}

impl Default for NewsExtractor {
    fn default() -> Self {
        NewsExtractor {
            max_bytes: DEFAULT_MAX_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            detect_listings: true,
            detect_walls: true,
        }
    }
}

impl NewsExtractor {
    /// Refuse pages larger than `bytes` (after decompression).
    pub fn max_bytes(mut self, bytes: usize) -> Self {
        self.max_bytes = bytes;
        self
    }

    /// Report listing pages as [`ExtractError::NotAnArticle`] (default) or extract them.
    pub fn detect_listings(mut self, on: bool) -> Self {
        self.detect_listings = on;
        self
    }

    /// Report walls as [`ExtractError::Walled`] (default) or return what text there is.
    pub fn detect_walls(mut self, on: bool) -> Self {
        self.detect_walls = on;
        self
    }
}

impl Extractor for NewsExtractor {
    fn extract(&self, page: &Page<'_>) -> Result<Extracted, ExtractError> {
        let html = prepare(page, self.max_bytes)?;
        let scan = prescan::prescan(&html);
        drop(html);
        if scan.max_depth > self.max_depth {
            return Err(ExtractError::TooDeep {
                limit: self.max_depth,
            });
        }
        let dom = Dom::parse(&scan.html);
        drop(scan);
        let st = Stats::compute(&dom);
        let meta = meta::read(&dom, page.url);

        let roots = content::select(&dom, &st);
        let mut body = render::render(&dom, &st, &roots);
        if body.chars().count() < SHORT_TEXT {
            let fallback = render::render(&dom, &st, &paragraphs(&dom, &st));
            if fallback.chars().count() > body.chars().count() * 2 {
                body = fallback;
            }
        }

        if body.chars().count() < SHORT_TEXT {
            if let Some(templated) = template_text(&dom) {
                if templated.chars().count() > body.chars().count() * 2 {
                    body = templated;
                }
            }
        }

        if body.chars().count() < SHORT_TEXT {
            if let Some(ld_body) = meta.ld.body.as_deref().map(ld_text) {
                if ld_body.chars().count() > body.chars().count() * 2 {
                    body = ld_body;
                }
            }
        }

        body = complete_recipe(body, &meta.ld.recipe);
        let visible = visible_text(&dom, st.body);
        if body.is_empty() && visible.trim().is_empty() {
            return Err(ExtractError::Empty {
                reason: "no visible text".into(),
            });
        }
        if self.detect_walls {
            let has_password = dom
                .elements("input")
                .any(|n| dom.attr(n, "type") == Some("password"));
            if let Some((kind, reason)) = wall::detect(&meta, &body, &visible, has_password) {
                return Err(ExtractError::Walled { kind, reason });
            }
        }
        if self.detect_listings {
            if let Some(reason) = listing::detect(&dom, &st, &meta, &body) {
                return Err(ExtractError::NotAnArticle { reason });
            }
        }
        if body.is_empty() {
            return Err(ExtractError::Empty {
                reason: "no article text found".into(),
            });
        }

        let h1s: Vec<String> = dom
            .elements("h1")
            .filter(|&n| !st.dropped[n as usize] || roots.iter().any(|&r| dom.contains(r, n)))
            .map(|n| text::collapse_ws(&dom.text_content(n)))
            .collect();
        let title = meta::choose_title(meta.title.as_deref(), &h1s, meta.site.as_deref());
        let body = drop_leading_title(body, title.as_deref());
        let lang = lang::detect(&body, meta.lang.as_deref());
        Ok(Extracted {
            url: meta.url,
            title,
            author: meta.author,
            published: meta.published,
            site: meta.site,
            lang,
            text: body,
        })
    }
}

/// The text of a JSON-LD `articleBody` (plain text, or HTML in some CMSs).
fn ld_text(s: &str) -> String {
    if s.contains("</") || s.contains("<br") {
        let dom = Dom::parse(s);
        let st = Stats::compute(&dom);
        render::render(&dom, &st, &[st.body])
    } else {
        text::paragraphs_from_lines(s)
    }
}

/// The article as rendered from the page's client-side HTML templates (`<script
/// type="text/template">`), for pages whose markup is filled in by a script.
fn template_text(dom: &Dom) -> Option<String> {
    let html = dom
        .elements("script")
        .filter(|&n| {
            dom.attr(n, "type").is_some_and(|t| {
                let t = t.trim();
                t.eq_ignore_ascii_case("text/template")
                    || t.eq_ignore_ascii_case("text/x-template")
                    || t.eq_ignore_ascii_case("text/html")
            })
        })
        .map(|n| dom.text_content(n))
        .max_by_key(String::len)?;
    // Template text is not covered by the page's depth check.
    if !html.contains('<') {
        return None;
    }
    let scan = prescan::prescan(&html);
    if scan.max_depth > DEFAULT_MAX_DEPTH {
        return None;
    }
    let inner = Dom::parse(&scan.html);
    let st = Stats::compute(&inner);
    let text = render::render(&inner, &st, &content::select(&inner, &st));
    (!text.is_empty()).then_some(text)
}

/// A recipe page whose markup hides the ingredients and steps (tabs, scripts) still
/// declares them in its JSON-LD: when fewer than half of those lines are in the text,
/// the missing ones are added after it.
fn complete_recipe(body: String, recipe: &[String]) -> String {
    if recipe.is_empty() {
        return body;
    }
    let flat = text::collapse_ws(&body);
    let present = recipe.iter().filter(|l| flat.contains(l.as_str())).count();
    if present * 2 >= recipe.len() {
        return body;
    }
    let mut out = body;
    for line in recipe.iter().filter(|l| !flat.contains(l.as_str())) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(line);
    }
    out
}

/// The headline is metadata, not part of the text.
fn drop_leading_title(body: String, title: Option<&str>) -> String {
    let Some(title) = title.filter(|t| !t.is_empty()) else {
        return body;
    };
    let limit = title.chars().count() + 40;
    let paras: Vec<&str> = body.split("\n\n").collect();
    paras
        .iter()
        .enumerate()
        .filter(|(i, p)| *i > 2 || !(p.contains(title) && p.chars().count() < limit))
        .map(|(_, p)| *p)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Every paragraph of the page outside boilerplate (the fallback selection).
fn paragraphs(dom: &Dom, st: &Stats) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut n = st.body;
    let end = dom.end[st.body as usize];
    while n < end {
        if !st.dropped[n as usize]
            && matches!(
                dom.tag(n),
                "p" | "pre" | "blockquote" | "h2" | "h3" | "li" | "td"
            )
        {
            out.push(n);
            n = dom.end[n as usize];
        } else {
            n += 1;
        }
    }
    out
}

/// The text a reader sees on the page (scripts and styles left out), capped in size.
fn visible_text(dom: &Dom, body: NodeId) -> String {
    let mut out = String::new();
    let mut n = body;
    let end = dom.end[body as usize];
    while n < end && out.len() < 50_000 {
        if matches!(
            dom.tag(n),
            "script" | "style" | "noscript" | "template" | "svg"
        ) {
            n = dom.end[n as usize];
            continue;
        }
        if let Some(t) = dom.text(n) {
            out.push_str(t);
            out.push(' ');
        }
        n += 1;
    }
    out
}
