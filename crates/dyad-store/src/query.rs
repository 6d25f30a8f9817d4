//! Filters shared by `search` and `export`, and reading events back as records.

use chrono::NaiveDate;
use dyad_core::output::EventRecord;
use rusqlite::types::Value;
use rusqlite::Row;
use serde::Serialize;

/// Restricts events (export) or sentences (search).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Full-text query over sentences; plain words must all occur. FTS5 syntax
    /// (`"a phrase"`, `OR`, `NEAR(...)`, `prefix*`) is passed through.
    pub query: Option<String>,
    /// Actor code or prefix (`JPN`, `JPNGOV`) or country/IGO code, either side.
    pub actor: Option<String>,
    /// CAMEO code prefix (`16` matches 16, 160-166).
    pub code: Option<String>,
    /// PLOVER event type (`ASSAULT`), case-insensitive.
    pub plover: Option<String>,
    /// First day (inclusive) of the event's day.
    pub since: Option<NaiveDate>,
    /// Last day (inclusive) of the event's day.
    pub until: Option<NaiveDate>,
    /// Only events in these modes (`asserted`, `planned`, ...); `None`: all.
    pub modes: Option<Vec<String>>,
}

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` prefix pattern.
fn like_prefix(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The condition matching one side (`source` or `target`) of events aliased
/// `e` to an actor code, with its value for the `?`: a country or IGO code
/// (`JPN`, `NATO`) matches the side's country, so every role of it counts; a
/// code with a role (`JPNGOV`) matches the codes it begins (`JPNGOV`,
/// `JPNGOVMIL`), as the docs promise.
pub fn actor_side(side: &str, code: &str) -> (String, Value) {
    let code = code.trim().to_uppercase();
    if dyad_core::actors::dictionary::country_of(&code) == code {
        (format!("e.{side}_country = ?"), Value::Text(code))
    } else {
        (
            format!("e.{side} LIKE ? ESCAPE '\\'"),
            Value::Text(like_prefix(&code)),
        )
    }
}

/// The condition matching events between two actors (either direction
/// unless `directed`), with its values in order.
pub fn dyad_condition(a: &str, b: &str, directed: bool) -> (String, Vec<Value>) {
    let one = |x: &str, y: &str| {
        let (sx, vx) = actor_side("source", x);
        let (ty, vy) = actor_side("target", y);
        (format!("({sx} AND {ty})"), vec![vx, vy])
    };
    let (mut sql, mut args) = one(a, b);
    if !directed {
        let (back, more) = one(b, a);
        sql = format!("({sql} OR {back})");
        args.extend(more);
    }
    (sql, args)
}

/// Turns a user query into an FTS5 query. Plain words are quoted one by one
/// (so `U.S.` or `Abe's` are not syntax errors) and must all match; a query
/// that already uses FTS5 syntax is passed through.
pub fn fts_query(q: &str) -> String {
    let uses_syntax = q.contains('"')
        || q.contains('*')
        || q.contains("NEAR(")
        || q.split_whitespace()
            .any(|w| matches!(w, "OR" | "AND" | "NOT"));
    if uses_syntax {
        return q.to_string();
    }
    q.split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Filter {
    /// Whether any event-level condition (actor, code, mode) is set.
    pub fn has_event_conditions(&self) -> bool {
        self.actor.is_some() || self.code.is_some() || self.modes.is_some() || self.plover.is_some()
    }

    /// Events matching the filter but for its modes, counted by mode.
    pub fn count_by_mode(
        &self,
        store: &crate::Store,
    ) -> Result<std::collections::BTreeMap<String, usize>, crate::StoreError> {
        let all = Filter {
            modes: None,
            ..self.clone()
        };
        let mut conds = vec!["1 = 1".to_string()];
        let mut args = Vec::new();
        all.event_conditions(&mut conds, &mut args);
        let sql = format!(
            "SELECT e.mode, COUNT(*) FROM events e JOIN articles a ON a.pk = e.article \
             LEFT JOIN sentences s ON s.article = e.article AND s.idx = e.sentence_index \
             WHERE {} GROUP BY e.mode",
            conds.join(" AND ")
        );
        let mut stmt = store.conn.prepare(&sql).map_err(|e| store.err(&e))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
            })
            .map_err(|e| store.err(&e))?;
        rows.collect::<Result<_, _>>().map_err(|e| store.err(&e))
    }

    /// Conditions on events aliased `e` (with its sentence `s`), ANDed; the
    /// values bind in order to `?` placeholders.
    pub fn event_conditions(&self, sql: &mut Vec<String>, args: &mut Vec<Value>) {
        if let Some(a) = &self.actor {
            sql.push(
                "(e.source_country = ? OR e.target_country = ? OR e.source LIKE ? ESCAPE '\\' \
                 OR e.target LIKE ? ESCAPE '\\')"
                    .into(),
            );
            let a = a.to_uppercase();
            args.push(Value::Text(a.clone()));
            args.push(Value::Text(a.clone()));
            args.push(Value::Text(like_prefix(&a)));
            args.push(Value::Text(like_prefix(&a)));
        }
        if let Some(c) = &self.code {
            sql.push("e.cameo LIKE ? ESCAPE '\\'".into());
            args.push(Value::Text(like_prefix(c)));
        }
        if let Some(p) = &self.plover {
            sql.push("e.plover_type = ?".into());
            args.push(Value::Text(p.to_uppercase()));
        }
        if let Some(d) = self.since {
            sql.push("e.day >= ?".into());
            args.push(Value::Text(d.format("%Y-%m-%d").to_string()));
        }
        if let Some(d) = self.until {
            sql.push("e.day <= ?".into());
            args.push(Value::Text(d.format("%Y-%m-%d").to_string()));
        }
        if let Some(ms) = &self.modes {
            sql.push(format!("e.mode IN ({})", vec!["?"; ms.len()].join(", ")));
            args.extend(ms.iter().map(|m| Value::Text(m.clone())));
        }
        if let Some(q) = &self.query {
            sql.push(
                "s.pk IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)".into(),
            );
            args.push(Value::Text(fts_query(q)));
        }
    }
}

/// Columns of [`StoredEvent`], in the order [`stored_event`] reads them.
pub const EVENT_SELECT: &str = "SELECT e.pk, a.id, a.published, e.sentence_index, \
    COALESCE(s.text, ''), e.char_start, e.char_end, e.source, e.source_country, e.source_text, \
    e.target, e.target_country, e.target_text, e.cameo, e.root, e.quad_class, e.goldstein, \
    e.date, e.date_precision, e.date_text, e.mode, e.mode_cue, e.rule, a.url, \
    e.num_articles, e.num_sources, e.day, e.plover_type, e.plover_mode, e.plover_context, \
    e.place_name, e.place_country, e.place_adm1, e.place_adm1_code, e.place_lat, e.place_lon, \
    e.place_feature, e.place_geonameid, e.place_text, e.place_how \
    FROM events e JOIN articles a ON a.pk = e.article \
    LEFT JOIN sentences s ON s.article = e.article AND s.idx = e.sentence_index";

/// An event as stored: the output record plus its counts.
#[derive(Debug, Clone, Serialize)]
pub struct StoredEvent {
    /// Row id: stable, used as GDELT's GLOBALEVENTID on export.
    #[serde(skip)]
    pub pk: i64,
    #[serde(flatten)]
    pub record: EventRecord,
    /// Articles reporting it: the original and its syndicated copies.
    pub num_articles: u32,
    /// Distinct sources among those articles.
    pub num_sources: u32,
    /// The day it is placed on in series: its own date's first day, else publication.
    pub day: Option<String>,
}

/// Reads one row of [`EVENT_SELECT`].
pub fn stored_event(r: &Row) -> rusqlite::Result<StoredEvent> {
    Ok(StoredEvent {
        pk: r.get(0)?,
        record: EventRecord {
            article: r.get(1)?,
            published: r.get(2)?,
            sentence_index: r.get::<_, i64>(3)? as usize,
            sentence: r.get(4)?,
            char_start: r.get::<_, i64>(5)? as usize,
            char_end: r.get::<_, i64>(6)? as usize,
            source: r.get(7)?,
            source_country: r.get(8)?,
            source_text: r.get(9)?,
            target: r.get(10)?,
            target_country: r.get(11)?,
            target_text: r.get(12)?,
            cameo: r.get(13)?,
            root: r.get(14)?,
            plover_type: r.get(27)?,
            plover_mode: r.get(28)?,
            plover_context: r.get(29)?,
            quad_class: r.get(15)?,
            goldstein: r.get(16)?,
            date: r.get(17)?,
            date_precision: r.get(18)?,
            date_text: r.get(19)?,
            mode: r.get(20)?,
            mode_cue: r.get(21)?,
            rule: r.get(22)?,
            url: r.get(23)?,
            place_name: r.get(30)?,
            place_country: r.get(31)?,
            place_adm1: r.get(32)?,
            place_adm1_code: r.get(33)?,
            place_lat: r.get(34)?,
            place_lon: r.get(35)?,
            place_feature: r.get(36)?,
            place_geonameid: r.get::<_, Option<i64>>(37)?.map(|v| v as u64),
            place_text: r.get(38)?,
            place_how: r.get(39)?,
        },
        num_articles: r.get(24)?,
        num_sources: r.get(25)?,
        day: r.get(26)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_quoted_and_syntax_passes() {
        assert_eq!(fts_query("U.S. sanctions"), "\"U.S.\" \"sanctions\"");
        assert_eq!(
            fts_query("\"prime minister\" OR abe"),
            "\"prime minister\" OR abe"
        );
        assert_eq!(like_prefix("a_b%"), "a\\_b\\%%");
    }
}
