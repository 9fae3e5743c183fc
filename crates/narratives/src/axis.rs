//! Axes on which outlets are rated, and how a rating value maps to a side.
//!
//! Two contrast axes are built in (left–right and establishment), and three more axes
//! outlets are rated on without being contrasted by default (ownership, state
//! affiliation, reliability; see [`ValueSet::builtin`]). Users add their own in any
//! registry file, next to the outlets that are rated on them:
//!
//! ```toml
//! [[axis]]
//! key = "ukraine_war"
//! sides = [
//!   { value = "pro-kyiv", label = "Pro-Kyiv narrative" },
//!   { value = "pro-moscow", label = "Pro-Moscow narrative" },
//! ]
//!
//! [[outlet]]
//! id = "kyiv-independent"
//! name = "The Kyiv Independent"
//! ratings.ukraine_war = { value = "pro-kyiv", source = "My own reading", year = 2026 }
//! ```
//!
//! A side may gather several rating values (`values`), which is how a many-valued axis
//! such as ownership becomes a contrast of two sides:
//!
//! ```toml
//! [[axis]]
//! key = "ownership"
//! sides = [
//!   { value = "public", label = "Publicly owned outlets' narrative", values = ["public-broadcaster", "state"] },
//!   { value = "commercial", label = "Commercially owned outlets' narrative", values = ["listed-company", "private"] },
//! ]
//! ```

use serde::Deserialize;

use parallax_model::{Lean, Rated, Ratings, Side};

/// One side of an axis: the rating value that places an outlet there, and the label of
/// that side's narrative.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AxisSide {
    /// Side name, and the rating value that places an outlet here when `values` is empty
    /// (`"pro"`).
    pub value: String,
    /// Narrative label (`"Pro-establishment narrative"`).
    pub label: String,
    /// Rating values that place an outlet on this side, when they are not just `value`
    /// (`["public-broadcaster", "state"]`).
    #[serde(default)]
    pub values: Vec<String>,
}

impl AxisSide {
    /// Whether a rating with this value places an outlet on this side.
    pub fn places(&self, value: &str) -> bool {
        if self.values.is_empty() {
            self.value == value
        } else {
            self.values.iter().any(|v| v == value)
        }
    }

    /// The rating values that place an outlet here.
    pub fn placing_values(&self) -> Vec<&str> {
        if self.values.is_empty() {
            vec![self.value.as_str()]
        } else {
            self.values.iter().map(String::as_str).collect()
        }
    }
}

/// An axis with two sides that narratives contrast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    /// Rating key in the registry (`left_right`).
    pub key: String,
    /// The two sides.
    pub sides: [AxisSide; 2],
    /// Whether a story's coverage on this axis is tested for blindspots (true for the
    /// built-in left–right and establishment axes; ownership only when configured).
    pub blindspots: bool,
}

/// The values an axis's ratings may take: every rated axis has one, contrasted or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueSet {
    /// Rating key (`ownership`).
    pub key: String,
    /// The values, `unknown` included.
    pub values: Vec<String>,
    /// Whether blindspots apply when the axis is contrasted (the default for an axis a
    /// user file turns into a contrast axis without saying).
    pub blindspots: bool,
}

/// The value every axis accepts for "no evidence at hand": never placed on a side.
pub const UNKNOWN: &str = "unknown";

/// Key of the built-in ownership axis.
pub const OWNERSHIP: &str = "ownership";

impl ValueSet {
    /// The value sets of the built-in axes: `left_right`, `establishment`, `ownership`,
    /// `state_affiliated`, `reliability`.
    pub fn builtin() -> Vec<ValueSet> {
        let set = |key: &str, values: &[&str], blindspots: bool| ValueSet {
            key: key.to_string(),
            values: values
                .iter()
                .chain(std::iter::once(&UNKNOWN))
                .map(|v| v.to_string())
                .collect(),
            blindspots,
        };
        vec![
            set(
                LEFT_RIGHT,
                &["left", "lean-left", "center", "lean-right", "right"],
                true,
            ),
            set("establishment", &["pro", "critical"], true),
            set(
                OWNERSHIP,
                &[
                    "public-broadcaster",
                    "state",
                    "listed-company",
                    "private",
                    "non-profit",
                    "cooperative",
                ],
                false,
            ),
            set("state_affiliated", &["yes", "no"], false),
            set("reliability", &["high", "mixed", "low"], false),
        ]
    }

    /// Whether `value` is one of the set (on the left–right axis, any spelling
    /// [`Lean::parse`] reads).
    pub fn contains(&self, value: &str) -> bool {
        self.values.iter().any(|v| v == value)
            || (self.key == LEFT_RIGHT && Lean::parse(value).is_some())
    }
}

/// Key of the built-in left–right axis, whose five-point values map to two sides.
pub const LEFT_RIGHT: &str = "left_right";

impl Axis {
    /// An axis from its key and its two (value, label) sides.
    pub fn new(key: &str, sides: [(&str, &str); 2]) -> Axis {
        let side = |(value, label): (&str, &str)| AxisSide {
            value: value.into(),
            label: label.into(),
            values: Vec::new(),
        };
        Axis {
            key: key.into(),
            sides: sides.map(side),
            blindspots: true,
        }
    }

    /// The built-in axes, in order of preference when a story splits on several.
    pub fn builtin() -> Vec<Axis> {
        vec![
            Axis::new(
                LEFT_RIGHT,
                [("left", "Left narrative"), ("right", "Right narrative")],
            ),
            Axis::new(
                "establishment",
                [
                    ("pro", "Pro-establishment narrative"),
                    ("critical", "Establishment-critical narrative"),
                ],
            ),
        ]
    }

    /// The side (index into `sides`) of an outlet with these ratings, and the rating that
    /// placed it; `input_lean` is the article's own lean (from the input file), used on
    /// the left–right axis when the registry does not rate the outlet. An `unknown`
    /// rating places the outlet on no side.
    pub fn side_of(&self, ratings: &Ratings, input_lean: Option<Lean>) -> Option<(usize, Rated)> {
        let left_right = self.key == LEFT_RIGHT;
        // On the left–right axis an `unknown` rating leaves the input's lean, if any.
        let rated = ratings
            .get(&self.key)
            .filter(|r| !left_right || Lean::parse(&r.value).is_some())
            .cloned()
            .or_else(|| {
                left_right.then_some(())?;
                input_lean.map(|lean| Rated::new(lean.as_str(), "lean given by the input", 0))
            })?;
        let side = if left_right {
            match Lean::parse(&rated.value)?.side() {
                Side::Left => 0,
                Side::Right => 1,
                Side::Center => return None,
            }
        } else {
            self.sides
                .iter()
                .position(|side| side.places(&rated.value))?
        };
        Some((side, rated))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::Ratings;

    #[test]
    fn sides_come_from_ratings_or_the_input_lean() {
        let axes = Axis::builtin();
        let mut ratings = Ratings::new();
        ratings.insert("establishment".into(), Rated::new("critical", "S", 2026));
        assert_eq!(axes[1].side_of(&ratings, None).map(|(s, _)| s), Some(1));
        assert_eq!(
            axes[0]
                .side_of(&ratings, Some(Lean::LeanLeft))
                .map(|(s, r)| (s, r.source)),
            Some((0, "lean given by the input".into()))
        );
        assert_eq!(axes[0].side_of(&ratings, Some(Lean::Center)), None);
        let custom = Axis::new("war", [("pro-a", "A"), ("pro-b", "B")]);
        ratings.insert("war".into(), Rated::new("pro-b", "S", 2026));
        assert_eq!(custom.side_of(&ratings, None).map(|(s, _)| s), Some(1));
    }

    #[test]
    fn unknown_is_on_no_side_and_a_side_can_gather_several_values() {
        let axes = Axis::builtin();
        let mut ratings = Ratings::new();
        ratings.insert("establishment".into(), Rated::new(UNKNOWN, "S", 2026));
        ratings.insert("left_right".into(), Rated::new(UNKNOWN, "S", 2026));
        assert_eq!(axes[1].side_of(&ratings, None), None);
        assert_eq!(axes[0].side_of(&ratings, None), None);
        let mut ownership = Axis::new(OWNERSHIP, [("public", "P"), ("commercial", "C")]);
        ownership.sides[0].values = vec!["public-broadcaster".into(), "state".into()];
        ownership.sides[1].values = vec!["listed-company".into(), "private".into()];
        ratings.insert(OWNERSHIP.into(), Rated::new("state", "S", 2026));
        assert_eq!(ownership.side_of(&ratings, None).map(|(s, _)| s), Some(0));
        ratings.insert(OWNERSHIP.into(), Rated::new("public", "S", 2026));
        assert_eq!(
            ownership.side_of(&ratings, None),
            None,
            "the side name is not a value"
        );
        ratings.insert(OWNERSHIP.into(), Rated::new("non-profit", "S", 2026));
        assert_eq!(ownership.side_of(&ratings, None), None);
    }
}
