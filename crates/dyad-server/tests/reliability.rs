//! Regression tests for issue 15 (reliability) on the HTTP side: extreme
//! dates, the search term cap, the Host check, the header-read and idle
//! timeout, the connection cap, and an HTML body that used to panic.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use dyad_core::input::Article;
use dyad_server::{Config, Limits};
use dyad_store::{IngestOptions, Store};
use http_body_util::BodyExt;
use proptest::prelude::*;
use serde_json::Value;
use tower::ServiceExt;

const TOKEN: &str = "reliability-token";

fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let a = Article {
        id: "jr".into(),
        origin: "jr".into(),
        body: "Japan praised Russia on Tuesday for its help with fisheries.".into(),
        published: "2018-03-27".parse().ok(),
        ..Article::default()
    };
    let store = Store::open(&db).unwrap();
    dyad_store::ingest(
        store,
        &dyad_server::pipeline(),
        std::iter::once(Ok(a)),
        &IngestOptions::default(),
        &|_| {},
    )
    .unwrap();
    (dir, db)
}

fn app(db: &PathBuf) -> Router {
    let mut c = Config::new(db);
    c.token = Some(TOKEN.into());
    dyad_server::app(c).unwrap()
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, Value) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let v = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, v)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

// 5. and 17. Dates at either end of the range answered 500 or compared as text.
#[tokio::test]
async fn extreme_dates_are_400_not_500() {
    let (_d, db) = fixture();
    let app = app(&db);
    for uri in [
        "/api/alerts?at=-262143-01-01",
        "/api/alerts?at=%2B262142-12-31",
        "/api/relations?a=JPN&b=RUS&since=%2B262142-12-31",
        "/api/relations?a=JPN&b=RUS&until=-262143-01-01",
        "/api/articles?since=%2B262142-12-31",
    ] {
        let (s, v) = get(&app, uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {v}");
        assert!(v["error"].as_str().unwrap().contains("out of range"), "{v}");
    }
    let (s, _) = get(&app, "/api/alerts?at=9999-12-31").await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = get(&app, "/api/relations?a=JPN&b=RUS&by=year&since=0001-01-01").await;
    assert_eq!(s, StatusCode::OK);
}

// 11. A search of thousands of OR terms is refused up front.
#[tokio::test]
async fn search_term_cap() {
    let (_d, db) = fixture();
    let app = app(&db);
    let q: Vec<String> = (0..4000).map(|i| format!("w{i}")).collect();
    let (s, v) = get(&app, &format!("/api/search?q={}", q.join("+OR+"))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert!(v["error"].as_str().unwrap().contains("at most"), "{v}");
    let (s, v) = get(&app, "/api/search?q=praised+OR+fisheries").await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

// 17. DNS rebinding: a loopback server answers only to loopback host names.
#[tokio::test]
async fn host_header_is_checked_on_loopback() {
    let (_d, db) = fixture();
    let app = app(&db);
    for (host, ok) in [
        ("localhost:8080", true),
        ("127.0.0.1:8080", true),
        ("[::1]:8080", true),
        ("LOCALHOST", true),
        ("evil.example:8080", false),
        ("127.0.0.1.evil.example", false),
    ] {
        let req = Request::get("/api/health")
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap();
        let (s, v) = send(&app, req).await;
        if ok {
            assert_eq!(s, StatusCode::OK, "{host}: {v}");
        } else {
            assert_eq!(s, StatusCode::MISDIRECTED_REQUEST, "{host}: {v}");
            assert!(v["error"].as_str().unwrap().contains("localhost"), "{v}");
        }
    }
}

// 1. through the server: an HTML body with `&` before multi-byte text.
#[tokio::test]
async fn html_entity_before_multibyte_text_is_not_a_500() {
    let (_d, db) = fixture();
    let app = app(&db);
    let body = serde_json::json!({"id": "amp", "html": "<p>Japan praised Russia. &ééééééé</p>"})
        .to_string();
    let req = Request::post("/api/articles")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(body))
        .unwrap();
    let (s, v) = send(&app, req).await;
    assert!(s.is_success(), "{s}: {v}");
}

fn serve(
    limits: Limits,
) -> (
    tempfile::TempDir,
    std::net::SocketAddr,
    tokio::runtime::Runtime,
) {
    let (d, db) = fixture();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(&db);
    rt.spawn(dyad_server::serve_with(
        listener,
        router,
        std::future::pending(),
        limits,
    ));
    (d, addr, rt)
}

fn health(addr: std::net::SocketAddr) -> bool {
    let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_secs(5)) else {
        return false;
    };
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    if s.write_all(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.starts_with("HTTP/1.1 200")
}

// 11. Slowloris and idle keep-alive sockets are closed; a full house of idle
// sockets does not keep /api/health down.
#[test]
fn slow_and_idle_connections_are_closed_and_capped() {
    let limits = Limits {
        header_timeout: Duration::from_secs(1),
        max_connections: 8,
    };
    let (_d, addr, _rt) = serve(limits);
    assert!(health(addr));
    // Slowloris: headers that never end.
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\n")
        .unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let t = Instant::now();
    let mut buf = [0u8; 256];
    let _ = slow.read(&mut buf);
    assert!(
        t.elapsed() < Duration::from_secs(15),
        "slow headers held for {:?}",
        t.elapsed()
    );
    // More idle sockets than the cap: health answers once they time out.
    let idle: Vec<TcpStream> = (0..20).map(|_| TcpStream::connect(addr).unwrap()).collect();
    let t = Instant::now();
    assert!(health(addr), "health under {} idle sockets", idle.len());
    assert!(t.elapsed() < Duration::from_secs(15), "{:?}", t.elapsed());
    drop(idle);
}

// Fuzzing the HTTP body parser (POST /api/articles): any body is a 2xx or a
// 4xx with a JSON error, never a 500. Cases: PROPTEST_CASES (default 64).
fn shared_db() -> &'static PathBuf {
    static DB: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    &DB.get_or_init(fixture).1
}

fn body_piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(br#"{"id":"a","text":"Japan praised Russia."}"#.to_vec()),
        Just(
            "{\"html\":\"<p>Japan praised Russia. &ééééééé</p>\"}"
                .as_bytes()
                .to_vec()
        ),
        Just(b"\n".to_vec()),
        Just(b"[".to_vec()),
        Just(b"]".to_vec()),
        Just(b",".to_vec()),
        Just(b"null".to_vec()),
        Just(br#"{"id":123456789012345678901234567890,"text":"x"}"#.to_vec()),
        Just(br#"{"text":"a","published":"+262142-12-31"}"#.to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"\xff".to_vec()),
        prop::collection::vec(any::<u8>(), 0..40),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn post_bodies_never_500(
        body in prop::collection::vec(body_piece(), 0..10).prop_map(|v| v.concat()),
        ct in prop_oneof![Just("application/json"), Just("application/x-ndjson"), Just("text/plain")],
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let app = app(shared_db());
        let req = Request::post("/api/articles")
            .header(header::CONTENT_TYPE, ct)
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(Body::from(body))
            .unwrap();
        let (s, v) = rt.block_on(send(&app, req));
        prop_assert!(!s.is_server_error(), "{} {}", s, v);
    }
}
