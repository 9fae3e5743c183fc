//! Dedup + story assignment over a long generated stream (`bench/stream.rs`): prints
//! articles per CPU second (one core; the generator's own time included, so a lower
//! bound) and peak memory (VmHWM) every 10% of the way, and B-cubed against the
//! generator's truth over the first 50,000 articles.
//!
//! ```sh
//! cargo run --release -p parallax-stories --example stream -- 1000000
//! ```

#[path = "../../../bench/stream.rs"]
mod stream;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use parallax_stories::{EngineOptions, StreamClusterer};

/// CPU time of this (single-threaded) process so far: the busy loop competes with other
/// work on a shared machine, and wall time would count the others' share.
fn cpu_time() -> Duration {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let scored = 50_000.min(total);
    let mut clusterer = StreamClusterer::new(EngineOptions::default(), 50_000);
    let mut generator = stream::Stream::new(stream::StreamOptions::default());
    let mut pairs: HashMap<(String, u64), usize> = HashMap::new();
    let (mut reprints, mut reprints_found) = (0usize, 0usize);
    let mut busy = Duration::ZERO;
    let started = Instant::now();
    let cpu_started = cpu_time();
    for n in 1..=total {
        let Some(generated) = generator.next() else {
            break;
        };
        let t = Instant::now();
        let placed = clusterer.push(&generated.article);
        busy += t.elapsed();
        if generated.reprint_of.is_some() {
            reprints += 1;
            if placed.reprint_of == generated.reprint_of {
                reprints_found += 1;
            }
        }
        if n <= scored {
            *pairs.entry((placed.story, generated.story)).or_default() += 1;
        }
        if n == scored {
            let (p, r) = bcubed(&pairs, scored);
            println!(
                "B-cubed over the first {scored}: P {p:.3} R {r:.3} F1 {:.3}",
                2.0 * p * r / (p + r)
            );
            pairs = HashMap::new();
        }
        if n % (total / 10).max(1) == 0 {
            println!(
                "{n:>8} articles  {:>6.0} articles per CPU second (generator included; {:.0}/s wall in the loop, {:.0}/s wall overall)  peak RSS {:>5} MiB  open stories {}",
                n as f64 / (cpu_time() - cpu_started).as_secs_f64(),
                n as f64 / busy.as_secs_f64(),
                n as f64 / started.elapsed().as_secs_f64(),
                peak_rss_kib() / 1024,
                clusterer.engine().open_stories()
            );
        }
    }
    println!("reprints found {reprints_found} of {reprints}");
}

/// Item-averaged B-cubed from the contingency counts (predicted story, true story).
fn bcubed(pairs: &HashMap<(String, u64), usize>, n: usize) -> (f64, f64) {
    let mut predicted: HashMap<&str, usize> = HashMap::new();
    let mut truth: HashMap<u64, usize> = HashMap::new();
    for ((p, t), count) in pairs {
        *predicted.entry(p.as_str()).or_default() += count;
        *truth.entry(*t).or_default() += count;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for ((p, t), count) in pairs {
        let c = *count as f64;
        precision += c * c / predicted[p.as_str()] as f64;
        recall += c * c / truth[t] as f64;
    }
    (precision / n as f64, recall / n as f64)
}
