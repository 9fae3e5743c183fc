//! Character sets: the HTTP header, the BOM and `<meta charset>` are honoured, and the
//! bytes are sniffed with `chardetng` when no charset is declared or the declared one
//! does not fit the bytes.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into the page a `<meta charset>` is looked for (the HTML standard says 1024
/// bytes; real pages put it later, after long comments or scripts).
const META_SCAN_BYTES: usize = 8 * 1024;

/// Decode a page to text, honouring (in order) a byte-order mark, the charset of the
/// HTTP `Content-Type` header, and a `<meta charset>` / `http-equiv` declaration in the
/// page, and sniffing the bytes when none is given or the given one does not fit.
///
/// Returns the text and the encoding used. Never fails: undecodable bytes become
/// U+FFFD.
///
/// ```
/// let (text, enc) = parallax_extract::decode(b"<p>caf\xe9</p>", None);
/// assert_eq!(text, "<p>caf\u{e9}</p>");
/// assert_eq!(enc.name(), "windows-1252");
/// ```
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> (String, &'static Encoding) {
    let encoding = detect(bytes, content_type);
    let (text, used, _) = encoding.decode(bytes);
    (text.into_owned(), used)
}

/// The encoding [`decode`] would use for these bytes.
pub fn detect(bytes: &[u8], content_type: Option<&str>) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    let declared = content_type
        .and_then(charset_param)
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(META_SCAN_BYTES)]));
    match declared {
        // A page declared UTF-8 that is valid UTF-8 is the common case: no sniffing.
        Some(enc) if enc == UTF_8 => {
            if mostly_utf8(bytes) {
                UTF_8
            } else {
                sniff(bytes)
            }
        }
        // A single-byte or legacy declaration on bytes that are valid, non-ASCII UTF-8
        // is a wrong declaration (a template copied from an old site): trust the bytes.
        Some(enc) => {
            if !bytes.is_ascii()
                && std::str::from_utf8(bytes).is_ok()
                && enc != encoding_rs::UTF_16LE
                && enc != encoding_rs::UTF_16BE
            {
                UTF_8
            } else if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                // A meta tag that can be read as ASCII is not UTF-16 (HTML standard).
                UTF_8
            } else if enc == encoding_rs::REPLACEMENT {
                WINDOWS_1252
            } else {
                enc
            }
        }
        None => sniff(bytes),
    }
}

/// Whether the bytes are UTF-8 apart from a few broken sequences (a truncated
/// character, one pasted Latin-1 byte): at most one invalid sequence per twenty valid
/// non-ASCII characters. Such a page declared UTF-8 is UTF-8, not Windows-1252.
fn mostly_utf8(bytes: &[u8]) -> bool {
    // The common case, valid throughout, needs no counting.
    if std::str::from_utf8(bytes).is_ok() {
        return true;
    }
    let mut rest = bytes;
    let (mut valid_non_ascii, mut invalid) = (0usize, 0usize);
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_non_ascii += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                valid_non_ascii += std::str::from_utf8(good)
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                invalid += 1;
                let skip = e.error_len().unwrap_or(bad.len()).max(1);
                rest = &bad[skip.min(bad.len())..];
            }
        }
    }
    invalid == 0 || invalid * 20 <= valid_non_ascii
}

/// Guess the encoding of undeclared bytes.
fn sniff(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// The `charset=` parameter of a `Content-Type` value.
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']))
    })
}

/// The charset declared by `<meta charset=..>` or `<meta http-equiv content="..;charset=..">`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(at) = find(tag, b"charset") {
            let rest = &tag[at + b"charset".len()..];
            let rest = trim_ascii_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_ascii_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|&b| {
                        b == b'"' || b == b'\'' || b == b';' || b == b'/' || b.is_ascii_whitespace()
                    })
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..len]) {
                    return Some(enc);
                }
            }
        }
        from = end.max(start + 1);
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[n..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr_find(haystack, needle)
}

fn memchr_find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_charset_wins_over_sniffing() {
        let (text, enc) = decode(b"<p>\xe4</p>", Some("text/html; charset=ISO-8859-1"));
        assert_eq!(enc.name(), "windows-1252");
        assert_eq!(text, "<p>\u{e4}</p>");
    }

    #[test]
    fn declared_utf8_with_one_broken_byte_stays_utf8() {
        let mut page = "<meta charset=\"utf-8\"><p>Za\u{17c}\u{f3}\u{142}\u{107} g\u{119}\u{15b}l\u{105} ja\u{17a}\u{144}, \
                        \u{142}\u{f3}d\u{17a} i \u{17c}\u{f3}\u{142}w na pla\u{17c}y w Gda\u{144}sku \u{2013} \u{ba}C. \
                        Pchn\u{105}\u{107} w t\u{119} \u{142}\u{f3}d\u{17a} je\u{17c}a lub o\u{15b}m skrzy\u{144} fig.</p>"
            .as_bytes()
            .to_vec();
        page.extend_from_slice(b"<p>caf\xe9</p>");
        let (text, enc) = decode(&page, None);
        assert_eq!(enc.name(), "UTF-8");
        assert!(
            text.contains("Za\u{17c}\u{f3}\u{142}\u{107} g\u{119}\u{15b}l\u{105}"),
            "{text}"
        );
        assert!(text.contains("caf\u{fffd}"), "{text}");
    }

    #[test]
    fn declared_utf8_that_is_mostly_latin1_is_sniffed() {
        let page = b"<meta charset=\"utf-8\"><p>Gr\xfc\xdfe aus K\xf6ln, sch\xf6ne Gr\xfc\xdfe</p>";
        let (text, enc) = decode(page, None);
        assert_ne!(enc.name(), "UTF-8");
        assert!(text.contains("Gr\u{fc}\u{df}e aus K\u{f6}ln"), "{text}");
    }

    #[test]
    fn meta_charset_is_read() {
        let page =
            b"<html><head><meta charset=\"shift_jis\"></head><body>\x93\xfa\x96\x7b</body></html>";
        let (text, enc) = decode(page, None);
        assert_eq!(enc.name(), "Shift_JIS");
        assert!(text.contains("\u{65e5}\u{672c}"));
    }

    #[test]
    fn http_equiv_charset_is_read() {
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>Gr\xfc\xdfe</p>";
        let (text, _) = decode(page, None);
        assert!(text.contains("Gr\u{fc}\u{df}e"));
    }

    #[test]
    fn wrong_meta_charset_on_utf8_bytes_is_overruled() {
        let page = "<meta charset=\"iso-8859-1\"><p>Gr\u{fc}\u{df}e aus K\u{f6}ln</p>";
        let (text, enc) = decode(page.as_bytes(), None);
        assert_eq!(enc, UTF_8);
        assert!(text.contains("Gr\u{fc}\u{df}e aus K\u{f6}ln"));
    }

    #[test]
    fn wrong_utf8_declaration_on_legacy_bytes_is_sniffed() {
        let page = b"<meta charset=\"utf-8\"><p>Die Stra\xdfe f\xfchrt \xfcber die Br\xfccke nach S\xfcden.</p>";
        let (text, enc) = decode(page, None);
        assert_eq!(enc, WINDOWS_1252);
        assert!(text.contains("Stra\u{df}e f\u{fc}hrt \u{fc}ber"));
    }

    #[test]
    fn undeclared_windows_1252_is_detected() {
        let page = b"<p>Le caf\xe9 \xe9tait ferm\xe9, et l\x92\xe9t\xe9 \xe9tait chaud \x96 tr\xe8s chaud.</p>";
        let (text, enc) = decode(page, None);
        assert_eq!(enc, WINDOWS_1252);
        assert!(text.contains("caf\u{e9} \u{e9}tait ferm\u{e9}, et l\u{2019}\u{e9}t\u{e9}"));
    }
}
