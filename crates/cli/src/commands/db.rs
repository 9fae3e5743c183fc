//! The `--db` option shared by the store commands.

use std::path::{Path, PathBuf};

use anyhow::bail;
use parallax_store::{default_path, SqliteStore};

/// The database path: `--db`, else the default location (XDG data dir).
pub fn path(db: Option<&Path>) -> PathBuf {
    db.map_or_else(default_path, Path::to_path_buf)
}

/// Open the database for writing, creating it when missing.
pub fn open_or_create(db: Option<&Path>) -> anyhow::Result<SqliteStore> {
    Ok(SqliteStore::open(&path(db))?)
}

/// Open an existing database; a missing one is an error (nothing was added yet).
pub fn open_existing(db: Option<&Path>) -> anyhow::Result<SqliteStore> {
    let path = path(db);
    if !path.exists() {
        bail!(
            "{}: no database here yet; add articles with `parallax add` (or pass --db PATH)",
            path.display()
        );
    }
    Ok(SqliteStore::open(&path)?)
}
