//! Alignment of claim units across articles into facts (with their contradictions, see
//! [`crate::contradictions`]) and omissions.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use parallax_model::{Fact, Omission, Support};
use parallax_text::loaded::Lexicon;

use crate::contradictions::{findings, mark_disputed, FRAME_SIMILARITY};
use crate::judge::PairJudge;
use crate::neighbours::{neighbours, similarity};
use crate::same_fact::{same_fact, supports, PairEvidence, StoryContext};
use crate::units::{idf, top_claim_sentences, units, Idf, Unit};
use crate::{Analysis, FactOptions, StoryArticle};
use parallax_embed::{dot, unit_vector, Embedder};

/// A story's claim units with their term weights and similar pairs: built once and
/// shared by the facts and narratives stages.
#[derive(Debug, Clone)]
pub struct StoryIndex {
    /// Sentences of every article, in article then text order.
    pub units: Vec<Unit>,
    /// Term weights over the units.
    pub idf: Idf,
    /// For each unit, the units of other articles at least `floor` similar to it
    /// (lexically), and the pairs the embeddings found close.
    pub near: Vec<Vec<(usize, f64)>>,
    /// The similarity below which pairs were not kept.
    pub floor: f64,
    /// Sentence embedding of each unit that has one (see [`EMBEDDED_SENTENCES`]);
    /// empty vectors elsewhere, and all empty without an embedder.
    pub vectors: Vec<Vec<f32>>,
}

/// Most sentences at the top of each article that are embedded: the news is at the
/// top. Sentences further down align on their words alone.
pub const EMBEDDED_SENTENCES: usize = 12;

/// Most sentences embedded per story: the encoder runs at about a hundred sentences a
/// second on one core, so a large story embeds fewer sentences of each article (never
/// fewer than two: the lead).
pub const EMBEDDED_PER_STORY: usize = 480;

/// How many of its top sentences each article of a story with `articles` articles
/// has embedded.
pub fn embedded_per_article(articles: usize) -> usize {
    (EMBEDDED_PER_STORY / articles.max(1)).clamp(2, EMBEDDED_SENTENCES)
}

/// Embedding cosine from which two units of different articles are compared by the
/// pair judge even when they share too few words to be lexical neighbours.
const EMBEDDING_CANDIDATE_COSINE: f32 = 0.55;

impl StoryIndex {
    /// Index a story; pairs at least `floor` similar are kept (fact alignment and
    /// contradictions need at least `options`' thresholds; narratives may ask lower).
    pub fn build(story: &[StoryArticle<'_>], options: &FactOptions, floor: f64) -> StoryIndex {
        StoryIndex::build_with(story, options, floor, None)
    }

    /// [`StoryIndex::build`] with a sentence embedder: the top sentences of each article
    /// (those [`embedded_texts`] lists) are embedded, pairs whose embeddings are close
    /// become candidates, and the pair judge decides which candidates are one claim.
    /// Citations still need the word overlap `parallax verify` checks, so an embedder
    /// finds paraphrases; it cannot make a span support a fact it shares no words with.
    pub fn build_with(
        story: &[StoryArticle<'_>],
        options: &FactOptions,
        floor: f64,
        embedder: Option<&dyn Embedder>,
    ) -> StoryIndex {
        let units = units(story, options, Lexicon::builtin());
        let idf = idf(&units);
        let floor = floor
            .min(options.min_similarity)
            .min(options.contradiction_similarity)
            .min(FRAME_SIMILARITY);
        let mut near = neighbours(&units, &idf, floor);
        let mut vectors = vec![Vec::new(); units.len()];
        if let Some(embedder) = embedder {
            let top = embedded_per_article(story.len());
            let chosen: Vec<usize> = (0..units.len())
                .filter(|&i| embedded(&units[i], top))
                .collect();
            let texts: Vec<&str> = chosen.iter().map(|&i| units[i].text.as_str()).collect();
            let embedded = embedder.embed(&texts);
            if embedded.len() == chosen.len() {
                for (i, vector) in chosen.iter().zip(embedded) {
                    vectors[*i] = vector;
                }
                add_embedding_neighbours(&units, &idf, &vectors, &chosen, &mut near);
            }
        }
        StoryIndex {
            units,
            idf,
            near,
            floor,
            vectors,
        }
    }
}

/// Whether a unit is embedded: a whole sentence that can be a claim, among the `top`
/// first of its article.
fn embedded(unit: &Unit, top: usize) -> bool {
    unit.whole && unit.claim && unit.position < top
}

/// The sentences of `article` that [`StoryIndex::build_with`] embeds when the article
/// is one of a story of `articles` articles: what a store keeps the vectors of, so a
/// briefing reads them back.
pub fn embedded_texts(
    article: &parallax_model::Article,
    articles: usize,
    options: &FactOptions,
) -> Vec<String> {
    let top = embedded_per_article(articles);
    top_claim_sentences(&article.text, top, options, Lexicon::builtin())
}

/// Add the cross-article pairs of embedded units whose cosine reaches
/// [`EMBEDDING_CANDIDATE_COSINE`], and every pair of two articles' leads (see
/// [`StoryContext::leads`]: few pairs, and the decision weighs them with their own
/// evidence), that the lexical index did not find (their similarity stays the lexical
/// one: contradictions and narratives read it).
fn add_embedding_neighbours(
    units: &[Unit],
    idf: &Idf,
    vectors: &[Vec<f32>],
    chosen: &[usize],
    near: &mut [Vec<(usize, f64)>],
) {
    // Unit vectors once, so each of the story's many pairs costs one dot product.
    let normalised: Vec<Vec<f32>> = chosen.iter().map(|&i| unit_vector(&vectors[i])).collect();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (x, &i) in chosen.iter().enumerate() {
        for (y, &j) in chosen.iter().enumerate().skip(x + 1) {
            // Two leads are always compared (see [`StoryContext::leads`]).
            let leads = StoryContext {
                positions: (units[i].position, units[j].position),
            }
            .leads();
            if units[i].article != units[j].article
                && (leads || dot(&normalised[x], &normalised[y]) >= EMBEDDING_CANDIDATE_COSINE)
                // The lexical lists are sorted by unit; the pairs found here are
                // distinct, so only the lexical ones need checking.
                && near[i].binary_search_by_key(&j, |(k, _)| *k).is_err()
            {
                found.push((i, j));
            }
        }
    }
    let mut touched = Vec::with_capacity(found.len() * 2);
    for (i, j) in found {
        let lexical = similarity(&units[i], &units[j], idf);
        near[i].push((j, lexical));
        near[j].push((i, lexical));
        touched.extend([i, j]);
    }
    touched.sort_unstable();
    touched.dedup();
    for i in touched {
        near[i].sort_unstable_by_key(|(k, _)| *k);
    }
}

/// Build the facts, contradictions and omissions of one story.
pub fn analyse(story: &[StoryArticle<'_>], options: &FactOptions) -> Analysis {
    analyse_indexed(story, &StoryIndex::build(story, options, 1.0), options)
}

/// [`analyse`] over an index built beforehand (with [`StoryIndex::build`] on the same
/// story and options).
pub fn analyse_indexed(
    story: &[StoryArticle<'_>],
    index: &StoryIndex,
    options: &FactOptions,
) -> Analysis {
    let (units, near) = (&index.units, &index.near);
    let matches = match_units(index, options);
    let consensus = term_consensus(units, story);
    let importance = importance(units, &consensus);
    let mut used = vec![false; units.len()];
    let mut drafts: Vec<Vec<usize>> = Vec::new();
    for seed in seed_order(units, &matches, story, &importance) {
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
            for overlapping in same_words(units, m) {
                used[overlapping] = true;
            }
        }
        drafts.push(members);
    }
    let mut facts = select_facts(drafts, units, story, &consensus, options);
    let found = findings(units, story, near, options);
    mark_disputed(&mut facts, &found.contradictions);
    let omissions = omissions(&facts, story);
    Analysis {
        contradictions: found.contradictions,
        updates: found.updates,
        facts,
        omissions,
    }
}

/// The units that report words of unit `i` (itself included): a whole sentence and its
/// clauses, or a clause and the sentence it belongs to (not its sibling clauses, which
/// say something else). Once a unit is in a fact, these can no longer make another.
fn same_words(units: &[Unit], i: usize) -> Vec<usize> {
    let sentence = (0..=i).rev().find(|&k| units[k].whole).unwrap_or(i);
    let clauses = (sentence + 1..units.len()).take_while(|&k| !units[k].whole);
    if units[i].whole {
        std::iter::once(i).chain(clauses).collect()
    } else {
        vec![sentence, i]
    }
}

/// For each unit, the claim units of other articles that are one fact with it (the
/// decision of [`mod@crate::same_fact`]), best first by the decision's score, at most one per
/// article.
fn match_units(index: &StoryIndex, options: &FactOptions) -> Vec<Vec<(usize, f64)>> {
    let (units, near) = (&index.units, &index.near);
    let judge = PairJudge::builtin();
    near.iter()
        .enumerate()
        .map(|(i, candidates)| {
            let mut best_per_article: BTreeMap<usize, (usize, f64)> = BTreeMap::new();
            for &(j, similarity) in candidates {
                let (a, b) = (&units[i], &units[j]);
                if !b.claim {
                    continue;
                }
                // An incompatible partner (its words cannot back the fact, nor the
                // fact's words it) would be dropped from the fact's citations, so it must
                // not take the place of a partner from the same article that can.
                let (va, vb) = (&index.vectors[i], &index.vectors[j]);
                let evidence = PairEvidence::of(a, b, va, vb, similarity);
                let Some(score) = same_fact(&evidence, judge, options.min_similarity) else {
                    continue;
                };
                let entry = best_per_article.entry(b.article).or_insert((j, score));
                if score > entry.1 {
                    *entry = (j, score);
                }
            }
            let mut list: Vec<(usize, f64)> = best_per_article.into_values().collect();
            list.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            list
        })
        .collect()
}

/// Seeds in order of importance: independent support, then closeness to the top of the
/// article (ledes carry the news), then text order.
fn seed_order(
    units: &[Unit],
    matches: &[Vec<(usize, f64)>],
    story: &[StoryArticle<'_>],
    importance: &[f64],
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
    let supports: Vec<usize> = (0..units.len()).map(support).collect();
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by(|&a, &b| {
        supports[b]
            .cmp(&supports[a])
            .then(importance[b].total_cmp(&importance[a]))
            .then(a.cmp(&b))
    });
    order
}

/// How central each term is: the number of independent sources, beyond the first, whose
/// sentences use it.
fn term_consensus(units: &[Unit], story: &[StoryArticle<'_>]) -> HashMap<u32, f64> {
    let mut groups: HashMap<u32, BTreeSet<usize>> = HashMap::new();
    for unit in units {
        for term in &unit.terms {
            groups
                .entry(*term)
                .or_default()
                .insert(story[unit.article].group);
        }
    }
    groups
        .into_iter()
        .map(|(t, g)| (t, g.len().saturating_sub(1) as f64))
        .collect()
}

/// Consensus carried by a unit's terms not yet covered, per square root of its length:
/// sentences dense in words that other sources also use say what the story is about.
fn marginal_consensus(unit: &Unit, consensus: &HashMap<u32, f64>, covered: &BTreeSet<u32>) -> f64 {
    if unit.terms.is_empty() {
        return 0.0;
    }
    let gain: f64 = unit
        .terms
        .iter()
        .filter(|t| !covered.contains(t))
        .map(|t| consensus.get(t).copied().unwrap_or(0.0))
        .sum();
    gain / (unit.terms.len() as f64).sqrt()
}

/// How central a unit is to the story: its consensus, plus a small bonus for sentences
/// near the top of their article, where news writing puts what matters.
fn importance(units: &[Unit], consensus: &HashMap<u32, f64>) -> Vec<f64> {
    let none = BTreeSet::new();
    units
        .iter()
        .map(|u| {
            marginal_consensus(u, consensus, &none) + POSITION_BONUS / (1.0 + u.position as f64)
        })
        .collect()
}

/// Weight of being the first sentence of an article (halved for the second, …).
const POSITION_BONUS: f64 = 0.3;

/// Turn member lists into facts: phrasing, citations, independence; rank and cap.
fn select_facts(
    drafts: Vec<Vec<usize>>,
    units: &[Unit],
    story: &[StoryArticle<'_>],
    consensus: &HashMap<u32, f64>,
    options: &FactOptions,
) -> Vec<Fact> {
    let mut facts: Vec<(usize, usize, Fact)> = Vec::new();
    let mut single = 0;
    for draft in drafts {
        let Some(phrasing) = choose_phrasing(&draft, units) else {
            continue;
        };
        let members: Vec<usize> = draft
            .iter()
            .copied()
            .filter(|&m| m == phrasing || supports(&units[m], &units[phrasing]))
            .collect();
        let groups: BTreeSet<usize> = members
            .iter()
            .map(|&m| story[units[m].article].group)
            .collect();
        let independent = groups.len();
        if independent < 2 {
            if single >= options.max_single_source {
                continue;
            }
            single += 1;
        }
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
        facts.push((
            independent,
            phrasing,
            Fact {
                id: String::new(),
                text: units[phrasing].text.clone(),
                sources,
                support,
                independent_sources: independent as u32,
                single_source: independent < 2,
                disputed: false,
                first_reported: None,
            },
        ));
        if facts.len() >= options.max_facts * 3 {
            break;
        }
    }
    order_by_coverage(facts, units, consensus, options.max_facts)
}

/// Most independent sources first; among equals, greedily the fact that adds the most
/// consensus not yet covered by the facts before it (so the list does not repeat
/// itself), then the earlier-found one.
fn order_by_coverage(
    mut pool: Vec<(usize, usize, Fact)>,
    units: &[Unit],
    consensus: &HashMap<u32, f64>,
    max_facts: usize,
) -> Vec<Fact> {
    let mut covered: BTreeSet<u32> = BTreeSet::new();
    let mut out = Vec::new();
    while out.len() < max_facts && !pool.is_empty() {
        let top = pool.iter().map(|f| f.0).max().unwrap_or(0);
        let mut best: Option<(usize, f64)> = None;
        for (k, (independent, phrasing, _)) in pool.iter().enumerate() {
            if *independent != top {
                continue;
            }
            let unit = &units[*phrasing];
            let gain = marginal_consensus(unit, consensus, &covered)
                + POSITION_BONUS / (1.0 + unit.position as f64);
            if best.is_none_or(|(_, g)| gain > g) {
                best = Some((k, gain));
            }
        }
        let Some((k, _)) = best else { break };
        let (_, phrasing, mut fact) = pool.remove(k);
        covered.extend(units[phrasing].terms.iter().copied());
        fact.id = format!("f{}", out.len() + 1);
        out.push(fact);
    }
    out
}

/// The member that phrases the fact: the one the most other members support (so the
/// fact says what its sources share, not one outlet's extra clause), then the least
/// loaded, then an attributed one, then the shortest. A sentence quoting someone without
/// saying who never phrases a fact.
fn choose_phrasing(members: &[usize], units: &[Unit]) -> Option<usize> {
    let backing = |c: usize| {
        members
            .iter()
            .filter(|&&m| m != c && supports(&units[m], &units[c]))
            .count()
    };
    members
        .iter()
        .copied()
        .filter(|&m| units[m].claim && !units[m].anonymous_quote)
        .map(|c| (c, backing(c)))
        .min_by(|&(a, backing_a), &(b, backing_b)| {
            let (x, y) = (&units[a], &units[b]);
            backing_b
                .cmp(&backing_a)
                .then(x.loaded.total_cmp(&y.loaded))
                .then(y.attributed.cmp(&x.attributed))
                .then(x.words.cmp(&y.words))
                .then(a.cmp(&b))
        })
        .map(|(c, _)| c)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::judge::pair_features;
    use crate::DisagreeingEmbedder;
    use parallax_model::Article;

    fn article(id: &str, text: &str) -> Article {
        Article::new(id, text)
    }

    /// Records every text it is asked to embed.
    struct Recording(std::sync::Mutex<Vec<String>>);

    impl Embedder for Recording {
        fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
            let mut seen = self.0.lock().unwrap();
            seen.extend(texts.iter().map(|t| t.to_string()));
            texts.iter().map(|t| vec![t.len() as f32, 1.0]).collect()
        }
    }

    #[test]
    fn embedded_texts_lists_exactly_what_the_index_embeds() {
        // Sentences that are claims, a question, a pronoun opening, one joining two
        // clauses, and more sentences than a big story embeds per article.
        let text = "The Aldren council approved a $275 million harbour budget on Monday. \
            Will the harbour ever open to ships from the north? \
            They said the vote was close and the debate lasted for six hours. \
            The mayor signed the order on Tuesday, and the port authority began work at once. \
            Officials expect the first cranes to arrive at the new quay in March. \
            Residents of the old town asked the council for a second public hearing.";
        let articles: Vec<Article> = (0..3).map(|i| article(&format!("a{i}"), text)).collect();
        for story_size in [3, 200] {
            let story: Vec<StoryArticle<'_>> = articles
                .iter()
                .enumerate()
                .map(|(i, article)| StoryArticle {
                    article,
                    source: i as u32 + 1,
                    group: i,
                    outlet: "",
                })
                .collect();
            let options = FactOptions::default();
            // The index sizes its per-article budget by the story; ask for the same.
            let top = embedded_per_article(story_size);
            let recording = Recording(std::sync::Mutex::new(Vec::new()));
            let index = StoryIndex::build_with(&story, &options, 1.0, Some(&recording));
            let expected: Vec<String> = index
                .units
                .iter()
                .filter(|u| u.whole && u.claim && u.position < top)
                .map(|u| u.text.clone())
                .collect();
            let listed: Vec<String> = articles
                .iter()
                .flat_map(|a| embedded_texts(a, story_size, &options))
                .collect();
            if story_size == story.len() {
                assert_eq!(*recording.0.lock().unwrap(), expected);
            }
            assert_eq!(listed, expected, "story of {story_size}");
            assert!(!listed.is_empty());
        }
    }

    #[test]
    fn paraphrases_from_two_outlets_become_one_fact_citing_both() {
        let articles = [
            article(
                "a",
                "The Aldren council approved a $275 million harbour budget on Monday.",
            ),
            article(
                "b",
                "On Monday the Aldren council approved the harbour budget of $275M.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        let fact = &analysis.facts[0];
        assert_eq!(fact.sources, [1, 2]);
        assert_eq!((fact.independent_sources, fact.single_source), (2, false));
    }

    #[test]
    fn rewordings_that_keep_both_figures_are_one_fact_not_two() {
        let articles = [
            article(
                "a",
                "The central bank lowered its policy rate to 4.50 percent from 4.75 percent.",
            ),
            article(
                "b",
                "After two years of costly loans, the central bank trimmed its key rate from 4.75% to 4.5%, a move its governor called a careful first step.",
            ),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        let about_the_rate: Vec<&Fact> = analysis
            .facts
            .iter()
            .filter(|f| f.text.contains("4.75"))
            .collect();
        assert_eq!(about_the_rate.len(), 1, "{:#?}", analysis.facts);
        assert_eq!(about_the_rate[0].sources, [1, 2]);
    }

    #[test]
    fn a_reprint_is_cited_but_not_counted_as_a_second_source() {
        let text = "The Aldren council approved a $275 million harbour budget on Monday.";
        let analysis =
            crate::test_analysis(&[article("wire", text), article("copy", text)], &[0, 0]);
        let fact = &analysis.facts[0];
        assert_eq!(fact.sources, [1, 2]);
        assert_eq!((fact.independent_sources, fact.single_source), (1, true));
    }

    /// Maps words to concepts, so that synonyms share a dimension: a stand-in for a
    /// local embedding model.
    struct ConceptEmbedder;

    impl Embedder for ConceptEmbedder {
        fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
            let concepts: &[&[&str]] = &[
                &["blaze", "fire"],
                &["gutted", "burned"],
                &["warehouse", "depot"],
                &["lowmere"],
            ];
            texts
                .iter()
                .map(|t| {
                    let lower = t.to_lowercase();
                    concepts
                        .iter()
                        .map(|words| words.iter().filter(|w| lower.contains(*w)).count() as f32)
                        .collect()
                })
                .collect()
        }
    }

    #[test]
    fn an_embedder_aligns_paraphrases_that_share_few_words() {
        let articles = [
            article(
                "a",
                "A fire burned the old warehouse in Lowmere overnight, residents said.",
            ),
            article(
                "b",
                "Overnight a blaze gutted the Lowmere depot, which was old, residents said.",
            ),
        ];
        let story = crate::test_story(&articles, &[]);
        let options = FactOptions::default();
        let lexical = StoryIndex::build(&story, &options, 1.0);
        let embedded = StoryIndex::build_with(&story, &options, 1.0, Some(&ConceptEmbedder));
        let best = |index: &StoryIndex| index.near[0].iter().map(|p| p.1).fold(0.0, f64::max);
        assert!(
            best(&lexical) < options.min_similarity,
            "{}",
            best(&lexical)
        );
        let alone = analyse_indexed(&story, &lexical, &options).facts;
        assert!(alone.iter().all(|f| f.sources.len() == 1), "{alone:?}");
        let facts = analyse_indexed(&story, &embedded, &options).facts;
        assert_eq!(
            facts[0].sources,
            [1, 2],
            "cited: the spans share enough words to verify"
        );
    }

    #[test]
    fn one_quotation_cut_at_different_places_aligns_even_when_the_judge_says_no() {
        let articles = [
            article(
                "a",
                "\"We will rebuild the harbour before the winter storms arrive,\" Mayor Tesk said.",
            ),
            article(
                "b",
                "On Monday Mayor Tesk promised: \"We will rebuild the harbour before the winter storms.\"",
            ),
        ];
        let story = crate::test_story(&articles, &[]);
        let options = FactOptions::default();
        let index = StoryIndex::build_with(&story, &options, 1.0, Some(&DisagreeingEmbedder));
        let first_of = |article: usize| {
            (index.units.iter())
                .position(|u| u.article == article && u.whole)
                .unwrap()
        };
        let (i, j) = (first_of(0), first_of(1));
        let (va, vb) = (&index.vectors[i], &index.vectors[j]);
        assert!(!va.is_empty() && !vb.is_empty(), "both sentences embedded");
        assert_eq!(
            PairJudge::builtin().judge(&pair_features(&index.units[i], &index.units[j], va, vb)),
            None,
            "the judge rejects the pair"
        );
        let facts = analyse_indexed(&story, &index, &options).facts;
        assert_eq!(facts[0].sources, [1, 2], "{facts:#?}");
    }

    #[test]
    fn the_neutral_member_phrases_the_fact() {
        let articles = [
            article("a", "The shocking, reckless council approved the harbour budget of $275 million on Monday."),
            article("b", "The council approved the harbour budget of $275 million on Monday, officials said."),
            article("c", "On Monday the council approved a $275 million budget for the harbour."),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1, 2]);
        assert!(
            !analysis.facts[0].text.contains("reckless"),
            "{}",
            analysis.facts[0].text
        );
    }

    #[test]
    fn a_quote_without_a_speaker_never_phrases_a_fact() {
        let articles = [
            article("a", "The harbour budget was \"a disgrace to every taxpayer in Aldren\" and passed on Monday."),
            article("b", "The harbour budget passed on Monday, the council said, after a long debate in Aldren."),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        assert!(
            analysis.facts.iter().all(|f| !f.text.contains("disgrace")),
            "{:?}",
            analysis.facts
        );
    }

    #[test]
    fn omissions_name_the_outlets_that_leave_a_shared_fact_out() {
        let articles = [
            article("a", "The Aldren council approved a $275 million harbour budget on Monday."),
            article("b", "On Monday the Aldren council approved the harbour budget of $275M."),
            article("c", "Ferry fares across the bay will rise by five percent next spring, the operator said."),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1, 2]);
        assert_eq!(analysis.omissions[0].fact, "f1");
        assert_eq!(analysis.omissions[0].outlets, ["Gamma"]);
    }

    #[test]
    fn a_clause_of_a_compound_sentence_aligns_with_a_simple_sentence() {
        let articles = [
            article("a", "The Aldren council approved the harbour budget on Monday, and Mayor Ines Okafor signed the new ferry contract with Baywater Lines on Tuesday."),
            article("b", "Mayor Ines Okafor signed the new ferry contract with Baywater Lines on Tuesday after months of talks."),
        ];
        let analysis = crate::test_analysis(&articles, &[0, 1]);
        let ferry = analysis
            .facts
            .iter()
            .find(|f| f.text.contains("ferry"))
            .expect("a ferry fact");
        assert_eq!(ferry.sources, [1, 2], "{:?}", analysis.facts);
        let clause = ferry
            .support
            .iter()
            .find(|s| s.article == "a")
            .expect("cited");
        assert_eq!(
            clause.quote,
            "Mayor Ines Okafor signed the new ferry contract with Baywater Lines on Tuesday."
        );
        assert_eq!(
            articles[0].slice_chars(clause.start, clause.end),
            Some(clause.quote.as_str())
        );
        // The budget clause, reported by one outlet only, is a fact of its own, and the
        // whole sentence is not repeated as a third one.
        assert!(analysis
            .facts
            .iter()
            .any(|f| f.text == "The Aldren council approved the harbour budget on Monday"));
        assert!(analysis
            .facts
            .iter()
            .all(|f| !f.text.contains(", and Mayor")));
    }

    #[test]
    fn a_giant_article_is_read_up_to_the_sentence_cap() {
        let giant = "The council met again on Monday to debate the harbour. ".repeat(5_000);
        let story_article = article("g", &giant);
        let story = [StoryArticle {
            article: &story_article,
            source: 1,
            group: 0,
            outlet: "Alpha",
        }];
        let index = StoryIndex::build(&story, &FactOptions::default(), 1.0);
        assert_eq!(index.units.len(), crate::units::MAX_SENTENCES_PER_ARTICLE);
    }
}
