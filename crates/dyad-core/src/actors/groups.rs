//! Coordinated actors as one group ("Japan and South Korea", "Cyprus, Greece
//! and Israel") and compound dyads ("U.S.-Russian relations").

use super::Context;
use crate::document::{ActorMention, MentionKind, Token};
use crate::grammar::EVENT_PREPOSITIONS as PREPOSITIONS;

impl Context<'_> {
    /// Marks coordinated mentions ("Japan and South Korea", "Cyprus, Greece and Israel") as one group.
    pub(super) fn groups(&mut self, toks: &[Token], out: &mut [ActorMention]) {
        let mut k = 0;
        while k < out.len() {
            if out[k].group.is_some() || out[k].attached {
                k += 1;
                continue;
            }
            let mut j = k;
            while j + 1 < out.len() {
                let ok = matches!(
                    gap_words(toks, out, j).as_slice(),
                    ["and"]
                        | [","]
                        | [",", "and"]
                        | ["&"]
                        | ["and", "the"]
                        | [",", "the"]
                        | [",", "and", "the"]
                        // Compound dyads: "U.S.-Russian relations", "the Japan-China summit".
                        | ["-"]
                        | ["–"]
                );
                if !ok || out[j + 1].attached {
                    break;
                }
                j += 1;
            }
            // "According to Estonia, Russia violated ...", "In Tokyo, China's envoy
            // said": names joined by commas alone, the first inside a phrase, are
            // a phrase and the clause after it, not a list (a list has its "and";
            // a headline's "Japan, Australia sign pact" has no preposition).
            let commas_only =
                (k..j).all(|x| (out[x].end..out[x + 1].start).all(|t| toks[t].lower == ","));
            // (In a headline, "as" or "while" before the names opens a clause:
            // "UN chief urges restraint as India, Pakistan trade fire".)
            let clause_opener = self.heading
                && out[k].start > 0
                && matches!(
                    toks[out[k].start - 1].lower.as_str(),
                    "as" | "while" | "after" | "before" | "when" | "since" | "until"
                );
            let in_phrase = out[k].start > 0
                && PREPOSITIONS.contains(&toks[out[k].start - 1].lower.as_str())
                && !clause_opener;
            // "... to meet President Putin, officials in Tokyo said": the last name
            // before a reporting verb is a trailing attribution, not a member.
            let attribution = toks
                .get(out[j].end)
                .is_some_and(|t| crate::grammar::REPORTING.contains(&t.lower.as_str()));
            // "If Russia invades *Ukraine, the United States* will ...": the
            // first comma of a sentence that opens with a subordinator closes
            // that clause.
            let fronted_clause = j > k && {
                let first = toks.first().map_or("", |t| t.lower.as_str());
                (crate::grammar::ADVERBIAL_SUBORDINATORS.contains(&first)
                    || matches!(first, "if" | "when" | "whenever" | "after" | "before"))
                    && !toks[..out[k].end].iter().any(|t| t.text == ",")
                    && !toks[out[k].end..out[k + 1].start]
                        .iter()
                        .any(|t| matches!(t.lower.as_str(), "and" | "&"))
            };
            if commas_only && (in_phrase || attribution) || fronted_clause {
                j = k;
            }
            // "on the sidelines of the summit *in Lima, Biden*, Ishiba and Yoon
            // met": a place named after "in" or "at" and the people listed
            // after its comma are no list (a city and persons do not
            // coordinate); the people are one.
            let located = out[k].start > 0
                && matches!(toks[out[k].start - 1].lower.as_str(), "in" | "at")
                && matches!(out[k].kind, MentionKind::Metonym | MentionKind::Place)
                && j > k
                && (out[k].end..out[k + 1].start).all(|t| toks[t].lower == ",")
                && matches!(
                    out[k + 1].kind,
                    MentionKind::Person | MentionKind::LocalPerson | MentionKind::Title
                );
            if located {
                k += 1;
                continue;
            }
            // ", and" ends a clause, not a list, where a list of two would take
            // no comma before its "and" ("sanctions over the invasion of
            // *Ukraine, and Japan* has since expelled") or another "and" comes
            // after it ("expel three *Russian diplomats, and Estonia*, Latvia
            // and Lithuania said ..."); the names after it are a list of their
            // own. (Not names in apposition: "Witkoff, Trump's envoy, and
            // Iran's foreign minister, Abbas Araghchi".)
            let comma_and = |x: usize| {
                matches!(
                    gap_words(toks, out, x).as_slice(),
                    [",", "and"] | [",", "and", "the"]
                )
            };
            if let Some(x) = (k..j).find(|&x| {
                comma_and(x)
                    && (j == k + 1 || (x + 1..j).any(|y| gap_words(toks, out, y).contains(&"and")))
            }) {
                j = x;
            }
            if j > k {
                let g = self.next_group;
                self.next_group += 1;
                // "Indian and Chinese troops": bare demonyms share the last member's role,
                // when a state's role comes from the shared noun; an organisation's
                // role is its own ("Israeli and *Hamas* negotiators" are no Israeli rebels).
                let state = matches!(out[j].kind, MentionKind::Demonym | MentionKind::Country);
                let (last_role, last_head) = if state {
                    (out[j].role.clone(), out[j].head.clone())
                } else {
                    (String::new(), String::new())
                };
                for m in &mut out[k..=j] {
                    m.group = Some(g);
                    if m.kind == MentionKind::Demonym && m.role.is_empty() && !last_role.is_empty()
                    {
                        m.role = last_role.clone();
                        m.code = format!("{}{}", m.country, last_role);
                        m.head = last_head.clone();
                    }
                }
            }
            k = j + 1;
        }
    }
}

/// The words between mention `x` and the next one.
fn gap_words<'a>(toks: &'a [Token], out: &[ActorMention], x: usize) -> Vec<&'a str> {
    (out[x].end..out[x + 1].start)
        .map(|t| toks[t].lower.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::actors::testing::{code, context, toks};
    use crate::document::{ActorMention, MentionKind};

    /// (code, group) of each mention of one sentence.
    fn grouped(s: &str) -> Vec<(String, Option<usize>)> {
        let mut ctx = context(Some("2018-05-26"), None);
        let out: Vec<ActorMention> = code(&mut ctx, &[s]).remove(0);
        out.into_iter().map(|m| (m.code, m.group)).collect()
    }

    fn g(code: &str, group: Option<usize>) -> (String, Option<usize>) {
        (code.to_string(), group)
    }

    #[test]
    fn a_compound_dyad_is_a_group_of_its_two_sides() {
        assert_eq!(
            grouped("U.S.-Russian relations worsened."),
            [g("USA", Some(0)), g("RUS", Some(0))]
        );
        assert_eq!(
            grouped("The Japan–China summit ended."),
            [g("JPN", Some(0)), g("CHN", Some(0))]
        );
    }

    #[test]
    fn a_comma_and_before_a_list_of_its_own_ends_a_clause() {
        let out = grouped(
            "Slovakia expelled two Russian diplomats, and Estonia, Latvia and Lithuania \
             said they would do the same.",
        );
        assert_eq!(out[1], g("RUSGOV", None));
        assert_eq!(
            out[2..5],
            [g("EST", Some(0)), g("LVA", Some(0)), g("LTU", Some(0))]
        );
        // Names in apposition keep their ", and".
        let appo =
            grouped("Witkoff, Trump's envoy, and Iran's foreign minister, Abbas Araghchi, met.");
        assert!(
            appo.iter()
                .filter(|(c, _)| c.starts_with("IRN"))
                .all(|(_, g)| g.is_some()),
            "{appo:?}"
        );
    }

    #[test]
    fn a_list_with_commas_and_and_is_one_group() {
        assert_eq!(
            grouped("Cyprus, Greece and Israel signed a deal."),
            [g("CYP", Some(0)), g("GRC", Some(0)), g("ISR", Some(0))]
        );
    }

    #[test]
    fn a_name_before_a_reporting_verb_after_a_comma_is_no_member() {
        assert_eq!(
            grouped("Abe will meet Putin, officials in Tokyo said."),
            [g("JPNGOV", None), g("RUSGOV", None), g("JPNGOV", None)]
        );
    }

    #[test]
    fn two_names_across_a_comma_and_are_two_clauses() {
        assert_eq!(
            grouped("Moscow condemned Ukraine, and Japan protested."),
            [g("RUS", None), g("UKR", None), g("JPN", None)]
        );
    }

    #[test]
    fn a_phrase_and_the_clause_after_its_comma_are_no_group() {
        assert_eq!(
            grouped("According to Estonia, Russia violated its airspace."),
            // (The airspace Russia violated is not its own: "its" is Estonia.)
            [g("EST", None), g("RUS", None), g("EST", None)]
        );
        // A headline's comma is its "and".
        assert_eq!(
            grouped("Japan, Australia sign defence pact."),
            [g("JPN", Some(0)), g("AUS", Some(0))]
        );
    }

    #[test]
    fn a_place_before_a_list_of_people_is_no_member() {
        assert_eq!(
            grouped("At the summit in Lima, Biden, Ishiba and Yoon met."),
            [
                g("PER", None),
                // (Undated, so coded as the former leaders they now are.)
                g("USAELI", Some(0)),
                g("JPNELI", Some(0)),
                g("KORELI", Some(0))
            ]
        );
    }

    #[test]
    fn the_comma_closing_a_fronted_clause_is_no_list() {
        assert_eq!(
            grouped("If Russia invades Ukraine, the United States will act."),
            [g("RUS", None), g("UKR", None), g("USA", None)]
        );
        assert_eq!(
            grouped("If Russia invades, Ukraine, Poland and Moldova will act."),
            [
                g("RUS", None),
                g("UKR", Some(0)),
                g("POL", Some(0)),
                g("MDA", Some(0))
            ]
        );
    }

    #[test]
    fn bare_demonyms_share_the_role_of_the_last_member() {
        assert_eq!(
            grouped("Indian and Chinese troops clashed."),
            [g("INDMIL", Some(0)), g("CHNMIL", Some(0))]
        );
        // An organisation's role is its own, not the shared noun's.
        assert_eq!(
            grouped("Israeli and Hamas negotiators arrived."),
            [g("ISR", Some(0)), g("PSEREB", Some(0))]
        );
    }

    #[test]
    fn actors_joined_by_a_verb_are_no_group() {
        assert_eq!(
            grouped("Japan met Russia."),
            [g("JPN", None), g("RUS", None)]
        );
    }

    #[test]
    fn an_attached_mention_does_not_join_a_group() {
        let mut ctx = context(None, None);
        let t = toks("Japan and China and Russia");
        let mention =
            |i: usize, c: &str| ctx.mention(&t, i, i + 1, c.into(), MentionKind::Country, "");
        let mut out = vec![mention(0, "JPN"), mention(2, "CHN"), mention(4, "RUS")];
        out[1].attached = true;
        ctx.groups(&t, &mut out);
        assert_eq!(
            out.iter().map(|m| m.group).collect::<Vec<_>>(),
            [None, None, None]
        );
        out[1].attached = false;
        ctx.groups(&t, &mut out);
        assert_eq!(
            out.iter().map(|m| m.group).collect::<Vec<_>>(),
            [Some(0), Some(0), Some(0)]
        );
    }
}
