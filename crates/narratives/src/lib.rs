//! Narratives and balance: the outlet registry with sourced ratings, coverage counts per
//! side, and for each story the framing that one side's outlets carry and the other's do
//! not, each "as provided by" a named outlet and never mixed into the facts.
//!
//! ```
//! use parallax_narratives::Registry;
//!
//! let registry = Registry::builtin().unwrap();
//! let outlet = registry.lookup(Some("Reuters"), None).unwrap();
//! assert_eq!(outlet.ratings["left_right"].value, "center");
//! ```

mod axis;
mod coverage;
mod narrative;
mod ranker_weights;
mod registry;

pub use axis::{Axis, AxisSide, ValueSet, LEFT_RIGHT, OWNERSHIP, UNKNOWN};
pub use coverage::{
    coverage, coverage_with_axes, hypergeometric_at_most, mark_blindspots, BaseRate,
    BLINDSPOT_ALPHA, BLINDSPOT_MIN_SOURCES,
};
pub use narrative::{
    candidates, contrasted_axis, narratives, select, select_indexed, Candidate, NarrativeOptions,
    Ranking, RatedArticle, Selected, RANK_FEATURES,
};
pub use registry::{Registry, RegistryError};
