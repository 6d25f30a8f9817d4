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
pub mod browse;
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
    /// A query the caller can fix (an invalid or empty search, a series too
    /// long): the message says how.
    #[error("{0}")]
    BadQuery(String),
    /// A full-text query SQLite cannot read (SQLite's reason).
    #[error("the search query is not valid: {0} (plain words are matched as they are; for FTS5 syntax quote phrases with \"...\" and write OR/NEAR in capitals)")]
    BadSearch(String),
    /// A file could not be written or moved (`what` names it and the step).
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write Parquet file {path}: {message}")]
    Parquet { path: PathBuf, message: String },
    #[error("cannot draw the chart to {path}: {message}")]
    Plot { path: PathBuf, message: String },
    #[error("Parquet is written to a file: use --out FILE.parquet")]
    ParquetNeedsFile,
    #[error("{0} is not empty: a partitioned export needs a new or empty folder")]
    NotEmpty(PathBuf),
    #[error("the writer thread panicked")]
    WriterPanicked,
}

impl StoreError {
    pub(crate) fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> StoreError {
        let what = what.into();
        move |source| StoreError::Io { what, source }
    }
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

/// Stops the statement running on a [`Store`] (see [`Store::interrupt_handle`]).
pub struct Interrupt(rusqlite::InterruptHandle);

impl Interrupt {
    pub fn interrupt(&self) {
        self.0.interrupt();
    }
}

/// An open dyad database.
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// SimHash of originals met as duplicate candidates, by article key:
    /// reading it from each candidate's row cost a page read per candidate
    /// once the file outgrew SQLite's cache (ingest of many similar articles
    /// grew faster than linear). Cleared whenever a write is rolled back.
    pub(crate) simhashes: std::collections::HashMap<i64, u64>,
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
        if found.is_none() {
            create(&path)?;
            return Store::open(&path);
        }
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
            simhashes: Default::default(),
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
        let conn = open_ro(&path).map_err(|e| db_err(&path, &e))?;
        let store = Store {
            conn,
            path,
            simhashes: Default::default(),
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

    /// The database's data version: it changes whenever another connection
    /// (this process's or another's) commits, so answers computed at one
    /// version can be reused while it stays the same.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.err(&e))
    }

    /// A handle that stops the statement running on this store from another
    /// thread (the server stops a request's query when the client leaves).
    pub fn interrupt_handle(&self) -> Interrupt {
        Interrupt(self.conn.get_interrupt_handle())
    }

    /// Folds the write-ahead log into the database file, so the file alone
    /// holds the whole database (as closing a writer does).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(|e| self.err(&e))
    }

    /// Runs a read-only query returning one number. For tests of
    /// interruption and timeouts only: everything else reads through typed
    /// functions.
    #[doc(hidden)]
    pub fn count_for_tests(&self, sql: &str) -> Result<i64, StoreError> {
        self.conn
            .query_row(sql, [], |r| r.get(0))
            .map_err(|e| self.err(&e))
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

/// Creates a new database atomically: built and migrated under a temporary
/// name beside `path`, then moved into place, so a process killed while
/// creating it never leaves a file that later runs refuse. An empty file, or
/// one left by such a kill in an older dyad (no tables, no application id),
/// is replaced; a file another process created meanwhile is kept.
fn create(path: &Path) -> Result<(), StoreError> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".creating-{}", std::process::id()));
    let tmp = path.with_file_name(name);
    let cleanup = |p: &Path| {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut s = p.as_os_str().to_os_string();
            s.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(s));
        }
    };
    cleanup(&tmp);
    let built = (|| -> Result<(), StoreError> {
        let conn = Connection::open_with_flags(
            &tmp,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| db_err(path, &e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            simhashes: Default::default(),
            writable: false,
        };
        store.configure(true)?;
        schema::migrate(&mut store.conn, 0).map_err(|e| store.err(&e))?;
        // Closing the last connection checkpoints the WAL into the file.
        let spare = Connection::open_in_memory().map_err(|e| db_err(path, &e))?;
        let conn = std::mem::replace(&mut store.conn, spare);
        conn.close().map_err(|(_, e)| db_err(path, &e))?;
        Ok(())
    })();
    if let Err(e) = built {
        cleanup(&tmp);
        return Err(e);
    }
    let placed = match std::fs::metadata(path) {
        // Missing: link, which fails rather than replace a file that another
        // process put there since.
        Err(_) => match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(_) => std::fs::rename(&tmp, path),
        },
        // Empty or abandoned: replace it, and drop its stale journal files.
        Ok(_) => {
            for suffix in ["-wal", "-shm"] {
                let mut s = path.as_os_str().to_os_string();
                s.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(s));
            }
            std::fs::rename(&tmp, path)
        }
    };
    cleanup(&tmp);
    placed.map_err(|e| StoreError::Db {
        path: path.to_path_buf(),
        message: format!("cannot create it: {e} (check that the folder exists and is writable)"),
    })
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
    let conn = open_ro(path).map_err(|e| db_err(path, &e))?;
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => foreign("not an SQLite file".into()),
            _ => db_err(path, &e),
        })?;
    if app_id == 0 && abandoned(&conn) {
        return Ok(None);
    }
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

/// Opens a database read-only. A WAL database needs its `-shm` file, which
/// SQLite cannot create in a read-only folder (a CD, a shared archive, a
/// container mount); there, and only there, it is opened as immutable: no
/// one can be writing to a database in a folder nobody can write to.
fn open_ro(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    let probe = conn.query_row("PRAGMA application_id", [], |r| r.get::<_, i32>(0));
    match probe {
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(ErrorCode::CannotOpen) | Some(ErrorCode::ReadOnly)
            ) && !folder_writable(path) =>
        {
            drop(conn);
            Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
        }
        _ => Ok(conn),
    }
}

fn folder_writable(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let probe = dir.join(format!(".dyad-write-probe-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(_) => false,
    }
}

/// `file:PATH?immutable=1`, with the characters URIs reserve escaped.
fn immutable_uri(path: &Path) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for b in abs.to_string_lossy().bytes() {
        if b.is_ascii_graphic() && !matches!(b, b'?' | b'#' | b'%') {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri + "?immutable=1"
}

/// An SQLite file with no schema and no versions at all: what a process
/// killed while creating a database (before dyad created them atomically)
/// left behind. Nothing in it can be lost.
fn abandoned(conn: &Connection) -> bool {
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).ok();
    count("PRAGMA user_version") == Some(0)
        && count("SELECT COUNT(*) FROM sqlite_master") == Some(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15: the immutable fallback for read-only folders opens paths
    /// with URI-reserved characters (root cannot make a folder unwritable to
    /// itself, so the fallback is exercised directly).
    #[test]
    fn immutable_open_handles_odd_paths() {
        let dir = std::env::temp_dir().join(format!("dyad ro ?#% é-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("a?b#c%d.db");
        drop(Store::open(&db).unwrap());
        let c = Connection::open_with_flags(
            immutable_uri(&db),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        )
        .unwrap();
        let id: i32 = c
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID);
        assert!(folder_writable(&db));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Issue 15: creating a database leaves no half-made file under its name.
    #[test]
    fn creation_is_atomic_and_leaves_no_temporary_files() {
        let dir = std::env::temp_dir().join(format!("dyad-create-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("new.db");
        drop(Store::open(&db).unwrap());
        assert_eq!(check(&db).unwrap(), Some(SCHEMA_VERSION));
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("creating"))
            .collect();
        assert!(names.is_empty(), "{names:?}");
        // An empty file (touch) is taken over too.
        let empty = dir.join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        drop(Store::open(&empty).unwrap());
        assert_eq!(check(&empty).unwrap(), Some(SCHEMA_VERSION));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
