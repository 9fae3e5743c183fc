//! A deterministic generator of a synthetic news stream for benchmarks: endless articles
//! about overlapping stories, with wire reprints, written from a made-up vocabulary (no
//! real text). Included by the benches and examples with `#[path]`.
//!
//! At any time about `active` stories run; each article belongs to one of them, names its
//! entities, repeats its topic words and figures, and mixes in common words drawn from a
//! skewed distribution. Days advance with the stream; a story runs for a few days.
//! A share of articles are reprints: an earlier article of the same story with an extra
//! closing line.

#![allow(dead_code)]

use parallax_model::Article;

/// Tuning of the generated stream.
#[derive(Debug, Clone, Copy)]
pub struct StreamOptions {
    /// Stories running at once.
    pub active: usize,
    /// Articles per day.
    pub per_day: usize,
    /// Words of body text per article.
    pub words: usize,
    /// One article in this many is a reprint.
    pub reprint_every: usize,
    /// Seed of the generator.
    pub seed: u64,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            active: 400,
            per_day: 2_000,
            words: 180,
            reprint_every: 20,
            seed: 7,
        }
    }
}

/// The generated article and the story it was written for.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The article.
    pub article: Article,
    /// Generator's story number (the truth).
    pub story: u64,
    /// For a reprint, the id of the article it copies.
    pub reprint_of: Option<String>,
}

struct RunningStory {
    number: u64,
    topic: Vec<usize>,
    entities: Vec<String>,
    figures: Vec<u64>,
    ends: u64,
    last_article: Option<(String, String, String)>,
}

/// The stream; an iterator of [`Generated`] articles.
pub struct Stream {
    options: StreamOptions,
    state: u64,
    count: u64,
    next_story: u64,
    running: Vec<RunningStory>,
    vocabulary: Vec<String>,
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ren", "ta", "vo", "sel", "dri", "pa", "nu", "ost", "ber", "quin", "za",
    "fel", "mor", "ti", "gan", "hu", "lex", "ra", "sto", "vin", "ek",
];

impl Stream {
    /// A new stream.
    pub fn new(options: StreamOptions) -> Stream {
        let mut stream = Stream {
            options,
            state: options.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1,
            count: 0,
            next_story: 0,
            running: Vec::new(),
            vocabulary: Vec::new(),
        };
        for i in 0..20_000 {
            stream.vocabulary.push(stream.word(i));
        }
        stream
    }

    fn word(&self, mut i: usize) -> String {
        let mut w = String::new();
        loop {
            w.push_str(SYLLABLES[i % SYLLABLES.len()]);
            i /= SYLLABLES.len();
            if i == 0 {
                break;
            }
        }
        w
    }

    fn random(&mut self) -> u64 {
        // xorshift64*: fast, deterministic.
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.random() % n.max(1) as u64) as usize
    }

    /// A common word: skewed towards the start of the vocabulary.
    fn common(&mut self) -> usize {
        let a = self.below(self.vocabulary.len());
        let b = self.below(self.vocabulary.len());
        a.min(b) / 2
    }

    fn day(&self) -> u64 {
        self.count / self.options.per_day as u64
    }

    fn new_story(&mut self) -> RunningStory {
        let number = self.next_story;
        self.next_story += 1;
        let topic = (0..8).map(|_| self.below(self.vocabulary.len())).collect();
        let entities = (0..4)
            .map(|_| {
                let first = self.below(self.vocabulary.len());
                let last = self.below(self.vocabulary.len());
                format!(
                    "{} {}",
                    capitalise(&self.vocabulary[first]),
                    capitalise(&self.vocabulary[last])
                )
            })
            .collect();
        let figures = (0..3).map(|_| 100 + self.random() % 100_000).collect();
        let ends = self.day() + 1 + self.random() % 4;
        RunningStory {
            number,
            topic,
            entities,
            figures,
            ends,
            last_article: None,
        }
    }

    /// Days since 1970 of 2026-01-01 plus the stream's day, as `YYYY-MM-DD`.
    fn date(&self) -> String {
        // Good enough for a benchmark: 12 months of 28 days per year.
        let day = self.day();
        format!(
            "{}-{:02}-{:02}",
            2026 + day / 336,
            1 + (day % 336) / 28,
            1 + day % 28
        )
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Iterator for Stream {
    type Item = Generated;

    fn next(&mut self) -> Option<Generated> {
        let day = self.day();
        self.running.retain(|s| s.ends >= day);
        while self.running.len() < self.options.active {
            let story = self.new_story();
            self.running.push(story);
        }
        let pick = self.below(self.running.len());
        let id = format!("g{}", self.count);
        let date = self.date();
        let reprint = self.count.is_multiple_of(self.options.reprint_every as u64)
            && self.running[pick].last_article.is_some();
        let (title, text, reprint_of) = if reprint {
            let (original, title, text) =
                self.running[pick].last_article.clone().unwrap_or_default();
            let closing = format!(
                "This report was distributed by a news agency, ref {}.",
                self.count
            );
            (title, format!("{text}\n\n{closing}"), Some(original))
        } else {
            let mut words: Vec<String> = Vec::with_capacity(self.options.words + 20);
            let story = &self.running[pick];
            let topic = story.topic.clone();
            let entities = story.entities.clone();
            let figures = story.figures.clone();
            let third = topic[self.below(topic.len())];
            let title = format!(
                "{} {} {} {}",
                entities[0],
                self.vocabulary[topic[0]],
                self.vocabulary[topic[1]],
                self.vocabulary[third]
            );
            for i in 0..self.options.words {
                let roll = self.below(100);
                let word = if roll < 25 {
                    let t = topic[self.below(topic.len())];
                    self.vocabulary[t].clone()
                } else if roll < 30 {
                    entities[self.below(entities.len())].clone()
                } else if roll < 32 {
                    figures[self.below(figures.len())].to_string()
                } else {
                    let w = self.common();
                    self.vocabulary[w].clone()
                };
                words.push(word);
                if i % 15 == 14 {
                    if let Some(last) = words.last_mut() {
                        last.push('.');
                    }
                }
            }
            (title, words.join(" "), None)
        };
        let story = &mut self.running[pick];
        if reprint_of.is_none() {
            story.last_article = Some((id.clone(), title.clone(), text.clone()));
        }
        let number = story.number;
        self.count += 1;
        Some(Generated {
            article: Article {
                id,
                url: Some(format!("https://bench.example/{}", self.count)),
                outlet: Some(format!("Outlet {}", self.count % 50)),
                title: Some(title),
                published: Some(date),
                text,
                lean: None,
            },
            story: number,
            reprint_of,
        })
    }
}
