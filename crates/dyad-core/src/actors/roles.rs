//! A country word or person extended by the role after it ("Russian
//! troops", "Japan's Prime Minister Shinzo Abe", "Iranian airline Mahan Air").

use super::dictionary::{self, country_of, split_code, Kind};
use super::spans::{span_text, Span};
use super::{Alias, Context};
use crate::document::{ActorMention, MentionKind, Token};

// Words allowed between a country word and its title or agent ("Japan's *top* diplomat").
use crate::grammar::TITLE_MODIFIERS as MODIFIERS;

impl Context<'_> {
    /// Extends a mention with a following role ("Japan 's Defence Ministry", "Russian troops",
    /// "Japan Prime Minister Shinzo Abe"); returns the next span index.
    pub(super) fn extend_with_role(
        &mut self,
        toks: &[Token],
        spans: &[Span],
        mut i: usize,
        m: &mut ActorMention,
        covered: &mut [bool],
    ) -> usize {
        // "*pro*-EU demonstrators", "*anti*-American protesters": what they are
        // for or against is not whose they are.
        if m.start >= 2
            && toks[m.start - 1].text == "-"
            && matches!(toks[m.start - 2].lower.as_str(), "pro" | "anti")
        {
            m.attached = true;
            return i;
        }
        while let Some(next) = spans.get(i) {
            let gap_ok = (m.end..next.start).all(|k| {
                MODIFIERS.contains(&toks[k].lower.as_str())
                    || (toks[k].is_capitalized()
                        && matches!(
                            toks[k].lower.as_str(),
                            "deputy"
                                | "vice"
                                | "foreign"
                                | "first"
                                | "chief"
                                | "senior"
                                | "acting"
                                | "former"
                        ))
            });
            if !gap_ok || next.start - m.end > 3 {
                break;
            }
            match next.kind {
                Kind::Title | Kind::Agent => {
                    // A role does not change an IGO's identity, a person keeps their own
                    // code, and an armed group's leader or fighters are the group
                    // ("al-Qaeda leader", "Hezbollah fighters").
                    if m.kind != MentionKind::Person
                        && !crate::actors::NON_STATE_ROLES.contains(&m.role.as_str())
                    {
                        let country = m.country.clone();
                        m.role = role_of_entry(&next.code).to_string();
                        m.code = format!("{country}{}", m.role);
                    }
                    if next.kind == Kind::Title {
                        m.personal = true;
                    } else if m.kind == MentionKind::Person
                        && crate::grammar::GOVERNING_BODIES
                            .contains(&toks[next.end - 1].lower.as_str())
                    {
                        // "the *Trump administration*", "the Assad regime": a
                        // leader's name on a governing body names the state's
                        // government, an "it", not the person.
                        let country = m.country.clone();
                        m.role = role_of_entry(&next.code).to_string();
                        m.code = format!("{country}{}", m.role);
                        m.person = None;
                        m.personal = false;
                    }
                    m.head = toks[next.end - 1].lower.clone();
                    m.end = next.end;
                    m.how = format!(
                        "{} + {}",
                        m.how,
                        if next.kind == Kind::Title {
                            "title"
                        } else {
                            "agent"
                        }
                    );
                    i += 1;
                    m.end = self.skip_portfolio(toks, m.end, covered);
                    // Envoys: "ambassador to China" — China is not the envoy's country.
                    if matches!(
                        m.head.as_str(),
                        "ambassador"
                            | "envoy"
                            | "ambassadors"
                            | "envoys"
                            | "consul"
                            | "representative"
                            // (A delegation to a country visits it; a mission
                            // is resident there.)
                            | "mission"
                    ) && toks.get(m.end).is_some_and(|t| t.lower == "to")
                    {
                        if let Some(n) = spans.get(i) {
                            if n.start == m.end + 1
                                || (n.start == m.end + 2 && toks[m.end + 1].lower == "the")
                            {
                                self.attach.push(n.start);
                            }
                        }
                    }
                }
                Kind::Person
                    if next.start == m.end
                        || Self::honorific_before(toks, next.start) && next.start - m.end <= 2 =>
                {
                    let Some(pid) = self.pick_person_of(&next.persons, Some(&m.country)) else {
                        break;
                    };
                    let code = self.dict.persons[pid].code_at(self.date);
                    if !self.people_seen.contains(&pid) {
                        self.people_seen.push(pid);
                    }
                    self.register_surname(toks, next.start, next.end, &code);
                    if !code.is_empty() && country_of(&code) == m.country
                        || m.kind != MentionKind::Person
                    {
                        let (c, r) = split_code(&code);
                        m.country = c.to_string();
                        m.role = r.to_string();
                        m.code = code;
                    }
                    m.person = Some(pid);
                    m.personal = true;
                    m.kind = MentionKind::Person;
                    m.end = next.end;
                    m.how = format!("{} + person {}", m.how, self.dict.persons[pid].name);
                    i += 1;
                    break;
                }
                _ => break,
            }
        }
        // An organisation's name after its kind: "Iranian airline Mahan Air".
        if !m.personal && m.person.is_none() && !m.role.is_empty() && m.kind != MentionKind::Person
        {
            let n = self.name_run(toks, m.end, covered);
            if n > 0 {
                let key: Vec<&str> = toks[m.end..m.end + n]
                    .iter()
                    .map(|t| t.lower.as_str())
                    .collect();
                self.aliases.insert(
                    key.join(" "),
                    Alias {
                        code: m.code.clone(),
                    },
                );
                if n > 1 && toks[m.end].text.chars().count() > 3 {
                    self.aliases
                        .entry(toks[m.end].lower.clone())
                        .or_insert(Alias {
                            code: m.code.clone(),
                        });
                }
                m.end += n;
                m.how = format!("{} + name (registered)", m.how);
            }
        }
        // A name after a titled mention: "Deputy Prime Minister Olga Golodets".
        if m.personal && m.person.is_none() {
            let at = Self::skip_honorific(toks, m.end);
            let n = self.name_run(toks, at, covered);
            if n > 0 {
                self.register(toks, at, at + n, &m.code);
                m.end = at + n;
                m.kind = MentionKind::LocalPerson;
                m.how = format!("{} + name (registered)", m.how);
            }
        }
        // Possessive role: "Merkel 's spokesperson", "Congo 's president".
        if toks.get(m.end).is_some_and(|t| t.lower == "'s") {
            if let Some(next) = spans.get(i) {
                if matches!(next.kind, Kind::Title | Kind::Agent)
                    && next.start > m.end
                    && (m.end + 1..next.start).all(|k| MODIFIERS.contains(&toks[k].lower.as_str()))
                {
                    let country = m.country.clone();
                    m.role = role_of_entry(&next.code).to_string();
                    m.code = format!("{country}{}", m.role);
                    m.person = None;
                    m.personal = next.kind == Kind::Title;
                    m.kind = MentionKind::Title;
                    m.head = toks[next.end - 1].lower.clone();
                    m.end = next.end;
                    m.how = format!("{} + 's {}", m.how, toks[next.end - 1].lower);
                    i += 1;
                    m.end = self.skip_portfolio(toks, m.end, covered);
                    let at = Self::skip_honorific(toks, m.end);
                    let n = self.name_run(toks, at, covered);
                    if n > 0 && m.personal {
                        self.register(toks, at, at + n, &m.code);
                        m.end = at + n;
                        m.kind = MentionKind::LocalPerson;
                    }
                }
            }
        }
        m.text = span_text(toks, m.start, m.end);
        covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
        i
    }
}

fn role_of(code: &str) -> &str {
    split_code(code).1
}

/// The role part of an agent or title entry code (which is the role alone).
pub(super) fn role_of_entry(code: &str) -> &str {
    if code.len() >= 3 && dictionary::ROLES.contains(&&code[..3]) {
        &code[..3]
    } else {
        role_of(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::testing::{code, context, labels, one};

    #[test]
    fn a_country_word_and_the_agent_or_title_after_it_are_one_actor() {
        assert_eq!(
            one("2018-05-26", "Russian troops entered Ukraine."),
            ["Russian troops=RUSMIL", "Ukraine=UKR"]
        );
        assert_eq!(
            one("2018-05-26", "Japan's prime minister left."),
            ["Japan's prime minister=JPNGOV"]
        );
    }

    #[test]
    fn a_title_then_a_dictionary_person_takes_the_persons_code_at_the_date() {
        let s = "Japanese Prime Minister Shinzo Abe met Russian President Vladimir Putin.";
        assert_eq!(
            one("2018-05-26", s),
            [
                "Japanese Prime Minister Shinzo Abe=JPNGOV",
                "Russian President Vladimir Putin=RUSGOV"
            ]
        );
        // Out of office, Abe is one of Japan's elite, whatever the title says.
        assert_eq!(
            one("2023-05-26", s)[0],
            "Japanese Prime Minister Shinzo Abe=JPNELI"
        );
    }

    #[test]
    fn an_organisations_name_after_its_kind_is_registered_with_its_first_word() {
        let mut ctx = context(Some("2018-05-26"), None);
        let out = code(
            &mut ctx,
            &[
                "Iranian airline Mahan Air was banned.",
                "Mahan Air denied it.",
                "Mahan said no.",
            ],
        );
        assert_eq!(labels(&out[0]), ["Iranian airline Mahan Air=IRNBUS"]);
        assert_eq!(labels(&out[1])[0], "Mahan Air=IRNBUS");
        assert_eq!(labels(&out[2]), ["Mahan=IRNBUS"]);
    }

    #[test]
    fn the_country_an_envoy_is_sent_to_is_attached_not_a_side() {
        let mut ctx = context(Some("2018-05-26"), None);
        let out = code(
            &mut ctx,
            &["The Japanese ambassador to China met officials."],
        );
        assert_eq!(
            labels(&out[0]),
            [
                "Japanese ambassador=JPNGOV",
                "China=CHN",
                "officials=JPNGOV"
            ]
        );
        assert_eq!(
            out[0].iter().map(|m| m.attached).collect::<Vec<_>>(),
            [false, true, false]
        );
    }

    #[test]
    fn a_possessive_title_after_a_person_is_that_persons_office() {
        assert_eq!(
            one("2018-05-26", "Putin's spokesman Dmitry Peskov said no."),
            ["Putin's spokesman Dmitry Peskov=RUSGOV"]
        );
    }

    #[test]
    fn the_role_of_an_agent_entry_is_its_leading_role_code() {
        assert_eq!(role_of_entry("GOV"), "GOV");
        assert_eq!(role_of_entry("MILGOV"), "MIL");
        assert_eq!(role_of_entry("JPNGOV"), "GOV");
        assert_eq!(role_of("NATOMIL"), "MIL");
    }
}
