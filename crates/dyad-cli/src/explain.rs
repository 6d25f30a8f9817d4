//! `dyad explain` and `dyad actors`: why a sentence was (or was not) coded.

use std::fmt::Write as _;
use std::process::ExitCode;

use dyad_core::input::Article;
use dyad_core::Pipeline;

use crate::{parse_date_flag, Dicts};

fn code(p: &Pipeline, text: &str, published: Option<&str>) -> Result<dyad_core::Document, String> {
    let mut a = Article::text("explain", text);
    a.published = parse_date_flag(published)?;
    Ok(p.code(a))
}

pub fn explain(text: &str, published: Option<&str>, dicts: &Dicts) -> Result<ExitCode, String> {
    let p = dicts.pipeline()?;
    let doc = code(&p, text, published)?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "published: {}",
        doc.published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "unknown (relative dates stay unresolved; pass --published)".into())
    );
    for sent in &doc.sentences {
        let _ = writeln!(
            s,
            "\nsentence {}{}: {}",
            sent.index,
            if sent.heading { " (heading)" } else { "" },
            sent.text(&doc.text)
        );
        let toks: Vec<String> = sent
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{i}:{}", t.text))
            .collect();
        let _ = writeln!(s, "  tokens: {}", toks.join(" "));
        if sent.actors.is_empty() {
            let _ = writeln!(s, "  actors: none recognised");
        }
        for m in &sent.actors {
            let _ = writeln!(
                s,
                "  actor [{}..{}) {:?} → {} ({:?}{}; {})",
                m.start,
                m.end,
                m.text,
                m.code,
                m.kind,
                if m.attached {
                    ", describes another actor"
                } else {
                    ""
                },
                m.how
            );
        }
        if let Some(tree) = &sent.tree {
            let _ = writeln!(s, "  tree (token head relation):");
            for (i, t) in sent.tokens.iter().enumerate().take(tree.len()) {
                let head = tree.head[i].map_or("root".to_string(), |h| {
                    format!("{h}:{}", sent.tokens[h].text)
                });
                let _ = writeln!(
                    s,
                    "    {i}:{} {} ← {} {}",
                    t.text, tree.upos[i], head, tree.deprel[i]
                );
            }
        }
        let matches = &sent.triggers;
        if matches.is_empty() {
            let _ = writeln!(
                s,
                "  patterns: none matched (no CAMEO verb or noun pattern in this sentence)"
            );
        }
        for m in matches {
            let pat = &p.lexicon.patterns[m.pattern];
            let words: Vec<&str> = sent.tokens[m.start..m.end]
                .iter()
                .map(|t| t.text.as_str())
                .collect();
            let _ = writeln!(
                s,
                "  pattern {} {:?} matched {:?} at [{}..{})",
                pat.code,
                pat.text,
                words.join(" "),
                m.start,
                m.end
            );
        }
        let dates = dyad_core::dates::find_dates(&sent.tokens);
        for d in &dates {
            let _ = writeln!(s, "  date expression [{}..{}) {:?}", d.start, d.end, d.text);
        }
        for e in doc.events.iter().filter(|e| e.sentence == sent.index) {
            let _ = writeln!(
                s,
                "  EVENT {} ({}) → {} ({}) {} goldstein {} quad {} | date {} {} from {:?} | mode {} (cue {:?}) | rule {}",
                e.source.code,
                e.source.text,
                e.target.code,
                e.target.text,
                e.cameo,
                e.goldstein,
                e.quad_class,
                e.date.as_ref().map(|d| d.value.as_str()).unwrap_or("none"),
                e.date.as_ref().map(|d| d.precision.as_str()).unwrap_or(""),
                e.date_text.as_deref().unwrap_or("no date expression"),
                e.mode.as_str(),
                e.mode_cue.as_deref().unwrap_or("none"),
                e.rule
            );
            if let Some(a) = &e.arcs {
                let _ = writeln!(s, "    chosen by the tree: {a}");
            }
            let i = doc.events.iter().position(|x| std::ptr::eq(x, e));
            match i.and_then(|i| doc.places.get(i)).and_then(|p| p.as_ref()) {
                Some(p) => {
                    let _ = writeln!(
                        s,
                        "    place {} ({}, {}{}) {:.2} {:.2} from {:?}: {}",
                        p.name,
                        p.feature,
                        if p.country.is_empty() {
                            "no country"
                        } else {
                            &p.country
                        },
                        p.adm1
                            .as_deref()
                            .map(|a| format!(", {a}"))
                            .unwrap_or_default(),
                        p.lat,
                        p.lon,
                        p.text,
                        p.how
                    );
                }
                None => {
                    let _ = writeln!(
                        s,
                        "    place: none (no locative phrase in the sentence, not a visit, no dateline)"
                    );
                }
            }
        }
        let prefix = format!("sentence {}:", sent.index);
        for n in doc.notes.iter().filter(|n| n.starts_with(&prefix)) {
            let _ = writeln!(s, "  not coded: {}", n.trim_start_matches(&prefix).trim());
        }
        if !doc.events.iter().any(|e| e.sentence == sent.index) {
            let why = if sent
                .actors
                .iter()
                .all(|m| m.attached || m.country.is_empty())
            {
                "no event: no actor recognised (patterns are matched only in sentences that name one)"
            } else if sent.actors.iter().filter(|m| !m.attached).count() < 2 && matches.is_empty() {
                "no event: no pattern matched and fewer than two actors"
            } else if matches.is_empty() {
                "no event: actors but no CAMEO pattern (mentioning two countries is not an event)"
            } else if sent.actors.is_empty() {
                "no event: a pattern matched but no actor was recognised"
            } else {
                "no event: see 'not coded' above"
            };
            let _ = writeln!(s, "  {why}");
        }
    }
    for n in doc.notes.iter().filter(|n| !n.starts_with("sentence ")) {
        let _ = writeln!(s, "note: {n}");
    }
    print!("{s}");
    Ok(ExitCode::SUCCESS)
}

pub fn actors(
    text: Option<&str>,
    published: Option<&str>,
    stats: bool,
    dicts: &Dicts,
) -> Result<ExitCode, String> {
    let p = dicts.pipeline()?;
    if stats {
        let (countries, igos, people) = p.actors.counts();
        println!("countries and territories\t{countries}\nIGOs\t{igos}\ndated office-holder lines\t{people}\npeople\t{}\nphrases\t{}\nCAMEO patterns\t{}", p.actors.persons.len(), p.actors.phrase_count(), p.lexicon.pattern_count());
        return Ok(ExitCode::SUCCESS);
    }
    let Some(text) = text else {
        return Err("give a text to analyse, or --stats".into());
    };
    let doc = code(&p, text, published)?;
    for sent in &doc.sentences {
        for m in &sent.actors {
            let (cs, ce) =
                doc.raw_char_span(sent.tokens[m.start].start, sent.tokens[m.end - 1].end);
            println!(
                "{cs}\t{ce}\t{}\t{}\t{:?}\t{}{}",
                m.text,
                m.code,
                m.kind,
                m.how,
                if m.attached {
                    "\t(describes another actor)"
                } else {
                    ""
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
