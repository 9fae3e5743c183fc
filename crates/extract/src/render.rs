//! Rendering the selected elements as paragraphs, dropping the blocks inside the
//! article flow that are not article: link lists, "Read more" teasers, ad labels,
//! repeated paragraphs.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::dom::{Dom, NodeId};
use crate::stats::Stats;
use crate::text::collapse_ws;

/// Elements that start a new paragraph.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "figure"
            | "figcaption"
            | "header"
            | "address"
            | "center"
            | "hr"
            | "br"
            | "details"
            | "summary"
            | "tbody"
            | "thead"
            | "caption"
    )
}

/// A paragraph that opens with one of these is a teaser for another story.
static TEASER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:read\s+more|also\s+read|read\s+also|related(?:\s+stories|\s+articles)?|see\s+also|recommended|more\s+on\s+this|lesen\s+sie\s+(?:auch|mehr)|mehr\s+zum\s+thema|auch\s+interessant|das\s+könnte\s+sie\s+auch\s+interessieren|siehe\s+auch|weiterlesen|à\s+lire\s+aussi|a\s+lire\s+aussi|lire\s+aussi|voir\s+aussi|lee\s+también|leer\s+más|te\s+puede\s+interesar|czytaj\s+(?:też|także|więcej)|zobacz\s+(?:też|także)|leggi\s+anche)\b\s*[:：»>\-–—]?",
    )
    .expect("valid regex")
});

/// Whole paragraphs that are only a label.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:advertisement|anzeige|werbung|publicité|publicidad|reklama|pubblicità|sponsored|share|teilen|drucken|print|tweet|e-?mail|facebook|twitter|whatsapp)$")
        .expect("valid regex")
});

/// One paragraph under construction.
#[derive(Default)]
struct Para {
    text: String,
    link_chars: usize,
}

/// Render the selected elements.
pub fn render(dom: &Dom, st: &Stats, roots: &[NodeId]) -> String {
    let mut paras: Vec<Para> = Vec::new();
    let mut cur = Para::default();
    for &root in roots {
        let mut n = root;
        let end = dom.end[root as usize];
        // Depth of open links, tracked by the end index of each open <a>.
        let mut link_ends: Vec<NodeId> = Vec::new();
        // Block elements whose end must close the paragraph.
        let mut block_ends: Vec<NodeId> = Vec::new();
        while n < end {
            while block_ends.last().is_some_and(|&e| e <= n) {
                block_ends.pop();
                flush(&mut paras, &mut cur);
            }
            while link_ends.last().is_some_and(|&e| e <= n) {
                link_ends.pop();
            }
            let i = n as usize;
            if st.dropped[i] {
                n = dom.end[i];
                continue;
            }
            if let Some(t) = dom.text(n) {
                if !link_ends.is_empty() {
                    cur.link_chars += t
                        .split_whitespace()
                        .map(|w| w.chars().count() + 1)
                        .sum::<usize>();
                }
                cur.text.push_str(t);
            } else {
                let tag = dom.tag(n);
                if is_block(tag) {
                    flush(&mut paras, &mut cur);
                    block_ends.push(dom.end[i]);
                } else if matches!(tag, "td" | "th") {
                    cur.text.push(' ');
                }
                if tag == "a" {
                    link_ends.push(dom.end[i]);
                }
            }
            n += 1;
        }
        flush(&mut paras, &mut cur);
    }
    let mut seen = HashSet::new();
    let mut out = String::new();
    for p in paras {
        if !seen.insert(p.text.clone()) && p.text.chars().count() > 20 {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&p.text);
    }
    out
}

/// Close the current paragraph, keeping it only when it is article text.
fn flush(paras: &mut Vec<Para>, cur: &mut Para) {
    let raw = std::mem::take(cur);
    let text = collapse_ws(&raw.text);
    if text.is_empty() {
        return;
    }
    let len = text.chars().count() + 1;
    let link_share = raw.link_chars as f64 / len as f64;
    let teaser = TEASER.is_match(&text) && (link_share > 0.2 || len < 150);
    if link_share > 0.6 || teaser || LABEL.is_match(&text) {
        return;
    }
    paras.push(Para {
        text,
        link_chars: raw.link_chars,
    });
}
