//! The Parallax data model: the types every stage of the pipeline exchanges.
//!
//! Stages never talk through each other's internals; they pass these values. The
//! crate does no I/O. Its JSON forms are the project's stable interfaces: article JSON
//! Lines (input), `{"id","story"}` cluster lines and the briefing JSON, whose schema is
//! published in `schema/briefing.schema.json` at the repository root.
//!
//! ```
//! use parallax_model::{Article, Lean};
//!
//! let line = r#"{"id":"a1","url":null,"outlet":"Example Post","title":"T",
//!                "published":"2026-11-02","text":"One. Two.","lean":"left"}"#;
//! let article: Article = serde_json::from_str(line).unwrap();
//! assert_eq!(article.lean, Some(Lean::Left));
//! assert_eq!(article.char_len(), 9);
//! ```

mod article;
mod briefing;
mod outlet;

pub use article::{slice_chars, Article, Lean, Side};
pub use briefing::{
    AxisCoverage, Blindspot, Briefing, Contradiction, ContradictionClaim, Coverage, Fact,
    Narrative, NarrativeSignal, Omission, SideCoverage, Source, StoryAssignment, Support,
    TimelineEntry, Update, UpdateValue, UNKNOWN_OUTLET,
};
pub use outlet::{AxisValue, Outlet, Rated, Ratings};
