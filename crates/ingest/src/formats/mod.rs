//! Input formats: one module per format, each producing whole articles or errors.

pub mod jsonl;
pub mod markdown;
pub mod plain;

use std::path::Path;

/// The format of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Article JSON Lines (`.jsonl`, `.ndjson`).
    JsonLines,
    /// Plain text with optional header lines (`.txt`).
    Text,
    /// Markdown with optional header lines (`.md`, `.markdown`).
    Markdown,
    /// An HTML page (`.html`, `.htm`, optionally gzip-compressed).
    Html {
        /// Whether the file is gzip-compressed (`.html.gz`).
        gzip: bool,
    },
}

impl Format {
    /// The format of a file, by extension; `None` for files Parallax does not read.
    pub fn of_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let format = if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Format::JsonLines
        } else if name.ends_with(".txt") {
            Format::Text
        } else if name.ends_with(".md") || name.ends_with(".markdown") {
            Format::Markdown
        } else if name.ends_with(".html") || name.ends_with(".htm") {
            Format::Html { gzip: false }
        } else if name.ends_with(".html.gz") || name.ends_with(".htm.gz") {
            Format::Html { gzip: true }
        } else {
            return None;
        };
        Some(format)
    }

    /// Guess the format of stdin from its first bytes.
    pub fn sniff(bytes: &[u8]) -> Format {
        let start = bytes
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map_or(&[][..], |i| &bytes[i..]);
        match start.first() {
            Some(b'{') => Format::JsonLines,
            Some(b'<') => Format::Html { gzip: false },
            Some(0x1f) if start.get(1) == Some(&0x8b) => Format::Html { gzip: true },
            _ => Format::Text,
        }
    }
}
