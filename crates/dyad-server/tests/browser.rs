//! End to end: the dashboard in headless Chromium, driven through
//! chromedriver, on a database ingested from the bundled `examples/`.
//!
//! WebDriver is plain JSON over HTTP, so the few commands needed here are
//! spoken with std's `TcpStream`: a WebDriver client crate would add a
//! second HTTP and URL stack (and minutes of compile time) for six calls.
//!
//! Without chromium/chromedriver the test is skipped, except under CI
//! (env `CI` set), where it fails: `scripts/test.sh` installs them.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dyad_core::input::Reader;
use dyad_store::{IngestOptions, Store};
use serde_json::{json, Value};

/// The W3C WebDriver key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_exe(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP/1.1 exchange; returns (status, body). chromedriver keeps the
/// connection open whatever the request says, so the body is read by its
/// Content-Length (or chunks) rather than to the end of the stream.
fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<(u16, Vec<u8>), String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(90))).unwrap();
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    );
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    let mut fill = |raw: &mut Vec<u8>| -> Result<bool, String> {
        let n = s.read(&mut chunk).map_err(|e| e.to_string())?;
        raw.extend_from_slice(&chunk[..n]);
        Ok(n > 0)
    };
    let split = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if !fill(&mut raw)? {
            return Err("connection closed before the headers ended".into());
        }
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("no status")?;
    let length = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        (k.trim() == "content-length").then(|| v.trim().parse::<usize>().ok())?
    });
    let start = split + 4;
    if let Some(len) = length {
        while raw.len() < start + len {
            if !fill(&mut raw)? {
                return Err("connection closed in the body".into());
            }
        }
        return Ok((status, raw[start..start + len].to_vec()));
    }
    if !head.contains("transfer-encoding: chunked") {
        while fill(&mut raw)? {}
        return Ok((status, raw[start..].to_vec()));
    }
    // Chunked: read until the last (empty) chunk has arrived, then decode.
    while !raw[start..].windows(5).any(|w| w == b"0\r\n\r\n") {
        if !fill(&mut raw)? {
            break;
        }
    }
    let mut out = Vec::new();
    let mut rest = &raw[start..];
    while let Some(i) = rest.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&rest[..i]).trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < i + 2 + size {
            break;
        }
        out.extend_from_slice(&rest[i + 2..i + 2 + size]);
        rest = rest.get(i + 4 + size..).unwrap_or_default();
    }
    Ok((status, out))
}

fn b64decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// A chromedriver process with one browser session.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(chromium: &Path, chromedriver: &Path) -> Browser {
        let port = free_port();
        let mut driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let started = Instant::now();
        loop {
            if let Ok((200, body)) = http(port, "GET", "/status", None) {
                let v: Value = serde_json::from_slice(&body).unwrap_or_default();
                if v["value"]["ready"] == true {
                    break;
                }
            }
            if started.elapsed() > Duration::from_secs(20) {
                // Not yet owned by a `Browser`, whose Drop would stop it.
                let _ = driver.kill();
                let _ = driver.wait();
                panic!("chromedriver did not answer on port {port} within 20 s");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.display().to_string(),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.path().display()),
                    "--window-size=1440,1180", "--force-device-scale-factor=1",
                ]
            }
        }}});
        let mut b = Browser {
            driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        let v = b.call("POST", "/session", Some(caps));
        b.session = v["sessionId"].as_str().expect("session id").to_string();
        b
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, bytes) = http(self.port, method, path, body.as_ref())
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let v: Value = serde_json::from_slice(&bytes).unwrap_or_default();
        assert!(status < 400, "{method} {path}: {status} {v}");
        v["value"].clone()
    }

    fn s(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn goto(&self, url: &str) {
        self.s("POST", "/url", Some(json!({ "url": url })));
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        self.s(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| e[ELEMENT].as_str().map(str::to_string))
        .collect()
    }

    /// Waits until `css` matches something; returns the first match.
    fn wait(&self, css: &str) -> String {
        let started = Instant::now();
        loop {
            if let Some(e) = self.find_all(css).into_iter().next() {
                return e;
            }
            if started.elapsed() > Duration::from_secs(20) {
                let page = self.js(
                    "return location.href + ' | ' + document.body.innerText.slice(0, 600)",
                    json!([]),
                );
                panic!("nothing matched {css} within 20 s; the page shows: {page}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn click(&self, el: &str) {
        self.s("POST", &format!("/element/{el}/click"), Some(json!({})));
    }

    fn type_into(&self, el: &str, text: &str) {
        self.s("POST", &format!("/element/{el}/clear"), Some(json!({})));
        self.s(
            "POST",
            &format!("/element/{el}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn text(&self, el: &str) -> String {
        self.s("GET", &format!("/element/{el}/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn js(&self, script: &str, args: Value) -> Value {
        self.s(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    fn screenshot(&self) -> Vec<u8> {
        b64decode(
            self.s("GET", "/screenshot", None)
                .as_str()
                .expect("base64 PNG"),
        )
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http(
                self.port,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn dashboard_in_headless_chromium() {
    let chromium = find_exe(&["chromium", "chromium-browser", "google-chrome"]);
    let chromedriver = find_exe(&["chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
        if std::env::var_os("CI").is_some() {
            panic!("chromium and chromedriver are required under CI: apt-get install -y chromium chromium-driver (scripts/test.sh does this)");
        }
        let why = "chromium or chromedriver missing (apt-get install chromium chromium-driver; scripts/test.sh does this as root)";
        println!("skipping: {why}");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("skipped");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join("dyad-server::dashboard_in_headless_chromium"), why);
        return;
    };

    // A database from the bundled examples.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("examples.db");
    let examples = repo().join("examples");
    let tally = dyad_store::ingest(
        Store::open(&db).unwrap(),
        &dyad_server::pipeline(),
        Reader::new(&[examples]),
        &IngestOptions::default(),
        &|_| {},
    )
    .unwrap();
    assert!(tally.events > 0, "{tally}");

    // The server, in-process on a free loopback port.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let router = dyad_server::app(dyad_server::Config::new(&db)).unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    rt.spawn(dyad_server::serve_on(listener, router, async {
        let _ = stopped.await;
    }));

    let b = Browser::start(&chromium, &chromedriver);
    b.goto(&format!("http://{addr}/"));
    // The datalist holds the codes present in the database.
    b.wait("#codes option[value='RUS']");

    // Choose the pair as a person would: type the codes and press Show.
    let a = b.wait("#code-a");
    b.type_into(&a, "jpn");
    let bb = b.wait("#code-b");
    b.type_into(&bb, "rus");
    b.click(&b.wait("#show"));
    b.wait("#chart-svg rect.bar");
    assert_eq!(b.text(&b.wait("#chart-title")), "JPN–RUS relations");
    assert!(
        !b.find_all("#chart-svg path.gs-line").is_empty(),
        "no Goldstein line"
    );
    assert!(!b.find_all("#legend i.line").is_empty(), "no legend");

    // The map: Natural Earth country shapes, the dyad's placed events as dots,
    // the places listed beside it; a dot selects its place in the list.
    b.wait("#map-svg path.country");
    assert!(
        b.find_all("#map-svg path.country").len() > 100,
        "country shapes"
    );
    b.wait("#map-svg circle.place");
    assert!(b.text(&b.wait("#map-sub")).contains("events placed"));
    // Dots of nearby places overlap: click one that is on top at its centre.
    let dot = b.js(
        "return [...document.querySelectorAll('#map-svg circle.place')].find(c => {
            const r = c.getBoundingClientRect();
            return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === c;
        })",
        json!([]),
    );
    let dot = dot[ELEMENT]
        .as_str()
        .expect("a map dot not covered by another")
        .to_string();
    b.click(&dot);
    let selected = b.text(&b.wait("#map-events li.map-event.selected"));
    assert!(selected.contains("event"), "{selected}");
    // Filtered like the chart: a PLOVER type without JPN-RUS events empties it.
    b.js(
        "document.getElementById('plover').value = 'ASSAULT'",
        json!([]),
    );
    b.click(&b.wait("#show"));
    b.wait("#map-events li.sub");
    assert!(b.find_all("#map-svg circle.place").is_empty());
    b.js("document.getElementById('plover').value = ''", json!([]));
    b.click(&b.wait("#show"));
    b.wait("#map-svg circle.place");

    // Click the busiest period's bar: its events are listed with the evidence.
    let busiest = b.js(
        "return [...document.querySelectorAll('#chart-svg rect.hit.has-events')]
            .sort((x, y) => y.dataset.events - x.dataset.events)[0]",
        json!([]),
    );
    let bar = busiest[ELEMENT]
        .as_str()
        .expect("a period with events")
        .to_string();
    b.click(&bar);
    b.wait("#events li.event .sentence mark");
    let first = b.text(&b.wait("#events li.event"));
    assert!(
        first.contains('→') && first.contains("CAMEO") && first.contains("date"),
        "{first}"
    );
    let title = b.text(&b.wait("#events-title"));
    assert!(title.starts_with("JPN–RUS events in "), "{title}");

    // An event's article opens with its summary.
    b.click(&b.wait("#events li.event a.art-link"));
    b.wait("#article-card .summary");

    // Search.
    let q = b.wait("#search-q");
    b.type_into(&q, "peace treaty");
    b.click(&b.wait("#search-form button"));
    b.wait("#search-results mark.hit");

    b.js("window.scrollTo(0, 0)", json!([]));
    let png = b.screenshot();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    // The README's picture is refreshed only on request, so test runs leave the tree clean.
    let out = if std::env::var_os("DYAD_UPDATE_SCREENSHOT").is_some() {
        repo().join("docs/dashboard.png")
    } else {
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("dashboard.png")
    };
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(&out, &png).unwrap();
    println!("screenshot: {} ({} bytes)", out.display(), png.len());

    drop(b);
    let _ = stop.send(());
}

#[test]
fn base64_decoding() {
    assert_eq!(b64decode("aGVsbG8="), b"hello");
    assert_eq!(b64decode("aGk="), b"hi");
    assert_eq!(b64decode("YWJj"), b"abc");
}
