//! `parallax extract`: HTML pages to article JSON.

use std::path::PathBuf;

use crate::outcome::Outcome;

/// Arguments of `parallax extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Pages: `.html` / `.html.gz` files, directories, or `-` for stdin.
    #[arg(required = true)]
    pub pages: Vec<PathBuf>,
}

/// Run `parallax extract`.
pub fn run(_args: &ExtractArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("extraction is not built yet")
}
