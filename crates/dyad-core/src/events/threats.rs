//! Conditional threats: "if Turkey does anything off limits, I *will destroy*
//! its economy", "China *will attack* Taiwan if it declares independence".
//!
//! A use of force or a sanction promised on a condition has not happened; what
//! has happened is the threat. CAMEO codes it in root 13 (GDELT and PETRARCH
//! code "threatened to attack" as 138, "threatened sanctions" as 1312), so the
//! consequent of an `if`/`unless` clause in the future becomes the matching
//! threat, asserted, and the rule that fired says so.

use crate::document::{Document, Token};
use crate::lexicon::Lexicon;
use crate::tree::DepTree;

// (The same threat a warning's content is: "warned it would attack".)
use super::threat_code;

// Appended to an event's rule when it was recoded as a conditional threat;
// the mode stage reads it (the condition is the threat's, not a doubt).
use crate::document::rule_notes::CONDITIONAL_THREAT;

/// Whether the clause of `h` is the future consequent of a condition: it has
/// "will"/"would" and an `if`/`unless` clause of its own, and no negation.
fn conditional_future(tree: &DepTree, toks: &[Token], h: usize) -> bool {
    let c = tree.clause_of(h);
    let lw = |k: usize| toks[k].lower.as_str();
    let mut future = false;
    let mut condition = false;
    // "If Turkey does anything ..., I will destroy": the parser may hang a
    // fronted condition on the clause above, beside its consequent.
    let is_condition = |k: usize| {
        tree.base_rel(k) == "advcl"
            && tree
                .children(k)
                .any(|m| tree.base_rel(m) == "mark" && matches!(lw(m), "if" | "unless"))
    };
    if let Some(up) = tree.head[c].filter(|_| tree.base_rel(c) == "parataxis") {
        condition = tree.children(up).any(|k| k < c && is_condition(k));
    }
    for k in tree.children(c) {
        match tree.base_rel(k) {
            "aux" if matches!(lw(k), "will" | "would" | "'ll" | "shall" | "'d") => future = true,
            "advmod" if crate::grammar::negates(lw(k)) => return false,
            "advcl" => condition |= is_condition(k),
            _ => {}
        }
    }
    future && condition
}

/// Recodes each promised act of force or sanction as the threat it is.
pub fn run(doc: &mut Document, lex: &Lexicon) {
    for ev in &mut doc.events {
        let Some(code) = threat_code(&ev.cameo) else {
            continue;
        };
        let s = &doc.sentences[ev.sentence];
        let Some(tree) = s.tree.as_ref().filter(|t| t.len() == s.tokens.len()) else {
            continue;
        };
        let h = ev.trigger_head(tree);
        if !conditional_future(tree, &s.tokens, h) {
            continue;
        }
        let Some(info) = lex.code(code) else { continue };
        ev.cameo = code.to_string();
        ev.goldstein = info.goldstein;
        ev.quad_class = info.quad_class;
        ev.rule = format!("{} {CONDITIONAL_THREAT}", ev.rule);
    }
}
