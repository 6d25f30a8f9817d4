//! Grammar as data: the English word lists the coder's rules consult, read
//! from `data/grammar/` (one file a concept; syntax in its README.md).
//!
//! Each file is compiled in and parsed once, on first use, into a slice or a
//! table as cheap to consult as the literals it replaced. A bad entry is a
//! [`GrammarError`] naming the file and line; the unit tests below parse every
//! built-in file, so a bad edit fails `cargo test` before it can panic.

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use chrono::Weekday;
use rustc_hash::{FxHashMap, FxHashSet};

/// A bad line in a grammar file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrammarError {
    /// The file's name.
    pub file: String,
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GrammarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for GrammarError {}

/// The entries of a grammar file: its lines, less blank lines and `#`
/// comments (a whole line, or from a `#` after a space), each trimmed.
/// Rejects a tab, two spaces in a row, an upper-case letter where
/// `lowercase`, and an entry given twice.
pub fn parse_entries<'a>(
    file: &str,
    text: &'a str,
    lowercase: bool,
) -> Result<Vec<(usize, &'a str)>, GrammarError> {
    let mut out: Vec<(usize, &'a str)> = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let err = |message: String| GrammarError {
            file: file.to_string(),
            line,
            message,
        };
        let body = if raw.trim_start().starts_with('#') {
            ""
        } else {
            raw.find(" #").map_or(raw, |k| &raw[..k])
        };
        let entry = body.trim();
        if entry.is_empty() {
            continue;
        }
        if entry.contains('\t') {
            return Err(err(format!(
                "tab in '{entry}': separate words with one space"
            )));
        }
        if entry.contains("  ") {
            return Err(err(format!(
                "two spaces in '{entry}': separate words with one space"
            )));
        }
        if lowercase && entry.chars().any(char::is_uppercase) {
            return Err(err(format!("'{entry}' is not lower-case")));
        }
        if let Some(first) = seen.insert(entry, line) {
            return Err(err(format!(
                "'{entry}' given twice (first on line {first})"
            )));
        }
        out.push((line, entry));
    }
    if out.is_empty() {
        return Err(GrammarError {
            file: file.to_string(),
            line: 0,
            message: "no entries".to_string(),
        });
    }
    Ok(out)
}

fn or_panic<T>(r: Result<T, GrammarError>) -> T {
    r.unwrap_or_else(|e| panic!("built-in grammar file {e}"))
}

/// A built-in word list: dereferences to its entries, in file order.
pub struct List {
    file: &'static str,
    text: &'static str,
    lowercase: bool,
    words: OnceLock<Box<[&'static str]>>,
    /// The same words as a set, for [`List::contains`].
    set: OnceLock<WordSet>,
}

/// Words in a hash set behind a filter on their lengths and last bytes: most
/// words the rules ask about are in no list, and the filter turns them away
/// without hashing them.
struct WordSet {
    set: FxHashSet<&'static str>,
    filter: WordFilter,
}

impl WordSet {
    fn new(words: &[&'static str]) -> WordSet {
        let mut w = WordSet {
            set: FxHashSet::default(),
            filter: WordFilter::default(),
        };
        for &word in words {
            w.filter.add(word);
            w.set.insert(word);
        }
        w
    }

    #[inline]
    fn contains(&self, word: &str) -> bool {
        self.filter.admits(word) && self.set.contains(word)
    }
}

/// What a set of words' lengths, first and last bytes are: a word it does
/// not admit is in no such set.
#[derive(Debug, Default)]
struct WordFilter {
    /// Bit `n` for each word of `n` bytes (63 for longer ones).
    lens: u64,
    /// Bit `b % 64` for each word whose last byte is `b` (0 for the empty word).
    lasts: u64,
    /// The same for first bytes: most lists' words start with few letters.
    firsts: u64,
}

impl WordFilter {
    #[inline]
    fn bits(word: &str) -> (u64, u64, u64) {
        let b = word.as_bytes();
        let last = b.last().map_or(0, |b| b % 64);
        let first = b.first().map_or(0, |b| b % 64);
        (1 << word.len().min(63), 1 << last, 1 << first)
    }

    fn add(&mut self, word: &str) {
        let (len, last, first) = WordFilter::bits(word);
        self.lens |= len;
        self.lasts |= last;
        self.firsts |= first;
    }

    #[inline]
    fn admits(&self, word: &str) -> bool {
        let (len, last, first) = WordFilter::bits(word);
        self.lens & len != 0 && self.lasts & last != 0 && self.firsts & first != 0
    }
}

impl List {
    const fn new(file: &'static str, text: &'static str, lowercase: bool) -> Self {
        List {
            file,
            text,
            lowercase,
            words: OnceLock::new(),
            set: OnceLock::new(),
        }
    }

    /// Whether `word` is in the list. The rules ask this for many tokens of
    /// every sentence: one hash look-up instead of a scan of the words. It
    /// takes `&word` as the slice's `contains` (which `Deref` offers, and
    /// this method comes before) does, so call sites read the same.
    pub fn contains(&self, word: &impl AsRef<str>) -> bool {
        self.set
            .get_or_init(|| WordSet::new(self))
            .contains(word.as_ref())
    }

    /// The file's name under `data/grammar/`.
    pub fn file(&self) -> &'static str {
        self.file
    }

    /// Parses the file, with no caching.
    pub fn parse(&self) -> Result<Vec<&'static str>, GrammarError> {
        let entries = parse_entries(self.file, self.text, self.lowercase)?;
        Ok(entries.into_iter().map(|(_, e)| e).collect())
    }
}

impl Deref for List {
    type Target = [&'static str];
    fn deref(&self) -> &[&'static str] {
        self.words.get_or_init(|| {
            let mut words = or_panic(self.parse());
            apply_user(self.file, &mut words, user_lists());
            words.into_boxed_slice()
        })
    }
}

/// A built-in list of two-word phrases ("going to"), as word pairs.
pub struct Pairs {
    list: List,
    pairs: OnceLock<Box<[(&'static str, &'static str)]>>,
    /// The pairs' first words, for [`Pairs::has_first`].
    firsts: OnceLock<WordSet>,
}

impl Pairs {
    const fn new(file: &'static str, text: &'static str) -> Self {
        Pairs {
            list: List::new(file, text, true),
            pairs: OnceLock::new(),
            firsts: OnceLock::new(),
        }
    }

    /// Whether a pair starts with `w`: a look-up, not a scan of the pairs.
    pub fn has_first(&self, w: &str) -> bool {
        self.firsts
            .get_or_init(|| WordSet::new(&self.iter().map(|&(a, _)| a).collect::<Vec<_>>()))
            .contains(w)
    }

    /// Parses the file, with no caching.
    pub fn parse(&self) -> Result<Vec<(&'static str, &'static str)>, GrammarError> {
        parse_entries(self.list.file, self.list.text, true)?
            .into_iter()
            .map(|(line, e)| match e.split_once(' ') {
                Some((a, b)) if !b.contains(' ') => Ok((a, b)),
                _ => Err(GrammarError {
                    file: self.list.file.to_string(),
                    line,
                    message: format!("'{e}' is not two words"),
                }),
            })
            .collect()
    }
}

impl Deref for Pairs {
    type Target = [(&'static str, &'static str)];
    fn deref(&self) -> &[(&'static str, &'static str)] {
        self.pairs.get_or_init(|| {
            or_panic(self.parse());
            // User additions were checked to be two words when loaded.
            self.list.iter().filter_map(|e| e.split_once(' ')).collect()
        })
    }
}

/// Definite nouns that stand for a state named before them ("the kingdom"),
/// each with a state it can describe.
/// (`data/grammar/state-descriptions.txt`, used by `actors`)
pub static STATE_DESCRIPTIONS: Pairs = Pairs::new(
    "state-descriptions.txt",
    include_str!("../data/grammar/state-descriptions.txt"),
);

/// Words before a bare year that make it a date ("in 2016", "since 2011").
/// (`data/grammar/year-prepositions.txt`, used by `dates`)
pub static YEAR_PREPS: List = List::new(
    "year-prepositions.txt",
    include_str!("../data/grammar/year-prepositions.txt"),
    true,
);
/// Words that open a new clause: a date on one side does not reach an event on the other.
/// (`data/grammar/date-clause-openers.txt`, used by `dates`)
pub static CLAUSE_OPENERS: List = List::new(
    "date-clause-openers.txt",
    include_str!("../data/grammar/date-clause-openers.txt"),
    true,
);
/// Prepositions that introduce a date ("since 2011"): part of the expression, not a boundary.
/// (`data/grammar/date-prepositions.txt`, used by `dates`)
pub static DATE_PREPS: List = List::new(
    "date-prepositions.txt",
    include_str!("../data/grammar/date-prepositions.txt"),
    true,
);
/// Words after which a name is where something happened.
/// (`data/grammar/place-locatives.txt`, used by `places`)
pub static LOCATIVE: List = List::new(
    "place-locatives.txt",
    include_str!("../data/grammar/place-locatives.txt"),
    true,
);
/// Words before `to` that make it a movement to a place.
/// (`data/grammar/place-movement-verbs.txt`, used by `places`)
pub static MOVEMENT: List = List::new(
    "place-movement-verbs.txt",
    include_str!("../data/grammar/place-movement-verbs.txt"),
    true,
);
/// Words that, followed by `of`, make a locative (`southwest of Okinawa`).
/// (`data/grammar/place-of-locatives.txt`, used by `places`)
pub static OF_LOCATIVE: List = List::new(
    "place-of-locatives.txt",
    include_str!("../data/grammar/place-of-locatives.txt"),
    true,
);
/// Words skipped between the locative word and the name.
/// (`data/grammar/place-skip-words.txt`, used by `places`)
pub static SKIP: List = List::new(
    "place-skip-words.txt",
    include_str!("../data/grammar/place-skip-words.txt"),
    true,
);
/// Nouns that make a country's adjective a place (`Japanese airspace`).
/// (`data/grammar/place-territory-nouns.txt`, used by `places`)
pub static TERRITORY: List = List::new(
    "place-territory-nouns.txt",
    include_str!("../data/grammar/place-territory-nouns.txt"),
    true,
);
/// Capitalised words that are never places here.
/// (`data/grammar/not-places.txt`, used by `places`)
pub static NOT_PLACES: List = List::new(
    "not-places.txt",
    include_str!("../data/grammar/not-places.txt"),
    true,
);
/// Phrases that make up a whole navigation, alert or promo line.
/// (`data/grammar/boilerplate-lines.txt`, used by `clean`)
pub static LINE_PHRASES: List = List::new(
    "boilerplate-lines.txt",
    include_str!("../data/grammar/boilerplate-lines.txt"),
    true,
);
/// Prefixes that mark a promo or navigation line.
/// (`data/grammar/boilerplate-prefixes.txt`, used by `clean`)
pub static LINE_PREFIXES: List = List::new(
    "boilerplate-prefixes.txt",
    include_str!("../data/grammar/boilerplate-prefixes.txt"),
    true,
);
/// Abbreviations after which a period does not end a sentence.
/// (`data/grammar/abbreviations.txt`, used by `segment`)
pub static ABBREVIATIONS: List = List::new(
    "abbreviations.txt",
    include_str!("../data/grammar/abbreviations.txt"),
    true,
);
/// Words that typically open a sentence: after "U.S." they mean the sentence ended.
/// (`data/grammar/sentence-openers.txt`, used by `segment`)
pub static SENTENCE_OPENERS: List = List::new(
    "sentence-openers.txt",
    include_str!("../data/grammar/sentence-openers.txt"),
    false,
);
/// The most frequent English function words. In English prose about one
/// word in four is one of them; other Latin-script languages share few of
/// them ("a", "in" and "to" aside), so a high share settles the question
/// without the trigram profiles.
/// (`data/grammar/english-function-words.txt`, used by `language`)
pub static ENGLISH_FUNCTION_WORDS: List = List::new(
    "english-function-words.txt",
    include_str!("../data/grammar/english-function-words.txt"),
    true,
);
/// Words a negation may stand behind and still govern the verb.
/// (`data/grammar/negation-skip-words.txt`, used by `mode`)
pub static AUX: List = List::new(
    "negation-skip-words.txt",
    include_str!("../data/grammar/negation-skip-words.txt"),
    true,
);
/// Verbs that report speech or belief: after one, "would" is the future of reported speech ("said it would attack": planned), not a hypothetical.
/// (`data/grammar/reporting-verbs.txt`, used by `mode`)
pub static REPORTING: List = List::new(
    "reporting-verbs.txt",
    include_str!("../data/grammar/reporting-verbs.txt"),
    true,
);
/// Future and intention markers: one or two words before a verb.
/// (`data/grammar/planned-cues.txt`, used by `mode`)
pub static PLANNED_1: List = List::new(
    "planned-cues.txt",
    include_str!("../data/grammar/planned-cues.txt"),
    true,
);
/// Two-word future and intention markers before a verb ("going to", "plans to").
/// (`data/grammar/planned-phrases.txt`, used by `mode`)
pub static PLANNED_2: Pairs = Pairs::new(
    "planned-phrases.txt",
    include_str!("../data/grammar/planned-phrases.txt"),
);
/// Verbs whose utterance is the act itself ("I want to thank").
/// (`data/grammar/performative-verbs.txt`, used by `mode`)
pub static PERFORMATIVE: List = List::new(
    "performative-verbs.txt",
    include_str!("../data/grammar/performative-verbs.txt"),
    true,
);
/// Words that make an event hypothetical ("could", "if", "possibly").
/// (`data/grammar/hypothetical-cues.txt`, used by `mode`)
pub static HYPOTHETICAL: List = List::new(
    "hypothetical-cues.txt",
    include_str!("../data/grammar/hypothetical-cues.txt"),
    true,
);
/// Verbs whose infinitive complement did not happen ("refused to meet").
/// (`data/grammar/negating-governors.txt`, used by `mode`)
pub static NEGATING_GOVERNORS: List = List::new(
    "negating-governors.txt",
    include_str!("../data/grammar/negating-governors.txt"),
    true,
);
/// Verbs that call off or put off the event their object names ("postponed
/// their meeting"). (`data/grammar/calling-off-verbs.txt`, used by `events`)
pub static CALLING_OFF: List = List::new(
    "calling-off-verbs.txt",
    include_str!("../data/grammar/calling-off-verbs.txt"),
    true,
);
/// Nouns that present an act as a display of an attitude ("in a show of
/// support"). (`data/grammar/display-nouns.txt`, used by `events`)
pub static DISPLAY_NOUNS: List = List::new(
    "display-nouns.txt",
    include_str!("../data/grammar/display-nouns.txt"),
    true,
);
/// Verbs that name what something is ("calling it a scheme to start a
/// war"). (`data/grammar/naming-verbs.txt`, used by `events`)
pub static NAMING_VERBS: List = List::new(
    "naming-verbs.txt",
    include_str!("../data/grammar/naming-verbs.txt"),
    true,
);
/// Sport and entertainment phrases: a sentence naming one outside its
/// patterns is not coded. (`data/grammar/discard-phrases.txt`, used by `events`)
pub static DISCARDS: List = List::new(
    "discard-phrases.txt",
    include_str!("../data/grammar/discard-phrases.txt"),
    true,
);
/// Appeal verbs whose object is what is asked for ("demanded an apology").
/// (`data/grammar/demand-verbs.txt`, used by `events`)
pub static DEMAND_VERBS: List = List::new(
    "demand-verbs.txt",
    include_str!("../data/grammar/demand-verbs.txt"),
    true,
);
/// Verbs that deny their complement ("denied that ...").
/// (`data/grammar/deny-verbs.txt`, used by `mode`)
pub static DENY_VERBS: List = List::new(
    "deny-verbs.txt",
    include_str!("../data/grammar/deny-verbs.txt"),
    true,
);
/// Nouns of plan, motive or need that deny the act they govern after "no"
/// ("no plans to visit", "saw no basis for resuming talks").
/// (`data/grammar/unwanted-nouns.txt`, used by `mode`)
pub static UNWANTED_NOUNS: List = List::new(
    "unwanted-nouns.txt",
    include_str!("../data/grammar/unwanted-nouns.txt"),
    true,
);
/// Nouns that count or bundle the event noun after their "of" ("a package of
/// sanctions", "a round of talks"). (`data/grammar/partitive-nouns.txt`, used by `events`)
pub static PARTITIVE_NOUNS: List = List::new(
    "partitive-nouns.txt",
    include_str!("../data/grammar/partitive-nouns.txt"),
    true,
);
/// Verbs and nouns of commitment whose "to" infinitive is an act promised
/// ("pledged to provide aid"). Base forms. (`data/grammar/pledge-verbs.txt`, used by `events`)
pub static PLEDGE_VERBS: List = List::new(
    "pledge-verbs.txt",
    include_str!("../data/grammar/pledge-verbs.txt"),
    true,
);
/// Verbs and nouns of threatening whose "to" infinitive is the act threatened
/// ("threatened to veto the bid"). Base forms. (`data/grammar/threat-verbs.txt`, used by `events`)
pub static THREAT_VERBS: List = List::new(
    "threat-verbs.txt",
    include_str!("../data/grammar/threat-verbs.txt"),
    true,
);
/// People who belong to the place they are in ("civilians", "villagers").
/// (`data/grammar/local-people-nouns.txt`, used by `actors`)
pub static LOCAL_PEOPLE: List = List::new(
    "local-people-nouns.txt",
    include_str!("../data/grammar/local-people-nouns.txt"),
    true,
);
/// Verb stems of answering an act ("responded by withdrawing").
/// (`data/grammar/response-verbs.txt`, used by `events`)
pub static RESPONSE_VERBS: List = List::new(
    "response-verbs.txt",
    include_str!("../data/grammar/response-verbs.txt"),
    true,
);
/// Words that open an adverbial clause: a subject "it" after one is the main
/// clause's subject.
/// (`data/grammar/adverbial-subordinators.txt`, used by `actors`)
pub static ADVERBIAL_SUBORDINATORS: List = List::new(
    "adverbial-subordinators.txt",
    include_str!("../data/grammar/adverbial-subordinators.txt"),
    true,
);
/// Words that open a concessive clause ("although", "while").
/// (`data/grammar/concessive-marks.txt`, used by `events`)
pub static CONCESSIVE_MARKS: List = List::new(
    "concessive-marks.txt",
    include_str!("../data/grammar/concessive-marks.txt"),
    true,
);
/// Nouns of acts done to someone, whose "of X" is who suffers them ("the
/// invasion of Ukraine"). (`data/grammar/patient-nouns.txt`, used by `events`)
pub static PATIENT_NOUNS: List = List::new(
    "patient-nouns.txt",
    include_str!("../data/grammar/patient-nouns.txt"),
    true,
);
/// Nouns for people that name no actor ("detained *three men*").
/// (`data/grammar/unnamed-people.txt`, used by `events`)
pub static UNNAMED_PEOPLE: List = List::new(
    "unnamed-people.txt",
    include_str!("../data/grammar/unnamed-people.txt"),
    true,
);
/// Nouns of trade measures after which a demonym names where goods come from
/// ("tariffs on Japanese cars"). (`data/grammar/trade-measure-nouns.txt`, used by `actors`)
pub static TRADE_MEASURE_NOUNS: List = List::new(
    "trade-measure-nouns.txt",
    include_str!("../data/grammar/trade-measure-nouns.txt"),
    true,
);
/// Agents as often abroad as at home ("the embassy in Tokyo" is not Japan's).
/// (`data/grammar/abroad-agents.txt`, used by `actors`)
pub static ABROAD_AGENTS: List = List::new(
    "abroad-agents.txt",
    include_str!("../data/grammar/abroad-agents.txt"),
    true,
);
/// Verb stems that draw a message from X onto their subject ("drew
/// condemnation from X"). (`data/grammar/drawing-verbs.txt`, used by `events`)
pub static DRAWING_VERBS: List = List::new(
    "drawing-verbs.txt",
    include_str!("../data/grammar/drawing-verbs.txt"),
    true,
);
/// Nouns whose content clause a denial denies ("denied reports that ...").
/// (`data/grammar/claim-nouns.txt`, used by `mode`)
pub static CLAIM_NOUNS: List = List::new(
    "claim-nouns.txt",
    include_str!("../data/grammar/claim-nouns.txt"),
    true,
);

/// Every built-in word list but `planned-phrases.txt` ([`PLANNED_2`]).
/// Prepositions: an actor after one is in a phrase, not a clause's subject.
/// (`data/grammar/event-prepositions.txt`, used by `events` and `dates`)
pub static EVENT_PREPOSITIONS: List = List::new(
    "event-prepositions.txt",
    include_str!("../data/grammar/event-prepositions.txt"),
    true,
);
/// Forms of 'be' that make a participle passive.
/// (`data/grammar/be-forms.txt`, used by `events` and `dates`)
pub static BE_FORMS: List = List::new(
    "be-forms.txt",
    include_str!("../data/grammar/be-forms.txt"),
    true,
);
/// Words that may stand between 'be' and a passive participle.
/// (`data/grammar/passive-fillers.txt`, used by `events` and `dates`)
pub static PASSIVE_FILLERS: List = List::new(
    "passive-fillers.txt",
    include_str!("../data/grammar/passive-fillers.txt"),
    true,
);
/// Nouns whose 'to' infinitive is their owner's act ("decision to sell").
/// (`data/grammar/control-nouns.txt`, used by `events`)
pub static CONTROL_NOUNS: List = List::new(
    "control-nouns.txt",
    include_str!("../data/grammar/control-nouns.txt"),
    true,
);
/// Prepositions after which an actor is where an event happens, not whom it happens to.
/// (`data/grammar/event-locatives.txt`, used by `events`)
pub static EVENT_LOCATIVE: List = List::new(
    "event-locatives.txt",
    include_str!("../data/grammar/event-locatives.txt"),
    true,
);
/// Determiners: a verb pattern after one is used as a noun ("the attack").
/// (`data/grammar/determiners.txt`, used by `events`)
pub static DETERMINERS: List = List::new(
    "determiners.txt",
    include_str!("../data/grammar/determiners.txt"),
    true,
);
/// Event nouns whose "from X" is who sends them ("a protest from Tokyo").
/// (`data/grammar/sent-nouns.txt`, used by `events`)
pub static SENT_NOUNS: List = List::new(
    "sent-nouns.txt",
    include_str!("../data/grammar/sent-nouns.txt"),
    true,
);
/// Nouns that refer back to an act already told ("criticised the move").
/// (`data/grammar/referred-acts.txt`, used by `events`)
pub static REFERRED_ACTS: List = List::new(
    "referred-acts.txt",
    include_str!("../data/grammar/referred-acts.txt"),
    true,
);
/// Nouns that sum up the clause before them (", a charge Iran denies").
/// (`data/grammar/summary-nouns.txt`, used by `events`)
pub static SUMMARY_NOUNS: List = List::new(
    "summary-nouns.txt",
    include_str!("../data/grammar/summary-nouns.txt"),
    true,
);
/// Nouns of a deal between states ("welcomed the agreement").
/// (`data/grammar/deal-nouns.txt`, used by `events`)
pub static DEAL_NOUNS: List = List::new(
    "deal-nouns.txt",
    include_str!("../data/grammar/deal-nouns.txt"),
    true,
);
/// Phrases of doing what another state has just done ("followed suit").
/// (`data/grammar/follow-suit-phrases.txt`, used by `events`)
pub static FOLLOW_SUIT: List = List::new(
    "follow-suit-phrases.txt",
    include_str!("../data/grammar/follow-suit-phrases.txt"),
    true,
);
/// Nouns of meeting someone, whose actor in a time adverbial is the clause's
/// subject ("after talks with X").
/// (`data/grammar/encounter-nouns.txt`, used by `events`)
pub static ENCOUNTER_NOUNS: List = List::new(
    "encounter-nouns.txt",
    include_str!("../data/grammar/encounter-nouns.txt"),
    true,
);
/// Verbs whose object is the message's addressee ("told parliament that").
/// (`data/grammar/addressee-verbs.txt`, used by `events`)
pub static ADDRESSEE_VERBS: List = List::new(
    "addressee-verbs.txt",
    include_str!("../data/grammar/addressee-verbs.txt"),
    true,
);
/// Verbs of delivering a message, whose infinitive after an object is the
/// subject's purpose ("summoned the ambassador to protest").
/// (`data/grammar/message-verbs.txt`, used by `events`)
pub static MESSAGE_VERBS: List = List::new(
    "message-verbs.txt",
    include_str!("../data/grammar/message-verbs.txt"),
    true,
);
/// Verbs of summoning an envoy, after whose object a message verb's
/// infinitive is the summoner's purpose.
/// (`data/grammar/summoning-verbs.txt`, used by `events`)
pub static SUMMONING_VERBS: List = List::new(
    "summoning-verbs.txt",
    include_str!("../data/grammar/summoning-verbs.txt"),
    true,
);
/// Nouns for a part of an encounter ("on the *sidelines* of the summit"),
/// which place a clause in the encounter itself.
/// (`data/grammar/encounter-parts.txt`, used by `events`)
pub static ENCOUNTER_PARTS: List = List::new(
    "encounter-parts.txt",
    include_str!("../data/grammar/encounter-parts.txt"),
    true,
);
/// Verbs of going or arriving somewhere (every form), whose subject joins the
/// encounter their purpose adverbial names ("flew to Beijing for talks").
/// (`data/grammar/arrival-verbs.txt`, used by `events`)
pub static ARRIVAL_VERBS: List = List::new(
    "arrival-verbs.txt",
    include_str!("../data/grammar/arrival-verbs.txt"),
    true,
);
/// Verbs of doing something together whose subject "they" is the last two
/// parties named ("Abe invited Putin. *They met* in Nagato").
/// (`data/grammar/mutual-verbs.txt`, used by `actors`)
pub static MUTUAL_VERBS: List = List::new(
    "mutual-verbs.txt",
    include_str!("../data/grammar/mutual-verbs.txt"),
    true,
);
/// Verbs of acting against what belongs to someone else: a possessive
/// pronoun in their object is not their subject's.
/// (`data/grammar/intrusion-verbs.txt`, used by `actors`)
pub static INTRUSION_VERBS: List = List::new(
    "intrusion-verbs.txt",
    include_str!("../data/grammar/intrusion-verbs.txt"),
    true,
);
/// Words a pattern's `*` gap never crosses: they open a new clause.
/// (`data/grammar/gap-stops.txt`, used by `lexicon`)
pub static GAP_STOPS: List = List::new(
    "gap-stops.txt",
    include_str!("../data/grammar/gap-stops.txt"),
    true,
);
/// A verb word and the word after it that make it an adjective ("close to").
/// (`data/grammar/adjective-uses.txt`, used by `lexicon`)
pub static ADJECTIVE_USES: List = List::new(
    "adjective-uses.txt",
    include_str!("../data/grammar/adjective-uses.txt"),
    true,
);
/// Nouns of asking or offering whose infinitive names an act not yet done
/// ("a request *to extradite*", "a bid *to join*").
/// (`data/grammar/request-nouns.txt`, used by `events`)
pub static REQUEST_NOUNS: List = List::new(
    "request-nouns.txt",
    include_str!("../data/grammar/request-nouns.txt"),
    true,
);
/// Verbs that make an event noun an act ("hold talks", "impose sanctions").
/// (`data/grammar/light-verbs.txt`, used by `events`)
pub static LIGHT_VERBS: List = List::new(
    "light-verbs.txt",
    include_str!("../data/grammar/light-verbs.txt"),
    true,
);
/// Verbs of urging or asking: what they urge has not happened.
/// (`data/grammar/appeal-verbs.txt`, used by `events`)
pub static APPEAL_VERBS: List = List::new(
    "appeal-verbs.txt",
    include_str!("../data/grammar/appeal-verbs.txt"),
    true,
);
/// Verbs of warning whose content is a threat.
/// (`data/grammar/warn-verbs.txt`, used by `events`)
pub static WARN_VERBS: List = List::new(
    "warn-verbs.txt",
    include_str!("../data/grammar/warn-verbs.txt"),
    true,
);
/// Auxiliaries of a future or possible act.
/// (`data/grammar/future-auxiliaries.txt`, used by `events`)
pub static FUTURE_AUX: List = List::new(
    "future-auxiliaries.txt",
    include_str!("../data/grammar/future-auxiliaries.txt"),
    true,
);
/// Relative pronouns: a relative clause's subject is the noun it modifies.
/// (`data/grammar/relative-pronouns.txt`, used by `events/tree_roles`)
pub static RELATIVE_PRONOUNS: List = List::new(
    "relative-pronouns.txt",
    include_str!("../data/grammar/relative-pronouns.txt"),
    true,
);
/// Prepositions of a phrase that may say where rather than who (a city after one is a venue).
/// (`data/grammar/venue-prepositions.txt`, used by `events/tree_roles`)
pub static TREE_LOCATIVE: List = List::new(
    "venue-prepositions.txt",
    include_str!("../data/grammar/venue-prepositions.txt"),
    true,
);
/// Honorifics before a name (Mr, Ms, Dr).
/// (`data/grammar/honorifics.txt`, used by `actors`)
pub static HONORIFICS: List = List::new(
    "honorifics.txt",
    include_str!("../data/grammar/honorifics.txt"),
    true,
);
/// Words that may precede a title without changing whose it is (former, deputy).
/// (`data/grammar/title-modifiers.txt`, used by `actors`)
pub static TITLE_MODIFIERS: List = List::new(
    "title-modifiers.txt",
    include_str!("../data/grammar/title-modifiers.txt"),
    true,
);
/// A minister's portfolio words (foreign, defence, trade).
/// (`data/grammar/portfolios.txt`, used by `actors`)
pub static PORTFOLIOS: List = List::new(
    "portfolios.txt",
    include_str!("../data/grammar/portfolios.txt"),
    true,
);
/// Verbs that may follow a bare title.
/// (`data/grammar/verbs-after-title.txt`, used by `actors`)
pub static VERBS_AFTER_TITLE: List = List::new(
    "verbs-after-title.txt",
    include_str!("../data/grammar/verbs-after-title.txt"),
    true,
);
/// Agent nouns that are mass nouns ("police"), actors with no article.
/// (`data/grammar/mass-agent-nouns.txt`, used by `actors`)
pub static MASS_AGENT_NOUNS: List = List::new(
    "mass-agent-nouns.txt",
    include_str!("../data/grammar/mass-agent-nouns.txt"),
    true,
);
/// Words after a bare mass agent noun that show it acts ("police *said*").
/// (`data/grammar/actor-noun-followers.txt`, used by `actors`)
pub static ACTOR_NOUN_FOLLOWERS: List = List::new(
    "actor-noun-followers.txt",
    include_str!("../data/grammar/actor-noun-followers.txt"),
    true,
);
/// Lower-case particles inside personal names (de, van, bin).
/// (`data/grammar/name-particles.txt`, used by `actors`)
pub static NAME_PARTICLES: List = List::new(
    "name-particles.txt",
    include_str!("../data/grammar/name-particles.txt"),
    true,
);
/// Capitalised words that open or describe a place's name ("New", "Greater",
/// "Port"): the place after one is no surname.
/// (`data/grammar/place-name-heads.txt`, used by `actors`)
pub static PLACE_NAME_HEADS: List = List::new(
    "place-name-heads.txt",
    include_str!("../data/grammar/place-name-heads.txt"),
    true,
);
/// Common given names: one before a place makes it a surname where
/// capitalisation cannot tell (sentence start, headings).
/// (`data/grammar/given-names.txt`, used by `actors`)
pub static GIVEN_NAMES: List = List::new(
    "given-names.txt",
    include_str!("../data/grammar/given-names.txt"),
    true,
);
/// Capitalised words that never start a personal name.
/// (`data/grammar/not-names.txt`, used by `actors`)
pub static NOT_NAMES: List = List::new(
    "not-names.txt",
    include_str!("../data/grammar/not-names.txt"),
    true,
);
/// Verbs of speech after which 'it' or 'they' is the speaker's side.
/// (`data/grammar/speech-verbs.txt`, used by `actors`)
pub static SPEECH_VERBS: List = List::new(
    "speech-verbs.txt",
    include_str!("../data/grammar/speech-verbs.txt"),
    true,
);
/// Verbs whose mandative "that" clause names a proposed act.
/// (`data/grammar/proposal-verbs.txt`, used by `mode`)
pub static PROPOSAL_VERBS: List = List::new(
    "proposal-verbs.txt",
    include_str!("../data/grammar/proposal-verbs.txt"),
    true,
);

/// Governing bodies that, after a leader's name, are the state's government.
/// (`data/grammar/governing-bodies.txt`, used by `actors`)
pub static GOVERNING_BODIES: List = List::new(
    "governing-bodies.txt",
    include_str!("../data/grammar/governing-bodies.txt"),
    true,
);

pub static LISTS: &[&List] = &[
    &EVENT_PREPOSITIONS,
    &BE_FORMS,
    &PASSIVE_FILLERS,
    &CONTROL_NOUNS,
    &EVENT_LOCATIVE,
    &DETERMINERS,
    &LIGHT_VERBS,
    &APPEAL_VERBS,
    &WARN_VERBS,
    &FUTURE_AUX,
    &RELATIVE_PRONOUNS,
    &TREE_LOCATIVE,
    &HONORIFICS,
    &TITLE_MODIFIERS,
    &PORTFOLIOS,
    &VERBS_AFTER_TITLE,
    &MASS_AGENT_NOUNS,
    &ACTOR_NOUN_FOLLOWERS,
    &NAME_PARTICLES,
    &NOT_NAMES,
    &PLACE_NAME_HEADS,
    &GIVEN_NAMES,
    &SPEECH_VERBS,
    &YEAR_PREPS,
    &CLAUSE_OPENERS,
    &DATE_PREPS,
    &LOCATIVE,
    &MOVEMENT,
    &OF_LOCATIVE,
    &SKIP,
    &TERRITORY,
    &NOT_PLACES,
    &LINE_PHRASES,
    &LINE_PREFIXES,
    &ABBREVIATIONS,
    &SENTENCE_OPENERS,
    &ENGLISH_FUNCTION_WORDS,
    &AUX,
    &REPORTING,
    &PLANNED_1,
    &PERFORMATIVE,
    &HYPOTHETICAL,
    &NEGATING_GOVERNORS,
    &DENY_VERBS,
    &CLAIM_NOUNS,
    &UNWANTED_NOUNS,
    &PARTITIVE_NOUNS,
    &PLEDGE_VERBS,
    &THREAT_VERBS,
    &LOCAL_PEOPLE,
    &CONCESSIVE_MARKS,
    &ADVERBIAL_SUBORDINATORS,
    &RESPONSE_VERBS,
    &PATIENT_NOUNS,
    &UNNAMED_PEOPLE,
    &TRADE_MEASURE_NOUNS,
    &GAP_STOPS,
    &ADJECTIVE_USES,
    &REQUEST_NOUNS,
    &ABROAD_AGENTS,
    &DRAWING_VERBS,
    &CALLING_OFF,
    &DISPLAY_NOUNS,
    &NAMING_VERBS,
    &DISCARDS,
    &DEMAND_VERBS,
    &SENT_NOUNS,
    &REFERRED_ACTS,
    &SUMMARY_NOUNS,
    &DEAL_NOUNS,
    &FOLLOW_SUIT,
    &ENCOUNTER_NOUNS,
    &ADDRESSEE_VERBS,
    &MESSAGE_VERBS,
    &SUMMONING_VERBS,
    &ARRIVAL_VERBS,
    &MUTUAL_VERBS,
    &ENCOUNTER_PARTS,
    &INTRUSION_VERBS,
    &GOVERNING_BODIES,
    &PROPOSAL_VERBS,
];

/// The built-in lists a user file may change, by file name.
fn overridable(name: &str) -> Option<&'static List> {
    LISTS
        .iter()
        .copied()
        .chain([&PLANNED_2.list, &STATE_DESCRIPTIONS.list])
        .find(|l| l.file == name)
}

/// A user's change to a built-in list.
#[derive(Debug, Clone, PartialEq, Eq)]
struct UserList {
    /// The built-in file it changes.
    file: &'static str,
    /// `-*`: drop every built-in entry first.
    clear: bool,
    /// `-word`: drop one built-in entry.
    remove: Vec<&'static str>,
    /// Entries added.
    add: Vec<&'static str>,
}

type UserFiles = (Vec<(String, String)>, Vec<UserList>);
static USER: OnceLock<UserFiles> = OnceLock::new();

fn user_lists() -> &'static [UserList] {
    &USER.get_or_init(Default::default).1
}

fn apply_user(file: &str, words: &mut Vec<&'static str>, user: &[UserList]) {
    for u in user.iter().filter(|u| u.file == file) {
        if u.clear {
            words.clear();
        }
        words.retain(|w| !u.remove.contains(w));
        for a in &u.add {
            if !words.contains(a) {
                words.push(a);
            }
        }
    }
}

/// Reads a user's grammar file `path`: named like the built-in list it
/// changes (`reporting-verbs.txt`), in the same syntax; an entry adds a word,
/// `-word` drops a built-in one and `-*` drops them all.
fn parse_user(path: &str, text: &'static str) -> Result<UserList, GrammarError> {
    let err = |line: usize, message: String| GrammarError {
        file: path.to_string(),
        line,
        message,
    };
    let name = std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let list = overridable(name).ok_or_else(|| {
        err(
            0,
            format!(
                "'{name}' is not a built-in grammar list: name the file like the list it \
                 changes (data/grammar/README.md; months, weekdays, number words and date directions cannot be changed)"
            ),
        )
    })?;
    let builtin = list.parse()?;
    let mut u = UserList {
        file: list.file,
        clear: false,
        remove: Vec::new(),
        add: Vec::new(),
    };
    for (line, e) in parse_entries(path, text, list.lowercase)? {
        if e == "-*" {
            u.clear = true;
        } else if let Some(w) = e.strip_prefix('-') {
            let w = w.trim_start();
            if !builtin.contains(&w) {
                return Err(err(
                    line,
                    format!("'{w}' is not in the built-in {}", list.file),
                ));
            }
            u.remove.push(w);
        } else {
            let paired =
                std::ptr::eq(list, &PLANNED_2.list) || std::ptr::eq(list, &STATE_DESCRIPTIONS.list);
            if paired && e.split(' ').count() != 2 {
                return Err(err(line, format!("'{e}' is not two words")));
            }
            u.add.push(e);
        }
    }
    Ok(u)
}

/// Loads users' grammar files, `(path, text)`, each changing the built-in
/// list it is named after (see [`parse_user`]'s syntax in
/// data/grammar/README.md). The lists are the process's: load them once,
/// before any text is coded (the CLI's `--grammar FILE`).
pub fn load_user(files: &[(String, String)]) -> Result<(), GrammarError> {
    if files.is_empty() {
        return Ok(());
    }
    if let Some((loaded, _)) = USER.get() {
        return if loaded.as_slice() == files {
            Ok(())
        } else {
            Err(GrammarError {
                file: files[0].0.clone(),
                line: 0,
                message: "the grammar lists are already in use: load user grammar files once, \
                          before coding"
                    .to_string(),
            })
        };
    }
    let mut lists = Vec::new();
    for (path, text) in files {
        let text: &'static str = Box::leak(text.clone().into_boxed_str());
        lists.push(parse_user(path, text)?);
    }
    USER.set((files.to_vec(), lists)).map_err(|_| GrammarError {
        file: files[0].0.clone(),
        line: 0,
        message: "the grammar lists are already in use".to_string(),
    })
}

/// The months: each name (full or abbreviation) with its number, and
/// whether it is a month's full name and whether an abbreviation. A map,
/// not a list: the date rules ask about nearly every token.
#[derive(Debug)]
struct Months {
    names: FxHashMap<&'static str, MonthName>,
    /// The names' filter: most words asked about are no month.
    filter: WordFilter,
}

impl Months {
    #[inline]
    fn get(&self, w: &str) -> Option<&MonthName> {
        if self.filter.admits(w) {
            self.names.get(w)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct MonthName {
    /// The number of the first month the file gives the name.
    number: u32,
    full: bool,
    abbreviation: bool,
}

const MONTHS_FILE: &str = "months.txt";
const MONTHS_TEXT: &str = include_str!("../data/grammar/months.txt");
static MONTHS: OnceLock<Months> = OnceLock::new();

/// A line `N word word ...`: its line number, number and words.
type Numbered = (usize, i64, Vec<&'static str>);

/// The entries of a file of lines `N word word ...`: each line's number (at
/// least `min`, at most `max`) and its words, each word once in the file.
fn numbered_entries(
    file: &str,
    text: &'static str,
    min: i64,
    max: i64,
) -> Result<Vec<Numbered>, GrammarError> {
    let mut out: Vec<Numbered> = Vec::new();
    for (line, e) in parse_entries(file, text, true)? {
        let err = |message: String| GrammarError {
            file: file.to_string(),
            line,
            message,
        };
        let mut words = e.split(' ');
        let n: i64 = words
            .next()
            .and_then(|n| n.parse().ok())
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| err(format!("'{e}' does not start with a number {min}-{max}")))?;
        let words: Vec<&'static str> = words.collect();
        if words.is_empty() {
            return Err(err(format!("{n} has no word")));
        }
        for w in &words {
            if out.iter().any(|(_, _, ws)| ws.contains(w)) {
                return Err(err(format!("'{w}' given twice")));
            }
        }
        out.push((line, n, words));
    }
    Ok(out)
}

/// Each word of `N word word ...` lines with its number.
fn by_word(entries: Vec<Numbered>) -> Box<[(&'static str, i64)]> {
    entries
        .into_iter()
        .flat_map(|(_, n, words)| words.into_iter().map(move |w| (w, n)))
        .collect()
}

fn parse_months(file: &str, text: &'static str) -> Result<Months, GrammarError> {
    let entries = numbered_entries(file, text, 1, 12)?;
    let mut names: FxHashMap<&'static str, MonthName> = FxHashMap::default();
    for (i, (line, n, words)) in entries.iter().enumerate() {
        if entries[..i].iter().any(|(_, m, _)| m == n) {
            return Err(GrammarError {
                file: file.to_string(),
                line: *line,
                message: format!("month {n} given twice"),
            });
        }
        for (k, &w) in words.iter().enumerate() {
            let name = names.entry(w).or_insert(MonthName {
                number: *n as u32,
                full: false,
                abbreviation: false,
            });
            name.full |= k == 0;
            name.abbreviation |= k != 0;
        }
    }
    if entries.len() != 12 {
        return Err(GrammarError {
            file: file.to_string(),
            line: 0,
            message: format!("{} months, not 12", entries.len()),
        });
    }
    let mut filter = WordFilter::default();
    names.keys().for_each(|w| filter.add(w));
    Ok(Months { names, filter })
}

fn months() -> &'static Months {
    MONTHS.get_or_init(|| or_panic(parse_months(MONTHS_FILE, MONTHS_TEXT)))
}

/// The number of the month a lower-case name or abbreviation names.
pub fn month_number(w: &str) -> Option<u32> {
    months().get(w).map(|m| m.number)
}

/// Is `w` a month's full lower-case name ("march", not "mar")?
pub fn is_month_name(w: &str) -> bool {
    months().get(w).is_some_and(|m| m.full)
}

/// Is `w` a month's lower-case abbreviation ("sept"; "may" is a name)?
pub fn is_month_abbreviation(w: &str) -> bool {
    months().get(w).is_some_and(|m| m.abbreviation)
}

const WEEKDAYS_FILE: &str = "weekdays.txt";
const WEEKDAYS_TEXT: &str = include_str!("../data/grammar/weekdays.txt");
static WEEKDAYS: OnceLock<Box<[&'static str]>> = OnceLock::new();

fn parse_weekdays(file: &str, text: &'static str) -> Result<Box<[&'static str]>, GrammarError> {
    let days: Vec<&str> = parse_entries(file, text, true)?
        .into_iter()
        .map(|(_, e)| e)
        .collect();
    if days.len() != 7 {
        return Err(GrammarError {
            file: file.to_string(),
            line: 0,
            message: format!("{} weekdays, not 7", days.len()),
        });
    }
    Ok(days.into_boxed_slice())
}

/// The weekday a lower-case name names.
pub fn weekday(w: &str) -> Option<Weekday> {
    WEEKDAYS
        .get_or_init(|| or_panic(parse_weekdays(WEEKDAYS_FILE, WEEKDAYS_TEXT)))
        .iter()
        .position(|&d| d == w)
        .and_then(|i| Weekday::try_from(i as u8).ok())
}

/// A built-in file of `N word word ...` lines, read as word → number.
pub struct WordNumbers {
    file: &'static str,
    text: &'static str,
    min: i64,
    max: i64,
    /// Each word with the number of its first line, behind the words'
    /// filter: asked of most tokens.
    table: OnceLock<(FxHashMap<&'static str, i64>, WordFilter)>,
}

impl WordNumbers {
    const fn new(file: &'static str, text: &'static str, min: i64, max: i64) -> Self {
        WordNumbers {
            file,
            text,
            min,
            max,
            table: OnceLock::new(),
        }
    }

    /// Parses the file, with no caching. Numbers run `min..=max`, never 0.
    fn parse(&self) -> Result<Box<[(&'static str, i64)]>, GrammarError> {
        let entries = numbered_entries(self.file, self.text, self.min, self.max)?;
        if let Some((line, _, _)) = entries.iter().find(|(_, n, _)| *n == 0) {
            return Err(GrammarError {
                file: self.file.to_string(),
                line: *line,
                message: "0 is not a number here".to_string(),
            });
        }
        Ok(by_word(entries))
    }

    /// The number of a lower-case word.
    pub fn get(&self, w: &str) -> Option<i64> {
        let (table, filter) = self.table.get_or_init(|| {
            let mut table = FxHashMap::default();
            let mut filter = WordFilter::default();
            for &(x, n) in or_panic(self.parse()).iter() {
                table.entry(x).or_insert(n);
                filter.add(x);
            }
            (table, filter)
        });
        if filter.admits(w) {
            table.get(w).copied()
        } else {
            None
        }
    }
}

/// Counts in words ("two weeks ago"): `data/grammar/number-words.txt`.
pub static NUMBER_WORDS: WordNumbers = WordNumbers::new(
    "number-words.txt",
    include_str!("../data/grammar/number-words.txt"),
    1,
    i64::MAX,
);

/// Words pointing back (-1, "last") or ahead (1, "next") before "week",
/// "month", a weekday ...: `data/grammar/date-directions.txt`.
pub static DATE_DIRECTIONS: WordNumbers = WordNumbers::new(
    "date-directions.txt",
    include_str!("../data/grammar/date-directions.txt"),
    -1,
    1,
);

/// Whether a lower-case word negates the verb it modifies ("not", "n't",
/// "never"), as the mode, date and threat rules read it.
pub fn negates(w: &str) -> bool {
    matches!(w, "not" | "n't" | "never")
}

/// The number a lower-case number word says ("twelve": 12; "a": 1).
pub fn number_word(w: &str) -> Option<i64> {
    NUMBER_WORDS.get(w)
}

/// Which way a lower-case word before "week", "month", "Friday" ... points:
/// -1 ("last"), 1 ("next"), 0 (neither).
pub fn date_direction(w: &str) -> i32 {
    DATE_DIRECTIONS.get(w).map_or(0, |n| n as i32)
}

/// Irregular verbs: base, past, past participle (general English). The
/// lexicon inflects patterns with them; the tagger knows an unseen simple past
/// (one that is neither base nor participle, "froze") for a verb.
pub const IRREGULAR_VERBS: &[(&str, &str, &str)] = &[
    ("arise", "arose", "arisen"),
    ("awake", "awoke", "awoken"),
    ("be", "was", "been"),
    ("bear", "bore", "borne"),
    ("beat", "beat", "beaten"),
    ("become", "became", "become"),
    ("begin", "began", "begun"),
    ("bend", "bent", "bent"),
    ("bet", "bet", "bet"),
    ("bid", "bid", "bid"),
    ("bind", "bound", "bound"),
    ("bite", "bit", "bitten"),
    ("bleed", "bled", "bled"),
    ("blow", "blew", "blown"),
    ("break", "broke", "broken"),
    ("bring", "brought", "brought"),
    ("broadcast", "broadcast", "broadcast"),
    ("build", "built", "built"),
    ("burn", "burnt", "burnt"),
    ("burst", "burst", "burst"),
    ("buy", "bought", "bought"),
    ("cast", "cast", "cast"),
    ("catch", "caught", "caught"),
    ("choose", "chose", "chosen"),
    ("cling", "clung", "clung"),
    ("come", "came", "come"),
    ("cost", "cost", "cost"),
    ("creep", "crept", "crept"),
    ("cut", "cut", "cut"),
    ("deal", "dealt", "dealt"),
    ("dig", "dug", "dug"),
    ("do", "did", "done"),
    ("draw", "drew", "drawn"),
    ("drink", "drank", "drunk"),
    ("drive", "drove", "driven"),
    ("eat", "ate", "eaten"),
    ("fall", "fell", "fallen"),
    ("feed", "fed", "fed"),
    ("feel", "felt", "felt"),
    ("fight", "fought", "fought"),
    ("find", "found", "found"),
    ("flee", "fled", "fled"),
    ("fling", "flung", "flung"),
    ("fly", "flew", "flown"),
    ("forbid", "forbade", "forbidden"),
    ("forecast", "forecast", "forecast"),
    ("foresee", "foresaw", "foreseen"),
    ("forget", "forgot", "forgotten"),
    ("forgive", "forgave", "forgiven"),
    ("freeze", "froze", "frozen"),
    ("get", "got", "gotten"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("grind", "ground", "ground"),
    ("grow", "grew", "grown"),
    ("hang", "hung", "hung"),
    ("have", "had", "had"),
    ("hear", "heard", "heard"),
    ("hide", "hid", "hidden"),
    ("hit", "hit", "hit"),
    ("hold", "held", "held"),
    ("hurt", "hurt", "hurt"),
    ("keep", "kept", "kept"),
    ("kneel", "knelt", "knelt"),
    ("know", "knew", "known"),
    ("lay", "laid", "laid"),
    ("lead", "led", "led"),
    ("lean", "leant", "leant"),
    ("leap", "leapt", "leapt"),
    ("learn", "learnt", "learnt"),
    ("leave", "left", "left"),
    ("lend", "lent", "lent"),
    ("let", "let", "let"),
    ("lie", "lay", "lain"),
    ("light", "lit", "lit"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("mean", "meant", "meant"),
    ("meet", "met", "met"),
    ("mislead", "misled", "misled"),
    ("overcome", "overcame", "overcome"),
    ("overrun", "overran", "overrun"),
    ("oversee", "oversaw", "overseen"),
    ("overtake", "overtook", "overtaken"),
    ("overthrow", "overthrew", "overthrown"),
    ("pay", "paid", "paid"),
    ("prove", "proved", "proven"),
    ("put", "put", "put"),
    ("quit", "quit", "quit"),
    ("read", "read", "read"),
    ("rebuild", "rebuilt", "rebuilt"),
    ("redo", "redid", "redone"),
    ("rethink", "rethought", "rethought"),
    ("rid", "rid", "rid"),
    ("ride", "rode", "ridden"),
    ("ring", "rang", "rung"),
    ("rise", "rose", "risen"),
    ("run", "ran", "run"),
    ("say", "said", "said"),
    ("see", "saw", "seen"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("set", "set", "set"),
    ("shake", "shook", "shaken"),
    ("shed", "shed", "shed"),
    ("shoot", "shot", "shot"),
    ("show", "showed", "shown"),
    ("shrink", "shrank", "shrunk"),
    ("shut", "shut", "shut"),
    ("sing", "sang", "sung"),
    ("sink", "sank", "sunk"),
    ("sit", "sat", "sat"),
    ("slay", "slew", "slain"),
    ("sleep", "slept", "slept"),
    ("slide", "slid", "slid"),
    ("speak", "spoke", "spoken"),
    ("speed", "sped", "sped"),
    ("spend", "spent", "spent"),
    ("spin", "spun", "spun"),
    ("spit", "spat", "spat"),
    ("split", "split", "split"),
    ("spread", "spread", "spread"),
    ("spring", "sprang", "sprung"),
    ("stand", "stood", "stood"),
    ("steal", "stole", "stolen"),
    ("stick", "stuck", "stuck"),
    ("sting", "stung", "stung"),
    ("stride", "strode", "stridden"),
    ("strike", "struck", "struck"),
    ("strive", "strove", "striven"),
    ("swear", "swore", "sworn"),
    ("sweep", "swept", "swept"),
    ("swim", "swam", "swum"),
    ("swing", "swung", "swung"),
    ("take", "took", "taken"),
    ("teach", "taught", "taught"),
    ("tear", "tore", "torn"),
    ("tell", "told", "told"),
    ("think", "thought", "thought"),
    ("throw", "threw", "thrown"),
    ("thrust", "thrust", "thrust"),
    ("undergo", "underwent", "undergone"),
    ("understand", "understood", "understood"),
    ("undertake", "undertook", "undertaken"),
    ("undo", "undid", "undone"),
    ("uphold", "upheld", "upheld"),
    ("upset", "upset", "upset"),
    ("wake", "woke", "woken"),
    ("wear", "wore", "worn"),
    ("weep", "wept", "wept"),
    ("win", "won", "won"),
    ("wind", "wound", "wound"),
    ("withdraw", "withdrew", "withdrawn"),
    ("withhold", "withheld", "withheld"),
    ("withstand", "withstood", "withstood"),
    ("write", "wrote", "written"),
    ("forsake", "forsook", "forsaken"),
    ("offset", "offset", "offset"),
    ("outbid", "outbid", "outbid"),
    ("input", "input", "input"),
    ("upend", "upended", "upended"),
    ("override", "overrode", "overridden"),
    ("withstand", "withstood", "withstood"),
];

/// Whether a verb form is a past tense, never a bare infinitive: a regular
/// "-ed" or a common irregular past.
pub fn is_past_form(w: &str) -> bool {
    // The simple pasts of the irregular verbs that differ from the base
    // ("cut", "put" read as either are left out, as is "was").
    static PAST: std::sync::LazyLock<FxHashSet<&'static str>> = std::sync::LazyLock::new(|| {
        IRREGULAR_VERBS
            .iter()
            .filter(|&&(base, past, _)| past != base && base != "be")
            .map(|&(_, past, _)| past)
            .collect()
    });
    w.ends_with("ed") || PAST.contains(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_parses() {
        for l in LISTS {
            let words = l.parse().unwrap_or_else(|e| panic!("{e}"));
            assert!(!words.is_empty(), "{}", l.file());
        }
        let pairs = PLANNED_2.parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(pairs.contains(&("going", "to")));
        let states = STATE_DESCRIPTIONS.parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(states.contains(&("kingdom", "sau")));
    }

    #[test]
    fn every_file_is_registered() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/grammar");
        let mut known: Vec<&str> = LISTS.iter().map(|l| l.file()).collect();
        known.extend([
            PLANNED_2.list.file,
            STATE_DESCRIPTIONS.list.file,
            MONTHS_FILE,
            WEEKDAYS_FILE,
            NUMBER_WORDS.file,
            DATE_DIRECTIONS.file,
        ]);
        for f in std::fs::read_dir(dir).unwrap() {
            let name = f.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".txt") {
                assert!(
                    known.contains(&name.as_str()),
                    "{name} is not read by grammar.rs"
                );
            }
        }
    }

    #[test]
    fn months_and_weekdays() {
        parse_months(MONTHS_FILE, MONTHS_TEXT).unwrap();
        parse_weekdays(WEEKDAYS_FILE, WEEKDAYS_TEXT).unwrap();
        assert_eq!(month_number("sept"), Some(9));
        assert_eq!(month_number("may"), Some(5));
        assert!(is_month_name("march") && !is_month_name("mar"));
        assert!(is_month_abbreviation("mar") && !is_month_abbreviation("may"));
        assert_eq!(weekday("monday"), Some(Weekday::Mon));
        assert_eq!(weekday("sunday"), Some(Weekday::Sun));
        assert_eq!(weekday("someday"), None);
        NUMBER_WORDS.parse().unwrap();
        DATE_DIRECTIONS.parse().unwrap();
        assert_eq!(date_direction("past"), -1);
        assert_eq!(date_direction("coming"), 1);
        assert_eq!(date_direction("this"), 0);
        assert!(WordNumbers::new("d.txt", "0 this\n", -1, 1)
            .parse()
            .is_err());
        assert_eq!(number_word("an"), Some(1));
        assert_eq!(number_word("twenty"), Some(20));
        assert_eq!(number_word("2"), None);
        assert!(WordNumbers::new("n.txt", "0 zero\n", 1, 9).parse().is_err());
    }

    #[test]
    fn user_files_extend_drop_or_replace() {
        let u = parse_user(
            "my/reporting-verbs.txt",
            "# mine\nclaimed # dup: no-op\nasserted\n-said\n",
        )
        .unwrap();
        let mut words = REPORTING.parse().unwrap();
        apply_user("reporting-verbs.txt", &mut words, &[u]);
        assert!(words.contains(&"asserted") && !words.contains(&"said"));
        assert_eq!(words.iter().filter(|w| **w == "claimed").count(), 1);
        let u = parse_user("deny-verbs.txt", "-*\nrejected\n").unwrap();
        let mut words = DENY_VERBS.parse().unwrap();
        apply_user("deny-verbs.txt", &mut words, &[u]);
        assert_eq!(words, vec!["rejected"]);
        let e = parse_user("x/reporting-verbs.txt", "said\n-nonsense\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "x/reporting-verbs.txt:2: 'nonsense' is not in the built-in reporting-verbs.txt"
        );
        assert!(parse_user("verbs.txt", "said\n").is_err());
        assert!(parse_user("months.txt", "13 smarch\n").is_err());
        assert!(parse_user("planned-phrases.txt", "bound\n").is_err());
        assert!(parse_user("planned-phrases.txt", "bound to\n").is_ok());
    }

    #[test]
    fn bad_entries_name_file_and_line() {
        let e = parse_entries("x.txt", "# c\nsaid\nSaid\n", true).unwrap_err();
        assert_eq!(e.to_string(), "x.txt:3: 'Said' is not lower-case");
        let e = parse_entries("x.txt", "said\n\nsaid # again\n", true).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("given twice"), "{e}");
        assert!(parse_entries("x.txt", "a  b\n", true).is_err());
        assert!(parse_entries("x.txt", "# only\n", true).is_err());
        let e = parse_months("m.txt", "1 january\n13 smarch\n").unwrap_err();
        assert_eq!(e.line, 2);
        let ok = parse_entries("x.txt", "follow @\nloading...\n", true).unwrap();
        assert_eq!(ok, vec![(1, "follow @"), (2, "loading...")]);
    }
}
