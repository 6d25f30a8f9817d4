//! Refusals told as a negated will: "Milei *will not apologise*", "Croatia
//! said it *would not implement* the ruling", "Colombia *does not negotiate*
//! under threat", "Moscow *won't talk* to Kyiv".
//!
//! A diplomatic or cooperative act (CAMEO roots 03-06), or compliance with a
//! ruling (080), denied with a modal or a present
//! "does not" is not a report that the act failed to happen: it is the
//! actor's stand, taken now, against doing it, which CAMEO codes as a
//! rejection (12: "refuse, decline"), the way it codes "refused to
//! apologise". A past or perfect denial ("did not attend", "has not lifted
//! its ban") still tells what did not happen and stays a negated act of its
//! own root; so does anything under a condition ("if Moscow will not talk").

use crate::document::{Document, Token};
use crate::lexicon::Lexicon;

use super::recode;

// Appended to a refusal's rule; the mode stage reads it (the negation is the
// refusal itself, which is asserted).
use crate::document::rule_notes::MODAL_REFUSAL;

/// The rejection a refusal of an act of root `code` is: CAMEO 125 rejects a
/// proposal to meet or negotiate, 121 material cooperation, 127 a plan or
/// agreement, 128 defies a ruling ("will not implement the award"); 120 the
/// rest. Aid and concessions (07, 08) withheld "until"
/// something changes read as acts not done ("would not withdraw its forces
/// until"), and stay negated.
fn refusal_code(code: &str) -> Option<&'static str> {
    Some(match code.get(..2)? {
        "04" => "125",
        "06" => "121",
        "05" if code.starts_with("057") => "127",
        "08" if code == "080" => "128",
        "03" | "05" => "120",
        _ => return None,
    })
}

/// Adverbs that may sit between the negation and the verb ("will not
/// *simply* accept", "would never *again* negotiate").
const BETWEEN: &[&str] = &[
    "ever",
    "simply",
    "again",
    "formally",
    "officially",
    "now",
    "yet",
];

/// Whether the trigger at `t` is negated by a modal or present "do" right
/// before it: "will not", "would never", "won't", "cannot", "does not".
fn modal_negation_before(toks: &[Token], t: usize) -> bool {
    let lw = |k: usize| toks[k].lower.as_str();
    let mut k = t;
    while k > 0 && BETWEEN.contains(&lw(k - 1)) {
        k -= 1;
    }
    if k == 0 {
        return false;
    }
    if lw(k - 1) == "cannot" {
        return true;
    }
    if !matches!(lw(k - 1), "not" | "n't" | "never") || k < 2 {
        return false;
    }
    matches!(
        lw(k - 2),
        "will" | "would" | "wo" | "'ll" | "shall" | "can" | "ca" | "does" | "do"
    )
}

/// Recodes each cooperative act refused with a negated will as the
/// rejection it is.
pub fn run(doc: &mut Document, lex: &Lexicon) {
    for ev in &mut doc.events {
        let Some(code) = refusal_code(&ev.cameo) else {
            continue;
        };
        let toks = &doc.sentences[ev.sentence].tokens;
        let t = ev.trigger_start;
        if t >= toks.len() || !modal_negation_before(toks, t) {
            continue;
        }
        // A pattern that spells its own negation means it ("not rule+ out").
        if ev.rule_words().any(crate::grammar::negates) {
            continue;
        }
        if toks[..t]
            .iter()
            .any(|w| matches!(w.lower.as_str(), "if" | "unless"))
        {
            continue;
        }
        let note = format!("a refusal: will not {} → {code}", ev.cameo);
        if recode(ev, lex, code, &note) {
            ev.rule.push(' ');
            ev.rule.push_str(MODAL_REFUSAL);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn negated_will(s: &str, trigger: &str) -> bool {
        let t = crate::segment::tokenize(s, 0, s.len());
        let i = t.iter().position(|x| x.lower == trigger).unwrap();
        modal_negation_before(&t, i)
    }

    #[test]
    fn a_modal_or_present_negation_refuses() {
        assert!(negated_will("Milei will not apologise", "apologise"));
        assert!(negated_will("Moscow won't negotiate", "negotiate"));
        assert!(negated_will(
            "Seoul would never again negotiate",
            "negotiate"
        ));
        assert!(negated_will(
            "Colombia does not negotiate under threat",
            "negotiate"
        ));
        assert!(negated_will("Sweden cannot accept it", "accept"));
    }

    #[test]
    fn a_past_denial_does_not() {
        assert!(!negated_will("Ethiopia did not attend the talks", "attend"));
        assert!(!negated_will("India has not lifted its ban", "lifted"));
        assert!(!negated_will("Tokyo will attend the talks", "attend"));
    }

    #[test]
    fn codes_follow_the_refused_act() {
        assert_eq!(refusal_code("046"), Some("125"));
        assert_eq!(refusal_code("055"), Some("120"));
        assert_eq!(refusal_code("057"), Some("127"));
        assert_eq!(refusal_code("0871"), None);
        assert_eq!(refusal_code("080"), Some("128"));
        assert_eq!(refusal_code("190"), None);
    }
}
