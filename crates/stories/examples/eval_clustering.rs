//! Score `cluster` on a story-clustering data set (format A + B of shared/data) with
//! B-cubed, pooled and per id prefix. Tuning can be overridden from the environment
//! (`JOIN`, `MERGE`, `ENTITY`, `NUMBER`, `DECAY`) to study its sensitivity:
//!
//! ```sh
//! cargo run --release -p parallax-stories --example eval_clustering -- ../shared/data/stories
//! ```

use std::collections::BTreeMap;

use parallax_model::Article;
use parallax_stories::{cluster, ClusterOptions};

fn env(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn bcubed(
    ids: &[&str],
    gold: &BTreeMap<&str, String>,
    pred: &BTreeMap<&str, String>,
) -> (f64, f64, f64) {
    let (mut p, mut r) = (0.0, 0.0);
    for i in ids {
        let g: Vec<&&str> = ids.iter().filter(|j| gold[*j] == gold[i]).collect();
        let c: Vec<&&str> = ids.iter().filter(|j| pred[*j] == pred[i]).collect();
        let both = c.iter().filter(|j| g.contains(j)).count() as f64;
        p += both / c.len() as f64;
        r += both / g.len() as f64;
    }
    let n = ids.len() as f64;
    let (p, r) = (p / n, r / n);
    (p, r, 2.0 * p * r / (p + r))
}

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("DATA_DIR"));
    let articles: Vec<Article> = std::fs::read_to_string(dir.join("articles.jsonl"))
        .expect("articles.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("article"))
        .collect();
    let gold_text = std::fs::read_to_string(dir.join("stories.gold.jsonl")).expect("gold");
    let gold: BTreeMap<&str, String> = gold_text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("gold line");
            (
                articles
                    .iter()
                    .find(|a| a.id == v["id"].as_str().unwrap_or(""))
                    .map(|a| a.id.as_str())
                    .expect("id"),
                v["story"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut options = ClusterOptions::default();
    options.join_threshold = env("JOIN", options.join_threshold);
    options.merge_threshold = env("MERGE", options.merge_threshold);
    options.engine.entity_weight = env("ENTITY", options.engine.entity_weight);
    options.engine.number_weight = env("NUMBER", options.engine.number_weight);
    options.engine.decay_days = env("DECAY", options.engine.decay_days);
    let started = std::time::Instant::now();
    let stories = cluster(&articles, &options);
    let elapsed = started.elapsed();
    let pred: BTreeMap<&str, String> = articles
        .iter()
        .map(|a| a.id.as_str())
        .zip(stories)
        .collect();
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    let (p, r, f) = bcubed(&ids, &gold, &pred);
    println!("pooled   P {p:.3} R {r:.3} F1 {f:.3}  ({elapsed:?})");
    for prefix in ["basil:", "pac:"] {
        let sub: Vec<&str> = ids
            .iter()
            .copied()
            .filter(|i| i.starts_with(prefix))
            .collect();
        if !sub.is_empty() {
            let (p, r, f) = bcubed(&sub, &gold, &pred);
            println!("{prefix:<8} P {p:.3} R {r:.3} F1 {f:.3}");
        }
    }
}
