//! The sentence-embedding transformer: a BERT encoder (candle-transformers) with mean
//! pooling over the tokens and unit-length output, as sentence-transformers runs
//! all-MiniLM-L6-v2.

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use crate::{EmbedError, Embedder, ModelFiles};

/// Tokens per text, `[CLS]` and `[SEP]` included: longer texts are cut (a sentence is
/// rarely longer; a title and lead fit).
pub const MAX_TOKENS: usize = 128;

/// Characters of a text that are tokenised at most: far more than [`MAX_TOKENS`]
/// tokens need, so an enormous text costs no more than a long sentence.
const MAX_CHARS: usize = 2_000;

/// Texts run through the encoder together (sorted by length, so little is padding).
const BATCH: usize = 32;

/// A sentence-embedding model loaded into memory.
pub struct SentenceModel {
    bert: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    dimension: usize,
    origin: String,
    fingerprint: String,
}

impl std::fmt::Debug for SentenceModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentenceModel")
            .field("origin", &self.origin)
            .field("dimension", &self.dimension)
            .finish()
    }
}

impl SentenceModel {
    /// Load a model folder (`config.json`, `tokenizer.json`, `model.safetensors`, and
    /// optionally `SHA256SUMS`).
    pub fn load(folder: &std::path::Path) -> Result<SentenceModel, EmbedError> {
        SentenceModel::from_files(ModelFiles::read(folder)?)
    }

    /// The default model compiled into the binary.
    #[cfg(feature = "builtin")]
    pub fn builtin() -> Result<SentenceModel, EmbedError> {
        SentenceModel::from_files(ModelFiles::builtin()?)
    }

    /// Load a model from its files' bytes.
    pub fn from_files(files: ModelFiles) -> Result<SentenceModel, EmbedError> {
        let origin = files.origin.clone();
        let fingerprint = format!("sha256:{}", &crate::sha256_hex(&files.weights)[..16]);
        let model_error = |name: &str, reason: String| EmbedError::Model {
            path: format!("{origin}/{name}"),
            reason,
        };
        let config: Config = serde_json::from_slice(&files.config)
            .map_err(|e| model_error("config.json", e.to_string()))?;
        let mut tokenizer = Tokenizer::from_bytes(&files.tokenizer)
            .map_err(|e| model_error("tokenizer.json", e.to_string()))?;
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..PaddingParams::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| model_error("tokenizer.json", e.to_string()))?;
        let device = Device::Cpu;
        let weights = VarBuilder::from_buffered_safetensors(files.weights, DType::F32, &device)
            .map_err(|e| model_error("model.safetensors", e.to_string()))?;
        let bert = BertModel::load(weights, &config)
            .map_err(|e| model_error("model.safetensors", e.to_string()))?;
        Ok(SentenceModel {
            bert,
            tokenizer,
            device,
            dimension: config.hidden_size,
            origin,
            fingerprint,
        })
    }

    /// Length of every vector.
    pub fn dimension(&self) -> usize {
        self.dimension
    }

    pub(crate) fn device(&self) -> &Device {
        &self.device
    }

    pub(crate) fn bert(&self) -> &BertModel {
        &self.bert
    }

    /// Where the model was loaded from.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Embed texts; an error only if the encoder itself fails (it does not on any
    /// input the tokenizer accepts).
    pub fn try_embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let clipped: Vec<&str> = texts.iter().map(|t| clip(t)).collect();
        let mut order: Vec<usize> = (0..texts.len()).collect();
        // Similar lengths share a batch, so padding stays small.
        order.sort_by_key(|&i| (clipped[i].len(), i));
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(BATCH) {
            let batch: Vec<&str> = chunk.iter().map(|&i| clipped[i]).collect();
            for (&i, vector) in chunk.iter().zip(self.embed_batch(&batch)?) {
                out[i] = vector;
            }
        }
        Ok(out)
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let error = |reason: String| EmbedError::Model {
            path: self.origin.clone(),
            reason,
        };
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| error(e.to_string()))?;
        let width = encodings.first().map_or(0, |e| e.get_ids().len());
        let mut ids = Vec::with_capacity(texts.len() * width);
        let mut mask = Vec::with_capacity(texts.len() * width);
        for encoding in &encodings {
            ids.extend(encoding.get_ids().iter().map(|&x| x as i64));
            mask.extend(encoding.get_attention_mask().iter().map(|&x| x as i64));
        }
        let run = || -> candle_core::Result<Vec<Vec<f32>>> {
            let shape = (texts.len(), width);
            let ids = Tensor::from_vec(ids, shape, &self.device)?;
            let mask = Tensor::from_vec(mask, shape, &self.device)?;
            let types = ids.zeros_like()?;
            let hidden = self.bert.forward(&ids, &types, Some(&mask))?;
            let weights = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let summed = hidden.broadcast_mul(&weights)?.sum(1)?;
            let counts = weights.sum(1)?.clamp(1e-9, f64::MAX)?;
            let mean = summed.broadcast_div(&counts)?;
            let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
            mean.broadcast_div(&norms)?.to_vec2::<f32>()
        };
        let mut vectors = run().map_err(|e| error(e.to_string()))?;
        for vector in &mut vectors {
            if vector.iter().any(|x| !x.is_finite()) {
                vector.iter_mut().for_each(|x| *x = 0.0);
            }
        }
        Ok(vectors)
    }
}

impl Embedder for SentenceModel {
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        // The encoder does not fail on tokenised input; should it ever, every text gets
        // the zero vector, which is similar to nothing (never a false match).
        self.try_embed(texts)
            .unwrap_or_else(|_| vec![vec![0.0; self.dimension]; texts.len()])
    }

    fn fingerprint(&self) -> Option<&str> {
        Some(&self.fingerprint)
    }
}

/// The first [`MAX_CHARS`] characters of a text.
fn clip(text: &str) -> &str {
    match text.char_indices().nth(MAX_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}
