//! Weight tables (training and run time) and the model file format.
//!
//! At run time a feature's 64-bit hash is cut to a 32-bit key, looked up in a
//! table ([`Table`]: one-line buckets of fingerprints for the transition
//! scorer, linear probing for the others) that gives a dense row of `i16`
//! class weights. The file stores rows sorted by key, keys delta-coded,
//! rows sparse where that is smaller.

use std::mem::MaybeUninit;

use rustc_hash::FxHashMap;

use super::tagger::Tagger;
use super::{Deprel, Parser};

/// Format 2: features hashed by `hash::feat` with multiply-xor steps.
const MAGIC: &[u8; 8] = b"DYADPRS2";

/// A model file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a dyad parser model (bad magic)")]
    Magic,
    #[error("model file truncated")]
    Truncated,
    #[error("model file malformed: {0}")]
    Malformed(String),
}

/// The table key of a feature: its top 32 bits, never 0 (0 marks an empty slot).
#[inline(always)]
fn key32(f: u64) -> u32 {
    ((f >> 32) as u32) | 1
}

/// A run-time weight table keyed by the 32-bit feature key.
///
/// Narrow tables (the transition scorer's four classes, which take most
/// lookups) are arrays of one-cache-line buckets, each holding up to
/// [`SLOTS`] rows inline beside 16-bit fingerprints: a lookup touches exactly
/// one line, and the table is two thirds the size of one with full keys at
/// the load a linear probe needs. The key's hash is a bijection, so bucket
/// and fingerprint together are the key: a fingerprint match is never a
/// false one. Rows that do not fit their bucket are kept aside (a fraction
/// of a percent of them).
///
/// Wide tables are open-addressing hash tables (linear probing, load ≤ 0.7)
/// that keep a row index into a flat array whose rows start on a cache
/// line and are padded with zeros to whole lines, so that [`Table::score`]
/// adds them eight lanes at a time (AVX2 where the CPU has it).
///
/// Every bucket or probe slot of a state is prefetched first so that the
/// cache misses of one state overlap.
#[derive(Debug, Clone)]
pub struct Table {
    pub width: usize,
    shift: u32,
    mask: usize,
    /// Buckets of a narrow table (`width` ≤ [`NARROW`]); empty otherwise.
    buckets: Vec<Bucket>,
    /// Rows of a narrow table that did not fit their bucket.
    spilled: FxHashMap<u32, [i16; NARROW]>,
    /// Slots of a wide table; empty otherwise.
    wide: Vec<Wide>,
    weights: Vec<i16>,
    rows: usize,
    avx2: bool,
}

/// Widest row kept inline.
const NARROW: usize = 4;
/// Average rows a narrow table's bucket holds at most (of [`SLOTS`]).
const BUCKET_LOAD: usize = 3;
/// Slots of a wide table compared at once at the start of a probe.
const WINDOW: usize = 4;
/// Padding unit of wide rows.
const LANES: usize = 8;
/// Weights in a cache line. Wide rows start on a line and fill whole lines:
/// a tagger row (17 classes) then touches one line instead of two half the
/// time, a labeller row (51) two instead of three half the time.
const LINE: usize = 32;
/// Most features a wide table scores with SIMD sums in one call.
const BATCH: usize = 128;

/// Rows in a bucket of a narrow table: six fingerprints and six rows of
/// four `i16` fill a 64-byte line.
const SLOTS: usize = 6;
/// Multiplier of the key hash; odd, so the hash is a bijection of the key.
const GOLDEN: u32 = 0x9E37_79B1;
/// `GOLDEN`'s inverse modulo 2^32: gives the key back from its hash.
const GOLDEN_INV: u32 = 0x0E8B_2F51;
/// Marks a bucket whose rows overflowed into `Table::spilled`. Even, so it
/// never equals a fingerprint: keys are odd, so are their hashes and the
/// fingerprints cut from them (0, also even, marks an empty slot).
const SPILLED: u16 = 2;

/// A bucket of a narrow table: fingerprints (the hash bits below the
/// bucket index; 0 = empty), then rows zero-padded to [`NARROW`]. The two
/// fingerprint lanes past [`SLOTS`] are never a match: the last one holds
/// [`SPILLED`] or 0.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(64))]
struct Bucket {
    fps: [u16; 8],
    rows: [[i16; NARROW]; SLOTS],
}

impl Bucket {
    /// The bits of the comparison of each fingerprint lane with `fp`, two
    /// a lane (bit `2 * i` for slot `i`). Only a slot's lanes can match:
    /// fingerprints are odd, and the two lanes past [`SLOTS`] hold 0 or
    /// [`SPILLED`].
    #[inline(always)]
    fn matches(&self, fp: u16) -> u32 {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE2 is part of x86-64; the bucket is 64-byte aligned, so
        // the aligned load of its 16 fingerprint bytes is in bounds.
        unsafe {
            use std::arch::x86_64::*;
            let v = _mm_load_si128(self.fps.as_ptr() as *const __m128i);
            _mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_set1_epi16(fp as i16))) as u32
        }
        #[cfg(not(target_arch = "x86_64"))]
        self.fps
            .iter()
            .enumerate()
            .fold(0u32, |m, (i, &x)| m | (((x == fp) as u32) << (2 * i)))
    }

    /// The row of fingerprint `fp`, or zeros if none matches, and whether
    /// one did. The row is found from the comparison's lowest set bit and
    /// the zeros chosen by a conditional move, not a branch: whether the
    /// key is in the table (a fifth of them are not) would be guessed
    /// wrong about as often, and only after the bucket's cache miss. Fewer
    /// instructions than masking every pair of rows with its comparisons.
    #[inline(always)]
    fn row_or_zero(&self, fp: u16) -> (&[i16; NARROW], bool) {
        static ZERO: [i16; NARROW] = [0; NARROW];
        let m = self.matches(fp);
        // Twice the slot of the match (its lowest bit), or of the last
        // slot when there is none, whose row is then not used.
        let bit = (m | 1 << (2 * (SLOTS - 1))).trailing_zeros() as usize;
        // SAFETY: `bit` is at most `2 * (SLOTS - 1)` and even, so `4 * bit`
        // is the byte offset of a row (8 bytes) of `rows`; an odd `bit`
        // (never) would still read inside it, at an `i16` boundary.
        let row = unsafe {
            &*(self.rows.as_ptr() as *const u8)
                .add(4 * bit)
                .cast::<[i16; NARROW]>()
        };
        (std::hint::select_unpredictable(m != 0, row, &ZERO), m != 0)
    }
}

/// A slot of a wide table: key (0 = empty) and where its row starts in `weights`.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C)]
struct Wide {
    key: u32,
    off: u32,
}

/// Four i32 sums of i16 rows (SSE2 on x86-64).
#[derive(Clone, Copy)]
struct Acc4 {
    #[cfg(target_arch = "x86_64")]
    v: std::arch::x86_64::__m128i,
    #[cfg(not(target_arch = "x86_64"))]
    v: [i32; 4],
}

impl Acc4 {
    #[inline(always)]
    fn new() -> Acc4 {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE2 is part of x86-64.
        let v = unsafe { std::arch::x86_64::_mm_setzero_si128() };
        #[cfg(not(target_arch = "x86_64"))]
        let v = [0; 4];
        Acc4 { v }
    }

    /// Adds a row; `SSE41` (the caller has checked the CPU for it) widens
    /// it in one instruction with the load folded in, instead of three.
    #[inline(always)]
    fn add<const SSE41: bool>(&mut self, row: &[i16; 4]) {
        #[cfg(target_arch = "x86_64")]
        if SSE41 {
            // SAFETY: the caller runs on a CPU with SSE4.1.
            unsafe { self.add_sse41(row) };
            return;
        }
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE2 is part of x86-64; the load reads the row's 8 bytes.
        unsafe {
            use std::arch::x86_64::*;
            let r = _mm_loadl_epi64(row.as_ptr() as *const __m128i);
            let r = _mm_srai_epi32::<16>(_mm_unpacklo_epi16(r, r));
            self.v = _mm_add_epi32(self.v, r);
        }
        #[cfg(not(target_arch = "x86_64"))]
        for (a, w) in self.v.iter_mut().zip(row) {
            *a += *w as i32;
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[inline]
    #[target_feature(enable = "sse4.1")]
    fn add_sse41(&mut self, row: &[i16; 4]) {
        use std::arch::x86_64::*;
        // SAFETY: the load reads the row's 8 bytes.
        let r = unsafe { _mm_loadl_epi64(row.as_ptr() as *const __m128i) };
        self.v = _mm_add_epi32(self.v, _mm_cvtepi16_epi32(r));
    }

    #[inline(always)]
    fn get(self) -> [i32; 4] {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: __m128i and [i32; 4] have the same size.
        unsafe {
            std::mem::transmute::<std::arch::x86_64::__m128i, [i32; 4]>(self.v)
        }
        #[cfg(not(target_arch = "x86_64"))]
        self.v
    }
}

/// The `C` × [`LANES`] weights of a wide table's row that starts at `o`,
/// without a bounds check: it was a sixth of the instructions of adding a
/// tagger row.
///
/// # Safety
///
/// `o + C * LANES <= w.len()`. Every row offset [`Table::find_wide`] gives
/// leaves room for that: rows are padded to whole lines, at least `C` ×
/// [`LANES`] weights, and the array is one line longer than its rows.
#[inline(always)]
unsafe fn row_at<const C: usize>(w: &[i16], o: u32) -> &[i16] {
    let (o, end) = (o as usize, o as usize + C * LANES);
    debug_assert!(end <= w.len());
    // SAFETY: the caller's promise.
    unsafe { w.get_unchecked(o..end) }
}

/// Sums the rows of `C` × [`LANES`] weights that start at `offs` in `w`
/// into `out` (SSE2 on x86-64).
///
/// # Safety
///
/// Every offset is one [`row_at`] accepts.
#[inline(always)]
unsafe fn add_rows<const C: usize>(w: &[i16], offs: &[u32], out: &mut [[i32; LANES]; C]) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of x86-64; every load reads 8 weights inside the
    // row, which the caller promises is in `w`.
    unsafe {
        use std::arch::x86_64::*;
        let mut v = [[_mm_setzero_si128(); 2]; C];
        for &o in offs {
            let row = row_at::<C>(w, o);
            for (c, v) in v.iter_mut().enumerate() {
                let r = _mm_loadu_si128(row.as_ptr().add(c * LANES) as *const __m128i);
                let lo = _mm_srai_epi32::<16>(_mm_unpacklo_epi16(r, r));
                let hi = _mm_srai_epi32::<16>(_mm_unpackhi_epi16(r, r));
                v[0] = _mm_add_epi32(v[0], lo);
                v[1] = _mm_add_epi32(v[1], hi);
            }
        }
        for (o, v) in out.iter_mut().zip(v) {
            *o = std::mem::transmute::<[__m128i; 2], [i32; LANES]>(v);
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        *out = [[0; LANES]; C];
        for &o in offs {
            let row = &w[o as usize..o as usize + C * LANES];
            for (a, r) in out.iter_mut().zip(row.chunks_exact(LANES)) {
                for (x, y) in a.iter_mut().zip(r) {
                    *x += *y as i32;
                }
            }
        }
    }
}

/// [`add_rows`] with AVX2.
///
/// # Safety
///
/// The CPU has AVX2, and every offset is one [`row_at`] accepts.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_rows_avx2<const C: usize>(w: &[i16], offs: &[u32], out: &mut [[i32; LANES]; C]) {
    use std::arch::x86_64::*;
    let mut v = [_mm256_setzero_si256(); C];
    for &o in offs {
        // SAFETY: the caller's promise.
        let row = unsafe { row_at::<C>(w, o) };
        for (c, v) in v.iter_mut().enumerate() {
            // SAFETY: reads 8 weights inside `row`.
            let r = unsafe { _mm_loadu_si128(row.as_ptr().add(c * LANES) as *const __m128i) };
            *v = _mm256_add_epi32(*v, _mm256_cvtepi16_epi32(r));
        }
    }
    for (o, v) in out.iter_mut().zip(v) {
        // SAFETY: __m256i and [i32; 8] have the same size.
        *o = unsafe { std::mem::transmute::<__m256i, [i32; LANES]>(v) };
    }
}

fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

#[inline(always)]
fn prefetch<T>(v: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint and `i` is inside `v`; nothing is read.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(v.as_ptr().add(i) as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (v, i);
}

impl Table {
    /// Builds a table from (key, row) pairs; equal keys are summed.
    pub fn from_rows(width: usize, mut rows: Vec<(u32, Vec<i16>)>) -> Table {
        rows.sort_by_key(|r| r.0);
        rows.dedup_by(|b, a| {
            if a.0 == b.0 {
                for (x, y) in a.1.iter_mut().zip(&b.1) {
                    *x = x.saturating_add(*y);
                }
                true
            } else {
                false
            }
        });
        let keys: Vec<u32> = rows.iter().map(|r| r.0).collect();
        let mut flat = Vec::with_capacity(rows.len() * width);
        for (_, r) in &rows {
            flat.extend_from_slice(r);
        }
        Table::from_flat(width, &keys, &flat)
    }

    /// Builds a table from distinct non-zero keys and their rows laid end to
    /// end (`width` weights each).
    fn from_flat(width: usize, keys: &[u32], flat: &[i16]) -> Table {
        debug_assert_eq!(keys.len() * width, flat.len());
        let narrow = width <= NARROW;
        // Wide tables: load factor at most 0.7. Narrow ones: at most
        // `BUCKET_LOAD` rows a bucket on average, and at least 2^16 buckets,
        // which leaves at most 16 bits of hash below the bucket index.
        let cap = if narrow {
            keys.len()
                .div_ceil(BUCKET_LOAD)
                .next_power_of_two()
                .max(1 << 16)
        } else {
            ((keys.len() * 10).div_ceil(7)).next_power_of_two().max(16)
        };
        let bits = cap.trailing_zeros();
        let rstride = width.div_ceil(LINE) * LINE;
        let mut t = Table {
            width,
            shift: 32 - bits,
            mask: cap - 1,
            buckets: Vec::new(),
            spilled: FxHashMap::default(),
            wide: Vec::new(),
            weights: Vec::new(),
            rows: keys.len(),
            avx2: has_avx2(),
        };
        if narrow {
            t.buckets = vec![Bucket::default(); cap];
            for (&k, r) in keys.iter().zip(flat.chunks_exact(width)) {
                let (b, fp) = t.bucket_of(k);
                let b = &mut t.buckets[b];
                match b.fps[..SLOTS].iter().position(|x| *x == 0) {
                    Some(i) => {
                        b.fps[i] = fp;
                        b.rows[i][..width].copy_from_slice(r);
                    }
                    None => {
                        b.fps[7] = SPILLED;
                        let mut row = [0; NARROW];
                        row[..width].copy_from_slice(r);
                        t.spilled.insert(k, row);
                    }
                }
            }
            return t;
        } else {
            t.wide = vec![Wide::default(); cap];
            // Room to move the first row to a line boundary.
            t.weights = vec![0; keys.len() * rstride + LINE];
        }
        let base = match t.weights.as_ptr().align_offset(LINE * 2) {
            b if b < LINE => b,
            _ => 0,
        };
        for (i, (&k, r)) in keys.iter().zip(flat.chunks_exact(width)).enumerate() {
            let mut s = t.slot(k);
            while t.wide[s].key != 0 {
                s = (s + 1) & t.mask;
            }
            let off = base + i * rstride;
            t.wide[s] = Wide {
                key: k,
                off: off as u32,
            };
            t.weights[off..off + width].copy_from_slice(r);
        }
        // Copies of the first slots past the end, so that a probe's window
        // never wraps ([`Table::find_wide_window`]).
        t.wide.extend_from_within(..WINDOW - 1);
        t
    }

    #[inline(always)]
    fn slot(&self, k: u32) -> usize {
        (k.wrapping_mul(GOLDEN) >> self.shift) as usize
    }

    /// The bucket of key `k` in a narrow table and its fingerprint there:
    /// the top and bottom bits of its hash.
    #[inline(always)]
    fn bucket_of(&self, k: u32) -> (usize, u16) {
        self.split_hash(k.wrapping_mul(GOLDEN))
    }

    /// [`Table::bucket_of`] from the key's hash.
    #[inline(always)]
    fn split_hash(&self, h: u32) -> (usize, u16) {
        (
            (h >> self.shift) as usize,
            (h & ((1 << self.shift) - 1)) as u16,
        )
    }

    /// Sums the rows of `feats` into `scores[..width]`. A longer `scores`
    /// (up to `width` rounded up to a multiple of 8) lets wide tables store
    /// the sums without a copy; what they write past `width` is scratch.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        assert!(
            scores.len() >= self.width,
            "scores shorter than the table's rows"
        );
        if !self.buckets.is_empty() {
            #[cfg(target_arch = "x86_64")]
            if self.avx2 {
                // SAFETY: the CPU has AVX2 (checked when the table was built).
                unsafe { self.score_narrow_avx2(feats, &mut scores[..self.width]) };
                return;
            }
            self.score_narrow::<false>(feats, &mut scores[..self.width]);
            return;
        }
        macro_rules! wide {
            ($($c:literal)*) => {
                match self.width.div_ceil(LANES) {
                    $($c => {
                        #[cfg(target_arch = "x86_64")]
                        if self.avx2 {
                            // SAFETY: the CPU has AVX2 (checked when the table was built).
                            unsafe { self.score_wide_avx2::<$c>(feats, scores) };
                            return;
                        }
                        // SAFETY: `score_wide` passes offsets found in the table.
                        self.score_wide::<$c>(feats, scores, |w, o, a| unsafe {
                            add_rows::<$c>(w, o, a)
                        });
                    })*
                    _ => self.score_any(feats, scores),
                }
            };
        }
        wide!(1 2 3 4 5 6 7 8);
    }

    #[inline(always)]
    fn score_narrow<const SSE41: bool>(&self, feats: &[u64], scores: &mut [i32]) {
        debug_assert_eq!(self.buckets.len(), self.mask + 1);
        let mut acc = Acc4::new();
        // Byte offsets of the buckets and the fingerprints, cut from the
        // hashes in the loop that makes them (vectorised): the prefetch
        // and the search below then read them as they are, and the search
        // broadcasts its fingerprint straight from memory.
        let mut offs = [0u32; BATCH];
        let mut fps = [0u16; BATCH];
        let low = (1u32 << self.shift) - 1;
        let base = self.buckets.as_ptr() as *const u8;
        for feats in feats.chunks(BATCH) {
            let n = feats.len();
            for ((o, fp), &f) in offs[..n].iter_mut().zip(&mut fps[..n]).zip(feats) {
                let h = key32(f).wrapping_mul(GOLDEN);
                *o = (h >> self.shift) << 6;
                *fp = (h & low) as u16;
            }
            for &o in &offs[..n] {
                // SAFETY: prefetching is a hint, and the offset is that of
                // a bucket (below 2^(32 - shift) buckets of 64 bytes).
                #[cfg(target_arch = "x86_64")]
                unsafe {
                    use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
                    _mm_prefetch::<_MM_HINT_T0>(base.add(o as usize) as *const i8);
                }
            }
            for (&o, &fp) in offs[..n].iter().zip(&fps[..n]) {
                // SAFETY: a 32-bit hash shifted right by `shift` is below
                // 2^(32 - shift), the number of buckets; `o` is 64 times it.
                let b = unsafe { &*(base.add(o as usize) as *const Bucket) };
                let (row, found) = b.row_or_zero(fp);
                acc.add::<SSE41>(row);
                if b.fps[7] == SPILLED && !found {
                    let h = ((o >> 6) << self.shift) | fp as u32;
                    if let Some(row) = self.spilled.get(&h.wrapping_mul(GOLDEN_INV)) {
                        acc.add::<SSE41>(row);
                    }
                }
            }
        }
        for (s, a) in scores.iter_mut().zip(acc.get()) {
            *s = a;
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn score_narrow_avx2(&self, feats: &[u64], scores: &mut [i32]) {
        self.score_narrow::<true>(feats, scores)
    }

    /// Where the row of key `k` starts in `weights` and whether it is
    /// there (if not, the offset is 0). The first [`WINDOW`] slots of its
    /// probe are compared at once, which answers without a branch on the
    /// answer unless all of them hold other keys: a branch on whether the
    /// key is in the table (a fifth of the tagger's keys are not) would be
    /// guessed wrong about as often, each time after the slot's cache miss.
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    fn find_wide_window(&self, k: u32) -> (u32, bool) {
        use std::arch::x86_64::*;
        let s = self.slot(k);
        // SAFETY: SSE2 is part of x86-64; `slot` is below the capacity, and
        // the slots array holds `WINDOW - 1` more past it, so the two loads
        // of two slots each are inside it.
        let (keys, empty, off) = unsafe {
            let p = self.wide.as_ptr().add(s) as *const f32;
            let (a, b) = (_mm_loadu_ps(p), _mm_loadu_ps(p.add(4)));
            // The four slots' keys in one vector and their offsets in
            // another, so that one comparison masks the offsets.
            let ks = _mm_castps_si128(_mm_shuffle_ps::<0b10_00_10_00>(a, b));
            let os = _mm_castps_si128(_mm_shuffle_ps::<0b11_01_11_01>(a, b));
            let eq = _mm_cmpeq_epi32(ks, _mm_set1_epi32(k as i32));
            let bits = |v: __m128i| _mm_movemask_ps(_mm_castsi128_ps(v)) as u32;
            // The offset beside the matching key, or 0: the masked
            // offsets or-ed across the lanes.
            let v = _mm_and_si128(os, eq);
            let v = _mm_or_si128(v, _mm_unpackhi_epi64(v, v));
            let v = _mm_or_si128(v, _mm_shuffle_epi32::<1>(v));
            (
                bits(eq),
                bits(_mm_cmpeq_epi32(ks, _mm_setzero_si128())),
                _mm_cvtsi128_si32(v) as u32,
            )
        };
        if keys | empty == 0 {
            return self.find_wide(k).map_or((0, false), |o| (o as u32, true));
        }
        // A key is never behind an empty slot in its probe (slots are never
        // emptied), so a match in the window is the key's slot.
        (off, keys != 0)
    }

    /// Where the row of key `k` starts in `weights`.
    #[inline(always)]
    fn find_wide(&self, k: u32) -> Option<usize> {
        debug_assert_eq!(self.wide.len(), self.mask + WINDOW);
        let mut s = self.slot(k);
        loop {
            // SAFETY: `slot` and the mask keep `s` below the table's
            // capacity, `mask + 1`, which is `wide.len()`.
            let e = unsafe { self.wide.get_unchecked(s) };
            if e.key == k {
                return Some(e.off as usize);
            }
            if e.key == 0 {
                return None;
            }
            s = (s + 1) & self.mask;
        }
    }

    /// [`Table::score`] for rows of `C` × [`LANES`] weights, summed by `add`.
    /// `scores` at least as long as the padded row takes the sums directly.
    #[inline(always)]
    fn score_wide<const C: usize>(
        &self,
        feats: &[u64],
        scores: &mut [i32],
        add: impl Fn(&[i16], &[u32], &mut [[i32; LANES]; C]),
    ) {
        let mut offs = [MaybeUninit::<u32>::uninit(); BATCH];
        if feats.len() > BATCH {
            self.score_any(feats, scores);
            return;
        }
        for &f in feats {
            prefetch(&self.wide, self.slot(key32(f)));
        }
        // Find the rows first, then add them in one tight loop.
        let mut n = 0;
        for &f in feats {
            #[cfg(target_arch = "x86_64")]
            let (o, found) = self.find_wide_window(key32(f));
            #[cfg(not(target_arch = "x86_64"))]
            let (o, found) = self
                .find_wide(key32(f))
                .map_or((0, false), |o| (o as u32, true));
            // The sums below read the rows in turn: fetch all their lines
            // now so that the misses overlap (a key not found fetches the
            // first row's, which is then in the cache).
            for l in (0..C * LANES).step_by(LINE) {
                prefetch(&self.weights, o as usize + l);
            }
            // Written whether found or not, kept only if found.
            // SAFETY: `n` counts features found before this one, less than
            // `feats.len()`, which is at most `BATCH` (checked above).
            unsafe { offs.get_unchecked_mut(n) }.write(o);
            n += found as usize;
        }
        // SAFETY: the loop above wrote the first `n` offsets.
        let offs = unsafe { std::slice::from_raw_parts(offs.as_ptr() as *const u32, n) };
        if scores.len() >= C * LANES {
            // SAFETY: `scores` holds at least `C * LANES` i32, laid out as
            // `C` arrays of `LANES`.
            let out = unsafe { &mut *(scores.as_mut_ptr() as *mut [[i32; LANES]; C]) };
            add(&self.weights, offs, out);
        } else {
            let mut out = [[0i32; LANES]; C];
            add(&self.weights, offs, &mut out);
            for (s, a) in scores.iter_mut().zip(out.iter().flatten()) {
                *s = *a;
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn score_wide_avx2<const C: usize>(&self, feats: &[u64], scores: &mut [i32]) {
        // SAFETY: the caller checked that the CPU has AVX2, and
        // `score_wide` passes offsets found in the table.
        self.score_wide::<C>(feats, scores, |w, o, a| unsafe {
            add_rows_avx2::<C>(w, o, a)
        })
    }

    /// [`Table::score`] for any width.
    fn score_any(&self, feats: &[u64], scores: &mut [i32]) {
        let scores = &mut scores[..self.width];
        scores.fill(0);
        for &f in feats {
            if let Some(o) = self.find_wide(key32(f)) {
                for (s, w) in scores.iter_mut().zip(&self.weights[o..o + self.width]) {
                    *s += *w as i32;
                }
            }
        }
    }

    /// Number of feature rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Rows in key order.
    fn rows(&self) -> Vec<(u32, &[i16])> {
        let mut v: Vec<(u32, &[i16])> = self
            .buckets
            .iter()
            .enumerate()
            .flat_map(|(i, b)| {
                b.fps[..SLOTS]
                    .iter()
                    .zip(&b.rows)
                    .filter(|(fp, _)| **fp != 0)
                    .map(move |(fp, r)| {
                        let h = ((i as u32) << self.shift) | *fp as u32;
                        (h.wrapping_mul(GOLDEN_INV), &r[..self.width])
                    })
            })
            .chain(self.spilled.iter().map(|(k, r)| (*k, &r[..self.width])))
            .chain(
                self.wide[..self.wide.len().saturating_sub(WINDOW - 1)]
                    .iter()
                    .filter(|e| e.key != 0)
                    .map(|e| (e.key, &self.weights[e.off as usize..][..self.width])),
            )
            .collect();
        v.sort_by_key(|r| r.0);
        v
    }
}

/// An averaged-perceptron weight table for training (lazy averaging).
#[derive(Debug, Default)]
pub struct TrainTable {
    pub width: usize,
    map: FxHashMap<u64, u32>,
    w: Vec<f32>,
    tot: Vec<f64>,
    ts: Vec<u32>,
    /// The number of training decisions so far.
    pub t: u32,
}

impl TrainTable {
    pub fn new(width: usize) -> TrainTable {
        TrainTable {
            width,
            t: 1,
            ..TrainTable::default()
        }
    }

    /// Current (not averaged) scores.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        let scores = &mut scores[..self.width];
        scores.fill(0.0);
        for f in feats {
            if let Some(&r) = self.map.get(f) {
                let r = r as usize * self.width;
                for (s, w) in scores.iter_mut().zip(&self.w[r..r + self.width]) {
                    *s += *w;
                }
            }
        }
    }

    /// Averaged scores (for evaluating during training).
    pub fn score_avg(&self, feats: &[u64], scores: &mut [f32]) {
        let scores = &mut scores[..self.width];
        scores.fill(0.0);
        for f in feats {
            if let Some(&r) = self.map.get(f) {
                let r = r as usize * self.width;
                for (c, s) in scores.iter_mut().enumerate() {
                    *s += self.avg(r + c) as f32;
                }
            }
        }
    }

    #[inline]
    fn avg(&self, i: usize) -> f64 {
        let t = self.t as f64;
        (self.tot[i] + (self.t - self.ts[i]) as f64 * self.w[i] as f64) / t
    }

    /// Adds `delta` to class `c` of every feature.
    pub fn update(&mut self, feats: &[u64], c: usize, delta: f32) {
        for f in feats {
            let next = self.map.len() as u32;
            let r = *self.map.entry(*f).or_insert(next);
            if r == next {
                self.w.resize(self.w.len() + self.width, 0.0);
                self.tot.resize(self.tot.len() + self.width, 0.0);
                self.ts.resize(self.ts.len() + self.width, self.t);
            }
            let i = r as usize * self.width + c;
            self.tot[i] += (self.t - self.ts[i]) as f64 * self.w[i] as f64;
            self.ts[i] = self.t;
            self.w[i] += delta;
        }
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Averages, quantises to `i16` and drops rows whose largest weight is
    /// below `prune` (as a fraction of the largest weight in the table).
    pub fn export(&self, prune: f64) -> Table {
        let n = self.w.len();
        let avg: Vec<f64> = (0..n).map(|i| self.avg(i)).collect();
        // Scale on the largest weight: clipping the few large (bias-like)
        // weights to a quantile cost 0.2-0.3 UAS, while the resolution left
        // for small weights is ample.
        let q = avg.iter().fold(0.0f64, |m, a| m.max(a.abs()));
        let q = if q > 0.0 { q } else { 1.0 };
        let scale = 32000.0 / q;
        let mut rows = Vec::new();
        for (&f, &r) in &self.map {
            let r = r as usize * self.width;
            let row: Vec<i16> = avg[r..r + self.width]
                .iter()
                .map(|a| (a * scale).round().clamp(-32767.0, 32767.0) as i16)
                .collect();
            let big = avg[r..r + self.width]
                .iter()
                .fold(0.0f64, |m, a| m.max(a.abs()));
            if row.iter().all(|w| *w == 0) || big < prune * q {
                continue;
            }
            rows.push((key32(f), row));
        }
        Table::from_rows(self.width, rows)
    }
}

// ---- file format ----

struct W(Vec<u8>);

impl W {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i16(&mut self, v: i16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn var(&mut self, mut v: u32) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn table(&mut self, t: &Table) {
        let rows = t.rows();
        self.u32(t.width as u32);
        self.u32(rows.len() as u32);
        let mut prev = 0u32;
        for (k, r) in rows {
            self.var(k - prev);
            prev = k;
            let nnz = r.iter().filter(|w| **w != 0).count();
            if nnz * 3 >= t.width * 2 || nnz >= 255 {
                self.u8(255);
                for w in r {
                    self.i16(*w);
                }
            } else {
                self.u8(nnz as u8);
                for (c, w) in r.iter().enumerate().filter(|(_, w)| **w != 0) {
                    self.u8(c as u8);
                    self.i16(*w);
                }
            }
        }
    }
}

struct R<'a> {
    b: &'a [u8],
    pos: usize,
}

impl R<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let s = self
            .b
            .get(self.pos..self.pos + n)
            .ok_or(ModelError::Truncated)?;
        self.pos += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    fn i16(&mut self) -> Result<i16, ModelError> {
        Ok(i16::from_le_bytes(self.take(2)?.try_into().unwrap()))
    }
    fn var(&mut self) -> Result<u32, ModelError> {
        let mut v = 0u32;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            v |= ((b & 0x7F) as u32) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(ModelError::Malformed("varint too long".into()))
    }
    fn table(&mut self) -> Result<Table, ModelError> {
        let width = self.u32()? as usize;
        let n = self.u32()? as usize;
        if width == 0 || width > 255 || n > 1 << 26 {
            return Err(ModelError::Malformed("table size".into()));
        }
        let mut keys = Vec::with_capacity(n);
        let mut flat = vec![0i16; n * width];
        let mut key = 0u32;
        for row in flat.chunks_exact_mut(width) {
            let d = self.var()?;
            if d == 0 && !keys.is_empty() {
                return Err(ModelError::Malformed("keys not increasing".into()));
            }
            key = key
                .checked_add(d)
                .filter(|k| *k != 0)
                .ok_or_else(|| ModelError::Malformed("key out of range".into()))?;
            keys.push(key);
            let nnz = self.u8()?;
            if nnz == 255 {
                let b = self.take(2 * width)?;
                for (w, b) in row.iter_mut().zip(b.chunks_exact(2)) {
                    *w = i16::from_le_bytes([b[0], b[1]]);
                }
            } else {
                for _ in 0..nnz {
                    let c = self.u8()? as usize;
                    let w = self.i16()?;
                    *row.get_mut(c)
                        .ok_or_else(|| ModelError::Malformed("class out of range".into()))? = w;
                }
            }
        }
        Ok(Table::from_flat(width, &keys, &flat))
    }
}

/// Serialises a parser.
pub fn write(p: &Parser) -> Vec<u8> {
    let mut w = W(MAGIC.to_vec());
    w.u32(p.labels.len() as u32);
    for l in &p.labels {
        let s = l.as_str();
        w.u8(s.len() as u8);
        w.0.extend_from_slice(s.as_bytes());
    }
    let mut td: Vec<_> = p.tagger.tagdict.iter().map(|(k, v)| (*k, *v)).collect();
    td.sort_unstable();
    w.u32(td.len() as u32);
    for (k, v) in td {
        w.u64(k);
        w.u8(v);
    }
    let mut amb: Vec<_> = p.tagger.amb.iter().map(|(k, v)| (*k, *v)).collect();
    amb.sort_unstable();
    w.u32(amb.len() as u32);
    for (k, v) in amb {
        w.u64(k);
        w.u32(v);
    }
    w.table(&p.tagger.table);
    w.table(&p.arcs);
    w.table(&p.labeller);
    w.0
}

/// Reads a parser written by [`write`].
pub fn read(b: &[u8]) -> Result<Parser, ModelError> {
    if b.len() < 8 || &b[..8] != MAGIC {
        return Err(ModelError::Magic);
    }
    let mut r = R { b, pos: 8 };
    let nl = r.u32()? as usize;
    if nl == 0 || nl > 64 {
        return Err(ModelError::Malformed("label count".into()));
    }
    let mut labels = Vec::with_capacity(nl);
    for _ in 0..nl {
        let len = r.u8()? as usize;
        let s = std::str::from_utf8(r.take(len)?)
            .map_err(|_| ModelError::Malformed("label not UTF-8".into()))?;
        labels.push(Deprel::from_name(s).unwrap_or(Deprel::DEP));
    }
    let n = r.u32()? as usize;
    let mut tagdict = FxHashMap::default();
    for _ in 0..n {
        let k = r.u64()?;
        tagdict.insert(k, r.u8()?);
    }
    let n = r.u32()? as usize;
    let mut amb = FxHashMap::default();
    for _ in 0..n {
        let k = r.u64()?;
        amb.insert(k, r.u32()?);
    }
    let table = r.table()?;
    let arcs = r.table()?;
    let labeller = r.table()?;
    if table.width != 17 || arcs.width != 4 || labeller.width != labels.len() {
        return Err(ModelError::Malformed("table widths".into()));
    }
    if r.pos != b.len() {
        return Err(ModelError::Malformed("trailing bytes".into()));
    }
    Ok(Parser {
        tagger: Tagger {
            table,
            tagdict,
            amb,
        },
        arcs,
        labeller,
        labels,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys that all fall in bucket 5 of a narrow table of 2^16 buckets: more
    /// than a bucket holds, so some rows are spilled.
    fn crowded_keys(n: u32) -> Vec<u32> {
        (0..n)
            .map(|i| ((5u32 << 16) | (2 * i + 1)).wrapping_mul(GOLDEN_INV))
            .collect()
    }

    #[test]
    fn wide_probes_past_the_window_and_the_end() {
        // Ten keys whose home is the last of the 16 slots: their probes wrap
        // and most run past the first window.
        let keys: Vec<u32> = (0..11)
            .map(|i| ((15u32 << 28) | (2 * i + 1)).wrapping_mul(GOLDEN_INV))
            .collect();
        let rows: Vec<(u32, Vec<i16>)> = keys[..10]
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, (0..17).map(|c| (i * 17 + c) as i16 - 50).collect()))
            .collect();
        let t = Table::from_rows(17, rows.clone());
        assert_eq!(t.wide.len(), 16 + WINDOW - 1);
        let mut s = [0i32; 24];
        for (k, r) in &rows {
            t.score(&[(*k as u64) << 32], &mut s);
            assert_eq!(
                s[..17].to_vec(),
                r.iter().map(|w| *w as i32).collect::<Vec<_>>()
            );
        }
        t.score(&[(keys[10] as u64) << 32], &mut s);
        assert_eq!(s[..17], [0; 17], "a key not in the table scores nothing");
        let got: Vec<u32> = t.rows().iter().map(|r| r.0).collect();
        let mut want = keys[..10].to_vec();
        want.sort();
        assert_eq!(got, want, "the copies past the end are not rows");
    }

    #[test]
    fn narrow_buckets_spill_and_round_trip() {
        let keys = crowded_keys(10);
        let rows: Vec<(u32, Vec<i16>)> = keys
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, vec![i as i16 + 1, 0, -(i as i16), 7]))
            .collect();
        let t = Table::from_rows(4, rows.clone());
        assert_eq!(t.buckets.len(), 1 << 16);
        assert_eq!(t.spilled.len(), 10 - SLOTS, "a full bucket spills the rest");
        assert_eq!(t.buckets[5].fps[7], SPILLED);
        let mut s = [0i32; 4];
        for (k, r) in &rows {
            // A feature whose top half is the key (key32 sets the low bit,
            // which every crowded key has).
            t.score(&[(*k as u64) << 32], &mut s);
            assert_eq!(s.to_vec(), r.iter().map(|w| *w as i32).collect::<Vec<_>>());
        }
        // Another key of the same bucket, not in the table, scores nothing.
        let absent = crowded_keys(11)[10];
        t.score(&[(absent as u64) << 32], &mut s);
        assert_eq!(s, [0; 4]);
        let feats: Vec<u64> = keys.iter().map(|k| (*k as u64) << 32).collect();
        t.score(&feats, &mut s);
        assert_eq!(s, [55, 0, -45, 70]);
        // The file stores the keys themselves, spilled ones included.
        let mut w = W(Vec::new());
        w.table(&t);
        let back = R { b: &w.0, pos: 0 }.table().unwrap();
        let mut sorted = rows.clone();
        sorted.sort();
        let got: Vec<(u32, Vec<i16>)> = back
            .rows()
            .into_iter()
            .map(|(k, r)| (k, r.to_vec()))
            .collect();
        assert_eq!(got, sorted);
    }
}
