//! Converters from the PETRARCH/TABARI dictionary formats to dyad's.
//!
//! * [`convert_verbs`]: a PETRARCH (or TABARI) verb dictionary, e.g.
//!   `CAMEO.2.0.txt`, to a dyad pattern file (data/cameo/README.md).
//! * [`convert_actors`]: a Phoenix/TABARI actor dictionary to a dyad actor file
//!   (data/actors/README.md).
//! * [`convert_agents`]: a Phoenix agent dictionary to dyad `agent` lines.
//!
//! The formats are documented in PETRARCH2's `dictionaries.rst` and the TABARI
//! manual. What dyad's syntax cannot say is converted to the nearest safe form
//! (counted in [`Conversion::approximated`]) or skipped (counted by reason in
//! [`Conversion::skipped`]).
//!
//! ## Verb dictionary
//!
//! * `&NAME` starts a synonym set; its `+WORD_WORD` lines are phrases (`_` joins
//!   words). Nouns get their plural unless the phrase or the set's name ends in `_`.
//! * `--- NAME [code] ---` starts a verb block. Its verb lines (`VERB`,
//!   `VERB {IRREGULAR FORMS}`, `+MULTI_WORD`, `WORD_+VERB`, each with an
//!   optional `[code]`) are synonyms: every pattern of the block applies to every
//!   verb of the block (PETRARCH's rule), or only to the verb named in the
//!   pattern's comment (TABARI's origin of the pattern) with
//!   [`VerbOptions::block_verbs`] off. A verb's own code, or else the block's,
//!   is the code of the verb alone.
//! * `- PRE * POST [code] # comment` is a pattern: `*` is the verb, words before
//!   it precede the verb, `{A B}` is a noun phrase (adjacent words, last one the
//!   head), `(PREP NP)` a prepositional phrase, `_` joins adjacent words and a
//!   space allows a short gap (dyad's `*`), `+` marks the target (`{T}`), `$`
//!   the source (`{S}`), `^` skips a noun phrase (a gap), `%` a compound actor
//!   (dyad's `recip`; `% *`, the verb alone, is `group=CODE` on the verb's own
//!   line), `&NAME` a synonym set.
//! * Codes: `[xxx]`; `[---]` is no event (a dyad blocking pattern);
//!   `[xxx:yyy]` is a paired event, the target doing `yyy` back (dyad's
//!   `back=yyy`, or `recip` when both are equal); `[:yyy]` (only the reverse)
//!   cannot be expressed and is skipped.
//! * `~ ...` transformation lines are skipped.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::actors::dictionary::{IGO_CODES, ROLES};
use crate::lexicon::{check_pattern, is_cameo_code, noun_forms, verb_forms};

/// A malformed line in a PETRARCH/TABARI dictionary (`file:line: reason`).
pub type FormatError = crate::error::LineError;

/// The result of a conversion: dyad text and what happened on the way.
#[derive(Debug, Clone, Default)]
pub struct Conversion {
    /// The converted file, in dyad syntax.
    pub text: String,
    /// Entries read (patterns and verbs, or actor/agent records).
    pub read: usize,
    /// Lines written.
    pub written: usize,
    /// Entries (or parts of entries) left out, by reason.
    pub skipped: BTreeMap<String, usize>,
    /// Constructs converted to a near form, by kind.
    pub approximated: BTreeMap<String, usize>,
}

impl Conversion {
    fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_default() += 1;
    }

    fn approx(&mut self, what: &str) {
        *self.approximated.entry(what.to_string()).or_default() += 1;
    }

    /// A human-readable summary of the counts.
    pub fn report(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "read {}  written {}", self.read, self.written);
        let total: usize = self.skipped.values().sum();
        let _ = writeln!(s, "skipped {total}:");
        let mut v: Vec<_> = self.skipped.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (r, n) in v {
            let _ = writeln!(s, "  {n:>6}  {r}");
        }
        let mut v: Vec<_> = self.approximated.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let _ = writeln!(s, "approximated:");
        for (r, n) in v {
            let _ = writeln!(s, "  {n:>6}  {r}");
        }
        s
    }
}

/// Choices made when converting a verb dictionary.
#[derive(Debug, Clone)]
pub struct VerbOptions {
    /// A pattern applies to every verb of its block (PETRARCH); when off, only to
    /// the verb its comment names (TABARI's origin), else to the block's first verb.
    pub block_verbs: bool,
    /// Write each verb's own code as a one-verb pattern (`ask+` 020).
    pub lone_verbs: bool,
    /// Keep `[---]` patterns as dyad blocking patterns.
    pub null_patterns: bool,
    /// Keep patterns with words before the verb (the subject's noun in PETRARCH2).
    pub pre_verb: bool,
    /// Write `[xxx:yyy]` as `back=yyy`.
    pub paired: bool,
    /// Keep patterns made of the verb and a single other word.
    pub two_word: bool,
    /// Keep patterns whose only words besides the verb are prepositions and
    /// particles (`come+ * to`).
    pub function_only: bool,
    /// Codes never written (CAMEO codes dyad handles specially).
    pub drop_codes: Vec<String>,
    /// Error on a malformed line instead of skipping it.
    pub strict: bool,
}

impl VerbOptions {
    /// Everything the format says, as faithfully as dyad can say it: for a
    /// user's own dictionary.
    pub fn user() -> VerbOptions {
        VerbOptions {
            block_verbs: true,
            lone_verbs: true,
            null_patterns: true,
            pre_verb: true,
            paired: true,
            two_word: true,
            function_only: true,
            drop_codes: Vec::new(),
            strict: false,
        }
    }
}

impl Default for VerbOptions {
    fn default() -> Self {
        Self::user()
    }
}

// ---------------------------------------------------------------- verbs

/// Words that are not nouns: prepositions, particles, function words. A pattern
/// word outside this list is taken as a noun and matches its plural too.
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "against",
    "ahead",
    "along",
    "among",
    "an",
    "and",
    "apart",
    "around",
    "as",
    "aside",
    "at",
    "away",
    "back",
    "before",
    "behind",
    "below",
    "between",
    "beyond",
    "but",
    "by",
    "close",
    "closer",
    "down",
    "during",
    "for",
    "forth",
    "forward",
    "from",
    "has",
    "have",
    "he",
    "her",
    "here",
    "him",
    "himself",
    "his",
    "in",
    "inside",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "may",
    "more",
    "near",
    "no",
    "not",
    "now",
    "of",
    "off",
    "on",
    "onto",
    "or",
    "out",
    "outside",
    "over",
    "past",
    "should",
    "so",
    "than",
    "that",
    "the",
    "their",
    "them",
    "themselves",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "together",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "was",
    "were",
    "which",
    "who",
    "will",
    "with",
    "within",
    "without",
    "would",
    "n't",
];

/// One word position of a pattern before synonym sets are expanded.
#[derive(Debug, Clone, PartialEq)]
enum Unit {
    Verb,
    Target,
    Source,
    Skip,
    Compound,
    /// A literal word (already lower-case, one dyad token or several).
    Lit(String),
    /// A noun: the word and its plural.
    Noun(String),
    /// A synonym set, by name.
    Syn(String),
}

/// A unit and whether it must directly follow the previous one.
#[derive(Debug, Clone)]
struct Pos {
    unit: Unit,
    adjacent: bool,
}

#[derive(Debug, Clone)]
struct Verb {
    /// The verb's own code, if any.
    code: Option<String>,
    /// Dyad elements for the verb phrase (`ask+ for`, `wire tap+|tapped`).
    elems: Vec<String>,
    /// Lower-case name with `_` (`ask_for`), for matching pattern comments.
    name: String,
}

#[derive(Debug, Clone)]
struct RawPattern {
    line: usize,
    body: String,
    code: String,
    comment: String,
}

#[derive(Debug, Default)]
struct Block {
    line: usize,
    name: String,
    code: String,
    verbs: Vec<Verb>,
    patterns: Vec<RawPattern>,
}

/// One synonym-set member: its dyad tokens, and whether the last one is a noun
/// that takes a plural.
type Member = (Vec<String>, bool);

/// Lower-case dyad tokens of a phrase (`CEASE-FIRE` is `cease - fire`).
fn tokens_of(phrase: &str) -> Vec<String> {
    crate::segment::tokenize(phrase, 0, phrase.len())
        .into_iter()
        .map(|t| t.lower)
        .collect()
}

/// Characters that would change the meaning of a dyad pattern element.
fn unsafe_token(t: &str) -> bool {
    t.chars().any(|c| {
        matches!(
            c,
            '|' | '[' | ']' | '{' | '}' | '*' | '~' | '+' | '$' | '^' | '%' | '&'
        )
    })
}

fn parse_code(raw: &str) -> (String, Option<String>) {
    let raw = raw
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim();
    match raw.split_once(':') {
        Some((a, b)) => {
            let b = b.trim();
            (a.trim().to_string(), (!b.is_empty()).then(|| b.to_string()))
        }
        None => (raw.to_string(), None),
    }
}

/// Splits `text # comment` (TABARI also writes `; comment`).
fn split_comment(line: &str) -> (&str, &str) {
    // Not inside a code: TABARI's `[###]` is the discard code.
    let mut depth = 0i32;
    let at = line.char_indices().find_map(|(i, c)| {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '#' | ';' if depth <= 0 => return Some(i),
            _ => {}
        }
        None
    });
    match at {
        Some(i) => (&line[..i], line[i + 1..].trim()),
        None => (line, ""),
    }
}

/// Dyad elements for a verb phrase like `+ASK_FOR`, `WIRE_+TAP` or `HURRY` with
/// its irregular forms.
fn verb_elems(phrase: &str, forms: &[&str]) -> Result<(Vec<String>, String), String> {
    let words: Vec<&str> = phrase.split('_').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Err("empty verb".into());
    }
    let vi = words.iter().position(|w| w.starts_with('+')).unwrap_or(0);
    let name = words
        .iter()
        .map(|w| w.trim_start_matches('+').to_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    let mut elems = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let toks = tokens_of(w.trim_start_matches('+'));
        if toks.is_empty() || toks.iter().any(|t| unsafe_token(t)) {
            return Err(format!("unusable word {w:?} in verb {phrase:?}"));
        }
        if i != vi {
            elems.extend(toks);
            continue;
        }
        // The inflected part of a hyphenated verb is its last piece ("re-enter").
        let (last, before) = toks.split_last().expect("non-empty");
        elems.extend(before.iter().cloned());
        let lemma = last.clone();
        let regular: HashSet<String> = verb_forms(&lemma).into_iter().collect();
        let mut alts = vec![format!("{lemma}+")];
        for f in forms {
            let fw: Vec<&str> = f.split('_').filter(|w| !w.is_empty()).collect();
            let pick = fw
                .iter()
                .find(|w| w.starts_with('+'))
                .or_else(|| {
                    if fw.len() == words.len() {
                        fw.get(vi)
                    } else {
                        fw.first()
                    }
                })
                .map(|w| w.trim_start_matches('+'));
            if let Some(p) = pick {
                let t = tokens_of(p);
                if let Some(form) = t.last() {
                    if !regular.contains(form) && !unsafe_token(form) && !alts.contains(form) {
                        alts.push(form.clone());
                    }
                }
            }
        }
        elems.push(alts.join("|"));
    }
    Ok((elems, name))
}

/// Reads a pattern body into positions.
fn parse_body(body: &str) -> Result<Vec<Pos>, String> {
    // Brackets are tokens of their own.
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    // A verb mark written against a word ("*SCEPTICAL") stands apart from it.
    let chars: Vec<char> = body.chars().collect();
    let mut spaced = String::new();
    for (k, &c) in chars.iter().enumerate() {
        let next_word = chars
            .get(k + 1)
            .is_some_and(|n| n.is_alphanumeric() || *n == '&');
        let prev_word = k > 0 && chars[k - 1].is_alphanumeric();
        if c == '*' && (next_word || prev_word) {
            spaced.push(' ');
            spaced.push('*');
            spaced.push(' ');
        } else {
            spaced.push(c);
        }
    }
    for c in spaced.chars() {
        match c {
            '(' | ')' | '{' | '}' => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                words.push(c.to_string());
            }
            c if c.is_whitespace() => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    let mut out: Vec<Pos> = Vec::new();
    let (mut paren, mut brace) = (false, false);
    let mut paren_first = false;
    let mut brace_start = 0;
    for w in &words {
        match w.as_str() {
            "(" => {
                if paren || brace {
                    return Err("nested brackets".into());
                }
                paren = true;
                paren_first = true;
                continue;
            }
            ")" => {
                if !paren || brace {
                    return Err("unbalanced ')'".into());
                }
                paren = false;
                continue;
            }
            "{" => {
                if brace {
                    return Err("nested '{'".into());
                }
                brace = true;
                brace_start = out.len();
                continue;
            }
            "}" => {
                if !brace {
                    return Err("unbalanced '}'".into());
                }
                brace = false;
                // The last word of a noun phrase is its head; the words before it modify it.
                let n = out.len();
                for (k, p) in out[brace_start..].iter_mut().enumerate() {
                    if k > 0 {
                        p.adjacent = true;
                    }
                    if brace_start + k + 1 < n {
                        if let Unit::Noun(x) = &p.unit {
                            p.unit = Unit::Lit(x.clone());
                        }
                    }
                }
                continue;
            }
            _ => {}
        }
        for (k, part) in w.split('_').enumerate() {
            let adjacent = k > 0;
            if part.is_empty() {
                continue;
            }
            let unit = match part {
                "*" => Unit::Verb,
                "+" => Unit::Target,
                "$" => Unit::Source,
                "^" => Unit::Skip,
                "%" => Unit::Compound,
                p if p.starts_with('&') => Unit::Syn(p[1..].to_uppercase()),
                p => {
                    if p.chars()
                        .any(|c| matches!(c, '*' | '+' | '$' | '^' | '%' | '&'))
                    {
                        return Err(format!("unexpected character in {p:?}"));
                    }
                    let lower = p.to_lowercase();
                    // Participles and adverbs ("failed_to_*", "recently_*") are not nouns.
                    let verbal = lower.len() > 4
                        && (lower.ends_with("ed")
                            || lower.ends_with("ing")
                            || lower.ends_with("ly"));
                    if paren_first || verbal || FUNCTION_WORDS.contains(&lower.as_str()) {
                        Unit::Lit(lower)
                    } else {
                        Unit::Noun(lower)
                    }
                }
            };
            paren_first = false;
            out.push(Pos { unit, adjacent });
        }
    }
    if paren {
        return Err("unclosed '('".into());
    }
    if brace {
        return Err("unclosed '{'".into());
    }
    Ok(out)
}

/// Expands a pattern's positions into dyad pattern lines.
#[allow(clippy::too_many_arguments)]
fn render(
    pos: &[Pos],
    verb: &[String],
    synsets: &HashMap<String, Vec<Member>>,
    conv: &mut Conversion,
) -> Result<(Vec<String>, bool), &'static str> {
    // Choices per synonym-set position: the one-token members as one element, and
    // each multi-token member as an alternative line.
    let mut choices: Vec<Vec<Vec<String>>> = Vec::new();
    let mut recip = false;
    for p in pos {
        if let Unit::Syn(name) = &p.unit {
            let Some(members) = synsets.get(name) else {
                return Err("undefined synonym set");
            };
            let mut single = Vec::new();
            let mut multi = Vec::new();
            for (toks, plural) in members {
                let last = toks.last().expect("members are non-empty");
                let el = if *plural {
                    format!("{last}~")
                } else {
                    last.clone()
                };
                if toks.len() == 1 {
                    if !single.contains(&el) {
                        single.push(el);
                    }
                } else {
                    let mut v: Vec<String> = toks[..toks.len() - 1].to_vec();
                    v.push(el);
                    multi.push(v);
                }
            }
            let mut c = Vec::new();
            if !single.is_empty() {
                c.push(vec![single.join("|")]);
            }
            c.extend(multi);
            choices.push(c);
        }
    }
    // Keep the expansion small: drop multi-word members from the largest sets.
    const MAX_LINES: usize = 24;
    loop {
        let n: usize = choices.iter().map(|c| c.len().max(1)).product();
        if n <= MAX_LINES {
            break;
        }
        let Some(big) = (0..choices.len()).max_by_key(|&i| choices[i].len()) else {
            break;
        };
        if choices[big].len() <= 1 {
            break;
        }
        choices[big].pop();
        conv.approx("multi-word synonym-set member dropped to bound the expansion");
    }
    let total: usize = choices.iter().map(|c| c.len()).product();
    let mut lines = Vec::new();
    for combo in 0..total {
        let mut rest = combo;
        let mut syn_i = 0;
        let mut elems: Vec<String> = Vec::new();
        let mut prev_slot = true; // no gap at the start
        let mut pending_gap = false;
        let n = pos.len();
        for (k, p) in pos.iter().enumerate() {
            let words: Vec<String> = match &p.unit {
                Unit::Compound => {
                    recip = true;
                    continue;
                }
                Unit::Skip => {
                    if k + 1 == n {
                        return Err("a trailing ^ (skip a noun phrase) cannot be expressed");
                    }
                    pending_gap = true;
                    continue;
                }
                Unit::Verb => verb.to_vec(),
                Unit::Target => vec!["{T}".into()],
                Unit::Source => vec!["{S}".into()],
                Unit::Lit(w) => tokens_of(w),
                Unit::Noun(w) => {
                    let mut t = tokens_of(w);
                    if let Some(l) = t.last_mut() {
                        if l.chars().all(|c| c.is_alphabetic()) {
                            *l = format!("{l}~");
                        }
                    }
                    t
                }
                Unit::Syn(_) => {
                    let c = &choices[syn_i];
                    syn_i += 1;
                    let pick = rest % c.len();
                    rest /= c.len();
                    c[pick].clone()
                }
            };
            if words.is_empty() {
                continue;
            }
            let slot = matches!(p.unit, Unit::Target | Unit::Source);
            if !elems.is_empty() && !prev_slot && !slot && (!p.adjacent || pending_gap) {
                elems.push("*".into());
            }
            pending_gap = false;
            prev_slot = slot;
            elems.extend(words);
        }
        if recip {
            conv.approx("% compound actor written as recip");
        }
        lines.push(elems.join(" "));
    }
    Ok((lines, recip))
}

/// Converts a PETRARCH or TABARI verb dictionary to dyad pattern lines.
pub fn convert_verbs(
    text: &str,
    file: &str,
    opts: &VerbOptions,
) -> Result<Conversion, FormatError> {
    let mut conv = Conversion::default();
    let mut synsets: HashMap<String, Vec<Member>> = HashMap::new();
    let mut cur_syn: Option<(String, bool)> = None;
    let mut blocks: Vec<Block> = Vec::new();
    let err = |line: usize, reason: String| FormatError {
        file: file.to_string(),
        line,
        reason,
    };
    for (i, raw) in text.lines().enumerate() {
        let ln = i + 1;
        let line = raw.trim_end_matches('\r');
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("<!--") {
            continue;
        }
        // A malformed line: an error in strict mode, else skipped and counted.
        macro_rules! bad {
            ($reason:expr) => {{
                let r: String = $reason;
                if opts.strict {
                    return Err(err(ln, r));
                }
                conv.skip("malformed line");
                continue;
            }};
        }
        if let Some(after) = t.strip_prefix("---") {
            let inner = t.trim_start_matches('-').trim_end_matches('-').trim();
            if !after.trim_end().ends_with("---") || inner.is_empty() {
                bad!(format!(
                    "a verb block header is written --- NAME [code] ---, found {t:?}"
                ));
            }
            let (name, code) = match inner.find('[') {
                Some(b) => {
                    let Some(e) = inner[b..].find(']') else {
                        bad!(format!("unclosed '[' in block header {t:?}"));
                    };
                    (inner[..b].trim(), inner[b + 1..b + e].trim().to_string())
                }
                None => (inner, "---".to_string()),
            };
            cur_syn = None;
            blocks.push(Block {
                line: ln,
                name: name.to_lowercase(),
                code,
                ..Block::default()
            });
            continue;
        }
        if let Some(rest) = t.strip_prefix('&') {
            let (name, _) = split_comment(rest);
            let name = name.trim();
            if name.is_empty() || name.contains(char::is_whitespace) {
                bad!(format!("a synonym set is named &NAME, found {t:?}"));
            }
            let no_plural = name.ends_with('_');
            let key = name.trim_end_matches('_').to_uppercase();
            synsets.entry(key.clone()).or_default();
            cur_syn = Some((key, no_plural));
            continue;
        }
        if t.starts_with('~') {
            conv.read += 1;
            conv.skip("transformation rule (~ ...): verb-verb rewriting, not a pattern");
            continue;
        }
        if let (Some((key, no_plural)), true) = (&cur_syn, t.starts_with('+')) {
            let (member, _) = split_comment(&t[1..]);
            let member = member.trim();
            if member.is_empty() {
                bad!("empty synonym-set member".to_string());
            }
            let plural = !no_plural && !member.ends_with('_');
            let phrase = member.trim_end_matches('_').replace('_', " ");
            let toks = tokens_of(&phrase);
            if toks.is_empty() || toks.iter().any(|t| unsafe_token(t)) {
                conv.skip("synonym-set member with characters dyad patterns cannot hold");
                continue;
            }
            let plural = plural
                && toks
                    .last()
                    .is_some_and(|l| l.chars().all(char::is_alphabetic));
            synsets
                .get_mut(key)
                .expect("set exists")
                .push((toks, plural));
            continue;
        }
        cur_syn = None;
        let Some(block) = blocks.last_mut() else {
            bad!(format!(
                "a line outside any synonym set or verb block: {t:?} (a verb block starts with --- NAME [code] ---)"
            ));
        };
        if let Some(p) = t.strip_prefix('-') {
            let (body, comment) = split_comment(p);
            let Some(open) = body.rfind('[') else {
                bad!(format!("a pattern needs a [code] after it: {t:?}"));
            };
            let Some(close) = body[open..].find(']') else {
                bad!(format!("unclosed '[' in pattern {t:?}"));
            };
            if !body[open + close + 1..].trim().is_empty() {
                bad!(format!("text after the pattern's [code]: {t:?}"));
            }
            block.patterns.push(RawPattern {
                line: ln,
                body: body[..open].trim().to_string(),
                code: body[open..open + close + 1].to_string(),
                comment: comment.to_string(),
            });
            continue;
        }
        // A verb line: PHRASE [{forms}] [[code]].
        let (v, _) = split_comment(t);
        let v = v.trim();
        // TABARI also writes a multi-word verb with spaces ("LASH OUT").
        let phrase_end = v.find(['{', '[']).unwrap_or(v.len());
        let phrase = v[..phrase_end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("_");
        let phrase = phrase.as_str();
        let rest = v[phrase_end..].trim();
        let (forms, rest): (Vec<&str>, &str) = if let Some(r) = rest.strip_prefix('{') {
            let Some(e) = r.find('}') else {
                bad!(format!("unclosed '{{' in verb line {t:?}"));
            };
            (r[..e].split_whitespace().collect(), r[e + 1..].trim())
        } else {
            (Vec::new(), rest)
        };
        let code = if rest.is_empty() {
            None
        } else if rest.starts_with('[') && rest.ends_with(']') {
            Some(rest[1..rest.len() - 1].trim().to_string())
        } else {
            bad!(format!(
                "a verb line is VERB [{{FORMS}}] [[code]], found {t:?}"
            ));
        };
        conv.read += 1;
        match verb_elems(phrase, &forms) {
            Ok((elems, name)) => block.verbs.push(Verb { code, elems, name }),
            Err(e) => {
                if opts.strict {
                    return Err(err(ln, e));
                }
                conv.skip("verb with characters dyad patterns cannot hold");
            }
        }
    }

    // Lines as written, and where each pattern's line is: a `% *` pattern (a
    // compound subject and the verb alone) becomes `group=CODE` on the verb's line.
    let mut out: Vec<String> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut emit = |conv: &mut Conversion,
                    out: &mut Vec<String>,
                    code: &str,
                    pat: &str,
                    flags: &[String],
                    group_only: bool| {
        if let Some(&at) = seen.get(pat) {
            if group_only && code != "---" && !out[at].contains("group=") {
                let line = &mut out[at];
                line.push_str(if line.ends_with('\t') { "" } else { "," });
                line.push_str(&format!("group={code}"));
                conv.approx("% compound actor with the verb alone written as group=CODE");
            } else {
                conv.skip("duplicate of an earlier converted pattern");
            }
            return;
        }
        seen.insert(pat.to_string(), out.len());
        out.push(format!("{code}\t{pat}\t{}", flags.join(",")));
        conv.written += 1;
    };
    for b in &blocks {
        out.push(format!(
            "# --- {} [{}] ({file}:{})",
            b.name.to_uppercase(),
            b.code,
            b.line
        ));
        if b.verbs.is_empty() && !b.patterns.is_empty() {
            // TABARI-style: the block's name is its only verb.
        }
        let verbs: Vec<Verb> = if b.verbs.is_empty() {
            match verb_elems(&b.name.to_uppercase(), &[]) {
                Ok((elems, name)) => vec![Verb {
                    code: None,
                    elems,
                    name,
                }],
                Err(_) => {
                    conv.skip("block without usable verbs");
                    continue;
                }
            }
        } else {
            b.verbs.clone()
        };
        // The verbs alone.
        for v in &b.verbs {
            let code = v.code.clone().unwrap_or_else(|| b.code.clone());
            let (fwd, rev) = parse_code(&code);
            if fwd == "---" || fwd.is_empty() {
                conv.skip("verb alone with the null code [---]");
                continue;
            }
            if !opts.lone_verbs {
                conv.skip("verb alone (option: lone verbs off)");
                continue;
            }
            if !is_cameo_code(&fwd) {
                conv.skip("code not in the CAMEO table");
                continue;
            }
            if opts.drop_codes.contains(&fwd) {
                conv.skip("code dyad handles itself (dropped by option)");
                continue;
            }
            let flags = pair_flags(&fwd, rev.as_deref(), opts, &mut conv);
            let pat = v.elems.join(" ");
            if check_pattern(&pat).is_err() {
                conv.skip("not expressible in dyad syntax");
                continue;
            }
            emit(&mut conv, &mut out, &fwd, &pat, &flags, false);
        }
        for rp in &b.patterns {
            conv.read += 1;
            let (fwd, rev) = parse_code(&rp.code);
            let null = fwd == "---" && rev.is_none();
            if fwd.is_empty() || fwd == "---" && rev.is_some() {
                conv.skip("reverse-only paired code [:yyy]");
                continue;
            }
            if null && !opts.null_patterns {
                conv.skip("null code [---] (option: null patterns off)");
                continue;
            }
            if !null && !is_cameo_code(&fwd) {
                conv.skip("code not in the CAMEO table");
                continue;
            }
            if opts.drop_codes.contains(&fwd) {
                conv.skip("code dyad handles itself (dropped by option)");
                continue;
            }
            let pos = match parse_body(&rp.body) {
                Ok(p) => p,
                Err(e) => {
                    if opts.strict {
                        return Err(err(rp.line, format!("{e} in pattern {:?}", rp.body)));
                    }
                    conv.skip("malformed pattern");
                    continue;
                }
            };
            let Some(vi) = pos.iter().position(|p| p.unit == Unit::Verb) else {
                if opts.strict {
                    return Err(err(
                        rp.line,
                        format!("a pattern needs * for the verb: {:?}", rp.body),
                    ));
                }
                conv.skip("pattern without * (the verb)");
                continue;
            };
            if pos.iter().filter(|p| p.unit == Unit::Verb).count() > 1 {
                conv.skip("pattern with two verb positions");
                continue;
            }
            if pos[..vi]
                .iter()
                .any(|p| matches!(p.unit, Unit::Target | Unit::Source))
            {
                conv.skip("actor marker (+ or $) before the verb");
                continue;
            }
            if pos.iter().filter(|p| p.unit == Unit::Target).count() > 1
                || pos.iter().filter(|p| p.unit == Unit::Source).count() > 1
            {
                conv.skip("more than one + or $ marker");
                continue;
            }
            let pre = pos[..vi]
                .iter()
                .any(|p| !matches!(p.unit, Unit::Compound | Unit::Skip));
            if pre && !opts.pre_verb {
                conv.skip("words before the verb (option: pre-verb patterns off)");
                continue;
            }
            let words = pos
                .iter()
                .filter(|p| matches!(p.unit, Unit::Lit(_) | Unit::Noun(_) | Unit::Syn(_)))
                .count();
            if words == 0 && !opts.lone_verbs {
                conv.skip("verb alone (option: lone verbs off)");
                continue;
            }
            let content = pos
                .iter()
                .filter(|p| matches!(p.unit, Unit::Noun(_) | Unit::Syn(_)))
                .count()
                + pos
                    .iter()
                    .filter(|p| matches!(&p.unit, Unit::Lit(w) if !FUNCTION_WORDS.contains(&w.as_str())))
                    .count();
            if words > 0 && content == 0 && !opts.function_only {
                conv.skip("only prepositions and particles besides the verb (option: function-only patterns off)");
                continue;
            }
            if words == 1 && !opts.two_word {
                conv.skip("verb and one word (option: two-word patterns off)");
                continue;
            }
            // The verbs this pattern is for.
            let named = rp
                .comment
                .split(|c: char| c.is_whitespace() || c == ',')
                .next()
                .unwrap_or("")
                .to_lowercase();
            let targets: Vec<&Verb> = if opts.block_verbs {
                verbs.iter().collect()
            } else {
                let by_comment: Vec<&Verb> = verbs.iter().filter(|v| v.name == named).collect();
                if !by_comment.is_empty() {
                    by_comment
                } else {
                    verbs.iter().take(1).collect()
                }
            };
            for v in targets {
                match render(&pos, &v.elems, &synsets, &mut conv) {
                    Ok((lines, recip)) => {
                        let code = if null { "---" } else { fwd.as_str() };
                        let mut flags = if null {
                            Vec::new()
                        } else {
                            pair_flags(&fwd, rev.as_deref(), opts, &mut conv)
                        };
                        if recip && !flags.iter().any(|f| f == "recip") {
                            flags.push("recip".into());
                        }
                        let group_only = pos
                            .iter()
                            .all(|p| matches!(p.unit, Unit::Compound | Unit::Verb));
                        for l in lines {
                            if check_pattern(&l).is_err() {
                                conv.skip("not expressible in dyad syntax");
                                continue;
                            }
                            emit(&mut conv, &mut out, code, &l, &flags, group_only);
                        }
                    }
                    Err(reason) => conv.skip(reason),
                }
            }
        }
    }
    conv.text = out.iter().map(|l| format!("{l}\n")).collect();
    Ok(conv)
}

fn pair_flags(
    fwd: &str,
    rev: Option<&str>,
    opts: &VerbOptions,
    conv: &mut Conversion,
) -> Vec<String> {
    match rev {
        Some(r) if r == fwd => vec!["recip".into()],
        Some(r) if r != "---" && is_cameo_code(r) && opts.paired => vec![format!("back={r}")],
        Some(_) => {
            conv.approx("paired code [xxx:yyy]: reverse event dropped");
            Vec::new()
        }
        None => Vec::new(),
    }
}

// ---------------------------------------------------------------- actors

/// TABARI/Phoenix country codes that are not ISO 3166-1 alpha-3, and dyad's.
const COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("TMP", "TLS"),
    ("KSV", "XKX"),
    ("ROM", "ROU"),
    ("ZAR", "COD"),
];

/// Phoenix IGO sub-codes (after `IGO` and a region) and dyad's IGO codes.
const IGO_ALIASES: &[(&str, &str)] = &[
    ("UNO", "UNO"),
    ("EUR", "EUR"),
    ("NAT", "NATO"),
    ("ASN", "ASEAN"),
    ("OPC", "OPEC"),
    ("IMF", "IMF"),
    ("ARL", "ARL"),
    ("ICC", "ICC"),
    ("AFU", "AFU"),
    ("WBK", "WBK"),
    ("WTO", "WTO"),
    ("IAE", "IAEA"),
    ("WAS", "ECOWAS"),
    ("OIC", "OIC"),
    ("SAA", "SAARC"),
    ("OAS", "OAS"),
    ("APE", "APEC"),
    ("GCC", "GCC"),
    ("CIS", "CIS"),
    ("SCO", "SCO"),
    ("OSC", "OSCE"),
    ("ITP", "INTERPOL"),
    ("COE", "COE"),
    ("WHO", "WHO"),
];

/// Religion codes of the Phoenix agents (dyad has one role for all: REL).
const RELIGIONS: &[&str] = &[
    "MUS", "CHR", "JEW", "BUD", "HIN", "SHI", "SUN", "CTH", "PRO", "ORT", "SIK", "JAN", "ZRO",
    "BAH", "DOX", "ITR", "MOS", "ALE", "DRZ", "CPT", "MRN", "ATH", "CON", "SFI",
];

/// Whether `c` is a country code dyad knows (ISO alpha-3 in its dictionary).
fn known_country(c: &str) -> bool {
    static ISO: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    ISO.get_or_init(|| {
        crate::actors::dictionary::BUILTIN
            .iter()
            .find(|(n, _)| *n == "countries.tsv")
            .map(|(_, t)| {
                t.lines()
                    .filter_map(|l| l.split('\t').nth(1))
                    .filter_map(|c| c.get(..3).map(String::from))
                    .filter(|c| c != crate::actors::NON_STATE)
                    .collect()
            })
            .unwrap_or_default()
    })
    .contains(c)
}

fn chunks(s: &str) -> Vec<&str> {
    (0..s.len() / 3).map(|i| &s[i * 3..i * 3 + 3]).collect()
}

/// A Phoenix actor code in dyad's form: country (or IGO) and at most one role.
fn map_actor_code(
    code: &str,
    iso_only: bool,
    conv: &mut Conversion,
) -> Result<String, &'static str> {
    if code.len() < 3 || !code.is_ascii() || !code.len().is_multiple_of(3) {
        return Err("code that is not a sequence of 3-letter parts");
    }
    let parts = chunks(code);
    let first_role = |rest: &[&str], conv: &mut Conversion| -> String {
        let roles: Vec<&str> = rest.iter().copied().filter(|r| ROLES.contains(r)).collect();
        if roles.len() > 1 || rest.len() > roles.len() {
            conv.approx("code with several roles or sub-codes: first dyad role kept");
        }
        roles.first().map(|r| r.to_string()).unwrap_or_default()
    };
    match parts[0] {
        "IGO" => {
            for (k, p) in parts.iter().enumerate().skip(1) {
                if let Some((_, d)) = IGO_ALIASES.iter().find(|(a, _)| a == p) {
                    debug_assert!(IGO_CODES.contains(d) || d.len() == 3);
                    let role = first_role(&parts[k + 1..], conv);
                    return Ok(format!("{d}{role}"));
                }
            }
            Err("IGO without a dyad organisation code")
        }
        "MNC" => Err("multinational corporation (not a political actor)"),
        "NGO" | "NGM" => Err("non-governmental organisation without a country"),
        "IMG" | "UAF" | "INT" => Err("international armed group without a country"),
        c => {
            let c = COUNTRY_ALIASES
                .iter()
                .find(|(a, _)| *a == c)
                .map(|(_, d)| *d)
                .unwrap_or(c);
            if iso_only && !known_country(c) {
                return Err("country code that is not ISO (region or former state)");
            }
            let role = first_role(&parts[1..], conv);
            Ok(format!("{c}{role}"))
        }
    }
}

/// A TABARI date: YYMMDD (years up to 30 are 20xx) or YYYYMMDD.
fn tabari_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            let y = if yy <= 30 { 2000 + yy } else { 1900 + yy };
            NaiveDate::from_ymd_opt(y, s[2..4].parse().ok()?, s[4..6].parse().ok()?)
        }
        8 => NaiveDate::parse_from_str(s, "%Y%m%d").ok(),
        _ => None,
    }
}

/// `[CODE]`, `[CODE <date]`, `[CODE >date]`, `[CODE date-date]`: code, from, until.
type Restriction = (String, Option<NaiveDate>, Option<NaiveDate>);

fn parse_restriction(inner: &str) -> Result<Restriction, String> {
    let mut it = inner.split_whitespace();
    let code = it.next().ok_or("empty [ ]")?.to_string();
    let Some(d) = it.next() else {
        return Ok((code, None, None));
    };
    if it.next().is_some() {
        return Err(format!("too many fields in [{inner}]"));
    }
    let bad = || {
        format!("bad date restriction {d:?} in [{inner}]: use <YYMMDD, >YYMMDD or YYMMDD-YYMMDD")
    };
    if let Some(x) = d.strip_prefix('<') {
        Ok((code, None, Some(tabari_date(x).ok_or_else(bad)?)))
    } else if let Some(x) = d.strip_prefix('>') {
        Ok((code, Some(tabari_date(x).ok_or_else(bad)?), None))
    } else if let Some((a, b)) = d.split_once('-') {
        Ok((
            code,
            Some(tabari_date(a).ok_or_else(bad)?),
            Some(tabari_date(b).ok_or_else(bad)?),
        ))
    } else {
        Err(bad())
    }
}

/// A PETRARCH phrase (`SHINZO_ABE_`, `U.N._SECRETARY_GENERAL`) as a dyad actor
/// phrase: words title-cased; a one-word phrase of up to three letters is an
/// acronym and stays in capitals.
pub(crate) fn actor_phrase(raw: &str, conv: &mut Conversion) -> Option<String> {
    let mut p = raw.trim().trim_end_matches('_').to_string();
    // Bracketed abbreviations: "ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_".
    while let (Some(a), Some(b)) = (p.find('('), p.find(')')) {
        if b < a {
            break;
        }
        p.replace_range(a..=b, "");
        conv.approx("bracketed part of a phrase dropped");
    }
    let words: Vec<String> = p
        .split(['_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| w.to_string())
        .collect();
    if words.is_empty() {
        return None;
    }
    if words.iter().any(|w| {
        w.chars().any(|c| {
            matches!(
                c,
                '|' | '\t' | '[' | ']' | '{' | '}' | '+' | ',' | '~' | '!' | '#'
            )
        })
    }) {
        return None;
    }
    // A phrase of numbers, months and weekdays ("17 November") is a date, not a name.
    if words.len() > 1
        && words.iter().all(|w| {
            let l = w.to_lowercase();
            w.chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '.')
                || l == "of"
                || crate::dates::month_of(&l).is_some()
                || crate::dates::weekday_of(&l).is_some()
        })
    {
        conv.approx("date-like phrase dropped");
        return None;
    }
    let letters = |w: &str| w.chars().filter(|c| c.is_alphabetic()).count();
    if words.len() == 1 && letters(&words[0]) <= 3 && words[0].chars().any(|c| c.is_alphabetic()) {
        return Some(words[0].to_uppercase());
    }
    let title = |w: &str| {
        let lower = w.to_lowercase();
        let mut out = String::new();
        let mut up = true;
        for c in lower.chars() {
            if up && c.is_alphabetic() {
                out.extend(c.to_uppercase());
                up = false;
            } else {
                out.push(c);
            }
            if c == '-' || c == '.' || c == '\'' && out.len() <= 2 {
                up = true;
            }
        }
        out
    };
    let mut p = words.iter().map(|w| title(w)).collect::<Vec<_>>().join(" ");
    if let Some(rest) = p.strip_prefix("The ") {
        p = rest.to_string();
    }
    Some(p)
}

#[derive(Default)]
struct ActorRecord {
    line: usize,
    phrases: Vec<String>,
    codes: Vec<(usize, String)>,
}

/// Converts a Phoenix/TABARI actor dictionary (`Phoenix.Countries.actors.txt`
/// ...) to dyad actor lines: undated codes give `country`, `metonym` (with a
/// role) or `igo` lines; dated codes give `person` terms.
pub fn convert_actors(text: &str, file: &str, strict: bool) -> Result<Conversion, FormatError> {
    convert_actors_with(text, file, strict, true, false)
}

/// [`convert_actors`]; with `people` off, actors with dated codes (office
/// holders) are left out; with `iso_only`, codes whose country part is not a
/// country dyad knows (regions, former states, a user's own codes) are too.
pub fn convert_actors_with(
    text: &str,
    file: &str,
    strict: bool,
    people: bool,
    iso_only: bool,
) -> Result<Conversion, FormatError> {
    let mut conv = Conversion::default();
    let mut records: Vec<ActorRecord> = Vec::new();
    // A line that belongs to an actor before any actor: an error, or counted.
    let orphan = |conv: &mut Conversion, line: usize, reason: &str| {
        if strict {
            return Err(FormatError {
                file: file.into(),
                line,
                reason: reason.into(),
            });
        }
        conv.skip("malformed line");
        Ok(())
    };
    for (i, raw) in text.lines().enumerate() {
        let ln = i + 1;
        let line = raw.trim_end_matches('\r');
        let body = line.split('#').next().unwrap_or("");
        let body = body.split(';').next().unwrap_or("");
        if body.trim().is_empty() || body.trim_start().starts_with("<!--") {
            continue;
        }
        let indented = body.starts_with([' ', '\t']);
        let t = body.trim();
        let (phrase, codes) = match t.find('[') {
            Some(b) => (t[..b].trim(), &t[b..]),
            None => (t, ""),
        };
        // Every [ ] group on the line.
        let mut cs = Vec::new();
        let mut rest = codes;
        while let Some(b) = rest.find('[') {
            let Some(e) = rest[b..].find(']') else {
                if strict {
                    return Err(FormatError {
                        file: file.into(),
                        line: ln,
                        reason: format!("unclosed '[' in {t:?}"),
                    });
                }
                conv.skip("malformed line");
                break;
            };
            cs.push((ln, rest[b + 1..b + e].trim().to_string()));
            rest = &rest[b + e + 1..];
        }
        if !rest.trim().is_empty() && strict {
            return Err(FormatError {
                file: file.into(),
                line: ln,
                reason: format!("text after the codes in {t:?}"),
            });
        }
        if phrase.is_empty() || indented && phrase.is_empty() {
            match records.last_mut() {
                Some(r) => r.codes.extend(cs),
                None => orphan(&mut conv, ln, "a code line before any actor")?,
            }
            continue;
        }
        if let Some(syn) = phrase.strip_prefix('+') {
            match records.last_mut() {
                Some(r) => {
                    r.phrases.push(syn.to_string());
                    r.codes.extend(cs);
                }
                None => orphan(&mut conv, ln, "a +synonym before any actor")?,
            }
            continue;
        }
        records.push(ActorRecord {
            line: ln,
            phrases: vec![phrase.to_string()],
            codes: cs,
        });
    }
    let mut out = String::new();
    for r in &records {
        conv.read += 1;
        let mut phrases: Vec<String> = Vec::new();
        for p in &r.phrases {
            match actor_phrase(p, &mut conv) {
                Some(x) if !phrases.contains(&x) => phrases.push(x),
                Some(_) => {}
                None => conv.skip("phrase with characters dyad phrases cannot hold"),
            }
        }
        if phrases.is_empty() {
            conv.skip("actor without a usable phrase");
            continue;
        }
        if r.codes.is_empty() {
            conv.skip("actor without a code");
            continue;
        }
        let mut undated: Option<String> = None;
        let mut terms: Vec<(String, Option<NaiveDate>, Option<NaiveDate>)> = Vec::new();
        let mut last_country = String::new();
        for (ln, c) in &r.codes {
            let (code, from, until) = match parse_restriction(c) {
                Ok(x) => x,
                Err(e) => {
                    if strict {
                        return Err(FormatError {
                            file: file.into(),
                            line: *ln,
                            reason: e,
                        });
                    }
                    conv.skip("malformed date restriction");
                    continue;
                }
            };
            // A bare role (`[ELI]`) belongs to the country of the codes before it.
            let code =
                if code.len() == 3 && ROLES.contains(&code.as_str()) && !last_country.is_empty() {
                    format!("{last_country}{code}")
                } else {
                    code
                };
            let mapped = match map_actor_code(&code, iso_only, &mut conv) {
                Ok(m) => m,
                Err(reason) => {
                    conv.skip(reason);
                    continue;
                }
            };
            last_country = crate::actors::dictionary::country_of(&mapped).to_string();
            if let (Some(f), Some(u)) = (from, until) {
                if f > u {
                    conv.skip("date range that ends before it starts");
                    continue;
                }
            }
            if from.is_none() && until.is_none() {
                undated.get_or_insert(mapped);
            } else {
                terms.push((mapped, from, until));
            }
        }
        if !terms.is_empty() && !people {
            conv.skip("person with dated roles (option: people off)");
            continue;
        }
        if terms.is_empty() && undated.is_none() {
            continue;
        }
        let _ = writeln!(out, "# {file}:{}", r.line);
        if !terms.is_empty() {
            // A one-word name is weak (it counts only once the document has named
            // the person in full, or after a title), as dyad's own people are.
            for p in phrases.iter_mut() {
                if !p.contains(' ') {
                    *p = format!("~{p}");
                }
            }
            if phrases[0].starts_with('~') {
                // dyad names a person by their first phrase; keep a strong one first.
                if let Some(k) = phrases.iter().position(|p| !p.starts_with('~')) {
                    phrases.swap(0, k);
                }
            }
        }
        let joined = phrases.join("|");
        if terms.is_empty() {
            let Some(code) = undated else {
                continue;
            };
            let (country, role) = crate::actors::dictionary::split_code(&code);
            let kind = if IGO_ALIASES.iter().any(|(_, d)| *d == country) {
                "igo"
            } else if role.is_empty() {
                "country"
            } else {
                "metonym"
            };
            let _ = writeln!(out, "{joined}\t{code}\t{kind}");
            conv.written += 1;
        } else {
            let d = |x: Option<NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
            for (code, from, until) in &terms {
                let _ = writeln!(out, "{joined}\t{code}\tperson\t{}\t{}", d(*from), d(*until));
                conv.written += 1;
            }
            if let Some(code) = undated {
                let _ = writeln!(out, "{joined}\t{code}\tperson");
                conv.written += 1;
            }
        }
    }
    conv.text = out;
    Ok(conv)
}

/// The regular plural of an agent noun (PETRARCH's rule: -s, -ies after a
/// consonant + y, -es after s/sh/ch/x).
fn agent_plural(p: &str) -> String {
    let words: Vec<&str> = p.split(' ').collect();
    let last = words.last().copied().unwrap_or("");
    let forms = noun_forms(last);
    let pl = forms.get(1).cloned().unwrap_or_else(|| format!("{last}s"));
    let mut w: Vec<String> = words[..words.len() - 1]
        .iter()
        .map(|s| s.to_string())
        .collect();
    w.push(pl);
    w.join(" ")
}

/// An agent code (`~GOV`, `~GOVMED`, `NGO~`) as one dyad role.
fn map_agent_code(code: &str, conv: &mut Conversion) -> Result<String, &'static str> {
    let c = code.trim().trim_matches('~');
    if c.len() < 3 || !c.len().is_multiple_of(3) || !c.is_ascii() {
        return Err("agent code that is not a sequence of 3-letter parts");
    }
    let parts = chunks(c);
    let roles: Vec<&str> = parts
        .iter()
        .map(|p| if RELIGIONS.contains(p) { "REL" } else { p })
        .filter(|p| ROLES.contains(p))
        .collect();
    let Some(first) = roles.first() else {
        return Err("agent code without a dyad role");
    };
    if parts.len() > 1 {
        conv.approx("agent code with several parts: first dyad role kept");
    }
    if parts[0] != *first && !RELIGIONS.contains(&parts[0]) {
        conv.approx("agent code whose first part is not a dyad role");
    }
    Ok(first.to_string())
}

/// Converts a Phoenix agent dictionary (`Phoenix.agents.txt`) to dyad `agent`
/// lines: `!SET!` substitutions expanded, regular plurals added unless `{}`
/// or an explicit `{PLURAL}` is given.
pub fn convert_agents(text: &str, file: &str, strict: bool) -> Result<Conversion, FormatError> {
    convert_agents_with_roles(text, file, strict, &[])
}

/// [`convert_agents`], keeping only agents whose dyad role is in `keep_roles`
/// (all when empty).
pub fn convert_agents_with_roles(
    text: &str,
    file: &str,
    strict: bool,
    keep_roles: &[String],
) -> Result<Conversion, FormatError> {
    let mut conv = Conversion::default();
    let mut subs: HashMap<String, Vec<String>> = HashMap::new();
    let mut by_role: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (i, raw) in text.lines().enumerate() {
        let ln = i + 1;
        let body = raw
            .trim_end_matches('\r')
            .split('#')
            .next()
            .unwrap_or("")
            .trim();
        if body.is_empty() || body.starts_with("<!--") {
            continue;
        }
        let fail = |reason: String| FormatError {
            file: file.into(),
            line: ln,
            reason,
        };
        if body.starts_with('!') && body.contains('=') {
            let (name, list) = body.split_once('=').expect("has =");
            subs.insert(
                name.trim().to_uppercase(),
                list.split(',')
                    .map(|x| x.trim().to_lowercase())
                    .filter(|x| !x.is_empty())
                    .collect(),
            );
            continue;
        }
        conv.read += 1;
        // PHRASE [{PLURAL}] [CODE]
        let Some(cb) = body.rfind('[') else {
            if strict {
                return Err(fail(format!(
                    "an agent line is PHRASE [{{PLURAL}}] [~CODE], found {body:?}"
                )));
            }
            conv.skip("agent without a code");
            continue;
        };
        let code_inner = body[cb + 1..]
            .trim_end()
            .trim_end_matches([']', '}'])
            .trim();
        let head = body[..cb].trim();
        let (phrase, plural): (&str, Option<&str>) = match head.find('{') {
            Some(b) => {
                let Some(e) = head[b..].find('}') else {
                    if strict {
                        return Err(fail(format!("unclosed '{{' in {body:?}")));
                    }
                    conv.skip("malformed line");
                    continue;
                };
                (head[..b].trim(), Some(head[b + 1..b + e].trim()))
            }
            None => (head, None),
        };
        if phrase.is_empty() {
            if strict {
                return Err(fail(format!("agent line without a phrase: {body:?}")));
            }
            conv.skip("malformed line");
            continue;
        }
        let role = match map_agent_code(code_inner, &mut conv) {
            Ok(r) => r,
            Err(reason) => {
                conv.skip(reason);
                continue;
            }
        };
        if !keep_roles.is_empty() && !keep_roles.contains(&role) {
            conv.skip("agent role not kept (option: agent roles)");
            continue;
        }
        let norm = |p: &str| -> String {
            p.trim_end_matches('_')
                .split(['_', ' '])
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        if phrase.contains(' ') {
            conv.approx("agent words separated by a space (a gap in PETRARCH) read as adjacent");
        }
        // Expand !SET! markers: each member replaces the marker, no plural added.
        let mut forms: Vec<String> = Vec::new();
        if let Some(a) = phrase.find('!') {
            let Some(b) = phrase[a + 1..].find('!').map(|b| a + 1 + b) else {
                if strict {
                    return Err(fail(format!("unclosed !SET! marker in {phrase:?}")));
                }
                conv.skip("malformed line");
                continue;
            };
            let name = phrase[a..=b].to_uppercase();
            let Some(members) = subs.get(&name) else {
                if strict {
                    return Err(fail(format!("undefined substitution set {name}")));
                }
                conv.skip("undefined substitution set");
                continue;
            };
            for m in members {
                forms.push(norm(&format!("{}{m}{}", &phrase[..a], &phrase[b + 1..])));
            }
        } else {
            let p = norm(phrase);
            match plural {
                Some("") => forms.push(p),
                Some(pl) => {
                    forms.push(p);
                    forms.push(norm(pl));
                }
                None => {
                    let pl = agent_plural(&p);
                    forms.push(p);
                    forms.push(pl);
                }
            }
        }
        let forms: Vec<String> = forms
            .into_iter()
            .filter(|f| {
                !f.is_empty()
                    && !f
                        .chars()
                        .any(|c| matches!(c, '|' | '\t' | '[' | ']' | '{' | '}' | '!' | '~' | ','))
            })
            .filter(|f| seen.insert(f.clone()))
            .collect();
        if forms.is_empty() {
            conv.skip("agent already converted or without usable phrase");
            continue;
        }
        by_role.entry(role).or_default().extend(forms);
    }
    let mut out = String::new();
    for (role, forms) in by_role {
        // Short lines keep the file readable.
        for chunk in forms.chunks(40) {
            let _ = writeln!(out, "{}\t{role}\tagent", chunk.join("|"));
            conv.written += 1;
        }
    }
    conv.text = out;
    Ok(conv)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VERBS: &str = "\
# a comment
&CEASEFIRE
+TRUCE
+CEASE-FIRE
+CEASE_FIRE_

&AUX_
+WILL
+IS_TO

--- ACCELERATE   [---]  ---
RUSH
PLEAD {PLEADING PLEADS PLED }
- * AID                       [070]   # RUSH
- * (TO +)                    [042:043] # RUSH
- * {RELIEF ASSISTANCE}       [073]   # RUSH
- * &CEASEFIRE                [0356]  # RUSH
- * OFF (FROM ^)              [042]   # RUSH
- * (BEFORE COURT)            [:173]  # RUSH
- * (TO {BANNED PARTIES}) $   [1722]  # RUSH
- &AUX *                      [030]   # RUSH
- * {PASSENGER CARS}          [---]   # RUSH
~ a (a b ATTACK) SAY = a b 015

--- ASK [---] ---
+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]
REQUEST  [020]
WIRE_+TAP [999]
- * % (WITH) [040:040] # ASK
";

    #[test]
    fn verbs_convert_faithfully() {
        let c = convert_verbs(VERBS, "t.txt", &VerbOptions::user()).unwrap();
        let t = &c.text;
        // Patterns apply to every verb of the block; irregular forms are kept.
        assert!(t.contains("070\trush+ * aid~\t\n"), "{t}");
        assert!(t.contains("070\tplead+|pled * aid~\t\n"), "{t}");
        // Paired code, target slot.
        assert!(t.contains("042\trush+ * to {T}\tback=043\n"), "{t}");
        // A noun phrase is adjacent words, the last one the head.
        assert!(t.contains("073\trush+ * relief assistance~\t\n"), "{t}");
        // Synonym sets: one-token members together, multi-token ones on their own lines.
        assert!(t.contains("0356\trush+ * truce~\t\n"), "{t}");
        assert!(t.contains("0356\trush+ * cease - fire~\t\n"), "{t}");
        assert!(t.contains("0356\trush+ * cease fire\t\n"), "{t}");
        // Source marker; pre-verb words; null code as a blocking pattern.
        assert!(
            t.contains("1722\trush+ * to * banned parties~ {S}\t\n"),
            "{t}"
        );
        assert!(t.contains("030\twill * rush+\t\n"), "{t}");
        assert!(t.contains("030\tis to * rush+\t\n"), "{t}");
        assert!(t.contains("---\trush+ * passenger cars~\t\n"), "{t}");
        // Multi-word verbs, their own codes, % as recip.
        assert!(t.contains("020\task+ for\t\n"), "{t}");
        assert!(t.contains("020\trequest+\t\n"), "{t}");
        assert!(t.contains("040\task+ for * with\trecip\n"), "{t}");
        // What cannot be said is counted.
        assert_eq!(c.skipped["reverse-only paired code [:yyy]"], 1);
        assert_eq!(
            c.skipped["a trailing ^ (skip a noun phrase) cannot be expressed"],
            2
        );
        assert_eq!(c.skipped["code not in the CAMEO table"], 1);
        assert_eq!(c.skipped["verb alone with the null code [---]"], 2);
        assert!(c.skipped.keys().any(|k| k.starts_with("transformation")));
        // Every line loads in dyad.
        for l in t.lines().filter(|l| !l.starts_with('#')) {
            let p = l.split('\t').nth(1).unwrap();
            check_pattern(p).unwrap_or_else(|e| panic!("{l}: {e}"));
        }
    }

    #[test]
    fn a_compound_subject_with_the_verb_alone_is_group_code_on_the_verb_line() {
        let text = "--- AGREE  [081] ---\nAGREE\n- * WITH % [031]\n- % * [030:030]  # pas\n";
        let c = convert_verbs(text, "t.txt", &VerbOptions::default()).unwrap();
        assert!(c.text.contains("081\tagree+\tgroup=030\n"), "{}", c.text);
        assert!(c.text.contains("031\tagree+ * with\trecip\n"), "{}", c.text);
        assert_eq!(c.text.matches("agree+\t").count(), 1, "{}", c.text);
    }

    #[test]
    fn verb_options_restrict() {
        let opts = VerbOptions {
            block_verbs: false,
            null_patterns: false,
            pre_verb: false,
            lone_verbs: false,
            paired: false,
            ..VerbOptions::user()
        };
        let c = convert_verbs(VERBS, "t.txt", &opts).unwrap();
        let t = &c.text;
        assert!(t.contains("070\trush+ * aid~\t\n"));
        assert!(
            !t.contains("plead+|pled * aid~"),
            "only the verb the comment names"
        );
        assert!(!t.contains("\twill * rush+"));
        assert!(!t.contains("---\t"));
        assert!(!t.contains("\trequest+\t"));
        assert!(t.contains("042\trush+ * to {T}\t\n"));
        assert!(c
            .approximated
            .contains_key("paired code [xxx:yyy]: reverse event dropped"));
    }

    #[test]
    fn tabari_style_underscores_are_adjacent() {
        let v = "--- AGREE [081] ---\n- FAILED_TO_* [111]\n- SAID * TO ATTEND [082]\n";
        let c = convert_verbs(v, "v.txt", &VerbOptions::user()).unwrap();
        assert!(c.text.contains("111\tfailed to agree+\t\n"), "{}", c.text);
        assert!(
            c.text.contains("082\tsaid~ * agree+ * to * attend~\t\n"),
            "{}",
            c.text
        );
        // A block's paired code reaches its verbs alone.
        let c = convert_verbs(
            "--- LEFT [032:033] ---\nLEFT\n",
            "v.txt",
            &VerbOptions::user(),
        )
        .unwrap();
        assert!(c.text.contains("032\tleft+\tback=033\n"), "{}", c.text);
        // A block without verb lines: its name is the verb, its code the verb's.
        assert!(
            !c.text.contains("081\tagree+\t"),
            "no verb lines, no lone verb"
        );
    }

    #[test]
    fn malformed_verbs_name_the_line() {
        let strict = VerbOptions {
            strict: true,
            ..VerbOptions::user()
        };
        let e =
            convert_verbs("--- X [010] ---\nX\n- * (TO [010]\n", "bad.txt", &strict).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("bad.txt", 3));
        assert!(e.reason.contains("unclosed '('"), "{e}");
        let e = convert_verbs("VISIT\n", "bad.txt", &strict).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.reason.contains("outside"));
        let e = convert_verbs("--- X [010] ---\n- * TALKS\n", "bad.txt", &strict).unwrap_err();
        assert!(e.reason.contains("[code]"));
        // Lenient mode counts instead.
        let c = convert_verbs(
            "--- X [010] ---\n- * TALKS\n",
            "bad.txt",
            &VerbOptions::user(),
        )
        .unwrap();
        assert_eq!(c.skipped["malformed line"], 1);
    }

    const ACTORS: &str = "\
# header
AFGHANISTAN_  [AFG]
+AFGHAN_
+KABUL_
EAST_TIMOR_ [TMP]
HAMID_KARZAI_  ; CountryInfo.txt
\t[AFGELI 570101-011222]
\t[AFGGOV 011222-140929]
\t[AFGELI]
ABDUL_QADIR_ [AFGGOVMILDEV]
THE_UNITED_NATIONS_ [IGOUNO]
UN_ [IGOUNO]
+U.N._
NATO_SECRETARY_GENERAL [IGOWSTNATGOV]
ACME_CORP [MNCUSA]
SOVIET_UNION [USR]
BAD_DATES
\t[AFGGOV 140101-120101]
";

    #[test]
    fn actors_convert() {
        let c = convert_actors_with(ACTORS, "a.txt", false, true, true).unwrap();
        let t = &c.text;
        assert!(
            t.contains("Afghanistan|Afghan|Kabul\tAFG\tcountry\n"),
            "{t}"
        );
        assert!(t.contains("East Timor\tTLS\tcountry\n"), "{t}");
        assert!(
            t.contains("Hamid Karzai\tAFGELI\tperson\t1957-01-01\t2001-12-22\n"),
            "{t}"
        );
        assert!(
            t.contains("Hamid Karzai\tAFGGOV\tperson\t2001-12-22\t2014-09-29\n"),
            "{t}"
        );
        assert!(t.contains("Hamid Karzai\tAFGELI\tperson\n"), "{t}");
        assert!(t.contains("Abdul Qadir\tAFGGOV\tmetonym\n"), "{t}");
        assert!(t.contains("United Nations\tUNO\tigo\n"), "{t}");
        assert!(t.contains("UN|U.N.\tUNO\tigo\n"), "{t}");
        assert!(t.contains("Nato Secretary General\tNATOGOV\tigo\n"), "{t}");
        assert_eq!(
            c.skipped["multinational corporation (not a political actor)"],
            1
        );
        assert_eq!(
            c.skipped["country code that is not ISO (region or former state)"],
            1
        );
        assert_eq!(c.skipped["date range that ends before it starts"], 1);
        // The output loads as a dyad dictionary.
        crate::actors::ActorDict::with_sources(false, &[], &[("a".into(), c.text.clone())])
            .unwrap();
        let e = convert_actors("X_ [AFG <9901]\n", "a.txt", true).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.reason.contains("bad date restriction"), "{e}");
    }

    #[test]
    fn agents_convert() {
        let a = "!PERSON! = MAN, MEN, WOMAN\n!MINIST! = MINISTER, MINISTRY\nCONGRESS!PERSON! [~LEG]\nTROOP {} [~MIL]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\nFOREIGN_!MINIST! [~GOV]\nCOPTIC_CHRISTIAN [~CHRCPT]\nHUMAN_RIGHTS_BODY [NGO~]\nPOLICY [~XYZ]\n";
        let c = convert_agents(a, "ag.txt", false).unwrap();
        let t = &c.text;
        assert!(
            t.contains("congressman|congressmen|congresswoman\tLEG"),
            "{t}"
        );
        assert!(t.contains("troop\tMIL\tagent"), "{t}");
        assert!(!t.contains("troops"), "{{}} means no plural: {t}");
        assert!(
            t.contains(
                "attorney general|attorneys general|foreign minister|foreign ministry\tGOV\tagent"
            ),
            "{t}"
        );
        assert!(
            t.contains("coptic christian|coptic christians\tREL\tagent"),
            "{t}"
        );
        assert!(
            t.contains("human rights body|human rights bodies\tNGO\tagent"),
            "{t}"
        );
        assert_eq!(c.skipped["agent code without a dyad role"], 1);
        crate::actors::ActorDict::with_sources(false, &[], &[("a".into(), c.text.clone())])
            .unwrap();
        let e = convert_agents("TROOP {} MIL\n", "ag.txt", true).unwrap_err();
        assert_eq!(e.line, 1);
    }
}
