//! `parallax brief`, `cluster`, `verify` and the other file commands over the bundled
//! sample corpus.

use std::path::Path;

use crate::harness::{command, parallax, repo_root};

use parallax_ingest::Reader;
use parallax_model::{slice_chars, Article, Briefing};

const CORPUS: &str = "examples/corpus";
const OUTLETS: &str = "examples/outlets.toml";

fn corpus_briefings() -> Vec<Briefing> {
    let run = parallax(&["brief", "--format", "json", "--outlets", OUTLETS, CORPUS]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("briefing JSON")
}

fn corpus_articles() -> Vec<Article> {
    let batch = Reader::new()
        .expect("built-in cleaning rules")
        .read_paths(&[repo_root().join(CORPUS)]);
    assert!(batch.errors.is_empty(), "{:?}", batch.errors);
    batch.articles
}

#[test]
fn the_corpus_gives_one_markdown_briefing_per_story_with_facts_and_narratives() {
    let run = parallax(&["brief", "--outlets", OUTLETS, CORPUS]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.matches("\n## Facts").count(),
        5,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("**Left narrative**")
            || run.stdout.contains("**Pro-establishment narrative**")
    );
    assert!(run.stdout.contains("as provided by"));
}

#[test]
fn every_fact_the_markdown_names_is_a_numbered_fact_of_its_briefing() {
    let run = parallax(&["brief", "--outlets", OUTLETS, CORPUS]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut named = 0;
    for briefing in run.stdout.split("\n---\n") {
        let facts = briefing
            .split("## Facts\n\n")
            .nth(1)
            .and_then(|rest| rest.split("\n\n").next())
            .unwrap_or("");
        let numbers: Vec<usize> = facts
            .lines()
            .filter_map(|line| line.split_once(". ")?.0.parse().ok())
            .collect();
        assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>(), "{facts}");
        for line in briefing
            .lines()
            .filter(|l| l.contains("did not report:") || l.contains("is not reported by"))
        {
            let lower = line.to_lowercase();
            for mention in lower.split("fact ").skip(1) {
                let digits: String = mention.chars().take_while(char::is_ascii_digit).collect();
                let n: usize = digits.parse().expect("a fact number");
                assert!(numbers.contains(&n), "{line}");
                named += 1;
            }
        }
    }
    assert!(named > 0, "{}", run.stdout);
}

#[test]
fn html_is_one_page_whose_anchors_all_resolve() {
    let run = parallax(&["brief", "--format", "html", "--outlets", OUTLETS, CORPUS]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = &run.stdout;
    assert!(page.starts_with("<!doctype html>"));
    assert_eq!(page.matches("<article ").count(), 5);
    let ids: std::collections::BTreeSet<&str> = page
        .split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let anchors: Vec<&str> = page
        .split("href=\"#")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(anchors.len() > 100, "{}", anchors.len());
    for anchor in anchors {
        assert!(ids.contains(anchor), "#{anchor} has no target");
    }
    assert!(page.contains("figure disputed"));
}

#[test]
fn html_escapes_what_articles_say_and_links_only_to_web_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = |id: &str, outlet: &str| {
        serde_json::json!({
            "id": id,
            "url": "javascript:alert(1)",
            "outlet": outlet,
            "title": "Council <script>alert(1)</script> approves harbour budget",
            "published": "2026-10-14",
            "text": "The Aldren council approved a $275 million harbour budget on Monday <img src=x onerror=alert(1)>. Mayor Ines Okafor said the vote \"ends years of delay\" for the port.",
            "lean": null
        })
    };
    let lines = [hostile("a", "Harbour Post"), hostile("b", "Bay Watch")]
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    let input = dir.path().join("hostile.jsonl");
    std::fs::write(&input, lines).unwrap();
    let run = parallax(&[
        "brief",
        "--format",
        "html",
        input.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("<script>"), "{}", run.stdout);
    assert!(!run.stdout.contains("<img"), "{}", run.stdout);
    assert!(run.stdout.contains("&lt;script&gt;"));
    assert!(!run.stdout.contains("javascript:"), "{}", run.stdout);
}

#[test]
fn briefing_json_validates_against_the_published_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("schema/briefing.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let run = parallax(&["brief", "--format", "json", "--outlets", OUTLETS, CORPUS]);
    let briefings: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(briefings.len(), 5);
    for briefing in &briefings {
        let errors: Vec<String> = validator
            .iter_errors(briefing)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
}

#[test]
fn every_citation_quote_is_the_verbatim_span_of_its_article() {
    let articles = corpus_articles();
    let mut checked = 0;
    for briefing in corpus_briefings() {
        for fact in &briefing.facts {
            assert!(
                fact.support.iter().any(|s| s.quote == fact.text),
                "fact text is one of its quotes"
            );
            for support in &fact.support {
                let article = articles
                    .iter()
                    .find(|a| a.id == support.article)
                    .expect("cited article");
                assert_eq!(
                    slice_chars(&article.text, support.start, support.end),
                    Some(support.quote.as_str())
                );
                let source = &briefing.sources[support.source as usize - 1];
                assert_eq!(
                    source.article, support.article,
                    "support cites the numbered source"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "only {checked} citations checked");
}

#[test]
fn facts_reported_by_several_outlets_cite_several_sources() {
    for briefing in corpus_briefings() {
        let outlets = briefing
            .sources
            .iter()
            .filter(|s| s.syndicated_from.is_none())
            .count();
        if outlets >= 2 {
            let multi = briefing
                .facts
                .iter()
                .filter(|f| f.independent_sources >= 2)
                .count();
            assert!(
                multi >= 3,
                "{}: only {multi} multi-source facts",
                briefing.headline
            );
        }
    }
}

#[test]
fn a_wire_reprint_is_linked_to_its_original_and_counted_once() {
    let briefings = corpus_briefings();
    let rate = briefings
        .iter()
        .find(|b| {
            b.sources
                .iter()
                .any(|s| s.outlet == "Meridian Wire Service")
        })
        .expect("the wire story");
    let wire = rate
        .sources
        .iter()
        .find(|s| s.outlet == "Meridian Wire Service")
        .unwrap();
    let reprints: Vec<_> = rate
        .sources
        .iter()
        .filter(|s| s.syndicated_from == Some(wire.n))
        .collect();
    assert_eq!(reprints.len(), 2, "{:?}", rate.sources);
    let c = &rate.coverage;
    assert_eq!(
        (c.left + c.center + c.right + c.unrated) as usize,
        rate.sources.len() - 2
    );
    for fact in &rate.facts {
        let groups: std::collections::BTreeSet<u32> = fact
            .sources
            .iter()
            .map(|n| rate.sources[*n as usize - 1].syndicated_from.unwrap_or(*n))
            .collect();
        assert_eq!(
            fact.independent_sources as usize,
            groups.len(),
            "{}",
            fact.text
        );
        assert_eq!(fact.single_source, groups.len() == 1);
    }
    assert!(rate
        .facts
        .iter()
        .any(|f| f.sources.len() > f.independent_sources as usize));
}

#[test]
fn stories_split_across_sides_get_a_narrative_for_each_side() {
    for briefing in corpus_briefings().iter().filter(|b| b.sources.len() >= 5) {
        assert_eq!(briefing.narratives.len(), 2, "{}", briefing.headline);
        let sides: Vec<&str> = briefing
            .narratives
            .iter()
            .map(|n| n.side.as_str())
            .collect();
        assert_ne!(sides[0], sides[1]);
        for narrative in &briefing.narratives {
            let source = &briefing.sources[narrative.sources[0] as usize - 1];
            assert_eq!(
                source.outlet, narrative.outlet,
                "narrative names the outlet that carries it"
            );
            assert!(!narrative.rating_source.is_empty());
            assert!(
                briefing
                    .facts
                    .iter()
                    .all(|f| !narrative.text.contains(&f.text)),
                "narratives never appear as facts"
            );
        }
    }
}

#[test]
fn the_single_outlet_story_has_only_single_source_facts() {
    let briefings = corpus_briefings();
    let single = briefings
        .iter()
        .find(|b| b.sources.len() == 1)
        .expect("single-outlet story");
    assert!(!single.facts.is_empty());
    assert!(single
        .facts
        .iter()
        .all(|f| f.single_source && f.independent_sources == 1));
    assert!(single.narratives.is_empty());
}

#[test]
fn the_conflicting_evacuation_figures_are_a_contradiction_not_a_fact() {
    let briefings = corpus_briefings();
    let fire = briefings
        .iter()
        .find(|b| b.headline.to_lowercase().contains("lowmere"))
        .expect("fire story");
    let people = fire
        .contradictions
        .iter()
        .find(|c| c.about.contains("evacuated"))
        .expect("evacuation contradiction");
    assert!(
        fire.contradictions
            .iter()
            .any(|c| c.about.contains("workers injured")),
        "{:?}",
        fire.contradictions
    );
    let texts: String = people.claims.iter().map(|c| c.text.as_str()).collect();
    assert!(
        texts.contains("1,200") && texts.contains("1,500"),
        "{texts}"
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    for format in ["md", "json"] {
        let first = parallax(&["brief", "--format", format, "--outlets", OUTLETS, CORPUS]);
        let second = parallax(&["brief", "--format", format, "--outlets", OUTLETS, CORPUS]);
        assert_eq!(first.stdout, second.stdout);
    }
    assert_eq!(
        parallax(&["cluster", CORPUS]).stdout,
        parallax(&["cluster", CORPUS]).stdout
    );
}

#[test]
fn bad_inputs_are_reported_by_file_and_line_and_the_rest_is_still_briefed() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("corpus");
    copy_dir(&repo_root().join(CORPUS), &copy);
    std::fs::write(
        copy.join("broken.jsonl"),
        "{\"id\":\"ok\",\"text\":\"Fine text here.\"}\n{oops\n",
    )
    .unwrap();
    std::fs::write(copy.join("binary.txt"), [0xff, 0xfe, 0x00, 0x80]).unwrap();
    let outlets = repo_root().join(OUTLETS);
    let run = parallax(&[
        "brief",
        "--outlets",
        outlets.to_str().unwrap(),
        copy.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("broken.jsonl:2: invalid JSON"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("binary.txt: not UTF-8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.matches("\n## Facts").count() >= 5,
        "the good inputs are still briefed"
    );
}

#[test]
fn exit_codes_for_nothing_to_do_and_bad_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let empty = parallax(&["brief", dir.path().to_str().unwrap()]);
    assert_eq!(empty.code, 1, "{}", empty.stderr);
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[outlet]]\nid = \"x\"\nname = \"X\"\nratings.left_right = { value = \"up\", source = \"s\", year = 2026 }\n").unwrap();
    let run = parallax(&["brief", "--outlets", bad.to_str().unwrap(), CORPUS]);
    assert_eq!(run.code, 3);
    assert!(
        run.stderr
            .contains("bad.toml:4: invalid outlet registry: outlet \"x\": left_right value \"up\""),
        "{}",
        run.stderr
    );
    // Each kind of bad entry: the file, the line and the entry, and nothing is briefed.
    let cases = [
        (
            "[[outlet]]\nid = \"x\"\nname = \"X\"\nratings.ownrship = { value = \"state\", source = \"s\", year = 2026 }\n",
            "bad.toml:4: invalid outlet registry: outlet \"x\": rating \"ownrship\" is not a known axis",
        ),
        (
            "[[outlet]]\nid = \"x\"\nname = \"X\"\nratings.ownership = { value = \"state-run\", source = \"s\", year = 2026 }\n",
            "bad.toml:4: invalid outlet registry: outlet \"x\": ownership value \"state-run\" is not one of",
        ),
        (
            "\n[[outlet]]\nid = \"x\"\nname = \"X\"\ndomains = [\"reuters.com\"]\n",
            "bad.toml:2: invalid outlet registry: outlet \"x\": domain \"reuters.com\" is already claimed by outlet \"reuters\" (data/outlets.toml:",
        ),
        (
            "[[outlet]]\nid = \"x\"\nname = \"X\"\nowned_by = \"y\"\n\n[[outlet]]\nid = \"y\"\nname = \"Y\"\nowned_by = \"x\"\n",
            "bad.toml:1: invalid outlet registry: outlet \"x\": ownership cycle: x -> y -> x",
        ),
    ];
    for (text, expected) in cases {
        std::fs::write(&bad, text).unwrap();
        let run = parallax(&["brief", "--outlets", bad.to_str().unwrap(), CORPUS]);
        assert_eq!(run.code, 3, "{}", run.stderr);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    assert_eq!(parallax(&["brief", "--format", "pdf", CORPUS]).code, 3);
    assert_eq!(parallax(&["frobnicate"]).code, 3);
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    // The JSON of the sample corpus (over 100 KB) overflows the pipe's buffer, so the
    // writer meets the closed pipe.
    let args = ["brief", "--format", "json", "--outlets", OUTLETS, CORPUS];
    let mut child = command()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn parallax");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("a first line");
    // Dropping the reader closes the pipe, as `parallax brief … | head -1` does.
    let output = child.wait_with_output().expect("exit");
    assert!(!first.is_empty());
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_command_has_help() {
    for command in ["brief", "cluster", "extract", "eval"] {
        let run = parallax(&[command, "--help"]);
        assert_eq!(run.code, 0, "{command}");
        assert!(run.stdout.contains("Usage"), "{command}: {}", run.stdout);
    }
}

#[test]
fn cluster_prints_one_line_per_article() {
    let run = parallax(&["cluster", "--format", "jsonl", CORPUS]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), corpus_articles().len());
    let stories: std::collections::BTreeSet<&str> =
        lines.iter().map(|l| l["story"].as_str().unwrap()).collect();
    assert_eq!(stories.len(), 5);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy");
    for entry in std::fs::read_dir(from).expect("list the corpus") {
        let entry = entry.expect("corpus entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy a corpus file");
        }
    }
}

#[test]
fn the_user_config_registry_overrides_the_built_in_one() {
    let config = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(config.path().join("parallax")).unwrap();
    std::fs::write(
        config.path().join("parallax/outlets.toml"),
        "[[outlet]]\nid = \"valley-courier\"\nname = \"Valley Courier (local edition)\"\naliases = [\"Valley Courier\"]\nratings.left_right = { value = \"lean-right\", source = \"My own reading\", year = 2026 }\n",
    )
    .unwrap();
    let output = command()
        .args([
            "brief",
            "--format",
            "json",
            "examples/corpus/brennick-ferry-returns",
        ])
        .env("XDG_CONFIG_HOME", config.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let briefings: Vec<Briefing> = serde_json::from_slice(&output.stdout).unwrap();
    let source = &briefings[0].sources[0];
    assert_eq!(source.outlet, "Valley Courier (local edition)");
    assert_eq!(source.lean.as_deref(), Some("lean-right"));
    assert_eq!(source.ratings["left_right"].source, "My own reading");
}

#[test]
fn eval_extraction_gates_precision_and_recall() {
    // One page whose text holds its `with` snippet and one of its two `without`
    // snippets: recall 1.0, precision 0.5.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("pages")).unwrap();
    std::fs::write(
        dir.path().join("pages/1.html"),
        "<html><body><article><p>The ferry to the island runs again from Monday, the \
         harbour office said, after three weeks of repairs to the landing stage.</p>\
         <p>Tickets bought for the cancelled crossings stay valid until the end of the \
         month.</p></article></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("extraction.gold.jsonl"),
        r#"{"file":"pages/1.html","url":null,"body":null,"with":["The ferry to the island runs again"],"without":["Tickets bought for the cancelled crossings","Subscribe to our letter"],"title":null,"author":null,"date":null}"#,
    )
    .unwrap();
    let data = dir.path().to_str().unwrap();
    let run = parallax(&["eval", "extraction", data, "--min-recall", "0.9"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = parallax(&["eval", "extraction", data, "--min-precision", "0.9"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("precision 0.5000"), "{}", run.stderr);
    let run = parallax(&[
        "eval",
        "extraction",
        data,
        "--min-precision",
        "0.4",
        "--min-recall",
        "0.9",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
