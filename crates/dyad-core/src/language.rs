//! Which language an article is in. dyad's dictionaries and patterns are
//! English, so an article detected as another language is not coded (never
//! coded as if it were English): the pipeline stops after cleaning and the
//! caller reports it with its language.
//!
//! Detection is `whatlang` (trigram profiles, 69 languages) over the cleaned
//! text. A text in a non-Latin script (Japanese, Chinese, Cyrillic, Arabic,
//! ...) is not English whatever the confidence; a Latin-script text is taken
//! as another language only when whatlang calls its guess reliable and the
//! text has at least [`MIN_WORDS`] words, so a short English headline with
//! foreign names is not lost.

use serde::Serialize;
use whatlang::{Lang, Script};

use crate::document::Document;
use crate::grammar::ENGLISH_FUNCTION_WORDS;

/// The languages dyad codes (ISO 639-1), for `--lang`.
pub const SUPPORTED: &[&str] = &["en"];

/// Fewer words than this in Latin script: too little to call it non-English.
pub const MIN_WORDS: usize = 12;

/// The detected language of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Language {
    /// ISO 639-3 code (`eng`, `deu`, `jpn`), or `und` when nothing could be detected.
    pub code: String,
    /// English name (`German`).
    pub name: String,
    /// whatlang's confidence, 0 to 1.
    pub confidence: f64,
    /// Whether dyad codes it: English, or undetermined.
    pub coded: bool,
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}, confidence {:.2})",
            self.name, self.code, self.confidence
        )
    }
}

/// Bytes of text the detector reads: a few paragraphs decide the language as
/// surely as the whole article, and detection over long articles cost a tenth
/// of all coding time.
pub const SAMPLE_BYTES: usize = 3000;

/// The first [`SAMPLE_BYTES`] of `text`, cut at a word boundary.
fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &text[..end];
    cut.rfind(char::is_whitespace).map_or(cut, |i| &cut[..i])
}

/// Share of [`ENGLISH_FUNCTION_WORDS`] among the words of a sample above
/// which it is taken as English. English news runs at 0.25 to 0.35; German,
/// French, Spanish or Italian text at under 0.05.
const ENGLISH_SHARE: f64 = 0.15;

/// The share of English function words in `text`, if it has at least 20 words.
fn english_share(text: &str) -> Option<f64> {
    let mut words = 0usize;
    let mut function = 0usize;
    for w in text
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if w.len() <= 5
            && ENGLISH_FUNCTION_WORDS
                .iter()
                .any(|f| f.eq_ignore_ascii_case(w))
        {
            function += 1;
        }
    }
    (words >= 20).then(|| function as f64 / words as f64)
}

/// Detects the language of a text (from its first [`SAMPLE_BYTES`]).
pub fn detect(text: &str) -> Language {
    let text = sample(text);
    if let Some(share) = english_share(text).filter(|&s| s >= ENGLISH_SHARE) {
        return Language {
            code: "eng".into(),
            name: "English".into(),
            confidence: (share / 0.25).min(1.0),
            coded: true,
        };
    }
    let Some(info) = whatlang::detect(text) else {
        return Language {
            code: "und".into(),
            name: "undetermined".into(),
            confidence: 0.0,
            coded: true,
        };
    };
    let lang = info.lang();
    let latin = info.script() == Script::Latin;
    let words = text.split_whitespace().count();
    let coded = lang == Lang::Eng || (latin && (!info.is_reliable() || words < MIN_WORDS));
    Language {
        code: lang.code().to_string(),
        name: lang.eng_name().to_string(),
        confidence: info.confidence(),
        coded,
    }
}

/// Sets [`Document::language`] from the cleaned text; returns whether the
/// document is to be coded.
pub fn run(doc: &mut Document) -> bool {
    let lang = detect(&doc.text);
    let coded = lang.coded;
    if !coded {
        doc.notes.push(format!(
            "language: {lang}; dyad codes English only, so no events were coded"
        ));
    }
    doc.language = Some(lang);
    coded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_function_words_decide_long_english_text_only() {
        let en = "The Japanese government said on Tuesday that it would send an envoy to Moscow \
                  to discuss the dispute over the islands, which has blocked a peace treaty since the war.";
        assert!(english_share(en).unwrap() >= ENGLISH_SHARE);
        let de = "Die Bundesregierung hat am Montag die russische Botschafterin einbestellt, nachdem \
                  in Berlin ein Anschlag auf einen Journalisten verübt worden war und die Polizei ermittelt.";
        assert!(english_share(de).unwrap() < ENGLISH_SHARE);
        let fr = "Le gouvernement japonais a annoncé mardi qu'il enverrait un émissaire à Moscou pour \
                  discuter du différend sur les îles, qui bloque un traité de paix depuis la guerre.";
        assert!(english_share(fr).unwrap() < ENGLISH_SHARE);
        assert_eq!(english_share("Too short to say."), None);
    }

    #[test]
    fn english_german_japanese() {
        let en = detect("Japan Prime Minister Shinzo Abe is likely to visit Russia on May 26, officials said on Tuesday.");
        assert!(en.coded && en.code == "eng", "{en:?}");
        let de = detect("Die Bundesregierung hat am Montag die russische Botschafterin einbestellt, nachdem in Berlin ein Anschlag auf einen Journalisten verübt worden war.");
        assert!(!de.coded && de.code == "deu", "{de:?}");
        let ja = detect(
            "中国海警局の船が月曜日、尖閣諸島周辺の日本の領海に侵入したと海上保安庁が発表した。",
        );
        assert!(!ja.coded && ja.code == "jpn", "{ja:?}");
        assert!(detect("").coded);
        // A short Latin-script line is given the benefit of the doubt.
        assert!(detect("Putin meets Erdogan").coded);
    }
}
