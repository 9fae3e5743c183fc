//! SQLite's SQL for the shared ingest flow (`crate::ingest`): the batch's reads and
//! writes inside one `BEGIN IMMEDIATE` transaction (the write lock is taken at once, so
//! two processes never interleave batches), and the reads that rebuild the pipeline.
//! Every statement goes through the connection's cache of prepared statements: ingest
//! runs the same dozen statements for every article.

use std::collections::HashMap;

use parallax_model::{Article, Lean};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::{exec, member_story, one, row_article};
use crate::ingest::{Existing, IngestBackend, IngestTx, NewArticle, RestoreReads};

/// A connection taking a batch.
pub(super) struct SqliteWriter<'c> {
    pub(super) conn: &'c mut Connection,
}

/// The write transaction of one batch.
pub(super) struct SqliteTx<'c> {
    tx: Transaction<'c>,
}

impl IngestBackend for SqliteWriter<'_> {
    type Tx<'a>
        = SqliteTx<'a>
    where
        Self: 'a;

    fn stored_hashes(&mut self, keys: &[String]) -> rusqlite::Result<Vec<Option<String>>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT content_hash FROM articles WHERE key = ?1")?;
        keys.iter()
            .map(|key| statement.query_row([key], |r| r.get(0)).optional())
            .collect()
    }

    fn begin(&mut self) -> rusqlite::Result<SqliteTx<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(SqliteTx { tx })
    }
}

impl IngestTx for SqliteTx<'_> {
    type Error = rusqlite::Error;

    fn existing(&mut self, key: &str) -> rusqlite::Result<Option<Existing>> {
        one(
            &self.tx,
            "SELECT id, content_hash, revision FROM articles WHERE key = ?1",
            [key],
            |r| {
                Ok(Existing {
                    id: r.get(0)?,
                    content_hash: r.get(1)?,
                    revision: r.get(2)?,
                })
            },
        )
        .optional()
    }

    fn id_taken(&mut self, id: &str) -> rusqlite::Result<bool> {
        one(
            &self.tx,
            "SELECT 1 FROM articles WHERE id = ?1",
            [id],
            |_| Ok(()),
        )
        .optional()
        .map(|x| x.is_some())
    }

    fn member_story(&mut self, article: &str) -> rusqlite::Result<Option<String>> {
        member_story(&self.tx, article)
    }

    fn revise(
        &mut self,
        id: &str,
        article: &Article,
        content_hash: &str,
        revision: i64,
    ) -> rusqlite::Result<()> {
        exec(
            &self.tx,
            "INSERT INTO article_revisions (article_id, revision, title, text, content_hash) \
             SELECT id, revision, title, text, content_hash FROM articles WHERE id = ?1",
            [id],
        )?;
        exec(
            &self.tx,
            "UPDATE articles SET title = ?2, text = ?3, content_hash = ?4, revision = ?5, \
             published = coalesce(?6, published) WHERE id = ?1",
            params![
                id,
                article.title,
                article.text,
                content_hash,
                revision,
                article.published
            ],
        )?;
        Ok(())
    }

    fn outlet(&mut self, name: &str, lean: Option<Lean>) -> rusqlite::Result<Option<i64>> {
        exec(
            &self.tx,
            "INSERT INTO outlets (name, lean) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING",
            params![name, lean.map(Lean::as_str)],
        )?;
        one(
            &self.tx,
            "SELECT id FROM outlets WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .map(Some)
    }

    fn insert_article(&mut self, new: &NewArticle<'_>) -> rusqlite::Result<i64> {
        let article = new.article;
        exec(
            &self.tx,
            "INSERT INTO articles (id, key, url, outlet_id, title, published, lean, text, content_hash) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                new.id,
                new.key,
                article.url,
                new.outlet,
                article.title,
                article.published,
                article.lean.map(Lean::as_str),
                article.text,
                new.content_hash
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    fn insert_signature(&mut self, article: &str, minhash: &[u8]) -> rusqlite::Result<()> {
        exec(
            &self.tx,
            "INSERT INTO signatures (article_id, minhash) VALUES (?1, ?2)",
            params![article, minhash],
        )?;
        Ok(())
    }

    fn save_vector(&mut self, article: &str, model: &str, vector: &[u8]) -> rusqlite::Result<()> {
        exec(
            &self.tx,
            "INSERT OR REPLACE INTO article_embeddings (article_id, model, vector) VALUES (?1, ?2, ?3)",
            params![article, model, vector],
        )?;
        Ok(())
    }

    fn link_reprint(
        &mut self,
        copy: &str,
        original: &str,
        containment: f64,
    ) -> rusqlite::Result<()> {
        exec(
            &self.tx,
            "INSERT INTO near_duplicates (copy_id, original_id, containment) VALUES (?1, ?2, ?3)",
            params![copy, original, containment],
        )?;
        Ok(())
    }

    fn grow_story(&mut self, story: &str, seq: i64, day: Option<&str>) -> rusqlite::Result<()> {
        exec(
            &self.tx,
            "INSERT INTO stories (id, first_seq, updated_seq, first_day, last_day) \
             VALUES (?1, ?2, ?2, ?3, ?3) ON CONFLICT(id) DO UPDATE SET \
             updated_seq = ?2, \
             first_day = CASE WHEN first_day IS NULL OR ?3 < first_day THEN coalesce(?3, first_day) ELSE first_day END, \
             last_day = CASE WHEN last_day IS NULL OR ?3 > last_day THEN coalesce(?3, last_day) ELSE last_day END",
            params![story, seq, day],
        )?;
        Ok(())
    }

    fn add_member(&mut self, article: &str, story: &str) -> rusqlite::Result<()> {
        exec(
            &self.tx,
            "INSERT INTO story_members (article_id, story_id) VALUES (?1, ?2)",
            params![article, story],
        )?;
        Ok(())
    }

    fn merge_story(&mut self, from: &str, into: &str) -> rusqlite::Result<()> {
        exec(
            &self.tx,
            "UPDATE story_members SET story_id = ?2 WHERE story_id = ?1",
            params![from, into],
        )?;
        exec(
            &self.tx,
            "UPDATE stories SET merged_into = ?2 WHERE id = ?1",
            params![from, into],
        )?;
        Ok(())
    }

    fn member_published(&mut self, story: &str) -> rusqlite::Result<Vec<String>> {
        let mut statement = self.tx.prepare_cached(
            "SELECT a.published FROM story_members m JOIN articles a ON a.id = m.article_id \
             WHERE m.story_id = ?1 AND a.published IS NOT NULL",
        )?;
        let rows = statement.query_map([story], |r| r.get(0))?;
        rows.collect()
    }

    fn set_merged_span(
        &mut self,
        story: &str,
        first_day: Option<&str>,
        last_day: Option<&str>,
        merged: &str,
    ) -> rusqlite::Result<()> {
        exec(
            &self.tx,
            "UPDATE stories SET first_day = ?2, last_day = ?3, \
             updated_seq = max(updated_seq, (SELECT updated_seq FROM stories WHERE id = ?4)) \
             WHERE id = ?1",
            params![story, first_day, last_day, merged],
        )?;
        Ok(())
    }

    fn invalidate(&mut self, story: &str) -> rusqlite::Result<()> {
        exec(
            &self.tx,
            "UPDATE stories SET version = version + 1 WHERE id = ?1",
            [story],
        )?;
        exec(
            &self.tx,
            "DELETE FROM briefings WHERE story_id = ?1",
            [story],
        )?;
        Ok(())
    }

    fn commit(self) -> rusqlite::Result<()> {
        self.tx.commit()
    }
}

impl RestoreReads for SqliteWriter<'_> {
    type Error = rusqlite::Error;

    fn recent_articles(&mut self, limit: usize) -> rusqlite::Result<Vec<Article>> {
        let mut statement = self.conn.prepare(
            "SELECT a.id, a.url, o.name, a.title, a.published, a.text, a.lean FROM articles a \
             LEFT JOIN outlets o ON o.id = a.outlet_id ORDER BY a.seq DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([limit as i64], row_article)?;
        rows.collect()
    }

    fn open_stories(&mut self, limit: usize) -> rusqlite::Result<Vec<String>> {
        let mut statement = self.conn.prepare(
            "SELECT id FROM stories WHERE merged_into IS NULL \
             ORDER BY updated_seq DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([limit as i64], |r| r.get(0))?;
        rows.collect()
    }

    fn recent_members(&mut self, story: &str, limit: usize) -> rusqlite::Result<Vec<Article>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.id, a.url, o.name, a.title, a.published, a.text, a.lean FROM story_members m \
             JOIN articles a ON a.id = m.article_id LEFT JOIN outlets o ON o.id = a.outlet_id \
             WHERE m.story_id = ?1 ORDER BY a.seq DESC LIMIT ?2",
        )?;
        let rows = statement.query_map(params![story, limit as i64], row_article)?;
        rows.collect()
    }

    fn vectors(
        &mut self,
        articles: &[&str],
        model: &str,
    ) -> rusqlite::Result<HashMap<String, Vec<u8>>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT vector FROM article_embeddings WHERE article_id = ?1 AND model = ?2",
        )?;
        let mut out = HashMap::new();
        for &id in articles {
            let stored: Option<Vec<u8>> = statement
                .query_row(params![id, model], |r| r.get(0))
                .optional()?;
            if let Some(bytes) = stored {
                out.insert(id.to_string(), bytes);
            }
        }
        Ok(out)
    }

    fn recent_signatures(&mut self, limit: usize) -> rusqlite::Result<Vec<(String, Vec<u8>)>> {
        let mut statement = self.conn.prepare(
            "SELECT s.article_id, s.minhash FROM signatures s \
             JOIN articles a ON a.id = s.article_id ORDER BY a.seq DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect()
    }
}
