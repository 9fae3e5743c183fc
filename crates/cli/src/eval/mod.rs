//! `parallax eval`: quality evaluations over the data sets of `shared/data`.

pub mod alignment;
pub mod clustering;
pub mod contradictions;
pub mod events;
pub mod extraction;
pub mod headlines;
pub mod narratives;
pub mod pairs;
pub mod summaries;
pub mod tone;

use crate::outcome::Outcome;

/// Evaluations.
#[derive(Debug, clap::Subcommand)]
pub enum EvalCommand {
    /// Main-text extraction on `trafilatura-eval/` (snippet precision, recall, F1).
    Extraction(extraction::ExtractionEvalArgs),
    /// Neutral summaries on `neus-allsides/` (ROUGE-1/2/L F, verify pass rate).
    Summaries(summaries::SummariesEvalArgs),
    /// Story clustering on `stories/` (B-cubed precision, recall, F1).
    Clustering(clustering::ClusteringEvalArgs),
    /// Loaded-language detection on `babe/` (macro-F1, word-level F1, sentences/s).
    Tone(tone::ToneEvalArgs),
    /// Narratives on `basil/` or `pac-partisan-events/` (precision on annotated spans,
    /// recall over articles) against a first-sentence baseline.
    Narratives(narratives::NarrativesEvalArgs),
    /// Same claim in other words on `mrpc/` (accuracy and F1 of the pair judge,
    /// cross-validated).
    Pairs(pairs::PairsEvalArgs),
    /// Real multi-outlet events briefed one by one (`neus-allsides/`, `basil/`,
    /// `pac-partisan-events/`): one story per event, facts cited by several outlets,
    /// verification, and mixes of events kept apart.
    Events(events::EventsEvalArgs),
    /// Headlines and ledes of every event of the given data folders, each briefed alone:
    /// fails when any is a fragment, truncated, or opens with a pronoun or a label.
    Headlines(headlines::EventsEvalArgs),
    /// Timelines of every event of the given data folders, each briefed alone: fails when
    /// a story over several days has none, or a briefing has an uncited fact or does not
    /// verify (days in order included).
    Timelines(headlines::EventsEvalArgs),
    /// Contradictions against labelled sentence pairs of the real data sets (precision
    /// and recall of real disagreements, on the held-out half of the labels).
    Contradictions(contradictions::ContradictionsEvalArgs),
    /// Fact alignment against labelled sentence pairs of real events (precision of the
    /// sentences joined into one fact, recall of labelled same facts, on the held-out
    /// half of the labels).
    Alignment(alignment::AlignmentEvalArgs),
}

/// Run one evaluation.
pub fn run(cmd: EvalCommand) -> anyhow::Result<Outcome> {
    match cmd {
        EvalCommand::Extraction(args) => extraction::run(&args),
        EvalCommand::Clustering(args) => clustering::run(&args),
        EvalCommand::Summaries(args) => summaries::run(&args),
        EvalCommand::Tone(args) => tone::run(&args),
        EvalCommand::Narratives(args) => narratives::run(&args),
        EvalCommand::Pairs(args) => pairs::run(&args),
        EvalCommand::Events(args) => events::run(&args),
        EvalCommand::Headlines(args) => headlines::run_headlines(&args),
        EvalCommand::Timelines(args) => headlines::run_timelines(&args),
        EvalCommand::Contradictions(args) => contradictions::run(&args),
        EvalCommand::Alignment(args) => alignment::run(&args),
    }
}
