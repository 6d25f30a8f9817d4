//! Typed reads for browsing a store page by page (the server's API): articles,
//! events, the actors present, and the store's counts and state. Callers never
//! write SQL of their own.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, ErrorCode};
use serde::Serialize;

use crate::query::{dyad_condition, fts_query, stored_event, Filter, StoredEvent, EVENT_SELECT};
use crate::{Store, StoreError};

/// Which articles to list, newest first.
#[derive(Debug, Clone, Default)]
pub struct ArticleQuery {
    /// First publication day (inclusive).
    pub since: Option<NaiveDate>,
    /// Last publication day (inclusive).
    pub until: Option<NaiveDate>,
    /// Only articles from this source.
    pub source: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// An article in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRow {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Id of the original when this is a syndicated copy.
    pub duplicate_of: Option<String>,
    /// Events coded in it.
    pub events: u64,
}

/// One page of results and how many matched in all.
#[derive(Debug, Clone)]
pub struct Counted<T> {
    pub total: u64,
    pub items: Vec<T>,
}

/// A page of articles, newest first (undated last).
pub fn articles(store: &Store, q: &ArticleQuery) -> Result<Counted<ArticleRow>, StoreError> {
    let err = |e: rusqlite::Error| store.err(&e);
    let mut conds = vec!["1 = 1".to_string()];
    let mut args: Vec<Value> = Vec::new();
    if let Some(d) = q.since {
        conds.push("a.published >= ?".into());
        args.push(Value::Text(d.to_string()));
    }
    if let Some(d) = q.until {
        conds.push("a.published <= ?".into());
        args.push(Value::Text(d.to_string()));
    }
    if let Some(s) = &q.source {
        conds.push("a.source = ?".into());
        args.push(Value::Text(s.clone()));
    }
    let wh = conds.join(" AND ");
    let c = &store.conn;
    let total = count(
        store,
        &format!("SELECT COUNT(*) FROM articles a WHERE {wh}"),
        &args,
    )?;
    args.push(Value::Integer(q.limit as i64));
    args.push(Value::Integer(q.offset as i64));
    let mut stmt = c
        .prepare(&format!(
            "SELECT a.id, a.title, a.published, a.source, a.url, o.id, \
             (SELECT COUNT(*) FROM events e WHERE e.article = a.pk) \
             FROM articles a LEFT JOIN articles o ON o.pk = a.duplicate_of WHERE {wh} \
             ORDER BY a.published IS NULL, a.published DESC, a.pk DESC LIMIT ? OFFSET ?"
        ))
        .map_err(err)?;
    let items = stmt
        .query_map(params_from_iter(args.iter()), |r| {
            Ok(ArticleRow {
                id: r.get(0)?,
                title: r.get(1)?,
                published: r.get(2)?,
                source: r.get(3)?,
                url: r.get(4)?,
                duplicate_of: r.get(5)?,
                events: r.get::<_, i64>(6)? as u64,
            })
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(err)?;
    Ok(Counted { total, items })
}

/// The number a `SELECT COUNT(*)` gives.
fn count(store: &Store, sql: &str, args: &[Value]) -> Result<u64, StoreError> {
    store
        .conn
        .query_row(sql, params_from_iter(args.iter()), |r| r.get::<_, i64>(0))
        .map(|n| n as u64)
        .map_err(|e| store.err(&e))
}

/// Which events to list, oldest day first.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// Actor, code, PLOVER type, days, modes and sentence text.
    pub filter: Filter,
    /// Events between two actors (either direction unless `directed`).
    pub dyad: Option<(String, String)>,
    pub directed: bool,
    /// CAMEO root (`04`).
    pub root: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// A page of events, oldest day first (undated last).
pub fn events(store: &Store, q: &EventQuery) -> Result<Counted<StoredEvent>, StoreError> {
    if let Some(text) = &q.filter.query {
        check_search(store, text)?;
    }
    let err = |e: rusqlite::Error| store.err(&e);
    let mut conds = vec!["1 = 1".to_string()];
    let mut args: Vec<Value> = Vec::new();
    q.filter.event_conditions(&mut conds, &mut args);
    if let Some((a, b)) = &q.dyad {
        let (pair, values) = dyad_condition(a, b, q.directed);
        conds.push(pair);
        args.extend(values);
    }
    if let Some(r) = &q.root {
        conds.push("e.root = ?".into());
        args.push(Value::Text(r.clone()));
    }
    let wh = conds.join(" AND ");
    let c = &store.conn;
    let total = count(
        store,
        &format!(
            "SELECT COUNT(*) FROM events e JOIN articles a ON a.pk = e.article \
             LEFT JOIN sentences s ON s.article = e.article AND s.idx = e.sentence_index \
             WHERE {wh}"
        ),
        &args,
    )?;
    args.push(Value::Integer(q.limit as i64));
    args.push(Value::Integer(q.offset as i64));
    let mut stmt = c
        .prepare(&format!(
            "{} WHERE {wh} ORDER BY e.day IS NULL, e.day, e.pk LIMIT ? OFFSET ?",
            *EVENT_SELECT
        ))
        .map_err(err)?;
    let items = stmt
        .query_map(params_from_iter(args.iter()), stored_event)
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(err)?;
    Ok(Counted { total, items })
}

/// Checks a full-text query on its own, so that a malformed one (an
/// unbalanced quote, a stray `NEAR(`) is reported as [`StoreError::BadSearch`]
/// rather than failing halfway through a larger statement.
pub fn check_search(store: &Store, q: &str) -> Result<(), StoreError> {
    let probe = "SELECT COUNT(*) FROM (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?1 LIMIT 1)";
    match store
        .conn
        .query_row(probe, [fts_query(q)], |r| r.get::<_, i64>(0))
    {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::Unknown) => {
            Err(StoreError::BadSearch(e.to_string()))
        }
        Err(e) => Err(store.err(&e)),
    }
}

/// A country or IGO code and the events it is a side of.
#[derive(Debug, Clone, Serialize)]
pub struct ActorCount {
    pub code: String,
    pub events: u64,
}

/// The country and IGO codes in the store, most events first.
pub fn actors(store: &Store) -> Result<Vec<ActorCount>, StoreError> {
    let err = |e: rusqlite::Error| store.err(&e);
    let mut stmt = store
        .conn
        .prepare(
            "SELECT c, COUNT(*) FROM (SELECT source_country AS c FROM events \
             UNION ALL SELECT target_country FROM events) WHERE c <> '' \
             GROUP BY c ORDER BY COUNT(*) DESC, c",
        )
        .map_err(err)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(ActorCount {
                code: r.get(0)?,
                events: r.get::<_, i64>(1)? as u64,
            })
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(err)?;
    Ok(rows)
}

/// How many articles and events a store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub articles: u64,
    pub events: u64,
}

/// Counts articles and events.
pub fn counts(store: &Store) -> Result<Counts, StoreError> {
    let n = |sql: &str| {
        store
            .conn
            .query_row(sql, [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(|e| store.err(&e))
    };
    Ok(Counts {
        articles: n("SELECT COUNT(*) FROM articles")?,
        events: n("SELECT COUNT(*) FROM events")?,
    })
}

/// The first and last day events are placed on.
pub fn day_span(store: &Store) -> Result<Option<(NaiveDate, NaiveDate)>, StoreError> {
    let span: (Option<String>, Option<String>) = store
        .conn
        .query_row("SELECT MIN(day), MAX(day) FROM events", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(|e| store.err(&e))?;
    let day = |d: Option<String>| d.and_then(|d| d.parse::<NaiveDate>().ok());
    Ok(day(span.0).zip(day(span.1)))
}
