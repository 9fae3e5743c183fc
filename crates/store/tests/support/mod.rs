//! The two backends the store's tests run on: SQLite in a temporary folder, and
//! PostgreSQL in a fresh schema of the server named by `PARALLAX_TEST_POSTGRES` (a
//! connection address; `scripts/postgres-test-cluster.sh start` makes one), so that
//! tests run in parallel without seeing each other's data.
//!
//! Without `PARALLAX_TEST_POSTGRES` a PostgreSQL test prints `SKIPPED: <test> needs
//! PARALLAX_TEST_POSTGRES` (on the real stderr, past the test harness's capture) and
//! passes; under CI (`CI` set and not empty) it fails instead.

#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use parallax_store::{AnyStore, PostgresStore, SqliteStore, StoreError};

/// Which backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// One test's own empty database.
pub struct TestDb {
    pub backend: Backend,
    _dir: tempfile::TempDir,
    path: PathBuf,
    url: String,
    schema: String,
}

/// The server's address, or `None` after printing the SKIPPED line (a failure under CI).
pub fn postgres_url(test: &str) -> Option<String> {
    match std::env::var("PARALLAX_TEST_POSTGRES") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            if std::env::var("CI").is_ok_and(|v| !v.is_empty()) {
                panic!("{test} needs PARALLAX_TEST_POSTGRES (a PostgreSQL address) under CI");
            }
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {test} needs PARALLAX_TEST_POSTGRES"
            );
            None
        }
    }
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sub").join("parallax.db");
        TestDb {
            backend: Backend::Sqlite,
            _dir: dir,
            path,
            url: String::new(),
            schema: String::new(),
        }
    }

    /// A fresh schema on the test server, or `None` when there is none (see the module
    /// doc).
    pub fn postgres(test: &str) -> Option<TestDb> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let url = postgres_url(test)?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name: String = test.chars().take(30).collect();
        let schema = format!(
            "t_{name}_{}_{nanos}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        Some(TestDb {
            backend: Backend::Postgres,
            _dir: tempfile::tempdir().expect("temp dir"),
            path: PathBuf::new(),
            url,
            schema,
        })
    }

    pub fn try_open(&self) -> Result<AnyStore, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => SqliteStore::open(&self.path)?.into(),
            Backend::Postgres => PostgresStore::open_in_schema(&self.url, &self.schema)?.into(),
        })
    }

    pub fn open(&self) -> AnyStore {
        self.try_open().expect("the store opens")
    }

    /// A direct connection to the test's PostgreSQL schema.
    fn pg_client(&self) -> postgres::Client {
        let mut client = postgres::Client::connect(&self.url, postgres::NoTls).expect("connect");
        client
            .batch_execute(&format!("SET search_path TO {}", self.schema))
            .expect("search path");
        client
    }

    /// The schema version written in the database.
    pub fn schema_version(&self) -> i64 {
        match self.backend {
            Backend::Sqlite => rusqlite::Connection::open(&self.path)
                .unwrap()
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap(),
            Backend::Postgres => self
                .pg_client()
                .query_one("SELECT version FROM parallax_schema", &[])
                .unwrap()
                .get(0),
        }
    }

    /// Pretend a newer Parallax wrote the database.
    pub fn set_schema_version(&self, version: i64) {
        match self.backend {
            Backend::Sqlite => rusqlite::Connection::open(&self.path)
                .unwrap()
                .execute_batch(&format!("PRAGMA user_version = {version}"))
                .unwrap(),
            Backend::Postgres => {
                self.pg_client()
                    .execute("UPDATE parallax_schema SET version = $1", &[&version])
                    .unwrap();
            }
        }
    }

    /// Another session holding a lock that the next write of a reprint waits for: the
    /// whole database on SQLite, the table of reprint links on PostgreSQL (so a batch
    /// gets halfway before it waits). Released when dropped.
    pub fn hold_lock(&self) -> LockHolder {
        match self.backend {
            Backend::Sqlite => {
                let conn = rusqlite::Connection::open(&self.path).unwrap();
                conn.execute_batch("BEGIN IMMEDIATE").unwrap();
                LockHolder::Sqlite(conn)
            }
            Backend::Postgres => {
                let mut client = self.pg_client();
                client
                    .batch_execute("BEGIN; LOCK TABLE near_duplicates IN EXCLUSIVE MODE")
                    .unwrap();
                LockHolder::Postgres(client)
            }
        }
    }
}

impl TestDb {
    /// Make the database refuse to store an article with this id (a trigger that raises
    /// an error): a batch that holds it fails in the middle, after the articles before
    /// it were written in the same transaction.
    pub fn refuse_article(&self, id: &str) {
        match self.backend {
            Backend::Sqlite => rusqlite::Connection::open(&self.path)
                .unwrap()
                .execute_batch(&format!(
                    "CREATE TRIGGER refuse_article BEFORE INSERT ON articles \
                     WHEN NEW.id = '{id}' BEGIN SELECT RAISE(ABORT, 'article refused by the test'); END"
                ))
                .unwrap(),
            Backend::Postgres => self
                .pg_client()
                .batch_execute(&format!(
                    "CREATE FUNCTION refuse_article() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN IF NEW.id = '{id}' THEN RAISE EXCEPTION 'article refused by the test'; END IF; \
                     RETURN NEW; END $$; \
                     CREATE TRIGGER refuse_article BEFORE INSERT ON articles \
                     FOR EACH ROW EXECUTE FUNCTION refuse_article()"
                ))
                .unwrap(),
        }
    }

    /// Undo [`TestDb::refuse_article`].
    pub fn accept_articles(&self) {
        match self.backend {
            Backend::Sqlite => rusqlite::Connection::open(&self.path)
                .unwrap()
                .execute_batch("DROP TRIGGER refuse_article")
                .unwrap(),
            Backend::Postgres => self
                .pg_client()
                .batch_execute("DROP TRIGGER refuse_article ON articles")
                .unwrap(),
        }
    }

    /// The stored title vector of an article by `model`, as stored (little-endian f32s).
    pub fn title_vector(&self, article: &str, model: &str) -> Option<Vec<u8>> {
        match self.backend {
            Backend::Sqlite => {
                use rusqlite::OptionalExtension;
                rusqlite::Connection::open(&self.path)
                    .unwrap()
                    .query_row(
                        "SELECT vector FROM article_embeddings WHERE article_id = ?1 AND model = ?2",
                        [article, model],
                        |r| r.get(0),
                    )
                    .optional()
                    .unwrap()
            }
            Backend::Postgres => self
                .pg_client()
                .query_opt(
                    "SELECT vector FROM article_embeddings WHERE article_id = $1 AND model = $2",
                    &[&article, &model],
                )
                .unwrap()
                .map(|r| r.get(0)),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if self.backend == Backend::Postgres {
            if let Ok(mut client) = postgres::Client::connect(&self.url, postgres::NoTls) {
                let _ =
                    client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
            }
        }
    }
}

/// A session holding a lock (see [`TestDb::hold_lock`]).
pub enum LockHolder {
    Sqlite(rusqlite::Connection),
    Postgres(postgres::Client),
}

impl LockHolder {
    pub fn release(self) {
        match self {
            LockHolder::Sqlite(conn) => conn.execute_batch("ROLLBACK").unwrap(),
            LockHolder::Postgres(mut client) => client.batch_execute("ROLLBACK").unwrap(),
        }
    }
}

/// Each test body once per backend: `on_both!(name, …)` makes `name::sqlite` and
/// `name::postgres`, each calling `name(&TestDb)`.
#[macro_export]
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[test]
                fn sqlite() {
                    super::$name(&$crate::support::TestDb::sqlite());
                }

                #[test]
                fn postgres() {
                    if let Some(db) = $crate::support::TestDb::postgres(stringify!($name)) {
                        super::$name(&db);
                    }
                }
            }
        )*
    };
}
