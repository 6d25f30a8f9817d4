//! The UPOS tagger: a greedy left-to-right averaged perceptron.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::features::{hash_word, tagger_feats, Tok, NO_TAG, START2_TAG, START_TAG};
use super::model::{Table, TrainTable};
use super::train::{Rng, TrainSent};

pub const NTAGS: usize = 17;

/// A trained tagger.
#[derive(Debug, Clone)]
pub struct Tagger {
    pub table: Table,
    /// Exact word form → its only tag, for frequent unambiguous words.
    pub tagdict: FxHashMap<u64, u8>,
    /// Lower-cased word → bit mask of the tags it had in training.
    pub amb: FxHashMap<u64, u32>,
}

impl Tagger {
    /// Fills a token's dictionary attributes.
    #[inline]
    pub fn lookup(&self, t: &mut Tok) {
        t.fixed = self.tagdict.get(&t.raw).copied().unwrap_or(NO_TAG);
        t.amb = self.amb.get(&t.lower).copied().unwrap_or(0);
        // A word training never saw that is an irregular verb's simple past
        // ("froze", "forbade") is a verb: the suffix features alone guess
        // such words as adjectives or nouns.
        if t.amb == 0 && t.fixed == NO_TAG && unseen_pasts().contains(&t.lower) {
            t.fixed = super::Upos::Verb as u8;
        }
    }

    /// Tags prepared tokens (index 0 is the root) in place.
    pub fn tag_prepared(&self, toks: &mut [Tok], feats: &mut Vec<u64>) {
        let (mut p1, mut p2) = (START_TAG, START2_TAG);
        // Padded to a multiple of 8 so that the table stores its sums directly.
        let mut scores = [0i32; NTAGS.next_multiple_of(8)];
        for i in 1..toks.len() {
            let tag = if toks[i].fixed != NO_TAG {
                toks[i].fixed
            } else {
                tagger_feats(toks, i, p1, p2, feats);
                self.table.score(feats, &mut scores);
                argmax_i32(&scores[..NTAGS]) as u8
            };
            toks[i].tag = tag;
            p2 = p1;
            p1 = tag;
        }
    }
}

/// The lower-case hashes of the irregular simple pasts that are neither the
/// base nor the participle of their verb.
fn unseen_pasts() -> &'static FxHashSet<u64> {
    static PASTS: OnceLock<FxHashSet<u64>> = OnceLock::new();
    PASTS.get_or_init(|| {
        crate::grammar::IRREGULAR_VERBS
            .iter()
            .filter(|&&(base, past, pp)| past != base && past != pp)
            .map(|&(_, past, _)| hash_word(past).lower)
            .collect()
    })
}

/// The index of the first largest score (0 if there is none).
#[inline]
pub fn argmax_i32(s: &[i32]) -> usize {
    // The maximum vectorises; the search for it stops at its first place.
    let m = s.iter().copied().max().unwrap_or(0);
    s.iter().position(|&v| v == m).unwrap_or(0)
}

#[inline]
pub fn argmax_f32(s: &[f32]) -> usize {
    let mut best = 0;
    for i in 1..s.len() {
        if s[i] > s[best] {
            best = i;
        }
    }
    best
}

/// Builds the tag dictionary and ambiguity classes from training sentences.
pub fn build_dicts(sents: &[&TrainSent]) -> (FxHashMap<u64, u8>, FxHashMap<u64, u32>) {
    let mut by_raw: FxHashMap<u64, [u32; NTAGS]> = FxHashMap::default();
    let mut by_lower: FxHashMap<u64, [u32; NTAGS]> = FxHashMap::default();
    for s in sents {
        for i in 1..s.toks.len() {
            let g = s.tags[i] as usize;
            by_raw.entry(s.toks[i].raw).or_insert([0; NTAGS])[g] += 1;
            by_lower.entry(s.toks[i].lower).or_insert([0; NTAGS])[g] += 1;
        }
    }
    let mut tagdict = FxHashMap::default();
    for (k, c) in by_raw {
        let n: u32 = c.iter().sum();
        let (best, &bc) = c.iter().enumerate().max_by_key(|(_, c)| **c).unwrap();
        if n >= 20 && bc as f64 / n as f64 >= 0.995 {
            tagdict.insert(k, best as u8);
        }
    }
    let mut amb = FxHashMap::default();
    for (k, c) in by_lower {
        let n: u32 = c.iter().sum();
        if n < 3 {
            continue;
        }
        let mut m = 0u32;
        for (t, &ct) in c.iter().enumerate() {
            if ct as f64 >= 0.05 * n as f64 {
                m |= 1 << t;
            }
        }
        amb.insert(k, m);
    }
    (tagdict, amb)
}

/// A tagger being trained.
pub struct TaggerTrainer {
    pub tagdict: FxHashMap<u64, u8>,
    pub amb: FxHashMap<u64, u32>,
    pub table: TrainTable,
    feats: Vec<u64>,
}

impl TaggerTrainer {
    pub fn new(sents: &[&TrainSent]) -> TaggerTrainer {
        let (tagdict, amb) = build_dicts(sents);
        TaggerTrainer {
            tagdict,
            amb,
            table: TrainTable::new(NTAGS),
            feats: Vec::new(),
        }
    }

    /// The sentence's tokens with this tagger's dictionary attributes.
    pub fn lookup(&self, toks: &[Tok]) -> Vec<Tok> {
        toks.iter()
            .enumerate()
            .map(|(i, t)| {
                let mut t = *t;
                if i > 0 {
                    t.fixed = self.tagdict.get(&t.raw).copied().unwrap_or(NO_TAG);
                    t.amb = self.amb.get(&t.lower).copied().unwrap_or(0);
                }
                t
            })
            .collect()
    }

    /// One epoch over `sents` (tokens already looked up), in the order given.
    pub fn epoch(&mut self, sents: &[(Vec<Tok>, &[u8])], order: &[usize]) -> (usize, usize) {
        let mut scores = [0f32; NTAGS];
        let (mut right, mut total) = (0, 0);
        for &si in order {
            let (toks, gold) = &sents[si];
            let (mut p1, mut p2) = (START_TAG, START2_TAG);
            for i in 1..toks.len() {
                let g = gold[i];
                let guess = if toks[i].fixed != NO_TAG {
                    toks[i].fixed
                } else {
                    tagger_feats(toks, i, p1, p2, &mut self.feats);
                    self.table.score(&self.feats, &mut scores);
                    let guess = argmax_f32(&scores) as u8;
                    if guess != g {
                        self.table.update(&self.feats, g as usize, 1.0);
                        self.table.update(&self.feats, guess as usize, -1.0);
                    }
                    self.table.t += 1;
                    guess
                };
                right += (guess == g) as usize;
                total += 1;
                p2 = p1;
                p1 = guess;
            }
        }
        (right, total)
    }

    /// Tags with averaged weights (for held-out folds and dev figures).
    pub fn tag_avg(&self, toks: &mut [Tok]) {
        let mut feats = Vec::new();
        let mut scores = [0f32; NTAGS];
        let (mut p1, mut p2) = (START_TAG, START2_TAG);
        for i in 1..toks.len() {
            let tag = if toks[i].fixed != NO_TAG {
                toks[i].fixed
            } else {
                tagger_feats(toks, i, p1, p2, &mut feats);
                self.table.score_avg(&feats, &mut scores);
                argmax_f32(&scores) as u8
            };
            toks[i].tag = tag;
            p2 = p1;
            p1 = tag;
        }
    }

    pub fn finish(self, prune: f64) -> Tagger {
        Tagger {
            table: self.table.export(prune),
            tagdict: self.tagdict,
            amb: self.amb,
        }
    }
}

/// Shuffles `0..n` deterministically.
pub fn shuffled(n: usize, rng: &mut Rng) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.below(i + 1);
        v.swap(i, j);
    }
    v
}
