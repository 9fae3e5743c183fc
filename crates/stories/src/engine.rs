//! The streaming story engine: each new article joins the best matching open story or
//! opens a new one.
//!
//! An article matches a story by TF-IDF cosine to the story centroid (title terms weigh
//! more), plus the overlap of named entities and of figures, discounted by the gap in
//! days between the article and the story. Only a window of open stories is kept: a story
//! closes when it has not grown for `max_gap_days` (by publication date) or when the
//! window is full (least recently grown first), so memory is bounded by the window, not
//! by the number of articles seen. Candidate stories are found through an inverted index
//! over each story's strongest terms, so an article is compared with a handful of stories,
//! not with all of them. A periodic merge pass joins fragments of one event that opened
//! as separate stories.
//!
//! The engine is deterministic: the same articles in the same order give the same
//! stories, and ids are `s-` plus a stable hash of the story's first article id.

use std::collections::BTreeSet;

use crate::cluster::story_id;
use crate::features::{Features, FnvMap};
use crate::syndication::containment;

/// Tuning of the story engine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EngineOptions {
    /// Minimum score for an article to join a story.
    pub join_threshold: f64,
    /// Minimum score between two open stories for the merge pass to join them.
    pub merge_threshold: f64,
    /// Weight of the named-entity overlap in the score.
    pub entity_weight: f64,
    /// Weight of the figure overlap in the score.
    pub number_weight: f64,
    /// Gap in days at which the score is halved.
    pub decay_days: f64,
    /// A story that has not grown for this many days (publication dates) closes.
    pub max_gap_days: i32,
    /// At most this many stories are open; the least recently grown closes first.
    pub max_open: usize,
    /// Run the merge pass after every this many articles (0: only when asked).
    pub maintain_every: usize,
    /// Forget document frequencies of terms seen once when the vocabulary grows past this.
    pub max_vocabulary: usize,
    /// Weight of the embeddings' agreement in the score: the cosine of the article's
    /// title-and-lead embedding with the story's, above `embedding_center`, times this.
    pub embedding_weight: f64,
    /// Embedding cosine that neither helps nor hurts: above it an article and a story
    /// score higher, below it lower.
    pub embedding_center: f64,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            join_threshold: 0.24,
            merge_threshold: 0.30,
            entity_weight: 0.25,
            number_weight: 0.10,
            decay_days: 4.0,
            max_gap_days: 21,
            max_open: 5_000,
            maintain_every: 1_000,
            max_vocabulary: 2_000_000,
            embedding_weight: 3.0,
            embedding_center: 0.4,
        }
    }
}

/// Where an article went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// Story id (`s-…`).
    pub story: String,
    /// True when the article opened this story.
    pub opened: bool,
}

/// Two stories joined by the merge pass: every member of `from` now belongs to `into`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    /// The story that no longer exists.
    pub from: String,
    /// The story that absorbed it (the one that opened first).
    pub into: String,
}

/// Terms of a story centroid kept (the strongest), so a story's size stays bounded.
const CENTROID_TERMS: usize = 400;
/// Strongest centroid terms of a story that the inverted index lists.
const INDEXED_TERMS: usize = 40;
/// Strongest terms of an article used to look up candidate stories.
const QUERY_TERMS: usize = 30;
/// Candidate stories scored per article (those sharing the most strong terms).
const MAX_CANDIDATES: usize = 32;
/// Candidate stories scored per grown story in the merge pass.
const MERGE_CANDIDATES: usize = 12;
/// Distinct entities and figures kept per story.
const STORY_SET_LIMIT: usize = 400;
/// Most recently grown open stories compared by embedding alone (a dot product each).
const EMBEDDING_CANDIDATE_WINDOW: usize = 512;

#[derive(Debug, Clone)]
struct Story {
    id: String,
    /// Arrival number of the first article: the older story absorbs in a merge.
    first_seq: u64,
    /// Arrival number of the latest article (window order).
    last_seq: u64,
    /// Sum of member unit vectors, sorted by term.
    centroid: Vec<(u64, f32)>,
    norm: f32,
    /// Entity hash and the number of members naming it, sorted by hash.
    entities: Vec<(u64, u32)>,
    numbers: Vec<u64>,
    first_day: Option<i32>,
    last_day: Option<i32>,
    size: u32,
    indexed: Vec<u64>,
    /// Sum of the members' embeddings (empty when none has one).
    embedding: Vec<f32>,
}

/// The streaming story engine. See the module documentation.
#[derive(Debug, Clone)]
pub struct StoryEngine {
    options: EngineOptions,
    document_frequency: FnvMap<u64, u32>,
    documents: u64,
    stories: Vec<Option<Story>>,
    free: Vec<u32>,
    by_id: FnvMap<String, u32>,
    index: FnvMap<u64, Vec<u32>>,
    recency: BTreeSet<(u64, u32)>,
    seq: u64,
    newest_day: Option<i32>,
    since_maintain: usize,
    pending_merges: Vec<Merge>,
    /// Stories grown since the last merge pass.
    dirty: BTreeSet<u32>,
}

impl StoryEngine {
    /// An engine with no open story.
    pub fn new(options: EngineOptions) -> StoryEngine {
        StoryEngine {
            options,
            document_frequency: FnvMap::default(),
            documents: 0,
            stories: Vec::new(),
            free: Vec::new(),
            by_id: FnvMap::default(),
            index: FnvMap::default(),
            recency: BTreeSet::new(),
            seq: 0,
            newest_day: None,
            since_maintain: 0,
            pending_merges: Vec::new(),
            dirty: BTreeSet::new(),
        }
    }

    /// The options in force.
    pub fn options(&self) -> &EngineOptions {
        &self.options
    }

    /// Change the options (e.g. no automatic merge pass while restoring from a store).
    pub fn options_mut(&mut self) -> &mut EngineOptions {
        &mut self.options
    }

    /// Number of open stories.
    pub fn open_stories(&self) -> usize {
        self.by_id.len()
    }

    /// Whether story `id` is open.
    pub fn is_open(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// Count an article's terms in the document frequencies without assigning it: used
    /// to learn term statistics from a whole batch before clustering it, or from stored
    /// articles after a restart.
    pub fn observe(&mut self, features: &Features) {
        self.documents += 1;
        for (term, _) in &features.terms {
            *self.document_frequency.entry(*term).or_default() += 1;
        }
        if self.document_frequency.len() > self.options.max_vocabulary {
            self.document_frequency.retain(|_, df| *df > 1);
        }
    }

    /// Assign a new article: it joins the best matching open story or opens one. With
    /// `observe_terms`, the article's terms are first counted in the document
    /// frequencies (streaming); without, the caller counted them already ([`observe`]).
    ///
    /// [`observe`]: StoryEngine::observe
    pub fn add(
        &mut self,
        article_id: &str,
        features: &Features,
        observe_terms: bool,
    ) -> Assignment {
        if observe_terms {
            self.observe(features);
        }
        let vector = self.vector(features);
        let best = self.best_story(&vector, features);
        let assignment = match best {
            Some((slot, _)) => {
                self.grow(slot, &vector, features);
                Assignment {
                    story: self.story(slot).map(|s| s.id.clone()).unwrap_or_default(),
                    opened: false,
                }
            }
            None => {
                let id = story_id(article_id);
                self.open(id.clone(), &vector, features);
                Assignment {
                    story: id,
                    opened: true,
                }
            }
        };
        self.after_article(features.day);
        assignment
    }

    /// Put an article into a known story (opening it under that id when it is not open):
    /// used to restore the engine from a store and to place a reprint with its original.
    pub fn place(&mut self, story: &str, features: &Features, observe_terms: bool) {
        if observe_terms {
            self.observe(features);
        }
        let vector = self.vector(features);
        match self.by_id.get(story).copied() {
            Some(slot) => self.grow(slot, &vector, features),
            None => self.open(story.to_string(), &vector, features),
        }
        self.after_article(features.day);
    }

    /// Run the merge pass and close expired stories now; returns the merges done since
    /// the last call (including those of automatic passes).
    pub fn maintain(&mut self) -> Vec<Merge> {
        self.merge_pass();
        self.expire();
        self.since_maintain = 0;
        std::mem::take(&mut self.pending_merges)
    }

    /// Merges done by automatic passes and not yet collected with [`take_merges`].
    ///
    /// [`take_merges`]: StoryEngine::take_merges
    pub fn take_merges(&mut self) -> Vec<Merge> {
        std::mem::take(&mut self.pending_merges)
    }

    fn after_article(&mut self, day: Option<i32>) {
        if let Some(day) = day {
            self.newest_day = Some(self.newest_day.map_or(day, |d| d.max(day)));
        }
        while self.by_id.len() > self.options.max_open {
            let Some(&(_, slot)) = self.recency.iter().next() else {
                break;
            };
            self.close(slot);
        }
        self.since_maintain += 1;
        if self.options.maintain_every > 0 && self.since_maintain >= self.options.maintain_every {
            self.merge_pass();
            self.expire();
            self.since_maintain = 0;
        }
    }

    fn idf(&self, term: u64) -> f32 {
        let df = self.document_frequency.get(&term).copied().unwrap_or(0) as f32;
        let n = self.documents as f32;
        ((1.0 + n) / (1.0 + df)).ln() + 1.0
    }

    /// The unit TF-IDF vector of an article, sorted by term.
    fn vector(&self, features: &Features) -> Vec<(u64, f32)> {
        let mut vector: Vec<(u64, f32)> = features
            .terms
            .iter()
            .map(|&(term, tf)| (term, tf * self.idf(term)))
            .collect();
        let norm = vector.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            vector.iter_mut().for_each(|x| x.1 /= norm);
        }
        vector
    }

    fn story(&self, slot: u32) -> Option<&Story> {
        self.stories.get(slot as usize).and_then(Option::as_ref)
    }

    /// Open stories that share strong terms with `vector`: the stories listed under the
    /// vector's strongest terms, skipping terms listed by too many stories to tell them
    /// apart, most shared terms first, at most `limit`.
    fn candidates(&self, vector: &[(u64, f32)], limit: usize) -> Vec<u32> {
        let mut strongest: Vec<&(u64, f32)> = vector.iter().collect();
        strongest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let crowded = (self.by_id.len() / 20).max(64);
        let mut hits: Vec<u32> = strongest
            .into_iter()
            .take(QUERY_TERMS)
            .filter_map(|(term, _)| self.index.get(term))
            .filter(|list| list.len() <= crowded)
            .flatten()
            .copied()
            .collect();
        hits.sort_unstable();
        let mut counted: Vec<(u32, u32)> = Vec::new();
        for slot in hits {
            match counted.last_mut() {
                Some((s, n)) if *s == slot => *n += 1,
                _ => counted.push((slot, 1)),
            }
        }
        if counted.len() > limit {
            counted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            counted.truncate(limit);
            counted.sort_unstable();
        }
        counted.into_iter().map(|(slot, _)| slot).collect()
    }

    fn best_story(&self, vector: &[(u64, f32)], features: &Features) -> Option<(u32, f64)> {
        let mut best: Option<(u32, f64, u64)> = None;
        let mut slots = self.candidates(vector, MAX_CANDIDATES);
        slots.extend(self.embedding_candidates(&features.embedding));
        slots.sort_unstable();
        slots.dedup();
        for slot in slots {
            let Some(story) = self.story(slot) else {
                continue;
            };
            let score = self.score(vector, features, story);
            if score < self.options.join_threshold {
                continue;
            }
            let better = match best {
                None => true,
                Some((_, s, seq)) => score > s || (score == s && story.first_seq < seq),
            };
            if better {
                best = Some((slot, score, story.first_seq));
            }
        }
        best.map(|(slot, score, _)| (slot, score))
    }

    fn score(&self, vector: &[(u64, f32)], features: &Features, story: &Story) -> f64 {
        let cosine = if story.norm > 0.0 {
            f64::from(sparse_dot(vector, &story.centroid) / story.norm)
        } else {
            0.0
        };
        let entities = self.entity_overlap(&features.entities, &story.entities);
        let numbers = containment(&features.numbers, &story.numbers);
        let raw = cosine
            + self.options.entity_weight * entities * (cosine.min(0.5) * 2.0)
            + self.options.number_weight * numbers
            + self.embedding_term(&features.embedding, &story.embedding);
        raw * self.decay(features.day, story.first_day, story.last_day)
    }

    /// What the embeddings add to a score (nothing when either side has none).
    fn embedding_term(&self, a: &[f32], b: &[f32]) -> f64 {
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        self.options.embedding_weight
            * (f64::from(parallax_embed::cosine(a, b)) - self.options.embedding_center)
    }

    /// The most recently grown open stories whose embedding is close enough to
    /// `embedding` that it alone could carry an article into them: stories told in
    /// other words than the article's share too few terms for the term index to find.
    fn embedding_candidates(&self, embedding: &[f32]) -> Vec<u32> {
        if embedding.is_empty() || self.options.embedding_weight <= 0.0 {
            return Vec::new();
        }
        let needed = self.options.embedding_center
            + self.options.join_threshold / self.options.embedding_weight;
        self.recency
            .iter()
            .rev()
            .take(EMBEDDING_CANDIDATE_WINDOW)
            .filter_map(|&(_, slot)| {
                let story = self.story(slot)?;
                let close = !story.embedding.is_empty()
                    && f64::from(parallax_embed::cosine(embedding, &story.embedding)) >= needed;
                close.then_some(slot)
            })
            .collect()
    }

    /// IDF-weighted share of the article's entities that the story names too.
    fn entity_overlap(&self, article: &[u64], story: &[(u64, u32)]) -> f64 {
        let (mut shared, mut total) = (0.0f64, 0.0f64);
        let mut j = 0;
        for &entity in article {
            let weight = f64::from(self.idf(entity));
            total += weight;
            while j < story.len() && story[j].0 < entity {
                j += 1;
            }
            if j < story.len() && story[j].0 == entity {
                shared += weight;
            }
        }
        if total > 0.0 {
            shared / total
        } else {
            0.0
        }
    }

    fn decay(&self, day: Option<i32>, first: Option<i32>, last: Option<i32>) -> f64 {
        let (Some(day), Some(first), Some(last)) = (day, first, last) else {
            return 1.0;
        };
        let gap = if day < first {
            first - day
        } else if day > last {
            day - last
        } else {
            0
        };
        let x = f64::from(gap) / self.options.decay_days;
        1.0 / (1.0 + x * x)
    }

    fn open(&mut self, id: String, vector: &[(u64, f32)], features: &Features) {
        let story = Story {
            id: id.clone(),
            first_seq: self.seq,
            last_seq: self.seq,
            centroid: Vec::new(),
            norm: 0.0,
            entities: Vec::new(),
            numbers: Vec::new(),
            first_day: None,
            last_day: None,
            size: 0,
            indexed: Vec::new(),
            embedding: Vec::new(),
        };
        let slot = match self.free.pop() {
            Some(slot) => {
                self.stories[slot as usize] = Some(story);
                slot
            }
            None => {
                self.stories.push(Some(story));
                (self.stories.len() - 1) as u32
            }
        };
        self.by_id.insert(id, slot);
        self.recency.insert((self.seq, slot));
        self.grow(slot, vector, features);
    }

    fn grow(&mut self, slot: u32, vector: &[(u64, f32)], features: &Features) {
        self.seq += 1;
        let seq = self.seq;
        let Some(story) = self.stories.get_mut(slot as usize).and_then(Option::as_mut) else {
            return;
        };
        self.recency.remove(&(story.last_seq, slot));
        story.last_seq = seq;
        self.recency.insert((seq, slot));
        story.centroid = add_sparse(&story.centroid, vector);
        if story.centroid.len() > CENTROID_TERMS {
            prune(&mut story.centroid, CENTROID_TERMS);
        }
        story.norm = story.centroid.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
        let mut entities = story.entities.clone();
        for &entity in &features.entities {
            match entities.binary_search_by_key(&entity, |e| e.0) {
                Ok(i) => entities[i].1 += 1,
                Err(i) => entities.insert(i, (entity, 1)),
            }
        }
        if entities.len() > STORY_SET_LIMIT {
            let mut by_count = entities.clone();
            by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            by_count.truncate(STORY_SET_LIMIT);
            by_count.sort_unstable_by_key(|e| e.0);
            entities = by_count;
        }
        story.entities = entities;
        if story.numbers.len() < STORY_SET_LIMIT {
            let mut numbers = story.numbers.clone();
            numbers.extend(&features.numbers);
            numbers.sort_unstable();
            numbers.dedup();
            numbers.truncate(STORY_SET_LIMIT);
            story.numbers = numbers;
        }
        if let Some(day) = features.day {
            story.first_day = Some(story.first_day.map_or(day, |d| d.min(day)));
            story.last_day = Some(story.last_day.map_or(day, |d| d.max(day)));
        }
        add_dense(&mut story.embedding, &features.embedding);
        story.size += 1;
        self.dirty.insert(slot);
        self.reindex(slot);
    }

    fn reindex(&mut self, slot: u32) {
        let Some(story) = self.stories.get_mut(slot as usize).and_then(Option::as_mut) else {
            return;
        };
        let mut strongest = story.centroid.clone();
        strongest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut wanted: Vec<u64> = strongest
            .into_iter()
            .take(INDEXED_TERMS)
            .map(|x| x.0)
            .collect();
        wanted.sort_unstable();
        let old = std::mem::replace(&mut story.indexed, wanted.clone());
        for term in &old {
            if wanted.binary_search(term).is_err() {
                remove_posting(&mut self.index, *term, slot);
            }
        }
        for term in wanted {
            if old.binary_search(&term).is_err() {
                self.index.entry(term).or_default().push(slot);
            }
        }
    }

    fn close(&mut self, slot: u32) -> Option<Story> {
        let story = self.stories.get_mut(slot as usize)?.take()?;
        for term in &story.indexed {
            remove_posting(&mut self.index, *term, slot);
        }
        self.recency.remove(&(story.last_seq, slot));
        self.by_id.remove(&story.id);
        self.dirty.remove(&slot);
        self.free.push(slot);
        Some(story)
    }

    fn expire(&mut self) {
        let Some(newest) = self.newest_day else {
            return;
        };
        let expired: Vec<u32> = self
            .stories
            .iter()
            .enumerate()
            .filter_map(|(slot, s)| {
                let s = s.as_ref()?;
                let last = s.last_day?;
                (newest - last > self.options.max_gap_days).then_some(slot as u32)
            })
            .collect();
        for slot in expired {
            self.close(slot);
        }
    }

    /// Merge open stories that became similar. Only stories that grew since the last
    /// pass are compared (with their candidates from the index), so a pass costs in
    /// proportion to the articles since the last one, not to the window. Pairs are merged
    /// best first, each story at most once per round; a merged story is compared again in
    /// the next round.
    fn merge_pass(&mut self) {
        for _round in 0..16 {
            let dirty: Vec<u32> = std::mem::take(&mut self.dirty).into_iter().collect();
            if dirty.is_empty() {
                return;
            }
            let mut pairs: Vec<(f64, u32, u32)> = Vec::new();
            for &slot in &dirty {
                let Some(story) = self.story(slot) else {
                    continue;
                };
                if story.norm <= 0.0 {
                    continue;
                }
                let unit: Vec<(u64, f32)> = story
                    .centroid
                    .iter()
                    .map(|&(t, w)| (t, w / story.norm))
                    .collect();
                for other in self.candidates(&unit, MERGE_CANDIDATES) {
                    if other == slot {
                        continue;
                    }
                    let Some(b) = self.story(other) else {
                        continue;
                    };
                    let cosine = f64::from(sparse_dot(&unit, &b.centroid) / b.norm);
                    let decay = match (story.first_day, story.last_day) {
                        (Some(first), Some(last)) => self
                            .decay(b.first_day, Some(first), Some(last))
                            .max(self.decay(b.last_day, Some(first), Some(last))),
                        _ => 1.0,
                    };
                    let score =
                        (cosine + self.embedding_term(&story.embedding, &b.embedding)) * decay;
                    if score >= self.options.merge_threshold {
                        pairs.push((score, slot.min(other), slot.max(other)));
                    }
                }
            }
            pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            let mut used: BTreeSet<u32> = BTreeSet::new();
            for (_, a, b) in pairs {
                if used.contains(&a) || used.contains(&b) {
                    continue;
                }
                if self.story(a).is_some() && self.story(b).is_some() {
                    self.merge_slots(a, b);
                    used.insert(a);
                    used.insert(b);
                }
            }
        }
    }

    fn merge_slots(&mut self, a: u32, b: u32) {
        let (Some(sa), Some(sb)) = (self.story(a), self.story(b)) else {
            return;
        };
        let (into, from) = if sa.first_seq <= sb.first_seq {
            (a, b)
        } else {
            (b, a)
        };
        let Some(absorbed) = self.close(from) else {
            return;
        };
        let Some(story) = self.stories.get_mut(into as usize).and_then(Option::as_mut) else {
            return;
        };
        story.centroid = add_sparse(&story.centroid, &absorbed.centroid);
        if story.centroid.len() > CENTROID_TERMS {
            prune(&mut story.centroid, CENTROID_TERMS);
        }
        story.norm = story.centroid.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
        for (entity, count) in absorbed.entities {
            match story.entities.binary_search_by_key(&entity, |e| e.0) {
                Ok(i) => story.entities[i].1 += count,
                Err(i) => story.entities.insert(i, (entity, count)),
            }
        }
        add_dense(&mut story.embedding, &absorbed.embedding);
        story.numbers.extend(absorbed.numbers);
        story.numbers.sort_unstable();
        story.numbers.dedup();
        story.first_day = min_opt(story.first_day, absorbed.first_day);
        story.last_day = max_opt(story.last_day, absorbed.last_day);
        story.size += absorbed.size;
        let last = absorbed.last_seq.max(story.last_seq);
        self.recency.remove(&(story.last_seq, into));
        story.last_seq = last;
        self.recency.insert((last, into));
        let merge = Merge {
            from: absorbed.id,
            into: story.id.clone(),
        };
        self.pending_merges.push(merge);
        self.dirty.insert(into);
        self.reindex(into);
    }
}

fn min_opt(a: Option<i32>, b: Option<i32>) -> Option<i32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_opt(a: Option<i32>, b: Option<i32>) -> Option<i32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn remove_posting(index: &mut FnvMap<u64, Vec<u32>>, term: u64, slot: u32) {
    if let Some(list) = index.get_mut(&term) {
        list.retain(|&s| s != slot);
        if list.is_empty() {
            index.remove(&term);
        }
    }
}

/// Add a dense vector into a running sum (an empty sum takes the vector as it is; an
/// empty or mismatched vector adds nothing).
fn add_dense(sum: &mut Vec<f32>, vector: &[f32]) {
    if sum.is_empty() {
        sum.extend_from_slice(vector);
    } else if sum.len() == vector.len() {
        sum.iter_mut().zip(vector).for_each(|(s, v)| *s += v);
    }
}

/// Keep the `keep` largest weights, sorted by term again.
fn prune(vector: &mut Vec<(u64, f32)>, keep: usize) {
    vector.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    vector.truncate(keep);
    vector.sort_unstable_by_key(|x| x.0);
}

/// Dot product of two term-sorted sparse vectors.
pub(crate) fn sparse_dot(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

fn add_sparse(a: &[(u64, f32)], b: &[(u64, f32)]) -> Vec<(u64, f32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j >= b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i >= a.len() || b[j].0 < a[i].0 {
            out.push(b[j]);
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1));
            i += 1;
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::Article;

    fn features(title: &str, day: &str, text: &str) -> Features {
        Features::of(&Article {
            id: title.into(),
            url: None,
            outlet: None,
            title: Some(title.into()),
            published: Some(day.into()),
            text: text.into(),
            lean: None,
        })
    }

    const FIRE: &str = "A fire at the Kessel chemical plant in Port Aldren forced 1,200 residents to leave their homes, Mayor Ines Calder said.";
    const FIRE2: &str = "Firefighters fought a blaze at the Kessel chemical plant near Port Aldren; 1,200 residents were evacuated, Mayor Ines Calder said.";
    const FERRY: &str =
        "Tesk Lines will raise ferry fares by 12% next year, the operator announced in Veld.";

    #[test]
    fn embeddings_join_an_event_told_in_other_words_and_keep_other_events_apart() {
        // Two tellings of one storm that share almost no words, and a ferry story; the
        // embeddings (unit vectors written by hand) say which two are one event.
        let storm_a = features(
            "Gale batters the coast",
            "2026-10-14",
            "Winds of hurricane force tore roofs off homes along the shore overnight.",
        );
        let storm_b = features(
            "Storm damage in seaside towns",
            "2026-10-14",
            "Residents of beach villages woke to wrecked houses after a violent tempest.",
        );
        let ferry = features("Ferry fares to rise", "2026-10-14", FERRY);
        let by_words = |list: [&Features; 3]| {
            let mut engine = StoryEngine::new(EngineOptions::default());
            list.map(|f| engine.add(&format!("{:p}", f), f, true).story)
        };
        let words_only = by_words([&storm_a, &storm_b, &ferry]);
        assert_ne!(words_only[0], words_only[1], "words alone do not see it");
        let storm = vec![0.8f32, 0.6, 0.0];
        let near_storm = vec![0.75f32, 0.66, 0.05];
        let other = vec![0.0f32, 0.1, 0.99];
        let embedded = by_words([
            &storm_a.clone().with_embedding(storm),
            &storm_b.clone().with_embedding(near_storm),
            &ferry.clone().with_embedding(other),
        ]);
        assert_eq!(embedded[0], embedded[1]);
        assert_ne!(embedded[0], embedded[2]);
    }

    #[test]
    fn same_event_joins_and_other_events_open_stories() {
        let mut engine = StoryEngine::new(EngineOptions::default());
        let a = engine.add(
            "a",
            &features("Chemical plant fire in Port Aldren", "2026-10-14", FIRE),
            true,
        );
        let b = engine.add(
            "b",
            &features("Ferry fares to rise", "2026-10-14", FERRY),
            true,
        );
        let c = engine.add(
            "c",
            &features(
                "Port Aldren chemical fire: residents evacuated",
                "2026-10-15",
                FIRE2,
            ),
            true,
        );
        assert!(a.opened && b.opened && !c.opened);
        assert_eq!(a.story, c.story);
        assert_eq!(a.story, story_id("a"));
        assert_ne!(a.story, b.story);
    }

    #[test]
    fn time_decay_keeps_a_repeat_event_months_later_apart() {
        let mut engine = StoryEngine::new(EngineOptions::default());
        let a = engine.add(
            "a",
            &features("Chemical plant fire in Port Aldren", "2026-01-10", FIRE),
            true,
        );
        let b = engine.add(
            "b",
            &features("Chemical plant fire in Port Aldren", "2026-06-10", FIRE2),
            true,
        );
        assert_ne!(a.story, b.story);
    }

    #[test]
    fn the_window_bounds_open_stories() {
        let options = EngineOptions {
            max_open: 10,
            ..EngineOptions::default()
        };
        let mut engine = StoryEngine::new(options);
        for i in 0..100 {
            let text = format!("Unique{i} event{i} happened in Town{i} with Person{i}.");
            engine.add(
                &format!("a{i}"),
                &features(&format!("Title{i}"), "2026-01-01", &text),
                true,
            );
            assert!(engine.open_stories() <= 10);
        }
        assert!(engine.index.values().map(Vec::len).sum::<usize>() <= 10 * INDEXED_TERMS);
    }

    #[test]
    fn stories_go_quiet_and_close_after_the_gap() {
        let mut engine = StoryEngine::new(EngineOptions::default());
        engine.add(
            "a",
            &features("Ferry fares to rise", "2026-01-01", FERRY),
            true,
        );
        engine.add(
            "b",
            &features("Chemical plant fire", "2026-03-01", FIRE),
            true,
        );
        engine.maintain();
        assert!(!engine.is_open(&story_id("a")));
        assert!(engine.is_open(&story_id("b")));
    }

    #[test]
    fn place_restores_a_story_under_its_id_and_later_articles_join_it() {
        let mut engine = StoryEngine::new(EngineOptions::default());
        engine.place(
            "s-restored",
            &features("Chemical plant fire in Port Aldren", "2026-10-14", FIRE),
            true,
        );
        let next = engine.add(
            "n",
            &features("Port Aldren chemical fire", "2026-10-15", FIRE2),
            true,
        );
        assert_eq!(next.story, "s-restored");
    }

    #[test]
    fn the_merge_pass_joins_fragments_into_the_older_story() {
        let options = EngineOptions {
            join_threshold: 2.0, // nothing joins: every article opens a fragment
            ..EngineOptions::default()
        };
        let mut engine = StoryEngine::new(options);
        engine.add(
            "a",
            &features("Chemical plant fire in Port Aldren", "2026-10-14", FIRE),
            true,
        );
        engine.add(
            "b",
            &features("Port Aldren chemical fire", "2026-10-14", FIRE2),
            true,
        );
        engine.add(
            "c",
            &features("Ferry fares to rise", "2026-10-14", FERRY),
            true,
        );
        let merges = engine.maintain();
        assert_eq!(
            merges,
            [Merge {
                from: story_id("b"),
                into: story_id("a")
            }]
        );
        assert_eq!(engine.open_stories(), 2);
    }
}
