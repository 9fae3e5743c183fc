//! A shipped logistic regression, generated (see Rebuild below); do not edit.
//! Trained on 1137 candidate narrative sentences of framing.jsonl (sha256 116b24872f12e8a624032190099ac1f2a210b105835c10379d4bee28add4576a): does the sentence carry an annotated span? L2 0.01.
//! Rebuild: parallax model train-narratives DATA/basil
//! Cross-validated figures: parallax eval narratives DATA/basil (rankers trained on the other folds' events).
//!
//! Features: framing_probability, framing_logit, lexicon_sum, lexicon_score, log_words, log_position, lead, relative_position, attributed, anonymous_quote, quoted_share, other_side_similarity, same_side_similarity, unplaced_similarity, figures.

use std::borrow::Cow;

use parallax_tone::{ToneModel, Vectors};

/// The shipped model.
#[rustfmt::skip]
pub(crate) static BUILTIN: ToneModel = ToneModel {
    vectors: Vectors::None,
    means: Cow::Borrowed(&[0.3347883547566689, -0.8127303226367526, 0.6145558487247141, 0.5632373390257609, 3.132579987536871, 2.5378127544760933, 0.011433597185576079, 0.5357752647091164, 0.39929639401935285, 0.16974494283201452, 0.2607840411455599, 0.10329412668430764, 0.0, 0.13286974180297403, 0.10729991204925227]),
    scales: Cow::Borrowed(&[0.2125312742633762, 1.1313557620765031, 1.1402396794377465, 1.069945004506257, 0.47610221606045816, 0.7636379484861608, 0.10631495680746786, 0.27217485776203004, 0.4897537991098131, 0.3754085737099923, 0.3743873247454792, 0.0890565814837936, 1.0, 0.12167028409577374, 0.30949416944988767]),
    weights: Cow::Borrowed(&[0.18057609000206667, 0.43199709759902144, -0.030942501495450466, 0.0675275392713803, 0.16106031199344634, -0.08480050638938379, 0.03137068154994121, 0.020057370478309244, 0.09115064800520022, 0.2666677186989862, -0.06314852867735704, 0.061396141323445466, 0.0, -0.15571183392138754, -0.06742420293413215]),
    bias: -1.4429496944967937,
    threshold: 0.5,
};
