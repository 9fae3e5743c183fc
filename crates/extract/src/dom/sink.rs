//! The html5ever tree sink behind [`Dom::parse`](super::Dom::parse): an arena of nodes
//! linked by index, holding for each element only what the extraction reads, so that
//! no general-purpose DOM (with every attribute, comments and class sets) is built and
//! then copied.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{ns, Attribute, QualName};

use super::{Kind, KEPT_ATTRS};

/// Index of a node in the arena.
pub type Handle = u32;

/// The document node.
pub const ROOT: Handle = 0;

const NO: Handle = u32::MAX;

/// What an arena node holds.
enum Payload {
    /// The document, or the contents of a `<template>`.
    Document,
    Element {
        class_id: Box<str>,
        attrs: Vec<(&'static str, StrTendril)>,
        /// The contents of a `<template>` element.
        template: Handle,
    },
    Text(StrTendril),
    /// A comment or processing instruction: in the tree while parsing, never read.
    Ignored,
    /// Moved out into the [`Dom`](super::Dom).
    Taken,
}

struct ArenaNode {
    /// The element's name (an empty name for other nodes).
    name: QualName,
    payload: Payload,
    parent: Handle,
    first_child: Handle,
    last_child: Handle,
    prev_sibling: Handle,
    next_sibling: Handle,
}

/// The arena the parser builds.
pub struct Tree {
    nodes: Vec<ArenaNode>,
}

impl Tree {
    /// Number of nodes (an upper bound of the size of the document).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The node's content for the [`Dom`](super::Dom), moved out; `None` for nodes the
    /// extraction never reads (comments).
    pub fn take_kind(&mut self, h: Handle) -> Option<Kind> {
        let node = self.nodes.get_mut(h as usize)?;
        match std::mem::replace(&mut node.payload, Payload::Taken) {
            Payload::Document => Some(Kind::Document),
            Payload::Element {
                class_id, attrs, ..
            } => Some(Kind::Element {
                tag: node.name.local.clone(),
                class_id,
                attrs,
            }),
            Payload::Text(t) => Some(Kind::Text(t)),
            Payload::Ignored | Payload::Taken => None,
        }
    }

    /// The children of a node, in order (a `<template>`'s contents are its child).
    pub fn children(&self, h: Handle) -> impl Iterator<Item = Handle> + '_ {
        let template = match self.nodes.get(h as usize).map(|n| &n.payload) {
            Some(Payload::Element { template, .. }) => *template,
            _ => NO,
        };
        let first = self.nodes.get(h as usize).map_or(NO, |n| n.first_child);
        std::iter::successors((first != NO).then_some(first), move |&c| {
            let next = self.nodes[c as usize].next_sibling;
            (next != NO).then_some(next)
        })
        .chain((template != NO).then_some(template))
    }

    fn push(&mut self, name: QualName, payload: Payload) -> Handle {
        let h = self.nodes.len() as Handle;
        self.nodes.push(ArenaNode {
            name,
            payload,
            parent: NO,
            first_child: NO,
            last_child: NO,
            prev_sibling: NO,
            next_sibling: NO,
        });
        h
    }

    fn detach(&mut self, h: Handle) {
        let (parent, prev, next) = {
            let n = &self.nodes[h as usize];
            (n.parent, n.prev_sibling, n.next_sibling)
        };
        if parent == NO {
            return;
        }
        if prev != NO {
            self.nodes[prev as usize].next_sibling = next;
        } else {
            self.nodes[parent as usize].first_child = next;
        }
        if next != NO {
            self.nodes[next as usize].prev_sibling = prev;
        } else {
            self.nodes[parent as usize].last_child = prev;
        }
        let n = &mut self.nodes[h as usize];
        n.parent = NO;
        n.prev_sibling = NO;
        n.next_sibling = NO;
    }

    /// Insert the detached node `h` under `parent`, before `before` (`NO`: at the end).
    fn insert(&mut self, parent: Handle, h: Handle, before: Handle) {
        let prev = if before == NO {
            self.nodes[parent as usize].last_child
        } else {
            self.nodes[before as usize].prev_sibling
        };
        {
            let n = &mut self.nodes[h as usize];
            n.parent = parent;
            n.prev_sibling = prev;
            n.next_sibling = before;
        }
        if prev != NO {
            self.nodes[prev as usize].next_sibling = h;
        } else {
            self.nodes[parent as usize].first_child = h;
        }
        if before != NO {
            self.nodes[before as usize].prev_sibling = h;
        } else {
            self.nodes[parent as usize].last_child = h;
        }
    }

    /// Add a node or text under `parent` before `before` (`NO`: at the end), merging
    /// text with a text node just before it.
    fn add(&mut self, parent: Handle, child: NodeOrText<Handle>, before: Handle) {
        match child {
            NodeOrText::AppendNode(h) => {
                self.detach(h);
                self.insert(parent, h, before);
            }
            NodeOrText::AppendText(text) => {
                let prev = if before == NO {
                    self.nodes[parent as usize].last_child
                } else {
                    self.nodes[before as usize].prev_sibling
                };
                if let Some(ArenaNode {
                    payload: Payload::Text(t),
                    ..
                }) = self.nodes.get_mut(prev as usize)
                {
                    t.push_tendril(&text);
                    return;
                }
                let h = self.push(empty_name(), Payload::Text(text));
                self.insert(parent, h, before);
            }
        }
    }
}

fn empty_name() -> QualName {
    QualName::new(None, ns!(), html5ever::local_name!(""))
}

/// The sink: the arena behind a `RefCell`, as html5ever's `TreeSink` takes `&self`.
pub struct Sink {
    tree: RefCell<Tree>,
}

impl Default for Sink {
    fn default() -> Self {
        let mut tree = Tree { nodes: Vec::new() };
        tree.push(empty_name(), Payload::Document);
        Sink {
            tree: RefCell::new(tree),
        }
    }
}

/// `id` and `class` joined and lower-cased, and the kept attributes.
fn element_payload(attrs: Vec<Attribute>) -> Payload {
    let mut class_id = String::new();
    let mut class = None;
    let mut kept = Vec::new();
    for a in attrs {
        let name: &str = &a.name.local;
        if !a.name.ns.is_empty() {
            continue;
        }
        match name {
            "id" => class_id.insert_str(0, &a.value),
            "class" => class = Some(a.value),
            _ => {
                if let Some(k) = KEPT_ATTRS.iter().find(|k| **k == name) {
                    kept.push((*k, a.value));
                }
            }
        }
    }
    if let Some(class) = class {
        class_id.push(' ');
        class_id.push_str(&class);
    }
    let class_id = if class_id
        .bytes()
        .any(|b| b.is_ascii_uppercase() || b >= 0x80)
    {
        class_id.to_lowercase()
    } else {
        class_id
    };
    Payload::Element {
        class_id: class_id.into_boxed_str(),
        attrs: kept,
        template: NO,
    }
}

impl TreeSink for Sink {
    type Handle = Handle;
    type Output = Tree;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Tree {
        self.tree.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        ROOT
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> Ref<'a, QualName> {
        Ref::map(self.tree.borrow(), |t| &t.nodes[*target as usize].name)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> Handle {
        let is_template = name.ns == ns!(html) && &*name.local == "template";
        let mut tree = self.tree.borrow_mut();
        let h = tree.push(name, element_payload(attrs));
        if is_template {
            let contents = tree.push(empty_name(), Payload::Document);
            if let Payload::Element { template, .. } = &mut tree.nodes[h as usize].payload {
                *template = contents;
            }
        }
        h
    }

    fn create_comment(&self, _text: StrTendril) -> Handle {
        self.tree.borrow_mut().push(empty_name(), Payload::Ignored)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Handle {
        self.tree.borrow_mut().push(empty_name(), Payload::Ignored)
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        self.tree.borrow_mut().add(*parent, child, NO);
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        let has_parent = self.tree.borrow().nodes[*element as usize].parent != NO;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Handle) -> Handle {
        match &self.tree.borrow().nodes[*target as usize].payload {
            Payload::Element { template, .. } if *template != NO => *template,
            _ => *target,
        }
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        let mut tree = self.tree.borrow_mut();
        if let NodeOrText::AppendNode(h) = new_node {
            tree.detach(h);
        }
        let parent = tree.nodes[*sibling as usize].parent;
        if parent != NO {
            tree.add(parent, new_node, *sibling);
        }
    }

    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        let mut tree = self.tree.borrow_mut();
        let Payload::Element { attrs: kept, .. } = &mut tree.nodes[*target as usize].payload else {
            return;
        };
        // Only `<html>` and `<body>` get attributes this way; their id and class are
        // never read, their other kept attributes (`lang`) are.
        for a in attrs {
            if !a.name.ns.is_empty() {
                continue;
            }
            let name: &str = &a.name.local;
            if let Some(k) = KEPT_ATTRS.iter().find(|k| **k == name) {
                if !kept.iter().any(|(n, _)| n == k) {
                    kept.push((*k, a.value));
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Handle) {
        self.tree.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        let mut tree = self.tree.borrow_mut();
        let mut c = tree.nodes[*node as usize].first_child;
        while c != NO {
            let next = tree.nodes[c as usize].next_sibling;
            tree.detach(c);
            tree.insert(*new_parent, c, NO);
            c = next;
        }
    }
}
