//! `parallax eval contradictions LABELS DATA...`: the contradictions Parallax lists on
//! real coverage, matched by code-point spans to labelled sentence pairs (our own
//! judgements, kept in the repository as references: article ids, spans, label and
//! reason; the articles stay in the data folders).
//!
//! Each DATA folder is briefed as Parallax would: every event of an `events.jsonl`
//! alone; every gold story of an `articles.jsonl` alone, and all of its articles pooled
//! (clustered by Parallax, as `parallax brief` does). A listed contradiction gives one
//! listed pair per two of its claims; a claim is located by its verbatim text in the
//! story's articles, and a pair matches a label when each claim overlaps one labelled
//! sentence. Precision: the share of matched listed pairs labelled `real`; recall: the
//! share of `real` labels some listed pair matches. The labels are split into two halves
//! by a hash of their event id, fixed before any rule was tuned: rules were tuned on half
//! A only, and half B is the held-out figure (the gates apply to it).
//!
//! `--candidates FILE` writes the pairs a deliberately permissive finder proposes
//! ([`parallax_facts::contradiction_candidates`]) that no label covers yet, as
//! references to label. `--details --half A` prints the listed pairs and the missed
//! `real` labels of the tuning half only, so that half B stays held out.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use parallax_briefing::{brief_all, brief_story, Briefer};
use parallax_facts::{contradiction_candidates, FactOptions, StoryArticle};
use parallax_model::{Article, Briefing};
use serde::{Deserialize, Serialize};

use crate::embedding::EmbeddingArgs;
use crate::outcome::Outcome;

/// Arguments of `parallax eval contradictions`.
#[derive(Debug, clap::Args)]
pub struct ContradictionsEvalArgs {
    /// The labels (JSON Lines, e.g. eval/contradictions.labels.jsonl).
    pub labels: PathBuf,
    /// Data folders: with `events.jsonl` (neus-allsides) or `articles.jsonl` and
    /// `stories.gold.jsonl` (basil, pac-partisan-events, stories).
    #[arg(required = true)]
    pub data: Vec<PathBuf>,
    /// Fail (exit 2) when precision on the held-out half B is below this.
    #[arg(long)]
    pub min_precision: Option<f64>,
    /// Fail (exit 2) when recall on the held-out half B is below this.
    #[arg(long)]
    pub min_recall: Option<f64>,
    /// Write the permissive finder's candidate pairs that no label covers to this file
    /// (references only), for labelling.
    #[arg(long)]
    pub candidates: Option<PathBuf>,
    /// Print every listed pair with its label, and every missed `real` label.
    #[arg(long)]
    pub details: bool,
    /// Restrict `--details` to one half (`A` or `B`): rules are tuned looking at half
    /// A only, so that half B stays a held-out figure.
    #[arg(long, value_parser = ["A", "B"])]
    pub half: Option<String>,
    /// Briefings as `parallax brief` makes them: with the sentence-embedding model
    /// (its neighbours add candidate pairs), unless `--words-only`.
    #[command(flatten)]
    pub model: EmbeddingArgs,
}

/// One side of a labelled pair: a sentence of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// Article id (a `basil:`/`pac:` prefix of the pooled stories set is dropped).
    pub article: String,
    /// Start of the sentence in the article's text, in code points.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The figure's span, when the pair is about a figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<(usize, usize)>,
}

/// One labelled pair.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Label {
    /// Event (story) id the pair comes from; the halves are split on it.
    pub event: String,
    /// One claim.
    pub a: Claim,
    /// The other.
    pub b: Claim,
    /// `real`, `update`, `different`, `compatible` or `forecast`.
    pub label: String,
    /// Why, in one line.
    pub reason: String,
}

/// The labels a pair can get.
pub const LABELS: [&str; 5] = ["real", "update", "different", "compatible", "forecast"];

/// Article ids of the pooled stories set name their dataset (`basil:…`, `pac:…`); the
/// same article in its own dataset has the bare id.
pub fn canonical(id: &str) -> &str {
    match id.split_once(':') {
        Some(("basil" | "pac", rest)) => rest,
        _ => id,
    }
}

/// The event an article belongs to, from its id: `train-0000-1` → `train-0000`,
/// `<uuid>_2` → `<uuid>`, `STORY_7_DOCUMENT_0` → `STORY_7`.
pub fn event_of(id: &str) -> String {
    let id = canonical(id);
    if let Some((story, _)) = id.split_once("_DOCUMENT_") {
        return story.to_string();
    }
    match id.rfind(['_', '-']) {
        Some(k) if id[k + 1..].chars().all(|c| c.is_ascii_digit()) => id[..k].to_string(),
        _ => id.to_string(),
    }
}

/// Half of the labels an event belongs to: `A` (rules tuned on it) or `B` (held out),
/// by the FNV-1a hash of its id (fixed before any rule was tuned).
pub fn half(event: &str) -> char {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in event.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    if hash.is_multiple_of(2) {
        'A'
    } else {
        'B'
    }
}

/// The stories of the data folders, as Parallax briefs them: `(name, articles)` per
/// story, `pooled` ones to cluster first.
pub(super) struct Runs {
    pub(super) stories: Vec<Vec<Article>>,
    pub(super) pooled: Vec<Vec<Article>>,
}

pub(super) fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<Vec<T>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}", path.display(), n + 1))
        })
        .collect()
}

#[derive(Deserialize)]
struct Event {
    articles: Vec<Article>,
}

#[derive(Deserialize)]
struct Gold {
    id: String,
    story: String,
}

pub(super) fn load(dirs: &[PathBuf]) -> anyhow::Result<Runs> {
    let mut runs = Runs {
        stories: Vec::new(),
        pooled: Vec::new(),
    };
    for dir in dirs {
        let events = dir.join("events.jsonl");
        let articles = dir.join("articles.jsonl");
        if events.is_file() {
            for event in read_jsonl::<Event>(&events)? {
                runs.stories.push(event.articles);
            }
        } else if articles.is_file() {
            let all: Vec<Article> = read_jsonl(&articles)?;
            let gold: Vec<Gold> = read_jsonl(&dir.join("stories.gold.jsonl"))?;
            let story_of: BTreeMap<&str, &str> = gold
                .iter()
                .map(|g| (g.id.as_str(), g.story.as_str()))
                .collect();
            let mut stories: BTreeMap<&str, Vec<Article>> = BTreeMap::new();
            for article in &all {
                let story = story_of.get(article.id.as_str()).copied().unwrap_or("");
                stories.entry(story).or_default().push(article.clone());
            }
            runs.stories.extend(stories.into_values());
            runs.pooled.push(all);
        } else {
            bail!("{}: neither events.jsonl nor articles.jsonl", dir.display());
        }
    }
    Ok(runs)
}

/// Code-point spans of every occurrence of `needle` in `text`.
pub(super) fn occurrences(text: &str, needle: &str) -> Vec<(usize, usize)> {
    if needle.is_empty() {
        return Vec::new();
    }
    let length = needle.chars().count();
    text.match_indices(needle)
        .map(|(byte, _)| {
            let start = text[..byte].chars().count();
            (start, start + length)
        })
        .collect()
}

/// Where a claim's text stands in the story's articles: `(canonical id, start, end)`.
type Located = Vec<(String, usize, usize)>;

/// One pair of claims of a listed contradiction, located.
struct Listed {
    about: String,
    a: Located,
    b: Located,
}

fn listed_pairs(briefing: &Briefing, articles: &BTreeMap<&str, &Article>) -> Vec<Listed> {
    let mut out = Vec::new();
    for contradiction in &briefing.contradictions {
        let located: Vec<Located> = contradiction
            .claims
            .iter()
            .map(|claim| {
                briefing
                    .sources
                    .iter()
                    .filter_map(|s| articles.get(s.article.as_str()))
                    .flat_map(|a| {
                        occurrences(&a.text, &claim.text)
                            .into_iter()
                            .map(|(s, e)| (canonical(&a.id).to_string(), s, e))
                    })
                    .collect()
            })
            .collect();
        for i in 0..located.len() {
            for j in i + 1..located.len() {
                out.push(Listed {
                    about: contradiction.about.clone(),
                    a: located[i].clone(),
                    b: located[j].clone(),
                });
            }
        }
    }
    out
}

fn overlaps(located: &Located, claim: &Claim) -> bool {
    located
        .iter()
        .any(|(id, s, e)| id == canonical(&claim.article) && *s < claim.end && claim.start < *e)
}

/// Whether a listed pair is the labelled one (either way round).
fn matches(listed: &Listed, label: &Label) -> bool {
    (overlaps(&listed.a, &label.a) && overlaps(&listed.b, &label.b))
        || (overlaps(&listed.a, &label.b) && overlaps(&listed.b, &label.a))
}

/// Precision and recall of one set of labels.
#[derive(Debug, Default)]
struct Score {
    listed_per_label: BTreeMap<String, usize>,
    real: usize,
    found_real: usize,
}

impl Score {
    fn listed(&self) -> usize {
        self.listed_per_label.values().sum()
    }

    fn precision(&self) -> f64 {
        let listed = self.listed();
        if listed == 0 {
            return 1.0;
        }
        self.listed_per_label.get("real").copied().unwrap_or(0) as f64 / listed as f64
    }

    fn recall(&self) -> f64 {
        if self.real == 0 {
            return 1.0;
        }
        self.found_real as f64 / self.real as f64
    }
}

/// Run the evaluation.
pub fn run(args: &ContradictionsEvalArgs) -> anyhow::Result<Outcome> {
    let labels: Vec<Label> = if args.labels.exists() {
        read_jsonl(&args.labels)?
    } else if args.candidates.is_some() {
        Vec::new()
    } else {
        bail!("{}: no such labels file", args.labels.display());
    };
    for (n, label) in labels.iter().enumerate() {
        if !LABELS.contains(&label.label.as_str()) {
            bail!(
                "{}:{}: unknown label {:?}",
                args.labels.display(),
                n + 1,
                label.label
            );
        }
    }
    // Details of one half only, when asked (the figures are always of both).
    let shown = |h: char| args.details && args.half.as_deref().is_none_or(|w| w.starts_with(h));
    let runs = load(&args.data)?;
    let mut briefer = Briefer::new()?;
    if let Some(model) = args.model.embedder()? {
        briefer = briefer.with_embedder(std::sync::Arc::new(parallax_embed::Memo::new(model)));
    }
    let started = std::time::Instant::now();
    let mut listed: Vec<Listed> = Vec::new();
    let mut candidates: Vec<Label> = Vec::new();
    let mut briefings = 0usize;
    let groups = runs
        .stories
        .iter()
        .map(|s| (s.as_slice(), false))
        .chain(runs.pooled.iter().map(|s| (s.as_slice(), true)));
    for (articles, pooled) in groups {
        let by_id: BTreeMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
        let found: Vec<Briefing> = if pooled {
            brief_all(&briefer, articles)
        } else {
            let members: Vec<&Article> = articles.iter().collect();
            vec![brief_story(&briefer, "", &members)]
        };
        for briefing in &found {
            briefings += 1;
            listed.extend(listed_pairs(briefing, &by_id));
            if args.candidates.is_some() {
                let members: Vec<&Article> = briefing
                    .sources
                    .iter()
                    .filter_map(|s| by_id.get(s.article.as_str()).copied())
                    .collect();
                candidates.extend(candidates_of(&members, &briefer.facts));
            }
        }
    }
    if let Some(path) = &args.candidates {
        write_candidates(path, &candidates, &labels)?;
    }
    // Each listed pair counts once, with the first label it matches.
    let mut seen: BTreeSet<(Located, Located)> = BTreeSet::new();
    let mut scores: BTreeMap<char, Score> = BTreeMap::new();
    let mut unlabelled = 0usize;
    let mut matched_labels: BTreeSet<usize> = BTreeSet::new();
    for pair in &listed {
        if !seen.insert((pair.a.clone(), pair.b.clone())) {
            continue;
        }
        match labels.iter().position(|l| matches(pair, l)) {
            Some(k) => {
                let label = &labels[k];
                matched_labels.insert(k);
                let score = scores.entry(half(&label.event)).or_default();
                *score
                    .listed_per_label
                    .entry(label.label.clone())
                    .or_default() += 1;
                if shown(half(&label.event)) {
                    println!(
                        "listed [{}] {}: {} ({})",
                        half(&label.event),
                        pair.about,
                        label.label,
                        label.reason
                    );
                }
            }
            None => {
                unlabelled += 1;
                let event = pair.a.first().map(|(id, _, _)| event_of(id));
                if event.is_some_and(|e| shown(half(&e))) {
                    println!(
                        "listed, unlabelled: {}: {:?} / {:?}",
                        pair.about, pair.a, pair.b
                    );
                }
            }
        }
    }
    for (k, label) in labels.iter().enumerate() {
        if label.label == "real" {
            let score = scores.entry(half(&label.event)).or_default();
            score.real += 1;
            if matched_labels.contains(&k) {
                score.found_real += 1;
            } else if shown(half(&label.event)) {
                println!(
                    "missed [{}] {} {}-{} / {} {}-{}: {}",
                    half(&label.event),
                    label.a.article,
                    label.a.start,
                    label.a.end,
                    label.b.article,
                    label.b.start,
                    label.b.end,
                    label.reason
                );
            }
        }
    }
    let mut all = Score::default();
    for score in scores.values() {
        for (label, n) in &score.listed_per_label {
            *all.listed_per_label.entry(label.clone()).or_default() += n;
        }
        all.real += score.real;
        all.found_real += score.found_real;
    }
    let per_half = |h: char| labels.iter().filter(|l| half(&l.event) == h).count();
    println!(
        "contradictions on {} briefings ({} labels: {} in half A, {} in half B; {:.1} s)",
        briefings,
        labels.len(),
        per_half('A'),
        per_half('B'),
        started.elapsed().as_secs_f64()
    );
    println!("  labels            listed  real  found  precision  recall  listed per label");
    let empty = Score::default();
    for (name, score) in [
        ("held-out half B", scores.get(&'B').unwrap_or(&empty)),
        ("tuning half A", scores.get(&'A').unwrap_or(&empty)),
        ("all", &all),
    ] {
        let per_label: Vec<String> = LABELS
            .iter()
            .map(|l| {
                format!(
                    "{l} {}",
                    score.listed_per_label.get(*l).copied().unwrap_or(0)
                )
            })
            .collect();
        println!(
            "  {name:<16}  {:>6}  {:>4}  {:>5}  {:>9.3}  {:>6.3}  {}",
            score.listed(),
            score.real,
            score.found_real,
            score.precision(),
            score.recall(),
            per_label.join(", ")
        );
    }
    println!("  listed pairs no label covers: {unlabelled}");
    let held_out = scores.get(&'B').unwrap_or(&empty);
    let low_precision = args
        .min_precision
        .is_some_and(|min| held_out.precision() < min);
    let low_recall = args.min_recall.is_some_and(|min| held_out.recall() < min);
    if low_precision || low_recall {
        eprintln!(
            "contradictions gate failed on half B: precision {:.3}, recall {:.3}",
            held_out.precision(),
            held_out.recall()
        );
        return Ok(Outcome::SomeFailed);
    }
    Ok(Outcome::Ok)
}

/// The permissive finder's candidates of one story, as unlabelled references.
fn candidates_of(members: &[&Article], options: &FactOptions) -> Vec<Label> {
    let names: Vec<String> = members.iter().map(|a| a.id.clone()).collect();
    let story: Vec<StoryArticle<'_>> = members
        .iter()
        .enumerate()
        .map(|(i, a)| StoryArticle {
            article: a,
            source: i as u32 + 1,
            group: i,
            outlet: &names[i],
        })
        .collect();
    let claim = |c: &parallax_facts::ClaimSpan| Claim {
        article: canonical(&members[c.article].id).to_string(),
        start: c.start,
        end: c.end,
        figure: c.figure,
    };
    contradiction_candidates(&story, options)
        .iter()
        .map(|c| Label {
            event: event_of(&members[c.a.article].id),
            a: claim(&c.a),
            b: claim(&c.b),
            label: String::new(),
            reason: String::new(),
        })
        .collect()
}

fn same_pair(x: &Label, y: &Label) -> bool {
    let same = |p: &Claim, q: &Claim| p.article == q.article && p.start < q.end && q.start < p.end;
    (same(&x.a, &y.a) && same(&x.b, &y.b)) || (same(&x.a, &y.b) && same(&x.b, &y.a))
}

fn write_candidates(path: &Path, candidates: &[Label], labels: &[Label]) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(path)
            .with_context(|| format!("{}: cannot create", path.display()))?,
    );
    let mut kept: Vec<&Label> = Vec::new();
    for candidate in candidates {
        if labels.iter().any(|l| same_pair(l, candidate))
            || kept.iter().any(|k| same_pair(k, candidate))
        {
            continue;
        }
        kept.push(candidate);
        writeln!(out, "{}", serde_json::to_string(candidate)?)?;
    }
    out.flush()?;
    eprintln!(
        "{} unlabelled candidates written to {}",
        kept.len(),
        path.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_come_from_article_ids() {
        assert_eq!(event_of("train-0012-2"), "train-0012");
        assert_eq!(event_of("basil:0a1b-c2_3"), "0a1b-c2");
        assert_eq!(event_of("pac:STORY_7_DOCUMENT_1"), "STORY_7");
        assert_eq!(canonical("pac:STORY_7_DOCUMENT_1"), "STORY_7_DOCUMENT_1");
    }

    #[test]
    fn occurrences_count_code_points() {
        assert_eq!(occurrences("Ça va. Ça va.", "Ça va."), [(0, 6), (7, 13)]);
        assert!(occurrences("abc", "").is_empty());
    }

    #[test]
    fn halves_are_fixed() {
        let a = ["train-0000", "STORY_0"].map(half);
        assert_eq!(a, ["train-0000", "STORY_0"].map(half));
        assert!(['A', 'B'].contains(&half("x")));
    }
}
