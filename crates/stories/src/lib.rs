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
//!
//! Over a stream, the [`StoryEngine`] places one article at a time and keeps only a
//! window of open stories; [`StreamClusterer`] adds reprint detection (MinHash, see
//! [`minhash`]) in front of it:
//!
//! ```
//! use parallax_model::Article;
//! use parallax_stories::{EngineOptions, StreamClusterer};
//!
//! let article = |id: &str, text: &str| Article {
//!     id: id.into(), url: None, outlet: None, title: None,
//!     published: Some("2026-10-14".into()), text: text.into(), lean: None,
//! };
//! let wire = "The Aldren central bank raised its main rate to 4.5 percent on Tuesday, \
//!             citing stubborn inflation in services and rents.";
//! let mut stream = StreamClusterer::new(EngineOptions::default(), 10_000);
//! let first = stream.push(&article("wire", wire));
//! let copy = stream.push(&article("paper", &format!("{wire}\n\nMore on this later.")));
//! assert_eq!(copy.reprint_of.as_deref(), Some("wire"));
//! assert_eq!(copy.story, first.story);
//! ```

mod cluster;
mod engine;
mod features;
pub mod minhash;
mod stream;
mod syndication;
mod vectors;

pub use cluster::{cluster, cluster_with, story_id, ClusterOptions};
pub use engine::{Assignment, EngineOptions, Merge, StoryEngine};
pub use features::{day_number, Features};
pub use stream::{Placed, StreamClusterer};
pub use syndication::{find_reprints, Reprint, SyndicationOptions};
pub use vectors::stable_hash;
