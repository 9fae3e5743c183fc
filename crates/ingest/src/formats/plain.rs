//! Plain-text articles: optional header lines (`Title:`, `Outlet:`, `URL:`,
//! `Published:`, `Lean:`, `Author:`), a blank line, then the text.

use parallax_model::{Article, Lean};

use crate::{Batch, IngestError};

/// Header values of a text or Markdown article.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Headers {
    /// `Title:`
    pub title: Option<String>,
    /// `Outlet:` (or `Source:`, `Site:`)
    pub outlet: Option<String>,
    /// `URL:`
    pub url: Option<String>,
    /// `Published:` (or `Date:`)
    pub published: Option<String>,
    /// `Lean:`
    pub lean: Option<Lean>,
}

/// Split header lines from the body. Headers run from the first line to the first line
/// that is blank or not a known `Key: value`; a bad `Lean:` value is an error naming its
/// line.
pub fn split_headers<'a>(name: &str, text: &'a str) -> Result<(Headers, &'a str), IngestError> {
    let mut headers = Headers::default();
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let Some((key, value)) = line.split_once(':') else {
            break;
        };
        let value = value.trim();
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "title" => &mut headers.title,
            "outlet" | "source" | "site" => &mut headers.outlet,
            "url" => &mut headers.url,
            "published" | "date" => &mut headers.published,
            "author" | "by" => {
                offset += line.len();
                continue;
            }
            "lean" => {
                let lean = Lean::parse(value).ok_or_else(|| {
                    IngestError::new(name, Some(index + 1), format!("unknown lean {value:?}"))
                })?;
                headers.lean = Some(lean);
                offset += line.len();
                continue;
            }
            _ => break,
        };
        if !value.is_empty() {
            *slot = Some(value.to_string());
        }
        offset += line.len();
    }
    Ok((headers, &text[offset..]))
}

/// Read a text article.
pub fn read(name: &str, id: &str, text: &str) -> Batch {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match split_headers(name, text) {
        Ok((headers, body)) => Batch {
            articles: vec![article(id, headers, body.to_string())],
            errors: Vec::new(),
        },
        Err(e) => Batch {
            articles: Vec::new(),
            errors: vec![e],
        },
    }
}

/// Build the article of a header-and-body document.
pub fn article(id: &str, headers: Headers, text: String) -> Article {
    Article {
        id: id.to_string(),
        url: headers.url,
        outlet: headers.outlet,
        title: headers.title,
        published: headers.published,
        text,
        lean: headers.lean,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_until_the_blank_line() {
        let doc = "Title: Rates held\nOutlet: Valley Courier\nURL: https://v.example/a\nPublished: 2026-10-14\nLean: center\n\nBody: with a colon.\n";
        let batch = read("a.txt", "a", doc);
        let a = &batch.articles[0];
        assert_eq!(a.title.as_deref(), Some("Rates held"));
        assert_eq!(a.outlet.as_deref(), Some("Valley Courier"));
        assert_eq!(a.url.as_deref(), Some("https://v.example/a"));
        assert_eq!(a.published.as_deref(), Some("2026-10-14"));
        assert_eq!(a.lean, Some(Lean::Center));
        assert_eq!(a.text.trim(), "Body: with a colon.");
    }

    #[test]
    fn text_without_headers_is_all_body() {
        let batch = read(
            "b.txt",
            "b",
            "Mayor: we will rebuild the pier.\nSecond line.",
        );
        assert_eq!(batch.articles[0].title, None);
        assert!(batch.articles[0].text.starts_with("Mayor: we will"));
    }

    #[test]
    fn a_bad_lean_names_its_line() {
        let batch = read("c.txt", "c", "Title: T\nLean: sideways\n\nBody.");
        assert!(batch.articles.is_empty());
        assert_eq!(
            batch.errors[0].to_string(),
            "c.txt:2: unknown lean \"sideways\""
        );
    }
}
