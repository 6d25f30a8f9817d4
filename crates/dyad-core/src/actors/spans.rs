//! Dictionary matches read as spans of one kind, and spans made into mentions.

use super::dictionary::{self, split_code, Kind, Match};
use super::Context;
use crate::document::{ActorMention, MentionKind, Token};

/// A working span: one dictionary match interpreted as one kind.
#[derive(Debug, Clone)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
    pub(super) code: String,
    pub(super) weak: bool,
    pub(super) persons: Vec<usize>,
}

impl Context<'_> {
    /// Interprets a dictionary match as one span, choosing among its entries.
    pub(super) fn span(&self, m: &Match) -> Option<Span> {
        let entries: Vec<&dictionary::Entry> =
            m.entries.iter().map(|&e| &self.dict.entries[e]).collect();
        let rank = |k: Kind| match k {
            Kind::Block => 0,
            Kind::Nonhead => 1,
            Kind::Person => 2,
            Kind::Country => 3,
            Kind::Igo => 4,
            Kind::Metonym => 5,
            Kind::Demonym => 6,
            Kind::Place => 7,
            Kind::Title => 8,
            Kind::Agent => 9,
        };
        let best = entries.iter().min_by_key(|e| rank(e.kind))?;
        let persons: Vec<usize> = entries
            .iter()
            .filter(|e| e.kind == Kind::Person)
            .filter_map(|e| e.person)
            .collect();
        Some(Span {
            start: m.start,
            end: m.end,
            kind: best.kind,
            code: best.code.clone(),
            weak: best.weak,
            persons,
        })
    }

    pub(super) fn mention(
        &self,
        toks: &[Token],
        start: usize,
        end: usize,
        code: String,
        kind: MentionKind,
        how: impl Into<String>,
    ) -> ActorMention {
        let (country, role) = split_code(&code);
        let (country, role) = (country.to_string(), role.to_string());
        ActorMention {
            start,
            end,
            text: span_text(toks, start, end),
            country,
            role,
            code,
            kind,
            person: None,
            personal: matches!(kind, MentionKind::Person | MentionKind::LocalPerson),
            group: None,
            how: how.into(),
            head: String::new(),
            attached: false,
        }
    }
}

/// Nouns for a state that "of" and its name can follow: "the Pacific island
/// *nation of* Nauru", "the Gulf *state of* Qatar".
const STATE_NOUNS: &[&str] = &[
    "nation",
    "country",
    "state",
    "kingdom",
    "republic",
    "emirate",
    "sultanate",
    "principality",
    "island",
    "islands",
    "archipelago",
];

/// "the Pacific island nation of Nauru": a country named after "of" and a
/// noun for a state is the whole phrase, so that it can be a subject and
/// the antecedent of "it" like any other name. The phrase starts at its
/// article and has at most four words before the noun, none of them another
/// name.
pub(super) fn state_noun_phrases(toks: &[Token], spans: &mut [Span]) {
    for i in 0..spans.len() {
        let s = spans[i].start;
        if spans[i].kind != Kind::Country
            || s < 3
            || toks[s - 1].lower != "of"
            || !STATE_NOUNS.contains(&toks[s - 2].lower.as_str())
        {
            continue;
        }
        let Some(det) = (s.saturating_sub(7)..s - 2)
            .rev()
            .take_while(|&k| {
                toks[k].kind == crate::document::TokenKind::Word || toks[k].text == "-"
            })
            .find(|&k| matches!(toks[k].lower.as_str(), "the" | "a" | "an"))
        else {
            continue;
        };
        if spans.iter().any(|o| o.start < s && o.end > det) {
            continue;
        }
        spans[i].start = det;
    }
}

pub(super) fn span_text(toks: &[Token], start: usize, end: usize) -> String {
    let mut s = String::new();
    for (i, t) in toks[start..end].iter().enumerate() {
        if i > 0 && toks[start + i - 1].end < t.start {
            s.push(' ');
        }
        s.push_str(&t.text);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::testing::{context, dict, toks};

    /// The index of the dictionary entry with this code and kind.
    fn entry(code: &str, kind: Kind) -> usize {
        dict()
            .entries
            .iter()
            .position(|e| e.code == code && e.kind == kind)
            .unwrap_or_else(|| panic!("no {kind:?} entry {code}"))
    }

    fn person_entry(name: &str) -> usize {
        let p = dict().person_named(name).unwrap();
        dict()
            .entries
            .iter()
            .position(|e| e.person == Some(p))
            .unwrap()
    }

    fn span_of(entries: Vec<usize>) -> Span {
        let ctx = context(None, None);
        let m = Match {
            start: 2,
            end: 4,
            entries,
        };
        ctx.span(&m).unwrap()
    }

    #[test]
    fn a_country_reading_outranks_a_demonym_and_a_block_outranks_all() {
        let s = span_of(vec![
            entry("JPN", Kind::Demonym),
            entry("JPN", Kind::Country),
        ]);
        assert_eq!(
            (s.kind, s.code.as_str(), s.start, s.end),
            (Kind::Country, "JPN", 2, 4)
        );
        let block = dict()
            .entries
            .iter()
            .position(|e| e.kind == Kind::Block)
            .unwrap();
        let s = span_of(vec![entry("RUS", Kind::Country), block]);
        assert_eq!(s.kind, Kind::Block);
    }

    #[test]
    fn a_title_reading_outranks_an_agent() {
        let title = dict()
            .entries
            .iter()
            .position(|e| e.kind == Kind::Title && e.code == "GOV")
            .unwrap();
        let agent = dict()
            .entries
            .iter()
            .position(|e| e.kind == Kind::Agent && e.code == "MIL")
            .unwrap();
        let s = span_of(vec![agent, title]);
        assert_eq!((s.kind, s.code.as_str()), (Kind::Title, "GOV"));
    }

    #[test]
    fn a_shared_name_keeps_every_person_it_may_mean() {
        let abe = person_entry("Shinzo Abe");
        let putin = person_entry("Vladimir Putin");
        let s = span_of(vec![entry("JPN", Kind::Country), abe, putin]);
        assert_eq!(s.kind, Kind::Person);
        assert_eq!(
            s.persons,
            [
                dict().entries[abe].person.unwrap(),
                dict().entries[putin].person.unwrap()
            ]
        );
    }

    #[test]
    fn a_mention_splits_its_code_and_only_people_are_personal() {
        let ctx = context(None, None);
        let t = toks("NATO troops met Vladimir Putin");
        let parts = |m: &ActorMention| {
            (
                m.text.clone(),
                m.country.clone(),
                m.role.clone(),
                m.personal,
            )
        };
        let m = ctx.mention(&t, 3, 5, "RUSGOV".into(), MentionKind::Person, "test");
        assert_eq!(
            parts(&m),
            ("Vladimir Putin".into(), "RUS".into(), "GOV".into(), true)
        );
        let m = ctx.mention(&t, 0, 2, "NATOMIL".into(), MentionKind::Igo, "test");
        assert_eq!(
            parts(&m),
            ("NATO troops".into(), "NATO".into(), "MIL".into(), false)
        );
        assert!(m.group.is_none() && m.person.is_none() && !m.attached);
    }

    #[test]
    fn span_text_puts_spaces_only_where_the_text_had_them() {
        let t = toks("U.S.-Russian talks in Japan's capital");
        assert_eq!(span_text(&t, 0, 4), "U.S.-Russian talks");
        assert_eq!(span_text(&t, 5, 8), "Japan's capital");
    }
}
