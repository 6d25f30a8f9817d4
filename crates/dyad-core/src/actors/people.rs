//! People: which dictionary person a shared name means at the article's
//! date, and the people an article names itself ("Deputy Prime Minister Olga
//! Golodets", "Serge Vohor, the Prime Minister of Vanuatu,"), remembered for
//! its later sentences.

use super::spans::{span_text, Span};
use super::{Alias, Context};
use crate::document::{ActorMention, MentionKind, Token};

use crate::grammar::{DETERMINERS, GIVEN_NAMES, HONORIFICS, PLACE_NAME_HEADS};

use crate::grammar::NAME_PARTICLES;

// Capitalised words that never start a name.
use crate::grammar::NOT_NAMES;

pub(super) fn is_name_token(t: &Token) -> bool {
    t.is_capitalized()
        && t.text.chars().any(|c| c.is_alphabetic())
        && !NOT_NAMES.contains(&t.lower.as_str())
        && !crate::grammar::is_month_name(&t.lower)
        && crate::grammar::weekday(&t.lower).is_none()
}

impl Context<'_> {
    /// "Simon *Birmingham*", "the novelist Jack *London*": a place right after
    /// a given name is the person's surname. Inside a sentence a capitalised
    /// word the dictionaries do not know is taken for that given name; where
    /// any word may be capitalised (the sentence's first word, a heading) it
    /// must be a common given name.
    pub(super) fn place_is_surname(&self, toks: &[Token], sp: &Span, covered: &[bool]) -> bool {
        // "Defeat ISIS": a surname is not written in capitals.
        let place = &toks[sp.start].text;
        let Some(w) = sp
            .start
            .checked_sub(1)
            .filter(|_| place.chars().any(char::is_lowercase))
        else {
            return false;
        };
        let word = &toks[w];
        let letters = word.text.chars().filter(|c| c.is_alphabetic()).count();
        if covered[w]
            || !is_name_token(word)
            || letters < 2
            || letters != word.text.chars().count()
            // "AFP", "US": an acronym is an agency or a state, no given name.
            || !word.text.chars().any(char::is_lowercase)
            || PLACE_NAME_HEADS.contains(&word.lower)
            || HONORIFICS.contains(&word.lower)
        {
            return false;
        }
        let before = w.checked_sub(1).map(|j| &toks[j]);
        // "the Obama White House": a name after a determiner describes the place.
        if before.is_some_and(|b| DETERMINERS.contains(&b.lower)) {
            return false;
        }
        let starts_clause = before.is_none_or(|b| {
            b.is_double_quote()
                || matches!(
                    b.text.as_str(),
                    ":" | ";" | "-" | "--" | "—" | "–" | "‘" | "'"
                )
        });
        if starts_clause || self.heading {
            GIVEN_NAMES.contains(&word.lower)
        } else {
            true
        }
    }

    /// Picks the person meant by a (possibly shared) name at the article date.
    /// [`Self::pick_person`] among those of `country` when the text names it
    /// just before ("*Jordan's* King Abdullah", "*Saudi* King Abdullah"),
    /// else among all.
    pub(super) fn pick_person_of(&self, persons: &[usize], country: Option<&str>) -> Option<usize> {
        let theirs: Vec<usize> = persons
            .iter()
            .copied()
            .filter(|&p| {
                country.is_some_and(|c| {
                    crate::actors::dictionary::country_of(&self.dict.persons[p].code_at(self.date))
                        == c
                })
            })
            .collect();
        if theirs.is_empty() {
            self.pick_person(persons)
        } else {
            self.pick_person(&theirs)
        }
    }

    pub(super) fn pick_person(&self, persons: &[usize]) -> Option<usize> {
        if persons.len() == 1 {
            return Some(persons[0]);
        }
        if let Some(&p) = persons.iter().find(|&&p| self.people_seen.contains(&p)) {
            return Some(p);
        }
        let in_office: Vec<usize> = persons
            .iter()
            .copied()
            .filter(|&p| self.dict.persons[p].in_office(self.date))
            .collect();
        if in_office.len() == 1 {
            return Some(in_office[0]);
        }
        None
    }

    /// Length of a name starting at token `i` (0 if none): capitalised words,
    /// name particles, hyphenated parts and initials.
    pub(super) fn name_run(&self, toks: &[Token], i: usize, covered: &[bool]) -> usize {
        let mut k = i;
        let mut last_good = i;
        while k < toks.len() && k - i < 6 && !covered[k] {
            let t = &toks[k];
            if is_name_token(t) {
                k += 1;
                last_good = k;
            } else if k > i
                && NAME_PARTICLES.contains(&t.lower.as_str())
                && k + 1 < toks.len()
                && toks[k + 1].is_capitalized()
            {
                k += 1;
            } else if k > i
                && t.text == "-"
                && k + 1 < toks.len()
                && toks[k + 1].kind == crate::document::TokenKind::Word
                && toks[k].end == toks[k + 1].start
            {
                k += 2;
                last_good = k;
            } else if k > i
                && t.text == "."
                && toks[k - 1].text.chars().count() == 1
                && toks[k - 1].is_capitalized()
            {
                k += 1;
            } else {
                break;
            }
        }
        last_good - i
    }

    /// Registers a name from the article as an alias for `code`.
    pub(super) fn register(&mut self, toks: &[Token], start: usize, end: usize, code: &str) {
        let full: Vec<&str> = toks[start..end].iter().map(|t| t.lower.as_str()).collect();
        self.aliases.insert(
            full.join(" "),
            Alias {
                code: code.to_string(),
            },
        );
        for t in &toks[start..end] {
            if is_name_token(t) && t.text.chars().count() > 2 {
                self.aliases.entry(t.lower.clone()).or_insert(Alias {
                    code: code.to_string(),
                });
            }
        }
    }

    /// After a dictionary person's full name, the article may use the surname
    /// alone ("Somali President Hassan Sheikh Mohamud ... Mohamud thanked
    /// Turkey"): the name's last word becomes an alias for the rest of it.
    pub(super) fn register_surname(
        &mut self,
        toks: &[Token],
        start: usize,
        end: usize,
        code: &str,
    ) {
        let names: Vec<&Token> = toks[start..end]
            .iter()
            .filter(|t| is_name_token(t))
            .collect();
        if let [_, .., last] = names.as_slice() {
            if last.text.chars().count() > 3 {
                self.aliases.entry(last.lower.clone()).or_insert(Alias {
                    code: code.to_string(),
                });
            }
        }
    }

    /// Skips honorifics ("Mr.") at `i`; returns the index after them.
    pub(super) fn skip_honorific(toks: &[Token], mut i: usize) -> usize {
        if i < toks.len() && HONORIFICS.contains(&toks[i].lower.as_str()) {
            i += 1;
            if i < toks.len() && toks[i].text == "." {
                i += 1;
            }
        }
        i
    }

    /// Whether the token at `end` goes on with a name no dictionary span
    /// starts at: a capitalised word, not a month or weekday.
    pub(super) fn runs_into_name(toks: &[Token], end: usize, spans: &[Span]) -> bool {
        toks.get(end).is_some_and(|t| {
            t.kind == crate::document::TokenKind::Word
                && t.is_capitalized()
                && crate::grammar::month_number(&t.lower).is_none()
                && crate::grammar::weekday(&t.lower).is_none()
        }) && !spans.iter().any(|o| o.start == end)
    }

    pub(super) fn honorific_before(toks: &[Token], at: usize) -> bool {
        let mut j = at;
        if j > 0 && toks[j - 1].text == "." {
            j -= 1;
        }
        j > 0 && HONORIFICS.contains(&toks[j - 1].lower.as_str())
    }

    /// Names registered earlier in the article ("Golodets", "Mr. Vohor").
    pub(super) fn local_names(
        &mut self,
        toks: &[Token],
        covered: &mut [bool],
        out: &mut Vec<ActorMention>,
    ) {
        if self.aliases.is_empty() {
            return;
        }
        let mut k = 0;
        while k < toks.len() {
            if covered[k] || !is_name_token(&toks[k]) {
                k += 1;
                continue;
            }
            let n = self.name_run(toks, k, covered).max(1);
            // Longest registered sub-run starting here.
            let mut found = None;
            for len in (1..=n).rev() {
                let key: Vec<&str> = toks[k..k + len].iter().map(|t| t.lower.as_str()).collect();
                if let Some(a) = self.aliases.get(&key.join(" ")) {
                    found = Some((len, a.code.clone()));
                    break;
                }
            }
            match found {
                Some((len, code)) => {
                    let start = if Self::honorific_before(toks, k) {
                        if k >= 2 && toks[k - 1].text == "." {
                            k - 2
                        } else {
                            k - 1
                        }
                    } else {
                        k
                    };
                    let mut m = self.mention(
                        toks,
                        start,
                        k + len,
                        code,
                        MentionKind::LocalPerson,
                        "name registered earlier in the article",
                    );
                    m.personal = true;
                    covered[start..k + len].iter_mut().for_each(|c| *c = true);
                    out.push(m);
                    k += len;
                }
                None => k += n,
            }
        }
    }

    /// "Serge Vohor, the Prime Minister of Vanuatu," and "Mr. Bao, the envoy from
    /// Beijing,": the name takes the title's country and is registered.
    pub(super) fn appositives(
        &mut self,
        toks: &[Token],
        covered: &mut [bool],
        out: &mut Vec<ActorMention>,
    ) {
        let mut new = Vec::new();
        for m in out.iter_mut() {
            if !m.personal || m.kind == MentionKind::Person || m.country.is_empty() {
                continue;
            }
            // Walk back over "the newly-installed" to a comma.
            let mut j = m.start;
            let mut steps = 0;
            while j > 0
                && steps < 5
                && toks[j - 1].text != ","
                && (toks[j - 1].kind != crate::document::TokenKind::Punct
                    || toks[j - 1].text == "-")
                && !toks[j - 1].is_capitalized()
            {
                j -= 1;
                steps += 1;
            }
            if j < 2 || toks[j - 1].text != "," {
                continue;
            }
            let name_end = j - 1;
            let mut s = name_end;
            while s > 0
                && !covered[s - 1]
                && (is_name_token(&toks[s - 1])
                    || toks[s - 1].text == "-"
                    || (s >= 2 && NAME_PARTICLES.contains(&toks[s - 1].lower.as_str())))
            {
                s -= 1;
            }
            if s == name_end || !is_name_token(&toks[s]) {
                continue;
            }
            let hs = if Self::honorific_before(toks, s) {
                if toks[s - 1].text == "." {
                    s - 2
                } else {
                    s - 1
                }
            } else {
                s
            };
            self.register(toks, s, name_end, &m.code);
            m.attached = true;
            let mut n = ActorMention {
                start: hs,
                end: name_end,
                text: span_text(toks, hs, name_end),
                kind: MentionKind::LocalPerson,
                how: format!("appositive: {}", m.text),
                attached: false,
                ..m.clone()
            };
            n.head = String::new();
            covered[hs..name_end].iter_mut().for_each(|c| *c = true);
            new.push(n);
        }
        out.extend(new);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::testing::{code, context, day, dict, labels, one, toks};

    fn person(name: &str) -> usize {
        dict().person_named(name).unwrap()
    }

    #[test]
    fn a_shared_name_means_the_person_named_before_else_the_one_in_office() {
        let (abe, kishida) = (person("Shinzo Abe"), person("Fumio Kishida"));
        let mut ctx = context(Some("2018-05-26"), None);
        assert_eq!(ctx.pick_person(&[abe, kishida]), Some(abe));
        ctx.date = Some(day("2022-05-26"));
        assert_eq!(ctx.pick_person(&[abe, kishida]), Some(kishida));
        // Neither in office: no guess.
        ctx.date = Some(day("2008-05-26"));
        assert_eq!(ctx.pick_person(&[abe, kishida]), None);
        // One named in full earlier in the article wins whatever the date.
        ctx.people_seen.push(kishida);
        assert_eq!(ctx.pick_person(&[abe, kishida]), Some(kishida));
        // A name of one person means that person, in office or not.
        assert_eq!(ctx.pick_person(&[abe]), Some(abe));
    }

    #[test]
    fn a_leader_outside_their_terms_is_an_elite_of_their_country() {
        assert_eq!(one("2022-05-26", "Kishida arrived."), ["Kishida=JPNGOV"]);
        assert_eq!(one("2018-05-26", "Kishida arrived."), ["Kishida=JPNELI"]);
        assert_eq!(
            one("2023-05-26", "President Donald Trump spoke."),
            ["President Donald Trump=USAELI"]
        );
        assert_eq!(
            one("2018-05-26", "President Donald Trump spoke."),
            ["President Donald Trump=USAGOV"]
        );
    }

    #[test]
    fn a_weak_surname_needs_a_title_or_the_full_name_first() {
        assert_eq!(
            one("2018-05-26", "May said she would go."),
            Vec::<String>::new()
        );
        assert_eq!(
            one("2018-05-26", "Prime Minister May spoke."),
            ["Prime Minister May=GBRGOV"]
        );
        let mut ctx = context(Some("2018-05-26"), None);
        let out = code(
            &mut ctx,
            &["Theresa May met Merkel.", "May said she would go."],
        );
        assert_eq!(labels(&out[1]), ["May=GBRGOV", "she=GBRGOV"]);
    }

    #[test]
    fn a_dictionary_person_named_in_full_is_then_named_by_surname() {
        let mut ctx = context(Some("2024-12-12"), None);
        let out = code(
            &mut ctx,
            &[
                "Somali President Hassan Sheikh Mohamud visited Ankara.",
                "Mohamud thanked Turkey.",
            ],
        );
        assert_eq!(labels(&out[1]), ["Mohamud=SOMGOV", "Turkey=TUR"]);
        // Not before the full name.
        assert_eq!(one("2024-12-12", "Mohamud thanked Turkey."), ["Turkey=TUR"]);
    }

    #[test]
    fn name_run_reads_names_with_particles_hyphens_and_initials() {
        let ctx = context(None, None);
        let run = |s: &str, i: usize| {
            let t = toks(s);
            ctx.name_run(&t, i, &vec![false; t.len()])
        };
        assert_eq!(run("Olga Golodets visited", 0), 2);
        assert_eq!(run("Charles de Gaulle said", 0), 3);
        assert_eq!(run("Roh Moo-hyun said", 0), 4);
        assert_eq!(run("George W. Bush said", 0), 4);
        // A particle or hyphen cannot start a name, nor can a month or weekday.
        assert_eq!(run("de Gaulle", 0), 0);
        assert_eq!(run("Monday talks", 0), 0);
        assert_eq!(run("January talks", 0), 0);
    }

    #[test]
    fn name_run_stops_at_words_already_covered() {
        let ctx = context(None, None);
        let t = toks("Olga Golodets Moscow");
        assert_eq!(ctx.name_run(&t, 0, &[false, false, true]), 2);
        assert_eq!(ctx.name_run(&t, 0, &[false, true, false]), 1);
    }

    #[test]
    fn honorifics_are_skipped_with_or_without_their_period() {
        let t = toks("Mr. Bao and Ms Lee met Bao");
        assert_eq!(Context::skip_honorific(&t, 0), 2);
        assert_eq!(Context::skip_honorific(&t, 4), 5);
        assert_eq!(Context::skip_honorific(&t, 1), 1);
        assert!(Context::honorific_before(&t, 2));
        assert!(Context::honorific_before(&t, 5));
        assert!(!Context::honorific_before(&t, 7));
        assert!(!Context::honorific_before(&t, 0));
    }

    #[test]
    fn register_makes_the_full_name_and_each_longer_part_an_alias() {
        let mut ctx = context(None, None);
        let t = toks("Olga Al Golodets");
        ctx.register(&t, 0, 3, "RUSGOV");
        let mut keys: Vec<&str> = ctx.aliases.keys().map(String::as_str).collect();
        keys.sort_unstable();
        // "Al" is too short to stand for the person alone.
        assert_eq!(keys, ["golodets", "olga", "olga al golodets"]);
        assert_eq!(ctx.aliases["golodets"].code, "RUSGOV");
    }

    #[test]
    fn a_titled_name_is_registered_and_recognised_in_later_sentences() {
        let mut ctx = context(Some("2018-05-26"), None);
        let out = code(
            &mut ctx,
            &[
                "Russian Deputy Prime Minister Olga Golodets visited Tokyo.",
                "Ms. Golodets said Russia would help.",
                "Golodets left.",
            ],
        );
        assert_eq!(
            labels(&out[0]),
            [
                "Russian Deputy Prime Minister Olga Golodets=RUSGOV",
                "Tokyo=JPN"
            ]
        );
        assert_eq!(labels(&out[1]), ["Ms. Golodets=RUSGOV", "Russia=RUS"]);
        assert_eq!(out[1][0].kind, MentionKind::LocalPerson);
        assert_eq!(labels(&out[2]), ["Golodets=RUSGOV"]);
    }

    #[test]
    fn an_appositive_name_takes_the_country_of_its_title() {
        let mut ctx = context(Some("2018-05-26"), None);
        let out = code(
            &mut ctx,
            &[
                "Serge Vohor, the Prime Minister of Vanuatu, met Chinese officials.",
                "Vohor thanked them.",
            ],
        );
        assert_eq!(
            labels(&out[0]),
            [
                "Serge Vohor=VUTGOV",
                "Prime Minister of Vanuatu=VUTGOV",
                "Chinese officials=CHNGOV"
            ]
        );
        // The title describes the name: shown, never a side of its own.
        assert!(!out[0][0].attached && out[0][1].attached);
        assert_eq!(labels(&out[1]), ["Vohor=VUTGOV", "them=CHNGOV"]);
    }

    #[test]
    fn an_appositive_name_keeps_its_honorific() {
        assert_eq!(
            one("2018-05-26", "Mr. Bao, the envoy from Beijing, arrived."),
            ["Mr. Bao=CHNGOV", "envoy from Beijing=CHNGOV"]
        );
    }

    #[test]
    fn a_heading_needs_a_given_name_before_a_place_to_make_it_a_surname() {
        let texts = |doc: &crate::document::Document| -> Vec<Vec<String>> {
            doc.sentences.iter().map(|s| labels(&s.actors)).collect()
        };
        let doc = crate::actors::testing::article(
            "2023-01-01",
            "Storm Hits Tokyo Overnight\n\nTrains stopped on Monday.",
        );
        assert!(doc.sentences[0].heading);
        assert_eq!(texts(&doc)[0], ["Tokyo=JPN"]);
        let doc = crate::actors::testing::article(
            "2023-01-01",
            "Simon Birmingham Rejects Claim\n\nHe spoke on Monday.",
        );
        assert!(doc.sentences[0].heading);
        assert!(texts(&doc)[0].is_empty());
    }
}
