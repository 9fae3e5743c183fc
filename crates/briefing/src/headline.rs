//! Neutral headline and lede, both extractive.

use std::collections::{BTreeMap, BTreeSet};

use parallax_model::{Article, Fact};
use parallax_text::loaded::Lexicon;
use parallax_text::words::content_terms;

/// The story's headline: the source title that other sources back most (its content
/// words that other articles also use, plus its overlap with the top facts),
/// less a penalty for loaded words and for exclamations or questions; the top fact itself
/// when no article has a title.
pub fn headline(members: &[&Article], facts: &[Fact]) -> String {
    let lexicon = Lexicon::default();
    let terms = |text: &str| {
        content_terms(text)
            .into_iter()
            .collect::<BTreeSet<String>>()
    };
    let fact_terms: BTreeSet<String> = facts
        .iter()
        .take(3)
        .flat_map(|f| content_terms(&f.text))
        .collect();
    // In how many articles (title or text) each content word occurs.
    let mut document_frequency: BTreeMap<String, usize> = BTreeMap::new();
    for article in members {
        let mut t = terms(&article.text);
        t.extend(terms(article.title.as_deref().unwrap_or("")));
        for term in t {
            *document_frequency.entry(term).or_default() += 1;
        }
    }
    let others = members.len().saturating_sub(1).max(1) as f64;
    let mut best: Option<(f64, &str)> = None;
    for article in members {
        let Some(title) = article.title.as_deref().filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        let own = terms(title);
        if own.is_empty() {
            continue;
        }
        let share =
            |other: &BTreeSet<String>| own.intersection(other).count() as f64 / own.len() as f64;
        // Each content word counts for the share of the other articles that use it too,
        // per square root of the title's length: dense, shared wording wins over long or
        // lone titles.
        let shared: usize = own
            .iter()
            .map(|t| {
                document_frequency
                    .get(t)
                    .copied()
                    .unwrap_or(1)
                    .saturating_sub(1)
            })
            .sum();
        let backing = shared as f64 / others / (own.len() as f64).sqrt();
        let loaded = lexicon.loaded_words(title).len() as f64;
        let shouting = title.contains('!') || title.contains('?');
        let score =
            backing + share(&fact_terms) * 0.5 - loaded * 0.3 - if shouting { 0.5 } else { 0.0 };
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, title));
        }
    }
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
