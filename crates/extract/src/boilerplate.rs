//! Which elements are page furniture rather than article: by tag (navigation, forms,
//! scripts), by hidden state, and by the words of their `class` / `id` (menus, "most
//! read" lists, related stories, cookie banners, newsletter boxes, share bars,
//! comments, teasers, ads).

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::dom::{Dom, NodeId};

/// Tags whose content is never article text.
const DROP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "canvas",
    "iframe",
    "object",
    "embed",
    "video",
    "audio",
    "button",
    "select",
    "textarea",
    "input",
    "nav",
    "head",
    "title",
    "meta",
    "link",
    "dialog",
    "menu",
    "map",
    "label",
    "figcaption",
];

/// Tags of page regions that are usually furniture but that some sites wrap the
/// article in (ASP.NET pages put the whole page in a `<form>`): dropped unless they
/// hold most of the text.
const REGION_TAGS: &[&str] = &["aside", "footer", "form", "header"];

/// Words in a class name that make it describe layout rather than content
/// (`has-sidebar`, `c-fixed-sidebar-layout`, `enable-pin-share`).
const LAYOUT_WORDS: &[&str] = &[
    "layout",
    "wrapper",
    "wrap",
    "container",
    "page",
    "has",
    "with",
    "enable",
    "enabled",
    "grid",
    "row",
    "col",
    "fixed",
    "template",
    "single",
    "is",
    "no",
    "non",
    "not",
    "without",
    "show",
    "body",
    "article",
    "site",
];

/// Words in a class name that make it live coverage of an event: the "comments" of a
/// match ticker (`live-match-comment`) are the reporter's, and they are the article.
const LIVE_WORDS: &[&str] = &["match", "ticker", "liveticker", "liveblog", "playbyplay"];

/// Class-name prefixes of CMS taxonomies (WordPress `tag-…`, `category-…`): their
/// words are the site's topics, not roles.
const TAXONOMY_PREFIXES: &[&str] = &[
    "tag-",
    "category-",
    "postid-",
    "post-",
    "format-",
    "status-",
    "type-",
    "page-id-",
    "term-",
    "author-",
    "parent-",
    "tax-",
    "topic-",
    "section-",
];

/// Class / id words that mark boilerplate wherever they appear.
const BOILER_WORDS: &[&str] = &[
    // navigation
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "breadcrumb",
    "breadcrumbs",
    "pagination",
    "pager",
    "skip",
    "skiplink",
    "toolbar",
    "masthead",
    "topbar",
    "sidebar",
    "sidenav",
    "footer",
    "sitefooter",
    "siteheader",
    // lists of other stories
    "related",
    "relatedposts",
    "relatedarticles",
    "relatedstories",
    "recommended",
    "recommendations",
    "mostread",
    "mostpopular",
    "popular",
    "trending",
    "toplist",
    "morestories",
    "readmore",
    "readnext",
    "upnext",
    "outbrain",
    "taboola",
    "plista",
    "linklist",
    // consent, newsletter, subscription
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "paywall",
    "login",
    "register",
    "optin",
    // sharing and comments
    "share",
    "sharing",
    "shares",
    "sharebar",
    "social",
    "socials",
    "sociallinks",
    "comments",
    "comment",
    "commentlist",
    "disqus",
    "respond",
    "reply",
    "rating",
    "email",
    // ads and promos
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "adslot",
    "adcontainer",
    "banner",
    "promo",
    "promotion",
    "sponsored",
    "sponsor",
    "cta",
    "factbox",
    "infobox",
    "donation",
    "donate",
    "popup",
    "modal",
    "overlay",
    "tags",
    "tagcloud",
    "tagged",
    "taglist",
    "keywords",
    "sr",
    "visuallyhidden",
    "sronly",
    "screenreader",
    "byline",
    "dateline",
    "author",
    "authorbox",
    "authorbio",
    "authorinfo",
    "aboutauthor",
    "aboutuser",
    "bio",
    "meta",
    "postmeta",
    "entrymeta",
    "caption",
    "credit",
    "credits",
    "copyright",
    "legal",
    "disclaimer",
    "disclosure",
    "affiliate",
    "toc",
];

/// Class / id words that mark the article body itself: such an element is never
/// dropped for the other words it carries.
const CONTENT_WORDS: &[&str] = &[
    "articlebody",
    "articletext",
    "articlecontent",
    "entrycontent",
    "postcontent",
    "postbody",
    "storybody",
    "storycontent",
    "storytext",
    "bodytext",
    "maincontent",
    "textcontent",
    "contentbody",
    "entrybody",
    "singlecontent",
    "posttext",
    "richtext",
    "body",
];

/// Class names that, alone, name a content element: a boilerplate word among the
/// element's other classes (a script hook like `share`) does not drop it.
const CONTENT_NAMES: &[&str] = &[
    "entry", "post", "article", "content", "story", "text", "hentry", "main",
];

/// Why an element is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drop {
    /// Keep it.
    No,
    /// A tag that never holds article text, or a hidden element.
    Tag,
    /// A page region (`aside`, `footer`, `form`, `header`).
    Region,
    /// Its class or id names page furniture.
    Class,
}

/// Classify one element.
pub fn classify(dom: &Dom, n: NodeId) -> Drop {
    let tag = dom.tag(n);
    if tag.is_empty() {
        return Drop::No;
    }
    if DROP_TAGS.contains(&tag) {
        return Drop::Tag;
    }
    if REGION_TAGS.contains(&tag) {
        // An article's own header holds its lead paragraph.
        if tag == "header" && has_ancestor(dom, n, &["article", "main"]) {
            return Drop::No;
        }
        return Drop::Region;
    }
    if dom.attr(n, "hidden").is_some()
        || dom.attr(n, "aria-hidden") == Some("true")
        || dom.attr(n, "style").is_some_and(is_hidden_style)
    {
        return Drop::Tag;
    }
    if matches!(
        dom.attr(n, "role"),
        Some(
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "dialog"
                | "alertdialog"
                | "search"
                | "menu"
                | "menubar"
        )
    ) {
        return Drop::Tag;
    }
    let class_id = dom.class_id(n);
    if !class_id.is_empty() && has_boiler_word(class_id) {
        return Drop::Class;
    }
    Drop::No
}

fn has_ancestor(dom: &Dom, n: NodeId, tags: &[&str]) -> bool {
    let mut a = dom.nodes[n as usize].parent;
    while a != crate::dom::NONE {
        if tags.contains(&dom.tag(a)) {
            return true;
        }
        a = dom.nodes[a as usize].parent;
    }
    false
}

/// Whether an inline style hides the element (`display: none`, `visibility:hidden`),
/// read without allocating: it runs for every styled element of the page.
fn is_hidden_style(style: &str) -> bool {
    const NEEDLES: [&[u8]; 2] = [b"display:none", b"visibility:hidden"];
    // Bytes matched so far of each needle, over the style with whitespace left out and
    // lower-cased. Neither needle repeats its first byte, so on a mismatch the match
    // can only restart at the current byte.
    let mut at = [0usize; 2];
    for b in style.bytes().filter(|b| !b.is_ascii_whitespace()) {
        let b = b.to_ascii_lowercase();
        for (k, needle) in NEEDLES.iter().enumerate() {
            if needle[at[k]] == b {
                at[k] += 1;
                if at[k] == needle.len() {
                    return true;
                }
            } else {
                at[k] = usize::from(needle[0] == b);
            }
        }
    }
    false
}

#[cfg(test)]
mod hidden_style_tests {
    use super::is_hidden_style;

    #[test]
    fn reads_hidden_styles() {
        assert!(is_hidden_style("color:red; DISPLAY : None"));
        assert!(is_hidden_style("visibility: hidden"));
        assert!(is_hidden_style("ddisplay:none"));
        assert!(!is_hidden_style("display:block; visibility:visible"));
        assert!(!is_hidden_style("display:non"));
    }
}

/// The class names of the elements dropped for their class (for debugging rules).
#[doc(hidden)]
pub fn explain(dom: &Dom) -> Vec<String> {
    (0..dom.len() as NodeId)
        .filter(|&n| classify(dom, n) != Drop::No)
        .map(|n| {
            format!(
                "{n} {} {:?} {}",
                dom.tag(n),
                classify(dom, n),
                dom.class_id(n)
            )
        })
        .collect()
}

/// The ancestors of the first text node containing `needle`, with their
/// classification (for debugging rules).
#[doc(hidden)]
pub fn explain_text(dom: &Dom, needle: &str) -> Vec<String> {
    let Some(mut n) =
        (0..dom.len() as NodeId).find(|&n| dom.text(n).is_some_and(|t| t.contains(needle)))
    else {
        return vec!["not found".into()];
    };
    let mut out = Vec::new();
    while n != crate::dom::NONE {
        out.push(format!(
            "{n} {} {:?} {:?}",
            dom.tag(n),
            classify(dom, n),
            dom.class_id(n)
        ));
        n = dom.nodes[n as usize].parent;
    }
    out
}

/// The ASCII letters and digits of a class name (`related-posts` -> `relatedposts`),
/// written into `buf`; empty when the name is too long to be one of our words.
pub fn joined<'b>(name: &str, buf: &'b mut [u8; 48]) -> &'b str {
    let mut len = 0;
    for b in name.bytes().filter(u8::is_ascii_alphanumeric) {
        if len == buf.len() {
            return "";
        }
        buf[len] = b;
        len += 1;
    }
    std::str::from_utf8(&buf[..len]).unwrap_or("")
}

/// Whether a class / id names a comment thread (never article text, however long).
pub fn is_comment_class(class_id: &str) -> bool {
    class_id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| {
            matches!(
                w,
                "comment" | "comments" | "commentlist" | "disqus" | "respond" | "replies"
            )
        })
}

/// The word lists as sets: `has_boiler_word` runs for every element of every page.
static BOILER_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| BOILER_WORDS.iter().copied().collect());
static CONTENT_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| CONTENT_WORDS.iter().copied().collect());
static LAYOUT_OR_LIVE_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| LAYOUT_WORDS.iter().chain(LIVE_WORDS).copied().collect());

/// The alphanumeric words of a class name.
fn words(name: &str) -> impl Iterator<Item = &str> {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Boilerplate words that still name boilerplate with another word glued to their end
/// (`relatedlinks`, `newsletterbox`, `cookiebar`, `donationform`): no class word of
/// article content starts with one of them.
const BOILER_STEMS: &[&str] = &[
    "related",
    "newsletter",
    "subscri",
    "signup",
    "cookie",
    "consent",
    "donat",
    "paywall",
    "sponsor",
    "recommend",
    "outbrain",
    "taboola",
    "advert",
];

fn has_boiler_stem(word: &str) -> bool {
    BOILER_STEMS
        .iter()
        .any(|s| word.len() > s.len() && word.starts_with(s))
}

/// Whether two neighbouring words of a class name make a boilerplate word when glued
/// (`news-letter`, `sign-up`, `most-read`, `sr-only`).
fn glued_pairs_boiler(name: &str) -> bool {
    let mut prev: Option<&str> = None;
    for w in words(name) {
        if let Some(p) = prev {
            let mut buf = [0u8; 48];
            if p.len() + w.len() <= buf.len() {
                buf[..p.len()].copy_from_slice(p.as_bytes());
                buf[p.len()..p.len() + w.len()].copy_from_slice(w.as_bytes());
                if std::str::from_utf8(&buf[..p.len() + w.len()])
                    .is_ok_and(|g| BOILER_SET.contains(g))
                {
                    return true;
                }
            }
        }
        prev = Some(w);
    }
    false
}

/// Whether a lower-cased `class`/`id` string names boilerplate (and not the body).
pub fn has_boiler_word(class_id: &str) -> bool {
    let mut boiler = false;
    for name in class_id.split_ascii_whitespace() {
        let mut buf = [0u8; 48];
        let joined = joined(name, &mut buf);
        if CONTENT_SET.contains(joined) || CONTENT_NAMES.contains(&name) {
            return false;
        }
        if boiler {
            continue;
        }
        // Whole-name matches first: `author-box` is a role, `author-jane` a taxonomy.
        if BOILER_SET.contains(joined) {
            boiler = true;
            continue;
        }
        if TAXONOMY_PREFIXES.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        // Word by word: `related-posts`, `c-share__bar`, `mostRead` (already lower-case,
        // so camel case is lost; the joined form above catches it).
        // A BEM modifier (`section--ads`, `teaser--light`) states a variant, not a role.
        let base = name.split("--").next().unwrap_or(name);
        // In a BEM element name (`newsletter__container`) the block before `__` states
        // the role and the element after it only the part: a layout word there
        // (`container`, `wrapper`) does not make the block layout.
        let block = base.split("__").next().unwrap_or(base);
        if words(block).any(|w| LAYOUT_OR_LIVE_SET.contains(w)) {
            continue;
        }
        if words(base).any(|w| BOILER_SET.contains(w) || has_boiler_stem(w))
            || glued_pairs_boiler(base)
        {
            boiler = true;
        }
    }
    boiler
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_not_substrings() {
        assert!(has_boiler_word("related-posts"));
        assert!(has_boiler_word("c-share__bar"));
        assert!(has_boiler_word("most-read"));
        assert!(has_boiler_word("mostread"));
        assert!(!has_boiler_word("canvas loaded"));
        assert!(!has_boiler_word("article-body has-sidebar"));
        assert!(!has_boiler_word("entry"));
        assert!(!has_boiler_word(
            "testreport__section testreport__section--ads"
        ));
        assert!(!has_boiler_word("entry themeform share"));
        assert!(!has_boiler_word(
            "post type-post tag-share category-comments"
        ));
        assert!(!has_boiler_word("c-fixed-sidebar-layout--300@md"));
        assert!(!has_boiler_word("full-content enable-pin-share"));
        assert!(!has_boiler_word("live-match-comment slider-ele left"));
        assert!(!has_boiler_word("ticker-comment"));
        assert!(has_boiler_word("comment-content"));
        // BEM: the block names the role, a layout word in the element does not undo it.
        assert!(has_boiler_word("newsletter__container"));
        assert!(has_boiler_word("c-comments__list-wrapper"));
        assert!(!has_boiler_word("page__sidebar-toggle"));
        // Glued words: a stem with more after it, two neighbouring words.
        assert!(has_boiler_word("relatedlinks block"));
        assert!(has_boiler_word("newsletterbox"));
        assert!(has_boiler_word("news-letter-section"));
        assert!(has_boiler_word("c-sign-up"));
        assert!(!has_boiler_word("cookbook-recipe"));
        assert!(!has_boiler_word("signature-dish"));
        assert!(!has_boiler_word("consensus-text"));
    }
}
