//! Ingestion: read articles from JSON Lines, text, Markdown and HTML files (or whole
//! directories) and clean their news boilerplate.
//!
//! Bad input never stops a run: each file or line that cannot be read becomes an
//! [`IngestError`] naming the file, the line and the reason, and the rest is read. An
//! article is either read whole or not at all.
//!
//! ```
//! use parallax_ingest::Reader;
//!
//! let reader = Reader::new().unwrap();
//! let batch = reader.read_text(
//!     "note.txt",
//!     "Title: Ferry fares rise\nOutlet: Valley Courier\n\nFares rise by 5 percent on Monday.\nShare this article",
//! );
//! let article = &batch.articles[0];
//! assert_eq!(article.title.as_deref(), Some("Ferry fares rise"));
//! assert_eq!(article.text, "Fares rise by 5 percent on Monday.");
//! assert!(batch.errors.is_empty());
//! ```

pub mod clean;
mod error;
mod formats;
mod html;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use parallax_model::Article;

pub use crate::clean::Cleaner;
pub use crate::error::IngestError;
use crate::formats::Format;

/// Largest input file read; larger files are reported and skipped.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Articles read from some inputs, and what could not be read.
#[derive(Debug, Default)]
pub struct Batch {
    /// Articles in input order (directories sorted by path).
    pub articles: Vec<Article>,
    /// Inputs, or lines of inputs, that failed.
    pub errors: Vec<IngestError>,
}

impl Batch {
    fn extend(&mut self, other: Batch) {
        self.articles.extend(other.articles);
        self.errors.extend(other.errors);
    }
}

/// Reads and cleans articles.
#[derive(Debug, Clone)]
pub struct Reader {
    cleaner: Cleaner,
    clean: bool,
}

impl Reader {
    /// A reader with the built-in cleaning rules.
    pub fn new() -> Result<Reader, IngestError> {
        Ok(Reader {
            cleaner: Cleaner::builtin()?,
            clean: true,
        })
    }

    /// Turn boilerplate cleaning on or off (off keeps texts exactly as given).
    pub fn with_cleaning(mut self, clean: bool) -> Reader {
        self.clean = clean;
        self
    }

    /// Read files, directories (recursively, in sorted order) and `-` (stdin).
    ///
    /// Article ids must be unique: a later article with an id seen before is reported and
    /// skipped.
    pub fn read_paths(&self, paths: &[PathBuf]) -> Batch {
        let mut batch = Batch::default();
        for path in paths {
            if path.as_os_str() == "-" {
                batch.extend(self.read_stdin());
            } else if path.is_dir() {
                for (file, id) in list_dir(path, &mut batch.errors) {
                    batch.extend(self.read_file(&file, &id));
                }
            } else {
                let id = file_id(path, None);
                batch.extend(self.read_file(path, &id));
            }
        }
        dedup_ids(&mut batch);
        batch
    }

    /// Read one file; `id` names the article of a single-article file.
    pub fn read_file(&self, path: &Path, id: &str) -> Batch {
        let name = path.display().to_string();
        let Some(format) = Format::of_path(path) else {
            return Batch::error(IngestError::new(&name, None, "unsupported file type"));
        };
        match read_capped(path) {
            Ok(bytes) => self.read_bytes(&name, id, format, &bytes),
            Err(reason) => Batch::error(IngestError::new(&name, None, reason)),
        }
    }

    /// Read a text document (headers, blank line, body) given as a string.
    pub fn read_text(&self, name: &str, content: &str) -> Batch {
        self.read_bytes(
            name,
            &file_id(Path::new(name), None),
            Format::Text,
            content.as_bytes(),
        )
    }

    fn read_stdin(&self) -> Batch {
        let mut bytes = Vec::new();
        let limit = MAX_FILE_BYTES + 1;
        if let Err(e) = std::io::stdin().take(limit).read_to_end(&mut bytes) {
            return Batch::error(IngestError::new(
                "-",
                None,
                format!("cannot read stdin: {e}"),
            ));
        }
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Batch::error(IngestError::new("-", None, too_large()));
        }
        self.read_bytes("-", "stdin", Format::sniff(&bytes), &bytes)
    }

    fn read_bytes(&self, name: &str, id: &str, format: Format, bytes: &[u8]) -> Batch {
        let mut batch = match format {
            Format::JsonLines => formats::jsonl::read(name, bytes),
            Format::Html { .. } => html::read(name, id, bytes),
            Format::Text | Format::Markdown => match std::str::from_utf8(bytes) {
                Ok(text) if format == Format::Text => formats::plain::read(name, id, text),
                Ok(text) => formats::markdown::read(name, id, text),
                Err(e) => Batch::error(IngestError::new(name, None, format!("not UTF-8: {e}"))),
            },
        };
        if self.clean {
            self.clean_batch(name, &mut batch);
        }
        batch
    }

    /// Clean every article's text; an article left with no text is reported, not kept.
    fn clean_batch(&self, name: &str, batch: &mut Batch) {
        let articles = std::mem::take(&mut batch.articles);
        for mut article in articles {
            article.text = self.cleaner.clean(&article.text).text;
            if article.text.is_empty() {
                batch.errors.push(IngestError::new(
                    name,
                    None,
                    format!("article {}: no text left after cleaning", article.id),
                ));
            } else {
                batch.articles.push(article);
            }
        }
    }
}

impl Batch {
    fn error(error: IngestError) -> Batch {
        Batch {
            articles: Vec::new(),
            errors: vec![error],
        }
    }
}

fn too_large() -> String {
    format!(
        "file larger than {} MiB, skipped",
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Files under `dir` that have a supported type, sorted, with their article ids (the path
/// relative to `dir`, without extension).
fn list_dir(dir: &Path, errors: &mut Vec<IngestError>) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = match std::fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(e) => {
                errors.push(IngestError::new(
                    &current.display().to_string(),
                    None,
                    e.to_string(),
                ));
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if Format::of_path(&path).is_some() {
                let id = file_id(&path, Some(dir));
                out.push((path, id));
            }
        }
    }
    out.sort();
    out
}

/// Article id of a single-article file: its path relative to the input root, without
/// the extension, with `/` separators.
fn file_id(path: &Path, root: Option<&Path>) -> String {
    let relative = match root {
        Some(root) => path.strip_prefix(root).unwrap_or(path),
        None => Path::new(path.file_name().unwrap_or_default()),
    };
    let text = relative.to_string_lossy().replace('\\', "/");
    let (dir, name) = match text.rfind('/') {
        Some(i) => text.split_at(i + 1),
        None => ("", text.as_str()),
    };
    let stem = name.split('.').next().unwrap_or(name);
    format!("{dir}{stem}")
}

fn dedup_ids(batch: &mut Batch) {
    let mut seen = BTreeSet::new();
    let articles = std::mem::take(&mut batch.articles);
    for article in articles {
        if seen.insert(article.id.clone()) {
            batch.articles.push(article);
        } else {
            batch.errors.push(IngestError::new(
                &article.id,
                None,
                "duplicate article id, later copy skipped",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_ids_are_relative_paths_without_extension() {
        let root = Path::new("/corpus");
        assert_eq!(
            file_id(Path::new("/corpus/fire/ledger.txt"), Some(root)),
            "fire/ledger"
        );
        assert_eq!(
            file_id(Path::new("/corpus/page.html.gz"), Some(root)),
            "page"
        );
        assert_eq!(file_id(Path::new("some/dir/note.md"), None), "note");
    }
}
