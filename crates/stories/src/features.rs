//! What the story engine keeps of an article: weighted terms, named entities, figures and
//! the publication day. Everything is hashed with the stable FNV-1a so that features
//! computed today compare with features computed by a later release.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use parallax_model::Article;
use parallax_text::numbers::{quantities, QuantityKind};
use parallax_text::words::{content_terms, names};

use crate::vectors::stable_hash;

/// `std::hash::Hasher` running FNV-1a: fast on short keys and identical on every platform,
/// so iteration never depends on a random seed (we still never let iteration order leak
/// into results).
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, value: u64) {
        // Keys are already well-mixed hashes: one multiply-xorshift is enough.
        let x = (self.0 ^ value).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = x ^ (x >> 29);
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }
}

/// A `HashMap` with the stable [`Fnv`] hasher.
pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The features of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Term hash and sublinear term frequency (title terms weigh more), sorted by hash.
    pub terms: Vec<(u64, f32)>,
    /// Hashes of multi-word names and capitalised single names, sorted, unique.
    pub entities: Vec<u64>,
    /// Hashes of normalised figures (money, percentages, counts, units), sorted, unique.
    pub numbers: Vec<u64>,
    /// Days since 1970-01-01 of the publication date, where known.
    pub day: Option<i32>,
    /// Sentence embedding of the title and lead ([`Features::embedding_text`]), unit
    /// length; empty when no embedder was given.
    pub embedding: Vec<f32>,
}

/// How much more a title term weighs than a body term: headlines name the event.
pub const TITLE_WEIGHT: f32 = 3.0;

impl Features {
    /// Features of `article`.
    pub fn of(article: &Article) -> Features {
        let title = article.title.as_deref().unwrap_or("");
        let mut counts: FnvMap<u64, f32> = FnvMap::default();
        for term in content_terms(title) {
            *counts.entry(stable_hash(term.as_bytes())).or_default() += TITLE_WEIGHT;
        }
        for term in content_terms(&article.text) {
            *counts.entry(stable_hash(term.as_bytes())).or_default() += 1.0;
        }
        let mut entities: Vec<u64> = Vec::new();
        for name in names(title).into_iter().chain(names(&article.text)) {
            let lower = name.to_lowercase();
            let hash = stable_hash(format!("name:{lower}").as_bytes());
            if name.contains(' ') {
                *counts.entry(hash).or_default() += 1.0;
            }
            entities.push(hash);
        }
        entities.sort_unstable();
        entities.dedup();
        let mut numbers: Vec<u64> = quantities(&article.text)
            .into_iter()
            .chain(quantities(title))
            .filter(|q| match q.kind {
                QuantityKind::Year => false,
                // Small counts ("two", "3") say little about which event it is.
                QuantityKind::Count => q.value.abs() >= 10.0,
                _ => true,
            })
            .map(|q| stable_hash(format!("{:?}", q.key()).as_bytes()))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        let mut terms: Vec<(u64, f32)> = counts
            .into_iter()
            .map(|(term, count)| (term, 1.0 + count.ln()))
            .collect();
        terms.sort_unstable_by_key(|t| t.0);
        Features {
            terms,
            entities,
            numbers,
            day: article.published.as_deref().and_then(day_number),
            embedding: Vec::new(),
        }
    }

    /// The text of an article that is embedded for story grouping: its title and the
    /// opening of its text, where news writing says what happened (the encoder's cost
    /// grows with length, and `parallax add` embeds every article, so only the
    /// opening).
    pub fn embedding_text(article: &Article) -> String {
        let lead: String = article.text.chars().take(LEAD_CHARS).collect();
        match article.title.as_deref().map(str::trim) {
            Some(title) if !title.is_empty() => format!("{title}. {lead}"),
            _ => lead,
        }
    }

    /// These features with the embedding of [`Features::embedding_text`].
    pub fn with_embedding(mut self, embedding: Vec<f32>) -> Features {
        self.embedding = embedding;
        self
    }
}

/// Characters of the text embedded after the title: about the first sentence.
const LEAD_CHARS: usize = 240;

/// Days since 1970-01-01 of a `YYYY-MM-DD…` date (RFC 3339 timestamps included), or
/// `None` when the text does not start with a valid date.
pub fn day_number(date: &str) -> Option<i32> {
    let bytes = date.as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i32 = date.get(0..4)?.parse().ok()?;
    let month: u32 = date.get(5..7)?.parse().ok()?;
    let day: u32 = date.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_follow_the_calendar() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert_eq!(day_number("2026-10-14T08:00:00Z"), day_number("2026-10-14"));
        assert_eq!(day_number("2024-13-01"), None);
        assert_eq!(day_number("yesterday"), None);
    }

    #[test]
    fn title_terms_weigh_more_and_features_are_sorted() {
        let article = Article {
            id: "a".into(),
            url: None,
            outlet: None,
            title: Some("Ferry fares rise".into()),
            published: Some("2026-10-14".into()),
            text: "Ferry operator Tesk Lines raised fares by 12% on Monday.".into(),
            lean: None,
        };
        let f = Features::of(&article);
        assert!(f.terms.windows(2).all(|w| w[0].0 < w[1].0));
        let weight = |t: &str| {
            f.terms
                .iter()
                .find(|x| x.0 == stable_hash(t.as_bytes()))
                .map(|x| x.1)
        };
        assert!(weight("fares") > weight("operator"));
        assert_eq!(f.numbers.len(), 1);
        assert!(!f.entities.is_empty());
        assert_eq!(f.day, day_number("2026-10-14"));
    }
}
