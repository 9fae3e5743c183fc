//! The pair judge: would two sentences become one fact?
//!
//! A logistic regression over what two sentences share: the cosine of their content-word
//! sets, the cosine of their sentence embeddings (which sees the same claim in other
//! words), the share of each sentence's words the other has and how
//! many it lacks (one outlet adding a detail is the commonest near miss), word pairs in
//! common, lengths and figures, and the products of each two of these (so the model can
//! learn that a high cosine means more when the words agree too). Its weights are
//! learned from labelled news paraphrase pairs by [`PairJudge::train`] (deterministic:
//! Newton's method from zero) and shipped in `judge_weights.rs`;
//! `parallax model train-pairs` rebuilds that file. `parallax pairs` and fact
//! alignment call the same [`PairJudge::same`].
//!
//! The training pairs are close paraphrase candidates; the pairs of one story are
//! mostly not. So the judge reads each measured feature only within the range the
//! training pairs span (products of far-out values, such as two sentences of very
//! different lengths, would otherwise give certainties no training pair had), and it
//! never takes for one claim a pair whose embeddings are less similar than nearly all
//! of the training paraphrases (see [`PairJudge::min_cosine`]).

use parallax_embed::cosine;
use parallax_text::words::shared_keys;

use crate::contradictions::conflicting_pair;
use crate::units::Unit;

/// Names of the measured features, in order; the judge also reads the product of
/// every two of them (see [`expand`]).
pub const SCALAR_FEATURES: [&str; 14] = [
    "term_cosine",
    "cosine",
    "jaccard",
    "shorter_share_covered",
    "longer_share_covered",
    "length_ratio",
    "figures_conflict",
    "shared_figures",
    "unshared_figures",
    "fewer_unmatched_terms",
    "more_unmatched_terms",
    "word_pair_jaccard",
    "word_count_difference",
    "word_jaccard",
];

/// Index of the "figures conflict" feature (a conflict is never one claim).
const FIGURES_CONFLICT: usize = 6;
/// Index of the embedding cosine feature.
const COSINE: usize = 1;
/// Percentiles of the training values that bound what the judge reads: their whole
/// range (narrower bounds made the judge refuse more true paraphrases of real stories).
const RANGE_PERCENTILES: (f64, f64) = (0.0, 1.0);
/// Percentile of the training paraphrases' cosines below which no pair is one claim.
const MIN_COSINE_PERCENTILE: f64 = 0.05;
/// Index of the plain word-overlap feature (the baseline the judge must beat).
pub const JACCARD: usize = 2;

/// Number of features the judge weighs: the measured ones and their pairwise products.
pub const FEATURES: usize =
    SCALAR_FEATURES.len() + SCALAR_FEATURES.len() * (SCALAR_FEATURES.len() + 1) / 2;

/// What a pair of sentences shares, as the judge reads it ([`FEATURES`] values).
pub type PairFeatures = Vec<f64>;

/// The features of a pair of units, given their embeddings (empty when not embedded).
pub fn pair_features(a: &Unit, b: &Unit, va: &[f32], vb: &[f32]) -> PairFeatures {
    let shared_terms = a
        .terms
        .iter()
        .filter(|t| b.terms.binary_search(t).is_ok())
        .count() as f64;
    let (na, nb) = (a.terms.len() as f64, b.terms.len() as f64);
    let ratio = |x: f64, y: f64| if y > 0.0 { x / y } else { 0.0 };
    // Unweighted on purpose: IDF weights learned over one story of two or three
    // articles weigh down the very words its outlets share (the event's names), so a
    // weighted overlap would read story pairs as less alike than the thousands of
    // training pairs it was learned on (a shifted feature, fewer true paraphrases).
    let term_cosine = ratio(shared_terms, (na * nb).sqrt());
    let (short, long) = (na.min(nb), na.max(nb));
    let (unmatched_a, unmatched_b) = (na - shared_terms, nb - shared_terms);
    let shared_figures = a
        .figure_keys
        .iter()
        .filter(|k| b.figure_keys.contains(k))
        .count();
    let unshared_figures = a.figure_keys.len() + b.figure_keys.len() - 2 * shared_figures;
    let cosine = if va.is_empty() || vb.is_empty() {
        0.0
    } else {
        f64::from(cosine(va, vb))
    };
    let scalars = [
        term_cosine,
        cosine,
        ratio(shared_terms, na + nb - shared_terms),
        ratio(shared_terms, short),
        ratio(shared_terms, long),
        ratio(a.words.min(b.words) as f64, a.words.max(b.words) as f64),
        f64::from(u8::from(conflicting_pair(a, b).is_some())),
        shared_figures.min(2) as f64,
        unshared_figures.min(4) as f64,
        unmatched_a.min(unmatched_b),
        unmatched_a.max(unmatched_b),
        sorted_jaccard(&a.word_pair_keys, &b.word_pair_keys),
        (a.words as f64 - b.words as f64).abs(),
        sorted_jaccard(&a.word_keys, &b.word_keys),
    ];
    expand(&scalars)
}

/// The measured features followed by the product of every two of them (each with
/// itself too), all finite.
pub fn expand(scalars: &[f64]) -> PairFeatures {
    let clean: Vec<f64> = scalars
        .iter()
        .map(|v| if v.is_finite() { *v } else { 0.0 })
        .collect();
    let mut x = clean.clone();
    for i in 0..clean.len() {
        for j in i..clean.len() {
            x.push(clean[i] * clean[j]);
        }
    }
    x
}

/// `x`'s measured features held within `low..=high`, expanded again with their products.
fn bounded(x: &[f64], low: &[f64], high: &[f64]) -> PairFeatures {
    let scalars: Vec<f64> = x
        .iter()
        .take(SCALAR_FEATURES.len())
        .enumerate()
        .map(|(k, v)| match (low.get(k), high.get(k)) {
            (Some(lo), Some(hi)) if lo <= hi && v.is_finite() => v.clamp(*lo, *hi),
            _ => *v,
        })
        .collect();
    expand(&scalars)
}

/// The value below which a share `p` of `values` lies (nearest rank; 0 for none).
fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return 0.0;
    }
    sorted.sort_by(f64::total_cmp);
    let rank = (p.clamp(0.0, 1.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank]
}

/// Jaccard similarity of two sets given as sorted, distinct keys (see
/// [`Unit::word_keys`]).
fn sorted_jaccard(a: &[u64], b: &[u64]) -> f64 {
    let shared = shared_keys(a, b);
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// The doc-comment header of a generated weight file: `title` (what the file is and that
/// it must not be edited), then each line of `provenance` (how it was made and rebuilt).
pub fn generated_header(title: &str, provenance: &str) -> String {
    let mut out = format!("//! {title}\n");
    for line in provenance.lines() {
        out.push_str(&format!("//! {line}\n"));
    }
    out
}

/// Numbers as the items of a Rust array literal (`1.0, -0.5`), each written so that it
/// reads back exactly: the shipped weight files are generated with it.
pub fn rust_list<T: std::fmt::Debug>(values: &[T]) -> String {
    values
        .iter()
        .map(|x| format!("{x:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A trained judge: standardisation, weights, bias and the probability at which a pair
/// counts as the same claim.
#[derive(Debug, Clone, PartialEq)]
pub struct PairJudge {
    /// Lowest value of each measured feature the judge reads (the least over the
    /// training pairs): a pair outside the range it was trained on is read at the
    /// range's edge, so products of far-out values cannot give it a certainty no
    /// training pair had.
    pub low: std::borrow::Cow<'static, [f64]>,
    /// Highest value of each measured feature the judge reads (the greatest over the
    /// training pairs).
    pub high: std::borrow::Cow<'static, [f64]>,
    /// Least embedding cosine of a pair the judge takes for one claim: that of the
    /// least similar twentieth of the training paraphrases. Sentences of one story
    /// share names and topic words, so pairs less similar than nearly all paraphrases
    /// are different claims about one event however their words overlap.
    pub min_cosine: f64,
    /// Mean of each feature over the training pairs.
    pub means: std::borrow::Cow<'static, [f64]>,
    /// Standard deviation of each feature over the training pairs (1 where it is 0).
    pub scales: std::borrow::Cow<'static, [f64]>,
    /// Weight of each standardised feature.
    pub weights: std::borrow::Cow<'static, [f64]>,
    /// Intercept.
    pub bias: f64,
    /// Probability at or above which two sentences are the same claim.
    pub threshold: f64,
}

/// L2 penalty of the training (on standardised features, per pair): the pairwise
/// products are many and correlated, so they are held back.
const L2: f64 = 3e-2;
/// Newton steps: the penalised log-likelihood is convex and smooth, so a few dozen
/// reach its optimum to machine precision.
const NEWTON_STEPS: usize = 30;

/// A logistic regression fitted on standardised features: each feature's training mean
/// and standard deviation (1 where it is 0), and the weights and bias on the
/// standardised values.
#[derive(Debug, Clone, PartialEq)]
pub struct StandardisedFit {
    /// Mean of each feature over the training samples.
    pub means: Vec<f64>,
    /// Standard deviation of each feature (1 where it is 0).
    pub scales: Vec<f64>,
    /// Weight of each standardised feature.
    pub weights: Vec<f64>,
    /// Intercept.
    pub bias: f64,
}

/// Standardise `samples` (`(features, label)`, all of one length), then fit an
/// L2-penalised logistic regression (`l2` per sample; the bias is not penalised) by
/// Newton's method from zero. Deterministic. The pair judge and the tone model fit
/// with it.
pub fn fit_standardised(samples: &[(Vec<f64>, bool)], l2: f64) -> StandardisedFit {
    let dimension = samples.first().map_or(0, |(x, _)| x.len());
    let n = samples.len() as f64;
    let mut means = vec![0.0; dimension];
    let mut scales = vec![0.0; dimension];
    for (x, _) in samples {
        for k in 0..dimension {
            means[k] += x[k] / n;
        }
    }
    for (x, _) in samples {
        for k in 0..dimension {
            scales[k] += (x[k] - means[k]).powi(2) / n;
        }
    }
    for scale in &mut scales {
        *scale = if *scale > 1e-12 { scale.sqrt() } else { 1.0 };
    }
    let standardised: Vec<(Vec<f64>, f64)> = samples
        .iter()
        .map(|(x, y)| {
            let z = (0..dimension)
                .map(|k| (x[k] - means[k]) / scales[k])
                .collect();
            (z, if *y { 1.0 } else { 0.0 })
        })
        .collect();
    let (weights, bias) = newton(&standardised, dimension, l2);
    StandardisedFit {
        means,
        scales,
        weights,
        bias,
    }
}

/// Penalised logistic regression by Newton's method from zero: weights and intercept
/// (the intercept is not penalised). Deterministic.
fn newton(samples: &[(Vec<f64>, f64)], dimension: usize, l2: f64) -> (Vec<f64>, f64) {
    // Parameter k < dimension is a weight; the last one is the intercept.
    let size = dimension + 1;
    let n = samples.len() as f64;
    let mut theta = vec![0.0; size];
    for _ in 0..NEWTON_STEPS {
        let mut gradient = vec![0.0; size];
        let mut hessian = vec![0.0; size * size];
        for (z, y) in samples {
            let s: f64 = theta[dimension] + z.iter().zip(&theta).map(|(a, w)| a * w).sum::<f64>();
            let p = 1.0 / (1.0 + (-s).exp());
            let (error, curvature) = ((p - y) / n, p * (1.0 - p) / n);
            let value = |k: usize| if k < dimension { z[k] } else { 1.0 };
            for i in 0..size {
                let vi = value(i);
                gradient[i] += error * vi;
                if vi == 0.0 {
                    continue;
                }
                for j in i..size {
                    hessian[i * size + j] += curvature * vi * value(j);
                }
            }
        }
        for i in 0..size {
            for j in 0..i {
                hessian[i * size + j] = hessian[j * size + i];
            }
            if i < dimension {
                gradient[i] += l2 * theta[i];
                hessian[i * size + i] += l2;
            }
        }
        let Some(step) = solve(&hessian, &gradient, size) else {
            break;
        };
        let largest = step.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        theta.iter_mut().zip(&step).for_each(|(t, d)| *t -= d);
        if largest < 1e-10 {
            break;
        }
    }
    let bias = theta.pop().unwrap_or(0.0);
    (theta, bias)
}

/// Solve `matrix · x = vector` for a symmetric positive definite `matrix` (Cholesky);
/// `None` if it is not positive definite.
fn solve(matrix: &[f64], vector: &[f64], size: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; size * size];
    for i in 0..size {
        for j in 0..=i {
            let mut sum = matrix[i * size + j];
            for k in 0..j {
                sum -= l[i * size + k] * l[j * size + k];
            }
            if i == j {
                if sum <= 0.0 {
                    return None;
                }
                l[i * size + i] = sum.sqrt();
            } else {
                l[i * size + j] = sum / l[j * size + j];
            }
        }
    }
    let mut y = vec![0.0; size];
    for i in 0..size {
        let sum: f64 = (0..i).map(|k| l[i * size + k] * y[k]).sum();
        y[i] = (vector[i] - sum) / l[i * size + i];
    }
    let mut x = vec![0.0; size];
    for i in (0..size).rev() {
        let sum: f64 = (i + 1..size).map(|k| l[k * size + i] * x[k]).sum();
        x[i] = (y[i] - sum) / l[i * size + i];
    }
    Some(x)
}

impl PairJudge {
    /// The judge shipped with Parallax (trained on news paraphrase pairs; see
    /// `judge_weights.rs` for how it was made).
    pub fn builtin() -> &'static PairJudge {
        &crate::judge_weights::BUILTIN
    }

    /// Probability that the two sentences state the same claim.
    pub fn probability(&self, x: &[f64]) -> f64 {
        self.probability_with(x, 0.0)
    }

    /// The probability with `log_odds` of further evidence added to the judge's.
    pub fn probability_with(&self, x: &[f64], log_odds: f64) -> f64 {
        let x = self.bounded(x);
        let mut z = self.bias + log_odds;
        for (k, value) in x.iter().enumerate().take(self.weights.len()) {
            z += self.weights[k] * (value - self.means[k]) / self.scales[k];
        }
        1.0 / (1.0 + (-z).exp())
    }

    /// Whether the two sentences state the same claim. Conflicting figures never do:
    /// they stay apart as contradiction candidates.
    pub fn same(&self, x: &[f64]) -> bool {
        self.judge(x).is_some()
    }

    /// The probability of a pair the judge takes for one claim, `None` for any other
    /// (the same decision as [`PairJudge::same`], reading the model once).
    pub fn judge(&self, x: &[f64]) -> Option<f64> {
        self.judge_with(x, 0.0, self.min_cosine)
    }

    /// [`PairJudge::judge`] with evidence from outside the two sentences: `log_odds`
    /// added to the judge's, and `min_cosine` in place of [`PairJudge::min_cosine`].
    /// With `(0.0, self.min_cosine)` it is the judge's own decision.
    pub fn judge_with(&self, x: &[f64], log_odds: f64, min_cosine: f64) -> Option<f64> {
        if x.get(FIGURES_CONFLICT) != Some(&0.0) {
            return None;
        }
        if x.get(COSINE).is_none_or(|c| *c < min_cosine) {
            return None;
        }
        let probability = self.probability_with(x, log_odds);
        (probability >= self.threshold).then_some(probability)
    }

    /// The features as the judge reads them: each measured one held within the
    /// training range, and the products recomputed from those.
    fn bounded(&self, x: &[f64]) -> PairFeatures {
        bounded(x, &self.low, &self.high)
    }

    /// Fit a judge to labelled pairs: standardise, then penalised logistic regression
    /// by Newton's method (deterministic); a pair is the same claim from probability
    /// one half. `None` without pairs of both labels.
    pub fn train(samples: &[(PairFeatures, bool)]) -> Option<PairJudge> {
        let positives = samples.iter().filter(|(_, y)| *y).count();
        if positives == 0 || positives == samples.len() {
            return None;
        }
        let scalars = SCALAR_FEATURES.len();
        let column = |k: usize| {
            samples
                .iter()
                .map(move |(x, _)| x.get(k).copied().unwrap_or(0.0))
        };
        let (low, high): (Vec<f64>, Vec<f64>) = (0..scalars)
            .map(|k| {
                let values: Vec<f64> = column(k).collect();
                (
                    percentile(&values, RANGE_PERCENTILES.0),
                    percentile(&values, RANGE_PERCENTILES.1),
                )
            })
            .unzip();
        let paraphrase_cosines: Vec<f64> = samples
            .iter()
            .filter(|(_, y)| *y)
            .map(|(x, _)| x.get(COSINE).copied().unwrap_or(0.0))
            .collect();
        let min_cosine = percentile(&paraphrase_cosines, MIN_COSINE_PERCENTILE);
        let samples: Vec<(PairFeatures, bool)> = samples
            .iter()
            .map(|(x, y)| (bounded(x, &low, &high), *y))
            .collect();
        let fit = fit_standardised(&samples, L2);
        Some(PairJudge {
            low: low.into(),
            high: high.into(),
            min_cosine,
            means: fit.means.into(),
            scales: fit.scales.into(),
            weights: fit.weights.into(),
            bias: fit.bias,
            threshold: 0.5,
        })
    }

    /// The judge as Rust source, for `judge_weights.rs`.
    pub fn to_rust(&self, provenance: &str) -> String {
        let mut out = generated_header(
            "The shipped pair judge. Generated by `parallax model train-pairs`; do not edit.",
            provenance,
        );
        out.push_str(&format!(
            "//!\n//! Features: {}, then the product of every two of them.\n\nuse std::borrow::Cow;\n\nuse crate::judge::PairJudge;\n\n/// The judge `PairJudge::builtin` returns.\n#[rustfmt::skip]\npub(crate) static BUILTIN: PairJudge = PairJudge {{\n    low: Cow::Borrowed(&[{}]),\n    high: Cow::Borrowed(&[{}]),\n    min_cosine: {:?},\n    means: Cow::Borrowed(&[{}]),\n    scales: Cow::Borrowed(&[{}]),\n    weights: Cow::Borrowed(&[{}]),\n    bias: {:?},\n    threshold: {:?},\n}};\n",
            SCALAR_FEATURES.join(", "),
            rust_list(&self.low),
            rust_list(&self.high),
            self.min_cosine,
            rust_list(&self.means),
            rust_list(&self.scales),
            rust_list(&self.weights),
            self.bias,
            self.threshold
        ));
        out
    }
}

/// Synthetic pairs for the tests of the judge and of the decision that uses it.
#[cfg(test)]
pub(crate) mod test_pairs {
    use super::{expand, PairFeatures, PairJudge};

    /// The features of a pair whose overlaps all equal `overlap`, at embedding `cosine`.
    pub(crate) fn features(overlap: f64, cosine: f64) -> PairFeatures {
        let scalars = [
            overlap,
            cosine,
            overlap,
            overlap,
            overlap,
            0.8,
            0.0,
            0.0,
            0.0,
            (1.0 - overlap) * 4.0,
            (1.0 - overlap) * 6.0,
            overlap * 0.8,
            2.0,
            overlap,
        ];
        expand(&scalars)
    }

    /// A judge trained on pairs whose overlap and cosine both rise with being one
    /// claim (its cosine floor lies above 0.7).
    pub(crate) fn trained() -> PairJudge {
        let mut samples = Vec::new();
        for i in 0..40 {
            let t = f64::from(i) / 40.0;
            samples.push((features(0.5 + 0.4 * t, 0.7 + 0.25 * t), true));
            samples.push((features(0.1 + 0.3 * t, 0.2 + 0.3 * t), false));
        }
        PairJudge::train(&samples).expect("both labels present")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(overlap: f64, cosine: f64, same: bool) -> (PairFeatures, bool) {
        (test_pairs::features(overlap, cosine), same)
    }

    #[test]
    fn training_learns_that_closer_pairs_are_the_same_claim() {
        let mut samples = Vec::new();
        for i in 0..40 {
            let t = f64::from(i) / 40.0;
            samples.push(sample(0.5 + 0.4 * t, 0.7 + 0.25 * t, true));
            samples.push(sample(0.1 + 0.3 * t, 0.2 + 0.3 * t, false));
        }
        let judge = PairJudge::train(&samples).expect("both labels present");
        assert!(judge.same(&sample(0.8, 0.9, true).0));
        assert!(!judge.same(&sample(0.15, 0.25, false).0));
        // Deterministic: the same pairs give the same judge.
        assert_eq!(PairJudge::train(&samples), Some(judge));
    }

    fn trained() -> PairJudge {
        test_pairs::trained()
    }

    #[test]
    fn values_beyond_the_training_range_read_as_its_edge() {
        let judge = trained();
        let with_difference = |difference: f64| {
            let mut x = sample(0.8, 0.9, true).0;
            x[12] = difference;
            expand(&x[..SCALAR_FEATURES.len()])
        };
        let edge = judge.high[12];
        assert_eq!(
            judge.probability(&with_difference(1000.0)),
            judge.probability(&with_difference(edge))
        );
    }

    #[test]
    fn pairs_less_similar_than_nearly_every_paraphrase_are_never_one_claim() {
        let judge = trained();
        // The training paraphrases' cosines run from 0.7 up; the judge's floor is
        // their 5th percentile.
        assert!(judge.min_cosine > 0.7 && judge.min_cosine < 0.75);
        assert!(judge.same(&sample(0.9, 0.9, true).0));
        assert!(!judge.same(&sample(0.9, 0.6, true).0));
    }

    #[test]
    fn training_needs_both_labels() {
        assert_eq!(PairJudge::train(&[sample(0.9, 0.9, true)]), None);
    }

    #[test]
    fn conflicting_figures_are_never_the_same_claim() {
        let judge = PairJudge::builtin();
        let mut x = sample(1.0, 1.0, true).0;
        assert!(judge.same(&x));
        x[FIGURES_CONFLICT] = 1.0;
        assert!(!judge.same(&x));
    }

    #[test]
    fn cholesky_solves_a_positive_definite_system_and_refuses_others() {
        let x = solve(&[4.0, 2.0, 2.0, 3.0], &[2.0, 5.0], 2).expect("positive definite");
        assert!((4.0 * x[0] + 2.0 * x[1] - 2.0).abs() < 1e-12);
        assert!((2.0 * x[0] + 3.0 * x[1] - 5.0).abs() < 1e-12);
        assert_eq!(solve(&[1.0, 2.0, 2.0, 1.0], &[1.0, 1.0], 2), None);
    }

    #[test]
    fn products_follow_the_measured_features() {
        let x = expand(&[2.0, 3.0, f64::NAN]);
        assert_eq!(x, [2.0, 3.0, 0.0, 4.0, 6.0, 0.0, 9.0, 0.0, 0.0]);
    }

    #[test]
    fn the_shipped_judge_matches_the_features() {
        let judge = PairJudge::builtin();
        assert_eq!(judge.weights.len(), FEATURES);
        assert_eq!(judge.means.len(), FEATURES);
        assert_eq!(judge.low.len(), SCALAR_FEATURES.len());
        assert!(judge.low.iter().zip(judge.high.iter()).all(|(l, h)| l <= h));
        assert!(judge.scales.iter().all(|s| *s > 0.0));
        assert!(judge
            .to_rust("test")
            .contains("pub(crate) static BUILTIN: PairJudge"));
    }
}
