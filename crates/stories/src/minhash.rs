//! Near-duplicate detection with MinHash signatures and locality-sensitive hashing.
//!
//! A signature is the minimum, over an article's word 5-shingles, of each of 128 hash
//! functions. The functions are our own (FNV-1a of the shingle, then a SplitMix64 finaliser
//! keyed by a fixed per-function constant), never `std`'s randomly seeded hasher, so a
//! signature stored today compares with one computed by a later release. The share of equal
//! slots of two signatures estimates the Jaccard similarity of their shingle sets; with the
//! two set sizes that gives the containment of the smaller in the larger, the measure that
//! tolerates a reprint's own extra lines.
//!
//! LSH cuts each signature into 64 bands of 2 slots: two articles become candidates when
//! any band is equal, which catches pairs with Jaccard 0.3 with probability 0.998 and
//! unrelated pairs (Jaccard near 0) almost never, so no article is compared with all others.

use std::collections::VecDeque;

use parallax_text::words::tokens;

use crate::features::FnvMap;
use crate::vectors::stable_hash;

/// Number of hash functions (slots) of a signature.
pub const SIGNATURE_LEN: usize = 128;
/// Slots per LSH band.
const ROWS: usize = 2;
/// LSH bands.
pub const BANDS: usize = SIGNATURE_LEN / ROWS;

/// A MinHash signature plus the size of the shingle set it summarises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The minimum of each hash function over the shingles (`u32::MAX` for no shingle).
    pub slots: Vec<u32>,
    /// Number of distinct shingles.
    pub shingles: u32,
}

impl Signature {
    /// The signature of `text` with word shingles of `k` words (a text shorter than `k`
    /// words is one shingle).
    pub fn of_text(text: &str, k: usize) -> Signature {
        Signature::of_shingles(&shingles(text, k))
    }

    /// The signature of a set of shingle hashes (sorted and unique, or not).
    pub fn of_shingles(shingles: &[u64]) -> Signature {
        let mut slots = vec![u32::MAX; SIGNATURE_LEN];
        for &shingle in shingles {
            // One 64-bit hash gives two 32-bit slots: half the hashing.
            for (i, pair) in slots.chunks_exact_mut(2).enumerate() {
                let value = permute(shingle, i);
                let (high, low) = ((value >> 32) as u32, value as u32);
                if high < pair[0] {
                    pair[0] = high;
                }
                if low < pair[1] {
                    pair[1] = low;
                }
            }
        }
        let mut unique = shingles.to_vec();
        unique.sort_unstable();
        unique.dedup();
        Signature {
            slots,
            shingles: unique.len() as u32,
        }
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        if self.shingles == 0 || other.shingles == 0 {
            return 0.0;
        }
        let equal = self
            .slots
            .iter()
            .zip(&other.slots)
            .filter(|(a, b)| a == b)
            .count();
        equal as f64 / self.slots.len().max(1) as f64
    }

    /// Estimated share of the smaller shingle set contained in the larger.
    pub fn containment(&self, other: &Signature) -> f64 {
        let j = self.jaccard(other);
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let smaller = a.min(b);
        if smaller == 0.0 {
            return 0.0;
        }
        (j * (a + b) / (1.0 + j) / smaller).min(1.0)
    }

    /// The signature as bytes (little-endian slots, then the shingle count), for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 * (self.slots.len() + 1));
        for slot in &self.slots {
            out.extend_from_slice(&slot.to_le_bytes());
        }
        out.extend_from_slice(&self.shingles.to_le_bytes());
        out
    }

    /// A signature read back from [`to_bytes`](Signature::to_bytes); `None` when the
    /// bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != 4 * (SIGNATURE_LEN + 1) {
            return None;
        }
        let mut words = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        let slots: Vec<u32> = words.by_ref().take(SIGNATURE_LEN).collect();
        let shingles = words.next()?;
        Some(Signature { slots, shingles })
    }

    /// The LSH band keys of this signature (band number mixed in).
    fn bands(&self) -> impl Iterator<Item = u64> + '_ {
        self.slots.chunks(ROWS).enumerate().map(|(band, rows)| {
            let mut key = splitmix(band as u64 ^ 0x6c73_685f_6261_6e64);
            for &row in rows {
                key = splitmix(key ^ u64::from(row));
            }
            key
        })
    }
}

/// Sorted, unique hashes of the word `k`-shingles of `text`.
pub fn shingles(text: &str, k: usize) -> Vec<u64> {
    let words = tokens(text);
    let k = k.max(1);
    let mut out: Vec<u64> = if words.len() < k {
        if words.is_empty() {
            Vec::new()
        } else {
            vec![stable_hash(words.join(" ").as_bytes())]
        }
    } else {
        words
            .windows(k)
            .map(|w| stable_hash(w.join(" ").as_bytes()))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Hash function number `i` applied to a shingle hash: its high and low halves are
/// slots `2i` and `2i + 1`.
fn permute(shingle: u64, i: usize) -> u64 {
    splitmix(shingle ^ SEEDS[i])
}

/// Per-function keys: `splitmix(i + 1)`, computed once.
static SEEDS: std::sync::LazyLock<[u64; SIGNATURE_LEN / 2]> = std::sync::LazyLock::new(|| {
    let mut seeds = [0u64; SIGNATURE_LEN / 2];
    for (i, seed) in seeds.iter_mut().enumerate() {
        *seed = splitmix(i as u64 + 1);
    }
    seeds
});

/// Candidate pairs `(i, j)`, `i < j`, of signatures that share an LSH band.
pub fn candidate_pairs(signatures: &[Signature]) -> Vec<(usize, usize)> {
    let mut buckets: FnvMap<u64, Vec<usize>> = FnvMap::default();
    let mut pairs = Vec::new();
    for (j, signature) in signatures.iter().enumerate() {
        if signature.shingles == 0 {
            continue;
        }
        for key in signature.bands() {
            let bucket = buckets.entry(key).or_default();
            pairs.extend(bucket.iter().map(|&i| (i, j)));
            bucket.push(j);
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// A window of recent signatures to find the original an incoming article copies.
///
/// Memory is bounded by `capacity`: the oldest signatures leave the window first.
#[derive(Debug, Clone)]
pub struct NearDuplicates {
    capacity: usize,
    min_containment: f64,
    /// Band key to the earliest article in the window with that band (one number per
    /// key, not a list: memory stays at one entry per band per article at most).
    buckets: FnvMap<u64, u64>,
    entries: VecDeque<(String, Signature)>,
    /// Sequence number of `entries[0]`.
    front: u64,
}

impl NearDuplicates {
    /// An empty window of at most `capacity` signatures; a match needs an estimated
    /// containment of at least `min_containment`.
    pub fn new(capacity: usize, min_containment: f64) -> NearDuplicates {
        NearDuplicates {
            capacity: capacity.max(1),
            min_containment,
            buckets: FnvMap::default(),
            entries: VecDeque::new(),
            front: 0,
        }
    }

    /// Number of signatures in the window.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the window is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The earliest article in the window that `signature` copies, with the estimated
    /// containment.
    pub fn find(&self, signature: &Signature) -> Option<(&str, f64)> {
        if signature.shingles == 0 {
            return None;
        }
        let mut seen: Vec<u64> = signature
            .bands()
            .filter_map(|key| self.buckets.get(&key))
            .copied()
            .collect();
        seen.sort_unstable();
        seen.dedup();
        seen.into_iter().find_map(|seq| {
            let (id, other) = self.entries.get(seq.checked_sub(self.front)? as usize)?;
            let containment = signature.containment(other);
            (containment >= self.min_containment).then_some((id.as_str(), containment))
        })
    }

    /// Add an article's signature to the window (evicting the oldest when full).
    pub fn insert(&mut self, id: &str, signature: Signature) {
        let seq = self.front + self.entries.len() as u64;
        if signature.shingles > 0 {
            for key in signature.bands() {
                self.buckets.entry(key).or_insert(seq);
            }
        }
        self.entries.push_back((id.to_string(), signature));
        while self.entries.len() > self.capacity {
            let Some((_, old)) = self.entries.pop_front() else {
                break;
            };
            let old_seq = self.front;
            self.front += 1;
            for key in old.bands() {
                if self.buckets.get(&key) == Some(&old_seq) {
                    self.buckets.remove(&key);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "The harbour authority closed berths four to nine on Monday after inspectors found cracks in the quay wall. Repairs are expected to take three weeks, a spokesperson said, and shipping will be diverted to the northern terminal in the meantime.";

    #[test]
    fn signatures_are_stable_across_releases() {
        // Pinned values: changing the hash functions would orphan stored signatures.
        let s = Signature::of_text("one two three four five six", 5);
        assert_eq!(s.shingles, 2);
        assert_eq!(
            &s.slots[..3],
            &[permute_pin(0), permute_pin(1), permute_pin(2)]
        );
        // Pinned: changing the hash functions would orphan stored signatures.
        assert_eq!(s.slots[0], 0x44a5_f14e, "{:#x}", s.slots[0]);
        let round = Signature::from_bytes(&s.to_bytes());
        assert_eq!(round.as_ref(), Some(&s));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }

    fn permute_pin(i: usize) -> u32 {
        shingles("one two three four five six", 5)
            .into_iter()
            .map(|s| {
                let v = permute(s, i / 2);
                if i.is_multiple_of(2) {
                    (v >> 32) as u32
                } else {
                    v as u32
                }
            })
            .min()
            .unwrap_or(u32::MAX)
    }

    #[test]
    fn hash_functions_are_pinned() {
        assert_eq!(splitmix(0), 0xe220_a839_7b1d_cdaf);
        assert_eq!(
            permute(stable_hash(b"a b c d e"), 0),
            permute(stable_hash(b"a b c d e"), 0)
        );
    }

    #[test]
    fn a_reprint_with_an_extra_paragraph_has_high_containment() {
        let a = Signature::of_text(WIRE, 5);
        let b = Signature::of_text(
            &format!("{WIRE}\n\nThis story first ran on a wire service and was edited for length."),
            5,
        );
        assert!(a.containment(&b) > 0.8, "{}", a.containment(&b));
        let other = Signature::of_text("Ferry fares will rise by five percent next year, the operator said on Tuesday in a statement.", 5);
        assert!(a.containment(&other) < 0.2);
        assert_eq!(candidate_pairs(&[a.clone(), other, b]), [(0, 2)]);
    }

    #[test]
    fn the_window_finds_the_earliest_original_and_forgets_old_entries() {
        let mut window = NearDuplicates::new(2, 0.6);
        window.insert("wire", Signature::of_text(WIRE, 5));
        assert_eq!(
            window.find(&Signature::of_text(WIRE, 5)).map(|x| x.0),
            Some("wire")
        );
        window.insert(
            "x",
            Signature::of_text(
                "Completely different words about ferries and fares today.",
                5,
            ),
        );
        window.insert(
            "y",
            Signature::of_text(
                "Yet another unrelated report on the weather in the valley.",
                5,
            ),
        );
        assert_eq!(window.len(), 2);
        assert_eq!(window.find(&Signature::of_text(WIRE, 5)), None);
    }
}
