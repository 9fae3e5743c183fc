//! Neutral headline and lede, both extractive.

use std::collections::{BTreeMap, BTreeSet};

use parallax_facts::disputed_figures;
use parallax_model::{Article, Contradiction, Fact};
use parallax_text::loaded::{Lexicon, Tone};
use parallax_text::numbers::{quantities, QuantityKey, QuantityKind};
use parallax_text::words::content_terms;

/// The story's headline: the neutral source title (no loaded words, not loaded in tone,
/// no exclamation or
/// question, no figure that fewer than two articles state or that sources dispute) that other sources back most (its content words that other articles also
/// use, plus its overlap with the top facts, plus a little for centre-rated outlets);
/// the top fact itself when no title is neutral. `centrist[i]` tells whether member `i`
/// comes from a centre-rated outlet.
pub fn headline(
    members: &[&Article],
    centrist: &[bool],
    facts: &[Fact],
    contradictions: &[Contradiction],
) -> String {
    let (lexicon, tone) = (Lexicon::builtin(), Tone::builtin());
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
    // In how many articles (title or text) each content word occurs, and in how many
    // titles.
    let mut document_frequency: BTreeMap<String, usize> = BTreeMap::new();
    let mut title_frequency: BTreeMap<String, usize> = BTreeMap::new();
    for article in members {
        let title = terms(article.title.as_deref().unwrap_or(""));
        for term in &title {
            *title_frequency.entry(term.clone()).or_default() += 1;
        }
        let mut t = terms(&article.text);
        t.extend(title);
        for term in t {
            *document_frequency.entry(term).or_default() += 1;
        }
    }
    let others = members.len().saturating_sub(1).max(1) as f64;
    let confirmed = confirmed_figures(members, contradictions);
    let mut best: Option<(bool, f64, &str)> = None;
    for (article, centrist) in members
        .iter()
        .zip(centrist.iter().chain(std::iter::repeat(&false)))
    {
        let Some(title) = article.title.as_deref().filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        let own = terms(title);
        if own.is_empty() {
            continue;
        }
        let share =
            |other: &BTreeSet<String>| own.intersection(other).count() as f64 / own.len() as f64;
        // Each content word counts for the other articles that use it too, and again for
        // the other titles that use it (titles share a register, so a word the other
        // titles also chose names the story's core), per square root of the title's
        // length: dense, shared wording wins over long or lone titles.
        let others_using = |frequency: &BTreeMap<String, usize>, t: &String| {
            frequency.get(t).copied().unwrap_or(1).saturating_sub(1)
        };
        let shared: usize = own
            .iter()
            .map(|t| others_using(&document_frequency, t) + others_using(&title_frequency, t))
            .sum();
        let backing = shared as f64 / others / (own.len() as f64).sqrt();
        // A title with loaded words or an exclamation or question is never the headline
        // while the top fact can stand in for it.
        let neutral = lexicon.loaded_words(title).is_empty()
            && !tone.analyse(title).loaded
            && !title.contains(['!', '?'])
            && figures_confirmed(title, &confirmed);
        // Between titles equally backed, a centre-rated outlet's is the likelier neutral one.
        let score =
            backing + share(&fact_terms) * 0.5 + if *centrist { CENTRIST_BONUS } else { 0.0 };
        if best.is_none_or(|(n, b, _)| (neutral, score) > (n, b)) {
            best = Some((neutral, score, title));
        }
    }
    match (best, facts.iter().find(|f| !f.disputed)) {
        (Some((true, _, title)), _) => title.trim().to_string(),
        (_, Some(fact)) => fact.text.clone(),
        (Some((false, _, title)), None) => title.trim().to_string(),
        (None, None) => "Untitled story".into(),
    }
}

/// Preference for titles of outlets rated centre on the left–right axis.
const CENTRIST_BONUS: f64 = 0.5;

/// Figures a headline may use: stated in at least two articles and not disputed (not on
/// one side of a contradiction only).
fn confirmed_figures(
    members: &[&Article],
    contradictions: &[Contradiction],
) -> BTreeSet<QuantityKey> {
    let mut articles_with: BTreeMap<QuantityKey, usize> = BTreeMap::new();
    for article in members {
        let mut keys: BTreeSet<QuantityKey> = quantities(&article.text)
            .into_iter()
            .map(|q| q.key())
            .collect();
        keys.extend(
            quantities(article.title.as_deref().unwrap_or(""))
                .into_iter()
                .map(|q| q.key()),
        );
        for key in keys {
            *articles_with.entry(key).or_default() += 1;
        }
    }
    let disputed = disputed_figures(contradictions);
    articles_with
        .into_iter()
        .filter(|(k, n)| *n >= 2 && !disputed.contains(k))
        .map(|(k, _)| k)
        .collect()
}

/// Every figure of the title (years aside) is one that several sources confirm.
fn figures_confirmed(title: &str, confirmed: &BTreeSet<QuantityKey>) -> bool {
    quantities(title)
        .iter()
        .filter(|q| q.kind != QuantityKind::Year)
        .all(|q| confirmed.contains(&q.key()))
}

/// The lede: the top fact, and the second too when the first is short; facts whose
/// figures sources dispute are left to the Facts and Contradictions sections.
pub fn lede(facts: &[Fact]) -> String {
    let settled: Vec<&Fact> = facts.iter().filter(|f| !f.disputed).collect();
    match settled[..] {
        [] => String::new(),
        [first, second, ..] if first.text.split_whitespace().count() < 20 => {
            format!("{} {}", first.text, second.text)
        }
        [first, ..] => first.text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(text: &str, disputed: bool) -> Fact {
        Fact {
            id: "f1".into(),
            text: text.into(),
            sources: vec![1, 2],
            support: Vec::new(),
            independent_sources: 2,
            single_source: false,
            disputed,
        }
    }

    #[test]
    fn the_lede_leaves_out_facts_whose_figures_are_disputed() {
        let facts = [
            fact("About 1,500 residents were evacuated from Lowmere on Thursday after the fire at the chemical plant.", true),
            fact("The evacuation order for Lowmere was lifted on Friday morning after air tests came back clean.", false),
        ];
        assert_eq!(lede(&facts), facts[1].text);
        assert_eq!(lede(&facts[..1]), "");
    }

    #[test]
    fn a_short_top_fact_takes_the_next_one_along() {
        let facts = [
            fact("The evacuation order was lifted on Friday.", false),
            fact(
                "Air tests near the plant came back clean on Thursday night, the agency said.",
                false,
            ),
        ];
        assert_eq!(lede(&facts), format!("{} {}", facts[0].text, facts[1].text));
    }
}
