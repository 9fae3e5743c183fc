//! Alignment of claim units across articles into facts, contradictions and omissions.

use std::collections::{BTreeMap, BTreeSet};

use parallax_model::{Contradiction, ContradictionClaim, Fact, Omission, Support};
use parallax_text::loaded::Lexicon;
use parallax_text::numbers::{conflicting, Quantity};

use parallax_text::words::is_stop_word;

use crate::units::{idf, stem, units, Unit};
use crate::{Analysis, FactOptions, StoryArticle};

/// Similarity added when two sentences state the same quantity.
const SHARED_QUANTITY_BONUS: f64 = 0.15;

/// Build the facts, contradictions and omissions of one story.
pub fn analyse(story: &[StoryArticle<'_>], options: &FactOptions) -> Analysis {
    let lexicon = Lexicon::default();
    let units = units(story, options, &lexicon);
    let idf = idf(&units);
    let matches = match_units(&units, story, &idf, options);
    let mut used = vec![false; units.len()];
    let mut drafts: Vec<Vec<usize>> = Vec::new();
    for seed in seed_order(&units, &matches, story) {
        if used[seed] || !units[seed].claim {
            continue;
        }
        let mut members = vec![seed];
        let mut articles = BTreeSet::from([units[seed].article]);
        for &(other, _) in &matches[seed] {
            if !used[other] && articles.insert(units[other].article) {
                members.push(other);
            }
        }
        for &m in &members {
            used[m] = true;
        }
        drafts.push(members);
    }
    let facts = select_facts(drafts, &units, story, options);
    let omissions = omissions(&facts, story);
    Analysis {
        contradictions: contradictions(&units, story, &idf, options),
        facts,
        omissions,
    }
}

/// For each unit, the units of other articles that report the same claim, best first:
/// at most one per article, never one whose figures conflict.
fn match_units(
    units: &[Unit],
    story: &[StoryArticle<'_>],
    idf: &BTreeMap<String, f64>,
    options: &FactOptions,
) -> Vec<Vec<(usize, f64)>> {
    let mut out = vec![Vec::new(); units.len()];
    for i in 0..units.len() {
        let mut best_per_article: BTreeMap<usize, (usize, f64)> = BTreeMap::new();
        for j in 0..units.len() {
            let (a, b) = (&units[i], &units[j]);
            if a.article == b.article || !b.claim || figures_conflict(a, b) {
                continue;
            }
            let similarity = similarity(a, b, idf);
            if similarity < options.min_similarity {
                continue;
            }
            let entry = best_per_article.entry(b.article).or_insert((j, similarity));
            if similarity > entry.1 {
                *entry = (j, similarity);
            }
        }
        let mut list: Vec<(usize, f64)> = best_per_article.into_values().collect();
        list.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        out[i] = list;
    }
    let _ = story;
    out
}

/// IDF-weighted overlap of the two term sets (cosine of binary vectors), plus a bonus
/// for a shared figure.
pub fn similarity(a: &Unit, b: &Unit, idf: &BTreeMap<String, f64>) -> f64 {
    let weight = |t: &String| idf.get(t).copied().unwrap_or(1.0);
    let shared: f64 = a
        .terms
        .intersection(&b.terms)
        .map(|t| weight(t).powi(2))
        .sum();
    let norm_a: f64 = a
        .terms
        .iter()
        .map(|t| weight(t).powi(2))
        .sum::<f64>()
        .sqrt();
    let norm_b: f64 = b
        .terms
        .iter()
        .map(|t| weight(t).powi(2))
        .sum::<f64>()
        .sqrt();
    if norm_a == 0.0 || norm_b == 0.0 {
        return 0.0;
    }
    let shares_figure = a
        .quantities
        .iter()
        .any(|q| b.quantities.iter().any(|r| q.key() == r.key()));
    shared / (norm_a * norm_b)
        + if shares_figure {
            SHARED_QUANTITY_BONUS
        } else {
            0.0
        }
}

/// Two units give different values for the same kind of figure and share none.
fn figures_conflict(a: &Unit, b: &Unit) -> bool {
    conflicting_pair(&a.quantities, &b.quantities).is_some()
}

fn conflicting_pair<'q>(
    a: &'q [Quantity],
    b: &'q [Quantity],
) -> Option<(&'q Quantity, &'q Quantity)> {
    let agrees = |q: &Quantity| b.iter().any(|r| r.key() == q.key());
    a.iter().filter(|q| !agrees(q)).find_map(|q| {
        b.iter()
            .filter(|r| !a.iter().any(|s| s.key() == r.key()))
            .find(|r| conflicting(q, r))
            .map(|r| (q, r))
    })
}

/// Seeds in order of importance: independent support, then closeness to the top of the
/// article (ledes carry the news), then text order.
fn seed_order(
    units: &[Unit],
    matches: &[Vec<(usize, f64)>],
    story: &[StoryArticle<'_>],
) -> Vec<usize> {
    let support = |i: usize| {
        let mut groups: BTreeSet<usize> = BTreeSet::from([story[units[i].article].group]);
        groups.extend(
            matches[i]
                .iter()
                .map(|&(j, _)| story[units[j].article].group),
        );
        groups.len()
    };
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(support(i)),
            units[i].position,
            units[i].article,
            i,
        )
    });
    order
}

/// Turn member lists into facts: phrasing, citations, independence; rank and cap.
fn select_facts(
    drafts: Vec<Vec<usize>>,
    units: &[Unit],
    story: &[StoryArticle<'_>],
    options: &FactOptions,
) -> Vec<Fact> {
    let mut facts: Vec<(usize, usize, Fact)> = Vec::new();
    let mut single = 0;
    for members in drafts {
        let groups: BTreeSet<usize> = members
            .iter()
            .map(|&m| story[units[m].article].group)
            .collect();
        let independent = groups.len();
        if independent < 2 {
            // One outlet's unattributed, figure-free sentence is too often its own
            // commentary to be shown as a fact, unless it is the only outlet.
            let seed = &units[members[0]];
            let checkable = seed.attributed || !seed.quantities.is_empty();
            if single >= options.max_single_source || (story_has_many_groups(story) && !checkable) {
                continue;
            }
            single += 1;
        }
        let phrasing = choose_phrasing(&members, units);
        let mut support: Vec<Support> = members
            .iter()
            .map(|&m| {
                let unit = &units[m];
                Support {
                    source: story[unit.article].source,
                    article: story[unit.article].article.id.clone(),
                    start: unit.start,
                    end: unit.end,
                    quote: unit.text.clone(),
                }
            })
            .collect();
        support.sort_by_key(|s| s.source);
        let sources: Vec<u32> = support.iter().map(|s| s.source).collect();
        let rank_position = members
            .iter()
            .map(|&m| units[m].position)
            .min()
            .unwrap_or(0);
        facts.push((
            independent,
            rank_position,
            Fact {
                id: String::new(),
                text: units[phrasing].text.clone(),
                sources,
                support,
                independent_sources: independent as u32,
                single_source: independent < 2,
            },
        ));
        if facts.len() >= options.max_facts * 3 {
            break;
        }
    }
    facts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    facts.truncate(options.max_facts);
    facts
        .into_iter()
        .enumerate()
        .map(|(i, (_, _, mut fact))| {
            fact.id = format!("f{}", i + 1);
            fact
        })
        .collect()
}

fn story_has_many_groups(story: &[StoryArticle<'_>]) -> bool {
    story.iter().map(|a| a.group).collect::<BTreeSet<_>>().len() > 1
}

/// The least loaded, attributed, most complete member phrases the fact.
fn choose_phrasing(members: &[usize], units: &[Unit]) -> usize {
    members
        .iter()
        .copied()
        .min_by(|&a, &b| {
            let (x, y) = (&units[a], &units[b]);
            x.loaded
                .total_cmp(&y.loaded)
                .then(y.attributed.cmp(&x.attributed))
                .then(completeness(y).cmp(&completeness(x)))
                .then(a.cmp(&b))
        })
        .unwrap_or(members[0])
}

/// Longer sentences carry more detail, up to a readable length.
fn completeness(unit: &Unit) -> usize {
    unit.words.min(40)
}

/// Pairs of similar sentences from independent sources whose figures conflict.
fn contradictions(
    units: &[Unit],
    story: &[StoryArticle<'_>],
    idf: &BTreeMap<String, f64>,
    options: &FactOptions,
) -> Vec<Contradiction> {
    let mut out: Vec<Contradiction> = Vec::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for i in 0..units.len() {
        for j in i + 1..units.len() {
            let (a, b) = (&units[i], &units[j]);
            if story[a.article].group == story[b.article].group {
                continue;
            }
            let Some((qa, qb)) = conflicting_pair(&a.quantities, &b.quantities) else {
                continue;
            };
            if !same_counted_thing(a, qa, b, qb) {
                continue;
            }
            if similarity(a, b, idf) < options.contradiction_similarity {
                continue;
            }
            let key = (qa.text.clone(), qb.text.clone());
            if !seen.insert(key) {
                continue;
            }
            let about = about(a, qa);
            let claim = |u: &Unit| ContradictionClaim {
                text: u.text.clone(),
                sources: vec![story[u.article].source],
            };
            match out.iter_mut().find(|c| c.about == about) {
                Some(existing) => {
                    for unit in [a, b] {
                        let source = story[unit.article].source;
                        if !existing.claims.iter().any(|c| c.sources.contains(&source)) {
                            existing.claims.push(claim(unit));
                        }
                    }
                }
                None => out.push(Contradiction {
                    about,
                    claims: vec![claim(a), claim(b)],
                }),
            }
        }
    }
    out
}

/// The content words right after a figure, up to the first function word ("1,200
/// residents from their homes" → ["residents"]).
fn counted_words(unit: &Unit, quantity: &Quantity) -> Vec<String> {
    let after: String = unit
        .text
        .chars()
        .skip(quantity.end)
        .take(60)
        .take_while(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '-')
        .collect();
    after
        .split_whitespace()
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .take_while(|w| !is_stop_word(w) && w.chars().all(char::is_alphabetic))
        .take(3)
        .collect()
}

/// Two figures count the same thing when the words after them share a stem ("1,200
/// people" and "1,500 people"; "three plant workers" and "five workers").
fn same_counted_thing(a: &Unit, qa: &Quantity, b: &Unit, qb: &Quantity) -> bool {
    let stems = |u: &Unit, q: &Quantity| -> BTreeSet<String> {
        counted_words(u, q).iter().map(|w| stem(w)).collect()
    };
    !stems(a, qa).is_disjoint(&stems(b, qb))
}

/// What a conflicting figure counts ("the number of residents"), else the figure itself.
fn about(unit: &Unit, quantity: &Quantity) -> String {
    let words = counted_words(unit, quantity);
    match words.last() {
        Some(noun) => format!("the number of {noun}"),
        None => format!("the figure \"{}\"", quantity.text),
    }
}

/// For each fact with at least two independent sources, the outlets covering the story
/// that do not report it.
fn omissions(facts: &[Fact], story: &[StoryArticle<'_>]) -> Vec<Omission> {
    facts
        .iter()
        .filter(|f| f.independent_sources >= 2)
        .filter_map(|fact| {
            let reporting: BTreeSet<usize> = story
                .iter()
                .filter(|a| fact.sources.contains(&a.source))
                .map(|a| a.group)
                .collect();
            let mut outlets: Vec<String> = story
                .iter()
                .filter(|a| !reporting.contains(&a.group))
                .map(|a| a.outlet.to_string())
                .collect();
            outlets.sort();
            outlets.dedup();
            (!outlets.is_empty()).then(|| Omission {
                fact: fact.id.clone(),
                outlets,
            })
        })
        .collect()
}
