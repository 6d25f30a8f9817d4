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

/// The countries "both sides" (or "the two countries") stands for in the
/// last sentence of `text`.
fn group_in_last_sentence(text: &str, word: &str) -> Vec<String> {
    let doc = Pipeline::builtin().code(Article::text("t", text));
    let s = doc.sentences.last().expect("a sentence");
    let mut out: Vec<String> = s
        .actors
        .iter()
        .filter(|m| s.tokens[m.start].lower == word)
        .map(|m| m.country.clone())
        .collect();
    out.sort();
    out
}

#[test]
fn both_sides_are_the_pair_the_article_is_about() {
    // The last two states named are South Korea and the United States, but
    // the article is about Japan and China.
    let text = "Japan and China held talks in Beijing on Monday. \
        Japanese officials said China had agreed to resume seafood imports. \
        China's foreign ministry said Japan must address its concerns. \
        South Korea said it was watching closely, and the United States welcomed the talks. \
        The European Union urged both sides to keep talking.";
    assert_eq!(group_in_last_sentence(text, "both"), ["CHN", "JPN"]);
    // A sentence that names two other states itself means them.
    let text = "Japan and China held talks in Beijing on Monday. \
        Japanese officials said China had agreed to resume seafood imports. \
        China's foreign ministry said Japan must address its concerns. \
        Kim Jong Un met Vladimir Putin in Moscow, and the treaty the two countries signed entered into force.";
    assert_eq!(group_in_last_sentence(text, "two"), ["PRK", "RUS"]);
    // A pair that is the clause's own subject is not the pair it names, nor
    // does it hide the article's pair behind the states named last.
    let text = "Japan and China held talks in Beijing on Monday. \
        Japanese officials said China had agreed to resume seafood imports. \
        China's foreign ministry said Japan must address its concerns. \
        The United States, Britain, France and Germany followed the talks closely. \
        Britain and France congratulated both governments.";
    assert_eq!(group_in_last_sentence(text, "both"), ["CHN", "JPN"]);
}
