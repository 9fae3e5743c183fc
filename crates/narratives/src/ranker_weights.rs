//! A shipped logistic regression, generated (see Rebuild below); do not edit.
//! Trained on 1137 candidate narrative sentences of framing.jsonl (sha256 116b24872f12e8a624032190099ac1f2a210b105835c10379d4bee28add4576a): does the sentence carry an annotated span? L2 0.01.
//! Rebuild: parallax model train-narratives DATA/basil
//! Cross-validated figures: parallax eval narratives DATA/basil (rankers trained on the other folds' events).
//!
//! Features: framing_probability, framing_logit, lexicon_sum, lexicon_score, log_words, log_position, lead, relative_position, attributed, anonymous_quote, quoted_share, other_side_similarity, same_side_similarity, unplaced_similarity, figures, main_actor.

use std::borrow::Cow;

use parallax_tone::{ToneModel, Vectors};

/// The shipped model.
#[rustfmt::skip]
pub(crate) static BUILTIN: ToneModel = ToneModel {
    vectors: Vectors::None,
    means: Cow::Borrowed(&[0.3347883547566689, -0.8127303226367526, 0.6145558487247141, 0.5632373390257609, 3.132579987536871, 2.5378127544760933, 0.011433597185576079, 0.5357752647091164, 0.39929639401935285, 0.16974494283201452, 0.2607840411455599, 0.10329412668430764, 0.0, 0.13286974180297403, 0.10729991204925227, 0.4678979771328103]),
    scales: Cow::Borrowed(&[0.2125312742633762, 1.1313557620765031, 1.1402396794377465, 1.069945004506257, 0.47610221606045816, 0.7636379484861608, 0.10631495680746786, 0.27217485776203004, 0.4897537991098131, 0.3754085737099923, 0.3743873247454792, 0.0890565814837936, 1.0, 0.12167028409577374, 0.30949416944988767, 0.49896839592085573]),
    weights: Cow::Borrowed(&[0.16751006833668727, 0.4285718788612904, -0.0252913692320487, 0.07697247363259041, 0.10407374357003403, -0.08219780226096776, 0.023162115797992367, 0.028062080367267192, 0.07558076220124077, 0.26298178006317974, -0.03665811146101852, 0.034070342021508195, 0.0, -0.17064597504789375, -0.06224519622294866, 0.2400003265293901]),
    bias: -1.458174961617622,
    threshold: 0.5,
};
