//! Stable feature hashing: the model stores hashes, so these functions must
//! never change for a given model format version.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Mixes one value into a running hash.
#[inline(always)]
pub fn mix(h: u64, v: u64) -> u64 {
    let x = (h ^ v).wrapping_mul(K);
    x ^ (x >> 29)
}

/// Final avalanche (splitmix64) so that every bit of a key depends on every input.
#[inline(always)]
pub fn finish(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A feature from a template id and up to three values: one xor and one
/// multiply per value (a value that is a literal 0 costs nothing, the
/// multiplies fold). The table key is the top 32 bits (`model::key32`),
/// which depend on every bit of every value.
#[inline(always)]
pub fn feat(t: u64, a: u64, b: u64, c: u64) -> u64 {
    let h = (a ^ t.wrapping_mul(K)).wrapping_mul(K1);
    let h = (h ^ b).wrapping_mul(K2);
    (h ^ c).wrapping_mul(K3)
}

/// Overwrites `out` with the features given, storing each as it is made,
/// in order. Appending an array of them kept them all (the parser's 91)
/// live at once, spilled to the stack and copied again: none of an array
/// may be stored before the last is made, since making one may panic.
macro_rules! put_feats {
    ($out:expr; $($f:expr),* $(,)?) => {{
        const N: usize = [$(stringify!($f)),*].len();
        let out: &mut Vec<u64> = $out;
        out.resize(N, 0);
        let o: &mut [u64; N] = out.first_chunk_mut().expect("resized to N");
        let mut i = 0;
        $(
            o[i] = $f;
            i += 1;
        )*
        debug_assert_eq!(i, N);
    }};
}
pub(crate) use put_feats;

const K1: u64 = 0xBF58_476D_1CE4_E5B9;
const K2: u64 = 0x94D0_49BB_1331_11EB;
const K3: u64 = 0xD6E8_FEB8_6659_FD93;

/// Folds typographic quotes so that `’s` and `'s` are one word.
#[inline(always)]
pub fn fold_char(c: char) -> char {
    match c {
        '’' | '‘' | '`' | '´' => '\'',
        '“' | '”' | '«' | '»' => '"',
        '–' | '—' => '-',
        _ => c,
    }
}

/// Lower-cases one char (first char of its lowercase mapping: enough for hashing).
#[inline(always)]
pub fn lower_char(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}
