//! Time to brief one 200-article story (target: under 200 ms on one core).
//!
//! The story is generated, deterministically: 200 articles of 25 sentences. About half
//! of each article's sentences report one of 40 shared claims in one of three wordings
//! (as outlets paraphrase the same facts); the rest are the outlet's own details, built
//! from a long-tailed vocabulary of names, places and figures, as real coverage is. The
//! answer is asserted inside the loop.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use parallax_briefing::{brief_story, Briefer};
use parallax_model::{Article, Lean};

/// A small linear congruential generator: deterministic, no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

const SYLLABLES: &[&str] = &[
    "al", "ber", "cor", "dan", "el", "fen", "gar", "hol", "is", "jor", "kel", "lum", "mar", "nor",
    "os", "pel", "quin", "ros", "sal", "tor", "ul", "ven", "wes", "yar",
];
const NOUNS: &[&str] = &[
    "budget", "harbour", "ferry", "council", "bridge", "tender", "contract", "inquiry", "union",
    "strike", "court", "ruling", "tax", "levy", "grant", "school", "hospital", "road", "rail",
    "port", "crane", "seawall", "plant", "fire", "storm", "flood", "vote", "election", "minister",
    "mayor",
];
const VERBS: &[&str] = &[
    "approved",
    "announced",
    "criticised",
    "delayed",
    "defended",
    "questioned",
    "rejected",
    "funded",
    "reviewed",
    "opened",
];

fn word(rng: &mut Lcg) -> String {
    let mut name = String::new();
    for _ in 0..2 + rng.next(2) {
        name.push_str(SYLLABLES[rng.next(SYLLABLES.len())]);
    }
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// The shared claims, each in three wordings.
fn claims(rng: &mut Lcg) -> Vec<[String; 3]> {
    (0..40)
        .map(|_| {
            let (who, what, place) = (word(rng), NOUNS[rng.next(NOUNS.len())], word(rng));
            let (verb, amount) = (VERBS[rng.next(VERBS.len())], 10 + rng.next(900));
            [
                format!("{who} {verb} the {what} in {place} worth ${amount} million on Monday, officials said."),
                format!("On Monday, the {what} in {place}, worth ${amount}M, was {verb} by {who}."),
                format!("Officials said {who} had {verb} a ${amount} million {what} for {place}."),
            ]
        })
        .collect()
}

fn own_detail(rng: &mut Lcg) -> String {
    format!(
        "{} {} {} {} near {} with {} residents and {} {}.",
        word(rng),
        VERBS[rng.next(VERBS.len())],
        NOUNS[rng.next(NOUNS.len())],
        word(rng).to_lowercase(),
        word(rng),
        100 + rng.next(5000),
        word(rng).to_lowercase(),
        NOUNS[rng.next(NOUNS.len())]
    )
}

fn story() -> Vec<Article> {
    let mut rng = Lcg(42);
    let claims = claims(&mut rng);
    let leans = [
        Lean::Left,
        Lean::LeanLeft,
        Lean::Center,
        Lean::LeanRight,
        Lean::Right,
    ];
    (0..200)
        .map(|n| {
            let mut text = String::new();
            for s in 0..25 {
                let sentence = if rng.next(2) == 0 {
                    claims[rng.next(claims.len())][rng.next(3)].clone()
                } else {
                    own_detail(&mut rng)
                };
                text.push_str(&sentence);
                text.push_str(if s % 4 == 3 { "\n\n" } else { " " });
            }
            Article {
                id: format!("a{n:03}"),
                url: Some(format!("https://outlet{}.example/story/{n}", n % 60)),
                outlet: Some(format!("Outlet {}", n % 60)),
                title: Some(claims[n % claims.len()][0].clone()),
                published: Some(format!("2026-10-{:02}", 10 + n % 5)),
                text: text.trim().to_string(),
                lean: Some(leans[n % leans.len()]),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let articles = story();
    let members: Vec<&Article> = articles.iter().collect();
    let briefer = Briefer::new().expect("built-in registry");
    let story_articles: Vec<parallax_facts::StoryArticle<'_>> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| parallax_facts::StoryArticle {
            article: a,
            source: i as u32 + 1,
            group: i,
            outlet: "X",
        })
        .collect();
    c.bench_function("facts_200_articles", |b| {
        b.iter(|| {
            let analysis = parallax_facts::analyse(
                black_box(&story_articles),
                &parallax_facts::FactOptions::default(),
            );
            assert!(!analysis.facts.is_empty());
            analysis
        })
    });
    c.bench_function("reprints_200_articles", |b| {
        b.iter(|| {
            let reprints = parallax_stories::find_reprints(
                black_box(&articles),
                &[false; 200],
                &Default::default(),
            );
            assert!(reprints.is_empty());
            reprints
        })
    });
    c.bench_function("brief_story_200_articles", |b| {
        b.iter(|| {
            let briefing = brief_story(&briefer, "s-bench", black_box(&members));
            assert_eq!(briefing.sources.len(), 200);
            assert!(briefing.facts.iter().any(|f| f.independent_sources >= 10));
            briefing
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
