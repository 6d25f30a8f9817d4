//! Publication date from the text itself, when neither the input nor the HTML
//! metadata gave one: a dateline or a date line near the top of the article
//! ("Tuesday, November 16, 2004", "BRASÍLIA, Nov. 16, 2004 –").

use chrono::NaiveDate;

use crate::dates::{find_dates, DateSpec};
use crate::document::{Document, PublishedFrom};

/// How far into the cleaned text a dateline may be.
const DATELINE_WINDOW: usize = 600;

/// Finds a full date (day, month and year) near the top of the text.
///
/// ```
/// let d = dyad_core::published::from_text("Brazil meets Korea\n\nTuesday, November 16, 2004\n\nText.");
/// assert_eq!(d.unwrap().to_string(), "2004-11-16");
/// ```
pub fn from_text(text: &str) -> Option<NaiveDate> {
    let mut end = text.len().min(DATELINE_WINDOW);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    for line in text[..end].lines() {
        let toks = crate::segment::tokenize(line, 0, line.len());
        // A dateline is short, or the date opens the line.
        for d in find_dates(&toks) {
            if let DateSpec::Full(date) = d.spec {
                if toks.len() <= 12 || d.start <= 3 {
                    return Some(date);
                }
            }
        }
    }
    None
}

/// Fills in the publication date from the text when nothing else gave one.
pub fn run(doc: &mut Document) {
    if doc.published.is_some() {
        return;
    }
    match from_text(&doc.text) {
        Some(d) => {
            doc.published = Some(d);
            doc.published_from = PublishedFrom::Dateline;
        }
        None => doc.notes.push("no publication date: relative dates stay unresolved (give --published or a \"published\" field)".into()),
    }
}
