//! The briefing: what Parallax publishes for one story.
//!
//! The JSON form is a stable interface (see `schema/briefing.schema.json`); fields may be
//! added, never renamed or removed.

use serde::{Deserialize, Serialize};

use crate::Ratings;

/// One line of `parallax cluster` output: the story an article belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryAssignment {
    /// Article id.
    pub id: String,
    /// Story id.
    pub story: String,
}

/// A briefing of one story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Briefing {
    /// Story id (`s-…`).
    pub story: String,
    /// Neutral headline.
    pub headline: String,
    /// Neutral lede: one or two sentences drawn from the top facts.
    pub lede: String,
    /// Facts, most important first.
    pub facts: Vec<Fact>,
    /// Conflicting figures or details between sources.
    pub contradictions: Vec<Contradiction>,
    /// How each side frames the story; never facts.
    pub narratives: Vec<Narrative>,
    /// Numbered sources.
    pub sources: Vec<Source>,
    /// Coverage counts per side of the left–right axis.
    pub coverage: Coverage,
    /// Well-supported facts and the covering outlets that leave them out.
    pub omissions: Vec<Omission>,
    /// Why the briefing is thinner than usual (no sentences, one source, …), if it is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Quantities reported with different values on different days: how the story
    /// developed, not a disagreement between sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<Update>,
    /// One dated entry per day with coverage, in date order, when the story's articles
    /// span more than one day (empty otherwise).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<TimelineEntry>,
}

/// The same quantity of the same thing reported with different values on different
/// days ("killed in Gaza: at least 28 (11 May) → at least 230 (20 May)").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Update {
    /// What changed, in plain words ("the number of people killed in Gaza").
    pub about: String,
    /// The values in date order, oldest first.
    pub values: Vec<UpdateValue>,
}

/// One reported value of an [`Update`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateValue {
    /// The figure as the sources write it ("at least 28").
    pub value: String,
    /// Day of reporting (`YYYY-MM-DD`), or `None` when no reporting source is dated.
    pub day: Option<String>,
    /// The claim as one source words it (verbatim sentence).
    pub text: String,
    /// Sources reporting this value on that day.
    pub sources: Vec<u32>,
}

/// One day of a story that develops over several days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// `YYYY-MM-DD`, or `"unknown"` for undated coverage (listed last).
    pub day: String,
    /// Sources published that day.
    pub sources: Vec<u32>,
    /// Ids of the facts first reported that day.
    pub facts: Vec<String>,
    /// Updates whose newer value was reported that day.
    #[serde(default)]
    pub updates: Vec<Update>,
}

/// A fact with its citations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// `f1`, `f2`, … in briefing order.
    pub id: String,
    /// One phrasing, taken verbatim from one of the supporting sources.
    pub text: String,
    /// Numbers of the sources that support it, ascending.
    pub sources: Vec<u32>,
    /// The exact span of each supporting article.
    pub support: Vec<Support>,
    /// Supporting sources after syndicated copies are merged with their original.
    pub independent_sources: u32,
    /// True when only one independent source reports it.
    pub single_source: bool,
    /// True when it states a figure that other sources contradict (the figure is one
    /// side of an entry of `contradictions`): reported, not established.
    #[serde(default)]
    pub disputed: bool,
    /// In a story that develops over days (one with a `timeline`), the day the fact was
    /// first reported: the earliest publication day (`YYYY-MM-DD`) among the articles it
    /// cites, or `"unknown"` when none of them is dated. Absent in one-day stories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_reported: Option<String>,
}

/// The span of a cited article that supports a fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Support {
    /// Source number.
    pub source: u32,
    /// Article id.
    pub article: String,
    /// Start offset in the article's cleaned text, in code points.
    pub start: usize,
    /// End offset (exclusive), in code points.
    pub end: usize,
    /// The article's text between `start` and `end`, verbatim.
    pub quote: String,
}

/// Sources that disagree about one quantity or detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contradiction {
    /// What the disagreement is about ("the number of people evacuated").
    pub about: String,
    /// The competing claims, each with its sources.
    pub claims: Vec<ContradictionClaim>,
}

/// One side of a contradiction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContradictionClaim {
    /// The claim as one source words it (verbatim sentence).
    pub text: String,
    /// Sources making the claim.
    pub sources: Vec<u32>,
}

/// The framing shared by one side's outlets and not by the other side's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Narrative {
    /// Axis the story's coverage splits on (`left_right`, `establishment`).
    pub axis: String,
    /// Side on that axis (`left`, `right`, `pro`, `critical`).
    pub side: String,
    /// Display label ("Pro-establishment narrative").
    pub label: String,
    /// One to three sentences, verbatim from `outlet`'s article.
    pub text: String,
    /// Source numbers the text comes from.
    pub sources: Vec<u32>,
    /// The outlet the narrative is "as provided by".
    pub outlet: String,
    /// Where the side assignment comes from ("AllSides Media Bias Ratings, 2024").
    pub rating_source: String,
    /// Why each sentence was chosen, in text order (one entry per sentence of `text`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<NarrativeSignal>,
}

/// The signals that chose one sentence of a narrative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NarrativeSignal {
    /// The sentence, verbatim.
    pub sentence: String,
    /// The learned loaded-language model's probability that the sentence frames
    /// (evaluates rather than reports), in `[0, 1]`.
    pub framing: f64,
    /// The loaded words the lexicon marks in it.
    #[serde(default)]
    pub loaded_words: Vec<String>,
    /// Highest word-overlap similarity to any sentence of the other side's articles, in
    /// `[0, 1]` (low: the other side does not carry it).
    pub other_side_similarity: f64,
    /// Share of its characters inside quotation marks.
    pub quoted_share: f64,
    /// Its position in the article (0 = the first sentence).
    pub position: usize,
}

/// [`Source::outlet`] of an article whose outlet has no name, in the input, the
/// registry or a URL.
pub const UNKNOWN_OUTLET: &str = "Unknown outlet";

/// A numbered source of the briefing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Citation number, from 1.
    pub n: u32,
    /// Article id.
    pub article: String,
    /// Outlet display name ([`UNKNOWN_OUTLET`] when none is known).
    pub outlet: String,
    /// Article URL.
    pub url: Option<String>,
    /// Article headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Left–right placement of the outlet (five-point), if rated.
    pub lean: Option<String>,
    /// Source number of the original when this article reprints it.
    pub syndicated_from: Option<u32>,
    /// Registry id of the outlet, when the registry knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet_id: Option<String>,
    /// The outlet's ratings with their sources.
    #[serde(default, skip_serializing_if = "Ratings::is_empty")]
    pub ratings: Ratings,
}

/// Coverage counts per side, counting independent sources.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// Left and lean-left sources.
    pub left: u32,
    /// Centre sources.
    pub center: u32,
    /// Right and lean-right sources.
    pub right: u32,
    /// Sources with no left–right rating.
    pub unrated: u32,
    /// Counts per side on every axis with at least one placed source, with blindspots
    /// and the facts each side did not report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub axes: Vec<AxisCoverage>,
}

/// Coverage of one story on one axis.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AxisCoverage {
    /// Axis key (`left_right`, `establishment`, or a user axis).
    pub axis: String,
    /// The two sides with their independent-source counts.
    pub sides: Vec<SideCoverage>,
    /// Independent sources not placed on either side of this axis (no rating, or an
    /// `unknown` one).
    pub unplaced: u32,
    /// When the other side is a blindspot (see `missing`): the side this story's
    /// coverage concentrates on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blindspot: Option<String>,
    /// The side whose share of this story's coverage is far below its share of the
    /// period's coverage, with the test's figures (see `data/README.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<Blindspot>,
}

/// A blindspot: a side with far fewer of a story's sources than its usual share.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Blindspot {
    /// The side that is missing (`right`, `critical`, …).
    pub side: String,
    /// Its independent sources in the story.
    pub count: u32,
    /// The story's independent sources placed on either side of the axis.
    pub placed: u32,
    /// The side's share of the placed sources of the base period (0 to 1).
    pub usual_share: f64,
    /// Placed sources of the base period, the story's included.
    pub base_placed: u32,
    /// What the base period is ("stored coverage from 2024-11-12 to 2024-11-26").
    pub base: String,
    /// One-sided p-value of the hypergeometric test (Fisher's exact test).
    pub p_value: f64,
}

/// One side of an axis in a story's coverage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideCoverage {
    /// Side value (`left`, `pro`, …).
    pub side: String,
    /// Independent sources on this side.
    pub count: u32,
    /// Outlets on this side, in source order.
    pub outlets: Vec<String>,
    /// Where the placements come from ("AllSides Media Bias Ratings, 2024"), distinct.
    pub rating_sources: Vec<String>,
    /// Ids of facts with two or more independent sources that no source on this side
    /// reports (empty when the side has no source).
    pub not_reported: Vec<String>,
}

/// Outlets covering the story that leave out a well-supported fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Omission {
    /// Fact id.
    pub fact: String,
    /// Names of the outlets that do not report it.
    pub outlets: Vec<String>,
}
