//! Ingest: code articles in parallel, write them from a single thread.
//!
//! Each batch of coded articles is written in one transaction (each article in
//! its own savepoint, so one bad article is skipped without losing the batch).
//! A killed ingest therefore leaves only whole batches behind, and re-running
//! it skips what was committed: an article whose id is stored with the same
//! content hash is left alone.
//!
//! An article whose cleaned text is a near-duplicate (SimHash, see
//! [`crate::simhash`]) of an earlier original is stored as a copy: linked with
//! `duplicate_of`, no sentences or events of its own, and the original's
//! events count it in `num_articles` / `num_sources` (as GDELT's NumArticles
//! and NumSources do).

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;

use chrono::NaiveDate;
use dyad_core::input::{Article, Problem};
use dyad_core::output::EventRecord;
use dyad_core::{Document, Pipeline};
use rayon::prelude::*;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::simhash;
use crate::{explain_sql, is_fatal, summary, Store, StoreError};

/// An article coded and ready to be written: everything the writer needs,
/// computed on the worker threads.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// The given source, else the URL's host: what `num_sources` counts.
    pub source: Option<String>,
    pub published: Option<String>,
    /// SHA-256 (hex) of the raw input and its metadata.
    pub content_hash: String,
    /// SimHash of the cleaned text; `None` when it has no words.
    pub simhash: Option<u64>,
    /// Cleaned text.
    pub text: String,
    pub summary: String,
    pub sentences: Vec<String>,
    pub events: Vec<EventRecord>,
    /// Where the article came from, for messages.
    pub origin: String,
    /// The detected language; an article not in English is stored with it,
    /// without sentences or events.
    pub language: Option<dyad_core::language::Language>,
}

fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.trim_start_matches("www.").to_lowercase();
    (!host.is_empty()).then_some(host)
}

/// The source an article counts as in `num_sources`: the given source, else
/// the URL's host.
pub fn counted_source(doc: &Document) -> Option<String> {
    doc.source
        .clone()
        .or_else(|| doc.url.as_deref().and_then(url_host))
}

/// The content hash covers everything that changes what is stored.
fn content_hash(a: &Article) -> String {
    let mut h = Sha256::new();
    for part in [
        a.body.as_str(),
        &a.published.map(|d| d.to_string()).unwrap_or_default(),
        a.title.as_deref().unwrap_or(""),
        a.url.as_deref().unwrap_or(""),
        a.source.as_deref().unwrap_or(""),
        if a.is_html { "html" } else { "text" },
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

impl Prepared {
    /// Codes one article and computes hash, SimHash and summary.
    pub fn code(pipeline: &Pipeline, article: Article) -> Prepared {
        let hash = content_hash(&article);
        let origin = article.origin.clone();
        let doc = pipeline.code(article);
        Prepared::from_document(&doc, hash, origin)
    }

    /// Builds the stored form of a coded document.
    pub fn from_document(doc: &Document, content_hash: String, origin: String) -> Prepared {
        let sentences: Vec<String> = doc.sentences.iter().map(|s| s.text(&doc.text)).collect();
        let mut has_event = vec![false; sentences.len()];
        for e in &doc.events {
            if let Some(h) = has_event.get_mut(e.sentence) {
                *h = true;
            }
        }
        // Headings (the title, section heads) are shown separately, not summarised.
        let body: Vec<usize> = (0..sentences.len())
            .filter(|&i| !doc.sentences[i].heading)
            .collect();
        let summary = summary::summarize(
            &body
                .iter()
                .map(|&i| sentences[i].clone())
                .collect::<Vec<_>>(),
            &body.iter().map(|&i| has_event[i]).collect::<Vec<_>>(),
        );
        Prepared {
            id: doc.id.clone(),
            url: doc.url.clone(),
            title: doc.title.clone(),
            source: counted_source(doc),
            published: doc.published.map(|d| d.format("%Y-%m-%d").to_string()),
            content_hash,
            simhash: simhash::simhash(&doc.text),
            text: doc.text.clone(),
            summary,
            sentences,
            events: EventRecord::all(doc),
            origin,
            language: doc.language.clone(),
        }
    }
}

/// What happened to one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// New original: sentences and events stored.
    Added,
    /// Same id, different content: its sentences and events (this many) were replaced.
    Replaced(usize),
    /// Same id and content hash as before: nothing written.
    Unchanged,
    /// A near-duplicate of an earlier article: linked, counted, no events.
    Duplicate,
}

/// Counts for the summary line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub read: usize,
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub duplicates: usize,
    pub skipped: usize,
    /// Events written (originals only).
    pub events: usize,
    /// Of those, events without any date (no date of their own and no
    /// publication date): series, alerts and date filters cannot place them.
    pub undated: usize,
    /// Articles added or replaced without a publication date.
    pub undated_articles: usize,
    /// Articles stored uncoded because they are not in English.
    pub not_english: usize,
}

/// `1 article`, `2 articles`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Tally {
    fn count(&mut self, o: Outcome, events: usize) {
        match o {
            Outcome::Added => self.added += 1,
            Outcome::Replaced(_) => self.replaced += 1,
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Duplicate => self.duplicates += 1,
        }
        if matches!(o, Outcome::Added | Outcome::Replaced(_)) {
            self.events += events;
        }
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} read: {} added, {} replaced, {} unchanged, {}, {} skipped; {} stored",
            plural(self.read, "article", "articles"),
            self.added,
            self.replaced,
            self.unchanged,
            plural(self.duplicates, "syndicated copy", "syndicated copies"),
            self.skipped,
            plural(self.events, "event", "events")
        )?;
        if self.not_english > 0 {
            write!(
                f,
                "; {} not in English (stored, not coded)",
                self.not_english
            )?;
        }
        Ok(())
    }
}

/// Ingest settings.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Publication date for articles that carry none.
    pub published: Option<NaiveDate>,
    /// Re-code articles even when their content hash is unchanged (after
    /// changing dictionaries).
    pub recode: bool,
    /// Articles per transaction.
    pub batch: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            published: None,
            recode: false,
            batch: 256,
        }
    }
}

/// Reports from a running ingest, in input order.
pub enum Report<'a> {
    /// An article that could not be read, coded or stored; the run goes on.
    Skipped(&'a Problem),
    /// A batch was committed; the running totals.
    Committed(&'a Tally),
    /// An article already stored under the same id had other content and was
    /// replaced: its earlier sentences and events are gone.
    Replaced {
        id: &'a str,
        origin: &'a str,
        /// Events the earlier version had.
        events_before: usize,
    },
    /// An article stored without coding: it is not in English.
    NotEnglish {
        origin: &'a str,
        language: &'a dyad_core::language::Language,
    },
}

/// Codes `articles` with `pipeline` on all cores and writes them to `store`
/// from one writer thread. Returns the totals, or the error that stopped the
/// run (everything committed before it stays).
pub fn ingest<I>(
    store: Store,
    pipeline: &Pipeline,
    articles: I,
    opts: &IngestOptions,
    report: &(dyn Fn(Report) + Sync),
) -> Result<Tally, StoreError>
where
    I: Iterator<Item = Result<Article, Problem>>,
{
    let batch = opts.batch.max(1);
    let mut articles = articles;
    // Two batches in flight: coding of the next overlaps writing of this one.
    let (tx, rx) = mpsc::sync_channel::<Vec<Result<Option<Prepared>, Problem>>>(2);
    // A second, read-only connection (WAL lets it read beside the writer) for
    // the unchanged-article check; without it every article is coded.
    let reader = Connection::open_with_flags(
        store.path(),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok();
    std::thread::scope(|s| {
        let writer = s.spawn(move || -> Result<Tally, StoreError> {
            let mut store = store;
            let mut tally = Tally::default();
            for items in rx {
                store.write_items(items, opts.recode, &mut tally, report)?;
                report(Report::Committed(&tally));
            }
            Ok(tally)
        });
        loop {
            let chunk: Vec<_> = articles.by_ref().take(batch).collect();
            if chunk.is_empty() {
                break;
            }
            // Articles stored unchanged are not coded again: a resumed or
            // repeated ingest only hashes what it has already stored.
            let chunk: Vec<Result<(Article, bool), Problem>> = chunk
                .into_iter()
                .map(|item| {
                    let mut article = item?;
                    if article.published.is_none() {
                        article.published = opts.published;
                    }
                    let known = !opts.recode
                        && reader.as_ref().is_some_and(|r| {
                            stored_hash(r, &article.id).as_deref()
                                == Some(content_hash(&article).as_str())
                        });
                    Ok((article, known))
                })
                .collect();
            let coded: Vec<Result<Option<Prepared>, Problem>> = chunk
                .into_par_iter()
                .map(|item| {
                    let (article, known) = item?;
                    if known {
                        return Ok(None);
                    }
                    let origin = article.origin.clone();
                    catch_unwind(AssertUnwindSafe(|| Prepared::code(pipeline, article)))
                        .map(Some)
                        .map_err(|_| Problem {
                            origin,
                            message:
                                "internal error while coding this article (please report it); skipped"
                                    .into(),
                        })
                })
                .collect();
            if tx.send(coded).is_err() {
                // The writer stopped on an error; it is returned by join below.
                break;
            }
        }
        drop(tx);
        writer.join().unwrap_or(Err(StoreError::WriterPanicked))
    })
}

impl Store {
    /// Writes a batch in one transaction; each article in a savepoint. A fatal
    /// error (disk full, read-only, I/O) rolls the whole batch back and stops.
    pub fn write_batch(
        &mut self,
        items: Vec<Result<Prepared, Problem>>,
        recode: bool,
        tally: &mut Tally,
        report: &(dyn Fn(Report) + Sync),
    ) -> Result<(), StoreError> {
        let items = items.into_iter().map(|i| i.map(Some)).collect();
        self.write_items(items, recode, tally, report)
    }

    /// As [`Store::write_batch`]; `Ok(None)` is an article found unchanged
    /// before coding.
    fn write_items(
        &mut self,
        items: Vec<Result<Option<Prepared>, Problem>>,
        recode: bool,
        tally: &mut Tally,
        report: &(dyn Fn(Report) + Sync),
    ) -> Result<(), StoreError> {
        let r = self.write_items_inner(items, recode, tally, report);
        if r.is_err() {
            // Keys of rolled-back articles can be handed out again.
            self.simhashes.clear();
        }
        r
    }

    fn write_items_inner(
        &mut self,
        items: Vec<Result<Option<Prepared>, Problem>>,
        recode: bool,
        tally: &mut Tally,
        report: &(dyn Fn(Report) + Sync),
    ) -> Result<(), StoreError> {
        let path = self.path().to_path_buf();
        let simhashes = &mut self.simhashes;
        let fatal = |e: rusqlite::Error| crate::db_err(&path, &e);
        let mut tx = self.conn.transaction().map_err(fatal)?;
        let max_sentence = |tx: &rusqlite::Transaction| -> Result<i64, StoreError> {
            tx.query_row("SELECT COALESCE(MAX(pk), 0) FROM sentences", [], |r| {
                r.get(0)
            })
            .map_err(fatal)
        };
        let mut last_sentence = max_sentence(&tx)?;
        // Ids written in this batch: their sentences are not in the FTS index
        // yet, so replacing one again must index them first (the delete
        // trigger would otherwise remove terms FTS5 never had, corrupting it).
        let mut written: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut batch_tally = tally.clone();
        let mut problems = Vec::new();
        let mut replaced = Vec::new();
        let mut foreign = Vec::new();
        for item in items {
            batch_tally.read += 1;
            let p = match item {
                Ok(Some(p)) => p,
                Ok(None) => {
                    batch_tally.unchanged += 1;
                    continue;
                }
                Err(problem) => {
                    batch_tally.skipped += 1;
                    problems.push(problem);
                    continue;
                }
            };
            if !written.insert(p.id.clone()) {
                index_sentences_after(&tx, last_sentence).map_err(fatal)?;
                last_sentence = max_sentence(&tx)?;
            }
            let mut sp = tx.savepoint().map_err(fatal)?;
            match write_one(&sp, &p, recode, simhashes) {
                Ok(o) => {
                    sp.commit().map_err(fatal)?;
                    batch_tally.count(o, p.events.len());
                    if let Outcome::Replaced(before) = o {
                        replaced.push((p.id.clone(), p.origin.clone(), before));
                    }
                    if matches!(o, Outcome::Added | Outcome::Replaced(_)) {
                        batch_tally.undated +=
                            p.events.iter().filter(|e| e.day().is_none()).count();
                        if p.published.is_none() {
                            batch_tally.undated_articles += 1;
                        }
                    }
                    if let Some(l) = p.language.as_ref().filter(|l| !l.coded) {
                        if matches!(o, Outcome::Added | Outcome::Replaced(_)) {
                            batch_tally.not_english += 1;
                            foreign.push((p.origin.clone(), l.clone()));
                        }
                    }
                }
                Err(e) if is_fatal(&e) => return Err(fatal(e)),
                Err(e) => {
                    sp.rollback().map_err(fatal)?;
                    drop(sp);
                    simhashes.clear();
                    batch_tally.skipped += 1;
                    problems.push(Problem {
                        origin: p.origin.clone(),
                        message: format!("cannot store article {}: {}", p.id, explain_sql(&e)),
                    });
                }
            }
        }
        // Index the batch's new sentences in one go (see schema V2).
        index_sentences_after(&tx, last_sentence).map_err(fatal)?;
        tx.commit().map_err(fatal)?;
        *tally = batch_tally;
        for p in &problems {
            report(Report::Skipped(p));
        }
        for (id, origin, events_before) in &replaced {
            report(Report::Replaced {
                id,
                origin,
                events_before: *events_before,
            });
        }
        for (origin, language) in &foreign {
            report(Report::NotEnglish { origin, language });
        }
        Ok(())
    }

    /// Writes already-prepared articles (one transaction), e.g. synthetic data
    /// in tests or articles coded elsewhere.
    pub fn write_prepared(&mut self, items: Vec<Prepared>) -> Result<Tally, StoreError> {
        let mut tally = Tally::default();
        self.write_batch(
            items.into_iter().map(Ok).collect(),
            false,
            &mut tally,
            &|_| {},
        )?;
        Ok(tally)
    }
}

/// Adds the sentences with keys above `last` to the full-text index.
fn index_sentences_after(tx: &Connection, last: i64) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT INTO sentences_fts (rowid, text) SELECT pk, text FROM sentences WHERE pk > ?1",
        [last],
    )
}

fn stored_hash(conn: &Connection, id: &str) -> Option<String> {
    conn.prepare_cached("SELECT content_hash FROM articles WHERE id = ?1")
        .and_then(|mut st| st.query_row([id], |r| r.get(0)).optional())
        .ok()
        .flatten()
}

fn write_one(
    tx: &Connection,
    p: &Prepared,
    recode: bool,
    simhashes: &mut HashMap<i64, u64>,
) -> rusqlite::Result<Outcome> {
    let existing: Option<(i64, String, Option<i64>)> = tx
        .query_row(
            "SELECT pk, content_hash, duplicate_of FROM articles WHERE id = ?1",
            params![p.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match existing {
        Some((_, hash, _)) if hash == p.content_hash && !recode => return Ok(Outcome::Unchanged),
        Some((pk, _, None)) => {
            // An original changed: keep its row (copies stay linked to it),
            // replace its content, sentences and events.
            let before = tx.execute("DELETE FROM events WHERE article = ?1", params![pk])?;
            tx.execute("DELETE FROM sentences WHERE article = ?1", params![pk])?;
            tx.execute("DELETE FROM simhash_bands WHERE article = ?1", params![pk])?;
            tx.execute(
                "UPDATE articles SET url = ?2, title = ?3, source = ?4, published = ?5,
                 content_hash = ?6, simhash = ?7, text = ?8, summary = ?9,
                 ingested_at = datetime('now') WHERE pk = ?1",
                params![
                    pk,
                    p.url,
                    p.title,
                    p.source,
                    p.published,
                    p.content_hash,
                    p.simhash.unwrap_or(0) as i64,
                    p.text,
                    p.summary
                ],
            )?;
            simhashes.remove(&pk);
            insert_content(tx, pk, p)?;
            recount(tx, pk)?;
            return Ok(Outcome::Replaced(before));
        }
        Some((pk, _, Some(original))) => {
            // A copy changed: drop it and decide afresh below.
            tx.execute("DELETE FROM articles WHERE pk = ?1", params![pk])?;
            recount(tx, original)?;
        }
        None => {}
    }
    let original = match p.simhash {
        Some(h) => near_duplicate(tx, h, &p.text, simhashes)?,
        None => None,
    };
    tx.execute(
        "INSERT INTO articles (id, url, title, source, published, content_hash, simhash, text,
                               summary, duplicate_of, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, datetime('now'))",
        params![
            p.id,
            p.url,
            p.title,
            p.source,
            p.published,
            p.content_hash,
            p.simhash.unwrap_or(0) as i64,
            p.text,
            p.summary,
            original
        ],
    )?;
    let pk = tx.last_insert_rowid();
    match original {
        Some(orig) => {
            recount(tx, orig)?;
            Ok(Outcome::Duplicate)
        }
        None => {
            insert_content(tx, pk, p)?;
            Ok(Outcome::Added)
        }
    }
}

/// Band-index rows looked at per band for one article.
const MAX_BAND_CANDIDATES: i64 = 64;
/// Candidates between `MAX_DISTANCE` and `CONFIRM_DISTANCE` bits checked by
/// shingle Jaccard for one article.
const MAX_JACCARD_CHECKS: usize = 16;

/// The first original that is a near-duplicate, via the band index: within
/// `MAX_DISTANCE` bits, or within `CONFIRM_DISTANCE` bits with shingle Jaccard
/// of at least `MIN_JACCARD` (see [`crate::simhash`]).
fn near_duplicate(
    tx: &Connection,
    h: u64,
    text: &str,
    simhashes: &mut HashMap<i64, u64>,
) -> rusqlite::Result<Option<i64>> {
    // Many short, similar articles can share a band value by the thousand;
    // looking at all of them made ingest quadratic. The most recent
    // originals are looked at (syndicated copies arrive close together), and
    // a true copy within 3 bits shares all but at most 3 bands anyway.
    let mut stmt = tx.prepare_cached(
        "SELECT article FROM simhash_bands WHERE band = ?1 AND value = ?2
         ORDER BY article DESC LIMIT ?3",
    )?;
    let mut hash_of = tx.prepare_cached("SELECT simhash FROM articles WHERE pk = ?1")?;
    let mut close = Vec::new();
    let mut unsure = Vec::new();
    for (band, value) in simhash::bands(h).iter().enumerate() {
        let rows = stmt.query_map(
            params![band as i64, i64::from(*value), MAX_BAND_CANDIDATES],
            |r| r.get::<_, i64>(0),
        )?;
        let pks = rows.collect::<rusqlite::Result<Vec<i64>>>()?;
        for pk in pks {
            let other = match simhashes.get(&pk) {
                Some(&o) => o,
                None => {
                    let o = hash_of.query_row([pk], |r| r.get::<_, i64>(0))? as u64;
                    simhashes.insert(pk, o);
                    o
                }
            };
            let d = simhash::distance(h, other);
            if d <= simhash::MAX_DISTANCE {
                close.push(pk);
            } else if d <= simhash::CONFIRM_DISTANCE {
                unsure.push((d, pk));
            }
        }
    }
    if let Some(pk) = close.into_iter().min() {
        return Ok(Some(pk));
    }
    // The nearest few are confirmed by Jaccard (each costs a text read).
    unsure.sort_unstable();
    unsure.dedup_by_key(|u| u.1);
    let mut unsure: Vec<i64> = unsure
        .into_iter()
        .map(|(_, pk)| pk)
        .take(MAX_JACCARD_CHECKS)
        .collect();
    unsure.sort_unstable();
    unsure.dedup();
    if unsure.is_empty() {
        return Ok(None);
    }
    let mine = simhash::shingles(text);
    let mut get = tx.prepare_cached("SELECT text FROM articles WHERE pk = ?1")?;
    for pk in unsure {
        let other: String = get.query_row([pk], |r| r.get(0))?;
        if simhash::jaccard(&mine, &simhash::shingles(&other)) >= simhash::MIN_JACCARD {
            return Ok(Some(pk));
        }
    }
    Ok(None)
}

fn insert_content(tx: &Connection, pk: i64, p: &Prepared) -> rusqlite::Result<()> {
    if let Some(h) = p.simhash {
        let mut stmt = tx.prepare_cached(
            "INSERT OR IGNORE INTO simhash_bands (band, value, article) VALUES (?1, ?2, ?3)",
        )?;
        for (band, value) in simhash::bands(h).iter().enumerate() {
            stmt.execute(params![band as i64, i64::from(*value), pk])?;
        }
    }
    tx.prepare_cached("UPDATE articles SET language = ?2 WHERE pk = ?1")?
        .execute(params![pk, p.language.as_ref().map(|l| l.code.as_str())])?;
    let mut stmt =
        tx.prepare_cached("INSERT INTO sentences (article, idx, text) VALUES (?1, ?2, ?3)")?;
    for (i, s) in p.sentences.iter().enumerate() {
        stmt.execute(params![pk, i as i64, s])?;
    }
    let mut stmt = tx.prepare_cached(&crate::query::EVENT_INSERT)?;
    for e in &p.events {
        stmt.execute(rusqlite::params_from_iter(crate::query::insert_values(
            pk, e,
        )))?;
    }
    Ok(())
}

/// Sets the original's event counts from its copies: articles = 1 + copies,
/// sources = distinct sources among original and copies (unknown counts as one).
fn recount(tx: &Connection, original: i64) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE events SET
            num_articles = (SELECT COUNT(*) FROM articles WHERE pk = ?1 OR duplicate_of = ?1),
            num_sources = (SELECT COUNT(DISTINCT COALESCE(source, '')) FROM articles
                           WHERE pk = ?1 OR duplicate_of = ?1)
         WHERE article = ?1",
    )?
    .execute(params![original])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            url_host("https://www.Reuters.com/world/x?y=1").as_deref(),
            Some("reuters.com")
        );
        assert_eq!(url_host("not a url"), None);
    }
}
