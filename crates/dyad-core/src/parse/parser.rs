//! The arc-eager transition system, its features, the dynamic oracle, and
//! greedy parsing.
//!
//! The stack starts with the root (0), which takes exactly one dependent.
//! Transitions: SHIFT, REDUCE, LEFT-ARC (buffer front → stack top) and
//! RIGHT-ARC (stack top → buffer front). Arcs are labelled when made, by a
//! separate classifier.

use super::features::Tok;
use super::hash::{feat, mix, put_feats};
use super::model::TrainTable;
use super::tagger::{argmax_f32, argmax_i32};
use super::train::Rng;
use super::Parser;

pub const SHIFT: usize = 0;
pub const REDUCE: usize = 1;
pub const LEFT: usize = 2;
pub const RIGHT: usize = 3;
pub const NONE: u32 = u32::MAX;
const NO_LABEL: u8 = 254;

/// A parser configuration; also the arc set under construction.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub n: usize,
    pub stack: Vec<u32>,
    /// Front of the buffer; the buffer is `b..=n`.
    pub b: u32,
    pub heads: Vec<u32>,
    pub labels: Vec<u8>,
    lc1: Vec<u32>,
    lc2: Vec<u32>,
    rc1: Vec<u32>,
    rc2: Vec<u32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    pub root_child: u32,
}

impl State {
    pub fn init(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.stack.push(0);
        self.b = 1;
        for v in [
            &mut self.heads,
            &mut self.lc1,
            &mut self.lc2,
            &mut self.rc1,
            &mut self.rc2,
        ] {
            v.clear();
            v.resize(n + 1, NONE);
        }
        self.labels.clear();
        self.labels.resize(n + 1, NO_LABEL);
        self.nl.clear();
        self.nl.resize(n + 1, 0);
        self.nr.clear();
        self.nr.resize(n + 1, 0);
        self.lset.clear();
        self.lset.resize(n + 1, 0);
        self.rset.clear();
        self.rset.resize(n + 1, 0);
        self.root_child = NONE;
    }

    #[inline]
    pub fn terminal(&self) -> bool {
        self.b as usize > self.n
    }

    #[inline]
    pub fn top(&self) -> u32 {
        *self.stack.last().unwrap()
    }

    pub fn valid(&self) -> [bool; 4] {
        let s = self.top();
        let buf = !self.terminal();
        [
            buf,
            s != 0 && self.heads[s as usize] != NONE,
            buf && s != 0 && self.heads[s as usize] == NONE,
            buf && (s != 0 || self.root_child == NONE),
        ]
    }

    /// The (head, dependent) of an arc action.
    #[inline]
    pub fn arc_of(&self, action: usize) -> (u32, u32) {
        if action == LEFT {
            (self.b, self.top())
        } else {
            (self.top(), self.b)
        }
    }

    pub fn add_arc(&mut self, h: u32, d: u32, label: u8) {
        let (hu, du) = (h as usize, d as usize);
        self.heads[du] = h;
        self.labels[du] = label;
        let bit = 1u64 << (label & 63);
        if d < h {
            self.nl[hu] = self.nl[hu].saturating_add(1);
            self.lset[hu] |= bit;
            if self.lc1[hu] == NONE || d < self.lc1[hu] {
                self.lc2[hu] = self.lc1[hu];
                self.lc1[hu] = d;
            } else if self.lc2[hu] == NONE || d < self.lc2[hu] {
                self.lc2[hu] = d;
            }
        } else {
            self.nr[hu] = self.nr[hu].saturating_add(1);
            self.rset[hu] |= bit;
            if self.rc1[hu] == NONE || d > self.rc1[hu] {
                self.rc2[hu] = self.rc1[hu];
                self.rc1[hu] = d;
            } else if self.rc2[hu] == NONE || d > self.rc2[hu] {
                self.rc2[hu] = d;
            }
        }
        if h == 0 {
            self.root_child = d;
        }
    }

    pub fn apply(&mut self, action: usize, label: u8) {
        match action {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            REDUCE => {
                self.stack.pop();
            }
            LEFT => {
                let (h, d) = self.arc_of(LEFT);
                self.add_arc(h, d, label);
                self.stack.pop();
            }
            _ => {
                let (h, d) = self.arc_of(RIGHT);
                self.add_arc(h, d, label);
                self.stack.push(self.b);
                self.b += 1;
            }
        }
    }

    /// Dynamic-oracle costs (gold arcs made unreachable) of each action.
    pub fn costs(&self, gh: &[u32]) -> [u32; 4] {
        let s = self.top();
        let mut c = [u32::MAX; 4];
        let valid = self.valid();
        let b = self.b;
        let in_stack = |x: u32| self.stack.contains(&x);
        let root_free = self.root_child == NONE;
        let reachable_head_in_stack = |d: u32| {
            let h = gh[d as usize];
            in_stack(h) && (h != 0 || root_free)
        };
        let deps_in_stack = |h: u32| {
            self.stack
                .iter()
                .filter(|&&k| k != 0 && self.heads[k as usize] == NONE && gh[k as usize] == h)
                .count() as u32
        };
        let deps_in_buffer = |h: u32, from: u32| {
            (from..=self.n as u32)
                .filter(|&k| gh[k as usize] == h)
                .count() as u32
        };
        if valid[SHIFT] {
            c[SHIFT] = reachable_head_in_stack(b) as u32 + deps_in_stack(b);
        }
        if valid[RIGHT] {
            let mut cost = deps_in_stack(b);
            let h = gh[b as usize];
            if h != s {
                cost += (reachable_head_in_stack(b) || h > b) as u32;
                if s == 0 && root_free {
                    cost += 1; // the root's one dependent is taken by the wrong word
                }
            }
            c[RIGHT] = cost;
        }
        if valid[LEFT] {
            let h = gh[s as usize];
            c[LEFT] = (h > b) as u32 + deps_in_buffer(s, b);
        }
        if valid[REDUCE] {
            c[REDUCE] = deps_in_buffer(s, b);
        }
        c
    }
}

/// Reusable buffers for one sentence.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    pub toks: Vec<Tok>,
    pub feats: Vec<u64>,
    pub lfeats: Vec<u64>,
    pub state: State,
}

const NONE_W: u64 = 0x4E4F_4E45;
const NONE_P: u64 = 21;

#[inline(always)]
fn dist(a: u32, b: u32) -> u64 {
    if a == 0 {
        return 15;
    }
    let d = a.abs_diff(b) as u64;
    match d {
        0..=4 => d,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

/// `f` of `v[x]`, or `none` where `x` is past `v` ([`NONE`], or a word past
/// the sentence's end). An element is read either way (the index clamped),
/// so that the choice is a conditional move: as a branch, the many missing
/// relatives of a state made it guessed wrong often.
#[inline(always)]
fn pick<T, U: Copy>(v: &[T], x: u32, none: U, f: impl Fn(&T) -> U) -> U {
    let got = f(&v[(x as usize).min(v.len() - 1)]);
    if (x as usize) < v.len() {
        got
    } else {
        none
    }
}

/// Zhang & Nivre (2011) features, plus the second stack item, lookahead
/// pairs and suffixes (templates 73-90).
pub fn arc_feats(st: &State, toks: &[Tok], out: &mut Vec<u64>) {
    let n = st.n as u32;
    let w = |x: u32| pick(toks, x, NONE_W, |t| t.norm);
    let p = |x: u32| pick(toks, x, NONE_P, |t| t.tag as u64);
    let l = |x: u32| pick(&st.labels, x, NO_LABEL as u64 + 1, |l| *l as u64);
    let suf = |x: u32| toks[x as usize].suf[2];
    let at = |v: &Vec<u32>, x: u32| pick(v, x, NONE, |y| *y);
    let s0 = st.top();
    let n0 = st.b;
    let n1 = if n0 < n { n0 + 1 } else { NONE };
    let n2 = if n0 + 1 < n { n0 + 2 } else { NONE };
    let s1 = if st.stack.len() >= 2 {
        st.stack[st.stack.len() - 2]
    } else {
        NONE
    };
    let s0h = if s0 == 0 { NONE } else { st.heads[s0 as usize] };
    let s0h2 = if s0h == NONE || s0h == 0 {
        NONE
    } else {
        st.heads[s0h as usize]
    };
    let (s0l, s0l2, s0r, s0r2) = (
        at(&st.lc1, s0),
        at(&st.lc2, s0),
        at(&st.rc1, s0),
        at(&st.rc2, s0),
    );
    let (n0l, n0l2) = (at(&st.lc1, n0), at(&st.lc2, n0));
    let (s0w, s0p, n0w, n0p) = (w(s0), p(s0), w(n0), p(n0));
    let (n1w, n1p, n2w, n2p) = (w(n1), p(n1), w(n2), p(n2));
    let s0wp = mix(s0w, s0p);
    let n0wp = mix(n0w, n0p);
    let d = dist(s0, n0);
    let (vl, vr) = (st.nl[s0 as usize] as u64, st.nr[s0 as usize] as u64);
    let n0vl = st.nl[n0 as usize] as u64;
    let (sl, sr, n0sl) = (
        st.lset[s0 as usize],
        st.rset[s0 as usize],
        st.lset[n0 as usize],
    );
    let f = feat;
    put_feats!(out;
        f(0, 0, 0, 0),
        f(1, s0wp, 0, 0),
        f(2, s0w, 0, 0),
        f(3, s0p, 0, 0),
        f(4, n0wp, 0, 0),
        f(5, n0w, 0, 0),
        f(6, n0p, 0, 0),
        f(7, n1w, n1p, 0),
        f(8, n1w, 0, 0),
        f(9, n1p, 0, 0),
        f(10, n2w, n2p, 0),
        f(11, n2w, 0, 0),
        f(12, n2p, 0, 0),
        f(13, s0wp, n0wp, 0),
        f(14, s0wp, n0w, 0),
        f(15, s0w, n0wp, 0),
        f(16, s0wp, n0p, 0),
        f(17, s0p, n0wp, 0),
        f(18, s0w, n0w, 0),
        f(19, s0p, n0p, 0),
        f(20, n0p, n1p, 0),
        f(21, n0p, n1p, n2p),
        f(22, s0p, n0p, n1p),
        f(23, p(s0h), s0p, n0p),
        f(24, s0p, p(s0l), n0p),
        f(25, s0p, p(s0r), n0p),
        f(26, s0p, n0p, p(n0l)),
        f(27, s0w, d, 0),
        f(28, s0p, d, 0),
        f(29, n0w, d, 0),
        f(30, n0p, d, 0),
        f(31, s0w, n0w, d),
        f(32, s0p, n0p, d),
        f(33, s0w, vr, 0),
        f(34, s0p, vr, 0),
        f(35, s0w, vl, 0),
        f(36, s0p, vl, 0),
        f(37, n0w, n0vl, 0),
        f(38, n0p, n0vl, 0),
        f(39, w(s0h), 0, 0),
        f(40, p(s0h), 0, 0),
        f(41, l(s0), 0, 0),
        f(42, w(s0l), 0, 0),
        f(43, p(s0l), 0, 0),
        f(44, l(s0l), 0, 0),
        f(45, w(s0r), 0, 0),
        f(46, p(s0r), 0, 0),
        f(47, l(s0r), 0, 0),
        f(48, w(n0l), 0, 0),
        f(49, p(n0l), 0, 0),
        f(50, l(n0l), 0, 0),
        f(51, w(s0h2), 0, 0),
        f(52, p(s0h2), 0, 0),
        f(53, l(s0h), 0, 0),
        f(54, w(s0l2), 0, 0),
        f(55, p(s0l2), 0, 0),
        f(56, l(s0l2), 0, 0),
        f(57, w(s0r2), 0, 0),
        f(58, p(s0r2), 0, 0),
        f(59, l(s0r2), 0, 0),
        f(60, w(n0l2), 0, 0),
        f(61, p(n0l2), 0, 0),
        f(62, l(n0l2), 0, 0),
        f(63, s0p, p(s0l), p(s0l2)),
        f(64, s0p, p(s0r), p(s0r2)),
        f(65, s0p, p(s0h), p(s0h2)),
        f(66, n0p, p(n0l), p(n0l2)),
        f(67, s0w, sr, 0),
        f(68, s0p, sr, 0),
        f(69, s0w, sl, 0),
        f(70, s0p, sl, 0),
        f(71, n0w, n0sl, 0),
        f(72, n0p, n0sl, 0),
        f(73, w(s1), 0, 0),
        f(74, p(s1), 0, 0),
        f(75, p(s1), s0p, n0p),
        f(76, p(s1), l(s1), s0p),
        f(77, l(s0), s0p, n0p),
        f(78, p(n0 - 1), n0p, s0p),
        f(79, (st.root_child == NONE) as u64, s0p, n0p),
        // Beyond Zhang & Nivre: the second stack item's word, lookahead
        // pairs, and suffixes for words the tagger is unsure of.
        f(80, w(s1), s0w, 0),
        f(81, w(s1), n0w, 0),
        f(82, p(s1), n0p, 0),
        f(83, n0w, n1w, 0),
        f(84, s0w, n0p, n1p),
        f(85, s0p, n0w, n1p),
        f(86, s0p, n0p, n1w),
        f(87, p(s0l), l(s0l), n0p),
        f(88, l(s0r), s0p, n0p),
        f(89, suf(s0), n0p, 0),
        f(90, s0p, suf(n0), 0),
    );
}

/// Features for labelling the arc `h → d`.
pub fn label_feats(st: &State, toks: &[Tok], h: u32, d: u32, out: &mut Vec<u64>) {
    let (ht, dt) = (&toks[h as usize], &toks[d as usize]);
    let (hw, hp, dw, dp) = (ht.norm, ht.tag as u64, dt.norm, dt.tag as u64);
    let p = |x: u32| pick(toks, x, NONE_P, |t| t.tag as u64);
    let l = |x: u32| pick(&st.labels, x, NO_LABEL as u64 + 1, |l| *l as u64);
    let w = |x: u32| pick(toks, x, NONE_W, |t| t.norm);
    let dir = (d < h) as u64;
    let ds = dist(h, d);
    let (du, hu) = (d as usize, h as usize);
    let hh = if h == 0 { NONE } else { st.heads[hu] };
    let f = feat;
    put_feats!(out;
        f(100, 0, 0, 0),
        f(101, dw, 0, 0),
        f(102, dp, 0, 0),
        f(103, hw, 0, 0),
        f(104, hp, 0, 0),
        f(105, hp, dp, dir),
        f(106, hw, dp, dir),
        f(107, hp, dw, dir),
        f(108, hw, dw, 0),
        f(109, dp, dir, ds),
        f(110, hp, dir, ds),
        f(111, hp, dp, ds * 2 + dir),
        f(112, dp, p(st.lc1[du]), l(st.lc1[du])),
        f(113, dp, p(st.rc1[du]), l(st.rc1[du])),
        f(114, dp, st.lset[du], st.rset[du]),
        f(115, dp, dir, st.lset[hu]),
        f(116, dp, dir, st.rset[hu]),
        f(117, hp, l(h), dp),
        f(118, dp, p(d - 1), p(d + 1)),
        f(119, hp, p(h.wrapping_sub(1)), p(h + 1)),
        f(120, dp, dt.suf[2], dir),
        f(121, dp, dt.shape, 0),
        f(122, hp, dp, p(hh)),
        f(123, dw, dir, 0),
        f(124, hw, dir, hp),
        f(125, dp, hp, st.nl[du] as u64 * 16 + st.nr[du] as u64),
        f(126, dp, hp, (d == 1) as u64),
        // The nearest finished children: case markers and auxiliaries.
        f(127, hp, dp, w(st.lc1[du])),
        f(128, dw, w(st.lc1[du]), 0),
        f(129, dp, w(st.rc1[du]), dir),
        f(130, dp, hp, w(st.lc1[hu])),
    );
}

/// Greedy parsing with the chooser functions given.
#[allow(clippy::too_many_arguments)]
fn greedy(
    st: &mut State,
    toks: &[Tok],
    feats: &mut Vec<u64>,
    lfeats: &mut Vec<u64>,
    root_label: u8,
    mut choose: impl FnMut(&[u64], [bool; 4]) -> usize,
    mut label: impl FnMut(&[u64]) -> u8,
) {
    st.init(toks.len() - 1);
    while !st.terminal() {
        let valid = st.valid();
        // A forced move (the root on the stack with its one dependent taken:
        // only SHIFT) needs no features and no scores.
        let a = if valid.iter().filter(|v| **v).count() == 1 {
            valid.iter().position(|v| *v).unwrap_or(SHIFT)
        } else {
            arc_feats(st, toks, feats);
            choose(feats, valid)
        };
        let lab = if a == LEFT || a == RIGHT {
            let (h, d) = st.arc_of(a);
            if h == 0 {
                root_label
            } else {
                label_feats(st, toks, h, d, lfeats);
                label(lfeats)
            }
        } else {
            0
        };
        st.apply(a, lab);
    }
    // Words left without a head: the first becomes the root's dependent if
    // it has none, the others attach to it.
    for d in 1..=st.n as u32 {
        if st.heads[d as usize] != NONE {
            continue;
        }
        if st.root_child == NONE {
            st.add_arc(0, d, root_label);
        } else {
            let h = st.root_child;
            label_feats(st, toks, h, d, lfeats);
            let lab = label(lfeats);
            st.add_arc(h, d, lab);
        }
    }
}

fn best_valid_i32(scores: &[i32], valid: [bool; 4]) -> usize {
    let mut best = usize::MAX;
    for a in 0..4 {
        if valid[a] && (best == usize::MAX || scores[a] > scores[best]) {
            best = a;
        }
    }
    best
}

fn best_valid_f32(scores: &[f32], valid: [bool; 4]) -> usize {
    let mut best = usize::MAX;
    for a in 0..4 {
        if valid[a] && (best == usize::MAX || scores[a] > scores[best]) {
            best = a;
        }
    }
    best
}

fn root_label_of(p: &Parser) -> u8 {
    p.labels
        .iter()
        .position(|l| *l == super::Deprel::ROOT)
        .unwrap_or(0) as u8
}

/// Parses tagged tokens in `sc` with a run-time model.
pub fn parse_prepared(p: &Parser, sc: &mut Scratch) {
    let root = root_label_of(p);
    let mut scores = [0i32; 4];
    let mut lscores = [0i32; 64];
    let nl = p.labels.len();
    let Scratch {
        toks,
        feats,
        lfeats,
        state,
    } = sc;
    greedy(
        state,
        toks,
        feats,
        lfeats,
        root,
        |f, valid| {
            p.arcs.score(f, &mut scores);
            best_valid_i32(&scores, valid)
        },
        |f| {
            p.labeller.score(f, &mut lscores);
            lscores[root as usize] = i32::MIN;
            argmax_i32(&lscores[..nl]) as u8
        },
    );
}

/// The parser being trained.
pub struct ParserTrainer {
    pub arcs: TrainTable,
    pub labeller: TrainTable,
    pub root_label: u8,
    nlabels: usize,
    feats: Vec<u64>,
    lfeats: Vec<u64>,
    pub state: State,
}

impl ParserTrainer {
    pub fn new(nlabels: usize, root_label: u8) -> ParserTrainer {
        ParserTrainer {
            arcs: TrainTable::new(4),
            labeller: TrainTable::new(nlabels),
            root_label,
            nlabels,
            feats: Vec::new(),
            lfeats: Vec::new(),
            state: State::default(),
        }
    }

    /// One training pass over a sentence with the dynamic oracle; the model's
    /// own choices are followed with probability `explore`.
    pub fn train_sentence(
        &mut self,
        toks: &[Tok],
        gh: &[u32],
        gl: &[u8],
        explore: f64,
        rng: &mut Rng,
    ) {
        let st = &mut self.state;
        st.init(toks.len() - 1);
        let mut scores = [0f32; 4];
        let mut lscores = vec![0f32; self.nlabels];
        while !st.terminal() {
            arc_feats(st, toks, &mut self.feats);
            self.arcs.score(&self.feats, &mut scores);
            let valid = st.valid();
            let costs = st.costs(gh);
            let pred = best_valid_f32(&scores, valid);
            let min = *costs.iter().min().unwrap();
            let mut gold = usize::MAX;
            for a in 0..4 {
                if costs[a] == min && (gold == usize::MAX || scores[a] > scores[gold]) {
                    gold = a;
                }
            }
            if costs[pred] > min {
                self.arcs.update(&self.feats, gold, 1.0);
                self.arcs.update(&self.feats, pred, -1.0);
            }
            self.arcs.t += 1;
            let follow = costs[pred] == min || (explore > 0.0 && rng.f64() < explore);
            let a = if follow { pred } else { gold };
            let lab = if a == LEFT || a == RIGHT {
                let (h, d) = st.arc_of(a);
                if h == 0 {
                    self.root_label
                } else {
                    label_feats(st, toks, h, d, &mut self.lfeats);
                    self.labeller.score(&self.lfeats, &mut lscores);
                    lscores[self.root_label as usize] = f32::MIN;
                    let lp = argmax_f32(&lscores) as u8;
                    let mut lab = lp;
                    if gh[d as usize] == h {
                        let g = gl[d as usize];
                        if lp != g {
                            self.labeller.update(&self.lfeats, g as usize, 1.0);
                            self.labeller.update(&self.lfeats, lp as usize, -1.0);
                        }
                        self.labeller.t += 1;
                        if !follow || rng.f64() >= explore {
                            lab = g;
                        }
                    }
                    lab
                }
            } else {
                0
            };
            st.apply(a, lab);
        }
    }

    /// Parses with averaged weights (for dev figures during training).
    pub fn parse_avg(&mut self, toks: &[Tok]) -> &State {
        let mut scores = [0f32; 4];
        let mut lscores = vec![0f32; self.nlabels];
        let (arcs, labeller, root) = (&self.arcs, &self.labeller, self.root_label);
        greedy(
            &mut self.state,
            toks,
            &mut self.feats,
            &mut self.lfeats,
            root,
            |f, valid| {
                arcs.score_avg(f, &mut scores);
                best_valid_f32(&scores, valid)
            },
            |f| {
                labeller.score_avg(f, &mut lscores);
                lscores[root as usize] = f32::MIN;
                argmax_f32(&lscores) as u8
            },
        );
        &self.state
    }
}
