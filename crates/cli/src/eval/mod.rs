//! `parallax eval`: quality evaluations over the data sets of `shared/data`.

pub mod extraction;

use crate::outcome::Outcome;

/// Evaluations.
#[derive(Debug, clap::Subcommand)]
pub enum EvalCommand {
    /// Main-text extraction on `trafilatura-eval/` (snippet precision, recall, F1).
    Extraction(extraction::ExtractionEvalArgs),
}

/// Run one evaluation.
pub fn run(cmd: EvalCommand) -> anyhow::Result<Outcome> {
    match cmd {
        EvalCommand::Extraction(args) => extraction::run(&args),
    }
}
