//! Outlets and their ratings, as loaded from the outlet registry (`data/outlets.toml`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A news outlet known to the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outlet {
    /// Stable identifier, lower-case with dashes (`"new-york-times"`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Web domains of the outlet, without `www.`.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Other names the outlet goes by in bylines and feeds.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// ISO 3166 country code of the outlet's home market.
    #[serde(default)]
    pub country: Option<String>,
    /// Whether the outlet is a wire agency whose copy other outlets reprint.
    #[serde(default)]
    pub wire: bool,
    /// Registry id of the outlet whose owner also owns this one (the Financial Times is
    /// `owned_by` Nikkei): shown with the sources, and its ownership rating stands in
    /// when this outlet has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned_by: Option<String>,
    /// Ratings by axis name (`left_right`, `establishment`, …).
    #[serde(default)]
    pub ratings: Ratings,
}

/// Ratings of one outlet, keyed by axis name.
pub type Ratings = BTreeMap<String, Rated>;

/// One rating with the source that gave it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rated {
    /// The value on the axis (`"lean-left"`, `"pro"`, …).
    pub value: String,
    /// Who rated it (organisation or method).
    pub source: String,
    /// Year of the rating.
    pub year: u16,
    /// What the rating rests on, in a few words (for judgements of the Parallax editors:
    /// the evidence, see `data/README.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// On the ownership axis: who owns the outlet ("Fox Corporation"), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// An axis value together with the source of the rating, for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AxisValue {
    /// Axis name.
    pub axis: String,
    /// The rating.
    #[serde(flatten)]
    pub rated: Rated,
}

impl Rated {
    /// A rating without evidence or owner.
    pub fn new(value: &str, source: &str, year: u16) -> Rated {
        Rated {
            value: value.to_string(),
            source: source.to_string(),
            year,
            ..Rated::default()
        }
    }

    /// "AllSides Media Bias Ratings, 2024".
    pub fn citation(&self) -> String {
        format!("{}, {}", self.source, self.year)
    }
}
