//! Sentences that open with a subordinate clause: "*After Russia invaded
//! Ukraine*, Japan imposed sanctions". The greedy parser reads the opening
//! "After" or "When" as a preposition or adverb of the first noun and makes
//! the fronted verb the root, so the main clause hangs from the wrong verb
//! and borrows the wrong subject. Parsed on their own, both halves come out
//! right; they are then joined as the treebank joins them (the fronted
//! clause an `advcl` of the main verb, its opener a `mark`).

use super::{Parse, Parser};

/// Words that open a fronted adverbial clause or phrase.
const OPENERS: &[&str] = &[
    "after", "before", "when", "once", "as", "until", "because", "if", "unless", "although",
    "though", "while", "since", "whereas", "whenever",
];

/// The longest fronted part looked at, in tokens.
const MAX_FRONT: usize = 30;

/// Re-parses a sentence whose joint parse put its root inside a fronted
/// clause, when the words after the clause's comma hold a verb. `head`,
/// `deprel` and `upos` are the joint parse of `words`, rewritten in place.
/// Returns whether anything changed.
pub(super) fn repair(
    parser: &Parser,
    words: &[&str],
    head: &mut [Option<usize>],
    deprel: &mut [&'static str],
    upos: &mut [&'static str],
    buf: &mut Parse,
) -> bool {
    let n = words.len();
    let opens = words
        .first()
        .is_some_and(|w| OPENERS.contains(&w.to_lowercase().as_str()));
    if !opens {
        return false;
    }
    let Some(c) = words.iter().take(MAX_FRONT).position(|w| *w == ",") else {
        return false;
    };
    let root = head.iter().position(Option::is_none);
    let misread =
        c >= 2 && n > c + 3 && root.is_some_and(|r| r < c) && (c + 1..n).any(|k| upos[k] == "VERB");
    if !misread {
        return false;
    }
    // The main clause first: the fronted part hangs from its root.
    parser.parse_into(&words[c + 1..], buf);
    let Some(main) = fill(buf, c + 1, head, deprel, upos) else {
        return false;
    };
    head[main] = None;
    deprel[main] = "root";
    parser.parse_into(&words[..c], buf);
    let Some(front) = fill(buf, 0, head, deprel, upos) else {
        return false;
    };
    head[front] = Some(main);
    let clause = matches!(upos[front], "VERB" | "AUX");
    deprel[front] = if clause { "advcl" } else { "obl" };
    if clause && front != 0 {
        head[0] = Some(front);
        deprel[0] = "mark";
        upos[0] = "SCONJ";
    }
    head[c] = Some(front);
    deprel[c] = "punct";
    upos[c] = "PUNCT";
    true
}

/// Copies a parse of the words from `offset` into the sentence's arrays;
/// returns the sentence index of its root.
fn fill(
    buf: &Parse,
    offset: usize,
    head: &mut [Option<usize>],
    deprel: &mut [&'static str],
    upos: &mut [&'static str],
) -> Option<usize> {
    let mut root = None;
    for (i, node) in buf.tokens.iter().enumerate() {
        let k = offset + i;
        head[k] = (node.head as usize).checked_sub(1).map(|h| offset + h);
        deprel[k] = node.deprel.as_str();
        upos[k] = node.upos.as_str();
        if head[k].is_none() && root.is_none() {
            root = Some(k);
        }
    }
    root
}

#[cfg(test)]
mod tests {
    use crate::input::Article;
    use crate::Pipeline;

    fn tree_of(text: &str) -> (Vec<String>, crate::tree::DepTree) {
        let doc = Pipeline::builtin().code(Article::text("t", text));
        let s = &doc.sentences[0];
        let words = s.tokens.iter().map(|t| t.text.clone()).collect();
        (words, s.tree.clone().expect("parsed"))
    }

    #[test]
    fn a_fronted_clause_hangs_from_the_main_verb() {
        let (w, t) = tree_of("After Russia invaded Ukraine, Japan imposed sanctions on Moscow.");
        let at = |s: &str| w.iter().position(|x| x == s).unwrap();
        assert_eq!(t.head[at("imposed")], None, "the main verb is the root");
        assert_eq!(t.subject(at("imposed")), Some(at("Japan")));
        assert_eq!(t.head[at("invaded")], Some(at("imposed")));
        assert_eq!(t.deprel[at("invaded")], "advcl");
        assert_eq!(t.deprel[at("After")], "mark");
        assert_eq!(t.subject(at("invaded")), Some(at("Russia")));
    }

    #[test]
    fn a_sentence_the_parser_reads_right_is_left_alone() {
        let (w, t) = tree_of("Although China protested, Japan released the water.");
        let at = |s: &str| w.iter().position(|x| x == s).unwrap();
        assert_eq!(t.head[at("released")], None);
        assert_eq!(t.head[at("protested")], Some(at("released")));
    }
}
