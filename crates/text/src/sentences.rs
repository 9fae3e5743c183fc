//! Sentence segmentation with code-point offsets.
//!
//! Lines are split first (a line break always ends a sentence in cleaned article text,
//! where paragraphs are separated by blank lines), then each line is segmented by
//! `sentencex`. Offsets count code points, so they can be used as citation spans.
//!
//! ```
//! use parallax_text::sentences::sentences;
//!
//! let text = "Mr. Doe left at 9 a.m. on Monday. He came back.\n\nNew paragraph.";
//! let found: Vec<&str> = sentences(text).iter().map(|s| s.text).collect();
//! assert_eq!(found, ["Mr. Doe left at 9 a.m. on Monday.", "He came back.", "New paragraph."]);
//! ```

/// A sentence of a text, with its code-point span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// Start offset in code points.
    pub start: usize,
    /// End offset in code points (exclusive).
    pub end: usize,
    /// Index of the paragraph (line group separated by blank lines) it belongs to.
    pub paragraph: usize,
    /// The sentence, trimmed of surrounding whitespace.
    pub text: &'a str,
}

use crate::offsets::CharCounter;

/// Longest line handed to the segmenter at once; longer lines are cut at spaces so that
/// one giant "sentence" cannot make segmentation quadratic.
const MAX_LINE_BYTES: usize = 20_000;

/// Whether `text` ends the way a finished sentence does (final punctuation, possibly
/// inside a closing quote or parenthesis) rather than like a headline, a label or a
/// line cut short.
pub fn ends_like_a_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', '"', '”', '’', '\'', ')'])
}

/// Split `text` (English rules) into trimmed, non-empty sentences in text order.
pub fn sentences(text: &str) -> Vec<Sentence<'_>> {
    sentences_in(text, "en")
}

/// Split `text` into sentences with the rules of language `lang` (ISO 639-1).
pub fn sentences_in<'a>(text: &'a str, lang: &str) -> Vec<Sentence<'a>> {
    let mut out = Vec::new();
    let mut offsets = CharCounter::new(text);
    let mut paragraph = 0usize;
    let mut blank_run = false;
    let mut line_start = 0usize;
    for line in text.split_inclusive('\n') {
        let line_body = line.trim_end_matches(['\n', '\r']);
        if line_body.trim().is_empty() {
            if !blank_run && !out.is_empty() {
                paragraph += 1;
            }
            blank_run = true;
        } else {
            blank_run = false;
            for (piece_start, piece) in pieces(line_body) {
                for boundary in sentencex::get_sentence_boundaries(lang, piece) {
                    let Some(raw) = piece.get(boundary.start_byte..boundary.end_byte) else {
                        continue;
                    };
                    push_trimmed(
                        &mut out,
                        &mut offsets,
                        text,
                        line_start + piece_start + boundary.start_byte,
                        raw,
                        paragraph,
                    );
                }
            }
        }
        line_start += line.len();
    }
    out
}

/// Cut an over-long line into pieces at spaces (byte offset within the line, piece).
fn pieces(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    while line.len() - start > MAX_LINE_BYTES {
        let mut cut = start + MAX_LINE_BYTES;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(space) = line[start..cut].rfind(' ') {
            if space > 0 {
                cut = start + space + 1;
            }
        }
        out.push((start, &line[start..cut]));
        start = cut;
    }
    out.push((start, &line[start..]));
    out
}

fn push_trimmed<'a>(
    out: &mut Vec<Sentence<'a>>,
    offsets: &mut CharCounter<'_>,
    text: &'a str,
    byte_start: usize,
    raw: &str,
    paragraph: usize,
) {
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return;
    }
    let from = byte_start + lead;
    let to = from + trimmed.len();
    let Some(slice) = text.get(from..to) else {
        return;
    };
    let start = offsets.char_offset(from);
    let end = offsets.char_offset(to);
    out.push(Sentence {
        start,
        end,
        paragraph,
        text: slice,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_finished_sentence_ends_in_punctuation_or_a_closing_mark() {
        for finished in [
            "He left.",
            "Why?",
            "He said \"no.\"",
            "(It rained.) ",
            "‘Go.’",
        ] {
            assert!(ends_like_a_sentence(finished), "{finished}");
        }
        for unfinished in ["Port plan passes", "Read more:", "Prices rose by", ""] {
            assert!(!ends_like_a_sentence(unfinished), "{unfinished}");
        }
    }

    fn texts(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.text).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            texts("The U.S. official spoke on Jan. 20. Then Dr. Ames replied."),
            [
                "The U.S. official spoke on Jan. 20.",
                "Then Dr. Ames replied."
            ]
        );
    }

    #[test]
    fn line_breaks_end_sentences_and_blank_lines_start_paragraphs() {
        let found = sentences("Headline without period\nBody one. Body two.\n\nNext one.");
        let shape: Vec<(&str, usize)> = found.iter().map(|s| (s.text, s.paragraph)).collect();
        assert_eq!(
            shape,
            [
                ("Headline without period", 0),
                ("Body one.", 0),
                ("Body two.", 0),
                ("Next one.", 1)
            ]
        );
    }

    #[test]
    fn quoted_sentences_stay_whole() {
        assert_eq!(
            texts(r#""We will rebuild," she said. "It takes time.""#),
            [r#""We will rebuild," she said."#, r#""It takes time.""#]
        );
    }

    #[test]
    fn offsets_are_code_points() {
        let text = "Zürich grew 5 %. São Paulo did not.";
        for s in sentences(text) {
            let sliced: String = text.chars().skip(s.start).take(s.end - s.start).collect();
            assert_eq!(sliced, s.text);
        }
    }

    #[test]
    fn a_giant_line_is_cut_and_still_covered() {
        let text = "word ".repeat(30_000);
        let found = sentences(&text);
        assert!(found.len() >= 2);
        assert_eq!(
            found.iter().map(|s| s.text.len()).sum::<usize>() + found.len(),
            text.len()
        );
    }

    proptest! {
        #[test]
        fn spans_slice_to_the_sentence_text(text in "\\PC{0,300}") {
            let chars: Vec<char> = text.chars().collect();
            let mut last_end = 0;
            for s in sentences(&text) {
                prop_assert!(s.start < s.end && s.end <= chars.len());
                prop_assert!(s.start >= last_end);
                last_end = s.end;
                let sliced: String = chars[s.start..s.end].iter().collect();
                prop_assert_eq!(sliced, s.text);
            }
        }
    }
}
