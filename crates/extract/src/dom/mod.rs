//! A compact, read-only document tree: html5ever's HTML5 parse, built by our own tree
//! sink ([`sink`]) that keeps only what the extraction reads (tag, id and class, a few
//! attributes, text), then laid out in one vector in document order with index links,
//! so every later pass is an iterative walk with no recursion (a page nested 100 000
//! levels deep cannot overflow a stack).

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::LocalName;

mod sink;

/// Index of a node in [`Dom::nodes`].
pub type NodeId = u32;

/// "No node".
pub const NONE: NodeId = u32::MAX;

/// The attributes kept from the parse (others are never read).
const KEPT_ATTRS: &[&str] = &[
    "itemprop",
    "itemtype",
    "role",
    "hidden",
    "aria-hidden",
    "style",
    "type",
    "name",
    "property",
    "content",
    "href",
    "rel",
    "lang",
    "datetime",
    "http-equiv",
    "aria-label",
    "title",
];

/// What a node is.
#[derive(Debug)]
pub enum Kind {
    /// The document root (or the contents of a `<template>`).
    Document,
    /// An element: tag name (lower-case for HTML elements), id and class lower-cased and
    /// joined by a space, and the attributes of [`KEPT_ATTRS`].
    Element {
        tag: LocalName,
        class_id: Box<str>,
        attrs: Vec<(&'static str, StrTendril)>,
    },
    /// A text node.
    Text(StrTendril),
}

/// One node with its links.
#[derive(Debug)]
pub struct Node {
    pub kind: Kind,
    pub parent: NodeId,
    pub first_child: NodeId,
    pub next_sibling: NodeId,
}

/// The flattened document. Nodes are in document order (pre-order), so the
/// descendants of `n` are exactly the nodes `n+1 .. end[n]`.
#[derive(Debug)]
pub struct Dom {
    pub nodes: Vec<Node>,
    /// One past the last descendant of each node.
    pub end: Vec<NodeId>,
}

impl Dom {
    /// Parse an HTML document.
    pub fn parse(html: &str) -> Dom {
        let parser = html5ever::parse_document(sink::Sink::default(), Default::default());
        let mut tree = parser.one(html);
        let mut nodes: Vec<Node> = Vec::with_capacity(tree.len());
        let mut last_child: Vec<NodeId> = Vec::with_capacity(tree.len());
        // (tree node, parent index); pushed in reverse child order so the walk is
        // pre-order.
        let mut stack = vec![(sink::ROOT, NONE)];
        let mut children = Vec::new();
        while let Some((node, parent)) = stack.pop() {
            // Children first: taking the node's content also takes its template link.
            children.clear();
            children.extend(tree.children(node));
            let Some(kind) = tree.take_kind(node) else {
                continue;
            };
            let id = nodes.len() as NodeId;
            nodes.push(Node {
                kind,
                parent,
                first_child: NONE,
                next_sibling: NONE,
            });
            last_child.push(NONE);
            if parent != NONE {
                let p = parent as usize;
                if last_child[p] == NONE {
                    nodes[p].first_child = id;
                } else {
                    let prev = last_child[p] as usize;
                    nodes[prev].next_sibling = id;
                }
                last_child[p] = id;
            }
            stack.extend(children.iter().rev().map(|&c| (c, id)));
        }
        drop(tree);
        let mut end: Vec<NodeId> = (1..=nodes.len() as NodeId).collect();
        // Children come after their parents, so one backward pass fixes the ends.
        for i in (1..nodes.len()).rev() {
            let p = nodes[i].parent;
            if p != NONE && end[p as usize] < end[i] {
                end[p as usize] = end[i];
            }
        }
        Dom { nodes, end }
    }

    /// The tag name of an element, `""` for other nodes.
    pub fn tag(&self, id: NodeId) -> &str {
        match &self.nodes[id as usize].kind {
            Kind::Element { tag, .. } => tag,
            _ => "",
        }
    }

    /// Lower-cased id and classes of an element.
    pub fn class_id(&self, id: NodeId) -> &str {
        match &self.nodes[id as usize].kind {
            Kind::Element { class_id, .. } => class_id,
            _ => "",
        }
    }

    /// One kept attribute of an element.
    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        match &self.nodes[id as usize].kind {
            Kind::Element { attrs, .. } => {
                attrs.iter().find(|(k, _)| *k == name).map(|(_, v)| &**v)
            }
            _ => None,
        }
    }

    /// Whether the element is a link to somewhere: an `<a>` with an `href`. An `<a
    /// name="...">` without one is a jump target inside the text, not a link away.
    pub fn is_link(&self, id: NodeId) -> bool {
        self.tag(id) == "a" && self.attr(id, "href").is_some()
    }

    /// The text of a text node.
    pub fn text(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id as usize].kind {
            Kind::Text(t) => Some(t),
            _ => None,
        }
    }

    /// Children of a node, in order.
    #[allow(dead_code)]
    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            dom: self,
            next: self.nodes[id as usize].first_child,
        }
    }

    /// The node and all its descendants, in document order.
    pub fn subtree(&self, id: NodeId) -> std::ops::Range<NodeId> {
        id..self.end[id as usize]
    }

    /// All text below a node, concatenated.
    pub fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        for n in self.subtree(id) {
            if let Some(t) = self.text(n) {
                out.push_str(t);
            }
        }
        out
    }

    /// Whether `ancestor` is `node` or one of its ancestors.
    pub fn contains(&self, ancestor: NodeId, node: NodeId) -> bool {
        ancestor <= node && node < self.end[ancestor as usize]
    }

    /// Elements with this tag, in document order.
    pub fn elements<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = NodeId> + 'a {
        (0..self.nodes.len() as NodeId).filter(move |&n| self.tag(n) == tag)
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }
}

/// Iterator over the children of a node.
#[allow(dead_code)]
pub struct Children<'a> {
    dom: &'a Dom,
    next: NodeId,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        self.next = self.dom.nodes[id as usize].next_sibling;
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_in_document_order() {
        let dom = Dom::parse("<div id=A class='x Y'><p>one <b>two</b></p><p>three</p></div>");
        let div = dom.elements("div").next().unwrap();
        assert_eq!(dom.class_id(div), "a x y");
        assert_eq!(dom.text_content(div), "one twothree");
        let ps: Vec<_> = dom.children(div).collect();
        assert_eq!(ps.len(), 2);
        assert!(dom.contains(div, ps[1]));
        assert!(!dom.contains(ps[0], ps[1]));
    }

    #[test]
    fn malformed_markup_is_repaired_as_browsers_do() {
        // Misnested formatting (the adoption agency), text foster-parented out of a
        // table, a template's contents, an unclosed paragraph and entities.
        let dom = Dom::parse(
            "<body><p>one <b>two <i>three</b> four</i> five\
             <table><tr><td>cell</td></tr>stray</table>\
             <template><p>later</p></template><p>caf&eacute; &amp; &#8212;",
        );
        let body = dom.elements("body").next().unwrap();
        assert_eq!(
            dom.text_content(body),
            "one two three four fivestraycelllatercafé & —"
        );
        // The paragraph after the table is a sibling, not a child, of the first one.
        let ps: Vec<_> = dom.elements("p").collect();
        assert_eq!(ps.len(), 3);
        assert!(!dom.contains(ps[0], ps[2]));
        assert_eq!(dom.tag(dom.nodes[ps[1] as usize].parent), "");
    }
}
