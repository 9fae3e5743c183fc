//! `parallax pairs`: would two sentences become one fact? Reads JSON Lines
//! `{"id","a","b"}` and writes `{"id","same","score"}` per pair: `same` is the decision
//! fact alignment takes ([`fn@parallax_facts::same_fact`]: the pair judge finds
//! rewordings, and two sentences quoting the same words are one fact too), `score` the
//! judge's probability. A line may add `"positions": [i, j]`, the place of each sentence
//! in its article when both come from one story: the decision then reads that context
//! as alignment does (see [`parallax_facts::StoryContext`]); without it, the judge
//! decides alone.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

use anyhow::Context;
use parallax_facts::{
    same_fact, text_pair_evidence, FactOptions, PairEvidence, PairJudge, StoryContext,
};
use serde::{Deserialize, Serialize};

use crate::embedding::ModelArgs;
use crate::inputs::open_or_report;
use crate::outcome::Outcome;

/// Output format of `parallax pairs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PairsFormat {
    /// One `{"id","same","score"}` object per line.
    Jsonl,
}

/// Arguments of `parallax pairs`.
#[derive(Debug, clap::Args)]
pub struct PairsArgs {
    /// JSON Lines of `{"id","a","b"}` (a file, or `-` for stdin).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: PairsFormat,
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Deserialize)]
struct PairIn {
    id: serde_json::Value,
    a: String,
    b: String,
    /// Optional story context: the position of each sentence in its article, when both
    /// come from articles of one story (what alignment knows of its pairs).
    #[serde(default)]
    positions: Option<(usize, usize)>,
}

#[derive(Serialize)]
struct PairOut<'a> {
    id: &'a serde_json::Value,
    same: bool,
    score: f64,
}

/// Run `parallax pairs`.
pub fn run(args: &PairsArgs) -> anyhow::Result<Outcome> {
    let mut pairs: Vec<PairIn> = Vec::new();
    let mut some_failed = false;
    for input in &args.inputs {
        let name = input.display().to_string();
        let Some(reader) = open_or_report(input) else {
            some_failed = true;
            continue;
        };
        for (n, line) in BufReader::new(reader).lines().enumerate() {
            let line = line.with_context(|| format!("{name}:{}", n + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<PairIn>(&line) {
                Ok(pair) => pairs.push(pair),
                Err(e) => {
                    eprintln!("{name}:{}: not a {{\"id\",\"a\",\"b\"}} object: {e}", n + 1);
                    some_failed = true;
                }
            }
        }
    }
    if pairs.is_empty() {
        return Ok(if some_failed {
            Outcome::SomeFailed
        } else {
            Outcome::NothingToDo
        });
    }
    let model = args.model.load()?;
    let texts: Vec<(&str, &str)> = pairs.iter().map(|p| (p.a.as_str(), p.b.as_str())).collect();
    let judge = PairJudge::builtin();
    let min_similarity = FactOptions::default().min_similarity;
    let mut stdout = std::io::stdout().lock();
    for (pair, evidence) in pairs.iter().zip(text_pair_evidence(&texts, model.as_ref())) {
        let evidence = PairEvidence {
            context: pair.positions.map(|positions| StoryContext { positions }),
            ..evidence
        };
        let probability = evidence
            .features
            .as_ref()
            .map_or(0.0, |x| judge.probability(x));
        let line = PairOut {
            id: &pair.id,
            same: same_fact(&evidence, judge, min_similarity).is_some(),
            score: (probability * 1e4).round() / 1e4,
        };
        writeln!(stdout, "{}", serde_json::to_string(&line)?)?;
    }
    Ok(if some_failed {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}
