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

/// Parses the sentences of `doc` that name an actor and match a pattern.
pub fn run(doc: &mut Document) {
    let parser = builtin();
    let mut parse = Parse::new();
    for s in &mut doc.sentences {
        if s.triggers.is_empty() || s.actors.is_empty() || s.tokens.len() > MAX_TOKENS {
            continue;
        }
        let words: Vec<&str> = s.tokens.iter().map(|t| t.text.as_str()).collect();
        parser.parse_into(&words, &mut parse);
        let n = parse.tokens.len();
        let mut head = Vec::with_capacity(n);
        let mut deprel = Vec::with_capacity(n);
        let mut upos = Vec::with_capacity(n);
        for node in &parse.tokens {
            head.push((node.head as usize).checked_sub(1));
            deprel.push(node.deprel.as_str());
            upos.push(node.upos.as_str());
        }
        s.tree = Some(DepTree::new(head, deprel, upos));
    }
}

#[cfg(test)]
mod tests {
    use crate::input::Article;
    use crate::Pipeline;

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
