//! `parallax feed`: feed entries (RSS, Atom, JSON Feed; files, URLs or OPML lists) as
//! article JSON Lines. Also the network options and the parallel poller shared with
//! `parallax watch` and `parallax add`.

use std::collections::VecDeque;
use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use anyhow::Context;
use parallax_fetch::url::Url;
use parallax_fetch::{
    is_opml, parse_feed, parse_opml, Article, FeedError, FeedReader, HttpConfig, HttpFetcher,
    Polled, Validators,
};

use crate::outcome::Outcome;

/// Network options shared by the commands that fetch.
#[derive(Debug, Clone, clap::Args)]
pub struct NetArgs {
    /// Do not fetch the article page of entries that carry only a summary.
    #[arg(long)]
    pub no_full_text: bool,
    /// Lift the SSRF guard: allow loopback, private and link-local addresses (for feeds
    /// on this machine or network).
    #[arg(long)]
    pub allow_private_network: bool,
    /// Seconds allowed for one request (connect, headers and body).
    #[arg(long, default_value_t = 30.0, value_name = "SECS")]
    pub timeout: f64,
    /// Least seconds between two requests to one host.
    #[arg(long, default_value_t = 1.0, value_name = "SECS")]
    pub host_delay: f64,
    /// Feeds polled at once (requests to one host are still one at a time).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub jobs: u32,
}

impl NetArgs {
    /// The HTTP client these options describe.
    pub fn fetcher(&self) -> anyhow::Result<HttpFetcher> {
        let secs = |v: f64, name: &str| {
            if (0.0..=86_400.0).contains(&v) {
                Ok(Duration::from_secs_f64(v))
            } else {
                anyhow::bail!("--{name} must be between 0 and 86400 seconds")
            }
        };
        let timeout = secs(self.timeout, "timeout")?;
        if timeout.is_zero() {
            anyhow::bail!("--timeout must be positive");
        }
        let config = HttpConfig {
            timeout,
            connect_timeout: timeout.min(Duration::from_secs(10)),
            min_host_delay: secs(self.host_delay, "host-delay")?,
            allow_private_network: self.allow_private_network,
            ..HttpConfig::default()
        };
        Ok(HttpFetcher::new(config)?)
    }
}

/// Output formats of `parallax feed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FeedFormat {
    /// One article JSON object per line.
    Jsonl,
}

/// Arguments of `parallax feed`.
#[derive(Debug, clap::Args)]
pub struct FeedArgs {
    /// Feeds: http(s) URLs, feed files, OPML subscription lists (each feed in it is
    /// polled), or `-` for stdin.
    #[arg(required = true, value_name = "FEED_FILE_OR_URL")]
    pub inputs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: FeedFormat,
    /// Network options.
    #[command(flatten)]
    pub net: NetArgs,
}

/// One feed to read: a URL, or a document already in memory.
#[derive(Debug)]
pub enum Source {
    /// Fetch this URL.
    Url(Url),
    /// A local feed document.
    Doc {
        /// File name for messages.
        name: String,
        /// Its bytes.
        bytes: Vec<u8>,
    },
}

impl Source {
    /// The name used in messages.
    pub fn name(&self) -> String {
        match self {
            Source::Url(u) => u.to_string(),
            Source::Doc { name, .. } => name.clone(),
        }
    }
}

/// Whether an argument is an http(s) URL rather than a path.
pub fn as_url(arg: &str) -> Option<Url> {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        Url::parse(arg).ok()
    } else {
        None
    }
}

/// Expand arguments into feed sources: URLs as they are, OPML files into their feeds,
/// other files (and `-`) as feed documents. Errors are per argument.
pub fn sources(inputs: &[String]) -> Vec<Result<Source, String>> {
    let mut out = Vec::new();
    for input in inputs {
        if let Some(url) = as_url(input) {
            out.push(Ok(Source::Url(url)));
            continue;
        }
        let bytes = match read_input(input) {
            Ok(b) => b,
            Err(e) => {
                out.push(Err(format!("{input}: {e:#}")));
                continue;
            }
        };
        if is_opml(&bytes) {
            match parse_opml(&bytes) {
                Ok(outlines) => {
                    for o in outlines {
                        match Url::parse(&o.url) {
                            Ok(url) => out.push(Ok(Source::Url(url))),
                            Err(e) => out.push(Err(format!("{input}: {}: {e}", o.url))),
                        }
                    }
                }
                Err(e) => out.push(Err(format!("{input}: {e}"))),
            }
        } else {
            out.push(Ok(Source::Doc {
                name: input.clone(),
                bytes,
            }));
        }
    }
    out
}

/// Read a file or stdin, up to the body cap.
pub fn read_input(input: &str) -> anyhow::Result<Vec<u8>> {
    let limit = parallax_extract::DEFAULT_MAX_BYTES as u64;
    let mut bytes = Vec::new();
    if input == "-" {
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)?;
    } else {
        std::fs::File::open(Path::new(input))
            .context("cannot open")?
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .context("cannot read")?;
    }
    if bytes.len() as u64 > limit {
        anyhow::bail!("larger than the {limit} byte limit");
    }
    Ok(bytes)
}

/// Articles of one source, with warnings about single entries.
pub fn read_source(
    reader: &FeedReader<'_>,
    source: &Source,
) -> Result<(Vec<Article>, Vec<String>), FeedError> {
    let doc = match source {
        Source::Url(url) => match reader.poll(url, &Validators::default())? {
            Polled::Feed { doc, .. } => doc,
            Polled::NotModified { .. } => return Ok((Vec::new(), Vec::new())),
        },
        Source::Doc { bytes, .. } => parse_feed(bytes, None, None)?,
    };
    let (articles, warnings) = reader.articles(&doc, |_| true);
    let warnings = warnings
        .into_iter()
        .map(|w| format!("{}: {}", w.entry, w.reason))
        .collect();
    Ok((articles, warnings))
}

/// Progress of a long run: a bar on a terminal, a plain line every tenth item otherwise.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: usize,
    done: AtomicUsize,
}

impl Progress {
    /// Progress over `total` items (silent for fewer than two).
    pub fn new(total: usize, what: &str) -> Progress {
        let bar = (total > 1 && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            let style = indicatif::ProgressStyle::with_template(&format!(
                "{{bar:30}} {{pos}}/{{len}} {what} {{elapsed}} {{msg}}"
            ))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Progress {
            bar,
            total,
            done: AtomicUsize::new(0),
        }
    }

    /// One item finished.
    pub fn inc(&self, what: &str) {
        let done = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        match &self.bar {
            Some(bar) => bar.inc(1),
            None if self.total >= 10 && (done.is_multiple_of(10) || done == self.total) => {
                eprintln!("parallax: {done}/{} {what}", self.total);
            }
            None => {}
        }
    }

    /// Print a message without breaking the bar.
    pub fn println(&self, message: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{message}")),
            None => eprintln!("{message}"),
        }
    }

    /// Remove the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Map `items` on `jobs` threads; results in input order.
pub fn parallel_map<T: Send, R: Send>(
    items: Vec<T>,
    jobs: usize,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let n = items.len();
    let queue: Mutex<VecDeque<(usize, T)>> = Mutex::new(items.into_iter().enumerate().collect());
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, n.max(1)) {
            s.spawn(|| loop {
                let next = queue
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .pop_front();
                let Some((i, item)) = next else { break };
                let r = f(item);
                results.lock().unwrap_or_else(PoisonError::into_inner)[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .into_iter()
        .flatten()
        .collect()
}

/// Run `parallax feed`.
pub fn run(args: &FeedArgs) -> anyhow::Result<Outcome> {
    let FeedFormat::Jsonl = args.format;
    let fetcher = args.net.fetcher()?;
    let reader = FeedReader::new(&fetcher, !args.net.no_full_text);
    let mut failed = false;
    let mut todo = Vec::new();
    for source in sources(&args.inputs) {
        match source {
            Ok(s) => todo.push(s),
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
        }
    }
    let progress = Progress::new(todo.len(), "feeds");
    let results = parallel_map(todo, args.net.jobs as usize, |source| {
        let name = source.name();
        let result = read_source(&reader, &source);
        match &result {
            Ok((_, warnings)) => {
                for w in warnings {
                    progress.println(&format!("{name}: warning: {w}"));
                }
            }
            Err(e) => progress.println(&format!("{name}: {e}")),
        }
        progress.inc("feeds");
        result
    });
    progress.finish();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut written = 0usize;
    for result in results {
        match result {
            Ok((articles, _)) => {
                for article in articles {
                    serde_json::to_writer(&mut out, &article)?;
                    out.write_all(b"\n")?;
                    written += 1;
                }
            }
            Err(_) => failed = true,
        }
    }
    out.flush()?;
    Ok(crate::inputs::outcome(written, failed))
}

/// URLs, feed files and OPML lists for `parallax add`: their articles, and their feeds
/// subscribed for `parallax watch` (entries already added are marked as seen).
pub struct Remote {
    net: NetArgs,
    cleaner: Option<parallax_ingest::Cleaner>,
    fetcher: Option<HttpFetcher>,
    subs: Option<parallax_fetch::watch::Subscriptions>,
}

impl Remote {
    /// Ready to read; nothing is fetched or loaded until an input needs it.
    pub fn new(net: &NetArgs, clean: bool) -> anyhow::Result<Remote> {
        let cleaner = if clean {
            Some(parallax_ingest::Cleaner::builtin().context("loading the cleaning rules")?)
        } else {
            None
        };
        // Validate the options before any work.
        net.fetcher()?;
        Ok(Remote {
            net: net.clone(),
            cleaner,
            fetcher: None,
            subs: None,
        })
    }

    /// The articles of `input` if it is a URL, a feed file or an OPML list; `None` for
    /// the inputs the article readers handle.
    pub fn read(&mut self, input: &Path) -> anyhow::Result<Option<parallax_ingest::Batch>> {
        let arg = input.to_string_lossy().into_owned();
        let url = as_url(&arg);
        let ext = input
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let feed_file = matches!(
            ext.as_deref(),
            Some("xml" | "rss" | "atom" | "opml" | "rdf")
        );
        if url.is_none() && !feed_file {
            return Ok(None);
        }
        if self.fetcher.is_none() {
            self.fetcher = Some(self.net.fetcher()?);
        }
        if self.subs.is_none() {
            let path = crate::commands::watch::default_state_path();
            self.subs = Some(crate::commands::watch::load(&path)?);
        }
        let (Some(fetcher), Some(subs)) = (self.fetcher.as_ref(), self.subs.as_mut()) else {
            return Ok(None);
        };
        let reader = FeedReader::new(fetcher, !self.net.no_full_text);
        let mut batch = parallax_ingest::Batch::default();
        let error = |reason: String| parallax_ingest::IngestError::new(&arg, None, reason);
        let interval = parallax_fetch::watch::DEFAULT_INTERVAL;
        let mut feeds: Vec<(String, parallax_fetch::FeedDoc)> = Vec::new();
        if let Some(url) = url {
            match reader.read_url(&url) {
                Ok(parallax_fetch::UrlContent::Feed(doc)) => feeds.push((url.to_string(), doc)),
                Ok(parallax_fetch::UrlContent::Article(a)) => batch.articles.push(a),
                Err(e) => batch.errors.push(error(e.to_string())),
            }
        } else {
            match read_input(&arg) {
                Err(e) => batch.errors.push(error(format!("{e:#}"))),
                Ok(bytes) if is_opml(&bytes) => match parse_opml(&bytes) {
                    Err(e) => batch.errors.push(error(e.to_string())),
                    Ok(outlines) => {
                        let polled = parallel_map(outlines, self.net.jobs as usize, |o| {
                            let doc = Url::parse(&o.url).map_err(|e| e.to_string()).and_then(|u| {
                                match reader.poll(&u, &Validators::default()) {
                                    Ok(Polled::Feed { doc, .. }) => Ok(doc),
                                    Ok(Polled::NotModified { .. }) => {
                                        Ok(parallax_fetch::FeedDoc::default())
                                    }
                                    Err(e) => Err(e.to_string()),
                                }
                            });
                            (o, doc)
                        });
                        for (o, doc) in polled {
                            subs.add(&o.url, o.title.clone(), interval);
                            match doc {
                                Ok(doc) => feeds.push((o.url, doc)),
                                Err(e) => batch.errors.push(error(format!("{}: {e}", o.url))),
                            }
                        }
                    }
                },
                Ok(bytes) => match parse_feed(&bytes, None, None) {
                    Ok(doc) => {
                        let (articles, warnings) = reader.articles(&doc, |_| true);
                        batch.articles.extend(articles);
                        for w in warnings {
                            eprintln!("{arg}: warning: {}: {}", w.entry, w.reason);
                        }
                    }
                    Err(e) => batch.errors.push(error(e.to_string())),
                },
            }
        }
        for (feed_url, doc) in feeds {
            let (articles, warnings) = reader.articles(&doc, |_| true);
            for w in warnings {
                eprintln!("{feed_url}: warning: {}: {}", w.entry, w.reason);
            }
            batch.articles.extend(articles);
            subs.add(&feed_url, doc.title.clone(), interval);
            if let Some(sub) = subs.feeds.iter_mut().find(|f| f.url == feed_url) {
                sub.remember(&doc.entries);
            }
        }
        if let Some(cleaner) = &self.cleaner {
            for a in &mut batch.articles {
                a.text = cleaner.clean(&a.text).text;
            }
        }
        Ok(Some(batch))
    }

    /// Save the subscriptions, if any input touched them.
    pub fn finish(&self) -> anyhow::Result<()> {
        if let Some(subs) = &self.subs {
            let path = crate::commands::watch::default_state_path();
            crate::commands::watch::save(&path, subs)?;
            let n = subs.feeds.len();
            eprintln!(
                "{}: {n} feed subscription{} (poll with `parallax watch`)",
                path.display(),
                if n == 1 { "" } else { "s" }
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_order() {
        let out = parallel_map((0..50).collect(), 4, |i: i32| i * 2);
        assert_eq!(out, (0..50).map(|i| i * 2).collect::<Vec<_>>());
        assert!(parallel_map(Vec::<i32>::new(), 4, |i| i).is_empty());
    }

    #[test]
    fn urls_are_told_from_paths() {
        assert!(as_url("https://a.example/feed").is_some());
        assert!(as_url("HTTP://a.example/feed").is_some());
        assert!(as_url("feeds/a.xml").is_none());
        assert!(as_url("-").is_none());
    }
}
