//! Stage 1, clean: from a scraped page to the story text.
//!
//! Scraped articles come wrapped in menus, alert prompts, cookie notices, share
//! buttons, "Read more" links and promos. This stage keeps the title, byline and
//! every sentence of the story and drops the rest, one line (block) at a time.
//! HTML is parsed with html5ever (through `scraper`); page chrome (`nav`,
//! `footer`, `aside`, cookie and share widgets) is dropped by element, and the
//! remaining blocks go through the same line filter as plain text.
//!
//! Every kept character keeps its place in the raw input through the document's
//! [`OffsetMap`](crate::document::OffsetMap), so evidence offsets point into what
//! the user gave, HTML included.

use crate::document::{Document, OffsetMap};
use crate::grammar::{LINE_PHRASES, LINE_PREFIXES};

/// A block of text with anchors back into the raw input.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    pub text: String,
    /// (byte in `text`, byte in raw): verbatim runs start at each anchor.
    pub anchors: Vec<(usize, usize)>,
    /// Set for blocks that HTML structure marks as headings.
    pub heading: bool,
}

impl Block {
    pub(crate) fn push_raw(&mut self, s: &str, raw_at: usize) {
        self.anchors.push((self.text.len(), raw_at));
        self.text.push_str(s);
    }
}

/// Runs the clean stage: fills `doc.text` and `doc.offsets`.
pub fn run(doc: &mut Document) {
    // A byte-order mark stays in the raw input (offsets count it, as a
    // reader of the file does) but is not text.
    let bom = if doc.raw.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let body = &doc.raw[bom..];
    let mut blocks = if doc.is_html {
        let page = crate::html::extract(body);
        if doc.title.is_none() {
            doc.title = page.title.clone();
        }
        if doc.published.is_none() {
            if let Some(d) = page.published {
                doc.published = Some(d);
                doc.published_from = crate::document::PublishedFrom::Metadata;
            }
        }
        page.blocks
    } else {
        text_blocks(body)
    };
    if bom > 0 {
        for b in &mut blocks {
            for a in &mut b.anchors {
                a.1 += bom;
            }
        }
    }
    let kept = filter_blocks(blocks);
    let (text, offsets) = assemble(&kept);
    doc.text = text;
    doc.offsets = offsets;
}

/// Splits plain text into lines, each anchored at its raw offset. A line
/// ends at `\n`, `\r\n` or a lone `\r` (old Mac files, some exports).
fn text_blocks(raw: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let b = raw.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' | b'\r' => {
                let mut blk = Block::default();
                blk.push_raw(&raw[start..i], start);
                out.push(blk);
                i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < b.len() {
        let mut blk = Block::default();
        blk.push_raw(&raw[start..], start);
        out.push(blk);
    }
    out
}

/// Joins kept blocks into the cleaned text, one block per line, a blank line
/// where the input had one.
fn assemble(blocks: &[Block]) -> (String, OffsetMap) {
    let mut text = String::new();
    let mut map = OffsetMap::default();
    let mut last_blank = true;
    for b in blocks {
        if b.text.trim().is_empty() {
            if !last_blank {
                let raw = map.to_raw(text.len().saturating_sub(1)) + 1;
                map.push(text.len(), raw);
                text.push('\n');
                last_blank = true;
            }
            continue;
        }
        let base = text.len();
        for &(local, raw) in &b.anchors {
            map.push(base + local, raw);
        }
        text.push_str(&b.text);
        let raw_end = map.to_raw_end(text.len());
        map.push(text.len(), raw_end);
        text.push('\n');
        if b.heading {
            // A heading is its own paragraph whatever follows it.
            map.push(text.len(), raw_end);
            text.push('\n');
            last_blank = true;
        } else {
            last_blank = false;
        }
    }
    (text, map)
}

/// Drops boilerplate blocks; keeps blank blocks as paragraph breaks.
pub(crate) fn filter_blocks(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for b in blocks {
        if b.text.trim().is_empty() {
            out.push(b);
            continue;
        }
        if is_boilerplate(&b.text) {
            // Keep the paragraph break the dropped line made.
            out.push(Block::default());
            continue;
        }
        out.push(b);
    }
    out
}

/// Decides whether one line of a scraped page is boilerplate rather than story.
///
/// ```
/// use dyad_core::clean::is_boilerplate;
/// assert!(is_boilerplate("For Daily Alerts"));
/// assert!(is_boilerplate("Read more: Japan's election explained"));
/// assert!(is_boilerplate("https://example.com/news/123"));
/// assert!(!is_boilerplate("Japan and Russia have come closer in recent times."));
/// ```
pub fn is_boilerplate(line: &str) -> bool {
    let t = line
        .trim()
        .trim_start_matches(['•', '·', '|', '»', '›', '*', '-', '–', '>'])
        .trim();
    if t.is_empty() {
        return false;
    }
    let lower = t.to_lowercase();
    // Only compared with 12 and less below: a long line need not be counted to its end.
    let words = t.split_whitespace().take(13).count();
    // Close buttons ("Settings X") and UI phrases.
    let core = lower
        .trim_end_matches(" x")
        .trim_end_matches(['×', ':'])
        .trim();
    if LINE_PHRASES.contains(&core) {
        return true;
    }
    if LINE_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    // A bare URL or a list of them.
    if t.split_whitespace().all(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '/' && c != ':' && c != '.');
        w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www.")
    }) {
        return true;
    }
    // Cookie and consent notices, however long.
    let cookies = lower.matches("cookie").count();
    if cookies >= 2
        || (cookies == 1
            && (lower.contains("consent")
                || lower.contains("our partners")
                || lower.contains("your experience")))
    {
        return true;
    }
    // Short menus: several short items separated by pipes or bullets.
    if words <= 12 && (t.matches(" | ").count() >= 2 || t.matches(" • ").count() >= 2) {
        return true;
    }
    // Social prompts.
    if words <= 8
        && [
            "facebook",
            "twitter",
            "whatsapp",
            "linkedin",
            "telegram",
            "pinterest",
            "reddit",
            "instagram",
        ]
        .iter()
        .filter(|s| lower.contains(*s))
        .count()
            >= 1
        && !lower.contains(" said")
    {
        return true;
    }
    // A bullet line with one or two words is a menu entry.
    let bullet = line.trim_start().starts_with(['•', '·', '»', '›']);
    if bullet && words <= 2 {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Article;

    fn clean(raw: &str) -> Document {
        let mut d = Document::new(Article::text("t", raw));
        run(&mut d);
        d
    }

    #[test]
    fn keeps_story_drops_chrome() {
        let raw = "• search\nFor Quick Alerts\nFor Daily Alerts\n\nJapan warms to Russia\n\nBy A Reporter\n\nJapan praised Russia on Monday.\n\nRead more: other story\nhttps://example.com/x\nWe use cookies to ensure you get the best experience. Our partners use cookies too.\n";
        let d = clean(raw);
        assert!(d.text.contains("Japan warms to Russia"));
        assert!(d.text.contains("By A Reporter"));
        assert!(d.text.contains("Japan praised Russia on Monday."));
        assert!(!d.text.contains("Alerts"));
        assert!(!d.text.contains("search"));
        assert!(!d.text.contains("Read more"));
        assert!(!d.text.contains("https"));
        assert!(!d.text.contains("cookies"));
    }

    #[test]
    fn offsets_point_into_raw_text() {
        let raw = "For Daily Alerts\n\nTitle here\n\nJapan praised Russia.\nShare this\n";
        let d = clean(raw);
        let s = d.text.find("Japan").unwrap();
        let e = s + "Japan praised Russia.".len();
        let (rs, re) = d.raw_char_span(s, e);
        assert_eq!(&raw[rs..re], "Japan praised Russia.");
    }

    #[test]
    fn offsets_are_characters_for_non_ascii_raw() {
        let raw = "Brasília news\n\nBrazil met Korea.\n";
        let d = clean(raw);
        let s = d.text.find("Brazil met").unwrap();
        let (rs, re) = d.raw_char_span(s, s + "Brazil met Korea.".len());
        let got: String = raw.chars().skip(rs).take(re - rs).collect();
        assert_eq!(got, "Brazil met Korea.");
    }

    #[test]
    fn notification_and_close_buttons() {
        for l in [
            "Notification Settings X",
            "Settings X",
            "Clear Notification X",
            "Get Instant News Updates",
            "Previous Article: x",
            "Advertisement",
        ] {
            assert!(is_boilerplate(l), "{l}");
        }
        for l in [
            "Vladimir Putin and Shinzo Abe",
            "Geo-strategic reason",
            "By Shubham",
            "OneIndia News",
        ] {
            assert!(!is_boilerplate(l), "{l}");
        }
    }
}
