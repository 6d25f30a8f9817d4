//! End-to-end tests of the store: ingest, dedup, relations, safety, search, export.

use std::path::Path;

use dyad_core::input::Article;
use dyad_core::Pipeline;
use dyad_store::relations::{Period, SeriesQuery};
use dyad_store::{Filter, IngestOptions, Store, StoreError, Tally};

const ABE: &str = "Abe to visit Moscow for talks with Putin\n\n\
Japan Prime Minister Shinzo Abe is likely to visit Russia on May 26 for talks with President Vladimir Putin, officials in Tokyo said on Tuesday.\n\n\
The two leaders are expected to discuss a peace treaty and joint economic projects on the disputed islands. Japan and Russia have never signed a treaty formally ending World War Two.\n\n\
Russia criticized Japan over its plans to deploy a missile defence system, saying the move threatened regional stability.\n\n\
Foreign Minister Taro Kono met Russian Foreign Minister Sergei Lavrov in Moscow last week to prepare the visit.\n";

const CRIMEA: &str = "Four years on, Crimea remains a dividing line\n\n\
In 2014, Russia annexed Crimea. The United States and the European Union imposed sanctions on Russia in response.\n\n\
Ukraine accused Russia of sending troops into the eastern Donbas region, a charge Moscow denies.\n\n\
Germany urged Russia and Ukraine to return to talks under the Minsk agreements, Chancellor Angela Merkel said on Monday.\n";

const IRAN: &str = "Washington threatens new sanctions on Iran\n\n\
The United States threatened on Wednesday to impose new sanctions on Iran over its missile programme.\n\n\
Iran rejected the demand and said it would continue to develop its defences. France urged both sides to show restraint.\n";

fn art(id: &str, body: &str, published: &str, source: Option<&str>) -> Article {
    let mut a = Article::text(id, body);
    a.published = published.parse().ok();
    a.source = source.map(str::to_string);
    a
}

fn corpus() -> Vec<Article> {
    vec![
        art("abe", ABE, "2018-03-27", Some("kyodo")),
        art("crimea", CRIMEA, "2018-03-27", Some("dw")),
        art("iran", IRAN, "2018-04-11", Some("ap")),
    ]
}

fn ingest(db: &Path, articles: Vec<Article>) -> Result<Tally, StoreError> {
    let store = Store::open(db)?;
    dyad_store::ingest(
        store,
        &Pipeline::builtin(),
        articles.into_iter().map(Ok),
        &IngestOptions::default(),
        &|_| {},
    )
}

/// A read-only connection of the test's own: the store exposes no SQL.
fn sql(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn count(db: &Path, query: &str) -> i64 {
    sql(db).query_row(query, [], |r| r.get(0)).unwrap()
}

fn counts(db: &Path) -> (i64, i64, i64, i64) {
    (
        count(db, "SELECT COUNT(*) FROM articles"),
        count(db, "SELECT COUNT(*) FROM events"),
        count(db, "SELECT COUNT(*) FROM sentences"),
        count(db, "SELECT COALESCE(SUM(num_articles), 0) FROM events"),
    )
}

#[test]
fn reingest_is_idempotent_and_changed_text_replaces_events() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let first = ingest(&db, corpus()).unwrap();
    assert_eq!(first.added, 3);
    assert!(first.events > 5);
    let before = counts(&db);
    let again = ingest(&db, corpus()).unwrap();
    assert_eq!((again.unchanged, again.added, again.events), (3, 0, 0));
    assert_eq!(counts(&db), before);

    // Same id, new text: its events are replaced, not added to.
    let changed = art(
        "abe",
        "Abe visit postponed\n\nJapan criticized Russia on Friday.\n",
        "2018-03-30",
        Some("kyodo"),
    );
    let t = ingest(&db, vec![changed]).unwrap();
    assert_eq!(t.replaced, 1);
    let abe_events = count(
        &db,
        "SELECT COUNT(*) FROM events e JOIN articles a ON a.pk = e.article WHERE a.id = 'abe'",
    );
    assert_eq!(abe_events as usize, t.events);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM articles"), 3);
    let s = Store::open_read_only(&db).unwrap();
    let view = dyad_store::search::article(&s, "abe").unwrap().unwrap();
    assert!(view
        .events
        .iter()
        .all(|e| e.record.sentence.contains("criticized")));
}

#[test]
fn syndicated_copy_counts_on_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ingest(&db, corpus()).unwrap();
    let events_before = count(&db, "SELECT COUNT(*) FROM events");
    let copy = art("abe-reuters", ABE, "2018-03-27", Some("reuters"));
    let t = ingest(&db, vec![copy.clone()]).unwrap();
    assert_eq!(t.duplicates, 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM events"), events_before);
    let s = Store::open_read_only(&db).unwrap();
    let view = dyad_store::search::article(&s, "abe").unwrap().unwrap();
    assert_eq!(view.copies, vec!["abe-reuters".to_string()]);
    assert!(!view.events.is_empty());
    assert!(view
        .events
        .iter()
        .all(|e| e.num_articles == 2 && e.num_sources == 2));
    let copy_view = dyad_store::search::article(&s, "abe-reuters")
        .unwrap()
        .unwrap();
    assert_eq!(copy_view.duplicate_of.as_deref(), Some("abe"));
    assert!(copy_view.events.is_empty());
    drop(s);

    // Re-ingesting the copy changes nothing; a third copy from the original's
    // source adds an article but no source.
    assert_eq!(ingest(&db, vec![copy]).unwrap().unchanged, 1);
    let mut third = art("abe-kyodo-2", ABE, "2018-03-27", Some("kyodo"));
    third.title = Some("Abe to visit Moscow".into());
    ingest(&db, vec![third]).unwrap();
    let s = Store::open_read_only(&db).unwrap();
    let view = dyad_store::search::article(&s, "abe").unwrap().unwrap();
    assert!(view
        .events
        .iter()
        .all(|e| e.num_articles == 3 && e.num_sources == 2));
}

#[test]
fn near_duplicate_with_light_edits_is_linked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let long = format!("{ABE}\n{CRIMEA}\n{IRAN}");
    let edited = format!("MOSCOW (Reuters) - {long}\nReporting by Staff; editing by Desk.\n");
    let t = ingest(
        &db,
        vec![
            art("orig", &long, "2018-03-27", Some("a")),
            art("wire", &edited, "2018-03-27", Some("b")),
        ],
    )
    .unwrap();
    assert_eq!((t.added, t.duplicates), (1, 1));
}

#[test]
fn relations_place_events_at_their_own_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ingest(&db, corpus()).unwrap();
    let s = Store::open_read_only(&db).unwrap();
    let q = SeriesQuery {
        a: "RUS".into(),
        b: "UKR".into(),
        directed: false,
        period: Period::Year,
        since: None,
        until: None,
        all_modes: false,
        plover: None,
    };
    let series = dyad_store::relations::series(&s, &q).unwrap();
    assert_eq!(series.first().unwrap().period, "2014");
    assert!(series[0].events >= 1 && series[0].q4 >= 1, "{series:?}");
    let last = series.last().unwrap();
    assert_eq!(last.period, "2018");
    // Directed the other way: no annexation of Russia by Ukraine.
    let ukr_rus = dyad_store::relations::series(
        &s,
        &SeriesQuery {
            a: "UKR".into(),
            b: "RUS".into(),
            directed: true,
            ..q
        },
    )
    .unwrap();
    assert!(ukr_rus.iter().all(|p| p.period != "2014" || p.events == 0));
}

#[test]
fn foreign_files_are_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "These are my notes, not a database.\n").unwrap();
    let other = dir.path().join("other.sqlite");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE articles (id TEXT); INSERT INTO articles VALUES ('x');")
            .unwrap();
    }
    for path in [&text, &other] {
        let before = std::fs::read(path).unwrap();
        let e = Store::open(path).err().expect("must be refused");
        assert!(matches!(e, StoreError::Foreign { .. }), "{e}");
        assert!(e.to_string().contains("not a dyad database"));
        assert!(Store::open_read_only(path).is_err());
        assert!(ingest(path, corpus()).is_err());
        assert_eq!(
            std::fs::read(path).unwrap(),
            before,
            "{} was modified",
            path.display()
        );
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(!dir.path().join(format!("{name}-wal")).exists());
    }
}

#[test]
fn newer_schema_is_refused_and_older_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ingest(&db, corpus()).unwrap();
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let e = Store::open(&db).err().expect("newer schema refused");
    assert!(matches!(e, StoreError::Newer { found: 99, .. }), "{e}");
    assert!(e.to_string().contains("upgrade dyad"));
    assert_eq!(std::fs::read(&db).unwrap(), before);

    // A version-1 database (no full-text index) is upgraded on open for writing.
    let old = dir.path().join("old.db");
    {
        let c = rusqlite::Connection::open(&old).unwrap();
        c.execute_batch(&format!(
            "PRAGMA application_id = {}; {} PRAGMA user_version = 1;",
            dyad_store::APPLICATION_ID,
            dyad_store::schema::MIGRATIONS[0]
        ))
        .unwrap();
        c.execute_batch(
            "INSERT INTO articles (id, content_hash, simhash, text, summary, ingested_at)
             VALUES ('old', 'h', 0, 'Japan thanked Brazil.', '', '2018-01-01');
             INSERT INTO sentences (article, idx, text) VALUES (1, 0, 'Japan thanked Brazil.');",
        )
        .unwrap();
    }
    assert!(matches!(
        Store::open_read_only(&old).err(),
        Some(StoreError::Older { found: 1, .. })
    ));
    drop(Store::open(&old).unwrap());
    let s = Store::open_read_only(&old).unwrap();
    let hits =
        dyad_store::search::search(&s, "thanked", &Filter::default(), 10, ("[", "]")).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].sentence, "Japan [thanked] Brazil.");
}

#[test]
fn search_filters() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ingest(&db, corpus()).unwrap();
    let s = Store::open_read_only(&db).unwrap();
    let find = |q: &str, f: Filter| -> Vec<String> {
        let mut ids: Vec<String> = dyad_store::search::search(&s, q, &f, 50, ("<", ">"))
            .unwrap()
            .into_iter()
            .map(|h| h.article)
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    assert_eq!(find("sanctions", Filter::default()), ["crimea", "iran"]);
    assert_eq!(find("talks", Filter::default()), ["abe", "crimea"]);
    let deu = Filter {
        actor: Some("DEU".into()),
        ..Filter::default()
    };
    assert_eq!(find("talks", deu), ["crimea"]);
    let code16 = Filter {
        code: Some("16".into()),
        ..Filter::default()
    };
    let hits16 = find("sanctions", code16);
    assert!(!hits16.is_empty() && hits16.iter().all(|h| h == "crimea" || h == "iran"));
    let april = Filter {
        since: "2018-04-01".parse().ok(),
        ..Filter::default()
    };
    assert_eq!(find("sanctions", april), ["iran"]);
    let hit =
        &dyad_store::search::search(&s, "annexed", &Filter::default(), 5, ("<", ">")).unwrap()[0];
    assert_eq!(hit.sentence, "In 2014, Russia <annexed> Crimea.");
    // Punctuation in plain queries is not FTS5 syntax.
    assert!(
        dyad_store::search::search(&s, "U.S. (sanctions", &Filter::default(), 5, ("", "")).is_ok()
    );
    assert!(dyad_store::search::search(&s, "   ", &Filter::default(), 5, ("", "")).is_err());
}

fn fields(r: &parquet::record::Row) -> std::collections::HashMap<String, String> {
    use parquet::record::Field;
    r.get_column_iter()
        .map(|(name, f)| {
            let v = match f {
                Field::Str(s) => s.clone(),
                Field::Null => String::new(),
                other => other.to_string(),
            };
            (name.clone(), v)
        })
        .collect()
}

#[test]
fn parquet_export_reads_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ingest(&db, corpus()).unwrap();
    ingest(
        &db,
        vec![art("abe-copy", ABE, "2018-03-27", Some("reuters"))],
    )
    .unwrap();
    let s = Store::open_read_only(&db).unwrap();
    let out = dir.path().join("events.parquet");
    let n = dyad_store::export::export_parquet(&s, &Filter::default(), &out).unwrap();
    assert_eq!(n as i64, count(&db, "SELECT COUNT(*) FROM events"));
    let reader = SerializedFileReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows() as usize, n);
    let rows: Vec<_> = reader
        .get_row_iter(None)
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(rows.len(), n);
    let first = fields(&rows[0]);
    assert_eq!(first["article"], "abe");
    assert_eq!(first["num_articles"], "2");
    assert_eq!(first["num_sources"], "2");
    assert_eq!(first["published"], "2018-03-27");
    let crimea = rows
        .iter()
        .map(fields)
        .find(|v| v["article"] == "crimea" && v["cameo"].starts_with("19"))
        .expect("the annexation");
    // A year-precision date is its first day, typed DATE, with its precision beside.
    assert_eq!(crimea["date"], "2014-01-01");
    assert_eq!(crimea["date_precision"], "year");
    assert_eq!(crimea["source_country"], "RUS");
    assert!(!out.with_extension("parquet.partial").exists());
    // A filtered export.
    let f = Filter {
        actor: Some("IRN".into()),
        ..Filter::default()
    };
    let out2 = dir.path().join("irn.parquet");
    let m = dyad_store::export::export_parquet(&s, &f, &out2).unwrap();
    let r2 = SerializedFileReader::new(std::fs::File::open(&out2).unwrap()).unwrap();
    assert_eq!(r2.metadata().file_metadata().num_rows() as usize, m);
    assert!(m > 0 && m < n);
}

#[test]
fn text_exports_carry_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ingest(&db, corpus()).unwrap();
    let s = Store::open_read_only(&db).unwrap();
    let mut buf = Vec::new();
    let n = dyad_store::export::export_text(
        &s,
        &Filter::default(),
        dyad_store::export::ExportFormat::Gdelt,
        &mut buf,
    )
    .unwrap();
    let text = String::from_utf8(buf).unwrap();
    assert_eq!(text.lines().count(), n);
    assert!(text.lines().all(|l| l.split('\t').count() == 61));
    let mut buf = Vec::new();
    dyad_store::export::export_text(
        &s,
        &Filter::default(),
        dyad_store::export::ExportFormat::Jsonl,
        &mut buf,
    )
    .unwrap();
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8(buf).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(first["num_articles"], 1);
    assert!(first["sentence"].as_str().unwrap().len() > 5);
}

#[test]
fn full_disk_rolls_back_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ingest(&db, corpus()[..1].to_vec()).unwrap();
    let before = counts(&db);
    let store = Store::open(&db).unwrap();
    let pages: i64 = sql(&db)
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store.set_max_pages(pages as u64).unwrap();
    let many: Vec<Article> = (0..40)
        .map(|i| {
            art(
                &format!("c{i}"),
                &format!("{CRIMEA}\nItem {i}: {}", "filler words ".repeat(200 + i)),
                "2018-03-27",
                None,
            )
        })
        .collect();
    let r = dyad_store::ingest(
        store,
        &Pipeline::builtin(),
        many.into_iter().map(Ok),
        &IngestOptions::default(),
        &|_| {},
    );
    let e = r.expect_err("the write must fail");
    assert!(e.to_string().contains("full"), "{e}");
    assert_eq!(counts(&db), before);
    let ok: String = sql(&db)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn unwritable_path_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    // A database "inside" a regular file cannot be created.
    let e = Store::open(file.join("d.db")).err().expect("cannot create");
    assert!(e.to_string().contains("d.db"), "{e}");
    assert!(matches!(
        Store::open_read_only(dir.path().join("missing.db")).err(),
        Some(StoreError::Missing(_))
    ));
}

#[test]
fn summaries_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ingest(&db, corpus()).unwrap();
    let s = Store::open_read_only(&db).unwrap();
    let v = dyad_store::search::article(&s, "abe").unwrap().unwrap();
    assert!(!v.summary.is_empty());
    assert!(
        !v.summary.starts_with("Abe to visit Moscow for talks"),
        "{}",
        v.summary
    );
    assert!(v.summary.matches(". ").count() <= 2, "{}", v.summary);
}
