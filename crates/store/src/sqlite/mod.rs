//! The embedded SQLite store: WAL journal, full synchronous commits, one transaction per
//! ingested batch, versioned migrations. The ingest flow itself is shared with the
//! PostgreSQL store (`crate::ingest`); `ingest` here is its SQL.

mod ingest;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use parallax_model::{Article, Lean};
use parallax_stories::EngineOptions;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::copy::{RowSink, Table, Value};
use crate::ingest::IngestState;
use crate::pipeline::UNDATED_BASE;
use crate::vectors::{self, Embedding};
use crate::{
    schema, Hit, HitKind, Ingested, PeriodCoverage, Store, StoreError, StoredArticle, StorySummary,
};
use ingest::SqliteWriter;

/// The default database: `$XDG_DATA_HOME/parallax/parallax.db`, else
/// `$HOME/.local/share/parallax/parallax.db`, else `parallax.db` here.
pub fn default_path() -> PathBuf {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        });
    match data {
        Some(dir) => dir.join("parallax").join("parallax.db"),
        None => PathBuf::from("parallax.db"),
    }
}

/// The SQLite implementation of [`Store`].
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    ingest: IngestState,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Open (creating when missing) the database at `path` and bring its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                detail: e.to_string(),
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| StoreError::from_sqlite(path, e))?;
        SqliteStore::setup(conn, path.to_path_buf())
    }

    /// A private in-memory database (for tests and one-off runs).
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| StoreError::from_sqlite(&path, e))?;
        SqliteStore::setup(conn, path)
    }

    fn setup(conn: Connection, path: PathBuf) -> Result<SqliteStore, StoreError> {
        let err = |e| StoreError::from_sqlite(&path, e);
        conn.busy_timeout(Duration::from_secs(5)).map_err(err)?;
        conn.set_prepared_statement_cache_capacity(64);
        // The first read fails on a file that is not a database.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(err)?;
        if version > schema::latest() {
            return Err(StoreError::NewerSchema {
                path,
                found: version,
                supported: schema::latest(),
            });
        }
        let _mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(err)?;
        conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
            .map_err(err)?;
        let mut store = SqliteStore {
            conn,
            path,
            ingest: IngestState::default(),
        };
        store.migrate(version)?;
        Ok(store)
    }

    /// Apply the migrations the database lacks, each in its own transaction.
    fn migrate(&mut self, from: i64) -> Result<(), StoreError> {
        for (n, sql) in schema::MIGRATIONS
            .iter()
            .enumerate()
            .skip(from.max(0) as usize)
        {
            let path = self.path.clone();
            let err = |e| StoreError::from_sqlite(&path, e);
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(err)?;
            // Another process may have migrated while we waited for the lock.
            let current: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(err)?;
            if current > n as i64 {
                continue;
            }
            tx.execute_batch(sql).map_err(err)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", n + 1))
                .map_err(err)?;
            tx.commit().map_err(err)?;
        }
        Ok(())
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How long to wait for another process's lock before failing with
    /// [`StoreError::Locked`].
    pub fn set_busy_timeout(&mut self, timeout: Duration) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(timeout)
            .map_err(|e| StoreError::from_sqlite(&self.path, e))
    }

    /// Embed every new article's title with this model as it is stored, for story
    /// grouping. Without it, stories group by words alone.
    pub fn set_embedding(&mut self, embedding: Embedding) {
        self.ingest.set_embedding(embedding);
    }

    /// Tuning of story assignment for this store (before the first ingest).
    pub fn set_engine_options(&mut self, options: EngineOptions) {
        self.ingest.set_engine_options(options);
    }

    /// Limit the database to `pages` pages: writes beyond fail as if the disk were full.
    /// For tests of the full-disk path.
    #[doc(hidden)]
    pub fn set_max_pages(&mut self, pages: u64) -> Result<(), StoreError> {
        let _: i64 = self
            .conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
                r.get(0)
            })
            .map_err(|e| StoreError::from_sqlite(&self.path, e))?;
        Ok(())
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        Ok(n as usize)
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(&self.path, e)
    }

    /// Hits of one full-text index: `sql` selects (id, title, snippet, rank) for the
    /// query `?1` with limit `?2`. A query FTS5 cannot parse is a `StoreError::Query`.
    fn fts_hits(
        &self,
        kind: HitKind,
        sql: &str,
        query: &str,
        limit: i64,
    ) -> Result<Vec<Hit>, StoreError> {
        let map_query_error = |e: rusqlite::Error| match &e {
            rusqlite::Error::SqliteFailure(f, Some(message))
                if f.code == rusqlite::ErrorCode::Unknown =>
            {
                StoreError::Query(message.clone())
            }
            _ => self.err(e),
        };
        let mut statement = self.conn.prepare(sql).map_err(map_query_error)?;
        let rows = statement
            .query_map(params![query, limit], |r| {
                Ok(Hit {
                    kind,
                    id: r.get(0)?,
                    title: r.get(1)?,
                    snippet: r.get(2)?,
                    rank: r.get(3)?,
                })
            })
            .map_err(map_query_error)?;
        rows.map(|row| row.map_err(map_query_error)).collect()
    }
}

/// Run a statement through the connection's cache of prepared statements: ingest runs
/// the same dozen statements for every article.
pub(super) fn exec<P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

/// One row through the cache of prepared statements.
pub(super) fn one<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, f)
}

pub(super) fn row_article(r: &rusqlite::Row<'_>) -> rusqlite::Result<Article> {
    let lean: Option<String> = r.get(6)?;
    Ok(Article {
        id: r.get(0)?,
        url: r.get(1)?,
        outlet: r.get(2)?,
        title: r.get(3)?,
        published: r.get(4)?,
        text: r.get(5)?,
        lean: lean.as_deref().and_then(Lean::parse),
    })
}

pub(super) fn member_story(conn: &Connection, article: &str) -> rusqlite::Result<Option<String>> {
    one(
        conn,
        "SELECT story_id FROM story_members WHERE article_id = ?1",
        [article],
        |r| r.get(0),
    )
    .optional()
}

impl Store for SqliteStore {
    fn ingest(&mut self, articles: &[Article]) -> Result<Vec<Ingested>, StoreError> {
        let mut writer = SqliteWriter {
            conn: &mut self.conn,
        };
        let path = &self.path;
        self.ingest.ingest(&mut writer, articles, path, |e| {
            StoreError::from_sqlite(path, e)
        })
    }

    fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
        let err = |e| StoreError::from_sqlite(&self.path, e);
        let found = self
            .conn
            .query_row(
                "SELECT a.id, a.url, o.name, a.title, a.published, a.text, a.lean, a.revision FROM articles a \
                 LEFT JOIN outlets o ON o.id = a.outlet_id WHERE a.id = ?1",
                [id],
                |r| Ok((row_article(r)?, r.get::<_, i64>(7)?)),
            )
            .optional()
            .map_err(err)?;
        let Some((article, revision)) = found else {
            return Ok(None);
        };
        let story = member_story(&self.conn, id).map_err(err)?;
        let syndicated_from = self
            .conn
            .query_row(
                "SELECT original_id FROM near_duplicates WHERE copy_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)?;
        let mut statement = self
            .conn
            .prepare("SELECT copy_id FROM near_duplicates WHERE original_id = ?1 ORDER BY copy_id")
            .map_err(err)?;
        let reprints = statement
            .query_map([id], |r| r.get(0))
            .map_err(err)?
            .collect::<Result<_, _>>()
            .map_err(err)?;
        Ok(Some(StoredArticle {
            article,
            story,
            revision: revision as u32,
            syndicated_from,
            reprints,
        }))
    }

    fn resolve_story(&self, id: &str) -> Result<Option<String>, StoreError> {
        let mut current = id.to_string();
        for _ in 0..64 {
            let row: Option<Option<String>> = self
                .conn
                .query_row(
                    "SELECT merged_into FROM stories WHERE id = ?1",
                    [&current],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| self.err(e))?;
            match row {
                None => return Ok(None),
                Some(None) => return Ok(Some(current)),
                Some(Some(next)) => current = next,
            }
        }
        Ok(Some(current))
    }

    fn story_articles(&self, story: &str) -> Result<Vec<Article>, StoreError> {
        let Some(story) = self.resolve_story(story)? else {
            return Ok(Vec::new());
        };
        let err = |e| StoreError::from_sqlite(&self.path, e);
        let mut statement = self
            .conn
            .prepare(
                "SELECT a.id, a.url, o.name, a.title, a.published, a.text, a.lean FROM story_members m \
                 JOIN articles a ON a.id = m.article_id LEFT JOIN outlets o ON o.id = a.outlet_id \
                 WHERE m.story_id = ?1 ORDER BY a.seq",
            )
            .map_err(err)?;
        let articles = statement
            .query_map([story], row_article)
            .map_err(err)?
            .collect::<Result<_, _>>()
            .map_err(err)?;
        Ok(articles)
    }

    fn stories(&self, since: Option<&str>) -> Result<Vec<StorySummary>, StoreError> {
        let err = |e| StoreError::from_sqlite(&self.path, e);
        let mut statement = self
            .conn
            .prepare(
                "SELECT s.id, s.first_day, s.last_day, \
                   (SELECT count(*) FROM story_members m WHERE m.story_id = s.id), \
                   (SELECT count(*) FROM story_members m JOIN near_duplicates d ON d.copy_id = m.article_id WHERE m.story_id = s.id), \
                   coalesce((SELECT b.headline FROM briefings b WHERE b.story_id = s.id AND b.story_version = s.version), \
                            (SELECT a.title FROM articles a WHERE a.seq = s.first_seq)), \
                   CASE WHEN s.last_day <= date('now', '+1 day') THEN s.last_day \
                        WHEN s.first_day <= date('now', '+1 day') THEN s.first_day END AS newest \
                 FROM stories s WHERE s.merged_into IS NULL AND (?1 IS NULL OR s.last_day >= ?1) \
                 ORDER BY newest IS NULL, newest DESC, s.updated_seq DESC",
            )
            .map_err(err)?;
        let rows = statement
            .query_map([since], |r| {
                let articles: i64 = r.get(3)?;
                let reprints: i64 = r.get(4)?;
                Ok(StorySummary {
                    id: r.get(0)?,
                    first_day: r.get(1)?,
                    last_day: r.get(2)?,
                    articles: articles as usize,
                    sources: (articles - reprints).max(0) as usize,
                    title: r.get(5)?,
                })
            })
            .map_err(err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        Ok(rows.into_iter().filter(|s| s.articles > 0).collect())
    }

    fn cached_briefing(&self, story: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT b.json FROM briefings b JOIN stories s ON s.id = b.story_id \
                 WHERE b.story_id = ?1 AND b.story_version = s.version",
                [story],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    fn save_briefing(
        &mut self,
        story: &str,
        headline: &str,
        body: &str,
        json: &str,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO briefings (story_id, story_version, headline, body, json) \
                 SELECT id, version, ?2, ?3, ?4 FROM stories WHERE id = ?1 \
                 ON CONFLICT(story_id) DO UPDATE SET story_version = excluded.story_version, \
                 headline = excluded.headline, body = excluded.body, json = excluded.json",
                params![story, headline, body, json],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    fn sentence_vectors(
        &self,
        keys: &[i64],
        model: &str,
    ) -> Result<HashMap<i64, Vec<f32>>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT vector FROM sentence_embeddings WHERE sentence = ?1 AND model = ?2",
            )
            .map_err(|e| self.err(e))?;
        let mut out = HashMap::new();
        for &key in keys {
            let stored: Option<Vec<u8>> = statement
                .query_row(params![key, model], |r| r.get(0))
                .optional()
                .map_err(|e| self.err(e))?;
            if let Some(vector) = stored.as_deref().and_then(vectors::from_bytes) {
                out.insert(key, vector);
            }
        }
        Ok(out)
    }

    fn save_sentence_vectors(
        &mut self,
        model: &str,
        vectors: &[(i64, Vec<f32>)],
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |e| StoreError::from_sqlite(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        for (key, vector) in vectors {
            exec(
                &tx,
                "INSERT OR REPLACE INTO sentence_embeddings (sentence, model, vector) VALUES (?1, ?2, ?3)",
                params![key, model, vectors::to_bytes(vector)],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
        let limit = limit.max(1) as i64;
        let mut hits = self.fts_hits(
            HitKind::Article,
            "SELECT a.id, coalesce(a.title, ''), snippet(articles_fts, 1, '[', ']', '…', 12), f.rank \
             FROM articles_fts f JOIN articles a ON a.seq = f.rowid \
             WHERE articles_fts MATCH ?1 ORDER BY f.rank LIMIT ?2",
            query,
            limit,
        )?;
        hits.extend(self.fts_hits(
            HitKind::Briefing,
            "SELECT b.story_id, b.headline, snippet(briefings_fts, 1, '[', ']', '…', 12), f.rank \
             FROM briefings_fts f JOIN briefings b ON b.rowid = f.rowid \
             WHERE briefings_fts MATCH ?1 ORDER BY f.rank LIMIT ?2",
            query,
            limit,
        )?);
        hits.sort_by(|a, b| a.rank.total_cmp(&b.rank).then(a.id.cmp(&b.id)));
        hits.truncate(limit as usize);
        Ok(hits)
    }

    fn coverage_around(&self, story: &str, days: u32) -> Result<PeriodCoverage, StoreError> {
        let err = |e| StoreError::from_sqlite(&self.path, e);
        let story = self
            .resolve_story(story)?
            .unwrap_or_else(|| story.to_string());
        let span: Option<(Option<String>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT date(first_day, ?2), date(last_day, ?3) FROM stories WHERE id = ?1",
                params![story, format!("-{days} days"), format!("+{days} days")],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(err)?;
        let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<Article> {
            let lean: Option<String> = r.get(3)?;
            Ok(Article {
                url: r.get(1)?,
                outlet: r.get(2)?,
                lean: lean.as_deref().and_then(Lean::parse),
                ..Article::new(r.get::<_, String>(0)?, "")
            })
        };
        // Neither a member of the story nor a reprint.
        let independent = "NOT EXISTS (SELECT 1 FROM near_duplicates d WHERE d.copy_id = a.id) \
             AND NOT EXISTS (SELECT 1 FROM story_members m WHERE m.article_id = a.id AND m.story_id = ?1)";
        let (from, to, others) = match span {
            Some((Some(from), Some(to))) => {
                // `published` is a day or an RFC 3339 time: compare as text, the day
                // after `to` excluded.
                let sql = format!(
                    "SELECT a.id, a.url, o.name, a.lean FROM articles a \
                     LEFT JOIN outlets o ON o.id = a.outlet_id \
                     WHERE a.published >= ?2 AND a.published < date(?3, '+1 day') AND {independent}"
                );
                let mut statement = self.conn.prepare(&sql).map_err(err)?;
                let others = statement
                    .query_map(params![story, from, to], row)
                    .map_err(err)?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(err)?;
                (Some(from), Some(to), others)
            }
            _ => {
                let sql = format!(
                    "SELECT a.id, a.url, o.name, a.lean FROM articles a \
                     LEFT JOIN outlets o ON o.id = a.outlet_id \
                     WHERE a.seq > (SELECT coalesce(max(seq), 0) FROM articles) - ?2 AND {independent}"
                );
                let mut statement = self.conn.prepare(&sql).map_err(err)?;
                let others = statement
                    .query_map(params![story, UNDATED_BASE as i64], row)
                    .map_err(err)?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(err)?;
                (None, None, others)
            }
        };
        Ok(PeriodCoverage { from, to, others })
    }
}

/// The copy of a whole store (`crate::copy`): rows read in chunks, written in one
/// transaction. SQLite reads the `$n` placeholders of the shared statements as `?n`.
impl SqliteStore {
    pub(crate) fn export(
        &self,
        table: &Table,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Vec<Value>>, StoreError> {
        let err = |e| StoreError::from_sqlite(&self.path, e);
        let mut statement = self
            .conn
            .prepare(&table.select().replace('$', "?"))
            .map_err(err)?;
        let rows = statement
            .query_map(params![offset as i64, limit as i64], |r| {
                (0..table.columns.len())
                    .map(|i| {
                        Ok(match r.get::<_, rusqlite::types::Value>(i)? {
                            rusqlite::types::Value::Null => Value::Null,
                            rusqlite::types::Value::Integer(n) => Value::Int(n),
                            rusqlite::types::Value::Real(x) => Value::Real(x),
                            rusqlite::types::Value::Text(s) => Value::Text(s),
                            rusqlite::types::Value::Blob(b) => Value::Blob(b),
                        })
                    })
                    .collect::<rusqlite::Result<Vec<Value>>>()
            })
            .map_err(err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        Ok(rows)
    }

    pub(crate) fn import(
        &mut self,
        fill: &mut dyn FnMut(&mut dyn RowSink) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        struct Sink<'a> {
            tx: &'a rusqlite::Transaction<'a>,
            path: &'a Path,
        }
        impl RowSink for Sink<'_> {
            fn write(&mut self, table: &Table, rows: &[Vec<Value>]) -> Result<(), StoreError> {
                let err = |e| StoreError::from_sqlite(self.path, e);
                let mut statement = self
                    .tx
                    .prepare_cached(&table.insert().replace('$', "?"))
                    .map_err(err)?;
                for row in rows {
                    let values = row.iter().map(|v| match v {
                        Value::Null => rusqlite::types::Value::Null,
                        Value::Int(n) => rusqlite::types::Value::Integer(*n),
                        Value::Real(x) => rusqlite::types::Value::Real(*x),
                        Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
                        Value::Blob(b) => rusqlite::types::Value::Blob(b.clone()),
                    });
                    statement
                        .execute(rusqlite::params_from_iter(values))
                        .map_err(err)?;
                }
                Ok(())
            }
        }
        let path = self.path.clone();
        let err = |e| StoreError::from_sqlite(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        fill(&mut Sink {
            tx: &tx,
            path: &path,
        })?;
        tx.commit().map_err(err)?;
        self.ingest.forget_pipeline();
        Ok(())
    }
}
