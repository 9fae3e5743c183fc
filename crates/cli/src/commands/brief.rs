//! `parallax brief`: one briefing per story found in the inputs.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use parallax_briefing::{brief_all, render_markdown, Briefer};
use parallax_narratives::Registry;

use crate::inputs::{outcome, read_articles};
use crate::outcome::Outcome;

/// Output format of `parallax brief`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BriefFormat {
    /// Markdown, one briefing after another.
    Md,
    /// A JSON array of briefings (see schema/briefing.schema.json).
    Json,
    /// One briefing JSON object per line.
    Jsonl,
}

/// Arguments of `parallax brief`.
#[derive(Debug, clap::Args)]
pub struct BriefArgs {
    /// Article files (.jsonl, .txt, .md, .html, .html.gz), directories, or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: BriefFormat,
    /// Extra outlet registry files (same format as data/outlets.toml); entries replace
    /// built-in outlets with the same id.
    #[arg(long = "outlets", value_name = "FILE")]
    pub outlets: Vec<PathBuf>,
    /// Keep article texts as given (no boilerplate cleaning).
    #[arg(long)]
    pub no_clean: bool,
}

/// The registry: built-in plus `--outlets` files, validated before any work.
pub fn registry(files: &[PathBuf]) -> anyhow::Result<Registry> {
    let mut registry = Registry::builtin().context("built-in outlet registry")?;
    for file in files {
        registry.add_file(file)?;
    }
    Ok(registry)
}

/// Run `parallax brief`.
pub fn run(args: &BriefArgs) -> anyhow::Result<Outcome> {
    let briefer = Briefer::with_registry(registry(&args.outlets)?);
    let (articles, some_failed) = read_articles(&args.inputs, !args.no_clean)?;
    let briefings = brief_all(&briefer, &articles);
    let mut stdout = std::io::stdout().lock();
    match args.format {
        BriefFormat::Md => {
            for (i, briefing) in briefings.iter().enumerate() {
                if i > 0 {
                    writeln!(stdout, "\n---\n")?;
                }
                write!(stdout, "{}", render_markdown(briefing))?;
            }
        }
        BriefFormat::Json => writeln!(stdout, "{}", serde_json::to_string_pretty(&briefings)?)?,
        BriefFormat::Jsonl => {
            for briefing in &briefings {
                writeln!(stdout, "{}", serde_json::to_string(briefing)?)?;
            }
        }
    }
    Ok(outcome(briefings.len(), some_failed))
}
