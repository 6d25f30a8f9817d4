//! Stage 4, events: who did what to whom.
//!
//! Lexicon patterns ([`crate::lexicon`]) mark the event words; this stage finds
//! their source and target among the sentence's actors:
//!
//! * **active verbs**: the source is the clause's subject, the nearest actor to
//!   the left that is not inside a prepositional phrase or the object of an
//!   earlier event; the target is the pattern's `{T}` slot or the first actor
//!   after the pattern in the same clause;
//! * **passives** ("was attacked by Paris", "condemned in a statement by Egypt"):
//!   the `by` phrase is the source and the subject the target;
//! * **nouns** ("Beijing's ban on ...", "the invasion of Kuwait", "talks with
//!   Iranian negotiators"): the possessor or `by` phrase, else the clause subject;
//! * **coordination**: "Japan and South Korea" expand to one event per member;
//!   reciprocal actions ("A and B met", "... together") go both ways;
//! * **context**: an event with one side named only in the previous sentence
//!   ("The embassy declined the request.") takes that side from there.
//!
//! An event needs two different countries; a sentence that only mentions two
//! countries with no action between them yields nothing.

// FxHash: keys are built-in words and small integers, so SipHash's
// resistance to chosen keys buys nothing on this per-sentence path.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::actors::is_state;
use crate::document::{
    ActorMention, DepTree, Document, Event, EventActor, MentionKind, Mode, PatternMatch, Token,
};
use crate::lexicon::Lexicon;

mod accusations;
mod refusals;
mod relatives;
mod threats;
mod tree_roles;
use tree_roles::{Roles, TreeSides};

/// Why a pattern match produced no event (for `dyad explain`).
#[derive(Debug, Clone)]
pub struct Skipped {
    pub sentence: usize,
    pub rule: String,
    pub reason: String,
}

use crate::grammar::EVENT_PREPOSITIONS as PREPOSITIONS;

use crate::grammar::BE_FORMS;
use crate::grammar::PASSIVE_FILLERS;

// Nouns whose infinitive is their owner's act ("Washington's decision to sell").
use crate::grammar::CALLING_OFF;
use crate::grammar::CONTROL_NOUNS;
use crate::grammar::DISCARDS;
use crate::grammar::SENT_NOUNS;

// Prepositions of place: the actor after them is where, not whom.
use crate::grammar::EVENT_LOCATIVE as LOCATIVE;

use crate::grammar::DETERMINERS;

// Verbs that make an event noun an act of their subject: "held talks",
// "imposed sanctions", "launched an offensive".
use crate::grammar::{LIGHT_VERBS, PARTITIVE_NOUNS, PATIENT_NOUNS};

/// Every inflected form of a list of base forms: verb forms, and with `nouns`
/// the noun forms too ("pledge", "pledges", "pledged").
fn inflected(list: &crate::grammar::List, nouns: bool) -> HashSet<String> {
    list.iter()
        .flat_map(|w| {
            let mut f = crate::lexicon::verb_forms(w);
            if nouns {
                f.extend(crate::lexicon::noun_forms(w));
            }
            f
        })
        .collect()
}

/// Every inflected form of the light verbs.
static LIGHT_FORMS: std::sync::LazyLock<HashSet<String>> =
    std::sync::LazyLock::new(|| inflected(&LIGHT_VERBS, false));

/// The subject, and the target if it names one, of a light verb in a
/// relative clause right after an event noun that ends at `end`: "the
/// sanctions *that it has imposed on the North*", "the curbs *Tokyo imposed
/// on Seoul*". (Read on the words: the parser often hangs such a clause on
/// the main verb.)
fn light_relative(
    toks: &[Token],
    actors: &[ActorMention],
    usable: &[usize],
    end: usize,
) -> Option<(usize, Option<usize>)> {
    let w = |k: usize| toks.get(k).map_or("", |t| t.lower.as_str());
    let mut k = end;
    if w(k) == "," {
        k += 1;
    }
    if matches!(w(k), "that" | "which") {
        k += 1;
    } else if end > 0 && PREPOSITIONS.contains(&w(end - 1)) {
        // ("the release *of* the pilot had given": the name is the
        // pattern's object, not a relative clause's subject.)
        return None;
    }
    let source = usable.iter().copied().find(|&i| actors[i].start == k)?;
    k = actors[source].end;
    while matches!(
        w(k),
        "has" | "have" | "had" | "was" | "were" | "first" | "then" | "later"
    ) {
        k += 1;
    }
    if !LIGHT_FORMS.contains(w(k)) {
        return None;
    }
    let on = (k + 1..(k + 3).min(toks.len())).find(|&j| matches!(w(j), "on" | "upon" | "against"));
    let target = on.and_then(|o| {
        usable.iter().copied().find(|&i| {
            right_after(toks, o, actors[i].start) && actors[i].country != actors[source].country
        })
    });
    Some((source, target))
}

/// The actor a light verb takes as its first object before the event noun at
/// `start` ("sent *Canada* a formal letter of protest", "gave *Beijing* a
/// warning"): named right after the verb, with only the noun phrase's own
/// words between it and the noun.
fn indirect_object(
    toks: &[Token],
    actors: &[ActorMention],
    usable: &[usize],
    start: usize,
) -> Option<usize> {
    let i = usable.iter().copied().rfind(|&i| {
        let a = actors[i].start;
        actors[i].end < start
            && start - actors[i].end <= 4
            && (a.saturating_sub(2)..a)
                .any(|k| LIGHT_FORMS.contains(toks[k].lower.as_str()) && right_after(toks, k, a))
    })?;
    // (Only a determiner, adjectives and a message noun's "of" before the
    // noun: "sent Canada *a formal* letter *of* protest", not "sent Canada's
    // reply to".)
    let phrase = (actors[i].end..start).all(|k| {
        let t = &toks[k];
        let bundle = t.lower == "of"
            && k > 0
            && (SENT_NOUNS.contains(&toks[k - 1].lower.as_str())
                || PARTITIVE_NOUNS.contains(&toks[k - 1].lower.as_str()));
        t.kind == crate::document::TokenKind::Word
            && !t.is_capitalized()
            && (bundle || !PREPOSITIONS.contains(&t.lower.as_str()))
            && t.lower != "'s"
    });
    let opens = toks
        .get(actors[i].end)
        .is_some_and(|t| DETERMINERS.contains(&t.lower.as_str()));
    (phrase && opens).then_some(i)
}

/// Whether a light verb governs a noun at `start` ("imposed new *sanctions*", "held *talks*").
fn light_verb_before(toks: &[Token], start: usize) -> bool {
    // "Japan *would protest* to China": after a modal the word is the verb itself.
    if start > 0 && crate::grammar::FUTURE_AUX.contains(&toks[start - 1].lower.as_str()) {
        return true;
    }
    let mut k = start;
    let mut steps = 0;
    while k > 0 && steps < 8 {
        let w = toks[k - 1].lower.as_str();
        // "have" is an auxiliary unless the noun phrase follows it ("have
        // talks", "had a meeting"): "*have* drawn closer since the invasion".
        let auxiliary = matches!(w, "have" | "has" | "had" | "having")
            && k < start
            && !DETERMINERS.contains(&toks[k].lower.as_str());
        if LIGHT_FORMS.contains(w) && !auxiliary {
            return true;
        }
        // "agreed on a package of sanctions": the package is the act's object;
        // so is a message's content ("sent a letter of protest").
        if w == "of"
            && k >= 2
            && (PARTITIVE_NOUNS.contains(&toks[k - 2].lower.as_str())
                || SENT_NOUNS.contains(&toks[k - 2].lower.as_str()))
        {
            k -= 1;
            steps += 1;
            continue;
        }
        // "agreed on new sanctions", "decided on a boycott".
        if matches!(w, "on" | "upon")
            && k >= 2
            && matches!(
                toks[k - 2].lower.as_str(),
                "agree" | "agreed" | "agrees" | "decided" | "decide" | "decides" | "settled"
            )
        {
            return true;
        }
        // (A hyphen, a currency sign or a quotation mark is inside the noun
        // phrase: "a $300 million aid package", pledged "full support".)
        if toks[k - 1].kind == crate::document::TokenKind::Punct
            && !matches!(w, "-" | "$" | "€" | "£" | "¥")
            && !toks[k - 1].is_double_quote()
            || PREPOSITIONS.contains(&w)
        {
            return false;
        }
        k -= 1;
        steps += 1;
    }
    false
}

// Verbs of appeal, demand and permission whose object's infinitive ("urged Iraq
// to reconsider") names an act that has not happened.
use crate::grammar::{APPEAL_VERBS, DEMAND_VERBS};

/// Every inflected form of the appeal verbs.
static APPEAL_FORMS: std::sync::LazyLock<HashSet<String>> =
    std::sync::LazyLock::new(|| inflected(&APPEAL_VERBS, false));

/// Every inflected form of the verbs whose object is what they ask for.
static DEMAND_FORMS: std::sync::LazyLock<HashSet<String>> =
    std::sync::LazyLock::new(|| inflected(&DEMAND_VERBS, false));

/// Why the event at trigger head `h` only says what another act is or means,
/// if it does: a name given to something ("calling it *a scheme to start a
/// war*"), the attitude a coded act displays ("presented credentials *in a
/// show of support*"), or an insistence that something is so ("insisted that
/// Japan *will not return*"), which states rather than demands. `coded` are
/// the sentence's events so far.
fn said_of_another_act(
    t: &DepTree,
    toks: &[Token],
    h: usize,
    p: &crate::lexicon::Pattern,
    coded: &[Event],
) -> Option<String> {
    // The name is the second object: "called *the sanctions* an act of war"
    // names the sanctions.
    let mut n = h;
    for _ in 0..4 {
        let Some(v) = t.head[n] else { break };
        if crate::grammar::NAMING_VERBS.contains(&toks[v].lower.as_str()) && t.upos[n] == "NOUN" {
            let two_objects =
                t.base_rel(n) == "obj" && t.children(v).any(|k| k < n && t.base_rel(k) == "obj");
            let as_phrase = t.base_rel(n) == "obl" && t.children(n).any(|k| toks[k].lower == "as");
            if two_objects || as_phrase || t.base_rel(n) == "xcomp" {
                return Some(format!(
                    "what something is called (\"{} ... \") is a verdict on it, not an event",
                    toks[v].text
                ));
            }
        }
        if !matches!(t.base_rel(n), "acl" | "nmod" | "obj" | "compound") {
            break;
        }
        n = v;
    }
    // The display noun hangs on a verb coded itself (its event comes first:
    // matches are in sentence order).
    let display = t.head[h]
        .filter(|_| t.base_rel(h) == "nmod" && t.children(h).any(|k| toks[k].lower == "of"))
        .filter(|&d| {
            t.base_rel(d) == "obl"
                && crate::grammar::DISPLAY_NOUNS.contains(&toks[d].lower.as_str())
                && t.children(d)
                    .any(|k| matches!(toks[k].lower.as_str(), "in" | "as"))
                && t.head[d].is_some_and(|v| {
                    coded
                        .iter()
                        .any(|e| e.trigger_start <= v && v < e.trigger_end)
                })
        });
    if let Some(d) = display {
        return Some(format!(
            "the attitude a coded act displays (\"{}\" of ...) is what that act means, not a second event",
            toks[d].lower
        ));
    }
    // Only a clause of what must be done ("insisted that Russia *withdraw*")
    // makes "insist that" a demand.
    let stated = p.code.starts_with("10")
        && p.text == "insist+ that"
        && t.children(h)
            .find(|&k| t.base_rel(k) == "ccomp")
            .is_some_and(|c| !t.is_mandative(toks, c));
    stated.then(|| "insisting that something is so is a statement, not a demand".into())
}

/// The appeal verb an event noun is asked for by ("called *for new talks*",
/// "pressed for a ceasefire", "demanded *an apology*"): what is called for has
/// not happened.
fn appealed_for<'t>(tree: &DepTree, toks: &'t [Token], h: usize) -> Option<&'t str> {
    // "urged Moscow to withdraw and (to) *negotiate*": a second infinitive,
    // with no subject of its own, is urged as the first is.
    let to_mark = |v: usize| {
        tree.children(v)
            .any(|k| tree.base_rel(k) == "mark" && toks[k].lower == "to")
    };
    let h = match tree.head[h] {
        Some(first)
            if tree.base_rel(h) == "conj"
                && to_mark(first)
                && !crate::grammar::is_past_form(&toks[h].lower)
                && !tree
                    .children(h)
                    .any(|k| tree.base_rel(k).starts_with("nsubj")) =>
        {
            first
        }
        _ => h,
    };
    let v = tree.head[h]?;
    // "urged Bree on Monday *to help*": the act urged, however far from its object.
    if matches!(tree.upos.get(h).copied(), Some("VERB")) {
        // The parser hangs it as xcomp, or as an advcl marked "to".
        let infinitive = tree.base_rel(h) == "xcomp" || tree.base_rel(h) == "advcl" && to_mark(h);
        // ("*called on* Sudan to stop", "*appealed to* Japan to help": the one
        // asked is a prepositional object.)
        let calls = ["call", "appeal"]
            .iter()
            .any(|w| toks[v].lower.starts_with(w));
        let asked_by_preposition = |k: usize| {
            calls
                && tree.base_rel(k) == "obl"
                && tree.children(k).any(|c| {
                    tree.base_rel(c) == "case"
                        && matches!(toks[c].lower.as_str(), "on" | "upon" | "to")
                })
        };
        let urged = infinitive
            && tree
                .children(v)
                .any(|k| matches!(tree.base_rel(k), "obj" | "iobj") || asked_by_preposition(k))
            && (APPEAL_FORMS.contains(toks[v].lower.as_str()) || calls);
        // "demanded that Belarus *release* the activists": a bare verb (or one
        // with "should") under a demand is what is demanded, not what was done.
        let mandated = tree.base_rel(h) == "ccomp"
            && DEMAND_FORMS.contains(toks[v].lower.as_str())
            && tree.is_mandative(toks, h);
        if mandated {
            return Some(toks[v].text.as_str());
        }
        // "denied Russia's request *to extradite* a journalist".
        let requested = tree.base_rel(h) == "acl"
            && to_mark(h)
            && crate::grammar::REQUEST_NOUNS.contains(&toks[v].lower.as_str());
        if urged || requested {
            return Some(toks[v].text.as_str());
        }
        // "came under *pressure* from X *to approve*": the parser hangs the
        // infinitive on the verb that carries the asking noun.
        let pressed = (tree.base_rel(h) == "advcl" && to_mark(h))
            .then(|| {
                tree.children(v).find(|&k| {
                    tree.base_rel(k) == "obl"
                        && crate::grammar::REQUEST_NOUNS.contains(&toks[k].lower.as_str())
                })
            })
            .flatten();
        return pressed.map(|k| toks[k].text.as_str());
    }
    if !matches!(tree.upos.get(h).copied(), Some("NOUN")) {
        return None;
    }
    let asked = match tree.base_rel(h) {
        "obl" => tree
            .children(h)
            .any(|c| tree.base_rel(c) == "case" && toks[c].lower == "for"),
        "obj" => DEMAND_FORMS.contains(toks[v].lower.as_str()),
        _ => false,
    };
    (asked && APPEAL_FORMS.contains(toks[v].lower.as_str())).then_some(toks[v].text.as_str())
}

/// Whether an appeal verb governs the object mention starting at `obj` ("urged *the embassy*").
fn governed_by_appeal(toks: &[Token], obj: usize) -> bool {
    let forms = &*APPEAL_FORMS;
    let mut k = obj;
    let mut steps = 0;
    while k > 0 && steps < 6 {
        let w = toks[k - 1].lower.as_str();
        if forms.contains(w) {
            return true;
        }
        if toks[k - 1].kind == crate::document::TokenKind::Punct {
            return false;
        }
        k -= 1;
        steps += 1;
    }
    false
}

/// Tokens that end the search for a target.
fn stops_target_search(toks: &[Token], k: usize) -> bool {
    !crate::document::abbreviation_bracket(toks, k)
        && matches!(
            toks[k].lower.as_str(),
            ";" | ":"
                | "."
                | "but"
                | "while"
                | "which"
                | "who"
                | "whereas"
                | "because"
                | "although"
                | "though"
                | "whereby"
                | "("
                | ")"
                | "—"
                | "when"
                | "after"
                | "if"
                | "unless"
        )
}

/// "sign a pact *as Moscow warns*": "as" before a name opens a clause of its
/// own, unless it compares or lists ("such as Japan", "as well as China").
fn starts_as_clause(toks: &[Token], k: usize) -> bool {
    toks[k].lower == "as"
        && k > 0
        && !matches!(
            toks[k - 1].lower.as_str(),
            "such" | "well" | "so" | "just" | "same"
        )
        && toks.get(k + 1).is_some_and(|n| {
            n.is_capitalized() && n.kind == crate::document::TokenKind::Word
                || n.lower == "the" && toks.get(k + 2).is_some_and(|n2| n2.is_capitalized())
        })
}

/// Runs the events stage.
/// Marks where the lexicon's patterns match each sentence that names an actor
/// ([`crate::document::Sentence::triggers`]); the parse stage then parses only
/// those sentences, and [`run`] codes them.
pub fn find_triggers(doc: &mut Document, lex: &Lexicon) {
    for s in &mut doc.sentences {
        let mention_at = mention_ends(&s.actors, s.tokens.len());
        s.triggers = if mention_at.iter().any(Option::is_some) {
            let mut found = lex.find(&s.tokens, &mention_at);
            let moved = relatives::object_relative_matches(&s.tokens, &mention_at, lex, &found);
            found.extend(moved);
            found
        } else {
            Vec::new()
        };
        s.wants_tree = s.triggers.is_empty() && accusations::may_report_verdict(s, lex);
    }
}

/// The actors a sentence's events can have as sides.
fn usable_mentions(actors: &[ActorMention]) -> Vec<usize> {
    (0..actors.len())
        .filter(|&i| !actors[i].attached && !actors[i].country.is_empty())
        .collect()
}

/// Whether a mention only says who reports the sentence ("*according to* the
/// ministry", "according to US officials"): the reporter is not a party.
fn attribution(toks: &[Token], m: &ActorMention) -> bool {
    let from = m.start.saturating_sub(4);
    toks[from..m.start]
        .windows(2)
        .any(|w| w[0].lower == "according" && w[1].lower == "to")
        && !toks[from..m.start]
            .iter()
            .any(|t| t.kind == crate::document::TokenKind::Punct)
}

/// For each token, the end of the longest usable mention starting there.
fn mention_ends(actors: &[ActorMention], n: usize) -> Vec<Option<usize>> {
    let mut mention_at = vec![None; n];
    for i in usable_mentions(actors) {
        let m = &actors[i];
        mention_at[m.start] = Some(mention_at[m.start].map_or(m.end, |e: usize| e.max(m.end)));
    }
    mention_at
}

/// Codes the triggers [`find_triggers`] marked (finding them first if it has
/// not run).
pub fn run(doc: &mut Document, lex: &Lexicon) {
    let mut skipped = Vec::new();
    let events = code_document(doc, lex, &mut skipped);
    doc.events = events;
    threats::run(doc, lex);
    refusals::run(doc, lex);
    accusations::run(doc, lex);
    accusations::run_verdicts(doc, lex);
    for s in skipped {
        doc.notes.push(format!(
            "sentence {}: {} not coded: {}",
            s.sentence, s.rule, s.reason
        ));
    }
}

fn code_document(doc: &Document, lex: &Lexicon, skipped: &mut Vec<Skipped>) -> Vec<Event> {
    let mut out = Vec::new();
    // Each sentence's actors, for sides that context takes from further back.
    let earlier: Vec<&[ActorMention]> = doc.sentences.iter().map(|s| s.actors.as_slice()).collect();
    let focus = article_focus(doc);
    let focus = focus.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
    // Where the previous sentence's events start in `out`.
    let mut prev_start = 0;
    for (si, s) in doc.sentences.iter().enumerate() {
        let prev = si.checked_sub(1).map(|p| &doc.sentences[p]);
        let start = out.len();
        if let Some(phrase) = discard_phrase(&s.tokens, &s.triggers, s.tree.as_ref(), lex) {
            for m in &s.triggers {
                let p = &lex.patterns[m.pattern];
                skipped.push(Skipped {
                    sentence: si,
                    rule: format!("{} {}", p.origin, p.text),
                    reason: format!(
                        "the sentence is about sport or entertainment (\"{phrase}\", data/grammar/discard-phrases.txt)"
                    ),
                });
            }
            prev_start = start;
            continue;
        }
        let lost = code_sentence(
            si,
            &s.tokens,
            &s.actors,
            &s.triggers,
            s.tree.as_ref(),
            prev.map(|p| (p.index, p.actors.as_slice())),
            &earlier,
            focus,
            lex,
            &mut out,
            skipped,
            &HashSet::default(),
        );
        if !lost.is_empty() {
            let surface = surface_fallback(
                doc,
                si,
                &lost,
                &out[prev_start..start],
                &earlier,
                focus,
                lex,
            );
            let coded: HashSet<usize> = out[start..].iter().map(|e| e.trigger_start).collect();
            // An event the tree's pass made from the same match and pair, then
            // moved to another trigger ("agreed to start *talks*" became the
            // intent at "agreed"), is not made again.
            let remade = |e: &Event| {
                out[start..].iter().any(|o| {
                    o.source.code == e.source.code
                        && o.target.code == e.target.code
                        && o.rule.starts_with(&e.rule)
                })
            };
            let surface: Vec<Event> = surface
                .into_iter()
                .filter(|e| !coded.contains(&e.trigger_start) && !remade(e))
                .collect();
            out.extend(surface);
        }
        gapped(si, &s.tokens, &s.actors, &mut out, start);
        in_kind(si, &s.tokens, &s.actors, &mut out, prev_start);
        followed_suit(si, &s.tokens, &s.actors, &mut out, prev_start);
        prev_start = start;
    }
    out
}

/// Clauses whose verb and object are left out after the first ("gapping"):
/// "Germany and France each expelled four Russian diplomats, *and Lithuania
/// three*", "Ukraine expelled 13, *Canada four*". What is left of each is
/// its subject and a count; the subject did what the first clause's subject
/// did, to the same target, and is no target of that clause's act.
/// `out[from..]` are this sentence's events.
fn gapped(si: usize, toks: &[Token], actors: &[ActorMention], out: &mut Vec<Event>, from: usize) {
    // (Most sentences: nothing to look for, nothing to allocate.)
    if actors.is_empty() || out.len() == from {
        return;
    }
    let usable = usable_mentions(actors);
    // (Past a "the": "and *the* Czech Republic three".)
    let starting = |k: usize| {
        let k = if toks.get(k).is_some_and(|t| t.lower == "the") {
            k + 1
        } else {
            k
        };
        usable.iter().copied().find(|&i| actors[i].start == k)
    };
    let is_count = |t: &Token| {
        t.text.bytes().all(|b| b.is_ascii_digit())
            || (!matches!(t.lower.as_str(), "a" | "an")
                && crate::grammar::number_word(&t.lower).is_some())
    };
    let closes = |k: usize| {
        toks.get(k).is_none_or(|t| {
            t.kind == crate::document::TokenKind::Punct
                || matches!(t.lower.as_str(), "and" | "each" | "apiece" | "more")
        })
    };
    let mut remnants: Vec<Vec<usize>> = Vec::new();
    for k in 1..toks.len() {
        let after_break = match toks[k - 1].lower.as_str() {
            "," | ";" => true,
            "and" | "while" | "but" | "whereas" => k >= 2 && toks[k - 2].lower == ",",
            _ => false,
        };
        let Some(first) = Some(k).filter(|_| after_break).and_then(starting) else {
            continue;
        };
        let mut group = vec![first];
        let mut end = actors[first].end;
        while let Some(next) = toks
            .get(end)
            .filter(|t| matches!(t.lower.as_str(), "and" | ","))
            .and_then(|_| starting(end + 1))
        {
            group.push(next);
            end = actors[next].end;
        }
        // The count, in money or a share if so: "Japan *$1 billion*".
        let mut c = end;
        if toks
            .get(c)
            .is_some_and(|t| matches!(t.text.as_str(), "$" | "€" | "£"))
        {
            c += 1;
        }
        if !toks.get(c).is_some_and(is_count) {
            continue;
        }
        c += 1;
        while toks.get(c).is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "million" | "billion" | "trillion" | "percent" | "%"
            )
        }) {
            c += 1;
        }
        if closes(c) {
            remnants.push(group);
        }
    }
    for group in remnants {
        let at = actors[group[0]].start;
        let countries: Vec<&str> = group.iter().map(|&i| actors[i].country.as_str()).collect();
        let before = |e: &Event| e.sentence == si && e.trigger_end <= at;
        let main: Vec<Event> = out[from..]
            .iter()
            .filter(|e| {
                before(e)
                    && !countries.contains(&e.target.country.as_str())
                    && !countries.contains(&e.source.country.as_str())
            })
            .cloned()
            .collect();
        if main.is_empty() {
            continue;
        }
        let mut k = from;
        while k < out.len() {
            if before(&out[k]) && countries.contains(&out[k].target.country.as_str()) {
                out.remove(k);
            } else {
                k += 1;
            }
        }
        for &i in &group {
            for m in &main {
                let told = out[from..].iter().any(|e| {
                    e.source.country == actors[i].country
                        && e.target.country == m.target.country
                        && e.cameo == m.cameo
                });
                if told {
                    continue;
                }
                out.push(Event {
                    source: actor(&actors[i], si),
                    rule: format!("gapped clause: {}", m.rule),
                    arcs: None,
                    ..m.clone()
                });
            }
        }
    }
}

/// A state doing what another has just done ("Lithuania expelled two Russian
/// diplomats. Latvia and Estonia *followed suit*", `FOLLOW_SUIT`): the last
/// act told before the phrase, in this sentence or the one before
/// (`out[from..]`), by the states named before the phrase, on the same target.
fn followed_suit(
    si: usize,
    toks: &[Token],
    actors: &[ActorMention],
    out: &mut Vec<Event>,
    from: usize,
) {
    // (Nothing to follow, the usual case: no work.)
    if out.len() == from {
        return;
    }
    // The phrases' first words, split once: every word of a sentence after
    // an event is tested, and splitting each phrase per word was a tenth of
    // the coding of events.
    static FIRST_WORDS: std::sync::LazyLock<HashSet<&'static str>> =
        std::sync::LazyLock::new(|| {
            crate::grammar::FOLLOW_SUIT
                .iter()
                .filter_map(|p| p.split(' ').next())
                .collect()
        });
    let words: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
    let first_word = |w: &str| FIRST_WORDS.contains(w);
    let Some((k, len)) = (0..words.len())
        .filter(|&k| first_word(words[k]))
        .find_map(|k| {
            (2..=4).find_map(|n| {
                let end = k + n;
                (end <= words.len()
                    && crate::grammar::FOLLOW_SUIT.contains(&words[k..end].join(" ")))
                .then_some((k, n))
            })
        })
    else {
        return;
    };
    // The followers: the states named in the clause before the phrase.
    let clause_start = (0..k)
        .rev()
        .find(|&j| {
            matches!(words[j], ";" | "while" | "but" | "whereas")
                || words[j] == "," && words.get(j + 1) == Some(&"and")
        })
        .map_or(0, |j| j + 1);
    let mut followers: Vec<&ActorMention> = Vec::new();
    for a in actors
        .iter()
        .filter(|a| a.start >= clause_start && a.end <= k && !a.attached && is_state(&a.country))
    {
        if !followers.iter().any(|f| f.country == a.country) {
            followers.push(a);
        }
    }
    if followers.is_empty() {
        return;
    }
    // ("Took similar steps" are acts, not words: not a statement or a
    // demand made before them, whose quad classes, 1 and 3, are the odd ones.)
    let acts_only = words[k..k + len]
        .iter()
        .any(|w| w.starts_with("step") || w.starts_with("measure") || *w == "action");
    let led = |e: &Event| {
        (e.sentence < si || e.trigger_end <= k)
            && !(acts_only && e.quad_class % 2 == 1)
            && followers
                .iter()
                .all(|f| f.country != e.source.country && f.country != e.target.country)
    };
    let Some(first) = out[from..].iter().rev().find(|e| led(e)).cloned() else {
        return;
    };
    for f in followers {
        let told = out[from..].iter().any(|e| {
            e.sentence == si
                && e.source.country == f.country
                && e.target.country == first.target.country
        });
        if told {
            continue;
        }
        out.push(Event {
            sentence: si,
            source: actor(f, si),
            trigger_start: k,
            trigger_end: k + len,
            rule: format!("followed suit: {}", first.rule),
            date: None,
            date_text: None,
            mode: Mode::Asserted,
            mode_cue: None,
            arcs: None,
            ..first.clone()
        });
    }
}

/// An answer "in kind" ("Japan expelled eight Russian diplomats, and Moscow
/// *responded in kind*"): the same act, by the one it was done to, back at
/// whoever did it, told in this sentence or the one before (`out[from..]`).
/// A verb coded on its own ("*retaliated* in kind", 190) takes that act's code.
fn in_kind(si: usize, toks: &[Token], actors: &[ActorMention], out: &mut Vec<Event>, from: usize) {
    let Some(k) = (1..toks.len().saturating_sub(1))
        .find(|&k| toks[k].lower == "in" && toks[k + 1].lower == "kind")
    else {
        return;
    };
    let Some(verb) = (k.saturating_sub(3)..k).rev().find(|&v| {
        [
            "respond",
            "retaliat",
            "repli",
            "reply",
            "reciprocat",
            "answer",
            "hit",
        ]
        .iter()
        .any(|w| toks[v].lower.starts_with(w))
    }) else {
        return;
    };
    let Some(responder) = actors
        .iter()
        .filter(|a| a.end <= verb && !a.attached && is_state(&a.country))
        .max_by_key(|a| a.end)
    else {
        return;
    };
    let Some(first) = out[from..]
        .iter()
        .rev()
        .find(|e| {
            e.target.country == responder.country
                && e.source.country != responder.country
                && (e.sentence < si || e.trigger_start < verb)
        })
        .cloned()
    else {
        return;
    };
    let rule = format!("in kind: the act it answers, {}", first.rule);
    let back = |e: &Event| {
        e.sentence == si
            && e.source.country == responder.country
            && e.target.country == first.source.country
    };
    if let Some(e) = out[from..]
        .iter_mut()
        .find(|e| back(e) && e.trigger_start == verb)
    {
        e.cameo = first.cameo;
        e.goldstein = first.goldstein;
        e.quad_class = first.quad_class;
        e.rule = rule;
        return;
    }
    // (Already told as its own act: "responded in kind by expelling ...".)
    if out[from..].iter().any(back) {
        return;
    }
    out.push(Event {
        sentence: si,
        source: actor(responder, si),
        target: first.source,
        cameo: first.cameo,
        goldstein: first.goldstein,
        quad_class: first.quad_class,
        trigger_start: verb,
        trigger_end: k + 2,
        rule,
        date: None,
        date_text: None,
        mode: Mode::Asserted,
        mode_cue: None,
        arcs: None,
    });
}

/// Phrases by their first word, each with its words.
type PhrasesByFirst = HashMap<&'static str, Vec<(&'static str, Vec<&'static str>)>>;

/// A phrase of [`DISCARDS`] in the sentence outside every pattern match: the
/// sentence reports a game or a show ("beat China in the World Cup
/// qualifier"), not an event between states. Unless the game is the object
/// of a protest, a cut in relations or a ban (CAMEO 14, 16, 17: "boycotted the
/// Russian World Cup"): then it is what a state acts against.
fn discard_phrase(
    toks: &[Token],
    matches: &[PatternMatch],
    tree: Option<&DepTree>,
    lex: &Lexicon,
) -> Option<&'static str> {
    // The phrases by first word, split once: this runs on every sentence with a trigger.
    static BY_FIRST: std::sync::LazyLock<PhrasesByFirst> = std::sync::LazyLock::new(|| {
        let mut m: HashMap<&'static str, Vec<(&'static str, Vec<&'static str>)>> =
            HashMap::default();
        for phrase in DISCARDS.iter().copied() {
            let words: Vec<&'static str> = phrase.split(' ').collect();
            m.entry(words[0]).or_default().push((phrase, words));
        }
        m
    });
    if matches.is_empty() {
        return None;
    }
    // As the object of a protest, a cut or a ban the game is what a state acts on.
    let acted_on = |last: usize| {
        tree.is_some_and(|t| {
            let Some(v) = t.head.get(last).copied().flatten() else {
                return false;
            };
            t.base_rel(last) == "obj"
                && matches.iter().any(|m| {
                    m.start <= v
                        && v < m.end
                        && matches!(&lex.patterns[m.pattern].code[..2], "14" | "16" | "17")
                })
        })
    };
    (0..toks.len()).find_map(|k| {
        BY_FIRST
            .get(toks[k].lower.as_str())?
            .iter()
            .find_map(|(phrase, words)| {
                let end = k + words.len();
                let found = end <= toks.len()
                    && words.iter().zip(&toks[k..end]).all(|(w, t)| t.lower == *w)
                    && !matches.iter().any(|m| m.start < end && k < m.end)
                    && !acted_on(end - 1);
                found.then_some(*phrase)
            })
    })
}

/// Events of the surface rules for the triggers whose subject the tree could
/// not find (`lost`, as [`code_sentence`] reports them). A greedy parser
/// misreads some sentences ("Germany on Monday banned..." hung from
/// "Germany"); where the tree names no source for a trigger, reading the words
/// alone is the better guess. Where it does name one, the tree's verdict
/// stands, including "no event" (a target outside the trigger's clause).
fn surface_fallback(
    doc: &Document,
    si: usize,
    lost: &[PatternMatch],
    prev_events: &[Event],
    earlier: &[&[ActorMention]],
    focus: Option<(&str, &str)>,
    lex: &Lexicon,
) -> Vec<Event> {
    let s = &doc.sentences[si];
    let mut tmp = prev_events.to_vec();
    let from = tmp.len();
    let prev = si.checked_sub(1).map(|p| &doc.sentences[p]);
    // What the tree reads as a verb's object is no subject, however the
    // words read: "reports of snipers attacking *civilians*, ... calling for".
    let objects: HashSet<usize> = s.tree.as_ref().map_or_else(HashSet::default, |t| {
        (0..s.actors.len())
            .filter(|&i| {
                let h = t.head_of_span(s.actors[i].start, s.actors[i].end);
                t.deprel[h] == "obj" && t.head[h].is_some_and(|v| t.upos[v] == "VERB")
            })
            .collect()
    });
    code_sentence(
        si,
        &s.tokens,
        &s.actors,
        lost,
        None,
        prev.map(|p| (p.index, p.actors.as_slice())),
        earlier,
        focus,
        lex,
        &mut tmp,
        &mut Vec::new(),
        &objects,
    );
    tmp.split_off(from)
}

/// A bare word for armed forces or their weapons ("troops", "destroyers"),
/// whose country comes from the context rather than from a name of its own.
fn own_means(a: &ActorMention) -> bool {
    a.kind == MentionKind::Agent && a.role == "MIL"
}

/// The matches with each "joined X in <act>" (PETRARCH's `join+ * in *
/// condemning`, which spans the act's verb) replaced by the act's own
/// matches: the act is the event, done by both ([`Roles::joined_partner`]).
fn rematch_joined(
    r: &Roles,
    toks: &[Token],
    actors: &[ActorMention],
    matches: &[PatternMatch],
    lex: &Lexicon,
) -> Vec<PatternMatch> {
    let mut out = Vec::with_capacity(matches.len());
    for m in matches {
        let Some(c) = r.joined_act(r.trigger_head(m)).filter(|&c| c < m.end) else {
            out.push(m.clone());
            continue;
        };
        let ends: Vec<Option<usize>> = mention_ends(actors, toks.len())[c..]
            .iter()
            .map(|e| e.map(|e| e - c))
            .collect();
        let shift = |x: Option<(usize, usize)>| x.map(|(a, b)| (a + c, b + c));
        out.extend(
            lex.find(&toks[c..], &ends)
                .into_iter()
                .filter(|a| a.start + c < m.end)
                .map(|a| PatternMatch {
                    pattern: a.pattern,
                    start: a.start + c,
                    end: a.end + c,
                    head: a.head.map(|h| h + c),
                    target: shift(a.target),
                    source: shift(a.source),
                }),
        );
    }
    out
}

/// The role an actor plays in one event, before expansion over groups.
#[derive(Debug, Clone)]
struct Side {
    /// Mention index in `actors`, or in the previous sentence's actors.
    mentions: Vec<usize>,
    from_prev: bool,
    /// An earlier sentence than the previous one whose actors `mentions`
    /// index (then `from_prev` is set too: the side comes from context).
    at: Option<usize>,
}

impl Side {
    /// One mention of this sentence (`from_prev` false) or of the previous one.
    fn one(i: usize, from_prev: bool) -> Side {
        Side {
            mentions: vec![i],
            from_prev,
            at: None,
        }
    }

    /// The countries of this side's mentions (of this sentence's `actors`).
    fn countries<'a>(&self, actors: &'a [ActorMention]) -> Vec<&'a str> {
        self.mentions
            .iter()
            .map(|&i| actors[i].country.as_str())
            .collect()
    }

    /// Whether this side is a state's (no rebels, insurgents or opposition
    /// among it): only a state's own forces are its means.
    fn is_state(&self, actors: &[ActorMention]) -> bool {
        self.mentions
            .iter()
            .all(|&k| !crate::actors::NON_STATE_ROLES.contains(&actors[k].role.as_str()))
    }

    /// Whether mention `i` is of one of this side's countries.
    fn has_country_of(&self, actors: &[ActorMention], i: usize) -> bool {
        self.mentions
            .iter()
            .any(|&k| actors[k].country == actors[i].country)
    }
}

#[allow(clippy::too_many_arguments)]
fn code_sentence(
    si: usize,
    toks: &[Token],
    actors: &[ActorMention],
    matches: &[PatternMatch],
    tree: Option<&DepTree>,
    prev: Option<(usize, &[ActorMention])>,
    earlier: &[&[ActorMention]],
    focus: Option<(&str, &str)>,
    lex: &Lexicon,
    out: &mut Vec<Event>,
    skipped: &mut Vec<Skipped>,
    objects: &HashSet<usize>,
) -> Vec<PatternMatch> {
    // Triggers for which the tree found no source, for the surface fallback.
    let mut lost = Vec::new();
    let usable: Vec<usize> = usable_mentions(actors)
        .into_iter()
        .filter(|&i| !attribution(toks, &actors[i]))
        .collect();
    let mention_at = mention_ends(actors, toks.len());
    let mut used_as_target: HashSet<usize> = objects.clone();
    // Each event's source, target, trigger end, and whether it was an
    // encounter (04: met, visited, talked).
    let mut last_target: Vec<(Vec<usize>, Side, usize, bool)> = Vec::new();
    let start_len = out.len();
    // Events are appended in sentence order: the previous sentence's are at
    // the tail (scanning all of `out` made long articles quadratic).
    let prev_events: Vec<Event> = prev
        .map(|(pi, _)| {
            let from = out
                .iter()
                .rposition(|e| e.sentence < pi)
                .map_or(0, |i| i + 1);
            out[from..]
                .iter()
                .filter(|e| e.sentence == pi)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let roles = tree.and_then(|t| Roles::new(t, toks, actors, &usable));
    // (Copied only where a "join" verb has an act: most sentences have none.)
    let joined;
    let matches = match &roles {
        Some(r)
            if matches
                .iter()
                .any(|m| r.joined_act(r.trigger_head(m)).is_some()) =>
        {
            joined = rematch_joined(r, toks, actors, matches, lex);
            &joined[..]
        }
        _ => matches,
    };
    for m in matches {
        let p = &lex.patterns[m.pattern];
        let rule = format!("{} {}", p.origin, p.text);
        // With a tree, sources come from the trigger's clause or those it borrows
        // a subject from, targets from its own clause only.
        let (su, tu, ts) = match &roles {
            Some(r) => {
                let h = r.trigger_head(m);
                (r.allowed_sources(h), r.allowed_targets(m), Some(r.sides(h)))
            }
            None => (usable.clone(), usable.clone(), None),
        };
        // A pattern that spells out its own copula ("be+ angered by") reads
        // the subject as the one who feels: the tree's passive sides swap.
        let ts = ts.map(|mut t| {
            if t.passive && p.text.starts_with("be+ ") {
                std::mem::swap(&mut t.source, &mut t.target);
                std::mem::swap(&mut t.source_arc, &mut t.target_arc);
                t.passive = false;
            }
            t
        });
        let ts_ref: Option<&TreeSides> = ts.as_ref();
        // "warned X against supplying", "barred X from fishing": the act is
        // averted, and the warning or ban is the event.
        if let Some(w) = roles.as_ref().and_then(|r| r.averted_by(r.trigger_head(m))) {
            skipped.push(Skipped {
                sentence: si,
                rule,
                reason: format!(
                    "an act warned against, held back from, accused of or talked about (\"{w}\" + -ing) is not asserted"
                ),
            });
            continue;
        }
        // "Russia's *invasion* of Ukraine pushed Finland to join NATO": an
        // event that is a verb's subject is a cause, and a cause makes no
        // statement, appeal or demand. (A meeting may: "the summit urged".)
        let verbal_act = VERBAL_ACT_ROOTS.contains(&&p.code[..2]);
        if let Some(n) = tree
            .zip(roles.as_ref())
            .filter(|_| verbal_act)
            .and_then(|(t, r)| {
                let h = r.trigger_head(m);
                let c = t.clause_of(h);
                // (Not the patient of a passive, "the test *was condemned* by
                // Japan", nor what draws a reaction from others.)
                let drawing = crate::grammar::DRAWING_VERBS
                    .iter()
                    .any(|w| toks[c].lower.starts_with(w));
                if t.is_passive(c) || drawing || t.upos[h] != "VERB" {
                    return None;
                }
                let s = t.subject(c).filter(|&s| s != h && t.upos[s] == "NOUN")?;
                matches
                    .iter()
                    .any(|o| r.trigger_head(o) == s && lex.patterns[o.pattern].code[..2] != *"04")
                    .then_some(s)
            })
        {
            skipped.push(Skipped {
                sentence: si,
                rule,
                reason: format!(
                    "its subject \"{}\" is an event, a cause rather than an actor",
                    toks[n].text
                ),
            });
            continue;
        }
        // "postponed their meeting", "the summit was cancelled": the event the
        // noun names did not take place; the calling off is the news.
        if let Some(v) = tree.zip(roles.as_ref()).and_then(|(t, r)| {
            let mut h = r.trigger_head(m);
            // "vetoed a resolution *condemning* Syria": a clause on a called-off
            // noun goes with it.
            if matches!(t.upos[h], "VERB" | "AUX") {
                h = t.head[h].filter(|&n| t.base_rel(h) == "acl" && t.upos[n] == "NOUN")?;
            }
            // "blocked *a tranche of* military aid": the measure of an event
            // noun stands for it.
            while t.base_rel(h) == "nmod"
                && t.children(h).any(|k| toks[k].lower == "of")
                && t.head[h].is_some_and(|n| t.upos[n] == "NOUN")
            {
                h = t.head[h]?;
            }
            let v = t.head[h]?;
            // (A noun the parser hung as `xcomp` is an object too: "ended
            // visa-free *visits*".)
            // (Called off by no one named, "the summit was postponed", it is
            // still told, as not taking place: see `mode::tree_mode`.)
            let called_off = CALLING_OFF.contains(&toks[v].lower.as_str())
                && (matches!(t.base_rel(h), "obj" | "xcomp") && t.upos[h] == "NOUN"
                    || t.base_rel(h) == "nsubj"
                        && t.is_passive(v)
                        && t.children(v).any(|k| t.deprel[k] == "obl:agent"));
            called_off.then_some(v)
        }) {
            skipped.push(Skipped {
                sentence: si,
                rule,
                reason: format!(
                    "an event noun that was {} did not take place",
                    toks[v].lower
                ),
            });
            continue;
        }
        // An act named only to say what another act is or means.
        if let Some(reason) = tree.zip(roles.as_ref()).and_then(|(t, r)| {
            said_of_another_act(t, toks, r.trigger_head(m), p, &out[start_len..])
        }) {
            skipped.push(Skipped {
                sentence: si,
                rule,
                reason,
            });
            continue;
        }
        // "received a protest from Tokyo": what is received is a message, not
        // a visitor, so the hosting reading (043) does not apply.
        if p.code == "043"
            && tree.zip(roles.as_ref()).is_some_and(|(t, r)| {
                let h = r.trigger_head(m);
                toks[h].lower.starts_with("receiv")
                    && t.children(h).any(|k| {
                        t.deprel[k] == "obj" && SENT_NOUNS.contains(&toks[k].lower.as_str())
                    })
            })
        {
            skipped.push(Skipped {
                sentence: si,
                rule,
                reason: "what was received is a message, not a visitor".into(),
            });
            continue;
        }
        if let Some(v) = tree
            .zip(roles.as_ref())
            .and_then(|(t, r)| appealed_for(t, toks, r.trigger_head(m)))
            .filter(|_| !p.code.starts_with("02") && !p.code.starts_with("10"))
        {
            skipped.push(Skipped {
                sentence: si,
                rule,
                reason: format!(
                    "an act asked for or offered (\"{v}\") has not happened; the asking is the event"
                ),
            });
            continue;
        }
        let unknown_subject = ts_ref.is_some_and(|t| t.verbal && t.unknown_subject);
        // An event noun the tree found no actor for is not lost: it has no subject
        // to misparse, and the words before it belong to another clause
        // ("officials criticized *the deployment* of US missiles"), unless a
        // light verb makes it an act ("plan to increase *sanctions*"). A verb
        // pattern used as a noun ("condemned *the attack*") is a noun; one the
        // tagger read as an adjective ("found it justified") is a verb.
        let tagged_noun = tree.zip(roles.as_ref()).is_some_and(|(t, r)| {
            matches!(
                t.upos.get(r.trigger_head(m)).copied(),
                Some("NOUN" | "PROPN")
            )
        });
        // A noun the tree hangs under a preposition ("Serbia put its army on
        // alert *after clashes* in Kosovo") names an event; it is no act of
        // the clause's subject.
        let prepositional_noun = tagged_noun
            && tree.zip(roles.as_ref()).is_some_and(|(t, r)| {
                let h = r.trigger_head(m);
                // ("to" before a verb the tagger read as a noun, "agreed to
                // *resume* flights", is the infinitive's.)
                t.children(h)
                    .any(|k| t.base_rel(k) == "case" && toks[k].lower != "to")
            });
        // A participle or adjective modifying a noun ("*occupied* Ukraine",
        // "the *disputed* islands", and a past participle the parser hung as
        // a bare complement between a verb and its object: "release
        // *detained* nationals") says nothing of who did it: the clause's
        // subject is not its actor. An "-ing" form before a noun is more
        // often a verb the parser misread ("considering *imposing* sanctions").
        let attributive = tree.zip(roles.as_ref()).is_some_and(|(t, r)| {
            let h = r.trigger_head(m);
            let bare_complement = || {
                t.base_rel(h) == "xcomp"
                    && toks[h].lower.ends_with("ed")
                    && t.head[h] == h.checked_sub(1)
                    && t.children(h).any(|k| t.deprel[k] == "obj")
                    && !t.children(h - 1).any(|k| t.deprel[k] == "obj")
            };
            t.base_rel(h) == "amod" && !toks[h].lower.ends_with("ing") || bare_complement()
        });
        let event_noun =
            (p.noun || tagged_noun || attributive) && !light_verb_before(toks, m.start);
        if ts_ref.is_some_and(|t| t.source.is_none() && (t.verbal || !event_noun))
            && !unknown_subject
        {
            lost.push(m.clone());
        }
        // "refused to X": the refusal is coded (12x); X did not happen.
        if refused_before(toks, m.start) && !p.code.starts_with("12") {
            skipped.push(Skipped {
                sentence: si,
                rule,
                reason: "governed by a refusal, which is coded instead".into(),
            });
            continue;
        }
        // A pattern that spells out its own copula ("be+ disappointed with|by")
        // reads the subject as the one who acts or feels, whatever the voice.
        let copular = p.text.starts_with("be+ ");
        let passive = !copular
            && match ts_ref {
                Some(t) => t.passive,
                None => m
                    .head
                    .is_some_and(|h| is_passive(toks, h, m.end, &mention_at)),
            };
        let by_agent = by_phrase(toks, m.end, &su, actors);

        let side = |i: usize| Side {
            mentions: match &roles {
                Some(r) => {
                    // Names joined by commas alone ("If China attacks *Taiwan, Japan*
                    // will ...") are a list only where the tree coordinates them.
                    let g = group_of(actors, i);
                    let g = if commas_only(toks, actors, &g) {
                        vec![i]
                    } else {
                        g
                    };
                    with_conjuncts(actors, g, r.conjuncts(i))
                }
                None => group_of(actors, i),
            },
            from_prev: false,
            at: None,
        };
        // The pattern's source slot: a mid-pattern slot holds the mention;
        // one at the end marks where it starts, within three words
        // ("condemnation from {S}" + "Japan and South Korea").
        let slot_source = slot_mention(toks, actors, &usable, m);
        let (mut source, mut target);
        if passive {
            // "was summoned *to the foreign ministry*": the pattern's source slot
            // stands for the agent.
            // A "by" the tree hangs on a noun ("over remarks *by the prime
            // minister*") is not the verb's agent.
            let by_noun = by_agent
                .zip(tree)
                .is_some_and(|(i, t)| t.base_rel(actors[i].end - 1) == "nmod");
            source = ts_ref
                .and_then(|t| t.source)
                .or(by_agent.filter(|_| !by_noun))
                .or(slot_source)
                .map(side);
            target = ts_ref
                .and_then(|t| t.target)
                .or_else(|| {
                    // (Only a blow lands on the noun itself: "a deal *brokered*
                    // by China" is between the parties named around it.)
                    if ts_ref.is_some_and(|t| t.unknown_object) && p.code.as_str() >= "14" {
                        return None;
                    }
                    subject(toks, actors, &su, m.start, &used_as_target)
                })
                .map(side);
            // "The Japanese ambassador to China was summoned": with no agent,
            // the envoy's host summoned or expelled them.
            let lemma = m.head.map_or("", |h| toks[h].lower.as_str());
            let summoned = crate::grammar::SUMMONING_VERBS
                .iter()
                .any(|w| lemma.starts_with(w));
            if source.is_none() && (summoned || lemma.starts_with("expel")) {
                if let Some(t) = &target {
                    let envoy = &actors[t.mentions[0]];
                    source = actors
                        .iter()
                        // ("Japan's ambassador *in Beijing*": where an envoy
                        // serves is the host.)
                        .position(|a| {
                            a.start == envoy.end + 1
                                && (a.attached && toks[envoy.end].lower == "to"
                                    || toks[envoy.end].lower == "in"
                                        && is_state(&a.country)
                                        && matches!(
                                            a.kind,
                                            MentionKind::Metonym | MentionKind::Country
                                        ))
                                && a.country != envoy.country
                        })
                        .map(side);
                }
            }
            // "talks in Doha *mediated by Qatar*": a go-between's act is aimed
            // at the parties it brings together, not at the talks' venue.
            let mediating = toks[m.start..m.end].iter().any(|t| {
                ["mediat", "broker", "host", "facilitat", "sponsor"]
                    .iter()
                    .any(|w| t.lower.starts_with(w))
            });
            if let (true, true, Some(s)) = (mediating, p.code.starts_with("04"), &source) {
                let here = &out[start_len..];
                if let Some(parties) =
                    mediated_parties(toks, actors, &usable, here, &prev_events, prev, s)
                        .or_else(|| focus_parties(earlier, si, focus, &s.countries(actors)))
                {
                    target = Some(parties);
                }
            }
        } else {
            // "told *visiting Japanese lawmakers*": a participle before people
            // (not a place: "visiting Japan") makes them the visitors and the
            // one who receives them the host.
            let visitor = (p.code == "042" && toks[m.start].lower == "visiting")
                .then(|| {
                    usable.iter().copied().find(|&i| {
                        actors[i].start > m.start
                            && actors[i].start <= m.start + 2
                            && matches!(
                                actors[i].kind,
                                MentionKind::Demonym
                                    | MentionKind::Person
                                    | MentionKind::Title
                                    | MentionKind::Agent
                            )
                    })
                })
                .flatten();
            // A verb pattern used as a noun: "the fight against", "an attack".
            let noun = p.noun
                || attributive
                || prepositional_noun
                || m.head
                    .is_some_and(|h| h > 0 && DETERMINERS.contains(&toks[h - 1].lower.as_str()));
            // "drew *a sharp rebuke from Moscow*", "criticism from Beijing": a
            // reaction named as a noun is by whoever it comes from.
            let from_source = (slot_source.is_none() && visitor.is_none())
                .then(|| from_phrase(toks, actors, &usable, m, noun, tree))
                .flatten();
            let slot_source = slot_source.or(from_source);
            source = slot_source.or(visitor).map(side);
            // A state named right before the event word: "United States sanctions", "the US airstrike".
            let mut modifier_source = false;
            if source.is_none() {
                source = possessor(toks, actors, &su, m.start, noun, tree).map(side);
                modifier_source = source.is_some();
            }
            if source.is_none() && noun {
                source = by_agent.map(side);
            }
            // An event noun's own actors, or the clause it is the instrument of.
            if source.is_none() && ts_ref.is_some_and(|t| !t.verbal) {
                source = ts_ref.and_then(|t| t.source).map(side);
            }
            // "Iraq and Oman hosted talks *between* Saudi and Iranian
            // officials": the pair after "between" meet (or fight) each other,
            // whoever hosts them.
            if p.recip {
                if let Some(t) = find_target(toks, actors, &tu, m, &[], &p.code[..2]) {
                    let between = after_between(toks, actors[t].start);
                    let members = group_of(actors, t);
                    let outside = source.as_ref().is_none_or(|s| {
                        s.mentions.iter().all(|&i| {
                            members
                                .iter()
                                .all(|&j| actors[j].country != actors[i].country)
                        })
                    });
                    if between && outside && members.len() > 1 {
                        emit_pairs(si, toks, actors, &members, m, lex, &rule, out);
                        continue;
                    }
                }
            }
            // A reciprocal noun with a group after it and no source: "a dinner with A
            // and B". After a light verb its subject is the source ("the
            // Commission opened talks with Ukraine and Moldova").
            // (Not a verb's pattern: "*the two countries* held joint patrols
            // near Japan and South Korea" has its subject on the left.)
            if source.is_none()
                && p.recip
                && !light_verb_before(toks, m.start)
                && (noun
                    || !ts_ref.is_some_and(|t| {
                        t.verbal && !t.borrowed && (t.source.is_some() || t.unknown_subject)
                    }))
            {
                if let Some(t) = find_target(toks, actors, &tu, m, &[], &p.code[..2]) {
                    let members = group_of(actors, t);
                    if members.len() > 1 {
                        emit_pairs(si, toks, actors, &members, m, lex, &rule, out);
                        continue;
                    }
                }
            }
            // "The arrest of two Canadians *froze relations between* Ottawa and
            // Beijing": an act whose subject is another event (its cause) and
            // that ends at "between" a pair is that pair's, each towards the
            // other.
            // (The tree is asked only where "between" follows the match.)
            let between = toks.get(m.end).is_some_and(|t| t.lower == "between");
            let caused = between
                && tree.zip(ts_ref).is_some_and(|(t, x)| {
                    x.verbal
                        && t.subject(t.clause_of(m.head.unwrap_or(m.start)))
                            .is_some_and(|s| {
                                t.upos[s] == "NOUN"
                                    && !actors.iter().any(|a| a.start <= s && s < a.end)
                            })
                });
            if caused {
                let first = usable
                    .iter()
                    .copied()
                    .find(|&i| right_after(toks, m.end, actors[i].start));
                let members = first.map(|i| group_of(actors, i)).unwrap_or_default();
                if members.len() > 1 {
                    emit_pairs(si, toks, actors, &members, m, lex, &rule, out);
                    continue;
                }
            }
            if p.pair && source.is_none() {
                // "a meeting in Damascus *between* Assad and Suleiman": the pair
                // may follow the place.
                let between = (m.end..(m.end + 4).min(toks.len()))
                    .find(|&k| toks[k].lower == "between")
                    .filter(|&b| {
                        toks[m.end..b].iter().all(|t| {
                            t.kind == crate::document::TokenKind::Word
                                && (t.is_capitalized() || LOCATIVE.contains(&t.lower.as_str()))
                        })
                    });
                // "reaffirmed their partnership *during a summit* in Moscow":
                // a meeting the clause's act happened at is its subjects'.
                let adverbial = (m.start.saturating_sub(3)..m.start).any(|k| {
                    matches!(toks[k].lower.as_str(), "during" | "at" | "after" | "before")
                        && (k + 1..m.start).all(|j| DETERMINERS.contains(&toks[j].lower.as_str()))
                });
                let first = match between {
                    Some(b) => usable
                        .iter()
                        .copied()
                        .find(|&i| right_after(toks, b, actors[i].start)),
                    None if adverbial => subject(toks, actors, &su, m.start, &HashSet::default()),
                    None => None,
                };
                let members = first.map(|i| group_of(actors, i)).unwrap_or_default();
                if members.len() > 1 {
                    source = Some(Side {
                        mentions: members,
                        from_prev: false,
                        at: None,
                    });
                }
            }
            if p.pair {
                let pair = source.as_ref().is_some_and(|s| s.mentions.len() > 1);
                let met = ts_ref
                    .filter(|t| t.encounter)
                    .and_then(|t| t.source.zip(t.target));
                if let (false, Some((s, t))) = (pair, met) {
                    emit_pairs(si, toks, actors, &[s, t], m, lex, &rule, out);
                    continue;
                }
                if !pair {
                    skipped.push(Skipped {
                        sentence: si,
                        rule,
                        reason: "a bare meeting noun needs a pair of actors of its own (the Japan-China summit)".into(),
                    });
                    continue;
                }
                emit_pairs(
                    si,
                    toks,
                    actors,
                    &source.unwrap().mentions,
                    m,
                    lex,
                    &rule,
                    out,
                );
                continue;
            }
            let group_subject = p.recip
                && subject(toks, actors, &su, m.start, &used_as_target)
                    .is_some_and(|i| group_of(actors, i).len() > 1);
            // "the sanctions *that it has imposed* on the North": a light
            // verb in a relative clause on the event noun makes it that
            // clause's subject's act.
            let mut relative_target = None;
            if source.is_none() && noun {
                if let Some((s, t)) = light_relative(toks, actors, &usable, m.end) {
                    source = Some(side(s));
                    relative_target = t;
                }
            }
            if source.is_none() && noun && !group_subject && !light_verb_before(toks, m.start) {
                // A mention of an event ("found the air strike justified", "in an
                // airstrike") is not a new event by the clause's subject.
                skipped.push(Skipped { sentence: si, rule, reason: "an event noun with no actor of its own and no verb making it an act (hold talks, impose sanctions)".into() });
                continue;
            }
            // "sent *Canada* a letter of protest": the light verb's subject
            // acts on its first object.
            // (A name before the noun is its owner only without the verb:
            // "Chinese warnings", not "gave China a warning".)
            let io = indirect_object(toks, actors, &usable, m.start)
                .filter(|&i| source.as_ref().is_none_or(|s| s.mentions == [i]));
            if let Some(i) = io {
                source = subject(toks, actors, &su, actors[i].start, &used_as_target).map(side);
            }
            // "Washington's decision to sell weapons": the act belongs to the decision's owner.
            if source.is_none()
                && m.start >= 2
                && toks[m.start - 1].lower == "to"
                && CONTROL_NOUNS.contains(&toks[m.start - 2].lower.as_str())
            {
                source = possessor(toks, actors, &su, m.start - 2, true, tree).map(side);
            }
            // Object control: "allowed IAEA inspectors to visit", "thanked Cuba for hosting"
            // (not where the tree reads the infinitive as the subject's purpose:
            // "summoned China's ambassador to protest").
            let purpose = ts_ref.is_some_and(|t| t.verbal && !t.borrowed && t.source.is_some());
            if source.is_none()
                && !purpose
                && m.start >= 2
                && (toks[m.start - 1].lower == "to"
                    || toks[m.start - 1].lower == "for" && toks[m.start].lower.ends_with("ing"))
            {
                // "agreed *in Beijing* to restore": a place the act was agreed
                // in is not the one told or allowed to do it.
                let located =
                    |i: usize| after_one_of(toks, actors[i].start, &["in", "at", "near", "inside"]);
                if let Some(i) = usable
                    .iter()
                    .copied()
                    .find(|&i| actors[i].end == m.start - 1 && !located(i))
                {
                    // What one state urges another to do has not happened: the appeal is the event.
                    if toks[m.start - 1].lower == "to" && governed_by_appeal(toks, actors[i].start)
                    {
                        skipped.push(Skipped {
                            sentence: si,
                            rule,
                            reason: "an act one side urges, asks or allows another to do is not itself an event".into(),
                        });
                        continue;
                    }
                    source = Some(side(i));
                }
            }
            // The trigger's own subject, from the tree; a subject it only borrows
            // from another clause ranks below the nearest actor on its left, as
            // the parser errs most on coordination ("ISIS and Turkey would be").
            if source.is_none() && ts_ref.is_some_and(|t| t.verbal && !t.borrowed) {
                source = ts_ref.and_then(|t| t.source).map(side);
            }
            if source.is_none() && !unknown_subject {
                source = subject(toks, actors, &su, m.start, &used_as_target).map(side);
            }
            if source.is_none() && ts_ref.is_some_and(|t| t.verbal) {
                source = ts_ref.and_then(|t| t.source).map(side);
            }
            if let (Some(s), Some(j)) = (
                source.as_mut(),
                roles
                    .as_ref()
                    .and_then(|r| r.joined_partner(r.trigger_head(m))),
            ) {
                for k in side(j).mentions {
                    if !s.mentions.contains(&k) {
                        s.mentions.push(k);
                    }
                }
            }
            // (Rebels, protesters or the opposition act on their own state
            // as on any other: "protesters clashed with police" → GEOOPP →
            // GEOCOP.)
            let exclude: Vec<&str> = source
                .as_ref()
                .filter(|s| {
                    !s.mentions
                        .iter()
                        .all(|&j| crate::actors::NON_STATE_ROLES.contains(&actors[j].role.as_str()))
                })
                .map(|s| s.countries(actors))
                .unwrap_or_default();
            // The pattern's own target slot, else the tree's object, else the first
            // actor after the trigger (in its clause, when there is a tree).
            let slot = m.target.is_some_and(|(s, e)| e > s);
            target = slot
                .then(|| find_target(toks, actors, &usable, m, &exclude, &p.code[..2]))
                .flatten()
                .or_else(|| {
                    // The tree's object, also of the source's own country when
                    // it is another sector ("Russian police detained
                    // protesters in Moscow": RUSCOP → RUSOPP).
                    // Not its own forces named by a bare word ("dispatched
                    // *destroyers*", "scrambled *jets*"): those are the means.
                    ts_ref.and_then(|t| t.target).filter(|&i| {
                        !exclude.contains(&actors[i].country.as_str())
                            || !(own_means(&actors[i])
                                && source.as_ref().is_some_and(|s| s.is_state(actors)))
                                && source.as_ref().is_some_and(|s| {
                                    s.mentions.iter().all(|&j| {
                                        distinct(
                                            &actors[j].code,
                                            &actors[j].country,
                                            &actors[i].code,
                                            &actors[i].country,
                                        )
                                    })
                                })
                    })
                })
                .or_else(|| find_target(toks, actors, &tu, m, &exclude, &p.code[..2]))
                .or(relative_target)
                .map(side);
            // "sent *Canada* a letter of protest", "gave Beijing a warning": the
            // light verb's first object is whom the act is aimed at.
            if target.is_none() {
                target = io
                    .filter(|&i| !exclude.contains(&actors[i].country.as_str()))
                    .map(side);
            }
            if target.is_none() {
                if let Some(v) = visitor {
                    target = subject(toks, actors, &su, m.start, &HashSet::default())
                        .filter(|&i| actors[i].country != actors[v].country)
                        .map(side);
                }
            }
            // "prompted NATO to scramble *jets*": a bare word for forces that
            // a show of force names is an alliance's own means, and its
            // country only a guess from the context. (A state's own forces
            // are told apart above; soldiers killed are victims.)
            let alliance = source.as_ref().is_some_and(|s| {
                s.mentions
                    .iter()
                    .all(|&k| !crate::actors::is_state(&actors[k].country))
            });
            if let Some(t) = target
                .as_ref()
                .filter(|t| t.mentions.len() == 1 && alliance)
            {
                let a = &actors[t.mentions[0]];
                let guessed =
                    a.how.contains("→ last named state") || a.how.contains("→ main country");
                let stem = a.head.trim_end_matches('s');
                if own_means(a)
                    && guessed
                    && p.code.starts_with("15")
                    && !stem.is_empty()
                    && p.text.contains(stem)
                {
                    target = None;
                }
            }
            // A source slot at the end ("sanctions imposed by {S}", "drew
            // condemnation from {S}"): the target follows the source ("... by
            // Washington *on Russian banks*"), else it is the one who did what
            // drew the reaction, the subject on the left.
            // "came under pressure from X to cut Russian imports": after a
            // drawing verb the subject is the target, whoever the rest names.
            // The verb may be the pattern's own head ("received aid from {S}")
            // or govern its noun from further off ("received $40 billion in
            // military aid from X").
            let head = if p.noun { m.start } else { m.start + 1 };
            let drawn = toks[m.start.saturating_sub(3)..head]
                .iter()
                .any(|t| drawing_verb(&t.lower))
                || tree.is_some_and(|t| {
                    drawing_governor(t, m.start).is_some_and(|g| drawing_verb(&toks[g].lower))
                });
            if (target.is_none() || drawn)
                && (m.source.is_some_and(|(s, e)| e == s || s >= m.end) || from_source.is_some())
            {
                let found = target.take();
                if let Some(si_) = slot_source {
                    // "on|against|to ... X" right after the source; a place
                    // ("in south Ithilen") is where, not whom.
                    let from = actors[si_].end;
                    let directed = tu.iter().copied().find(|&i| {
                        let st = actors[i].start;
                        st > from
                            && st <= from + 3
                            && !exclude.contains(&actors[i].country.as_str())
                            && (from..st).any(|k| {
                                matches!(
                                    toks[k].lower.as_str(),
                                    "on" | "against" | "at" | "into" | "toward" | "towards"
                                ) || toks[k].lower == "to"
                                    // not an infinitive's "to" ("from X *to cut* Russian imports")
                                    && (k + 1 == st || toks[k + 1].lower == "the")
                            })
                            && !toks[from..st].iter().any(|t| {
                                t.kind == crate::document::TokenKind::Punct
                                    || LOCATIVE.contains(&t.lower.as_str()) && t.lower != "at"
                            })
                    });
                    // "drew condemnation from X", "received a protest from X",
                    // "faced criticism from X": X acts on the subject.
                    target = directed
                        // The drawing verb's own subject, which a clause may
                        // separate from it ("Tokyo's decision *to join
                        // sanctions* drew a rebuke from Moscow").
                        .or_else(|| {
                            let (t, r) = (tree?, roles.as_ref()?);
                            let g = drawing_governor(t, m.start)
                                .filter(|&g| drawing_verb(&toks[g].lower))?;
                            // With no subject of its own, the subject the
                            // parser gave a clause before it ("decision" as
                            // the subject of "to join").
                            t.subject(t.clause_of(g))
                                .or_else(|| {
                                    t.children(g)
                                        .filter(|&c| c < g && t.is_clause_head(c))
                                        .find_map(|c| t.subject(c))
                                })
                                .and_then(|s| r.mention_in(s))
                                .filter(|&i| {
                                    actors[i].end <= m.start
                                        && !exclude.contains(&actors[i].country.as_str())
                                })
                        })
                        .or_else(|| {
                            subject(toks, actors, &su, m.start, &HashSet::default())
                                .filter(|_| drawn)
                                .filter(|i| !exclude.contains(&actors[*i].country.as_str()))
                        })
                        .map(side);
                    // "*The incursion of Chinese vessels* into Japanese waters drew
                    // a protest from Tokyo": the act that drew it was the other's.
                    if target.is_none() && drawn {
                        target = last_target
                            .last()
                            .filter(|(src, _, end, _)| {
                                *end <= m.start
                                    && !src.is_empty()
                                    && src
                                        .iter()
                                        .all(|&i| !exclude.contains(&actors[i].country.as_str()))
                            })
                            .map(|(src, _, _, _)| Side {
                                mentions: src.clone(),
                                from_prev: false,
                                at: None,
                            });
                    }
                }
                if target.is_none() {
                    target = found;
                }
            }
            // A nominal event with its source in front and nothing after: the clause
            // subject is its target ("Turkey is already under EU sanctions").
            if target.is_none() && (p.noun || modifier_source) && p.code.starts_with("16") {
                if let Some(s) = &source {
                    target = subject(toks, actors, &su, m.start, &HashSet::default())
                        .filter(|i| {
                            !s.mentions.contains(i)
                                && !exclude.contains(&actors[*i].country.as_str())
                        })
                        .map(side);
                }
            }
            // Coordinated verbs share their object: "met with X ... and offered
            // an apology". So does a fronted encounter: "*During talks with
            // Japan*, China agreed to resume imports" (the talks end before the
            // subject is named).
            if target.is_none() {
                if let Some(s) = &source {
                    let subject_at = s.mentions.iter().map(|&i| actors[i].start).min();
                    target = last_target
                        .iter()
                        .rev()
                        .find(|(src, _, end, encounter)| {
                            src == &s.mentions
                                && (toks[(*end).min(m.start)..m.start]
                                    .iter()
                                    .any(|t| t.lower == "and")
                                    || *encounter && subject_at.is_some_and(|a| *end <= a))
                        })
                        .map(|(_, t, _, _)| t.clone());
                }
            }
        }
        // A reciprocal action with a coordinated subject and no target: each acts on each.
        // So is an act two sides agree to or do jointly ("India and China
        // agreed to disengage troops", "jointly developed").
        // (Any pattern of agreeing to or on something: "agree+ * to *
        // truce~", "Pakistan and Afghanistan agreed to a truce".)
        let agreed_to = p.text.starts_with("agree+")
            && (p.text.contains(" to ") || p.text.starts_with("agree+ on"))
            || m.start >= 2
                && toks[m.start - 1].lower == "to"
                && matches!(
                    toks[m.start - 2].lower.as_str(),
                    "agree" | "agreed" | "agrees" | "agreeing"
                );
        let jointly = toks[m.start.saturating_sub(2)..m.start]
            .iter()
            .any(|t| matches!(t.lower.as_str(), "jointly" | "mutually"));
        // "expelled *each other's* diplomats": each side acts on the other.
        let each_other = toks[m.start..(m.end + 4).min(toks.len())]
            .windows(2)
            .any(|w| {
                matches!(
                    (w[0].lower.as_str(), w[1].lower.as_str()),
                    ("each", "other") | ("one", "another")
                )
            })
            // "Kyrgyzstan and Tajikistan *each* blamed *the other*".
            || toks[m.start.saturating_sub(3)..m.start]
                .iter()
                .any(|t| t.lower == "each")
                && toks[m.start..(m.end + 4).min(toks.len())]
                    .windows(2)
                    .any(|w| w[0].lower == "the" && w[1].lower == "other");
        let together = agreed_to
            || jointly
            || each_other
            || toks[m.end.min(toks.len())..]
                .iter()
                .take(8)
                .any(|t| t.lower == "together");
        // Cooperation a group pledges with no one else named is among its
        // members ("the two countries pledged to cooperate"); a group's
        // support or aid (05, 07) is not mutual.
        // Signing an agreement and material cooperation (057, 06x) are mutual
        // too ("Japan, Australia sign defence pact").
        // Pulling troops back (087) by two sides is disengaging from each other
        // ("India and China pulled back troops from the disputed area").
        // Support, aid, concessions and mediation one offers (032-035, 038,
        // 039) go to another, not among the group.
        let one_way = matches!(
            p.code.get(..3),
            Some("032" | "033" | "034" | "035" | "038" | "039")
        );
        let cooperative = p.code.starts_with("03") && !one_way
            || p.code == "057"
            || p.code.starts_with("06")
            || p.code.starts_with("087")
            // Restoring or normalising relations (050) is between the two.
            || p.code == "050";
        // "A and B deepened *their* ties in the face of threats from C": a
        // reciprocal act on what the pair shares is among its members, whoever
        // is named after it.
        let their_own = p.recip
            && toks[m.start..m.end.min(toks.len())]
                .iter()
                .any(|t| t.lower == "their");
        if their_own && m.target.is_none() {
            target = None;
        }
        // "Argentina and Britain exchanged angry words *over* the Falklands": a
        // pair's reciprocal act is between them; what it is over is its topic,
        // and where it is held its venue ("met on the sidelines *of the G20*").
        // The word before each of a side's mentions (past a "the") is one of `words`.
        let after_word = |t: &Side, words: &[&str]| {
            !t.from_prev
                && t.mentions.iter().all(|&i| {
                    let a = actors[i].start;
                    let k = if a > 1 && toks[a - 1].lower == "the" {
                        a - 2
                    } else {
                        a.wrapping_sub(1)
                    };
                    k < a && words.contains(&toks[k].lower.as_str())
                })
        };
        let topic = |t: &Side| after_word(t, &["over", "about", "of", "at", "in", "during"]);
        let pair_source = source.as_ref().is_some_and(|s| s.mentions.len() > 1);
        if p.recip && pair_source && target.as_ref().is_some_and(topic) {
            target = None;
        }
        // "Serbia and Kosovo agreed to normalise relations *under an EU-brokered
        // deal*", "in a deal brokered by China": what a pair agrees to is
        // between them, unless the phrase turns to a third ("with", "to").
        let addressed = |t: &Side| {
            after_word(
                t,
                &[
                    "with", "to", "on", "against", "toward", "towards", "into", "for",
                ],
            )
        };
        if pair_source
            && (agreed_to || cooperative)
            && m.target.is_none()
            && target.as_ref().is_some_and(|t| !addressed(t))
        {
            target = None;
        }
        // "joined the sanctions over the invasion *of Ukraine*": the victim of
        // the act a reaction is over is not whom it is aimed at.
        let victim_in_topic = |t: &Side| {
            !t.from_prev
                && t.mentions.iter().all(|&i| {
                    let a = actors[i].start;
                    a >= 2
                        && toks[a - 1].lower == "of"
                        && PATIENT_NOUNS.contains(&toks[a - 2].lower.as_str())
                        && (a.saturating_sub(5)..a - 1)
                            .any(|k| matches!(toks[k].lower.as_str(), "over" | "for"))
                        && m.target.is_none_or(|(ts, _)| ts != a)
                })
        };
        if target.as_ref().is_some_and(victim_in_topic) {
            target = None;
        }
        // "China protested *the sale* of American weapons to Taiwan": a
        // reaction whose object is an act is aimed at whoever did it.
        if m.head.is_some() && VERBAL_REACTION_ROOTS.iter().any(|r| p.code.starts_with(r)) {
            // The act is right after the verb, or (with a tree) inside its
            // object ("protested *the sale of American weapons to Taiwan*").
            let object = tree.zip(roles.as_ref()).and_then(|(t, r)| {
                let h = r.trigger_head(m);
                t.children(h).find(|&k| t.base_rel(k) == "obj")
            });
            let act = matches
                .iter()
                .filter(|n| n.start >= m.end && lex.patterns[n.pattern].noun)
                .find(|n| {
                    n.start <= m.end + 2
                        && toks[m.end..n.start]
                            .iter()
                            .all(|t| DETERMINERS.contains(&t.lower.as_str()))
                        || object
                            .zip(tree)
                            .zip(roles.as_ref())
                            .is_some_and(|((o, t), r)| t.dominates(o, r.trigger_head(n)))
                });
            let doer = act.and_then(|n| {
                slot_mention(toks, actors, &usable, n)
                    .or_else(|| {
                        let r = roles.as_ref()?;
                        r.sides(r.trigger_head(n)).source
                    })
                    .or_else(|| possessor(toks, actors, &su, n.start, true, tree))
            });
            if let (Some(j), Some(s)) = (doer, &source) {
                if s.mentions
                    .iter()
                    .all(|&i| actors[i].country != actors[j].country)
                {
                    target = Some(side(j));
                }
            }
            // Who suffered a violent act is not who is condemned for it:
            // "condemned the attack *on Israel*" names no attacker.
            let violent = act
                .is_some_and(|n| matches!(&lex.patterns[n.pattern].code[..2], "18" | "19" | "20"));
            if doer.is_none() && violent {
                let after = act.map_or(usize::MAX, |n| n.start);
                if let Some(t) = target
                    .as_ref()
                    .filter(|t| t.mentions.iter().all(|&i| actors[i].start > after))
                {
                    // The attacker the sentence before named, if it did.
                    let victims = t.countries(actors);
                    target = prev.and_then(|(_, pa)| {
                        let e = prev_events.iter().rev().find(|e| {
                            matches!(&e.cameo[..2], "18" | "19" | "20")
                                && victims.contains(&e.target.country.as_str())
                        })?;
                        prev_side(pa, &e.source)
                    });
                }
            }
        }
        // "Israel and Hamas exchanged prisoners": what a pair does to each
        // other is not done to one of its own members' people.
        if let (true, Some(s), Some(t)) = (p.recip, &source, &target) {
            let own = |i: usize| s.has_country_of(actors, i);
            // Nor to a third party only the words after it name ("exchanged
            // prisoners in a deal *mediated by the UAE*"): neither the
            // pattern's slot nor the tree's object.
            let by_words = m.target.is_none_or(|(a, b)| a == b)
                && ts_ref.is_some_and(|x| x.target.is_none_or(|i| !t.mentions.contains(&i)));
            if s.mentions.len() > 1
                && (t.mentions.iter().all(|&i| own(i)) || by_words)
                && !t.from_prev
            {
                target = None;
            }
        }
        if target.is_none() && (p.recip || together || cooperative || p.group.is_some()) {
            if let Some(s) = &source {
                if s.mentions.len() > 1 {
                    let joint = agreed_to || jointly || cooperative || each_other;
                    // "would *jointly* fight drug gangs", "together repel an
                    // attack": a pair that fights side by side cooperates
                    // militarily (062); it does not fight itself.
                    let side_by_side = (jointly || together) && !each_other;
                    let conflict = matches!(&p.code[..2], "18" | "19" | "20");
                    if side_by_side
                        && (conflict || matches!(&p.code[..2], "13" | "14" | "15" | "16" | "17"))
                        && p.group.is_none()
                    {
                        if conflict {
                            emit_pairs_as(si, actors, &s.mentions, m, lex, &rule, Some("062"), out);
                        }
                        continue;
                    }
                    let code = p.group.as_deref().or(joint.then_some(p.code.as_str()));
                    emit_pairs_as(si, actors, &s.mentions, m, lex, &rule, code, out);
                    continue;
                }
            }
        }
        // One side missing and nobody else named here: take it from the previous
        // sentence ("The embassy declined the request.").
        let one_country = usable
            .iter()
            .all(|&i| actors[i].country == actors[usable[0]].country);
        // A reaction's cause in an "after" clause is whom it answers: "China
        // lodged a protest after a Japanese lawmaker visited Taiwan".
        if let (Some(s), None) = (&source, &target) {
            if REACTION_ROOTS.iter().any(|r| p.code.starts_with(r)) {
                target = provoker(toks, actors, tree, m.end, s, p.code.starts_with("13"))
                    .or_else(|| cause(toks, actors, s))
                    .or_else(|| {
                        let r = roles.as_ref()?;
                        let i = r.conceded_to(r.trigger_head(m))?;
                        (!s.has_country_of(actors, i)).then(|| Side::one(i, false))
                    });
            }
        }
        // A denial (016) or rejection (12) answers a charge or demand: "Y
        // denied the charge" after X accused Y answers X.
        let answer = p.code.starts_with("016") || p.code.starts_with("12");
        if let (Some(s), None, true) = (&source, &target, answer) {
            // The charge may come first in this very sentence: "The Kremlin
            // accused Ukraine of the attack, a claim Kyiv denied".
            let countries = s.countries(actors);
            target = acted_on_here(&out[start_len..], actors, &countries, &["10", "11"])
                .or_else(|| answered(prev, &prev_events, actors, s));
        }
        // So does a reply threatened in words ("said Moscow *would retaliate*",
        // "vowed to respond"): it answers whoever acted on the threatening side.
        let threatened_reply = p.code.starts_with("13")
            && p.text.split([' ', '|']).any(|w| {
                crate::grammar::RESPONSE_VERBS
                    .iter()
                    .any(|r| w.starts_with(r))
            });
        if let (Some(s), None, true) = (&source, &target, threatened_reply) {
            let countries = s.countries(actors);
            target = acted_on_here(&out[start_len..], actors, &countries, &[])
                .or_else(|| answered(prev, &prev_events, actors, s));
        }
        // An act made in response answers whoever acted on its side before it:
        // "Japan joined sanctions against Russia, and Moscow *responded by
        // withdrawing* from talks".
        if let (Some(s), None, Some(r)) = (&source, &target, &roles) {
            if r.responding_by(r.trigger_head(m)) {
                let countries = s.countries(actors);
                // The first who acted on it: the clause's own subject before
                // one it joined ("Japan joined the G7 in imposing sanctions").
                target = acted_on_here(&out[start_len..], actors, &countries, &[])
                    .or_else(|| answered(prev, &prev_events, actors, s))
                    // Else the one who acted in the sentence before: its subject.
                    .or_else(|| prev_first_actor(prev, &countries));
            }
        }
        // Or the reason given for it names the other: "criticized the plan,
        // *saying Japan* was abandoning pacifism".
        let verbal_reaction = answer || VERBAL_REACTION_ROOTS.iter().any(|v| p.code.starts_with(v));
        if let (Some(s), None, true, Some(r)) = (&source, &target, verbal_reaction, &roles) {
            target = r
                .said_of(r.trigger_head(m))
                .filter(|&i| !s.has_country_of(actors, i))
                .map(|i| Side::one(i, false));
        }
        // Or a reaction to "the move", "this launch": an act the sentence
        // before told, by whoever did it there (its first actor). Praise
        // refers back as well as blame does ("welcomed the decision").
        let judged = verbal_reaction || p.code.starts_with("05");
        if let (Some(s), None, true, Some(h)) = (&source, &target, judged, m.head) {
            let h = if toks.get(h + 1).is_some_and(|t| t.lower == "that") {
                h + 1
            } else {
                h
            };
            // (Right after the verb, or after the whole phrase: "was
            // disappointed by *the vote*".)
            let refers_at = |k: usize| {
                toks.get(k..k + 2).is_some_and(|w| {
                    matches!(w[0].lower.as_str(), "the" | "this" | "that" | "such")
                        && crate::grammar::REFERRED_ACTS.contains(&w[1].lower.as_str())
                })
            };
            let anaphoric = refers_at(h + 1) || refers_at(m.end);
            if anaphoric {
                let countries = s.countries(actors);
                target = answered(prev, &prev_events, actors, s)
                    .or_else(|| joined_reaction(prev, earlier, &prev_events, &countries))
                    .or_else(|| prev_first_actor(prev, &countries))
                    // (A heading or a line naming no one before it: further back.)
                    .or_else(|| {
                        prev.is_none_or(|(_, pa)| pa.is_empty())
                            .then(|| last_act_on(&out[..start_len], earlier, &countries))
                            .flatten()
                    });
            }
        }
        // Nobody but the source's own countries named here either: "Seoul and
        // Tokyo condemned the launch" after North Korea fired.
        // Only where the tree's own subject of a verb says who acted.
        let only_source = ts_ref.is_some_and(|t| t.verbal && !t.borrowed && t.source.is_some())
            && source
                .as_ref()
                .is_some_and(|s| usable.iter().all(|&i| s.has_country_of(actors, i)));
        let unnamed_object = ts_ref.is_some_and(|t| t.verbal && !t.passive && t.unknown_object);
        // "Assadi *arrived in Tehran*": a trip whose place is the traveller's
        // own country is a return home, not a visit to whoever was named
        // before.
        let home = p.code.starts_with("04")
            && source.as_ref().is_some_and(|s| {
                usable.iter().any(|&i| {
                    actors[i].start >= m.end
                        && actors[i].start <= m.end + 2
                        && after_one_of(toks, actors[i].start, &["in", "to"])
                        && matches!(
                            actors[i].kind,
                            MentionKind::Country | MentionKind::Metonym | MentionKind::Place
                        )
                        && s.has_country_of(actors, i)
                })
            });
        // "Seoul condemned *the agreement*", "Japan welcomed *the deal*": a
        // judgement on a deal that names no one is on the states that made
        // it, the two sides of the article's last agreement between states.
        // (Ahead of one side taken from the sentence before, which would be
        // half the pair.)
        let from_context = target.as_ref().is_none_or(|t| t.from_prev);
        if let (Some(s), true) = (&source, from_context && judges_a_deal(p, toks, actors, m)) {
            let own = s.countries(actors);
            let parties = out[..start_len]
                .iter()
                .rev()
                // (A deal told as one: signed, or a pattern that names one.)
                .filter(|e| matches!(&e.cameo[..2], "03" | "04" | "05" | "06"))
                .filter(|e| {
                    e.cameo == "057"
                        || e.rule
                            .split(|c: char| !c.is_alphanumeric() && c != '-')
                            .any(|w| {
                                crate::grammar::DEAL_NOUNS.contains(&w.to_lowercase().as_str())
                            })
                })
                .filter(|e| is_state(&e.source.country) && is_state(&e.target.country))
                .find(|e| {
                    !own.contains(&e.source.country.as_str())
                        && !own.contains(&e.target.country.as_str())
                })
                .and_then(|e| {
                    let ms = earlier[e.sentence];
                    let a = mention_side(ms, &e.source, true)?.mentions[0];
                    let b = mention_side(ms, &e.target, true)?.mentions[0];
                    Some(Side {
                        mentions: vec![a, b],
                        from_prev: true,
                        at: Some(e.sentence),
                    })
                });
            target = parties.or(target);
        }
        if let (Some(s), None, true, false, false) = (
            &source,
            &target,
            one_country || only_source,
            unnamed_object,
            home,
        ) {
            if !passive || by_agent.is_some() {
                target = context_side(prev, &prev_events, actors, s);
            }
        }
        if let (None, Some(t), true) = (&source, &target, one_country) {
            if !passive && !unknown_subject {
                source = context_side(prev, &prev_events, actors, t);
            }
        }
        // Still no one: in an article about one pair of states, an act of
        // one of them that names no one else is towards the other ("Poland
        // closed the Kuźnica crossing" in a story on Poland and Belarus).
        // Not a statement or a meeting, whose partner is named when there
        // is one.
        if let (Some(s), None, Some((a, b))) = (&source, &target, focus) {
            let own = s.countries(actors);
            let other = if own.iter().all(|c| *c == a) {
                Some(b)
            } else if own.iter().all(|c| *c == b) {
                Some(a)
            } else {
                None
            };
            // The partner may be named here too, in another clause of a
            // sentence that names a third party ("Days after Belarus held
            // drills with Russia, Warsaw threatened to close the border").
            // Only for the trigger's own subject: a borrowed or guessed
            // source with a guessed target is two guesses.
            let own_subject =
                ts_ref.is_some_and(|t| t.verbal && !t.borrowed && !t.passive && t.source.is_some());
            let here = other.filter(|_| own_subject).and_then(|o| {
                usable
                    .iter()
                    .copied()
                    .find(|&i| names_state(&actors[i], o) && !s.has_country_of(actors, i))
            });
            // (Non-state actors with no country, "protesters" in a clause
            // of their own, name no other party to it.)
            let one_state = usable
                .iter()
                .filter(|&&i| actors[i].country != "---")
                .all(|&i| s.has_country_of(actors, i));
            let eligible = !passive
                && (one_country || only_source || one_state || here.is_some())
                && !unnamed_object
                && !p.code.starts_with("01")
                && !p.code.starts_with("04");
            if let (Some(i), true) = (here, eligible) {
                target = Some(Side::one(i, false));
            } else if let (Some(o), true) = (other, eligible) {
                target = (0..si).rev().find_map(|k| {
                    // (The state itself, not its people: "migrants" guessed
                    // to be Belarus's are not whom Poland acts on.)
                    let i = earlier[k].iter().rposition(|m| names_state(m, o))?;
                    Some(Side {
                        mentions: vec![i],
                        from_prev: true,
                        at: Some(k),
                    })
                });
            }
        }
        // "Pakistan denied any role, and Khan offered to cooperate with any
        // investigation if India shared evidence": an act with no target of
        // its own in a sentence that names one other state is towards it.
        // Not a bare report ("he said"), a meeting or visit, whose partner or
        // destination is named when there is one, nor an intent; not a
        // passive, whose target is its subject; and not where the tree says
        // the act keeps to itself (`Roles::keeps_own_target`).
        let reported = m
            .head
            .is_some_and(|h| crate::grammar::REPORTING.contains(&toks[h].lower.as_str()));
        let verbal_act = !p.noun
            && !reported
            && !p.code.starts_with("04")
            && !p.code.starts_with("03")
            // (Force posture — tests, drills, deployments — is often aimed
            // at no one: "tested a missile", "scrambled jets".)
            && !p.code.starts_with("15")
            && !passive
            // (Passives and object control the parser missed: "demonstrators
            // *were crushed*", "a diplomat *accused of* spying", "accused
            // Chinese vessels *of firing*".)
            && !m.head.is_some_and(|h| {
                let w = toks[h].lower.as_str();
                let before = h.checked_sub(1).map(|k| toks[k].lower.as_str());
                let after = toks.get(h + 1).map(|t| t.lower.as_str());
                crate::grammar::is_past_form(w)
                    && (before.is_some_and(|b| crate::grammar::BE_FORMS.contains(&b))
                        || after == Some("of"))
                    || w.ends_with("ing") && before == Some("of")
            })
            && ts_ref.is_some_and(|t| t.verbal && !t.passive);
        if let (Some(s), Some(r), Some(h)) = (&source, &roles, m.head) {
            // (Or the parse lent it the reaction's own subject as target:
            // "deployed missiles on the islands, *a move Tokyo protested*".)
            let lent = |own: Option<usize>| {
                target
                    .as_ref()
                    .is_none_or(|tg| own.is_some_and(|o| tg.mentions.contains(&o)))
            };
            if let Some((own, t)) = r.summarised_agent(h).filter(|&(own, _)| lent(own)) {
                // (The parse may have lent the reaction the clause's subject.)
                if s.has_country_of(actors, t) {
                    source = own.map(side);
                }
                target = Some(side(t));
            }
        }
        if let (Some(s), None, true, false, Some(r), Some(h)) =
            (&source, &target, verbal_act, unnamed_object, &roles, m.head)
        {
            // A verbal reaction to an act is aimed at whoever did it.
            let reaction = matches!(
                p.code.get(..2),
                Some("01" | "02" | "05" | "10" | "11" | "12" | "14")
            );
            target = r
                .sole_other_state(h, |i| s.has_country_of(actors, i), reaction)
                .map(side);
        }
        // "Nicaragua suspended relations with Israel, and South Africa
        // recalled its ambassador": a clause joined to one that acted on
        // someone, with no target of its own, acts on the same one, when it
        // is the same kind of act (CAMEO's quad class).
        if let (Some(s), None, true, Some(r), Some(h), Some(t)) =
            (&source, &target, verbal_act, &roles, m.head, tree)
        {
            if let Some(g) = r.joined_clause(h) {
                let countries = s.countries(actors);
                let quad = lex.code(&p.code).map(|i| i.quad_class);
                target = out[start_len..]
                    .iter()
                    .find(|e| {
                        (e.trigger_start == g || e.trigger_head(t) == g)
                            && Some(e.quad_class) == quad
                            && is_state(&e.target.country)
                            && !countries.contains(&e.target.country.as_str())
                    })
                    .and_then(|e| mention_side(actors, &e.target, false));
            }
        }
        // "Japan must bear the consequences, the ministry said": a pattern
        // whose slot stands before its verb ({T} must bear) has the target as
        // its clause's subject, and the source is whoever says so.
        let slot_before_verb = m.target.zip(m.head).is_some_and(|((a, _), h)| a < h)
            && source
                .as_ref()
                .zip(target.as_ref())
                .is_some_and(|(s, t)| s.mentions.iter().any(|i| t.mentions.contains(i)));
        // So is a pattern that starts with its verb's subject ("*the
        // responsibility lies* with Tokyo, the minister said").
        let subject_in_pattern = source.is_none()
            && target.is_some()
            && !passive
            && m.head.is_some_and(|h| h > m.start)
            && !usable.iter().any(|&i| actors[i].start == m.start);
        if slot_before_verb || subject_in_pattern {
            source = roles.as_ref().and_then(|r| r.reporter(m.head?)).map(side);
        }
        // "The UN chief urged restraint as India and Pakistan traded fire":
        // an appeal that names no one of its own is to the states its
        // sentence names together.
        if let (Some(s), None, true) = (&source, &target, p.code.starts_with("02")) {
            let theirs = s.countries(actors);
            target = usable
                .iter()
                .map(|&i| group_of(actors, i))
                .find(|g| {
                    g.len() > 1
                        && g.iter().all(|&i| {
                            is_state(&actors[i].country)
                                && !theirs.contains(&actors[i].country.as_str())
                        })
                })
                .map(|g| Side {
                    mentions: g,
                    from_prev: false,
                    at: None,
                });
        }
        let no_source = source.is_none();
        let no_target = target.is_none();
        let (Some(source), Some(target)) = (source, target) else {
            skipped.push(Skipped {
                sentence: si,
                rule,
                reason: if unknown_subject && no_source {
                    format!(
                        "its subject ({}) names no actor",
                        ts_ref.map_or("", |t| t.source_arc.as_str())
                    )
                } else if passive && no_source {
                    "no agent (passive without 'by')".to_string()
                } else {
                    match (no_source, no_target) {
                        (true, true) => "no source and no target actor",
                        (true, false) => "no source actor",
                        _ => "no target actor",
                    }
                    .to_string()
                },
            });
            continue;
        };
        let arcs = ts_ref.map(|t| {
            let said = |picked: &Side, tree: Option<usize>, arc: &str| match tree {
                Some(i) if !picked.from_prev && picked.mentions.contains(&i) => arc.to_string(),
                _ => "surface rule".to_string(),
            };
            format!(
                "source: {}; target: {}",
                said(&source, t.source, &t.source_arc),
                said(&target, t.target, &t.target_arc)
            )
        });
        // Welcoming a thing, not a visitor, is approving it (PETRARCH's
        // ACCLAIM, 051): "Seoul's *rapprochement* with Tokyo has been welcomed by
        // Washington".
        let welcomed_thing = p.text == "welcome+"
            && p.code == "043"
            && tree.zip(roles.as_ref()).is_some_and(|(t, r)| {
                let h = r.trigger_head(m);
                t.children(h)
                    .find(|&k| matches!(t.deprel[k], "obj" | "nsubj:pass"))
                    .is_some_and(|k| {
                        t.upos[k] == "NOUN" && !actors.iter().any(|a| a.start <= k && k < a.end)
                    })
            });
        let code = if welcomed_thing {
            "051"
        } else {
            p.code.as_str()
        };
        let mut made = false;
        for &sm in &source.mentions {
            for &tm in &target.mentions {
                // (Context sides index the previous sentence's actors, or
                // those of the earlier sentence `at` names.)
                let context = |x: &Side| match x.at {
                    Some(k) => (k, earlier[k]),
                    None => prev.unwrap(),
                };
                let s_actor = if source.from_prev {
                    &context(&source).1[sm]
                } else {
                    &actors[sm]
                };
                let t_actor = if target.from_prev {
                    &context(&target).1[tm]
                } else {
                    &actors[tm]
                };
                if !distinct(
                    &s_actor.code,
                    &s_actor.country,
                    &t_actor.code,
                    &t_actor.country,
                ) {
                    continue;
                }
                let ps = if source.from_prev {
                    context(&source).0
                } else {
                    si
                };
                let pt = if target.from_prev {
                    context(&target).0
                } else {
                    si
                };
                let mut ev = make_event(si, s_actor, ps, t_actor, pt, code, m, lex, &rule, passive);
                ev.arcs = arcs.clone();
                out.push(ev);
                // A paired pattern (`back=CODE`): the target's side of the act.
                if let Some(bc) = &p.back {
                    let mut back =
                        make_event(si, t_actor, pt, s_actor, ps, bc, m, lex, &rule, passive);
                    back.arcs = arcs.clone();
                    out.push(back);
                }
                made = true;
            }
        }
        if made && !target.from_prev {
            used_as_target.extend(target.mentions.iter().copied());
            if !source.from_prev {
                last_target.push((
                    source.mentions.clone(),
                    target.clone(),
                    m.end,
                    p.code.starts_with("04"),
                ));
            }
        } else if !made {
            skipped.push(Skipped {
                sentence: si,
                rule,
                reason: "source and target are the same actor (same country, same or no sector)"
                    .into(),
            });
        }
    }
    for ev in &mut out[start_len..] {
        // The content of a warning is a threat; the content of a pledge is an
        // intent (or, for force, a threat). Either way what is dated and asserted
        // is the warning or pledge itself.
        let (at, code, why) = if let (Some(c), Some(w)) = (
            threat_code(&ev.cameo),
            warned_content(toks, tree, ev.trigger_start),
        ) {
            (w, c, "content of a warning")
        } else if let Some(w) = threatened_content(toks, tree, ev.trigger_start) {
            match threat_code(&ev.cameo) {
                Some(c) => (w, c, "threatened"),
                None if ev.cameo.starts_with("13") => continue,
                None => (w, "130", "threatened"),
            }
        } else if let Some(p) =
            pledged_content(toks, tree, ev.trigger_start).filter(|_| !ev.cameo.starts_with("03"))
        {
            match intent_code(&ev.cameo).or_else(|| threat_code(&ev.cameo)) {
                Some(c) => (p, c, "promised"),
                None => continue,
            }
        } else {
            continue;
        };
        let note = format!("{why}: {} → {code}", ev.cameo);
        if recode(ev, lex, code, &note) {
            ev.trigger_start = at;
            ev.trigger_end = at + 1;
        }
    }
    for ev in &mut out[start_len..] {
        let t = ev.trigger_start;
        if ev.cameo == "140" {
            // A state, its government or an organisation of states that
            // protests complains officially (114); CAMEO's 14 is protest by
            // people in the street.
            let official = matches!(
                ev.source.code.get(3..).unwrap_or(""),
                "" | "GOV" | "MIL" | "LEG" | "JUD" | "ELI"
            ) && (is_state(&ev.source.country)
                || crate::actors::dictionary::IGO_CODES.contains(&ev.source.country.as_str()))
                // "Thousands of Serbians protested": people, not their state.
                && !(ev.source.code.len() == 3
                    && actors
                        .iter()
                        .any(|a| a.text == ev.source.text && a.kind == MentionKind::Demonym));
            if official && toks[t].lower.starts_with("protest") {
                recode(ev, lex, "114", "a state's protest → 114");
            }
        } else if ev.cameo == "012" {
            // A warning that something would, will or could happen ("warned
            // that Seoul would no longer tolerate ...", "warned that any attack
            // would be treated as an act of war") is a threat (130), not a
            // pessimistic comment (012), even when what would happen is no
            // act of its own.
            let warned = toks[t].lower.starts_with("warn")
                && toks.get(t + 1).is_some_and(|w| w.lower == "that");
            let modal = || {
                toks[t + 2..].iter().take_while(|w| w.text != ";").any(|w| {
                    matches!(
                        w.lower.as_str(),
                        "would" | "will" | "could" | "might" | "'ll"
                    )
                })
            };
            if warned && modal() {
                recode(ev, lex, "130", "warned of what would happen → 130");
            }
        } else if ev.cameo == "010"
            && matches!(
                toks[t].lower.as_str(),
                "tell" | "tells" | "told" | "telling"
            )
        {
            // Telling someone something in a call or at a meeting ("In a
            // telephone call, Blinken told Wang that ...", "Modi told Xi at the
            // start of the meeting") is the consultation; what was said is
            // coded on its own.
            if let Some(code) = told_at_encounter(toks, t) {
                recode(ev, lex, code, "told in a call or meeting → consult");
            }
        } else if ev.cameo == "172" {
            // CAMEO's administrative sanctions (172: bans, restrictions,
            // suspended permits) are a government's measures at home; one
            // state's ban or suspension aimed at another state ("banned
            // Japanese seafood", "suspended flights to Toronto") is an
            // embargo, boycott or sanction (163), as the anchors code it.
            let abroad = is_state(&ev.source.country)
                && is_state(&ev.target.country)
                && ev.source.country != ev.target.country;
            if abroad {
                recode(ev, lex, "163", "one state's measure on another → 163");
            }
        }
    }
    dedup(out, start_len);
    lost
}

/// The consultation (041 by telephone, else 040) the telling at `t` took
/// place in: a call or meeting named before the verb ("In a telephone call
/// on Friday, Blinken told") or after it up to what was told ("told Xi at
/// the start of the meeting that"), outside quotations. A news conference
/// is no consultation with the one told.
fn told_at_encounter(toks: &[Token], t: usize) -> Option<&'static str> {
    let quote = |w: &Token| w.is_double_quote();
    let mut inside = false;
    let mut before: Vec<&Token> = Vec::new();
    for w in &toks[..t] {
        if quote(w) {
            inside = !inside;
        } else if !inside {
            before.push(w);
        }
    }
    let after = toks[t + 1..]
        .iter()
        .take_while(|w| !quote(w) && !matches!(w.lower.as_str(), "that" | ";" | ":"));
    let mut code = None;
    let words: Vec<&Token> = before.into_iter().chain(after).collect();
    for (k, w) in words.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| words[p].lower.as_str());
        if matches!(prev, Some("news" | "press")) {
            continue;
        }
        match w.lower.as_str() {
            "call" | "phone" | "telephone" | "videoconference" | "video" => return Some("041"),
            "meeting" | "talks" | "summit" | "sidelines" => code = Some("040"),
            _ => {}
        }
    }
    code
}

/// Gives `ev` the code `code` with its Goldstein score and QuadClass, noting
/// why in its rule; false (and `ev` unchanged) if the code is not in the table.
fn recode(ev: &mut Event, lex: &Lexicon, code: &str, note: &str) -> bool {
    let Some(info) = lex.code(code) else {
        return false;
    };
    ev.rule = format!("{} ({note})", ev.rule);
    ev.cameo = code.to_string();
    ev.goldstein = info.goldstein;
    ev.quad_class = info.quad_class;
    true
}

use crate::grammar::{PLEDGE_VERBS, THREAT_VERBS};

/// The pledge verb or noun whose "to" infinitive the trigger at `t` is
/// ("vowed to send tanks", "pledged to further boost support", "a promise to
/// hold talks").
/// A verb through which its object comes to its subject ("drew", "received",
/// "faced").
fn drawing_verb(w: &str) -> bool {
    crate::grammar::DRAWING_VERBS
        .iter()
        .any(|d| w.starts_with(d))
}

/// The verb whose object holds noun `t`, directly or through an amount or a
/// kind ("received $40 billion *in* military aid", "faced a wave of criticism").
fn drawing_governor(tree: &DepTree, t: usize) -> Option<usize> {
    let mut k = t;
    for _ in 0..3 {
        let h = tree.head.get(k).copied().flatten()?;
        match tree.base_rel(k) {
            "obj" if tree.upos[h] == "VERB" => return Some(h),
            "nmod" | "compound" | "amod" | "conj" => k = h,
            _ => return None,
        }
    }
    None
}

/// Every verb and noun form of the pledge verbs ("agreed", "offers", "pledge").
static PLEDGE_FORMS: std::sync::LazyLock<HashSet<String>> =
    std::sync::LazyLock::new(|| inflected(&PLEDGE_VERBS, true));

fn pledged_content(toks: &[Token], tree: Option<&DepTree>, t: usize) -> Option<usize> {
    infinitive_of(toks, tree, t, &PLEDGE_FORMS)
}

/// The threat whose "to" infinitive the trigger at `t` is: "threatened *to
/// veto* the bid" threatens the veto.
fn threatened_content(toks: &[Token], tree: Option<&DepTree>, t: usize) -> Option<usize> {
    static FORMS: std::sync::LazyLock<HashSet<String>> =
        std::sync::LazyLock::new(|| inflected(&THREAT_VERBS, true));
    infinitive_of(toks, tree, t, &FORMS)
}

/// The word of `forms` whose "to" infinitive the trigger at `t` is (or whose
/// infinitive's object it is).
fn infinitive_of(
    toks: &[Token],
    tree: Option<&DepTree>,
    t: usize,
    forms: &HashSet<String>,
) -> Option<usize> {
    let lw = |i: usize| toks[i].lower.as_str();
    // One adverb may stand between "to" and the verb ("to further boost").
    let surface = (t.saturating_sub(2)..t)
        .rev()
        .find(|&k| lw(k) == "to")
        .filter(|&k| k + 1 == t || lw(k + 1).ends_with("ly") || lw(k + 1) == "further")
        .and_then(|to| to.checked_sub(1))
        .filter(|&v| forms.contains(lw(v)));
    if surface.is_some() {
        return surface;
    }
    // "pledged to boost counter-terrorism *support*": the event noun is the
    // object of the promised verb.
    let tr = tree.filter(|tr| tr.len() == toks.len())?;
    let mut c = t;
    if tr.base_rel(c) == "obj" {
        c = tr.head[c]?;
    }
    let h = tr.head[c]?;
    (matches!(tr.base_rel(c), "xcomp" | "acl") && forms.contains(lw(h))).then_some(h)
}

/// What the promise of a cooperative act is coded as (CAMEO 03x): "pledged to
/// send aid" is an intent to provide aid (033), not aid given.
fn intent_code(code: &str) -> Option<&'static str> {
    Some(match code {
        "045" => "039",
        c if c.starts_with("04") => "036",
        "055" | "056" | "057" | "050" => "030",
        c if c.starts_with("05") => "032",
        "061" => "0311",
        "062" => "0312",
        "063" => "0313",
        "064" => "0314",
        c if c.starts_with("06") => "031",
        "071" => "0331",
        "072" => "0332",
        "073" => "0333",
        "074" => "0334",
        c if c.starts_with("07") => "033",
        "081" => "0351",
        "082" => "0352",
        "083" => "034",
        "084" | "0841" | "0842" => "0353",
        "085" => "0354",
        "086" => "0355",
        c if c.starts_with("087") => "0356",
        c if c.starts_with("08") => "035",
        _ => return None,
    })
}

// Verbs whose content clause, in the future, is a threat.
use crate::grammar::WARN_VERBS;

use crate::grammar::FUTURE_AUX;

/// What a threat of a coercive or violent act is coded as (CAMEO 13x): "warned
/// that Moscow would retaliate" is a threat of force, not a planned attack.
fn threat_code(code: &str) -> Option<&'static str> {
    Some(match code {
        c if c.starts_with("15") => "138",
        "161" => "1313",
        "162" => "1311",
        c if c.starts_with("163") => "1312",
        "164" => "134",
        "165" => "135",
        "166" => "136",
        c if c.starts_with("16") => "131",
        c if c.starts_with("172") => "132",
        c if c.starts_with("17") => "137",
        c if c.starts_with("18") => "1383",
        c if c.starts_with("191") => "1381",
        c if c.starts_with("192") => "1382",
        c if c.starts_with("19") => "1384",
        c if c.starts_with("20") => "1385",
        _ => return None,
    })
}

/// Whether the trigger at `t` is the future content of a warning or threat:
/// with a tree, a clause under `warn`/`threaten`/`vow` with a future or modal
/// auxiliary; without one, "warned (that) ... would" right before it.
fn warned_content(toks: &[Token], tree: Option<&DepTree>, t: usize) -> Option<usize> {
    let lw = |i: usize| toks[i].lower.as_str();
    if let Some(tr) = tree.filter(|tr| tr.len() == toks.len()) {
        let mut c = tr.clause_of(t);
        let mut future = false;
        for _ in 0..4 {
            future |= tr.children(c).any(|k| FUTURE_AUX.contains(&lw(k)));
            let up = tr.head[c]?;
            match tr.base_rel(c) {
                "conj" | "xcomp" => c = tr.clause_of(up),
                "ccomp" => return (future && WARN_VERBS.contains(&lw(up))).then_some(up),
                _ => return None,
            }
        }
        return None;
    }
    let from = t.saturating_sub(12);
    let aux = (from..t).rev().find(|&k| FUTURE_AUX.contains(&lw(k)))?;
    if t - aux > 4 || (aux..t).any(|k| matches!(lw(k), "," | ";" | "but" | "and")) {
        return None;
    }
    (from..aux).rev().find(|&k| WARN_VERBS.contains(&lw(k)))
}

/// Whether two actors can be the two sides of an event: different countries,
/// or one country's different sectors (`RUSGOV` and `RUSOPP`: a domestic event,
/// as GDELT, ICEWS and PETRARCH code them). A country as a whole and one of its
/// own sectors (`JPN` and `JPNGOV`) are not two sides: which of its parts acted
/// on which is unknown.
pub fn distinct(a_code: &str, a_country: &str, b_code: &str, b_country: &str) -> bool {
    if a_country != b_country {
        return true;
    }
    let role = |code: &str, country: &str| code.get(country.len()..).unwrap_or("").to_string();
    let (ra, rb) = (role(a_code, a_country), role(b_code, b_country));
    // A state and the rebels or opposition within it are two parties.
    let non_state = |r: &str| crate::actors::NON_STATE_ROLES.contains(&r);
    (!ra.is_empty() || non_state(&rb)) && (!rb.is_empty() || non_state(&ra)) && ra != rb
}

/// Drops repeated events of one trigger (a pronoun group and its names can yield the same pair twice).
fn dedup(out: &mut Vec<Event>, from: usize) {
    let mut seen = HashSet::default();
    let mut i = from;
    while i < out.len() {
        let e = &out[i];
        let key = (
            e.source.code.clone(),
            e.target.code.clone(),
            e.cameo.clone(),
            e.trigger_start,
        );
        if seen.insert(key) {
            i += 1;
        } else {
            out.remove(i);
        }
    }
    // "agreed to hold talks": the generic intent (030) says less than the
    // specific one (036) the same pair gets from the same sentence.
    let generic = |c: &str| c.len() == 2 || c.len() == 3 && c.ends_with('0');
    let specific: HashSet<(String, String, String)> = out[from..]
        .iter()
        .filter(|e| !generic(&e.cameo))
        .map(|e| {
            (
                e.source.code.clone(),
                e.target.code.clone(),
                e.cameo[..2].to_string(),
            )
        })
        .collect();
    let mut idx = 0;
    out.retain(|e| {
        idx += 1;
        idx <= from
            || !generic(&e.cameo)
            || !specific.contains(&(
                e.source.code.clone(),
                e.target.code.clone(),
                e.cameo[..2].to_string(),
            ))
    });
}

#[allow(clippy::too_many_arguments)]
fn make_event(
    si: usize,
    s: &ActorMention,
    ssent: usize,
    t: &ActorMention,
    tsent: usize,
    code: &str,
    m: &PatternMatch,
    lex: &Lexicon,
    rule: &str,
    passive: bool,
) -> Event {
    let info = lex.code(code);
    Event {
        sentence: si,
        source: actor(s, ssent),
        target: actor(t, tsent),
        cameo: code.to_string(),
        goldstein: info.map(|i| i.goldstein).unwrap_or(0.0),
        quad_class: info.map(|i| i.quad_class).unwrap_or(0),
        trigger_start: m.head.unwrap_or(m.start),
        trigger_end: m.end,
        rule: if passive {
            format!("{rule} (passive)")
        } else {
            rule.to_string()
        },
        date: None,
        date_text: None,
        mode: Mode::Asserted,
        mode_cue: None,
        arcs: None,
    }
}

pub(super) fn actor(m: &ActorMention, sentence: usize) -> EventActor {
    EventActor {
        code: m.code.clone(),
        country: m.country.clone(),
        text: m.text.clone(),
        mention: None,
        sentence,
        person: m.person,
    }
}

#[allow(clippy::too_many_arguments)]
fn emit_pairs(
    si: usize,
    _toks: &[Token],
    actors: &[ActorMention],
    members: &[usize],
    m: &PatternMatch,
    lex: &Lexicon,
    rule: &str,
    out: &mut Vec<Event>,
) {
    emit_pairs_as(si, actors, members, m, lex, rule, None, out)
}

/// [`emit_pairs`] with the code given (an act the sides agreed to or do
/// jointly keeps the pattern's own code even if it is not reciprocal; a
/// pattern's `group=CODE` gives its own).
#[allow(clippy::too_many_arguments)]
fn emit_pairs_as(
    si: usize,
    actors: &[ActorMention],
    members: &[usize],
    m: &PatternMatch,
    lex: &Lexicon,
    rule: &str,
    code: Option<&str>,
    out: &mut Vec<Event>,
) {
    let p = &lex.patterns[m.pattern];
    // "A and B ... together" without a reciprocal pattern is a meeting.
    let code = match code {
        Some(c) => c.to_string(),
        None if p.recip => p.code.clone(),
        None => "040".to_string(),
    };
    for &a in members {
        for &b in members {
            if distinct(
                &actors[a].code,
                &actors[a].country,
                &actors[b].code,
                &actors[b].country,
            ) {
                out.push(make_event(
                    si,
                    &actors[a],
                    si,
                    &actors[b],
                    si,
                    &code,
                    m,
                    lex,
                    &format!("{rule} (reciprocal)"),
                    false,
                ));
            }
        }
    }
}

/// All members of the mention's coordination group (or just the mention).
/// A side's group widened by the tree's coordination ("Fornost and the evil
/// awful Gondor", where adjectives split the words' grouping), one mention per
/// country, in text order.
fn with_conjuncts(actors: &[ActorMention], mut group: Vec<usize>, more: Vec<usize>) -> Vec<usize> {
    for j in more {
        if !group.contains(&j)
            && !group
                .iter()
                .any(|&g| actors[g].country == actors[j].country)
        {
            group.push(j);
        }
    }
    group.sort_by_key(|&j| actors[j].start);
    group
}

/// Whether the members of a group (in sentence order) are separated by
/// commas only, with no "and", "or" or hyphen.
fn commas_only(toks: &[Token], actors: &[ActorMention], group: &[usize]) -> bool {
    let mut g: Vec<&ActorMention> = group.iter().map(|&j| &actors[j]).collect();
    g.sort_by_key(|m| m.start);
    g.len() > 1
        && g.windows(2).all(|w| {
            w[0].end < w[1].start && toks[w[0].end..w[1].start].iter().all(|t| t.lower == ",")
        })
}

fn group_of(actors: &[ActorMention], i: usize) -> Vec<usize> {
    match actors[i].group {
        Some(g) => {
            // One member per party: "Japan and its prime minister" is one, "the
            // Colombian government and the ELN" are two.
            let mut kept: Vec<usize> = Vec::new();
            for j in
                (0..actors.len()).filter(|&j| actors[j].group == Some(g) && !actors[j].attached)
            {
                let a = &actors[j];
                if kept.iter().all(|&k| {
                    let b = &actors[k];
                    distinct(&a.code, &a.country, &b.code, &b.country)
                }) {
                    kept.push(j);
                }
            }
            kept
        }
        None => vec![i],
    }
}

/// "refused to", "declined to", "failed to" right before the trigger.
fn refused_before(toks: &[Token], start: usize) -> bool {
    start >= 2
        && toks[start - 1].lower == "to"
        && matches!(
            toks[start - 2].lower.as_str(),
            "refused"
                | "refuses"
                | "refusing"
                | "refuse"
                | "declined"
                | "declines"
                | "declining"
                | "failed"
                | "fails"
                | "failing"
                | "refusal"
                | "failure"
        )
}

fn is_passive(toks: &[Token], h: usize, end: usize, mention_at: &[Option<usize>]) -> bool {
    let w = toks[h].lower.as_str();
    if w.ends_with("ing") || w.ends_with('s') && !w.ends_with("ss") {
        return false;
    }
    let mut k = h;
    // "had *been* stabbed", "is *being* investigated": passive whatever the
    // auxiliary before it.
    let mut been = false;
    while k > 0 && PASSIVE_FILLERS.contains(&toks[k - 1].lower.as_str()) {
        been |= matches!(toks[k - 1].lower.as_str(), "been" | "being");
        k -= 1;
    }
    if been || k > 0 && BE_FORMS.contains(&toks[k - 1].lower.as_str()) {
        return true;
    }
    // Reduced passive: "sanctions imposed by the EU". Not when an actor is the verb's
    // subject ("The ICC opened an inquiry into crimes by Israel"): then "by" belongs to
    // the object; neither when an object noun phrase ("an inquiry") comes between.
    let subject_before = (h.saturating_sub(3)..h).any(|k| {
        mention_at
            .iter()
            .take(k + 1)
            .enumerate()
            .any(|(s, e)| e.is_some_and(|e| e == k + 1 && s <= k))
    });
    if (w.ends_with("ed") || w.ends_with("en")) && !subject_before {
        let mut j = end;
        let mut n = 0;
        while j < toks.len() && n < 6 && mention_at[j].is_none() {
            if matches!(toks[j].lower.as_str(), "a" | "an") {
                break;
            }
            if toks[j].lower == "by" {
                return j + 1 < toks.len()
                    && (mention_at[j + 1].is_some()
                        || mention_at.get(j + 2).is_some_and(|m| m.is_some())
                            && toks[j + 1].lower == "the");
            }
            if stops_target_search(toks, j)
                || matches!(toks[j].text.as_str(), "," | "\"" | "”" | "“") && n > 4
            {
                break;
            }
            j += 1;
            n += 1;
        }
    }
    false
}

/// The actor after "by" following the pattern (the agent of a passive or a nominal).
fn by_phrase(
    toks: &[Token],
    end: usize,
    usable: &[usize],
    actors: &[ActorMention],
) -> Option<usize> {
    let mut j = end;
    let limit = (end + 8).min(toks.len());
    while j < limit {
        if toks[j].lower == "by" {
            let mut k = j + 1;
            while k < toks.len()
                && matches!(
                    toks[k].lower.as_str(),
                    "the" | "members" | "member" | "of" | "a" | "an"
                )
            {
                if let Some(&i) = usable.iter().find(|&&i| actors[i].start == k) {
                    return Some(i);
                }
                k += 1;
            }
            return usable.iter().copied().find(|&i| actors[i].start == k);
        }
        if stops_target_search(toks, j) {
            return None;
        }
        j += 1;
    }
    None
}

/// The target: the `{T}` slot's mention, else the first actor after the pattern
/// in the clause that is not of the source's country.
fn find_target(
    toks: &[Token],
    actors: &[ActorMention],
    usable: &[usize],
    m: &PatternMatch,
    exclude: &[&str],
    root: &str,
) -> Option<usize> {
    if let Some((s, e)) = m.target {
        if e > s {
            return usable
                .iter()
                .copied()
                .filter(|&i| actors[i].start == s)
                .max_by_key(|&i| actors[i].end);
        }
    }
    // Without a slot the target may sit among the pattern's own words ("banned
    // *Iranian airline*" for `ban+ * airline~`), so look from just after the head.
    // So may a noun's: "expulsion of *Russian diplomats*" for `expulsion of *
    // diplomats`.
    let from = m.target.map(|(s, _)| s).unwrap_or_else(|| {
        m.head
            .map_or((m.start + 1).min(m.end), |h| (h + 1).min(m.end))
    });
    // "a violation *of UN resolutions*", "an affront to its sovereignty":
    // what a verdict says was violated is not who violated it.
    if m.end >= 1
        && matches!(
            toks[m.end - 1].lower.as_str(),
            "violation" | "violations" | "breach" | "breaches" | "affront" | "insult"
        )
        && toks
            .get(m.end)
            .is_some_and(|t| matches!(t.lower.as_str(), "of" | "to"))
    {
        return None;
    }
    let mut k = from;
    let limit = (from + 14).min(toks.len());
    let mut passed = 0;
    while k < limit {
        let here: Vec<usize> = usable
            .iter()
            .copied()
            .filter(|&i| actors[i].start == k)
            .collect();
        if let Some(&i) = here.first() {
            // "by X" right after an active pattern is not its target, unless
            // the "by" is the pattern's own ("stand by", "abide by") and does
            // not introduce its source ("attack~ by {S}").
            if (k > m.end || m.source.is_some())
                && toks[k - 1].lower == "by"
                && passed == 0
                && k <= m.end + 2
            {
                return None;
            }
            // "received aid *from Japan*": after a drawing verb "from" names
            // the giver, who is no target.
            // (Not a "from" of the pattern's own: "received a phone call from".)
            let before = (m.end..k).rev().find(|&j| toks[j].lower != "the");
            if before.is_some_and(|j| toks[j].lower == "from")
                && m.head.is_some_and(|h| drawing_verb(&toks[h].lower))
            {
                return None;
            }
            // A place where something happens is not whom it happens to ("fight ISIS
            // in Syria"), unless the pattern itself ends in the preposition ("invest in").
            let possessor = toks.get(actors[i].end).is_some_and(|t| t.lower == "'s");
            // Strikes "on targets in Syria" hit Syria.
            // Killings "of dozens in Gaza" happen to Gaza, too.
            // So do air strikes "on {T}" whose slot holds a common noun
            // ("on *targets* in Syria"): where fighting in general happens
            // is not its target, but the pattern has said what was hit.
            let empty_slot = m.target.is_some_and(|(s, e)| {
                s == e
                    && s + 1 < k
                    && toks[s..k - 1].iter().all(|t| {
                        !matches!(
                            t.lower.as_str(),
                            "for"
                                | "to"
                                | "of"
                                | "with"
                                | "from"
                                | "by"
                                | "as"
                                | "after"
                                | "during"
                        )
                    })
            });
            let strike_site = k == m.end + 1 && matches!(root, "18" | "19" | "20")
                || k <= m.end + 4
                    && (matches!(root, "18" | "20") || root == "19" && empty_slot)
                    && (m.end..k - 1).all(|j| {
                        !toks[j].is_capitalized()
                            && toks[j].kind != crate::document::TokenKind::Punct
                    });
            // An appeal for "a ceasefire in Sudan" or "calm in Kenya" is made to
            // the place it names.
            // So is one for "an immediate humanitarian ceasefire in Gaza",
            // but not one for talks in a city, which is where they are held.
            let appeal_site = root == "02"
                && toks[k - 1].lower == "in"
                && (k <= m.end + 1
                    || k <= m.end + 6
                        && (m.end..k - 1).all(|j| {
                            toks[j].kind == crate::document::TokenKind::Word
                                && !toks[j].is_capitalized()
                                && !crate::grammar::ENCOUNTER_NOUNS
                                    .contains(&toks[j].lower.as_str())
                        }));
            // The go-between of "African Union-*mediated* talks with Juba" is
            // not a party to them.
            let go_between = toks.get(actors[i].end).is_some_and(|t| t.text == "-")
                && toks.get(actors[i].end + 1).is_some_and(|t| {
                    matches!(
                        t.lower.as_str(),
                        "mediated"
                            | "brokered"
                            | "hosted"
                            | "sponsored"
                            | "facilitated"
                            | "convened"
                            | "chaired"
                            | "organised"
                            | "organized"
                    )
                });
            if go_between {
                passed += 1;
                k = actors[i].end;
                continue;
            }
            if k > from
                && k > m.start
                && LOCATIVE.contains(&toks[k - 1].lower.as_str())
                && !(k == m.end && m.end > m.start)
                && !possessor
                && !strike_site
                && !appeal_site
            {
                passed += 1;
                k = actors[i].end;
                continue;
            }
            // Rebels or opposition of the source's own country are a party when
            // the phrase names them ("resumed talks *with the ELN*"), not
            // further on, where a state's act more often concerns another state.
            if let Some(&j) = here.iter().find(|&&j| {
                !exclude.contains(&actors[j].country.as_str())
                    || actors[j].start <= m.end + 4
                        && crate::actors::NON_STATE_ROLES.contains(&actors[j].role.as_str())
            }) {
                return Some(j);
            }
            passed += 1;
            k = actors[i].end;
            continue;
        }
        if stops_target_search(toks, k)
            || (toks[k].text == "," && k > from + 1)
            || starts_as_clause(toks, k)
        {
            return None;
        }
        k += 1;
    }
    None
}

/// The actor in a pattern's source slot: the mention a mid-pattern slot
/// holds, or for a slot at the end the first starting within three words
/// ("condemnation from {S}" + "Japan and South Korea").
fn slot_mention(
    toks: &[Token],
    actors: &[ActorMention],
    usable: &[usize],
    m: &PatternMatch,
) -> Option<usize> {
    match m.source {
        Some((s, e)) if e > s => usable.iter().copied().find(|&i| actors[i].start == s),
        Some((s, _)) => usable
            .iter()
            .copied()
            .filter(|&i| actors[i].start >= s && actors[i].start <= s + 3)
            .filter(|&i| {
                toks[s..actors[i].start]
                    .iter()
                    .all(|t| t.kind == crate::document::TokenKind::Word)
            })
            .min_by_key(|&i| actors[i].start),
        None => None,
    }
}

/// "X's" right before a nominal pattern, allowing adjectives between.
/// The actor a reaction noun comes from: "a sharp rebuke *from Moscow*"
/// right after the trigger, which the tree (or a determiner) says is a noun.
fn from_phrase(
    toks: &[Token],
    actors: &[ActorMention],
    usable: &[usize],
    m: &PatternMatch,
    noun: bool,
    tree: Option<&DepTree>,
) -> Option<usize> {
    let h = m.head?;
    let nominal = match tree {
        Some(t) => t.upos.get(h).is_some_and(|u| *u == "NOUN"),
        None => noun,
    };
    // "protests *and warnings* from the EU": the sender of the last of
    // coordinated messages sent them all.
    let from = if toks.get(m.end).is_some_and(|t| t.lower == "and")
        && toks
            .get(m.end + 1)
            .is_some_and(|t| SENT_NOUNS.contains(&t.lower.as_str()))
    {
        m.end + 2
    } else {
        m.end
    };
    if !nominal
        || !SENT_NOUNS.contains(&toks[h].lower.as_str())
        || toks.get(from).is_none_or(|t| t.lower != "from")
    {
        return None;
    }
    let at = if toks.get(from + 1).is_some_and(|t| t.lower == "the") {
        from + 2
    } else {
        from + 1
    };
    usable
        .iter()
        .copied()
        .find(|&i| actors[i].start == at && actors[i].kind != MentionKind::Place)
}

/// Whether the word before token `start` is one of `words`: a name after
/// "in"/"at" is where something happened, not who did or underwent it.
fn after_one_of(toks: &[Token], start: usize, words: &[&str]) -> bool {
    start > 0 && words.contains(&toks[start - 1].lower.as_str())
}

fn possessor(
    toks: &[Token],
    actors: &[ActorMention],
    usable: &[usize],
    start: usize,
    noun: bool,
    tree: Option<&DepTree>,
) -> Option<usize> {
    let mut k = start;
    let mut steps = 0;
    let max_steps = if noun { 4 } else { 0 };
    while k > 0 && steps <= max_steps {
        // The walk stays inside the noun phrase: past a verb ("officials
        // *criticized* the deployment") the actor is the clause's subject.
        if tree.is_some_and(|t| k - 1 < t.len() && matches!(t.upos[k - 1], "VERB" | "AUX")) {
            return None;
        }
        if toks[k - 1].lower == "'s" || toks[k - 1].lower == "'" {
            return usable
                .iter()
                .copied()
                .filter(|&i| actors[i].end == k - 1)
                .max_by_key(|&i| actors[i].end - actors[i].start);
        }
        if let Some(i) = usable.iter().copied().find(|&i| {
            // "the embassy in Tokyo lodged": a place the subject is in, not a modifier.
            let located = after_one_of(toks, actors[i].start, &["in", "at", "near", "from"]);
            actors[i].end == k
                && !located
                && (matches!(
                    actors[i].kind,
                    MentionKind::Demonym
                        | MentionKind::Country
                        | MentionKind::Metonym
                        | MentionKind::Igo
                ) || actors[i].kind == MentionKind::Pronoun
                    && matches!(
                        toks[actors[i].start].lower.as_str(),
                        "its" | "their" | "his" | "her"
                    ))
        }) {
            // "Chinese submarine entered ...", "the US airstrike": a state modifying the event noun.
            return Some(i);
        }
        let w = toks[k - 1].lower.as_str();
        if toks[k - 1].kind == crate::document::TokenKind::Punct && w != "-"
            || PREPOSITIONS.contains(&w)
            || matches!(w, "to" | "and" | "or" | "but")
        {
            return None;
        }
        k -= 1;
        if w != "-" {
            steps += 1;
        }
    }
    None
}

/// The subject for a trigger at `start`: the nearest actor to the left that is
/// not inside a prepositional phrase, preferring ones not already used as a target.
fn subject(
    toks: &[Token],
    actors: &[ActorMention],
    usable: &[usize],
    start: usize,
    used_as_target: &HashSet<usize>,
) -> Option<usize> {
    let mut cands: Vec<usize> = usable
        .iter()
        .copied()
        .filter(|&i| actors[i].end <= start)
        .collect();
    cands.sort_by_key(|&i| std::cmp::Reverse(actors[i].end));
    let in_pp = |i: usize| {
        let s = actors[i].start;
        // Right before a gerund it is that verb's subject: "with Congo's president accusing Rwanda".
        if actors[i].end == start && toks[start].lower.ends_with("ing") {
            return false;
        }
        // "the Federal Aviation Office of Germany", "the Parliament of Iraq": the name's country.
        if s >= 2 && toks[s - 1].lower == "of" && toks[s - 2].is_capitalized() {
            return false;
        }
        let mut k = s;
        let mut steps = 0;
        while k > 0 && steps < 3 {
            let w = toks[k - 1].lower.as_str();
            if PREPOSITIONS.contains(&w) {
                return !(w == "after" || w == "before" || w == "during" || w == "despite");
            }
            if !matches!(
                w,
                "the" | "a" | "an" | "its" | "their" | "his" | "her" | "both" | "all"
            ) && toks[k - 1].kind != crate::document::TokenKind::Word
            {
                return false;
            }
            if !matches!(
                w,
                "the" | "a" | "an" | "its" | "their" | "his" | "her" | "both" | "all"
            ) {
                return false;
            }
            k -= 1;
            steps += 1;
        }
        false
    };
    // Possessors of other nouns ("Japan's interest in ...") are not subjects of a later verb.
    let possessive = |i: usize| {
        toks.get(actors[i].end)
            .is_some_and(|t| t.lower == "'s" || t.lower == "'")
    };
    let good = cands.iter().copied().find(|&i| {
        !in_pp(i) && !used_as_target.contains(&i) && !possessive(i) && is_subject_kind(&actors[i])
    });
    good.or_else(|| {
        cands
            .iter()
            .copied()
            .find(|&i| !in_pp(i) && !used_as_target.contains(&i) && is_subject_kind(&actors[i]))
    })
}

fn is_subject_kind(m: &ActorMention) -> bool {
    m.kind != MentionKind::Place
}

/// Acts done in words (statements, appeals, intents, diplomacy,
/// investigation, demands, criticism, rejection, threats): only an actor, not
/// an event, does them.
const VERBAL_ACT_ROOTS: &[&str] = &["01", "02", "03", "05", "09", "10", "11", "12", "13"];

/// Roots of acts that answer another's: disapproval, rejection, threats,
/// protest, shows of force, cuts in relations, coercion.
const REACTION_ROOTS: &[&str] = &["11", "12", "13", "14", "15", "16", "17"];

/// Reactions in words (disapprove, reject, threaten, protest, concern: 012,
/// and denial: 016), which may be aimed at an act named as their object
/// ("protested the detention", "raised concerns about the detention",
/// "denied the accusations"). Code prefixes.
const VERBAL_REACTION_ROOTS: &[&str] = &["012", "016", "11", "12", "13", "14"];

/// The subject of an "after" or "when" clause following the pattern, when it
/// is an actor other than the source.
fn provoker(
    toks: &[Token],
    actors: &[ActorMention],
    tree: Option<&DepTree>,
    from: usize,
    have: &Side,
    threat: bool,
) -> Option<Side> {
    // A threat is aimed at whoever its condition names: "threatened to close
    // the strait *if the United States* attacked".
    // Or a clause fronted before it: "*After Israel struck Gaza*, Turkey
    // recalled its ambassador".
    let fronted = || {
        (toks
            .first()
            .is_some_and(|t| matches!(t.lower.as_str(), "after" | "when"))
            && (1..from).any(|k| toks[k].text == ","))
        .then_some(0)
    };
    let after = (from..toks.len().min(from + 6))
        .take_while(|&k| !matches!(toks[k].text.as_str(), ";" | "." | ":"))
        .find(|&k| {
            matches!(toks[k].lower.as_str(), "after" | "when")
                || threat && matches!(toks[k].lower.as_str(), "if" | "unless")
        })
        .or_else(fronted)?;
    let countries = have.countries(actors);
    // The clause's subject: the first actor within three words, followed by its verb.
    let i = (0..actors.len()).find(|&i| {
        let a = &actors[i];
        a.start > after && a.start <= after + 3 && !a.attached && a.kind != MentionKind::Place
    })?;
    let a = &actors[i];
    let verb_next = match tree.filter(|tr| tr.len() == toks.len()) {
        Some(tr) => {
            (a.end..toks.len().min(a.end + 3)).any(|k| matches!(tr.upos[k], "VERB" | "AUX"))
        }
        None => toks
            .get(a.end)
            .is_some_and(|t| t.lower.ends_with("ed") || t.lower == "had" || t.lower == "has"),
    };
    (verb_next && !countries.contains(&a.country.as_str()) && !a.country.is_empty())
        .then(|| Side::one(i, false))
}

/// The subject of the main clause when the source is the object of a
/// participle of causing: "North Korea fired missiles, *prompting Tokyo* to
/// lodge a protest".
fn cause(toks: &[Token], actors: &[ActorMention], have: &Side) -> Option<Side> {
    let first = *have.mentions.first()?;
    let at = actors[first].start;
    let causative = at > 0
        && matches!(
            toks[at - 1].lower.as_str(),
            "prompting" | "forcing" | "leading" | "causing" | "spurring" | "pushing"
        );
    if !causative {
        return None;
    }
    let country = actors[first].country.as_str();
    let i = (0..actors.len()).find(|&i| {
        let a = &actors[i];
        a.start < at - 1 && !a.attached && a.kind != MentionKind::Place && !a.country.is_empty()
    })?;
    (actors[i].country != country).then(|| Side::one(i, false))
}

/// The previous sentence's first actor, as whoever acted there, unless it
/// is a place or of `countries` (the side that answers it).
/// Who acted first, among the events this sentence told so far (`here`), on
/// one of `countries` from outside them, with a root among `roots` (any
/// root when empty): the accuser a denial answers, the actor a response
/// responds to.
fn acted_on_here(
    here: &[Event],
    actors: &[ActorMention],
    countries: &[&str],
    roots: &[&str],
) -> Option<Side> {
    here.iter()
        .find(|e| {
            (roots.is_empty() || roots.contains(&e.root()))
                && countries.contains(&e.target.country.as_str())
                && !countries.contains(&e.source.country.as_str())
        })
        .and_then(|e| mention_side(actors, &e.source, false))
}

/// Whom a reaction to "the launch" answers when the sentence before told a
/// third party's reaction to it: the same actor ("Kishida called the launch
/// outrageous. Yoon *condemned the launch*" answers North Korea, not Japan).
fn joined_reaction(
    prev: Option<(usize, &[ActorMention])>,
    earlier: &[&[ActorMention]],
    prev_events: &[Event],
    countries: &[&str],
) -> Option<Side> {
    let (pi, pa) = prev?;
    // (A disapproval or protest: a rejection or denial there may itself be
    // the act referred to, "Hungary blocked the statement. Maas called the
    // move incomprehensible".)
    let ev = prev_events.iter().rev().find(|e| {
        ["012", "11", "14"].iter().any(|r| e.cameo.starts_with(r))
            && !countries.contains(&e.source.country.as_str())
            && !countries.contains(&e.target.country.as_str())
    })?;
    // That reaction's own target may come from further back.
    let k = ev.target.sentence;
    if k == pi {
        return prev_side(pa, &ev.target);
    }
    side_back(earlier, k, &ev.target)
}

fn prev_first_actor(prev: Option<(usize, &[ActorMention])>, countries: &[&str]) -> Option<Side> {
    let (_, pa) = prev?;
    let i = (0..pa.len()).min_by_key(|&i| pa[i].start)?;
    (!pa[i].country.is_empty()
        && pa[i].kind != MentionKind::Place
        && !countries.contains(&pa[i].country.as_str()))
    .then(|| Side::one(i, true))
}

/// Whom a reaction with no target answers: the last actor who, in the
/// previous sentence, acted on the reacting side. "Kenya accused Mogadishu of
/// interfering. The Somali government denied the charge *and said it respected
/// Kenya's sovereignty*" is Somalia's answer to Kenya, whoever else it names.
fn answered(
    prev: Option<(usize, &[ActorMention])>,
    prev_events: &[Event],
    actors: &[ActorMention],
    have: &Side,
) -> Option<Side> {
    let (_, pa) = prev?;
    let countries = have.countries(actors);
    let ev = prev_events.iter().rev().find(|e| {
        countries.contains(&e.target.country.as_str())
            && !countries.contains(&e.source.country.as_str())
    })?;
    prev_side(pa, &ev.source)
}

/// Who last acted on the reacting side earlier in the article: "Nigeria
/// reopened its border with Benin. [...] Benin *welcomed the decision*"
/// answers Nigeria though other news came between.
fn last_act_on(before: &[Event], earlier: &[&[ActorMention]], countries: &[&str]) -> Option<Side> {
    // (Not a meeting: it is no act of one side on the other.)
    let e = before.iter().rev().find(|e| {
        e.root() != "04"
            && countries.contains(&e.target.country.as_str())
            && !countries.contains(&e.source.country.as_str())
            && is_state(&e.source.country)
    })?;
    side_back(earlier, e.sentence, &e.source)
}

/// The pair of parties an article is about: its two most named states or
/// organisations (an article on the EU and Georgia), where the second is named
/// at least three times, no third as often, and the two make up at least half
/// of the article's mentions of states and organisations.
fn article_focus(doc: &Document) -> Option<(String, String)> {
    let mut counts: HashMap<&str, usize> = HashMap::default();
    for a in doc.sentences.iter().flat_map(|s| &s.actors) {
        let party = is_state(&a.country) || a.kind == MentionKind::Igo;
        if party && !matches!(a.kind, MentionKind::Place | MentionKind::Pronoun) {
            *counts.entry(a.country.as_str()).or_default() += 1;
        }
    }
    let total: usize = counts.values().sum();
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    let (a, na) = *ranked.first()?;
    let (b, nb) = *ranked.get(1)?;
    let clear = ranked.get(2).is_none_or(|c| c.1 < nb);
    (nb >= 3 && clear && (na + nb) * 2 >= total).then(|| (a.to_string(), b.to_string()))
}

/// Whether mention `m` names party `c` itself, by name or metonym (not its
/// people, agents or a pronoun), as a side taken from earlier in an article.
fn names_state(m: &ActorMention, c: &str) -> bool {
    m.country == c
        && matches!(
            m.kind,
            MentionKind::Country | MentionKind::Metonym | MentionKind::Igo
        )
        && !m.attached
}

/// Whether match `m` of pattern `p` judges a deal that names no one: praise,
/// disapproval or rejection (codes 051, 11x, 12x) whose next few words are a
/// deal's noun ("welcomed *the agreement*", "voiced concern over *the pact*")
/// with no actor in between.
fn judges_a_deal(
    p: &crate::lexicon::Pattern,
    toks: &[Token],
    actors: &[ActorMention],
    m: &PatternMatch,
) -> bool {
    if !(p.code.starts_with("051") || matches!(&p.code[..2], "11" | "12")) {
        return false;
    }
    let end = (m.end + 4).min(toks.len());
    let Some(noun) = (m.start..end).find(|&k| crate::grammar::DEAL_NOUNS.contains(&toks[k].lower))
    else {
        return false;
    };
    // (Not "the deal's" or "the deal with Moscow": its owner is named.)
    let owned = toks
        .get(noun + 1)
        .is_some_and(|t| matches!(t.lower.as_str(), "'s" | "with" | "between" | "by"));
    !owned
        && (m.end..noun)
            .all(|k| toks[k].kind == crate::document::TokenKind::Word && !toks[k].is_capitalized())
        && !actors.iter().any(|a| a.start < noun + 2 && a.end > m.start)
}

/// In an article about one pair of states (`article_focus`), a go-between
/// that names no parties ("The United Nations is attempting to mediate") is
/// between that pair: their mentions in the last earlier sentence that
/// names both, unless the go-between is one of them.
fn focus_parties(
    earlier: &[&[ActorMention]],
    si: usize,
    focus: Option<(&str, &str)>,
    mediator: &[&str],
) -> Option<Side> {
    let (a, b) = focus?;
    if mediator.contains(&a) || mediator.contains(&b) {
        return None;
    }
    (0..si).rev().find_map(|k| {
        let named = |c: &str| earlier[k].iter().position(|m| names_state(m, c));
        Some(Side {
            mentions: vec![named(a)?, named(b)?],
            from_prev: true,
            at: Some(k),
        })
    })
}

/// Whether a mention starting at token `a` comes right after word `k`, or
/// after it and a "the" ("between *the* two").
fn right_after(toks: &[Token], k: usize, a: usize) -> bool {
    a == k + 1 || a == k + 2 && toks[k + 1].lower == "the"
}

/// Whether a mention starting at token `a` follows "between", past a
/// determiner if any ("between *their* foreign ministers").
fn after_between(toks: &[Token], a: usize) -> bool {
    a >= 1 && toks[a - 1].lower == "between"
        || a >= 2
            && toks[a - 2].lower == "between"
            && DETERMINERS.contains(&toks[a - 1].lower.as_str())
}

/// Whom a go-between brings together: the group after "between"; else the
/// coordinated subject that opens the sentence ("Pakistan and Afghanistan
/// agreed to a ceasefire after talks mediated by Qatar"); else the parties
/// of an encounter this sentence told ("Rubio met Lavrov in talks hosted by
/// Saudi Arabia"), or failing that the previous one ("Talks between Egypt,
/// Ethiopia and Sudan ended. The meeting, hosted by ...").
fn mediated_parties(
    toks: &[Token],
    actors: &[ActorMention],
    usable: &[usize],
    here: &[Event],
    prev_events: &[Event],
    prev: Option<(usize, &[ActorMention])>,
    mediator: &Side,
) -> Option<Side> {
    let theirs = mediator.countries(actors);
    let outside = |g: &[usize]| {
        g.iter()
            .all(|&i| !theirs.contains(&actors[i].country.as_str()))
    };
    let group = |i: usize| Some(group_of(actors, i)).filter(|g| g.len() > 1 && outside(g));
    let between = usable
        .iter()
        .copied()
        .find(|&i| after_between(toks, actors[i].start));
    let opening = usable
        .iter()
        .copied()
        .min_by_key(|&i| actors[i].start)
        .filter(|&i| !actors[i].attached);
    if let Some(g) = between.and_then(group).or_else(|| opening.and_then(group)) {
        return Some(Side {
            mentions: g,
            from_prev: false,
            at: None,
        });
    }
    // The parties of the encounters told, in order, none of them the go-between.
    let parties = |evs: &[Event]| -> Vec<EventActor> {
        let mut out: Vec<EventActor> = Vec::new();
        for e in evs.iter().filter(|e| e.cameo.starts_with("04")) {
            for a in [&e.source, &e.target] {
                if !theirs.contains(&a.country.as_str())
                    && !out.iter().any(|o| o.country == a.country)
                {
                    out.push(a.clone());
                }
            }
        }
        out
    };
    // Those parties as one side, mentions of `ms` (the previous sentence's
    // actors when `from_prev`).
    let side_of = |evs: &[Event], ms: &[ActorMention], from_prev: bool| -> Option<Side> {
        let found = parties(evs);
        let mentions = found
            .iter()
            .map(|a| mention_side(ms, a, from_prev).map(|s| s.mentions[0]))
            .collect::<Option<Vec<usize>>>()?;
        (mentions.len() > 1).then_some(Side {
            mentions,
            from_prev,
            at: None,
        })
    };
    side_of(here, actors, false).or_else(|| side_of(prev_events, prev?.1, true))
}

/// The previous sentence's mention of an event's actor, as a side.
fn prev_side(pa: &[ActorMention], a: &EventActor) -> Option<Side> {
    mention_side(pa, a, true)
}

/// The mention among `ms` of an event's actor, as a side.
fn mention_side(ms: &[ActorMention], a: &EventActor, from_prev: bool) -> Option<Side> {
    let i = (0..ms.len())
        .find(|&i| ms[i].country == a.country && ms[i].text == a.text)
        .or_else(|| (0..ms.len()).find(|&i| ms[i].country == a.country))?;
    Some(Side::one(i, from_prev))
}

/// Actor `a` as named in sentence `k`, further back in the article.
fn side_back(earlier: &[&[ActorMention]], k: usize, a: &EventActor) -> Option<Side> {
    let mut side = mention_side(earlier.get(k)?, a, true)?;
    side.at = Some(k);
    Some(side)
}

/// A side named only in the previous sentence ("X asked Y to waive immunity.
/// The embassy declined *the request*."): the other party of the previous
/// sentence's last event, its source first.
fn context_side(
    prev: Option<(usize, &[ActorMention])>,
    prev_events: &[Event],
    actors: &[ActorMention],
    have: &Side,
) -> Option<Side> {
    let (_, pa) = prev?;
    let have_countries = have.countries(actors);
    if let Some(ev) = prev_events.last() {
        let pick = [&ev.source, &ev.target]
            .into_iter()
            .find(|a| !have_countries.contains(&a.country.as_str()))?;
        return prev_side(pa, pick);
    }
    // No event there: the last state or IGO it named.
    let i = (0..pa.len()).rev().find(|&i| {
        !pa[i].attached
            && (is_state(&pa[i].country) || pa[i].kind == MentionKind::Igo)
            && pa[i].kind != MentionKind::Place
            && !have_countries.contains(&pa[i].country.as_str())
    })?;
    Some(Side::one(i, true))
}

/// Drops an event that repeats an earlier one of its sentence: same sides,
/// code, date and mode. Two patterns often read one act ("the sanctions
/// Washington imposed on Iran": the noun with its light verb, and the verb
/// with its preposition); counted twice it would weigh double in every
/// aggregate.
pub fn drop_repeats(doc: &mut Document) {
    let mut seen = HashSet::default();
    doc.events.retain(|e| {
        seen.insert((
            e.sentence,
            e.source.code.clone(),
            e.target.code.clone(),
            e.cameo.clone(),
            e.date.as_ref().map(|d| d.value.clone()),
            e.mode,
        ))
    });
}

/// Drops a bare statement (010: "X told Y that ...") whose sentence codes an
/// asserted act of the same speaker: what was said is the event, and the
/// telling would count the speaker twice. A told plan keeps the telling, its
/// one asserted act; so does a meeting the telling happened at.
pub fn drop_told_statements(doc: &mut Document) {
    let acted: HashSet<(usize, String)> = doc
        .events
        .iter()
        .filter(|e| e.cameo != "010" && !e.cameo.starts_with("04") && e.mode == Mode::Asserted)
        .map(|e| (e.sentence, e.source.country.clone()))
        .collect();
    doc.events
        .retain(|e| e.cameo != "010" || !acted.contains(&(e.sentence, e.source.country.clone())));
}

/// Re-resolves people's codes at each event's own date (Abe is `JPNGOV` in 2018, `JPNELI` in 2023).
pub fn resolve_people_at_event_dates(doc: &mut Document, dict: &crate::actors::ActorDict) {
    let published = doc.published;
    for ev in &mut doc.events {
        let day = ev
            .date
            .as_ref()
            .and_then(|d| {
                if d.precision == crate::dates::Precision::Publication {
                    None
                } else {
                    d.first_day()
                }
            })
            .or(published);
        for side in [&mut ev.source, &mut ev.target] {
            if let Some(p) = side.person {
                let code = crate::actors::code_at(dict, p, day);
                if !code.is_empty() {
                    side.country = crate::actors::dictionary::country_of(&code).to_string();
                    side.code = code;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::distinct;

    #[test]
    fn two_sides_are_distinct_countries_or_distinct_sectors_of_one() {
        assert!(distinct("JPNGOV", "JPN", "RUS", "RUS"));
        assert!(distinct("RUSGOV", "RUS", "RUSOPP", "RUS"));
        assert!(distinct("---INS", "---", "---OPP", "---"));
        // A country and its own organ: which part acted on which is unknown.
        assert!(!distinct("JPN", "JPN", "JPNGOV", "JPN"));
        assert!(!distinct("RUSGOV", "RUS", "RUSGOV", "RUS"));
        assert!(!distinct("---INS", "---", "---INS", "---"));
        // A state and the rebels within it are two parties.
        assert!(distinct("COL", "COL", "COLREB", "COL"));
        assert!(distinct("SYRREB", "SYR", "SYR", "SYR"));
    }
}

#[cfg(test)]
#[path = "events/tests.rs"]
mod unit_tests;
