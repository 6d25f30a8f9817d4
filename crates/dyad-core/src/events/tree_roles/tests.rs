//! Unit tests of reading sides off a tree. The trees are written by hand, so
//! what is tested is the reading, not the parser.

use super::*;
use crate::events::unit_tests::{matched, sentence, tree};

/// A sentence's tokens, actors and hand-written tree, read together.
struct Case {
    toks: Vec<Token>,
    actors: Vec<ActorMention>,
    usable: Vec<usize>,
    tree: DepTree,
}

impl Case {
    fn new(text: &str, spec: &str) -> Case {
        let (toks, actors) = sentence(text);
        let usable = crate::events::usable_mentions(&actors);
        Case {
            toks,
            actors,
            usable,
            tree: tree(spec),
        }
    }

    fn roles(&self) -> Roles<'_> {
        Roles::new(&self.tree, &self.toks, &self.actors, &self.usable).expect("tree fits")
    }

    fn text(&self, i: Option<usize>) -> Option<&str> {
        i.map(|i| self.actors[i].text.as_str())
    }

    /// The tree's sides of the trigger headed by `h`, with the texts of its source and target.
    fn sides(&self, h: usize) -> (TreeSides, Option<&str>, Option<&str>) {
        let s = self.roles().sides(h);
        let (src, tgt) = (self.text(s.source), self.text(s.target));
        (s, src, tgt)
    }

    fn texts(&self, idx: &[usize]) -> Vec<&str> {
        idx.iter().map(|&i| self.actors[i].text.as_str()).collect()
    }
}

fn condemned() -> Case {
    Case::new(
        "Japan condemned the launch by North Korea.",
        "1/nsubj/PROPN -/root/VERB 3/det/DET 1/obj/NOUN 6/case/ADP 6/compound/PROPN 3/nmod/PROPN 1/punct/PUNCT",
    )
}

/// "Seoul signed the deal without notifying Tokyo."
fn without() -> Case {
    Case::new(
        "Seoul signed the deal without notifying Tokyo.",
        "1/nsubj/PROPN -/root/VERB 3/det/DET 1/obj/NOUN 5/mark/SCONJ 1/advcl/VERB 5/obj/PROPN 1/punct/PUNCT",
    )
}

#[test]
fn a_tree_of_other_tokens_is_not_read() {
    let c = condemned();
    let short = tree("-/root/VERB");
    assert!(Roles::new(&short, &c.toks, &c.actors, &c.usable).is_none());
}

#[test]
fn an_active_verbs_subject_is_the_source_and_its_objects_actor_the_target() {
    let c = condemned();
    let s = c.roles().sides(1);
    assert!(s.verbal && !s.passive && !s.borrowed && !s.unknown_subject);
    assert_eq!(c.text(s.source), Some("Japan"));
    // The object "the launch" names no actor; its by-phrase does.
    assert_eq!(c.text(s.target), Some("North Korea"));
    assert_eq!(s.source_arc, "nsubj of \"condemned\"");
    assert_eq!(s.target_arc, "obj of \"condemned\"");
}

#[test]
fn an_event_noun_takes_its_source_from_its_by_phrase() {
    let c = condemned();
    let s = c.roles().sides(3);
    assert!(!s.verbal);
    assert_eq!(c.text(s.source), Some("North Korea"));
    assert_eq!(s.target, None);
}

#[test]
fn a_passive_reads_the_agent_as_source_and_the_subject_as_target() {
    let c = Case::new(
        "Japan was attacked by Russia.",
        "2/nsubj:pass/PROPN 2/aux:pass/AUX -/root/VERB 4/case/ADP 2/obl:agent/PROPN 2/punct/PUNCT",
    );
    let s = c.roles().sides(2);
    assert!(s.passive);
    assert_eq!(
        (c.text(s.source), c.text(s.target)),
        (Some("Russia"), Some("Japan"))
    );
    assert_eq!(s.source_arc, "obl:agent of \"attacked\"");
}

#[test]
fn a_relative_clauses_subject_is_the_noun_it_modifies() {
    let c = Case::new(
        "Russia, which attacked Ukraine, lost.",
        "6/nsubj/PROPN 0/punct/PUNCT 3/nsubj/PRON 0/acl:relcl/VERB 3/obj/PROPN 0/punct/PUNCT -/root/VERB 6/punct/PUNCT",
    );
    let (s, source, target) = c.sides(3);
    assert_eq!((source, target), (Some("Russia"), Some("Ukraine")));
    assert!(s.source_arc.ends_with("(relative clause's noun)"));
}

#[test]
fn a_subjectless_adverbial_clause_borrows_the_main_subject_weakly() {
    let c = without();
    let (s, source, target) = c.sides(5);
    assert_eq!((source, target), (Some("Seoul"), Some("Tokyo")));
    assert!(s.borrowed);
}

#[test]
fn coordinated_verbs_share_their_subject_fully() {
    let c = Case::new(
        "Japan condemned and sanctioned Russia.",
        "1/nsubj/PROPN -/root/VERB 3/cc/CCONJ 1/conj/VERB 3/obj/PROPN 1/punct/PUNCT",
    );
    let (s, source, target) = c.sides(3);
    assert_eq!((source, target), (Some("Japan"), Some("Russia")));
    assert!(!s.borrowed);
}

#[test]
fn a_past_tense_hung_on_an_infinitive_shares_the_governing_verbs_subject() {
    // The parser coordinates "spoke" with "reconsider"; the form says otherwise.
    let spec = "1/nsubj/PROPN -/root/VERB 1/obj/PROPN 4/mark/PART 1/xcomp/VERB 6/cc/CCONJ 4/conj/VERB 8/case/ADP 6/obl/PROPN 1/punct/PUNCT";
    let c = Case::new(
        "Britain urged Japan to reconsider and spoke with China.",
        spec,
    );
    assert_eq!(c.sides(6).1, Some("Britain"));
    // A bare infinitive conjunct is the object's act, as the parser says.
    let c = Case::new(
        "Britain urged Japan to reconsider and talk with China.",
        spec,
    );
    assert_eq!(c.sides(6).1, Some("Japan"));
}

#[test]
fn a_subject_that_names_no_actor_makes_the_source_unknown() {
    let c = Case::new(
        "Crowds burned the embassy of Japan.",
        "1/nsubj/NOUN -/root/VERB 3/det/DET 1/obj/NOUN 5/case/ADP 3/nmod/PROPN 1/punct/PUNCT",
    );
    let s = c.roles().sides(1);
    assert_eq!(s.source, None);
    assert!(s.unknown_subject);
    assert_eq!(c.text(s.target), Some("embassy of Japan"));
}

#[test]
fn targets_come_from_the_triggers_own_clause_and_sources_from_those_it_borrows_from() {
    let c = without();
    let r = c.roles();
    // "signed": Tokyo is in the without-clause, another event.
    assert_eq!(
        c.texts(&r.allowed_targets(&matched(1, 2, Some(1)))),
        Vec::<&str>::new()
    );
    assert_eq!(c.texts(&r.allowed_sources(1)), ["Seoul"]);
    // "notifying": its own object, and the subject it borrows.
    assert_eq!(
        c.texts(&r.allowed_targets(&matched(5, 6, Some(5)))),
        ["Tokyo"]
    );
    assert_eq!(c.texts(&r.allowed_sources(5)), ["Seoul", "Tokyo"]);
}

#[test]
fn a_purpose_clause_is_a_complement_the_target_may_sit_in() {
    let c = Case::new(
        "Russia signed an accord to supply Japan.",
        "1/nsubj/PROPN -/root/VERB 3/det/DET 1/obj/NOUN 5/mark/PART 1/advcl/VERB 5/obj/PROPN 1/punct/PUNCT",
    );
    let r = c.roles();
    assert_eq!(
        c.texts(&r.allowed_targets(&matched(1, 2, Some(1)))),
        ["Japan"]
    );
}

/// "X verbed Y prep doing Z.": a clause hung from the verb as adverbial.
const VERB_OBJ_ADVCL: &str =
    "1/nsubj/PROPN -/root/VERB 1/obj/PROPN 4/mark/SCONJ 1/advcl/VERB 4/obj/PROPN 1/punct/PUNCT";

#[test]
fn warned_against_or_accused_of_doing_is_an_averted_act() {
    let c = Case::new(
        "Russia warned Japan against supplying Ukraine.",
        VERB_OBJ_ADVCL,
    );
    let r = c.roles();
    assert_eq!(r.averted_by(4), Some("against"));
    assert_eq!(r.averted_by(1), None);
    let c = Case::new("Russia accused Japan of helping Ukraine.", VERB_OBJ_ADVCL);
    assert_eq!(c.roles().averted_by(4), Some("of"));
    // "of" averts only under an accusation.
    let c = Case::new("Russia told Japan of helping Ukraine.", VERB_OBJ_ADVCL);
    assert_eq!(c.roles().averted_by(4), None);
    // A relative clause on the accused act's object is part of the charge.
    let c = Case::new(
        "Russia accused Japan of arming rebels who attack Ukraine.",
        "1/nsubj/PROPN -/root/VERB 1/obj/PROPN 4/mark/SCONJ 1/advcl/VERB 4/obj/NOUN 7/nsubj/PRON 5/acl:relcl/VERB 7/obj/PROPN 1/punct/PUNCT",
    );
    assert_eq!(c.roles().averted_by(7), Some("of"));
}

#[test]
fn conjuncts_are_every_member_of_the_coordinated_noun_phrase() {
    let c = Case::new(
        "Japan, China and Russia met.",
        "5/nsubj/PROPN 2/punct/PUNCT 0/conj/PROPN 4/cc/CCONJ 0/conj/PROPN -/root/VERB 5/punct/PUNCT",
    );
    let r = c.roles();
    let all = ["Japan", "China", "Russia"];
    assert_eq!(c.texts(&r.conjuncts(1)), all);
    assert_eq!(c.texts(&r.conjuncts(0)), all);
    let single = condemned();
    assert!(single.roles().conjuncts(0).is_empty());
}

#[test]
fn mention_in_prefers_possessors_and_skips_venues() {
    let c = Case::new(
        "Japan signed a deal in Minsk with Russia.",
        "1/nsubj/PROPN -/root/VERB 3/det/DET 1/obj/NOUN 5/case/ADP 3/nmod/PROPN 7/case/ADP 3/nmod/PROPN 1/punct/PUNCT",
    );
    let r = c.roles();
    // Minsk is where: the deal's actor is Russia.
    assert_eq!(c.text(r.mention_in(3)), Some("Russia"));
    assert_eq!(c.text(r.mention_in(5)), Some("Minsk"));
}

#[test]
fn the_trigger_head_is_the_patterns_verb_else_the_spans_head() {
    let c = condemned();
    let r = c.roles();
    assert_eq!(r.trigger_head(&matched(0, 4, Some(1))), 1);
    assert_eq!(r.trigger_head(&matched(2, 4, None)), 3);
}

#[test]
fn a_trailing_attribution_parsed_as_a_conjunct_has_its_own_subject() {
    // The parser's reading of ", the news agency said": "said" a conjunct of
    // "welcomed" with no "and", the agency hung elsewhere.
    let c = Case::new(
        "Japan welcomed the talks, the news agency said.",
        "1/nsubj/PROPN -/root/VERB 3/det/DET 1/obj/NOUN 7/punct/PUNCT 6/det/DET 7/compound/NOUN 1/parataxis/PROPN 1/conj/VERB 1/punct/PUNCT",
    );
    let s = c.roles().sides(8);
    // The agency (an actor of its own, through the article's country), not Japan.
    assert_eq!(c.text(s.source), Some("the news agency"));
    assert!(!s.borrowed);
}

#[test]
fn an_agent_phrase_makes_a_clause_passive_even_with_be_read_as_a_copula() {
    let c = Case::new(
        "Japan was opposed by China.",
        "2/nsubj/PROPN 2/cop/AUX -/root/VERB 4/case/ADP 2/obl:agent/PROPN 2/punct/PUNCT",
    );
    let (s, source, target) = c.sides(2);
    assert!(s.passive);
    assert_eq!((source, target), (Some("China"), Some("Japan")));
}

#[test]
fn what_a_phrase_is_about_is_not_its_actor() {
    let c = Case::new(
        "Tokyo criticised remarks on Taiwan.",
        "1/nsubj/PROPN -/root/VERB 1/obj/NOUN 4/case/ADP 2/nmod/PROPN 1/punct/PUNCT",
    );
    let (_, source, target) = c.sides(1);
    assert_eq!((source, target), (Some("Tokyo"), None));
    let c = Case::new(
        "Tokyo criticised remarks by Taiwan.",
        "1/nsubj/PROPN -/root/VERB 1/obj/NOUN 4/case/ADP 2/nmod/PROPN 1/punct/PUNCT",
    );
    let (_, source, target) = c.sides(1);
    assert_eq!((source, target), (Some("Tokyo"), Some("Taiwan")));
}

#[test]
fn where_one_arrives_is_the_target_and_where_one_speaks_is_not() {
    let tree = "3/nmod:poss/PROPN 0/case/PART 3/amod/ADJ 4/nsubj/NOUN -/root/VERB 6/case/ADP 4/obl/PROPN 4/punct/PUNCT";
    let c = Case::new("Brazil's foreign minister arrived in Beijing.", tree);
    let (s, source, target) = c.sides(4);
    assert_eq!(
        (source, target),
        (Some("Brazil's foreign minister"), Some("Beijing"))
    );
    assert_eq!(
        s.target_arc,
        "obl of \"arrived\" (where the subject arrives)"
    );
    let c = Case::new("Brazil's foreign minister spoke in Beijing.", tree);
    let (_, _, target) = c.sides(4);
    assert_eq!(target, None);
}

#[test]
fn a_he_whom_no_one_named_is_an_unknown_subject() {
    let c = Case::new(
        "In Japan, he criticised China.",
        "1/case/ADP 4/obl/PROPN 4/punct/PUNCT 4/nsubj/PRON -/root/VERB 4/obj/PROPN 4/punct/PUNCT",
    );
    let (s, source, target) = c.sides(4);
    assert!(s.unknown_subject);
    assert_eq!((source, target), (None, Some("China")));
}

#[test]
fn a_reporting_verbs_object_right_before_its_reported_verb_is_that_verbs_subject() {
    let c = Case::new(
        "He said government proposed talks with China.",
        "1/nsubj/PRON -/root/VERB 1/obj/NOUN 1/ccomp/VERB 3/obj/NOUN 6/case/ADP 3/obl/PROPN 1/punct/PUNCT",
    );
    let (s, source, _) = c.sides(3);
    assert!(s.unknown_subject);
    assert_eq!(source, None);
    assert_eq!(s.source_arc, "obj of \"said\" (subject of the report)");
}
