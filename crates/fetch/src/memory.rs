//! An in-memory [`Fetcher`] for tests: fixed responses per URL, requests recorded.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use url::Url;

use crate::{FetchError, Fetcher, Request, Response, Validators};

/// A canned response.
#[derive(Debug, Clone)]
pub struct Canned {
    /// HTTP status (2xx served; anything else becomes [`FetchError::Status`]).
    pub status: u16,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// Body.
    pub body: Vec<u8>,
    /// `ETag` sent, and honoured in `If-None-Match` with a 304.
    pub etag: Option<String>,
}

/// Serves [`Canned`] responses by exact URL; unknown URLs are 404.
#[derive(Debug, Default)]
pub struct MemoryFetcher {
    pages: HashMap<String, Canned>,
    log: Mutex<Vec<String>>,
}

impl MemoryFetcher {
    /// An empty fetcher.
    pub fn new() -> MemoryFetcher {
        MemoryFetcher::default()
    }

    /// Serve `body` with status 200 at `url`.
    pub fn with(mut self, url: &str, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.pages.insert(
            url.to_owned(),
            Canned {
                status: 200,
                content_type: Some(content_type.to_owned()),
                body: body.into(),
                etag: None,
            },
        );
        self
    }

    /// Serve a canned response at `url`.
    pub fn with_canned(mut self, url: &str, canned: Canned) -> Self {
        self.pages.insert(url.to_owned(), canned);
        self
    }

    /// The URLs requested so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Fetcher for MemoryFetcher {
    fn fetch(&self, request: &Request) -> Result<Response, FetchError> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(request.url.to_string());
        let canned = self
            .pages
            .get(request.url.as_str())
            .ok_or(FetchError::Status(404))?;
        let validators = Validators {
            etag: canned.etag.clone(),
            last_modified: None,
        };
        if canned.etag.is_some() && request.validators.etag == canned.etag {
            return Ok(Response {
                url: request.url.clone(),
                status: 304,
                content_type: None,
                body: Vec::new(),
                validators,
                not_modified: true,
            });
        }
        if !(200..300).contains(&canned.status) {
            return Err(FetchError::Status(canned.status));
        }
        Ok(Response {
            url: Url::clone(&request.url),
            status: canned.status,
            content_type: canned.content_type.clone(),
            body: canned.body.clone(),
            validators,
            not_modified: false,
        })
    }
}
