//! Country words: the state an article is about, and when a weak name
//! (Georgia, Jordan, Chad) or a demonym names a state at all.

use std::collections::HashMap;

use super::dictionary::{country_of, Match};
use super::people::is_name_token;
use super::spans::Span;
use super::{is_state, ActorDict, Context, Kind};
use crate::document::{MentionKind, Token};

/// The country an article is mostly about: the most frequently named state.
pub(super) fn main_country(dict: &ActorDict, matches: &[Vec<Match>]) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for m in matches.iter().flatten() {
        if let Some(e) =
            m.entries.iter().map(|&e| &dict.entries[e]).find(|e| {
                !e.weak && matches!(e.kind, Kind::Country | Kind::Demonym | Kind::Metonym)
            })
        {
            *counts.entry(country_of(&e.code).to_string()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(c, _)| c)
}

impl Context<'_> {
    /// A weak country name (Georgia, Jordan, Chad) counts unless it looks like a
    /// person's name or, for Georgia, the US state.
    pub(super) fn weak_country_ok(&self, toks: &[Token], sp: &Span, spans: &[Span]) -> bool {
        let prev = sp.start.checked_sub(1).map(|j| &toks[j]);
        let next = toks.get(sp.end);
        if prev.is_some_and(|p| is_name_token(p) && sp.start > 1) {
            return false; // "Michael Jordan"
        }
        if next.is_some_and(is_name_token) {
            return false; // "Jordan Peterson", "Chad Smith"
        }
        // "Jordan and her sister", "Chad said he ...": a person.
        let after: Vec<&str> = toks[sp.end..toks.len().min(sp.end + 3)]
            .iter()
            .map(|t| t.lower.as_str())
            .collect();
        if matches!(
            after.as_slice(),
            ["and", "her" | "his", ..] | ["and", "my", ..]
        ) || matches!(after.first(), Some(&"himself" | &"herself"))
        {
            return false;
        }
        const US_STATE: &[&str] = &[
            "atlanta",
            "governor",
            "gov.",
            "county",
            "senate",
            "senator",
            "republican",
            "republicans",
            "democrat",
            "democrats",
            "democratic",
            "primary",
            "savannah",
            "state",
            "legislature",
            "statehouse",
            "peach",
            "indicted",
            "jury",
            "election",
            "voters",
            "ballots",
            "sheriff",
            "district",
        ];
        let has = |list: &[&str]| toks.iter().any(|t| list.contains(&t.lower.as_str()));
        let code = sp.code.as_str();
        let own = country_of(code);
        // The country named unambiguously elsewhere in the article ("Georgian", "Tbilisi").
        let seen_before = self
            .seen
            .iter()
            .any(|s| s.mention.country == own && !matches!(s.mention.kind, MentionKind::Pronoun));
        if has(US_STATE) && !seen_before {
            return false;
        }
        let other_state = spans.iter().any(|o| {
            o.start != sp.start && o.kind.is_named() && !o.weak && {
                let c = country_of(&o.code);
                is_state(c) && c != own && c != "USA"
            }
        });
        let possessive_or_role = next.is_some_and(|n| n.lower == "'s")
            || spans
                .iter()
                .any(|o| o.start == sp.end && matches!(o.kind, Kind::Agent | Kind::Title));
        seen_before || other_state || possessive_or_role
    }

    /// A demonym is an actor only in a political position: before an agent or
    /// title, as a people noun ("the Japanese"), or before a noun not listed as
    /// non-political. Lower-case uses are never actors.
    pub(super) fn demonym_ok(&self, toks: &[Token], sp: &Span) -> bool {
        toks[sp.start].is_capitalized()
    }
}
