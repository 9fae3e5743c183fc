//! Versioned migrations. `PRAGMA user_version` holds the number of migrations applied;
//! each migration runs in its own transaction together with the version bump, so a
//! database is always at one version or the next, never in between.

/// The migrations, in order: migration `n` (1-based) brings a database to version `n`.
/// Never edit a released migration; add a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: outlets, feeds, articles with revisions, signatures, near-duplicate links,
    // stories and membership, cached briefings, full-text indexes.
    r#"
CREATE TABLE outlets (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    lean    TEXT
);
CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    outlet_id     INTEGER REFERENCES outlets(id),
    title         TEXT,
    etag          TEXT,
    last_modified TEXT,
    last_fetched  TEXT
);
-- seq is the arrival order (and the rowid the full-text index refers to).
CREATE TABLE articles (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    key          TEXT NOT NULL UNIQUE,
    url          TEXT,
    outlet_id    INTEGER REFERENCES outlets(id),
    feed_id      INTEGER REFERENCES feeds(id),
    title        TEXT,
    published    TEXT,
    lean         TEXT,
    text         TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    revision     INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE article_revisions (
    article_id   TEXT NOT NULL REFERENCES articles(id),
    revision     INTEGER NOT NULL,
    title        TEXT,
    text         TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    PRIMARY KEY (article_id, revision)
);
CREATE TABLE signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    minhash    BLOB NOT NULL
);
CREATE TABLE near_duplicates (
    copy_id     TEXT PRIMARY KEY REFERENCES articles(id),
    original_id TEXT NOT NULL REFERENCES articles(id),
    containment REAL NOT NULL
);
CREATE INDEX near_duplicates_original ON near_duplicates(original_id);
CREATE TABLE stories (
    id          TEXT PRIMARY KEY,
    first_seq   INTEGER NOT NULL,
    updated_seq INTEGER NOT NULL,
    first_day   TEXT,
    last_day    TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    merged_into TEXT REFERENCES stories(id)
);
CREATE INDEX stories_updated ON stories(updated_seq);
CREATE TABLE story_members (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    story_id   TEXT NOT NULL REFERENCES stories(id)
);
CREATE INDEX story_members_story ON story_members(story_id);
CREATE TABLE briefings (
    story_id      TEXT PRIMARY KEY REFERENCES stories(id),
    story_version INTEGER NOT NULL,
    headline      TEXT NOT NULL,
    body          TEXT NOT NULL,
    json          TEXT NOT NULL
);
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='seq');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE VIRTUAL TABLE briefings_fts USING fts5(headline, body, content='briefings', content_rowid='rowid');
CREATE TRIGGER briefings_fts_insert AFTER INSERT ON briefings BEGIN
    INSERT INTO briefings_fts(rowid, headline, body) VALUES (new.rowid, new.headline, new.body);
END;
CREATE TRIGGER briefings_fts_delete AFTER DELETE ON briefings BEGIN
    INSERT INTO briefings_fts(briefings_fts, rowid, headline, body) VALUES ('delete', old.rowid, old.headline, old.body);
END;
CREATE TRIGGER briefings_fts_update AFTER UPDATE ON briefings BEGIN
    INSERT INTO briefings_fts(briefings_fts, rowid, headline, body) VALUES ('delete', old.rowid, old.headline, old.body);
    INSERT INTO briefings_fts(rowid, headline, body) VALUES (new.rowid, new.headline, new.body);
END;
"#,
    // 2: find the coverage of a period (the base rate of blindspots) without a scan.
    r#"
CREATE INDEX articles_published ON articles(published);
"#,
    // 3: embeddings (see `vectors.rs`): each article's title vector, which story
    // grouping compares, and the sentence vectors briefings align with, keyed by a
    // stable hash of the sentence.
    r#"
CREATE TABLE article_embeddings (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    model      TEXT NOT NULL,
    vector     BLOB NOT NULL
);
CREATE TABLE sentence_embeddings (
    sentence INTEGER NOT NULL,
    model    TEXT NOT NULL,
    vector   BLOB NOT NULL,
    PRIMARY KEY (sentence, model)
);
"#,
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}
