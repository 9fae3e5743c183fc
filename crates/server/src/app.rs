//! Routes, shared state and handlers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Path, Query, State as AxState};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use minijinja::{context, Environment};
use parallax_briefing::{apply_base_rate, brief_story, period_base_rate, Briefer, BASE_RATE_DAYS};
use parallax_model::{Article, Briefing, Coverage};
use parallax_store::{story_vectors, AnyStore, HitKind, Store, StorySummary};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::ServerError;
use crate::listen::{self, Listening};
use crate::security::{self, RateLimiter};
use crate::view;

/// Stories listed on a page (and at most through the API).
const MAX_LIST: usize = 200;
const DEFAULT_LIST: usize = 50;
/// How long a story list is reused.
const LIST_TTL: Duration = Duration::from_secs(5);
/// Search hits returned at most.
const MAX_HITS: usize = 100;
/// Briefings kept in memory.
const MAX_CACHED: usize = 4096;
/// Longest search query accepted (characters).
const MAX_QUERY: usize = 200;
/// Stories scanned for an outlet's recent articles.
const OUTLET_SCAN_STORIES: usize = 50;

/// A rendered page and the briefing it shows.
type RenderedPage = (Arc<Briefing>, Arc<String>);

/// Everything the handlers share.
pub struct State {
    store: Mutex<AnyStore>,
    briefer: Briefer,
    /// Briefings computed here (the server never writes the store): story id ->
    /// (member count it was computed for, briefing).
    briefings: Mutex<HashMap<String, (usize, Arc<Briefing>)>>,
    /// The story list, refreshed at most every [`LIST_TTL`]: listing asks the store
    /// to aggregate every story, too costly to do on each request of a large store.
    stories: Mutex<Option<(Instant, Arc<Vec<StorySummary>>)>>,
    /// Rendered story pages with the briefing they were rendered from.
    pages: Mutex<HashMap<String, RenderedPage>>,
    templates: Environment<'static>,
    openapi: String,
    limiter: Arc<Option<RateLimiter>>,
    /// The narrator and the audio it made.
    pub listening: Listening,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State").finish_non_exhaustive()
    }
}

impl State {
    pub fn new(
        store: AnyStore,
        briefer: Briefer,
        rate_limit: u32,
        audio: parallax_audio::Settings,
    ) -> Result<State, ServerError> {
        let mut templates = Environment::new();
        for (name, source) in [
            ("base.html", include_str!("../templates/base.html")),
            ("macros.html", include_str!("../templates/macros.html")),
            ("index.html", include_str!("../templates/index.html")),
            ("story.html", include_str!("../templates/story.html")),
            ("article.html", include_str!("../templates/article.html")),
            ("outlet.html", include_str!("../templates/outlet.html")),
            ("search.html", include_str!("../templates/search.html")),
            ("error.html", include_str!("../templates/error.html")),
        ] {
            templates.add_template(name, source)?;
        }
        // The encoded id holds only unreserved characters, `%` and `/`: safe as is.
        templates.add_filter("path", |id: &str| {
            minijinja::Value::from_safe_string(view::path_segment(id))
        });
        templates.add_filter("day", |day: &str| parallax_briefing::day_label(day));
        Ok(State {
            store: Mutex::new(store),
            briefer,
            briefings: Mutex::new(HashMap::new()),
            stories: Mutex::new(None),
            pages: Mutex::new(HashMap::new()),
            templates,
            openapi: openapi_document()?,
            limiter: Arc::new(RateLimiter::new(rate_limit)),
            listening: Listening::new(audio)?,
        })
    }

    fn store(&self) -> Result<std::sync::MutexGuard<'_, AnyStore>, ServerError> {
        // A panic while holding the lock cannot leave the database inconsistent (each
        // write is one transaction): recover.
        Ok(self.store.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The briefing of a story (following merges): the store's cached one while valid,
    /// else one computed here and kept in memory. `None` for an unknown story.
    pub(crate) fn briefing(&self, asked: &str) -> Result<Option<Arc<Briefing>>, ServerError> {
        self.briefing_of(asked, None)
    }

    /// [`State::briefing`] for a listed story whose member count is known: a briefing
    /// kept in memory for that count is answered without asking the store.
    pub(crate) fn briefing_of(
        &self,
        asked: &str,
        known_members: Option<usize>,
    ) -> Result<Option<Arc<Briefing>>, ServerError> {
        if let Some(count) = known_members {
            if let Some(hit) = self.remembered(asked, count) {
                return Ok(Some(hit));
            }
        }
        let (story, members, briefer) = {
            let store = self.store()?;
            let Some(story) = store.resolve_story(asked)? else {
                return Ok(None);
            };
            if let Some(json) = store.cached_briefing(&story)? {
                if let Ok(briefing) = serde_json::from_str::<Briefing>(&json) {
                    return Ok(Some(Arc::new(briefing)));
                }
            }
            let members = store.story_articles(&story)?;
            // Sentences an earlier briefing embedded are read back (the reader is
            // read-only: `parallax brief` keeps new ones).
            let briefer = match &self.briefer.embedder {
                Some(model) => {
                    let refs: Vec<&Article> = members.iter().collect();
                    let vectors = story_vectors(&*store, &refs, &self.briefer.facts, model)?;
                    Some(self.briefer.clone().with_embedder(Arc::new(vectors)))
                }
                None => None,
            };
            (story, members, briefer)
        };
        if members.is_empty() {
            return Ok(None);
        }
        if let Some(hit) = self.remembered(&story, members.len()) {
            return Ok(Some(hit));
        }
        // Blindspots against the stored coverage of the story's period.
        let period = self.store()?.coverage_around(&story, BASE_RATE_DAYS)?;
        let refs: Vec<&Article> = members.iter().collect();
        let briefer = briefer.as_ref().unwrap_or(&self.briefer);
        let mut briefing = brief_story(briefer, &story, &refs);
        let base = period_base_rate(briefer, &briefing, &period.others, &period.describe());
        apply_base_rate(briefer, &mut briefing, &base);
        let briefing = Arc::new(briefing);
        let mut cache = self.briefings.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        cache.insert(story, (members.len(), Arc::clone(&briefing)));
        Ok(Some(briefing))
    }

    /// A briefing kept in memory for `story` when it had `members` articles.
    fn remembered(&self, story: &str, members: usize) -> Option<Arc<Briefing>> {
        let cache = self.briefings.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .get(story)
            .filter(|(count, _)| *count == members)
            .map(|(_, briefing)| Arc::clone(briefing))
    }

    /// All stories, newest publication first (at most [`LIST_TTL`] old).
    pub(crate) fn stories(&self) -> Result<Arc<Vec<StorySummary>>, ServerError> {
        let mut cached = self.stories.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, list)) = cached.as_ref() {
            if at.elapsed() < LIST_TTL {
                return Ok(Arc::clone(list));
            }
        }
        let list = Arc::new(self.store()?.stories(None)?);
        *cached = Some((Instant::now(), Arc::clone(&list)));
        Ok(list)
    }

    fn render(&self, name: &str, ctx: minijinja::Value) -> Result<String, ServerError> {
        Ok(self.templates.get_template(name)?.render(ctx)?)
    }
}

/// The OpenAPI document with the briefing JSON schema in `components.schemas.Briefing`.
fn openapi_document() -> Result<String, ServerError> {
    let mut doc: Value = serde_json::from_str(include_str!("../static/openapi.json"))?;
    let briefing: Value =
        serde_json::from_str(include_str!("../../../schema/briefing.schema.json"))?;
    if let Some(schemas) = doc.pointer_mut("/components/schemas") {
        schemas["Briefing"] = briefing;
    }
    Ok(serde_json::to_string_pretty(&doc)?)
}

/// All routes with their middleware.
pub fn router(state: Arc<State>) -> Router {
    let limiter = Arc::clone(&state.limiter);
    Router::new()
        .route("/", get(index))
        .route("/stories/{id}", get(story_page))
        .route("/articles/{*id}", get(article_page))
        .route("/outlets/{name}", get(outlet_page))
        .route("/search", get(search_page))
        .route("/feed.xml", get(feed))
        .route("/static/style.css", get(stylesheet))
        .route("/healthz", get(healthz))
        .route("/api/stories", get(api_stories))
        .route("/api/stories/{id}", get(api_story))
        .route("/api/stories/{id}/audio", get(listen::story_audio))
        .route("/podcast.xml", get(listen::podcast))
        .route("/api/articles/{*id}", get(api_article))
        .route("/api/search", get(api_search))
        .route("/api/openapi.json", get(api_openapi))
        .fallback(not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::max(security::MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(security::limits))
        .layer(axum::middleware::from_fn_with_state(
            limiter,
            security::rate_limit,
        ))
        .layer(axum::middleware::from_fn(security::headers))
}

/// Run blocking store and briefing work off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    state: &Arc<State>,
    work: impl FnOnce(&State) -> Result<T, ServerError> + Send + 'static,
) -> Result<T, ServerError> {
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || work(&state))
        .await
        .map_err(|_| ServerError::Task)?
}

/// An HTML page that `work` renders off the async runtime, or the error page.
async fn page(
    state: Arc<State>,
    work: impl FnOnce(&State) -> Result<String, ServerError> + Send + 'static,
) -> Response {
    match blocking(&state, work).await {
        Ok(body) => html(body),
        Err(e) => PageError(e, state).into_response(),
    }
}

pub(crate) fn with_type(body: impl Into<axum::body::Body>, content_type: &'static str) -> Response {
    let mut response = Response::new(body.into());
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn status_of(e: &ServerError) -> StatusCode {
    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// An API error: `{"error": "..."}`.
pub(crate) struct ApiError(pub(crate) ServerError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.0.status() == 500 {
            eprintln!("parallax serve: {}", self.0);
        }
        let body = json!({ "error": self.0.public_message() }).to_string();
        let mut response = with_type(body, "application/json");
        *response.status_mut() = status_of(&self.0);
        response
    }
}

impl From<ServerError> for ApiError {
    fn from(e: ServerError) -> ApiError {
        ApiError(e)
    }
}

/// A page error, rendered as an HTML page.
struct PageError(ServerError, Arc<State>);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if self.0.status() == 500 {
            eprintln!("parallax serve: {}", self.0);
        }
        let status = status_of(&self.0);
        let body = self
            .1
            .render(
                "error.html",
                context! { status => status.as_u16(), message => self.0.public_message() },
            )
            .unwrap_or_else(|_| "error".to_string());
        let mut response = html(body);
        *response.status_mut() = status;
        response
    }
}

fn html(body: String) -> Response {
    with_type(body, "text/html; charset=utf-8")
}

fn json_response(value: &impl Serialize) -> Result<Response, ServerError> {
    Ok(with_type(serde_json::to_string(value)?, "application/json"))
}

// ---------------------------------------------------------------- listing

#[derive(Debug, Deserialize)]
struct ListParams {
    sort: Option<String>,
    limit: Option<usize>,
}

/// One story of a listing.
#[derive(Debug, Serialize)]
struct Listed {
    id: String,
    title: String,
    articles: usize,
    sources: usize,
    first_day: Option<String>,
    last_day: Option<String>,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<Coverage>,
    blindspots: Vec<String>,
}

fn list_stories(state: &State, params: &ListParams) -> Result<Vec<Listed>, ServerError> {
    let biggest = match params.sort.as_deref() {
        None | Some("newest") => false,
        Some("biggest") => true,
        Some(other) => return Err(ServerError::BadRequest(format!("unknown sort {other:?}"))),
    };
    let limit = params.limit.unwrap_or(DEFAULT_LIST);
    if limit == 0 || limit > MAX_LIST {
        return Err(ServerError::BadRequest(format!(
            "limit must be 1 to {MAX_LIST}"
        )));
    }
    let mut stories: Vec<StorySummary> = state.stories()?.as_ref().clone();
    if biggest {
        // Stable: equal sizes keep the newest first.
        stories.sort_by(|a, b| b.sources.cmp(&a.sources).then(b.articles.cmp(&a.articles)));
    }
    stories.truncate(limit);
    let mut listed = Vec::with_capacity(stories.len());
    for s in stories {
        let briefing = state.briefing_of(&s.id, Some(s.articles))?;
        // The briefing's blindspot notes: "few right-leaning sources (0 of 9; usually 38%)".
        let blindspots = briefing.as_ref().map_or_else(Vec::new, |b| {
            b.notes
                .iter()
                .filter_map(|n| n.strip_prefix("Blindspot: "))
                .map(str::to_string)
                .collect()
        });
        listed.push(Listed {
            url: format!("/stories/{}", s.id),
            title: briefing
                .as_ref()
                .map(|b| b.headline.clone())
                .or(s.title)
                .unwrap_or_else(|| s.id.clone()),
            id: s.id,
            articles: s.articles,
            sources: s.sources,
            first_day: s.first_day,
            last_day: s.last_day,
            coverage: briefing.map(|b| b.coverage.clone()),
            blindspots,
        });
    }
    Ok(listed)
}

async fn index(AxState(state): AxState<Arc<State>>, Query(params): Query<ListParams>) -> Response {
    let sort = params.sort.clone().unwrap_or_else(|| "newest".into());
    page(state, move |state| {
        let stories = list_stories(state, &params)?;
        state.render("index.html", context! { stories, sort })
    })
    .await
}

async fn api_stories(
    AxState(state): AxState<Arc<State>>,
    Query(params): Query<ListParams>,
) -> Result<Response, ApiError> {
    let stories = blocking(&state, move |state| list_stories(state, &params)).await?;
    Ok(json_response(&json!({ "stories": stories }))?)
}

// ---------------------------------------------------------------- stories

async fn api_story(
    AxState(state): AxState<Arc<State>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let briefing = blocking(&state, move |state| {
        state
            .briefing(&id)?
            .ok_or_else(|| ServerError::NotFound(format!("no story {id}")))
    })
    .await?;
    Ok(json_response(briefing.as_ref())?)
}

/// One citation of a fact, with its context in the cited article.
#[derive(Debug, Serialize)]
struct Citation {
    source: u32,
    outlet: String,
    article: String,
    start: usize,
    end: usize,
    before: String,
    quote: String,
    after: String,
}

#[derive(Debug, Serialize)]
struct FactView {
    id: String,
    text: String,
    single_source: bool,
    disputed: bool,
    first_reported: Option<String>,
    citations: Vec<Citation>,
}

#[derive(Debug, Serialize)]
struct MatrixRow {
    fact: String,
    cells: Vec<bool>,
}

fn story_html(state: &State, id: &str) -> Result<Arc<String>, ServerError> {
    let briefing = state
        .briefing(id)?
        .ok_or_else(|| ServerError::NotFound(format!("no story {id}")))?;
    // A page rendered from this very briefing (the remembered one) is still valid.
    let pages = || state.pages.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((from, page)) = pages().get(&briefing.story) {
        if Arc::ptr_eq(from, &briefing) {
            return Ok(Arc::clone(page));
        }
    }
    let page = Arc::new(render_story(state, &briefing)?);
    let mut cache = pages();
    if cache.len() >= MAX_CACHED {
        cache.clear();
    }
    cache.insert(briefing.story.clone(), (briefing, Arc::clone(&page)));
    Ok(page)
}

fn render_story(state: &State, briefing: &Arc<Briefing>) -> Result<String, ServerError> {
    let mut texts: HashMap<String, Option<String>> = HashMap::new();
    {
        let store = state.store()?;
        for support in briefing.facts.iter().flat_map(|f| &f.support) {
            if !texts.contains_key(&support.article) {
                let text = store.article(&support.article)?.map(|a| a.article.text);
                texts.insert(support.article.clone(), text);
            }
        }
    }
    let outlet_of = |n: u32| {
        briefing
            .sources
            .iter()
            .find(|s| s.n == n)
            .map_or_else(String::new, |s| s.outlet.clone())
    };
    let facts: Vec<FactView> = briefing
        .facts
        .iter()
        .map(|fact| FactView {
            id: fact.id.clone(),
            text: fact.text.clone(),
            single_source: fact.single_source,
            disputed: fact.disputed,
            first_reported: fact.first_reported.clone(),
            citations: fact
                .support
                .iter()
                .map(|s| {
                    let (before, quote, after) = match texts.get(&s.article) {
                        Some(Some(text)) => view::context(text, s.start, s.end),
                        _ => (String::new(), s.quote.clone(), String::new()),
                    };
                    Citation {
                        source: s.source,
                        outlet: outlet_of(s.source),
                        article: s.article.clone(),
                        start: s.start,
                        end: s.end,
                        before,
                        quote,
                        after,
                    }
                })
                .collect(),
        })
        .collect();
    let matrix: Vec<MatrixRow> = briefing
        .facts
        .iter()
        .map(|fact| MatrixRow {
            fact: fact.id.clone(),
            cells: briefing
                .sources
                .iter()
                .map(|s| fact.sources.contains(&s.n))
                .collect(),
        })
        .collect();
    // The player only: its audio is made when first played (`preload="none"`).
    let audio_unavailable = state.listening.unavailable();
    state.render(
        "story.html",
        context! { b => briefing.as_ref(), facts, matrix, audio_unavailable },
    )
}

async fn story_page(AxState(state): AxState<Arc<State>>, Path(id): Path<String>) -> Response {
    page(state, move |state| {
        story_html(state, &id).map(|body| body.as_ref().clone())
    })
    .await
}

// ---------------------------------------------------------------- articles

fn article_json(state: &State, id: &str) -> Result<Value, ServerError> {
    let stored = state
        .store()?
        .article(id)?
        .ok_or_else(|| ServerError::NotFound(format!("no article {id}")))?;
    let mut value = serde_json::to_value(&stored.article)?;
    if let Some(object) = value.as_object_mut() {
        object.insert("story".into(), json!(stored.story));
        object.insert("revision".into(), json!(stored.revision));
        object.insert("syndicated_from".into(), json!(stored.syndicated_from));
        object.insert("reprints".into(), json!(stored.reprints));
    }
    Ok(value)
}

async fn api_article(
    AxState(state): AxState<Arc<State>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let value = blocking(&state, move |state| article_json(state, &id)).await?;
    Ok(json_response(&value)?)
}

fn article_html(state: &State, id: &str) -> Result<String, ServerError> {
    let stored = state
        .store()?
        .article(id)?
        .ok_or_else(|| ServerError::NotFound(format!("no article {id}")))?;
    let spans: Vec<(usize, usize)> = match &stored.story {
        Some(story) => state.briefing(story)?.map_or_else(Vec::new, |b| {
            b.facts
                .iter()
                .flat_map(|f| &f.support)
                .filter(|s| s.article == stored.article.id)
                .map(|s| (s.start, s.end))
                .collect()
        }),
        None => Vec::new(),
    };
    let segments = view::segments(&stored.article.text, &spans);
    // Only http(s) links to the original: never `javascript:` or `data:`.
    let url = stored
        .article
        .url
        .clone()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    state.render(
        "article.html",
        context! {
            a => context! {
                id => stored.article.id, title => stored.article.title, outlet => stored.article.outlet,
                published => stored.article.published, url => url,
            },
            story => stored.story, syndicated_from => stored.syndicated_from, segments,
        },
    )
}

async fn article_page(AxState(state): AxState<Arc<State>>, Path(id): Path<String>) -> Response {
    page(state, move |state| article_html(state, &id)).await
}

// ---------------------------------------------------------------- outlets

#[derive(Debug, Serialize)]
struct ArticleLink {
    id: String,
    title: Option<String>,
    published: Option<String>,
}

fn outlet_html(state: &State, name: &str) -> Result<String, ServerError> {
    let outlet = state.briefer.registry.lookup(Some(name), None);
    let display = outlet.map_or_else(|| name.to_string(), |o| o.name.clone());
    let mut articles = Vec::new();
    let stories = state.stories()?;
    {
        let store = state.store()?;
        for story in stories.iter().take(OUTLET_SCAN_STORIES) {
            for article in store.story_articles(&story.id)? {
                let same = article.outlet.as_deref().is_some_and(|o| {
                    o.eq_ignore_ascii_case(name)
                        || outlet.is_some_and(|reg| {
                            state.briefer.registry.lookup(Some(o), None).map(|x| &x.id)
                                == Some(&reg.id)
                        })
                });
                if same {
                    articles.push(ArticleLink {
                        id: article.id,
                        title: article.title,
                        published: article.published,
                    });
                }
            }
        }
    }
    if outlet.is_none() && articles.is_empty() {
        return Err(ServerError::NotFound(format!("no outlet {name}")));
    }
    articles.sort_by(|a, b| b.published.cmp(&a.published));
    articles.truncate(50);
    state.render(
        "outlet.html",
        context! { name => display, outlet, articles },
    )
}

async fn outlet_page(AxState(state): AxState<Arc<State>>, Path(name): Path<String>) -> Response {
    page(state, move |state| outlet_html(state, &name)).await
}

// ---------------------------------------------------------------- search

#[derive(Debug, Deserialize)]
struct SearchParams {
    q: Option<String>,
    limit: Option<usize>,
}

#[derive(Debug, Serialize)]
struct HitView {
    kind: &'static str,
    id: String,
    title: String,
    snippet: String,
    url: String,
}

fn search(state: &State, params: &SearchParams) -> Result<(String, Vec<HitView>), ServerError> {
    let query = params.q.clone().unwrap_or_default();
    if query.chars().count() > MAX_QUERY {
        return Err(ServerError::BadRequest(format!(
            "query longer than {MAX_QUERY} characters"
        )));
    }
    let limit = params.limit.unwrap_or(20);
    if limit == 0 || limit > MAX_HITS {
        return Err(ServerError::BadRequest(format!(
            "limit must be 1 to {MAX_HITS}"
        )));
    }
    let Some(fts) = view::fts_query(&query) else {
        return Ok((query, Vec::new()));
    };
    let hits = state.store()?.search(&fts, limit)?;
    let hits = hits
        .into_iter()
        .map(|h| {
            let (kind, url) = match h.kind {
                HitKind::Article => ("article", format!("/articles/{}", h.id)),
                HitKind::Briefing => ("briefing", format!("/stories/{}", h.id)),
            };
            HitView {
                kind,
                id: h.id,
                title: h.title,
                snippet: h.snippet,
                url,
            }
        })
        .collect();
    Ok((query, hits))
}

async fn api_search(
    AxState(state): AxState<Arc<State>>,
    Query(params): Query<SearchParams>,
) -> Result<Response, ApiError> {
    if params.q.as_deref().is_none_or(|q| q.trim().is_empty()) {
        return Err(ServerError::BadRequest("missing query parameter q".into()).into());
    }
    let (query, hits) = blocking(&state, move |state| search(state, &params)).await?;
    Ok(json_response(&json!({ "query": query, "hits": hits }))?)
}

async fn search_page(
    AxState(state): AxState<Arc<State>>,
    Query(params): Query<SearchParams>,
) -> Response {
    page(state, move |state| {
        let (query, hits) = search(state, &params)?;
        state.render("search.html", context! { query, hits })
    })
    .await
}

// ---------------------------------------------------------------- the rest

async fn feed(AxState(state): AxState<Arc<State>>, headers: HeaderMap) -> Response {
    let host = origin(&headers);
    let result = blocking(&state, move |state| {
        let stories = state.stories()?;
        let mut entries = Vec::new();
        for s in stories.iter().take(DEFAULT_LIST) {
            if let Some(b) = state.briefing_of(&s.id, Some(s.articles))? {
                entries.push((b.as_ref().clone(), s.last_day.clone()));
            }
        }
        Ok(view::atom_feed(&format!("http://{host}"), &entries))
    })
    .await;
    match result {
        Ok(xml) => with_type(xml, "application/atom+xml; charset=utf-8"),
        Err(e) => ApiError(e).into_response(),
    }
}

/// The host our links name, from the Host header: escaped where used, and limited to
/// host characters.
pub(crate) fn origin(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.len() <= 255
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost")
        .to_string()
}

async fn stylesheet() -> Response {
    let mut response = with_type(
        include_str!("../static/style.css"),
        "text/css; charset=utf-8",
    );
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

async fn healthz(AxState(state): AxState<Arc<State>>) -> Result<Response, ApiError> {
    let articles = blocking(&state, |state| Ok(state.store()?.article_count()?)).await?;
    Ok(json_response(
        &json!({ "status": "ok", "articles": articles }),
    )?)
}

async fn api_openapi(AxState(state): AxState<Arc<State>>) -> Response {
    with_type(state.openapi.clone(), "application/json")
}

async fn not_found(AxState(state): AxState<Arc<State>>, uri: axum::http::Uri) -> Response {
    let error = ServerError::NotFound("no such page".into());
    if uri.path().starts_with("/api/") {
        ApiError(error).into_response()
    } else {
        PageError(error, state).into_response()
    }
}
