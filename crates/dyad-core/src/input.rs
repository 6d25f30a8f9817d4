//! Reading articles as people actually have them: text and HTML files, folders,
//! JSONL batches and standard input.
//!
//! Reading is a stream: [`Reader`] yields one [`Article`] or one [`Problem`] at a
//! time, so a bad file or line is reported and skipped while the batch goes on.
//!
//! ```
//! use dyad_core::input::{parse_jsonl_line, Article};
//! let a: Article = parse_jsonl_line(r#"{"id":"a1","text":"Japan praised Russia.","published":"2018-03-27"}"#, "batch.jsonl", 1).unwrap();
//! assert_eq!(a.id, "a1");
//! assert_eq!(a.published.unwrap().to_string(), "2018-03-27");
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

/// Largest article body accepted, in bytes. Larger inputs are reported and skipped:
/// no news article is this long, and coding one would stall a batch.
pub const MAX_ARTICLE_BYTES: usize = 16 * 1024 * 1024;

/// An article as read from the input, before any processing.
#[derive(Debug, Clone, Default)]
pub struct Article {
    pub id: String,
    /// The text or HTML exactly as given.
    pub body: String,
    pub is_html: bool,
    pub published: Option<NaiveDate>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    /// Where it came from, for messages: `path` or `path:line`.
    pub origin: String,
}

impl Article {
    /// A plain-text article.
    pub fn text(id: impl Into<String>, body: impl Into<String>) -> Article {
        let id = id.into();
        Article {
            origin: id.clone(),
            id,
            body: body.into(),
            ..Article::default()
        }
    }
}

/// Something wrong with one input; the rest of the batch goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `path` or `path:line`.
    pub origin: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

impl Problem {
    fn new(origin: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            origin: origin.into(),
            message: message.into(),
        }
    }
}

/// Parses a publication date given as `YYYY-MM-DD` or RFC 3339 (`2018-03-27T09:00:00Z`).
///
/// ```
/// use dyad_core::input::parse_published;
/// assert_eq!(parse_published("2019-10-08T12:00:00+02:00").unwrap().to_string(), "2019-10-08");
/// assert!(parse_published("08/10/2019").is_err());
/// ```
pub fn parse_published(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(d);
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(dt.date_naive());
    }
    // Timestamps without a zone, as many CMSs write them.
    if t.len() > 10 && (t.as_bytes()[10] == b'T' || t.as_bytes()[10] == b' ') {
        if let Ok(d) = NaiveDate::parse_from_str(&t[..10], "%Y-%m-%d") {
            return Ok(d);
        }
    }
    Err(format!(
        "unknown date format {t:?}: expected YYYY-MM-DD or RFC 3339 (2018-03-27T09:00:00Z)"
    ))
}

#[derive(Deserialize)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    text: Option<String>,
    html: Option<String>,
    published: Option<String>,
    url: Option<String>,
    title: Option<String>,
    source: Option<String>,
}

/// Parses one JSONL line into an article; `origin` and `line` name it in errors.
pub fn parse_jsonl_line(line: &str, origin: &str, line_no: usize) -> Result<Article, Problem> {
    let at = format!("{origin}:{line_no}");
    let j: JsonArticle = serde_json::from_str(line)
        .map_err(|e| Problem::new(&at, format!("malformed JSON: {e}")))?;
    json_article(j, at, format!("{}-{line_no}", file_stem(origin)))
}

/// The articles of a `.json` document: one article object, or an array of
/// them (as `.jsonl` lines). Items are named `file.json#N` in messages.
pub fn parse_json_document(text: &str, origin: &str) -> Vec<Result<Article, Problem>> {
    let v: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return vec![Err(Problem::new(
                origin,
                format!("malformed JSON: {e} (a .json file holds one article object or an array of them; use .jsonl for one object per line)"),
            ))]
        }
    };
    let items = match v {
        serde_json::Value::Array(items) => items,
        v @ serde_json::Value::Object(_) => vec![v],
        _ => {
            return vec![Err(Problem::new(
                origin,
                "expected an article object or an array of article objects",
            ))]
        }
    };
    if items.is_empty() {
        return vec![Err(Problem::new(origin, "empty array: nothing to code"))];
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let at = format!("{origin}#{}", i + 1);
            let j: JsonArticle = serde_json::from_value(v)
                .map_err(|e| Problem::new(&at, format!("not an article object: {e}")))?;
            json_article(j, at, format!("{}-{}", file_stem(origin), i + 1))
        })
        .collect()
}

fn json_article(j: JsonArticle, at: String, default_id: String) -> Result<Article, Problem> {
    let (body, is_html) = match (j.text, j.html) {
        (Some(t), _) => (t, false),
        (None, Some(h)) => (h, true),
        (None, None) => {
            return Err(Problem::new(
                &at,
                "no \"text\" or \"html\" field: each article needs its body in one of them",
            ))
        }
    };
    let id = match j.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(_) => {
            return Err(Problem::new(
                &at,
                "\"id\" must be a non-empty string or a number",
            ))
        }
        None => default_id,
    };
    if body.trim().is_empty() {
        return Err(Problem::new(&at, format!("article {id:?} is empty")));
    }
    if body.len() > MAX_ARTICLE_BYTES {
        return Err(Problem::new(
            &at,
            format!(
                "article {id:?} is {} bytes, over the {MAX_ARTICLE_BYTES}-byte limit",
                body.len()
            ),
        ));
    }
    let published = match j.published.as_deref() {
        Some(p) if !p.trim().is_empty() => {
            Some(parse_published(p).map_err(|e| Problem::new(&at, e))?)
        }
        _ => None,
    };
    Ok(Article {
        id,
        body,
        is_html,
        published,
        url: j.url,
        title: j.title,
        source: j.source,
        origin: at,
    })
}

/// The id of a plain-text article read from stdin: `stdin-` and 12 hex digits
/// of a hash of its text (FNV-1a), so two different texts never share an id
/// (and replace each other) while piping the same text again finds it unchanged.
///
/// ```
/// use dyad_core::input::stdin_id;
/// assert_eq!(stdin_id("Japan praised Russia."), stdin_id("Japan praised Russia."));
/// assert_ne!(stdin_id("Japan praised Russia."), stdin_id("China criticized Japan."));
/// assert!(stdin_id("x").starts_with("stdin-"));
/// ```
pub fn stdin_id(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.trim().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("stdin-{:012x}", h >> 16)
}

fn file_stem(origin: &str) -> String {
    Path::new(origin)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| origin.to_string())
}

fn looks_like_html(body: &str) -> bool {
    let head = body
        .trim_start()
        .get(..512.min(body.trim_start().len()))
        .unwrap_or("");
    let lower = head.to_ascii_lowercase();
    lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<body")
}

/// Checks raw bytes of a whole-file article and turns them into text.
pub fn decode_article_bytes(bytes: Vec<u8>, origin: &str) -> Result<String, Problem> {
    if bytes.is_empty() || bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Problem::new(origin, "empty file: nothing to code"));
    }
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(Problem::new(
            origin,
            format!(
                "{} bytes, over the {MAX_ARTICLE_BYTES}-byte limit for one article",
                bytes.len()
            ),
        ));
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(Problem::new(
            origin,
            "binary file (contains NUL bytes): expected UTF-8 text, HTML or JSONL",
        ));
    }
    let bytes = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes[3..].to_vec()
    } else {
        bytes
    };
    String::from_utf8(bytes).map_err(|e| {
        Problem::new(
            origin,
            format!(
                "not valid UTF-8 (first bad byte at offset {}): convert it to UTF-8, e.g. with iconv",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// One input the reader will open.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    File(PathBuf),
    Stdin,
}

enum Open {
    Jsonl {
        origin: String,
        lines: Box<dyn BufRead + Send>,
        line_no: usize,
    },
}

/// Streams articles from paths: files, folders (recursively, sorted) and `-` for stdin.
pub struct Reader {
    sources: VecDeque<Source>,
    open: Option<Open>,
    pending: VecDeque<Result<Article, Problem>>,
    /// Files in the folders given that are not articles by their extension.
    left_out: Vec<PathBuf>,
}

/// File extensions read from folders.
pub const EXTENSIONS: &[&str] = &["txt", "html", "htm", "jsonl", "json"];

impl Reader {
    /// A reader over `paths`. Folders are walked now (sorted, recursive); files are
    /// opened lazily as the stream reaches them. A missing path is reported in the stream.
    pub fn new<P: AsRef<Path>>(paths: &[P]) -> Reader {
        let mut sources = VecDeque::new();
        let mut pending = VecDeque::new();
        let mut left_out = Vec::new();
        for p in paths {
            let p = p.as_ref();
            if p == Path::new("-") {
                sources.push_back(Source::Stdin);
            } else if p.is_dir() {
                let mut files = Vec::new();
                if let Err(e) = walk(p, &mut files, &mut left_out) {
                    pending.push_back(Err(Problem::new(p.display().to_string(), e)));
                }
                files.sort();
                sources.extend(files.into_iter().map(Source::File));
            } else if p.exists() {
                sources.push_back(Source::File(p.to_path_buf()));
            } else {
                pending.push_back(Err(Problem::new(
                    p.display().to_string(),
                    "no such file or folder",
                )));
            }
        }
        left_out.sort();
        Reader {
            sources,
            open: None,
            pending,
            left_out,
        }
    }

    /// Files found in the folders given but not read, because their
    /// extension is not one of [`EXTENSIONS`] (`.md`, `.pdf`, none, ...).
    pub fn left_out(&self) -> &[PathBuf] {
        &self.left_out
    }

    fn open_next(&mut self, src: Source) {
        match src {
            Source::Stdin => {
                let mut buf = Vec::new();
                if let Err(e) = std::io::stdin().lock().read_to_end(&mut buf) {
                    self.pending
                        .push_back(Err(Problem::new("<stdin>", format!("cannot read: {e}"))));
                    return;
                }
                let text = match decode_article_bytes(buf, "<stdin>") {
                    Ok(t) => t,
                    Err(p) => {
                        self.pending.push_back(Err(p));
                        return;
                    }
                };
                // A JSON document (an article object spread over lines, or an
                // array of them) as a .json file would be; JSONL below.
                let t = text.trim_start();
                let array = t.strip_prefix('[').map(str::trim_start);
                if array.is_some_and(|a| a.starts_with('{'))
                    || (t.starts_with('{')
                        && serde_json::from_str::<serde_json::Value>(&text).is_ok())
                {
                    self.pending.extend(parse_json_document(&text, "<stdin>"));
                    return;
                }
                let all_json = text
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .all(|l| l.trim_start().starts_with('{'));
                if all_json {
                    self.open = Some(Open::Jsonl {
                        origin: "<stdin>".into(),
                        lines: Box::new(std::io::Cursor::new(text.into_bytes())),
                        line_no: 0,
                    });
                } else {
                    let is_html = looks_like_html(&text);
                    self.pending.push_back(Ok(Article {
                        id: stdin_id(&text),
                        body: text,
                        is_html,
                        origin: "<stdin>".into(),
                        ..Article::default()
                    }));
                }
            }
            Source::File(path) => {
                let origin = path.display().to_string();
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_default();
                if ext == "json" {
                    let items = std::fs::read(&path)
                        .map_err(|e| Problem::new(&origin, format!("cannot read: {e}")))
                        .and_then(|b| decode_article_bytes(b, &origin));
                    match items {
                        Ok(text) => self.pending.extend(parse_json_document(&text, &origin)),
                        Err(p) => self.pending.push_back(Err(p)),
                    }
                    return;
                }
                if ext == "jsonl" {
                    match File::open(&path) {
                        Ok(f) => {
                            self.open = Some(Open::Jsonl {
                                origin,
                                lines: Box::new(BufReader::new(f)),
                                line_no: 0,
                            })
                        }
                        Err(e) => self
                            .pending
                            .push_back(Err(Problem::new(origin, format!("cannot open: {e}")))),
                    }
                    return;
                }
                let item = std::fs::read(&path)
                    .map_err(|e| Problem::new(&origin, format!("cannot read: {e}")))
                    .and_then(|b| decode_article_bytes(b, &origin))
                    .and_then(|body| {
                        let is_html = ext == "html" || ext == "htm" || looks_like_html(&body);
                        if is_html && !crate::html::has_text(&body) {
                            return Err(Problem::new(
                                &origin,
                                "HTML without a body: no article text found",
                            ));
                        }
                        Ok(Article {
                            id: file_stem(&origin),
                            body,
                            is_html,
                            origin: origin.clone(),
                            ..Article::default()
                        })
                    });
                self.pending.push_back(item);
            }
        }
    }

    fn next_jsonl(&mut self) -> Option<Result<Article, Problem>> {
        let Some(Open::Jsonl {
            origin,
            lines,
            line_no,
        }) = self.open.as_mut()
        else {
            return None;
        };
        loop {
            let mut buf = Vec::new();
            *line_no += 1;
            match lines.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    if *line_no == 1 {
                        let o = origin.clone();
                        self.open = None;
                        return Some(Err(Problem::new(o, "empty file: nothing to code")));
                    }
                    self.open = None;
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    let o = format!("{origin}:{line_no}");
                    self.open = None;
                    return Some(Err(Problem::new(o, format!("cannot read: {e}"))));
                }
            }
            let at = format!("{origin}:{line_no}");
            let line = match String::from_utf8(buf) {
                Ok(l) => l,
                Err(e) => {
                    return Some(Err(Problem::new(
                        at,
                        format!(
                            "not valid UTF-8 (first bad byte at column {})",
                            e.utf8_error().valid_up_to() + 1
                        ),
                    )))
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            return Some(parse_jsonl_line(
                line.trim_end_matches(['\n', '\r']),
                origin,
                *line_no,
            ));
        }
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, left_out: &mut Vec<PathBuf>) -> Result<(), String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("cannot read folder: {e}"))?;
    for entry in rd.flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out, left_out)?;
        } else if p
            .extension()
            .map(|e| EXTENSIONS.contains(&e.to_string_lossy().to_ascii_lowercase().as_str()))
            .unwrap_or(false)
        {
            out.push(p);
        } else {
            left_out.push(p);
        }
    }
    Ok(())
}

impl Iterator for Reader {
    type Item = Result<Article, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(p) = self.pending.pop_front() {
                return Some(p);
            }
            if self.open.is_some() {
                if let Some(item) = self.next_jsonl() {
                    return Some(item);
                }
                continue;
            }
            let src = self.sources.pop_front()?;
            self.open_next(src);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmpdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("dyad-input-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn bad_files_are_reported_and_good_ones_read() {
        let d = tmpdir("batch");
        std::fs::write(d.join("a.txt"), "Japan praised Russia.").unwrap();
        std::fs::write(d.join("b.txt"), b"\x00\x01\x02binary").unwrap();
        std::fs::write(d.join("c.txt"), "").unwrap();
        std::fs::write(d.join("d.txt"), b"caf\xe9").unwrap();
        std::fs::write(
            d.join("e.jsonl"),
            "{\"id\":\"x\",\"text\":\"Tokyo hosted Seoul.\"}\n{not json\n{\"id\":\"y\",\"text\":\"ok\",\"published\":\"soon\"}\n",
        )
        .unwrap();
        let items: Vec<_> = Reader::new(&[&d]).collect();
        let ok: Vec<_> = items
            .iter()
            .filter_map(|i| i.as_ref().ok())
            .map(|a| a.id.clone())
            .collect();
        assert_eq!(ok, vec!["a", "x"]);
        let errs: Vec<String> = items
            .iter()
            .filter_map(|i| i.as_ref().err())
            .map(|p| p.to_string())
            .collect();
        assert_eq!(errs.len(), 5, "{errs:?}");
        assert!(errs[0].contains("b.txt") && errs[0].contains("binary"));
        assert!(errs[1].contains("c.txt") && errs[1].contains("empty"));
        assert!(errs[2].contains("d.txt") && errs[2].contains("UTF-8"));
        assert!(errs[3].contains("e.jsonl:2") && errs[3].contains("malformed JSON"));
        assert!(errs[4].contains("e.jsonl:3") && errs[4].contains("unknown date format"));
    }

    #[test]
    fn missing_path_is_a_problem_not_a_panic() {
        let items: Vec<_> = Reader::new(&["/nonexistent/dyad/x.txt"]).collect();
        assert_eq!(items.len(), 1);
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .message
            .contains("no such file"));
    }

    #[test]
    fn html_without_body_is_rejected() {
        let d = tmpdir("html");
        std::fs::write(
            d.join("a.html"),
            "<html><head><title>x</title></head></html>",
        )
        .unwrap();
        let items: Vec<_> = Reader::new(&[d.join("a.html")]).collect();
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .message
            .contains("without a body"));
    }

    #[test]
    fn published_dates() {
        assert_eq!(
            parse_published("2018-03-27").unwrap().to_string(),
            "2018-03-27"
        );
        assert_eq!(
            parse_published("2018-03-27 10:00").unwrap().to_string(),
            "2018-03-27"
        );
        assert!(parse_published("March 2018").is_err());
    }

    #[test]
    fn jsonl_html_field_and_numeric_id() {
        let a = parse_jsonl_line(r#"{"id": 7, "html": "<p>Hi</p>"}"#, "f.jsonl", 3).unwrap();
        assert_eq!(a.id, "7");
        assert!(a.is_html);
        let e = parse_jsonl_line(r#"{"id": "z"}"#, "f.jsonl", 4).unwrap_err();
        assert_eq!(e.origin, "f.jsonl:4");
    }
}
