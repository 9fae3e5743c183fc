//! Story clustering over a batch: the streaming [`StoryEngine`] run over the articles in
//! input order, with term statistics learnt from the whole batch first (a batch knows
//! its vocabulary up front; a stream learns it as it goes), and a final merge pass.

use parallax_embed::Embedder;
use parallax_model::Article;

use crate::engine::{EngineOptions, StoryEngine};
use crate::features::{Features, FnvMap};
use crate::vectors::stable_hash;

/// Tuning of story clustering.
#[derive(Debug, Clone, Copy)]
pub struct ClusterOptions {
    /// Minimum score between an article and a story for the article to join it.
    pub join_threshold: f64,
    /// Minimum score between two stories to merge them.
    pub merge_threshold: f64,
    /// The rest of the engine's tuning (the two thresholds above override its own).
    pub engine: EngineOptions,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        let engine = EngineOptions::default();
        ClusterOptions {
            join_threshold: engine.join_threshold,
            merge_threshold: engine.merge_threshold,
            engine,
        }
    }
}

impl ClusterOptions {
    /// The engine options with this batch's thresholds.
    pub fn engine_options(&self) -> EngineOptions {
        EngineOptions {
            join_threshold: self.join_threshold,
            merge_threshold: self.merge_threshold,
            ..self.engine
        }
    }
}

/// The story id of every article, in input order.
///
/// A story id is `s-` followed by a stable hash of the id of the story's first article,
/// so ids do not change when later articles join.
pub fn cluster(articles: &[Article], options: &ClusterOptions) -> Vec<String> {
    cluster_with(articles, options, None)
}

/// [`cluster`] with a sentence embedder: each article's title and lead are embedded,
/// so articles that tell one event in different words join one story.
pub fn cluster_with(
    articles: &[Article],
    options: &ClusterOptions,
    embedder: Option<&dyn Embedder>,
) -> Vec<String> {
    let mut features: Vec<Features> = articles.iter().map(Features::of).collect();
    if let Some(embedder) = embedder {
        let texts: Vec<String> = articles.iter().map(Features::embedding_text).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let vectors = embedder.embed(&refs);
        if vectors.len() == features.len() {
            for (f, v) in features.iter_mut().zip(vectors) {
                f.embedding = v;
            }
        }
    }
    let mut engine = StoryEngine::new(options.engine_options());
    for f in &features {
        engine.observe(f);
    }
    let mut assigned: Vec<String> = articles
        .iter()
        .zip(&features)
        .map(|(article, f)| engine.add(&article.id, f, false).story)
        .collect();
    // Fold merges (automatic passes and the final one) into the assignments.
    let mut renamed: FnvMap<String, String> = FnvMap::default();
    for merge in engine.maintain() {
        renamed.insert(merge.from, merge.into);
    }
    for story in &mut assigned {
        let mut current = story.clone();
        let mut hops = 0;
        while let Some(next) = renamed.get(&current) {
            current = next.clone();
            hops += 1;
            if hops > renamed.len() {
                break;
            }
        }
        *story = current;
    }
    assigned
}

/// The story id for a story whose first article has id `first_article`.
pub fn story_id(first_article: &str) -> String {
    format!("s-{:012x}", stable_hash(first_article.as_bytes()) >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, title: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            url: None,
            outlet: None,
            title: Some(title.into()),
            published: None,
            text: text.into(),
            lean: None,
        }
    }

    #[test]
    fn same_event_articles_share_a_story_and_others_do_not() {
        let articles = [
            article("a", "Port Aldren plant fire forces evacuations", "A fire at the Kessel chemical plant in Port Aldren forced 1,200 residents to leave their homes on Sunday."),
            article("b", "Council votes on ferry fares", "The city council will vote on new ferry fares next week."),
            article("c", "Chemical fire in Port Aldren", "Firefighters fought a blaze at the Kessel chemical plant; residents near Port Aldren were evacuated."),
        ];
        let stories = cluster(&articles, &ClusterOptions::default());
        assert_eq!(stories[0], stories[2]);
        assert_ne!(stories[0], stories[1]);
        assert_eq!(stories[0], story_id("a"));
    }

    #[test]
    fn output_is_deterministic_and_empty_input_is_fine() {
        assert!(cluster(&[], &ClusterOptions::default()).is_empty());
        let articles = [article("x", "", ""), article("y", "", "")];
        let first = cluster(&articles, &ClusterOptions::default());
        assert_eq!(first, cluster(&articles, &ClusterOptions::default()));
        assert_ne!(first[0], first[1], "empty articles do not cluster together");
    }
}
