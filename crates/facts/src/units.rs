//! Claim units: the sentences of a story's articles, and the independent clauses of the
//! sentences that join several (see [`crate::clauses`]), with the features alignment
//! needs.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::NaiveDate;
use parallax_text::dates::{dates, parse_published};
use parallax_text::loaded::Lexicon;
use parallax_text::numbers::{quantities, Quantity, QuantityKey, QuantityKind};
use parallax_text::quotes::{attribution, quotes};
use parallax_text::sentences::sentences;
use parallax_text::words::{content_terms, words, Word};

use crate::clauses::clause_spans;
use crate::{FactOptions, StoryArticle};

/// One sentence, or one clause of a sentence, of one article, ready for alignment.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Whether the unit is a whole sentence (a sentence cut into clauses gives a whole
    /// unit followed by one unit per clause, all with the same `position`).
    pub whole: bool,
    /// Index of the article in the story.
    pub article: usize,
    /// Code-point span in the article text.
    pub start: usize,
    /// End of the span (exclusive).
    pub end: usize,
    /// The sentence or clause, verbatim.
    pub text: String,
    /// Position of the sentence in its article (0 = first); the clauses of a sentence
    /// share it.
    pub position: usize,
    /// Stemmed content terms, as ids into the story's vocabulary, sorted and unique.
    pub terms: Vec<u32>,
    /// Quantities mentioned (years excluded).
    pub quantities: Vec<Quantity>,
    /// Normalised keys of `quantities`, in the same order (computed once: alignment
    /// compares them for every candidate pair).
    pub figure_keys: Vec<QuantityKey>,
    /// Days the sentence names, relative ones resolved against the article's
    /// publication date.
    pub dates: Vec<NaiveDate>,
    /// Where the sentence names each day: code-point spans in `text` and the day, in
    /// text order (a figure takes the day named nearest to it).
    pub day_mentions: Vec<(usize, usize, NaiveDate)>,
    /// Loaded-language score in `[0, 1]`.
    pub loaded: f64,
    /// Whether the sentence says who the claim comes from.
    pub attributed: bool,
    /// Whether it quotes someone without saying who.
    pub anonymous_quote: bool,
    /// The words of each passage it quotes, lowercased (alignment compares them for
    /// every candidate pair: computed once).
    pub quoted: Vec<Vec<String>>,
    /// Whether it can be read alone: it does not open with a pronoun or a connective
    /// that needs the sentence before it ("They were treated…", "But the board…").
    pub standalone: bool,
    /// Whether it can be a fact (length, tone, form, standalone).
    pub claim: bool,
    /// Word count.
    pub words: usize,
    /// Its distinct words, lowercased, as sorted hash keys: the pair judge's word
    /// overlap, read for every candidate pair (computed once).
    pub word_keys: Vec<u64>,
    /// Its distinct pairs of adjacent words, lowercased, as sorted hash keys.
    pub word_pair_keys: Vec<u64>,
}

/// Most sentences read from one article: the news is at the top, and the cap bounds the
/// work a giant article can cause.
pub const MAX_SENTENCES_PER_ARTICLE: usize = 80;

/// Units of every article of a story, in article then text order: each sentence, and
/// after a sentence that joins independent clauses, one unit per clause.
pub fn units(story: &[StoryArticle<'_>], options: &FactOptions, lexicon: &Lexicon) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut vocabulary: HashMap<String, u32> = HashMap::new();
    for (article, entry) in story.iter().enumerate() {
        let found = sentences(&entry.article.text);
        let published = entry.article.published.as_deref().and_then(parse_published);
        for (position, sentence) in found
            .into_iter()
            .take(MAX_SENTENCES_PER_ARTICLE)
            .enumerate()
        {
            let clauses = clause_spans(sentence.text, options.min_words);
            let whole = Span {
                text: sentence.text,
                start: sentence.start,
                whole: true,
            };
            let parts = clauses
                .iter()
                .filter(|_| clauses.len() > 1)
                .map(|&(s, e)| Span {
                    text: sentence.text.get(s..e).unwrap_or_default(),
                    start: sentence.start + sentence.text.get(..s).map_or(0, |p| p.chars().count()),
                    whole: false,
                });
            for span in std::iter::once(whole).chain(parts) {
                let context = UnitContext {
                    article,
                    position,
                    published,
                };
                out.push(unit(&span, &context, options, lexicon, &mut vocabulary));
            }
        }
    }
    out
}

/// One whole unit per text (a text is not cut into sentences or clauses), as if each
/// were the first sentence of its own undated article: what the pair judge compares
/// when it is asked about sentences outside a story.
pub fn text_units(texts: &[&str], options: &FactOptions, lexicon: &Lexicon) -> Vec<Unit> {
    let mut vocabulary: HashMap<String, u32> = HashMap::new();
    texts
        .iter()
        .enumerate()
        .map(|(article, text)| {
            let span = Span {
                text,
                start: 0,
                whole: true,
            };
            let context = UnitContext {
                article,
                position: 0,
                published: None,
            };
            unit(&span, &context, options, lexicon, &mut vocabulary)
        })
        .collect()
}

/// A sentence or a clause of one, with its code-point start in the article.
struct Span<'t> {
    text: &'t str,
    start: usize,
    whole: bool,
}

/// Where a span comes from.
struct UnitContext {
    article: usize,
    position: usize,
    published: Option<NaiveDate>,
}

/// The unit of one span, with every feature alignment compares.
fn unit(
    span: &Span<'_>,
    context: &UnitContext,
    options: &FactOptions,
    lexicon: &Lexicon,
    vocabulary: &mut HashMap<String, u32>,
) -> Unit {
    let text = span.text;
    // Tokenised once: the claim test counts the words, the judge keys them.
    let tokens = words(text);
    let ClaimForm {
        loaded,
        attributed,
        standalone,
        claim,
    } = claim_form(text, tokens.len(), options, lexicon);
    let figures: Vec<Quantity> = quantities(text)
        .into_iter()
        .filter(|q| q.kind != QuantityKind::Year)
        .collect();
    let day_mentions: Vec<(usize, usize, NaiveDate)> = dates(text, context.published)
        .into_iter()
        .map(|d| (d.start, d.end, d.date))
        .collect();
    let found_quotes = quotes(text);
    let (word_keys, word_pair_keys) = word_keys(&tokens);
    let mut days: Vec<NaiveDate> = day_mentions.iter().map(|d| d.2).collect();
    days.sort_unstable();
    days.dedup();
    Unit {
        whole: span.whole,
        dates: days,
        day_mentions,
        figure_keys: figures.iter().map(Quantity::key).collect(),
        article: context.article,
        start: span.start,
        end: span.start + text.chars().count(),
        text: text.to_string(),
        position: context.position,
        terms: term_ids(text, vocabulary),
        quantities: figures,
        loaded,
        attributed,
        anonymous_quote: !attributed && found_quotes.iter().any(|q| q.speaker.is_none()),
        quoted: found_quotes
            .iter()
            .map(|q| {
                words(&q.text)
                    .iter()
                    .map(|w| w.text.to_lowercase())
                    .collect()
            })
            .collect(),
        standalone,
        claim,
        words: tokens.len(),
        word_keys,
        word_pair_keys,
    }
}

/// Sorted, distinct hash keys of the lowercased `tokens` of a sentence and of its pairs
/// of adjacent words (64-bit keys: a collision among one sentence pair's few dozen
/// words is out of reach).
fn word_keys(tokens: &[Word<'_>]) -> (Vec<u64>, Vec<u64>) {
    let lower: Vec<String> = tokens.iter().map(|w| w.text.to_lowercase()).collect();
    let key = |parts: &[String]| {
        let mut hasher = DefaultHasher::new();
        parts.hash(&mut hasher);
        hasher.finish()
    };
    let mut singles: Vec<u64> = lower.chunks(1).map(key).collect();
    let mut pairs: Vec<u64> = lower.windows(2).map(key).collect();
    for keys in [&mut singles, &mut pairs] {
        keys.sort_unstable();
        keys.dedup();
    }
    (singles, pairs)
}

/// What decides whether a sentence can be a claim.
struct ClaimForm {
    loaded: f64,
    attributed: bool,
    standalone: bool,
    claim: bool,
}

/// Whether `text`, of `word_count` words, can be a fact (length, tone, form,
/// standalone), with the signals that decide it.
fn claim_form(
    text: &str,
    word_count: usize,
    options: &FactOptions,
    lexicon: &Lexicon,
) -> ClaimForm {
    let loaded = lexicon.score(text);
    let attributed = attribution(text).is_some();
    let standalone = !opens_with_a_reference_back(text);
    let claim = word_count >= options.min_words
        && word_count <= options.max_words
        && loaded <= options.max_loaded
        && !text.trim_end().ends_with('?')
        && !writer_opinion(text, attributed)
        && standalone;
    ClaimForm {
        loaded,
        attributed,
        standalone,
        claim,
    }
}

/// The whole sentences among the first `top` of `text` that can be claims, verbatim:
/// the units [`units`] marks `whole` and `claim` at those positions, found without the
/// rest of the unit features (a briefing asks for them to look up stored vectors).
pub fn top_claim_sentences(
    text: &str,
    top: usize,
    options: &FactOptions,
    lexicon: &Lexicon,
) -> Vec<String> {
    sentences(text)
        .into_iter()
        .take(top.min(MAX_SENTENCES_PER_ARTICLE))
        .filter(|s| claim_form(s.text, words(s.text).len(), options, lexicon).claim)
        .map(|s| s.text.to_string())
        .collect()
}

fn term_ids(sentence: &str, vocabulary: &mut HashMap<String, u32>) -> Vec<u32> {
    let mut ids: Vec<u32> = content_terms(sentence)
        .iter()
        .map(|term| {
            let next = vocabulary.len() as u32;
            *vocabulary.entry(stem(term)).or_insert(next)
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Inverse document frequencies of the terms of a story's units.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    weights: Vec<f64>,
    squared: Vec<f64>,
    document_frequency: Vec<u32>,
}

impl Idf {
    /// Weight of a term id (1.0 for an unknown id).
    pub fn weight(&self, term: u32) -> f64 {
        self.weights.get(term as usize).copied().unwrap_or(1.0)
    }

    /// Squared weight of a term id.
    pub fn weight_squared(&self, term: u32) -> f64 {
        self.squared.get(term as usize).copied().unwrap_or(1.0)
    }

    /// Number of units a term occurs in.
    pub fn frequency(&self, term: u32) -> u32 {
        self.document_frequency
            .get(term as usize)
            .copied()
            .unwrap_or(0)
    }

    /// Euclidean norm of a unit's IDF-weighted binary term vector.
    pub fn norm(&self, unit: &Unit) -> f64 {
        unit.terms
            .iter()
            .map(|t| self.weight_squared(*t))
            .sum::<f64>()
            .sqrt()
    }
}

/// Inverse document frequency of each term over the units (smoothed). Documents are
/// sentences: the clause units of a sentence repeat its terms and are not counted.
pub fn idf(units: &[Unit]) -> Idf {
    let size = units
        .iter()
        .flat_map(|u| u.terms.iter())
        .max()
        .map_or(0, |m| *m as usize + 1);
    let mut document_frequency = vec![0u32; size];
    let sentences = units.iter().filter(|u| u.whole);
    for unit in sentences.clone() {
        for term in &unit.terms {
            document_frequency[*term as usize] += 1;
        }
    }
    let n = sentences.count() as f64;
    let weights: Vec<f64> = document_frequency
        .iter()
        .map(|d| ((1.0 + n) / (1.0 + f64::from(*d))).ln() + 1.0)
        .collect();
    let squared = weights.iter().map(|w| w * w).collect();
    Idf {
        weights,
        squared,
        document_frequency,
    }
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

/// A sentence that opens with a pronoun ("They were treated…") or with a connective
/// ("But the board…", "However, …") depends on the one before it, so it cannot stand
/// alone as a fact or a narrative.
fn opens_with_a_reference_back(sentence: &str) -> bool {
    let first = sentence
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    [
        "he", "she", "it", "they", "this", "these", "those", "that", "his", "her", "their", "its",
        "but", "and", "yet", "however", "so", "also", "instead",
    ]
    .contains(&first.as_str())
}

/// "I think", "we believe", the reader addressed ("which tells you…", "your bills"), or
/// an unattributed verdict on who deserves what ("the fire service deserves credit"):
/// the writer speaking in their own voice, never a fact. Quoted speech is someone
/// else's voice, so sentences with quotes are left to the other checks; an attributed
/// verdict is a report of someone's opinion.
fn writer_opinion(sentence: &str, attributed: bool) -> bool {
    let lower = sentence.to_lowercase();
    let quoted = lower.contains('"') || lower.contains('“');
    let found = words(&lower);
    let addresses_reader = found
        .iter()
        .any(|w| matches!(w.text, "you" | "your" | "yours" | "you're" | "you’re"));
    let verdict = !attributed
        && found
            .iter()
            .any(|w| matches!(w.text, "deserve" | "deserves" | "deserved"));
    !quoted
        && (addresses_reader
            || verdict
            || [
                "i think",
                "i believe",
                "we believe",
                "in my view",
                "in our view",
                "i suspect",
            ]
            .iter()
            .any(|p| lower.contains(p)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::Article;

    fn units_of(text: &str) -> Vec<Unit> {
        let articles = [Article::new("a", text)];
        let story = crate::test_story(&articles, &[]);
        units(&story, &FactOptions::default(), &Lexicon::default())
    }

    #[test]
    fn the_writer_addressing_the_reader_is_no_claim() {
        let found = units_of(
            "Three members of the committee voted to hold the rate, which tells you how weak the case was. \
             Your mortgage payment will fall by about $38 a month under the new rate. \
             The fire service deserves credit for keeping the blaze away from the tanks. \
             \"You cannot cut rates forever,\" the governor told reporters on Wednesday. \
             The fire service deserves credit for keeping the blaze away, the mayor said.",
        );
        assert!(found[..3].iter().all(|u| !u.claim), "{found:?}");
        assert!(found[3].claim, "quoted speech is someone else's voice");
        assert!(found[4].claim, "an attributed verdict is reported opinion");
    }

    #[test]
    fn pronouns_and_connectives_that_point_back_are_not_standalone() {
        let found = units_of(
            "The committee voted six to three for the quarter-point cut on Wednesday. \
             But three members of the committee preferred to hold the rate at 4.75 percent. \
             However, the governor said further cuts were not guaranteed this year. \
             They will meet again on December 9 to review the decision. \
             Butter prices rose by four percent in October, the statistics office said.",
        );
        let standalone: Vec<bool> = found.iter().map(|u| u.standalone).collect();
        assert_eq!(standalone, [true, false, false, false, true]);
        assert!(found.iter().all(|u| u.claim == u.standalone), "{found:?}");
    }
}
