//! `parallax eval`: quality evaluations over the data sets of `shared/data`.

pub mod clustering;
pub mod extraction;

use crate::outcome::Outcome;

/// Evaluations.
#[derive(Debug, clap::Subcommand)]
pub enum EvalCommand {
    /// Main-text extraction on `trafilatura-eval/` (snippet precision, recall, F1).
    Extraction(extraction::ExtractionEvalArgs),
    /// Story clustering on `stories/` (B-cubed precision, recall, F1).
    Clustering(clustering::ClusteringEvalArgs),
}

/// Run one evaluation.
pub fn run(cmd: EvalCommand) -> anyhow::Result<Outcome> {
    match cmd {
        EvalCommand::Extraction(args) => extraction::run(&args),
        EvalCommand::Clustering(args) => clustering::run(&args),
    }
}
