//! Contrastive narratives: per side of the axis a story's coverage splits on, the
//! sentences that side's outlets write and the other side's do not, weighted towards
//! framing (loaded words, attributed opinion) and away from the facts.

use std::collections::{BTreeMap, BTreeSet};

use parallax_facts::units::Unit;
use parallax_facts::{FactOptions, StoryArticle, StoryIndex};
use parallax_model::{Article, Narrative, Ratings};
use parallax_text::loaded::Tone;
use parallax_text::sentences::ends_like_a_sentence;

use crate::axis::Axis;

/// A claim unit with its framing score.
type Scored<'u> = (&'u Unit, f64);

/// One article of a story with its outlet's ratings.
#[derive(Debug, Clone, Copy)]
pub struct RatedArticle<'a> {
    /// The article.
    pub article: &'a Article,
    /// Source number in the briefing.
    pub source: u32,
    /// Independence group (a reprint shares its original's group).
    pub group: usize,
    /// Outlet display name.
    pub outlet: &'a str,
    /// The outlet's ratings from the registry (empty when unknown).
    pub ratings: &'a Ratings,
}

/// Tuning of narrative selection.
#[derive(Debug, Clone, Copy)]
pub struct NarrativeOptions {
    /// A sentence is the side's own when no sentence of the other side is this similar.
    pub max_shared_similarity: f64,
    /// Most sentences per narrative.
    pub max_sentences: usize,
    /// Shortest sentence considered, in words.
    pub min_words: usize,
    /// Framing score a second or third sentence needs to join the first.
    pub min_extra_score: f64,
}

impl Default for NarrativeOptions {
    fn default() -> Self {
        NarrativeOptions {
            max_shared_similarity: 0.3,
            max_sentences: 3,
            min_words: 8,
            min_extra_score: 3.0,
        }
    }
}

/// A narrative with where its text comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Selected {
    /// The narrative as published.
    pub narrative: Narrative,
    /// Index (into the story's articles) of the article that carries it.
    pub article: usize,
    /// Code-point spans of its sentences in that article's text, in text order.
    pub spans: Vec<(usize, usize)>,
}

/// Narratives of one story: one per side of the axis the coverage splits on, or none
/// when no axis of `axes` (in order of preference, e.g. [`Registry::axes`](crate::Registry::axes))
/// has rated outlets on both sides. `fact_spans` are the `(article index, start, end)`
/// spans the facts cite; they are never used as narrative text.
pub fn narratives(
    articles: &[RatedArticle<'_>],
    axes: &[Axis],
    fact_spans: &BTreeSet<(usize, usize, usize)>,
    options: &NarrativeOptions,
) -> Vec<Narrative> {
    select(articles, axes, fact_spans, options)
        .into_iter()
        .map(|s| s.narrative)
        .collect()
}

/// Like [`narratives`], keeping the article and spans each narrative was taken from.
pub fn select(
    articles: &[RatedArticle<'_>],
    axes: &[Axis],
    fact_spans: &BTreeSet<(usize, usize, usize)>,
    options: &NarrativeOptions,
) -> Vec<Selected> {
    if split_axis(articles, axes).is_none() {
        return Vec::new();
    }
    let story: Vec<StoryArticle<'_>> = articles
        .iter()
        .map(|a| StoryArticle {
            article: a.article,
            source: a.source,
            group: a.group,
            outlet: a.outlet,
        })
        .collect();
    let index = StoryIndex::build(
        &story,
        &FactOptions::default(),
        options.max_shared_similarity,
    );
    select_indexed(articles, axes, &index, fact_spans, options)
}

/// [`select`] over a story index built beforehand (by the briefing, which shares it
/// with the facts stage); its `floor` must not exceed `options.max_shared_similarity`.
pub fn select_indexed(
    articles: &[RatedArticle<'_>],
    axes: &[Axis],
    index: &StoryIndex,
    fact_spans: &BTreeSet<(usize, usize, usize)>,
    options: &NarrativeOptions,
) -> Vec<Selected> {
    let Some((axis, sides)) = split_axis(articles, axes) else {
        return Vec::new();
    };
    let units = &index.units;
    let tone = Tone::builtin();
    let framing: Vec<f64> = units.iter().map(|u| framing_score(u, tone)).collect();
    // Pairs at least this similar are "shared"; found through the facts stage's index
    // rather than by comparing every sentence with every other.
    let shared: Vec<Vec<usize>> = index
        .near
        .iter()
        .map(|pairs| {
            pairs
                .iter()
                .filter(|(_, s)| *s >= options.max_shared_similarity)
                .map(|(j, _)| *j)
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for (side, members) in sides.iter().enumerate() {
        let members: BTreeSet<usize> = members.iter().copied().collect();
        let others: BTreeSet<usize> = sides[1 - side].iter().copied().collect();
        let own: Vec<Scored<'_>> = units
            .iter()
            .zip(framing.iter().copied())
            .enumerate()
            .filter(|(_, (u, _))| members.contains(&u.article))
            // Narratives quote whole, finished sentences that can be read alone (not a
            // headline line left in the text); a sentence of which a fact cites a
            // clause is left to the facts.
            .filter(|(_, (u, _))| {
                u.whole
                    && u.standalone
                    && ends_like_a_sentence(&u.text)
                    && u.words >= options.min_words
                    && !cites_part_of(fact_spans, u)
            })
            .filter(|(i, _)| {
                shared[*i]
                    .iter()
                    .all(|j| !others.contains(&units[*j].article))
            })
            .map(|(_, scored)| scored)
            .collect();
        if let Some(narrative) = best_narrative(axis, side, &own, articles, options) {
            out.push(narrative);
        }
    }
    out
}

/// Whether a fact cites this sentence or a clause of it.
fn cites_part_of(fact_spans: &BTreeSet<(usize, usize, usize)>, unit: &Unit) -> bool {
    fact_spans
        .range((unit.article, unit.start, 0)..=(unit.article, unit.end, usize::MAX))
        .any(|&(_, start, end)| start >= unit.start && end <= unit.end)
}

/// The axis the story's narratives are contrasted on: of `axes`, the one whose coverage
/// is most evenly split, counting one article per independence group; `None` when no
/// axis has articles on both sides. [`select`] takes its narratives on this axis.
pub fn contrasted_axis<'x>(articles: &[RatedArticle<'_>], axes: &'x [Axis]) -> Option<&'x Axis> {
    split_axis(articles, axes).map(|(axis, _)| axis)
}

/// The axis whose coverage is most evenly split (both sides present), with the article
/// indexes on each side (one article per independence group).
fn split_axis<'x>(
    articles: &[RatedArticle<'_>],
    axes: &'x [Axis],
) -> Option<(&'x Axis, [Vec<usize>; 2])> {
    let mut best: Option<(usize, &'x Axis, [Vec<usize>; 2])> = None;
    for axis in axes {
        let mut sides: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
        let mut groups = BTreeSet::new();
        for (i, article) in articles.iter().enumerate() {
            if !groups.insert(article.group) {
                continue;
            }
            if let Some((side, _)) = axis.side_of(article.ratings, article.article.lean) {
                sides[side].push(i);
            }
        }
        let balance = sides[0].len().min(sides[1].len());
        if balance > 0 && best.as_ref().is_none_or(|(b, _, _)| balance > *b) {
            best = Some((balance, axis, sides));
        }
    }
    best.map(|(_, axis, sides)| (axis, sides))
}

/// How strongly a sentence frames rather than reports: its loaded-language sum
/// (`parallax tone`, not scaled by length: a long sentence with many cues frames more),
/// plus a little for attributed opinion and for the lead, where
/// outlets put their angle.
fn framing_score(unit: &Unit, tone: &Tone) -> f64 {
    let loaded = tone.analyse(&unit.text).sum.max(0.0);
    let attributed_opinion = if unit.attributed { 0.3 } else { 0.0 };
    let early = 0.2 / (1.0 + unit.position as f64);
    loaded + attributed_opinion + early
}

/// Pick the article of the side whose best sentences frame most, and take up to
/// `max_sentences` of them in text order.
fn best_narrative(
    axis: &Axis,
    side: usize,
    own: &[Scored<'_>],
    articles: &[RatedArticle<'_>],
    options: &NarrativeOptions,
) -> Option<Selected> {
    let mut by_article: BTreeMap<usize, Vec<Scored<'_>>> = BTreeMap::new();
    for (unit, score) in own {
        by_article
            .entry(unit.article)
            .or_default()
            .push((unit, *score));
    }
    let mut best: Option<(f64, usize, Vec<Scored<'_>>)> = None;
    for (article, mut candidates) in by_article {
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.start.cmp(&b.0.start)));
        // The strongest framing sentence always; more only when they are loaded on
        // their own, so a narrative does not pad its angle with plain reporting.
        let mut kept = 0;
        candidates.retain(|(_, s)| {
            kept += 1;
            kept == 1
                || (kept <= options.max_sentences.clamp(1, 3) && *s >= options.min_extra_score)
        });
        let score = candidates.first().map_or(0.0, |(_, s)| *s);
        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, article, candidates));
        }
    }
    let (_, article, chosen) = best?;
    let mut chosen: Vec<&Unit> = chosen.into_iter().map(|(u, _)| u).collect();
    chosen.sort_by_key(|u| u.start);
    let rated = &articles[article];
    let (_, rating) = axis.side_of(rated.ratings, rated.article.lean)?;
    let narrative = Narrative {
        axis: axis.key.clone(),
        side: axis.sides[side].value.clone(),
        label: axis.sides[side].label.clone(),
        text: chosen
            .iter()
            .map(|u| u.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        sources: vec![rated.source],
        outlet: rated.outlet.to_string(),
        rating_source: if rating.year > 0 {
            rating.citation()
        } else {
            rating.source
        },
    };
    Some(Selected {
        narrative,
        article,
        spans: chosen.iter().map(|u| (u.start, u.end)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::{Article, Rated};

    fn article(id: &str, text: &str) -> Article {
        Article::new(id, text)
    }

    #[test]
    fn a_story_that_splits_only_on_a_user_axis_gets_that_axis_narratives() {
        let axes = {
            let mut axes = Axis::builtin();
            axes.push(Axis::new(
                "port_plan",
                [
                    ("for", "Pro-plan narrative"),
                    ("against", "Anti-plan narrative"),
                ],
            ));
            axes
        };
        let rated = |value: &str| {
            let mut ratings = Ratings::new();
            ratings.insert(
                "port_plan".into(),
                Rated {
                    value: value.into(),
                    source: "Reader's own ratings".into(),
                    year: 2026,
                    ..Rated::default()
                },
            );
            ratings
        };
        let (pro, contra) = (rated("for"), rated("against"));
        let a = article("a", "The port plan passed on Monday. Dock workers cheered the long-awaited and brilliant investment in the ageing quays.");
        let b = article("b", "The port plan passed on Monday. Residents fear the disastrous dredging will ruin the fragile bay for decades.");
        let articles = [
            RatedArticle {
                article: &a,
                source: 1,
                group: 0,
                outlet: "Harbour Post",
                ratings: &pro,
            },
            RatedArticle {
                article: &b,
                source: 2,
                group: 1,
                outlet: "Bay Watch",
                ratings: &contra,
            },
        ];
        let found = narratives(
            &articles,
            &axes,
            &BTreeSet::new(),
            &NarrativeOptions::default(),
        );
        let labels: Vec<(&str, &str, &str)> = found
            .iter()
            .map(|n| (n.axis.as_str(), n.label.as_str(), n.outlet.as_str()))
            .collect();
        assert_eq!(
            labels,
            [
                ("port_plan", "Pro-plan narrative", "Harbour Post"),
                ("port_plan", "Anti-plan narrative", "Bay Watch")
            ]
        );
        assert!(found
            .iter()
            .all(|n| n.rating_source == "Reader's own ratings, 2026"));
        assert!(narratives(
            &articles,
            &Axis::builtin(),
            &BTreeSet::new(),
            &NarrativeOptions::default()
        )
        .is_empty());
    }

    #[test]
    fn a_narrative_is_a_finished_sentence_that_does_not_point_back() {
        let mut left = article("l", "The port plan passed on Monday after a long debate. Residents say the disastrous dredging plan will ruin the fragile bay for decades. It is a shameful, reckless betrayal of every family on the disgraceful waterfront.\n\nShameful port deal betrays disgraceful waterfront families, furious residents say");
        let mut right = article("r", "The port plan passed on Monday after a long debate. Dock workers cheered the long-awaited and brilliant investment in the ageing quays.");
        left.lean = Some(parallax_model::Lean::Left);
        right.lean = Some(parallax_model::Lean::Right);
        let none = Ratings::new();
        let articles = [
            RatedArticle {
                article: &left,
                source: 1,
                group: 0,
                outlet: "Bay Watch",
                ratings: &none,
            },
            RatedArticle {
                article: &right,
                source: 2,
                group: 1,
                outlet: "Harbour Post",
                ratings: &none,
            },
        ];
        let found = narratives(
            &articles,
            &Axis::builtin(),
            &BTreeSet::new(),
            &NarrativeOptions::default(),
        );
        let bay = found
            .iter()
            .find(|n| n.outlet == "Bay Watch")
            .expect("a left narrative");
        assert!(bay.text.starts_with("Residents say"), "{}", bay.text);
        assert!(!bay.text.contains("It is a shameful"), "{}", bay.text);
        assert!(!bay.text.contains("furious residents"), "{}", bay.text);
    }
}
