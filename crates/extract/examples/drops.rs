//! Print the elements the boilerplate rules drop on a page (a tool for rule work).
//!
//! `cargo run -p parallax-extract --example drops -- PAGE.html[.gz] [TEXT]`: with TEXT,
//! the ancestors of the text node that contains it.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: drops PAGE.html[.gz]");
        std::process::exit(3);
    };
    let raw = match std::fs::read(&path) {
        Ok(raw) => raw,
        Err(err) => {
            eprintln!("{path}: {err}");
            std::process::exit(2);
        }
    };
    let bytes = if parallax_extract::is_gzip(&raw) {
        parallax_extract::gunzip(&raw, parallax_extract::DEFAULT_MAX_BYTES).unwrap_or_default()
    } else {
        raw
    };
    let (html, _) = parallax_extract::decode(&bytes, None);
    let lines = match std::env::args().nth(2) {
        Some(needle) => parallax_extract::debug_text(&html, &needle),
        None => parallax_extract::debug_drops(&html),
    };
    for line in lines {
        println!("{line}");
    }
}
