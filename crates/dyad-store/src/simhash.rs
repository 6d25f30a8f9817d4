//! 64-bit SimHash over word 4-shingles, for finding syndicated copies.
//!
//! Two texts are near-duplicates when their SimHashes differ in at most
//! [`MAX_DISTANCE`] bits. The hash is split into [`BANDS`] bands of 16 bits;
//! by the pigeonhole principle two hashes within 3 bits agree exactly on at
//! least one of 4 bands, so looking up each band in an index finds every
//! candidate without scanning all articles.
//!
//! Short copies with a dateline or credit line added can land a few bits
//! further away (a 60-word story with 6 changed shingles is typically 5-9
//! bits off). So a candidate found through the band index within
//! [`CONFIRM_DISTANCE`] bits is also a duplicate when the exact Jaccard
//! similarity of the two 4-shingle sets is at least [`MIN_JACCARD`]. This
//! second tier only adds matches the index happens to surface; the ≤ 3 bit
//! tier is guaranteed.

use std::collections::HashSet;

/// Largest Hamming distance between near-duplicate texts.
pub const MAX_DISTANCE: u32 = 3;
/// Number of 16-bit bands in the lookup index (must exceed `MAX_DISTANCE`).
pub const BANDS: u32 = 4;
/// Words per shingle.
pub const SHINGLE: usize = 4;
/// Largest distance at which a band-index candidate is checked by Jaccard.
pub const CONFIRM_DISTANCE: u32 = 10;
/// Smallest Jaccard similarity of shingle sets for a confirmed duplicate.
pub const MIN_JACCARD: f64 = 0.8;

/// The hashed 4-shingles of a text.
pub fn shingles(text: &str) -> HashSet<u64> {
    let w = words(text);
    if w.len() < SHINGLE {
        return std::iter::once(hash64(&w.join(" "))).collect();
    }
    w.windows(SHINGLE).map(|sh| hash64(&sh.join(" "))).collect()
}

/// Jaccard similarity of two shingle sets.
pub fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        return 0.0;
    }
    inter as f64 / union as f64
}

/// FNV-1a then a SplitMix64 finaliser: stable across Rust versions (the value
/// is stored), and well mixed in every bit, which SimHash needs.
fn hash64(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The words of a text, lower-cased; punctuation and case do not matter.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// The SimHash of a text, or `None` when it has no words (nothing to compare).
pub fn simhash(text: &str) -> Option<u64> {
    let w = words(text);
    if w.is_empty() {
        return None;
    }
    let mut acc = [0i32; 64];
    let mut add = |s: &str| {
        let h = hash64(s);
        for (bit, a) in acc.iter_mut().enumerate() {
            if h >> bit & 1 == 1 {
                *a += 1;
            } else {
                *a -= 1;
            }
        }
    };
    if w.len() < SHINGLE {
        add(&w.join(" "));
    } else {
        for sh in w.windows(SHINGLE) {
            add(&sh.join(" "));
        }
    }
    Some(
        acc.iter()
            .enumerate()
            .filter(|(_, a)| **a > 0)
            .fold(0u64, |h, (bit, _)| h | 1 << bit),
    )
}

/// Number of differing bits.
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// The 16-bit band values of a hash, band 0 lowest.
pub fn bands(h: u64) -> [u16; BANDS as usize] {
    let mut out = [0u16; BANDS as usize];
    for (i, b) in out.iter_mut().enumerate() {
        *b = (h >> (16 * i)) as u16;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str =
        "Japanese Prime Minister Shinzo Abe will visit Moscow next month for talks \
        with President Vladimir Putin on a peace treaty, officials said on Tuesday. The two \
        leaders are expected to discuss the disputed islands, energy projects and visa rules \
        for former residents. Tokyo hopes the visit will move the talks forward after years \
        of little progress.";

    #[test]
    fn syndicated_copy_is_near_and_other_story_is_far() {
        let a = simhash(STORY).unwrap();
        let copy = format!("MOSCOW (Reuters) - {STORY} Reporting by Staff.");
        let b = simhash(&copy).unwrap();
        assert!(
            distance(a, b) <= CONFIRM_DISTANCE,
            "distance {}",
            distance(a, b)
        );
        assert!(jaccard(&shingles(STORY), &shingles(&copy)) >= MIN_JACCARD);
        assert_eq!(distance(a, simhash(&STORY.to_uppercase()).unwrap()), 0);
        let other = simhash(
            "Brazil and India signed a trade agreement in New Delhi on Monday, cutting \
             tariffs on farm goods and opening public tenders to each other's companies.",
        )
        .unwrap();
        assert!(distance(a, other) > 10);
    }

    #[test]
    fn bands_pigeonhole() {
        let a = 0x1234_5678_9abc_def0u64;
        let b = a ^ (1 << 3) ^ (1 << 20) ^ (1 << 40);
        let shared = bands(a)
            .iter()
            .zip(bands(b))
            .filter(|(x, y)| **x == *y)
            .count();
        assert!(shared >= 1);
        assert_eq!(simhash("  ,. "), None);
    }
}
