//! `dyad code --simhash` (issue 12, part 4): one line per article with the
//! SimHash and counted source that `dyad ingest` stores, so a job spread
//! over machines can group syndicated copies as the store does.

use std::path::{Path, PathBuf};
use std::process::Command;

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-simhash-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

#[test]
fn article_lines_carry_the_stored_simhash_and_source() {
    let d = tmp("stored");
    let story = "Japan imposed sanctions on Russia on Tuesday after Moscow annexed Crimea, \
                 suspending talks on easing visa rules and on new investment agreements.";
    let input = d.join("in.jsonl");
    let lines = [
        serde_json::json!({"id": "a", "published": "2014-03-18", "source": "Wire A", "text": story}),
        serde_json::json!({"id": "b", "published": "2014-03-19", "url": "https://www.copy.example/x", "text": story}),
        serde_json::json!({"id": "c", "published": "2014-03-19", "text": "Ein deutscher Text über das Wetter in Berlin und die Politik der Regierung heute."}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&input, text).unwrap();

    let plain = dyad()
        .args(["code", input.to_str().unwrap()])
        .output()
        .unwrap();
    let with = dyad()
        .args(["code", "--simhash", input.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        with.status.success(),
        "{}",
        String::from_utf8_lossy(&with.stderr)
    );
    let out = String::from_utf8(with.stdout).unwrap();
    let values: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (articles, events): (Vec<_>, Vec<_>) =
        values.iter().partition(|v| v.get("record").is_some());
    // Event lines are those of a plain run, unchanged.
    let plain_events: Vec<serde_json::Value> = String::from_utf8(plain.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        events.into_iter().cloned().collect::<Vec<_>>(),
        plain_events
    );
    assert!(!plain_events.is_empty());
    // One article line each, before that article's events, even uncoded.
    assert_eq!(articles.len(), 3, "{out}");
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with(r#"{"record":"article","article":"a""#),
        "{first}"
    );
    let german = articles.iter().find(|a| a["article"] == "c").unwrap();
    assert_eq!(german["coded"], false);
    assert_eq!(german["events"], 0);

    // The same values as the store: its simhash column and source.
    let db = d.join("dyad.db");
    let o = dyad()
        .args([
            "ingest",
            input.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let conn = rusqlite::Connection::open(&db).unwrap();
    for a in &articles {
        let id = a["article"].as_str().unwrap();
        let (h, source): (i64, Option<String>) = conn
            .query_row(
                "SELECT simhash, source FROM articles WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(a["simhash"].as_str().unwrap(), format!("{:016x}", h as u64));
        assert_eq!(a["source"].as_str().map(String::from), source, "{id}");
    }
    assert_eq!(articles[1]["source"], "copy.example");
    assert_eq!(articles[0]["simhash"], articles[1]["simhash"]);
    // The shingle hashes: 16 hex digits each, one per distinct 4-word window.
    let shingles = articles[0]["shingles"].as_str().unwrap();
    let words = story.split_whitespace().count();
    assert_eq!(shingles.len() % 16, 0);
    assert!(shingles.len() / 16 > words / 2 && shingles.len() / 16 <= words - 3);
    assert_eq!(articles[1]["shingles"], articles[0]["shingles"]);
    let copies: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(copies, 1);

    // Only JSONL has room for the extra line.
    let csv = dyad()
        .args(["code", "--simhash", "--format", "csv"])
        .arg(examples().join("wire.jsonl"))
        .output()
        .unwrap();
    assert_eq!(csv.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&csv.stderr).contains("--format jsonl"));
    let _ = std::fs::remove_dir_all(&d);
}
