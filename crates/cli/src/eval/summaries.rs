//! `parallax eval summaries EVENTS.jsonl`: ROUGE-1/2/L F of each event's briefing
//! (headline + lede + facts, cut to the reference's length) against the editors' neutral
//! summary, and the share of briefings that pass `parallax verify` (metric of the data
//! README, format D).

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::Context;
use parallax_briefing::{brief_story, Briefer};
use parallax_facts::verify::verify;
use parallax_model::{Article, Briefing};
use serde::Deserialize;

use crate::embedding::EmbeddingArgs;
use crate::outcome::Outcome;

/// Arguments of `parallax eval summaries`.
#[derive(Debug, clap::Args)]
pub struct SummariesEvalArgs {
    /// `events.jsonl` of neus-allsides (or its folder).
    pub events: PathBuf,
    /// Only events whose id starts with this (e.g. `val` for the development events).
    #[arg(long)]
    pub split: Option<String>,
    /// Fail (exit 2) when ROUGE-1 F is below this (0–100).
    #[arg(long)]
    pub min_rouge1: Option<f64>,
    /// Fail (exit 2) when any briefing fails verification.
    #[arg(long)]
    pub require_verified: bool,
    /// Write one JSON line per event (id, scores, candidate as cut, reference, briefing) to this
    /// file, for error analysis.
    #[arg(long)]
    pub details: Option<PathBuf>,
    #[command(flatten)]
    pub model: EmbeddingArgs,
}

#[derive(Deserialize)]
struct Event {
    event: String,
    articles: Vec<Article>,
    reference: Reference,
}

#[derive(Deserialize)]
struct Reference {
    title: Option<String>,
    summary: String,
}

/// Lower-cased `[a-z0-9]+` tokens, as the data README defines for ROUGE.
pub fn rouge_tokens(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    let mut current = String::new();
    for c in lower.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            current.push(c);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn f_measure(overlap: f64, candidate: usize, reference: usize) -> f64 {
    if overlap == 0.0 || candidate == 0 || reference == 0 {
        return 0.0;
    }
    let (p, r) = (overlap / candidate as f64, overlap / reference as f64);
    2.0 * p * r / (p + r)
}

/// ROUGE-N F with clipped n-gram counts.
pub fn rouge_n(candidate: &[String], reference: &[String], n: usize) -> f64 {
    let (c, r) = (ngram_counts(candidate, n), ngram_counts(reference, n));
    let overlap: usize = c
        .iter()
        .map(|(g, k)| (*k).min(r.get(g).copied().unwrap_or(0)))
        .sum();
    f_measure(
        overlap as f64,
        candidate.len().saturating_sub(n - 1),
        reference.len().saturating_sub(n - 1),
    )
}

fn ngram_counts(tokens: &[String], n: usize) -> BTreeMap<&[String], usize> {
    let mut counts: BTreeMap<&[String], usize> = BTreeMap::new();
    for gram in tokens.windows(n) {
        *counts.entry(gram).or_default() += 1;
    }
    counts
}

/// ROUGE-L F over the longest common subsequence of the whole token sequences.
pub fn rouge_l(candidate: &[String], reference: &[String]) -> f64 {
    let mut previous = vec![0usize; reference.len() + 1];
    for c in candidate {
        let mut current = vec![0usize; reference.len() + 1];
        for (j, r) in reference.iter().enumerate() {
            current[j + 1] = if c == r {
                previous[j] + 1
            } else {
                previous[j + 1].max(current[j])
            };
        }
        previous = current;
    }
    f_measure(
        previous[reference.len()] as f64,
        candidate.len(),
        reference.len(),
    )
}

/// The candidate summary of a briefing: headline, lede and facts, without repeats.
pub fn candidate_text(briefing: &Briefing) -> String {
    let mut parts: Vec<&str> = vec![briefing.headline.as_str()];
    for text in std::iter::once(briefing.lede.as_str())
        .chain(briefing.facts.iter().map(|f| f.text.as_str()))
    {
        if !text.is_empty() && !parts.iter().any(|p| p.contains(text)) {
            parts.push(text);
        }
    }
    let mut out = parts[0].to_string();
    for part in &parts[1..] {
        out.push_str(". ");
        out.push_str(part);
    }
    out
}

/// Run the evaluation.
pub fn run(args: &SummariesEvalArgs) -> anyhow::Result<Outcome> {
    let path = if args.events.is_dir() {
        args.events.join("events.jsonl")
    } else {
        args.events.clone()
    };
    let file =
        std::fs::File::open(&path).with_context(|| format!("{}: cannot open", path.display()))?;
    let briefer = args.model.briefer(Briefer::new()?)?;
    let mut details = match &args.details {
        Some(path) => Some(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("{}: cannot create", path.display()))?,
        )),
        None => None,
    };
    let (mut r1, mut r2, mut rl, mut events, mut verified) = (0.0, 0.0, 0.0, 0usize, 0usize);
    let started = std::time::Instant::now();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let event: Event =
            serde_json::from_str(&line).with_context(|| format!("{}:{}", path.display(), n + 1))?;
        if args
            .split
            .as_deref()
            .is_some_and(|split| !event.event.starts_with(split))
        {
            continue;
        }
        let members: Vec<&Article> = event.articles.iter().collect();
        let briefing = brief_story(&briefer, &format!("s-{}", event.event), &members);
        let by_id = event.articles.iter().map(|a| (a.id.as_str(), a)).collect();
        if verify(&briefing, &by_id).is_empty() {
            verified += 1;
        }
        let reference = format!(
            "{}. {}",
            event.reference.title.as_deref().unwrap_or(""),
            event.reference.summary
        );
        let reference = rouge_tokens(&reference);
        let mut candidate = rouge_tokens(&candidate_text(&briefing));
        candidate.truncate(reference.len());
        let scores = [
            rouge_n(&candidate, &reference, 1),
            rouge_n(&candidate, &reference, 2),
            rouge_l(&candidate, &reference),
        ];
        if let Some(out) = details.as_mut() {
            let line = serde_json::json!({
                "event": event.event,
                "rouge1": scores[0],
                "rouge2": scores[1],
                "rougeL": scores[2],
                "candidate": candidate.join(" "),
                "reference": reference.join(" "),
                "briefing": briefing,
            });
            writeln!(out, "{line}").context("cannot write the details file")?;
        }
        r1 += scores[0];
        r2 += scores[1];
        rl += scores[2];
        events += 1;
    }
    if let Some(mut out) = details {
        out.flush().context("cannot write the details file")?;
    }
    let mean = |x: f64| 100.0 * x / events.max(1) as f64;
    println!(
        "events {events}  (split: {})",
        args.split.as_deref().unwrap_or("all")
    );
    println!(
        "ROUGE-1 F {:.1}  ROUGE-2 F {:.1}  ROUGE-L F {:.1}",
        mean(r1),
        mean(r2),
        mean(rl)
    );
    println!(
        "verified {verified} of {events} ({:.1}%)",
        mean(verified as f64)
    );
    println!("time {:.2} s", started.elapsed().as_secs_f64());
    let below = args.min_rouge1.is_some_and(|min| mean(r1) < min);
    let unverified = args.require_verified && verified < events;
    if below || unverified {
        eprintln!(
            "summaries gate failed: ROUGE-1 {:.1}, verified {verified}/{events}",
            mean(r1)
        );
        return Ok(Outcome::SomeFailed);
    }
    Ok(if events == 0 {
        Outcome::NothingToDo
    } else {
        Outcome::Ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        rouge_tokens(text)
    }

    #[test]
    fn tokens_are_lowercase_ascii_alphanumerics() {
        assert_eq!(
            tokens("Trump's $4.6-billion U.S. plan"),
            ["trump", "s", "4", "6", "billion", "u", "s", "plan"]
        );
    }

    #[test]
    fn rouge_matches_hand_computed_values() {
        let reference = tokens("the cat sat on the mat");
        let candidate = tokens("the cat lay on the mat");
        assert!((rouge_n(&candidate, &reference, 1) - 5.0 / 6.0).abs() < 1e-9);
        assert!((rouge_n(&candidate, &reference, 2) - 3.0 / 5.0).abs() < 1e-9);
        assert!((rouge_l(&candidate, &reference) - 5.0 / 6.0).abs() < 1e-9);
        assert_eq!(rouge_n(&[], &reference, 1), 0.0);
        assert_eq!(rouge_l(&reference, &reference), 1.0);
    }
}
