//! Finding the element that holds the article: an explicit body marker
//! (`itemprop="articleBody"`, `article-body`, `entry-content`, ...) when the page has
//! one, else the element with the best readability-style paragraph score, plus the
//! siblings that continue it.

use crate::boilerplate::joined;
use crate::dom::{Dom, NodeId, NONE};
use crate::stats::{paragraph_text, Stats};

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
    let (good, bad) = paragraph_text(dom, &st.dropped, &st.text_len, &st.link_len);
    let value = |n: NodeId| good[n as usize] as f64 - BAD_WEIGHT * bad[n as usize] as f64;
    let best = (0..dom.len() as NodeId)
        .filter(|&n| !st.dropped[n as usize] && !dom.tag(n).is_empty() && good[n as usize] > 0)
        .max_by(|&a, &b| value(a).total_cmp(&value(b)));
    let mut region = best.unwrap_or(st.body);
    if let Some(m) = marker(dom, st) {
        let keep = match best {
            None => true,
            Some(b) => {
                good[m as usize] as f64 >= 0.5 * good[b as usize] as f64 || dom.contains(m, b)
            }
        };
        if keep {
            region = m;
        }
    }
    with_neighbours(dom, st, &good, region)
}

/// How many levels above the region to look for neighbouring paragraphs.
const NEIGHBOUR_LEVELS: usize = 3;

/// The region plus the blocks just before it (and before its ancestors, a few levels
/// up) that are made of real paragraphs: a lead paragraph in the article header, the
/// first part of a body split into several containers. Blocks after the region are
/// left out: that is where author boxes and "more from" lists sit.
fn with_neighbours(dom: &Dom, st: &Stats, good: &[u32], region: NodeId) -> Vec<NodeId> {
    let mut roots = vec![region];
    let mut child = region;
    let mut anc = dom.nodes[region as usize].parent;
    let mut level = 0;
    while anc != NONE && level < NEIGHBOUR_LEVELS && anc != st.body {
        let mut c = dom.nodes[anc as usize].first_child;
        while c != NONE && c != child {
            let i = c as usize;
            if !st.dropped[i] {
                let text = st.text_len[i];
                if good[i] >= 40 && good[i] as f64 >= 0.8 * text as f64 {
                    roots.push(c);
                }
            }
            c = dom.nodes[i].next_sibling;
        }
        child = anc;
        anc = dom.nodes[anc as usize].parent;
        level += 1;
    }
    roots.sort_unstable();
    roots
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
                let mut buf = [0u8; 48];
                BODY_MARKERS.contains(&joined(c, &mut buf))
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
