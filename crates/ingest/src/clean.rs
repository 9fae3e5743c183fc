//! News-boilerplate cleaning: promos, teasers, share prompts, related-headline lists and
//! source tails removed from article text, by a rule set that is data
//! (`rules/boilerplate.toml`).
//!
//! The cleaner works on lines, the unit in which web copy carries its boilerplate, and
//! then rebuilds paragraphs: each kept line is a paragraph, except that a line starting
//! in lower case continues a previous line that did not end a sentence (hard-wrapped text).

use std::sync::LazyLock;

use parallax_text::sentences::ends_like_a_sentence;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::IngestError;

static DEFAULT_CLEANER: LazyLock<Result<Cleaner, String>> = LazyLock::new(|| {
    Cleaner::from_toml(include_str!("../rules/boilerplate.toml")).map_err(|e| e.to_string())
});

/// What a rule does with the text it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// The whole line matches: drop the line.
    Line,
    /// Cut the match out of the line.
    Inline,
    /// The line starts the article's tail: drop it and all that follows.
    Tail,
}

/// One cleaning rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Rule name, as in the rule file.
    pub name: String,
    /// What it does.
    pub kind: RuleKind,
    regex: Regex,
}

/// Limits of the related-headlines list rule.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct TrailingList {
    /// A list line has at most this many words.
    pub max_words: usize,
    /// Without a preceding boilerplate line, at least this many unpunctuated short lines
    /// must end the article to count as a list.
    pub min_unanchored_lines: usize,
}

/// A piece of text the cleaner removed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// Name of the rule (or `trailing-list`).
    pub rule: String,
    /// The removed text.
    pub text: String,
}

/// Result of cleaning one article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// Cleaned text: paragraphs separated by one blank line, whitespace collapsed.
    pub text: String,
    /// What was removed, in text order.
    pub removed: Vec<Removal>,
}

/// The boilerplate cleaner.
#[derive(Debug, Clone)]
pub struct Cleaner {
    rules: Vec<Rule>,
    trailing: TrailingList,
}

#[derive(Deserialize)]
struct RuleFile {
    trailing_list: TrailingList,
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
struct RawRule {
    name: String,
    kind: RuleKind,
    pattern: String,
}

/// How the first pass classified a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Keep,
    Removed,
    Tail,
}

impl Cleaner {
    /// The built-in rule set.
    pub fn builtin() -> Result<Cleaner, IngestError> {
        DEFAULT_CLEANER
            .clone()
            .map_err(|reason| IngestError::new("rules/boilerplate.toml", None, reason))
    }

    /// Parse a rule file (TOML, the format of `rules/boilerplate.toml`).
    pub fn from_toml(source: &str) -> Result<Cleaner, IngestError> {
        let file: RuleFile = toml::from_str(source)
            .map_err(|e| IngestError::new("cleaning rules", None, e.to_string()))?;
        let mut rules = Vec::with_capacity(file.rule.len());
        for raw in file.rule {
            let regex = RegexBuilder::new(&raw.pattern)
                .case_insensitive(true)
                .size_limit(1 << 22)
                .build()
                .map_err(|e| {
                    IngestError::new("cleaning rules", None, format!("rule {}: {e}", raw.name))
                })?;
            rules.push(Rule {
                name: raw.name,
                kind: raw.kind,
                regex,
            });
        }
        Ok(Cleaner {
            rules,
            trailing: file.trailing_list,
        })
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Clean an article body.
    pub fn clean(&self, body: &str) -> Cleaned {
        let mut removed = Vec::new();
        let mut lines: Vec<(String, Mark)> = Vec::new();
        let mut in_tail = false;
        for raw in body.lines() {
            let line = collapse_whitespace(raw);
            if line.is_empty() {
                continue;
            }
            if in_tail {
                removed.push(Removal {
                    rule: "tail".into(),
                    text: line,
                });
                continue;
            }
            match self.classify(&line) {
                Some(rule) if rule.kind == RuleKind::Tail => {
                    removed.push(Removal {
                        rule: rule.name.clone(),
                        text: line.clone(),
                    });
                    lines.push((line, Mark::Tail));
                    in_tail = true;
                }
                Some(rule) => {
                    removed.push(Removal {
                        rule: rule.name.clone(),
                        text: line.clone(),
                    });
                    lines.push((line, Mark::Removed));
                }
                None => {
                    let kept = self.cut_inline(&line, &mut removed);
                    if !kept.is_empty() {
                        lines.push((kept, Mark::Keep));
                    }
                }
            }
        }
        self.drop_trailing_list(&mut lines, &mut removed);
        let kept: Vec<&str> = lines
            .iter()
            .filter(|(_, m)| *m == Mark::Keep)
            .map(|(l, _)| l.as_str())
            .collect();
        Cleaned {
            text: paragraphs(&kept),
            removed,
        }
    }

    /// The rule that removes a whole line; tail rules win over line rules.
    fn classify(&self, line: &str) -> Option<&Rule> {
        let matching = |kind: RuleKind| {
            self.rules
                .iter()
                .find(move |r| r.kind == kind && r.regex.is_match(line))
        };
        matching(RuleKind::Tail).or_else(|| matching(RuleKind::Line))
    }

    fn cut_inline(&self, line: &str, removed: &mut Vec<Removal>) -> String {
        let mut current = line.to_string();
        for rule in self.rules.iter().filter(|r| r.kind == RuleKind::Inline) {
            if !rule.regex.is_match(&current) {
                continue;
            }
            for m in rule.regex.find_iter(&current) {
                removed.push(Removal {
                    rule: rule.name.clone(),
                    text: m.as_str().trim().into(),
                });
            }
            current = rule.regex.replace_all(&current, "").into_owned();
        }
        collapse_whitespace(&current)
    }

    /// Remove a related-headlines list at the end of the article: short, single-sentence,
    /// unattributed lines after a removed boilerplate line, or (without such an anchor)
    /// enough unpunctuated short lines to be a list rather than reporting.
    fn drop_trailing_list(&self, lines: &mut [(String, Mark)], removed: &mut Vec<Removal>) {
        let mut block_start = lines.len();
        while block_start > 0 {
            let (line, mark) = &lines[block_start - 1];
            if *mark != Mark::Keep || self.is_headline_like(line) {
                block_start -= 1;
            } else {
                break;
            }
        }
        let block = &lines[block_start..];
        let first_anchor = block.iter().position(|(_, m)| *m != Mark::Keep);
        let from = match first_anchor {
            Some(anchor) => block_start + anchor,
            None => {
                let unpunctuated = block
                    .iter()
                    .rev()
                    .take_while(|(l, _)| !ends_like_a_sentence(l))
                    .count();
                if unpunctuated >= self.trailing.min_unanchored_lines {
                    lines.len() - unpunctuated
                } else {
                    return;
                }
            }
        };
        for (line, mark) in &mut lines[from..] {
            if *mark == Mark::Keep {
                removed.push(Removal {
                    rule: "trailing-list".into(),
                    text: line.clone(),
                });
                *mark = Mark::Removed;
            }
        }
    }

    fn is_headline_like(&self, line: &str) -> bool {
        let words = line.split_whitespace().count();
        let lower = line.to_lowercase();
        // Two sentences on one line are reporting, unless the line ends unpunctuated like
        // a headline with a question in it ("Who is Victor Pelham? The contractor behind
        // the deal").
        let two_sentences = has_inner_sentence_break(line) && ends_like_a_sentence(line);
        words <= self.trailing.max_words && !two_sentences && !ATTRIBUTION.is_match(&lower)
    }
}

static ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:said|says|told|according to|added|reported|announced|stated)\b")
        .expect("constant regex")
});

/// A sentence end followed by another capitalised sentence inside one line.
fn has_inner_sentence_break(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    chars.windows(3).enumerate().any(|(i, w)| {
        matches!(w[0], '.' | '!' | '?')
            && w[1] == ' '
            && w[2].is_uppercase()
            && !is_abbreviation_before(&chars[..=i])
    })
}

fn is_abbreviation_before(prefix: &[char]) -> bool {
    let word: String = prefix
        .iter()
        .rev()
        .take_while(|c| !c.is_whitespace())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let word = word.trim_start_matches(['(', '"', '“']);
    word.len() <= 4 && word.chars().next().is_some_and(char::is_uppercase)
        || word.matches('.').count() > 1
}

/// Collapse runs of whitespace to one space and trim.
pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Join kept lines into paragraphs; a lower-case line continues an unfinished one.
fn paragraphs(lines: &[&str]) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        let continues = line.chars().next().is_some_and(char::is_lowercase)
            && out
                .last()
                .is_some_and(|prev| !ends_like_a_sentence(prev) && !prev.ends_with(':'));
        match out.last_mut() {
            Some(prev) if continues => {
                prev.push(' ');
                prev.push_str(line);
            }
            _ => out.push((*line).to_string()),
        }
    }
    out.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaner() -> Cleaner {
        Cleaner::builtin().unwrap()
    }

    /// Lines that each rule must remove, by rule name.
    const REMOVED_BY_RULE: &[(&str, &str)] = &[
        (
            "watch-clip-promo",
            "Watch this clip from a local station about the flooding.",
        ),
        (
            "watch-clip-promo",
            "Watch the full interview with the governor below.",
        ),
        (
            "video-channel-credit",
            "This video is from the NewsNow channel on Vidshare.example.",
        ),
        (
            "newsletter-signup",
            "Subscribe to our newsletter for daily updates.",
        ),
        ("newsletter-signup", "Sign up for breaking news alerts."),
        (
            "get-news-in-inbox",
            "Get the latest headlines delivered straight to your inbox.",
        ),
        ("share-prompt", "Share this article"),
        ("share-on-networks", "Follow us on social media for more."),
        ("comment-prompt", "Leave a comment below."),
        ("what-do-you-think", "What do you think? Let us know."),
        ("click-here", "Click here to read the full report."),
        (
            "read-more-link",
            "Read more: Port officials brace for storm season",
        ),
        ("read-more-link", "RELATED: Council delays vote again"),
        ("advertisement-label", "Advertisement"),
        ("byline", "By Ines Calder and Tomas Reyes"),
        ("byline", "*By A. Writer, Civic Dispatch — 2026-10-14*"),
        (
            "originally-published",
            "This article was originally published by Meridian Wire.",
        ),
        (
            "copyright-line",
            "© 2026 Example Media Group. All rights reserved.",
        ),
        (
            "support-our-journalism",
            "Support our independent journalism today.",
        ),
        (
            "reader-funding-appeal",
            "Northfield Tribune is funded by readers, not advertisers. Become a member to keep our reporting free for everyone.",
        ),
        (
            "reader-funding-appeal",
            "Become a supporter today and help us keep the newsroom open.",
        ),
        (
            "reader-funding-appeal",
            "Donate now: every gift keeps our reporters in the field.",
        ),
        ("sources-include-tail", "Sources include:"),
        ("sources-include-tail", "Sources: example.com, example.org"),
        ("related-headlines-tail", "Related Stories"),
        ("related-headlines-tail", "You might also like"),
        ("related-headlines-tail", "Tags: economy, rates, banks"),
    ];

    #[test]
    fn each_rule_removes_its_boilerplate() {
        let cleaner = cleaner();
        for (rule, line) in REMOVED_BY_RULE {
            let body = format!("The council met on Monday.\n{line}");
            let cleaned = cleaner.clean(&body);
            assert_eq!(
                cleaned.text, "The council met on Monday.",
                "rule {rule}: {line}"
            );
            assert_eq!(cleaned.removed[0].rule, *rule, "{line}");
        }
    }

    #[test]
    fn every_rule_of_the_file_is_tested() {
        for rule in cleaner().rules() {
            let tested = REMOVED_BY_RULE.iter().any(|(name, _)| *name == rule.name)
                || ["related-teaser", "dateline"].contains(&rule.name.as_str());
            assert!(tested, "rule {} has no test case", rule.name);
        }
    }

    #[test]
    fn inline_related_teaser_is_cut_from_its_paragraph() {
        let cleaned = cleaner().clean(
            "Prices rose again in May. (Related: Why the port is losing ships.) Traders were calm.",
        );
        assert_eq!(cleaned.text, "Prices rose again in May. Traders were calm.");
        assert_eq!(cleaned.removed[0].rule, "related-teaser");
    }

    #[test]
    fn a_dateline_is_cut_from_the_first_sentence() {
        let cleaned = cleaner().clean("WESTHAVEN, Oct. 14 (Example Wire) — The bank cut rates.");
        assert_eq!(cleaned.text, "The bank cut rates.");
        assert_eq!(
            cleaner().clean("LOWMERE — Fire crews arrived.").text,
            "Fire crews arrived."
        );
        let kept = cleaner().clean("NATO, the alliance (formed 1949) - grew again.");
        assert!(kept.removed.is_empty());
    }

    #[test]
    fn sources_tail_removes_everything_after_it() {
        let cleaned = cleaner().clean("Body sentence.\nSources include:\nexample.com\nexample.org");
        assert_eq!(cleaned.text, "Body sentence.");
        assert_eq!(cleaned.removed.len(), 3);
    }

    #[test]
    fn related_headlines_after_a_promo_are_removed() {
        let body = "Officials said the bridge will reopen in March, after repairs that cost more than expected.\n\
                    Watch this clip about the bridge closure.\n\
                    Port authority cuts ferry routes for winter.\n\
                    Mayor promises \"swift action\" on potholes.\n\
                    Council approves new budget.";
        let cleaned = cleaner().clean(body);
        assert_eq!(
            cleaned.text,
            "Officials said the bridge will reopen in March, after repairs that cost more than expected."
        );
        assert_eq!(
            cleaned
                .removed
                .iter()
                .filter(|r| r.rule == "trailing-list")
                .count(),
            3
        );
    }

    #[test]
    fn a_headline_list_with_a_question_headline_goes_whole() {
        let body = "The seawall will not be rebuilt before March.\n\
            Watch this clip from a local station about the flooding.\n\
            Tenants say landlords use storm repairs to push rents up\n\
            Who is Victor Pelham? The contractor behind the seawall deal\n\
            Dockworkers demand a seat on the port recovery board\n\
            Sources include:\n\
            example.org";
        assert_eq!(
            cleaner().clean(body).text,
            "The seawall will not be rebuilt before March."
        );
        let reporting = "The seawall will not be rebuilt before March.\n\
            Who paid for it? The ministry did, officials said.\n\
            Work starts in spring.";
        assert!(cleaner().clean(reporting).text.contains("Who paid for it?"));
    }

    #[test]
    fn an_unanchored_list_needs_unpunctuated_lines() {
        let list = "The vote passed on Monday.\nFerry routes cut for winter\nMayor defends budget\nNew bridge opens";
        assert_eq!(cleaner().clean(list).text, "The vote passed on Monday.");
        let reporting = "The vote passed on Monday.\nThe mayor left early.\nTurnout was low.\nThe count ended at noon.";
        assert_eq!(cleaner().clean(reporting).text.matches("\n\n").count(), 3);
    }

    /// Sentences of reporting that look like boilerplate at first sight; none may go.
    #[test]
    fn reporting_that_resembles_boilerplate_is_kept() {
        let reporting = [
            "Watch commanders said the clip showed the convoy leaving at dawn.",
            "Subscribers to the utility's newsletter were told on Monday that rates would rise.",
            "Sources included two ministry officials and a port engineer, the paper reported.",
            "Share prices of the company fell 4 percent after the announcement.",
            "Readers left hundreds of comments under the mayor's post, officials said.",
            "Advertisement revenue fell by a third last year, the company said.",
            "The related case was heard in March (see the court's summary of the ruling).",
            "Click counts on the ministry website tripled after the outage.",
            "Related proposals were rejected by the committee in 2024.",
            "Copyright lawyers for the studio filed the complaint on Friday.",
            "Most read by investors was the central bank's note on inflation.",
            "By the end of the day, the council had adjourned.",
            "By Monday evening the road had reopened",
            "\"Sign up now,\" the recruiter told the students, according to a recording.",
            "The museum is funded by members and a city grant, its director said.",
            "Donations to the flood fund passed $2 million on Friday, the charity said.",
            "Become a member of the committee, the minister urged opposition leaders on Monday.",
        ];
        let cleaner = cleaner();
        for sentence in reporting {
            let body =
                format!("The inquiry opened on Monday.\n{sentence}\nIt will report in June.");
            let cleaned = cleaner.clean(&body);
            assert!(
                cleaned.text.contains(sentence),
                "removed reporting: {sentence}"
            );
            assert!(
                cleaned.removed.is_empty(),
                "{sentence}: {:?}",
                cleaned.removed
            );
        }
    }

    #[test]
    fn short_attributed_lines_at_the_end_are_not_a_headline_list() {
        let body = "The blast shook the harbour.\nAdvertisement\nNo one was hurt, police said.";
        assert_eq!(
            cleaner().clean(body).text,
            "The blast shook the harbour.\n\nNo one was hurt, police said."
        );
    }

    #[test]
    fn hard_wrapped_lines_are_joined_into_one_paragraph() {
        let body = "The council voted to\nextend the ferry contract.\n\nA second paragraph.";
        assert_eq!(
            cleaner().clean(body).text,
            "The council voted to extend the ferry contract.\n\nA second paragraph."
        );
    }

    #[test]
    fn a_bad_rule_file_is_a_clear_error() {
        let err = Cleaner::from_toml(
            "[trailing_list]\nmax_words=3\nmin_unanchored_lines=2\n[[rule]]\nname='x'\nkind='line'\npattern='('\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("rule x"), "{err}");
    }
}
