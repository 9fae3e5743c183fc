//! Fuzz the HTML extractor: any bytes, with or without a content type, must give an
//! article or an error — never a panic, never a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_extract::{Extractor, NewsExtractor, Page};

fuzz_target!(|data: &[u8]| {
    let extractor = NewsExtractor::default();
    // The first byte picks a declared charset, so charset handling is fuzzed too.
    let (content_type, bytes) = match data.split_first() {
        Some((0, rest)) => (Some("text/html; charset=utf-8"), rest),
        Some((1, rest)) => (Some("text/html; charset=windows-1252"), rest),
        Some((2, rest)) => (Some("text/html; charset=shift_jis"), rest),
        Some((3, rest)) => (Some("text/html; charset=bogus"), rest),
        _ => (None, data),
    };
    let page = Page {
        bytes,
        url: Some("https://fuzz.example/a/b"),
        content_type,
    };
    if let Ok(article) = extractor.extract(&page) {
        assert!(!article.text.contains("\n\n\n"));
    }
    let _ = parallax_extract::decode(bytes, content_type);
});
