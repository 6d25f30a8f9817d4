//! The [`Document`] that flows through the pipeline, and what each stage adds to it.
//!
//! Stages only ever add to a document: `clean` fills [`Document::text`] and its
//! [`OffsetMap`], `segment` fills [`Document::sentences`] with tokens, `actors`
//! adds [`ActorMention`]s, `events` adds [`Event`]s, `dates` and `mode` fill in
//! the date and mode of each event. Offsets inside the pipeline are byte offsets
//! into the cleaned text; only output converts them to character offsets in the
//! raw input through the offset map.

use chrono::NaiveDate;
use serde::Serialize;

use crate::dates::EventDate;
use crate::input::Article;
pub use crate::tree::DepTree;

/// One article on its way through the pipeline.
#[derive(Debug, Clone)]
pub struct Document {
    /// Article id: the JSONL `id`, else the file name without extension.
    pub id: String,
    /// The input exactly as given (plain text or HTML).
    pub raw: String,
    /// Whether `raw` was HTML.
    pub is_html: bool,
    pub url: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    /// Publication date, if known.
    pub published: Option<NaiveDate>,
    /// Where the publication date came from.
    pub published_from: PublishedFrom,
    /// Cleaned story text: boilerplate removed, title and body kept, one paragraph per line.
    pub text: String,
    /// Maps byte offsets of `text` back into `raw`.
    pub offsets: OffsetMap,
    pub sentences: Vec<Sentence>,
    pub events: Vec<Event>,
    /// Non-fatal remarks (e.g. "no publication date found"), shown by `explain`.
    pub notes: Vec<String>,
    /// The detected language (set after cleaning); a document not in English
    /// is not coded (see [`crate::language`]).
    pub language: Option<crate::language::Language>,
    /// Where each event happened, one entry per event (see [`crate::places`]).
    pub places: Vec<Option<crate::places::Place>>,
    /// Character counts at every [`CHAR_CHECKPOINT`] bytes of `raw`, built on first use,
    /// so converting many offsets stays linear in the input.
    char_index: std::sync::OnceLock<Vec<usize>>,
}

/// Spacing of the byte → character checkpoints of [`Document::raw_char_span`].
/// Each event's two offsets count the characters from the checkpoint before
/// them: at 4096 bytes that counting was ~1 % of coding a non-ASCII
/// article; the index costs 8 bytes a checkpoint.
const CHAR_CHECKPOINT: usize = 512;

impl Document {
    /// A fresh document for an article; nothing is computed yet.
    pub fn new(article: Article) -> Document {
        Document {
            id: article.id,
            raw: article.body,
            is_html: article.is_html,
            url: article.url,
            title: article.title,
            source: article.source,
            published: article.published,
            published_from: if article.published.is_some() {
                PublishedFrom::Given
            } else {
                PublishedFrom::Unknown
            },
            text: String::new(),
            offsets: OffsetMap::default(),
            sentences: Vec::new(),
            events: Vec::new(),
            notes: Vec::new(),
            language: None,
            places: Vec::new(),
            char_index: std::sync::OnceLock::new(),
        }
    }

    /// Character offset of a raw byte offset.
    fn raw_char(&self, byte: usize) -> usize {
        let raw = &self.raw;
        let mut b = byte.min(raw.len());
        while !raw.is_char_boundary(b) {
            b -= 1;
        }
        let index = self.char_index.get_or_init(|| {
            if raw.is_ascii() {
                return Vec::new();
            }
            // Checkpoint `j` holds how many chars start before byte
            // `j * CHAR_CHECKPOINT`, for each such byte at or before the last
            // char's start; a char starts at each byte that is not a
            // continuation byte (`10xxxxxx`), which counts a block at a time.
            let bytes = raw.as_bytes();
            let last = bytes.iter().rposition(|&b| (b as i8) >= -0x40).unwrap_or(0);
            let mut idx = vec![0];
            let mut count = 0;
            let mut next = CHAR_CHECKPOINT;
            while next <= last {
                let block = &bytes[next - CHAR_CHECKPOINT..next];
                count += block.iter().filter(|&&b| (b as i8) >= -0x40).count();
                idx.push(count);
                next += CHAR_CHECKPOINT;
            }
            idx
        });
        if index.is_empty() {
            return b;
        }
        // Count from the checkpoint at or before `b` (checkpoints fall on byte multiples,
        // so step back to a char boundary and count from there).
        let slot = (b / CHAR_CHECKPOINT).min(index.len() - 1);
        let mut from = slot * CHAR_CHECKPOINT;
        while !raw.is_char_boundary(from) {
            from += 1;
        }
        if from > b {
            return raw[..b].chars().count();
        }
        index[slot] + raw[from..b].chars().count()
    }

    /// Character offsets `[start, end)` in the raw input for a byte range of the cleaned text.
    pub fn raw_char_span(&self, clean_start: usize, clean_end: usize) -> (usize, usize) {
        let rs = self.offsets.to_raw(clean_start);
        // The end maps through the last byte so a range never runs into text that was cut.
        let re = if clean_end > clean_start {
            self.offsets.to_raw_end(clean_end)
        } else {
            rs
        };
        (self.raw_char(rs), self.raw_char(re.max(rs)))
    }
}

/// Where a document's publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishedFrom {
    /// From the JSONL record or the `--published` flag.
    Given,
    /// From HTML metadata (`article:published_time`, JSON-LD, `<time>`).
    Metadata,
    /// From a dateline near the top of the text.
    Dateline,
    Unknown,
}

/// Piecewise map from cleaned-text byte offsets to raw byte offsets.
///
/// Each anchor says: cleaned byte `clean` corresponds to raw byte `raw`, and the
/// bytes after it are a verbatim copy until the next anchor. Text the cleaner
/// inserts itself (line breaks between kept blocks) gets an anchor of its own.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    anchors: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// Records that cleaned byte `clean` comes from raw byte `raw`.
    pub fn push(&mut self, clean: usize, raw: usize) {
        if let Some(last) = self.anchors.last_mut() {
            if last.0 == clean {
                last.1 = raw;
                return;
            }
            // Skip anchors that the previous verbatim run already implies.
            if clean > last.0 && raw >= last.1 && raw - last.1 == clean - last.0 {
                return;
            }
        }
        self.anchors.push((clean, raw));
    }

    /// Raw byte offset of cleaned byte `clean`.
    pub fn to_raw(&self, clean: usize) -> usize {
        match self.anchors.partition_point(|a| a.0 <= clean) {
            0 => clean,
            i => {
                let (c, r) = self.anchors[i - 1];
                r + (clean - c)
            }
        }
    }

    /// Raw byte offset just past cleaned byte `clean - 1` (an exclusive end).
    pub fn to_raw_end(&self, clean_end: usize) -> usize {
        if clean_end == 0 {
            return self.to_raw(0);
        }
        self.to_raw(clean_end - 1) + 1
    }
}

/// A sentence (or a heading line) of the cleaned text.
#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    pub index: usize,
    /// Byte span in [`Document::text`].
    pub start: usize,
    pub end: usize,
    /// A line without sentence punctuation: a title, heading or caption.
    pub heading: bool,
    /// The paragraph of the cleaned text the sentence is in, counted from 0.
    pub paragraph: usize,
    pub tokens: Vec<Token>,
    pub actors: Vec<ActorMention>,
    /// Where the lexicon's patterns matched (the events stage's triggers).
    #[serde(skip)]
    pub triggers: Vec<PatternMatch>,
    /// The dependency tree, when the parse stage parsed this sentence (it
    /// parses only sentences with an actor and a trigger, or `wants_tree`).
    #[serde(skip)]
    pub tree: Option<DepTree>,
    /// Parse this sentence although no pattern matched: it reports a verdict
    /// on another state (`events::accusations`).
    #[serde(skip)]
    pub wants_tree: bool,
}

impl Sentence {
    /// The sentence text with runs of whitespace (including no-break spaces and
    /// line breaks) collapsed to one space.
    pub fn text(&self, doc_text: &str) -> String {
        normalize_space(&doc_text[self.start..self.end])
    }
}

/// Collapses every run of Unicode whitespace to a single ASCII space and trims the ends.
pub fn normalize_space(s: &str) -> String {
    if s.is_ascii() {
        return normalize_ascii_space(s);
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// [`normalize_space`] of ASCII text, whose words are copied whole: most
/// sentences are ASCII, and every event record copies its sentence's text.
fn normalize_ascii_space(s: &str) -> String {
    // The ASCII chars `char::is_whitespace` holds for.
    let space = |b: &u8| matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ');
    let mut out = Vec::with_capacity(s.len());
    for w in s.as_bytes().split(space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(w);
    }
    // Only ASCII bytes were copied.
    String::from_utf8(out).unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// A token; `start`/`end` are byte offsets in [`Document::text`].
#[derive(Debug, Clone, Serialize)]
pub struct Token {
    pub text: String,
    /// Lower-cased, with typographic apostrophes folded to `'`.
    pub lower: String,
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

/// Whether token `k` is a bracket around an abbreviation spelled out before
/// it ("the World Trade Organization *(*WTO*)*", "a ballistic missile
/// (IRBM)"): such brackets open no clause and split no phrase.
pub fn abbreviation_bracket(toks: &[Token], k: usize) -> bool {
    let acronym = |t: &Token| {
        t.text.chars().count() >= 2
            && t.text
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && t.text.chars().any(|c| c.is_ascii_uppercase())
    };
    let w = |i: usize| toks.get(i).map_or("", |t| t.text.as_str());
    match w(k) {
        "(" => w(k + 2) == ")" && toks.get(k + 1).is_some_and(acronym),
        ")" => k >= 2 && w(k - 2) == "(" && acronym(&toks[k - 1]),
        _ => false,
    }
}

/// Where "on" + a day at `k` ends: "on Friday", "on Friday morning", "on
/// March 3". The lexicon skips such a phrase inside a pattern; the parse
/// stage sets it aside between a subject and its verb.
pub fn dated_on_end(toks: &[Token], k: usize) -> Option<usize> {
    let w = |i: usize| toks.get(i).map_or("", |t| t.lower.as_str());
    if w(k) != "on" {
        return None;
    }
    if crate::grammar::weekday(w(k + 1)).is_some() {
        let part = matches!(w(k + 2), "morning" | "afternoon" | "evening" | "night");
        return Some(k + 2 + usize::from(part));
    }
    let numbered = toks.get(k + 2).is_some_and(|t| t.kind == TokenKind::Number);
    (crate::grammar::is_month_name(w(k + 1)) && numbered).then_some(k + 3)
}

/// Where a wire dateline that opens a sentence ends: `SEOUL, Oct. 4
/// (Yonhap) --`, `TOKYO (Reuters) -`, `BEIJING, March 3 -`. The place there
/// says where the story was filed, not who acted: its tokens are no actor.
/// A dateline needs a date or an agency in brackets, or a place in capitals.
///
/// ```
/// use dyad_core::document::dateline_end;
/// let text = "SEOUL, Oct. 4 (Yonhap) -- North Korea fired a missile.";
/// let toks = dyad_core::segment::tokenize(text, 0, text.len());
/// assert_eq!(toks[dateline_end(&toks).unwrap()].text, "North");
/// let text = "TOKYO, Nov. 19 Kyodo - China protested.";
/// let toks = dyad_core::segment::tokenize(text, 0, text.len());
/// assert_eq!(toks[dateline_end(&toks).unwrap()].text, "China");
/// let text = "Japan - the country that hosted the summit - protested.";
/// assert!(dateline_end(&dyad_core::segment::tokenize(text, 0, text.len())).is_none());
/// let text = "US-China talks resumed.";
/// assert!(dateline_end(&dyad_core::segment::tokenize(text, 0, text.len())).is_none());
/// ```
pub fn dateline_end(toks: &[Token]) -> Option<usize> {
    let w = |i: usize| toks.get(i).map_or("", |t| t.text.as_str());
    let word = |i: usize| {
        toks.get(i)
            .is_some_and(|t| t.kind == TokenKind::Word && t.is_capitalized())
    };
    // The place: up to four capitalised words, and a qualifier after a comma.
    let mut k = 0;
    while k < 4 && word(k) {
        k += 1;
    }
    if k == 0 {
        return None;
    }
    let capitals = toks[..k]
        .iter()
        .all(|t| t.text.chars().all(|c| !c.is_lowercase()));
    let mut dated = false;
    let mut agency = false;
    if w(k) == "," && word(k + 1) {
        let m = toks[k + 1].lower.trim_end_matches('.');
        let month = crate::grammar::is_month_name(m) || crate::grammar::is_month_abbreviation(m);
        k += 2;
        if w(k) == "." {
            k += 1;
        }
        if month && toks.get(k).is_some_and(|t| t.kind == TokenKind::Number) {
            dated = true;
            k += 1;
            if w(k) == "," && toks.get(k + 1).is_some_and(|t| t.kind == TokenKind::Number) {
                k += 2;
            }
        }
    }
    let dash = |i: usize| matches!(w(i), "-" | "--" | "\u{2013}" | "\u{2014}");
    // Kyodo writes its name unbracketed after the date: "TOKYO, Nov. 19
    // Kyodo - China has ...".
    if dated && word(k) && (dash(k + 1) || word(k + 1) && dash(k + 2)) {
        agency = true;
        k += if dash(k + 1) { 1 } else { 2 };
    }
    if w(k) == "(" {
        let close = (k + 1..(k + 5).min(toks.len())).find(|&i| w(i) == ")")?;
        agency = close > k + 1;
        k = close + 1;
    }
    // (A dash glued to the word before it joins a compound: "US-China talks".)
    let spaced = k > 0 && toks.get(k).is_some_and(|t| t.start > toks[k - 1].end);
    if !dash(k) || !spaced || !(dated || agency || capitals) {
        return None;
    }
    while dash(k) {
        k += 1;
    }
    (k < toks.len()).then_some(k)
}

impl Token {
    /// Whether the token starts with an upper-case letter.
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_uppercase())
    }

    /// Whether the token is a double quotation mark, straight or curly.
    pub fn is_double_quote(&self) -> bool {
        matches!(self.text.as_str(), "\"" | "“" | "”")
    }
}

/// How an actor was named in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A country or territory name ("Japan").
    Country,
    /// A demonym or adjective ("Japanese").
    Demonym,
    /// A capital or seat of power ("Tokyo", "the Kremlin").
    Metonym,
    /// A region or city of a country ("Crimea").
    Place,
    /// An international organisation ("NATO").
    Igo,
    /// A named person from the dictionary ("Shinzo Abe").
    Person,
    /// A person first named in this document with a title ("Deputy Prime Minister Olga Golodets").
    LocalPerson,
    /// A title or agent word resolved through context ("the Prime Minister").
    Title,
    /// A generic agent ("the government", "troops").
    Agent,
    /// A pronoun resolved to an earlier actor ("he", "it").
    Pronoun,
}

/// An actor recognised in a sentence.
#[derive(Debug, Clone, Serialize)]
pub struct ActorMention {
    /// Token span `[start, end)` within the sentence.
    pub start: usize,
    pub end: usize,
    /// CAMEO actor code, e.g. `JPNGOV`, `RUS`, `NATO`.
    pub code: String,
    /// Country (ISO 3166 alpha-3) or IGO code.
    pub country: String,
    /// Role suffix (`GOV`, `MIL`, ...), empty for the state as a whole.
    pub role: String,
    /// The words that named the actor.
    pub text: String,
    pub kind: MentionKind,
    /// For dictionary people: index of the person in the actor dictionary, so
    /// the code can be re-resolved at the event's own date.
    #[serde(skip)]
    pub person: Option<usize>,
    /// True for a person or a singular title (resolves "he"/"she").
    pub personal: bool,
    /// Names several actors ("Japan and South Korea"), set on each member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<usize>,
    /// How it was resolved, for `explain` (e.g. "title → last named country").
    pub how: String,
    /// Head word of a title or agent ("embassy"), to resolve "the embassy" later.
    #[serde(skip)]
    pub head: String,
    /// Part of another actor's description ("ambassador to *China*", an
    /// appositive): shown, but never a source or target by itself.
    pub attached: bool,
}

/// Event mode: what the text says about whether the event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Asserted,
    Planned,
    Hypothetical,
    Negated,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Asserted => "asserted",
            Mode::Planned => "planned",
            Mode::Hypothetical => "hypothetical",
            Mode::Negated => "negated",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        Some(match s {
            "asserted" => Mode::Asserted,
            "planned" => Mode::Planned,
            "hypothetical" => Mode::Hypothetical,
            "negated" => Mode::Negated,
            _ => return None,
        })
    }
}

/// One side of an event.
#[derive(Debug, Clone, Serialize)]
pub struct EventActor {
    pub code: String,
    pub country: String,
    pub text: String,
    /// Index of the mention in its sentence's `actors`, when it is in this sentence.
    #[serde(skip)]
    pub mention: Option<usize>,
    /// Sentence the mention is in (the previous sentence for context-resolved actors).
    #[serde(skip)]
    pub sentence: usize,
    #[serde(skip)]
    pub person: Option<usize>,
}

/// Whether an event between actors of these countries is interstate: see
/// [`Event::is_interstate`].
pub fn is_interstate(source_country: &str, target_country: &str) -> bool {
    source_country != target_country
        && ![source_country, target_country]
            .iter()
            .any(|c| c.is_empty() || *c == crate::actors::NON_STATE)
}

/// Where one lexicon pattern matched a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternMatch {
    /// Index of the pattern in its lexicon.
    pub pattern: usize,
    /// Token span of the matched words.
    pub start: usize,
    pub end: usize,
    /// Token index of the head verb, if the pattern has one.
    pub head: Option<usize>,
    /// Where the target was expected: a consumed mention span, or a position.
    pub target: Option<(usize, usize)>,
    pub source: Option<(usize, usize)>,
}

/// Notes the events stage appends to an event's `rule` and the mode stage
/// reads: the event is asserted whatever modal or negation its clause has.
/// (Kept here, with the types the stages share, so that neither stage
/// imports the other.)
pub mod rule_notes {
    /// An act of force or a sanction promised on a condition, recoded as the
    /// threat it is ("China will attack Taiwan if it declares independence").
    pub const CONDITIONAL_THREAT: &str = "(conditional threat)";
    /// A cooperative act refused with a negated will, recoded as the
    /// rejection it is ("Milei will not apologise").
    pub const MODAL_REFUSAL: &str = "(a refusal: will not → 12)";
}

/// A coded event.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub sentence: usize,
    pub source: EventActor,
    pub target: EventActor,
    /// CAMEO event code, e.g. `042`.
    pub cameo: String,
    pub goldstein: f64,
    pub quad_class: u8,
    /// Token span of the words that triggered the event.
    pub trigger_start: usize,
    pub trigger_end: usize,
    /// Which pattern fired, e.g. `04_consult.tsv:12 visit+`.
    pub rule: String,
    /// Event date, if it could be resolved.
    pub date: Option<EventDate>,
    /// The date expression used, if any.
    pub date_text: Option<String>,
    pub mode: Mode,
    /// The word(s) that set the mode, if any.
    pub mode_cue: Option<String>,
    /// Which dependency arcs chose the source and target, when the sentence was
    /// parsed and the tree chose them (else the surface rules did).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arcs: Option<String>,
}

impl Event {
    /// Between two different countries or IGOs, both known: what relations and
    /// alerts count. Domestic events (`RUSGOV`→`RUSOPP`) and events with a
    /// non-state actor of unknown country (`---INS`) are not.
    pub fn is_interstate(&self) -> bool {
        is_interstate(&self.source.country, &self.target.country)
    }

    /// The CAMEO root (first two digits).
    pub fn root(&self) -> &str {
        &self.cameo[..2.min(self.cameo.len())]
    }

    /// The words of the rule that fired, each alternative of `a|b` on its
    /// own: what the stages that read a pattern's own wording look at
    /// ("not rule+ out" spells its negation).
    pub fn rule_words(&self) -> impl Iterator<Item = &str> {
        self.rule.split_whitespace().flat_map(|w| w.split('|'))
    }

    /// The token that heads the event's trigger in its sentence's `tree`.
    pub fn trigger_head(&self, tree: &DepTree) -> usize {
        tree.head_of_span(
            self.trigger_start,
            self.trigger_end.max(self.trigger_start + 1),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Article;

    #[test]
    fn offset_map_follows_verbatim_runs_and_gaps() {
        let mut m = OffsetMap::default();
        m.push(0, 10); // clean 0.. = raw 10..
        m.push(5, 40); // clean 5.. = raw 40..
        assert_eq!(m.to_raw(0), 10);
        assert_eq!(m.to_raw(4), 14);
        assert_eq!(m.to_raw(5), 40);
        assert_eq!(m.to_raw(7), 42);
        assert_eq!(m.to_raw_end(5), 15);
    }

    #[test]
    fn offset_map_drops_implied_anchors() {
        let mut m = OffsetMap::default();
        m.push(0, 0);
        m.push(3, 3);
        assert_eq!(m.anchors.len(), 1);
    }

    #[test]
    fn normalize_space_folds_nbsp_and_newlines() {
        assert_eq!(normalize_space(" a\u{a0}b\n\nc "), "a b c");
        assert_eq!(normalize_space(" a\x0Bb\t\r\n c\x0C"), "a b c");
        assert_eq!(normalize_space(" \n "), "");
    }

    #[test]
    fn char_offsets_count_characters_not_bytes() {
        let doc = |raw: &str| Document::new(Article::text("t", raw));
        assert_eq!(doc("é a").raw_char(3), 2);
        assert_eq!(doc("abc").raw_char(2), 2);
        // Across many checkpoints, the index agrees with counting from the start.
        for raw in [
            "é ab ñ ".repeat(5000),
            "日本語 𝄞x".repeat(3000),
            format!("{}é", "a".repeat(1023)),
            format!("é{}", "a".repeat(1024)),
        ] {
            let d = doc(&raw);
            for b in (0..raw.len()).step_by(97).chain([raw.len()]) {
                if raw.is_char_boundary(b) {
                    assert_eq!(d.raw_char(b), raw[..b].chars().count(), "byte {b}");
                }
            }
        }
    }
}
