//! Country words: the state an article is about, and when a weak name
//! (Georgia, Jordan, Chad) or a demonym names a state at all.

use rustc_hash::FxHashMap as HashMap;

use super::dictionary::{country_of, Match};
use super::people::is_name_token;
use super::spans::Span;
use super::{is_state, ActorDict, Context, Kind};
use crate::document::{MentionKind, Token};

/// The country an article is mostly about: the most frequently named state.
pub(super) fn main_country(dict: &ActorDict, matches: &[Vec<Match>]) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::default();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::testing::{article, dict, one, toks};

    fn main_of(sentences: &[&str]) -> Option<String> {
        let matches: Vec<Vec<Match>> = sentences.iter().map(|s| dict().find(&toks(s))).collect();
        main_country(dict(), &matches)
    }

    #[test]
    fn the_main_country_is_the_most_named_state_with_demonyms_and_capitals_counting() {
        assert_eq!(
            main_of(&[
                "Russia warned Japan.",
                "Tokyo protested.",
                "Japanese ships left."
            ]),
            Some("JPN".into())
        );
        // A tie goes to the alphabetically first code, so the choice is stable.
        assert_eq!(main_of(&["Russia warned Japan."]), Some("JPN".into()));
        // A weak name (Chad) is no evidence by itself.
        assert_eq!(main_of(&["Chad and Chad again."]), None);
    }

    #[test]
    fn a_weak_country_name_needs_support_from_the_sentence() {
        assert_eq!(
            one("2018-05-26", "Chad said he would go."),
            Vec::<String>::new()
        );
        assert_eq!(
            one("2018-05-26", "Chad and Sudan signed a deal."),
            ["Chad=TCD", "Sudan=SDN"]
        );
    }

    #[test]
    fn a_weak_country_name_that_reads_as_a_persons_name_is_no_country() {
        assert_eq!(
            one("2018-05-26", "Michael Jordan met Jordan's king."),
            ["Jordan's king=JORGOV"]
        );
        assert_eq!(
            one("2018-05-26", "Jordan Peterson met Sudan's president."),
            ["Sudan's president=SDNGOV"]
        );
    }

    #[test]
    fn georgia_among_us_state_words_is_the_country_only_once_the_country_was_named() {
        assert_eq!(
            one("2018-05-26", "Georgia voters backed the senator."),
            Vec::<String>::new()
        );
        let doc = article(
            "2018-05-26",
            "Tbilisi protested. Georgia voters backed the senator.",
        );
        let codes: Vec<&str> = doc.sentences[1]
            .actors
            .iter()
            .map(|m| m.code.as_str())
            .collect();
        assert_eq!(codes, ["GEOCVL", "GEOLEG"]);
    }

    #[test]
    fn a_demonym_is_an_actor_only_capitalised_and_not_before_a_non_political_noun() {
        assert_eq!(
            one("2018-05-26", "The Japanese protested."),
            ["Japanese=JPN"]
        );
        assert_eq!(
            one("2018-05-26", "The Japanese restaurant opened."),
            Vec::<String>::new()
        );
        let doc = article("2018-05-26", "The japanese protested.");
        assert!(doc.sentences[0].actors.is_empty());
    }

    #[test]
    fn a_demonym_and_the_country_name_give_one_code_as_different_kinds() {
        let doc = article("2018-05-26", "Japan and the Russians met.");
        let got: Vec<(&str, MentionKind)> = doc.sentences[0]
            .actors
            .iter()
            .map(|m| (m.code.as_str(), m.kind))
            .collect();
        assert_eq!(
            got,
            [("JPN", MentionKind::Country), ("RUS", MentionKind::Demonym)]
        );
    }

    #[test]
    fn demonym_ok_reads_the_case_of_the_first_word() {
        let ctx = crate::actors::testing::context(None, None);
        let t = toks("japanese and Japanese");
        let sp = |start| Span {
            start,
            end: start + 1,
            kind: Kind::Demonym,
            code: "JPN".into(),
            weak: false,
            persons: Vec::new(),
        };
        assert!(!ctx.demonym_ok(&t, &sp(0)));
        assert!(ctx.demonym_ok(&t, &sp(2)));
    }
}
