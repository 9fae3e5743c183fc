//! Contradictions: similar sentences of independent sources that give different values
//! for the same figure (the number of people evacuated, of workers injured) or name
//! different days for the same event; who says what; and the facts that state a
//! disputed figure.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use parallax_model::{Contradiction, ContradictionClaim, Fact};
use parallax_text::numbers::{conflicting, quantities, Quantity, QuantityKey};
use parallax_text::words::is_stop_word;

use crate::units::{stem, Unit};
use crate::{FactOptions, StoryArticle};

/// Least similarity of two sentences whose figures share a frame to be compared.
pub(crate) const FRAME_SIMILARITY: f64 = 0.1;

/// Both units name days, and no day in common.
pub(crate) fn dates_conflict(a: &Unit, b: &Unit) -> bool {
    !a.dates.is_empty() && !b.dates.is_empty() && a.dates.iter().all(|d| !b.dates.contains(d))
}

/// Indexes (into `a.quantities` and `b.quantities`) of a figure of `a` and one of `b`
/// that differ, where neither appears in the other unit.
pub(crate) fn conflicting_pair(a: &Unit, b: &Unit) -> Option<(usize, usize)> {
    if a.quantities.is_empty() || b.quantities.is_empty() {
        return None;
    }
    let only_in = |u: &Unit, other: &Unit| -> Vec<usize> {
        (0..u.quantities.len())
            .filter(|&k| !other.figure_keys.contains(&u.figure_keys[k]))
            .collect()
    };
    let (only_a, only_b) = (only_in(a, b), only_in(b, a));
    only_a.iter().find_map(|&ka| {
        only_b
            .iter()
            .find(|&&kb| conflicting(&a.quantities[ka], &b.quantities[kb]))
            .map(|&kb| (ka, kb))
    })
}

/// What each figure of a unit counts and the words that follow it, worked out once per
/// story: contradiction finding compares them for every pair of similar sentences.
struct FigureWords {
    /// Per figure, the content words it counts ("1,200 residents" → ["residents"]).
    counted: Vec<Vec<String>>,
    /// Per figure, the stems of `counted`.
    stems: Vec<BTreeSet<String>>,
    /// Per figure, the stemmed content words among the few words after it.
    frames: Vec<BTreeSet<String>>,
}

impl FigureWords {
    fn of(unit: &Unit) -> FigureWords {
        let counted: Vec<Vec<String>> = unit
            .quantities
            .iter()
            .map(|q| counted_words(unit, q))
            .collect();
        FigureWords {
            stems: counted
                .iter()
                .map(|words| words.iter().map(|w| stem(w)).collect())
                .collect(),
            frames: unit.quantities.iter().map(|q| frame(unit, q)).collect(),
            counted,
        }
    }

    /// Figures `k` of this unit and `other_k` of `other` count the same thing: the
    /// words after them share a stem ("1,200 people" and "1,500 people"; "three plant
    /// workers" and "five workers").
    fn same_thing(&self, k: usize, other: &FigureWords, other_k: usize) -> bool {
        !self.stems[k].is_disjoint(&other.stems[other_k])
    }

    /// The figures are followed by at least two of the same content words.
    fn same_frame(&self, k: usize, other: &FigureWords, other_k: usize) -> bool {
        self.frames[k].intersection(&other.frames[other_k]).count() >= 2
    }

    /// What figure `k` counts ("the number of residents"), else the figure itself.
    fn about(&self, k: usize, quantity: &Quantity) -> String {
        match self.counted[k].last() {
            Some(noun) => format!("the number of {noun}"),
            None => format!("the figure \"{}\"", quantity.text),
        }
    }
}

/// Pairs of similar sentences from independent sources whose figures conflict.
pub(crate) fn contradictions(
    units: &[Unit],
    story: &[StoryArticle<'_>],
    near: &[Vec<(usize, f64)>],
    options: &FactOptions,
) -> Vec<Contradiction> {
    let words: Vec<FigureWords> = units.iter().map(FigureWords::of).collect();
    let mut out: Vec<(Contradiction, Vec<ClaimValue>)> = Vec::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for (i, candidates) in near.iter().enumerate() {
        for &(j, similarity) in candidates.iter().filter(|(j, _)| *j > i) {
            let (a, b) = (&units[i], &units[j]);
            if story[a.article].group == story[b.article].group {
                continue;
            }
            // What is disputed, and the value each side gives (to group claims by value).
            let (about, values) = match conflicting_pair(a, b) {
                Some((ka, kb)) => {
                    let (wa, wb) = (&words[i], &words[j]);
                    let counted =
                        wa.same_thing(ka, wb, kb) && !agree_on_a_count_of_it(a, wa, ka, b);
                    // Similar sentences, or the same frame around the figure ("N workers
                    // were injured") in sentences that say little else in common.
                    let related = similarity >= options.contradiction_similarity
                        || (similarity >= FRAME_SIMILARITY && wa.same_frame(ka, wb, kb));
                    let (qa, qb) = (&a.quantities[ka], &b.quantities[kb]);
                    if !counted || !related || !seen.insert((qa.text.clone(), qb.text.clone())) {
                        continue;
                    }
                    (
                        wa.about(ka, qa),
                        [
                            ClaimValue::figure(qa, &wa.stems[ka]),
                            ClaimValue::figure(qb, &wb.stems[kb]),
                        ],
                    )
                }
                // The same claim (as similar as aligned facts are) on different days.
                None if dates_conflict(a, b) && similarity >= options.min_similarity => (
                    "the date".to_string(),
                    [ClaimValue::days(a), ClaimValue::days(b)],
                ),
                None => continue,
            };
            let index = match out.iter().position(|(c, _)| c.about == about) {
                Some(index) => index,
                None => {
                    out.push((
                        Contradiction {
                            about,
                            claims: Vec::new(),
                        },
                        Vec::new(),
                    ));
                    out.len() - 1
                }
            };
            let (contradiction, claim_values) = &mut out[index];
            for (unit, value) in [a, b].into_iter().zip(values) {
                let source = story[unit.article].source;
                if contradiction
                    .claims
                    .iter()
                    .any(|c| c.sources.contains(&source))
                {
                    continue;
                }
                // A source giving a value already claimed joins that claim.
                match claim_values.iter().position(|v| v.value == value.value) {
                    Some(k) => contradiction.claims[k].sources.push(source),
                    None => {
                        contradiction.claims.push(ContradictionClaim {
                            text: unit.text.clone(),
                            sources: vec![source],
                        });
                        claim_values.push(value);
                    }
                }
            }
        }
    }
    // Who states each figure, for citing every source of a claim (built once: a story
    // can have many contradictions).
    let mut stating: HashMap<&QuantityKey, Vec<(u32, &BTreeSet<String>)>> = HashMap::new();
    for (unit, unit_words) in units.iter().zip(&words) {
        for (key, stems) in unit.figure_keys.iter().zip(&unit_words.stems) {
            stating
                .entry(key)
                .or_default()
                .push((story[unit.article].source, stems));
        }
    }
    out.into_iter()
        .filter(|(c, _)| c.claims.len() >= 2)
        .map(|(mut c, values)| {
            add_sources_stating_a_value(&mut c, &values, &stating);
            c.claims
                .iter_mut()
                .for_each(|claim| claim.sources.sort_unstable());
            c
        })
        .collect()
}

/// Flag the facts that state a figure only one side of a contradiction gives: what
/// the sources dispute is reported, not established.
pub(crate) fn mark_disputed(facts: &mut [Fact], contradictions: &[Contradiction]) {
    let disputed = disputed_figures(contradictions);
    if disputed.is_empty() {
        return;
    }
    for fact in facts {
        fact.disputed = quantities(&fact.text)
            .iter()
            .any(|q| disputed.contains(&q.key()));
    }
}

/// Figures stated by some but not all claims of a contradiction.
pub fn disputed_figures(contradictions: &[Contradiction]) -> BTreeSet<QuantityKey> {
    let mut disputed = BTreeSet::new();
    for contradiction in contradictions {
        let per_claim: Vec<BTreeSet<QuantityKey>> = contradiction
            .claims
            .iter()
            .map(|c| quantities(&c.text).into_iter().map(|q| q.key()).collect())
            .collect();
        for keys in &per_claim {
            disputed.extend(
                keys.iter()
                    .filter(|k| !per_claim.iter().all(|other| other.contains(k)))
                    .cloned(),
            );
        }
    }
    disputed
}

/// The value a contradiction claim gives: a figure with the words it counts, or days.
struct ClaimValue {
    /// Comparable form of the value (claims with equal values are one claim).
    value: String,
    /// The figure's key and the stems of what it counts (none for days).
    figure: Option<(QuantityKey, BTreeSet<String>)>,
}

impl ClaimValue {
    fn figure(quantity: &Quantity, counted: &BTreeSet<String>) -> ClaimValue {
        ClaimValue {
            value: format!("{:?}", quantity.key()),
            figure: Some((quantity.key(), counted.clone())),
        }
    }

    fn days(unit: &Unit) -> ClaimValue {
        ClaimValue {
            value: format!("{:?}", unit.dates),
            figure: None,
        }
    }
}

/// Pairs of similar sentences find a contradiction, but other sources may state one of
/// its figures in sentences worded too differently to be paired: each source that states
/// exactly one of the claimed figures, counting the same thing, is cited for that claim
/// (so "who says what" lists every source, not just the first pair).
fn add_sources_stating_a_value(
    contradiction: &mut Contradiction,
    values: &[ClaimValue],
    stating: &HashMap<&QuantityKey, Vec<(u32, &BTreeSet<String>)>>,
) {
    let mut stated: BTreeMap<u32, BTreeSet<usize>> = BTreeMap::new();
    for (claim, value) in values.iter().enumerate() {
        let Some((claimed, counted)) = &value.figure else {
            continue;
        };
        for (source, stems) in stating.get(claimed).into_iter().flatten() {
            if !stems.is_disjoint(counted) {
                stated.entry(*source).or_default().insert(claim);
            }
        }
    }
    for (source, claims) in stated {
        let already = contradiction
            .claims
            .iter()
            .any(|c| c.sources.contains(&source));
        // A source stating two of the values (an update, a range) takes no side.
        if already || claims.len() != 1 {
            continue;
        }
        if let Some(claim) = claims
            .first()
            .and_then(|&k| contradiction.claims.get_mut(k))
        {
            claim.sources.push(source);
        }
    }
}

/// The content words right after a figure, up to the first function word ("1,200
/// residents from their homes" → ["residents"]; "three of the nine members" →
/// ["members"]).
fn counted_words(unit: &Unit, quantity: &Quantity) -> Vec<String> {
    let after: String = unit
        .text
        .chars()
        .skip(quantity.end)
        .take(60)
        .take_while(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '-')
        .collect();
    // "of the nine members": a partitive "of the …" and a second figure are skipped.
    let words: Vec<String> = after.split_whitespace().map(str::to_lowercase).collect();
    let is_content = |w: &String| !is_stop_word(w) && w.chars().all(char::is_alphabetic);
    let partitive = words.first().is_some_and(|w| w == "of");
    let skip = if partitive {
        words.iter().take(4).take_while(|w| !is_content(w)).count()
    } else {
        0
    };
    words
        .iter()
        .skip(skip)
        .take_while(|w| is_content(w))
        .take(3)
        .cloned()
        .collect()
}

/// Stemmed content words in the few words after a figure ("workers were injured in the
/// blaze" → worker, injur, blaze).
fn frame(unit: &Unit, quantity: &Quantity) -> BTreeSet<String> {
    let after: String = unit.text.chars().skip(quantity.end).take(60).collect();
    after
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_lowercase)
        .filter(|w| !is_stop_word(w) && w.chars().all(char::is_alphabetic))
        .map(|w| stem(&w))
        .collect()
}

/// Whether the two units already agree on another figure of the thing figure `k` of `a`
/// counts ("three of the nine members" and "three members … two external members"):
/// then the differing figures count parts of it, not the same whole.
fn agree_on_a_count_of_it(a: &Unit, words: &FigureWords, k: usize, b: &Unit) -> bool {
    let thing = &words.stems[k];
    a.figure_keys
        .iter()
        .zip(&words.stems)
        .any(|(key, stems)| b.figure_keys.contains(key) && !stems.is_disjoint(thing))
}

#[cfg(test)]
mod tests {
    use parallax_model::Article;

    fn article(id: &str, text: &str) -> Article {
        Article::new(id, text)
    }

    /// One outlet's report of the evacuation, with its figure.
    fn evacuated(figure: &str) -> String {
        format!(
            "About {figure} residents were evacuated from Lowmere after the chemical plant fire."
        )
    }

    #[test]
    fn conflicting_figures_are_a_contradiction_and_not_one_fact() {
        let articles = [
            article("a", &evacuated("1,200")),
            article("b", &evacuated("1,500")),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert!(
            analysis.facts.iter().all(|f| f.sources.len() == 1),
            "{:?}",
            analysis.facts
        );
        let contradiction = &analysis.contradictions[0];
        assert_eq!(contradiction.about, "the number of residents");
        assert_eq!(contradiction.claims.len(), 2);
    }

    #[test]
    fn every_source_stating_a_disputed_figure_is_cited_for_it() {
        let articles = [
            article("a", &evacuated("1,200")),
            article("b", &evacuated("1,500")),
            article(
                "c",
                "Shelters at two schools took in many of the 1,500 residents who left on Thursday night.",
            ),
            article(
                "d",
                "Estimates moved from 1,200 residents in the morning to 1,500 residents by the evening.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1, 2, 3]);
        let claims: Vec<&[u32]> = analysis.contradictions[0]
            .claims
            .iter()
            .map(|c| c.sources.as_slice())
            .collect();
        // The fourth source states both figures: it takes no side.
        assert_eq!(
            claims,
            [&[1][..], &[2, 3][..]],
            "{:?}",
            analysis.contradictions
        );
    }

    #[test]
    fn facts_stating_a_disputed_figure_are_flagged() {
        let articles = [
            article("a", "About 1,200 residents were evacuated from Lowmere after the chemical plant fire. The evacuation order for Lowmere was lifted on Friday morning by the mayor."),
            article("b", "About 1,500 residents were evacuated from Lowmere after the chemical plant fire. The mayor lifted the evacuation order for Lowmere on Friday morning."),
            article("c", "Shelters at two schools took in most of the 1,500 residents who left Lowmere on Thursday. The evacuation order for Lowmere was lifted by the mayor on Friday morning."),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1, 2]);
        assert_eq!(analysis.contradictions.len(), 1);
        for fact in &analysis.facts {
            let states_a_figure = fact.text.contains("1,200") || fact.text.contains("1,500");
            assert_eq!(fact.disputed, states_a_figure, "{fact:?}");
        }
        assert!(analysis.facts.iter().any(|f| f.disputed));
        assert!(analysis.facts.iter().any(|f| !f.disputed));
    }

    #[test]
    fn the_same_frame_with_different_counts_is_a_contradiction() {
        let articles = [
            article("a", "Five workers were injured in the blaze, which started before dawn in a solvent store."),
            article("b", "Three workers were injured in the fire, which crews brought under control by late morning."),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert_eq!(
            analysis.contradictions.len(),
            1,
            "{:?}",
            analysis.contradictions
        );
        assert_eq!(analysis.contradictions[0].about, "the number of workers");
    }

    #[test]
    fn the_same_claim_on_different_days_is_a_contradiction() {
        let mut a = article(
            "a",
            "The Lowmere plant fire started on Thursday, fire officials said.",
        );
        let mut b = article(
            "b",
            "The Lowmere plant fire started on Wednesday, fire officials said.",
        );
        a.published = Some("2026-10-16".into());
        b.published = Some("2026-10-16".into());
        let analysis = crate::test_analysis(&[a, b], &[0, 1]);
        assert!(
            analysis.facts.iter().all(|f| f.sources.len() == 1),
            "{:?}",
            analysis.facts
        );
        assert_eq!(analysis.contradictions[0].about, "the date");
    }

    #[test]
    fn relative_and_explicit_dates_of_the_same_day_agree() {
        let mut a = article(
            "a",
            "The Lowmere plant fire started on Thursday, fire officials said.",
        );
        let mut b = article(
            "b",
            "The Lowmere plant fire started on Oct. 15, fire officials said.",
        );
        a.published = Some("2026-10-16".into());
        b.published = Some("2026-10-16".into());
        let analysis = crate::test_analysis(&[a, b], &[0, 1]);
        assert!(
            analysis.contradictions.is_empty(),
            "{:?}",
            analysis.contradictions
        );
        assert_eq!(analysis.facts[0].sources, [1, 2]);
    }
}
