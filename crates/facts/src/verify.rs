//! The machine check behind "every citation can be verified": a briefing is checked
//! against the articles it was built from.
//!
//! Checked: every `support` span slices its article's text to exactly its `quote`; the
//! source it names is the numbered source of that article; every source a fact lists has
//! a supporting span, and that span says the same thing as the fact (enough shared
//! content words); every phrase the fact puts in quotation marks appears verbatim in a
//! cited article; the fact's text is one of its quotes (Parallax is extractive); every
//! narrative and contradiction claim is verbatim in the article of a source it cites; the
//! timeline, when there is one, lists its days in order, every source and every fact on
//! exactly one day, each fact on the earliest day among its cited sources.

use std::collections::{BTreeMap, BTreeSet};

use parallax_model::{slice_chars, Article, Briefing};
use parallax_text::quotes::quotes;
use parallax_text::words::content_terms;

use crate::units::stem;

/// Least share of a fact's content words a supporting span must contain (for spans that
/// are not the fact's own sentence).
pub const MIN_SUPPORT_OVERLAP: f64 = 0.3;

/// One failed check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: `f3`, `f3 support 2`, `narrative 1`, `source 4`, …
    pub location: String,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.reason)
    }
}

/// Check one briefing against the articles (by id); returns every problem found.
pub fn verify(briefing: &Briefing, articles: &BTreeMap<&str, &Article>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut problem =
        |location: String, reason: String| problems.push(Problem { location, reason });
    let source_article: BTreeMap<u32, &str> = briefing
        .sources
        .iter()
        .map(|s| (s.n, s.article.as_str()))
        .collect();
    for source in &briefing.sources {
        if !articles.contains_key(source.article.as_str()) {
            problem(
                format!("source {}", source.n),
                format!("article {} is not among the inputs", source.article),
            );
        }
    }
    for fact in &briefing.facts {
        if !fact.support.iter().any(|s| s.quote == fact.text) {
            problem(
                fact.id.clone(),
                "the fact's text is not one of its quoted spans".into(),
            );
        }
        let supported: BTreeSet<u32> = fact.support.iter().map(|s| s.source).collect();
        for n in &fact.sources {
            if !supported.contains(n) {
                problem(
                    fact.id.clone(),
                    format!("cites [{n}] without a supporting span"),
                );
            }
        }
        for (k, support) in fact.support.iter().enumerate() {
            let location = format!("{} support {}", fact.id, k + 1);
            if source_article.get(&support.source) != Some(&support.article.as_str()) {
                problem(
                    location.clone(),
                    format!("[{}] is not article {}", support.source, support.article),
                );
            }
            if !fact.sources.contains(&support.source) {
                problem(
                    location.clone(),
                    format!("span of [{}], which the fact does not cite", support.source),
                );
            }
            match articles.get(support.article.as_str()) {
                None => problem(
                    location,
                    format!("article {} is not among the inputs", support.article),
                ),
                Some(article) => match slice_chars(&article.text, support.start, support.end) {
                    Some(text) if text == support.quote => {
                        if support.quote != fact.text
                            && overlap(&fact.text, &support.quote) < MIN_SUPPORT_OVERLAP
                        {
                            problem(location, "the span does not say what the fact says".into());
                        }
                    }
                    Some(text) => problem(
                        location,
                        format!(
                            "text at {}..{} is {text:?}, not the quote",
                            support.start, support.end
                        ),
                    ),
                    None => problem(
                        location,
                        format!(
                            "span {}..{} is outside the article",
                            support.start, support.end
                        ),
                    ),
                },
            }
        }
        for quoted in quotes(&fact.text) {
            let found = fact
                .sources
                .iter()
                .filter_map(|n| source_article.get(n))
                .any(|id| {
                    articles
                        .get(id)
                        .is_some_and(|a| a.text.contains(quoted.text.as_str()))
                });
            if !found {
                problem(
                    fact.id.clone(),
                    format!("quoted words {:?} are in no cited article", quoted.text),
                );
            }
        }
    }
    let verbatim_in = |text: &str, sources: &[u32]| {
        sources
            .iter()
            .filter_map(|n| source_article.get(n))
            .any(|id| articles.get(id).is_some_and(|a| a.text.contains(text)))
    };
    for (i, narrative) in briefing.narratives.iter().enumerate() {
        // A narrative's signals name its sentences as chosen, so the text must be exactly
        // them, joined by spaces, each verbatim. Splitting the joined text again would
        // wrongly fail a sentence that closes on a quotation the splitter reads as running
        // on into the next one.
        let sentences_found = if narrative.signals.is_empty() {
            parallax_text::sentences::sentences(&narrative.text)
                .iter()
                .all(|s| verbatim_in(s.text, &narrative.sources))
        } else {
            let sentences: Vec<&str> = narrative
                .signals
                .iter()
                .map(|signal| signal.sentence.as_str())
                .collect();
            sentences.join(" ") == narrative.text
                && sentences
                    .iter()
                    .all(|sentence| verbatim_in(sentence, &narrative.sources))
        };
        if !sentences_found {
            problem(
                format!("narrative {}", i + 1),
                "text is not verbatim in its source".into(),
            );
        }
    }
    for (i, contradiction) in briefing.contradictions.iter().enumerate() {
        for claim in &contradiction.claims {
            if !verbatim_in(&claim.text, &claim.sources) {
                problem(
                    format!("contradiction {}", i + 1),
                    format!("claim {:?} is not verbatim in its source", claim.text),
                );
            }
        }
    }
    for (location, reason) in timeline_problems(briefing) {
        problem(location, reason);
    }
    problems
}

/// The timeline is consistent with the rest of the briefing: entries in date order with
/// "unknown" last, every source in exactly one entry, every fact in exactly one entry,
/// that of the earliest day among its cited sources (as its `first_reported` says), and
/// every fact or source an entry names exists.
fn timeline_problems(briefing: &Briefing) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    if briefing.timeline.is_empty() {
        return problems;
    }
    let is_day =
        |day: &str| day.len() == 10 && chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok();
    // "unknown" sorts after every day.
    let rank = |day: &str| (day == "unknown", day.to_string());
    for (i, pair) in briefing.timeline.windows(2).enumerate() {
        if rank(&pair[0].day) >= rank(&pair[1].day) {
            problems.push((
                format!("timeline entry {}", i + 2),
                format!("{} does not come after {}", pair[1].day, pair[0].day),
            ));
        }
    }
    let mut day_of_source: BTreeMap<u32, &str> = BTreeMap::new();
    let mut day_of_fact: BTreeMap<&str, &str> = BTreeMap::new();
    for (i, entry) in briefing.timeline.iter().enumerate() {
        let location = format!("timeline entry {}", i + 1);
        if entry.day != "unknown" && !is_day(&entry.day) {
            problems.push((location.clone(), format!("{:?} is no day", entry.day)));
        }
        for n in &entry.sources {
            if !briefing.sources.iter().any(|s| s.n == *n) {
                problems.push((location.clone(), format!("[{n}] is no source")));
            }
            if day_of_source.insert(*n, &entry.day).is_some() {
                problems.push((location.clone(), format!("[{n}] is listed on two days")));
            }
        }
        for id in &entry.facts {
            if !briefing.facts.iter().any(|f| &f.id == id) {
                problems.push((location.clone(), format!("{id} is no fact")));
            }
            if day_of_fact.insert(id, &entry.day).is_some() {
                problems.push((location.clone(), format!("{id} is listed on two days")));
            }
        }
    }
    for source in &briefing.sources {
        if !day_of_source.contains_key(&source.n) {
            problems.push((
                format!("source {}", source.n),
                "on no day of the timeline".into(),
            ));
        }
    }
    for fact in &briefing.facts {
        let Some(day) = day_of_fact.get(fact.id.as_str()) else {
            problems.push((fact.id.clone(), "on no day of the timeline".into()));
            continue;
        };
        if fact.first_reported.as_deref() != Some(*day) {
            problems.push((
                fact.id.clone(),
                format!("first reported {:?}, listed on {day}", fact.first_reported),
            ));
        }
        let earliest = fact
            .sources
            .iter()
            .filter_map(|n| day_of_source.get(n))
            .min_by_key(|d| rank(d));
        if earliest != Some(day) {
            problems.push((
                fact.id.clone(),
                format!("listed on {day}, but its earliest cited source is of {earliest:?}"),
            ));
        }
    }
    problems
}

/// Share of the fact's stemmed content words that the span contains.
fn overlap(fact: &str, span: &str) -> f64 {
    let terms = |t: &str| {
        content_terms(t)
            .iter()
            .map(|w| stem(w))
            .collect::<BTreeSet<String>>()
    };
    let (f, s) = (terms(fact), terms(span));
    if f.is_empty() {
        return 1.0;
    }
    f.intersection(&s).count() as f64 / f.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyse, FactOptions};
    use parallax_model::{Coverage, Source};

    fn article(id: &str, text: &str) -> Article {
        Article::new(id, text)
    }

    fn briefing_of(articles: &[Article]) -> Briefing {
        let story = crate::test_story(articles, &[]);
        let analysis = analyse(&story, &FactOptions::default());
        Briefing {
            story: "s-1".into(),
            headline: "h".into(),
            lede: String::new(),
            facts: analysis.facts,
            contradictions: analysis.contradictions,
            narratives: Vec::new(),
            sources: articles
                .iter()
                .enumerate()
                .map(|(i, a)| Source {
                    n: i as u32 + 1,
                    article: a.id.clone(),
                    outlet: "X".into(),
                    url: None,
                    title: None,
                    published: None,
                    lean: None,
                    syndicated_from: None,
                    outlet_id: None,
                    ratings: Default::default(),
                })
                .collect(),
            coverage: Coverage::default(),
            omissions: analysis.omissions,
            notes: Vec::new(),
            updates: Vec::new(),
            timeline: Vec::new(),
        }
    }

    fn by_id(articles: &[Article]) -> BTreeMap<&str, &Article> {
        articles.iter().map(|a| (a.id.as_str(), a)).collect()
    }

    const A: &str =
        "Zoë Marr, the mayor, said the council approved a $275 million harbour budget on Monday.";
    const B: &str = "The council approved the harbour budget of $275M on Monday, the mayor said.";

    #[test]
    fn a_briefing_built_by_parallax_verifies() {
        let articles = [article("a", A), article("b", B)];
        let briefing = briefing_of(&articles);
        assert!(!briefing.facts.is_empty());
        assert_eq!(verify(&briefing, &by_id(&articles)), []);
    }

    fn narrative(text: &str, sentences: &[&str]) -> parallax_model::Narrative {
        parallax_model::Narrative {
            axis: "left_right".into(),
            side: "left".into(),
            label: "Left narrative".into(),
            text: text.into(),
            sources: vec![1],
            outlet: "X".into(),
            rating_source: String::new(),
            signals: sentences
                .iter()
                .map(|sentence| parallax_model::NarrativeSignal {
                    sentence: (*sentence).into(),
                    framing: 0.5,
                    loaded_words: Vec::new(),
                    other_side_similarity: 0.0,
                    quoted_share: 0.0,
                    position: 0,
                })
                .collect(),
        }
    }

    #[test]
    fn a_narrative_is_checked_sentence_by_sentence_as_chosen() {
        // The first sentence closes on a quotation the splitter, reading the joined text,
        // would run on into the next one; each sentence is verbatim, apart in the article.
        let quote = "\"The motto was 'E pluribus unum.'\"";
        let second = "Critics piled on weeks later.";
        let text = format!("{quote} He spoke. {second}");
        let articles = [article("a", &text)];
        let mut briefing = briefing_of(&articles);
        let joined = format!("{quote} {second}");
        briefing.narratives = vec![narrative(&joined, &[quote, second])];
        assert_eq!(verify(&briefing, &by_id(&articles)), []);

        // A text that is not its sentences, or a sentence the article lacks, fails.
        briefing.narratives = vec![
            narrative(&format!("{quote} Critics piled on."), &[quote, second]),
            narrative(
                &format!("{quote} Critics piled on."),
                &[quote, "Critics piled on."],
            ),
        ];
        let problems = verify(&briefing, &by_id(&articles));
        let locations: Vec<&str> = problems.iter().map(|p| p.location.as_str()).collect();
        assert_eq!(locations, ["narrative 1", "narrative 2"]);
    }

    #[test]
    fn a_shifted_span_a_foreign_citation_and_an_invented_quote_are_caught() {
        let articles = [
            article("a", A),
            article("b", B),
            article(
                "c",
                "Ferry fares rose by five percent this year, the operator said.",
            ),
        ];
        let mut briefing = briefing_of(&articles);
        let fact = &mut briefing.facts[0];
        fact.support[0].start += 1;
        fact.sources.push(3);
        fact.text = format!("{} \"We will not stop,\" she said.", fact.text);
        let problems: Vec<String> = verify(&briefing, &by_id(&articles))
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            problems.iter().any(|p| p.contains("not the quote")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("cites [3] without a supporting span")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("quoted words \"We will not stop,\"")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("not one of its quoted spans")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_span_that_says_something_else_is_caught() {
        let articles = [
            article("a", A),
            article("b", B),
            article(
                "c",
                "Ferry fares rose by five percent this year, the operator said.",
            ),
        ];
        let mut briefing = briefing_of(&articles);
        let other = &articles[2];
        briefing.facts[0].sources.push(3);
        briefing.facts[0].support.push(parallax_model::Support {
            source: 3,
            article: "c".into(),
            start: 0,
            end: other.char_len(),
            quote: other.text.clone(),
        });
        let problems = verify(&briefing, &by_id(&articles));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0]
            .reason
            .contains("does not say what the fact says"));
    }
}

#[cfg(test)]
mod timeline_tests {
    use super::*;
    use parallax_model::{Coverage, Fact, Source, TimelineEntry};

    fn source(n: u32) -> Source {
        Source {
            n,
            article: format!("a{n}"),
            outlet: "X".into(),
            url: None,
            title: None,
            published: None,
            lean: None,
            syndicated_from: None,
            outlet_id: None,
            ratings: Default::default(),
        }
    }

    fn fact(id: &str, sources: &[u32], day: &str) -> Fact {
        Fact {
            id: id.into(),
            text: String::new(),
            sources: sources.to_vec(),
            support: Vec::new(),
            independent_sources: 1,
            single_source: true,
            disputed: false,
            first_reported: Some(day.into()),
        }
    }

    fn entry(day: &str, sources: &[u32], facts: &[&str]) -> TimelineEntry {
        TimelineEntry {
            day: day.into(),
            sources: sources.to_vec(),
            facts: facts.iter().map(|f| (*f).to_string()).collect(),
            updates: Vec::new(),
        }
    }

    fn briefing(facts: Vec<Fact>, timeline: Vec<TimelineEntry>) -> Briefing {
        Briefing {
            story: "s-1".into(),
            headline: "h".into(),
            lede: String::new(),
            facts,
            contradictions: Vec::new(),
            narratives: Vec::new(),
            sources: (1..=3).map(source).collect(),
            coverage: Coverage::default(),
            omissions: Vec::new(),
            notes: Vec::new(),
            updates: Vec::new(),
            timeline,
        }
    }

    #[test]
    fn a_consistent_timeline_passes() {
        let b = briefing(
            vec![
                fact("f1", &[1, 2], "2026-10-11"),
                fact("f2", &[3], "unknown"),
            ],
            vec![
                entry("2026-10-11", &[1], &["f1"]),
                entry("2026-10-12", &[2], &[]),
                entry("unknown", &[3], &["f2"]),
            ],
        );
        assert_eq!(timeline_problems(&b), []);
    }

    #[test]
    fn days_out_of_order_and_facts_on_the_wrong_day_are_caught() {
        let b = briefing(
            vec![
                fact("f1", &[1, 2], "2026-10-12"),
                fact("f2", &[3], "2026-10-11"),
            ],
            vec![
                entry("unknown", &[3], &[]),
                entry("2026-10-12", &[2], &["f1"]),
                entry("2026-10-11", &[1, 1], &["f9"]),
            ],
        );
        let problems: Vec<String> = timeline_problems(&b)
            .into_iter()
            .map(|(at, why)| format!("{at}: {why}"))
            .collect();
        for expected in [
            "timeline entry 2: 2026-10-12 does not come after unknown",
            "timeline entry 3: 2026-10-11 does not come after 2026-10-12",
            "timeline entry 3: [1] is listed on two days",
            "timeline entry 3: f9 is no fact",
            "f1: listed on 2026-10-12, but its earliest cited source is of Some(\"2026-10-11\")",
            "f2: on no day of the timeline",
        ] {
            assert!(
                problems.iter().any(|p| p == expected),
                "{expected} not in {problems:?}"
            );
        }
    }
}
