//! `Tone`: sentence-level loaded-language detection from weighted cues.
//!
//! Every weight here was set by hand from what the cue means (a pejorative label counts
//! fully, an intensifier half, a reporting verb against), not fitted to any data set;
//! the evaluation data (BABE) is only ever used to measure the result.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

static DEFAULT_TONE: LazyLock<Tone> = LazyLock::new(|| {
    let mut tone = Tone::empty();
    tone.add_team_list(include_str!("../../lexicon/loaded.txt"));
    tone.add_team_list(include_str!("../../lexicon/tone.txt"));
    tone.add_sentiment(include_str!("../../lexicon/vader.txt"));
    tone.add_subjectivity(include_str!("../../lexicon/subjectivity.txt"));
    tone
});

/// FNV-1a: lexicon look-ups are the hot loop, and the keys are short words.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;

/// Why a word or sentence counts towards loaded language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cue {
    /// An entry of the team lists (labels, accusations, evaluative words, emotive verbs,
    /// intensifiers).
    Lexicon,
    /// A strongly valenced word of the VADER lexicon.
    Sentiment,
    /// A subjective adjective of the Pattern lexicon.
    Subjective,
}

/// A loaded word of a sentence, with its code-point span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadedWord<'a> {
    /// Start offset in code points.
    pub start: usize,
    /// End offset in code points (exclusive).
    pub end: usize,
    /// The word verbatim.
    pub text: &'a str,
    /// Weight the word adds to the sentence score.
    pub weight: f64,
    /// The strongest cue that marked it.
    pub cue: Cue,
}

/// The tone of one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct ToneResult<'a> {
    /// Whether the sentence uses loaded language (`score >= threshold`).
    pub loaded: bool,
    /// Sum of the cue weights (reporting cues count against).
    pub score: f64,
    /// The loaded words, in text order.
    pub words: Vec<LoadedWord<'a>>,
}

/// A loaded-language classifier built from weighted lexicons and sentence cues.
///
/// ```
/// use parallax_text::loaded::Tone;
///
/// let tone = Tone::default();
/// let r = tone.analyse("The reckless, so-called reform is a shameful power grab!");
/// assert!(r.loaded);
/// assert!(r.words.iter().any(|w| w.text == "reckless"));
/// assert!(!tone.analyse("The council approved the budget on Tuesday, officials said.").loaded);
/// ```
#[derive(Debug, Clone)]
pub struct Tone {
    exact: FastMap<f64>,
    prefixes: FastMap<f64>,
    prefix_lens: Vec<usize>,
    phrases: FastMap<Vec<(Vec<String>, f64)>>,
    sentiment: FastMap<f64>,
    subjectivity: FastMap<f64>,
    /// Score at which a sentence counts as loaded.
    pub threshold: f64,
}

impl Default for Tone {
    fn default() -> Self {
        DEFAULT_TONE.clone()
    }
}

/// The sentence-level cues and their weights.
const EXCLAMATION: f64 = 1.0;
const QUESTION: f64 = 0.5;
const SCARE_QUOTE: f64 = 0.5;
const FIRST_PERSON: f64 = 0.5;
const ATTRIBUTION: f64 = -1.0;
const FIGURES: f64 = -0.5;
const LY_ADVERB: f64 = 0.25;
/// A word is reported as loaded from this weight on.
const WORD_MARK: f64 = 0.5;

impl Tone {
    /// A classifier with no lexicon (only sentence cues) and the default threshold.
    pub fn empty() -> Tone {
        Tone {
            exact: FastMap::default(),
            prefixes: FastMap::default(),
            prefix_lens: Vec::new(),
            phrases: FastMap::default(),
            sentiment: FastMap::default(),
            subjectivity: FastMap::default(),
            threshold: 1.5,
        }
    }

    /// Add a team list: one entry a line, `*` suffix for prefixes, `@weight W` lines set
    /// the weight of what follows (1 until the first). An entry listed twice adds up.
    pub fn add_team_list(&mut self, source: &str) {
        let mut weight = 1.0;
        for line in source.lines() {
            let entry = line.trim().to_lowercase();
            if let Some(w) = entry.strip_prefix("@weight") {
                weight = w.trim().parse().unwrap_or(weight);
                continue;
            }
            if entry.is_empty() || entry.starts_with('#') {
                continue;
            }
            if entry.contains(' ') {
                let mut parts = entry.split_whitespace().map(str::to_string);
                let Some(first) = parts.next() else { continue };
                self.phrases
                    .entry(first)
                    .or_default()
                    .push((parts.collect(), weight));
            } else if let Some(prefix) = entry.strip_suffix('*') {
                *self.prefixes.entry(prefix.to_string()).or_default() += weight;
                if !self.prefix_lens.contains(&prefix.len()) {
                    self.prefix_lens.push(prefix.len());
                    self.prefix_lens.sort_unstable();
                }
            } else {
                *self.exact.entry(entry).or_default() += weight;
            }
        }
    }

    /// Add a sentiment lexicon: `word<TAB>valence` lines (VADER's scale, -4..4).
    pub fn add_sentiment(&mut self, source: &str) {
        for (word, rest) in tab_lines(source) {
            if let Some(v) = rest.first().and_then(|v| v.parse::<f64>().ok()) {
                self.sentiment.insert(word.to_string(), v);
            }
        }
    }

    /// Add a subjectivity lexicon: `word<TAB>subjectivity<TAB>polarity` lines (0..1).
    pub fn add_subjectivity(&mut self, source: &str) {
        for (word, rest) in tab_lines(source) {
            if let Some(v) = rest.first().and_then(|v| v.parse::<f64>().ok()) {
                self.subjectivity.insert(word.to_string(), v);
            }
        }
    }

    /// Weight of one lower-cased word from the lexicons, with its strongest cue.
    fn word_weight(&self, word: &str) -> (f64, Cue) {
        let mut team = self.exact.get(word).copied().unwrap_or(0.0);
        for &len in &self.prefix_lens {
            // A prefix entry matches longer words and the bare stem alike.
            if len > word.len() {
                break;
            }
            if let Some(prefix) = word.get(..len) {
                team += self.prefixes.get(prefix).copied().unwrap_or(0.0);
            }
        }
        let valence = self.sentiment.get(word).copied().unwrap_or(0.0).abs();
        let sentiment = if valence >= 2.0 {
            0.5
        } else if valence >= 1.0 {
            0.25
        } else {
            0.0
        };
        let subjective = if self.subjectivity.get(word).copied().unwrap_or(0.0) >= 0.7 {
            0.5
        } else {
            0.0
        };
        let cue = if team > 0.0 {
            Cue::Lexicon
        } else if sentiment >= subjective && sentiment > 0.0 {
            Cue::Sentiment
        } else {
            Cue::Subjective
        };
        (team + sentiment + subjective, cue)
    }

    /// Classify one sentence.
    pub fn analyse<'a>(&self, sentence: &'a str) -> ToneResult<'a> {
        let tokens = tokenize(sentence);
        let mut lower = String::with_capacity(sentence.len());
        let mut spans = Vec::with_capacity(tokens.len());
        for t in &tokens {
            let from = lower.len();
            for c in t.text.chars() {
                if c == '’' {
                    lower.push('\'');
                } else if c.is_ascii() {
                    lower.push(c.to_ascii_lowercase());
                } else {
                    lower.extend(c.to_lowercase());
                }
            }
            spans.push(from..lower.len());
        }
        let word = |i: usize| lower.get(spans[i].clone()).unwrap_or("");
        let mut score = 0.0;
        let mut words = Vec::new();
        let mut first_person = false;
        let mut attribution = false;
        for (i, token) in tokens.iter().enumerate() {
            let w = word(i);
            let (mut weight, mut cue) = self.word_weight(w);
            if let Some(phrases) = self.phrases.get(w) {
                for (rest, pw) in phrases {
                    if rest
                        .iter()
                        .enumerate()
                        .all(|(k, r)| i + 1 + k < tokens.len() && word(i + 1 + k) == r.as_str())
                    {
                        weight += pw;
                        cue = Cue::Lexicon;
                    }
                }
            }
            if w.len() > 4 && w.ends_with("ly") {
                score += LY_ADVERB;
            }
            match w {
                "we" | "our" | "us" => first_person = true,
                "said" | "says" | "told" | "stated" => attribution = true,
                "according" if i + 1 < tokens.len() && word(i + 1) == "to" => attribution = true,
                _ => {}
            }
            score += weight;
            if weight >= WORD_MARK {
                words.push(LoadedWord {
                    start: token.start,
                    end: token.end,
                    text: token.text,
                    weight,
                    cue,
                });
            }
        }
        let has_quote = sentence.contains(['"', '“']);
        if sentence.contains('!') {
            score += EXCLAMATION;
        }
        if sentence.contains('?') {
            score += QUESTION;
        }
        if scare_quote(sentence) {
            score += SCARE_QUOTE;
        }
        if first_person && !has_quote {
            score += FIRST_PERSON;
        }
        if attribution {
            score += ATTRIBUTION;
        }
        if sentence.bytes().any(|b| b.is_ascii_digit()) {
            score += FIGURES;
        }
        ToneResult {
            loaded: score >= self.threshold,
            score,
            words,
        }
    }
}

fn tab_lines(source: &str) -> impl Iterator<Item = (&str, Vec<&str>)> {
    source
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut parts = l.split('\t');
            let word = parts.next()?.trim();
            Some((word, parts.collect()))
        })
}

/// A token: letters, with inner apostrophes and hyphens ("far-right", "don't").
struct Token<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().enumerate().peekable();
    while let Some((cp, (byte, c))) = chars.next() {
        if !c.is_alphabetic() {
            continue;
        }
        let mut end_cp = cp + 1;
        let mut end_byte = byte + c.len_utf8();
        while let Some(&(_, (b, c))) = chars.peek() {
            if c.is_alphabetic() {
                end_cp += 1;
                end_byte = b + c.len_utf8();
                chars.next();
            } else if matches!(c, '\'' | '’' | '-') {
                // Inner joiner only when a letter follows.
                let next_is_letter = text
                    .get(b + c.len_utf8()..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(char::is_alphabetic);
                if !next_is_letter {
                    break;
                }
                end_cp += 1;
                end_byte = b + c.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        out.push(Token {
            start: cp,
            end: end_cp,
            text: text.get(byte..end_byte).unwrap_or(""),
        });
    }
    out
}

/// A short quoted phrase (up to 30 characters) opened at the start or after a space:
/// quotation used to distance the writer from a term ("so-called" by punctuation).
fn scare_quote(sentence: &str) -> bool {
    let mut prev_space = true;
    for (i, c) in sentence.char_indices() {
        if (c == '"' || c == '“') && prev_space {
            let rest = sentence.get(i + c.len_utf8()..).unwrap_or("");
            for (n, d) in rest.chars().enumerate() {
                if n >= 31 {
                    break;
                }
                if d == '"' || d == '”' {
                    if n > 0 {
                        return true;
                    }
                    break;
                }
            }
        }
        prev_space = c.is_whitespace();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_inner_hyphens_and_apostrophes_with_code_point_offsets() {
        let t = tokenize("Ça — far-right 'don’t' x-");
        let got: Vec<(&str, usize, usize)> = t.iter().map(|t| (t.text, t.start, t.end)).collect();
        assert_eq!(
            got,
            [
                ("Ça", 0, 2),
                ("far-right", 5, 14),
                ("don’t", 16, 21),
                ("x", 23, 24)
            ]
        );
    }

    #[test]
    fn weights_come_from_lists_prefixes_phrases_and_directives() {
        let mut tone = Tone::empty();
        tone.add_team_list("slam*\n@weight 0.5\nvery\nwitch hunt\n");
        let r = tone.analyse("They slammed the very witch hunt");
        let marked: Vec<&str> = r.words.iter().map(|w| w.text).collect();
        assert_eq!(marked, ["slammed", "very", "witch"]);
        assert!((r.score - 2.0).abs() < 1e-9, "{}", r.score);
        assert!(r.loaded);
    }

    #[test]
    fn reporting_cues_count_against_and_scare_quotes_for() {
        let tone = Tone::empty();
        assert!(tone.analyse("He said 3 people left.").score < 0.0);
        assert!(scare_quote("The \"reform\" passed."));
        assert!(!scare_quote(
            "He said: \"We will build a new bridge across the river this year.\""
        ));
        assert!(tone.analyse("What a day!").score >= 1.0);
    }

    #[test]
    fn default_tone_separates_reporting_from_loaded_prose() {
        let tone = Tone::default();
        assert!(!tone.analyse("").loaded);
        assert!(
            !tone
                .analyse("The ministry approved the budget on Tuesday, officials said.")
                .loaded
        );
        assert!(
            tone.analyse("Radical leftists are pushing a disastrous, dishonest scheme.")
                .loaded
        );
    }
}
