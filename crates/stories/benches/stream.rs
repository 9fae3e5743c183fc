//! Dedup + story assignment throughput on the generated stream of `bench/stream.rs`
//! (articles per second, one core). The clusterer keeps running across iterations, so
//! the measurement walks further into the stream with its window full; each batch's
//! answer is checked: every generated reprint is linked to its original, and the open
//! stories stay within the window.
//!
//! The full million-article run with peak memory is the `stream` example:
//! `cargo run --release -p parallax-stories --example stream -- 1000000`.

#[path = "../../../bench/stream.rs"]
mod stream;

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use parallax_stories::{EngineOptions, StreamClusterer};

const BATCH: usize = 1_000;

fn throughput(c: &mut Criterion) {
    let options = EngineOptions::default();
    let mut clusterer = StreamClusterer::new(options, 50_000);
    let mut generator = stream::Stream::new(stream::StreamOptions::default());
    // Warm up into the steady state: windows full of open stories.
    for generated in generator.by_ref().take(20_000) {
        clusterer.push(&generated.article);
    }
    let mut group = c.benchmark_group("stream");
    group.throughput(Throughput::Elements(BATCH as u64));
    group.sample_size(10);
    group.bench_function("dedup_and_assign_1000_articles", |b| {
        b.iter_custom(|iterations| {
            let mut busy = Duration::ZERO;
            for _ in 0..iterations {
                let batch: Vec<stream::Generated> = generator.by_ref().take(BATCH).collect();
                let started = Instant::now();
                let mut reprints = 0;
                for generated in &batch {
                    let placed = clusterer.push(&generated.article);
                    if generated.reprint_of.is_some() {
                        assert_eq!(placed.reprint_of, generated.reprint_of, "reprint missed");
                        reprints += 1;
                    }
                }
                busy += started.elapsed();
                assert!(reprints > 0);
                assert!(clusterer.engine().open_stories() <= options.max_open);
            }
            busy
        });
    });
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
