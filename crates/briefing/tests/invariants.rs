//! Invariants of briefings over generated stories: citations are verbatim spans of the
//! cited articles, facts cite only sources that carry them, and output is deterministic.

use parallax_briefing::{brief_all, render_json, Briefer};
use parallax_model::{slice_chars, Article};
use proptest::prelude::*;

const SUBJECTS: &[&str] = &[
    "The council",
    "Mayor Ines Calder",
    "The port authority",
    "Ministry officials",
    "Émile Zola-Brandt",
];
const VERBS: &[&str] = &["approved", "rejected", "delayed", "announced", "questioned"];
const OBJECTS: &[&str] = &[
    "a $275 million harbour budget",
    "the evacuation of 1,200 residents",
    "a 12 percent rise in ferry fares",
    "the new bridge over the Ostra river",
    "\"a reckless scheme\" to sell the quay",
];
const OUTLETS: &[&str] = &[
    "Reuters",
    "Fox News",
    "The Guardian",
    "Breitbart",
    "Unknown Gazette",
];

fn sentence() -> impl Strategy<Value = String> {
    (
        0..SUBJECTS.len(),
        0..VERBS.len(),
        0..OBJECTS.len(),
        prop::bool::ANY,
    )
        .prop_map(|(s, v, o, said)| {
            let tail = if said {
                ", officials said."
            } else {
                " on Monday."
            };
            format!("{} {} {}{}", SUBJECTS[s], VERBS[v], OBJECTS[o], tail)
        })
}

fn article() -> impl Strategy<Value = (usize, Vec<String>, bool)> {
    (
        0..OUTLETS.len(),
        prop::collection::vec(sentence(), 0..8),
        prop::bool::ANY,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn citations_are_verbatim_and_output_is_deterministic(specs in prop::collection::vec(article(), 1..7)) {
        let articles: Vec<Article> = specs
            .iter()
            .enumerate()
            .map(|(i, (outlet, sentences, paragraphs))| Article {
                id: format!("a{i}"),
                url: None,
                outlet: Some(OUTLETS[*outlet].to_string()),
                title: None,
                published: Some(format!("2026-10-1{}", i % 10)),
                text: sentences.join(if *paragraphs { "\n\n" } else { " " }),
                lean: None,
            })
            .collect();
        let briefer = Briefer::new().unwrap();
        let briefings = brief_all(&briefer, &articles);
        let again = brief_all(&briefer, &articles);
        prop_assert_eq!(
            briefings.iter().map(render_json).collect::<Vec<_>>(),
            again.iter().map(render_json).collect::<Vec<_>>()
        );
        for briefing in &briefings {
            for fact in &briefing.facts {
                prop_assert!(fact.support.iter().any(|s| s.quote == fact.text));
                let mut cited: Vec<u32> = fact.support.iter().map(|s| s.source).collect();
                cited.dedup();
                prop_assert_eq!(&cited, &fact.sources, "every cited source has a supporting span");
                for support in &fact.support {
                    let article = articles.iter().find(|a| a.id == support.article).unwrap();
                    prop_assert_eq!(slice_chars(&article.text, support.start, support.end), Some(support.quote.as_str()));
                }
            }
        }
    }
}

#[test]
fn degenerate_articles_still_brief_without_panic() {
    let giant = "word ".repeat(50_000);
    let numbers = (0..20_000)
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let texts = [
        "",
        "\"Only a quote here.\"",
        giant.as_str(),
        numbers.as_str(),
        "Der Rat hat am Montag den Haushalt beschlossen. The council approved the budget.",
    ];
    let articles: Vec<Article> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| Article {
            id: format!("d{i}"),
            url: None,
            outlet: None,
            title: None,
            published: None,
            text: (*text).to_string(),
            lean: None,
        })
        .collect();
    let briefings = brief_all(&Briefer::new().unwrap(), &articles);
    assert!(!briefings.is_empty());
    assert!(briefings.iter().all(|b| !b.headline.is_empty()));
}
