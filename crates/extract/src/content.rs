//! Finding the element that holds the article: an explicit body marker
//! (`itemprop="articleBody"`, `article-body`, `entry-content`, ...) when the page has
//! one, else the element with the best readability-style paragraph score, plus the
//! siblings that continue it.

use crate::dom::{Dom, NodeId, NONE};
use crate::stats::Stats;

/// Class / id names (joined, lower-case) of elements that hold an article body.
const BODY_MARKERS: &[&str] = &[
    "articlebody",
    "articletext",
    "articlecontent",
    "articlebodytext",
    "entrycontent",
    "postcontent",
    "postbody",
    "postentry",
    "storybody",
    "storycontent",
    "storytext",
    "bodytext",
    "contentbody",
    "entrybody",
    "singlecontent",
    "posttext",
    "textcontent",
    "articlemain",
    "articleinner",
    "contentarticle",
    "newstext",
    "newsbody",
    "newscontent",
    "blogpost",
    "blogcontent",
    "entrytext",
    "itemfulltext",
    "fieldbody",
    "fieldnamebody",
    "tdpostcontent",
    "artikeltext",
    "mainarticle",
];

/// How much a character of non-article text (links, fragments) costs against a
/// character of paragraph text when choosing the region.
const BAD_WEIGHT: f64 = 1.0;

/// The parts of the page to render, in document order.
pub fn select(dom: &Dom, st: &Stats) -> Vec<NodeId> {
    let (good, bad) = paragraph_text(dom, st);
    let value = |n: NodeId| good[n as usize] as f64 - BAD_WEIGHT * bad[n as usize] as f64;
    let best = (0..dom.len() as NodeId)
        .filter(|&n| !st.dropped[n as usize] && !dom.tag(n).is_empty() && good[n as usize] > 0)
        .max_by(|&a, &b| value(a).total_cmp(&value(b)));
    if let Some(m) = marker(dom, st) {
        let keep = match best {
            None => true,
            Some(b) => {
                good[m as usize] as f64 >= 0.7 * good[b as usize] as f64 || dom.contains(m, b)
            }
        };
        if keep {
            return vec![m];
        }
    }
    vec![best.unwrap_or(st.body)]
}

/// Per subtree: characters of text in real paragraphs (blocks with enough text and few
/// links), and characters of other text.
fn paragraph_text(dom: &Dom, st: &Stats) -> (Vec<u32>, Vec<u32>) {
    let n = dom.len();
    let mut good = vec![0u32; n];
    let mut bad = vec![0u32; n];
    // The nearest block ancestor of every node, found top-down.
    let mut block = vec![NONE; n];
    let mut in_link = vec![false; n];
    for i in 0..n {
        let p = dom.nodes[i].parent;
        if p != NONE {
            block[i] = if is_block(dom.tag(p)) {
                p
            } else {
                block[p as usize]
            };
            in_link[i] = in_link[p as usize] || dom.tag(p) == "a";
        }
    }
    for i in (0..n).rev() {
        if st.dropped[i] {
            continue;
        }
        if dom.text(i as NodeId).is_some() {
            let len = st.text_len[i];
            let b = block[i];
            let good_block =
                b != NONE && st.text_len[b as usize] >= 50 && st.link_density(b) < 0.33;
            if good_block && !in_link[i] {
                good[i] = len;
            } else {
                bad[i] = len;
            }
        }
        let p = dom.nodes[i].parent;
        if p != NONE {
            good[p as usize] += good[i];
            bad[p as usize] += bad[i];
        }
    }
    (good, bad)
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "li"
            | "td"
            | "th"
            | "dd"
            | "dt"
            | "blockquote"
            | "pre"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "main"
            | "body"
            | "figcaption"
            | "center"
            | "font"
            | "span"
            | "table"
            | "ul"
            | "ol"
    )
}

/// Text outside links.
fn useful_len(st: &Stats, n: NodeId) -> u32 {
    st.text_len[n as usize] - st.link_len[n as usize]
}

/// The largest element marked as an article body, if it has real text.
fn marker(dom: &Dom, st: &Stats) -> Option<NodeId> {
    let mut best: Option<(NodeId, u32)> = None;
    for n in 0..dom.len() as NodeId {
        if st.dropped[n as usize] {
            continue;
        }
        let is_marker = dom
            .attr(n, "itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
            || dom.class_id(n).split_ascii_whitespace().any(|c| {
                let joined: String = c.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
                BODY_MARKERS.contains(&joined.as_str())
            });
        if !is_marker || matches!(dom.tag(n), "body" | "html" | "a" | "span" | "p") {
            continue;
        }
        let len = useful_len(st, n);
        if len >= 200 && st.link_density(n) < 0.5 && best.is_none_or(|(_, l)| len > l) {
            best = Some((n, len));
        }
    }
    best.map(|(n, _)| n)
}
