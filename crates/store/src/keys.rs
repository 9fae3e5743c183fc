//! Identity of an article across ingests: canonical URL, else content hash.

use parallax_model::Article;
use parallax_stories::stable_hash;

/// Query parameters that track the reader, not the page.
const TRACKING: &[&str] = &[
    "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "smid",
];

/// A URL reduced to what names the page: lower-case scheme and host, no default port,
/// no fragment, no tracking parameters (`utm_*`, `fbclid`, …), no trailing slash.
pub fn canonical_url(url: &str) -> String {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => return url.to_string(),
    };
    let (authority, path_query) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let mut host = authority.to_ascii_lowercase();
    for (s, port) in [("http", ":80"), ("https", ":443")] {
        if scheme == s {
            if let Some(stripped) = host.strip_suffix(port) {
                host = stripped.to_string();
            }
        }
    }
    let (path, query) = match path_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_query, None),
    };
    let path = path.trim_end_matches('/');
    let kept: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|p| {
            let name = p.split('=').next().unwrap_or("").to_ascii_lowercase();
            !p.is_empty() && !name.starts_with("utm_") && !TRACKING.contains(&name.as_str())
        })
        .collect();
    let mut out = format!("{scheme}://{host}{path}");
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    out
}

/// Stable hash of an article's title and text (16 hex digits).
pub fn content_hash(article: &Article) -> String {
    let title = article.title.as_deref().unwrap_or("");
    let mut bytes = Vec::with_capacity(title.len() + article.text.len() + 1);
    bytes.extend_from_slice(title.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(article.text.as_bytes());
    format!("{:016x}", stable_hash(&bytes))
}

/// The identity key of an article: `url:` + canonical URL, else `hash:` + content hash.
pub fn article_key(article: &Article) -> String {
    match article.url.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(url) => format!("url:{}", canonical_url(url)),
        None => format!("hash:{}", content_hash(article)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_urls_drop_tracking_fragments_and_case() {
        assert_eq!(
            canonical_url("HTTPS://News.Example:443/a/b/?utm_source=x&id=7&fbclid=y#top"),
            "https://news.example/a/b?id=7"
        );
        assert_eq!(canonical_url("http://x.example"), "http://x.example");
        assert_eq!(canonical_url("not a url"), "not a url");
    }

    #[test]
    fn keys_prefer_the_url_and_fall_back_to_content() {
        let mut a = Article {
            id: "a".into(),
            url: None,
            outlet: None,
            title: Some("T".into()),
            published: None,
            text: "Body".into(),
            lean: None,
        };
        assert!(article_key(&a).starts_with("hash:"));
        a.url = Some("https://x.example/p?utm_medium=rss".into());
        assert_eq!(article_key(&a), "url:https://x.example/p");
    }
}
