//! `parallax stories`: the stories of the store, latest article publication first.

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use parallax_store::Store;
use parallax_stories::day_number;

use crate::commands::db;
use crate::outcome::Outcome;

/// Output format of `parallax stories`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StoriesFormat {
    /// Aligned columns.
    Table,
    /// One `{"story","articles","sources","first","last","title"}` object per line.
    Jsonl,
}

/// Arguments of `parallax stories`.
#[derive(Debug, clap::Args)]
pub struct StoriesArgs {
    /// Only stories with an article published on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: StoriesFormat,
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

/// Run `parallax stories`.
pub fn run(args: &StoriesArgs) -> anyhow::Result<Outcome> {
    if let Some(since) = &args.since {
        if since.len() != 10 || day_number(since).is_none() {
            bail!("--since {since}: expected a date as YYYY-MM-DD");
        }
    }
    let store = db::open_existing(args.db.as_deref())?;
    let stories = store.stories(args.since.as_deref())?;
    let mut stdout = std::io::stdout().lock();
    match args.format {
        StoriesFormat::Table => {
            writeln!(
                stdout,
                "{:<16} {:>8} {:>7} {:<10} {:<10} TITLE",
                "STORY", "ARTICLES", "SOURCES", "FIRST", "LAST"
            )?;
            for s in &stories {
                writeln!(
                    stdout,
                    "{:<16} {:>8} {:>7} {:<10} {:<10} {}",
                    s.id,
                    s.articles,
                    s.sources,
                    s.first_day.as_deref().unwrap_or("-"),
                    s.last_day.as_deref().unwrap_or("-"),
                    s.title.as_deref().unwrap_or("")
                )?;
            }
        }
        StoriesFormat::Jsonl => {
            for s in &stories {
                let line = serde_json::json!({
                    "story": s.id, "articles": s.articles, "sources": s.sources,
                    "first": s.first_day, "last": s.last_day, "title": s.title,
                });
                writeln!(stdout, "{line}")?;
            }
        }
    }
    Ok(if stories.is_empty() {
        Outcome::NothingToDo
    } else {
        Outcome::Ok
    })
}
