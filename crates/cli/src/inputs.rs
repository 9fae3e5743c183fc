//! Reading the INPUT arguments of a command: articles plus per-input errors on stderr.

use std::io::Read;
use std::path::{Path, PathBuf};

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

/// Open one input for reading (`-` is stdin). An input that cannot be opened is
/// reported on stderr as `file:0: cannot read: reason` and gives `None`.
pub fn open_or_report(input: &Path) -> Option<Box<dyn Read>> {
    if input.as_os_str() == "-" {
        return Some(Box::new(std::io::stdin()));
    }
    match std::fs::File::open(input) {
        Ok(file) => Some(Box::new(file)),
        Err(e) => {
            eprintln!("{}:0: cannot read: {e}", input.display());
            None
        }
    }
}
