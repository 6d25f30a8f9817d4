//! A sentence's dependency tree (Universal Dependencies) and the questions the
//! coder asks of it: what is this verb's subject, its object, which clause is a
//! word in, does a negation or a "without" govern it.
//!
//! The parse stage fills [`DepTree`]s; the events and mode stages read them.
//! Every question has a cheap answer (a walk over heads and children of a
//! sentence of a few dozen tokens), so no index is built.
//!
//! ```
//! use dyad_core::tree::DepTree;
//! // "Japan condemned the launch": condemned is the root, Japan its subject.
//! let t = DepTree::new(
//!     vec![Some(1), None, Some(3), Some(1)],
//!     vec!["nsubj", "root", "det", "obj"],
//!     vec!["PROPN", "VERB", "DET", "NOUN"],
//! );
//! assert_eq!(t.subject(1), Some(0));
//! assert_eq!(t.child(1, &["obj"]), Some(3));
//! assert_eq!(t.clause_of(3), 1);
//! ```

/// Heads, relations and parts of speech, one entry per token of a sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DepTree {
    /// Head token of each token; `None` for the root.
    pub head: Vec<Option<usize>>,
    /// UD relation to the head (`nsubj`, `obl:agent`, `acl:relcl`...).
    pub deprel: Vec<&'static str>,
    /// Universal part of speech (`VERB`, `NOUN`, `PROPN`...).
    pub upos: Vec<&'static str>,
}

/// Relations whose dependent heads a clause of its own.
const CLAUSAL: &[&str] = &[
    "root",
    "ccomp",
    "xcomp",
    "advcl",
    "acl",
    "parataxis",
    "csubj",
];

impl DepTree {
    pub fn new(
        head: Vec<Option<usize>>,
        deprel: Vec<&'static str>,
        upos: Vec<&'static str>,
    ) -> DepTree {
        debug_assert!(head.len() == deprel.len() && head.len() == upos.len());
        DepTree { head, deprel, upos }
    }

    /// Whether the clause headed by `h` says what someone must do, as a demand's
    /// content does: a subject and a bare verb ("that Belarus *release*") or
    /// "should"/"must" ("that China *should halt*"), not a report ("that it *had
    /// done* nothing wrong", "that Japan *will not return*").
    pub fn is_mandative(&self, toks: &[crate::document::Token], h: usize) -> bool {
        let tree = self;
        if !tree
            .children(h)
            .any(|k| tree.base_rel(k).starts_with("nsubj"))
        {
            return false;
        }
        let aux: Vec<&str> = tree
            .children(h)
            .filter(|&k| tree.base_rel(k) == "aux")
            .map(|k| toks[k].lower.as_str())
            .collect();
        match aux.as_slice() {
            [] => !crate::grammar::is_past_form(&toks[h].lower) && !toks[h].lower.ends_with('s'),
            ["should" | "must"] => true,
            _ => false,
        }
    }

    /// Whether verb `c`, hung as an open complement (`xcomp`), is really the
    /// finite verb of a subordinate clause with a name for subject: "has not
    /// lifted the sanctions ... *after Russia annexed* Crimea". Returns that
    /// name's last token. (Only a past form: an xcomp has no subject of its
    /// own, so a name right before it after "after", "when", "because"...
    /// is the parser losing the clause.)
    pub fn misparsed_subordinate(
        &self,
        toks: &[crate::document::Token],
        c: usize,
    ) -> Option<usize> {
        if self.base_rel(c) != "xcomp" || c < 2 || !crate::grammar::is_past_form(&toks[c].lower) {
            return None;
        }
        let mut s = c - 1;
        if self.upos[s] != "PROPN" {
            return None;
        }
        while s > 0 && self.upos[s - 1] == "PROPN" {
            s -= 1;
        }
        let w = toks.get(s.checked_sub(1)?)?.lower.as_str();
        (matches!(w, "after" | "before" | "when")
            || crate::grammar::ADVERBIAL_SUBORDINATORS.contains(&w))
        .then_some(c - 1)
    }

    pub fn len(&self) -> usize {
        self.head.len()
    }

    pub fn is_empty(&self) -> bool {
        self.head.is_empty()
    }

    /// The relation without its subtype: `acl:relcl` → `acl`.
    pub fn base_rel(&self, t: usize) -> &'static str {
        let r = self.deprel[t];
        // A byte scan: relations are too short for `split`'s searcher to pay.
        match r.bytes().position(|b| b == b':') {
            Some(i) => &r[..i],
            None => r,
        }
    }

    pub fn children(&self, h: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter(move |&c| self.head[c] == Some(h))
    }

    /// The first child of `h` with one of these relations (full or base form).
    pub fn child(&self, h: usize, rels: &[&str]) -> Option<usize> {
        self.children(h)
            .find(|&c| rels.contains(&self.deprel[c]) || rels.contains(&self.base_rel(c)))
    }

    /// Whether `t` heads a clause: a clausal relation, or a verb coordinated
    /// with one ("signed ... and warned").
    pub fn is_clause_head(&self, t: usize) -> bool {
        let b = self.base_rel(t);
        if CLAUSAL.contains(&b) {
            return true;
        }
        b == "conj"
            && self.head[t].is_some_and(|h| self.is_clause_head(h))
            && (matches!(self.upos[t], "VERB" | "AUX") || self.subject(t).is_some())
    }

    /// The head of the smallest clause holding `t`.
    pub fn clause_of(&self, mut t: usize) -> usize {
        let mut steps = 0;
        while !self.is_clause_head(t) && steps < self.len() {
            match self.head[t] {
                Some(h) => t = h,
                None => return t,
            }
            steps += 1;
        }
        t
    }

    /// The clause an event's head word stands in: from a noun or an infinitive
    /// up to the verb or predicate that holds it ("said it would send a letter
    /// of *protest*", "said his country was ready to *normalise* ties"), so that
    /// the act is read as told content wherever its word sits in the clause; not
    /// out of a relative, adverbial or coordinated clause of its own.
    pub fn content_clause(&self, h: usize) -> usize {
        let mut x = h;
        for _ in 0..6 {
            let rel = self.base_rel(x);
            if matches!(
                rel,
                "ccomp" | "root" | "advcl" | "parataxis" | "csubj" | "conj" | "acl"
            ) {
                break;
            }
            match self.head[x] {
                Some(up) => x = up,
                None => break,
            }
        }
        x
    }

    /// The token of `[start, end)` whose head lies outside the span: the
    /// phrase's head word ("minister" in "Japan's foreign minister").
    pub fn head_of_span(&self, start: usize, end: usize) -> usize {
        let end = end.min(self.len());
        (start..end)
            .find(|&t| self.head[t].is_none_or(|h| h < start || h >= end))
            .unwrap_or(start)
    }

    /// Whether `a` is `d` or dominates it.
    pub fn dominates(&self, a: usize, mut d: usize) -> bool {
        for _ in 0..=self.len() {
            if d == a {
                return true;
            }
            match self.head[d] {
                Some(h) => d = h,
                None => return false,
            }
        }
        false
    }

    /// The subject of a verb (active or passive, nominal or clausal). Where
    /// the parser gave it two ("Since Russia's *invasion*, *Tokyo* has
    /// aligned"), the one nearest the verb.
    ///
    /// A second "subject" right after a word the parser hung on the verb as
    /// its marker is a misparsed object of a preposition ("The Japanese
    /// embassy *in Beijing* urged"): the other one is the subject.
    pub fn subject(&self, v: usize) -> Option<usize> {
        let mut subjects = self
            .children(v)
            .filter(|&c| matches!(self.base_rel(c), "nsubj" | "csubj" | "expl"));
        let first = subjects.next()?;
        let nearest = subjects
            .filter(|&c| c < v)
            .last()
            .filter(|_| first < v)
            .unwrap_or(first);
        let marked = |c: usize| {
            c > 0 && self.head[c - 1] == Some(v) && matches!(self.base_rel(c - 1), "mark" | "case")
        };
        let nearest = if nearest != first && marked(nearest) {
            first
        } else {
            nearest
        };
        (self.base_rel(nearest) != "expl").then_some(nearest)
    }

    /// A passive verb: a passive subject or auxiliary ("was attacked", "attacks
    /// carried out by"), or a participle modifying a noun with an agent.
    pub fn is_passive(&self, v: usize) -> bool {
        self.children(v)
            .any(|c| matches!(self.deprel[c], "nsubj:pass" | "aux:pass" | "csubj:pass"))
            // A participle with an agent and no subject of its own, however
            // it was hung ("a ferry *attacked by* pirates" read as xcomp).
            || (matches!(self.base_rel(v), "acl" | "xcomp" | "advcl")
                && self.child(v, &["obl:agent"]).is_some()
                && self.child(v, &["nsubj"]).is_none())
            // "was fiercely opposed by X" with "was" read as a copula: the agent
            // phrase still makes it passive.
            || (self.child(v, &["obl:agent"]).is_some()
                && self.children(v).any(|c| self.base_rel(c) == "cop"))
    }

    /// The agent of a passive: `obl:agent`, or an `obl` introduced by "by".
    pub fn agent(&self, v: usize, is_by: impl Fn(usize) -> bool) -> Option<usize> {
        self.child(v, &["obl:agent"]).or_else(|| {
            self.children(v)
                .find(|&c| self.base_rel(c) == "obl" && self.children(c).any(&is_by))
        })
    }

    /// The clauses whose subject a subjectless verb borrows, nearest first:
    /// "agreed *to impose*" (xcomp), "signed and *ratified*" (conj), "…,
    /// *prompting* Tokyo" (non-finite advcl), "Russia, *which* attacked"
    /// (relative clause: the noun it modifies stands in for the subject).
    pub fn governing(&self, v: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut c = self.clause_of(v);
        for _ in 0..6 {
            let Some(h) = self.head[c] else { break };
            let b = self.base_rel(c);
            let subjectless = self.subject(c).is_none();
            let borrows = match b {
                "xcomp" => true,
                "conj" | "advcl" => subjectless,
                "acl" => true,
                _ => false,
            };
            if !borrows {
                break;
            }
            out.push(h);
            c = self.clause_of(h);
            if c != h {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Seoul signed the deal without notifying or asking Tokyo ."
    fn without() -> DepTree {
        DepTree::new(
            vec![
                Some(1),
                None,
                Some(3),
                Some(1),
                Some(5),
                Some(1),
                Some(7),
                Some(5),
                Some(5),
                Some(1),
            ],
            vec![
                "nsubj", "root", "det", "obj", "mark", "advcl", "cc", "conj", "obj", "punct",
            ],
            vec![
                "PROPN", "VERB", "DET", "NOUN", "SCONJ", "VERB", "CCONJ", "VERB", "PROPN", "PUNCT",
            ],
        )
    }

    #[test]
    fn clauses_split_at_adverbial_clauses_and_coordinated_verbs() {
        let t = without();
        assert_eq!(t.clause_of(3), 1, "the deal is in the main clause");
        assert_eq!(t.clause_of(8), 5, "Tokyo is in the without-clause");
        assert!(
            t.is_clause_head(7),
            "asking heads its own (coordinated) clause"
        );
        assert_eq!(t.subject(1), Some(0));
        assert_eq!(t.subject(5), None);
        assert_eq!(
            t.governing(5),
            vec![1],
            "notifying borrows signed's subject"
        );
    }

    #[test]
    fn span_heads_and_dominance() {
        let t = without();
        assert_eq!(t.head_of_span(2, 4), 3);
        assert!(t.dominates(1, 8));
        assert!(!t.dominates(3, 8));
    }
}
