//! Storage for a long-running Parallax: articles (with revisions), syndication links,
//! stories and their members, cached briefings and full-text search, behind the
//! [`Store`] trait, with an embedded SQLite implementation ([`SqliteStore`]) and a
//! PostgreSQL one ([`PostgresStore`]) for a store that several processes share.
//! [`open`] picks the backend by the database's [`Address`] (a `postgres://…` address
//! or a file path), and [`copy`] moves a whole store from one to the other.
//!
//! Ingest is idempotent and incremental: an article already stored (same canonical URL,
//! or same content when it has no URL) is not stored again, a changed text becomes a new
//! revision, a reprint of wire copy is linked to its original (MinHash, see
//! `parallax_stories::minhash`) and joins the original's story, and every other article
//! joins the best matching open story or opens one (`parallax_stories::StoryEngine`).
//! Each call to [`Store::ingest`] is one transaction: after a crash the database holds
//! every batch that was committed and nothing of the one that was not.
//!
//! ```
//! use parallax_model::Article;
//! use parallax_store::{SqliteStore, Status, Store};
//!
//! let article = |id: &str, url: &str, text: &str| Article {
//!     id: id.into(), url: Some(url.into()), outlet: Some("Tesk Herald".into()),
//!     title: Some("Ferry fares rise".into()), published: Some("2026-10-14".into()),
//!     text: text.into(), lean: None,
//! };
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = SqliteStore::open(&dir.path().join("parallax.db")).unwrap();
//! let first = article("a", "https://tesk.example/ferry", "Ferry fares will rise by 12% in May.");
//! assert_eq!(store.ingest(&[first.clone()]).unwrap()[0].status, Status::New);
//! assert_eq!(store.ingest(&[first]).unwrap()[0].status, Status::Duplicate);
//! let stories = store.stories(None).unwrap();
//! assert_eq!(stories.len(), 1);
//! assert_eq!(store.story_articles(&stories[0].id).unwrap().len(), 1);
//! ```

mod copy;
mod error;
mod ingest;
mod keys;
mod open;
mod pipeline;
mod postgres;
pub mod schema;
mod sqlite;
mod vectors;

use parallax_model::Article;

pub use copy::{copy, CopyReport};
pub use error::StoreError;

/// Versioned migrations of the PostgreSQL store (its counterpart of [`schema`]).
pub mod postgres_schema {
    pub use crate::postgres::schema::{latest, MIGRATIONS};
}
pub use keys::{canonical_url, content_hash};
pub use open::{open, Address, AnyStore};
pub use postgres::{is_postgres_address, redact, PostgresStore};
pub use sqlite::{default_path, SqliteStore};
pub use vectors::{sentence_key, story_vectors, Embedding, StoredVectors};

/// What ingesting one article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Stored for the first time.
    New,
    /// Already stored with the same content: nothing changed.
    Duplicate,
    /// Already stored with a different text: stored as a new revision.
    Revision,
    /// Stored and linked as a reprint of an earlier article.
    Reprint,
}

impl Status {
    /// Lower-case name (`new`, `duplicate`, `revision`, `reprint`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Duplicate => "duplicate",
            Status::Revision => "revision",
            Status::Reprint => "reprint",
        }
    }
}

/// The result of ingesting one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ingested {
    /// Id of the stored article (the input id, or a disambiguated one when another
    /// article already has it).
    pub id: String,
    /// What happened.
    pub status: Status,
    /// The story the article belongs to.
    pub story: String,
    /// For a reprint, the id of the original.
    pub original: Option<String>,
}

/// One story as listed by [`Store::stories`].
#[derive(Debug, Clone, PartialEq)]
pub struct StorySummary {
    /// Story id.
    pub id: String,
    /// Number of articles.
    pub articles: usize,
    /// Number of independent sources: articles that are not reprints.
    pub sources: usize,
    /// Earliest publication day (`YYYY-MM-DD`) among members, where known.
    pub first_day: Option<String>,
    /// Latest publication day among members, where known.
    pub last_day: Option<String>,
    /// The cached briefing's headline, else the first article's title.
    pub title: Option<String>,
}

/// The coverage around a story: the base rate its blindspots are measured against.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodCoverage {
    /// First day of the period (`YYYY-MM-DD`); `None` when the story is undated and the
    /// period is the most recently stored articles instead.
    pub from: Option<String>,
    /// Last day of the period.
    pub to: Option<String>,
    /// The period's articles that are neither members of the story nor reprints, with
    /// their outlet, URL and lean (and an empty text: it is not needed).
    pub others: Vec<Article>,
}

impl PeriodCoverage {
    /// What the period is, for the reader ("stored coverage from 2024-11-12 to
    /// 2024-11-26").
    pub fn describe(&self) -> String {
        match (&self.from, &self.to) {
            (Some(from), Some(to)) => format!("stored coverage from {from} to {to}"),
            _ => "the most recently stored coverage".to_string(),
        }
    }
}

/// A stored article with what the store knows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    /// The article (latest revision).
    pub article: Article,
    /// Its story.
    pub story: Option<String>,
    /// Revision number, from 1.
    pub revision: u32,
    /// Id of the article it reprints, if any.
    pub syndicated_from: Option<String>,
    /// Ids of articles that reprint it.
    pub reprints: Vec<String>,
}

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    /// An article; the id is the article id.
    Article,
    /// A cached briefing; the id is the story id.
    Briefing,
}

/// One full-text search hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Article or briefing.
    pub kind: HitKind,
    /// Article id or story id.
    pub id: String,
    /// Title or headline.
    pub title: String,
    /// Matching excerpt, matches between `[` and `]`.
    pub snippet: String,
    /// Relevance, lower is better: FTS5's rank on SQLite, minus `ts_rank_cd` on
    /// PostgreSQL (comparable within one store only).
    pub rank: f64,
}

/// Persistent storage of articles, stories and briefings.
pub trait Store {
    /// Store a batch of articles in one transaction: deduplicate, link reprints, assign
    /// stories. Either the whole batch is stored or none of it.
    fn ingest(&mut self, articles: &[Article]) -> Result<Vec<Ingested>, StoreError>;

    /// One article by id.
    fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError>;

    /// The current id of a story (following merges), or `None` when unknown.
    fn resolve_story(&self, id: &str) -> Result<Option<String>, StoreError>;

    /// The members of a story (after following merges), in arrival order; empty when the
    /// story is unknown.
    fn story_articles(&self, story: &str) -> Result<Vec<Article>, StoreError>;

    /// Stories, newest first: the story with the latest article publication day first
    /// (a day in the future, past tomorrow in UTC, never counts as the newest: such a
    /// story ranks by its first day), stories of the same day most recently grown first,
    /// undated stories last. The order is the same after a bulk import of an archive in
    /// any order. With `since` (`YYYY-MM-DD`), only stories with an article published on
    /// or after that day.
    fn stories(&self, since: Option<&str>) -> Result<Vec<StorySummary>, StoreError>;

    /// The cached briefing JSON of a story, when it is still valid (the story has not
    /// changed since it was written).
    fn cached_briefing(&self, story: &str) -> Result<Option<String>, StoreError>;

    /// Cache a story's briefing (`headline` and `body` are indexed for search).
    fn save_briefing(
        &mut self,
        story: &str,
        headline: &str,
        body: &str,
        json: &str,
    ) -> Result<(), StoreError>;

    /// Full-text search over articles and cached briefings, best first: FTS5 syntax on
    /// SQLite, `websearch_to_tsquery` syntax on PostgreSQL (words, `"phrases"`, `OR`,
    /// `-word` read alike by both); an unterminated phrase is a [`StoreError::Query`].
    fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, StoreError>;

    /// The stored vectors that `model` made of the sentences with these
    /// [`sentence_key`]s (those it has).
    fn sentence_vectors(
        &self,
        keys: &[i64],
        model: &str,
    ) -> Result<std::collections::HashMap<i64, Vec<f32>>, StoreError>;

    /// Keep sentence vectors that `model` made, by [`sentence_key`].
    fn save_sentence_vectors(
        &mut self,
        model: &str,
        vectors: &[(i64, Vec<f32>)],
    ) -> Result<(), StoreError>;

    /// The stored coverage within `days` days of a story's first and last day (for an
    /// undated story, the most recently stored articles), without the story's own
    /// articles and without reprints.
    fn coverage_around(&self, story: &str, days: u32) -> Result<PeriodCoverage, StoreError>;
}
