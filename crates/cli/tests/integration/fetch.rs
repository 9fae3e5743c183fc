//! `parallax feed` and `parallax watch` against a real HTTP server on 127.0.0.1.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::harness::{command, run, Run};

/// Run `parallax ARGS` in `dir`, with `dir` as the data directory (watch state, store).
fn parallax(args: &[&str], dir: &Path) -> Run {
    run(command()
        .args(args)
        .current_dir(dir)
        .env("XDG_DATA_HOME", dir))
}

/// Serves fixed paths with an ETag; counts the bodies it sent.
struct Server {
    base: String,
    bodies: Arc<AtomicUsize>,
}

fn start(pages: HashMap<&'static str, (&'static str, String)>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let bodies = Arc::new(AtomicUsize::new(0));
    let counter = bodies.clone();
    let pages = Arc::new(pages);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let pages = pages.clone();
            let counter = counter.clone();
            std::thread::spawn(move || -> std::io::Result<()> {
                let mut reader = BufReader::new(stream.try_clone()?);
                let mut line = String::new();
                reader.read_line(&mut line)?;
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let mut etag_match = false;
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h)? == 0 || h == "\r\n" {
                        break;
                    }
                    etag_match |= h.to_ascii_lowercase().starts_with("if-none-match: \"v1\"");
                }
                let mut out = stream;
                let head = |status: &str, ct: &str, len: usize| {
                    format!("HTTP/1.1 {status}\r\nConnection: close\r\nETag: \"v1\"\r\nContent-Type: {ct}\r\nContent-Length: {len}\r\n\r\n")
                };
                match pages.get(path.as_str()) {
                    Some(_) if etag_match => {
                        out.write_all(head("304 Not Modified", "text/plain", 0).as_bytes())?
                    }
                    Some((ct, body)) => {
                        counter.fetch_add(1, Ordering::SeqCst);
                        out.write_all(head("200 OK", ct, body.len()).as_bytes())?;
                        out.write_all(body.as_bytes())?;
                    }
                    None => out.write_all(head("404 Not Found", "text/plain", 0).as_bytes())?,
                }
                out.flush()
            });
        }
    });
    Server { base, bodies }
}

fn feed(title: &str, items: &[&str]) -> String {
    let mut s =
        format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>");
    for i in items {
        s.push_str(&format!(
            "<item><title>{i}</title><link>/{i}.html</link><guid>{i}</guid>\
             <content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\
             &lt;p&gt;Story {i} reported by {title}.&lt;/p&gt;</content:encoded></item>"
        ));
    }
    s + "</channel></rss>"
}

fn server() -> Server {
    let mut pages = HashMap::new();
    pages.insert(
        "/a.xml",
        ("application/rss+xml", feed("Outlet A", &["a1", "a2"])),
    );
    pages.insert("/b.xml", ("application/rss+xml", feed("Outlet B", &["b1"])));
    pages.insert(
        "/broken.xml",
        ("application/rss+xml", "<rss><channel><ti".to_owned()),
    );
    pages.insert(
        "/laughs.xml",
        (
            "application/rss+xml",
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><rss><channel><title>&b;</title></channel></rss>".to_owned(),
        ),
    );
    pages.insert(
        "/page.html",
        (
            "text/html",
            "<html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1>\
             <p>The old river bridge reopened on Monday after two years of repairs, the city said on its website.</p>\
             <p>Traffic was light in the morning, and cyclists were the first to cross it, officials said.</p>\
             </article></body></html>"
                .to_owned(),
        ),
    );
    start(pages)
}

fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

const NET: &[&str] = &["--allow-private-network", "--host-delay", "0"];

#[test]
fn feed_prints_articles_and_reports_bad_feeds() {
    let dir = tempfile::tempdir().expect("tmp");
    let s = server();
    let urls: Vec<String> = ["/a.xml", "/broken.xml", "/laughs.xml", "/b.xml"]
        .iter()
        .map(|p| format!("{}{p}", s.base))
        .collect();
    let mut args = vec!["feed"];
    args.extend_from_slice(NET);
    args.extend(urls.iter().map(String::as_str));
    let run = parallax(&args, dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    let lines = json_lines(&run.stdout);
    let ids: Vec<&str> = lines
        .iter()
        .map(|l| l["title"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["a1", "a2", "b1"]);
    assert_eq!(lines[0]["outlet"], "Outlet A");
    assert_eq!(lines[0]["url"], format!("{}/a1.html", s.base));
    assert_eq!(lines[0]["text"], "Story a1 reported by Outlet A.");
    assert!(
        run.stderr.contains("broken.xml: not a valid RSS"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("laughs.xml: refused"), "{}", run.stderr);
}

#[test]
fn the_ssrf_guard_is_on_by_default() {
    let dir = tempfile::tempdir().expect("tmp");
    let s = server();
    let run = parallax(&["feed", &format!("{}/a.xml", s.base)], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("loopback address"), "{}", run.stderr);
    assert_eq!(s.bodies.load(Ordering::SeqCst), 0);
}

#[test]
fn opml_with_nested_outlines_and_watch_sees_only_new_entries() {
    let dir = tempfile::tempdir().expect("tmp");
    let s = server();
    let opml = format!(
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><body><outline text=\"News\">\
         <outline text=\"Deep\"><outline type=\"rss\" text=\"A\" xmlUrl=\"{0}/a.xml\"/></outline>\
         <outline type=\"rss\" text=\"B\" xmlUrl=\"{0}/b.xml\"/></outline></body></opml>",
        s.base
    );
    std::fs::write(dir.path().join("subs.opml"), opml).expect("write");
    let mut args = vec!["feed", "subs.opml"];
    args.extend_from_slice(NET);
    let run = parallax(&args, dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json_lines(&run.stdout).len(), 3);

    let mut watch = vec!["watch", "--once", "--stdout", "--interval", "1"];
    watch.extend_from_slice(NET);
    let mut first = watch.clone();
    first.push("subs.opml");
    let run = parallax(&first, dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json_lines(&run.stdout).len(), 3);
    assert!(dir.path().join("parallax/watch.json").exists());
    let before = s.bodies.load(Ordering::SeqCst);
    // Not due yet: nothing polled.
    let run = parallax(&watch, dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Make every feed due: the server answers 304 and nothing new comes out.
    let state = dir.path().join("parallax/watch.json");
    let text = std::fs::read_to_string(&state).expect("state");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    for f in v["feeds"].as_array_mut().expect("feeds") {
        f["next_poll"] = 0.into();
    }
    std::fs::write(&state, v.to_string()).expect("write");
    let run = parallax(&watch, dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(s.bodies.load(Ordering::SeqCst), before, "304s cost no body");
    let run = parallax(&["watch", "--list"], dir.path());
    assert_eq!(json_lines(&run.stdout).len(), 2);
}

#[test]
fn add_takes_feed_and_article_urls_and_subscribes_feeds() {
    let dir = tempfile::tempdir().expect("tmp");
    let s = server();
    let feed_url = format!("{}/a.xml", s.base);
    let page_url = format!("{}/page.html", s.base);
    let mut args = vec!["add", "--db", "p.db", "--format", "jsonl"];
    args.extend_from_slice(NET);
    args.push(&feed_url);
    args.push(&page_url);
    let run = parallax(&args, dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines.iter().all(|l| l["status"] == "new"));
    let run = parallax(&["watch", "--list"], dir.path());
    let subs = json_lines(&run.stdout);
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0]["url"], feed_url.as_str());
    // The feed's entries were marked as seen: a first watch poll adds nothing new.
    let mut watch = vec!["watch", "--once", "--stdout"];
    watch.extend_from_slice(NET);
    let run = parallax(&watch, dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}
