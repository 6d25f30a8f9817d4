//! Headlines: the title repeats the story, in its own grammar.
//!
//! * An event in a heading that the body also reports (same source and target
//!   country, same CAMEO root) is one event: the body's is kept, with its own
//!   date, detail and evidence, and the heading's is dropped, so a story does
//!   not count twice in series and alerts.
//! * "Abe to travel to Moscow": in a heading, an actor followed by "to" and
//!   the verb is a plan, not a report.
//!
//! ```
//! let p = dyad_core::Pipeline::builtin();
//! let mut a = dyad_core::input::Article::text("x", "Russia expels Japanese diplomats\n\nRussia expelled eight Japanese diplomats on Wednesday.\n");
//! a.published = "2022-04-27".parse().ok();
//! let doc = p.code(a);
//! assert_eq!(doc.events.len(), 1);
//! assert!(!doc.sentences[doc.events[0].sentence].heading);
//! ```

use crate::document::{Document, Mode};

/// Applies headline grammar, then drops heading events the body repeats.
pub fn run(doc: &mut Document) {
    let sentences = &doc.sentences;
    for ev in doc.events.iter_mut() {
        let s = &sentences[ev.sentence];
        if !s.heading || ev.mode != Mode::Asserted {
            continue;
        }
        let t = ev.trigger_start;
        let after_actor_to =
            t >= 2 && s.tokens[t - 1].lower == "to" && s.actors.iter().any(|m| m.end == t - 1);
        if after_actor_to {
            ev.mode = Mode::Planned;
            ev.mode_cue = Some("to (headline)".into());
        }
    }
    let key = |e: &crate::document::Event| {
        (
            e.source.country.clone(),
            e.target.country.clone(),
            e.root().to_string(),
        )
    };
    let body: Vec<_> = doc
        .events
        .iter()
        .filter(|e| !sentences[e.sentence].heading)
        .map(key)
        .collect();
    doc.events
        .retain(|e| !sentences[e.sentence].heading || !body.contains(&key(e)));
}
