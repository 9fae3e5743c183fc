//! The store commands of the `parallax` binary (`add`, `stories`, `brief STORY_ID`,
//! `search`, `show`) on real databases in temp dirs, including a crash test that
//! SIGKILLs `parallax add` in the middle of a large ingest.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;

use parallax_store::{SqliteStore, Store};

use crate::harness::{command, parallax, Run};

fn lines(run: &Run) -> Vec<serde_json::Value> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

#[test]
fn add_is_idempotent_and_stories_brief_search_and_show_read_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let db = db.to_str().unwrap();
    let first = parallax(&["add", "--db", db, "--format", "jsonl", "examples/corpus"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let added = lines(&first);
    assert!(added.len() >= 10);
    assert!(
        added.iter().any(|l| l["status"] == "reprint"),
        "the corpus has a wire reprint"
    );
    let again = parallax(&["add", "--db", db, "--format", "jsonl", "examples/corpus"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(lines(&again).iter().all(|l| l["status"] == "duplicate"));

    let stories = parallax(&["stories", "--db", db, "--format", "jsonl"]);
    assert_eq!(stories.code, 0, "{}", stories.stderr);
    let stories = lines(&stories);
    let total: u64 = stories
        .iter()
        .map(|s| s["articles"].as_u64().unwrap())
        .sum();
    assert_eq!(total as usize, added.len());
    let table = parallax(&["stories", "--db", db]);
    assert!(table.stdout.starts_with("STORY"));

    // The biggest story, briefed from the store (twice: the second is the cached one).
    let story = stories
        .iter()
        .max_by_key(|s| s["articles"].as_u64())
        .unwrap()["story"]
        .as_str()
        .unwrap()
        .to_string();
    let brief = parallax(&["brief", "--db", db, "--format", "json", &story]);
    assert_eq!(brief.code, 0, "{}", brief.stderr);
    let cached = parallax(&["brief", "--db", db, "--format", "json", &story]);
    assert_eq!(brief.stdout, cached.stdout);
    let briefings: serde_json::Value = serde_json::from_str(&brief.stdout).unwrap();
    assert_eq!(briefings[0]["story"], story.as_str());
    let markdown = parallax(&["brief", "--db", db, &story]);
    assert!(markdown.stdout.contains("## Facts"));

    let headline = briefings[0]["headline"].as_str().unwrap();
    let word = headline
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.len() > 5)
        .unwrap();
    let search = parallax(&["search", "--db", db, "--format", "jsonl", word]);
    assert_eq!(search.code, 0, "{}", search.stderr);
    let hits = lines(&search);
    assert!(hits
        .iter()
        .any(|h| h["kind"] == "briefing" && h["id"] == story.as_str()));
    assert!(hits.iter().any(|h| h["kind"] == "article"));

    let id = added[0]["id"].as_str().unwrap();
    let show = parallax(&["show", "--db", db, id]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    let shown: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    assert_eq!(shown["id"], id);
    assert_eq!(shown["revision"], 1);
    assert_eq!(shown["story"], added[0]["story"]);

    assert_eq!(parallax(&["show", "--db", db, "no-such-article"]).code, 1);
    assert_eq!(parallax(&["brief", "--db", db, "s-000000000000"]).code, 3);
    assert_eq!(
        parallax(&["stories", "--db", db, "--since", "May 5"]).code,
        3
    );
}

#[test]
fn brief_still_reads_files_and_a_story_id_without_db_uses_the_default_database() {
    let dir = tempfile::tempdir().unwrap();
    // With the default database somewhere empty, a story id is a clear error, not a
    // missing file.
    let output = command()
        .args(["brief", "s-0123456789ab"])
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no database"));
    let files = parallax(&[
        "brief",
        "--outlets",
        "examples/outlets.toml",
        "examples/corpus",
    ]);
    assert_eq!(files.code, 0, "{}", files.stderr);
    assert!(files.stdout.contains("## Facts"));
}

#[test]
fn bad_databases_give_clear_errors_and_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let corrupt = dir.path().join("corrupt.db");
    std::fs::write(&corrupt, vec![7u8; 4096]).unwrap();
    let run = parallax(&["stories", "--db", corrupt.to_str().unwrap()]);
    assert_eq!(run.code, 3);
    assert!(run.stderr.contains("corrupt"), "{}", run.stderr);
    let run = parallax(&["add", "--db", corrupt.to_str().unwrap(), "examples/corpus"]);
    assert_eq!(run.code, 3);
    assert_eq!(std::fs::read(&corrupt).unwrap(), vec![7u8; 4096]);

    let newer = dir.path().join("newer.db");
    set_user_version(&newer, 42);
    let run = parallax(&["add", "--db", newer.to_str().unwrap(), "examples/corpus"]);
    assert_eq!(run.code, 3);
    assert!(run.stderr.contains("newer"), "{}", run.stderr);
}

/// Create a database and give it a newer schema version. The store exposes no raw SQL,
/// so write the header field: SQLite keeps `user_version` as a big-endian u32 at byte 60
/// of the file (closing the store checkpoints the WAL, so the header is current).
fn set_user_version(path: &Path, version: u32) {
    drop(SqliteStore::open(path).expect("create the database"));
    let mut bytes = std::fs::read(path).expect("read the database");
    bytes[60..64].copy_from_slice(&version.to_be_bytes());
    std::fs::write(path, bytes).expect("write the database");
}

/// A synthetic stream: `n` articles in stories of about five, each with its own URL.
fn synthetic_jsonl(path: &Path, n: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create the stream"));
    for i in 0..n {
        let story = i / 5;
        let line = serde_json::json!({
            "id": format!("gen-{i}"),
            "url": format!("https://gen.example/{i}"),
            "outlet": format!("Outlet {}", i % 7),
            "title": format!("Event{story} in Town{story} draws Person{story}"),
            "published": format!("2026-{:02}-{:02}", 1 + (story / 28) % 12, 1 + story % 28),
            "text": format!(
                "Event{story} took place in Town{story} on Monday, and Person{story} said {story} people attended. \
                 Reporter {i} wrote that Detail{i} and Fact{i} matter to Group{story}. \
                 Officials of Agency{story} confirmed figure {n2} for Region{story}.",
                n2 = story * 13 + 7
            ),
            "lean": null,
        });
        writeln!(out, "{line}").expect("write the stream");
    }
}

#[test]
fn a_killed_add_loses_no_committed_article_and_a_restart_duplicates_none() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("stream.jsonl");
    let total = 6_000;
    synthetic_jsonl(&input, total);
    let db = dir.path().join("crash.db");
    let mut child = command()
        .args([
            "add",
            // The store's transactions are under test, not the model: without it the
            // 6,000 articles take seconds, not minutes (`add` with the model is tested
            // on the sample corpus).
            "--words-only",
            "--no-clean",
            "--format",
            "jsonl",
            "--batch",
            "100",
            "--db",
        ])
        .arg(&db)
        .arg(&input)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn parallax add");
    let stdout = child.stdout.take().expect("stdout");
    let mut reader = BufReader::new(stdout);
    let mut committed: Vec<String> = Vec::new();
    let mut line = String::new();
    while committed.len() < 1_000 {
        line.clear();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        committed.push(value["id"].as_str().unwrap().to_string());
    }
    // SIGKILL (std's kill on Unix), in the middle of the ingest.
    child.kill().expect("kill");
    // Lines already in the pipe were printed after their batch committed: count them too.
    for rest in reader.lines() {
        let Ok(rest) = rest else { break };
        let value: serde_json::Value = serde_json::from_str(&rest).unwrap();
        committed.push(value["id"].as_str().unwrap().to_string());
    }
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the ingest was killed before it finished"
    );
    assert!(committed.len() < total, "killed in the middle");

    // 0 lost: every reported article is stored, and the database opens.
    {
        let store = SqliteStore::open(&db).expect("the database opens after SIGKILL");
        let stored = store.article_count().unwrap();
        eprintln!(
            "killed with {} articles reported committed; {stored} stored",
            committed.len()
        );
        assert!(stored >= committed.len(), "{stored} < {}", committed.len());
        assert!(stored < total);
        for id in &committed {
            assert!(store.article(id).unwrap().is_some(), "lost {id}");
        }
    }

    // Restart over the same input: it completes, and nothing is stored twice.
    let run = parallax(&[
        "add",
        "--words-only",
        "--no-clean",
        "--format",
        "jsonl",
        "--batch",
        "500",
        "--db",
        db.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let results = lines(&run);
    assert_eq!(results.len(), total);
    let duplicates = results
        .iter()
        .filter(|r| r["status"] == "duplicate")
        .count();
    assert!(duplicates >= committed.len());
    let store = SqliteStore::open(&db).unwrap();
    assert_eq!(
        store.article_count().unwrap(),
        total,
        "0 duplicated, 0 lost"
    );
    let members: usize = store
        .stories(None)
        .unwrap()
        .iter()
        .map(|s| s.articles)
        .sum();
    assert_eq!(members, total, "every article in exactly one story");
    let mut ids: Vec<&str> = results.iter().map(|r| r["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total);
}

/// A fresh schema on the server of `PARALLAX_TEST_POSTGRES`, as an address the binary
/// takes (the schema rides in the address's `options`), with a password that trust
/// authentication ignores and that no message may show. `None` after a SKIPPED line
/// without a server (a failure under CI).
fn postgres_address(test: &str) -> Option<String> {
    let url = match std::env::var("PARALLAX_TEST_POSTGRES") {
        Ok(url) if !url.trim().is_empty() => url,
        _ => {
            assert!(
                !std::env::var("CI").is_ok_and(|v| !v.is_empty()),
                "{test} needs PARALLAX_TEST_POSTGRES under CI"
            );
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {test} needs PARALLAX_TEST_POSTGRES"
            );
            return None;
        }
    };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let schema = format!("cli_{}_{nanos}", std::process::id());
    drop(parallax_store::PostgresStore::open_in_schema(&url, &schema).expect("the test schema"));
    let with_password = match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((user, host)) if !user.contains(':') => {
                format!("{scheme}://{user}:hunter2@{host}")
            }
            _ => url.clone(),
        },
        None => url.clone(),
    };
    let separator = if with_password.contains('?') {
        '&'
    } else {
        '?'
    };
    Some(format!(
        "{with_password}{separator}options=-csearch_path%3D{schema}"
    ))
}

fn stories_jsonl(db: &str) -> String {
    let run = parallax(&["stories", "--db", db, "--format", "jsonl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn db_copy_moves_a_store_and_refuses_a_destination_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    assert_eq!(parallax(&["add", "--db", a, "examples/corpus"]).code, 0);
    let copy = parallax(&["db", "copy", a, b]);
    assert_eq!(copy.code, 0, "{}", copy.stderr);
    assert!(copy.stderr.contains("articles"), "{}", copy.stderr);
    assert_eq!(stories_jsonl(a), stories_jsonl(b));
    let again = parallax(&["db", "copy", a, b]);
    assert_ne!(again.code, 0);
    assert!(again.stderr.contains("must be empty"), "{}", again.stderr);
}

#[test]
fn db_copy_moves_an_sqlite_store_to_postgres_and_back() {
    let Some(pg) = postgres_address("db_copy_moves_an_sqlite_store_to_postgres_and_back") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    assert_eq!(parallax(&["add", "--db", a, "examples/corpus"]).code, 0);
    let to_pg = parallax(&["db", "copy", a, &pg]);
    assert_eq!(to_pg.code, 0, "{}", to_pg.stderr);
    assert!(!to_pg.stderr.contains("hunter2"), "{}", to_pg.stderr);
    let listed = stories_jsonl(a);
    assert_eq!(listed, stories_jsonl(&pg));
    let back = parallax(&["db", "copy", &pg, b]);
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert_eq!(listed, stories_jsonl(b));
    // The same briefing from all three stores.
    let story = lines(&parallax(&["stories", "--db", a, "--format", "jsonl"]))[0]["story"]
        .as_str()
        .unwrap()
        .to_string();
    let brief = |db: &str| parallax(&["brief", "--db", db, "--format", "json", &story]).stdout;
    let expected = brief(a);
    assert!(expected.contains("\"facts\""));
    assert_eq!(expected, brief(&pg));
    assert_eq!(expected, brief(b));
    let refused = parallax(&["db", "copy", a, &pg]);
    assert_ne!(refused.code, 0);
    assert!(
        refused.stderr.contains("must be empty"),
        "{}",
        refused.stderr
    );
    assert!(!refused.stderr.contains("hunter2"), "{}", refused.stderr);
}
