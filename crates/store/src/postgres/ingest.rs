//! PostgreSQL's SQL for the shared ingest flow (`crate::ingest`): the batch's reads and
//! writes inside one transaction, and the reads that rebuild the pipeline. Writers take
//! one advisory lock for the length of their transaction, so batches of several
//! processes are applied one after the other, never interleaved. Texts go in through
//! [`pg_text`] (PostgreSQL text cannot hold a NUL character).

use std::borrow::Cow;
use std::collections::HashMap;
use std::time::Duration;

use parallax_model::{Article, Lean};
use postgres::types::ToSql;
use postgres::{Client, Row, Statement, Transaction};

use crate::ingest::{Existing, IngestBackend, IngestTx, NewArticle, RestoreReads};

/// Key of the advisory lock held by a writing transaction (any constant; "PLXWRITE").
const WRITE_LOCK: i64 = 0x504c_5857_5249_5445;

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// A transaction with a cache of prepared statements: ingest runs the same dozen
/// statements for every article, and preparing each once per batch saves a round trip
/// per statement and article.
pub(crate) struct Cached<'t> {
    tx: Transaction<'t>,
    statements: HashMap<&'static str, Statement>,
}

impl<'t> Cached<'t> {
    fn statement(&mut self, sql: &'static str) -> Result<Statement, postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.tx.prepare(sql)?;
        self.statements.insert(sql, statement.clone());
        Ok(statement)
    }

    fn exec(&mut self, sql: &'static str, params: Params<'_>) -> Result<u64, postgres::Error> {
        let statement = self.statement(sql)?;
        self.tx.execute(&statement, params)
    }

    fn opt(
        &mut self,
        sql: &'static str,
        params: Params<'_>,
    ) -> Result<Option<Row>, postgres::Error> {
        let statement = self.statement(sql)?;
        self.tx.query_opt(&statement, params)
    }

    fn rows(&mut self, sql: &'static str, params: Params<'_>) -> Result<Vec<Row>, postgres::Error> {
        let statement = self.statement(sql)?;
        self.tx.query(&statement, params)
    }
}

/// PostgreSQL text cannot hold NUL characters (SQLite can): each becomes U+FFFD, one
/// code point for one, so citation offsets into the text stay right.
pub(crate) fn pg_text(s: &str) -> Cow<'_, str> {
    if s.contains('\0') {
        Cow::Owned(s.replace('\0', "\u{fffd}"))
    } else {
        Cow::Borrowed(s)
    }
}

fn pg_opt(s: &Option<String>) -> Option<Cow<'_, str>> {
    s.as_deref().map(pg_text)
}

/// An article from a row of (id, url, outlet, title, published, text, lean).
pub(crate) fn row_article(r: &Row) -> Article {
    let lean: Option<String> = r.get(6);
    Article {
        id: r.get(0),
        url: r.get(1),
        outlet: r.get(2),
        title: r.get(3),
        published: r.get(4),
        text: r.get(5),
        lean: lean.as_deref().and_then(Lean::parse),
    }
}

/// A connection taking a batch; other writers' batches wait up to `lock_timeout`.
pub(crate) struct PgWriter<'c> {
    pub(crate) client: &'c mut Client,
    pub(crate) lock_timeout: Duration,
}

impl IngestBackend for PgWriter<'_> {
    type Tx<'a>
        = Cached<'a>
    where
        Self: 'a;

    fn stored_text(text: &str) -> Cow<'_, str> {
        pg_text(text)
    }

    fn stored_hashes(&mut self, keys: &[String]) -> Result<Vec<Option<String>>, postgres::Error> {
        let stored: HashMap<String, String> = self
            .client
            .query(
                "SELECT key, content_hash FROM articles WHERE key = ANY($1)",
                &[&keys],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        Ok(keys.iter().map(|k| stored.get(k).cloned()).collect())
    }

    fn begin(&mut self) -> Result<Cached<'_>, postgres::Error> {
        let mut tx = self.client.transaction()?;
        tx.batch_execute(&format!(
            "SET LOCAL lock_timeout = {}",
            self.lock_timeout.as_millis().max(1)
        ))?;
        let mut c = Cached {
            tx,
            statements: HashMap::new(),
        };
        c.exec("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
        Ok(c)
    }
}

impl IngestTx for Cached<'_> {
    type Error = postgres::Error;

    fn existing(&mut self, key: &str) -> Result<Option<Existing>, postgres::Error> {
        Ok(self
            .opt(
                "SELECT id, content_hash, revision FROM articles WHERE key = $1",
                &[&key],
            )?
            .map(|row| Existing {
                id: row.get(0),
                content_hash: row.get(1),
                revision: i64::from(row.get::<_, i32>(2)),
            }))
    }

    fn id_taken(&mut self, id: &str) -> Result<bool, postgres::Error> {
        Ok(self
            .opt("SELECT 1 FROM articles WHERE id = $1", &[&id])?
            .is_some())
    }

    fn member_story(&mut self, article: &str) -> Result<Option<String>, postgres::Error> {
        Ok(self
            .opt(
                "SELECT story_id FROM story_members WHERE article_id = $1",
                &[&article],
            )?
            .map(|r| r.get(0)))
    }

    fn revise(
        &mut self,
        id: &str,
        article: &Article,
        content_hash: &str,
        revision: i64,
    ) -> Result<(), postgres::Error> {
        // The column is an INTEGER: no article reaches two thousand million revisions.
        let revision = i32::try_from(revision).unwrap_or(i32::MAX);
        self.exec(
            "INSERT INTO article_revisions (article_id, revision, title, text, content_hash) \
             SELECT id, revision, title, text, content_hash FROM articles WHERE id = $1",
            &[&id],
        )?;
        self.exec(
            "UPDATE articles SET title = $2, text = $3, content_hash = $4, revision = $5, \
             published = coalesce($6, published) WHERE id = $1",
            &[
                &id,
                &pg_opt(&article.title),
                &pg_text(&article.text),
                &content_hash,
                &revision,
                &pg_opt(&article.published),
            ],
        )?;
        Ok(())
    }

    fn outlet(&mut self, name: &str, lean: Option<Lean>) -> Result<Option<i64>, postgres::Error> {
        let name = pg_text(name);
        self.exec(
            "INSERT INTO outlets (name, lean) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            &[&name, &lean.map(Lean::as_str)],
        )?;
        Ok(self
            .opt("SELECT id FROM outlets WHERE name = $1", &[&name])?
            .map(|r| r.get(0)))
    }

    fn insert_article(&mut self, new: &NewArticle<'_>) -> Result<i64, postgres::Error> {
        let article = new.article;
        Ok(self
            .rows(
                "INSERT INTO articles (id, key, url, outlet_id, title, published, lean, text, content_hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq",
                &[
                    &new.id,
                    &new.key,
                    &pg_opt(&article.url),
                    &new.outlet,
                    &pg_opt(&article.title),
                    &pg_opt(&article.published),
                    &article.lean.map(Lean::as_str),
                    &pg_text(&article.text),
                    &new.content_hash,
                ],
            )?
            .first()
            .map_or(0, |r| r.get(0)))
    }

    fn insert_signature(&mut self, article: &str, minhash: &[u8]) -> Result<(), postgres::Error> {
        self.exec(
            "INSERT INTO signatures (article_id, minhash) VALUES ($1, $2)",
            &[&article, &minhash],
        )?;
        Ok(())
    }

    fn save_vector(
        &mut self,
        article: &str,
        model: &str,
        vector: &[u8],
    ) -> Result<(), postgres::Error> {
        self.exec(
            "INSERT INTO article_embeddings (article_id, model, vector) VALUES ($1, $2, $3) \
             ON CONFLICT (article_id) DO UPDATE SET model = excluded.model, vector = excluded.vector",
            &[&article, &model, &vector],
        )?;
        Ok(())
    }

    fn link_reprint(
        &mut self,
        copy: &str,
        original: &str,
        containment: f64,
    ) -> Result<(), postgres::Error> {
        self.exec(
            "INSERT INTO near_duplicates (copy_id, original_id, containment) VALUES ($1, $2, $3)",
            &[&copy, &original, &containment],
        )?;
        Ok(())
    }

    fn grow_story(
        &mut self,
        story: &str,
        seq: i64,
        day: Option<&str>,
    ) -> Result<(), postgres::Error> {
        self.exec(
            "INSERT INTO stories (id, first_seq, updated_seq, first_day, last_day) \
             VALUES ($1, $2, $2, $3, $3) ON CONFLICT (id) DO UPDATE SET \
             updated_seq = $2, \
             first_day = CASE WHEN stories.first_day IS NULL OR $3 < stories.first_day \
                         THEN coalesce($3, stories.first_day) ELSE stories.first_day END, \
             last_day = CASE WHEN stories.last_day IS NULL OR $3 > stories.last_day \
                        THEN coalesce($3, stories.last_day) ELSE stories.last_day END",
            &[&story, &seq, &day],
        )?;
        Ok(())
    }

    fn add_member(&mut self, article: &str, story: &str) -> Result<(), postgres::Error> {
        self.exec(
            "INSERT INTO story_members (article_id, story_id) VALUES ($1, $2)",
            &[&article, &story],
        )?;
        Ok(())
    }

    fn merge_story(&mut self, from: &str, into: &str) -> Result<(), postgres::Error> {
        self.exec(
            "UPDATE story_members SET story_id = $2 WHERE story_id = $1",
            &[&from, &into],
        )?;
        self.exec(
            "UPDATE stories SET merged_into = $2 WHERE id = $1",
            &[&from, &into],
        )?;
        Ok(())
    }

    fn member_published(&mut self, story: &str) -> Result<Vec<String>, postgres::Error> {
        Ok(self
            .rows(
                "SELECT a.published FROM story_members m JOIN articles a ON a.id = m.article_id \
                 WHERE m.story_id = $1 AND a.published IS NOT NULL",
                &[&story],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn set_merged_span(
        &mut self,
        story: &str,
        first_day: Option<&str>,
        last_day: Option<&str>,
        merged: &str,
    ) -> Result<(), postgres::Error> {
        self.exec(
            "UPDATE stories SET first_day = $2, last_day = $3, \
             updated_seq = greatest(updated_seq, (SELECT updated_seq FROM stories WHERE id = $4)) \
             WHERE id = $1",
            &[&story, &first_day, &last_day, &merged],
        )?;
        Ok(())
    }

    fn invalidate(&mut self, story: &str) -> Result<(), postgres::Error> {
        self.exec(
            "UPDATE stories SET version = version + 1 WHERE id = $1",
            &[&story],
        )?;
        self.exec("DELETE FROM briefings WHERE story_id = $1", &[&story])?;
        Ok(())
    }

    fn commit(self) -> Result<(), postgres::Error> {
        self.tx.commit()
    }
}

impl RestoreReads for PgWriter<'_> {
    type Error = postgres::Error;

    fn recent_articles(&mut self, limit: usize) -> Result<Vec<Article>, postgres::Error> {
        Ok(self
            .client
            .query(
                "SELECT a.id, a.url, o.name, a.title, a.published, a.text, a.lean FROM articles a \
                 LEFT JOIN outlets o ON o.id = a.outlet_id ORDER BY a.seq DESC LIMIT $1",
                &[&(limit as i64)],
            )?
            .iter()
            .map(row_article)
            .collect())
    }

    fn open_stories(&mut self, limit: usize) -> Result<Vec<String>, postgres::Error> {
        Ok(self
            .client
            .query(
                "SELECT id FROM stories WHERE merged_into IS NULL ORDER BY updated_seq DESC LIMIT $1",
                &[&(limit as i64)],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn recent_members(
        &mut self,
        story: &str,
        limit: usize,
    ) -> Result<Vec<Article>, postgres::Error> {
        Ok(self
            .client
            .query(
                "SELECT a.id, a.url, o.name, a.title, a.published, a.text, a.lean FROM story_members m \
                 JOIN articles a ON a.id = m.article_id LEFT JOIN outlets o ON o.id = a.outlet_id \
                 WHERE m.story_id = $1 ORDER BY a.seq DESC LIMIT $2",
                &[&story, &(limit as i64)],
            )?
            .iter()
            .map(row_article)
            .collect())
    }

    fn vectors(
        &mut self,
        articles: &[&str],
        model: &str,
    ) -> Result<HashMap<String, Vec<u8>>, postgres::Error> {
        Ok(self
            .client
            .query(
                "SELECT article_id, vector FROM article_embeddings \
                 WHERE article_id = ANY($1) AND model = $2",
                &[&articles, &model],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    fn recent_signatures(
        &mut self,
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, postgres::Error> {
        Ok(self
            .client
            .query(
                "SELECT s.article_id, s.minhash FROM signatures s \
                 JOIN articles a ON a.id = s.article_id ORDER BY a.seq DESC LIMIT $1",
                &[&(limit as i64)],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }
}
