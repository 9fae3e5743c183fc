//! Facts you can check: sentences of different articles that report the same thing are
//! aligned into one fact, phrased by its most neutral complete source sentence, and cited
//! with the exact span of every article that supports it. Conflicting figures become
//! contradictions instead of facts, and the outlets that leave a well-supported fact out
//! are listed as omissions.
//!
//! Everything is extractive: a fact's text is a verbatim sentence of one of its sources,
//! and every `support` span slices its article's text exactly.
//!
//! ```
//! use parallax_facts::{analyse, FactOptions, StoryArticle};
//! use parallax_model::Article;
//!
//! let article = |id: &str, text: &str| Article {
//!     id: id.into(), url: None, outlet: None, title: None, published: None,
//!     text: text.into(), lean: None,
//! };
//! let a = article("a", "The council approved a $275 million budget for the harbour on Monday.");
//! let b = article("b", "On Monday the council approved the harbour budget of $275M, officials said.");
//! let story = [StoryArticle { article: &a, source: 1, group: 0, outlet: "A" },
//!              StoryArticle { article: &b, source: 2, group: 1, outlet: "B" }];
//! let analysis = analyse(&story, &FactOptions::default());
//! let fact = &analysis.facts[0];
//! assert_eq!(fact.sources, [1, 2]);
//! assert_eq!(fact.independent_sources, 2);
//! assert_eq!(a.slice_chars(fact.support[0].start, fact.support[0].end), Some(fact.support[0].quote.as_str()));
//! ```

mod align;
mod candidates;
pub mod clauses;
mod contradictions;
mod figures;
pub mod judge;
mod judge_weights;
mod neighbours;
pub mod same_fact;
pub mod units;
pub mod verify;

use parallax_model::{Article, Contradiction, Fact, Omission, Update};

pub use crate::align::{
    analyse, analyse_indexed, embedded_per_article, embedded_texts, StoryIndex, EMBEDDED_PER_STORY,
    EMBEDDED_SENTENCES,
};
pub use crate::candidates::{contradiction_candidates, Candidate, ClaimSpan};
pub use crate::contradictions::disputed_figures;
pub use crate::contradictions::{reporting_day, today};
pub use crate::judge::{pair_features, PairJudge};
pub use crate::neighbours::{neighbours, similarity};
pub use crate::same_fact::{same_fact, text_pair_evidence, PairEvidence, StoryContext};
pub use parallax_embed::Embedder;

/// One article of a story, with its citation number and its independence group (a
/// reprint has the group of its original, so it never counts as a second source).
#[derive(Debug, Clone, Copy)]
pub struct StoryArticle<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its source number in the briefing.
    pub source: u32,
    /// Independence group: articles in one group are copies of one another.
    pub group: usize,
    /// Outlet display name (for omissions).
    pub outlet: &'a str,
}

/// Tuning of fact alignment.
#[derive(Debug, Clone, Copy)]
pub struct FactOptions {
    /// Minimum similarity of two sentences to report the same fact.
    pub min_similarity: f64,
    /// Minimum similarity of two sentences with conflicting figures to be reported as a
    /// contradiction (lower than `min_similarity`: the figures themselves differ).
    pub contradiction_similarity: f64,
    /// Most facts per briefing.
    pub max_facts: usize,
    /// Most single-source facts per briefing.
    pub max_single_source: usize,
    /// Sentences more loaded than this never become facts (see `parallax_text::loaded`).
    pub max_loaded: f64,
    /// Sentences shorter than this many words are not claims.
    pub min_words: usize,
    /// Sentences longer than this many words are not used as claims.
    pub max_words: usize,
}

impl Default for FactOptions {
    fn default() -> Self {
        FactOptions {
            min_similarity: 0.45,
            contradiction_similarity: 0.25,
            max_facts: 12,
            max_single_source: 6,
            max_loaded: 0.34,
            min_words: 6,
            max_words: 70,
        }
    }
}

/// The spans the facts cite, as `(article index, start, end)`, where `article_ids[i]`
/// is the id of the story's article `i` (narratives never reuse these spans).
pub fn cited_spans(
    facts: &[Fact],
    article_ids: &[&str],
) -> std::collections::BTreeSet<(usize, usize, usize)> {
    facts
        .iter()
        .flat_map(|f| &f.support)
        .filter_map(|s| {
            let index = article_ids.iter().position(|id| *id == s.article)?;
            Some((index, s.start, s.end))
        })
        .collect()
}

/// Facts, contradictions and omissions of one story.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    /// Facts, most important first, with ids `f1`, `f2`, …
    pub facts: Vec<Fact>,
    /// Different values for the same quantity at the same time, between sources.
    pub contradictions: Vec<Contradiction>,
    /// The same quantity reported with different values on different days.
    pub updates: Vec<Update>,
    /// For each fact with at least two independent sources, the outlets that omit it.
    pub omissions: Vec<Omission>,
}

/// Stories for the unit tests: article `i` is source `i + 1` of independence group
/// `groups[i]` (or its own group when `groups` is shorter), from outlet "Alpha", "Beta", …
#[cfg(test)]
pub(crate) fn test_story<'a>(articles: &'a [Article], groups: &[usize]) -> Vec<StoryArticle<'a>> {
    const OUTLETS: [&str; 4] = ["Alpha", "Beta", "Gamma", "Delta"];
    articles
        .iter()
        .enumerate()
        .map(|(i, article)| StoryArticle {
            article,
            source: i as u32 + 1,
            group: groups.get(i).copied().unwrap_or(i),
            outlet: OUTLETS.get(i).copied().unwrap_or("Other"),
        })
        .collect()
}

/// An embedder for the unit tests that puts sentences opening with "On " on an axis of
/// their own: the pair judge sees no likeness between such a sentence and any other,
/// whatever their words.
#[cfg(test)]
pub(crate) struct DisagreeingEmbedder;

#[cfg(test)]
impl Embedder for DisagreeingEmbedder {
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        texts
            .iter()
            .map(|t| {
                if t.starts_with("On ") {
                    vec![0.0, 1.0]
                } else {
                    vec![1.0, 0.0]
                }
            })
            .collect()
    }
}

/// The analysis of a test story built by [`test_story`], with the default options.
#[cfg(test)]
pub(crate) fn test_analysis(articles: &[Article], groups: &[usize]) -> Analysis {
    analyse(&test_story(articles, groups), &FactOptions::default())
}
