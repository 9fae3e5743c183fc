//! Plain-text normalisation: whitespace collapsed inside paragraphs, paragraphs
//! separated by one blank line.

/// Collapse every whitespace run to one space and trim.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Normalise text with one paragraph per line (or per blank-line block) into the
/// project's paragraph format.
pub fn paragraphs_from_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let para = collapse_ws(line);
        if para.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&para);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_and_trims() {
        assert_eq!(collapse_ws("  a \t\n b\u{a0}c  "), "a b c");
    }

    #[test]
    fn paragraphs_are_blank_line_separated() {
        assert_eq!(paragraphs_from_lines("a  b\n\n\n c\n"), "a b\n\nc");
    }
}
