//! Dedup and story assignment over a stream, in memory: what the store does for each
//! new article, without the database. A reprint (MinHash containment against a window
//! of recent articles) joins its original's story; any other article goes through the
//! [`StoryEngine`]. Memory is bounded by the two windows, not by the stream's length.

use std::collections::VecDeque;

use parallax_model::Article;

use crate::engine::{EngineOptions, Merge, StoryEngine};
use crate::features::{Features, FnvMap};
use crate::minhash::{NearDuplicates, Signature};

/// Where one streamed article went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// Its story.
    pub story: String,
    /// The earlier article it reprints, if any.
    pub reprint_of: Option<String>,
}

/// Streaming dedup + story assignment. See the module documentation.
#[derive(Debug, Clone)]
pub struct StreamClusterer {
    engine: StoryEngine,
    duplicates: NearDuplicates,
    story_of: FnvMap<String, String>,
    /// Merged-away story to the story that absorbed it; folded into `story_of` when it
    /// grows, so a merge costs nothing per stored article.
    renamed: FnvMap<String, String>,
    order: VecDeque<String>,
    window: usize,
}

impl StreamClusterer {
    /// A clusterer whose reprint window holds `window` recent articles.
    pub fn new(options: EngineOptions, window: usize) -> StreamClusterer {
        StreamClusterer {
            engine: StoryEngine::new(options),
            duplicates: NearDuplicates::new(window, 0.6),
            story_of: FnvMap::default(),
            renamed: FnvMap::default(),
            order: VecDeque::new(),
            window: window.max(1),
        }
    }

    /// The story engine (open stories, options).
    pub fn engine(&self) -> &StoryEngine {
        &self.engine
    }

    /// Place one article.
    pub fn push(&mut self, article: &Article) -> Placed {
        self.push_embedded(article, Vec::new())
    }

    /// Place one article with the embedding of its title and lead
    /// ([`Features::embedding_text`]; empty for none).
    pub fn push_embedded(&mut self, article: &Article, embedding: Vec<f32>) -> Placed {
        let signature = Signature::of_text(&article.text, 5);
        let features = Features::of(article).with_embedding(embedding);
        let original = self
            .duplicates
            .find(&signature)
            .and_then(|(id, _)| Some((id.to_string(), self.current(self.story_of.get(id)?))));
        let placed = match original {
            Some((original, story)) => {
                self.engine.place(&story, &features, true);
                Placed {
                    story,
                    reprint_of: Some(original),
                }
            }
            None => Placed {
                story: self.engine.add(&article.id, &features, true).story,
                reprint_of: None,
            },
        };
        let merges = self.engine.take_merges();
        self.record(&merges);
        self.duplicates.insert(&article.id, signature);
        self.story_of
            .insert(article.id.clone(), placed.story.clone());
        self.order.push_back(article.id.clone());
        while self.order.len() > self.window {
            if let Some(old) = self.order.pop_front() {
                self.story_of.remove(&old);
            }
        }
        placed
    }

    /// Run the merge pass now; returns the merges since the last call.
    pub fn maintain(&mut self) -> Vec<Merge> {
        let merges = self.engine.maintain();
        self.record(&merges);
        merges
    }

    /// The story of an article still in the window (after merges), if it is.
    pub fn current_story(&self, article_id: &str) -> Option<String> {
        self.story_of.get(article_id).map(|s| self.current(s))
    }

    /// The current id of a story that may have been merged away.
    fn current(&self, story: &str) -> String {
        let mut current = story;
        for _ in 0..=self.renamed.len() {
            match self.renamed.get(current) {
                Some(next) => current = next,
                None => break,
            }
        }
        current.to_string()
    }

    fn record(&mut self, merges: &[Merge]) {
        for Merge { from, into } in merges {
            self.renamed.insert(from.clone(), into.clone());
        }
        if self.renamed.len() > self.window {
            let resolved: Vec<(String, String)> = self
                .story_of
                .iter()
                .map(|(id, story)| (id.clone(), self.current(story)))
                .collect();
            self.story_of = resolved.into_iter().collect();
            self.renamed.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            url: None,
            outlet: None,
            title: Some("Harbour berths closed".into()),
            published: Some("2026-10-14".into()),
            text: text.into(),
            lean: None,
        }
    }

    const WIRE: &str = "The harbour authority closed berths four to nine on Monday after inspectors found cracks in the quay wall. Repairs are expected to take three weeks, a spokesperson said, and shipping will be diverted to the northern terminal in the meantime.";

    #[test]
    fn a_reprint_joins_its_original_and_the_window_is_bounded() {
        let mut stream = StreamClusterer::new(EngineOptions::default(), 3);
        let first = stream.push(&article("wire", WIRE));
        let copy = stream.push(&article(
            "copy",
            &format!("{WIRE}\n\nDistributed by an agency."),
        ));
        assert_eq!(copy.reprint_of.as_deref(), Some("wire"));
        assert_eq!(copy.story, first.story);
        for i in 0..10 {
            stream.push(&article(
                &format!("x{i}"),
                &format!("Unrelated{i} report{i} on topic{i}."),
            ));
        }
        assert!(stream.story_of.len() <= 3);
    }
}
