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
    means: Cow::Borrowed(&[0.40172027932573035, -0.516999281193224, 0.6145558487247141, 0.5632373390257609, 3.132579987536871, 2.5378127544760933, 0.011433597185576079, 0.5357752647091164, 0.39929639401935285, 0.16974494283201452, 0.2607840411455599, 0.1279587749619183, 0.0, 0.15396468525174686, 0.10729991204925227]),
    scales: Cow::Borrowed(&[0.2401452712199117, 1.2862760052340578, 1.1402396794377465, 1.069945004506257, 0.47610221606045816, 0.7636379484861608, 0.10631495680746786, 0.27217485776203004, 0.4897537991098131, 0.3754085737099923, 0.3743873247454792, 0.06436294945612311, 1.0, 0.1020874744818908, 0.30949416944988767]),
    weights: Cow::Borrowed(&[0.04998287692930268, 0.3003098819727264, 0.06141995653774066, 0.21977510001272438, 0.17162550714397867, -0.07110027023501748, 0.02956524853114462, 0.0006596071830929833, 0.08914676086873283, 0.28106060669991734, -0.0004908819450195513, 0.05396140277055681, 0.0, -0.17613711499875195, -0.0635432116491339]),
    bias: -1.4295624023741753,
    threshold: 0.5,
};
