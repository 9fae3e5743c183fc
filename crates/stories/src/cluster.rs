//! Story clustering: each article, in input order, joins the story whose centroid it is
//! most similar to, or opens a new one; a merge pass then joins stories that ended up
//! describing the same event from different angles.

use parallax_model::Article;

use crate::vectors::{article_terms, dot, normalise, stable_hash, tfidf, Vector};

/// Tuning of story clustering.
#[derive(Debug, Clone, Copy)]
pub struct ClusterOptions {
    /// Minimum cosine similarity between an article and a story centroid to join it.
    pub join_threshold: f64,
    /// Minimum cosine similarity between two story centroids to merge them.
    pub merge_threshold: f64,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            join_threshold: 0.22,
            merge_threshold: 0.3,
        }
    }
}

struct Story {
    members: Vec<usize>,
    sum: Vector,
    centroid: Vector,
}

impl Story {
    fn add(&mut self, index: usize, vector: &Vector) {
        self.members.push(index);
        for (term, weight) in vector {
            *self.sum.entry(term.clone()).or_default() += weight;
        }
        self.centroid = normalise(self.sum.clone());
    }
}

/// The story id of every article, in input order.
///
/// A story id is `s-` followed by a stable hash of the id of the story's first article,
/// so ids do not change when later articles join.
pub fn cluster(articles: &[Article], options: &ClusterOptions) -> Vec<String> {
    let documents: Vec<Vec<String>> = articles.iter().map(article_terms).collect();
    let vectors = tfidf(&documents);
    let mut stories: Vec<Story> = Vec::new();
    for (index, vector) in vectors.iter().enumerate() {
        let best = stories
            .iter()
            .enumerate()
            .map(|(s, story)| (s, dot(&story.centroid, vector)))
            .filter(|(_, similarity)| *similarity >= options.join_threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((s, _)) => stories[s].add(index, vector),
            None => {
                let mut story = Story {
                    members: Vec::new(),
                    sum: Vector::new(),
                    centroid: Vector::new(),
                };
                story.add(index, vector);
                stories.push(story);
            }
        }
    }
    merge(&mut stories, options.merge_threshold, &vectors);
    let mut out = vec![String::new(); articles.len()];
    for story in &stories {
        let first = story.members.iter().copied().min().unwrap_or(0);
        let id = story_id(&articles[first].id);
        for &member in &story.members {
            out[member] = id.clone();
        }
    }
    out
}

/// Merge story pairs whose centroids are similar enough, most similar first, until none
/// is left.
fn merge(stories: &mut Vec<Story>, threshold: f64, vectors: &[Vector]) {
    loop {
        let mut best: Option<(usize, usize, f64)> = None;
        for i in 0..stories.len() {
            for j in i + 1..stories.len() {
                let similarity = dot(&stories[i].centroid, &stories[j].centroid);
                if similarity >= threshold && best.is_none_or(|(_, _, s)| similarity > s) {
                    best = Some((i, j, similarity));
                }
            }
        }
        let Some((i, j, _)) = best else { return };
        let absorbed = stories.remove(j);
        for member in absorbed.members {
            stories[i].add(member, &vectors[member]);
        }
        stories[i].members.sort_unstable();
    }
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
