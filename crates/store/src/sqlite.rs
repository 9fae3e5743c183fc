//! The embedded SQLite store: WAL journal, full synchronous commits, one transaction per
//! ingested batch, versioned migrations.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use parallax_model::{Article, Lean};
use parallax_stories::minhash::{NearDuplicates, Signature};
use parallax_stories::{EngineOptions, Features, Merge, StoryEngine};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::copy::{RowSink, Table, Value};
use crate::keys::{article_key, content_hash};
use crate::pipeline::{
    published_day, Pipeline, DEDUP_WINDOW, MIN_CONTAINMENT, RESTORE_MEMBERS, RESTORE_STATISTICS,
    SHINGLE_WORDS, UNDATED_BASE,
};
use crate::vectors::{self, Embedding};
use crate::{
    schema, Hit, HitKind, Ingested, PeriodCoverage, Status, Store, StoreError, StoredArticle,
    StorySummary,
};

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
    engine_options: EngineOptions,
    pipeline: Option<Pipeline>,
    poisoned: bool,
    embedding: Option<Embedding>,
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
            engine_options: EngineOptions::default(),
            pipeline: None,
            poisoned: false,
            embedding: None,
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
        self.embedding = Some(embedding);
        // The open-story window is rebuilt with the stored vectors on next ingest.
        self.pipeline = None;
    }

    /// Tuning of story assignment for this store (before the first ingest).
    pub fn set_engine_options(&mut self, options: EngineOptions) {
        self.engine_options = options;
        self.pipeline = None;
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

    /// Rebuild the pipeline's in-memory state from the database: term statistics from
    /// recent articles, the open-story window from recently grown stories, and the
    /// signature window from recent articles.
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

    fn restore(&self) -> Result<Pipeline, StoreError> {
        let err = |e| StoreError::from_sqlite(&self.path, e);
        let mut options = self.engine_options;
        let maintain_every = options.maintain_every;
        options.maintain_every = 0;
        let mut engine = StoryEngine::new(options);
        let mut statement = self
            .conn
            .prepare(
                "SELECT a.id, a.url, o.name, a.title, a.published, a.text, a.lean FROM articles a \
                 LEFT JOIN outlets o ON o.id = a.outlet_id ORDER BY a.seq DESC LIMIT ?1",
            )
            .map_err(err)?;
        let recent = statement
            .query_map([RESTORE_STATISTICS as i64], row_article)
            .map_err(err)?;
        for article in recent {
            engine.observe(&Features::of(&article.map_err(err)?));
        }
        let mut statement = self
            .conn
            .prepare(
                "SELECT id FROM stories WHERE merged_into IS NULL \
                 ORDER BY updated_seq DESC LIMIT ?1",
            )
            .map_err(err)?;
        let open: Vec<String> = statement
            .query_map([options.max_open as i64], |r| r.get(0))
            .map_err(err)?
            .collect::<Result<_, _>>()
            .map_err(err)?;
        let mut members = self
            .conn
            .prepare(
                "SELECT a.id, a.url, o.name, a.title, a.published, a.text, a.lean FROM story_members m \
                 JOIN articles a ON a.id = m.article_id LEFT JOIN outlets o ON o.id = a.outlet_id \
                 WHERE m.story_id = ?1 ORDER BY a.seq DESC LIMIT ?2",
            )
            .map_err(err)?;
        let model = self.embedding.as_ref().map(|e| e.model.clone());
        let mut embeddings = self
            .conn
            .prepare("SELECT vector FROM article_embeddings WHERE article_id = ?1 AND model = ?2")
            .map_err(err)?;
        // Oldest stories first so the window's recency order is the stored one.
        for story in open.iter().rev() {
            let mut articles: Vec<Article> = members
                .query_map(params![story, RESTORE_MEMBERS as i64], row_article)
                .map_err(err)?
                .collect::<Result<_, _>>()
                .map_err(err)?;
            articles.reverse();
            for article in &articles {
                let mut features = Features::of(article);
                if let Some(model) = &model {
                    let stored: Option<Vec<u8>> = embeddings
                        .query_row(params![article.id, model], |r| r.get(0))
                        .optional()
                        .map_err(err)?;
                    features.embedding = stored
                        .as_deref()
                        .and_then(vectors::from_bytes)
                        .unwrap_or_default();
                }
                engine.place(story, &features, false);
            }
        }
        engine.maintain();
        engine.options_mut().maintain_every = maintain_every;
        let mut duplicates = NearDuplicates::new(DEDUP_WINDOW, MIN_CONTAINMENT);
        let mut statement = self
            .conn
            .prepare(
                "SELECT s.article_id, s.minhash FROM signatures s \
                 JOIN articles a ON a.id = s.article_id ORDER BY a.seq DESC LIMIT ?1",
            )
            .map_err(err)?;
        let mut signatures: Vec<(String, Vec<u8>)> = statement
            .query_map([DEDUP_WINDOW as i64], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(err)?
            .collect::<Result<_, _>>()
            .map_err(err)?;
        signatures.reverse();
        for (id, bytes) in signatures {
            if let Some(signature) = Signature::from_bytes(&bytes) {
                duplicates.insert(&id, signature);
            }
        }
        Ok(Pipeline { engine, duplicates })
    }

    /// The vectors of a batch's articles that the store will keep, embedded in one call
    /// before the write transaction opens: the encoder runs several times faster on a
    /// batch than one text at a time, and the database is not locked while it runs.
    /// Articles already stored with the same content (duplicates) are skipped; any
    /// article left without a vector here is embedded inside the transaction.
    fn embed_ahead(&self, articles: &[Article]) -> Result<Vec<Option<Vec<f32>>>, rusqlite::Error> {
        let Some(embedding) = &self.embedding else {
            return Ok(vec![None; articles.len()]);
        };
        let mut stored_hash = self
            .conn
            .prepare_cached("SELECT content_hash FROM articles WHERE key = ?1")?;
        let mut wanted = Vec::new();
        for (i, article) in articles.iter().enumerate() {
            let hash: Option<String> = stored_hash
                .query_row([article_key(article)], |r| r.get(0))
                .optional()?;
            if hash.as_deref() != Some(content_hash(article).as_str()) {
                wanted.push(i);
            }
        }
        let texts: Vec<String> = wanted
            .iter()
            .map(|&i| Features::embedding_text(&articles[i]))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let mut out = vec![None; articles.len()];
        for (i, vector) in wanted.into_iter().zip(embedding.embedder.embed(&refs)) {
            out[i] = Some(vector);
        }
        Ok(out)
    }

    fn ingest_batch(
        &mut self,
        pipeline: &mut Pipeline,
        articles: &[Article],
    ) -> Result<Vec<Ingested>, rusqlite::Error> {
        let mut ahead = self.embed_ahead(articles)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut out = Vec::with_capacity(articles.len());
        let mut touched: BTreeSet<String> = BTreeSet::new();
        for (article, vector) in articles.iter().zip(ahead.iter_mut()) {
            let key = article_key(article);
            let hash = content_hash(article);
            let existing: Option<(String, String, i64)> = tx
                .query_row(
                    "SELECT id, content_hash, revision FROM articles WHERE key = ?1",
                    [&key],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some((id, old_hash, revision)) = existing {
                let story = member_story(&tx, &id)?.unwrap_or_default();
                if old_hash == hash {
                    out.push(Ingested {
                        id,
                        status: Status::Duplicate,
                        story,
                        original: None,
                    });
                    continue;
                }
                exec(&tx,
                    "INSERT INTO article_revisions (article_id, revision, title, text, content_hash) \
                     SELECT id, revision, title, text, content_hash FROM articles WHERE id = ?1",
                    [&id],
                )?;
                exec(
                    &tx,
                    "UPDATE articles SET title = ?2, text = ?3, content_hash = ?4, revision = ?5, \
                     published = coalesce(?6, published) WHERE id = ?1",
                    params![
                        id,
                        article.title,
                        article.text,
                        hash,
                        revision + 1,
                        article.published
                    ],
                )?;
                store_embeddings(&tx, self.embedding.as_ref(), &id, article, vector.take())?;
                touched.insert(story.clone());
                out.push(Ingested {
                    id,
                    status: Status::Revision,
                    story,
                    original: None,
                });
                continue;
            }
            let id = unique_id(&tx, &article.id, &hash)?;
            let outlet = match article.outlet.as_deref().filter(|o| !o.trim().is_empty()) {
                Some(name) => {
                    exec(&tx,
                        "INSERT INTO outlets (name, lean) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING",
                        params![name, article.lean.map(Lean::as_str)],
                    )?;
                    Some(one(
                        &tx,
                        "SELECT id FROM outlets WHERE name = ?1",
                        [name],
                        |r| r.get::<_, i64>(0),
                    )?)
                }
                None => None,
            };
            exec(&tx,
                "INSERT INTO articles (id, key, url, outlet_id, title, published, lean, text, content_hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    id,
                    key,
                    article.url,
                    outlet,
                    article.title,
                    article.published,
                    article.lean.map(Lean::as_str),
                    article.text,
                    hash
                ],
            )?;
            let seq = tx.last_insert_rowid();
            let signature = Signature::of_text(&article.text, SHINGLE_WORDS);
            exec(
                &tx,
                "INSERT INTO signatures (article_id, minhash) VALUES (?1, ?2)",
                params![id, signature.to_bytes()],
            )?;
            let embedding =
                store_embeddings(&tx, self.embedding.as_ref(), &id, article, vector.take())?;
            let features = Features::of(article).with_embedding(embedding);
            let original = pipeline
                .duplicates
                .find(&signature)
                .map(|(o, c)| (o.to_string(), c));
            let original_story = match &original {
                Some((o, _)) => member_story(&tx, o)?,
                None => None,
            };
            let (story, status, original) = match (original, original_story) {
                (Some((original, containment)), Some(story)) => {
                    exec(&tx,
                        "INSERT INTO near_duplicates (copy_id, original_id, containment) VALUES (?1, ?2, ?3)",
                        params![id, original, containment],
                    )?;
                    pipeline.engine.place(&story, &features, true);
                    (story, Status::Reprint, Some(original))
                }
                _ => {
                    let assignment = pipeline.engine.add(&id, &features, true);
                    (assignment.story, Status::New, None)
                }
            };
            // The calendar day as the article gives it (see `Store::stories`); a date
            // that cannot be read is no date.
            let day = published_day(article);
            exec(&tx,
                "INSERT INTO stories (id, first_seq, updated_seq, first_day, last_day) \
                 VALUES (?1, ?2, ?2, ?3, ?3) ON CONFLICT(id) DO UPDATE SET \
                 updated_seq = ?2, \
                 first_day = CASE WHEN first_day IS NULL OR ?3 < first_day THEN coalesce(?3, first_day) ELSE first_day END, \
                 last_day = CASE WHEN last_day IS NULL OR ?3 > last_day THEN coalesce(?3, last_day) ELSE last_day END",
                params![story, seq, day],
            )?;
            exec(
                &tx,
                "INSERT INTO story_members (article_id, story_id) VALUES (?1, ?2)",
                params![id, story],
            )?;
            pipeline.duplicates.insert(&id, signature);
            touched.insert(story.clone());
            out.push(Ingested {
                id,
                status,
                story,
                original,
            });
            // Merges go to the database at once, so the next article sees them.
            let merges = pipeline.engine.take_merges();
            apply_merges(&tx, merges, &mut out, &mut touched)?;
        }
        // A merge pass at the end of every batch (it only looks at stories that grew).
        let merges = pipeline.engine.maintain();
        apply_merges(&tx, merges, &mut out, &mut touched)?;
        for story in &touched {
            exec(
                &tx,
                "UPDATE stories SET version = version + 1 WHERE id = ?1",
                [story],
            )?;
            exec(&tx, "DELETE FROM briefings WHERE story_id = ?1", [story])?;
        }
        tx.commit()?;
        Ok(out)
    }
}

/// Apply the engine's merges to the database (and to the results so far).
fn apply_merges(
    tx: &Connection,
    merges: Vec<Merge>,
    out: &mut [Ingested],
    touched: &mut BTreeSet<String>,
) -> rusqlite::Result<()> {
    for merge in merges {
        exec(
            tx,
            "UPDATE story_members SET story_id = ?2 WHERE story_id = ?1",
            params![merge.from, merge.into],
        )?;
        exec(
            tx,
            "UPDATE stories SET merged_into = ?2 WHERE id = ?1",
            params![merge.from, merge.into],
        )?;
        exec(tx,
                "UPDATE stories SET \
                 first_day = (SELECT min(substr(trim(a.published), 1, 10)) FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ?1 AND date(substr(trim(a.published), 1, 10)) IS NOT NULL), \
                 last_day = (SELECT max(substr(trim(a.published), 1, 10)) FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ?1 AND date(substr(trim(a.published), 1, 10)) IS NOT NULL), \
                 updated_seq = max(updated_seq, (SELECT updated_seq FROM stories WHERE id = ?2)) \
                 WHERE id = ?1",
                params![merge.into, merge.from],
            )?;
        for result in out.iter_mut() {
            if result.story == merge.from {
                result.story = merge.into.clone();
            }
        }
        touched.insert(merge.from);
        touched.insert(merge.into);
    }
    Ok(())
}

/// Run a statement through the connection's cache of prepared statements: ingest runs
/// the same dozen statements for every article.
fn exec<P: rusqlite::Params>(conn: &Connection, sql: &str, params: P) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

/// One row through the cache of prepared statements.
fn one<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, f)
}

fn row_article(r: &rusqlite::Row<'_>) -> rusqlite::Result<Article> {
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

/// Keep the vector of an article's title and lead ([`Features::embedding_text`]) by the
/// store's model, `ahead` when it was embedded before the transaction, else embedded
/// now; the vector is returned for the story engine, and a revision replaces it.
/// Without a model nothing is stored and the vector is empty.
fn store_embeddings(
    tx: &rusqlite::Transaction<'_>,
    embedding: Option<&Embedding>,
    id: &str,
    article: &Article,
    ahead: Option<Vec<f32>>,
) -> Result<Vec<f32>, rusqlite::Error> {
    let Some(embedding) = embedding else {
        return Ok(Vec::new());
    };
    let vector = embedding.title_vector(article, ahead);
    exec(
        tx,
        "INSERT OR REPLACE INTO article_embeddings (article_id, model, vector) VALUES (?1, ?2, ?3)",
        params![id, embedding.model, vectors::to_bytes(&vector)],
    )?;
    Ok(vector)
}

fn member_story(conn: &Connection, article: &str) -> rusqlite::Result<Option<String>> {
    one(
        conn,
        "SELECT story_id FROM story_members WHERE article_id = ?1",
        [article],
        |r| r.get(0),
    )
    .optional()
}

/// `id`, or `id~HASH` when another article already has `id`.
fn unique_id(conn: &Connection, id: &str, hash: &str) -> rusqlite::Result<String> {
    let taken = |candidate: &str| -> rusqlite::Result<bool> {
        one(
            conn,
            "SELECT 1 FROM articles WHERE id = ?1",
            [candidate],
            |_| Ok(()),
        )
        .optional()
        .map(|x| x.is_some())
    };
    if !id.is_empty() && !taken(id)? {
        return Ok(id.to_string());
    }
    let base = if id.is_empty() { "a" } else { id };
    let mut candidate = format!("{base}~{}", &hash[..hash.len().min(8)]);
    let mut n = 2;
    while taken(&candidate)? {
        candidate = format!("{base}~{}-{n}", &hash[..hash.len().min(8)]);
        n += 1;
    }
    Ok(candidate)
}

impl Store for SqliteStore {
    fn ingest(&mut self, articles: &[Article]) -> Result<Vec<Ingested>, StoreError> {
        if self.poisoned {
            return Err(StoreError::Poisoned {
                path: self.path.clone(),
            });
        }
        let mut pipeline = match self.pipeline.take() {
            Some(p) => p,
            None => self.restore()?,
        };
        match self.ingest_batch(&mut pipeline, articles) {
            Ok(out) => {
                self.pipeline = Some(pipeline);
                Ok(out)
            }
            Err(e) => {
                // The transaction rolled back; the in-memory window may hold articles
                // that are not stored, so this handle writes no more.
                self.poisoned = true;
                Err(self.err(e))
            }
        }
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
        self.pipeline = None;
        Ok(())
    }
}
