//! Typed errors of the store. Every error names its database: the file of an SQLite
//! store, or the address of a PostgreSQL one with its password removed (the `path` of
//! these errors is that address).

use std::path::PathBuf;

/// What went wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not an SQLite database, or it is damaged.
    #[error("{path}: the database is corrupt or not a Parallax database ({detail})")]
    Corrupt {
        /// Database file.
        path: PathBuf,
        /// SQLite's message.
        detail: String,
    },
    /// Another process holds a lock on the database for longer than the busy timeout.
    #[error("{path}: the database is locked by another process; try again when it is done")]
    Locked {
        /// Database file.
        path: PathBuf,
    },
    /// The disk (or the database's size limit) is full; the transaction was rolled back.
    #[error("{path}: the disk is full; nothing of the last batch was written")]
    DiskFull {
        /// Database file.
        path: PathBuf,
    },
    /// The database was written by a newer Parallax.
    #[error("{path}: the database has schema version {found}, newer than this Parallax supports ({supported}); upgrade Parallax")]
    NewerSchema {
        /// Database file.
        path: PathBuf,
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// The database file or its folder cannot be created or opened, or the PostgreSQL
    /// server cannot be reached or refuses the credentials.
    #[error("{path}: cannot open the database: {detail}")]
    Open {
        /// Database file.
        path: PathBuf,
        /// Why.
        detail: String,
    },
    /// A stored value cannot be read back (e.g. a briefing that is not valid JSON).
    #[error("{path}: stored data cannot be read: {detail}")]
    Data {
        /// Database file.
        path: PathBuf,
        /// Why.
        detail: String,
    },
    /// A search query that FTS5 cannot parse.
    #[error("bad search query: {0}")]
    Query(String),
    /// An earlier write failed; reopen the store before writing again.
    #[error("{path}: an earlier write failed; reopen the database")]
    Poisoned {
        /// Database file.
        path: PathBuf,
    },
    /// Any other PostgreSQL error (the address never holds the password).
    #[error("{path}: {}", postgres_detail(.source))]
    Postgres {
        /// Address of the database, without its password.
        path: PathBuf,
        /// The driver's error.
        #[source]
        source: postgres::Error,
    },
    /// Any other SQLite error.
    #[error("{path}: {source}")]
    Sqlite {
        /// Database file.
        path: PathBuf,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// Classify an SQLite error for the database at `path`.
    pub(crate) fn from_sqlite(path: &std::path::Path, error: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode;
        let path = path.to_path_buf();
        if let rusqlite::Error::SqliteFailure(failure, message) = &error {
            let detail = message.clone().unwrap_or_else(|| failure.to_string());
            match failure.code {
                ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
                    return StoreError::Corrupt { path, detail }
                }
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                    return StoreError::Locked { path }
                }
                ErrorCode::DiskFull => return StoreError::DiskFull { path },
                ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied => {
                    return StoreError::Open { path, detail }
                }
                _ => {}
            }
        }
        StoreError::Sqlite {
            path,
            source: error,
        }
    }
}

impl StoreError {
    /// Classify a PostgreSQL error for the database at `address` (already without its
    /// password): a lock or deadlock is [`StoreError::Locked`], a full disk
    /// [`StoreError::DiskFull`], a refused login or a lost connection
    /// [`StoreError::Open`].
    pub(crate) fn from_postgres(address: &str, error: postgres::Error) -> StoreError {
        use postgres::error::SqlState;
        let path = PathBuf::from(address);
        if let Some(code) = error.code() {
            if [
                SqlState::LOCK_NOT_AVAILABLE,
                SqlState::T_R_DEADLOCK_DETECTED,
                SqlState::T_R_SERIALIZATION_FAILURE,
            ]
            .contains(code)
            {
                return StoreError::Locked { path };
            }
            if *code == SqlState::DISK_FULL {
                return StoreError::DiskFull { path };
            }
            if [
                SqlState::INVALID_PASSWORD,
                SqlState::INVALID_AUTHORIZATION_SPECIFICATION,
                SqlState::INVALID_CATALOG_NAME,
                SqlState::TOO_MANY_CONNECTIONS,
                SqlState::CANNOT_CONNECT_NOW,
            ]
            .contains(code)
            {
                let detail = error
                    .as_db_error()
                    .map_or_else(|| error.to_string(), |db| db.message().to_string());
                return StoreError::Open { path, detail };
            }
        }
        if error.is_closed() {
            return StoreError::Open {
                path,
                detail: format!("the connection was lost ({error})"),
            };
        }
        StoreError::Postgres {
            path,
            source: error,
        }
    }
}

/// What the server said about a failed statement (the driver's own message is only "db
/// error"), so that an error reads as clearly as SQLite's; any other error as the driver
/// puts it.
fn postgres_detail(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => {
            let mut out = db.message().to_string();
            if let Some(detail) = db.detail() {
                out.push_str(": ");
                out.push_str(detail);
            }
            out
        }
        None => error.to_string(),
    }
}
