//! Index, section and tag pages: many story teasers, no article. They are reported as
//! "not an article" instead of being extracted as one.

use crate::dom::{Dom, NodeId};
use crate::meta::Meta;
use crate::stats::Stats;

/// Characters of a paragraph that a teaser's blurb does not reach.
const LONG_PARAGRAPH: usize = 200;

/// Why the page is a listing, or `None` when it may be an article.
pub fn detect(dom: &Dom, st: &Stats, meta: &Meta, text: &str) -> Option<String> {
    if meta.ld.is_article || meta.og_type.as_deref() == Some("article") {
        return None;
    }
    let text_chars = text.chars().count();
    // Several long paragraphs are a story, however many teasers surround it.
    let long_paragraphs = text
        .split("\n\n")
        .filter(|p| p.chars().count() >= LONG_PARAGRAPH)
        .count();
    if long_paragraphs >= 3 && text_chars >= 1500 {
        return None;
    }
    // Teaser cards: <article> elements (or headings) that are mostly a link.
    let mut cards = 0;
    let mut n: NodeId = 0;
    while (n as usize) < dom.len() {
        let card = matches!(dom.tag(n), "article" | "h2" | "h3");
        let len = st.text_len[n as usize];
        if card && len > 0 && len < 600 && dom.subtree(n).any(|c| dom.tag(c) == "a") {
            cards += 1;
            // A card's own headings are part of it, not more cards.
            n = dom.end[n as usize];
            continue;
        }
        n += 1;
    }
    let body = st.body;
    let link_density = st.link_density(body);
    if cards >= 8 && text_chars < 120 * cards && link_density > 0.5 {
        return Some(format!(
            "{cards} story teasers and {:.0}% of the text in links",
            link_density * 100.0
        ));
    }
    if meta.ld.is_listing && cards >= 5 && text_chars < 1500 {
        return Some(format!(
            "the page describes itself as a collection of {cards} items"
        ));
    }
    None
}
