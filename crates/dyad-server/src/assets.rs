//! The dashboard and the OpenAPI document, compiled into the binary so the
//! server is one file with no CDN or network needs.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const STYLE: &str = include_str!("../assets/style.css");
/// Natural Earth 1:110m country shapes (TopoJSON from the npm package
/// `world-atlas`; see assets/README.md) for the event map.
const WORLD: &str = include_str!("../assets/world-110m.json");
/// The OpenAPI 3 document, written by hand (a derive macro would cost more
/// compile time than the document is long).
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

fn with_type(body: &'static str, ty: &'static str) -> Response {
    ([(header::CONTENT_TYPE, ty)], body).into_response()
}

/// `GET /`
pub async fn index() -> Response {
    with_type(INDEX, "text/html; charset=utf-8")
}

/// `GET /app.js`
pub async fn app_js() -> Response {
    with_type(APP_JS, "text/javascript; charset=utf-8")
}

/// `GET /style.css`
pub async fn style_css() -> Response {
    with_type(STYLE, "text/css; charset=utf-8")
}

/// `GET /world.json`: the map's country shapes.
pub async fn world_json() -> Response {
    with_type(WORLD, "application/json")
}

/// `GET /openapi.json`
pub async fn openapi() -> Response {
    with_type(OPENAPI, "application/json")
}

/// Headers that keep the dashboard from running anything but its own script
/// and keep browsers from guessing content types.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}
