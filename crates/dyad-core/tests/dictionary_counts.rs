//! Size and consistency of the built-in dictionaries (GitHub issue "Actors"):
//! actor dictionary counts via `ActorDict::builtin().counts()`, and the event
//! lexicon's pattern count, root coverage and code table.

use dyad_core::actors::ActorDict;
use dyad_core::lexicon::Lexicon;

#[test]
fn actor_dictionary_counts() {
    let (countries, igos, person_lines) = ActorDict::builtin().counts();
    println!("actor dictionary: {countries} countries/territories, {igos} IGOs, {person_lines} dated office-holder lines");
    assert!(
        countries >= 240,
        "{countries} countries/territories, want at least 240"
    );
    assert!(igos >= 20, "{igos} IGOs, want at least 20");
    assert!(
        person_lines >= 400,
        "{person_lines} office-holder lines, want at least 400"
    );
}

#[test]
fn lexicon_pattern_count_and_root_coverage() {
    let lex = Lexicon::builtin();
    let n = lex.pattern_count();
    println!("lexicon: {n} event patterns");
    assert!(n >= 1500, "{n} event patterns, want at least 1500");
    let mut missing = Vec::new();
    for root in 1..=20 {
        let root = format!("{root:02}");
        let count = lex
            .patterns
            .iter()
            .filter(|p| !p.is_block() && p.code.starts_with(&root))
            .count();
        println!("  root {root}: {count} patterns");
        if count == 0 {
            missing.push(root);
        }
    }
    assert!(
        missing.is_empty(),
        "CAMEO roots without patterns: {missing:?}"
    );
}

#[test]
fn every_pattern_code_is_in_the_code_table() {
    let lex = Lexicon::builtin();
    let mut bad = Vec::new();
    for p in lex.patterns.iter().filter(|p| !p.is_block()) {
        match lex.code(&p.code) {
            None => bad.push(format!(
                "{}: code {} not in the code table",
                p.origin, p.code
            )),
            Some(info) => {
                if !info.goldstein.is_finite() || !(-10.0..=10.0).contains(&info.goldstein) {
                    bad.push(format!(
                        "{}: code {} has Goldstein {}",
                        p.origin, p.code, info.goldstein
                    ));
                }
                if !(1..=4).contains(&info.quad_class) {
                    bad.push(format!(
                        "{}: code {} has QuadClass {}",
                        p.origin, p.code, info.quad_class
                    ));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} bad pattern codes:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
