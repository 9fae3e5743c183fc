//! The store end to end: `parallax add` throughput (dedup, story assignment and the
//! SQLite writes, one transaction per 500 articles, articles per second), and the time
//! to brief a stored 200-article story (read the members, brief, cache the briefing).
//! Each is measured twice: words only, and with the default sentence-embedding model as
//! `parallax add` and `parallax brief` run it (every new article's title and lead
//! embedded and stored; the story's sentence vectors read back from the store).
//! Articles come from the generator in `bench/stream.rs`; answers are asserted.
//! One core: `taskset -c 1 env CANDLE_NUM_THREADS=1 cargo bench -p parallax-store`.

#[path = "../../../bench/stream.rs"]
mod stream;

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use parallax_briefing::{brief_story, Briefer};
use parallax_embed::{Embedder, SentenceModel};
use parallax_model::Article;
use parallax_store::{story_vectors, Embedding, SqliteStore, Status, Store};

const BATCH: usize = 500;

/// Articles per measured batch with the model, which embeds some 40 articles a second
/// on one core: ten flat samples of this many keep the run to about half a minute.
const EMBEDDED_BATCH: usize = 100;

/// The default model, loaded once for every benchmark that embeds.
fn model() -> Arc<SentenceModel> {
    static MODEL: OnceLock<Arc<SentenceModel>> = OnceLock::new();
    Arc::clone(MODEL.get_or_init(|| Arc::new(SentenceModel::builtin().expect("built-in model"))))
}

/// The store's embedding as `parallax add` sets it.
fn embedding() -> Embedding {
    let model = model();
    Embedding {
        model: model.fingerprint().expect("fingerprint").to_string(),
        embedder: model,
    }
}

fn ingest(c: &mut Criterion) {
    ingest_with(c, "add_500_articles", BATCH, None);
    ingest_with(
        c,
        "add_100_articles_embedded",
        EMBEDDED_BATCH,
        Some(embedding()),
    );
}

fn ingest_with(c: &mut Criterion, name: &str, batch_size: usize, embedding: Option<Embedding>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = SqliteStore::open(&dir.path().join("bench.db")).expect("open");
    let embedded = embedding.is_some();
    if let Some(embedding) = embedding {
        store.set_embedding(embedding);
    }
    let mut generator = stream::Stream::new(stream::StreamOptions::default());
    let mut group = c.benchmark_group("store");
    group.throughput(Throughput::Elements(batch_size as u64));
    group.sample_size(10);
    if embedded {
        group.sampling_mode(SamplingMode::Flat);
    }
    group.bench_function(name, |b| {
        b.iter_custom(|iterations| {
            let mut busy = Duration::ZERO;
            for _ in 0..iterations {
                let batch: Vec<Article> = generator
                    .by_ref()
                    .take(batch_size)
                    .map(|g| g.article)
                    .collect();
                let started = Instant::now();
                let results = store.ingest(&batch).expect("ingest");
                busy += started.elapsed();
                assert_eq!(results.len(), batch_size);
                assert!(results.iter().all(|r| r.status != Status::Duplicate));
            }
            busy
        });
    });
    group.finish();
}

fn brief_stored_story(c: &mut Criterion) {
    brief_stored_story_with(c, "brief_stored_200_article_story", None);
    brief_stored_story_with(
        c,
        "brief_stored_200_article_story_embedded",
        Some(embedding()),
    );
}

fn brief_stored_story_with(c: &mut Criterion, name: &str, embedding: Option<Embedding>) {
    let mut store = SqliteStore::open_in_memory().expect("open");
    if let Some(embedding) = &embedding {
        store.set_embedding(embedding.clone());
    }
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
    // The first briefing embeds the story's sentences and stores their vectors, as the
    // first `parallax brief` of a story does; the measured ones read them back.
    let mut first = true;
    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.bench_function(name, |b| {
        b.iter(|| {
            let mut members: Vec<Article> = Vec::with_capacity(200);
            for story in &stories {
                members.extend(store.story_articles(story).expect("members"));
            }
            assert_eq!(members.len(), 200);
            let refs: Vec<&Article> = members.iter().collect();
            let briefing = match &embedding {
                Some(embedding) => {
                    // As `parallax brief` does it.
                    let vectors = Arc::new(
                        story_vectors(&store, &refs, &briefer.facts, &embedding.embedder)
                            .expect("stored vectors"),
                    );
                    let with_vectors = briefer.clone().with_embedder(vectors.clone());
                    let briefing = brief_story(&with_vectors, &story, &refs);
                    let saved = vectors.save_fresh(&mut store).expect("save vectors");
                    assert!(first || saved == 0, "every vector came from the store");
                    first = false;
                    briefing
                }
                None => brief_story(&briefer, &story, &refs),
            };
            assert_eq!(briefing.sources.len(), 200);
            store
                .save_briefing(&story, &briefing.headline, &briefing.lede, "{}")
                .expect("cache");
        });
    });
    group.finish();
}

criterion_group!(benches, ingest, brief_stored_story);
criterion_main!(benches);
