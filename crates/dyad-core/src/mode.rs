//! Stage 6, mode: did the event happen, is it planned, hypothetical or denied?
//!
//! The words before an event's trigger, within its clause, decide: negation
//! that governs the verb directly ("did not attack", but not "did not hesitate in
//! increasing"), modal and conditional words (could, might, if, unless),
//! and future or intention markers (will, is likely to, plans to, is
//! scheduled to). "would" after a reporting verb is the future of reported
//! speech ("said troops would be leaving"), so it is planned, not hypothetical.
//! Negation wins over hypothetical, which wins over planned.
//!
//! ```
//! use dyad_core::{document::Mode, mode::mode_at};
//! let s = "Abe is likely to visit Russia on May 26.";
//! let t = dyad_core::segment::tokenize(s, 0, s.len());
//! assert_eq!(mode_at(&t, 4).0, Mode::Planned);
//! ```

use crate::document::rule_notes::{CONDITIONAL_THREAT, MODAL_REFUSAL};
use crate::document::{DepTree, Document, Mode, Token};
use crate::grammar::{
    AUX, CLAIM_NOUNS, DENY_VERBS, HYPOTHETICAL, NEGATING_GOVERNORS, PERFORMATIVE, PLANNED_1,
    PLANNED_2, REPORTING, UNWANTED_NOUNS,
};

/// Verbs of going on with something ("will *continue* to back the plan"):
/// what they govern is under way, not planned.
const ONGOING_VERBS: &[&str] = &[
    "continue",
    "continues",
    "continuing",
    "keep",
    "keeps",
    "remain",
    "remains",
    "maintain",
    "maintains",
];

/// Mode of an event whose trigger starts at token `t`, and the cue word(s).
pub fn mode_at(toks: &[Token], t: usize) -> (Mode, Option<String>) {
    let lw = |i: usize| toks[i].lower.as_str();
    // A parenthetical adverb between the auxiliary and the verb ("has not,
    // *however,* recalled") leaves the clause whole.
    let aside = t >= 4
        && lw(t - 1) == ","
        && lw(t - 3) == ","
        && matches!(
            lw(t - 2),
            "however"
                | "though"
                | "moreover"
                | "meanwhile"
                | "nonetheless"
                | "nevertheless"
                | "therefore"
                | "yet"
                | "still"
                | "thus"
                | "indeed"
                | "first"
                | "second"
                | "third"
                | "finally"
                | "also"
                | "perhaps"
                | "instead"
                | "too"
                | "then"
                | "again"
                | "surely"
                | "certainly"
                | "clearly"
                | "ultimately"
        );
    let t_clause = if aside { t - 3 } else { t };
    let start = clause_start(toks, t_clause);
    let window = start..t_clause;
    // Negation that governs the trigger.
    for k in window.clone() {
        if matches!(lw(k), "not" | "n't" | "never" | "no") {
            // "no" right before the trigger negates it too ("no plans to", "no talks").
            if (k + 1..t_clause).all(|j| AUX.contains(&lw(j)))
                && (lw(k) != "no" || k + 1 == t_clause)
            {
                return (Mode::Negated, Some(toks[k].text.clone()));
            }
            // "no plans to", "not part of any broader plan to", "no intention of",
            // "saw no basis for resuming".
            if (k + 1..t).any(|j| UNWANTED_NOUNS.contains(&lw(j))) {
                return (Mode::Negated, Some(span(toks, k, t)));
            }
        }
        // "sees *little point* in resuming talks", "showed little interest in".
        if lw(k) == "little" && k + 1 < t && UNWANTED_NOUNS.contains(&lw(k + 1)) {
            return (Mode::Negated, Some(span(toks, k, t)));
        }
        if lw(k) == "no" && lw(k + 1) == "longer" {
            return (Mode::Negated, Some("no longer".into()));
        }
        // "stopped *short of* severing ties", "fell short of a formal
        // protest": not done.
        if lw(k) == "short" && k + 1 < t && lw(k + 1) == "of" {
            return (Mode::Negated, Some(span(toks, k, k + 2)));
        }
        // "has *yet to* speak to Trump": not done so far.
        if lw(k) == "yet" && k + 1 < t && lw(k + 1) == "to" && k > 0 && AUX.contains(&lw(k - 1)) {
            return (Mode::Negated, Some("yet to".into()));
        }
    }
    // Conditionals anywhere earlier in the sentence govern the consequent.
    if let Some(k) = (0..t).find(|&k| matches!(lw(k), "if" | "unless")) {
        return (Mode::Hypothetical, Some(toks[k].text.clone()));
    }
    // Asked only of a "would": most triggers need not scan the sentence for it.
    let reported = || {
        (0..start.max(1)).any(|k| REPORTING.contains(&lw(k)))
            || (start..t).any(|k| REPORTING.contains(&lw(k)))
    };
    for k in window.clone().rev() {
        let w = lw(k);
        if HYPOTHETICAL.contains(&w) && w != "if" && w != "unless" {
            if w == "would" && reported() {
                return (Mode::Planned, Some("would (reported future)".into()));
            }
            if w == "may" && toks[k].is_capitalized() && k > 0 {
                continue; // the month
            }
            return (Mode::Hypothetical, Some(toks[k].text.clone()));
        }
        // An obligation ("they need to stand by us") is not yet an act.
        if matches!(w, "need" | "needs") && k + 1 < t && lw(k + 1) == "to" {
            return (Mode::Hypothetical, Some(format!("{w} to")));
        }
    }
    if toks.last().is_some_and(|x| x.text == "?") {
        return (Mode::Hypothetical, Some("question".into()));
    }
    // "will continue to back": continuing presupposes the event is under way.
    let ongoing = |k: usize| (k + 1..t).any(|j| ONGOING_VERBS.contains(&lw(j)));
    for k in window.clone().rev() {
        let w = lw(k);
        if (PLANNED_1.contains(&w) || PLANNED_2.has_first(w)) && ongoing(k) {
            break;
        }
        // "I want to thank ...": wanting to perform a speech act performs it.
        if matches!(w, "want" | "wants" | "wish" | "wishes" | "like")
            && PERFORMATIVE.contains(&lw(t))
            && k + 2 >= t
        {
            break;
        }
        if PLANNED_1.contains(&w) {
            return (Mode::Planned, Some(toks[k].text.clone()));
        }
        if k + 1 < t
            && PLANNED_2.has_first(w)
            && PLANNED_2.iter().any(|(a, b)| *a == w && *b == lw(k + 1))
        {
            // "is to visit" needs a verb right after "to" (or a passive's
            // "be": "is due to be held"), "due to" too ("due to a technical
            // error" is a cause).
            let verb_next = k + 2 == t || k + 3 == t && lw(k + 2) == "be";
            if matches!(w, "is" | "are" | "was" | "were" | "due") && !verb_next {
                continue;
            }
            // "*had been expected to* visit": what was expected and is told
            // in the past perfect did not happen.
            if k >= 2 && lw(k - 2) == "had" && lw(k - 1) == "been" {
                return (
                    Mode::Negated,
                    Some(format!("had been {} {}", toks[k].text, toks[k + 1].text)),
                );
            }
            return (
                Mode::Planned,
                Some(format!("{} {}", toks[k].text, toks[k + 1].text)),
            );
        }
    }
    // "*is due in* Seoul on Sunday", "is expected at the White House": an
    // arrival still to come (the trigger
    // is the verb itself, so no cue stands before it).
    let due = toks
        .get(t + 1)
        .is_some_and(|x| matches!(x.lower.as_str(), "due" | "expected"))
        && toks
            .get(t + 2)
            .is_some_and(|x| matches!(x.lower.as_str(), "in" | "at"));
    if due && matches!(lw(t), "is" | "are" | "'s") {
        return (
            Mode::Planned,
            Some(format!("{} {}", toks[t].text, toks[t + 1].text)),
        );
    }
    (Mode::Asserted, None)
}

/// Whether `v` is "rule(d) out", its particle read as such or as an adverb
/// ("India ruled *out* sending troops").
fn rules_out(tree: &DepTree, toks: &[Token], v: usize) -> bool {
    matches!(
        toks[v].lower.as_str(),
        "rule" | "rules" | "ruled" | "ruling"
    ) && tree
        .children(v)
        .any(|k| matches!(tree.base_rel(k), "compound" | "advmod") && toks[k].lower == "out")
}

/// Whether the event at token `t`, headed by `h` in `tree` if parsed, is in
/// the future (for anchoring partial dates).
pub fn is_future(toks: &[Token], t: usize, tree: Option<(&DepTree, usize)>) -> bool {
    match mode_at(toks, t).0 {
        Mode::Planned => true,
        Mode::Asserted => tree.is_some_and(|(tree, h)| {
            subject_of_plan(tree, toks, h).is_some()
                || borrowed_mode(tree, toks, h).is_some_and(|(m, _)| m == Mode::Planned)
        }),
        _ => false,
    }
}

/// The modal of the verb a trigger leans on, when its own words carry none:
/// a bare conjunct shares the first verb's ("would bring its ambassador home
/// *and withdraw* its troops"), and an encounter or measure in an adverbial
/// shares its clause's ("is due to travel to Kyiv on Monday *for talks*",
/// "will answer *with sanctions*"), and so does an infinitive its verb's
/// ("are due to meet *to discuss*"). Planned or hypothetical only.
fn borrowed_mode(tree: &DepTree, toks: &[Token], h: usize) -> Option<(Mode, Option<String>)> {
    let bare = tree.base_rel(h) == "conj"
        && !tree
            .children(h)
            .any(|k| matches!(tree.base_rel(k), "aux" | "nsubj" | "nsubj:pass"));
    let adverbial = tree.upos[h] == "NOUN" && tree.base_rel(h) == "obl";
    // The verb before `k` that `k` leans on; through an infinitive, not a
    // verb of going on ("will continue *to back* the plan" tells of what is
    // under way, as `mode_at` reads it).
    let leans_on = |k: usize, other: bool| {
        let to_do = infinitive(tree, toks, k);
        tree.head[k].filter(|&v| {
            (other || to_do)
                && tree.upos[v] == "VERB"
                && v < k
                && !(to_do && ONGOING_VERBS.contains(&toks[v].lower.as_str()))
        })
    };
    // (Up through the infinitives it hangs from: "are due to meet *to
    // discuss*".)
    let mut u = leans_on(h, bare || adverbial)?;
    loop {
        let (m, cue) = mode_at(toks, u);
        if m != Mode::Asserted {
            return (m != Mode::Negated).then_some((m, cue));
        }
        u = leans_on(u, false)?;
    }
}

/// Whether `k` is an infinitive its head verb takes ("hopes *to meet*",
/// "met *to discuss*").
fn infinitive(tree: &DepTree, toks: &[Token], k: usize) -> bool {
    matches!(tree.base_rel(k), "xcomp" | "advcl")
        && tree
            .children(k)
            .any(|c| tree.base_rel(c) == "mark" && toks[c].lower == "to")
}

/// Start of the clause holding token `t`: after the last clause boundary before it,
/// at most eight tokens back.
fn clause_start(toks: &[Token], t: usize) -> usize {
    let floor = t.saturating_sub(8);
    let mut k = t;
    while k > floor {
        let w = toks[k - 1].lower.as_str();
        if !crate::document::abbreviation_bracket(toks, k - 1)
            && matches!(
                w,
                ";" | ":"
                    | "\""
                    | "“"
                    | "”"
                    | "("
                    | ")"
                    | "which"
                    | "who"
                    | "that"
                    | "whereby"
                    | "while"
                    | "because"
                    | "but"
                    | "although"
                    | "though"
                    | "when"
                    | "after"
                    | "before"
            )
        {
            return k;
        }
        // A comma ends the clause unless an auxiliary chain continues across it.
        if w == "," {
            return k;
        }
        k -= 1;
    }
    floor
}

fn span(toks: &[Token], s: usize, e: usize) -> String {
    toks[s..e]
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The cue when event noun `h` is the subject of a clause still to come: "An
/// EU-Russia *summit* is due to be held on May 18", "the *talks* will take
/// place in Geneva" (or the verb its predicate takes: "is due *to be held*").
fn subject_of_plan(tree: &DepTree, toks: &[Token], h: usize) -> Option<String> {
    let v = tree.head[h].filter(|&v| {
        tree.upos[h] == "NOUN"
            && tree.base_rel(h) == "nsubj"
            && matches!(tree.upos[v], "VERB" | "ADJ")
            && v > h
    })?;
    std::iter::once(v)
        .chain(tree.children(v).filter(|&k| {
            tree.upos[k] == "VERB" && matches!(tree.base_rel(k), "xcomp" | "parataxis")
        }))
        .find_map(|u| match mode_at(toks, u) {
            (Mode::Planned, cue) => cue,
            _ => None,
        })
}

/// The mode the dependency tree gives an event whose trigger is headed by
/// `h`: a negation, "without" or a refusal governing its clause, or a
/// conditional clause. Coordinated verbs share their first conjunct's scope
/// ("without notifying or asking"), and an infinitive its governor's ("did
/// not agree to meet"). `None` when the tree shows none of these.
pub fn tree_mode(tree: &DepTree, toks: &[Token], h: usize) -> Option<(Mode, String)> {
    let lw = |i: usize| toks[i].lower.as_str();
    // "no plans to hold talks", "there were no talks".
    if let Some(k) = tree
        .children(h)
        .find(|&c| tree.base_rel(c) == "det" && lw(c) == "no")
    {
        return Some((Mode::Negated, toks[k].text.clone()));
    }
    // "a *summit* planned for April 3 was called off", "the *visit* has
    // been postponed": a meeting called off by no one named did not take
    // place (a definite one too).
    if let Some(v) = tree.head[h].filter(|_| tree.upos[h] == "NOUN") {
        let off = tree
            .children(v)
            .any(|k| tree.deprel[k] == "compound:prt" && lw(k) == "off");
        if tree.base_rel(h) == "nsubj"
            && tree.is_passive(v)
            && (crate::grammar::CALLING_OFF.contains(&lw(v))
                || off && matches!(lw(v), "called" | "call" | "calls" | "calling"))
        {
            let cue = if off {
                format!("{} off", toks[v].text)
            } else {
                toks[v].text.clone()
            };
            return Some((Mode::Negated, cue));
        }
    }
    if let Some(cue) = subject_of_plan(tree, toks, h) {
        return Some((Mode::Planned, cue));
    }
    // A possessed or definite event noun is presupposed: "India has not
    // condemned Russia's invasion" denies the condemning, not the invasion.
    if tree.upos[h] == "NOUN"
        && tree
            .children(h)
            .any(|c| tree.deprel[c] == "nmod:poss" || (tree.base_rel(c) == "det" && lw(c) == "the"))
    {
        return None;
    }
    // "warned against *any* military operation": an event named by "any" is
    // one that may or may not come.
    if tree.upos[h] == "NOUN" {
        if tree
            .children(h)
            .any(|c| tree.base_rel(c) == "det" && lw(c) == "any")
        {
            return Some((Mode::Hypothetical, "any".into()));
        }
        if let Some(v) = tree.head[h] {
            // "advised citizens to avoid *travel* to Japan", "refused talks".
            if tree.base_rel(h) == "obj" && NEGATING_GOVERNORS.contains(&lw(v)) {
                return Some((Mode::Negated, toks[v].text.clone()));
            }
            // "a Chinese *attack* on Taiwan could constitute ...": an indefinite
            // event that a modal verb's clause is about is a supposition.
            if tree.base_rel(h) == "nsubj" {
                if let Some(m) = tree
                    .children(v)
                    .find(|&k| tree.base_rel(k) == "aux" && HYPOTHETICAL.contains(&lw(k)))
                {
                    return Some((Mode::Hypothetical, toks[m].text.clone()));
                }
            }
        }
    }
    // How a noun of intent leaves what its infinitive names: an offer's or
    // a plan's act is planned, a refusal's (or "no plans") negated; a
    // decision or a move to act is told as the act (`Some(None)`). `None`
    // for any other noun.
    let intent_noun = |n: usize| -> Option<Option<(Mode, String)>> {
        if !crate::grammar::CONTROL_NOUNS.contains(&lw(n)) {
            return None;
        }
        let no = tree
            .children(n)
            .any(|k| tree.base_rel(k) == "det" && lw(k) == "no");
        Some(match lw(n) {
            _ if no => Some((Mode::Negated, "no".into())),
            "decision" | "move" => None,
            "refusal" => Some((Mode::Negated, toks[n].text.clone())),
            _ => Some((Mode::Planned, format!("{} to", toks[n].text))),
        })
    };
    let mut node = h;
    for _ in 0..6 {
        let c = tree.clause_of(node);
        for k in tree.children(c) {
            let rel = tree.base_rel(k);
            if rel == "advmod" && crate::grammar::negates(lw(k)) {
                return Some((Mode::Negated, toks[k].text.clone()));
            }
            // "*Nor* has Tokyo lifted its sanctions", "*Neither* government
            // has recalled its ambassador", "*No* state has recognised it".
            if rel == "cc" && lw(k) == "nor" {
                return Some((Mode::Negated, toks[k].text.clone()));
            }
            if rel == "nsubj" {
                let none = tree
                    .children(k)
                    .find(|&d| tree.base_rel(d) == "det" && matches!(lw(d), "neither" | "no"));
                if let Some(d) = none {
                    return Some((Mode::Negated, toks[d].text.clone()));
                }
            }
            if rel == "mark" && lw(k) == "without" {
                return Some((Mode::Negated, toks[k].text.clone()));
            }
            if rel == "mark" && matches!(lw(k), "if" | "unless") {
                return Some((Mode::Hypothetical, toks[k].text.clone()));
            }
            // The consequent of a condition that follows it: "would only
            // negotiate *if* sovereignty was on the agenda".
            if rel == "advcl" {
                if let Some(m) = tree
                    .children(k)
                    .find(|&m| tree.base_rel(m) == "mark" && matches!(lw(m), "if" | "unless"))
                {
                    return Some((Mode::Hypothetical, toks[m].text.clone()));
                }
            }
        }
        let Some(up) = tree.head[c] else { break };
        // The same infinitive hung on the verb whose object the noun is
        // ("rejected an offer by Seoul *to send* envoys").
        let to_infinitive = || {
            tree.children(c)
                .any(|k| tree.base_rel(k) == "mark" && lw(k) == "to")
        };
        if matches!(tree.base_rel(c), "xcomp" | "advcl") && to_infinitive() {
            let noun = tree
                .children(up)
                .filter(|&o| tree.base_rel(o) == "obj" && o < c)
                .find_map(intent_noun);
            if let Some(Some(told)) = noun {
                return Some(told);
            }
        }
        match tree.base_rel(c) {
            "xcomp" if NEGATING_GOVERNORS.contains(&lw(up)) => {
                return Some((Mode::Negated, format!("{} to", toks[up].text)));
            }
            // "Iran denied *supplying* drones", "India ruled out *sending* troops".
            "xcomp" if DENY_VERBS.contains(&lw(up)) || rules_out(tree, toks, up) => {
                // "did *not* rule out sending", "would not deny supplying":
                // left possible, neither done nor denied.
                let unruled = tree
                    .children(up)
                    .find(|&k| tree.base_rel(k) == "advmod" && crate::grammar::negates(lw(k)));
                if let Some(k) = unruled {
                    return Some((
                        Mode::Hypothetical,
                        format!("{} {}", toks[k].text, toks[up].text),
                    ));
                }
                return Some((Mode::Negated, toks[up].text.clone()));
            }
            // "Iran denied *sending* missiles and *summoned* the envoys": a
            // finite verb the parser coordinated with a denied gerund is the
            // denier's next act, not part of what was denied.
            "conj"
                if lw(up).ends_with("ing")
                    && !lw(c).ends_with("ing")
                    && tree.base_rel(up) == "xcomp"
                    && DENY_VERBS.contains(&tree.head[up].map_or("", lw)) =>
            {
                break;
            }
            // "would not be intimidated and *would continue* to support": a
            // conjunct with its own auxiliary or subject is a predicate of its
            // own, outside the first one's negation or condition.
            "conj"
                if tree
                    .children(c)
                    .any(|k| matches!(tree.base_rel(k), "aux" | "nsubj" | "nsubj:pass")) =>
            {
                break;
            }
            // 'said the region "does not need blocs" and *urged* Tokyo': a
            // quotation closed between them puts the first conjunct in
            // another's words, the second in the reporter's.
            "conj"
                if up < c
                    && toks[up + 1..c]
                        .iter()
                        .any(|x| matches!(x.text.as_str(), "\"" | "\u{201d}")) =>
            {
                break;
            }
            // "did not attend the talks and *recalled* its ambassador": a
            // past form cannot share an auxiliary that takes the bare verb
            // (do, a modal), so it is a predicate of its own.
            "conj"
                if crate::grammar::is_past_form(lw(c))
                    && tree.children(up).any(|k| {
                        tree.base_rel(k) == "aux"
                            && matches!(
                                lw(k),
                                "do" | "does"
                                    | "did"
                                    | "will"
                                    | "would"
                                    | "can"
                                    | "could"
                                    | "should"
                                    | "may"
                                    | "might"
                                    | "must"
                                    | "shall"
                                    | "'ll"
                            )
                    }) =>
            {
                // (Said outright: the surface would read the first one's
                // auxiliary again.)
                return Some((
                    Mode::Asserted,
                    format!("{} (a predicate of its own)", toks[c].text),
                ));
            }
            // (A subordinate clause the parser hung as xcomp is told on its own.)
            "xcomp" if tree.misparsed_subordinate(toks, c).is_some() => break,
            "xcomp" | "conj" => node = up,
            // "is mediating between them *to reach* a ceasefire": the purpose of
            // an effort still under way has not been reached ("met *to sign* a
            // deal" reports the signing).
            "advcl"
                if tree
                    .children(c)
                    .any(|k| tree.base_rel(k) == "mark" && lw(k) == "to")
                    && lw(up).ends_with("ing")
                    && tree.children(up).any(|k| {
                        tree.base_rel(k) == "aux"
                            && matches!(lw(k), "is" | "are" | "am" | "'s" | "'re")
                    }) =>
            {
                return Some((Mode::Planned, "to".into()));
            }
            // "denied that it would send troops", "denied a report that Putin had
            // sent a letter": what is denied is not asserted.
            "ccomp" | "acl" => {
                let denier = if tree.base_rel(c) == "acl" {
                    tree.head[up].filter(|_| CLAIM_NOUNS.contains(&lw(up)))
                } else {
                    Some(up)
                };
                if let Some(d) = denier.filter(|&d| DENY_VERBS.contains(&lw(d))) {
                    return Some((Mode::Negated, toks[d].text.clone()));
                }
                // "proposed that the two countries *sign* a treaty", "urged
                // that Seoul *stop*": what someone should do is proposed.
                if tree.base_rel(c) == "ccomp"
                    && crate::grammar::PROPOSAL_VERBS.contains(&lw(up))
                    && tree.is_mandative(toks, c)
                {
                    return Some((Mode::Planned, format!("{} that", toks[up].text)));
                }
                // "an offer *to send* envoys", "a plan to visit": what such a
                // noun's infinitive names is not yet done ("a refusal to
                // attend": not done at all). A decision or move to act is
                // told as the act.
                let infinitive =
                    tree.base_rel(c) == "acl" && tree.upos[up] == "NOUN" && to_infinitive();
                match infinitive.then(|| intent_noun(up)).flatten() {
                    Some(Some(told)) => return Some(told),
                    Some(None) => break,
                    None => {}
                }
                // "a report that Putin had sent *a letter proposing talks*": a
                // participle on a noun shares the scope of that noun's clause.
                // (A relative clause with a subject of its own is told on its
                // own: "has not lifted the sanctions *it imposed*".)
                let own_subject = tree.deprel[c] == "acl:relcl"
                    && tree
                        .children(c)
                        .any(|k| matches!(tree.base_rel(k), "nsubj" | "nsubj:pass"));
                if tree.base_rel(c) == "acl"
                    && denier.is_none()
                    && tree.upos[up] == "NOUN"
                    && !own_subject
                {
                    node = up;
                    continue;
                }
                break;
            }
            _ => break,
        }
    }
    None
}

/// Runs the mode stage.
pub fn run(doc: &mut Document) {
    // Triggers of intents (root 03: "agreed to", "pledged to"), by sentence:
    // an act they govern is what was promised, not yet done.
    let intents: Vec<(usize, usize, usize)> = doc
        .events
        .iter()
        .filter(|e| e.root() == "03")
        .filter_map(|e| {
            let s = &doc.sentences[e.sentence];
            let t = s.tree.as_ref().filter(|t| t.len() == s.tokens.len())?;
            Some((e.sentence, e.trigger_head(t), e.trigger_end))
        })
        .collect();
    for ev in &mut doc.events {
        let s = &doc.sentences[ev.sentence];
        let toks = &s.tokens;
        let from_tree = s
            .tree
            .as_ref()
            .filter(|t| t.len() == toks.len())
            .and_then(|t| {
                let h = ev.trigger_head(t);
                tree_mode(t, toks, h)
            });
        // "compensate the workers *rather than asking* the companies to pay",
        // "*instead of imposing* sanctions": the alternative set aside was not
        // done. (Read on the surface: the tagger often takes the -ing word
        // for an adjective there.)
        let t0 = ev.trigger_start;
        let set_aside = (t0 >= 2
            && matches!(
                (toks[t0 - 2].lower.as_str(), toks[t0 - 1].lower.as_str()),
                ("rather", "than") | ("instead", "of")
            ))
        .then(|| {
            (
                Mode::Negated,
                format!("{} {}", toks[t0 - 2].text, toks[t0 - 1].text),
            )
        });
        let (m, cue) = match set_aside.or(from_tree) {
            Some((m, cue)) => (m, Some(cue)),
            None => {
                let (m, cue) = mode_at(toks, ev.trigger_start);
                let first = s
                    .tree
                    .as_ref()
                    .filter(|t| m == Mode::Asserted && t.len() == toks.len())
                    .and_then(|t| borrowed_mode(t, toks, ev.trigger_head(t)));
                first.unwrap_or((m, cue))
            }
        };
        // "pledged to strengthen *security cooperation* with the US": the
        // pledge is the event (030); what it promises is planned.
        let promised = (m == Mode::Asserted && ev.root() != "03")
            .then(|| s.tree.as_ref().filter(|t| t.len() == toks.len()))
            .flatten()
            .and_then(|t| {
                let h = ev.trigger_head(t);
                intents.iter().find(|&&(si, i, end)| {
                    si == ev.sentence && i != h && ev.trigger_start >= end && t.dominates(i, h) && {
                        // Through the infinitive it takes, not a clause
                        // of its own ("agreed to talks *after* ...").
                        let mut x = h;
                        let mut ok = true;
                        while x != i {
                            let rel = t.base_rel(x);
                            let infinitive = rel == "advcl"
                                && t.children(x)
                                    .any(|k| t.base_rel(k) == "mark" && toks[k].lower == "to");
                            if !infinitive
                                && !matches!(rel, "xcomp" | "obj" | "nmod" | "compound" | "amod")
                            {
                                ok = false;
                                break;
                            }
                            x = t.head[x].unwrap_or(i);
                        }
                        ok
                    }
                })
            });
        let (m, cue) = match promised {
            Some(&(_, i, _)) => (Mode::Planned, Some(toks[i].text.clone())),
            None => (m, cue),
        };
        // A threat is made on its condition: "will attack if" threatens now.
        // So is a refusal on its negation: "will not apologise" refuses now.
        let (m, cue) = if ev.rule.ends_with(CONDITIONAL_THREAT) {
            (Mode::Asserted, cue)
        } else if ev.rule.ends_with(MODAL_REFUSAL) && m == Mode::Negated {
            (Mode::Asserted, None)
        } else {
            (m, cue)
        };
        // A negation the pattern spells itself is its meaning, not a denial of
        // it: "plead+ not guilty", "see+ no point in", "not go unanswered".
        // (Most rules spell none, and "not" holds "no": the rule is split
        // only when it has one of them somewhere.)
        let spelled: Vec<&str> = if ev.rule.contains("no") || ev.rule.contains("never") {
            ev.rule_words()
                .filter(|w| matches!(*w, "no" | "not" | "never"))
                .collect()
        } else {
            Vec::new()
        };
        let (m, cue) = match cue {
            Some(c) if m == Mode::Negated && spelled.contains(&c.to_lowercase().as_str()) => {
                (Mode::Asserted, None)
            }
            _ => (m, cue),
        };
        // So is a modal it spells: "would retaliate+" is a threat made
        // now, not an act to come.
        let (m, cue) = match cue {
            Some(c)
                if matches!(m, Mode::Planned | Mode::Hypothetical)
                    && c.split_whitespace().next().is_some_and(|w| {
                        let w = w.to_lowercase();
                        matches!(w.as_str(), "would" | "will") && ev.rule_words().any(|r| r == w)
                    }) =>
            {
                (Mode::Asserted, None)
            }
            _ => (m, cue),
        };
        // "held no formal talks": a "no" inside the pattern denies its noun.
        let denied = (ev.trigger_start + 1..ev.trigger_end.min(toks.len())).find(|&k| {
            !spelled.contains(&"no")
                && toks[k].lower == "no"
                && !matches!(toks[k - 1].text.as_str(), "\"" | "“" | "'")
                && toks
                    .get(k + 1)
                    .is_some_and(|n| n.text != "-" && n.lower != "longer")
        });
        // "Latvia was *preparing similar steps*": following suit, not yet.
        let preparing = ev.rule.starts_with("followed suit")
            && toks.get(ev.trigger_start).is_some_and(|t| {
                ["prepar", "consider"]
                    .iter()
                    .any(|p| t.lower.starts_with(p))
            });
        let (m, cue) = if preparing && m == Mode::Asserted {
            (Mode::Planned, Some(toks[ev.trigger_start].text.clone()))
        } else {
            (m, cue)
        };
        match denied {
            Some(k) if m == Mode::Asserted => {
                ev.mode = Mode::Negated;
                ev.mode_cue = Some(toks[k].text.clone());
            }
            _ => {
                ev.mode = m;
                ev.mode_cue = cue;
            }
        }
        // "a visit by Putin to Japan *next year*": an act told as a fact but
        // dated after the article is still to come.
        let later = ev
            .date
            .as_ref()
            .and_then(|d| d.first_day())
            .zip(doc.published)
            .is_some_and(|(d, p)| d > p);
        // (A verb in the past tense tells it as done, whatever the date.)
        let past = toks
            .get(ev.trigger_start)
            .is_some_and(|t| crate::grammar::is_past_form(&t.lower));
        if ev.mode == Mode::Asserted && later && !past {
            ev.mode = Mode::Planned;
            ev.mode_cue = ev.date_text.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(s: &str, trigger: &str) -> Mode {
        let t = crate::segment::tokenize(s, 0, s.len());
        let i = t.iter().position(|x| x.lower == trigger).unwrap();
        mode_at(&t, i).0
    }

    #[test]
    fn planned() {
        assert_eq!(
            mode(
                "Japan Prime Minister Shinzo Abe is likely to visit Russia on May 26",
                "visit"
            ),
            Mode::Planned
        );
        assert_eq!(
            mode("Putin will continue to back the cooperation", "back"),
            Mode::Asserted
        );
        assert_eq!(
            mode("Putin will back the cooperation", "back"),
            Mode::Planned
        );
        assert_eq!(
            mode(
                "The statement said Turkey would be moving into Northern Syria",
                "moving"
            ),
            Mode::Planned
        );
        assert_eq!(
            mode("He wishes to speak with Hu Jintao", "speak"),
            Mode::Planned
        );
        assert_eq!(
            mode("The minister is scheduled to meet his counterpart", "meet"),
            Mode::Planned
        );
        assert_eq!(mode("The envoy is to visit Seoul", "visit"), Mode::Planned);
    }

    #[test]
    fn hypothetical() {
        assert_eq!(
            mode(
                "Congo may be preparing to have its troops face those of Rwanda",
                "face"
            ),
            Mode::Hypothetical
        );
        assert_eq!(
            mode(
                "if we can't resolve it then I will be raising it with the White House",
                "raising"
            ),
            Mode::Hypothetical
        );
        assert_eq!(
            mode("China could impose sanctions", "impose"),
            Mode::Hypothetical
        );
        // A one-word aside between the modal and its verb keeps the clause.
        assert_eq!(
            mode("Finland should, first, insist that China explain", "insist"),
            Mode::Hypothetical
        );
        assert_eq!(
            mode("Will Japan sanction Russia?", "sanction"),
            Mode::Hypothetical
        );
    }

    #[test]
    fn negated() {
        assert_eq!(
            mode("Japan did not sanction Russia", "sanction"),
            Mode::Negated
        );
        assert_eq!(mode("Iran has never attacked", "attacked"), Mode::Negated);
        assert_eq!(
            mode(
                "The ban is not part of any broader plan to increase sanctions on Iran",
                "increase"
            ),
            Mode::Negated
        );
        assert_eq!(
            mode(
                "Japan did not hesitate in increasing economic cooperation",
                "increasing"
            ),
            Mode::Asserted
        );
    }

    #[test]
    fn asserted() {
        assert_eq!(
            mode("In 2016, Japan agreed to give Russia assistance", "give"),
            Mode::Asserted
        );
        assert_eq!(mode("Russia annexed Crimea", "annexed"), Mode::Asserted);
        assert_eq!(
            mode("the intrusion was due to a technical error", "error"),
            Mode::Asserted
        );
    }
}
