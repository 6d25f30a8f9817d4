//! Accusations told as reports: "Moscow *said* the Ukrainian boats had
//! illegally crossed the border", "the ministry *claimed* Chinese ships had
//! rammed the trawler".
//!
//! A state that says another used force against it or others is accusing it,
//! whether or not the act happened as told; GDELT and ICEWS code such a
//! statement as an accusation (CAMEO 112) by the speaker, beside the act
//! itself. The reported act keeps its own event; the accusation is added,
//! aimed at whoever the report says acted.

use crate::document::{ActorMention, Document, Event, EventActor, Mode, Sentence, Token};
use crate::lexicon::{CodeInfo, Lexicon};
use crate::tree::DepTree;

/// CAMEO's "accuse, not specified below".
const ACCUSE: &str = "112";

/// Reporting verbs whose content, when it tells of force, is a charge: not
/// "announced" or "confirmed", which tell one's own acts or another's news.
const CHARGING: &[&str] = &[
    "said", "says", "claimed", "claims", "alleged", "alleges", "insisted", "charged", "argued",
    "stated", "told",
];

/// Roots of acts whose report is a charge against whoever did them: force
/// posture, coercion, assault, fighting, mass violence.
const CHARGED_ROOTS: &[&str] = &["15", "17", "18", "19", "20"];

/// CAMEO's "defy norms, law": told by another state ("said Kyiv had violated
/// the treaty"), it is that state's charge.
const DEFY: &str = "128";

/// The reporting verb whose content clause the act at `h` is told in, when
/// that clause tells it as done: no modal or future, no negation, no
/// condition ("said Seoul *would* retaliate" is a warning, not a charge).
fn charging_verb(tree: &DepTree, toks: &[Token], h: usize) -> Option<usize> {
    let c = tree.clause_of(h);
    if !matches!(tree.base_rel(c), "ccomp" | "parataxis") {
        return None;
    }
    let r = tree.head[c]?;
    if !CHARGING.contains(&toks[r].lower.as_str()) {
        return None;
    }
    let told_as_done = tree.children(c).all(|k| {
        let w = toks[k].lower.as_str();
        match tree.base_rel(k) {
            "aux" => {
                !crate::grammar::FUTURE_AUX.contains(&w)
                    && !matches!(w, "could" | "might" | "may" | "can" | "should" | "must")
            }
            "advmod" => !crate::grammar::negates(w),
            "mark" => !matches!(w, "if" | "unless" | "whether"),
            _ => true,
        }
    });
    told_as_done.then_some(r)
}

/// The speaker of the reporting verb `r`: its subject, a state's actor named
/// there (not an agent whose state was guessed: "officials said" is no
/// state's charge).
fn speaker<'a>(s: &'a Sentence, tree: &DepTree, r: usize) -> Option<&'a ActorMention> {
    let subj = tree.child(r, &["nsubj"])?;
    s.actors.iter().find(|m| {
        m.start <= subj
            && subj < m.end
            && !m.attached
            && !m.how.contains('→')
            && crate::actors::is_state(&m.country)
    })
}

/// The speaker's accusation, told by the reporting verb `r`.
fn accusation(
    info: &CodeInfo,
    sentence: usize,
    source: EventActor,
    target: EventActor,
    r: usize,
    rule: String,
) -> Event {
    Event {
        sentence,
        source,
        target,
        cameo: ACCUSE.to_string(),
        goldstein: info.goldstein,
        quad_class: info.quad_class,
        trigger_start: r,
        trigger_end: r + 1,
        rule,
        date: None,
        date_text: None,
        mode: Mode::Asserted,
        mode_cue: None,
        arcs: None,
    }
}

/// Adds the speaker's accusation for each act of force told as done in a
/// report by a state other than the actor.
pub fn run(doc: &mut Document, lex: &Lexicon) {
    let Some(info) = lex.code(ACCUSE) else {
        return;
    };
    let mut added: Vec<(usize, Event)> = Vec::new();
    for (i, ev) in doc.events.iter().enumerate() {
        if !CHARGED_ROOTS.contains(&ev.root()) && ev.cameo != DEFY {
            continue;
        }
        let s = &doc.sentences[ev.sentence];
        let Some(tree) = s.tree.as_ref().filter(|t| t.len() == s.tokens.len()) else {
            continue;
        };
        let Some(r) = charging_verb(tree, &s.tokens, ev.trigger_head(tree)) else {
            continue;
        };
        // (Not the accused's own side.)
        let Some(speaker) = speaker(s, tree, r).filter(|m| m.country != ev.source.country) else {
            continue;
        };
        let dup = |e: &Event| {
            e.sentence == ev.sentence
                && e.root() == "11"
                && e.source.country == speaker.country
                && e.target.country == ev.source.country
        };
        if doc.events.iter().any(dup) || added.iter().any(|(_, e)| dup(e)) {
            continue;
        }
        let rule = format!(
            "{} (reported by '{}': an accusation)",
            ev.rule, s.tokens[r].text
        );
        let source = super::actor(speaker, ev.sentence);
        added.push((
            i + 1,
            accusation(info, ev.sentence, source, ev.source.clone(), r, rule),
        ));
    }
    // Each accusation goes after the act it answers. A breach of law or
    // treaty that another state reports is its charge and nothing more: the
    // report is all the text vouches for, so the breach itself goes.
    let mut added = added.into_iter().peekable();
    let mut events = Vec::with_capacity(doc.events.len() + added.len());
    for (i, ev) in std::mem::take(&mut doc.events).into_iter().enumerate() {
        let accused = added.peek().filter(|(at, _)| *at == i + 1).is_some();
        if !(accused && ev.cameo == DEFY) {
            events.push(ev);
        }
        if accused {
            events.extend(added.next().map(|(_, e)| e));
        }
    }
    doc.events = events;
}

/// Whether `word` (or the adjective of an adverb in -ly: "illegally") is
/// one of the verdict words (`@verdict` in `data/cameo/classes.tsv`).
fn is_verdict(lex: &Lexicon, word: &str) -> bool {
    let adjective = word.strip_suffix("ly").unwrap_or(word);
    lex.in_class("@verdict", word) || lex.in_class("@verdict", adjective)
}

/// Whether a sentence without a pattern could still report a verdict on
/// another state ([`run_verdicts`]): two states, a reporting verb and a
/// verdict word. Such a sentence is parsed.
pub fn may_report_verdict(s: &Sentence, lex: &Lexicon) -> bool {
    let mut states = s
        .actors
        .iter()
        .filter(|m| !m.attached && crate::actors::is_state(&m.country))
        .map(|m| m.country.as_str());
    let Some(first) = states.next() else {
        return false;
    };
    states.any(|c| c != first)
        && s.tokens
            .iter()
            .any(|t| CHARGING.contains(&t.lower.as_str()))
        && s.tokens.iter().any(|t| is_verdict(lex, &t.lower))
}

/// Adds the speaker's accusation for a verdict told of another state in a
/// report: "India said China's actions were a *threat* to peace", "the
/// ministry said the Japanese decision was *illegal*", "'... a *cynical*
/// game,' Kristersson told reporters". The speaker accuses the state the
/// reported clause is about: its subject, or the subject's owner or
/// nationality ("Canberra's attitude", "the Japanese decision").
pub fn run_verdicts(doc: &mut Document, lex: &Lexicon) {
    let Some(info) = lex.code(ACCUSE) else {
        return;
    };
    let mut added: Vec<Event> = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        let Some(tree) = s.tree.as_ref().filter(|t| t.len() == s.tokens.len()) else {
            continue;
        };
        let toks = &s.tokens;
        for r in 0..toks.len() {
            if !CHARGING.contains(&toks[r].lower.as_str()) {
                continue;
            }
            // The reported clause: the verb's complement, or the quote the
            // verb is tucked into ("'...,' Tien said").
            let quoted = tree.base_rel(r) == "parataxis";
            let Some(c) = tree
                .child(r, &["ccomp"])
                .or_else(|| tree.head[r].filter(|_| quoted))
            else {
                continue;
            };
            // Inside the reported clause, not in a clause of its own under it
            // or a second statement joined to it ("said Japan was militarising
            // *and warned* of the threat").
            let in_report = |mut t: usize| {
                if quoted && tree.dominates(r, t) {
                    return false;
                }
                for _ in 0..toks.len() {
                    if t == c {
                        return true;
                    }
                    let own_clause = match tree.base_rel(t) {
                        "parataxis" | "ccomp" | "advcl" => true,
                        "conj" => {
                            let w = toks[t].lower.as_str();
                            crate::grammar::REPORTING.contains(&w)
                                || crate::grammar::WARN_VERBS.contains(&w)
                        }
                        _ => false,
                    };
                    if own_clause {
                        return false;
                    }
                    match tree.head[t] {
                        Some(h) => t = h,
                        None => return false,
                    }
                }
                false
            };
            let Some(speaker) = speaker(s, tree, r) else {
                continue;
            };
            let negated = tree.children(c).any(|k| {
                tree.base_rel(k) == "advmod" && crate::grammar::negates(toks[k].lower.as_str())
            });
            if negated {
                continue;
            }
            let Some(w) =
                (0..toks.len()).find(|&w| in_report(w) && is_verdict(lex, &toks[w].lower))
            else {
                continue;
            };
            let Some(cs) = tree.subject(c) else {
                continue;
            };
            let about_it = |t: usize| {
                t == cs
                    || (tree.head[t] == Some(cs)
                        && matches!(tree.deprel[t], "nmod:poss" | "amod" | "compound"))
            };
            let Some(target) = s.actors.iter().find(|m| {
                !m.attached
                    && crate::actors::is_state(&m.country)
                    && m.country != speaker.country
                    && (m.start..m.end).any(about_it)
            }) else {
                continue;
            };
            let dup = |e: &Event| {
                e.sentence == si
                    && matches!(e.root(), "11" | "12")
                    && e.source.country == speaker.country
                    && e.target.country == target.country
            };
            if doc.events.iter().any(dup) || added.iter().any(dup) {
                continue;
            }
            let rule = format!(
                "verdict '{}' in a report by '{}' (an accusation)",
                toks[w].text, toks[r].text
            );
            let (source, target) = (super::actor(speaker, si), super::actor(target, si));
            added.push(accusation(info, si, source, target, r, rule));
        }
    }
    if !added.is_empty() {
        doc.events.extend(added);
        // (Stable: each sentence's events keep their order, the new ones last.)
        doc.events.sort_by_key(|e| e.sentence);
    }
}
