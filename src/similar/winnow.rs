//! K-gram hashing and winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms
//! for document fingerprinting", 2003): the fingerprints of a token stream are, for every
//! window of `w` consecutive k-gram hashes, the smallest hash of the window (the rightmost one
//! on a tie). Any run of at least `w + k - 1` tokens that two streams share holds a whole window
//! in both, so both select its minimum: they share a fingerprint.

/// One selected k-gram: its hash and where it starts in the token stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub hash: u64,
    /// Index of the k-gram's first token.
    pub pos: usize,
}

/// The hash of every k-gram of `tokens` (`tokens.len() - k + 1` of them; none when the stream
/// is shorter than `k`). A polynomial hash over the token ids, mixed so that near-equal
/// k-grams do not get near-equal hashes (the window minimum must behave like a random pick).
pub fn kgrams(tokens: &[u64], k: usize) -> Vec<u64> {
    assert!(k > 0, "k must be at least 1");
    if tokens.len() < k {
        return Vec::new();
    }
    tokens
        .windows(k)
        .map(|gram| {
            let h = gram.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &t| {
                (h ^ t).wrapping_mul(0x0000_0100_0000_01b3)
            });
            mix(h)
        })
        .collect()
}

/// A 64-bit finaliser (splitmix64's): spreads every input bit over the whole hash.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The fingerprints chosen from `hashes` with windows of `w`: each window's minimum (the
/// rightmost one on a tie), recorded once per position, in stream order. A stream shorter than
/// one window still gets its minimum, so a short file is not invisible.
pub fn winnow(hashes: &[u64], w: usize) -> Vec<Fingerprint> {
    assert!(w > 0, "w must be at least 1");
    let mut out: Vec<Fingerprint> = Vec::new();
    if hashes.is_empty() {
        return out;
    }
    let windows = hashes.len().saturating_sub(w) + 1;
    let width = w.min(hashes.len());
    for start in 0..windows {
        let window = &hashes[start..start + width];
        let mut best = 0;
        for (i, &h) in window.iter().enumerate() {
            if h <= window[best] {
                best = i;
            }
        }
        let pos = start + best;
        if out.last().is_none_or(|f| f.pos != pos) {
            out.push(Fingerprint {
                hash: hashes[pos],
                pos,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    #[test]
    fn a_window_selects_its_rightmost_minimum_once() {
        let f = winnow(&[5, 3, 3, 9, 1, 7], 3);
        // Windows: [5 3 3] -> 2, [3 3 9] -> 2, [3 9 1] -> 4, [9 1 7] -> 4.
        let pos: Vec<usize> = f.iter().map(|f| f.pos).collect();
        assert_eq!(pos, vec![2, 4]);
        assert_eq!(f[1].hash, 1);
    }

    #[test]
    fn short_streams() {
        assert!(
            winnow(&kgrams(&[1, 2], 3), 4).is_empty(),
            "fewer tokens than k"
        );
        let f = winnow(&kgrams(&[1, 2, 3, 4], 3), 4);
        assert_eq!(
            f.len(),
            1,
            "two k-grams, less than a window: still one fingerprint"
        );
        assert_eq!(kgrams(&[1, 2, 3, 4], 3).len(), 2);
    }

    #[test]
    fn equal_kgrams_hash_equal_and_order_matters() {
        let h = kgrams(&[1, 2, 3, 1, 2, 3, 3, 2, 1], 3);
        assert_eq!(h[0], h[3]);
        assert_ne!(h[0], h[6], "3 2 1 is not 1 2 3");
        assert_ne!(h[0], h[1]);
    }

    fn hashes_of(f: &[Fingerprint]) -> HashSet<u64> {
        f.iter().map(|f| f.hash).collect()
    }

    proptest! {
        /// The winnowing guarantee: a shared run of w + k - 1 tokens, anywhere in two otherwise
        /// unrelated streams, gives them a common fingerprint, and that fingerprint lies in the
        /// run in both.
        #[test]
        fn a_shared_run_of_w_plus_k_minus_1_shares_a_fingerprint(
            k in 1usize..16,
            w in 1usize..16,
            extra in 0usize..6,
            a_pre in proptest::collection::vec(0u64..6, 0..60),
            a_post in proptest::collection::vec(0u64..6, 0..60),
            b_pre in proptest::collection::vec(6u64..12, 0..60),
            b_post in proptest::collection::vec(6u64..12, 0..60),
            seed in proptest::collection::vec(12u64..40, 40),
        ) {
            let run: Vec<u64> = seed.iter().cycle().take(w + k - 1 + extra).copied().collect();
            let a: Vec<u64> = [a_pre.clone(), run.clone(), a_post].concat();
            let b: Vec<u64> = [b_pre.clone(), run.clone(), b_post].concat();
            // The two steps as `pairs` takes them: the k-grams, then the window minima.
            let (fa, fb) = (winnow(&kgrams(&a, k), w), winnow(&kgrams(&b, k), w));
            let common: HashSet<u64> = hashes_of(&fa).intersection(&hashes_of(&fb)).copied().collect();
            prop_assert!(!common.is_empty());
            let inside = |f: &[Fingerprint], start: usize| {
                f.iter().any(|f| common.contains(&f.hash) && f.pos >= start && f.pos + k <= start + run.len())
            };
            prop_assert!(inside(&fa, a_pre.len()));
            prop_assert!(inside(&fb, b_pre.len()));
        }

        /// Every window of w k-grams holds at least one fingerprint (the density bound), and
        /// fingerprints are in stream order with the hash of their k-gram.
        #[test]
        fn every_window_holds_a_fingerprint(
            tokens in proptest::collection::vec(0u64..5, 0..200),
            k in 1usize..8,
            w in 1usize..10,
        ) {
            let h = kgrams(&tokens, k);
            let f = winnow(&h, w);
            for pair in f.windows(2) {
                prop_assert!(pair[0].pos < pair[1].pos);
            }
            for fp in &f {
                prop_assert_eq!(fp.hash, h[fp.pos]);
            }
            if h.len() >= w {
                for start in 0..=h.len() - w {
                    prop_assert!(f.iter().any(|fp| fp.pos >= start && fp.pos < start + w));
                }
            } else {
                prop_assert_eq!(f.len(), usize::from(!h.is_empty()));
            }
        }
    }
}
