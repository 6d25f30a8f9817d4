//! The database schema as a list of migrations.
//!
//! Migration `i` takes a database from `user_version = i` to `i + 1`; each
//! runs in one transaction together with the version bump, so a database is
//! always at exactly one version. Never edit a released migration: append one.

use rusqlite::Connection;

use crate::APPLICATION_ID;

/// Version 1: articles, their sentences and events, and the SimHash band index.
const V1: &str = r#"
CREATE TABLE articles (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT,
    title TEXT,
    source TEXT,
    published TEXT,
    content_hash TEXT NOT NULL,
    simhash INTEGER NOT NULL,
    text TEXT NOT NULL,
    summary TEXT NOT NULL,
    duplicate_of INTEGER REFERENCES articles(pk),
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX articles_published ON articles(published);

CREATE TABLE simhash_bands (
    band INTEGER NOT NULL,
    value INTEGER NOT NULL,
    article INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    PRIMARY KEY (band, value, article)
) WITHOUT ROWID;
CREATE INDEX simhash_bands_article ON simhash_bands(article);

-- AUTOINCREMENT: sentence keys never reuse a deleted one, so "pk greater
-- than the largest at batch start" is exactly the batch's new sentences.
CREATE TABLE sentences (
    pk INTEGER PRIMARY KEY AUTOINCREMENT,
    article INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (article, idx)
);

CREATE TABLE events (
    pk INTEGER PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    sentence_index INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    source TEXT NOT NULL,
    source_country TEXT NOT NULL,
    source_text TEXT NOT NULL,
    target TEXT NOT NULL,
    target_country TEXT NOT NULL,
    target_text TEXT NOT NULL,
    cameo TEXT NOT NULL,
    root TEXT NOT NULL,
    quad_class INTEGER NOT NULL,
    goldstein REAL NOT NULL,
    date TEXT,
    date_precision TEXT,
    date_text TEXT,
    mode TEXT NOT NULL,
    mode_cue TEXT,
    rule TEXT NOT NULL,
    day TEXT,
    num_articles INTEGER NOT NULL DEFAULT 1,
    num_sources INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX events_article ON events(article, sentence_index);
CREATE INDEX events_dyad ON events(source_country, target_country, day);
CREATE INDEX events_day ON events(day);
"#;

/// Version 2: full-text search over sentences (external-content FTS5, so the
/// text is stored once). Deletes are mirrored by a trigger; inserts are
/// indexed by the writer once per batch, because FTS5 flushes its pending
/// terms at every savepoint and per-article savepoints would make it write
/// and merge a segment per article.
const V2: &str = r#"
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content = 'sentences', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.pk, old.text);
END;
INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild');
"#;

/// Version 3: a covering index for relations series, so a dyad's series is read
/// from the index alone instead of visiting every event row.
const V3: &str = r#"
CREATE INDEX events_dyad_series ON events(source_country, target_country, day, mode, quad_class, goldstein);
DROP INDEX events_dyad;
"#;

/// Version 4: PLOVER beside CAMEO (type, mode, context of the official
/// conversion table). Events stored before it get their type from their CAMEO
/// code at the next `--recode`; until then these columns are empty.
const V4: &str = r#"
ALTER TABLE events ADD COLUMN plover_type TEXT;
ALTER TABLE events ADD COLUMN plover_mode TEXT;
ALTER TABLE events ADD COLUMN plover_context TEXT;
CREATE INDEX events_plover ON events(plover_type, day);
"#;

/// Version 5: each article's detected language (ISO 639-3); articles not in
/// English are stored with it and without sentences or events.
const V5: &str = r#"
ALTER TABLE articles ADD COLUMN language TEXT;
"#;

/// Version 6: where each event happened (see `dyad_core::places`).
const V6: &str = r#"
ALTER TABLE events ADD COLUMN place_name TEXT;
ALTER TABLE events ADD COLUMN place_country TEXT;
ALTER TABLE events ADD COLUMN place_adm1 TEXT;
ALTER TABLE events ADD COLUMN place_adm1_code TEXT;
ALTER TABLE events ADD COLUMN place_lat REAL;
ALTER TABLE events ADD COLUMN place_lon REAL;
ALTER TABLE events ADD COLUMN place_feature TEXT;
ALTER TABLE events ADD COLUMN place_geonameid INTEGER;
ALTER TABLE events ADD COLUMN place_text TEXT;
ALTER TABLE events ADD COLUMN place_how TEXT;
CREATE INDEX events_place_country ON events(place_country, day);
"#;

/// All migrations, oldest first; the schema version is their count.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6];

/// Brings a database from `from` to the current version.
pub fn migrate(conn: &mut Connection, from: i32) -> rusqlite::Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        let tx = conn.transaction()?;
        if i == 0 {
            tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))?;
        }
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {};", i + 1))?;
        tx.commit()?;
    }
    Ok(())
}
