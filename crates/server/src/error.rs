//! Errors of the server.

use std::net::SocketAddr;

use parallax_store::StoreError;

/// What can go wrong while starting the server or answering a request.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The listening address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// Socket or runtime I/O.
    #[error("I/O: {0}")]
    Io(#[source] std::io::Error),
    /// The store failed.
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// A page template failed (a bug in the embedded templates).
    #[error("template: {0}")]
    Template(#[from] minijinja::Error),
    /// JSON encoding or decoding.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// No such story, article or page.
    #[error("{0}")]
    NotFound(String),
    /// Invalid request parameters.
    #[error("{0}")]
    BadRequest(String),
    /// Audio cannot be made on this machine (the speech engine or encoder is missing):
    /// the message names the Debian package to install.
    #[error("audio unavailable: {0}")]
    AudioUnavailable(String),
    /// Making audio failed.
    #[error("audio: {0}")]
    Audio(parallax_audio::AudioError),
    /// A blocking task did not finish.
    #[error("worker task failed")]
    Task,
}

impl ServerError {
    /// The HTTP status this error answers with.
    pub fn status(&self) -> u16 {
        match self {
            ServerError::NotFound(_) => 404,
            ServerError::BadRequest(_) => 400,
            ServerError::AudioUnavailable(_) => 503,
            _ => 500,
        }
    }

    /// The message shown to the client: internal details stay in the server log.
    pub fn public_message(&self) -> String {
        match self {
            ServerError::NotFound(m) | ServerError::BadRequest(m) => m.clone(),
            ServerError::AudioUnavailable(_) => self.to_string(),
            _ => "internal error".to_string(),
        }
    }
}
