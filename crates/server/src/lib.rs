//! The Parallax web reader and JSON API (`parallax serve`): a read-only axum server over a
//! store of either backend ([`parallax_store::AnyStore`]: SQLite or PostgreSQL).
//!
//! Pages are rendered on the server (minijinja, auto-escaped; templates and the one CSS
//! file are embedded in the binary) and work without JavaScript: every citation `[n]` of a
//! story page is a `<details>` element that opens the exact supporting sentence in its
//! context, with a link to the article page where the cited spans are highlighted. The
//! JSON API (`/api/stories`, `/api/stories/{id}`, `/api/articles/{id}`, `/api/search`) is
//! described by the OpenAPI document at `/api/openapi.json`; `/feed.xml` is an Atom feed
//! of the newest briefings and `/healthz` a health check.
//!
//! Each story can be listened to: the story page has a plain `<audio controls>` player
//! of `/api/stories/{id}/audio` (the narration, made with eSpeak NG on its first request
//! and kept per briefing revision, served with byte ranges), and `/podcast.xml` is an
//! RSS 2.0 podcast feed of the newest briefings. Without the speech engine the page says
//! which Debian package is missing.
//!
//! Every response carries a strict Content-Security-Policy (no script at all, no
//! third-party assets, `frame-ancestors 'none'`); article text is only ever rendered as
//! escaped text; only `GET`/`HEAD` are routed, request bodies are refused beyond a few
//! KiB and each client address is rate-limited.
//!
//! ```
//! use parallax_briefing::Briefer;
//! use parallax_server::{Config, Server};
//! use parallax_store::SqliteStore;
//!
//! let store = SqliteStore::open_in_memory().unwrap();
//! let config = Config { addr: "127.0.0.1:0".parse().unwrap(), ..Config::default() };
//! let server = Server::bind(&config, store, Briefer::new().unwrap()).unwrap();
//! assert!(server.local_addr().unwrap().port() > 0);
//! // `server.run()` would now serve until the process ends.
//! ```

mod app;
mod error;
mod listen;
mod security;
mod view;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use parallax_briefing::Briefer;
use parallax_store::AnyStore;

pub use error::ServerError;

/// Settings of a server, validated before it binds.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (`127.0.0.1:8080` by default; port 0 picks a free one).
    pub addr: SocketAddr,
    /// Requests per second allowed per client IP address (with a burst of twice as
    /// many); `0` turns rate limiting off (for benchmarks over loopback).
    pub rate_limit: u32,
    /// Worker threads of the runtime.
    pub threads: usize,
    /// Voice, speaking rate and format of the stories' audio.
    pub audio: parallax_audio::Settings,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            rate_limit: 50,
            threads: 2,
            audio: parallax_audio::Settings::default(),
        }
    }
}

/// A bound, not yet running server.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    state: Arc<app::State>,
    threads: usize,
}

impl Server {
    /// Bind the listening socket and prepare the pages; nothing is served before
    /// [`Server::run`]. The store is either backend (an `SqliteStore`, a
    /// `PostgresStore` or an [`AnyStore`]).
    pub fn bind(
        config: &Config,
        store: impl Into<AnyStore>,
        briefer: Briefer,
    ) -> Result<Server, ServerError> {
        let listener = TcpListener::bind(config.addr).map_err(|source| ServerError::Bind {
            addr: config.addr,
            source,
        })?;
        listener.set_nonblocking(true).map_err(ServerError::Io)?;
        let state = Arc::new(app::State::new(
            store.into(),
            briefer,
            config.rate_limit,
            config.audio.clone(),
        )?);
        Ok(Server {
            listener,
            state,
            threads: config.threads.max(1),
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> Result<SocketAddr, ServerError> {
        self.listener.local_addr().map_err(ServerError::Io)
    }

    /// Serve until the process ends (or the listener fails).
    pub fn run(self) -> Result<(), ServerError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(self.threads)
            .enable_io()
            .build()
            .map_err(ServerError::Io)?;
        runtime.block_on(async move {
            let listener =
                tokio::net::TcpListener::from_std(self.listener).map_err(ServerError::Io)?;
            let router = app::router(self.state);
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .map_err(ServerError::Io)
        })
    }
}
