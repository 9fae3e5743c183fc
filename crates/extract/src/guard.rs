//! A cheap pre-scan of nesting depth. The HTML5 tree builder looks through its stack of
//! open elements for many tags, so a page nested tens of thousands of levels deep
//! costs quadratic time to parse; such pages are refused before parsing.

/// Elements that never hold content, or that the parser closes implicitly when a
/// sibling starts: they do not add to the depth estimate.
const NOT_NESTING: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr", b"p", b"li", b"option", b"td", b"th", b"tr", b"dt", b"dd", b"!",
    b"?",
];

/// An upper estimate of the element nesting depth of a page: opening tags minus
/// closing tags, at its highest.
pub fn max_depth(html: &[u8]) -> usize {
    let mut depth: usize = 0;
    let mut max = 0;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &html[i..]) {
        i += off + 1;
        let Some(&c) = html.get(i) else { break };
        if c == b'/' {
            depth = depth.saturating_sub(1);
            continue;
        }
        if !c.is_ascii_alphabetic() {
            continue;
        }
        let name_len = html[i..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(html.len() - i);
        let name = html[i..i + name_len].to_ascii_lowercase();
        if NOT_NESTING.contains(&name.as_slice()) {
            continue;
        }
        depth += 1;
        max = max.max(depth);
    }
    max
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nesting_not_siblings() {
        assert_eq!(max_depth(b"<div><div><p>a<p>b</div></div><div></div>"), 2);
        assert_eq!(max_depth(&b"<div>".repeat(1000)), 1000);
    }
}
