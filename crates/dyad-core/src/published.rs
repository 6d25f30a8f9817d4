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
    dateline_dates(text).find_map(|spec| match spec {
        DateSpec::Full(date) => Some(date),
        _ => None,
    })
}

/// The date expressions of datelines near the top of the text, in order: a
/// dateline is short, or the date opens the line.
fn dateline_dates(text: &str) -> impl Iterator<Item = DateSpec> + '_ {
    let mut end = text.len().min(DATELINE_WINDOW);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].lines().flat_map(|line| {
        let toks = crate::segment::tokenize(line, 0, line.len());
        let short = toks.len() <= 12;
        find_dates(&toks)
            .into_iter()
            .filter(move |d| short || d.start <= 3)
            .map(|d| d.spec)
    })
}

/// A dateline's month and day when it gives no year ("TOKYO, March 3
/// (Reuters) -"), and the text has no full date near the top; with the year
/// the user knows (`--published-year`), that is the publication date.
///
/// ```
/// let d = dyad_core::published::dateline_in_year("TOKYO, March 3 (Reuters) - Japan protested.", 2019);
/// assert_eq!(d.unwrap().to_string(), "2019-03-03");
/// assert_eq!(dyad_core::published::dateline_in_year("TOKYO, March 3, 2018 - Japan protested.", 2019).unwrap().to_string(), "2018-03-03");
/// assert!(dyad_core::published::dateline_in_year("Japan protested.", 2019).is_none());
/// ```
pub fn dateline_in_year(text: &str, year: i32) -> Option<NaiveDate> {
    from_text(text).or_else(|| {
        dateline_dates(text).find_map(|spec| match spec {
            DateSpec::MonthDay(m, d) => NaiveDate::from_ymd_opt(year, m, d),
            _ => None,
        })
    })
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
