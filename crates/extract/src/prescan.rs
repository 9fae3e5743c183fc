//! One linear pass over the markup before it is parsed: it measures the nesting depth
//! (pages nested tens of thousands of levels deep cost the HTML5 tree builder quadratic
//! time, so they are refused before parsing) and it empties the subtrees no later pass
//! reads, so that the parser never tokenises or builds them: the code of `<script>`
//! elements (JSON-LD and HTML templates are kept), `<style>` and `<noscript>` text,
//! HTML comments, and the inside of `<svg>` drawings. On today's news pages these are
//! most of the bytes.
//!
//! The pass follows the HTML5 tokenizer where it matters for finding where these end:
//! quoted attribute values, raw-text and RCDATA elements (`</script` ends a script,
//! with the script-data escape states of `<!--`; `<iframe>` is raw text too and emptied), comments, and the HTML start tags
//! that break out of an unclosed `<svg>`. Where the markup is too odd to be sure (an
//! unterminated comment or script, an `<svg>` never closed), the text is left as it
//! is and the parser decides.

/// Elements that never hold content, or that the parser closes implicitly when a
/// sibling starts: they do not add to the depth estimate.
const NOT_NESTING: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr", b"p", b"li", b"option", b"td", b"th", b"tr", b"dt", b"dd",
];

/// HTML start tags that close an open `<svg>` (the "breakout" tags of foreign content).
const SVG_BREAKOUT: &[&[u8]] = &[
    b"b",
    b"big",
    b"blockquote",
    b"body",
    b"br",
    b"center",
    b"code",
    b"dd",
    b"div",
    b"dl",
    b"dt",
    b"em",
    b"embed",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"hr",
    b"i",
    b"img",
    b"li",
    b"listing",
    b"menu",
    b"meta",
    b"nobr",
    b"ol",
    b"p",
    b"pre",
    b"ruby",
    b"s",
    b"small",
    b"span",
    b"strong",
    b"strike",
    b"sub",
    b"sup",
    b"table",
    b"tt",
    b"u",
    b"ul",
    b"var",
    b"font",
];

/// `type` values of scripts whose text a later pass reads (JSON-LD metadata, client-side
/// HTML templates).
const READ_SCRIPT_TYPES: &[&str] = &[
    "application/ld+json",
    "text/template",
    "text/x-template",
    "text/html",
];

/// The markup with the unread subtrees emptied, and its nesting depth estimate.
#[derive(Debug)]
pub struct Prescan {
    /// The markup to parse.
    pub html: String,
    /// An upper estimate of the element nesting depth: opening tags minus closing tags
    /// (outside raw text, comments and emptied subtrees), at its highest.
    pub max_depth: usize,
}

/// Scan `html`: see the module documentation.
pub fn prescan(html: &str) -> Prescan {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    // Bytes before `copied` are in `out` (or deliberately left out).
    let mut copied = 0;
    let mut depth: usize = 0;
    let mut max_depth = 0;
    let mut svg_ok = true;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + off;
        i = lt + 1;
        let Some(&c) = b.get(i) else { break };
        if c == b'!' {
            if b[i..].starts_with(b"!--") {
                match comment_end(b, lt + 4) {
                    Some(end) => {
                        out.push_str(&html[copied..lt]);
                        copied = end;
                        i = end;
                    }
                    // Unterminated: the rest of the page is one comment.
                    None => break,
                }
            } else {
                // `<!DOCTYPE>`, `<![CDATA[`, a bogus comment: ends at the next `>`.
                i = memchr::memchr(b'>', &b[i..]).map_or(b.len(), |o| i + o + 1);
            }
            continue;
        }
        if c == b'/' {
            depth = depth.saturating_sub(1);
            continue;
        }
        if !c.is_ascii_alphabetic() {
            continue;
        }
        let name_end = tag_name_end(b, i);
        let name = &b[i..name_end];
        let Some(tag_end) = tag_end(b, name_end) else {
            break;
        };
        i = tag_end;
        if tag_end - name_end > MAX_TAG_BYTES {
            // The tokenizer checks each new attribute against all earlier ones, so a
            // tag with a million attributes costs it quadratic time: the attributes
            // past the limit are cut (at a space outside quoted values).
            if let Some(cut) = last_space_before(b, name_end, name_end + MAX_TAG_BYTES) {
                out.push_str(&html[copied..cut]);
                out.push('>');
                copied = tag_end;
            }
        }
        let self_closing = b[tag_end - 2] == b'/';
        if !NOT_NESTING.iter().any(|t| t.eq_ignore_ascii_case(name)) {
            depth += 1;
            max_depth = max_depth.max(depth);
        }
        match Special::of(name) {
            Special::Script => {
                let Some((close, after)) = script_end(b, tag_end) else {
                    break;
                };
                let kept = attr_value(&b[name_end..tag_end], b"type").is_some_and(|t| {
                    let t = t.trim_ascii();
                    READ_SCRIPT_TYPES
                        .iter()
                        .any(|k| t.eq_ignore_ascii_case(k.as_bytes()))
                });
                if !kept {
                    out.push_str(&html[copied..tag_end]);
                    copied = close;
                }
                i = after;
                depth = depth.saturating_sub(1);
            }
            Special::RawText { emptied } => {
                let Some((close, after)) = raw_text_end(b, tag_end, name) else {
                    break;
                };
                if emptied {
                    out.push_str(&html[copied..tag_end]);
                    copied = close;
                }
                i = after;
                depth = depth.saturating_sub(1);
            }
            Special::PlainText => break,
            Special::Svg if !self_closing && svg_ok => match svg_end(b, tag_end) {
                Some((close, after)) => {
                    out.push_str(&html[copied..tag_end]);
                    copied = close;
                    i = after;
                    depth = depth.saturating_sub(1);
                }
                // Never closed, or closed by the HTML that follows: left to the parser
                // (and not tried again, so that the pass stays linear).
                None => svg_ok = false,
            },
            Special::Svg | Special::Other => {}
        }
    }
    if out.is_empty() && copied == 0 {
        out = html.to_owned();
    } else {
        out.push_str(&html[copied..]);
    }
    Prescan {
        html: out,
        max_depth,
    }
}

/// What the pass does at a start tag.
enum Special {
    /// `<script>`: script data, emptied unless a later pass reads it.
    Script,
    /// Raw text or RCDATA up to the end tag (`<style>`, `<title>`, ...), `emptied` when
    /// no later pass reads it.
    RawText { emptied: bool },
    /// `<plaintext>`: the rest of the page is text.
    PlainText,
    /// `<svg>`: emptied when it closes cleanly.
    Svg,
    /// Any other element.
    Other,
}

impl Special {
    fn of(name: &[u8]) -> Special {
        let is = |t: &[u8]| name.eq_ignore_ascii_case(t);
        if is(b"script") {
            Special::Script
        } else if is(b"style") || is(b"noscript") || is(b"iframe") {
            Special::RawText { emptied: true }
        } else if is(b"title") || is(b"textarea") || is(b"xmp") || is(b"noembed") || is(b"noframes")
        {
            Special::RawText { emptied: false }
        } else if is(b"plaintext") {
            Special::PlainText
        } else if is(b"svg") {
            Special::Svg
        } else {
            Special::Other
        }
    }
}

/// One past the tag name that starts at `i`.
fn tag_name_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
        .map_or(b.len(), |o| i + o)
}

/// The most bytes of attributes a tag keeps.
const MAX_TAG_BYTES: usize = 32 * 1024;

/// The last whitespace outside quoted values in the attributes `b[from..limit]`.
fn last_space_before(b: &[u8], from: usize, limit: usize) -> Option<usize> {
    let mut after_eq = false;
    let mut last = None;
    let mut i = from;
    while i < limit {
        match b[i] {
            b'=' => after_eq = true,
            q @ (b'"' | b'\'') if after_eq => {
                i += memchr::memchr(q, &b[i + 1..])? + 1;
                after_eq = false;
            }
            c if c.is_ascii_whitespace() => last = Some(i),
            _ => after_eq = false,
        }
        i += 1;
    }
    last
}

/// One past the `>` of a tag whose attributes start at `i`, quoted values skipped.
fn tag_end(b: &[u8], mut i: usize) -> Option<usize> {
    let mut after_eq = false;
    while i < b.len() {
        match b[i] {
            b'>' => return Some(i + 1),
            b'=' => after_eq = true,
            q @ (b'"' | b'\'') if after_eq => {
                i += memchr::memchr(q, &b[i + 1..])? + 1;
                after_eq = false;
            }
            c if c.is_ascii_whitespace() => {}
            _ => after_eq = false,
        }
        i += 1;
    }
    None
}

/// The value of an attribute in the attribute text of a tag (between its name and `>`).
fn attr_value<'a>(attrs: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut i = 0;
    while i < attrs.len() {
        while i < attrs.len() && (attrs[i].is_ascii_whitespace() || attrs[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < attrs.len()
            && !matches!(attrs[i], b'=' | b'>' | b'/')
            && !attrs[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let key = &attrs[start..i];
        while i < attrs.len() && attrs[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value: &[u8] = b"";
        if attrs.get(i) == Some(&b'=') {
            i += 1;
            while i < attrs.len() && attrs[i].is_ascii_whitespace() {
                i += 1;
            }
            match attrs.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = memchr::memchr(q, &attrs[i + 1..]).map_or(attrs.len(), |o| i + 1 + o);
                    value = &attrs[i + 1..end];
                    i = end + 1;
                }
                _ => {
                    let s = i;
                    while i < attrs.len() && !attrs[i].is_ascii_whitespace() && attrs[i] != b'>' {
                        i += 1;
                    }
                    value = &attrs[s..i];
                }
            }
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(value);
        }
        if i == start {
            i += 1;
        }
    }
    None
}

/// Where a comment whose text starts at `i` ends: one past its `-->` (or `--!>`; `<!-->`
/// and `<!--->` are empty comments).
fn comment_end(b: &[u8], i: usize) -> Option<usize> {
    if b[i..].starts_with(b">") {
        return Some(i + 1);
    }
    if b[i..].starts_with(b"->") {
        return Some(i + 2);
    }
    let mut j = i;
    loop {
        j += memchr::memchr(b'>', &b[j..])?;
        if b[..j].ends_with(b"--") || b[..j].ends_with(b"--!") {
            return Some(j + 1);
        }
        j += 1;
    }
}

/// Whether `b[i..]` is `</name` followed by whitespace, `/` or `>`.
fn is_end_tag(b: &[u8], i: usize, name: &[u8]) -> bool {
    b.len() >= i + 2 + name.len()
        && b[i + 1] == b'/'
        && b[i + 2..i + 2 + name.len()].eq_ignore_ascii_case(name)
        && b.get(i + 2 + name.len())
            .is_some_and(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
}

/// Whether `b[i..]` is `<name` followed by whitespace, `/` or `>`.
fn is_start_tag(b: &[u8], i: usize, name: &[u8]) -> bool {
    b.len() >= i + 1 + name.len()
        && b[i + 1..i + 1 + name.len()].eq_ignore_ascii_case(name)
        && b.get(i + 1 + name.len())
            .is_some_and(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
}

/// The end of raw text (or RCDATA) that starts at `i`: where its end tag starts, and one
/// past that end tag.
fn raw_text_end(b: &[u8], mut i: usize, name: &[u8]) -> Option<(usize, usize)> {
    loop {
        i += memchr::memchr(b'<', &b[i..])?;
        if is_end_tag(b, i, name) {
            let after = tag_end(b, i + 2 + name.len())?;
            return Some((i, after));
        }
        i += 1;
    }
}

/// The end of script data that starts at `i` (as [`raw_text_end`]), following the
/// tokenizer's escape states: inside `<!--`, a `<script` opens a "double-escaped" part
/// where `</script>` does not end the script.
fn script_end(b: &[u8], mut i: usize) -> Option<(usize, usize)> {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Data;
    loop {
        i += memchr::memchr2(b'<', b'-', &b[i..])?;
        if b[i] == b'-' {
            if b[i..].starts_with(b"-->") && state != State::Data {
                state = State::Data;
                i += 3;
            } else {
                i += 1;
            }
            continue;
        }
        match state {
            State::Data | State::Escaped if is_end_tag(b, i, b"script") => {
                let after = tag_end(b, i + 8)?;
                return Some((i, after));
            }
            State::Data if b[i..].starts_with(b"<!--") => {
                i += 4;
                // `<!-->` leaves the escaped state at once.
                if b.get(i) != Some(&b'>') {
                    state = State::Escaped;
                }
                continue;
            }
            State::Escaped if is_start_tag(b, i, b"script") => state = State::DoubleEscaped,
            State::DoubleEscaped if is_end_tag(b, i, b"script") => state = State::Escaped,
            _ => {}
        }
        i += 1;
    }
}

/// The end of an `<svg>` whose content starts at `i`: where its matching `</svg>`
/// starts and one past it; `None` when it is never closed or an HTML tag that closes
/// it comes first.
fn svg_end(b: &[u8], mut i: usize) -> Option<(usize, usize)> {
    let mut open = 1usize;
    loop {
        i += memchr::memchr(b'<', &b[i..])?;
        let next = *b.get(i + 1)?;
        if b[i..].starts_with(b"<!--") {
            i = comment_end(b, i + 4)?;
            continue;
        }
        if b[i..].starts_with(b"<![CDATA[") {
            i += memchr::memmem::find(&b[i..], b"]]>")? + 3;
            continue;
        }
        if next == b'/' {
            let name_end = tag_name_end(b, i + 2);
            let after = tag_end(b, name_end)?;
            if b[i + 2..name_end].eq_ignore_ascii_case(b"svg") {
                open -= 1;
                if open == 0 {
                    return Some((i, after));
                }
            }
            i = after;
            continue;
        }
        if next.is_ascii_alphabetic() {
            let name_end = tag_name_end(b, i + 1);
            let name = &b[i + 1..name_end];
            let after = tag_end(b, name_end)?;
            if SVG_BREAKOUT.iter().any(|t| t.eq_ignore_ascii_case(name)) {
                return None;
            }
            if name.eq_ignore_ascii_case(b"svg") && b[after - 2] != b'/' {
                open += 1;
            }
            i = after;
            continue;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(s: &str) -> String {
        prescan(s).html
    }

    fn max_depth(s: &str) -> usize {
        prescan(s).max_depth
    }

    #[test]
    fn counts_nesting_not_siblings() {
        assert_eq!(max_depth("<div><div><p>a<p>b</div></div><div></div>"), 2);
        assert_eq!(max_depth(&"<div>".repeat(1000)), 1000);
        // Markup inside scripts and comments is not nesting (the script itself is).
        assert_eq!(
            max_depth("<div><script>'<div><div><div>'</script><!-- <div><div> --></div>"),
            2
        );
    }

    #[test]
    fn empties_scripts_styles_comments_and_svg() {
        assert_eq!(
            html("<p>a</p><script>var x = '<p>no</p>';</script><style>p{}</style><!-- c --><svg><path d='M0'/><text>no</text></svg><p>b</p>"),
            "<p>a</p><script></script><style></style><svg></svg><p>b</p>"
        );
    }

    #[test]
    fn keeps_json_ld_templates_and_titles() {
        let page = "<title>A <b> title</title><script type=\"application/ld+json\">{\"a\":\"</p>\"}</script><script type='text/template'><p>x</p></script>";
        assert_eq!(html(page), page);
    }

    #[test]
    fn quoted_attributes_do_not_open_elements() {
        assert_eq!(
            html("<div data-x=\"<script>\">kept</div><p title='<!--'>kept too</p><!--x-->"),
            "<div data-x=\"<script>\">kept</div><p title='<!--'>kept too</p>"
        );
    }

    #[test]
    fn script_escapes_follow_the_tokenizer() {
        // In `<!-- <script>`, the first `</script>` does not end the script.
        let page = "<script><!-- document.write('<script>x</script>'); --></script><p>after</p>";
        assert_eq!(html(page), "<script></script><p>after</p>");
        // `</script` must be followed by a delimiter.
        assert_eq!(html("<script>a</scripts></script>b"), "<script></script>b");
    }

    #[test]
    fn odd_markup_is_left_to_the_parser() {
        // An unclosed svg broken out of by a paragraph, an unterminated comment and
        // script: nothing is removed from there on.
        let page = "<svg><path/><p>text</p>";
        assert_eq!(html(page), page);
        assert_eq!(html("<p>a</p><!-- open"), "<p>a</p><!-- open");
        assert_eq!(html("<p>a</p><script>open"), "<p>a</p><script>open");
        // Nested and self-closing svg.
        assert_eq!(html("<svg><svg><g/></svg><svg/></svg>x"), "<svg></svg>x");
        assert_eq!(html("<svg/>x<!---->y<!-->z"), "<svg/>xyz");
    }

    #[test]
    fn overlong_tags_are_cut_at_an_attribute() {
        let attrs: String = (0..20_000).map(|i| format!(" a{i}='x y'")).collect();
        let out = html(&format!("<div{attrs}>text</div>"));
        assert!(
            out.len() < 33 * 1024 && out.len() > 30 * 1024,
            "{}",
            out.len()
        );
        assert!(out.ends_with("'>text</div>"), "{}", &out[out.len() - 20..]);
    }

    #[test]
    fn multibyte_text_survives() {
        let page = "<p>Grüße — 日本語</p><!-- é --><p>ünd</p><style>ß</style>";
        assert_eq!(html(page), "<p>Grüße — 日本語</p><p>ünd</p><style></style>");
    }
}
