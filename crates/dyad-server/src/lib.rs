//! # dyad-server
//!
//! `dyad serve`: a JSON API and a web dashboard over a dyad event database.
//!
//! * Reads go through a small pool of read-only SQLite connections, each
//!   query on tokio's blocking pool; WAL lets them run while a write commits.
//! * Writes (`POST /api/articles`) code the articles on the blocking pool and
//!   then write through the one read-write connection, behind a mutex: SQLite
//!   allows one writer, and queueing here beats `SQLITE_BUSY` retries.
//! * Every error is `{"error": "...", "status": N}`; bad input is a 4xx.
//!
//! The endpoints are described in `docs/server.md` and by `GET /openapi.json`.

mod api;
mod assets;
mod error;
pub mod loadtest;
mod state;
mod write;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::CorsLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::{ApiError, ServerError};
pub use state::{pipeline, Shared};

/// Server settings (the `dyad serve` flags).
#[derive(Clone)]
pub struct Config {
    /// The database; created when writes are enabled and it is missing.
    pub db: PathBuf,
    /// Where to listen; loopback unless the operator says otherwise.
    pub addr: SocketAddr,
    /// Bearer token for writes (and for reads with `private`). Without one,
    /// writes are refused.
    pub token: Option<String>,
    /// Require the token for reads too.
    pub private: bool,
    /// Largest request body, in bytes.
    pub body_limit: usize,
    /// Longest a request may take.
    pub timeout: Duration,
    /// Origin allowed by CORS; none (same-origin only) by default.
    pub cors_origin: Option<String>,
    /// Relations responses kept in memory until the database changes; 0
    /// turns the cache off.
    pub cache_entries: usize,
    /// The pipeline that codes POSTed articles and whose dictionaries decide
    /// which actor codes queries accept: the built-in one by default, or the
    /// one `dyad serve --actors/--patterns ...` builds, as `code` and `ingest` do.
    pub pipeline: Arc<dyad_core::Pipeline>,
}

impl std::fmt::Debug for Config {
    /// Everything but the pipeline's dictionaries (far too long to print).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("db", &self.db)
            .field("addr", &self.addr)
            .field("token", &self.token.as_ref().map(|_| "(set)"))
            .field("private", &self.private)
            .field("body_limit", &self.body_limit)
            .field("timeout", &self.timeout)
            .field("cors_origin", &self.cors_origin)
            .field("cache_entries", &self.cache_entries)
            .finish_non_exhaustive()
    }
}

/// Default body limit: 10 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 10 * 1024 * 1024;

impl Config {
    /// Defaults for a database: loopback port 8080, no token, 10 MiB, 30 s,
    /// the built-in dictionaries.
    pub fn new(db: impl Into<PathBuf>) -> Config {
        Config {
            db: db.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            private: false,
            body_limit: DEFAULT_BODY_LIMIT,
            timeout: Duration::from_secs(30),
            cors_origin: None,
            cache_entries: 256,
            pipeline: pipeline(),
        }
    }
}

/// State shared by all handlers.
pub type AppState = Arc<Shared>;

/// Opens the database and builds the router (no socket yet): tests call it
/// directly with `tower::ServiceExt::oneshot`.
pub fn app(config: Config) -> Result<Router, ServerError> {
    if config.private && config.token.is_none() {
        return Err(ServerError::PrivateWithoutToken);
    }
    if config.token.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(ServerError::EmptyToken);
    }
    let state: AppState = Arc::new(Shared::open(config)?);
    Ok(router(state))
}

fn router(state: AppState) -> Router {
    let reads = Router::new()
        .route("/api/articles/{id}", get(api::article))
        .route("/api/events", get(api::events))
        .route("/api/relations", get(api::relations))
        .route("/api/alerts", get(api::alerts))
        .route("/api/search", get(api::search))
        .route("/api/actors", get(api::actors))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            state::require_read,
        ));
    // Listing stays GET-readable under the read check; posting needs the
    // write check, which runs before the body is read.
    let articles = Router::new()
        .route(
            "/api/articles",
            get(api::articles).route_layer(axum::middleware::from_fn_with_state(
                state.clone(),
                state::require_read,
            )),
        )
        .route(
            "/api/articles",
            post(write::post_articles).route_layer(axum::middleware::from_fn_with_state(
                state.clone(),
                state::require_write,
            )),
        );
    let limit = state.config.body_limit;
    let timeout = state.config.timeout;
    let mut app = Router::new()
        .merge(reads)
        .merge(articles)
        .route("/api/health", get(api::health))
        .route("/openapi.json", get(assets::openapi))
        .route("/", get(assets::index))
        .route("/app.js", get(assets::app_js))
        .route("/style.css", get(assets::style_css))
        .route("/world.json", get(assets::world_json))
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(CatchPanicLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(RequestBodyLimitLayer::new(limit))
        .layer(axum::middleware::from_fn(assets::security_headers));
    if let Some(origin) = &state.config.cors_origin {
        if let Ok(origin) = origin.parse::<HeaderValue>() {
            app = app.layer(
                CorsLayer::new()
                    .allow_origin(origin)
                    .allow_methods([Method::GET, Method::POST])
                    .allow_headers([
                        axum::http::header::AUTHORIZATION,
                        axum::http::header::CONTENT_TYPE,
                        axum::http::HeaderName::from_static("x-dyad-token"),
                    ]),
            );
        }
    }
    app.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        error::json_errors,
    ))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        check_host,
    ))
    .with_state(state)
}

/// Connection limits of [`serve_on`].
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest wait for a request's headers, and for the next request on an
    /// idle keep-alive connection: slow or idle sockets are closed.
    pub header_timeout: Duration,
    /// Most open connections; more wait in the kernel's queue until one
    /// closes (idle ones close after `header_timeout`). Below the usual
    /// 1,024 open-file limit, so the database files can always be opened.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(15),
            max_connections: 512,
        }
    }
}

/// Serves on an already bound listener until `shutdown` resolves.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, router, shutdown, Limits::default()).await
}

/// [`serve_on`] with explicit connection limits.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    limits: Limits,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            s = slots.clone().acquire_owned() => match s {
                Ok(s) => s,
                Err(_) => break,
            },
            _ = &mut shutdown => break,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors or a connection reset before
                    // it was accepted: wait a little and go on serving.
                    if !matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
                    ) {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let conn = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = conn.await;
            drop(slot);
        });
    }
    drop(listener);
    // Requests in flight finish (bounded by the request timeout); idle
    // connections are closed now.
    graceful.shutdown().await;
    Ok(())
}

/// Refuses requests whose `Host` is not a name of this server when it listens
/// on loopback: a web page on another site could otherwise read the API
/// through DNS rebinding (its own name pointed at 127.0.0.1).
async fn check_host(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let bound = state.config.addr.ip();
    if bound.is_loopback() {
        if let Some(host) = req.headers().get(axum::http::header::HOST) {
            let host = host.to_str().unwrap_or("");
            if !loopback_host(host, &bound) {
                return ApiError {
                    status: StatusCode::MISDIRECTED_REQUEST,
                    message: format!(
                        "Host {} is not this server: it listens on {} and answers to localhost, 127.0.0.1 or [::1] only",
                        error::echo(host),
                        state.config.addr
                    ),
                }
                .into_response();
            }
        }
    }
    next.run(req).await
}

/// Whether a `Host` header names a loopback address (any port).
fn loopback_host(host: &str, bound: &std::net::IpAddr) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name == bound.to_string()
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `dyad serve`: opens the database, binds, serves until Ctrl-C.
pub fn run(config: Config) -> Result<(), ServerError> {
    if let Some(o) = &config.cors_origin {
        o.parse::<HeaderValue>()
            .map_err(|_| ServerError::BadOrigin(o.clone()))?;
    }
    let addr = config.addr;
    let describe = format!(
        "dyad: serving {} on http://{addr}/ (dashboard at /, API under /api, OpenAPI at /openapi.json); writes {}; reads {}",
        config.db.display(),
        if config.token.is_some() { "need the token" } else { "disabled (no --token)" },
        if config.private { "need the token" } else { "open" },
    );
    if !addr.ip().is_loopback() {
        eprintln!(
            "dyad: warning: listening on {addr}, reachable from other machines{}",
            if config.private {
                ""
            } else {
                " and readable without a token (add --private)"
            }
        );
    }
    let router = app(config)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Runtime)?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServerError::Listen {
                addr: addr.to_string(),
                source,
            })?;
        eprintln!("{describe}");
        serve_on(listener, router, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServerError::Serve)
    })
}
