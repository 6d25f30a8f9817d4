//! Unit tests of the events stage's surface helpers, on sentences whose
//! actors the actors stage found, so every mention span is a real one.
//! Declared from `events.rs` under another name, as it already has an inline
//! `tests` module.

use super::*;
use crate::actors::testing::article;

/// The tokens and actors of a one-sentence article.
pub(super) fn sentence(text: &str) -> (Vec<Token>, Vec<ActorMention>) {
    let mut doc = article("2018-05-26", text);
    assert_eq!(doc.sentences.len(), 1, "one sentence: {text}");
    let s = doc.sentences.remove(0);
    (s.tokens, s.actors)
}

/// A pattern match over tokens `[start, end)` with its head word.
pub(super) fn matched(start: usize, end: usize, head: Option<usize>) -> PatternMatch {
    PatternMatch {
        pattern: 0,
        start,
        end,
        head,
        target: None,
        source: None,
    }
}

/// A tree from one `head/relation/UPOS` per token, head `-` for the root.
pub(super) fn tree(spec: &str) -> DepTree {
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    let (mut head, mut rel, mut upos) = (Vec::new(), Vec::new(), Vec::new());
    for t in spec.split_whitespace() {
        let p: Vec<&str> = t.split('/').collect();
        head.push(p[0].parse().ok());
        rel.push(leak(p[1]));
        upos.push(leak(p[2]));
    }
    DepTree::new(head, rel, upos)
}

/// The text of each usable mention, by index.
fn texts<'a>(actors: &'a [ActorMention], idx: &[usize]) -> Vec<&'a str> {
    idx.iter().map(|&i| actors[i].text.as_str()).collect()
}

#[test]
fn attached_and_countryless_mentions_are_never_sides() {
    let (_, a) = sentence("The Japanese ambassador to China met officials.");
    assert_eq!(
        texts(&a, &(0..a.len()).collect::<Vec<_>>()),
        ["Japanese ambassador", "China", "officials"]
    );
    assert_eq!(usable_mentions(&a), [0, 2]);
}

#[test]
fn mention_ends_marks_where_each_usable_mention_starts() {
    let (t, a) = sentence("Japan and South Korea met.");
    assert_eq!(
        mention_ends(&a, t.len()),
        [Some(1), None, Some(4), None, None, None]
    );
}

#[test]
fn a_refusal_governs_the_infinitive_right_after_it() {
    let (t, _) = sentence("Russia refused to attack and wanted to talk.");
    assert!(refused_before(&t, 3));
    assert!(!refused_before(&t, 7));
    assert!(!refused_before(&t, 1));
}

#[test]
fn a_threat_of_force_is_coded_by_what_it_threatens() {
    assert_eq!(threat_code("190"), Some("1384"));
    assert_eq!(threat_code("193"), Some("1384"));
    assert_eq!(threat_code("192"), Some("1382"));
    assert_eq!(threat_code("1721"), Some("132"));
    assert_eq!(threat_code("163"), Some("1312"));
    assert_eq!(threat_code("161"), Some("1313"));
    assert_eq!(threat_code("150"), Some("138"));
    assert_eq!(threat_code("042"), None);
    assert_eq!(threat_code("130"), None);
}

#[test]
fn warned_content_without_a_tree_needs_a_future_auxiliary_close_by() {
    let (t, _) = sentence("Russia warned that it would attack Japan.");
    assert_eq!(warned_content(&t, None, 5), Some(1));
    let (t, _) = sentence("Russia warned that it would, too, attack Japan.");
    assert_eq!(warned_content(&t, None, 8), None);
    let (t, _) = sentence("Russia said that it would attack Japan.");
    assert_eq!(warned_content(&t, None, 5), None);
}

#[test]
fn warned_content_with_a_tree_follows_the_complement_up_to_the_warning() {
    let (t, _) = sentence("Russia warned that it would attack Japan.");
    // Russia warned that it would attack Japan .
    let tr = tree("1/nsubj/PROPN -/root/VERB 5/mark/SCONJ 5/nsubj/PRON 5/aux/AUX 1/ccomp/VERB 5/obj/PROPN 1/punct/PUNCT");
    assert_eq!(warned_content(&t, Some(&tr), 5), Some(1));
    // Without a future auxiliary the content is reported, not threatened.
    let (t, _) = sentence("Russia warned that it attacked Japan.");
    let tr = tree("1/nsubj/PROPN -/root/VERB 4/mark/SCONJ 4/nsubj/PRON 1/ccomp/VERB 4/obj/PROPN 1/punct/PUNCT");
    assert_eq!(warned_content(&t, Some(&tr), 4), None);
    // A tree that does not fit the tokens is not read.
    let (t, _) = sentence("Russia warned that it would attack Japan.");
    assert_eq!(warned_content(&t, Some(&tr), 5), Some(1));
}

#[test]
fn passives_by_be_and_reduced_passives_with_an_agent() {
    let (t, a) = sentence("Japan was attacked by Russia.");
    let at = mention_ends(&a, t.len());
    assert!(is_passive(&t, 2, 3, &at));
    let (t, a) = sentence("Sanctions imposed by Russia hurt Japan.");
    let at = mention_ends(&a, t.len());
    assert!(is_passive(&t, 1, 2, &at));
    // An actor right before the verb is its subject: the "by" belongs to the object.
    let (t, a) = sentence("Japan opened an inquiry into crimes by Russia.");
    let at = mention_ends(&a, t.len());
    assert!(!is_passive(&t, 1, 2, &at));
    let (t, a) = sentence("Japan is attacking Russia.");
    let at = mention_ends(&a, t.len());
    assert!(!is_passive(&t, 2, 3, &at));
}

#[test]
fn the_by_phrase_skips_determiners_and_members_of() {
    let (t, a) = sentence("Japan was attacked by members of NATO.");
    let u = usable_mentions(&a);
    assert_eq!(
        by_phrase(&t, 3, &u, &a).map(|i| a[i].text.as_str()),
        Some("NATO")
    );
    let (t, a) = sentence("Japan was attacked; Russia denied it by Monday.");
    let u = usable_mentions(&a);
    assert_eq!(by_phrase(&t, 3, &u, &a), None);
}

#[test]
fn the_target_is_the_first_actor_after_the_head_not_of_the_sources_country() {
    let (t, a) = sentence("Russia attacked Russian and Ukrainian positions.");
    let u = usable_mentions(&a);
    let m = matched(1, 2, Some(1));
    let got = find_target(&t, &a, &u, &m, &["RUS"], "19").map(|i| a[i].code.as_str());
    assert_eq!(got, Some("UKR"));
}

#[test]
fn a_place_is_where_not_whom_unless_a_strike_lands_there() {
    let (t, a) = sentence("Russia fought Turkish troops in Syria.");
    let u = usable_mentions(&a);
    let m = matched(1, 2, Some(1));
    let got = find_target(&t, &a, &u, &m, &["RUS"], "04").map(|i| a[i].text.as_str());
    assert_eq!(got, Some("Turkish troops"));
    let (t, a) = sentence("Russia met in Syria.");
    let u = usable_mentions(&a);
    assert_eq!(find_target(&t, &a, &u, &m, &["RUS"], "04"), None);
    // Strikes "on targets in Syria" hit Syria.
    let (t, a) = sentence("Russia struck targets in Syria.");
    let u = usable_mentions(&a);
    assert_eq!(find_target(&t, &a, &u, &m, &["RUS"], "04"), None);
    let got = find_target(&t, &a, &u, &m, &["RUS"], "18").map(|i| a[i].text.as_str());
    assert_eq!(got, Some("Syria"));
}

#[test]
fn a_by_phrase_right_after_an_active_pattern_is_not_its_target() {
    let (t, a) = sentence("Japan was praised by Russia.");
    let u = usable_mentions(&a);
    assert_eq!(
        find_target(&t, &a, &u, &matched(1, 3, Some(2)), &[], "05"),
        None
    );
}

#[test]
fn the_possessor_or_a_modifying_state_owns_an_event_noun() {
    let (t, a) = sentence("Russia's invasion of Ukraine failed.");
    let u = usable_mentions(&a);
    assert_eq!(
        possessor(&t, &a, &u, 2, true, None).map(|i| a[i].text.as_str()),
        Some("Russia")
    );
    let (t, a) = sentence("The Chinese naval incursion angered Japan.");
    let u = usable_mentions(&a);
    assert_eq!(
        possessor(&t, &a, &u, 3, true, None).map(|i| a[i].text.as_str()),
        Some("Chinese")
    );
    // Only a noun looks past adjectives.
    assert_eq!(possessor(&t, &a, &u, 3, false, None), None);
    // A state the subject is in is no modifier.
    let (t, a) = sentence("The embassy in Tokyo protests angered Japan.");
    let u = usable_mentions(&a);
    assert_eq!(possessor(&t, &a, &u, 4, true, None), None);
}

#[test]
fn the_subject_is_the_nearest_actor_on_the_left_outside_a_prepositional_phrase() {
    let (t, a) = sentence("Japan, after talks with Russia, attacked Ukraine.");
    let u = usable_mentions(&a);
    let got = subject(&t, &a, &u, 7, &HashSet::default()).map(|i| a[i].text.as_str());
    assert_eq!(got, Some("Japan"));
    // One already used as a target is passed over.
    let (t, a) = sentence("Japan met Russia and attacked Ukraine.");
    let u = usable_mentions(&a);
    let used: HashSet<usize> = [1].into_iter().collect();
    assert_eq!(
        subject(&t, &a, &u, 4, &used).map(|i| a[i].text.as_str()),
        Some("Japan")
    );
    assert_eq!(
        subject(&t, &a, &u, 4, &HashSet::default()).map(|i| a[i].text.as_str()),
        Some("Russia")
    );
}

#[test]
fn a_light_verb_makes_an_event_noun_an_act() {
    let (t, _) = sentence("Japan imposed new sanctions after the sanctions talks.");
    assert!(light_verb_before(&t, 3));
    assert!(!light_verb_before(&t, 6));
}

#[test]
fn an_appeal_verb_governs_its_object() {
    let (t, _) = sentence("Japan urged the embassy to leave, and met Russia to talk.");
    assert!(governed_by_appeal(&t, 2));
    assert!(!governed_by_appeal(&t, 8));
}

#[test]
fn a_group_side_is_one_mention_per_country_and_tree_conjuncts_widen_it() {
    let (_, a) = sentence("Japan, South Korea and Seoul met China.");
    assert_eq!(texts(&a, &group_of(&a, 1)), ["Japan", "South Korea"]);
    assert_eq!(group_of(&a, 3), [3]);
    // Seoul is South Korea again: one mention per country.
    let widened = with_conjuncts(&a, vec![0, 1], vec![3, 2]);
    assert_eq!(texts(&a, &widened), ["Japan", "South Korea", "China"]);
}

#[test]
fn target_search_stops_at_clause_words_not_at_and() {
    let (t, _) = sentence("Japan left but Russia stayed and China");
    assert!(stops_target_search(&t, 2));
    assert!(!stops_target_search(&t, 5));
    // Brackets stop it, unless they hold an abbreviation.
    let (t, _) = sentence("Japan ( WTO ) and ( he said ) China");
    assert!(!stops_target_search(&t, 1));
    assert!(stops_target_search(&t, 5));
}
