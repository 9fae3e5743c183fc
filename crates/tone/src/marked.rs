//! How often a word is marked: a per-word rate of annotators' loaded-word marks.
//!
//! BABE's annotators mark the words that make a sentence loaded. For each word this table
//! holds the share of its training occurrences that were marked, smoothed towards the
//! overall share (a word seen once and marked does not read as certain). A sentence is
//! then summarised by its most-marked words ([`MARKED_FEATURES`]). The n-gram model
//! ([`crate::ngrams`]) learns which words go with a loaded *sentence*; this table reads
//! the finer, word-level signal: a word that sits in many loaded sentences without being
//! the loaded one (a name, a topic) gets a low rate here.
//!
//! Words are hashed into [`BUCKETS`] buckets with the n-gram model's hash, so the shipped
//! table holds numbers only, no word of the training data. Everything is fitted on the
//! training sentences only; the sentence model reads these features stacked (made out of
//! fold on its own training sentences), as for the n-gram score. Deterministic.

use std::borrow::Cow;

use parallax_facts::judge::{generated_header, rust_list};

use crate::ngrams::tokens;

/// Buckets words are hashed into (unigrams only, so fewer than the n-gram model's).
pub const BUCKETS: usize = 1 << 14;

/// Pseudo-occurrences at the overall rate added to every word's counts, fixed a priori.
pub const SMOOTHING: f64 = 2.0;

/// Names of the sentence features, in order.
pub const MARKED_FEATURES: [&str; 4] =
    ["marked_max", "marked_top3", "marked_mean", "marked_excess"];

/// The bucket of a word (the n-gram model's hash, over fewer buckets).
pub fn bucket(word: &str) -> usize {
    crate::ngrams::bucket(word) % BUCKETS
}

/// A fitted table of smoothed marked rates.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkedRates {
    /// Smoothed marked rate of each bucket.
    pub rates: Cow<'static, [f32]>,
    /// The overall marked rate (of unseen words).
    pub prior: f64,
}

impl MarkedRates {
    /// The shipped table.
    pub fn builtin() -> &'static MarkedRates {
        &crate::marked_weights::BUILTIN_MARKED
    }

    /// Fit on `(sentence, marked words)`: every token of every sentence counts once as
    /// seen, and once as marked when a marked word (lower-cased, tokenised alike)
    /// equals it. `None` when no word is marked.
    pub fn train<S: AsRef<str>>(sentences: &[(&str, &[S])]) -> Option<MarkedRates> {
        let mut seen = vec![0u32; BUCKETS];
        let mut marked = vec![0u32; BUCKETS];
        let (mut all, mut all_marked) = (0u64, 0u64);
        for (text, words) in sentences {
            let marks: Vec<String> = words.iter().flat_map(|w| tokens(w.as_ref())).collect();
            for token in tokens(text) {
                let k = bucket(&token);
                let is_marked = marks.contains(&token);
                seen[k] += 1;
                marked[k] += u32::from(is_marked);
                all += 1;
                all_marked += u64::from(is_marked);
            }
        }
        if all_marked == 0 {
            return None;
        }
        let prior = all_marked as f64 / all as f64;
        let rates: Vec<f32> = seen
            .iter()
            .zip(&marked)
            .map(|(&n, &m)| {
                ((f64::from(m) + SMOOTHING * prior) / (f64::from(n) + SMOOTHING)) as f32
            })
            .collect();
        Some(MarkedRates {
            rates: rates.into(),
            prior,
        })
    }

    /// The features of a sentence ([`MARKED_FEATURES`]): its highest word rate, the
    /// mean of its three highest, the mean over its words, and the sum of its rates
    /// above the overall rate. A sentence without words reads the overall rate.
    pub fn features(&self, sentence: &str) -> [f64; MARKED_FEATURES.len()] {
        let mut rates: Vec<f64> = tokens(sentence)
            .iter()
            .map(|t| {
                self.rates
                    .get(bucket(t))
                    .map_or(self.prior, |r| f64::from(*r))
            })
            .collect();
        if rates.is_empty() {
            return [self.prior, self.prior, self.prior, 0.0];
        }
        rates.sort_by(|a, b| b.total_cmp(a));
        let top = rates.len().min(3);
        let mean = rates.iter().sum::<f64>() / rates.len() as f64;
        let excess = rates.iter().map(|r| (r - self.prior).max(0.0)).sum();
        [
            rates[0],
            rates[..top].iter().sum::<f64>() / top as f64,
            mean,
            excess,
        ]
    }

    /// The table as the Rust source of `marked_weights.rs`.
    pub fn to_rust(&self, provenance: &str) -> String {
        let mut out = generated_header(
            "A shipped table of marked-word rates, generated (see Rebuild below); do not edit.",
            provenance,
        );
        out.push_str(&format!(
            "//!\n//! Smoothed share of each word's occurrences that annotators marked as loaded, words hashed into {} buckets.\n\nuse std::borrow::Cow;\n\nuse crate::MarkedRates;\n\n/// The shipped table.\n#[rustfmt::skip]\npub(crate) static BUILTIN_MARKED: MarkedRates = MarkedRates {{\n    rates: Cow::Borrowed(&[{}]),\n    prior: {:?},\n}};\n",
            BUCKETS,
            rust_list(&self.rates),
            self.prior,
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marked_word_rates_above_its_unmarked_neighbours() {
        let marked: &[&str] = &["shameful"];
        let none: &[&str] = &[];
        let mut sentences = Vec::new();
        for _ in 0..10 {
            sentences.push(("the shameful council plan", marked));
            sentences.push(("the council plan passed", none));
        }
        let table = MarkedRates::train(&sentences).expect("a marked word");
        let loaded = table.features("what a shameful plan");
        let plain = table.features("the council plan");
        assert!(loaded[0] > 0.7, "{loaded:?}");
        assert!(plain[0] < 0.1, "{plain:?}");
        assert!(loaded[3] > plain[3]);
        assert_eq!(table.features("")[0], table.prior);
        assert_eq!(MarkedRates::train(&sentences), Some(table.clone()));
        assert!(MarkedRates::train(&[("no marks here", none)]).is_none());
        assert!(table.to_rust("test").contains("BUILTIN_MARKED"));
    }
}
