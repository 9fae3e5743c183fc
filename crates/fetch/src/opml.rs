//! OPML subscription lists (as feed readers export them), nested outlines included.

use crate::FeedError;

/// One feed of an OPML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The feed URL (`xmlUrl`).
    pub url: String,
    /// `title`, else `text`.
    pub title: Option<String>,
    /// The site URL (`htmlUrl`).
    pub site: Option<String>,
    /// Titles of the enclosing outlines (folders), outermost first.
    pub categories: Vec<String>,
}

/// Whether bytes look like an OPML document.
pub fn is_opml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    String::from_utf8_lossy(head)
        .to_ascii_lowercase()
        .contains("<opml")
}

/// Every outline with an `xmlUrl`, depth first, in document order.
///
/// `roxmltree` refuses DTDs, so entity attacks fail here with an error.
pub fn parse_opml(bytes: &[u8]) -> Result<Vec<Outline>, FeedError> {
    let text = std::str::from_utf8(bytes).map_err(|e| FeedError::Opml(e.to_string()))?;
    let doc = roxmltree::Document::parse(text).map_err(|e| FeedError::Opml(e.to_string()))?;
    let root = doc.root_element();
    if !root.has_tag_name("opml") {
        return Err(FeedError::Opml(format!(
            "the root element is <{}>, not <opml>",
            root.tag_name().name()
        )));
    }
    let mut out = Vec::new();
    let mut path = Vec::new();
    for body in root.children().filter(|n| n.has_tag_name("body")) {
        walk(body, &mut path, &mut out);
    }
    Ok(out)
}

fn walk(node: roxmltree::Node<'_, '_>, path: &mut Vec<String>, out: &mut Vec<Outline>) {
    for child in node.children().filter(|n| n.has_tag_name("outline")) {
        let title = child
            .attribute("title")
            .or_else(|| child.attribute("text"))
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        let url = child
            .attribute("xmlUrl")
            .or_else(|| child.attribute("xmlurl"))
            .map(str::trim)
            .filter(|u| !u.is_empty());
        if let Some(url) = url {
            out.push(Outline {
                url: url.to_owned(),
                title: title.clone(),
                site: child.attribute("htmlUrl").map(str::to_owned),
                categories: path.clone(),
            });
        }
        path.push(title.unwrap_or_default());
        walk(child, path, out);
        path.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_outlines() {
        let opml = br#"<?xml version="1.0"?>
<opml version="2.0"><head><title>Subs</title></head><body>
  <outline text="News">
    <outline text="World">
      <outline type="rss" text="Wire" xmlUrl="https://wire.example/feed.xml" htmlUrl="https://wire.example/"/>
    </outline>
    <outline type="rss" title="Daily" text="ignored" xmlUrl="https://daily.example/rss"/>
  </outline>
  <outline type="rss" text="Top" xmlUrl="https://top.example/atom"/>
</body></opml>"#;
        let outlines = parse_opml(opml).expect("opml");
        let urls: Vec<&str> = outlines.iter().map(|o| o.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://wire.example/feed.xml",
                "https://daily.example/rss",
                "https://top.example/atom"
            ]
        );
        assert_eq!(outlines[0].categories, ["News", "World"]);
        assert_eq!(outlines[1].title.as_deref(), Some("Daily"));
        assert!(outlines[2].categories.is_empty());
        assert!(is_opml(opml));
    }

    #[test]
    fn dtd_is_refused() {
        let opml =
            br#"<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa">]><opml><body/></opml>"#;
        assert!(parse_opml(opml).is_err());
    }
}
