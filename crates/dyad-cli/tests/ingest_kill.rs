//! `dyad ingest` killed mid-run and re-run ends with the same database as a
//! clean run: no lost articles, no duplicated events.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const COUNTRIES: &[&str] = &[
    "Japan", "Russia", "China", "India", "Germany", "Brazil", "France", "Iran", "Turkey", "Egypt",
];
const VERBS: &[&str] = &[
    "criticized",
    "praised",
    "accused",
    "met",
    "threatened",
    "thanked",
];
const WORDS: &[&str] = &[
    "trade",
    "border",
    "energy",
    "fisheries",
    "visa",
    "grain",
    "shipping",
    "cyber",
    "water",
    "satellite",
    "pipeline",
    "tariff",
    "students",
    "vaccine",
    "railway",
    "debt",
];

/// A JSONL corpus of distinct short articles; every 10th is a syndicated copy.
fn write_corpus(path: &Path, n: usize) {
    let mut out = String::new();
    let mut state: u64 = 42;
    let mut rand = |m: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % m
    };
    let mut bodies: Vec<String> = Vec::new();
    for i in 0..n {
        let (body, id, source) = if i % 10 == 9 {
            (bodies[i - 4].clone(), format!("copy{i}"), "wire")
        } else {
            let a = COUNTRIES[rand(COUNTRIES.len())];
            let b = COUNTRIES[rand(COUNTRIES.len())];
            let v = VERBS[rand(VERBS.len())];
            let w: Vec<&str> = (0..6).map(|_| WORDS[rand(WORDS.len())]).collect();
            (
                format!(
                    "{a} {v} {b} on Monday over {} policy. Officials discussed {} and {} in talks number {i}. \
                     The {} agreement covers {} and {} until {}.",
                    w[0], w[1], w[2], w[3], w[4], w[5], 2019 + i % 7
                ),
                format!("a{i}"),
                "desk",
            )
        };
        bodies.push(body.clone());
        out.push_str(
            &serde_json::json!({"id": id, "text": body, "published": "2018-03-27", "source": source})
                .to_string(),
        );
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn summary(db: &Path) -> (i64, i64, i64, i64, i64) {
    // Opening the store checks that the file is a dyad database; the counts
    // come from a connection of the test's own (the store exposes no SQL).
    drop(dyad_store::Store::open_read_only(db).unwrap());
    let s = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    let q = |sql: &str| -> i64 { s.query_row(sql, [], |r| r.get(0)).unwrap() };
    let ok: String = s
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    (
        q("SELECT COUNT(*) FROM articles"),
        q("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL"),
        q("SELECT COUNT(*) FROM events"),
        q("SELECT COALESCE(SUM(num_articles), 0) FROM events"),
        q("SELECT COUNT(*) FROM sentences"),
    )
}

fn articles_in(db: &Path) -> i64 {
    match dyad_store::Store::open_read_only(db) {
        Ok(s) => dyad_store::browse::counts(&s).map_or(0, |c| c.articles as i64),
        Err(_) => 0,
    }
}

#[test]
fn killed_ingest_resumes_without_loss_or_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let n = 600;
    write_corpus(&corpus, n);

    let clean = dir.path().join("clean.db");
    let st = dyad()
        .args(["ingest", "--batch", "16", "--db"])
        .arg(&clean)
        .arg(&corpus)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
    let want = summary(&clean);
    assert_eq!(want.0, n as i64);
    assert_eq!(want.1, (n / 10) as i64, "every 10th article is a copy");
    assert!(want.2 > 0);

    // Kill twice at different points, then let a third run finish.
    let db = dir.path().join("killed.db");
    let mut killed_with = Vec::new();
    for target in [1, n as i64 / 2] {
        let mut child = dyad()
            .args(["ingest", "--batch", "16", "--db"])
            .arg(&db)
            .arg(&corpus)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        loop {
            if articles_in(&db) >= target || start.elapsed() > Duration::from_secs(120) {
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = child.kill();
        let _ = child.wait();
        killed_with.push(articles_in(&db));
    }
    eprintln!("killed with {killed_with:?} of {n} articles stored");
    assert!(
        killed_with[0] < n as i64,
        "the first run must have been killed before the end (had {killed_with:?})"
    );
    let out = dyad()
        .args(["ingest", "--batch", "16", "--db"])
        .arg(&db)
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(out.status.success());
    let msg = String::from_utf8_lossy(&out.stderr);
    assert!(msg.contains("unchanged"), "{msg}");
    assert_eq!(summary(&db), want, "killed at {killed_with:?} articles");
}

#[test]
fn cli_refuses_a_foreign_file_and_reports_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "not a database\n").unwrap();
    let art = dir.path().join("a.txt");
    std::fs::write(&art, "Japan praised Russia on Monday.\n").unwrap();
    for args in [
        vec!["ingest", "--db"],
        vec!["relations", "JPN", "RUS", "--db"],
        vec!["search", "Japan", "--db"],
        vec!["export", "--db"],
    ] {
        let out = dyad().args(&args).arg(&notes).arg(&art).output().unwrap();
        let out = if args[0] == "ingest" {
            out
        } else {
            dyad().args(&args).arg(&notes).output().unwrap()
        };
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let msg = String::from_utf8_lossy(&out.stderr);
        assert!(msg.contains("not a dyad database"), "{args:?}: {msg}");
    }
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "not a database\n");
}

#[test]
fn cli_end_to_end_relations_show_search_export() {
    let dir = tempfile::tempdir().unwrap();
    let art = dir.path().join("crimea.txt");
    std::fs::write(
        &art,
        "Crimea four years on\n\nIn 2014, Russia annexed Crimea. Ukraine accused Russia of sending troops into the Donbas.\n",
    )
    .unwrap();
    let db = dir.path().join("d.db");
    let db = db.to_str().unwrap();
    let run = |args: &[&str]| {
        let out = dyad().args(args).args(["--db", db]).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["ingest", "--published", "2018-03-27", art.to_str().unwrap()]);
    let table = run(&["relations", "RUS", "UKR", "--by", "year"]);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("2014 ") && l.contains("-1.00")),
        "{table}"
    );
    let svg = dir.path().join("r.svg");
    run(&[
        "relations",
        "RUS",
        "UKR",
        "--by",
        "year",
        "--format",
        "csv",
        "--plot",
        svg.to_str().unwrap(),
    ]);
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(svg.contains("RUS–UKR relations") && svg.contains("Goldstein mean"));
    let show = run(&["show", "crimea"]);
    assert!(
        show.contains("Summary") && show.contains("annexed"),
        "{show}"
    );
    let hits = run(&["search", "annexed", "--actor", "RUS"]);
    assert!(
        hits.contains("Russia annexed Crimea") && !hits.contains("**"),
        "plain text in a pipe: {hits}"
    );
    let csv = run(&["export", "--format", "csv"]);
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .ends_with("num_articles,num_sources,day"));
    let out = dyad()
        .args(["export", "--format", "parquet", "--db", db])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out"));
}
