//! The word-level model: is this word one an annotator would mark as loaded?
//!
//! BABE marks the loaded words of its loaded sentences; a sentence-level model sees only
//! one label per sentence, while these marks give one label per word (tens of thousands
//! of examples instead of hundreds). Each word is described by its static vector (the
//! mean of its word-piece rows of the transformer's input table) and the mean vector of
//! its neighbourhood (two words either side), so synonyms of marked words score high
//! without being listed anywhere. The sentence model then reads a short summary of its
//! words' scores ([`summary`]): the strongest word, the two strongest, how many lean
//! loaded, and a soft maximum.
//!
//! The word model is an L2-penalised logistic regression on standardised features,
//! fitted by L-BFGS (deterministic: sequential sums, fixed iteration budget); the shipped
//! weights are in `word_weights.rs`, written by `parallax model train-tone`.

use std::borrow::Cow;

use parallax_embed::StaticModel;
use parallax_facts::judge::{generated_header, rust_list};

/// Words either side of a word that make its neighbourhood vector.
const CONTEXT: usize = 2;

/// Names of the sentence features [`summary`] makes, in order.
pub const WORD_FEATURES: [&str; 4] = ["word_max", "word_top2", "word_leaning", "word_softmax"];

/// The words of a sentence as the word model sees them: runs of letters (with inner
/// apostrophes and hyphens) starting with a letter, lower-cased.
pub fn words(sentence: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in sentence.chars() {
        let inner = !current.is_empty() && (c == '\'' || c == '-' || c == '’');
        if c.is_alphabetic() || inner {
            current.extend(c.to_lowercase());
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Each word's features: its own vector, then its neighbourhood's mean vector.
pub fn word_vectors(table: &StaticModel, words: &[String]) -> Vec<Vec<f32>> {
    let own: Vec<Vec<f32>> = words.iter().map(|w| table.embed_one(w)).collect();
    let dimension = table.dimension();
    (0..own.len())
        .map(|k| {
            let (from, to) = (k.saturating_sub(CONTEXT), (k + CONTEXT + 1).min(own.len()));
            let mut x = own[k].clone();
            let mut context = vec![0.0f32; dimension];
            for v in &own[from..to] {
                context.iter_mut().zip(v).for_each(|(c, a)| *c += a);
            }
            let n = (to - from) as f32;
            x.extend(context.iter().map(|c| c / n));
            x
        })
        .collect()
}

/// The sentence features from its words' scores (log-odds); a sentence without words
/// reads as one clearly neutral word.
pub fn summary(scores: &[f64]) -> [f64; WORD_FEATURES.len()] {
    let mut sorted: Vec<f64> = scores.to_vec();
    if sorted.is_empty() {
        sorted.push(-10.0);
    }
    sorted.sort_by(|a, b| b.total_cmp(a));
    let top2 = sorted.iter().take(2).sum::<f64>() / sorted.len().min(2) as f64;
    let leaning = sorted.iter().filter(|s| **s > 0.0).count() as f64;
    let peak = sorted[0];
    let soft = peak + sorted.iter().map(|s| (s - peak).exp()).sum::<f64>().ln();
    [peak, top2, leaning, soft]
}

/// A fitted word-level logistic regression.
#[derive(Debug, Clone, PartialEq)]
pub struct WordModel {
    /// Feature means of the training words.
    pub means: Cow<'static, [f32]>,
    /// Feature standard deviations (1 where constant).
    pub scales: Cow<'static, [f32]>,
    /// Weights on the standardised features.
    pub weights: Cow<'static, [f32]>,
    /// Intercept.
    pub bias: f64,
}

/// Most L-BFGS iterations of a fit.
const ITERATIONS: usize = 150;
/// Remembered L-BFGS steps.
const MEMORY: usize = 8;

impl WordModel {
    /// The shipped word model.
    pub fn builtin() -> &'static WordModel {
        &crate::word_weights::BUILTIN_WORDS
    }

    /// Log-odds that a word with these features is loaded.
    pub fn score(&self, x: &[f32]) -> f64 {
        let mut z = self.bias;
        for (k, v) in x.iter().enumerate().take(self.weights.len()) {
            z += f64::from(self.weights[k] * (v - self.means[k]) / self.scales[k]);
        }
        z
    }

    /// Fit on words (`features`, `marked`) with L2 penalty `l2` per word on the
    /// standardised features; `None` unless both labels occur. Deterministic.
    pub fn train(words: &[(&[f32], bool)], l2: f64) -> Option<WordModel> {
        let positives = words.iter().filter(|(_, y)| *y).count();
        if positives == 0 || positives == words.len() {
            return None;
        }
        let d = words[0].0.len();
        let n = words.len() as f64;
        let mut means = vec![0.0f64; d];
        for (x, _) in words {
            means
                .iter_mut()
                .zip(*x)
                .for_each(|(m, v)| *m += f64::from(*v));
        }
        means.iter_mut().for_each(|m| *m /= n);
        let mut scales = vec![0.0f64; d];
        for (x, _) in words {
            for k in 0..d {
                scales[k] += (f64::from(x[k]) - means[k]).powi(2);
            }
        }
        for s in &mut scales {
            *s = (*s / n).sqrt();
            if *s < 1e-9 {
                *s = 1.0;
            }
        }
        // Loss and gradient at theta = (weights on standardised features, bias).
        let evaluate = |theta: &[f64]| -> (f64, Vec<f64>) {
            let effective: Vec<f64> = (0..d).map(|k| theta[k] / scales[k]).collect();
            let offset = theta[d] - (0..d).map(|k| effective[k] * means[k]).sum::<f64>();
            let mut loss = 0.0;
            let mut gx = vec![0.0f64; d];
            let mut ge = 0.0;
            for (x, y) in words {
                let s = offset
                    + x.iter()
                        .zip(&effective)
                        .map(|(a, w)| f64::from(*a) * w)
                        .sum::<f64>();
                let y = if *y { 1.0 } else { 0.0 };
                // log(1 + e^s) - y s, stably.
                loss += s.max(0.0) + (-s.abs()).exp().ln_1p() - y * s;
                let e = 1.0 / (1.0 + (-s).exp()) - y;
                ge += e;
                gx.iter_mut()
                    .zip(*x)
                    .for_each(|(g, a)| *g += e * f64::from(*a));
            }
            let mut gradient: Vec<f64> = (0..d)
                .map(|k| (gx[k] - means[k] * ge) / scales[k] / n + l2 * theta[k])
                .collect();
            gradient.push(ge / n);
            let penalty = 0.5 * l2 * theta[..d].iter().map(|w| w * w).sum::<f64>();
            (loss / n + penalty, gradient)
        };
        let theta = lbfgs(vec![0.0; d + 1], evaluate);
        Some(WordModel {
            means: means.iter().map(|v| *v as f32).collect::<Vec<_>>().into(),
            scales: scales.iter().map(|v| *v as f32).collect::<Vec<_>>().into(),
            weights: theta[..d]
                .iter()
                .map(|v| *v as f32)
                .collect::<Vec<_>>()
                .into(),
            bias: theta[d],
        })
    }

    /// The sentence features of one sentence, from the word table the model was
    /// trained with.
    pub fn sentence_features(
        &self,
        table: &StaticModel,
        sentence: &str,
    ) -> [f64; WORD_FEATURES.len()] {
        self.summarise(
            word_vectors(table, &words(sentence))
                .iter()
                .map(Vec::as_slice),
        )
    }

    /// The sentence features ([`summary`]) of a sentence whose words have these
    /// features.
    pub fn summarise<'a>(
        &self,
        words: impl IntoIterator<Item = &'a [f32]>,
    ) -> [f64; WORD_FEATURES.len()] {
        let scores: Vec<f64> = words.into_iter().map(|x| self.score(x)).collect();
        summary(&scores)
    }

    /// The model as the Rust source of `word_weights.rs`.
    pub fn to_rust(&self, provenance: &str) -> String {
        let mut out = generated_header(
            "A shipped word-level logistic regression, generated (see Rebuild below); do not edit.",
            provenance,
        );
        out.push_str(&format!(
            "//!\n//! Features: the word's static vector, then its neighbourhood's mean vector.\n\nuse std::borrow::Cow;\n\nuse crate::WordModel;\n\n/// The shipped word model.\n#[rustfmt::skip]\npub(crate) static BUILTIN_WORDS: WordModel = WordModel {{\n    means: Cow::Borrowed(&[{}]),\n    scales: Cow::Borrowed(&[{}]),\n    weights: Cow::Borrowed(&[{}]),\n    bias: {:?},\n}};\n",
            rust_list(&self.means),
            rust_list(&self.scales),
            rust_list(&self.weights),
            self.bias,
        ));
        out
    }
}

/// Minimise a smooth convex function by L-BFGS with a backtracking (Armijo) line search,
/// from `theta`, for at most [`ITERATIONS`] steps. Deterministic.
pub(crate) fn lbfgs(mut theta: Vec<f64>, f: impl Fn(&[f64]) -> (f64, Vec<f64>)) -> Vec<f64> {
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let (mut value, mut gradient) = f(&theta);
    let mut history: std::collections::VecDeque<(Vec<f64>, Vec<f64>, f64)> =
        std::collections::VecDeque::new();
    for _ in 0..ITERATIONS {
        // Two-loop recursion: direction = -H · gradient.
        let mut q = gradient.clone();
        let mut alphas = Vec::with_capacity(history.len());
        for (s, y, rho) in history.iter().rev() {
            let a = rho * dot(s, &q);
            q.iter_mut().zip(y).for_each(|(qi, yi)| *qi -= a * yi);
            alphas.push(a);
        }
        if let Some((s, y, _)) = history.back() {
            let gamma = dot(s, y) / dot(y, y);
            q.iter_mut().for_each(|v| *v *= gamma);
        }
        for ((s, y, rho), a) in history.iter().zip(alphas.iter().rev()) {
            let b = rho * dot(y, &q);
            q.iter_mut().zip(s).for_each(|(qi, si)| *qi += (a - b) * si);
        }
        let direction: Vec<f64> = q.iter().map(|v| -v).collect();
        let slope = dot(&gradient, &direction);
        if slope >= 0.0 || !slope.is_finite() {
            break;
        }
        let mut step = 1.0;
        let mut accepted = None;
        for _ in 0..30 {
            let candidate: Vec<f64> = theta
                .iter()
                .zip(&direction)
                .map(|(t, d)| t + step * d)
                .collect();
            let (v, g) = f(&candidate);
            if v <= value + 1e-4 * step * slope {
                accepted = Some((candidate, v, g));
                break;
            }
            step *= 0.5;
        }
        let Some((next, next_value, next_gradient)) = accepted else {
            break;
        };
        let s: Vec<f64> = next.iter().zip(&theta).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = next_gradient
            .iter()
            .zip(&gradient)
            .map(|(a, b)| a - b)
            .collect();
        let sy = dot(&s, &y);
        let improvement = value - next_value;
        theta = next;
        value = next_value;
        gradient = next_gradient;
        if sy > 1e-12 {
            history.push_back((s, y, 1.0 / sy));
            if history.len() > MEMORY {
                history.pop_front();
            }
        }
        if improvement.abs() < 1e-10 * value.abs().max(1.0) {
            break;
        }
    }
    theta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_letter_runs() {
        assert_eq!(
            words("The so-called \"reform\" isn't 42 U.S. dollars!"),
            ["the", "so-called", "reform", "isn't", "u", "s", "dollars"]
        );
        assert!(words("1, 2, 3.").is_empty());
    }

    #[test]
    fn summary_reads_the_strongest_words() {
        let s = summary(&[-2.0, 1.0, 3.0]);
        assert_eq!(s[0], 3.0);
        assert_eq!(s[1], 2.0);
        assert_eq!(s[2], 2.0);
        assert!(s[3] > 3.0 && s[3] < 3.0 + 1.0);
        assert_eq!(summary(&[])[0], -10.0);
    }

    #[test]
    fn a_fitted_word_model_separates_the_marked_words() {
        let data: Vec<(Vec<f32>, bool)> = (0..200)
            .map(|i| {
                let marked = i % 4 == 0;
                let signal = if marked { 1.0 } else { -1.0 };
                (vec![signal + (i % 7) as f32 * 0.1, (i % 5) as f32], marked)
            })
            .collect();
        let view: Vec<(&[f32], bool)> = data.iter().map(|(x, y)| (x.as_slice(), *y)).collect();
        let model = WordModel::train(&view, 1e-3).expect("both labels");
        assert!(model.score(&[1.3, 2.0]) > 0.0);
        assert!(model.score(&[-0.7, 2.0]) < 0.0);
        // The same data gives the same weights.
        assert_eq!(WordModel::train(&view, 1e-3), Some(model.clone()));
        assert!(WordModel::train(&view[1..4], 1e-3).is_none());
        assert!(model.to_rust("test").contains("BUILTIN_WORDS"));
    }
}
