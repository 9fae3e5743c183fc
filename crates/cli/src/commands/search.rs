//! `parallax search`: full-text search over stored articles and briefings.

use std::io::Write;
use std::path::PathBuf;

use parallax_store::{HitKind, Store};

use crate::commands::db;
use crate::outcome::Outcome;

/// Output format of `parallax search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SearchFormat {
    /// One hit per line: kind, id, title, excerpt.
    Table,
    /// One `{"kind","id","title","snippet"}` object per line.
    Jsonl,
}

/// Arguments of `parallax search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Words to find (SQLite FTS5 syntax: `"exact phrase"`, `OR`, `NOT`, `prefix*`).
    #[arg(required = true)]
    pub query: Vec<String>,
    /// At most this many hits.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: SearchFormat,
    /// Database: an SQLite file or a `postgres://` address (default:
    /// $XDG_DATA_HOME/parallax/parallax.db).
    #[arg(
        long,
        env = "PARALLAX_DB",
        hide_env_values = true,
        value_name = "PATH|URL"
    )]
    pub db: Option<PathBuf>,
}

/// Run `parallax search`.
pub fn run(args: &SearchArgs) -> anyhow::Result<Outcome> {
    let store = db::open_existing(args.db.as_deref())?;
    let hits = store.search(&args.query.join(" "), args.limit)?;
    let mut stdout = std::io::stdout().lock();
    for hit in &hits {
        let kind = match hit.kind {
            HitKind::Article => "article",
            HitKind::Briefing => "briefing",
        };
        match args.format {
            SearchFormat::Table => writeln!(
                stdout,
                "{kind:<8} {}  {}\n         {}",
                hit.id, hit.title, hit.snippet
            )?,
            SearchFormat::Jsonl => {
                let line = serde_json::json!({
                    "kind": kind, "id": hit.id, "title": hit.title, "snippet": hit.snippet,
                });
                writeln!(stdout, "{line}")?;
            }
        }
    }
    Ok(if hits.is_empty() {
        Outcome::NothingToDo
    } else {
        Outcome::Ok
    })
}
