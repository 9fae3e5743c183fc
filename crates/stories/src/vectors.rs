//! TF-IDF vectors over an article batch, and the stable hash used for ids and shingles.

use std::collections::BTreeMap;

use parallax_model::Article;
use parallax_text::words::{content_terms, names};

/// FNV-1a, 64 bit: stable across platforms and releases (unlike `std`'s hasher), so ids
/// and stored signatures survive upgrades.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A sparse, L2-normalised vector keyed by term.
pub type Vector = BTreeMap<String, f64>;

/// Terms of an article: content words of the title (counted twice: headlines name the
/// event) and text, plus its multi-word names as single terms.
pub fn article_terms(article: &Article) -> Vec<String> {
    let title = article.title.as_deref().unwrap_or("");
    let mut terms = content_terms(title);
    terms.extend(content_terms(title));
    terms.extend(content_terms(&article.text));
    for name in names(title).into_iter().chain(names(&article.text)) {
        if name.contains(' ') {
            terms.push(format!("name:{}", name.to_lowercase()));
        }
    }
    terms
}

/// TF-IDF vectors (sublinear term frequency, smoothed IDF) of term lists.
pub fn tfidf(documents: &[Vec<String>]) -> Vec<Vector> {
    let mut document_frequency: BTreeMap<&str, usize> = BTreeMap::new();
    for terms in documents {
        let mut unique: Vec<&str> = terms.iter().map(String::as_str).collect();
        unique.sort_unstable();
        unique.dedup();
        for term in unique {
            *document_frequency.entry(term).or_default() += 1;
        }
    }
    let n = documents.len() as f64;
    documents
        .iter()
        .map(|terms| {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for term in terms {
                *counts.entry(term.as_str()).or_default() += 1;
            }
            let vector: Vector = counts
                .into_iter()
                .map(|(term, count)| {
                    let df = document_frequency.get(term).copied().unwrap_or(1) as f64;
                    let idf = ((1.0 + n) / (1.0 + df)).ln() + 1.0;
                    (term.to_string(), (1.0 + (count as f64).ln()) * idf)
                })
                .collect();
            normalise(vector)
        })
        .collect()
}

/// Scale a vector to unit length (the zero vector stays zero).
pub fn normalise(mut vector: Vector) -> Vector {
    let norm = vector.values().map(|v| v * v).sum::<f64>().sqrt();
    if norm > 0.0 {
        vector.values_mut().for_each(|v| *v /= norm);
    }
    vector
}

/// Dot product of two sparse vectors.
pub fn dot(a: &Vector, b: &Vector) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(term, x)| large.get(term).map(|y| x * y))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_hash_is_fnv1a() {
        assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn identical_documents_have_cosine_one_and_disjoint_zero() {
        let docs = vec![
            vec!["bank".to_string(), "rate".into()],
            vec!["bank".to_string(), "rate".into()],
            vec!["ferry".to_string()],
        ];
        let v = tfidf(&docs);
        assert!((dot(&v[0], &v[1]) - 1.0).abs() < 1e-9);
        assert_eq!(dot(&v[0], &v[2]), 0.0);
    }
}
