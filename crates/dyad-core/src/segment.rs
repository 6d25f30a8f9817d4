//! Stage 2, segment: sentences and tokens.
//!
//! Sentence boundaries are punctuation followed by a capitalised word, except
//! after abbreviations (Mr., Gen., Jan. 5, No. 10), initials (George W. Bush) and
//! dotted acronyms (U.S.), which end a sentence only before a typical sentence
//! opener ("... to the U.S. The talks ..."). A short line without closing
//! punctuation is a heading and stands alone; bullet lines stand alone;
//! hard-wrapped lines are joined back into their paragraph.

use crate::document::{Document, Sentence, Token, TokenKind};
use crate::grammar::{self, ABBREVIATIONS, SENTENCE_OPENERS};

/// Runs the segment stage on the cleaned text.
pub fn run(doc: &mut Document) {
    let text = &doc.text;
    let mut sentences = Vec::new();
    for (pi, (ps, pe)) in paragraphs(text).into_iter().enumerate() {
        let para = &text[ps..pe];
        let at = Span {
            start: ps,
            end: pe,
            paragraph: pi,
        };
        let ends_sentence = para
            .trim_end()
            .ends_with(['.', '!', '?', '"', '”', '’', '\'', ')', ':', ';', '…']);
        // A paragraph's words are counted only as far as the limit matters.
        if !ends_sentence && para.split_whitespace().take(25).count() <= 24 {
            push_sentence(text, at, true, &mut sentences);
            continue;
        }
        let mut start = ps;
        for cut in boundaries(para) {
            push_sentence(
                text,
                Span {
                    start,
                    end: ps + cut,
                    ..at
                },
                false,
                &mut sentences,
            );
            start = ps + cut;
        }
        push_sentence(text, Span { start, ..at }, false, &mut sentences);
    }
    doc.sentences = sentences;
}

/// Where a sentence lies: its byte range and its paragraph.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    paragraph: usize,
}

fn push_sentence(text: &str, at: Span, heading: bool, out: &mut Vec<Sentence>) {
    let (start, end) = (at.start, at.end);
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    let (start, end) = (start + lead, end - trail);
    if start >= end {
        return;
    }
    let tokens = tokenize(text, start, end);
    if tokens.is_empty() {
        return;
    }
    // A run-on "sentence" (a table, a list without punctuation) is cut into
    // pieces: no news sentence is this long, and coding cost grows with length.
    // Piece lengths are found first, then the tokens are moved into their
    // pieces (splitting off the rest would leave every piece holding the
    // capacity of all that followed it: quadratic memory).
    let mut lens = Vec::new();
    let mut from = 0;
    while tokens.len() - from > MAX_SENTENCE_TOKENS {
        let window = &tokens[from + MAX_SENTENCE_TOKENS / 2..from + MAX_SENTENCE_TOKENS];
        let cut = window
            .iter()
            .rposition(|t| matches!(t.text.as_str(), "," | ";" | ":"))
            .map_or(MAX_SENTENCE_TOKENS, |p| MAX_SENTENCE_TOKENS / 2 + p + 1);
        lens.push(cut);
        from += cut;
    }
    lens.push(tokens.len() - from);
    let last = lens.len() - 1;
    // Nearly always one piece, which keeps the token vector as it is.
    let mut tokens = tokens;
    let mut rest = Vec::new().into_iter();
    for (n, len) in lens.into_iter().enumerate() {
        let piece: Vec<Token> = if last == 0 {
            std::mem::take(&mut tokens)
        } else {
            if n == 0 {
                rest = std::mem::take(&mut tokens).into_iter();
            }
            rest.by_ref().take(len).collect()
        };
        let s = piece[0].start;
        // The last piece runs to the sentence end (closing punctuation included).
        let e = if n == last {
            end
        } else {
            piece[piece.len() - 1].end
        };
        out.push(Sentence {
            index: out.len(),
            start: s,
            end: e,
            heading,
            paragraph: at.paragraph,
            tokens: piece,
            actors: Vec::new(),
            triggers: Vec::new(),
            tree: None,
            wants_tree: false,
        });
    }
}

/// Longest sentence coded as one, in tokens.
pub const MAX_SENTENCE_TOKENS: usize = 200;

fn is_bullet(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with(['•', '·', '▪', '●', '█', '*', '–', '—']) || (t.starts_with("- ") && t.len() > 2)
}

/// Byte ranges of paragraphs: lines joined where a line was hard-wrapped.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    let mut prev_open = false; // the previous line continues into this one
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let (s, e) = (pos, pos + body.len());
        pos += line.len();
        if body.trim().is_empty() {
            prev_open = false;
            continue;
        }
        let starts_lower = body
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase());
        if prev_open && starts_lower && !is_bullet(body) {
            if let Some(last) = out.last_mut() {
                last.1 = e;
            }
        } else {
            out.push((s, e));
        }
        let t = body.trim_end();
        prev_open =
            !t.ends_with(['.', '!', '?', '"', '”', ':']) && t.split_whitespace().count() > 6;
    }
    out
}

/// Byte offsets inside `para` where a new sentence starts.
fn boundaries(para: &str) -> Vec<usize> {
    let b = para.as_bytes();
    let mut cuts = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !para.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let c = b[i];
        let is_end = c == b'.' || c == b'!' || c == b'?' || para[i..].starts_with('…');
        if !is_end {
            i += 1;
            continue;
        }
        let mut j = i + if para[i..].starts_with('…') {
            '…'.len_utf8()
        } else {
            1
        };
        // Repeated marks and closing quotes or brackets belong to this sentence.
        loop {
            let rest = &para[j..];
            if let Some(ch) = rest.chars().next() {
                if matches!(
                    ch,
                    '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')' | ']' | '»'
                ) {
                    j += ch.len_utf8();
                    continue;
                }
            }
            break;
        }
        let rest = &para[j..];
        let ws = rest.len() - rest.trim_start().len();
        if ws == 0 || j + ws >= para.len() {
            i = j;
            continue;
        }
        let next_word: &str = rest.split_whitespace().next().unwrap_or("");
        let first = next_word.chars().next().unwrap_or(' ');
        let opens = first.is_uppercase()
            || first.is_ascii_digit()
            || matches!(first, '"' | '“' | '‘' | '\'' | '(' | '[');
        if !opens {
            i = j;
            continue;
        }
        if c == b'.'
            && !para[i..].starts_with("...")
            && !ends_sentence_at_period(para, i, next_word)
        {
            i = j;
            continue;
        }
        cuts.push(j + ws);
        i = j + ws;
    }
    cuts
}

/// Whether the period at byte `i` ends a sentence, judging by the word before it.
fn ends_sentence_at_period(para: &str, i: usize, next_word: &str) -> bool {
    let before = &para[..i];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '[' | '-' | '—'))
        .map(|p| p + before[p..].chars().next().map_or(1, |c| c.len_utf8()))
        .unwrap_or(0);
    let word = &before[word_start..];
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    let next_is_opener =
        SENTENCE_OPENERS.contains(&next_word.trim_matches(|c: char| !c.is_alphanumeric()));
    let next_digit = next_word.chars().next().is_some_and(|c| c.is_ascii_digit());
    if lower == "no" || lower == "nos" || lower == "art" || lower == "sec" {
        return !next_digit;
    }
    if grammar::is_month_abbreviation(&lower) {
        return !next_digit && next_is_opener;
    }
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    // A single capital letter is an initial (George W. Bush).
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return false;
    }
    // Dotted acronyms and a.m./p.m. end a sentence only before a sentence opener.
    if word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() <= 4 {
        return next_is_opener;
    }
    true
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\u{00AD}'
}

/// Tokenizes `text[start..end]`; offsets are bytes in `text`.
///
/// Words keep internal periods of dotted acronyms (`U.S.`), numbers keep their
/// separators (`3,000`, `1.7`), possessive `'s` and `n't` are split off, hyphens
/// are tokens of their own so that `Japan-Russia` yields both names.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token> {
    let s = &text[start..end];
    // Most sentences are ASCII: a char's index is then its byte offset, and
    // no table of the chars need be built.
    if s.is_ascii() {
        tokenize_chars(s, start, &Ascii(s.as_bytes()))
    } else {
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        tokenize_chars(s, start, chars.as_slice())
    }
}

/// The chars of a text by index, each with its byte offset.
trait CharTable {
    fn len(&self) -> usize;
    fn get(&self, k: usize) -> Option<(usize, char)>;
    /// Char `k`, which must exist.
    fn char_at(&self, k: usize) -> char {
        self.get(k).expect("char index in range").1
    }
}

impl CharTable for [(usize, char)] {
    fn len(&self) -> usize {
        <[(usize, char)]>::len(self)
    }
    fn get(&self, k: usize) -> Option<(usize, char)> {
        <[(usize, char)]>::get(self, k).copied()
    }
}

/// ASCII text: char `k` is byte `k`.
struct Ascii<'a>(&'a [u8]);

impl CharTable for Ascii<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn get(&self, k: usize) -> Option<(usize, char)> {
        self.0.get(k).map(|&b| (k, char::from(b)))
    }
}

fn tokenize_chars<C: CharTable + ?Sized>(s: &str, start: usize, chars: &C) -> Vec<Token> {
    // News runs about five bytes a token; the cap keeps a huge run of
    // letters from reserving room for tokens it does not have.
    let mut out = Vec::with_capacity((s.len() / 5 + 1).min(64));
    let mut k = 0;
    let at = |k: usize| chars.get(k).map(|(_, c)| c);
    while k < chars.len() {
        let (off, c) = chars.get(k).expect("k < chars.len()");
        // An underscore joining two words is a space: coders' input and
        // dictionaries write a name's words so ("Dol_Amroth", "Minas_Tirith").
        if c.is_whitespace()
            || c == '_'
                && k > 0
                && is_word_char(chars.char_at(k - 1))
                && at(k + 1).is_some_and(is_word_char)
        {
            k += 1;
            continue;
        }
        let tok_start = k;
        let kind;
        if c.is_ascii_digit() {
            kind = TokenKind::Number;
            k += 1;
            while let Some(c2) = at(k) {
                if c2.is_alphanumeric()
                    || ((c2 == ',' || c2 == '.' || c2 == ':')
                        && at(k + 1).is_some_and(|n| n.is_ascii_digit()))
                {
                    k += 1;
                } else {
                    break;
                }
            }
        } else if is_word_char(c) {
            kind = TokenKind::Word;
            k += 1;
            loop {
                match at(k) {
                    Some(c2) if is_word_char(c2) => k += 1,
                    // Dotted acronym: U.S. / a.m. — a single letter then a period, repeated.
                    Some('.')
                        if at(k + 1).is_some_and(|n| n.is_alphabetic())
                            && at(k + 2) == Some('.')
                            && k - tok_start == 1 =>
                    {
                        k += 2;
                        while at(k) == Some('.')
                            && at(k + 1).is_some_and(|n| n.is_alphabetic())
                            && at(k + 2) == Some('.')
                        {
                            k += 2;
                        }
                        k += 1; // final period
                        break;
                    }
                    // Apostrophes inside a word: O'Brien, but not Japan's or don't.
                    Some('\'' | '’') if at(k + 1).is_some_and(|n| n.is_alphabetic()) => {
                        let tail: String = (k + 1..chars.len())
                            .map(|i| chars.char_at(i))
                            .take_while(|c| c.is_alphabetic())
                            .collect();
                        let tl = tail.to_lowercase();
                        if matches!(tl.as_str(), "s" | "t" | "re" | "ve" | "ll" | "d" | "m") {
                            break;
                        }
                        k += 1;
                    }
                    _ => break,
                }
            }
            // The "n" left over from splitting "didn't" takes its "'t".
            if k - tok_start == 1
                && matches!(c, 'n' | 'N')
                && matches!(at(k), Some('\'' | '’'))
                && at(k + 1).is_some_and(|c| c == 't' || c == 'T')
                && !at(k + 2).is_some_and(|c| c.is_alphabetic())
            {
                k += 2;
            }
            // Split "n't" off "don't", "didn't", "won't": a word of more than
            // one char whose last is an 'n' (no other char lower-cases to one).
            if matches!(at(k), Some('\'' | '’'))
                && at(k + 1).is_some_and(|c| c == 't' || c == 'T')
                && matches!(chars.char_at(k - 1), 'n' | 'N')
                && k - tok_start > 1
            {
                k -= 1;
            }
        } else if (c == '\'' || c == '’')
            && at(k + 1).is_some_and(|n| n.is_alphabetic())
            && tok_start > 0
            && chars.char_at(tok_start - 1).is_alphanumeric()
        {
            // Clitic: 's, 're, 've, 'll, 'd, 'm, 't
            kind = TokenKind::Word;
            k += 1;
            while at(k).is_some_and(|c2| c2.is_alphabetic()) {
                k += 1;
            }
        } else {
            kind = TokenKind::Punct;
            k += 1;
        }
        let end_off = chars.get(k).map(|(o, _)| o).unwrap_or(s.len());
        let mut text_tok = &s[off..end_off];
        let mut end_tok = end_off;
        // "n" + "'t": the n belongs to the clitic.
        if kind == TokenKind::Word
            && matches!(at(k), Some('\'' | '’'))
            && at(k + 1).is_some_and(|c| c == 't' || c == 'T')
            && text_tok.len() > 1
            && text_tok.to_lowercase().ends_with('n')
        {
            end_tok -= 1;
            text_tok = &s[off..end_tok];
            k -= 1;
            let _ = k;
        }
        push_token(&mut out, text_tok, start + off, start + end_tok, kind);
        // Re-sync k to the end of what was pushed (scanning on from the token's start).
        k = tok_start;
        while chars.get(k).is_some_and(|(o, _)| o < end_tok) {
            k += 1;
        }
    }
    out
}

fn push_token(out: &mut Vec<Token>, text: &str, start: usize, end: usize, kind: TokenKind) {
    // Most tokens are ASCII, which lower-cases byte by byte and has no
    // typographic quotes to fold.
    let lower: String = if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.chars()
            .flat_map(|c| c.to_lowercase())
            .map(|c| if c == '’' || c == '‘' { '\'' } else { c })
            .collect()
    };
    out.push(Token {
        text: text.to_string(),
        lower,
        start,
        end,
        kind,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Article;

    /// Issue 15: run-on text is cut into pieces that each hold only their
    /// own tokens (split_off left each piece with the whole rest's capacity).
    #[test]
    fn run_on_pieces_hold_only_their_tokens() {
        let text = "alpha beta gamma delta ".repeat(5_000);
        let mut d = Document::new(Article::text("t", text.as_str()));
        d.text = text.clone();
        run(&mut d);
        let tokens: usize = d.sentences.iter().map(|s| s.tokens.len()).sum();
        let capacity: usize = d.sentences.iter().map(|s| s.tokens.capacity()).sum();
        assert_eq!(tokens, 20_000);
        assert!(d.sentences.len() >= 100);
        assert!(
            capacity <= 2 * tokens,
            "{capacity} token slots held for {tokens} tokens"
        );
        assert!(d
            .sentences
            .iter()
            .all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
    }

    /// The ASCII path reads bytes as chars; it must cut tokens exactly as the
    /// table of chars does.
    #[test]
    fn ascii_path_tokenizes_as_the_char_table() {
        let text = "The U.S. didn't, won't, can't; O'Brien's Dol_Amroth and \
                    Minas_Tirith 3,000.5 at 10:30 a.m. ('WTO') n't _x_ Japan-Russia's \
                    they're I'd we've e.g. 1.7bn N'T isn't DON'T";
        let key = |t: &Token| (t.text.clone(), t.lower.clone(), t.start, t.end, t.kind);
        for (a, b) in [(0, text.len()), (4, text.len() - 3), (9, 40)] {
            let s = &text[a..b];
            let table: Vec<(usize, char)> = s.char_indices().collect();
            let bytes = tokenize_chars(s, a, &Ascii(s.as_bytes()));
            let chars = tokenize_chars(s, a, table.as_slice());
            assert!(bytes.len() > 5);
            assert_eq!(
                bytes.iter().map(key).collect::<Vec<_>>(),
                chars.iter().map(key).collect::<Vec<_>>()
            );
        }
    }

    fn sentences(text: &str) -> Vec<String> {
        let mut d = Document::new(Article::text("t", text));
        d.text = text.to_string();
        run(&mut d);
        d.sentences.iter().map(|s| s.text(&d.text)).collect()
    }

    fn toks(s: &str) -> Vec<String> {
        tokenize(s, 0, s.len())
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn abbreviations_initials_and_acronyms() {
        let s = sentences("Mr. Bao met Gen. Smith on Jan. 5 in the U.S. capital. George W. Bush left. Talks moved to the U.S. The end came at No. 10 Downing Street.");
        assert_eq!(
            s,
            vec![
                "Mr. Bao met Gen. Smith on Jan. 5 in the U.S. capital.",
                "George W. Bush left.",
                "Talks moved to the U.S.",
                "The end came at No. 10 Downing Street."
            ]
        );
    }

    #[test]
    fn quotes_and_questions() {
        let s =
            sentences("\"I was shocked.\" said Mr. Bao. Will Tokyo act? \"Yes,\" he said. Done!");
        assert_eq!(
            s,
            vec![
                "\"I was shocked.\" said Mr. Bao.",
                "Will Tokyo act?",
                "\"Yes,\" he said.",
                "Done!"
            ]
        );
    }

    #[test]
    fn headings_bullets_and_wrapped_lines() {
        let s = sentences("Japan warms to Russia\n\n• Tokyo sends envoy\nThe envoy arrived in Moscow on Monday and met\nofficials there. They talked.\n");
        assert_eq!(
            s,
            vec![
                "Japan warms to Russia",
                "• Tokyo sends envoy",
                "The envoy arrived in Moscow on Monday and met officials there.",
                "They talked."
            ]
        );
    }

    #[test]
    fn tokens_split_possessives_hyphens_and_negation() {
        assert_eq!(
            toks("Japan's U.S.-based firms didn't pay $3,000.50"),
            vec![
                "Japan", "'s", "U.S.", "-", "based", "firms", "did", "n't", "pay", "$", "3,000.50"
            ]
        );
        assert_eq!(
            toks("Iran’s O'Brien won't"),
            vec!["Iran", "’s", "O'Brien", "wo", "n't"]
        );
        assert_eq!(toks("Abe-Putin talks"), vec!["Abe", "-", "Putin", "talks"]);
        assert_eq!(
            toks("Minas_Tirith and _x_"),
            vec!["Minas", "Tirith", "and", "_", "x", "_"]
        );
    }

    #[test]
    fn run_on_text_is_cut_into_bounded_sentences() {
        let text = "Japan praised Russia and ".repeat(200);
        let mut d = Document::new(Article::text("t", text.clone()));
        d.text = text;
        run(&mut d);
        assert!(d.sentences.len() >= 4);
        assert!(d
            .sentences
            .iter()
            .all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
        for s in &d.sentences {
            assert_eq!(s.start, s.tokens[0].start);
        }
    }

    #[test]
    fn token_offsets_index_the_text() {
        let s = "Brasília: Lula met Roh.";
        for t in tokenize(s, 0, s.len()) {
            assert_eq!(&s[t.start..t.end], t.text);
        }
    }
}
