//! A compact, read-only document tree: the HTML5 parse (html5ever, via `scraper`)
//! flattened into one vector with index links, so every later pass is an iterative
//! walk with no recursion (a page nested 100 000 levels deep cannot overflow a stack).

use scraper::Node as ScraperNode;

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
    /// The document root.
    Document,
    /// An element: lower-case tag name, id and class lower-cased and joined by a
    /// space, and the attributes of [`KEPT_ATTRS`].
    Element {
        tag: Box<str>,
        class_id: Box<str>,
        attrs: Vec<(&'static str, Box<str>)>,
    },
    /// A text node.
    Text(Box<str>),
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
        let parsed = scraper::Html::parse_document(html);
        let mut nodes: Vec<Node> = Vec::with_capacity(html.len() / 40);
        let mut last_child: Vec<NodeId> = Vec::with_capacity(html.len() / 40);
        // (scraper node, parent index); pushed in reverse child order so the walk
        // is pre-order.
        let mut stack = vec![(parsed.tree.root(), NONE)];
        while let Some((node, parent)) = stack.pop() {
            let kind = match node.value() {
                ScraperNode::Document | ScraperNode::Fragment => Kind::Document,
                ScraperNode::Element(e) => {
                    let mut class_id = String::new();
                    if let Some(id) = e.id() {
                        class_id.push_str(id);
                    }
                    if let Some(class) = e.attr("class") {
                        class_id.push(' ');
                        class_id.push_str(class);
                    }
                    let attrs = e
                        .attrs()
                        .filter_map(|(k, v)| {
                            KEPT_ATTRS
                                .iter()
                                .find(|a| **a == k)
                                .map(|a| (*a, Box::from(v)))
                        })
                        .collect();
                    Kind::Element {
                        tag: e.name().to_ascii_lowercase().into_boxed_str(),
                        class_id: class_id.to_lowercase().into_boxed_str(),
                        attrs,
                    }
                }
                ScraperNode::Text(t) => Kind::Text(Box::from(&**t)),
                _ => continue,
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
            let children: Vec<_> = node.children().collect();
            for child in children.into_iter().rev() {
                stack.push((child, id));
            }
        }
        drop(parsed);
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
}
