//! The snippet metric of trafilatura's evaluation (`shared/data/README.md`, format C):
//! `with` snippets that must appear in the extracted text, `without` snippets
//! (boilerplate) that must not, micro-averaged over a corpus; plus exact-match
//! metadata accuracy.

use crate::text::collapse_ws;

/// Running totals of the snippet metric over a corpus.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SnippetScore {
    /// `with` snippets found.
    pub tp: usize,
    /// `without` snippets found.
    pub fp: usize,
    /// `with` snippets missing.
    pub fn_: usize,
    /// `without` snippets missing.
    pub tn: usize,
}

impl SnippetScore {
    /// Score one page's extracted text against its snippets and add to the totals.
    ///
    /// ```
    /// let mut s = parallax_extract::score::SnippetScore::default();
    /// s.add("The  main\n\ntext.", &["main text".into()], &["Menu".into()]);
    /// assert_eq!((s.tp, s.fp, s.fn_, s.tn), (1, 0, 0, 1));
    /// ```
    pub fn add(&mut self, text: &str, with: &[String], without: &[String]) {
        let text = collapse_ws(text);
        for snippet in with {
            if text.contains(&collapse_ws(snippet)) {
                self.tp += 1;
            } else {
                self.fn_ += 1;
            }
        }
        for snippet in without {
            if text.contains(&collapse_ws(snippet)) {
                self.fp += 1;
            } else {
                self.tn += 1;
            }
        }
    }

    /// TP / (TP + FP).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// TP / (TP + FN).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// (TP + TN) / all.
    pub fn accuracy(&self) -> f64 {
        ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn_)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Exact-match accuracy of one metadata field over the pages that have it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldScore {
    /// Pages whose value matched.
    pub hits: usize,
    /// Pages with a gold value.
    pub total: usize,
}

impl FieldScore {
    /// Compare after whitespace normalisation; no gold value means the page is skipped.
    pub fn add(&mut self, predicted: Option<&str>, gold: Option<&str>) {
        let Some(gold) = gold else { return };
        self.total += 1;
        if predicted.is_some_and(|p| collapse_ws(p) == collapse_ws(gold)) {
            self.hits += 1;
        }
    }

    /// Share of pages that matched.
    pub fn accuracy(&self) -> f64 {
        ratio(self.hits, self.total)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn micro_averages() {
        let mut s = SnippetScore::default();
        s.add(
            "alpha beta",
            &["alpha".into(), "gamma".into()],
            &["beta".into()],
        );
        s.add("", &["x".into()], &["y".into()]);
        assert_eq!((s.tp, s.fp, s.fn_, s.tn), (1, 1, 2, 1));
        assert!((s.precision() - 0.5).abs() < 1e-9);
        assert!((s.recall() - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.accuracy() - 0.4).abs() < 1e-9);
    }

    #[test]
    fn fields_skip_missing_gold() {
        let mut f = FieldScore::default();
        f.add(Some("A  B"), Some("A B"));
        f.add(None, Some("x"));
        f.add(Some("y"), None);
        assert_eq!((f.hits, f.total), (1, 2));
    }
}
