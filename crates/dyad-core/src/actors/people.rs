//! People: which dictionary person a shared name means at the article's
//! date, and the people an article names itself ("Deputy Prime Minister Olga
//! Golodets", "Serge Vohor, the Prime Minister of Vanuatu,"), remembered for
//! its later sentences.

use super::spans::span_text;
use super::{Alias, Context};
use crate::document::{ActorMention, MentionKind, Token};

use crate::grammar::HONORIFICS;

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
    /// Picks the person meant by a (possibly shared) name at the article date.
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
