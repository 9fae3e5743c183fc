//! Listening to a briefing: its spoken script, and that script as audio.
//!
//! - [`script`] turns a [`parallax_model::Briefing`] into a [`Script`]: headline, lede,
//!   the facts with how many outlets report each (never citation numbers), the
//!   contradictions, how figures changed, and each narrative introduced by its side and
//!   outlet, with numbers, dates, currencies and abbreviations written for speech
//!   ([`for_speech`]). [`Script::text`] is plain text, [`Script::ssml`] SSML.
//! - [`Narrator`] speaks a script with eSpeak NG and encodes it to Ogg Opus
//!   (`opusenc`) or MP3 (`lame`): Debian packages `espeak-ng`, `opus-tools`, `lame`.
//!   A missing program is an [`AudioError::Missing`] naming the package to install.
//!
//! ```
//! use parallax_audio::{for_speech, Narrator, Settings};
//!
//! assert_eq!(
//!     for_speech("The rate stays at 4.5% after 2026-10-14[2]."),
//!     "The rate stays at four point five percent after October fourteenth, twenty twenty-six."
//! );
//! let narrator = Narrator::new(Settings { rate: 160, ..Settings::default() }).unwrap();
//! // With espeak-ng and opus-tools installed, `narrator.check()` is Ok and
//! // `narrator.render(&parallax_audio::script(&briefing), path)` writes the file.
//! # let _ = narrator;
//! ```

mod narrator;
mod script;
mod spoken;

pub use narrator::{Audio, AudioError, Format, Narrator, Settings, RATES};
pub use script::{script, Script, MAX_ITEM_WORDS, MAX_SCRIPT_WORDS};
pub use spoken::for_speech;
