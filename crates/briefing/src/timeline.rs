//! Stories that develop over days: the publication day of each source, the day each fact
//! was first reported, the latest state, and the timeline of the briefing.
//!
//! Days are calendar days as each article gives them. A publication date is
//! `YYYY-MM-DD` or an RFC 3339 timestamp; a timestamp counts for the calendar date it
//! carries, in its own time zone, never converted: "2021-05-11T23:30:00-07:00" is 11 May
//! even though it is 12 May in UTC. That is the date the outlet printed and its readers
//! saw, and converting would move an article to a day that appears nowhere on it (and
//! the choice of a zone to convert to would be arbitrary): sources in different zones
//! may then sit a day apart for the same hour, which a day-level timeline can live with.
//! A date that cannot be read is no date: its article goes to the entry "unknown" ("date
//! unknown"), never to a guessed day.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, NaiveDate};
use parallax_model::{Fact, Source, TimelineEntry, Update};
use parallax_text::dates::parse_published;

/// The day of the timeline entry for coverage whose date is unknown (listed last).
pub const UNKNOWN_DAY: &str = "unknown";

/// The calendar day of a publication date (`YYYY-MM-DD` or RFC 3339), in the time zone
/// the date is written in; `None` when it is missing or cannot be read.
pub fn publication_day(published: Option<&str>) -> Option<NaiveDate> {
    let value = published?.trim();
    // The date must be the whole value or be followed by the time of a timestamp:
    // "2021-05-11" and "2021-05-11T08:00:00Z", not "2021-05-110".
    match value.as_bytes().get(10) {
        None | Some(b'T' | b't' | b' ') => parse_published(value),
        Some(_) => None,
    }
}

/// Today's date (UTC) from the system clock.
pub fn today() -> NaiveDate {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(0), 0)
        .map_or(NaiveDate::MIN, |t| t.date_naive())
}

/// The publication days of a story's sources, and what follows from them.
#[derive(Debug, Clone)]
pub struct StoryDays {
    /// Day of each source, by index (source number − 1).
    days: Vec<Option<NaiveDate>>,
    /// The latest day that is not in the future, when the story spans several days.
    latest: Option<NaiveDate>,
    /// Whether the dated sources span more than one day.
    multi_day: bool,
}

impl StoryDays {
    /// The days of sources published on `published` (one entry per source, in source
    /// order). A date later than the day after `today` is in the future: it is kept as
    /// given, but never makes the latest state. (One day of slack: a timestamp written
    /// in a zone east of UTC can carry tomorrow's date already.)
    pub fn new(published: &[Option<&str>], today: NaiveDate) -> StoryDays {
        let days: Vec<Option<NaiveDate>> = published.iter().map(|p| publication_day(*p)).collect();
        let mut dated = days.iter().flatten();
        let multi_day = dated
            .next()
            .is_some_and(|first| dated.any(|day| day != first));
        let horizon = today.checked_add_days(Days::new(1)).unwrap_or(today);
        let latest = multi_day
            .then(|| {
                days.iter()
                    .flatten()
                    .filter(|d| **d <= horizon)
                    .max()
                    .copied()
            })
            .flatten();
        StoryDays {
            days,
            latest,
            multi_day,
        }
    }

    /// Whether the story's dated sources span more than one day (it gets a timeline).
    pub fn multi_day(&self) -> bool {
        self.multi_day
    }

    /// Whether source index `i` belongs to the latest state of a multi-day story: it was
    /// published on the latest day that is not in the future. Always false for a story
    /// of one day, where every source counts alike.
    pub fn is_latest(&self, i: usize) -> bool {
        self.latest
            .is_some_and(|latest| self.days.get(i).copied().flatten() == Some(latest))
    }

    /// Whether a fact is reported by a source of the latest day.
    pub fn reports_latest(&self, fact: &Fact) -> bool {
        fact.sources
            .iter()
            .any(|n| self.is_latest((*n as usize).saturating_sub(1)))
    }

    /// How well a fact describes the latest state, best first: 0 for news of the latest
    /// day (first reported that day, by two or more independent sources), 1 for a fact
    /// the latest day's coverage still reports, 2 for the rest (and for every fact of a
    /// story of one day).
    pub fn latest_rank(&self, fact: &Fact) -> u8 {
        let Some(latest) = self.latest else {
            return 2;
        };
        if !fact.single_source && self.first_reported(fact) == Some(latest) {
            0
        } else if self.reports_latest(fact) {
            1
        } else {
            2
        }
    }

    /// The day a fact was first reported: the earliest day among the sources it cites;
    /// `None` when none of them is dated.
    pub fn first_reported(&self, fact: &Fact) -> Option<NaiveDate> {
        fact.sources
            .iter()
            .filter_map(|n| {
                self.days
                    .get((*n as usize).checked_sub(1)?)
                    .copied()
                    .flatten()
            })
            .min()
    }
}

/// Where a timeline entry sorts: dated days in order, then the unknown day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Day(NaiveDate),
    Unknown,
}

impl Key {
    fn of(day: Option<NaiveDate>) -> Key {
        day.map_or(Key::Unknown, Key::Day)
    }

    fn label(self) -> String {
        match self {
            Key::Day(day) => day.format("%Y-%m-%d").to_string(),
            Key::Unknown => UNKNOWN_DAY.to_string(),
        }
    }
}

/// The timeline of a story that spans several days (empty for a story of one day): one
/// entry per day with coverage, in date order, undated coverage last as "unknown"; each
/// with that day's sources, the facts first reported that day (in briefing order), and
/// the updates whose newest value was reported that day. Sets each fact's
/// `first_reported` to its entry's day.
pub fn timeline(
    days: &StoryDays,
    sources: &[Source],
    facts: &mut [Fact],
    updates: &[Update],
) -> Vec<TimelineEntry> {
    if !days.multi_day() {
        return Vec::new();
    }
    let mut entries: BTreeMap<Key, TimelineEntry> = BTreeMap::new();
    let new_entry = |key: Key| TimelineEntry {
        day: key.label(),
        sources: Vec::new(),
        facts: Vec::new(),
        updates: Vec::new(),
    };
    for (i, source) in sources.iter().enumerate() {
        let key = Key::of(days.days.get(i).copied().flatten());
        entries
            .entry(key)
            .or_insert_with(|| new_entry(key))
            .sources
            .push(source.n);
    }
    for fact in facts.iter_mut() {
        let key = Key::of(days.first_reported(fact));
        fact.first_reported = Some(key.label());
        entries
            .entry(key)
            .or_insert_with(|| new_entry(key))
            .facts
            .push(fact.id.clone());
    }
    for update in updates {
        let key = update_key(update, days);
        entries
            .entry(key)
            .or_insert_with(|| new_entry(key))
            .updates
            .push(update.clone());
    }
    entries.into_values().collect()
}

/// The entry an update belongs to: the day of its newest value; when that value has no
/// readable day, the latest day among the sources that report it; else "unknown".
fn update_key(update: &Update, days: &StoryDays) -> Key {
    let Some(newest) = update.values.last() else {
        return Key::Unknown;
    };
    if let Some(day) = newest.day.as_deref().and_then(|d| publication_day(Some(d))) {
        return Key::Day(day);
    }
    Key::of(
        newest
            .sources
            .iter()
            .filter_map(|n| {
                days.days
                    .get((*n as usize).checked_sub(1)?)
                    .copied()
                    .flatten()
            })
            .max(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::{Ratings, UpdateValue};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, 20).expect("date")
    }

    fn source(n: u32, published: Option<&str>) -> Source {
        Source {
            n,
            article: format!("a{n}"),
            outlet: format!("Outlet {n}"),
            url: None,
            title: None,
            published: published.map(str::to_string),
            lean: None,
            syndicated_from: None,
            outlet_id: None,
            ratings: Ratings::new(),
        }
    }

    fn fact(id: &str, sources: &[u32]) -> Fact {
        Fact {
            id: id.into(),
            text: format!("Fact {id} of the ferry strike in Lowmere."),
            sources: sources.to_vec(),
            support: Vec::new(),
            independent_sources: sources.len() as u32,
            single_source: sources.len() < 2,
            disputed: false,
            first_reported: None,
        }
    }

    fn update(about: &str, values: &[(&str, Option<&str>, &[u32])]) -> Update {
        Update {
            about: about.into(),
            values: values
                .iter()
                .map(|(value, day, sources)| UpdateValue {
                    value: (*value).into(),
                    day: day.map(str::to_string),
                    text: format!("At least {value} ferries were cancelled."),
                    sources: sources.to_vec(),
                })
                .collect(),
        }
    }

    fn build(
        published: &[Option<&str>],
        facts: &mut [Fact],
        updates: &[Update],
    ) -> Vec<TimelineEntry> {
        let sources: Vec<Source> = published
            .iter()
            .enumerate()
            .map(|(i, p)| source(i as u32 + 1, *p))
            .collect();
        let days = StoryDays::new(published, today());
        timeline(&days, &sources, facts, updates)
    }

    #[test]
    fn publication_days_are_the_dates_as_written() {
        let day = |s: &str| publication_day(Some(s)).map(|d| d.to_string());
        assert_eq!(day("2026-10-11").as_deref(), Some("2026-10-11"));
        assert_eq!(
            day("2026-10-11T23:30:00-07:00").as_deref(),
            Some("2026-10-11")
        );
        assert_eq!(day("2026-10-12T06:30:00Z").as_deref(), Some("2026-10-12"));
        assert_eq!(
            day(" 2026-10-11 08:00:00+02:00").as_deref(),
            Some("2026-10-11")
        );
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-02-30",
            "2026-10-110",
            "11/10/2026",
            "2026-1",
        ] {
            assert_eq!(day(bad), None, "{bad}");
        }
        assert_eq!(publication_day(None), None);
    }

    #[test]
    fn a_story_of_one_day_has_no_timeline() {
        let mut facts = [fact("f1", &[1, 2])];
        let entries = build(
            &[Some("2026-10-11"), Some("2026-10-11T09:00:00Z"), None],
            &mut facts,
            &[],
        );
        assert!(entries.is_empty());
        assert_eq!(facts[0].first_reported, None);
    }

    #[test]
    fn one_entry_per_day_in_date_order_with_the_facts_first_reported_that_day() {
        // Sources out of date order on purpose; source 4 is undated.
        let published = [
            Some("2026-10-14"),
            Some("2026-10-11"),
            Some("2026-10-12T08:00:00+02:00"),
            None,
            Some("2026-10-11"),
        ];
        let mut facts = [
            fact("f1", &[1, 2]),
            fact("f2", &[1]),
            fact("f3", &[3, 1]),
            fact("f4", &[4]),
            fact("f5", &[5]),
        ];
        let entries = build(&published, &mut facts, &[]);
        let days: Vec<&str> = entries.iter().map(|e| e.day.as_str()).collect();
        assert_eq!(days, ["2026-10-11", "2026-10-12", "2026-10-14", "unknown"]);
        assert_eq!(entries[0].sources, [2, 5]);
        assert_eq!(entries[0].facts, ["f1", "f5"]);
        assert_eq!(entries[1].sources, [3]);
        assert_eq!(entries[1].facts, ["f3"]);
        assert_eq!(entries[2].facts, ["f2"]);
        assert_eq!(entries[3].sources, [4]);
        assert_eq!(entries[3].facts, ["f4"]);
        assert_eq!(facts[0].first_reported.as_deref(), Some("2026-10-11"));
        assert_eq!(facts[3].first_reported.as_deref(), Some("unknown"));
    }

    #[test]
    fn updates_go_to_the_day_of_their_newest_value() {
        let published = [
            Some("2026-10-11"),
            Some("2026-10-12"),
            Some("2026-10-14"),
            None,
        ];
        let updates = [
            update(
                "ferries cancelled",
                &[
                    ("12", Some("2026-10-11"), &[1]),
                    ("40", Some("2026-10-14"), &[3]),
                ],
            ),
            update(
                "crossings run",
                &[("3", Some("2026-10-11"), &[1]), ("5", None, &[2])],
            ),
            update("staff out", &[("20", None, &[4]), ("30", None, &[4])]),
            update(
                "days of strike",
                &[
                    ("2", Some("2026-10-12"), &[2]),
                    ("3", Some("2026-10-13"), &[]),
                ],
            ),
        ];
        let entries = build(&published, &mut [], &updates);
        let placed: Vec<(&str, Vec<&str>)> = entries
            .iter()
            .map(|e| {
                (
                    e.day.as_str(),
                    e.updates.iter().map(|u| u.about.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            placed,
            [
                ("2026-10-11", vec![]),
                ("2026-10-12", vec!["crossings run"]),
                ("2026-10-13", vec!["days of strike"]),
                ("2026-10-14", vec!["ferries cancelled"]),
                ("unknown", vec!["staff out"]),
            ]
        );
    }

    #[test]
    fn future_dates_are_kept_but_never_the_latest_state() {
        let published = [Some("2026-10-11"), Some("2026-10-12"), Some("2999-12-31")];
        let days = StoryDays::new(&published, today());
        assert!(days.multi_day());
        assert_eq!(
            (days.is_latest(0), days.is_latest(1), days.is_latest(2)),
            (false, true, false)
        );
        let mut facts = [fact("f1", &[3])];
        let entries = build(&published, &mut facts, &[]);
        assert_eq!(entries.last().map(|e| e.day.as_str()), Some("2999-12-31"));
        assert_eq!(facts[0].first_reported.as_deref(), Some("2999-12-31"));
        // A timestamp east of UTC may already carry tomorrow's date: not the future.
        let tomorrow = [Some("2026-10-19"), Some("2026-10-21T01:00:00+10:00")];
        assert!(StoryDays::new(&tomorrow, today()).is_latest(1));
        // Only future dates besides one real day: nothing is latest, nothing panics.
        let days = StoryDays::new(&[Some("2998-01-01"), Some("2999-01-01")], today());
        assert!(!days.is_latest(0) && !days.is_latest(1));
    }

    #[test]
    fn conflicting_time_zones_count_each_article_on_its_own_calendar_date() {
        // The same instant, written in two zones: two calendar days, as each outlet
        // printed them.
        let published = [
            Some("2026-10-11T23:30:00-07:00"),
            Some("2026-10-12T06:30:00Z"),
        ];
        let mut facts = [fact("f1", &[1, 2])];
        let entries = build(&published, &mut facts, &[]);
        let days: Vec<&str> = entries.iter().map(|e| e.day.as_str()).collect();
        assert_eq!(days, ["2026-10-11", "2026-10-12"]);
        assert_eq!(entries[0].facts, ["f1"]);
    }

    #[test]
    fn ten_thousand_articles_of_one_day_and_undated_ones_build_quickly() {
        let mut published: Vec<Option<&str>> = vec![Some("2026-10-11T08:00:00Z"); 10_000];
        published.extend([None, Some("2026-10-12")]);
        let mut facts: Vec<Fact> = (1..=12)
            .map(|k| fact(&format!("f{k}"), &[k, 10_001, 10_002]))
            .collect();
        let started = std::time::Instant::now();
        let entries = build(&published, &mut facts, &[]);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].sources.len(), 10_000);
        assert_eq!(entries[2].day, UNKNOWN_DAY);
    }
}
