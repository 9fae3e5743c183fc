//! `parallax eval pairs DATA_DIR`: would two sentences become one fact? Accuracy and F1
//! of the `same` class on `pairs.jsonl` (format G of the data README, e.g.
//! shared/data/mrpc), k-fold cross-validated: the pair judge is trained on the other
//! folds each time, never scored on pairs it was fitted to. Scored twice: the judge
//! alone, and the decision `parallax pairs` and fact alignment take
//! ([`fn@parallax_facts::same_fact`]: the judge, or a shared quotation), which the gates
//! read. The shipped judge itself is
//! trained on all of the data (`parallax model train-pairs`), so it is not scored here.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use parallax_embed::Embedder;
use parallax_facts::judge::{PairFeatures, JACCARD};
use parallax_facts::{same_fact, text_pair_evidence, FactOptions, PairEvidence, PairJudge};
use parallax_stories::stable_hash;

use crate::embedding::ModelArgs;
use crate::outcome::Outcome;

/// Arguments of `parallax eval pairs`.
#[derive(Debug, clap::Args)]
pub struct PairsEvalArgs {
    /// A folder with `pairs.jsonl` (e.g. shared/data/mrpc).
    pub data_dir: PathBuf,
    /// Number of folds.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Fail (exit 2) when cross-validated accuracy is below this.
    #[arg(long)]
    pub min_accuracy: Option<f64>,
    /// Fail (exit 2) when cross-validated F1 of `same` is below this.
    #[arg(long)]
    pub min_f1: Option<f64>,
    /// Also write every pair's features and label as JSON Lines to this file (for
    /// analysis outside Parallax).
    #[arg(long, value_name = "FILE")]
    pub features_out: Option<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(serde::Deserialize)]
struct LabelledPair {
    id: String,
    a: String,
    b: String,
    same: bool,
}

/// Labelled pairs with their features.
pub struct PairData {
    /// Pair ids.
    pub ids: Vec<String>,
    /// The judge's features and the label of each pair.
    pub samples: Vec<(PairFeatures, bool)>,
    /// What the decision reads of each pair.
    pub evidence: Vec<PairEvidence>,
}

/// Read `pairs.jsonl` and compute every pair's features (the model embeds each
/// sentence once).
pub fn load(data_dir: &Path, embedder: &dyn Embedder) -> anyhow::Result<PairData> {
    let path = data_dir.join("pairs.jsonl");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    let mut pairs = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let pair: LabelledPair =
            serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), n + 1))?;
        pairs.push(pair);
    }
    if pairs.is_empty() {
        bail!("{}: no pairs", path.display());
    }
    let texts: Vec<(&str, &str)> = pairs.iter().map(|p| (p.a.as_str(), p.b.as_str())).collect();
    let evidence = text_pair_evidence(&texts, embedder);
    let mut samples = Vec::with_capacity(pairs.len());
    for (pair, e) in pairs.iter().zip(&evidence) {
        let Some(features) = &e.features else {
            bail!(
                "{}: pair {}: the model gave no sentence vector",
                path.display(),
                pair.id
            );
        };
        samples.push((features.clone(), pair.same));
    }
    Ok(PairData {
        ids: pairs.iter().map(|p| p.id.clone()).collect(),
        samples,
        evidence,
    })
}

/// Accuracy and F1 of the positive class.
fn scores(results: &[(bool, bool)]) -> (f64, f64) {
    let count = |gold: bool, predicted: bool| {
        results.iter().filter(|r| **r == (gold, predicted)).count() as f64
    };
    let (tp, fp, fn_, tn) = (
        count(true, true),
        count(false, true),
        count(true, false),
        count(false, false),
    );
    let accuracy = (tp + tn) / results.len().max(1) as f64;
    let f1 = if tp > 0.0 {
        2.0 * tp / (2.0 * tp + fp + fn_)
    } else {
        0.0
    };
    (accuracy, f1)
}

/// Run the evaluation.
pub fn run(args: &PairsEvalArgs) -> anyhow::Result<Outcome> {
    if args.folds < 2 {
        bail!("--folds must be at least 2");
    }
    let model = args.model.load()?;
    let data = load(&args.data_dir, model.as_ref())?;
    if let Some(path) = &args.features_out {
        let mut out = String::new();
        for (id, (x, y)) in data.ids.iter().zip(&data.samples) {
            out.push_str(&serde_json::json!({"id": id, "same": y, "x": x}).to_string());
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("{}: cannot write", path.display()))?;
    }
    // Folds by a stable hash of the pair id: fixed, and independent of the file order.
    let fold_of: Vec<usize> = data
        .ids
        .iter()
        .map(|id| (stable_hash(id.as_bytes()) % args.folds as u64) as usize)
        .collect();
    let min_similarity = FactOptions::default().min_similarity;
    let mut judged: Vec<(bool, bool)> = Vec::new();
    let mut decided: Vec<(bool, bool)> = Vec::new();
    let mut overlap: Vec<(bool, bool)> = Vec::new();
    for fold in 0..args.folds {
        let train: Vec<(PairFeatures, bool)> = data
            .samples
            .iter()
            .zip(&fold_of)
            .filter(|(_, f)| **f != fold)
            .map(|(s, _)| s.clone())
            .collect();
        let Some(judge) = PairJudge::train(&train) else {
            bail!("fold {fold}: the training folds lack one of the labels");
        };
        let cut = best_overlap_cut(&train);
        let test = data
            .samples
            .iter()
            .zip(&data.evidence)
            .zip(&fold_of)
            .filter(|(_, f)| **f == fold);
        let before = decided.len();
        for (((x, gold), evidence), _) in test {
            judged.push((*gold, judge.same(x)));
            decided.push((*gold, same_fact(evidence, &judge, min_similarity).is_some()));
            overlap.push((*gold, x[JACCARD] >= cut));
        }
        let (accuracy, f1) = scores(&decided[before..]);
        println!(
            "fold {fold}: {} pairs  accuracy {accuracy:.3}  F1 {f1:.3}",
            decided.len() - before
        );
    }
    let always: Vec<(bool, bool)> = data.samples.iter().map(|(_, y)| (*y, true)).collect();
    let (always_accuracy, always_f1) = scores(&always);
    let (overlap_accuracy, overlap_f1) = scores(&overlap);
    let (judge_accuracy, judge_f1) = scores(&judged);
    let (accuracy, f1) = scores(&decided);
    println!(
        "pairs {}  same {:.3}",
        data.samples.len(),
        data.samples.iter().filter(|s| s.1).count() as f64 / data.samples.len() as f64
    );
    println!(
        "baseline always same:                 accuracy {always_accuracy:.3}  F1 {always_f1:.3}"
    );
    println!(
        "baseline word overlap (cut per fold): accuracy {overlap_accuracy:.3}  F1 {overlap_f1:.3}"
    );
    println!(
        "pair judge alone, {}-fold cross-validated:            accuracy {judge_accuracy:.3}  F1 {judge_f1:.3}",
        args.folds
    );
    println!(
        "decision of parallax pairs and alignment (judge, or a shared quotation), {}-fold cross-validated: accuracy {accuracy:.3}  F1 {f1:.3}",
        args.folds
    );
    let low_accuracy = args.min_accuracy.is_some_and(|m| accuracy < m);
    let low_f1 = args.min_f1.is_some_and(|m| f1 < m);
    if low_accuracy || low_f1 {
        eprintln!("pair decision below the gate (accuracy {accuracy:.3}, F1 {f1:.3})");
        return Ok(Outcome::SomeFailed);
    }
    Ok(Outcome::Ok)
}

/// The word-overlap (Jaccard) cut that classifies the training pairs best: the
/// reference point the judge must beat.
fn best_overlap_cut(train: &[(PairFeatures, bool)]) -> f64 {
    let mut best = (0usize, 0.0);
    for step in 0..=100 {
        let cut = f64::from(step) / 100.0;
        let correct = train
            .iter()
            .filter(|(x, y)| (x[JACCARD] >= cut) == *y)
            .count();
        if correct > best.0 {
            best = (correct, cut);
        }
    }
    best.1
}
