//! A figure read in its sentence: the values it admits (bounds such as "at least",
//! rounding, ranges), what it counts, who or where it is about, whether it is a
//! forecast, a change or an earlier figure, and the period it names. Two figures state
//! the same quantity only when all of these agree; they disagree only when the values
//! they admit do not overlap ("more than 1.6 million" admits 1,626,042).

use std::collections::BTreeSet;

use std::rc::Rc;

use chrono::NaiveDate;
use parallax_text::numbers::{Quantity, QuantityKind};
use parallax_text::words::{is_stop_word, words};

use crate::units::{stem, Unit};

/// How a figure's value is bounded by the words before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// As written (with the rounding its digits imply).
    Exact,
    /// "at least", "more than", "over": the value or more.
    AtLeast,
    /// "up to", "fewer than", "as many as": the value or less.
    AtMost,
    /// "nearly", "almost": a little less than the value.
    Nearly,
    /// "about", "around", "roughly", "some", "a dozen": near the value.
    About,
    /// One end of a range ("between 20 and 30", "100,000 to 240,000").
    Range,
}

/// What part a figure plays in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The value itself ("fell to 684,000", "1,200 residents").
    Level,
    /// A change ("fell by 97,000", "rose 640 points", "a 25% increase"): up (1), down
    /// (-1) or either (0).
    Change(i8),
    /// An earlier value ("from 781,000 the week before", "up from 3.5%").
    Earlier,
    /// One side of a vote tally ("passed 227-203").
    Tally,
    /// A part of a whole ("six of the eight victims").
    Part,
    /// A rate or an average ("1.5 million a day", "averaged 230,610 cases").
    Rate,
}

impl Role {
    /// Two roles are one part: the same, and changes in no opposite directions.
    fn agrees(self, other: Role) -> bool {
        match (self, other) {
            (Role::Change(x), Role::Change(y)) => x == 0 || y == 0 || x == y,
            (x, y) => x == y,
        }
    }
}

/// One figure of a unit, read in context.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    /// Smallest and largest value the figure admits.
    pub lo: f64,
    /// See `lo`.
    pub hi: f64,
    /// The bound its wording puts on it.
    pub bound: Bound,
    /// Its part in the sentence.
    pub role: Role,
    /// A forecast, expectation, projection or target, not a reported value.
    pub forecast: bool,
    /// Stems of the words it counts ("1,200 residents" → resid; "a 48-page
    /// indictment" → page, indictment).
    pub counted: BTreeSet<String>,
    /// The counted words as written, for saying what is disputed.
    pub counted_words: Vec<String>,
    /// The head of what it counts (the last counted word's stem).
    pub head: Option<String>,
    /// Stems of the content words just after it, in its clause.
    pub frame: BTreeSet<String>,
    /// The frame without names and time words: what is done.
    pub deed: BTreeSet<String>,
    /// Stems of the content words just before it, in its clause.
    pub lead: BTreeSet<String>,
    /// Lower-cased names a preposition ties to it ("killed in Gaza", "doses for
    /// Mexico").
    pub scope: BTreeSet<String>,
    /// Lower-cased names right before it or among what it counts ("California's 55
    /// electors", "37 million Americans").
    pub tags: BTreeSet<String>,
    /// Lower-cased names among the few words before it: who acts ("Sanders raised",
    /// "Trump raised").
    pub agents: BTreeSet<String>,
    /// Stems of the verbs around it that say what happened to what it counts
    /// ("arrested more than 750 people" → arrest; "left eight dead" → dead).
    pub predicates: BTreeSet<String>,
    /// It refers to one known thing: "the $732 billion bill", "Biden's $1.9 trillion
    /// plan".
    pub definite: bool,
    /// The periods named before it in its sentence or after it in its clause ("2019",
    /// "month 2", "friday", "last week").
    pub periods: BTreeSet<String>,
    /// The day the words around it name ("on Thursday", "yesterday", "March 3"),
    /// resolved against the article's publication date: the day named nearest to it in
    /// the same stretch of text its periods come from. None when none is named, or the
    /// article has no date to resolve a relative day against.
    pub day: Option<NaiveDate>,
    /// A running count that grows as reports come in (deaths, cases, arrests).
    pub evolving: bool,
    /// The figure as written with its bound ("at least 28"), code points into the unit.
    pub written: (usize, usize),
    /// Its sentence reports a poll or a survey.
    pub poll: bool,
    /// A running total ("since the pandemic began", "in all", "to date"), not a count
    /// of one day or one event.
    pub cumulative: bool,
    /// It is a percentage.
    pub kind_percent: bool,
    /// It is a length of time ("24 weeks", "11 days", "a 90-day").
    pub duration: bool,
    /// The words of its unit, lower-cased, and their stems (shared by the unit's
    /// figures; read once).
    pub sentence: Rc<SentenceWords>,
    /// The figure cannot be compared: part of "three years and four months", one of
    /// "20 percent or 25 percent", or a count of sources ("three people familiar with").
    pub unreadable: bool,
}

/// The words of a unit, lower-cased and stemmed.
#[derive(Debug, Default)]
pub(crate) struct SentenceWords {
    /// Lower-cased words.
    pub lower: BTreeSet<String>,
    /// Their stems.
    pub stems: BTreeSet<String>,
}

/// A word of the unit with its lower-cased form and whether a clause boundary
/// (comma, semicolon, colon, dash, bracket) stands before it.
struct Token {
    start: usize,
    end: usize,
    text: String,
    lower: String,
    boundary_before: bool,
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Token> = Vec::new();
    let mut last_end = 0;
    for w in words(text) {
        let gap: String = chars[last_end.min(w.start)..w.start].iter().collect();
        let boundary_before = out.is_empty()
            || gap.contains([',', ';', ':', '(', ')', '—', '–', '"', '“', '”'])
            || gap.contains(" - ");
        out.push(Token {
            start: w.start,
            end: w.end,
            text: w.text.to_string(),
            lower: w.text.to_lowercase(),
            boundary_before,
        });
        last_end = w.end;
    }
    out
}

/// Content words that say nothing about what is counted.
const GENERIC: &[&str] = &[
    "said",
    "says",
    "according",
    "told",
    "reported",
    "report",
    "reports",
    "data",
    "showed",
    "show",
    "shows",
    "new",
    "total",
    "number",
    "percent",
    "cent",
    "per",
    "million",
    "billion",
    "trillion",
    "thousand",
    "hundred",
    "dozen",
    "figure",
    "figures",
    "nearly",
    "roughly",
    "approximately",
    "around",
    "least",
    "than",
    "almost",
    "some",
    "estimated",
    "part",
];

/// The stem of a word, with a plural "s" the crude stemmer keeps ("jobs" → "job").
fn norm(word: &str) -> String {
    let stemmed = stem(word);
    match stemmed.strip_suffix('s') {
        Some(rest) if rest.chars().count() >= 3 && !rest.ends_with('s') => rest.to_string(),
        _ => stemmed,
    }
}

/// Letters, or words of letters joined by hyphens ("Atlanta-area").
fn is_wordlike(w: &str) -> bool {
    !w.is_empty()
        && w.split('-')
            .all(|part| !part.is_empty() && part.chars().all(char::is_alphabetic))
}

fn content_stem(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    let w = lower.trim_end_matches("'s").trim_end_matches("’s");
    (w.chars().count() > 1
        && is_wordlike(w)
        && !is_stop_word(w)
        && !GENERIC.contains(&w)
        && !MONTHS.contains(&w)
        && !WEEKDAYS.contains(&w))
    .then(|| norm(w))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Capitalised words that are not names of who or where.
const NOT_NAMES: &[&str] = &[
    "i",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "rep",
    "gov",
    "president",
    "the",
    "a",
    "an",
    "this",
    "that",
    "covid",
];

/// Words (stems) of running counts: tolls, cases, arrests, evacuations grow as reports
/// come in, so two values of them are only comparable at the same time.
const EVOLVING: &[&str] = &[
    "kill",
    "dead",
    "death",
    "die",
    "died",
    "toll",
    "fatalit",
    "injur",
    "injured",
    "wound",
    "hurt",
    "missing",
    "casualt",
    "victim",
    "case",
    "infect",
    "infection",
    "hospitaliz",
    "vaccinat",
    "dose",
    "shot",
    "arrest",
    "detain",
    "detention",
    "evacuat",
    "displac",
    "rescu",
    "signatur",
    "point",
    "index",
    "futur",
    "seat",
    "old",
    "aged",
];

/// Phrases that mark a running count ("as of Tuesday", "so far", "preliminary").
const RUNNING: &[&str] = &[
    "as of",
    "so far",
    "to date",
    "preliminary",
    "latest count",
    "running",
    "tally",
];

/// Words before a figure that bound it, longest first.
const BOUNDS: &[(&str, Bound)] = &[
    ("no fewer than", Bound::AtLeast),
    ("no less than", Bound::AtLeast),
    ("in excess of", Bound::AtLeast),
    ("upwards of", Bound::AtLeast),
    ("at least", Bound::AtLeast),
    ("more than", Bound::AtLeast),
    ("greater than", Bound::AtLeast),
    ("north of", Bound::AtLeast),
    ("over", Bound::AtLeast),
    ("above", Bound::AtLeast),
    ("beyond", Bound::AtLeast),
    ("topped", Bound::AtLeast),
    ("tops", Bound::AtLeast),
    ("surpassed", Bound::AtLeast),
    ("exceeded", Bound::AtLeast),
    ("exceeding", Bound::AtLeast),
    ("as many as", Bound::AtMost),
    ("as much as", Bound::AtMost),
    ("no more than", Bound::AtMost),
    ("at most", Bound::AtMost),
    ("fewer than", Bound::AtMost),
    ("less than", Bound::AtMost),
    ("up to", Bound::AtMost),
    ("under", Bound::AtMost),
    ("below", Bound::AtMost),
    ("just shy of", Bound::Nearly),
    ("close to", Bound::Nearly),
    ("nearly", Bound::Nearly),
    ("almost", Bound::Nearly),
    ("an estimated", Bound::About),
    ("approximately", Bound::About),
    ("roughly", Bound::About),
    ("around", Bound::About),
    ("about", Bound::About),
    ("some", Bound::About),
    ("estimated", Bound::About),
];

/// Verbs of change: "rose 640 points" is a change, "rose to 25,112" a level.
const CHANGE_VERBS: &[&str] = &[
    "up",
    "down",
    "rose",
    "rise",
    "rises",
    "risen",
    "fell",
    "fall",
    "falls",
    "fallen",
    "jumped",
    "jump",
    "dropped",
    "drop",
    "climbed",
    "declined",
    "decreased",
    "increased",
    "gained",
    "lost",
    "grew",
    "shrank",
    "slid",
    "tumbled",
    "plunged",
    "surged",
    "soared",
    "rallied",
    "sank",
    "slipped",
    "shed",
    "added",
    "adding",
    "revised",
    "cut",
];

/// Nouns after a figure that make it a change ("a 25% increase", "1 million more").
const CHANGE_NOUNS: &[&str] = &[
    "increase",
    "decrease",
    "rise",
    "jump",
    "drop",
    "decline",
    "gain",
    "loss",
    "more",
    "fewer",
    "additional",
    "higher",
    "lower",
    "cut",
    "cuts",
    "reduction",
    "hike",
    "boost",
    "surge",
    "fall",
    "climb",
];

/// Words of forecasts, expectations, projections and targets.
const FORECAST: &[&str] = &[
    "expect",
    "expected",
    "expecting",
    "expects",
    "expectation",
    "forecast",
    "forecasts",
    "forecasting",
    "predict",
    "predicted",
    "predicting",
    "predicts",
    "prediction",
    "projected",
    "projecting",
    "projects",
    "projection",
    "anticipated",
    "anticipate",
    "consensus",
    "economists",
    "analysts",
    "could",
    "might",
    "goal",
    "target",
    "targets",
    "aim",
    "aims",
    "hoped",
    "hopes",
];

/// Words after a figure that make it an earlier value ("781,000 the week before").
const EARLIER_AFTER: &[&str] = &[
    "before",
    "prior",
    "earlier",
    "previous",
    "previously",
    "initially",
    "ago",
    "originally",
];

/// Words that mark a vote tally around "227-203".
const VOTE: &[&str] = &[
    "vote", "votes", "voted", "passed", "tally", "margin", "ruled", "approved",
];

/// Read every figure of a unit.
pub(crate) fn readings(unit: &Unit) -> Vec<Reading> {
    if unit.quantities.is_empty() {
        return Vec::new();
    }
    let tokens = tokens(&unit.text);
    let lower_text = unit.text.to_lowercase();
    let running = RUNNING.iter().any(|p| lower_text.contains(p));
    let chars: Vec<char> = unit.text.chars().collect();
    let sentence = Rc::new(SentenceWords {
        lower: tokens
            .iter()
            .flat_map(|t| {
                let bare = t.lower.trim_end_matches("'s").trim_end_matches("’s");
                [t.lower.clone(), bare.to_string()]
            })
            .collect(),
        stems: tokens.iter().map(|t| norm(&t.lower)).collect(),
    });
    let mut out: Vec<Reading> = unit
        .quantities
        .iter()
        .map(|q| read(unit, q, &tokens, &chars, running, &sentence))
        .collect();
    link_pairs(unit, &chars, &mut out);
    out
}

/// The text between two figures of a unit, lower-cased and trimmed.
fn between(chars: &[char], a: &Quantity, b: &Quantity) -> String {
    chars
        .get(a.end..b.start)
        .map(|c| c.iter().collect::<String>())
        .unwrap_or_default()
        .trim()
        .to_lowercase()
}

/// Ranges ("between 20 and 30", "100,000 to 240,000"), tallies ("227-203"),
/// alternatives ("20 percent or 25 percent") and compound durations ("three years and
/// four months") read as one.
fn link_pairs(unit: &Unit, chars: &[char], out: &mut [Reading]) {
    let qs = &unit.quantities;
    for k in 1..qs.len() {
        let (a, b) = (&qs[k - 1], &qs[k]);
        let gap = between(chars, a, b);
        let before_a: String = chars[..a.start.min(chars.len())]
            .iter()
            .collect::<String>()
            .to_lowercase();
        let before_a = before_a.trim_end();
        let after_b: String = chars
            .get(b.end..)
            .map(|c| c.iter().take(24).collect::<String>())
            .unwrap_or_default()
            .to_lowercase();
        let near = format!("{} {}", tail_words(before_a, 4), after_b);
        let dash = gap == "-" || gap == "–" || gap == "—";
        let is_vote = VOTE.iter().any(|v| near.contains(v));
        let both_counts = a.kind == QuantityKind::Count && b.kind == QuantityKind::Count;
        if both_counts && is_vote && (dash || gap == "to") {
            for r in [k - 1, k] {
                out[r].role = Role::Tally;
            }
            continue;
        }
        if gap == "or" || gap == "and" && !before_a.ends_with("between") {
            let (ua, ub) = (&a.kind, &b.kind);
            // "three years and four months": the parts of one duration.
            if matches!(
                (ua, ub),
                (QuantityKind::Unit { .. }, QuantityKind::Unit { .. })
            ) || gap == "or"
            {
                out[k - 1].unreadable = true;
                out[k].unreadable = true;
            }
            continue;
        }
        let range = (gap == "to" && !before_a.ends_with("from"))
            || (gap == "and" && before_a.ends_with("between"))
            || (dash && a.kind == b.kind);
        let ranging = before_a.ends_with("from") && tail_words(before_a, 2).contains("rang");
        // "fell by 97,000 to 684,000" is a change and a level, not a range.
        let levels = out[k - 1].role == Role::Level && out[k].role == Role::Level;
        if (range || (gap == "to" && ranging)) && levels && a.value <= b.value {
            let (lo, hi) = (out[k - 1].lo, out[k].hi);
            for r in [k - 1, k] {
                out[r].lo = lo;
                out[r].hi = hi;
                out[r].bound = Bound::Range;
                out[r].role = Role::Level;
            }
        }
    }
}

/// The last `n` whitespace-separated words of `text`.
fn tail_words(text: &str, n: usize) -> String {
    let ws: Vec<&str> = text.split_whitespace().collect();
    ws[ws.len().saturating_sub(n)..].join(" ")
}

fn read(
    unit: &Unit,
    q: &Quantity,
    tokens: &[Token],
    chars: &[char],
    running: bool,
    sentence: &Rc<SentenceWords>,
) -> Reading {
    // Tokens before the figure in its sentence and in its clause, and after it in its
    // clause.
    let figure_start = tokens
        .iter()
        .position(|t| t.start >= q.start)
        .unwrap_or(tokens.len());
    let first_after = tokens
        .iter()
        .position(|t| t.start >= q.end)
        .unwrap_or(tokens.len());
    let sentence_before: Vec<&Token> = tokens[..figure_start].iter().collect();
    // The words about this figure stop at the figures next to it.
    let previous_end = unit
        .quantities
        .iter()
        .filter(|o| o.end <= q.start)
        .map(|o| o.end)
        .max()
        .unwrap_or(0);
    let next_start = unit
        .quantities
        .iter()
        .filter(|o| o.start >= q.end)
        .map(|o| o.start)
        .min()
        .unwrap_or(usize::MAX);
    let mut before: Vec<&Token> = Vec::new();
    let opens_clause = tokens.get(figure_start).is_some_and(|t| t.boundary_before);
    if !opens_clause {
        for t in sentence_before
            .iter()
            .rev()
            .filter(|t| t.start >= previous_end)
        {
            before.push(t);
            if t.boundary_before || before.len() == 8 {
                break;
            }
        }
    }
    before.reverse();
    let mut after: Vec<&Token> = Vec::new();
    for t in &tokens[first_after..] {
        if t.boundary_before && (!after.is_empty() || t.start > q.end + 1) || t.end > next_start {
            break;
        }
        after.push(t);
        if after.len() == 10 {
            break;
        }
    }
    // The few words right before the figure, where its bound is written.
    let window_start = q.start.min(chars.len()).saturating_sub(40);
    let prefix: String = chars[window_start..q.start.min(chars.len())]
        .iter()
        .collect::<String>()
        .to_lowercase();
    let prefix = prefix.trim_end();
    let (bound, bound_length) = bound_of(prefix);
    let (lo, hi) = interval(q, bound);
    // The words before the figure, without its bound ("fell by nearly 100" → fell, by).
    let bound_words = bound_length.map_or(0, |n| {
        prefix
            .chars()
            .skip(prefix.chars().count() - n)
            .collect::<String>()
            .split_whitespace()
            .count()
    });
    let before_words: Vec<&str> = before
        .iter()
        .map(|t| t.lower.as_str())
        .take(before.len().saturating_sub(bound_words))
        .filter(|w| {
            !matches!(
                *w,
                "just" | "only" | "another" | "a" | "an" | "the" | "some"
            )
        })
        .collect();
    let after_words: Vec<&str> = after.iter().map(|t| t.lower.as_str()).collect();
    let (counted_words, counted, head) = counted(unit, q);
    let head_is_time_unit = head
        .as_deref()
        .is_some_and(|h| TIME_UNITS.iter().any(|u| norm(h) == *u));
    let mut role = role_of(&before_words, &after_words, &counted_words);
    // "22 million jobs lost", "jobs added": the verb after what is counted makes a flow.
    if role == Role::Level {
        let verb = after_words
            .iter()
            .skip(counted_words.len())
            .find(|w| !is_stop_word(w));
        if let Some(verb) = verb {
            if UP.contains(verb) {
                role = Role::Change(1);
            } else if DOWN.contains(verb) {
                role = Role::Change(-1);
            }
        }
    }
    let forecast = before_words
        .iter()
        .chain(after_words.iter().take(4))
        .any(|w| FORECAST.contains(w))
        || (prefix.ends_with("estimated") && bound != Bound::About);
    // The frame: the words after what it counts ("workers were injured in the blaze" →
    // injured, blaze).
    let frame: BTreeSet<String> = after
        .iter()
        .skip(counted_words.len())
        .take(6)
        .filter_map(|t| content_stem(&t.text))
        .collect();
    // What is done, without who, where or when: "people filed new claims for jobless
    // benefits in Calder last week" → file, claim, jobless, benefit.
    // Read to the end of its clause (`after` stops there).
    let deed: BTreeSet<String> = after
        .iter()
        .skip(counted_words.len())
        .filter(|t| !is_name(t) && !TIME_UNITS.iter().any(|u| t.lower.starts_with(u)))
        .filter_map(|t| content_stem(&t.text))
        .collect();
    let just_before = before
        .len()
        .checked_sub(bound_words + 1)
        .and_then(|k| before.get(k));
    let definite = just_before.is_some_and(|t| {
        matches!(t.lower.as_str(), "the" | "its" | "his" | "her" | "their")
            || t.text.ends_with("'s")
            || t.text.ends_with("’s")
    });
    let lead: BTreeSet<String> = before
        .iter()
        .rev()
        .take(6)
        .filter_map(|t| content_stem(&t.text))
        .collect();
    let (scope, tags) = names_near(&before, &after, counted_words.len());
    // Names among the last few words before the figure and its bound.
    let agents: BTreeSet<String> = before
        .iter()
        .rev()
        .skip(bound_words)
        .take(3)
        .filter(|t| is_name(t))
        .map(|t| {
            t.lower
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .to_string()
        })
        .filter(|n| !tags.contains(n))
        .collect();
    let verb_like = |w: &str| {
        w.ends_with("ed")
            || w.ends_with("ing")
            || IRREGULAR.contains(&w)
            || UP.contains(&w)
            || DOWN.contains(&w)
            || PREDICATES
                .iter()
                .any(|class| class.contains(&norm(w).as_str()))
    };
    let mut predicates: BTreeSet<String> = before_words
        .iter()
        .rev()
        .take(3)
        .filter(|w| !is_stop_word(w) && verb_like(w))
        .map(|w| norm(w))
        .collect();
    if let Some(first) = after_words
        .iter()
        .skip(counted_words.len())
        .find(|w| !is_stop_word(w))
    {
        if verb_like(first) {
            predicates.insert(norm(first));
        }
    }
    // Periods read on to the end of the clause, past other figures ("a 25% increase
    // from 3.69 million checks in March 2020").
    let clause_after: Vec<&Token> = tokens[first_after..]
        .iter()
        .enumerate()
        .take_while(|(k, t)| *k == 0 || !t.boundary_before)
        .map(|(_, t)| t)
        .take(14)
        .collect();
    let periods = periods(unit, q, &sentence_before, &clause_after);
    let day = named_day(unit, q, &sentence_before, &clause_after);
    let raw = counted_words
        .iter()
        .map(String::as_str)
        .chain(after_words.iter().copied())
        .chain(before_words.iter().copied());
    let evolving = running
        || raw
            .into_iter()
            .any(|w| EVOLVING.iter().any(|e| w.starts_with(e)));
    // "according to three people familiar with the talks": a count of sources.
    let attribution = after_words.iter().take(5).any(|w| *w == "familiar")
        || before_words.ends_with(&["according", "to"]);
    // A number that is part of a name ("S&P 500 index", "Big 12 Conference", "Title
    // 42"): a capitalised word right before it, with nothing in between.
    let gap_before: String = chars[..q.start.min(chars.len())]
        .iter()
        .rev()
        .take_while(|c| c.is_whitespace())
        .collect();
    let name_part = q.kind == QuantityKind::Count
        && q.text.chars().all(|c| c.is_ascii_digit())
        && bound == Bound::Exact
        && gap_before.chars().count() == 1
        && sentence_before.last().is_some_and(|t| {
            t.end + 1 == q.start
                && t.text.chars().next().is_some_and(char::is_uppercase)
                && !t.text.ends_with("'s")
                && !t.text.ends_with("’s")
                && t.start > 0
        });
    // "Weinstein, 67, was convicted": an age, of the person named right before.
    let age_of = sentence_before.last().filter(|t| {
        is_name(t)
            && chars.get(t.end..q.start).is_some_and(|gap| {
                let gap: String = gap.iter().collect();
                gap.trim() == ","
            })
            && q.kind == QuantityKind::Count
            && q.value > 0.0
            && q.value < 120.0
            && chars
                .get(q.end)
                .is_none_or(|c| matches!(c, ',' | '.' | ')'))
    });
    let (counted_words, counted, head, tags) = match age_of {
        Some(person) => (
            vec!["age".to_string()],
            BTreeSet::from(["age".to_string()]),
            Some("age".to_string()),
            BTreeSet::from([person.lower.clone()]),
        ),
        None => (counted_words, counted, head, tags),
    };
    let evolving = evolving || age_of.is_some();
    let clause_text: String = before
        .iter()
        .chain(clause_after.iter())
        .map(|t| t.lower.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let cumulative = [
        "since",
        "so far",
        "in all",
        "to date",
        "in total",
        "all told",
        "overall",
        "cumulative",
    ]
    .iter()
    .any(|p| clause_text.split(' ').any(|w| w == *p) || clause_text.contains(p) && p.contains(' '));
    // Poll results: one poll's share is not another's.
    let poll = ["poll", "survey"]
        .iter()
        .any(|p| sentence.lower.iter().any(|w| w.starts_with(p)));
    Reading {
        lo,
        hi,
        bound,
        role,
        forecast,
        head: head.map(|w| norm(&w)),
        counted,
        counted_words,
        frame,
        deed,
        lead,
        scope,
        tags,
        agents,
        predicates,
        definite,
        periods,
        day,
        evolving,
        written: (
            bound_length.map_or(q.start, |n| {
                window_start + prefix.chars().count().saturating_sub(n)
            }),
            q.end,
        ),
        poll,
        cumulative,
        sentence: Rc::clone(sentence),
        kind_percent: q.kind == QuantityKind::Percent,
        duration: match &q.kind {
            QuantityKind::Unit { unit } => TIME_UNITS.contains(&unit.as_str()),
            _ => head_is_time_unit,
        },
        unreadable: attribution || name_part,
    }
}

/// Prepositions that tie a name to what a figure counts ("killed in Gaza", "doses for
/// Mexico"); names after other words ("taken to Lowmere General Hospital") say
/// something else.
const SCOPE: &[&str] = &[
    "in", "from", "at", "of", "for", "with", "across", "inside", "outside", "near", "on", "to",
];

fn is_name(t: &Token) -> bool {
    t.text.chars().next().is_some_and(char::is_uppercase)
        && t.start > 0
        && !NOT_NAMES.contains(&t.lower.as_str())
        && !MONTHS.contains(&t.lower.as_str())
        && !WEEKDAYS.contains(&t.lower.as_str())
        && !is_stop_word(&t.lower)
}

/// Lower-cased names next to a figure: those a preposition ties to it ("12 dead in
/// Israel", "doses with Mexico and Canada"), and those right before it or among what
/// it counts ("California's 55 electors", "37 million Americans").
fn names_near(
    before: &[&Token],
    after: &[&Token],
    counted: usize,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut tags = BTreeSet::new();
    for (k, t) in before.iter().rev().take(3).enumerate() {
        let possessive = t.text.ends_with("'s") || t.text.ends_with("’s");
        if is_name(t) && (k == 0 || possessive) {
            tags.insert(
                t.lower
                    .trim_end_matches("'s")
                    .trim_end_matches("’s")
                    .to_string(),
            );
        }
    }
    for t in after.iter().take(counted) {
        if is_name(t) {
            tags.insert(t.lower.clone());
        }
    }
    let mut scope = BTreeSet::new();
    let mut armed = 0usize;
    let mut in_name = false;
    for t in after {
        if is_name(t) && (armed > 0 || in_name) {
            scope.insert(t.lower.clone());
            in_name = true;
            armed = 0;
            continue;
        }
        if in_name && matches!(t.lower.as_str(), "and" | "of" | "the") {
            continue;
        }
        in_name = false;
        if SCOPE.contains(&t.lower.as_str()) {
            // "to" ties a recipient only when the name follows at once ("doses to
            // Mexico").
            armed = if t.lower == "to" { 1 } else { 3 };
        } else {
            armed = armed.saturating_sub(1);
        }
    }
    (scope, tags)
}

/// The bound the words right before a figure (`prefix`, trimmed) put on it, and the
/// length of those words in code points.
fn bound_of(prefix: &str) -> (Bound, Option<usize>) {
    for (words, bound) in BOUNDS {
        if let Some(rest) = prefix.strip_suffix(words) {
            if rest.is_empty() || rest.ends_with(|c: char| !c.is_alphanumeric()) {
                return (*bound, Some(words.chars().count()));
            }
        }
    }
    (Bound::Exact, None)
}

/// Half the unit of the last significant digit as written ("1,500" → 50, "1.6
/// million" → 50,000, "$2 trillion" → 0.5 trillion), for figures written round.
fn rounding(q: &Quantity) -> f64 {
    let digits: String = q
        .text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    let digits = digits.trim_end_matches('.');
    if digits.is_empty() {
        // A number in words ("two", "a dozen") is exact, or approximate by its bound.
        return 0.0;
    }
    let number: f64 = digits.parse().unwrap_or(q.value);
    if number == 0.0 || q.value == 0.0 {
        return 0.0;
    }
    let scale = q.value / number;
    let unit = match digits.split_once('.') {
        Some((_, decimals)) => 10f64.powi(-(decimals.len() as i32)),
        None => {
            let zeros = digits.chars().rev().take_while(|c| *c == '0').count();
            10f64.powi(zeros.min(digits.len().saturating_sub(1)) as i32)
        }
    };
    0.5 * unit * scale
}

/// The values a figure admits.
fn interval(q: &Quantity, bound: Bound) -> (f64, f64) {
    let v = q.value;
    let written_round = q.kind == QuantityKind::Percent
        || v.abs() >= 1000.0
        || q.text.chars().any(char::is_alphabetic) && q.text.chars().any(|c| c.is_ascii_digit());
    let slack = if written_round { rounding(q) } else { 0.0 };
    let dozen = q.text.to_lowercase().contains("dozen");
    let loose = (0.1 * v.abs()).max(slack);
    match bound {
        Bound::Exact if dozen => (v - loose, v + loose),
        Bound::Exact | Bound::Range => (v - slack, v + slack),
        Bound::AtLeast => (v - slack, f64::INFINITY),
        Bound::AtMost => (f64::NEG_INFINITY, v + slack),
        // "Nearly $6 billion" says less than $6 billion: the rounding of a round
        // figure widens it downwards only.
        Bound::Nearly => (v - loose, v),
        Bound::About => (v - loose, v + loose),
    }
}

/// Verbs of a rise and of a fall, for the direction of a change.
const UP: &[&str] = &[
    "up",
    "rose",
    "rise",
    "rises",
    "risen",
    "jumped",
    "jump",
    "climbed",
    "increased",
    "gained",
    "gain",
    "grew",
    "surged",
    "soared",
    "rallied",
    "added",
    "adding",
    "picked",
];
const DOWN: &[&str] = &[
    "down",
    "fell",
    "fall",
    "falls",
    "fallen",
    "dropped",
    "drop",
    "declined",
    "decreased",
    "lost",
    "lose",
    "shrank",
    "slid",
    "tumbled",
    "plunged",
    "sank",
    "slipped",
    "shed",
    "cut",
    "withdraw",
    "withdrew",
    "withdrawing",
    "pull",
    "pulled",
    "reduce",
    "reduced",
    "remove",
    "removed",
];

/// Words of a rate or an average after a figure ("a day", "per person", "weekly").
const RATE_AFTER: &[&str] = &[
    "per", "daily", "weekly", "monthly", "annually", "annual", "yearly", "apiece", "each",
];
const TIME_UNITS: &[&str] = &["day", "week", "month", "year", "hour", "minute", "second"];

fn role_of(before: &[&str], after: &[&str], counted: &[String]) -> Role {
    let last = before.last().copied().unwrap_or("");
    let second = before.len().checked_sub(2).map_or("", |k| before[k]);
    // "six of the eight victims", "three of them".
    if after.first() == Some(&"of")
        && after.get(1).is_some_and(|w| {
            matches!(
                *w,
                "the" | "them" | "those" | "these" | "its" | "his" | "her" | "their" | "us"
            )
        })
    {
        return Role::Part;
    }
    // "1.5 million a day", "averaged 230,610 cases", "$1,400 per person".
    let rest = &after[counted.len().min(after.len())..];
    let per_time = rest.windows(2).take(3).any(|w| {
        matches!(w[0], "a" | "an" | "each" | "every" | "per")
            && TIME_UNITS.iter().any(|u| w[1].starts_with(u))
    });
    let average = before
        .iter()
        .rev()
        .take(4)
        .chain(after.iter().take(3))
        .any(|w| w.starts_with("averag") || *w == "median" || *w == "mean");
    if per_time || average || rest.iter().take(3).any(|w| RATE_AFTER.contains(w)) {
        return Role::Rate;
    }
    let earlier_after = after.iter().take(5).any(|w| EARLIER_AFTER.contains(w));
    // "the previous record of 695,000", "initially reported 49,000".
    let earlier_before = before.iter().rev().take(4).any(|w| {
        matches!(
            *w,
            "previous"
                | "prior"
                | "former"
                | "initial"
                | "initially"
                | "original"
                | "originally"
                | "earlier"
                | "previously"
        )
    });
    if (last == "from" && !second.starts_with("rang"))
        || earlier_before
        || last == "versus"
        || last == "vs"
        || (last == "with" || last == "to") && second == "compared"
        || earlier_after
    {
        return Role::Earlier;
    }
    let direction = |w: &str| -> i8 {
        if UP.contains(&w) {
            1
        } else if DOWN.contains(&w) {
            -1
        } else {
            0
        }
    };
    let change_noun = after
        .iter()
        .take(2)
        .find(|w| CHANGE_NOUNS.contains(w) && (**w != "more" || counted.len() < 2));
    if let Some(noun) = change_noun {
        let dir = match *noun {
            "increase" | "rise" | "jump" | "gain" | "more" | "additional" | "higher" | "hike"
            | "boost" | "surge" | "climb" => 1,
            _ => -1,
        };
        return Role::Change(dir);
    }
    if last == "by" {
        if let Some(verb) = before
            .iter()
            .rev()
            .skip(1)
            .take(3)
            .find(|w| CHANGE_VERBS.contains(w))
        {
            return Role::Change(direction(verb));
        }
    }
    let flow = matches!(last, "added" | "adding" | "cut" | "picked");
    if CHANGE_VERBS.contains(&last) && !flow {
        return Role::Change(direction(last));
    }
    if matches!(last, "gain" | "lose" | "picked") || (last == "up" && second == "picked") {
        return Role::Change(direction(last));
    }
    if last == "of" && CHANGE_NOUNS.contains(&second) {
        return Role::Change(0);
    }
    Role::Level
}

/// What a figure counts: the content words right after it ("1,200 residents from
/// their homes" → residents; "three of the nine members" → members; "a 48-page
/// indictment" → page, indictment).
/// Verbs with no "-ed" or "-ing" that end what a figure counts ("jobs lost").
const IRREGULAR: &[&str] = &[
    "lost", "held", "left", "made", "paid", "sent", "won", "got", "gave", "took", "told", "said",
    "found", "kept", "met", "spent", "sold", "brought", "built", "bought", "fell", "rose", "grew",
    "fled", "ran", "came", "went", "saw", "hit", "cost", "put", "set", "remain", "remains", "face",
    "faces", "need", "needs", "live", "lives", "work", "works",
];

fn counted(unit: &Unit, q: &Quantity) -> (Vec<String>, BTreeSet<String>, Option<String>) {
    let after: String = unit
        .text
        .chars()
        .skip(q.end)
        .take(60)
        .take_while(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '-' || *c == '.')
        .collect();
    let mut words: Vec<String> = after
        .split_whitespace()
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    // "48-page": the unit glued to the figure is what it counts.
    let mut glued = false;
    if let Some(first) = words.first_mut() {
        if let Some(rest) = first.strip_prefix('-') {
            *first = rest.to_string();
            glued = true;
        }
    }
    let is_content =
        |w: &String| !is_stop_word(w) && is_wordlike(w) && !GENERIC.contains(&w.as_str());
    let partitive = words.first().is_some_and(|w| w == "of");
    let skip = if partitive {
        words.iter().take(4).take_while(|w| !is_content(w)).count()
    } else {
        // "1.5 million doses", "$2 trillion plan": magnitude words are part of the figure.
        words
            .iter()
            .take(2)
            .take_while(|w| GENERIC.contains(&w.as_str()))
            .count()
    };
    // Up to four content words; a modifier with digits ("COVID-19") is passed over.
    let mut found: Vec<String> = Vec::new();
    for w in words.iter().skip(skip) {
        let mixed = w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(char::is_alphabetic);
        if mixed && !found.is_empty() {
            break;
        }
        if mixed {
            continue;
        }
        let date_word = MONTHS.contains(&w.as_str()) || WEEKDAYS.contains(&w.as_str());
        // A participle or a verb ends the noun phrase ("people filed claims").
        let verb = !found.is_empty()
            && (w.ends_with("ed")
                || w.ends_with("ing")
                || IRREGULAR.contains(&w.as_str())
                || matches!(
                    w.as_str(),
                    "dead" | "missing" | "hurt" | "alive" | "homeless"
                ));
        if !is_content(w) || date_word || verb || found.len() == 4 {
            break;
        }
        found.push(w.clone());
    }
    let stems = found.iter().map(|w| norm(w)).collect();
    // What a glued unit counts is the unit ("a 5,800-worker warehouse" counts workers).
    let head = if glued { found.first() } else { found.last() }.cloned();
    (found, stems, head)
}

/// A period that is a day of the week ("friday").
pub(crate) fn is_weekday(period: &str) -> bool {
    WEEKDAYS.contains(&period)
}

/// Periods named next to a figure: years, months, weekdays, "last week", "this year".
fn periods(unit: &Unit, q: &Quantity, before: &[&Token], after: &[&Token]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let window: Vec<&&Token> = before.iter().chain(after.iter()).collect();
    for (k, t) in window.iter().enumerate() {
        let w = t.lower.trim_end_matches("'s").trim_end_matches("’s");
        if let Some(m) = MONTHS.iter().position(|m| *m == w) {
            // "may" is a verb unless capitalised.
            if w != "may" || t.text.starts_with('M') {
                out.insert(format!("month {}", m + 1));
            }
        }
        if WEEKDAYS.contains(&w) {
            out.insert(w.to_string());
        }
        if matches!(
            w,
            "last" | "this" | "next" | "prior" | "previous" | "past" | "first"
        ) {
            let w = match w {
                "prior" => "previous",
                "past" => "last",
                other => other,
            };
            let unit = |t: &&&Token| {
                ["week", "month", "year", "quarter", "day", "hour"]
                    .iter()
                    .any(|u| t.lower.starts_with(u))
            };
            match (window.get(k + 1), window.get(k + 2)) {
                (Some(next), _) if unit(next) => {
                    out.insert(format!("{w} {}", next.lower));
                }
                // "in the last four weeks": a span, not the last week.
                (Some(n), Some(next)) if unit(next) => {
                    out.insert(format!("{w} {} {}", n.lower, next.lower));
                }
                _ => {}
            }
        }
    }
    let span = (
        before.first().map_or(q.start, |t| t.start),
        after.last().map_or(q.end, |t| t.end),
    );
    for other in &unit.quantities {
        if other.kind == QuantityKind::Year && other.start >= span.0 && other.end <= span.1 {
            out.insert(other.text.clone());
        }
    }
    out
}

/// The day named nearest to a figure, among those named where its periods are read
/// (before it in its sentence, after it in its clause): "Saturday's total of 412 cases
/// followed 455 on Friday" dates the first figure Saturday and the second Friday. A
/// sentence that names one day only, further on ("About 1,500 residents left their
/// homes after the fire broke out on Thursday"), dates its figures that day.
fn named_day(unit: &Unit, q: &Quantity, before: &[&Token], after: &[&Token]) -> Option<NaiveDate> {
    let span = (
        before.first().map_or(q.start, |t| t.start),
        after.last().map_or(q.end, |t| t.end),
    );
    unit.day_mentions
        .iter()
        .filter(|(start, end, _)| *start >= span.0 && *end <= span.1)
        // Nearest first; at equal distance the day after the figure, in its own clause
        // ("followed 455 cases on Monday"), rather than one before it.
        .min_by_key(|(start, end, _)| {
            if *end <= q.start {
                (q.start - end, 1)
            } else {
                (start.saturating_sub(q.end), 0)
            }
        })
        .map(|(_, _, day)| *day)
        .or(match unit.dates.as_slice() {
            [only] => Some(*only),
            _ => None,
        })
}

/// Whether two figures admit a common value: bounds and rounding that agree ("more than
/// 1.6 million" and 1,626,042; "at least 8" and 9) are compatible. Two ranges must
/// agree at both ends ("100,000 to 200,000" and "100,000 to 240,000" disagree).
pub(crate) fn compatible(a: &Reading, b: &Reading) -> bool {
    if a.bound == Bound::Range && b.bound == Bound::Range {
        let close = |x: f64, y: f64| (x - y).abs() <= 0.005 * x.abs().max(y.abs());
        return close(a.lo, b.lo) && close(a.hi, b.hi);
    }
    a.lo <= b.hi && b.lo <= a.hi
}

/// Whether two figures of the same kind state the same quantity: what they count, who
/// or where it is about, their part in the sentence, their kind (reported or forecast)
/// and the period they name all agree. `similarity` is that of the two sentences: the
/// less the figures' own words say, the more alike the sentences must be.
pub(crate) fn same_quantity(a: &Reading, b: &Reading, similarity: f64) -> bool {
    if a.unreadable
        || b.unreadable
        || !a.role.agrees(b.role)
        || a.forecast != b.forecast
        || a.cumulative != b.cumulative
    {
        return false;
    }
    // Two polls' shares are two polls unless the same pollster or group is named.
    if (a.poll || b.poll) && a.kind_percent && b.kind_percent {
        let names = |r: &Reading| -> BTreeSet<String> {
            r.scope.union(&r.tags).chain(&r.agents).cloned().collect()
        };
        if names(a).is_disjoint(&names(b)) {
            return false;
        }
    }
    // The cheap checks first: many pairs are told apart by their names or periods.
    if !same_period(a, b) || !same_subject(a, b) {
        return false;
    }
    let evidence = if a.role == Role::Tally {
        // Tallies of one vote share the words around them ("passed 4-1", "passed by a
        // vote of 8-1"); two rulings by one court do not.
        let around =
            |r: &Reading| -> BTreeSet<String> { r.lead.union(&r.frame).cloned().collect() };
        if shared(&around(a), &around(b)) == 0 {
            return false;
        }
        Evidence::Strong
    } else {
        measure(a, b)
    };
    match evidence {
        Evidence::Strong => similarity >= STRONG_SIMILARITY,
        Evidence::Medium => similarity >= MEDIUM_SIMILARITY,
        Evidence::Weak => similarity >= WEAK_SIMILARITY,
        Evidence::None => false,
    }
}

/// Least sentence similarity when the figures count the same head noun.
const STRONG_SIMILARITY: f64 = 0.1;
/// Least sentence similarity when the words around the figures share two stems.
const MEDIUM_SIMILARITY: f64 = 0.2;
/// Least sentence similarity when they share one.
const WEAK_SIMILARITY: f64 = 0.25;

/// How much the figures' own words say they count the same thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    /// The same head noun ("1,200 residents", "1,500 residents"), in the same frame if
    /// the noun says little ("people").
    Strong,
    /// Two stems in common around the figures ("the death toll rose to N").
    Medium,
    /// One stem in common.
    Weak,
    /// Nothing in common, or different head nouns ("executive orders", "executive
    /// actions").
    None,
}

/// Head nouns that name one thing: a bill is a measure, a package, legislation.
const SAME_THING: &[&[&str]] = &[
    &[
        "bill",
        "measure",
        "package",
        "legislation",
        "plan",
        "proposal",
        "deal",
        "law",
        "act",
    ],
    &["people", "person", "individual"],
    &["vote", "ballot"],
];

/// Head nouns that say little about what is counted.
const VAGUE_HEADS: &[&str] = &[
    "people",
    "person",
    "individual",
    "time",
    "thing",
    "way",
    "other",
];

fn same_head(x: &str, y: &str) -> bool {
    let in_class = |class: &[&str], w: &str| class.iter().any(|c| norm(c) == w);
    x == y
        || SAME_THING
            .iter()
            .any(|class| in_class(class, x) && in_class(class, y))
}

/// A head noun that says little about what is counted ("people").
fn is_vague(head: &str) -> bool {
    VAGUE_HEADS.iter().any(|v| norm(v) == head)
}

/// Verbs that say the same thing happened (stems): a figure of people killed is one of
/// people dead, not of people arrested.
const PREDICATES: &[&[&str]] = &[
    &[
        "kill",
        "dead",
        "die",
        "died",
        "dy",
        "death",
        "slain",
        "slaughter",
        "massacr",
        "fatal",
    ],
    &["injur", "hurt", "wound"],
    &["arrest", "detain", "custody"],
    &["evacuat", "flee", "fled", "forc", "displac", "order"],
    &[
        "pay",
        "paid",
        "distribut",
        "giv",
        "gave",
        "send",
        "sent",
        "provid",
        "award",
        "allocat",
        "grant",
    ],
    &["rais", "collect", "haul", "brought"],
];

fn same_predicate(x: &str, y: &str) -> bool {
    x == y
        || PREDICATES.iter().any(|class| {
            class.iter().any(|c| x.starts_with(c)) && class.iter().any(|c| y.starts_with(c))
        })
}

/// Both figures have verbs around them, and none of them says the same thing.
fn other_predicates(a: &Reading, b: &Reading) -> bool {
    !a.predicates.is_empty()
        && !b.predicates.is_empty()
        && !a
            .predicates
            .iter()
            .any(|x| b.predicates.iter().any(|y| same_predicate(x, y)))
}

/// Counted words other than the head of one figure that the other sentence does not
/// use: the figures may count different sets ("5,805 eligible voters", "738 voters").
fn unshared_modifiers(a: &Reading, b: &Reading) -> bool {
    a.counted
        .iter()
        .filter(|c| a.head.as_ref() != Some(c))
        .any(|c| !b.sentence.stems.contains(c))
}

fn measure(a: &Reading, b: &Reading) -> Evidence {
    fn around(r: &Reading) -> BTreeSet<&String> {
        r.counted.iter().chain(&r.frame).chain(&r.lead).collect()
    }
    let frames = shared(&a.frame, &b.frame) + shared(&a.lead, &b.lead);
    // The head of one names a counted word of the other ("the $732 billion bill", "the
    // $740 billion bill funds the Pentagon").
    let names_it = |head: &Option<String>, other: &Reading| {
        head.as_ref()
            .is_some_and(|h| other.counted.iter().any(|c| same_head(h, c)))
    };
    let vague = |h: &String| is_vague(h);
    // The verbs around the figures must agree: "11 people dead" is not "35,000 people
    // have signed", "four states have legalized" is not "two states filed".
    if other_predicates(a, b) {
        return Evidence::None;
    }
    // A length of time is the length of some event: "viability at around 24 weeks of
    // pregnancy" and "a ban after six weeks of pregnancy" time two different things.
    // The words before the durations must name the same event ("the strike lasted").
    if a.duration && b.duration && shared(&a.lead, &b.lead) == 0 {
        return Evidence::None;
    }
    match (&a.head, &b.head) {
        (Some(x), Some(_)) if names_it(&a.head, b) || names_it(&b.head, a) => {
            // The same noun, and one known thing or the same frame around it ("three
            // workers were injured"); else sets that may differ ("five states", "three
            // key swing states").
            let strong = frames >= 1 || (!vague(x) && (a.definite || b.definite));
            if strong && !unshared_modifiers(a, b) && !unshared_modifiers(b, a) {
                Evidence::Strong
            } else {
                Evidence::Weak
            }
        }
        (Some(x), Some(y)) => {
            // "residents" and "people" in the same frame ("forced from their homes").
            if (vague(x) || vague(y)) && frames >= 1 {
                Evidence::Medium
            } else {
                Evidence::None
            }
        }
        // A vague noun ("827,000 people filed applications") is told by what its frame
        // says they did, which the other figure's sentence must name ("applications ...
        // rose to 778,000").
        (Some(h), None) if vague(h) => what_they_did(a, b),
        (None, Some(h)) if vague(h) => what_they_did(b, a),
        // One counts a noun the other's words never name: "5.99 million cases" is not
        // "the death toll topped 183,000".
        (Some(h), None) if !around(b).into_iter().any(|w| same_head(h, w)) => Evidence::None,
        (None, Some(h)) if !around(a).into_iter().any(|w| same_head(h, w)) => Evidence::None,
        _ => match around(a).intersection(&around(b)).count() {
            0 => Evidence::None,
            1 => Evidence::Weak,
            _ => Evidence::Medium,
        },
    }
}

/// Evidence that a figure counting a vague noun (`vague`: "people") and a figure with
/// no noun after it (`bare`) count the same thing: what the people did (its deed, two
/// stems of it at least) is what the bare figure's sentence is about.
fn what_they_did(vague: &Reading, bare: &Reading) -> Evidence {
    let named = vague
        .deed
        .iter()
        .filter(|w| bare.sentence.stems.contains(*w))
        .count();
    if named >= 2 {
        Evidence::Medium
    } else {
        Evidence::None
    }
}

/// Stems common to two sets.
fn shared(a: &BTreeSet<String>, b: &BTreeSet<String>) -> usize {
    a.intersection(b).count()
}

/// Names next to the figures do not point at different subjects or places ("26 dead in
/// Gaza" and "12 dead in Israel" count different things), and a place one figure is
/// tied to is named in the other sentence too ("doses for Mexico and Canada" is not
/// "doses").
fn same_subject(a: &Reading, b: &Reading) -> bool {
    // Different actors: "Sanders raised $34.5 million", "Trump raised $46 million".
    if !a.agents.is_empty() && !b.agents.is_empty() && a.agents.is_disjoint(&b.agents) {
        return false;
    }
    // Places a figure is tied to must be the same places: "doses with Mexico" are not
    // "doses to Canada and Mexico".
    if !a.scope.is_empty() && !b.scope.is_empty() && a.scope != b.scope {
        return false;
    }
    let all = |r: &Reading| -> BTreeSet<String> { r.scope.union(&r.tags).cloned().collect() };
    let (na, nb) = (all(a), all(b));
    if !na.is_empty() && !nb.is_empty() {
        return !na.is_disjoint(&nb);
    }
    (nb.is_empty() || a.scope.is_empty() && mentions_all(a, &b.scope))
        && (na.is_empty() || b.scope.is_empty() && mentions_all(b, &a.scope))
}

/// The figure's sentence names every one of `names`.
fn mentions_all(r: &Reading, names: &BTreeSet<String>) -> bool {
    names.iter().all(|n| r.sentence.lower.contains(n))
}

/// The periods named next to the figures, if both name one, have one in common. When
/// both figures' days are known, those days decide instead of the weekday names
/// ("Monday" of two weeks is two days; "yesterday" and "Wednesday" may be one): a
/// fixed quantity (the size of a bill, a vote) on two days is two events; a running
/// count on two days is still one quantity, and the time of the claims (decided with
/// the days) makes it an update.
fn same_period(a: &Reading, b: &Reading) -> bool {
    let resolved = a.day.is_some() && b.day.is_some();
    if resolved && !(a.evolving || b.evolving) && a.day != b.day {
        return false;
    }
    let (pa, pb) = (kept_periods(a, resolved), kept_periods(b, resolved));
    pa.is_empty() || pb.is_empty() || !pa.is_disjoint(&pb)
}

/// A figure's periods, without weekday names when `resolved` (its day is compared).
fn kept_periods(r: &Reading, resolved: bool) -> BTreeSet<&String> {
    r.periods
        .iter()
        .filter(|p| !(resolved && is_weekday(p)))
        .collect()
}

/// The words of `unit` as written that match `lowered` (lower-cased words), in order.
fn as_written(unit: &Unit, lowered: &[String]) -> Vec<String> {
    let found = words(&unit.text);
    lowered
        .iter()
        .map(|w| {
            found
                .iter()
                .find(|t| t.text.to_lowercase() == *w)
                .map_or_else(|| w.clone(), |t| t.text.to_string())
        })
        .collect()
}

/// What the figure counts, in plain words ("the number of workers injured", "the
/// amount of the bill", "the number of people killed in Gaza").
pub(crate) fn about(
    a: &Reading,
    quantity: &Quantity,
    unit: &Unit,
    shared_names: &[String],
) -> String {
    let counted = as_written(unit, &a.counted_words).join(" ");
    let place = |s: String| -> String {
        let named = |n: &String| a.counted_words.contains(&n.to_lowercase());
        match shared_names.iter().find(|n| !named(n)) {
            Some(name) => format!("{s} in {name}"),
            None => s,
        }
    };
    if a.role == Role::Tally {
        return "the vote".to_string();
    }
    if a.head.as_deref() == Some(norm("age").as_str()) {
        if let Some(person) = a.tags.iter().next() {
            let person = as_written(unit, std::slice::from_ref(person)).join("");
            return format!("the age of {person}");
        }
    }
    let has_noun = !counted.is_empty();
    let written = as_written(unit, &a.counted_words);
    // "a 48-page indictment": the pages of the indictment.
    let glued = written.len() > 1 && a.head.as_deref() == Some(norm(&a.counted_words[0]).as_str());
    let partitive = unit
        .text
        .chars()
        .skip(quantity.end)
        .take(4)
        .collect::<String>()
        .starts_with(" of ");
    let thing = match &quantity.kind {
        _ if glued => format!(
            "the number of {}s in the {}",
            written[0],
            written[1..].join(" ")
        ),
        QuantityKind::Money { .. } if has_noun => format!("the amount of the {counted}"),
        QuantityKind::Money { .. } => "the amount".to_string(),
        QuantityKind::Percent if has_noun && !partitive => format!("the {counted}"),
        QuantityKind::Percent if has_noun => format!("the share of {counted}"),
        QuantityKind::Percent => "the percentage".to_string(),
        QuantityKind::Unit { unit } => {
            format!(
                "the number of {}s",
                unit.replace("foot", "feet").replace("inch", "inche")
            )
        }
        _ if has_noun => format!("the number of {counted}"),
        _ => format!("the figure \"{}\"", quantity.text),
    };
    let thing = match (a.role, participle(unit, quantity, a)) {
        (Role::Change(_), _) => format!("the change in {}", thing.trim_start_matches("the ")),
        (Role::Earlier, _) => format!("the earlier {}", thing.trim_start_matches("the ")),
        (Role::Rate, _) => format!("the rate of {}", thing.trim_start_matches("the ")),
        (_, Some(p)) if has_noun && !glued => format!("{thing} {p}"),
        _ => thing,
    };
    let thing = if a.forecast {
        format!("the expected {}", thing.trim_start_matches("the "))
    } else {
        thing
    };
    place(thing)
}

/// The participle that says what happened to what is counted ("workers were injured" →
/// injured; "people killed" → killed).
fn participle(unit: &Unit, quantity: &Quantity, a: &Reading) -> Option<String> {
    let after: String = unit
        .text
        .chars()
        .skip(quantity.end)
        .take(80)
        .take_while(|c| !matches!(c, ',' | ';' | ':' | '.' | '(' | '—'))
        .collect();
    let ws: Vec<String> = after
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut k = a.counted_words.len();
    while ws.get(k).is_some_and(|w| {
        matches!(
            w.as_str(),
            "were" | "was" | "have" | "had" | "has" | "been" | "are" | "is"
        )
    }) {
        k += 1;
    }
    let w = ws.get(k)?;
    let known = matches!(
        w.as_str(),
        "dead" | "hurt" | "missing" | "killed" | "injured"
    );
    (known || (w.ends_with("ed") && w.chars().count() > 4)).then(|| w.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::Article;

    fn unit(text: &str) -> Unit {
        let articles = [Article::new("a", text)];
        let story = crate::test_story(&articles, &[]);
        let options = crate::FactOptions::default();
        crate::units::units(&story, &options, parallax_text::loaded::Lexicon::builtin()).remove(0)
    }

    fn read_first(text: &str) -> Reading {
        let u = unit(text);
        readings(&u).remove(0)
    }

    /// The readings of a sentence of an article published on `day`.
    fn read_dated(text: &str, day: &str) -> Vec<Reading> {
        let mut article = Article::new("a", text);
        article.published = Some(day.into());
        let articles = [article];
        let story = crate::test_story(&articles, &[]);
        let options = crate::FactOptions::default();
        let units =
            crate::units::units(&story, &options, parallax_text::loaded::Lexicon::builtin());
        readings(&units[0])
    }

    #[test]
    fn each_figure_takes_the_day_named_nearest_to_it() {
        let found = read_dated(
            "The 412 cases reported in Calder on Tuesday followed 455 cases on Monday.",
            "2026-10-14",
        );
        let days: Vec<Option<String>> =
            found.iter().map(|r| r.day.map(|d| d.to_string())).collect();
        assert_eq!(
            days,
            [
                Some("2026-10-13".to_string()),
                Some("2026-10-12".to_string())
            ]
        );
        // The one day a sentence names, further on than the figure's own words.
        let found = read_dated(
            "About 1,500 residents were ordered out of their homes after the fire broke out at the solvent store shortly before dawn on Thursday.",
            "2026-10-16",
        );
        assert_eq!(
            found[0].day.map(|d| d.to_string()).as_deref(),
            Some("2026-10-15")
        );
        // Undated: a weekday is never resolved, the name alone is kept.
        let undated = read_first("The 412 cases reported in Calder on Tuesday were a record.");
        assert_eq!(undated.day, None);
        assert!(undated.periods.contains("tuesday"));
    }

    #[test]
    fn resolved_days_decide_the_period_instead_of_weekday_names() {
        let bill = |text: &str, day: &str| read_dated(text, day).remove(0);
        // One day named two ways: one period.
        let yesterday = bill(
            "The council blocked a $500 million bill yesterday.",
            "2026-10-16",
        );
        let thursday = bill(
            "The council blocked a $300 million bill on Thursday.",
            "2026-10-17",
        );
        assert!(same_period(&yesterday, &thursday));
        // The same weekday of two weeks: two events for a fixed quantity.
        let earlier = bill(
            "The council blocked a $500 million bill on Monday.",
            "2026-10-13",
        );
        let later = bill(
            "The council blocked a $300 million bill on Monday.",
            "2026-10-20",
        );
        assert!(!same_period(&earlier, &later));
        // A running count of two days is still one quantity (the time makes it an update).
        let first = bill(
            "Officials said 28 people were killed in Dorvan on Monday.",
            "2026-10-13",
        );
        let second = bill(
            "Officials said 31 people were killed in Dorvan on Monday.",
            "2026-10-20",
        );
        assert!(first.evolving && second.evolving);
        assert!(same_period(&first, &second));
    }

    #[test]
    fn bounds_and_rounding_give_the_values_a_figure_admits() {
        let more = read_first("Organisers handed in more than 1.6 million valid signatures.");
        let exact = read_first("Organisers handed in 1,626,042 valid signatures.");
        assert!(compatible(&more, &exact));
        let eight = read_first("At least eight people died in the crash on the ring road.");
        let nine = read_first("Nine people died in the crash on the ring road.");
        assert!(compatible(&eight, &nine));
        let about = read_first("About 1,500 residents left their homes near the quarry.");
        let precise = read_first("Exactly 1,480 residents left their homes near the quarry.");
        assert!(compatible(&about, &precise));
        let other = read_first("About 1,200 residents left their homes near the quarry.");
        assert!(!compatible(&about, &other));
        let ten = read_first("The strike lasted more than 10 days at the port.");
        let eleven = read_first("The strike lasted 11 days at the port.");
        assert!(compatible(&ten, &eleven));
    }

    #[test]
    fn nearly_admits_less_than_its_round_figure_only() {
        let nearly = read_first("The ministry will pay out nearly $6 billion to growers.");
        let more = read_first("The ministry will pay out $6.3 billion to growers.");
        let less = read_first("The ministry will pay out $5.8 billion to growers.");
        assert!(!compatible(&nearly, &more));
        assert!(compatible(&nearly, &less));
        // The round figure's own rounding still widens it downwards.
        let claims = read_first("Nearly 3 million workers applied for benefits last week.");
        let exact = read_first("Exactly 2,981,000 workers applied for benefits last week.");
        assert!(compatible(&claims, &exact));
    }

    #[test]
    fn figures_in_words_and_ranges_are_read_without_guessing() {
        let dozens = read_first("Some two dozen boats were moored at the jetty overnight.");
        let twenty_three = read_first("There were 23 boats moored at the jetty overnight.");
        assert!(compatible(&dozens, &twenty_three));
        let u = unit("Between 20 and 30 boats were moored at the jetty overnight.");
        let range = readings(&u);
        assert_eq!((range[0].lo, range[0].hi), (20.0, 30.0));
        assert_eq!(range[1].bound, Bound::Range);
        let forty = read_first("There were 40 boats moored at the jetty overnight.");
        assert!(!compatible(&range[1], &forty));
        let u = unit("The repairs took three years and four months to finish.");
        assert!(readings(&u).iter().all(|r| r.unreadable));
    }

    #[test]
    fn changes_earlier_values_forecasts_and_tallies_are_told_apart() {
        let u = unit("Claims fell by 97,000 to 684,000 from 781,000 the week before.");
        let roles: Vec<Role> = readings(&u).iter().map(|r| r.role).collect();
        assert_eq!(roles, [Role::Change(-1), Role::Level, Role::Earlier]);
        let forecast = read_first("Economists had expected 150,000 new jobs in the month.");
        assert!(forecast.forecast);
        let u = unit("The council passed the plan 7-2 on a late vote.");
        assert!(readings(&u).iter().all(|r| r.role == Role::Tally));
    }
}
