//! Dates in news text, resolved to calendar days: explicit ones ("Oct. 14", "14 October
//! 2026", "2026-10-14") and relative ones ("on Monday", "yesterday", "last night",
//! "today", "tonight", "this morning", "tomorrow") resolved against the article's
//! publication date. Relative ones need that date: an undated article's "Monday" is
//! never guessed into a day.
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
        | \b(?P<rel>yesterday|today|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening))\b"
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

/// The weekday's latest day on or before publication, or for "next Monday" its first
/// day after publication.
fn resolve_weekday(day: Weekday, next: bool, published: NaiveDate) -> Option<NaiveDate> {
    if next {
        // Days from publication to the weekday, a whole week when they are one.
        let ahead = match day.days_since(published.weekday()) {
            0 => 7,
            n => n,
        };
        published.checked_add_days(Days::new(u64::from(ahead)))
    } else {
        published.checked_sub_days(Days::new(u64::from(published.weekday().days_since(day))))
    }
}

/// A relative day word (lower-cased) against the publication day. "Last night" is the
/// evening before the day of publication, the night news published in the morning
/// reports; "this morning" and "tonight" are parts of the day of publication.
fn relative(word: &str, published: NaiveDate) -> Option<NaiveDate> {
    let word: Vec<&str> = word.split_whitespace().collect();
    match word.as_slice() {
        ["yesterday"] | ["last", "night"] => published.pred_opt(),
        ["today"] | ["tonight"] | ["this", _] => Some(published),
        ["tomorrow"] => published.succ_opt(),
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
                "Police said last night that talks resume tonight.",
                &["2026-10-13", "2026-10-14"],
            ),
            ("The count rose this morning.", &["2026-10-14"]),
            (
                "Thursday's total topped Friday's.",
                &["2026-10-08", "2026-10-09"],
            ),
            ("The law passed on March 3.", &["2026-03-03"]),
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
        assert!(resolved("Police said last night and yesterday.", None).is_empty());
        assert!(resolved("The law passed on March 3.", None).is_empty());
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
    fn weekdays_are_the_latest_such_day_on_or_before_publication() {
        let wednesday = Some(day(2026, 10, 14));
        // The day of publication itself, and across a month and a year boundary.
        assert_eq!(
            resolved("It opened on Wednesday.", wednesday),
            ["2026-10-14"]
        );
        assert_eq!(
            resolved("It opened on Thursday.", wednesday),
            ["2026-10-08"]
        );
        assert_eq!(
            resolved("It opened on Sunday.", Some(day(2026, 11, 2))),
            ["2026-11-01"]
        );
        assert_eq!(
            resolved("Crowds gathered on Friday.", Some(day(2027, 1, 1))),
            ["2027-01-01"]
        );
        assert_eq!(
            resolved("Crowds gathered on Saturday.", Some(day(2027, 1, 1))),
            ["2026-12-26"]
        );
        // "Next Wednesday" on a Wednesday is a week ahead, never the day itself.
        assert_eq!(
            resolved("Talks resume next Wednesday.", wednesday),
            ["2026-10-21"]
        );
        // "Yesterday" on the first of a month is the last day of the month before.
        assert_eq!(
            resolved("Police said yesterday.", Some(day(2026, 3, 1))),
            ["2026-02-28"]
        );
    }

    #[test]
    fn impossible_days_are_skipped() {
        assert!(resolved("It happened on Feb. 30, 2026 and 2026-13-01.", None).is_empty());
    }

    proptest! {
        #[test]
        fn a_weekday_resolves_within_the_week_before_publication(
            offset in 0i64..40_000,
            weekday in 0u8..7,
        ) {
            let published = day(1990, 1, 1) + chrono::Duration::days(offset);
            let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
            let name = Weekday::try_from(weekday).unwrap();
            let text = format!("It happened on {}.", names[usize::from(weekday)]);
            let found = dates(&text, Some(published));
            prop_assert_eq!(found.len(), 1);
            let resolved = found[0].date;
            prop_assert_eq!(resolved.weekday(), name);
            prop_assert!(resolved <= published);
            prop_assert!(published - resolved < chrono::Duration::days(7));
        }

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
