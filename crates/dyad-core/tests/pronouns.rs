//! Pronouns in reported speech stand for the speaking state.

use dyad_core::input::Article;
use dyad_core::Pipeline;

fn resolved(text: &str, pronoun: &str) -> String {
    let doc = Pipeline::builtin().code(Article::text("t", text));
    let s = &doc.sentences[0];
    s.actors
        .iter()
        .find(|m| s.tokens[m.start].lower == pronoun)
        .map(|m| m.code.clone())
        .unwrap_or_default()
}

#[test]
fn it_after_a_reporting_verb_is_the_speaker() {
    assert_eq!(resolved("Russia told Japan it would respond.", "it"), "RUS");
    // A reporting verb coordinated with the sentence's verb shares its subject.
    assert_eq!(
        resolved(
            "China accused Japan of provoking tensions and warned that it would respond.",
            "it"
        ),
        "CHN"
    );
}
