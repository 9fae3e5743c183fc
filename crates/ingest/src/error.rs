//! The one error type of ingestion: where (file, line) and why.

use std::fmt;

/// An input, or one line of it, that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct IngestError {
    /// File name, URL or `-`.
    pub location: String,
    /// 1-based line number, for line-oriented inputs.
    pub line: Option<usize>,
    /// What went wrong.
    pub reason: String,
}

impl IngestError {
    /// An error at `location` (and `line`, when known).
    pub fn new(location: &str, line: Option<usize>, reason: impl Into<String>) -> IngestError {
        IngestError {
            location: location.to_string(),
            line,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.location, line, self.reason),
            None => write!(f, "{}: {}", self.location, self.reason),
        }
    }
}
