//! Articles as they leave ingestion: cleaned plain text plus metadata.

use serde::{Deserialize, Serialize};

/// One cleaned news article.
///
/// `text` is plain text, paragraphs separated by one blank line. Every character offset
/// elsewhere in the model (citations, spans) counts Unicode code points into `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Identifier, unique within one run or store.
    pub id: String,
    /// Canonical URL, where known.
    #[serde(default)]
    pub url: Option<String>,
    /// Outlet name as given by the input (matched against the outlet registry later).
    #[serde(default)]
    pub outlet: Option<String>,
    /// Headline.
    #[serde(default)]
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD` or RFC 3339.
    #[serde(default)]
    pub published: Option<String>,
    /// Cleaned main text.
    #[serde(default)]
    pub text: String,
    /// Lean of the article's outlet as given by the input; the registry may supply it.
    #[serde(default)]
    pub lean: Option<Lean>,
}

impl Article {
    /// An article with only an id and a text; every other field unknown.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Article {
        Article {
            id: id.into(),
            url: None,
            outlet: None,
            title: None,
            published: None,
            text: text.into(),
            lean: None,
        }
    }

    /// Length of `text` in Unicode code points, the unit of every offset.
    pub fn char_len(&self) -> usize {
        self.text.chars().count()
    }

    /// Text between two code-point offsets (`end` exclusive), or `None` when out of range.
    pub fn slice_chars(&self, start: usize, end: usize) -> Option<&str> {
        slice_chars(&self.text, start, end)
    }
}

/// Slice `text` by code-point offsets (`end` exclusive); `None` when out of range.
pub fn slice_chars(text: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    let mut indices = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let from = indices.nth(start)?;
    let to = if end == start {
        from
    } else {
        indices.nth(end - start - 1)?
    };
    text.get(from..to)
}

/// A five-point left–right placement.
///
/// Article JSON Lines use the three values `left`, `center`, `right`; the outlet registry
/// uses all five.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lean {
    /// Left.
    Left,
    /// Leans left.
    LeanLeft,
    /// Centre.
    Center,
    /// Leans right.
    LeanRight,
    /// Right.
    Right,
}

impl Lean {
    /// The three-way side used for coverage counts.
    pub fn side(self) -> Side {
        match self {
            Lean::Left | Lean::LeanLeft => Side::Left,
            Lean::Center => Side::Center,
            Lean::LeanRight | Lean::Right => Side::Right,
        }
    }

    /// The serialised name (`"lean-left"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Lean::Left => "left",
            Lean::LeanLeft => "lean-left",
            Lean::Center => "center",
            Lean::LeanRight => "lean-right",
            Lean::Right => "right",
        }
    }

    /// Parse the serialised name; also accepts `lean left`, `centre` and similar spellings.
    pub fn parse(value: &str) -> Option<Lean> {
        let v: String = value
            .trim()
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c == ' ' || c == '_' { '-' } else { c })
            .collect();
        match v.as_str() {
            "left" | "far-left" => Some(Lean::Left),
            "lean-left" | "left-center" | "center-left" => Some(Lean::LeanLeft),
            "center" | "centre" => Some(Lean::Center),
            "lean-right" | "right-center" | "center-right" => Some(Lean::LeanRight),
            "right" | "far-right" => Some(Lean::Right),
            _ => None,
        }
    }
}

/// Three-way side of the left–right axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Left or lean-left.
    Left,
    /// Centre.
    Center,
    /// Right or lean-right.
    Right,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_chars_counts_code_points() {
        let text = "Zürich – 5 €";
        assert_eq!(slice_chars(text, 0, 6), Some("Zürich"));
        assert_eq!(slice_chars(text, 7, 8), Some("–"));
        assert_eq!(slice_chars(text, 11, 12), Some("€"));
        assert_eq!(slice_chars(text, 12, 12), Some(""));
        assert_eq!(slice_chars(text, 11, 13), None);
        assert_eq!(slice_chars(text, 3, 2), None);
    }

    #[test]
    fn lean_parses_common_spellings() {
        assert_eq!(Lean::parse("Lean Left"), Some(Lean::LeanLeft));
        assert_eq!(Lean::parse("centre"), Some(Lean::Center));
        assert_eq!(Lean::parse("right"), Some(Lean::Right));
        assert_eq!(Lean::parse("sideways"), None);
        assert_eq!(Lean::LeanRight.side(), Side::Right);
    }

    #[test]
    fn article_json_accepts_missing_optional_fields() {
        let a: Article = serde_json::from_str(r#"{"id":"x","text":"t","extra":1}"#).unwrap();
        assert_eq!(a.url, None);
        assert_eq!(a.lean, None);
    }
}
