//! Regression tests for issue 15 (reliability), from the user's side: each
//! runs the `dyad` binary on an input that used to crash, hang, exhaust
//! memory or lose articles, and checks the clear message and that the rest of
//! the batch is coded. Sizes are kept small; `dyad bench --hostile` measures
//! time and memory at scale.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-reliab-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn events(o: &Output) -> Vec<serde_json::Value> {
    text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/japan-russia-2018.txt")
}

/// Waits for a child at most `secs` (its output drained meanwhile, so a
/// full pipe cannot stall it); kills it and fails on a hang.
fn wait_bounded(mut child: Child, secs: u64, what: &str) -> Output {
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut v);
            }
            v
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            let e = err.join().unwrap();
            panic!(
                "{what}: still running after {secs} s (hang); stderr: {}",
                text(&e)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn run_bounded(cmd: &mut Command, secs: u64, what: &str) -> Output {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_bounded(child, secs, what)
}

fn with_stdin(cmd: &mut Command, input: Vec<u8>) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut sin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = sin.write_all(&input);
    });
    let o = wait_bounded(child, 120, "stdin run");
    writer.join().unwrap();
    o
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| text(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

// 1. `&` then multi-byte text in HTML panicked in the entity decoder.
#[test]
fn ampersand_before_multibyte_text_in_html_is_coded() {
    let d = tmp("amp");
    std::fs::write(d.join("a.html"), "<p>Japan praised Russia. &ééééééé</p>").unwrap();
    let o = run_bounded(
        dyad().arg("code").arg(d.join("a.html")).arg(example()),
        60,
        "amp",
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let ev = events(&o);
    assert!(ev.iter().any(|e| e["article"] == "a"), "{ev:?}");
    assert!(ev.iter().any(|e| e["article"] == "japan-russia-2018"));
}

// 2. The same id twice in one ingest batch made FTS5 "malformed".
#[test]
fn same_id_twice_in_one_batch_replaces_and_keeps_search_sound() {
    let d = tmp("sameid");
    std::fs::write(
        d.join("upd.jsonl"),
        "{\"id\":\"a\",\"text\":\"Japan praised Russia.\"}\n{\"id\":\"a\",\"text\":\"Japan praised Russia. China condemned India.\"}\n{\"id\":\"a\",\"text\":\"Japan praised Russia. China condemned Brazil.\"}\n",
    )
    .unwrap();
    let db = d.join("upd.db");
    let o = run_bounded(
        dyad()
            .arg("ingest")
            .arg(d.join("upd.jsonl"))
            .arg("--db")
            .arg(&db),
        60,
        "ingest",
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let s = run_bounded(
        dyad().args(["search", "condemned", "--db"]).arg(&db),
        60,
        "search",
    );
    assert_eq!(s.status.code(), Some(0), "{}", text(&s.stderr));
    let out = text(&s.stdout);
    assert!(out.contains("Brazil") && !out.contains("India"), "{out}");
    let conn = rusqlite_check(&db);
    assert_eq!(conn, "ok");
}

/// FTS5's own integrity check, and the index agreeing with the table.
fn rusqlite_check(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    if let Err(e) = c.execute(
        "INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')",
        [],
    ) {
        return e.to_string();
    }
    let n: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM sentences_fts WHERE sentences_fts MATCH 'India'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if n != 0 {
        return format!("{n} stale index entries");
    }
    "ok".into()
}

// 3. and 8. A long article of short sentences: summary and coding stay bounded.
#[test]
fn article_of_many_short_sentences_is_ingested() {
    let d = tmp("many");
    std::fs::write(d.join("s.txt"), "Russia attacked Ukraine. ".repeat(6000)).unwrap();
    let o = run_bounded(
        dyad()
            .arg("ingest")
            .arg(d.join("s.txt"))
            .arg("--db")
            .arg(d.join("s.db")),
        120,
        "ingest",
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("1 added"), "{}", text(&o.stderr));
}

// 5. Extreme dates panicked (`--at`) or compared as text (`since`).
#[test]
fn extreme_dates_are_refused_with_a_message() {
    let d = tmp("dates");
    let db = d.join("x.db");
    let o = run_bounded(
        dyad().arg("ingest").arg(example()).arg("--db").arg(&db),
        60,
        "ingest",
    );
    assert_eq!(o.status.code(), Some(0));
    for args in [
        vec!["alerts", "--at=-262143-01-01"],
        vec!["alerts", "--at=+262142-12-31"],
        vec!["relations", "JPN", "RUS", "--since=+262142-12-31"],
    ] {
        let o = run_bounded(dyad().args(&args).arg("--db").arg(&db), 60, "dates");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains("out of range"),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
    // An event year past 9999 is left undated, not written as "10000".
    let mut c = dyad();
    c.args(["code", "-", "--published", "9999-12-31"]);
    let o = with_stdin(&mut c, b"Japan will visit Russia next year.\n".to_vec());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for e in events(&o) {
        let date = e["date"].as_str().unwrap_or("");
        assert!(
            date.is_empty() || date.len() == 4 || date.len() == 10,
            "{e}"
        );
        assert!(!date.starts_with("10000"), "{e}");
    }
}

// 6. A FIFO hung forever, in a folder or as a path.
#[cfg(unix)]
#[test]
fn named_pipes_do_not_hang() {
    let d = tmp("fifo");
    std::fs::copy(example(), d.join("a.txt")).unwrap();
    let fifo = d.join("pipe.txt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let o = run_bounded(dyad().arg("code").arg(&d), 60, "folder with a FIFO");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("pipe.txt"), "{}", text(&o.stderr));
    assert!(events(&o).iter().any(|e| e["article"] == "a"));
    let o = run_bounded(
        dyad().arg("code").arg(&fifo).arg(example()),
        60,
        "FIFO path",
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("named pipe"),
        "{}",
        text(&o.stderr)
    );
}

// 7. Pathological HTML (no `>`; stray end tags) is coded promptly.
#[test]
fn pathological_html_is_coded() {
    let d = tmp("html");
    let mut a = String::from("<html><body><p>Japan praised Russia.</p>");
    a.push_str(&"<a ".repeat(100_000));
    std::fs::write(d.join("a.html"), &a).unwrap();
    let mut b = String::from("<html><body><p>Japan praised Russia.</p>");
    b.push_str(&"<div></x>".repeat(30_000));
    std::fs::write(d.join("b.html"), &b).unwrap();
    let o = run_bounded(dyad().arg("code").arg(&d), 120, "html");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let ev = events(&o);
    assert!(ev.iter().any(|e| e["article"] == "a"), "{ev:?}");
    assert!(ev.iter().any(|e| e["article"] == "b"), "{ev:?}");
}

// 10. Inputs over the limit are refused without being read whole.
#[test]
fn oversized_inputs_are_refused_while_reading() {
    let d = tmp("big");
    // A sparse 1.2 GB file: refused from its size, never read.
    let f = std::fs::File::create(d.join("huge.txt")).unwrap();
    f.set_len(1_200_000_000).unwrap();
    drop(f);
    // A JSONL line of 40 MB, then a good line.
    let mut j = Vec::new();
    j.extend_from_slice(b"{\"id\":\"big\",\"text\":\"");
    j.extend(std::iter::repeat_n(b'a', 40 << 20));
    j.extend_from_slice(b"\"}\n{\"id\":\"ok\",\"text\":\"Japan praised Russia.\"}\n");
    std::fs::write(d.join("b.jsonl"), j).unwrap();
    let o = run_bounded(dyad().arg("code").arg(&d), 120, "big");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("huge.txt") && err.contains("limit"), "{err}");
    assert!(err.contains("b.jsonl:1") && err.contains("limit"), "{err}");
    assert!(events(&o).iter().any(|e| e["article"] == "ok"));
    // An endless device is cut at the limit.
    if Path::new("/dev/zero").exists() {
        let o = run_bounded(dyad().args(["code", "/dev/zero"]), 60, "/dev/zero");
        assert_eq!(o.status.code(), Some(1));
        assert!(text(&o.stderr).contains("limit"), "{}", text(&o.stderr));
    }
}

// 12. A database whose creation was killed early (no application id) is
// taken over, not refused forever.
#[test]
fn database_abandoned_while_being_created_is_recreated() {
    let d = tmp("abandon");
    let db = d.join("x.db");
    // What a kill in the first milliseconds left: an SQLite header in WAL
    // mode, no tables, no application id.
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        let mode: String = c
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
    assert!(std::fs::metadata(&db).unwrap().len() > 0);
    let o = run_bounded(
        dyad().arg("ingest").arg(example()).arg("--db").arg(&db),
        60,
        "ingest",
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("1 added"), "{}", text(&o.stderr));
    let left: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("creating"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

// 13. and 14. The folder walk reports what it cannot read, goes on, and
// reads each file once through a symlink loop.
#[cfg(unix)]
#[test]
fn folder_walk_reports_and_goes_on_and_survives_link_loops() {
    let d = tmp("walk");
    std::fs::copy(example(), d.join("a.txt")).unwrap();
    std::fs::create_dir(d.join("b")).unwrap();
    std::fs::copy(example(), d.join("b").join("b.txt")).unwrap();
    std::fs::create_dir(d.join("c")).unwrap();
    std::fs::copy(example(), d.join("c").join("c.txt")).unwrap();
    std::os::unix::fs::symlink(".", d.join("loop")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/dyad", d.join("gone.txt")).unwrap();
    let locked = d.join("b");
    let root = is_root();
    if !root {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let o = run_bounded(dyad().arg("code").arg(&d), 120, "walk");
    if !root {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    let mut per_article = std::collections::BTreeMap::new();
    for e in events(&o) {
        *per_article
            .entry(e["article"].as_str().unwrap().to_string())
            .or_insert(0usize) += 1;
    }
    let one = *per_article.get("a").expect("a coded");
    assert_eq!(
        per_article.get("c"),
        Some(&one),
        "c after the bad entries: {err}"
    );
    assert!(per_article.values().all(|&n| n == one), "{per_article:?}");
    assert!(err.contains("gone.txt"), "{err}");
    assert!(err.contains("loop"), "{err}");
    if !root {
        assert!(err.contains("cannot read folder"), "{err}");
    }
}

// 15. stdin JSONL is read line by line: over 16 MiB in all, one bad line, a
// non-object first line.
#[test]
fn stdin_jsonl_is_read_line_by_line() {
    let mut input = Vec::new();
    let pad = " ".repeat(2000);
    for i in 0..9000 {
        input.extend_from_slice(
            format!("{{\"id\":\"s{i}\",\"text\":\"Japan praised Russia.{pad}\"}}\n").as_bytes(),
        );
    }
    input.extend_from_slice(b"{\"id\":\"bad\",\"text\":\"caf\xe9\"}\n");
    input.extend_from_slice(b"{\"id\":\"last\",\"text\":\"China condemned India.\"}\n");
    assert!(input.len() > 16 << 20);
    let o = with_stdin(dyad().args(["code", "-"]), input);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("<stdin>:9001") && err.contains("UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("9002 articles read, 9001 coded, 1 skipped"),
        "{err}"
    );
    for first in ["[1, 2]", "null"] {
        let input = format!("{first}\n{{\"id\":\"x\",\"text\":\"Japan praised Russia.\"}}\n");
        let o = with_stdin(dyad().args(["code", "-"]), input.into_bytes());
        let err = text(&o.stderr);
        assert!(
            err.contains("<stdin>:1") && err.contains("JSON object"),
            "{err}"
        );
        assert!(events(&o).iter().all(|e| e["article"] == "x"), "{err}");
        assert!(!events(&o).is_empty(), "{err}");
    }
}

// 16. Read commands work on a database in a read-only folder.
#[cfg(unix)]
#[test]
fn read_only_folder_database_can_be_read() {
    if is_root() {
        eprintln!(
            "skipped: root can write to read-only folders (see dyad-store's immutable-open test)"
        );
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let d = tmp("ro");
    let db = d.join("x.db");
    let o = run_bounded(
        dyad().arg("ingest").arg(example()).arg("--db").arg(&db),
        60,
        "i",
    );
    assert_eq!(o.status.code(), Some(0));
    std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o555)).unwrap();
    let o = run_bounded(
        dyad().args(["relations", "JPN", "RUS", "--db"]).arg(&db),
        60,
        "r",
    );
    let s = run_bounded(dyad().args(["search", "Russia", "--db"]).arg(&db), 60, "s");
    std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(s.status.code(), Some(0), "{}", text(&s.stderr));
}

// 17. BOM, lone CR, huge numeric ids, NUL bytes past 8 KiB.
#[test]
fn bom_cr_ids_and_late_nul_bytes() {
    let d = tmp("small");
    let body = "Japan praised Russia on Monday.\n";
    std::fs::write(d.join("bom.txt"), format!("\u{feff}{body}")).unwrap();
    std::fs::write(d.join("plain.txt"), body).unwrap();
    std::fs::write(
        d.join("cr.txt"),
        "Japan praised Russia\r\rJapan praised Russia on Monday for its help.\rChina condemned India on Tuesday.\r",
    )
    .unwrap();
    std::fs::write(
        d.join("ids.jsonl"),
        "\u{feff}{\"id\":123456789012345678901234567890,\"text\":\"Japan praised Russia.\"}\n{\"id\":123456789012345678901234567891,\"text\":\"China condemned India.\"}\n",
    )
    .unwrap();
    let mut nul = "Japan praised Russia. ".repeat(500).into_bytes();
    nul.push(0);
    std::fs::write(d.join("nul.txt"), nul).unwrap();
    let o = run_bounded(dyad().arg("code").arg(&d), 60, "small");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let ev = events(&o);
    let of = |id: &str| -> Vec<&serde_json::Value> {
        ev.iter().filter(|e| e["article"] == id).collect()
    };
    // The BOM is a character of the file: offsets count it.
    let (b, p) = (of("bom"), of("plain"));
    assert!(!b.is_empty() && !p.is_empty());
    assert_eq!(
        b[0]["char_start"].as_u64().unwrap(),
        p[0]["char_start"].as_u64().unwrap() + 1
    );
    // Lone CR line endings: both sentences coded.
    assert!(of("cr").len() >= 2, "{:?}", of("cr"));
    // Huge ids keep every digit and stay distinct.
    assert_eq!(of("123456789012345678901234567890").len(), 1, "{ev:?}");
    assert_eq!(of("123456789012345678901234567891").len(), 1, "{ev:?}");
    // NUL past the first 8 KiB: binary.
    assert!(of("nul").is_empty());
    assert!(
        text(&o.stderr).contains("nul.txt") && text(&o.stderr).contains("NUL"),
        "{}",
        text(&o.stderr)
    );
}
