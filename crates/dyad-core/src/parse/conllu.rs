//! Reading and writing CoNLL-U (<https://universaldependencies.org/format.html>).
//!
//! Multiword-token range lines (`3-4`) are kept apart from the words (they
//! give the surface form for aligning with raw text); empty nodes (`8.1`) of
//! enhanced dependencies are skipped.

use std::fmt::Write as _;
use std::path::Path;

use super::{Parse, Upos};

/// One syntactic word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: Option<Upos>,
    pub xpos: String,
    pub feats: String,
    /// 1-based head, 0 for the root.
    pub head: u32,
    /// The full relation, subtype included (`nsubj:pass`).
    pub deprel: String,
    pub misc: String,
}

impl Word {
    /// Whether `SpaceAfter=No` is set.
    pub fn no_space_after(&self) -> bool {
        self.misc.split('|').any(|m| m == "SpaceAfter=No")
    }
}

/// A multiword token: words `first..=last` (1-based) are written `form` in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Multiword {
    pub first: usize,
    pub last: usize,
    pub form: String,
    pub misc: String,
}

/// One sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    pub sent_id: Option<String>,
    /// The `# text =` comment: the raw sentence.
    pub text: Option<String>,
    pub words: Vec<Word>,
    pub multiwords: Vec<Multiword>,
}

impl Sentence {
    /// The word forms.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }
}

/// A malformed line.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {msg}")]
pub struct ConlluError {
    pub line: usize,
    pub msg: String,
}

/// Reads a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>, crate::Error> {
    let s = std::fs::read_to_string(path).map_err(crate::Error::read(path))?;
    parse_str(&s).map_err(|e| crate::Error::in_file(path, e))
}

/// Reads CoNLL-U text.
pub fn parse_str(s: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (n, line) in s.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            } else {
                cur = Sentence::default();
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if let Some(t) = c.strip_prefix("text =") {
                cur.text = Some(t.trim().to_string());
            } else if let Some(t) = c.strip_prefix("sent_id =") {
                cur.sent_id = Some(t.trim().to_string());
            }
            continue;
        }
        let err = |msg: &str| ConlluError {
            line: n + 1,
            msg: msg.to_string(),
        };
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(&format!("{} columns, expected 10", cols.len())));
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node
        }
        if let Some((a, b)) = id.split_once('-') {
            let first = a.parse().map_err(|_| err("bad range id"))?;
            let last = b.parse().map_err(|_| err("bad range id"))?;
            cur.multiwords.push(Multiword {
                first,
                last,
                form: cols[1].to_string(),
                misc: cols[9].to_string(),
            });
            continue;
        }
        let id: usize = id.parse().map_err(|_| err("bad word id"))?;
        if id != cur.words.len() + 1 {
            return Err(err(&format!(
                "word id {id} out of order (expected {})",
                cur.words.len() + 1
            )));
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse().map_err(|_| err("bad head"))?
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: Upos::from_name(cols[3]),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    for (i, s) in out.iter().enumerate() {
        let n = s.words.len() as u32;
        if s.words.iter().any(|w| w.head > n) {
            return Err(ConlluError {
                line: 0,
                msg: format!("sentence {} has a head beyond its last word", i + 1),
            });
        }
    }
    Ok(out)
}

/// Writes a parsed sentence as CoNLL-U (lemma, XPOS, FEATS and DEPS left `_`).
pub fn write_parse<S: AsRef<str>>(
    out: &mut String,
    words: &[S],
    parse: &Parse,
    text: Option<&str>,
) {
    if let Some(t) = text {
        let _ = writeln!(out, "# text = {t}");
    }
    for (i, (w, n)) in words.iter().zip(&parse.tokens).enumerate() {
        let _ = writeln!(
            out,
            "{}\t{}\t_\t{}\t_\t_\t{}\t{}\t_\t_",
            i + 1,
            w.as_ref(),
            n.upos,
            n.head,
            n.deprel
        );
    }
    out.push('\n');
}

/// Writes a sentence back (range lines included, empty nodes dropped).
pub fn write_sentence(out: &mut String, s: &Sentence) {
    if let Some(id) = &s.sent_id {
        let _ = writeln!(out, "# sent_id = {id}");
    }
    if let Some(t) = &s.text {
        let _ = writeln!(out, "# text = {t}");
    }
    let dash = |s: &str| {
        if s.is_empty() {
            "_".to_string()
        } else {
            s.to_string()
        }
    };
    for (i, w) in s.words.iter().enumerate() {
        for m in s.multiwords.iter().filter(|m| m.first == i + 1) {
            let _ = writeln!(
                out,
                "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                m.first,
                m.last,
                m.form,
                dash(&m.misc)
            );
        }
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{}",
            i + 1,
            w.form,
            dash(&w.lemma),
            w.upos.map_or("_", |u| u.as_str()),
            dash(&w.xpos),
            dash(&w.feats),
            w.head,
            dash(&w.deprel),
            dash(&w.misc)
        );
    }
    out.push('\n');
}
