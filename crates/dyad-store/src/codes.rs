//! Actor codes as users type them: checked against the dictionaries, and
//! country or organisation names read as their codes ("Japan" → `JPN`).
//! Shared by the command line and the API so both accept and refuse alike.

use std::collections::HashSet;

use dyad_core::actors::dictionary::{country_of, split_code, ROLES};
use dyad_core::actors::Kind;
use dyad_core::document::MentionKind;
use dyad_core::input::Article;
use dyad_core::Pipeline;

/// The country and IGO parts, and the roles, of every code the dictionaries
/// can produce.
#[derive(Debug, Clone)]
pub struct KnownCodes {
    countries: HashSet<String>,
    roles: HashSet<String>,
}

/// What a user's actor argument was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A well-formed code with a known country or IGO part.
    Code(String),
    /// A name the dictionaries know, read as this code.
    Name(String),
}

impl KnownCodes {
    pub fn new(p: &Pipeline) -> KnownCodes {
        let mut out = HashSet::new();
        let mut roles: HashSet<String> = ROLES.iter().map(|r| r.to_string()).collect();
        for e in &p.actors.entries {
            if matches!(e.kind, Kind::Agent | Kind::Title) {
                roles.insert(e.code.clone());
            } else {
                roles.insert(split_code(&e.code).1.to_string());
            }
            if matches!(
                e.kind,
                Kind::Country | Kind::Demonym | Kind::Metonym | Kind::Place | Kind::Igo
            ) {
                out.insert(country_of(&e.code).to_string());
            }
        }
        for person in &p.actors.persons {
            for t in &person.terms {
                out.insert(country_of(&t.code).to_string());
                roles.insert(split_code(&t.code).1.to_string());
            }
        }
        out.retain(|c| c.len() >= 2);
        KnownCodes {
            countries: out,
            roles,
        }
    }

    /// The code, upper-cased, when it is well formed (letters and digits),
    /// its country or IGO part is known and the rest is known roles of three
    /// letters each (`JPN`, `JPNGOV`, `RUSGOVMIL`; not `RUSSIA`).
    pub fn code(&self, v: &str) -> Option<String> {
        let c = v.trim().to_uppercase();
        let well_formed =
            (2..=16).contains(&c.len()) && c.chars().all(|ch| ch.is_ascii_alphanumeric());
        if !well_formed {
            return None;
        }
        let (country, rest) = split_code(&c);
        let roles_known = rest.len() % 3 == 0
            && (0..rest.len())
                .step_by(3)
                .all(|i| self.roles.contains(&rest[i..i + 3]));
        (self.countries.contains(country) && roles_known).then_some(c)
    }

    /// A code, or else a country, demonym, capital or organisation name
    /// (`Japan`, `Russian`, `the Kremlin`, `United Nations`) as the coder
    /// would read it in a sentence.
    pub fn resolve(&self, p: &Pipeline, v: &str) -> Option<Resolved> {
        if let Some(c) = self.code(v) {
            return Some(Resolved::Code(c));
        }
        let name = v.trim();
        if name.is_empty() || name.len() > 100 {
            return None;
        }
        let doc = p.code(Article::text("actor", name));
        let [s] = doc.sentences.as_slice() else {
            return None;
        };
        // The name must be all there is, but for "the" and punctuation.
        let filler = |i: usize| {
            let t = &s.tokens[i];
            t.lower == "the" || !t.text.chars().any(char::is_alphanumeric)
        };
        s.actors
            .iter()
            .find(|m| {
                (0..s.tokens.len()).all(|i| (m.start..m.end).contains(&i) || filler(i))
                    && matches!(
                        m.kind,
                        MentionKind::Country
                            | MentionKind::Demonym
                            | MentionKind::Metonym
                            | MentionKind::Igo
                    )
            })
            .map(|m| Resolved::Name(m.code.clone()))
    }
}

/// Why an actor argument was refused, and what to type instead.
pub fn unknown_code_message(param: &str, shown: &str) -> String {
    format!(
        "{param}: unknown actor code {shown}: a code is a country's ISO 3166 alpha-3 code (JPN, RUS, USA, CHN) \
         or an IGO code (NATO, UNO, EUR, ASEAN), optionally followed by a role (JPNGOV, RUSMIL)"
    )
}
