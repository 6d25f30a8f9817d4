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
