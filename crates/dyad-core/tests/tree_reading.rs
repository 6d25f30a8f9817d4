//! With the parse stage on, the coder reads sides and modes off the
//! dependency tree: a clause's own subject and object, a passive's agent, a
//! clause under "without", and it falls back to the words where the tree has
//! no subject for a trigger. Each case is general English grammar.

use dyad_core::input::Article;
use dyad_core::{Document, Pipeline};

fn coded(parse: bool, text: &str) -> Document {
    let mut p = Pipeline::builtin();
    p.parse = parse;
    coded_by(&p, text)
}

fn coded_by(p: &Pipeline, text: &str) -> Document {
    let mut a = Article::text("t", text);
    a.published = "2024-03-05".parse().ok();
    p.code(a)
}

/// (source, target, cameo, mode) of each event.
fn events(parse: bool, text: &str) -> Vec<(String, String, String, String)> {
    let mut p = Pipeline::builtin();
    p.parse = parse;
    events_by(&p, text)
}

fn events_by(p: &Pipeline, text: &str) -> Vec<(String, String, String, String)> {
    coded_by(p, text)
        .events
        .iter()
        .map(|e| {
            (
                e.source.code.clone(),
                e.target.code.clone(),
                e.cameo.clone(),
                format!("{:?}", e.mode).to_lowercase(),
            )
        })
        .collect()
}

#[test]
fn parse_stage_is_on_by_default_and_can_be_turned_off() {
    let text = "Japan condemned the missile launch by North Korea.";
    assert!(coded(false, text).sentences[0].tree.is_none());
    let doc = coded(true, text);
    let tree = doc.sentences[0].tree.as_ref().expect("parsed");
    assert_eq!(tree.len(), doc.sentences[0].tokens.len());
    assert!(Pipeline::builtin().parse);
}

#[test]
fn a_clause_under_without_is_not_the_main_verbs_target() {
    let got = events(true, "Seoul signed the deal without notifying Tokyo.");
    // The deal was not signed with Tokyo; Tokyo was not notified.
    assert!(
        !got.iter().any(|e| e.2.starts_with("05") && e.1 == "JPN"),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|e| e.0 == "KOR" && e.1 == "JPN" && e.2 == "010" && e.3 == "negated"),
        "{got:?}"
    );
}

#[test]
fn a_passive_takes_its_source_from_the_by_phrase() {
    let got = events(true, "Japan was criticized by China on Monday.");
    assert!(
        got.iter()
            .any(|e| e.0 == "CHN" && e.1 == "JPN" && e.2 == "111"),
        "{got:?}"
    );
}

#[test]
fn the_reported_clause_has_its_own_subject() {
    let got = events(
        true,
        "The ministers, who met in Tokyo, said Russia attacked Ukraine.",
    );
    assert!(
        got.iter()
            .any(|e| e.0 == "RUS" && e.1 == "UKR" && e.2.starts_with("19")),
        "{got:?}"
    );
}

#[test]
fn negation_in_the_verbs_clause_is_read_off_the_tree() {
    let got = events(true, "Japan did not criticize China.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].3, "negated");
}

#[test]
fn an_event_noun_inside_the_subject_keeps_its_own_target() {
    let got = events(
        true,
        "Iraq's invasion of Kuwait in 1990 triggered the Gulf War.",
    );
    assert!(
        got.iter()
            .any(|e| e.0 == "IRQ" && e.1 == "KWT" && e.2.starts_with("19")),
        "{got:?}"
    );
}

#[test]
fn a_city_after_in_is_the_venue_not_a_party() {
    let got = events(
        true,
        "On 12 February 2015, Russia and Ukraine signed a ceasefire deal in Minsk.",
    );
    assert!(got.iter().all(|e| e.1 != "BLR"), "{got:?}");
    assert!(
        got.iter()
            .any(|e| e.0 == "RUS" && e.1 == "UKR" && e.2.starts_with("05")),
        "{got:?}"
    );
}

#[test]
fn a_negated_verb_does_not_negate_a_possessed_event_noun() {
    let got = events(
        true,
        "India has not condemned Russia's invasion of Ukraine.",
    );
    let invasion = got
        .iter()
        .find(|e| e.0 == "RUS" && e.1 == "UKR")
        .expect("invasion");
    assert_eq!(invasion.3, "asserted", "{got:?}");
    let condemn = got.iter().find(|e| e.0 == "IND").expect("condemnation");
    assert_eq!(condemn.3, "negated", "{got:?}");
}

#[test]
fn a_subject_that_names_no_actor_leaves_the_source_unknown() {
    // The crowd, not Russia, stormed the embassy; no actor stands in for it.
    let text = "Russia recalled its ambassador days after crowds stormed the embassy of Japan.";
    let got = events(true, text);
    assert!(
        !got.iter()
            .any(|e| e.0.starts_with("RUS") && e.2.starts_with("14")),
        "{got:?}"
    );
    // A subject the surface rules can read through a name stays coded.
    let got = events(
        true,
        "Ahmed Karimi, a spokesman for the Iranian government, blamed Israel for the attack.",
    );
    assert!(
        got.iter()
            .any(|e| e.0.starts_with("IRN") && e.1 == "ISR" && e.2.starts_with("112")),
        "{got:?}"
    );
}

#[test]
fn a_pattern_ending_in_by_takes_its_target_after_it() {
    // "stand by X": the "by" is the pattern's own, not a passive agent's.
    let got = events(true, "NATO will stand by Turkey.");
    assert!(
        got.iter()
            .any(|e| e.0 == "NATO" && e.1 == "TUR" && e.2 == "051"),
        "{got:?}"
    );
    // An obligation is not yet an act.
    let got = events(true, "Erdogan said NATO needs to stand by Turkey.");
    assert!(
        got.iter()
            .any(|e| e.0 == "NATO" && e.1 == "TUR" && e.3 == "hypothetical"),
        "{got:?}"
    );
}

#[test]
fn a_reported_verdict_belongs_to_the_speaker() {
    let got = events(
        true,
        "The Japanese prime minister said Australia is a close partner.",
    );
    assert!(
        got.iter()
            .any(|e| e.0 == "JPNGOV" && e.1 == "AUS" && e.2 == "051"),
        "{got:?}"
    );
}

#[test]
fn an_event_called_off_or_put_off_is_not_coded_as_held() {
    // Put off by its parties (or someone named), the putting off is what
    // happened, not the meeting.
    for text in [
        "Japan and China postponed their summit.",
        "The summit was cancelled by China.",
    ] {
        let got = events(true, text);
        assert!(
            !got.iter().any(|e| e.2.starts_with("04")),
            "{text}: {got:?}"
        );
    }
    // Called off by no one named, the meeting is told as not taking place.
    for text in [
        "The summit between Japan and China was cancelled.",
        "The summit between Japan and China was called off.",
    ] {
        let got = events(true, text);
        assert!(!got.is_empty(), "{text}: {got:?}");
        assert!(
            got.iter()
                .all(|e| e.2.starts_with("04") && e.3 == "negated"),
            "{text}: {got:?}"
        );
    }
    // Held, it is a meeting.
    let got = events(true, "Japan and China held a summit.");
    assert!(got.iter().any(|e| e.2.starts_with("04")), "{got:?}");
}

#[test]
fn a_sentence_about_a_game_is_not_coded_unless_the_game_is_what_is_acted_on() {
    let got = events(true, "Japan beat China in the World Cup qualifier.");
    assert!(got.is_empty(), "{got:?}");
    let got = events(true, "Japan's army attacked China.");
    assert!(!got.is_empty(), "{got:?}");
    // The game as the verb's object: the boycott is the event.
    let got = events(true, "Japan boycotted the Russian World Cup.");
    assert!(got.iter().any(|e| e.0 == "JPN" && e.1 == "RUS"), "{got:?}");
}

#[test]
fn an_event_noun_object_is_not_the_act_of_the_verbs_subject() {
    let got = events(
        true,
        "Russian officials criticized the deployment of US missiles in Japan.",
    );
    assert!(
        got.iter()
            .all(|e| !(e.0.starts_with("RUS") && e.2.starts_with("15"))),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|e| e.0.starts_with("RUS") && e.2.starts_with("11")),
        "{got:?}"
    );
    let got = events(
        true,
        "The Chinese foreign ministry condemned the release of treated water by Japan.",
    );
    assert!(
        got.iter()
            .all(|e| !e.0.starts_with("CHN") || e.2.starts_with("11")),
        "{got:?}"
    );
}

#[test]
fn a_verb_pattern_used_as_a_noun_object_is_not_the_subjects_act() {
    let got = events(
        true,
        "Israel struck targets in Syria. Damascus condemned the attack.",
    );
    assert!(
        got.iter().any(|e| e.0 == "SYR" && e.2.starts_with("11")),
        "{got:?}"
    );
    assert!(
        !got.iter().any(|e| e.0 == "SYR" && e.2.starts_with("19")),
        "{got:?}"
    );
}

#[test]
fn what_is_called_for_has_not_happened_the_call_is_the_event() {
    let got = events(true, "Germany called for new talks with Iran.");
    assert!(
        got.iter()
            .any(|e| e.0 == "DEU" && e.1 == "IRN" && e.2.starts_with("02")),
        "{got:?}"
    );
    assert!(!got.iter().any(|e| e.2.starts_with("04")), "{got:?}");
}

#[test]
fn a_group_code_is_what_a_coordinated_subject_does_among_its_members() {
    let dir = std::env::temp_dir().join(format!("dyad-group-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("agree.tsv");
    std::fs::write(&file, "081\tagree+\tgroup=030\n").unwrap();
    let p = Pipeline::with_user_files::<&std::path::Path>(&[], &[&file]).unwrap();
    let got = events_by(
        &p,
        "The Philippines and France agree that disputes should be settled.",
    );
    for (s, t) in [("PHL", "FRA"), ("FRA", "PHL")] {
        assert!(
            got.iter().any(|e| e.0 == s && e.1 == t && e.2 == "030"),
            "{got:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_act_urged_on_another_is_not_an_event_however_far_from_its_object() {
    let got = events(true, "China urged Japan on Monday to help Ukraine.");
    assert!(
        got.iter()
            .any(|e| e.0 == "CHN" && e.1 == "JPN" && e.2.starts_with("02")),
        "{got:?}"
    );
    assert!(!got.iter().any(|e| e.2.starts_with("07")), "{got:?}");
}

#[test]
fn names_joined_by_a_comma_alone_are_a_list_only_where_the_tree_says_so() {
    let got = events(
        true,
        "If China attacks Taiwan, Japan will impose sanctions on China.",
    );
    assert!(got.iter().any(|e| e.0 == "JPN" && e.1 == "CHN"), "{got:?}");
    assert!(
        !got.iter()
            .any(|e| (e.0 == "CHN" && e.1 == "JPN") || e.0 == "TWN"),
        "{got:?}"
    );
}

#[test]
fn an_act_stopped_short_of_is_negated() {
    let got = events(true, "China stopped short of condemning Russia.");
    assert!(
        got.iter()
            .filter(|e| e.2.starts_with("11"))
            .all(|e| e.3 == "negated"),
        "{got:?}"
    );
    assert!(!got.is_empty(), "{got:?}");
}
