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

/// Parses the sentences of `doc` that name an actor and match a pattern, or
/// that a later stage asked a tree of ([`Sentence::wants_tree`]).
///
/// [`Sentence::wants_tree`]: crate::document::Sentence::wants_tree
pub fn run(doc: &mut Document) {
    PARSE.with_borrow_mut(|parse| parse_sentences(doc, parse));
}

fn parse_sentences(doc: &mut Document, parse: &mut Parse) {
    let parser = builtin();
    for s in &mut doc.sentences {
        if (s.triggers.is_empty() && !s.wants_tree)
            || s.actors.is_empty()
            || s.tokens.len() > MAX_TOKENS
        {
            continue;
        }
        let texts: Vec<&str> = s.tokens.iter().map(|t| t.text.as_str()).collect();
        let scare = scare_quotes(&texts);
        let aside = asides(&s.tokens, &s.actors);
        // The tokens the parser sees, by their index in the sentence.
        let kept: Vec<usize> = (0..texts.len())
            .filter(|&k| !scare[k] && aside[k].is_none())
            .collect();
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
        hang_asides(&texts, &aside, &kept, &mut head, &mut deprel, &mut upos);
        if kept.len() == n {
            super::fronted::repair(parser, &texts, &mut head, &mut deprel, &mut upos, parse);
        }
        gerund_after_preposition(&texts, &mut head, &mut deprel, &mut upos);
        coordinated_modifiers_as_root(&mut head, &mut deprel, &upos);
        s.tree = Some(DepTree::new(head, deprel, upos));
    }
}

/// What a token left out of the parse is part of. Wire copy puts things in
/// places the treebank's web text rarely does, and the parser misreads the
/// clause around them; it is given the sentence without them, and they are
/// hung back where they belong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aside {
    /// The dateline that opens the sentence ("SEOUL, Oct. 4 (Yonhap) --").
    Dateline,
    /// An abbreviation in brackets after what it abbreviates ("(IRBM)").
    Abbreviation,
    /// A time adverbial between a subject and its verb ("China *on Friday*
    /// expressed regret", "Vietnam *in turn* accused"), which the parser
    /// reads as the end of the clause.
    Adverbial,
    /// A name in commas after a title, before the verb ("China's foreign
    /// minister*, Wang Yi,* cancelled"), which the parser makes the root.
    Appositive,
}

/// Each token's [`Aside`], if it is left out of the parse.
fn asides(
    toks: &[crate::document::Token],
    actors: &[crate::document::ActorMention],
) -> Vec<Option<Aside>> {
    let n = toks.len();
    let mut out = vec![None; n];
    if let Some(end) = crate::document::dateline_end(toks) {
        out[..end]
            .iter_mut()
            .for_each(|a| *a = Some(Aside::Dateline));
    }
    for k in 0..n {
        if toks[k].text == "(" && crate::document::abbreviation_bracket(toks, k) && k > 0 {
            out[k..k + 3]
                .iter_mut()
                .for_each(|a| *a = Some(Aside::Abbreviation));
        }
    }
    let lower = |i: usize| toks.get(i).map_or("", |t| t.lower.as_str());
    let common = |i: usize| {
        toks.get(i).is_some_and(|t| {
            t.kind == crate::document::TokenKind::Word
                && !t.is_capitalized()
                && !crate::grammar::ENGLISH_FUNCTION_WORDS.contains(&t.lower.as_str())
        })
    };
    // (Or a title however written: "Australia's Trade Minister, Simon
    // Birmingham, described".)
    let title_ends = |k: usize| actors.iter().any(|m| m.end == k && m.personal);
    for k in 1..n {
        if toks[k].text != "," || !(common(k - 1) || title_ends(k)) || out[k].is_some() {
            continue;
        }
        // One to five words of a name; "Jae-in" keeps its hyphen.
        let mut e = k + 1;
        while e < n && e - k <= 5 {
            let glued = |i: usize| i > 0 && toks[i].start == toks[i - 1].end;
            let t = &toks[e];
            let name_word = t.kind == crate::document::TokenKind::Word && t.is_capitalized();
            let hyphen_part = t.text == "-" && glued(e) || glued(e) && toks[e - 1].text == "-";
            if !(name_word || hyphen_part) {
                break;
            }
            e += 1;
        }
        let after =
            |i: usize| common(i) && !matches!(lower(i), "and" | "or" | "but" | "who" | "which");
        if e > k + 1 && e - k <= 6 && toks.get(e).is_some_and(|t| t.text == ",") && after(e + 1) {
            out[k..=e]
                .iter_mut()
                .for_each(|a| *a = Some(Aside::Appositive));
        }
    }
    for k in 1..n {
        if out[k - 1].is_some() {
            continue;
        }
        // "on Friday (morning)", "on March 3"; "in turn" ("and Vietnam *in
        // turn* accused"), which the parser takes for the end of the clause
        // too.
        let in_turn = (lower(k) == "in" && lower(k + 1) == "turn").then_some(k + 2);
        let Some(end) = crate::document::dated_on_end(toks, k).or(in_turn) else {
            continue;
        };
        // Between a name and a lower-case word that goes on the clause.
        let after_name =
            toks[k - 1].kind == crate::document::TokenKind::Word && toks[k - 1].is_capitalized();
        let verb_next = toks.get(end).is_some_and(|t| {
            t.kind == crate::document::TokenKind::Word
                && !t.is_capitalized()
                && !crate::grammar::ENGLISH_FUNCTION_WORDS.contains(&t.lower.as_str())
        });
        if after_name && verb_next {
            out[k..end]
                .iter_mut()
                .for_each(|a| *a = Some(Aside::Adverbial));
        }
    }
    out
}

/// Hangs the tokens left out of the parse back on the tree: a dateline on the
/// root, an abbreviation on the word before it, a time adverbial on the
/// verb after it.
fn hang_asides<'a>(
    texts: &[&str],
    aside: &[Option<Aside>],
    kept: &[usize],
    head: &mut [Option<usize>],
    deprel: &mut [&'a str],
    upos: &mut [&'a str],
) {
    let n = aside.len();
    if aside.iter().all(Option::is_none) {
        return;
    }
    let root = kept.iter().copied().find(|&k| head[k].is_none());
    let word = |j: usize| texts[j].chars().any(char::is_alphanumeric);
    let number = |j: usize| texts[j].chars().all(|c| c.is_ascii_digit());
    let mut k = 0;
    while k < n {
        let Some(a) = aside[k] else {
            k += 1;
            continue;
        };
        let end = (k..n).find(|&j| aside[j] != Some(a)).unwrap_or(n);
        match a {
            Aside::Dateline => {
                for j in k..end {
                    head[j] = if j == k { root } else { Some(k) };
                    (deprel[j], upos[j]) = match (word(j), number(j)) {
                        (false, _) => ("punct", "PUNCT"),
                        (true, true) => ("dep", "NUM"),
                        (true, false) => ("dep", "PROPN"),
                    };
                }
            }
            Aside::Abbreviation => {
                // "(", the abbreviation, ")" — perhaps several in a row.
                for b in (k..end).step_by(3) {
                    let abbr = b + 1;
                    (head[abbr], deprel[abbr], upos[abbr]) = (b.checked_sub(1), "appos", "PROPN");
                    for p in [b, b + 2] {
                        (head[p], deprel[p], upos[p]) = (Some(abbr), "punct", "PUNCT");
                    }
                }
            }
            Aside::Appositive => {
                // ", Wang Yi ,": the first name word is the title's appos.
                let name = k + 1;
                for j in k..end {
                    (head[j], deprel[j], upos[j]) = if j == name {
                        (k.checked_sub(1), "appos", "PROPN")
                    } else if word(j) {
                        (Some(name), "flat", "PROPN")
                    } else {
                        (Some(name), "punct", "PUNCT")
                    };
                }
            }
            Aside::Adverbial => {
                // The verb after it (through an auxiliary), else the root.
                let verb = kept.iter().copied().find(|&j| j >= end).map(|v| {
                    if upos[v] == "AUX" {
                        head[v].unwrap_or(v)
                    } else {
                        v
                    }
                });
                let verb = verb.filter(|&v| upos[v] == "VERB").or(root);
                let noun = k + 1;
                (head[k], deprel[k], upos[k]) = (Some(noun), "case", "ADP");
                (head[noun], deprel[noun], upos[noun]) = (verb, "obl", "PROPN");
                for j in noun + 1..end {
                    head[j] = Some(noun);
                    (deprel[j], upos[j]) = if number(j) {
                        ("nummod", "NUM")
                    } else {
                        ("compound", "NOUN")
                    };
                }
            }
        }
        k = end;
    }
}

/// "Chinese and Russian aircraft entered ...": the parser makes coordinated
/// adjectives that open a sentence its root and hangs the clause after them
/// on it. The adjectives modify the subject noun right after them, and its
/// verb is the root.
fn coordinated_modifiers_as_root(head: &mut [Option<usize>], deprel: &mut [&str], upos: &[&str]) {
    let Some(r) = (0..head.len()).find(|&k| head[k].is_none()) else {
        return;
    };
    if upos[r] != "ADJ" {
        return;
    }
    // The last adjective of the coordination, then the noun right after it.
    let Some(last) = (r + 1..head.len())
        .take_while(|&k| head[k] == Some(r) || head[k].is_some_and(|h| h > r && h <= k + 1))
        .filter(|&k| head[k] == Some(r) && deprel[k] == "conj" && upos[k] == "ADJ")
        .last()
    else {
        return;
    };
    let n = last + 1;
    if !matches!(upos.get(n), Some(&"NOUN" | &"PROPN")) {
        return;
    }
    // The noun is the subject of a verb hung on the adjective, or the verb
    // right after it was hung on the noun as a participle.
    let v = match head[n] {
        Some(v) if deprel[n].starts_with("nsubj") && upos[v] == "VERB" && head[v] == Some(r) => v,
        Some(h) if h == r => match (n + 1..head.len()).find(|&k| upos[k] != "ADV") {
            Some(v) if upos[v] == "VERB" && head[v] == Some(n) && deprel[v] == "acl" => v,
            _ => return,
        },
        _ => return,
    };
    (head[v], deprel[v]) = (None, "root");
    (head[n], deprel[n]) = (Some(v), "nsubj");
    (head[r], deprel[r]) = (Some(n), "amod");
    for h in head.iter_mut().skip(v + 1).filter(|h| **h == Some(r)) {
        *h = Some(v);
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
        (head[k], deprel[k], upos[k]) = (head[n], clause, "VERB");
        (head[n], deprel[n]) = (Some(k), "obj");
        (head[p], deprel[p]) = (Some(k), "mark");
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

    /// The first sentence's tree of `text`, and a word's index in it.
    fn parsed(text: &str) -> (crate::tree::DepTree, impl Fn(&str) -> usize) {
        let doc = Pipeline::builtin().code(Article::text("t", text));
        let s = &doc.sentences[0];
        let words: Vec<String> = s.tokens.iter().map(|t| t.text.clone()).collect();
        let tree = s.tree.clone().expect("parsed");
        (tree, move |w: &str| {
            words.iter().position(|t| t == w).unwrap()
        })
    }

    #[test]
    fn wire_asides_are_parsed_around_and_hung_back() {
        let (tree, at) = parsed(
            "BEIJING, Feb. 3 (Reuters) - China on Friday complained to the World Trade Organization (WTO) about Japan.",
        );
        let verb = at("complained");
        assert_eq!(tree.head[verb], None, "the verb is the root");
        assert_eq!(tree.subject(verb), Some(at("China")));
        assert_eq!(
            tree.head[at("Friday")],
            Some(verb),
            "the day dates the verb"
        );
        assert_eq!(tree.head[at("WTO")], Some(at("Organization")));
        assert_eq!(tree.deprel[at("WTO")], "appos");
        assert_eq!(
            tree.head[at("BEIJING")],
            Some(verb),
            "the dateline hangs on the root"
        );
    }

    #[test]
    fn a_name_in_commas_after_a_title_is_its_appositive() {
        let (tree, at) =
            parsed("China's foreign minister, Wang Yi, then cancelled a meeting with Japan.");
        let verb = at("cancelled");
        assert_eq!(tree.head[verb], None, "the verb is the root");
        assert_eq!(tree.subject(verb), Some(at("minister")));
        assert_eq!(tree.head[at("Wang")], Some(at("minister")));
        assert_eq!(tree.deprel[at("Wang")], "appos");
        // A capitalised title too.
        let (tree, at) =
            parsed("Japan's Foreign Minister, Taro Kono, then summoned the Korean ambassador.");
        assert_eq!(tree.subject(at("summoned")), Some(at("Minister")));
        assert_eq!(tree.head[at("Taro")], Some(at("Minister")));
    }
}
