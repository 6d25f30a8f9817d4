//! The parse stage: gives each sentence that can hold an event its
//! dependency tree ([`Sentence::tree`](crate::document::Sentence::tree)).
//!
//! Parsing costs more than every other stage together, so only sentences
//! with an actor and a pattern match are parsed; the events and mode stages
//! fall back to surface rules where a sentence has no tree.

use super::{builtin, Parse};
use crate::document::Document;
use crate::tree::DepTree;

/// Sentences longer than this (run-on tables, lists glued together by a bad
/// page) are left to the surface rules: a greedy parser's errors compound
/// over long inputs and the time grows with them.
pub const MAX_TOKENS: usize = 120;

thread_local! {
    /// The parser's working buffers, kept from one article to the next so
    /// that they are not grown again for each.
    static PARSE: std::cell::RefCell<Parse> = std::cell::RefCell::new(Parse::new());
}

/// Parses the sentences of `doc` that name an actor and match a pattern.
pub fn run(doc: &mut Document) {
    PARSE.with_borrow_mut(|parse| parse_sentences(doc, parse));
}

fn parse_sentences(doc: &mut Document, parse: &mut Parse) {
    let parser = builtin();
    for s in &mut doc.sentences {
        if s.triggers.is_empty() || s.actors.is_empty() || s.tokens.len() > MAX_TOKENS {
            continue;
        }
        let texts: Vec<&str> = s.tokens.iter().map(|t| t.text.as_str()).collect();
        let scare = scare_quotes(&texts);
        // The tokens the parser sees, by their index in the sentence.
        let kept: Vec<usize> = (0..texts.len()).filter(|&k| !scare[k]).collect();
        let words: Vec<&str> = kept.iter().map(|&k| texts[k]).collect();
        parser.parse_into(&words, parse);
        let n = texts.len();
        let mut head = vec![None; n];
        let mut deprel = vec!["punct"; n];
        let mut upos = vec!["PUNCT"; n];
        for (node, &k) in parse.tokens.iter().zip(&kept) {
            head[k] = (node.head as usize).checked_sub(1).map(|h| kept[h]);
            deprel[k] = node.deprel.as_str();
            upos[k] = node.upos.as_str();
        }
        // A left-out quote mark hangs on the quoted word next to it.
        for k in (0..n).filter(|&k| scare[k]) {
            let inside = if k + 1 < n && scare_opens(&texts, &scare, k) {
                k + 1
            } else {
                k.saturating_sub(1)
            };
            head[k] = Some(inside).filter(|&h| !scare[h] && h != k);
        }
        if kept.len() == n {
            super::fronted::repair(parser, &texts, &mut head, &mut deprel, &mut upos, parse);
        }
        gerund_after_preposition(&texts, &mut head, &mut deprel, &mut upos);
        s.tree = Some(DepTree::new(head, deprel, upos));
    }
}

/// Participles that are adjectives before a noun far more often than verbs
/// ("in *ongoing* talks", "by *neighbouring* states").
const ADJECTIVAL_PARTICIPLES: &[&str] = &[
    "ongoing",
    "upcoming",
    "forthcoming",
    "outgoing",
    "incoming",
    "leading",
    "following",
    "remaining",
    "existing",
    "growing",
    "rising",
    "increasing",
    "mounting",
    "escalating",
    "continuing",
    "emerging",
    "looming",
    "pending",
    "outstanding",
    "neighbouring",
    "neighboring",
    "ruling",
    "governing",
    "opposing",
    "warring",
    "sweeping",
    "lasting",
    "striking",
    "fighting",
];

/// "joined the US *in imposing* sanctions": the tagger reads a gerund between
/// a preposition and a noun as an adjective of the noun. After "in", "by",
/// "after", "without" ... an "-ing" word is a verb, the noun its object and
/// the preposition its marker, the clause hung where the phrase was.
fn gerund_after_preposition<'a>(
    texts: &[&str],
    head: &mut [Option<usize>],
    deprel: &mut [&'a str],
    upos: &mut [&'a str],
) {
    for k in 1..texts.len() {
        let p = k - 1;
        let Some(n) = head[k].filter(|&n| n > k) else {
            continue;
        };
        let fits = upos[k] == "ADJ"
            && deprel[k] == "amod"
            && texts[k].len() > 5
            && texts[k].to_lowercase().ends_with("ing")
            && matches!(upos[n], "NOUN" | "PROPN")
            && head[p] == Some(n)
            && deprel[p] == "case"
            && matches!(
                texts[p].to_lowercase().as_str(),
                "in" | "by" | "after" | "before" | "without" | "while" | "upon"
            )
            && !ADJECTIVAL_PARTICIPLES.contains(&texts[k].to_lowercase().as_str());
        if !fits {
            continue;
        }
        let clause = if deprel[n].starts_with("obl") {
            "advcl"
        } else {
            "acl"
        };
        head[k] = head[n];
        deprel[k] = clause;
        upos[k] = "VERB";
        head[n] = Some(k);
        deprel[n] = "obj";
        head[p] = Some(k);
        deprel[p] = "mark";
    }
}

/// Quote marks around a few words inside a clause (China "firmly opposes"
/// the sale): the treebank has few of them, and the tagger reads the quoted
/// verb as a noun, so the parser is given the words without them. A quote
/// that opens the sentence or spans a whole statement stays.
fn scare_quotes(texts: &[&str]) -> Vec<bool> {
    const MAX_WORDS: usize = 6;
    let quote = |w: &str| matches!(w, "\"" | "“" | "”");
    let mut out = vec![false; texts.len()];
    let mut k = 1;
    while k < texts.len() {
        if quote(texts[k]) {
            let close = (k + 2..(k + 2 + MAX_WORDS).min(texts.len())).find(|&j| quote(texts[j]));
            if let Some(c) = close {
                let words_only = texts[k + 1..c]
                    .iter()
                    .all(|w| w.chars().any(char::is_alphanumeric));
                if words_only {
                    out[k] = true;
                    out[c] = true;
                    k = c + 1;
                    continue;
                }
            }
        }
        k += 1;
    }
    out
}

/// Whether the left-out quote mark at `k` opens its pair.
fn scare_opens(texts: &[&str], scare: &[bool], k: usize) -> bool {
    (0..k).filter(|&j| scare[j]).count() % 2 == 0 && texts[k] != "”"
}

#[cfg(test)]
mod tests {
    use super::scare_quotes;
    use crate::input::Article;
    use crate::Pipeline;

    #[test]
    fn scare_quotes_inside_a_clause_are_left_out_but_a_quoted_statement_is_not() {
        let words = ["China", "\"", "firmly", "opposes", "\"", "the", "sale", "."];
        let left_out: Vec<bool> = scare_quotes(&words);
        assert_eq!(
            left_out,
            [false, true, false, false, true, false, false, false]
        );
        let statement = ["\"", "We", "will", "respond", ",", "\"", "he", "said", "."];
        assert!(scare_quotes(&statement).iter().all(|&q| !q));
        let long = [
            "He", "called", "it", "\"", "a", "b", "c", "d", "e", "f", "g", "\"",
        ];
        assert!(scare_quotes(&long).iter().all(|&q| !q));
    }

    #[test]
    fn parses_sentences_with_an_actor_and_a_trigger_only() {
        let doc = Pipeline::builtin().code(Article::text(
            "t",
            "Japan condemned the missile launch by North Korea. The weather was fine.",
        ));
        let tree = doc.sentences[0]
            .tree
            .as_ref()
            .expect("first sentence parsed");
        let toks = &doc.sentences[0].tokens;
        let condemned = toks.iter().position(|t| t.text == "condemned").unwrap();
        assert_eq!(tree.head[condemned], None, "the verb is the root");
        assert_eq!(tree.subject(condemned), Some(0), "Japan is its subject");
        assert!(doc.sentences[1].tree.is_none(), "no actor, no parse");
    }
}
