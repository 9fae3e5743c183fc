//! The store end to end: `parallax add` throughput (dedup, story assignment and the
//! SQLite writes, one transaction per 500 articles, articles per second), and the time
//! to brief a stored 200-article story (read the members, brief, cache the briefing).
//! Articles come from the generator in `bench/stream.rs`; answers are asserted.

#[path = "../../../bench/stream.rs"]
mod stream;

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use parallax_briefing::{brief_story, Briefer};
use parallax_model::Article;
use parallax_store::{SqliteStore, Status, Store};

const BATCH: usize = 500;

fn ingest(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = SqliteStore::open(&dir.path().join("bench.db")).expect("open");
    let mut generator = stream::Stream::new(stream::StreamOptions::default());
    let mut group = c.benchmark_group("store");
    group.throughput(Throughput::Elements(BATCH as u64));
    group.sample_size(10);
    group.bench_function("add_500_articles", |b| {
        b.iter_custom(|iterations| {
            let mut busy = Duration::ZERO;
            for _ in 0..iterations {
                let batch: Vec<Article> =
                    generator.by_ref().take(BATCH).map(|g| g.article).collect();
                let started = Instant::now();
                let results = store.ingest(&batch).expect("ingest");
                busy += started.elapsed();
                assert_eq!(results.len(), BATCH);
                assert!(results.iter().all(|r| r.status != Status::Duplicate));
            }
            busy
        });
    });
    group.finish();
}

fn brief_stored_story(c: &mut Criterion) {
    let mut store = SqliteStore::open_in_memory().expect("open");
    let one_story = stream::StreamOptions {
        active: 1,
        per_day: 1_000,
        ..stream::StreamOptions::default()
    };
    let articles: Vec<Article> = stream::Stream::new(one_story)
        .take(200)
        .map(|g| g.article)
        .collect();
    let results = store.ingest(&articles).expect("ingest");
    // A one-story stream learns that the story's own words are everywhere (low IDF),
    // so the engine may split it; brief the stored articles as one story regardless.
    let mut stories: Vec<String> = results.iter().map(|r| r.story.clone()).collect();
    stories.sort_unstable();
    stories.dedup();
    let story = stories[0].clone();
    let briefer = Briefer::new().expect("registry");
    c.bench_function("brief_stored_200_article_story", |b| {
        b.iter(|| {
            let mut members: Vec<Article> = Vec::with_capacity(200);
            for story in &stories {
                members.extend(store.story_articles(story).expect("members"));
            }
            assert_eq!(members.len(), 200);
            let refs: Vec<&Article> = members.iter().collect();
            let briefing = brief_story(&briefer, &story, &refs);
            assert_eq!(briefing.sources.len(), 200);
            store
                .save_briefing(&story, &briefing.headline, &briefing.lede, "{}")
                .expect("cache");
        });
    });
}

criterion_group!(benches, ingest, brief_stored_story);
criterion_main!(benches);
