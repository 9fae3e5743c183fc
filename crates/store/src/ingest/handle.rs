//! What a store handle keeps between batches, the same for both backends: the tuning of
//! story assignment, the embedding model, the in-memory pipeline (rebuilt from the
//! database on the first write) and whether an earlier write failed.

use std::path::Path;

use parallax_model::Article;
use parallax_stories::EngineOptions;

use super::{ingest_batch, restore, IngestBackend};
use crate::pipeline::Pipeline;
use crate::vectors::Embedding;
use crate::{Ingested, StoreError};

/// The ingest state of one store handle.
#[derive(Default)]
pub(crate) struct IngestState {
    options: EngineOptions,
    embedding: Option<Embedding>,
    pipeline: Option<Pipeline>,
    poisoned: bool,
}

impl IngestState {
    /// Embed every new article's title with this model.
    pub(crate) fn set_embedding(&mut self, embedding: Embedding) {
        self.embedding = Some(embedding);
        // The open-story window is rebuilt with the stored vectors on next ingest.
        self.pipeline = None;
    }

    /// Tuning of story assignment (before the first ingest).
    pub(crate) fn set_engine_options(&mut self, options: EngineOptions) {
        self.options = options;
        self.pipeline = None;
    }

    /// The database changed behind the pipeline (a whole store was copied in): it is
    /// rebuilt on the next ingest.
    pub(crate) fn forget_pipeline(&mut self) {
        self.pipeline = None;
    }

    /// [`StoreError::Poisoned`] once a write of this handle has failed.
    pub(crate) fn check(&self, path: &Path) -> Result<(), StoreError> {
        if self.poisoned {
            return Err(StoreError::Poisoned {
                path: path.to_path_buf(),
            });
        }
        Ok(())
    }

    /// Store one batch through `backend` (see [`crate::Store::ingest`]); `path` names the
    /// database in errors and `err` classifies the driver's errors.
    pub(crate) fn ingest<B: IngestBackend>(
        &mut self,
        backend: &mut B,
        articles: &[Article],
        path: &Path,
        err: impl Fn(B::Error) -> StoreError,
    ) -> Result<Vec<Ingested>, StoreError> {
        self.check(path)?;
        let mut pipeline = match self.pipeline.take() {
            Some(p) => p,
            None => restore(backend, self.options, self.embedding.as_ref()).map_err(&err)?,
        };
        match ingest_batch(backend, self.embedding.as_ref(), &mut pipeline, articles) {
            Ok(out) => {
                self.pipeline = Some(pipeline);
                Ok(out)
            }
            Err(e) => {
                // The transaction rolled back; the in-memory window may hold articles
                // that are not stored, so this handle writes no more.
                self.poisoned = true;
                Err(err(e))
            }
        }
    }
}
