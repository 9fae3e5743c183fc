//! `parallax tone`: loaded-language detection per sentence.
//!
//! Input: plain text (one sentence a line) or JSON Lines with a `text` field (files ending
//! in `.jsonl`/`.ndjson`, or any line starting with `{`). Output per sentence: a tab-separated
//! line (`loaded|neutral`, score, sentence, marked words) or, with `--format jsonl`,
//! `{"text","loaded","score","words"}`. The sentence is judged by the learned model
//! (`parallax-tone`; score = its probability) unless `--lexicon` asks for the lexicon
//! classifier (score = its cue density); the marked words always come from the lexicon.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

use anyhow::Context;
use parallax_text::loaded::Tone;
use parallax_tone::LoadedLanguage;
use serde::Serialize;

use crate::inputs::open_or_report;
use crate::outcome::Outcome;

/// Output format of `parallax tone`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ToneFormat {
    /// `loaded|neutral<TAB>score<TAB>sentence<TAB>word,word`.
    Text,
    /// One `{"text","loaded","score","words"}` object per line.
    Jsonl,
}

/// Arguments of `parallax tone`.
#[derive(Debug, clap::Args)]
pub struct ToneArgs {
    /// Sentences: a text file (one a line), a JSON Lines file with `text`, or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ToneFormat,
    /// Score at which a sentence counts as loaded (default: the built-in threshold).
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Judge with the lexicon classifier instead of the learned model.
    #[arg(long)]
    pub lexicon: bool,
}

/// One output line.
#[derive(Debug, Serialize)]
struct ToneLine<'a> {
    text: &'a str,
    loaded: bool,
    score: f64,
    words: Vec<&'a str>,
}

#[derive(serde::Deserialize)]
struct InputLine {
    text: String,
}

/// Run `parallax tone`.
pub fn run(args: &ToneArgs) -> anyhow::Result<Outcome> {
    let mut tone = Tone::default();
    if let Some(threshold) = args.threshold {
        if !threshold.is_finite() {
            anyhow::bail!("--threshold must be a finite number");
        }
        tone.threshold = threshold;
    }
    let learned = if args.lexicon {
        None
    } else {
        Some(LoadedLanguage::builtin()?)
    };
    let mut stdout = std::io::stdout().lock();
    let (mut count, mut failed) = (0usize, false);
    for input in &args.inputs {
        let name = input.display().to_string();
        let Some(reader) = open_or_report(input) else {
            failed = true;
            continue;
        };
        let jsonl = name.ends_with(".jsonl") || name.ends_with(".ndjson");
        for (n, line) in BufReader::new(reader).lines().enumerate() {
            let line = match line {
                Ok(line) => line,
                Err(e) => {
                    eprintln!("{name}:{}: {e}", n + 1);
                    failed = true;
                    break;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            let text = if jsonl || line.trim_start().starts_with('{') {
                match serde_json::from_str::<InputLine>(&line) {
                    Ok(input) => input.text,
                    Err(e) => {
                        eprintln!("{name}:{}: not a JSON object with \"text\": {e}", n + 1);
                        failed = true;
                        continue;
                    }
                }
            } else {
                line
            };
            let (result, loaded, score) = match &learned {
                Some(model) => {
                    let Some(judged) = model.judge(&[text.as_str()]).pop() else {
                        continue;
                    };
                    let threshold = args.threshold.unwrap_or(model.model().threshold);
                    let p = judged.probability;
                    (judged.lexicon, p >= threshold, p)
                }
                None => {
                    let result = tone.analyse(&text);
                    let (loaded, score) = (result.loaded, result.score);
                    (result, loaded, score)
                }
            };
            let words: Vec<&str> = result.words.iter().map(|w| w.text).collect();
            let score = (score * 1000.0).round() / 1000.0;
            match args.format {
                ToneFormat::Jsonl => {
                    let out = ToneLine {
                        text: &text,
                        loaded,
                        score,
                        words,
                    };
                    writeln!(stdout, "{}", serde_json::to_string(&out)?)
                }
                ToneFormat::Text => writeln!(
                    stdout,
                    "{}\t{score}\t{}\t{}",
                    if loaded { "loaded" } else { "neutral" },
                    text.replace('\t', " "),
                    words.join(",")
                ),
            }
            .context("writing to stdout")?;
            count += 1;
        }
    }
    Ok(crate::inputs::outcome(count, failed))
}
