//! `parallax verify BRIEFING.json INPUT...`: check every citation of briefings against
//! the articles they were built from.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use parallax_facts::verify::verify;
use parallax_model::{Article, Briefing};

use crate::inputs::read_articles;
use crate::outcome::Outcome;

/// Arguments of `parallax verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Briefings as written by `parallax brief --format json` (an array), one object, or
    /// JSON Lines.
    pub briefings: PathBuf,
    /// The article inputs the briefings were built from (read and cleaned the same way).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The briefings were built with `--no-clean`.
    #[arg(long)]
    pub no_clean: bool,
}

/// Parse briefings from JSON (array or object) or JSON Lines.
pub fn parse_briefings(text: &str) -> anyhow::Result<Vec<Briefing>> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        return Ok(serde_json::from_str(trimmed)?);
    }
    if let Ok(one) = serde_json::from_str::<Briefing>(trimmed) {
        return Ok(vec![one]);
    }
    trimmed
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).with_context(|| format!("line {}", n + 1)))
        .collect()
}

/// Run `parallax verify`.
pub fn run(args: &VerifyArgs) -> anyhow::Result<Outcome> {
    let name = args.briefings.display().to_string();
    let text =
        std::fs::read_to_string(&args.briefings).with_context(|| format!("{name}: cannot read"))?;
    let briefings = parse_briefings(&text).with_context(|| format!("{name}: not briefing JSON"))?;
    let (articles, some_failed) = read_articles(&args.inputs, !args.no_clean)?;
    let by_id: BTreeMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut failed = 0;
    for briefing in &briefings {
        let problems = verify(briefing, &by_id);
        let citations: usize = briefing.facts.iter().map(|f| f.support.len()).sum();
        if problems.is_empty() {
            println!(
                "{}: ok ({} facts, {citations} citations)",
                briefing.story,
                briefing.facts.len()
            );
        } else {
            failed += 1;
            println!("{}: {} problems", briefing.story, problems.len());
            for problem in problems {
                eprintln!("{name}: {}: {problem}", briefing.story);
            }
        }
    }
    println!(
        "{} of {} briefings verified",
        briefings.len() - failed,
        briefings.len()
    );
    Ok(match (briefings.len(), failed > 0 || some_failed) {
        (0, _) => Outcome::NothingToDo,
        (_, true) => Outcome::SomeFailed,
        _ => Outcome::Ok,
    })
}
