//! `parallax eval narratives DATA_DIR`: narratives against annotated framing spans
//! (format E of the data README: shared/data/basil, shared/data/pac-partisan-events).
//!
//! Each event is briefed as one story, with each article's side taken from its `lean`
//! (the dataset's design), facts from `parallax-facts` and narratives from
//! `parallax-narratives`. Precision: the share of narrative sentences that overlap an
//! annotated span. Recall: the share of annotated side articles (left or right, with at
//! least one span) that get a narrative. The baseline takes the first sentence of every
//! side article; the base rate is the share of all sentences of side articles that carry
//! a span.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{bail, Context};
use parallax_facts::{analyse, cited_spans, FactOptions, StoryArticle};
use parallax_model::{Article, Ratings, Side};
use parallax_narratives::{candidates, select, Axis, NarrativeOptions, Ranking, RatedArticle};
use parallax_stories::stable_hash;
use parallax_text::sentences::sentences;
use parallax_tone::{ToneModel, Vectors};

use crate::outcome::Outcome;

/// Arguments of `parallax eval narratives`.
#[derive(Debug, clap::Args)]
pub struct NarrativesEvalArgs {
    /// A folder with `framing.jsonl` (shared/data/basil or shared/data/pac-partisan-events).
    pub data_dir: PathBuf,
    /// Span kinds that count (default: all kinds in the file).
    #[arg(long = "kind")]
    pub kinds: Vec<String>,
    /// Override the narrative option of the same name (for experiments).
    #[arg(long)]
    pub max_shared_similarity: Option<f64>,
    /// Override the most sentences per narrative (1 to 3).
    #[arg(long)]
    pub max_sentences: Option<usize>,
    /// Override the framing score extra sentences need.
    #[arg(long)]
    pub min_extra_score: Option<f64>,
    /// Override the most quoted share a narrative sentence may have.
    #[arg(long)]
    pub max_quoted_share: Option<f64>,
    /// Rank sentences by the lexicon instead of the learned model (the ranking before
    /// it, with its options, to compare).
    #[arg(long)]
    pub lexicon_ranking: bool,
    /// Rank with the shipped ranker instead of cross-validating: for data it was not
    /// trained on (the shipped ranker is trained on BASIL).
    #[arg(long)]
    pub shipped_ranker: bool,
    /// Folds of the ranker's cross-validation (by a stable hash of the event id).
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Fail (exit 2) when precision is below this many times the baseline's.
    #[arg(long)]
    pub min_lift: Option<f64>,
}

/// L2 penalty of the narrative ranker (per sentence, standardised features).
pub const RANKER_L2: f64 = 0.01;

/// Every candidate narrative sentence of every event of `framing.jsonl`: the event id,
/// the ranking features, and whether the sentence carries an annotated span (of the
/// kinds given; all when empty). What `parallax model train-narratives` fits.
pub fn ranking_samples(
    data_dir: &std::path::Path,
    kinds: &[String],
) -> anyhow::Result<Vec<(String, Vec<f64>, bool)>> {
    let args = NarrativesEvalArgs {
        data_dir: data_dir.to_path_buf(),
        kinds: kinds.to_vec(),
        max_shared_similarity: None,
        max_sentences: None,
        min_extra_score: None,
        max_quoted_share: None,
        lexicon_ranking: false,
        shipped_ranker: true,
        folds: 2,
        min_lift: None,
    };
    let mut samples = Vec::new();
    evaluate(&args, Some(&mut samples))?;
    Ok(samples)
}

/// Kinds reported one by one beside the pooled figure (BASIL's, then PAC's).
const KINDS: [&str; 4] = ["informational", "lexical", "partisan", "counter-partisan"];

#[derive(serde::Deserialize)]
struct Event {
    event: String,
    articles: Vec<FramedArticle>,
    spans: Vec<Span>,
}

#[derive(serde::Deserialize)]
struct FramedArticle {
    #[serde(flatten)]
    article: Article,
    sentences: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Span {
    article: String,
    sentence: usize,
    start: usize,
    end: usize,
    kind: String,
}

/// Counts of one system.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    sentences: usize,
    on_span: usize,
    articles_with_narrative: usize,
}

impl Tally {
    fn precision(&self) -> f64 {
        self.on_span as f64 / self.sentences.max(1) as f64
    }
}

/// Code-point offsets of each listed sentence inside `text` (found in order).
fn sentence_offsets(text: &str, sentences: &[String]) -> Option<Vec<usize>> {
    let mut offsets = Vec::with_capacity(sentences.len());
    let mut byte = 0;
    for sentence in sentences {
        let found = text.get(byte..)?.find(sentence.as_str())? + byte;
        offsets.push(text.get(..found)?.chars().count());
        byte = found + sentence.len();
    }
    Some(offsets)
}

/// Run the evaluation.
pub fn run(args: &NarrativesEvalArgs) -> anyhow::Result<Outcome> {
    if args.folds < 2 {
        bail!("--folds must be at least 2");
    }
    evaluate(args, None)
}

/// The evaluation; with `collect`, only gathers the ranking samples into it.
fn evaluate(
    args: &NarrativesEvalArgs,
    mut collect: Option<&mut Vec<(String, Vec<f64>, bool)>>,
) -> anyhow::Result<Outcome> {
    let path = args.data_dir.join("framing.jsonl");
    let source =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let (mut ours, mut baseline) = (Tally::default(), Tally::default());
    // Per kind: (narrative sentences on a span of the kind, baseline sentences on one,
    // side-article sentences on one).
    let mut per_kind = [(0usize, 0usize, 0usize); KINDS.len()];
    let (mut annotated, mut side_sentences, mut side_on_span) = (0usize, 0usize, 0usize);
    let (mut events, mut split) = (0usize, 0usize);
    let empty = Ratings::new();
    let axes = Axis::builtin();
    let mut options = if args.lexicon_ranking {
        NarrativeOptions::lexicon()
    } else {
        NarrativeOptions::default()
    };
    if let Some(v) = args.max_quoted_share {
        options.max_quoted_share = v;
    }
    let ranking = options.ranking;
    if let Some(v) = args.max_shared_similarity {
        options.max_shared_similarity = v;
    }
    if let Some(v) = args.min_extra_score {
        options.min_extra_score = v;
    }
    if let Some(v) = args.max_sentences {
        options.max_sentences = v;
    }
    // Phase 0 gathers every candidate's features and label (to train the ranker of each
    // fold, or for `collect`); phase 1 selects narratives and scores them.
    let cross_validate = options.ranking == Ranking::Learned && !args.shipped_ranker;
    let mut samples: Vec<(String, Vec<f64>, bool)> = Vec::new();
    let mut fold_rankers: Vec<&'static ToneModel> = Vec::new();
    let fold_of = |id: &str| (stable_hash(id.as_bytes()) % args.folds as u64) as usize;
    for phase in 0..2 {
        if phase == 0 && !cross_validate && collect.is_none() {
            continue;
        }
        if phase == 1 {
            if let Some(out) = collect.as_deref_mut() {
                out.append(&mut samples);
                return Ok(Outcome::Ok);
            }
            ours = Tally::default();
            baseline = Tally::default();
            per_kind = [(0, 0, 0); KINDS.len()];
            (annotated, side_sentences, side_on_span, events, split) = (0, 0, 0, 0, 0);
            if cross_validate {
                for fold in 0..args.folds {
                    let train: Vec<(Vec<f64>, bool)> = samples
                        .iter()
                        .filter(|(e, _, _)| fold_of(e) != fold)
                        .map(|(_, x, y)| (x.clone(), *y))
                        .collect();
                    let Some(model) = ToneModel::train(Vectors::None, &train, RANKER_L2) else {
                        bail!("fold {fold}: the training events lack sentences on or off spans");
                    };
                    // Leaked: a handful of small models that live as long as the evaluation.
                    fold_rankers.push(Box::leak(Box::new(model)));
                }
            }
        }
        for (n, line) in source.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let event: Event = serde_json::from_str(line)
                .with_context(|| format!("{}:{}: bad event", path.display(), n + 1))?;
            events += 1;
            // Absolute code-point ranges of the counted spans, per article index.
            let mut gold: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
            let mut gold_kinds: BTreeMap<usize, Vec<(usize, usize, usize)>> = BTreeMap::new();
            for (i, framed) in event.articles.iter().enumerate() {
                let Some(offsets) = sentence_offsets(&framed.article.text, &framed.sentences)
                else {
                    bail!(
                        "{}:{}: sentences of {} are not in its text",
                        path.display(),
                        n + 1,
                        framed.article.id
                    );
                };
                let ranges = gold.entry(i).or_default();
                let kinded = gold_kinds.entry(i).or_default();
                for span in event
                    .spans
                    .iter()
                    .filter(|s| s.article == framed.article.id)
                {
                    if let (Some(k), Some(base)) = (
                        KINDS.iter().position(|k| *k == span.kind),
                        offsets.get(span.sentence),
                    ) {
                        kinded.push((k, base + span.start, base + span.end));
                    }
                    if !args.kinds.is_empty() && !args.kinds.contains(&span.kind) {
                        continue;
                    }
                    if let Some(base) = offsets.get(span.sentence) {
                        ranges.push((base + span.start, base + span.end));
                    }
                }
            }
            let overlaps = |i: usize, (s, e): (usize, usize)| {
                gold.get(&i)
                    .is_some_and(|r| r.iter().any(|&(gs, ge)| gs < e && s < ge))
            };
            let overlaps_kind = |k: usize, i: usize, (s, e): (usize, usize)| {
                gold_kinds
                    .get(&i)
                    .is_some_and(|r| r.iter().any(|&(gk, gs, ge)| gk == k && gs < e && s < ge))
            };
            let names: Vec<String> = event
                .articles
                .iter()
                .map(|a| {
                    a.article
                        .outlet
                        .clone()
                        .unwrap_or_else(|| a.article.id.clone())
                })
                .collect();
            let story: Vec<StoryArticle<'_>> = event
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| StoryArticle {
                    article: &a.article,
                    source: i as u32 + 1,
                    group: i,
                    outlet: &names[i],
                })
                .collect();
            let is_side = |a: &Article| a.lean.is_some_and(|l| l.side() != Side::Center);
            for (i, framed) in event.articles.iter().enumerate() {
                if !is_side(&framed.article) {
                    continue;
                }
                if gold.get(&i).is_some_and(|r| !r.is_empty()) {
                    annotated += 1;
                }
                let all = sentences(&framed.article.text);
                side_sentences += all.len();
                side_on_span += all.iter().filter(|s| overlaps(i, (s.start, s.end))).count();
                for (k, tally) in per_kind.iter_mut().enumerate() {
                    tally.2 += all
                        .iter()
                        .filter(|s| overlaps_kind(k, i, (s.start, s.end)))
                        .count();
                    if let Some(first) = all.first() {
                        tally.1 += usize::from(overlaps_kind(k, i, (first.start, first.end)));
                    }
                }
                if let Some(first) = all.first() {
                    baseline.sentences += 1;
                    baseline.on_span += usize::from(overlaps(i, (first.start, first.end)));
                    baseline.articles_with_narrative +=
                        usize::from(gold.get(&i).is_some_and(|r| !r.is_empty()));
                }
            }
            let analysis = analyse(&story, &FactOptions::default());
            let ids: Vec<&str> = event
                .articles
                .iter()
                .map(|a| a.article.id.as_str())
                .collect();
            let fact_spans = cited_spans(&analysis.facts, &ids);
            let rated: Vec<RatedArticle<'_>> = story
                .iter()
                .map(|s| RatedArticle {
                    article: s.article,
                    source: s.source,
                    group: s.group,
                    outlet: s.outlet,
                    ratings: &empty,
                })
                .collect();
            if phase == 0 {
                if let Some(sides) = candidates(&rated, &axes, &fact_spans, &options) {
                    for c in sides.iter().flatten() {
                        samples.push((
                            event.event.clone(),
                            c.features.clone(),
                            overlaps(c.article, c.span),
                        ));
                    }
                }
                continue;
            }
            let mut options = options;
            if let Some(ranker) = fold_rankers.get(fold_of(&event.event)) {
                options.ranker = Some(*ranker);
            }
            let selected = select(&rated, &axes, &fact_spans, &options);
            if !selected.is_empty() {
                split += 1;
            }
            for chosen in &selected {
                ours.articles_with_narrative +=
                    usize::from(gold.get(&chosen.article).is_some_and(|r| !r.is_empty()));
                for &span in &chosen.spans {
                    ours.sentences += 1;
                    ours.on_span += usize::from(overlaps(chosen.article, span));
                    for (k, tally) in per_kind.iter_mut().enumerate() {
                        tally.0 += usize::from(overlaps_kind(k, chosen.article, span));
                    }
                }
            }
        }
    }
    if events == 0 {
        bail!("{}: no events", path.display());
    }
    let kinds = if args.kinds.is_empty() {
        "all kinds".to_string()
    } else {
        args.kinds.join(", ")
    };
    println!(
        "narratives on {} ({events} events, {split} split across sides; spans: {kinds}; ranking: {})",
        args.data_dir.display(),
        match ranking {
            Ranking::Learned if cross_validate => "learned ranker, cross-validated by event",
            Ranking::Learned => "shipped learned ranker",
            Ranking::Lexicon => "lexicon",
        }
    );
    println!(
        "  base rate: {:.3} of side-article sentences carry a span ({side_on_span}/{side_sentences})",
        side_on_span as f64 / side_sentences.max(1) as f64
    );
    let recall = |t: &Tally| t.articles_with_narrative as f64 / annotated.max(1) as f64;
    println!("  system                  precision  recall  sentences");
    for (name, t) in [
        ("parallax narratives", &ours),
        ("first sentence", &baseline),
    ] {
        println!(
            "  {name:<22}  {:>9.3}  {:>6.3}  {:>9}",
            t.precision(),
            recall(t),
            t.sentences
        );
    }
    let lift = ours.precision() / baseline.precision().max(1e-9);
    println!("  precision lift over the baseline: {lift:.2}x");
    println!("  per kind            base rate  narratives  first sentence  lift");
    for (k, (on_ours, on_first, on_all)) in per_kind.iter().enumerate() {
        if *on_all == 0 {
            continue;
        }
        let p_ours = *on_ours as f64 / ours.sentences.max(1) as f64;
        let p_first = *on_first as f64 / baseline.sentences.max(1) as f64;
        println!(
            "  {:<18}  {:>9.3}  {:>10.3}  {:>14.3}  {}",
            KINDS[k],
            *on_all as f64 / side_sentences.max(1) as f64,
            p_ours,
            p_first,
            if *on_first > 0 {
                format!("{:.2}x", p_ours / p_first)
            } else {
                "-".to_string()
            }
        );
    }
    if let Some(min) = args.min_lift {
        if lift < min {
            eprintln!("narratives: precision lift {lift:.2}x is below the gate {min}x");
            return Ok(Outcome::SomeFailed);
        }
    }
    Ok(Outcome::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_offsets_count_code_points_in_order() {
        let text = "Ça va. Ça va.\n\nFin.";
        let got = sentence_offsets(text, &["Ça va.".into(), "Ça va.".into(), "Fin.".into()]);
        assert_eq!(got, Some(vec![0, 7, 15]));
        assert_eq!(sentence_offsets(text, &["nope".into()]), None);
    }
}
