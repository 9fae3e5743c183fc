//! Selection of the backend by the database's address: a `postgres://…` or
//! `postgresql://…` address is a PostgreSQL database, anything else the path of an
//! SQLite file. [`AnyStore`] is either, behind the same [`Store`] trait, so a command
//! or a server works on both without knowing which.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use parallax_model::Article;
use parallax_stories::EngineOptions;

use crate::postgres::{is_postgres_address, redact};
use crate::{
    Embedding, Hit, Ingested, PeriodCoverage, PostgresStore, SqliteStore, Store, StoreError,
    StoredArticle, StorySummary,
};

/// Where a store lives.
#[derive(Clone, PartialEq, Eq)]
pub enum Address {
    /// An SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection address (it may hold a password: show it with
    /// [`Address::display`], never with `{:?}` of the string).
    Postgres(String),
}

impl Address {
    /// Read a `--db` value: a PostgreSQL address or a file path.
    pub fn parse(db: &OsStr) -> Address {
        match db.to_str() {
            Some(text) if is_postgres_address(text) => Address::Postgres(text.trim().to_string()),
            _ => Address::Sqlite(PathBuf::from(db)),
        }
    }

    /// The address for messages: the path, or the PostgreSQL address without its
    /// password.
    pub fn display(&self) -> String {
        match self {
            Address::Sqlite(path) => path.display().to_string(),
            Address::Postgres(address) => redact(address),
        }
    }

    /// The SQLite file, when it is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Address::Sqlite(path) => Some(path),
            Address::Postgres(_) => None,
        }
    }
}

impl std::fmt::Debug for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

/// Open (creating when missing) the store at `address` and bring its schema up to date.
pub fn open(address: &Address) -> Result<AnyStore, StoreError> {
    Ok(match address {
        Address::Sqlite(path) => AnyStore::Sqlite(SqliteStore::open(path)?),
        Address::Postgres(url) => AnyStore::Postgres(PostgresStore::open(url)?),
    })
}

/// A store of either backend.
#[derive(Debug)]
pub enum AnyStore {
    /// The embedded SQLite store.
    Sqlite(SqliteStore),
    /// The PostgreSQL store.
    Postgres(PostgresStore),
}

/// The same call on whichever store it is.
macro_rules! each {
    ($self:expr, $store:ident => $call:expr) => {
        match $self {
            AnyStore::Sqlite($store) => $call,
            AnyStore::Postgres($store) => $call,
        }
    };
}

impl AnyStore {
    /// The database for messages: the file, or the address without its password.
    pub fn location(&self) -> String {
        match self {
            AnyStore::Sqlite(store) => store.path().display().to_string(),
            AnyStore::Postgres(store) => store.address().to_string(),
        }
    }

    /// Rows of a table for a copy (see `crate::copy`).
    pub(crate) fn export(
        &self,
        table: &crate::copy::Table,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Vec<crate::copy::Value>>, StoreError> {
        each!(self, store => store.export(table, offset, limit))
    }

    /// Write a copy in one transaction (see `crate::copy`).
    pub(crate) fn import(
        &mut self,
        fill: &mut dyn FnMut(&mut dyn crate::copy::RowSink) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        each!(self, store => store.import(fill))
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<usize, StoreError> {
        each!(self, store => store.article_count())
    }

    /// How long a write waits for another writer's lock before failing with
    /// [`StoreError::Locked`].
    pub fn set_busy_timeout(&mut self, timeout: std::time::Duration) -> Result<(), StoreError> {
        match self {
            AnyStore::Sqlite(store) => store.set_busy_timeout(timeout),
            AnyStore::Postgres(store) => {
                store.set_busy_timeout(timeout);
                Ok(())
            }
        }
    }

    /// Embed every new article's title with this model as it is stored.
    pub fn set_embedding(&mut self, embedding: Embedding) {
        each!(self, store => store.set_embedding(embedding))
    }

    /// Tuning of story assignment (before the first ingest).
    pub fn set_engine_options(&mut self, options: EngineOptions) {
        each!(self, store => store.set_engine_options(options))
    }
}

impl From<SqliteStore> for AnyStore {
    fn from(store: SqliteStore) -> AnyStore {
        AnyStore::Sqlite(store)
    }
}

impl From<PostgresStore> for AnyStore {
    fn from(store: PostgresStore) -> AnyStore {
        AnyStore::Postgres(store)
    }
}

impl Store for AnyStore {
    fn ingest(&mut self, articles: &[Article]) -> Result<Vec<Ingested>, StoreError> {
        each!(self, store => store.ingest(articles))
    }

    fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
        each!(self, store => store.article(id))
    }

    fn resolve_story(&self, id: &str) -> Result<Option<String>, StoreError> {
        each!(self, store => store.resolve_story(id))
    }

    fn story_articles(&self, story: &str) -> Result<Vec<Article>, StoreError> {
        each!(self, store => store.story_articles(story))
    }

    fn stories(&self, since: Option<&str>) -> Result<Vec<StorySummary>, StoreError> {
        each!(self, store => store.stories(since))
    }

    fn cached_briefing(&self, story: &str) -> Result<Option<String>, StoreError> {
        each!(self, store => store.cached_briefing(story))
    }

    fn save_briefing(
        &mut self,
        story: &str,
        headline: &str,
        body: &str,
        json: &str,
    ) -> Result<(), StoreError> {
        each!(self, store => store.save_briefing(story, headline, body, json))
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
        each!(self, store => store.search(query, limit))
    }

    fn sentence_vectors(
        &self,
        keys: &[i64],
        model: &str,
    ) -> Result<HashMap<i64, Vec<f32>>, StoreError> {
        each!(self, store => store.sentence_vectors(keys, model))
    }

    fn save_sentence_vectors(
        &mut self,
        model: &str,
        vectors: &[(i64, Vec<f32>)],
    ) -> Result<(), StoreError> {
        each!(self, store => store.save_sentence_vectors(model, vectors))
    }

    fn coverage_around(&self, story: &str, days: u32) -> Result<PeriodCoverage, StoreError> {
        each!(self, store => store.coverage_around(story, days))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_picks_the_backend_and_hides_the_password() {
        let pg = Address::parse(OsStr::new("postgresql://news:secret@db.example/parallax"));
        assert!(matches!(pg, Address::Postgres(_)));
        assert_eq!(pg.display(), "postgresql://news@db.example/parallax");
        assert_eq!(format!("{pg:?}"), "postgresql://news@db.example/parallax");
        let file = Address::parse(OsStr::new("data/parallax.db"));
        assert_eq!(file.path(), Some(Path::new("data/parallax.db")));
    }
}
