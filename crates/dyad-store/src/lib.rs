//! # dyad-store
//!
//! An embedded SQLite store for coded events, kept out of `dyad-core` so the
//! pipeline stays free of storage concerns.
//!
//! * [`Store`] opens (and, for writing, creates or migrates) a dyad database,
//!   refusing files that are not dyad databases or that a newer dyad wrote.
//! * [`ingest`] codes articles in parallel and writes them from one thread,
//!   one transaction per batch, skipping unchanged articles and linking
//!   syndicated near-duplicates to their first copy.
//! * [`relations`], [`alerts`], [`search`] and [`export`] read it back.
//!
//! The schema, thresholds and methods are documented in `docs/store.md`.

pub mod alerts;
pub mod codes;
pub mod export;
pub mod ingest;
pub mod plot;
pub mod query;
pub mod relations;
pub mod schema;
pub mod search;
pub mod simhash;
pub mod summary;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};

pub use ingest::{ingest, IngestOptions, Prepared, Tally};
pub use query::Filter;

/// `PRAGMA application_id` of a dyad database: the bytes "dyad".
pub const APPLICATION_ID: i32 = 0x6479_6164;

/// The schema version this build writes and reads (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i32 = schema::MIGRATIONS.len() as i32;

/// Why a database could not be used. Messages say what to do next.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} is not a dyad database ({why}); dyad left it untouched: pass --db with another path")]
    Foreign { path: PathBuf, why: String },
    #[error("{path} was written by a newer dyad (schema version {found}; this dyad knows up to {known}); upgrade dyad to use it (the file was left untouched)")]
    Newer {
        path: PathBuf,
        found: i32,
        known: i32,
    },
    #[error("{path} has an older schema (version {found}); run `dyad ingest --db {path}` once (no articles needed) to upgrade it")]
    Older { path: PathBuf, found: i32 },
    #[error("{0} does not exist; create it with `dyad ingest --db {0} ARTICLES...`")]
    Missing(PathBuf),
    #[error("database {path}: {message}")]
    Db { path: PathBuf, message: String },
    #[error("{0}")]
    Other(String),
}

/// Turns an SQLite error into a message that says what happened and what to do.
pub fn explain_sql(e: &rusqlite::Error) -> String {
    let hint = match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => {
            " (the disk is full or the database reached its size limit; the unfinished batch was rolled back: free some space and run the command again)"
        }
        Some(ErrorCode::ReadOnly) => {
            " (the database or its folder is read-only; nothing was written: make it writable or pass --db with another path)"
        }
        Some(ErrorCode::CannotOpen) => {
            " (check that the folder exists and is writable)"
        }
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            " (another dyad process is writing to it; wait for it to finish)"
        }
        Some(ErrorCode::SystemIoFailure) => " (an I/O error; the unfinished batch was rolled back)",
        _ => "",
    };
    format!("{e}{hint}")
}

/// Whether an SQLite error means no further write can succeed (stop the run)
/// rather than a problem with one article (skip it).
pub fn is_fatal(e: &rusqlite::Error) -> bool {
    !matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::ConstraintViolation) | Some(ErrorCode::TooBig) | Some(ErrorCode::Unknown)
    )
}

/// An open dyad database.
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// Opened for writing: on close, the write-ahead log is folded into the
    /// database file, so the file alone is the whole database.
    writable: bool,
}

impl Drop for Store {
    fn drop(&mut self) {
        if self.writable {
            // TRUNCATE: copy every committed page into the main file and empty
            // the -wal file. Readers still open only make it partial, which a
            // later writer finishes; never an error worth reporting here.
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
    }
}

impl Store {
    /// Opens a dyad database for writing, creating it if missing and migrating
    /// an older schema. A foreign file or a newer schema is refused before
    /// anything is written (the check uses a read-only connection).
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        let found = check(&path)?;
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| db_err(&path, &e))?;
        let mut store = Store {
            conn,
            path,
            writable: true,
        };
        store.configure(true)?;
        let version = found.unwrap_or(0);
        if version < SCHEMA_VERSION {
            schema::migrate(&mut store.conn, version).map_err(|e| store.err(&e))?;
        }
        Ok(store)
    }

    /// Opens an existing dyad database read-only: nothing, not even a
    /// migration, is written.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        match check(&path)? {
            None => return Err(StoreError::Missing(path)),
            Some(v) if v < SCHEMA_VERSION => {
                return Err(StoreError::Older { path, found: v });
            }
            Some(_) => {}
        }
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| db_err(&path, &e))?;
        let store = Store {
            conn,
            path,
            writable: false,
        };
        store.configure(false)?;
        Ok(store)
    }

    fn configure(&self, write: bool) -> Result<(), StoreError> {
        let c = &self.conn;
        c.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| self.err(&e))?;
        if write {
            // WAL: readers never block the writer, and a killed writer leaves
            // only whole committed transactions behind.
            let mode: String = c
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .map_err(|e| self.err(&e))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Db {
                    path: self.path.clone(),
                    message: format!("cannot switch to WAL journal mode (got {mode})"),
                });
            }
            // NORMAL is durable against a killed process in WAL mode; only an
            // OS crash can lose the last commits, never consistency.
            c.execute_batch("PRAGMA synchronous = NORMAL;")
                .map_err(|e| self.err(&e))?;
        }
        c.execute_batch("PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;")
            .map_err(|e| self.err(&e))?;
        Ok(())
    }

    /// The underlying connection, for read queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The file this store was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Caps the database size in pages; writes beyond it fail as if the disk
    /// were full. Used by tests to exercise the full-disk path.
    #[doc(hidden)]
    pub fn set_max_pages(&self, pages: u64) -> Result<(), StoreError> {
        self.conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
            .map_err(|e| self.err(&e))
    }

    pub(crate) fn err(&self, e: &rusqlite::Error) -> StoreError {
        db_err(&self.path, e)
    }
}

fn db_err(path: &Path, e: &rusqlite::Error) -> StoreError {
    StoreError::Db {
        path: path.to_path_buf(),
        message: explain_sql(e),
    }
}

/// Checks an existing file with a read-only connection: `None` when there is
/// no database yet (missing or empty file), else its schema version.
fn check(path: &Path) -> Result<Option<i32>, StoreError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(StoreError::Db {
                path: path.to_path_buf(),
                message: format!("cannot read it: {e}"),
            })
        }
    };
    if meta.is_dir() {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            why: "it is a folder".into(),
        });
    }
    if meta.len() == 0 {
        return Ok(None);
    }
    let foreign = |why: String| StoreError::Foreign {
        path: path.to_path_buf(),
        why,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| db_err(path, &e))?;
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => foreign("not an SQLite file".into()),
            _ => db_err(path, &e),
        })?;
    if app_id != APPLICATION_ID {
        return Err(foreign(if app_id == 0 {
            "an SQLite database without dyad's application id".into()
        } else {
            format!("an SQLite database with application id {app_id:#x}")
        }));
    }
    let version: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| db_err(path, &e))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    Ok(Some(version))
}

/// The first day of an event date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), else
/// the publication date: the day an event is placed on in time series.
pub fn event_day(date: Option<&str>, published: Option<&str>) -> Option<String> {
    let norm = |s: &str| -> Option<String> {
        let parts: Vec<&str> = s.split('-').collect();
        let full = match parts.as_slice() {
            [y] => format!("{y}-01-01"),
            [y, m] => format!("{y}-{m}-01"),
            [y, m, d] => format!("{y}-{m}-{d}"),
            _ => return None,
        };
        chrono::NaiveDate::parse_from_str(&full, "%Y-%m-%d")
            .ok()
            .map(|d| d.format("%Y-%m-%d").to_string())
    };
    date.and_then(norm).or_else(|| published.and_then(norm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_day_uses_first_day_and_falls_back() {
        assert_eq!(
            event_day(Some("2014"), Some("2018-03-27")).unwrap(),
            "2014-01-01"
        );
        assert_eq!(event_day(Some("2018-05"), None).unwrap(), "2018-05-01");
        assert_eq!(event_day(None, Some("2018-03-27")).unwrap(), "2018-03-27");
        assert_eq!(event_day(None, None), None);
    }
}
