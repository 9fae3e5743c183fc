//! `parallax eval extraction DATA_DIR`.

use std::path::PathBuf;

use crate::outcome::Outcome;

/// Arguments of `parallax eval extraction`.
#[derive(Debug, clap::Args)]
pub struct ExtractionEvalArgs {
    /// The `trafilatura-eval` folder (with `pages/` and `extraction.gold.jsonl`).
    pub data_dir: PathBuf,
}

/// Run the extraction evaluation.
pub fn run(_args: &ExtractionEvalArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("extraction evaluation is not built yet")
}
