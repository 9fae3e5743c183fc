//! Similar sentence pairs across articles, found through an inverted index so that a
//! 200-article story does not cost a comparison of every sentence with every other.

use parallax_text::numbers::QuantityKey;

use crate::units::{Idf, Unit};

/// Similarity added for each figure two sentences both state, up to
/// [`FIGURES_COUNTED`] of them: outlets that put a claim in different words keep its
/// figures ("4.75% to 4.5%", "4.50 percent from 4.75 percent").
pub const SHARED_QUANTITY_BONUS: f64 = 0.15;

/// Most shared figures that add to a pair's similarity: two distinct figures in common
/// already mark the same claim, and a cap keeps long lists of amounts from aligning on
/// figures alone.
pub const FIGURES_COUNTED: usize = 2;

/// Terms in more than this share of a large story's sentences are left out of candidate
/// generation (they carry almost no weight, and their postings would make the search
/// quadratic); similarities of the pairs found are still computed exactly.
const COMMON_TERM_SHARE: f64 = 0.05;

/// Stories with fewer units than this use every term for candidates.
const SMALL_STORY_UNITS: usize = 400;

/// Most candidates kept per unit: those sharing the most indexed weight.
const MAX_CANDIDATES: usize = 512;

/// Candidates (of the best-sharing) whose similarity is computed exactly.
const EXACT_CANDIDATES: usize = 64;

/// IDF-weighted cosine of the two units' binary term vectors, plus a bonus per shared
/// figure.
pub fn similarity(a: &Unit, b: &Unit, idf: &Idf) -> f64 {
    similarity_with_norms(a, b, idf, idf.norm(a), idf.norm(b))
}

fn similarity_with_norms(a: &Unit, b: &Unit, idf: &Idf, norm_a: f64, norm_b: f64) -> f64 {
    if norm_a == 0.0 || norm_b == 0.0 {
        return 0.0;
    }
    let shared = shared_weight(&a.terms, &b.terms, idf);
    shared / (norm_a * norm_b)
        + SHARED_QUANTITY_BONUS * shared_figures(&a.figure_keys, &b.figure_keys) as f64
}

/// Sum of squared weights of the terms two sorted id lists share.
fn shared_weight(a: &[u32], b: &[u32], idf: &Idf) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += idf.weight_squared(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// How many distinct figures of `a` also appear in `b`, at most [`FIGURES_COUNTED`].
fn shared_figures(a: &[QuantityKey], b: &[QuantityKey]) -> usize {
    let mut shared: Vec<&QuantityKey> = Vec::with_capacity(FIGURES_COUNTED);
    for key in a {
        if shared.len() == FIGURES_COUNTED {
            break;
        }
        if b.contains(key) && !shared.contains(&key) {
            shared.push(key);
        }
    }
    shared.len()
}

/// For each unit, the units of other articles at least `min_similarity` similar to it,
/// in unit order.
pub fn neighbours(units: &[Unit], idf: &Idf, min_similarity: f64) -> Vec<Vec<(usize, f64)>> {
    let vocabulary = units
        .iter()
        .flat_map(|u| u.terms.iter())
        .max()
        .map_or(0, |m| *m as usize + 1);
    let common_cutoff = if units.len() < SMALL_STORY_UNITS {
        u32::MAX
    } else {
        (units.len() as f64 * COMMON_TERM_SHARE) as u32
    };
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); vocabulary];
    for (i, unit) in units.iter().enumerate() {
        for term in &unit.terms {
            if idf.frequency(*term) <= common_cutoff {
                postings[*term as usize].push(i);
            }
        }
    }
    let norms: Vec<f64> = units.iter().map(|u| idf.norm(u)).collect();
    let mut out = vec![Vec::new(); units.len()];
    // Shared weight over the indexed terms, accumulated per candidate; reset per unit.
    let mut shared = vec![0.0f64; units.len()];
    let mut touched: Vec<usize> = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        for term in &unit.terms {
            let weight = idf.weight_squared(*term);
            for &j in postings.get(*term as usize).map_or(&[][..], Vec::as_slice) {
                if j != i && units[j].article != unit.article {
                    if shared[j] == 0.0 {
                        touched.push(j);
                    }
                    shared[j] += weight;
                }
            }
        }
        // Exact similarity for the candidates sharing the most indexed weight; for the
        // rest, the similarity of the indexed terms alone, a lower bound (the common
        // terms left out can only add to it).
        touched.sort_unstable_by(|a, b| shared[*b].total_cmp(&shared[*a]).then(a.cmp(b)));
        for &j in touched.iter().skip(MAX_CANDIDATES) {
            shared[j] = 0.0;
        }
        touched.truncate(MAX_CANDIDATES);
        let mut found: Vec<(usize, f64)> = touched
            .iter()
            .enumerate()
            .map(|(rank, &j)| {
                let similarity = if rank < EXACT_CANDIDATES {
                    similarity_with_norms(unit, &units[j], idf, norms[i], norms[j])
                } else if norms[i] > 0.0 && norms[j] > 0.0 {
                    shared[j] / (norms[i] * norms[j])
                } else {
                    0.0
                };
                (j, similarity)
            })
            .filter(|(_, s)| *s >= min_similarity)
            .collect();
        found.sort_unstable_by_key(|(j, _)| *j);
        out[i] = found;
        for j in touched.drain(..) {
            shared[j] = 0.0;
        }
    }
    out
}
