//! The sentence-embedding model the commands share: the built-in one, or the folder
//! `--model DIR` / `PARALLAX_MODEL` names. Loaded once per process.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use parallax_briefing::Briefer;
use parallax_embed::{Embedder, SentenceModel};
use parallax_store::Embedding;
use parallax_stories::ClusterOptions;

/// The `--model` option of every command that embeds sentences.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelArgs {
    /// Sentence-embedding model folder (default: the model built into the binary).
    #[arg(long = "model", env = "PARALLAX_MODEL", value_name = "DIR")]
    pub folder: Option<PathBuf>,
}

static LOADED: OnceLock<Arc<SentenceModel>> = OnceLock::new();

impl ModelArgs {
    /// The model, loaded on first use; a missing or corrupt model is an error that
    /// names the file and how to rebuild it (never a silent fallback to no model).
    pub fn load(&self) -> anyhow::Result<Arc<SentenceModel>> {
        if let Some(model) = LOADED.get() {
            return Ok(Arc::clone(model));
        }
        let model = match &self.folder {
            Some(folder) => SentenceModel::load(folder)?,
            None => SentenceModel::builtin()?,
        };
        Ok(Arc::clone(LOADED.get_or_init(|| Arc::new(model))))
    }
}

/// The embedding options of commands that group and align: `--model DIR`, or
/// `--words-only` to do without sentence embeddings.
#[derive(Debug, Clone, clap::Args)]
pub struct EmbeddingArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Group stories and align facts by their words alone, without the
    /// sentence-embedding model (faster; misses what outlets say in other words).
    #[arg(long, conflicts_with = "folder")]
    pub words_only: bool,
}

impl EmbeddingArgs {
    /// The model, unless `--words-only`.
    pub fn embedder(&self) -> anyhow::Result<Option<Arc<SentenceModel>>> {
        if self.words_only {
            Ok(None)
        } else {
            self.model.load().map(Some)
        }
    }

    /// `briefer` with the model, unless `--words-only`.
    pub fn briefer(&self, briefer: Briefer) -> anyhow::Result<Briefer> {
        Ok(match self.embedder()? {
            Some(model) => briefer.with_embedder(model),
            None => briefer,
        })
    }
}

/// What `parallax add` and `parallax watch` embed as they store articles.
pub fn store_embedding(model: Arc<SentenceModel>) -> Embedding {
    Embedding {
        model: model.fingerprint().unwrap_or_default().to_string(),
        embedder: model,
    }
}

/// Story-grouping knobs, for measuring how the embeddings' weight moves the results
/// (the defaults are the measured choice; see `EngineOptions`).
#[derive(Debug, Clone, clap::Args)]
pub struct GroupingArgs {
    /// Weight of the title-and-lead embeddings' agreement in the story score.
    #[arg(long, value_name = "W")]
    pub embedding_weight: Option<f64>,
    /// Embedding cosine that neither raises nor lowers the story score.
    #[arg(long, value_name = "COSINE")]
    pub embedding_center: Option<f64>,
    /// Minimum score for an article to join a story.
    #[arg(long, value_name = "SCORE")]
    pub join_threshold: Option<f64>,
}

impl GroupingArgs {
    /// `options` with the knobs given.
    pub fn apply(&self, mut options: ClusterOptions) -> ClusterOptions {
        if let Some(w) = self.embedding_weight {
            options.engine.embedding_weight = w;
        }
        if let Some(c) = self.embedding_center {
            options.engine.embedding_center = c;
        }
        if let Some(t) = self.join_threshold {
            options.join_threshold = t;
        }
        options
    }
}
