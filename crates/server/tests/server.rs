//! End-to-end tests of `parallax-server`: the real server on 127.0.0.1:0 over a temporary
//! SQLite store filled with the sample corpus (plus one hostile article), every response
//! checked against the OpenAPI document it serves.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use parallax_briefing::Briefer;
use parallax_ingest::Reader;
use parallax_model::Article;
use parallax_narratives::Registry;
use parallax_server::{Config, Server};
use parallax_store::{SqliteStore, Store};
use serde_json::{json, Value};

/// An article whose every field tries to inject markup.
const HOSTILE_ID: &str = "hostile-1";
const HOSTILE_TEXT: &str = "The Tesk council approved a budget of 12 million dollars on Monday <script>alert('xss')</script>. \
    Residents said <img src=x onerror=alert(1)> the vote was rushed. \
    The mayor said the budget would fund 40 new buses.";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Fixture {
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

/// One server for all tests (rate limiting off: the tests are one client).
fn server() -> SocketAddr {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut store = SqliteStore::open(&dir.path().join("parallax.db")).expect("store");
            let batch = Reader::new()
                .expect("reader")
                .read_paths(&[workspace().join("examples/corpus")]);
            assert!(batch.errors.is_empty(), "{:?}", batch.errors);
            store.ingest(&batch.articles).expect("ingest corpus");
            let mut hostile = Article::new(HOSTILE_ID, HOSTILE_TEXT);
            hostile.title = Some("<script>alert('title')</script> Budget".into());
            hostile.outlet = Some("Evil <b>Gazette</b>".into());
            hostile.url = Some("javascript:alert(1)".into());
            hostile.published = Some("2026-10-30".into());
            store.ingest(&[hostile]).expect("ingest hostile");
            let mut registry = Registry::builtin().expect("registry");
            registry
                .add_file(&workspace().join("examples/outlets.toml"))
                .expect("outlets");
            let config = Config {
                addr: "127.0.0.1:0".parse().expect("addr"),
                rate_limit: 0,
                threads: 2,
                ..Config::default()
            };
            let server =
                Server::bind(&config, store, Briefer::with_registry(registry)).expect("bind");
            let addr = server.local_addr().expect("addr");
            std::thread::spawn(move || server.run());
            Fixture { addr, _dir: dir }
        })
        .addr
}

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        field(&self.headers, name)
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// A minimal HTTP/1.1 client: one request per connection; the head and the raw body.
fn raw_request(method: &str, path: &str, extra: &str) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(server()).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .expect("timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{extra}\r\n"
    )
    .expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("head");
    let head = String::from_utf8(raw[..end].to_vec()).expect("utf-8 head");
    (head, raw[end + 4..].to_vec())
}

/// Status and headers of a raw response head.
fn head_fields(head: &str) -> (u16, Vec<(String, String)>) {
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers)
}

/// The value of header `name` (any case) among `headers`.
fn field<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A request whose response is text.
fn request(method: &str, path: &str, extra: &str) -> Resp {
    let (head, body) = raw_request(method, path, extra);
    let body = String::from_utf8(body).expect("utf-8 response");
    let (status, headers) = head_fields(&head);
    let mut resp = Resp {
        status,
        headers,
        body,
    };
    if resp
        .header("transfer-encoding")
        .is_some_and(|v| v.contains("chunked"))
    {
        resp.body = dechunk(&resp.body);
    }
    resp
}

fn get(path: &str) -> Resp {
    request("GET", path, "")
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).expect("chunk size");
        if n == 0 {
            break;
        }
        out.push_str(&after[..n]);
        rest = &after[n + 2..];
    }
    out
}

fn openapi() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let resp = get("/api/openapi.json");
        assert_eq!(resp.status, 200);
        resp.json()
    })
}

/// Check a response against the OpenAPI operation `path` (template) declares: the
/// status is declared, the content type is the declared one, the body fits its schema.
fn check(template: &str, resp: &Resp) {
    let doc = openapi();
    let op = &doc["paths"][template]["get"];
    assert!(op.is_object(), "{template} not in the OpenAPI document");
    let mut declared = &op["responses"][resp.status.to_string()];
    assert!(
        declared.is_object(),
        "{template}: status {} not declared",
        resp.status
    );
    if let Some(reference) = declared["$ref"].as_str() {
        declared = doc
            .pointer(reference.trim_start_matches('#'))
            .expect("response ref");
    }
    let content = declared["content"].as_object().expect("declared content");
    let content_type = resp.header("content-type").expect("content type");
    let (media, spec) = content
        .iter()
        .find(|(media, _)| content_type.starts_with(media.as_str()))
        .unwrap_or_else(|| panic!("{template}: content type {content_type} not declared"));
    if media == "application/json" {
        // `components` is no JSON Schema keyword: move the schemas under `$defs`, where
        // the embedded briefing schema (with its own `$id`) is found as a resource.
        let mut schema: Value = serde_json::from_str(
            &serde_json::to_string(&spec["schema"])
                .expect("json")
                .replace("#/components/schemas/", "#/$defs/"),
        )
        .expect("json");
        let defs = serde_json::to_string(&doc["components"]["schemas"])
            .expect("json")
            .replace("\"#/components/schemas/", "\"#/$defs/");
        schema["$defs"] = serde_json::from_str(&defs).expect("json");
        let validator = jsonschema::draft202012::new(&schema).expect("valid schema");
        let body = resp.json();
        let errors: Vec<String> = validator
            .iter_errors(&body)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{template}: {errors:?}");
    }
}

fn security_headers(resp: &Resp) {
    let csp = resp.header("content-security-policy").expect("CSP");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(resp.header("x-content-type-options"), Some("nosniff"));
}

fn first_story() -> String {
    let stories = get("/api/stories?sort=biggest").json();
    stories["stories"][0]["id"]
        .as_str()
        .expect("a story")
        .to_string()
}

fn hostile_story() -> String {
    let article = get(&format!("/api/articles/{HOSTILE_ID}")).json();
    article["story"].as_str().expect("story").to_string()
}

#[test]
fn health_and_openapi() {
    let resp = get("/healthz");
    check("/healthz", &resp);
    security_headers(&resp);
    assert!(resp.json()["articles"].as_u64().is_some_and(|n| n >= 28));
    check("/api/openapi.json", &get("/api/openapi.json"));
    assert_eq!(openapi()["openapi"], "3.1.0");
}

#[test]
fn api_stories_lists_the_corpus() {
    for path in ["/api/stories", "/api/stories?sort=biggest&limit=3"] {
        let resp = get(path);
        check("/api/stories", &resp);
        security_headers(&resp);
    }
    let all = get("/api/stories").json();
    assert!(all["stories"].as_array().expect("array").len() >= 5);
    let biggest = get("/api/stories?sort=biggest&limit=3").json();
    let sizes: Vec<u64> = biggest["stories"]
        .as_array()
        .expect("array")
        .iter()
        .map(|s| s["sources"].as_u64().expect("n"))
        .collect();
    assert_eq!(sizes.len(), 3);
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    for bad in [
        "/api/stories?sort=oldest",
        "/api/stories?limit=0",
        "/api/stories?limit=100000",
    ] {
        let resp = get(bad);
        assert_eq!(resp.status, 400, "{bad}");
        check("/api/stories", &resp);
    }
}

#[test]
fn api_story_is_the_briefing_json() {
    let id = first_story();
    let resp = get(&format!("/api/stories/{id}"));
    assert_eq!(resp.status, 200);
    check("/api/stories/{id}", &resp);
    let briefing = resp.json();
    assert_eq!(briefing["story"], id.as_str());
    // Every citation is verbatim in the cited article.
    for support in briefing["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .flat_map(|f| f["support"].as_array().expect("support"))
    {
        let article = get(&format!(
            "/api/articles/{}",
            support["article"].as_str().expect("id")
        ));
        check("/api/articles/{id}", &article);
        let text: Vec<char> = article.json()["text"]
            .as_str()
            .expect("text")
            .chars()
            .collect();
        let (start, end) = (
            support["start"].as_u64().expect("start") as usize,
            support["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(
            text[start..end].iter().collect::<String>(),
            support["quote"].as_str().expect("quote")
        );
    }
    let missing = get("/api/stories/s-0000");
    assert_eq!(missing.status, 404);
    check("/api/stories/{id}", &missing);
}

#[test]
fn api_articles_and_search() {
    let missing = get("/api/articles/nope");
    assert_eq!(missing.status, 404);
    check("/api/articles/{id}", &missing);
    let resp = get("/api/search?q=ferry");
    check("/api/search", &resp);
    let hits = resp.json();
    assert!(!hits["hits"].as_array().expect("hits").is_empty());
    // FTS5 operators and stray quotes are words, not syntax errors.
    for q in ["%22unbalanced", "NEAR(a%20b)%20OR%20*", "%28%29"] {
        let resp = get(&format!("/api/search?q={q}"));
        assert_eq!(resp.status, 200, "{q}: {}", resp.body);
        check("/api/search", &resp);
    }
    let resp = get("/api/search");
    assert_eq!(resp.status, 400);
    check("/api/search", &resp);
}

#[test]
fn feed_is_atom_with_escaped_entries() {
    let resp = get("/feed.xml");
    check("/feed.xml", &resp);
    assert!(resp.body.starts_with("<?xml"));
    assert!(resp
        .body
        .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    assert!(resp.body.matches("<entry>").count() >= 5);
    assert!(!resp.body.contains("<script>"));
}

#[test]
fn rate_limit_answers_429() {
    let store = SqliteStore::open_in_memory().expect("store");
    let config = Config {
        addr: "127.0.0.1:0".parse().expect("addr"),
        rate_limit: 1,
        threads: 1,
        ..Config::default()
    };
    let server = Server::bind(&config, store, Briefer::new().expect("briefer")).expect("bind");
    let addr = server.local_addr().expect("addr");
    std::thread::spawn(move || server.run());
    let status = || {
        let mut stream = TcpStream::connect(addr).expect("connect");
        write!(
            stream,
            "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .expect("write");
        let mut text = String::new();
        stream.read_to_string(&mut text).expect("read");
        text.split(' ')
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .expect("status")
    };
    // A burst of two, then refused until the bucket refills.
    assert_eq!((status(), status(), status()), (200, 200, 429));
}

#[test]
fn read_only_and_limits() {
    let resp = request("POST", "/api/stories", "Content-Length: 0\r\n");
    assert_eq!(resp.status, 405);
    let resp = request("GET", "/api/stories", "Content-Length: 100000\r\n");
    assert_eq!(resp.status, 413);
    let long = format!("/search?q={}", "a".repeat(5000));
    assert_eq!(get(&long).status, 414);
    let resp = get("/nowhere");
    assert_eq!(resp.status, 404);
    security_headers(&resp);
}

#[test]
fn story_list_page() {
    let resp = get("/");
    assert_eq!(resp.status, 200);
    assert!(resp
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/html")));
    security_headers(&resp);
    assert!(resp.body.contains("class=\"story-link\""));
    assert!(resp.body.contains("class=\"seg lean-"), "coverage bars");
    assert!(resp.body.contains("type=\"search\""));
    assert!(get("/?sort=biggest")
        .body
        .contains("<strong>biggest</strong>"));
}

#[test]
fn story_pages_show_the_briefing_notes() {
    let stories = get("/api/stories").json();
    let mut shown = 0;
    for story in stories["stories"].as_array().expect("array") {
        let id = story["id"].as_str().expect("id");
        let briefing = get(&format!("/api/stories/{id}")).json();
        let page = get(&format!("/stories/{id}")).body;
        // `notes` is left out of the JSON when there are none.
        for note in briefing["notes"].as_array().into_iter().flatten() {
            let note = note.as_str().expect("text").replace('\'', "&#x27;");
            assert!(
                page.contains(&format!("<p class=\"note\">{note}</p>")),
                "{id}: {note}"
            );
            shown += 1;
        }
    }
    assert!(shown > 0, "the corpus has a story with a note");
}

#[test]
fn newest_lists_the_latest_publication_first() {
    let stories = get("/api/stories").json();
    let days: Vec<&str> = stories["stories"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|s| s["last_day"].as_str())
        .collect();
    assert!(days.len() > 2, "{days:?}");
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
}

#[test]
fn story_pages_show_the_timeline_of_stories_over_days() {
    let stories = get("/api/stories").json();
    let mut shown = 0;
    for story in stories["stories"].as_array().expect("array") {
        let id = story["id"].as_str().expect("id");
        let briefing = get(&format!("/api/stories/{id}")).json();
        let page = get(&format!("/stories/{id}")).body;
        let Some(timeline) = briefing["timeline"].as_array() else {
            assert!(!page.contains("id=\"timeline\""), "{id}");
            continue;
        };
        assert!(page.contains("<h2 id=\"timeline\">Timeline</h2>"), "{id}");
        let mut at = 0;
        for entry in timeline {
            let day = entry["day"].as_str().expect("day");
            let marker = if day == "unknown" {
                "Date unknown".to_string()
            } else {
                format!("<h3><time datetime=\"{day}\">")
            };
            let found = page[at..]
                .find(&marker)
                .unwrap_or_else(|| panic!("{id}: {day}"));
            at += found + marker.len();
        }
        for fact in briefing["facts"].as_array().expect("facts") {
            let day = fact["first_reported"].as_str().expect("first reported");
            assert!(
                page.contains(&format!("first reported <time datetime=\"{day}\">"))
                    || day == "unknown"
            );
        }
        shown += 1;
    }
    assert!(shown > 0, "the corpus has a story over several days");
}

#[test]
fn story_page_citations_open_their_sentence() {
    let id = first_story();
    let briefing = get(&format!("/api/stories/{id}")).json();
    let page = get(&format!("/stories/{id}"));
    assert_eq!(page.status, 200);
    security_headers(&page);
    for heading in [
        "<h2>Facts</h2>",
        "<h2>Sources</h2>",
        "<h2>Narratives</h2>",
        "<h2>Who reports what</h2>",
        "as provided by",
    ] {
        assert!(page.body.contains(heading), "{heading}");
    }
    let support = &briefing["facts"][0]["support"][0];
    let quote = support["quote"].as_str().expect("quote");
    let escaped = quote
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;");
    assert!(
        page.body
            .contains(&format!("<mark class=\"quote\">{escaped}</mark>")),
        "quote in context: {quote}"
    );
    let anchor = format!("span-{}-{}", support["start"], support["end"]);
    let link = format!(
        "/articles/{}#{anchor}",
        support["article"].as_str().expect("article")
    );
    assert!(
        page.body.contains(&link),
        "{link}: {}",
        page.body.split("open-article").nth(1).unwrap_or("")
    );
    let article = get(link.split('#').next().expect("path"));
    assert_eq!(article.status, 200);
    assert!(article.body.contains(&format!(
        "<mark id=\"{anchor}\" class=\"cited\">{escaped}</mark>"
    )));
    assert_eq!(get("/stories/s-0000").status, 404);
}

#[test]
fn disputed_facts_carry_a_badge_that_leads_to_the_contradictions() {
    let stories = get("/api/stories").json();
    let mut badges = 0;
    for story in stories["stories"].as_array().expect("array") {
        let id = story["id"].as_str().expect("id");
        let briefing = get(&format!("/api/stories/{id}")).json();
        let page = get(&format!("/stories/{id}")).body;
        let mut on_page = 0;
        for fact in briefing["facts"].as_array().expect("facts") {
            let item = page
                .split(&format!(
                    "<li id=\"{}\" class=\"fact\">",
                    fact["id"].as_str().expect("id")
                ))
                .nth(1)
                .and_then(|rest| rest.split("<details").next())
                .expect("the fact's list item");
            let badge = item.contains("href=\"#contradictions\">figure disputed</a>");
            assert_eq!(badge, fact["disputed"] == true, "{item}");
            on_page += usize::from(badge);
        }
        badges += on_page;
        if on_page > 0 {
            assert!(page.contains("<h2 id=\"contradictions\">Contradictions</h2>"));
        }
    }
    assert!(badges > 0, "the sample corpus has disputed figures");
}

#[test]
fn hostile_article_renders_inert() {
    let story = hostile_story();
    let pages = [
        get(&format!("/articles/{HOSTILE_ID}")),
        get(&format!("/stories/{story}")),
        get("/"),
        get("/search?q=budget"),
        get("/outlets/Evil%20%3Cb%3EGazette%3C%2Fb%3E"),
    ];
    for page in &pages {
        assert_eq!(page.status, 200, "{}", page.body);
        security_headers(page);
        let body = page.body.to_lowercase();
        assert!(!body.contains("<script"), "{}", page.body);
        assert!(!body.contains("<img"), "{}", page.body);
        assert!(!body.contains("<b>gazette"), "{}", page.body);
        assert!(!body.contains("javascript:"), "{}", page.body);
    }
    assert!(pages[0].body.contains("&lt;script&gt;alert("));
    assert!(pages[0].body.contains("onerror=alert(1)&gt;"));
    assert!(pages[2].body.contains("&lt;script&gt;"));
}

#[test]
fn search_and_outlet_pages() {
    let page = get("/search?q=ferry");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("class=\"hit\""));
    let json = json!(get("/api/stories?limit=200").json());
    let story = json["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .find(|s| s["sources"].as_u64() > Some(3))
        .expect("big story")
        .clone();
    let briefing = get(&format!(
        "/api/stories/{}",
        story["id"].as_str().expect("id")
    ))
    .json();
    let outlet = briefing["sources"][0]["outlet"]
        .as_str()
        .expect("outlet")
        .to_string();
    let page = get(&format!("/outlets/{}", outlet.replace(' ', "%20")));
    assert_eq!(page.status, 200, "{outlet}");
    assert!(page.body.contains("Recent articles"));
    assert!(page.body.contains("/articles/"));
    assert_eq!(get("/outlets/Nobody%20Here").status, 404);
    assert_eq!(get("/static/style.css").status, 200);
}

#[test]
fn story_page_offers_the_narration_without_script() {
    let id = first_story();
    let resp = get(&format!("/stories/{id}"));
    assert_eq!(resp.status, 200);
    security_headers(&resp);
    let csp = resp.header("content-security-policy").expect("CSP");
    assert!(csp.contains("media-src 'self'"), "{csp}");
    assert!(!resp.body.contains("<script"));
    if speech_tools(SPEECH_PROGRAMS) {
        assert!(
            resp.body.contains(&format!(
                "<audio controls preload=\"none\" src=\"/api/stories/{id}/audio\">"
            )),
            "{}",
            resp.body
        );
    } else {
        assert!(resp
            .body
            .contains("Audio unavailable: espeak-ng is not installed"));
    }
}

#[test]
fn story_audio_is_served_with_type_length_and_ranges() {
    if !speech_tools(SPEECH_PROGRAMS) {
        let (head, _) = raw_request("GET", &format!("/api/stories/{}/audio", first_story()), "");
        assert_eq!(head_fields(&head).0, 503);
        return;
    }
    let path = format!("/api/stories/{}/audio", first_story());
    let (head, whole) = raw_request("GET", &path, "");
    let (status, headers) = head_fields(&head);
    assert_eq!(status, 200, "{head}");
    assert_eq!(field(&headers, "content-type"), Some("audio/ogg"));
    assert_eq!(field(&headers, "accept-ranges"), Some("bytes"));
    let length: usize = field(&headers, "content-length")
        .and_then(|v| v.parse().ok())
        .expect("content-length");
    assert_eq!(length, whole.len());
    assert!(
        whole.starts_with(b"OggS") && length > 10_000,
        "{length} bytes"
    );
    check(
        "/api/stories/{id}/audio",
        &Resp {
            status,
            headers: headers.clone(),
            body: String::new(),
        },
    );

    // A range, a suffix, and one past the end.
    let (head, part) = raw_request("GET", &path, "Range: bytes=0-99\r\n");
    let (status, headers) = head_fields(&head);
    assert_eq!(status, 206, "{head}");
    assert_eq!(
        field(&headers, "content-range"),
        Some(format!("bytes 0-99/{length}").as_str())
    );
    assert_eq!(field(&headers, "content-length"), Some("100"));
    assert_eq!(part, whole[..100]);
    let (head, tail) = raw_request("GET", &path, "Range: bytes=-10\r\n");
    assert_eq!(head_fields(&head).0, 206, "{head}");
    assert_eq!(tail, whole[length - 10..]);
    let (head, _) = raw_request("GET", &path, &format!("Range: bytes={}-\r\n", length + 5));
    assert_eq!(head_fields(&head).0, 416, "{head}");

    // HEAD has the length without the body; the audio is kept, not made again.
    let (head, body) = raw_request("HEAD", &path, "");
    let (status, headers) = head_fields(&head);
    assert_eq!((status, body.len()), (200, 0));
    assert_eq!(
        field(&headers, "content-length"),
        Some(length.to_string().as_str())
    );
    assert_eq!(raw_request("GET", &path, "").1, whole);

    let resp = get("/api/stories/s-0000/audio");
    assert_eq!(resp.status, 404);
    check("/api/stories/{id}/audio", &resp);
}

#[test]
fn podcast_feed_is_rss_with_reachable_enclosures() {
    if !speech_tools(SPEECH_PROGRAMS) {
        assert_eq!(get("/podcast.xml").status, 503);
        return;
    }
    let resp = get("/podcast.xml");
    assert_eq!(resp.status, 200);
    check("/podcast.xml", &resp);
    assert_eq!(
        resp.header("content-type"),
        Some("application/rss+xml; charset=utf-8")
    );
    let feed = feed_rs::parser::parse(resp.body.as_bytes()).expect("parses as a feed");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::RSS2);
    let stories = get("/api/stories").json()["stories"]
        .as_array()
        .expect("stories")
        .len();
    assert_eq!(feed.entries.len(), stories.min(20));
    for tag in [
        "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"",
        "<itunes:author>",
        "<itunes:category text=\"News\"/>",
    ] {
        assert!(resp.body.contains(tag), "{tag} not in\n{}", resp.body);
    }
    let items: Vec<&str> = resp.body.split("<item>").skip(1).collect();
    assert_eq!(items.len(), feed.entries.len());
    for item in &items {
        for tag in [
            "<itunes:title>",
            "<itunes:summary>",
            "<itunes:duration>",
            "<enclosure ",
        ] {
            assert_eq!(item.matches(tag).count(), 1, "{tag} in {item}");
        }
    }
    // Escaped, never markup: the hostile story's headline is in the feed as text.
    assert!(!resp.body.contains("<script>"));
    assert!(
        resp.body
            .contains("&lt;script&gt;alert(&apos;title&apos;)&lt;/script&gt; Budget")
            || resp
                .body
                .contains("&lt;script&gt;alert('title')&lt;/script&gt; Budget")
    );
    let duration =
        regex::Regex::new(r"<itunes:duration>([0-9]{2}):([0-9]{2}):([0-9]{2})</itunes:duration>")
            .expect("regex");
    assert_eq!(
        duration.captures_iter(&resp.body).count(),
        feed.entries.len()
    );
    for entry in &feed.entries {
        let title = entry
            .title
            .as_ref()
            .map(|t| t.content.clone())
            .unwrap_or_default();
        let enclosure = entry
            .media
            .iter()
            .flat_map(|m| &m.content)
            .next()
            .unwrap_or_else(|| panic!("{title}: no enclosure"));
        let url = enclosure.url.as_ref().expect("enclosure url");
        assert_eq!(url.host_str(), Some("localhost"));
        let (head, body) = raw_request("GET", url.path(), "");
        let (status, headers) = head_fields(&head);
        assert_eq!(status, 200, "{title}: {url}");
        assert_eq!(Some(body.len() as u64), enclosure.size, "{title}: length");
        assert_eq!(
            field(&headers, "content-type").map(str::to_string),
            enclosure
                .content_type
                .as_ref()
                .map(|m| m.essence().to_string()),
            "{title}: type"
        );
    }
}

#[path = "support/webdriver.rs"]
mod webdriver;

#[path = "../../audio/tests/support/tools.rs"]
mod tools;
use tools::speech_tools;

/// The programs the web reader's audio needs: the engine and the Ogg Opus encoder.
const SPEECH_PROGRAMS: &[&str] = &["espeak-ng", "opusenc"];

/// A headless Chromium through chromedriver, or `None` (with a message) when it is not
/// installed; under CI (`CI` set) a missing browser fails instead, since `.ci/run`
/// installs it.
fn browser(width: u32, height: u32) -> Option<webdriver::Browser> {
    match webdriver::chromedriver() {
        Some(driver) => Some(webdriver::Browser::start(driver, width, height)),
        None if std::env::var_os("CI").is_some() => {
            panic!("chromedriver not found: .ci/run installs chromium and chromium-driver")
        }
        None => {
            eprintln!("SKIPPED browser test: chromedriver not found (apt-get install chromium chromium-driver)");
            None
        }
    }
}

fn artefact(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).expect("artefact dir");
    dir.join(name)
}

#[test]
fn browser_reads_list_story_citation_and_search() {
    let Some(b) = browser(1280, 1000) else { return };
    let base = format!("http://{}", server());
    b.goto(&format!("{base}/?sort=biggest"));
    let first = b.find("a.story-link");
    let headline = b.text(&first);
    b.click(&first);
    assert!(b.url().contains("/stories/s-"), "{}", b.url());
    assert_eq!(b.text(&b.find("#headline")), headline);
    // The stylesheet loaded under the CSP: the coverage bar has its width.
    assert_eq!(
        b.script("return getComputedStyle(document.querySelector('.bar')).display"),
        "inline-flex"
    );
    b.screenshot(&artefact("story-desktop.png"));

    // A citation opens its sentence in context, without JavaScript of ours.
    let cite = b.find("details.cite");
    let quote = b.find_in(&cite, "mark.quote");
    assert!(!b.displayed(&quote));
    b.click(&b.find_in(&cite, "summary"));
    assert!(b.displayed(&quote));
    let sentence = b.text(&quote);
    assert!(!sentence.is_empty());
    b.screenshot(&artefact("story-citation-open.png"));
    // ... and links to the article, where the same span is highlighted and targeted.
    b.click(&b.find_in(&cite, "a.open-article"));
    let url = b.url();
    let anchor = url.split('#').nth(1).expect("fragment").to_string();
    assert!(anchor.starts_with("span-"), "{url}");
    let mark = b.find(&format!("mark#{anchor}"));
    assert_eq!(b.text(&mark), sentence);
    assert_eq!(
        b.script(
            "return document.querySelector(':target') && document.querySelector(':target').id"
        ),
        anchor.as_str()
    );

    // Search from the box in the header.
    b.goto(&format!("{base}/"));
    b.send_keys(&b.find("input[name=q]"), "ferry\u{E007}");
    // The form submission navigates asynchronously to the key press: wait for it.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !b.url().contains("/search?q=ferry") && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(b.url().contains("/search?q=ferry"), "{}", b.url());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while b.try_find("li.hit a").is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(b.try_find("li.hit a").is_some());
}

#[test]
fn browser_plays_the_narration_under_the_csp() {
    if !speech_tools(SPEECH_PROGRAMS) {
        return;
    }
    let Some(b) = browser(1280, 1000) else { return };
    let base = format!("http://{}", server());
    b.goto(&format!("{base}/stories/{}", first_story()));
    assert_eq!(b.script("return document.scripts.length"), 0);
    // The player fetches its audio when asked to (preload="none"): ask, then wait for
    // the metadata. Blocked by the CSP or undecodable, it would end in an error.
    b.script(
        "const a = document.querySelector('audio'); a.preload = 'metadata'; a.load(); return true",
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let state = loop {
        let state = b.script("const a = document.querySelector('audio'); return [a.readyState, a.duration || 0, a.error ? a.error.code : 0]");
        let ready = state[0].as_u64().unwrap_or(0);
        if ready >= 1 || state[2].as_u64().unwrap_or(0) != 0 || std::time::Instant::now() > deadline
        {
            break state;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(state[2], 0, "media error: {state}");
    assert!(state[1].as_f64().unwrap_or(0.0) > 5.0, "{state}");
    b.screenshot(&artefact("story-player.png"));
}

#[test]
fn browser_story_page_on_a_phone() {
    let Some(b) = browser(412, 915) else { return };
    let base = format!("http://{}", server());
    b.goto(&format!("{base}/stories/{}", first_story()));
    // No horizontal scrolling of the page (the matrix scrolls in its own box).
    let overflow = b.script("return document.documentElement.scrollWidth <= window.innerWidth + 1");
    assert_eq!(overflow, true);
    b.screenshot(&artefact("story-phone.png"));
}

#[test]
fn browser_hostile_article_is_inert() {
    let Some(b) = browser(1280, 1000) else { return };
    let base = format!("http://{}", server());
    for path in [
        format!("/articles/{HOSTILE_ID}"),
        format!("/stories/{}", hostile_story()),
        "/".to_string(),
    ] {
        b.goto(&format!("{base}{path}"));
        assert!(!b.alert_open(), "{path}: a script ran");
        let counts = b.script("return [document.scripts.length, document.images.length, document.querySelectorAll('[onerror]').length]");
        assert_eq!(counts, json!([0, 0, 0]), "{path}");
    }
    b.goto(&format!("{base}/articles/{HOSTILE_ID}"));
    let text = b.text(&b.find(".text"));
    assert!(
        text.contains("<script>alert('xss')</script>"),
        "shown as text: {text}"
    );
    assert!(
        text.contains("<img src=x onerror=alert(1)>"),
        "shown as text: {text}"
    );
    b.screenshot(&artefact("hostile-article.png"));
}
