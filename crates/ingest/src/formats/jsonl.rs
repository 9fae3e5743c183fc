//! Article JSON Lines (format A of the data README): one article object per line.
//!
//! `text` or `html` must be given (`html` is extracted like an HTML page); unknown fields
//! are ignored; a malformed line is reported with its number and the rest is read.

use serde::Deserialize;

use parallax_model::{Article, Lean};

use crate::{html, Batch, IngestError};

#[derive(Deserialize)]
struct Line {
    id: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    lean: Option<String>,
}

/// Read every line of a JSON Lines file.
pub fn read(name: &str, bytes: &[u8]) -> Batch {
    let mut batch = Batch::default();
    for (index, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let number = index + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match parse_line(name, number, raw) {
            Ok(article) => batch.articles.push(article),
            Err(reason) => batch
                .errors
                .push(IngestError::new(name, Some(number), reason)),
        }
    }
    batch
}

fn parse_line(name: &str, number: usize, raw: &[u8]) -> Result<Article, String> {
    let line: Line = serde_json::from_slice(raw).map_err(|e| format!("invalid JSON: {e}"))?;
    let id = line
        .id
        .filter(|id| !id.trim().is_empty())
        .ok_or("missing \"id\"")?;
    let lean = match line.lean.as_deref() {
        None => None,
        Some(value) => Some(Lean::parse(value).ok_or_else(|| format!("unknown lean {value:?}"))?),
    };
    let mut title = line.title;
    let text = match (line.text, line.html) {
        (Some(text), _) => text,
        (None, Some(page)) => {
            let extracted = html::extract(page.as_bytes(), line.url.as_deref())
                .map_err(|e| format!("{name}:{number}: html: {e}"))?;
            title = title.or(extracted.title);
            extracted.text
        }
        (None, None) => return Err("neither \"text\" nor \"html\" given".into()),
    };
    Ok(Article {
        id,
        url: line.url,
        outlet: line.outlet,
        title,
        published: line.published,
        text,
        lean,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_lines_are_read_and_bad_lines_reported_by_number() {
        let input = concat!(
            r#"{"id":"a","url":null,"outlet":"X","title":"T","published":null,"text":"One.","lean":"left"}"#,
            "\n{not json}\n\n",
            r#"{"id":"b","text":"Two.","lean":"purple"}"#,
            "\n",
            r#"{"text":"Three."}"#,
            "\n",
            r#"{"id":"c","text":"Four.","extra":[1,2]}"#,
        );
        let batch = read("in.jsonl", input.as_bytes());
        let ids: Vec<&str> = batch.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        let errors: Vec<String> = batch.errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 3);
        assert!(
            errors[0].starts_with("in.jsonl:2: invalid JSON"),
            "{}",
            errors[0]
        );
        assert_eq!(errors[1], "in.jsonl:4: unknown lean \"purple\"");
        assert_eq!(errors[2], "in.jsonl:5: missing \"id\"");
    }
}
