//! The ingest flow, written once for both backends: what an article is (new, a
//! duplicate, a revision or a reprint), which story it joins, how the story engine's
//! merges reach the database, which cached briefings go stale, and which vectors are
//! kept. A backend supplies only its SQL, through [`IngestBackend`] (what is read before
//! the transaction, and how the transaction begins) and [`IngestTx`] (the reads and
//! writes inside it). Everything a batch writes goes through one [`IngestTx`], which the
//! flow commits only after the last article: a failure anywhere leaves nothing of the
//! batch behind.
//!
//! [`restore`] rebuilds the in-memory pipeline from a store after a restart, the same
//! way for both backends, and [`IngestState`] is what a store handle keeps between
//! batches.

mod handle;
mod restore;

use std::borrow::Cow;
use std::collections::BTreeSet;

use parallax_model::{Article, Lean};
use parallax_stories::minhash::Signature;
use parallax_stories::{Features, Merge};

use crate::keys::{article_key, content_hash};
use crate::pipeline::{day_of, published_day, Pipeline, SHINGLE_WORDS};
use crate::vectors::{self, Embedding};
use crate::{Ingested, Status};

pub(crate) use handle::IngestState;
pub(crate) use restore::{restore, RestoreReads};

/// An article already stored under the same identity key.
pub(crate) struct Existing {
    /// Its stored id.
    pub(crate) id: String,
    /// Hash of its stored title and text.
    pub(crate) content_hash: String,
    /// Its current revision number, from 1.
    pub(crate) revision: i64,
}

/// A new article as it is written, with what the flow decided about it.
pub(crate) struct NewArticle<'a> {
    /// The id it is stored under (unique in the store).
    pub(crate) id: &'a str,
    /// Its identity key ([`article_key`]).
    pub(crate) key: &'a str,
    /// The stored outlet's row id, when the article names one.
    pub(crate) outlet: Option<i64>,
    /// Hash of its title and text ([`content_hash`]).
    pub(crate) content_hash: &'a str,
    /// The article.
    pub(crate) article: &'a Article,
}

/// A database that can take a batch: the reads that rebuild the pipeline, those done
/// before the write transaction opens (so that no lock is held while the embedding model
/// runs), and the transaction.
pub(crate) trait IngestBackend: RestoreReads {
    /// The write transaction of one batch.
    type Tx<'a>: IngestTx<Error = Self::Error>
    where
        Self: 'a;

    /// A text as the database keeps it (PostgreSQL text cannot hold a NUL character):
    /// applied to identity keys and ids before they are looked up or stored.
    fn stored_text(text: &str) -> Cow<'_, str> {
        Cow::Borrowed(text)
    }

    /// The stored content hash of each key (in the order of `keys`; `None` when no
    /// article has that key).
    fn stored_hashes(&mut self, keys: &[String]) -> Result<Vec<Option<String>>, Self::Error>;

    /// Open the write transaction, waiting for other writers as the backend does.
    fn begin(&mut self) -> Result<Self::Tx<'_>, Self::Error>;
}

/// The reads and writes of one batch, all inside one transaction. The flow calls them in
/// a fixed order; each does one thing to the database and decides nothing.
pub(crate) trait IngestTx {
    /// The driver's error.
    type Error;

    /// The article stored under identity key `key`.
    fn existing(&mut self, key: &str) -> Result<Option<Existing>, Self::Error>;

    /// Whether an article is stored under `id`.
    fn id_taken(&mut self, id: &str) -> Result<bool, Self::Error>;

    /// The story an article belongs to.
    fn member_story(&mut self, article: &str) -> Result<Option<String>, Self::Error>;

    /// Keep the stored text of article `id` as a past revision, then replace it with
    /// `article`'s title and text (and its publication time, when it gives one) as
    /// revision number `revision`.
    fn revise(
        &mut self,
        id: &str,
        article: &Article,
        content_hash: &str,
        revision: i64,
    ) -> Result<(), Self::Error>;

    /// The row id of the outlet called `name`, stored (with `lean`) when it is new.
    fn outlet(&mut self, name: &str, lean: Option<Lean>) -> Result<Option<i64>, Self::Error>;

    /// Store a new article; returns its arrival sequence number.
    fn insert_article(&mut self, new: &NewArticle<'_>) -> Result<i64, Self::Error>;

    /// Store an article's MinHash signature.
    fn insert_signature(&mut self, article: &str, minhash: &[u8]) -> Result<(), Self::Error>;

    /// Keep an article's title vector by `model`, replacing the one it had.
    fn save_vector(&mut self, article: &str, model: &str, vector: &[u8])
        -> Result<(), Self::Error>;

    /// Record that `copy` reprints `original`.
    fn link_reprint(
        &mut self,
        copy: &str,
        original: &str,
        containment: f64,
    ) -> Result<(), Self::Error>;

    /// Open story `story` at arrival `seq`, or grow it: it was updated at `seq`, and its
    /// first and last days widen to take in `day`.
    fn grow_story(&mut self, story: &str, seq: i64, day: Option<&str>) -> Result<(), Self::Error>;

    /// Make an article a member of a story.
    fn add_member(&mut self, article: &str, story: &str) -> Result<(), Self::Error>;

    /// Move every member of story `from` into `into` and mark `from` merged into it.
    fn merge_story(&mut self, from: &str, into: &str) -> Result<(), Self::Error>;

    /// The publication times its members give, of each member of `story` that has one.
    fn member_published(&mut self, story: &str) -> Result<Vec<String>, Self::Error>;

    /// Set the days of `story` after a merge, and its update sequence to the later of
    /// its own and that of the story `merged` into it.
    fn set_merged_span(
        &mut self,
        story: &str,
        first_day: Option<&str>,
        last_day: Option<&str>,
        merged: &str,
    ) -> Result<(), Self::Error>;

    /// A story changed: bump its version and drop its cached briefing.
    fn invalidate(&mut self, story: &str) -> Result<(), Self::Error>;

    /// Commit the batch.
    fn commit(self) -> Result<(), Self::Error>;
}

/// Store one batch in one transaction; see [`crate::Store::ingest`]. On an error the
/// transaction is dropped uncommitted (rolled back) and `pipeline` may hold articles
/// that were not stored: the caller must not use it again.
pub(crate) fn ingest_batch<B: IngestBackend>(
    backend: &mut B,
    embedding: Option<&Embedding>,
    pipeline: &mut Pipeline,
    articles: &[Article],
) -> Result<Vec<Ingested>, B::Error> {
    let keys: Vec<String> = articles
        .iter()
        .map(|a| B::stored_text(&article_key(a)).into_owned())
        .collect();
    let mut ahead = embed_ahead(backend, embedding, articles, &keys)?;
    let mut tx = backend.begin()?;
    let mut out = Vec::with_capacity(articles.len());
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for ((article, key), vector) in articles.iter().zip(&keys).zip(ahead.iter_mut()) {
        let hash = content_hash(article);
        if let Some(existing) = tx.existing(key)? {
            let story = tx.member_story(&existing.id)?.unwrap_or_default();
            if existing.content_hash == hash {
                out.push(Ingested {
                    id: existing.id,
                    status: Status::Duplicate,
                    story,
                    original: None,
                });
                continue;
            }
            let id = existing.id;
            tx.revise(&id, article, &hash, existing.revision + 1)?;
            save_vector(&mut tx, embedding, &id, article, vector.take())?;
            touched.insert(story.clone());
            out.push(Ingested {
                id,
                status: Status::Revision,
                story,
                original: None,
            });
            continue;
        }
        let id = unique_id(&mut tx, &B::stored_text(&article.id), &hash)?;
        let outlet = match article.outlet.as_deref().filter(|o| !o.trim().is_empty()) {
            Some(name) => tx.outlet(name, article.lean)?,
            None => None,
        };
        let seq = tx.insert_article(&NewArticle {
            id: &id,
            key,
            outlet,
            content_hash: &hash,
            article,
        })?;
        let signature = Signature::of_text(&article.text, SHINGLE_WORDS);
        tx.insert_signature(&id, &signature.to_bytes())?;
        let vector = save_vector(&mut tx, embedding, &id, article, vector.take())?;
        let features = Features::of(article).with_embedding(vector);
        let original = pipeline
            .duplicates
            .find(&signature)
            .map(|(o, c)| (o.to_string(), c));
        let original_story = match &original {
            Some((o, _)) => tx.member_story(o)?,
            None => None,
        };
        let (story, status, original) = match (original, original_story) {
            (Some((original, containment)), Some(story)) => {
                tx.link_reprint(&id, &original, containment)?;
                pipeline.engine.place(&story, &features, true);
                (story, Status::Reprint, Some(original))
            }
            _ => {
                let assignment = pipeline.engine.add(&id, &features, true);
                (assignment.story, Status::New, None)
            }
        };
        // The calendar day as the article gives it (see `Store::stories`); a date that
        // cannot be read is no date.
        tx.grow_story(&story, seq, published_day(article))?;
        tx.add_member(&id, &story)?;
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
        apply_merges(&mut tx, merges, &mut out, &mut touched)?;
    }
    // A merge pass at the end of every batch (it only looks at stories that grew).
    let merges = pipeline.engine.maintain();
    apply_merges(&mut tx, merges, &mut out, &mut touched)?;
    for story in &touched {
        tx.invalidate(story)?;
    }
    tx.commit()?;
    Ok(out)
}

/// The vectors of a batch's articles that the store will keep, embedded in one call
/// before the write transaction opens: the encoder runs several times faster on a batch
/// than one text at a time, and the database is not locked while it runs. Articles
/// already stored with the same content (duplicates) are skipped; any article left
/// without a vector here is embedded inside the transaction.
fn embed_ahead<B: IngestBackend>(
    backend: &mut B,
    embedding: Option<&Embedding>,
    articles: &[Article],
    keys: &[String],
) -> Result<Vec<Option<Vec<f32>>>, B::Error> {
    let Some(embedding) = embedding else {
        return Ok(vec![None; articles.len()]);
    };
    let stored = backend.stored_hashes(keys)?;
    let wanted: Vec<usize> = (0..articles.len())
        .filter(|&i| {
            stored.get(i).and_then(Option::as_deref) != Some(content_hash(&articles[i]).as_str())
        })
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

/// Apply the engine's merges to the database (and to the results so far). The merged
/// story's days are read as ingest reads them ([`day_of`]), not by SQL date functions,
/// so that both backends agree on every date.
fn apply_merges<T: IngestTx>(
    tx: &mut T,
    merges: Vec<Merge>,
    out: &mut [Ingested],
    touched: &mut BTreeSet<String>,
) -> Result<(), T::Error> {
    for merge in merges {
        tx.merge_story(&merge.from, &merge.into)?;
        let published = tx.member_published(&merge.into)?;
        let days: Vec<&str> = published.iter().filter_map(|p| day_of(p)).collect();
        let first = days.iter().min().copied();
        let last = days.iter().max().copied();
        tx.set_merged_span(&merge.into, first, last, &merge.from)?;
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

/// Keep the vector of an article's title and lead ([`Features::embedding_text`]) by the
/// store's model, `ahead` when it was embedded before the transaction, else embedded
/// now; the vector is returned for the story engine, and a revision replaces it.
/// Without a model nothing is stored and the vector is empty.
fn save_vector<T: IngestTx>(
    tx: &mut T,
    embedding: Option<&Embedding>,
    id: &str,
    article: &Article,
    ahead: Option<Vec<f32>>,
) -> Result<Vec<f32>, T::Error> {
    let Some(embedding) = embedding else {
        return Ok(Vec::new());
    };
    let vector = embedding.title_vector(article, ahead);
    tx.save_vector(id, &embedding.model, &vectors::to_bytes(&vector))?;
    Ok(vector)
}

/// `id`, or `id~HASH` when another article already has `id`.
fn unique_id<T: IngestTx>(tx: &mut T, id: &str, hash: &str) -> Result<String, T::Error> {
    if !id.is_empty() && !tx.id_taken(id)? {
        return Ok(id.to_string());
    }
    let base = if id.is_empty() { "a" } else { id };
    let short = &hash[..hash.len().min(8)];
    let mut candidate = format!("{base}~{short}");
    let mut n = 2;
    while tx.id_taken(&candidate)? {
        candidate = format!("{base}~{short}-{n}");
        n += 1;
    }
    Ok(candidate)
}
