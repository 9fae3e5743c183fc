//! `parallax eval events DATA...`: real multi-outlet events, each briefed alone as a
//! user would (`parallax brief` on the event's articles: grouping, then facts). Prints
//! per data set the share of events briefed as one story, the share with at least one
//! fact cited by two or more independent outlets, the multi-source share of all facts,
//! the `parallax verify` pass rate, and the reverse check: articles of two or three
//! different events briefed together must stay in separate stories.
//!
//! Reads `events.jsonl` (format D, e.g. neus-allsides) or `framing.jsonl` (format E,
//! e.g. basil, pac-partisan-events).

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use parallax_briefing::{brief_all, Briefer};
use parallax_facts::verify::verify;
use parallax_model::{Article, Briefing};
use parallax_stories::cluster_with;
use serde::Deserialize;

use crate::embedding::{EmbeddingArgs, GroupingArgs};
use crate::outcome::Outcome;

/// Arguments of `parallax eval events`.
#[derive(Debug, clap::Args)]
pub struct EventsEvalArgs {
    /// Data set folders (or their `events.jsonl` / `framing.jsonl`).
    #[arg(required = true)]
    pub data: Vec<PathBuf>,
    /// Only events whose id starts with this (e.g. `val` for NeuS's development events).
    #[arg(long)]
    pub split: Option<String>,
    /// Fail (exit 2) when any briefing fails verification.
    #[arg(long)]
    pub require_verified: bool,
    /// Fail (exit 2) when a data set's share of events briefed as one story is below
    /// this (0–1).
    #[arg(long)]
    pub min_one_story: Option<f64>,
    /// Fail (exit 2) when the share of mixes that stay apart is below this (0–1).
    #[arg(long)]
    pub min_apart: Option<f64>,
    /// Fail (exit 2) when a data set's share of events with at least one fact cited by
    /// two or more independent outlets is below this (0–1; not read with
    /// `--grouping-only`, which makes no facts).
    #[arg(long)]
    pub min_multi_fact: Option<f64>,
    /// Only group the articles into stories (one story per event, mixes apart): no
    /// facts, so it runs in seconds.
    #[arg(long)]
    pub grouping_only: bool,
    #[command(flatten)]
    pub model: EmbeddingArgs,
    #[command(flatten)]
    pub grouping: GroupingArgs,
}

#[derive(Deserialize)]
struct Event {
    event: String,
    articles: Vec<Article>,
}

/// Events of a data set, in file order.
fn read_events(path: &Path, split: Option<&str>) -> anyhow::Result<(String, Vec<Event>)> {
    let file = if path.is_dir() {
        ["events.jsonl", "framing.jsonl"]
            .iter()
            .map(|name| path.join(name))
            .find(|p| p.is_file())
            .with_context(|| format!("{}: no events.jsonl or framing.jsonl", path.display()))?
    } else {
        path.to_path_buf()
    };
    let name = file.parent().and_then(Path::file_name).map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let reader = std::io::BufReader::new(
        std::fs::File::open(&file).with_context(|| format!("{}: cannot open", file.display()))?,
    );
    let mut events = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", file.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let event: Event =
            serde_json::from_str(&line).with_context(|| format!("{}:{}", file.display(), n + 1))?;
        if split.is_none_or(|s| event.event.starts_with(s)) {
            events.push(event);
        }
    }
    Ok((name, events))
}

/// Counts over one data set.
#[derive(Debug, Default)]
struct Tally {
    events: usize,
    one_story: usize,
    with_multi_source_fact: usize,
    facts: usize,
    multi_source_facts: usize,
    briefings: usize,
    verified: usize,
    mixes: usize,
    apart: usize,
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

/// Whether every briefing of `briefings` verifies against `articles`; counts them and
/// names each failing briefing with its problems on stderr, so a failed gate says why.
fn verify_all(briefings: &[Briefing], articles: &[&Article], tally: &mut Tally) {
    let by_id: BTreeMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), *a)).collect();
    for briefing in briefings {
        tally.briefings += 1;
        let problems = verify(briefing, &by_id);
        if problems.is_empty() {
            tally.verified += 1;
        } else {
            let members: Vec<&str> = briefing
                .sources
                .iter()
                .map(|s| s.article.as_str())
                .collect();
            eprintln!("briefing of {}: fails verification", members.join(", "));
            for problem in &problems {
                eprintln!("  {problem}");
            }
        }
    }
}

/// The stories of `articles`, each as its members' ids: from the briefings, or from
/// grouping alone (`None` for the briefings then).
fn stories_of(
    briefer: &Briefer,
    articles: &[Article],
    grouping_only: bool,
) -> (Vec<Vec<String>>, Option<Vec<Briefing>>) {
    if grouping_only {
        let ids = cluster_with(articles, &briefer.cluster, briefer.embedder.as_deref());
        let mut by_story: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (article, story) in articles.iter().zip(&ids) {
            by_story.entry(story).or_default().push(article.id.clone());
        }
        (by_story.into_values().collect(), None)
    } else {
        let briefings = brief_all(briefer, articles);
        let stories = briefings
            .iter()
            .map(|b| b.sources.iter().map(|s| s.article.clone()).collect())
            .collect();
        (stories, Some(briefings))
    }
}

/// The events mixed with event `k`: the next one, or the next two for odd `k`
/// (wrapping round), so the mixes are fixed and every event is in some.
fn mix_of(k: usize, count: usize) -> Vec<usize> {
    let size = if k.is_multiple_of(2) { 2 } else { 3 };
    (0..size).map(|d| (k + d) % count).collect()
}

/// Run the evaluation.
pub fn run(args: &EventsEvalArgs) -> anyhow::Result<Outcome> {
    let mut briefer = Briefer::new()?;
    if let Some(model) = args.model.embedder()? {
        // Mixes ask for the same sentences again: each is embedded once.
        briefer = briefer.with_embedder(std::sync::Arc::new(parallax_embed::Memo::new(model)));
    }
    briefer.cluster = args.grouping.apply(briefer.cluster);
    let mut failed = false;
    println!(
        "{:<22} {:>6} {:>10} {:>12} {:>12} {:>9} {:>8}",
        "data set", "events", "one story", "multi-fact", "multi share", "verified", "apart"
    );
    for path in &args.data {
        let (name, events) = read_events(path, args.split.as_deref())?;
        if events.is_empty() {
            bail!("{}: no events", path.display());
        }
        let mut tally = Tally::default();
        for event in &events {
            let members: Vec<&Article> = event.articles.iter().collect();
            let (stories, briefings) = stories_of(&briefer, &event.articles, args.grouping_only);
            tally.events += 1;
            tally.one_story += usize::from(stories.len() == 1);
            let Some(briefings) = briefings else {
                continue;
            };
            let multi = |b: &Briefing| {
                b.facts
                    .iter()
                    .filter(|f| f.independent_sources >= 2)
                    .count()
            };
            let multi_here: usize = briefings.iter().map(multi).sum();
            tally.with_multi_source_fact += usize::from(multi_here > 0);
            tally.multi_source_facts += multi_here;
            tally.facts += briefings.iter().map(|b| b.facts.len()).sum::<usize>();
            verify_all(&briefings, &members, &mut tally);
        }
        if events.len() >= 2 {
            for k in 0..events.len() {
                let chosen = mix_of(k, events.len());
                let mut articles: Vec<Article> = Vec::new();
                let mut event_of: BTreeMap<String, usize> = BTreeMap::new();
                for &e in &chosen {
                    for article in &events[e].articles {
                        event_of.insert(article.id.clone(), e);
                        articles.push(article.clone());
                    }
                }
                let (stories, briefings) = stories_of(&briefer, &articles, args.grouping_only);
                let apart = stories.iter().all(|members| {
                    let events: BTreeSet<usize> = members
                        .iter()
                        .filter_map(|id| event_of.get(id).copied())
                        .collect();
                    events.len() <= 1
                });
                tally.mixes += 1;
                tally.apart += usize::from(apart);
                if let Some(briefings) = briefings {
                    let members: Vec<&Article> = articles.iter().collect();
                    verify_all(&briefings, &members, &mut tally);
                }
            }
        }
        let one_story = share(tally.one_story, tally.events);
        let apart = share(tally.apart, tally.mixes);
        let multi_fact = share(tally.with_multi_source_fact, tally.events);
        println!(
            "{:<22} {:>6} {:>10.3} {:>12.3} {:>12.3} {:>9.3} {:>8.3}",
            name,
            tally.events,
            one_story,
            multi_fact,
            share(tally.multi_source_facts, tally.facts),
            share(tally.verified, tally.briefings),
            apart
        );
        if args.require_verified && tally.verified < tally.briefings {
            eprintln!(
                "{name}: {} briefings fail verification",
                tally.briefings - tally.verified
            );
            failed = true;
        }
        if args.min_one_story.is_some_and(|m| one_story < m)
            || args.min_apart.is_some_and(|m| apart < m)
            || (!args.grouping_only && args.min_multi_fact.is_some_and(|m| multi_fact < m))
        {
            eprintln!("{name}: below the gate");
            failed = true;
        }
    }
    Ok(if failed {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixes_take_two_or_three_events_and_wrap_round() {
        assert_eq!(mix_of(0, 5), [0, 1]);
        assert_eq!(mix_of(1, 5), [1, 2, 3]);
        assert_eq!(mix_of(4, 5), [4, 0]);
        assert_eq!(mix_of(3, 4), [3, 0, 1]);
    }
}
