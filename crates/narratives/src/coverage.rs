//! Coverage counts per side of the left–right axis.

use std::collections::BTreeSet;

use parallax_model::{Coverage, Lean, Side};

use crate::RatedArticle;

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
