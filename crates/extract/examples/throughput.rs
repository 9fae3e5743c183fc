//! Pages per second of [`NewsExtractor`] by page-size bucket (a benchmark tool; see
//! `bench/extraction/buckets.sh`, which runs Python trafilatura the same way).
//!
//! `cargo run --release -p parallax-extract --example throughput -- LIST [OUT.jsonl]`
//!
//! LIST holds one page per line: `PATH<TAB>URL` (URL may be empty). Every page is read
//! and gunzipped before the clock starts, so the timing (thread CPU time, so that
//! other processes on the core do not count) covers extraction only
//! (decoding, parsing, main text, metadata). Prints one JSON object per bucket
//! (`{"bucket","pages","seconds","bytes"}`, buckets by size after decompression) and,
//! with OUT, writes `{"file","bytes","seconds","text"}` per page. A page that cannot be read is reported
//! on stderr with its line number and skipped.

use std::io::Write;

use rustix::time::{clock_gettime, ClockId};

use parallax_extract::{Extractor, NewsExtractor, Page, DEFAULT_MAX_BYTES};

/// Upper bounds (exclusive, bytes) and names of the size buckets.
const BUCKETS: &[(usize, &str)] = &[
    (50 * 1024, "<50KB"),
    (200 * 1024, "50-200KB"),
    (1024 * 1024, "200KB-1MB"),
    (usize::MAX, ">1MB"),
];

fn bucket(size: usize) -> usize {
    BUCKETS.iter().position(|(max, _)| size < *max).unwrap_or(0)
}

/// CPU time of this thread: unlike wall-clock time, it does not count the time other
/// processes hold the core.
fn cpu_seconds() -> f64 {
    let t = clock_gettime(ClockId::ThreadCPUTime);
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(list) = args.first() else {
        eprintln!("usage: throughput LIST [OUT.jsonl]");
        std::process::exit(3);
    };
    let listing = match std::fs::read_to_string(list) {
        Ok(s) => s,
        Err(err) => {
            eprintln!("{list}: {err}");
            std::process::exit(2);
        }
    };
    let mut pages = Vec::new();
    for (i, line) in listing.lines().enumerate() {
        let (path, url) = line.split_once('\t').unwrap_or((line, ""));
        if path.is_empty() {
            continue;
        }
        let raw = match std::fs::read(path) {
            Ok(raw) => raw,
            Err(err) => {
                eprintln!("{list}:{}: {path}: {err}", i + 1);
                continue;
            }
        };
        let bytes = if parallax_extract::is_gzip(&raw) {
            match parallax_extract::gunzip(&raw, DEFAULT_MAX_BYTES) {
                Ok(b) => b,
                Err(err) => {
                    eprintln!("{list}:{}: {path}: {err}", i + 1);
                    continue;
                }
            }
        } else {
            raw
        };
        pages.push((
            path.to_owned(),
            (!url.is_empty()).then(|| url.to_owned()),
            bytes,
        ));
    }

    let extractor = NewsExtractor::default();
    let mut seconds = vec![0.0f64; BUCKETS.len()];
    let mut counts = vec![0usize; BUCKETS.len()];
    let mut sizes = vec![0usize; BUCKETS.len()];
    let mut texts = Vec::with_capacity(pages.len());
    for (_, url, bytes) in &pages {
        let start = cpu_seconds();
        let result = extractor.extract(&Page {
            bytes,
            url: url.as_deref(),
            content_type: None,
        });
        let secs = cpu_seconds() - start;
        let b = bucket(bytes.len());
        seconds[b] += secs;
        counts[b] += 1;
        sizes[b] += bytes.len();
        texts.push((secs, result.map(|e| e.text).unwrap_or_default()));
    }

    for (b, (_, name)) in BUCKETS.iter().enumerate() {
        println!(
            "{}",
            serde_json::json!({"bucket": name, "pages": counts[b], "seconds": seconds[b], "bytes": sizes[b]})
        );
    }
    if let Some(out) = args.get(1) {
        let write = || -> std::io::Result<()> {
            let mut f = std::io::BufWriter::new(std::fs::File::create(out)?);
            for ((path, _, bytes), (secs, text)) in pages.iter().zip(&texts) {
                let row = serde_json::json!({"file": path, "bytes": bytes.len(), "seconds": secs, "text": text});
                writeln!(f, "{row}")?;
            }
            f.flush()
        };
        if let Err(err) = write() {
            eprintln!("{out}: {err}");
            std::process::exit(2);
        }
    }
}
