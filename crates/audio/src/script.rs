//! The spoken script of a briefing: what a listener hears, in the order a reader would
//! read it, with nothing that only works on a page (citation numbers, Markdown, links).

use std::collections::BTreeSet;

use parallax_model::{Briefing, Source, UNKNOWN_OUTLET};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::spoken::{cardinal, for_speech};

/// Words of one item (headline, lede, fact, claim, narrative) read at most: a
/// 10,000-word "fact" is bad input, and a listener is better served by its start and a
/// pointer to the written briefing than by an hour of it.
pub const MAX_ITEM_WORDS: usize = 150;

/// Words of a whole script read at most (about twenty minutes at the default rate): the
/// bound on synthesis time whatever the briefing holds.
pub const MAX_SCRIPT_WORDS: usize = 3_500;

/// What is said when an item or the script is cut short.
const CUT: &str = "The rest is in the written briefing.";

/// A briefing's spoken script: paragraphs of plain sentences.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Script {
    /// The headline as spoken (also the title of the audio file).
    pub title: String,
    /// Paragraphs in reading order; each ends with a full stop or other sentence end.
    pub paragraphs: Vec<String>,
}

impl Script {
    /// The script as plain text: one paragraph a line, a blank line between them.
    pub fn text(&self) -> String {
        let mut text = self.paragraphs.join("\n\n");
        text.push('\n');
        text
    }

    /// The script as SSML 1.0 (`<speak>` with one `<p>` a paragraph), every text escaped.
    pub fn ssml(&self) -> String {
        let mut writer = Writer::new(Vec::new());
        // Writing to a Vec cannot fail: the results are io::Results only by signature.
        let _ = writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        let _ = writer.write_event(Event::Text(BytesText::from_escaped("\n")));
        let speak = BytesStart::new("speak").with_attributes([
            ("version", "1.0"),
            ("xmlns", "http://www.w3.org/2001/10/synthesis"),
            ("xml:lang", "en-US"),
        ]);
        let _ = writer.write_event(Event::Start(speak));
        for paragraph in &self.paragraphs {
            let _ = writer.write_event(Event::Text(BytesText::from_escaped("\n")));
            let _ = writer
                .create_element("p")
                .write_text_content(BytesText::new(paragraph));
        }
        let _ = writer.write_event(Event::Text(BytesText::from_escaped("\n")));
        let _ = writer.write_event(Event::End(BytesEnd::new("speak")));
        let mut ssml = String::from_utf8_lossy(&writer.into_inner()).into_owned();
        ssml.push('\n');
        ssml
    }

    /// Words in the script (what the speaking rate is counted in).
    pub fn words(&self) -> usize {
        self.paragraphs
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum()
    }
}

/// The spoken script of `briefing`: headline, lede, the facts (each with how many
/// outlets report it, never citation numbers), the contradictions ("Outlets disagree
/// on …"), how figures changed, each narrative introduced by its side and outlet ("The
/// establishment-critical narrative, as provided by …"), and the coverage. Numbers,
/// dates, currencies and abbreviations are written for speech; the script is never
/// empty and never longer than [`MAX_SCRIPT_WORDS`].
pub fn script(briefing: &Briefing) -> Script {
    let mut paragraphs = Vec::new();
    let title = sentence(&briefing.headline);
    paragraphs.push(if title.is_empty() {
        "An untitled briefing.".to_string()
    } else {
        title.clone()
    });
    let lede = sentence(&briefing.lede);
    if !lede.is_empty() && lede != title {
        paragraphs.push(lede);
    }
    facts(briefing, &mut paragraphs);
    contradictions(briefing, &mut paragraphs);
    updates(briefing, &mut paragraphs);
    narratives(briefing, &mut paragraphs);
    coverage(briefing, &mut paragraphs);
    Script {
        title: if title.is_empty() {
            "Untitled briefing".into()
        } else {
            title.trim_end_matches(['.', '!', '?']).to_string()
        },
        paragraphs: bounded(paragraphs),
    }
}

fn facts(b: &Briefing, out: &mut Vec<String>) {
    if b.facts.is_empty() {
        out.push("No facts could be established from these sources.".into());
        return;
    }
    let count = b.facts.len();
    out.push(if count == 1 {
        "One fact.".into()
    } else {
        format!("{} facts.", capitalised(&cardinal(count as u64)))
    });
    for fact in &b.facts {
        let mut paragraph = sentence(&fact.text);
        if paragraph.is_empty() {
            continue;
        }
        let named = outlets(b, &fact.sources);
        // Sources without an outlet name cannot be told apart by name: each counts.
        let reporting = named.len() + unnamed_sources(b, &fact.sources);
        match (reporting, named.as_slice()) {
            (0, _) => {}
            (1, [only]) => {
                paragraph.push_str(&format!(" Reported only by {}.", spoken_name(only)));
            }
            (1, _) => paragraph.push_str(" Reported by one outlet."),
            (many, _) => {
                paragraph.push_str(&format!(" Reported by {} outlets.", cardinal(many as u64)));
            }
        }
        if fact.disputed {
            paragraph.push_str(" Its figure is disputed.");
        }
        out.push(paragraph);
    }
}

fn contradictions(b: &Briefing, out: &mut Vec<String>) {
    for c in &b.contradictions {
        let mut paragraph = format!("Outlets disagree on {}.", clause(&c.about));
        for claim in &c.claims {
            let names = outlets(b, &claim.sources);
            let who = if names.is_empty() {
                "One report".to_string()
            } else {
                list(&names.iter().map(|n| spoken_name(n)).collect::<Vec<_>>())
            };
            let says = if names.len() > 1 { "say" } else { "says" };
            paragraph.push_str(&format!(" {who} {says}: {}", sentence(&claim.text)));
        }
        out.push(paragraph);
    }
}

fn updates(b: &Briefing, out: &mut Vec<String>) {
    for update in &b.updates {
        let values: Vec<String> = update
            .values
            .iter()
            .map(|v| match &v.day {
                Some(day) if day != "unknown" => {
                    format!("{} on {}", clause(&v.value), clause(day))
                }
                _ => clause(&v.value),
            })
            .collect();
        if values.is_empty() {
            continue;
        }
        out.push(format!(
            "The figure for {} changed: {}.",
            clause(&update.about),
            values.join(", then ")
        ));
    }
}

fn narratives(b: &Briefing, out: &mut Vec<String>) {
    if b.narratives.is_empty() {
        out.push("No competing narratives were found.".into());
        return;
    }
    for n in &b.narratives {
        let label = clause(&n.label);
        let label = lower_first(&label);
        let outlet = spoken_name(&n.outlet);
        let by = if outlet.is_empty() {
            String::new()
        } else {
            format!(", as provided by {outlet}")
        };
        out.push(format!("The {label}{by}: {}", sentence(&n.text)));
    }
}

fn coverage(b: &Briefing, out: &mut Vec<String>) {
    let c = &b.coverage;
    let parts: Vec<String> = [
        (c.left, "left-leaning"),
        (c.center, "centre"),
        (c.right, "right-leaning"),
        (c.unrated, "unrated"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, side)| format!("{} {side}", cardinal(u64::from(*n))))
    .collect();
    if !parts.is_empty() {
        out.push(format!(
            "Independent sources in this briefing: {}.",
            list(&parts)
        ));
    }
}

/// The sources behind source numbers.
fn cited<'b>(b: &'b Briefing, sources: &'b [u32]) -> impl Iterator<Item = &'b Source> {
    sources
        .iter()
        .filter_map(|n| b.sources.iter().find(|s| s.n == *n))
}

/// Whether a source's outlet has no name (the briefing's placeholder, or blank).
fn unnamed(source: &Source) -> bool {
    source.outlet.trim().is_empty() || source.outlet == UNKNOWN_OUTLET
}

/// The distinct named outlets behind source numbers, in order of first mention.
fn outlets(b: &Briefing, sources: &[u32]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    cited(b, sources)
        .filter(|s| !unnamed(s) && seen.insert(s.outlet.to_lowercase()))
        .map(|s| s.outlet.clone())
        .collect()
}

/// How many of the sources behind source numbers have no outlet name.
fn unnamed_sources(b: &Briefing, sources: &[u32]) -> usize {
    cited(b, sources).filter(|s| unnamed(s)).count()
}

/// An outlet's name as spoken (it may hold markup or symbols like any input).
fn spoken_name(name: &str) -> String {
    for_speech(name)
        .trim_end_matches(['.', ',', ';', ':'])
        .to_string()
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Text for speech, capped, as a sentence with a closing stop (empty stays empty).
fn sentence(text: &str) -> String {
    let mut s = capped(&for_speech(text));
    // A sentence may close inside its quotation: `… "heading the right way."`.
    let closed = s
        .trim_end_matches(['"', '\'', ')'])
        .ends_with(['.', '!', '?']);
    if !s.is_empty() && !closed {
        s = s.trim_end_matches([',', ';', ':', '-']).to_string();
        s.push('.');
    }
    // "$85M will pay…" is now "eighty-five million dollars will pay…".
    capitalised(&s)
}

/// Text for speech, capped, to sit inside a sentence (no closing stop).
fn clause(text: &str) -> String {
    capped(&for_speech(text))
        .trim_end_matches(['.', ',', ';', ':'])
        .to_string()
}

/// At most [`MAX_ITEM_WORDS`] words, with a pointer to the written briefing when cut.
fn capped(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= MAX_ITEM_WORDS {
        return text.to_string();
    }
    let mut kept = words[..MAX_ITEM_WORDS].join(" ");
    kept = kept.trim_end_matches([',', ';', ':', '-']).to_string();
    format!("{kept}... {CUT}")
}

/// The paragraphs up to [`MAX_SCRIPT_WORDS`] words in all, with a closing pointer to
/// the written briefing when some are left out.
fn bounded(paragraphs: Vec<String>) -> Vec<String> {
    let mut total = 0;
    let mut kept = Vec::new();
    for p in paragraphs {
        let words = p.split_whitespace().count();
        if total + words > MAX_SCRIPT_WORDS {
            kept.push(CUT.to_string());
            break;
        }
        total += words;
        kept.push(p);
    }
    kept
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// "establishment-critical narrative" from "Establishment-critical narrative"; a name
/// in capitals ("EU-sceptic") or a proper noun after a prefix ("Pro-Kyiv") keeps its case.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::{
        Contradiction, ContradictionClaim, Coverage, Fact, Narrative, Ratings, Source,
    };

    fn source(n: u32, outlet: &str) -> Source {
        Source {
            n,
            article: format!("a{n}"),
            outlet: outlet.into(),
            url: None,
            title: None,
            published: None,
            lean: None,
            syndicated_from: None,
            outlet_id: None,
            ratings: Ratings::new(),
        }
    }

    fn fact(id: &str, text: &str, sources: &[u32]) -> Fact {
        Fact {
            id: id.into(),
            text: text.into(),
            sources: sources.to_vec(),
            support: Vec::new(),
            independent_sources: sources.len() as u32,
            single_source: sources.len() == 1,
            disputed: false,
            first_reported: None,
        }
    }

    fn narrative(label: &str, outlet: &str, text: &str) -> Narrative {
        Narrative {
            axis: "establishment".into(),
            side: "critical".into(),
            label: label.into(),
            text: text.into(),
            sources: vec![1],
            outlet: outlet.into(),
            rating_source: "test".into(),
            signals: Vec::new(),
        }
    }

    fn briefing() -> Briefing {
        Briefing {
            story: "s-1".into(),
            headline: "Bank of Calder holds its rate at 4.5%".into(),
            lede: "The central bank kept its main rate on Tuesday.".into(),
            facts: vec![
                fact(
                    "f1",
                    "The bank kept its rate at 4.5% on 2026-10-14.",
                    &[1, 2, 3],
                ),
                fact("f2", "Dr. Vale voted for a cut.", &[2]),
                fact(
                    "f3",
                    "Tom said \"rates are heading the right way.\"",
                    &[1, 2, 3],
                ),
            ],
            contradictions: vec![Contradiction {
                about: "the number of dissenting votes".into(),
                claims: vec![
                    ContradictionClaim {
                        text: "Two members dissented.".into(),
                        sources: vec![1],
                    },
                    ContradictionClaim {
                        text: "Three members dissented.".into(),
                        sources: vec![2, 3],
                    },
                ],
            }],
            narratives: vec![
                narrative(
                    "Establishment-critical narrative",
                    "The Harbor Ledger",
                    "Savers lose again[1].",
                ),
                narrative(
                    "Pro-establishment narrative",
                    "Civic Dispatch",
                    "A prudent **pause**.",
                ),
            ],
            sources: vec![
                source(1, "The Harbor Ledger"),
                source(2, "Civic Dispatch"),
                source(3, "Open Signal"),
            ],
            coverage: Coverage {
                left: 2,
                center: 1,
                right: 0,
                unrated: 0,
                axes: Vec::new(),
            },
            omissions: Vec::new(),
            notes: Vec::new(),
            updates: Vec::new(),
            timeline: Vec::new(),
        }
    }

    #[test]
    fn the_script_reads_like_speech() {
        let text = script(&briefing()).text();
        for expected in [
            "Bank of Calder holds its rate at four point five percent.\n\nThe central bank kept its main rate on Tuesday.",
            "Three facts.",
            "The bank kept its rate at four point five percent on October fourteenth, twenty twenty-six. Reported by three outlets.",
            "Doctor Vale voted for a cut. Reported only by Civic Dispatch.",
            "Outlets disagree on the number of dissenting votes. The Harbor Ledger says: Two members dissented. Civic Dispatch and Open Signal say: Three members dissented.",
            "The establishment-critical narrative, as provided by The Harbor Ledger: Savers lose again.",
            "The pro-establishment narrative, as provided by Civic Dispatch: A prudent pause.",
            "Tom said \"rates are heading the right way.\" Reported by three outlets.",
            "Independent sources in this briefing: two left-leaning and one centre.",
        ] {
            assert!(text.contains(expected), "{expected:?} not in\n{text}");
        }
        assert!(!text.contains('['), "{text}");
        assert!(!text.contains('*'), "{text}");
    }

    #[test]
    fn sources_without_an_outlet_name_each_count_and_are_never_named() {
        let mut b = briefing();
        b.sources = vec![
            source(1, UNKNOWN_OUTLET),
            source(2, UNKNOWN_OUTLET),
            source(3, "Open Signal"),
        ];
        let text = script(&b).text();
        for expected in [
            "on October fourteenth, twenty twenty-six. Reported by three outlets.",
            "Doctor Vale voted for a cut. Reported by one outlet.",
            "One report says: Two members dissented. Open Signal says: Three members dissented.",
        ] {
            assert!(text.contains(expected), "{expected:?} not in\n{text}");
        }
        assert!(!text.contains(UNKNOWN_OUTLET), "{text}");
    }

    #[test]
    fn ssml_wraps_escaped_paragraphs() {
        let mut b = briefing();
        b.headline = "Rates & votes <b>up</b>".into();
        let ssml = script(&b).ssml();
        assert!(
            ssml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<speak version=\"1.0\""),
            "{ssml}"
        );
        assert!(ssml.contains("<p>Rates and votes up.</p>"), "{ssml}");
        assert!(ssml.trim_end().ends_with("</speak>"));
        let mut b = briefing();
        b.facts[0].text = "Tom said \"x\" <b>".into();
        assert!(
            script(&b).ssml().contains("<p>Tom said &quot;x&quot;"),
            "{}",
            script(&b).ssml()
        );
    }

    #[test]
    fn empty_and_huge_briefings_are_bounded_and_never_empty() {
        let mut b = briefing();
        b.headline.clear();
        b.lede.clear();
        b.facts.clear();
        b.narratives.clear();
        b.contradictions.clear();
        b.coverage = Coverage::default();
        let s = script(&b);
        assert_eq!(
            s.text(),
            "An untitled briefing.\n\nNo facts could be established from these sources.\n\nNo competing narratives were found.\n"
        );
        let mut b = briefing();
        b.facts[0].text = "word ".repeat(10_000);
        b.facts = std::iter::repeat_n(b.facts[0].clone(), 40).collect();
        let s = script(&b);
        assert!(s.words() <= MAX_SCRIPT_WORDS + 10, "{}", s.words());
        assert!(s.text().contains(CUT));
    }
}
