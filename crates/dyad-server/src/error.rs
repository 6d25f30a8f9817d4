//! The one error shape of the API: `{"error": "...", "status": N}`.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dyad_store::StoreError;
use serde_json::json;

use crate::AppState;

/// An error answered as JSON with its HTTP status.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    /// A 400: the request is wrong, and the message says how to fix it.
    pub fn bad(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// A 404 for a missing resource.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    /// A 500: something the client could not have caused.
    pub fn internal(message: impl Into<String>) -> ApiError {
        let message = message.into();
        eprintln!("dyad serve: internal error: {message}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            // Bad queries (invalid FTS syntax, a series too long, an empty
            // query): the client can fix those.
            StoreError::BadQuery(_) | StoreError::BadSearch(_) => ApiError::bad(e.to_string()),
            StoreError::Missing(_) | StoreError::Older { .. } => ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: e.to_string(),
            },
            e => ApiError::internal(e.to_string()),
        }
    }
}

/// The JSON body of an error.
pub fn error_body(status: StatusCode, message: &str) -> Response {
    let mut res = (
        status,
        axum::Json(json!({ "error": message, "status": status.as_u16() })),
    )
        .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        error_body(self.status, &self.message)
    }
}

/// Shortens user input echoed in messages, so a huge parameter is not
/// reflected back whole.
pub fn echo(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    format!("{out:?}")
}

/// Turns every non-JSON error response (axum's extractor rejections, the
/// fallback, the timeout, the body limit, a caught panic) into the JSON error
/// shape, so clients handle one format.
pub async fn json_errors(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).trim().to_string();
    let message = match status {
        StatusCode::NOT_FOUND => format!(
            "no route for {method} {}: GET /openapi.json lists the API",
            echo(&path)
        ),
        StatusCode::METHOD_NOT_ALLOWED => {
            format!("{method} is not allowed on {}", echo(&path))
        }
        StatusCode::PAYLOAD_TOO_LARGE => format!(
            "the request body is over the {} byte limit (start the server with a larger --body-limit)",
            st.config.body_limit
        ),
        StatusCode::REQUEST_TIMEOUT => format!(
            "the request took longer than {} s and was stopped (--timeout)",
            st.config.timeout.as_secs_f64()
        ),
        StatusCode::INTERNAL_SERVER_ERROR => {
            "internal error while handling the request (please report it)".to_string()
        }
        _ if !text.is_empty() => text,
        _ => status
            .canonical_reason()
            .unwrap_or("request failed")
            .to_string(),
    };
    let fresh = error_body(status, &message);
    parts.headers.remove(header::CONTENT_LENGTH);
    let (fresh_parts, fresh_body) = fresh.into_parts();
    for (k, v) in fresh_parts.headers.iter() {
        parts.headers.insert(k, v.clone());
    }
    Response::from_parts(parts, Body::new(fresh_body))
}

/// Why the server could not start or stopped (as opposed to [`ApiError`],
/// the answer to one request).
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("--private needs a token: pass --token T or set DYAD_TOKEN (clients then send Authorization: Bearer T)")]
    PrivateWithoutToken,
    #[error("the token is empty: pass a non-empty --token or DYAD_TOKEN")]
    EmptyToken,
    #[error("--cors {0:?} is not a valid origin (e.g. http://localhost:3000)")]
    BadOrigin(String),
    /// No readable database and no token to create one with.
    #[error("{0}\n(or start with --token T to accept articles over POST /api/articles, which creates it)")]
    NoDatabase(#[source] StoreError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot start the runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("cannot listen on {addr}: {source} (pick another --addr)")]
    Listen {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Serve(#[source] std::io::Error),
}
