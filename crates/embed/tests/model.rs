//! The built-in model on real and hostile input: paraphrases closer than unrelated
//! sentences, finite unit vectors for anything, bounded time for enormous text.
#![cfg(feature = "builtin")]

use std::sync::OnceLock;

use parallax_embed::{cosine, Embedder, SentenceModel};
use proptest::prelude::*;

fn model() -> &'static SentenceModel {
    static MODEL: OnceLock<SentenceModel> = OnceLock::new();
    MODEL.get_or_init(|| SentenceModel::builtin().expect("the built-in model loads"))
}

#[test]
fn a_paraphrase_is_closer_than_another_event() {
    let v = model().embed(&[
        "The city council approved the harbour budget on Monday.",
        "On Monday councillors passed the budget for the harbour.",
        "A ferry ran aground near the northern islands; all passengers were rescued.",
    ]);
    assert!(cosine(&v[0], &v[1]) > 0.7, "{}", cosine(&v[0], &v[1]));
    assert!(cosine(&v[0], &v[2]) < 0.3, "{}", cosine(&v[0], &v[2]));
}

#[test]
fn vectors_are_unit_length_and_batch_order_does_not_change_them() {
    let texts = [
        "Short one.",
        "A rather longer sentence about the harbour budget and its critics.",
        "",
    ];
    let together = model().embed(&texts);
    for (text, vector) in texts.iter().zip(&together) {
        let alone = model().embed(&[text]);
        assert_eq!(vector.len(), model().dimension());
        let norm: f32 = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-3, "{text:?}: {norm}");
        assert!(cosine(vector, &alone[0]) > 0.999, "{text:?}");
    }
}

#[test]
fn an_enormous_text_costs_no_more_than_a_long_sentence() {
    let enormous = "word ".repeat(2_000_000);
    let start = std::time::Instant::now();
    let v = model().embed(&[enormous.as_str()]);
    assert!(v[0].iter().all(|x| x.is_finite()));
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_text_gives_a_finite_vector(text in "\\PC{0,200}", digits in "[0-9 .,%$]{0,60}") {
        let v = model().embed(&[text.as_str(), digits.as_str(), "日本語とEnglish mixed текст"]);
        prop_assert_eq!(v.len(), 3);
        for vector in &v {
            prop_assert_eq!(vector.len(), model().dimension());
            prop_assert!(vector.iter().all(|x| x.is_finite()));
        }
    }
}
