//! From articles to briefings: stories, sources, syndication, facts, narratives.

use std::collections::{BTreeMap, BTreeSet};

use parallax_facts::{analyse_indexed, cited_spans, FactOptions, StoryArticle, StoryIndex};
use parallax_model::{Article, Briefing, Lean, Narrative, Outlet, Ratings, Source};
use parallax_narratives::{
    contrasted_axis, coverage_with_axes, select_indexed, Axis, NarrativeOptions, RatedArticle,
    Registry, RegistryError,
};
use parallax_stories::{cluster, find_reprints, story_id, ClusterOptions, SyndicationOptions};

use crate::headline::{headline, lede};

/// Everything a briefing run is configured with.
#[derive(Debug, Clone)]
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
        }
    }
}

/// Group `articles` into stories and brief each; the biggest stories come first.
pub fn brief_all(briefer: &Briefer, articles: &[Article]) -> Vec<Briefing> {
    let story_ids = cluster(articles, &briefer.cluster);
    let mut stories: BTreeMap<&str, Vec<&Article>> = BTreeMap::new();
    for (article, story) in articles.iter().zip(&story_ids) {
        stories.entry(story.as_str()).or_default().push(article);
    }
    let mut ordered: Vec<(&str, Vec<&Article>)> = stories.into_iter().collect();
    ordered.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    ordered
        .into_iter()
        .map(|(id, members)| brief_story(briefer, id, &members))
        .collect()
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
    let owned: Vec<Article> = members.iter().map(|a| (*a).clone()).collect();
    let is_wire: Vec<bool> = outlets.iter().map(|o| o.is_some_and(|o| o.wire)).collect();
    let mut group: Vec<usize> = (0..members.len()).collect();
    let mut syndicated_from: Vec<Option<u32>> = vec![None; members.len()];
    for reprint in find_reprints(&owned, &is_wire, &briefer.syndication) {
        group[reprint.copy] = reprint.original;
        syndicated_from[reprint.copy] = Some(reprint.original as u32 + 1);
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
    let story_articles: Vec<StoryArticle<'_>> = members
        .iter()
        .enumerate()
        .map(|(i, a)| StoryArticle {
            article: a,
            source: i as u32 + 1,
            group: group[i],
            outlet: &names[i],
        })
        .collect();
    // One index of the story's sentences serves both the facts and the narratives.
    let index = StoryIndex::build(
        &story_articles,
        &briefer.facts,
        briefer.narratives.max_shared_similarity,
    );
    let analysis = analyse_indexed(&story_articles, &index, &briefer.facts);
    let rated: Vec<RatedArticle<'_>> = story_articles
        .iter()
        .zip(&ratings)
        .map(|(s, r)| RatedArticle {
            article: s.article,
            source: s.source,
            group: s.group,
            outlet: s.outlet,
            ratings: r,
        })
        .collect();
    let ids: Vec<&str> = members.iter().map(|a| a.id.as_str()).collect();
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
            lean: ratings[i]
                .get("left_right")
                .map(|r| r.value.clone())
                .or_else(|| a.lean.map(|l| l.as_str().to_string())),
            syndicated_from: syndicated_from[i],
            outlet_id: outlets[i].map(|o| o.id.clone()),
            ratings: ratings[i].clone(),
        })
        .collect();
    let mut notes = Vec::new();
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
    let headline = headline(
        &members,
        &centrist,
        &analysis.facts,
        &analysis.contradictions,
    );
    Briefing {
        story: if story.is_empty() {
            story_id(&members[0].id)
        } else {
            story.to_string()
        },
        lede: lede(&analysis.facts),
        headline,
        coverage: coverage_with_axes(&rated, briefer.registry.axes(), &analysis.facts),
        facts: analysis.facts,
        contradictions: analysis.contradictions,
        narratives,
        sources,
        omissions: analysis.omissions,
        notes,
        updates: analysis.updates,
        timeline: Vec::new(),
    }
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
/// URL's host, else "Unknown outlet".
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
        .unwrap_or_else(|| "Unknown outlet".into())
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
        }
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
