//! Author names from bylines: prefixes ("By", "Von"), dates, reading times and roles
//! removed; several names joined with "; ".

use std::sync::LazyLock;

use regex::Regex;

static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:post\s+)?author\s+by|written\s+by|posted\s+by|published\s+by|eingestellt\s+von|geschrieben\s+von|interview\s*:|artikel\s+von|publié\s+par|publicado\s+por|by|von|vom|par|por|door|di|de|przez|autor(?:in)?|auteur|post\s+author|author|text|texte|redakcja|verfasst\s+von|ein\s+(?:beitrag|artikel)\s+von)(?:\s*[:\-]\s*|\s+)")
        .expect("valid regex")
});
static NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s*(?:read|lesezeit|de\s+lecture)|published|updated|aktualisiert|veröffentlicht|posted|erstellt|(?:on|am|le|el|stand|vom)\s+\d+|says|sagt|said)\b.*$")
        .expect("valid regex")
});
/// A photo credit ("Foto: Jane Roe") names the photographer, not the author.
static PHOTO_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:fotos?|photos?|bild|image|credit)\s*:").expect("valid regex")
});
static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:;|,|\||&|/|\s+and\s+|\s+und\s+|\s+et\s+|\s+y\s+|\s+i\s+|\s+e\s+)\s*")
        .expect("valid regex")
});

/// Clean raw author strings into "Name; Name", or `None` when nothing name-like is left.
pub fn clean<S: AsRef<str>>(raw: &[S]) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    for r in raw {
        let r = crate::text::collapse_ws(r.as_ref());
        if r.contains("://") || r.starts_with("www.") || PHOTO_CREDIT.is_match(&r) {
            continue;
        }
        let r = PREFIX.replace(&r, "");
        let r = NOISE.replace(&r, "");
        for part in SPLIT.split(&r) {
            let part = PREFIX.replace(part, "");
            let part = part.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ')');
            if !plausible(part) {
                continue;
            }
            if !names.iter().any(|n| n.eq_ignore_ascii_case(part)) {
                names.push(part.to_owned());
            }
        }
    }
    (!names.is_empty()).then(|| names.join("; "))
}

/// Account names that stand for no one.
const NOT_NAMES: &[&str] = &[
    "admin",
    "administrator",
    "wordpressadmin",
    "webmaster",
    "no author",
    "unknown",
    "anonymous",
    "guest",
    "user",
    "editor",
    "root",
    "by",
    "von",
];

fn plausible(name: &str) -> bool {
    let words = name.split_whitespace().count();
    let lower = name.to_lowercase();
    if NOT_NAMES.contains(&lower.as_str()) {
        return false;
    }
    // A domain name ("example.com") is an outlet, not a person.
    if words == 1 && name.contains('.') && !name.ends_with('.') {
        return false;
    }
    !name.is_empty()
        && words <= 5
        && name.chars().count() <= 60
        && !name.contains('@')
        && name.chars().any(char::is_alphabetic)
        && name.chars().filter(|c| c.is_ascii_digit()).nth(3).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_noise() {
        assert_eq!(
            clean(&["By Jane Doe | 5 Minute Read"]).as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            clean(&["Von Max Muster und Erika Muster"]).as_deref(),
            Some("Max Muster; Erika Muster")
        );
        assert_eq!(
            clean(&["Jane Doe Published 3 March 2020"]).as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(clean(&["https://facebook.com/jane"]), None);
        assert_eq!(
            clean(&["Post author By Jan Novak"]).as_deref(),
            Some("Jan Novak")
        );
        assert_eq!(
            clean(&["vom Support Team"]).as_deref(),
            Some("Support Team")
        );
        assert_eq!(
            clean(&["Eingestellt von Lena Berg"]).as_deref(),
            Some("Lena Berg")
        );
        assert_eq!(clean(&["lupo am 26. Mai"]).as_deref(), Some("lupo"));
        assert_eq!(clean(&["Jane Roe says"]).as_deref(), Some("Jane Roe"));
        assert_eq!(clean(&["Von:Ida Falk"]).as_deref(), Some("Ida Falk"));
        assert_eq!(clean(&["Auteur: Ida Falk"]).as_deref(), Some("Ida Falk"));
        assert_eq!(
            clean(&["Artikel von: Ida Falk"]).as_deref(),
            Some("Ida Falk")
        );
        assert_eq!(clean(&["Foto: Ida Falk"]), None);
        assert_eq!(
            clean(&["Jane Doe", "jane doe"]).as_deref(),
            Some("Jane Doe")
        );
    }
}
