//! The `--db` option shared by the store commands: an SQLite file, or a PostgreSQL
//! database named by a `postgres://…` / `postgresql://…` address.

use std::path::Path;

use anyhow::bail;
use parallax_store::{default_path, Address, AnyStore};

/// The database: `--db` (or `PARALLAX_DB`), else the default SQLite file (XDG data dir).
pub fn address(db: Option<&Path>) -> Address {
    db.map_or_else(
        || Address::Sqlite(default_path()),
        |db| Address::parse(db.as_os_str()),
    )
}

/// Open the database for writing, creating it (or its tables) when missing.
pub fn open_or_create(db: Option<&Path>) -> anyhow::Result<AnyStore> {
    Ok(parallax_store::open(&address(db))?)
}

/// Open an existing database; a missing SQLite file is an error (nothing was added
/// yet). A PostgreSQL database gets its tables on first use, empty.
pub fn open_existing(db: Option<&Path>) -> anyhow::Result<AnyStore> {
    let address = address(db);
    if let Some(path) = address.path() {
        if !path.exists() {
            bail!(
                "{}: no database here yet; add articles with `parallax add` (or pass --db PATH)",
                path.display()
            );
        }
    }
    Ok(parallax_store::open(&address)?)
}
