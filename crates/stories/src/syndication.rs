//! Syndicated copies: an article that reprints another (wire copy) is linked to the
//! original so that it counts as one source everywhere.
//!
//! Copies are found by word 5-shingle containment: the share of the shorter article's
//! shingles that occur in the longer one. Reprints keep the wire text and add or trim a
//! little (their own boilerplate, a last paragraph), which containment tolerates and
//! plain Jaccard does not. Candidate pairs come from MinHash LSH ([`crate::minhash`]), so
//! only articles that share a band are compared, and each candidate is then checked
//! exactly.

use parallax_model::Article;
use parallax_text::words::shared_keys;

use crate::minhash::{candidate_pairs, shingles, Signature};

/// Tuning of copy detection.
#[derive(Debug, Clone, Copy)]
pub struct SyndicationOptions {
    /// Minimum shingle containment for two articles to be copies.
    pub min_containment: f64,
    /// Shingle length in words.
    pub shingle_words: usize,
}

impl Default for SyndicationOptions {
    fn default() -> Self {
        SyndicationOptions {
            min_containment: 0.6,
            shingle_words: 5,
        }
    }
}

/// An article that reprints another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reprint {
    /// Index of the reprint in the input.
    pub copy: usize,
    /// Index of the original it reprints.
    pub original: usize,
}

/// Find reprints among `articles`. `is_wire[i]` tells whether article `i` comes from a
/// wire agency; within a group of copies the original is the wire article, else the
/// earliest published, else the first in input order.
pub fn find_reprints(
    articles: &[Article],
    is_wire: &[bool],
    options: &SyndicationOptions,
) -> Vec<Reprint> {
    let sets: Vec<Vec<u64>> = articles
        .iter()
        .map(|a| shingles(&a.text, options.shingle_words))
        .collect();
    let signatures: Vec<Signature> = sets.iter().map(|s| Signature::of_shingles(s)).collect();
    let n = articles.len();
    // Union-find over copy pairs.
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, j) in candidate_pairs(&signatures) {
        if containment(&sets[i], &sets[j]) >= options.min_containment {
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            parent[a.max(b)] = a.min(b);
        }
    }
    let rank = |i: usize| {
        let wire = is_wire.get(i).copied().unwrap_or(false);
        let published = articles[i].published.clone().unwrap_or_else(|| "~".into());
        (!wire, published, i)
    };
    let mut out = Vec::new();
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        let r = root(&mut parent, i);
        groups[r].push(i);
    }
    for (group_root, members) in groups.into_iter().enumerate() {
        if members.len() < 2 {
            continue;
        }
        let original = members
            .iter()
            .copied()
            .min_by_key(|&i| rank(i))
            .unwrap_or(group_root);
        out.extend(
            members
                .into_iter()
                .filter(|&i| i != original)
                .map(|copy| Reprint { copy, original }),
        );
    }
    out.sort_by_key(|r| r.copy);
    out
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Share of the smaller sorted set found in the larger (shingle containment for copies;
/// the story engine uses it for shared figures too).
pub(crate) fn containment(a: &[u64], b: &[u64]) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    shared_keys(a, b) as f64 / smaller as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, published: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            url: None,
            outlet: None,
            title: None,
            published: Some(published.into()),
            text: text.into(),
            lean: None,
        }
    }

    const WIRE: &str = "The harbour authority closed berths four to nine on Monday after inspectors found cracks in the quay wall. Repairs are expected to take three weeks, a spokesperson said, and shipping will be diverted to the northern terminal in the meantime.";

    #[test]
    fn a_reprint_with_extra_lines_links_to_the_wire_original() {
        let reprint = format!("{WIRE}\n\nThis article first appeared on a wire service.");
        let articles = [
            article("paper", "2026-10-14", &reprint),
            article("wire", "2026-10-14", WIRE),
            article(
                "other",
                "2026-10-14",
                "Ferry fares will rise by five percent next year, the operator said.",
            ),
        ];
        let reprints = find_reprints(
            &articles,
            &[false, true, false],
            &SyndicationOptions::default(),
        );
        assert_eq!(
            reprints,
            [Reprint {
                copy: 0,
                original: 1
            }]
        );
    }

    #[test]
    fn without_a_wire_the_earliest_is_the_original() {
        let articles = [
            article("late", "2026-10-15", WIRE),
            article("early", "2026-10-14", WIRE),
        ];
        let reprints = find_reprints(&articles, &[false, false], &SyndicationOptions::default());
        assert_eq!(
            reprints,
            [Reprint {
                copy: 0,
                original: 1
            }]
        );
    }

    #[test]
    fn paraphrased_reports_are_not_copies() {
        let articles = [
            article("a", "2026-10-14", WIRE),
            article("b", "2026-10-14", "Cracks in the quay wall forced the port to shut six berths; officials expect three weeks of repairs while ships use the north terminal."),
        ];
        assert!(
            find_reprints(&articles, &[false, false], &SyndicationOptions::default()).is_empty()
        );
    }
}
