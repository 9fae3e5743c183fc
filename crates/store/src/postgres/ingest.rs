//! Ingest into PostgreSQL: the same steps as the SQLite store (identity, revisions,
//! reprints, story assignment, merges, briefing invalidation), one transaction per
//! batch. Writers take one advisory lock for the length of their transaction, so
//! batches of several processes are applied one after the other, never interleaved.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use parallax_model::{Article, Lean};
use parallax_stories::minhash::{NearDuplicates, Signature};
use parallax_stories::{EngineOptions, Features, Merge, StoryEngine};
use postgres::types::ToSql;
use postgres::{Client, Row, Statement, Transaction};

use crate::keys::{article_key, content_hash};
use crate::pipeline::{
    day_of, published_day, Pipeline, DEDUP_WINDOW, MIN_CONTAINMENT, RESTORE_MEMBERS,
    RESTORE_STATISTICS, SHINGLE_WORDS,
};
use crate::vectors::{self, Embedding};
use crate::{Ingested, Status};

/// Key of the advisory lock held by a writing transaction (any constant; "PLXWRITE").
const WRITE_LOCK: i64 = 0x504c_5857_5249_5445;

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// A transaction with a cache of prepared statements: ingest runs the same dozen
/// statements for every article, and preparing each once per batch saves a round trip
/// per statement and article.
struct Cached<'t> {
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

/// Rebuild the pipeline's in-memory state from the database: term statistics from
/// recent articles, the open-story window from recently grown stories, and the
/// signature window from recent articles (as the SQLite store does).
pub(crate) fn restore(
    client: &mut Client,
    options: EngineOptions,
    embedding: Option<&Embedding>,
) -> Result<Pipeline, postgres::Error> {
    let mut options = options;
    let maintain_every = options.maintain_every;
    options.maintain_every = 0;
    let mut engine = StoryEngine::new(options);
    let recent = client.query(
        "SELECT a.id, a.url, o.name, a.title, a.published, a.text, a.lean FROM articles a \
         LEFT JOIN outlets o ON o.id = a.outlet_id ORDER BY a.seq DESC LIMIT $1",
        &[&(RESTORE_STATISTICS as i64)],
    )?;
    for row in &recent {
        engine.observe(&Features::of(&row_article(row)));
    }
    let open: Vec<String> = client
        .query(
            "SELECT id FROM stories WHERE merged_into IS NULL ORDER BY updated_seq DESC LIMIT $1",
            &[&(options.max_open as i64)],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let members = client.prepare(
        "SELECT a.id, a.url, o.name, a.title, a.published, a.text, a.lean FROM story_members m \
         JOIN articles a ON a.id = m.article_id LEFT JOIN outlets o ON o.id = a.outlet_id \
         WHERE m.story_id = $1 ORDER BY a.seq DESC LIMIT $2",
    )?;
    let vectors_of_story = client.prepare(
        "SELECT e.article_id, e.vector FROM article_embeddings e \
         JOIN story_members m ON m.article_id = e.article_id WHERE m.story_id = $1 AND e.model = $2",
    )?;
    // Oldest stories first so the window's recency order is the stored one.
    for story in open.iter().rev() {
        let mut articles: Vec<Article> = client
            .query(&members, &[story, &(RESTORE_MEMBERS as i64)])?
            .iter()
            .map(row_article)
            .collect();
        articles.reverse();
        let stored: HashMap<String, Vec<f32>> = match embedding {
            Some(embedding) => client
                .query(&vectors_of_story, &[story, &embedding.model])?
                .iter()
                .filter_map(|r| {
                    let bytes: Vec<u8> = r.get(1);
                    vectors::from_bytes(&bytes).map(|v| (r.get(0), v))
                })
                .collect(),
            None => HashMap::new(),
        };
        for article in &articles {
            let mut features = Features::of(article);
            if embedding.is_some() {
                features.embedding = stored.get(&article.id).cloned().unwrap_or_default();
            }
            engine.place(story, &features, false);
        }
    }
    engine.maintain();
    engine.options_mut().maintain_every = maintain_every;
    let mut duplicates = NearDuplicates::new(DEDUP_WINDOW, MIN_CONTAINMENT);
    let mut signatures = client.query(
        "SELECT s.article_id, s.minhash FROM signatures s \
         JOIN articles a ON a.id = s.article_id ORDER BY a.seq DESC LIMIT $1",
        &[&(DEDUP_WINDOW as i64)],
    )?;
    signatures.reverse();
    for row in signatures {
        let id: String = row.get(0);
        let bytes: Vec<u8> = row.get(1);
        if let Some(signature) = Signature::from_bytes(&bytes) {
            duplicates.insert(&id, signature);
        }
    }
    Ok(Pipeline { engine, duplicates })
}

/// The vectors of a batch's new or changed articles, embedded in one call before the
/// transaction opens (as the SQLite store does: faster, and no lock is held meanwhile).
fn embed_ahead(
    client: &mut Client,
    embedding: Option<&Embedding>,
    articles: &[Article],
) -> Result<Vec<Option<Vec<f32>>>, postgres::Error> {
    let Some(embedding) = embedding else {
        return Ok(vec![None; articles.len()]);
    };
    let keys: Vec<String> = articles
        .iter()
        .map(|a| pg_text(&article_key(a)).into_owned())
        .collect();
    let stored: HashMap<String, String> = client
        .query(
            "SELECT key, content_hash FROM articles WHERE key = ANY($1)",
            &[&keys],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let wanted: Vec<usize> = (0..articles.len())
        .filter(|&i| stored.get(&keys[i]) != Some(&content_hash(&articles[i])))
        .collect();
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

/// Store one batch in one transaction; see [`crate::Store::ingest`].
pub(crate) fn ingest_batch(
    client: &mut Client,
    embedding: Option<&Embedding>,
    lock_timeout: Duration,
    pipeline: &mut Pipeline,
    articles: &[Article],
) -> Result<Vec<Ingested>, postgres::Error> {
    let mut ahead = embed_ahead(client, embedding, articles)?;
    let mut tx = client.transaction()?;
    tx.batch_execute(&format!(
        "SET LOCAL lock_timeout = {}",
        lock_timeout.as_millis().max(1)
    ))?;
    let mut c = Cached {
        tx,
        statements: HashMap::new(),
    };
    c.exec("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
    let mut out = Vec::with_capacity(articles.len());
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for (article, vector) in articles.iter().zip(ahead.iter_mut()) {
        let key = pg_text(&article_key(article)).into_owned();
        let hash = content_hash(article);
        let title = pg_opt(&article.title);
        let text = pg_text(&article.text);
        let published = pg_opt(&article.published);
        let existing = c.opt(
            "SELECT id, content_hash, revision FROM articles WHERE key = $1",
            &[&key],
        )?;
        if let Some(row) = existing {
            let (id, old_hash, revision): (String, String, i32) =
                (row.get(0), row.get(1), row.get(2));
            let story = member_story(&mut c, &id)?.unwrap_or_default();
            if old_hash == hash {
                out.push(Ingested {
                    id,
                    status: Status::Duplicate,
                    story,
                    original: None,
                });
                continue;
            }
            c.exec(
                "INSERT INTO article_revisions (article_id, revision, title, text, content_hash) \
                 SELECT id, revision, title, text, content_hash FROM articles WHERE id = $1",
                &[&id],
            )?;
            c.exec(
                "UPDATE articles SET title = $2, text = $3, content_hash = $4, revision = $5, \
                 published = coalesce($6, published) WHERE id = $1",
                &[&id, &title, &text, &hash, &(revision + 1), &published],
            )?;
            store_embeddings(&mut c, embedding, &id, article, vector.take())?;
            touched.insert(story.clone());
            out.push(Ingested {
                id,
                status: Status::Revision,
                story,
                original: None,
            });
            continue;
        }
        let id = unique_id(&mut c, &pg_text(&article.id), &hash)?;
        let outlet: Option<i64> = match article.outlet.as_deref().filter(|o| !o.trim().is_empty()) {
            Some(name) => {
                let name = pg_text(name);
                c.exec(
                    "INSERT INTO outlets (name, lean) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                    &[&name, &article.lean.map(Lean::as_str)],
                )?;
                c.opt("SELECT id FROM outlets WHERE name = $1", &[&name])?
                    .map(|r| r.get(0))
            }
            None => None,
        };
        let seq: i64 = c
            .rows(
                "INSERT INTO articles (id, key, url, outlet_id, title, published, lean, text, content_hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq",
                &[
                    &id,
                    &key,
                    &pg_opt(&article.url),
                    &outlet,
                    &title,
                    &published,
                    &article.lean.map(Lean::as_str),
                    &text,
                    &hash,
                ],
            )?
            .first()
            .map_or(0, |r| r.get(0));
        let signature = Signature::of_text(&article.text, SHINGLE_WORDS);
        c.exec(
            "INSERT INTO signatures (article_id, minhash) VALUES ($1, $2)",
            &[&id, &signature.to_bytes()],
        )?;
        let vector = store_embeddings(&mut c, embedding, &id, article, vector.take())?;
        let features = Features::of(article).with_embedding(vector);
        let original = pipeline
            .duplicates
            .find(&signature)
            .map(|(o, c)| (o.to_string(), c));
        let original_story = match &original {
            Some((o, _)) => member_story(&mut c, o)?,
            None => None,
        };
        let (story, status, original) = match (original, original_story) {
            (Some((original, containment)), Some(story)) => {
                c.exec(
                    "INSERT INTO near_duplicates (copy_id, original_id, containment) VALUES ($1, $2, $3)",
                    &[&id, &original, &containment],
                )?;
                pipeline.engine.place(&story, &features, true);
                (story, Status::Reprint, Some(original))
            }
            _ => {
                let assignment = pipeline.engine.add(&id, &features, true);
                (assignment.story, Status::New, None)
            }
        };
        c.exec(
            "INSERT INTO stories (id, first_seq, updated_seq, first_day, last_day) \
             VALUES ($1, $2, $2, $3, $3) ON CONFLICT (id) DO UPDATE SET \
             updated_seq = $2, \
             first_day = CASE WHEN stories.first_day IS NULL OR $3 < stories.first_day \
                         THEN coalesce($3, stories.first_day) ELSE stories.first_day END, \
             last_day = CASE WHEN stories.last_day IS NULL OR $3 > stories.last_day \
                        THEN coalesce($3, stories.last_day) ELSE stories.last_day END",
            &[&story, &seq, &published_day(article)],
        )?;
        c.exec(
            "INSERT INTO story_members (article_id, story_id) VALUES ($1, $2)",
            &[&id, &story],
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
        apply_merges(&mut c, merges, &mut out, &mut touched)?;
    }
    // A merge pass at the end of every batch (it only looks at stories that grew).
    let merges = pipeline.engine.maintain();
    apply_merges(&mut c, merges, &mut out, &mut touched)?;
    for story in &touched {
        c.exec(
            "UPDATE stories SET version = version + 1 WHERE id = $1",
            &[story],
        )?;
        c.exec("DELETE FROM briefings WHERE story_id = $1", &[story])?;
    }
    c.tx.commit()?;
    Ok(out)
}

/// Apply the engine's merges to the database (and to the results so far).
fn apply_merges(
    c: &mut Cached<'_>,
    merges: Vec<Merge>,
    out: &mut [Ingested],
    touched: &mut BTreeSet<String>,
) -> Result<(), postgres::Error> {
    for merge in merges {
        c.exec(
            "UPDATE story_members SET story_id = $2 WHERE story_id = $1",
            &[&merge.from, &merge.into],
        )?;
        c.exec(
            "UPDATE stories SET merged_into = $2 WHERE id = $1",
            &[&merge.from, &merge.into],
        )?;
        // The merged story's days, read as ingest reads them.
        let days: Vec<String> = c
            .rows(
                "SELECT a.published FROM story_members m JOIN articles a ON a.id = m.article_id \
                 WHERE m.story_id = $1 AND a.published IS NOT NULL",
                &[&merge.into],
            )?
            .iter()
            .filter_map(|r| day_of(r.get::<_, &str>(0)).map(str::to_string))
            .collect();
        c.exec(
            "UPDATE stories SET first_day = $2, last_day = $3, \
             updated_seq = greatest(updated_seq, (SELECT updated_seq FROM stories WHERE id = $4)) \
             WHERE id = $1",
            &[
                &merge.into,
                &days.iter().min(),
                &days.iter().max(),
                &merge.from,
            ],
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

/// Keep the vector of an article's title and lead by the store's model (see the SQLite
/// store's `store_embeddings`); returns it for the story engine.
fn store_embeddings(
    c: &mut Cached<'_>,
    embedding: Option<&Embedding>,
    id: &str,
    article: &Article,
    ahead: Option<Vec<f32>>,
) -> Result<Vec<f32>, postgres::Error> {
    let Some(embedding) = embedding else {
        return Ok(Vec::new());
    };
    let vector = embedding.title_vector(article, ahead);
    c.exec(
        "INSERT INTO article_embeddings (article_id, model, vector) VALUES ($1, $2, $3) \
         ON CONFLICT (article_id) DO UPDATE SET model = excluded.model, vector = excluded.vector",
        &[&id, &embedding.model, &vectors::to_bytes(&vector)],
    )?;
    Ok(vector)
}

fn member_story(c: &mut Cached<'_>, article: &str) -> Result<Option<String>, postgres::Error> {
    Ok(c.opt(
        "SELECT story_id FROM story_members WHERE article_id = $1",
        &[&article],
    )?
    .map(|r| r.get(0)))
}

/// `id`, or `id~HASH` when another article already has `id`.
fn unique_id(c: &mut Cached<'_>, id: &str, hash: &str) -> Result<String, postgres::Error> {
    let mut taken = |candidate: &str| -> Result<bool, postgres::Error> {
        Ok(
            c.opt("SELECT 1 FROM articles WHERE id = $1", &[&candidate])?
                .is_some(),
        )
    };
    if !id.is_empty() && !taken(id)? {
        return Ok(id.to_string());
    }
    let base = if id.is_empty() { "a" } else { id };
    let short = &hash[..hash.len().min(8)];
    let mut candidate = format!("{base}~{short}");
    let mut n = 2;
    while taken(&candidate)? {
        candidate = format!("{base}~{short}-{n}");
        n += 1;
    }
    Ok(candidate)
}
