//! Weight tables (training and run time) and the model file format.
//!
//! At run time a feature's 64-bit hash is cut to a 32-bit key, looked up in an
//! open-addressing table (linear probing, load ≤ 0.5) that gives a dense row of
//! `i16` class weights. The file stores rows sorted by key, keys delta-coded,
//! rows sparse where that is smaller.

use rustc_hash::FxHashMap;

use super::tagger::Tagger;
use super::{Deprel, Parser};

const MAGIC: &[u8; 8] = b"DYADPRS1";

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

#[inline(always)]
fn key32(f: u64) -> u32 {
    let k = (f >> 32) as u32;
    if k == 0 {
        1
    } else {
        k
    }
}

/// A run-time weight table.
///
/// Narrow tables (the transition scorer's four classes) keep each row inline
/// beside its key, so a lookup touches one cache line; wide ones keep a row
/// index. Either way, [`Table::score`] first prefetches every probe slot so
/// that the cache misses of one sentence state overlap.
#[derive(Debug, Clone)]
pub struct Table {
    pub width: usize,
    shift: u32,
    mask: usize,
    inline: bool,
    /// Per slot, in i16 units: key (two halves, 0 = empty) then either the
    /// row inline (`inline`) or the row index (two halves).
    slots: Vec<i16>,
    stride: usize,
    weights: Vec<i16>,
    rows: usize,
}

const INLINE_MAX: usize = 6;

#[inline(always)]
fn get32(v: &[i16], i: usize) -> u32 {
    (v[i] as u16 as u32) | ((v[i + 1] as u16 as u32) << 16)
}

#[inline(always)]
fn put32(v: &mut [i16], i: usize, x: u32) {
    v[i] = x as u16 as i16;
    v[i + 1] = (x >> 16) as u16 as i16;
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
        // Load factor at most 0.7.
        let cap = ((rows.len() * 10).div_ceil(7)).next_power_of_two().max(16);
        let bits = cap.trailing_zeros();
        let inline = width <= INLINE_MAX;
        let stride = if inline { 2 + width } else { 4 };
        let mut t = Table {
            width,
            shift: 32 - bits,
            mask: cap - 1,
            inline,
            slots: vec![0; cap * stride],
            stride,
            weights: Vec::new(),
            rows: rows.len(),
        };
        if !inline {
            t.weights.reserve(rows.len() * width);
        }
        for (i, (k, r)) in rows.iter().enumerate() {
            let mut s = t.slot(*k);
            while get32(&t.slots, s * stride) != 0 {
                s = (s + 1) & t.mask;
            }
            let o = s * stride;
            put32(&mut t.slots, o, *k);
            if inline {
                t.slots[o + 2..o + 2 + width].copy_from_slice(r);
            } else {
                put32(&mut t.slots, o + 2, i as u32);
                t.weights.extend_from_slice(r);
            }
        }
        t
    }

    #[inline(always)]
    fn slot(&self, k: u32) -> usize {
        (k.wrapping_mul(0x9E37_79B1) >> self.shift) as usize
    }

    /// The row of a feature.
    #[inline(always)]
    pub fn row(&self, f: u64) -> Option<&[i16]> {
        let k = key32(f);
        let mut s = self.slot(k);
        loop {
            let o = s * self.stride;
            let key = get32(&self.slots, o);
            if key == k {
                return Some(if self.inline {
                    &self.slots[o + 2..o + 2 + self.width]
                } else {
                    let r = get32(&self.slots, o + 2) as usize * self.width;
                    &self.weights[r..r + self.width]
                });
            }
            if key == 0 {
                return None;
            }
            s = (s + 1) & self.mask;
        }
    }

    #[inline(always)]
    fn prefetch(&self, f: u64) {
        #[cfg(target_arch = "x86_64")]
        {
            let o = self.slot(key32(f)) * self.stride;
            // SAFETY: prefetching is a hint; the address is inside `slots`.
            unsafe {
                use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
                _mm_prefetch::<_MM_HINT_T0>(self.slots.as_ptr().add(o) as *const i8);
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = f;
    }

    /// Adds the rows of `feats` into `scores` (length `width`).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        let scores = &mut scores[..self.width];
        scores.fill(0);
        for &f in feats {
            self.prefetch(f);
        }
        for &f in feats {
            if let Some(r) = self.row(f) {
                for (s, w) in scores.iter_mut().zip(r) {
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
        let mut v: Vec<(u32, &[i16])> = (0..=self.mask)
            .filter_map(|s| {
                let o = s * self.stride;
                let k = get32(&self.slots, o);
                (k != 0).then(|| {
                    let r = if self.inline {
                        &self.slots[o + 2..o + 2 + self.width]
                    } else {
                        let r = get32(&self.slots, o + 2) as usize * self.width;
                        &self.weights[r..r + self.width]
                    };
                    (k, r)
                })
            })
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
        let mut rows = Vec::with_capacity(n);
        let mut key = 0u32;
        for _ in 0..n {
            key = key.wrapping_add(self.var()?);
            let nnz = self.u8()?;
            let mut row = vec![0i16; width];
            if nnz == 255 {
                for w in row.iter_mut() {
                    *w = self.i16()?;
                }
            } else {
                for _ in 0..nnz {
                    let c = self.u8()? as usize;
                    let w = self.i16()?;
                    *row.get_mut(c)
                        .ok_or_else(|| ModelError::Malformed("class out of range".into()))? = w;
                }
            }
            rows.push((key, row));
        }
        Ok(Table::from_rows(width, rows))
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
