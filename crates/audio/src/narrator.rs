//! Audio: a [`Script`] spoken by eSpeak NG (`espeak-ng`, Debian package `espeak-ng`)
//! and encoded to Ogg Opus by `opusenc` (`opus-tools`) or to MP3 by `lame` (`lame`).
//!
//! The engine's WAV stream is relayed to the encoder through this process, which counts
//! its samples: the duration of the audio is known exactly without decoding it again.
//! Both programs run under a deadline and are killed past it; the script itself is
//! bounded ([`crate::MAX_SCRIPT_WORDS`]), so a briefing of any size builds in bounded time.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::script::Script;

/// Audio container and codec of the files written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Ogg Opus (`.opus`, `audio/ogg`): small at speech quality, played by every
    /// current browser and podcast app.
    #[default]
    Opus,
    /// MP3 (`.mp3`, `audio/mpeg`), for players without Opus.
    Mp3,
}

impl Format {
    /// The file extension, without a dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Opus => "opus",
            Format::Mp3 => "mp3",
        }
    }

    /// The media type of the files.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Opus => "audio/ogg",
            Format::Mp3 => "audio/mpeg",
        }
    }

    /// The encoder program and the Debian package that has it.
    fn encoder(self) -> (&'static str, &'static str) {
        match self {
            Format::Opus => ("opusenc", "opus-tools"),
            Format::Mp3 => ("lame", "lame"),
        }
    }
}

/// Lowest and highest speaking rates accepted (words a minute), eSpeak NG's own range.
pub const RATES: std::ops::RangeInclusive<u32> = 80..=450;

/// How a briefing is spoken and stored.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Settings {
    /// eSpeak NG voice (`espeak-ng --voices` lists them), e.g. `en-us`, `en-gb`.
    pub voice: String,
    /// Speaking rate in words a minute.
    pub rate: u32,
    /// Container and codec.
    pub format: Format,
    /// The speech engine program (a path, or a name found on `PATH`).
    pub engine: PathBuf,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            voice: "en-us".into(),
            rate: 175,
            format: Format::Opus,
            engine: PathBuf::from("espeak-ng"),
        }
    }
}

/// Audio could not be made.
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    /// A program is not installed.
    #[error("{program} is not installed: install the Debian package {package} (apt-get install {package})")]
    Missing {
        /// The program looked for.
        program: String,
        /// The Debian package that installs it.
        package: &'static str,
    },
    /// A setting is out of range.
    #[error("bad audio setting: {0}")]
    Setting(String),
    /// A program failed.
    #[error("{program} failed: {detail}")]
    Failed {
        /// The program.
        program: String,
        /// Its exit status and what it printed on stderr.
        detail: String,
    },
    /// The programs did not finish within their deadline and were stopped.
    #[error("speech synthesis took longer than {0:?} and was stopped")]
    Timeout(Duration),
    /// Reading or writing a file or pipe failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The error.
        source: std::io::Error,
    },
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Audio {
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Duration in seconds (from the samples the engine produced).
    pub seconds: f64,
    /// Words spoken.
    pub words: usize,
}

/// Speaks scripts to audio files with the configured voice, rate and format.
#[derive(Debug, Clone)]
pub struct Narrator {
    settings: Settings,
}

/// Deadline of one synthesis: a fixed allowance plus a share per word, far above the
/// real time (about a millisecond a word for both programs) yet a bound.
fn deadline_for(words: usize) -> Duration {
    Duration::from_secs(20) + Duration::from_millis(30 * words as u64)
}

impl Narrator {
    /// A narrator with validated settings (the programs are looked for when used, or by
    /// [`Narrator::check`]).
    pub fn new(settings: Settings) -> Result<Narrator, AudioError> {
        if !RATES.contains(&settings.rate) {
            return Err(AudioError::Setting(format!(
                "rate {} is outside {}-{} words a minute",
                settings.rate,
                RATES.start(),
                RATES.end()
            )));
        }
        let voice_ok = !settings.voice.is_empty()
            && settings.voice.len() <= 64
            && settings
                .voice
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_+/".contains(c))
            && !settings.voice.starts_with('-');
        if !voice_ok {
            return Err(AudioError::Setting(format!(
                "voice {:?} is not a voice name (see espeak-ng --voices)",
                settings.voice
            )));
        }
        Ok(Narrator { settings })
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Whether the engine and the encoder are installed and the voice exists: the error
    /// names the Debian package to install.
    pub fn check(&self) -> Result<(), AudioError> {
        let (encoder, package) = self.settings.format.encoder();
        for (program, package) in [
            (self.settings.engine.as_path(), "espeak-ng"),
            (Path::new(encoder), package),
        ] {
            let output = Command::new(program)
                .arg("--version")
                .stdin(Stdio::null())
                .output()
                .map_err(|e| spawn_error(program, package, e))?;
            // lame answers --version with status 0, espeak-ng and opusenc too; a
            // program that fails here would fail on a script as well.
            if !output.status.success() {
                return Err(AudioError::Failed {
                    program: program.display().to_string(),
                    detail: format!("--version exited with {}", output.status),
                });
            }
        }
        // An unknown voice is only reported when speaking: speak one word.
        let mut engine = self.engine(Stdio::null())?;
        let mut stdin = engine.stdin.take();
        if let Some(stdin) = stdin.as_mut() {
            let _ = stdin.write_all(b"Parallax.");
        }
        drop(stdin);
        let stderr = engine.stderr.take().map(drain);
        let limit = Duration::from_secs(10);
        let status = wait_until(&mut engine, (Instant::now() + limit, limit))?;
        if !status.success() {
            return Err(self.failed_engine(status, stderr));
        }
        Ok(())
    }

    /// Speak `script` into the file `out` (written whole, then renamed into place, so
    /// a reader never sees half a file).
    pub fn render(&self, script: &Script, out: &Path) -> Result<Audio, AudioError> {
        let text = script.text();
        let words = script.words();
        let part = out.with_extension(format!("{}.part", self.settings.format.extension()));
        let result = self.speak(&text, &script.title, &part, words);
        let samples = match result {
            Ok(samples) => samples,
            Err(e) => {
                let _ = std::fs::remove_file(&part);
                return Err(e);
            }
        };
        std::fs::rename(&part, out).map_err(|source| AudioError::Io {
            what: format!("moving {} into place", out.display()),
            source,
        })?;
        let bytes = std::fs::metadata(out)
            .map_err(|source| AudioError::Io {
                what: format!("reading {}", out.display()),
                source,
            })?
            .len();
        Ok(Audio {
            bytes,
            seconds: samples,
            words,
        })
    }

    /// The engine reading text on stdin and writing WAV on stdout.
    fn engine(&self, stdout: Stdio) -> Result<Child, AudioError> {
        Command::new(&self.settings.engine)
            .args([
                "-v",
                &self.settings.voice,
                "-s",
                &self.settings.rate.to_string(),
            ])
            // UTF-8 input; WAV on stdout.
            .args(["-b", "1", "--stdout"])
            .stdin(Stdio::piped())
            .stdout(stdout)
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| spawn_error(&self.settings.engine, "espeak-ng", e))
    }

    fn failed_engine(
        &self,
        status: std::process::ExitStatus,
        stderr: Option<JoinHandle<String>>,
    ) -> AudioError {
        AudioError::Failed {
            program: self.settings.engine.display().to_string(),
            detail: format!("{status}: {}", joined(stderr)),
        }
    }

    /// Run engine and encoder; the duration in seconds of what the engine produced.
    fn speak(&self, text: &str, title: &str, part: &Path, words: usize) -> Result<f64, AudioError> {
        let (encoder_name, package) = self.settings.format.encoder();
        let mut encoder = Command::new(encoder_name);
        match self.settings.format {
            // Speech at 24 kbit/s; complexity 4 encodes several times faster than the
            // default 10 (the time that matters on a one-core server) at a size within a
            // few percent, with constrained VBR keeping the rate near the target.
            Format::Opus => encoder
                .args(["--quiet", "--bitrate", "24", "--cvbr", "--comp", "4"])
                .args(["--title", title, "--artist", "Parallax", "-"])
                .arg(part),
            // VBR quality 7 with the faster quality-7 search: plenty for one voice; an
            // ID3v2 tag only, which holds a UTF-8 title of any length.
            Format::Mp3 => encoder
                .args(["--quiet", "-V", "7", "-q", "7", "--id3v2-only"])
                .args(["--tt", title, "--ta", "Parallax", "-"])
                .arg(part),
        };
        let mut engine = self.engine(Stdio::piped())?;
        let mut encoder = match encoder
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
        {
            Ok(child) => child,
            Err(e) => {
                let _ = engine.kill();
                let _ = engine.wait();
                return Err(spawn_error(Path::new(encoder_name), package, e));
            }
        };
        let limit = deadline_for(words);
        let deadline = (Instant::now() + limit, limit);
        let engine_err = engine.stderr.take().map(drain);
        let encoder_err = encoder.stderr.take().map(drain);
        let writer = engine.stdin.take().map(|mut stdin| {
            let text = text.to_string();
            std::thread::spawn(move || {
                let _ = stdin.write_all(text.as_bytes());
            })
        });
        let relay = match (engine.stdout.take(), encoder.stdin.take()) {
            (Some(from), Some(to)) => Some(std::thread::spawn(move || relay_wav(from, to))),
            _ => None,
        };
        let engine_status = wait_until(&mut engine, deadline);
        let encoder_status = match &engine_status {
            Ok(_) => wait_until(&mut encoder, deadline),
            Err(_) => {
                let _ = encoder.kill();
                let _ = encoder.wait();
                Err(AudioError::Timeout(deadline.1))
            }
        };
        if let Some(writer) = writer {
            let _ = writer.join();
        }
        let wav = relay.and_then(|r| r.join().ok());
        let engine_status = engine_status?;
        let encoder_status = encoder_status?;
        if !engine_status.success() {
            return Err(self.failed_engine(engine_status, engine_err));
        }
        if !encoder_status.success() {
            return Err(AudioError::Failed {
                program: encoder_name.into(),
                detail: format!("{encoder_status}: {}", joined(encoder_err)),
            });
        }
        match wav {
            Some(Ok(wav)) => Ok(wav.seconds()),
            Some(Err(source)) => Err(AudioError::Io {
                what: format!(
                    "relaying audio from {} to {encoder_name}",
                    self.settings.engine.display()
                ),
                source,
            }),
            None => Err(AudioError::Failed {
                program: self.settings.engine.display().to_string(),
                detail: "no audio stream".into(),
            }),
        }
    }
}

/// What the relay saw of the WAV stream.
struct WavStream {
    header: Vec<u8>,
    total: u64,
}

/// Size of the canonical PCM WAV header eSpeak NG writes.
const WAV_HEADER: usize = 44;

impl WavStream {
    /// Seconds of PCM after the header: the byte rate is the header's field at offset 28.
    fn seconds(&self) -> f64 {
        let byte_rate = self
            .header
            .get(28..32)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_le_bytes);
        if byte_rate == 0 {
            return 0.0;
        }
        self.total.saturating_sub(WAV_HEADER as u64) as f64 / f64::from(byte_rate)
    }
}

/// Copy the engine's WAV to the encoder, keeping the header and counting the bytes.
fn relay_wav(mut from: impl Read, mut to: impl Write) -> std::io::Result<WavStream> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut stream = WavStream {
        header: Vec::with_capacity(WAV_HEADER),
        total: 0,
    };
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let missing = WAV_HEADER.saturating_sub(stream.header.len()).min(n);
        stream.header.extend_from_slice(&buf[..missing]);
        stream.total += n as u64;
        to.write_all(&buf[..n])?;
    }
    Ok(stream)
}

/// Wait for `child`, killing it at `deadline`.
fn wait_until(
    child: &mut Child,
    (deadline, limit): (Instant, Duration),
) -> Result<std::process::ExitStatus, AudioError> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(AudioError::Timeout(limit));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(source) => {
                return Err(AudioError::Io {
                    what: "waiting for the speech programs".into(),
                    source,
                })
            }
        }
    }
}

/// Read a program's stderr in the background (a full pipe would stall it), keeping
/// the first few KiB.
fn drain(mut stderr: ChildStderr) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            if all.len() < 4096 {
                all.extend_from_slice(&buf[..n]);
            }
        }
        String::from_utf8_lossy(&all).trim().to_string()
    })
}

fn joined(stderr: Option<JoinHandle<String>>) -> String {
    stderr
        .and_then(|h| h.join().ok())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "no message".into())
}

fn spawn_error(program: &Path, package: &'static str, e: std::io::Error) -> AudioError {
    if e.kind() == std::io::ErrorKind::NotFound {
        AudioError::Missing {
            program: program.display().to_string(),
            package,
        }
    } else {
        AudioError::Io {
            what: format!("starting {}", program.display()),
            source: e,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_validated() {
        let bad_rate = Settings {
            rate: 5,
            ..Settings::default()
        };
        assert!(matches!(
            Narrator::new(bad_rate),
            Err(AudioError::Setting(_))
        ));
        for voice in ["", "-x", "en us", "en;rm"] {
            let s = Settings {
                voice: voice.into(),
                ..Settings::default()
            };
            assert!(
                matches!(Narrator::new(s), Err(AudioError::Setting(_))),
                "{voice:?}"
            );
        }
        assert!(Narrator::new(Settings::default()).is_ok());
    }

    #[test]
    fn a_missing_engine_names_its_package() {
        let settings = Settings {
            engine: PathBuf::from("/nonexistent/espeak-ng"),
            ..Settings::default()
        };
        let narrator = Narrator::new(settings).expect("valid settings");
        let err = narrator.check().expect_err("no engine");
        assert!(
            err.to_string().contains("apt-get install espeak-ng"),
            "{err}"
        );
        let dir = std::env::temp_dir();
        let script = Script {
            title: "Test".into(),
            paragraphs: vec!["Hello.".into()],
        };
        let err = narrator
            .render(&script, &dir.join("parallax-missing-engine.opus"))
            .expect_err("no engine");
        assert!(
            matches!(
                err,
                AudioError::Missing {
                    package: "espeak-ng",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn the_duration_comes_from_the_wav_byte_rate() {
        let mut header = vec![0u8; WAV_HEADER];
        header[28..32].copy_from_slice(&44_100u32.to_le_bytes());
        let stream = WavStream {
            header,
            total: 44 + 44_100 * 3,
        };
        assert!((stream.seconds() - 3.0).abs() < 1e-9);
        let mut sink = Vec::new();
        let relayed = relay_wav(&[1u8; 100][..], &mut sink).expect("relay");
        assert_eq!(
            (relayed.total, sink.len(), relayed.header.len()),
            (100, 100, 44)
        );
    }
}
