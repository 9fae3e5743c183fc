//! `parallax brief`: one briefing per story found in the inputs.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context};
use parallax_audio::{script, Format, Narrator, Settings};
use parallax_briefing::{
    apply_base_rate, brief_all, brief_story, period_base_rate, render_html, render_markdown,
    Briefer, BASE_RATE_DAYS,
};
use parallax_model::{Article, Briefing};
use parallax_narratives::Registry;
use parallax_store::{story_vectors, Store};

use crate::commands::db;
use crate::embedding::EmbeddingArgs;
use crate::inputs::{outcome, read_articles};
use crate::outcome::Outcome;

/// Output format of `parallax brief`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BriefFormat {
    /// Markdown, one briefing after another.
    Md,
    /// A JSON array of briefings (see schema/briefing.schema.json).
    Json,
    /// One briefing JSON object per line.
    Jsonl,
    /// One standalone HTML page with every briefing.
    Html,
    /// The spoken script of each briefing: plain text (SSML with `--ssml`), numbers,
    /// dates and abbreviations written for speech, no citation numbers.
    Speech,
    /// One audio file per briefing in `--out DIR` (eSpeak NG, then Ogg Opus or MP3).
    Audio,
}

/// Arguments of `parallax brief`.
#[derive(Debug, clap::Args)]
pub struct BriefArgs {
    /// Article files (.jsonl, .txt, .md, .html, .html.gz), directories, or `-` for stdin;
    /// or story ids (`s-…`) of the store: with `--db`, or when the one argument is a
    /// story id and no such file exists.
    #[arg(required = true, value_name = "INPUT|STORY_ID")]
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: BriefFormat,
    /// Extra outlet registry files (same format as data/outlets.toml); entries replace
    /// built-in outlets with the same id.
    #[arg(long = "outlets", value_name = "FILE")]
    pub outlets: Vec<PathBuf>,
    /// Keep article texts as given (no boilerplate cleaning).
    #[arg(long)]
    pub no_clean: bool,
    /// Brief stories of this database, an SQLite file or a `postgres://` address (the
    /// arguments are story ids).
    #[arg(long, value_name = "PATH|URL")]
    pub db: Option<PathBuf>,
    #[command(flatten)]
    pub listen: ListenArgs,
    #[command(flatten)]
    pub model: EmbeddingArgs,
}

/// How `--format speech` and `--format audio` speak.
#[derive(Debug, clap::Args)]
pub struct ListenArgs {
    /// With `--format speech`: SSML instead of plain text.
    #[arg(long)]
    pub ssml: bool,
    /// With `--format audio`: the folder the audio files go to (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// With `--format audio`: the audio format.
    #[arg(long, value_enum, default_value = "opus")]
    pub audio_format: AudioFormat,
    /// eSpeak NG voice (`espeak-ng --voices` lists them).
    #[arg(long, default_value = "en-us", value_name = "VOICE")]
    pub voice: String,
    /// Speaking rate in words a minute (80 to 450).
    #[arg(long, default_value_t = 175, value_name = "WPM")]
    pub rate: u32,
}

/// Audio format of `--format audio`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AudioFormat {
    /// Ogg Opus (`.opus`, needs opus-tools).
    Opus,
    /// MP3 (`.mp3`, needs lame).
    Mp3,
}

impl From<AudioFormat> for Format {
    fn from(format: AudioFormat) -> Format {
        match format {
            AudioFormat::Opus => Format::Opus,
            AudioFormat::Mp3 => Format::Mp3,
        }
    }
}

impl ListenArgs {
    /// The narrator these arguments ask for, its settings validated and its programs
    /// checked (the error names the Debian package to install).
    pub fn narrator(&self) -> anyhow::Result<Narrator> {
        let narrator = Narrator::new(self.settings())?;
        narrator.check()?;
        Ok(narrator)
    }

    /// The audio settings these arguments ask for.
    pub fn settings(&self) -> Settings {
        Settings {
            voice: self.voice.clone(),
            rate: self.rate,
            format: self.audio_format.into(),
            ..Settings::default()
        }
    }
}

/// The registry: built-in, then the user's `outlets.toml` in the config directory (if
/// there is one), then `--outlets` files; validated before any work.
pub fn registry(files: &[PathBuf]) -> anyhow::Result<Registry> {
    let mut registry = Registry::builtin().context("built-in outlet registry")?;
    if let Some(user) = Registry::user_file().filter(|path| path.is_file()) {
        registry.add_file(&user)?;
    }
    for file in files {
        registry.add_file(file)?;
    }
    Ok(registry)
}

/// Whether `parallax brief` briefs stories of the store rather than input files.
fn briefs_stored_stories(args: &BriefArgs) -> bool {
    args.db.is_some()
        || matches!(args.inputs.as_slice(), [one] if !one.exists()
            && one.to_str().is_some_and(looks_like_story_id))
}

/// `s-` followed by hex digits, as made by `parallax_stories::story_id`.
fn looks_like_story_id(s: &str) -> bool {
    s.strip_prefix("s-")
        .is_some_and(|hex| !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Briefings of stored stories: the cached one while the story is unchanged (and no
/// `--outlets` changes the ratings), else a fresh one, which is cached. Blindspots are
/// measured against the stored coverage within [`BASE_RATE_DAYS`] days of the story.
fn stored_briefings(args: &BriefArgs, briefer: &Briefer) -> anyhow::Result<Vec<Briefing>> {
    let mut store = db::open_existing(args.db.as_deref())?;
    let mut briefings = Vec::new();
    for input in &args.inputs {
        let asked = input.to_string_lossy();
        let Some(story) = store.resolve_story(&asked)? else {
            bail!("no story {asked} in {}", store.location());
        };
        if args.outlets.is_empty() {
            if let Some(json) = store.cached_briefing(&story)? {
                if let Ok(briefing) = serde_json::from_str::<Briefing>(&json) {
                    briefings.push(briefing);
                    continue;
                }
            }
        }
        let articles = store.story_articles(&story)?;
        let members: Vec<&Article> = articles.iter().collect();
        let mut briefing = match &briefer.embedder {
            // Sentences embedded by an earlier briefing are read back, and the ones
            // embedded now are kept for the next.
            Some(model) => {
                let vectors = Arc::new(story_vectors(&store, &members, &briefer.facts, model)?);
                let with_vectors = briefer.clone().with_embedder(vectors.clone());
                let briefing = brief_story(&with_vectors, &story, &members);
                vectors.save_fresh(&mut store)?;
                briefing
            }
            None => brief_story(briefer, &story, &members),
        };
        // Blindspots against the stored coverage of the same period.
        let period = store.coverage_around(&story, BASE_RATE_DAYS)?;
        let base = period_base_rate(briefer, &briefing, &period.others, &period.describe());
        apply_base_rate(briefer, &mut briefing, &base);
        if args.outlets.is_empty() {
            let body: Vec<&str> = std::iter::once(briefing.lede.as_str())
                .chain(briefing.facts.iter().map(|f| f.text.as_str()))
                .collect();
            store.save_briefing(
                &story,
                &briefing.headline,
                &body.join("\n"),
                &serde_json::to_string(&briefing)?,
            )?;
        }
        briefings.push(briefing);
    }
    Ok(briefings)
}

/// Run `parallax brief`.
pub fn run(args: &BriefArgs) -> anyhow::Result<Outcome> {
    // Audio settings and programs are checked before any briefing work.
    let narrator = match args.format {
        BriefFormat::Audio => {
            if args.listen.out.is_none() {
                bail!("--format audio needs --out DIR");
            }
            Some(args.listen.narrator()?)
        }
        _ => None,
    };
    let briefer = args
        .model
        .briefer(Briefer::with_registry(registry(&args.outlets)?))?;
    let (briefings, some_failed) = if briefs_stored_stories(args) {
        (stored_briefings(args, &briefer)?, false)
    } else {
        let (articles, some_failed) = read_articles(&args.inputs, !args.no_clean)?;
        (brief_all(&briefer, &articles), some_failed)
    };
    let mut stdout = std::io::stdout().lock();
    match args.format {
        BriefFormat::Md => {
            for (i, briefing) in briefings.iter().enumerate() {
                if i > 0 {
                    writeln!(stdout, "\n---\n")?;
                }
                write!(stdout, "{}", render_markdown(briefing))?;
            }
        }
        BriefFormat::Json => writeln!(stdout, "{}", serde_json::to_string_pretty(&briefings)?)?,
        BriefFormat::Jsonl => {
            for briefing in &briefings {
                writeln!(stdout, "{}", serde_json::to_string(briefing)?)?;
            }
        }
        BriefFormat::Html => write!(stdout, "{}", render_html(&briefings)?)?,
        BriefFormat::Speech => {
            for (i, briefing) in briefings.iter().enumerate() {
                if i > 0 {
                    writeln!(stdout)?;
                }
                let script = script(briefing);
                if args.listen.ssml {
                    write!(stdout, "{}", script.ssml())?;
                } else {
                    write!(stdout, "{}", script.text())?;
                }
            }
        }
        BriefFormat::Audio => {
            if let (Some(narrator), Some(dir)) = (&narrator, &args.listen.out) {
                write_audio(narrator, dir, &briefings, &mut stdout)?;
            }
        }
    }
    Ok(outcome(briefings.len(), some_failed))
}

/// One audio file per briefing in `dir`, named after its story; a line per file on
/// stdout: path, duration in seconds, size in bytes, words.
fn write_audio(
    narrator: &Narrator,
    dir: &std::path::Path,
    briefings: &[Briefing],
    out: &mut impl Write,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let extension = narrator.settings().format.extension();
    for briefing in briefings {
        let name: String = briefing
            .story
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let path = dir.join(format!("{name}.{extension}"));
        let audio = narrator
            .render(&script(briefing), &path)
            .with_context(|| format!("{}: speaking story {}", path.display(), briefing.story))?;
        writeln!(
            out,
            "{}\t{:.1} s\t{} bytes\t{} words",
            path.display(),
            audio.seconds,
            audio.bytes,
            audio.words
        )?;
    }
    Ok(())
}
