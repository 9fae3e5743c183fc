//! Speed of `parallax tone`: sentences classified per second on one core (target: at least
//! 50,000).
//!
//! The sentences are generated, deterministically, from templates the team wrote (no
//! evaluation data): about half plain reporting ("The council approved the harbour budget
//! on Monday, officials said."), half with loaded wording (evaluative adjectives, emotive
//! verbs, labels, intensifiers, scare quotes, exclamations), with made-up names and
//! figures, 8 to 45 words long as news sentences are. The share of sentences called
//! loaded is asserted inside the loop, so the work cannot be optimised away.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use parallax_text::loaded::Tone;

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

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len())]
    }
}

const SYLLABLES: &[&str] = &[
    "al", "ber", "cor", "dan", "el", "fen", "gar", "hol", "is", "jor", "kel", "lum", "mar", "nor",
    "os", "pel", "quin", "ros", "sal", "tor", "ul", "ven", "wes", "yar",
];
const ROLES: &[&str] = &[
    "the mayor",
    "the finance minister",
    "the council",
    "the union",
    "the governor",
    "the committee",
    "the senator",
    "the regulator",
];
const NOUNS: &[&str] = &[
    "budget",
    "harbour",
    "ferry",
    "bridge",
    "tender",
    "contract",
    "inquiry",
    "strike",
    "ruling",
    "levy",
    "grant",
    "school",
    "hospital",
    "rail line",
    "seawall",
    "vote",
    "tax plan",
    "reform",
];
const NEUTRAL_VERBS: &[&str] = &[
    "approved",
    "announced",
    "reviewed",
    "delayed",
    "published",
    "discussed",
    "proposed",
    "postponed",
];
const LOADED_ADJECTIVES: &[&str] = &[
    "reckless",
    "disastrous",
    "shameful",
    "outrageous",
    "so-called",
    "radical",
    "dishonest",
    "absurd",
];
const LOADED_VERBS: &[&str] = &[
    "slammed",
    "blasted",
    "rammed through",
    "bragged about",
    "lashed out over",
    "caved on",
];
const LABELS: &[&str] = &[
    "extremists",
    "cronies",
    "the elites",
    "radical activists",
    "career politicians",
];
const TAILS: &[&str] = &[
    "on Monday",
    "after a two-hour debate",
    "in a statement",
    "before the summer recess",
    "despite objections from residents",
    "at a meeting in the town hall that lasted until late in the evening",
];

fn name(rng: &mut Lcg) -> String {
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

fn neutral(rng: &mut Lcg) -> String {
    let (who, town) = (name(rng), name(rng));
    match rng.next(3) {
        0 => format!(
            "{} {who} {} the {} for {town} {}, officials said.",
            rng.pick(ROLES),
            rng.pick(NEUTRAL_VERBS),
            rng.pick(NOUNS),
            rng.pick(TAILS)
        ),
        1 => format!(
            "The {} in {town}, worth ${} million, was {} by {} {}.",
            rng.pick(NOUNS),
            10 + rng.next(900),
            rng.pick(NEUTRAL_VERBS),
            rng.pick(ROLES),
            rng.pick(TAILS)
        ),
        _ => format!(
            "According to {who}, {} of the {} residents of {town} took part in the vote on the {}, which {} {} {}.",
            100 + rng.next(5000),
            1000 + rng.next(90_000),
            rng.pick(NOUNS),
            rng.pick(ROLES),
            rng.pick(NEUTRAL_VERBS),
            rng.pick(TAILS)
        ),
    }
}

fn loaded(rng: &mut Lcg) -> String {
    let (who, town) = (name(rng), name(rng));
    match rng.next(3) {
        0 => format!(
            "{who} {} the {} {} of {town}'s {} {}.",
            rng.pick(LOADED_VERBS),
            rng.pick(LOADED_ADJECTIVES),
            rng.pick(NOUNS),
            rng.pick(LABELS),
            rng.pick(TAILS)
        ),
        1 => format!(
            "Once again, {} {} and their {} {} pushed an utterly {} \"{}\" on the people of {town}!",
            rng.pick(LABELS),
            rng.pick(ROLES),
            rng.pick(LOADED_ADJECTIVES),
            rng.pick(LABELS),
            rng.pick(LOADED_ADJECTIVES),
            rng.pick(NOUNS)
        ),
        _ => format!(
            "Why should the hard-working families of {town} pay for the {} and {} {} that {who} and the {} have forced on them {}?",
            rng.pick(LOADED_ADJECTIVES),
            rng.pick(LOADED_ADJECTIVES),
            rng.pick(NOUNS),
            rng.pick(LABELS),
            rng.pick(TAILS)
        ),
    }
}

fn sentences(n: usize) -> Vec<String> {
    let mut rng = Lcg(7);
    (0..n)
        .map(|i| {
            if i % 2 == 0 {
                neutral(&mut rng)
            } else {
                loaded(&mut rng)
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let sentences = sentences(2_000);
    let tone = Tone::default();
    let mut group = c.benchmark_group("tone");
    group.throughput(Throughput::Elements(sentences.len() as u64));
    group.bench_function("analyse_2000_sentences", |b| {
        b.iter(|| {
            let loaded = black_box(&sentences)
                .iter()
                .filter(|s| tone.analyse(s).loaded)
                .count();
            // The generator writes half of each kind; the classifier must tell most apart.
            assert!(
                (800..=1_200).contains(&loaded),
                "{loaded} of 2000 called loaded"
            );
            loaded
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
