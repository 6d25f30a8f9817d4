//! Filters shared by `search` and `export`, and reading events back as records.

use std::borrow::Cow;
use std::sync::LazyLock;

use chrono::NaiveDate;
use dyad_core::output::EventRecord;
use dyad_core::schema::{Field, Kind, Value as SchemaValue, FIELDS};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Row, ToSql};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

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
    pub modes: Option<Vec<dyad_core::Mode>>,
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
            args.extend(ms.iter().map(|m| Value::Text(m.as_str().to_string())));
        }
        if let Some(q) = &self.query {
            sql.push(
                "s.pk IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)".into(),
            );
            args.push(Value::Text(fts_query(q)));
        }
    }
}

/// Fields of the record that live in the `articles` or `sentences` table,
/// with the SQL that reads them. Every other field of
/// [`dyad_core::schema::FIELDS`] is a column of `events` of the same name.
pub const JOINED_FIELDS: &[(&str, &str)] = &[
    ("article", "a.id"),
    ("published", "a.published"),
    ("sentence", "COALESCE(s.text, '')"),
    ("url", "a.url"),
];

/// Columns of `events` that are not record fields: the row id, the
/// article's key and what [`STORED_FIELDS`] lists.
pub const EVENT_ONLY_COLUMNS: &[&str] = &["pk", "article"];

/// The SQL expression that reads a record field.
pub fn field_sql(name: &str) -> String {
    JOINED_FIELDS
        .iter()
        .find(|(f, _)| *f == name)
        .map(|(_, sql)| sql.to_string())
        .unwrap_or_else(|| format!("e.{name}"))
}

/// A field of a stored event beyond the record: the counts and the series day.
pub struct StoredField {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    pub description: &'static str,
    pub get: fn(&StoredEvent) -> SchemaValue<'_>,
}

/// What a stored event adds to its record, in output order (after the
/// record's fields); each is a column of `events` of the same name.
pub const STORED_FIELDS: &[StoredField] = &[
    StoredField {
        name: "num_articles",
        kind: Kind::SmallInt,
        nullable: false,
        description: "Articles reporting it: the original and its syndicated copies.",
        get: |e| SchemaValue::Int(i64::from(e.num_articles)),
    },
    StoredField {
        name: "num_sources",
        kind: Kind::SmallInt,
        nullable: false,
        description: "Distinct sources among those articles.",
        get: |e| SchemaValue::Int(i64::from(e.num_sources)),
    },
    StoredField {
        name: "day",
        kind: Kind::Date,
        nullable: true,
        description:
            "The day it is placed on in series: its own date's first day, else publication.",
        get: |e| e.day.map_or(SchemaValue::Null, SchemaValue::Date),
    },
];

/// Columns of [`StoredEvent`], in the order [`stored_event`] reads them:
/// the row id, the record's fields, then [`STORED_FIELDS`].
pub(crate) static EVENT_SELECT: LazyLock<String> = LazyLock::new(|| {
    let mut cols = vec!["e.pk".to_string()];
    cols.extend(FIELDS.iter().map(|f| field_sql(f.name)));
    cols.extend(STORED_FIELDS.iter().map(|f| format!("e.{}", f.name)));
    format!(
        "SELECT {} FROM events e JOIN articles a ON a.pk = e.article \
         LEFT JOIN sentences s ON s.article = e.article AND s.idx = e.sentence_index",
        cols.join(", ")
    )
});

/// The `INSERT` of one event: the article's key, the record's fields that
/// are columns of `events`, then `day`. [`insert_values`] gives its values.
pub(crate) static EVENT_INSERT: LazyLock<String> = LazyLock::new(|| {
    let mut cols = vec!["article"];
    cols.extend(own_fields().map(|f| f.name));
    cols.push("day");
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO events ({}) VALUES ({})",
        cols.join(", "),
        marks.join(", ")
    )
});

/// The record fields stored in `events` itself.
fn own_fields() -> impl Iterator<Item = &'static Field> {
    FIELDS
        .iter()
        .filter(|f| !JOINED_FIELDS.iter().any(|(n, _)| *n == f.name))
}

/// A schema value bound as an SQL parameter (dates as `YYYY-MM-DD` text,
/// partial dates as written).
pub(crate) struct Sql<'a>(pub SchemaValue<'a>);

impl ToSql for Sql<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match &self.0 {
            SchemaValue::Null => ToSqlOutput::Owned(Value::Null),
            SchemaValue::Int(n) => ToSqlOutput::Owned(Value::Integer(*n)),
            SchemaValue::Real(x) => ToSqlOutput::Owned(Value::Real(*x)),
            v => match v.text(Kind::Text) {
                Some(t) => ToSqlOutput::Owned(Value::Text(t.into_owned())),
                None => ToSqlOutput::Owned(Value::Null),
            },
        })
    }
}

/// The values of [`EVENT_INSERT`] for one record of article `pk`.
pub(crate) fn insert_values(pk: i64, e: &EventRecord) -> Vec<Sql<'_>> {
    let mut v = vec![Sql(SchemaValue::Int(pk))];
    v.extend(own_fields().map(|f| Sql((f.get)(e))));
    v.push(Sql(e.day().map_or(SchemaValue::Null, SchemaValue::Date)));
    v
}

/// An event as stored: the output record plus its counts.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    /// Row id: stable, used as GDELT's GLOBALEVENTID on export.
    pub pk: i64,
    pub record: EventRecord,
    /// Articles reporting it: the original and its syndicated copies.
    pub num_articles: u32,
    /// Distinct sources among those articles.
    pub num_sources: u32,
    /// The day it is placed on in series: its own date's first day, else publication.
    pub day: Option<NaiveDate>,
}

/// The record's fields, then [`STORED_FIELDS`] (the row id is not written).
impl Serialize for StoredEvent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("StoredEvent", FIELDS.len() + STORED_FIELDS.len())?;
        for f in FIELDS {
            st.serialize_field(f.name, &(f.get)(&self.record))?;
        }
        for f in STORED_FIELDS {
            st.serialize_field(f.name, &(f.get)(self))?;
        }
        st.end()
    }
}

/// A column read as a schema value.
fn cell(r: &Row, i: usize) -> rusqlite::Result<SchemaValue<'static>> {
    Ok(match r.get_ref(i)? {
        ValueRef::Null => SchemaValue::Null,
        ValueRef::Integer(n) => SchemaValue::Int(n),
        ValueRef::Real(x) => SchemaValue::Real(x),
        ValueRef::Text(t) => SchemaValue::Text(Cow::Owned(
            std::str::from_utf8(t)
                .map_err(|e| rusqlite::Error::Utf8Error(i, e))?
                .to_string(),
        )),
        ValueRef::Blob(_) => {
            return Err(rusqlite::Error::InvalidColumnType(
                i,
                "blob".into(),
                rusqlite::types::Type::Blob,
            ))
        }
    })
}

/// Reads one row of [`EVENT_SELECT`].
pub(crate) fn stored_event(r: &Row) -> rusqlite::Result<StoredEvent> {
    let mut record = EventRecord::default();
    for (i, f) in FIELDS.iter().enumerate() {
        f.put(&mut record, cell(r, i + 1)?).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                i + 1,
                rusqlite::types::Type::Text,
                Box::new(e),
            )
        })?;
    }
    let n = FIELDS.len() + 1;
    let day: Option<String> = r.get(n + 2)?;
    Ok(StoredEvent {
        pk: r.get(0)?,
        record,
        num_articles: r.get(n)?,
        num_sources: r.get(n + 1)?,
        day: day.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
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

/// The SQL schema is in step with the record's fields.
#[cfg(test)]
mod schema_tests {
    use super::*;

    #[test]
    fn every_field_has_its_column_and_every_column_a_field() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(dir.path().join("s.db")).unwrap();
        let columns = |table: &str| -> Vec<(String, String, bool)> {
            let mut stmt = store
                .conn
                .prepare(&format!("PRAGMA table_info({table})"))
                .unwrap();
            stmt.query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? == 1)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let events = columns("events");
        let articles = columns("articles");
        let find = |cols: &[(String, String, bool)], name: &str| {
            cols.iter().find(|c| c.0 == name).cloned()
        };
        let mut expected: Vec<(&str, Kind, bool)> = FIELDS
            .iter()
            .map(|f| (f.name, f.kind, f.nullable))
            .collect();
        expected.extend(STORED_FIELDS.iter().map(|f| (f.name, f.kind, f.nullable)));
        for (name, kind, nullable) in expected {
            let sql = field_sql(name);
            let (table, column) = match sql.split_once('.') {
                Some(("e", c)) => (&events, c.to_string()),
                Some(("a", c)) => (&articles, c.to_string()),
                // COALESCE(s.text, ''): the sentence, never null.
                _ => continue,
            };
            let Some((_, ty, notnull)) = find(table, &column) else {
                panic!("field {name} has no column {sql}: add a migration in schema.rs");
            };
            assert_eq!(ty, kind.sql_type(), "column type of {name}");
            assert_eq!(notnull, !nullable, "NOT NULL of {name}");
        }
        for (name, _, _) in &events {
            assert!(
                EVENT_ONLY_COLUMNS.contains(&name.as_str())
                    || FIELDS
                        .iter()
                        .any(|f| f.name == name && field_sql(f.name) == format!("e.{name}"))
                    || STORED_FIELDS.iter().any(|f| f.name == name),
                "events.{name} is no field of the record: add it to dyad_core::schema::FIELDS"
            );
        }
        assert!(EVENT_INSERT.contains("plover_type"));
    }

    #[test]
    fn events_read_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.db");
        let mut a = dyad_core::input::Article::text(
            "a1",
            "Japan Prime Minister Shinzo Abe is likely to visit Russia on May 26.",
        );
        a.published = "2018-03-27".parse().ok();
        let pipeline = dyad_core::Pipeline::builtin();
        let written = EventRecord::all(&pipeline.code(a.clone()));
        assert!(!written.is_empty());
        crate::ingest(
            crate::Store::open(&db).unwrap(),
            &pipeline,
            [Ok(a)].into_iter(),
            &crate::IngestOptions::default(),
            &|_| {},
        )
        .unwrap();
        let store = crate::Store::open_read_only(&db).unwrap();
        let mut back = Vec::new();
        crate::export::for_each_event(&store, &Filter::default(), |e| {
            back.push(e);
            Ok(())
        })
        .unwrap();
        let records: Vec<EventRecord> = back.iter().map(|e| e.record.clone()).collect();
        assert_eq!(records, written);
        assert_eq!(back[0].day, "2018-05-26".parse().ok());
    }
}
