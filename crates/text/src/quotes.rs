//! Direct quotes and who said them.
//!
//! [`quotes`] finds the quoted passages of a text — between straight `"..."`, curly `“...”`,
//! `«...»`, and single `‘...’` / `'...'` marks when they clearly quote at least two words rather
//! than mark an apostrophe (`don't`, `Russia's`, `'90s`) — and the speaker phrase attached to each
//! by the usual news patterns: `"...," said NAME`, `"...," NAME said`, `NAME said: "..."`,
//! `NAME told reporters that "..."`, `"...", according to NAME`. [`attribution`] finds the speaker
//! of a reported-speech sentence without quote marks (`"X said that ..."`, `"according to X"`).
//!
//! Speakers are kept verbatim (`"Defense Secretary Lloyd Austin"`, `"the ministry"`, `"she"`);
//! nothing is resolved. A quote never runs across a blank line (`"\n\n"`). Offsets are code-point
//! offsets into the analysed text; a quote's offsets cover the words inside the marks.
//!
//! ```
//! use parallax_text::quotes::{attribution, quotes};
//!
//! let text = "\"We are ready,\" Defense Secretary Lloyd Austin said on Tuesday.";
//! let found = quotes(text);
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].text, "We are ready,");
//! assert_eq!((found[0].start, found[0].end), (1, 14));
//! let speaker = found[0].speaker.as_ref().unwrap();
//! assert_eq!(speaker.name, "Defense Secretary Lloyd Austin");
//!
//! let speaker = attribution("The troops will stay, according to the Pentagon.").unwrap();
//! assert_eq!(speaker.name, "the Pentagon");
//! ```

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::offsets::CharCounter;

/// A direct quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// Code-point offset of the first quoted character inside the quote marks (surrounding
    /// whitespace excluded).
    pub start: usize,
    /// Code-point offset just past the last quoted character, before the closing mark.
    pub end: usize,
    /// The quoted words verbatim, equal to the text between `start` and `end`.
    pub text: String,
    /// Who said it, when the text attributes the quote.
    pub speaker: Option<Speaker>,
}

/// The phrase naming who said something.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    /// Code-point offset where the speaker phrase starts.
    pub start: usize,
    /// Code-point offset just past the end of the speaker phrase.
    pub end: usize,
    /// The speaker phrase verbatim: `"Defense Secretary Lloyd Austin"`, `"the ministry"`, `"she"`.
    pub name: String,
}

/// Finds the direct quotes of `text` in order, each with its speaker when one is attributed.
pub fn quotes(text: &str) -> Vec<Quote> {
    let mut found: Vec<(RawQuote, Option<(usize, usize)>)> = Vec::new();
    for (para_start, para_end) in paragraphs(text) {
        let doubles = double_quotes(text, para_start, para_end);
        let singles = single_quotes(text, para_start, para_end, &doubles);
        let mut all: Vec<RawQuote> = doubles.into_iter().chain(singles).collect();
        all.sort_by_key(|q| (q.open, std::cmp::Reverse(q.close_end)));
        // Keep outer quotes only (a British single-quoted quote holding a double-quoted title).
        let mut outer: Vec<RawQuote> = Vec::with_capacity(all.len());
        for q in all {
            if outer.last().is_none_or(|last| q.open >= last.close_end) {
                outer.push(q);
            }
        }
        for (i, q) in outer.iter().enumerate() {
            let next_open = outer.get(i + 1).map_or(para_end, |n| n.open);
            let prev_close = i
                .checked_sub(1)
                .and_then(|p| outer.get(p))
                .map_or(para_start, |p| p.close_end);
            let speaker = speaker_after(text, q, next_open)
                .or_else(|| speaker_before(text, prev_close, q.open));
            found.push((*q, speaker));
        }
    }
    let mut counter = CharCounter::new(text);
    found
        .into_iter()
        .map(|(q, speaker)| {
            let start = counter.char_offset(q.inner_start);
            let end = counter.char_offset(q.inner_end);
            let speaker = speaker.map(|(s, e)| Speaker {
                start: counter.char_offset(s),
                end: counter.char_offset(e),
                name: text.get(s..e).unwrap_or_default().to_string(),
            });
            Quote {
                start,
                end,
                text: text
                    .get(q.inner_start..q.inner_end)
                    .unwrap_or_default()
                    .to_string(),
                speaker,
            }
        })
        .collect()
}

/// The speaker of a reported-speech sentence: `"X said (that) ..."`, `"according to X, ..."`,
/// `"..., X said."`, `"..., said X."`, `"X told reporters ..."`. Offsets are code-point offsets
/// into `sentence`.
pub fn attribution(sentence: &str) -> Option<Speaker> {
    let toks = tokenize(sentence, 0, sentence.len(), usize::MAX);
    let (s, e) = (0..toks.len()).find_map(|i| {
        if is_according_to(&toks, i) {
            return forward_phrase(&toks, i + 2);
        }
        if !is_speech_verb(&toks, i) {
            return None;
        }
        if let Some(span) = backward_phrase(&toks, i) {
            return Some(span);
        }
        // ", said Austin." — the phrase must be a name, pronoun or noun phrase that ends the
        // sentence or is followed by a comma, not the reported words ("said three people were").
        let after_break = i == 0 || toks.get(i - 1).is_some_and(|t| !t.trail.is_empty());
        if !after_break {
            return None;
        }
        let (s, e) = forward_phrase(&toks, i + 1)?;
        let first_ok = toks
            .get(i + 1)
            .is_some_and(|t| is_capitalised(t.core) || DETERMINERS_AND_PRONOUNS.contains(&t.core));
        let last = toks.iter().position(|t| t.end == e)?;
        let ends_clause = toks
            .get(last)
            .is_some_and(|t| !t.trail.is_empty() || last + 1 == toks.len());
        (first_ok && ends_clause).then_some((s, e))
    })?;
    let mut counter = CharCounter::new(sentence);
    Some(Speaker {
        start: counter.char_offset(s),
        end: counter.char_offset(e),
        name: sentence.get(s..e).unwrap_or_default().to_string(),
    })
}

// ---------------------------------------------------------------------------------------------
// Finding quote marks
// ---------------------------------------------------------------------------------------------

/// One quote, in byte offsets.
#[derive(Debug, Clone, Copy)]
struct RawQuote {
    /// Where the opening mark starts.
    open: usize,
    inner_start: usize,
    inner_end: usize,
    /// Just past the closing mark.
    close_end: usize,
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex is valid")
}

/// A blank line: the end of a paragraph.
static PARAGRAPH_BREAK_RE: LazyLock<Regex> = LazyLock::new(|| regex(r"\r?\n[ \t\r\xA0]*\r?\n"));

/// Words that an apostrophe at the start of a word abbreviates: `'90s`, `'em`, `'til`.
static ELISION_RE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?:[0-9]{2}s?\b|(?i:em|til|tis|twas|cause|cos|n|s|round|bout)\b)"));

/// A lower-case word after a possible closing mark: `the soldiers' families`.
static LOWERCASE_NEXT_RE: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s+\p{Ll}"));

static TOKEN_RE: LazyLock<Regex> = LazyLock::new(|| regex(r"\S+"));

/// Byte spans of the paragraphs of `text` (separated by blank lines).
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for m in PARAGRAPH_BREAK_RE.find_iter(text) {
        spans.push((start, m.start()));
        start = m.end();
    }
    spans.push((start, text.len()));
    spans
}

/// Characters of `text[from..to]` with their byte offsets in `text`.
fn chars_of(text: &str, from: usize, to: usize) -> Vec<(usize, char)> {
    text.get(from..to)
        .map(|s| s.char_indices().map(|(i, c)| (from + i, c)).collect())
        .unwrap_or_default()
}

/// Builds a quote from its marks, trimming whitespace inside; `None` when nothing is quoted.
fn make_quote(
    text: &str,
    open: usize,
    inner_start: usize,
    inner_end: usize,
    close_end: usize,
) -> Option<RawQuote> {
    let inner = text.get(inner_start..inner_end)?;
    let trimmed_start = inner_start + (inner.len() - inner.trim_start().len());
    let trimmed_end = inner_end - (inner.len() - inner.trim_end().len());
    let trimmed = text.get(trimmed_start..trimmed_end)?;
    if !trimmed.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(RawQuote {
        open,
        inner_start: trimmed_start,
        inner_end: trimmed_end,
        close_end,
    })
}

/// Whether a character before a mark lets the mark open a quote.
fn opens_after(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => c.is_whitespace() || "([{—–-/:‘'“«„".contains(c),
    }
}

/// Whether a character after a mark lets the mark close a quote.
fn closes_before(next: Option<char>) -> bool {
    next.is_none_or(|c| !c.is_alphanumeric())
}

/// Double-quoted passages of the paragraph `text[from..to]`.
fn double_quotes(text: &str, from: usize, to: usize) -> Vec<RawQuote> {
    let chars = chars_of(text, from, to);
    let mut found = Vec::new();
    // Byte offset of the opening mark and of the text after it.
    let mut open: Option<(usize, usize)> = None;
    for (k, &(byte, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|x| x.1);
        let next = chars.get(k + 1).map(|x| x.1);
        let after = byte + c.len_utf8();
        let can_open = opens_after(prev) && next.is_some_and(|n| !n.is_whitespace());
        let can_close = prev.is_some_and(|p| !p.is_whitespace()) && closes_before(next);
        match c {
            '"' => match open {
                None if can_open => open = Some((byte, after)),
                Some((o, inner)) if can_close => {
                    found.extend(make_quote(text, o, inner, byte, after));
                    open = None;
                }
                Some(_) if can_open => open = Some((byte, after)),
                _ => {}
            },
            '“' | '„' | '«' => open = Some((byte, after)),
            '”' | '»' => match open {
                Some((o, inner)) => {
                    found.extend(make_quote(text, o, inner, byte, after));
                    open = None;
                }
                // A closing mark used as an opening one.
                None if can_open && !can_close => open = Some((byte, after)),
                None => {}
            },
            _ => {}
        }
    }
    found
}

/// Single-quoted passages of at least two words in the paragraph `text[from..to]`, outside the
/// double-quoted passages `doubles`.
fn single_quotes(text: &str, from: usize, to: usize, doubles: &[RawQuote]) -> Vec<RawQuote> {
    let chars = chars_of(text, from, to);
    let mut found = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut inside = doubles.iter().peekable();
    for (k, &(byte, c)) in chars.iter().enumerate() {
        if !matches!(c, '\'' | '‘' | '’') {
            continue;
        }
        while inside.peek().is_some_and(|d| d.close_end <= byte) {
            inside.next();
        }
        if inside.peek().is_some_and(|d| d.open <= byte) {
            continue;
        }
        let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|x| x.1);
        let next = chars.get(k + 1).map(|x| x.1);
        let after = byte + c.len_utf8();
        let rest = text.get(after..to).unwrap_or_default();
        let can_open = c != '’'
            && prev.is_none_or(|p| p.is_whitespace() || "([{—–\"“«".contains(p))
            && next.is_some_and(char::is_alphanumeric)
            && !ELISION_RE.is_match(rest);
        let possessive =
            prev.is_some_and(|p| p == 's' || p == 'S') && LOWERCASE_NEXT_RE.is_match(rest);
        let can_close = c != '‘'
            && prev.is_some_and(|p| !p.is_whitespace())
            && closes_before(next)
            && !possessive;
        match open {
            None if can_open => open = Some((byte, after)),
            Some((o, inner)) if can_close => {
                let words = text
                    .get(inner..byte)
                    .map_or(0, |s| s.split_whitespace().count());
                if words >= 2 {
                    found.extend(make_quote(text, o, inner, byte, after));
                }
                open = None;
            }
            Some(_) if can_open => open = Some((byte, after)),
            _ => {}
        }
    }
    found
}

// ---------------------------------------------------------------------------------------------
// Finding speakers
// ---------------------------------------------------------------------------------------------

/// A whitespace-separated word with its punctuation split off; offsets are bytes.
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    /// Start of `core`.
    start: usize,
    /// End of `core`.
    end: usize,
    /// The word without leading and trailing punctuation (abbreviation dots kept: `U.S.`).
    core: &'a str,
    /// Punctuation before the word: quote marks, brackets, dashes.
    lead: &'a str,
    /// Punctuation after the word.
    trail: &'a str,
}

const LEAD_PUNCT: &[char] = &[
    '"', '“', '‘', '\'', '(', '[', '«', '„', '—', '–', '-', '¿', '¡',
];
const TRAIL_PUNCT: &[char] = &[
    ',', '.', ';', ':', '!', '?', ')', ']', '"', '”', '’', '\'', '»', '—', '–', '…',
];

/// Words ending in a dot that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Lt.", "Col.", "Sgt.", "Gov.", "Sen.", "Rep.", "Prof.",
    "Sr.", "Jr.", "St.", "Capt.", "Maj.", "Adm.", "Cmdr.", "Rev.", "Hon.", "Amb.", "Supt.",
    "Insp.", "Fr.", "No.", "Pres.", "Atty.", "Brig.", "Cpl.", "Pvt.", "Lt.Gen.", "Maj.Gen.",
    "Inc.", "Corp.", "Ltd.", "Co.", "Dept.", "Gov't.", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.",
    "Nov.", "Dec.", "Mt.", "vs.",
];

static INITIALS_RE: LazyLock<Regex> = LazyLock::new(|| regex(r"^(?:\p{L}\.)+$"));

fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.contains(&word) || INITIALS_RE.is_match(word)
}

/// Tokens of `text[from..to]`, at most `max` of them.
fn tokenize(text: &str, from: usize, to: usize, max: usize) -> Vec<Tok<'_>> {
    let Some(segment) = text.get(from..to) else {
        return Vec::new();
    };
    TOKEN_RE
        .find_iter(segment)
        .take(max)
        .map(|m| {
            let word = m.as_str();
            let without_lead = word.trim_start_matches(LEAD_PUNCT);
            let lead_len = word.len() - without_lead.len();
            let mut core = without_lead.trim_end_matches(TRAIL_PUNCT);
            let mut trail = &without_lead[core.len()..];
            if trail.starts_with('.') {
                let with_dot = &without_lead[..core.len() + 1];
                if !core.is_empty() && is_abbreviation(with_dot) {
                    core = with_dot;
                    trail = &without_lead[core.len()..];
                }
            }
            let start = from + m.start() + lead_len;
            Tok {
                start,
                end: start + core.len(),
                core,
                lead: &word[..lead_len],
                trail,
            }
        })
        .collect()
}

/// Verbs that introduce or attribute speech.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "noted",
    "notes",
    "warned",
    "warns",
    "claimed",
    "claims",
    "stated",
    "states",
    "wrote",
    "writes",
    "argued",
    "argues",
    "insisted",
    "insists",
    "explained",
    "explains",
    "asked",
    "asks",
    "announced",
    "announces",
    "declared",
    "declares",
    "replied",
    "replies",
    "responded",
    "responds",
    "stressed",
    "stresses",
    "acknowledged",
    "acknowledges",
    "admitted",
    "admits",
    "cautioned",
    "urged",
    "urges",
    "tweeted",
    "recalled",
    "recalls",
    "conceded",
    "concedes",
    "shouted",
    "vowed",
    "vows",
    "promised",
    "predicted",
    "concluded",
    "maintained",
    "complained",
    "alleged",
    "alleges",
    "reiterated",
    "emphasized",
    "emphasised",
    "countered",
    "confirmed",
    "confirms",
    "posted",
    "remarked",
    "observed",
    "suggested",
    "suggests",
    "boasted",
    "joked",
    "quipped",
    "pleaded",
    "lamented",
    "demanded",
    "testified",
    "reported",
    "reports",
];

/// Words between a speaker and the verb that belong to neither: `Austin also said`.
const AUXILIARIES: &[&str] = &[
    "also",
    "later",
    "then",
    "earlier",
    "previously",
    "once",
    "has",
    "had",
    "have",
    "would",
    "will",
    "could",
    "might",
    "may",
    "reportedly",
    "publicly",
    "privately",
    "separately",
    "repeatedly",
    "recently",
    "subsequently",
    "again",
    "further",
    "often",
    "never",
    "always",
    "already",
    "flatly",
    "simply",
    "only",
    "initially",
    "originally",
    "just",
    "allegedly",
    "angrily",
    "bluntly",
    "quickly",
];

/// Words before a verb that make it passive or infinitive: `was told`, `to say`.
const NOT_SPEAKER_BEFORE: &[&str] = &[
    "was", "were", "is", "are", "been", "being", "be", "get", "got", "gets", "to",
];

/// Words that end a speaker phrase when walking back from the verb.
const BACKWARD_STOPS: &[&str] = &[
    "and", "but", "or", "after", "before", "during", "when", "while", "as", "because", "since",
    "if", "that", "which", "then", "so", "where", "though", "although", "whereas", "to", "than",
    "until", "unless", "whether", "even", "yet", "nor", "what", "how", "why",
];

/// Words that end a speaker phrase when walking forward from the verb or `according to`.
const FORWARD_STOPS: &[&str] = &[
    "on",
    "at",
    "during",
    "after",
    "before",
    "when",
    "while",
    "as",
    "in",
    "to",
    "that",
    "adding",
    "referring",
    "according",
    "yesterday",
    "today",
    "tonight",
    "last",
    "earlier",
    "later",
    "this",
    "late",
    "but",
    "because",
    "since",
    "if",
    "then",
    "so",
    "though",
    "although",
    "and",
    "via",
    "through",
    "speaking",
    "citing",
    "without",
    "amid",
    "following",
    "despite",
];

/// Capitalised words that open a sentence but are not part of the speaker, with how many words
/// to drop: `In Kyiv officials said` -> `officials`.
const SENTENCE_OPENERS: &[(&str, usize)] = &[
    ("In", 2),
    ("On", 2),
    ("At", 2),
    ("After", 2),
    ("Before", 2),
    ("During", 2),
    ("Since", 2),
    ("From", 2),
    ("By", 2),
    ("Last", 2),
    ("This", 2),
    ("Meanwhile", 1),
    ("However", 1),
    ("Also", 1),
    ("Earlier", 1),
    ("Later", 1),
    ("Yesterday", 1),
    ("Today", 1),
    ("Then", 1),
    ("Now", 1),
    ("Still", 1),
    ("Separately", 1),
    ("But", 1),
    ("And", 1),
    ("So", 1),
];

const DETERMINERS_AND_PRONOUNS: &[&str] = &[
    "the", "a", "an", "he", "she", "they", "it", "we", "I", "you", "his", "her", "their", "its",
    "our",
];

/// Words a speaker phrase cannot end with.
const DANGLING: &[&str] = &[
    "the", "a", "an", "of", "for", "with", "from", "by", "and", "or", "who", "which", "that",
    "his", "her", "their", "its", "our", "at", "in", "on",
];

/// Words a speaker phrase cannot start with.
const NOT_FIRST: &[&str] = &["who", "which", "that", "whom", "whose", "of"];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "I", "you"];

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether token `i` is a speech verb used actively (not `was told`, `to say`).
fn is_speech_verb(toks: &[Tok<'_>], i: usize) -> bool {
    let Some(t) = toks.get(i) else {
        return false;
    };
    if !SPEECH_VERBS.contains(&t.core) || !t.lead.is_empty() {
        return false;
    }
    let mut j = i;
    while j > 0
        && toks
            .get(j - 1)
            .is_some_and(|p| AUXILIARIES.contains(&p.core))
    {
        j -= 1;
    }
    !(j > 0
        && toks
            .get(j - 1)
            .is_some_and(|p| NOT_SPEAKER_BEFORE.contains(&p.core)))
}

fn is_according_to(toks: &[Tok<'_>], i: usize) -> bool {
    matches!(
        (toks.get(i), toks.get(i + 1)),
        (Some(a), Some(t)) if a.core.eq_ignore_ascii_case("according") && a.trail.is_empty() && t.core == "to"
    )
}

/// Token range `[first, end)` of the words before the verb at `verb` that name its subject,
/// without trimming sentence openers. Skips a relative clause between commas:
/// `A senior official, who spoke on condition of anonymity, said`.
fn backward_range(toks: &[Tok<'_>], verb: usize) -> Option<(usize, usize)> {
    let direct = backward_range_from(toks, verb, false);
    if direct.is_some() {
        return direct;
    }
    let before_verb = toks.get(verb.checked_sub(1)?)?;
    if before_verb.trail != "," {
        return None;
    }
    // Find ", who" / ", which" opening the clause, at most 20 words back.
    let relative = (verb.saturating_sub(20)..verb.saturating_sub(1))
        .rev()
        .find(|&k| {
            k > 0
                && toks
                    .get(k)
                    .is_some_and(|t| t.core == "who" || t.core == "which")
                && toks.get(k - 1).is_some_and(|p| p.trail == ",")
        })?;
    backward_range_from(toks, relative, true)
}

/// [`backward_range`] without the relative-clause skip; `comma_before_verb` lets the word right
/// before `verb` end with a comma.
fn backward_range_from(
    toks: &[Tok<'_>],
    verb: usize,
    comma_before_verb: bool,
) -> Option<(usize, usize)> {
    let mut end = verb;
    while end > 0
        && toks.get(end - 1).is_some_and(|t| {
            AUXILIARIES.contains(&t.core) && t.trail.is_empty() && t.lead.is_empty()
        })
    {
        end -= 1;
    }
    let mut first = end;
    while first > 0 && end - first < 12 {
        let Some(t) = toks.get(first - 1) else {
            break;
        };
        let allowed_comma = comma_before_verb && first == end && t.trail == ",";
        if t.core.is_empty() || (!t.trail.is_empty() && !allowed_comma) {
            break;
        }
        if BACKWARD_STOPS
            .iter()
            .any(|w| w.eq_ignore_ascii_case(t.core))
        {
            // "Austin and Blinken said".
            let joins_names = t.core == "and"
                && toks.get(first).is_some_and(|n| is_capitalised(n.core))
                && first >= 2
                && toks
                    .get(first - 2)
                    .is_some_and(|p| is_capitalised(p.core) && p.trail.is_empty());
            if !joins_names {
                break;
            }
        }
        first -= 1;
        if !t.lead.is_empty() {
            // "(Reuters Austin said": the bracket or quote mark ends the phrase, the word stays.
            if t.lead.chars().any(|c| "\"“‘'«„".contains(c)) {
                first += 1;
            }
            break;
        }
    }
    (first < end).then_some((first, end))
}

/// Byte span of a speaker phrase over tokens `[first, end)`, or `None` if it is not a phrase.
fn phrase_span(toks: &[Tok<'_>], first: usize, end: usize) -> Option<(usize, usize)> {
    let mut last = end.checked_sub(1)?;
    while toks.get(last).is_some_and(|t| DANGLING.contains(&t.core)) {
        last = last.checked_sub(1)?;
    }
    if last < first {
        return None;
    }
    let head = toks.get(first)?;
    if NOT_FIRST.contains(&head.core) {
        return None;
    }
    let tail = toks.get(last)?;
    if !toks
        .get(first..=last)?
        .iter()
        .any(|t| t.core.chars().any(char::is_alphabetic))
    {
        return None;
    }
    Some((head.start, tail.end))
}

/// Speaker phrase before the verb at `verb`, with sentence openers (`On Tuesday`) trimmed.
fn backward_phrase(toks: &[Tok<'_>], verb: usize) -> Option<(usize, usize)> {
    let (mut first, end) = backward_range(toks, verb)?;
    if let Some(&(_, drop)) = toks
        .get(first)
        .and_then(|t| SENTENCE_OPENERS.iter().find(|(w, _)| *w == t.core))
    {
        // "On Tuesday the ministry said": start at the last determiner or pronoun, if any.
        let restart = (first + 1..end).rev().find(|&k| {
            toks.get(k)
                .is_some_and(|t| DETERMINERS_AND_PRONOUNS.contains(&t.core))
        });
        first = restart.unwrap_or(first + drop);
        if first >= end {
            return None;
        }
    }
    phrase_span(toks, first, end)
}

/// Speaker phrase starting at token `from` (after the verb or `according to`).
fn forward_phrase(toks: &[Tok<'_>], from: usize) -> Option<(usize, usize)> {
    let mut last: Option<usize> = None;
    for j in from..toks.len().min(from.saturating_add(12)) {
        let Some(t) = toks.get(j) else {
            break;
        };
        if t.core.is_empty() || !t.lead.is_empty() || WEEKDAYS.contains(&t.core) {
            break;
        }
        if j > from && SPEECH_VERBS.contains(&t.core) {
            break;
        }
        if FORWARD_STOPS.contains(&t.core) {
            // "said Austin and Blinken".
            let joins_names = t.core == "and"
                && last
                    .and_then(|l| toks.get(l))
                    .is_some_and(|p| is_capitalised(p.core))
                && toks.get(j + 1).is_some_and(|n| is_capitalised(n.core));
            if !joins_names {
                break;
            }
        }
        last = Some(j);
        if !t.trail.is_empty() {
            break;
        }
    }
    phrase_span(toks, from, last? + 1)
}

/// Speaker named after the closing mark: `"...," Austin said`, `"...," said Austin`,
/// `"...", according to Austin`.
fn speaker_after(text: &str, q: &RawQuote, until: usize) -> Option<(usize, usize)> {
    let inner = text.get(q.inner_start..q.inner_end)?;
    let segment = text.get(q.close_end..until)?;
    let punctuated = matches!(
        inner.chars().next_back(),
        Some(',' | '?' | '!' | '—' | '–' | '-' | '…' | ':')
    ) || segment.trim_start().starts_with([',', '—', '–']);
    let toks = tokenize(text, q.close_end, until, 24);
    let skip = toks.iter().take_while(|t| t.core.is_empty()).count();
    let toks = toks.get(skip..)?;
    let first = toks.first()?;
    // Without a comma, only "he said" / "said Austin" right after the mark count.
    if !punctuated && !PRONOUNS.contains(&first.core) && !SPEECH_VERBS.contains(&first.core) {
        return None;
    }
    for (i, t) in toks.iter().enumerate().take(14) {
        if i > 0 && !t.lead.is_empty() {
            return None;
        }
        if i == 0 && is_according_to(toks, 0) {
            return forward_phrase(toks, 2);
        }
        if is_speech_verb(toks, i) {
            if i == 0 {
                return forward_phrase(toks, 1);
            }
            let (start, end) = backward_range(toks, i)?;
            return if start == 0 {
                phrase_span(toks, start, end)
            } else {
                None
            };
        }
        if t.core.is_empty() || !t.trail.is_empty() {
            return None;
        }
    }
    None
}

/// Speaker named before the opening mark: `Austin said: "..."`, `Austin told reporters that
/// "..."`, `According to Austin, "..."`.
fn speaker_before(text: &str, from: usize, open: usize) -> Option<(usize, usize)> {
    let mut window_start = from.max(open.saturating_sub(400));
    while window_start > from && !text.is_char_boundary(window_start) {
        window_start -= 1;
    }
    let mut toks = tokenize(text, window_start, open, usize::MAX);
    if window_start > from && !toks.is_empty() {
        // The first token may be cut.
        toks.remove(0);
    }
    let n = toks.len();
    for j in (n.saturating_sub(16)..n).rev() {
        let t = toks.get(j)?;
        if t.trail.contains(['.', '!', '?', '…']) {
            return None;
        }
        if is_according_to(&toks, j) {
            return forward_phrase(&toks, j + 2);
        }
        if is_speech_verb(&toks, j) {
            return backward_phrase(&toks, j);
        }
        if j + 1 < n && t.lead.chars().any(|c| "\"“‘'«„".contains(c)) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A test input and its expected quotes as (inner text, speaker name).
    type Case = (&'static str, Vec<(&'static str, Option<&'static str>)>);

    #[test]
    fn finds_quotes_and_speakers() {
        let cases: Vec<Case> = vec![
            // Speaker after the quote.
            (
                "\"We are ready,\" said Defense Secretary Lloyd Austin.",
                vec![("We are ready,", Some("Defense Secretary Lloyd Austin"))],
            ),
            (
                "\"We are ready,\" Defense Secretary Lloyd Austin said on Tuesday.",
                vec![("We are ready,", Some("Defense Secretary Lloyd Austin"))],
            ),
            (
                "“We are ready,” she said.",
                vec![("We are ready,", Some("she"))],
            ),
            (
                "“We are ready,” he added.",
                vec![("We are ready,", Some("he"))],
            ),
            (
                "“Are we ready?” asked Austin.",
                vec![("Are we ready?", Some("Austin"))],
            ),
            (
                "\"We are ready,\" the ministry said in a statement.",
                vec![("We are ready,", Some("the ministry"))],
            ),
            (
                "\"We are ready\", according to the ministry.",
                vec![("We are ready", Some("the ministry"))],
            ),
            (
                "\"We are ready,\" said Austin, the defense secretary.",
                vec![("We are ready,", Some("Austin"))],
            ),
            (
                "\"We are ready,\" said Lt. Gen. John Smith.",
                vec![("We are ready,", Some("Lt. Gen. John Smith"))],
            ),
            (
                "\"It is over,\" said the U.S. official who spoke with Reuters.",
                vec![(
                    "It is over,",
                    Some("the U.S. official who spoke with Reuters"),
                )],
            ),
            (
                "\"We are ready,\" Austin also told reporters.",
                vec![("We are ready,", Some("Austin"))],
            ),
            (
                "\"We will win,\" Zelensky wrote on Telegram.",
                vec![("We will win,", Some("Zelensky"))],
            ),
            (
                "\"No,\" said Austin Tuesday.",
                vec![("No,", Some("Austin"))],
            ),
            // Speaker before the quote.
            (
                "Austin said: \"We are ready.\"",
                vec![("We are ready.", Some("Austin"))],
            ),
            (
                "Defense Secretary Lloyd Austin said that \"we are ready.\"",
                vec![("we are ready.", Some("Defense Secretary Lloyd Austin"))],
            ),
            (
                "The ministry told reporters on Tuesday: “The talks have failed.”",
                vec![("The talks have failed.", Some("The ministry"))],
            ),
            (
                "On Tuesday the ministry said: “The talks have failed.”",
                vec![("The talks have failed.", Some("the ministry"))],
            ),
            (
                "In a statement, the ministry warned: «No more talks.»",
                vec![("No more talks.", Some("the ministry"))],
            ),
            (
                "According to the ministry, \"the talks have failed.\"",
                vec![("the talks have failed.", Some("the ministry"))],
            ),
            (
                "The minister said the plan was \"a disaster\".",
                vec![("a disaster", Some("The minister"))],
            ),
            (
                "A senior U.S. official, who spoke on condition of anonymity, said: \"No.\"",
                vec![("No.", Some("A senior U.S. official"))],
            ),
            ("\"Yes!\" they shouted.", vec![("Yes!", Some("they"))]),
            (
                "Biden wrote on X: \"We stand with Ukraine.\" Trump called it \"a disaster.\"",
                vec![
                    ("We stand with Ukraine.", Some("Biden")),
                    ("a disaster.", None),
                ],
            ),
            // Interrupted quote.
            (
                "\"We are ready,\" Austin said, \"and we will win.\"",
                vec![
                    ("We are ready,", Some("Austin")),
                    ("and we will win.", Some("Austin")),
                ],
            ),
            // No speaker.
            ("He called it \"a disaster\".", vec![("a disaster", None)]),
            (
                "The so-called \"peace plan\" was rejected, officials said.",
                vec![("peace plan", None)],
            ),
            (
                "Austin said. \"We are ready.\"",
                vec![("We are ready.", None)],
            ),
            (
                "Residents were told: \"Leave now.\"",
                vec![("Leave now.", None)],
            ),
            (
                "\"We are ready,\" Austin and Blinken said.",
                vec![("We are ready,", Some("Austin and Blinken"))],
            ),
            // Single quotes.
            (
                "‘We will not back down,’ the minister said.",
                vec![("We will not back down,", Some("the minister"))],
            ),
            (
                "'We will not back down,' the minister said.",
                vec![("We will not back down,", Some("the minister"))],
            ),
            (
                "Russia's army and the soldiers' families don't agree.",
                vec![],
            ),
            ("Back in the '90s it was 'fine' they said.", vec![]),
            (
                "They called it 'a total disaster' in public.",
                vec![("a total disaster", None)],
            ),
            (
                "'He called it \"a disaster\",' she said.",
                vec![("He called it \"a disaster\",", Some("she"))],
            ),
            (
                "\"He said 'no way' to me,\" she said.",
                vec![("He said 'no way' to me,", Some("she"))],
            ),
            // Marks that are not quotes.
            ("A 12\" pipe burst.", vec![]),
            ("\"\"", vec![]),
            ("\"Unclosed quote at the end", vec![]),
            ("", vec![]),
            // Paragraphs.
            ("\"We are ready\n\nsaid nobody\"", vec![]),
            (
                "“First paragraph of a long quote.\n\n“Second paragraph,” Austin said.",
                vec![("Second paragraph,", Some("Austin"))],
            ),
            (
                "“One,” he said.\n\n“Two,” she said.",
                vec![("One,", Some("he")), ("Two,", Some("she"))],
            ),
        ];
        for (input, expected) in cases {
            let got: Vec<(String, Option<String>)> = quotes(input)
                .into_iter()
                .map(|q| (q.text, q.speaker.map(|s| s.name)))
                .collect();
            let expected: Vec<(String, Option<String>)> = expected
                .into_iter()
                .map(|(t, s)| (t.to_string(), s.map(str::to_string)))
                .collect();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn offsets_are_code_points() {
        let text = "Zürich: «Ça va,» dit-il. “Ünïcode works,” said Jörg Müller.";
        let found = quotes(text);
        assert_eq!(found.len(), 2);
        let chars: Vec<char> = text.chars().collect();
        let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
        assert_eq!((found[0].start, found[0].end), (9, 15));
        assert_eq!(found[0].text, "Ça va,");
        assert_eq!(found[0].speaker, None);
        assert_eq!((found[1].start, found[1].end), (26, 40));
        assert_eq!(slice(found[1].start, found[1].end), "Ünïcode works,");
        let speaker = found[1].speaker.clone().unwrap();
        assert_eq!(speaker.name, "Jörg Müller");
        assert_eq!(slice(speaker.start, speaker.end), "Jörg Müller");
    }

    #[test]
    fn quote_offsets_exclude_marks_and_padding() {
        let text = "« padded »";
        let q = &quotes(text)[0];
        assert_eq!((q.start, q.end, q.text.as_str()), (2, 8, "padded"));
    }

    /// (sentence, expected speaker name, expected start offset)
    #[test]
    fn attributes_reported_speech() {
        let cases: &[(&str, Option<(&str, usize)>)] = &[
            (
                "Defense Secretary Lloyd Austin said Tuesday that the troops would stay.",
                Some(("Defense Secretary Lloyd Austin", 0)),
            ),
            (
                "The troops will stay, according to the Pentagon.",
                Some(("the Pentagon", 35)),
            ),
            (
                "According to officials, the troops will stay.",
                Some(("officials", 13)),
            ),
            ("The troops will stay, Austin said.", Some(("Austin", 22))),
            ("The troops will stay, said Austin.", Some(("Austin", 27))),
            (
                "Austin told reporters the troops would stay.",
                Some(("Austin", 0)),
            ),
            ("She said the troops would stay.", Some(("She", 0))),
            (
                "The ministry also said it would respond.",
                Some(("The ministry", 0)),
            ),
            (
                "In Kyiv officials said the strikes continued.",
                Some(("officials", 8)),
            ),
            ("Residents were told to leave.", None),
            ("He refused to say more.", None),
            ("The troops will stay.", None),
            ("When asked, he said no.", Some(("he", 12))),
            (
                "Officials in Moscow say the talks failed.",
                Some(("Officials in Moscow", 0)),
            ),
            (
                "Police, who declined to give details, said three people were arrested.",
                Some(("Police", 0)),
            ),
            (
                "The strikes continued, said three people who were there.",
                None,
            ),
            (
                "It was not immediately clear who fired first, Reuters reported.",
                Some(("Reuters", 46)),
            ),
            (
                "Forty drones were downed, the Ukrainian air force said in a statement.",
                Some(("the Ukrainian air force", 26)),
            ),
            ("", None),
        ];
        for &(sentence, expected) in cases {
            let got = attribution(sentence).map(|s| (s.name, s.start, s.end));
            let expected = expected
                .map(|(name, start)| (name.to_string(), start, start + name.chars().count()));
            assert_eq!(got, expected, "{sentence:?}");
        }
    }

    fn check_invariants(text: &str) {
        let chars: Vec<char> = text.chars().collect();
        let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
        let found = quotes(text);
        let mut last_end = 0;
        for q in &found {
            assert!(
                q.start <= q.end && q.end <= chars.len(),
                "{q:?} in {text:?}"
            );
            assert!(q.start >= last_end, "{q:?} in {text:?}");
            last_end = q.end;
            assert_eq!(slice(q.start, q.end), q.text);
            if let Some(s) = &q.speaker {
                assert!(
                    s.start <= s.end && s.end <= chars.len(),
                    "{s:?} in {text:?}"
                );
                assert_eq!(slice(s.start, s.end), s.name);
            }
        }
        if let Some(s) = attribution(text) {
            assert!(
                s.start <= s.end && s.end <= chars.len(),
                "{s:?} in {text:?}"
            );
            assert_eq!(slice(s.start, s.end), s.name);
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(text in "(?s).{0,200}") {
            check_invariants(&text);
        }

        #[test]
        fn never_panics_on_quote_like_text(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("\""), Just("“"), Just("”"), Just("‘"), Just("’"), Just("'"), Just("«"),
                    Just("»"), Just(" "), Just("\n\n"), Just(","), Just("."), Just(":"),
                    Just("said"), Just("Austin"), Just("U.S."), Just("according"), Just("to"),
                    Just("the"), Just("ministry"), Just("he"), Just("was"), Just("told"),
                    Just("ü"), Just("We"), Just("ready"), Just("and"), Just("On"),
                ],
                0..40,
            )
        ) {
            check_invariants(&words.concat());
        }
    }
}
