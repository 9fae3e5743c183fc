//! Dates in the many shapes pages write them, normalised to `YYYY-MM-DD`.

use std::sync::LazyLock;

use regex::Regex;

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:19|20)\d\d)[-/.](\d\d?)[-/.](\d\d?)(?:\b|T)").expect("valid regex")
});
static ISO_COMPACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^((?:19|20)\d\d)(\d\d)(\d\d)(?:\b|T)").expect("valid regex"));
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d\d?)[./-](\d\d?)[./-]((?:19|20)\d\d)\b").expect("valid regex")
});
static DAY_MONTH_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d\d?)(?:\.|st|nd|rd|th|er)?\s+(?:de\s+)?(\p{L}{3,12})\.?,?\s+(?:de\s+)?((?:19|20)\d\d)\b")
        .expect("valid regex")
});
static MONTH_NAME_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\p{L}{3,12})\.?\s+(\d\d?)(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b")
        .expect("valid regex")
});
static DMY_SHORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d.])(\d\d?)\.(\d\d?)\.(\d\d)(?:$|[^\d.]|\.\s|\.$)").expect("valid regex")
});
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?:/|-|_|\.|$)").expect("valid regex")
});
static RFC3339: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)$")
        .expect("valid regex")
});

const MONTHS: &[(&str, u32)] = &[
    ("jan", 1),
    ("january", 1),
    ("januar", 1),
    ("jänner", 1),
    ("janvier", 1),
    ("enero", 1),
    ("stycznia", 1),
    ("gennaio", 1),
    ("feb", 2),
    ("february", 2),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("febrero", 2),
    ("lutego", 2),
    ("febbraio", 2),
    ("mar", 3),
    ("march", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("marca", 3),
    ("mär", 3),
    ("apr", 4),
    ("april", 4),
    ("avril", 4),
    ("abril", 4),
    ("kwietnia", 4),
    ("aprile", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("maja", 5),
    ("maggio", 5),
    ("jun", 6),
    ("june", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("czerwca", 6),
    ("giugno", 6),
    ("jul", 7),
    ("july", 7),
    ("juli", 7),
    ("juillet", 7),
    ("julio", 7),
    ("lipca", 7),
    ("luglio", 7),
    ("aug", 8),
    ("august", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("sierpnia", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("września", 9),
    ("settembre", 9),
    ("oct", 10),
    ("okt", 10),
    ("october", 10),
    ("oktober", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("października", 10),
    ("ottobre", 10),
    ("nov", 11),
    ("november", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("listopada", 11),
    ("dec", 12),
    ("dez", 12),
    ("december", 12),
    ("dezember", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("diciembre", 12),
    ("grudnia", 12),
    ("dicembre", 12),
];

fn month(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == lower).map(|(_, m)| *m)
}

fn ymd(y: &str, m: u32, d: &str) -> Option<String> {
    let y: u32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1990..=2100).contains(&y) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// A date in a machine-readable attribute (ISO 8601 and near relatives). Full
/// RFC 3339 timestamps are kept as they are; everything else becomes `YYYY-MM-DD`.
pub fn parse_machine(s: &str) -> Option<String> {
    let s = s.trim();
    if RFC3339.is_match(s) {
        ymd(&s[..4], s[5..7].parse().ok()?, &s[8..10])?;
        return Some(s.to_owned());
    }
    if let Some(c) = ISO.captures(s).or_else(|| ISO_COMPACT.captures(s)) {
        return ymd(&c[1], c[2].parse().ok()?, &c[3]);
    }
    parse_human(s)
}

/// A date written for people: `31.05.2012`, `31. Mai 2012`, `May 31, 2012`, ...
pub fn parse_human(s: &str) -> Option<String> {
    if let Some(c) = ISO.captures(s) {
        if let Some(d) = ymd(&c[1], c[2].parse().ok()?, &c[3]) {
            return Some(d);
        }
    }
    if let Some(c) = DMY.captures(s) {
        if let Some(d) = ymd(&c[3], c[2].parse().ok()?, &c[1]) {
            return Some(d);
        }
    }
    for c in DAY_MONTH_NAME.captures_iter(s) {
        if let Some(m) = month(&c[2]) {
            if let Some(d) = ymd(&c[3], m, &c[1]) {
                return Some(d);
            }
        }
    }
    for c in MONTH_NAME_DAY.captures_iter(s) {
        if let Some(m) = month(&c[1]) {
            if let Some(d) = ymd(&c[3], m, &c[2]) {
                return Some(d);
            }
        }
    }
    None
}

/// A short date with a two-digit year written for people (`28.09.19`), in a text
/// short enough to be only a date line: years below 70 are 20xx, the rest 19xx.
pub fn parse_short_year(s: &str) -> Option<String> {
    let s = s.trim();
    if s.chars().count() > 40 {
        return None;
    }
    let c = DMY_SHORT.captures(s)?;
    // "Version 1.2.30", "v2.1.17" are releases, not dates.
    let before = s[..c.get(1)?.start()].trim_end().to_lowercase();
    if before.ends_with("version") || before.ends_with('v') {
        return None;
    }
    let yy: u32 = c[3].parse().ok()?;
    let year = if yy < 70 { 2000 + yy } else { 1900 + yy };
    ymd(&year.to_string(), c[2].parse().ok()?, &c[1])
}

/// Whether the text holds a plausible year — four digits starting 19 or 20 (a cheap
/// test before the regexes).
pub fn has_year(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit) && (w.starts_with(b"19") || w.starts_with(b"20")))
}

/// A date in a URL path (`/2012/05/31/slug`).
pub fn from_url(url: &str) -> Option<String> {
    let c = URL_DATE.captures(url)?;
    ymd(&c[1], c[2].parse().ok()?, &c[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(
            parse_machine("2021-03-04T08:00:00Z").as_deref(),
            Some("2021-03-04T08:00:00Z")
        );
        assert_eq!(
            parse_machine("2021-03-04 08:00").as_deref(),
            Some("2021-03-04")
        );
        assert_eq!(
            parse_human("am 31.05.2012 um 10:00").as_deref(),
            Some("2012-05-31")
        );
        assert_eq!(parse_human("31. Mai 2012").as_deref(), Some("2012-05-31"));
        assert_eq!(
            parse_human("Updated May 31st, 2012").as_deref(),
            Some("2012-05-31")
        );
        assert_eq!(
            parse_human("3 de marzo de 2020").as_deref(),
            Some("2020-03-03")
        );
        assert_eq!(
            from_url("https://x.example/2012/05/31/slug/").as_deref(),
            Some("2012-05-31")
        );
        assert_eq!(parse_human("31.13.2012"), None);
        assert_eq!(parse_short_year("28.09.19").as_deref(), Some("2019-09-28"));
        assert_eq!(
            parse_short_year("Erstellt: 3.1.22, 12:44").as_deref(),
            Some("2022-01-03")
        );
        assert_eq!(parse_short_year("Version 1.2.30"), None);
        assert_eq!(parse_short_year("v1.2.19"), None);
        assert_eq!(parse_short_year("10.0.0.12"), None);
        assert_eq!(parse_short_year("31.12.2012"), None);
    }
}
