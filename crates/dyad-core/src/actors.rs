//! Stage 3, actors: who is named in each sentence.
//!
//! Dictionary matches ([`dictionary`]) are composed into actor mentions:
//! a country word and a title or agent make one actor ("Japan's Prime Minister",
//! "Russian troops" → `RUSMIL`), a title and a name register that name for the
//! rest of the article ("Deputy Prime Minister Olga Golodets" makes "Golodets"
//! `RUSGOV` from then on), and what is left unnamed — a title alone, a pronoun,
//! "the two sides" — is resolved to the last compatible actor, else to the
//! article's main country.
//!
//! ```
//! use dyad_core::{Pipeline, input::Article};
//! let p = Pipeline::builtin();
//! let doc = p.code(Article::text("a", "Japanese Prime Minister Shinzo Abe met Russian President Vladimir Putin in 2018."));
//! let codes: Vec<&str> = doc.sentences[0].actors.iter().map(|m| m.code.as_str()).collect();
//! assert_eq!(codes, ["JPNGOV", "RUSGOV"]);
//! ```

pub mod dictionary;

use std::collections::HashMap;

use chrono::NaiveDate;

use dictionary::{country_of, split_code, Gender, Match};
pub use dictionary::{ActorDict, DictError, Kind};

use crate::document::{ActorMention, Document, MentionKind, Token, TokenKind};

/// A working span: one dictionary match interpreted as one kind.
#[derive(Debug, Clone)]
struct Span {
    start: usize,
    end: usize,
    kind: Kind,
    code: String,
    weak: bool,
    persons: Vec<usize>,
}

/// A name registered in this article ("Golodets" → `RUSGOV`).
#[derive(Debug, Clone)]
struct Alias {
    code: String,
}

/// Where earlier actors are, for resolving titles and pronouns.
#[derive(Debug, Clone)]
struct Seen {
    sentence: usize,
    mention: ActorMention,
}

/// Runs the actors stage.
pub fn run(doc: &mut Document, dict: &ActorDict) {
    let date = doc.published;
    let matches: Vec<Vec<Match>> = doc.sentences.iter().map(|s| dict.find(&s.tokens)).collect();
    let main = main_country(dict, &matches);
    let mut ctx = Context {
        dict,
        date,
        main,
        aliases: HashMap::new(),
        seen: Vec::new(),
        next_group: 0,
        people_seen: Vec::new(),
        attach: Vec::new(),
    };
    for (si, ms) in matches.iter().enumerate() {
        let mentions = ctx.sentence(si, &doc.sentences[si].tokens, ms);
        doc.sentences[si].actors = mentions;
    }
}

/// The country an article is mostly about: the most frequently named state.
fn main_country(dict: &ActorDict, matches: &[Vec<Match>]) -> Option<String> {
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

struct Context<'d> {
    dict: &'d ActorDict,
    date: Option<NaiveDate>,
    main: Option<String>,
    aliases: HashMap<String, Alias>,
    seen: Vec<Seen>,
    next_group: usize,
    /// Dictionary people already named in full in this article (licenses weak surnames).
    people_seen: Vec<usize>,
    /// Token starts in the current sentence whose mention describes another actor.
    attach: Vec<usize>,
}

/// How many earlier mentions a bare title looks back through.
const CONTEXT_MENTIONS: usize = 300;

use crate::grammar::HONORIFICS;

// Words allowed between a country word and its title or agent ("Japan's *top* diplomat").
use crate::grammar::TITLE_MODIFIERS as MODIFIERS;

// Capitalised words that name a portfolio, not a person ("Minister of Economy, Trade and Industry").
use crate::grammar::PORTFOLIOS as PORTFOLIO;

// Verbs that follow a title used as a noun ("the official said").
use crate::grammar::VERBS_AFTER_TITLE;

use crate::grammar::NAME_PARTICLES;

// Capitalised words that never start a name.
use crate::grammar::NOT_NAMES;

fn is_name_token(t: &Token) -> bool {
    t.is_capitalized()
        && t.text.chars().any(|c| c.is_alphabetic())
        && !NOT_NAMES.contains(&t.lower.as_str())
        && !crate::grammar::is_month_name(&t.lower)
        && crate::grammar::weekday(&t.lower).is_none()
}

fn role_of(code: &str) -> &str {
    split_code(code).1
}

impl Context<'_> {
    /// Interprets a dictionary match as one span, choosing among its entries.
    fn span(&self, m: &Match) -> Option<Span> {
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

    /// Picks the person meant by a (possibly shared) name at the article date.
    fn pick_person(&self, persons: &[usize]) -> Option<usize> {
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

    fn mention(
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

    /// Length of a name starting at token `i` (0 if none): capitalised words,
    /// name particles, hyphenated parts and initials.
    fn name_run(&self, toks: &[Token], i: usize, covered: &[bool]) -> usize {
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
    fn register(&mut self, toks: &[Token], start: usize, end: usize, code: &str) {
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
    fn skip_honorific(toks: &[Token], mut i: usize) -> usize {
        if i < toks.len() && HONORIFICS.contains(&toks[i].lower.as_str()) {
            i += 1;
            if i < toks.len() && toks[i].text == "." {
                i += 1;
            }
        }
        i
    }

    /// Codes one sentence.
    fn sentence(&mut self, si: usize, toks: &[Token], matches: &[Match]) -> Vec<ActorMention> {
        let spans: Vec<Span> = matches.iter().filter_map(|m| self.span(m)).collect();
        self.attach.clear();
        let mut covered = vec![false; toks.len()];
        for s in &spans {
            covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
        }
        let mut out: Vec<ActorMention> = Vec::new();
        let mut i = 0;
        while i < spans.len() {
            let sp = spans[i].clone();
            i += 1;
            match sp.kind {
                Kind::Block | Kind::Nonhead => continue,
                Kind::Country | Kind::Demonym | Kind::Metonym | Kind::Igo | Kind::Place => {
                    if sp.weak && !self.weak_country_ok(toks, &sp, &spans) {
                        continue;
                    }
                    if sp.kind == Kind::Demonym
                        && spans
                            .get(i)
                            .is_some_and(|n| n.kind == Kind::Nonhead && n.start == sp.end)
                    {
                        i += 1;
                        continue;
                    }
                    if sp.kind == Kind::Demonym && !self.demonym_ok(toks, &sp) {
                        continue;
                    }
                    let kind = match sp.kind {
                        Kind::Country => MentionKind::Country,
                        Kind::Demonym => MentionKind::Demonym,
                        Kind::Metonym => MentionKind::Metonym,
                        Kind::Igo => MentionKind::Igo,
                        _ => MentionKind::Place,
                    };
                    let mut m = self.mention(
                        toks,
                        sp.start,
                        sp.end,
                        sp.code.clone(),
                        kind,
                        format!("{:?} name", sp.kind).to_lowercase(),
                    );
                    m.attached = self.attach.contains(&sp.start);
                    i = self.extend_with_role(toks, &spans, i, &mut m, &mut covered);
                    out.push(m);
                }
                Kind::Person => {
                    let titled = sp.start > 0
                        && (spans[..i - 1]
                            .last()
                            .is_some_and(|p| p.end == sp.start && p.kind == Kind::Title)
                            || Self::honorific_before(toks, sp.start));
                    let Some(pid) = self.pick_person(&sp.persons) else {
                        continue;
                    };
                    if sp.weak && !titled && !self.people_seen.contains(&pid) {
                        continue;
                    }
                    if !sp.weak && !self.people_seen.contains(&pid) {
                        self.people_seen.push(pid);
                    }
                    let code = self.dict.persons[pid].code_at(self.date);
                    if code.is_empty() {
                        continue;
                    }
                    let mut m = self.mention(
                        toks,
                        sp.start,
                        sp.end,
                        code,
                        MentionKind::Person,
                        format!("person {}", self.dict.persons[pid].name),
                    );
                    m.person = Some(pid);
                    i = self.extend_with_role(toks, &spans, i, &mut m, &mut covered);
                    out.push(m);
                }
                Kind::Title | Kind::Agent => {
                    if let Some(m) =
                        self.title_or_agent(si, toks, &spans, &mut i, &sp, &mut covered, &out)
                    {
                        out.push(m);
                    }
                }
            }
        }
        self.local_names(toks, &mut covered, &mut out);
        self.appositives(toks, &mut covered, &mut out);
        // Groups first, so "their" can refer to "Cyprus, Greece and Israel" in the same sentence.
        out.sort_by_key(|m| (m.start, m.end));
        self.groups(toks, &mut out);
        self.pronouns(si, toks, &covered, &mut out);
        out.sort_by_key(|m| (m.start, m.end));
        for m in &out {
            self.seen.push(Seen {
                sentence: si,
                mention: m.clone(),
            });
        }
        out
    }

    fn honorific_before(toks: &[Token], at: usize) -> bool {
        let mut j = at;
        if j > 0 && toks[j - 1].text == "." {
            j -= 1;
        }
        j > 0 && HONORIFICS.contains(&toks[j - 1].lower.as_str())
    }

    /// A weak country name (Georgia, Jordan, Chad) counts unless it looks like a
    /// person's name or, for Georgia, the US state.
    fn weak_country_ok(&self, toks: &[Token], sp: &Span, spans: &[Span]) -> bool {
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
    fn demonym_ok(&self, toks: &[Token], sp: &Span) -> bool {
        toks[sp.start].is_capitalized()
    }

    /// Extends a mention with a following role ("Japan 's Defence Ministry", "Russian troops",
    /// "Japan Prime Minister Shinzo Abe"); returns the next span index.
    fn extend_with_role(
        &mut self,
        toks: &[Token],
        spans: &[Span],
        mut i: usize,
        m: &mut ActorMention,
        covered: &mut [bool],
    ) -> usize {
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
                    // A role does not change an IGO's identity, and a person keeps their own code.
                    if m.kind != MentionKind::Person {
                        let country = m.country.clone();
                        m.role = role_of_entry(&next.code).to_string();
                        m.code = format!("{country}{}", m.role);
                    }
                    if next.kind == Kind::Title {
                        m.personal = true;
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
                    let Some(pid) = self.pick_person(&next.persons) else {
                        break;
                    };
                    let code = self.dict.persons[pid].code_at(self.date);
                    if !self.people_seen.contains(&pid) {
                        self.people_seen.push(pid);
                    }
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

    /// Skips "of Economy, Trade and Industry" after a title.
    fn skip_portfolio(&self, toks: &[Token], at: usize, covered: &[bool]) -> usize {
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

    /// A title or agent that did not follow a country word.
    #[allow(clippy::too_many_arguments)]
    fn title_or_agent(
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
            {
                let pid = self.pick_person(&next.persons)?;
                *i += 1;
                if !self.people_seen.contains(&pid) {
                    self.people_seen.push(pid);
                }
                let code = self.dict.persons[pid].code_at(self.date);
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
            let k = end;
            if k < toks.len()
                && matches!(toks[k].lower.as_str(), "of" | "from" | "for")
                && next.kind.is_named()
                && next.kind != Kind::Person
                && (!next.weak || self.weak_country_ok(toks, next, spans))
            {
                let after = if toks.get(k + 1).is_some_and(|t| t.lower == "the") {
                    k + 2
                } else {
                    k + 1
                };
                if next.start == after {
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
        if !(det || capital || name_len > 0 || (!personal && head.ends_with('s'))) {
            return None;
        }
        let (code, how) = self.resolve_context(si, &role, &head, personal, out)?;
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

    /// The country a bare title or agent refers to: an earlier actor with the same
    /// head word ("the embassy" after "the US Embassy"), else the last named
    /// state, else the article's main country.
    fn resolve_context(
        &self,
        si: usize,
        role: &str,
        head: &str,
        personal: bool,
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
        if let Some(m) = all.iter().find(|m| m.head == head && !m.country.is_empty()) {
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
        if personal {
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
        if let Some(m) = all
            .iter()
            .find(|m| is_state(&m.country) && m.kind != MentionKind::Place && !m.attached)
        {
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

    /// Names registered earlier in the article ("Golodets", "Mr. Vohor").
    fn local_names(&mut self, toks: &[Token], covered: &mut [bool], out: &mut Vec<ActorMention>) {
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
    fn appositives(&mut self, toks: &[Token], covered: &mut [bool], out: &mut Vec<ActorMention>) {
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

    /// Pronouns and anaphoric phrases resolved to earlier actors.
    fn pronouns(
        &mut self,
        si: usize,
        toks: &[Token],
        covered: &[bool],
        out: &mut Vec<ActorMention>,
    ) {
        let mut adds = Vec::new();
        let mut k = 0;
        while k < toks.len() {
            if covered[k] {
                k += 1;
                continue;
            }
            let w = toks[k].lower.as_str();
            let next = toks.get(k + 1).map(|t| t.lower.as_str()).unwrap_or("");
            let mut len = 1;
            let target: Option<Vec<ActorMention>> = match w {
                "i" | "we" | "me" | "my" | "our" | "us" | "myself" | "ourselves"
                    if toks[k].text != "US" =>
                {
                    self.speaker(si, toks, k, out).map(|m| vec![m])
                }
                // An object pronoun does not refer to its own clause's subject:
                // "Kim greeted him" — him is someone else.
                "him" => {
                    let own: Vec<(usize, usize)> = out
                        .iter()
                        .filter(|m| {
                            m.end <= k
                                && !crate::dates::clause_break_between(
                                    toks,
                                    m.end.saturating_sub(1),
                                    k,
                                )
                        })
                        .map(|m| (m.start, m.end))
                        .collect();
                    self.last(si, k, out, |m| {
                        m.personal
                            && !own.contains(&(m.start, m.end))
                            && self.gender_of(m) != Some(Gender::Female)
                    })
                    .map(|m| vec![m])
                }
                "he" | "his" | "she" | "her" | "hers" => {
                    let not = if matches!(w, "he" | "his") {
                        Gender::Female
                    } else {
                        Gender::Male
                    };
                    let agrees = |m: &ActorMention| m.personal && self.gender_of(m) != Some(not);
                    // A sentence-initial subject pronoun continues the previous
                    // sentence's subject ("Kishida met Xi. He urged ..."), not its
                    // last-named person.
                    let subject_position = (0..k).all(|j| toks[j].kind == TokenKind::Punct);
                    subject_position
                        .then(|| self.previous_subject(si, &agrees))
                        .flatten()
                        .or_else(|| self.last(si, k, out, agrees))
                        .map(|m| vec![m])
                }
                "its" => self
                    .last(si, k, out, |m| {
                        !m.personal && !m.country.is_empty() && m.kind != MentionKind::Place
                    })
                    .map(|m| vec![m]),
                // In reported speech a non-personal pronoun stands for the speaker:
                // "Russia told Japan it would respond", "Beijing warned Tokyo that
                // they would retaliate".
                "it" | "they"
                    if self.reporting_subject(toks, k, out).is_some()
                        && !matches!(next, "is" | "was" | "seems" | "appears") =>
                {
                    self.reporting_subject(toks, k, out).map(|m| vec![m])
                }
                // Expletive "it" ("it is possible", "it seems") refers to nothing.
                "it" if !matches!(
                    next,
                    "is" | "was"
                        | "'s"
                        | "seems"
                        | "seemed"
                        | "appears"
                        | "appeared"
                        | "remains"
                        | "remained"
                        | "takes"
                        | "took"
                        | "matters"
                        | "means"
                ) =>
                {
                    self.last(si, k, out, |m| {
                        !m.personal && !m.country.is_empty() && m.kind != MentionKind::Place
                    })
                    .map(|m| vec![m])
                }
                "they" | "them" | "their" => self.last_group(si, k, out).or_else(|| {
                    // A plural agent ("Ukrainian soldiers ... They") before a bare state.
                    let plural = |m: &ActorMention| {
                        !m.personal
                            && !m.role.is_empty()
                            && m.text.ends_with('s')
                            && m.kind != MentionKind::Place
                    };
                    self.last(si, k, out, plural)
                        .or_else(|| {
                            self.last(si, k, out, |m| {
                                !m.personal && m.role.is_empty() && m.kind != MentionKind::Place
                            })
                        })
                        .map(|m| vec![m])
                }),
                "latter" if k > 0 && toks[k - 1].lower == "the" => self
                    .last(si, k - 1, out, |m| {
                        !m.country.is_empty() && m.kind != MentionKind::Place
                    })
                    .map(|m| vec![m]),
                "two" | "both"
                    if matches!(
                        next,
                        "sides"
                            | "countries"
                            | "nations"
                            | "leaders"
                            | "governments"
                            | "neighbours"
                            | "neighbors"
                            | "states"
                    ) =>
                {
                    len = 2;
                    self.last_two_states(si, k, out)
                }
                "country" | "nation" if k > 0 && toks[k - 1].lower == "the" => self
                    .last(si, k, out, |m| {
                        is_state(&m.country) && m.kind != MentionKind::Place && !m.personal
                    })
                    .map(|m| vec![m]),
                _ => None,
            };
            if let Some(ms) = target {
                let group = if ms.len() > 1 {
                    let g = self.next_group;
                    self.next_group += 1;
                    Some(g)
                } else {
                    None
                };
                for t in ms {
                    let mut m = self.mention(
                        toks,
                        k,
                        k + len,
                        t.code.clone(),
                        MentionKind::Pronoun,
                        format!("{} → {}", toks[k].text, t.text),
                    );
                    m.person = t.person;
                    m.personal = t.personal;
                    m.group = group;
                    adds.push(m);
                }
            }
            k += len;
        }
        out.extend(adds);
    }

    /// Who "I" or "we" is: the actor next to a reporting verb of this sentence
    /// ("'...,' he said", "Zelenskyy said, '...'"), else, inside quotes, the
    /// last person named.
    fn speaker(
        &self,
        si: usize,
        toks: &[Token],
        k: usize,
        out: &[ActorMention],
    ) -> Option<ActorMention> {
        const REPORT: &[&str] = &[
            "said",
            "says",
            "say",
            "told",
            "tells",
            "added",
            "adds",
            "wrote",
            "writes",
            "stated",
            "states",
            "tweeted",
            "declared",
            "insisted",
            "noted",
            "continued",
            "warned",
            "explained",
            "asked",
            "replied",
            "responded",
        ];
        for (r, t) in toks.iter().enumerate() {
            if !REPORT.contains(&t.lower.as_str()) || (r <= k + 1 && r + 1 >= k) {
                continue;
            }
            // "X said" / "said X"
            if let Some(m) = out.iter().find(|m| {
                (m.end == r || m.end + 1 == r)
                    && !m.attached
                    && !matches!(toks[m.start].lower.as_str(), "i" | "we")
            }) {
                return Some(m.clone());
            }
            if let Some(m) = out.iter().find(|m| m.start == r + 1 && !m.attached) {
                return Some(m.clone());
            }
        }
        let quotes_before = toks[..k]
            .iter()
            .filter(|t| matches!(t.text.as_str(), "\"" | "“" | "”"))
            .count();
        if quotes_before % 2 == 1 {
            return self.last(si, k, out, |m| m.personal && m.kind != MentionKind::Pronoun);
        }
        None
    }

    /// The last mention before token `k` of sentence `si` (this sentence, then the two before) that passes `f`.
    /// A person's gender from the dictionary, or from a gendered title
    /// ("the Queen"); `None` when unknown, which agrees with any pronoun.
    fn gender_of(&self, m: &ActorMention) -> Option<Gender> {
        if let Some(g) = m.person.and_then(|p| self.dict.persons[p].gender) {
            return Some(g);
        }
        match m.head.as_str() {
            "queen" | "princess" | "empress" | "duchess" | "chairwoman" | "spokeswoman"
            | "congresswoman" | "businesswoman" | "first lady" => Some(Gender::Female),
            "king" | "prince" | "emperor" | "duke" | "chairman" | "spokesman" | "congressman"
            | "businessman" | "crown prince" => Some(Gender::Male),
            _ => None,
        }
    }

    /// The subject of a reporting verb whose content clause holds token `k`:
    /// the sentence's first actor, a state or organisation (not a person), then
    /// a reporting verb right after it, and no other clause boundary before `k`.
    fn reporting_subject(
        &self,
        toks: &[Token],
        k: usize,
        out: &[ActorMention],
    ) -> Option<ActorMention> {
        let subj = out
            .iter()
            .filter(|m| !m.attached && m.end <= k && m.kind != MentionKind::Pronoun)
            .min_by_key(|m| m.start)?;
        if subj.personal || subj.start > 2 || subj.country.is_empty() {
            return None;
        }
        // "China accused Japan of ... and warned that it would respond": a
        // reporting verb coordinated with the sentence's verb shares its subject.
        let mut v = k.checked_sub(1)?;
        if toks[v].lower == "that" {
            v = v.checked_sub(1)?;
        }
        if v > subj.end
            && toks[v - 1].lower == "and"
            && REPORTING_VERBS.contains(&toks[v].lower.as_str())
        {
            return Some(subj.clone());
        }
        let verb = toks.get(subj.end)?;
        if !REPORTING_VERBS.contains(&verb.lower.as_str()) {
            return None;
        }
        let clean = (subj.end + 1..k).all(|j| {
            !matches!(
                toks[j].lower.as_str(),
                "," | ";" | ":" | "and" | "but" | "which" | "who"
            )
        });
        clean.then(|| subj.clone())
    }

    /// The previous sentence's first actor, when it is a person the pronoun
    /// agrees with and nothing but punctuation or a title precedes it.
    fn previous_subject(
        &self,
        si: usize,
        agrees: &impl Fn(&ActorMention) -> bool,
    ) -> Option<ActorMention> {
        let prev = si.checked_sub(1)?;
        let first = self
            .seen
            .iter()
            .rev()
            .take_while(|s| s.sentence >= prev)
            .filter(|s| s.sentence == prev && s.mention.kind != MentionKind::Pronoun)
            .map(|s| &s.mention)
            .min_by_key(|m| m.start)?;
        (first.start <= 2 && !first.attached && agrees(first)).then(|| first.clone())
    }

    fn last(
        &self,
        si: usize,
        k: usize,
        out: &[ActorMention],
        f: impl Fn(&ActorMention) -> bool,
    ) -> Option<ActorMention> {
        let mut here: Vec<&ActorMention> =
            out.iter().filter(|m| m.end <= k && !m.attached).collect();
        here.sort_by_key(|m| m.start);
        if let Some(m) = here.iter().rev().find(|m| f(m)) {
            return Some((*m).clone());
        }
        self.seen
            .iter()
            .rev()
            .take_while(|s| s.sentence + 2 >= si)
            .map(|s| &s.mention)
            .find(|m| !m.attached && f(m))
            .cloned()
    }

    fn last_group(&self, si: usize, k: usize, out: &[ActorMention]) -> Option<Vec<ActorMention>> {
        // Nearest first: this sentence backwards, then earlier sentences backwards.
        let mut here: Vec<&ActorMention> = out.iter().filter(|m| m.end <= k).collect();
        here.sort_by_key(|m| std::cmp::Reverse(m.start));
        let cands: Vec<&ActorMention> = here
            .into_iter()
            .chain(
                self.seen
                    .iter()
                    .rev()
                    .take_while(|s| s.sentence + 1 >= si)
                    .map(|s| &s.mention),
            )
            .collect();
        let g = cands.iter().find_map(|m| m.group)?;
        let members: Vec<ActorMention> = cands
            .iter()
            .filter(|m| m.group == Some(g))
            .map(|m| (*m).clone())
            .collect();
        let mut seen_c = Vec::new();
        let members: Vec<ActorMention> = members
            .into_iter()
            .filter(|m| {
                if seen_c.contains(&m.country) {
                    false
                } else {
                    seen_c.push(m.country.clone());
                    true
                }
            })
            .collect();
        (members.len() > 1).then_some(members)
    }

    fn last_two_states(
        &self,
        si: usize,
        k: usize,
        out: &[ActorMention],
    ) -> Option<Vec<ActorMention>> {
        let mut picked: Vec<ActorMention> = Vec::new();
        let here = out.iter().filter(|m| m.end <= k).rev();
        let before = self
            .seen
            .iter()
            .rev()
            .take_while(|s| s.sentence + 3 >= si)
            .map(|s| &s.mention);
        for m in here.chain(before) {
            if is_state(&m.country)
                && m.kind != MentionKind::Place
                && !m.attached
                && !picked.iter().any(|p| p.country == m.country)
            {
                picked.push(m.clone());
                if picked.len() == 2 {
                    return Some(picked);
                }
            }
        }
        None
    }

    /// Marks coordinated mentions ("Japan and South Korea", "Cyprus, Greece and Israel") as one group.
    fn groups(&mut self, toks: &[Token], out: &mut [ActorMention]) {
        let mut k = 0;
        while k < out.len() {
            if out[k].group.is_some() || out[k].attached {
                k += 1;
                continue;
            }
            let mut j = k;
            while j + 1 < out.len() {
                let gap: Vec<&str> = (out[j].end..out[j + 1].start)
                    .map(|t| toks[t].lower.as_str())
                    .collect();
                let ok = matches!(
                    gap.as_slice(),
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
            if j > k {
                let g = self.next_group;
                self.next_group += 1;
                // "Indian and Chinese troops": bare demonyms share the last member's role.
                let (last_role, last_head) = (out[j].role.clone(), out[j].head.clone());
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

/// The role part of an agent or title entry code (which is the role alone).
fn role_of_entry(code: &str) -> &str {
    if code.len() >= 3 && dictionary::ROLES.contains(&&code[..3]) {
        &code[..3]
    } else {
        role_of(code)
    }
}

/// The country of a non-state actor named without one ("insurgents",
/// "protesters"): `---REB`, `---OPP`, as PETRARCH codes them.
pub const NON_STATE: &str = "---";

// Verbs that introduce what their subject said: a pronoun in the content
// clause stands for that subject.
use crate::grammar::SPEECH_VERBS as REPORTING_VERBS;

/// Sectors that are not organs of a state, so a bare mention is not given the
/// context's country.
const NON_STATE_ROLES: &[&str] = &["REB", "INS", "SEP", "OPP", "RAD", "UAF"];

/// A state, as opposed to an IGO code or a non-state actor without a country.
pub fn is_state(country: &str) -> bool {
    country.len() == 3 && country != NON_STATE && !dictionary::IGO_CODES.contains(&country)
}

fn span_text(toks: &[Token], start: usize, end: usize) -> String {
    let mut s = String::new();
    for (i, t) in toks[start..end].iter().enumerate() {
        if i > 0 && toks[start + i - 1].end < t.start {
            s.push(' ');
        }
        s.push_str(&t.text);
    }
    s
}

/// Re-resolves a person's code at an event's own date.
pub fn code_at(dict: &ActorDict, person: usize, date: Option<NaiveDate>) -> String {
    dict.persons[person].code_at(date)
}
