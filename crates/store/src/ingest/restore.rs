//! The pipeline after a restart, rebuilt from what a store holds (the same way for both
//! backends): term statistics from recent articles, the open-story window from recently
//! grown stories (with their stored title vectors), and the signature window from
//! recent articles.

use std::collections::HashMap;

use parallax_model::Article;
use parallax_stories::minhash::{NearDuplicates, Signature};
use parallax_stories::{EngineOptions, Features, StoryEngine};

use crate::pipeline::{
    Pipeline, DEDUP_WINDOW, MIN_CONTAINMENT, RESTORE_MEMBERS, RESTORE_STATISTICS,
};
use crate::vectors::{self, Embedding};

/// The reads [`restore`] needs; each is one query of the backend's SQL.
pub(crate) trait RestoreReads {
    /// The driver's error.
    type Error;

    /// The `limit` most recently stored articles, newest first.
    fn recent_articles(&mut self, limit: usize) -> Result<Vec<Article>, Self::Error>;

    /// The ids of the `limit` most recently grown stories that are not merged into
    /// another, most recently grown first.
    fn open_stories(&mut self, limit: usize) -> Result<Vec<String>, Self::Error>;

    /// The `limit` most recently stored members of `story`, newest first.
    fn recent_members(&mut self, story: &str, limit: usize) -> Result<Vec<Article>, Self::Error>;

    /// The stored title vectors by `model` of those of `articles` that have one.
    fn vectors(
        &mut self,
        articles: &[&str],
        model: &str,
    ) -> Result<HashMap<String, Vec<u8>>, Self::Error>;

    /// The MinHash signatures of the `limit` most recently stored articles, newest
    /// first.
    fn recent_signatures(&mut self, limit: usize) -> Result<Vec<(String, Vec<u8>)>, Self::Error>;
}

/// Rebuild the pipeline's in-memory state from the database.
pub(crate) fn restore<R: RestoreReads>(
    reads: &mut R,
    options: EngineOptions,
    embedding: Option<&Embedding>,
) -> Result<Pipeline, R::Error> {
    let mut options = options;
    let maintain_every = options.maintain_every;
    options.maintain_every = 0;
    let mut engine = StoryEngine::new(options);
    for article in reads.recent_articles(RESTORE_STATISTICS)? {
        engine.observe(&Features::of(&article));
    }
    let open = reads.open_stories(options.max_open)?;
    // Oldest stories first so the window's recency order is the stored one.
    for story in open.iter().rev() {
        let mut articles = reads.recent_members(story, RESTORE_MEMBERS)?;
        articles.reverse();
        let stored = match embedding {
            Some(embedding) => {
                let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
                reads.vectors(&ids, &embedding.model)?
            }
            None => HashMap::new(),
        };
        for article in &articles {
            let mut features = Features::of(article);
            if embedding.is_some() {
                features.embedding = stored
                    .get(&article.id)
                    .and_then(|bytes| vectors::from_bytes(bytes))
                    .unwrap_or_default();
            }
            engine.place(story, &features, false);
        }
    }
    engine.maintain();
    engine.options_mut().maintain_every = maintain_every;
    let mut duplicates = NearDuplicates::new(DEDUP_WINDOW, MIN_CONTAINMENT);
    let mut signatures = reads.recent_signatures(DEDUP_WINDOW)?;
    signatures.reverse();
    for (id, bytes) in signatures {
        if let Some(signature) = Signature::from_bytes(&bytes) {
            duplicates.insert(&id, signature);
        }
    }
    Ok(Pipeline { engine, duplicates })
}
