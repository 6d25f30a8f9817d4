//! The converted PETRARCH/Phoenix files in data/ are the converter's output
//! (scripts/convert-petrarch.sh), and user dictionaries in PETRARCH syntax load.

use std::path::Path;

use dyad_core::dictionaries::petrarch::{self, VerbOptions};
use dyad_core::dictionaries::{load_actors, load_patterns, DictFormat};

fn body(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            !l.starts_with("# Converted from")
                && !l.starts_with("# Source:")
                && !l.starts_with("# MIT licence")
        })
        .collect()
}

fn shared(file: &str) -> Option<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/petrarch-dicts")
        .join(file);
    match std::fs::read_to_string(&p) {
        Ok(t) => Some(t),
        Err(_) => {
            println!("skipped: {} is absent", p.display());
            None
        }
    }
}

fn data(file: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data")
            .join(file),
    )
    .unwrap()
}

#[test]
fn converted_files_are_the_converters_output() {
    let Some(verbs) = shared("CAMEO.2.0.txt") else {
        return;
    };
    let opts = VerbOptions {
        block_verbs: false,
        lone_verbs: false,
        pre_verb: false,
        drop_codes: vec!["010".into()],
        ..VerbOptions::user()
    };
    let c = petrarch::convert_verbs(&verbs, "CAMEO.2.0.txt", &opts).unwrap();
    assert_eq!(body(&c.text), body(&data("cameo-petrarch/verbs.tsv")));
    for (src, out, people) in [
        (
            "Phoenix.Countries.actors.txt",
            "actors-petrarch/countries.tsv",
            false,
        ),
        (
            "Phoenix.International.actors.txt",
            "actors-petrarch/international.tsv",
            false,
        ),
        (
            "Phoenix.MilNonState.actors.txt",
            "actors-petrarch/nonstate.tsv",
            true,
        ),
    ] {
        let Some(t) = shared(src) else { return };
        let c = petrarch::convert_actors_with(&t, src, false, people, true).unwrap();
        assert_eq!(body(&c.text), body(&data(out)), "{out}");
    }
    let Some(t) = shared("Phoenix.agents.txt") else {
        return;
    };
    let c = petrarch::convert_agents(&t, "Phoenix.agents.txt", false).unwrap();
    assert_eq!(body(&c.text), body(&data("actors-petrarch/agents.tsv")));
}

#[test]
fn user_dictionaries_in_petrarch_syntax_load() {
    let dir = std::env::temp_dir().join(format!("dyad-petr-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let verbs = dir.join("my.verbs");
    std::fs::write(&verbs, "--- SNUB [---] ---\nSNUB\n- * (AT +) [111]\n").unwrap();
    let actors = dir.join("my.actors");
    std::fs::write(
        &actors,
        "FREEDONIA_ [FRD]\n+FREEDONIAN_\nRUFUS_T_FIREFLY_\n\t[FRDGOV 330101-331231]\n",
    )
    .unwrap();
    let mut s = dyad_core::Sources::builtin();
    s.add_user_files(&[&actors], &[&verbs], DictFormat::Auto)
        .unwrap();
    // Codes that are not ISO countries are still valid dyad codes for a user's own actors.
    let p = dyad_core::Pipeline::from_sources(&s).unwrap();
    let mut a = dyad_core::input::Article::text("t", "Freedonia snubbed at Japan.");
    a.published = "2020-01-01".parse().ok();
    let doc = p.code(a);
    let codes: Vec<(&str, &str, &str)> = doc
        .events
        .iter()
        .map(|e| {
            (
                e.source.code.as_str(),
                e.target.code.as_str(),
                e.cameo.as_str(),
            )
        })
        .collect();
    assert!(codes.contains(&("FRD", "JPN", "111")), "{codes:?}");
    // A malformed line names the file and the line.
    std::fs::write(&verbs, "--- SNUB [---] ---\nSNUB\n- * (AT + [111]\n").unwrap();
    let e = load_patterns(&verbs, DictFormat::Petrarch).unwrap_err();
    assert_eq!(e.line, 3);
    assert!(e.to_string().contains("my.verbs:3"), "{e}");
    std::fs::write(&actors, "FREEDONIA_ [FRD]\n\t[FRDGOV 3301-331231]\n").unwrap();
    let e = load_actors(&actors, DictFormat::Petrarch).unwrap_err();
    assert!(e.to_string().contains("my.actors:2"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}
