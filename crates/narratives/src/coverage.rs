//! Coverage counts per side: the left/center/right summary, and per axis the sides with
//! their outlets and rating sources, a blindspot flag, and the well-supported facts each
//! side did not report.

use std::collections::BTreeSet;

use parallax_model::{AxisCoverage, Coverage, Fact, Lean, Side, SideCoverage};

use crate::axis::Axis;
use crate::RatedArticle;

/// Share of the sided coverage one side must carry to be flagged a blindspot.
pub const BLINDSPOT_SHARE: f64 = 0.8;
/// Fewest sided sources for a blindspot flag (one article is no pattern).
pub const BLINDSPOT_MIN_SOURCES: u32 = 3;

/// Count the story's independent sources per left–right side (a reprint is not counted
/// again; an outlet with no rating from the registry or the input is `unrated`).
pub fn coverage(articles: &[RatedArticle<'_>]) -> Coverage {
    let mut seen = BTreeSet::new();
    let mut coverage = Coverage::default();
    for article in articles {
        if !seen.insert(article.group) {
            continue;
        }
        let lean = article
            .ratings
            .get("left_right")
            .and_then(|r| Lean::parse(&r.value))
            .or(article.article.lean);
        match lean.map(Lean::side) {
            Some(Side::Left) => coverage.left += 1,
            Some(Side::Center) => coverage.center += 1,
            Some(Side::Right) => coverage.right += 1,
            None => coverage.unrated += 1,
        }
    }
    coverage
}

/// [`coverage`] plus, for every axis of `axes` on which at least one source is placed,
/// the per-side counts, blindspot and the ids of the `facts` (those with two or more
/// independent sources) that no source of a side reports.
pub fn coverage_with_axes(
    articles: &[RatedArticle<'_>],
    axes: &[Axis],
    facts: &[Fact],
) -> Coverage {
    let mut out = coverage(articles);
    for axis in axes {
        let mut sides: Vec<SideCoverage> = axis
            .sides
            .iter()
            .map(|side| SideCoverage {
                side: side.value.clone(),
                ..SideCoverage::default()
            })
            .collect();
        let mut side_sources: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); sides.len()];
        let mut unplaced = 0;
        let mut groups = BTreeSet::new();
        let mut placed = BTreeSet::new();
        for article in articles {
            let first_of_group = groups.insert(article.group);
            match axis.side_of(article.ratings, article.article.lean) {
                Some((side, rated)) => {
                    side_sources[side].insert(article.source);
                    let entry = &mut sides[side];
                    // A reprint counts once per side, wherever its original sits.
                    if placed.insert((side, article.group)) {
                        entry.count += 1;
                    }
                    if !entry.outlets.iter().any(|o| o == article.outlet) {
                        entry.outlets.push(article.outlet.to_string());
                    }
                    let source = if rated.year > 0 {
                        rated.citation()
                    } else {
                        rated.source
                    };
                    if !entry.rating_sources.contains(&source) {
                        entry.rating_sources.push(source);
                    }
                }
                None if first_of_group => unplaced += 1,
                None => {}
            }
        }
        if sides.iter().all(|s| s.count == 0) {
            continue;
        }
        for (side, sources) in sides.iter_mut().zip(&side_sources) {
            if sources.is_empty() {
                continue;
            }
            side.not_reported = facts
                .iter()
                .filter(|f| f.independent_sources >= 2)
                .filter(|f| !f.sources.iter().any(|n| sources.contains(n)))
                .map(|f| f.id.clone())
                .collect();
        }
        let total: u32 = sides.iter().map(|s| s.count).sum();
        let blindspot = sides
            .iter()
            .find(|s| {
                total >= BLINDSPOT_MIN_SOURCES
                    && f64::from(s.count) >= BLINDSPOT_SHARE * f64::from(total)
            })
            .map(|s| s.side.clone());
        out.axes.push(AxisCoverage {
            axis: axis.key.to_string(),
            sides,
            unplaced,
            blindspot,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::{Article, Rated, Ratings};

    fn article(id: &str, lean: Option<Lean>) -> Article {
        Article {
            lean,
            ..Article::new(id, "")
        }
    }

    fn fact(id: &str, sources: &[u32], independent: u32) -> Fact {
        Fact {
            id: id.into(),
            text: String::new(),
            sources: sources.to_vec(),
            support: Vec::new(),
            independent_sources: independent,
            single_source: independent == 1,
            disputed: false,
            first_reported: None,
        }
    }

    #[test]
    fn blindspot_when_one_side_carries_four_fifths_and_facts_a_side_missed() {
        let arts: Vec<Article> = (0..5)
            .map(|i| {
                let lean = if i < 4 { Lean::Right } else { Lean::Left };
                article(&format!("a{i}"), Some(lean))
            })
            .collect();
        let mut pro = Ratings::new();
        pro.insert(
            "establishment".into(),
            Rated {
                value: "pro".into(),
                source: "Test".into(),
                year: 2026,
            },
        );
        let empty = Ratings::new();
        let names = ["R1", "R2", "R3", "R4", "L1"];
        let rated: Vec<RatedArticle<'_>> = arts
            .iter()
            .enumerate()
            .map(|(i, a)| RatedArticle {
                article: a,
                source: i as u32 + 1,
                group: i,
                outlet: names[i],
                ratings: if i == 4 { &pro } else { &empty },
            })
            .collect();
        let facts = [
            fact("f1", &[1, 2], 2),
            fact("f2", &[5], 1),
            fact("f3", &[3, 5], 2),
        ];
        let c = coverage_with_axes(&rated, &Axis::builtin(), &facts);
        assert_eq!((c.left, c.right), (1, 4));
        let lr = &c.axes[0];
        assert_eq!(lr.axis, "left_right");
        assert_eq!(lr.blindspot.as_deref(), Some("right"));
        assert_eq!(lr.sides[0].not_reported, ["f1"]);
        assert!(lr.sides[1].not_reported.is_empty());
        assert_eq!(lr.sides[0].rating_sources, ["lean given by the input"]);
        let est = &c.axes[1];
        assert_eq!(est.axis, "establishment");
        assert_eq!(est.sides[0].count, 1);
        assert_eq!(est.unplaced, 4);
        assert_eq!(est.blindspot, None, "one source is no pattern");
    }
}
