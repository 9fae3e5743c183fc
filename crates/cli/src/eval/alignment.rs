//! `parallax eval alignment LABELS DATA...`: are the sentences Parallax joins into one
//! fact really the same fact? Measured against labelled sentence pairs of real events
//! (our own judgements, kept in the repository as references: article ids, code-point
//! spans, label and reason; the articles stay in the data folders).
//!
//! Each event (an `events.jsonl` line, or a gold story of an `articles.jsonl`) is
//! briefed alone, as `parallax eval events` does. Every fact cited by two or more
//! articles gives one joined pair per two of its supports (located by their verbatim
//! quote in the articles). A joined pair matches a label when each side overlaps one
//! labelled sentence. Precision: the share of matched joined pairs labelled `same`;
//! recall: the share of `same` labels some joined pair matches. `same` means one
//! sentence backs the other (a citation of either would be honest for the claim they
//! share), not merely "about the same event". The labels are split into halves by
//! the hash of their event id ([`half`]), as the contradiction labels are: decisions are
//! tuned looking at half A only, and half B is the held-out figure.
//!
//! `--candidates FILE` writes pairs to label (outside the repository: it carries the
//! sentences' text for the labeller): the joined pairs no label covers, and for each two
//! articles of an event the near misses, the unjoined pairs among their first sentences
//! the pair judge rates highest.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use parallax_briefing::{brief_story, Briefer};
use parallax_facts::{same_fact, text_pair_evidence, PairJudge};
use parallax_model::{Article, Briefing};
use parallax_text::sentences::sentences;
use serde::{Deserialize, Serialize};

use super::contradictions::{canonical, event_of, half, load, occurrences, read_jsonl};
use crate::embedding::EmbeddingArgs;
use crate::outcome::Outcome;

/// Arguments of `parallax eval alignment`.
#[derive(Debug, clap::Args)]
pub struct AlignmentEvalArgs {
    /// The labels (JSON Lines, e.g. eval/alignment.labels.jsonl).
    pub labels: PathBuf,
    /// Data folders: with `events.jsonl` (neus-allsides) or `articles.jsonl` and
    /// `stories.gold.jsonl` (basil, pac-partisan-events).
    #[arg(required = true)]
    pub data: Vec<PathBuf>,
    /// Only events whose id starts with this (`val` or `train` for neus-allsides).
    #[arg(long)]
    pub split: Option<String>,
    /// Fail (exit 2) when precision on the held-out half B is below this.
    #[arg(long)]
    pub min_precision: Option<f64>,
    /// Write unlabelled candidate pairs (joined pairs and near misses) to this file.
    #[arg(long)]
    pub candidates: Option<PathBuf>,
    /// Near misses written per two articles of an event.
    #[arg(long, default_value_t = 2)]
    pub near_misses: usize,
    /// Print every joined pair with its label, and every missed `same` label.
    #[arg(long)]
    pub details: bool,
    /// Write each label's pair evidence (the judge's measured features, its
    /// probability, compatibility, the decision) as JSON Lines to this file.
    #[arg(long)]
    pub features: Option<PathBuf>,
    #[command(flatten)]
    pub model: EmbeddingArgs,
}

/// One side of a labelled pair: a sentence of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Article id (as in its own data folder).
    pub article: String,
    /// Start of the sentence in the article's text, in code points.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
}

/// One labelled pair.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Label {
    /// Event the pair comes from; the halves are split on it.
    pub event: String,
    /// One sentence.
    pub a: Sentence,
    /// The other, of another article.
    pub b: Sentence,
    /// `same` or `different`.
    pub label: String,
    /// Why, in one line.
    pub reason: String,
}

impl Label {
    /// Whether this label is about the sentences `a` and `b` (either way round).
    fn names(&self, a: &Sentence, b: &Sentence) -> bool {
        (same_sentences(&self.a, a) && same_sentences(&self.b, b))
            || (same_sentences(&self.a, b) && same_sentences(&self.b, a))
    }
}

/// The labels a pair can get.
pub const LABELS: [&str; 2] = ["same", "different"];

/// A pair to label: references, and (outside the repository only) the two sentences.
#[derive(Debug, Serialize)]
struct Candidate<'a> {
    event: String,
    a: Sentence,
    b: Sentence,
    /// `joined` (Parallax made them one fact) or `near` (it did not).
    kind: &'static str,
    /// The pair judge's probability (near misses).
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    text_a: &'a str,
    text_b: &'a str,
}

/// Where one support of a fact stands in the raw articles.
type Located = Vec<(String, usize, usize)>;

/// Every two supports (of different articles) of every fact cited by several articles.
fn joined_pairs(
    briefing: &Briefing,
    articles: &BTreeMap<&str, &Article>,
) -> Vec<(Located, Located)> {
    let mut out = Vec::new();
    for fact in &briefing.facts {
        let located: Vec<(String, Located)> = fact
            .support
            .iter()
            .filter_map(|s| {
                let article = articles.get(s.article.as_str())?;
                let spans = occurrences(&article.text, &s.quote)
                    .into_iter()
                    .map(|(start, end)| (canonical(&article.id).to_string(), start, end))
                    .collect();
                Some((s.article.clone(), spans))
            })
            .collect();
        for i in 0..located.len() {
            for j in i + 1..located.len() {
                if located[i].0 != located[j].0 {
                    out.push((located[i].1.clone(), located[j].1.clone()));
                }
            }
        }
    }
    out
}

fn overlaps(located: &Located, sentence: &Sentence) -> bool {
    located.iter().any(|(id, s, e)| {
        id == canonical(&sentence.article) && *s < sentence.end && sentence.start < *e
    })
}

/// Whether a joined pair overlaps the sentences `a` and `b` (either way round).
fn covers(pair: &(Located, Located), a: &Sentence, b: &Sentence) -> bool {
    (overlaps(&pair.0, a) && overlaps(&pair.1, b)) || (overlaps(&pair.0, b) && overlaps(&pair.1, a))
}

fn matches(pair: &(Located, Located), label: &Label) -> bool {
    covers(pair, &label.a, &label.b)
}

/// Sentences read for near misses, per article: about as many as alignment embeds.
const NEAR_MISS_SENTENCES: usize = 12;

/// The unjoined pairs of two articles' first sentences the judge rates highest.
fn near_misses<'a>(
    first: &'a Article,
    second: &'a Article,
    joined: &[(Located, Located)],
    briefer: &Briefer,
    keep: usize,
) -> Vec<Candidate<'a>> {
    let Some(embedder) = briefer.embedder.as_deref() else {
        return Vec::new();
    };
    let (sa, sb) = (sentences(&first.text), sentences(&second.text));
    let (sa, sb) = (
        &sa[..sa.len().min(NEAR_MISS_SENTENCES)],
        &sb[..sb.len().min(NEAR_MISS_SENTENCES)],
    );
    let mut pairs = Vec::new();
    let mut texts = Vec::new();
    for x in sa {
        for y in sb {
            pairs.push((x, y));
            texts.push((x.text, y.text));
        }
    }
    let judge = PairJudge::builtin();
    let evidence = text_pair_evidence(&texts, embedder);
    let sentence = |a: &Article, s: &parallax_text::sentences::Sentence<'_>| Sentence {
        article: canonical(&a.id).to_string(),
        start: s.start,
        end: s.end,
    };
    let mut scored: Vec<Candidate<'a>> = pairs
        .iter()
        .zip(&evidence)
        .filter(|(_, e)| same_fact(e, judge, briefer.facts.min_similarity).is_none())
        .filter_map(|((x, y), e)| {
            let score = judge.probability(e.features.as_ref()?);
            let (a, b) = (sentence(first, x), sentence(second, y));
            let already = joined.iter().any(|pair| covers(pair, &a, &b));
            (!already).then_some(Candidate {
                event: event_of(&first.id),
                a,
                b,
                kind: "near",
                score: Some(score),
                text_a: x.text,
                text_b: y.text,
            })
        })
        .collect();
    scored.sort_by(|p, q| {
        q.score
            .partial_cmp(&p.score)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    // One near miss per sentence of either article: the best partner only.
    let mut used: BTreeSet<(usize, bool)> = BTreeSet::new();
    scored
        .into_iter()
        .filter(|c| {
            let fresh = !used.contains(&(c.a.start, true)) && !used.contains(&(c.b.start, false));
            if fresh {
                used.insert((c.a.start, true));
                used.insert((c.b.start, false));
            }
            fresh
        })
        .take(keep)
        .collect()
}

/// Precision and recall of one half of the labels.
#[derive(Debug, Default)]
struct Score {
    joined_same: usize,
    joined_different: usize,
    same: usize,
    found_same: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        let joined = self.joined_same + self.joined_different;
        if joined == 0 {
            return 1.0;
        }
        self.joined_same as f64 / joined as f64
    }

    fn recall(&self) -> f64 {
        if self.same == 0 {
            return 1.0;
        }
        self.found_same as f64 / self.same as f64
    }
}

fn read_labels(path: &Path, may_be_missing: bool) -> anyhow::Result<Vec<Label>> {
    if !path.exists() && may_be_missing {
        return Ok(Vec::new());
    }
    let labels: Vec<Label> = read_jsonl(path)?;
    for (n, label) in labels.iter().enumerate() {
        if !LABELS.contains(&label.label.as_str()) {
            bail!(
                "{}:{}: unknown label {:?} (expected same or different)",
                path.display(),
                n + 1,
                label.label
            );
        }
    }
    Ok(labels)
}

/// Run the evaluation.
pub fn run(args: &AlignmentEvalArgs) -> anyhow::Result<Outcome> {
    let labels = read_labels(&args.labels, args.candidates.is_some())?;
    let mut stories: Vec<Vec<Article>> = Vec::new();
    for dir in &args.data {
        let mut runs = load(std::slice::from_ref(dir))?;
        // The split names events of an events.jsonl (neus-allsides) only.
        if let (Some(split), true) = (&args.split, dir.join("events.jsonl").is_file()) {
            runs.stories.retain(|s| {
                s.first()
                    .is_some_and(|a| event_of(&a.id).starts_with(split.as_str()))
            });
        }
        stories.append(&mut runs.stories);
    }
    let mut briefer = Briefer::new()?;
    if let Some(model) = args.model.embedder()? {
        // Near misses ask for the sentences alignment embedded: each is embedded once.
        briefer = briefer.with_embedder(std::sync::Arc::new(parallax_embed::Memo::new(model)));
    }
    // Labels of events not briefed in this run (other data folders) are left out.
    let briefed: BTreeSet<String> = stories
        .iter()
        .filter_map(|s| s.first().map(|a| event_of(&a.id)))
        .collect();
    let labels: Vec<Label> = labels
        .into_iter()
        .filter(|l| briefed.contains(&l.event))
        .collect();
    if let Some(path) = &args.features {
        write_features(path, &labels, &stories, &briefer)?;
    }
    let started = std::time::Instant::now();
    let mut joined_all: Vec<(Located, Located)> = Vec::new();
    let mut out = match &args.candidates {
        Some(path) => Some(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("{}: cannot create", path.display()))?,
        )),
        None => None,
    };
    let mut written = 0usize;
    for articles in &stories {
        let by_id: BTreeMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
        let members: Vec<&Article> = articles.iter().collect();
        let briefing = brief_story(&briefer, "", &members);
        let joined = joined_pairs(&briefing, &by_id);
        if let Some(out) = out.as_mut() {
            let event = articles
                .first()
                .map(|a| event_of(&a.id))
                .unwrap_or_default();
            let labelled = |pair: &(Located, Located)| labels.iter().any(|l| matches(pair, l));
            for pair in joined.iter().filter(|p| !labelled(p)) {
                let (Some(a), Some(b)) = (pair.0.first(), pair.1.first()) else {
                    continue;
                };
                let located = |(id, start, end): &(String, usize, usize)| Sentence {
                    article: id.clone(),
                    start: *start,
                    end: *end,
                };
                let (a, b) = (located(a), located(b));
                let (text_a, text_b) = (
                    sentence_text(articles, &a).unwrap_or(""),
                    sentence_text(articles, &b).unwrap_or(""),
                );
                let candidate = Candidate {
                    event: event.clone(),
                    a,
                    b,
                    kind: "joined",
                    score: None,
                    text_a,
                    text_b,
                };
                writeln!(out, "{}", serde_json::to_string(&candidate)?)?;
                written += 1;
            }
            for i in 0..articles.len() {
                for j in i + 1..articles.len() {
                    for candidate in near_misses(
                        &articles[i],
                        &articles[j],
                        &joined,
                        &briefer,
                        args.near_misses,
                    ) {
                        if !labels.iter().any(|l| l.names(&candidate.a, &candidate.b)) {
                            writeln!(out, "{}", serde_json::to_string(&candidate)?)?;
                            written += 1;
                        }
                    }
                }
            }
        }
        joined_all.extend(joined);
    }
    if let (Some(path), Some(out)) = (&args.candidates, out.as_mut()) {
        out.flush()?;
        eprintln!(
            "{written} unlabelled candidates written to {}",
            path.display()
        );
    }
    let mut scores: BTreeMap<char, Score> = BTreeMap::new();
    let mut matched: BTreeSet<usize> = BTreeSet::new();
    let mut unlabelled = 0usize;
    for pair in &joined_all {
        let Some(k) = labels.iter().position(|l| matches(pair, l)) else {
            unlabelled += 1;
            continue;
        };
        matched.insert(k);
        let label = &labels[k];
        let score = scores.entry(half(&label.event)).or_default();
        if label.label == "same" {
            score.joined_same += 1;
        } else {
            score.joined_different += 1;
        }
        if args.details {
            println!(
                "joined [{}] {}: {} ({})",
                half(&label.event),
                label.event,
                label.label,
                label.reason
            );
        }
    }
    for (k, label) in labels.iter().enumerate() {
        if label.label != "same" {
            continue;
        }
        let score = scores.entry(half(&label.event)).or_default();
        score.same += 1;
        if matched.contains(&k) {
            score.found_same += 1;
        } else if args.details {
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
    let per_half = |h: char| labels.iter().filter(|l| half(&l.event) == h).count();
    println!(
        "alignment on {} events ({} labels: {} in half A, {} in half B; {:.1} s)",
        stories.len(),
        labels.len(),
        per_half('A'),
        per_half('B'),
        started.elapsed().as_secs_f64()
    );
    println!("  labels            joined  same  different  precision  same labels  found  recall");
    let empty = Score::default();
    let mut all = Score::default();
    for score in scores.values() {
        all.joined_same += score.joined_same;
        all.joined_different += score.joined_different;
        all.same += score.same;
        all.found_same += score.found_same;
    }
    for (name, score) in [
        ("held-out half B", scores.get(&'B').unwrap_or(&empty)),
        ("tuning half A", scores.get(&'A').unwrap_or(&empty)),
        ("all", &all),
    ] {
        println!(
            "  {name:<16}  {:>6}  {:>4}  {:>9}  {:>9.3}  {:>11}  {:>5}  {:>6.3}",
            score.joined_same + score.joined_different,
            score.joined_same,
            score.joined_different,
            score.precision(),
            score.same,
            score.found_same,
            score.recall()
        );
    }
    println!("  joined pairs no label covers: {unlabelled}");
    let held_out = scores.get(&'B').unwrap_or(&empty);
    if args
        .min_precision
        .is_some_and(|min| held_out.precision() < min)
    {
        eprintln!(
            "alignment gate failed on half B: precision {:.3}",
            held_out.precision()
        );
        return Ok(Outcome::SomeFailed);
    }
    Ok(Outcome::Ok)
}

/// One label's pair evidence, for fitting a decision on the labels.
#[derive(Serialize)]
struct LabelEvidence<'a> {
    event: &'a str,
    half: char,
    same: bool,
    features: Vec<f64>,
    probability: f64,
    compatible: bool,
    shared_quotation: usize,
    similarity: f64,
    /// Position of each sentence in its article (0 = first).
    positions: (usize, usize),
    decision: bool,
}

fn write_features(
    path: &Path,
    labels: &[Label],
    stories: &[Vec<Article>],
    briefer: &Briefer,
) -> anyhow::Result<()> {
    let Some(embedder) = briefer.embedder.as_deref() else {
        bail!("--features needs the sentence-embedding model (not --words-only)");
    };
    let text_of = |s: &Sentence| sentence_text(stories.iter().flatten(), s);
    let judge = PairJudge::builtin();
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(path)
            .with_context(|| format!("{}: cannot create", path.display()))?,
    );
    let mut by_event: BTreeMap<&str, Vec<(&Label, &str, &str)>> = BTreeMap::new();
    for label in labels {
        if let (Some(a), Some(b)) = (text_of(&label.a), text_of(&label.b)) {
            by_event
                .entry(&label.event)
                .or_default()
                .push((label, a, b));
        }
    }
    for (event, pairs) in by_event {
        let texts: Vec<(&str, &str)> = pairs.iter().map(|(_, a, b)| (*a, *b)).collect();
        for ((label, _, _), evidence) in pairs.iter().zip(text_pair_evidence(&texts, embedder)) {
            let positions = (
                position_of(stories.iter().flatten(), &label.a),
                position_of(stories.iter().flatten(), &label.b),
            );
            let evidence = parallax_facts::PairEvidence {
                context: Some(parallax_facts::StoryContext { positions }),
                ..evidence
            };
            let features = evidence.features.clone().unwrap_or_default();
            let line = LabelEvidence {
                event,
                half: half(event),
                same: label.label == "same",
                probability: judge.probability(&features),
                features: features
                    .into_iter()
                    .take(parallax_facts::judge::SCALAR_FEATURES.len())
                    .collect(),
                compatible: evidence.compatible,
                shared_quotation: evidence.shared_quotation,
                similarity: evidence.similarity,
                positions,
                decision: same_fact(&evidence, judge, briefer.facts.min_similarity).is_some(),
            };
            writeln!(out, "{}", serde_json::to_string(&line)?)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Whether two references name overlapping text of one article.
fn same_sentences(x: &Sentence, y: &Sentence) -> bool {
    canonical(&x.article) == canonical(&y.article) && x.start < y.end && y.start < x.end
}

/// The position in its article (0 = first) of the sentence a reference names, as
/// alignment numbers the sentences (past the end when the article is not found).
fn position_of<'a>(articles: impl IntoIterator<Item = &'a Article>, sentence: &Sentence) -> usize {
    articles
        .into_iter()
        .find(|a| canonical(&a.id) == canonical(&sentence.article))
        .and_then(|a| {
            sentences(&a.text)
                .iter()
                .position(|s| s.start < sentence.end && sentence.start < s.end)
        })
        .unwrap_or(usize::MAX)
}

/// The text a reference names, when one of `articles` is its article.
fn sentence_text<'a>(
    articles: impl IntoIterator<Item = &'a Article>,
    sentence: &Sentence,
) -> Option<&'a str> {
    articles
        .into_iter()
        .find(|a| canonical(&a.id) == canonical(&sentence.article))
        .and_then(|a| slice(&a.text, sentence.start, sentence.end))
}

/// The code points `start..end` of `text`.
fn slice(text: &str, start: usize, end: usize) -> Option<&str> {
    let mut indices = text.char_indices().map(|(b, _)| b).chain([text.len()]);
    let from = indices.nth(start)?;
    let to = if end > start {
        indices.nth(end - start - 1)?
    } else {
        from
    };
    text.get(from..to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(a: (usize, usize), b: (usize, usize), verdict: &str) -> Label {
        Label {
            event: "e".into(),
            a: Sentence {
                article: "e-0".into(),
                start: a.0,
                end: a.1,
            },
            b: Sentence {
                article: "e-1".into(),
                start: b.0,
                end: b.1,
            },
            label: verdict.into(),
            reason: String::new(),
        }
    }

    #[test]
    fn a_joined_pair_matches_its_label_either_way_round() {
        let pair = (
            vec![("e-1".to_string(), 10, 40)],
            vec![("e-0".to_string(), 0, 20)],
        );
        assert!(matches(&pair, &label((5, 25), (30, 60), "same")));
        assert!(!matches(&pair, &label((25, 30), (30, 60), "same")));
    }

    #[test]
    fn slices_count_code_points() {
        assert_eq!(slice("né à Paris", 3, 4), Some("à"));
        assert_eq!(slice("abc", 1, 3), Some("bc"));
        assert_eq!(slice("abc", 2, 9), None);
    }

    #[test]
    fn precision_and_recall_of_an_empty_half_are_not_failures() {
        let score = Score::default();
        assert_eq!((score.precision(), score.recall()), (1.0, 1.0));
        let score = Score {
            joined_same: 3,
            joined_different: 1,
            same: 6,
            found_same: 3,
        };
        assert_eq!((score.precision(), score.recall()), (0.75, 0.5));
    }
}
