//! The CAMEO lexicon: event codes with Goldstein scores, and the verb and noun
//! patterns that trigger them.
//!
//! Pattern files live in `data/cameo/` (syntax in `data/cameo/README.md`), one
//! per CAMEO root. Each pattern is compiled once into a sequence of token sets,
//! with verb lemmas (`visit+`) expanded to all their inflections and nouns
//! (`sanction~`) to singular and plural. Patterns are indexed by their first
//! required word, so matching a sentence looks up each token once.
//!
//! ```
//! use dyad_core::lexicon::Lexicon;
//! let lex = Lexicon::builtin();
//! assert_eq!(lex.code("042").unwrap().quad_class, 1);
//! assert!(lex.pattern_count() >= 1500);
//! ```

use crate::grammar::IRREGULAR_VERBS as IRREGULAR;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::Cell;
use std::path::Path;

use crate::document::Token;

/// Built-in pattern files, compiled into the binary.
pub const BUILTIN_PATTERNS: &[(&str, &str)] = &[
    ("classes.tsv", include_str!("../data/cameo/classes.tsv")),
    (
        "01_statement.tsv",
        include_str!("../data/cameo/01_statement.tsv"),
    ),
    ("02_appeal.tsv", include_str!("../data/cameo/02_appeal.tsv")),
    ("03_intent.tsv", include_str!("../data/cameo/03_intent.tsv")),
    (
        "04_consult.tsv",
        include_str!("../data/cameo/04_consult.tsv"),
    ),
    (
        "05_diplomatic_cooperation.tsv",
        include_str!("../data/cameo/05_diplomatic_cooperation.tsv"),
    ),
    (
        "06_material_cooperation.tsv",
        include_str!("../data/cameo/06_material_cooperation.tsv"),
    ),
    ("07_aid.tsv", include_str!("../data/cameo/07_aid.tsv")),
    ("08_yield.tsv", include_str!("../data/cameo/08_yield.tsv")),
    (
        "09_investigate.tsv",
        include_str!("../data/cameo/09_investigate.tsv"),
    ),
    ("10_demand.tsv", include_str!("../data/cameo/10_demand.tsv")),
    (
        "11_disapprove.tsv",
        include_str!("../data/cameo/11_disapprove.tsv"),
    ),
    ("12_reject.tsv", include_str!("../data/cameo/12_reject.tsv")),
    (
        "13_threaten.tsv",
        include_str!("../data/cameo/13_threaten.tsv"),
    ),
    (
        "14_protest.tsv",
        include_str!("../data/cameo/14_protest.tsv"),
    ),
    (
        "15_force_posture.tsv",
        include_str!("../data/cameo/15_force_posture.tsv"),
    ),
    (
        "16_reduce_relations.tsv",
        include_str!("../data/cameo/16_reduce_relations.tsv"),
    ),
    ("17_coerce.tsv", include_str!("../data/cameo/17_coerce.tsv")),
    (
        "18_assault.tsv",
        include_str!("../data/cameo/18_assault.tsv"),
    ),
    ("19_fight.tsv", include_str!("../data/cameo/19_fight.tsv")),
    (
        "20_mass_violence.tsv",
        include_str!("../data/cameo/20_mass_violence.tsv"),
    ),
];

/// The CAMEO code table (code, name, Goldstein, QuadClass).
pub const BUILTIN_CODES: &str = include_str!("../data/cameo/codes.tsv");

/// Patterns converted from the public PETRARCH CAMEO verb dictionary
/// (`data/cameo-petrarch/`, MIT): loaded after dyad's own files and at lower
/// precedence (see [`Lexicon::add_fallback_patterns`]).
pub const PETRARCH_PATTERNS: &[(&str, &str)] = &[(
    "cameo-petrarch/verbs.tsv",
    include_str!("../data/cameo-petrarch/verbs.tsv"),
)];

/// Codes of acts that two parties do together (negotiate, sign an agreement,
/// declare a ceasefire, cooperate): every pattern with one is reciprocal, so
/// "A and B announced a ceasefire" is an act of each on the other.
const MUTUAL_CODES: &[&str] = &["046", "057", "0871", "061", "062", "063"];

/// Whether `code` is in the built-in CAMEO code table.
pub fn is_cameo_code(code: &str) -> bool {
    static CODES: std::sync::OnceLock<HashMap<String, CodeInfo>> = std::sync::OnceLock::new();
    CODES
        .get_or_init(|| parse_codes(BUILTIN_CODES, "codes.tsv").unwrap_or_default())
        .contains_key(code)
}

/// Checks a pattern's syntax (data/cameo/README.md) without loading it.
pub fn check_pattern(text: &str) -> Result<(), crate::error::PatternError> {
    compile(text)
        .map(|_| ())
        .map_err(crate::error::PatternError)
}

/// Where a pattern file sits among the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precedence {
    /// A line replaces an earlier line with the same pattern text.
    Override,
    /// A line is dropped when an earlier line has the same pattern text or the
    /// same required words ([`pattern_key`]): the earlier files win.
    Fallback,
}

/// The words a pattern requires, in order, without optional words, gaps, slots
/// and noun/plural marks: `pay+ [a|an] visit to` and `pay+ * visit~ to` share
/// the key `pay+ visit to`. Two patterns with one key say the same thing.
pub fn pattern_key(text: &str) -> String {
    pattern_key_cached(text, &mut HashMap::default())
}

/// [`pattern_key`], remembering each element's part in `cache`: a file's
/// patterns share most of their elements (a word class expanded to its
/// hundred words stands in many lines), and loading the built-in files
/// spent a seventh of dyad's start-up sorting and joining them again.
fn pattern_key_cached(text: &str, cache: &mut HashMap<String, String>) -> String {
    let mut out = String::new();
    let mut first = true;
    for raw in text.split_whitespace() {
        if raw == "*" || raw == "{T}" || raw == "{S}" || raw.starts_with('[') {
            continue;
        }
        if !std::mem::take(&mut first) {
            out.push(' ');
        }
        if let Some(k) = cache.get(raw) {
            out.push_str(k);
            continue;
        }
        let alts: Vec<&str> = raw.split('|').collect();
        let verb = alts.iter().any(|a| a.ends_with('+'));
        let mut a: Vec<String> = alts
            .iter()
            .filter(|a| !verb || a.ends_with('+'))
            .map(|a| a.trim_end_matches('~').to_lowercase())
            .collect();
        a.sort();
        a.dedup();
        let k = a.join("|");
        out.push_str(&k);
        cache.insert(raw.to_string(), k);
    }
    out
}

/// A CAMEO event code's attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeInfo {
    pub name: String,
    pub goldstein: f64,
    pub quad_class: u8,
}

/// The words a pattern element accepts, behind a filter on their lengths
/// and first bytes: most tokens a match tries against an element are none of
/// its words, and the filter turns them away without hashing them.
#[derive(Debug, Clone, Default, PartialEq)]
struct Forms {
    set: HashSet<String>,
    /// Bit `n` for each word of `n` bytes (63 for longer ones).
    lens: u64,
    /// Bit `b % 64` for each word whose first byte is `b`.
    firsts: u64,
    /// The words' ids in [`Lexicon::vocab`], sorted (set by [`Lexicon::reindex`]).
    ids: Vec<u32>,
    /// Bit `id % 64` for each id: turns most tokens away without reading `ids`.
    id_bits: u64,
}

impl Forms {
    fn insert(&mut self, word: String) {
        let (len, first) = Forms::bits(&word);
        self.lens |= len;
        self.firsts |= first;
        self.set.insert(word);
    }

    fn contains(&self, word: &str) -> bool {
        let (len, first) = Forms::bits(word);
        self.lens & len != 0 && self.firsts & first != 0 && self.set.contains(word)
    }

    /// [`Forms::contains`] for a token's word id ([`NO_WORD`] for a word
    /// no pattern has): no string is hashed or compared.
    #[inline]
    fn has(&self, id: u32) -> bool {
        self.id_bits & (1 << (id % 64)) != 0
            && if self.ids.len() <= 16 {
                self.ids.contains(&id)
            } else {
                self.ids.binary_search(&id).is_ok()
            }
    }

    /// A word's length bit and first-byte bit (bit 0 for the empty word).
    fn bits(word: &str) -> (u64, u64) {
        let first = word.as_bytes().first().map_or(0, |b| b % 64);
        (1 << word.len().min(63), 1 << first)
    }

    fn iter(&self) -> impl Iterator<Item = &String> {
        self.set.iter()
    }
}

impl Extend<String> for Forms {
    fn extend<I: IntoIterator<Item = String>>(&mut self, words: I) {
        for w in words {
            self.insert(w);
        }
    }
}

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq)]
enum Elem {
    /// One token from this set.
    Word(Forms),
    /// Zero or one token from this set.
    Opt(Forms),
    /// Zero to three tokens, within a clause.
    Gap,
    /// The target actor: consumes a mention in the middle of a pattern, marks a position at its end.
    Target,
    /// The source actor.
    Source,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// CAMEO code, or `---` for a blocking pattern.
    pub code: String,
    /// The pattern as written.
    pub text: String,
    /// `file:line`.
    pub origin: String,
    /// Reciprocal action: coordinated subjects act on each other.
    pub recip: bool,
    /// No verb: a nominal pattern.
    pub noun: bool,
    /// Coded only when its actors are a coordinated pair of its own ("the
    /// Japan-China summit"): a bare "summit" is too often a mention.
    pub pair: bool,
    /// A paired event (`back=CODE`): the target also acts on the source with this
    /// code ("left for X" is a visit and X's hosting of it).
    pub back: Option<String>,
    /// What a coordinated subject does among its members when no one else is
    /// named (`group=CODE`, PETRARCH's `%` patterns): "the Philippines and France
    /// agree" is each agreeing with the other.
    pub group: Option<String>,
    /// Which files it came from: 0 converted (fallback), 1 dyad's own, 2 user files.
    /// Where matches overlap, a user pattern wins over built-in ones whatever their length.
    pub tier: u8,
    elems: Vec<Elem>,
    /// Element index of the head verb (first `+` element), if any.
    head_elem: Option<usize>,
    literal_count: usize,
    /// One filter per required word (its forms).
    need: Vec<Bloom>,
    /// The head verb's lemmas as written (`leave` for `leave+`).
    head_lemma: Option<String>,
}

impl Pattern {
    pub fn is_block(&self) -> bool {
        self.code == "---"
    }
}

/// Whether every required word (one filter each) may occur in the sentence (a
/// Bloom filter: false means a word is surely missing, so the pattern cannot match).
fn may_match(need: &[Bloom], sentence: &Bloom) -> bool {
    need.iter().all(|m| m.intersects(sentence))
}

/// A 256-bit Bloom filter over words, to skip patterns whose words a sentence lacks
/// without hashing strings per pattern.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bloom([u64; 4]);

impl Bloom {
    fn add(&mut self, word: &str) {
        // FNV-1a: cheap, and good enough to spread words over 256 bits.
        let mut h: u64 = 0xcbf29ce484222325;
        for b in word.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
        let bit = (h >> 32) as usize & 255;
        self.0[bit >> 6] |= 1 << (bit & 63);
    }

    fn intersects(&self, o: &Bloom) -> bool {
        (0..4).any(|i| self.0[i] & o.0[i] != 0)
    }
}

pub use crate::document::PatternMatch;

/// A malformed pattern or code line (`file:line: reason`).
pub type LexiconError = crate::error::LineError;

/// Asks the CPU to fetch `r`'s cache line (a hint: nothing is read).
#[inline(always)]
fn prefetch<T>(r: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching reads nothing and cannot fault.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(r as *const T as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = r;
}

/// The word id of a token whose word is in no pattern.
const NO_WORD: u32 = u32::MAX;

/// The patterns whose first word is one form, with their word filters laid
/// end to end: most candidates fail their filters, and a sentence's test of
/// them so reads one run of memory, not every pattern's own.
#[derive(Debug, Clone, Default)]
struct Candidates {
    pats: Vec<Candidate>,
    need: Vec<Bloom>,
}

/// A pattern in [`Candidates`], with what a sentence is tested against
/// before the pattern itself is read.
#[derive(Debug, Clone)]
struct Candidate {
    pattern: u32,
    /// The range of its word filters in [`Candidates::need`] (all but the
    /// first word's).
    need: (u32, u32),
    /// The index of its first required element.
    lead: u32,
    /// Where the pattern starts with its first word and a required word
    /// follows: that word's [`Forms::id_bits`]. A token after the first word
    /// that is none of them, and starts no time adverbial, fails the
    /// pattern. All ones where there is no such test.
    next_bits: u64,
}

/// Codes and patterns, compiled.
#[derive(Debug, Clone)]
pub struct Lexicon {
    codes: HashMap<String, CodeInfo>,
    pub patterns: Vec<Pattern>,
    /// The candidates of each word id.
    index: Vec<Candidates>,
    /// An id for every word of every pattern, so that a sentence's tokens
    /// are looked up once and patterns test ids, not strings.
    vocab: HashMap<String, u32>,
    by_text: HashMap<String, usize>,
    keys: HashSet<String>,
    /// Word classes (`@weapon`) defined so far, as the alternatives they stand for.
    classes: HashMap<String, String>,
    /// The same classes as sets, for rules that ask whether a word is in one.
    class_members: HashMap<String, HashSet<String>>,
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn builtin() -> Lexicon {
        Self::with_user_files::<&str>(&[]).expect("built-in lexicon is valid (checked by tests)")
    }

    /// The built-in lexicon plus user pattern files (dyad syntax).
    pub fn with_user_files<P: AsRef<Path>>(files: &[P]) -> Result<Lexicon, LexiconError> {
        let texts =
            crate::dictionaries::read_files(files).map_err(|(file, reason)| LexiconError {
                file,
                line: 0,
                reason,
            })?;
        Self::with_sources(true, &[], &texts)
    }

    /// dyad's own pattern files, then (if `petrarch`) the converted PETRARCH
    /// patterns and `fallback` texts at lower precedence, then `user` texts
    /// (`(name, text)` in dyad syntax), which override what came before.
    pub fn with_sources(
        petrarch: bool,
        fallback: &[(String, String)],
        user: &[(String, String)],
    ) -> Result<Lexicon, LexiconError> {
        let mut lex = Lexicon {
            codes: parse_codes(BUILTIN_CODES, "codes.tsv")?,
            patterns: Vec::new(),
            index: Vec::new(),
            vocab: HashMap::default(),
            by_text: HashMap::default(),
            keys: HashSet::default(),
            classes: HashMap::default(),
            class_members: HashMap::default(),
        };
        for (name, text) in BUILTIN_PATTERNS {
            lex.add_patterns(name, text)?;
        }
        if petrarch {
            for (name, text) in PETRARCH_PATTERNS {
                lex.add_fallback_patterns(name, text)?;
            }
        }
        for (name, text) in fallback {
            lex.add_fallback_patterns(name, text)?;
        }
        for (name, text) in user {
            lex.add_user_patterns(name, text)?;
        }
        lex.reindex();
        Ok(lex)
    }

    /// Attributes of a CAMEO code.
    pub fn code(&self, code: &str) -> Option<&CodeInfo> {
        self.codes.get(code)
    }

    /// All codes in the table.
    pub fn codes(&self) -> impl Iterator<Item = (&String, &CodeInfo)> {
        self.codes.iter()
    }

    /// Number of event patterns (blocking patterns excluded).
    pub fn pattern_count(&self) -> usize {
        self.patterns.iter().filter(|p| !p.is_block()).count()
    }

    fn add_patterns(&mut self, file: &str, text: &str) -> Result<(), LexiconError> {
        self.add_lines(file, text, Precedence::Override, 1)
    }

    fn add_user_patterns(&mut self, file: &str, text: &str) -> Result<(), LexiconError> {
        self.add_lines(file, text, Precedence::Override, 2)
    }

    /// Adds a file below everything loaded so far: its lines only fill gaps
    /// (see [`Precedence::Fallback`]).
    pub fn add_fallback_patterns(&mut self, file: &str, text: &str) -> Result<(), LexiconError> {
        self.add_lines(file, text, Precedence::Fallback, 0)
    }

    fn add_lines(
        &mut self,
        file: &str,
        text: &str,
        prec: Precedence,
        tier: u8,
    ) -> Result<(), LexiconError> {
        let (mut key_cache, mut word_cache) = (HashMap::default(), HashMap::default());
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let err = |reason: String| LexiconError {
                file: file.to_string(),
                line: i + 1,
                reason,
            };
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 2 || cols.len() > 3 {
                return Err(err(format!(
                    "expected 2 or 3 tab-separated columns (code, pattern[, flags]), found {}",
                    cols.len()
                )));
            }
            let code = cols[0].trim();
            if code.starts_with('@') {
                self.define_class(code, cols[1]).map_err(err)?;
                continue;
            }
            if code != "---" && !self.codes.contains_key(code) {
                return Err(err(format!("unknown CAMEO code {code:?}: it must be in codes.tsv, or --- for a blocking pattern")));
            }
            let flags: Vec<&str> = cols
                .get(2)
                .map(|f| {
                    f.split(',')
                        .map(|x| x.trim())
                        .filter(|x| !x.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            let mut back = None;
            let mut group = None;
            for f in &flags {
                let coded = f
                    .strip_prefix("back=")
                    .map(|c| ("back", c, &mut back))
                    .or_else(|| f.strip_prefix("group=").map(|c| ("group", c, &mut group)));
                match coded {
                    Some((_, c, slot)) if self.codes.contains_key(c) => *slot = Some(c.to_string()),
                    Some((name, c, _)) => {
                        return Err(err(format!(
                            "unknown CAMEO code {c:?} in {name}=: it must be in codes.tsv"
                        )))
                    }
                    None if matches!(*f, "recip" | "noun" | "pair") => {}
                    None => {
                        return Err(err(format!(
                            "unknown flag {f:?}: use recip, noun, pair, back=CODE or group=CODE"
                        )))
                    }
                }
            }
            // Shown and replaced as written (`@weapon`); matched expanded.
            let ptext = cols[1].split_whitespace().collect::<Vec<_>>().join(" ");
            let expanded = self.expand_classes(&ptext).map_err(err)?;
            let key = pattern_key_cached(&expanded, &mut key_cache);
            if prec == Precedence::Fallback
                && (self.by_text.contains_key(&ptext) || self.keys.contains(&key))
            {
                // An earlier file already says this; it wins.
                continue;
            }
            let (elems, head_elem) = compile_cached(&expanded, &mut word_cache).map_err(err)?;
            let literal_count = elems.iter().filter(|e| matches!(e, Elem::Word(_))).count();
            let need = elems
                .iter()
                .filter_map(|e| match e {
                    Elem::Word(forms) => {
                        let mut b = Bloom::default();
                        forms.iter().for_each(|f| b.add(f));
                        Some(b)
                    }
                    _ => None,
                })
                .collect();
            let pat = Pattern {
                code: code.to_string(),
                origin: format!("{file}:{}", i + 1),
                recip: flags.contains(&"recip") || MUTUAL_CODES.contains(&code),
                noun: flags.contains(&"noun") || head_elem.is_none(),
                pair: flags.contains(&"pair"),
                back,
                group,
                tier,
                text: ptext.clone(),
                elems,
                head_elem,
                literal_count,
                need,
                head_lemma: head_elem.and_then(|hi| {
                    expanded
                        .split(' ')
                        .nth(hi)
                        .and_then(|w| w.split('|').find_map(|a| a.strip_suffix('+')))
                        .map(|l| l.to_lowercase())
                }),
            };
            self.keys.insert(key);
            match self.by_text.get(&ptext) {
                // A later file's line for the same pattern replaces the earlier one.
                Some(&pi) => self.patterns[pi] = pat,
                None => {
                    self.by_text.insert(ptext, self.patterns.len());
                    self.patterns.push(pat);
                }
            }
        }
        Ok(())
    }

    /// A class line, `@weapon<TAB>weapons|arms|tanks~`: later lines may write
    /// `@weapon` for any one of those words. Defining a class again adds to it.
    fn define_class(&mut self, name: &str, words: &str) -> Result<(), String> {
        let valid = name.len() > 1
            && name[1..]
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_');
        let words = words.trim();
        if !valid || words.is_empty() || words.contains(char::is_whitespace) {
            return Err(format!(
                "bad word class {name:?}: write @name (lower-case letters), a tab, and single words joined by | (@weapon\tweapons|arms|tanks)"
            ));
        }
        let entry = self.classes.entry(name.to_string()).or_default();
        let members = self.class_members.entry(name.to_string()).or_default();
        for w in words.split('|').filter(|w| !w.is_empty()) {
            if members.insert(w.to_string()) {
                if !entry.is_empty() {
                    entry.push('|');
                }
                entry.push_str(w);
            }
        }
        Ok(())
    }

    /// Whether `word` is one of a word class's words (`@verdict`), as the
    /// dictionaries loaded so far define it.
    pub fn in_class(&self, name: &str, word: &str) -> bool {
        self.class_members
            .get(name)
            .is_some_and(|m| m.contains(word))
    }

    /// A pattern's text with its words normalised to single spaces and each
    /// `@class` (alone or among `|` alternatives) replaced by the class's words.
    fn expand_classes(&self, text: &str) -> Result<String, String> {
        let mut out = Vec::new();
        for word in text.split_whitespace() {
            if !word.contains('@') {
                out.push(word.to_string());
                continue;
            }
            let mut alts = Vec::new();
            for a in word.split('|') {
                match a.strip_prefix('@') {
                    Some(_) => alts.push(self.classes.get(a).cloned().ok_or_else(|| {
                        format!("unknown word class {a:?}: define it first with a line '{a}<TAB>word|word' (built-in classes are in data/cameo/classes.tsv)")
                    })?),
                    None => alts.push(a.to_string()),
                }
            }
            out.push(alts.join("|"));
        }
        Ok(out.join(" "))
    }

    fn reindex(&mut self) {
        let mut vocab: HashMap<String, u32> = HashMap::default();
        for p in &mut self.patterns {
            for e in &mut p.elems {
                if let Elem::Word(forms) | Elem::Opt(forms) = e {
                    let mut ids: Vec<u32> = forms
                        .set
                        .iter()
                        .map(|w| {
                            let next = vocab.len() as u32;
                            *vocab.entry(w.clone()).or_insert(next)
                        })
                        .collect();
                    ids.sort_unstable();
                    forms.id_bits = ids.iter().fold(0, |b, id| b | 1 << (id % 64));
                    forms.ids = ids;
                }
            }
        }
        self.index = vec![Candidates::default(); vocab.len()];
        for (pi, p) in self.patterns.iter().enumerate() {
            let lead = p.elems.iter().position(|e| matches!(e, Elem::Word(_)));
            let next_bits = match (lead, p.elems.get(1)) {
                (Some(0), Some(Elem::Word(next))) => next.id_bits,
                _ => u64::MAX,
            };
            if let Some(Elem::Word(forms)) = lead.map(|l| &p.elems[l]) {
                for &id in &forms.ids {
                    let c = &mut self.index[id as usize];
                    let start = c.need.len() as u32;
                    // Not the first word's filter: the token the index
                    // found is that word, so the sentence has it.
                    c.need.extend_from_slice(&p.need[1..]);
                    c.pats.push(Candidate {
                        pattern: pi as u32,
                        need: (start, c.need.len() as u32),
                        lead: lead.unwrap_or(0) as u32,
                        next_bits,
                    });
                }
            }
        }
        self.vocab = vocab;
    }

    /// All pattern matches in a sentence. `mention_at[i]` is the end of an actor
    /// mention starting at token `i`, used by mid-pattern `{T}`/`{S}` slots.
    /// Overlaps are resolved longest-first; blocking patterns remove what they cover.
    pub fn find(&self, tokens: &[Token], mention_at: &[Option<usize>]) -> Vec<PatternMatch> {
        let mut all = Vec::new();
        // The sentence's words: a pattern needing a word the sentence lacks is not tried.
        let mut present = Bloom::default();
        for t in tokens {
            present.add(&t.lower);
        }
        let ids: Vec<u32> = tokens
            .iter()
            .map(|t| self.vocab.get(t.lower.as_str()).copied().unwrap_or(NO_WORD))
            .collect();
        // Where a time adverbial starts: a word pattern skips one between its words.
        let asides = Asides::new(tokens);
        let gaps = GapSteps::new(&asides);
        let mut passing: Vec<&Candidate> = Vec::new();
        for i in 0..tokens.len() {
            let Some(cands) = self.index.get(ids[i] as usize) else {
                continue;
            };
            // Past the last token as for a word in no pattern (bit 63), which
            // patterns without the test (all ones) let through.
            let next_bit = 1u64 << (ids.get(i + 1).copied().unwrap_or(NO_WORD) % 64);
            // The candidates that pass the filters, whose patterns are
            // fetched from memory all at once before any is read.
            passing.clear();
            for c in &cands.pats {
                let (a, b) = c.need;
                if !may_match(&cands.need[a as usize..b as usize], &present) {
                    continue;
                }
                if c.next_bits & next_bit == 0 && asides.end(i + 1).is_none() {
                    continue;
                }
                prefetch(&self.patterns[c.pattern as usize].elems);
                passing.push(c);
            }
            for c in &passing {
                let (pi, lead) = (c.pattern, c.lead);
                let pi = pi as usize;
                let p = &self.patterns[pi];
                // Elements before the first word (optional words, slots) are tried from earlier starts.
                let lead = lead as usize;
                let starts = if lead == 0 {
                    i..=i
                } else {
                    i.saturating_sub(4)..=i
                };
                for s in starts {
                    let mut st = MatchState {
                        target: None,
                        source: None,
                        head: None,
                        ids: &ids,
                        asides: &asides,
                        gaps: &gaps,
                    };
                    let found = if lead == 0 {
                        // The index found token `i` among the first word's
                        // forms: match_at at element 0 would take it and go
                        // on from the next element.
                        let r =
                            match_at(&p.elems, 1, tokens, i + 1, mention_at, p.head_elem, &mut st);
                        if r.is_some() && p.head_elem == Some(0) {
                            st.head = Some(i);
                        }
                        r
                    } else {
                        match_at(&p.elems, 0, tokens, s, mention_at, p.head_elem, &mut st)
                    };
                    if let Some(end) = found {
                        // The first word must be where the index found it, and a
                        // verb glued behind a hyphen is an adjective's last part
                        // ("a survival-threatening situation", "a record-breaking").
                        if end > i
                            && !st.head.is_some_and(|h| {
                                compound_participle(tokens, h)
                                    || adjective_use(tokens, h)
                                    || name_word(tokens, mention_at, h)
                                    || agent_word(mention_at, h)
                            })
                            && (lead == 0
                                || first_word_at(&p.elems, tokens, s, mention_at, &st) == Some(i))
                        {
                            all.push(PatternMatch {
                                pattern: pi,
                                start: s.min(i),
                                end,
                                head: st.head,
                                target: st.target,
                                source: st.source,
                            });
                            break;
                        }
                    }
                }
            }
        }
        // User patterns first, then longest, then most literal words, then earliest.
        // (Converted patterns compete with dyad's own by length: putting them last
        // measured worse, see data/cameo-petrarch/README.md.)
        all.sort_by_key(|m| {
            let p = &self.patterns[m.pattern];
            (
                std::cmp::Reverse(p.tier == 2),
                std::cmp::Reverse(m.end - m.start),
                // At equal length dyad's own line beats a converted one.
                std::cmp::Reverse(p.tier),
                std::cmp::Reverse(p.literal_count),
                m.start,
                // A pattern written for this very word ("left+") before one that
                // reaches it by inflection ("leave+").
                m.head
                    .is_none_or(|h| p.head_lemma.as_deref() != Some(tokens[h].lower.as_str())),
                m.pattern,
            )
        });
        // Where a blocked compound noun starts ("aid *worker*", "mobile
        // *phone*"): a longer pattern ending on its first word read only the
        // modifier ("released a British *aid* worker" is no aid).
        let compound_at: Vec<(usize, usize)> = all
            .iter()
            .filter(|m| self.patterns[m.pattern].is_block() && self.patterns[m.pattern].noun)
            .map(|m| (m.start, m.end))
            .collect();
        let mut taken = vec![false; tokens.len()];
        let mut out = Vec::new();
        for m in all {
            let words: Vec<usize> = (m.start..m.end).filter(|&k| !in_slot(&m, k)).collect();
            if words.iter().any(|&k| taken[k]) {
                continue;
            }
            if !self.patterns[m.pattern].is_block()
                && compound_at
                    .iter()
                    .any(|&(s, e)| s + 1 == m.end && e > m.end && s > m.start)
            {
                continue;
            }
            for &k in &words {
                taken[k] = true;
            }
            if !self.patterns[m.pattern].is_block() {
                out.push(m);
            }
        }
        out.sort_by_key(|m| m.start);
        out
    }
}

fn in_slot(m: &PatternMatch, k: usize) -> bool {
    m.target.is_some_and(|(s, e)| k >= s && k < e) || m.source.is_some_and(|(s, e)| k >= s && k < e)
}

fn first_word_at(
    elems: &[Elem],
    tokens: &[Token],
    s: usize,
    mention_at: &[Option<usize>],
    st: &MatchState<'_>,
) -> Option<usize> {
    // Re-run the leading optional part to see where the first required word landed.
    let mut pos = s;
    for e in elems {
        match e {
            Elem::Word(_) => return Some(pos),
            Elem::Opt(set) => {
                if pos < tokens.len() && set.contains(tokens[pos].lower.as_str()) {
                    pos += 1;
                }
            }
            // Where the match put the slot's end: it may have taken the nouns
            // the mention modifies ("the *Lithuanian side* must bear").
            Elem::Source | Elem::Target => {
                let matched = if matches!(e, Elem::Target) {
                    st.target
                } else {
                    st.source
                };
                match (matched, mention_at.get(pos)) {
                    (Some((start, after)), _) if start >= pos => pos = after,
                    (_, Some(Some(end))) => pos = *end,
                    _ => {}
                }
            }
            Elem::Gap => {}
        }
    }
    None
}

/// Whether token `h` is the participle end of a hyphenated modifier: "survival -
/// threatening", written as one word.
fn compound_participle(toks: &[Token], h: usize) -> bool {
    // "-ing" and "-ed" alike, and the irregular participles of the verb
    // table: "survival-threatening", "Russian-occupied", "Saudi-led" describe
    // a noun; no act is reported.
    let participle = |w: &str| {
        w.ends_with("ing") || w.ends_with("ed") || IRREGULAR.iter().any(|&(_, _, pp)| pp == w)
    };
    // A verb prefix makes a verb, not a modifier: "*re*-imposed sanctions",
    // "*co*-hosted the summit", "*test*-fired a missile".
    let prefix = |w: &str| matches!(w, "re" | "co" | "pre" | "de" | "test" | "cross" | "fast");
    h >= 2
        && toks[h - 1].text == "-"
        && toks[h - 1].end == toks[h].start
        && toks[h - 2].end == toks[h - 1].start
        && participle(&toks[h].lower)
        && !prefix(&toks[h - 2].lower)
}

/// Whether token `h` is a verb's bare form that the word after it makes an
/// adjective: "sailed *close to* the border" closes no border.
fn adjective_use(toks: &[Token], h: usize) -> bool {
    toks.get(h + 1).is_some_and(|n| {
        // Asked of every matched head verb: the pair is put together on the
        // stack, not in a new String.
        let (a, b) = (toks[h].lower.as_bytes(), n.lower.as_bytes());
        let mut buf = [0u8; 64];
        let len = a.len() + 1 + b.len();
        if len > buf.len() {
            return crate::grammar::ADJECTIVE_USES
                .contains(&format!("{} {}", toks[h].lower, n.lower));
        }
        buf[..a.len()].copy_from_slice(a);
        buf[a.len()] = b' ';
        buf[a.len() + 1..len].copy_from_slice(b);
        std::str::from_utf8(&buf[..len])
            .is_ok_and(|pair| crate::grammar::ADJECTIVE_USES.contains(&pair))
    })
}

/// Whether token `h` ends an actor's words that began before it: "Israeli
/// *forces* raided" is no "force+", "border *guards*" no "guard+".
fn agent_word(mention_at: &[Option<usize>], h: usize) -> bool {
    (h.saturating_sub(6)..h).any(|s| mention_at.get(s).copied().flatten() == Some(h + 1))
}

/// Whether token `h` is a capitalised word inside an actor's name: "the
/// United *States* to" is no "state+ to".
fn name_word(toks: &[Token], mention_at: &[Option<usize>], h: usize) -> bool {
    toks[h].is_capitalized()
        && ((h.saturating_sub(6)..=h)
            .any(|s| mention_at.get(s).copied().flatten().is_some_and(|e| e > h))
            // Nor is a month inside a sentence a verb ("agreed in *March* to").
            || h > 0 && crate::grammar::month_number(&toks[h].lower).is_some())
}

/// How many units a `*` gap spans at most.
const GAP_UNITS: usize = 3;

/// Words that continue an amount: "$ 4.5 billion", "20 million yen", "3.5 percent".
const AMOUNT_WORDS: &[&str] = &[
    "hundred", "thousand", "million", "billion", "trillion", "bn", "m", "percent", "%", "dollars",
    "euros", "yen", "yuan", "pounds", "rubles", "roubles", "rupees", "tons", "tonnes",
];

/// Numbers in words, which start an amount as digits do ("three and a half years").
const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundreds",
    "thousands",
    "millions",
    "dozens",
];

/// Whether a token starts an amount: a number or a currency sign.
fn starts_amount(t: &Token) -> bool {
    t.kind == crate::document::TokenKind::Number
        || matches!(t.text.as_str(), "$" | "€" | "£" | "¥" | "US$")
        || NUMBER_WORDS.contains(&t.lower.as_str())
}

/// The end of the gap unit starting at `p`: one token, a whole capitalised name,
/// or an amount ("$ 4.5 billion"), which is one noun phrase however it is tokenised.
fn next_unit(toks: &[Token], p: usize) -> usize {
    // A short quoted phrase is one unit: a writer quoting an official's words
    // ("their \"no limits\" partnership", "expressed \"strong regret\"") has not
    // added words between the verb and its noun.
    if let Some(close) = quote_close(toks, p) {
        return close + 1;
    }
    let hyphenated = toks.get(p + 1).is_some_and(|t| t.text == "-");
    if starts_amount(&toks[p]) && !hyphenated {
        let mut k = p + 1;
        while k < toks.len()
            && (toks[k].kind == crate::document::TokenKind::Number
                || AMOUNT_WORDS.contains(&toks[k].lower.as_str()))
        {
            k += 1;
        }
        // "three and a half"
        if toks.get(k..k + 3).is_some_and(|w| {
            w[0].lower == "and" && w[1].lower == "a" && matches!(w[2].lower.as_str(), "half")
        }) {
            k += 3;
        }
        return k;
    }
    if !toks[p].is_capitalized() {
        // A hyphenated compound ("eight-point") is one unit.
        let mut k = p + 1;
        while k + 1 < toks.len()
            && toks[k].text == "-"
            && toks[k - 1].end == toks[k].start
            && toks[k].end == toks[k + 1].start
        {
            k += 2;
        }
        return k;
    }
    let mut k = p + 1;
    let mut end = k;
    while k < toks.len() && k - p < 16 {
        let t = &toks[k];
        // A model designation glued by a hyphen ("F-16", "MiG-29", "S-400") is
        // one name.
        let glued_hyphen = t.text == "-"
            && toks[k - 1].end == t.start
            && toks.get(k + 1).is_some_and(|n| n.start == t.end);
        if t.is_capitalized() && t.kind != crate::document::TokenKind::Punct {
            k += 1;
            end = k;
        } else if glued_hyphen {
            k += 2;
            end = k;
        } else if matches!(
            t.lower.as_str(),
            "of" | "for" | "the" | "and" | "in" | "on" | "-"
        ) && (toks.get(k + 1).is_some_and(|n| n.is_capitalized())
            || toks.get(k + 1).is_some_and(|n| n.lower == "the")
                && toks.get(k + 2).is_some_and(|n| n.is_capitalized()))
        {
            k += 1;
        } else {
            break;
        }
    }
    end
}

struct MatchState<'a> {
    target: Option<(usize, usize)>,
    source: Option<(usize, usize)>,
    head: Option<usize>,
    /// The tokens' word ids (see [`Lexicon::vocab`]).
    ids: &'a [u32],
    asides: &'a Asides<'a>,
    gaps: &'a GapSteps<'a>,
}

/// What a gap makes of the token it has reached, the same for every pattern
/// (see `Elem::Gap` in [`match_at`]).
#[derive(Clone, Copy)]
struct GapStep {
    /// A clause break or a word no gap crosses: the gap ends.
    stop: bool,
    /// The closing quote of a quotation opening here.
    close: Option<usize>,
    /// Where the gap goes on.
    next: usize,
    /// Whether what the gap passes over adds no unit.
    free: bool,
    /// Whether the pattern may go on at the last word it passes over.
    at_last: bool,
}

/// [`GapStep`] at each token of a sentence, worked out when first asked:
/// the gaps of the patterns tried on a sentence walk the same tokens.
struct GapSteps<'a> {
    asides: &'a Asides<'a>,
    steps: Vec<Cell<Option<GapStep>>>,
}

impl<'a> GapSteps<'a> {
    fn new(asides: &'a Asides<'a>) -> Self {
        GapSteps {
            asides,
            steps: vec![Cell::new(None); asides.toks.len()],
        }
    }

    /// The step at token `p` (a token of the sentence).
    fn at(&self, p: usize) -> GapStep {
        if let Some(step) = self.steps[p].get() {
            return step;
        }
        let step = gap_step(self.asides, p);
        self.steps[p].set(Some(step));
        step
    }
}

fn gap_step(asides: &Asides<'_>, p: usize) -> GapStep {
    let toks = asides.toks;
    let mut step = GapStep {
        stop: true,
        close: None,
        next: p,
        free: false,
        at_last: false,
    };
    // Nor does a gap open a new clause ("comes *after Trump threatened*
    // to").
    if is_clause_break(&toks[p]) || crate::grammar::GAP_STOPS.contains(&toks[p].lower.as_str()) {
        return step;
    }
    step.stop = false;
    // A quotation is one unit, but the pattern may go on inside it (called
    // the move "unfriendly", "absolutely incomprehensible").
    step.close = quote_close(toks, p);
    // A bundle of the noun ("a new *round of* talks", "a *wave of*
    // strikes") or a part of it ("closed *seven of* its eight crossings",
    // "recalled *the last of* its diplomats") adds no unit: the noun after
    // it is the object.
    if toks.get(p + 1).is_some_and(|t| t.lower == "of")
        && (crate::grammar::PARTITIVE_NOUNS.contains(&toks[p].lower.as_str())
            || starts_amount(&toks[p]))
    {
        step.free = true;
        step.next = p + 2;
        return step;
    }
    // Nor does a time adverbial ("vowed *on Thursday* to wage war"), as
    // between a phrase's words.
    if let Some(end) = asides.end(p) {
        step.free = true;
        step.next = end;
        return step;
    }
    let next = next_unit(toks, p);
    // So is an amount or a name, but the pattern may go on at its last word
    // (gave "$2 *billion* to", signed "the Geneva *Agreement*").
    let name = toks[p].is_capitalized() && {
        // (Not a date the name runs into: "talks with Pakistan in *March*".)
        let last = toks[next - 1].lower.as_str();
        crate::grammar::month_number(last).is_none() && crate::grammar::weekday(last).is_none()
    };
    step.at_last = next > p + 1 && (starts_amount(&toks[p]) || name);
    step.next = next;
    step
}

/// [`aside_end`] at each token of a sentence, worked out when first asked:
/// the patterns tried on a sentence ask it about the same tokens again and
/// again (each word element that does not match asks).
struct Asides<'a> {
    toks: &'a [Token],
    /// 0: not asked yet, 1: none, else the end plus 2.
    ends: Vec<Cell<u32>>,
}

impl<'a> Asides<'a> {
    fn new(toks: &'a [Token]) -> Self {
        Asides {
            toks,
            ends: vec![Cell::new(0); toks.len() + 1],
        }
    }

    fn end(&self, p: usize) -> Option<usize> {
        let Some(cell) = self.ends.get(p) else {
            return aside_end(self.toks, p);
        };
        match cell.get() {
            0 => {
                let end = aside_end(self.toks, p);
                cell.set(end.map_or(1, |e| e as u32 + 2));
                end
            }
            1 => None,
            e => Some(e as usize - 2),
        }
    }
}

/// The end of what a phrase's words may have between them at `p`: a short
/// time adverbial ("on Tuesday (night)", "on March 3", "last week", "earlier
/// this month", "yesterday") or an abbreviation in brackets ("(WTO)").
fn aside_end(toks: &[Token], p: usize) -> Option<usize> {
    let w = |k: usize| toks.get(k).map_or("", |t| t.lower.as_str());
    let weekday = |k: usize| crate::grammar::weekday(w(k)).is_some();
    let period = |k: usize| {
        matches!(
            w(k),
            "week" | "month" | "year" | "weekend" | "morning" | "evening"
        ) || weekday(k)
    };
    match w(p) {
        "yesterday" | "today" | "tonight" | "overnight" => Some(p + 1),
        // "agreed *in March* to", "announced *in December 2014* that".
        "in" if toks.get(p + 1).is_some_and(|t| {
            t.is_capitalized() && crate::grammar::month_number(&t.lower).is_some()
        }) =>
        {
            let year = toks
                .get(p + 2)
                .is_some_and(|t| t.kind == crate::document::TokenKind::Number && t.text.len() == 4);
            Some(p + 2 + usize::from(year))
        }
        "on" => crate::document::dated_on_end(toks, p),
        "last" | "this" | "next" if period(p + 1) => Some(p + 2),
        "earlier" | "later" if matches!(w(p + 1), "this" | "last") && period(p + 2) => Some(p + 3),
        // Nor is an abbreviation in brackets after a name ("fired a ballistic
        // missile *(IRBM)* over", "complained to the World Trade Organization
        // *(WTO)* about"): wire copy spells one out at first use.
        "(" if crate::document::abbreviation_bracket(toks, p) => Some(p + 3),
        // Nor are the quotation marks of words quoted inside the phrase
        // ("said he \"deeply regrets\" Russia's decision", "accused Seoul of
        // \"provocation\""): the writer's marks are not the speaker's words.
        _ if toks.get(p).is_some_and(Token::is_double_quote) => Some(p + 1),
        "," => apposed_name_end(toks, p),
        _ => None,
    }
}

/// After a common noun, a name set off by commas ("declared the ambassador*,
/// Raquel Serur,* persona non grata", "summoned the consul*, Mr Ivanov,* to")
/// only says who the noun is: the phrase goes on after the second comma.
fn apposed_name_end(toks: &[Token], p: usize) -> Option<usize> {
    if p == 0 || !is_modified_noun(&toks[p - 1]) {
        return None;
    }
    let close = (p + 2..toks.len().min(p + 6)).find(|&k| toks[k].text == ",")?;
    let name = toks[p + 1..close].iter().all(|t| {
        t.is_capitalized()
            || t.text == "-"
            || crate::grammar::NAME_PARTICLES.contains(&t.lower.as_str())
    });
    (name && toks[p + 1].is_capitalized()).then_some(close + 1)
}

/// The closing quote of a quoted phrase of at most five words opening at `p`.
fn quote_close(toks: &[Token], p: usize) -> Option<usize> {
    if !matches!(toks[p].text.as_str(), "\"" | "“" | "'" | "‘") {
        return None;
    }
    (p + 2..toks.len().min(p + 7))
        .take_while(|&k| !is_clause_break(&toks[k - 1]))
        .find(|&k| matches!(toks[k].text.as_str(), "\"" | "”" | "'" | "’"))
}

fn is_clause_break(t: &Token) -> bool {
    matches!(
        t.text.as_str(),
        "," | ";" | ":" | "." | "!" | "?" | "(" | ")" | "—" | "–"
    )
}

/// A lower-case word that may be the noun an actor in a slot modifies
/// ("Japanese *fishing boat*"), not a word that carries the pattern on.
fn is_modified_noun(t: &Token) -> bool {
    t.kind == crate::document::TokenKind::Word
        && !t.is_capitalized()
        && t.lower.chars().all(|c| c.is_alphabetic())
        && !matches!(
            t.lower.as_str(),
            "and"
                | "or"
                | "but"
                | "to"
                | "of"
                | "in"
                | "on"
                | "for"
                | "with"
                | "from"
                | "by"
                | "at"
                | "as"
                | "over"
                | "into"
                | "against"
                | "that"
                | "which"
                | "who"
                | "is"
                | "was"
                | "were"
                | "are"
                | "has"
                | "have"
                | "had"
                | "will"
                | "would"
                | "not"
                // Adverbs and comparatives go with the verb ("pushed Japan *closer* to").
                | "closer"
                | "further"
                | "back"
                | "away"
                | "together"
                | "more"
                | "less"
                | "again"
                | "also"
                | "still"
        )
        && !t.lower.ends_with("ly")
}

/// Words that may stand between a slot and the actor ("the", "its", "new").
const SLOT_FILLERS: &[&str] = &[
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "some",
    "all",
    "both",
    "two",
    "several",
    "many",
    "other",
    "fellow",
    "neighbouring",
    "neighboring",
    "rival",
    "key",
    "western",
    "eastern",
    "northern",
    "southern",
    "north",
    "south",
    "east",
    "west",
];

/// A common noun that names its members by example ("allies *such as*
/// Germany", "countries *like* Japan", "neighbours *including* China"): the
/// slot's actor is the example. Returns where the example starts.
fn example_lead_in(toks: &[Token], p: usize) -> Option<usize> {
    if !toks.get(p).is_some_and(is_modified_noun) {
        return None;
    }
    match (
        toks.get(p + 1).map(|t| t.lower.as_str()),
        toks.get(p + 2).map(|t| t.lower.as_str()),
    ) {
        (Some("such"), Some("as")) => Some(p + 3),
        (Some("like" | "including"), _) => Some(p + 2),
        _ => None,
    }
}

/// Where a conjunct of the same kind as the word at `pos` ends, when the
/// word is a gap's noun followed by "and"/"or" and the pattern goes on with a
/// word of its own ("sent *tanks and artillery* to"): the last token, within
/// six tokens and one clause, that the element would also take.
fn conjunct_of_kind(
    elems: &[Elem],
    ei: usize,
    toks: &[Token],
    pos: usize,
    set: &Forms,
    st: &MatchState<'_>,
) -> Option<usize> {
    let after_gap = ei > 0 && matches!(elems[ei - 1], Elem::Gap);
    let word_follows = matches!(elems.get(ei + 1), Some(Elem::Word(_)));
    if !after_gap || !word_follows {
        return None;
    }
    if !toks
        .get(pos + 1)
        .is_some_and(|t| matches!(t.lower.as_str(), "and" | "or"))
    {
        return None;
    }
    (pos + 2..toks.len().min(pos + 8))
        .take_while(|&q| {
            !is_clause_break(&toks[q])
                && !crate::grammar::GAP_STOPS.contains(&toks[q].lower.as_str())
        })
        .filter(|&q| set.has(st.ids[q]))
        .last()
}

fn match_at(
    elems: &[Elem],
    ei: usize,
    toks: &[Token],
    pos: usize,
    mention_at: &[Option<usize>],
    head_elem: Option<usize>,
    st: &mut MatchState<'_>,
) -> Option<usize> {
    if ei == elems.len() {
        return Some(pos);
    }
    let last = ei + 1 == elems.len();
    match &elems[ei] {
        Elem::Word(set) => {
            // "a call *on Friday*" is no "call on": an "on" that opens a
            // time adverbial is not the pattern's preposition.
            let dated_on = || toks[pos].lower == "on" && st.asides.end(pos).is_some();
            if pos < toks.len() && set.has(st.ids[pos]) && !dated_on() {
                let r = match_at(elems, ei + 1, toks, pos + 1, mention_at, head_elem, st);
                if r.is_some() {
                    if head_elem == Some(ei) {
                        st.head = Some(pos);
                    }
                    return r;
                }
                // A noun coordinated with another of its kind ("shipped
                // shells *and dozens of missiles* to", "imposed sanctions *and
                // tariffs* on"): the pattern goes on after the last conjunct.
                if let Some(q) = conjunct_of_kind(elems, ei, toks, pos, set, st) {
                    let r = match_at(elems, ei + 1, toks, q + 1, mention_at, head_elem, st);
                    if r.is_some() {
                        if head_elem == Some(ei) {
                            st.head = Some(pos);
                        }
                        return r;
                    }
                }
            }
            // A time adverbial inside the phrase ("accused Japan *on Tuesday* of",
            // "agreed *on Wednesday* to") is not part of it.
            match st.asides.end(pos).filter(|_| ei > 0) {
                Some(end) => match_at(elems, ei, toks, end, mention_at, head_elem, st),
                None => None,
            }
        }
        Elem::Opt(set) => {
            if pos < toks.len() && set.has(st.ids[pos]) {
                if let Some(r) = match_at(elems, ei + 1, toks, pos + 1, mention_at, head_elem, st) {
                    return Some(r);
                }
            }
            // (A quotation may open on the optional word: was *"seriously*
            // dissatisfied" with.)
            if ei > 0 && toks.get(pos).is_some_and(Token::is_double_quote) {
                if let Some(r) = match_at(elems, ei, toks, pos + 1, mention_at, head_elem, st) {
                    return Some(r);
                }
            }
            match_at(elems, ei + 1, toks, pos, mention_at, head_elem, st)
        }
        Elem::Gap => {
            // Up to three units, where a capitalised name ("the Broad Relationship of
            // Cooperation for Common Prosperity") counts as one unit.
            let mut p = pos;
            let mut unit = 0;
            while unit <= GAP_UNITS {
                unit += 1;
                if let Some(r) = match_at(elems, ei + 1, toks, p, mention_at, head_elem, st) {
                    return Some(r);
                }
                if p >= toks.len() {
                    return None;
                }
                let step = st.gaps.at(p);
                if step.stop {
                    return None;
                }
                if let Some(close) = step.close {
                    for q in (p + 1..close).filter(|&q| q == p + 1 || q + 1 == close) {
                        if let Some(r) = match_at(elems, ei + 1, toks, q, mention_at, head_elem, st)
                        {
                            return Some(r);
                        }
                    }
                }
                if step.free {
                    unit -= 1;
                    p = step.next;
                    continue;
                }
                if step.at_last {
                    let last = step.next - 1;
                    if let Some(r) = match_at(elems, ei + 1, toks, last, mention_at, head_elem, st)
                    {
                        return Some(r);
                    }
                }
                p = step.next;
            }
            None
        }
        Elem::Target | Elem::Source => {
            let is_t = matches!(elems[ei], Elem::Target);
            if last {
                // At the end a slot marks where the actor is expected; the coder looks from there.
                if is_t {
                    st.target = Some((pos, pos))
                } else {
                    st.source = Some((pos, pos))
                }
                return Some(pos);
            }
            // In the middle it consumes one mention, after up to three filler words,
            // and the nouns it modifies ("sentenced a *Japanese* pharmaceutical
            // executive to").
            let mut p = pos;
            for _ in 0..=3 {
                if let Some(Some(end)) = mention_at.get(p) {
                    // A list of names fills the slot as one name does: "urged
                    // *Russia and Belarus* to release", "accused *Japan, the
                    // Philippines and Australia* of".
                    let mut end = *end;
                    let mut ends = vec![end];
                    while ends.len() < 6 {
                        let mut q = end;
                        if toks.get(q).is_some_and(|t| t.text == ",") {
                            q += 1;
                        }
                        if toks.get(q).is_some_and(|t| t.lower == "and") {
                            q += 1;
                        }
                        if q == end {
                            break;
                        }
                        if toks.get(q).is_some_and(|t| t.lower == "the") {
                            q += 1;
                        }
                        match mention_at.get(q) {
                            Some(Some(e)) => {
                                end = *e;
                                ends.push(end);
                            }
                            _ => break,
                        }
                    }
                    // (The whole list first; a pattern word may also come
                    // between two names.)
                    for &end in ends.iter().rev() {
                        for after in end..=end + 2 {
                            if let Some(r) =
                                match_at(elems, ei + 1, toks, after, mention_at, head_elem, st)
                            {
                                if is_t {
                                    st.target = Some((p, after))
                                } else {
                                    st.source = Some((p, after))
                                }
                                return Some(r);
                            }
                            if !toks.get(after).is_some_and(is_modified_noun) {
                                break;
                            }
                        }
                    }
                }
                if p < toks.len()
                    && (SLOT_FILLERS.contains(&toks[p].lower.as_str()) || toks[p].is_double_quote())
                {
                    p += 1;
                } else if let Some(named) = example_lead_in(toks, p) {
                    p = named;
                } else {
                    break;
                }
            }
            None
        }
    }
}

/// Compiles a pattern's text; returns its elements and the head verb's element index.
fn compile(text: &str) -> Result<(Vec<Elem>, Option<usize>), String> {
    compile_cached(text, &mut HashMap::default())
}

/// A word element compiled: whether it is optional, its forms, whether it
/// holds a verb.
type WordElem = (bool, Forms, bool);

/// [`compile`], remembering each word element in `cache` (see
/// [`pattern_key_cached`]): inflecting a class's hundred verbs again for
/// every line that names it was a fifth of start-up.
fn compile_cached(
    text: &str,
    cache: &mut HashMap<String, WordElem>,
) -> Result<(Vec<Elem>, Option<usize>), String> {
    let mut elems = Vec::new();
    let mut head = None;
    let (mut t, mut s) = (0, 0);
    for raw in text.split(' ') {
        if raw == "*" {
            elems.push(Elem::Gap);
            continue;
        }
        if raw == "{T}" {
            t += 1;
            elems.push(Elem::Target);
            continue;
        }
        if raw == "{S}" {
            s += 1;
            elems.push(Elem::Source);
            continue;
        }
        let (optional, forms, is_verb) = match cache.get(raw) {
            Some(w) => w.clone(),
            None => {
                let w = compile_word(raw)?;
                cache.insert(raw.to_string(), w.clone());
                w
            }
        };
        if is_verb && head.is_none() && !optional {
            head = Some(elems.len());
        }
        elems.push(if optional {
            Elem::Opt(forms)
        } else {
            Elem::Word(forms)
        });
    }
    if t > 1 || s > 1 {
        return Err("at most one {T} and one {S} per pattern".into());
    }
    if !elems.iter().any(|e| matches!(e, Elem::Word(_))) {
        return Err("a pattern needs at least one required word".into());
    }
    if matches!(elems.first(), Some(Elem::Gap)) || matches!(elems.last(), Some(Elem::Gap)) {
        return Err("a pattern cannot start or end with *".into());
    }
    Ok((elems, head))
}

/// Compiles one word element (`accuse+`, `[the|a]`, `visit~|trip~`).
fn compile_word(raw: &str) -> Result<WordElem, String> {
    let (optional, body) = if raw.starts_with('[') {
        if !raw.ends_with(']') || raw.len() < 3 {
            return Err(format!(
                "unbalanced brackets in {raw:?}: an optional word is written [a|b]"
            ));
        }
        (true, &raw[1..raw.len() - 1])
    } else {
        if raw.contains('[') || raw.contains(']') {
            return Err(format!("misplaced bracket in {raw:?}"));
        }
        (false, raw)
    };
    let mut forms = Forms::default();
    let mut is_verb = false;
    for alt in body.split('|') {
        if alt.is_empty() {
            return Err(format!("empty alternative in {raw:?}"));
        }
        if alt.contains('{') || alt.contains('}') {
            return Err(format!(
                "slot inside a word in {raw:?}: write {{T}} as its own element"
            ));
        }
        if let Some(lemma) = alt.strip_suffix('+') {
            is_verb = true;
            forms.extend(verb_forms(&lemma.to_lowercase()));
        } else if let Some(noun) = alt.strip_suffix('~') {
            forms.extend(noun_forms(&noun.to_lowercase()));
        } else {
            forms.insert(alt.to_lowercase().replace('’', "'"));
        }
    }
    Ok((optional, forms, is_verb))
}

fn parse_codes(text: &str, file: &str) -> Result<HashMap<String, CodeInfo>, LexiconError> {
    let mut out = HashMap::default();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |reason: String| LexiconError {
            file: file.to_string(),
            line: i + 1,
            reason,
        };
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 4 {
            return Err(err(format!(
                "expected 4 columns (code, name, goldstein, quad_class), found {}",
                cols.len()
            )));
        }
        let goldstein: f64 = cols[2]
            .trim()
            .parse()
            .map_err(|_| err(format!("bad Goldstein value {:?}", cols[2])))?;
        let quad_class: u8 = cols[3]
            .trim()
            .parse()
            .map_err(|_| err(format!("bad QuadClass {:?}", cols[3])))?;
        out.insert(
            cols[0].trim().to_string(),
            CodeInfo {
                name: cols[1].trim().to_string(),
                goldstein,
                quad_class,
            },
        );
    }
    Ok(out)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// All inflected forms of a verb lemma (over-generation is harmless: a form no
/// text contains never matches).
///
/// ```
/// let f = dyad_core::lexicon::verb_forms("ban");
/// for w in ["ban", "bans", "banned", "banning"] { assert!(f.contains(&w.to_string())); }
/// ```
pub fn verb_forms(lemma: &str) -> Vec<String> {
    let mut out = vec![lemma.to_string()];
    // Phrasal or hyphenated lemmas inflect their first part only.
    if let Some(&(b, past, pp)) = IRREGULAR.iter().find(|(b, _, _)| *b == lemma) {
        out.extend([past.to_string(), pp.to_string()]);
        if b == "be" {
            out.extend(["is", "are", "am", "were", "being"].map(String::from));
        }
        if b == "have" {
            out.push("has".into());
        }
        if b == "do" {
            out.push("does".into());
        }
        if b == "go" {
            out.push("goes".into());
        }
        if b == "lie" {
            out.push("lying".into());
        }
        if b == "burn" || b == "learn" || b == "lean" || b == "leap" || b == "prove" || b == "show"
        {
            out.push(format!("{b}ed"));
            if b.ends_with('e') {
                out.push(format!("{b}d"));
            }
        }
    }
    let chars: Vec<char> = lemma.chars().collect();
    let n = chars.len();
    if n == 0 {
        return out;
    }
    let last = chars[n - 1];
    let prev = if n >= 2 { chars[n - 2] } else { ' ' };
    // third person
    if lemma.ends_with('s')
        || lemma.ends_with("sh")
        || lemma.ends_with("ch")
        || lemma.ends_with('x')
        || lemma.ends_with('z')
        || (last == 'o' && !is_vowel(prev))
    {
        out.push(format!("{lemma}es"));
    } else if last == 'y' && !is_vowel(prev) {
        out.push(format!("{}ies", &lemma[..lemma.len() - 1]));
    } else {
        out.push(format!("{lemma}s"));
    }
    // past and gerund
    if last == 'e' {
        out.push(format!("{lemma}d"));
        if let Some(stem) = lemma.strip_suffix("ie") {
            out.push(format!("{stem}ying"));
        } else if lemma.ends_with("ee") || lemma.ends_with("ye") || lemma.ends_with("oe") {
            out.push(format!("{lemma}ing"));
        } else {
            out.push(format!("{}ing", &lemma[..lemma.len() - 1]));
        }
    } else if last == 'y' && !is_vowel(prev) {
        out.push(format!("{}ied", &lemma[..lemma.len() - 1]));
        out.push(format!("{lemma}ing"));
    } else {
        out.push(format!("{lemma}ed"));
        out.push(format!("{lemma}ing"));
        // Consonant doubling (ban → banned, admit → admitted, travel → travelled).
        if !is_vowel(last)
            && !matches!(last, 'w' | 'x' | 'y')
            && is_vowel(prev)
            && (n < 3 || !is_vowel(chars[n - 3]))
        {
            out.push(format!("{lemma}{last}ed"));
            out.push(format!("{lemma}{last}ing"));
        }
        if last == 'c' {
            out.push(format!("{lemma}ked"));
            out.push(format!("{lemma}king"));
        }
    }
    out
}

/// Singular and plural of a noun.
pub fn noun_forms(noun: &str) -> Vec<String> {
    let mut out = vec![noun.to_string()];
    let irregular = [
        ("man", "men"),
        ("woman", "women"),
        ("child", "children"),
        ("person", "people"),
        ("crisis", "crises"),
        ("analysis", "analyses"),
        ("thesis", "theses"),
        ("basis", "bases"),
        ("criterion", "criteria"),
        ("phenomenon", "phenomena"),
        ("life", "lives"),
        ("leaf", "leaves"),
        ("chief", "chiefs"),
    ];
    for (s, p) in irregular {
        if let Some(stem) = noun.strip_suffix(s) {
            out.push(format!("{stem}{p}"));
            return out;
        }
    }
    let chars: Vec<char> = noun.chars().collect();
    let n = chars.len();
    let last = chars.last().copied().unwrap_or(' ');
    let prev = if n >= 2 { chars[n - 2] } else { ' ' };
    if noun.ends_with('s')
        || noun.ends_with("sh")
        || noun.ends_with("ch")
        || noun.ends_with('x')
        || noun.ends_with('z')
    {
        out.push(format!("{noun}es"));
    } else if last == 'y' && !is_vowel(prev) {
        out.push(format!("{}ies", &noun[..noun.len() - 1]));
    } else {
        out.push(format!("{noun}s"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token> {
        crate::segment::tokenize(s, 0, s.len())
    }

    /// Where actor mentions start and end in `t`, for `Lexicon::find`.
    fn mentions(t: &[Token], spans: &[(usize, usize)]) -> Vec<Option<usize>> {
        let mut at = vec![None; t.len()];
        for &(s, e) in spans {
            at[s] = Some(e);
        }
        at
    }

    #[test]
    fn a_word_class_stands_for_any_of_its_words() {
        let l =
            lex("@arms\tweapons|tanks~\n071\tsend+ * @arms to\n071\t@arms|jets for {T}\tnoun\n");
        let hits = |s: &str| {
            let t = toks(s);
            l.find(&t, &vec![None; t.len()]).len()
        };
        assert_eq!(hits("Germany will send tanks to Ukraine"), 1);
        assert_eq!(hits("Germany will send weapons to Ukraine"), 1);
        assert_eq!(hits("Germany will send doctors to Ukraine"), 0);
        assert_eq!(hits("jets for Ukraine"), 1);
        // Shown as written, so a rule in output points at its line.
        assert_eq!(l.patterns[0].text, "send+ * @arms to");
    }

    #[test]
    fn an_unknown_or_malformed_word_class_is_an_error_naming_it() {
        let mut l = lex("");
        let e = l
            .add_patterns("u.tsv", "071\tsend+ * @arms to\n")
            .unwrap_err();
        assert!(
            e.reason.contains("unknown word class \"@arms\""),
            "{}",
            e.reason
        );
        assert_eq!(e.line, 1);
        let e = l.add_patterns("u.tsv", "@Arms\ttanks\n").unwrap_err();
        assert!(e.reason.contains("bad word class"), "{}", e.reason);
    }

    fn lex(patterns: &str) -> Lexicon {
        let mut l = Lexicon { codes: parse_codes("01\tx\t0\t1\n042\tvisit\t1.9\t1\n163\tsanction\t-8\t4\n112\taccuse\t-2\t3\n071\taid\t7.4\t2\n", "c").unwrap(), patterns: Vec::new(), index: Vec::new(), vocab: HashMap::default(), by_text: HashMap::default(), keys: HashSet::default(), classes: HashMap::default(), class_members: HashMap::default() };
        l.add_patterns("t.tsv", patterns).unwrap();
        l.reindex();
        l
    }

    #[test]
    fn inflections() {
        let f = verb_forms("visit");
        assert!(
            f.contains(&"visited".into())
                && f.contains(&"visiting".into())
                && f.contains(&"visits".into())
        );
        assert!(verb_forms("meet").contains(&"met".into()));
        assert!(verb_forms("deny").contains(&"denied".into()));
        assert!(verb_forms("agree").contains(&"agreeing".into()));
        assert!(verb_forms("praise").contains(&"praising".into()));
        assert!(noun_forms("sanction").contains(&"sanctions".into()));
        assert!(noun_forms("crisis").contains(&"crises".into()));
    }

    #[test]
    fn longest_match_and_blocking() {
        let l = lex(
            "042\tvisit+\n042\tpay+ [a|an] [official|state] visit to\n---\tvisit+ [the] website\n",
        );
        let t = toks("He paid an official visit to Tokyo and visited the website.");
        let m = l.find(&t, &vec![None; t.len()]);
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].start, m[0].end), (1, 6));
        assert_eq!(m[0].head, Some(1));
    }

    #[test]
    fn mid_pattern_target_consumes_a_mention() {
        let l = lex("071\tgive+ {T} aid|assistance\n112\taccuse+ {T} of\n");
        let t = toks(
            "Japan agreed to give Russia assistance and accused the Chinese government of lying",
        );
        // Russia, Chinese government.
        let at = mentions(&t, &[(4, 5), (9, 11)]);
        let m = l.find(&t, &at);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].target, Some((4, 5)));
        assert_eq!(m[1].target, Some((9, 11)));
    }

    #[test]
    fn an_amount_is_one_gap_unit() {
        let l = lex("071\tprovide+ {T} with * aid\n");
        let t = toks("Japan will provide Ukraine with $ 4.5 billion in additional aid");
        let mut at = vec![None; t.len()];
        at[3] = Some(4); // Ukraine
        let m = l.find(&t, &at);
        assert_eq!(m.len(), 1);
        // Four ordinary words are still too many for a gap.
        let t = toks("Japan will provide Ukraine with a lot of new aid");
        assert!(l.find(&t, &at).is_empty());
        let t = toks("Japan will provide Ukraine with three and a half billion in aid");
        assert_eq!(l.find(&t, &at).len(), 1);
        // A number in a compound stays one unit with it: "eight-point".
        let t = toks("Japan will provide Ukraine with its eight-point economic aid");
        assert_eq!(l.find(&t, &at).len(), 1);
    }

    #[test]
    fn a_coordinated_noun_of_the_same_kind_carries_the_pattern_on() {
        let l = lex("@weapon\tshells|missiles|tanks\n071\tship+ * @weapon to\n");
        let at = |t: &[Token]| vec![None; t.len()];
        let t = toks("Pyongyang has shipped shells and dozens of missiles to Russia");
        assert_eq!(l.find(&t, &at(&t)).len(), 1);
        // (A quantity before the noun is a bundle of it, not a gap unit.)
        let t = toks("Pyongyang has shipped millions of artillery shells to Russia");
        assert_eq!(l.find(&t, &at(&t)).len(), 1);
        // The second conjunct must be of the element's kind.
        let t = toks("Pyongyang has shipped shells and sent workers to Russia");
        assert!(l.find(&t, &at(&t)).is_empty());
        // Nor does it reach past a clause break.
        let t = toks("Pyongyang has shipped shells and , later , missiles to Russia");
        assert!(l.find(&t, &at(&t)).is_empty());
    }

    #[test]
    fn a_time_adverbial_inside_a_phrase_is_skipped() {
        let l = lex("112\taccuse+ {T} of\n");
        let t = toks("Russia accused Japan on Tuesday night of spying");
        let mut at = vec![None; t.len()];
        at[2] = Some(3); // Japan
        assert_eq!(l.find(&t, &at).len(), 1);
        let t = toks("Russia accused Japan earlier this week of spying");
        assert_eq!(l.find(&t, &at).len(), 1);
        // Any other words still break the phrase.
        let t = toks("Russia accused Japan in a statement of spying");
        assert!(l.find(&t, &at).is_empty());
        // Nor is it a unit of a gap.
        let l = lex("163\tthreaten+ * sanction~\n");
        let at = vec![None; 12];
        let t = toks("Canada threatened on Friday to impose new sanctions");
        assert_eq!(l.find(&t, &at).len(), 1);
        let t = toks("Canada threatened in its statement to impose new sanctions");
        assert!(l.find(&t, &at).is_empty());
    }

    #[test]
    fn a_short_quote_is_one_gap_unit() {
        let l = lex("042\treaffirm+ [their] * partnership\n");
        let at = |t: &[Token]| vec![None; t.len()];
        let t = toks("They reaffirmed their \"no limits\" partnership");
        assert_eq!(l.find(&t, &at(&t)).len(), 1);
        let t = toks("They reaffirmed their “no limits” strategic partnership");
        assert_eq!(l.find(&t, &at(&t)).len(), 1);
        // A long quotation is not a modifier.
        let t = toks("They reaffirmed their \"we will never give up on each other, come what may\" partnership");
        assert!(l.find(&t, &at(&t)).is_empty());
    }

    #[test]
    fn a_slot_takes_the_nouns_its_actor_modifies() {
        let l = lex("112\taccuse+ {T} of\n");
        let t = toks("Russia accused a Japanese fishing crew of poaching");
        let mut at = vec![None; t.len()];
        at[3] = Some(4); // Japanese
        let m = l.find(&t, &at);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].target, Some((3, 6)));
        // Function words end the slot.
        let t = toks("Russia accused a Japanese and then of poaching");
        assert!(l.find(&t, &at).is_empty());
    }

    #[test]
    fn a_list_of_names_fills_a_slot() {
        let l = lex("112\taccuse+ {T} of\n");
        let t = toks("Russia accused Japan , the Philippines and Australia of lying");
        // Japan, Philippines, Australia.
        let at = mentions(&t, &[(2, 3), (5, 6), (7, 8)]);
        let m = l.find(&t, &at);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].target, Some((2, 8)));
        // A list that goes on past the pattern's word does not.
        let t = toks("Russia accused Japan and Australia");
        let at = mentions(&t, &[(2, 3), (4, 5)]);
        assert!(l.find(&t, &at).is_empty());
    }

    #[test]
    fn an_actors_last_word_is_no_verb() {
        let l = lex("163\tforce+ * refugee~\n071\tforce+\n");
        let t = toks("Israeli forces raided the refugee camp");
        let mut at = vec![None; t.len()];
        at[0] = Some(2); // Israeli forces
        assert!(l.find(&t, &at).is_empty());
        // Not an actor's word: a verb.
        let t = toks("They forced the refugee camp open");
        assert_eq!(l.find(&t, &vec![None; t.len()]).len(), 1);
    }

    #[test]
    fn a_slot_reaches_the_example_a_common_noun_names() {
        let l = lex("112\taccuse+ {T} of\n");
        for (text, at_actor) in [
            ("They accused allies such as Germany of lying", 5),
            ("They accused countries like Germany of lying", 4),
            ("They accused the neighbours including Germany of lying", 5),
        ] {
            let t = toks(text);
            let mut at = vec![None; t.len()];
            at[at_actor] = Some(at_actor + 1);
            let m = l.find(&t, &at);
            assert_eq!(m.len(), 1, "{text}");
            assert_eq!(m[0].target, Some((at_actor, at_actor + 1)), "{text}");
        }
        // A verb is no common noun naming its members.
        let t = toks("They accused, like Germany, of lying");
        let mut at = vec![None; t.len()];
        at[4] = Some(5);
        assert!(l.find(&t, &at).is_empty());
    }

    #[test]
    fn bad_lines_are_reported() {
        let mut l = lex("");
        let e = l.add_patterns("u.tsv", "999\tfoo+\n").unwrap_err();
        assert!(e.reason.contains("unknown CAMEO code") && e.line == 1);
        let e = l.add_patterns("u.tsv", "042\t[visit\n").unwrap_err();
        assert!(e.reason.contains("bracket"));
        let e = l.add_patterns("u.tsv", "042\tvisit+\tweird\n").unwrap_err();
        assert!(e.reason.contains("flag"));
    }
}
