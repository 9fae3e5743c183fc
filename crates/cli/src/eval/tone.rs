//! `parallax eval tone DATA_DIR`: loaded-language detection on `sentences.jsonl` (format F
//! of the data README, e.g. shared/data/babe): macro-F1 over loaded / neutral, word-level
//! precision/recall/F1 over the loaded sentences, and throughput on one core.
//!
//! Nothing is fitted to the data: the classifier's lexicons and weights are fixed in
//! `parallax-text`. Scores are also printed for the even and odd halves of the ids, so a
//! change that helps only one half shows.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use parallax_text::loaded::Tone;

use crate::outcome::Outcome;

/// Arguments of `parallax eval tone`.
#[derive(Debug, clap::Args)]
pub struct ToneEvalArgs {
    /// A folder with `sentences.jsonl` (e.g. shared/data/babe).
    pub data_dir: PathBuf,
    /// Fail (exit 2) when macro-F1 is below this.
    #[arg(long)]
    pub min_macro_f1: Option<f64>,
    /// Fail (exit 2) when throughput is below this many sentences per second.
    #[arg(long)]
    pub min_sentences_per_second: Option<f64>,
}

#[derive(serde::Deserialize)]
struct Labelled {
    id: String,
    text: String,
    label: String,
    #[serde(default)]
    words: Vec<String>,
}

/// Precision, recall and F1 of one positive class.
fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    };
    let r = if tp + fn_ > 0 {
        tp as f64 / (tp + fn_) as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Macro-F1 over the two classes of `(gold, predicted)` pairs, with both class F1s.
pub fn macro_f1(pairs: &[(bool, bool)]) -> (f64, f64, f64) {
    let count = |g: bool, p: bool| pairs.iter().filter(|x| **x == (g, p)).count();
    let (tt, tf, ft, ff) = (
        count(true, true),
        count(true, false),
        count(false, true),
        count(false, false),
    );
    let (_, _, loaded) = prf(tt, ft, tf);
    let (_, _, neutral) = prf(ff, tf, ft);
    ((loaded + neutral) / 2.0, loaded, neutral)
}

/// Run the evaluation.
pub fn run(args: &ToneEvalArgs) -> anyhow::Result<Outcome> {
    let path = args.data_dir.join("sentences.jsonl");
    let source =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut rows = Vec::new();
    for (n, line) in source.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: Labelled = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: bad line", path.display(), n + 1))?;
        rows.push(row);
    }
    if rows.is_empty() {
        bail!("{}: no sentences", path.display());
    }
    let tone = Tone::default();
    let predictions: Vec<bool> = rows.iter().map(|r| tone.analyse(&r.text).loaded).collect();
    let pairs: Vec<(bool, bool)> = rows
        .iter()
        .zip(&predictions)
        .map(|(r, p)| (r.label == "loaded", *p))
        .collect();
    let (macro_all, f_loaded, f_neutral) = macro_f1(&pairs);
    let half = |parity: usize| -> f64 {
        let sel: Vec<(bool, bool)> = rows
            .iter()
            .zip(&pairs)
            .filter(|(r, _)| {
                r.id.rsplit('-')
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
                    .is_some_and(|n| n % 2 == parity)
            })
            .map(|(_, p)| *p)
            .collect();
        macro_f1(&sel).0
    };
    // Word level: predicted loaded words against the marked ones, case-insensitive,
    // micro-averaged over the gold-loaded sentences.
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for row in rows.iter().filter(|r| r.label == "loaded") {
        let gold: BTreeSet<String> = row.words.iter().map(|w| w.to_lowercase()).collect();
        let predicted: BTreeSet<String> = tone
            .analyse(&row.text)
            .words
            .iter()
            .map(|w| w.text.to_lowercase())
            .collect();
        tp += predicted.intersection(&gold).count();
        fp += predicted.difference(&gold).count();
        fn_ += gold.difference(&predicted).count();
    }
    let (wp, wr, wf) = prf(tp, fp, fn_);
    // Throughput on this thread: repeat passes until at least half a second has gone.
    let start = Instant::now();
    let (mut analysed, mut loaded) = (0usize, 0usize);
    while start.elapsed().as_secs_f64() < 0.5 {
        for row in &rows {
            loaded += usize::from(tone.analyse(&row.text).loaded);
            analysed += 1;
        }
    }
    let per_second = analysed as f64 / start.elapsed().as_secs_f64();
    std::hint::black_box(loaded);
    println!(
        "tone on {}: {} sentences ({} loaded)",
        args.data_dir.display(),
        rows.len(),
        pairs.iter().filter(|p| p.0).count()
    );
    println!(
        "  sentence level: macro-F1 {macro_all:.3} (F1 loaded {f_loaded:.3}, neutral {f_neutral:.3}); even ids {:.3}, odd ids {:.3}",
        half(0),
        half(1)
    );
    println!("  word level (loaded sentences): P {wp:.3} R {wr:.3} F1 {wf:.3}");
    println!("  throughput: {per_second:.0} sentences/s on one thread");
    println!("  reference: best published macro-F1 0.804; every sentence loaded 0.335");
    let mut outcome = Outcome::Ok;
    if let Some(min) = args.min_macro_f1 {
        if macro_all < min {
            eprintln!("tone: macro-F1 {macro_all:.3} is below the gate {min}");
            outcome = Outcome::SomeFailed;
        }
    }
    if let Some(min) = args.min_sentences_per_second {
        if per_second < min {
            eprintln!("tone: {per_second:.0} sentences/s is below the gate {min}");
            outcome = Outcome::SomeFailed;
        }
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macro_f1_of_a_constant_guess_and_a_perfect_one() {
        let pairs = [(true, true), (false, true)];
        assert!((macro_f1(&pairs).0 - (2.0 / 3.0) / 2.0).abs() < 1e-9);
        let perfect = [(true, true), (false, false)];
        assert_eq!(macro_f1(&perfect).0, 1.0);
    }
}
