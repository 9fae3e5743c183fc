//! `parallax add`: store articles; each joins a story (or is a duplicate, a revision or
//! a reprint).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use parallax_ingest::{Batch, Reader};
use parallax_store::{Status, Store};

use crate::commands::add_progress::AddProgress;
use crate::commands::db;
use crate::embedding::{store_embedding, EmbeddingArgs};
use crate::outcome::Outcome;

/// Output of `parallax add`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AddFormat {
    /// One summary line on stderr.
    Summary,
    /// One `{"id","status","story","original"}` line per article, printed once its batch
    /// is committed.
    Jsonl,
}

/// Arguments of `parallax add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Article files (.jsonl, .txt, .md, .html, .html.gz), directories, `-` for stdin,
    /// http(s) URLs of articles or feeds, feed files (.xml, .rss, .atom) or OPML lists
    /// (.opml); feeds are also subscribed for `parallax watch`.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Database: an SQLite file or a `postgres://` address (default:
    /// $XDG_DATA_HOME/parallax/parallax.db).
    #[arg(
        long,
        env = "PARALLAX_DB",
        hide_env_values = true,
        value_name = "PATH|URL"
    )]
    pub db: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "summary")]
    pub format: AddFormat,
    /// Articles per transaction.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: u32,
    /// Keep article texts as given (no boilerplate cleaning).
    #[arg(long)]
    pub no_clean: bool,
    /// Network options (for URLs, feeds and OPML lists).
    #[command(flatten)]
    pub net: crate::commands::feed::NetArgs,
    #[command(flatten)]
    pub model: EmbeddingArgs,
}

/// Run `parallax add`.
pub fn run(args: &AddArgs) -> anyhow::Result<Outcome> {
    let reader = Reader::new()
        .context("loading the cleaning rules")?
        .with_cleaning(!args.no_clean);
    let mut remote = crate::commands::feed::Remote::new(&args.net, !args.no_clean)?;
    let mut store = db::open_or_create(args.db.as_deref())?;
    if let Some(model) = args.model.embedder()? {
        store.set_embedding(store_embedding(model));
    }
    let mut counts = [0usize; 4];
    let mut some_failed = false;
    let mut stdout = std::io::stdout().lock();
    // One input at a time, so a large ingest never holds every article in memory.
    for input in &args.inputs {
        let Batch { articles, errors } = match remote.read(input)? {
            Some(batch) => batch,
            None => reader.read_paths(std::slice::from_ref(input)),
        };
        for error in &errors {
            eprintln!("{error}");
        }
        some_failed |= !errors.is_empty();
        let mut progress = AddProgress::new(articles.len(), &input.display().to_string());
        for chunk in articles.chunks(args.batch as usize) {
            let results = store.ingest(chunk)?;
            progress.advance(chunk.len());
            for result in &results {
                counts[match result.status {
                    Status::New => 0,
                    Status::Reprint => 1,
                    Status::Revision => 2,
                    Status::Duplicate => 3,
                }] += 1;
                if args.format == AddFormat::Jsonl {
                    let line = serde_json::json!({
                        "id": result.id,
                        "status": result.status.as_str(),
                        "story": result.story,
                        "original": result.original,
                    });
                    writeln!(stdout, "{line}")?;
                }
            }
            stdout.flush()?;
        }
    }
    remote.finish()?;
    let total: usize = counts.iter().sum();
    eprintln!(
        "{}: {} new, {} reprints, {} revisions, {} duplicates",
        store.location(),
        counts[0],
        counts[1],
        counts[2],
        counts[3]
    );
    Ok(match (total, some_failed) {
        (_, true) => Outcome::SomeFailed,
        (0, false) => Outcome::NothingToDo,
        _ => Outcome::Ok,
    })
}
