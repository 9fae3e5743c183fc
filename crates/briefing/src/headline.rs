//! Neutral headline and lede, both extractive.

use std::collections::{BTreeMap, BTreeSet};

use parallax_facts::disputed_figures;
use parallax_model::{Article, Contradiction, Fact};
use parallax_text::loaded::{Lexicon, Tone};
use parallax_text::numbers::{quantities, QuantityKey, QuantityKind};
use parallax_text::words::content_terms;

use crate::timeline::StoryDays;
use crate::wellformed::{flaw, sentence_flaw, without_label};

/// The story's headline: the neutral source title (no loaded words, not loaded in tone,
/// no exclamation or
/// question, no figure that fewer than two articles state or that sources dispute) that other sources back most (its content words that other articles also
/// use, plus its overlap with the top facts, plus a little for centre-rated outlets);
/// the top fact itself when no title is neutral. `centrist[i]` tells whether member `i`
/// comes from a centre-rated outlet.
///
/// Titles and facts that do not read as news (see [`flaw`]: fragments, truncated text,
/// an opening pronoun or label) are passed over for the next candidate. In a story that
/// develops over days the headline describes the latest state: titles of the latest
/// day's coverage get a bonus, and a fact that coverage reports stands in first.
pub fn headline(
    members: &[&Article],
    centrist: &[bool],
    days: &StoryDays,
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
    // The best title that reads as news, neutral or not: better than a fact that does
    // not when nothing else is left.
    let mut best_formed: Option<(f64, &str)> = None;
    // The best title that reads as news once its section label is taken off.
    let mut best_unlabelled: Option<(f64, &str)> = None;
    for (i, (article, centrist)) in members
        .iter()
        .zip(centrist.iter().chain(std::iter::repeat(&false)))
        .enumerate()
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
        let formed = flaw(title).is_none();
        let neutral = formed
            && lexicon.loaded_words(title).is_empty()
            && !tone.analyse(title).loaded
            && !title.contains(['!', '?'])
            && figures_confirmed(title, &confirmed);
        // Between titles equally backed, a centre-rated outlet's is the likelier neutral one.
        // In a story over days, a title of the latest day's coverage describes the
        // latest state: between titles about equally backed it wins. A bonus, not a
        // rule: the latest day may bring only comment on the news, under a title the
        // rest of the coverage does not back.
        let latest = days.is_latest(i);
        let score = backing
            + share(&fact_terms) * 0.5
            + if *centrist { CENTRIST_BONUS } else { 0.0 }
            + if latest { LATEST_BONUS } else { 0.0 };
        if formed && best_formed.is_none_or(|(b, _)| score > b) {
            best_formed = Some((score, title));
        }
        if let Some(rest) = without_label(title) {
            if best_unlabelled.is_none_or(|(b, _)| score > b) {
                best_unlabelled = Some((score, rest));
            }
        }
        if best.is_none_or(|(n, b, _)| (neutral, score) > (n, b)) {
            best = Some((neutral, score, title));
        }
    }
    // Settled facts that read as news, those describing the latest state first.
    let settled = || {
        facts
            .iter()
            .filter(|f| !f.disputed && sentence_flaw(&f.text).is_none())
            .min_by_key(|f| days.latest_rank(f))
    };
    // A neutral title, then a settled fact that reads as news (in a story over days,
    // one the latest day's coverage reports first), then a title that reads as news
    // though not neutral, then one once its label is taken off, then whatever is left.
    if let Some((true, _, title)) = best {
        return title.trim().to_string();
    }
    if let Some(fact) = settled() {
        return fact.text.clone();
    }
    if let Some((_, title)) = best_formed.or(best_unlabelled) {
        return title.trim().to_string();
    }
    match (facts.iter().find(|f| !f.disputed), best) {
        (Some(fact), _) => fact.text.clone(),
        (None, Some((_, _, title))) => title.trim().to_string(),
        (None, None) => "Untitled story".into(),
    }
}

/// Preference for titles of outlets rated centre on the left–right axis.
const CENTRIST_BONUS: f64 = 0.5;

/// Preference for titles of the latest day's coverage in a story over days: a tie-breaker
/// between titles about equally backed (a follow-up day often brings comment more than
/// news, under titles the tone checks do not always catch).
const LATEST_BONUS: f64 = 0.1;

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
/// figures sources dispute are left to the Facts and Contradictions sections, and facts
/// that do not read as news (see [`flaw`]) are passed over. In a story that develops over
/// days, the latest day's news comes first, then facts its coverage still reports: the
/// lede describes the latest state.
pub fn lede(facts: &[Fact], days: &StoryDays) -> String {
    let mut settled: Vec<&Fact> = facts
        .iter()
        .filter(|f| !f.disputed && sentence_flaw(&f.text).is_none())
        .collect();
    // Stable: the facts keep their order within each group.
    settled.sort_by_key(|f| days.latest_rank(f));
    match settled[..] {
        [] => String::new(),
        [first, second, ..]
            if first.text.split_whitespace().count() < 20
                && sentence_flaw(&format!("{} {}", first.text, second.text)).is_none() =>
        {
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
            first_reported: None,
        }
    }

    fn one_day() -> StoryDays {
        StoryDays::new(&[], chrono::NaiveDate::MIN)
    }

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 10, 20).expect("date")
    }

    fn article(id: &str, published: &str, title: &str, text: &str) -> Article {
        Article {
            title: Some(title.into()),
            published: Some(published.into()),
            ..Article::new(id, text)
        }
    }

    fn cited(text: &str, sources: &[u32]) -> Fact {
        Fact {
            sources: sources.to_vec(),
            ..fact(text, false)
        }
    }

    #[test]
    fn a_story_over_days_is_headed_and_led_by_its_latest_state() {
        let members = [
            article(
                "a",
                "2026-10-11",
                "Ferry strike in Lowmere begins",
                "The ferry workers walked out on Sunday.",
            ),
            article(
                "b",
                "2026-10-11",
                "Ferry strike in Lowmere grows",
                "The ferry workers walked out on Sunday.",
            ),
            article(
                "c",
                "2026-10-14",
                "Ferry strike in Lowmere ends",
                "The ferry strike ended on Wednesday.",
            ),
        ];
        let refs: Vec<&Article> = members.iter().collect();
        let published: Vec<Option<&str>> = members.iter().map(|a| a.published.as_deref()).collect();
        let days = StoryDays::new(&published, today());
        let facts = [
            cited("Ferry workers in Lowmere walked out on Sunday over pay, the union said.", &[1, 2]),
            cited("The ferry strike in Lowmere ended on Wednesday after the operator agreed to a pay deal.", &[3]),
        ];
        // Titles equally backed: the latest day's wins; on one day the first stays.
        assert_eq!(
            headline(&refs, &[false; 3], &days, &facts, &[]),
            "Ferry strike in Lowmere ends"
        );
        let one = StoryDays::new(&[Some("2026-10-11"); 3], today());
        assert_eq!(
            headline(&refs, &[false; 3], &one, &facts, &[]),
            "Ferry strike in Lowmere begins"
        );
        assert!(lede(&facts, &days).starts_with(&facts[1].text));
        // The same story on one day keeps the usual order.
        assert!(lede(&facts, &one).starts_with(&facts[0].text));
    }

    #[test]
    fn a_title_that_does_not_read_as_news_gives_way() {
        let members = [
            article(
                "a",
                "2026-10-11",
                "They walked out over pay",
                "Ferry workers in Lowmere walked out on Sunday.",
            ),
            article(
                "b",
                "2026-10-11",
                "The big picture: ferry workers strike over pay",
                "Ferry workers in Lowmere walked out on Sunday.",
            ),
        ];
        let refs: Vec<&Article> = members.iter().collect();
        let facts = [
            cited(
                "Eastern Time on Sunday at the ferry terminal in Lowmere, the union said.",
                &[1, 2],
            ),
            cited(
                "Ferry workers in Lowmere walked out on Sunday over pay, the union said.",
                &[1, 2],
            ),
        ];
        let days = one_day();
        assert_eq!(
            headline(&refs, &[false; 2], &days, &facts, &[]),
            facts[1].text
        );
        assert_eq!(lede(&facts, &days), facts[1].text);
    }

    #[test]
    fn a_date_in_the_future_never_makes_the_latest_state() {
        let members = [
            article(
                "a",
                "2026-10-11",
                "Ferry strike in Lowmere begins",
                "The ferry workers walked out on Sunday.",
            ),
            article(
                "b",
                "2026-10-12",
                "Ferry strike in Lowmere continues",
                "The ferry workers stayed out on Monday.",
            ),
            article(
                "c",
                "2999-01-01",
                "Ferry strike in Lowmere ends",
                "The ferry strike ended.",
            ),
        ];
        let refs: Vec<&Article> = members.iter().collect();
        let published: Vec<Option<&str>> = members.iter().map(|a| a.published.as_deref()).collect();
        let days = StoryDays::new(&published, today());
        assert!(days.is_latest(1) && !days.is_latest(2));
        assert_eq!(
            headline(&refs, &[false; 3], &days, &[], &[]),
            "Ferry strike in Lowmere continues"
        );
    }

    #[test]
    fn the_lede_leaves_out_facts_whose_figures_are_disputed() {
        let facts = [
            fact("About 1,500 residents were evacuated from Lowmere on Thursday after the fire at the chemical plant.", true),
            fact("The evacuation order for Lowmere was lifted on Friday morning after air tests came back clean.", false),
        ];
        assert_eq!(lede(&facts, &one_day()), facts[1].text);
        assert_eq!(lede(&facts[..1], &one_day()), "");
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
        assert_eq!(
            lede(&facts, &one_day()),
            format!("{} {}", facts[0].text, facts[1].text)
        );
    }
}
