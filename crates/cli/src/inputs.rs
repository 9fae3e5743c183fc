//! Reading the INPUT arguments of a command: articles plus per-input errors on stderr.

use std::path::PathBuf;

use anyhow::Context;
use parallax_ingest::{Batch, Reader};
use parallax_model::Article;

use crate::outcome::Outcome;

/// Read all inputs, print each failure as `file:line: reason` on stderr, and tell whether
/// any failed.
pub fn read_articles(inputs: &[PathBuf], clean: bool) -> anyhow::Result<(Vec<Article>, bool)> {
    let reader = Reader::new()
        .context("loading the cleaning rules")?
        .with_cleaning(clean);
    let Batch { articles, errors } = reader.read_paths(inputs);
    for error in &errors {
        eprintln!("{error}");
    }
    Ok((articles, !errors.is_empty()))
}

/// The exit outcome of a command that read inputs and produced `results` outputs.
pub fn outcome(results: usize, some_failed: bool) -> Outcome {
    match (results, some_failed) {
        (_, true) => Outcome::SomeFailed,
        (0, false) => Outcome::NothingToDo,
        _ => Outcome::Ok,
    }
}
