//! Scoring a parser against CoNLL-U gold: with gold tokens, or with dyad's
//! own tokeniser on the raw sentence text (tokens aligned by character offsets).

use super::conllu::Sentence;
use super::features::Tok;
use super::{Deprel, Parse, Parser, UPOS_TAGS};

/// Word-level counts. With gold tokens `gold == pred == aligned`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scores {
    pub gold: usize,
    pub pred: usize,
    pub aligned: usize,
    pub upos: usize,
    pub uas: usize,
    pub las: usize,
    /// Label correct on its universal part only (as the CoNLL 2018 shared task scored).
    pub las_base: usize,
    /// Punctuation excluded.
    pub gold_nopunct: usize,
    pub uas_nopunct: usize,
}

impl Scores {
    fn pct(&self, c: usize) -> f64 {
        // F1 over gold and predicted words; equal to accuracy with gold tokens.
        200.0 * c as f64 / (self.gold + self.pred).max(1) as f64
    }
    pub fn upos(&self) -> f64 {
        self.pct(self.upos)
    }
    pub fn uas(&self) -> f64 {
        self.pct(self.uas)
    }
    pub fn las(&self) -> f64 {
        self.pct(self.las)
    }
    pub fn las_base(&self) -> f64 {
        self.pct(self.las_base)
    }
    /// Tokenisation F1.
    pub fn tokens(&self) -> f64 {
        self.pct(self.aligned)
    }
    pub fn uas_nopunct(&self) -> f64 {
        100.0 * self.uas_nopunct as f64 / self.gold_nopunct.max(1) as f64
    }
    pub fn add(&mut self, o: &Scores) {
        self.gold += o.gold;
        self.pred += o.pred;
        self.aligned += o.aligned;
        self.upos += o.upos;
        self.uas += o.uas;
        self.las += o.las;
        self.las_base += o.las_base;
        self.gold_nopunct += o.gold_nopunct;
        self.uas_nopunct += o.uas_nopunct;
    }
    /// One line of figures.
    pub fn render(&self) -> String {
        format!(
            "UPOS {:.2}  UAS {:.2}  LAS {:.2}  (LAS universal labels {:.2}; UAS without punctuation {:.2}; {} words)",
            self.upos(),
            self.uas(),
            self.las(),
            self.las_base(),
            self.uas_nopunct(),
            self.gold
        )
    }
}

/// Scores one sentence with gold tokens: `toks` carry the predicted tags
/// (index 0 the root), `pred` the (head, relation) of each word.
pub fn score_sentence(s: &Sentence, toks: &[Tok], pred: &[(u32, Deprel)], sc: &mut Scores) {
    for (i, w) in s.words.iter().enumerate() {
        let tag = UPOS_TAGS.get(toks[i + 1].tag as usize).copied();
        let (h, d) = pred[i];
        add_word(sc, w, tag, h == w.head, d);
    }
    sc.pred += s.words.len();
    sc.aligned += s.words.len();
}

fn add_word(
    sc: &mut Scores,
    w: &super::conllu::Word,
    tag: Option<super::Upos>,
    head_ok: bool,
    d: Deprel,
) {
    sc.gold += 1;
    sc.upos += (tag.is_some() && tag == w.upos) as usize;
    let punct = w.upos == Some(super::Upos::Punct);
    if !punct {
        sc.gold_nopunct += 1;
        sc.uas_nopunct += head_ok as usize;
    }
    if head_ok {
        sc.uas += 1;
        sc.las += (d.as_str() == w.deprel) as usize;
        let gb = w.deprel.split(':').next().unwrap_or("");
        sc.las_base += (d.base() == gb) as usize;
    }
}

/// Scores the parser with gold tokens.
pub fn evaluate_gold(p: &Parser, sents: &[Sentence]) -> Scores {
    let mut sc = Scores::default();
    let mut parse = Parse::new();
    for s in sents {
        let forms = s.forms();
        p.parse_into(&forms, &mut parse);
        let toks = &parse.scratch.toks;
        let pred: Vec<(u32, Deprel)> = parse.tokens.iter().map(|n| (n.head, n.deprel)).collect();
        score_sentence(s, toks, &pred, &mut sc);
    }
    sc
}

/// Byte spans of the gold words in the sentence text; words of a multiword
/// token share its span. `None` where the forms cannot be found in the text.
pub fn gold_spans(s: &Sentence) -> Option<Vec<(usize, usize)>> {
    let text = s.text.as_deref()?;
    let mut spans = Vec::with_capacity(s.words.len());
    let mut pos = 0;
    let mut i = 0;
    while i < s.words.len() {
        let (form, count) = match s.multiwords.iter().find(|m| m.first == i + 1) {
            Some(m) => (m.form.as_str(), m.last - m.first + 1),
            None => (s.words[i].form.as_str(), 1),
        };
        let rest = &text[pos..];
        let skip = rest.len() - rest.trim_start().len();
        let start = pos + skip;
        if !text[start..].starts_with(form) {
            return None;
        }
        let end = start + form.len();
        for _ in 0..count {
            spans.push((start, end));
        }
        pos = end;
        i += count;
    }
    Some(spans)
}

/// Scores the parser on the raw `# text` of each sentence, tokenised by
/// dyad's tokeniser. Figures are F1 over aligned words (CoNLL 2018 style):
/// a gold word counts when a predicted token has exactly its span (or, inside
/// a multiword token, the same place among the pieces of that span).
pub fn evaluate_raw(p: &Parser, sents: &[Sentence]) -> (Scores, usize) {
    let mut sc = Scores::default();
    let mut skipped = 0;
    let mut parse = Parse::new();
    for s in sents {
        let (Some(text), Some(spans)) = (s.text.as_deref(), gold_spans(s)) else {
            skipped += 1;
            continue;
        };
        let toks = crate::segment::tokenize(text, 0, text.len());
        let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        p.parse_into(&words, &mut parse);
        // gold word index -> predicted token index
        let mut g2p: Vec<Option<usize>> = vec![None; s.words.len()];
        let mut i = 0;
        while i < s.words.len() {
            let span = spans[i];
            let count = spans[i..].iter().take_while(|sp| **sp == span).count();
            let pieces: Vec<usize> = toks
                .iter()
                .enumerate()
                .filter(|(_, t)| t.start >= span.0 && t.end <= span.1)
                .map(|(k, _)| k)
                .collect();
            let exact = pieces.len() == count
                && pieces.first().is_some_and(|&k| toks[k].start == span.0)
                && pieces.last().is_some_and(|&k| toks[k].end == span.1);
            if exact {
                for (j, &k) in pieces.iter().enumerate() {
                    if count == 1
                        || toks[k].text.to_lowercase() == s.words[i + j].form.to_lowercase()
                    {
                        g2p[i + j] = Some(k);
                    }
                }
            }
            i += count;
        }
        let mut p2g: Vec<Option<usize>> = vec![None; toks.len()];
        for (g, pk) in g2p.iter().enumerate() {
            if let Some(k) = pk {
                p2g[*k] = Some(g);
            }
        }
        sc.pred += toks.len();
        for (g, w) in s.words.iter().enumerate() {
            match g2p[g] {
                None => {
                    sc.gold += 1;
                    if w.upos != Some(super::Upos::Punct) {
                        sc.gold_nopunct += 1;
                    }
                }
                Some(k) => {
                    sc.aligned += 1;
                    let n = parse.tokens[k];
                    let head_ok = if n.head == 0 {
                        w.head == 0
                    } else {
                        p2g[n.head as usize - 1].is_some_and(|gh| gh as u32 + 1 == w.head)
                    };
                    add_word(&mut sc, w, Some(n.upos), head_ok, n.deprel);
                }
            }
        }
    }
    (sc, skipped)
}
