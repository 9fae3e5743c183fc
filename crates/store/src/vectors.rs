//! Embeddings kept in the store: each article's title vector, which the story engine
//! compares (and gets back with the open-story window after a restart), and the vectors
//! of the sentences fact alignment embeds, saved by the first briefing of a story so
//! later ones read them back instead of running the model again.

use std::collections::HashMap;
use std::sync::Arc;

use std::sync::Mutex;

use parallax_embed::Embedder;
use parallax_facts::{embedded_texts, FactOptions};
use parallax_model::Article;
use parallax_stories::stable_hash;
use parallax_stories::Features;

/// The model the store embeds each new article's title with.
#[derive(Clone)]
pub struct Embedding {
    /// The model.
    pub embedder: Arc<dyn Embedder>,
    /// Name of the model: vectors of another model are never read back.
    pub model: String,
}

impl std::fmt::Debug for Embedding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedding")
            .field("model", &self.model)
            .finish_non_exhaustive()
    }
}

impl Embedding {
    /// The vector of an article's title and lead ([`Features::embedding_text`]): `ahead`
    /// when it was embedded before the write transaction (in one batch), else embedded
    /// now.
    pub(crate) fn title_vector(&self, article: &Article, ahead: Option<Vec<f32>>) -> Vec<f32> {
        ahead.unwrap_or_else(|| {
            let text = Features::embedding_text(article);
            self.embedder
                .embed(&[text.as_str()])
                .pop()
                .unwrap_or_default()
        })
    }
}

/// The key a sentence's vector is stored under.
pub fn sentence_key(text: &str) -> i64 {
    stable_hash(text.as_bytes()) as i64
}

/// A vector as stored: little-endian f32s.
pub fn to_bytes(vector: &[f32]) -> Vec<u8> {
    vector.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// A stored vector (`None` for a blob that is not whole f32s).
pub fn from_bytes(bytes: &[u8]) -> Option<Vec<f32>> {
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    Some(
        bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
    )
}

/// Sentence vectors read from the store, in front of the model: a sentence stored
/// with its article is not embedded again; any other goes to the model (all of them in
/// one batch).
pub struct StoredVectors {
    known: HashMap<i64, Vec<f32>>,
    fallback: Arc<dyn Embedder>,
    fresh: Mutex<Vec<(i64, Vec<f32>)>>,
}

impl StoredVectors {
    /// Vectors by [`sentence_key`], in front of `fallback`.
    pub fn new(known: HashMap<i64, Vec<f32>>, fallback: Arc<dyn Embedder>) -> StoredVectors {
        StoredVectors {
            known,
            fallback,
            fresh: Mutex::new(Vec::new()),
        }
    }

    /// The vectors the model computed because the store did not have them, by
    /// [`sentence_key`] (to save with `Store::save_sentence_vectors`).
    pub fn take_fresh(&self) -> Vec<(i64, Vec<f32>)> {
        std::mem::take(&mut *self.fresh.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Keep the vectors the model computed because the store did not have them
    /// ([`StoredVectors::take_fresh`]) under the model's fingerprint, so the next
    /// briefing reads them back; how many were saved (none for a model without a
    /// fingerprint: its vectors could not be told from another model's).
    pub fn save_fresh(&self, store: &mut dyn crate::Store) -> Result<usize, crate::StoreError> {
        let Some(fingerprint) = self.fallback.fingerprint() else {
            return Ok(0);
        };
        let fresh = self.take_fresh();
        store.save_sentence_vectors(fingerprint, &fresh)?;
        Ok(fresh.len())
    }

    /// How many vectors were read from the store.
    pub fn len(&self) -> usize {
        self.known.len()
    }

    /// Whether no vector was read from the store.
    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }
}

/// `model` behind the vectors `store` keeps (as `model` made them) of `sentences`.
fn with_stored_vectors(
    store: &dyn crate::Store,
    sentences: &[String],
    model: &Arc<dyn Embedder>,
) -> Result<StoredVectors, crate::StoreError> {
    let known = match model.fingerprint() {
        Some(fingerprint) => {
            let keys: Vec<i64> = sentences.iter().map(|s| sentence_key(s)).collect();
            store.sentence_vectors(&keys, fingerprint)?
        }
        None => HashMap::new(),
    };
    Ok(StoredVectors::new(known, Arc::clone(model)))
}

/// `model` behind the vectors `store` keeps of the sentences a briefing of a story's
/// `members` embeds (those [`embedded_texts`] lists): what `parallax brief` and the
/// server put in front of fact alignment, so a story briefed before runs no model.
pub fn story_vectors(
    store: &dyn crate::Store,
    members: &[&Article],
    options: &FactOptions,
    model: &Arc<dyn Embedder>,
) -> Result<StoredVectors, crate::StoreError> {
    let sentences: Vec<String> = members
        .iter()
        .flat_map(|a| embedded_texts(a, members.len(), options))
        .collect();
    with_stored_vectors(store, &sentences, model)
}

impl Embedder for StoredVectors {
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let missing: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| !self.known.contains_key(&sentence_key(t)))
            .collect();
        let computed = self.fallback.embed(&missing);
        let mut fresh = self.fresh.lock().unwrap_or_else(|e| e.into_inner());
        for (text, vector) in missing.iter().zip(&computed) {
            fresh.push((sentence_key(text), vector.clone()));
        }
        let mut computed = computed.into_iter();
        texts
            .iter()
            .map(|t| match self.known.get(&sentence_key(t)) {
                Some(v) => v.clone(),
                None => computed.next().unwrap_or_default(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Counting(AtomicUsize);

    impl Embedder for Counting {
        fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
            self.0.fetch_add(texts.len(), Ordering::SeqCst);
            texts.iter().map(|t| vec![t.len() as f32, 1.0]).collect()
        }
    }

    #[test]
    fn stored_sentences_are_not_embedded_again() {
        let model = Arc::new(Counting(AtomicUsize::new(0)));
        let known = HashMap::from([(sentence_key("stored"), vec![9.0, 9.0])]);
        let vectors = StoredVectors::new(known, model.clone());
        let out = vectors.embed(&["stored", "new one", "stored"]);
        assert_eq!(out, [vec![9.0, 9.0], vec![7.0, 1.0], vec![9.0, 9.0]]);
        assert_eq!(model.0.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn vectors_round_trip_through_bytes() {
        let v = vec![0.25f32, -1.5, f32::MIN_POSITIVE];
        assert_eq!(from_bytes(&to_bytes(&v)), Some(v));
        assert_eq!(from_bytes(&[1, 2, 3]), None);
    }
}
