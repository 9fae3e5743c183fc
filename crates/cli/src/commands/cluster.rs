//! `parallax cluster`: the story of every input article.

use std::io::Write;
use std::path::PathBuf;

use parallax_model::StoryAssignment;
use parallax_stories::{cluster_with, ClusterOptions};

use crate::embedding::EmbeddingArgs;
use crate::inputs::{outcome, read_articles};
use crate::outcome::Outcome;

/// Output format of `parallax cluster`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClusterFormat {
    /// One `{"id","story"}` object per line.
    Jsonl,
}

/// Arguments of `parallax cluster`.
#[derive(Debug, clap::Args)]
pub struct ClusterArgs {
    /// Article files, directories, or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ClusterFormat,
    /// Keep article texts as given (no boilerplate cleaning).
    #[arg(long)]
    pub no_clean: bool,
    #[command(flatten)]
    pub model: EmbeddingArgs,
}

/// Run `parallax cluster`.
pub fn run(args: &ClusterArgs) -> anyhow::Result<Outcome> {
    let (articles, some_failed) = read_articles(&args.inputs, !args.no_clean)?;
    let model = args.model.embedder()?;
    let embedder = model.as_deref().map(|m| m as &dyn parallax_embed::Embedder);
    let stories = cluster_with(&articles, &ClusterOptions::default(), embedder);
    let mut stdout = std::io::stdout().lock();
    for (article, story) in articles.iter().zip(stories) {
        let line = StoryAssignment {
            id: article.id.clone(),
            story,
        };
        writeln!(stdout, "{}", serde_json::to_string(&line)?)?;
    }
    Ok(outcome(articles.len(), some_failed))
}
