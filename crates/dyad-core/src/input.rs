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

use crate::error::DateError;

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

impl std::error::Error for Problem {}

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
pub fn parse_published(s: &str) -> Result<NaiveDate, DateError> {
    let d = parse_published_any(s)?;
    in_range(d, s)
}

/// Parses a day given as `YYYY-MM-DD`, years 0001 to 9999 (a command-line or
/// query date: `since`, `until`, `at`).
///
/// ```
/// use dyad_core::input::parse_day;
/// assert!(parse_day("2018-03-27").is_ok());
/// assert!(parse_day("+262142-12-31").is_err());
/// ```
pub fn parse_day(s: &str) -> Result<NaiveDate, DateError> {
    let t = s.trim();
    let d =
        NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| DateError::NotADay(t.to_string()))?;
    in_range(d, s)
}

fn in_range(d: NaiveDate, s: &str) -> Result<NaiveDate, DateError> {
    use chrono::Datelike;
    if (1..=9999).contains(&d.year()) {
        Ok(d)
    } else {
        Err(DateError::OutOfRange(s.trim().to_string()))
    }
}

fn parse_published_any(s: &str) -> Result<NaiveDate, DateError> {
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
    Err(DateError::UnknownFormat(t.to_string()))
}

#[derive(Deserialize)]
struct JsonArticle {
    /// Raw, so that a numeric id keeps every digit (a float would round it).
    id: Option<Box<serde_json::value::RawValue>>,
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
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    if !line.trim_start().starts_with('{') {
        let found = match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Array(_)) => "an array",
            Ok(serde_json::Value::Null) => "null",
            Ok(serde_json::Value::String(_)) => "a string",
            Ok(serde_json::Value::Number(_)) => "a number",
            Ok(serde_json::Value::Bool(_)) => "a boolean",
            _ => "text that is not JSON",
        };
        return Err(Problem::new(
            &at,
            format!(
                "expected one JSON object per line ({{\"id\": ..., \"text\": ...}}), found {found}"
            ),
        ));
    }
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
            // Through text: the raw id keeps a number's digits.
            let j: JsonArticle = serde_json::from_str(&v.to_string())
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
    let bad_id = || Problem::new(&at, "\"id\" must be a non-empty string or a number");
    let id = match j.id.as_deref().map(serde_json::value::RawValue::get) {
        Some(raw) if raw.starts_with('"') => match serde_json::from_str::<String>(raw) {
            Ok(s) if !s.trim().is_empty() => s,
            _ => return Err(bad_id()),
        },
        // A number keeps its digits exactly as written.
        Some(raw) if raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) => raw.to_string(),
        Some("null") | None => default_id,
        Some(_) => return Err(bad_id()),
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
            Some(parse_published(p).map_err(|e| Problem::new(&at, e.to_string()))?)
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
    let body = body.strip_prefix('\u{feff}').unwrap_or(body).trim_start();
    let head = body.get(..512.min(body.len())).unwrap_or_else(|| {
        let mut end = 512.min(body.len());
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        &body[..end]
    });
    let lower = head.to_ascii_lowercase();
    lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<body")
}

fn over_limit(origin: &str, what: &str) -> Problem {
    Problem::new(
        origin,
        format!("{what} over the {MAX_ARTICLE_BYTES}-byte limit for one article"),
    )
}

/// Reads at most [`MAX_ARTICLE_BYTES`] from `r`: a longer input is refused as
/// soon as the limit is passed, without reading (or holding) the rest.
fn read_limited(r: impl Read, origin: &str, mut buf: Vec<u8>) -> Result<Vec<u8>, Problem> {
    let room = (MAX_ARTICLE_BYTES + 1).saturating_sub(buf.len()) as u64;
    r.take(room)
        .read_to_end(&mut buf)
        .map_err(|e| Problem::new(origin, format!("cannot read: {e}")))?;
    if buf.len() > MAX_ARTICLE_BYTES {
        return Err(over_limit(origin, "more than"));
    }
    Ok(buf)
}

/// Checks raw bytes of a whole-file article and turns them into text. A
/// byte-order mark is kept (offsets count it, as editors do); the clean stage
/// skips it.
pub fn decode_article_bytes(bytes: Vec<u8>, origin: &str) -> Result<String, Problem> {
    if bytes.is_empty() || bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Problem::new(origin, "empty file: nothing to code"));
    }
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(over_limit(origin, &format!("{} bytes,", bytes.len())));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Problem::new(
            origin,
            format!("binary file (a NUL byte at offset {at}): expected UTF-8 text, HTML or JSONL"),
        ));
    }
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

/// Reads one line (through its `\n`) into `buf`, keeping at most `limit`
/// bytes of it: the rest of an over-long line is read and dropped, so memory
/// stays bounded. Returns the bytes consumed (0 at the end) and whether the
/// line was cut.
fn read_line_limited(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<(usize, bool)> {
    let (mut consumed, mut cut) = (0, false);
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok((consumed, cut));
        }
        let (take, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        let room = limit.saturating_sub(buf.len());
        if take > room {
            cut = true;
        }
        buf.extend_from_slice(&avail[..take.min(room)]);
        r.consume(take);
        consumed += take;
        if done {
            return Ok((consumed, cut));
        }
    }
}

/// Opens a file for reading without blocking on a named pipe that has no
/// writer yet (the open would wait forever); reads then block as usual.
fn open_input(path: &Path) -> std::io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        use std::os::unix::io::AsRawFd;
        let f = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)?;
        // SAFETY: fcntl on a descriptor we own; only clears O_NONBLOCK.
        unsafe {
            let fd = f.as_raw_fd();
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
        Ok(f)
    }
    #[cfg(not(unix))]
    {
        File::open(path)
    }
}

#[cfg(unix)]
fn is_fifo(m: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    m.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_fifo(_: &std::fs::Metadata) -> bool {
    false
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
                let mut walker = Walker::default();
                walker.walk(p, &mut files, &mut pending);
                left_out.append(&mut walker.left_out);
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
            Source::Stdin => self.open_stdin(Box::new(BufReader::new(std::io::stdin()))),
            Source::File(path) => {
                let origin = path.display().to_string();
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_default();
                if ext == "json" {
                    let items = open_input(&path)
                        .map_err(|e| Problem::new(&origin, format!("cannot open: {e}")))
                        .and_then(|f| read_limited(f, &origin, Vec::new()))
                        .and_then(|b| decode_article_bytes(b, &origin));
                    match items {
                        Ok(text) => self.pending.extend(parse_json_document(&text, &origin)),
                        Err(p) => self.pending.push_back(Err(p)),
                    }
                    return;
                }
                let meta = std::fs::metadata(&path).ok();
                let fifo = meta.as_ref().is_some_and(is_fifo);
                if let Some(m) = &meta {
                    if m.is_file() && m.len() > MAX_ARTICLE_BYTES as u64 && ext != "jsonl" {
                        self.pending
                            .push_back(Err(over_limit(&origin, &format!("{} bytes,", m.len()))));
                        return;
                    }
                }
                let file = match open_input(&path) {
                    Ok(f) => f,
                    Err(e) => {
                        self.pending
                            .push_back(Err(Problem::new(origin, format!("cannot open: {e}"))));
                        return;
                    }
                };
                if ext == "jsonl" {
                    self.open = Some(Open::Jsonl {
                        origin,
                        lines: Box::new(BufReader::new(file)),
                        line_no: 0,
                    });
                    return;
                }
                let item = read_limited(file, &origin, Vec::new())
                    .and_then(|b| {
                        if fifo && b.is_empty() {
                            return Err(Problem::new(
                                &origin,
                                "a named pipe (FIFO) with nothing written to it: nothing to code",
                            ));
                        }
                        decode_article_bytes(b, &origin)
                    })
                    .and_then(|body| text_article(body, file_stem(&origin), &origin, &ext));
                self.pending.push_back(item);
            }
        }
    }

    /// Standard input: JSONL, read line by line, when the first thing in it
    /// is JSON (`{`, `[`, or a first line that parses, like `null`); else one
    /// plain-text or HTML article.
    fn open_stdin(&mut self, mut r: Box<dyn BufRead + Send>) {
        const ORIGIN: &str = "<stdin>";
        let fail = |e: std::io::Error| Problem::new(ORIGIN, format!("cannot read: {e}"));
        // Leading whitespace, kept for the line numbers and the text offsets.
        let mut lead = Vec::new();
        let first = loop {
            let avail = match r.fill_buf() {
                Ok(a) => a,
                Err(e) => return self.pending.push_back(Err(fail(e))),
            };
            let Some(&b) = avail.first() else { break None };
            if !b.is_ascii_whitespace() {
                break Some(b);
            }
            if lead.len() > MAX_ARTICLE_BYTES {
                return self.pending.push_back(Err(over_limit(ORIGIN, "more than")));
            }
            lead.push(b);
            r.consume(1);
        };
        let Some(first) = first else {
            return self
                .pending
                .push_back(Err(Problem::new(ORIGIN, "empty input: nothing to code")));
        };
        let jsonl = |this: &mut Reader, pushed: Vec<u8>, r: Box<dyn BufRead + Send>| {
            this.open = Some(Open::Jsonl {
                origin: ORIGIN.into(),
                lines: Box::new(std::io::Cursor::new(pushed).chain(r)),
                line_no: 0,
            });
        };
        if first == b'{' || first == b'[' {
            return jsonl(self, lead, r);
        }
        let mut line = lead;
        let start = line.len();
        let cut = match read_line_limited(r.as_mut(), &mut line, MAX_ARTICLE_BYTES + 1) {
            Ok((_, cut)) => cut,
            Err(e) => return self.pending.push_back(Err(fail(e))),
        };
        if cut {
            return self.pending.push_back(Err(over_limit(ORIGIN, "more than")));
        }
        let first_line = String::from_utf8_lossy(&line[start..]);
        let first_line = first_line.trim().trim_start_matches('\u{feff}');
        if first_line.starts_with(['{', '['])
            || serde_json::from_str::<serde_json::Value>(first_line).is_ok()
        {
            return jsonl(self, line, r);
        }
        let item = read_limited(r, ORIGIN, line)
            .and_then(|b| decode_article_bytes(b, ORIGIN))
            .and_then(|body| {
                let id = stdin_id(&body);
                text_article(body, id, ORIGIN, "")
            });
        self.pending.push_back(item);
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
            // An article of the limit plus its JSON escaping fits; longer lines
            // are read through and reported, not held.
            match read_line_limited(lines.as_mut(), &mut buf, MAX_ARTICLE_BYTES * 2) {
                Ok((0, _)) => {
                    if *line_no == 1 {
                        let o = origin.clone();
                        self.open = None;
                        return Some(Err(Problem::new(o, "empty file: nothing to code")));
                    }
                    self.open = None;
                    return None;
                }
                Ok((_, true)) => {
                    return Some(Err(over_limit(
                        &format!("{origin}:{line_no}"),
                        "a line of more than twice",
                    )))
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

/// A text or HTML file's body as an article.
fn text_article(body: String, id: String, origin: &str, ext: &str) -> Result<Article, Problem> {
    let is_html = ext == "html" || ext == "htm" || looks_like_html(&body);
    if is_html {
        // Guarded like coding: a bug in the HTML lexer costs this file only.
        let has = std::panic::catch_unwind(|| crate::html::has_text(&body)).map_err(|_| {
            Problem::new(
                origin,
                "internal error while reading this HTML (please report it); skipped",
            )
        })?;
        if !has {
            return Err(Problem::new(
                origin,
                "HTML without a body: no article text found",
            ));
        }
    }
    Ok(Article {
        id,
        body,
        is_html,
        origin: origin.to_string(),
        ..Article::default()
    })
}

/// A recursive folder walk that reports what it cannot read and goes on,
/// follows symbolic links but never into a folder it is already inside or
/// has read (a link loop), and skips special files.
#[derive(Default)]
struct Walker {
    /// (device, inode) of every folder entered.
    seen: std::collections::HashSet<(u64, u64)>,
    /// Files that are not articles by their extension.
    left_out: Vec<PathBuf>,
}

#[cfg(unix)]
fn dir_key(m: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn dir_key(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

impl Walker {
    fn walk(
        &mut self,
        dir: &Path,
        out: &mut Vec<PathBuf>,
        problems: &mut VecDeque<Result<Article, Problem>>,
    ) {
        match std::fs::metadata(dir).ok().as_ref().and_then(dir_key) {
            Some(key) if !self.seen.insert(key) => {
                return report(
                    problems,
                    dir,
                    "a link to a folder already read (a symbolic link loop?)".into(),
                )
            }
            _ => {}
        }
        let rd = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => return report(problems, dir, format!("cannot read folder: {e}")),
        };
        for entry in rd {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    report(problems, dir, format!("cannot list an entry: {e}"));
                    continue;
                }
            };
            let p = entry.path();
            let meta = match std::fs::metadata(&p) {
                Ok(m) => m,
                Err(e) => {
                    let wanted =
                        has_input_extension(&p) || entry.file_type().is_ok_and(|t| t.is_dir());
                    if wanted {
                        report(problems, &p, format!("cannot read: {e}"));
                    }
                    continue;
                }
            };
            if meta.is_dir() {
                self.walk(&p, out, problems);
            } else if has_input_extension(&p) {
                if meta.is_file() {
                    out.push(p);
                } else {
                    report(
                        problems,
                        &p,
                        "not a regular file (a named pipe, socket or device)".into(),
                    );
                }
            } else if meta.is_file() {
                self.left_out.push(p);
            }
        }
    }
}

fn report(problems: &mut VecDeque<Result<Article, Problem>>, p: &Path, message: String) {
    problems.push_back(Err(Problem::new(p.display().to_string(), message)));
}

fn has_input_extension(p: &Path) -> bool {
    p.extension()
        .map(|e| EXTENSIONS.contains(&e.to_string_lossy().to_ascii_lowercase().as_str()))
        .unwrap_or(false)
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
