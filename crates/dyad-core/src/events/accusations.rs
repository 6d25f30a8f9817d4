//! Accusations told as reports: "Moscow *said* the Ukrainian boats had
//! illegally crossed the border", "the ministry *claimed* Chinese ships had
//! rammed the trawler".
//!
//! A state that says another used force against it or others is accusing it,
//! whether or not the act happened as told; GDELT and ICEWS code such a
//! statement as an accusation (CAMEO 112) by the speaker, beside the act
//! itself. The reported act keeps its own event; the accusation is added,
//! aimed at whoever the report says acted.

use crate::document::{Document, Event, Mode, Token};
use crate::lexicon::Lexicon;
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

/// Adds the speaker's accusation for each act of force told as done in a
/// report by a state other than the actor.
pub fn run(doc: &mut Document, lex: &Lexicon) {
    let Some(info) = lex.code(ACCUSE) else {
        return;
    };
    let mut added: Vec<(usize, Event)> = Vec::new();
    for (i, ev) in doc.events.iter().enumerate() {
        if !CHARGED_ROOTS.contains(&ev.root()) {
            continue;
        }
        let s = &doc.sentences[ev.sentence];
        let Some(tree) = s.tree.as_ref().filter(|t| t.len() == s.tokens.len()) else {
            continue;
        };
        let Some(r) = charging_verb(tree, &s.tokens, ev.trigger_head(tree)) else {
            continue;
        };
        // The speaker: the reporting verb's subject, a state's actor named
        // here, not the accused's own side.
        let Some(subj) = tree.child(r, &["nsubj"]) else {
            continue;
        };
        let Some(speaker) = s.actors.iter().find(|m| {
            m.start <= subj
                && subj < m.end
                && !m.attached
                // (Named, not an agent whose state was guessed: "officials
                // said" is no state's charge.)
                && !m.how.contains('→')
                && crate::actors::is_state(&m.country)
                && m.country != ev.source.country
        }) else {
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
        added.push((
            i + 1,
            Event {
                sentence: ev.sentence,
                source: super::actor(speaker, ev.sentence),
                target: ev.source.clone(),
                cameo: ACCUSE.to_string(),
                goldstein: info.goldstein,
                quad_class: info.quad_class,
                trigger_start: r,
                trigger_end: r + 1,
                rule: format!(
                    "{} (reported by '{}': an accusation)",
                    ev.rule, s.tokens[r].text
                ),
                date: None,
                date_text: None,
                mode: Mode::Asserted,
                mode_cue: None,
                arcs: None,
            },
        ));
    }
    // (After the act each accuses, in order.)
    for (at, ev) in added.into_iter().rev() {
        doc.events.insert(at, ev);
    }
}
