//! Whether a headline or a lede reads as news: a whole title or sentence, not a piece of
//! one (a sentence segmenter's cut, a clause torn from its sentence), not cut short with
//! an ellipsis, not opening with a word that points back to text the reader has not seen
//! ("He", "These", "But") and not opening with a section label ("The big picture:",
//! "Why it matters:").
//!
//! The rules are about the form of English news prose in general; none names a story or
//! an outlet.
//!
//! ```
//! use parallax_briefing::{flaw, Flaw};
//!
//! assert_eq!(flaw("The council approved the harbour budget on Monday."), None);
//! assert_eq!(flaw("Eastern Time on Monday at the harbour."), Some(Flaw::Fragment));
//! assert_eq!(flaw("Why it matters: the harbour is the town's biggest employer."), Some(Flaw::Label));
//! assert_eq!(flaw("They voted against the budget."), Some(Flaw::Pronoun));
//! assert_eq!(flaw("The council approved the budget, which…"), Some(Flaw::Truncated));
//! ```

use parallax_text::sentences::ends_like_a_sentence;

/// What keeps a text from reading as a headline or a lede.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flaw {
    /// A piece of a sentence: it starts or ends mid-clause.
    Fragment,
    /// Cut short: it carries an ellipsis, or (a sentence) it stops without a sentence's
    /// end ("… in a campaign that").
    Truncated,
    /// It opens with a pronoun or a connective that needs the sentence before it.
    Pronoun,
    /// It opens with a section label ("The big picture:", "BREAKING:").
    Label,
}

impl Flaw {
    /// A short description, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            Flaw::Fragment => "fragment",
            Flaw::Truncated => "truncated",
            Flaw::Pronoun => "opens with a pronoun or connective",
            Flaw::Label => "opens with a label",
        }
    }
}

/// The first flaw found in a sentence meant for a lede (or a headline made of a fact):
/// those of [`flaw`], and an end that is not a sentence's (final punctuation, possibly
/// inside a closing quotation mark or bracket): a sentence that stops without one was
/// cut short, by its source or on the way.
pub fn sentence_flaw(text: &str) -> Option<Flaw> {
    flaw(text).or_else(|| (!ends_like_a_sentence(text)).then_some(Flaw::Truncated))
}

/// The first flaw found in `text`, or `None` when it reads as a headline or a lede.
/// Titles need no final punctuation; see [`sentence_flaw`] for sentences.
pub fn flaw(text: &str) -> Option<Flaw> {
    let text = text.trim();
    if text.contains('…') || text.contains("...") {
        return Some(Flaw::Truncated);
    }
    if text.is_empty() || starts_mid_clause(text) || ends_mid_phrase(text) || unbalanced(text) {
        return Some(Flaw::Fragment);
    }
    if opens_with_label(text) {
        return Some(Flaw::Label);
    }
    if opens_with_reference_back(text) {
        return Some(Flaw::Pronoun);
    }
    None
}

/// Characters a text may open with before its first word: quotation marks and an
/// opening bracket.
const OPENERS: &[char] = &['"', '“', '‘', '\'', '(', '['];

/// The words of `text`, stripped of surrounding punctuation (apostrophes and hyphens
/// inside a word stay).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
}

/// Name particles that are written in lower case at the start of a sentence
/// ("de Blasio said…", "van der Leyen…").
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "dos", "du", "el", "ibn",
    "la", "le", "ter", "van", "von",
];

/// Time zones and clock-time tails: a sentence never opens with one; one that does is
/// the rest of a clock time whose first half a segmenter cut off ("… at 6:34 a.m. |
/// Pacific Time (1330 GMT) at a rail yard").
const CLOCK_TAILS: &[&str] = &[
    "a.m", "p.m", "gmt", "utc", "bst", "cet", "cest", "et", "pt", "est", "edt", "pst", "pdt",
    "cst", "cdt", "mst", "mdt", "hst", "akst", "akdt", "ist", "jst", "aest", "aedt",
];

/// Regions whose name followed by "Time" or "Standard/Daylight Time" is a time zone.
const ZONE_REGIONS: &[&str] = &[
    "pacific",
    "eastern",
    "central",
    "mountain",
    "atlantic",
    "alaska",
    "hawaii",
    "greenwich",
    "moscow",
    "local",
];

/// The text starts in the middle of a clause: with a lower-case word (not a name
/// particle and not a brand like "iPhone"), with punctuation that continues something
/// ("; and", ", said", ") at"), with a closing quotation mark, or with a time zone.
fn starts_mid_clause(text: &str) -> bool {
    let body = text.trim_start_matches(OPENERS);
    let Some(first) = body.chars().next() else {
        return true;
    };
    if first.is_alphabetic() {
        let word = body.split_whitespace().next().unwrap_or("");
        let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if first.is_lowercase() {
            let brand = bare.chars().skip(1).any(char::is_uppercase);
            let particle = PARTICLES.contains(&bare)
                && body
                    .split_whitespace()
                    .nth(1)
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_uppercase);
            if !brand && !particle {
                return true;
            }
        }
        let lower = bare.to_lowercase();
        if CLOCK_TAILS.contains(&lower.as_str()) {
            return true;
        }
        let mut next = words(body).skip(1);
        if ZONE_REGIONS.contains(&lower.as_str()) {
            let second = next.next().unwrap_or("").to_lowercase();
            let third = next.next().unwrap_or("").to_lowercase();
            if second == "time"
                || (matches!(second.as_str(), "standard" | "daylight") && third == "time")
            {
                return true;
            }
        }
        return false;
    }
    // Digits, currency and other symbols open figures ("12 people…", "$4 million…");
    // punctuation that joins or closes continues a sentence begun elsewhere.
    matches!(
        first,
        ',' | ';'
            | ':'
            | '.'
            | ')'
            | ']'
            | '}'
            | '”'
            | '’'
            | '-'
            | '–'
            | '—'
            | '/'
            | '&'
            | '!'
            | '?'
    )
}

/// Words that cannot end a title or a sentence: articles, prepositions that need an
/// object, conjunctions and possessives that need a noun.
const DANGLING: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "to",
    "for",
    "with",
    "and",
    "or",
    "nor",
    "but",
    "from",
    "by",
    "at",
    "into",
    "onto",
    "than",
    "his",
    "their",
    "its",
    "our",
    "my",
    "your",
    "whose",
    "whether",
    "if",
    "because",
    "including",
];

/// The text ends in the middle of a phrase: on a joining punctuation mark or on a word
/// that needs more after it ("… the council voted to", "… at a rail yard of the").
fn ends_mid_phrase(text: &str) -> bool {
    let text = text.trim_end();
    if text.ends_with([',', ';', ':', '-', '–', '—', '(', '[', '“', '‘', '/', '&']) {
        return true;
    }
    // A word before the final punctuation.
    let last = text
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let ends_bare = text.ends_with(|c: char| c.is_alphanumeric());
    let ends_full_stop = text.ends_with(['.', '!', '?']);
    // "… voted to." or "… voted to" both end mid-phrase; a quotation closing after the
    // word ("… 'and'") may be a word quoted as such, so it is left alone.
    (ends_bare || ends_full_stop) && DANGLING.contains(&last.to_lowercase().as_str())
}

/// Brackets or quotation marks that close before they open (the text starts inside a
/// parenthesis or a quotation) or open and never close (it was cut inside one).
fn unbalanced(text: &str) -> bool {
    let (mut round, mut square, mut quoted) = (0i32, 0i32, 0i32);
    for c in text.chars() {
        match c {
            '(' => round += 1,
            ')' => round -= 1,
            '[' => square += 1,
            ']' => square -= 1,
            '“' => quoted += 1,
            '”' => quoted -= 1,
            _ => {}
        }
        if round < 0 || square < 0 || quoted < 0 {
            return true;
        }
    }
    // A quotation may run on into the next paragraph (news style leaves it open there),
    // so an open quotation mark is no fault; an open bracket is.
    round > 0 || square > 0
}

/// Section labels of news writing, lower case: the text before a colon, a bar or a dash
/// at the start of a title or sentence that names a section, not the news.
const LABELS: &[&str] = &[
    "analysis",
    "background",
    "be smart",
    "between the lines",
    "bonus",
    "bottom line",
    "breaking",
    "breaking news",
    "by the numbers",
    "catch up quick",
    "clarification",
    "commentary",
    "context",
    "correction",
    "details",
    "developing",
    "driving the news",
    "editorial",
    "editor's note",
    "editor’s note",
    "exclusive",
    "explainer",
    "fact check",
    "factbox",
    "first on",
    "flashback",
    "go deeper",
    "highlights",
    "icymi",
    "key points",
    "latest",
    "listen",
    "live",
    "live updates",
    "must read",
    "news",
    "note",
    "of note",
    "opinion",
    "photos",
    "podcast",
    "quick take",
    "read more",
    "reality check",
    "related",
    "state of play",
    "takeaways",
    "the backstory",
    "the catch",
    "the latest",
    "timeline",
    "update",
    "updated",
    "video",
    "watch",
    "what to watch",
    "where it stands",
    "yes but",
    "yes, but",
    "zoom in",
    "zoom out",
];

/// Interrogatives that open a section label ("Why it matters:", "What's next:").
const LABEL_QUESTIONS: &[&str] = &[
    "why", "what", "what's", "what’s", "how", "where", "who", "when",
];

/// The text opens with a section label: a short lead-in before a colon (or a bar or a
/// dash) that is a known label, an interrogative phrase ("Why it matters:"), or "The"
/// with lower-case words only ("The big picture:").
fn opens_with_label(text: &str) -> bool {
    // A source tag in brackets ("(CNN)", "[Reuters]") opening the text.
    if let Some(rest) = text.strip_prefix(['(', '[']) {
        if let Some(close) = rest.find([')', ']']) {
            let tag = &rest[..close];
            let words = tag.split_whitespace().count();
            if (1..=3).contains(&words) && tag.chars().next().is_some_and(char::is_uppercase) {
                return true;
            }
        }
    }
    let body = text.trim_start_matches(OPENERS);
    let cut = [": ", " | ", " - ", " — ", " – "]
        .iter()
        .filter_map(|sep| body.find(sep).map(|at| (at, *sep)))
        .min_by_key(|(at, _)| *at);
    let (prefix, separator) = match cut {
        Some((at, sep)) => (&body[..at], sep),
        None if body.ends_with(':') => (&body[..body.len() - 1], ": "),
        None => return false,
    };
    let prefix_words: Vec<&str> = prefix.split_whitespace().collect();
    if prefix_words.is_empty() || prefix_words.len() > 5 {
        return false;
    }
    let lower = prefix.trim().to_lowercase();
    if LABELS.contains(&lower.as_str())
        || ["first on ", "here's ", "here’s ", "here is ", "here are "]
            .iter()
            .any(|p| lower.starts_with(p))
    {
        return true;
    }
    if separator != ": " {
        return false;
    }
    let first = prefix_words[0].to_lowercase();
    let rest_lower = prefix_words[1..]
        .iter()
        .all(|w| w.chars().next().is_some_and(|c| !c.is_uppercase()));
    (LABEL_QUESTIONS.contains(&first.as_str()) && rest_lower)
        || (first == "the" && prefix_words.len() >= 2 && rest_lower)
}

/// A title without the section label it opens with ("OPINION: Council approves budget"
/// → "Council approves budget"), when that is its only flaw and the rest reads as news.
pub fn without_label(title: &str) -> Option<&str> {
    let title = title.trim();
    if flaw(title) != Some(Flaw::Label) {
        return None;
    }
    let rest = [": ", " | ", " - ", " — ", " – ", ")", "]"]
        .iter()
        .filter_map(|sep| title.find(sep).map(|at| &title[at + sep.len()..]))
        .min_by_key(|rest| std::cmp::Reverse(rest.len()))?
        .trim_start_matches([' ', '-', '—', '–', ':'])
        .trim();
    (flaw(rest).is_none() && rest.split_whitespace().count() >= 3).then_some(rest)
}

/// Pronouns and connectives that point back to a sentence the reader has not seen.
const REFERENCES_BACK: &[&str] = &[
    "he",
    "she",
    "it",
    "they",
    "him",
    "them",
    "his",
    "its",
    "their",
    "theirs",
    "we",
    "us",
    "our",
    "i",
    "my",
    "you",
    "your",
    "this",
    "these",
    "those",
    "that",
    "such",
    "but",
    "and",
    "or",
    "nor",
    "so",
    "yet",
    "also",
    "however",
    "instead",
    "moreover",
    "furthermore",
    "therefore",
    "thus",
    "hence",
    "nevertheless",
    "nonetheless",
    "meanwhile",
    "besides",
    "additionally",
    "likewise",
    "similarly",
    "otherwise",
    "then",
    "still",
];

/// Nouns after which "this" or "that" names a time, not something said before ("This
/// week the council…").
const TIME_NOUNS: &[&str] = &[
    "week",
    "weekend",
    "year",
    "month",
    "morning",
    "afternoon",
    "evening",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
    "season",
    "decade",
    "century",
    "quarter",
];

/// The text opens with a word that needs the sentence before it: a pronoun ("He", "It's",
/// "These") or a connective ("But", "However,"). A text that opens with a quotation is
/// exempt: its attribution says who speaks. An all-capitals word is an acronym ("US",
/// "IT"), not a pronoun.
fn opens_with_reference_back(text: &str) -> bool {
    if text.starts_with(['"', '“']) {
        return quotation_points_back(text);
    }
    if text.starts_with(OPENERS) {
        return false;
    }
    let mut found = text.split_whitespace();
    let Some(first) = found.next() else {
        return false;
    };
    // "It's", "They’re": the pronoun before the apostrophe.
    let bare = first
        .split(['\'', '’'])
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric());
    if bare.chars().count() > 1 && bare.chars().all(|c| !c.is_lowercase()) {
        return false;
    }
    let lower = bare.to_lowercase();
    if !REFERENCES_BACK.contains(&lower.as_str()) {
        return subject_after_opening_phrase(text);
    }
    if lower == "this" || lower == "that" {
        let next = found
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if TIME_NOUNS.contains(&next.as_str()) {
            return false;
        }
    }
    // "Still," and "Then," are connectives; "Still photos…" or "Then-President…" are not.
    if (lower == "still" || lower == "then") && !first.ends_with(',') {
        return false;
    }
    true
}

/// The main clause, after an opening phrase set off by a comma ("With the crowd
/// cheering, he added…", "On Tuesday, they said…"), has a pronoun for its subject.
fn subject_after_opening_phrase(text: &str) -> bool {
    let mut found = text.split_whitespace();
    for _ in 0..8 {
        let Some(word) = found.next() else {
            return false;
        };
        if word.ends_with(',') {
            let next = found
                .next()
                .unwrap_or("")
                .split(['\'', '’'])
                .next()
                .unwrap_or("")
                .trim_matches(|c: char| !c.is_alphanumeric());
            // "I" is the pronoun; other all-capitals words are acronyms ("IT workers").
            let acronym = next.chars().count() > 1 && next.chars().all(|c| !c.is_lowercase());
            return !acronym && SPEAKER_PRONOUNS.contains(&next.to_lowercase().as_str());
        }
    }
    false
}

/// Pronouns that can say who speaks.
const SPEAKER_PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it"];

/// Verbs that attribute a quotation.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "told",
    "tells",
    "wrote",
    "writes",
    "tweeted",
    "asked",
    "continued",
    "explained",
    "declared",
    "insisted",
    "argued",
    "noted",
    "warned",
    "stated",
];

/// A text that opens with a quotation points back when the quotation stands alone (it
/// ends the text, so its own first word must not point back) or when its attribution
/// is a pronoun ("…,” he said").
fn quotation_points_back(text: &str) -> bool {
    let inner = text.trim_start_matches(['"', '“']);
    let close = inner.find(['"', '”']);
    let rest = close
        .map_or("", |at| &inner[at..])
        .trim_start_matches(['"', '”']);
    // The attribution belongs to the quotation's own sentence.
    let rest = rest
        .find(". ")
        .or_else(|| rest.find("! "))
        .or_else(|| rest.find("? "))
        .map_or(rest, |end| &rest[..end]);
    let rest_words: Vec<String> = words(rest).take(8).map(str::to_lowercase).collect();
    if rest_words.is_empty() {
        let quoted = close.map_or(inner, |at| &inner[..at]);
        return !quoted.starts_with(OPENERS) && opens_with_reference_back(quoted.trim());
    }
    rest_words.windows(2).any(|pair| {
        SPEAKER_PRONOUNS.contains(&pair[0].as_str()) && SPEECH_VERBS.contains(&pair[1].as_str())
    }) || (rest_words.len() >= 2
        && SPEECH_VERBS.contains(&rest_words[0].as_str())
        && SPEAKER_PRONOUNS.contains(&rest_words[1].as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_sentences_and_titles_pass() {
        for text in [
            "The council approved the harbour budget on Monday.",
            "Harbour budget approved after a six-hour debate",
            "12 people were hurt when the ferry hit the pier, the coastguard said.",
            "$4 million in repairs: what the storm cost the port",
            "“We will rebuild,” the mayor said on Tuesday.",
            "'We will not back down': union vows to keep striking",
            "de Rosa wins the mayoral race in Lowmere",
            "iPhone sales fell for a third quarter in a row.",
            "US and EU agree on steel tariffs",
            "This week the council meets again to vote on the budget.",
            "Still photographers were kept away from the rail yard.",
            "Ferry strike: unions and operators meet again on Friday",
            "Lowmere: evacuation order lifted after air tests",
            "The water main that burst on Main Street was repaired by Friday.",
            "Then-mayor Ada Stone signed the contract in 2019.",
            "The fire was put out at 6:34 a.m. Pacific Time, officials said.",
            "“It was terrifying,” said Ada Stone, who lives by the plant.",
            "“We are ready,” Ada Stone said. The union, she said, would vote on Friday.",
            "On Tuesday, IT workers at the port joined the strike.",
            "In Lowmere, the council approved the budget, which it had rejected in May.",
            "\"We will rebuild,\" Mayor Ada Stone told reporters on Tuesday.",
        ] {
            assert_eq!(flaw(text), None, "{text}");
        }
        for sentence in [
            "The council approved the harbour budget on Monday.",
            "“We will rebuild,” the mayor said.",
            "The mayor said the town would rebuild (with help from the region).",
        ] {
            assert_eq!(sentence_flaw(sentence), None, "{sentence}");
        }
    }

    #[test]
    fn a_sentence_without_its_end_was_cut_short() {
        for text in [
            "The council approved the harbour budget on Monday after a debate that",
            "The union warned that the strike would spread to the islands and the countrie",
        ] {
            assert_eq!(sentence_flaw(text), Some(Flaw::Truncated), "{text}");
        }
        // A title needs no final punctuation.
        assert_eq!(flaw("Council approves harbour budget"), None);
    }

    #[test]
    fn a_quotation_attributed_to_a_pronoun_points_back() {
        for text in [
            "“It was terrifying,” she said on Tuesday.",
            "\"We will not back down,\" they said in a statement.",
            "“We will be intervening in the harbour case. This is the big one!”",
            "“Keep your advice,” said he, to cheers.",
            "With the crowd cheering, he added that the union would not back down.",
            "On Tuesday, they said the strike would go on.",
            "Asked about the vote, I said nothing.",
        ] {
            assert_eq!(flaw(text), Some(Flaw::Pronoun), "{text}");
        }
    }

    #[test]
    fn pieces_of_sentences_are_fragments() {
        for text in [
            "Eastern Time (1100 GMT) at the depot of the regional ferry line",
            "Pacific Standard Time at the depot, officials said.",
            "GMT on Monday at the port.",
            "a.m. on Monday at the depot of the ferry line.",
            "at a depot of the regional ferry line on the north shore",
            "which the council approved on Monday.",
            ", the mayor said on Tuesday.",
            "1100 GMT) at the depot of the regional ferry line",
            "” the mayor said on Tuesday.",
            "The council voted on Monday to",
            "The council approved the budget for the",
            "The council approved the budget (after a six-hour debate",
            "Council approves harbour budget,",
        ] {
            assert_eq!(flaw(text), Some(Flaw::Fragment), "{text}");
        }
    }

    #[test]
    fn ellipses_mark_truncation() {
        for text in [
            "The council approved the budget after a long debate about…",
            "The council approved the budget... and then adjourned.",
            "Harbour budget approved …",
        ] {
            assert_eq!(flaw(text), Some(Flaw::Truncated), "{text}");
        }
    }

    #[test]
    fn pronouns_and_connectives_that_point_back_are_caught() {
        for text in [
            "He said the budget would pass on Monday.",
            "She resigned on Friday.",
            "They voted against the harbour budget.",
            "It's the third strike this year.",
            "This is the biggest budget in the town's history.",
            "These include two new ferries and a seawall.",
            "Those measures were rejected in March.",
            "But the council approved the budget anyway.",
            "However, the union rejected the offer.",
            "Meanwhile, the ferries kept running.",
            "Still, the vote was close.",
            "We need to talk about the harbour budget",
            "I was wrong about the harbour",
        ] {
            assert_eq!(flaw(text), Some(Flaw::Pronoun), "{text}");
        }
    }

    #[test]
    fn section_labels_are_caught() {
        for text in [
            "The big picture: the harbour is the town's biggest employer.",
            "Why it matters: the harbour is the town's biggest employer.",
            "What's next: the council votes again on Friday.",
            "BREAKING: council approves harbour budget",
            "Opinion | The harbour budget is a mistake",
            "Driving the news: The council approved the budget on Monday.",
            "The Latest: Council approves harbour budget",
            "Watch - the council debates the harbour budget",
            "Here’s what we know: the council approved the budget on Monday.",
            "(Wire Service) The council approved the harbour budget on Monday.",
            "(WNS)The council approved the harbour budget on Monday.",
        ] {
            assert_eq!(flaw(text), Some(Flaw::Label), "{text}");
        }
    }

    #[test]
    fn a_label_can_be_taken_off_a_title() {
        assert_eq!(
            without_label("OPINION: Council approves the harbour budget"),
            Some("Council approves the harbour budget")
        );
        assert_eq!(
            without_label("(Wire Service) Council approves the harbour budget"),
            Some("Council approves the harbour budget")
        );
        assert_eq!(without_label("Council approves the harbour budget"), None);
        assert_eq!(without_label("Why it matters: they voted"), None);
        assert_eq!(without_label("BREAKING:"), None);
    }

    #[test]
    fn flaws_never_panic_on_odd_text() {
        for text in [
            "", " ", "…", "(", ")", "“", ":", "a", "A", "é", "日本", "’s", "- -",
        ] {
            let _ = flaw(text);
        }
        assert_eq!(flaw(""), Some(Flaw::Fragment));
    }
}
