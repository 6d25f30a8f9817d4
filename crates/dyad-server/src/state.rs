//! Database access shared by the handlers, and the token checks.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dyad_core::Pipeline;
use dyad_store::codes::{unknown_code_message, KnownCodes};
use dyad_store::{Interrupt, Store};

use crate::error::{echo, ApiError, ServerError};
use crate::{AppState, Config};

/// Idle read connections kept open; more are opened under load and closed
/// when returned to a full pool.
const MAX_IDLE_READERS: usize = 16;

/// What every handler shares.
pub struct Shared {
    pub config: Config,
    readers: Mutex<Vec<Store>>,
    /// The single read-write connection; `None` when writes are disabled.
    writer: Option<Mutex<Store>>,
    /// Country and IGO codes the coder can produce, to reject typos.
    known_codes: KnownCodes,
    /// A connection kept only to ask `PRAGMA data_version`, which changes
    /// when any other connection (ours or another process's) commits.
    watcher: Mutex<Store>,
    /// Responses by request key, with the data version they were made at.
    cache: Mutex<HashMap<String, (i64, Bytes)>>,
}

/// The built-in pipeline, compiled once per process (tests build many apps).
pub fn pipeline() -> Arc<Pipeline> {
    static P: OnceLock<Arc<Pipeline>> = OnceLock::new();
    P.get_or_init(|| Arc::new(Pipeline::builtin())).clone()
}

impl Shared {
    /// Opens the writer (creating the database) when a token is set, else
    /// checks that a readable database exists.
    pub fn open(config: Config) -> Result<Shared, ServerError> {
        let writer = match &config.token {
            Some(_) => Some(Mutex::new(Store::open(&config.db)?)),
            None => None,
        };
        let first = Store::open_read_only(&config.db).map_err(ServerError::NoDatabase)?;
        let watcher = Store::open_read_only(&config.db)?;
        Ok(Shared {
            known_codes: KnownCodes::new(&config.pipeline),
            config,
            readers: Mutex::new(vec![first]),
            watcher: Mutex::new(watcher),
            cache: Mutex::new(HashMap::new()),
            writer,
        })
    }

    fn take_reader(&self) -> Result<Store, ApiError> {
        let pooled = self.readers.lock().unwrap_or_else(|e| e.into_inner()).pop();
        match pooled {
            Some(s) => Ok(s),
            None => Store::open_read_only(&self.config.db).map_err(ApiError::from),
        }
    }

    fn put_reader(&self, s: Store) {
        let mut pool = self.readers.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < MAX_IDLE_READERS {
            pool.push(s);
        }
    }

    /// The database's current data version (see [`Shared::cached`]).
    fn data_version(&self) -> Result<i64, ApiError> {
        let w = self.watcher.lock().unwrap_or_else(|e| e.into_inner());
        Ok(w.data_version()?)
    }

    /// Answers from the cache while the database is unchanged, else runs
    /// `f` and keeps its answer. The version is read before `f` runs, so an
    /// answer computed during a commit is filed under the older version and
    /// never served after it.
    pub fn cached(
        &self,
        key: String,
        f: impl FnOnce() -> Result<serde_json::Value, ApiError>,
    ) -> Result<Bytes, ApiError> {
        let encode = |v: serde_json::Value| -> Result<Bytes, ApiError> {
            serde_json::to_vec(&v)
                .map(Bytes::from)
                .map_err(|e| ApiError::internal(e.to_string()))
        };
        let max = self.config.cache_entries;
        if max == 0 {
            return encode(f()?);
        }
        let version = self.data_version()?;
        if let Some((v, hit)) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            if *v == version {
                return Ok(hit.clone());
            }
        }
        let value = encode(f()?)?;
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|_, (v, _)| *v == version);
        if cache.len() >= max {
            // Crude but bounded: start over rather than track recency.
            cache.clear();
        }
        cache.insert(key, (version, value.clone()));
        Ok(value)
    }

    /// Validates an actor code: letters and digits whose country or IGO
    /// part is one the dictionaries know.
    pub fn actor_code(&self, param: &str, v: &str) -> Result<String, ApiError> {
        if let Some(c) = self.known_codes.code(v) {
            return Ok(c);
        }
        Err(ApiError::bad(format!(
            "{}; GET /api/actors lists the codes in this database",
            unknown_code_message(param, &echo(v))
        )))
    }
}

/// Runs `f` with a pooled read-only connection on the blocking pool.
pub async fn read<T, F>(st: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Shared, &Store) -> Result<T, ApiError> + Send + 'static,
{
    let st = st.clone();
    // When the request is dropped (the client left, or the timeout layer
    // answered 408), the running query is interrupted: blocking work does not
    // outlive its request.
    let handle: Arc<Mutex<Option<Interrupt>>> = Arc::new(Mutex::new(None));
    let guard = InterruptOnDrop(handle.clone());
    let r = tokio::task::spawn_blocking(move || {
        let store = st.take_reader()?;
        *handle.lock().unwrap_or_else(|e| e.into_inner()) = Some(store.interrupt_handle());
        let r = f(&st, &store);
        *handle.lock().unwrap_or_else(|e| e.into_inner()) = None;
        st.put_reader(store);
        r
    })
    .await
    .map_err(|e| ApiError::internal(format!("a database task failed: {e}")))?;
    drop(guard);
    r
}

/// Interrupts the SQLite statement running on a connection, if any, when dropped.
struct InterruptOnDrop(Arc<Mutex<Option<Interrupt>>>);

impl Drop for InterruptOnDrop {
    fn drop(&mut self) {
        if let Some(h) = self.0.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            h.interrupt();
        }
    }
}

/// Runs `f` with the writer connection on the blocking pool; callers queue
/// on the mutex, so writes never contend inside SQLite.
pub async fn write<T, F>(st: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
{
    let st = st.clone();
    tokio::task::spawn_blocking(move || {
        let Some(w) = &st.writer else {
            return Err(writes_disabled());
        };
        let mut store = w.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut store)
    })
    .await
    .map_err(|e| ApiError::internal(format!("a database task failed: {e}")))?
}

fn writes_disabled() -> ApiError {
    ApiError {
        status: StatusCode::FORBIDDEN,
        message: "writes are disabled on this server: start it with --token T (or DYAD_TOKEN=T) \
                  and send Authorization: Bearer T"
            .into(),
    }
}

/// The token a request carries, from `Authorization: Bearer` or `X-Dyad-Token`.
fn presented(headers: &HeaderMap) -> Option<&str> {
    if let Some(v) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let v = v.trim();
        if v.len() > 7 && v[..7].eq_ignore_ascii_case("bearer ") {
            return Some(v[7..].trim());
        }
    }
    headers
        .get("x-dyad-token")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// Compares without an early exit, so response time does not leak how
/// much of a guess was right.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0));
    }
    diff == 0
}

fn check_token(st: &Shared, headers: &HeaderMap) -> Result<(), Box<Response>> {
    let Some(expected) = &st.config.token else {
        return Err(Box::new(writes_disabled().into_response()));
    };
    match presented(headers) {
        None => {
            let mut r = ApiError {
                status: StatusCode::UNAUTHORIZED,
                message: "this needs the server's token: send Authorization: Bearer TOKEN (or X-Dyad-Token: TOKEN)".into(),
            }
            .into_response();
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"dyad\""),
            );
            Err(Box::new(r))
        }
        Some(t) if same(t, expected) => Ok(()),
        Some(_) => Err(Box::new(
            ApiError {
                status: StatusCode::FORBIDDEN,
                message: "wrong token".into(),
            }
            .into_response(),
        )),
    }
}

/// Middleware: reads are open unless the server runs with `--private`.
pub async fn require_read(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if st.config.private {
        if let Err(r) = check_token(&st, req.headers()) {
            return *r;
        }
    }
    next.run(req).await
}

/// Middleware: writes need the token, checked before the body is read.
pub async fn require_write(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if let Err(r) = check_token(&st, req.headers()) {
        return *r;
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15: a read whose request is dropped (client gone, 408) stops
    /// its SQLite work instead of running on.
    #[test]
    fn dropped_read_interrupts_its_query() {
        let dir = std::env::temp_dir().join(format!("dyad-interrupt-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("i.db");
        drop(Store::open(&db).unwrap());
        let st: AppState = Arc::new(Shared::open(Config::new(&db)).unwrap());
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let finished = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let f2 = finished.clone();
        let r = rt.block_on(async {
            tokio::time::timeout(
                std::time::Duration::from_millis(300),
                read(&st, move |_, store| {
                    let r = store.count_for_tests(
                        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) \
                     SELECT COUNT(*) FROM c",
                    );
                    f2.store(true, std::sync::atomic::Ordering::SeqCst);
                    r.map_err(|e| ApiError::internal(e.to_string()))
                }),
            )
            .await
        });
        assert!(r.is_err(), "the endless query cannot have finished");
        let t = std::time::Instant::now();
        while !finished.load(std::sync::atomic::Ordering::SeqCst) {
            assert!(
                t.elapsed() < std::time::Duration::from_secs(20),
                "the query ran on after its request was dropped"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        // The pooled connection still works afterwards.
        let n = rt
            .block_on(read(&st, |_, store| {
                store
                    .count_for_tests("SELECT 1")
                    .map_err(|e| ApiError::internal(e.to_string()))
            }))
            .unwrap();
        assert_eq!(n, 1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn token_compare() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
        assert!(!same("", "a"));
    }
}
