//! Fuzz the feed parser (charset transcoding, the DOCTYPE/ENTITY pre-scan, feed-rs,
//! entry HTML to text) and the OPML parser: any bytes give a feed or an error, never a
//! panic, never a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_fetch::url::Url;
use parallax_fetch::{parse_feed, parse_opml};

fuzz_target!(|data: &[u8]| {
    // The first byte picks a declared charset, so charset handling is fuzzed too.
    let (content_type, bytes) = match data.split_first() {
        Some((0, rest)) => (Some("application/rss+xml; charset=utf-8"), rest),
        Some((1, rest)) => (Some("text/xml; charset=iso-8859-1"), rest),
        Some((2, rest)) => (Some("text/xml; charset=utf-16"), rest),
        _ => (None, data),
    };
    let base = Url::parse("https://fuzz.example/feeds/rss.xml").ok();
    let _ = parse_feed(bytes, base.as_ref(), content_type);
    let _ = parse_opml(bytes);
});
