//! Page metadata: title, authors, publication date, site name, canonical URL and
//! declared language, from JSON-LD, `<meta>` tags, `<link>`s and the markup.

use std::collections::HashMap;

use crate::dom::{Dom, NodeId};
use crate::jsonld::{self, LdArticle};
use crate::text::collapse_ws;
use crate::{author, date};

/// Metadata found on a page (before the main text is known).
#[derive(Debug, Default)]
pub struct Meta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    pub og_type: Option<String>,
    pub ld: LdArticle,
}

/// `<meta>` names and properties that carry the publication date, best first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "pub_date",
    "published_time",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "date",
    "citation_publication_date",
    "originalpublicationdate",
    "article_date_original",
    "cxenseparse:recs:publishtime",
    "release_date",
    "created",
];

const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
];

const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
    "cxenseparse:author",
    "citation_author",
    "twitter:creator",
];

/// Read the metadata of a parsed page.
pub fn read(dom: &Dom, page_url: Option<&str>) -> Meta {
    let mut metas: HashMap<String, String> = HashMap::new();
    // Keys in document order, so that "the first one" is well defined.
    let mut meta_order: Vec<String> = Vec::new();
    let mut canonical = None;
    let mut title_tag = None;
    let mut html_lang = None;
    let mut ld_scripts = Vec::new();
    let mut item_dates = Vec::new();
    let mut item_authors = Vec::new();
    let mut rel_authors = Vec::new();
    let mut time_dates = Vec::new();
    for n in 0..dom.len() as NodeId {
        match dom.tag(n) {
            "meta" => {
                let key = dom
                    .attr(n, "property")
                    .or_else(|| dom.attr(n, "name"))
                    .or_else(|| dom.attr(n, "itemprop"))
                    .or_else(|| dom.attr(n, "http-equiv"));
                if let (Some(k), Some(v)) = (key, dom.attr(n, "content")) {
                    let v = collapse_ws(v);
                    let k = k.trim().to_ascii_lowercase();
                    if !v.is_empty() && !metas.contains_key(&k) {
                        meta_order.push(k.clone());
                        metas.insert(k, v);
                    }
                }
            }
            "link" => {
                let rel = dom.attr(n, "rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && canonical.is_none() {
                    canonical = dom.attr(n, "href").map(str::to_owned);
                }
            }
            "title" if title_tag.is_none() => title_tag = Some(collapse_ws(&dom.text_content(n))),
            "html" if html_lang.is_none() => html_lang = dom.attr(n, "lang").map(str::to_owned),
            "script"
                if dom
                    .attr(n, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                ld_scripts.push(dom.text_content(n));
            }
            "time" => {
                if let Some(d) = dom.attr(n, "datetime").and_then(date::parse_machine) {
                    time_dates.push(d);
                }
            }
            "a" if dom
                .attr(n, "rel")
                .is_some_and(|r| r.split_whitespace().any(|r| r == "author")) =>
            {
                rel_authors.push(dom.text_content(n));
            }
            _ => {}
        }
        match dom.attr(n, "itemprop") {
            Some("datePublished") if dom.tag(n) != "meta" => {
                let d = dom
                    .attr(n, "datetime")
                    .or_else(|| dom.attr(n, "content"))
                    .and_then(date::parse_machine)
                    .or_else(|| date::parse_human(&dom.text_content(n)));
                item_dates.extend(d);
            }
            Some("author") if dom.tag(n) != "meta" => {
                let name = dom
                    .subtree(n)
                    .find(|&c| dom.attr(c, "itemprop") == Some("name"))
                    .map(|c| {
                        dom.attr(c, "content")
                            .map_or_else(|| dom.text_content(c), str::to_owned)
                    })
                    .unwrap_or_else(|| dom.text_content(n));
                item_authors.push(name);
            }
            _ => {}
        }
    }
    let ld = jsonld::read(ld_scripts.iter().map(String::as_str));
    let get = |k: &str| metas.get(k).map(String::as_str);

    let published = ld
        .published
        .as_deref()
        .and_then(date::parse_machine)
        .or_else(|| {
            DATE_KEYS
                .iter()
                .find_map(|k| get(k).and_then(date::parse_machine))
        })
        .or_else(|| item_dates.first().cloned())
        .or_else(|| time_dates.first().cloned())
        .or_else(|| canonical.as_deref().or(page_url).and_then(date::from_url))
        .or_else(|| page_url.and_then(date::from_url))
        .or_else(|| dated_element(dom))
        .or_else(|| ld.page_published.as_deref().and_then(date::parse_machine))
        .or_else(|| {
            meta_order
                .iter()
                .filter(|k| k.contains("publish"))
                .find_map(|k| get(k).and_then(date::parse_machine))
        })
        .or_else(|| first_text_date(dom))
        .or_else(|| ld.modified.as_deref().and_then(date::parse_machine))
        .or_else(|| {
            MODIFIED_KEYS
                .iter()
                .find_map(|k| get(k).and_then(date::parse_machine))
        });

    let site = get("og:site_name")
        .map(str::to_owned)
        .or_else(|| ld.site.clone())
        .or_else(|| ld.publisher.clone())
        .or_else(|| get("application-name").map(str::to_owned));
    // An "author" that is the outlet itself is no author.
    let not_outlet = |a: &String| {
        let a = a.to_lowercase();
        ![site.as_deref(), ld.publisher.as_deref()]
            .into_iter()
            .flatten()
            .any(|s| s.to_lowercase() == a)
    };
    let meta_author = || {
        AUTHOR_KEYS.iter().find_map(|k| {
            get(k)
                .filter(|v| !v.starts_with('@'))
                .and_then(|v| author::clean(&[v]))
        })
    };
    let author = author::clean(&ld.authors)
        .filter(not_outlet)
        .or_else(|| author::clean(&item_authors).filter(not_outlet))
        .or_else(|| {
            meta_author()
                .filter(not_outlet)
                .or_else(|| byline(dom).filter(not_outlet))
        })
        .or_else(|| author::clean(&rel_authors));

    let url = canonical
        .as_deref()
        .and_then(|c| absolute(c, page_url))
        .or_else(|| get("og:url").and_then(|c| absolute(c, page_url)))
        .or_else(|| page_url.map(str::to_owned));

    let title = ld
        .headline
        .clone()
        .or_else(|| get("og:title").map(str::to_owned))
        .or_else(|| get("twitter:title").map(str::to_owned))
        .or(title_tag.clone())
        .map(|t| collapse_ws(&t))
        .filter(|t| !t.is_empty());

    Meta {
        title,
        author,
        published,
        site: site.map(|s| collapse_ws(&s)).filter(|s| !s.is_empty()),
        url,
        lang: html_lang
            .or_else(|| ld.lang.clone())
            .or_else(|| get("og:locale").map(str::to_owned))
            .or_else(|| get("content-language").map(str::to_owned)),
        og_type: get("og:type").map(str::to_ascii_lowercase),
        ld,
    }
}

/// Class / id words of elements that show the publication date.
const DATE_CLASS_WORDS: &[&str] = &[
    "date",
    "time",
    "datum",
    "published",
    "pubdate",
    "posted",
    "postdate",
    "entrydate",
    "postedon",
    "meta",
    "byline",
    "dateline",
    "zeit",
    "fecha",
    "data",
    "datetime",
    "timestamp",
    "publish",
    "publication",
    "created",
    "info",
    "details",
];

/// Class / id words of elements that hold the byline.
const BYLINE_WORDS: &[&str] = &[
    "author",
    "authors",
    "byline",
    "autor",
    "autorin",
    "autoren",
    "writer",
    "vcard",
    "fn",
    "verfasser",
    "creator",
    "reporter",
    "journalist",
    "firma",
];

/// The author named in a byline element (`<span class="author">`, `<p class="byline">`).
fn byline(dom: &Dom) -> Option<String> {
    for n in 0..dom.len() as NodeId {
        let c = dom.class_id(n);
        if c.is_empty() || matches!(dom.tag(n), "body" | "html" | "article" | "main" | "meta") {
            continue;
        }
        let hit = c
            .split(|ch: char| !ch.is_ascii_alphanumeric())
            .any(|w| BYLINE_WORDS.contains(&w))
            || c.split_ascii_whitespace()
                .any(|w| w.starts_with("author") || w.ends_with("author"));
        if !hit {
            continue;
        }
        // Comment threads and forms name commenters and ask for names.
        if in_comments_or_form(dom, n) {
            continue;
        }
        let text = collapse_ws(&dom.text_content(n));
        if text.is_empty() || text.chars().count() > 100 {
            continue;
        }
        if let Some(a) = author::clean(&[text]) {
            return Some(a);
        }
    }
    None
}

/// Whether a node sits in a comment thread or a form field or label.
fn in_comments_or_form(dom: &Dom, n: NodeId) -> bool {
    let mut a = n;
    while a != crate::dom::NONE {
        let tag = dom.tag(a);
        if matches!(tag, "body" | "html" | "article" | "main") {
            // Their classes describe the page (`comments-open`), not a thread.
            return false;
        }
        if matches!(tag, "label" | "input" | "textarea" | "button")
            || crate::boilerplate::is_comment_class(dom.class_id(a))
        {
            return true;
        }
        a = dom.nodes[a as usize].parent;
    }
    false
}

/// Parts of class names that show a date (`itemPostDate`, `newsdatum`).
const DATE_CLASS_PARTS: &[&str] = &["date", "datum", "publish", "posted"];

/// The first date written in the text of the page (the last resort: most pages show
/// the date near the headline).
fn first_text_date(dom: &Dom) -> Option<String> {
    let body = dom.elements("body").next()?;
    let mut n = body;
    let end = dom.end[body as usize];
    let mut seen = 0usize;
    while n < end && seen < 20_000 {
        if matches!(dom.tag(n), "script" | "style" | "noscript" | "template") {
            n = dom.end[n as usize];
            continue;
        }
        if let Some(t) = dom.text(n) {
            let t = t.trim();
            seen += t.len();
            if t.len() < 200 && date::has_year(t) {
                if let Some(d) = date::parse_human(t) {
                    return Some(d);
                }
            } else if let Some(d) = date::parse_short_year(t) {
                return Some(d);
            }
        }
        n += 1;
    }
    None
}

/// A date written in an element whose class says it shows a date (`post-date`,
/// `entry-meta`, ...), in document order; an ISO date in a `title` attribute there
/// (`<abbr class="published" title="2017-07-23T17:06">`) counts too.
fn dated_element(dom: &Dom) -> Option<String> {
    let dateish = |n: NodeId| {
        let c = dom.class_id(n);
        !c.is_empty()
            && (c
                .split(|ch: char| !ch.is_ascii_alphanumeric())
                .any(|w| DATE_CLASS_WORDS.contains(&w))
                || DATE_CLASS_PARTS.iter().any(|p| c.contains(p)))
    };
    for n in 0..dom.len() as NodeId {
        if !matches!(dom.tag(n), "" | "script" | "style") && dateish(n) {
            if let Some(d) = dom.attr(n, "title").and_then(date::parse_machine) {
                return Some(d);
            }
            let text = dom.text_content(n);
            if text.len() < 300 && date::has_year(&text) {
                if let Some(d) = date::parse_human(&text) {
                    return Some(d);
                }
            } else if let Some(d) = date::parse_short_year(&text) {
                return Some(d);
            }
        }
    }
    None
}

/// Resolve a possibly relative URL against the page URL (scheme and host only: the
/// cases pages actually use are `https://..`, `//host/..` and `/path`).
fn absolute(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.starts_with("http://") || href.starts_with("https://") {
        return Some(href.to_owned());
    }
    let base = url::Url::parse(base?).ok()?;
    base.join(href).ok().map(String::from)
}

/// Pick the headline: an `<h1>` that the metadata title contains (the title minus the
/// site name), else the metadata title with a trailing " | Site" removed.
pub fn choose_title(
    meta_title: Option<&str>,
    h1s: &[String],
    site: Option<&str>,
) -> Option<String> {
    let h1s: Vec<&String> = h1s
        .iter()
        .filter(|h| !h.is_empty() && h.chars().count() < 300)
        .collect();
    if let Some(t) = meta_title {
        let tl = t.to_lowercase();
        if let Some(h) = h1s.iter().find(|h| {
            let hl = h.to_lowercase();
            hl.chars().count() >= 4 && (tl.contains(&hl) || hl.contains(&tl))
        }) {
            return Some((*h).clone());
        }
        return Some(strip_site(t, site));
    }
    if h1s.len() == 1 {
        return Some(h1s[0].clone());
    }
    None
}

/// Remove a site-name segment from a `<title>` ("Headline | Site", "Site - Headline").
fn strip_site(title: &str, site: Option<&str>) -> String {
    const SEPS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / "];
    for sep in SEPS {
        if let Some((a, b)) = title.rsplit_once(sep) {
            let site_like = |s: &str| {
                site.is_some_and(|site| s.eq_ignore_ascii_case(site))
                    || s.split_whitespace().count() <= 3
            };
            if site_like(b.trim()) && a.trim().chars().count() >= 10 {
                return strip_site(a.trim(), site);
            }
            if site.is_some_and(|site| a.trim().eq_ignore_ascii_case(site)) {
                return b.trim().to_owned();
            }
        }
    }
    title.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_prefers_matching_h1() {
        let t = choose_title(
            Some("Dam opens early | The Herald"),
            &["Dam opens early".into()],
            None,
        );
        assert_eq!(t.as_deref(), Some("Dam opens early"));
        let t = choose_title(
            Some("Dam opens early after repairs | The Herald"),
            &[],
            Some("The Herald"),
        );
        assert_eq!(t.as_deref(), Some("Dam opens early after repairs"));
    }
}
