//! `parallax eval clustering DATA_DIR`: B-cubed precision, recall and F1 of story
//! clustering against `stories.gold.jsonl` (metric of the data README), pooled and per
//! id prefix (`basil:`, `pac:`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{bail, Context};
use parallax_embed::Embedder;
use parallax_ingest::Reader;
use parallax_model::StoryAssignment;
use parallax_stories::{cluster_with, ClusterOptions, EngineOptions, Features, StreamClusterer};

use crate::embedding::{EmbeddingArgs, GroupingArgs};

use crate::outcome::Outcome;

/// Arguments of `parallax eval clustering`.
#[derive(Debug, clap::Args)]
pub struct ClusteringEvalArgs {
    /// A folder with `articles.jsonl` and `stories.gold.jsonl` (e.g. shared/data/stories).
    pub data_dir: PathBuf,
    /// Fail (exit 2) when pooled F1 is below this.
    #[arg(long)]
    pub min_f1: Option<f64>,
    /// Score the streaming path instead of `parallax cluster`: one article at a time,
    /// term statistics learnt as the stream goes, reprints joining their original's
    /// story (what `parallax add` does, without the database).
    #[arg(long)]
    pub streaming: bool,
    #[command(flatten)]
    pub model: EmbeddingArgs,
    #[command(flatten)]
    pub grouping: GroupingArgs,
}

/// B-cubed scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BCubed {
    /// Mean per-item precision.
    pub precision: f64,
    /// Mean per-item recall.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

/// Item-averaged B-cubed of `predicted` against `gold` over `items`.
pub fn bcubed(
    items: &[&str],
    gold: &BTreeMap<String, String>,
    predicted: &BTreeMap<String, String>,
) -> BCubed {
    let members = |labels: &BTreeMap<String, String>, label: &str| -> Vec<&str> {
        items
            .iter()
            .copied()
            .filter(|i| labels.get(*i).map(String::as_str) == Some(label))
            .collect()
    };
    let (mut p, mut r) = (0.0, 0.0);
    for item in items {
        let (Some(g), Some(c)) = (gold.get(*item), predicted.get(*item)) else {
            continue;
        };
        let gold_set = members(gold, g);
        let cluster_set = members(predicted, c);
        let both = cluster_set.iter().filter(|i| gold_set.contains(i)).count() as f64;
        p += both / cluster_set.len() as f64;
        r += both / gold_set.len() as f64;
    }
    let n = items.len().max(1) as f64;
    let (precision, recall) = (p / n, r / n);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    BCubed {
        precision,
        recall,
        f1,
    }
}

/// Run the evaluation.
pub fn run(args: &ClusteringEvalArgs) -> anyhow::Result<Outcome> {
    let articles_path = args.data_dir.join("articles.jsonl");
    let gold_path = args.data_dir.join("stories.gold.jsonl");
    let batch = Reader::new()?
        .with_cleaning(false)
        .read_paths(&[articles_path]);
    if let Some(error) = batch.errors.first() {
        bail!("{error}");
    }
    let gold_text =
        std::fs::read_to_string(&gold_path).with_context(|| gold_path.display().to_string())?;
    let mut gold = BTreeMap::new();
    for (n, line) in gold_text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let entry: StoryAssignment = serde_json::from_str(line)
            .with_context(|| format!("{}:{}", gold_path.display(), n + 1))?;
        gold.insert(entry.id, entry.story);
    }
    let model = args.model.embedder()?;
    let embedder = model.as_deref().map(|m| m as &dyn Embedder);
    let options = args.grouping.apply(ClusterOptions::default());
    let started = std::time::Instant::now();
    let stories = if args.streaming {
        stream_cluster(&batch.articles, embedder, options.engine_options())
    } else {
        cluster_with(&batch.articles, &options, embedder)
    };
    let elapsed = started.elapsed().as_secs_f64();
    let predicted: BTreeMap<String, String> = batch
        .articles
        .iter()
        .map(|a| a.id.clone())
        .zip(stories)
        .collect();
    let ids: Vec<&str> = gold.keys().map(String::as_str).collect();
    let pooled = bcubed(&ids, &gold, &predicted);
    println!(
        "articles {}  gold stories {}",
        ids.len(),
        gold.values()
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    );
    print_row("pooled", pooled);
    let mut prefixes: Vec<&str> = ids
        .iter()
        .filter_map(|i| i.split_once(':').map(|(p, _)| p))
        .collect();
    prefixes.sort_unstable();
    prefixes.dedup();
    for prefix in prefixes {
        let subset: Vec<&str> = ids
            .iter()
            .copied()
            .filter(|i| i.starts_with(&format!("{prefix}:")))
            .collect();
        print_row(prefix, bcubed(&subset, &gold, &predicted));
    }
    println!(
        "time {:.3} s ({:.0} articles/s)",
        elapsed,
        ids.len() as f64 / elapsed.max(1e-9)
    );
    match args.min_f1 {
        Some(min) if pooled.f1 < min => {
            eprintln!(
                "pooled B-cubed F1 {:.3} is below the gate {min:.3}",
                pooled.f1
            );
            Ok(Outcome::SomeFailed)
        }
        _ => Ok(Outcome::Ok),
    }
}

/// Story of each article through [`StreamClusterer`], after a final merge pass.
fn stream_cluster(
    articles: &[parallax_model::Article],
    embedder: Option<&dyn Embedder>,
    options: EngineOptions,
) -> Vec<String> {
    let mut stream = StreamClusterer::new(options, articles.len().max(1));
    let placed: Vec<String> = articles
        .iter()
        .map(|a| {
            let embedding = embedder
                .map(|e| e.embed(&[Features::embedding_text(a).as_str()]))
                .and_then(|mut v| v.pop())
                .unwrap_or_default();
            stream.push_embedded(a, embedding).story
        })
        .collect();
    stream.maintain();
    articles
        .iter()
        .zip(placed)
        .map(|(a, story)| stream.current_story(&a.id).unwrap_or(story))
        .collect()
}

fn print_row(name: &str, s: BCubed) {
    println!(
        "{name:<8} B3 P {:.3}  R {:.3}  F1 {:.3}",
        s.precision, s.recall, s.f1
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn bcubed_matches_hand_computed_values() {
        let gold = labels(&[("a", "1"), ("b", "1"), ("c", "2")]);
        let all_one = labels(&[("a", "x"), ("b", "x"), ("c", "x")]);
        let s = bcubed(&["a", "b", "c"], &gold, &all_one);
        assert!((s.precision - (2.0 / 3.0 * 2.0 + 1.0 / 3.0) / 3.0).abs() < 1e-9);
        assert!((s.recall - 1.0).abs() < 1e-9);
        let perfect = bcubed(&["a", "b", "c"], &gold, &gold);
        assert_eq!(
            (perfect.precision, perfect.recall, perfect.f1),
            (1.0, 1.0, 1.0)
        );
    }
}
