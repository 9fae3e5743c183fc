//! Coverage counts per side: the left/center/right summary, and per axis the sides with
//! their outlets and rating sources and the well-supported facts each side did not
//! report; and blindspots, measured against the base rate of the same period's coverage.
//!
//! A side is a blindspot of a story when the story has at least
//! [`BLINDSPOT_MIN_SOURCES`] independent sources placed on the axis and a one-sided
//! hypergeometric test (Fisher's exact test of the story against its period) says that
//! so few of them on that side is unlikely (p < [`BLINDSPOT_ALPHA`]) if the story's
//! sources were drawn at random from the period's placed coverage. A corpus that is
//! mostly one side therefore never makes the other side a blindspot of every story.

use std::collections::{BTreeMap, BTreeSet};

use parallax_model::{AxisCoverage, Blindspot, Coverage, Fact, Lean, Ratings, Side, SideCoverage};

use crate::axis::Axis;
use crate::RatedArticle;

/// Fewest independent sources placed on the axis for a blindspot: with fewer, no share
/// is evidence of anything.
pub const BLINDSPOT_MIN_SOURCES: u32 = 5;
/// Significance level of the one-sided test.
pub const BLINDSPOT_ALPHA: f64 = 0.05;

/// Placed coverage per side of each axis in a period: what blindspots are measured
/// against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaseRate {
    /// What the base is, for the reader ("stored coverage from 2024-11-12 to
    /// 2024-11-26", "all 28 articles of the input").
    pub description: String,
    counts: BTreeMap<String, [u32; 2]>,
}

impl BaseRate {
    /// An empty base described as `description`.
    pub fn new(description: impl Into<String>) -> BaseRate {
        BaseRate {
            description: description.into(),
            counts: BTreeMap::new(),
        }
    }

    /// Add one independent source of the period with its outlet's ratings (and the
    /// article's own lean, used on the left–right axis when the outlet is not rated).
    pub fn add_source(&mut self, ratings: &Ratings, lean: Option<Lean>, axes: &[Axis]) {
        for axis in axes {
            if let Some((side, _)) = axis.side_of(ratings, lean) {
                self.counts.entry(axis.key.clone()).or_default()[side] += 1;
            }
        }
    }

    /// Add a story's placed sources, as counted in its coverage.
    pub fn add_coverage(&mut self, coverage: &Coverage) {
        for axis in &coverage.axes {
            let entry = self.counts.entry(axis.axis.clone()).or_default();
            for (slot, side) in entry.iter_mut().zip(&axis.sides) {
                *slot += side.count;
            }
        }
    }

    /// Placed sources per side on an axis.
    pub fn counts(&self, axis: &str) -> [u32; 2] {
        self.counts.get(axis).copied().unwrap_or_default()
    }
}

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
/// the per-side counts and the ids of the `facts` (those with two or more independent
/// sources) that no source of a side reports. Blindspots need a base rate: see
/// [`mark_blindspots`].
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
        out.axes.push(AxisCoverage {
            axis: axis.key.to_string(),
            sides,
            unplaced,
            blindspot: None,
            missing: None,
        });
    }
    out
}

/// Test every axis of `coverage` on which `axes` allow blindspots against `base` (which
/// must include the story's own sources): set `missing` to the side far below its usual
/// share, and `blindspot` to the other side, the one the story's coverage concentrates
/// on.
pub fn mark_blindspots(coverage: &mut Coverage, base: &BaseRate, axes: &[Axis]) {
    for entry in &mut coverage.axes {
        entry.blindspot = None;
        entry.missing = None;
        let Some(axis) = axes.iter().find(|a| a.key == entry.axis) else {
            continue;
        };
        if !axis.blindspots || entry.sides.len() != 2 {
            continue;
        }
        let counts = [entry.sides[0].count, entry.sides[1].count];
        let placed = counts[0] + counts[1];
        let usual = base.counts(&axis.key);
        let base_placed = usual[0] + usual[1];
        if placed < BLINDSPOT_MIN_SOURCES || base_placed < placed {
            continue;
        }
        let mut best: Option<(usize, f64)> = None;
        for side in 0..2 {
            let p = hypergeometric_at_most(base_placed, usual[side], placed, counts[side]);
            if p < BLINDSPOT_ALPHA && best.is_none_or(|(_, b)| p < b) {
                best = Some((side, p));
            }
        }
        if let Some((side, p_value)) = best {
            entry.missing = Some(Blindspot {
                side: entry.sides[side].side.clone(),
                count: counts[side],
                placed,
                usual_share: f64::from(usual[side]) / f64::from(base_placed),
                base_placed,
                base: base.description.clone(),
                p_value,
            });
            entry.blindspot = Some(entry.sides[1 - side].side.clone());
        }
    }
}

/// P(X ≤ k) for X the number of successes in `n` draws without replacement from a
/// population of `total` with `successes` successes (the lower tail of the
/// hypergeometric distribution; one-sided Fisher's exact test).
pub fn hypergeometric_at_most(total: u32, successes: u32, n: u32, k: u32) -> f64 {
    let (total, successes, n) = (u64::from(total), u64::from(successes), u64::from(n));
    if n > total || successes > total {
        return 1.0;
    }
    let failures = total - successes;
    let low = n.saturating_sub(failures);
    let high = n.min(successes);
    let k = u64::from(k);
    if k >= high {
        return 1.0;
    }
    if k < low {
        return 0.0;
    }
    // ln C(a, b), exact enough for the small `n` of a story.
    let ln_choose = |a: u64, b: u64| -> f64 {
        let b = b.min(a - b);
        (1..=b)
            .map(|i| ((a - b + i) as f64).ln() - (i as f64).ln())
            .sum()
    };
    let ln_total = ln_choose(total, n);
    let mut pmf = (ln_choose(successes, low) + ln_choose(failures, n - low) - ln_total).exp();
    let mut sum = 0.0;
    for x in low..=k {
        sum += pmf;
        // P(x + 1) / P(x)
        let ratio = ((successes - x) * (n - x)) as f64 / ((x + 1) * (failures + x + 1 - n)) as f64;
        pmf *= ratio;
    }
    sum.min(1.0)
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
    fn counts_per_side_and_facts_a_side_missed() {
        let arts: Vec<Article> = (0..5)
            .map(|i| {
                let lean = if i < 4 { Lean::Right } else { Lean::Left };
                article(&format!("a{i}"), Some(lean))
            })
            .collect();
        let mut pro = Ratings::new();
        pro.insert("establishment".into(), Rated::new("pro", "Test", 2026));
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
        assert_eq!(lr.blindspot, None, "no base rate, no blindspot");
        assert_eq!(lr.sides[0].not_reported, ["f1"]);
        assert!(lr.sides[1].not_reported.is_empty());
        assert_eq!(lr.sides[0].rating_sources, ["lean given by the input"]);
        let est = &c.axes[1];
        assert_eq!(est.axis, "establishment");
        assert_eq!(est.sides[0].count, 1);
        assert_eq!(est.unplaced, 4);
    }

    /// A coverage with `counts` placed sources on the two sides of the left–right axis.
    fn placed(counts: [u32; 2]) -> Coverage {
        let side = |side: &str, count: u32| SideCoverage {
            side: side.into(),
            count,
            ..SideCoverage::default()
        };
        Coverage {
            axes: vec![AxisCoverage {
                axis: "left_right".into(),
                sides: vec![side("left", counts[0]), side("right", counts[1])],
                ..AxisCoverage::default()
            }],
            ..Coverage::default()
        }
    }

    fn base(counts: [u32; 2]) -> BaseRate {
        let mut base = BaseRate::new("test period");
        base.add_coverage(&placed(counts));
        base
    }

    #[test]
    fn a_side_far_below_its_usual_share_is_the_blindspot_and_the_note_has_its_figures() {
        let axes = Axis::builtin();
        let mut story = placed([9, 0]);
        mark_blindspots(&mut story, &base([62, 38]), &axes);
        let missing = story.axes[0].missing.as_ref().expect("a blindspot");
        assert_eq!(
            (missing.side.as_str(), missing.count, missing.placed),
            ("right", 0, 9)
        );
        assert!((missing.usual_share - 0.38).abs() < 1e-9);
        assert!(missing.p_value < BLINDSPOT_ALPHA, "{}", missing.p_value);
        assert_eq!(story.axes[0].blindspot.as_deref(), Some("left"));
        assert_eq!(missing.base, "test period");
    }

    #[test]
    fn a_corpus_that_is_mostly_one_side_makes_no_blindspot_of_the_other() {
        let axes = Axis::builtin();
        // 90% of the period is left-placed: an all-left story of 6 is what one expects.
        let mut story = placed([6, 0]);
        mark_blindspots(&mut story, &base([180, 20]), &axes);
        assert_eq!(story.axes[0].missing, None);
        // The same story against an even period is a blindspot for the right.
        mark_blindspots(&mut story, &base([100, 100]), &axes);
        assert_eq!(
            story.axes[0].missing.as_ref().map(|m| m.side.as_str()),
            Some("right")
        );
    }

    #[test]
    fn too_few_sources_or_a_base_of_only_the_story_make_no_blindspot() {
        let axes = Axis::builtin();
        let mut story = placed([4, 0]);
        mark_blindspots(&mut story, &base([50, 50]), &axes);
        assert_eq!(story.axes[0].missing, None, "four sources are no pattern");
        let mut story = placed([8, 0]);
        mark_blindspots(&mut story, &base([8, 0]), &axes);
        assert_eq!(
            story.axes[0].missing, None,
            "the story is all of its period"
        );
        let mut no_blindspots = axes.clone();
        no_blindspots[0].blindspots = false;
        let mut story = placed([9, 0]);
        mark_blindspots(&mut story, &base([50, 50]), &no_blindspots);
        assert_eq!(story.axes[0].missing, None, "the axis is not tested");
    }

    #[test]
    fn the_hypergeometric_tail_matches_hand_computed_values() {
        // 0 of 2 drawn from 2 successes in 4: C(2,0)C(2,2)/C(4,2) = 1/6.
        assert!((hypergeometric_at_most(4, 2, 2, 0) - 1.0 / 6.0).abs() < 1e-12);
        // At most 1 of 3 from 5 of 10: (C(5,0)C(5,3) + C(5,1)C(5,2)) / C(10,3) = 60/120.
        assert!((hypergeometric_at_most(10, 5, 3, 1) - 0.5).abs() < 1e-12);
        assert_eq!(hypergeometric_at_most(10, 5, 3, 3), 1.0);
        // A large period approaches the binomial: 0.62^9 = 0.0135.
        let p = hypergeometric_at_most(1_000_000, 380_000, 9, 0);
        assert!((p - 0.62f64.powi(9)).abs() < 1e-4, "{p}");
        // Unequal sizes: all draws must be successes when failures are too few.
        assert_eq!(hypergeometric_at_most(10, 8, 5, 2), 0.0);
    }
}
