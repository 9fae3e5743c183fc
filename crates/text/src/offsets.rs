//! Byte offsets to code-point offsets, the unit of every span Parallax publishes.

/// Converts byte offsets of one text to code-point offsets, cheaply when the offsets
/// come in (nearly) increasing order, as matches and sentence boundaries do.
pub(crate) struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    /// A counter at the start of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The code-point offset of byte offset `byte` (a char boundary of the text).
    pub(crate) fn char_offset(&mut self, byte: usize) -> usize {
        if byte >= self.byte {
            self.chars += self
                .text
                .get(self.byte..byte)
                .map_or(0, |s| s.chars().count());
        } else {
            self.chars = self.chars.saturating_sub(
                self.text
                    .get(byte..self.byte)
                    .map_or(0, |s| s.chars().count()),
            );
        }
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_code_points_forwards_and_backwards() {
        let text = "Zürich – 5 €";
        let mut counter = CharCounter::new(text);
        assert_eq!(counter.char_offset(text.find('–').unwrap()), 7);
        assert_eq!(counter.char_offset(text.len()), 12);
        assert_eq!(counter.char_offset(3), 2);
        assert_eq!(counter.char_offset(0), 0);
    }
}
