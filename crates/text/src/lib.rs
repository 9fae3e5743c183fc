//! Text analysis for news articles: sentences with code-point offsets, word tokens,
//! numbers and money amounts, quotes with their speakers, and loaded language.
//!
//! Every offset this crate returns counts Unicode code points, the unit used by the
//! article JSON data and by citations.

pub mod dates;
pub mod loaded;
pub mod numbers;
mod offsets;
pub mod quotes;
pub mod sentences;
pub mod words;
