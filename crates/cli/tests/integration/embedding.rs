//! The sentence-embedding model from the command line: `parallax pairs`, `parallax
//! model`, and a missing model named in the error.

use crate::harness::{command, parallax, run};
use std::io::Write;
use std::process::Stdio;

#[test]
fn pairs_judges_each_line_and_reports_bad_lines_by_number() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("pairs.jsonl");
    std::fs::write(
        &input,
        concat!(
            r#"{"id":"p1","a":"The Aldren council approved the harbour budget on Monday.","b":"On Monday the Aldren council passed the budget for the harbour."}"#,
            "\n",
            "not json\n",
            r#"{"id":2,"a":"The Aldren council approved the harbour budget on Monday.","b":"A ferry ran aground near Port Tesk; all passengers were rescued."}"#,
            "\n",
        ),
    )
    .expect("write pairs");
    let out = parallax(&["pairs", input.to_str().expect("utf-8 path")]);
    assert_eq!(
        out.code, 2,
        "a bad line is reported, the rest judged: {}",
        out.stderr
    );
    assert!(out.stderr.contains("pairs.jsonl:2:"), "{}", out.stderr);
    let lines: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "p1");
    assert_eq!(lines[0]["same"], true, "{}", out.stdout);
    assert_eq!(lines[1]["id"], 2);
    assert_eq!(lines[1]["same"], false, "{}", out.stdout);
    assert!(lines[0]["score"].as_f64() > lines[1]["score"].as_f64());
}

#[test]
fn pairs_reads_stdin() {
    let mut child = command()
        .args(["pairs", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(br#"{"id":"x","a":"Rain fell.","b":"It rained."}"#)
        .expect("write");
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains(r#""id":"x""#));
}

#[test]
fn a_missing_model_folder_is_an_error_naming_the_file_and_the_rebuild() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no-model");
    let out = run(command().args(["model", "info", "--model"]).arg(&missing));
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("config.json"), "{}", out.stderr);
    assert!(out.stderr.contains("rebuild"), "{}", out.stderr);
}

#[test]
fn the_installed_model_loads_from_its_folder_and_checks_its_sums() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("model");
    let install = run(command().args(["model", "install"]).arg(&folder));
    assert_eq!(install.code, 0, "{}", install.stderr);
    let info = run(command().args(["model", "info", "--model"]).arg(&folder));
    assert_eq!(info.code, 0, "{}", info.stderr);
    assert!(info.stdout.contains("dimension: 384"), "{}", info.stdout);
    // A corrupted weights file is refused by its checksum, never used.
    let weights = folder.join("model.safetensors");
    let mut bytes = std::fs::read(&weights).expect("read weights");
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&weights, bytes).expect("write weights");
    let corrupt = run(command().args(["model", "info", "--model"]).arg(&folder));
    assert_eq!(corrupt.code, 3);
    assert!(corrupt.stderr.contains("checksum"), "{}", corrupt.stderr);
}
