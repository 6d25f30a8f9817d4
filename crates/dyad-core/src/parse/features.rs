//! Per-token hashed attributes and the tagger's feature templates.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use super::hash::{feat, finish, fold_char, lower_char, mix, put_feats};
use super::tagger::Tagger;

/// No tag yet / not a word.
pub const NO_TAG: u8 = 255;
/// Tag values used as context beyond the sentence.
pub const START_TAG: u8 = 17;
pub const START2_TAG: u8 = 18;
pub const ROOT_TAG: u8 = 19;

/// Hashed attributes of one token. Index 0 of a prepared sentence is the root.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tok {
    pub raw: u64,
    pub lower: u64,
    pub pre: [u64; 3],
    pub suf: [u64; 4],
    pub shape: u64,
    /// Bit mask of the tags the word had in training (0 = rare or unseen).
    pub amb: u32,
    /// The word as the parser sees it: lower-cased, numbers by shape.
    pub norm: u64,
    /// Tag from the tag dictionary, or [`NO_TAG`].
    pub fixed: u8,
    /// The predicted (or, in training, assigned) tag.
    pub tag: u8,
}

const PAD_START: Tok = pad(0x57A7);
const PAD_END: Tok = pad(0xE4D);

const fn pad(v: u64) -> Tok {
    Tok {
        raw: v,
        lower: v,
        pre: [v; 3],
        suf: [v; 4],
        shape: v,
        amb: 1 << 31,
        norm: v,
        fixed: NO_TAG,
        tag: START_TAG,
    }
}

/// Hashes one word's attributes.
pub fn hash_word(w: &str) -> Tok {
    let mut raw = 0x5151_u64;
    let mut lower = 0x5151_u64;
    let mut pre = [0u64; 3];
    let mut last = ['\0'; 4];
    let mut nchars = 0usize;
    let mut shape = 0x5A_u64;
    let mut prev_class = '\0';
    let mut run = 0;
    let mut first_digit = false;
    for c in w.chars() {
        let c = fold_char(c);
        let l = lower_char(c);
        raw = mix(raw, c as u64);
        lower = mix(lower, l as u64);
        if nchars < 3 {
            pre[nchars] = finish(lower);
        }
        last[nchars % 4] = l;
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if nchars == 0 {
            first_digit = class == 'd';
        }
        if class == prev_class {
            run += 1;
        } else {
            run = 1;
            prev_class = class;
        }
        if run <= 2 {
            shape = mix(shape, class as u64);
        }
        nchars += 1;
    }
    for (p, x) in pre.iter_mut().enumerate().skip(nchars) {
        *x = finish(lower) ^ 0xF00 ^ p as u64;
    }
    let mut suf = [0u64; 4];
    for (k, s) in suf.iter_mut().enumerate() {
        let len = k + 1;
        if len > nchars {
            *s = finish(lower) ^ 0xBEEF ^ len as u64;
            continue;
        }
        let mut h = 0x5151_u64;
        for j in (nchars - len)..nchars {
            h = mix(h, last[j % 4] as u64);
        }
        *s = finish(h);
    }
    let shape = finish(shape);
    let lower = finish(lower);
    Tok {
        raw: finish(raw),
        lower,
        pre,
        suf,
        shape,
        amb: 0,
        norm: if first_digit { shape ^ 0xD161 } else { lower },
        fixed: NO_TAG,
        tag: NO_TAG,
    }
}

/// Most words a thread parses it has parsed before ("the", "said", names
/// of the day's news): finding a word's hashed attributes in a map costs a
/// tenth of hashing them again. The map is emptied when it holds this many
/// words, so that it stays a few MB a thread.
const HASHED_WORDS: usize = 1 << 15;

thread_local! {
    static HASHED: RefCell<FxHashMap<Box<str>, Tok>> = RefCell::new(FxHashMap::default());
}

/// [`hash_word`], remembered.
fn hash_word_cached(w: &str) -> Tok {
    HASHED.with_borrow_mut(|m| {
        if let Some(t) = m.get(w) {
            return *t;
        }
        let t = hash_word(w);
        if m.len() >= HASHED_WORDS {
            m.clear();
        }
        m.insert(w.into(), t);
        t
    })
}

/// Fills `out` with the root at index 0 then one [`Tok`] per word.
pub fn prepare<S: AsRef<str>>(words: &[S], tagger: &Tagger, out: &mut Vec<Tok>) {
    out.clear();
    out.push(Tok {
        tag: ROOT_TAG,
        norm: 0x2007,
        ..pad(0x2007)
    });
    for w in words {
        let mut t = hash_word_cached(w.as_ref());
        tagger.lookup(&mut t);
        out.push(t);
    }
}

/// The token at 1-based position `i` of the sentence, or padding.
#[inline(always)]
fn ctx(toks: &[Tok], i: isize) -> &Tok {
    if i < 1 {
        &PAD_START
    } else if i as usize >= toks.len() {
        &PAD_END
    } else {
        &toks[i as usize]
    }
}

/// The tagger's features for word `i` (1-based) given the previous two tags.
pub fn tagger_feats(toks: &[Tok], i: usize, p1: u8, p2: u8, out: &mut Vec<u64>) {
    let ii = i as isize;
    let w = &toks[i];
    let (m1, m2, n1, n2) = (
        ctx(toks, ii - 1),
        ctx(toks, ii - 2),
        ctx(toks, ii + 1),
        ctx(toks, ii + 2),
    );
    let (p1, p2) = (p1 as u64, p2 as u64);
    let f = |t: u64, a: u64, b: u64| feat(t, a, b, 0);
    put_feats!(out;
        f(0, 0, 0),
        f(1, w.raw, 0),
        f(2, w.lower, 0),
        f(3, w.suf[0], 0),
        f(4, w.suf[1], 0),
        f(5, w.suf[2], 0),
        f(6, w.suf[3], 0),
        f(7, w.pre[0], 0),
        f(8, w.pre[1], 0),
        f(9, w.pre[2], 0),
        f(10, w.shape, 0),
        f(11, p1, 0),
        f(12, p2, 0),
        f(13, p1, p2),
        f(14, p1, w.lower),
        f(15, m1.lower, 0),
        f(16, m1.suf[2], 0),
        f(17, m2.lower, 0),
        f(18, n1.lower, 0),
        f(19, n1.suf[2], 0),
        f(20, n2.lower, 0),
        f(21, n1.shape, 0),
        f(22, m1.shape, 0),
        f(23, m1.lower, w.lower),
        f(24, w.lower, n1.lower),
        f(25, n1.amb as u64, 0),
        f(26, n2.amb as u64, 0),
        f(27, w.amb as u64, 0),
        f(28, p1, n1.amb as u64),
        f(29, (i == 1) as u64, w.shape),
        f(30, p1, w.suf[2]),
        f(31, w.amb as u64, n1.amb as u64),
        f(32, m1.amb as u64, w.amb as u64),
        f(33, p1, w.shape),
        f(34, w.suf[2], n1.lower),
        f(35, m1.lower, w.suf[2]),
    );
}
