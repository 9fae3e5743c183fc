//! A static sentence embedding distilled from the transformer (the model2vec approach):
//! one vector per vocabulary token, a sentence is the mean of its tokens' vectors. No
//! attention, so it runs thousands of sentences a second on one core where the
//! transformer runs tens; it loses word order and context.
//!
//! Two tables come from the same model files:
//! - [`StaticTable::Input`]: the transformer's input token-embedding table, as shipped in
//!   `model.safetensors` (nothing to compute);
//! - [`StaticTable::Distilled`]: each token run through the whole transformer alone
//!   (`[CLS] token [SEP]`, mean-pooled), computed once when the model is loaded
//!   ([`StaticModel::distil`], about half a minute on one core) and cached by the caller.

use candle_core::{DType, Device, Tensor};
use tokenizers::Tokenizer;

use crate::{EmbedError, Embedder, ModelFiles, SentenceModel};

/// Which token table a [`StaticModel`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaticTable {
    /// The transformer's input token embeddings.
    Input,
    /// Each token's transformer output, alone.
    Distilled,
}

/// Sentence vectors as the mean of per-token vectors.
pub struct StaticModel {
    tokenizer: Tokenizer,
    /// Token ids of each whitespace-separated chunk seen so far: the tokenizer splits on
    /// whitespace before anything else, so a text's tokens are its chunks' tokens, and
    /// the same words recur (bounded by [`MEMO_CHUNKS`]).
    memo: std::sync::RwLock<std::collections::HashMap<String, Vec<u32>>>,
    /// `vocabulary × dimension`, row-major.
    table: Vec<f32>,
    dimension: usize,
    kind: StaticTable,
    fingerprint: String,
}

impl std::fmt::Debug for StaticModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticModel")
            .field("kind", &self.kind)
            .field("dimension", &self.dimension)
            .finish()
    }
}

/// Most chunks remembered by a [`StaticModel`] (then new chunks are tokenised each time).
const MEMO_CHUNKS: usize = 200_000;

/// Tokens in one distillation batch.
const DISTIL_BATCH: usize = 256;

impl StaticModel {
    /// The input token-embedding table of a model's files.
    pub fn input_table(files: &ModelFiles) -> Result<StaticModel, EmbedError> {
        let model_error = |name: &str, reason: String| EmbedError::Model {
            path: format!("{}/{name}", files.origin),
            reason,
        };
        let tensors = candle_core::safetensors::load_buffer(&files.weights, &Device::Cpu)
            .map_err(|e| model_error("model.safetensors", e.to_string()))?;
        let table = tensors
            .get("embeddings.word_embeddings.weight")
            .ok_or_else(|| {
                model_error(
                    "model.safetensors",
                    "no embeddings.word_embeddings.weight".into(),
                )
            })?;
        let (rows, dimension) = table
            .dims2()
            .map_err(|e| model_error("model.safetensors", e.to_string()))?;
        let flat = table
            .to_dtype(DType::F32)
            .and_then(|t| t.flatten_all())
            .and_then(|t| t.to_vec1::<f32>())
            .map_err(|e| model_error("model.safetensors", e.to_string()))?;
        debug_assert_eq!(flat.len(), rows * dimension);
        let mut tokenizer = Tokenizer::from_bytes(&files.tokenizer)
            .map_err(|e| model_error("tokenizer.json", e.to_string()))?;
        // The mean is over the text's own tokens: no padding to the model's fixed length
        // (the shipped tokenizer pads to 128), no truncation.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(None)
            .map_err(|e| model_error("tokenizer.json", e.to_string()))?;
        Ok(StaticModel {
            tokenizer,
            memo: std::sync::RwLock::default(),
            table: flat,
            dimension,
            kind: StaticTable::Input,
            fingerprint: format!(
                "static-input:sha256:{}",
                &crate::sha256_hex(&files.weights)[..16]
            ),
        })
    }

    /// Distil a table from the transformer: every vocabulary token embedded alone.
    pub fn distil(model: &SentenceModel, files: &ModelFiles) -> Result<StaticModel, EmbedError> {
        let mut out = StaticModel::input_table(files)?;
        let rows = out.table.len() / out.dimension.max(1);
        let error = |reason: String| EmbedError::Model {
            path: files.origin.clone(),
            reason,
        };
        let (cls, sep) = (
            out.tokenizer.token_to_id("[CLS]").unwrap_or(101),
            out.tokenizer.token_to_id("[SEP]").unwrap_or(102),
        );
        let mut table = vec![0.0f32; rows * out.dimension];
        let ids: Vec<u32> = (0..rows as u32).collect();
        for chunk in ids.chunks(DISTIL_BATCH) {
            let sequences: Vec<[u32; 3]> = chunk.iter().map(|&t| [cls, t, sep]).collect();
            let vectors = model
                .embed_ids(&sequences)
                .map_err(|e| error(e.to_string()))?;
            for (&token, vector) in chunk.iter().zip(vectors) {
                let at = token as usize * out.dimension;
                table[at..at + out.dimension].copy_from_slice(&vector);
            }
        }
        out.table = table;
        out.kind = StaticTable::Distilled;
        out.fingerprint = out.fingerprint.replace("static-input", "static-distilled");
        Ok(out)
    }

    /// Which table this is.
    pub fn kind(&self) -> StaticTable {
        self.kind
    }

    /// Length of every vector.
    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// The vector of one text: the mean of its word-piece tokens' rows, unit length.
    pub fn embed_one(&self, text: &str) -> Vec<f32> {
        let mut sum = vec![0.0f32; self.dimension];
        let mut count = 0usize;
        for chunk in text.split_whitespace() {
            if count >= crate::MAX_TOKENS * 4 {
                break;
            }
            let known = self
                .memo
                .read()
                .ok()
                .and_then(|memo| memo.get(chunk).cloned());
            let ids = match known {
                Some(ids) => ids,
                None => {
                    let ids = self
                        .tokenizer
                        .encode_fast(chunk, false)
                        .map(|e| e.get_ids().to_vec())
                        .unwrap_or_default();
                    if let Ok(mut memo) = self.memo.write() {
                        if memo.len() < MEMO_CHUNKS {
                            memo.insert(chunk.to_string(), ids.clone());
                        }
                    }
                    ids
                }
            };
            for id in ids {
                let at = id as usize * self.dimension;
                if let Some(row) = self.table.get(at..at + self.dimension) {
                    sum.iter_mut().zip(row).for_each(|(s, r)| *s += r);
                    count += 1;
                }
            }
        }
        let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt();
        if count > 0 && norm > 0.0 && norm.is_finite() {
            sum.iter_mut().for_each(|x| *x /= norm);
        } else {
            sum.iter_mut().for_each(|x| *x = 0.0);
        }
        sum
    }
}

impl Embedder for StaticModel {
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        texts.iter().map(|t| self.embed_one(t)).collect()
    }

    fn fingerprint(&self) -> Option<&str> {
        Some(&self.fingerprint)
    }
}

impl SentenceModel {
    /// Mean-pooled, unit-length vectors of token-id sequences of one length (no
    /// padding): what distillation runs.
    pub(crate) fn embed_ids(&self, sequences: &[[u32; 3]]) -> candle_core::Result<Vec<Vec<f32>>> {
        let flat: Vec<i64> = sequences
            .iter()
            .flat_map(|s| s.iter().map(|&x| i64::from(x)))
            .collect();
        let ids = Tensor::from_vec(flat, (sequences.len(), 3), self.device())?;
        let types = ids.zeros_like()?;
        let mask = ids.ones_like()?;
        let hidden = self.bert().forward(&ids, &types, Some(&mask))?;
        let mean = hidden.mean(1)?;
        let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        mean.broadcast_div(&norms)?.to_vec2::<f32>()
    }
}

#[cfg(all(test, feature = "builtin"))]
mod tests {
    use super::*;

    #[test]
    fn chunk_by_chunk_tokens_are_the_whole_text_tokens() {
        let files = ModelFiles::builtin().expect("the built-in model");
        let model = StaticModel::input_table(&files).expect("its input table");
        let text = "Trump's \"beautiful\" law, U.S.-made — naïve   claims!";
        let whole = model
            .tokenizer
            .encode_fast(text, false)
            .expect("tokenised")
            .get_ids()
            .to_vec();
        let chunked: Vec<u32> = text
            .split_whitespace()
            .flat_map(|c| {
                model
                    .tokenizer
                    .encode_fast(c, false)
                    .expect("tokenised")
                    .get_ids()
                    .to_vec()
            })
            .collect();
        assert_eq!(whole, chunked);
        let first = model.embed_one(text);
        assert_eq!(first, model.embed_one(text));
        assert!((first.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-4);
        assert!(model.embed_one("   ").iter().all(|x| *x == 0.0));
    }
}
