//! `parallax eval extraction DATA_DIR`: main-text and metadata extraction scored on a
//! `trafilatura-eval` folder with the snippet metric of `shared/data/README.md`.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
#[cfg(feature = "reference-engines")]
use parallax_extract::engines::{SmoothieExtractor, TrafilaturaExtractor};
use parallax_extract::score::{FieldScore, SnippetScore};
use parallax_extract::{Extracted, Extractor, NewsExtractor, Page, DEFAULT_MAX_BYTES};
use serde::Deserialize;

use crate::outcome::Outcome;

/// Arguments of `parallax eval extraction`.
#[derive(Debug, clap::Args)]
pub struct ExtractionEvalArgs {
    /// The `trafilatura-eval` folder (with `pages/` and `extraction.gold.jsonl`).
    pub data_dir: PathBuf,
    /// Which extractor to score: Parallax's news extractor, or a plain reference crate
    /// (those need a build with the `reference-engines` feature).
    #[arg(long, value_enum, default_value_t = Engine::News)]
    pub engine: Engine,
    /// Score the predictions in this JSON Lines file (`{"file","text","title","author","date"}`,
    /// e.g. from another tool) instead of running an extractor.
    #[arg(long, value_name = "JSONL")]
    pub predictions: Option<PathBuf>,
    /// Also write this run's predictions as JSON Lines (same shape as `--predictions`).
    #[arg(long, value_name = "JSONL")]
    pub dump: Option<PathBuf>,
    /// Exit with status 2 when F1 is below this value (a quality gate for CI).
    #[arg(long, value_name = "F1")]
    pub min_f1: Option<f64>,
    /// Exit with status 2 when snippet precision is below this value.
    #[arg(long, value_name = "P")]
    pub min_precision: Option<f64>,
    /// Exit with status 2 when snippet recall is below this value.
    #[arg(long, value_name = "R")]
    pub min_recall: Option<f64>,
    /// Print the result as one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The extractors that can be scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// Parallax's `NewsExtractor`.
    News,
    /// The `trafilatura` crate alone.
    Trafilatura,
    /// The `dom_smoothie` crate (readability.js) alone.
    Readability,
}

/// One line of `extraction.gold.jsonl`.
#[derive(Debug, Deserialize)]
struct Gold {
    file: String,
    url: Option<String>,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
}

/// One prediction (ours, dumped, or another tool's).
#[derive(Debug, Default, Deserialize, serde::Serialize)]
struct Prediction {
    file: String,
    #[serde(default)]
    text: String,
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Run the extraction evaluation.
pub fn run(args: &ExtractionEvalArgs) -> anyhow::Result<Outcome> {
    let gold = read_gold(&args.data_dir)?;
    if gold.is_empty() {
        return Ok(Outcome::NothingToDo);
    }
    let (predictions, seconds) = match &args.predictions {
        Some(path) => (read_predictions(path, &gold)?, None),
        None => {
            let (p, s) = run_extractor(args.engine, &args.data_dir, &gold)?;
            (p, Some(s))
        }
    };
    if let Some(path) = &args.dump {
        write_predictions(path, &predictions)?;
    }

    let mut snippets = SnippetScore::default();
    let (mut title, mut author, mut date) = Default::default();
    let mut failed = 0;
    for (g, p) in gold.iter().zip(&predictions) {
        snippets.add(&p.text, &g.with, &g.without);
        FieldScore::add(&mut title, p.title.as_deref(), g.title.as_deref());
        FieldScore::add(&mut author, p.author.as_deref(), g.author.as_deref());
        FieldScore::add(&mut date, p.date.as_deref(), g.date.as_deref());
        failed += usize::from(p.error.is_some());
    }
    let report = Report {
        pages: gold.len(),
        failed,
        snippets,
        title,
        author,
        date,
        seconds,
    };
    if args.json {
        println!("{}", report.json());
    } else {
        print!("{}", report.table());
    }
    let gates = [
        ("F1", snippets.f1(), args.min_f1),
        ("precision", snippets.precision(), args.min_precision),
        ("recall", snippets.recall(), args.min_recall),
    ];
    let mut below = false;
    for (name, value, gate) in gates {
        if let Some(min) = gate.filter(|&min| value < min) {
            eprintln!("parallax: extraction {name} {value:.4} is below the gate {min}");
            below = true;
        }
    }
    Ok(if below {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

fn read_gold(dir: &Path) -> anyhow::Result<Vec<Gold>> {
    let path = dir.join("extraction.gold.jsonl");
    let file = fs::File::open(&path).with_context(|| format!("{}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(&line).with_context(|| format!("{}:{}", path.display(), n + 1))?,
        );
    }
    Ok(out)
}

fn read_predictions(path: &Path, gold: &[Gold]) -> anyhow::Result<Vec<Prediction>> {
    let text = fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let mut by_file = std::collections::HashMap::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let p: Prediction =
            serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), n + 1))?;
        by_file.insert(p.file.clone(), p);
    }
    Ok(gold
        .iter()
        .map(|g| {
            by_file.remove(&g.file).unwrap_or_else(|| Prediction {
                file: g.file.clone(),
                error: Some("no prediction".into()),
                ..Default::default()
            })
        })
        .collect())
}

fn write_predictions(path: &Path, predictions: &[Prediction]) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(
        fs::File::create(path).with_context(|| format!("{}", path.display()))?,
    );
    for p in predictions {
        serde_json::to_writer(&mut out, p)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Read and inflate every page first, so the clock measures extraction only.
fn run_extractor(
    engine: Engine,
    dir: &Path,
    gold: &[Gold],
) -> anyhow::Result<(Vec<Prediction>, f64)> {
    let mut pages = Vec::with_capacity(gold.len());
    for g in gold {
        let path = dir.join(&g.file);
        let raw = fs::read(&path).with_context(|| format!("{}", path.display()))?;
        let bytes = if parallax_extract::is_gzip(&raw) {
            parallax_extract::gunzip(&raw, DEFAULT_MAX_BYTES)
                .with_context(|| format!("{}", path.display()))?
        } else {
            raw
        };
        pages.push(bytes);
    }
    let extractor: Box<dyn Extractor> = match engine {
        Engine::News => Box::new(NewsExtractor::default()),
        #[cfg(feature = "reference-engines")]
        Engine::Trafilatura => Box::new(TrafilaturaExtractor),
        #[cfg(feature = "reference-engines")]
        Engine::Readability => Box::new(SmoothieExtractor),
        #[cfg(not(feature = "reference-engines"))]
        Engine::Trafilatura | Engine::Readability => {
            anyhow::bail!("the reference engines need a build with `--features reference-engines`")
        }
    };
    let start = Instant::now();
    let results: Vec<_> = gold
        .iter()
        .zip(&pages)
        .map(|(g, bytes)| {
            extractor.extract(&Page {
                bytes,
                url: g.url.as_deref(),
                content_type: None,
            })
        })
        .collect();
    let seconds = start.elapsed().as_secs_f64();
    let predictions = gold
        .iter()
        .zip(results)
        .map(|(g, r)| match r {
            Ok(e) => prediction(&g.file, e),
            Err(err) => Prediction {
                file: g.file.clone(),
                error: Some(err.to_string()),
                ..Default::default()
            },
        })
        .collect();
    Ok((predictions, seconds))
}

fn prediction(file: &str, e: Extracted) -> Prediction {
    Prediction {
        file: file.to_owned(),
        date: e.published.map(|d| d.chars().take(10).collect()),
        text: e.text,
        title: e.title,
        author: e.author,
        error: None,
    }
}

struct Report {
    pages: usize,
    failed: usize,
    snippets: SnippetScore,
    title: FieldScore,
    author: FieldScore,
    date: FieldScore,
    seconds: Option<f64>,
}

impl Report {
    fn pages_per_second(&self) -> Option<f64> {
        self.seconds.map(|s| self.pages as f64 / s.max(1e-9))
    }

    fn table(&self) -> String {
        let s = &self.snippets;
        let mut out = format!(
            "pages        {} ({} without a result)\n\
             snippets     TP {}  FP {}  FN {}  TN {}\n\
             precision    {:.4}\nrecall       {:.4}\naccuracy     {:.4}\nF1           {:.4}\n\
             title        {:.4} ({}/{})\nauthor       {:.4} ({}/{})\ndate         {:.4} ({}/{})\n",
            self.pages,
            self.failed,
            s.tp,
            s.fp,
            s.fn_,
            s.tn,
            s.precision(),
            s.recall(),
            s.accuracy(),
            s.f1(),
            self.title.accuracy(),
            self.title.hits,
            self.title.total,
            self.author.accuracy(),
            self.author.hits,
            self.author.total,
            self.date.accuracy(),
            self.date.hits,
            self.date.total,
        );
        if let (Some(secs), Some(pps)) = (self.seconds, self.pages_per_second()) {
            out.push_str(&format!(
                "seconds      {secs:.3} (one thread)\npages/s      {pps:.1}\n"
            ));
        }
        out
    }

    fn json(&self) -> serde_json::Value {
        let s = &self.snippets;
        serde_json::json!({
            "pages": self.pages, "failed": self.failed,
            "tp": s.tp, "fp": s.fp, "fn": s.fn_, "tn": s.tn,
            "precision": s.precision(), "recall": s.recall(),
            "accuracy": s.accuracy(), "f1": s.f1(),
            "title": self.title.accuracy(), "author": self.author.accuracy(),
            "date": self.date.accuracy(),
            "seconds": self.seconds, "pages_per_second": self.pages_per_second(),
        })
    }
}
