//! The permissive contradiction finder: every pair of sentences of independent
//! sources whose figures of one kind differ and that count a word in common (or share
//! the words around the figure, or are similar enough), and every pair of similar
//! sentences naming different days. It is the contradiction logic Parallax had before
//! figures were read in context, loosened; `parallax eval contradictions --candidates`
//! uses it to propose pairs to label, so that recall is measured against more than what
//! Parallax lists. It never feeds a briefing.

use std::collections::BTreeSet;

use parallax_text::numbers::{conflicting, Quantity};
use parallax_text::words::is_stop_word;

use crate::contradictions::{dates_conflict, FRAME_SIMILARITY};
use crate::units::{stem, Unit};
use crate::{FactOptions, StoryArticle};

/// Least similarity of two sentences the permissive finder pairs: half of what a
/// listed contradiction needs ([`FRAME_SIMILARITY`]), so that the labelled candidates
/// include disagreements worded too differently for Parallax to pair them (they count
/// against its recall).
pub const CANDIDATE_SIMILARITY: f64 = FRAME_SIMILARITY / 5.0;

/// Least similarity of two sentences proposed on one stem in common around their
/// figures: half of [`FRAME_SIMILARITY`], low enough to reach disagreements worded
/// differently (labelling found real ones at 0.1 to 0.15).
const ONE_WORD_SIMILARITY: f64 = FRAME_SIMILARITY / 2.0;

/// What each figure of a unit counts and the words that follow it, worked out once per
/// story: contradiction finding compares them for every pair of similar sentences.
struct FigureWords {
    /// Per figure, the stems of the content words it counts ("1,200 residents" →
    /// resid).
    stems: Vec<BTreeSet<String>>,
    /// Per figure, the stemmed content words among the few words after it.
    frames: Vec<BTreeSet<String>>,
}

impl FigureWords {
    fn of(unit: &Unit) -> FigureWords {
        FigureWords {
            stems: unit
                .quantities
                .iter()
                .map(|q| counted_words(unit, q).iter().map(|w| stem(w)).collect())
                .collect(),
            frames: unit.quantities.iter().map(|q| frame(unit, q)).collect(),
        }
    }

    /// Figures `k` of this unit and `other_k` of `other` count the same thing: the
    /// words after them share a stem ("1,200 people" and "1,500 people"; "three plant
    /// workers" and "five workers").
    fn same_thing(&self, k: usize, other: &FigureWords, other_k: usize) -> bool {
        !self.stems[k].is_disjoint(&other.stems[other_k])
    }

    /// The figures are followed by at least two of the same content words.
    fn same_frame(&self, k: usize, other: &FigureWords, other_k: usize) -> bool {
        self.frames[k].intersection(&other.frames[other_k]).count() >= 2
    }

    /// Any one stem in common among the words around the two figures (what they
    /// count, the words after them, the words before them): the loosest evidence that
    /// they may be about one thing, enough to propose a pair of similar sentences.
    fn shares_a_word(
        &self,
        k: usize,
        other: &FigureWords,
        other_k: usize,
        unit: &Unit,
        other_unit: &Unit,
    ) -> bool {
        let around = |w: &FigureWords, k: usize, u: &Unit| -> BTreeSet<String> {
            w.stems[k]
                .iter()
                .chain(&w.frames[k])
                .cloned()
                .chain(lead_in(u, &u.quantities[k]))
                .collect()
        };
        !around(self, k, unit).is_disjoint(&around(other, other_k, other_unit))
    }
}

/// One side of a contradiction candidate: the whole sentence in its article (code
/// points) and, for a figure, the figure's span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimSpan {
    /// Index of the article in the story.
    pub article: usize,
    /// Start of the sentence.
    pub start: usize,
    /// End of the sentence (exclusive).
    pub end: usize,
    /// The figure's span in the article, when the candidate is about a figure.
    pub figure: Option<(usize, usize)>,
}

/// A pair of sentences a deliberately permissive finder takes for a possible
/// contradiction (for labelling and measuring recall, never for a briefing).
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// One claim.
    pub a: ClaimSpan,
    /// The other claim.
    pub b: ClaimSpan,
    /// Similarity of the two units.
    pub similarity: f64,
}

/// Every pair of sentences of independent sources with figures of the same kind that
/// differ and count a word in common (or share their frame), at a low similarity, and
/// every pair of similar sentences naming different days.
pub fn contradiction_candidates(
    story: &[StoryArticle<'_>],
    options: &FactOptions,
) -> Vec<Candidate> {
    let index = crate::StoryIndex::build(story, options, CANDIDATE_SIMILARITY);
    let units = &index.units;
    let words: Vec<FigureWords> = units.iter().map(FigureWords::of).collect();
    let sentence_of = |i: usize| (0..=i).rev().find(|&k| units[k].whole).unwrap_or(i);
    let mut out: Vec<Candidate> = Vec::new();
    let mut seen: BTreeSet<(usize, usize, usize, usize)> = BTreeSet::new();
    for (i, near) in index.near.iter().enumerate() {
        for &(j, similarity) in near.iter().filter(|(j, _)| *j > i) {
            let (a, b) = (&units[i], &units[j]);
            if story[a.article].group == story[b.article].group || similarity < CANDIDATE_SIMILARITY
            {
                continue;
            }
            let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
            for ka in 0..a.quantities.len() {
                if b.figure_keys.contains(&a.figure_keys[ka]) {
                    continue;
                }
                for kb in 0..b.quantities.len() {
                    if a.figure_keys.contains(&b.figure_keys[kb])
                        || !conflicting(&a.quantities[ka], &b.quantities[kb])
                    {
                        continue;
                    }
                    let (wa, wb) = (&words[i], &words[j]);
                    if wa.same_thing(ka, wb, kb)
                        || wa.same_frame(ka, wb, kb)
                        || similarity >= options.contradiction_similarity
                        || lead_in(a, &a.quantities[ka])
                            .intersection(&lead_in(b, &b.quantities[kb]))
                            .count()
                            >= 2
                        || (similarity >= ONE_WORD_SIMILARITY && wa.shares_a_word(ka, wb, kb, a, b))
                    {
                        pairs.push((Some(ka), Some(kb)));
                    }
                }
            }
            if pairs.is_empty() && dates_conflict(a, b) && similarity >= 0.3 {
                pairs.push((None, None));
            }
            let (sa, sb) = (&units[sentence_of(i)], &units[sentence_of(j)]);
            for (ka, kb) in pairs {
                let figure = |u: &Unit, k: Option<usize>| {
                    k.map(|k| {
                        (
                            u.start + u.quantities[k].start,
                            u.start + u.quantities[k].end,
                        )
                    })
                };
                let key = (sa.article, sa.start, sb.article, sb.start);
                if !seen.insert(key) {
                    continue;
                }
                out.push(Candidate {
                    a: ClaimSpan {
                        article: sa.article,
                        start: sa.start,
                        end: sa.end,
                        figure: figure(a, ka),
                    },
                    b: ClaimSpan {
                        article: sb.article,
                        start: sb.start,
                        end: sb.end,
                        figure: figure(b, kb),
                    },
                    similarity,
                });
            }
        }
    }
    out
}

/// The content words right after a figure, up to the first function word ("1,200
/// residents from their homes" → ["residents"]; "three of the nine members" →
/// ["members"]).
fn counted_words(unit: &Unit, quantity: &Quantity) -> Vec<String> {
    let after: String = unit
        .text
        .chars()
        .skip(quantity.end)
        .take(60)
        .take_while(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '-')
        .collect();
    // "of the nine members": a partitive "of the …" and a second figure are skipped.
    let words: Vec<String> = after.split_whitespace().map(str::to_lowercase).collect();
    let is_content = |w: &String| !is_stop_word(w) && w.chars().all(char::is_alphabetic);
    let partitive = words.first().is_some_and(|w| w == "of");
    let skip = if partitive {
        words.iter().take(4).take_while(|w| !is_content(w)).count()
    } else {
        0
    };
    words
        .iter()
        .skip(skip)
        .take_while(|w| is_content(w))
        .take(3)
        .cloned()
        .collect()
}

/// Stemmed content words in the few words after a figure ("workers were injured in the
/// blaze" → worker, injur, blaze).
fn frame(unit: &Unit, quantity: &Quantity) -> BTreeSet<String> {
    let after: String = unit.text.chars().skip(quantity.end).take(60).collect();
    after
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_lowercase)
        .filter(|w| !is_stop_word(w) && w.chars().all(char::is_alphabetic))
        .map(|w| stem(&w))
        .collect()
}

/// Whether the permissive finder proposes figures `ka` of `a` and `kb` of `b`.
pub(crate) fn proposed(
    (a, ka): (&Unit, usize),
    (b, kb): (&Unit, usize),
    similarity: f64,
    options: &FactOptions,
) -> bool {
    let (qa, qb) = (&a.quantities[ka], &b.quantities[kb]);
    if similarity < FRAME_SIMILARITY
        || b.figure_keys.contains(&a.figure_keys[ka])
        || a.figure_keys.contains(&b.figure_keys[kb])
        || !conflicting(qa, qb)
    {
        return false;
    }
    let stems = |u: &Unit, q: &Quantity| -> BTreeSet<String> {
        counted_words(u, q).iter().map(|w| stem(w)).collect()
    };
    !stems(a, qa).is_disjoint(&stems(b, qb))
        || frame(a, qa).intersection(&frame(b, qb)).count() >= 2
        || similarity >= options.contradiction_similarity
        || lead_in(a, qa).intersection(&lead_in(b, qb)).count() >= 2
}

/// Stemmed content words among the few words before a figure ("the death toll rose
/// to 26" → death, toll, rose).
fn lead_in(unit: &Unit, quantity: &Quantity) -> BTreeSet<String> {
    let before: Vec<char> = unit.text.chars().take(quantity.start).collect();
    let before: String = before[before.len().saturating_sub(60)..].iter().collect();
    before
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .rev()
        .take(6)
        .map(str::to_lowercase)
        .filter(|w| !is_stop_word(w) && w.chars().all(char::is_alphabetic))
        .map(|w| stem(&w))
        .collect()
}

#[cfg(test)]
mod tests {
    use parallax_model::Article;

    use super::*;

    fn candidates(a: &str, b: &str) -> Vec<Candidate> {
        let articles = [Article::new("a", a), Article::new("b", b)];
        let story = crate::test_story(&articles, &[0, 1]);
        contradiction_candidates(&story, &FactOptions::default())
    }

    #[test]
    fn figures_with_one_word_in_common_around_them_are_proposed() {
        // Worded differently (little in common but "tally"), yet possibly one quantity:
        // the finder proposes it for labelling.
        let found = candidates(
            "By Friday evening the national tally showed 85,085 new infections, a record.",
            "Johns Hopkins counted 83,757 new cases, its tally said, the highest yet recorded.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].a.figure.is_some() && found[0].b.figure.is_some());
    }

    #[test]
    fn figures_with_nothing_in_common_around_them_are_not() {
        let found = candidates(
            "By Friday evening the national tally showed 85,085 new infections, a record.",
            "On Friday evening, across the quiet and crowded old capital, officials announced that 83 schools would stay closed.",
        );
        assert!(found.iter().all(|c| c.a.figure.is_none()), "{found:?}");
    }
}
