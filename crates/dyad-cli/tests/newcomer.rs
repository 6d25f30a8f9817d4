//! What a newcomer hit (issue 14), from the user's side: each test drives the
//! real `dyad` binary the way the issue describes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test; `DYAD_BIN` runs these tests against another build
/// (how the fixes were shown to fail before).
fn dyad() -> Command {
    Command::new(std::env::var_os("DYAD_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_dyad").into()))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-newcomer-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Runs `dyad args...` with `input` on stdin.
fn piped(args: &[&str], input: &str) -> Output {
    let mut c = dyad()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    c.wait_with_output().unwrap()
}

/// A fresh folder `name` holding `file` with `text`; the file's path.
fn file_with(name: &str, file: &str, text: &str) -> PathBuf {
    let f = tmp(name).join(file);
    std::fs::write(&f, text).unwrap();
    f
}

fn run(args: &[&str]) -> Output {
    dyad().args(args).output().unwrap()
}

fn db_of_examples(name: &str) -> (PathBuf, String) {
    let d = tmp(name);
    let db = d.join("dyad.db").display().to_string();
    let o = run(&["ingest", examples().to_str().unwrap(), "--db", &db]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    (d, db)
}

fn exported(db: &str, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["export", "--db", db];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    out(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Issue 14, item 1: Two different texts piped in are two articles; replacing one needs the
/// same id and is said per article.
#[test]
fn piped_texts_keep_their_own_ids_and_replacing_is_reported() {
    let d = tmp("stdin");
    let db = d.join("dyad.db").display().to_string();
    let first = piped(
        &["ingest", "-", "--db", &db, "--published", "2020-01-06"],
        "Japan praised Russia on Monday.\n",
    );
    assert_eq!(first.status.code(), Some(0), "{}", err(&first));
    let second = piped(
        &["ingest", "-", "--db", &db, "--published", "2020-01-06"],
        "China criticized Australia on Monday.\n",
    );
    assert!(err(&second).contains("0 replaced"), "{}", err(&second));
    let ev = exported(&db, &[]);
    let mut articles: Vec<&str> = ev.iter().map(|e| e["article"].as_str().unwrap()).collect();
    articles.dedup();
    assert_eq!(articles.len(), 2, "both piped articles are kept: {ev:?}");
    assert!(articles.iter().all(|a| a.starts_with("stdin-")));

    // The same text again is unchanged, not replaced.
    let again = piped(
        &["ingest", "-", "--db", &db, "--published", "2020-01-06"],
        "Japan praised Russia on Monday.\n",
    );
    assert!(err(&again).contains("1 unchanged"), "{}", err(&again));

    // --id names it; new content under the same id is replaced, and says so.
    piped(
        &["ingest", "-", "--db", &db, "--id", "note-1"],
        "India praised Brazil.\n",
    );
    let replaced = piped(
        &["ingest", "-", "--db", &db, "--id", "note-1"],
        "India criticized Brazil.\n",
    );
    let e = err(&replaced);
    assert!(e.contains("replaced article \"note-1\""), "{e}");
    assert!(e.contains("1 replaced"), "{e}");
}

/// Issue 14, item 2: After a write command the database file alone holds everything.
#[test]
fn the_db_file_alone_is_the_database_after_ingest() {
    let (d, db) = db_of_examples("wal");
    let wal = d.join("dyad.db-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "the write-ahead log was checkpointed"
    );
    let copy = tmp("wal-copy").join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    let ev = exported(copy.to_str().unwrap(), &[]);
    assert!(ev.len() > 50, "{} events in the copy", ev.len());
}

/// Issue 14, item 3: Undated events are announced at ingest, with how to date them; a
/// dateline without a year takes --published-year.
#[test]
fn undated_events_are_announced_and_published_year_dates_them() {
    let f = file_with(
        "undated",
        "tokyo.txt",
        "TOKYO, March 3 (Reuters) - Japan criticized Russia over the Kuril Islands.\n",
    );
    let db = f.with_file_name("dyad.db").display().to_string();
    let o = run(&["ingest", f.to_str().unwrap(), "--db", &db]);
    let e = err(&o);
    assert!(e.contains("1 of 1 event has no date"), "{e}");
    assert!(
        e.contains("--published") && e.contains("--published-year"),
        "{e}"
    );

    let o = run(&[
        "ingest",
        f.to_str().unwrap(),
        "--db",
        &db,
        "--published-year",
        "2019",
    ]);
    assert!(!err(&o).contains("no date"), "{}", err(&o));
    let ev = exported(&db, &[]);
    assert_eq!(ev[0]["published"], "2019-03-03", "{ev:?}");
    let o = run(&["relations", "JPN", "RUS", "--db", &db, "--format", "csv"]);
    assert!(out(&o).contains("2019-03"), "{}", out(&o));
}

/// Issue 14, item 4: Files a folder holds that are not read are counted by kind; `.json`
/// (an array or an object of articles) is read as articles.
#[test]
fn folders_say_what_they_left_out_and_json_is_read() {
    let d = tmp("folder");
    std::fs::write(d.join("a.txt"), "Japan praised Russia on Monday.").unwrap();
    std::fs::write(d.join("notes.md"), "# Notes\nJapan praised Russia.").unwrap();
    std::fs::write(d.join("scan.pdf"), "%PDF-1.4").unwrap();
    std::fs::write(d.join("LICENSE"), "MIT").unwrap();
    std::fs::write(
        d.join("batch.json"),
        r#"[{"id": "j1", "text": "China criticized Australia.", "published": "2020-05-01"},
            {"id": "j2", "text": "India praised Brazil.", "published": "2020-05-02"}]"#,
    )
    .unwrap();
    let o = run(&["code", d.to_str().unwrap(), "--published", "2020-01-06"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("3 files in folders left out")
            && e.contains("1 .md")
            && e.contains("1 .pdf")
            && e.contains("1 without extension"),
        "{e}"
    );
    assert!(e.contains("3 articles read"), "{e}");
    let ids: Vec<String> = out(&o)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["article"].to_string())
        .collect();
    assert!(
        ids.contains(&"\"j1\"".to_string()) && ids.contains(&"\"j2\"".to_string()),
        "{ids:?}"
    );

    // A named .json file that is one object is one article.
    let one = d.join("one.json");
    std::fs::write(
        &one,
        r#"{"id": "solo", "text": "Japan praised Russia.", "published": "2020-05-01"}"#,
    )
    .unwrap();
    let o = run(&["code", one.to_str().unwrap()]);
    assert!(out(&o).contains("\"solo\""), "{}", err(&o));
    // A malformed one is refused, naming the file.
    let bad = d.join("bad.json");
    std::fs::write(&bad, "[{\"id\": ").unwrap();
    let o = run(&["code", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("bad.json") && err(&o).contains("malformed JSON"),
        "{}",
        err(&o)
    );
}

/// Issue 14, item 5: A missing path is an error; a run that reads nothing creates nothing.
#[test]
fn missing_paths_are_errors_and_create_no_database() {
    let d = tmp("missing");
    let db = d.join("dyad.db");
    let o = run(&[
        "ingest",
        d.join("nosuch").to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("no such file or folder"), "{}", err(&o));
    assert!(!db.exists(), "no empty database is left behind");

    // One good file and one missing: the good one is coded, the run says it
    // missed a path and exits 1 (as cat does).
    let good = d.join("good.txt");
    std::fs::write(&good, "Japan praised Russia.").unwrap();
    let o = run(&[
        "code",
        good.to_str().unwrap(),
        d.join("typo.txt").to_str().unwrap(),
        "--published",
        "2020-01-06",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("\"good\""));
    assert!(
        err(&o).contains("1 article read, 1 coded, 0 skipped, 1 path missing"),
        "{}",
        err(&o)
    );
}

const MODES_TEXT: &str = "China did not criticize Australia. If Russia attacks Japan, \
Tokyo will respond. Tokyo has not lifted the sanctions on Russia. Japan praised Russia.";

/// Issue 14, item 6: GDELT rows carry no mode, so only asserted events are written unless
/// --modes says otherwise; the rest are counted.
#[test]
fn gdelt_output_is_asserted_only_by_default() {
    let f = file_with("gdelt", "modes.txt", MODES_TEXT);
    let path = f.to_str().unwrap();
    let o = run(&[
        "code",
        path,
        "--published",
        "2020-01-06",
        "--format",
        "gdelt",
    ]);
    let text = out(&o);
    let rows: Vec<&str> = text.lines().collect();
    let codes: Vec<&str> = rows
        .iter()
        .map(|r| r.split('\t').nth(26).unwrap())
        .collect();
    assert_eq!(codes, ["051"], "only 'Japan praised Russia': {rows:?}");
    assert!(
        err(&o).contains("left out") && err(&o).contains("negated"),
        "{}",
        err(&o)
    );
    let all = run(&[
        "code",
        path,
        "--published",
        "2020-01-06",
        "--format",
        "gdelt",
        "--modes",
        "all",
    ]);
    assert!(out(&all).lines().count() >= 3, "{}", out(&all));
    // JSONL keeps every mode (it has the column).
    let jsonl = run(&["code", path, "--published", "2020-01-06"]);
    assert!(out(&jsonl).contains("\"negated\""));
    // And export from the database does the same.
    let db = f.with_file_name("dyad.db").display().to_string();
    run(&["ingest", path, "--db", &db, "--published", "2020-01-06"]);
    let o = run(&["export", "--db", &db, "--format", "gdelt"]);
    assert_eq!(out(&o).lines().count(), 1, "{}", out(&o));
    assert!(err(&o).contains("left out"), "{}", err(&o));
    let o = run(&[
        "export",
        "--db",
        &db,
        "--format",
        "gdelt",
        "--modes",
        "asserted,negated",
    ]);
    assert!(out(&o).lines().count() >= 2, "{}", out(&o));
    let bad = run(&[
        "export", "--db", &db, "--format", "gdelt", "--modes", "maybe",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(err(&bad).contains("unknown mode"), "{}", err(&bad));
}

/// Issue 14, item 7: Role codes match as prefixes of the full actor code.
#[test]
fn role_codes_match_in_relations() {
    let (_d, db) = db_of_examples("roles");
    let total = |a: &str, b: &str| -> u64 {
        let o = run(&[
            "relations",
            a,
            b,
            "--db",
            &db,
            "--format",
            "json",
            "--by",
            "year",
        ]);
        let points: Vec<serde_json::Value> = serde_json::from_str(&out(&o)).unwrap();
        points.iter().map(|p| p["events"].as_u64().unwrap()).sum()
    };
    let n = total("JPNGOV", "RUSGOV");
    assert!(n > 0, "JPNGOV–RUSGOV has events");
    let all = total("JPN", "RUS");
    assert!(all > n, "a country covers its roles: {all} > {n}");
}

/// Issue 14, item 8: Unknown codes are refused like the API does; names are read as codes.
#[test]
fn cli_refuses_unknown_codes_and_reads_names() {
    let (_d, db) = db_of_examples("codes");
    for args in [
        vec!["relations", "JP", "RU"],
        vec!["relations", "JPN", "RUSSIAN_FED"],
        vec!["search", "sanctions", "--actor", "XYZZY"],
    ] {
        let mut a = args.clone();
        a.extend(["--db", &db]);
        let o = run(&a);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        assert!(err(&o).contains("unknown actor code"), "{}", err(&o));
    }
    let o = run(&["relations", "Japan", "Russia", "--db", &db, "--by", "year"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("\"Japan\" read as JPN"), "{}", err(&o));
    assert!(out(&o).starts_with("JPN–RUS relations"), "{}", out(&o));
    assert!(out(&o).contains("\n2016 "), "{}", out(&o));
    let o = run(&["search", "sanctions", "--actor", "Japan", "--db", &db]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
}

/// Issue 14, item 9: GDELT actor names are the actor's name, never a pronoun.
#[test]
fn gdelt_actor_names_are_not_pronouns() {
    let f = file_with(
        "names",
        "names.txt",
        "Russia criticized Japan. It also condemned NATO. The two leaders met in Moscow.",
    );
    let o = run(&[
        "code",
        f.to_str().unwrap(),
        "--published",
        "2020-01-06",
        "--format",
        "gdelt",
    ]);
    let names: Vec<String> = out(&o)
        .lines()
        .flat_map(|r| {
            let c: Vec<&str> = r.split('\t').collect();
            [c[6].to_string(), c[16].to_string()]
        })
        .collect();
    assert!(names.len() >= 4, "{names:?}");
    for n in &names {
        assert!(
            !["IT", "ITS", "HE", "TWO LEADERS", "THE TWO LEADERS"].contains(&n.as_str()),
            "{names:?}"
        );
    }
    assert!(names.contains(&"RUSSIA".to_string()), "{names:?}");
}

/// Issue 14, item 10: a headline that the body reports again is one event (the
/// body's); "X to verb" in a headline is planned.
#[test]
fn headlines_do_not_count_twice_and_use_headline_grammar() {
    let o = run(&[
        "code",
        examples().join("japan-russia-2022.txt").to_str().unwrap(),
    ]);
    let ev: Vec<serde_json::Value> = out(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let expels: Vec<_> = ev
        .iter()
        .filter(|e| e["cameo"] == "161" && e["source_country"] == "RUS")
        .collect();
    assert_eq!(expels.len(), 1, "one expulsion, not two: {expels:?}");
    assert_ne!(expels[0]["sentence_index"], 0, "the body's is kept");

    let f = file_with(
        "headline",
        "abe.txt",
        "Abe to travel to Moscow\n\nJapan and Russia signed a fisheries deal on Monday.\n",
    );
    let o = run(&["code", f.to_str().unwrap(), "--published", "2018-03-27"]);
    let ev: Vec<serde_json::Value> = out(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let visit = ev
        .iter()
        .find(|e| e["root"] == "04")
        .expect("the headline's visit");
    assert_eq!(visit["mode"], "planned", "{visit}");

    // The examples: no headline event repeats an event of its own article's body.
    let o = run(&["code", examples().to_str().unwrap()]);
    let ev: Vec<serde_json::Value> = out(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let key = |e: &serde_json::Value| {
        format!(
            "{} {} {} {}",
            e["article"], e["source"], e["target"], e["cameo"]
        )
    };
    let body: std::collections::HashSet<String> = ev
        .iter()
        .filter(|e| e["sentence_index"] != 0)
        .map(key)
        .collect();
    let repeated: Vec<_> = ev
        .iter()
        .filter(|e| e["sentence_index"] == 0 && body.contains(&key(e)))
        .collect();
    assert!(!ev.is_empty() && repeated.is_empty(), "{repeated:?}");
}

/// Issue 14, item 11: relations and alerts show something useful on the examples
/// by default, and the table says what its columns mean.
#[test]
fn relations_and_alerts_defaults_suit_the_data() {
    let (_d, db) = db_of_examples("defaults");
    let o = run(&["relations", "JPN", "RUS", "--db", &db]);
    let table = out(&o);
    assert!(table.starts_with("JPN–RUS relations by year"), "{table}");
    assert!(table.lines().count() < 25, "{table}");
    assert!(table.contains("periods without events"), "{table}");
    assert!(
        table.contains("q3 verbal conflict") && table.contains("gs_mean"),
        "{table}"
    );
    assert!(err(&o).contains("--by"), "{}", err(&o));
    // Machines still get every period.
    let o = run(&["relations", "JPN", "RUS", "--db", &db, "--format", "csv"]);
    assert!(out(&o).contains("\n2020,"), "{}", out(&o));

    let o = run(&["alerts", "--db", &db]);
    assert!(err(&o).contains("--at"), "says what to try: {}", err(&o));
    // The twelve bundled articles are a small sample: at the default |z| >= 2
    // nothing may depart, and then dyad says to lower --z.
    let o = run(&["alerts", "--db", &db, "--at", "2022-06-01"]);
    assert!(
        out(&o).contains("JPN–RUS") || err(&o).contains("lower --z"),
        "{}{}",
        out(&o),
        err(&o)
    );
    let o = run(&["alerts", "--db", &db, "--at", "2022-06-01", "--z", "1.5"]);
    assert!(out(&o).contains("JPN–RUS"), "{}", out(&o));
}

/// The README's analysis examples print something on the bundled articles.
#[test]
fn readme_analysis_examples_show_data() {
    let (d, db) = db_of_examples("readme");
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    let lines: Vec<&str> = readme
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| {
            [
                "dyad relations",
                "dyad alerts",
                "dyad search",
                "dyad export",
            ]
            .iter()
            .any(|c| l.starts_with(c))
        })
        .collect();
    assert!(lines.len() >= 3, "{lines:?}");
    for l in lines {
        let mut args: Vec<String> = l.split_whitespace().skip(1).map(String::from).collect();
        // Keep the repository clean: charts go to the temp folder.
        if let Some(i) = args.iter().position(|a| a == "--plot") {
            args[i + 1] = d.join("chart.svg").display().to_string();
        }
        args.extend(["--db".to_string(), db.clone()]);
        let o = dyad().args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{l}: {}", err(&o));
        assert!(out(&o).lines().count() >= 3, "{l} shows data: {}", out(&o));
    }
}

/// Issue 14, item 14: the test command ends with one line naming the tests that
/// skipped and why.
#[test]
fn skipped_tests_are_summed_up_in_one_line() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/skipped-tests.sh");
    let d = tmp("skipped");
    let summary = |dir: &Path| {
        let o = Command::new("bash").arg(&script).arg(dir).output().unwrap();
        assert!(o.status.success(), "{}", err(&o));
        out(&o)
    };
    assert_eq!(
        summary(&d.join("none")),
        "scripts/test.sh: no tests skipped\n"
    );
    std::fs::write(
        d.join("dyad-cli::petrarch2"),
        "../shared/eval/petr2 is absent",
    )
    .unwrap();
    std::fs::write(d.join("dyad-server::browser"), "chromium missing").unwrap();
    let line = summary(&d);
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(
        line.contains("2 test(s) skipped")
            && line.contains("dyad-cli::petrarch2 (../shared/eval/petr2 is absent)")
            && line.contains("dyad-server::browser (chromium missing)"),
        "{line}"
    );
    let test_sh = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/test.sh"),
    )
    .unwrap();
    assert!(test_sh.contains("scripts/skipped-tests.sh"));
}

/// Issue 14, item 15: the small ones.
#[test]
fn small_things_a_newcomer_notices() {
    // Grammar of counts.
    let f = file_with("small", "one.txt", "Japan praised Russia.");
    let o = run(&["code", f.to_str().unwrap(), "--published", "2020-01-06"]);
    assert!(
        err(&o).contains("1 article read, 1 coded, 0 skipped; 1 event"),
        "{}",
        err(&o)
    );

    // serve resolves host names: the error is about the database, not the address.
    let o = run(&[
        "serve",
        "--addr",
        "localhost:0",
        "--db",
        f.with_file_name("none.db").to_str().unwrap(),
    ]);
    assert!(!err(&o).contains("invalid value"), "{}", err(&o));
    assert!(err(&o).contains("none.db"), "{}", err(&o));

    // Search marks nothing in a pipe.
    let (_d, db) = db_of_examples("small-search");
    let o = run(&["search", "sanctions", "--db", &db]);
    assert!(
        out(&o).contains("sanctions") && !out(&o).contains("**"),
        "{}",
        out(&o)
    );

    // eval without arguments names both ways to use it.
    let o = run(&["eval"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("--gold") && err(&o).contains("--petr2"),
        "{}",
        err(&o)
    );

    // Exports carry the series day in CSV as in JSONL.
    let o = run(&["export", "--db", &db, "--format", "csv"]);
    let csv = out(&o);
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .ends_with(",num_articles,num_sources,day"));
    assert!(lines.next().unwrap().split(',').next_back().unwrap().len() == 10);
    let ev = exported(&db, &[]);
    assert!(ev[0].get("day").is_some() && ev[0].get("num_articles").is_some());
}
