//! HTML article extraction for the clean stage.
//!
//! The page is parsed with html5ever (via `scraper`), which decides structure:
//! which elements are page chrome, where blocks begin and end, what the metadata
//! says. html5ever does not report source positions, so a small lexer walks the
//! raw bytes in parallel and finds where each text node came from; the two are
//! aligned node by node. Text whose source cannot be found is still kept, anchored
//! at the nearest known position.

use chrono::NaiveDate;
use scraper::{node::Node, ElementRef, Html, Selector};

use crate::clean::Block;

/// What the HTML extractor found.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub blocks: Vec<Block>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
}

/// Deepest element nesting handed to the HTML parser.
const MAX_NESTING: usize = 512;

/// Rough element nesting depth of raw HTML, as a tree builder would see it:
/// an end tag closes the innermost open element of its name and everything
/// opened inside it; an end tag with no open element of its name is ignored
/// (stray `</x>` must not hide real nesting). Void and self-closing elements
/// are ignored. Linear time: each tag is scanned once and each open element
/// is popped at most once.
fn nesting_depth(raw: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li",
    ];
    let b = raw.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    let mut open: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut max = 0usize;
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let close = b[i + 1] == b'/';
        let start = if close { i + 2 } else { i + 1 };
        let mut j = start;
        while j < b.len() && b[j].is_ascii_alphanumeric() {
            j += 1;
        }
        if j == start {
            i += 1;
            continue;
        }
        let name = raw[start..j].to_ascii_lowercase();
        // The tag ends at the next '>' (or at the next '<', where a browser
        // would also give up on it); the scan goes on from there, so no byte
        // is looked at twice.
        let mut k = j;
        while k < b.len() && b[k] != b'>' && b[k] != b'<' {
            k += 1;
        }
        let self_closing = k < b.len() && b[k] == b'>' && k > j && b[k - 1] == b'/';
        if !VOID.contains(&name.as_str()) && !self_closing {
            if close {
                if open.get(&name).is_some_and(|&n| n > 0) {
                    while let Some(top) = stack.pop() {
                        if let Some(n) = open.get_mut(&top) {
                            *n -= 1;
                        }
                        if top == name {
                            break;
                        }
                    }
                }
            } else {
                *open.entry(name.clone()).or_insert(0) += 1;
                stack.push(name);
                max = max.max(stack.len());
            }
        }
        i = if k < b.len() && b[k] == b'>' {
            k + 1
        } else {
            k
        };
    }
    max
}

/// Elements that never hold story text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button", "svg",
    "iframe", "select", "option", "figure", "head", "object", "embed", "canvas", "dialog", "menu",
];

/// Class or id words that mark page chrome.
const SKIP_CLASS_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "adslot",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "share",
    "sharing",
    "social",
    "newsletter",
    "subscribe",
    "subscription",
    "related",
    "promo",
    "promotion",
    "banner",
    "popup",
    "modal",
    "comment",
    "comments",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "footer",
    "nav",
    "navbar",
    "navigation",
    "recommended",
    "outbrain",
    "taboola",
    "signup",
    "toolbar",
    "hidden",
    "sr-only",
    "paywall",
    "trending",
    "masthead",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "br",
    "tr",
    "table",
    "section",
    "article",
    "main",
    "header",
    "pre",
    "dd",
    "dt",
    "dl",
    "hr",
    "address",
    "figcaption",
    "td",
    "th",
    "body",
];

/// Extracts story blocks and metadata from an HTML page.
pub(crate) fn extract(raw: &str) -> Page {
    let runs = raw_text_runs(raw);
    // Pathologically nested markup makes tree building slow and deep; no real
    // article nests like that, so take its text runs as blocks instead.
    if nesting_depth(raw) > MAX_NESTING {
        let blocks = runs
            .iter()
            .filter(|r| !r.text.trim().is_empty())
            .map(|r| {
                let mut b = Block::default();
                for &(local, rawpos) in &r.anchors {
                    b.anchors.push((local, rawpos));
                }
                b.text = r.text.clone();
                b
            })
            .collect();
        return Page {
            blocks,
            title: None,
            published: None,
        };
    }
    let html = Html::parse_document(raw);
    let squashed: Vec<String> = runs.iter().map(|r| squash(&r.text)).collect();
    let mut ctx = Walk {
        runs: &runs,
        squashed: &squashed,
        cursor: 0,
        blocks: Vec::new(),
        cur: Block::default(),
        last_raw: 0,
    };
    let body_sel = Selector::parse("body").expect("static selector");
    if let Some(body) = html.select(&body_sel).next() {
        ctx.walk(body, false, false);
    }
    ctx.flush();
    Page {
        blocks: ctx.blocks,
        title: title(&html),
        published: published(&html),
    }
}

struct Walk<'a> {
    runs: &'a [Run],
    /// `squash` of each run, computed once: text nodes are compared with up
    /// to 64 runs each.
    squashed: &'a [String],
    cursor: usize,
    blocks: Vec<Block>,
    cur: Block,
    last_raw: usize,
}

impl Walk<'_> {
    fn flush(&mut self) {
        if !self.cur.text.trim().is_empty() {
            self.blocks.push(std::mem::take(&mut self.cur));
        } else {
            self.cur = Block::default();
        }
    }

    /// Walks the tree with an explicit stack: scraped pages can nest deeper than
    /// the thread's stack would allow a recursive walk.
    fn walk(&mut self, root: ElementRef<'_>, skip: bool, in_article: bool) {
        enum Step<'a> {
            Enter(ego_tree::NodeRef<'a, Node>, bool, bool),
            Exit { block: bool, heading: bool },
        }
        let mut stack: Vec<Step<'_>> = root
            .children()
            .rev()
            .map(|c| Step::Enter(c, skip, in_article))
            .collect();
        while let Some(step) = stack.pop() {
            match step {
                Step::Exit { block, heading } => {
                    if heading {
                        self.cur.heading = true;
                    }
                    if block {
                        self.flush();
                    }
                }
                Step::Enter(node, skip, in_article) => match node.value() {
                    Node::Text(t) => self.text(&t.text, skip),
                    Node::Element(e) => {
                        let name = e.name();
                        let chrome = SKIP_TAGS.contains(&name)
                            || (name == "header" && !in_article)
                            || is_chrome_class(e.attr("class"))
                            || is_chrome_class(e.attr("id"))
                            || e.attr("aria-hidden") == Some("true")
                            || e.attr("hidden").is_some();
                        let block = BLOCK_TAGS.contains(&name);
                        if block {
                            self.flush();
                        }
                        let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
                            && !skip
                            && !chrome;
                        stack.push(Step::Exit { block, heading });
                        let inner = in_article || name == "article" || name == "main";
                        stack.extend(
                            node.children()
                                .rev()
                                .map(|c| Step::Enter(c, skip || chrome, inner)),
                        );
                    }
                    _ => {}
                },
            }
        }
    }

    /// Appends a text node, aligned to its raw run when it can be found.
    fn text(&mut self, text: &str, skip: bool) {
        let want = squash(text);
        if want.is_empty() {
            if !skip && !self.cur.text.is_empty() && !text.is_empty() {
                self.cur.push_raw(" ", self.last_raw);
            }
            return;
        }
        // Look ahead a bounded number of runs: text html5ever moved or merged is rare.
        let found = (self.cursor..self.runs.len().min(self.cursor + 64))
            .find(|&k| self.squashed[k] == want);
        if let Some(k) = found {
            self.cursor = k + 1;
            if skip {
                return;
            }
            let run = &self.runs[k];
            let base = self.cur.text.len();
            for &(local, raw) in &run.anchors {
                self.cur.anchors.push((base + local, raw));
            }
            self.cur.text.push_str(&run.text);
            self.last_raw = run.raw_end;
        } else if !skip {
            // Unaligned text: keep it, anchored at the last known position.
            let flat: String = text
                .chars()
                .map(|c| {
                    if c.is_whitespace() && c != '\u{a0}' {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            self.cur.push_raw(&flat, self.last_raw);
        }
    }
}

/// Whether the page has any text outside markup, head, scripts and styles.
pub(crate) fn has_text(raw: &str) -> bool {
    let head_end = raw
        .to_ascii_lowercase()
        .find("</head>")
        .map(|i| i + 7)
        .unwrap_or(0);
    raw_text_runs(&raw[head_end..])
        .iter()
        .any(|r| r.text.chars().any(|c| c.is_alphanumeric()))
}

fn is_chrome_class(attr: Option<&str>) -> bool {
    let Some(a) = attr else { return false };
    a.to_ascii_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|w| SKIP_CLASS_WORDS.contains(&w))
}

fn squash(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A stretch of raw text between tags, entity-decoded, with anchors to raw bytes.
#[derive(Debug)]
struct Run {
    text: String,
    anchors: Vec<(usize, usize)>,
    raw_end: usize,
}

/// Lexes the raw HTML into text runs outside tags, comments, scripts and styles.
fn raw_text_runs(raw: &str) -> Vec<Run> {
    let b = raw.as_bytes();
    let lower_find = |from: usize, pat: &str| -> Option<usize> {
        let p = pat.as_bytes();
        (from..b.len().saturating_sub(p.len() - 1))
            .find(|&i| b[i..i + p.len()].eq_ignore_ascii_case(p))
    };
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' {
            let rest = &b[i..];
            let starts = |p: &str| {
                rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p.as_bytes())
            };
            if starts("<!--") {
                i = lower_find(i + 4, "-->").map(|j| j + 3).unwrap_or(b.len());
            } else if starts("<script")
                || starts("<style")
                || starts("<textarea")
                || starts("<title")
            {
                let end_tag = if starts("<script") {
                    "</script"
                } else if starts("<style") {
                    "</style"
                } else if starts("<title") {
                    "</title"
                } else {
                    "</textarea"
                };
                let j = lower_find(i + 1, end_tag).unwrap_or(b.len());
                i = b[j..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map(|k| j + k + 1)
                    .unwrap_or(b.len());
            } else if rest.len() > 1
                && (rest[1].is_ascii_alphabetic()
                    || rest[1] == b'/'
                    || rest[1] == b'!'
                    || rest[1] == b'?')
            {
                // A tag: skip to its '>' outside quotes.
                let mut j = i + 1;
                let mut quote = 0u8;
                while j < b.len() {
                    let c = b[j];
                    if quote != 0 {
                        if c == quote {
                            quote = 0;
                        }
                    } else if c == b'"' || c == b'\'' {
                        quote = c;
                    } else if c == b'>' {
                        break;
                    }
                    j += 1;
                }
                i = (j + 1).min(b.len());
            } else {
                i = text_run(raw, i, &mut runs);
            }
        } else {
            i = text_run(raw, i, &mut runs);
        }
    }
    runs
}

/// Reads text from `start` to the next tag start; returns where it stopped.
fn text_run(raw: &str, start: usize, runs: &mut Vec<Run>) -> usize {
    let b = raw.as_bytes();
    let mut end = start + 1;
    while end < b.len() {
        if b[end] == b'<'
            && end + 1 < b.len()
            && (b[end + 1].is_ascii_alphabetic() || matches!(b[end + 1], b'/' | b'!' | b'?'))
        {
            break;
        }
        end += 1;
    }
    let mut run = Run {
        text: String::new(),
        anchors: vec![(0, start)],
        raw_end: end,
    };
    let s = &raw[start..end];
    let mut i = 0;
    let sb = s.as_bytes();
    let mut verbatim_from = 0;
    while i < sb.len() {
        if sb[i] == b'&' {
            if let Some((decoded, len)) = decode_entity(&s[i..]) {
                push_verbatim(&mut run.text, &s[verbatim_from..i]);
                run.text.push_str(&decoded);
                run.anchors.push((run.text.len(), start + i + len));
                i += len;
                verbatim_from = i;
                continue;
            }
        }
        i += 1;
    }
    push_verbatim(&mut run.text, &s[verbatim_from..]);
    runs.push(run);
    end
}

/// Copies text with line breaks and tabs turned into spaces (same byte length).
fn push_verbatim(out: &mut String, s: &str) {
    out.extend(s.chars().map(|c| {
        if matches!(c, '\n' | '\r' | '\t') {
            ' '
        } else {
            c
        }
    }));
}

/// Decodes one character reference at the start of `s`; returns it and its length.
fn decode_entity(s: &str) -> Option<(String, usize)> {
    // Byte search: `s` may hold multi-byte text right after the `&`, and a
    // `;` byte is always a character boundary.
    let semi = s.as_bytes()[..s.len().min(12)]
        .iter()
        .position(|&c| c == b';')?;
    let name = &s[1..semi];
    let c = if let Some(num) = name.strip_prefix('#') {
        let v = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse().ok()?
        };
        char::from_u32(v)?.to_string()
    } else {
        match name {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            "nbsp" => "\u{a0}",
            "mdash" => "—",
            "ndash" => "–",
            "lsquo" => "‘",
            "rsquo" => "’",
            "ldquo" => "“",
            "rdquo" => "”",
            "hellip" => "…",
            "eacute" => "é",
            "egrave" => "è",
            "aacute" => "á",
            "oacute" => "ó",
            "iacute" => "í",
            "uacute" => "ú",
            "ntilde" => "ñ",
            "ccedil" => "ç",
            "ouml" => "ö",
            "uuml" => "ü",
            "auml" => "ä",
            "copy" => "©",
            "reg" => "®",
            "middot" => "·",
            "bull" => "•",
            _ => return None,
        }
        .to_string()
    };
    Some((c, semi + 1))
}

fn title(html: &Html) -> Option<String> {
    for (sel, attr) in [
        ("meta[property='og:title']", Some("content")),
        ("title", None),
        ("h1", None),
    ] {
        let s = Selector::parse(sel).expect("static selector");
        if let Some(e) = html.select(&s).next() {
            let t = match attr {
                Some(a) => e.value().attr(a).unwrap_or("").to_string(),
                None => e.text().collect::<String>(),
            };
            let t = squash(&t);
            if !t.is_empty() {
                return Some(t);
            }
        }
    }
    None
}

fn published(html: &Html) -> Option<NaiveDate> {
    let metas = [
        "meta[property='article:published_time']",
        "meta[name='article:published_time']",
        "meta[itemprop='datePublished']",
        "meta[name='pubdate']",
        "meta[name='publishdate']",
        "meta[name='publish-date']",
        "meta[name='date']",
        "meta[name='DC.date.issued']",
        "meta[name='dc.date']",
        "meta[name='parsely-pub-date']",
        "meta[name='sailthru.date']",
    ];
    for m in metas {
        let s = Selector::parse(m).expect("static selector");
        for e in html.select(&s) {
            if let Some(d) = e.value().attr("content").and_then(date_prefix) {
                return Some(d);
            }
        }
    }
    let ld = Selector::parse("script[type='application/ld+json']").expect("static selector");
    for e in html.select(&ld) {
        let txt: String = e.text().collect();
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&txt) {
            if let Some(d) = find_json_date(&v) {
                return Some(d);
            }
        }
    }
    let time = Selector::parse("time[datetime]").expect("static selector");
    html.select(&time)
        .find_map(|e| e.value().attr("datetime").and_then(date_prefix))
}

fn find_json_date(v: &serde_json::Value) -> Option<NaiveDate> {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::String(s)) = m.get("datePublished") {
                if let Some(d) = date_prefix(s) {
                    return Some(d);
                }
            }
            m.values().find_map(find_json_date)
        }
        serde_json::Value::Array(a) => a.iter().find_map(find_json_date),
        _ => None,
    }
}

fn date_prefix(s: &str) -> Option<NaiveDate> {
    crate::input::parse_published(s).ok().or_else(|| {
        s.trim()
            .get(..10)
            .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::input::Article;

    /// Issue 15: `&` followed by multi-byte text panicked (a slice inside a character).
    #[test]
    fn entity_scan_stops_at_character_boundaries() {
        assert_eq!(decode_entity("&ééééééé"), None);
        assert_eq!(decode_entity("&é;"), None);
        assert_eq!(decode_entity("&amp;é"), Some(("&".into(), 5)));
        assert!(has_text("<p>Japan praised Russia. &ééééééé</p>"));
        let p = extract("<p>Japan praised Russia. &ééééééé</p>");
        assert!(p.blocks[0].text.contains("&ééééééé"));
    }

    /// Issue 15: stray end tags no longer hide real nesting, and a tag with
    /// no `>` is scanned once.
    #[test]
    fn nesting_depth_ignores_stray_end_tags() {
        assert_eq!(nesting_depth(&"<div></x>".repeat(1000)), 1000);
        assert_eq!(nesting_depth("<div><span></div><div></div>"), 2);
        assert_eq!(nesting_depth(&"<a ".repeat(1000)), 1000);
        assert_eq!(nesting_depth("<div><br/><img src=x></div>"), 1);
    }

    const PAGE: &str = r#"<!doctype html><html><head><title>Japan &amp; Russia</title>
<meta property="article:published_time" content="2018-03-27T08:00:00+05:30">
<script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<div class="cookie-banner">We use cookies. Accept?</div>
<article><h1>Japan moves closer to Russia</h1>
<p class="byline">By A Reporter</p>
<p>Japan&#8217;s Prime Minister met
Russia&rsquo;s President in Moscow.</p>
<!-- ad slot --><div class="ad-slot">Buy now</div>
<p>Tokyo praised Moscow.</p>
<div class="share-tools">Share on Facebook</div></article>
<footer>© 2018 Example</footer></body></html>"#;

    #[test]
    fn extracts_story_and_metadata() {
        let p = extract(PAGE);
        assert_eq!(p.published.unwrap().to_string(), "2018-03-27");
        assert_eq!(p.title.as_deref(), Some("Japan & Russia"));
        let text: Vec<_> = p.blocks.iter().map(|b| squash(&b.text)).collect();
        assert_eq!(
            text,
            vec![
                "Japan moves closer to Russia",
                "By A Reporter",
                "Japan’s Prime Minister met Russia’s President in Moscow.",
                "Tokyo praised Moscow."
            ]
        );
        assert!(p.blocks[0].heading);
    }

    #[test]
    fn offsets_map_into_raw_html() {
        let mut d = Document::new(Article {
            id: "p".into(),
            body: PAGE.into(),
            is_html: true,
            ..Article::default()
        });
        crate::clean::run(&mut d);
        let s = d.text.find("Tokyo praised").unwrap();
        let (rs, re) = d.raw_char_span(s, s + "Tokyo praised Moscow.".len());
        assert_eq!(&PAGE[rs..re], "Tokyo praised Moscow.");
        // Across an entity and a line break the span still covers the raw source.
        let s = d.text.find("Japan’s Prime").unwrap();
        let e = d.text.find("in Moscow.").unwrap() + "in Moscow.".len();
        let (rs, re) = d.raw_char_span(s, e);
        assert!(PAGE[rs..re].starts_with("Japan&#8217;s Prime Minister met\nRussia&rsquo;s"));
        assert!(PAGE[rs..re].ends_with("in Moscow."));
    }

    #[test]
    fn json_ld_date() {
        let page = r#"<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-10-08T10:00:00Z"}</script></head><body><p>Text.</p></body></html>"#;
        assert_eq!(extract(page).published.unwrap().to_string(), "2019-10-08");
    }

    #[test]
    fn deeply_nested_html_is_read_without_the_parser() {
        let page = format!(
            "<html><body>{}<p>Japan praised Russia.</p>{}</body></html>",
            "<div>".repeat(20_000),
            "</div>".repeat(20_000)
        );
        let p = extract(&page);
        assert_eq!(p.blocks.len(), 1);
        assert_eq!(p.blocks[0].text, "Japan praised Russia.");
        assert!(nesting_depth("<div><p>a<br><img/></div>") == 1);
    }

    #[test]
    fn malformed_html_does_not_panic() {
        for page in [
            "<html><body><p>Unclosed <b>bold",
            "<<<>>>&&&;;",
            "<p>a &#xZZ; b</p>",
            "<body>&#99999999;</body>",
        ] {
            let _ = extract(page);
        }
    }
}
