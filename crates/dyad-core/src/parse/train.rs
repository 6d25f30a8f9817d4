//! Training: jackknifed tagging, the tagger, the parser, and progress reports.

use super::conllu::Sentence;
use super::eval::{self, Scores};
use super::features::{hash_word, prepare, Tok, ROOT_TAG};
use super::parser::{ParserTrainer, NONE};
use super::tagger::{shuffled, TaggerTrainer};
use super::{Deprel, Parser};

/// A small deterministic random number generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A training sentence: hashed tokens (root at 0), gold tags, heads and labels.
#[derive(Debug, Clone)]
pub struct TrainSent {
    pub toks: Vec<Tok>,
    pub tags: Vec<u8>,
    pub heads: Vec<u32>,
    pub labels: Vec<u8>,
}

/// Training settings. The defaults are the ones the shipped model was trained with.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// Folds for jackknifed training tags.
    pub folds: usize,
    pub seed: u64,
    /// Probability of following the model's own (wrong) transition, from the second epoch on.
    pub explore: f64,
    /// Rows whose largest weight is below this fraction of the table's scale are dropped.
    pub prune: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger_epochs: 8,
            parser_epochs: 15,
            folds: 5,
            seed: 13,
            explore: 0.9,
            prune: 0.014,
        }
    }
}

/// What training reports as it goes.
#[derive(Debug, Clone)]
pub enum Progress {
    /// A stage begins with this many steps.
    Stage { name: String, steps: u64 },
    /// One step done.
    Step,
    /// A line for the log.
    Note(String),
}

/// Converts sentences to training form; labels are indices into `labels`,
/// which grows as new relations are seen.
pub fn to_train(sents: &[Sentence], labels: &mut Vec<Deprel>) -> Vec<TrainSent> {
    sents
        .iter()
        .map(|s| {
            let n = s.words.len();
            let mut t = TrainSent {
                toks: Vec::with_capacity(n + 1),
                tags: vec![ROOT_TAG],
                heads: vec![NONE],
                labels: vec![0],
            };
            t.toks.push(Tok {
                tag: ROOT_TAG,
                ..hash_word("\u{0}ROOT")
            });
            for w in &s.words {
                t.toks.push(hash_word(&w.form));
                t.tags.push(w.upos.map_or(16, |u| u as u8));
                t.heads.push(w.head);
                let d = Deprel::from_name(&w.deprel).unwrap_or(Deprel::DEP);
                let li = match labels.iter().position(|l| *l == d) {
                    Some(i) => i,
                    None => {
                        labels.push(d);
                        labels.len() - 1
                    }
                };
                t.labels.push(li as u8);
            }
            t
        })
        .collect()
}

/// Makes a tree projective by lifting the shortest non-projective arcs to
/// their grandparents (the labels stay).
pub fn projectivize(heads: &mut [u32]) {
    let n = heads.len() - 1;
    let dominates = |heads: &[u32], h: u32, mut k: u32| {
        let mut steps = 0;
        while k != 0 && steps <= n {
            if k == h {
                return true;
            }
            k = heads[k as usize];
            steps += 1;
        }
        h == 0
    };
    loop {
        let mut worst: Option<(usize, u32)> = None;
        for d in 1..=n {
            let h = heads[d];
            let (a, b) = if (d as u32) < h {
                (d as u32, h)
            } else {
                (h, d as u32)
            };
            let nonproj = (a + 1..b).any(|k| !dominates(heads, h, k));
            if nonproj {
                let span = b - a;
                if worst.is_none_or(|(_, s)| span < s) {
                    worst = Some((d, span));
                }
            }
        }
        match worst {
            Some((d, _)) => {
                let h = heads[d] as usize;
                heads[d] = heads[h];
            }
            None => return,
        }
    }
}

fn note(progress: &mut dyn FnMut(Progress), s: String) {
    progress(Progress::Note(s));
}

/// Trains a tagger and parser. `dev` is scored after each parser epoch.
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    opts: &TrainOptions,
    progress: &mut dyn FnMut(Progress),
) -> Parser {
    let mut labels = Vec::new();
    // The root first, then relations in order of appearance.
    labels.push(Deprel::ROOT);
    let data = to_train(train, &mut labels);
    let root_label = 0u8;
    let mut rng = Rng::new(opts.seed);
    let folds = opts.folds.max(2).min(data.len().max(2));

    // 1. Jackknifed tags for the parser's training data.
    let mut pred_tags: Vec<Vec<u8>> = data.iter().map(|s| s.tags.clone()).collect();
    progress(Progress::Stage {
        name: "tagger folds".into(),
        steps: (folds * opts.tagger_epochs) as u64,
    });
    let (mut right, mut total) = (0usize, 0usize);
    for f in 0..folds {
        let train_idx: Vec<usize> = (0..data.len()).filter(|i| i % folds != f).collect();
        let held: Vec<usize> = (0..data.len()).filter(|i| i % folds == f).collect();
        if held.is_empty() || train_idx.is_empty() {
            for _ in 0..opts.tagger_epochs {
                progress(Progress::Step);
            }
            continue;
        }
        let refs: Vec<&TrainSent> = train_idx.iter().map(|&i| &data[i]).collect();
        let tagger = train_tagger(&refs, opts.tagger_epochs, &mut rng, progress);
        for &i in &held {
            let mut toks = tagger.lookup(&data[i].toks);
            tagger.tag_avg(&mut toks);
            for (t, g) in toks.iter().zip(&data[i].tags).skip(1) {
                right += (t.tag == *g) as usize;
                total += 1;
            }
            pred_tags[i] = toks.iter().map(|t| t.tag).collect();
        }
    }
    note(
        progress,
        format!(
            "jackknifed training tags ({folds} folds): UPOS {:.2}",
            100.0 * right as f64 / total.max(1) as f64
        ),
    );

    // 2. The final tagger.
    progress(Progress::Stage {
        name: "tagger".into(),
        steps: opts.tagger_epochs as u64,
    });
    let refs: Vec<&TrainSent> = data.iter().collect();
    let tt = train_tagger(&refs, opts.tagger_epochs, &mut rng, progress);
    let tagger = tt.finish(opts.prune);
    note(
        progress,
        format!("tagger: {} feature rows", tagger.table.len()),
    );

    // 3. The parser, on jackknifed tags and projectivized trees.
    let ptrain: Vec<(Vec<Tok>, Vec<u32>, Vec<u8>)> = data
        .iter()
        .zip(&pred_tags)
        .map(|(s, tags)| {
            let mut toks = s.toks.clone();
            for (t, &g) in toks.iter_mut().zip(tags) {
                t.tag = g;
            }
            toks[0].tag = ROOT_TAG;
            let mut heads = s.heads.clone();
            heads[0] = 0;
            projectivize(&mut heads);
            heads[0] = NONE;
            (toks, heads, s.labels.clone())
        })
        .collect();
    let dev_toks: Vec<Vec<Tok>> = dev
        .iter()
        .map(|s| {
            let mut toks = Vec::new();
            prepare(&s.forms(), &tagger, &mut toks);
            let mut feats = Vec::new();
            tagger.tag_prepared(&mut toks, &mut feats);
            toks
        })
        .collect();
    let mut pt = ParserTrainer::new(labels.len(), root_label);
    progress(Progress::Stage {
        name: "parser".into(),
        steps: (opts.parser_epochs * ptrain.len()) as u64,
    });
    for epoch in 0..opts.parser_epochs {
        let order = shuffled(ptrain.len(), &mut rng);
        let explore = if epoch == 0 { 0.0 } else { opts.explore };
        for &i in &order {
            let (toks, gh, gl) = &ptrain[i];
            pt.train_sentence(toks, gh, gl, explore, &mut rng);
            progress(Progress::Step);
        }
        if !dev.is_empty() {
            let mut sc = Scores::default();
            for (s, toks) in dev.iter().zip(&dev_toks) {
                let st = pt.parse_avg(toks);
                let pred: Vec<(u32, Deprel)> = (1..toks.len())
                    .map(|i| (st.heads[i], labels[st.labels[i] as usize]))
                    .collect();
                eval::score_sentence(s, toks, &pred, &mut sc);
            }
            note(
                progress,
                format!(
                    "parser epoch {}: dev UAS {:.2} LAS {:.2} ({} arc / {} label features)",
                    epoch + 1,
                    sc.uas(),
                    sc.las(),
                    pt.arcs.len(),
                    pt.labeller.len()
                ),
            );
        }
    }
    let arcs = pt.arcs.export(opts.prune);
    let labeller = pt.labeller.export(opts.prune);
    note(
        progress,
        format!(
            "parser: {} arc rows, {} label rows",
            arcs.len(),
            labeller.len()
        ),
    );
    Parser {
        tagger,
        arcs,
        labeller,
        labels,
    }
}

fn train_tagger(
    refs: &[&TrainSent],
    epochs: usize,
    rng: &mut Rng,
    progress: &mut dyn FnMut(Progress),
) -> TaggerTrainer {
    let mut tt = TaggerTrainer::new(refs);
    let sents: Vec<(Vec<Tok>, &[u8])> = refs
        .iter()
        .map(|s| (tt.lookup(&s.toks), s.tags.as_slice()))
        .collect();
    for _ in 0..epochs {
        let order = shuffled(sents.len(), rng);
        tt.epoch(&sents, &order);
        progress(Progress::Step);
    }
    tt
}
