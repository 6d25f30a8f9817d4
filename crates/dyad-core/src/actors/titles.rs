//! Titles and agents not after a country word: before a person ("President
//! Donald Trump"), of a country ("the President of Brazil"), or bare ("the
//! embassy", "the minister") and resolved through the article's context.

use super::dictionary::{country_of, Kind};
use super::roles::role_of_entry;
use super::spans::{span_text, Span};
use super::{is_state, Context, Seen, NON_STATE};
use crate::document::{ActorMention, MentionKind, Token};

/// How many earlier mentions a bare title looks back through.
const CONTEXT_MENTIONS: usize = 300;

// Capitalised words that name a portfolio, not a person ("Minister of Economy, Trade and Industry").
use crate::grammar::PORTFOLIOS as PORTFOLIO;

// Verbs that follow a title used as a noun ("the official said").
use crate::grammar::VERBS_AFTER_TITLE;

use crate::actors::NON_STATE_ROLES;

// Agents as often abroad as at home: "the embassy in Tokyo" is not Japan's.
use crate::grammar::ABROAD_AGENTS as ABROAD;

use crate::grammar::LOCAL_PEOPLE;

impl Context<'_> {
    /// A title or agent that did not follow a country word.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn title_or_agent(
        &mut self,
        si: usize,
        toks: &[Token],
        spans: &[Span],
        i: &mut usize,
        sp: &Span,
        covered: &mut [bool],
        out: &[ActorMention],
    ) -> Option<ActorMention> {
        let role = role_of_entry(&sp.code).to_string();
        let head = toks[sp.end - 1].lower.clone();
        // The first half of a hyphenated modifier names no one: "an
        // *intelligence*-sharing pact", "a *military*-backed government".
        if sp.kind == Kind::Agent
            && toks.get(sp.end).is_some_and(|t| t.text == "-")
            && toks.get(sp.end + 1).is_some_and(|t| !t.is_capitalized())
        {
            return None;
        }
        let personal = sp.kind == Kind::Title;
        // "official" and "general" are adjectives more often than titles: "the official visit".
        if sp.end - sp.start == 1 && matches!(head.as_str(), "official" | "general") {
            if let Some(next) = toks.get(sp.end) {
                if next.kind != crate::document::TokenKind::Punct
                    && !next.is_capitalized()
                    && !VERBS_AFTER_TITLE.contains(&next.lower.as_str())
                {
                    return None;
                }
            }
        }
        let mut end = self.skip_portfolio(toks, sp.end, covered);
        // Title or honorific before a dictionary person: "President Donald Trump", "Prime Minister Johnson".
        if let Some(next) = spans.get(*i) {
            if next.kind == Kind::Person
                && (next.start == end || (Self::skip_honorific(toks, end) == next.start))
                && !(next.weak && Self::runs_into_name(toks, next.end, spans))
            {
                let pid = self.pick_person(&next.persons)?;
                *i += 1;
                if !self.people_seen.contains(&pid) {
                    self.people_seen.push(pid);
                }
                let code = self.dict.persons[pid].code_at(self.date);
                self.register_surname(toks, next.start, next.end, &code);
                let mut m = self.mention(
                    toks,
                    sp.start,
                    next.end,
                    code,
                    MentionKind::Person,
                    format!("title + person {}", self.dict.persons[pid].name),
                );
                m.person = Some(pid);
                m.head = head;
                covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
                return Some(m);
            }
            // "the President of Brazil", "envoy from Beijing", "the Parliament of Iraq".
            // An institution is of the place it sits in: "the junta in Niger",
            // "police in Hong Kong", "the foreign ministry in Ankara". Not troops,
            // refugees or envoys, who are as often abroad.
            let k = end;
            let located = k < toks.len()
                && toks[k].lower == "in"
                && !personal
                && !matches!(role.as_str(), "MIL" | "REF")
                && !ABROAD.contains(&head.as_str());
            // "withdraw *its* troops from Syria": troops already someone's are
            // not Syria's; "from" is where they leave.
            let possessed = sp.start > 0
                && matches!(
                    toks[sp.start - 1].lower.as_str(),
                    "its" | "their" | "his" | "her" | "our" | "'s"
                );
            if k < toks.len()
                && (matches!(toks[k].lower.as_str(), "of" | "for")
                    || toks[k].lower == "from" && !possessed
                    || located)
                && next.kind.is_named()
                && next.kind != Kind::Person
                && (!next.weak || self.weak_country_ok(toks, next, spans))
            {
                let after = if toks.get(k + 1).is_some_and(|t| t.lower == "the") {
                    k + 2
                } else {
                    k + 1
                };
                // "troops from the *Russian*-led CSTO": a name that opens a
                // hyphenated modifier is not whose they are.
                let modifier = toks.get(next.end).is_some_and(|t| t.text == "-");
                if next.start == after && !modifier {
                    *i += 1;
                    let country = country_of(&next.code).to_string();
                    let code = format!("{country}{role}");
                    let mut m = self.mention(
                        toks,
                        sp.start,
                        next.end,
                        code,
                        if personal {
                            MentionKind::Title
                        } else {
                            MentionKind::Agent
                        },
                        format!(
                            "{} of {}",
                            if personal { "title" } else { "agent" },
                            next.code
                        ),
                    );
                    m.personal = personal;
                    m.head = head;
                    covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
                    // "the President of the Republic of Korea Mr. Roh Moo-hyun"
                    let at = Self::skip_honorific(toks, m.end);
                    if let Some(p) = spans
                        .get(*i)
                        .filter(|p| p.kind == Kind::Person && p.start == at)
                    {
                        if let Some(pid) = self.pick_person(&p.persons) {
                            m.person = Some(pid);
                            m.end = p.end;
                            m.kind = MentionKind::Person;
                            *i += 1;
                        }
                    } else if personal {
                        let n = self.name_run(toks, at, covered);
                        if n > 0 {
                            let code = m.code.clone();
                            self.register(toks, at, at + n, &code);
                            m.end = at + n;
                            m.kind = MentionKind::LocalPerson;
                        }
                    }
                    m.text = span_text(toks, m.start, m.end);
                    covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
                    return Some(m);
                }
            }
        }
        // A title before an unknown name: the name is registered once its country is known.
        let at = Self::skip_honorific(toks, end);
        let name_len = if personal && toks[sp.start].is_capitalized() {
            self.name_run(toks, at, covered)
        } else {
            0
        };
        // Otherwise resolve through context, if the title is definite.
        let det = sp.start > 0
            && matches!(
                toks[sp.start - 1].lower.as_str(),
                "the" | "its" | "their" | "his" | "her" | "our"
            );
        let capital = toks[sp.start].is_capitalized() && sp.start > 0;
        // A plural or mass noun needs no article: "*Police* arrested",
        // "*gunmen* killed", like "troops". (Not after a name of its own:
        // "Northamptonshire police" are a local force of a place unknown.)
        // Nor before a noun it modifies: "a *police* report".
        let named_before = sp.start > 0 && toks[sp.start - 1].is_capitalized();
        let plural = head.ends_with('s')
            || !named_before
                && !modifies_noun(toks.get(sp.end))
                && (head.ends_with("men")
                    || crate::grammar::MASS_AGENT_NOUNS.contains(&head.as_str()));
        // "Danish *media and government*", "Japan's government *and media*":
        // the first conjunct's modifier names the second's country too. (Not
        // rebels or the opposition, as often the first one's foes: "Syrian
        // troops and rebels clashed".)
        let shared = (!personal && sp.start >= 2 && !NON_STATE_ROLES.contains(&role.as_str()))
            .then(|| {
                out.last().filter(|m| {
                    m.end + 1 == sp.start
                        && matches!(toks[sp.start - 1].lower.as_str(), "and" | "or")
                        && !m.role.is_empty()
                        && is_state(&m.country)
                        && !m.personal
                        && m.group.is_none()
                        && !modifies_noun(toks.get(sp.end))
                })
            })
            .flatten();
        if let Some(first) = shared {
            let how = format!("{head} → conjunct of {}", first.text);
            let code = format!("{}{role}", first.country);
            let mut m = self.mention(toks, sp.start, end, code, MentionKind::Agent, how);
            m.head = head;
            covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
            return Some(m);
        }
        if !(det || capital || name_len > 0 || (!personal && plural)) {
            return None;
        }
        // "its *military* aid", "their military presence": after a possessive,
        // an agent word before a noun is that noun's modifier, not the agent.
        if head == "military"
            && sp.start > 0
            && matches!(toks[sp.start - 1].lower.as_str(), "its" | "their")
            && modifies_noun(toks.get(sp.end))
            && toks
                .get(sp.end)
                .is_some_and(|t| !crate::grammar::is_past_form(&t.lower))
        {
            return None;
        }
        // "*foreign* troops on Libyan soil" are anyone's but the context's.
        if sp.start > 0 && matches!(toks[sp.start - 1].lower.as_str(), "foreign" | "overseas") {
            return None;
        }
        let place = LOCAL_PEOPLE
            .contains(&head.as_str())
            .then(|| local_place(toks, &spans[*i..], end, out))
            .flatten();
        let (code, how) = match place {
            Some((country, text)) => (
                format!("{country}{role}"),
                format!("{head} → people of {text}"),
            ),
            None => {
                // A mission is not the host's: "its embassy *in Tehran*".
                let host = crate::grammar::ABROAD_AGENTS
                    .contains(&head.as_str())
                    .then(|| place_ahead(toks, &spans[*i..], end))
                    .flatten()
                    .map(|(country, _)| country);
                // "*its* foreign ministry" is the ministry of whatever "its"
                // stands for, the state named last, not of the last ministry
                // named ("Russia's foreign ministry ... Baku reacted. *Its*
                // foreign ministry condemned").
                let possessive =
                    sp.start > 0 && matches!(toks[sp.start - 1].lower.as_str(), "its" | "their");
                // Nor is a bare organ the state its own clause acts towards:
                // "the federal government was recalling its diplomats *from
                // Kenya*" is not Kenya's.
                let mut excluded: Vec<String> = host.into_iter().collect();
                if !personal {
                    excluded.extend(aimed_ahead(toks, &spans[*i..], end));
                }
                self.resolve_context(
                    si,
                    &role,
                    &head,
                    personal,
                    name_len > 0 || possessive,
                    &excluded,
                    out,
                )?
            }
        };
        if name_len > 0 {
            self.register(toks, at, at + name_len, &code);
            end = at + name_len;
        }
        let start = if det { sp.start - 1 } else { sp.start };
        let mut m = self.mention(
            toks,
            start,
            end,
            code,
            if name_len > 0 {
                MentionKind::LocalPerson
            } else if personal {
                MentionKind::Title
            } else {
                MentionKind::Agent
            },
            how,
        );
        m.personal = personal;
        m.head = head;
        covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
        Some(m)
    }

    /// Skips "of Economy, Trade and Industry" after a title.
    pub(super) fn skip_portfolio(&self, toks: &[Token], at: usize, covered: &[bool]) -> usize {
        if !toks
            .get(at)
            .is_some_and(|t| t.lower == "of" || t.lower == "for")
        {
            return at;
        }
        let mut k = at + 1;
        let mut last = at;
        while k < toks.len() && !covered[k] && PORTFOLIO.contains(&toks[k].lower.as_str()) {
            if toks[k].is_capitalized() {
                last = k + 1;
            }
            k += 1;
        }
        last
    }

    /// The country a bare title or agent refers to: an earlier actor with the same
    /// head word ("the embassy" after "the US Embassy"), else the last named
    /// state (not one `excluded`: the host where a mission is, or whom the
    /// clause acts towards), else the article's main country.
    /// A title before a name not met before (`new_person`) is someone else than
    /// the earlier holders of that title or role, often their counterpart
    /// ("Chinese Vice Foreign Minister Sun ... *Vice Foreign Minister
    /// Funakoshi* summoned"): the last named state decides. The caller sets it
    /// too after a possessive ("*its* foreign ministry"), whose owner is the
    /// state "its" stands for, not the owner of the last ministry named.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn resolve_context(
        &self,
        si: usize,
        role: &str,
        head: &str,
        personal: bool,
        new_person: bool,
        excluded: &[String],
        out: &[ActorMention],
    ) -> Option<(String, String)> {
        // A bounded look back keeps long documents linear.
        let earlier = self
            .seen
            .iter()
            .rev()
            .take(CONTEXT_MENTIONS)
            .map(|s| &s.mention);
        let here = out.iter().rev();
        let all: Vec<&ActorMention> = here.chain(earlier).collect();
        if let Some(m) = all
            .iter()
            .filter(|_| !new_person)
            .find(|m| m.head == head && !m.country.is_empty())
        {
            return Some((
                format!("{}{}", m.country, role),
                format!("{head} → earlier {}", m.text),
            ));
        }
        // "Kishida arrived in Seoul. The prime minister met ...": a person's title goes
        // to the last person named with the same role, in this or the previous sentence.
        // Rebels, insurgents and the opposition are not a state's organs: named with
        // no country, their country is unknown rather than the last state named.
        if !personal && NON_STATE_ROLES.contains(&role) {
            return Some((
                format!("{NON_STATE}{role}"),
                format!("{head} → non-state actor, no country named"),
            ));
        }
        if personal && !new_person {
            let recent = out.iter().rev().chain(
                self.seen
                    .iter()
                    .rev()
                    .take_while(|s| s.sentence + 1 >= si)
                    .map(|s| &s.mention),
            );
            if let Some(m) = recent
                .filter(|m| {
                    matches!(m.kind, MentionKind::Person | MentionKind::LocalPerson) && !m.attached
                })
                .find(|m| m.role == role)
            {
                return Some((
                    format!("{}{}", m.country, role),
                    format!("{head} → last {role} person named, {}", m.text),
                ));
            }
        }
        let state = |m: &ActorMention| {
            is_state(&m.country)
                && m.kind != MentionKind::Place
                && !m.attached
                && !excluded.contains(&m.country)
        };
        // Named first in its sentence, the organ's state is the one the
        // sentence before was about, not one it named in passing: "Seoul said
        // it would reconsider supplying weapons *to Ukraine*. The foreign
        // ministry summoned ..." is Seoul's ministry.
        if !out.iter().any(&state) {
            let before: Vec<&Seen> = self
                .seen
                .iter()
                .rev()
                .take_while(|s| s.sentence + 1 >= si)
                .filter(|s| state(&s.mention))
                .collect();
            if before.first().is_some_and(|s| s.oblique) {
                if let Some(s) = before.iter().find(|s| !s.oblique) {
                    let m = &s.mention;
                    return Some((
                        format!("{}{}", m.country, role),
                        format!("{head} → last named state acting {}", m.country),
                    ));
                }
            }
        }
        if let Some(m) = all.iter().find(|m| state(m)) {
            return Some((
                format!("{}{}", m.country, role),
                format!("{head} → last named state {}", m.country),
            ));
        }
        let main = self.main.as_ref()?;
        Some((
            format!("{main}{role}"),
            format!("{head} → main country {main}"),
        ))
    }
}

/// Whether the word after a bare mass noun ("police") makes it a modifier
/// ("police report", "police custody") rather than the one who acts ("police
/// arrested", "police said", "police in Dhaka"): a lowercase word that looks
/// like neither a verb nor a function word.
fn modifies_noun(next: Option<&Token>) -> bool {
    let Some(t) = next else { return false };
    let w = t.lower.as_str();
    t.kind == crate::document::TokenKind::Word
        && !t.is_capitalized()
        && !w.ends_with("ed")
        && !w.ends_with('s')
        && !crate::grammar::ACTOR_NOUN_FOLLOWERS.contains(&w)
}

/// The place whose people a bare "civilians" or "protesters" ending at `end`
/// are: one named "in" it later in its clause ("protesters rallied outside
/// parliament *in Tbilisi*"), else a place named earlier in the sentence
/// ("shelled the city of Kharkiv, killing three civilians"). Country and words.
fn local_place(
    toks: &[Token],
    later: &[Span],
    end: usize,
    out: &[ActorMention],
) -> Option<(String, String)> {
    let placed =
        |kind_ok: bool, start: usize| kind_ok && start > 0 && toks[start - 1].lower == "in";
    place_ahead(toks, later, end).or_else(|| {
        out.iter()
            .rev()
            .find(|m| {
                is_state(&m.country)
                    && (m.kind == MentionKind::Place
                        || placed(
                            matches!(m.kind, MentionKind::Country | MentionKind::Metonym),
                            m.start,
                        ))
            })
            .map(|m| (m.country.clone(), m.text.clone()))
    })
}

/// The states named later in the clause after a preposition of direction or
/// opposition ("recalled its diplomats *from Kenya*", "closed its airspace
/// *to French* aircraft").
fn aimed_ahead(toks: &[Token], later: &[Span], end: usize) -> Vec<String> {
    later
        .iter()
        .filter(|n| n.start >= end)
        .take_while(|n| {
            !toks[end..n.start]
                .iter()
                .any(|t| matches!(t.text.as_str(), ";" | ":"))
        })
        .filter(|n| matches!(n.kind, Kind::Country | Kind::Metonym | Kind::Demonym))
        .filter(|n| super::after_direction(toks, n.start))
        .map(|n| country_of(&n.code).to_string())
        .filter(|c| is_state(c))
        .collect()
}

/// The state of a place named "in X" shortly after `end`, in the same clause.
fn place_ahead(toks: &[Token], later: &[Span], end: usize) -> Option<(String, String)> {
    let placed =
        |kind_ok: bool, start: usize| kind_ok && start > 0 && toks[start - 1].lower == "in";
    later
        .iter()
        .take_while(|n| n.start <= end + 6)
        .take_while(|n| {
            !toks[end..n.start]
                .iter()
                .any(|t| matches!(t.text.as_str(), "," | ";" | ":"))
        })
        .find(|n| {
            placed(
                matches!(n.kind, Kind::Place | Kind::Country | Kind::Metonym),
                n.start,
            )
        })
        .filter(|n| is_state(country_of(&n.code)))
        .map(|n| {
            (
                country_of(&n.code).to_string(),
                span_text(toks, n.start, n.end),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::testing::{code, context, first_in_last, labels, one, toks};

    #[test]
    fn a_portfolio_after_a_title_ends_at_its_last_capitalised_word() {
        let ctx = context(None, None);
        let t = toks("Minister of Economy, Trade and Industry Yasutoshi Nishimura");
        assert_eq!(ctx.skip_portfolio(&t, 1, &vec![false; t.len()]), 7);
        // Not "of": nothing to skip; a covered word ends the portfolio.
        assert_eq!(ctx.skip_portfolio(&t, 2, &vec![false; t.len()]), 2);
        let mut covered = vec![false; t.len()];
        covered[4] = true;
        assert_eq!(ctx.skip_portfolio(&t, 1, &covered), 3);
    }

    #[test]
    fn a_title_of_a_country_or_from_a_capital_takes_that_country() {
        assert_eq!(
            one(
                "2018-05-26",
                "The President of Brazil met the envoy from Beijing."
            ),
            ["President of Brazil=BRAGOV", "envoy from Beijing=CHNGOV"]
        );
    }

    #[test]
    fn a_plural_title_before_a_list_of_countries_is_each_ones() {
        assert_eq!(
            one(
                "2018-05-26",
                "The foreign ministers of Japan, China and South Korea met."
            ),
            [
                "foreign ministers of Japan=JPNGOV",
                "China=CHNGOV",
                "South Korea=KORGOV"
            ]
        );
        // A singular title is the first country's alone.
        assert_eq!(
            one("2018-05-26", "The ambassador of Japan and China met."),
            ["ambassador of Japan=JPNGOV", "China=CHN"]
        );
    }

    #[test]
    fn a_mission_is_not_the_hosts_and_foreign_forces_are_not_the_contexts() {
        assert_eq!(
            one(
                "2018-05-26",
                "Saudi Arabia cut ties with Iran after protesters stormed its embassy in Tehran."
            ),
            [
                "Saudi Arabia=SAU",
                "Iran=IRN",
                "protesters=IRNOPP",
                "its embassy=SAUGOV",
                "Tehran=IRN"
            ]
        );
        assert_eq!(
            one(
                "2018-05-26",
                "Libya rejected the presence of foreign troops."
            ),
            ["Libya=LBY"]
        );
    }

    #[test]
    fn a_bare_title_goes_to_an_earlier_actor_with_the_same_head_word() {
        let mut ctx = context(Some("2018-05-26"), None);
        let out = code(
            &mut ctx,
            &["The US Embassy protested.", "The embassy said no."],
        );
        assert_eq!(labels(&out[1]), ["The embassy=USAGOV"]);
        assert_eq!(out[1][0].how, "embassy → earlier US Embassy");
    }

    #[test]
    fn a_bare_personal_title_goes_to_the_last_person_with_that_role() {
        let s = [
            "Kishida arrived in Seoul.",
            "The prime minister met reporters.",
        ];
        // In office, Kishida is JPNGOV: "the prime minister" is him.
        assert_eq!(first_in_last("2022-05-26", &s), "The prime minister=JPNGOV");
        // Out of office, no GOV person was named: the last named state.
        assert_eq!(first_in_last("2018-05-26", &s), "The prime minister=KORGOV");
    }

    #[test]
    fn a_bare_organ_is_the_state_that_acted_not_one_named_in_passing() {
        let s = [
            "Seoul said it would stop sending aid to Ukraine.",
            "The foreign ministry summoned the Russian ambassador.",
        ];
        assert_eq!(
            first_in_last("2024-06-21", &s),
            "The foreign ministry=KORGOV"
        );
        // With no state acting before, the last one named.
        let s = ["Aid was sent to Ukraine.", "The foreign ministry said so."];
        assert_eq!(
            first_in_last("2024-06-21", &s),
            "The foreign ministry=UKRGOV"
        );
    }

    #[test]
    fn a_bare_organ_is_not_the_state_its_clause_acts_towards() {
        let s = [
            "Somalia accused Kenya of meddling.",
            "The government recalled its diplomats from Kenya.",
        ];
        assert_eq!(first_in_last("2021-05-26", &s), "The government=SOMGOV");
    }

    #[test]
    fn with_nothing_named_a_bare_title_is_the_articles_main_country_or_nothing() {
        let mut ctx = context(Some("2018-05-26"), Some("JPN"));
        let out = code(&mut ctx, &["The minister spoke."]);
        assert_eq!(labels(&out[0]), ["The minister=JPNGOV"]);
        assert_eq!(out[0][0].how, "minister → main country JPN");
        assert_eq!(
            one("2018-05-26", "The minister spoke."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn rebels_named_without_a_country_have_none() {
        let mut ctx = context(Some("2018-05-26"), Some("JPN"));
        let out = code(
            &mut ctx,
            &["Russia protested.", "Insurgents attacked the town."],
        );
        assert_eq!(labels(&out[1]), ["Insurgents=---INS"]);
    }

    #[test]
    fn bare_plural_and_mass_agents_need_no_article_unless_they_modify() {
        assert!(one("2024-05-10", "Belarus said police detained gunmen.")
            .iter()
            .any(|l| l == "police=BLRCOP"));
        assert!(one("2024-05-10", "Belarus said gunmen fled.")
            .iter()
            .any(|l| l == "gunmen=---INS"));
        assert_eq!(
            one("2024-05-10", "Russian helicopters fired rockets."),
            ["Russian helicopters=RUSMIL"]
        );
        assert!(
            one("2024-05-10", "Japan signed an intelligence-sharing pact.")
                .iter()
                .all(|l| !l.contains("SPY"))
        );
        assert!(one("2024-05-10", "He filed a police report in Minsk.")
            .iter()
            .all(|l| !l.contains("COP")));
    }

    #[test]
    fn official_before_a_noun_is_an_adjective_not_a_title() {
        let mut ctx = context(Some("2018-05-26"), Some("JPN"));
        let out = code(
            &mut ctx,
            &["the official visit went ahead.", "The official said no."],
        );
        assert!(out[0].is_empty());
        assert_eq!(labels(&out[1]), ["The official=JPNGOV"]);
    }

    #[test]
    fn a_capitalised_title_before_an_unknown_name_registers_it() {
        let mut ctx = context(Some("2018-05-26"), Some("RUS"));
        let out = code(
            &mut ctx,
            &[
                "Deputy Prime Minister Olga Golodets spoke.",
                "Golodets left.",
            ],
        );
        assert_eq!(
            labels(&out[0]),
            ["Deputy Prime Minister Olga Golodets=RUSGOV"]
        );
        assert_eq!(out[0][0].kind, MentionKind::LocalPerson);
        assert_eq!(labels(&out[1]), ["Golodets=RUSGOV"]);
    }
}
