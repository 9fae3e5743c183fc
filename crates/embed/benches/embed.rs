//! Sentences per second of the default model on one thread, by sentence length, and of
//! a title-and-lead text (what `parallax add` embeds per article for story grouping).
//! Run under `taskset -c 1` for one core: `cargo bench -p parallax-embed --features builtin`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use parallax_embed::{Embedder, SentenceModel};

/// Deterministic news-like sentences of about `words` words.
fn sentences(count: usize, words: usize) -> Vec<String> {
    const VOCABULARY: [&str; 24] = [
        "the",
        "council",
        "approved",
        "a",
        "budget",
        "for",
        "harbour",
        "on",
        "Monday",
        "minister",
        "said",
        "fire",
        "workers",
        "were",
        "evacuated",
        "after",
        "police",
        "million",
        "election",
        "court",
        "ruled",
        "that",
        "company",
        "announced",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..count)
        .map(|_| {
            (0..words)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1);
                    VOCABULARY[(state >> 33) as usize % VOCABULARY.len()]
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let model = SentenceModel::builtin().expect("the built-in model loads");
    let mut group = c.benchmark_group("embed");
    group.sample_size(10);
    for words in [12usize, 25, 45, 100] {
        let texts = sentences(64, words);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        group.throughput(Throughput::Elements(refs.len() as u64));
        group.bench_function(format!("{words}_words"), |b| {
            b.iter(|| {
                let vectors = model.embed(black_box(&refs));
                assert_eq!(vectors.len(), refs.len());
                assert!(vectors.iter().all(|v| v.len() == model.dimension()));
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
