//! Actor dictionaries: loading the TSV files and matching their phrases.
//!
//! The syntax is documented in `data/actors/README.md`: `phrases<TAB>code<TAB>kind[<TAB>from<TAB>until]`.
//! All phrases of all files go into one Aho–Corasick automaton over the
//! sentence's lower-cased tokens, so matching costs one pass per sentence
//! whatever the dictionary size.

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};
use chrono::NaiveDate;

use crate::document::Token;

/// The built-in dictionary files, compiled into the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "countries.tsv",
        include_str!("../../data/actors/countries.tsv"),
    ),
    ("igos.tsv", include_str!("../../data/actors/igos.tsv")),
    ("places.tsv", include_str!("../../data/actors/places.tsv")),
    ("media.tsv", include_str!("../../data/actors/media.tsv")),
    ("people.tsv", include_str!("../../data/actors/people.tsv")),
    ("agents.tsv", include_str!("../../data/actors/agents.tsv")),
    ("titles.tsv", include_str!("../../data/actors/titles.tsv")),
    ("blocks.tsv", include_str!("../../data/actors/blocks.tsv")),
];

/// Actor dictionaries converted from the public Phoenix/PETRARCH dictionaries
/// (`data/actors-petrarch/`, MIT): loaded after dyad's own files, and a phrase
/// dyad's files already have keeps dyad's meaning.
pub const PETRARCH: &[(&str, &str)] = &[
    (
        "actors-petrarch/countries.tsv",
        include_str!("../../data/actors-petrarch/countries.tsv"),
    ),
    (
        "actors-petrarch/international.tsv",
        include_str!("../../data/actors-petrarch/international.tsv"),
    ),
    (
        "actors-petrarch/nonstate.tsv",
        include_str!("../../data/actors-petrarch/nonstate.tsv"),
    ),
    // agents.tsv is converted too but not built in: it cost precision on the
    // development set (data/actors-petrarch/README.md). Load it with --actors.
];

/// What an entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Country,
    Demonym,
    Metonym,
    Place,
    Igo,
    Person,
    Agent,
    Title,
    Block,
    Nonhead,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "country" => Kind::Country,
            "demonym" => Kind::Demonym,
            "metonym" => Kind::Metonym,
            "place" => Kind::Place,
            "igo" => Kind::Igo,
            "person" => Kind::Person,
            "agent" => Kind::Agent,
            "title" => Kind::Title,
            "block" => Kind::Block,
            "nonhead" => Kind::Nonhead,
            _ => return None,
        })
    }

    /// Kinds that name a state or organisation by themselves.
    pub fn is_named(self) -> bool {
        matches!(
            self,
            Kind::Country | Kind::Demonym | Kind::Metonym | Kind::Place | Kind::Igo | Kind::Person
        )
    }
}

/// One dictionary line's meaning for one phrase.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Full code (`JPN`, `RUSGOV`, `NATO`) or, for agents and titles, the role (`GOV`).
    pub code: String,
    pub kind: Kind,
    /// A `~` alias: needs support from context.
    pub weak: bool,
    /// For person lines: index into [`ActorDict::persons`].
    pub person: Option<usize>,
    /// `file:line`, for `dyad actors` and error messages.
    pub origin: String,
}

/// A dated term of office.
#[derive(Debug, Clone)]
pub struct Term {
    pub code: String,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// A person with all their terms.
#[derive(Debug, Clone)]
pub struct Person {
    /// The first phrase of their lines, their full name.
    pub name: String,
    pub terms: Vec<Term>,
    /// Code of an undated line, if any.
    pub undated: Option<String>,
    /// Where known: makes "she" and "he" skip people they cannot stand for.
    pub gender: Option<Gender>,
}

/// A person's grammatical gender, for pronoun agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Female,
    Male,
}

impl Person {
    /// The person's code on `date`: the term holding it, else the undated line,
    /// else the country of the nearest term as an elite (`ELI`).
    pub fn code_at(&self, date: Option<NaiveDate>) -> String {
        let Some(d) = date else {
            return self
                .terms
                .iter()
                .max_by_key(|t| t.from)
                .map(|t| t.code.clone())
                .or_else(|| self.undated.clone())
                .unwrap_or_default();
        };
        if let Some(t) = self
            .terms
            .iter()
            .find(|t| t.from.is_none_or(|f| f <= d) && t.until.is_none_or(|u| d <= u))
        {
            return t.code.clone();
        }
        if let Some(u) = &self.undated {
            return u.clone();
        }
        let nearest = self.terms.iter().min_by_key(|t| {
            let a = t
                .from
                .map(|f| (f - d).num_days().abs())
                .unwrap_or(i64::MAX / 4);
            let b = t
                .until
                .map(|u| (d - u).num_days().abs())
                .unwrap_or(i64::MAX / 4);
            a.min(b)
        });
        nearest
            .map(|t| format!("{}ELI", country_of(&t.code)))
            .unwrap_or_default()
    }

    /// Whether the person holds any term on `date` (or any term at all when no date).
    pub fn in_office(&self, date: Option<NaiveDate>) -> bool {
        match date {
            None => !self.terms.is_empty(),
            Some(d) => self
                .terms
                .iter()
                .any(|t| t.from.is_none_or(|f| f <= d) && t.until.is_none_or(|u| d <= u)),
        }
    }
}

/// Splits a code into country (or IGO) and role: `JPNGOV` → (`JPN`, `GOV`), `NATOMIL` → (`NATO`, `MIL`).
pub fn split_code(code: &str) -> (&str, &str) {
    // Only the IGOs of the code's first letter can match, in list order.
    let candidates = match code.as_bytes().first() {
        Some(b @ b'A'..=b'Z') => &IGO_BY_FIRST[usize::from(b - b'A')][..],
        _ => &[],
    };
    for &i in candidates.iter().take_while(|&&i| i != u8::MAX) {
        let igo = IGO_CODES[usize::from(i)];
        if let Some(rest) = code.strip_prefix(igo) {
            if rest.is_empty() || ROLES.contains(&rest) {
                return (&code[..igo.len()], rest);
            }
        }
    }
    if code.len() >= 3 && code.is_char_boundary(3) {
        (&code[..3], &code[3..])
    } else {
        (code, "")
    }
}

/// Country or IGO part of a code.
pub fn country_of(code: &str) -> &str {
    split_code(code).0
}

/// IGO codes longer or other than three letters; checked before the 3-letter split.
pub const IGO_CODES: &[&str] = &[
    "NATO", "ASEAN", "QUAD", "BRICS", "OPEC", "IAEA", "CSTO", "OSCE", "ECOWAS", "MERCOSUR",
    "SAARC", "INTERPOL", "APEC", "EAEU", "G20", "G7", "G8", "SCO", "GCC", "WHO", "WTO", "IMF",
    "WBK", "AFU", "ARL", "UNO", "EUR", "OAS", "CIS", "ICC", "ICJ", "OIC", "COE", "AU", "UN", "EU",
];

/// For each letter A-Z, the indices in [`IGO_CODES`] of the codes that
/// start with it, in list order (`u8::MAX` ends a row).
const IGO_BY_FIRST: [[u8; 8]; 26] = {
    let mut rows = [[u8::MAX; 8]; 26];
    let mut i = 0;
    while i < IGO_CODES.len() {
        let first = IGO_CODES[i].as_bytes()[0];
        assert!(first.is_ascii_uppercase(), "IGO codes start with a capital");
        let row = (first - b'A') as usize;
        let mut j = 0;
        while rows[row][j] != u8::MAX {
            j += 1;
        }
        rows[row][j] = i as u8;
        i += 1;
    }
    rows
};

/// Role codes an agent or title may carry.
pub const ROLES: &[&str] = &[
    "GOV", "MIL", "LEG", "JUD", "COP", "OPP", "ELI", "BUS", "MED", "EDU", "CVL", "REB", "SPY",
    "LAB", "REF", "HLH", "NGO", "IGO", "PTY", "REL", "CRM", "AGR", "ENV", "HRI", "MOD", "RAD",
    "UAF", "DEV", "SEP", "INS",
];

/// How a phrase's letter case must match the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseRule {
    /// All-caps acronym: the text must be exactly this.
    Exact,
    /// Starts upper-case: the text must too.
    Capital,
    /// Any case.
    Any,
}

#[derive(Debug, Clone)]
struct Variant {
    case: CaseRule,
    /// The phrase's own tokens, for exact-case checks.
    surface: Vec<String>,
    entries: Vec<usize>,
}

#[derive(Debug, Clone)]
struct Phrase {
    ntoks: usize,
    variants: Vec<Variant>,
}

/// A dictionary match in a sentence: token span and the entries it carries.
#[derive(Debug, Clone)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub entries: Vec<usize>,
}

/// A malformed dictionary line (`file:line: reason`).
pub type DictError = crate::error::LineError;

/// All actor dictionaries, compiled for matching.
#[derive(Debug, Clone)]
pub struct ActorDict {
    pub entries: Vec<Entry>,
    pub persons: Vec<Person>,
    phrases: Vec<Phrase>,
    index: HashMap<String, usize>,
    person_index: HashMap<String, usize>,
    ac: AhoCorasick,
}

impl ActorDict {
    /// The built-in dictionaries.
    pub fn builtin() -> ActorDict {
        Self::with_sources(true, &[], &[])
            .expect("built-in actor dictionary is valid (checked by tests)")
    }

    /// The built-in dictionaries plus user files, which add or override entries.
    pub fn with_user_files<P: AsRef<Path>>(files: &[P]) -> Result<ActorDict, DictError> {
        let texts = crate::dictionaries::read_files(files).map_err(|(file, reason)| DictError {
            file,
            line: 0,
            reason,
        })?;
        Self::with_sources(true, &[], &texts)
    }

    /// dyad's own files; then, if `petrarch`, the converted Phoenix files and the
    /// `fallback` texts, whose phrases count only where dyad's files do not have
    /// them; then `user` texts (`(name, text)` in dyad syntax), which override.
    pub fn with_sources(
        petrarch: bool,
        fallback: &[(String, String)],
        user: &[(String, String)],
    ) -> Result<ActorDict, DictError> {
        let mut b = Builder::default();
        for (name, text) in BUILTIN {
            b.add_text(name, text, false)?;
        }
        b.own_phrases = Some(b.phrases.len());
        if petrarch {
            for (name, text) in PETRARCH {
                b.add_text(name, text, false)?;
            }
        }
        for (name, text) in fallback {
            b.add_text(name, text, false)?;
        }
        b.own_phrases = None;
        for (name, text) in user {
            b.add_text(name, text, true)?;
        }
        Ok(b.build())
    }

    /// Number of phrases (distinct surface forms).
    pub fn phrase_count(&self) -> usize {
        self.phrases.len()
    }

    /// Finds dictionary phrases in a sentence; overlapping matches are resolved
    /// longest-first, so "New Mexico" hides "Mexico".
    pub fn find(&self, tokens: &[Token]) -> Vec<Match> {
        let mut hay = String::with_capacity(tokens.len() * 8);
        let mut starts = Vec::with_capacity(tokens.len());
        hay.push(' ');
        for t in tokens {
            starts.push(hay.len());
            hay.push_str(&t.lower);
            hay.push(' ');
        }
        let mut cands: Vec<Match> = Vec::new();
        for m in self.ac.find_overlapping_iter(&hay) {
            let Ok(s) = starts.binary_search(&(m.start() + 1)) else {
                continue;
            };
            let p = &self.phrases[m.pattern().as_usize()];
            let e = s + p.ntoks;
            if e > tokens.len() {
                continue;
            }
            let mut entries = Vec::new();
            for v in &p.variants {
                let ok = match v.case {
                    CaseRule::Any => true,
                    CaseRule::Capital => tokens[s].is_capitalized(),
                    CaseRule::Exact => tokens[s..e]
                        .iter()
                        .zip(&v.surface)
                        .all(|(t, w)| &t.text == w),
                };
                if ok {
                    entries.extend_from_slice(&v.entries);
                }
            }
            if !entries.is_empty() {
                cands.push(Match {
                    start: s,
                    end: e,
                    entries,
                });
            }
        }
        cands.sort_by_key(|m| (std::cmp::Reverse(m.end - m.start), m.start));
        let mut taken = vec![false; tokens.len()];
        let mut out = Vec::new();
        for m in cands {
            if taken[m.start..m.end].iter().any(|&t| t) {
                continue;
            }
            taken[m.start..m.end].iter_mut().for_each(|t| *t = true);
            out.push(m);
        }
        out.sort_by_key(|m| m.start);
        out
    }

    /// Looks up the entries of an exact phrase (lower-cased, tokens joined by spaces).
    pub fn lookup(&self, key: &str) -> Vec<&Entry> {
        self.index
            .get(key)
            .map(|&i| {
                self.phrases[i]
                    .variants
                    .iter()
                    .flat_map(|v| v.entries.iter().map(|&e| &self.entries[e]))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Index of a person by full name, if known.
    pub fn person_named(&self, name: &str) -> Option<usize> {
        self.person_index.get(&name.to_lowercase()).copied()
    }

    /// Counts for tests and `dyad actors --stats`: (countries, IGOs, person lines).
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut countries = std::collections::HashSet::new();
        let mut igos = std::collections::HashSet::new();
        for e in &self.entries {
            match e.kind {
                Kind::Country => {
                    countries.insert(country_of(&e.code).to_string());
                }
                Kind::Igo => {
                    igos.insert(country_of(&e.code).to_string());
                }
                _ => {}
            }
        }
        let person_lines: usize = self
            .persons
            .iter()
            .map(|p| p.terms.len() + usize::from(p.undated.is_some()))
            .sum();
        (countries.len(), igos.len(), person_lines)
    }
}

#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    persons: Vec<Person>,
    person_index: HashMap<String, usize>,
    phrases: Vec<Phrase>,
    keys: Vec<String>,
    index: HashMap<String, usize>,
    /// While loading lower-precedence files: the number of phrases dyad's own
    /// files defined; those phrases are not touched.
    own_phrases: Option<usize>,
}

/// Normalises a phrase the way sentences are tokenized: lower-case tokens joined by one space.
pub fn phrase_key(phrase: &str) -> (String, Vec<String>) {
    let toks = crate::segment::tokenize(phrase, 0, phrase.len());
    let mut words: Vec<&crate::document::Token> = toks.iter().collect();
    if words.len() > 1 && words[0].lower == "the" {
        words.remove(0);
    }
    let key = words
        .iter()
        .map(|t| t.lower.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let surface = words.iter().map(|t| t.text.clone()).collect();
    (key, surface)
}

fn parse_date(s: &str, end: bool) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    let parts: Vec<&str> = s.split('-').collect();
    let y: i32 = parts.first()?.parse().ok()?;
    if !(1000..=9999).contains(&y) {
        return None;
    }
    match parts.len() {
        1 => Some(if end {
            NaiveDate::from_ymd_opt(y, 12, 31)?
        } else {
            NaiveDate::from_ymd_opt(y, 1, 1)?
        }),
        2 => {
            let m: u32 = parts[1].parse().ok()?;
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            if end {
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)?
                };
                next.pred_opt()
            } else {
                Some(first)
            }
        }
        _ => None,
    }
}

fn valid_code(code: &str, kind: Kind) -> bool {
    match kind {
        Kind::Block | Kind::Nonhead => code == "-",
        // A named group with no country ("al-Qaeda" `---INS`), as PETRARCH codes them.
        Kind::Metonym if code.starts_with("---") => {
            code.len() == 6 && code.is_ascii() && ROLES.contains(&&code[3..])
        }
        Kind::Agent | Kind::Title => {
            !code.is_empty()
                && code.len().is_multiple_of(3)
                && code.is_ascii()
                && (0..code.len())
                    .step_by(3)
                    .all(|i| ROLES.contains(&&code[i..i + 3]))
        }
        _ => {
            (2..=12).contains(&code.len())
                && code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && code
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == 'G')
        }
    }
}

impl Builder {
    fn add_text(&mut self, file: &str, text: &str, user: bool) -> Result<(), DictError> {
        let err = |line: usize, reason: String| DictError {
            file: file.to_string(),
            line,
            reason,
        };
        let mut overridden = std::collections::HashSet::new();
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 3 || cols.len() > 6 {
                return Err(err(
                    line_no,
                    format!("expected 3 to 6 tab-separated columns (phrases, code, kind[, from, until[, gender]]), found {}", cols.len()),
                ));
            }
            let gender = match cols.get(5).map(|g| g.trim()).unwrap_or("") {
                "" => None,
                "f" => Some(Gender::Female),
                "m" => Some(Gender::Male),
                g => {
                    return Err(err(
                        line_no,
                        format!("bad gender {g:?}: use f, m, or leave the column empty"),
                    ))
                }
            };
            let kind = Kind::parse(cols[2].trim()).ok_or_else(|| {
                err(line_no, format!("unknown kind {:?}: use country, demonym, metonym, place, igo, person, agent, title, block or nonhead", cols[2].trim()))
            })?;
            let code = cols[1].trim().to_string();
            if !valid_code(&code, kind) {
                return Err(err(line_no, format!("bad code {code:?} for kind {}: countries are ISO alpha-3 (JPN) plus an optional role (GOV, MIL, ...), a group with no country --- and a role (---INS, metonym only), agents and titles the role only, blocks '-'", cols[2].trim())));
            }
            let from_s = cols.get(3).map(|s| s.trim()).unwrap_or("");
            let until_s = cols.get(4).map(|s| s.trim()).unwrap_or("");
            let from = if from_s.is_empty() {
                None
            } else {
                Some(parse_date(from_s, false).ok_or_else(|| {
                    err(
                        line_no,
                        format!("bad start date {from_s:?}: use YYYY-MM-DD, YYYY-MM or YYYY"),
                    )
                })?)
            };
            let until = if until_s.is_empty() {
                None
            } else {
                Some(parse_date(until_s, true).ok_or_else(|| {
                    err(
                        line_no,
                        format!("bad end date {until_s:?}: use YYYY-MM-DD, YYYY-MM or YYYY"),
                    )
                })?)
            };
            if let (Some(f), Some(u)) = (from, until) {
                if f > u {
                    return Err(err(
                        line_no,
                        format!("term starts ({from_s}) after it ends ({until_s})"),
                    ));
                }
            }
            if kind != Kind::Person && (from.is_some() || until.is_some() || gender.is_some()) {
                return Err(err(
                    line_no,
                    "only person lines take dates and a gender".into(),
                ));
            }
            let phrases: Vec<&str> = cols[0].split('|').map(|p| p.trim()).collect();
            if phrases.iter().any(|p| p.is_empty() || *p == "~") {
                return Err(err(
                    line_no,
                    "empty phrase (check for a doubled or trailing '|')".into(),
                ));
            }
            let person = if kind == Kind::Person {
                let name = phrases[0].trim_start_matches('~').to_string();
                let pid = *self
                    .person_index
                    .entry(name.to_lowercase())
                    .or_insert_with(|| {
                        self.persons.push(Person {
                            name: name.clone(),
                            terms: Vec::new(),
                            undated: None,
                            gender: None,
                        });
                        self.persons.len() - 1
                    });
                if gender.is_some() {
                    self.persons[pid].gender = gender;
                }
                if from.is_none() && until.is_none() {
                    self.persons[pid].undated = Some(code.clone());
                } else {
                    self.persons[pid].terms.push(Term {
                        code: code.clone(),
                        from,
                        until,
                    });
                }
                Some(pid)
            } else {
                None
            };
            for p in phrases {
                let weak = p.starts_with('~');
                let p = p.trim_start_matches('~');
                let (key, surface) = phrase_key(p);
                if key.is_empty() {
                    return Err(err(line_no, format!("phrase {p:?} has no words")));
                }
                let case = if surface
                    .iter()
                    .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
                    && surface.iter().all(|w| !w.chars().any(|c| c.is_lowercase()))
                    && p.chars().any(|c| c.is_alphabetic())
                {
                    CaseRule::Exact
                } else if p.chars().next().is_some_and(|c| c.is_uppercase()) {
                    CaseRule::Capital
                } else {
                    CaseRule::Any
                };
                let pi = match self.index.get(&key) {
                    Some(&i) if self.own_phrases.is_some_and(|n| i < n) => continue,
                    Some(&i) => i,
                    None => {
                        self.phrases.push(Phrase {
                            ntoks: surface.len(),
                            variants: Vec::new(),
                        });
                        self.keys.push(key.clone());
                        self.index.insert(key.clone(), self.phrases.len() - 1);
                        self.phrases.len() - 1
                    }
                };
                if user && overridden.insert(key.clone()) {
                    // A user line replaces what the built-in files said of this phrase.
                    self.phrases[pi].variants.clear();
                }
                // Person lines for the same phrase share one entry per person.
                if let Some(pid) = person {
                    if self.phrases[pi]
                        .variants
                        .iter()
                        .flat_map(|v| &v.entries)
                        .any(|&e| self.entries[e].person == Some(pid))
                    {
                        continue;
                    }
                }
                self.entries.push(Entry {
                    code: code.clone(),
                    kind,
                    weak,
                    person,
                    origin: format!("{file}:{line_no}"),
                });
                let eid = self.entries.len() - 1;
                let ph = &mut self.phrases[pi];
                match ph
                    .variants
                    .iter_mut()
                    .find(|v| v.case == case && v.surface == surface)
                {
                    Some(v) => v.entries.push(eid),
                    None => ph.variants.push(Variant {
                        case,
                        surface,
                        entries: vec![eid],
                    }),
                }
            }
        }
        Ok(())
    }

    fn build(self) -> ActorDict {
        let patterns: Vec<String> = self.keys.iter().map(|k| format!(" {k} ")).collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("actor phrases compile");
        ActorDict {
            entries: self.entries,
            persons: self.persons,
            phrases: self.phrases,
            index: self.index,
            person_index: self.person_index,
            ac,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token> {
        crate::segment::tokenize(s, 0, s.len())
    }

    fn dict(text: &str) -> ActorDict {
        let mut b = Builder::default();
        b.add_text("t.tsv", text, false).unwrap();
        b.build()
    }

    #[test]
    fn longest_match_and_case_rules() {
        let d = dict("Mexico\tMEX\tcountry\nNew Mexico\t-\tblock\nTurkey\tTUR\tcountry\nUS|U.S.\tUSA\tcountry\n");
        let t = toks("New Mexico and Mexico, not turkey; US and us and U.S.");
        let m = d.find(&t);
        let spans: Vec<(usize, usize)> = m.iter().map(|m| (m.start, m.end)).collect();
        // New Mexico (blocked), Mexico, US, U.S.; not "turkey" or "us".
        assert_eq!(spans, vec![(0, 2), (3, 4), (8, 9), (12, 13)]);
    }

    #[test]
    fn person_terms_resolve_by_date() {
        let d = dict("Shinzo Abe|Abe\tJPNGOV\tperson\t2012-12-26\t2020-09-16\n");
        let p = &d.persons[0];
        let day = |s: &str| Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        assert_eq!(p.code_at(day("2018-05-26")), "JPNGOV");
        assert_eq!(p.code_at(day("2023-01-01")), "JPNELI");
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let mut b = Builder::default();
        let e = b
            .add_text(
                "mine.tsv",
                "# ok\nJapan\tJPN\tcountry\nAtlantis\tATL\n",
                true,
            )
            .unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("mine.tsv", 3));
        assert!(e.reason.contains("columns"));
        let e = b
            .add_text("mine.tsv", "X\tJPN\tnation\n", true)
            .unwrap_err();
        assert!(e.reason.contains("unknown kind"));
        let e = b
            .add_text("mine.tsv", "X\tJPNGOV\tperson\t2020-13-01\t\n", true)
            .unwrap_err();
        assert!(e.reason.contains("bad start date"));
        let e = b
            .add_text("mine.tsv", "X\tjpn\tcountry\n", true)
            .unwrap_err();
        assert!(e.reason.contains("bad code"));
    }

    #[test]
    fn split_codes() {
        assert_eq!(split_code("JPNGOV"), ("JPN", "GOV"));
        assert_eq!(split_code("NATOMIL"), ("NATO", "MIL"));
        assert_eq!(split_code("EUR"), ("EUR", ""));
        assert_eq!(split_code("UNOMIL"), ("UNO", "MIL"));
        // Every IGO, alone and with each role, splits as a scan of the
        // whole list in order would.
        fn scan(code: &str) -> (&str, &str) {
            match IGO_CODES.iter().find(|igo| {
                code.strip_prefix(*igo)
                    .is_some_and(|rest| rest.is_empty() || ROLES.contains(&rest))
            }) {
                Some(igo) => code.split_at(igo.len()),
                None if code.len() >= 3 && code.is_char_boundary(3) => code.split_at(3),
                None => (code, ""),
            }
        }
        for igo in IGO_CODES
            .iter()
            .chain(&["USA", "UNX", "G2", "", "gcc", "ÉU"])
        {
            for role in ROLES.iter().chain(&["", "X", "OGOV"]) {
                let code = format!("{igo}{role}");
                assert_eq!(split_code(&code), scan(&code), "{code}");
            }
        }
    }
}
