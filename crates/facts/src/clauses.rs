//! Claim units below the sentence: a sentence that joins independent clauses ("A; B",
//! "A, and B", "A, but B") reports two claims, and outlets often report only one of
//! them. Each clause then becomes a unit of its own, so that it can be aligned with the
//! other outlets' sentences, cited and phrased by itself.
//!
//! Cutting is conservative, because a fact must read as a complete statement:
//!
//! - a sentence that says who the claim comes from ("…, officials said") or quotes
//!   someone is never cut: the attribution and the quote's speaker stay with the claim;
//! - only at a semicolon or at a comma followed by a coordinating conjunction, outside
//!   parentheses;
//! - only where the second clause opens with its own subject written with a capital or
//!   a figure ("…, and Sanders won Nevada"), never a pronoun or a lower-case word, which
//!   would leave a fragment ("…, and said", "…, and he left") or a fact starting in lower
//!   case;
//! - only when both sides have at least `min_words` words.
//!
//! Lists ("X, Y and Z were injured") are not split: one claim about several things; a
//! comma whose preceding item is short ends a list item, not a clause.

use parallax_text::quotes::{attribution, quotes};
use parallax_text::words::words;

/// Conjunctions that join two independent clauses after a comma.
const CONJUNCTIONS: [&str; 5] = ["and", "but", "while", "whereas", "yet"];

/// Words that, capitalised, still do not open a clause with a subject of its own.
const NOT_A_SUBJECT: [&str; 12] = [
    "He", "She", "It", "They", "This", "That", "These", "Those", "His", "Her", "Their", "Its",
];

/// Byte ranges of the claim units of `sentence`, in text order: the whole sentence, or
/// its independent clauses (each trimmed of the punctuation that joined it to the next).
pub fn clause_spans(sentence: &str, min_words: usize) -> Vec<(usize, usize)> {
    let whole = vec![(0, sentence.len())];
    // Most sentences have no place to cut: look for one before the costlier checks.
    let cuts = boundaries(sentence);
    if cuts.is_empty() {
        return whole;
    }
    let quoting = sentence.contains(['"', '“', '”']) || !quotes(sentence).is_empty();
    if quoting || attribution(sentence).is_some() {
        return whole;
    }
    let mut out = Vec::new();
    let mut piece_start = 0;
    for (cut_end, next_start) in cuts {
        let left = sentence.get(piece_start..cut_end).unwrap_or("");
        let right = sentence.get(next_start..).unwrap_or("");
        // "Barrett, Alito, and Kavanaugh backed …": the last item before the conjunction
        // is short, so the comma ends a list item, not a clause.
        let last_item = left.rsplit([',', ';']).next().unwrap_or(left);
        if words(last_item).len() >= min_words && words(right).len() >= min_words {
            out.push((piece_start, cut_end));
            piece_start = next_start;
        }
    }
    if out.is_empty() {
        return whole;
    }
    out.push((piece_start, sentence.len()));
    out
}

/// Candidate cuts, as (end of the left clause, start of the right clause) byte offsets:
/// a semicolon, or a comma and a conjunction, outside parentheses, followed by a word
/// that can open a clause.
fn boundaries(sentence: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (i, c) in sentence.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ';' | ',' if depth == 0 => {
                let rest = &sentence[i + 1..];
                let after_space = rest.trim_start();
                let mut next = i + 1 + (rest.len() - after_space.len());
                if c == ',' {
                    let Some(word) = after_space.split_whitespace().next() else {
                        continue;
                    };
                    if !CONJUNCTIONS.contains(&word) {
                        continue;
                    }
                    let after_word = &after_space[word.len()..];
                    let trimmed = after_word.trim_start();
                    next += word.len() + (after_word.len() - trimmed.len());
                }
                if opens_clause(&sentence[next..]) {
                    out.push((i, next));
                }
            }
            _ => {}
        }
    }
    out
}

/// The text starts with a capitalised word that is not a pronoun, or with a figure.
fn opens_clause(text: &str) -> bool {
    let word: &str = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    let Some(first) = word.chars().next() else {
        return false;
    };
    (first.is_uppercase() && word != "I" && !NOT_A_SUBJECT.contains(&word))
        || first.is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(sentence: &str) -> Vec<&str> {
        clause_spans(sentence, 6)
            .into_iter()
            .map(|(s, e)| &sentence[s..e])
            .collect()
    }

    #[test]
    fn independent_clauses_joined_by_a_conjunction_are_cut() {
        assert_eq!(
            pieces("The council approved the harbour budget on Monday, and Mayor Ines Okafor signed the ferry contract on Tuesday."),
            [
                "The council approved the harbour budget on Monday",
                "Mayor Ines Okafor signed the ferry contract on Tuesday."
            ]
        );
    }

    #[test]
    fn independent_clauses_joined_by_a_semicolon_are_cut() {
        assert_eq!(
            pieces("Three workers were treated for smoke inhalation at the scene; Lowmere General Hospital treated two more overnight."),
            [
                "Three workers were treated for smoke inhalation at the scene",
                "Lowmere General Hospital treated two more overnight."
            ]
        );
    }

    #[test]
    fn three_clauses_give_three_units() {
        assert_eq!(
            pieces("Ferry fares will rise by five percent next spring; Aldren Transit will keep bus fares the same for a year, but Northfield Rail passes will cost ten euros more from June."),
            [
                "Ferry fares will rise by five percent next spring",
                "Aldren Transit will keep bus fares the same for a year",
                "Northfield Rail passes will cost ten euros more from June."
            ]
        );
    }

    #[test]
    fn attributed_or_quoting_sentences_stay_whole() {
        for sentence in [
            "The council approved the harbour budget on Monday, and Mayor Ines Okafor signed the ferry contract, officials said.",
            "According to the fire service, the blaze started at 3 a.m.; Crews contained it within four hours of the first call.",
            "The council approved the harbour budget on Monday, and Okafor called it \"a good day for the whole bay area\" afterwards.",
        ] {
            assert_eq!(pieces(sentence), [sentence]);
        }
    }

    #[test]
    fn shared_subjects_pronouns_lists_and_short_sides_stay_whole() {
        for sentence in [
            // The second clause shares the first one's subject: a fragment on its own.
            "The council approved the harbour budget on Monday, and signed the ferry contract on Tuesday.",
            // A pronoun needs the clause before it.
            "The council approved the harbour budget on Monday, and they signed the ferry contract on Tuesday.",
            // Lists of places and of people.
            "The storm closed schools in Aldren, Lowmere, Brightwater, and Northfield on Monday morning.",
            "Judges Ana Lind, Omar Haddad, and Rhea Stone backed the ruling of the appeals court in full.",
            // Too short on one side.
            "Prices rose, and the Central Bank of Aldren is expected to raise rates again in March.",
            // Inside parentheses.
            "The budget (which was cut last year, and Finance Minister Ola Berg opposed the cut) passed on Monday.",
        ] {
            assert_eq!(pieces(sentence), [sentence], "{sentence}");
        }
    }

    #[test]
    fn a_clause_may_open_with_a_figure() {
        assert_eq!(
            pieces("The ferry operator cancelled the morning crossings to Aldren, and 1,200 passengers waited for buses instead."),
            [
                "The ferry operator cancelled the morning crossings to Aldren",
                "1,200 passengers waited for buses instead."
            ]
        );
    }
}
