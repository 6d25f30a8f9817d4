//! PLOVER beside CAMEO: each CAMEO code's PLOVER event type, mode and context
//! from the official conversion table (`data/plover/cameo2plover.tsv`, CC BY-SA
//! 4.0, Open Event Data Alliance; see its README).

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/plover/cameo2plover.tsv");

/// A PLOVER coding; `mode` and `context` may be empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plover {
    pub event_type: &'static str,
    pub mode: &'static str,
    pub context: &'static str,
}

fn table() -> &'static HashMap<&'static str, Plover> {
    static T: OnceLock<HashMap<&'static str, Plover>> = OnceLock::new();
    T.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                let code = f.next()?;
                Some((
                    code,
                    Plover {
                        event_type: f.next()?,
                        mode: f.next().unwrap_or(""),
                        context: f.next().unwrap_or(""),
                    },
                ))
            })
            .collect()
    })
}

/// The PLOVER coding of a CAMEO code: the code's own row, else its
/// three-digit base code's, else its root's type alone. `None` for codes the
/// official table does not cover (roots 01 and 02: statements and appeals).
pub fn lookup(cameo: &str) -> Option<Plover> {
    let t = table();
    if let Some(p) = t.get(cameo) {
        return Some(*p);
    }
    if let Some(p) = cameo.get(..3).and_then(|b| t.get(b)) {
        return Some(*p);
    }
    let root = t.get(cameo.get(..2)?)?;
    Some(Plover {
        event_type: root.event_type,
        mode: "",
        context: "",
    })
}

/// The PLOVER event types, in the manual's order.
pub const EVENT_TYPES: &[&str] = &[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_base_and_root_rows() {
        let p = lookup("042").unwrap();
        assert_eq!((p.event_type, p.mode, p.context), ("CONSULT", "visit", ""));
        let p = lookup("0841").unwrap();
        assert_eq!(
            (p.event_type, p.mode, p.context),
            ("RETREAT", "release", "legal")
        );
        // 080-083 are CONCEDE, 084-087 RETREAT under the same root.
        assert_eq!(lookup("080").unwrap().event_type, "CONCEDE");
        assert_eq!(lookup("087").unwrap().event_type, "RETREAT");
        assert_eq!(lookup("19").unwrap().event_type, "ASSAULT");
        assert_eq!(lookup("010"), None);
        assert_eq!(lookup("02"), None);
    }

    #[test]
    fn every_code_of_roots_03_to_20_has_a_known_type() {
        let codes = include_str!("../data/cameo/codes.tsv");
        for code in codes.lines().filter(|l| !l.starts_with('#')) {
            let code = code.split('\t').next().unwrap();
            match lookup(code) {
                Some(p) => assert!(EVENT_TYPES.contains(&p.event_type), "{code}: {p:?}"),
                None => assert!(code.starts_with("01") || code.starts_with("02"), "{code}"),
            }
        }
    }
}
