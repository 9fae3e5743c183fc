//! Narration of the whole sample corpus (no citation markers, no Markdown, every fact
//! and narrative said), and audio checked by decoding it with Debian's tools: `opusinfo`
//! (opus-tools) for Ogg Opus, `lame --decode` for MP3.
//!
//! The audio tests need espeak-ng, opus-tools and lame: without them they print a
//! SKIPPED line, and under CI (`CI` set), where `.ci/run` installs them, they fail.

use std::path::{Path, PathBuf};
use std::process::Command;

use parallax_audio::{
    for_speech, script, Format, Narrator, Settings, MAX_ITEM_WORDS, MAX_SCRIPT_WORDS,
};
use parallax_briefing::{brief_all, Briefer};
use parallax_ingest::Reader;
use parallax_model::Briefing;
use parallax_narratives::Registry;
use regex::Regex;

mod support {
    pub mod tools;
    pub mod twelve;
}
use support::tools::speech_tools;
use support::twelve::twelve_fact_briefing;

/// The programs these tests run: the engine, both encoders and `opusinfo` to decode.
const SPEECH_PROGRAMS: &[&str] = &["espeak-ng", "opusenc", "opusinfo", "lame"];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpus_briefings() -> Vec<Briefing> {
    let batch = Reader::new()
        .expect("reader")
        .read_paths(&[workspace().join("examples/corpus")]);
    assert!(batch.errors.is_empty(), "{:?}", batch.errors);
    let mut registry = Registry::builtin().expect("registry");
    registry
        .add_file(&workspace().join("examples/outlets.toml"))
        .expect("outlets");
    brief_all(&Briefer::with_registry(registry), &batch.articles)
}

/// `text` as the script says it inside a sentence, in lower case (a sentence may
/// have gained a capital).
fn said(text: &str) -> String {
    for_speech(text)
        .trim_end_matches(['.', '!', '?', '"'])
        .to_lowercase()
}

#[test]
fn every_corpus_story_is_narrated_whole_without_page_marks() {
    let briefings = corpus_briefings();
    assert!(briefings.len() >= 5, "{} briefings", briefings.len());
    let citation = Regex::new(r"\[[0-9]+\]").expect("regex");
    let markdown =
        Regex::new(r"\*\*|__|`|\]\(|(?m)^\s*(?:#|- |\* |[0-9]+\. )|_[A-Za-z]").expect("regex");
    let mut narratives = 0;
    for b in &briefings {
        let s = script(b);
        let text = s.text();
        let lower = text.to_lowercase();
        assert!(
            !citation.is_match(&text),
            "{}: citation marker in\n{text}",
            b.story
        );
        assert!(
            !markdown.is_match(&text),
            "{}: Markdown in\n{text}",
            b.story
        );
        for fact in &b.facts {
            assert!(fact.text.split_whitespace().count() <= MAX_ITEM_WORDS);
            assert!(
                lower.contains(&said(&fact.text)),
                "{}: fact {} missing from\n{text}",
                b.story,
                fact.id
            );
        }
        if !b.facts.is_empty() {
            assert!(text.contains("Reported "), "{}: no outlet count", b.story);
        }
        for c in &b.contradictions {
            assert!(
                lower.contains(&format!("outlets disagree on {}", said(&c.about))),
                "{text}"
            );
        }
        for n in &b.narratives {
            let intro = format!(
                "narrative, as provided by {}: {}",
                said(&n.outlet),
                said(&n.text)
            );
            assert!(
                lower.contains(&intro),
                "{}: {intro:?} missing from\n{text}",
                b.story
            );
            narratives += 1;
        }
        // Both sides of each contrasted axis are there.
        let axes: std::collections::BTreeSet<&str> =
            b.narratives.iter().map(|n| n.axis.as_str()).collect();
        for axis in axes {
            let sides = b.narratives.iter().filter(|n| n.axis == axis).count();
            assert!(sides >= 2, "{}: one side only on {axis}", b.story);
        }
        // The SSML is well-formed XML with the same paragraphs.
        let ssml = s.ssml();
        let mut reader = quick_xml::Reader::from_str(&ssml);
        let mut paragraphs = 0;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == b"p" => {
                    paragraphs += 1
                }
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{}: SSML not XML: {e}\n{ssml}", b.story),
            }
        }
        assert_eq!(paragraphs, s.paragraphs.len());
    }
    assert!(
        narratives >= 4,
        "the corpus contrasts narratives ({narratives})"
    );
}

/// The playback length `opusinfo` reports, in seconds.
fn opusinfo_seconds(path: &Path) -> f64 {
    let out = Command::new("opusinfo")
        .arg(path)
        .output()
        .expect("opusinfo");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "opusinfo failed: {report}");
    let length =
        Regex::new(r"Playback length: (?:([0-9]+)h:)?([0-9]+)m:([0-9.]+)s").expect("regex");
    let c = length
        .captures(&report)
        .unwrap_or_else(|| panic!("no length in {report}"));
    let part = |i: usize| {
        c.get(i)
            .map_or(0.0, |m| m.as_str().parse::<f64>().expect("number"))
    };
    part(1) * 3600.0 + part(2) * 60.0 + part(3)
}

/// Seconds of the WAV `lame --decode` makes of an MP3.
fn mp3_seconds(path: &Path, dir: &Path) -> f64 {
    let wav = dir.join("decoded.wav");
    let status = Command::new("lame")
        .args(["--quiet", "--decode"])
        .arg(path)
        .arg(&wav)
        .status()
        .expect("lame");
    assert!(status.success());
    let bytes = std::fs::read(&wav).expect("wav");
    let byte_rate = u32::from_le_bytes(bytes[28..32].try_into().expect("header"));
    (bytes.len() - 44) as f64 / f64::from(byte_rate)
}

#[test]
fn twelve_fact_audio_decodes_at_the_speaking_rate() {
    if !speech_tools(SPEECH_PROGRAMS) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let briefing = twelve_fact_briefing();
    let s = script(&briefing);
    for format in [Format::Opus, Format::Mp3] {
        let settings = Settings {
            format,
            ..Settings::default()
        };
        let expected = s.words() as f64 / f64::from(settings.rate) * 60.0;
        let narrator = Narrator::new(settings).expect("settings");
        narrator.check().expect("tools");
        let path = dir.path().join(format!("twelve.{}", format.extension()));
        let audio = narrator.render(&s, &path).expect("audio");
        assert_eq!(audio.bytes, std::fs::metadata(&path).expect("file").len());
        let decoded = match format {
            Format::Opus => opusinfo_seconds(&path),
            Format::Mp3 => mp3_seconds(&path, dir.path()),
        };
        eprintln!(
            "{format:?}: {} words, {decoded:.1} s decoded ({:.1} s counted), {} bytes; words / rate = {expected:.1} s",
            audio.words, audio.seconds, audio.bytes
        );
        assert!(
            (decoded - expected).abs() <= 0.2 * expected,
            "{decoded} s vs {expected} s"
        );
        // The duration the narrator reports is the decoded one (MP3 pads a frame or two).
        assert!(
            (decoded - audio.seconds).abs() <= 0.1,
            "{decoded} vs {}",
            audio.seconds
        );
    }
}

#[test]
fn a_faster_voice_is_shorter() {
    if !speech_tools(SPEECH_PROGRAMS) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let s = script(&twelve_fact_briefing());
    let seconds = |rate: u32| {
        let narrator = Narrator::new(Settings {
            rate,
            voice: "en-gb".into(),
            ..Settings::default()
        })
        .expect("settings");
        let path = dir.path().join(format!("{rate}.opus"));
        narrator.render(&s, &path).expect("audio");
        opusinfo_seconds(&path)
    };
    let (slow, fast) = (seconds(140), seconds(280));
    assert!(
        fast < slow * 0.65,
        "{fast} s at 280 wpm, {slow} s at 140 wpm"
    );
}

#[test]
fn bad_input_still_builds_audio_in_bounded_length() {
    if !speech_tools(SPEECH_PROGRAMS) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let narrator = Narrator::new(Settings::default()).expect("settings");
    let mut empty = twelve_fact_briefing();
    empty.headline.clear();
    empty.lede.clear();
    empty.facts.clear();
    empty.narratives.clear();
    empty.contradictions.clear();
    let mut huge = twelve_fact_briefing();
    huge.facts[0].text = "The committee met again and the members talked. ".repeat(1_250);
    let mut scripts = twelve_fact_briefing();
    scripts.headline = "Η κεντρική τράπεζα κράτησε το επιτόκιο".into();
    scripts.facts[0].text = "中央银行维持利率不变。".into();
    scripts.facts[1].text = "البنك المركزي أبقى على سعر الفائدة.".into();
    let mut unspeakable = twelve_fact_briefing();
    unspeakable.headline = "😀🚀 \u{1}\u{7}\u{FFFF}\u{E000}\u{200F}\u{0301}".into();
    unspeakable.facts[0].text = "\u{0}\u{1b}[31m ☃☃☃ ∑∫≈ ".into();
    for (name, b) in [
        ("empty", empty),
        ("huge", huge),
        ("scripts", scripts),
        ("unspeakable", unspeakable),
    ] {
        let s = script(&b);
        assert!(s.words() <= MAX_SCRIPT_WORDS, "{name}: {} words", s.words());
        let path = dir.path().join(format!("{name}.opus"));
        let audio = narrator
            .render(&s, &path)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let decoded = opusinfo_seconds(&path);
        assert!(decoded > 0.5, "{name}: {decoded} s");
        // Bounded: the 10,000-word fact is cut to its first words.
        assert!(decoded < 600.0, "{name}: {decoded} s");
        assert!(audio.bytes > 0);
    }
}
