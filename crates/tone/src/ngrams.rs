//! A bag of word n-grams: which words and word pairs a loaded sentence uses.
//!
//! The word model ([`crate::words`]) reads a word through its static vector, so it
//! generalises to synonyms but blurs words whose vectors sit close to neutral ones. This
//! model reads the words themselves: a sentence's unigrams and bigrams, hashed into
//! [`BUCKETS`] buckets (so the shipped weights hold numbers only, no word of the training
//! data), weighted by sublinear TF-IDF and L2-normalised, in an L2-penalised logistic
//! regression on the sentence label. The sentence model reads
//! its score as one feature, made out of fold on its training sentences (stacking), so
//! the score it learns from is as good as the score of an unseen sentence.
//!
//! Everything is fitted on the training sentences only, so a cross-validated figure
//! counts the IDF as part of the model. Deterministic: a fixed hash (64-bit FNV-1a),
//! sequential sums, fixed L-BFGS budget.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use parallax_facts::judge::{generated_header, rust_list};

/// Buckets the terms are hashed into: few enough to ship, many enough that the
/// vocabulary of a few thousand sentences rarely collides.
pub const BUCKETS: usize = 1 << 14;

/// The bucket of a term: 64-bit FNV-1a of its UTF-8 bytes.
pub fn bucket(term: &str) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in term.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h % BUCKETS as u64) as usize
}

/// The tokens of a text: lower-cased runs of two or more letters, digits or
/// underscores.
pub fn tokens(text: &str) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' {
            current.extend(c.to_lowercase());
        } else if !current.is_empty() {
            if current.chars().count() >= 2 {
                tokens.push(std::mem::take(&mut current));
            } else {
                current.clear();
            }
        }
    }
    tokens
}

/// The terms of a sentence: its [`tokens`], then each pair of neighbouring tokens
/// joined by one space.
pub fn terms(sentence: &str) -> Vec<String> {
    let mut tokens = tokens(sentence);
    let pairs: Vec<String> = tokens
        .windows(2)
        .map(|p| format!("{} {}", p[0], p[1]))
        .collect();
    tokens.extend(pairs);
    tokens
}

/// A fitted n-gram logistic regression.
#[derive(Debug, Clone, PartialEq)]
pub struct NgramModel {
    /// Inverse document frequency of each bucket.
    pub idf: Cow<'static, [f32]>,
    /// Weight of each bucket.
    pub weights: Cow<'static, [f32]>,
    /// Intercept.
    pub bias: f64,
}

impl NgramModel {
    /// The shipped n-gram model.
    pub fn builtin() -> &'static NgramModel {
        &crate::ngram_weights::BUILTIN_NGRAMS
    }

    /// The sparse, L2-normalised TF-IDF vector of a sentence: (bucket, value), by
    /// bucket.
    pub fn vector(&self, sentence: &str) -> Vec<(usize, f64)> {
        let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
        for term in terms(sentence) {
            *counts.entry(bucket(&term)).or_default() += 1;
        }
        let mut out: Vec<(usize, f64)> = counts
            .into_iter()
            .map(|(k, n)| (k, (1.0 + (n as f64).ln()) * f64::from(self.idf[k])))
            .collect();
        let norm = out.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
        if norm > 0.0 {
            out.iter_mut().for_each(|(_, v)| *v /= norm);
        }
        out
    }

    /// Log-odds that a sentence is loaded.
    pub fn score(&self, sentence: &str) -> f64 {
        self.bias
            + self
                .vector(sentence)
                .iter()
                .map(|(k, v)| f64::from(self.weights[*k]) * v)
                .sum::<f64>()
    }

    /// Fit on `(sentence, loaded)` with penalty `l2` on the summed loss
    /// (`Σ loss + l2/2 · |w|²`); `None` unless both labels occur. Deterministic.
    pub fn train(sentences: &[(&str, bool)], l2: f64) -> Option<NgramModel> {
        let positives = sentences.iter().filter(|(_, y)| *y).count();
        if positives == 0 || positives == sentences.len() {
            return None;
        }
        let mut df = vec![0usize; BUCKETS];
        for (s, _) in sentences {
            let seen: BTreeSet<usize> = terms(s).iter().map(|t| bucket(t)).collect();
            seen.into_iter().for_each(|k| df[k] += 1);
        }
        let n = sentences.len() as f64;
        let mut model = NgramModel {
            idf: df
                .iter()
                .map(|d| (((1.0 + n) / (1.0 + *d as f64)).ln() + 1.0) as f32)
                .collect::<Vec<_>>()
                .into(),
            weights: vec![0.0f32; BUCKETS].into(),
            bias: 0.0,
        };
        let data: Vec<(Vec<(usize, f64)>, f64)> = sentences
            .iter()
            .map(|(s, y)| (model.vector(s), if *y { 1.0 } else { 0.0 }))
            .collect();
        let d = BUCKETS;
        let evaluate = |theta: &[f64]| -> (f64, Vec<f64>) {
            let mut loss = 0.5 * l2 * theta[..d].iter().map(|w| w * w).sum::<f64>();
            let mut gradient: Vec<f64> = theta[..d].iter().map(|w| l2 * w).collect();
            gradient.push(0.0);
            for (x, y) in &data {
                let s = theta[d] + x.iter().map(|(k, v)| theta[*k] * v).sum::<f64>();
                loss += s.max(0.0) + (-s.abs()).exp().ln_1p() - y * s;
                let e = 1.0 / (1.0 + (-s).exp()) - y;
                for (k, v) in x {
                    gradient[*k] += e * v;
                }
                gradient[d] += e;
            }
            (loss, gradient)
        };
        let theta = crate::words::lbfgs(vec![0.0; d + 1], evaluate);
        model.weights = theta[..d]
            .iter()
            .map(|v| *v as f32)
            .collect::<Vec<_>>()
            .into();
        model.bias = theta[d];
        Some(model)
    }

    /// The model as the Rust source of `ngram_weights.rs`.
    pub fn to_rust(&self, provenance: &str) -> String {
        let mut out = generated_header(
            "A shipped n-gram logistic regression, generated (see Rebuild below); do not edit.",
            provenance,
        );
        out.push_str(&format!(
            "//!\n//! Features: sublinear TF-IDF of the sentence's unigrams and bigrams in {} hashed buckets, L2-normalised.\n\nuse std::borrow::Cow;\n\nuse crate::NgramModel;\n\n/// The shipped n-gram model.\n#[rustfmt::skip]\npub(crate) static BUILTIN_NGRAMS: NgramModel = NgramModel {{\n    idf: Cow::Borrowed(&[{}]),\n    weights: Cow::Borrowed(&[{}]),\n    bias: {:?},\n}};\n",
            BUCKETS,
            rust_list(&self.idf),
            rust_list(&self.weights),
            self.bias,
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_tokens_then_neighbouring_pairs() {
        assert_eq!(
            terms("A so-called Reform, 2024!"),
            [
                "so",
                "called",
                "reform",
                "2024",
                "so called",
                "called reform",
                "reform 2024"
            ]
        );
    }

    #[test]
    fn a_fitted_model_scores_the_training_words() {
        let mut sentences = Vec::new();
        for i in 0..20 {
            sentences.push((
                if i % 2 == 0 {
                    "a shameful reckless scheme"
                } else {
                    "the council met on monday"
                },
                i % 2 == 0,
            ));
        }
        let model = NgramModel::train(&sentences, 1.0).expect("both labels");
        assert!(model.score("what a shameful plan") > 0.0);
        assert!(model.score("the council met") < 0.0);
        assert_eq!(NgramModel::train(&sentences, 1.0), Some(model.clone()));
        assert!(NgramModel::train(&sentences[..1], 1.0).is_none());
        assert!(model.to_rust("test").contains("BUILTIN_NGRAMS"));
    }
}
