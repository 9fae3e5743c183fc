//! Word tokens, stop words, content terms and capitalised name mentions, and the
//! overlap of two hashed word sets.
//!
//! ```
//! use parallax_text::words::{content_terms, names, words};
//!
//! let s = "Mayor Ines Calder said the Port Aldren bridge will reopen.";
//! assert_eq!(words(s).len(), 10);
//! assert!(content_terms(s).contains(&"bridge".to_string()));
//! assert_eq!(names(s), ["Mayor Ines Calder", "Port Aldren"]);
//! ```

use unicode_segmentation::UnicodeSegmentation;

/// A word with its code-point span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    /// Start offset in code points.
    pub start: usize,
    /// End offset in code points (exclusive).
    pub end: usize,
    /// The word verbatim.
    pub text: &'a str,
}

/// The words of `text` (Unicode word boundaries; punctuation and spaces dropped).
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut chars_before = 0usize;
    let mut byte_before = 0usize;
    for (byte, word) in text.unicode_word_indices() {
        chars_before += text.get(byte_before..byte).map_or(0, |s| s.chars().count());
        let len = word.chars().count();
        out.push(Word {
            start: chars_before,
            end: chars_before + len,
            text: word,
        });
        chars_before += len;
        byte_before = byte + word.len();
    }
    out
}

/// Lower-cased word tokens of `text`.
pub fn tokens(text: &str) -> Vec<String> {
    text.unicode_words().map(str::to_lowercase).collect()
}

/// Lower-cased tokens that carry content: no stop words, no one-letter tokens; a
/// possessive `'s` is dropped so that "Austin's" and "Austin" match.
pub fn content_terms(text: &str) -> Vec<String> {
    text.unicode_words()
        .map(|w| {
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(w);
            w.to_lowercase()
        })
        .filter(|w| w.chars().count() > 1 && !is_stop_word(w))
        .collect()
}

/// Whether a lower-cased word is an English function word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Runs of capitalised words (names of people, places, organisations), as written.
///
/// A run may contain the connectors "of", "de", "and", "the" between capitalised words
/// ("Bank of Aldren"). A single capitalised word at the very start of the text is kept only
/// when it is not a stop word ("The" is not a name; "Calder" is).
pub fn names(text: &str) -> Vec<String> {
    let ws = words(text);
    let mut out = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let capital = w.text.chars().next().is_some_and(char::is_uppercase);
        let lower = w.text.to_lowercase();
        if capital && !(i == 0 && is_stop_word(&lower)) && !is_stop_word(&lower) {
            run.append(&mut pending);
            run.push(w.text);
        } else if !run.is_empty() && CONNECTORS.contains(&lower.as_str()) && pending.is_empty() {
            pending.push(w.text);
        } else {
            pending.clear();
            if !run.is_empty() {
                out.push(run.join(" "));
                run.clear();
            }
        }
    }
    if !run.is_empty() {
        out.push(run.join(" "));
    }
    out
}

const CONNECTORS: [&str; 4] = ["of", "de", "and", "the"];

/// English function words, sorted for binary search.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "last",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "new",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "said",
    "same",
    "says",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
];

/// How many keys two sorted lists of distinct keys share (hashed words, word pairs or
/// shingles: the overlap behind Jaccard and containment scores).
pub fn shared_keys(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

#[cfg(test)]
mod tests {
    #[test]
    fn shared_keys_counts_the_common_keys_of_sorted_lists() {
        assert_eq!(shared_keys(&[1, 3, 5, 9], &[2, 3, 9, 10]), 2);
        assert_eq!(shared_keys(&[], &[1, 2]), 0);
        assert_eq!(shared_keys(&[4, 7], &[4, 7]), 2);
    }

    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn word_offsets_are_code_points() {
        let text = "Café – naïve reporting";
        for w in words(text) {
            let sliced: String = text.chars().skip(w.start).take(w.end - w.start).collect();
            assert_eq!(sliced, w.text);
        }
    }

    #[test]
    fn names_join_connectors_and_skip_sentence_initial_stop_words() {
        assert_eq!(
            names("The Bank of Aldren raised rates, Governor Maren Holt said."),
            ["Bank of Aldren", "Governor Maren Holt"]
        );
        assert_eq!(names("Calder spoke."), ["Calder"]);
    }

    #[test]
    fn content_terms_drop_function_words_and_possessives() {
        assert_eq!(
            content_terms("The mayor's plan was approved"),
            ["mayor", "plan", "approved"]
        );
    }
}
