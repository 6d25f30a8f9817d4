//! Full-text search over stored sentences (SQLite FTS5, ranked by BM25).
//!
//! Without event filters every sentence of every original article is
//! searched and `since`/`until` apply to the publication date. With `actor` or
//! `code`, only sentences carrying a matching event are returned and the dates
//! apply to that event's day (as in `relations` and `export`).

use rusqlite::params_from_iter;
use rusqlite::types::Value;
use serde::Serialize;

use crate::query::{fts_query, Filter};
use crate::{Store, StoreError};

/// One matching sentence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub article: String,
    pub published: Option<String>,
    pub title: Option<String>,
    pub sentence_index: usize,
    /// The sentence with matches wrapped in the requested markers.
    pub sentence: String,
}

/// Searches sentences; `mark` wraps each match (e.g. `("**", "**")`).
pub fn search(
    store: &Store,
    query: &str,
    filter: &Filter,
    limit: usize,
    mark: (&str, &str),
) -> Result<Vec<Hit>, StoreError> {
    if query.trim().is_empty() {
        return Err(StoreError::BadQuery(
            "the search query is empty: give one or more words".into(),
        ));
    }
    let mut args = vec![
        Value::Text(mark.0.to_string()),
        Value::Text(mark.1.to_string()),
        Value::Text(fts_query(query)),
    ];
    let mut sql = String::from(
        "SELECT a.id, a.published, a.title, s.idx, highlight(sentences_fts, 0, ?1, ?2) \
         FROM sentences_fts JOIN sentences s ON s.pk = sentences_fts.rowid \
         JOIN articles a ON a.pk = s.article WHERE sentences_fts MATCH ?3",
    );
    push_conditions(filter, &mut sql, &mut args);
    args.push(Value::Integer(limit.min(i64::MAX as usize) as i64));
    sql.push_str(" ORDER BY sentences_fts.rank, a.published DESC LIMIT ?");
    // `?` after `?3` continues numbering from 4 in SQLite, so the mixed
    // numbered and anonymous placeholders bind in order.
    let mut stmt = store.conn.prepare(&sql).map_err(|e| store.err(&e))?;
    let rows = stmt
        .query_map(params_from_iter(args), |r| {
            Ok(Hit {
                article: r.get(0)?,
                published: r.get(1)?,
                title: r.get(2)?,
                sentence_index: r.get::<_, i64>(3)? as usize,
                sentence: r.get(4)?,
            })
        })
        .map_err(|e| fts_err(store, &e))?;
    rows.collect::<Result<Vec<_>, _>>()
        .map_err(|e| fts_err(store, &e))
}

fn fts_err(store: &Store, e: &rusqlite::Error) -> StoreError {
    let msg = e.to_string();
    if msg.contains("fts5")
        || msg.contains("syntax error")
        || msg.contains("unterminated string")
        || msg.contains("no such column")
    {
        StoreError::BadSearch(msg)
    } else {
        store.err(e)
    }
}

/// An article as `dyad show` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub summary: String,
    /// Id of the original when this is a syndicated copy.
    pub duplicate_of: Option<String>,
    /// The detected language (ISO 639-3); an article not in English has no events.
    pub language: Option<String>,
    /// Ids of its syndicated copies.
    pub copies: Vec<String>,
    pub events: Vec<crate::query::StoredEvent>,
}

/// Loads one article with its events, or `None` when the id is unknown.
pub fn article(store: &Store, id: &str) -> Result<Option<ArticleView>, StoreError> {
    use rusqlite::OptionalExtension;
    let err = |e: rusqlite::Error| store.err(&e);
    let row = store
        .conn
        .query_row(
            "SELECT a.pk, a.id, a.title, a.published, a.source, a.url, a.summary, o.id, a.language
             FROM articles a LEFT JOIN articles o ON o.pk = a.duplicate_of WHERE a.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    ArticleView {
                        id: r.get(1)?,
                        title: r.get(2)?,
                        published: r.get(3)?,
                        source: r.get(4)?,
                        url: r.get(5)?,
                        summary: r.get(6)?,
                        duplicate_of: r.get(7)?,
                        language: r.get(8)?,
                        copies: Vec::new(),
                        events: Vec::new(),
                    },
                ))
            },
        )
        .optional()
        .map_err(err)?;
    let Some((pk, mut view)) = row else {
        return Ok(None);
    };
    let mut stmt = store
        .conn
        .prepare("SELECT id FROM articles WHERE duplicate_of = ?1 ORDER BY pk")
        .map_err(err)?;
    view.copies = stmt
        .query_map([pk], |r| r.get(0))
        .map_err(err)?
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let mut stmt = store
        .conn
        .prepare(&format!(
            "{} WHERE e.article = ?1 ORDER BY e.sentence_index, e.pk",
            *crate::query::EVENT_SELECT
        ))
        .map_err(err)?;
    view.events = stmt
        .query_map([pk], crate::query::stored_event)
        .map_err(err)?
        .collect::<Result<_, _>>()
        .map_err(err)?;
    Ok(Some(view))
}

/// Appends the filter's conditions on the sentence `s` of article `a`: its
/// event conditions when it has any (the sentence must hold such an event),
/// else its days on the publication date.
fn push_conditions(filter: &Filter, sql: &mut String, args: &mut Vec<Value>) {
    if filter.has_event_conditions() {
        let mut conds = Vec::new();
        let event_filter = Filter {
            query: None,
            ..filter.clone()
        };
        event_filter.event_conditions(&mut conds, args);
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM events e WHERE e.article = s.article \
             AND e.sentence_index = s.idx",
        );
        for c in conds {
            sql.push_str(" AND ");
            sql.push_str(&c);
        }
        sql.push(')');
    } else {
        if let Some(d) = filter.since {
            args.push(Value::Text(d.to_string()));
            sql.push_str(" AND a.published >= ?");
        }
        if let Some(d) = filter.until {
            args.push(Value::Text(d.to_string()));
            sql.push_str(" AND a.published <= ?");
        }
    }
}

/// How many sentences [`search`] would find without a limit, with the same
/// conditions.
pub fn count(store: &Store, q: &str, filter: &Filter) -> Result<u64, StoreError> {
    let mut args = vec![Value::Text(crate::query::fts_query(q))];
    let mut sql = String::from(
        "SELECT COUNT(*) FROM sentences_fts JOIN sentences s ON s.pk = sentences_fts.rowid \
         JOIN articles a ON a.pk = s.article WHERE sentences_fts MATCH ?",
    );
    push_conditions(filter, &mut sql, &mut args);
    let n: i64 = store
        .conn
        .query_row(&sql, rusqlite::params_from_iter(args.iter()), |r| r.get(0))
        .map_err(|e| fts_err(store, &e))?;
    Ok(n as u64)
}
