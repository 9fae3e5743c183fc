//! What both backends share about ingest: the tuning of reprint detection and of the
//! window of open stories read back after a restart, the in-memory pipeline, and the
//! calendar arithmetic on publication days (done here, not in SQL, so that SQLite and
//! PostgreSQL agree on every date).

use parallax_model::Article;
use parallax_stories::minhash::NearDuplicates;
use parallax_stories::{day_number, StoryEngine};

/// Shingle length of stored signatures.
pub(crate) const SHINGLE_WORDS: usize = 5;
/// Minimum estimated containment for an article to be a reprint.
pub(crate) const MIN_CONTAINMENT: f64 = 0.6;
/// Signatures kept in memory to find the original of a reprint.
pub(crate) const DEDUP_WINDOW: usize = 50_000;
/// Recent articles read back after a restart to learn term statistics.
pub(crate) const RESTORE_STATISTICS: usize = 5_000;
/// Most recent members per open story read back after a restart.
pub(crate) const RESTORE_MEMBERS: usize = 50;
/// Articles of the base rate of an undated story: the most recently stored ones.
pub(crate) const UNDATED_BASE: usize = 2_000;

/// In-memory state of the streaming pipeline, rebuilt from the database on first write.
pub(crate) struct Pipeline {
    /// Story assignment.
    pub(crate) engine: StoryEngine,
    /// Recent signatures, to find the original of a reprint.
    pub(crate) duplicates: NearDuplicates,
}

/// The calendar day an article gives (`YYYY-MM-DD`, the first ten characters of its
/// publication time, in its own time zone); a date that cannot be read is no date.
pub(crate) fn published_day(article: &Article) -> Option<&str> {
    article.published.as_deref().and_then(day_of)
}

/// The calendar day of a publication time, as [`published_day`].
pub(crate) fn day_of(published: &str) -> Option<&str> {
    published
        .trim()
        .get(..10)
        .filter(|d| day_number(d).is_some())
}

/// `YYYY-MM-DD` of a day number (days since 1970-01-01; the inverse of
/// [`day_number`], Howard Hinnant's civil_from_days).
pub(crate) fn civil_date(days: i32) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i32::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The day `offset` days after `day` (before, when negative); `None` for no date.
pub(crate) fn shift_day(day: &str, offset: i32) -> Option<String> {
    day_number(day).map(|n| civil_date(n + offset))
}

/// Tomorrow in UTC: a story dated later than this is dated in the future.
pub(crate) fn tomorrow_utc() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil_date((now / 86_400) as i32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_invert_day_numbers() {
        for day in [
            "1970-01-01",
            "2000-02-29",
            "2026-10-14",
            "2026-12-31",
            "1969-07-20",
        ] {
            assert_eq!(shift_day(day, 0).as_deref(), Some(day));
        }
        assert_eq!(shift_day("2026-10-14", -7).as_deref(), Some("2026-10-07"));
        assert_eq!(shift_day("2026-12-28", 7).as_deref(), Some("2027-01-04"));
        assert_eq!(shift_day("2024-02-28", 1).as_deref(), Some("2024-02-29"));
        assert_eq!(shift_day("not a day", 1), None);
    }
}
