//! Per-node facts the later passes share: which nodes are dropped as boilerplate, and
//! how much text and link text each subtree holds.

use crate::boilerplate::{classify, Drop};
use crate::dom::{Dom, NodeId, NONE};

/// Facts per node, indexed by [`NodeId`].
#[derive(Debug)]
pub struct Stats {
    /// Dropped: the node or an ancestor is boilerplate.
    pub dropped: Vec<bool>,
    /// Characters of visible text below the node (dropped parts not counted).
    pub text_len: Vec<u32>,
    /// Characters of that text inside links.
    pub link_len: Vec<u32>,
    /// The `<body>` element (or the root).
    pub body: NodeId,
}

impl Stats {
    /// Compute the facts. A node whose class names boilerplate is still kept when it
    /// holds most of the page's text (a wrapper such as `page has-sidebar`).
    pub fn compute(dom: &Dom) -> Stats {
        let n = dom.len();
        let body = dom.elements("body").next().unwrap_or(0);
        let kinds: Vec<Drop> = (0..n as NodeId).map(|i| classify(dom, i)).collect();
        // First pass: tag drops only, to know how much text the page has.
        let tag_dropped = propagate(dom, |i| kinds[i as usize] == Drop::Tag);
        let (tag_text, _) = lengths(dom, &tag_dropped);
        let total = tag_text[body as usize].max(1);
        let dropped = propagate(dom, |i| match kinds[i as usize] {
            Drop::Tag => true,
            Drop::Class | Drop::Region => (tag_text[i as usize] as f64) < 0.6 * total as f64,
            Drop::No => false,
        });
        let (text_len, link_len) = lengths(dom, &dropped);
        Stats {
            dropped,
            text_len,
            link_len,
            body,
        }
    }

    /// Share of the text of a node that sits in links.
    pub fn link_density(&self, n: NodeId) -> f64 {
        let t = self.text_len[n as usize];
        if t == 0 {
            0.0
        } else {
            self.link_len[n as usize] as f64 / t as f64
        }
    }
}

/// Mark nodes whose ancestor-or-self satisfies `drop`.
fn propagate(dom: &Dom, drop: impl Fn(NodeId) -> bool) -> Vec<bool> {
    let mut out = vec![false; dom.len()];
    for i in 0..dom.len() {
        let p = dom.nodes[i].parent;
        out[i] = (p != NONE && out[p as usize]) || drop(i as NodeId);
    }
    out
}

/// Text and link-text lengths per subtree, skipping dropped nodes.
fn lengths(dom: &Dom, dropped: &[bool]) -> (Vec<u32>, Vec<u32>) {
    let n = dom.len();
    let mut text = vec![0u32; n];
    let mut link = vec![0u32; n];
    for i in (0..n).rev() {
        if dropped[i] {
            continue;
        }
        if let Some(t) = dom.text(i as NodeId) {
            text[i] = t
                .split_whitespace()
                .map(|w| w.chars().count() as u32 + 1)
                .sum();
        }
        if dom.tag(i as NodeId) == "a" {
            link[i] = text[i];
        }
        let p = dom.nodes[i].parent;
        if p != NONE {
            text[p as usize] += text[i];
            link[p as usize] += link[i];
        }
    }
    (text, link)
}
