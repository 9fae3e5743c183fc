//! Story grouping: which articles are copies of one another (syndicated wire copy), and
//! which articles report the same event (stories).
//!
//! Both stages are pure and deterministic: the same articles in the same order give the
//! same result, with stable hashing only.
//!
//! ```
//! use parallax_model::Article;
//! use parallax_stories::{cluster, ClusterOptions};
//!
//! let article = |id: &str, text: &str| Article {
//!     id: id.into(), url: None, outlet: None, title: None, published: None,
//!     text: text.into(), lean: None,
//! };
//! let articles = [
//!     article("a", "The Aldren central bank raised its main rate to 4.5 percent on Tuesday."),
//!     article("b", "Aldren's central bank lifted the main interest rate to 4.5 percent."),
//!     article("c", "A ferry ran aground near Port Tesk; all passengers were rescued."),
//! ];
//! let stories = cluster(&articles, &ClusterOptions::default());
//! assert_eq!(stories[0], stories[1]);
//! assert_ne!(stories[0], stories[2]);
//! ```

mod cluster;
mod engine;
mod features;
pub mod minhash;
mod stream;
mod syndication;
mod vectors;

pub use cluster::{cluster, story_id, ClusterOptions};
pub use engine::{Assignment, EngineOptions, Merge, StoryEngine};
pub use features::{day_number, Features};
pub use stream::{Placed, StreamClusterer};
pub use syndication::{find_reprints, Reprint, SyndicationOptions};
pub use vectors::stable_hash;
