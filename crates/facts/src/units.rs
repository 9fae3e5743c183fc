//! Claim units: the sentences of a story's articles with the features alignment needs.

use std::collections::{BTreeMap, BTreeSet};

use parallax_text::loaded::Lexicon;
use parallax_text::numbers::{quantities, Quantity, QuantityKind};
use parallax_text::quotes::attribution;
use parallax_text::sentences::sentences;
use parallax_text::words::{content_terms, words};

use crate::{FactOptions, StoryArticle};

/// One sentence of one article, ready for alignment.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Index of the article in the story.
    pub article: usize,
    /// Code-point span in the article text.
    pub start: usize,
    /// End of the span (exclusive).
    pub end: usize,
    /// The sentence verbatim.
    pub text: String,
    /// Position of the sentence in its article (0 = first).
    pub position: usize,
    /// Stemmed content terms.
    pub terms: BTreeSet<String>,
    /// Quantities mentioned (years excluded).
    pub quantities: Vec<Quantity>,
    /// Loaded-language score in `[0, 1]`.
    pub loaded: f64,
    /// Whether the sentence says who the claim comes from.
    pub attributed: bool,
    /// Whether it can be a fact (length, tone, form).
    pub claim: bool,
    /// Word count.
    pub words: usize,
}

/// Units of every article of a story, in article then text order.
pub fn units(story: &[StoryArticle<'_>], options: &FactOptions, lexicon: &Lexicon) -> Vec<Unit> {
    let mut out = Vec::new();
    for (article, entry) in story.iter().enumerate() {
        for (position, sentence) in sentences(&entry.article.text).into_iter().enumerate() {
            let word_count = words(sentence.text).len();
            let loaded = lexicon.score(sentence.text);
            let claim = word_count >= options.min_words
                && word_count <= options.max_words
                && loaded <= options.max_loaded
                && !sentence.text.trim_end().ends_with('?')
                && !first_person_opinion(sentence.text)
                && !starts_with_pronoun(sentence.text);
            out.push(Unit {
                article,
                start: sentence.start,
                end: sentence.end,
                text: sentence.text.to_string(),
                position,
                terms: content_terms(sentence.text)
                    .iter()
                    .map(|t| stem(t))
                    .collect(),
                quantities: quantities(sentence.text)
                    .into_iter()
                    .filter(|q| q.kind != QuantityKind::Year)
                    .collect(),
                loaded,
                attributed: attribution(sentence.text).is_some(),
                claim,
                words: word_count,
            });
        }
    }
    out
}

/// Inverse document frequency of each term over the units.
pub fn idf(units: &[Unit]) -> BTreeMap<String, f64> {
    let mut df: BTreeMap<String, usize> = BTreeMap::new();
    for unit in units {
        for term in &unit.terms {
            *df.entry(term.clone()).or_default() += 1;
        }
    }
    let n = units.len() as f64;
    df.into_iter()
        .map(|(t, d)| (t, ((1.0 + n) / (1.0 + d as f64)).ln() + 1.0))
        .collect()
}

/// Crude English suffix stripping, enough for "approved"/"approves"/"approve".
pub fn stem(word: &str) -> String {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stripped) = word.strip_suffix(suffix) {
            if stripped.chars().count() >= 4 {
                return stripped.trim_end_matches('e').to_string();
            }
        }
    }
    word.trim_end_matches('e').to_string()
}

/// A sentence that opens with a pronoun depends on the one before it ("They were
/// treated…"), so it cannot stand alone as a fact.
fn starts_with_pronoun(sentence: &str) -> bool {
    let first = sentence
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    [
        "he", "she", "it", "they", "this", "these", "those", "that", "his", "her", "their", "its",
    ]
    .contains(&first.as_str())
}

/// "I think", "we believe": the writer's own opinion, never a fact.
fn first_person_opinion(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    let quoted = lower.contains('"') || lower.contains('“');
    !quoted
        && [
            "i think",
            "i believe",
            "we believe",
            "in my view",
            "in our view",
            "i suspect",
        ]
        .iter()
        .any(|p| lower.contains(p))
}
