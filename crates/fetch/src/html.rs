//! Entry HTML (feed `content` / `summary`) to plain text: paragraphs separated by one
//! blank line, scripts and embeds dropped.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "form",
    "button", "select", "head",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "hr",
    "dd",
    "dt",
    "dl",
    "aside",
    "main",
    "address",
];

/// The text of an HTML fragment.
pub fn html_to_text(html: &str) -> String {
    let doc = Html::parse_fragment(html);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut skipping = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let name = e.name();
                    if SKIP.contains(&name) {
                        skipping += 1;
                    } else if BLOCK.contains(&name) {
                        flush(&mut current, &mut paragraphs);
                    }
                }
                Node::Text(t) if skipping == 0 => current.push_str(t),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    let name = e.name();
                    if SKIP.contains(&name) {
                        skipping = skipping.saturating_sub(1);
                    } else if BLOCK.contains(&name) {
                        flush(&mut current, &mut paragraphs);
                    }
                }
            }
        }
    }
    flush(&mut current, &mut paragraphs);
    paragraphs.join("\n\n")
}

/// Text that may or may not be HTML: converted when it looks like markup.
pub fn maybe_html_to_text(s: &str) -> String {
    if s.contains('<') || s.contains('&') {
        html_to_text(s)
    } else {
        collapse(s)
    }
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    let para = collapse(current);
    if !para.is_empty() {
        out.push(para);
    }
    current.clear();
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_entities() {
        let html = "<p>One &amp; two.</p><p>Three <b>bold</b>\n words.<br>Four</p>\
                    <script>alert(1)</script><div>Five&nbsp;six</div>";
        assert_eq!(
            html_to_text(html),
            "One & two.\n\nThree bold words.\n\nFour\n\nFive\u{a0}six".replace('\u{a0}', " ")
        );
    }

    #[test]
    fn plain_text_stays() {
        assert_eq!(maybe_html_to_text("  a  plain\ttitle "), "a plain title");
    }
}
