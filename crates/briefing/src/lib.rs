//! Briefings: groups articles into stories and assembles, for each story, the headline,
//! lede, facts, contradictions, sources, narratives, coverage and omissions; renders them
//! as Markdown, JSON or a standalone HTML document.
//!
//! ```
//! use parallax_briefing::{brief_all, render_markdown, Briefer};
//! use parallax_model::Article;
//!
//! let article = |id: &str, outlet: &str, text: &str| Article {
//!     id: id.into(), url: None, outlet: Some(outlet.into()), title: Some("Rates held".into()),
//!     published: Some("2026-10-14".into()), text: text.into(), lean: None,
//! };
//! let articles = [
//!     article("a", "Reuters", "The central bank kept its main rate at 4.5 percent on Tuesday."),
//!     article("b", "Fox News", "On Tuesday the central bank kept its main rate at 4.5 percent."),
//! ];
//! let briefer = Briefer::new().unwrap();
//! let briefings = brief_all(&briefer, &articles);
//! assert_eq!(briefings.len(), 1);
//! assert_eq!(briefings[0].facts[0].sources, [1, 2]);
//! assert!(render_markdown(&briefings[0]).contains("## Facts"));
//! ```

mod assemble;
mod headline;
mod render;
mod timeline;
mod wellformed;

pub use assemble::{
    apply_base_rate, blindspot_note, brief_all, brief_story, period_base_rate, Briefer,
    BASE_RATE_DAYS,
};
pub use render::{day_label, render_html, render_json, render_markdown, update_line, RenderError};
pub use timeline::{publication_day, UNKNOWN_DAY};
pub use wellformed::{flaw, sentence_flaw, Flaw};
