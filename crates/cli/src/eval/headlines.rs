//! `parallax eval headlines DATA…` and `parallax eval timelines DATA…`: every real event
//! of the evaluation sets briefed alone, as a reader would get it.
//!
//! `headlines` fails when any headline or lede does not read as news: a fragment, a
//! truncated sentence, or one that opens with a pronoun or a section label (the rules of
//! `parallax_briefing::flaw`). `timelines` fails when a story whose articles span more
//! than one day has no timeline, when its timeline is out of date order, when a fact is
//! uncited, or when the briefing does not pass `parallax verify`.
//!
//! An event is a NeuS event (`events.jsonl`, format D of the data README) or a gold story
//! of a folder with `articles.jsonl` and `stories.gold.jsonl` (BASIL, PAC, stories).

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use parallax_briefing::{brief_story, flaw, publication_day, sentence_flaw, Briefer};
use parallax_facts::verify::verify;
use parallax_model::{Article, Briefing, StoryAssignment};
use serde::Deserialize;

use crate::outcome::Outcome;

/// Arguments of `parallax eval headlines` and `parallax eval timelines`.
#[derive(Debug, clap::Args)]
pub struct EventsEvalArgs {
    /// Data folders (or their `events.jsonl` / `articles.jsonl`): neus-allsides, basil,
    /// pac-partisan-events, stories.
    #[arg(required = true)]
    pub data: Vec<PathBuf>,
    /// Print at most this many offenders (all are counted).
    #[arg(long, default_value_t = 50)]
    pub show: usize,
    /// Also print every event's headline and lede (`headlines`) or timeline days
    /// (`timelines`), to read them as a reader would.
    #[arg(long)]
    pub list: bool,
}

/// One event to brief: its name and its articles.
pub struct Event {
    /// `DATASET/EVENT`.
    pub name: String,
    /// The event's articles.
    pub articles: Vec<Article>,
}

#[derive(Deserialize)]
struct NeusEvent {
    event: String,
    articles: Vec<Article>,
}

/// Read JSON Lines of `T`, with `file:line` in errors.
fn json_lines<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<Vec<T>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", path.display(), n + 1))?;
        if !line.trim().is_empty() {
            out.push(
                serde_json::from_str(&line)
                    .with_context(|| format!("{}:{}", path.display(), n + 1))?,
            );
        }
    }
    Ok(out)
}

/// The events of one data folder (or file).
pub fn load_events(path: &Path) -> anyhow::Result<Vec<Event>> {
    let dir = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let dataset = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let events_file = if path.is_dir() {
        dir.join("events.jsonl")
    } else {
        path.to_path_buf()
    };
    if events_file.file_name().is_some_and(|n| n == "events.jsonl") && events_file.exists() {
        return Ok(json_lines::<NeusEvent>(&events_file)?
            .into_iter()
            .map(|e| Event {
                name: format!("{dataset}/{}", e.event),
                articles: e.articles,
            })
            .collect());
    }
    let (articles_file, gold_file) = (dir.join("articles.jsonl"), dir.join("stories.gold.jsonl"));
    if !articles_file.exists() || !gold_file.exists() {
        bail!(
            "{}: expected events.jsonl, or articles.jsonl with stories.gold.jsonl",
            path.display()
        );
    }
    let articles: Vec<Article> = json_lines(&articles_file)?;
    let gold: BTreeMap<String, String> = json_lines::<StoryAssignment>(&gold_file)?
        .into_iter()
        .map(|a| (a.id, a.story))
        .collect();
    let mut stories: BTreeMap<String, Vec<Article>> = BTreeMap::new();
    for article in articles {
        let story = gold
            .get(&article.id)
            .cloned()
            .unwrap_or_else(|| format!("unassigned-{}", article.id));
        stories.entry(story).or_default().push(article);
    }
    Ok(stories
        .into_iter()
        .map(|(story, articles)| Event {
            name: format!("{dataset}/{story}"),
            articles,
        })
        .collect())
}

/// Brief every event of every data folder alone; `check` returns the problems of one.
fn over_events(
    args: &EventsEvalArgs,
    what: &str,
    mut check: impl FnMut(&Event, &Briefing) -> Vec<String>,
) -> anyhow::Result<Outcome> {
    let briefer = Briefer::new()?;
    let started = std::time::Instant::now();
    let (mut events, mut failed, mut shown) = (0usize, 0usize, 0usize);
    for path in &args.data {
        let (mut here, mut failed_here) = (0usize, 0usize);
        for event in load_events(path)? {
            let members: Vec<&Article> = event.articles.iter().collect();
            if members.is_empty() {
                continue;
            }
            let briefing = brief_story(&briefer, "", &members);
            let problems = check(&event, &briefing);
            here += 1;
            if !problems.is_empty() {
                failed_here += 1;
                for problem in problems {
                    if shown < args.show {
                        println!("{}: {problem}", event.name);
                    }
                    shown += 1;
                }
            }
        }
        println!("{}: {here} events, {failed_here} failing", path.display());
        events += here;
        failed += failed_here;
    }
    println!(
        "{what}: {events} events, {failed} failing ({:.2} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(match (events, failed) {
        (0, _) => Outcome::NothingToDo,
        (_, 0) => Outcome::Ok,
        _ => {
            eprintln!("{what} check failed: {failed} of {events} events");
            Outcome::SomeFailed
        }
    })
}

/// Run `parallax eval headlines`.
pub fn run_headlines(args: &EventsEvalArgs) -> anyhow::Result<Outcome> {
    over_events(args, "headlines and ledes", |event: &Event, briefing| {
        if args.list {
            println!(
                "{}\n  H: {}\n  L: {}",
                event.name, briefing.headline, briefing.lede
            );
        }
        let mut problems = Vec::new();
        // A headline made of a fact is a sentence and must end like one.
        let is_title = event
            .articles
            .iter()
            .any(|a| a.title.as_deref().map(str::trim) == Some(briefing.headline.as_str()));
        let is_fact = !is_title && briefing.facts.iter().any(|f| f.text == briefing.headline);
        let headline_flaw = if is_fact {
            sentence_flaw(&briefing.headline)
        } else {
            flaw(&briefing.headline)
        };
        if let Some(flaw) = headline_flaw {
            problems.push(format!(
                "headline, {}: {:?}",
                flaw.describe(),
                briefing.headline
            ));
        }
        if !briefing.lede.is_empty() {
            if let Some(flaw) = sentence_flaw(&briefing.lede) {
                problems.push(format!("lede, {}: {:?}", flaw.describe(), briefing.lede));
            }
        }
        problems
    })
}

/// Run `parallax eval timelines`.
pub fn run_timelines(args: &EventsEvalArgs) -> anyhow::Result<Outcome> {
    let (mut multi_day, mut entries) = (0usize, 0usize);
    let outcome = over_events(args, "timelines", |event, briefing| {
        let mut problems = Vec::new();
        let mut days: Vec<_> = event
            .articles
            .iter()
            .filter_map(|a| publication_day(a.published.as_deref()))
            .collect();
        days.sort_unstable();
        days.dedup();
        if args.list && !briefing.timeline.is_empty() {
            let entries: Vec<String> = briefing
                .timeline
                .iter()
                .map(|e| {
                    format!(
                        "{} ({} sources, {} facts)",
                        e.day,
                        e.sources.len(),
                        e.facts.len()
                    )
                })
                .collect();
            println!(
                "{}: {}\n  H: {}",
                event.name,
                entries.join(" · "),
                briefing.headline
            );
        }
        if days.len() > 1 {
            multi_day += 1;
            entries += briefing.timeline.len();
            if briefing.timeline.is_empty() {
                problems.push(format!(
                    "articles span {} days, but no timeline",
                    days.len()
                ));
            }
        } else if !briefing.timeline.is_empty() {
            problems.push("a timeline for a story of one day".into());
        }
        for fact in &briefing.facts {
            if fact.sources.is_empty() || fact.support.is_empty() {
                problems.push(format!("{} is not cited", fact.id));
            }
        }
        let by_id = event.articles.iter().map(|a| (a.id.as_str(), a)).collect();
        problems.extend(
            verify(briefing, &by_id)
                .iter()
                .map(|p| format!("verify: {p}")),
        );
        problems
    })?;
    println!("multi-day stories: {multi_day}, with {entries} timeline entries in all");
    Ok(outcome)
}
