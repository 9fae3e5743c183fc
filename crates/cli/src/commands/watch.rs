//! `parallax watch`: poll subscribed feeds on a schedule and store their new entries.
//!
//! Subscriptions live in a JSON state file (default
//! `$XDG_DATA_HOME/parallax/watch.json`): the store has a `feeds` table but no API for
//! it yet, so the schedule, validators and seen entries stay beside the database until
//! it does. Each feed has its own interval; errors back off exponentially; a feed that
//! fails ten times in a row is disabled and reported; entries whose GUID or URL was
//! seen before are skipped.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use parallax_fetch::watch::{Subscription, Subscriptions, DEFAULT_INTERVAL};
use parallax_fetch::{Article, FeedReader, Polled};
use parallax_ingest::Cleaner;
use parallax_store::Store;

use crate::commands::db;
use crate::commands::feed::{as_url, parallel_map, read_input, NetArgs, Progress};
use crate::embedding::{store_embedding, EmbeddingArgs};
use crate::outcome::Outcome;

/// Arguments of `parallax watch`.
#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    /// Feeds to subscribe to first: http(s) URLs or OPML files.
    #[arg(value_name = "FEED_URL_OR_OPML")]
    pub subscribe: Vec<String>,
    /// Poll the due feeds once and exit (for cron and tests).
    #[arg(long)]
    pub once: bool,
    /// Minutes between two polls of a newly subscribed feed.
    #[arg(long, default_value_t = DEFAULT_INTERVAL / 60, value_name = "MINUTES",
          value_parser = clap::value_parser!(u64).range(1..=10_080))]
    pub interval: u64,
    /// List the subscriptions and their health, then exit.
    #[arg(long)]
    pub list: bool,
    /// Subscription state file (default: $XDG_DATA_HOME/parallax/watch.json).
    #[arg(long, value_name = "PATH")]
    pub state: Option<PathBuf>,
    /// Database: an SQLite file or a `postgres://` address (default:
    /// $XDG_DATA_HOME/parallax/parallax.db).
    #[arg(
        long,
        env = "PARALLAX_DB",
        hide_env_values = true,
        value_name = "PATH|URL"
    )]
    pub db: Option<PathBuf>,
    /// Print new articles as JSON Lines on stdout instead of storing them.
    #[arg(long)]
    pub stdout: bool,
    /// Network options.
    #[command(flatten)]
    pub net: NetArgs,
    #[command(flatten)]
    pub model: EmbeddingArgs,
}

/// The default state file.
pub fn default_state_path() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("parallax").join("watch.json")
}

/// Load the state file (empty when missing).
pub fn load(path: &Path) -> anyhow::Result<Subscriptions> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .with_context(|| format!("{}: not a valid watch state file", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Subscriptions::default()),
        Err(e) => Err(e).with_context(|| format!("{}: cannot read", path.display())),
    }
}

/// Save the state file atomically (temp file, then rename).
pub fn save(path: &Path, subs: &Subscriptions) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(subs)?)
        .with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot replace", path.display()))?;
    Ok(())
}

/// Subscribe to URLs and the feeds of OPML files; errors are per argument.
pub fn subscribe(subs: &mut Subscriptions, inputs: &[String], interval: u64) -> Vec<String> {
    let mut errors = Vec::new();
    for input in inputs {
        if let Some(url) = as_url(input) {
            subs.add(url.as_str(), None, interval);
            continue;
        }
        match read_input(input).and_then(|b| Ok(parallax_fetch::parse_opml(&b)?)) {
            Ok(outlines) => {
                for o in outlines {
                    subs.add(&o.url, o.title, interval);
                }
            }
            Err(e) => errors.push(format!(
                "{input}: {e:#} (watch takes feed URLs and OPML files)"
            )),
        }
    }
    errors
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// What polling one feed gave.
struct Polling {
    sub: Subscription,
    articles: Vec<Article>,
    messages: Vec<String>,
    failed: bool,
}

fn poll_one(reader: &FeedReader<'_>, mut sub: Subscription, now: u64) -> Polling {
    let mut messages = Vec::new();
    let mut articles = Vec::new();
    let mut failed = false;
    let result = parallax_fetch::url::Url::parse(&sub.url)
        .map_err(|e| parallax_fetch::FeedError::Parse(format!("invalid URL: {e}")))
        .and_then(|url| reader.poll(&url, &sub.validators));
    match result {
        Ok(Polled::NotModified { validators }) => sub.succeeded(now, validators),
        Ok(Polled::Feed {
            doc, validators, ..
        }) => {
            let seen = sub.seen_set();
            let (new, warnings) = reader.articles(&doc, |e| sub.is_new(&seen, e));
            drop(seen);
            messages.extend(
                warnings
                    .into_iter()
                    .map(|w| format!("{}: warning: {}: {}", sub.url, w.entry, w.reason)),
            );
            articles = new;
            sub.remember(&doc.entries);
            if sub.title.is_none() {
                sub.title = doc.title.clone();
            }
            sub.succeeded(now, validators);
        }
        Err(e) => {
            failed = true;
            let retry = match &e {
                parallax_fetch::FeedError::Fetch(f) => f.retry_after().map(|d| d.as_secs()),
                _ => None,
            };
            messages.push(format!("{}: {e}", sub.url));
            if sub.failed(now, e.to_string(), retry) {
                messages.push(format!(
                    "{}: disabled after {} failures in a row (re-add it to enable it again)",
                    sub.url, sub.failures
                ));
            }
        }
    }
    Polling {
        sub,
        articles,
        messages,
        failed,
    }
}

/// Run `parallax watch`.
pub fn run(args: &WatchArgs) -> anyhow::Result<Outcome> {
    let state = args.state.clone().unwrap_or_else(default_state_path);
    let mut subs = load(&state)?;
    let errors = subscribe(&mut subs, &args.subscribe, args.interval * 60);
    for e in &errors {
        eprintln!("{e}");
    }
    save(&state, &subs)?;
    if args.list {
        for f in &subs.feeds {
            let line = serde_json::json!({
                "url": f.url, "title": f.title, "interval": f.interval,
                "failures": f.failures, "disabled": f.disabled, "last_error": f.last_error,
            });
            println!("{line}");
        }
        return Ok(if subs.feeds.is_empty() {
            Outcome::NothingToDo
        } else {
            Outcome::Ok
        });
    }
    if subs.feeds.iter().all(|f| f.disabled) {
        eprintln!(
            "{}: no active subscriptions; pass feed URLs or OPML files to subscribe",
            state.display()
        );
        return Ok(Outcome::NothingToDo);
    }
    let fetcher = args.net.fetcher()?;
    let reader = FeedReader::new(&fetcher, !args.net.no_full_text);
    let cleaner = Cleaner::builtin().context("loading the cleaning rules")?;
    let mut store = if args.stdout {
        None
    } else {
        let mut store = db::open_or_create(args.db.as_deref())?;
        if let Some(model) = args.model.embedder()? {
            store.set_embedding(store_embedding(model));
        }
        Some(store)
    };
    let mut some_failed = !errors.is_empty();
    let mut polled_any = false;
    loop {
        let t = now();
        let due = subs.due(t);
        if !due.is_empty() {
            polled_any = true;
            let taken: Vec<Subscription> = due.iter().map(|&i| subs.feeds[i].clone()).collect();
            let progress = Progress::new(taken.len(), "feeds");
            let polled = parallel_map(taken, args.net.jobs as usize, |sub| {
                let p = poll_one(&reader, sub, t);
                for m in &p.messages {
                    progress.println(m);
                }
                progress.inc("feeds");
                p
            });
            progress.finish();
            let mut new_articles = Vec::new();
            for (&i, p) in due.iter().zip(polled) {
                some_failed |= p.failed;
                subs.feeds[i] = p.sub;
                new_articles.extend(p.articles);
            }
            for a in &mut new_articles {
                a.text = cleaner.clean(&a.text).text;
            }
            let count = new_articles.len();
            match store.as_mut() {
                Some(store) => {
                    store.ingest(&new_articles)?;
                }
                None => {
                    use std::io::Write;
                    let mut out = std::io::stdout().lock();
                    for a in &new_articles {
                        serde_json::to_writer(&mut out, a)?;
                        out.write_all(b"\n")?;
                    }
                    out.flush()?;
                }
            }
            // Saved after the articles are stored: a crash re-polls rather than loses.
            save(&state, &subs)?;
            eprintln!("parallax: polled {} feeds, {count} new articles", due.len());
        }
        if args.once {
            if !polled_any {
                eprintln!("parallax: no feed is due yet");
            }
            return Ok(match (some_failed, polled_any) {
                (true, _) => Outcome::SomeFailed,
                (false, false) => Outcome::NothingToDo,
                (false, true) => Outcome::Ok,
            });
        }
        let Some(next) = subs.next_due() else {
            eprintln!("parallax: every feed is disabled");
            return Ok(Outcome::SomeFailed);
        };
        let wait = next.saturating_sub(now()).clamp(1, 60);
        std::thread::sleep(Duration::from_secs(wait));
    }
}
