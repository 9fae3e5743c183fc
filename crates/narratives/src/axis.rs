//! Axes on which outlets are rated, and how a rating value maps to a side.
//!
//! Two axes are built in (left–right and establishment); users add their own in any
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

use serde::Deserialize;

use parallax_model::{Lean, Rated, Ratings, Side};

/// One side of an axis: the rating value that places an outlet there, and the label of
/// that side's narrative.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AxisSide {
    /// Rating value (`"pro"`).
    pub value: String,
    /// Narrative label (`"Pro-establishment narrative"`).
    pub label: String,
}

/// An axis with two sides that narratives contrast.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Axis {
    /// Rating key in the registry (`left_right`).
    pub key: String,
    /// The two sides.
    pub sides: [AxisSide; 2],
}

/// Key of the built-in left–right axis, whose five-point values map to two sides.
pub const LEFT_RIGHT: &str = "left_right";

impl Axis {
    /// An axis from its key and its two (value, label) sides.
    pub fn new(key: &str, sides: [(&str, &str); 2]) -> Axis {
        let side = |(value, label): (&str, &str)| AxisSide {
            value: value.into(),
            label: label.into(),
        };
        Axis {
            key: key.into(),
            sides: sides.map(side),
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
    /// the left–right axis when the registry does not rate the outlet.
    pub fn side_of(&self, ratings: &Ratings, input_lean: Option<Lean>) -> Option<(usize, Rated)> {
        let left_right = self.key == LEFT_RIGHT;
        let rated = ratings.get(&self.key).cloned().or_else(|| {
            left_right.then_some(())?;
            input_lean.map(|lean| Rated {
                value: lean.as_str().to_string(),
                source: "lean given by the input".to_string(),
                year: 0,
            })
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
                .position(|side| side.value == rated.value)?
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
        ratings.insert(
            "establishment".into(),
            Rated {
                value: "critical".into(),
                source: "S".into(),
                year: 2026,
            },
        );
        assert_eq!(axes[1].side_of(&ratings, None).map(|(s, _)| s), Some(1));
        assert_eq!(
            axes[0]
                .side_of(&ratings, Some(Lean::LeanLeft))
                .map(|(s, r)| (s, r.source)),
            Some((0, "lean given by the input".into()))
        );
        assert_eq!(axes[0].side_of(&ratings, Some(Lean::Center)), None);
        let custom = Axis::new("war", [("pro-a", "A"), ("pro-b", "B")]);
        ratings.insert(
            "war".into(),
            Rated {
                value: "pro-b".into(),
                source: "S".into(),
                year: 2026,
            },
        );
        assert_eq!(custom.side_of(&ratings, None).map(|(s, _)| s), Some(1));
    }
}
