//! The PostgreSQL store: the same behaviour as the SQLite one (see the crate doc) on a
//! server that several processes share. A pool of connections serves reads; each
//! ingested batch is one transaction. Full-text search is PostgreSQL's own: a generated
//! `tsvector` column with a GIN index on articles and on briefings, queried with
//! `websearch_to_tsquery` (words, `"phrases"`, `OR`, `-word`) in the `simple`
//! configuration (no stemming, no stop words, like SQLite's FTS5 tokenizer).
//!
//! Connections are unencrypted (no TLS): run it on a local socket, loopback or a
//! trusted network.

mod address;
mod copy;
mod ingest;
pub(crate) mod schema;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use parallax_model::{Article, Lean};
use parallax_stories::EngineOptions;
use postgres::NoTls;
use r2d2_postgres::r2d2::{Pool, PooledConnection};
use r2d2_postgres::PostgresConnectionManager;

pub use address::{is_postgres_address, redact};

use ingest::PgWriter;

use crate::ingest::IngestState;
use crate::pipeline::{shift_day, tomorrow_utc, UNDATED_BASE};
use crate::vectors::{self, Embedding};
use crate::{
    Hit, HitKind, Ingested, PeriodCoverage, Store, StoreError, StoredArticle, StorySummary,
};

/// Connections kept by one process: reads of a busy `serve` run in parallel on them.
const POOL_SIZE: u32 = 8;
/// How long to wait for the server before an address counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

type Manager = PostgresConnectionManager<NoTls>;

/// The PostgreSQL implementation of [`Store`].
pub struct PostgresStore {
    pool: Pool<Manager>,
    /// The address without its password: what messages show.
    address: String,
    ingest: IngestState,
    lock_timeout: Duration,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

impl PostgresStore {
    /// Connect to the database at `address` (`postgres://user:password@host:port/db`,
    /// or any key/value connection string PostgreSQL's clients take) and bring its
    /// schema up to date. An unreachable server, refused credentials or a database of
    /// a newer schema version are errors that name the address without its password.
    pub fn open(address: &str) -> Result<PostgresStore, StoreError> {
        PostgresStore::connect(address, None)
    }

    /// [`PostgresStore::open`] with the store's tables in `schema` (created when
    /// missing) instead of the connection's default search path: several independent
    /// stores in one database, e.g. one per test. `schema` is a plain lower-case
    /// identifier (letters, digits, `_`).
    pub fn open_in_schema(address: &str, schema: &str) -> Result<PostgresStore, StoreError> {
        PostgresStore::connect(address, Some(schema))
    }

    fn connect(address: &str, schema: Option<&str>) -> Result<PostgresStore, StoreError> {
        let shown = redact(address);
        let open_error = |detail: String| StoreError::Open {
            path: PathBuf::from(&shown),
            detail,
        };
        let mut config: postgres::Config = address
            .parse()
            .map_err(|e| open_error(format!("not a PostgreSQL address: {e}")))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("parallax");
        }
        let connect_error = |e: postgres::Error| match e.code() {
            Some(_) => StoreError::from_postgres(&shown, e),
            None => open_error(error_chain(&e)),
        };
        if let Some(schema) = schema {
            let plain = !schema.is_empty()
                && schema
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                && !schema.as_bytes()[0].is_ascii_digit();
            if !plain {
                return Err(open_error(format!(
                    "schema name {schema:?} is not a plain lower-case identifier"
                )));
            }
            let mut client = config.connect(NoTls).map_err(connect_error)?;
            client
                .batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
                .map_err(|e| StoreError::from_postgres(&shown, e))?;
            let options = format!(
                "{} -c search_path={schema}",
                config.get_options().unwrap_or("")
            );
            config.options(options.trim());
        }
        // One connection first: a wrong address fails at once with the server's reason
        // (a pool would only report a timeout), and the schema is checked and migrated.
        let mut client = config.connect(NoTls).map_err(connect_error)?;
        let db = |e| StoreError::from_postgres(&shown, e);
        let version = schema::version(&mut client).map_err(db)?;
        if version > schema::latest() {
            return Err(StoreError::NewerSchema {
                path: PathBuf::from(&shown),
                found: version,
                supported: schema::latest(),
            });
        }
        schema::migrate(&mut client).map_err(db)?;
        drop(client);
        let pool = Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(0))
            .connection_timeout(CONNECT_TIMEOUT)
            .build_unchecked(PostgresConnectionManager::new(config, NoTls));
        Ok(PostgresStore {
            pool,
            address: shown,
            ingest: IngestState::default(),
            lock_timeout: Duration::from_secs(5),
        })
    }

    /// The database's address, without its password.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// How long a write waits for another transaction's lock before failing with
    /// [`StoreError::Locked`] (default 5 s).
    pub fn set_busy_timeout(&mut self, timeout: Duration) {
        self.lock_timeout = timeout;
    }

    /// Embed every new article's title with this model as it is stored (see
    /// `SqliteStore::set_embedding`).
    pub fn set_embedding(&mut self, embedding: Embedding) {
        self.ingest.set_embedding(embedding);
    }

    /// Tuning of story assignment for this store (before the first ingest).
    pub fn set_engine_options(&mut self, options: EngineOptions) {
        self.ingest.set_engine_options(options);
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .client()?
            .query_one("SELECT count(*) FROM articles", &[])
            .map_err(|e| self.err(e))?
            .get(0);
        Ok(n as usize)
    }

    fn err(&self, e: postgres::Error) -> StoreError {
        StoreError::from_postgres(&self.address, e)
    }

    /// A connection from the pool.
    fn client(&self) -> Result<PooledConnection<Manager>, StoreError> {
        self.pool.get().map_err(|e| StoreError::Open {
            path: PathBuf::from(&self.address),
            detail: e.to_string(),
        })
    }

    /// Hits of one text-search index: `sql` selects (id, title, snippet, rank) for the
    /// query `$1` with limit `$2`.
    fn text_hits(
        &self,
        kind: HitKind,
        sql: &str,
        query: &str,
        limit: i64,
    ) -> Result<Vec<Hit>, StoreError> {
        let rows = self
            .client()?
            .query(sql, &[&query, &limit])
            .map_err(|e| self.err(e))?;
        Ok(rows
            .iter()
            .map(|r| Hit {
                kind,
                id: r.get(0),
                title: r.get(1),
                snippet: r.get(2),
                rank: r.get(3),
            })
            .collect())
    }
}

/// An error with its causes, for a failed connection ("error connecting to server:
/// Connection refused").
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = cause.source();
    }
    out
}

/// A query `websearch_to_tsquery` would read differently from FTS5: an unterminated
/// phrase is refused as FTS5 refuses it, so both backends reject the same input.
fn check_query(query: &str) -> Result<(), StoreError> {
    if query.matches('"').count() % 2 == 1 {
        return Err(StoreError::Query(format!(
            "unterminated phrase in {query:?}: a \" without its closing \""
        )));
    }
    Ok(())
}

impl Store for PostgresStore {
    fn ingest(&mut self, articles: &[Article]) -> Result<Vec<Ingested>, StoreError> {
        let path = PathBuf::from(&self.address);
        // A poisoned handle says so before it asks the pool for a connection.
        self.ingest.check(&path)?;
        let mut client = self.client()?;
        let mut writer = PgWriter {
            client: &mut client,
            lock_timeout: self.lock_timeout,
        };
        let address = &self.address;
        self.ingest.ingest(&mut writer, articles, &path, |e| {
            StoreError::from_postgres(address, e)
        })
    }

    fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
        let err = |e| self.err(e);
        let mut client = self.client()?;
        let Some(row) = client
            .query_opt(
                "SELECT a.id, a.url, o.name, a.title, a.published, a.text, a.lean, a.revision, \
                 (SELECT story_id FROM story_members WHERE article_id = a.id), \
                 (SELECT original_id FROM near_duplicates WHERE copy_id = a.id) \
                 FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id WHERE a.id = $1",
                &[&id],
            )
            .map_err(err)?
        else {
            return Ok(None);
        };
        let reprints = client
            .query(
                "SELECT copy_id FROM near_duplicates WHERE original_id = $1 ORDER BY copy_id",
                &[&id],
            )
            .map_err(err)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        Ok(Some(StoredArticle {
            article: ingest::row_article(&row),
            revision: row.get::<_, i32>(7) as u32,
            story: row.get(8),
            syndicated_from: row.get(9),
            reprints,
        }))
    }

    fn resolve_story(&self, id: &str) -> Result<Option<String>, StoreError> {
        let mut client = self.client()?;
        let mut current = id.to_string();
        for _ in 0..64 {
            let row = client
                .query_opt("SELECT merged_into FROM stories WHERE id = $1", &[&current])
                .map_err(|e| self.err(e))?;
            match row.map(|r| r.get::<_, Option<String>>(0)) {
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
        let rows = self
            .client()?
            .query(
                "SELECT a.id, a.url, o.name, a.title, a.published, a.text, a.lean FROM story_members m \
                 JOIN articles a ON a.id = m.article_id LEFT JOIN outlets o ON o.id = a.outlet_id \
                 WHERE m.story_id = $1 ORDER BY a.seq",
                &[&story],
            )
            .map_err(|e| self.err(e))?;
        Ok(rows.iter().map(ingest::row_article).collect())
    }

    fn stories(&self, since: Option<&str>) -> Result<Vec<StorySummary>, StoreError> {
        let rows = self
            .client()?
            .query(
                "SELECT * FROM (SELECT s.id, s.first_day, s.last_day, \
                   (SELECT count(*) FROM story_members m WHERE m.story_id = s.id), \
                   (SELECT count(*) FROM story_members m JOIN near_duplicates d ON d.copy_id = m.article_id WHERE m.story_id = s.id), \
                   coalesce((SELECT b.headline FROM briefings b WHERE b.story_id = s.id AND b.story_version = s.version), \
                            (SELECT a.title FROM articles a WHERE a.seq = s.first_seq)), \
                   CASE WHEN s.last_day <= $2 THEN s.last_day \
                        WHEN s.first_day <= $2 THEN s.first_day END AS newest, \
                   s.updated_seq \
                 FROM stories s WHERE s.merged_into IS NULL AND ($1::text IS NULL OR s.last_day >= $1::text)) listed \
                 ORDER BY newest IS NULL, newest DESC, updated_seq DESC",
                &[&since, &tomorrow_utc()],
            )
            .map_err(|e| self.err(e))?;
        Ok(rows
            .iter()
            .map(|r| {
                let articles: i64 = r.get(3);
                let reprints: i64 = r.get(4);
                StorySummary {
                    id: r.get(0),
                    first_day: r.get(1),
                    last_day: r.get(2),
                    articles: articles as usize,
                    sources: (articles - reprints).max(0) as usize,
                    title: r.get(5),
                }
            })
            .filter(|s| s.articles > 0)
            .collect())
    }

    fn cached_briefing(&self, story: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .client()?
            .query_opt(
                "SELECT b.json FROM briefings b JOIN stories s ON s.id = b.story_id \
                 WHERE b.story_id = $1 AND b.story_version = s.version",
                &[&story],
            )
            .map_err(|e| self.err(e))?
            .map(|r| r.get(0)))
    }

    fn save_briefing(
        &mut self,
        story: &str,
        headline: &str,
        body: &str,
        json: &str,
    ) -> Result<(), StoreError> {
        self.client()?
            .execute(
                "INSERT INTO briefings (story_id, story_version, headline, body, json) \
                 SELECT id, version, $2, $3, $4 FROM stories WHERE id = $1 \
                 ON CONFLICT (story_id) DO UPDATE SET story_version = excluded.story_version, \
                 headline = excluded.headline, body = excluded.body, json = excluded.json",
                &[
                    &story,
                    &ingest::pg_text(headline),
                    &ingest::pg_text(body),
                    &ingest::pg_text(json),
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
        check_query(query)?;
        let query = ingest::pg_text(query);
        let limit = limit.max(1) as i64;
        // The snippet is made for the hits kept only: ts_headline reads the whole text.
        let mut hits = self.text_hits(
            HitKind::Article,
            "SELECT id, coalesce(title, ''), \
               ts_headline('simple', text, q, 'StartSel=[, StopSel=], MaxWords=12, MinWords=6, MaxFragments=1, FragmentDelimiter=…'), \
               rank \
             FROM (SELECT a.id, a.title, a.text, q, -ts_rank_cd(a.search, q)::float8 AS rank \
                   FROM articles a, websearch_to_tsquery('simple', $1) q \
                   WHERE a.search @@ q ORDER BY rank, a.id LIMIT $2) hits ORDER BY rank, id",
            &query,
            limit,
        )?;
        hits.extend(self.text_hits(
            HitKind::Briefing,
            "SELECT story_id, headline, \
               ts_headline('simple', body, q, 'StartSel=[, StopSel=], MaxWords=12, MinWords=6, MaxFragments=1, FragmentDelimiter=…'), \
               rank \
             FROM (SELECT b.story_id, b.headline, b.body, q, -ts_rank_cd(b.search, q)::float8 AS rank \
                   FROM briefings b, websearch_to_tsquery('simple', $1) q \
                   WHERE b.search @@ q ORDER BY rank, b.story_id LIMIT $2) hits ORDER BY rank, story_id",
            &query,
            limit,
        )?);
        hits.sort_by(|a, b| a.rank.total_cmp(&b.rank).then(a.id.cmp(&b.id)));
        hits.truncate(limit as usize);
        Ok(hits)
    }

    fn sentence_vectors(
        &self,
        keys: &[i64],
        model: &str,
    ) -> Result<HashMap<i64, Vec<f32>>, StoreError> {
        if keys.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = self
            .client()?
            .query(
                "SELECT sentence, vector FROM sentence_embeddings WHERE model = $1 AND sentence = ANY($2)",
                &[&model, &keys],
            )
            .map_err(|e| self.err(e))?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let bytes: Vec<u8> = r.get(1);
                vectors::from_bytes(&bytes).map(|v| (r.get(0), v))
            })
            .collect())
    }

    fn save_sentence_vectors(
        &mut self,
        model: &str,
        vectors: &[(i64, Vec<f32>)],
    ) -> Result<(), StoreError> {
        let err = |e| StoreError::from_postgres(&self.address, e);
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(err)?;
        let statement = tx
            .prepare(
                "INSERT INTO sentence_embeddings (sentence, model, vector) VALUES ($1, $2, $3) \
                 ON CONFLICT (sentence, model) DO UPDATE SET vector = excluded.vector",
            )
            .map_err(err)?;
        for (key, vector) in vectors {
            tx.execute(&statement, &[key, &model, &vectors::to_bytes(vector)])
                .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    fn coverage_around(&self, story: &str, days: u32) -> Result<PeriodCoverage, StoreError> {
        let err = |e| self.err(e);
        let story = self
            .resolve_story(story)?
            .unwrap_or_else(|| story.to_string());
        let mut client = self.client()?;
        let span = client
            .query_opt(
                "SELECT first_day, last_day FROM stories WHERE id = $1",
                &[&story],
            )
            .map_err(err)?
            .map(|r| (r.get::<_, Option<String>>(0), r.get::<_, Option<String>>(1)));
        let days = i32::try_from(days).unwrap_or(i32::MAX / 2);
        let period = match span {
            Some((Some(first), Some(last))) => {
                match (shift_day(&first, -days), shift_day(&last, days)) {
                    (Some(from), Some(to)) => Some((from, to)),
                    _ => None,
                }
            }
            _ => None,
        };
        let row = |r: &postgres::Row| {
            let lean: Option<String> = r.get(3);
            Article {
                url: r.get(1),
                outlet: r.get(2),
                lean: lean.as_deref().and_then(Lean::parse),
                ..Article::new(r.get::<_, String>(0), "")
            }
        };
        match period {
            Some((from, to)) => {
                // `published` is a day or an RFC 3339 time: compare as text (byte
                // order), the day after `to` excluded.
                let end = shift_day(&to, 1).unwrap_or_else(|| to.clone());
                let others = client
                    .query(
                        "SELECT a.id, a.url, o.name, a.lean FROM articles a \
                         LEFT JOIN outlets o ON o.id = a.outlet_id \
                         WHERE a.published >= $2 AND a.published < $3 \
                         AND NOT EXISTS (SELECT 1 FROM near_duplicates d WHERE d.copy_id = a.id) \
                         AND NOT EXISTS (SELECT 1 FROM story_members m WHERE m.article_id = a.id AND m.story_id = $1) \
                         ORDER BY a.seq",
                        &[&story, &from, &end],
                    )
                    .map_err(err)?
                    .iter()
                    .map(row)
                    .collect();
                Ok(PeriodCoverage {
                    from: Some(from),
                    to: Some(to),
                    others,
                })
            }
            None => {
                let others = client
                    .query(
                        "SELECT a.id, a.url, o.name, a.lean FROM articles a \
                         LEFT JOIN outlets o ON o.id = a.outlet_id \
                         WHERE a.seq > (SELECT coalesce(max(seq), 0) FROM articles) - $2 \
                         AND NOT EXISTS (SELECT 1 FROM near_duplicates d WHERE d.copy_id = a.id) \
                         AND NOT EXISTS (SELECT 1 FROM story_members m WHERE m.article_id = a.id AND m.story_id = $1) \
                         ORDER BY a.seq",
                        &[&story, &(UNDATED_BASE as i64)],
                    )
                    .map_err(err)?
                    .iter()
                    .map(row)
                    .collect();
                Ok(PeriodCoverage {
                    from: None,
                    to: None,
                    others,
                })
            }
        }
    }
}
