//! schema.org JSON-LD: the article object a page describes itself with.

use serde_json::Value;

/// What the JSON-LD of a page says about its article.
#[derive(Debug, Default)]
pub struct LdArticle {
    pub headline: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    /// `datePublished` of a `WebPage` (when no article object gives one).
    pub page_published: Option<String>,
    pub publisher: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    /// The full text, where the page gives it (`articleBody`).
    pub body: Option<String>,
    /// A `Recipe`'s description, ingredients and steps, one per entry.
    pub recipe: Vec<String>,
    /// `isAccessibleForFree: false`.
    pub paywalled: bool,
    /// Whether an article type was found at all.
    pub is_article: bool,
    /// Whether the page says it is a listing (`CollectionPage`, `ItemList`, ...).
    pub is_listing: bool,
}

const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "LiveBlogPosting",
    "ScholarlyArticle",
    "TechArticle",
    "Report",
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "AdvertiserContentArticle",
    "SatiricalArticle",
    "Blog",
    "Posting",
];

const LISTING_TYPES: &[&str] = &["CollectionPage", "ItemList", "SearchResultsPage"];

/// Read every JSON-LD script text of a page.
pub fn read<'a>(scripts: impl Iterator<Item = &'a str>) -> LdArticle {
    let mut out = LdArticle::default();
    for script in scripts {
        let text = script.trim();
        let text = text.strip_prefix("<!--").unwrap_or(text);
        let text = text.strip_suffix("-->").unwrap_or(text).trim();
        let Ok(value) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        // Work list instead of recursion: JSON-LD can nest arbitrarily.
        let mut todo = vec![&value];
        let mut budget = 10_000usize;
        while let Some(v) = todo.pop() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                break;
            }
            match v {
                Value::Array(items) => todo.extend(items.iter().rev()),
                Value::Object(map) => {
                    if let Some(graph) = map.get("@graph") {
                        todo.push(graph);
                    }
                    let types = types_of(v);
                    if types.iter().any(|t| ARTICLE_TYPES.contains(t)) {
                        take_article(&mut out, v);
                    } else if types.contains(&"Recipe") {
                        take_article(&mut out, v);
                        if out.recipe.is_empty() {
                            out.recipe = recipe_lines(v);
                        }
                    } else if types.iter().any(|t| LISTING_TYPES.contains(t)) {
                        out.is_listing = true;
                    } else if types.iter().any(|t| t.ends_with("WebPage")) {
                        if out.page_published.is_none() {
                            out.page_published = string(v.get("datePublished"));
                        }
                    } else if types.contains(&"WebSite") && out.site.is_none() {
                        out.site = string(v.get("name"));
                    }
                    if let Some(main) = map.get("mainEntity") {
                        todo.push(main);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn types_of(v: &Value) -> Vec<&str> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.rsplit('/').next().unwrap_or(s)],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn take_article(out: &mut LdArticle, v: &Value) {
    // The first article object wins; later ones (related items) only fill gaps.
    let first = !out.is_article;
    out.is_article = true;
    let set = |slot: &mut Option<String>, val: Option<String>| {
        if slot.is_none() {
            *slot = val;
        }
    };
    set(
        &mut out.headline,
        string(v.get("headline")).or_else(|| string(v.get("name"))),
    );
    set(
        &mut out.published,
        string(v.get("datePublished")).or_else(|| string(v.get("dateCreated"))),
    );
    set(&mut out.modified, string(v.get("dateModified")));
    set(
        &mut out.publisher,
        v.get("publisher")
            .and_then(|p| string(p.get("name")).or_else(|| string(Some(p)))),
    );
    set(&mut out.lang, string(v.get("inLanguage")));
    set(
        &mut out.body,
        string(v.get("articleBody")).or_else(|| string(v.get("text"))),
    );
    set(
        &mut out.url,
        string(v.get("url")).or_else(|| {
            v.get("mainEntityOfPage")
                .and_then(|m| string(m.get("@id")).or_else(|| string(Some(m))))
        }),
    );
    if first || out.authors.is_empty() {
        if let Some(a) = v.get("author").or_else(|| v.get("creator")) {
            out.authors = names(a);
        }
    }
    if first {
        let free = v.get("isAccessibleForFree");
        out.paywalled = matches!(free, Some(Value::Bool(false)))
            || free
                .and_then(Value::as_str)
                .is_some_and(|s| s.eq_ignore_ascii_case("false"));
    }
}

/// A recipe written out as text: its description, ingredients and steps, one per
/// line (steps are strings, `HowToStep`s with `text`, or `HowToSection`s of them).
fn recipe_lines(v: &Value) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    lines.extend(string(v.get("description")));
    if let Some(Value::Array(items)) = v.get("recipeIngredient") {
        lines.extend(items.iter().filter_map(|i| string(Some(i))));
    }
    let mut todo: Vec<&Value> = v.get("recipeInstructions").into_iter().collect();
    let mut budget = 1_000usize;
    while let Some(step) = todo.pop() {
        budget = budget.saturating_sub(1);
        if budget == 0 {
            break;
        }
        match step {
            Value::String(s) => lines.extend(string(Some(step)).filter(|_| !s.is_empty())),
            Value::Array(items) => todo.extend(items.iter().rev()),
            Value::Object(map) => match map.get("itemListElement") {
                Some(inner) => todo.push(inner),
                None => lines.extend(string(map.get("text"))),
            },
            _ => {}
        }
    }
    lines
        .into_iter()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

fn names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(names).collect(),
        Value::Object(_) => string(v.get("name")).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Array(items) => items.iter().find_map(|i| string(Some(i))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_article_in_graph() {
        let ld = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"The Herald"},
            {"@type":"NewsArticle","headline":"Dam opens","datePublished":"2021-03-04T08:00:00Z",
             "dateModified":"2021-03-05","author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Li"}],
             "publisher":{"@type":"Organization","name":"Herald Media"},"isAccessibleForFree":"False"}]}"#;
        let a = read(std::iter::once(ld));
        assert!(a.is_article && a.paywalled);
        assert_eq!(a.headline.as_deref(), Some("Dam opens"));
        assert_eq!(a.authors, ["Ann Lee", "Bo Li"]);
        assert_eq!(a.published.as_deref(), Some("2021-03-04T08:00:00Z"));
        assert_eq!(a.site.as_deref(), Some("The Herald"));
    }

    #[test]
    fn recipe_lines_from_strings_steps_and_sections() {
        let ld = r#"{"@type":"Recipe","name":"Pea soup","author":{"name":"Tom Cook"},
            "datePublished":"2022-01-02","description":"A thick   soup for cold days.",
            "recipeIngredient":["500 g peas"," 1 onion ",""],
            "recipeInstructions":[
              {"@type":"HowToSection","name":"Soup","itemListElement":[
                {"@type":"HowToStep","text":"Chop the onion."},
                {"@type":"HowToStep","text":"Boil the peas."}]},
              "Season and serve."]}"#;
        let a = read(std::iter::once(ld));
        assert!(a.is_article);
        assert_eq!(a.headline.as_deref(), Some("Pea soup"));
        assert_eq!(a.authors, ["Tom Cook"]);
        assert_eq!(
            a.recipe,
            [
                "A thick soup for cold days.",
                "500 g peas",
                "1 onion",
                "Chop the onion.",
                "Boil the peas.",
                "Season and serve."
            ]
        );
    }
}
