//! Versioned migrations of the PostgreSQL store. The table `parallax_schema` holds the
//! number of migrations applied (one row); each migration runs in its own transaction
//! together with the version bump, under an advisory lock so that two processes
//! opening a new database at once do not both migrate it.
//!
//! The tables mirror the SQLite schema (`crate::schema`), with PostgreSQL's own types:
//! `bytea` for blobs, `tsvector` columns (generated from the text, GIN-indexed) for
//! full-text search, and the byte order (`COLLATE "C"`) for every column the store
//! compares or sorts as text (ids, publication times, days), as SQLite does.

use postgres::GenericClient;

/// The migrations, in order: migration `n` (1-based) brings a database to version `n`.
/// Never edit a released migration; add a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: everything the SQLite schema holds at its version 3.
    r#"
CREATE TABLE outlets (
    id   bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    lean text
);
CREATE TABLE feeds (
    id            bigserial PRIMARY KEY,
    url           text NOT NULL UNIQUE,
    outlet_id     bigint REFERENCES outlets(id),
    title         text,
    etag          text,
    last_modified text,
    last_fetched  text
);
-- seq is the arrival order. The search vector is cut at 200,000 characters of text: a
-- tsvector is limited to 1 MB, and no news article is longer.
CREATE TABLE articles (
    seq          bigserial PRIMARY KEY,
    id           text COLLATE "C" NOT NULL UNIQUE,
    key          text COLLATE "C" NOT NULL UNIQUE,
    url          text,
    outlet_id    bigint REFERENCES outlets(id),
    feed_id      bigint REFERENCES feeds(id),
    title        text,
    published    text COLLATE "C",
    lean         text,
    text         text NOT NULL,
    content_hash text NOT NULL,
    revision     integer NOT NULL DEFAULT 1,
    search       tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple', left(text, 200000)), 'B')
    ) STORED
);
CREATE INDEX articles_search ON articles USING gin (search);
CREATE INDEX articles_published ON articles (published);
CREATE TABLE article_revisions (
    article_id   text COLLATE "C" NOT NULL REFERENCES articles(id),
    revision     integer NOT NULL,
    title        text,
    text         text NOT NULL,
    content_hash text NOT NULL,
    PRIMARY KEY (article_id, revision)
);
CREATE TABLE signatures (
    article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id),
    minhash    bytea NOT NULL
);
CREATE TABLE near_duplicates (
    copy_id     text COLLATE "C" PRIMARY KEY REFERENCES articles(id),
    original_id text COLLATE "C" NOT NULL REFERENCES articles(id),
    containment double precision NOT NULL
);
CREATE INDEX near_duplicates_original ON near_duplicates (original_id);
CREATE TABLE stories (
    id          text COLLATE "C" PRIMARY KEY,
    first_seq   bigint NOT NULL,
    updated_seq bigint NOT NULL,
    first_day   text COLLATE "C",
    last_day    text COLLATE "C",
    version     bigint NOT NULL DEFAULT 1,
    merged_into text COLLATE "C" REFERENCES stories(id)
);
CREATE INDEX stories_updated ON stories (updated_seq);
CREATE TABLE story_members (
    article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id),
    story_id   text COLLATE "C" NOT NULL REFERENCES stories(id)
);
CREATE INDEX story_members_story ON story_members (story_id);
CREATE TABLE briefings (
    story_id      text COLLATE "C" PRIMARY KEY REFERENCES stories(id),
    story_version bigint NOT NULL,
    headline      text NOT NULL,
    body          text NOT NULL,
    json          text NOT NULL,
    search        tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', headline), 'A')
        || setweight(to_tsvector('simple', left(body, 200000)), 'B')
    ) STORED
);
CREATE INDEX briefings_search ON briefings USING gin (search);
CREATE TABLE article_embeddings (
    article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id),
    model      text NOT NULL,
    vector     bytea NOT NULL
);
CREATE TABLE sentence_embeddings (
    sentence bigint NOT NULL,
    model    text NOT NULL,
    vector   bytea NOT NULL,
    PRIMARY KEY (sentence, model)
);
"#,
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Key of the advisory lock that serialises migrations (any constant; "PLXSCHEM").
const MIGRATION_LOCK: i64 = 0x504c_5853_4348_454d;

/// The database's schema version (0 when it has no Parallax tables yet).
pub fn version(client: &mut impl GenericClient) -> Result<i64, postgres::Error> {
    let exists: bool = client
        .query_one("SELECT to_regclass('parallax_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let row = client.query_opt("SELECT version FROM parallax_schema", &[])?;
    Ok(row.map_or(0, |r| r.get::<_, i64>(0)))
}

/// Apply the migrations the database lacks, each in its own transaction (the caller
/// refuses a database of a newer version before calling this).
pub fn migrate(client: &mut postgres::Client) -> Result<(), postgres::Error> {
    for (n, sql) in MIGRATIONS.iter().enumerate() {
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS parallax_schema (version bigint NOT NULL); \
             INSERT INTO parallax_schema (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM parallax_schema);",
        )?;
        // Another process may have migrated while we waited for the lock.
        if version(&mut tx)? > n as i64 {
            continue;
        }
        tx.batch_execute(sql)?;
        tx.execute(
            "UPDATE parallax_schema SET version = $1",
            &[&(n as i64 + 1)],
        )?;
        tx.commit()?;
    }
    Ok(())
}
