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

mod countries;
mod groups;
mod people;
mod pronouns;
mod roles;
mod spans;
#[cfg(test)]
pub(crate) mod testing;
mod titles;

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;

use dictionary::Match;
pub use dictionary::{ActorDict, DictError, Kind};
use spans::Span;

use crate::document::{ActorMention, Document, MentionKind, Token};

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
    /// Named as where something happened ("met *in Brussels*"), not as a party.
    venue: bool,
    /// Named in a prepositional phrase ("weapons *to Ukraine*"), not as
    /// the one who acts.
    oblique: bool,
}

/// Runs the actors stage.
pub fn run(doc: &mut Document, dict: &ActorDict) {
    let date = doc.published;
    let matches: Vec<Vec<Match>> = doc.sentences.iter().map(|s| dict.find(&s.tokens)).collect();
    let main = countries::main_country(dict, &matches);
    let mut ctx = Context::new(dict, date, main);
    for (si, ms) in matches.iter().enumerate() {
        ctx.heading = doc.sentences[si].heading;
        ctx.sentence(si, &doc.sentences[si].tokens, ms);
    }
    // The mentions move from `seen`, which holds them in sentence order, to
    // their sentences (kept there, not copied, while later sentences read them).
    let mut seen = std::mem::take(&mut ctx.seen).into_iter().peekable();
    for (si, s) in doc.sentences.iter_mut().enumerate() {
        let mut mentions = Vec::new();
        while let Some(x) = seen.next_if(|x| x.sentence == si) {
            mentions.push(x.mention);
        }
        // A wire dateline's place ("SEOUL, Oct. 4 (Yonhap) --") filed the
        // story; it does not act in it.
        if let Some(end) = crate::document::dateline_end(&s.tokens) {
            mentions
                .iter_mut()
                .filter(|m| m.end <= end)
                .for_each(|m| m.attached = true);
        }
        s.actors = mentions;
    }
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
    /// The current sentence is a heading, whose words may all be capitalised.
    heading: bool,
    /// States named so far as parties (`pronouns::names_a_party`), in the
    /// order first named: how often, and the last such mention. Kept as the
    /// sentences go, so "both sides" need not count the whole article again.
    parties: Vec<(String, usize, ActorMention)>,
}

impl<'d> Context<'d> {
    /// A context for one article, before its first sentence.
    fn new(dict: &'d ActorDict, date: Option<NaiveDate>, main: Option<String>) -> Context<'d> {
        Context {
            dict,
            date,
            main,
            aliases: HashMap::default(),
            seen: Vec::new(),
            next_group: 0,
            people_seen: Vec::new(),
            attach: Vec::new(),
            heading: false,
            parties: Vec::new(),
        }
    }

    /// Codes one sentence: its mentions go to the end of `seen`.
    fn sentence(&mut self, si: usize, toks: &[Token], matches: &[Match]) {
        let mut spans: Vec<Span> = matches.iter().filter_map(|m| self.span(m)).collect();
        spans::state_noun_phrases(toks, &mut spans);
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
                        && !after_trade_measure(toks, sp.start)
                    {
                        i += 1;
                        continue;
                    }
                    if sp.kind == Kind::Demonym && !self.demonym_ok(toks, &sp) {
                        continue;
                    }
                    if matches!(sp.kind, Kind::Place | Kind::Metonym)
                        && self.place_is_surname(toks, &sp, &covered)
                    {
                        continue;
                    }
                    // "the *Algiers* agreement", "the *Vilnius* communique": a
                    // city that names a document is where it was made, not a
                    // party to it.
                    if sp.kind == Kind::Metonym
                        && sp.start > 0
                        && toks[sp.start - 1].lower == "the"
                        && toks
                            .get(sp.end)
                            .is_some_and(|t| DOCUMENT_NOUNS.contains(&t.lower.as_str()))
                    {
                        continue;
                    }
                    // (The explanation spelled out, not formatted from the
                    // kind's name: this runs for every name of a state.)
                    let (kind, how) = match sp.kind {
                        Kind::Country => (MentionKind::Country, "country name"),
                        Kind::Demonym => (MentionKind::Demonym, "demonym name"),
                        Kind::Metonym => (MentionKind::Metonym, "metonym name"),
                        Kind::Igo => (MentionKind::Igo, "igo name"),
                        _ => (MentionKind::Place, "place name"),
                    };
                    let mut m = self.mention(toks, sp.start, sp.end, sp.code.clone(), kind, how);
                    m.attached = self.attach.contains(&sp.start);
                    i = self.extend_with_role(toks, &spans, i, &mut m, &mut covered);
                    the_people(toks, &sp, &mut m);
                    out.push(m);
                }
                Kind::Person => {
                    let titled = sp.start > 0
                        && (spans[..i - 1]
                            .last()
                            .is_some_and(|p| p.end == sp.start && p.kind == Kind::Title)
                            || Self::honorific_before(toks, sp.start));
                    // "Jordan's King Abdullah": the possessor picks among namesakes.
                    let owner = out
                        .last()
                        .filter(|o| {
                            o.end + 1 == sp.start
                                && toks[o.end].lower == "'s"
                                && o.kind == MentionKind::Country
                        })
                        .map(|o| o.country.clone());
                    let Some(pid) = self.pick_person_of(&sp.persons, owner.as_deref()) else {
                        continue;
                    };
                    // "Kishida and Yoon": a surname paired with a leader's name
                    // is read as a person too.
                    let paired = |o: Option<&Span>| {
                        o.is_some_and(|o| {
                            o.kind == Kind::Person && !o.weak && {
                                let (a, b) = if o.end <= sp.start {
                                    (o.end, sp.start)
                                } else {
                                    (sp.end, o.start)
                                };
                                a < b
                                    && toks[a..b]
                                        .iter()
                                        .all(|t| matches!(t.lower.as_str(), "and" | "," | "&"))
                            }
                        })
                    };
                    let coordinated =
                        paired(i.checked_sub(2).map(|k| &spans[k])) || paired(spans.get(i));
                    if sp.weak && !titled && !coordinated && !self.people_seen.contains(&pid) {
                        continue;
                    }
                    // "Kim *Hong-kyun*", "Sun *Weidong*": a surname that runs on
                    // into a name of its own is someone else's.
                    if sp.weak && Self::runs_into_name(toks, sp.end, &spans) {
                        continue;
                    }
                    if !sp.weak && !self.people_seen.contains(&pid) {
                        self.people_seen.push(pid);
                    }
                    let code = self.dict.persons[pid].code_at(self.date);
                    if code.is_empty() {
                        continue;
                    }
                    if !sp.weak {
                        self.register_surname(toks, sp.start, sp.end, &code);
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
        self.elided_names(toks, &mut covered, &mut out);
        describe_names(&mut out);
        out.sort_by_key(|m| (m.start, m.end));
        leaders_of_named(toks, &mut out);
        organs_of_leaders(toks, &mut out);
        shared_roles(toks, &mut out);
        // Groups first, so "their" can refer to "Cyprus, Greece and Israel" in the same sentence.
        out.sort_by_key(|m| (m.start, m.end));
        self.groups(toks, &mut out);
        self.pronouns(si, toks, &covered, &mut out);
        out.sort_by_key(|m| (m.start, m.end));
        // "his Chinese counterpart" needs its pronoun resolved, then may join a
        // group ("Lavrov and his Chinese counterpart").
        if counterparts(toks, &mut out) {
            self.groups(toks, &mut out);
        }
        for m in out {
            let venue = named_as_venue(toks, &m);
            if !venue && pronouns::names_a_party(&m) {
                match self.parties.iter_mut().find(|p| p.0 == m.country) {
                    Some(p) => {
                        p.1 += 1;
                        p.2 = m.clone();
                    }
                    None => self.parties.push((m.country.clone(), 1, m.clone())),
                }
            }
            self.seen.push(Seen {
                sentence: si,
                venue,
                oblique: after_direction(toks, m.start),
                mention: m,
            });
        }
    }
}

/// "the foreign ministers of Japan, China and South Korea": a plural role
/// before a list of countries is each country's, not the first one's alone.
fn shared_roles(toks: &[Token], out: &mut [ActorMention]) {
    for k in 0..out.len() {
        let m = &out[k];
        let plural = m.head.ends_with('s') || m.head.ends_with("men");
        if !matches!(m.kind, MentionKind::Agent | MentionKind::Title)
            || m.role.is_empty()
            || !plural
            || !m.how.contains(" of ")
        {
            continue;
        }
        let (role, how) = (m.role.clone(), format!("{} (shared by the list)", m.how));
        let mut prev_end = m.end;
        for n in out.iter_mut().skip(k + 1) {
            let mut p = prev_end;
            while toks
                .get(p)
                .is_some_and(|t| matches!(t.lower.as_str(), "," | "and" | "the"))
            {
                p += 1;
            }
            if p == prev_end || n.start != p || n.kind != MentionKind::Country || !n.role.is_empty()
            {
                break;
            }
            n.code = format!("{}{role}", n.country);
            n.role = role.clone();
            n.how = how.clone();
            prev_end = n.end;
        }
    }
}

/// "the *Russian*-led CSTO", "a *US*-brokered truce between Israel and
/// Hamas" before a name: the leader describes the named actor and is
/// no side of its own.
fn leaders_of_named(toks: &[Token], out: &mut [ActorMention]) {
    for k in 0..out.len() {
        let e = out[k].end;
        let modifier = toks.get(e).is_some_and(|t| t.text == "-")
            && toks.get(e + 1).is_some_and(|t| {
                matches!(
                    t.lower.as_str(),
                    "led" | "backed" | "sponsored" | "funded" | "brokered"
                )
            });
        if modifier && out.get(k + 1).is_some_and(|n| n.start == e + 2) {
            out[k].attached = true;
        }
    }
}

/// "the government *of President Alexander Lukashenko*": a bare organ
/// followed by "of" and a named leader is that leader's state's, not the
/// state context would guess.
fn organs_of_leaders(toks: &[Token], out: &mut [ActorMention]) {
    for k in 0..out.len() {
        let m = &out[k];
        let guessed = m.kind == MentionKind::Agent && pronouns::guessed_state(m);
        if !guessed || toks.get(m.end).is_none_or(|t| t.lower != "of") {
            continue;
        }
        let Some(leader) = out.get(k + 1).filter(|n| {
            n.kind == MentionKind::Person
                && n.start <= m.end + 2
                && is_state(&n.country)
                && n.country != out[k].country
        }) else {
            continue;
        };
        let (country, text) = (leader.country.clone(), leader.text.clone());
        let m = &mut out[k];
        m.code = format!("{country}{}", m.role);
        m.how = format!("{} → state of {text}", m.head);
        m.country = country;
    }
}

/// Whether a mention names where something happened ("met *in Brussels*"), not a party.
impl Context<'_> {
    /// Country names that share their last words with the next one: "*North*
    /// and South Korea", "*East* and West Germany". The first is the
    /// dictionary's name for its word plus the second's rest.
    fn elided_names(&self, toks: &[Token], covered: &mut [bool], out: &mut Vec<ActorMention>) {
        let mut found = Vec::new();
        for m in out.iter() {
            let s = m.start;
            if m.kind != MentionKind::Country
                || m.end - s < 2
                || s < 2
                || toks[s - 1].lower != "and"
                || covered[s - 2]
                || !toks[s - 2].is_capitalized()
            {
                continue;
            }
            let rest: Vec<&str> = toks[s + 1..m.end]
                .iter()
                .map(|t| t.lower.as_str())
                .collect();
            let key = format!("{} {}", toks[s - 2].lower, rest.join(" "));
            if let Some(e) = self
                .dict
                .lookup(&key)
                .into_iter()
                .find(|e| e.kind == dictionary::Kind::Country && !e.weak)
            {
                found.push(self.mention(
                    toks,
                    s - 2,
                    s - 1,
                    e.code.clone(),
                    MentionKind::Country,
                    format!("country name, elided ({key})"),
                ));
            }
        }
        for m in found {
            covered[m.start] = true;
            out.push(m);
        }
    }
}

/// "Thousands of *Israelis* demonstrated against the government": a plural
/// demonym alone names the people (CVL), who can act on their own state. With
/// "the" it is the nation as a party ("warned *the Saudis*").
fn the_people(toks: &[Token], sp: &Span, m: &mut ActorMention) {
    let text = &toks[sp.start].text;
    let definite = sp.start > 0 && toks[sp.start - 1].lower == "the";
    if m.kind == MentionKind::Demonym
        && !definite
        && m.role.is_empty()
        && m.end == sp.end
        && sp.end - sp.start == 1
        && text.ends_with('s')
        && !text.ends_with("ss")
    {
        m.role = "CVL".into();
        m.code = format!("{}CVL", m.country);
        m.how.push_str(" (the people)");
    }
}

/// "the rebel Rapid Support Forces", "the militant group Hamas": a stateless
/// kind word right before a name describes that name. So does a bare agent
/// word before an organisation's name ("the paramilitary Rapid Support
/// Forces"), whose country it only guessed from context. It joins the name's
/// span, so "the army and the rebel RSF" stays a list.
fn describe_names(out: &mut Vec<ActorMention>) {
    let kinds: Vec<(usize, usize, bool)> = out
        .iter()
        .filter(|m| m.kind == MentionKind::Agent)
        .map(|m| (m.start, m.end, m.code.starts_with("---")))
        .collect();
    let mut described = Vec::new();
    for n in out
        .iter_mut()
        .filter(|m| !matches!(m.kind, MentionKind::Agent | MentionKind::Title))
    {
        let organisation = matches!(n.kind, MentionKind::Metonym | MentionKind::Igo);
        if let Some(&(s, e, _)) = kinds
            .iter()
            .find(|&&(_, e, stateless)| e == n.start && (stateless || organisation))
        {
            n.start = s;
            described.push((s, e));
        }
    }
    out.retain(|m| !(m.kind == MentionKind::Agent && described.contains(&(m.start, m.end))));
}

/// "his Chinese counterpart (Wang Yi)": one mention of the other side's
/// official, with the role of the one it is the counterpart of, so that "Rubio
/// and his Russian counterpart met" is a pair and "met his Russian
/// counterpart" has its target.
fn counterparts(toks: &[Token], out: &mut Vec<ActorMention>) -> bool {
    let mut drop = Vec::new();
    for d in 0..out.len() {
        let dm = &out[d];
        if dm.kind != MentionKind::Demonym
            || !toks
                .get(dm.end)
                .is_some_and(|t| matches!(t.lower.as_str(), "counterpart" | "counterparts"))
        {
            continue;
        }
        let Some(p) = (0..out.len()).find(|&p| {
            out[p].kind == MentionKind::Pronoun
                && out[p].end == dm.start
                && matches!(
                    toks[out[p].start].lower.as_str(),
                    "his" | "her" | "their" | "its"
                )
        }) else {
            continue;
        };
        if out[p].country == dm.country {
            continue;
        }
        let named = (0..out.len()).find(|&q| {
            out[q].start == dm.end + 1
                && matches!(out[q].kind, MentionKind::Person | MentionKind::LocalPerson)
        });
        let role = if out[p].role.is_empty() {
            "GOV".to_string()
        } else {
            out[p].role.clone()
        };
        let (start, end) = (out[p].start, named.map_or(dm.end + 1, |q| out[q].end));
        let mut m = match named {
            Some(q) => out[q].clone(),
            None => {
                let mut m = out[d].clone();
                m.code = format!("{}{role}", m.country);
                m.role = role;
                m.kind = MentionKind::Title;
                m.personal = toks[dm.end].lower == "counterpart";
                m
            }
        };
        m.how = format!("counterpart of {} ({})", out[p].text, m.how);
        m.start = start;
        m.end = end;
        m.text = toks[start..end]
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        out[d] = m;
        drop.push(p);
        drop.extend(named);
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !drop.contains(&(i - 1))
    });
    !drop.is_empty()
}

/// Nouns a city's name names ("the Minsk agreements", "the Oslo Accords").
const DOCUMENT_NOUNS: &[&str] = &[
    "agreement",
    "agreements",
    "accord",
    "accords",
    "treaty",
    "declaration",
    "protocol",
    "protocols",
    "communique",
    "communiqué",
    "memorandum",
    "format",
    "formula",
    "convention",
    "charter",
    "consensus",
];

fn named_as_venue(toks: &[Token], m: &ActorMention) -> bool {
    m.start > 0 && matches!(toks[m.start - 1].lower.as_str(), "in" | "at")
}

/// Whether a name starting at token `a` follows a preposition of direction
/// or opposition, past a "the" if any ("weapons *to Ukraine*", "talks *with
/// the US*"): named in passing, not as the one who acts. (A place things
/// happen "in" or "at" is a venue, and its own people may act next.)
fn after_direction(toks: &[Token], a: usize) -> bool {
    let prep = |k: usize| {
        matches!(
            toks[k].lower.as_str(),
            "to" | "with"
                | "against"
                | "from"
                | "on"
                | "toward"
                | "towards"
                | "into"
                | "over"
                | "for"
        )
    };
    a > 0 && prep(a - 1) || a > 1 && toks[a - 1].lower == "the" && prep(a - 2)
}

/// The country of a non-state actor named without one ("insurgents",
/// "protesters"): `---REB`, `---OPP`, as PETRARCH codes them.
pub const NON_STATE: &str = "---";

/// Sectors that are not organs of a state: a bare mention is not given the
/// context's country, and they act on their own country as another party.
pub const NON_STATE_ROLES: &[&str] = &["REB", "INS", "SEP", "OPP", "RAD", "UAF"];

/// A state, as opposed to an IGO code or a non-state actor without a country.
/// Whether the demonym at `start` follows a trade measure and its preposition
/// ("tariffs on [new] Japanese cars", "imports of French wine").
fn after_trade_measure(toks: &[Token], start: usize) -> bool {
    let prep = (start.saturating_sub(3)..start)
        .rev()
        .find(|&k| matches!(toks[k].lower.as_str(), "on" | "of" | "against" | "from"));
    prep.is_some_and(|k| {
        k > 0 && crate::grammar::TRADE_MEASURE_NOUNS.contains(&toks[k - 1].lower.as_str())
    })
}

pub fn is_state(country: &str) -> bool {
    country.len() == 3 && !NOT_STATES.contains(country)
}

/// The three-letter codes that are no state: [`NON_STATE`], the
/// organisations of [`dictionary::IGO_CODES`], and those of the built-in
/// dictionary (`AES`, the Alliance of Sahel States; `EAC`), whose codes have
/// a state's length. One set: the rules ask this of every mention, often.
static NOT_STATES: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        let file = include_str!("../data/actors/igos.tsv");
        let builtin = file
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t').skip(1);
                let code = cols.next()?;
                (cols.next() == Some("igo") && code.len() == 3).then_some(code)
            });
        builtin
            .chain(
                dictionary::IGO_CODES
                    .iter()
                    .copied()
                    .filter(|c| c.len() == 3),
            )
            .chain([NON_STATE])
            .collect()
    });

/// ISO 3166-1 territories that are no sovereign state: "the two countries"
/// after "Argentina ... the Falkland Islands" are not Argentina and the
/// islands.
const DEPENDENT_TERRITORIES: &[&str] = &[
    "ABW", "AIA", "ALA", "ASM", "ATA", "ATF", "BES", "BLM", "BMU", "BVT", "CCK", "COK", "CUW",
    "CXR", "CYM", "ESH", "FLK", "FRO", "GGY", "GIB", "GLP", "GRL", "GUF", "GUM", "HKG", "HMD",
    "IMN", "IOT", "JEY", "MAC", "MAF", "MNP", "MSR", "MTQ", "MYT", "NCL", "NFK", "NIU", "PCN",
    "PRI", "PYF", "REU", "SGS", "SHN", "SJM", "SPM", "SXM", "TCA", "TKL", "UMI", "VGB", "VIR",
    "WLF",
];

/// A state that "the country", "the two countries" can stand for.
pub fn is_sovereign(country: &str) -> bool {
    // (A set of the territories: the list is long, and asked of many mentions.)
    static DEPENDENT: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| DEPENDENT_TERRITORIES.iter().copied().collect());
    is_state(country) && !DEPENDENT.contains(country)
}

/// Re-resolves a person's code at an event's own date.
pub fn code_at(dict: &ActorDict, person: usize, date: Option<NaiveDate>) -> String {
    dict.persons[person].code_at(date)
}
