//! `parallax extract`: HTML pages to article JSON.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use parallax_extract::{Extracted, Extractor, NewsExtractor, Page, DEFAULT_MAX_BYTES};
use serde::Serialize;

use crate::outcome::Outcome;

/// Arguments of `parallax extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Pages: `.html` / `.html.gz` files, directories (searched recursively, in sorted
    /// order), or `-` for stdin.
    #[arg(required = true)]
    pub pages: Vec<PathBuf>,
    /// Output: a JSON array, one JSON object per line, or the text with a header line
    /// per page.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// The URL of the page (for a single page or stdin; used when the page declares
    /// no canonical URL, and to resolve relative ones).
    #[arg(long)]
    pub url: Option<String>,
}

/// Output formats of `parallax extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A JSON array of article objects.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// `==> file <==` then the text, per page.
    Text,
}

/// One output record.
#[derive(Debug, Serialize)]
struct Record<'a> {
    file: &'a str,
    url: Option<String>,
    title: Option<String>,
    author: Option<String>,
    published: Option<String>,
    site: Option<String>,
    lang: Option<String>,
    text: String,
}

/// Run `parallax extract`.
pub fn run(args: &ExtractArgs) -> anyhow::Result<Outcome> {
    let mut inputs = Vec::new();
    let mut failed = false;
    for p in &args.pages {
        if p.as_os_str() == "-" {
            inputs.push(p.clone());
        } else if p.is_dir() {
            if let Err(err) = collect_dir(p, &mut inputs) {
                eprintln!("{}: {err:#}", p.display());
                failed = true;
            }
        } else {
            inputs.push(p.clone());
        }
    }
    if inputs.is_empty() {
        if failed {
            return Ok(Outcome::SomeFailed);
        }
        eprintln!("parallax: no pages found");
        return Ok(Outcome::NothingToDo);
    }
    if args.url.is_some() && inputs.len() > 1 {
        anyhow::bail!(
            "--url applies to a single page, but {} were given",
            inputs.len()
        );
    }

    let extractor = NewsExtractor::default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut written = 0usize;
    if args.format == Format::Json {
        out.write_all(b"[")?;
    }
    for path in &inputs {
        let name = path.display().to_string();
        let result = read_input(path).and_then(|bytes| {
            let page = Page {
                bytes: &bytes,
                url: args.url.as_deref(),
                content_type: None,
            };
            extractor.extract(&page).map_err(anyhow::Error::from)
        });
        match result {
            Ok(article) => {
                write_record(&mut out, args.format, &name, article, written)?;
                written += 1;
            }
            Err(err) => {
                eprintln!("{name}: {err:#}");
                failed = true;
            }
        }
    }
    if args.format == Format::Json {
        out.write_all(if written == 0 { b"]\n" } else { b"\n]\n" })?;
    }
    out.flush()?;
    Ok(match (failed, written) {
        (false, _) => Outcome::Ok,
        (true, _) => Outcome::SomeFailed,
    })
}

fn write_record(
    out: &mut impl Write,
    format: Format,
    file: &str,
    a: Extracted,
    index: usize,
) -> anyhow::Result<()> {
    match format {
        Format::Text => {
            if index > 0 {
                out.write_all(b"\n")?;
            }
            writeln!(out, "==> {file} <==")?;
            writeln!(out, "{}", a.text)?;
        }
        Format::Json | Format::Jsonl => {
            let record = Record {
                file,
                url: a.url,
                title: a.title,
                author: a.author,
                published: a.published,
                site: a.site,
                lang: a.lang,
                text: a.text,
            };
            if format == Format::Json {
                out.write_all(if index == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer_pretty(&mut *out, &record)?;
            } else {
                serde_json::to_writer(&mut *out, &record)?;
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(())
}

/// Read a page (stdin for `-`), refusing more than the size cap.
fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    let limit = DEFAULT_MAX_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)?;
    } else {
        fs::File::open(path)
            .context("cannot open")?
            .take(limit)
            .read_to_end(&mut bytes)
            .context("cannot read")?;
    }
    Ok(bytes)
}

/// `.html`, `.htm`, `.xhtml` and their `.gz` forms below a directory, sorted.
fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut todo = vec![dir.to_path_buf()];
    let mut found = Vec::new();
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).with_context(|| format!("{}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                todo.push(path);
            } else if is_page(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    out.extend(found);
    Ok(())
}

fn is_page(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    [".html", ".htm", ".xhtml", ".shtml"]
        .iter()
        .any(|ext| name.ends_with(ext))
}
