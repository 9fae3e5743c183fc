//! Typed errors of the store.

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
    /// The database file or its folder cannot be created or opened.
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
