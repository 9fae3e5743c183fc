//! Markdown articles: optional header lines as in text articles, then Markdown. The first
//! level-one heading is the title when no `Title:` header gave one; markup is dropped,
//! link texts kept, each block becomes a paragraph.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::formats::plain::{article, split_headers};
use crate::Batch;

/// Read a Markdown article.
pub fn read(name: &str, id: &str, text: &str) -> Batch {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut headers, body) = match split_headers(name, text) {
        Ok(split) => split,
        Err(e) => {
            return Batch {
                articles: Vec::new(),
                errors: vec![e],
            }
        }
    };
    let (title, plain) = to_plain(body);
    if headers.title.is_none() {
        headers.title = title;
    }
    Batch {
        articles: vec![article(id, headers, plain)],
        errors: Vec::new(),
    }
}

/// Markdown to plain text with one block per line; returns the first H1 separately.
fn to_plain(markdown: &str) -> (Option<String>, String) {
    let mut title = None;
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_h1 = false;
    let mut in_image = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if title.is_none() => {
                in_h1 = true;
            }
            Event::Start(Tag::Image { .. }) => in_image = true,
            Event::End(TagEnd::Image) => in_image = false,
            Event::Text(t) | Event::Code(t) if !in_image => current.push_str(&t),
            Event::SoftBreak => current.push(' '),
            Event::HardBreak => current.push('\n'),
            Event::End(TagEnd::Heading(_)) if in_h1 => {
                in_h1 = false;
                title = Some(std::mem::take(&mut current).trim().to_string());
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => {
                let block = std::mem::take(&mut current);
                if !block.trim().is_empty() {
                    blocks.push(block.trim().to_string());
                }
            }
            _ => {}
        }
    }
    if !current.trim().is_empty() {
        blocks.push(current.trim().to_string());
    }
    (title, blocks.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_blocks_with_the_h1_as_title() {
        let doc = "Outlet: Civic Dispatch\n\n# Bridge reopens\n\n*By A. Writer*\n\nThe **bridge** [reopened](https://x.example) on Monday.\n\n- Tolls are free.\n- Buses return.\n\n![photo](p.jpg)\n";
        let batch = read("b.md", "b", doc);
        let a = &batch.articles[0];
        assert_eq!(a.title.as_deref(), Some("Bridge reopens"));
        assert_eq!(a.outlet.as_deref(), Some("Civic Dispatch"));
        assert_eq!(
            a.text,
            "By A. Writer\nThe bridge reopened on Monday.\nTolls are free.\nBuses return."
        );
    }
}
