//! Patterns whose object a relative clause moved before the verb.
//!
//! The lexicon reads words in order: "sign+ [the] * agreement" matches
//! "Japan and Australia signed the agreement" but not "the agreement, *which
//! Japan and Australia signed* in 2022", nor "the ban on imports from
//! Ukraine *that Poland imposed*". Journalists tell background acts this way
//! all the time. For such a clause this module matches the patterns once more
//! on the words in their plain order (verb, then the noun phrase the clause
//! modifies, then the rest of the clause) and gives each match back at the
//! verb, where the tree finds its subject.
//!
//! Read on the words, before the parse: only sentences with a match are
//! parsed, and these sentences often have none until the words are put back.

use crate::document::{PatternMatch, Token, TokenKind};
use crate::lexicon::Lexicon;

/// Words that may stand between a relative clause's subject and its verb.
const BETWEEN_SUBJECT_AND_VERB: &[&str] = &[
    "has", "have", "had", "also", "already", "first", "later", "then", "since", "just", "recently",
    "once", "jointly", "not", "never", "will", "would", "could", "can", "may", "might", "should",
    "must",
];

/// Words that end a noun phrase on its left: a clause is there. (A free
/// relative's "what" is its own object: "congratulated Azerbaijan on *what
/// he called* a victory" moves nothing before the verb.)
const CLAUSE_WORDS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "when", "where", "while", "because", "if", "said",
    "says", "what", "whatever", "how", "why",
];

/// Nouns of time, which end an adverbial, not a noun phrase, before a
/// name: "last week Japan imposed".
const TIME_NOUNS: &[&str] = &[
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "time",
    "night",
    "morning",
    "afternoon",
    "evening",
    "weekend",
    "ago",
    "later",
    "earlier",
];

/// Words a noun phrase does not begin with.
const NOT_PHRASE_STARTS: &[&str] = &[
    "of", "in", "on", "at", "to", "for", "with", "from", "by", "under", "over", "into", "about",
    "after", "before", "against", "between", "near", "and", "or", "as", "than",
];

/// How many words after its verb a relative clause is read to.
const LONGEST_REST: usize = 24;

/// How far back the noun phrase a relative clause modifies may begin.
const LONGEST_ANTECEDENT: usize = 9;

/// Matches for the object relative clauses of a sentence ("the agreement,
/// which Japan and Australia signed"), each placed at the clause's verb.
/// `have` are the sentence's own matches: a verb they already cover is left
/// to them.
pub(super) fn object_relative_matches(
    toks: &[Token],
    mention_at: &[Option<usize>],
    lex: &Lexicon,
    have: &[PatternMatch],
) -> Vec<PatternMatch> {
    let w = |k: usize| toks.get(k).map_or("", |t| t.lower.as_str());
    let mut out = Vec::new();
    for k in 1..toks.len() {
        // "the deal *that* Iran signed", or with no pronoun, "the case *the
        // Philippines* filed": where the clause's subject starts.
        let pronoun = matches!(w(k), "which" | "that");
        let subject_start = if pronoun || w(k) == "the" { k + 1 } else { k };
        // The clause's subject: a name, or two joined by "and". (Asked
        // first: at most tokens no name starts, and the word tests below
        // need not be made.)
        let Some(mut subject_end) = mention_at.get(subject_start).copied().flatten() else {
            continue;
        };
        let comma = pronoun && w(k - 1) == ",";
        let antecedent_end = if comma { k - 1 } else { k };
        let Some(last) = antecedent_end.checked_sub(1) else {
            continue;
        };
        if toks[last].kind != TokenKind::Word {
            continue;
        }
        // "said that Japan imposed ...", "announcing that it would": a
        // complement clause, not a relative. (A verb form right after a
        // determiner is a noun: "the meeting that".)
        let verb_form = (w(last).ends_with("ing") || w(last).ends_with("ed"))
            && !crate::grammar::DETERMINERS.contains(&w(last.wrapping_sub(1)));
        let not_a_noun = verb_form
            || crate::grammar::REPORTING.contains(&w(last))
            || crate::grammar::SPEECH_VERBS.contains(&w(last))
            || crate::grammar::BE_FORMS.contains(&w(last))
            || matches!(w(last), "so" | "such" | "now" | "given" | "fact" | "sure");
        if w(k) == "that" && not_a_noun {
            continue;
        }
        // Without a pronoun the word before the name must be a common noun:
        // not a verb, function word or adverb ("imposed *on* Japan", "said
        // Japan", "then Japan").
        if !pronoun
            && (not_a_noun
                || toks[last].is_capitalized()
                || w(last).ends_with("ly")
                || TIME_NOUNS.contains(&w(last))
                || crate::grammar::DETERMINERS.contains(&w(last))
                || crate::grammar::ENGLISH_FUNCTION_WORDS.contains(&w(last))
                || NOT_PHRASE_STARTS.contains(&w(last))
                || CLAUSE_WORDS.contains(&w(last))
                || BETWEEN_SUBJECT_AND_VERB.contains(&w(last)))
        {
            continue;
        }
        let first_subject = (subject_start, subject_end);
        if w(subject_end) == "and" {
            if let Some(e) = mention_at.get(subject_end + 1).copied().flatten() {
                subject_end = e;
            }
        }
        let mut verb = subject_end;
        while BETWEEN_SUBJECT_AND_VERB.contains(&w(verb)) {
            verb += 1;
        }
        // Without a pronoun the verb must show itself as one: a past form or
        // one after an auxiliary ("the case the Philippines *filed*", "the
        // tariffs it had *imposed*"), not "Iranian *attack* plans".
        if !pronoun && verb == subject_end && !crate::grammar::is_past_form(w(verb)) {
            continue;
        }
        // (A light verb on an event noun right before the clause is
        // `light_relative`'s: "the sanctions Washington imposed".)
        let light_on_noun =
            super::LIGHT_FORMS.contains(w(verb)) && have.iter().any(|m| m.end == antecedent_end);
        if toks.get(verb).is_none_or(|t| t.kind != TokenKind::Word)
            || have.iter().any(|m| m.start <= verb && verb < m.end)
            || light_on_noun
        {
            continue;
        }
        // (Bounded, so that a run-on sentence of many clauses costs no more
        // than its clauses.)
        let rest_end = (verb + 1..toks.len().min(verb + 1 + LONGEST_REST))
            .find(|&j| toks[j].kind == TokenKind::Punct && w(j) != "-")
            .unwrap_or(toks.len().min(verb + 1 + LONGEST_REST));
        // "ties that they agreed *on* when they met": a preposition left
        // behind goes back before the noun phrase ("agreed on ties").
        let stranded = crate::grammar::EVENT_PREPOSITIONS.contains(&w(verb + 1))
            && (verb + 2 >= rest_end
                || CLAUSE_WORDS.contains(&w(verb + 2))
                || NOT_PHRASE_STARTS.contains(&w(verb + 2))
                || matches!(w(verb + 2), "last" | "this" | "earlier" | "later"));
        // The noun phrase: the longest that a pattern takes, back to a
        // comma or other mark at most.
        let earliest = (antecedent_end.saturating_sub(LONGEST_ANTECEDENT)..antecedent_end)
            .rev()
            .take_while(|&j| {
                (toks[j].kind == TokenKind::Word || w(j) == "-")
                    && !CLAUSE_WORDS.contains(&w(j))
                    && !crate::grammar::BE_FORMS.contains(&w(j))
                    && !BETWEEN_SUBJECT_AND_VERB.contains(&w(j))
            })
            .last();
        let Some(earliest) = earliest else { continue };
        let found = (earliest..antecedent_end)
            .filter(|&j| !NOT_PHRASE_STARTS.contains(&w(j)))
            .find_map(|start| {
                let order: Vec<usize> = std::iter::once(verb)
                    .chain(stranded.then_some(verb + 1))
                    .chain(start..antecedent_end)
                    .chain(verb + 1 + usize::from(stranded)..rest_end)
                    .collect();
                let words: Vec<Token> = order.iter().map(|&j| toks[j].clone()).collect();
                // (A name must lie whole inside the part moved with it.)
                let ends: Vec<Option<usize>> = (0..order.len())
                    .map(|p| {
                        let q = p + mention_at[order[p]]? - order[p];
                        (q <= order.len() && order[q - 1] + 1 == order[p] + q - p).then_some(q)
                    })
                    .collect();
                // The name at a position fills it: the tree would take the noun
                // the clause modifies ("the AUKUS pact") instead.
                let name_at = |p: usize| {
                    let p = if w(p) == "the" { p + 1 } else { p };
                    mention_at
                        .get(p)
                        .copied()
                        .flatten()
                        .map_or((p, p), |e| (p, e))
                };
                // A slot back in the sentence: a name where it stands, a
                // position only after the verb, where the clause goes on.
                let back = |x: Option<(usize, usize)>| {
                    let (a, b) = x?;
                    if a == b {
                        let p = *order.get(a)?;
                        return (a > 0 && p > verb).then(|| name_at(p));
                    }
                    let (s, e) = (order[a], order[b - 1] + 1);
                    (s < e).then_some((s, e))
                };
                lex.find(&words, &ends)
                    .into_iter()
                    .filter(|m| m.start == 0 && m.end > 1 + usize::from(stranded))
                    .map(|m| {
                        let end = order[m.end - 1].max(verb) + 1;
                        // ("concluded with *Washington*": a pattern that ends in
                        // the clause's own preposition points at what follows.)
                        let after = (end > verb + 1
                            && crate::grammar::EVENT_PREPOSITIONS.contains(&w(end - 1)))
                        .then(|| name_at(end))
                        .filter(|(a, b)| b > a);
                        PatternMatch {
                            pattern: m.pattern,
                            start: verb,
                            end,
                            head: Some(verb),
                            target: back(m.target).or(after),
                            // The clause's subject, however the parser hung the clause.
                            source: back(m.source).or(Some(first_subject)),
                        }
                    })
                    .max_by_key(|m| m.target.is_some())
            });
        out.extend(found);
    }
    out
}
