//! Dates in news text, resolved to calendar days: explicit ones ("Oct. 14", "14 October
//! 2026", "2026-10-14") and relative ones ("on Monday", "yesterday", "today",
//! "tomorrow") resolved against the article's publication date.
//!
//! News writing names weekdays for the current week: "on Monday" in an article published
//! on Wednesday 2026-10-14 is Monday 2026-10-12 (the latest such day on or before the
//! publication date, or the day after it for "next Monday").
//!
//! ```
//! use chrono::NaiveDate;
//! use parallax_text::dates::dates;
//!
//! let published = NaiveDate::from_ymd_opt(2026, 10, 14); // a Wednesday
//! let found = dates("The vote on Monday followed talks on Oct. 9.", published);
//! let days: Vec<String> = found.iter().map(|d| d.date.to_string()).collect();
//! assert_eq!(days, ["2026-10-12", "2026-10-09"]);
//! ```

use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use regex::Regex;

/// A date mention resolved to a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Start offset in code points.
    pub start: usize,
    /// End offset in code points (exclusive).
    pub end: usize,
    /// The mention verbatim.
    pub text: String,
    /// The day it names.
    pub date: NaiveDate,
}

static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    // Month and weekday names count only capitalised, as prose writes them ("may" and
    // "march" are verbs, "monday.example" a domain).
    let month = r"(?-i:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";
    let weekday = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
    Regex::new(&format!(
        r"(?ix)
        \b(?P<iso>(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}}))\b
        | \b(?P<md>(?P<m1>{month})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?)\b
        | \b(?P<dm>(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{month})(?:,?\s+(?P<y2>\d{{4}}))?)\b
        | \b(?P<wd>(?:(?P<next>next|this\s+coming)\s+|last\s+)?(?P<w>{weekday}))\b
        | \b(?P<rel>yesterday|today|tomorrow)\b"
    ))
    .expect("constant regex")
});

/// Date mentions of `text`, in order; relative ones only when `published` is known.
pub fn dates(text: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    let mut out = Vec::new();
    for caps in PATTERN.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let date = if caps.name("iso").is_some() {
            ymd(&caps, "iy", "im", "id")
        } else if caps.name("md").is_some() {
            month_day(&caps, "m1", "d1", "y1", published)
        } else if caps.name("dm").is_some() {
            month_day(&caps, "m2", "d2", "y2", published)
        } else if caps.name("wd").is_some() {
            let next = caps.name("next").is_some();
            caps.name("w")
                .and_then(|w| weekday(w.as_str()))
                .and_then(|w| resolve_weekday(w, next, published?))
        } else {
            caps.name("rel")
                .and_then(|r| relative(&r.as_str().to_lowercase(), published?))
        };
        if let Some(date) = date {
            let start = text[..whole.start()].chars().count();
            out.push(DateMention {
                start,
                end: start + whole.as_str().chars().count(),
                text: whole.as_str().to_string(),
                date,
            });
        }
    }
    out
}

/// Parse a publication date (`YYYY-MM-DD` or an RFC 3339 timestamp) to its day.
pub fn parse_published(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()
}

fn ymd(caps: &regex::Captures<'_>, y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let number = |name: &str| caps.name(name)?.as_str().parse::<u32>().ok();
    NaiveDate::from_ymd_opt(number(y)? as i32, number(m)?, number(d)?)
}

/// "Oct. 14" takes the publication year, or the previous year when that would put it
/// more than a month after publication ("Dec. 30" in a January article).
fn month_day(
    caps: &regex::Captures<'_>,
    m: &str,
    d: &str,
    y: &str,
    published: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let month = month(caps.name(m)?.as_str())?;
    let day = caps.name(d)?.as_str().parse::<u32>().ok()?;
    if let Some(year) = caps.name(y) {
        return NaiveDate::from_ymd_opt(year.as_str().parse().ok()?, month, day);
    }
    let published = published?;
    let this_year = NaiveDate::from_ymd_opt(published.year(), month, day)?;
    if this_year > published + Days::new(31) {
        NaiveDate::from_ymd_opt(published.year() - 1, month, day)
    } else {
        Some(this_year)
    }
}

fn month(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn weekday(name: &str) -> Option<Weekday> {
    name.to_lowercase().parse().ok()
}

fn resolve_weekday(day: Weekday, next: bool, published: NaiveDate) -> Option<NaiveDate> {
    let today = published.weekday().num_days_from_monday() as i64;
    let target = day.num_days_from_monday() as i64;
    let offset = if next {
        (target - today).rem_euclid(7).max(1)
    } else {
        -((today - target).rem_euclid(7))
    };
    published.checked_add_signed(chrono::Duration::days(offset))
}

fn relative(word: &str, published: NaiveDate) -> Option<NaiveDate> {
    match word {
        "yesterday" => published.pred_opt(),
        "today" => Some(published),
        "tomorrow" => published.succ_opt(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn resolved(text: &str, published: Option<NaiveDate>) -> Vec<String> {
        dates(text, published)
            .iter()
            .map(|d| d.date.to_string())
            .collect()
    }

    #[test]
    fn explicit_and_relative_dates_resolve_against_publication() {
        let wednesday = Some(day(2026, 10, 14));
        let cases: &[(&str, &[&str])] = &[
            ("The fire started on Monday.", &["2026-10-12"]),
            ("It started Wednesday morning.", &["2026-10-14"]),
            ("Talks resume next Monday.", &["2026-10-19"]),
            (
                "Officials said yesterday that the port reopens tomorrow.",
                &["2026-10-13", "2026-10-15"],
            ),
            (
                "The law passed on June 3, 2025, and takes effect Jan. 20.",
                &["2025-06-03", "2026-01-20"],
            ),
            ("Talks broke down on 30 December.", &["2025-12-30"]),
            ("The ruling (2026-10-09) stands.", &["2026-10-09"]),
            ("A monday.example domain and Mayday are not dates.", &[]),
            (
                "Officials may 5 times reconsider; the march 3 miles long.",
                &[],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(resolved(text, wednesday), *expected, "{text}");
        }
    }

    #[test]
    fn relative_dates_need_a_publication_date() {
        assert!(resolved("The vote is on Monday.", None).is_empty());
        assert_eq!(
            resolved("The vote was on Oct. 9, 2026.", None),
            ["2026-10-09"]
        );
        assert_eq!(
            parse_published("2026-10-14T09:30:00Z"),
            Some(day(2026, 10, 14))
        );
        assert_eq!(parse_published("yesterday"), None);
    }

    #[test]
    fn impossible_days_are_skipped() {
        assert!(resolved("It happened on Feb. 30, 2026 and 2026-13-01.", None).is_empty());
    }

    proptest! {
        #[test]
        fn offsets_slice_to_the_mention(text in "\\PC{0,200}") {
            let chars: Vec<char> = text.chars().collect();
            for d in dates(&text, Some(day(2026, 10, 14))) {
                let sliced: String = chars[d.start..d.end].iter().collect();
                prop_assert_eq!(sliced, d.text);
            }
        }
    }
}
