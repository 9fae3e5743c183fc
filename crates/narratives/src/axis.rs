//! Axes on which outlets are rated, and how a rating value maps to a side.

use parallax_model::{Lean, Rated, Ratings, Side};

/// An axis with two sides that narratives contrast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    /// Rating key in the registry (`left_right`).
    pub key: &'static str,
    /// The two sides: (side value, narrative label).
    pub sides: [(&'static str, &'static str); 2],
}

/// The built-in axes, in order of preference when a story splits on several.
pub const AXES: [Axis; 2] = [
    Axis {
        key: "left_right",
        sides: [("left", "Left narrative"), ("right", "Right narrative")],
    },
    Axis {
        key: "establishment",
        sides: [
            ("pro", "Pro-establishment narrative"),
            ("critical", "Establishment-critical narrative"),
        ],
    },
];

impl Axis {
    /// The side (index into `sides`) of an outlet with these ratings, and the rating that
    /// placed it; `input_lean` is the article's own lean (from the input file), used on
    /// the left–right axis when the registry does not rate the outlet.
    pub fn side_of(&self, ratings: &Ratings, input_lean: Option<Lean>) -> Option<(usize, Rated)> {
        let rated = ratings.get(self.key).cloned().or_else(|| {
            (self.key == "left_right").then_some(())?;
            input_lean.map(|lean| Rated {
                value: lean.as_str().to_string(),
                source: "lean given by the input".to_string(),
                year: 0,
            })
        })?;
        let side = if self.key == "left_right" {
            match Lean::parse(&rated.value)?.side() {
                Side::Left => 0,
                Side::Right => 1,
                Side::Center => return None,
            }
        } else {
            self.sides
                .iter()
                .position(|(value, _)| *value == rated.value)?
        };
        Some((side, rated))
    }
}
