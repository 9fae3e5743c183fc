//! Audio of a 12-fact briefing, end to end: script, eSpeak NG, Ogg Opus encoding.
//!
//! Target: under 2 s on one core. Run it pinned to one core (the engine and encoder are
//! child processes and inherit the pinning):
//!
//! ```text
//! taskset -c 0 cargo bench -p parallax-audio --bench narrate
//! ```
//!
//! Needs espeak-ng and opus-tools (and lame for the MP3 case); the duration, size and
//! word count of the audio are printed once.

use criterion::{criterion_group, criterion_main, Criterion};
use parallax_audio::{script, Format, Narrator, Settings};

#[path = "../tests/support/twelve.rs"]
mod twelve;

fn narrate(c: &mut Criterion) {
    let briefing = twelve::twelve_fact_briefing();
    let dir = std::env::temp_dir().join(format!("parallax-bench-audio-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("bench dir");
    let mut group = c.benchmark_group("audio");
    group.sample_size(10);
    for format in [Format::Opus, Format::Mp3] {
        let narrator = Narrator::new(Settings {
            format,
            ..Settings::default()
        })
        .expect("settings");
        if let Err(e) = narrator.check() {
            eprintln!("SKIPPED audio bench ({format:?}): {e}");
            continue;
        }
        let path = dir.join(format!("twelve.{}", format.extension()));
        let first = narrator.render(&script(&briefing), &path).expect("audio");
        eprintln!(
            "{format:?}: {} words, {:.1} s of audio, {} bytes ({:.1} kbit/s)",
            first.words,
            first.seconds,
            first.bytes,
            first.bytes as f64 * 8.0 / first.seconds / 1000.0
        );
        group.bench_function(
            format!("twelve_fact_briefing_{}", format.extension()),
            |b| {
                b.iter(|| {
                    let audio = narrator.render(&script(&briefing), &path).expect("audio");
                    // The answer is checked inside the loop: real audio, about as long.
                    assert!(audio.bytes > 10_000 && (audio.seconds - first.seconds).abs() < 0.5);
                    audio
                });
            },
        );
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, narrate);
criterion_main!(benches);
