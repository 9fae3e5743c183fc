//! From articles to briefings: stories, sources, syndication, facts, narratives.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use parallax_facts::{
    analyse_indexed, cited_spans, Embedder, FactOptions, StoryArticle, StoryIndex,
};
use parallax_model::{
    Article, Blindspot, Briefing, Lean, Narrative, Outlet, Ratings, Source, UNKNOWN_OUTLET,
};
use parallax_narratives::{
    contrasted_axis, coverage_with_axes, mark_blindspots, select_indexed, Axis, BaseRate,
    NarrativeOptions, RatedArticle, Registry, RegistryError, LEFT_RIGHT,
};
use parallax_stories::{cluster_with, find_reprints, story_id, ClusterOptions, SyndicationOptions};

use crate::headline::{headline, lede};
use crate::timeline::{timeline, today, StoryDays};

/// Days before a stored story's first day and after its last day whose coverage is the
/// base rate of its blindspots.
pub const BASE_RATE_DAYS: u32 = 7;

/// Everything a briefing run is configured with.
#[derive(Clone)]
pub struct Briefer {
    /// Outlet registry.
    pub registry: Registry,
    /// Story clustering.
    pub cluster: ClusterOptions,
    /// Copy detection.
    pub syndication: SyndicationOptions,
    /// Fact alignment.
    pub facts: FactOptions,
    /// Narrative selection.
    pub narratives: NarrativeOptions,
    /// Sentence embeddings for story grouping and fact alignment (`None`: words only).
    pub embedder: Option<Arc<dyn Embedder>>,
}

impl std::fmt::Debug for Briefer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Briefer")
            .field("registry", &self.registry)
            .field("cluster", &self.cluster)
            .field("syndication", &self.syndication)
            .field("facts", &self.facts)
            .field("narratives", &self.narratives)
            .field("embedder", &self.embedder.is_some())
            .finish()
    }
}

impl Briefer {
    /// A briefer with the built-in registry and default tuning.
    pub fn new() -> Result<Briefer, RegistryError> {
        Ok(Briefer::with_registry(Registry::builtin()?))
    }

    /// A briefer with the given registry and default tuning.
    pub fn with_registry(registry: Registry) -> Briefer {
        Briefer {
            registry,
            cluster: ClusterOptions::default(),
            syndication: SyndicationOptions::default(),
            facts: FactOptions::default(),
            narratives: NarrativeOptions::default(),
            embedder: None,
        }
    }

    /// This briefer with a sentence embedder.
    pub fn with_embedder(mut self, embedder: Arc<dyn Embedder>) -> Briefer {
        self.embedder = Some(embedder);
        self
    }
}

/// Group `articles` into stories and brief each; the biggest stories come first.
/// Blindspots are measured against the whole input: every story's placed sources make
/// the base rate.
pub fn brief_all(briefer: &Briefer, articles: &[Article]) -> Vec<Briefing> {
    let story_ids = cluster_with(articles, &briefer.cluster, briefer.embedder.as_deref());
    let mut stories: BTreeMap<&str, Vec<&Article>> = BTreeMap::new();
    for (article, story) in articles.iter().zip(&story_ids) {
        stories.entry(story.as_str()).or_default().push(article);
    }
    let mut ordered: Vec<(&str, Vec<&Article>)> = stories.into_iter().collect();
    ordered.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let mut briefings: Vec<Briefing> = ordered
        .into_iter()
        .map(|(id, members)| brief_story(briefer, id, &members))
        .collect();
    let mut base = BaseRate::new(format!(
        "the whole input ({} article{})",
        articles.len(),
        if articles.len() == 1 { "" } else { "s" }
    ));
    for briefing in &briefings {
        base.add_coverage(&briefing.coverage);
    }
    for briefing in &mut briefings {
        apply_base_rate(briefer, briefing, &base);
    }
    briefings
}

/// The base rate of a stored story's period: `others` are the period's independent
/// articles outside the story (their texts are not needed), to which the story's own
/// placed sources are added; `description` says what the period is.
pub fn period_base_rate(
    briefer: &Briefer,
    briefing: &Briefing,
    others: &[Article],
    description: &str,
) -> BaseRate {
    let mut base = BaseRate::new(description);
    let empty = Ratings::new();
    let axes = briefer.registry.axes();
    for article in others {
        let outlet = briefer
            .registry
            .lookup(article.outlet.as_deref(), article.url.as_deref());
        base.add_source(outlet.map_or(&empty, |o| &o.ratings), article.lean, axes);
    }
    base.add_coverage(&briefing.coverage);
    base
}

/// Mark the briefing's blindspots against `base` (which includes the story's own
/// sources) and say each in a note ("Blindspot: few right-leaning sources (0 of 9;
/// usually 38%)"). A briefing made by [`brief_story`] alone has no blindspots: they
/// need a base rate.
pub fn apply_base_rate(briefer: &Briefer, briefing: &mut Briefing, base: &BaseRate) {
    let axes = briefer.registry.axes();
    mark_blindspots(&mut briefing.coverage, base, axes);
    briefing.notes.retain(|n| !n.starts_with("Blindspot: "));
    for entry in &briefing.coverage.axes {
        let (Some(missing), Some(axis)) =
            (&entry.missing, axes.iter().find(|a| a.key == entry.axis))
        else {
            continue;
        };
        briefing.notes.push(blindspot_note(axis, missing));
    }
}

/// "Blindspot: few right-leaning sources (0 of 9; usually 38%)".
pub fn blindspot_note(axis: &Axis, missing: &Blindspot) -> String {
    format!(
        "Blindspot: few {} sources ({} of {}; usually {:.0}%)",
        side_phrase(axis, &missing.side),
        missing.count,
        missing.placed,
        missing.usual_share * 100.0
    )
}

/// How a note names a side: "right-leaning", "establishment-critical", else the side's
/// narrative label without "narrative", else its value.
fn side_phrase(axis: &Axis, side: &str) -> String {
    if axis.key == LEFT_RIGHT {
        return format!("{side}-leaning");
    }
    axis.sides
        .iter()
        .find(|s| s.value == side)
        .and_then(|s| {
            let label = s.label.trim();
            let cut = label.len().checked_sub(" narrative".len())?;
            let (head, tail) = (label.get(..cut)?, label.get(cut..)?);
            tail.eq_ignore_ascii_case(" narrative")
                .then(|| lower_first(head.trim()))
        })
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| side.to_string())
}

/// Brief one story made of `members`.
pub fn brief_story(briefer: &Briefer, story: &str, members: &[&Article]) -> Briefing {
    let mut members: Vec<&Article> = members.to_vec();
    members.sort_by(|a, b| a.published.cmp(&b.published).then(a.id.cmp(&b.id)));
    let outlets: Vec<Option<&Outlet>> = members
        .iter()
        .map(|a| {
            briefer
                .registry
                .lookup(a.outlet.as_deref(), a.url.as_deref())
        })
        .collect();
    // Copies, facts and narratives come from the analysed members (all of them, up to
    // a bound that keeps a briefing's time in check); sources, coverage and the
    // timeline count every member.
    let analysed = analysed_members(members.len());
    let owned: Vec<Article> = analysed.iter().map(|&i| members[i].clone()).collect();
    let is_wire: Vec<bool> = analysed
        .iter()
        .map(|&i| outlets[i].is_some_and(|o| o.wire))
        .collect();
    let mut group: Vec<usize> = (0..members.len()).collect();
    let mut syndicated_from: Vec<Option<u32>> = vec![None; members.len()];
    for reprint in find_reprints(&owned, &is_wire, &briefer.syndication) {
        let (copy, original) = (analysed[reprint.copy], analysed[reprint.original]);
        group[copy] = original;
        syndicated_from[copy] = Some(original as u32 + 1);
    }
    let names: Vec<String> = members
        .iter()
        .zip(&outlets)
        .map(|(a, o)| outlet_name(a, *o))
        .collect();
    let empty = Ratings::new();
    let ratings: Vec<&Ratings> = outlets
        .iter()
        .map(|o| o.map_or(&empty, |o| &o.ratings))
        .collect();
    let story_articles: Vec<StoryArticle<'_>> = analysed
        .iter()
        .map(|&i| StoryArticle {
            article: members[i],
            source: i as u32 + 1,
            group: group[i],
            outlet: &names[i],
        })
        .collect();
    // One index of the story's sentences serves both the facts and the narratives.
    let index = StoryIndex::build_with(
        &story_articles,
        &briefer.facts,
        briefer.narratives.max_shared_similarity,
        briefer.embedder.as_deref(),
    );
    let analysis = analyse_indexed(&story_articles, &index, &briefer.facts);
    let rated_all: Vec<RatedArticle<'_>> = members
        .iter()
        .enumerate()
        .map(|(i, a)| RatedArticle {
            article: a,
            source: i as u32 + 1,
            group: group[i],
            outlet: &names[i],
            ratings: ratings[i],
        })
        .collect();
    let rated: Vec<RatedArticle<'_>> = analysed.iter().map(|&i| rated_all[i]).collect();
    let ids: Vec<&str> = analysed.iter().map(|&i| members[i].id.as_str()).collect();
    let fact_spans = cited_spans(&analysis.facts, &ids);
    let narratives: Vec<_> = select_indexed(
        &rated,
        briefer.registry.axes(),
        &index,
        &fact_spans,
        &briefer.narratives,
    )
    .into_iter()
    .map(|s| s.narrative)
    .collect();
    let sources: Vec<Source> = members
        .iter()
        .enumerate()
        .map(|(i, a)| Source {
            n: i as u32 + 1,
            article: a.id.clone(),
            outlet: names[i].clone(),
            url: a.url.clone(),
            title: a.title.clone(),
            published: a.published.clone(),
            // An `unknown` rating leaves the input's lean, if any.
            lean: ratings[i]
                .get("left_right")
                .and_then(|r| Lean::parse(&r.value))
                .or(a.lean)
                .map(|l| l.as_str().to_string()),
            syndicated_from: syndicated_from[i],
            outlet_id: outlets[i].map(|o| o.id.clone()),
            ratings: ratings[i].clone(),
        })
        .collect();
    let mut notes = Vec::new();
    if analysed.len() < members.len() {
        notes.push(format!(
            "This story has {} articles: its facts, copies and narratives are drawn from {} of them, spread evenly over its days (a briefing reads at most {MAX_ANALYSED_ARTICLES}).",
            members.len(),
            analysed.len()
        ));
    }
    let independent: BTreeSet<usize> = group.iter().copied().collect();
    if independent.len() == 1 {
        notes.push(
            "Only one independent source covers this story: every fact is single-source.".into(),
        );
    }
    if analysis.facts.is_empty() {
        notes.push("No sentence of these articles could serve as a neutral, complete fact.".into());
    }
    notes.extend(narrative_notes(
        contrasted_axis(&rated, briefer.registry.axes()),
        &narratives,
    ));
    let centrist: Vec<bool> = ratings
        .iter()
        .map(|r| r.get("left_right").and_then(|l| Lean::parse(&l.value)) == Some(Lean::Center))
        .collect();
    let published: Vec<Option<&str>> = members.iter().map(|a| a.published.as_deref()).collect();
    let days = StoryDays::new(&published, today());
    let headline = headline(
        &members,
        &centrist,
        &days,
        &analysis.facts,
        &analysis.contradictions,
    );
    let lede = lede(&analysis.facts, &days);
    let mut facts = analysis.facts;
    // The same quantity reported with different values on different days.
    let updates = analysis.updates;
    let timeline = timeline(&days, &sources, &mut facts, &updates);
    Briefing {
        story: if story.is_empty() {
            story_id(&members[0].id)
        } else {
            story.to_string()
        },
        lede,
        headline,
        coverage: coverage_with_axes(&rated_all, briefer.registry.axes(), &facts),
        facts,
        contradictions: analysis.contradictions,
        narratives,
        sources,
        omissions: analysis.omissions,
        notes,
        updates,
        timeline,
    }
}

/// Most articles of one story whose sentences a briefing reads: aligning facts and
/// finding copies grow faster than linearly with the articles, so a story bigger than
/// this (10,000 articles on one busy day) is read from an even spread of its articles
/// over time, and says so in its notes.
pub const MAX_ANALYSED_ARTICLES: usize = 300;

/// Indices of the members (sorted by publication) that are analysed: all of them up to
/// [`MAX_ANALYSED_ARTICLES`], else that many spread evenly from the first to the last.
fn analysed_members(count: usize) -> Vec<usize> {
    if count <= MAX_ANALYSED_ARTICLES {
        return (0..count).collect();
    }
    let last = count - 1;
    (0..MAX_ANALYSED_ARTICLES)
        .map(|k| k * last / (MAX_ANALYSED_ARTICLES - 1))
        .collect()
}

/// Why a story has fewer than two narratives: its coverage does not split across a
/// rated axis, or a side of the axis it splits on has no candidate sentence (one unlike
/// anything the other side writes, that reads on its own and that the facts do not
/// already state).
fn narrative_notes(axis: Option<&Axis>, narratives: &[Narrative]) -> Vec<String> {
    let Some(axis) = axis else {
        return vec![
            "Coverage does not split across a rated axis, so no narratives are contrasted.".into(),
        ];
    };
    axis.sides
        .iter()
        .filter(|side| !narratives.iter().any(|n| n.side == side.value))
        .map(|side| {
            format!(
                "No {}: none of its outlets' sentences here is unlike anything the other side writes, reads on its own, and is not already in the facts.",
                lower_first(&side.label)
            )
        })
        .collect()
}

/// `text` with its first letter in lower case ("Right narrative" → "right narrative").
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// Display name of an article's outlet: the registry's name, else the input's, else the
/// URL's host, else [`UNKNOWN_OUTLET`].
fn outlet_name(article: &Article, outlet: Option<&Outlet>) -> String {
    outlet
        .map(|o| o.name.clone())
        .or_else(|| article.outlet.clone().filter(|o| !o.trim().is_empty()))
        .or_else(|| {
            let url = article.url.as_deref()?;
            let rest = url.split_once("://").map_or(url, |(_, r)| r);
            rest.split('/')
                .next()
                .map(|h| h.trim_start_matches("www.").to_string())
        })
        .unwrap_or_else(|| UNKNOWN_OUTLET.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn narrative(side: &str) -> Narrative {
        Narrative {
            axis: "left_right".into(),
            side: side.into(),
            label: format!("{side} narrative"),
            text: "Residents say the dredging will ruin the bay.".into(),
            sources: vec![1],
            outlet: "Bay Watch".into(),
            rating_source: "Reader's own ratings, 2026".into(),
            signals: Vec::new(),
        }
    }

    /// A coverage with `counts` placed sources on the left and right.
    fn left_right(counts: [u32; 2]) -> parallax_model::Coverage {
        let side = |side: &str, count: u32| parallax_model::SideCoverage {
            side: side.into(),
            count,
            ..Default::default()
        };
        parallax_model::Coverage {
            axes: vec![parallax_model::AxisCoverage {
                axis: "left_right".into(),
                sides: vec![side("left", counts[0]), side("right", counts[1])],
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn the_period_base_rate_counts_the_other_articles_and_the_story() {
        let mut registry = Registry::default();
        registry
            .add_toml(
                "t.toml",
                "[[outlet]]\nid = \"r\"\nname = \"Right Daily\"\nratings.left_right = { value = \"right\", source = \"T\", year = 2026 }\n",
            )
            .unwrap();
        let briefer = Briefer::with_registry(registry);
        let article = Article::new(
            "a",
            "The port of Tollhaven reopened on Monday after three weeks of repairs.",
        );
        let mut briefing = brief_story(&briefer, "s-1", &[&article]);
        briefing.coverage = left_right([9, 0]);
        let others: Vec<Article> = (0..38)
            .map(|i| Article {
                outlet: Some("Right Daily".into()),
                ..Article::new(format!("r{i}"), "")
            })
            .chain((0..53).map(|i| Article {
                lean: Some(Lean::Left),
                ..Article::new(format!("l{i}"), "")
            }))
            .chain((0..5).map(|i| Article::new(format!("u{i}"), "")))
            .collect();
        let base = period_base_rate(&briefer, &briefing, &others, "the week");
        assert_eq!(
            base.counts("left_right"),
            [62, 38],
            "unrated articles are not placed"
        );
        apply_base_rate(&briefer, &mut briefing, &base);
        apply_base_rate(&briefer, &mut briefing, &base);
        let notes: Vec<&String> = briefing
            .notes
            .iter()
            .filter(|n| n.starts_with("Blindspot"))
            .collect();
        assert_eq!(
            notes,
            ["Blindspot: few right-leaning sources (0 of 9; usually 38%)"]
        );
        let axis = &briefing.coverage.axes[0];
        assert_eq!(axis.blindspot.as_deref(), Some("left"));
        assert_eq!(axis.missing.as_ref().unwrap().base, "the week");
    }

    #[test]
    fn blindspot_notes_name_the_missing_side_and_its_usual_share() {
        let axes = Axis::builtin();
        let missing = |side: &str| Blindspot {
            side: side.into(),
            count: 0,
            placed: 9,
            usual_share: 0.38,
            base_placed: 200,
            base: "the whole input".into(),
            p_value: 0.01,
        };
        assert_eq!(
            blindspot_note(&axes[0], &missing("right")),
            "Blindspot: few right-leaning sources (0 of 9; usually 38%)"
        );
        assert_eq!(
            blindspot_note(&axes[1], &missing("critical")),
            "Blindspot: few establishment-critical sources (0 of 9; usually 38%)"
        );
        let odd = Axis::new(
            "port",
            [("for", "Supporters"), ("against", "Opponents' narrative")],
        );
        assert_eq!(
            blindspot_note(&odd, &missing("for")),
            "Blindspot: few for sources (0 of 9; usually 38%)"
        );
        assert_eq!(
            blindspot_note(&odd, &missing("against")),
            "Blindspot: few opponents' sources (0 of 9; usually 38%)"
        );
    }

    #[test]
    fn a_huge_story_is_read_from_an_even_spread_of_its_articles() {
        assert_eq!(analysed_members(3), [0, 1, 2]);
        let spread = analysed_members(10_000);
        assert_eq!(spread.len(), MAX_ANALYSED_ARTICLES);
        assert_eq!((spread[0], spread[spread.len() - 1]), (0, 9_999));
        assert!(spread.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn notes_say_why_a_side_has_no_narrative() {
        let axes = Axis::builtin();
        let left_right = &axes[0];
        assert_eq!(
            narrative_notes(None, &[]),
            ["Coverage does not split across a rated axis, so no narratives are contrasted."]
        );
        assert!(
            narrative_notes(Some(left_right), &[narrative("left"), narrative("right")]).is_empty()
        );
        let only_left = narrative_notes(Some(left_right), &[narrative("left")]);
        assert_eq!(only_left.len(), 1);
        assert!(
            only_left[0].starts_with("No right narrative: "),
            "{only_left:?}"
        );
        assert_eq!(narrative_notes(Some(&axes[1]), &[]).len(), 2);
    }
}
