//! Neutral headline and lede, both extractive.

use std::collections::BTreeSet;

use parallax_model::{Article, Fact};
use parallax_text::loaded::Lexicon;
use parallax_text::words::content_terms;

/// The story's headline: the source title that is least loaded and shares most words
/// with the top facts; the top fact itself when no article has a title.
pub fn headline(members: &[&Article], facts: &[Fact]) -> String {
    let lexicon = Lexicon::default();
    let fact_terms: BTreeSet<String> = facts
        .iter()
        .take(3)
        .flat_map(|f| content_terms(&f.text))
        .collect();
    let scored = members
        .iter()
        .filter_map(|a| a.title.as_deref())
        .map(|title| {
            let terms: BTreeSet<String> = content_terms(title).into_iter().collect();
            let overlap = if terms.is_empty() {
                0.0
            } else {
                terms.intersection(&fact_terms).count() as f64 / terms.len() as f64
            };
            let loaded = lexicon.loaded_words(title).len() as f64;
            let shouting = title.contains('!') || title.contains('?');
            let score = overlap - loaded * 0.5 - if shouting { 0.5 } else { 0.0 };
            (score, title)
        });
    let best = scored.fold(None::<(f64, &str)>, |best, (score, title)| match best {
        Some((s, _)) if s >= score => best,
        _ => Some((score, title)),
    });
    match best {
        Some((_, title)) => title.trim().to_string(),
        None => facts
            .first()
            .map(|f| f.text.clone())
            .unwrap_or_else(|| "Untitled story".into()),
    }
}

/// The lede: the top fact, and the second too when the first is short.
pub fn lede(facts: &[Fact]) -> String {
    match facts {
        [] => String::new(),
        [first, second, ..] if first.text.split_whitespace().count() < 20 => {
            format!("{} {}", first.text, second.text)
        }
        [first, ..] => first.text.clone(),
    }
}
