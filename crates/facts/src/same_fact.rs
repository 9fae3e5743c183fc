//! The one decision whether two sentences of different articles become one fact. Fact
//! alignment takes it for every candidate pair of a story, and `parallax pairs` for
//! every pair it is given, so both answer alike.
//!
//! A pair is one fact when it can be one (no conflicting figures or days, and one
//! sentence's words back the other, as a citation needs) and, for embedded sentences,
//! either the pair judge takes it for one claim (it finds rewordings) or both quote the
//! same words (the judge, fitted on news paraphrases, vetoes one quotation cut at
//! different places: read on real events, most of the pairs it vetoed among sentences
//! sharing most of their words). Sentences deeper in articles than those embedded have
//! no judge: there the words decide, as they did before the judge.
//!
//! A looser override, "the words are similar enough", was measured and dropped: it joined
//! more sentences of real events, but on news paraphrase pairs (MRPC) the pairs it adds
//! to the judge's are as often different claims as the same (5-fold accuracy 0.751 ->
//! 0.713), while a shared quotation keeps the judge's figures.

use parallax_embed::Embedder;
use parallax_text::loaded::Lexicon;

use crate::contradictions::{conflicting_pair, dates_conflict};
use crate::judge::{pair_features, PairFeatures, PairJudge};
use crate::neighbours::similarity;
use crate::units::{idf, text_units, Unit};
use crate::verify::MIN_SUPPORT_OVERLAP;
use crate::FactOptions;

/// What the decision reads of a pair of sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct PairEvidence {
    /// The pair judge's features, when both sentences are embedded (alignment leaves
    /// them out of an incompatible pair, which no judge makes one fact).
    pub features: Option<PairFeatures>,
    /// Word similarity, IDF-weighted over the sentences read together (a story's, or all
    /// those of one `parallax pairs` input).
    pub similarity: f64,
    /// Whether the pair can be one fact at all: no conflicting figures or days, and one
    /// sentence contains enough of the other's words to back it.
    pub compatible: bool,
    /// The longest run of words both sentences quote (inside quotation marks).
    pub shared_quotation: usize,
}

impl PairEvidence {
    /// The evidence on units `a` and `b`, with their embeddings (empty when not
    /// embedded) and their word similarity. The judge's features are computed only for
    /// a compatible, embedded pair: no other pair needs them.
    pub fn of(a: &Unit, b: &Unit, va: &[f32], vb: &[f32], similarity: f64) -> PairEvidence {
        PairEvidence::gather(a, b, va, vb, similarity, false)
    }

    /// [`PairEvidence::of`], with the judge's features of every embedded pair when
    /// `features_of_incompatible` (a judge is trained on them too).
    fn gather(
        a: &Unit,
        b: &Unit,
        va: &[f32],
        vb: &[f32],
        similarity: f64,
        features_of_incompatible: bool,
    ) -> PairEvidence {
        let compatible = !figures_conflict(a, b) && (supports(a, b) || supports(b, a));
        let embedded = !va.is_empty() && !vb.is_empty();
        PairEvidence {
            features: (embedded && (compatible || features_of_incompatible))
                .then(|| pair_features(a, b, va, vb)),
            similarity,
            compatible,
            shared_quotation: if compatible {
                shared_quotation(a, b)
            } else {
                0
            },
        }
    }
}

/// Least number of consecutive words two sentences must both quote for the quotation to
/// make them one fact: six quoted words in the same order are not a coincidence.
pub const MIN_SHARED_QUOTATION: usize = 6;

/// The score of a pair that is one fact (the judge's probability, or the word similarity
/// where the words or a shared quotation decide), `None` for a pair that is not.
pub fn same_fact(evidence: &PairEvidence, judge: &PairJudge, min_similarity: f64) -> Option<f64> {
    if !evidence.compatible {
        return None;
    }
    let Some(x) = evidence.features.as_ref() else {
        // Without embeddings the words decide (the aligner's rule for the sentences
        // deeper in articles than those embedded).
        return (evidence.similarity >= min_similarity).then_some(evidence.similarity);
    };
    judge.judge(x).or_else(|| {
        (evidence.shared_quotation >= MIN_SHARED_QUOTATION).then_some(evidence.similarity)
    })
}

/// The evidence on sentence pairs outside any story (`parallax pairs`): every text is
/// embedded, and the word weights come from all the texts given together, as alignment
/// takes them from a story's sentences. Every pair has the judge's features, so that a
/// judge can be trained on them.
pub fn text_pair_evidence(pairs: &[(&str, &str)], embedder: &dyn Embedder) -> Vec<PairEvidence> {
    let texts: Vec<&str> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
    let units = text_units(&texts, &FactOptions::default(), Lexicon::builtin());
    let weights = idf(&units);
    let vectors = embedder.embed(&texts);
    let none = Vec::new();
    (0..pairs.len())
        .map(|k| {
            let (a, b) = (&units[2 * k], &units[2 * k + 1]);
            let va = vectors.get(2 * k).unwrap_or(&none);
            let vb = vectors.get(2 * k + 1).unwrap_or(&none);
            PairEvidence::gather(a, b, va, vb, similarity(a, b, &weights), true)
        })
        .collect()
}

/// The longest run of consecutive words (case aside) that a quoted passage of `a` and a
/// quoted passage of `b` share.
fn shared_quotation(a: &Unit, b: &Unit) -> usize {
    let mut longest = 0;
    for x in &a.quoted {
        for y in &b.quoted {
            longest = longest.max(longest_common_run(x, y));
        }
    }
    longest
}

/// Length of the longest run of consecutive items two lists share.
fn longest_common_run(x: &[String], y: &[String]) -> usize {
    let mut previous = vec![0usize; y.len() + 1];
    let mut longest = 0;
    for item in x {
        let mut current = vec![0usize; y.len() + 1];
        for (j, other) in y.iter().enumerate() {
            if item == other {
                current[j + 1] = previous[j] + 1;
                longest = longest.max(current[j + 1]);
            }
        }
        previous = current;
    }
    longest
}

/// Two units give different values for the same kind of figure and share none, or name
/// different days and share none.
pub(crate) fn figures_conflict(a: &Unit, b: &Unit) -> bool {
    conflicting_pair(a, b).is_some() || dates_conflict(a, b)
}

/// Whether `span` says what `fact` says: it contains at least
/// [`MIN_SUPPORT_OVERLAP`](crate::verify::MIN_SUPPORT_OVERLAP) of the fact's content
/// words (the criterion `parallax verify` checks).
pub(crate) fn supports(span: &Unit, fact: &Unit) -> bool {
    if fact.terms.is_empty() {
        return false;
    }
    let shared = fact
        .terms
        .iter()
        .filter(|t| span.terms.binary_search(t).is_ok())
        .count();
    shared as f64 / fact.terms.len() as f64 >= MIN_SUPPORT_OVERLAP
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DisagreeingEmbedder;

    fn decide(pairs: &[(&str, &str)]) -> Vec<Option<f64>> {
        let judge = PairJudge::builtin();
        let min_similarity = FactOptions::default().min_similarity;
        text_pair_evidence(pairs, &DisagreeingEmbedder)
            .iter()
            .map(|e| same_fact(e, judge, min_similarity))
            .collect()
    }

    #[test]
    fn a_shared_quotation_decides_where_the_judge_says_no_but_never_across_conflicting_figures() {
        let quoted =
            "\"We will rebuild the harbour before the winter storms arrive,\" Mayor Tesk said.";
        let decisions = decide(&[
            (
                quoted,
                "On Monday Mayor Tesk promised: \"We will rebuild the harbour before the winter storms.\"",
            ),
            (
                "The Aldren council approved the $275 million harbour budget, officials said.",
                "On Monday the Aldren council approved the $275 million harbour budget, officials said.",
            ),
            (
                "\"We will rebuild the harbour before the winter storms arrive,\" Mayor Tesk said of the $275 million plan.",
                "On Monday Mayor Tesk said of the $310 million plan: \"We will rebuild the harbour before the winter storms.\"",
            ),
            (
                quoted,
                "On Tuesday a ferry ran aground near Port Tesk and all passengers were rescued.",
            ),
        ]);
        assert!(decisions[0].is_some(), "the same quotation: one fact");
        assert_eq!(
            decisions[1], None,
            "shared words without the judge or a shared quotation are not enough"
        );
        assert_eq!(decisions[2], None, "conflicting figures are never one fact");
        assert_eq!(decisions[3], None, "different events are not one fact");
    }

    #[test]
    fn without_embeddings_the_words_decide() {
        let evidence = PairEvidence {
            features: None,
            similarity: 0.6,
            compatible: true,
            shared_quotation: 0,
        };
        let judge = PairJudge::builtin();
        assert_eq!(same_fact(&evidence, judge, 0.45), Some(0.6));
        assert_eq!(same_fact(&evidence, judge, 0.7), None);
        let incompatible = PairEvidence {
            compatible: false,
            ..evidence
        };
        assert_eq!(same_fact(&incompatible, judge, 0.45), None);
    }

    #[test]
    fn shared_quotation_is_the_longest_run_of_words_both_quote() {
        let shared_quotation = |a: &str, b: &str| {
            let units = text_units(&[a, b], &FactOptions::default(), Lexicon::builtin());
            shared_quotation(&units[0], &units[1])
        };
        assert_eq!(
            shared_quotation(
                "\"The vote was fair and the count was clean,\" she said.",
                "He said \"the count was clean\" and left.",
            ),
            4
        );
        assert_eq!(
            shared_quotation(
                "The vote was fair and the count was clean.",
                "\"The vote was fair and the count was clean.\""
            ),
            0,
            "words outside quotation marks do not count"
        );
    }

    #[test]
    fn evidence_of_text_pairs_always_carries_the_judges_features() {
        let evidence = text_pair_evidence(
            &[("Rain fell on Monday.", "On Tuesday the harbour closed.")],
            &DisagreeingEmbedder,
        );
        assert!(!evidence[0].compatible);
        assert!(
            evidence[0].features.is_some(),
            "a judge can be trained on it"
        );
    }
}
