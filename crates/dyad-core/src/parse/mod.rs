//! Stage "parse": a part-of-speech tagger and a dependency parser with
//! Universal Dependencies labels, written for speed.
//!
//! * The tagger is a greedy averaged perceptron over UPOS tags (word, affixes,
//!   shape, neighbouring words and their ambiguity classes, previous tags), with
//!   a tag dictionary for frequent unambiguous words.
//! * The parser is a greedy arc-eager transition parser trained with a dynamic
//!   oracle, scoring the four unlabelled transitions with Zhang & Nivre (2011)
//!   features; a second perceptron labels each arc when it is made.
//! * Features are hashed to integers (no strings), weights are quantised to
//!   `i16` and looked up in open-addressing tables.
//!
//! The built-in model is trained on the Universal Dependencies English Web
//! Treebank (CC BY-SA 4.0; see `data/parser/README.md`) and compiled into the
//! binary.
//!
//! ```
//! use dyad_core::parse;
//! let p = parse::builtin().parse(&["Japan", "condemned", "the", "launch", "."]);
//! assert_eq!(p.tokens[0].upos.as_str(), "PROPN");
//! assert_eq!(p.tokens[0].head, 2); // Japan <- condemned (heads are 1-based, 0 = root)
//! assert_eq!(p.tokens[0].deprel.as_str(), "nsubj");
//! assert_eq!(p.tokens[1].head, 0);
//! ```

pub mod conllu;
pub mod eval;
mod features;
mod fronted;
mod hash;
mod model;
mod parser;
mod stage;
mod tagger;
pub mod train;

pub use stage::{run, MAX_TOKENS};

#[cfg(test)]
mod tests;

use std::fmt;
use std::sync::OnceLock;

pub use model::ModelError;

/// The universal part-of-speech tags, in the order the tagger scores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

/// All UPOS tags, indexed by their `u8` value.
pub const UPOS_TAGS: [Upos; 17] = [
    Upos::Adj,
    Upos::Adp,
    Upos::Adv,
    Upos::Aux,
    Upos::Cconj,
    Upos::Det,
    Upos::Intj,
    Upos::Noun,
    Upos::Num,
    Upos::Part,
    Upos::Pron,
    Upos::Propn,
    Upos::Punct,
    Upos::Sconj,
    Upos::Sym,
    Upos::Verb,
    Upos::X,
];

const UPOS_NAMES: [&str; 17] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SYM", "VERB", "X",
];

impl Upos {
    /// The tag as written in CoNLL-U (`"NOUN"`).
    pub fn as_str(self) -> &'static str {
        UPOS_NAMES[self as usize]
    }

    /// Reads a CoNLL-U tag.
    pub fn from_name(s: &str) -> Option<Upos> {
        UPOS_NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| UPOS_TAGS[i])
    }
}

impl fmt::Display for Upos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// UD dependency relations known to dyad: the 37 universal ones, then the
/// subtypes English treebanks use. A model label outside this list is read as
/// its universal part (`nmod:foo` → `nmod`), or `dep`.
const DEPREL_NAMES: &[&str] = &[
    "dep",
    "acl",
    "advcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "case",
    "cc",
    "ccomp",
    "clf",
    "compound",
    "conj",
    "cop",
    "csubj",
    "det",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nsubj",
    "nummod",
    "obj",
    "obl",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
    "acl:relcl",
    "advcl:relcl",
    "aux:pass",
    "cc:preconj",
    "compound:prt",
    "csubj:outer",
    "csubj:pass",
    "det:predet",
    "flat:foreign",
    "nmod:desc",
    "nmod:npmod",
    "nmod:poss",
    "nmod:tmod",
    "nmod:unmarked",
    "nsubj:outer",
    "nsubj:pass",
    "obl:agent",
    "obl:npmod",
    "obl:tmod",
    "obl:unmarked",
    "expl:pv",
    "det:poss",
    "nummod:gov",
    "flat:name",
];

/// A UD dependency relation, e.g. `nsubj` or `nmod:poss`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Deprel(u8);

impl Deprel {
    /// `dep`, the unspecified relation.
    pub const DEP: Deprel = Deprel(0);
    /// `root`.
    pub const ROOT: Deprel = Deprel(34);

    /// The relation as written in CoNLL-U (`"nsubj:pass"`).
    pub fn as_str(self) -> &'static str {
        DEPREL_NAMES[self.0 as usize]
    }

    /// The universal part, without the subtype (`"nsubj"` for `nsubj:pass`).
    pub fn base(self) -> &'static str {
        let s = self.as_str();
        s.split(':').next().unwrap_or(s)
    }

    /// Reads a relation; unknown subtypes fall back to their universal part,
    /// unknown relations to `dep`. `None` only for an empty string.
    pub fn from_name(s: &str) -> Option<Deprel> {
        if s.is_empty() || s == "_" {
            return None;
        }
        let find = |s: &str| DEPREL_NAMES.iter().position(|n| *n == s);
        let i = find(s)
            .or_else(|| find(s.split(':').next().unwrap_or(s)))
            .unwrap_or(0);
        Some(Deprel(i as u8))
    }

    /// Whether the relation's universal part is `base` (`d.is("obl")` holds for `obl:tmod`).
    pub fn is(self, base: &str) -> bool {
        self.base() == base
    }
}

impl fmt::Display for Deprel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One parsed word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    pub upos: Upos,
    /// The head word, 1-based; 0 is the root.
    pub head: u32,
    pub deprel: Deprel,
}

/// The result of parsing one sentence: a [`Node`] per input word, in order.
///
/// A `Parse` also keeps the parser's working buffers, so re-using one with
/// [`Parser::parse_into`] allocates nothing once it has grown.
#[derive(Debug, Clone, Default)]
pub struct Parse {
    pub tokens: Vec<Node>,
    scratch: parser::Scratch,
}

impl Parse {
    /// An empty parse to fill with [`Parser::parse_into`].
    pub fn new() -> Parse {
        Parse::default()
    }

    /// The 0-based indices of the dependents of 0-based word `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.tokens
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.head as usize == i + 1)
            .map(|(j, _)| j)
    }

    /// The 0-based index of the root word, if the sentence is not empty.
    pub fn root(&self) -> Option<usize> {
        self.tokens.iter().position(|n| n.head == 0)
    }
}

/// A trained tagger and parser.
#[derive(Debug, Clone)]
pub struct Parser {
    pub(crate) tagger: tagger::Tagger,
    pub(crate) arcs: model::Table,
    pub(crate) labeller: model::Table,
    /// Model label index → relation.
    pub(crate) labels: Vec<Deprel>,
}

/// The built-in model's bytes, as stored in `data/parser/`.
pub const BUILTIN_MODEL: &[u8] = include_bytes!("../../data/parser/en_ewt.model");

/// The built-in English model (UD English Web Treebank), loaded once.
///
/// ```
/// let p = dyad_core::parse::builtin().tag(&["They", "met", "."]);
/// assert_eq!(p[1].as_str(), "VERB");
/// ```
pub fn builtin() -> &'static Parser {
    static P: OnceLock<Parser> = OnceLock::new();
    P.get_or_init(|| Parser::from_bytes(BUILTIN_MODEL).expect("built-in parser model is valid"))
}

impl Parser {
    /// Loads a model written by [`Parser::to_bytes`] (or `dyad train-parser`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, ModelError> {
        model::read(bytes)
    }

    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        model::write(self)
    }

    /// The relations the model can predict.
    pub fn labels(&self) -> &[Deprel] {
        &self.labels
    }

    /// Tags and parses one tokenised sentence.
    pub fn parse<S: AsRef<str>>(&self, words: &[S]) -> Parse {
        let mut p = Parse::new();
        self.parse_into(words, &mut p);
        p
    }

    /// Tags and parses into `out`, re-using its buffers.
    pub fn parse_into<S: AsRef<str>>(&self, words: &[S], out: &mut Parse) {
        let sc = &mut out.scratch;
        features::prepare(words, &self.tagger, &mut sc.toks);
        self.tagger.tag_prepared(&mut sc.toks, &mut sc.feats);
        parser::parse_prepared(self, sc);
        out.tokens.clear();
        for i in 0..words.len() {
            out.tokens.push(Node {
                upos: UPOS_TAGS[sc.toks[i + 1].tag as usize],
                head: sc.state.heads[i + 1],
                deprel: self.labels[sc.state.labels[i + 1] as usize],
            });
        }
    }

    /// Only tags one tokenised sentence.
    pub fn tag<S: AsRef<str>>(&self, words: &[S]) -> Vec<Upos> {
        let mut toks = Vec::new();
        let mut feats = Vec::new();
        features::prepare(words, &self.tagger, &mut toks);
        self.tagger.tag_prepared(&mut toks, &mut feats);
        toks[1..]
            .iter()
            .map(|t| UPOS_TAGS[t.tag as usize])
            .collect()
    }
}
