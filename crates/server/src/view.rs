//! Pure helpers of the pages: citation contexts, highlighted article segments, search
//! queries, the Atom feed. Everything here returns plain text; escaping is the
//! templates' (or, for the feed, [`xml_escape`]'s) job.

use parallax_model::Briefing;
use serde::Serialize;

/// Code points of context shown on each side of a cited span.
pub const CONTEXT_CHARS: usize = 240;

/// The text between code-point offsets `start` and `end` (clamped to the text).
pub fn slice_chars(text: &str, start: usize, end: usize) -> &str {
    let byte = |n: usize| text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    let (start, end) = (byte(start), byte(end.max(start)));
    text.get(start..end).unwrap_or("")
}

/// A cited span with the text around it: `before`, `quote`, `after`.
pub fn context(text: &str, start: usize, end: usize) -> (String, String, String) {
    let before_start = start.saturating_sub(CONTEXT_CHARS);
    let mut before = slice_chars(text, before_start, start).to_string();
    if before_start > 0 {
        before.insert(0, '…');
    }
    let mut after = slice_chars(text, end, end + CONTEXT_CHARS).to_string();
    if text.chars().count() > end + CONTEXT_CHARS {
        after.push('…');
    }
    (before, slice_chars(text, start, end).to_string(), after)
}

/// One run of an article's text: cited (with an anchor id) or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// The text.
    pub text: String,
    /// `span-START-END` for a cited span.
    pub anchor: Option<String>,
}

/// Split `text` at the cited spans (code-point offsets; overlapping spans are merged
/// into the first).
pub fn segments(text: &str, spans: &[(usize, usize)]) -> Vec<Segment> {
    let mut spans: Vec<(usize, usize)> = spans.iter().copied().filter(|(s, e)| s < e).collect();
    spans.sort_unstable();
    spans.dedup();
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end) in spans {
        if start < at {
            continue;
        }
        if start > at {
            out.push(Segment {
                text: slice_chars(text, at, start).to_string(),
                anchor: None,
            });
        }
        out.push(Segment {
            text: slice_chars(text, start, end).to_string(),
            anchor: Some(format!("span-{start}-{end}")),
        });
        at = end;
    }
    let rest = slice_chars(text, at, usize::MAX);
    if !rest.is_empty() {
        out.push(Segment {
            text: rest.to_string(),
            anchor: None,
        });
    }
    out
}

/// A user's search box text as an FTS5 query: each word quoted (so operators and stray
/// quotes never reach the query parser), words joined by AND.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .map(|w| w.trim_matches(|c: char| c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Percent-encode an id for a URL path: everything but unreserved characters and `/`
/// (article ids of files read from directories contain `/`; the routes take the rest of
/// the path).
pub fn path_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Escape text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// An Atom timestamp for a publication day (`YYYY-MM-DD`), else the epoch.
fn atom_time(day: Option<&str>) -> String {
    let day = day
        .filter(|d| d.len() >= 10 && d.is_char_boundary(10))
        .map_or("1970-01-01", |d| &d[..10]);
    format!("{day}T00:00:00Z")
}

/// The Atom feed of briefings, each with the day it last grew; `base` is the server's
/// origin (`http://host:port`).
pub fn atom_feed(base: &str, entries: &[(Briefing, Option<String>)]) -> String {
    let updated = entries
        .iter()
        .filter_map(|(_, day)| day.as_deref())
        .max()
        .map_or_else(|| atom_time(None), |d| atom_time(Some(d)));
    let base = xml_escape(base);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <title>Parallax briefings</title>\n<id>{base}/feed.xml</id>\n\
         <link rel=\"self\" href=\"{base}/feed.xml\"/>\n<link href=\"{base}/\"/>\n\
         <updated>{updated}</updated>\n<author><name>Parallax</name></author>\n"
    );
    for (briefing, day) in entries {
        let id = xml_escape(&briefing.story);
        let mut summary = briefing.lede.clone();
        for fact in &briefing.facts {
            summary.push_str("\n- ");
            summary.push_str(&fact.text);
        }
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{base}/stories/{id}</id>\n\
             <link href=\"{base}/stories/{id}\"/>\n<updated>{}</updated>\n\
             <summary type=\"text\">{}</summary>\n</entry>\n",
            xml_escape(&briefing.headline),
            atom_time(day.as_deref()),
            xml_escape(&summary),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_by_code_points() {
        assert_eq!(slice_chars("héllo wörld", 6, 11), "wörld");
        assert_eq!(slice_chars("abc", 2, 99), "c");
        assert_eq!(slice_chars("abc", 5, 9), "");
    }

    #[test]
    fn segments_mark_spans_and_skip_overlaps() {
        let segs = segments("aaa bbb ccc", &[(4, 7), (5, 6), (0, 0)]);
        assert_eq!(segs.len(), 3);
        assert_eq!(segs[1].text, "bbb");
        assert_eq!(segs[1].anchor.as_deref(), Some("span-4-7"));
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, "aaa bbb ccc");
    }

    #[test]
    fn search_words_are_quoted() {
        assert_eq!(
            fts_query("ferry \"fares\" OR x*").as_deref(),
            Some("\"ferry\" \"fares\" \"OR\" \"x\"")
        );
        assert_eq!(fts_query(" ()* "), None);
    }

    #[test]
    fn context_has_ellipses_only_when_cut() {
        let (b, q, a) = context("one two three", 4, 7);
        assert_eq!(
            (b.as_str(), q.as_str(), a.as_str()),
            ("one ", "two", " three")
        );
    }

    #[test]
    fn path_segments_keep_slashes() {
        assert_eq!(path_segment("fire/a b<\"é"), "fire/a%20b%3C%22%C3%A9");
    }

    #[test]
    fn xml_escape_covers_markup() {
        assert_eq!(
            xml_escape("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }
}
