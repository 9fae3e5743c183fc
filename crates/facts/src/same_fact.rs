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
//! **Story context.** A pair of sentences from one story carries evidence a bare pair
//! lacks: where each stands in its article. The decision is one rule for both: a pair is
//! one claim when the odds that it is, given everything known of it, are at least even.
//! The judge gives the log-odds read from the two sentences (what `parallax pairs` is
//! asked about); the context adds its own log-odds, as independent evidence does, and 0
//! when there is none. So `parallax pairs` without context is the MRPC-trained judge
//! exactly (its 5-fold figures are unchanged), and a line that gives the sentences'
//! positions is decided as alignment decides it. The only context read so far: both
//! sentences open their articles ([`StoryContext::leads`]). News writing puts the event
//! in the first sentence, so two leads of one story are far more often one claim than
//! the paraphrase candidates the judge was trained on: they get [`LEAD_LOG_ODDS`] and
//! may be accepted from an embedding cosine of [`LEAD_MIN_COSINE`] (the judge's own floor
//! is the 5th percentile of the training paraphrases', 0.61). The two values and the lead
//! length were chosen by grouped 5-fold cross-validation over the events of the tuning
//! half A of `eval/alignment.labels.jsonl` (a grid over lead length 1–3, log-odds 0–4
//! and floor 0.45–0.61, by accuracy on the labelled pairs; every fold chose lead length
//! 1 and floor 0.55, four of five log-odds 1.0). Label-level decisions on the held-out
//! half B: accuracy 0.811 -> 0.825, recall 0.761 -> 0.803, precision 0.844 -> 0.838.
//! Conflicting figures or days still never make one fact, and citations still need the
//! words `parallax verify` checks ([`PairEvidence::compatible`]).
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
    /// Where the two sentences stand in their story, when they come from one (`None`
    /// for a bare pair of sentences, as `parallax pairs` reads them).
    pub context: Option<StoryContext>,
}

/// What alignment knows of a pair that a bare pair of sentences lacks: both come from
/// articles of one story, at these positions (0 = the article's first sentence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoryContext {
    /// Position of each sentence in its article.
    pub positions: (usize, usize),
}

impl StoryContext {
    /// Whether both sentences open their articles: the leads of two reports of one
    /// event.
    pub fn leads(&self) -> bool {
        self.positions.0.max(self.positions.1) < LEAD_SENTENCES
    }

    /// The evidence the context adds to the judge's, as log-odds (0 where it has none),
    /// and the least embedding cosine it lets the judge accept.
    fn evidence(&self, judge: &PairJudge) -> (f64, f64) {
        if self.leads() {
            (LEAD_LOG_ODDS, LEAD_MIN_COSINE.min(judge.min_cosine))
        } else {
            (0.0, judge.min_cosine)
        }
    }
}

/// Sentences at the top of an article that count as its lead (chosen with
/// [`LEAD_LOG_ODDS`], see the module documentation).
pub const LEAD_SENTENCES: usize = 1;

/// Log-odds that two leads of one story add to the judge's: an odds ratio of about
/// 2.7 (cross-validated by event on the tuning half of the alignment labels).
pub const LEAD_LOG_ODDS: f64 = 1.0;

/// Least embedding cosine of two leads that can be one claim (the candidate floor of
/// alignment's embedding search, `0.55`; the judge's own floor is higher).
pub const LEAD_MIN_COSINE: f64 = 0.55;

impl PairEvidence {
    /// The evidence on units `a` and `b` of one story, with their embeddings (empty
    /// when not embedded), their word similarity and their positions as context. The
    /// judge's features are computed only for a compatible, embedded pair: no other
    /// pair needs them.
    pub fn of(a: &Unit, b: &Unit, va: &[f32], vb: &[f32], similarity: f64) -> PairEvidence {
        PairEvidence {
            context: Some(StoryContext {
                positions: (a.position, b.position),
            }),
            ..PairEvidence::gather(a, b, va, vb, similarity, false)
        }
    }

    /// [`PairEvidence::of`] without context, with the judge's features of every
    /// embedded pair when `features_of_incompatible` (a judge is trained on them too).
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
            context: None,
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
    let decided = match evidence.context {
        Some(context) => {
            let (log_odds, min_cosine) = context.evidence(judge);
            judge.judge_with(x, log_odds, min_cosine)
        }
        None => judge.judge(x),
    };
    decided.or_else(|| {
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
            context: None,
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

    fn trained_judge() -> PairJudge {
        crate::judge::test_pairs::trained()
    }

    fn evidence_with(overlap: f64, cosine: f64, context: Option<StoryContext>) -> PairEvidence {
        PairEvidence {
            features: Some(crate::judge::test_pairs::features(overlap, cosine)),
            similarity: 0.0,
            compatible: true,
            shared_quotation: 0,
            context,
        }
    }

    #[test]
    fn without_context_the_decision_is_the_judges_own() {
        let judge = trained_judge();
        for step in 0..=20 {
            let t = f64::from(step) / 20.0;
            let evidence = evidence_with(t, 0.5 + 0.5 * t, None);
            let x = evidence.features.as_ref().unwrap();
            assert_eq!(same_fact(&evidence, &judge, 0.45), judge.judge(x));
        }
    }

    #[test]
    fn two_leads_add_evidence_that_other_positions_do_not() {
        let judge = trained_judge();
        let leads = Some(StoryContext { positions: (0, 0) });
        let deeper = Some(StoryContext { positions: (0, 3) });
        // A pair the judge finds likely but whose cosine lies under its floor (and above
        // the floor for leads): one claim as two leads only.
        let cosine = 0.6;
        assert!(cosine < judge.min_cosine && cosine >= LEAD_MIN_COSINE);
        let below_floor = |context| evidence_with(0.9, cosine, context);
        assert!(judge.probability(below_floor(None).features.as_ref().unwrap()) >= 0.5);
        assert_eq!(same_fact(&below_floor(None), &judge, 0.45), None);
        assert_eq!(same_fact(&below_floor(deeper), &judge, 0.45), None);
        assert!(same_fact(&below_floor(leads), &judge, 0.45).is_some());
        // Where the judge's probability is just under one half, the leads' log-odds
        // carry the pair over; a pair the judge finds clearly different stays apart.
        let near = (0..=1000)
            .map(|k| f64::from(k) / 1000.0)
            .find(|&t| {
                let x = evidence_with(t, 0.8, None).features.unwrap();
                let p = judge.probability(&x);
                p < 0.5 && p > 1.0 / (1.0 + LEAD_LOG_ODDS.exp())
            })
            .expect("the judge's probability rises through one half with the overlap");
        assert_eq!(
            same_fact(&evidence_with(near, 0.8, deeper), &judge, 0.45),
            None
        );
        assert!(same_fact(&evidence_with(near, 0.8, leads), &judge, 0.45).is_some());
        assert_eq!(
            same_fact(&evidence_with(0.0, 0.8, leads), &judge, 0.45),
            None
        );
    }

    #[test]
    fn leads_with_conflicting_figures_never_become_one_fact() {
        let judge = trained_judge();
        let mut evidence = evidence_with(1.0, 0.95, Some(StoryContext { positions: (0, 0) }));
        assert!(same_fact(&evidence, &judge, 0.45).is_some());
        if let Some(x) = evidence.features.as_mut() {
            x[6] = 1.0;
        }
        assert_eq!(same_fact(&evidence, &judge, 0.45), None);
        evidence.features = None;
        evidence.compatible = false;
        assert_eq!(same_fact(&evidence, &judge, 0.45), None);
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
