//! `parallax serve`: the web reader and JSON API over the store (read-only).

use std::net::SocketAddr;
use std::path::PathBuf;

use parallax_briefing::Briefer;
use parallax_server::{Config, Server};

use crate::commands::{brief, db};
use crate::embedding::EmbeddingArgs;
use crate::outcome::Outcome;

/// Arguments of `parallax serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub addr: SocketAddr,
    /// The database to serve, an SQLite file or a `postgres://` address (default: the
    /// one `parallax add` writes).
    #[arg(
        long,
        env = "PARALLAX_DB",
        hide_env_values = true,
        value_name = "PATH|URL"
    )]
    pub db: Option<PathBuf>,
    /// Extra outlet registry files (same format as data/outlets.toml).
    #[arg(long = "outlets", value_name = "FILE")]
    pub outlets: Vec<PathBuf>,
    /// Requests per second per client IP address (burst: twice as many); 0 = no limit.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub rate_limit: u32,
    /// Worker threads.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub threads: usize,
    /// eSpeak NG voice of the stories' audio.
    #[arg(long, default_value = "en-us", value_name = "VOICE")]
    pub voice: String,
    /// Speaking rate of the stories' audio, in words a minute (80 to 450).
    #[arg(long, default_value_t = 175, value_name = "WPM")]
    pub rate: u32,
    /// Format of the stories' audio and podcast episodes.
    #[arg(long, value_enum, default_value = "opus")]
    pub audio_format: brief::AudioFormat,
    #[command(flatten)]
    pub model: EmbeddingArgs,
}

/// Run `parallax serve` until the process is stopped.
pub fn run(args: &ServeArgs) -> anyhow::Result<Outcome> {
    let briefer = args
        .model
        .briefer(Briefer::with_registry(brief::registry(&args.outlets)?))?;
    let store = db::open_existing(args.db.as_deref())?;
    let config = Config {
        addr: args.addr,
        rate_limit: args.rate_limit,
        threads: args.threads,
        audio: parallax_audio::Settings {
            voice: args.voice.clone(),
            rate: args.rate,
            format: args.audio_format.into(),
            ..parallax_audio::Settings::default()
        },
    };
    let server = Server::bind(&config, store, briefer)?;
    eprintln!("parallax serve: http://{}/", server.local_addr()?);
    server.run()?;
    Ok(Outcome::Ok)
}
