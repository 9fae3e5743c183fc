//! `parallax db …`: operations on a whole store. `db copy FROM TO` moves a store to
//! another backend (an SQLite file to PostgreSQL, or back) or to another place, rows as
//! they are: story ids, revisions, reprint links, cached briefings and stored vectors
//! survive, and the copy is one transaction (a failed copy leaves the destination
//! empty).

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::bail;

use crate::commands::db;
use crate::outcome::Outcome;

/// Operations on a whole store.
#[derive(Debug, clap::Subcommand)]
pub enum DbCommand {
    /// Copy every row of one store into another, empty one: an SQLite file or a
    /// `postgres://` address each (a missing SQLite file or empty PostgreSQL database
    /// is created).
    Copy(CopyArgs),
}

/// Arguments of `parallax db copy`.
#[derive(Debug, clap::Args)]
pub struct CopyArgs {
    /// The store to copy: an SQLite file or a `postgres://` address.
    #[arg(value_name = "FROM")]
    pub from: PathBuf,
    /// The store to fill, which must hold no articles yet.
    #[arg(value_name = "TO")]
    pub to: PathBuf,
}

/// Run a `parallax db` command.
pub fn run(command: &DbCommand) -> anyhow::Result<Outcome> {
    match command {
        DbCommand::Copy(args) => copy(args),
    }
}

fn copy(args: &CopyArgs) -> anyhow::Result<Outcome> {
    let from = db::open_existing(Some(&args.from))?;
    if db::address(Some(&args.from)) == db::address(Some(&args.to)) {
        bail!("{}: a store cannot be copied onto itself", from.location());
    }
    let mut to = db::open_or_create(Some(&args.to))?;
    // A spinner with the table and its rows on a terminal; quiet in pipes and CI.
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed}, {per_sec})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    });
    let report = parallax_store::copy(&from, &mut to, &mut |table, rows| {
        if let Some(bar) = &bar {
            bar.set_message(format!("{table}: {rows} rows"));
            bar.inc(1);
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let rows: Vec<String> = report
        .tables
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(table, n)| format!("{n} {table}"))
        .collect();
    eprintln!(
        "{} -> {}: copied {}",
        from.location(),
        to.location(),
        rows.join(", ")
    );
    Ok(Outcome::Ok)
}
