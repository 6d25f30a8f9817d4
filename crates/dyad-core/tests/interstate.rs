//! Domestic and non-state events are coded by default; `interstate_only` keeps
//! the events between two different known countries or IGOs.

use dyad_core::input::Article;
use dyad_core::Pipeline;

fn codes(p: &Pipeline, text: &str) -> Vec<(String, String)> {
    let mut a = Article::text("t", text);
    a.published = "2024-03-05".parse().ok();
    p.code(a)
        .events
        .iter()
        .map(|e| (e.source.code.clone(), e.target.code.clone()))
        .collect()
}

const TEXT: &str = "The Russian government accused the Russian opposition of plotting a coup. \
Militants fired rockets at Israeli towns. Japan condemned North Korea's missile launch.";

#[test]
fn domestic_and_non_state_events_are_coded_by_default() {
    let got = codes(&Pipeline::builtin(), TEXT);
    assert!(got.contains(&("RUSGOV".into(), "RUSOPP".into())), "{got:?}");
    assert!(got.contains(&("---INS".into(), "ISR".into())), "{got:?}");
    assert!(got.contains(&("JPN".into(), "PRK".into())), "{got:?}");
}

#[test]
fn interstate_only_keeps_events_between_two_known_countries() {
    let mut p = Pipeline::builtin();
    p.interstate_only = true;
    let got = codes(&p, TEXT);
    assert_eq!(got, vec![("JPN".to_string(), "PRK".to_string())]);
}
