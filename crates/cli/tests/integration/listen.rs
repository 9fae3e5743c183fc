//! `parallax brief --format speech` and `--format audio` over the sample corpus.

use crate::harness::{command, parallax, run};

#[path = "../../../audio/tests/support/tools.rs"]
mod tools;
use tools::speech_tools;

const CORPUS: &str = "examples/corpus";
const OUTLETS: &str = "examples/outlets.toml";

#[test]
fn speech_is_the_spoken_script_of_every_story() {
    let run = parallax(&["brief", "--format", "speech", "--outlets", OUTLETS, CORPUS]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains('['), "{}", run.stdout);
    assert!(!run.stdout.contains("**"), "{}", run.stdout);
    assert!(run.stdout.contains("narrative, as provided by "));
    assert!(run.stdout.contains("Reported by "));
    let ssml = parallax(&[
        "brief",
        "--format",
        "speech",
        "--ssml",
        "--outlets",
        OUTLETS,
        CORPUS,
    ]);
    assert_eq!(ssml.code, 0, "{}", ssml.stderr);
    assert_eq!(ssml.stdout.matches("<speak version=\"1.0\"").count(), 5);
}

#[test]
fn audio_needs_a_folder_and_names_a_missing_package() {
    let no_out = parallax(&["brief", "--format", "audio", "--outlets", OUTLETS, CORPUS]);
    assert_eq!(no_out.code, 3);
    assert!(no_out.stderr.contains("--out DIR"), "{}", no_out.stderr);
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("audio");
    let no_tools = run(command()
        .env("PATH", dir.path())
        .args(["brief", "--format", "audio", "--out"])
        .arg(&out)
        .args(["--outlets", OUTLETS, CORPUS]));
    assert_eq!(no_tools.code, 3);
    assert!(
        no_tools.stderr.contains("apt-get install espeak-ng"),
        "{}",
        no_tools.stderr
    );
    let bad_rate = parallax(&[
        "brief", "--format", "audio", "--out", "x", "--rate", "9000", CORPUS,
    ]);
    assert_eq!(bad_rate.code, 3);
    assert!(bad_rate.stderr.contains("rate 9000"), "{}", bad_rate.stderr);
}

#[test]
fn audio_writes_one_file_per_story() {
    if !speech_tools(&["espeak-ng", "opusenc", "lame"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for (format, magic) in [("opus", &b"OggS"[..]), ("mp3", &b"ID3"[..])] {
        let out = dir.path().join(format);
        let made = run(command()
            .args([
                "brief",
                "--format",
                "audio",
                "--audio-format",
                format,
                "--out",
            ])
            .arg(&out)
            .args([
                "--voice",
                "en-gb",
                "--rate",
                "190",
                "--outlets",
                OUTLETS,
                CORPUS,
            ]));
        assert_eq!(made.code, 0, "{}", made.stderr);
        let files: Vec<_> = std::fs::read_dir(&out)
            .expect("audio folder")
            .map(|e| e.expect("entry").path())
            .collect();
        assert_eq!(files.len(), 5, "{files:?}");
        assert_eq!(made.stdout.lines().count(), 5, "{}", made.stdout);
        for file in files {
            assert_eq!(file.extension().and_then(|e| e.to_str()), Some(format));
            let bytes = std::fs::read(&file).expect("audio");
            assert!(
                bytes.starts_with(magic) && bytes.len() > 10_000,
                "{}",
                file.display()
            );
        }
    }
}
