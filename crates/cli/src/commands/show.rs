//! `parallax show`: one stored article with its story, revision and reprint links.

use std::path::PathBuf;

use parallax_store::Store;

use crate::commands::db;
use crate::outcome::Outcome;

/// Arguments of `parallax show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Article id (as printed by `parallax add --format jsonl` or `parallax search`).
    pub article: String,
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

/// Run `parallax show`: the article JSON plus `story`, `revision`, `syndicated_from` and
/// `reprints`.
pub fn run(args: &ShowArgs) -> anyhow::Result<Outcome> {
    let store = db::open_existing(args.db.as_deref())?;
    let Some(stored) = store.article(&args.article)? else {
        eprintln!("parallax: no article with id {:?}", args.article);
        return Ok(Outcome::NothingToDo);
    };
    let mut value = serde_json::to_value(&stored.article)?;
    if let Some(object) = value.as_object_mut() {
        object.insert("story".into(), stored.story.into());
        object.insert("revision".into(), stored.revision.into());
        object.insert("syndicated_from".into(), stored.syndicated_from.into());
        object.insert("reprints".into(), stored.reprints.into());
    }
    println!("{}", serde_json::to_string_pretty(&value)?);
    Ok(Outcome::Ok)
}
