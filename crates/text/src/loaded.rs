//! Loaded language: words and phrases that evaluate instead of report.
//!
//! Two tools live here. [`Lexicon`] is the small team-written list (`lexicon/loaded.txt`)
//! that the facts stage uses to prefer neutral phrasings. [`Tone`] is the sentence
//! classifier behind `parallax tone`: it adds up weighted cues — the team lists
//! (`loaded.txt`, `tone.txt`: evaluative adjectives, pejorative labels, attribution-free
//! accusations, emotive and loaded reporting verbs, intensifiers, writer-stance adverbs,
//! prescriptive modals, profanity), the VADER sentiment lexicon (MIT) on modifiers, the
//! Pattern subjectivity lexicon (PDDL), uncommon vocabulary (lower-case words outside
//! the 20,000 commonest, from SymSpell's dictionary, MIT), superlatives, scare quotes,
//! exclamations, first- and second-person voice and contractions outside quotes — minus reporting cues (attribution, figures, dates), scales the sum
//! by sentence length and calls a sentence loaded when it reaches [`Tone::threshold`].
//! Sources and licences: `lexicon/README.md`.
//!
//! Entries are lower-case words or phrases; a trailing `*` matches any ending ("slam*"
//! matches "slammed").
//!
//! ```
//! use parallax_text::loaded::Lexicon;
//!
//! let lexicon = Lexicon::default();
//! let hits = lexicon.loaded_words("Critics slammed the reckless plan.");
//! assert_eq!(hits.iter().map(|w| w.text).collect::<Vec<_>>(), ["slammed", "reckless"]);
//! assert_eq!(lexicon.loaded_words("The council approved the plan.").len(), 0);
//! ```

use std::sync::LazyLock;

use crate::words::{words, Word};

mod tone;

use tone::{FastMap, FastSet};

pub use tone::{Cue, LoadedWord, Register, Tone, ToneResult};

static DEFAULT_LEXICON: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::parse(include_str!("../lexicon/loaded.txt")));

/// A loaded-language lexicon. Lookups are hashed: the facts stage scores every sentence
/// of every article of a story.
#[derive(Debug, Clone)]
pub struct Lexicon {
    exact: FastSet,
    prefixes: FastSet,
    /// The distinct byte lengths of `prefixes`, ascending.
    prefix_lengths: Vec<usize>,
    /// Phrases by their first word.
    phrases: FastMap<Vec<Vec<String>>>,
}

impl Default for Lexicon {
    fn default() -> Self {
        DEFAULT_LEXICON.clone()
    }
}

impl Lexicon {
    /// The built-in lexicon, shared: the facts stage borrows it for every story rather
    /// than clone it ([`Lexicon::default`] is an owned copy).
    pub fn builtin() -> &'static Lexicon {
        &DEFAULT_LEXICON
    }

    /// Parse a lexicon: one entry per line, `#` comments and blank lines ignored.
    pub fn parse(source: &str) -> Lexicon {
        let mut lexicon = Lexicon {
            exact: FastSet::default(),
            prefixes: FastSet::default(),
            prefix_lengths: Vec::new(),
            phrases: FastMap::default(),
        };
        for line in source.lines() {
            let entry = line.trim().to_lowercase();
            if entry.is_empty() || entry.starts_with('#') || entry.starts_with('@') {
                continue;
            }
            if entry.contains(' ') {
                let phrase: Vec<String> = entry.split_whitespace().map(str::to_string).collect();
                lexicon
                    .phrases
                    .entry(phrase[0].clone())
                    .or_default()
                    .push(phrase);
            } else if let Some(prefix) = entry.strip_suffix('*') {
                lexicon.prefixes.insert(prefix.to_string());
            } else {
                lexicon.exact.insert(entry);
            }
        }
        let mut lengths: Vec<usize> = lexicon.prefixes.iter().map(String::len).collect();
        lengths.sort_unstable();
        lengths.dedup();
        lexicon.prefix_lengths = lengths;
        lexicon
    }

    /// Whether one lower-cased word is loaded.
    pub fn is_loaded(&self, word: &str) -> bool {
        self.exact.contains(word)
            || self
                .prefix_lengths
                .iter()
                .take_while(|&&n| n <= word.len())
                .any(|&n| {
                    word.get(..n)
                        .is_some_and(|prefix| self.prefixes.contains(prefix))
                })
    }

    /// The loaded words of a sentence (the first word of a loaded phrase stands for it).
    pub fn loaded_words<'a>(&self, sentence: &'a str) -> Vec<Word<'a>> {
        let ws = words(sentence);
        let lower: Vec<String> = ws.iter().map(|w| w.text.to_lowercase()).collect();
        let mut out = Vec::new();
        for (i, w) in ws.iter().enumerate() {
            let phrase = self.phrases.get(&lower[i]).is_some_and(|phrases| {
                phrases.iter().any(|p| {
                    lower
                        .get(i..i + p.len())
                        .is_some_and(|window| window.iter().eq(p.iter()))
                })
            });
            if phrase || self.is_loaded(&lower[i]) {
                out.push(*w);
            }
        }
        out
    }

    /// Share of a sentence's words that are loaded, in `[0, 1]`; scare quotes and
    /// exclamation marks add to it.
    pub fn score(&self, sentence: &str) -> f64 {
        let total = words(sentence).len();
        if total == 0 {
            return 0.0;
        }
        let hits = self.loaded_words(sentence).len() as f64;
        let exclaim = if sentence.contains('!') { 1.0 } else { 0.0 };
        ((hits + exclaim) / total as f64 * 4.0).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_exact_words_and_phrases_match() {
        let lexicon = Lexicon::parse("slam*\nregime\nwar on\n# comment\n");
        let hits: Vec<&str> = lexicon
            .loaded_words("The regime slammed its war on farmers, not the warden.")
            .iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(hits, ["regime", "slammed", "war"]);
    }

    #[test]
    fn neutral_reporting_scores_zero_and_loaded_scores_higher() {
        let lexicon = Lexicon::default();
        assert_eq!(
            lexicon.score("The ministry approved the budget on Tuesday."),
            0.0
        );
        assert!(lexicon.score("A shocking, reckless scheme!") > 0.5);
        assert_eq!(lexicon.score(""), 0.0);
    }
}
