//! A reaction that names only its own side answers whoever acted on it.

use dyad_core::input::Article;
use dyad_core::Pipeline;

/// (source, target, CAMEO) of each event in the last sentence of `text`.
fn last_sentence_events(text: &str) -> Vec<(String, String, String)> {
    let doc = Pipeline::builtin().code(Article::text("t", text));
    let last = doc.sentences.len() - 1;
    doc.events
        .iter()
        .filter(|e| e.sentence == last)
        .map(|e| {
            (
                e.source.code.clone(),
                e.target.code.clone(),
                e.cameo.clone(),
            )
        })
        .collect()
}

#[test]
fn praise_of_the_decision_after_a_heading_answers_the_last_act_on_the_praising_side() {
    let text = "Peru said on Monday that it would lift its ban on imports from Chile.\n\n\
        Reactions\n\n\
        Chile's government welcomed the decision on Tuesday.";
    let got = last_sentence_events(text);
    assert!(
        got.iter()
            .any(|(s, t, c)| s.starts_with("CHL") && t.starts_with("PER") && c.starts_with("05")),
        "{got:?}"
    );
}

#[test]
fn a_meeting_is_no_act_to_answer() {
    let text = "Officials of Peru and Chile met in Lima on Monday.\n\n\
        Reactions\n\n\
        Chile's government welcomed the decision on Tuesday.";
    let got = last_sentence_events(text);
    assert!(got.iter().all(|(_, t, _)| !t.starts_with("PER")), "{got:?}");
}
