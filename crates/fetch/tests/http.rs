//! The HTTP client against a real HTTP server on 127.0.0.1, started by each test.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parallax_fetch::url::Url;
use parallax_fetch::{
    FeedError, FeedReader, FetchError, Fetcher, HttpConfig, HttpFetcher, Kind, Polled, Request,
    Validators,
};

/// What the server answers.
#[derive(Default, Clone)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Wait before answering at all.
    stall: Duration,
    /// Send the body one byte at a time with this pause.
    drip: Option<Duration>,
    /// No Content-Length (body ends when the connection closes).
    no_length: bool,
}

fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    Reply {
        status: 200,
        headers: vec![("Content-Type".into(), content_type.into())],
        body: body.into(),
        ..Reply::default()
    }
}

fn redirect(to: &str) -> Reply {
    Reply {
        status: 302,
        headers: vec![("Location".into(), to.into())],
        ..Reply::default()
    }
}

struct Req {
    path: String,
    headers: HashMap<String, String>,
}

type Handler = dyn Fn(&Req, u16) -> Reply + Send + Sync;

/// A tiny HTTP/1.1 server: one thread per connection, `Connection: close`.
struct Server {
    port: u16,
    hits: Arc<AtomicUsize>,
}

impl Server {
    fn start(handler: impl Fn(&Req, u16) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let handler: Arc<Handler> = Arc::new(handler);
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let handler = handler.clone();
                let counter = counter.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &*handler, port, &counter);
                });
            }
        });
        Server { port, hits }
    }

    fn url(&self, path: &str) -> Url {
        Url::parse(&format!("http://127.0.0.1:{}{path}", self.port)).expect("url")
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

fn serve(
    stream: TcpStream,
    handler: &Handler,
    port: u16,
    hits: &AtomicUsize,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    hits.fetch_add(1, Ordering::SeqCst);
    let reply = handler(&Req { path, headers }, port);
    std::thread::sleep(reply.stall);
    let mut out = stream;
    let mut head = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", reply.status);
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !reply.no_length {
        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    match reply.drip {
        Some(pause) => {
            for b in &reply.body {
                out.write_all(&[*b])?;
                out.flush()?;
                std::thread::sleep(pause);
            }
        }
        None => out.write_all(&reply.body)?,
    }
    out.flush()
}

fn local_config() -> HttpConfig {
    HttpConfig {
        allow_private_network: true,
        min_host_delay: Duration::ZERO,
        timeout: Duration::from_secs(5),
        ..HttpConfig::default()
    }
}

/// The guard on, with only the test server's own address exempt.
fn guarded_config() -> HttpConfig {
    HttpConfig {
        allow_private_network: false,
        exempt: vec![IpAddr::V4(Ipv4Addr::LOCALHOST)],
        ..local_config()
    }
}

fn get(fetcher: &HttpFetcher, url: &Url) -> Result<parallax_fetch::Response, FetchError> {
    fetcher.fetch(&Request {
        url: url.clone(),
        kind: Kind::Feed,
        validators: Validators::default(),
    })
}

const FEED: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Loopback Daily</title><link>/</link>
<item><title>Bridge reopens</title><link>/articles/bridge</link><guid>bridge-1</guid>
<description>The bridge reopened.</description></item>
<item><title>Council vote</title><link>articles/vote</link><guid>vote-1</guid>
<description>Short.</description></item>
</channel></rss>"#;

fn article_page(title: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
         <p>The old river bridge reopened on Monday after two years of repairs, the city said on its website.</p>\
         <p>Traffic was light in the morning, and cyclists were the first to cross it, officials said.</p>\
         </article></body></html>"
    )
}

#[test]
fn a_feed_and_its_articles() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/feed.xml" => ok("application/rss+xml", FEED),
        "/articles/bridge" => ok("text/html; charset=utf-8", article_page("Bridge reopens")),
        "/articles/vote" => ok("text/html", article_page("Council vote")),
        "/robots.txt" => ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
        _ => Reply {
            status: 404,
            ..Reply::default()
        },
    });
    let fetcher = HttpFetcher::new(local_config()).expect("client");
    let reader = FeedReader::new(&fetcher, true);
    let Polled::Feed { doc, .. } = reader
        .poll(&server.url("/feed.xml"), &Validators::default())
        .expect("poll")
    else {
        panic!("expected a feed");
    };
    let (articles, warnings) = reader.articles(&doc, |_| true);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(articles.len(), 2);
    assert_eq!(
        articles[0].url.as_deref(),
        Some(server.url("/articles/bridge").as_str())
    );
    assert_eq!(
        articles[1].url.as_deref(),
        Some(server.url("/articles/vote").as_str())
    );
    assert!(articles[0].text.contains("cyclists were the first"));
    assert_eq!(articles[0].outlet.as_deref(), Some("Loopback Daily"));
    // robots.txt is honoured for article pages.
    let err = reader
        .article(server.url("/private/secret").as_str())
        .expect_err("robots");
    assert!(matches!(err, FeedError::Fetch(FetchError::Robots)), "{err}");
}

#[test]
fn second_poll_is_a_304_without_a_body() {
    let server = Server::start(|req, _| {
        if req.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
            return Reply {
                status: 304,
                headers: vec![("ETag".into(), "\"v1\"".into())],
                ..Reply::default()
            };
        }
        let mut r = ok("application/rss+xml", FEED);
        r.headers.push(("ETag".into(), "\"v1\"".into()));
        r.headers.push((
            "Last-Modified".into(),
            "Mon, 02 Nov 2026 10:00:00 GMT".into(),
        ));
        r
    });
    let fetcher = HttpFetcher::new(local_config()).expect("client");
    let reader = FeedReader::new(&fetcher, false);
    let url = server.url("/feed.xml");
    let Polled::Feed { validators, .. } = reader.poll(&url, &Validators::default()).expect("1st")
    else {
        panic!("expected a feed");
    };
    assert_eq!(validators.etag.as_deref(), Some("\"v1\""));
    assert!(validators.last_modified.is_some());
    let second = reader.poll(&url, &validators).expect("2nd");
    assert!(matches!(second, Polled::NotModified { .. }), "{second:?}");
}

#[test]
fn redirect_chains_are_followed_up_to_five() {
    let server = Server::start(|req, _| {
        let p = req.path.as_str();
        if let Some(n) = p.strip_prefix("/hop/") {
            let n: u32 = n.parse().unwrap_or(0);
            return if n == 0 {
                ok("application/rss+xml", FEED)
            } else {
                redirect(&format!("/hop/{}", n - 1))
            };
        }
        Reply {
            status: 404,
            ..Reply::default()
        }
    });
    let fetcher = HttpFetcher::new(local_config()).expect("client");
    let response = get(&fetcher, &server.url("/hop/5")).expect("5 redirects");
    assert_eq!(response.url, server.url("/hop/0"));
    let err = get(&fetcher, &server.url("/hop/6")).expect_err("6 redirects");
    assert!(matches!(err, FetchError::TooManyRedirects(5)), "{err}");
}

#[test]
fn redirects_to_private_addresses_are_blocked_without_the_flag() {
    let server = Server::start(|req, port| match req.path.as_str() {
        "/to-metadata" => redirect("http://169.254.169.254/latest/meta-data/"),
        "/to-private" => redirect("http://10.0.0.1/admin"),
        "/to-other-loopback" => redirect(&format!("http://127.0.0.2:{port}/feed.xml")),
        "/to-v6-loopback" => redirect(&format!("http://[::1]:{port}/feed.xml")),
        "/to-mapped" => redirect(&format!("http://[::ffff:127.0.0.3]:{port}/feed.xml")),
        "/to-localhost" => redirect(&format!("http://localhost:{port}/feed.xml")),
        _ => ok("application/rss+xml", FEED),
    });
    let guarded = HttpFetcher::new(guarded_config()).expect("client");
    for path in [
        "/to-metadata",
        "/to-private",
        "/to-other-loopback",
        "/to-v6-loopback",
        "/to-mapped",
    ] {
        let err = get(&guarded, &server.url(path)).expect_err(path);
        assert!(matches!(err, FetchError::Blocked { .. }), "{path}: {err}");
    }
    // Fully guarded: the loopback server itself is refused, by address and by name
    // (the name goes through the filtering resolver).
    let strict = HttpFetcher::new(HttpConfig {
        allow_private_network: false,
        ..local_config()
    })
    .expect("client");
    let err = get(&strict, &server.url("/feed.xml")).expect_err("loopback");
    assert!(matches!(err, FetchError::Blocked { .. }), "{err}");
    let by_name = Url::parse(&format!("http://localhost:{}/feed.xml", server.port)).expect("url");
    let err = get(&strict, &by_name).expect_err("localhost");
    assert!(matches!(err, FetchError::Blocked { .. }), "{err}");
    let hits_before = server.hits();
    // With the flag, the same redirect to loopback is followed.
    let open = HttpFetcher::new(local_config()).expect("client");
    get(&open, &server.url("/to-localhost")).expect("allowed");
    assert!(server.hits() >= hits_before + 2);
    // Other schemes are never fetched.
    let err = get(&open, &Url::parse("file:///etc/passwd").expect("url")).expect_err("file");
    assert!(matches!(err, FetchError::Scheme(_)), "{err}");
}

#[test]
fn slow_servers_hit_the_timeout() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/stall" => Reply {
            stall: Duration::from_secs(4),
            ..ok("application/rss+xml", FEED)
        },
        _ => Reply {
            drip: Some(Duration::from_millis(100)),
            ..ok("application/rss+xml", FEED)
        },
    });
    let fetcher = HttpFetcher::new(HttpConfig {
        timeout: Duration::from_secs(1),
        ..local_config()
    })
    .expect("client");
    for path in ["/stall", "/drip"] {
        let started = Instant::now();
        let err = get(&fetcher, &server.url(path)).expect_err(path);
        assert!(matches!(err, FetchError::Timeout(_)), "{path}: {err}");
        assert!(started.elapsed() < Duration::from_secs(3), "{path}");
    }
}

#[test]
fn oversize_bodies_are_aborted() {
    let big = vec![b'x'; 200_000];
    let bomb = {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&vec![b' '; 5_000_000]).expect("gzip");
        enc.finish().expect("gzip")
    };
    let server = Server::start(move |req, _| match req.path.as_str() {
        "/sized" => ok("text/html", big.clone()),
        "/no_length" => Reply {
            no_length: true,
            ..ok("text/html", big.clone())
        },
        _ => {
            assert!(req
                .headers
                .get("accept-encoding")
                .is_some_and(|v| v.contains("gzip")));
            let mut r = ok("text/html", bomb.clone());
            r.headers.push(("Content-Encoding".into(), "gzip".into()));
            r
        }
    });
    let fetcher = HttpFetcher::new(HttpConfig {
        max_body: 100_000,
        ..local_config()
    })
    .expect("client");
    for path in ["/sized", "/no_length", "/gzip-bomb"] {
        let err = get(&fetcher, &server.url(path)).expect_err(path);
        assert!(
            matches!(err, FetchError::TooLarge(100_000)),
            "{path}: {err}"
        );
    }
}

#[test]
fn wrong_or_missing_charsets_are_survived() {
    let mut latin1 = b"<rss version=\"2.0\"><channel><title>Caf".to_vec();
    latin1.push(0xe9);
    latin1.extend_from_slice(b" du march");
    latin1.push(0xe9);
    latin1.extend_from_slice(b"</title><item><guid>1</guid><description>Fa");
    latin1.push(0xe7);
    latin1.extend_from_slice(b"ade</description></item></channel></rss>");
    let server = Server::start(move |req, _| match req.path.as_str() {
        "/wrong" => ok("application/rss+xml; charset=utf-8", latin1.clone()),
        "/missing" => ok("application/rss+xml", latin1.clone()),
        _ => ok(
            "text/xml; charset=iso-8859-1",
            "<rss version=\"2.0\"><channel><title>Café</title></channel></rss>",
        ),
    });
    let fetcher = HttpFetcher::new(local_config()).expect("client");
    let reader = FeedReader::new(&fetcher, false);
    for path in ["/wrong", "/missing"] {
        let Polled::Feed { doc, .. } = reader
            .poll(&server.url(path), &Validators::default())
            .expect(path)
        else {
            panic!("expected a feed");
        };
        assert_eq!(doc.title.as_deref(), Some("Café du marché"), "{path}");
        assert_eq!(doc.entries[0].text, "Façade", "{path}");
    }
    // Declared Latin-1 by HTTP, actually UTF-8.
    let Polled::Feed { doc, .. } = reader
        .poll(&server.url("/utf8-labelled-latin1"), &Validators::default())
        .expect("utf8")
    else {
        panic!("expected a feed");
    };
    assert_eq!(doc.title.as_deref(), Some("Café"));
}

#[test]
fn malformed_and_hostile_feeds_fail_alone() {
    let laughs = {
        let mut d =
            String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        d.push_str("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
        for i in 2..10 {
            let p = i - 1;
            d.push_str(&format!(
                "<!ENTITY lol{i} \"&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};\">\n"
            ));
        }
        d.push_str("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>");
        d
    };
    let server = Server::start(move |req, _| match req.path.as_str() {
        "/broken.xml" => ok("application/rss+xml", "<rss><channel><title>Oops</chan"),
        "/html" => ok("text/html", "<html><body>Not a feed</body></html>"),
        "/xxe.xml" => ok(
            "application/rss+xml",
            "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\
             <rss version=\"2.0\"><channel><title>&xxe;</title></channel></rss>",
        ),
        "/laughs.xml" => ok("application/rss+xml", laughs.clone()),
        _ => ok("application/rss+xml", FEED),
    });
    let fetcher = HttpFetcher::new(local_config()).expect("client");
    let reader = FeedReader::new(&fetcher, false);
    let started = Instant::now();
    let mut good = 0;
    let mut errors = Vec::new();
    for path in [
        "/a.xml",
        "/broken.xml",
        "/html",
        "/xxe.xml",
        "/laughs.xml",
        "/b.xml",
    ] {
        match reader.poll(&server.url(path), &Validators::default()) {
            Ok(Polled::Feed { doc, .. }) => {
                assert_eq!(doc.entries.len(), 2);
                good += 1;
            }
            Ok(other) => panic!("{path}: {other:?}"),
            Err(e) => errors.push((path, e)),
        }
    }
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(good, 2);
    assert_eq!(errors.len(), 4);
    assert!(
        matches!(errors[0].1, FeedError::Parse(_)),
        "{}",
        errors[0].1
    );
    assert!(
        matches!(errors[1].1, FeedError::Parse(_)),
        "{}",
        errors[1].1
    );
    assert!(matches!(errors[2].1, FeedError::EntityDeclaration));
    assert!(matches!(errors[3].1, FeedError::EntityDeclaration));
}

#[test]
fn retry_after_is_honoured_per_host() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/busy" => Reply {
            status: 429,
            headers: vec![("Retry-After".into(), "1".into())],
            ..Reply::default()
        },
        _ => ok("application/rss+xml", FEED),
    });
    let fetcher = HttpFetcher::new(local_config()).expect("client");
    let err = get(&fetcher, &server.url("/busy")).expect_err("429");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));
    let started = Instant::now();
    get(&fetcher, &server.url("/feed.xml")).expect("after the wait");
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[test]
fn one_request_at_a_time_per_host_with_a_minimum_delay() {
    let server = Server::start(|_, _| ok("application/rss+xml", FEED));
    let fetcher = HttpFetcher::new(HttpConfig {
        min_host_delay: Duration::from_millis(200),
        ..local_config()
    })
    .expect("client");
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| get(&fetcher, &server.url("/feed.xml")).expect("get"));
        }
    });
    // Three requests to one host: at least two delays between them.
    assert!(started.elapsed() >= Duration::from_millis(400));
}

#[test]
fn gzip_bodies_are_decoded() {
    let gz = {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(FEED.as_bytes()).expect("gzip");
        enc.finish().expect("gzip")
    };
    let server = Server::start(move |_, _| {
        let mut r = ok("application/rss+xml", gz.clone());
        r.headers.push(("Content-Encoding".into(), "gzip".into()));
        r
    });
    let fetcher = HttpFetcher::new(local_config()).expect("client");
    let body = get(&fetcher, &server.url("/feed.xml")).expect("gzip").body;
    let mut text = String::new();
    body.as_slice().read_to_string(&mut text).expect("utf8");
    assert_eq!(text, FEED);
}
