//! `parallax db copy FROM TO`: every row of one store into another, empty one, of
//! either backend. Rows are copied as they are (not ingested again), so story ids,
//! revisions, reprint links, cached briefings and stored vectors survive the move; the
//! destination's own search index (FTS5 or `tsvector`) is built as the rows arrive.
//! The whole copy is one transaction on the destination: a failed copy leaves it empty.

use crate::{AnyStore, StoreError};

/// The type of a copied column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// 64-bit integer (`bigint` on PostgreSQL).
    Int,
    /// 32-bit integer (`integer` on PostgreSQL).
    Int32,
    /// Floating point.
    Real,
    /// Text.
    Text,
    /// Bytes.
    Blob,
}

/// One copied value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A copied table: its columns, and the key that orders it for reading in chunks.
#[derive(Debug)]
pub(crate) struct Table {
    pub(crate) name: &'static str,
    pub(crate) columns: &'static [(&'static str, Kind)],
    pub(crate) order: &'static str,
}

use Kind::{Blob, Int, Int32, Real, Text};

/// The tables, parents before children (foreign keys hold at every insert). A story's
/// `merged_into` may name a story copied after it, so it is set in a second pass.
pub(crate) const TABLES: &[Table] = &[
    Table {
        name: "outlets",
        columns: &[("id", Int), ("name", Text), ("lean", Text)],
        order: "id",
    },
    Table {
        name: "feeds",
        columns: &[
            ("id", Int),
            ("url", Text),
            ("outlet_id", Int),
            ("title", Text),
            ("etag", Text),
            ("last_modified", Text),
            ("last_fetched", Text),
        ],
        order: "id",
    },
    Table {
        name: "articles",
        columns: &[
            ("seq", Int),
            ("id", Text),
            ("key", Text),
            ("url", Text),
            ("outlet_id", Int),
            ("feed_id", Int),
            ("title", Text),
            ("published", Text),
            ("lean", Text),
            ("text", Text),
            ("content_hash", Text),
            ("revision", Int32),
        ],
        order: "seq",
    },
    Table {
        name: "article_revisions",
        columns: &[
            ("article_id", Text),
            ("revision", Int32),
            ("title", Text),
            ("text", Text),
            ("content_hash", Text),
        ],
        order: "article_id, revision",
    },
    Table {
        name: "signatures",
        columns: &[("article_id", Text), ("minhash", Blob)],
        order: "article_id",
    },
    Table {
        name: "near_duplicates",
        columns: &[
            ("copy_id", Text),
            ("original_id", Text),
            ("containment", Real),
        ],
        order: "copy_id",
    },
    Table {
        name: "stories",
        columns: &[
            ("id", Text),
            ("first_seq", Int),
            ("updated_seq", Int),
            ("first_day", Text),
            ("last_day", Text),
            ("version", Int),
        ],
        order: "id",
    },
    Table {
        name: "story_merges",
        columns: &[("id", Text), ("merged_into", Text)],
        order: "id",
    },
    Table {
        name: "story_members",
        columns: &[("article_id", Text), ("story_id", Text)],
        order: "article_id",
    },
    Table {
        name: "briefings",
        columns: &[
            ("story_id", Text),
            ("story_version", Int),
            ("headline", Text),
            ("body", Text),
            ("json", Text),
        ],
        order: "story_id",
    },
    Table {
        name: "article_embeddings",
        columns: &[("article_id", Text), ("model", Text), ("vector", Blob)],
        order: "article_id",
    },
    Table {
        name: "sentence_embeddings",
        columns: &[("sentence", Int), ("model", Text), ("vector", Blob)],
        order: "sentence, model",
    },
];

impl Table {
    /// The rows of this table from `offset` on, at most `limit` of them.
    pub(crate) fn select(&self) -> String {
        if self.name == "story_merges" {
            return "SELECT id, merged_into FROM stories WHERE merged_into IS NOT NULL ORDER BY id \
                    LIMIT $2 OFFSET $1"
                .to_string();
        }
        let columns: Vec<&str> = self.columns.iter().map(|(c, _)| *c).collect();
        format!(
            "SELECT {} FROM {} ORDER BY {} LIMIT $2 OFFSET $1",
            columns.join(", "),
            self.name,
            self.order
        )
    }

    /// The statement that writes one row (`$1`… placeholders, which SQLite reads too).
    pub(crate) fn insert(&self) -> String {
        if self.name == "story_merges" {
            return "UPDATE stories SET merged_into = $2 WHERE id = $1".to_string();
        }
        let columns: Vec<&str> = self.columns.iter().map(|(c, _)| *c).collect();
        let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.name,
            columns.join(", "),
            placeholders.join(", ")
        )
    }
}

/// Rows read at a time.
const CHUNK: usize = 1_000;

/// Where copied rows go: one open transaction on the destination.
pub(crate) trait RowSink {
    /// Write rows of `table`.
    fn write(&mut self, table: &Table, rows: &[Vec<Value>]) -> Result<(), StoreError>;
}

/// What [`copy`] copied: rows per table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    /// (table, rows) in copy order.
    pub tables: Vec<(&'static str, usize)>,
}

impl CopyReport {
    /// Rows of one table.
    pub fn rows(&self, table: &str) -> usize {
        self.tables
            .iter()
            .find(|(t, _)| *t == table)
            .map_or(0, |(_, n)| *n)
    }
}

/// Copy every row of `from` into `to`, which must hold no articles and no stories;
/// `progress` hears (table, rows copied so far) after each chunk.
pub fn copy(
    from: &AnyStore,
    to: &mut AnyStore,
    progress: &mut dyn FnMut(&str, usize),
) -> Result<CopyReport, StoreError> {
    if to.article_count()? > 0 || !crate::Store::stories(to, None)?.is_empty() {
        return Err(StoreError::Open {
            path: to.location().into(),
            detail: "the destination of a copy must be empty".to_string(),
        });
    }
    let mut report = CopyReport { tables: Vec::new() };
    to.import(&mut |sink| {
        for table in TABLES {
            let mut copied = 0;
            loop {
                let rows = from.export(table, copied, CHUNK)?;
                if rows.is_empty() {
                    break;
                }
                sink.write(table, &rows)?;
                copied += rows.len();
                progress(table.name, copied);
                if rows.len() < CHUNK {
                    break;
                }
            }
            report.tables.push((table.name, copied));
        }
        Ok(())
    })?;
    Ok(report)
}
