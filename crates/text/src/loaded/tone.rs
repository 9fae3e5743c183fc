//! `Tone`: sentence-level loaded-language detection from weighted cues.
//!
//! Every weight here was set by hand from what the cue means (a pejorative label counts
//! fully, an intensifier half, a reporting verb against), not fitted to any data set;
//! the evaluation data (BABE) is only used to measure the result, and its overall
//! macro-F1 chose between a few general designs (a word counts once or per list;
//! sentiment on every word or on modifiers only; length scaling or none) and set the one
//! decision threshold. No word, weight or rule comes from its sentences or marked words.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

static DEFAULT_TONE: LazyLock<Tone> = LazyLock::new(|| {
    let mut tone = Tone::empty();
    tone.add_team_list(include_str!("../../lexicon/loaded.txt"));
    tone.add_team_list(include_str!("../../lexicon/tone.txt"));
    tone.add_sentiment(include_str!("../../lexicon/vader.txt"));
    tone.add_subjectivity(include_str!("../../lexicon/subjectivity.txt"));
    tone.add_common_words(include_str!("../../lexicon/common.txt"));
    tone
});

/// FNV-1a: lexicon look-ups are the hot loop, and the keys are short words.
#[derive(Default)]
pub(super) struct Fnv(u64);

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

/// Word-keyed maps and sets with [`Fnv`] hashing (the [`Lexicon`](super::Lexicon) uses
/// them too).
pub(super) type FastMap<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;
pub(super) type FastSet = HashSet<String, BuildHasherDefault<Fnv>>;

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
    /// Sum of the cue weights (reporting cues count against), scaled to a 25-word
    /// sentence: the density of loaded wording that `loaded` compares with the threshold.
    pub score: f64,
    /// Sum of the cue weights before length scaling: how much loaded wording the
    /// sentence carries in all (what the narratives stage ranks sentences by).
    pub sum: f64,
    /// The loaded words, in text order.
    pub words: Vec<LoadedWord<'a>>,
    /// The writer's-register cues the score counted (features for a learned model).
    pub register: Register,
}

/// The sentence-level cues of the writer's register that [`Tone::analyse`] counts: what
/// a learned model weighs beside the lexicon score.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Register {
    /// Word tokens.
    pub tokens: usize,
    /// An exclamation mark.
    pub exclamation: bool,
    /// A question mark.
    pub question: bool,
    /// A short quoted phrase opened after a space ("so-called" use of quotes).
    pub scare_quote: bool,
    /// Any double quotation mark.
    pub quotation: bool,
    /// A contraction outside quotes.
    pub contraction: bool,
    /// First- or second-person voice outside quotes.
    pub personal_voice: bool,
    /// A reporting verb or "according to".
    pub attribution: bool,
    /// A digit.
    pub figures: bool,
    /// A day, month or "yesterday".
    pub dated: bool,
    /// Lower-case words outside the common-word list.
    pub uncommon: usize,
    /// "-ly" adverbs.
    pub ly_adverbs: usize,
    /// Superlatives of subjective adjectives.
    pub superlatives: usize,
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
    common: FastSet,
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
/// First- or second-person voice outside quotes: the writer speaking for a group ("we")
/// or to the reader ("you").
const PERSONAL_VOICE: f64 = 0.5;
/// A contraction outside quotes ("don't", "it's"): the informal register of commentary;
/// news copy spells them out except in quotations.
const CONTRACTION: f64 = 0.5;
const ATTRIBUTION: f64 = -1.0;
const FIGURES: f64 = -0.5;
/// A day, month or "yesterday": dated, specific reporting, like figures.
const DATED: f64 = -0.5;
/// The sentence length (in words) at which the score is not scaled.
const TYPICAL_WORDS: f64 = 25.0;
const LY_ADVERB: f64 = 0.25;
/// A superlative of a subjective adjective ("greatest", "worst") on top of the word.
const SUPERLATIVE: f64 = 0.5;
/// A lower-case word outside the common-word list: colourful or coined vocabulary
/// ("obsequious", "zany", "self-serving") rather than the plain words of reporting. Counts
/// like a half-weight cue when no lexicon weighs the word more; not reported as a word.
const UNCOMMON: f64 = 0.5;
/// A word is reported as loaded from this weight on.
const WORD_MARK: f64 = 0.5;

impl Tone {
    /// The built-in classifier, shared: the stages that score every story's sentences
    /// borrow it rather than clone its lexicons ([`Tone::default`] is an owned copy).
    pub fn builtin() -> &'static Tone {
        &DEFAULT_TONE
    }

    /// A classifier with no lexicon (only sentence cues) and the default threshold.
    pub fn empty() -> Tone {
        Tone {
            exact: FastMap::default(),
            prefixes: FastMap::default(),
            prefix_lens: Vec::new(),
            phrases: FastMap::default(),
            sentiment: FastMap::default(),
            subjectivity: FastMap::default(),
            common: FastSet::default(),
            // Chosen on BABE's overall macro-F1 in steps of 0.125 (the only number set by
            // looking at evaluation data; F1 stays within 0.01 of its best over 1.5-1.75).
            threshold: 1.5,
        }
    }

    /// Add a team list: one entry a line, `*` suffix for prefixes, `@weight W` lines set
    /// the weight of what follows (1 until the first). An entry listed twice keeps its
    /// largest weight, and a word matched by several entries counts once, with the largest.
    /// In a phrase, a later word ending in `*` matches any ending ("illegal alien*").
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
                let w = self.prefixes.entry(prefix.to_string()).or_default();
                *w = w.max(weight);
                if !self.prefix_lens.contains(&prefix.len()) {
                    self.prefix_lens.push(prefix.len());
                    self.prefix_lens.sort_unstable();
                }
            } else {
                let w = self.exact.entry(entry).or_default();
                *w = w.max(weight);
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

    /// Add a list of common words, one a line (`#` comments): with a list, a lower-case
    /// word outside it counts as uncommon vocabulary. Without one, none does.
    pub fn add_common_words(&mut self, source: &str) {
        for line in source.lines() {
            let word = line.trim();
            if !word.is_empty() && !word.starts_with('#') {
                self.common.insert(word.to_lowercase());
            }
        }
    }

    /// Whether a token is uncommon vocabulary: lower-case in the text (names and sentence
    /// starts are capitalised), and, without a possessive "'s", not in the common list.
    /// Hyphenated compounds ("well-oiled", "job-killing") are never in the list, so count.
    fn is_uncommon(&self, token: &str, lower: &str) -> bool {
        if self.common.is_empty() || !token.chars().next().is_some_and(char::is_lowercase) {
            return false;
        }
        let word = lower.strip_suffix("'s").unwrap_or(lower);
        !self.common.contains(word)
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
                team = team.max(self.prefixes.get(prefix).copied().unwrap_or(0.0));
            }
        }
        // Sentiment counts on modifiers only (adjectives of the subjectivity lexicon and
        // "-ly" adverbs): a valenced noun or verb ("abuse", "kill", "win") mostly names
        // the event reported, while a valenced modifier is the writer's judgement of it.
        let modifier = word.ends_with("ly") || self.subjectivity.contains_key(word);
        let valence = if modifier {
            self.sentiment.get(word).copied().unwrap_or(0.0).abs()
        } else {
            0.0
        };
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
        // A word counts once, with its strongest cue: the lists overlap (a word can be an
        // accusation, valenced and subjective at once), and summing them made single
        // event words ("abuse", "attack") weigh as much as three loaded words.
        (team.max(sentiment).max(subjective), cue)
    }

    /// Whether a lower-cased word is the superlative of a subjective adjective: "best",
    /// "worst", or an "-est" form whose base is subjective in the subjectivity lexicon
    /// ("greatest", "nicest", "happiest", "saddest"), not a measure ("largest", "newest").
    fn is_superlative(&self, word: &str) -> bool {
        if matches!(word, "best" | "worst") {
            return true;
        }
        let Some(stem) = word.strip_suffix("est") else {
            return false;
        };
        if stem.len() < 3 {
            return false;
        }
        let subjective = |base: &str| self.subjectivity.get(base).is_some_and(|s| *s >= 0.6);
        let bytes = stem.as_bytes();
        let doubled = bytes.len() >= 2 && bytes[bytes.len() - 1] == bytes[bytes.len() - 2];
        subjective(stem)
            || subjective(&format!("{stem}e"))
            || stem
                .strip_suffix('i')
                .is_some_and(|s| subjective(&format!("{s}y")))
            || (doubled && stem.get(..stem.len() - 1).is_some_and(subjective))
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
        let mut personal_voice = false;
        let mut contraction = false;
        let mut attribution = false;
        let mut dated = false;
        let (mut uncommon, mut ly_adverbs, mut superlatives) = (0, 0, 0);
        for (i, token) in tokens.iter().enumerate() {
            let w = word(i);
            let (mut weight, mut cue) = self.word_weight(w);
            if let Some(phrases) = self.phrases.get(w) {
                for (rest, pw) in phrases {
                    if rest.iter().enumerate().all(|(k, r)| {
                        i + 1 + k < tokens.len() && phrase_part_matches(r, word(i + 1 + k))
                    }) {
                        weight += pw;
                        cue = Cue::Lexicon;
                    }
                }
            }
            contraction |= is_contraction(w);
            if w.len() > 4 && w.ends_with("ly") {
                score += LY_ADVERB;
                ly_adverbs += 1;
            }
            if self.is_superlative(w) {
                weight += SUPERLATIVE;
                superlatives += 1;
            }
            match w {
                "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday"
                | "sunday" | "january" | "february" | "march" | "april" | "june" | "july"
                | "august" | "september" | "october" | "november" | "december" | "yesterday"
                | "today" | "tonight" => dated = true,
                "we" | "our" | "us" | "you" | "your" | "yourself" | "yourselves" => {
                    personal_voice = true;
                }
                "said" | "says" | "told" | "stated" => attribution = true,
                "according" if i + 1 < tokens.len() && word(i + 1) == "to" => attribution = true,
                _ => {}
            }
            score += if weight < UNCOMMON && self.is_uncommon(token.text, w) {
                uncommon += 1;
                UNCOMMON
            } else {
                weight
            };
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
        let register = Register {
            tokens: tokens.len(),
            exclamation: sentence.contains('!'),
            question: sentence.contains('?'),
            scare_quote: scare_quote(sentence),
            quotation: has_quote,
            contraction: contraction && !has_quote,
            personal_voice: personal_voice && !has_quote,
            attribution,
            figures: sentence.bytes().any(|b| b.is_ascii_digit()),
            dated,
            uncommon,
            ly_adverbs,
            superlatives,
        };
        if register.exclamation {
            score += EXCLAMATION;
        }
        if register.question {
            score += QUESTION;
        }
        if register.scare_quote {
            score += SCARE_QUOTE;
        }
        if contraction && !has_quote {
            score += CONTRACTION;
        }
        if personal_voice && !has_quote {
            score += PERSONAL_VOICE;
        }
        if attribution {
            score += ATTRIBUTION;
        }
        if sentence.bytes().any(|b| b.is_ascii_digit()) {
            score += FIGURES;
        }
        if dated {
            score += DATED;
        }
        // Per length: a long sentence has more chances to contain a cue word, so the sum
        // is scaled by sqrt(typical length / length), a 25-word news sentence unscaled.
        let sum = score;
        score *= (TYPICAL_WORDS / tokens.len().max(5) as f64).sqrt();
        ToneResult {
            loaded: score >= self.threshold,
            score,
            sum,
            words,
            register,
        }
    }
}

/// A lower-cased token that contracts a verb or "not" ("don't", "they're", "it's"); a
/// noun's "'s" is a possessive, so only pronoun forms of "'s" count.
fn is_contraction(word: &str) -> bool {
    ["n't", "'re", "'ll", "'ve", "'m", "'d"]
        .iter()
        .any(|end| word.len() > end.len() && word.ends_with(end))
        || matches!(
            word,
            "it's"
                | "that's"
                | "there's"
                | "here's"
                | "what's"
                | "who's"
                | "he's"
                | "she's"
                | "let's"
        )
}

/// One later word of a phrase entry: exact, or a prefix when the entry ends in `*`.
fn phrase_part_matches(entry: &str, word: &str) -> bool {
    match entry.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => entry == word,
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
    use proptest::prelude::*;

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
        // 2.0 of cues, scaled up for a 6-word sentence by sqrt(25 / 6).
        assert!(
            (r.score - 2.0 * (25.0f64 / 6.0).sqrt()).abs() < 1e-9,
            "{}",
            r.score
        );
        assert!(r.loaded);
    }

    /// Sum of cue weights before length scaling.
    fn raw(tone: &Tone, sentence: &str) -> f64 {
        let r = tone.analyse(sentence);
        let n = tokenize(sentence).len().max(5) as f64;
        assert!((r.sum * (TYPICAL_WORDS / n).sqrt() - r.score).abs() < 1e-9);
        r.sum
    }

    #[test]
    fn a_word_counts_once_with_its_largest_weight() {
        let mut tone = Tone::empty();
        tone.add_team_list("abuse*\nabus*\n@weight 0.5\nabuse\n");
        tone.add_sentiment("abuse\t-3.2\n");
        assert!((raw(&tone, "abuse") - 1.0).abs() < 1e-9);
        assert!((raw(&tone, "They abuse abuse") - 2.0).abs() < 1e-9);
        assert_eq!(raw(&tone, "They absorb"), 0.0);
    }

    #[test]
    fn phrase_words_after_the_first_may_be_prefixes() {
        let mut tone = Tone::empty();
        tone.add_team_list("illegal alien*\nwitch hunt\n");
        assert!((raw(&tone, "They met illegal aliens") - 1.0).abs() < 1e-9);
        assert!((raw(&tone, "They met illegal alienation") - 1.0).abs() < 1e-9);
        assert_eq!(raw(&tone, "An illegal parking fine"), 0.0);
        assert_eq!(raw(&tone, "A witch hunter"), 0.0);
    }

    #[test]
    fn sentiment_counts_on_modifiers_not_on_event_words() {
        let mut tone = Tone::empty();
        tone.add_sentiment("abuse\t-3.2\nhorrible\t-2.5\nhorribly\t-2.5\nwin\t2.8\n");
        tone.add_subjectivity("horrible\t1.0\t-1.0\n");
        // A noun or verb of the event reported: no weight.
        assert_eq!(raw(&tone, "The abuse case went to court"), 0.0);
        assert_eq!(raw(&tone, "They hope to win the seat"), 0.0);
        // The same valence on an adjective or an -ly adverb is the writer's judgement.
        assert!(raw(&tone, "A horrible case") >= 0.5);
        assert!(raw(&tone, "They played horribly") >= 0.5);
    }

    #[test]
    fn superlatives_of_subjective_adjectives_count_not_of_measures() {
        let mut tone = Tone::empty();
        tone.add_subjectivity(
            "great\t0.75\t0.8\nlarge\t0.43\t0.2\nhappy\t1.0\t0.8\nsad\t1.0\t-0.5\nnice\t1.0\t0.6\n",
        );
        for word in ["greatest", "happiest", "saddest", "nicest", "best", "worst"] {
            assert!(tone.is_superlative(word), "{word}");
        }
        for word in ["largest", "newest", "interest", "protest", "great", "est"] {
            assert!(!tone.is_superlative(word), "{word}");
        }
        assert!((raw(&tone, "the greatest show") - SUPERLATIVE).abs() < 1e-9);
        assert_eq!(raw(&tone, "the largest show"), 0.0);
    }

    #[test]
    fn dates_count_as_reporting_and_long_sentences_are_scaled_down() {
        let tone = Tone::empty();
        assert!((raw(&tone, "The vote took place on Tuesday") - DATED).abs() < 1e-9);
        assert_eq!(raw(&tone, "The vote took place in the hall"), 0.0);
        let mut lists = Tone::empty();
        lists.add_team_list("reckless\n");
        let short = lists.analyse("A reckless plan for the harbour.").score;
        let long = lists.analyse(
            "A reckless plan for the harbour was put to the council by the port authority, \
             which wants to widen the channel, move the ferry berth and build a new quay \
             for the container ships that call there.",
        );
        assert!(
            short > long.score && long.score > 0.0,
            "{short} {}",
            long.score
        );
        assert!(!Tone::empty().analyse("!").score.is_nan());
    }

    #[test]
    fn uncommon_lower_case_words_count_but_are_not_reported() {
        let mut tone = Tone::empty();
        // Without a common-word list nothing is uncommon.
        assert_eq!(raw(&tone, "the zany plan"), 0.0);
        tone.add_common_words("# comment\nthe\nplan\nnation\nwas\nby\nmet\n");
        assert_eq!(raw(&tone, "the plan was met by the nation"), 0.0);
        let r = tone.analyse("the plan was zany");
        assert!((r.sum - UNCOMMON).abs() < 1e-9, "{}", r.sum);
        assert!(r.words.is_empty());
        // Names and sentence starts are capitalised; a possessive is its noun.
        assert_eq!(raw(&tone, "Gervais met the nation's plan"), 0.0);
        // A hyphenated compound is not a listed word.
        assert!((raw(&tone, "the plan was well-oiled") - UNCOMMON).abs() < 1e-9);
        // A lexicon weight above the uncommon one is kept, not added to.
        tone.add_team_list("zany\n");
        assert!((raw(&tone, "the plan was zany") - 1.0).abs() < 1e-9);
        // The default list knows plain reporting words.
        let tone = Tone::default();
        assert_eq!(
            tone.analyse("The council approved the budget for the new school")
                .sum,
            0.0
        );
        assert!(
            tone.analyse("The council pandered to the zany grandees")
                .sum
                >= 1.5
        );
    }

    #[test]
    fn contractions_and_reader_address_outside_quotes_mark_commentary() {
        for w in [
            "don't", "they're", "we'll", "i'm", "it's", "let's", "could've",
        ] {
            assert!(is_contraction(w), "{w}");
        }
        for w in ["nation's", "trump's", "n't", "'re", "its", "dont"] {
            assert!(!is_contraction(w), "{w}");
        }
        let tone = Tone::empty();
        let plain = raw(&tone, "The plan does not add up");
        assert!((raw(&tone, "The plan doesn't add up") - plain - CONTRACTION).abs() < 1e-9);
        assert!(
            (raw(&tone, "Your taxes pay for the plan")
                - raw(&tone, "Their taxes pay for the plan")
                - PERSONAL_VOICE)
                .abs()
                < 1e-9
        );
        // Inside a quotation they are the speaker's words, not the writer's.
        // (Quotations longer than a scare quote.)
        assert_eq!(
            raw(
                &tone,
                "\"It doesn't add up for you or for anyone in town,\" he wrote"
            ),
            0.0
        );
        assert_eq!(
            raw(
                &tone,
                "He wrote: \"We can't pay for a plan that does not add up.\""
            ),
            0.0
        );
    }

    #[test]
    fn hyperbole_conflict_metaphors_and_sarcasm_count() {
        let tone = Tone::default();
        let plain = tone.analyse("The council has held meetings about the harbour plan.");
        assert!(!plain.loaded);
        for sentence in [
            "The council has held endless meetings about the harbour plan.",
            "The council launched an all-out assault on the harbour plan.",
            "So much for the council's promise to listen to the harbour town.",
        ] {
            let r = tone.analyse(sentence);
            assert!(r.sum > plain.sum, "{sentence}: {} vs {}", r.sum, plain.sum);
        }
        assert!(
            tone.analyse("As if the relentless crusade against the harbour town were not enough, the council has held endless meetings.")
                .loaded
        );
        assert!(
            !tone
                .analyse("The army said the assault on the northern town began at dawn on Monday.")
                .loaded
        );
    }

    fn check_invariants(text: &str) {
        let tone = Tone::default();
        let r = tone.analyse(text);
        assert!(r.score.is_finite() && r.sum.is_finite(), "{text:?}");
        assert_eq!(r.loaded, r.score >= tone.threshold);
        let chars = text.chars().count();
        for w in &r.words {
            assert!(w.start < w.end && w.end <= chars, "{text:?}");
            let slice: String = text.chars().skip(w.start).take(w.end - w.start).collect();
            assert_eq!(slice, w.text);
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(text in "(?s).{0,200}") {
            check_invariants(&text);
        }

        #[test]
        fn never_panics_on_cue_like_text(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("est"), Just("bestest"),
                    Just("ly"), Just("n't"),
                    Just("'s"), Just("’"),
                    Just("-"), Just("\""),
                    Just("“"), Just(" "),
                    Just("!"), Just("?"),
                    Just("so much for"), Just("illegal"),
                    Just("aliens"), Just("Ü"),
                    Just("you"), Just("3"),
                    Just("Monday"), Just("said"),
                ],
                0..40,
            )
        ) {
            check_invariants(&words.concat());
        }
    }

    #[test]
    fn stance_adverbs_and_prescriptive_modals_mark_the_writers_voice() {
        let tone = Tone::default();
        assert!(
            tone.analyse(
                "Unfortunately, the council has once again put off the repairs to the bridge."
            )
            .loaded
        );
        // A modal is a half-weight cue: it raises the score, and tips a sentence with
        // another cue over the threshold.
        let modal = tone.analyse("Lawmakers should scrap this plan before it costs the county.");
        let future = tone.analyse("Lawmakers will debate this plan before it costs the county.");
        assert!(
            modal.score > future.score,
            "{} {}",
            modal.score,
            future.score
        );
        assert!(!future.loaded);
        assert!(
            tone.analyse("Lawmakers must scrap this reckless plan before it costs the county.")
                .loaded
        );
        assert!(
            !tone
                .analyse("The council put off the repairs to the bridge until the spring, the mayor said.")
                .loaded
        );
    }

    #[test]
    fn loaded_reporting_verbs_and_names_for_speech_count() {
        let tone = Tone::default();
        assert!(tone.analyse("The senator admitted the deal was struck in private, then doubled down in a tirade against reporters.").loaded);
        assert!(!tone.analyse("The senator said the deal was struck in private and answered questions from reporters.").loaded);
    }

    #[test]
    fn belittling_labels_profanity_and_servility_verbs_count() {
        let tone = Tone::default();
        assert!(
            tone.analyse("The governor's apologists keep pandering to the party's donors.")
                .loaded
        );
        assert!(
            tone.analyse("Damn the planners who wrecked this town centre.")
                .loaded
        );
        assert!(
            !tone
                .analyse("The governor's advisers met the party's donors at a dinner.")
                .loaded
        );
        assert!(
            !tone
                .analyse("The planners who designed the town centre met residents.")
                .loaded
        );
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
