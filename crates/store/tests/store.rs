//! The store on real databases, every behaviour once per backend (`on_both!`): SQLite
//! in a temporary folder and PostgreSQL in a fresh schema of the server named by
//! `PARALLAX_TEST_POSTGRES` (see `support`). Failures only one backend can have
//! (a corrupt file, a full SQLite page limit, an unreachable server) are tested on
//! that backend alone.

// The shared bodies are plain functions that `on_both!` calls from its #[test]s, so
// clippy's allowance of unwrap in tests does not reach them.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use parallax_embed::Embedder;
use parallax_model::Article;
use parallax_store::{
    postgres_schema, schema, Address, Embedding, HitKind, PostgresStore, SqliteStore, Status,
    Store, StoreError,
};
use support::{Backend, TestDb};

on_both!(
    the_same_article_twice_is_stored_once_and_a_changed_text_is_a_revision,
    a_reprint_links_to_its_original_joins_its_story_and_counts_as_one_source,
    stories_grow_across_restarts_and_cached_briefings_are_invalidated,
    migrations_are_versioned_and_a_newer_schema_is_refused,
    a_locked_database_is_a_clear_error_and_nothing_of_the_batch_is_written,
    the_coverage_around_a_story_is_its_period_without_its_members_or_reprints,
    an_archive_imported_out_of_order_lists_the_latest_publication_first,
    sentence_vectors_are_kept_per_model,
    a_text_with_a_nul_character_is_stored,
    a_batch_sees_its_own_articles_and_a_revised_reprint_stays_a_reprint,
    a_batch_that_fails_in_the_middle_stores_nothing_of_it,
    title_vectors_are_embedded_once_per_batch_kept_and_replaced_by_a_revision,
);

fn article(id: &str, url: Option<&str>, day: &str, title: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        url: url.map(Into::into),
        outlet: Some(format!("Outlet {id}")),
        title: Some(title.into()),
        published: Some(day.into()),
        text: text.into(),
        lean: None,
    }
}

const WIRE: &str = "The harbour authority of Port Aldren closed berths four to nine on Monday after inspectors found cracks in the quay wall. Repairs are expected to take three weeks, a spokesperson said, and shipping will be diverted to the northern terminal in the meantime. Harbour master Ines Calder said 40 ships a week would be affected.";
const FIRE: &str = "A fire at the Kessel chemical plant in Lowmere forced 1,200 residents to leave their homes on Sunday, Mayor Oren Vask said. Firefighters contained the blaze by the evening.";
const FIRE2: &str = "Residents of Lowmere were evacuated after a blaze at the Kessel chemical plant; Mayor Oren Vask said 1,200 people left their homes while firefighters worked through Sunday.";

/// An article of wire copy and a newspaper's reprint of it.
fn wire_and_copy() -> (Article, Article) {
    let wire = article(
        "wire",
        Some("https://wire.example/1"),
        "2026-10-14",
        "Port Aldren closes berths",
        WIRE,
    );
    let copy = article(
        "paper",
        Some("https://paper.example/2"),
        "2026-10-14",
        "Harbour berths shut after cracks found",
        &format!("{WIRE}\n\nThis report was first published by a wire service."),
    );
    (wire, copy)
}

/// A report of the Lowmere fire.
fn fire() -> Article {
    article(
        "f1",
        Some("https://a.example/f1"),
        "2026-10-14",
        "Chemical plant fire in Lowmere",
        FIRE,
    )
}

/// Another outlet's report of the same fire, a day later.
fn fire_follow_up() -> Article {
    article(
        "f2",
        Some("https://b.example/f2"),
        "2026-10-15",
        "Lowmere chemical fire: residents evacuated",
        FIRE2,
    )
}

fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sub").join("parallax.db");
    (dir, path)
}

fn the_same_article_twice_is_stored_once_and_a_changed_text_is_a_revision(db: &TestDb) {
    let mut store = db.open();
    let a = article(
        "a",
        Some("https://x.example/fire?utm_source=rss"),
        "2026-10-14",
        "Chemical fire in Lowmere",
        FIRE,
    );
    assert_eq!(
        store.ingest(std::slice::from_ref(&a)).unwrap()[0].status,
        Status::New
    );
    let mut again = a.clone();
    again.id = "other-id".into();
    again.url = Some("https://X.example/fire".into());
    let result = store.ingest(&[again]).unwrap();
    assert_eq!(result[0].status, Status::Duplicate);
    assert_eq!(result[0].id, "a");
    assert_eq!(store.article_count().unwrap(), 1);

    let mut changed = a.clone();
    changed.text = format!("{FIRE} Update: the evacuation order was lifted.");
    let result = store.ingest(&[changed]).unwrap();
    assert_eq!(result[0].status, Status::Revision);
    let stored = store.article("a").unwrap().unwrap();
    assert_eq!(stored.revision, 2);
    assert!(stored.article.text.ends_with("lifted."));
    assert_eq!(store.article_count().unwrap(), 1);

    // Without a URL, identity is the content.
    let no_url = article(
        "n",
        None,
        "2026-10-14",
        "Ferry fares",
        "Ferry fares rise by 12% in May.",
    );
    store.ingest(std::slice::from_ref(&no_url)).unwrap();
    assert_eq!(
        store.ingest(&[no_url]).unwrap()[0].status,
        Status::Duplicate
    );
    assert_eq!(store.article_count().unwrap(), 2);
}

fn a_reprint_links_to_its_original_joins_its_story_and_counts_as_one_source(db: &TestDb) {
    let mut store = db.open();
    let (wire, copy) = wire_and_copy();
    store.ingest(&[wire]).unwrap();
    let result = store.ingest(&[copy]).unwrap();
    assert_eq!(result[0].status, Status::Reprint);
    assert_eq!(result[0].original.as_deref(), Some("wire"));
    let stored = store.article("paper").unwrap().unwrap();
    assert_eq!(stored.syndicated_from.as_deref(), Some("wire"));
    assert_eq!(store.article("wire").unwrap().unwrap().reprints, ["paper"]);
    let stories = store.stories(None).unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!((stories[0].articles, stories[0].sources), (2, 1));
}

fn stories_grow_across_restarts_and_cached_briefings_are_invalidated(db: &TestDb) {
    let first = {
        let mut store = db.open();
        let r = store
            .ingest(&[
                fire(),
                article(
                    "w1",
                    Some("https://a.example/w1"),
                    "2026-10-14",
                    "Port Aldren closes berths",
                    WIRE,
                ),
            ])
            .unwrap();
        assert_ne!(r[0].story, r[1].story);
        store
            .save_briefing(
                &r[0].story,
                "Lowmere fire",
                "Residents leave homes",
                "{\"story\":1}",
            )
            .unwrap();
        assert!(store.cached_briefing(&r[0].story).unwrap().is_some());
        let hits = store.search("residents", 10).unwrap();
        assert!(hits
            .iter()
            .any(|h| h.kind == HitKind::Briefing && h.id == r[0].story));
        assert!(hits
            .iter()
            .any(|h| h.kind == HitKind::Article && h.id == "f1"));
        r[0].story.clone()
    };
    // A new process: the open stories are restored from the database.
    let mut store = db.open();
    let r = store.ingest(&[fire_follow_up()]).unwrap();
    assert_eq!(r[0].status, Status::New);
    assert_eq!(r[0].story, first);
    assert_eq!(store.story_articles(&first).unwrap().len(), 2);
    assert_eq!(
        store.cached_briefing(&first).unwrap(),
        None,
        "the story changed"
    );
    assert!(store
        .search("\"Lowmere fire\"", 10)
        .unwrap()
        .iter()
        .all(|h| h.kind != HitKind::Briefing));
    let since = store.stories(Some("2026-10-15")).unwrap();
    assert_eq!(since.len(), 1);
    assert_eq!(since[0].id, first);
    assert!(matches!(
        store.search("\"unbalanced", 10),
        Err(StoreError::Query(_))
    ));
}

fn migrations_are_versioned_and_a_newer_schema_is_refused(db: &TestDb) {
    drop(db.open());
    let latest = match db.backend {
        Backend::Sqlite => schema::latest(),
        Backend::Postgres => postgres_schema::latest(),
    };
    assert_eq!(db.schema_version(), latest);
    // Opening again migrates nothing.
    drop(db.open());
    assert_eq!(db.schema_version(), latest);
    db.set_schema_version(999);
    let error = db.try_open().unwrap_err();
    assert!(
        matches!(error, StoreError::NewerSchema { found: 999, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("newer"));
}

#[test]
fn an_sqlite_database_is_written_ahead() {
    let (_dir, path) = temp_db();
    drop(SqliteStore::open(&path).unwrap());
    let mode: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_corrupt_file_is_reported_not_overwritten() {
    let (dir, _) = temp_db();
    let path = dir.path().join("garbage.db");
    let garbage = vec![0x5a_u8; 8192];
    std::fs::write(&path, &garbage).unwrap();
    let error = SqliteStore::open(&path).unwrap_err();
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

fn a_locked_database_is_a_clear_error_and_nothing_of_the_batch_is_written(db: &TestDb) {
    let mut store = db.open();
    store.set_busy_timeout(Duration::from_millis(100)).unwrap();
    // The reprint waits for the lock after its original was written in the same
    // transaction: both or neither.
    let batch = [
        article(
            "wire",
            Some("https://wire.example/1"),
            "2026-10-14",
            "Berths closed",
            WIRE,
        ),
        article(
            "copy",
            Some("https://paper.example/1"),
            "2026-10-14",
            "Harbour berths shut",
            &format!("{WIRE} First published by a wire service."),
        ),
    ];
    let holder = db.hold_lock();
    let error = store.ingest(&batch).unwrap_err();
    assert!(matches!(error, StoreError::Locked { .. }), "{error}");
    holder.release();
    assert!(matches!(
        store.ingest(&batch[..1]).unwrap_err(),
        StoreError::Poisoned { .. }
    ));
    drop(store);
    let mut store = db.open();
    assert_eq!(store.article_count().unwrap(), 0);
    assert!(store.stories(None).unwrap().is_empty());
    let result = store.ingest(&batch).unwrap();
    assert_eq!(result[1].status, Status::Reprint);
    assert_eq!(store.article_count().unwrap(), 2);
}

#[test]
fn a_full_disk_rolls_the_batch_back_and_the_database_still_opens() {
    let (_dir, path) = temp_db();
    let mut store = SqliteStore::open(&path).unwrap();
    store
        .ingest(&[article("a", None, "2026-10-14", "Fire", FIRE)])
        .unwrap();
    let pages: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store.set_max_pages(pages as u64 + 2).unwrap();
    let big: Vec<Article> = (0..200)
        .map(|i| {
            article(
                &format!("b{i}"),
                None,
                "2026-10-15",
                &format!("Report {i}"),
                &format!(
                    "{WIRE} Paragraph {i} adds {i} unique words number{i} to make it longer. {}",
                    "filler text ".repeat(50)
                ),
            )
        })
        .collect();
    let error = store.ingest(&big).unwrap_err();
    assert!(matches!(error, StoreError::DiskFull { .. }), "{error}");
    assert!(matches!(
        store.ingest(&big[..1]).unwrap_err(),
        StoreError::Poisoned { .. }
    ));
    drop(store);
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        store.article_count().unwrap(),
        1,
        "nothing of the failed batch"
    );
    assert_eq!(store.stories(None).unwrap().len(), 1);
}

fn the_coverage_around_a_story_is_its_period_without_its_members_or_reprints(db: &TestDb) {
    let mut store = db.open();
    let fire = article(
        "fire-1",
        Some("https://a.example/1"),
        "2026-10-14",
        "Chemical fire in Lowmere",
        FIRE,
    );
    let fire2 = article(
        "fire-2",
        Some("https://b.example/2"),
        "2026-10-14T09:30:00Z",
        "Lowmere evacuated",
        FIRE2,
    );
    let near = article(
        "wire-1",
        Some("https://c.example/3"),
        "2026-10-19",
        "Quay wall cracks close berths",
        WIRE,
    );
    let mut reprint = article(
        "wire-2",
        Some("https://d.example/4"),
        "2026-10-19",
        "Berths closed",
        WIRE,
    );
    reprint.outlet = Some("Reprinting Daily".into());
    let far = article(
        "far",
        Some("https://e.example/5"),
        "2026-11-30",
        "Ferry fares rise",
        "Ferry fares on Lake Ostra will rise by 12 percent in May, the operator said on Tuesday, citing fuel costs.",
    );
    store.ingest(&[fire, fire2, near, reprint, far]).unwrap();
    let story = store.article("fire-1").unwrap().unwrap().story.unwrap();
    assert_eq!(
        store.article("fire-2").unwrap().unwrap().story.as_deref(),
        Some(story.as_str())
    );
    let period = store.coverage_around(&story, 7).unwrap();
    assert_eq!(
        (period.from.as_deref(), period.to.as_deref()),
        (Some("2026-10-07"), Some("2026-10-21"))
    );
    assert_eq!(
        period.describe(),
        "stored coverage from 2026-10-07 to 2026-10-21"
    );
    let ids: Vec<&str> = period.others.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        ["wire-1"],
        "not the story's own, not the reprint, not November"
    );
    assert_eq!(period.others[0].outlet.as_deref(), Some("Outlet wire-1"));
    assert!(period.others[0].text.is_empty());
}

fn an_archive_imported_out_of_order_lists_the_latest_publication_first(db: &TestDb) {
    let mut store = db.open();
    let texts = [
        ("ferry", "2026-10-20T09:30:00+02:00", "Ferry crews in Port Aldren walked out on Tuesday over a pay offer the operator called final; crossings to the islands were cancelled."),
        ("budget", "2026-10-02", "The Lowmere council approved a budget of 84 million for schools and roads after a six-hour debate on Thursday night."),
        ("quake", "not a date", "A magnitude 5.1 earthquake shook the Varn valley early on Sunday, damaging farm buildings but causing no injuries, seismologists said."),
        ("orchestra", "2026-10-15", "The Kessel symphony orchestra named violinist Mara Quill as its new music director, the first woman to hold the post in its history."),
        ("comet", "2999-01-01", "Astronomers at the Tarn observatory photographed a faint comet passing close to Jupiter, the observatory said in a statement."),
        ("bridge", "2026-10-09", "Engineers closed the old Ostbridge over the Venn river after divers found erosion around two of its piers, the transport office said."),
    ];
    let archive: Vec<Article> = texts
        .iter()
        .map(|(id, day, text)| article(id, Some(&format!("https://{id}.example/1")), day, id, text))
        .collect();
    store.ingest(&archive).unwrap();
    let order: Vec<String> = store
        .stories(None)
        .unwrap()
        .iter()
        .map(|s| s.title.clone().unwrap_or_default())
        .collect();
    // Dated stories newest first; the story dated in the future and the undated one
    // after them (the most recently imported of those two first).
    assert_eq!(
        order,
        ["ferry", "orchestra", "bridge", "budget", "comet", "quake"]
    );
    let summaries = store.stories(None).unwrap();
    assert_eq!(summaries[0].last_day.as_deref(), Some("2026-10-20"));
    assert_eq!(summaries[5].last_day, None, "an unreadable date is no date");
}

fn sentence_vectors_are_kept_per_model(db: &TestDb) {
    let mut store = db.open();
    let keys = [
        parallax_store::sentence_key("One."),
        parallax_store::sentence_key("Two."),
    ];
    assert!(store.sentence_vectors(&keys, "m1").unwrap().is_empty());
    store
        .save_sentence_vectors("m1", &[(keys[0], vec![0.5, -1.0]), (keys[1], vec![2.0])])
        .unwrap();
    store
        .save_sentence_vectors("m1", &[(keys[1], vec![3.0, 4.0])])
        .unwrap();
    let found = store.sentence_vectors(&keys, "m1").unwrap();
    assert_eq!(found[&keys[0]], [0.5, -1.0]);
    assert_eq!(found[&keys[1]], [3.0, 4.0], "saved again: replaced");
    assert!(store.sentence_vectors(&keys, "m2").unwrap().is_empty());
}

/// SQLite keeps a NUL character; PostgreSQL text cannot hold one, so it becomes U+FFFD
/// (one code point for one: citation offsets stay right) instead of failing the batch.
fn a_text_with_a_nul_character_is_stored(db: &TestDb) {
    let mut store = db.open();
    let text = "Ferry fares rise by 12% in May.\0 The operator cited fuel costs.";
    let result = store
        .ingest(&[article("nul", None, "2026-10-14", "Ferry\0fares", text)])
        .unwrap();
    assert_eq!(result[0].status, Status::New);
    let stored = store.article("nul").unwrap().unwrap().article;
    assert_eq!(stored.text.chars().count(), text.chars().count());
    assert!(stored.text.ends_with("fuel costs."));
    assert_eq!(
        store
            .ingest(&[article("nul", None, "2026-10-14", "Ferry\0fares", text)])
            .unwrap()[0]
            .status,
        Status::Duplicate
    );
}

/// Within one batch an article sees those before it (its original, its earlier text);
/// a reprint corrected later is a revision that keeps its link and its story.
fn a_batch_sees_its_own_articles_and_a_revised_reprint_stays_a_reprint(db: &TestDb) {
    let mut store = db.open();
    let (wire, copy) = wire_and_copy();
    let mut wire_revised = wire.clone();
    wire_revised.text = format!("{WIRE} Update: berths four and five reopened on Friday.");
    let result = store
        .ingest(&[wire, copy.clone(), wire_revised, copy.clone()])
        .unwrap();
    let statuses: Vec<Status> = result.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [
            Status::New,
            Status::Reprint,
            Status::Revision,
            Status::Duplicate
        ]
    );
    let story = result[0].story.clone();
    assert!(result.iter().all(|r| r.story == story), "{result:?}");
    assert_eq!(result[1].original.as_deref(), Some("wire"));
    assert_eq!(result[3].id, "paper");
    assert_eq!(store.article("wire").unwrap().unwrap().revision, 2);
    store
        .save_briefing(&story, "Berths closed", "Port Aldren", "{}")
        .unwrap();

    let mut corrected = copy;
    corrected.text = format!(
        "{}\n\nCorrection: the quay wall is in Port Aldren.",
        corrected.text
    );
    let result = store.ingest(&[corrected]).unwrap();
    assert_eq!(result[0].status, Status::Revision);
    assert_eq!(result[0].id, "paper");
    assert_eq!(result[0].story, story);
    let stored = store.article("paper").unwrap().unwrap();
    assert_eq!(stored.revision, 2);
    assert!(stored.article.text.ends_with("Port Aldren."));
    assert_eq!(stored.syndicated_from.as_deref(), Some("wire"));
    assert_eq!(stored.story.as_deref(), Some(story.as_str()));
    assert_eq!(store.article("wire").unwrap().unwrap().reprints, ["paper"]);
    assert_eq!(
        store.cached_briefing(&story).unwrap(),
        None,
        "the story changed"
    );
    let stories = store.stories(None).unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!((stories[0].articles, stories[0].sources), (2, 1));
}

/// A batch whose fourth article the database refuses: the new articles, the revision,
/// the story that grew and the reprint before and after it are all rolled back, the
/// cached briefing stays valid, and the same batch goes in whole once the article is
/// accepted.
fn a_batch_that_fails_in_the_middle_stores_nothing_of_it(db: &TestDb) {
    let mut store = db.open();
    let fire = fire();
    let story = store.ingest(std::slice::from_ref(&fire)).unwrap()[0]
        .story
        .clone();
    store
        .save_briefing(&story, "Lowmere fire", "Residents leave homes", "{}")
        .unwrap();
    let (wire, copy) = wire_and_copy();
    let mut fire_revised = fire;
    fire_revised.text = format!("{FIRE} The evacuation order was lifted on Monday.");
    let batch = [
        wire,
        fire_revised,
        fire_follow_up(),
        article(
            "bad",
            Some("https://c.example/ferry"),
            "2026-10-16",
            "Ferry fares rise",
            "Ferry fares will rise by 12% in May, the operator said.",
        ),
        copy,
    ];
    db.refuse_article("bad");
    let error = store.ingest(&batch).unwrap_err();
    assert!(error.to_string().contains("refused"), "{error}");
    assert!(matches!(
        store.ingest(&batch[..1]).unwrap_err(),
        StoreError::Poisoned { .. }
    ));
    drop(store);

    let mut store = db.open();
    assert_eq!(store.article_count().unwrap(), 1);
    let f1 = store.article("f1").unwrap().unwrap();
    assert_eq!((f1.revision, f1.article.text.as_str()), (1, FIRE));
    assert!(store.article("wire").unwrap().is_none());
    let stories = store.stories(None).unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].id, story);
    assert_eq!(stories[0].articles, 1);
    assert_eq!(stories[0].last_day.as_deref(), Some("2026-10-14"));
    assert_eq!(
        store.cached_briefing(&story).unwrap().as_deref(),
        Some("{}")
    );
    assert!(store.search("Aldren", 10).unwrap().is_empty());

    db.accept_articles();
    let result = store.ingest(&batch).unwrap();
    let statuses: Vec<Status> = result.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [
            Status::New,
            Status::Revision,
            Status::New,
            Status::New,
            Status::Reprint
        ]
    );
    assert_eq!(result[1].story, story);
    assert_eq!(result[4].original.as_deref(), Some("wire"));
    assert_eq!(store.article_count().unwrap(), 5);
    assert_eq!(store.cached_briefing(&story).unwrap(), None);
}

/// A stand-in model that records what it is asked: a vector of word hashes (unit
/// length), so titles that share words are close.
#[derive(Default)]
struct WordHashes {
    calls: Mutex<Vec<usize>>,
}

impl WordHashes {
    /// How many texts each call embedded, since the last look.
    fn take_calls(&self) -> Vec<usize> {
        std::mem::take(&mut *self.calls.lock().unwrap())
    }
}

impl Embedder for WordHashes {
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        self.calls.lock().unwrap().push(texts.len());
        texts
            .iter()
            .map(|text| {
                let mut v = vec![0f32; 16];
                for word in text.split_whitespace() {
                    let h = word
                        .to_lowercase()
                        .bytes()
                        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
                    v[(h % 16) as usize] += 1.0;
                }
                let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                if norm > 0.0 {
                    v.iter_mut().for_each(|x| *x /= norm);
                }
                v
            })
            .collect()
    }
}

/// With a model, each new or changed article's title vector is embedded in one call per
/// batch before the transaction (duplicates are not embedded again), stored, replaced
/// by a revision's, and read back with the open stories after a restart.
fn title_vectors_are_embedded_once_per_batch_kept_and_replaced_by_a_revision(db: &TestDb) {
    let model = Arc::new(WordHashes::default());
    let embedding = Embedding {
        embedder: model.clone(),
        model: "word-hashes".into(),
    };
    let fire = fire();
    let (wire, copy) = wire_and_copy();
    let mut store = db.open();
    store.set_embedding(embedding.clone());
    let result = store.ingest(&[fire.clone(), wire.clone(), copy]).unwrap();
    assert_eq!(result[2].status, Status::Reprint);
    assert_eq!(model.take_calls(), [3]);
    let first = db
        .title_vector("f1", "word-hashes")
        .expect("f1 has a vector");
    assert_eq!(first.len(), 16 * 4);
    assert!(db.title_vector("paper", "word-hashes").is_some());
    assert!(db.title_vector("f1", "another-model").is_none());

    // Duplicates are not embedded again.
    store.ingest(&[fire.clone(), wire]).unwrap();
    assert_eq!(model.take_calls().iter().sum::<usize>(), 0);

    let mut retitled = fire;
    retitled.title = Some("Lowmere evacuated after chemical plant fire".into());
    assert_eq!(
        store.ingest(&[retitled]).unwrap()[0].status,
        Status::Revision
    );
    assert_eq!(model.take_calls(), [1]);
    let revised = db.title_vector("f1", "word-hashes").unwrap();
    assert_ne!(revised, first, "a revision replaces the vector");
    drop(store);

    // A new process: the open stories come back with their stored vectors, so only the
    // new article is embedded.
    let mut store = db.open();
    store.set_embedding(embedding);
    let result = store.ingest(&[fire_follow_up()]).unwrap();
    assert_eq!(model.take_calls(), [1]);
    assert_eq!(result[0].status, Status::New);
    assert_eq!(
        result[0].story,
        store.article("f1").unwrap().unwrap().story.unwrap()
    );
}

#[test]
fn an_unreachable_server_is_an_open_error_naming_the_address_without_its_password() {
    // Port 1 on loopback: nothing listens there.
    let address = "postgres://news:hunter2@127.0.0.1:1/parallax?connect_timeout=5";
    let error = parallax_store::open(&Address::parse(address.as_ref())).unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, StoreError::Open { .. }), "{message}");
    assert!(
        message.contains("postgres://news@127.0.0.1:1/parallax"),
        "{message}"
    );
    assert!(!message.contains("hunter2"), "{message}");
}

#[test]
fn a_missing_postgres_database_is_an_open_error_without_the_password() {
    let Some(url) =
        support::postgres_url("a_missing_postgres_database_is_an_open_error_without_the_password")
    else {
        return;
    };
    // The same server and user, a database that does not exist, and a password.
    let config: postgres::Config = url.parse().unwrap();
    let host = match &config.get_hosts()[0] {
        postgres::config::Host::Tcp(host) => host.clone(),
        #[allow(unreachable_patterns)]
        _ => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("postgres");
    let address = format!("postgres://{user}:hunter2@{host}:{port}/no_such_database_here");
    let error = PostgresStore::open(&address).unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, StoreError::Open { .. }), "{message}");
    assert!(message.contains("no_such_database_here"), "{message}");
    assert!(!message.contains("hunter2"), "{message}");
}

/// A store with a bit of everything: stories, a reprint, a revision, a cached
/// briefing, sentence vectors.
fn fill(store: &mut parallax_store::AnyStore) -> String {
    let fire = fire();
    let r = store
        .ingest(&[
            fire.clone(),
            article(
                "w1",
                Some("https://a.example/w1"),
                "2026-10-14",
                "Port Aldren closes berths",
                WIRE,
            ),
            article(
                "w2",
                Some("https://b.example/w2"),
                "2026-10-14",
                "Berths shut",
                &format!("{WIRE} First published by a wire service."),
            ),
        ])
        .unwrap();
    assert_eq!(r[2].status, Status::Reprint);
    let mut changed = fire;
    changed.text = format!("{FIRE} The evacuation order was lifted.");
    assert_eq!(
        store.ingest(&[changed]).unwrap()[0].status,
        Status::Revision
    );
    store
        .save_briefing(
            &r[0].story,
            "Lowmere fire",
            "Residents leave homes",
            "{\"story\":1}",
        )
        .unwrap();
    store
        .save_sentence_vectors(
            "m",
            &[(parallax_store::sentence_key("One."), vec![1.0, 2.0])],
        )
        .unwrap();
    r[0].story.clone()
}

/// Two stores hold the same stories, articles, links, briefings and vectors.
fn assert_same(a: &parallax_store::AnyStore, b: &parallax_store::AnyStore) {
    let stories = a.stories(None).unwrap();
    assert_eq!(stories, b.stories(None).unwrap());
    assert!(!stories.is_empty());
    for story in &stories {
        let members = a.story_articles(&story.id).unwrap();
        assert_eq!(members, b.story_articles(&story.id).unwrap());
        for member in &members {
            assert_eq!(
                a.article(&member.id).unwrap(),
                b.article(&member.id).unwrap()
            );
        }
        assert_eq!(
            a.cached_briefing(&story.id).unwrap(),
            b.cached_briefing(&story.id).unwrap()
        );
    }
    let hits = |s: &parallax_store::AnyStore| {
        let mut hits: Vec<(String, bool)> = s
            .search("residents", 10)
            .unwrap()
            .into_iter()
            .map(|h| (h.id, h.kind == HitKind::Briefing))
            .collect();
        hits.sort();
        hits
    };
    assert_eq!(hits(a), hits(b));
    let key = [parallax_store::sentence_key("One.")];
    assert_eq!(
        a.sentence_vectors(&key, "m").unwrap(),
        b.sentence_vectors(&key, "m").unwrap()
    );
}

/// Copy `from` into the empty `to`, check they agree, and that the copy takes new
/// articles into its stories.
fn copy_and_compare(from: &TestDb, to: &TestDb) {
    let mut source = from.open();
    let fire_story = fill(&mut source);
    let mut destination = to.open();
    let mut heard = Vec::new();
    let report = parallax_store::copy(&source, &mut destination, &mut |table, rows| {
        heard.push((table.to_string(), rows));
    })
    .unwrap();
    assert_eq!(report.rows("articles"), 3);
    assert_eq!(report.rows("article_revisions"), 1);
    assert_eq!(report.rows("near_duplicates"), 1);
    assert_eq!(report.rows("briefings"), 1);
    assert!(heard.contains(&("articles".to_string(), 3)));
    assert_same(&source, &destination);
    // A second copy into a store that now holds articles is refused.
    assert!(parallax_store::copy(&source, &mut destination, &mut |_, _| {}).is_err());
    // The copy is a working store: a new report of the fire joins the copied story.
    drop(destination);
    let mut destination = to.open();
    let r = destination
        .ingest(&[article(
            "f2",
            Some("https://c.example/f2"),
            "2026-10-15",
            "Lowmere chemical fire: residents evacuated",
            FIRE2,
        )])
        .unwrap();
    assert_eq!(r[0].story, fire_story);
    assert_eq!(destination.article_count().unwrap(), 4);
    assert_eq!(
        destination.cached_briefing(&fire_story).unwrap(),
        None,
        "the story grew"
    );
}

#[test]
fn a_store_copies_into_an_empty_one_with_everything_it_holds() {
    copy_and_compare(&TestDb::sqlite(), &TestDb::sqlite());
}

#[test]
fn an_sqlite_store_copies_to_postgres_and_back() {
    let test = "an_sqlite_store_copies_to_postgres_and_back";
    // One SKIPPED line, not one per database.
    if support::postgres_url(test).is_none() {
        return;
    }
    let (Some(pg), Some(pg_source)) = (TestDb::postgres(test), TestDb::postgres(test)) else {
        return;
    };
    copy_and_compare(&TestDb::sqlite(), &pg);
    copy_and_compare(&pg_source, &TestDb::sqlite());
}
